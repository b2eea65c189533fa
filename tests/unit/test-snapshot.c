/* test-snapshot.c: snapshots read from libvirt's XML, their tree, names, and what a guest can do
 * (tier 1, suite "unit")
 *
 * The tree is built from the fixtures in tests/data/snapshots/ (branches, an orphan, a loop);
 * what a new snapshot is given to libvirt is checked by virt-xml-validate's domainsnapshot
 * schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>
#include <unistd.h>

#include "vimana-error.h"
#include "vimana-snapshot.h"

/* ---- helpers ---- */

static char *
load_fixture (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "snapshots", name, NULL);
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    return contents;
}

/* Every <domainsnapshot> of a fixture, each read as libvirt would give it alone. */
static GPtrArray *
load_snapshots (const char *name,
                const char *current)
{
    g_autofree char *xml = load_fixture (name);
    GPtrArray *snapshots = g_ptr_array_new_with_free_func (g_object_unref);
    xmlDocPtr doc = xmlReadMemory (xml, strlen (xml), NULL, NULL, XML_PARSE_NONET);

    g_assert_nonnull (doc);
    for (xmlNodePtr node = xmlDocGetRootElement (doc)->children; node != NULL; node = node->next) {
        g_autoptr(GError) error = NULL;
        g_autofree char *text = NULL;
        xmlBufferPtr buffer;
        VimanaSnapshot *snapshot;

        if (node->type != XML_ELEMENT_NODE)
            continue;
        buffer = xmlBufferCreate ();
        xmlNodeDump (buffer, doc, node, 0, 0);
        text = g_strdup ((const char *) xmlBufferContent (buffer));
        xmlBufferFree (buffer);
        snapshot = vimana_snapshot_new_from_xml (text, FALSE, &error);
        g_assert_no_error (error);
        if (current != NULL && g_str_equal (vimana_snapshot_get_name (snapshot), current)) {
            g_object_unref (snapshot);
            snapshot = vimana_snapshot_new_from_xml (text, TRUE, &error);
            g_assert_no_error (error);
        }
        g_ptr_array_add (snapshots, snapshot);
    }
    xmlFreeDoc (doc);
    return snapshots;
}

/* The tree as text: "name(child,child(grandchild))" per root, roots joined by spaces. */
static void
describe_level (GString   *out,
                GPtrArray *level)
{
    for (guint i = 0; i < level->len; i++) {
        VimanaSnapshot *snapshot = g_ptr_array_index (level, i);
        GPtrArray *children = vimana_snapshot_get_children (snapshot);

        if (i > 0)
            g_string_append_c (out, ',');
        g_string_append (out, vimana_snapshot_get_name (snapshot));
        if (children->len > 0) {
            g_string_append_c (out, '(');
            describe_level (out, children);
            g_string_append_c (out, ')');
        }
    }
}

static char *
describe_tree (GPtrArray *roots)
{
    GString *out = g_string_new (NULL);

    describe_level (out, roots);
    return g_string_free (out, FALSE);
}

static VimanaSnapshot *
find (GPtrArray  *snapshots,
      const char *name)
{
    for (guint i = 0; i < snapshots->len; i++) {
        if (g_str_equal (vimana_snapshot_get_name (g_ptr_array_index (snapshots, i)), name))
            return g_ptr_array_index (snapshots, i);
    }
    g_assert_not_reached ();
}

/* ---- reading ---- */

static void
test_snapshot_read (void)
{
    g_autoptr(GPtrArray) snapshots = load_snapshots ("tree-branches.xml", "s3");
    VimanaSnapshot *s1 = find (snapshots, "s1");
    VimanaSnapshot *s3 = find (snapshots, "s3");
    VimanaSnapshot *s4 = find (snapshots, "s4");
    VimanaSnapshot *orphan = find (snapshots, "orphan");
    g_autofree char *kind1 = vimana_snapshot_kind_to_string (s1);
    g_autofree char *kind3 = vimana_snapshot_kind_to_string (s3);
    g_autofree char *kind4 = vimana_snapshot_kind_to_string (s4);

    g_assert_cmpuint (snapshots->len, ==, 6);

    g_assert_cmpstr (vimana_snapshot_get_description (s1), ==, "fresh install");
    g_assert_null (vimana_snapshot_get_parent_name (s1));
    g_assert_cmpint (vimana_snapshot_get_creation_time (s1), ==, 100);
    g_assert_cmpint (vimana_snapshot_get_state (s1), ==, VIMANA_SNAPSHOT_STATE_RUNNING);
    g_assert_false (vimana_snapshot_get_external (s1));
    g_assert_true (vimana_snapshot_get_with_memory (s1));
    g_assert_false (vimana_snapshot_get_current (s1));
    g_assert_cmpstr (kind1, ==, "internal, with memory");

    g_assert_true (vimana_snapshot_get_current (s3));
    g_assert_true (vimana_snapshot_get_external (s3));
    g_assert_cmpstr (vimana_snapshot_get_memory_file (s3), ==,
                     "/var/lib/libvirt/qemu/snapshot/g/s3.mem");
    g_assert_cmpstr (kind3, ==, "external, with memory");

    g_assert_cmpstr (vimana_snapshot_get_description (s4), ==, "before <upgrade> & reboot");
    g_assert_true (vimana_snapshot_get_disk_only (s4));
    g_assert_false (vimana_snapshot_get_with_memory (s4));
    g_assert_cmpint (vimana_snapshot_get_state (s4), ==, VIMANA_SNAPSHOT_STATE_DISK_SNAPSHOT);
    g_assert_cmpstr (kind4, ==, "disk-only");

    /* No <memory>: an old description, whose paused state had memory. */
    g_assert_true (vimana_snapshot_get_with_memory (orphan));
    g_assert_cmpint (vimana_snapshot_get_state (orphan), ==, VIMANA_SNAPSHOT_STATE_PAUSED);
    g_assert_cmpstr (vimana_snapshot_get_parent_name (orphan), ==, "deleted-long-ago");
}

static void
test_snapshot_read_invalid (void)
{
    const char *bad[] = {
        "", "<domain/>", "<domainsnapshot/>", "<domainsnapshot><name></name></domainsnapshot>",
        "<domainsnapshot><name>x</name>",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaSnapshot) snapshot = vimana_snapshot_new_from_xml (bad[i], FALSE, &error);

        g_assert_null (snapshot);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    }
}

/* ---- the tree ---- */

static void
test_snapshot_tree_branches (void)
{
    g_autoptr(GPtrArray) snapshots = load_snapshots ("tree-branches.xml", "s3");
    g_autoptr(GPtrArray) roots = vimana_snapshot_tree_build (snapshots);
    g_autofree char *tree = describe_tree (roots);
    g_autoptr(GPtrArray) again = NULL;
    g_autofree char *tree_again = NULL;

    g_assert_cmpstr (tree, ==, "orphan,s1(s2(s4),s3),r2");
    g_assert_cmpuint (vimana_snapshot_count_descendants (find (snapshots, "s1")), ==, 3);
    g_assert_cmpuint (vimana_snapshot_count_descendants (find (snapshots, "s4")), ==, 0);

    /* Built again (a refresh), the same tree, not children twice. */
    again = vimana_snapshot_tree_build (snapshots);
    tree_again = describe_tree (again);
    g_assert_cmpstr (tree_again, ==, tree);
}

static void
test_snapshot_tree_loop (void)
{
    g_autoptr(GPtrArray) snapshots = load_snapshots ("tree-loop.xml", NULL);
    g_autoptr(GPtrArray) roots = vimana_snapshot_tree_build (snapshots);
    g_autofree char *tree = describe_tree (roots);
    guint total = 0;

    /* a and b both become roots; c stays under a: every snapshot exactly once. */
    g_assert_cmpstr (tree, ==, "a(c),b");
    for (guint i = 0; i < roots->len; i++)
        total += 1 + vimana_snapshot_count_descendants (g_ptr_array_index (roots, i));
    g_assert_cmpuint (total, ==, snapshots->len);
}

static void
test_snapshot_tree_empty (void)
{
    g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) roots = vimana_snapshot_tree_build (snapshots);

    g_assert_cmpuint (roots->len, ==, 0);
}

/* ---- names ---- */

static void
test_snapshot_name_check (void)
{
    g_autoptr(GPtrArray) snapshots = load_snapshots ("tree-branches.xml", NULL);
    g_autofree char *long_name = g_strnfill (101, 'x');
    struct
    {
        const char *name;
        int         code;   /* -1: accepted */
    } cases[] = {
        { "before-upgrade", -1 },
        { "año nuevo", -1 },
        { "s1", VIMANA_ERROR_EXISTS },
        { "", VIMANA_ERROR_INVALID_ARGUMENT },
        { NULL, VIMANA_ERROR_INVALID_ARGUMENT },
        { "a/b", VIMANA_ERROR_INVALID_ARGUMENT },
        { " lead", VIMANA_ERROR_INVALID_ARGUMENT },
        { "tab\there", VIMANA_ERROR_INVALID_ARGUMENT },
        { "\xff\xfe", VIMANA_ERROR_INVALID_ARGUMENT },
        { long_name, VIMANA_ERROR_INVALID_ARGUMENT },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        gboolean ok = vimana_snapshot_check_name (cases[i].name, snapshots, &error);

        if (cases[i].code < 0) {
            g_assert_no_error (error);
            g_assert_true (ok);
        } else {
            g_assert_false (ok);
            g_assert_error (error, VIMANA_ERROR, cases[i].code);
            g_assert_nonnull (error->message);
        }
    }
}

static void
test_snapshot_name_suggest (void)
{
    g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 12, 2, 13, 30, 5);
    g_autofree char *first = vimana_snapshot_suggest_name (snapshots, now);
    g_autofree char *second = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (first, ==, "snapshot-2026-12-02-1330");
    xml = g_strdup_printf ("<domainsnapshot><name>%s</name></domainsnapshot>", first);
    g_ptr_array_add (snapshots, vimana_snapshot_new_from_xml (xml, FALSE, &error));
    g_assert_no_error (error);
    second = vimana_snapshot_suggest_name (snapshots, now);
    g_assert_cmpstr (second, ==, "snapshot-2026-12-02-1330-2");
}

/* ---- what libvirt is given ---- */

static gboolean
validates (const char *xml)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int fd = g_file_open_tmp ("vimana-snapshot-XXXXXX.xml", &path, &error);
    int status = -1;
    const char *argv[] = { "virt-xml-validate", NULL, "domainsnapshot", NULL };

    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    argv[1] = path;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    g_unlink (path);
    if (!g_spawn_check_wait_status (status, NULL))
        g_test_message ("virt-xml-validate: %s%s", out, err);
    return g_spawn_check_wait_status (status, NULL);
}

static void
test_snapshot_spec_xml (void)
{
    g_autoptr(VimanaSnapshotSpec) spec = vimana_snapshot_spec_new ("before <upgrade> & \"reboot\"",
                                                                   "a < b & c");
    g_autoptr(VimanaSnapshot) back = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vimana_snapshot_spec_to_xml (spec);
    g_autofree char *disk_only_xml = NULL;

    g_assert_true (validates (xml));
    back = vimana_snapshot_new_from_xml (xml, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vimana_snapshot_get_name (back), ==, spec->name);
    g_assert_cmpstr (vimana_snapshot_get_description (back), ==, spec->description);

    spec->disk_only = TRUE;
    disk_only_xml = vimana_snapshot_spec_to_xml (spec);
    g_assert_true (validates (disk_only_xml));
    g_assert_nonnull (strstr (disk_only_xml, "<memory snapshot=\"no\"/>"));
}

/* ---- capabilities ---- */

static VimanaSnapshotCaps *
caps_for (const char *fixture,
          gboolean    running,
          const char *driver,
          gulong      version)
{
    g_autofree char *xml = load_fixture (fixture);
    g_autoptr(GError) error = NULL;
    VimanaSnapshotCaps *caps = vimana_snapshot_caps_new (xml, running, driver, version, &error);

    g_assert_no_error (error);
    g_assert_nonnull (caps);
    g_assert_nonnull (caps->summary);
    return caps;
}

static void
test_snapshot_caps_qcow2 (void)
{
    g_autoptr(VimanaSnapshotCaps) running = caps_for ("domain-qcow2-agent.xml", TRUE, "QEMU",
                                                      9000000);
    g_autoptr(VimanaSnapshotCaps) off = caps_for ("domain-qcow2-agent.xml", FALSE, "QEMU",
                                                  9000000);
    g_autoptr(VimanaSnapshotCaps) newer = caps_for ("domain-qcow2-agent.xml", TRUE, "QEMU",
                                                    9009000);
    g_autoptr(VimanaSnapshotCaps) copy = vimana_snapshot_caps_copy (running);

    g_assert_true (running->internal);
    g_assert_true (running->memory);
    g_assert_true (running->disk_only);
    g_assert_true (running->quiesce);
    g_assert_false (running->external_revert);
    g_assert_null (running->raw_disk);
    g_assert_nonnull (strstr (running->summary, "with memory"));
    g_assert_nonnull (strstr (running->summary, "needs libvirt 9.9"));
    g_assert_nonnull (strstr (running->summary, "agent"));
    g_assert_cmpstr (copy->summary, ==, running->summary);

    g_assert_true (off->internal);
    g_assert_false (off->memory);
    g_assert_false (off->quiesce);

    g_assert_true (newer->external_revert);
    g_assert_null (strstr (newer->summary, "9.9"));
}

static void
test_snapshot_caps_uefi (void)
{
    g_autoptr(VimanaSnapshotCaps) running = caps_for ("domain-uefi.xml", TRUE, "QEMU", 9000000);
    g_autoptr(VimanaSnapshotCaps) off = caps_for ("domain-uefi.xml", FALSE, "QEMU", 9000000);

    g_assert_true (running->uefi);
    g_assert_false (running->internal);
    g_assert_false (running->memory);
    g_assert_true (running->disk_only);
    g_assert_false (running->quiesce); /* the agent is not connected */
    g_assert_cmpstr (running->summary, ==, "UEFI guest, running: only disk-only snapshots. "
                                           "Reverting external snapshots needs libvirt 9.9 or newer.");

    g_assert_true (off->internal);
    g_assert_nonnull (strstr (off->summary, "NVRAM"));
}

static void
test_snapshot_caps_raw (void)
{
    g_autoptr(VimanaSnapshotCaps) caps = caps_for ("domain-raw.xml", FALSE, "QEMU", 9000000);
    g_autoptr(VimanaSnapshotCaps) test_driver = caps_for ("domain-raw.xml", TRUE, "Test",
                                                          9000000);

    g_assert_false (caps->internal);
    g_assert_cmpstr (caps->raw_disk, ==, "vdb");
    g_assert_true (caps->disk_only);
    g_assert_nonnull (strstr (caps->summary, "vdb"));

    /* The test driver keeps metadata only: no disk rule, no disk-only snapshots. */
    g_assert_true (test_driver->internal);
    g_assert_true (test_driver->memory);
    g_assert_false (test_driver->disk_only);
    g_assert_false (test_driver->external_revert);
}

static void
test_snapshot_caps_invalid (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaSnapshotCaps) caps = vimana_snapshot_caps_new ("<pool/>", FALSE, "QEMU",
                                                                   9000000, &error);

    g_assert_null (caps);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
    g_setenv ("LANGUAGE", "C", TRUE);
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/snapshot/read", test_snapshot_read);
    g_test_add_func ("/snapshot/read-invalid", test_snapshot_read_invalid);
    g_test_add_func ("/snapshot/tree/branches", test_snapshot_tree_branches);
    g_test_add_func ("/snapshot/tree/loop", test_snapshot_tree_loop);
    g_test_add_func ("/snapshot/tree/empty", test_snapshot_tree_empty);
    g_test_add_func ("/snapshot/name/check", test_snapshot_name_check);
    g_test_add_func ("/snapshot/name/suggest", test_snapshot_name_suggest);
    g_test_add_func ("/snapshot/spec-xml", test_snapshot_spec_xml);
    g_test_add_func ("/snapshot/caps/qcow2", test_snapshot_caps_qcow2);
    g_test_add_func ("/snapshot/caps/uefi", test_snapshot_caps_uefi);
    g_test_add_func ("/snapshot/caps/raw", test_snapshot_caps_raw);
    g_test_add_func ("/snapshot/caps/invalid", test_snapshot_caps_invalid);

    return g_test_run ();
}
