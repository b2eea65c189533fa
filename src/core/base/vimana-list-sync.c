/* vimana-list-sync.c: making objects and list models match fresh snapshots, in place
 *
 * The connection's storage pools, their volumes, its networks and host devices are GListStores
 * that views bind. A new listing must not rebuild them: a row that stays keeps its object (and
 * the widgets bound to it), a changed one notifies its properties, a gone one is removed alone
 * and the new ones are appended together, so items-changed says exactly what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-list-sync"

#include "config.h"

#include "vimana-list-sync.h"

/**
 * vimana_list_store_sync:
 * @store: the store to update
 * @infos: the new listing, of snapshots @funcs understands
 * @funcs: how items and snapshots relate
 * @user_data: passed to @funcs->item_new
 *
 * Updates the items @infos still has, removes those it has not (one items-changed each) and
 * appends the new ones in the order of @infos (one items-changed for all).
 */
void
vimana_list_store_sync (GListStore                *store,
                        GPtrArray                 *infos,
                        const VimanaListSyncFuncs *funcs,
                        gpointer                   user_data)
{
    g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
    guint n;

    g_return_if_fail (G_IS_LIST_STORE (store));
    g_return_if_fail (infos != NULL && funcs != NULL);

    n = g_list_model_get_n_items (G_LIST_MODEL (store));
    for (guint i = 0; i < n; i++) {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

        /* Borrowed: the store keeps the item until it is removed below. */
        g_hash_table_insert (by_key, (gpointer) funcs->item_key (item), item);
    }

    for (guint i = 0; i < infos->len; i++) {
        gpointer info = g_ptr_array_index (infos, i);
        const char *key = funcs->info_key (info);
        gpointer item = g_hash_table_lookup (by_key, key);

        if (key == NULL || g_hash_table_contains (seen, key))
            continue;
        g_hash_table_add (seen, (gpointer) key);
        if (item != NULL)
            funcs->item_apply (item, info);
        else
            g_ptr_array_add (added, funcs->item_new (info, user_data));
    }

    for (guint i = n; i > 0; i--) {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i - 1);

        if (g_hash_table_contains (seen, funcs->item_key (item)))
            continue;
        g_list_store_remove (store, i - 1);
        if (funcs->item_removed != NULL)
            funcs->item_removed (item);
    }

    if (added->len > 0)
        g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                             added->pdata, added->len);
}

/**
 * vimana_list_store_find:
 * @store: a store
 * @key: the key looked for
 * @item_key: the key of an item
 * @position: (out) (optional): where the item is
 *
 * Returns: (transfer none) (nullable): the item with @key
 */
gpointer
vimana_list_store_find (GListStore   *store,
                        const char   *key,
                        const char *(*item_key)(gpointer item),
                        guint        *position)
{
    guint n;

    g_return_val_if_fail (G_IS_LIST_STORE (store), NULL);

    if (key == NULL)
        return NULL;
    n = g_list_model_get_n_items (G_LIST_MODEL (store));
    for (guint i = 0; i < n; i++) {
        g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (store), i);

        if (g_strcmp0 (item_key (item), key) == 0) {
            if (position != NULL)
                *position = i;
            /* The store holds its own reference. */
            return item;
        }
    }
    return NULL;
}

/**
 * vimana_object_update_string:
 * @object: the object @field belongs to
 * @field: the string field
 * @value: (nullable): the new value
 * @pspec: the property @field backs
 *
 * Replaces @field with a copy of @value and notifies @pspec, when they differ.
 */
void
vimana_object_update_string (GObject     *object,
                             char       **field,
                             const char  *value,
                             GParamSpec  *pspec)
{
    if (g_strcmp0 (*field, value) == 0)
        return;
    g_free (*field);
    *field = g_strdup (value);
    g_object_notify_by_pspec (object, pspec);
}
