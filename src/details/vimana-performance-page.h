/* vimana-performance-page.h: a guest's CPU, memory, disk and network graphs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"
#include "vimana-graph.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_PERFORMANCE_CPU,
    VIMANA_PERFORMANCE_MEMORY,
    VIMANA_PERFORMANCE_DISK,
    VIMANA_PERFORMANCE_NETWORK,
    VIMANA_PERFORMANCE_N_GRAPHS
} VimanaPerformanceGraph;

#define VIMANA_TYPE_PERFORMANCE_PAGE (vimana_performance_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaPerformancePage, vimana_performance_page, VIMANA, PERFORMANCE_PAGE,
                      GtkBox)

GtkWidget   *vimana_performance_page_new         (void);
void         vimana_performance_page_set_domain  (VimanaPerformancePage  *self,
                                                  VimanaDomain           *domain);
VimanaGraph *vimana_performance_page_get_graph   (VimanaPerformancePage  *self,
                                                  VimanaPerformanceGraph  graph);
const char  *vimana_performance_page_get_summary (VimanaPerformancePage  *self,
                                                  VimanaPerformanceGraph  graph);
void         vimana_performance_page_set_range   (VimanaPerformancePage  *self,
                                                  guint                   seconds);
gboolean     vimana_performance_page_set_device  (VimanaPerformancePage  *self,
                                                  VimanaPerformanceGraph  graph,
                                                  const char             *device);

G_END_DECLS
