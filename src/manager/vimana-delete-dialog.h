/* vimana-delete-dialog.h: the confirmation that deletes guests and lets the user pick their storage
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_DELETE_DIALOG (vimana_delete_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDeleteDialog, vimana_delete_dialog, VIMANA, DELETE_DIALOG, GtkDialog)

GtkWidget  *vimana_delete_dialog_new             (GtkWindow          *parent,
                                                  GPtrArray          *domains);
GPtrArray  *vimana_delete_dialog_get_domains     (VimanaDeleteDialog *self);
char      **vimana_delete_dialog_get_volume_keys (VimanaDeleteDialog *self,
                                                  VimanaDomain       *domain);
char      **vimana_delete_dialog_get_snapshot_files (VimanaDeleteDialog *self,
                                                     VimanaDomain       *domain);
gboolean    vimana_delete_dialog_get_snapshot_metadata (VimanaDeleteDialog *self,
                                                        VimanaDomain       *domain);
gboolean    vimana_delete_dialog_is_loading      (VimanaDeleteDialog *self);

G_END_DECLS
