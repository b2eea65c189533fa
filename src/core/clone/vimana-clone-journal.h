/* vimana-clone-journal.h: the volumes a clone is making, written down so none outlives a lost daemon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

void       vimana_clone_journal_add      (const char *uri,
                                          const char *pool,
                                          const char *name);
void       vimana_clone_journal_remove   (const char *uri,
                                          const char *pool,
                                          const char *name);
void       vimana_clone_journal_settle   (const char *uri,
                                          const char *pool,
                                          const char *name);
GPtrArray *vimana_clone_journal_list     (const char *uri);
char      *vimana_clone_journal_path     (const char *uri);

void       vimana_connection_clean_clone_journal_async  (VimanaConnection     *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GStrv      vimana_connection_clean_clone_journal_finish (VimanaConnection     *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
