/* vimana-resource-users.h: which guests use which volumes and virtual networks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VimanaConnection VimanaConnection;

/* One reading of every guest's disks and networks, taken on the worker. */
typedef struct _VimanaResourceUsers VimanaResourceUsers;

#define VIMANA_TYPE_RESOURCE_USERS (vimana_resource_users_get_type ())

GType                vimana_resource_users_get_type      (void) G_GNUC_CONST;
VimanaResourceUsers *vimana_resource_users_ref           (VimanaResourceUsers  *users);
void                 vimana_resource_users_unref         (VimanaResourceUsers  *users);
GPtrArray           *vimana_resource_users_for_volume    (VimanaResourceUsers  *users,
                                                          const char           *path,
                                                          const char           *pool,
                                                          const char           *name);
gboolean             vimana_resource_users_is_running    (VimanaResourceUsers  *users,
                                                          const char           *guest);
GPtrArray           *vimana_resource_users_for_network   (VimanaResourceUsers  *users,
                                                          const char           *network,
                                                          gboolean              running_only);
const char          *vimana_resource_users_guest_for_mac (VimanaResourceUsers  *users,
                                                          const char           *network,
                                                          const char           *mac);

void                 vimana_connection_list_resource_users_async  (VimanaConnection     *self,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
VimanaResourceUsers *vimana_connection_list_resource_users_finish (VimanaConnection     *self,
                                                                   GAsyncResult         *result,
                                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaResourceUsers, vimana_resource_users_unref)

G_END_DECLS
