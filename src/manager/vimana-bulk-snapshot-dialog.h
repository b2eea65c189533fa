/* vimana-bulk-snapshot-dialog.h: one snapshot of each of several guests, one result line each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_BULK_SNAPSHOT_DIALOG (vimana_bulk_snapshot_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaBulkSnapshotDialog, vimana_bulk_snapshot_dialog, VIMANA,
                      BULK_SNAPSHOT_DIALOG, GtkDialog)

GtkWidget  *vimana_bulk_snapshot_dialog_new             (GtkWindow                *parent,
                                                         GPtrArray                *domains);
GtkEntry   *vimana_bulk_snapshot_dialog_get_name_entry  (VimanaBulkSnapshotDialog *self);
const char *vimana_bulk_snapshot_dialog_get_name_error  (VimanaBulkSnapshotDialog *self);
gboolean    vimana_bulk_snapshot_dialog_is_running      (VimanaBulkSnapshotDialog *self);
gboolean    vimana_bulk_snapshot_dialog_is_done         (VimanaBulkSnapshotDialog *self);
char       *vimana_bulk_snapshot_dialog_get_results     (VimanaBulkSnapshotDialog *self);

G_END_DECLS
