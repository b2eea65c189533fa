/* vimana-migrate-spread.c: Evacuate Host's "spread over the hosts", by the balance rules
 *
 * Where each guest goes when Evacuate Host spreads them: the balance code's placement
 * (vimana_balance_spread()) over what the stats samplers hold now, each host's and guest's
 * average over the last minute. A host whose statistics are not read yet counts as idle with memory that does
 * not limit (the checklist checks each destination's free memory before anything starts).
 * Connections that reach one host (the same host identity) count as one host, the first
 * offered one taking its guests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migrate-dialog"

#include "config.h"

#include "vimana-migrate-spread.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vimana-balance.h"
#include "vimana-domain-stats.h"
#include "vimana-domain.h"
#include "vimana-host-stats.h"
#include "vimana-migration-check.h"
#include "vimana-stats-sampler.h"

typedef struct
{
    GArray    *hosts;     /* VimanaBalanceHost */
    GArray    *guests;    /* VimanaBalanceGuest */
    GPtrArray *owners;    /* per host: its VimanaConnection (borrowed) */
} SpreadInputs;

static const char *
spread_identity (GHashTable       *identities,
                 VimanaConnection *connection)
{
    const char *identity = g_hash_table_lookup (identities, connection);

    return identity != NULL ? identity : vimana_connection_get_uri (connection);
}

/* The average over the last minute the ring holds (a single sample of a busy machine is
 * noise); NAN when it holds nothing. */
static double
spread_average (const VimanaStatsRing *ring)
{
    gint64 end;

    if (ring == NULL || vimana_stats_ring_is_empty (ring))
        return NAN;
    end = vimana_stats_ring_get_last_time (ring);
    return vimana_stats_ring_summarize (ring, end - 60 * G_USEC_PER_SEC, end + 1).avg;
}

static void
spread_add_host (SpreadInputs     *inputs,
                 GHashTable       *identities,
                 VimanaConnection *connection)
{
    const char *identity = spread_identity (identities, connection);
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaHostStats *stats = sampler != NULL ? vimana_stats_sampler_get_host_stats (sampler) : NULL;
    GListModel *domains = vimana_connection_get_domains (connection);
    guint n = domains != NULL ? g_list_model_get_n_items (domains) : 0;
    VimanaBalanceHost host = { 0 };
    double busy, total, used;

    for (guint i = 0; i < inputs->hosts->len; i++) {
        if (g_strcmp0 (g_array_index (inputs->hosts, VimanaBalanceHost, i).host_uuid, identity) == 0)
            return;
    }
    busy = stats != NULL ? spread_average (vimana_host_stats_get_cpu (stats)) : NAN;
    total = stats != NULL ? vimana_host_stats_get_memory_total (stats) : 0.0;
    used = stats != NULL ? spread_average (vimana_host_stats_get_memory (stats)) : NAN;
    host.host_uuid = identity;
    host.name = vimana_migration_get_host_name (connection);
    host.cpus = MAX (stats != NULL ? vimana_host_stats_get_cpus (stats) : 0, 1);
    host.cpu_used = isnan (busy) ? 0.0 : busy / 100.0 * host.cpus;
    host.cpu_unknown = isnan (busy);
    /* Memory not read yet: 0, which never limits. */
    if (total > 0.0 && !isnan (used)) {
        host.memory_total_kib = (guint64) (total / 1024.0);
        host.memory_free_kib = (guint64) (MAX (total - used, 0.0) / 1024.0);
    }
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);
        VimanaDomainState state = vimana_domain_get_state (domain);
        VimanaDomainStats *domain_stats = vimana_domain_get_stats (domain);
        VimanaBalanceGuest guest = { 0 };
        double share;

        if (state != VIMANA_DOMAIN_STATE_RUNNING && state != VIMANA_DOMAIN_STATE_BLOCKED)
            continue;
        share = domain_stats != NULL ?
                spread_average (vimana_domain_stats_get_ring (domain_stats, VIMANA_STAT_CPU)) : NAN;
        guest.uuid = vimana_domain_get_uuid (domain);  /* the domain list keeps them */
        guest.name = vimana_domain_get_name (domain);
        guest.host_uuid = identity;
        guest.cpu_used = isnan (share) ? 0.0 : share / 100.0 * host.cpus;
        guest.memory_kib = vimana_domain_get_memory (domain);
        host.memory_committed_kib += guest.memory_kib;
        g_array_append_val (inputs->guests, guest);
    }
    g_array_append_val (inputs->hosts, host);
    g_ptr_array_add (inputs->owners, connection);
}

/* The Evacuate dialog's last destination. */
const char *
vimana_migrate_spread_label (void)
{
    return _("Spread over the hosts (balance rules)");
}

/**
 * vimana_migrate_spread_plan:
 * @domains: (element-type VimanaDomain): the guests to move
 * @destinations: (element-type VimanaConnection): the hosts they may go to
 * @identities: each connection's host identity, where known (VimanaConnection → string)
 * @unplaced: (out) (transfer container) (element-type VimanaDomain): the guests that fit on
 *   no destination
 *
 * Returns: (transfer container): VimanaDomain → its VimanaConnection destination, for each
 *   guest placed
 */
GHashTable *
vimana_migrate_spread_plan (GPtrArray  *domains,
                            GPtrArray  *destinations,
                            GHashTable *identities,
                            GPtrArray **unplaced)
{
    SpreadInputs inputs;
    g_autoptr(GPtrArray) proposals = NULL;
    g_autoptr(GPtrArray) missing = NULL;
    g_autofree const char **moving = g_new0 (const char *, domains->len + 1);
    GHashTable *plan = g_hash_table_new (NULL, NULL);
    VimanaBalanceRules rules;

    inputs.hosts = g_array_new (FALSE, TRUE, sizeof (VimanaBalanceHost));
    inputs.guests = g_array_new (FALSE, TRUE, sizeof (VimanaBalanceGuest));
    inputs.owners = g_ptr_array_new ();
    /* The sources first: a destination that reaches a source's host is no destination. */
    for (guint i = 0; i < domains->len; i++) {
        spread_add_host (&inputs, identities,
                         vimana_domain_get_connection (g_ptr_array_index (domains, i)));
        moving[i] = vimana_domain_get_uuid (g_ptr_array_index (domains, i));
    }
    for (guint i = 0; i < destinations->len; i++)
        spread_add_host (&inputs, identities, g_ptr_array_index (destinations, i));

    vimana_balance_rules_init (&rules);
    for (guint i = 0; i < inputs.hosts->len; i++) {
        VimanaBalanceHost *host = &g_array_index (inputs.hosts, VimanaBalanceHost, i);

        g_debug ("spread: host %s (%s): %u CPUs, %.2f busy, %" G_GUINT64_FORMAT " KiB free of %"
                 G_GUINT64_FORMAT, host->host_uuid, host->name, host->cpus, host->cpu_used,
                 host->memory_free_kib, host->memory_total_kib);
    }
    proposals = vimana_balance_spread ((VimanaBalanceHost *) (void *) inputs.hosts->data,
                                       inputs.hosts->len,
                                       (VimanaBalanceGuest *) (void *) inputs.guests->data,
                                       inputs.guests->len, moving, &rules, &missing);
    *unplaced = g_ptr_array_new ();
    for (guint i = 0; i < domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (domains, i);
        VimanaConnection *to = NULL;

        for (guint p = 0; p < proposals->len && to == NULL; p++) {
            VimanaBalanceProposal *proposal = g_ptr_array_index (proposals, p);

            if (g_strcmp0 (proposal->guest_uuid, vimana_domain_get_uuid (domain)) != 0)
                continue;
            for (guint h = 0; h < inputs.hosts->len && to == NULL; h++) {
                if (g_strcmp0 (g_array_index (inputs.hosts, VimanaBalanceHost, h).host_uuid,
                               proposal->to_host_uuid) == 0)
                    to = g_ptr_array_index (inputs.owners, h);
            }
        }
        g_debug ("spread: %s goes to %s", vimana_domain_get_name (domain),
                 to != NULL ? vimana_connection_get_uri (to) : "nowhere");
        if (to != NULL)
            g_hash_table_insert (plan, domain, to);
        else
            g_ptr_array_add (*unplaced, domain);
    }
    g_array_unref (inputs.hosts);
    g_array_unref (inputs.guests);
    g_ptr_array_unref (inputs.owners);
    return plan;
}
