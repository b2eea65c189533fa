/* vimana-connection.h: one libvirt connection, its worker thread and its guests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-auth-request.h"
#include "vimana-domain.h"
#include "vimana-stats-sampler.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_CONNECTION_STATE_DISCONNECTED,
    VIMANA_CONNECTION_STATE_CONNECTING,
    VIMANA_CONNECTION_STATE_CONNECTED,
} VimanaConnectionState;

#define VIMANA_TYPE_CONNECTION (vimana_connection_get_type ())

G_DECLARE_FINAL_TYPE (VimanaConnection, vimana_connection, VIMANA, CONNECTION, GObject)

VimanaConnection      *vimana_connection_new                 (const char        *uri);
const char            *vimana_connection_get_uri             (VimanaConnection  *self);
gboolean               vimana_connection_is_local            (VimanaConnection  *self);
const char            *vimana_connection_get_display_name    (VimanaConnection  *self);
VimanaConnectionState  vimana_connection_get_state           (VimanaConnection  *self);
const char            *vimana_connection_get_message         (VimanaConnection  *self);
gboolean               vimana_connection_get_reconnecting    (VimanaConnection  *self);
gboolean               vimana_connection_get_loaded          (VimanaConnection  *self);
GListModel            *vimana_connection_get_domains         (VimanaConnection  *self);
VimanaStatsSampler    *vimana_connection_get_sampler         (VimanaConnection  *self);
VimanaDomain          *vimana_connection_lookup_domain       (VimanaConnection  *self,
                                                              const char        *uuid);
VimanaDomain          *vimana_connection_find_domain_by_name (VimanaConnection  *self,
                                                              const char        *name);
void                   vimana_connection_open                (VimanaConnection  *self);
void                   vimana_connection_close               (VimanaConnection  *self);
void                   vimana_connection_shutdown            (VimanaConnection  *self);
const char            *vimana_connection_state_to_string     (VimanaConnectionState state);

G_END_DECLS
