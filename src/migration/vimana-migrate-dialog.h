/* vimana-migrate-dialog.h: moving one or several guests to another connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_MIGRATE_DIALOG (vimana_migrate_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaMigrateDialog, vimana_migrate_dialog, VIMANA, MIGRATE_DIALOG, GtkDialog)

/* How many migrations run at once; the rest wait their turn. */
#define VIMANA_MIGRATE_DIALOG_CONCURRENCY 2

/* What the moves are for: after each guest that arrived, Evacuate remembers where it came from
 * and Return forgets it (vimana-migration-origins.h). */
typedef enum
{
    VIMANA_MIGRATE_PURPOSE_MOVE,
    VIMANA_MIGRATE_PURPOSE_EVACUATE,
    VIMANA_MIGRATE_PURPOSE_RETURN,
} VimanaMigratePurpose;

GtkWidget *vimana_migrate_dialog_new         (GtkWindow  *parent,
                                              GListModel *connections,
                                              GPtrArray  *domains);
gboolean   vimana_migrate_dialog_get_checking (VimanaMigrateDialog *self);
gboolean   vimana_migrate_dialog_get_running  (VimanaMigrateDialog *self);
void       vimana_migrate_dialog_cancel       (VimanaMigrateDialog *self);
void       vimana_migrate_dialog_set_purpose  (VimanaMigrateDialog  *self,
                                               VimanaMigratePurpose  purpose,
                                               VimanaConnection     *destination);

G_END_DECLS
