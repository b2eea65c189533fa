/* vimana-auth-request.c: credentials libvirt asks for while a connection opens
 *
 * libvirt asks for credentials from inside virConnectOpenAuth(), which runs on the connection's
 * worker. The worker describes the prompts in a request, hands it to the main thread (which
 * shows a dialog) and blocks in vimana_auth_request_wait() until the user answers or cancels,
 * or the connection attempt is abandoned. Answers are wiped from memory once used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-auth-request"

#include "config.h"

#include "vimana-auth-request.h"

#include <string.h>

typedef struct
{
    VimanaAuthPromptKind  kind;
    char                 *prompt;
    char                 *default_answer;
} VimanaAuthPrompt;

struct _VimanaAuthRequest
{
    GObject parent_instance;

    char     *uri;
    GArray   *prompts;

    /* Guarded by mutex: set by the main thread, read by the worker. */
    GMutex    mutex;
    GCond     cond;
    gboolean  done;
    char    **answers;   /* NULL when cancelled */
};

G_DEFINE_FINAL_TYPE (VimanaAuthRequest, vimana_auth_request, G_TYPE_OBJECT)

static void
vimana_auth_prompt_clear (gpointer data)
{
    VimanaAuthPrompt *prompt = data;

    g_free (prompt->prompt);
    g_free (prompt->default_answer);
}

static void
vimana_auth_request_wipe_answers (char **answers)
{
    if (answers == NULL)
        return;
    for (char **p = answers; *p; p++)
        memset (*p, 0, strlen (*p));
    g_strfreev (answers);
}

static void
vimana_auth_request_finalize (GObject *object)
{
    VimanaAuthRequest *self = VIMANA_AUTH_REQUEST (object);

    vimana_auth_request_wipe_answers (self->answers);
    g_array_unref (self->prompts);
    g_free (self->uri);
    g_mutex_clear (&self->mutex);
    g_cond_clear (&self->cond);

    G_OBJECT_CLASS (vimana_auth_request_parent_class)->finalize (object);
}

static void
vimana_auth_request_class_init (VimanaAuthRequestClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_auth_request_finalize;
}

static void
vimana_auth_request_init (VimanaAuthRequest *self)
{
    self->prompts = g_array_new (FALSE, TRUE, sizeof (VimanaAuthPrompt));
    g_array_set_clear_func (self->prompts, vimana_auth_prompt_clear);
    g_mutex_init (&self->mutex);
    g_cond_init (&self->cond);
}

VimanaAuthRequest *
vimana_auth_request_new (const char *uri)
{
    VimanaAuthRequest *self = g_object_new (VIMANA_TYPE_AUTH_REQUEST, NULL);

    self->uri = g_strdup (uri);
    return self;
}

void
vimana_auth_request_add_prompt (VimanaAuthRequest    *self,
                                VimanaAuthPromptKind  kind,
                                const char           *prompt,
                                const char           *default_answer)
{
    VimanaAuthPrompt entry = { kind, g_strdup (prompt), g_strdup (default_answer) };

    g_return_if_fail (VIMANA_IS_AUTH_REQUEST (self));

    g_array_append_val (self->prompts, entry);
}

const char *
vimana_auth_request_get_uri (VimanaAuthRequest *self)
{
    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (self), NULL);
    return self->uri;
}

guint
vimana_auth_request_get_n_prompts (VimanaAuthRequest *self)
{
    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (self), 0);
    return self->prompts->len;
}

VimanaAuthPromptKind
vimana_auth_request_get_kind (VimanaAuthRequest *self,
                              guint              index)
{
    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (self), VIMANA_AUTH_PROMPT_TEXT);
    g_return_val_if_fail (index < self->prompts->len, VIMANA_AUTH_PROMPT_TEXT);
    return g_array_index (self->prompts, VimanaAuthPrompt, index).kind;
}

const char *
vimana_auth_request_get_prompt (VimanaAuthRequest *self,
                                guint              index)
{
    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (self), NULL);
    g_return_val_if_fail (index < self->prompts->len, NULL);
    return g_array_index (self->prompts, VimanaAuthPrompt, index).prompt;
}

const char *
vimana_auth_request_get_default (VimanaAuthRequest *self,
                                 guint              index)
{
    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (self), NULL);
    g_return_val_if_fail (index < self->prompts->len, NULL);
    return g_array_index (self->prompts, VimanaAuthPrompt, index).default_answer;
}

static void
vimana_auth_request_finish (VimanaAuthRequest  *self,
                            char              **answers)
{
    g_mutex_lock (&self->mutex);
    if (self->done) {
        g_mutex_unlock (&self->mutex);
        vimana_auth_request_wipe_answers (answers);
        return;
    }
    self->done = TRUE;
    self->answers = answers;
    g_cond_broadcast (&self->cond);
    g_mutex_unlock (&self->mutex);
}

/**
 * vimana_auth_request_respond:
 * @self: a #VimanaAuthRequest
 * @answers: one answer for each prompt, in order
 *
 * Answers the request; the first answer or cancellation wins.
 */
void
vimana_auth_request_respond (VimanaAuthRequest  *self,
                             const char * const *answers)
{
    g_return_if_fail (VIMANA_IS_AUTH_REQUEST (self));
    g_return_if_fail (answers != NULL);
    g_return_if_fail (g_strv_length ((char **) answers) == self->prompts->len);

    vimana_auth_request_finish (self, g_strdupv ((char **) answers));
}

void
vimana_auth_request_cancel (VimanaAuthRequest *self)
{
    g_return_if_fail (VIMANA_IS_AUTH_REQUEST (self));

    vimana_auth_request_finish (self, NULL);
}

static void
vimana_auth_request_cancelled_cb (GCancellable *cancellable,
                                  gpointer      user_data)
{
    vimana_auth_request_cancel (VIMANA_AUTH_REQUEST (user_data));
}

/**
 * vimana_auth_request_wait:
 * @self: a #VimanaAuthRequest
 * @cancellable: (nullable): cancels the wait, as if the user had cancelled
 * @answers: (out) (transfer full): the answers, to be wiped and freed by the caller
 *
 * Blocks until the request is answered. Never call it on the main thread.
 *
 * Returns: %TRUE when answered, %FALSE when cancelled
 */
gboolean
vimana_auth_request_wait (VimanaAuthRequest   *self,
                          GCancellable        *cancellable,
                          char              ***answers)
{
    gulong handler = 0;

    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (self), FALSE);
    g_return_val_if_fail (answers != NULL, FALSE);

    if (cancellable != NULL)
        handler = g_cancellable_connect (cancellable, G_CALLBACK (vimana_auth_request_cancelled_cb),
                                         self, NULL);

    g_mutex_lock (&self->mutex);
    while (!self->done)
        g_cond_wait (&self->cond, &self->mutex);
    *answers = g_steal_pointer (&self->answers);
    g_mutex_unlock (&self->mutex);

    g_cancellable_disconnect (cancellable, handler);
    return *answers != NULL;
}
