/* vimana-balance.c: balance and consolidation advice across hosts
 *
 * Pure code over numbers the stats sampler already has: per host the CPUs busy over the
 * chosen window and its memory, per running guest its CPUs busy and its memory. The
 * balance advisor moves, one guest at a time, from the busiest host to the least busy one
 * the guest whose move narrows the spread most, while the spread stays above the rule's.
 * When the hosts' own CPU figures are within the spread but their guests' are not (two daemons
 * on one machine both report that machine's busy time; a host busy with something else than
 * guests looks even too), a second pass evens out the guests' CPU the same way, from the
 * guests' own samples; its proposals say so (by_guests) and give the guests' CPU before and
 * after. It runs only when the first pass proposes nothing.
 * The consolidation advisor, when every host is lightly loaded, empties the least loaded
 * hosts onto the others and names those that would then run nothing. Both are greedy and
 * deterministic: ties go to the earlier host and to the guest with the smaller UUID. A guest
 * never moves to its own host (same host UUID, however many connections see it) nor to a
 * host whose free memory, less the reserve, would not hold it. A host that does not report its
 * memory (memory_total_kib 0, as the test driver and some remote setups) never limits a move:
 * the Migrate dialog's checklist checks the destination's free memory before anything starts.
 * The spread, for Evacuate Host, places every guest that must leave its host, the largest
 * first, on the host that would then be least busy; it never places one on a host that guests
 * are leaving.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-balance.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

typedef struct
{
    const VimanaBalanceHost *host;
    double                   cpu_used;
    guint64                  committed;
    guint64                  free;
    double                   guests_cpu;  /* its guests' CPUs busy, as the plan has them */
    gboolean                 emptied;
} HostState;

typedef struct
{
    const VimanaBalanceGuest *guest;
    guint                     host;
    gboolean                  moved;
} GuestState;

typedef struct
{
    GArray *hosts;   /* HostState */
    GArray *guests;  /* GuestState */
} Plan;

void
vimana_balance_rules_init (VimanaBalanceRules *rules)
{
    rules->spread_percent = 20.0;
    rules->low_percent = 30.0;
    rules->pack_percent = 70.0;
    rules->memory_reserve_kib = 256 * 1024;
    rules->max_moves = 8;
}

void
vimana_balance_proposal_free (VimanaBalanceProposal *proposal)
{
    if (proposal == NULL)
        return;
    g_free (proposal->guest_uuid);
    g_free (proposal->guest_name);
    g_free (proposal->from_host_uuid);
    g_free (proposal->from_name);
    g_free (proposal->to_host_uuid);
    g_free (proposal->to_name);
    g_free (proposal);
}

static double
host_percent (const HostState *state,
              double           cpu_used)
{
    return 100.0 * cpu_used / MAX (state->host->cpus, 1);
}

static VimanaBalanceLoad
host_load (const HostState *state)
{
    VimanaBalanceLoad load;

    load.cpu_percent = host_percent (state, state->cpu_used);
    load.memory_committed_kib = state->committed;
    load.memory_free_kib = state->free;
    load.memory_known = state->host->memory_total_kib > 0;
    load.guests_cpu_percent = host_percent (state, state->guests_cpu);
    return load;
}

static void
plan_init (Plan                     *plan,
           const VimanaBalanceHost  *hosts,
           guint                     n_hosts,
           const VimanaBalanceGuest *guests,
           guint                     n_guests)
{
    g_autoptr(GHashTable) seen_guests = g_hash_table_new (g_str_hash, g_str_equal);

    plan->hosts = g_array_new (FALSE, TRUE, sizeof (HostState));
    plan->guests = g_array_new (FALSE, TRUE, sizeof (GuestState));

    for (guint i = 0; i < n_hosts; i++) {
        gboolean duplicate = FALSE;

        if (hosts[i].host_uuid == NULL || hosts[i].cpus == 0)
            continue;
        for (guint j = 0; j < plan->hosts->len; j++) {
            HostState *known = &g_array_index (plan->hosts, HostState, j);
            if (g_strcmp0 (known->host->host_uuid, hosts[i].host_uuid) == 0)
                duplicate = TRUE;
        }
        if (!duplicate) {
            HostState state = { &hosts[i], hosts[i].cpu_used, hosts[i].memory_committed_kib,
                                hosts[i].memory_free_kib, 0.0, FALSE };
            g_array_append_val (plan->hosts, state);
        }
    }

    for (guint i = 0; i < n_guests; i++) {
        if (guests[i].uuid == NULL || g_hash_table_contains (seen_guests, guests[i].uuid))
            continue;
        for (guint j = 0; j < plan->hosts->len; j++) {
            HostState *known = &g_array_index (plan->hosts, HostState, j);
            if (g_strcmp0 (known->host->host_uuid, guests[i].host_uuid) == 0) {
                GuestState state = { &guests[i], j, FALSE };
                g_array_append_val (plan->guests, state);
                known->guests_cpu += guests[i].cpu_used;
                g_hash_table_add (seen_guests, (gpointer) guests[i].uuid);
                break;
            }
        }
    }
}

static void
plan_clear (Plan *plan)
{
    g_array_unref (plan->hosts);
    g_array_unref (plan->guests);
}

static gboolean
fits (const HostState          *to,
      const VimanaBalanceGuest *guest,
      const VimanaBalanceRules *rules)
{
    if (to->host->memory_total_kib == 0)
        return TRUE;
    return to->free >= guest->memory_kib + rules->memory_reserve_kib;
}

/* Moves guest g to host to in the plan and returns the proposal that says so. */
static VimanaBalanceProposal *
plan_move (Plan *plan,
           guint g,
           guint to)
{
    GuestState *gs = &g_array_index (plan->guests, GuestState, g);
    HostState *a = &g_array_index (plan->hosts, HostState, gs->host);
    HostState *b = &g_array_index (plan->hosts, HostState, to);
    const VimanaBalanceGuest *guest = gs->guest;
    VimanaBalanceProposal *p = g_new0 (VimanaBalanceProposal, 1);

    p->guest_uuid = g_strdup (guest->uuid);
    p->guest_name = g_strdup (guest->name != NULL ? guest->name : guest->uuid);
    p->from_host_uuid = g_strdup (a->host->host_uuid);
    p->from_name = g_strdup (a->host->name != NULL ? a->host->name : a->host->host_uuid);
    p->to_host_uuid = g_strdup (b->host->host_uuid);
    p->to_name = g_strdup (b->host->name != NULL ? b->host->name : b->host->host_uuid);
    p->from_before = host_load (a);
    p->to_before = host_load (b);

    a->cpu_used = MAX (a->cpu_used - guest->cpu_used, 0.0);
    a->guests_cpu = MAX (a->guests_cpu - guest->cpu_used, 0.0);
    b->guests_cpu += guest->cpu_used;
    a->committed = a->committed > guest->memory_kib ? a->committed - guest->memory_kib : 0;
    a->free += guest->memory_kib;
    b->cpu_used += guest->cpu_used;
    b->committed += guest->memory_kib;
    b->free = b->free > guest->memory_kib ? b->free - guest->memory_kib : 0;
    gs->host = to;
    gs->moved = TRUE;

    p->from_after = host_load (a);
    p->to_after = host_load (b);
    return p;
}

/* What a pass compares: the host's CPU, or its guests' (by_guests). */
static double
host_measure (const HostState *state,
              gboolean         by_guests)
{
    return by_guests ? state->guests_cpu : state->cpu_used;
}

/* Index of the busiest (most = TRUE) or least busy host; ties go to the earlier one. */
static guint
plan_extreme (Plan    *plan,
              gboolean most,
              gboolean by_guests)
{
    guint best = 0;

    for (guint i = 1; i < plan->hosts->len; i++) {
        HostState *h = &g_array_index (plan->hosts, HostState, i);
        HostState *b = &g_array_index (plan->hosts, HostState, best);
        double ph = host_percent (h, host_measure (h, by_guests));
        double pb = host_percent (b, host_measure (b, by_guests));
        if (most ? ph > pb : ph < pb)
            best = i;
    }
    return best;
}

/* One pass of the balance advisor over the host's CPU or its guests' (by_guests). */
static void
advise_pass (Plan                     *plan,
             GPtrArray                *proposals,
             const VimanaBalanceRules *rules,
             gboolean                  by_guests)
{
    while (plan->hosts->len >= 2 && proposals->len < rules->max_moves) {
        guint hi = plan_extreme (plan, TRUE, by_guests);
        guint lo = plan_extreme (plan, FALSE, by_guests);
        HostState *a = &g_array_index (plan->hosts, HostState, hi);
        HostState *b = &g_array_index (plan->hosts, HostState, lo);
        double ma = host_measure (a, by_guests);
        double mb = host_measure (b, by_guests);
        double spread = host_percent (a, ma) - host_percent (b, mb);
        double best_spread = spread;
        gint best = -1;
        VimanaBalanceProposal *p;

        if (hi == lo || spread <= rules->spread_percent)
            break;
        for (guint g = 0; g < plan->guests->len; g++) {
            GuestState *gs = &g_array_index (plan->guests, GuestState, g);
            double after;

            if (gs->host != hi || gs->guest->cpu_used <= 0.0 || !fits (b, gs->guest, rules))
                continue;
            after = fabs (host_percent (a, ma - gs->guest->cpu_used)
                          - host_percent (b, mb + gs->guest->cpu_used));
            if (after < best_spread - 0.01
                || (best >= 0 && fabs (after - best_spread) <= 0.01
                    && strcmp (gs->guest->uuid,
                               g_array_index (plan->guests, GuestState, best).guest->uuid) < 0)) {
                best_spread = after;
                best = g;
            }
        }
        if (best < 0)
            break;
        p = plan_move (plan, best, lo);
        p->by_guests = by_guests;
        g_ptr_array_add (proposals, p);
    }
}

/**
 * vimana_balance_advise:
 *
 * Returns: (transfer full) (element-type VimanaBalanceProposal): the moves, in order, that
 *   bring the hosts' CPU use within rules->spread_percent of each other or, when it already
 *   is, their guests' CPU use (by_guests); empty when both are, or when no move fits or helps
 */
GPtrArray *
vimana_balance_advise (const VimanaBalanceHost  *hosts,
                       guint                     n_hosts,
                       const VimanaBalanceGuest *guests,
                       guint                     n_guests,
                       const VimanaBalanceRules *rules)
{
    GPtrArray *proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_balance_proposal_free);
    Plan plan;

    plan_init (&plan, hosts, n_hosts, guests, n_guests);
    advise_pass (&plan, proposals, rules, FALSE);
    if (proposals->len == 0)
        advise_pass (&plan, proposals, rules, TRUE);
    plan_clear (&plan);
    return proposals;
}

/**
 * vimana_balance_consolidate:
 * @power_down: (out) (transfer full) (element-type utf8): host UUIDs that would run no guest
 *   after the moves and could be powered down
 *
 * Returns: (transfer full) (element-type VimanaBalanceProposal): the moves that empty those
 *   hosts; empty when some host is at or above rules->low_percent or nothing can be emptied
 */
GPtrArray *
vimana_balance_consolidate (const VimanaBalanceHost  *hosts,
                            guint                     n_hosts,
                            const VimanaBalanceGuest *guests,
                            guint                     n_guests,
                            const VimanaBalanceRules *rules,
                            GPtrArray               **power_down)
{
    GPtrArray *proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_balance_proposal_free);
    g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
    Plan plan;

    *power_down = g_ptr_array_new_with_free_func (g_free);
    plan_init (&plan, hosts, n_hosts, guests, n_guests);
    for (guint i = 0; i < plan.hosts->len; i++) {
        HostState *h = &g_array_index (plan.hosts, HostState, i);
        if (host_percent (h, h->cpu_used) >= rules->low_percent) {
            plan_clear (&plan);
            return proposals;
        }
        g_array_append_val (order, i);
    }

    /* Try to empty hosts least loaded first (insertion sort: stable, a handful of hosts). */
    for (guint i = 1; i < order->len; i++) {
        for (guint j = i; j > 0; j--) {
            HostState *x = &g_array_index (plan.hosts, HostState, g_array_index (order, guint, j));
            HostState *y = &g_array_index (plan.hosts, HostState, g_array_index (order, guint, j - 1));
            if (host_percent (x, x->cpu_used) < host_percent (y, y->cpu_used)) {
                guint t = g_array_index (order, guint, j);
                g_array_index (order, guint, j) = g_array_index (order, guint, j - 1);
                g_array_index (order, guint, j - 1) = t;
            } else {
                break;
            }
        }
    }

    for (guint k = 0; k + 1 < order->len; k++) {
        guint victim = g_array_index (order, guint, k);
        g_autoptr(GArray) saved_hosts = g_array_copy (plan.hosts);
        g_autoptr(GArray) saved_guests = g_array_copy (plan.guests);
        g_autoptr(GPtrArray) moves = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_balance_proposal_free);
        gboolean ok = TRUE;

        for (guint g = 0; g < plan.guests->len && ok; g++) {
            GuestState *gs = &g_array_index (plan.guests, GuestState, g);
            gint target = -1;

            if (gs->host != victim)
                continue;
            if (gs->moved) {
                /* It arrived here by an earlier move of this plan: never move a guest twice. */
                ok = FALSE;
                break;
            }
            /* The busiest host that still holds it below pack_percent: fills hosts up. */
            for (guint t = k + 1; t < order->len; t++) {
                guint cand = g_array_index (order, guint, t);
                HostState *c = &g_array_index (plan.hosts, HostState, cand);
                if (c->emptied || !fits (c, gs->guest, rules)
                    || host_percent (c, c->cpu_used + gs->guest->cpu_used) > rules->pack_percent)
                    continue;
                if (target < 0 || host_percent (c, c->cpu_used)
                    > host_percent (&g_array_index (plan.hosts, HostState, target),
                                    g_array_index (plan.hosts, HostState, target).cpu_used))
                    target = cand;
            }
            if (target < 0)
                ok = FALSE;
            else
                g_ptr_array_add (moves, plan_move (&plan, g, target));
        }
        if (ok && proposals->len + moves->len <= rules->max_moves) {
            g_array_index (plan.hosts, HostState, victim).emptied = TRUE;
            g_ptr_array_add (*power_down,
                             g_strdup (g_array_index (plan.hosts, HostState, victim).host->host_uuid));
            g_ptr_array_extend_and_steal (proposals, g_steal_pointer (&moves));
        } else {
            g_array_unref (plan.hosts);
            g_array_unref (plan.guests);
            plan.hosts = g_steal_pointer (&saved_hosts);
            plan.guests = g_steal_pointer (&saved_guests);
        }
    }
    plan_clear (&plan);
    return proposals;
}

static gboolean
is_moving (const char * const *moving,
           const char         *uuid)
{
    for (guint i = 0; moving[i] != NULL; i++) {
        if (g_strcmp0 (moving[i], uuid) == 0)
            return TRUE;
    }
    return FALSE;
}

/* Whether placing @guest on @c is better than on @best: lower CPU use after the move, unless
 * the two are within the rules' spread (hosts that close count as balanced, and samples of one
 * load taken at two moments differ that much); then fewer guests (idle guests would otherwise
 * all go to one host), then the earlier host. */
static gboolean
spread_better (Plan                     *plan,
               guint                     c,
               gint                      best,
               const VimanaBalanceGuest *guest,
               const VimanaBalanceRules *rules)
{
    HostState *hc = &g_array_index (plan->hosts, HostState, c);
    HostState *hb;
    double pc, pb;
    guint nc = 0, nb = 0;

    if (best < 0)
        return TRUE;
    hb = &g_array_index (plan->hosts, HostState, best);
    pc = host_percent (hc, hc->cpu_used + guest->cpu_used);
    pb = host_percent (hb, hb->cpu_used + guest->cpu_used);
    if (!hc->host->cpu_unknown && !hb->host->cpu_unknown && fabs (pc - pb) > rules->spread_percent)
        return pc < pb;
    for (guint g = 0; g < plan->guests->len; g++) {
        guint h = g_array_index (plan->guests, GuestState, g).host;
        nc += h == c;
        nb += h == (guint) best;
    }
    return nc < nb;
}

/**
 * vimana_balance_spread:
 * @moving: (array zero-terminated=1): the UUIDs of the guests to place (Evacuate Host: every
 *   guest running on the host to empty)
 * @unplaced: (out) (optional) (transfer full) (element-type utf8): the UUIDs of those that fit
 *   on no other host, or that are on no host of @hosts
 *
 * Places each guest of @moving, the largest in memory first (ties: the smaller UUID), on the
 * host where it fits (its memory and the reserve) that would then be least busy, counting
 * the guests placed before it; hosts within rules->spread_percent of each other tie, as do two
 * hosts one of which has not been sampled yet (cpu_unknown: an idle-looking 0 would draw
 * every guest), and ties go to the host with fewer guests, then the earlier one.
 * No guest goes to a host that one of @moving is on.
 *
 * Returns: (transfer full) (element-type VimanaBalanceProposal): one move per placed guest, in
 *   the order they were placed
 */
GPtrArray *
vimana_balance_spread (const VimanaBalanceHost  *hosts,
                       guint                     n_hosts,
                       const VimanaBalanceGuest *guests,
                       guint                     n_guests,
                       const char * const       *moving,
                       const VimanaBalanceRules *rules,
                       GPtrArray               **unplaced)
{
    GPtrArray *proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_balance_proposal_free);
    g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
    Plan plan;

    g_return_val_if_fail (moving != NULL, proposals);
    plan_init (&plan, hosts, n_hosts, guests, n_guests);
    for (guint i = 0; moving[i] != NULL; i++) {
        gboolean found = FALSE;

        for (guint g = 0; g < plan.guests->len && !found; g++)
            found = g_strcmp0 (g_array_index (plan.guests, GuestState, g).guest->uuid, moving[i]) == 0;
        if (!found)
            g_ptr_array_add (missing, g_strdup (moving[i]));
    }
    /* The hosts being left are no destination; "emptied" marks them. */
    for (guint g = 0; g < plan.guests->len; g++) {
        GuestState *gs = &g_array_index (plan.guests, GuestState, g);

        if (is_moving (moving, gs->guest->uuid)) {
            g_array_index (plan.hosts, HostState, gs->host).emptied = TRUE;
            g_array_append_val (order, g);
        }
    }
    /* Largest first (insertion sort: stable, a host's worth of guests). */
    for (guint i = 1; i < order->len; i++) {
        for (guint j = i; j > 0; j--) {
            const VimanaBalanceGuest *x = g_array_index (plan.guests, GuestState,
                                                         g_array_index (order, guint, j)).guest;
            const VimanaBalanceGuest *y = g_array_index (plan.guests, GuestState,
                                                         g_array_index (order, guint, j - 1)).guest;
            guint t;

            if (x->memory_kib < y->memory_kib
                || (x->memory_kib == y->memory_kib && strcmp (x->uuid, y->uuid) >= 0))
                break;
            t = g_array_index (order, guint, j);
            g_array_index (order, guint, j) = g_array_index (order, guint, j - 1);
            g_array_index (order, guint, j - 1) = t;
        }
    }
    for (guint k = 0; k < order->len; k++) {
        guint g = g_array_index (order, guint, k);
        const VimanaBalanceGuest *guest = g_array_index (plan.guests, GuestState, g).guest;
        gint best = -1;

        for (guint c = 0; c < plan.hosts->len; c++) {
            HostState *hc = &g_array_index (plan.hosts, HostState, c);

            if (!hc->emptied && fits (hc, guest, rules) && spread_better (&plan, c, best, guest, rules))
                best = (gint) c;
        }
        if (best < 0)
            g_ptr_array_add (missing, g_strdup (guest->uuid));
        else
            g_ptr_array_add (proposals, plan_move (&plan, g, (guint) best));
    }
    plan_clear (&plan);
    if (unplaced != NULL)
        *unplaced = g_steal_pointer (&missing);
    return proposals;
}

/* One host's part of a proposal's text, for when some host does not report its memory or the
 * proposal evens out the guests' CPU. */
static char *
describe_host (const char              *name,
               const VimanaBalanceLoad *before,
               const VimanaBalanceLoad *after,
               gboolean                 by_guests)
{
    g_autofree char *free_before = NULL;
    g_autofree char *free_after = NULL;

    if (!before->memory_known && by_guests)
        /* TRANSLATORS: a host's part of a balance proposal: its guests' CPU use before → after */
        return g_strdup_printf (_("%s: guests’ CPU %.0f %% → %.0f %%, free memory not reported."), name,
                                before->guests_cpu_percent, after->guests_cpu_percent);
    if (!before->memory_known)
        /* TRANSLATORS: a host's part of a balance proposal: its CPU use before → after */
        return g_strdup_printf (_("%s: CPU %.0f %% → %.0f %%, free memory not reported."), name,
                                before->cpu_percent, after->cpu_percent);
    free_before = g_format_size_full (before->memory_free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    free_after = g_format_size_full (after->memory_free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    if (by_guests)
        /* TRANSLATORS: a host's part of a balance proposal: its guests' CPU use and its free
         * memory before → after */
        return g_strdup_printf (_("%s: guests’ CPU %.0f %% → %.0f %%, free memory %s → %s."), name,
                                before->guests_cpu_percent, after->guests_cpu_percent,
                                free_before, free_after);
    /* TRANSLATORS: a host's part of a balance proposal: CPU use and free memory before → after */
    return g_strdup_printf (_("%s: CPU %.0f %% → %.0f %%, free memory %s → %s."), name,
                            before->cpu_percent, after->cpu_percent, free_before, free_after);
}

/**
 * vimana_balance_proposal_describe:
 *
 * Returns: (transfer full): "Move “X” from A to B", then each host's CPU (or, by_guests, its
 *   guests' CPU) and free memory before and after, for the proposals list and its accessible
 *   description
 */
char *
vimana_balance_proposal_describe (const VimanaBalanceProposal *proposal)
{
    g_autofree char *from_free_before = NULL;
    g_autofree char *from_free_after = NULL;
    g_autofree char *to_free_before = NULL;
    g_autofree char *to_free_after = NULL;

    g_return_val_if_fail (proposal != NULL, NULL);

    if (!proposal->from_before.memory_known || !proposal->to_before.memory_known
        || proposal->by_guests) {
        g_autofree char *from = describe_host (proposal->from_name, &proposal->from_before,
                                               &proposal->from_after, proposal->by_guests);
        g_autofree char *to = describe_host (proposal->to_name, &proposal->to_before,
                                             &proposal->to_after, proposal->by_guests);
        g_autofree char *move = proposal->by_guests ?
                                /* TRANSLATORS: a balance proposal made from the guests' CPU use */
                                g_strdup_printf (_("Move “%s” from %s to %s to even out the guests’ CPU."),
                                                 proposal->guest_name, proposal->from_name,
                                                 proposal->to_name) :
                                g_strdup_printf (_("Move “%s” from %s to %s."),
                                                 proposal->guest_name, proposal->from_name,
                                                 proposal->to_name);

        return g_strjoin (" ", move, from, to, NULL);
    }

    from_free_before = g_format_size_full (proposal->from_before.memory_free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    from_free_after = g_format_size_full (proposal->from_after.memory_free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    to_free_before = g_format_size_full (proposal->to_before.memory_free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    to_free_after = g_format_size_full (proposal->to_after.memory_free_kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    /* TRANSLATORS: a balance proposal: guest, source host, destination host, then each host's
     * CPU use and free memory before → after the move */
    return g_strdup_printf (_("Move “%s” from %s to %s. %s: CPU %.0f %% → %.0f %%, free memory %s → %s. "
                              "%s: CPU %.0f %% → %.0f %%, free memory %s → %s."),
                            proposal->guest_name, proposal->from_name, proposal->to_name,
                            proposal->from_name, proposal->from_before.cpu_percent,
                            proposal->from_after.cpu_percent, from_free_before, from_free_after,
                            proposal->to_name, proposal->to_before.cpu_percent,
                            proposal->to_after.cpu_percent, to_free_before, to_free_after);
}

/**
 * vimana_balance_describe_power_down:
 * @names: the hosts' names, already joined for display
 *
 * Returns: (transfer full): what consolidation would let the operator do; Vimana never powers
 *   a host off itself
 */
char *
vimana_balance_describe_power_down (guint       n_hosts,
                                    const char *names)
{
    if (n_hosts == 0)
        return g_strdup (_("No host could be emptied: the load is not low enough, or the guests do not fit elsewhere."));
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "After these moves, %s runs no guest and could be powered down. "
                                         "Vimana does not power hosts off: do it on the host.",
                                         "After these moves, %s run no guest and could be powered down. "
                                         "Vimana does not power hosts off: do it on the hosts.",
                                         n_hosts),
                            names);
}
