/* vimana-host-storage-page.c: the host window's Storage page: pools and their volumes
 *
 * The page binds the connection's pools model and the selected pool's volumes model (both kept
 * current by core from libvirt's events) to two tree views; a pool's row changes in place when
 * the pool notifies. Which guests use a volume comes from one reading of every guest
 * (vimana_connection_list_resource_users_async()), taken when the page is first shown and again
 * after a change made here; a volume a guest uses cannot be deleted from the page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host-storage-page"

#include "config.h"

#include "vimana-host-storage-page.h"

#include <glib/gi18n.h>

#include "vimana-can-act.h"
#include "vimana-error-bar.h"
#include "vimana-format.h"
#include "vimana-new-pool-dialog.h"
#include "vimana-new-volume-dialog.h"
#include "vimana-resize-volume-dialog.h"

struct _VimanaHostStoragePage
{
    GtkBox               parent_instance;

    /* template widgets */
    VimanaErrorBar      *error_bar;
    GtkListStore        *pool_store;
    GtkListStore        *volume_store;
    GtkTreeModelFilter  *volume_filter;
    GtkTreeModelSort    *volume_sort;
    GtkTreeView         *pool_view;
    GtkTreeSelection    *pool_selection;
    GtkTreeView         *volume_view;
    GtkTreeSelection    *volume_selection;
    GtkSearchEntry      *volume_search;
    GtkLabel            *volumes_label;
    GtkWidget           *pool_new_button;
    GtkWidget           *pool_start_button;
    GtkWidget           *pool_stop_button;
    GtkWidget           *pool_refresh_button;
    GtkWidget           *pool_autostart_check;
    GtkWidget           *pool_delete_button;
    GtkWidget           *volume_new_button;
    GtkWidget           *volume_delete_button;
    GtkWidget           *volume_resize_button;

    /* borrowed references */
    GtkWidget           *dialog;          /* the open dialog, destroyed with the page */

    /* owned references */
    VimanaConnection    *connection;
    VimanaStoragePool   *pool;            /* the selected one */
    VimanaResourceUsers *users;
    GCancellable        *cancellable;
    char                *search;

    gboolean             loaded;
    gboolean             updating;        /* the page sets a control: no action */
};

G_DEFINE_FINAL_TYPE (VimanaHostStoragePage, vimana_host_storage_page, GTK_TYPE_BOX)

static void vimana_host_storage_page_rebuild_volumes (VimanaHostStoragePage *self);
static void vimana_host_storage_page_update_buttons  (VimanaHostStoragePage *self);
static void vimana_host_storage_page_pool_selected_cb (GtkTreeSelection      *selection,
                                                       VimanaHostStoragePage *self);

/* ---- rows ---- */

static char *
vimana_host_storage_page_size (guint64 bytes)
{
    return vimana_format_bytes (bytes);
}

static const char *
vimana_host_storage_page_state (VimanaStoragePool *pool)
{
    switch (vimana_storage_pool_get_state (pool)) {
    case VIMANA_STORAGE_POOL_INACTIVE:
        return _("Stopped");
    case VIMANA_STORAGE_POOL_BUILDING:
        return _("Building");
    case VIMANA_STORAGE_POOL_RUNNING:
        return _("Running");
    case VIMANA_STORAGE_POOL_DEGRADED:
        return _("Degraded");
    case VIMANA_STORAGE_POOL_INACCESSIBLE:
        return _("Inaccessible");
    default:
        return _("Unknown");
    }
}

static void
vimana_host_storage_page_set_pool_row (VimanaHostStoragePage *self,
                                       GtkTreeIter           *iter,
                                       VimanaStoragePool     *pool)
{
    guint64 capacity = vimana_storage_pool_get_capacity (pool);
    guint64 allocation = vimana_storage_pool_get_allocation (pool);
    g_autofree char *usage = NULL;
    int percent = 0;

    if (vimana_storage_pool_get_active (pool) && capacity > 0) {
        g_autofree char *used = vimana_host_storage_page_size (allocation);
        g_autofree char *total = vimana_host_storage_page_size (capacity);
        g_autofree char *free_space =
            vimana_host_storage_page_size (vimana_storage_pool_get_available (pool));

        percent = (int) MIN (100, allocation * 100 / capacity);
        /* Translators: a pool's usage bar: used, capacity and available sizes. */
        usage = g_strdup_printf (_("%s of %s used, %s free"), used, total, free_space);
    } else {
        usage = g_strdup (_("Not measured while stopped"));
    }
    gtk_list_store_set (self->pool_store, iter,
                        VIMANA_HOST_POOL_COLUMN_NAME, vimana_storage_pool_get_name (pool),
                        VIMANA_HOST_POOL_COLUMN_TYPE, vimana_storage_pool_get_pool_type (pool),
                        VIMANA_HOST_POOL_COLUMN_STATE, vimana_host_storage_page_state (pool),
                        VIMANA_HOST_POOL_COLUMN_AUTOSTART,
                        vimana_storage_pool_get_autostart (pool) ? _("Yes") : _("No"),
                        VIMANA_HOST_POOL_COLUMN_PERCENT, percent,
                        VIMANA_HOST_POOL_COLUMN_USAGE, usage,
                        VIMANA_HOST_POOL_COLUMN_POOL, pool,
                        -1);
}

static gboolean
vimana_host_storage_page_find_row (GtkTreeModel *model,
                                   int           column,
                                   gpointer      object,
                                   GtkTreeIter  *iter)
{
    gboolean valid = gtk_tree_model_get_iter_first (model, iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, iter)) {
        g_autoptr(GObject) item = NULL;

        gtk_tree_model_get (model, iter, column, &item, -1);
        if (item == object)
            return TRUE;
    }
    return FALSE;
}

static void
vimana_host_storage_page_pool_notify_cb (VimanaStoragePool     *pool,
                                         GParamSpec            *pspec,
                                         VimanaHostStoragePage *self)
{
    GtkTreeIter iter;

    if (vimana_host_storage_page_find_row (GTK_TREE_MODEL (self->pool_store),
                                           VIMANA_HOST_POOL_COLUMN_POOL, pool, &iter))
        vimana_host_storage_page_set_pool_row (self, &iter, pool);
    if (pool == self->pool)
        vimana_host_storage_page_update_buttons (self);
}

static void
vimana_host_storage_page_forget_pools (VimanaHostStoragePage *self)
{
    GtkTreeModel *model = GTK_TREE_MODEL (self->pool_store);
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(GObject) pool = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_POOL_COLUMN_POOL, &pool, -1);
        g_signal_handlers_disconnect_by_func (pool, vimana_host_storage_page_pool_notify_cb, self);
    }
    gtk_list_store_clear (self->pool_store);
}

static void
vimana_host_storage_page_rebuild_pools (VimanaHostStoragePage *self)
{
    GListModel *pools = vimana_connection_get_storage_pools (self->connection);
    g_autofree char *selected = self->pool ? g_strdup (vimana_storage_pool_get_name (self->pool))
                                           : NULL;
    guint n = g_list_model_get_n_items (pools);

    self->updating = TRUE;
    vimana_host_storage_page_forget_pools (self);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (pools, i);
        GtkTreeIter iter;

        gtk_list_store_append (self->pool_store, &iter);
        vimana_host_storage_page_set_pool_row (self, &iter, pool);
        g_signal_connect_object (pool, "notify",
                                 G_CALLBACK (vimana_host_storage_page_pool_notify_cb), self, 0);
    }
    self->updating = FALSE;
    /* The pool that was selected stays selected; else the first. */
    if (selected == NULL || !vimana_host_storage_page_select_pool (self, selected)) {
        GtkTreeIter iter;

        if (gtk_tree_model_get_iter_first (GTK_TREE_MODEL (self->pool_store), &iter))
            gtk_tree_selection_select_iter (self->pool_selection, &iter);
        else
            gtk_tree_selection_unselect_all (self->pool_selection);
    }
    /* The selection may have changed while the page ignored it: follow what it is now. */
    vimana_host_storage_page_pool_selected_cb (self->pool_selection, self);
}

static void
vimana_host_storage_page_pools_changed_cb (GListModel            *pools,
                                           guint                  position,
                                           guint                  removed,
                                           guint                  added,
                                           VimanaHostStoragePage *self)
{
    vimana_host_storage_page_rebuild_pools (self);
}

/* ---- volumes ---- */

static char *
vimana_host_storage_page_used_by (VimanaHostStoragePage *self,
                                  VimanaStorageVolume   *volume)
{
    g_autoptr(GPtrArray) guests = NULL;

    if (self->users == NULL)
        return g_strdup (_("Reading…"));
    guests = vimana_resource_users_for_volume (self->users, vimana_storage_volume_get_path (volume),
                                               vimana_storage_volume_get_pool_name (volume),
                                               vimana_storage_volume_get_name (volume));
    if (guests->len == 0)
        return g_strdup (_("No guest"));
    g_ptr_array_add (guests, NULL);
    /* Translators: the separator between guests' names in the Used By column. */
    return g_strjoinv (_(", "), (char **) guests->pdata);
}

static void
vimana_host_storage_page_set_volume_row (VimanaHostStoragePage *self,
                                         GtkTreeIter           *iter,
                                         VimanaStorageVolume   *volume)
{
    g_autofree char *capacity =
        vimana_host_storage_page_size (vimana_storage_volume_get_capacity (volume));
    g_autofree char *allocation =
        vimana_host_storage_page_size (vimana_storage_volume_get_allocation (volume));
    g_autofree char *used_by = vimana_host_storage_page_used_by (self, volume);
    const char *format = vimana_storage_volume_get_format (volume);

    gtk_list_store_set (self->volume_store, iter,
                        VIMANA_HOST_VOLUME_COLUMN_NAME, vimana_storage_volume_get_name (volume),
                        VIMANA_HOST_VOLUME_COLUMN_FORMAT, format != NULL ? format : "",
                        VIMANA_HOST_VOLUME_COLUMN_CAPACITY, capacity,
                        VIMANA_HOST_VOLUME_COLUMN_CAPACITY_BYTES,
                        vimana_storage_volume_get_capacity (volume),
                        VIMANA_HOST_VOLUME_COLUMN_ALLOCATION, allocation,
                        VIMANA_HOST_VOLUME_COLUMN_ALLOCATION_BYTES,
                        vimana_storage_volume_get_allocation (volume),
                        VIMANA_HOST_VOLUME_COLUMN_USED_BY, used_by,
                        VIMANA_HOST_VOLUME_COLUMN_VOLUME, volume,
                        -1);
}

static void
vimana_host_storage_page_volume_notify_cb (VimanaStorageVolume   *volume,
                                           GParamSpec            *pspec,
                                           VimanaHostStoragePage *self)
{
    GtkTreeIter iter;

    if (vimana_host_storage_page_find_row (GTK_TREE_MODEL (self->volume_store),
                                           VIMANA_HOST_VOLUME_COLUMN_VOLUME, volume, &iter))
        vimana_host_storage_page_set_volume_row (self, &iter, volume);
}

static void
vimana_host_storage_page_forget_volumes (VimanaHostStoragePage *self)
{
    GtkTreeModel *model = GTK_TREE_MODEL (self->volume_store);
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(GObject) volume = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_VOLUME_COLUMN_VOLUME, &volume, -1);
        g_signal_handlers_disconnect_by_func (volume, vimana_host_storage_page_volume_notify_cb,
                                              self);
    }
    gtk_list_store_clear (self->volume_store);
}

static void
vimana_host_storage_page_rebuild_volumes (VimanaHostStoragePage *self)
{
    GListModel *volumes = self->pool ? vimana_storage_pool_get_volumes (self->pool) : NULL;
    guint n = volumes != NULL ? g_list_model_get_n_items (volumes) : 0;

    vimana_host_storage_page_forget_volumes (self);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStorageVolume) volume = g_list_model_get_item (volumes, i);
        GtkTreeIter iter;

        /* Appending with its values at once: one row-inserted, no row-changed. */
        gtk_list_store_insert_with_values (self->volume_store, &iter, -1, -1);
        vimana_host_storage_page_set_volume_row (self, &iter, volume);
        g_signal_connect_object (volume, "notify",
                                 G_CALLBACK (vimana_host_storage_page_volume_notify_cb), self, 0);
    }
    vimana_host_storage_page_update_buttons (self);
}

static void
vimana_host_storage_page_volumes_changed_cb (GListModel            *volumes,
                                             guint                  position,
                                             guint                  removed,
                                             guint                  added,
                                             VimanaHostStoragePage *self)
{
    vimana_host_storage_page_rebuild_volumes (self);
}

static gboolean
vimana_host_storage_page_volume_visible (GtkTreeModel *model,
                                         GtkTreeIter  *iter,
                                         gpointer      user_data)
{
    VimanaHostStoragePage *self = user_data;
    g_autofree char *name = NULL;
    g_autofree char *used_by = NULL;
    g_autofree char *folded_name = NULL;
    g_autofree char *folded_used_by = NULL;

    if (self->search == NULL || self->search[0] == '\0')
        return TRUE;
    gtk_tree_model_get (model, iter, VIMANA_HOST_VOLUME_COLUMN_NAME, &name,
                        VIMANA_HOST_VOLUME_COLUMN_USED_BY, &used_by, -1);
    folded_name = name != NULL ? g_utf8_casefold (name, -1) : NULL;
    folded_used_by = used_by != NULL ? g_utf8_casefold (used_by, -1) : NULL;
    return (folded_name != NULL && strstr (folded_name, self->search) != NULL) ||
           (folded_used_by != NULL && strstr (folded_used_by, self->search) != NULL);
}

static void
vimana_host_storage_page_search_changed_cb (GtkSearchEntry        *entry,
                                            VimanaHostStoragePage *self)
{
    const char *text = gtk_entry_get_text (GTK_ENTRY (entry));

    g_free (self->search);
    self->search = g_utf8_casefold (text, -1);
    gtk_tree_model_filter_refilter (self->volume_filter);
}

/* ---- selection ---- */

static VimanaStorageVolume *
vimana_host_storage_page_selected_volume (VimanaHostStoragePage *self)
{
    g_autoptr(VimanaStorageVolume) volume = NULL;
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (!gtk_tree_selection_get_selected (self->volume_selection, &model, &iter))
        return NULL;
    gtk_tree_model_get (model, &iter, VIMANA_HOST_VOLUME_COLUMN_VOLUME, &volume, -1);
    /* The store holds it. */
    return volume;
}

static void
vimana_host_storage_page_update_buttons (VimanaHostStoragePage *self)
{
    VimanaStoragePool *pool = self->pool;
    gboolean active = pool != NULL && vimana_storage_pool_get_active (pool);
    gboolean persistent = pool != NULL && vimana_storage_pool_get_persistent (pool);
    g_autofree char *label = NULL;

    gboolean volume = vimana_host_storage_page_selected_volume (self) != NULL;
    const char *no_pool = _("Select a pool first.");

    /* Each button that cannot act says why. */
    vimana_widget_set_can_act (self->pool_start_button, pool != NULL && !active,
                               pool == NULL ? no_pool : _("The pool is running."));
    vimana_widget_set_can_act (self->pool_stop_button, active,
                               pool == NULL ? no_pool : _("The pool is stopped."));
    vimana_widget_set_can_act (self->pool_refresh_button, active,
                               pool == NULL ? no_pool : _("Start the pool first: a stopped pool cannot be scanned."));
    vimana_widget_set_can_act (self->pool_autostart_check, persistent,
                               pool == NULL ? no_pool
                                            : _("This pool is transient: it is gone once it stops, "
                                                "so it cannot start with the host."));
    vimana_widget_set_can_act (self->pool_delete_button, pool != NULL, no_pool);
    vimana_widget_set_can_act (self->volume_new_button, active,
                               pool == NULL ? no_pool : _("Start the pool first: a stopped pool cannot hold new volumes."));
    vimana_widget_set_can_act (self->volume_delete_button, volume, _("Select a volume first."));
    vimana_widget_set_can_act (self->volume_resize_button, volume, _("Select a volume first."));
    self->updating = TRUE;
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->pool_autostart_check),
                                  pool != NULL && vimana_storage_pool_get_autostart (pool));
    self->updating = FALSE;

    if (pool == NULL)
        label = g_strdup (_("_Volumes"));
    else if (!active)
        /* Translators: above the volumes list; %s is a pool's name. */
        label = g_strdup_printf (_("_Volumes of “%s” (start the pool to list them)"),
                                 vimana_storage_pool_get_name (pool));
    else
        /* Translators: above the volumes list; %s is a pool's name. */
        label = g_strdup_printf (_("_Volumes of “%s”"), vimana_storage_pool_get_name (pool));
    gtk_label_set_text_with_mnemonic (self->volumes_label, label);
}

static void
vimana_host_storage_page_refresh_done_cb (GObject      *source,
                                          GAsyncResult *result,
                                          gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_storage_pool_refresh_finish (VIMANA_STORAGE_POOL (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vimana_error_bar_show_error (VIMANA_HOST_STORAGE_PAGE (user_data)->error_bar,
                                     _("The storage pool could not be refreshed."), error);
}

static void
vimana_host_storage_page_set_pool (VimanaHostStoragePage *self,
                                   VimanaStoragePool     *pool)
{
    if (pool == self->pool)
        return;
    if (self->pool != NULL)
        g_signal_handlers_disconnect_by_func (vimana_storage_pool_get_volumes (self->pool),
                                              vimana_host_storage_page_volumes_changed_cb, self);
    g_set_object (&self->pool, pool);
    if (pool != NULL) {
        g_signal_connect_object (vimana_storage_pool_get_volumes (pool), "items-changed",
                                 G_CALLBACK (vimana_host_storage_page_volumes_changed_cb), self,
                                 0);
        /* A running pool whose volumes were not listed yet is listed now. */
        if (vimana_storage_pool_get_active (pool) && !vimana_storage_pool_get_volumes_loaded (pool))
            vimana_storage_pool_refresh_async (pool, self->cancellable,
                                               vimana_host_storage_page_refresh_done_cb, self);
    }
    vimana_host_storage_page_rebuild_volumes (self);
}

static void
vimana_host_storage_page_pool_selected_cb (GtkTreeSelection      *selection,
                                           VimanaHostStoragePage *self)
{
    g_autoptr(VimanaStoragePool) pool = NULL;
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (self->updating)
        return;
    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, VIMANA_HOST_POOL_COLUMN_POOL, &pool, -1);
    vimana_host_storage_page_set_pool (self, pool);
    vimana_host_storage_page_update_buttons (self);
}

static void
vimana_host_storage_page_volume_selected_cb (GtkTreeSelection      *selection,
                                             VimanaHostStoragePage *self)
{
    vimana_host_storage_page_update_buttons (self);
}

/* ---- loading ---- */

static void
vimana_host_storage_page_users_done_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VimanaResourceUsers *users =
        vimana_connection_list_resource_users_finish (VIMANA_CONNECTION (source), result, &error);
    VimanaHostStoragePage *self;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean valid;

    if (users == NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            vimana_error_bar_show_error (VIMANA_HOST_STORAGE_PAGE (user_data)->error_bar,
                                         _("Which guests use which volumes could not be read."),
                                         error);
        return;
    }
    self = user_data;
    g_clear_pointer (&self->users, vimana_resource_users_unref);
    self->users = users;
    model = GTK_TREE_MODEL (self->volume_store);
    for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
         valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(VimanaStorageVolume) volume = NULL;
        g_autofree char *used_by = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_VOLUME_COLUMN_VOLUME, &volume, -1);
        used_by = vimana_host_storage_page_used_by (self, volume);
        gtk_list_store_set (self->volume_store, &iter, VIMANA_HOST_VOLUME_COLUMN_USED_BY, used_by,
                            -1);
    }
}

static void
vimana_host_storage_page_read_users (VimanaHostStoragePage *self)
{
    vimana_connection_list_resource_users_async (self->connection, self->cancellable,
                                                 vimana_host_storage_page_users_done_cb, self);
}

static void
vimana_host_storage_page_pools_done_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_refresh_storage_pools_finish (VIMANA_CONNECTION (source), result,
                                                         &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vimana_error_bar_show_error (VIMANA_HOST_STORAGE_PAGE (user_data)->error_bar,
                                     _("The storage pools could not be listed."), error);
}

/**
 * vimana_host_storage_page_load:
 * @self: a #VimanaHostStoragePage
 *
 * Lists the pools, their volumes and the guests that use them, the first time the page is
 * shown; afterwards core's events keep the lists current.
 */
void
vimana_host_storage_page_load (VimanaHostStoragePage *self)
{
    g_return_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self));
    g_return_if_fail (self->connection != NULL);

    if (self->loaded)
        return;
    self->loaded = TRUE;
    vimana_connection_refresh_storage_pools_async (self->connection, VIMANA_STORAGE_REFRESH_VOLUMES,
                                                   self->cancellable,
                                                   vimana_host_storage_page_pools_done_cb, self);
    vimana_host_storage_page_read_users (self);
}

/* ---- pool actions ---- */

static void
vimana_host_storage_page_action_done_cb (GObject      *source,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_storage_pool_run_action_finish (VIMANA_STORAGE_POOL (source), result, &error)) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            VimanaHostStoragePage *self = user_data;

            vimana_error_bar_show_error (self->error_bar, error->message, NULL);
            /* The check box shows what the pool says again. */
            vimana_host_storage_page_update_buttons (self);
        }
    }
}

static void
vimana_host_storage_page_run (VimanaHostStoragePage   *self,
                              VimanaStoragePoolAction  action)
{
    if (self->pool == NULL)
        return;
    vimana_error_bar_dismiss (self->error_bar);
    vimana_storage_pool_run_action_async (self->pool, action, self->cancellable,
                                          vimana_host_storage_page_action_done_cb, self);
}

static void
vimana_host_storage_page_start_cb (GtkButton             *button,
                                   VimanaHostStoragePage *self)
{
    vimana_host_storage_page_run (self, VIMANA_STORAGE_POOL_ACTION_START);
}

static void
vimana_host_storage_page_stop_cb (GtkButton             *button,
                                  VimanaHostStoragePage *self)
{
    vimana_host_storage_page_run (self, VIMANA_STORAGE_POOL_ACTION_STOP);
}

static void
vimana_host_storage_page_refresh_cb (GtkButton             *button,
                                     VimanaHostStoragePage *self)
{
    if (self->pool == NULL)
        return;
    vimana_error_bar_dismiss (self->error_bar);
    vimana_storage_pool_refresh_async (self->pool, self->cancellable,
                                       vimana_host_storage_page_refresh_done_cb, self);
    vimana_host_storage_page_read_users (self);
}

static void
vimana_host_storage_page_autostart_cb (GtkToggleButton       *check,
                                       VimanaHostStoragePage *self)
{
    if (self->updating)
        return;
    vimana_host_storage_page_run (self, gtk_toggle_button_get_active (check)
                                            ? VIMANA_STORAGE_POOL_ACTION_AUTOSTART_ON
                                            : VIMANA_STORAGE_POOL_ACTION_AUTOSTART_OFF);
}

static GtkWidget *
vimana_host_storage_page_confirm (VimanaHostStoragePage *self,
                                  const char            *question,
                                  const char            *detail,
                                  const char            *button)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog;

    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_style_context_add_class (
        gtk_widget_get_style_context (gtk_dialog_add_button (GTK_DIALOG (dialog), button,
                                                             GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    return dialog;
}

static void
vimana_host_storage_page_delete_pool_response_cb (GtkDialog             *dialog,
                                                  int                    response,
                                                  VimanaHostStoragePage *self)
{
    VimanaStoragePool *pool = g_object_get_data (G_OBJECT (dialog), "pool");

    if (response == GTK_RESPONSE_ACCEPT && !vimana_storage_pool_get_removed (pool)) {
        vimana_error_bar_dismiss (self->error_bar);
        vimana_storage_pool_run_action_async (pool, VIMANA_STORAGE_POOL_ACTION_DELETE,
                                              self->cancellable,
                                              vimana_host_storage_page_action_done_cb, self);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_host_storage_page_delete_pool_cb (GtkButton             *button,
                                         VimanaHostStoragePage *self)
{
    VimanaStoragePool *pool = self->pool;
    g_autofree char *question = NULL;
    g_autofree char *detail = NULL;
    const char *path;
    guint n;
    GtkWidget *dialog;

    if (pool == NULL)
        return;
    path = vimana_storage_pool_get_target_path (pool);
    n = g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool));
    question = g_strdup_printf (_("Delete the storage pool “%s”?"),
                                vimana_storage_pool_get_name (pool));
    if (!vimana_storage_pool_get_volumes_loaded (pool))
        detail = g_strdup_printf (_("The pool is stopped if it runs and libvirt forgets it. "
                                    "Nothing is erased: its volumes and its folder %s stay on "
                                    "the host."), path != NULL ? path : "—");
    else
        detail = g_strdup_printf (ngettext (
                                      "The pool is stopped if it runs and libvirt forgets it. "
                                      "Nothing is erased: its %u volume and its folder %s stay on "
                                      "the host.",
                                      "The pool is stopped if it runs and libvirt forgets it. "
                                      "Nothing is erased: its %u volumes and its folder %s stay on "
                                      "the host.", n), n, path != NULL ? path : "—");
    dialog = vimana_host_storage_page_confirm (self, question, detail, _("_Delete Pool"));
    g_object_set_data_full (G_OBJECT (dialog), "pool", g_object_ref (pool), g_object_unref);
    g_signal_connect (dialog, "response",
                      G_CALLBACK (vimana_host_storage_page_delete_pool_response_cb), self);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- volume actions ---- */

static void
vimana_host_storage_page_volume_deleted_cb (GObject      *source,
                                            GAsyncResult *result,
                                            gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_storage_volume_delete_finish (VIMANA_STORAGE_VOLUME (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vimana_error_bar_show_error (VIMANA_HOST_STORAGE_PAGE (user_data)->error_bar,
                                     _("The volume could not be deleted."), error);
}

static void
vimana_host_storage_page_delete_volume_response_cb (GtkDialog             *dialog,
                                                    int                    response,
                                                    VimanaHostStoragePage *self)
{
    VimanaStorageVolume *volume = g_object_get_data (G_OBJECT (dialog), "volume");

    if (response == GTK_RESPONSE_ACCEPT && !vimana_storage_volume_get_removed (volume)) {
        vimana_error_bar_dismiss (self->error_bar);
        vimana_storage_volume_delete_async (volume, self->cancellable,
                                            vimana_host_storage_page_volume_deleted_cb, self);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_host_storage_page_delete_volume_cb (GtkButton             *button,
                                           VimanaHostStoragePage *self)
{
    VimanaStorageVolume *volume = vimana_host_storage_page_selected_volume (self);
    g_autoptr(GPtrArray) guests = NULL;
    g_autofree char *question = NULL;
    g_autofree char *detail = NULL;
    g_autofree char *size = NULL;
    GtkWidget *dialog;

    if (volume == NULL)
        return;
    guests = self->users != NULL
                 ? vimana_resource_users_for_volume (self->users,
                                                     vimana_storage_volume_get_path (volume),
                                                     vimana_storage_volume_get_pool_name (volume),
                                                     vimana_storage_volume_get_name (volume))
                 : g_ptr_array_new ();
    if (guests->len > 0) {
        g_autofree char *title = NULL;
        g_autofree char *names = NULL;

        g_ptr_array_add (guests, NULL);
        names = g_strjoinv (_(", "), (char **) guests->pdata);
        /* Translators: %s is a volume's name. */
        title = g_strdup_printf (_("The volume “%s” was not deleted."),
                                 vimana_storage_volume_get_name (volume));
        detail = g_strdup_printf (ngettext ("The guest %s uses it; remove the disk from that "
                                            "guest first.",
                                            "The guests %s use it; remove the disk from those "
                                            "guests first.", guests->len - 1), names);
        vimana_error_bar_show (self->error_bar, GTK_MESSAGE_WARNING, title, detail);
        return;
    }
    size = vimana_host_storage_page_size (vimana_storage_volume_get_allocation (volume));
    question = g_strdup_printf (_("Delete the volume “%s”?"),
                                vimana_storage_volume_get_name (volume));
    /* Translators: %s is a size, e.g. "3.0 GiB", then the volume's path. */
    detail = g_strdup_printf (_("Its data (%s) are erased from %s. This cannot be undone."), size,
                              vimana_storage_volume_get_path (volume));
    dialog = vimana_host_storage_page_confirm (self, question, detail, _("_Delete Volume"));
    g_object_set_data_full (G_OBJECT (dialog), "volume", g_object_ref (volume), g_object_unref);
    g_signal_connect (dialog, "response",
                      G_CALLBACK (vimana_host_storage_page_delete_volume_response_cb), self);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_host_storage_page_new_volume_cb (GtkButton             *button,
                                        VimanaHostStoragePage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog;

    if (self->pool == NULL)
        return;
    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    dialog = vimana_new_volume_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                           self->pool);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_host_storage_page_resize_volume_cb (GtkButton             *button,
                                           VimanaHostStoragePage *self)
{
    VimanaStorageVolume *volume = vimana_host_storage_page_selected_volume (self);
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    g_autoptr(GPtrArray) guests = NULL;
    const char *running = NULL;
    GtkWidget *dialog;

    if (volume == NULL)
        return;
    if (self->users != NULL)
        guests = vimana_resource_users_for_volume (self->users,
                                                   vimana_storage_volume_get_path (volume),
                                                   vimana_storage_volume_get_pool_name (volume),
                                                   vimana_storage_volume_get_name (volume));
    for (guint i = 0; guests != NULL && i < guests->len && running == NULL; i++) {
        if (vimana_resource_users_is_running (self->users, g_ptr_array_index (guests, i)))
            running = g_ptr_array_index (guests, i);
    }
    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    dialog = vimana_resize_volume_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                       : NULL, volume, running);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_host_storage_page_new_pool_cb (GtkButton             *button,
                                      VimanaHostStoragePage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog;

    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    dialog = vimana_new_pool_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         self->connection);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- GObject ---- */

static void
vimana_host_storage_page_dispose (GObject *object)
{
    VimanaHostStoragePage *self = VIMANA_HOST_STORAGE_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    if (self->pool_store != NULL)
        vimana_host_storage_page_forget_pools (self);
    if (self->volume_store != NULL)
        vimana_host_storage_page_forget_volumes (self);
    vimana_host_storage_page_set_pool (self, NULL);
    if (self->connection != NULL)
        g_signal_handlers_disconnect_by_data (vimana_connection_get_storage_pools (self->connection),
                                              self);
    g_clear_pointer (&self->users, vimana_resource_users_unref);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_pointer (&self->search, g_free);

    G_OBJECT_CLASS (vimana_host_storage_page_parent_class)->dispose (object);
}

static void
vimana_host_storage_page_class_init (VimanaHostStoragePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_host_storage_page_dispose;

    g_type_ensure (VIMANA_TYPE_ERROR_BAR);
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-host-storage-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_store);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_store);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_filter);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_sort);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_view);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_selection);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_view);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_selection);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_search);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volumes_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_new_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_start_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_new_pool_cb);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_stop_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_refresh_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_autostart_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, pool_delete_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_new_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_delete_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostStoragePage, volume_resize_button);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_storage_page_resize_volume_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_start_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_stop_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_refresh_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_autostart_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_delete_pool_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_storage_page_new_volume_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_storage_page_delete_volume_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_storage_page_pool_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_storage_page_volume_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_storage_page_search_changed_cb);
}

static void
vimana_host_storage_page_init (VimanaHostStoragePage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    gtk_tree_model_filter_set_visible_func (self->volume_filter,
                                            vimana_host_storage_page_volume_visible, self, NULL);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (self->volume_sort),
                                          VIMANA_HOST_VOLUME_COLUMN_NAME, GTK_SORT_ASCENDING);
    vimana_host_storage_page_update_buttons (self);
}

/* ---- public ---- */

void
vimana_host_storage_page_set_connection (VimanaHostStoragePage *self,
                                         VimanaConnection      *connection)
{
    g_return_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));
    g_return_if_fail (self->connection == NULL);

    self->connection = g_object_ref (connection);
    g_signal_connect_object (vimana_connection_get_storage_pools (connection), "items-changed",
                             G_CALLBACK (vimana_host_storage_page_pools_changed_cb), self, 0);
    vimana_host_storage_page_rebuild_pools (self);
}

/* Returns: whether the page knows which guests use which volume */
gboolean
vimana_host_storage_page_get_users_loaded (VimanaHostStoragePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), FALSE);
    return self->users != NULL;
}

/* Returns: (transfer none): the pools' rows (VIMANA_HOST_POOL_COLUMN_…) */
GtkTreeModel *
vimana_host_storage_page_get_pools (VimanaHostStoragePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), NULL);
    return GTK_TREE_MODEL (self->pool_store);
}

/* Returns: (transfer none): the selected pool's volumes as shown: searched and sorted
 *   (VIMANA_HOST_VOLUME_COLUMN_…) */
GtkTreeModel *
vimana_host_storage_page_get_volumes (VimanaHostStoragePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), NULL);
    return GTK_TREE_MODEL (self->volume_sort);
}

static gboolean
vimana_host_storage_page_select_name (GtkTreeView  *view,
                                      int           column,
                                      const char   *name)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *row = NULL;

        gtk_tree_model_get (model, &iter, column, &row, -1);
        if (g_strcmp0 (row, name) == 0) {
            g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

            gtk_tree_view_set_cursor (view, path, NULL, FALSE);
            gtk_tree_selection_select_iter (gtk_tree_view_get_selection (view), &iter);
            return TRUE;
        }
    }
    return FALSE;
}

/* Returns: whether a pool called @name is listed, and now selected */
gboolean
vimana_host_storage_page_select_pool (VimanaHostStoragePage *self,
                                      const char            *name)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), FALSE);
    return vimana_host_storage_page_select_name (self->pool_view, VIMANA_HOST_POOL_COLUMN_NAME,
                                                 name);
}

/* Returns: (transfer none) (nullable): the selected pool */
VimanaStoragePool *
vimana_host_storage_page_get_selected_pool (VimanaHostStoragePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), NULL);
    return self->pool;
}

/* Returns: whether a volume called @name is shown, and now selected */
gboolean
vimana_host_storage_page_select_volume (VimanaHostStoragePage *self,
                                        const char            *name)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), FALSE);
    return vimana_host_storage_page_select_name (self->volume_view, VIMANA_HOST_VOLUME_COLUMN_NAME,
                                                 name);
}

/* Types @text in the volumes' search field. */
void
vimana_host_storage_page_set_search (VimanaHostStoragePage *self,
                                     const char            *text)
{
    g_return_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self));
    gtk_entry_set_text (GTK_ENTRY (self->volume_search), text != NULL ? text : "");
    /* The entry waits before it says search-changed; a caller wants the list now. */
    vimana_host_storage_page_search_changed_cb (self->volume_search, self);
}

/**
 * vimana_host_storage_page_get_button:
 * @self: a #VimanaHostStoragePage
 * @name: "new-pool", "start", "stop", "refresh", "autostart", "delete-pool", "new-volume", "delete-volume"
 *   or "resize-volume"
 *
 * Returns: (transfer none) (nullable): that control
 */
GtkWidget *
vimana_host_storage_page_get_button (VimanaHostStoragePage *self,
                                     const char            *name)
{
    const struct { const char *name; GtkWidget *widget; } buttons[] = {
        { "new-pool", self->pool_new_button },
        { "start", self->pool_start_button },
        { "stop", self->pool_stop_button },
        { "refresh", self->pool_refresh_button },
        { "autostart", self->pool_autostart_check },
        { "delete-pool", self->pool_delete_button },
        { "new-volume", self->volume_new_button },
        { "delete-volume", self->volume_delete_button },
        { "resize-volume", self->volume_resize_button },
    };

    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), NULL);
    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++) {
        if (g_str_equal (buttons[i].name, name))
            return buttons[i].widget;
    }
    return NULL;
}

/* Returns: (transfer none) (nullable): the dialog the page opened, while it is open */
GtkWidget *
vimana_host_storage_page_get_dialog (VimanaHostStoragePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), NULL);
    return self->dialog;
}

/* Returns: (nullable): what the page's error bar says, when it shows */
const char *
vimana_host_storage_page_get_error (VimanaHostStoragePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STORAGE_PAGE (self), NULL);
    return vimana_error_bar_get_text (self->error_bar);
}
