/* test-console-stream.c: the console stream through the core on the libvirt test driver
 *
 * The test driver has no consoles (virDomainOpenConsole is "not supported" there): these tests
 * cover what a stream does before and without an open console, and that a refused open reaches
 * the caller as an error and leaves the stream closed. Reading and writing a real guest's
 * serial port is the system tier's (a QEMU guest on a real libvirtd).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "core-test-util.h"
#include "vimana-console-stream.h"
#include "vimana-error.h"

static void
closed_cb (VimanaConsoleStream *stream,
           int                  reason,
           const char          *message,
           gpointer             user_data)
{
    guint *count = user_data;

    (*count)++;
}

static gboolean
open_stream (VimanaConsoleStream *stream,
             gboolean             force,
             GError             **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_console_stream_open_async (stream, force, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the console");
    ok = vimana_console_stream_open_finish (stream, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static void
test_not_open (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaConsoleStream) stream = NULL;
    const guint8 keys[] = "typed while detached\r";
    guint closed = 0;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    stream = vimana_console_stream_new (get_domain (connection, "test"), "serial0");
    g_signal_connect (stream, "closed", G_CALLBACK (closed_cb), &closed);

    g_assert_cmpstr (vimana_console_stream_get_dev_name (stream), ==, "serial0");
    g_assert_false (vimana_console_stream_is_open (stream));
    /* Typing into a console that is not attached is dropped, not queued for later. */
    g_assert_false (vimana_console_stream_write (stream, keys, sizeof keys - 1));
    g_assert_cmpuint (vimana_console_stream_get_pending (stream), ==, 0);
    /* Closing what is not open says nothing. */
    vimana_console_stream_close (stream);
    g_assert_cmpuint (closed, ==, 0);
}

static void
test_open_refused (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaConsoleStream) stream = NULL;
    const guint8 key[] = "x";
    guint closed = 0;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    stream = vimana_console_stream_new (get_domain (connection, "test"), NULL);
    g_signal_connect (stream, "closed", G_CALLBACK (closed_cb), &closed);

    for (int force = 0; force <= 1; force++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("force %d", force);
        g_assert_false (open_stream (stream, force, &error));
        /* libvirt's "not supported", not "busy": only a safe open that finds the console held
         * says busy. */
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
        g_assert_false (vimana_console_stream_is_open (stream));
        g_assert_false (vimana_console_stream_write (stream, key, 1));
    }
    g_assert_cmpuint (closed, ==, 0);
}

static void
test_open_disconnected (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaConsoleStream) stream = NULL;
    g_autoptr(GError) error = NULL;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    stream = vimana_console_stream_new (get_domain (connection, "test"), "serial0");
    test_connection_close (g_steal_pointer (&connection));

    /* The closed connection dropped its guests: the queue says so, and nothing is opened. */
    g_assert_false (open_stream (stream, FALSE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
    g_assert_false (vimana_console_stream_is_open (stream));
}

int
main (int    argc,
      char **argv)
{
    core_test_init (&argc, &argv);

    g_test_add_func ("/console-stream/not-open", test_not_open);
    g_test_add_func ("/console-stream/open-refused", test_open_refused);
    g_test_add_func ("/console-stream/open-disconnected", test_open_disconnected);
    return g_test_run ();
}
