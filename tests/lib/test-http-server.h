/* test-http-server.h: a real HTTP server for tests, serving a fake install tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
    GSubprocess *process;
    char        *dir;       /* served; removed by test_http_server_stop () */
    char        *url;       /* "http://127.0.0.1:PORT" */
} TestHttpServer;

TestHttpServer *test_http_server_start        (void);
void            test_http_server_stop         (TestHttpServer *server);
char           *test_http_server_add_tree     (TestHttpServer *server,
                                               const char     *name,
                                               const char     *treeinfo);
char           *test_http_server_unused_url   (void);
char           *test_http_server_fedora_treeinfo (void);

G_END_DECLS
