/* vimana-migrate-names.c: the Migrate dialog's destinations named by their hosts
 *
 * The destination combo is filled before the hosts' identities (and names) are read, with
 * the connections' names: "QEMU/KVM" for every local QEMU connection. Once every identity is
 * in, its lines are renamed in place by vimana_migration_get_host_name() ("QEMU/KVM on
 * host-b"); in place, so the choice and the pre-flight checks are not disturbed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migrate-dialog"

#include "config.h"

#include "vimana-migrate-names.h"

#include "vimana-connection.h"
#include "vimana-migration-check.h"

/* @destinations: (element-type VimanaConnection): the combo's first lines, in order */
void
vimana_migrate_names_update (GtkComboBoxText *combo,
                             GPtrArray       *destinations)
{
    GtkTreeModel *model = gtk_combo_box_get_model (GTK_COMBO_BOX (combo));
    int column = gtk_combo_box_get_entry_text_column (GTK_COMBO_BOX (combo));
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (guint i = 0; valid && i < destinations->len; i++) {
        gtk_list_store_set (GTK_LIST_STORE (model), &iter, column,
                            vimana_migration_get_host_name (g_ptr_array_index (destinations, i)), -1);
        valid = gtk_tree_model_iter_next (model, &iter);
    }
}
