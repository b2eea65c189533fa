/* vimana-connection-resources.c: the list models of what a connection owns besides guests
 *
 * Storage pools, virtual networks and host devices are each a GListStore of objects that views
 * bind. They follow one life, written here once; each folder only says, in its
 * VimanaResourceKind, how to read its items on the worker and how an item matches a snapshot:
 *
 * - empty until something lists them (a refresh call, the New VM assistant's query): "loaded on
 *   demand";
 * - a listing updates the store in place (vimana_list_store_sync()): kept rows keep their
 *   objects, items-changed says exactly what came and went;
 * - after a libvirt event, one item is read again by name and updated, added or removed;
 * - when the connection closes the store empties (its objects marked removed by the kind), and
 *   when it opens again what had been listed is listed again.
 *
 * Every result carries the open attempt (generation) it was read under: a listing that lands
 * after the connection closed does not bring back what closing emptied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-connection"

#include "config.h"

#include "vimana-connection-private.h"
#include "vimana-error.h"

typedef struct
{
    const VimanaResourceKind *kind;
    char                     *name;         /* one item, or NULL for the whole listing */
    gboolean                  detail;
    guint                     generation;
} VimanaResourceJob;

static void
vimana_resource_job_free (gpointer data)
{
    VimanaResourceJob *job = data;

    g_free (job->name);
    g_free (job);
}

static VimanaResourceJob *
vimana_resource_job_new (VimanaConnection         *self,
                         const VimanaResourceKind *kind,
                         const char               *name,
                         gboolean                  detail)
{
    VimanaResourceJob *job = g_new0 (VimanaResourceJob, 1);

    job->kind = kind;
    job->name = g_strdup (name);
    job->detail = detail;
    job->generation = vimana_connection_get_generation (self);
    return job;
}

static GListStore *
vimana_connection_kind_store (VimanaConnection         *self,
                              const VimanaResourceKind *kind)
{
    return vimana_connection_get_resource_store (self, kind->resource);
}

/**
 * vimana_connection_find_resource:
 * @self: a #VimanaConnection
 * @kind: what to look in
 * @name: the item's key (a name)
 *
 * Returns: (transfer none) (nullable): the listed item
 */
gpointer
vimana_connection_find_resource (VimanaConnection         *self,
                                 const VimanaResourceKind *kind,
                                 const char               *name)
{
    return vimana_list_store_find (vimana_connection_kind_store (self, kind), name,
                                   kind->funcs->item_key, NULL);
}

/* ---- whole listings ---- */

static void
vimana_connection_list_job (GTask         *task,
                            virConnectPtr  conn,
                            virDomainPtr   dom,
                            gpointer       data,
                            GCancellable  *cancellable)
{
    VimanaResourceJob *job = data;
    GError *error = NULL;
    GPtrArray *infos = job->kind->list (conn, job->detail, &error);

    if (infos == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, infos, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_connection_queue_resource_listing:
 * @self: a #VimanaConnection
 * @kind: what to list
 * @detail: passed to @kind's list function
 * @task: the task the listing completes; vimana_connection_finish_resource_listing() finishes it
 *
 * Queues a full listing of @kind on the worker.
 */
void
vimana_connection_queue_resource_listing (VimanaConnection         *self,
                                          const VimanaResourceKind *kind,
                                          gboolean                  detail,
                                          GTask                    *task)
{
    vimana_connection_queue (self, task, vimana_connection_list_job,
                             vimana_resource_job_new (self, kind, NULL, detail),
                             vimana_resource_job_free);
}

/**
 * vimana_connection_apply_resource_listing:
 * @self: a #VimanaConnection
 * @kind: what was listed
 * @generation: the open attempt the listing was read under
 * @infos: every item, as the worker read them
 *
 * Makes the store match a full listing, unless the connection closed since it was read.
 */
void
vimana_connection_apply_resource_listing (VimanaConnection         *self,
                                          const VimanaResourceKind *kind,
                                          guint                     generation,
                                          GPtrArray                *infos)
{
    if (generation != vimana_connection_get_generation (self))
        return;
    vimana_list_store_sync (vimana_connection_kind_store (self, kind), infos, kind->funcs, self);
    vimana_connection_set_resource_loaded (self, kind->resource, TRUE);
}

/* Applies the listing @task returned; FALSE with @error when it failed. */
gboolean
vimana_connection_finish_resource_listing (VimanaConnection  *self,
                                           GTask             *task,
                                           GError           **error)
{
    VimanaResourceJob *job = vimana_job_get_data (task);
    g_autoptr(GPtrArray) infos = g_task_propagate_pointer (task, error);

    if (infos == NULL)
        return FALSE;
    vimana_connection_apply_resource_listing (self, job->kind, job->generation, infos);
    return TRUE;
}

static void
vimana_connection_reload_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
    const VimanaResourceKind *kind = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_finish_resource_listing (VIMANA_CONNECTION (object), G_TASK (result),
                                                    &error))
        g_debug ("The %s could not be listed again: %s", kind->what, error->message);
}

/* The connection reopened after @kind had been listed: list it again. */
void
vimana_connection_reload_resource (VimanaConnection         *self,
                                   const VimanaResourceKind *kind)
{
    g_autoptr(GTask) task = g_task_new (self, NULL, vimana_connection_reload_cb, (gpointer) kind);

    g_task_set_source_tag (task, vimana_connection_reload_resource);
    vimana_connection_queue_resource_listing (self, kind, kind->reload_detail, task);
}

/* The connection closed: its items are gone with it. */
void
vimana_connection_clear_resource (VimanaConnection         *self,
                                  const VimanaResourceKind *kind)
{
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    vimana_list_store_sync (vimana_connection_kind_store (self, kind), none, kind->funcs, self);
}

/* ---- one item ---- */

/**
 * vimana_connection_apply_resource_item:
 * @self: a #VimanaConnection
 * @kind: the item's kind
 * @name: its name
 * @info: (nullable): its new snapshot, or %NULL when it no longer exists
 *
 * Updates, adds or removes one item of a listed store.
 */
void
vimana_connection_apply_resource_item (VimanaConnection         *self,
                                       const VimanaResourceKind *kind,
                                       const char               *name,
                                       gpointer                  info)
{
    GListStore *store = vimana_connection_kind_store (self, kind);
    gpointer item;
    guint position;

    item = vimana_list_store_find (store, name, kind->funcs->item_key, &position);
    if (info != NULL && item != NULL) {
        kind->funcs->item_apply (item, info);
    } else if (info != NULL) {
        g_autoptr(GObject) added = kind->funcs->item_new (info, self);

        g_list_store_append (store, added);
    } else if (item != NULL) {
        g_autoptr(GObject) hold = g_object_ref (item);

        g_list_store_remove (store, position);
        if (kind->funcs->item_removed != NULL)
            kind->funcs->item_removed (hold);
    }
}

static void
vimana_connection_read_item_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    VimanaResourceJob *job = data;
    GError *error = NULL;
    gpointer info = job->kind->read (conn, job->name, job->detail, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, job->kind->info_free);
}

static void
vimana_connection_read_item_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    VimanaResourceJob *job = vimana_job_get_data (G_TASK (result));
    g_autoptr(GError) error = NULL;
    gpointer info = g_task_propagate_pointer (G_TASK (result), &error);

    if (job != NULL && job->generation == vimana_connection_get_generation (self)) {
        if (info != NULL || g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND))
            vimana_connection_apply_resource_item (self, job->kind, job->name, info);
        else
            g_debug ("%s of the %s could not be read: %s", job->name, job->kind->what,
                     error->message);
    }
    if (info != NULL && job != NULL)
        job->kind->info_free (info);
}

/**
 * vimana_connection_reread_resource_item:
 * @self: a #VimanaConnection
 * @kind: the item's kind
 * @name: its name, as the event gave it
 *
 * After a libvirt event: reads the item again on the worker and updates, adds or removes it,
 * when the store is listed at all (nobody looks at it otherwise).
 */
void
vimana_connection_reread_resource_item (VimanaConnection         *self,
                                        const VimanaResourceKind *kind,
                                        const char               *name)
{
    g_autoptr(GTask) task = NULL;
    gpointer item;

    if (!vimana_connection_get_resource_loaded (self, kind->resource))
        return;
    item = vimana_connection_find_resource (self, kind, name);
    task = g_task_new (self, NULL, vimana_connection_read_item_cb, NULL);
    g_task_set_source_tag (task, vimana_connection_reread_resource_item);
    vimana_connection_queue (self, task, vimana_connection_read_item_job,
                             vimana_resource_job_new (self, kind, name,
                                                      item != NULL && kind->item_detail != NULL &&
                                                      kind->item_detail (item)),
                             vimana_resource_job_free);
}
