/* vimana-graph-accessible.h: what a graph tells assistive technologies beyond its description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <gtk/gtk-a11y.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_GRAPH_ACCESSIBLE (vimana_graph_accessible_get_type ())
G_DECLARE_FINAL_TYPE (VimanaGraphAccessible, vimana_graph_accessible, VIMANA, GRAPH_ACCESSIBLE,
                      GtkWidgetAccessible)

G_END_DECLS
