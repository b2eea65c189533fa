/* vimana-recovery-bar.h: the main window's notice that a lost host's guests can be recovered
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_RECOVERY_BAR (vimana_recovery_bar_get_type ())

G_DECLARE_FINAL_TYPE (VimanaRecoveryBar, vimana_recovery_bar, VIMANA, RECOVERY_BAR, GtkInfoBar)

GtkWidget        *vimana_recovery_bar_new             (void);
void              vimana_recovery_bar_set_connections (VimanaRecoveryBar *self,
                                                       GListModel        *connections,
                                                       GSettings         *settings);
VimanaConnection *vimana_recovery_bar_get_lost        (VimanaRecoveryBar *self);
GtkWidget        *vimana_recovery_bar_open_dialog     (VimanaRecoveryBar *self);

G_END_DECLS
