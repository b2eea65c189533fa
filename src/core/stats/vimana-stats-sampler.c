/* vimana-stats-sampler.c: one connection's statistics, read once per tick on its worker
 *
 * Each tick queues one job on the connection's worker, unless the previous tick's job has not
 * come back yet (a slow hypervisor then gets fewer ticks, not a growing queue). The job's
 * counters are applied on the main thread to each guest's VimanaDomainStats and to the host's
 * VimanaHostStats, then VimanaStatsSampler::tick is emitted once: views redraw what they show.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats"

#include "config.h"

#include "vimana-stats-sampler.h"

#include "vimana-connection-private.h"
#include "vimana-stats-private.h"
#include "vimana-error.h"

struct _VimanaStatsSampler
{
    GObject parent_instance;

    /* borrowed references */
    VimanaConnection   *connection;     /* weak: the connection owns the sampler */

    /* owned references */
    VimanaSamplerState *state;
    VimanaHostStats    *host;
    GHashTable         *running;        /* uuid set: guests that had samples last tick */

    double              interval;
    guint               history;
    gboolean            slow;
    gboolean            started;
    gboolean            in_flight;
    guint               timer;
    guint               generation;
    guint               ticks;
    guint               last_calls;
    guint               failed_calls;
};

G_DEFINE_FINAL_TYPE (VimanaStatsSampler, vimana_stats_sampler, G_TYPE_OBJECT)

enum {
    SIGNAL_TICK,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
    PROP_0,
    PROP_HOST_STATS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void vimana_stats_sampler_schedule (VimanaStatsSampler *self);

typedef struct
{
    VimanaSamplerState *state;
    double              interval;
    guint               generation;
} VimanaSampleJob;

static void
vimana_sample_job_free (gpointer data)
{
    VimanaSampleJob *job = data;

    vimana_sampler_state_unref (job->state);
    g_free (job);
}

static void
vimana_stats_sampler_job (GTask         *task,
                          virConnectPtr  conn,
                          virDomainPtr   dom,
                          gpointer       data,
                          GCancellable  *cancellable)
{
    VimanaSampleJob *job = data;
    VimanaRawStats *raw = vimana_sampler_state_collect (job->state, conn, job->interval);

    if (raw == NULL) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_CONNECTION_LOST,
                                 "The connection broke during a statistics tick.");
        return;
    }
    g_task_return_pointer (task, raw, (GDestroyNotify) vimana_raw_stats_free);
}

/* On the main thread: the counters become samples in every guest's history. */
static void
vimana_stats_sampler_apply (VimanaStatsSampler *self,
                            VimanaRawStats     *raw)
{
    g_autoptr(GHashTable) running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter iter;
    gpointer key;

    for (guint i = 0; i < raw->domains->len; i++) {
        VimanaRawDomain *domain_raw = g_ptr_array_index (raw->domains, i);
        VimanaDomain *domain = vimana_connection_lookup_domain (self->connection, domain_raw->uuid);

        if (domain == NULL)
            continue;
        if (domain_raw->vcpus == 0)
            domain_raw->vcpus = vimana_domain_get_vcpus (domain);
        vimana_domain_stats_apply (vimana_domain_ensure_stats (domain, self->interval, self->history),
                                   domain_raw, raw->time_us, raw->host_cpus);
        g_hash_table_add (running, g_strdup (domain_raw->uuid));
    }

    /* Guests that ran last tick and not now: their series end with a gap. */
    g_hash_table_iter_init (&iter, self->running);
    while (g_hash_table_iter_next (&iter, &key, NULL)) {
        VimanaDomain *domain;
        VimanaDomainStats *stats;

        if (g_hash_table_contains (running, key))
            continue;
        domain = vimana_connection_lookup_domain (self->connection, key);
        stats = domain ? vimana_domain_get_stats (domain) : NULL;
        if (stats != NULL)
            vimana_domain_stats_end (stats, raw->time_us);
    }
    g_hash_table_unref (self->running);
    self->running = g_steal_pointer (&running);

    vimana_host_stats_apply (self->host, raw);
    self->ticks++;
    self->last_calls = raw->calls;
    self->failed_calls += raw->failed_calls;
    g_signal_emit (self, signals[SIGNAL_TICK], 0);
}

static void
vimana_stats_sampler_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    VimanaStatsSampler *self = VIMANA_STATS_SAMPLER (user_data);
    VimanaSampleJob *job = vimana_job_get_data (G_TASK (result));
    g_autoptr(VimanaRawStats) raw = NULL;
    g_autoptr(GError) error = NULL;

    raw = g_task_propagate_pointer (G_TASK (result), &error);
    /* No job data: the connection was closed when the tick came. */
    if (job == NULL || job->generation != self->generation) {
        if (job == NULL)
            self->in_flight = FALSE;
        g_object_unref (self);
        return;
    }
    self->in_flight = FALSE;
    /* A connection that dropped mid-tick fails the job quietly: the connection shows it. */
    if (raw != NULL)
        vimana_stats_sampler_apply (self, raw);
    else
        g_debug ("A statistics tick failed: %s", error->message);
    g_object_unref (self);
}

static gboolean
vimana_stats_sampler_tick_cb (gpointer user_data)
{
    VimanaStatsSampler *self = user_data;
    g_autoptr(GTask) task = NULL;
    VimanaSampleJob *job;

    if (self->in_flight || self->connection == NULL)
        return G_SOURCE_CONTINUE;

    job = g_new0 (VimanaSampleJob, 1);
    job->state = vimana_sampler_state_ref (self->state);
    job->interval = self->interval;
    job->generation = self->generation;
    self->in_flight = TRUE;

    task = g_task_new (self->connection, NULL, vimana_stats_sampler_done_cb, g_object_ref (self));
    g_task_set_source_tag (task, vimana_stats_sampler_tick_cb);
    vimana_connection_queue (self->connection, task, vimana_stats_sampler_job, job,
                             vimana_sample_job_free);
    return G_SOURCE_CONTINUE;
}

static void
vimana_stats_sampler_schedule (VimanaStatsSampler *self)
{
    double seconds = self->interval * (self->slow ? VIMANA_STATS_SAMPLER_SLOW_FACTOR : 1);

    g_clear_handle_id (&self->timer, g_source_remove);
    if (!self->started)
        return;
    self->timer = g_timeout_add ((guint) (seconds * 1000), vimana_stats_sampler_tick_cb, self);
}

/* ---- GObject ---- */

static void
vimana_stats_sampler_dispose (GObject *object)
{
    VimanaStatsSampler *self = VIMANA_STATS_SAMPLER (object);

    g_clear_handle_id (&self->timer, g_source_remove);
    if (self->connection != NULL) {
        g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
        self->connection = NULL;
    }
    g_clear_object (&self->host);

    G_OBJECT_CLASS (vimana_stats_sampler_parent_class)->dispose (object);
}

static void
vimana_stats_sampler_finalize (GObject *object)
{
    VimanaStatsSampler *self = VIMANA_STATS_SAMPLER (object);

    g_hash_table_unref (self->running);
    vimana_sampler_state_unref (self->state);

    G_OBJECT_CLASS (vimana_stats_sampler_parent_class)->finalize (object);
}

static void
vimana_stats_sampler_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
    VimanaStatsSampler *self = VIMANA_STATS_SAMPLER (object);

    switch (prop_id) {
    case PROP_HOST_STATS:
        g_value_set_object (value, self->host);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* A history at another interval or length starts again: the host's now, the guests' at
 * their next sample (vimana_domain_ensure_stats). */
static void
vimana_stats_sampler_renew_host (VimanaStatsSampler *self)
{
    g_clear_object (&self->host);
    self->host = vimana_host_stats_new (self->interval, self->history);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST_STATS]);
}

static void
vimana_stats_sampler_class_init (VimanaStatsSamplerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_stats_sampler_dispose;
    object_class->finalize = vimana_stats_sampler_finalize;
    object_class->get_property = vimana_stats_sampler_get_property;

    properties[PROP_HOST_STATS] =
        g_param_spec_object ("host-stats", NULL, NULL, VIMANA_TYPE_HOST_STATS,
                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaStatsSampler::tick:
     *
     * New samples for the host and every running guest of the connection: emitted once per
     * tick, however many guests there are.
     */
    signals[SIGNAL_TICK] = g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vimana_stats_sampler_init (VimanaStatsSampler *self)
{
    self->interval = 1.0;
    self->history = 3600;
    self->state = vimana_sampler_state_new ();
    self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/**
 * vimana_stats_sampler_new:
 * @connection: the connection sampled; it owns the sampler
 *
 * Returns: (transfer full): a stopped sampler
 */
VimanaStatsSampler *
vimana_stats_sampler_new (VimanaConnection *connection)
{
    VimanaStatsSampler *self = g_object_new (VIMANA_TYPE_STATS_SAMPLER, NULL);

    self->connection = connection;
    g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
    self->host = vimana_host_stats_new (self->interval, self->history);
    return self;
}

/* Starts ticking; the connection calls it once it is open. */
void
vimana_stats_sampler_start (VimanaStatsSampler *self)
{
    g_return_if_fail (VIMANA_IS_STATS_SAMPLER (self));

    if (self->started)
        return;
    self->started = TRUE;
    self->in_flight = FALSE;
    vimana_stats_sampler_schedule (self);
    /* The first readings are the base the first rates need: take them now. */
    vimana_stats_sampler_tick_cb (self);
}

/* Stops ticking; a tick under way is dropped. The connection calls it when it closes. */
void
vimana_stats_sampler_stop (VimanaStatsSampler *self)
{
    GHashTableIter iter;
    gpointer key;

    g_return_if_fail (VIMANA_IS_STATS_SAMPLER (self));

    /* The running guests' series end with a gap: a history kept over a reconnect does not
     * draw a line across the outage. */
    g_hash_table_iter_init (&iter, self->running);
    while (self->connection != NULL && g_hash_table_iter_next (&iter, &key, NULL)) {
        VimanaDomain *domain = vimana_connection_lookup_domain (self->connection, key);
        VimanaDomainStats *stats = domain ? vimana_domain_get_stats (domain) : NULL;

        if (stats != NULL)
            vimana_domain_stats_end (stats, g_get_real_time ());
    }
    self->started = FALSE;
    self->in_flight = FALSE;
    self->generation++;
    g_clear_handle_id (&self->timer, g_source_remove);
    g_hash_table_remove_all (self->running);
}

/**
 * vimana_stats_sampler_set_interval:
 * @self: a #VimanaStatsSampler
 * @seconds: 0.5 to 60
 *
 * Changes the sampling interval. Histories made at another interval start again.
 */
void
vimana_stats_sampler_set_interval (VimanaStatsSampler *self,
                                   double              seconds)
{
    g_return_if_fail (VIMANA_IS_STATS_SAMPLER (self));
    g_return_if_fail (seconds >= VIMANA_STATS_SAMPLER_MIN_INTERVAL &&
                      seconds <= VIMANA_STATS_SAMPLER_MAX_INTERVAL);

    if (self->interval == seconds)
        return;
    self->interval = seconds;
    vimana_stats_sampler_renew_host (self);
    vimana_stats_sampler_schedule (self);
}

double
vimana_stats_sampler_get_interval (VimanaStatsSampler *self)
{
    g_return_val_if_fail (VIMANA_IS_STATS_SAMPLER (self), 0);
    return self->interval;
}

/* Sets how far back new histories reach, seconds. */
void
vimana_stats_sampler_set_history (VimanaStatsSampler *self,
                                  guint               seconds)
{
    g_return_if_fail (VIMANA_IS_STATS_SAMPLER (self));
    g_return_if_fail (seconds > 0);

    if (self->history == seconds)
        return;
    self->history = seconds;
    vimana_stats_sampler_renew_host (self);
}

guint
vimana_stats_sampler_get_history (VimanaStatsSampler *self)
{
    g_return_val_if_fail (VIMANA_IS_STATS_SAMPLER (self), 0);
    return self->history;
}

/**
 * vimana_stats_sampler_set_slow:
 * @self: a #VimanaStatsSampler
 * @slow: whether nobody looks at the graphs
 *
 * Samples five times less often while @slow; the histories keep their time axis (the missed
 * slots are gaps).
 */
void
vimana_stats_sampler_set_slow (VimanaStatsSampler *self,
                               gboolean            slow)
{
    g_return_if_fail (VIMANA_IS_STATS_SAMPLER (self));

    if (self->slow == slow)
        return;
    self->slow = slow;
    vimana_stats_sampler_schedule (self);
}

/* Returns: (transfer none): the host's statistics */
VimanaHostStats *
vimana_stats_sampler_get_host_stats (VimanaStatsSampler *self)
{
    g_return_val_if_fail (VIMANA_IS_STATS_SAMPLER (self), NULL);
    return self->host;
}

guint
vimana_stats_sampler_get_ticks (VimanaStatsSampler *self)
{
    g_return_val_if_fail (VIMANA_IS_STATS_SAMPLER (self), 0);
    return self->ticks;
}

/* Returns: how many libvirt calls the last tick made */
guint
vimana_stats_sampler_get_last_calls (VimanaStatsSampler *self)
{
    g_return_val_if_fail (VIMANA_IS_STATS_SAMPLER (self), 0);
    return self->last_calls;
}

/* Returns: how many libvirt calls failed since the sampler was made */
guint
vimana_stats_sampler_get_failed_calls (VimanaStatsSampler *self)
{
    g_return_val_if_fail (VIMANA_IS_STATS_SAMPLER (self), 0);
    return self->failed_calls;
}

/* A guest's devices changed (hot-plug): its device list is read again next tick. */
void
vimana_stats_sampler_devices_changed (VimanaStatsSampler *self,
                                      const char         *uuid)
{
    g_return_if_fail (VIMANA_IS_STATS_SAMPLER (self));

    vimana_sampler_state_mark_dirty (self->state, uuid);
}
