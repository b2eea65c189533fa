/* vimana-list-sync.h: making objects and list models match fresh snapshots, in place
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How the items of one store relate to the snapshots a worker read. */
typedef struct
{
    /* The key an item and a snapshot share (a name, a key, a UUID). */
    const char *(*item_key)(gpointer item);
    const char *(*info_key)(gpointer info);
    /* Returns: (transfer full): a new item for a snapshot nothing matched */
    gpointer    (*item_new)(gpointer info,
                            gpointer user_data);
    /* Updates an item from its new snapshot, notifying only what changed. */
    void        (*item_apply)(gpointer item,
                              gpointer info);
    /* (nullable) Told of an item the listing no longer has, after it left the store. */
    void        (*item_removed)(gpointer item);
} VimanaListSyncFuncs;

void vimana_list_store_sync (GListStore                *store,
                             GPtrArray                 *infos,
                             const VimanaListSyncFuncs *funcs,
                             gpointer                   user_data);

gpointer vimana_list_store_find (GListStore                *store,
                                 const char                *key,
                                 const char              *(*item_key)(gpointer item),
                                 guint                     *position);

/* Updates one field of an object from a snapshot, notifying @pspec only when the value changed. */
#define VIMANA_OBJECT_UPDATE(object, field, value, pspec)                          \
    G_STMT_START {                                                              \
        if ((field) != (value)) {                                               \
            (field) = (value);                                                  \
            g_object_notify_by_pspec (G_OBJECT (object), (pspec));              \
        }                                                                       \
    } G_STMT_END

void     vimana_object_update_string (GObject     *object,
                                      char       **field,
                                      const char  *value,
                                      GParamSpec  *pspec);

G_END_DECLS
