/* test-install-tree.c: reading an install tree from a real local HTTP server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "test-http-server.h"
#include "vimana-error.h"
#include "vimana-install-tree.h"

#define FEDORA37 "http://fedoraproject.org/fedora/37"

typedef struct
{
    GMainLoop         *loop;
    VimanaInstallTree *tree;
    GError            *error;
} FetchResult;

static void
fetch_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
    FetchResult *fetch = user_data;

    fetch->tree = vimana_install_tree_fetch_finish (result, &fetch->error);
    g_main_loop_quit (fetch->loop);
}

/* Fetches @url's tree for x86_64; exactly one of tree and error is set. */
static void
fetch (const char  *url,
       FetchResult *result)
{
    result->loop = g_main_loop_new (NULL, FALSE);
    vimana_install_tree_fetch_async (url, "x86_64", NULL, fetch_cb, result);
    g_main_loop_run (result->loop);
    g_main_loop_unref (result->loop);
    g_assert_true ((result->tree == NULL) != (result->error == NULL));
}

static void
test_kernel_args (void)
{
    const struct { const char *family; const char *expected; } cases[] = {
        { "Fedora", "inst.repo=http://h/t" },
        { "Red Hat Enterprise Linux", "inst.repo=http://h/t" },
        { "CentOS Stream", "inst.repo=http://h/t" },
        { "openSUSE Leap", "install=http://h/t" },
        { "Mageia", "method=http://h/t" },
        { NULL, "method=http://h/t" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *args = vimana_install_tree_kernel_args (cases[i].family, "http://h/t");

        g_assert_cmpstr (args, ==, cases[i].expected);
    }
}

static void
test_parse (void)
{
    g_autofree char *treeinfo = test_http_server_fedora_treeinfo ();
    g_autoptr(VimanaInstallTree) tree = NULL;
    g_autoptr(VimanaInstallTree) other_arch = NULL;
    g_autoptr(VimanaInstallTree) broken = NULL;
    g_autoptr(GError) error = NULL;

    tree = vimana_install_tree_parse ("http://mirror/fedora/37/os//", treeinfo, "x86_64", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (tree->url, ==, "http://mirror/fedora/37/os");
    g_assert_cmpstr (tree->family, ==, "Fedora");
    g_assert_cmpstr (tree->kernel_url, ==, "http://mirror/fedora/37/os/images/pxeboot/vmlinuz");
    g_assert_cmpstr (tree->initrd_url, ==, "http://mirror/fedora/37/os/images/pxeboot/initrd.img");
    g_assert_cmpstr (tree->kernel_args, ==, "inst.repo=http://mirror/fedora/37/os");

    other_arch = vimana_install_tree_parse ("http://mirror/f", treeinfo, "aarch64", &error);
    g_assert_null (other_arch);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);

    broken = vimana_install_tree_parse ("http://mirror/f", "<html>not a key file</html>", "x86_64", &error);
    g_assert_null (broken);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
}

static void
test_fetch_identifies (void)
{
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *treeinfo = test_http_server_fedora_treeinfo ();
    g_autofree char *url = test_http_server_add_tree (server, "fedora", treeinfo);
    g_autofree char *expected_kernel = g_strdup_printf ("%s/fedora/images/pxeboot/vmlinuz", server->url);
    g_autofree char *expected_args = g_strdup_printf ("inst.repo=%s/fedora", server->url);
    g_autoptr(VimanaOsInfo) fedora = NULL;
    g_autoptr(GError) error = NULL;
    FetchResult result = { 0 };

    fetch (url, &result);
    g_assert_no_error (result.error);
    g_assert_cmpstr (result.tree->kernel_url, ==, expected_kernel);
    g_assert_cmpstr (result.tree->kernel_args, ==, expected_args);
    if (vimana_os_db_load (&error) && (fedora = vimana_os_db_lookup (FEDORA37)) != NULL) {
        g_assert_nonnull (result.tree->os);
        g_assert_cmpstr (result.tree->os->id, ==, FEDORA37);
    } else {
        g_test_message ("no Fedora 37 in the osinfo database; identification not checked");
    }
    vimana_install_tree_free (result.tree);
    test_http_server_stop (server);
}

static void
test_fetch_unreachable (void)
{
    g_autofree char *url = test_http_server_unused_url ();
    FetchResult result = { 0 };

    fetch (url, &result);
    g_assert_error (result.error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_nonnull (strstr (result.error->message, "could not be reached"));
    g_error_free (result.error);
}

static void
test_fetch_not_found (void)
{
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *url = test_http_server_add_tree (server, "no-treeinfo", NULL);
    FetchResult result = { 0 };

    fetch (url, &result);
    g_assert_error (result.error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (result.error->message, "404"));
    g_assert_nonnull (strstr (result.error->message, ".treeinfo"));
    g_error_free (result.error);
    test_http_server_stop (server);
}

static void
test_fetch_not_a_tree (void)
{
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *url = test_http_server_add_tree (server, "odd", "[general]\nfamily = Fedora\n");
    FetchResult result = { 0 };

    fetch (url, &result);
    g_assert_error (result.error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (result.error->message, "names no kernel and initrd"));
    g_error_free (result.error);
    test_http_server_stop (server);
}

static VimanaInstallTree *
parse_images (const char  *url,
              const char  *kernel,
              const char  *initrd,
              GError     **error)
{
    g_autofree char *treeinfo = g_strdup_printf ("[general]\nfamily = Fedora\n\n"
                                                 "[images-x86_64]\nkernel = %s\ninitrd = %s\n",
                                                 kernel, initrd);

    return vimana_install_tree_parse (url, treeinfo, "x86_64", error);
}

/* Issue 11 defect 8: what a hostile .treeinfo names is refused with a reason, never handed to
 * GLib in a shape it asserts on (g_uri_join_internal's critical, fatal in this test). */
static void
test_parse_hostile (void)
{
    static const char * const refused[] = {
        "http:/.//x", "https:/.//x", "x:/.//y", "http:", "file:///etc/passwd", "javascript:x",
        "ftp://mirror/vmlinuz", "images/vm linuz", "images/vmlinuz\"x", "http://[bad/k", NULL
    };

    for (guint i = 0; refused[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaInstallTree) tree = NULL;

        g_test_message ("kernel = %s", refused[i]);
        tree = parse_images ("http://mirror/f", refused[i], "images/initrd.img", &error);
        g_assert_null (tree);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, "neither a path in the tree"));
        g_clear_pointer (&tree, vimana_install_tree_free);
        g_clear_error (&error);
        tree = parse_images ("http://mirror/f", "images/vmlinuz", refused[i], &error);
        g_assert_null (tree);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    }
}

/* Issue 11 defect 8: a kernel or initrd on another server is told (boot_host), so the user sees
 * it before anything is downloaded. */
static void
test_parse_elsewhere (void)
{
    static const struct {
        const char *kernel;
        const char *initrd;
        const char *boot_host;
    } cases[] = {
        { "images/vmlinuz", "images/initrd.img", NULL },
        { "/other/path/vmlinuz", "../up/initrd.img", NULL },
        { "http://mirror/f/images/vmlinuz", "HTTP://MIRROR/i", NULL },
        { "//other.example/vmlinuz", "images/initrd.img", "other.example" },
        { "images/vmlinuz", "https://other.example:8443/initrd.img", "other.example:8443" },
        { "http://a.example/k", "http://b.example/i", "a.example, b.example" },
        { "http://a.example/k", "http://a.example/i", "a.example" },
        { "http://mirror:8080/k", "images/initrd.img", "mirror:8080" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaInstallTree) tree = NULL;

        g_test_message ("kernel = %s, initrd = %s", cases[i].kernel, cases[i].initrd);
        tree = parse_images ("http://mirror/f", cases[i].kernel, cases[i].initrd, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (tree->boot_host, ==, cases[i].boot_host);
    }
}

/* Issue 11 defect 8: the tree's URL reaches the kernel command line: never with a space. */
static void
test_parse_url_checked (void)
{
    g_autofree char *treeinfo = test_http_server_fedora_treeinfo ();
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaInstallTree) tree = NULL;

    tree = vimana_install_tree_parse ("http://mirror/f inst.ks=http://evil/ks", treeinfo,
                                      "x86_64", &error);
    g_assert_null (tree);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
}

/* Issue 11 defect 9: a huge .treeinfo is said to be too large, not "not text". */
static void
test_fetch_huge (void)
{
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *huge = g_strnfill (2 * 1024 * 1024, '#');
    g_autofree char *url = test_http_server_add_tree (server, "huge", huge);
    FetchResult result = { 0 };

    fetch (url, &result);
    g_assert_error (result.error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (result.error->message, "larger than 1 MiB"));
    g_error_free (result.error);
    test_http_server_stop (server);
}

static void
test_fetch_ftp_refused (void)
{
    FetchResult result = { 0 };

    fetch ("ftp://mirror.example.org/fedora/", &result);
    g_assert_error (result.error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
    g_error_free (result.error);
}

static void
test_download (void)
{
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *url = test_http_server_add_tree (server, "fedora", NULL);
    g_autofree char *kernel_url = g_strconcat (url, "images/pxeboot/vmlinuz", NULL);
    g_autofree char *missing_url = g_strconcat (url, "images/pxeboot/missing", NULL);
    g_autofree char *dir = g_dir_make_tmp ("vimana-download-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "kernel", NULL);
    g_autofree char *missing = g_build_filename (dir, "missing", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_install_tree_download (kernel_url, path, NULL, &error));
    g_assert_no_error (error);
    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (contents, ==, "fake kernel");

    g_assert_false (vimana_install_tree_download (missing_url, missing, NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

    g_unlink (path);
    g_rmdir (dir);
    test_http_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/install-tree/kernel-args", test_kernel_args);
    g_test_add_func ("/install-tree/parse", test_parse);
    g_test_add_func ("/install-tree/fetch/identifies", test_fetch_identifies);
    g_test_add_func ("/install-tree/fetch/unreachable", test_fetch_unreachable);
    g_test_add_func ("/install-tree/fetch/not-found", test_fetch_not_found);
    g_test_add_func ("/install-tree/fetch/not-a-tree", test_fetch_not_a_tree);
    g_test_add_func ("/install-tree/fetch/ftp-refused", test_fetch_ftp_refused);
    g_test_add_func ("/install-tree/fetch/huge", test_fetch_huge);
    g_test_add_func ("/install-tree/parse/hostile", test_parse_hostile);
    g_test_add_func ("/install-tree/parse/elsewhere", test_parse_elsewhere);
    g_test_add_func ("/install-tree/parse/url-checked", test_parse_url_checked);
    g_test_add_func ("/install-tree/download", test_download);

    return g_test_run ();
}
