/* vimana-add-connection-dialog.h: the dialog that describes a new libvirt connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_ADD_CONNECTION_DIALOG (vimana_add_connection_dialog_get_type ())

/* The response of "Keep Anyway", offered when the connection could not be opened. */
#define VIMANA_ADD_CONNECTION_RESPONSE_KEEP 1

G_DECLARE_FINAL_TYPE (VimanaAddConnectionDialog, vimana_add_connection_dialog, VIMANA,
                      ADD_CONNECTION_DIALOG, GtkDialog)

GtkWidget  *vimana_add_connection_dialog_new             (GtkWindow                 *parent);
const char *vimana_add_connection_dialog_get_uri         (VimanaAddConnectionDialog *self);
gboolean    vimana_add_connection_dialog_get_autoconnect (VimanaAddConnectionDialog *self);
void        vimana_add_connection_dialog_set_uri         (VimanaAddConnectionDialog *self,
                                                          const char                *uri);
void        vimana_add_connection_dialog_try             (VimanaAddConnectionDialog *self,
                                                          VimanaConnection          *connection);

G_END_DECLS
