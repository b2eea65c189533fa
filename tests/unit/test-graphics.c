/* test-graphics.c: how the core reads a guest's display from its domain XML, and the console's
 * calls against the libvirt test driver
 *
 * Fixtures are in tests/data/xml/graphics-*.xml.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-error.h"
#include "vimana-graphics.h"

static char *
load_fixture (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "xml", name, NULL);
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    return contents;
}

static VimanaGraphicsInfo *
parse_fixture (const char *name)
{
    g_autofree char *xml = load_fixture (name);
    g_autoptr(GError) error = NULL;
    VimanaGraphicsInfo *info = vimana_graphics_info_new_from_xml (xml, &error);

    g_test_message ("fixture %s", name);
    g_assert_no_error (error);
    g_assert_nonnull (info);
    return info;
}

/* ---- parsing ---- */

static void
test_vnc_autoport_inactive (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-inactive.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_false (info->has_spice);
    g_assert_cmpuint (info->index, ==, 0);
    g_assert_true (info->autoport);
    /* The port is allocated when the guest starts: unknown in the configuration. */
    g_assert_cmpint (info->port, ==, -1);
    g_assert_cmpstr (info->listen, ==, "127.0.0.1");
    g_assert_null (info->socket);
    g_assert_false (info->has_password);
}

static void
test_vnc_autoport_live (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-live.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_cmpuint (info->index, ==, 0);
    g_assert_true (info->autoport);
    g_assert_cmpint (info->port, ==, 5901);
    g_assert_cmpstr (info->listen, ==, "0.0.0.0");
    g_assert_null (info->socket);
    g_assert_false (info->has_password);
}

static void
test_vnc_fixed_port (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-fixed.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_false (info->autoport);
    /* A fixed port is known even in the configuration. */
    g_assert_cmpint (info->port, ==, 5905);
    /* Only the listen attribute is there. */
    g_assert_cmpstr (info->listen, ==, "192.0.2.10");
    g_assert_null (info->socket);
}

static void
test_vnc_listen_element (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-listen-element.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_false (info->autoport);
    g_assert_cmpint (info->port, ==, 5906);
    g_assert_cmpstr (info->listen, ==, "::1");
    g_assert_null (info->socket);
}

static void
test_vnc_socket (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-socket.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_null (info->listen);
    g_assert_cmpstr (info->socket, ==, "/run/x.sock");
}

static void
test_vnc_password (void)
{
    static const char secret[] = "Sekr1t-Do-Not-Keep";
    g_autofree char *xml = load_fixture ("graphics-vnc-password.xml");
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-password.xml");
    g_autoptr(VimanaGraphicsInfo) copy = NULL;

    g_assert_nonnull (strstr (xml, secret));
    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_true (info->has_password);
    g_assert_cmpint (info->port, ==, 5900);
    g_assert_cmpstr (info->listen, ==, "127.0.0.1");

    /* The value is kept nowhere: not in the strings, not in a copy. */
    copy = vimana_graphics_info_copy (info);
    for (VimanaGraphicsInfo *i = info; i != NULL; i = (i == info ? copy : NULL)) {
        g_assert_true (i->has_password);
        g_assert_null (strstr (i->listen ? i->listen : "", secret));
        g_assert_null (strstr (i->socket ? i->socket : "", secret));
    }
}

static void
test_vnc_password_not_secure (void)
{
    /* Without VIR_DOMAIN_XML_SECURE libvirt leaves passwd out but writes its expiry. */
    static const char xml[] =
        "<domain type='kvm' id='5'><name>x</name><devices>"
        "<graphics type='vnc' port='5900' autoport='yes' passwdValidTo='2030-01-01T00:00:00'/>"
        "</devices></domain>";
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaGraphicsInfo) info = vimana_graphics_info_new_from_xml (xml, &error);

    g_assert_no_error (error);
    g_assert_true (info->has_password);
    g_assert_cmpint (info->port, ==, 5900);
    g_assert_null (info->listen);
}

static void
test_vnc_listen_network (void)
{
    /* A network listen has its address in the live description only. */
    static const char live[] =
        "<domain type='kvm' id='5'><name>x</name><devices>"
        "<graphics type='vnc' port='5903' autoport='yes' listen='192.168.122.1'>"
        "<listen type='network' address='192.168.122.1' network='default'/></graphics>"
        "</devices></domain>";
    static const char inactive[] =
        "<domain type='kvm'><name>x</name><devices>"
        "<graphics type='vnc' port='-1' autoport='yes'>"
        "<listen type='network' network='default'/></graphics>"
        "</devices></domain>";
    g_autoptr(VimanaGraphicsInfo) info = vimana_graphics_info_new_from_xml (live, NULL);
    g_autoptr(VimanaGraphicsInfo) config = vimana_graphics_info_new_from_xml (inactive, NULL);

    g_assert_cmpstr (info->listen, ==, "192.168.122.1");
    g_assert_cmpint (info->port, ==, 5903);
    g_assert_null (config->listen);
    g_assert_cmpint (config->port, ==, -1);
    g_assert_true (config->autoport);
}

static void
test_spice_only (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-spice.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_SPICE);
    g_assert_true (info->has_spice);
    g_assert_cmpuint (info->index, ==, 0);
    g_assert_true (info->autoport);
    g_assert_cmpint (info->port, ==, 5930);
    g_assert_cmpint (info->tls_port, ==, 5931);
    g_assert_cmpstr (info->listen, ==, "127.0.0.1");
    g_assert_null (info->socket);
    g_assert_false (info->has_password);
}

static void
test_spice_inactive (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-spice-inactive.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_SPICE);
    g_assert_true (info->autoport);
    /* Both ports are allocated when the guest starts. */
    g_assert_cmpint (info->port, ==, -1);
    g_assert_cmpint (info->tls_port, ==, -1);
    /* An address listen without an address: any. */
    g_assert_null (info->listen);
    g_assert_null (info->socket);
}

static void
test_spice_tls (void)
{
    static const char secret[] = "Sp1ce-Secret";
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-spice-tls.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_SPICE);
    g_assert_false (info->autoport);
    g_assert_cmpint (info->port, ==, 5940);
    g_assert_cmpint (info->tls_port, ==, 5941);
    /* A network listen, resolved in the live description. */
    g_assert_cmpstr (info->listen, ==, "192.0.2.20");
    g_assert_null (info->socket);
    g_assert_true (info->has_password);
    g_assert_null (strstr (info->listen, secret));
}

static void
test_spice_tls_only (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-spice-tls-only.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_SPICE);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_cmpint (info->tls_port, ==, 5951);
    g_assert_cmpstr (info->listen, ==, "0.0.0.0");
}

static void
test_spice_socket (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-spice-socket.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_SPICE);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_cmpint (info->tls_port, ==, -1);
    g_assert_null (info->listen);
    g_assert_cmpstr (info->socket, ==, "/run/libvirt/qemu/spice-socket.sock");
}

static void
test_vnc_has_no_tls_port (void)
{
    /* tlsPort means nothing on VNC: its TLS runs on the one port. */
    static const char xml[] =
        "<domain type='kvm' id='5'><name>x</name><devices>"
        "<graphics type='vnc' port='5900' tlsPort='5901' autoport='yes'/>"
        "</devices></domain>";
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaGraphicsInfo) info = vimana_graphics_info_new_from_xml (xml, &error);

    g_assert_no_error (error);
    g_assert_cmpint (info->port, ==, 5900);
    g_assert_cmpint (info->tls_port, ==, -1);
}

static void
test_vnc_and_spice (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-spice.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_true (info->has_spice);
    /* SPICE is 0 and egl-headless 1; the namespaced element does not count. */
    g_assert_cmpuint (info->index, ==, 2);
    g_assert_cmpint (info->port, ==, 5902);
    g_assert_cmpstr (info->listen, ==, "127.0.0.1");
}

static void
test_none (void)
{
    static const char no_devices[] = "<domain type='test'><name>x</name></domain>";
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-none.xml");
    g_autoptr(VimanaGraphicsInfo) bare = vimana_graphics_info_new_from_xml (no_devices, NULL);

    for (VimanaGraphicsInfo *i = info; i != NULL; i = (i == info ? bare : NULL)) {
        g_assert_cmpint (i->type, ==, VIMANA_GRAPHICS_NONE);
        g_assert_false (i->has_spice);
        g_assert_cmpuint (i->index, ==, 0);
        g_assert_false (i->autoport);
        g_assert_cmpint (i->port, ==, -1);
        g_assert_null (i->listen);
        g_assert_null (i->socket);
        g_assert_false (i->has_password);
    }
}

static void
test_egl_headless (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-egl-headless.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_OTHER);
    g_assert_false (info->has_spice);
    g_assert_cmpuint (info->index, ==, 0);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_null (info->listen);
    g_assert_null (info->socket);
}

static void
test_two_vnc (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-two-vnc.xml");

    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_VNC);
    g_assert_cmpuint (info->index, ==, 0);
    g_assert_false (info->autoport);
    g_assert_cmpint (info->port, ==, 5910);
    g_assert_cmpstr (info->listen, ==, "127.0.0.1");
}

static void
assert_invalid (const char *xml)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaGraphicsInfo) info = vimana_graphics_info_new_from_xml (xml, &error);

    g_assert_null (info);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (strlen (error->message), >, 0);
}

static void
test_invalid (void)
{
    static const char * const fixtures[] = { "graphics-invalid.xml", "not-a-domain.xml" };

    for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++) {
        g_autofree char *xml = load_fixture (fixtures[i]);

        g_test_message ("fixture %s", fixtures[i]);
        assert_invalid (xml);
    }
    assert_invalid ("");
    assert_invalid ("<graphics type='vnc' port='5900'/>");
    assert_invalid ("<domain xmlns='http://example.org/'><devices><graphics type='vnc'/>"
                    "</devices></domain>");
}

static void
test_boxed (void)
{
    g_autoptr(VimanaGraphicsInfo) info = parse_fixture ("graphics-vnc-socket.xml");
    g_autoptr(VimanaGraphicsInfo) copy = NULL;
    GType type = VIMANA_TYPE_GRAPHICS_INFO;

    g_assert_true (G_TYPE_IS_BOXED (type));
    g_assert_cmpstr (g_type_name (type), ==, "VimanaGraphicsInfo");

    copy = g_boxed_copy (type, info);
    g_assert_true (copy != info);
    g_assert_true (copy->socket != info->socket);
    g_assert_cmpint (copy->type, ==, info->type);
    g_assert_cmpuint (copy->index, ==, info->index);
    g_assert_cmpint (copy->port, ==, info->port);
    g_assert_cmpstr (copy->socket, ==, "/run/x.sock");
    g_assert_null (copy->listen);
    vimana_graphics_info_free (NULL);
}

/* ---- against the test driver ---- */

static void
test_default_console (void)
{
    VimanaConnection *connection = test_connection_open ("test:///default");
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, "test");
    g_autoptr(VimanaGraphicsInfo) info = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };
    int fd;

    g_assert_nonnull (domain);
    g_assert_true (vimana_domain_get_active (domain));
    /* test:///default has no host and no transport. */
    g_assert_true (vimana_connection_is_local (connection));

    /* The test driver's guest "test" has no <graphics>: no display, and no error. */
    vimana_domain_fetch_graphics_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the graphics");
    info = vimana_domain_fetch_graphics_finish (domain, wait.result, &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (info);
    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_NONE);
    g_assert_false (info->has_spice);
    g_assert_cmpint (info->port, ==, -1);
    g_assert_null (info->listen);
    g_assert_null (info->socket);

    /* The test driver cannot pass a descriptor: an error to fall back on, not a crash. */
    wait = (TestWaitAsync) { 0 };
    vimana_domain_open_graphics_async (domain, 0, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the graphics descriptor");
    fd = vimana_domain_open_graphics_finish (domain, wait.result, &error);
    g_clear_object (&wait.result);
    g_assert_cmpint (fd, ==, -1);
    g_assert_nonnull (error);
    g_assert_true (error->domain == VIMANA_ERROR);
    g_assert_cmpuint (strlen (error->message), >, 0);
    g_test_message ("open_graphics: %s (code %d)", error->message, error->code);

    test_connection_close (connection);
}

static void
rebooted_cb (VimanaDomain *domain,
             gpointer      user_data)
{
    (*(guint *) user_data)++;
}

static void
test_default_rebooted_signal (void)
{
    VimanaConnection *connection = test_connection_open ("test:///default");
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, "test");
    guint rebooted = 0;
    GSignalQuery query;

    g_assert_nonnull (domain);
    g_signal_query (g_signal_lookup ("rebooted", VIMANA_TYPE_DOMAIN), &query);
    g_assert_cmpuint (query.signal_id, !=, 0);
    g_assert_cmpuint (query.return_type, ==, G_TYPE_NONE);
    g_assert_cmpuint (query.n_params, ==, 0);
    g_signal_connect (domain, "rebooted", G_CALLBACK (rebooted_cb), &rebooted);
    /* The test driver sends no reboot event (virDomainReboot changes nothing it reports), so
     * the signal is emitted as the connection's handler emits it; the real event is covered
     * by the system test of the console against QEMU. */
    g_signal_emit_by_name (domain, "rebooted");
    g_assert_cmpuint (rebooted, ==, 1);
    g_signal_handlers_disconnect_by_func (domain, rebooted_cb, &rebooted);

    test_connection_close (connection);
}

static void
silence_libvirt (void       *data,
                 virErrorPtr error)
{
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    /* libvirt's events reach the main context through libvirt-glib: before any connection. */
    gvir_event_register ();
    virSetErrorFunc (NULL, silence_libvirt);

    g_test_add_func ("/graphics/vnc/autoport-inactive", test_vnc_autoport_inactive);
    g_test_add_func ("/graphics/vnc/autoport-live", test_vnc_autoport_live);
    g_test_add_func ("/graphics/vnc/fixed-port", test_vnc_fixed_port);
    g_test_add_func ("/graphics/vnc/listen-element", test_vnc_listen_element);
    g_test_add_func ("/graphics/vnc/listen-network", test_vnc_listen_network);
    g_test_add_func ("/graphics/vnc/socket", test_vnc_socket);
    g_test_add_func ("/graphics/vnc/password", test_vnc_password);
    g_test_add_func ("/graphics/vnc/password-not-secure", test_vnc_password_not_secure);
    g_test_add_func ("/graphics/spice-only", test_spice_only);
    g_test_add_func ("/graphics/spice/inactive", test_spice_inactive);
    g_test_add_func ("/graphics/spice/tls", test_spice_tls);
    g_test_add_func ("/graphics/spice/tls-only", test_spice_tls_only);
    g_test_add_func ("/graphics/spice/socket", test_spice_socket);
    g_test_add_func ("/graphics/vnc/no-tls-port", test_vnc_has_no_tls_port);
    g_test_add_func ("/graphics/vnc-and-spice", test_vnc_and_spice);
    g_test_add_func ("/graphics/none", test_none);
    g_test_add_func ("/graphics/egl-headless", test_egl_headless);
    g_test_add_func ("/graphics/two-vnc", test_two_vnc);
    g_test_add_func ("/graphics/invalid", test_invalid);
    g_test_add_func ("/graphics/boxed", test_boxed);
    g_test_add_func ("/graphics/default/console", test_default_console);
    g_test_add_func ("/graphics/default/rebooted-signal", test_default_rebooted_signal);

    return g_test_run ();
}
