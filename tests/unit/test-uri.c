/* test-uri.c: parsing, building and naming libvirt connection URIs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-uri.h"

typedef struct
{
    const char *uri;
    const char *driver;
    const char *transport;
    const char *user;
    const char *host;
    int         port;
    const char *path;
    const char *query;
} GoodUri;

static const GoodUri good_uris[] = {
    { "qemu:///system", "qemu", NULL, NULL, NULL, -1, "/system", NULL },
    { "qemu:///session", "qemu", NULL, NULL, NULL, -1, "/session", NULL },
    { "test:///default", "test", NULL, NULL, NULL, -1, "/default", NULL },
    { "test:///abs/path/node.xml", "test", NULL, NULL, NULL, -1, "/abs/path/node.xml", NULL },
    { "qemu+ssh://root@host.example.org/system", "qemu", "ssh", "root", "host.example.org", -1,
      "/system", NULL },
    { "qemu+ssh://host:2222/system?keyfile=/x", "qemu", "ssh", NULL, "host", 2222, "/system",
      "keyfile=/x" },
    { "qemu+tls://[::1]/system", "qemu", "tls", NULL, "::1", -1, "/system", NULL },
    { "qemu+tcp://10.0.0.7:16509/system", "qemu", "tcp", NULL, "10.0.0.7", 16509, "/system", NULL },
    { "qemu+unix:///system?socket=/run/x.sock", "qemu", "unix", NULL, NULL, -1, "/system",
      "socket=/run/x.sock" },
    { "qemu+libssh2://me@my-host_1/session", "qemu", "libssh2", "me", "my-host_1", -1, "/session",
      NULL },
};

static void
test_uri_parse_good (void)
{
    for (gsize i = 0; i < G_N_ELEMENTS (good_uris); i++) {
        const GoodUri *expected = &good_uris[i];
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaUri) uri = NULL;

        g_test_message ("parsing %s", expected->uri);
        uri = vimana_uri_parse (expected->uri, &error);
        g_assert_no_error (error);
        g_assert_nonnull (uri);
        g_assert_cmpstr (uri->driver, ==, expected->driver);
        g_assert_cmpstr (uri->transport, ==, expected->transport);
        g_assert_cmpstr (uri->user, ==, expected->user);
        g_assert_cmpstr (uri->host, ==, expected->host);
        g_assert_cmpint (uri->port, ==, expected->port);
        g_assert_cmpstr (uri->path, ==, expected->path);
        g_assert_cmpstr (uri->query, ==, expected->query);
    }
}

static const char * const bad_uris[] = {
    "",
    "qemu",
    "qemu:/system",
    "no spaces allowed:///x",
    "qemu:///sys tem",
    "qemu:///system\n",
    "qemu+pigeon://h/system",
    "qemu+://h/system",
    "9qemu:///system",
    "+ssh://h/system",
    "qemu+ssh:///system",
    "qemu+ssh://bad host/system",
    "qemu+ssh://-host/system",
    "qemu+ssh://ho$t/system",
    "qemu+ssh://[::1/system",
};

static void
test_uri_parse_bad (void)
{
    for (gsize i = 0; i < G_N_ELEMENTS (bad_uris); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaUri) uri = NULL;

        g_test_message ("parsing bad URI “%s”", bad_uris[i]);
        uri = vimana_uri_parse (bad_uris[i], &error);
        g_assert_null (uri);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
        g_assert_nonnull (error->message);
        g_assert_cmpuint (strlen (error->message), >, 0);
    }
}

static void
test_uri_parse_null (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaUri) uri = vimana_uri_parse (NULL, &error);

    g_assert_null (uri);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);

    /* A NULL error location is allowed. */
    g_assert_null (vimana_uri_parse ("qemu", NULL));
    vimana_uri_free (NULL);
}

static void
test_uri_parse_messages (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaUri) uri = NULL;

    /* The messages name what was wrong. */
    uri = vimana_uri_parse ("qemu+pigeon://h/system", &error);
    g_assert_null (uri);
    g_assert_nonnull (strstr (error->message, "pigeon"));
    g_clear_error (&error);

    uri = vimana_uri_parse ("qemu+ssh://ho$t/system", &error);
    g_assert_null (uri);
    g_assert_nonnull (strstr (error->message, "ho$t"));
    g_clear_error (&error);

    uri = vimana_uri_parse ("qemu+ssh:///system", &error);
    g_assert_null (uri);
    g_assert_nonnull (strstr (error->message, "ssh"));
}

static char *
build_ok (VimanaHypervisor hypervisor,
          const char      *host,
          const char      *user,
          const char      *transport)
{
    g_autoptr(GError) error = NULL;
    char *uri = vimana_uri_build (hypervisor, host, user, transport, &error);

    g_assert_no_error (error);
    g_assert_nonnull (uri);
    return uri;
}

static void
test_uri_build_local (void)
{
    g_autofree char *system = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, NULL, NULL, NULL);
    g_autofree char *session = build_ok (VIMANA_HYPERVISOR_QEMU_SESSION, NULL, NULL, NULL);
    g_autofree char *test = build_ok (VIMANA_HYPERVISOR_TEST, NULL, NULL, NULL);
    /* An empty host means this machine; user and transport are then irrelevant. */
    g_autofree char *empty_host = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "", "root", "tls");
    g_autofree char *test_empty = build_ok (VIMANA_HYPERVISOR_TEST, "", NULL, NULL);

    g_assert_cmpstr (system, ==, "qemu:///system");
    g_assert_cmpstr (session, ==, "qemu:///session");
    g_assert_cmpstr (test, ==, "test:///default");
    g_assert_cmpstr (empty_host, ==, "qemu:///system");
    g_assert_cmpstr (test_empty, ==, "test:///default");
}

static void
test_uri_build_remote (void)
{
    g_autofree char *ssh = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "host.example.org", "root",
                                     NULL);
    g_autofree char *ssh_empty = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", "", "");
    g_autofree char *session = build_ok (VIMANA_HYPERVISOR_QEMU_SESSION, "h", "me", "ssh");
    g_autofree char *tls = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h.example.org", NULL, "tls");
    g_autofree char *tcp = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "10.1.2.3", NULL, "tcp");
    g_autofree char *space = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", "a b", NULL);
    g_autofree char *at = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", "ad@m", NULL);
    g_autofree char *ipv6 = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "::1", NULL, "tls");
    g_autoptr(VimanaUri) parsed = NULL;

    g_assert_cmpstr (ssh, ==, "qemu+ssh://root@host.example.org/system");
    g_assert_cmpstr (ssh_empty, ==, "qemu+ssh://h/system");
    g_assert_cmpstr (session, ==, "qemu+ssh://me@h/session");
    g_assert_cmpstr (tls, ==, "qemu+tls://h.example.org/system");
    g_assert_cmpstr (tcp, ==, "qemu+tcp://10.1.2.3/system");
    /* User names are escaped so that they cannot break the URI apart. */
    g_assert_cmpstr (space, ==, "qemu+ssh://a%20b@h/system");
    g_assert_cmpstr (at, ==, "qemu+ssh://ad%40m@h/system");
    /* IPv6 addresses are bracketed. */
    g_assert_cmpstr (ipv6, ==, "qemu+tls://[::1]/system");

    /* What was built parses back to the same host. */
    parsed = vimana_uri_parse (at, NULL);
    g_assert_nonnull (parsed);
    g_assert_cmpstr (parsed->host, ==, "h");
    g_assert_cmpstr (parsed->transport, ==, "ssh");
    /* ... and to the same user, unescaped. */
    g_assert_cmpstr (parsed->user, ==, "ad@m");
}

static void
test_uri_build_bad (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;

    /* The test driver lives in-process: it cannot be remote. */
    uri = vimana_uri_build (VIMANA_HYPERVISOR_TEST, "h.example.org", NULL, NULL, &error);
    g_assert_null (uri);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_assert_cmpuint (strlen (error->message), >, 0);
    g_clear_error (&error);

    /* A host with a space is refused by the check that follows the build. */
    uri = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "bad host", NULL, NULL, &error);
    g_assert_null (uri);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_clear_error (&error);

    uri = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", NULL, "pigeon", &error);
    g_assert_null (uri);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
}

static void
test_uri_display_name (void)
{
    static const struct {
        const char *uri;
        const char *name;
    } cases[] = {
        { "qemu:///system", "QEMU/KVM" },
        { "qemu:///session", "QEMU/KVM user session" },
        { "qemu+ssh://root@host.example.org/system", "QEMU/KVM on host.example.org" },
        { "qemu+ssh://me@h/session", "QEMU/KVM user session on h" },
        { "qemu://localhost/system", "QEMU/KVM" },
        { "test:///default", "Test" },
        { "test:///abs/path/node-50.xml", "Test (node-50.xml)" },
        /* Drivers Vimana has no name for, and non-URIs, are shown as typed. */
        { "xen:///system", "xen:///system" },
        { "lxc+ssh://h/", "lxc+ssh://h/" },
        { "not a uri", "not a uri" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *name = vimana_uri_display_name (cases[i].uri);

        g_assert_cmpstr (name, ==, cases[i].name);
    }
}

static void
test_uri_is_remote (void)
{
    static const struct {
        const char *uri;
        gboolean    remote;
    } cases[] = {
        { "qemu:///system", FALSE },
        { "qemu:///session", FALSE },
        { "test:///default", FALSE },
        { "test:///abs/path/node.xml", FALSE },
        { "qemu+unix:///system", FALSE },
        { "qemu://localhost/system", FALSE },
        { "qemu+ssh://root@host.example.org/system", TRUE },
        { "qemu+tls://h/system", TRUE },
        { "qemu+tcp://localhost/system", TRUE },
        { "qemu://h.example.org/system", TRUE },
        { "", FALSE },
        { "garbage", FALSE },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_test_message ("is_remote %s", cases[i].uri);
        g_assert_cmpint (vimana_uri_is_remote (cases[i].uri), ==, cases[i].remote);
    }
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/uri/parse/good", test_uri_parse_good);
    g_test_add_func ("/uri/parse/bad", test_uri_parse_bad);
    g_test_add_func ("/uri/parse/null", test_uri_parse_null);
    g_test_add_func ("/uri/parse/messages", test_uri_parse_messages);
    g_test_add_func ("/uri/build/local", test_uri_build_local);
    g_test_add_func ("/uri/build/remote", test_uri_build_remote);
    g_test_add_func ("/uri/build/bad", test_uri_build_bad);
    g_test_add_func ("/uri/display-name", test_uri_display_name);
    g_test_add_func ("/uri/is-remote", test_uri_is_remote);

    return g_test_run ();
}
