/* vimana-migrate-pool.c: the Migrate dialog's pool for copied disks
 *
 * Beside "Copy storage that is not shared", sensitive only while it is checked: the first line
 * leaves the choice to libvirt (a pool of the disk's own folder on the destination), the others
 * are the destination's running pools by name. Choosing one makes the migration create the
 * copied disks' volumes there first (vimana-migration-storage.c). The list is the destination
 * connection's pools, listed once when they are not yet; a destination changed meanwhile
 * ignores the late answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migrate-dialog"

#include "config.h"

#include "vimana-migrate-pool.h"

#include <glib/gi18n.h>

#include "vimana-storage-pool.h"

#define DESTINATION_KEY "vimana-pool-destination"

void
vimana_migrate_pool_setup (GtkComboBoxText *combo,
                           GtkToggleButton *copy_check)
{
    g_object_bind_property (copy_check, "active", combo, "sensitive", G_BINDING_SYNC_CREATE);
}

static void
vimana_migrate_pool_list (GtkComboBoxText  *combo,
                          VimanaConnection *destination)
{
    GListModel *pools = vimana_connection_get_storage_pools (destination);
    guint n = pools != NULL ? g_list_model_get_n_items (pools) : 0;
    g_autofree char *active = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo)));

    gtk_combo_box_text_remove_all (combo);
    gtk_combo_box_text_append (combo, "", _("Same folder as on the source"));
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (pools, i);

        if (vimana_storage_pool_get_active (pool))
            gtk_combo_box_text_append (combo, vimana_storage_pool_get_name (pool),
                                       vimana_storage_pool_get_name (pool));
    }
    if (active == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), active))
        gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
}

static void
vimana_migrate_pool_refreshed_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
    VimanaConnection *destination = VIMANA_CONNECTION (source);
    g_autoptr(GtkComboBoxText) combo = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_refresh_storage_pools_finish (destination, result, &error))
        g_debug ("the destination's pools could not be listed: %s", error->message);
    if (gtk_widget_get_parent (GTK_WIDGET (combo)) != NULL  /* not destroyed */
        && g_object_get_data (G_OBJECT (combo), DESTINATION_KEY) == destination)
        vimana_migrate_pool_list (combo, destination);
}

/* Lists @destination's pools in @combo (NULL: only the first line). */
void
vimana_migrate_pool_fill (GtkComboBoxText  *combo,
                          VimanaConnection *destination)
{
    g_object_set_data (G_OBJECT (combo), DESTINATION_KEY, destination);
    if (destination == NULL) {
        gtk_combo_box_text_remove_all (combo);
        gtk_combo_box_text_append (combo, "", _("Same folder as on the source"));
        gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
        return;
    }
    vimana_migrate_pool_list (combo, destination);
    if (!vimana_connection_get_storage_pools_loaded (destination))
        vimana_connection_refresh_storage_pools_async (destination, VIMANA_STORAGE_REFRESH_NONE, NULL,
                                                       vimana_migrate_pool_refreshed_cb,
                                                       g_object_ref (combo));
}

/* Returns: (transfer full) (nullable): the chosen pool's name; NULL for libvirt's choice or
 *   when storage is not copied */
char *
vimana_migrate_pool_get (GtkComboBoxText *combo,
                         GtkToggleButton *copy_check)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (combo));

    if (!gtk_toggle_button_get_active (copy_check) || id == NULL || id[0] == '\0')
        return NULL;
    return g_strdup (id);
}
