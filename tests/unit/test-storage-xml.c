/* test-storage-xml.c: the one volume spec every caller creates volumes from, and its XML
 *
 * The XML is checked against libvirt's own schema with virt-xml-validate (skipped where it is
 * not installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-storage-xml.h"
#include "vimana-xml.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)

static void
assert_valid_volume_xml (const char *xml)
{
    g_autofree char *validator = g_find_program_in_path ("virt-xml-validate");
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int fd;
    int status = -1;

    if (validator == NULL) {
        g_test_message ("virt-xml-validate is not installed: schema not checked");
        return;
    }
    fd = g_file_open_tmp ("vimana-volume-XXXXXX.xml", &path, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    g_close (fd, NULL);
    g_assert_true (g_spawn_sync (NULL, (char *[]) { validator, path, (char *) "storagevol", NULL },
                                 NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("virt-xml-validate refused\n%s\n%s%s", xml, out, err);
    g_unlink (path);
}

static void
test_spec_xml (void)
{
    VimanaStorageVolumeSpec spec = { .name = "web & db.qcow2", .capacity = 20 * GIB };
    g_autofree char *xml = vimana_storage_volume_spec_to_xml (&spec);
    g_autofree char *name = vimana_xml_get_value (xml, "name", NULL, NULL);
    g_autofree char *capacity = vimana_xml_get_value (xml, "capacity", NULL, NULL);
    g_autofree char *unit = vimana_xml_get_value (xml, "capacity", NULL, "unit");
    g_autofree char *allocation = vimana_xml_get_value (xml, "allocation", NULL, NULL);
    g_autofree char *format = vimana_xml_get_value (xml, "target", "format", "type");
    g_autofree char *backing = vimana_xml_get_value (xml, "backingStore", "path", NULL);

    g_test_message ("%s", xml);
    g_assert_true (g_str_has_prefix (xml, "<volume>"));
    /* Escaped in the XML, whole again when read. */
    g_assert_nonnull (strstr (xml, "web &amp; db.qcow2"));
    g_assert_cmpstr (name, ==, "web & db.qcow2");
    g_assert_cmpstr (capacity, ==, "21474836480");
    g_assert_cmpstr (unit, ==, "bytes");
    /* Sparse unless told otherwise, and qcow2. */
    g_assert_cmpstr (allocation, ==, "0");
    g_assert_cmpstr (format, ==, "qcow2");
    g_assert_null (backing);
    assert_valid_volume_xml (xml);
}

static void
test_spec_xml_raw_allocated (void)
{
    VimanaStorageVolumeSpec spec = {
        .name = "data.raw", .format = "raw", .capacity = GIB, .allocation = GIB,
    };
    g_autofree char *xml = vimana_storage_volume_spec_to_xml (&spec);
    g_autofree char *allocation = vimana_xml_get_value (xml, "allocation", NULL, NULL);
    g_autofree char *format = vimana_xml_get_value (xml, "target", "format", "type");

    g_assert_cmpstr (allocation, ==, "1073741824");
    g_assert_cmpstr (format, ==, "raw");
    assert_valid_volume_xml (xml);
}

/* An overlay, as a linked clone is made: the base is named with its format. */
static void
test_spec_xml_backing (void)
{
    VimanaStorageVolumeSpec spec = {
        .name = "clone.qcow2", .capacity = 10 * GIB,
        .backing_path = "/var/lib/libvirt/images/base.qcow2",
    };
    g_autofree char *xml = vimana_storage_volume_spec_to_xml (&spec);
    g_autofree char *backing = vimana_xml_get_value (xml, "backingStore", "path", NULL);
    g_autofree char *backing_format = vimana_xml_get_value (xml, "backingStore", "format", "type");
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_storage_volume_spec_check (&spec, G_MAXUINT64, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (backing, ==, "/var/lib/libvirt/images/base.qcow2");
    g_assert_cmpstr (backing_format, ==, "qcow2");
    assert_valid_volume_xml (xml);
}

static void
test_spec_check (void)
{
    static const struct {
        VimanaStorageVolumeSpec  spec;
        guint64                  available;
        gboolean                 ok;
        const char              *words;
    } cases[] = {
        { { .name = "a.qcow2", .capacity = GIB }, G_MAXUINT64, TRUE, NULL },
        { { .name = "a.raw", .format = "raw", .capacity = GIB, .allocation = GIB }, GIB, TRUE, NULL },
        { { .name = "a.qcow2", .capacity = GIB }, GIB - 1, FALSE, "free" },
        { { .name = "a.qcow2", .capacity = 1024 }, G_MAXUINT64, FALSE, "1 MiB" },
        { { .name = NULL, .capacity = GIB }, G_MAXUINT64, FALSE, "name" },
        { { .name = "", .capacity = GIB }, G_MAXUINT64, FALSE, "name" },
        { { .name = "../etc.qcow2", .capacity = GIB }, G_MAXUINT64, FALSE, "path" },
        { { .name = "..", .capacity = GIB }, G_MAXUINT64, FALSE, "path" },
        { { .name = "a.vdi", .format = "vdi", .capacity = GIB }, G_MAXUINT64, FALSE, "vdi" },
        { { .name = "a.qcow2", .capacity = GIB, .allocation = 2 * GIB }, G_MAXUINT64, FALSE,
          "allocate" },
        { { .name = "a.raw", .format = "raw", .capacity = GIB, .backing_path = "/b.qcow2" },
          G_MAXUINT64, FALSE, "overlay" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        gboolean ok = vimana_storage_volume_spec_check (&cases[i].spec, cases[i].available, &error);

        g_test_message ("%s: %s", cases[i].spec.name != NULL ? cases[i].spec.name : "(no name)",
                        error != NULL ? error->message : "ok");
        g_assert_cmpint (ok, ==, cases[i].ok);
        if (cases[i].ok) {
            g_assert_no_error (error);
            continue;
        }
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, cases[i].words));
    }
}

static void
test_xml_get_value (void)
{
    static const char xml[] = "<pool type='dir'><name>p</name><target><path>/x</path>"
                              "</target><target><path>/second</path></target></pool>";
    g_autofree char *type = vimana_xml_get_value (xml, NULL, NULL, "type");
    g_autofree char *path = vimana_xml_get_value (xml, "target", "path", NULL);
    g_autofree char *missing = vimana_xml_get_value (xml, "source", "host", "name");
    g_autofree char *garbage = vimana_xml_get_value ("<pool", NULL, NULL, "type");
    g_autofree char *none = vimana_xml_get_value (NULL, NULL, NULL, "type");

    g_assert_cmpstr (type, ==, "dir");
    g_assert_cmpstr (path, ==, "/x");
    g_assert_null (missing);
    g_assert_null (garbage);
    g_assert_null (none);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/storage-xml/spec", test_spec_xml);
    g_test_add_func ("/storage-xml/spec-raw-allocated", test_spec_xml_raw_allocated);
    g_test_add_func ("/storage-xml/spec-backing", test_spec_xml_backing);
    g_test_add_func ("/storage-xml/spec-check", test_spec_check);
    g_test_add_func ("/storage-xml/get-value", test_xml_get_value);

    return g_test_run ();
}
