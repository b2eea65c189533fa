/* vimana-host-window.c: one connection's host: its CPU and memory, and its busiest guests
 *
 * The graphs read the host's own statistics (virNodeGetCPUStats, virNodeGetMemoryStats through
 * the sampler), not the sum of the guests: a host can be busy with work that is not a guest.
 * The sampler replaces its host statistics object when the interval or history changes; the
 * window binds its graphs again when that happens. Below, four short lists name the guests
 * that use most of each resource now; they are recomputed on each tick in one pass over the
 * connection's guests, keeping only the leaders, and only while the window is drawable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host-window"

#include "config.h"

#include "vimana-host-window.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vimana-application.h"
#include "vimana-domain-tree.h"
#include "vimana-host-interfaces-page.h"
#include "vimana-host-networks-page.h"
#include "vimana-host-storage-page.h"

typedef struct
{
    GtkListBox *list;
    GtkLabel   *placeholder;
    GtkWidget  *rows[VIMANA_HOST_TOP_SIZE];
    GtkLabel   *names[VIMANA_HOST_TOP_SIZE];
    GtkLabel   *values[VIMANA_HOST_TOP_SIZE];
    GPtrArray  *domains;      /* VimanaDomain, owned: what the rows show, in order */
} VimanaHostTopList;

struct _VimanaHostWindow
{
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkHeaderBar             *header_bar;
    GtkStack                 *stack;
    VimanaHostStoragePage    *storage_page;
    VimanaHostNetworksPage   *networks_page;
    VimanaHostInterfacesPage *interfaces_page;
    GtkComboBoxText          *range_combo;
    VimanaGraph              *cpu_graph;
    VimanaGraph              *memory_graph;
    GtkLabel                 *cpu_summary;
    GtkLabel                 *memory_summary;
    VimanaHostTopList         tops[VIMANA_HOST_N_TOPS];

    /* owned references */
    VimanaConnection   *connection;
    VimanaStatsSampler *sampler;
    VimanaHostStats    *host;
};

G_DEFINE_FINAL_TYPE (VimanaHostWindow, vimana_host_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    PROP_0,
    PROP_CONNECTION,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What each list ranks by, and how its values read. */
static const struct
{
    VimanaDomainTreeSort sort;
    VimanaGraphUnit      unit;
} vimana_host_tops[VIMANA_HOST_N_TOPS] = {
    [VIMANA_HOST_TOP_CPU] = { VIMANA_DOMAIN_TREE_SORT_CPU, VIMANA_GRAPH_UNIT_PERCENT },
    [VIMANA_HOST_TOP_MEMORY] = { VIMANA_DOMAIN_TREE_SORT_MEMORY_USE, VIMANA_GRAPH_UNIT_BYTES },
    [VIMANA_HOST_TOP_DISK] = { VIMANA_DOMAIN_TREE_SORT_DISK, VIMANA_GRAPH_UNIT_BYTES_PER_SECOND },
    [VIMANA_HOST_TOP_NETWORK] = { VIMANA_DOMAIN_TREE_SORT_NETWORK,
                                  VIMANA_GRAPH_UNIT_BYTES_PER_SECOND },
};

/* ---- the header ---- */

static void
vimana_host_window_update_header (VimanaHostWindow *self)
{
    g_autofree char *title = NULL;
    g_autofree char *subtitle = NULL;

    /* Translators: the host window's title; %s is the connection's name, e.g. "QEMU/KVM". */
    title = g_strdup_printf (_("%s — Host"), vimana_connection_get_display_name (self->connection));
    /* Translators: under the host window's title: the connection's URI and its state, e.g.
     * "qemu:///system · Connected". */
    subtitle = g_strdup_printf (_("%s · %s"), vimana_connection_get_uri (self->connection),
                                vimana_connection_state_to_string (
                                    vimana_connection_get_state (self->connection)));
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_header_bar_set_title (self->header_bar, title);
    gtk_header_bar_set_subtitle (self->header_bar, subtitle);
}

/* ---- the graphs ---- */

/* CPU shares in whole percents, as the list and the Performance page write them. */
static char *
vimana_host_window_format (VimanaGraphUnit unit,
                           float           value)
{
    if (isnan (value))
        return g_strdup ("—");
    if (unit == VIMANA_GRAPH_UNIT_PERCENT)
        return vimana_graph_format_share (value);
    return vimana_graph_format_value (unit, value);
}

static char *
vimana_host_window_now_average_peak (VimanaGraph *graph)
{
    VimanaGraphUnit unit = vimana_graph_get_unit (graph);
    float current = NAN;
    VimanaStatsSpan span = vimana_graph_get_summary (graph, 0, &current);
    g_autofree char *now = vimana_host_window_format (unit, current);
    g_autofree char *average = vimana_host_window_format (unit, span.avg);
    g_autofree char *peak = vimana_host_window_format (unit, span.max);

    /* Translators: a graph's newest value, average and highest over the range shown. */
    return g_strdup_printf (_("%s now · %s average · %s peak"), now, average, peak);
}

static void
vimana_host_window_update_summaries (VimanaHostWindow *self)
{
    guint cpus = vimana_host_stats_get_cpus (self->host);
    double total = vimana_host_stats_get_memory_total (self->host);
    g_autofree char *cpu = NULL;
    g_autofree char *memory = NULL;

    /* What the host has is worth saying even when its use cannot be shown. */
    if (vimana_graph_get_unavailable (self->cpu_graph) == NULL) {
        g_autofree char *values = vimana_host_window_now_average_peak (self->cpu_graph);

        cpu = cpus > 0 ? g_strdup_printf (ngettext ("%s\nof the host’s %u CPU",
                                                    "%s\nof the host’s %u CPUs", cpus),
                                          values, cpus)
                       : g_steal_pointer (&values);
    } else if (cpus > 0) {
        cpu = g_strdup_printf (ngettext ("The host has %u CPU.", "The host has %u CPUs.", cpus),
                               cpus);
    }

    if (total > 0) {
        g_autofree char *size = vimana_graph_format_value (VIMANA_GRAPH_UNIT_BYTES, total);

        if (vimana_graph_get_unavailable (self->memory_graph) == NULL) {
            g_autofree char *values = vimana_host_window_now_average_peak (self->memory_graph);

            /* Translators: %s is "… now · … average · … peak", then the host's memory. */
            memory = g_strdup_printf (_("%s\nof the host’s %s"), values, size);
        } else {
            memory = g_strdup_printf (_("The host has %s of memory."), size);
        }
    } else if (vimana_graph_get_unavailable (self->memory_graph) == NULL) {
        memory = vimana_host_window_now_average_peak (self->memory_graph);
    }

    gtk_label_set_text (self->cpu_summary, cpu ? cpu : "");
    gtk_label_set_text (self->memory_summary, memory ? memory : "");
}

/* A reason counts only while there is no value: older samples stay visible. */
static void
vimana_host_window_update_reason (VimanaHostWindow      *self,
                                  VimanaGraph           *graph,
                                  const VimanaStatsRing *ring,
                                  const char            *reason)
{
    if (reason == NULL && vimana_stats_ring_is_empty (ring) &&
        vimana_connection_get_state (self->connection) == VIMANA_CONNECTION_STATE_DISCONNECTED)
        reason = _("The connection is closed.");
    if (reason != NULL && isnan (vimana_stats_ring_get_last (ring)))
        vimana_graph_set_unavailable (graph, reason);
    else
        vimana_graph_set_unavailable (graph, NULL);
}

static void
vimana_host_window_update_graphs (VimanaHostWindow *self)
{
    double total = vimana_host_stats_get_memory_total (self->host);

    vimana_host_window_update_reason (self, self->cpu_graph, vimana_host_stats_get_cpu (self->host),
                                      vimana_host_stats_get_cpu_unavailable (self->host));
    vimana_host_window_update_reason (self, self->memory_graph,
                                      vimana_host_stats_get_memory (self->host),
                                      vimana_host_stats_get_memory_unavailable (self->host));
    /* Without a total the scale fits what is shown. */
    vimana_graph_set_max (self->memory_graph, total > 0 ? total : 0);
    vimana_graph_update (self->cpu_graph);
    vimana_graph_update (self->memory_graph);
    vimana_host_window_update_summaries (self);
}

static void
vimana_host_window_bind (VimanaHostWindow *self)
{
    g_set_object (&self->host, vimana_stats_sampler_get_host_stats (self->sampler));

    vimana_graph_clear_series (self->cpu_graph);
    vimana_graph_clear_series (self->memory_graph);
    vimana_graph_add_series (self->cpu_graph, G_OBJECT (self->host),
                             vimana_host_stats_get_cpu (self->host), _("CPU"));
    vimana_graph_add_series (self->memory_graph, G_OBJECT (self->host),
                             vimana_host_stats_get_memory (self->host), _("Memory"));
    vimana_graph_set_max (self->cpu_graph, 100.0);
    vimana_host_window_update_graphs (self);
}

static void
vimana_host_window_host_stats_cb (GObject    *sampler,
                                  GParamSpec *pspec,
                                  gpointer    user_data)
{
    vimana_host_window_bind (VIMANA_HOST_WINDOW (user_data));
}

/* ---- the top guests ---- */

typedef struct
{
    VimanaDomain *domain;
    double        value;
} VimanaHostRanked;

static gboolean
vimana_host_ranked_before (VimanaDomain           *domain,
                           double                  value,
                           const VimanaHostRanked *other)
{
    if (value != other->value)
        return value > other->value;
    /* Equal values: by name, so the order does not flicker from tick to tick. */
    return g_utf8_collate (vimana_domain_get_name (domain),
                           vimana_domain_get_name (other->domain)) < 0;
}

/* Inserts @domain among the leaders when it belongs there; @ranked stays sorted. */
static void
vimana_host_ranked_offer (VimanaHostRanked *ranked,
                          guint            *n_ranked,
                          VimanaDomain     *domain,
                          double            value)
{
    guint position = *n_ranked;

    while (position > 0 && vimana_host_ranked_before (domain, value, &ranked[position - 1]))
        position--;
    if (position >= VIMANA_HOST_TOP_SIZE)
        return;
    if (*n_ranked < VIMANA_HOST_TOP_SIZE)
        (*n_ranked)++;
    memmove (&ranked[position + 1], &ranked[position],
             (*n_ranked - 1 - position) * sizeof (VimanaHostRanked));
    ranked[position].domain = domain;
    ranked[position].value = value;
}

static void
vimana_host_window_show_top (VimanaHostWindow       *self,
                             VimanaHostTop           which,
                             const VimanaHostRanked *ranked,
                             guint                   n_ranked)
{
    VimanaHostTopList *top = &self->tops[which];

    g_ptr_array_set_size (top->domains, 0);
    for (guint i = 0; i < VIMANA_HOST_TOP_SIZE; i++) {
        g_autofree char *value = NULL;
        g_autofree char *accessible = NULL;
        g_autofree char *tooltip = NULL;
        const char *name;

        gtk_widget_set_visible (top->rows[i], i < n_ranked);
        if (i >= n_ranked)
            continue;

        g_ptr_array_add (top->domains, g_object_ref (ranked[i].domain));
        name = vimana_domain_get_name (ranked[i].domain);
        value = vimana_host_window_format (vimana_host_tops[which].unit, ranked[i].value);
        gtk_label_set_text (top->names[i], name);
        gtk_label_set_text (top->values[i], value);

        /* Translators: a row of a "Top guests" list for screen readers: guest, then value. */
        accessible = g_strdup_printf (_("%s: %s"), name, value);
        atk_object_set_name (gtk_widget_get_accessible (top->rows[i]), accessible);
        tooltip = g_strdup_printf (_("Open the performance graphs of “%s”"), name);
        gtk_widget_set_tooltip_text (top->rows[i], tooltip);
    }
}

static gboolean
vimana_host_window_is_running (VimanaDomain *domain)
{
    VimanaDomainState state = vimana_domain_get_state (domain);

    return state == VIMANA_DOMAIN_STATE_RUNNING || state == VIMANA_DOMAIN_STATE_BLOCKED;
}

static void
vimana_host_window_update_tops (VimanaHostWindow *self)
{
    GListModel *domains = vimana_connection_get_domains (self->connection);
    VimanaHostRanked ranked[VIMANA_HOST_N_TOPS][VIMANA_HOST_TOP_SIZE];
    guint n_ranked[VIMANA_HOST_N_TOPS] = { 0 };
    guint n = domains != NULL ? g_list_model_get_n_items (domains) : 0;
    gboolean any_running = FALSE;

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        if (!vimana_host_window_is_running (domain))
            continue;
        any_running = TRUE;
        for (guint t = 0; t < VIMANA_HOST_N_TOPS; t++) {
            double value = vimana_domain_tree_stat_value (domain, vimana_host_tops[t].sort);

            if (!isnan (value))
                vimana_host_ranked_offer (ranked[t], &n_ranked[t], domain, value);
        }
    }
    /* The model holds the guests: the borrowed pointers above are still good here. */
    for (guint t = 0; t < VIMANA_HOST_N_TOPS; t++) {
        /* Shown only when the list is empty: say whether anything runs at all. */
        gtk_label_set_text (self->tops[t].placeholder,
                            any_running ? _("No running guest reports this yet")
                                        : _("No running guests"));
        vimana_host_window_show_top (self, t, ranked[t], n_ranked[t]);
    }
}

static void
vimana_host_window_row_activated_cb (GtkListBox    *list,
                                     GtkListBoxRow *row,
                                     gpointer       user_data)
{
    VimanaHostWindow *self = user_data;
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
    int index = gtk_list_box_row_get_index (row);

    for (guint t = 0; t < VIMANA_HOST_N_TOPS; t++) {
        VimanaDomain *domain;

        if (self->tops[t].list != list)
            continue;
        if (index < 0 || (guint) index >= self->tops[t].domains->len)
            return;
        domain = g_ptr_array_index (self->tops[t].domains, index);
        if (VIMANA_IS_APPLICATION (app) && !vimana_domain_get_removed (domain))
            vimana_application_show_details (VIMANA_APPLICATION (app), domain, "performance");
        return;
    }
}

static void
vimana_host_window_build_top (VimanaHostWindow *self,
                              VimanaHostTop     which)
{
    VimanaHostTopList *top = &self->tops[which];
    GtkWidget *placeholder = gtk_label_new (_("No running guests"));

    top->domains = g_ptr_array_new_with_free_func (g_object_unref);
    top->placeholder = GTK_LABEL (placeholder);
    gtk_label_set_line_wrap (top->placeholder, TRUE);
    gtk_label_set_justify (top->placeholder, GTK_JUSTIFY_CENTER);
    gtk_style_context_add_class (gtk_widget_get_style_context (placeholder), "dim-label");
    g_object_set (placeholder, "margin", 12, NULL);
    gtk_widget_show (placeholder);
    gtk_list_box_set_placeholder (top->list, placeholder);

    /* The rows are made once and refilled each tick: nothing is allocated per tick. */
    for (guint i = 0; i < VIMANA_HOST_TOP_SIZE; i++) {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
        GtkWidget *name = gtk_label_new (NULL);
        GtkWidget *value = gtk_label_new (NULL);

        g_object_set (box, "margin-start", 12, "margin-end", 12, "margin-top", 6,
                      "margin-bottom", 6, NULL);
        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
        gtk_label_set_width_chars (GTK_LABEL (name), 8);
        gtk_widget_set_hexpand (name, TRUE);
        gtk_label_set_xalign (GTK_LABEL (value), 1);
        gtk_style_context_add_class (gtk_widget_get_style_context (value), "dim-label");
        gtk_container_add (GTK_CONTAINER (box), name);
        gtk_container_add (GTK_CONTAINER (box), value);

        top->rows[i] = gtk_list_box_row_new ();
        top->names[i] = GTK_LABEL (name);
        top->values[i] = GTK_LABEL (value);
        gtk_container_add (GTK_CONTAINER (top->rows[i]), box);
        gtk_widget_show_all (box);
        gtk_widget_set_no_show_all (top->rows[i], TRUE);
        gtk_container_add (GTK_CONTAINER (top->list), top->rows[i]);
    }
}

/* ---- ticks ---- */

static void
vimana_host_window_refresh (VimanaHostWindow *self)
{
    vimana_host_window_update_graphs (self);
    vimana_host_window_update_tops (self);
}

static void
vimana_host_window_tick_cb (VimanaStatsSampler *sampler,
                            gpointer            user_data)
{
    VimanaHostWindow *self = user_data;

    if (gtk_widget_is_drawable (GTK_WIDGET (self)))
        vimana_host_window_refresh (self);
}

static void
vimana_host_window_connection_state_cb (GObject    *connection,
                                        GParamSpec *pspec,
                                        gpointer    user_data)
{
    VimanaHostWindow *self = user_data;

    vimana_host_window_update_header (self);
    /* A closed connection has no guests to rank and no ticks to say so. */
    vimana_host_window_refresh (self);
}

/* ---- controls ---- */

static void
vimana_host_window_range_changed_cb (GtkComboBox      *combo,
                                     VimanaHostWindow *self)
{
    const char *id = gtk_combo_box_get_active_id (combo);
    guint seconds = id ? (guint) g_ascii_strtoull (id, NULL, 10) : 600;

    vimana_graph_set_range (self->cpu_graph, seconds);
    vimana_graph_set_range (self->memory_graph, seconds);
    if (self->host != NULL)
        vimana_host_window_update_summaries (self);
}

static void
vimana_host_window_graph_error_cb (VimanaGraph  *graph,
                                   const GError *error,
                                   gpointer      user_data)
{
    GtkWidget *dialog;

    /* Saving failed where the user asked for it: say so over this window. */
    dialog = gtk_message_dialog_new (GTK_WINDOW (user_data), GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s",
                                     _("The graph could not be saved."));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_host_window_page_changed_cb (GtkStack         *stack,
                                    GParamSpec       *pspec,
                                    VimanaHostWindow *self)
{
    const char *page = gtk_stack_get_visible_child_name (stack);

    /* A page lists what it shows when first seen: the summary alone costs nothing extra. */
    if (g_strcmp0 (page, "storage") == 0)
        vimana_host_storage_page_load (self->storage_page);
    else if (g_strcmp0 (page, "networks") == 0)
        vimana_host_networks_page_load (self->networks_page);
    else if (g_strcmp0 (page, "interfaces") == 0)
        vimana_host_interfaces_page_load (self->interfaces_page);
}

/* ---- GObject ---- */

static void
vimana_host_window_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_host_window_parent_class)->map (widget);
    /* Ticks were skipped while hidden: catch up now. */
    vimana_host_window_refresh (VIMANA_HOST_WINDOW (widget));
    gtk_window_set_focus (GTK_WINDOW (widget), NULL);
}

static void
vimana_host_window_constructed (GObject *object)
{
    VimanaHostWindow *self = VIMANA_HOST_WINDOW (object);

    G_OBJECT_CLASS (vimana_host_window_parent_class)->constructed (object);

    g_assert (self->connection != NULL);

    self->sampler = g_object_ref (vimana_connection_get_sampler (self->connection));
    g_signal_connect_object (self->sampler, "notify::host-stats",
                             G_CALLBACK (vimana_host_window_host_stats_cb), self, 0);
    g_signal_connect_object (self->sampler, "tick", G_CALLBACK (vimana_host_window_tick_cb), self,
                             0);
    g_signal_connect_object (self->connection, "notify::state",
                             G_CALLBACK (vimana_host_window_connection_state_cb), self, 0);
    g_signal_connect_object (self->connection, "notify::display-name",
                             G_CALLBACK (vimana_host_window_connection_state_cb), self, 0);

    vimana_host_window_update_header (self);
    vimana_host_storage_page_set_connection (self->storage_page, self->connection);
    vimana_host_networks_page_set_connection (self->networks_page, self->connection);
    vimana_host_interfaces_page_set_connection (self->interfaces_page, self->connection);
    vimana_host_window_bind (self);
    vimana_host_window_range_changed_cb (GTK_COMBO_BOX (self->range_combo), self);
    vimana_host_window_update_tops (self);
}

static void
vimana_host_window_dispose (GObject *object)
{
    VimanaHostWindow *self = VIMANA_HOST_WINDOW (object);

    if (self->sampler != NULL)
        g_signal_handlers_disconnect_by_data (self->sampler, self);
    if (self->connection != NULL)
        g_signal_handlers_disconnect_by_data (self->connection, self);
    for (guint t = 0; t < VIMANA_HOST_N_TOPS; t++)
        g_clear_pointer (&self->tops[t].domains, g_ptr_array_unref);
    g_clear_object (&self->host);
    g_clear_object (&self->sampler);
    g_clear_object (&self->connection);

    G_OBJECT_CLASS (vimana_host_window_parent_class)->dispose (object);
}

static void
vimana_host_window_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VimanaHostWindow *self = VIMANA_HOST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        g_value_set_object (value, self->connection);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_host_window_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
    VimanaHostWindow *self = VIMANA_HOST_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTION:
        self->connection = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_host_window_class_init (VimanaHostWindowClass *klass)
{
    static const char * const lists[VIMANA_HOST_N_TOPS] = {
        "cpu_list", "memory_list", "disk_list", "network_list",
    };
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = vimana_host_window_constructed;
    object_class->dispose = vimana_host_window_dispose;
    object_class->get_property = vimana_host_window_get_property;
    object_class->set_property = vimana_host_window_set_property;
    widget_class->map = vimana_host_window_map;

    properties[PROP_CONNECTION] =
        g_param_spec_object ("connection", NULL, NULL, VIMANA_TYPE_CONNECTION,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    g_type_ensure (VIMANA_TYPE_GRAPH);
    g_type_ensure (VIMANA_TYPE_HOST_STORAGE_PAGE);
    g_type_ensure (VIMANA_TYPE_HOST_NETWORKS_PAGE);
    g_type_ensure (VIMANA_TYPE_HOST_INTERFACES_PAGE);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-host-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, storage_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, networks_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, interfaces_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, range_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, cpu_graph);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, memory_graph);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, cpu_summary);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostWindow, memory_summary);
    for (guint t = 0; t < VIMANA_HOST_N_TOPS; t++)
        gtk_widget_class_bind_template_child_full (widget_class, lists[t], FALSE,
                                                   G_STRUCT_OFFSET (VimanaHostWindow, tops) +
                                                   t * sizeof (VimanaHostTopList) +
                                                   G_STRUCT_OFFSET (VimanaHostTopList, list));
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_window_range_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_window_page_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_window_row_activated_cb);
}

static void
vimana_host_window_init (VimanaHostWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    for (guint t = 0; t < VIMANA_HOST_N_TOPS; t++)
        vimana_host_window_build_top (self, t);
    g_signal_connect (self->cpu_graph, "error", G_CALLBACK (vimana_host_window_graph_error_cb),
                      self);
    g_signal_connect (self->memory_graph, "error", G_CALLBACK (vimana_host_window_graph_error_cb),
                      self);
}

/**
 * vimana_host_window_new:
 * @app: (nullable): the application
 * @connection: the connection whose host to show
 *
 * Returns: (transfer none): a new host window; like every toplevel, it is owned by GTK
 */
GtkWidget *
vimana_host_window_new (VimanaApplication *app,
                        VimanaConnection  *connection)
{
    g_return_val_if_fail (app == NULL || GTK_IS_APPLICATION (app), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    return g_object_new (VIMANA_TYPE_HOST_WINDOW,
                         "application", app,
                         "connection", connection,
                         NULL);
}

/* Returns: (transfer none): the connection whose host the window shows */
VimanaConnection *
vimana_host_window_get_connection (VimanaHostWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return self->connection;
}

/* Returns: (transfer none): the host's memory graph with @memory, else its CPU graph */
VimanaGraph *
vimana_host_window_get_graph (VimanaHostWindow *self,
                              gboolean          memory)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return memory ? self->memory_graph : self->cpu_graph;
}

/* Returns: the text under a graph: now, average and peak, and what the host has */
const char *
vimana_host_window_get_summary (VimanaHostWindow *self,
                                gboolean          memory)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return gtk_label_get_text (memory ? self->memory_summary : self->cpu_summary);
}

/**
 * vimana_host_window_get_top:
 * @self: a #VimanaHostWindow
 * @list: a #VimanaHostTop: 0 CPU, 1 memory, 2 disk I/O, 3 network I/O
 *
 * Returns: (transfer none) (element-type VimanaDomain): the guests the list shows, first
 *   the one that uses most
 */
GPtrArray *
vimana_host_window_get_top (VimanaHostWindow *self,
                            guint             list)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    g_return_val_if_fail (list < VIMANA_HOST_N_TOPS, NULL);
    return self->tops[list].domains;
}

/* Shows the last @seconds (60, 600, 3600) or, with 0, the whole history. */
void
vimana_host_window_set_range (VimanaHostWindow *self,
                              guint             seconds)
{
    g_autofree char *id = g_strdup_printf ("%u", seconds);

    g_return_if_fail (VIMANA_IS_HOST_WINDOW (self));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->range_combo), id);
}

/**
 * vimana_host_window_set_page:
 * @self: a #VimanaHostWindow
 * @page: (nullable): "summary", "storage", "networks" or "interfaces"; %NULL or an unknown name
 *   is the summary
 *
 * Shows one page of the window.
 */
void
vimana_host_window_set_page (VimanaHostWindow *self,
                             const char       *page)
{
    g_return_if_fail (VIMANA_IS_HOST_WINDOW (self));

    if (page == NULL || gtk_stack_get_child_by_name (self->stack, page) == NULL)
        page = "summary";
    gtk_stack_set_visible_child_name (self->stack, page);
}

/* Returns: the name of the page shown */
const char *
vimana_host_window_get_page (VimanaHostWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return gtk_stack_get_visible_child_name (self->stack);
}

/* Returns: (transfer none): the Storage page */
GtkWidget *
vimana_host_window_get_storage_page (VimanaHostWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return GTK_WIDGET (self->storage_page);
}

/* Returns: (transfer none): the Interfaces page */
GtkWidget *
vimana_host_window_get_interfaces_page (VimanaHostWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return GTK_WIDGET (self->interfaces_page);
}

/* Returns: (transfer none): the Networks page */
GtkWidget *
vimana_host_window_get_networks_page (VimanaHostWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_WINDOW (self), NULL);
    return GTK_WIDGET (self->networks_page);
}
