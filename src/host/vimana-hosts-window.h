/* vimana-hosts-window.h: every open connection's host side by side, with balance advice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The hosts list's columns. */
enum
{
    VIMANA_HOSTS_COLUMN_NAME,
    VIMANA_HOSTS_COLUMN_CPU,
    VIMANA_HOSTS_COLUMN_COMMITTED,
    VIMANA_HOSTS_COLUMN_FREE,
    VIMANA_HOSTS_COLUMN_GUESTS,
    VIMANA_HOSTS_COLUMN_IDENTITY,
};

#define VIMANA_TYPE_HOSTS_WINDOW (vimana_hosts_window_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostsWindow, vimana_hosts_window, VIMANA, HOSTS_WINDOW,
                      GtkApplicationWindow)

GtkWidget    *vimana_hosts_window_new               (GtkApplication    *app,
                                                     GListModel        *connections);
GtkWindow    *vimana_hosts_window_show              (GtkApplication    *app,
                                                     GListModel        *connections);
void          vimana_hosts_window_refresh           (VimanaHostsWindow *self);
GtkTreeModel *vimana_hosts_window_get_hosts         (VimanaHostsWindow *self);
guint         vimana_hosts_window_get_n_identities  (VimanaHostsWindow *self);
GPtrArray    *vimana_hosts_window_get_proposals     (VimanaHostsWindow *self);
const char   *vimana_hosts_window_get_consolidation (VimanaHostsWindow *self);
GtkWindow    *vimana_hosts_window_apply             (VimanaHostsWindow *self,
                                                     guint              index);

G_END_DECLS
