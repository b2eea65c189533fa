/* vimana-migrate-dialog.h: moving one or several guests to another connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_MIGRATE_DIALOG (vimana_migrate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaMigrateDialog, vimana_migrate_dialog, VIMANA, MIGRATE_DIALOG, GtkDialog)

/* How many migrations run at once; the rest wait their turn. */
#define VIMANA_MIGRATE_DIALOG_CONCURRENCY 2

GtkWidget *vimana_migrate_dialog_new         (GtkWindow  *parent,
                                              GListModel *connections,
                                              GPtrArray  *domains);
gboolean   vimana_migrate_dialog_get_checking (VimanaMigrateDialog *self);
gboolean   vimana_migrate_dialog_get_running  (VimanaMigrateDialog *self);

G_END_DECLS
