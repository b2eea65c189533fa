/* vimana-migration-origins.c: where evacuated guests came from, to bring them back
 *
 * "Evacuate Host" moves every running guest off a connection; "Return Guests" moves them back
 * afterwards, possibly after Vimana was restarted. What came from where is a small key file
 * in the user's data folder (vimana/evacuated-guests.ini), one group per guest UUID, with the
 * guest's name, the URI it left and the URI it went to. The file is a few lines, read and
 * written whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-migration-origins.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#define VIMANA_ORIGINS_KEY_NAME "name"
#define VIMANA_ORIGINS_KEY_FROM "from"
#define VIMANA_ORIGINS_KEY_TO   "to"

void
vimana_migration_origin_free (VimanaMigrationOrigin *origin)
{
    if (origin == NULL)
        return;
    g_free (origin->uuid);
    g_free (origin->name);
    g_free (origin->from_uri);
    g_free (origin->to_uri);
    g_free (origin);
}

/**
 * vimana_migration_origins_get_default_path:
 *
 * Returns: (transfer full): the user's file of evacuated guests
 */
char *
vimana_migration_origins_get_default_path (void)
{
    return g_build_filename (g_get_user_data_dir (), "vimana", "evacuated-guests.ini", NULL);
}

/* A missing file is an empty one. */
static GKeyFile *
vimana_migration_origins_load (const char  *path,
                               GError     **error)
{
    g_autoptr(GKeyFile) file = g_key_file_new ();
    g_autoptr(GError) local_error = NULL;

    if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error)
        && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("The list of evacuated guests (%s) could not be read: "),
                                    path);
        return NULL;
    }
    return g_steal_pointer (&file);
}

static gboolean
vimana_migration_origins_save (GKeyFile    *file,
                               const char  *path,
                               GError     **error)
{
    g_autofree char *folder = g_path_get_dirname (path);
    g_autoptr(GError) local_error = NULL;

    if (g_mkdir_with_parents (folder, 0700) < 0) {
        int saved = errno;

        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                     _("The list of evacuated guests could not be saved in %s: %s"), folder,
                     g_strerror (saved));
        return FALSE;
    }
    if (!g_key_file_save_to_file (file, path, &local_error)) {
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("The list of evacuated guests (%s) could not be saved: "),
                                    path);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_migration_origins_remember:
 * @path: the file (vimana_migration_origins_get_default_path())
 * @uuid: the guest's UUID
 * @name: its name
 * @from_uri: the connection it was evacuated from
 * @to_uri: the connection it went to
 * @error: where the reason goes
 *
 * Records that the guest came from @from_uri. A guest evacuated again (from the host it was
 * evacuated to) keeps its first origin: it belongs there.
 *
 * Returns: whether it was saved
 */
gboolean
vimana_migration_origins_remember (const char  *path,
                                   const char  *uuid,
                                   const char  *name,
                                   const char  *from_uri,
                                   const char  *to_uri,
                                   GError     **error)
{
    g_autoptr(GKeyFile) file = NULL;

    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (uuid != NULL && uuid[0] != '\0', FALSE);
    g_return_val_if_fail (name != NULL && from_uri != NULL && to_uri != NULL, FALSE);

    file = vimana_migration_origins_load (path, error);
    if (file == NULL)
        return FALSE;
    if (g_key_file_has_group (file, uuid)) {
        g_autofree char *first = g_key_file_get_string (file, uuid, VIMANA_ORIGINS_KEY_FROM, NULL);

        if (first != NULL && g_strcmp0 (first, to_uri) != 0)
            from_uri = NULL;  /* keep the first origin */
        else if (first != NULL)
            /* Back home by another way than Return Guests: nothing to return. */
            return vimana_migration_origins_forget (path, uuid, error);
    }
    g_key_file_set_string (file, uuid, VIMANA_ORIGINS_KEY_NAME, name);
    if (from_uri != NULL)
        g_key_file_set_string (file, uuid, VIMANA_ORIGINS_KEY_FROM, from_uri);
    g_key_file_set_string (file, uuid, VIMANA_ORIGINS_KEY_TO, to_uri);
    return vimana_migration_origins_save (file, path, error);
}

/**
 * vimana_migration_origins_forget:
 * @path: the file
 * @uuid: the guest's UUID
 * @error: where the reason goes
 *
 * Drops the guest's origin (it is back, or gone). Nothing when it has none.
 *
 * Returns: whether the file is as asked
 */
gboolean
vimana_migration_origins_forget (const char  *path,
                                 const char  *uuid,
                                 GError     **error)
{
    g_autoptr(GKeyFile) file = NULL;

    g_return_val_if_fail (path != NULL && uuid != NULL, FALSE);

    file = vimana_migration_origins_load (path, error);
    if (file == NULL)
        return FALSE;
    if (!g_key_file_remove_group (file, uuid, NULL))
        return TRUE;
    return vimana_migration_origins_save (file, path, error);
}

/**
 * vimana_migration_origins_list_from:
 * @path: the file
 * @from_uri: a connection's URI
 * @error: where the reason goes
 *
 * Returns: (transfer full) (element-type VimanaMigrationOrigin): the guests evacuated from
 * @from_uri, in the file's order; %NULL on error
 */
GPtrArray *
vimana_migration_origins_list_from (const char  *path,
                                    const char  *from_uri,
                                    GError     **error)
{
    g_autoptr(GKeyFile) file = NULL;
    g_autoptr(GPtrArray) origins = NULL;
    g_auto(GStrv) groups = NULL;

    g_return_val_if_fail (path != NULL && from_uri != NULL, NULL);

    file = vimana_migration_origins_load (path, error);
    if (file == NULL)
        return NULL;
    origins = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_migration_origin_free);
    groups = g_key_file_get_groups (file, NULL);
    for (guint i = 0; groups[i] != NULL; i++) {
        g_autofree char *from = g_key_file_get_string (file, groups[i], VIMANA_ORIGINS_KEY_FROM,
                                                       NULL);
        g_autofree char *to = g_key_file_get_string (file, groups[i], VIMANA_ORIGINS_KEY_TO, NULL);
        VimanaMigrationOrigin *origin;

        if (g_strcmp0 (from, from_uri) != 0 || to == NULL)
            continue;
        origin = g_new0 (VimanaMigrationOrigin, 1);
        origin->uuid = g_strdup (groups[i]);
        origin->name = g_key_file_get_string (file, groups[i], VIMANA_ORIGINS_KEY_NAME, NULL);
        if (origin->name == NULL)
            origin->name = g_strdup (groups[i]);
        origin->from_uri = g_steal_pointer (&from);
        origin->to_uri = g_steal_pointer (&to);
        g_ptr_array_add (origins, origin);
    }
    return g_steal_pointer (&origins);
}
