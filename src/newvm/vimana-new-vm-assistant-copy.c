/* vimana-new-vm-assistant-copy.c: "Copy into a Pool", the second fix for media QEMU cannot read
 *
 * The file is copied into a new raw volume of the pool "default" (or the first active directory
 * pool) over a libvirt stream (vimana_storage_volume_upload_async()), with its progress beside
 * the field, and the media path becomes the volume's: libvirt sets a pool volume's owner for
 * the guest when it starts, so the access check no longer applies to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-newvm"

#include "config.h"

#include "vimana-new-vm-assistant-private.h"

#include <glib/gi18n.h>

#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-storage-pool.h"
#include "vimana-storage-volume.h"
#include "vimana-storage-xml.h"

#define MIN_VOLUME_SIZE (G_GUINT64_CONSTANT (1) << 20)

typedef struct
{
    VimanaNewVmAssistant *self;
    GFile                *file;
    guint64               size;
    char                 *pool;
} CopyData;

static void
copy_data_free (CopyData *data)
{
    g_object_unref (data->self);
    g_object_unref (data->file);
    g_free (data->pool);
    g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyData, copy_data_free)

static void
copy_set_running (VimanaNewVmAssistant *self,
                  gboolean              running)
{
    self->copying = running;
    gtk_widget_set_sensitive (self->media_copy_button, !running);
    gtk_widget_set_sensitive (self->media_grant_button, !running);
    gtk_widget_set_sensitive (GTK_WIDGET (self->media_entry), !running);
    gtk_widget_set_visible (GTK_WIDGET (self->media_copy_progress), running);
}

/* The copy ended without a volume to use: said beneath the field, the file left as it was. */
static void
copy_failed (VimanaNewVmAssistant *self,
             const GError         *error)
{
    copy_set_running (self, FALSE);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    vimana_field_error_set_error (GTK_WIDGET (self->media_entry), self->media_error_label, error);
}

/* The pool "default" when it runs as a directory pool, otherwise the first running one. */
static VimanaStoragePool *
copy_pick_pool (VimanaConnection *connection)
{
    VimanaStoragePool *pool = vimana_connection_find_storage_pool (connection, "default");
    GListModel *pools = vimana_connection_get_storage_pools (connection);

    if (pool != NULL && vimana_storage_pool_get_active (pool) &&
        g_strcmp0 (vimana_storage_pool_get_pool_type (pool), "dir") == 0)
        return pool;
    for (guint i = 0; i < g_list_model_get_n_items (pools); i++) {
        g_autoptr(VimanaStoragePool) candidate = g_list_model_get_item (pools, i);

        if (vimana_storage_pool_get_active (candidate) &&
            g_strcmp0 (vimana_storage_pool_get_pool_type (candidate), "dir") == 0)
            return candidate;   /* the list holds it */
    }
    return NULL;
}

static void
copy_progress_cb (VimanaStorageVolume                *volume,
                  const VimanaVolumeTransferProgress *progress,
                  gpointer                            user_data)
{
    VimanaNewVmAssistant *self = user_data;
    g_autofree char *done = g_format_size (progress->done);
    g_autofree char *total = g_format_size (progress->total);
    g_autofree char *text = NULL;

    /* Translators: a volume's name, then bytes copied and bytes in all ("12 MB of 600 MB"). */
    text = g_strdup_printf (_("Copying into “%s”: %s of %s"), vimana_storage_volume_get_name (volume),
                            done, total);
    gtk_progress_bar_set_text (self->media_copy_progress, text);
    if (progress->total > 0)
        gtk_progress_bar_set_fraction (self->media_copy_progress,
                                       (double) progress->done / (double) progress->total);
}

static void
copy_uploaded_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
    g_autoptr(CopyData) data = user_data;
    VimanaStorageVolume *volume = VIMANA_STORAGE_VOLUME (source);
    VimanaNewVmAssistant *self = data->self;
    g_autoptr(GError) error = NULL;

    if (!vimana_storage_volume_upload_finish (volume, result, &error)) {
        g_autoptr(GError) said = NULL;

        /* Translators: a volume's name, then why the copy stopped. */
        said = g_error_new (VIMANA_ERROR, VIMANA_ERROR_FAILED,
                            _("The copy into the volume “%s” stopped, its content is incomplete: %s"),
                            vimana_storage_volume_get_name (volume), error->message);
        copy_failed (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? error : said);
        return;
    }
    g_free (self->media_copied);
    self->media_copied = g_strdup (vimana_storage_volume_get_path (volume));
    copy_set_running (self, FALSE);
    gtk_entry_set_text (self->media_entry, self->media_copied);
}

static void
copy_created_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    g_autoptr(CopyData) data = user_data;
    g_autoptr(VimanaStorageVolume) volume = NULL;
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNewVmAssistant *self = data->self;

    volume = vimana_connection_create_storage_volume_finish (VIMANA_CONNECTION (source), result, &error);
    if (volume == NULL) {
        copy_failed (self, error);
        return;
    }
    gtk_progress_bar_set_fraction (self->media_copy_progress, 0);
    /* The arguments' order of evaluation is unspecified: nothing reads data once it is passed. */
    file = g_object_ref (data->file);
    vimana_storage_volume_upload_async (volume, file, self->cancellable, copy_progress_cb,
                                        g_object_ref (self), g_object_unref, copy_uploaded_cb,
                                        g_steal_pointer (&data));
}

static void
copy_pools_refreshed_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
    g_autoptr(CopyData) data = user_data;
    VimanaConnection *connection = VIMANA_CONNECTION (source);
    VimanaNewVmAssistant *self = data->self;
    VimanaStorageVolumeSpec spec = { 0 };
    VimanaStoragePool *pool;
    g_autofree char *name = NULL;
    g_autofree char *pool_name = NULL;
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_refresh_storage_pools_finish (connection, result, &error)) {
        copy_failed (self, error);
        return;
    }
    pool = copy_pick_pool (connection);
    if (pool == NULL) {
        g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                             _("There is no active directory storage pool to copy the file into."));
        copy_failed (self, error);
        return;
    }
    data->pool = g_strdup (vimana_storage_pool_get_name (pool));
    name = g_file_get_basename (data->file);
    if (vimana_storage_pool_find_volume (pool, name) != NULL) {
        g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("The pool “%s” already has a volume “%s”."), data->pool, name);
        copy_failed (self, error);
        return;
    }
    spec.name = name;
    spec.format = "raw";
    spec.capacity = MAX (data->size, MIN_VOLUME_SIZE);
    {
        /* Translators: a storage pool's name. */
        g_autofree char *text = g_strdup_printf (_("Creating a volume in “%s”…"), data->pool);

        gtk_progress_bar_set_text (self->media_copy_progress, text);
    }
    pool_name = g_strdup (data->pool);
    vimana_connection_create_storage_volume_async (connection, pool_name, &spec, self->cancellable,
                                                   copy_created_cb, g_steal_pointer (&data));
}

void
vimana_new_vm_assistant_copy_clicked_cb (VimanaNewVmAssistant *self)
{
    const char *path = gtk_entry_get_text (self->media_entry);
    g_autoptr(GFileInfo) info = NULL;
    g_autoptr(GError) error = NULL;
    CopyData *data;

    if (self->copying || self->connection == NULL || !g_path_is_absolute (path))
        return;
    data = g_new0 (CopyData, 1);
    data->self = g_object_ref (self);
    data->file = g_file_new_for_path (path);
    info = g_file_query_info (data->file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                              NULL, &error);
    if (info == NULL) {
        copy_data_free (data);
        copy_failed (self, error);
        return;
    }
    data->size = (guint64) g_file_info_get_size (info);
    copy_set_running (self, TRUE);
    gtk_progress_bar_set_fraction (self->media_copy_progress, 0);
    gtk_progress_bar_set_text (self->media_copy_progress, _("Looking for a storage pool…"));
    vimana_connection_refresh_storage_pools_async (self->connection, VIMANA_STORAGE_REFRESH_VOLUMES,
                                                   self->cancellable, copy_pools_refreshed_cb, data);
}
