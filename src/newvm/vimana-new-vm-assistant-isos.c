/* vimana-new-vm-assistant-isos.c: the ISO images New VM offers on its first page
 *
 * The beginner's path starts with an ISO: the ones used before (the recent-isos setting),
 * the ones in the Downloads folder and the .iso volumes of the connection's pools are listed
 * under the media field, and one click on a row chooses it (issue 17, item 13).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-vm-assistant"

#include "config.h"

#include "vimana-new-vm-assistant-private.h"

#include <glib/gi18n.h>

#include "vimana-storage-volume.h"

#define VIMANA_NEW_VM_RECENT_ISOS 10   /* kept in the setting */
#define VIMANA_NEW_VM_LISTED_ISOS 6    /* shown */

static GSettings *
vimana_new_vm_isos_settings (void)
{
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
    if (schema == NULL || !g_settings_schema_has_key (schema, "recent-isos"))
        return NULL;
    return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
vimana_new_vm_is_iso (const char *path)
{
    g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

    return lower != NULL && g_str_has_suffix (lower, ".iso");
}

static void
vimana_new_vm_isos_add (VimanaNewVmAssistant *self,
                        GHashTable           *seen,
                        const char           *path,
                        const char           *where)
{
    g_autofree char *base = NULL;
    g_autofree char *text = NULL;
    GtkWidget *row, *box, *name, *detail;

    if (path == NULL || g_hash_table_contains (seen, path) ||
        g_hash_table_size (seen) >= VIMANA_NEW_VM_LISTED_ISOS)
        return;
    g_hash_table_add (seen, g_strdup (path));
    base = g_path_get_basename (path);

    row = gtk_list_box_row_new ();
    box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    name = gtk_label_new (base);
    detail = gtk_label_new (where);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_set_hexpand (name, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (detail), "dim-label");
    gtk_widget_set_margin_start (box, 6);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 3);
    gtk_widget_set_margin_bottom (box, 3);
    gtk_container_add (GTK_CONTAINER (box), name);
    gtk_container_add (GTK_CONTAINER (box), detail);
    gtk_container_add (GTK_CONTAINER (row), box);
    gtk_widget_set_tooltip_text (row, path);
    /* Translators: an ISO image's file name, then where it was found ("In Downloads"). */
    text = g_strdup_printf (_("%s, %s"), base, where);
    atk_object_set_name (gtk_widget_get_accessible (row), text);
    g_object_set_data_full (G_OBJECT (row), "path", g_strdup (path), g_free);
    gtk_widget_show_all (row);
    gtk_container_add (GTK_CONTAINER (self->iso_list), row);
}

static void
vimana_new_vm_isos_add_downloads (VimanaNewVmAssistant *self,
                                  GHashTable           *seen)
{
    const char *downloads = g_get_user_special_dir (G_USER_DIRECTORY_DOWNLOAD);
    g_autofree char *fallback = g_build_filename (g_get_home_dir (), "Downloads", NULL);
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    /* (one local folder, read once as the page fills: no worker needed) */
    dir = g_dir_open (downloads != NULL ? downloads : fallback, 0, NULL);
    if (dir == NULL)
        return;
    while ((name = g_dir_read_name (dir)) != NULL) {
        if (vimana_new_vm_is_iso (name))
            g_ptr_array_add (names, g_build_filename (downloads != NULL ? downloads : fallback, name, NULL));
    }
    g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    for (guint i = 0; i < names->len; i++)
        vimana_new_vm_isos_add (self, seen, g_ptr_array_index (names, i), _("In Downloads"));
}

/**
 * vimana_new_vm_assistant_fill_isos:
 * @self: a #VimanaNewVmAssistant
 *
 * Lists the recently used ISO images, those in Downloads (both only for a local connection,
 * where the files are) and the connection's .iso volumes; the list hides when it has none.
 */
void
vimana_new_vm_assistant_fill_isos (VimanaNewVmAssistant *self)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->iso_list));
    gboolean local = self->connection != NULL && vimana_connection_is_local (self->connection);

    for (GList *l = rows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    if (local) {
        g_autoptr(GSettings) settings = vimana_new_vm_isos_settings ();
        g_auto(GStrv) recent = settings != NULL ? g_settings_get_strv (settings, "recent-isos") : NULL;

        for (guint i = 0; recent != NULL && recent[i] != NULL; i++) {
            if (g_file_test (recent[i], G_FILE_TEST_IS_REGULAR))
                vimana_new_vm_isos_add (self, seen, recent[i], _("Recently used"));
        }
        vimana_new_vm_isos_add_downloads (self, seen);
    }
    if (self->connection != NULL) {
        g_autoptr(GPtrArray) volumes = vimana_connection_dup_storage_volumes (self->connection);

        for (guint i = 0; i < volumes->len; i++) {
            const char *path = vimana_storage_volume_get_path (g_ptr_array_index (volumes, i));

            if (vimana_new_vm_is_iso (path))
                vimana_new_vm_isos_add (self, seen, path, _("In a storage pool"));
        }
    }
    gtk_widget_set_visible (self->iso_box, g_hash_table_size (seen) > 0);
}

/**
 * vimana_new_vm_assistant_remember_iso:
 * @self: a #VimanaNewVmAssistant
 * @path: the ISO image a guest was created from
 *
 * Puts @path first in the recent-isos setting.
 */
void
vimana_new_vm_assistant_remember_iso (VimanaNewVmAssistant *self,
                                      const char           *path)
{
    g_autoptr(GSettings) settings = vimana_new_vm_isos_settings ();
    g_auto(GStrv) old = NULL;
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) recent = NULL;
    guint n = 1;

    if (settings == NULL || !vimana_new_vm_is_iso (path) || !vimana_connection_is_local (self->connection))
        return;
    old = g_settings_get_strv (settings, "recent-isos");
    g_strv_builder_add (builder, path);
    for (guint i = 0; old[i] != NULL && n < VIMANA_NEW_VM_RECENT_ISOS; i++) {
        if (!g_str_equal (old[i], path)) {
            g_strv_builder_add (builder, old[i]);
            n++;
        }
    }
    recent = g_strv_builder_end (builder);
    g_settings_set_strv (settings, "recent-isos", (const char * const *) recent);
}

static void
vimana_new_vm_isos_row_activated_cb (VimanaNewVmAssistant *self,
                                     GtkListBoxRow        *row)
{
    const char *path = g_object_get_data (G_OBJECT (row), "path");

    if (path != NULL)
        vimana_new_vm_assistant_set_media (self, path);
}

/**
 * vimana_new_vm_assistant_set_media:
 * @self: a #VimanaNewVmAssistant
 * @path: an ISO image or a CD/DVD drive
 *
 * Chooses local install media from @path, as an ISO dropped on the main window does.
 */
void
vimana_new_vm_assistant_set_media (VimanaNewVmAssistant *self,
                                   const char           *path)
{
    g_return_if_fail (VIMANA_IS_NEW_VM_ASSISTANT (self));
    g_return_if_fail (path != NULL);

    gtk_toggle_button_set_active (self->media_radio, TRUE);
    gtk_entry_set_text (self->media_entry, path);
}

/**
 * vimana_new_vm_assistant_isos_init:
 * @self: a #VimanaNewVmAssistant
 *
 * Makes the list, under the media field.
 */
void
vimana_new_vm_assistant_isos_init (VimanaNewVmAssistant *self)
{
    GtkWidget *heading = gtk_label_new (_("Recent and found ISO images"));
    GtkWidget *frame = gtk_frame_new (NULL);

    self->iso_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    self->iso_list = GTK_LIST_BOX (gtk_list_box_new ());
    gtk_label_set_xalign (GTK_LABEL (heading), 0);
    gtk_style_context_add_class (gtk_widget_get_style_context (heading), "dim-label");
    gtk_list_box_set_activate_on_single_click (self->iso_list, TRUE);
    gtk_list_box_set_selection_mode (self->iso_list, GTK_SELECTION_NONE);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->iso_list)),
                         _("Recent and found ISO images"));
    g_signal_connect_swapped (self->iso_list, "row-activated",
                              G_CALLBACK (vimana_new_vm_isos_row_activated_cb), self);
    gtk_container_add (GTK_CONTAINER (frame), GTK_WIDGET (self->iso_list));
    gtk_container_add (GTK_CONTAINER (self->iso_box), heading);
    gtk_container_add (GTK_CONTAINER (self->iso_box), frame);
    gtk_widget_show_all (self->iso_box);
    gtk_widget_set_no_show_all (self->iso_box, TRUE);
    gtk_widget_hide (self->iso_box);
    gtk_grid_attach (GTK_GRID (self->media_box), self->iso_box, 0, 3, 2, 1);
}
