/* vimana-clone-journal.c: the volumes a clone is making, written down so none outlives a lost daemon
 *
 * A clone removes the volumes of a copy it could not finish (vimana-clone.c), but not when the
 * daemon went away in the middle of a copy: the half-written file is then a volume again when
 * libvirtd comes back. So before each volume is created, the clone thread writes its pool and
 * name in a journal kept per connection URI, a key file in the user's state folder
 * ($XDG_STATE_HOME/vimana/clone-journal/<SHA-256 of the URI>.ini), and takes it out once the
 * copy is whole or the volume is deleted. When a connection opens (vimana-clone-journal-watch.c
 * in the GTK layer), vimana_connection_clean_clone_journal_async() deletes on the worker what
 * the journal still lists and returns what it could not delete, for the user.
 *
 * An entry also says which process wrote it: one whose writer still runs (another Vimana, or
 * this one's clone thread still busy with it) is left alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-clone"

#include "config.h"

#include "vimana-clone-journal.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <unistd.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"

static GMutex vimana_clone_journal_lock;
static GHashTable *vimana_clone_journal_busy;   /* "uri\npool\nname" of this process's clones */

/**
 * vimana_clone_journal_path:
 * @uri: a connection URI
 *
 * Returns: (transfer full): the journal file of @uri
 */
char *
vimana_clone_journal_path (const char *uri)
{
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, uri, -1);
    g_autofree char *file = g_strconcat (sum, ".ini", NULL);

    return g_build_filename (g_get_user_state_dir (), "vimana", "clone-journal", file, NULL);
}

static char *
vimana_clone_journal_group (const char *pool,
                            const char *name)
{
    g_autofree char *both = g_strconcat (pool, "\n", name, NULL);
    g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, both, -1);

    return g_strconcat ("volume-", sum, NULL);
}

static char *
vimana_clone_journal_busy_key (const char *uri,
                               const char *pool,
                               const char *name)
{
    return g_strconcat (uri, "\n", pool, "\n", name, NULL);
}

/* Under the lock. */
static GKeyFile *
vimana_clone_journal_load (const char *path)
{
    GKeyFile *file = g_key_file_new ();

    g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, NULL);
    return file;
}

/* Under the lock: writes @file, or removes it when it lists nothing. */
static void
vimana_clone_journal_save (GKeyFile   *file,
                           const char *path)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_path_get_dirname (path);
    gsize n = 0;
    g_auto(GStrv) groups = g_key_file_get_groups (file, &n);

    if (n == 0) {
        if (g_unlink (path) < 0 && errno != ENOENT)
            g_warning ("%s could not be removed: %s", path, g_strerror (errno));
        return;
    }
    if (g_mkdir_with_parents (dir, 0700) < 0 || !g_key_file_save_to_file (file, path, &error))
        g_warning ("The clone journal %s could not be written: %s", path,
                   error != NULL ? error->message : g_strerror (errno));
}

/**
 * vimana_clone_journal_add:
 * @uri: the connection's URI
 * @pool: the pool the volume is made in
 * @name: the volume's name
 *
 * Writes down, before it is created, a volume a clone of this process makes. Any thread.
 */
void
vimana_clone_journal_add (const char *uri,
                          const char *pool,
                          const char *name)
{
    g_autofree char *path = vimana_clone_journal_path (uri);
    g_autofree char *group = vimana_clone_journal_group (pool, name);
    g_autoptr(GKeyFile) file = NULL;

    g_mutex_lock (&vimana_clone_journal_lock);
    file = vimana_clone_journal_load (path);
    g_key_file_set_string (file, group, "uri", uri);
    g_key_file_set_string (file, group, "pool", pool);
    g_key_file_set_string (file, group, "name", name);
    g_key_file_set_int64 (file, group, "pid", getpid ());
    vimana_clone_journal_save (file, path);
    if (vimana_clone_journal_busy == NULL)
        vimana_clone_journal_busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add (vimana_clone_journal_busy, vimana_clone_journal_busy_key (uri, pool, name));
    g_mutex_unlock (&vimana_clone_journal_lock);
}

static void
vimana_clone_journal_unbusy (const char *uri,
                             const char *pool,
                             const char *name)
{
    g_autofree char *key = vimana_clone_journal_busy_key (uri, pool, name);

    if (vimana_clone_journal_busy != NULL)
        g_hash_table_remove (vimana_clone_journal_busy, key);
}

/**
 * vimana_clone_journal_remove:
 *
 * Takes a volume out of the journal: it belongs to a whole copy, or it is gone. Any thread.
 */
void
vimana_clone_journal_remove (const char *uri,
                             const char *pool,
                             const char *name)
{
    g_autofree char *path = vimana_clone_journal_path (uri);
    g_autofree char *group = vimana_clone_journal_group (pool, name);
    g_autoptr(GKeyFile) file = NULL;

    g_mutex_lock (&vimana_clone_journal_lock);
    file = vimana_clone_journal_load (path);
    if (g_key_file_remove_group (file, group, NULL))
        vimana_clone_journal_save (file, path);
    vimana_clone_journal_unbusy (uri, pool, name);
    g_mutex_unlock (&vimana_clone_journal_lock);
}

/**
 * vimana_clone_journal_settle:
 *
 * Leaves a volume in the journal that its clone could not delete (the daemon went away):
 * the next cleanup of the connection may delete it. Any thread.
 */
void
vimana_clone_journal_settle (const char *uri,
                             const char *pool,
                             const char *name)
{
    g_mutex_lock (&vimana_clone_journal_lock);
    vimana_clone_journal_unbusy (uri, pool, name);
    g_mutex_unlock (&vimana_clone_journal_lock);
}

/* Whether the entry's writer may still be making it. Under the lock. */
static gboolean
vimana_clone_journal_entry_busy (const char *uri,
                                 const char *pool,
                                 const char *name,
                                 gint64      pid)
{
    g_autofree char *key = vimana_clone_journal_busy_key (uri, pool, name);

    if (pid == getpid ())
        return vimana_clone_journal_busy != NULL &&
               g_hash_table_contains (vimana_clone_journal_busy, key);
    return pid > 0 && (kill ((pid_t) pid, 0) == 0 || errno == EPERM);
}

/**
 * vimana_clone_journal_list:
 * @uri: a connection URI
 *
 * Returns: (transfer full) (element-type GStrv): the volumes still listed for @uri whose
 *   clone is over, each a pool and a name
 */
GPtrArray *
vimana_clone_journal_list (const char *uri)
{
    g_autofree char *path = vimana_clone_journal_path (uri);
    g_autoptr(GKeyFile) file = NULL;
    GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_auto(GStrv) groups = NULL;

    g_mutex_lock (&vimana_clone_journal_lock);
    file = vimana_clone_journal_load (path);
    groups = g_key_file_get_groups (file, NULL);
    for (guint i = 0; groups[i] != NULL; i++) {
        g_autofree char *entry_uri = g_key_file_get_string (file, groups[i], "uri", NULL);
        g_autofree char *pool = g_key_file_get_string (file, groups[i], "pool", NULL);
        g_autofree char *name = g_key_file_get_string (file, groups[i], "name", NULL);
        gint64 pid = g_key_file_get_int64 (file, groups[i], "pid", NULL);
        char **entry;

        if (g_strcmp0 (entry_uri, uri) != 0 || pool == NULL || name == NULL ||
            vimana_clone_journal_entry_busy (uri, pool, name, pid))
            continue;
        entry = g_new0 (char *, 3);
        entry[0] = g_steal_pointer (&pool);
        entry[1] = g_steal_pointer (&name);
        g_ptr_array_add (entries, entry);
    }
    g_mutex_unlock (&vimana_clone_journal_lock);
    return entries;
}

/* ---- the cleanup, on the worker ---- */

/* Returns: whether the volume is gone; else why not in @left. */
static gboolean
vimana_clone_journal_delete (virConnectPtr  conn,
                             const char    *pool_name,
                             const char    *name,
                             GPtrArray     *left)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, pool_name);
    virStorageVolPtr vol;
    gboolean gone = FALSE;
    char *path;

    if (pool == NULL) {
        /* The pool went, and its volumes with it. */
        gone = virGetLastErrorCode () == VIR_ERR_NO_STORAGE_POOL;
        if (!gone)
            g_ptr_array_add (left, g_strdup_printf ("%s/%s (%s)", pool_name, name,
                                                    virGetLastErrorMessage ()));
        virResetLastError ();
        return gone;
    }
    if (virStoragePoolIsActive (pool) != 1) {
        g_ptr_array_add (left, g_strdup_printf (_("%s/%s (the pool is not active)"), pool_name,
                                                name));
        virStoragePoolFree (pool);
        virResetLastError ();
        return FALSE;
    }
    /* A file written while the daemon went away is a volume once the pool is read again. */
    virStoragePoolRefresh (pool, 0);
    virResetLastError ();
    vol = virStorageVolLookupByName (pool, name);
    if (vol == NULL) {
        gone = virGetLastErrorCode () == VIR_ERR_NO_STORAGE_VOL;
        if (!gone)
            g_ptr_array_add (left, g_strdup_printf ("%s/%s (%s)", pool_name, name,
                                                    virGetLastErrorMessage ()));
    } else if (virStorageVolDelete (vol, 0) == 0) {
        g_message ("Deleted %s/%s, left by a clone that did not finish", pool_name, name);
        gone = TRUE;
    } else {
        path = virStorageVolGetPath (vol);
        g_ptr_array_add (left, g_strdup_printf ("%s (%s)", path != NULL ? path : name,
                                                virGetLastErrorMessage ()));
        free (path);
    }
    if (vol != NULL)
        virStorageVolFree (vol);
    virStoragePoolFree (pool);
    virResetLastError ();
    return gone;
}

static void
vimana_clone_journal_clean_job (GTask         *task,
                                virConnectPtr  conn,
                                virDomainPtr   dom,
                                gpointer       data,
                                GCancellable  *cancellable)
{
    const char *uri = data;
    g_autoptr(GPtrArray) entries = vimana_clone_journal_list (uri);
    g_autoptr(GPtrArray) left = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < entries->len; i++) {
        char **entry = g_ptr_array_index (entries, i);

        if (vimana_clone_journal_delete (conn, entry[0], entry[1], left))
            vimana_clone_journal_remove (uri, entry[0], entry[1]);
    }
    if (left->len == 0) {
        g_task_return_pointer (task, NULL, NULL);
        return;
    }
    g_ptr_array_add (left, NULL);
    g_task_return_pointer (task, g_ptr_array_steal (left, NULL), (GDestroyNotify) g_strfreev);
}

/**
 * vimana_connection_clean_clone_journal_async:
 * @self: an open connection
 * @cancellable: (nullable): a cancellable
 * @callback: called on the main thread
 * @user_data: its data
 *
 * Deletes the volumes clones of @self's URI began and did not finish nor remove (libvirtd
 * went away meanwhile), as the journal lists them.
 */
void
vimana_connection_clean_clone_journal_async (VimanaConnection    *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_clean_clone_journal_async);
    vimana_connection_queue (self, task, vimana_clone_journal_clean_job,
                             g_strdup (vimana_connection_get_uri (self)), g_free);
}

/**
 * vimana_connection_clean_clone_journal_finish:
 *
 * Returns: (transfer full) (nullable): the volumes that could not be deleted, each with the
 *   reason, for the user; %NULL, without @error, when none is left
 */
GStrv
vimana_connection_clean_clone_journal_finish (VimanaConnection  *self,
                                              GAsyncResult      *result,
                                              GError           **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
