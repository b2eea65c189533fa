/* test-domain-xml.c: what the core reads from domain XML (details and disks)
 *
 * Fixtures are in tests/data/xml/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>

#include "vimana-domain.h"
#include "vimana-domain-xml.h"
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

static void
test_details_full (void)
{
    g_autofree char *xml = load_fixture ("domain-disks.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainDetails) details = vimana_domain_details_new_from_xml (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (details);
    g_assert_cmpstr (details->domain_type, ==, "kvm");
    g_assert_cmpstr (details->os_type, ==, "hvm");
    g_assert_cmpstr (details->arch, ==, "x86_64");
    g_assert_cmpstr (details->machine, ==, "pc-q35-7.2");
    g_assert_cmpstr (details->emulator, ==, "/usr/bin/qemu-system-x86_64");
    g_assert_cmpstr (details->description, ==, "A guest with every kind of disk the core knows.");
}

static void
test_details_minimal (void)
{
    g_autofree char *xml = load_fixture ("domain-minimal.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainDetails) details = vimana_domain_details_new_from_xml (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (details);
    g_assert_cmpstr (details->domain_type, ==, "test");
    g_assert_cmpstr (details->os_type, ==, "hvm");
    g_assert_null (details->arch);
    g_assert_null (details->machine);
    g_assert_null (details->emulator);
    g_assert_null (details->description);
}

static void
test_details_no_devices (void)
{
    g_autofree char *xml = load_fixture ("domain-no-devices.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainDetails) details = vimana_domain_details_new_from_xml (xml, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (details->domain_type, ==, "qemu");
    g_assert_cmpstr (details->arch, ==, "aarch64");
    g_assert_cmpstr (details->machine, ==, "virt");
    g_assert_null (details->emulator);
}

static void
test_details_boxed (void)
{
    g_autofree char *xml = load_fixture ("domain-disks.xml");
    g_autoptr(VimanaDomainDetails) details = vimana_domain_details_new_from_xml (xml, NULL);
    g_autoptr(VimanaDomainDetails) copy = NULL;
    GType type = VIMANA_TYPE_DOMAIN_DETAILS;

    g_assert_true (G_TYPE_IS_BOXED (type));
    g_assert_cmpstr (g_type_name (type), ==, "VimanaDomainDetails");

    /* Views keep details in GValues: the boxed copy is deep. */
    copy = g_boxed_copy (type, details);
    g_assert_true (copy != details);
    g_assert_true (copy->arch != details->arch);
    g_assert_cmpstr (copy->domain_type, ==, "kvm");
    g_assert_cmpstr (copy->os_type, ==, "hvm");
    g_assert_cmpstr (copy->arch, ==, "x86_64");
    g_assert_cmpstr (copy->machine, ==, "pc-q35-7.2");
    g_assert_cmpstr (copy->emulator, ==, details->emulator);
    g_assert_cmpstr (copy->description, ==, details->description);
    vimana_domain_details_free (NULL);
}

static VimanaDiskSource *
disk_at (GPtrArray *disks,
         guint      index)
{
    g_assert_cmpuint (index, <, disks->len);
    return g_ptr_array_index (disks, index);
}

static void
test_disks_all_kinds (void)
{
    g_autofree char *xml = load_fixture ("domain-disks.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) disks = vimana_domain_xml_parse_disks (xml, &error);
    VimanaDiskSource *disk;

    g_assert_no_error (error);
    g_assert_nonnull (disks);
    /* Seven <disk>s in <devices>; the empty CD-ROM drive has no source and the namespaced
     * elements (in <metadata> and in <devices>) are not libvirt's: 6 remain, in order. */
    g_assert_cmpuint (disks->len, ==, 6);

    disk = disk_at (disks, 0);
    g_assert_cmpint (disk->type, ==, VIMANA_DISK_SOURCE_FILE);
    g_assert_cmpstr (disk->device, ==, "disk");
    g_assert_cmpstr (disk->target, ==, "vda");
    g_assert_cmpstr (disk->path, ==, "/var/lib/libvirt/images/disks.qcow2");
    g_assert_null (disk->pool);
    g_assert_null (disk->volume);
    g_assert_false (disk->readonly);
    g_assert_false (disk->shareable);

    disk = disk_at (disks, 1);
    g_assert_cmpint (disk->type, ==, VIMANA_DISK_SOURCE_BLOCK);
    g_assert_cmpstr (disk->device, ==, "disk");
    g_assert_cmpstr (disk->target, ==, "vdb");
    g_assert_cmpstr (disk->path, ==, "/dev/vg0/data");
    g_assert_false (disk->readonly);
    g_assert_true (disk->shareable);

    disk = disk_at (disks, 2);
    g_assert_cmpint (disk->type, ==, VIMANA_DISK_SOURCE_VOLUME);
    g_assert_cmpstr (disk->target, ==, "vdc");
    g_assert_null (disk->path);
    g_assert_cmpstr (disk->pool, ==, "default");
    g_assert_cmpstr (disk->volume, ==, "scratch.raw");
    g_assert_false (disk->readonly);
    g_assert_false (disk->shareable);

    disk = disk_at (disks, 3);
    g_assert_cmpint (disk->type, ==, VIMANA_DISK_SOURCE_FILE);
    g_assert_cmpstr (disk->device, ==, "cdrom");
    g_assert_cmpstr (disk->target, ==, "sda");
    g_assert_cmpstr (disk->path, ==, "/var/lib/libvirt/images/installer.iso");
    g_assert_true (disk->readonly);
    g_assert_false (disk->shareable);

    disk = disk_at (disks, 4);
    g_assert_cmpint (disk->type, ==, VIMANA_DISK_SOURCE_OTHER);
    g_assert_cmpstr (disk->target, ==, "vdd");
    g_assert_null (disk->path);
    g_assert_null (disk->pool);

    disk = disk_at (disks, 5);
    g_assert_cmpint (disk->type, ==, VIMANA_DISK_SOURCE_FILE);
    g_assert_cmpstr (disk->device, ==, "floppy");
    g_assert_cmpstr (disk->target, ==, "fda");
    g_assert_cmpstr (disk->path, ==, "/tmp/floppy.img");

    for (guint i = 0; i < disks->len; i++) {
        disk = disk_at (disks, i);
        g_assert_null (g_strstr_len (disk->path ? disk->path : "", -1, "must/not/count"));
        g_assert_cmpstr (disk->target, !=, "vdz");
    }
}

static void
test_disks_none (void)
{
    static const char * const fixtures[] = { "domain-minimal.xml", "domain-no-devices.xml" };

    for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++) {
        g_autofree char *xml = load_fixture (fixtures[i]);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) disks = vimana_domain_xml_parse_disks (xml, &error);

        g_assert_no_error (error);
        /* No disks is an empty list, not a failure. */
        g_assert_nonnull (disks);
        g_assert_cmpuint (disks->len, ==, 0);
    }
}

static void
test_disks_inline (void)
{
    /* No device attribute means "disk"; no target is allowed. */
    static const char xml[] =
        "<domain type='test'><name>x</name><devices>"
        "<disk type='file'><source file='/a.img'/></disk>"
        "<disk type='block' device='lun'><source dev='/dev/sdz'/><target dev='sdz'/>"
        "<readonly/><shareable/></disk>"
        "<disk type='file' device='cdrom'><target dev='hdc'/></disk>"
        "</devices></domain>";
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) disks = vimana_domain_xml_parse_disks (xml, &error);
    VimanaDiskSource *disk;

    g_assert_no_error (error);
    g_assert_cmpuint (disks->len, ==, 2);
    disk = disk_at (disks, 0);
    g_assert_cmpstr (disk->device, ==, "disk");
    g_assert_null (disk->target);
    g_assert_cmpstr (disk->path, ==, "/a.img");
    disk = disk_at (disks, 1);
    g_assert_cmpstr (disk->device, ==, "lun");
    g_assert_true (disk->readonly);
    g_assert_true (disk->shareable);

    vimana_disk_source_free (NULL);
}

static void
assert_invalid (const char *xml)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) disks_error = NULL;
    g_autoptr(VimanaDomainDetails) details = NULL;
    g_autoptr(GPtrArray) disks = NULL;

    details = vimana_domain_details_new_from_xml (xml, &error);
    g_assert_null (details);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_cmpuint (strlen (error->message), >, 0);

    disks = vimana_domain_xml_parse_disks (xml, &disks_error);
    g_assert_null (disks);
    g_assert_error (disks_error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
}

/* User-mode NICs have no host-side device to ask for counters: counted, not listed. */
static void
test_interfaces_user_mode (void)
{
    const char *xml =
        "<domain type='kvm'><name>n</name><devices>"
        "<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
        "<interface type='network'><mac address='52:54:00:00:00:02'/>"
        "<source network='default'/><target dev='vnet7'/></interface>"
        "<interface type='user'><mac address='52:54:00:00:00:03'/></interface>"
        "</devices></domain>";
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) names = vimana_domain_xml_parse_interfaces (xml, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (names), ==, 1);
    g_assert_cmpstr (names[0], ==, "vnet7");
    g_assert_cmpuint (vimana_domain_xml_count_user_interfaces (xml), ==, 2);
    g_assert_cmpuint (vimana_domain_xml_count_user_interfaces (
                          "<domain><name>n</name><devices/></domain>"), ==, 0);
    g_assert_cmpuint (vimana_domain_xml_count_user_interfaces ("<not xml"), ==, 0);
}

static void
test_invalid_xml (void)
{
    static const char * const fixtures[] = { "truncated.xml", "not-a-domain.xml" };

    for (gsize i = 0; i < G_N_ELEMENTS (fixtures); i++) {
        g_autofree char *xml = load_fixture (fixtures[i]);

        g_test_message ("fixture %s", fixtures[i]);
        assert_invalid (xml);
    }
    assert_invalid ("");
    assert_invalid ("this is not XML");
    assert_invalid ("<domain><name>a</name></domain><domain/>");
    /* A <domain> in some other namespace is not libvirt's. */
    assert_invalid ("<domain xmlns='http://example.org/'><name>a</name></domain>");
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/domain-xml/details/full", test_details_full);
    g_test_add_func ("/domain-xml/details/minimal", test_details_minimal);
    g_test_add_func ("/domain-xml/details/no-devices", test_details_no_devices);
    g_test_add_func ("/domain-xml/details/boxed", test_details_boxed);
    g_test_add_func ("/domain-xml/disks/all-kinds", test_disks_all_kinds);
    g_test_add_func ("/domain-xml/disks/none", test_disks_none);
    g_test_add_func ("/domain-xml/disks/inline", test_disks_inline);
    g_test_add_func ("/domain-xml/interfaces/user-mode", test_interfaces_user_mode);
    g_test_add_func ("/domain-xml/invalid", test_invalid_xml);

    return g_test_run ();
}
