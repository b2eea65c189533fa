/* test-wait.c: waiting in tests, by running the main context until something is true
 *
 * libvirt's events reach the tests through libvirt-glib's loop on the main context, and the
 * core hands its results back there: a test never sleeps, it iterates the main context until
 * what it waits for has happened. Each wait carries a guard that fails the test after
 * TEST_WAIT_GUARD_SECONDS, naming what it waited for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-wait.h"

static gboolean
test_wait_guard_cb (gpointer data)
{
    g_error ("Timed out after %d s waiting for %s", TEST_WAIT_GUARD_SECONDS, (const char *) data);
    return G_SOURCE_REMOVE;
}

/**
 * test_wait_until:
 * @condition: what must become true
 * @data: passed to @condition
 * @what: what is waited for, for the message when the guard fires
 *
 * Runs the default main context until @condition (@data) holds.
 */
void
test_wait_until (TestWaitCondition  condition,
                 gpointer           data,
                 const char        *what)
{
    guint guard = g_timeout_add_seconds (TEST_WAIT_GUARD_SECONDS, test_wait_guard_cb, (gpointer) what);

    while (!condition (data))
        g_main_context_iteration (NULL, TRUE);
    g_source_remove (guard);
}

static gboolean
test_wait_flag_is_set (gpointer data)
{
    return *(const gboolean *) data;
}

void
test_wait_flag (const gboolean *flag,
                const char     *what)
{
    test_wait_until (test_wait_flag_is_set, (gpointer) flag, what);
}

typedef struct
{
    const guint *count;
    guint        expected;
} TestWaitCount;

static gboolean
test_wait_count_reached (gpointer data)
{
    TestWaitCount *wait = data;

    return *wait->count >= wait->expected;
}

void
test_wait_count (const guint *count,
                 guint        expected,
                 const char  *what)
{
    TestWaitCount wait = { count, expected };

    test_wait_until (test_wait_count_reached, &wait, what);
}

/* Dispatches what is ready on the main context, without blocking. Bounded: another client
 * may keep producing events for as long as it likes. */
void
test_wait_drain (void)
{
    for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
        g_main_context_iteration (NULL, FALSE);
}

void
test_wait_async_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    TestWaitAsync *wait = user_data;

    g_assert (wait->result == NULL);
    wait->result = g_object_ref (result);
    wait->done = TRUE;
}

/* Returns: (transfer none): @wait's result, which @wait keeps */
GAsyncResult *
test_wait_async (TestWaitAsync *wait,
                 const char    *what)
{
    test_wait_flag (&wait->done, what);
    return wait->result;
}

/* ---- connections ---- */

/* Whether @connection is done opening: connected with its guests listed, or given up. */
gboolean
test_connection_settled (gpointer connection)
{
    switch (vimana_connection_get_state (connection)) {
    case VIMANA_CONNECTION_STATE_CONNECTED:
        return vimana_connection_get_loaded (connection);
    case VIMANA_CONNECTION_STATE_DISCONNECTED:
        return TRUE;
    case VIMANA_CONNECTION_STATE_CONNECTING:
    default:
        return FALSE;
    }
}

void
test_connection_wait_settled (VimanaConnection *connection)
{
    test_wait_until (test_connection_settled, connection, "the connection to open or fail");
}

/* Returns: (transfer full): a connection to @uri, connected and its guests listed */
VimanaConnection *
test_connection_open (const char *uri)
{
    VimanaConnection *connection = vimana_connection_new (uri);

    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_cmpstr (vimana_connection_get_message (connection), ==, NULL);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    g_assert_true (vimana_connection_get_loaded (connection));
    return connection;
}

/* Shuts @connection down, drops it, and lets what its worker handed back run. */
void
test_connection_close (VimanaConnection *connection)
{
    vimana_connection_shutdown (connection);
    g_object_unref (connection);
    test_wait_drain ();
}
