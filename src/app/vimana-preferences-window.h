/* vimana-preferences-window.h: the application's preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_PREFERENCES_WINDOW (vimana_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (VimanaPreferencesWindow, vimana_preferences_window, VIMANA,
                      PREFERENCES_WINDOW, GtkWindow)

GtkWidget *vimana_preferences_window_new (GtkWindow *parent,
                                          GSettings *settings);

G_END_DECLS
