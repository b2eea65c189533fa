/* vimana-auth-request.h: credentials libvirt asks for while a connection opens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_AUTH_PROMPT_USER_NAME,
    VIMANA_AUTH_PROMPT_PASSWORD,
    VIMANA_AUTH_PROMPT_PASSPHRASE,
    VIMANA_AUTH_PROMPT_TEXT,        /* an answer that may be shown while typed */
    VIMANA_AUTH_PROMPT_SECRET,      /* an answer that must not be shown */
} VimanaAuthPromptKind;

#define VIMANA_TYPE_AUTH_REQUEST (vimana_auth_request_get_type ())

G_DECLARE_FINAL_TYPE (VimanaAuthRequest, vimana_auth_request, VIMANA, AUTH_REQUEST, GObject)

VimanaAuthRequest    *vimana_auth_request_new          (const char           *uri);
void                  vimana_auth_request_add_prompt   (VimanaAuthRequest    *self,
                                                        VimanaAuthPromptKind  kind,
                                                        const char           *prompt,
                                                        const char           *default_answer);
const char           *vimana_auth_request_get_uri      (VimanaAuthRequest    *self);
guint                 vimana_auth_request_get_n_prompts (VimanaAuthRequest   *self);
VimanaAuthPromptKind  vimana_auth_request_get_kind     (VimanaAuthRequest    *self,
                                                        guint                 index);
const char           *vimana_auth_request_get_prompt   (VimanaAuthRequest    *self,
                                                        guint                 index);
const char           *vimana_auth_request_get_default  (VimanaAuthRequest    *self,
                                                        guint                 index);
void                  vimana_auth_request_respond      (VimanaAuthRequest    *self,
                                                        const char * const   *answers);
void                  vimana_auth_request_cancel       (VimanaAuthRequest    *self);
gboolean              vimana_auth_request_wait         (VimanaAuthRequest    *self,
                                                        GCancellable         *cancellable,
                                                        char               ***answers);

G_END_DECLS
