/* vimana-new-volume-dialog.h: a new volume in a storage pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_NEW_VOLUME_DIALOG (vimana_new_volume_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNewVolumeDialog, vimana_new_volume_dialog, VIMANA, NEW_VOLUME_DIALOG,
                      GtkDialog)

GtkWidget  *vimana_new_volume_dialog_new            (GtkWindow             *parent,
                                                     VimanaStoragePool     *pool);
void        vimana_new_volume_dialog_fill           (VimanaNewVolumeDialog *self,
                                                     const char            *name,
                                                     const char            *format,
                                                     double                 gib,
                                                     gboolean               allocate);
const char *vimana_new_volume_dialog_get_field_error (VimanaNewVolumeDialog *self,
                                                      const char            *field);

G_END_DECLS
