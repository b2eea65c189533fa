/* vimana-domain-view-stats.c: the domain view's statistics cells
 *
 * The CPU cell's sparkline and the statistics texts of running guests, and what a sampler's
 * tick redraws: only the cells on screen whose picture changed, told apart by a signature of
 * what each shows (an idle guest's row usually did not change, and is not drawn).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-view"

#include "config.h"

#include "vimana-domain-view-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vimana-domain-stats.h"
#include "vimana-graph.h"
#include "vimana-sparkline-renderer.h"

/* The statistics columns, by the names the settings use. */
const VimanaDomainViewStatColumn vimana_domain_view_stat_columns[VIMANA_N_STAT_COLUMNS] = {
    { "cpu", VIMANA_DOMAIN_TREE_SORT_CPU },
    { "memory", VIMANA_DOMAIN_TREE_SORT_MEMORY_USE },
    { "disk", VIMANA_DOMAIN_TREE_SORT_DISK },
    { "network", VIMANA_DOMAIN_TREE_SORT_NETWORK },
};

static VimanaDomainStats *
vimana_domain_view_running_stats (GObject *object)
{
    if (!VIMANA_IS_DOMAIN (object) || !vimana_domain_get_active (VIMANA_DOMAIN (object)))
        return NULL;
    return vimana_domain_get_stats (VIMANA_DOMAIN (object));
}

void
vimana_domain_view_cpu_cb (GtkTreeViewColumn *column,
                           GtkCellRenderer   *cell,
                           GtkTreeModel      *model,
                           GtkTreeIter       *iter,
                           gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    VimanaDomainStats *stats = vimana_domain_view_running_stats (object);
    g_autofree char *text = NULL;
    double value;

    if (stats == NULL) {
        vimana_sparkline_renderer_set_data (VIMANA_SPARKLINE_RENDERER (cell), NULL, 0, NULL);
        return;
    }
    value = vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU);
    text = isnan (value) ? NULL : vimana_graph_format_value (VIMANA_GRAPH_UNIT_PERCENT, value);
    vimana_sparkline_renderer_set_data (VIMANA_SPARKLINE_RENDERER (cell),
                                        vimana_domain_stats_get_ring (stats, VIMANA_STAT_CPU),
                                        100.0, NULL);
}

/* What each statistics cell of a guest's row shows, reduced to a number (equal numbers: an
 * identical picture), and the texts alone (what a screen reader reads). */
typedef struct
{
    guint cells[VIMANA_N_STAT_COLUMNS];
    guint texts;
    double cpu_shown; /* the whole percent the CPU cell shows; NAN before the first */
} VimanaStatsSignature;

/* The whole percent to show for @value where @shown was shown: it moves only once the value
 * is three quarters of a percent away. An idle guest's 0.4 % one second and 0.6 % the next
 * said "0 %", then "1 %", and redrew its row (and told a screen reader) every second. A list
 * sorted by CPU shows plain rounding, or 1.6 % ("1 %") could sort above 1.4 % ("2 %"); it is
 * sorted again each tick anyway. */
static double
vimana_domain_view_cpu_shown (double   shown,
                              double   value,
                              gboolean exact)
{
    if (isnan (value))
        return NAN;
    if (exact || isnan (shown) || fabs (value - shown) >= 0.75)
        return round (value);
    return shown;
}

/* Returns: (transfer full) (nullable): what a statistics cell of a running guest says */
static char *
vimana_domain_view_stat_text (VimanaDomainView     *self,
                              VimanaDomain         *domain,
                              VimanaDomainTreeSort  sort)
{
    VimanaDomainStats *stats = vimana_domain_view_running_stats (G_OBJECT (domain));
    double value = stats ? vimana_domain_tree_stat_value (domain, sort) : NAN;
    g_autofree char *used = NULL;
    double total;

    if (isnan (value))
        return NULL;
    switch (sort) {
    case VIMANA_DOMAIN_TREE_SORT_CPU:
        /* Whole percents, as GNOME System Monitor shows processes: an idle guest's "0.1 %,
         * 0.3 %, 0.0 %" changed every second and redrew every row of the list for nothing
         * (the Performance page keeps the decimals). */
        {
            VimanaStatsSignature *shown = g_hash_table_lookup (self->signatures, domain);

            if (shown != NULL && !isnan (shown->cpu_shown))
                value = shown->cpu_shown;
        }
        return vimana_graph_format_share (value);
    case VIMANA_DOMAIN_TREE_SORT_MEMORY_USE:
        used = vimana_graph_format_value (VIMANA_GRAPH_UNIT_BYTES, value);
        total = vimana_domain_stats_get_memory_total (stats);
        /* Without the guest's own account the measure is the host's (QEMU's RSS, which
         * includes its overhead, and may exceed what the guest was given) or only what it
         * was given: the cell says which, and a share of the guest's memory would mislead. */
        switch (vimana_domain_stats_get_memory_source (stats)) {
        case VIMANA_MEMORY_SOURCE_HOST_PROCESS:
            /* Translators: memory the guest's process holds on the host (the guest does not
             * report its own use); keep it short, it is a list's cell. */
            return g_strdup_printf (_("%s (host)"), used);
        case VIMANA_MEMORY_SOURCE_GIVEN:
            /* Translators: memory given to a guest that does not report its use; keep it
             * short, it is a list's cell. */
            return g_strdup_printf (_("%s (given)"), used);
        case VIMANA_MEMORY_SOURCE_GUEST:
        case VIMANA_MEMORY_SOURCE_NONE:
        default:
            break;
        }
        if (total <= 0 || value > total)
            return g_steal_pointer (&used);
        /* Translators: memory a guest uses, then that as a share of what it was given. */
        return g_strdup_printf (_("%s (%.0f %%)"), used, 100.0 * value / total);
    default:
        return vimana_graph_format_value (VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, value);
    }
}

void
vimana_domain_view_stat_text_cb (GtkTreeViewColumn *column,
                                 GtkCellRenderer   *cell,
                                 GtkTreeModel      *model,
                                 GtkTreeIter       *iter,
                                 gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    g_autofree char *text = NULL;

    if (VIMANA_IS_DOMAIN (object))
        text = vimana_domain_view_stat_text (user_data, VIMANA_DOMAIN (object),
                                             gtk_tree_view_column_get_sort_column_id (column));
    g_object_set (cell, "text", text, NULL);
}


static gboolean
vimana_domain_view_shows_stats (VimanaDomainView *self)
{
    for (guint i = 0; i < VIMANA_N_STAT_COLUMNS; i++) {
        if (gtk_tree_view_column_get_visible (self->stat_columns[i]))
            return TRUE;
    }
    return FALSE;
}


static void
vimana_domain_view_stats_signature (VimanaDomainView     *self,
                                    VimanaDomain         *domain,
                                    int                   height,
                                    VimanaStatsSignature *signature)
{
    VimanaDomainStats *stats = vimana_domain_view_running_stats (G_OBJECT (domain));

    memset (signature, 0, sizeof *signature);
    if (stats == NULL)
        return;
    signature->texts = 17;
    for (guint i = 0; i < VIMANA_N_STAT_COLUMNS; i++) {
        g_autofree char *text =
            vimana_domain_view_stat_text (self, domain, vimana_domain_view_stat_columns[i].sort);

        signature->cells[i] = text ? g_str_hash (text) : 1;
        signature->texts = signature->texts * 31 + signature->cells[i];
    }
    /* The CPU cell's sparkline, as its renderer would draw it. */
    signature->cells[0] = signature->cells[0] * 31 +
                          vimana_sparkline_renderer_signature (
                              VIMANA_SPARKLINE_RENDERER (self->sparkline),
                              vimana_domain_stats_get_ring (stats, VIMANA_STAT_CPU), 100.0, height,
                              gtk_widget_get_scale_factor (GTK_WIDGET (self)));
}

/* Invalidates the statistics cells of one row that @changed names (bit i: column i). */
static void
vimana_domain_view_queue_draw_row_stats (VimanaDomainView *self,
                                         GtkTreePath      *path,
                                         guint             changed)
{
    GtkTreeView *view = GTK_TREE_VIEW (self);
    int left = G_MAXINT, right = G_MININT, top = 0, height = 0;

    for (guint i = 0; i < VIMANA_N_STAT_COLUMNS; i++) {
        GdkRectangle area;

        if ((changed & (1u << i)) == 0 || !gtk_tree_view_column_get_visible (self->stat_columns[i]))
            continue;
        gtk_tree_view_get_background_area (view, path, self->stat_columns[i], &area);
        gtk_tree_view_convert_bin_window_to_widget_coords (view, area.x, area.y, &area.x,
                                                           &area.y);
        left = MIN (left, area.x);
        right = MAX (right, area.x + area.width);
        top = area.y;
        height = area.height;
    }
    if (left < right)
        gtk_widget_queue_draw_area (GTK_WIDGET (self), left, top, right - left, height);
}

/* A sampler ticked: sort again if the list is sorted by a statistic, and redraw the
 * statistics cells of the rows on screen whose picture changed (an idle guest's usually did
 * not). A hidden window draws nothing; rows off screen are drawn when they scroll in. */
void
vimana_domain_view_stats_tick_cb (VimanaDomainTree *tree,
                                  gpointer          user_data)
{
    VimanaDomainView *self = user_data;
    GtkTreeView *view = GTK_TREE_VIEW (self);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreePath *start = NULL, *end = NULL;
    GtkTreePath *path;
    GtkTreeIter iter;
    int sort_column = -1;
    GtkSortType order;
    gboolean sorted_by_cpu;

    if (!gtk_widget_is_drawable (GTK_WIDGET (self)))
        return;
    sorted_by_cpu = GTK_IS_TREE_SORTABLE (model) &&
                    gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (model), &sort_column,
                                                          &order) &&
                    sort_column == VIMANA_DOMAIN_TREE_SORT_CPU;
    if (vimana_domain_tree_sorts_by_stats (tree))
        vimana_domain_tree_resort (tree);
    if (!vimana_domain_view_shows_stats (self) || model == NULL ||
        !gtk_tree_view_get_visible_range (view, &start, &end))
        return;

    path = start;
    while (gtk_tree_path_compare (path, end) <= 0 && gtk_tree_model_get_iter (model, &iter, path)) {
        GObject *object = vimana_domain_view_object_at (self, &iter);
        GtkTreeIter next;

        if (VIMANA_IS_DOMAIN (object)) {
            VimanaStatsSignature *last = g_hash_table_lookup (self->signatures, object);
            VimanaStatsSignature now;
            GdkRectangle area;
            guint changed = 0;

            if (last == NULL) {
                last = g_new0 (VimanaStatsSignature, 1);
                last->cpu_shown = NAN;
                g_hash_table_insert (self->signatures, object, last);
            }
            last->cpu_shown = vimana_domain_view_cpu_shown (
                last->cpu_shown,
                vimana_domain_view_running_stats (object) != NULL
                    ? vimana_domain_tree_stat_value (VIMANA_DOMAIN (object),
                                                     VIMANA_DOMAIN_TREE_SORT_CPU)
                    : NAN,
                sorted_by_cpu);
            gtk_tree_view_get_cell_area (view, path, self->stat_columns[0], &area);
            vimana_domain_view_stats_signature (self, VIMANA_DOMAIN (object), area.height, &now);
            now.cpu_shown = last->cpu_shown;
            /* Only the cells whose picture changed: while the sparklines fill in during the
             * first minute, that is the CPU cell alone. GTK redraws the bounding box of what
             * is invalidated, so one wide invalidation would redraw every row in full. */
            for (guint i = 0; i < VIMANA_N_STAT_COLUMNS; i++) {
                if (last->cells[i] != now.cells[i])
                    changed |= 1u << i;
            }
            if (changed != 0)
                vimana_domain_view_queue_draw_row_stats (self, path, changed);
            /* Accessible cells cache their text until their row changes, and a row change
             * redraws the whole row: only when a text changed, and only once something asked
             * for the accessible. A moving sparkline says nothing to a screen reader. */
            if (last->texts != now.texts && self->accessible_requested)
                gtk_tree_model_row_changed (model, path, &iter);
            *last = now;
        }

        /* the next shown row: first child of an expanded row, else the next sibling of this
         * row or of its parent */
        if (gtk_tree_view_row_expanded (view, path)) {
            gtk_tree_path_down (path);
            continue;
        }
        next = iter;
        if (gtk_tree_model_iter_next (model, &next)) {
            gtk_tree_path_next (path);
            continue;
        }
        if (gtk_tree_path_get_depth (path) < 2)
            break;
        gtk_tree_path_up (path);
        gtk_tree_path_next (path);
    }
    gtk_tree_path_free (start);
    gtk_tree_path_free (end);
}

