/* vimana-error-bar.h: a non-modal bar that shows what failed, in the window where it failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_ERROR_BAR (vimana_error_bar_get_type ())

G_DECLARE_FINAL_TYPE (VimanaErrorBar, vimana_error_bar, VIMANA, ERROR_BAR, GtkInfoBar)

/* What a bar's action button does; the bar is dismissed after it ran. */
typedef void (*VimanaErrorBarActionFunc) (VimanaErrorBar *bar,
                                          gpointer        user_data);

GtkWidget  *vimana_error_bar_new         (void);
void        vimana_error_bar_show        (VimanaErrorBar *self,
                                          GtkMessageType  type,
                                          const char     *title,
                                          const char     *detail);
void        vimana_error_bar_show_error  (VimanaErrorBar *self,
                                          const char     *title,
                                          const GError   *error);
const char *vimana_error_bar_get_text    (VimanaErrorBar *self);
void        vimana_error_bar_dismiss     (VimanaErrorBar *self);
void        vimana_error_bar_set_action  (VimanaErrorBar           *self,
                                          const char               *label,
                                          VimanaErrorBarActionFunc  func,
                                          gpointer                  user_data,
                                          GDestroyNotify            destroy);
gpointer    vimana_error_bar_get_action_data (VimanaErrorBar           *self,
                                              VimanaErrorBarActionFunc  func);

G_END_DECLS
