/* vimana-stats-collect.c: reading one tick's counters, on the connection's worker
 *
 * One call fetches every running guest's statistics where the driver offers bulk statistics
 * (virConnectGetAllDomainStats). What a driver leaves out (the test driver reports only the
 * state) is asked per guest: virDomainGetInfo, virDomainBlockStats, virDomainInterfaceStats,
 * virDomainMemoryStats. A call that fails because the driver or device cannot answer is
 * remembered with its reason and not repeated until the guest restarts or its devices change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vimana-domain-xml.h"
#include "vimana-stats-private.h"

typedef struct
{
    int         id;               /* the domain id when the devices were read: a restart changes it */
    gboolean    devices_known;
    GStrv       disks;
    GStrv       interfaces;
    guint       user_interfaces;  /* user-mode NICs: no host-side counters, not in interfaces */
    GHashTable *bad_devices;      /* name → why its statistics cannot be read */
    char       *cpu_reason;
    char       *memory_reason;
    gboolean    no_memory_stats;  /* the guest reports none (no balloon driver): not asked again */
    gboolean    period_set;
    gboolean    seen;
    /* What the bulk call has reported for this guest. Missing from one tick's record, it was
     * skipped (NOWAIT: the guest's job is held): asking the guest directly would wait for
     * that job, and hold up every other guest's tick. */
    gboolean    bulk_memory;
    gboolean    bulk_disks;
    gboolean    bulk_interfaces;
    /* Kept across ticks where the bulk call lists guests only (see vimana_tick_by_id). */
    virDomainPtr dom;
    char         uuid[VIR_UUID_STRING_BUFLEN];
} VimanaSamplerDomain;

struct _VimanaSamplerState
{
    GHashTable *domains;          /* uuid → VimanaSamplerDomain */
    gboolean    bulk_unsupported;
    gboolean    bulk_no_nowait;   /* the driver refuses VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT */
    gboolean    bulk_list_only;   /* its records carry the state and nothing else (test driver) */
    GHashTable *by_id;            /* domain id → VimanaSamplerDomain (not owned), last tick's */
    gboolean    have_node_info;
    guint       host_cpus;
    guint64     host_memory_kib;
    guint       host_cells;
    char       *node_cpu_reason;
    char       *node_memory_reason;
    gboolean    node_free_memory_only;
    guint       failed_calls;

    GMutex      dirty_lock;
    GHashTable *dirty;            /* uuids whose devices changed; guarded by dirty_lock */
};

/* ---- raw data ---- */

VimanaRawDomain *
vimana_raw_domain_new (void)
{
    VimanaRawDomain *raw = g_new0 (VimanaRawDomain, 1);

    raw->mem_available = raw->mem_unused = raw->mem_usable = raw->mem_rss = raw->mem_current = -1;
    return raw;
}

static void
vimana_raw_device_clear (gpointer data)
{
    g_free (((VimanaRawDevice *) data)->name);
}

void
vimana_raw_device_add (GArray     *devices,
                       const char *name,
                       guint64     first,
                       guint64     second)
{
    VimanaRawDevice device = { g_strdup (name), first, second };

    g_array_append_val (devices, device);
}

static GArray *
vimana_raw_devices_new (void)
{
    GArray *devices = g_array_new (FALSE, FALSE, sizeof (VimanaRawDevice));

    g_array_set_clear_func (devices, vimana_raw_device_clear);
    return devices;
}

void
vimana_raw_domain_free (VimanaRawDomain *raw)
{
    if (raw == NULL)
        return;
    g_clear_pointer (&raw->disks, g_array_unref);
    g_clear_pointer (&raw->interfaces, g_array_unref);
    for (guint i = 0; i < VIMANA_N_STATS; i++)
        g_free (raw->unavailable[i]);
    g_free (raw);
}

void
vimana_raw_stats_free (VimanaRawStats *raw)
{
    if (raw == NULL)
        return;
    g_clear_pointer (&raw->domains, g_ptr_array_unref);
    g_free (raw->host_cpu_unavailable);
    g_free (raw->host_memory_unavailable);
    g_free (raw);
}

/* ---- state ---- */

static void
vimana_sampler_domain_free (gpointer data)
{
    VimanaSamplerDomain *domain = data;

    g_strfreev (domain->disks);
    g_strfreev (domain->interfaces);
    g_hash_table_unref (domain->bad_devices);
    g_free (domain->cpu_reason);
    g_free (domain->memory_reason);
    g_clear_pointer (&domain->dom, virDomainFree);
    g_free (domain);
}

VimanaSamplerState *
vimana_sampler_state_new (void)
{
    VimanaSamplerState *state = g_atomic_rc_box_new0 (VimanaSamplerState);

    state->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            vimana_sampler_domain_free);
    state->dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    state->by_id = g_hash_table_new (NULL, NULL);
    g_mutex_init (&state->dirty_lock);
    return state;
}

VimanaSamplerState *
vimana_sampler_state_ref (VimanaSamplerState *state)
{
    return g_atomic_rc_box_acquire (state);
}

static void
vimana_sampler_state_clear (gpointer data)
{
    VimanaSamplerState *state = data;

    g_hash_table_unref (state->by_id);
    g_hash_table_unref (state->domains);
    g_hash_table_unref (state->dirty);
    g_mutex_clear (&state->dirty_lock);
    g_free (state->node_cpu_reason);
    g_free (state->node_memory_reason);
}

void
vimana_sampler_state_unref (VimanaSamplerState *state)
{
    g_atomic_rc_box_release_full (state, vimana_sampler_state_clear);
}

/* Any thread: the guest's devices changed (hot-plug), read them again next tick. */
void
vimana_sampler_state_mark_dirty (VimanaSamplerState *state,
                                 const char         *uuid)
{
    g_mutex_lock (&state->dirty_lock);
    g_hash_table_add (state->dirty, g_strdup (uuid));
    g_mutex_unlock (&state->dirty_lock);
}

static gboolean
vimana_sampler_state_take_dirty (VimanaSamplerState *state,
                                 const char         *uuid)
{
    gboolean dirty;

    g_mutex_lock (&state->dirty_lock);
    dirty = g_hash_table_remove (state->dirty, uuid);
    g_mutex_unlock (&state->dirty_lock);
    return dirty;
}

/* ---- calls ---- */

typedef struct
{
    VimanaSamplerState *state;
    VimanaRawStats     *raw;
    gboolean            connection_lost;  /* a call failed because the connection broke */
} VimanaTick;

/* Takes libvirt's last error of this thread as a reason, and counts the failure. */
static char *vimana_tick_failure (VimanaTick *tick);

/* The same, as a sentence saying what cannot be shown. */
static char *
vimana_tick_node_failure (VimanaTick *tick,
                          gboolean    memory)
{
    g_autofree char *why = vimana_tick_failure (tick);

    return memory ? g_strdup_printf (_("The hypervisor does not report the host’s memory use: %s"),
                                     why)
                  : g_strdup_printf (_("The hypervisor does not report the host’s CPU use: %s"),
                                     why);
}

/* Whether libvirt's error says the connection broke (a closed client socket, the daemon gone)
 * rather than what the hypervisor or the guest can do: such a failure is never remembered. */
static gboolean
vimana_tick_error_is_connection (virErrorPtr err)
{
    if (err == NULL)
        return FALSE;
    switch (err->code) {
    case VIR_ERR_SYSTEM_ERROR:
    case VIR_ERR_RPC:
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_INVALID_CONN:
    case VIR_ERR_AUTH_UNAVAILABLE:
        return TRUE;
    case VIR_ERR_INTERNAL_ERROR:
        /* libvirt's remote driver says "client socket is closed" as an internal error. */
        return err->message != NULL && strstr (err->message, "socket is closed") != NULL;
    default:
        return FALSE;
    }
}

static char *
vimana_tick_failure (VimanaTick *tick)
{
    virErrorPtr err = virGetLastError ();
    char *reason = g_strdup (err && err->message ? err->message : _("The driver gave no reason."));

    if (vimana_tick_error_is_connection (err))
        tick->connection_lost = TRUE;

    tick->raw->failed_calls++;
    tick->state->failed_calls++;
    virResetLastError ();
    return reason;
}

static VimanaSamplerDomain *
vimana_tick_domain (VimanaTick          *tick,
                    virDomainPtr         dom,
                    const char          *uuid,
                    VimanaSamplerDomain *known)
{
    VimanaSamplerDomain *domain = known ? known : g_hash_table_lookup (tick->state->domains, uuid);
    int id = (int) virDomainGetID (dom);   /* local */

    if (domain == NULL) {
        domain = g_new0 (VimanaSamplerDomain, 1);
        domain->bad_devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
        domain->id = id;
        g_strlcpy (domain->uuid, uuid, sizeof domain->uuid);
        g_hash_table_insert (tick->state->domains, g_strdup (uuid), domain);
    }
    /* A restarted guest may answer what it could not before. */
    if (domain->id != id || vimana_sampler_state_take_dirty (tick->state, uuid)) {
        domain->id = id;
        domain->devices_known = FALSE;
        domain->period_set = FALSE;
        domain->no_memory_stats = FALSE;
        g_clear_pointer (&domain->memory_reason, g_free);
        g_clear_pointer (&domain->cpu_reason, g_free);
        g_hash_table_remove_all (domain->bad_devices);
    }
    domain->seen = TRUE;
    return domain;
}

static void
vimana_tick_read_devices (VimanaTick          *tick,
                          virDomainPtr         dom,
                          VimanaSamplerDomain *domain)
{
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    char *xml;

    if (domain->devices_known)
        return;
    domain->devices_known = TRUE;
    g_clear_pointer (&domain->disks, g_strfreev);
    g_clear_pointer (&domain->interfaces, g_strfreev);

    tick->raw->calls++;
    xml = virDomainGetXMLDesc (dom, 0);
    if (xml == NULL) {
        g_free (vimana_tick_failure (tick));
        domain->devices_known = FALSE;
        return;
    }
    disks = vimana_domain_xml_parse_disks (xml, NULL);
    for (guint i = 0; disks != NULL && i < disks->len; i++) {
        VimanaDiskSource *disk = g_ptr_array_index (disks, i);

        if (disk->target != NULL)
            g_strv_builder_add (builder, disk->target);
    }
    domain->disks = g_strv_builder_end (builder);
    domain->interfaces = vimana_domain_xml_parse_interfaces (xml, NULL);
    domain->user_interfaces = vimana_domain_xml_count_user_interfaces (xml);
    free (xml);
}

/* ---- one guest ---- */

static gboolean
vimana_tick_param_ullong (virTypedParameterPtr  params,
                          int                   nparams,
                          const char           *name,
                          guint64              *value)
{
    unsigned long long v;

    if (virTypedParamsGetULLong (params, nparams, name, &v) != 1)
        return FALSE;
    *value = v;
    return TRUE;
}

static void
vimana_tick_bulk_devices (virTypedParameterPtr   params,
                          int                    nparams,
                          const char            *prefix,
                          const char            *first_field,
                          const char            *second_field,
                          GArray               **out)
{
    g_autofree char *count_name = g_strdup_printf ("%s.count", prefix);
    unsigned int count;

    if (virTypedParamsGetUInt (params, nparams, count_name, &count) != 1)
        return;
    *out = vimana_raw_devices_new ();
    for (unsigned int i = 0; i < count; i++) {
        g_autofree char *name_key = g_strdup_printf ("%s.%u.name", prefix, i);
        g_autofree char *first_key = g_strdup_printf ("%s.%u.%s", prefix, i, first_field);
        g_autofree char *second_key = g_strdup_printf ("%s.%u.%s", prefix, i, second_field);
        const char *name = NULL;
        guint64 first = 0, second = 0;

        if (virTypedParamsGetString (params, nparams, name_key, &name) != 1 || name == NULL)
            continue;
        vimana_tick_param_ullong (params, nparams, first_key, &first);
        vimana_tick_param_ullong (params, nparams, second_key, &second);
        vimana_raw_device_add (*out, name, first, second);
    }
}

static void
vimana_tick_fallback_cpu (VimanaTick          *tick,
                          virDomainPtr         dom,
                          VimanaSamplerDomain *domain,
                          VimanaRawDomain     *raw)
{
    virDomainInfo info;

    if (raw->has_cpu && raw->mem_current >= 0)
        return;
    if (domain->cpu_reason == NULL) {
        tick->raw->calls++;
        if (virDomainGetInfo (dom, &info) < 0) {
            domain->cpu_reason = vimana_tick_failure (tick);
        } else {
            if (!raw->has_cpu) {
                raw->cpu_time_ns = info.cpuTime;
                raw->has_cpu = TRUE;
            }
            if (raw->vcpus == 0)
                raw->vcpus = info.nrVirtCpu;
            if (raw->mem_current < 0)
                raw->mem_current = (gint64) info.memory;
        }
    }
    if (!raw->has_cpu && domain->cpu_reason != NULL)
        raw->unavailable[VIMANA_STAT_CPU] = g_strdup (domain->cpu_reason);
}

static void
vimana_tick_fallback_memory (VimanaTick          *tick,
                             virDomainPtr         dom,
                             VimanaSamplerDomain *domain,
                             VimanaRawDomain     *raw)
{
    virDomainMemoryStatStruct stats[VIR_DOMAIN_MEMORY_STAT_NR];
    int n;

    if (raw->mem_available >= 0 || raw->mem_rss >= 0)
        return;
    if (domain->memory_reason != NULL || domain->no_memory_stats)
        return;

    tick->raw->calls++;
    n = virDomainMemoryStats (dom, stats, VIR_DOMAIN_MEMORY_STAT_NR, 0);
    if (n < 0) {
        domain->memory_reason = vimana_tick_failure (tick);
        return;
    }
    if (n == 0)
        domain->no_memory_stats = TRUE;
    for (int i = 0; i < n; i++) {
        switch (stats[i].tag) {
        case VIR_DOMAIN_MEMORY_STAT_AVAILABLE:
            raw->mem_available = (gint64) stats[i].val;
            break;
        case VIR_DOMAIN_MEMORY_STAT_UNUSED:
            raw->mem_unused = (gint64) stats[i].val;
            break;
        case VIR_DOMAIN_MEMORY_STAT_USABLE:
            raw->mem_usable = (gint64) stats[i].val;
            break;
        case VIR_DOMAIN_MEMORY_STAT_RSS:
            raw->mem_rss = (gint64) stats[i].val;
            break;
        case VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON:
            raw->mem_current = (gint64) stats[i].val;
            break;
        default:
            break;
        }
    }
}

/* Asks each device the bulk statistics left out, skipping the ones known to fail. */
static GArray *
vimana_tick_fallback_devices (VimanaTick          *tick,
                              virDomainPtr         dom,
                              VimanaSamplerDomain *domain,
                              GStrv                names,
                              gboolean             disks,
                              char               **reason)
{
    GArray *devices = vimana_raw_devices_new ();

    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
        const char *name = names[i];
        const char *bad = g_hash_table_lookup (domain->bad_devices, name);
        int result;
        guint64 first = 0, second = 0;

        if (bad != NULL) {
            g_free (*reason);
            *reason = g_strdup (bad);
            continue;
        }
        tick->raw->calls++;
        if (disks) {
            virDomainBlockStatsStruct stats;

            result = virDomainBlockStats (dom, name, &stats, sizeof stats);
            first = stats.rd_bytes > 0 ? (guint64) stats.rd_bytes : 0;
            second = stats.wr_bytes > 0 ? (guint64) stats.wr_bytes : 0;
        } else {
            virDomainInterfaceStatsStruct stats;

            result = virDomainInterfaceStats (dom, name, &stats, sizeof stats);
            first = stats.rx_bytes > 0 ? (guint64) stats.rx_bytes : 0;
            second = stats.tx_bytes > 0 ? (guint64) stats.tx_bytes : 0;
        }
        if (result < 0) {
            char *why = vimana_tick_failure (tick);

            g_hash_table_insert (domain->bad_devices, g_strdup (name), g_strdup (why));
            g_free (*reason);
            *reason = why;
            continue;
        }
        vimana_raw_device_add (devices, name, first, second);
    }
    return devices;
}

static void
vimana_tick_devices (VimanaTick          *tick,
                     virDomainPtr         dom,
                     VimanaSamplerDomain *domain,
                     VimanaRawDomain     *raw,
                     gboolean             disks)
{
    GArray **out = disks ? &raw->disks : &raw->interfaces;
    VimanaStat first = disks ? VIMANA_STAT_DISK_READ : VIMANA_STAT_NET_RX;
    VimanaStat second = disks ? VIMANA_STAT_DISK_WRITE : VIMANA_STAT_NET_TX;
    char *reason = NULL;

    if (*out == NULL) {
        vimana_tick_read_devices (tick, dom, domain);
        *out = vimana_tick_fallback_devices (tick, dom, domain,
                                             disks ? domain->disks : domain->interfaces,
                                             disks, &reason);
    }
    if ((*out)->len == 0) {
        /* The bulk call counts a user-mode NIC but has no name nor counters for it: the XML
         * (read once a run) tells it from no NIC at all. */
        if (reason == NULL && !disks)
            vimana_tick_read_devices (tick, dom, domain);
        if (reason == NULL && !disks && domain->user_interfaces > 0)
            reason = g_strdup (g_dngettext (GETTEXT_PACKAGE,
                                            "The guest’s network interface uses user-mode "
                                            "networking, which has no host-side traffic counters.",
                                            "The guest’s network interfaces use user-mode "
                                            "networking, which has no host-side traffic counters.",
                                            domain->user_interfaces));
        else if (reason == NULL)
            reason = g_strdup (disks ? _("The guest has no disk.")
                                     : _("The guest has no network interface."));
        raw->unavailable[first] = g_strdup (reason);
        raw->unavailable[second] = g_strdup (reason);
    }
    g_free (reason);
}

/* A statistic the bulk call skipped this tick for a guest busy with a job (NOWAIT). */
static void
vimana_tick_skipped (VimanaRawDomain *raw,
                     VimanaStat       first,
                     VimanaStat       second)
{
    const char *reason = _("The guest is busy with another operation; this reading was skipped.");

    raw->unavailable[first] = g_strdup (reason);
    raw->unavailable[second] = g_strdup (reason);
}

/* @known: the guest as the last tick knew it under the same domain id, or %NULL. */
static VimanaRawDomain *
vimana_tick_domain_stats (VimanaTick           *tick,
                          virDomainPtr          dom,
                          VimanaSamplerDomain  *known,
                          virTypedParameterPtr  params,
                          int                   nparams,
                          double                interval)
{
    VimanaRawDomain *raw = vimana_raw_domain_new ();
    VimanaSamplerDomain *domain;
    unsigned int vcpus;
    guint64 value;

    if (known != NULL)
        g_strlcpy (raw->uuid, known->uuid, sizeof raw->uuid);
    else
        virDomainGetUUIDString (dom, raw->uuid);
    domain = vimana_tick_domain (tick, dom, raw->uuid, known);

    raw->has_cpu = vimana_tick_param_ullong (params, nparams, "cpu.time", &raw->cpu_time_ns);
    if (virTypedParamsGetUInt (params, nparams, "vcpu.current", &vcpus) == 1)
        raw->vcpus = vcpus;
    if (vimana_tick_param_ullong (params, nparams, "balloon.current", &value))
        raw->mem_current = (gint64) value;
    if (vimana_tick_param_ullong (params, nparams, "balloon.available", &value))
        raw->mem_available = (gint64) value;
    if (vimana_tick_param_ullong (params, nparams, "balloon.unused", &value))
        raw->mem_unused = (gint64) value;
    if (vimana_tick_param_ullong (params, nparams, "balloon.usable", &value))
        raw->mem_usable = (gint64) value;
    if (vimana_tick_param_ullong (params, nparams, "balloon.rss", &value))
        raw->mem_rss = (gint64) value;
    vimana_tick_bulk_devices (params, nparams, "block", "rd.bytes", "wr.bytes", &raw->disks);
    vimana_tick_bulk_devices (params, nparams, "net", "rx.bytes", "tx.bytes", &raw->interfaces);

    /* A balloon driver reports what the guest uses only when asked to collect it: ask once
     * per run, at the sampling interval. */
    if (raw->mem_current >= 0 && raw->mem_available < 0 && !domain->period_set) {
        domain->period_set = TRUE;
        tick->raw->calls++;
        if (virDomainSetMemoryStatsPeriod (dom, MAX (1, (int) interval), VIR_DOMAIN_AFFECT_LIVE) < 0)
            g_free (vimana_tick_failure (tick));
    }

    if (params != NULL) {
        domain->bulk_memory |= raw->mem_available >= 0 || raw->mem_rss >= 0;
        domain->bulk_disks |= raw->disks != NULL;
        domain->bulk_interfaces |= raw->interfaces != NULL;
    }

    vimana_tick_fallback_cpu (tick, dom, domain, raw);
    if (params == NULL || !domain->bulk_memory)
        vimana_tick_fallback_memory (tick, dom, domain, raw);
    if (params != NULL && domain->bulk_disks && raw->disks == NULL)
        vimana_tick_skipped (raw, VIMANA_STAT_DISK_READ, VIMANA_STAT_DISK_WRITE);
    else
        vimana_tick_devices (tick, dom, domain, raw, TRUE);
    if (params != NULL && domain->bulk_interfaces && raw->interfaces == NULL)
        vimana_tick_skipped (raw, VIMANA_STAT_NET_RX, VIMANA_STAT_NET_TX);
    else
        vimana_tick_devices (tick, dom, domain, raw, FALSE);

    if (raw->mem_available < 0 && raw->mem_rss < 0 && raw->mem_current < 0)
        raw->unavailable[VIMANA_STAT_MEMORY] =
            g_strdup (domain->memory_reason ? domain->memory_reason
                                            : _("The driver reports no memory use."));
    return raw;
}

/* ---- the host ---- */

/* The host's CPU count, memory and NUMA cells: read once, they do not change. */
static void
vimana_tick_node_info (VimanaTick    *tick,
                       virConnectPtr  conn)
{
    VimanaSamplerState *state = tick->state;
    virNodeInfo info;

    if (state->have_node_info)
        return;
    tick->raw->calls++;
    if (virNodeGetInfo (conn, &info) == 0) {
        state->host_cpus = info.cpus;
        state->host_memory_kib = info.memory;
        state->host_cells = MAX (info.nodes, 1u);
    } else {
        g_free (vimana_tick_failure (tick));
    }
    state->have_node_info = TRUE;
}

/* Busy and total CPU time of the whole host, until the driver has once said it cannot. */
static void
vimana_tick_node_cpu (VimanaTick    *tick,
                      virConnectPtr  conn)
{
    VimanaSamplerState *state = tick->state;
    VimanaRawStats *raw = tick->raw;
    g_autofree virNodeCPUStatsPtr params = NULL;
    guint64 idle = 0, total = 0;
    int nparams = 0;

    if (state->node_cpu_reason != NULL)
        return;
    raw->calls++;
    if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &nparams, 0) < 0 ||
        nparams <= 0) {
        state->node_cpu_reason = vimana_tick_node_failure (tick, FALSE);
        return;
    }
    params = g_new0 (virNodeCPUStats, nparams);
    raw->calls++;
    if (virNodeGetCPUStats (conn, VIR_NODE_CPU_STATS_ALL_CPUS, params, &nparams, 0) < 0) {
        state->node_cpu_reason = vimana_tick_node_failure (tick, FALSE);
        return;
    }
    for (int i = 0; i < nparams; i++) {
        total += params[i].value;
        if (g_str_equal (params[i].field, VIR_NODE_CPU_STATS_IDLE))
            idle += params[i].value;
    }
    raw->has_host_cpu = total > 0;
    raw->host_cpu_total_ns = total;
    raw->host_cpu_busy_ns = total - idle;
}

/* The host's memory use from its memory statistics; a driver without them switches the
 * sampler to the free-memory fallback for good. */
static void
vimana_tick_node_memory (VimanaTick    *tick,
                         virConnectPtr  conn)
{
    VimanaSamplerState *state = tick->state;
    VimanaRawStats *raw = tick->raw;
    virNodeMemoryStats params[8];
    int nparams = G_N_ELEMENTS (params);
    guint64 total = 0, free_kib = 0;

    if (state->node_memory_reason != NULL || state->node_free_memory_only)
        return;
    raw->calls++;
    if (virNodeGetMemoryStats (conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params, &nparams, 0) < 0) {
        /* Simpler drivers know only the free memory: use it with the node's total. */
        g_free (vimana_tick_failure (tick));
        state->node_free_memory_only = TRUE;
        return;
    }
    for (int i = 0; i < nparams; i++) {
        if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_TOTAL))
            total = params[i].value;
        else if (g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_FREE) ||
                 g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_BUFFERS) ||
                 g_str_equal (params[i].field, VIR_NODE_MEMORY_STATS_CACHED))
            free_kib += params[i].value;
    }
    raw->has_host_memory = total > 0;
    raw->host_memory_used_kib = total > free_kib ? total - free_kib : 0;
    /* The host's memory is one figure everywhere: the node info's (`virsh nodeinfo`, and what
     * New VM checks a guest's memory against), which may differ from these statistics' own
     * total (a limit on libvirt's view of the host). */
    raw->host_memory_total_kib = state->host_memory_kib > 0 ? state->host_memory_kib : total;
    raw->host_memory_used_kib = MIN (raw->host_memory_used_kib, raw->host_memory_total_kib);
}

/* Free bytes of the whole host, or of its NUMA cells where the driver answers only per cell;
 * 0 when it does not say. */
static unsigned long long
vimana_tick_node_free_bytes (VimanaTick    *tick,
                             virConnectPtr  conn)
{
    VimanaSamplerState *state = tick->state;
    unsigned long long free_bytes;
    unsigned long long cells[64];
    int n;

    tick->raw->calls++;
    free_bytes = virNodeGetFreeMemory (conn);
    if (free_bytes != 0)
        return free_bytes;
    virResetLastError ();
    tick->raw->calls++;
    n = virNodeGetCellsFreeMemory (conn, cells, 0,
                                   (int) MIN (state->host_cells, G_N_ELEMENTS (cells)));
    if (n < 0 && state->host_cells > 1) {
        /* The node info may count cells the driver does not describe. */
        virResetLastError ();
        tick->raw->calls++;
        n = virNodeGetCellsFreeMemory (conn, cells, 0, 1);
        if (n > 0)
            state->host_cells = 1;
    }
    for (int i = 0; i < n; i++)
        free_bytes += cells[i];
    return free_bytes;
}

/* The host's memory use from its free memory and the total the node info gave. */
static void
vimana_tick_node_free_memory (VimanaTick    *tick,
                              virConnectPtr  conn)
{
    VimanaSamplerState *state = tick->state;
    VimanaRawStats *raw = tick->raw;
    unsigned long long free_bytes;

    if (!state->node_free_memory_only || state->node_memory_reason != NULL)
        return;
    free_bytes = vimana_tick_node_free_bytes (tick, conn);
    if (free_bytes == 0 || state->host_memory_kib == 0) {
        state->node_memory_reason = vimana_tick_node_failure (tick, TRUE);
        return;
    }
    raw->has_host_memory = TRUE;
    raw->host_memory_total_kib = state->host_memory_kib;
    raw->host_memory_used_kib = state->host_memory_kib > free_bytes / 1024
                                    ? state->host_memory_kib - free_bytes / 1024
                                    : 0;
}

static void
vimana_tick_node (VimanaTick    *tick,
                  virConnectPtr  conn)
{
    VimanaSamplerState *state = tick->state;
    VimanaRawStats *raw = tick->raw;

    vimana_tick_node_info (tick, conn);
    raw->host_cpus = MAX (state->host_cpus, 1u);

    vimana_tick_node_cpu (tick, conn);
    raw->host_cpu_unavailable = g_strdup (state->node_cpu_reason);

    vimana_tick_node_memory (tick, conn);
    vimana_tick_node_free_memory (tick, conn);
    raw->host_memory_unavailable = g_strdup (state->node_memory_reason);
}

/* ---- a tick ---- */

static int
vimana_tick_list (VimanaTick               *tick,
                  virConnectPtr             conn,
                  virDomainStatsRecordPtr **records)
{
    /* No VIR_DOMAIN_STATS_VCPU: it costs the hypervisor a monitor query per guest per tick,
     * and the vCPU count is known from the guest's own snapshot. */
    unsigned int stats = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
                         VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_INTERFACE |
                         VIR_DOMAIN_STATS_BLOCK;
    int n;

    if (tick->state->bulk_unsupported)
        return -1;

    /* NOWAIT: a guest whose job is held (a snapshot being written, a migration, a save)
     * reports what it can without waiting for the job, instead of holding up the tick of
     * every other guest until that job ends. A driver without the flag refuses it as an
     * invalid argument: then the call goes without it, from then on. */
    tick->raw->calls++;
    n = virConnectGetAllDomainStats (conn, stats, records,
                                     VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE |
                                     (tick->state->bulk_no_nowait ? 0 :
                                      VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT));
    if (n < 0 && !tick->state->bulk_no_nowait) {
        virErrorPtr err = virGetLastError ();

        if (err != NULL && err->code == VIR_ERR_INVALID_ARG) {
            tick->state->bulk_no_nowait = TRUE;
            tick->raw->calls++;
            n = virConnectGetAllDomainStats (conn, stats, records,
                                             VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE);
        }
    }
    if (n < 0) {
        virErrorPtr err = virGetLastError ();

        if (err != NULL && (err->code == VIR_ERR_NO_SUPPORT ||
                            err->code == VIR_ERR_OPERATION_UNSUPPORTED))
            tick->state->bulk_unsupported = TRUE;
        g_free (vimana_tick_failure (tick));
    }
    return n;
}

/* Whether a bulk record holds nothing but the guest's state. */
static gboolean
vimana_tick_params_state_only (virTypedParameterPtr params,
                               int                  nparams)
{
    for (int i = 0; i < nparams; i++) {
        if (!g_str_has_prefix (params[i].field, "state."))
            return FALSE;
    }
    return TRUE;
}

/* The running guests by domain id, for a driver whose bulk call lists them only: an id seen
 * last tick is the same running guest (ids are not reused while the driver runs), so its
 * kept handle is asked again; a new id is looked up once. Returns: the guests read, or -1. */
static int
vimana_tick_by_id (VimanaTick    *tick,
                   virConnectPtr  conn,
                   double         interval)
{
    VimanaSamplerState *state = tick->state;
    g_autoptr(GHashTable) by_id = g_hash_table_new (NULL, NULL);
    g_autofree int *ids = NULL;
    int n;

    tick->raw->calls++;
    n = virConnectNumOfDomains (conn);
    if (n > 0) {
        ids = g_new (int, n);
        tick->raw->calls++;
        n = virConnectListDomains (conn, ids, n);
    }
    if (n < 0) {
        g_free (vimana_tick_failure (tick));
        return -1;
    }
    for (int i = 0; i < n; i++) {
        gpointer key = GINT_TO_POINTER (ids[i]);
        VimanaSamplerDomain *known = g_hash_table_lookup (state->by_id, key);
        VimanaRawDomain *raw;
        VimanaSamplerDomain *domain;
        virDomainPtr dom;

        if (known != NULL && known->dom != NULL && known->id == ids[i]) {
            raw = vimana_tick_domain_stats (tick, known->dom, known, NULL, 0, interval);
            domain = known;
        } else {
            tick->raw->calls++;
            dom = virDomainLookupByID (conn, ids[i]);
            if (dom == NULL) {
                /* Stopped between the two calls; or the connection broke. */
                g_free (vimana_tick_failure (tick));
                continue;
            }
            raw = vimana_tick_domain_stats (tick, dom, NULL, NULL, 0, interval);
            domain = g_hash_table_lookup (state->domains, raw->uuid);
            if (domain->dom != NULL)
                virDomainFree (domain->dom);
            domain->dom = dom;
        }
        g_ptr_array_add (tick->raw->domains, raw);
        g_hash_table_insert (by_id, key, domain);
    }
    g_hash_table_steal_all (state->by_id);
    g_hash_table_unref (state->by_id);
    state->by_id = g_steal_pointer (&by_id);
    return n;
}

/**
 * vimana_sampler_state_collect:
 * @state: the worker-side memory of the sampler
 * @conn: the open connection
 * @interval: the sampling interval, seconds
 *
 * Runs on the worker: reads one tick's counters for every running guest and the host.
 *
 * Returns: (transfer full) (nullable): the counters, or %NULL when the connection broke during
 *   the tick (what the tick learnt is then forgotten, not blamed on the hypervisor)
 */
VimanaRawStats *
vimana_sampler_state_collect (VimanaSamplerState *state,
                              virConnectPtr       conn,
                              double              interval)
{
    VimanaTick tick = { state, g_new0 (VimanaRawStats, 1) };
    virDomainStatsRecordPtr *records = NULL;
    GHashTableIter iter;
    gpointer value;
    int n;

    tick.raw->domains = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_raw_domain_free);
    g_hash_table_iter_init (&iter, state->domains);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        ((VimanaSamplerDomain *) value)->seen = FALSE;

    if (state->bulk_list_only)
        n = vimana_tick_by_id (&tick, conn, interval);
    else
        n = vimana_tick_list (&tick, conn, &records);
    tick.raw->time_us = g_get_real_time ();
    if (state->bulk_list_only) {
        /* Read above, by domain id. */
    } else if (n >= 0) {
        gboolean list_only = n > 0;

        for (int i = 0; i < n; i++) {
            g_ptr_array_add (tick.raw->domains,
                             vimana_tick_domain_stats (&tick, records[i]->dom, NULL,
                                                       records[i]->params,
                                                       records[i]->nparams, interval));
            list_only &= vimana_tick_params_state_only (records[i]->params,
                                                        records[i]->nparams);
        }
        virDomainStatsRecordListFree (records);
        /* A driver whose bulk call says nothing but the guests' states (the test driver)
         * gets every counter asked per guest anyway: from the next tick its running
         * guests are found by id and their domain handles kept, instead of a record and
         * a handle made and freed per guest each tick. */
        if (list_only) {
            g_debug ("The bulk statistics carry states only: guests are listed by id.");
            state->bulk_list_only = TRUE;
        }
    } else {
        virDomainPtr *doms = NULL;

        tick.raw->calls++;
        n = virConnectListAllDomains (conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
        if (n < 0)
            g_free (vimana_tick_failure (&tick));
        for (int i = 0; i < n; i++) {
            g_ptr_array_add (tick.raw->domains,
                             vimana_tick_domain_stats (&tick, doms[i], NULL, NULL, 0, interval));
            virDomainFree (doms[i]);
        }
        free (doms);
    }

    /* Guests no longer running: forget what was learnt about them. */
    g_hash_table_iter_init (&iter, state->domains);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        VimanaSamplerDomain *domain = value;

        if (domain->seen)
            continue;
        if (g_hash_table_lookup (state->by_id, GINT_TO_POINTER (domain->id)) == domain)
            g_hash_table_remove (state->by_id, GINT_TO_POINTER (domain->id));
        g_hash_table_iter_remove (&iter);
    }

    vimana_tick_node (&tick, conn);
    if (tick.connection_lost) {
        /* Nothing learnt from a broken connection holds for the next one. */
        g_clear_pointer (&state->node_cpu_reason, g_free);
        g_clear_pointer (&state->node_memory_reason, g_free);
        g_hash_table_remove_all (state->by_id);
        g_hash_table_remove_all (state->domains);
        vimana_raw_stats_free (tick.raw);
        return NULL;
    }
    return tick.raw;
}
