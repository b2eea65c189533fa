/* vimana-snapshot-dialog.h: the name, description and kind of a snapshot to take or edit
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-snapshot.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_SNAPSHOT_DIALOG (vimana_snapshot_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaSnapshotDialog, vimana_snapshot_dialog, VIMANA, SNAPSHOT_DIALOG,
                      GtkDialog)

VimanaSnapshotDialog *vimana_snapshot_dialog_new         (GtkWindow                *parent,
                                                          GPtrArray                *existing,
                                                          const VimanaSnapshotCaps *caps,
                                                          VimanaSnapshot           *editing);
VimanaSnapshot       *vimana_snapshot_dialog_get_editing (VimanaSnapshotDialog     *self);
VimanaSnapshotSpec   *vimana_snapshot_dialog_get_spec    (VimanaSnapshotDialog     *self);
gboolean              vimana_snapshot_dialog_is_valid    (VimanaSnapshotDialog     *self);
GtkEntry             *vimana_snapshot_dialog_get_name_entry (VimanaSnapshotDialog  *self);
GtkEntry             *vimana_snapshot_dialog_get_description_entry (VimanaSnapshotDialog *self);
GtkToggleButton      *vimana_snapshot_dialog_get_memory_check (VimanaSnapshotDialog *self);
const char           *vimana_snapshot_dialog_get_name_error (VimanaSnapshotDialog  *self);

G_END_DECLS
