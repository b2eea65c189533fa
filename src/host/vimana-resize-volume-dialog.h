/* vimana-resize-volume-dialog.h: a volume's new size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_RESIZE_VOLUME_DIALOG (vimana_resize_volume_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaResizeVolumeDialog, vimana_resize_volume_dialog, VIMANA,
                      RESIZE_VOLUME_DIALOG, GtkDialog)

GtkWidget  *vimana_resize_volume_dialog_new       (GtkWindow                *parent,
                                                   VimanaStorageVolume      *volume,
                                                   const char               *running_guest);
void        vimana_resize_volume_dialog_fill      (VimanaResizeVolumeDialog *self,
                                                   double                    gib,
                                                   gboolean                  shrink);
const char *vimana_resize_volume_dialog_get_error (VimanaResizeVolumeDialog *self,
                                                   const char               *field);

G_END_DECLS
