/* test-auth-request.c: credentials handed from the worker to the main thread and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "test-wait.h"
#include "vimana-auth-request.h"

static void
test_auth_request_prompts (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("qemu+ssh://h/system");

    g_assert_cmpstr (vimana_auth_request_get_uri (request), ==, "qemu+ssh://h/system");
    g_assert_cmpuint (vimana_auth_request_get_n_prompts (request), ==, 0);

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_USER_NAME, "User name", "root");
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_PASSWORD, "Password", NULL);
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_SECRET, "PIN", NULL);
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_TEXT, "Realm", "EXAMPLE");

    g_assert_cmpuint (vimana_auth_request_get_n_prompts (request), ==, 4);
    g_assert_cmpint (vimana_auth_request_get_kind (request, 0), ==, VIMANA_AUTH_PROMPT_USER_NAME);
    g_assert_cmpstr (vimana_auth_request_get_prompt (request, 0), ==, "User name");
    g_assert_cmpstr (vimana_auth_request_get_default (request, 0), ==, "root");
    g_assert_cmpint (vimana_auth_request_get_kind (request, 1), ==, VIMANA_AUTH_PROMPT_PASSWORD);
    g_assert_cmpstr (vimana_auth_request_get_prompt (request, 1), ==, "Password");
    g_assert_null (vimana_auth_request_get_default (request, 1));
    g_assert_cmpint (vimana_auth_request_get_kind (request, 2), ==, VIMANA_AUTH_PROMPT_SECRET);
    g_assert_cmpstr (vimana_auth_request_get_prompt (request, 2), ==, "PIN");
    g_assert_cmpint (vimana_auth_request_get_kind (request, 3), ==, VIMANA_AUTH_PROMPT_TEXT);
    g_assert_cmpstr (vimana_auth_request_get_default (request, 3), ==, "EXAMPLE");
}

/* A thread plays the worker: it waits for the answers the main thread gives. */
typedef struct
{
    VimanaAuthRequest  *request;
    GCancellable       *cancellable;
    GMutex              mutex;
    gboolean            waiting;
    gboolean            finished;
    gboolean            answered;
    char              **answers;
} Waiter;

static gpointer
waiter_thread (gpointer data)
{
    Waiter *waiter = data;
    char **answers = NULL;
    gboolean answered;

    g_mutex_lock (&waiter->mutex);
    waiter->waiting = TRUE;
    g_mutex_unlock (&waiter->mutex);
    g_main_context_wakeup (NULL);

    answered = vimana_auth_request_wait (waiter->request, waiter->cancellable, &answers);

    g_mutex_lock (&waiter->mutex);
    waiter->answered = answered;
    waiter->answers = answers;
    waiter->finished = TRUE;
    g_mutex_unlock (&waiter->mutex);
    g_main_context_wakeup (NULL);
    return NULL;
}

static gboolean
waiter_get (Waiter   *waiter,
            gboolean *field)
{
    gboolean value;

    g_mutex_lock (&waiter->mutex);
    value = *field;
    g_mutex_unlock (&waiter->mutex);
    return value;
}

static gboolean
waiter_is_waiting (gpointer data)
{
    Waiter *waiter = data;

    return waiter_get (waiter, &waiter->waiting);
}

static gboolean
waiter_is_finished (gpointer data)
{
    Waiter *waiter = data;

    return waiter_get (waiter, &waiter->finished);
}

static GThread *
waiter_start (Waiter            *waiter,
              VimanaAuthRequest *request,
              GCancellable      *cancellable)
{
    GThread *thread;

    memset (waiter, 0, sizeof *waiter);
    g_mutex_init (&waiter->mutex);
    waiter->request = request;
    waiter->cancellable = cancellable;
    thread = g_thread_new ("auth-waiter", waiter_thread, waiter);

    /* The thread wakes the main context once it is about to wait. */
    test_wait_until (waiter_is_waiting, waiter, "the waiter to start");
    return thread;
}

static void
waiter_join (Waiter  *waiter,
             GThread *thread)
{
    /* The thread wakes the main context when it is done. */
    test_wait_until (waiter_is_finished, waiter, "the waiter to return");
    g_thread_join (thread);
    g_mutex_clear (&waiter->mutex);
}

static gboolean
respond_idle_cb (gpointer data)
{
    static const char * const answers[] = { "alice", "s3cret", NULL };

    vimana_auth_request_respond (VIMANA_AUTH_REQUEST (data), answers);
    return G_SOURCE_REMOVE;
}

static void
test_auth_request_respond (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("test:///x");
    Waiter waiter;
    GThread *thread;

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_USER_NAME, "User", NULL);
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_PASSWORD, "Password", NULL);

    thread = waiter_start (&waiter, request, NULL);
    /* The thread blocks until the main thread answers; answer from the main loop. */
    g_assert_false (waiter_get (&waiter, &waiter.finished));
    g_idle_add (respond_idle_cb, request);
    waiter_join (&waiter, thread);

    g_assert_true (waiter.answered);
    g_assert_nonnull (waiter.answers);
    g_assert_cmpuint (g_strv_length (waiter.answers), ==, 2);
    g_assert_cmpstr (waiter.answers[0], ==, "alice");
    g_assert_cmpstr (waiter.answers[1], ==, "s3cret");
    g_strfreev (waiter.answers);
}

/* Answered before anyone waits: the wait returns at once. */
static void
test_auth_request_respond_before_wait (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("test:///x");
    static const char * const answers[] = { "bob", NULL };
    Waiter waiter;
    GThread *thread;

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_USER_NAME, "User", NULL);
    vimana_auth_request_respond (request, answers);

    thread = waiter_start (&waiter, request, NULL);
    waiter_join (&waiter, thread);
    g_assert_true (waiter.answered);
    g_assert_cmpstr (waiter.answers[0], ==, "bob");
    g_strfreev (waiter.answers);
}

static gboolean
cancel_idle_cb (gpointer data)
{
    vimana_auth_request_cancel (VIMANA_AUTH_REQUEST (data));
    return G_SOURCE_REMOVE;
}

static void
test_auth_request_cancel (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("test:///x");
    Waiter waiter;
    GThread *thread;

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_PASSWORD, "Password", NULL);

    thread = waiter_start (&waiter, request, NULL);
    g_idle_add (cancel_idle_cb, request);
    waiter_join (&waiter, thread);

    g_assert_false (waiter.answered);
    g_assert_null (waiter.answers);
}

static gboolean
cancel_cancellable_idle_cb (gpointer data)
{
    g_cancellable_cancel (G_CANCELLABLE (data));
    return G_SOURCE_REMOVE;
}

static void
test_auth_request_cancellable (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("test:///x");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    static const char * const late[] = { "too late", NULL };
    Waiter waiter;
    GThread *thread;

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_PASSWORD, "Password", NULL);

    thread = waiter_start (&waiter, request, cancellable);
    g_idle_add (cancel_cancellable_idle_cb, cancellable);
    waiter_join (&waiter, thread);

    g_assert_false (waiter.answered);
    g_assert_null (waiter.answers);

    /* An answer after the cancellation is ignored: a second wait still says cancelled. */
    vimana_auth_request_respond (request, late);
    thread = waiter_start (&waiter, request, NULL);
    waiter_join (&waiter, thread);
    g_assert_false (waiter.answered);
    g_assert_null (waiter.answers);
}

/* A cancellable that was cancelled before the wait began ends the wait at once. */
static void
test_auth_request_cancellable_already_cancelled (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("test:///x");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    Waiter waiter;
    GThread *thread;

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_PASSWORD, "Password", NULL);
    g_cancellable_cancel (cancellable);

    thread = waiter_start (&waiter, request, cancellable);
    waiter_join (&waiter, thread);
    g_assert_false (waiter.answered);
}

static gboolean
respond_then_cancel_idle_cb (gpointer data)
{
    static const char * const answers[] = { "first", NULL };

    vimana_auth_request_respond (VIMANA_AUTH_REQUEST (data), answers);
    vimana_auth_request_cancel (VIMANA_AUTH_REQUEST (data));
    return G_SOURCE_REMOVE;
}

static gboolean
cancel_then_respond_idle_cb (gpointer data)
{
    static const char * const answers[] = { "second", NULL };

    vimana_auth_request_cancel (VIMANA_AUTH_REQUEST (data));
    vimana_auth_request_respond (VIMANA_AUTH_REQUEST (data), answers);
    return G_SOURCE_REMOVE;
}

static gboolean
respond_twice_idle_cb (gpointer data)
{
    static const char * const first[] = { "one", NULL };
    static const char * const second[] = { "two", NULL };

    vimana_auth_request_respond (VIMANA_AUTH_REQUEST (data), first);
    vimana_auth_request_respond (VIMANA_AUTH_REQUEST (data), second);
    return G_SOURCE_REMOVE;
}

static void
test_auth_request_first_wins (void)
{
    struct {
        GSourceFunc  func;
        gboolean     answered;
        const char  *answer;
    } cases[] = {
        { respond_then_cancel_idle_cb, TRUE, "first" },
        { cancel_then_respond_idle_cb, FALSE, NULL },
        { respond_twice_idle_cb, TRUE, "one" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("test:///x");
        Waiter waiter;
        GThread *thread;

        vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_TEXT, "Q", NULL);
        thread = waiter_start (&waiter, request, NULL);
        g_idle_add (cases[i].func, request);
        waiter_join (&waiter, thread);

        g_assert_cmpint (waiter.answered, ==, cases[i].answered);
        if (cases[i].answer != NULL)
            g_assert_cmpstr (waiter.answers[0], ==, cases[i].answer);
        else
            g_assert_null (waiter.answers);
        g_strfreev (waiter.answers);
    }
}

/* A request dropped by everyone but the waiter, unanswered, frees its answers. */
static void
test_auth_request_unused_answers_freed (void)
{
    VimanaAuthRequest *request = vimana_auth_request_new ("test:///x");
    static const char * const answers[] = { "never read", NULL };

    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_SECRET, "S", NULL);
    vimana_auth_request_respond (request, answers);
    /* Nobody waits: finalizing wipes and frees the answers (checked under LeakSanitizer). */
    g_object_unref (request);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/auth-request/prompts", test_auth_request_prompts);
    g_test_add_func ("/auth-request/respond", test_auth_request_respond);
    g_test_add_func ("/auth-request/respond-before-wait", test_auth_request_respond_before_wait);
    g_test_add_func ("/auth-request/cancel", test_auth_request_cancel);
    g_test_add_func ("/auth-request/cancellable", test_auth_request_cancellable);
    g_test_add_func ("/auth-request/cancellable-already-cancelled",
                     test_auth_request_cancellable_already_cancelled);
    g_test_add_func ("/auth-request/first-wins", test_auth_request_first_wins);
    g_test_add_func ("/auth-request/unused-answers-freed", test_auth_request_unused_answers_freed);

    return g_test_run ();
}
