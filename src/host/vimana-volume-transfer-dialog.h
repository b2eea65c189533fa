/* vimana-volume-transfer-dialog.h: a volume's upload or download, with its progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"
#include "vimana-error-bar.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_VOLUME_TRANSFER_DIALOG (vimana_volume_transfer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaVolumeTransferDialog, vimana_volume_transfer_dialog, VIMANA,
                      VOLUME_TRANSFER_DIALOG, GtkDialog)

GtkWidget  *vimana_volume_transfer_dialog_new         (GtkWindow                  *parent,
                                                       VimanaStorageVolume        *volume,
                                                       gboolean                    upload,
                                                       GFile                      *file,
                                                       gboolean                    replace);
void        vimana_volume_transfer_dialog_choose      (GtkWidget                  *from,
                                                       VimanaStorageVolume        *volume,
                                                       gboolean                    upload,
                                                       VimanaErrorBar             *error_bar);

/* For tests. */
gboolean    vimana_volume_transfer_dialog_get_running (VimanaVolumeTransferDialog *self);
const char *vimana_volume_transfer_dialog_get_error   (VimanaVolumeTransferDialog *self);

G_END_DECLS
