/* vimana-recovery-dialog.h: start a lost host's guests on another host, once the user confirms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_RECOVERY_DIALOG (vimana_recovery_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaRecoveryDialog, vimana_recovery_dialog, VIMANA, RECOVERY_DIALOG,
                      GtkDialog)

GtkWidget *vimana_recovery_dialog_new              (GtkWindow            *parent,
                                                    GListModel           *connections,
                                                    VimanaConnection     *lost);
gboolean   vimana_recovery_dialog_get_busy         (VimanaRecoveryDialog *self);
guint      vimana_recovery_dialog_get_n_recoverable (VimanaRecoveryDialog *self);

G_END_DECLS
