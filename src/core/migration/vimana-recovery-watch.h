/* vimana-recovery-watch.h: what a connection's running guests and pools were, kept for recovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"
#include "vimana-recovery.h"

G_BEGIN_DECLS

#define VIMANA_RECOVERY_DEFAULT_DELAY 60   /* seconds lost before recovery is offered */

#define VIMANA_TYPE_RECOVERY_WATCH (vimana_recovery_watch_get_type ())

G_DECLARE_FINAL_TYPE (VimanaRecoveryWatch, vimana_recovery_watch, VIMANA, RECOVERY_WATCH, GObject)

VimanaRecoveryWatch *vimana_recovery_watch_get            (VimanaConnection     *connection);
VimanaConnection    *vimana_recovery_watch_get_connection (VimanaRecoveryWatch  *self);
void                 vimana_recovery_watch_set_delay      (VimanaRecoveryWatch  *self,
                                                           guint                 seconds);
guint                vimana_recovery_watch_get_delay      (VimanaRecoveryWatch  *self);
gboolean             vimana_recovery_watch_get_overdue    (VimanaRecoveryWatch  *self);
gboolean             vimana_recovery_watch_get_known      (VimanaRecoveryWatch  *self);
GPtrArray           *vimana_recovery_watch_dup_guests     (VimanaRecoveryWatch  *self);
GPtrArray           *vimana_recovery_watch_dup_pools      (VimanaRecoveryWatch  *self);
void                 vimana_recovery_watch_forget         (VimanaRecoveryWatch  *self,
                                                           const char           *uuid);
void                 vimana_recovery_watch_refresh_async  (VimanaRecoveryWatch  *self,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             vimana_recovery_watch_refresh_finish (VimanaRecoveryWatch  *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);

void                 vimana_recovery_start_guest_async    (VimanaConnection     *survivor,
                                                           const char           *xml,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
gboolean             vimana_recovery_start_guest_finish   (VimanaConnection     *survivor,
                                                           GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
