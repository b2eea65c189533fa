/* vimana-host-window.h: one connection's host: its CPU and memory, and its busiest guests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"
#include "vimana-graph.h"

G_BEGIN_DECLS

/* The "Top guests" lists, in the order the window shows them. */
typedef enum
{
    VIMANA_HOST_TOP_CPU,
    VIMANA_HOST_TOP_MEMORY,
    VIMANA_HOST_TOP_DISK,
    VIMANA_HOST_TOP_NETWORK,
    VIMANA_HOST_N_TOPS
} VimanaHostTop;

/* How many guests each list shows at most. */
#define VIMANA_HOST_TOP_SIZE 5

#define VIMANA_TYPE_HOST_WINDOW (vimana_host_window_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostWindow, vimana_host_window, VIMANA, HOST_WINDOW,
                      GtkApplicationWindow)

typedef struct _VimanaApplication VimanaApplication;

GtkWidget        *vimana_host_window_new            (VimanaApplication *app,
                                                     VimanaConnection  *connection);
VimanaConnection *vimana_host_window_get_connection (VimanaHostWindow  *self);
VimanaGraph      *vimana_host_window_get_graph      (VimanaHostWindow  *self,
                                                     gboolean           memory);
const char       *vimana_host_window_get_summary    (VimanaHostWindow  *self,
                                                     gboolean           memory);
GPtrArray        *vimana_host_window_get_top        (VimanaHostWindow  *self,
                                                     guint              list);
void              vimana_host_window_set_range      (VimanaHostWindow  *self,
                                                     guint              seconds);
void              vimana_host_window_set_page       (VimanaHostWindow  *self,
                                                     const char        *page);
const char       *vimana_host_window_get_page       (VimanaHostWindow  *self);
GtkWidget        *vimana_host_window_get_storage_page  (VimanaHostWindow *self);
GtkWidget        *vimana_host_window_get_networks_page (VimanaHostWindow *self);
GtkWidget        *vimana_host_window_get_interfaces_page (VimanaHostWindow *self);

G_END_DECLS
