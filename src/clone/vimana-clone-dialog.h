/* vimana-clone-dialog.h: one or several clones of a guest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_CLONE_DIALOG (vimana_clone_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaCloneDialog, vimana_clone_dialog, VIMANA, CLONE_DIALOG, GtkDialog)

GtkWidget *vimana_clone_dialog_new         (GtkWindow         *parent,
                                            VimanaDomain      *domain);
gboolean   vimana_clone_dialog_get_loaded  (VimanaCloneDialog *self);
gboolean   vimana_clone_dialog_get_running (VimanaCloneDialog *self);

G_END_DECLS
