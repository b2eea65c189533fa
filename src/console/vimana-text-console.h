/* vimana-text-console.h: a guest's serial or text console in a terminal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-console-stream.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_TEXT_CONSOLE (vimana_text_console_get_type ())
G_DECLARE_FINAL_TYPE (VimanaTextConsole, vimana_text_console, VIMANA, TEXT_CONSOLE, GtkBox)

GtkWidget           *vimana_text_console_new        (VimanaDomain      *domain,
                                                     const char        *dev_name,
                                                     const char        *title);
VimanaConsoleStream *vimana_text_console_get_stream (VimanaTextConsole *self);
GtkWidget           *vimana_text_console_get_terminal (VimanaTextConsole *self);
void                 vimana_text_console_attach     (VimanaTextConsole *self,
                                                     gboolean           force);
void                 vimana_text_console_attach_async (VimanaTextConsole   *self,
                                                       gboolean             force,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean             vimana_text_console_attach_finish (VimanaTextConsole  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
void                 vimana_text_console_set_status_text (VimanaTextConsole *self,
                                                          const char        *status);
void                 vimana_text_console_detach     (VimanaTextConsole *self);
const char          *vimana_text_console_get_status (VimanaTextConsole *self);

G_END_DECLS
