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
    char *uri = vimana_uri_build (hypervisor, host, -1, user, transport, &error);

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
    g_autofree char *dotted = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", "ad.m-1_x", NULL);
    g_autofree char *ipv6 = build_ok (VIMANA_HYPERVISOR_QEMU_SYSTEM, "::1", NULL, "tls");
    g_autoptr(VimanaUri) parsed = NULL;

    g_assert_cmpstr (ssh, ==, "qemu+ssh://root@host.example.org/system");
    g_assert_cmpstr (ssh_empty, ==, "qemu+ssh://h/system");
    g_assert_cmpstr (session, ==, "qemu+ssh://me@h/session");
    g_assert_cmpstr (tls, ==, "qemu+tls://h.example.org/system");
    g_assert_cmpstr (tcp, ==, "qemu+tcp://10.1.2.3/system");
    g_assert_cmpstr (dotted, ==, "qemu+ssh://ad.m-1_x@h/system");
    /* IPv6 addresses are bracketed. */
    g_assert_cmpstr (ipv6, ==, "qemu+tls://[::1]/system");

    /* What was built parses back to the same host. */
    parsed = vimana_uri_parse (dotted, NULL);
    g_assert_nonnull (parsed);
    g_assert_cmpstr (parsed->host, ==, "h");
    g_assert_cmpstr (parsed->transport, ==, "ssh");
    g_assert_cmpstr (parsed->user, ==, "ad.m-1_x");
}

static void
test_uri_build_bad (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;

    /* The test driver lives in-process: it cannot be remote. */
    uri = vimana_uri_build (VIMANA_HYPERVISOR_TEST, "h.example.org", -1, NULL, NULL, &error);
    g_assert_null (uri);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_assert_cmpuint (strlen (error->message), >, 0);
    g_clear_error (&error);

    /* A host with a space is refused by the check that follows the build. */
    uri = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "bad host", -1, NULL, NULL, &error);
    g_assert_null (uri);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_clear_error (&error);

    uri = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", -1, NULL, "pigeon", &error);
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

static void
test_uri_check_host_good (void)
{
    static const struct {
        const char *typed;
        const char *host;
    } cases[] = {
        { "host.example.org", "host.example.org" },
        { "h", "h" },
        { "my-host_1", "my-host_1" },
        { "host.example.org.", "host.example.org." },
        { "10.1.2.3", "10.1.2.3" },
        { "::1", "::1" },
        { "[::1]", "::1" },
        { "2001:db8::7", "2001:db8::7" },
        { "bücher.example", "xn--bcher-kva.example" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *host = NULL;

        g_test_message ("host %s", cases[i].typed);
        host = vimana_uri_check_host (cases[i].typed, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (host, ==, cases[i].host);
    }
}

static void
test_uri_check_host_bad (void)
{
    static const struct {
        const char *typed;
        const char *said;   /* a part of the message */
    } cases[] = {
        /* Defect 4: URI syntax typed as a host. */
        { "localhost?command=/path/prog&x=", "“?”" },
        { "h?socket=/x", "“?”" },
        { "host/extra", "“/”" },
        { "host#frag", "“#”" },
        { "root@host", "“@”" },
        { "host:2222", "Port field" },
        { "a b", "a space" },
        { "h\001", "control" },
        { "-h", "“-”" },
        { "h-.example", "“-”" },
        { "h..example", "empty part" },
        { ".h", "empty part" },
        { "300.1.1.1", "IPv4" },
        { "10.1", "IPv4" },
        { "[::1", "IPv6" },
        { "[host]", "IPv6" },
        { "::g", "IPv6" },
        { "fe80::1%eth0", "IPv6" },
        { "[:]", "IPv6" },     /* GLib's g_hostname_is_ip_address() takes ":" (found by fuzz-uri) */
        { ":", "IPv6" },
        { "", "Enter" },
        { "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.org", "63" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *host = NULL;

        g_test_message ("host %s", cases[i].typed);
        host = vimana_uri_check_host (cases[i].typed, &error);
        g_assert_null (host);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
        g_test_message ("  said: %s", error->message);
        g_assert_nonnull (strstr (error->message, cases[i].said));
    }
}

static void
test_uri_check_user (void)
{
    static const char * const good[] = { "", "root", "ad.m-1_x", "Admin2", NULL };
    static const char * const bad[] = {
        "a b", "ad@m", "me?command=x", "-oProxyCommand=x", "me/x", "m:e", "me\n",
        "ñandú", NULL
    };

    g_assert_true (vimana_uri_check_user (NULL, NULL));
    for (guint i = 0; good[i] != NULL; i++)
        g_assert_true (vimana_uri_check_user (good[i], NULL));
    for (guint i = 0; bad[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("user %s", bad[i]);
        g_assert_false (vimana_uri_check_user (bad[i], &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_uri_parse_port (void)
{
    static const struct {
        const char *typed;
        int         port;
    } good[] = { { "", -1 }, { "  ", -1 }, { "22", 22 }, { " 2222 ", 2222 }, { "65535", 65535 } };
    static const char * const bad[] = {
        "0", "65536", "99999999999999999999999", "-1", "+22", "22a", "0x16", "2 2", NULL
    };
    int port = 0;

    g_assert_true (vimana_uri_parse_port (NULL, &port, NULL));
    g_assert_cmpint (port, ==, -1);
    for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
        g_assert_true (vimana_uri_parse_port (good[i].typed, &port, NULL));
        g_assert_cmpint (port, ==, good[i].port);
    }
    for (guint i = 0; bad[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("port %s", bad[i]);
        g_assert_false (vimana_uri_parse_port (bad[i], &port, &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
        g_assert_nonnull (strstr (error->message, "65535"));
    }
}

static void
test_uri_build_checked (void)
{
    static const char * const hosts[] = {
        "localhost?command=/path/prog&x=", "host/extra", "host#frag", "h?socket=/x", "host:2222",
        NULL
    };
    g_autoptr(GError) error = NULL;
    g_autofree char *port = NULL;
    g_autofree char *ipv6_port = NULL;

    /* Defect 4: nothing typed as a host or a user can add a query, path or fragment. */
    for (guint i = 0; hosts[i] != NULL; i++) {
        g_autofree char *uri = NULL;

        g_test_message ("build with host %s", hosts[i]);
        uri = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, hosts[i], -1, NULL, NULL, &error);
        g_assert_null (uri);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
        g_clear_error (&error);
    }
    g_assert_null (vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", -1,
                                     "x@localhost?command=/bin/sh", NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_clear_error (&error);
    g_assert_null (vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", 70000, NULL, NULL,
                                     &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_clear_error (&error);
    /* ext runs the program its command= names: it is for custom URIs only. */
    g_assert_null (vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "h", -1, NULL, "ext",
                                     &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI);
    g_clear_error (&error);

    /* The port has its own field. */
    port = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "host", 2222, "me", "ssh", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (port, ==, "qemu+ssh://me@host:2222/system");
    ipv6_port = vimana_uri_build (VIMANA_HYPERVISOR_QEMU_SYSTEM, "[2001:db8::7]", 16514, NULL,
                                  "tls", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (ipv6_port, ==, "qemu+tls://[2001:db8::7]:16514/system");
}

static void
test_uri_describe_risks (void)
{
    static const struct {
        const char *uri;
        guint       count;
        const char *said;   /* in the first sentence */
    } cases[] = {
        { "qemu:///system", 0, NULL },
        { "qemu+ssh://root@h/system", 0, NULL },
        { "qemu+tls://h/system?no_verify=0", 0, NULL },
        { "qemu+ssh://h/system?name=qemu:///system&no_tty=1", 0, NULL },
        { "qemu+ssh://h/system?known_hosts_verify=normal", 0, NULL },
        { "qemu+ssh://localhost/system?command=/path/prog&x=", 1, "/path/prog" },
        { "qemu+ext:///system?command=/usr/bin/prog", 1, "/usr/bin/prog" },
        /* libvirt ignores the case of names and unescapes them. */
        { "qemu+ssh://h/system?COMMAND=/bin/a", 1, "/bin/a" },
        { "qemu+ssh://h/system?%63ommand=/bin/b", 1, "/bin/b" },
        { "qemu+ssh://h/system?command=%2Fbin%2Fc%0A", 1, "/bin/c?" },
        { "qemu+unix:///system?socket=/run/x.sock", 1, "/run/x.sock" },
        { "qemu+ssh://h/system?netcat=/tmp/nc", 1, "/tmp/nc" },
        { "qemu+ssh://h/system?keyfile=/k;no_verify=1", 2, "/k" },
        { "qemu+tls://h/system?pkipath=/tmp/pki", 1, "/tmp/pki" },
        { "qemu+libssh://h/system?known_hosts=/tmp/kh&known_hosts_verify=ignore", 2, "/tmp/kh" },
        { "qemu+ssh://h/system?proxy=netcat", 1, "netcat" },
        { "not a uri?command=/x", 0, NULL },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_auto(GStrv) risks = vimana_uri_describe_risks (cases[i].uri);

        g_test_message ("risks of %s", cases[i].uri);
        if (cases[i].count == 0) {
            g_assert_null (risks);
            continue;
        }
        g_assert_nonnull (risks);
        g_assert_cmpuint (g_strv_length (risks), ==, cases[i].count);
        g_assert_nonnull (strstr (risks[0], cases[i].said));
    }
}

/* Defect 4: a saved URI that runs a program is not opened at every start unasked. */
static void
test_uri_may_autoconnect (void)
{
    static const char * const trusted[] = { "qemu+ssh://h/system?keyfile=/k", NULL };

    g_assert_true (vimana_uri_may_autoconnect ("qemu:///system", NULL));
    g_assert_true (vimana_uri_may_autoconnect ("qemu+ssh://root@h/system", trusted));
    g_assert_false (vimana_uri_may_autoconnect ("qemu+ssh://localhost?command=/path/prog&x=/system",
                                                trusted));
    g_assert_false (vimana_uri_may_autoconnect ("qemu+ssh://h/system?keyfile=/k", NULL));
    g_assert_true (vimana_uri_may_autoconnect ("qemu+ssh://h/system?keyfile=/k", trusted));
    g_assert_false (vimana_uri_may_autoconnect ("qemu+ssh://h/system?keyfile=/other", trusted));
    g_assert_false (vimana_uri_may_autoconnect (NULL, trusted));
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
    g_test_add_func ("/uri/build/checked", test_uri_build_checked);
    g_test_add_func ("/uri/check-host/good", test_uri_check_host_good);
    g_test_add_func ("/uri/check-host/bad", test_uri_check_host_bad);
    g_test_add_func ("/uri/check-user", test_uri_check_user);
    g_test_add_func ("/uri/parse-port", test_uri_parse_port);
    g_test_add_func ("/uri/describe-risks", test_uri_describe_risks);
    g_test_add_func ("/uri/may-autoconnect", test_uri_may_autoconnect);
    g_test_add_func ("/uri/display-name", test_uri_display_name);
    g_test_add_func ("/uri/is-remote", test_uri_is_remote);

    return g_test_run ();
}
