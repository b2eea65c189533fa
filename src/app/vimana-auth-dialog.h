/* vimana-auth-dialog.h: the dialog that asks for the credentials libvirt wants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-auth-request.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_AUTH_DIALOG (vimana_auth_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaAuthDialog, vimana_auth_dialog, VIMANA, AUTH_DIALOG, GtkDialog)

GtkWidget         *vimana_auth_dialog_new         (GtkWindow         *parent,
                                                   VimanaAuthRequest *request);
VimanaAuthRequest *vimana_auth_dialog_get_request (VimanaAuthDialog  *self);

G_END_DECLS
