/* vimana-performance-page.c: a guest's CPU, memory, disk and network graphs
 *
 * Four VimanaGraphs read the guest's rings directly. The page follows the connection's
 * sampler: on each tick it refreshes its graphs and their summaries, but only while it is
 * drawable (a page in the background or a hidden window costs nothing). When the guest's
 * statistics object is replaced (the sampling interval changed) or its devices change, the
 * series are bound again; a device that went away takes its choice with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-performance-page"

#include "config.h"

#include "vimana-performance-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vimana-connection.h"
#include "vimana-domain-stats.h"

typedef struct
{
    GtkWidget       *box;
    GtkLabel        *summary;
    GtkComboBoxText *devices;     /* disk and network only */
    VimanaGraph     *graph;
} VimanaPerformancePanel;

struct _VimanaPerformancePage
{
    GtkBox parent_instance;

    /* template widgets */
    GtkComboBoxText        *range_combo;
    GtkGrid                *grid;

    /* owned references */
    VimanaDomain           *domain;
    VimanaDomainStats      *stats;
    VimanaStatsSampler     *sampler;
    VimanaPerformancePanel  panels[VIMANA_PERFORMANCE_N_GRAPHS];
    gboolean                updating_devices;
};

G_DEFINE_FINAL_TYPE (VimanaPerformancePage, vimana_performance_page, GTK_TYPE_BOX)

static const struct
{
    const char      *title;
    const char      *accessible;
    VimanaGraphUnit  unit;
    VimanaStat       first;
    int              second;      /* VimanaStat, or -1 */
} vimana_performance_graphs[] = {
    { N_("CPU"), N_("CPU usage"), VIMANA_GRAPH_UNIT_PERCENT, VIMANA_STAT_CPU, -1 },
    { N_("Memory"), N_("Memory usage"), VIMANA_GRAPH_UNIT_BYTES, VIMANA_STAT_MEMORY, -1 },
    { N_("Disk"), N_("Disk I/O"), VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, VIMANA_STAT_DISK_READ,
      VIMANA_STAT_DISK_WRITE },
    { N_("Network"), N_("Network I/O"), VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, VIMANA_STAT_NET_RX,
      VIMANA_STAT_NET_TX },
};

/* ---- summaries ---- */

static char *
vimana_performance_page_format (VimanaGraphUnit unit,
                                float           value)
{
    return isnan (value) ? g_strdup ("—") : vimana_graph_format_value (unit, value);
}

static char *
vimana_performance_page_series_summary (VimanaGraph    *graph,
                                        guint           series,
                                        VimanaGraphUnit unit)
{
    float current = NAN;
    VimanaStatsSpan span = vimana_graph_get_summary (graph, series, &current);
    g_autofree char *now = vimana_performance_page_format (unit, current);
    g_autofree char *average = vimana_performance_page_format (unit, span.avg);
    g_autofree char *peak = vimana_performance_page_format (unit, span.max);

    /* Translators: a graph's newest value, average and highest over the range shown. */
    return g_strdup_printf (_("%s now · %s average · %s peak"), now, average, peak);
}

static char *
vimana_performance_page_shares (float           current,
                                VimanaStatsSpan span,
                                double          scale)
{
    g_autofree char *now = vimana_graph_format_share (MIN (100.0, current * scale));
    g_autofree char *average = vimana_graph_format_share (MIN (100.0, span.avg * scale));
    g_autofree char *peak = vimana_graph_format_share (MIN (100.0, span.max * scale));

    /* Translators: a graph's newest value, average and highest over the range shown. */
    return g_strdup_printf (_("%s now · %s average · %s peak"), now, average, peak);
}

/* The CPU series is a share of the host's CPUs: the first line says it so, the second line
 * scales the same readings to the guest's own vCPUs. */
static char *
vimana_performance_page_cpu_summary (VimanaDomainStats *stats,
                                     VimanaGraph       *graph)
{
    guint vcpus = vimana_domain_stats_get_vcpus (stats);
    guint host_cpus = vimana_domain_stats_get_host_cpus (stats);
    float current = NAN;
    VimanaStatsSpan span = vimana_graph_get_summary (graph, 0, &current);
    g_autofree char *of_host = vimana_performance_page_shares (current, span, 1.0);
    g_autofree char *of_guest = NULL;
    g_autofree char *host_line = NULL;
    g_autofree char *guest_line = NULL;

    if (host_cpus == 0)
        return g_steal_pointer (&of_host);
    if (vcpus == 0)
        /* Translators: %s is "… now · … average · … peak" of the host's CPUs. */
        return g_strdup_printf (ngettext ("%s of the host’s %u CPU", "%s of the host’s %u CPUs",
                                          host_cpus), of_host, host_cpus);
    of_guest = vimana_performance_page_shares (current, span, (double) host_cpus / vcpus);
    /* Translators: %s is "… now · … average · … peak" of the host's CPUs. */
    host_line = g_strdup_printf (ngettext ("%s of the host’s %u CPU", "%s of the host’s %u CPUs",
                                           host_cpus), of_host, host_cpus);
    /* Translators: %s is "… now · … average · … peak" of the guest's own vCPUs. */
    guest_line = g_strdup_printf (ngettext ("%s of its %u vCPU", "%s of its %u vCPUs", vcpus),
                                  of_guest, vcpus);
    return g_strdup_printf ("%s\n%s", host_line, guest_line);
}

/* Says what the memory figure is: the guest's own account of its use, the host memory its
 * process holds (QEMU's RSS: overhead included, so it can exceed what the guest was given), or
 * only what it was given. A figure above the given memory always says why. */
static char *
vimana_performance_page_memory_summary (VimanaDomainStats *stats,
                                        const char        *values)
{
    double total = vimana_domain_stats_get_memory_total (stats);
    float last = vimana_domain_stats_get_last (stats, VIMANA_STAT_MEMORY);
    g_autofree char *given = total > 0 ? vimana_graph_format_value (VIMANA_GRAPH_UNIT_BYTES, total)
                                       : NULL;

    switch (vimana_domain_stats_get_memory_source (stats)) {
    case VIMANA_MEMORY_SOURCE_GUEST:
        if (given == NULL)
            /* Translators: %s is "… now · … average · … peak". */
            return g_strdup_printf (_("%s\nin use, by the guest’s own account"), values);
        /* Translators: %s is "… now · … average · … peak", then the guest's memory. */
        return g_strdup_printf (_("%s\nin use, by the guest’s own account, of %s given to it"),
                                values, given);
    case VIMANA_MEMORY_SOURCE_HOST_PROCESS:
        if (given == NULL)
            /* Translators: %s is "… now · … average · … peak". */
            return g_strdup_printf (_("%s\nhost memory used by the guest’s process"), values);
        if (!isnan (last) && last > total)
            /* Translators: %s is "… now · … average · … peak", then the guest's memory. */
            return g_strdup_printf (_("%s\nhost memory used by the guest’s process, more than "
                                      "the %s given to the guest: the process needs memory of "
                                      "its own"), values, given);
        /* Translators: %s is "… now · … average · … peak", then the guest's memory. */
        return g_strdup_printf (_("%s\nhost memory used by the guest’s process, of %s given "
                                  "to the guest"), values, given);
    case VIMANA_MEMORY_SOURCE_GIVEN:
        /* Translators: %s is "… now · … average · … peak". */
        return g_strdup_printf (_("%s\ngiven to the guest, which does not report what it uses"),
                                values);
    case VIMANA_MEMORY_SOURCE_NONE:
    default:
        return g_strdup (values);
    }
}

static void
vimana_performance_page_update_summary (VimanaPerformancePage  *self,
                                        VimanaPerformanceGraph  which)
{
    VimanaPerformancePanel *panel = &self->panels[which];
    VimanaGraphUnit unit = vimana_performance_graphs[which].unit;
    g_autofree char *text = NULL;

    if (vimana_graph_get_unavailable (panel->graph) != NULL ||
        vimana_graph_get_n_series (panel->graph) == 0) {
        gtk_label_set_text (panel->summary, "");
        return;
    }

    if (which == VIMANA_PERFORMANCE_DISK || which == VIMANA_PERFORMANCE_NETWORK) {
        g_autofree char *first = vimana_performance_page_series_summary (panel->graph, 0, unit);
        g_autofree char *second = vimana_performance_page_series_summary (panel->graph, 1, unit);

        text = which == VIMANA_PERFORMANCE_DISK
                   ? g_strdup_printf (_("Read: %s\nWrite: %s"), first, second)
                   : g_strdup_printf (_("In: %s\nOut: %s"), first, second);
    } else {
        text = vimana_performance_page_series_summary (panel->graph, 0, unit);
    }

    /* CPU is a share of the host; say what it is of the guest's own vCPUs too: one scale a
     * line, both in whole percents, as the list and Host Details show them. */
    if (which == VIMANA_PERFORMANCE_CPU && self->stats != NULL) {
        g_free (text);
        text = vimana_performance_page_cpu_summary (self->stats, panel->graph);
    } else if (which == VIMANA_PERFORMANCE_MEMORY && self->stats != NULL) {
        g_autofree char *values = g_steal_pointer (&text);

        text = vimana_performance_page_memory_summary (self->stats, values);
    }
    gtk_label_set_text (panel->summary, text);
}

/* The memory graph tops at what the guest was given, unless what is measured is the host's
 * view (QEMU's RSS, overhead included) and exceeds it: then the scale follows the data. */
static double
vimana_performance_page_memory_max (VimanaPerformancePage *self)
{
    double total = vimana_domain_stats_get_memory_total (self->stats);
    VimanaStatsSpan span = vimana_stats_ring_summarize (
        vimana_domain_stats_get_ring (self->stats, VIMANA_STAT_MEMORY), 0, G_MAXINT64);

    if (total <= 0 || (!isnan (span.max) && span.max > total))
        return 0;
    return total;
}

/* ---- binding the series ---- */

static const VimanaStatsRing *
vimana_performance_page_ring (VimanaPerformancePage *self,
                              VimanaStat             stat,
                              const char            *device)
{
    if (device != NULL)
        return vimana_domain_stats_get_device_ring (self->stats, stat, device);
    return vimana_domain_stats_get_ring (self->stats, stat);
}

static void
vimana_performance_page_bind_panel (VimanaPerformancePage  *self,
                                    VimanaPerformanceGraph  which)
{
    VimanaPerformancePanel *panel = &self->panels[which];
    VimanaStat first = vimana_performance_graphs[which].first;
    int second = vimana_performance_graphs[which].second;
    const char *device = NULL;
    const char *reason;

    vimana_graph_clear_series (panel->graph);
    if (self->stats == NULL) {
        vimana_graph_set_unavailable (panel->graph,
                                      _("The guest has not run since Vimana connected."));
        vimana_performance_page_update_summary (self, which);
        return;
    }

    if (panel->devices != NULL) {
        const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (panel->devices));

        if (id != NULL && *id != '\0')
            device = id;
    }

    vimana_graph_add_series (panel->graph, G_OBJECT (self->stats),
                             vimana_performance_page_ring (self, first, device),
                             vimana_stat_to_string (first));
    if (second >= 0)
        vimana_graph_add_series (panel->graph, G_OBJECT (self->stats),
                                 vimana_performance_page_ring (self, second, device),
                                 vimana_stat_to_string (second));

    if (which == VIMANA_PERFORMANCE_CPU)
        vimana_graph_set_max (panel->graph, 100.0);
    else if (which == VIMANA_PERFORMANCE_MEMORY)
        vimana_graph_set_max (panel->graph, vimana_performance_page_memory_max (self));

    reason = vimana_domain_stats_get_unavailable (self->stats, first);
    /* A reason counts only while there is nothing to show: old samples stay visible. */
    if (reason != NULL && vimana_stats_ring_is_empty (vimana_domain_stats_get_ring (self->stats,
                                                                                    first)))
        vimana_graph_set_unavailable (panel->graph, reason);
    else if (reason != NULL && isnan (vimana_domain_stats_get_last (self->stats, first)))
        vimana_graph_set_unavailable (panel->graph, reason);
    else
        vimana_graph_set_unavailable (panel->graph, NULL);
    vimana_performance_page_update_summary (self, which);
}

static void
vimana_performance_page_fill_devices (VimanaPerformancePage  *self,
                                      VimanaPerformanceGraph  which)
{
    VimanaPerformancePanel *panel = &self->panels[which];
    g_autofree char *active = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (panel->devices)));
    g_auto(GStrv) devices = NULL;
    gboolean kept = FALSE;

    self->updating_devices = TRUE;
    gtk_combo_box_text_remove_all (panel->devices);
    gtk_combo_box_text_append (panel->devices, "",
                               which == VIMANA_PERFORMANCE_DISK ? _("All disks")
                                                                 : _("All interfaces"));
    if (self->stats != NULL)
        devices = vimana_domain_stats_dup_devices (self->stats, vimana_performance_graphs[which].first);
    for (guint i = 0; devices != NULL && devices[i] != NULL; i++) {
        gtk_combo_box_text_append (panel->devices, devices[i], devices[i]);
        kept |= g_strcmp0 (active, devices[i]) == 0;
    }
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (panel->devices), kept ? active : "");
    /* One device or none: the summed series says it all. */
    gtk_widget_set_visible (GTK_WIDGET (panel->devices), devices != NULL && devices[0] != NULL);
    self->updating_devices = FALSE;
}

static void
vimana_performance_page_bind (VimanaPerformancePage *self)
{
    vimana_performance_page_fill_devices (self, VIMANA_PERFORMANCE_DISK);
    vimana_performance_page_fill_devices (self, VIMANA_PERFORMANCE_NETWORK);
    for (guint i = 0; i < VIMANA_PERFORMANCE_N_GRAPHS; i++)
        vimana_performance_page_bind_panel (self, i);
}

static void
vimana_performance_page_devices_changed_cb (VimanaDomainStats *stats,
                                            gpointer           user_data)
{
    vimana_performance_page_bind (VIMANA_PERFORMANCE_PAGE (user_data));
}

static void
vimana_performance_page_set_stats (VimanaPerformancePage *self,
                                   VimanaDomainStats     *stats)
{
    if (self->stats == stats)
        return;
    if (self->stats != NULL)
        g_signal_handlers_disconnect_by_data (self->stats, self);
    g_set_object (&self->stats, stats);
    if (stats != NULL)
        g_signal_connect_object (stats, "devices-changed",
                                 G_CALLBACK (vimana_performance_page_devices_changed_cb), self, 0);
    vimana_performance_page_bind (self);
}

static void
vimana_performance_page_domain_stats_cb (GObject    *domain,
                                         GParamSpec *pspec,
                                         gpointer    user_data)
{
    vimana_performance_page_set_stats (VIMANA_PERFORMANCE_PAGE (user_data),
                                       vimana_domain_get_stats (VIMANA_DOMAIN (domain)));
}

/* ---- ticks ---- */

static void
vimana_performance_page_refresh (VimanaPerformancePage *self)
{
    for (guint i = 0; i < VIMANA_PERFORMANCE_N_GRAPHS; i++) {
        /* Reasons come and go with the guest's state; the binding follows them. */
        gboolean had_reason = vimana_graph_get_unavailable (self->panels[i].graph) != NULL;
        const char *reason = self->stats ? vimana_domain_stats_get_unavailable (
            self->stats, vimana_performance_graphs[i].first)
                                         : NULL;

        if (had_reason != (reason != NULL))
            vimana_performance_page_bind_panel (self, i);
        /* The balloon may have given the guest more or less memory. */
        if (i == VIMANA_PERFORMANCE_MEMORY && self->stats != NULL &&
            vimana_graph_get_max (self->panels[i].graph) != vimana_performance_page_memory_max (self))
            vimana_graph_set_max (self->panels[i].graph, vimana_performance_page_memory_max (self));
        vimana_graph_update (self->panels[i].graph);
        vimana_performance_page_update_summary (self, i);
    }
}

static void
vimana_performance_page_tick_cb (VimanaStatsSampler *sampler,
                                 gpointer            user_data)
{
    VimanaPerformancePage *self = user_data;

    if (self->stats == NULL && self->domain != NULL)
        vimana_performance_page_set_stats (self, vimana_domain_get_stats (self->domain));
    if (gtk_widget_is_drawable (GTK_WIDGET (self)))
        vimana_performance_page_refresh (self);
}

static void
vimana_performance_page_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_performance_page_parent_class)->map (widget);
    /* Ticks were skipped while hidden: catch up now. */
    vimana_performance_page_refresh (VIMANA_PERFORMANCE_PAGE (widget));
}

/* ---- controls ---- */

static void
vimana_performance_page_range_changed_cb (GtkComboBox           *combo,
                                          VimanaPerformancePage *self)
{
    const char *id = gtk_combo_box_get_active_id (combo);
    guint seconds = id ? (guint) g_ascii_strtoull (id, NULL, 10) : 600;

    for (guint i = 0; i < VIMANA_PERFORMANCE_N_GRAPHS; i++) {
        vimana_graph_set_range (self->panels[i].graph, seconds);
        vimana_performance_page_update_summary (self, i);
    }
}

static void
vimana_performance_page_device_changed_cb (GtkComboBox *combo,
                                           gpointer     user_data)
{
    VimanaPerformancePage *self = user_data;
    VimanaPerformanceGraph which = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (combo),
                                                                       "vimana-graph"));

    if (!self->updating_devices)
        vimana_performance_page_bind_panel (self, which);
}

static void
vimana_performance_page_graph_error_cb (VimanaGraph  *graph,
                                        const GError *error,
                                        gpointer      user_data)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (user_data));
    GtkWidget *dialog;

    /* Saving failed where the user asked for it: say so beside the graph's window. */
    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR,
                                     GTK_BUTTONS_CLOSE, "%s", _("The graph could not be saved."));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
    g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_performance_page_build_panel (VimanaPerformancePage  *self,
                                     VimanaPerformanceGraph  which)
{
    VimanaPerformancePanel *panel = &self->panels[which];
    GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *title = gtk_label_new (_(vimana_performance_graphs[which].title));
    GtkWidget *graph = vimana_graph_new (VIMANA_GRAPH_LOOK_FULL,
                                         vimana_performance_graphs[which].unit);

    panel->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    gtk_style_context_add_class (gtk_widget_get_style_context (title), "heading");
    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_widget_set_hexpand (title, TRUE);
    gtk_container_add (GTK_CONTAINER (header), title);

    if (which == VIMANA_PERFORMANCE_DISK || which == VIMANA_PERFORMANCE_NETWORK) {
        panel->devices = GTK_COMBO_BOX_TEXT (gtk_combo_box_text_new ());
        g_object_set_data (G_OBJECT (panel->devices), "vimana-graph", GINT_TO_POINTER (which));
        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (panel->devices)),
                             which == VIMANA_PERFORMANCE_DISK ? _("Disk device")
                                                              : _("Network interface"));
        g_signal_connect (panel->devices, "changed",
                          G_CALLBACK (vimana_performance_page_device_changed_cb), self);
        gtk_widget_set_no_show_all (GTK_WIDGET (panel->devices), TRUE);
        gtk_container_add (GTK_CONTAINER (header), GTK_WIDGET (panel->devices));
    }
    gtk_container_add (GTK_CONTAINER (panel->box), header);

    panel->graph = VIMANA_GRAPH (graph);
    gtk_widget_set_size_request (graph, 280, 140);
    gtk_widget_set_vexpand (graph, TRUE);
    atk_object_set_name (gtk_widget_get_accessible (graph),
                         _(vimana_performance_graphs[which].accessible));
    g_signal_connect (graph, "error", G_CALLBACK (vimana_performance_page_graph_error_cb), self);
    gtk_container_add (GTK_CONTAINER (panel->box), graph);

    panel->summary = GTK_LABEL (gtk_label_new (""));
    gtk_label_set_xalign (panel->summary, 0);
    /* The memory caption says what its figure is in a sentence: it wraps rather than widen
     * the window. */
    gtk_label_set_line_wrap (panel->summary, TRUE);
    gtk_label_set_max_width_chars (panel->summary, 52);
    gtk_label_set_selectable (panel->summary, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (GTK_WIDGET (panel->summary)),
                                 "dim-label");
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (panel->summary)),
                         _(vimana_performance_graphs[which].accessible));
    gtk_container_add (GTK_CONTAINER (panel->box), GTK_WIDGET (panel->summary));

    gtk_widget_show_all (panel->box);
    gtk_grid_attach (self->grid, panel->box, which % 2, which / 2, 1, 1);
}

/* ---- GObject ---- */

static void
vimana_performance_page_dispose (GObject *object)
{
    VimanaPerformancePage *self = VIMANA_PERFORMANCE_PAGE (object);

    if (self->sampler != NULL)
        g_signal_handlers_disconnect_by_data (self->sampler, self);
    g_clear_object (&self->sampler);
    g_clear_object (&self->stats);
    g_clear_object (&self->domain);

    G_OBJECT_CLASS (vimana_performance_page_parent_class)->dispose (object);
}

static void
vimana_performance_page_class_init (VimanaPerformancePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_performance_page_dispose;
    widget_class->map = vimana_performance_page_map;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-performance-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaPerformancePage, range_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaPerformancePage, grid);
    gtk_widget_class_bind_template_callback (widget_class, vimana_performance_page_range_changed_cb);
}

static void
vimana_performance_page_init (VimanaPerformancePage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    for (guint i = 0; i < VIMANA_PERFORMANCE_N_GRAPHS; i++)
        vimana_performance_page_build_panel (self, i);
    vimana_performance_page_range_changed_cb (GTK_COMBO_BOX (self->range_combo), self);
}

GtkWidget *
vimana_performance_page_new (void)
{
    return g_object_new (VIMANA_TYPE_PERFORMANCE_PAGE, NULL);
}

/**
 * vimana_performance_page_set_domain:
 * @self: a #VimanaPerformancePage
 * @domain: the guest whose graphs to show
 */
void
vimana_performance_page_set_domain (VimanaPerformancePage *self,
                                    VimanaDomain          *domain)
{
    VimanaConnection *connection;

    g_return_if_fail (VIMANA_IS_PERFORMANCE_PAGE (self));
    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (self->domain == NULL);

    self->domain = g_object_ref (domain);
    g_signal_connect_object (domain, "notify::stats",
                             G_CALLBACK (vimana_performance_page_domain_stats_cb), self, 0);
    connection = vimana_domain_get_connection (domain);
    if (connection != NULL) {
        self->sampler = g_object_ref (vimana_connection_get_sampler (connection));
        g_signal_connect_object (self->sampler, "tick",
                                 G_CALLBACK (vimana_performance_page_tick_cb), self, 0);
    }
    self->stats = NULL;
    vimana_performance_page_set_stats (self, vimana_domain_get_stats (domain));
    if (self->stats == NULL)
        vimana_performance_page_bind (self);
}

/* Returns: (transfer none): one of the page's graphs */
VimanaGraph *
vimana_performance_page_get_graph (VimanaPerformancePage  *self,
                                   VimanaPerformanceGraph  graph)
{
    g_return_val_if_fail (VIMANA_IS_PERFORMANCE_PAGE (self), NULL);
    g_return_val_if_fail (graph < VIMANA_PERFORMANCE_N_GRAPHS, NULL);
    return self->panels[graph].graph;
}

/* Returns: the text under a graph: now, average and peak over the range shown */
const char *
vimana_performance_page_get_summary (VimanaPerformancePage  *self,
                                     VimanaPerformanceGraph  graph)
{
    g_return_val_if_fail (VIMANA_IS_PERFORMANCE_PAGE (self), NULL);
    g_return_val_if_fail (graph < VIMANA_PERFORMANCE_N_GRAPHS, NULL);
    return gtk_label_get_text (self->panels[graph].summary);
}

/* Shows the last @seconds (60, 600, 3600) or, with 0, the whole history. */
void
vimana_performance_page_set_range (VimanaPerformancePage *self,
                                   guint                  seconds)
{
    g_autofree char *id = g_strdup_printf ("%u", seconds);

    g_return_if_fail (VIMANA_IS_PERFORMANCE_PAGE (self));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->range_combo), id);
}

/**
 * vimana_performance_page_set_device:
 * @self: a #VimanaPerformancePage
 * @graph: %VIMANA_PERFORMANCE_DISK or %VIMANA_PERFORMANCE_NETWORK
 * @device: (nullable): a device name, or %NULL for all of them summed
 *
 * Returns: %FALSE when the guest has no such device with a series of its own
 */
gboolean
vimana_performance_page_set_device (VimanaPerformancePage  *self,
                                    VimanaPerformanceGraph  graph,
                                    const char             *device)
{
    g_return_val_if_fail (VIMANA_IS_PERFORMANCE_PAGE (self), FALSE);
    g_return_val_if_fail (self->panels[graph].devices != NULL, FALSE);

    return gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->panels[graph].devices),
                                        device ? device : "");
}
