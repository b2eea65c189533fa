/* vimana-window.h: the main window: connections, their guests, and what to do with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain-view.h"
#include "vimana-error-bar.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_WINDOW (vimana_window_get_type ())

G_DECLARE_FINAL_TYPE (VimanaWindow, vimana_window, VIMANA, WINDOW, GtkApplicationWindow)

typedef struct _VimanaApplication VimanaApplication;

VimanaWindow     *vimana_window_new             (VimanaApplication *application,
                                                 GListModel        *connections,
                                                 GSettings         *settings);
VimanaDomainView *vimana_window_get_domain_view (VimanaWindow      *self);
VimanaErrorBar   *vimana_window_get_error_bar   (VimanaWindow      *self);
void              vimana_window_set_search      (VimanaWindow      *self,
                                                 const char        *text);
void              vimana_window_show_add_connection (VimanaWindow  *self);
void              vimana_window_show_new_vm     (VimanaWindow      *self,
                                                 VimanaConnection  *connection);
gboolean          vimana_window_open_iso        (VimanaWindow      *self,
                                                 const char        *path);

G_END_DECLS
