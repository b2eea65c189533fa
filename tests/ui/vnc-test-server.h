/* vnc-test-server.h: a small VNC server for the console's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
    VNC_TEST_AUTH_NONE,
    VNC_TEST_AUTH_PASSWORD,       /* VNC authentication (DES challenge) */
    VNC_TEST_AUTH_UNSUPPORTED,    /* offers only RA2, which gtk-vnc cannot do */
} VncTestAuth;

typedef struct
{
    gboolean down;
    guint32  keysym;
} VncTestKey;

typedef struct _VncTestServer VncTestServer;

VncTestServer *vnc_test_server_new             (VncTestAuth    auth,
                                                const char    *password);
void           vnc_test_server_free            (VncTestServer *server);
int            vnc_test_server_get_port        (VncTestServer *server);
int            vnc_test_server_connect         (VncTestServer *server);
guint          vnc_test_server_get_connections (VncTestServer *server);
guint          vnc_test_server_get_auth_failures (VncTestServer *server);
gboolean       vnc_test_server_get_shared      (VncTestServer *server);
guint          vnc_test_server_get_frames      (VncTestServer *server);
GArray        *vnc_test_server_take_keys       (VncTestServer *server);
guint          vnc_test_server_count_keys      (VncTestServer *server);
void           vnc_test_server_resize          (VncTestServer *server,
                                                guint16        width,
                                                guint16        height);
void           vnc_test_server_send_cut_text   (VncTestServer *server,
                                                const char    *text);
void           vnc_test_server_drop_client     (VncTestServer *server);

#define VNC_TEST_WIDTH  64
#define VNC_TEST_HEIGHT 48

G_END_DECLS
