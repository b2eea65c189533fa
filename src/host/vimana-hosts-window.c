/* vimana-hosts-window.c: every open connection's host side by side, with balance advice
 *
 * One row per host: two connections that reach the same host (same host UUID, or the same URI
 * where the driver has none) are one row. Each host's CPU is its own busy time averaged over
 * the chosen window (virNodeGetCPUStats through the sampler), and never less than the sum of
 * its guests' (a driver may not report the node's CPU); its memory committed is the sum of its
 * running guests' memory, its free memory the sampler's newest reading. Those figures feed the
 * pure balance and consolidation advisors (vimana-balance.c), whose proposals are listed with
 * an Apply button that opens the Migrate dialog for that guest and destination.
 *
 * The window recomputes once per sampler round: each open connection's sampler ticks once per
 * interval, and the window waits until every one has ticked (or one ticks twice) before it
 * refreshes, so ten connections cost one refresh per interval, not ten. Hidden, it skips them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hosts-window"

#include "config.h"

#include "vimana-hosts-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vimana-balance.h"
#include "vimana-connection.h"
#include "vimana-domain-stats.h"
#include "vimana-domain.h"
#include "vimana-graph.h"
#include "vimana-host-stats.h"
#include "vimana-migrate-dialog.h"
#include "vimana-migration-check.h"
#include "vimana-stats-sampler.h"

struct _VimanaHostsWindow
{
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkComboBoxText *window_combo;
    GtkListStore    *hosts_store;
    GtkListBox      *proposals_list;
    GtkLabel        *consolidation_label;

    /* owned references */
    GListModel   *connections;
    GPtrArray    *watched;      /* VimanaConnection whose signals are connected */
    GHashTable   *identities;   /* VimanaConnection → host identity (char *) */
    GHashTable   *ticked;       /* VimanaStatsSampler that ticked this round */
    GPtrArray    *proposals;    /* VimanaBalanceProposal, what the list shows */
    char         *proposals_key; /* their descriptions, to rebuild the rows only on a change */
    GCancellable *cancellable;
    guint         window_seconds;
};

G_DEFINE_FINAL_TYPE (VimanaHostsWindow, vimana_hosts_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    PROP_0,
    PROP_CONNECTIONS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
vimana_hosts_window_usable (VimanaConnection *connection)
{
    return vimana_connection_get_state (connection) == VIMANA_CONNECTION_STATE_CONNECTED &&
           vimana_connection_get_loaded (connection);
}

static gboolean
vimana_hosts_window_is_running (VimanaDomain *domain)
{
    VimanaDomainState state = vimana_domain_get_state (domain);

    return state == VIMANA_DOMAIN_STATE_RUNNING || state == VIMANA_DOMAIN_STATE_BLOCKED;
}

/* The average of @ring over the last @seconds it holds; NAN when it holds nothing. */
static double
vimana_hosts_window_average (const VimanaStatsRing *ring,
                             guint                  seconds)
{
    gint64 end;

    if (ring == NULL || vimana_stats_ring_is_empty (ring))
        return NAN;
    end = vimana_stats_ring_get_last_time (ring);
    return vimana_stats_ring_summarize (ring, end - (gint64) seconds * G_USEC_PER_SEC, end + 1).avg;
}

/* ---- host identities ---- */

static void vimana_hosts_window_schedule (VimanaHostsWindow *self);

static void
vimana_hosts_window_identity_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    VimanaConnection *connection = VIMANA_CONNECTION (source);
    g_autoptr(GError) error = NULL;
    char *identity = vimana_migration_read_host_identity_finish (connection, result, &error);
    VimanaHostsWindow *self;

    self = VIMANA_HOSTS_WINDOW (user_data);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_object_unref (self);
        return;
    }
    /* Without an answer the URI stands for the host: it is read again on reconnecting. */
    g_hash_table_replace (self->identities, g_object_ref (connection),
                          identity != NULL ? identity
                                           : g_strdup (vimana_connection_get_uri (connection)));
    vimana_hosts_window_refresh (self);
    g_object_unref (self);
}

static void
vimana_hosts_window_read_identity (VimanaHostsWindow *self,
                                   VimanaConnection  *connection)
{
    if (!vimana_hosts_window_usable (connection) ||
        g_hash_table_contains (self->identities, connection))
        return;
    /* Pending until it answers: the URI meanwhile. */
    g_hash_table_insert (self->identities, g_object_ref (connection),
                         g_strdup (vimana_connection_get_uri (connection)));
    vimana_migration_read_host_identity_async (connection, self->cancellable,
                                               vimana_hosts_window_identity_cb,
                                               g_object_ref (self));
}

static const char *
vimana_hosts_window_identity (VimanaHostsWindow *self,
                              VimanaConnection  *connection)
{
    const char *identity = g_hash_table_lookup (self->identities, connection);

    return identity != NULL ? identity : vimana_connection_get_uri (connection);
}

/* ---- one refresh ---- */

typedef struct
{
    GArray    *hosts;     /* VimanaBalanceHost */
    GArray    *guests;    /* VimanaBalanceGuest */
    GPtrArray *strings;   /* what the two borrow */
    GPtrArray *names;     /* per host: the connections' names, joined */
} VimanaHostsInputs;

static const char *
vimana_hosts_inputs_keep (VimanaHostsInputs *inputs,
                          char              *string)
{
    g_ptr_array_add (inputs->strings, string);
    return string;
}

static gint
vimana_hosts_inputs_find (VimanaHostsInputs *inputs,
                          const char        *identity)
{
    for (guint i = 0; i < inputs->hosts->len; i++) {
        if (g_strcmp0 (g_array_index (inputs->hosts, VimanaBalanceHost, i).host_uuid,
                       identity) == 0)
            return (gint) i;
    }
    return -1;
}

/* Adds @connection's running guests and, the first time its host is seen, the host. */
static void
vimana_hosts_inputs_add (VimanaHostsWindow *self,
                         VimanaHostsInputs *inputs,
                         VimanaConnection  *connection,
                         GHashTable        *seen_guests)
{
    const char *identity = vimana_hosts_window_identity (self, connection);
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaHostStats *stats = sampler != NULL ? vimana_stats_sampler_get_host_stats (sampler) : NULL;
    GListModel *domains = vimana_connection_get_domains (connection);
    guint n = domains != NULL ? g_list_model_get_n_items (domains) : 0;
    gint index = vimana_hosts_inputs_find (inputs, identity);
    VimanaBalanceHost *host;
    double guests_cpu = 0.0;

    if (index < 0) {
        VimanaBalanceHost fresh = { 0 };
        double total = stats != NULL ? vimana_host_stats_get_memory_total (stats) : 0.0;
        float used = stats != NULL ? vimana_stats_ring_get_last (vimana_host_stats_get_memory (stats))
                                   : NAN;
        double busy = stats != NULL ?
                      vimana_hosts_window_average (vimana_host_stats_get_cpu (stats),
                                                   self->window_seconds) : NAN;

        fresh.host_uuid = vimana_hosts_inputs_keep (inputs, g_strdup (identity));
        fresh.name = vimana_hosts_inputs_keep (inputs,
                                               g_strdup (vimana_migration_get_host_name (connection)));
        fresh.cpus = stats != NULL ? vimana_host_stats_get_cpus (stats) : 0;
        fresh.cpu_used = isnan (busy) ? 0.0 : busy / 100.0 * fresh.cpus;
        fresh.memory_total_kib = (guint64) (total / 1024.0);
        /* G_MAXUINT64: not read; worked out from the total and the guests afterwards. */
        fresh.memory_free_kib = isnan (used) || total <= 0.0 ? G_MAXUINT64
                                : (guint64) MAX (total - used, 0.0) / 1024;
        g_array_append_val (inputs->hosts, fresh);
        g_ptr_array_add (inputs->names, g_string_new (fresh.name));
        index = (gint) inputs->hosts->len - 1;
    } else {
        GString *names = g_ptr_array_index (inputs->names, index);

        /* Translators: between the names of two connections that reach one host. */
        g_string_append_printf (names, _(", %s"), vimana_migration_get_host_name (connection));
    }
    host = &g_array_index (inputs->hosts, VimanaBalanceHost, index);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);
        VimanaBalanceGuest guest = { 0 };
        VimanaDomainStats *domain_stats;
        double share;

        if (!vimana_hosts_window_is_running (domain) ||
            g_hash_table_contains (seen_guests, vimana_domain_get_uuid (domain)))
            continue;
        g_hash_table_add (seen_guests, g_strdup (vimana_domain_get_uuid (domain)));
        domain_stats = vimana_domain_get_stats (domain);
        share = domain_stats != NULL ?
                vimana_hosts_window_average (vimana_domain_stats_get_ring (domain_stats,
                                                                           VIMANA_STAT_CPU),
                                             self->window_seconds) : NAN;
        if (host->cpus == 0 && domain_stats != NULL)
            host->cpus = vimana_domain_stats_get_host_cpus (domain_stats);
        guest.uuid = vimana_hosts_inputs_keep (inputs, g_strdup (vimana_domain_get_uuid (domain)));
        guest.name = vimana_hosts_inputs_keep (inputs, g_strdup (vimana_domain_get_name (domain)));
        guest.host_uuid = host->host_uuid;
        guest.cpu_used = isnan (share) ? 0.0 : share / 100.0 * MAX (host->cpus, 1);
        guest.memory_kib = vimana_domain_get_memory (domain);
        host->memory_committed_kib += guest.memory_kib;
        guests_cpu += guest.cpu_used;
        g_array_append_val (inputs->guests, guest);
    }
    /* The host is at least as busy as its guests, and no busier than all its CPUs (the test
     * driver's guests together claim more than that). */
    host->cpu_used = MAX (host->cpu_used, guests_cpu);
    if (host->cpus > 0)
        host->cpu_used = MIN (host->cpu_used, (double) host->cpus);
}

static void
vimana_hosts_names_free (gpointer data)
{
    g_string_free (data, TRUE);
}

static void
vimana_hosts_inputs_clear (VimanaHostsInputs *inputs)
{
    g_array_unref (inputs->hosts);
    g_array_unref (inputs->guests);
    g_ptr_array_unref (inputs->strings);
    g_ptr_array_unref (inputs->names);
}

static char *
vimana_hosts_window_size (guint64 kib)
{
    return g_format_size_full (kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
}

static void
vimana_hosts_window_fill_hosts (VimanaHostsWindow *self,
                                VimanaHostsInputs *inputs)
{
    g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
    GtkTreeModel *model = GTK_TREE_MODEL (self->hosts_store);
    GtkTreeIter iter;
    gboolean valid;

    for (guint i = 0; i < inputs->guests->len; i++) {
        const char *host = g_array_index (inputs->guests, VimanaBalanceGuest, i).host_uuid;

        g_hash_table_insert (counts, (gpointer) host,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, host)) + 1));
    }

    /* The same hosts as before: the rows are updated in place, so the selection stays. */
    if ((guint) gtk_tree_model_iter_n_children (model, NULL) != inputs->hosts->len)
        gtk_list_store_clear (self->hosts_store);
    valid = gtk_tree_model_get_iter_first (model, &iter);
    for (guint i = 0; i < inputs->hosts->len; i++) {
        VimanaBalanceHost *host = &g_array_index (inputs->hosts, VimanaBalanceHost, i);
        GString *names = g_ptr_array_index (inputs->names, i);
        g_autofree char *cpu = host->cpus > 0 ?
                               vimana_graph_format_share (100.0 * host->cpu_used / host->cpus)
                               : g_strdup ("—");
        g_autofree char *committed = vimana_hosts_window_size (host->memory_committed_kib);
        g_autofree char *free_text = host->memory_total_kib > 0 ?
                                     vimana_hosts_window_size (host->memory_free_kib) : g_strdup ("—");

        if (!valid)
            gtk_list_store_append (self->hosts_store, &iter);
        gtk_list_store_set (self->hosts_store, &iter,
                            VIMANA_HOSTS_COLUMN_NAME, names->str,
                            VIMANA_HOSTS_COLUMN_CPU, cpu,
                            VIMANA_HOSTS_COLUMN_COMMITTED, committed,
                            VIMANA_HOSTS_COLUMN_FREE, free_text,
                            VIMANA_HOSTS_COLUMN_GUESTS,
                            GPOINTER_TO_UINT (g_hash_table_lookup (counts, host->host_uuid)),
                            VIMANA_HOSTS_COLUMN_IDENTITY, host->host_uuid, -1);
        valid = valid ? gtk_tree_model_iter_next (model, &iter) : FALSE;
    }
}

static void
vimana_hosts_window_apply_cb (GtkButton         *button,
                              VimanaHostsWindow *self)
{
    vimana_hosts_window_apply (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button),
                                                                          "vimana-index")));
}

static void
vimana_hosts_window_fill_proposals (VimanaHostsWindow *self)
{
    g_autoptr(GList) children = NULL;
    g_autoptr(GString) key = g_string_new (NULL);

    /* Unchanged advice keeps its rows: the focus stays on the Apply button it was on. */
    for (guint i = 0; i < self->proposals->len; i++) {
        g_autofree char *text = vimana_balance_proposal_describe (g_ptr_array_index (self->proposals, i));

        g_string_append (key, text);
        g_string_append_c (key, '\n');
    }
    if (g_strcmp0 (key->str, self->proposals_key) == 0)
        return;
    g_free (self->proposals_key);
    self->proposals_key = g_string_free (g_steal_pointer (&key), FALSE);

    children = gtk_container_get_children (GTK_CONTAINER (self->proposals_list));
    for (GList *l = children; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    for (guint i = 0; i < self->proposals->len; i++) {
        g_autofree char *text = vimana_balance_proposal_describe (g_ptr_array_index (self->proposals, i));
        g_autofree char *accessible = NULL;
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
        GtkWidget *label = gtk_label_new (text);
        GtkWidget *button = gtk_button_new_with_mnemonic (_("_Apply…"));
        GtkWidget *row;

        g_object_set (box, "margin", 6, NULL);
        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
        gtk_widget_set_hexpand (label, TRUE);
        gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
        /* Translators: the accessible name of a proposal's Apply button; %s is the proposal. */
        accessible = g_strdup_printf (_("Apply: %s"), text);
        atk_object_set_name (gtk_widget_get_accessible (button), accessible);
        gtk_widget_set_tooltip_text (button, _("Open the Migrate dialog for this move"));
        g_object_set_data (G_OBJECT (button), "vimana-index", GUINT_TO_POINTER (i));
        g_signal_connect_object (button, "clicked", G_CALLBACK (vimana_hosts_window_apply_cb),
                                 self, 0);
        gtk_container_add (GTK_CONTAINER (box), label);
        gtk_container_add (GTK_CONTAINER (box), button);
        row = gtk_list_box_row_new ();
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
        atk_object_set_name (gtk_widget_get_accessible (row), text);
        gtk_container_add (GTK_CONTAINER (row), box);
        gtk_widget_show_all (row);
        gtk_container_add (GTK_CONTAINER (self->proposals_list), row);
    }
}

static void
vimana_hosts_window_fill_consolidation (VimanaHostsWindow        *self,
                                        VimanaHostsInputs        *inputs,
                                        const VimanaBalanceRules *rules)
{
    g_autoptr(GPtrArray) power_down = NULL;
    g_autoptr(GPtrArray) moves = NULL;
    g_autoptr(GString) names = g_string_new (NULL);
    g_autofree char *line = NULL;

    if (inputs->hosts->len < 2) {
        gtk_label_set_text (self->consolidation_label,
                            _("Open connections to two hosts or more for balance and consolidation advice."));
        return;
    }
    moves = vimana_balance_consolidate ((VimanaBalanceHost *) inputs->hosts->data,
                                        inputs->hosts->len,
                                        (VimanaBalanceGuest *) inputs->guests->data,
                                        inputs->guests->len, rules, &power_down);
    for (guint i = 0; i < power_down->len; i++) {
        gint index = vimana_hosts_inputs_find (inputs, g_ptr_array_index (power_down, i));
        GString *host_names = g_ptr_array_index (inputs->names, index);

        if (names->len > 0)
            /* Translators: between the names of hosts that could be powered down. */
            g_string_append (names, _(", "));
        g_string_append (names, host_names->str);
    }
    line = vimana_balance_describe_power_down (power_down->len, names->str);
    gtk_label_set_text (self->consolidation_label, line);
}

/**
 * vimana_hosts_window_refresh:
 * @self: a #VimanaHostsWindow
 *
 * Reads the hosts' and guests' samples again over the chosen window and recomputes the
 * advice. The window calls it once per sampler round; tests call it to read it now.
 */
void
vimana_hosts_window_refresh (VimanaHostsWindow *self)
{
    g_autoptr(GHashTable) seen_guests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                               NULL);
    guint n = g_list_model_get_n_items (self->connections);
    VimanaHostsInputs inputs;
    VimanaBalanceRules rules;

    g_return_if_fail (VIMANA_IS_HOSTS_WINDOW (self));

    inputs.hosts = g_array_new (FALSE, TRUE, sizeof (VimanaBalanceHost));
    inputs.guests = g_array_new (FALSE, TRUE, sizeof (VimanaBalanceGuest));
    inputs.strings = g_ptr_array_new_with_free_func (g_free);
    inputs.names = g_ptr_array_new_with_free_func (vimana_hosts_names_free);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);

        if (vimana_hosts_window_usable (connection))
            vimana_hosts_inputs_add (self, &inputs, connection, seen_guests);
    }
    for (guint i = 0; i < inputs.hosts->len; i++) {
        VimanaBalanceHost *host = &g_array_index (inputs.hosts, VimanaBalanceHost, i);

        if (host->memory_free_kib == G_MAXUINT64)
            host->memory_free_kib = host->memory_total_kib > host->memory_committed_kib ?
                                    host->memory_total_kib - host->memory_committed_kib : 0;
    }

    vimana_balance_rules_init (&rules);
    g_ptr_array_set_size (self->proposals, 0);
    if (inputs.hosts->len >= 2) {
        g_autoptr(GPtrArray) proposals =
            vimana_balance_advise ((VimanaBalanceHost *) inputs.hosts->data, inputs.hosts->len,
                                   (VimanaBalanceGuest *) inputs.guests->data, inputs.guests->len,
                                   &rules);

        g_ptr_array_extend_and_steal (self->proposals, g_steal_pointer (&proposals));
    }
    vimana_hosts_window_fill_hosts (self, &inputs);
    vimana_hosts_window_fill_proposals (self);
    vimana_hosts_window_fill_consolidation (self, &inputs, &rules);
    vimana_hosts_inputs_clear (&inputs);
    g_hash_table_remove_all (self->ticked);
}

/* ---- ticks and connections ---- */

static void
vimana_hosts_window_tick_cb (VimanaStatsSampler *sampler,
                             gpointer            user_data)
{
    VimanaHostsWindow *self = user_data;
    guint n = g_list_model_get_n_items (self->connections);
    guint n_usable = 0;
    gboolean again = g_hash_table_contains (self->ticked, sampler);

    g_hash_table_add (self->ticked, sampler);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);

        if (vimana_hosts_window_usable (connection))
            n_usable++;
    }
    /* Once per round: when every open connection has ticked, or one ticks again first. */
    if (!again && g_hash_table_size (self->ticked) < n_usable)
        return;
    if (gtk_widget_is_drawable (GTK_WIDGET (self)))
        vimana_hosts_window_refresh (self);
    else
        g_hash_table_remove_all (self->ticked);
    if (again)
        g_hash_table_add (self->ticked, sampler);
}

static void
vimana_hosts_window_connection_cb (GObject    *object,
                                   GParamSpec *pspec,
                                   gpointer    user_data)
{
    VimanaHostsWindow *self = user_data;
    VimanaConnection *connection = VIMANA_CONNECTION (object);

    if (!vimana_hosts_window_usable (connection))
        g_hash_table_remove (self->identities, connection);
    vimana_hosts_window_read_identity (self, connection);
    vimana_hosts_window_schedule (self);
}

static gboolean
vimana_hosts_window_idle_cb (gpointer user_data)
{
    VimanaHostsWindow *self = user_data;

    g_object_set_data (G_OBJECT (self), "vimana-idle", NULL);
    vimana_hosts_window_refresh (self);
    return G_SOURCE_REMOVE;
}

/* A change of the connections: one refresh soon, however many changed at once. */
static void
vimana_hosts_window_schedule (VimanaHostsWindow *self)
{
    guint id;

    if (g_object_get_data (G_OBJECT (self), "vimana-idle") != NULL)
        return;
    id = g_idle_add_full (G_PRIORITY_LOW, vimana_hosts_window_idle_cb, g_object_ref (self),
                          g_object_unref);
    g_object_set_data (G_OBJECT (self), "vimana-idle", GUINT_TO_POINTER (id));
}

static void
vimana_hosts_window_unwatch (VimanaHostsWindow *self)
{
    for (guint i = 0; i < self->watched->len; i++) {
        VimanaConnection *connection = g_ptr_array_index (self->watched, i);
        VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);

        g_signal_handlers_disconnect_by_data (connection, self);
        if (sampler != NULL)
            g_signal_handlers_disconnect_by_data (sampler, self);
    }
    g_ptr_array_set_size (self->watched, 0);
}

static void
vimana_hosts_window_watch (VimanaHostsWindow *self)
{
    guint n = g_list_model_get_n_items (self->connections);

    vimana_hosts_window_unwatch (self);
    g_hash_table_remove_all (self->ticked);
    for (guint i = 0; i < n; i++) {
        VimanaConnection *connection = g_list_model_get_item (self->connections, i);
        VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);

        g_ptr_array_add (self->watched, connection);
        g_signal_connect_object (connection, "notify::state",
                                 G_CALLBACK (vimana_hosts_window_connection_cb), self, 0);
        g_signal_connect_object (connection, "notify::loaded",
                                 G_CALLBACK (vimana_hosts_window_connection_cb), self, 0);
        g_signal_connect_object (connection, "notify::display-name",
                                 G_CALLBACK (vimana_hosts_window_connection_cb), self, 0);
        if (sampler != NULL)
            g_signal_connect_object (sampler, "tick", G_CALLBACK (vimana_hosts_window_tick_cb),
                                     self, 0);
        vimana_hosts_window_read_identity (self, connection);
    }
}

static void
vimana_hosts_window_items_changed_cb (GListModel *model,
                                      guint       position,
                                      guint       removed,
                                      guint       added,
                                      gpointer    user_data)
{
    VimanaHostsWindow *self = user_data;

    vimana_hosts_window_watch (self);
    vimana_hosts_window_schedule (self);
}

static void
vimana_hosts_window_window_changed_cb (GtkComboBox       *combo,
                                       VimanaHostsWindow *self)
{
    const char *id = gtk_combo_box_get_active_id (combo);

    self->window_seconds = id != NULL ? (guint) g_ascii_strtoull (id, NULL, 10) : 300;
    if (self->connections != NULL)
        vimana_hosts_window_refresh (self);
}

/* ---- public ---- */

/**
 * vimana_hosts_window_apply:
 * @self: a #VimanaHostsWindow
 * @index: a proposal's position in the list
 *
 * Opens the Migrate dialog for the proposal's guest, its destination chosen. The dialog's own
 * checks run as for any move; nothing starts before the user confirms there.
 *
 * Returns: (transfer none) (nullable): the dialog; %NULL when the guest or the destination is
 *   no longer open
 */
GtkWindow *
vimana_hosts_window_apply (VimanaHostsWindow *self,
                           guint              index)
{
    VimanaBalanceProposal *proposal;
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    VimanaConnection *destination = NULL;
    guint n;
    GtkWidget *dialog;

    g_return_val_if_fail (VIMANA_IS_HOSTS_WINDOW (self), NULL);
    if (index >= self->proposals->len)
        return NULL;
    proposal = g_ptr_array_index (self->proposals, index);
    n = g_list_model_get_n_items (self->connections);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);
        const char *identity = vimana_hosts_window_identity (self, connection);
        VimanaDomain *domain;

        if (!vimana_hosts_window_usable (connection))
            continue;
        if (destination == NULL && g_strcmp0 (identity, proposal->to_host_uuid) == 0)
            destination = connection;
        if (domains->len == 0 && g_strcmp0 (identity, proposal->from_host_uuid) == 0 &&
            (domain = vimana_connection_lookup_domain (connection, proposal->guest_uuid)) != NULL)
            g_ptr_array_add (domains, domain);
    }
    if (destination == NULL || domains->len == 0)
        return NULL;
    dialog = vimana_migrate_dialog_new (GTK_WINDOW (self), self->connections, domains);
    vimana_migrate_dialog_set_purpose (VIMANA_MIGRATE_DIALOG (dialog), VIMANA_MIGRATE_PURPOSE_MOVE,
                                       destination);
    gtk_window_present (GTK_WINDOW (dialog));
    return GTK_WINDOW (dialog);
}

/* Returns: (transfer none): the hosts list's model (columns: VIMANA_HOSTS_COLUMN_*) */
GtkTreeModel *
vimana_hosts_window_get_hosts (VimanaHostsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOSTS_WINDOW (self), NULL);
    return GTK_TREE_MODEL (self->hosts_store);
}

/* Returns: how many connections' host identities have been read (or given up on) */
guint
vimana_hosts_window_get_n_identities (VimanaHostsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOSTS_WINDOW (self), 0);
    return g_hash_table_size (self->identities);
}

/* Returns: (transfer none) (element-type VimanaBalanceProposal): the proposals listed */
GPtrArray *
vimana_hosts_window_get_proposals (VimanaHostsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOSTS_WINDOW (self), NULL);
    return self->proposals;
}

const char *
vimana_hosts_window_get_consolidation (VimanaHostsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOSTS_WINDOW (self), NULL);
    return gtk_label_get_text (self->consolidation_label);
}

/* ---- GObject ---- */

static void
vimana_hosts_window_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_hosts_window_parent_class)->map (widget);
    /* Rounds were skipped while hidden: catch up now. */
    vimana_hosts_window_refresh (VIMANA_HOSTS_WINDOW (widget));
}

static void
vimana_hosts_window_constructed (GObject *object)
{
    VimanaHostsWindow *self = VIMANA_HOSTS_WINDOW (object);

    G_OBJECT_CLASS (vimana_hosts_window_parent_class)->constructed (object);

    g_assert (self->connections != NULL);
    g_signal_connect_object (self->connections, "items-changed",
                             G_CALLBACK (vimana_hosts_window_items_changed_cb), self, 0);
    vimana_hosts_window_watch (self);
    vimana_hosts_window_window_changed_cb (GTK_COMBO_BOX (self->window_combo), self);
}

static void
vimana_hosts_window_dispose (GObject *object)
{
    VimanaHostsWindow *self = VIMANA_HOSTS_WINDOW (object);
    guint idle = GPOINTER_TO_UINT (g_object_get_data (object, "vimana-idle"));

    if (idle != 0) {
        g_object_set_data (object, "vimana-idle", NULL);
        g_source_remove (idle);
    }
    g_cancellable_cancel (self->cancellable);
    if (self->watched != NULL)
        vimana_hosts_window_unwatch (self);
    if (self->connections != NULL)
        g_signal_handlers_disconnect_by_data (self->connections, self);
    g_clear_pointer (&self->watched, g_ptr_array_unref);
    g_clear_pointer (&self->identities, g_hash_table_unref);
    g_clear_pointer (&self->ticked, g_hash_table_unref);
    g_clear_pointer (&self->proposals, g_ptr_array_unref);
    g_clear_pointer (&self->proposals_key, g_free);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->connections);

    G_OBJECT_CLASS (vimana_hosts_window_parent_class)->dispose (object);
}

static void
vimana_hosts_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
    VimanaHostsWindow *self = VIMANA_HOSTS_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        self->connections = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_hosts_window_class_init (VimanaHostsWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = vimana_hosts_window_constructed;
    object_class->dispose = vimana_hosts_window_dispose;
    object_class->set_property = vimana_hosts_window_set_property;
    widget_class->map = vimana_hosts_window_map;

    properties[PROP_CONNECTIONS] =
        g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 RESOURCE_PREFIX "/ui/vimana-hosts-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaHostsWindow, window_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostsWindow, hosts_store);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostsWindow, proposals_list);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostsWindow, consolidation_label);
    gtk_widget_class_bind_template_callback (widget_class, vimana_hosts_window_window_changed_cb);
}

static void
vimana_hosts_window_init (VimanaHostsWindow *self)
{
    self->watched = g_ptr_array_new_with_free_func (g_object_unref);
    self->identities = g_hash_table_new_full (NULL, NULL, g_object_unref, g_free);
    self->ticked = g_hash_table_new (NULL, NULL);
    self->proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_balance_proposal_free);
    self->cancellable = g_cancellable_new ();
    self->window_seconds = 300;
    gtk_widget_init_template (GTK_WIDGET (self));
    {
        GtkWidget *placeholder = gtk_label_new (_("No move proposed: the hosts are balanced, or "
                                                  "no guest fits on a less busy host."));

        gtk_label_set_line_wrap (GTK_LABEL (placeholder), TRUE);
        g_object_set (placeholder, "margin", 12, NULL);
        gtk_style_context_add_class (gtk_widget_get_style_context (placeholder), "dim-label");
        gtk_widget_show (placeholder);
        gtk_list_box_set_placeholder (self->proposals_list, placeholder);
    }
}

/**
 * vimana_hosts_window_new:
 * @app: (nullable): the application
 * @connections: (element-type VimanaConnection): the open connections
 */
GtkWidget *
vimana_hosts_window_new (GtkApplication *app,
                         GListModel     *connections)
{
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);
    return g_object_new (VIMANA_TYPE_HOSTS_WINDOW, "application", app, "connections", connections,
                         NULL);
}

/**
 * vimana_hosts_window_show:
 * @app: the application
 * @connections: (element-type VimanaConnection): the open connections
 *
 * Presents the Hosts window, opening it if needed: there is one.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
vimana_hosts_window_show (GtkApplication *app,
                          GListModel     *connections)
{
    GtkWidget *window;

    for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next) {
        if (VIMANA_IS_HOSTS_WINDOW (l->data)) {
            gtk_window_present (l->data);
            return l->data;
        }
    }
    window = vimana_hosts_window_new (app, connections);
    gtk_window_present (GTK_WINDOW (window));
    return GTK_WINDOW (window);
}
