/* test-snapshot-files.c: the files an external snapshot made, from its XML
 *
 * Fixtures in tests/data/snapshots/files-*.xml: an external snapshot with memory, a file
 * overlay, a block overlay (not a file: not listed), a disk left out and a repeated overlay;
 * an internal snapshot, which made no files. The guest's own disks inside <domain> never count.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "vimana-error.h"
#include "vimana-snapshot.h"

static char *
read_fixture (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots", name, NULL);
    g_autoptr(GError) error = NULL;
    char *text = NULL;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    return text;
}

static void
test_snapshot_files_external (void)
{
    g_autofree char *xml = read_fixture ("files-external-memory.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files = vimana_snapshot_external_files (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (files);
    g_assert_cmpuint (files->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (files, 0), ==, "/var/lib/libvirt/images/web.with-memory.mem");
    g_assert_cmpstr (g_ptr_array_index (files, 1), ==,
                     "/var/lib/libvirt/images/web.with-memory.qcow2");
}

static void
test_snapshot_files_internal (void)
{
    g_autofree char *xml = read_fixture ("files-internal.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files = vimana_snapshot_external_files (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (files);
    g_assert_cmpuint (files->len, ==, 0);
}

static void
test_snapshot_files_relative (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files =
        vimana_snapshot_external_files ("<domainsnapshot><name>s</name>"
                                        "<memory snapshot='external' file='relative.mem'/>"
                                        "<disks><disk name='vda' snapshot='external'>"
                                        "<source file='/images/s.qcow2'/></disk></disks>"
                                        "</domainsnapshot>", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (files->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (files, 0), ==, "/images/s.qcow2");
}

static void
test_snapshot_files_bad (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) files = vimana_snapshot_external_files ("not xml <", &error);

    g_assert_null (files);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_clear_error (&error);
    files = vimana_snapshot_external_files ("<domain><name>web</name></domain>", &error);
    g_assert_null (files);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
}

static void
test_snapshot_files_i12rev_bases (void)
{
    g_autofree char *xml = read_fixture ("files-external-memory.xml");
    g_autofree char *internal = read_fixture ("files-internal.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) bases = vimana_snapshot_external_bases (xml, &error);

    /* vda's overlay covers web.qcow2; vdb and sda are in no <domain> disk: nothing to add. */
    g_assert_no_error (error);
    g_assert_cmpuint (bases->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (bases, 0), ==, "/var/lib/libvirt/images/web.qcow2");
    g_clear_pointer (&bases, g_ptr_array_unref);

    bases = vimana_snapshot_external_bases (internal, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (bases->len, ==, 0);
    g_clear_pointer (&bases, g_ptr_array_unref);

    /* The second snapshot of a chain: its base is the first one's overlay; vdb stayed. */
    bases = vimana_snapshot_external_bases ("<domainsnapshot><name>s2</name>"
                                            "<disks><disk name='vda' snapshot='external'>"
                                            "<source file='/images/g.s2'/></disk>"
                                            "<disk name='vdb' snapshot='no'/></disks>"
                                            "<domain><devices>"
                                            "<disk><source file='/images/g.s1'/>"
                                            "<target dev='vda'/></disk>"
                                            "<disk><source file='/images/data.raw'/>"
                                            "<target dev='vdb'/></disk>"
                                            "</devices></domain></domainsnapshot>", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (bases->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (bases, 0), ==, "/images/g.s1");
    g_clear_pointer (&bases, g_ptr_array_unref);

    bases = vimana_snapshot_external_bases ("<domain/>", &error);
    g_assert_null (bases);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
    g_setenv ("LANGUAGE", "C", TRUE);
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/snapshot-files/external", test_snapshot_files_external);
    g_test_add_func ("/snapshot-files/internal", test_snapshot_files_internal);
    g_test_add_func ("/snapshot-files/relative", test_snapshot_files_relative);
    g_test_add_func ("/snapshot-files/bad", test_snapshot_files_bad);
    g_test_add_func ("/snapshot-files/i12rev-bases", test_snapshot_files_i12rev_bases);
    return g_test_run ();
}
