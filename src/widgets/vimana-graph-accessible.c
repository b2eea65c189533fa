/* vimana-graph-accessible.c: a graph's accessible, with the time of its newest sample
 *
 * A chart's description says what it shows ("CPU usage: 12 %, average 8 %, peak 40 %"), but
 * not whether it is still moving: a steady guest reads the same every second, and so does a
 * graph whose statistics stopped. The object attributes say it: `newest-sample` is the time
 * of the newest sample any series holds (seconds since the epoch, UTC, as a decimal),
 * `oldest-sample` that of the oldest (how far back the history reaches), and `samples`
 * whether there is one. An assistive technology (or the fault test, reading the
 * graphs through AT-SPI across libvirtd restarts) compares them over time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-graph"

#include "config.h"

#include "vimana-graph-accessible.h"
#include "vimana-graph-private.h"

struct _VimanaGraphAccessible
{
    GtkWidgetAccessible parent_instance;
};

G_DEFINE_FINAL_TYPE (VimanaGraphAccessible, vimana_graph_accessible, GTK_TYPE_WIDGET_ACCESSIBLE)

static AtkAttributeSet *
vimana_graph_accessible_add (AtkAttributeSet *set,
                             const char      *name,
                             char            *value)
{
    AtkAttribute *attribute = g_new (AtkAttribute, 1);

    attribute->name = g_strdup (name);
    attribute->value = value;
    return g_slist_append (set, attribute);
}

static AtkAttributeSet *
vimana_graph_accessible_add_time (AtkAttributeSet *set,
                                  const char      *name,
                                  gint64           time_us)
{
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];

    g_ascii_formatd (buffer, sizeof buffer, "%.3f", (double) time_us / G_USEC_PER_SEC);
    return vimana_graph_accessible_add (set, name, g_strdup (buffer));
}

static AtkAttributeSet *
vimana_graph_accessible_get_attributes (AtkObject *object)
{
    AtkAttributeSet *set =
        ATK_OBJECT_CLASS (vimana_graph_accessible_parent_class)->get_attributes (object);
    GtkWidget *widget = gtk_accessible_get_widget (GTK_ACCESSIBLE (object));
    VimanaGraph *graph;
    gint64 oldest = G_MAXINT64, newest = G_MININT64;

    if (!VIMANA_IS_GRAPH (widget))
        return set;
    graph = VIMANA_GRAPH (widget);
    for (guint i = 0; i < graph->n_series; i++) {
        const VimanaStatsRing *ring = graph->series[i].ring;

        if (vimana_stats_ring_is_empty (ring))
            continue;
        oldest = MIN (oldest, vimana_stats_ring_get_first_time (ring));
        newest = MAX (newest, vimana_stats_ring_get_last_time (ring));
    }
    set = vimana_graph_accessible_add (set, "samples", g_strdup (newest != G_MININT64 ? "yes"
                                                                                    : "no"));
    if (newest != G_MININT64) {
        set = vimana_graph_accessible_add_time (set, "oldest-sample", oldest);
        set = vimana_graph_accessible_add_time (set, "newest-sample", newest);
    }
    return set;
}

static void
vimana_graph_accessible_class_init (VimanaGraphAccessibleClass *klass)
{
    AtkObjectClass *atk_class = ATK_OBJECT_CLASS (klass);

    atk_class->get_attributes = vimana_graph_accessible_get_attributes;
}

static void
vimana_graph_accessible_init (VimanaGraphAccessible *self)
{
}
