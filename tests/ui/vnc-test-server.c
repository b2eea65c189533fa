/* vnc-test-server.c: a small VNC server for the console's tests
 *
 * Speaks RFB 3.8 (RFC 6143) from a thread of its own on 127.0.0.1, one client at a time, as a
 * guest's VNC server does: security None, VNC authentication (a DES challenge checked against
 * its password, with nettle) or only RA2 (which gtk-vnc cannot do); ServerInit; raw
 * framebuffer updates of a fixed picture (the left half red, the right half blue) in whatever
 * pixel format the client asks for; DesktopSize when the test resizes it; ServerCutText. It
 * records what the client sends that a test checks: the key events, the shared flag,
 * connections and refused passwords.
 *
 * The system tests run the console against QEMU; this one lets the UI tier check what the
 * display session and the Console page do with each thing a server says, quickly and
 * without a hypervisor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vnc-test-server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib-unix.h>
#include <nettle/des.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define VNC_TEST_ENCODING_RAW          0
#define VNC_TEST_ENCODING_DESKTOP_SIZE (-223)

typedef struct
{
    guint8  bpp;
    guint8  big_endian;
    guint16 max[3];
    guint8  shift[3];
} VncTestFormat;

typedef struct
{
    int           fd;
    VncTestFormat format;
    gboolean      desktop_size;    /* the client understands DesktopSize */
    gboolean      waiting;         /* an incremental update request waits for a change */
    guint16       width;           /* the size the client knows */
    guint16       height;
} VncTestClient;

struct _VncTestServer
{
    GThread    *thread;
    int         listen_fd;
    int         wake[2];           /* the test's commands, and the stop */
    int         port;
    VncTestAuth auth;
    char       *password;

    GMutex      lock;              /* guards what follows */
    gboolean    stop;
    gboolean    drop;
    gboolean    resize;
    char       *cut_text;
    guint16     width;
    guint16     height;
    guint       connections;
    guint       auth_failures;
    guint       frames;
    gboolean    shared;
    GArray     *keys;              /* VncTestKey */
};

/* ---- I/O ---- */

static gboolean
vnc_test_read (int     fd,
               void   *buffer,
               gsize   size)
{
    guint8 *p = buffer;

    while (size > 0) {
        ssize_t n = read (fd, p, size);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        p += n;
        size -= (gsize) n;
    }
    return TRUE;
}

static gboolean
vnc_test_write (int         fd,
                const void *buffer,
                gsize       size)
{
    const guint8 *p = buffer;

    while (size > 0) {
        ssize_t n = send (fd, p, size, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return FALSE;
        p += n;
        size -= (gsize) n;
    }
    return TRUE;
}

static void
vnc_test_put16 (GByteArray *out,
                guint16     value)
{
    guint8 bytes[2] = { value >> 8, value & 0xff };

    g_byte_array_append (out, bytes, 2);
}

static void
vnc_test_put32 (GByteArray *out,
                guint32     value)
{
    guint8 bytes[4] = { value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };

    g_byte_array_append (out, bytes, 4);
}

static gboolean
vnc_test_send (VncTestClient *client,
               GByteArray    *out)
{
    return vnc_test_write (client->fd, out->data, out->len);
}

/* Tells the main loop, which a test may be blocked in, that something changed. */
static void
vnc_test_server_changed (VncTestServer *server)
{
    g_main_context_wakeup (NULL);
}

/* ---- the handshake ---- */

/* VNC authentication's key: the password's first 8 bytes, each bit-reversed. */
static void
vnc_test_des_response (const char   *password,
                       const guint8 *challenge,
                       guint8       *response)
{
    struct des_ctx ctx;
    guint8 key[8] = { 0 };

    for (guint i = 0; i < 8 && password[i] != '\0'; i++) {
        guint8 b = (guint8) password[i];
        guint8 r = 0;

        for (guint bit = 0; bit < 8; bit++)
            r |= ((b >> bit) & 1) << (7 - bit);
        key[i] = r;
    }
    des_set_key (&ctx, key);
    des_encrypt (&ctx, 16, response, challenge);
}

static gboolean
vnc_test_server_security (VncTestServer *server,
                          VncTestClient *client)
{
    static const guint8 types[] = {[VNC_TEST_AUTH_NONE] = 1, [VNC_TEST_AUTH_PASSWORD] = 2,
                                   [VNC_TEST_AUTH_UNSUPPORTED] = 5 };
    guint8 offer[2] = { 1, types[server->auth] };
    g_autoptr(GByteArray) out = g_byte_array_new ();
    guint8 challenge[16];
    guint8 expected[16];
    guint8 response[16];
    guint8 chosen;

    if (!vnc_test_write (client->fd, offer, sizeof offer) ||
        !vnc_test_read (client->fd, &chosen, 1) || chosen != offer[1])
        return FALSE;
    if (server->auth == VNC_TEST_AUTH_NONE) {
        vnc_test_put32 (out, 0);
        return vnc_test_send (client, out);
    }

    for (guint i = 0; i < sizeof challenge; i++)
        challenge[i] = (guint8) g_random_int_range (0, 256);
    if (!vnc_test_write (client->fd, challenge, sizeof challenge) ||
        !vnc_test_read (client->fd, response, sizeof response))
        return FALSE;
    vnc_test_des_response (server->password, challenge, expected);
    if (memcmp (expected, response, sizeof expected) == 0) {
        vnc_test_put32 (out, 0);
        return vnc_test_send (client, out);
    }
    g_mutex_lock (&server->lock);
    server->auth_failures++;
    g_mutex_unlock (&server->lock);
    vnc_test_server_changed (server);
    vnc_test_put32 (out, 1);
    vnc_test_put32 (out, strlen ("Authentication failed"));
    g_byte_array_append (out, (const guint8 *) "Authentication failed",
                         strlen ("Authentication failed"));
    vnc_test_send (client, out);
    return FALSE;
}

static gboolean
vnc_test_server_init (VncTestServer *server,
                      VncTestClient *client)
{
    g_autoptr(GByteArray) out = g_byte_array_new ();
    static const guint8 format[16] = { 32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0 };
    guint8 shared;

    if (!vnc_test_read (client->fd, &shared, 1))
        return FALSE;
    g_mutex_lock (&server->lock);
    server->shared = shared != 0;
    client->width = server->width;
    client->height = server->height;
    g_mutex_unlock (&server->lock);
    vnc_test_server_changed (server);

    client->format = (VncTestFormat) { 32, 0, { 255, 255, 255 }, { 16, 8, 0 } };
    vnc_test_put16 (out, client->width);
    vnc_test_put16 (out, client->height);
    g_byte_array_append (out, format, sizeof format);
    vnc_test_put32 (out, strlen ("vimana-test"));
    g_byte_array_append (out, (const guint8 *) "vimana-test", strlen ("vimana-test"));
    return vnc_test_send (client, out);
}

/* ---- updates ---- */

static void
vnc_test_put_pixel (GByteArray          *out,
                    const VncTestFormat *format,
                    const guint8         rgb[3])
{
    guint32 value = 0;
    guint bytes = format->bpp / 8;

    for (guint c = 0; c < 3; c++)
        value |= ((guint32) (rgb[c] * format->max[c] + 127) / 255) << format->shift[c];
    for (guint i = 0; i < bytes; i++) {
        guint byte = format->big_endian ? bytes - 1 - i : i;
        guint8 b = (value >> (8 * byte)) & 0xff;

        g_byte_array_append (out, &b, 1);
    }
}

static void
vnc_test_put_rect_header (GByteArray *out,
                          guint16     width,
                          guint16     height,
                          gint32      encoding)
{
    guint8 header[4] = { 0, 0, 0, 1 };  /* FramebufferUpdate, padding, one rectangle */

    g_byte_array_append (out, header, sizeof header);
    vnc_test_put16 (out, 0);
    vnc_test_put16 (out, 0);
    vnc_test_put16 (out, width);
    vnc_test_put16 (out, height);
    vnc_test_put32 (out, (guint32) encoding);
}

/* The whole picture: left half red, right half blue. */
static gboolean
vnc_test_server_send_frame (VncTestServer *server,
                            VncTestClient *client)
{
    static const guint8 red[3] = { 255, 0, 0 };
    static const guint8 blue[3] = { 0, 0, 255 };
    g_autoptr(GByteArray) out = g_byte_array_new ();

    vnc_test_put_rect_header (out, client->width, client->height, VNC_TEST_ENCODING_RAW);
    for (guint y = 0; y < client->height; y++) {
        for (guint x = 0; x < client->width; x++)
            vnc_test_put_pixel (out, &client->format, x < client->width / 2u ? red : blue);
    }
    if (!vnc_test_send (client, out))
        return FALSE;
    client->waiting = FALSE;
    g_mutex_lock (&server->lock);
    server->frames++;
    g_mutex_unlock (&server->lock);
    vnc_test_server_changed (server);
    return TRUE;
}

/* ---- what the client sends ---- */

static gboolean
vnc_test_server_read_encodings (VncTestClient *client)
{
    guint8 header[3];
    guint16 n;

    if (!vnc_test_read (client->fd, header, sizeof header))
        return FALSE;
    n = (guint16) (header[1] << 8 | header[2]);
    for (guint i = 0; i < n; i++) {
        guint8 raw[4];
        gint32 encoding;

        if (!vnc_test_read (client->fd, raw, sizeof raw))
            return FALSE;
        encoding = (gint32) ((guint32) raw[0] << 24 | raw[1] << 16 | raw[2] << 8 | raw[3]);
        if (encoding == VNC_TEST_ENCODING_DESKTOP_SIZE)
            client->desktop_size = TRUE;
    }
    return TRUE;
}

static gboolean
vnc_test_server_read_format (VncTestClient *client)
{
    guint8 raw[19];

    if (!vnc_test_read (client->fd, raw, sizeof raw))
        return FALSE;
    client->format.bpp = raw[3];
    client->format.big_endian = raw[5];
    for (guint c = 0; c < 3; c++) {
        client->format.max[c] = (guint16) (raw[7 + 2 * c] << 8 | raw[8 + 2 * c]);
        client->format.shift[c] = raw[13 + c];
    }
    return TRUE;
}

static gboolean
vnc_test_server_read_key (VncTestServer *server,
                          VncTestClient *client)
{
    guint8 raw[7];
    VncTestKey key;

    if (!vnc_test_read (client->fd, raw, sizeof raw))
        return FALSE;
    key.down = raw[0] != 0;
    key.keysym = (guint32) raw[3] << 24 | raw[4] << 16 | raw[5] << 8 | raw[6];
    g_mutex_lock (&server->lock);
    g_array_append_val (server->keys, key);
    g_mutex_unlock (&server->lock);
    vnc_test_server_changed (server);
    return TRUE;
}

static gboolean
vnc_test_server_read_message (VncTestServer *server,
                              VncTestClient *client)
{
    guint8 type;
    guint8 raw[9];

    if (!vnc_test_read (client->fd, &type, 1))
        return FALSE;
    switch (type) {
    case 0:     /* SetPixelFormat */
        return vnc_test_server_read_format (client);
    case 2:     /* SetEncodings */
        return vnc_test_server_read_encodings (client);
    case 3:     /* FramebufferUpdateRequest */
        if (!vnc_test_read (client->fd, raw, 9))
            return FALSE;
        if (raw[0] == 0)
            return vnc_test_server_send_frame (server, client);
        client->waiting = TRUE;
        return TRUE;
    case 4:     /* KeyEvent */
        return vnc_test_server_read_key (server, client);
    case 5:     /* PointerEvent */
        return vnc_test_read (client->fd, raw, 5);
    case 6: {   /* ClientCutText */
        g_autofree guint8 *text = NULL;
        guint32 length;

        if (!vnc_test_read (client->fd, raw, 7))
            return FALSE;
        length = (guint32) raw[3] << 24 | raw[4] << 16 | raw[5] << 8 | raw[6];
        text = g_malloc (length + 1);
        return vnc_test_read (client->fd, text, length);
    }
    default:
        g_printerr ("vnc-test-server: unexpected client message %u\n", type);
        return FALSE;
    }
}

/* ---- the test's commands ---- */

static void
vnc_test_server_drain (VncTestServer *server)
{
    char buffer[64];

    while (read (server->wake[0], buffer, sizeof buffer) > 0)
        ;
}

static void
vnc_test_server_command (VncTestServer *server)
{
    char byte = 0;

    if (write (server->wake[1], &byte, 1) != 1)
        g_error ("vnc-test-server: cannot wake the server: %s", g_strerror (errno));
}

/* Runs what the test asked for. Returns: whether the connection goes on */
static gboolean
vnc_test_server_run_commands (VncTestServer *server,
                              VncTestClient *client)
{
    g_autoptr(GByteArray) out = g_byte_array_new ();
    g_autofree char *cut_text = NULL;
    gboolean stop;
    gboolean resize;

    vnc_test_server_drain (server);
    g_mutex_lock (&server->lock);
    stop = server->stop || server->drop;
    server->drop = FALSE;
    resize = server->resize;
    server->resize = FALSE;
    cut_text = g_steal_pointer (&server->cut_text);
    g_mutex_unlock (&server->lock);
    if (stop)
        return FALSE;

    if (cut_text != NULL) {
        guint8 header[4] = { 3, 0, 0, 0 };

        g_byte_array_append (out, header, sizeof header);
        vnc_test_put32 (out, strlen (cut_text));
        g_byte_array_append (out, (const guint8 *) cut_text, strlen (cut_text));
    }
    if (resize && client->desktop_size) {
        g_mutex_lock (&server->lock);
        client->width = server->width;
        client->height = server->height;
        g_mutex_unlock (&server->lock);
        vnc_test_put_rect_header (out, client->width, client->height,
                                  VNC_TEST_ENCODING_DESKTOP_SIZE);
    }
    return vnc_test_send (client, out);
}

/* ---- the thread ---- */

static void
vnc_test_server_serve (VncTestServer *server,
                       int            fd)
{
    VncTestClient client = { .fd = fd };
    char version[12];

    if (!vnc_test_write (fd, "RFB 003.008\n", 12) || !vnc_test_read (fd, version, 12) ||
        !vnc_test_server_security (server, &client) || !vnc_test_server_init (server, &client))
        return;
    for (;;) {
        struct pollfd fds[2] = { { fd, POLLIN, 0 }, { server->wake[0], POLLIN, 0 } };

        if (poll (fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if ((fds[1].revents & POLLIN) && !vnc_test_server_run_commands (server, &client))
            return;
        if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
            !vnc_test_server_read_message (server, &client))
            return;
    }
}

static gpointer
vnc_test_server_thread (gpointer data)
{
    VncTestServer *server = data;

    for (;;) {
        struct pollfd fds[2] = { { server->listen_fd, POLLIN, 0 }, { server->wake[0], POLLIN, 0 } };
        gboolean stop;
        int fd;

        /* Checked before waiting too: a client's loop may have taken the stop's wake-up. */
        g_mutex_lock (&server->lock);
        stop = server->stop;
        server->drop = FALSE;   /* nobody to drop between clients */
        g_mutex_unlock (&server->lock);
        if (stop)
            break;
        if (poll (fds, 2, -1) < 0 && errno != EINTR)
            break;
        g_mutex_lock (&server->lock);
        stop = server->stop;
        g_mutex_unlock (&server->lock);
        if (stop)
            break;
        if (fds[1].revents & POLLIN)
            vnc_test_server_drain (server);
        if (!(fds[0].revents & POLLIN))
            continue;
        fd = accept (server->listen_fd, NULL, NULL);
        if (fd < 0)
            continue;
        g_mutex_lock (&server->lock);
        server->connections++;
        g_mutex_unlock (&server->lock);
        vnc_test_server_changed (server);
        vnc_test_server_serve (server, fd);
        close (fd);
        vnc_test_server_changed (server);
    }
    return NULL;
}

/* ---- API ---- */

/**
 * vnc_test_server_new:
 * @auth: what the server asks of its clients
 * @password: (nullable): for %VNC_TEST_AUTH_PASSWORD, at most 8 characters
 *
 * Returns: (transfer full): a server listening on 127.0.0.1, on a free port
 */
VncTestServer *
vnc_test_server_new (VncTestAuth  auth,
                     const char  *password)
{
    VncTestServer *server = g_new0 (VncTestServer, 1);
    struct sockaddr_in address = { .sin_family = AF_INET };
    socklen_t length = sizeof address;

    g_assert (auth != VNC_TEST_AUTH_PASSWORD || password != NULL);
    server->auth = auth;
    server->password = g_strdup (password);
    server->width = VNC_TEST_WIDTH;
    server->height = VNC_TEST_HEIGHT;
    server->keys = g_array_new (FALSE, FALSE, sizeof (VncTestKey));
    g_mutex_init (&server->lock);

    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    server->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    g_assert_cmpint (server->listen_fd, >=, 0);
    g_assert_cmpint (bind (server->listen_fd, (struct sockaddr *) &address, sizeof address), ==, 0);
    g_assert_cmpint (listen (server->listen_fd, 4), ==, 0);
    g_assert_cmpint (getsockname (server->listen_fd, (struct sockaddr *) &address, &length), ==, 0);
    server->port = ntohs (address.sin_port);
    g_assert_true (g_unix_open_pipe (server->wake, FD_CLOEXEC, NULL));
    g_assert_true (g_unix_set_fd_nonblocking (server->wake[0], TRUE, NULL));

    server->thread = g_thread_new ("vnc-test-server", vnc_test_server_thread, server);
    return server;
}

void
vnc_test_server_free (VncTestServer *server)
{
    g_mutex_lock (&server->lock);
    server->stop = TRUE;
    g_mutex_unlock (&server->lock);
    vnc_test_server_command (server);
    g_thread_join (server->thread);
    close (server->listen_fd);
    close (server->wake[0]);
    close (server->wake[1]);
    g_array_unref (server->keys);
    g_free (server->cut_text);
    g_free (server->password);
    g_mutex_clear (&server->lock);
    g_free (server);
}

int
vnc_test_server_get_port (VncTestServer *server)
{
    return server->port;
}

/* Returns: a socket connected to the server, as libvirt or an ssh tunnel would hand one out */
int
vnc_test_server_connect (VncTestServer *server)
{
    struct sockaddr_in address = { .sin_family = AF_INET };
    int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    address.sin_port = htons ((guint16) server->port);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (connect (fd, (struct sockaddr *) &address, sizeof address), ==, 0);
    return fd;
}

#define VNC_TEST_SERVER_GETTER(type, name)                \
    type                                                  \
    vnc_test_server_get_ ## name (VncTestServer * server)  \
    {                                                     \
        type value;                                       \
                                                          \
        g_mutex_lock (&server->lock);                     \
        value = server->name;                             \
        g_mutex_unlock (&server->lock);                   \
        return value;                                     \
    }

/* Clients accepted so far. */
VNC_TEST_SERVER_GETTER (guint, connections)
/* VNC authentication answers that did not match the password. */
VNC_TEST_SERVER_GETTER (guint, auth_failures)
/* Whether the last client asked to share the display. */
VNC_TEST_SERVER_GETTER (gboolean, shared)
/* Full pictures sent. */
VNC_TEST_SERVER_GETTER (guint, frames)

guint
vnc_test_server_count_keys (VncTestServer *server)
{
    guint n;

    g_mutex_lock (&server->lock);
    n = server->keys->len;
    g_mutex_unlock (&server->lock);
    return n;
}

/* Returns: (transfer full): the key events received since the last call (VncTestKey) */
GArray *
vnc_test_server_take_keys (VncTestServer *server)
{
    GArray *keys;

    g_mutex_lock (&server->lock);
    keys = server->keys;
    server->keys = g_array_new (FALSE, FALSE, sizeof (VncTestKey));
    g_mutex_unlock (&server->lock);
    return keys;
}

/* Changes the screen's size; a client that understands DesktopSize is told. */
void
vnc_test_server_resize (VncTestServer *server,
                        guint16        width,
                        guint16        height)
{
    g_mutex_lock (&server->lock);
    server->width = width;
    server->height = height;
    server->resize = TRUE;
    g_mutex_unlock (&server->lock);
    vnc_test_server_command (server);
}

/* Puts @text on the client's clipboard (ServerCutText). */
void
vnc_test_server_send_cut_text (VncTestServer *server,
                               const char    *text)
{
    g_mutex_lock (&server->lock);
    g_free (server->cut_text);
    server->cut_text = g_strdup (text);
    g_mutex_unlock (&server->lock);
    vnc_test_server_command (server);
}

/* Closes the connection from the server's side, as a guest's display does when QEMU goes. */
void
vnc_test_server_drop_client (VncTestServer *server)
{
    g_mutex_lock (&server->lock);
    server->drop = TRUE;
    g_mutex_unlock (&server->lock);
    vnc_test_server_command (server);
}
