/* test-snapshot-diff.c: what a revert changes, from the snapshot's <domain> and today's
 *
 * Fixtures in tests/data/snapshots/diff-*.xml: memory and vCPUs changed, a disk added since the
 * snapshot, an interface removed since, a disk's driver changed; the PCI addresses libvirt
 * assigns and the case of a MAC address do not count.
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

static gboolean
has_line (GPtrArray  *lines,
          const char *line)
{
    for (guint i = 0; i < lines->len; i++)
        if (g_str_equal (lines->pdata[i], line))
            return TRUE;
    return FALSE;
}

static void
test_snapshot_diff_changes (void)
{
    g_autofree char *snapshot = read_fixture ("diff-snapshot.xml");
    g_autofree char *current = read_fixture ("diff-current.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) lines = vimana_snapshot_config_diff (snapshot, current, &error);
    g_autofree char *two = g_format_size_full (2ULL << 30, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *one = g_format_size_full (1ULL << 30, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *memory = g_strdup_printf ("Memory: %s → %s", two, one);

    g_assert_no_error (error);
    g_assert_nonnull (lines);
    for (guint i = 0; i < lines->len; i++)
        g_test_message ("%s", (const char *) lines->pdata[i]);
    g_assert_true (has_line (lines, memory));
    g_assert_true (has_line (lines, "vCPUs: 2 → 1"));
    g_assert_true (has_line (lines, "Changed: disk vda"));
    g_assert_true (has_line (lines, "Removed: disk vdb (added since the snapshot)"));
    g_assert_true (has_line (lines, "Added back: interface 52:54:00:aa:bb:02"));
    /* Same interface but for its MAC's case and its address: unchanged; serial unchanged. */
    g_assert_cmpuint (lines->len, ==, 5);
}

static void
test_snapshot_diff_same (void)
{
    g_autofree char *snapshot = read_fixture ("diff-snapshot.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) lines = vimana_snapshot_config_diff (snapshot, snapshot, &error);

    g_assert_no_error (error);
    g_assert_nonnull (lines);
    g_assert_cmpuint (lines->len, ==, 0);
}

static void
test_snapshot_diff_no_domain (void)
{
    g_autofree char *current = read_fixture ("diff-current.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) lines = vimana_snapshot_config_diff ("<domainsnapshot><name>s</name></domainsnapshot>",
                                                              current, &error);

    g_assert_null (lines);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_clear_error (&error);
    lines = vimana_snapshot_config_diff (current, "not xml <", &error);
    g_assert_null (lines);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
    g_setenv ("LANGUAGE", "C", TRUE);
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/snapshot-diff/changes", test_snapshot_diff_changes);
    g_test_add_func ("/snapshot-diff/same", test_snapshot_diff_same);
    g_test_add_func ("/snapshot-diff/no-domain", test_snapshot_diff_no_domain);
    return g_test_run ();
}
