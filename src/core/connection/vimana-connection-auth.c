/* vimana-connection-auth.c: answering libvirt's credential prompts, and which failed opens retry
 *
 * virConnectOpenAuth() runs on the connection's worker and calls back there for credentials;
 * the callback hands a VimanaAuthRequest to the main thread (the "authenticate" signal, which
 * the auth dialog answers) and blocks the worker until the user answers or cancels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-connection"

#include "config.h"

#include <string.h>

#include "vimana-connection-private.h"

typedef struct
{
    GWeakRef           connection;
    VimanaAuthRequest *request;
} VimanaAuthHandoff;

static void
vimana_auth_handoff_free (gpointer data)
{
    VimanaAuthHandoff *handoff = data;

    g_weak_ref_clear (&handoff->connection);
    g_object_unref (handoff->request);
    g_free (handoff);
}

/* On the main thread: asks whoever listens to answer the request. */
static gboolean
vimana_connection_emit_authenticate_cb (gpointer data)
{
    VimanaAuthHandoff *handoff = data;
    g_autoptr(VimanaConnection) self = g_weak_ref_get (&handoff->connection);

    if (self == NULL || !vimana_connection_emit_authenticate (self, handoff->request))
        vimana_auth_request_cancel (handoff->request);
    return G_SOURCE_REMOVE;
}

static VimanaAuthPromptKind
vimana_connection_prompt_kind (int credential_type)
{
    switch (credential_type) {
    case VIR_CRED_USERNAME:
    case VIR_CRED_AUTHNAME:
        return VIMANA_AUTH_PROMPT_USER_NAME;
    case VIR_CRED_PASSPHRASE:
        return VIMANA_AUTH_PROMPT_PASSWORD;
    case VIR_CRED_NOECHOPROMPT:
        return VIMANA_AUTH_PROMPT_SECRET;
    case VIR_CRED_ECHOPROMPT:
    case VIR_CRED_REALM:
    default:
        return VIMANA_AUTH_PROMPT_TEXT;
    }
}

/* On the worker, inside virConnectOpenAuth() (@cbdata is the VimanaOpenJob): blocks until
 * the user answers. */
int
vimana_connection_auth_cb (virConnectCredentialPtr  cred,
                           unsigned int             ncred,
                           void                    *cbdata)
{
    VimanaOpenJob *job = cbdata;
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new (job->uri);
    VimanaConnection *connection;
    VimanaAuthHandoff *handoff;
    char **answers = NULL;

    for (unsigned int i = 0; i < ncred; i++)
        vimana_auth_request_add_prompt (request, vimana_connection_prompt_kind (cred[i].type),
                                        cred[i].prompt, cred[i].defresult);

    connection = g_weak_ref_get (&job->connection);
    handoff = g_new0 (VimanaAuthHandoff, 1);
    g_weak_ref_init (&handoff->connection, connection);
    g_clear_object (&connection);
    handoff->request = g_object_ref (request);
    g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT,
                                vimana_connection_emit_authenticate_cb, handoff,
                                vimana_auth_handoff_free);

    if (!vimana_auth_request_wait (request, job->cancellable, &answers))
        return -1;

    for (unsigned int i = 0; i < ncred; i++) {
        cred[i].result = strdup (answers[i]);
        cred[i].resultlen = strlen (answers[i]);
        memset (answers[i], 0, cred[i].resultlen);
    }
    g_strfreev (answers);
    return 0;
}

/* Whether an open failed because the daemon could not be reached (not running yet, restarting,
 * its socket closed): then the connection retries with back-off, as after a lost connection.
 * A refused login, an unknown driver or a bad URI is not retried. */
gboolean
vimana_connection_error_is_unreachable (virErrorPtr err)
{
    if (err == NULL)
        return FALSE;
    switch (err->code) {
    case VIR_ERR_SYSTEM_ERROR:
        return err->domain == VIR_FROM_RPC || err->domain == VIR_FROM_REMOTE;
    case VIR_ERR_RPC:
        return TRUE;
    case VIR_ERR_INTERNAL_ERROR:
        return err->message != NULL && strstr (err->message, "socket is closed") != NULL;
    default:
        return FALSE;
    }
}
