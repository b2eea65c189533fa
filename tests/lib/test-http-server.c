/* test-http-server.c: a real HTTP server for tests, serving a fake install tree
 *
 * Python's http.server on 127.0.0.1 and a port nobody uses, serving a directory the test fills.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "test-http-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

static guint16
test_http_server_free_port (void)
{
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, NULL);
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (socket);
    g_socket_bind (socket, any, FALSE, &error);
    g_assert_no_error (error);
    bound = g_socket_get_local_address (socket, &error);
    g_assert_no_error (error);
    return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static gboolean
test_http_server_answers (guint16 port)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketConnection) connection = NULL;

    connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
    return connection != NULL;
}

/**
 * test_http_server_unused_url:
 *
 * Returns: an http URL on a loopback port nothing listens on
 */
char *
test_http_server_unused_url (void)
{
    return g_strdup_printf ("http://127.0.0.1:%u/tree", test_http_server_free_port ());
}

/* A test that fails aborts without stopping the server: it goes with the test, then. */
static void
test_http_server_child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGTERM);
}

TestHttpServer *
test_http_server_start (void)
{
    TestHttpServer *server = g_new0 (TestHttpServer, 1);
    g_autoptr(GError) error = NULL;
    g_autofree char *port_text = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    guint16 port = test_http_server_free_port ();

    server->dir = g_dir_make_tmp ("vimana-http-XXXXXX", &error);
    g_assert_no_error (error);
    port_text = g_strdup_printf ("%u", port);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_child_setup (launcher, test_http_server_child_setup, NULL, NULL);
    server->process = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", "-m", "http.server",
                                                   "--bind", "127.0.0.1", port_text, "--directory", server->dir,
                                                   NULL);
    g_assert_no_error (error);
    server->url = g_strdup_printf ("http://127.0.0.1:%u", port);
    for (guint i = 0; i < 200 && !test_http_server_answers (port); i++)
        g_usleep (50 * 1000);
    g_assert_true (test_http_server_answers (port));
    return server;
}

static void
test_http_server_remove_tree (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR))
            test_http_server_remove_tree (child);
        else
            g_unlink (child);
    }
    g_rmdir (path);
}

void
test_http_server_stop (TestHttpServer *server)
{
    g_subprocess_force_exit (server->process);
    g_subprocess_wait (server->process, NULL, NULL);
    g_object_unref (server->process);
    test_http_server_remove_tree (server->dir);
    g_free (server->dir);
    g_free (server->url);
    g_free (server);
}

/**
 * test_http_server_add_tree:
 * @server: the server
 * @name: the tree's directory
 * @treeinfo: (nullable): its .treeinfo; %NULL for none (a 404)
 *
 * Makes a tree with small fake boot files images/pxeboot/vmlinuz ("kernel") and initrd.img.
 *
 * Returns: (transfer full): the tree's URL
 */
char *
test_http_server_add_tree (TestHttpServer *server,
                           const char     *name,
                           const char     *treeinfo)
{
    g_autofree char *tree = g_build_filename (server->dir, name, NULL);
    g_autofree char *pxeboot = g_build_filename (tree, "images", "pxeboot", NULL);
    g_autofree char *kernel = g_build_filename (pxeboot, "vmlinuz", NULL);
    g_autofree char *initrd = g_build_filename (pxeboot, "initrd.img", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (pxeboot, 0755), ==, 0);
    g_file_set_contents (kernel, "fake kernel", -1, &error);
    g_assert_no_error (error);
    g_file_set_contents (initrd, "fake initrd, a little longer", -1, &error);
    g_assert_no_error (error);
    if (treeinfo != NULL) {
        g_autofree char *path = g_build_filename (tree, ".treeinfo", NULL);

        g_file_set_contents (path, treeinfo, -1, &error);
        g_assert_no_error (error);
    }
    return g_strdup_printf ("%s/%s/", server->url, name);
}

/**
 * test_http_server_fedora_treeinfo:
 *
 * Returns: a .treeinfo of Fedora 37 Server as Fedora's mirrors have it, with an i686 section
 *   too: the test driver's guests are i686
 */
char *
test_http_server_fedora_treeinfo (void)
{
    return g_strdup ("[general]\n"
                     "family = Fedora\n"
                     "version = 37\n"
                     "arch = x86_64\n"
                     "variant = Server\n"
                     "\n"
                     "[images-x86_64]\n"
                     "kernel = images/pxeboot/vmlinuz\n"
                     "initrd = images/pxeboot/initrd.img\n"
                     "\n"
                     "[images-i686]\n"
                     "kernel = images/pxeboot/vmlinuz\n"
                     "initrd = images/pxeboot/initrd.img\n");
}
