/* vimana-host-storage-page.h: the host window's Storage page: pools and their volumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

/* The pools' columns, as the page's pools model has them. */
enum
{
    VIMANA_HOST_POOL_COLUMN_NAME,
    VIMANA_HOST_POOL_COLUMN_TYPE,
    VIMANA_HOST_POOL_COLUMN_STATE,
    VIMANA_HOST_POOL_COLUMN_AUTOSTART,
    VIMANA_HOST_POOL_COLUMN_PERCENT,
    VIMANA_HOST_POOL_COLUMN_USAGE,
    VIMANA_HOST_POOL_COLUMN_POOL,
};

/* The volumes' columns, as the page's volumes model has them. */
enum
{
    VIMANA_HOST_VOLUME_COLUMN_NAME,
    VIMANA_HOST_VOLUME_COLUMN_FORMAT,
    VIMANA_HOST_VOLUME_COLUMN_CAPACITY,
    VIMANA_HOST_VOLUME_COLUMN_CAPACITY_BYTES,
    VIMANA_HOST_VOLUME_COLUMN_ALLOCATION,
    VIMANA_HOST_VOLUME_COLUMN_ALLOCATION_BYTES,
    VIMANA_HOST_VOLUME_COLUMN_USED_BY,
    VIMANA_HOST_VOLUME_COLUMN_VOLUME,
};

#define VIMANA_TYPE_HOST_STORAGE_PAGE (vimana_host_storage_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostStoragePage, vimana_host_storage_page, VIMANA, HOST_STORAGE_PAGE,
                      GtkBox)

void               vimana_host_storage_page_set_connection    (VimanaHostStoragePage *self,
                                                               VimanaConnection      *connection);
void               vimana_host_storage_page_load              (VimanaHostStoragePage *self);
gboolean           vimana_host_storage_page_get_users_loaded  (VimanaHostStoragePage *self);
GtkTreeModel      *vimana_host_storage_page_get_pools         (VimanaHostStoragePage *self);
GtkTreeModel      *vimana_host_storage_page_get_volumes       (VimanaHostStoragePage *self);
gboolean           vimana_host_storage_page_select_pool       (VimanaHostStoragePage *self,
                                                               const char            *name);
VimanaStoragePool *vimana_host_storage_page_get_selected_pool (VimanaHostStoragePage *self);
gboolean           vimana_host_storage_page_select_volume     (VimanaHostStoragePage *self,
                                                               const char            *name);
void               vimana_host_storage_page_set_search        (VimanaHostStoragePage *self,
                                                               const char            *text);
GtkWidget         *vimana_host_storage_page_get_button        (VimanaHostStoragePage *self,
                                                               const char            *name);
GtkWidget         *vimana_host_storage_page_get_dialog        (VimanaHostStoragePage *self);
const char        *vimana_host_storage_page_get_error         (VimanaHostStoragePage *self);

G_END_DECLS
