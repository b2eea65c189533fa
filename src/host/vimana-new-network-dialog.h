/* vimana-new-network-dialog.h: a new NAT or isolated virtual network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_NEW_NETWORK_DIALOG (vimana_new_network_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNewNetworkDialog, vimana_new_network_dialog, VIMANA,
                      NEW_NETWORK_DIALOG, GtkDialog)

GtkWidget  *vimana_new_network_dialog_new            (GtkWindow              *parent,
                                                      VimanaConnection       *connection);
void        vimana_new_network_dialog_set_field      (VimanaNewNetworkDialog *self,
                                                      const char             *field,
                                                      const char             *value);
const char *vimana_new_network_dialog_get_field      (VimanaNewNetworkDialog *self,
                                                      const char             *field);
const char *vimana_new_network_dialog_get_error      (VimanaNewNetworkDialog *self,
                                                      const char             *field);
gboolean    vimana_new_network_dialog_can_create     (VimanaNewNetworkDialog *self);

G_END_DECLS
