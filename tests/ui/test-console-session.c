/* test-console-session.c: the console's display sessions, and the Console page driving one
 *
 * The VNC session (gtk-vnc) against the tests' own VNC server (vnc-test-server.c): what the
 * server says becomes the session's signals, what the session is told reaches the server.
 * Then the page on a test-driver guest whose VNC display is that server: the states it shows
 * with a real session (the guest, the password prompt, a refused or unsupported
 * authentication, a dropped connection), and the controls that reach the server. The base
 * class's own rules (no ::disconnected after close, sockets asked of the owner) are checked
 * through a small session kind of this file's own. The SPICE session (spice-gtk) against a
 * SPICE server of this file's own that goes as far as refusing the ticket.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk/gdkkeysyms.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <gtk/gtk.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vncdisplay.h>

#include "ui-test-util.h"
#include "vimana-console-keys.h"
#include "vimana-console-page.h"
#include "vimana-details-window.h"
#include "vimana-display-session-spice.h"
#include "vimana-display-session-vnc.h"
#include "vnc-test-server.h"

/* ---- what a session said ---- */

typedef struct
{
    guint   connected;
    guint   disconnected;
    guint   auth_needed;
    guint   auth_failed;
    guint   resized;
    guint   first_frame;
    guint   frames;
    guint   credentials;      /* of the last ::auth-needed */
    int     width;            /* of the last ::resized */
    int     height;
    GError *error;            /* of the last ::disconnected */
} SessionLog;

static void
log_connected_cb (VimanaDisplaySession *session,
                  SessionLog           *log)
{
    log->connected++;
}

static void
log_disconnected_cb (VimanaDisplaySession *session,
                     const GError         *error,
                     SessionLog           *log)
{
    log->disconnected++;
    g_clear_error (&log->error);
    log->error = error != NULL ? g_error_copy (error) : NULL;
    g_test_message ("disconnected: %s", error != NULL ? error->message : "(no reason)");
}

static void
log_auth_needed_cb (VimanaDisplaySession *session,
                    guint                 credentials,
                    SessionLog           *log)
{
    log->auth_needed++;
    log->credentials = credentials;
}

static void
log_auth_failed_cb (VimanaDisplaySession *session,
                    const char           *message,
                    SessionLog           *log)
{
    log->auth_failed++;
}

static void
log_resized_cb (VimanaDisplaySession *session,
                int                   width,
                int                   height,
                SessionLog           *log)
{
    log->resized++;
    log->width = width;
    log->height = height;
}

static void
log_first_frame_cb (VimanaDisplaySession *session,
                    SessionLog           *log)
{
    /* The first picture of a connection comes before its first update, never after one. */
    g_assert_cmpuint (log->first_frame, ==, log->connected - 1);
    log->first_frame++;
}

static void
log_frame_cb (VimanaDisplaySession *session,
              SessionLog           *log)
{
    g_assert_cmpuint (log->first_frame, ==, log->connected);
    log->frames++;
}

static void
session_log_attach (VimanaDisplaySession *session,
                    SessionLog           *log)
{
    g_signal_connect (session, "connected", G_CALLBACK (log_connected_cb), log);
    g_signal_connect (session, "disconnected", G_CALLBACK (log_disconnected_cb), log);
    g_signal_connect (session, "auth-needed", G_CALLBACK (log_auth_needed_cb), log);
    g_signal_connect (session, "auth-failed", G_CALLBACK (log_auth_failed_cb), log);
    g_signal_connect (session, "resized", G_CALLBACK (log_resized_cb), log);
    g_signal_connect (session, "first-frame", G_CALLBACK (log_first_frame_cb), log);
    g_signal_connect (session, "frame-updated", G_CALLBACK (log_frame_cb), log);
}

typedef struct
{
    const guint *counter;
    guint        at_least;
} CountWait;

static gboolean
count_reached (gpointer data)
{
    CountWait *wait = data;

    return *wait->counter >= wait->at_least;
}

static void
wait_count (const guint *counter,
            guint        at_least,
            const char  *what)
{
    CountWait wait = { counter, at_least };

    ui_test_wait (count_reached, &wait, what);
}

typedef guint (*ServerCount) (VncTestServer *server);

typedef struct
{
    VncTestServer *server;
    ServerCount    count;
    guint          at_least;
} ServerWait;

static gboolean
server_count_reached (gpointer data)
{
    ServerWait *wait = data;

    return wait->count (wait->server) >= wait->at_least;
}

static void
wait_server (VncTestServer *server,
             ServerCount    count,
             guint          at_least,
             const char    *what)
{
    ServerWait wait = { server, count, at_least };

    ui_test_wait (server_count_reached, &wait, what);
}

/* Waits for @n key events at the server and checks them against @expected. */
static void
assert_keys (VncTestServer    *server,
             const VncTestKey *expected,
             guint             n)
{
    g_autoptr(GArray) keys = NULL;

    wait_server (server, vnc_test_server_count_keys, n, "the key events at the server");
    keys = vnc_test_server_take_keys (server);
    g_assert_cmpuint (keys->len, ==, n);
    for (guint i = 0; i < n; i++) {
        VncTestKey *key = &g_array_index (keys, VncTestKey, i);

        g_test_message ("key %u: %s 0x%x", i, key->down ? "down" : "up", key->keysym);
        g_assert_cmpint (key->down, ==, expected[i].down);
        g_assert_cmphex (key->keysym, ==, expected[i].keysym);
    }
}

/* The colour at (@x, @y) of what the session shows. */
static guint32
pixel_at (VimanaDisplaySession *session,
          int                   x,
          int                   y)
{
    g_autoptr(GdkPixbuf) pixbuf = vimana_display_session_get_pixbuf (session);
    const guint8 *p;

    g_assert_nonnull (pixbuf);
    p = gdk_pixbuf_read_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) +
        x * gdk_pixbuf_get_n_channels (pixbuf);
    return (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];
}

/* Whether the session shows the server's picture at 80×60. */
static gboolean
shows_80x60 (gpointer data)
{
    g_autoptr(GdkPixbuf) pixbuf = vimana_display_session_get_pixbuf (data);

    return pixbuf != NULL && gdk_pixbuf_get_width (pixbuf) == 80 &&
           gdk_pixbuf_get_height (pixbuf) == 60 && pixel_at (data, 79, 59) == 0x0000ff &&
           pixel_at (data, 0, 0) == 0xff0000;
}

/* A window that shows @session's display, as the page does. */
static GtkWidget *
show_session (VimanaDisplaySession *session)
{
    GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);

    gtk_window_set_default_size (GTK_WINDOW (window), 320, 240);
    gtk_container_add (GTK_CONTAINER (window), vimana_display_session_get_display (session));
    gtk_widget_show (window);
    return window;
}

typedef struct
{
    const char *expected;
    char       *text;
    gboolean    asking;
} ClipboardWait;

static void
clipboard_text_cb (GtkClipboard *clipboard,
                   const char   *text,
                   gpointer      data)
{
    ClipboardWait *wait = data;

    g_free (wait->text);
    wait->text = g_strdup (text);
    wait->asking = FALSE;
}

static gboolean
clipboard_has (gpointer data)
{
    ClipboardWait *wait = data;

    if (g_strcmp0 (wait->text, wait->expected) == 0)
        return TRUE;
    if (!wait->asking) {
        wait->asking = TRUE;
        gtk_clipboard_request_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD),
                                    clipboard_text_cb, wait);
    }
    return FALSE;
}

static gboolean
session_closed (gpointer data)
{
    return !vimana_display_session_is_open (data);
}

/* Closes @session and waits until its connection has ended, then destroys @window: a
 * VncDisplay must not go while its connection winds down. */
static void
finish_session (VimanaDisplaySession *session,
                GtkWidget            *window)
{
    vimana_display_session_close (session);
    ui_test_wait (session_closed, session, "the session to close");
    ui_test_flush ();
    gtk_widget_destroy (window);
}

/* ---- the VNC session ---- */

/* Connected over a socket it was handed: the picture, the keys, the view, the clipboard. */
static void
test_vnc_session (void)
{
    VncTestServer *server = vnc_test_server_new (VNC_TEST_AUTH_NONE, NULL);
    g_autoptr(VimanaDisplaySession) session = vimana_display_session_vnc_new ();
    VncDisplay *display = VNC_DISPLAY (vimana_display_session_get_display (session));
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    ClipboardWait clipboard = { "from the guest", NULL, FALSE };
    SessionLog log = { 0 };
    GtkWidget *window = show_session (session);
    guint keyvals[] = { GDK_KEY_Control_R };
    guint frames;
    int width, height;
    const VncTestKey ctrl_alt_del[] = {
        { TRUE, GDK_KEY_Control_L }, { TRUE, GDK_KEY_Alt_L }, { TRUE, GDK_KEY_Delete },
        { FALSE, GDK_KEY_Delete }, { FALSE, GDK_KEY_Alt_L }, { FALSE, GDK_KEY_Control_L },
    };
    const VncTestKey typed[] = {
        { TRUE, GDK_KEY_a }, { FALSE, GDK_KEY_a },
        { TRUE, GDK_KEY_Shift_L }, { TRUE, GDK_KEY_b }, { FALSE, GDK_KEY_b },
        { FALSE, GDK_KEY_Shift_L },
        { TRUE, GDK_KEY_Return }, { FALSE, GDK_KEY_Return },
    };

    session_log_attach (session, &log);
    g_assert_true (VIMANA_IS_DISPLAY_SESSION_VNC (session));
    g_assert_true (vimana_display_session_get_features (session) &
                   VIMANA_DISPLAY_FEATURE_SEND_KEYS);
    g_assert_false (vimana_display_session_is_open (session));
    g_assert_null (vimana_display_session_get_pixbuf (session));

    g_assert_true (vimana_display_session_open_fd (session, vnc_test_server_connect (server),
                                                   &error));
    g_assert_no_error (error);
    g_assert_true (vimana_display_session_is_open (session));
    wait_count (&log.connected, 1, "::connected");
    g_assert_true (vimana_display_session_get_connected (session));
    vimana_display_session_get_size (session, &width, &height);
    g_assert_cmpint (width, ==, VNC_TEST_WIDTH);
    g_assert_cmpint (height, ==, VNC_TEST_HEIGHT);
    /* Shared, so that virsh's screenshot or a second viewer does not drop this one. */
    g_assert_true (vnc_test_server_get_shared (server));

    wait_count (&log.frames, 1, "the first ::frame-updated");
    g_assert_cmpuint (log.first_frame, ==, 1);
    pixbuf = vimana_display_session_get_pixbuf (session);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, VNC_TEST_WIDTH);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, VNC_TEST_HEIGHT);
    g_assert_cmphex (pixel_at (session, 4, 4), ==, 0xff0000);
    g_assert_cmphex (pixel_at (session, VNC_TEST_WIDTH - 4, VNC_TEST_HEIGHT - 4), ==, 0x0000ff);

    /* Opened already: refused, and the socket it was handed is closed. */
    {
        int fds[2];
        char byte;

        g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
        g_assert_false (vimana_display_session_open_fd (session, fds[1], &error));
        g_assert_error (error, VIMANA_DISPLAY_SESSION_ERROR, VIMANA_DISPLAY_SESSION_ERROR_BUSY);
        g_clear_error (&error);
        g_assert_cmpint (read (fds[0], &byte, 1), ==, 0);
        close (fds[0]);
    }

    g_assert_true (vimana_console_keys_send_named (session, "ctrl-alt-del"));
    assert_keys (server, ctrl_alt_del, G_N_ELEMENTS (ctrl_alt_del));
    g_assert_false (vimana_console_keys_send_named (session, "ctrl-alt-f13"));
    g_assert_cmpuint (vimana_display_session_type_text (session, "aB\n\xc3\xa9", 100), ==, 4);
    assert_keys (server, typed, G_N_ELEMENTS (typed));

    /* The view reaches gtk-vnc. */
    g_assert_true (vnc_display_get_scaling (display));
    vimana_display_session_set_scaling (session, FALSE);
    g_assert_false (vnc_display_get_scaling (display));
    vimana_display_session_set_keep_aspect (session, FALSE);
    g_assert_false (vnc_display_get_keep_aspect_ratio (display));
    g_assert_false (vnc_display_get_allow_resize (display));
    vimana_display_session_set_resize_guest (session, TRUE);
    g_assert_true (vnc_display_get_allow_resize (display));
    vimana_display_session_set_grab_keyboard (session, FALSE);
    g_assert_false (vnc_display_get_keyboard_grab (display));
    vimana_display_session_set_grab_keys (session, keyvals, G_N_ELEMENTS (keyvals));
    {
        VncGrabSequence *sequence = vnc_display_get_grab_keys (display);
        g_autofree char *keys = vnc_grab_sequence_as_string (sequence);

        g_assert_cmpstr (keys, ==, "Control_R");
    }

    /* The guest changes its resolution: the size, then the picture at that size. */
    frames = log.frames;
    vnc_test_server_resize (server, 80, 60);
    wait_count (&log.resized, 1, "::resized");
    g_assert_cmpint (log.width, ==, 80);
    g_assert_cmpint (log.height, ==, 60);
    wait_count (&log.frames, frames + 1, "a picture after the resize");
    ui_test_wait (shows_80x60, session, "the picture at the new size");
    g_clear_object (&pixbuf);
    pixbuf = vimana_display_session_get_pixbuf (session);
    g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 80);
    g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 60);
    g_assert_cmphex (pixel_at (session, 79, 59), ==, 0x0000ff);

    /* The guest's clipboard becomes the desktop's. */
    vnc_test_server_send_cut_text (server, "from the guest");
    ui_test_wait (clipboard_has, &clipboard, "the guest's text on the clipboard");
    g_free (clipboard.text);

    /* Closed by its owner: no ::disconnected, and a new connection starts afresh. */
    vimana_display_session_close (session);
    g_assert_false (vimana_display_session_get_connected (session));
    g_assert_null (vimana_display_session_get_pixbuf (session));
    ui_test_wait (session_closed, session, "the session to close");
    ui_test_flush ();
    g_assert_cmpuint (log.disconnected, ==, 0);

    g_assert_true (vimana_display_session_open_host (session, "127.0.0.1",
                                                     vnc_test_server_get_port (server), &error));
    g_assert_no_error (error);
    wait_count (&log.first_frame, 2, "the first picture of the second connection");
    g_assert_cmpuint (log.connected, ==, 2);

    /* Closed by the server, as when QEMU goes: ::disconnected, and nothing to show. */
    vnc_test_server_drop_client (server);
    wait_count (&log.disconnected, 1, "::disconnected");
    g_assert_false (vimana_display_session_get_connected (session));
    g_assert_false (vimana_display_session_is_open (session));
    g_assert_null (vimana_display_session_get_pixbuf (session));
    g_assert_cmpuint (log.auth_needed, ==, 0);

    g_clear_error (&log.error);
    finish_session (session, window);
    vnc_test_server_free (server);
}

/* A password: asked for, refused when wrong (::auth-failed, then ::disconnected saying so),
 * taken when right. */
static void
test_vnc_session_password (void)
{
    VncTestServer *server = vnc_test_server_new (VNC_TEST_AUTH_PASSWORD, "s3cret");
    g_autoptr(VimanaDisplaySession) session = vimana_display_session_vnc_new ();
    g_autoptr(GError) error = NULL;
    SessionLog log = { 0 };
    GtkWidget *window = show_session (session);

    session_log_attach (session, &log);
    g_assert_true (vimana_display_session_open_host (session, "127.0.0.1",
                                                     vnc_test_server_get_port (server), &error));
    wait_count (&log.auth_needed, 1, "::auth-needed");
    g_assert_cmphex (log.credentials, ==, VIMANA_DISPLAY_CREDENTIAL_PASSWORD);
    g_assert_cmpuint (log.connected, ==, 0);
    g_assert_true (vimana_display_session_set_credential (session,
                                                          VIMANA_DISPLAY_CREDENTIAL_PASSWORD,
                                                          "wrong"));
    wait_count (&log.disconnected, 1, "::disconnected after the wrong password");
    g_assert_cmpuint (log.auth_failed, ==, 1);
    g_assert_error (log.error, VIMANA_DISPLAY_SESSION_ERROR,
                    VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED);
    g_assert_cmpuint (vnc_test_server_get_auth_failures (server), ==, 1);
    g_assert_cmpuint (log.connected, ==, 0);

    g_assert_true (vimana_display_session_open_fd (session, vnc_test_server_connect (server),
                                                   &error));
    wait_count (&log.auth_needed, 2, "::auth-needed again");
    vimana_display_session_set_credential (session, VIMANA_DISPLAY_CREDENTIAL_PASSWORD, "s3cret");
    wait_count (&log.frames, 1, "the picture after the right password");
    g_assert_cmpuint (log.connected, ==, 1);
    g_assert_cmpuint (vnc_test_server_get_auth_failures (server), ==, 1);

    g_clear_error (&log.error);
    finish_session (session, window);
    vnc_test_server_free (server);
}

/* An authentication gtk-vnc cannot do: ::disconnected says so, with the code that tells the
 * owner not to try again. */
static void
test_vnc_session_auth_unsupported (void)
{
    VncTestServer *server = vnc_test_server_new (VNC_TEST_AUTH_UNSUPPORTED, NULL);
    g_autoptr(VimanaDisplaySession) session = vimana_display_session_vnc_new ();
    g_autoptr(GError) error = NULL;
    SessionLog log = { 0 };
    GtkWidget *window = show_session (session);

    session_log_attach (session, &log);
    g_assert_true (vimana_display_session_open_fd (session, vnc_test_server_connect (server),
                                                   &error));
    wait_count (&log.disconnected, 1, "::disconnected");
    g_assert_error (log.error, VIMANA_DISPLAY_SESSION_ERROR,
                    VIMANA_DISPLAY_SESSION_ERROR_AUTH_UNSUPPORTED);
    g_assert_cmpstr (log.error->message, !=, "");
    g_assert_cmpuint (log.connected + log.auth_needed + log.auth_failed, ==, 0);

    g_clear_error (&log.error);
    finish_session (session, window);
    vnc_test_server_free (server);
}

/* A socket whose other end is gone before a word: ::disconnected, never ::connected. */
static void
test_vnc_session_peer_gone (void)
{
    g_autoptr(VimanaDisplaySession) session = vimana_display_session_vnc_new ();
    g_autoptr(GError) error = NULL;
    SessionLog log = { 0 };
    int fds[2];

    session_log_attach (session, &log);
    g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
    close (fds[1]);
    g_assert_true (vimana_display_session_open_fd (session, fds[0], &error));
    wait_count (&log.disconnected, 1, "::disconnected");
    g_assert_cmpuint (log.connected, ==, 0);
    g_assert_false (vimana_display_session_is_open (session));
    g_clear_error (&log.error);
}

/* ---- the base class's rules, through a session kind with channels ---- */

/* Like a SPICE session: opened on one socket, it asks its owner for one per further channel
 * ("inputs", "cursor"), and reports its disconnection from inside its close, as some
 * libraries do. */
#define TEST_TYPE_CHANNELS_SESSION (test_channels_session_get_type ())
G_DECLARE_FINAL_TYPE (TestChannelsSession, test_channels_session, TEST, CHANNELS_SESSION,
                      VimanaDisplaySession)

struct _TestChannelsSession
{
    VimanaDisplaySession parent_instance;

    GtkWidget *display;
    int        main_fd;
    guint      unanswered;     /* requests nobody would answer */
    GString   *answers;        /* "channel=fd" or "channel:error", in order */
    GArray    *fds;            /* every socket it was given, closed with it */
};

G_DEFINE_FINAL_TYPE (TestChannelsSession, test_channels_session, VIMANA_TYPE_DISPLAY_SESSION)

static guint test_channels_freed;   /* request data freed: answered, or dropped with the session */

static void
test_channels_free_name (gpointer data)
{
    test_channels_freed++;
    g_free (data);
}

static gboolean
test_channels_session_open_fd (VimanaDisplaySession  *session,
                               int                    fd,
                               GError               **error)
{
    TestChannelsSession *self = TEST_CHANNELS_SESSION (session);

    self->main_fd = fd;
    for (const char * const *channel = (const char * const[]) { "inputs", "cursor", NULL };
         *channel != NULL; channel++) {
        if (!vimana_display_session_request_fd (session, *channel, g_strdup (*channel),
                                                test_channels_free_name))
            self->unanswered++;
    }
    return TRUE;
}

static void
test_channels_session_fd_supplied (VimanaDisplaySession *session,
                                   gpointer              request_data,
                                   int                   fd,
                                   const GError         *error)
{
    TestChannelsSession *self = TEST_CHANNELS_SESSION (session);

    if (self->answers->len > 0)
        g_string_append_c (self->answers, ' ');
    if (fd >= 0) {
        g_string_append_printf (self->answers, "%s=fd", (const char *) request_data);
        g_array_append_val (self->fds, fd);
    } else {
        g_string_append_printf (self->answers, "%s:%s", (const char *) request_data,
                                error->message);
    }
}

static void
test_channels_session_close_fds (TestChannelsSession *self)
{
    for (guint i = 0; i < self->fds->len; i++)
        close (g_array_index (self->fds, int, i));
    g_array_set_size (self->fds, 0);
    if (self->main_fd >= 0)
        close (self->main_fd);
    self->main_fd = -1;
}

static void
test_channels_session_close (VimanaDisplaySession *session)
{
    TestChannelsSession *self = TEST_CHANNELS_SESSION (session);

    test_channels_session_close_fds (self);
    vimana_display_session_notify_disconnected (session, NULL);
}

static GtkWidget *
test_channels_session_get_display (VimanaDisplaySession *session)
{
    return TEST_CHANNELS_SESSION (session)->display;
}

static GdkPixbuf *
test_channels_session_get_pixbuf (VimanaDisplaySession *session)
{
    return gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 4, 4);
}

static void
test_channels_session_finalize (GObject *object)
{
    TestChannelsSession *self = TEST_CHANNELS_SESSION (object);

    test_channels_session_close_fds (self);
    g_array_unref (self->fds);
    g_string_free (self->answers, TRUE);
    g_object_unref (self->display);
    G_OBJECT_CLASS (test_channels_session_parent_class)->finalize (object);
}

static void
test_channels_session_class_init (TestChannelsSessionClass *klass)
{
    VimanaDisplaySessionClass *session_class = VIMANA_DISPLAY_SESSION_CLASS (klass);

    G_OBJECT_CLASS (klass)->finalize = test_channels_session_finalize;
    session_class->open_fd = test_channels_session_open_fd;
    session_class->fd_supplied = test_channels_session_fd_supplied;
    session_class->close = test_channels_session_close;
    session_class->get_display = test_channels_session_get_display;
    session_class->get_pixbuf = test_channels_session_get_pixbuf;
}

static void
test_channels_session_init (TestChannelsSession *self)
{
    self->display = g_object_ref_sink (gtk_drawing_area_new ());
    self->main_fd = -1;
    self->answers = g_string_new (NULL);
    self->fds = g_array_new (FALSE, FALSE, sizeof (int));
}

/* Returns: the write end of a new pipe; its read end in @reader, to see it closed */
static int
test_pipe (int *reader)
{
    int fds[2];

    g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, NULL));
    *reader = fds[0];
    return fds[1];
}

/* Whether the other end of @reader is closed (and closes @reader). */
static gboolean
test_pipe_closed (int reader)
{
    char byte;
    gboolean closed = read (reader, &byte, 1) == 0;

    close (reader);
    return closed;
}

typedef struct
{
    guint    request[2];
    guint    asked;
    gboolean answer_inputs_now;
} FdOwner;

static gboolean
owner_need_fd_cb (VimanaDisplaySession *session,
                  guint                 request,
                  const char           *channel,
                  FdOwner              *owner)
{
    int reader;

    owner->request[owner->asked++] = request;
    if (owner->answer_inputs_now && g_str_equal (channel, "inputs")) {
        vimana_display_session_supply_fd (session, request, test_pipe (&reader), NULL);
        close (reader);
    }
    return TRUE;
}

/* Sockets asked of the owner: nobody answering, answered at once, later, with an error, too
 * late. */
static void
test_session_need_fd (void)
{
    g_autoptr(VimanaDisplaySession) session = g_object_new (TEST_TYPE_CHANNELS_SESSION, NULL);
    TestChannelsSession *channels = TEST_CHANNELS_SESSION (session);
    g_autoptr(GError) refused = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no ssh");
    FdOwner owner = { { 0, 0 }, 0, TRUE };
    int reader;

    /* Nobody listens: both requests go unanswered, and their data is freed. */
    test_channels_freed = 0;
    g_assert_true (vimana_display_session_open_fd (session, test_pipe (&reader), NULL));
    close (reader);
    g_assert_cmpuint (channels->unanswered, ==, 2);
    g_assert_cmpuint (test_channels_freed, ==, 2);
    vimana_display_session_close (session);

    /* The owner answers "inputs" from inside the signal and "cursor" later. */
    test_channels_freed = 0;
    channels->unanswered = 0;
    g_signal_connect (session, "need-fd", G_CALLBACK (owner_need_fd_cb), &owner);
    g_assert_true (vimana_display_session_open_fd (session, test_pipe (&reader), NULL));
    close (reader);
    g_assert_cmpuint (channels->unanswered, ==, 0);
    g_assert_cmpuint (owner.asked, ==, 2);
    g_assert_cmpuint (owner.request[0], !=, owner.request[1]);
    g_assert_cmpstr (channels->answers->str, ==, "inputs=fd");
    vimana_display_session_supply_fd (session, owner.request[1], -1, refused);
    g_assert_cmpstr (channels->answers->str, ==, "inputs=fd cursor:no ssh");
    g_assert_cmpuint (test_channels_freed, ==, 2);

    /* An answer twice, or to a request nobody made: dropped, its socket closed. */
    vimana_display_session_supply_fd (session, owner.request[0], test_pipe (&reader), NULL);
    g_assert_true (test_pipe_closed (reader));
    vimana_display_session_supply_fd (session, 999, test_pipe (&reader), NULL);
    g_assert_true (test_pipe_closed (reader));
    g_assert_cmpstr (channels->answers->str, ==, "inputs=fd cursor:no ssh");

    /* Closed before the owner answered: the request goes with the session. */
    vimana_display_session_close (session);
    owner = (FdOwner) { { 0, 0 }, 0, FALSE };
    test_channels_freed = 0;
    g_string_truncate (channels->answers, 0);
    g_assert_true (vimana_display_session_open_fd (session, test_pipe (&reader), NULL));
    close (reader);
    g_assert_cmpuint (owner.asked, ==, 2);
    vimana_display_session_close (session);
    g_assert_cmpuint (test_channels_freed, ==, 2);
    vimana_display_session_supply_fd (session, owner.request[0], test_pipe (&reader), NULL);
    g_assert_true (test_pipe_closed (reader));
    g_assert_cmpstr (channels->answers->str, ==, "");
}

/* What holds for every kind: the order of the signals, close without ::disconnected, a
 * picture only while connected, a way in the kind does not have. */
static void
test_session_rules (void)
{
    g_autoptr(VimanaDisplaySession) session = g_object_new (TEST_TYPE_CHANNELS_SESSION, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    SessionLog log = { 0 };
    int reader;

    session_log_attach (session, &log);
    g_assert_false (vimana_display_session_open_host (session, "localhost", 5900, &error));
    g_assert_error (error, VIMANA_DISPLAY_SESSION_ERROR,
                    VIMANA_DISPLAY_SESSION_ERROR_NOT_SUPPORTED);
    g_assert_false (vimana_display_session_is_open (session));

    g_assert_true (vimana_display_session_open_fd (session, test_pipe (&reader), NULL));
    close (reader);
    vimana_display_session_notify_frame (session);
    vimana_display_session_notify_resized (session, 10, 10);
    g_assert_cmpuint (log.first_frame + log.frames + log.resized, ==, 0);
    g_assert_null (vimana_display_session_get_pixbuf (session));

    vimana_display_session_notify_connected (session, 4, 4);
    vimana_display_session_notify_frame (session);
    vimana_display_session_notify_frame (session);
    g_assert_cmpuint (log.connected, ==, 1);
    g_assert_cmpuint (log.first_frame, ==, 1);
    g_assert_cmpuint (log.frames, ==, 2);
    pixbuf = vimana_display_session_get_pixbuf (session);
    g_assert_nonnull (pixbuf);
    vimana_display_session_notify_keyboard_grab (session, TRUE);
    g_assert_true (vimana_display_session_get_keyboard_grabbed (session));

    /* It reports its disconnection from inside close: its owner hears nothing. */
    vimana_display_session_close (session);
    g_assert_cmpuint (log.disconnected, ==, 0);
    g_assert_false (vimana_display_session_get_connected (session));
    g_assert_false (vimana_display_session_get_keyboard_grabbed (session));

    /* A disconnection it did not ask for is news. */
    g_assert_true (vimana_display_session_open_fd (session, test_pipe (&reader), NULL));
    close (reader);
    vimana_display_session_notify_connected (session, 4, 4);
    vimana_display_session_notify_frame (session);
    g_assert_cmpuint (log.first_frame, ==, 2);
    vimana_display_session_notify_disconnected (session, NULL);
    g_assert_cmpuint (log.disconnected, ==, 1);
    g_assert_null (log.error);
}

/* ---- the Console page with a session ---- */

typedef struct
{
    VncTestServer       *server;
    char                *node;
    VimanaConnection    *connection;
    VimanaDetailsWindow *window;
    VimanaConsolePage   *page;
} PageFixture;

static gboolean
page_connection_loaded (gpointer data)
{
    return vimana_connection_get_loaded (data);
}

static GtkWidget *
find_console_page (GtkWidget *widget)
{
    GtkWidget *found = NULL;

    if (VIMANA_IS_CONSOLE_PAGE (widget))
        return widget;
    if (GTK_IS_CONTAINER (widget)) {
        GList *children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL && found == NULL; l = l->next)
            found = find_console_page (l->data);
        g_list_free (children);
    }
    return found;
}

/* A running test-driver guest "guest" with @devices, its details window on the Console page. */
static void
page_fixture_open (PageFixture *fixture,
                   const char  *devices,
                   GSettings   *settings)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    g_autofree char *xml = g_strdup_printf (
        "<node>\n"
        "  <cpu><mhz>2400</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
        "<cores>2</cores><threads>1</threads></cpu>\n"
        "  <memory>8388608</memory>\n"
        "  <domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>\n"
        "    <name>guest</name>\n"
        "    <memory unit='MiB'>256</memory>\n"
        "    <vcpu placement='static'>1</vcpu>\n"
        "    <os><type arch='i686'>hvm</type><boot dev='hd'/></os>\n"
        "    <devices>%s</devices>\n"
        "    <test:runstate>1</test:runstate>\n"
        "  </domain>\n"
        "</node>\n", devices);
    int fd = g_file_open_tmp ("vimana-console-node-XXXXXX.xml", &fixture->node, &error);

    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (fixture->node, xml, -1, &error));
    uri = g_strdup_printf ("test://%s", fixture->node);
    fixture->connection = vimana_connection_new (uri);
    vimana_connection_open (fixture->connection);
    ui_test_wait (page_connection_loaded, fixture->connection, "the node to be listed");

    fixture->window = vimana_details_window_new (NULL, ui_test_domain (fixture->connection,
                                                                       "guest"),
                                                 settings);
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
    g_assert_true (vimana_details_window_set_page (fixture->window, "console"));
    fixture->page = VIMANA_CONSOLE_PAGE (find_console_page (GTK_WIDGET (fixture->window)));
    gtk_widget_show (GTK_WIDGET (fixture->window));
}

/* The guest's display is @fixture's server, on 127.0.0.1. */
static void
page_fixture_open_vnc (PageFixture *fixture,
                       VncTestAuth  auth,
                       const char  *password,
                       GSettings   *settings)
{
    g_autofree char *devices = NULL;

    fixture->server = vnc_test_server_new (auth, password);
    devices = g_strdup_printf ("<graphics type='vnc' port='%d' autoport='no' "
                               "listen='127.0.0.1'%s%s%s/>",
                               vnc_test_server_get_port (fixture->server),
                               password != NULL ? " passwd='" : "",
                               password != NULL ? password : "",
                               password != NULL ? "'" : "");
    page_fixture_open (fixture, devices, settings);
}

static void
page_fixture_close (PageFixture *fixture)
{
    gtk_widget_destroy (GTK_WIDGET (fixture->window));
    vimana_connection_shutdown (fixture->connection);
    g_clear_object (&fixture->connection);
    if (fixture->server != NULL)
        vnc_test_server_free (fixture->server);
    g_unlink (fixture->node);
    g_free (fixture->node);
}

typedef struct
{
    VimanaConsolePage *page;
    const char        *state;
} PageStateWait;

static gboolean
page_state_reached (gpointer data)
{
    PageStateWait *wait = data;

    return g_strcmp0 (vimana_console_page_get_state (wait->page), wait->state) == 0;
}

static void
wait_page_state (VimanaConsolePage *page,
                 const char        *state)
{
    PageStateWait wait = { page, state };

    ui_test_wait (page_state_reached, &wait, state);
}

static GActionGroup *
page_actions (VimanaConsolePage *page)
{
    return gtk_widget_get_action_group (GTK_WIDGET (page), "console");
}

static void
force_off_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_domain_run_action_finish (VIMANA_DOMAIN (source), result, &error));
    g_assert_no_error (error);
}

/* The guest shows: its keys reach the server, a dropped connection comes back by itself, the
 * guest stopping ends it. */

static gboolean
revealer_hidden (gpointer data)
{
    return !gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static void
test_page_shows_guest (void)
{
    PageFixture fixture = { 0 };
    VimanaDisplaySession *session;
    GActionGroup *actions;
    const VncTestKey ctrl_alt_f2[] = {
        { TRUE, GDK_KEY_Control_L }, { TRUE, GDK_KEY_Alt_L }, { TRUE, GDK_KEY_F2 },
        { FALSE, GDK_KEY_F2 }, { FALSE, GDK_KEY_Alt_L }, { FALSE, GDK_KEY_Control_L },
    };
    const VncTestKey pasted[] = {
        { TRUE, GDK_KEY_l }, { FALSE, GDK_KEY_l }, { TRUE, GDK_KEY_s }, { FALSE, GDK_KEY_s },
    };

    page_fixture_open_vnc (&fixture, VNC_TEST_AUTH_NONE, NULL, NULL);
    actions = page_actions (fixture.page);
    wait_page_state (fixture.page, "display");
    session = vimana_console_page_get_session (fixture.page);
    g_assert_true (VIMANA_IS_DISPLAY_SESSION_VNC (session));
    g_assert_true (vimana_display_session_get_connected (session));
    g_assert_cmpuint (vimana_console_page_get_attempts (fixture.page), ==, 0);
    g_assert_true (gtk_widget_is_ancestor (vimana_display_session_get_display (session),
                                           GTK_WIDGET (fixture.page)));
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (
                                              vimana_display_session_get_display (session))), ==, "Console of guest");
    for (const char * const *name = (const char * const[]) { "send-key", "custom-keys",
                                                             "paste-keys", "screenshot", NULL };
         *name != NULL; name++)
        g_assert_true (g_action_group_get_action_enabled (actions, *name));
    wait_server (fixture.server, vnc_test_server_get_frames, 1, "the first picture");
    ui_test_screenshot (GTK_WIDGET (fixture.window), "console-session-display");

    g_action_group_activate_action (actions, "send-key", g_variant_new_string ("ctrl-alt-f2"));
    assert_keys (fixture.server, ctrl_alt_f2, G_N_ELEMENTS (ctrl_alt_f2));
    /* Issue 17, item 11: the page says the keys went out, for a moment. */
    {
        GtkWidget *note = ui_test_find_by_name (GTK_WIDGET (fixture.page), "Sent Ctrl+Alt+F2 to the guest",
                                                GTK_TYPE_LABEL);
        GtkWidget *revealer;

        g_assert_nonnull (note);
        revealer = gtk_widget_get_ancestor (note, GTK_TYPE_REVEALER);
        g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
        ui_test_wait (revealer_hidden, revealer, "the note to go");
    }
    gtk_clipboard_set_text (gtk_clipboard_get (GDK_SELECTION_CLIPBOARD), "ls", -1);
    g_action_group_activate_action (actions, "paste-keys", NULL);
    assert_keys (fixture.server, pasted, G_N_ELEMENTS (pasted));

    /* QEMU closed the connection while the guest runs: the page connects again by itself. */
    vnc_test_server_drop_client (fixture.server);
    wait_server (fixture.server, vnc_test_server_get_connections, 2, "a second connection");
    wait_page_state (fixture.page, "display");
    g_assert_true (vimana_console_page_get_session (fixture.page) == session);

    /* The guest stops: the session ends, and no attempt follows. */
    vimana_domain_run_action_async (ui_test_domain (fixture.connection, "guest"),
                                    VIMANA_DOMAIN_ACTION_FORCE_OFF, NULL, force_off_cb, NULL);
    wait_page_state (fixture.page, "not-running");
    ui_test_wait (session_closed, session, "the session to close");
    g_assert_false (g_action_group_get_action_enabled (actions, "send-key"));
    g_assert_cmpuint (vnc_test_server_get_connections (fixture.server), ==, 2);

    page_fixture_close (&fixture);
}

static void
type_password (PageFixture *fixture,
               const char  *password)
{
    GtkWidget *entry = ui_test_find_by_name (GTK_WIDGET (fixture->page), "Password",
                                             GTK_TYPE_ENTRY);

    g_assert_nonnull (entry);
    gtk_entry_set_text (GTK_ENTRY (entry), password);
    gtk_widget_activate (entry);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "");
}

/* The password prompt: a wrong password says so and asks again, three refuse, the right one
 * shows the guest, and remembered it answers the next connection by itself. */
static void
test_page_password (void)
{
    PageFixture fixture = { 0 };
    GtkWidget *remember;

    page_fixture_open_vnc (&fixture, VNC_TEST_AUTH_PASSWORD, "s3cret", NULL);
    wait_page_state (fixture.page, "password");
    ui_test_screenshot (GTK_WIDGET (fixture.window), "console-session-password");

    for (guint i = 1; i <= 3; i++) {
        type_password (&fixture, "wrong");
        wait_server (fixture.server, vnc_test_server_get_auth_failures, i, "a refused password");
        if (i < 3) {
            wait_page_state (fixture.page, "password");
            g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (fixture.page), "Wrong password.",
                                                    GTK_TYPE_LABEL));
        }
    }
    wait_page_state (fixture.page, "disconnected");
    g_assert_cmpstr (vimana_console_page_get_reason (fixture.page), ==,
                     "The password was refused three times. Check it, then reconnect.");
    g_assert_cmpuint (vnc_test_server_get_connections (fixture.server), ==, 3);

    vimana_console_page_reconnect (fixture.page);
    wait_page_state (fixture.page, "password");
    remember = ui_test_find_by_name (GTK_WIDGET (fixture.page), "Remember for this session",
                                     GTK_TYPE_CHECK_BUTTON);
    g_assert_nonnull (remember);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (remember), TRUE);
    type_password (&fixture, "s3cret");
    wait_page_state (fixture.page, "display");
    g_assert_cmpuint (vnc_test_server_get_auth_failures (fixture.server), ==, 3);

    vnc_test_server_drop_client (fixture.server);
    wait_server (fixture.server, vnc_test_server_get_connections, 5, "the connection again");
    wait_page_state (fixture.page, "display");
    g_assert_cmpuint (vnc_test_server_get_auth_failures (fixture.server), ==, 3);

    page_fixture_close (&fixture);
}

/* A display that wants an authentication the session cannot do: said once, not retried. */
static void
test_page_auth_unsupported (void)
{
    PageFixture fixture = { 0 };

    page_fixture_open_vnc (&fixture, VNC_TEST_AUTH_UNSUPPORTED, NULL, NULL);
    wait_page_state (fixture.page, "disconnected");
    g_assert_cmpstr (vimana_console_page_get_reason (fixture.page), ==,
                     "The guest’s display asks for a kind of authentication Vimana does not "
                     "support.");
    g_assert_cmpuint (vnc_test_server_get_connections (fixture.server), ==, 1);
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (fixture.window),
                                            vimana_console_page_get_reason (fixture.page),
                                            GTK_TYPE_LABEL));
    page_fixture_close (&fixture);
}

/* ---- a SPICE server's link, enough to refuse ---- */

/* A SPICE server of the tests' own that goes as far as the ticket: it reads the client's link
 * message, answers with a link reply (no capabilities, so the client sends an RSA-encrypted
 * ticket, for this public key) and reads the ticket; then it hangs up, or refuses the ticket
 * (SPICE_LINK_ERR_PERMISSION_DENIED) as a server with a password does. It runs in the
 * service's threads: the client runs on the main loop. */
static const guint8 spice_test_pubkey[162] = {
    0x30, 0x81, 0x9f, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
    0x0d, 0x01, 0x01, 0x01, 0x05, 0x00, 0x03, 0x81, 0x8d, 0x00, 0x30, 0x81,
    0x89, 0x02, 0x81, 0x81, 0x00, 0xe5, 0xc0, 0x4f, 0xe1, 0x2b, 0xae, 0x7f,
    0x94, 0xa9, 0x68, 0x93, 0x1c, 0xde, 0x48, 0x78, 0x7a, 0x88, 0xce, 0x4e,
    0xd3, 0xff, 0xd0, 0xc9, 0xc4, 0x24, 0xc9, 0xb1, 0xa1, 0x85, 0xd6, 0x15,
    0x48, 0x85, 0xd2, 0x0a, 0xb0, 0x2a, 0xb2, 0xae, 0x24, 0xe5, 0x5c, 0x8a,
    0xf1, 0xfc, 0xab, 0x5f, 0x88, 0x84, 0xfc, 0x0b, 0xd4, 0x3b, 0xc9, 0x07,
    0x6c, 0xab, 0x8c, 0xb5, 0x5e, 0x28, 0xb4, 0x9e, 0xe2, 0xe2, 0x28, 0xae,
    0xa9, 0x2c, 0xa5, 0x47, 0xbb, 0x17, 0x45, 0xca, 0xdc, 0x02, 0xd2, 0x24,
    0xa8, 0x6f, 0x68, 0x78, 0x14, 0xd7, 0xe6, 0x76, 0x33, 0x65, 0x76, 0x1e,
    0xa5, 0x0a, 0x9a, 0xa6, 0x57, 0xf1, 0xaa, 0xfd, 0x12, 0x45, 0x0a, 0x00,
    0x3e, 0xac, 0xfc, 0x62, 0x5c, 0xf3, 0x8c, 0xde, 0xcd, 0xd3, 0x0e, 0xf2,
    0x66, 0xb9, 0x22, 0xbe, 0x64, 0xfa, 0x61, 0x7f, 0x5a, 0x65, 0x13, 0x01,
    0xd3, 0x02, 0x03, 0x01, 0x00, 0x01
};

#define SPICE_TEST_MAGIC             0x51444552u /* "REDQ" */
#define SPICE_TEST_PERMISSION_DENIED 7u
#define SPICE_TEST_REPLY_SIZE        (4 + 162 + 4 + 4 + 4)
#define SPICE_TEST_TICKET_SIZE       128

typedef struct
{
    gboolean refuse;        /* refuse the ticket, else hang up after it */
    int      connections;   /* atomic */
    int      tickets;       /* atomic */
} SpiceTestServer;

static void
spice_test_put32 (guint8 *at,
                  guint32 value)
{
    value = GUINT32_TO_LE (value);
    memcpy (at, &value, 4);
}

static gboolean
spice_test_server_run_cb (GThreadedSocketService *service,
                          GSocketConnection      *connection,
                          GObject                *source,
                          gpointer                user_data)
{
    SpiceTestServer *server = user_data;
    GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
    GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
    guint8 header[16], reply[16 + SPICE_TEST_REPLY_SIZE], ticket[SPICE_TEST_TICKET_SIZE];
    g_autofree guint8 *message = NULL;
    guint32 size, answer;
    gsize n;

    g_atomic_int_inc (&server->connections);
    if (!g_input_stream_read_all (in, header, sizeof header, &n, NULL, NULL) ||
        n != sizeof header)
        return TRUE;
    memcpy (&size, header + 12, 4);
    size = GUINT32_FROM_LE (size);
    g_assert_cmpuint (size, <, 4096);
    message = g_malloc (size);
    if (!g_input_stream_read_all (in, message, size, &n, NULL, NULL) || n != size)
        return TRUE;

    memset (reply, 0, sizeof reply);
    spice_test_put32 (reply, SPICE_TEST_MAGIC);
    spice_test_put32 (reply + 4, 2);
    spice_test_put32 (reply + 8, 2);
    spice_test_put32 (reply + 12, SPICE_TEST_REPLY_SIZE);
    memcpy (reply + 16 + 4, spice_test_pubkey, sizeof spice_test_pubkey);
    spice_test_put32 (reply + 16 + 4 + 162 + 8, SPICE_TEST_REPLY_SIZE);
    if (!g_output_stream_write_all (out, reply, sizeof reply, NULL, NULL, NULL) ||
        !g_input_stream_read_all (in, ticket, sizeof ticket, &n, NULL, NULL) ||
        n != sizeof ticket)
        return TRUE;
    g_atomic_int_inc (&server->tickets);
    if (server->refuse) {
        answer = GUINT32_TO_LE (SPICE_TEST_PERMISSION_DENIED);
        g_output_stream_write_all (out, &answer, sizeof answer, NULL, NULL, NULL);
    }
    g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
    return TRUE;
}

static GSocketService *
spice_test_server_start (SpiceTestServer *server,
                         guint16         *port)
{
    GSocketService *service = g_threaded_socket_service_new (4);
    g_autoptr(GError) error = NULL;

    *port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (service, "run", G_CALLBACK (spice_test_server_run_cb), server);
    g_socket_service_start (service);
    return service;
}

static void
spice_test_server_stop (GSocketService *service)
{
    g_socket_service_stop (service);
    g_socket_listener_close (G_SOCKET_LISTENER (service));
    g_object_unref (service);
}

typedef struct
{
    SpiceTestServer *server;
    int              tickets;
} SpiceTestWait;

static gboolean
spice_test_tickets_reached (gpointer data)
{
    SpiceTestWait *wait = data;

    return g_atomic_int_get (&wait->server->tickets) >= wait->tickets;
}

/* A SPICE display gets a SPICE session (spice-gtk), not the old placeholder. Its server hangs
 * up after the ticket: the session reports the disconnection (once its channels are gone),
 * and the page tries again until it gives up and says so, as for VNC. */
static void
test_page_spice (void)
{
    SpiceTestServer server = { .refuse = FALSE };
    g_autofree char *devices = NULL;
    PageFixture fixture = { 0 };
    VimanaDisplaySession *session;
    GSocketService *service;
    guint16 port;

    service = spice_test_server_start (&server, &port);
    devices = g_strdup_printf ("<graphics type='spice' port='%u' autoport='no' "
                               "listen='127.0.0.1'/>", port);

    page_fixture_open (&fixture, devices, NULL);
    wait_page_state (fixture.page, "disconnected");
    session = vimana_console_page_get_session (fixture.page);
    g_assert_nonnull (session);
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (session), ==, "VimanaDisplaySessionSpice");
    g_assert_false (vimana_display_session_is_open (session));
    g_assert_false (vimana_display_session_get_connected (session));
    g_assert_null (vimana_display_session_get_pixbuf (session));
    g_assert_cmpint (g_atomic_int_get (&server.connections), ==, 3);
    g_assert_cmpint (g_atomic_int_get (&server.tickets), ==, 3);
    g_assert_nonnull (vimana_console_page_get_reason (fixture.page));

    page_fixture_close (&fixture);
    spice_test_server_stop (service);
}

/* A SPICE server with a password refuses the link: the page asks for the password inline;
 * a refused one says "Wrong password." and asks again, as for VNC. */
static void
test_page_spice_password (void)
{
    SpiceTestServer server = { .refuse = TRUE };
    SpiceTestWait wait = { 0 };
    g_autofree char *devices = NULL;
    PageFixture fixture = { 0 };
    GSocketService *service;
    guint16 port;

    service = spice_test_server_start (&server, &port);
    devices = g_strdup_printf ("<graphics type='spice' port='%u' autoport='no' "
                               "listen='127.0.0.1' passwd='n0t-this'/>", port);
    page_fixture_open (&fixture, devices, NULL);
    wait_page_state (fixture.page, "password");
    /* Asked after the first refusal: nothing was tried yet. */
    g_assert_cmpint (g_atomic_int_get (&server.tickets), ==, 1);
    g_assert_true (vimana_display_session_is_open (vimana_console_page_get_session (fixture.page)));

    type_password (&fixture, "wrong");
    /* The ticket with the password is refused; the page connects again and asks again. */
    wait.server = &server;
    wait.tickets = 3;
    ui_test_wait (spice_test_tickets_reached, &wait, "the ticket with the password, then one more");
    wait_page_state (fixture.page, "password");
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (fixture.page), "Wrong password.",
                                            GTK_TYPE_LABEL));
    g_assert_cmpint (g_atomic_int_get (&server.connections), ==, 3);

    page_fixture_close (&fixture);
    spice_test_server_stop (service);
}

/* A SPICE display with only a TLS port: the page says why it cannot show it, and does not
 * retry. */
static void
test_page_spice_tls_only (void)
{
    PageFixture fixture = { 0 };

    page_fixture_open (&fixture, "<graphics type='spice' tlsPort='5999' autoport='no' "
                                 "listen='127.0.0.1'/>", NULL);
    wait_page_state (fixture.page, "disconnected");
    g_assert_cmpstr (vimana_console_page_get_reason (fixture.page), ==,
                     "The guest’s display accepts only encrypted (TLS) connections, which "
                     "Vimana cannot make yet.");
    g_assert_cmpuint (vimana_console_page_get_attempts (fixture.page), ==, 1);
    page_fixture_close (&fixture);
}

static char *
grab_keys_string (VimanaConsolePage *page)
{
    VimanaDisplaySession *session = vimana_console_page_get_session (page);
    VncDisplay *display = VNC_DISPLAY (vimana_display_session_get_display (session));

    return vnc_grab_sequence_as_string (vnc_display_get_grab_keys (display));
}

/* The page's session releases on the keys in the settings, and its hint names them. */
static void
test_page_release_keys (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    PageFixture fixture = { 0 };
    g_autofree char *keys = NULL;
    GtkWidget *hint;

    /* Set before the session exists: the session starts with it. */
    g_settings_set_string (settings, "console-release-keys", "Control_R");
    page_fixture_open_vnc (&fixture, VNC_TEST_AUTH_NONE, NULL, settings);
    wait_page_state (fixture.page, "display");
    keys = grab_keys_string (fixture.page);
    g_assert_cmpstr (keys, ==, "Control_R");
    hint = ui_test_find_by_name (GTK_WIDGET (fixture.page),
                                 "Press Right Ctrl to release the keyboard", GTK_TYPE_LABEL);
    g_assert_nonnull (hint);

    g_settings_reset (settings, "console-release-keys");
    g_clear_pointer (&keys, g_free);
    keys = grab_keys_string (fixture.page);
    g_assert_cmpstr (keys, ==, "Control_L+Alt_L");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (hint)), ==,
                     "Press Ctrl+Alt to release the keyboard");

    /* A value edited by hand that is not a usable combination falls back to the default. */
    g_settings_set_string (settings, "console-release-keys", "Banana");
    g_clear_pointer (&keys, g_free);
    keys = grab_keys_string (fixture.page);
    g_assert_cmpstr (keys, ==, "Control_L+Alt_L");

    g_settings_reset (settings, "console-release-keys");
    page_fixture_close (&fixture);
}

/* USB devices and a shared folder: only a SPICE session can, and only once connected to a guest
 * that has the channels for them; what it is asked to share is checked first. */
static void
test_session_extras (void)
{
    g_autoptr(VimanaDisplaySession) vnc = vimana_display_session_vnc_new ();
    g_autoptr(VimanaDisplaySession) spice = vimana_display_session_spice_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *file = NULL;
    int fd;

    g_assert_false (vimana_display_session_get_features (vnc) &
                    (VIMANA_DISPLAY_FEATURE_USB_REDIRECT | VIMANA_DISPLAY_FEATURE_SHARE_FOLDER));
    g_assert_cmpuint (vimana_display_session_get_extras (vnc), ==, 0);
    g_assert_null (vimana_display_session_make_usb_chooser (vnc));
    g_assert_false (vimana_display_session_share_folder (vnc, g_get_tmp_dir (), &error));
    g_assert_error (error, VIMANA_DISPLAY_SESSION_ERROR, VIMANA_DISPLAY_SESSION_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);

    g_assert_cmpuint (vimana_display_session_get_features (spice) &
                      (VIMANA_DISPLAY_FEATURE_USB_REDIRECT | VIMANA_DISPLAY_FEATURE_SHARE_FOLDER),
                      ==,
                      VIMANA_DISPLAY_FEATURE_USB_REDIRECT | VIMANA_DISPLAY_FEATURE_SHARE_FOLDER);
    /* not connected: no channels yet */
    g_assert_cmpuint (vimana_display_session_get_extras (spice), ==, 0);
    g_assert_false (vimana_display_session_share_folder (spice, "relative/folder", &error));
    g_assert_error (error, VIMANA_DISPLAY_SESSION_ERROR, VIMANA_DISPLAY_SESSION_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
    fd = g_file_open_tmp ("vimana-share-XXXXXX", &file, &error);
    g_assert_no_error (error);
    close (fd);
    g_assert_false (vimana_display_session_share_folder (spice, file, &error));
    g_assert_error (error, VIMANA_DISPLAY_SESSION_ERROR, VIMANA_DISPLAY_SESSION_ERROR_FAILED);
    g_clear_error (&error);
    g_unlink (file);
    g_assert_true (vimana_display_session_share_folder (spice, g_get_tmp_dir (), &error));
    g_assert_no_error (error);
    g_assert_true (vimana_display_session_share_folder (spice, NULL, &error));
    g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/console-session/base/need-fd", test_session_need_fd);
    g_test_add_func ("/console-session/base/rules", test_session_rules);
    g_test_add_func ("/console-session/base/extras", test_session_extras);
    g_test_add_func ("/console-session/vnc/connected", test_vnc_session);
    g_test_add_func ("/console-session/vnc/password", test_vnc_session_password);
    g_test_add_func ("/console-session/vnc/auth-unsupported", test_vnc_session_auth_unsupported);
    g_test_add_func ("/console-session/vnc/peer-gone", test_vnc_session_peer_gone);
    g_test_add_func ("/console-session/page/shows-guest", test_page_shows_guest);
    g_test_add_func ("/console-session/page/password", test_page_password);
    g_test_add_func ("/console-session/page/auth-unsupported", test_page_auth_unsupported);
    g_test_add_func ("/console-session/page/spice", test_page_spice);
    g_test_add_func ("/console-session/page/spice-password", test_page_spice_password);
    g_test_add_func ("/console-session/page/spice-tls-only", test_page_spice_tls_only);
    g_test_add_func ("/console-session/page/release-keys", test_page_release_keys);

    return g_test_run ();
}
