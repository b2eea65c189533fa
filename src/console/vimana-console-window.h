/* vimana-console-window.h: a guest's console detached from its details window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_CONSOLE_WINDOW (vimana_console_window_get_type ())

G_DECLARE_FINAL_TYPE (VimanaConsoleWindow, vimana_console_window, VIMANA, CONSOLE_WINDOW,
                      GtkWindow)

GtkWidget *vimana_console_window_new         (GtkWindow  *parent,
                                              const char *title,
                                              GtkWidget  *display);
GtkWidget *vimana_console_window_take_display (VimanaConsoleWindow *self);
void       vimana_console_window_set_scaling  (VimanaConsoleWindow *self,
                                               gboolean             scaling);

G_END_DECLS
