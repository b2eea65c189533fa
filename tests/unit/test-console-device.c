/* test-console-device.c: how the core reads a guest's serial and text consoles from its
 * domain XML
 *
 * Fixtures are in tests/data/xml/console-*.xml (and graphics-vnc-live.xml, which has none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vimana-console-device.h"
#include "vimana-error.h"

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

static GPtrArray *
parse_fixture (const char *name)
{
    g_autofree char *xml = load_fixture (name);
    g_autoptr(GError) error = NULL;
    GPtrArray *devices = vimana_console_devices_new_from_xml (xml, &error);

    g_test_message ("fixture %s", name);
    g_assert_no_error (error);
    g_assert_nonnull (devices);
    return devices;
}

static void
test_serial_live (void)
{
    g_autoptr(GPtrArray) devices = parse_fixture ("console-serial-live.xml");
    VimanaConsoleDevice *serial;

    /* The <console> for serial0 is the same port: listed once. */
    g_assert_cmpuint (devices->len, ==, 1);
    serial = g_ptr_array_index (devices, 0);
    g_assert_cmpint (serial->kind, ==, VIMANA_CONSOLE_DEVICE_SERIAL);
    g_assert_cmpstr (serial->name, ==, "serial0");
    g_assert_cmpstr (serial->alias, ==, "serial0");
    g_assert_cmpstr (serial->source_type, ==, "pty");
    g_assert_cmpstr (serial->pty, ==, "/dev/pts/5");
    g_assert_cmpstr (serial->target_type, ==, "isa-serial");
    g_assert_cmpint (serial->port, ==, 0);
    g_assert_true (serial->can_open);
    g_assert_cmpstr (vimana_console_device_get_dev_name (serial), ==, "serial0");
}

static void
test_serial_and_virtio (void)
{
    g_autoptr(GPtrArray) devices = parse_fixture ("console-virtio.xml");
    VimanaConsoleDevice *serial, *virtio;

    g_assert_cmpuint (devices->len, ==, 2);
    serial = g_ptr_array_index (devices, 0);
    virtio = g_ptr_array_index (devices, 1);

    g_assert_cmpint (serial->kind, ==, VIMANA_CONSOLE_DEVICE_SERIAL);
    g_assert_cmpstr (serial->name, ==, "serial0");
    /* Inactive: no alias and no pty yet, but it can be opened once the guest runs. */
    g_assert_null (serial->alias);
    g_assert_null (serial->pty);
    g_assert_true (serial->can_open);
    g_assert_cmpstr (vimana_console_device_get_dev_name (serial), ==, "serial0");

    /* console0 is serial0 again, so the virtio console is console1, as libvirt names it; the
     * guest agent's <channel> is not a console. */
    g_assert_cmpint (virtio->kind, ==, VIMANA_CONSOLE_DEVICE_CONSOLE);
    g_assert_cmpstr (virtio->name, ==, "console1");
    g_assert_cmpstr (virtio->target_type, ==, "virtio");
    g_assert_cmpint (virtio->port, ==, 1);
    g_assert_true (virtio->can_open);
    g_assert_cmpstr (vimana_console_device_get_dev_name (virtio), ==, "console1");
}

static void
test_only_virtio (void)
{
    g_autoptr(GPtrArray) devices = parse_fixture ("console-only-virtio.xml");
    VimanaConsoleDevice *console;

    /* Without a serial port, a <console> is its own device even as console0. */
    g_assert_cmpuint (devices->len, ==, 1);
    console = g_ptr_array_index (devices, 0);
    g_assert_cmpint (console->kind, ==, VIMANA_CONSOLE_DEVICE_CONSOLE);
    g_assert_cmpstr (console->name, ==, "console0");
    g_assert_cmpstr (console->alias, ==, "console0");
    g_assert_cmpstr (console->pty, ==, "/dev/pts/8");
    g_assert_cmpstr (console->target_type, ==, "virtio");
    g_assert_true (console->can_open);
}

static void
test_not_pty (void)
{
    g_autoptr(GPtrArray) devices = parse_fixture ("console-not-pty.xml");
    VimanaConsoleDevice *file, *tcp;

    g_assert_cmpuint (devices->len, ==, 2);
    file = g_ptr_array_index (devices, 0);
    tcp = g_ptr_array_index (devices, 1);

    /* A file's path is not a pty, and virDomainOpenConsole cannot open either. */
    g_assert_cmpstr (file->name, ==, "serial0");
    g_assert_cmpstr (file->source_type, ==, "file");
    g_assert_null (file->pty);
    g_assert_null (file->target_type);
    g_assert_false (file->can_open);

    g_assert_cmpstr (tcp->name, ==, "serial1");
    g_assert_cmpstr (tcp->source_type, ==, "tcp");
    g_assert_cmpstr (tcp->target_type, ==, "pci-serial");
    g_assert_cmpint (tcp->port, ==, 1);
    g_assert_false (tcp->can_open);
}

static void
test_none (void)
{
    g_autoptr(GPtrArray) devices = parse_fixture ("graphics-vnc-live.xml");
    g_autoptr(GPtrArray) no_devices = parse_fixture ("domain-no-devices.xml");

    g_assert_cmpuint (devices->len, ==, 0);
    g_assert_cmpuint (no_devices->len, ==, 0);
}

static void
test_invalid (void)
{
    const char *names[] = { "not-a-domain.xml", "truncated.xml" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *xml = load_fixture (names[i]);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) devices = vimana_console_devices_new_from_xml (xml, &error);

        g_test_message ("fixture %s", names[i]);
        g_assert_null (devices);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_copy (void)
{
    g_autoptr(GPtrArray) devices = parse_fixture ("console-serial-live.xml");
    VimanaConsoleDevice *device = g_ptr_array_index (devices, 0);
    g_autoptr(VimanaConsoleDevice) copy = vimana_console_device_copy (device);

    g_assert_true (copy->name != device->name);
    g_assert_cmpstr (copy->name, ==, device->name);
    g_assert_cmpstr (copy->alias, ==, device->alias);
    g_assert_cmpstr (copy->pty, ==, device->pty);
    g_assert_cmpstr (copy->source_type, ==, device->source_type);
    g_assert_cmpstr (copy->target_type, ==, device->target_type);
    g_assert_cmpint (copy->port, ==, device->port);
    g_assert_cmpint (copy->can_open, ==, device->can_open);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/console-device/serial-live", test_serial_live);
    g_test_add_func ("/console-device/serial-and-virtio", test_serial_and_virtio);
    g_test_add_func ("/console-device/only-virtio", test_only_virtio);
    g_test_add_func ("/console-device/not-pty", test_not_pty);
    g_test_add_func ("/console-device/none", test_none);
    g_test_add_func ("/console-device/invalid", test_invalid);
    g_test_add_func ("/console-device/copy", test_copy);
    return g_test_run ();
}
