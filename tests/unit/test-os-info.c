/* test-os-info.c: the osinfo wrapper against the installed database (suite "unit")
 *
 * The ISO test builds a disc image with genisoimage whose volume id follows the database's own
 * media rule for Debian 11, read through libosinfo, so it follows the database installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <osinfo/osinfo.h>
#include <string.h>

#include "test-wait.h"
#include "vimana-error.h"
#include "vimana-leak-check.h"
#include "vimana-os-info.h"

#define GIB ((guint64) 1 << 30)
#define DEBIAN11 "http://debian.org/debian/11"
/* What Debian 11.5's netinst disc is labelled; checked against the database's rule below. */
#define DEBIAN11_VOLUME_ID "Debian 11.5.0 amd64 n"

static gboolean
skip_without_db (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaOsInfo) debian = NULL;

    if (!vimana_os_db_load (&error)) {
        g_autofree char *reason = g_strdup_printf ("no osinfo database: %s", error->message);

        g_test_skip (reason);
        return TRUE;
    }
    debian = vimana_os_db_lookup (DEBIAN11);
    if (debian == NULL) {
        g_test_skip ("the osinfo database has no Debian 11");
        return TRUE;
    }
    return FALSE;
}

/* Whether the database's x86_64 media of Debian 11 has a volume-id rule matching ours. */
static gboolean
db_rule_matches_volume_id (const char *volume_id)
{
    g_autoptr(OsinfoLoader) loader = osinfo_loader_new ();
    g_autoptr(OsinfoMediaList) media_list = NULL;
    OsinfoOs *os;

    VIMANA_LEAK_CHECK_PAUSE ();   /* libosinfo's own leak while loading, see the header */
    osinfo_loader_process_default_path (loader, NULL);
    VIMANA_LEAK_CHECK_RESUME ();
    os = osinfo_db_get_os (osinfo_loader_get_db (loader), DEBIAN11);
    g_assert_nonnull (os);
    media_list = osinfo_os_get_media_list (os);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (media_list)); i++) {
        OsinfoMedia *media = OSINFO_MEDIA (osinfo_list_get_nth (OSINFO_LIST (media_list), i));
        const char *rule = osinfo_media_get_volume_id (media);

        if (rule != NULL && g_strcmp0 (osinfo_media_get_architecture (media), "x86_64") == 0 &&
            g_regex_match_simple (rule, volume_id, 0, 0))
            return TRUE;
    }
    return FALSE;
}

static void
test_lookup (void)
{
    g_autoptr(VimanaOsInfo) debian = NULL;
    g_autoptr(VimanaOsInfo) by_short_id = NULL;
    g_autoptr(VimanaOsInfo) win11 = NULL;

    if (skip_without_db ())
        return;
    debian = vimana_os_db_lookup (DEBIAN11);
    g_assert_cmpstr (debian->id, ==, DEBIAN11);
    g_assert_cmpstr (debian->short_id, ==, "debian11");
    g_assert_cmpstr (debian->name, ==, "Debian 11");
    g_assert_true (debian->known);
    g_assert_true (debian->virtio_disk);
    g_assert_true (debian->virtio_net);
    g_assert_false (debian->needs_uefi);
    g_assert_cmpuint (debian->minimum_memory, >, 0);
    g_assert_cmpuint (debian->recommended_memory, >=, debian->minimum_memory);
    g_assert_cmpuint (debian->recommended_vcpus, >=, 1);
    g_assert_cmpuint (debian->recommended_storage, >=, GIB);

    by_short_id = vimana_os_db_lookup ("debian11");
    g_assert_nonnull (by_short_id);
    g_assert_cmpstr (by_short_id->id, ==, DEBIAN11);

    /* Windows 11 lists BIOS as unsupported: UEFI it is. */
    win11 = vimana_os_db_lookup ("win11");
    if (win11 != NULL) {
        g_assert_true (win11->needs_uefi);
        g_assert_cmpuint (win11->minimum_memory, ==, 4 * GIB);
        g_assert_cmpuint (win11->recommended_vcpus, >=, 2);
    }

    g_assert_null (vimana_os_db_lookup ("no-such-os-anywhere"));
}

static void
test_search (void)
{
    g_autoptr(GPtrArray) all = NULL;
    g_autoptr(GPtrArray) debian = NULL;
    g_autoptr(GPtrArray) limited = NULL;
    g_autoptr(GPtrArray) none = NULL;
    gboolean found_11 = FALSE;

    if (skip_without_db ())
        return;
    all = vimana_os_db_search (NULL, 0);
    g_assert_cmpuint (all->len, >, 100);
    debian = vimana_os_db_search ("DEBIAN 11", 0);
    g_assert_cmpuint (debian->len, >=, 1);
    for (guint i = 0; i < debian->len; i++) {
        VimanaOsInfo *os = g_ptr_array_index (debian, i);
        g_autofree char *folded = g_utf8_casefold (os->name, -1);

        g_assert_nonnull (strstr (folded, "debian"));
        found_11 |= g_strcmp0 (os->id, DEBIAN11) == 0;
    }
    g_assert_true (found_11);
    limited = vimana_os_db_search ("linux", 3);
    g_assert_cmpuint (limited->len, ==, 3);
    none = vimana_os_db_search ("zzqqxx-no-such-system", 0);
    g_assert_cmpuint (none->len, ==, 0);
}

static void
test_generic (void)
{
    g_autoptr(VimanaOsInfo) generic = vimana_os_db_generic ();

    g_assert_false (generic->known);
    g_assert_null (generic->id);
    g_assert_cmpuint (generic->recommended_memory, >=, generic->minimum_memory);
    g_assert_cmpuint (generic->recommended_storage, >, 0);
    g_assert_cmpstr (vimana_os_info_get_video_model (generic), ==, "vga");
}

static char *
make_iso (const char *dir,
          const char *volume_id)
{
    g_autofree char *tree = g_build_filename (dir, "tree", NULL);
    g_autofree char *readme = g_build_filename (tree, "README.txt", NULL);
    g_autofree char *boot = g_build_filename (tree, "boot.bin", NULL);
    g_autofree char *catalog = g_build_filename (tree, "boot.cat", NULL);
    g_autofree char *boot_code = g_malloc0 (2048);
    char *iso = g_build_filename (dir, "disc.iso", NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *err_out = NULL;
    int status = 0;
    /* libosinfo only identifies bootable media: an El Torito no-emulation boot image. */
    const char *argv[] = { "genisoimage", "-quiet", "-V", volume_id, "-o", iso, "-r",
                           "-b", "boot.bin", "-c", "boot.cat", "-no-emul-boot", "-boot-load-size", "4",
                           tree, NULL };

    g_assert_cmpint (g_mkdir (tree, 0700), ==, 0);
    g_file_set_contents (readme, "Not really Debian.\n", -1, &error);
    g_assert_no_error (error);
    g_file_set_contents (boot, boot_code, 2048, &error);
    g_assert_no_error (error);
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                  NULL, NULL, NULL, &err_out, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("genisoimage failed: %s", err_out);
    g_unlink (readme);
    g_unlink (boot);
    g_unlink (catalog);
    g_rmdir (tree);
    return iso;
}

static void
test_identify_iso (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *genisoimage = g_find_program_in_path ("genisoimage");
    g_autofree char *dir = NULL;
    g_autofree char *iso = NULL;
    g_autoptr(VimanaOsInfo) os = NULL;
    g_autoptr(VimanaOsInfo) from_thread = NULL;
    TestWaitAsync wait = { 0 };

    if (skip_without_db ())
        return;
    if (genisoimage == NULL) {
        g_test_skip ("genisoimage is not installed");
        return;
    }
    g_assert_true (db_rule_matches_volume_id (DEBIAN11_VOLUME_ID));

    dir = g_dir_make_tmp ("vimana-test-iso-XXXXXX", &error);
    g_assert_no_error (error);
    iso = make_iso (dir, DEBIAN11_VOLUME_ID);

    os = vimana_os_db_identify_media (iso, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (os);
    g_assert_cmpstr (os->id, ==, DEBIAN11);
    g_assert_cmpstr (os->name, ==, "Debian 11");

    /* The same through the thread the assistant uses. */
    vimana_os_db_identify_async (iso, FALSE, NULL, test_wait_async_cb, &wait);
    from_thread = vimana_os_db_identify_finish (test_wait_async (&wait, "the identification"),
                                                &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (from_thread);
    g_assert_cmpstr (from_thread->id, ==, DEBIAN11);

    g_unlink (iso);
    g_rmdir (dir);
}

/* A disc whose label no rule knows is read fine and identified as nothing. */
static void
test_identify_unknown_iso (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *genisoimage = g_find_program_in_path ("genisoimage");
    g_autofree char *dir = NULL;
    g_autofree char *iso = NULL;
    g_autoptr(VimanaOsInfo) os = NULL;

    if (skip_without_db ())
        return;
    if (genisoimage == NULL) {
        g_test_skip ("genisoimage is not installed");
        return;
    }
    dir = g_dir_make_tmp ("vimana-test-iso-XXXXXX", &error);
    g_assert_no_error (error);
    iso = make_iso (dir, "VIMANA_NOBODY_KNOWS");
    os = vimana_os_db_identify_media (iso, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (os);
    g_unlink (iso);
    g_rmdir (dir);
}

static void
test_identify_not_iso (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-iso-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "notes.iso", NULL);
    g_autoptr(VimanaOsInfo) os = NULL;

    if (skip_without_db ())
        return;
    g_file_set_contents (path, "just text, no ISO 9660 header", -1, &error);
    g_assert_no_error (error);
    os = vimana_os_db_identify_media (path, NULL, &error);
    g_assert_null (os);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_unlink (path);
    g_rmdir (dir);
}

static void
test_identify_treeinfo (void)
{
    static const char treeinfo[] =
        "[general]\n"
        "family = Fedora\n"
        "version = 37\n"
        "arch = x86_64\n"
        "variant = Server\n";
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaOsInfo) os = NULL;
    g_autoptr(VimanaOsInfo) unknown = NULL;
    g_autoptr(VimanaOsInfo) fedora = NULL;

    if (skip_without_db ())
        return;
    fedora = vimana_os_db_lookup ("http://fedoraproject.org/fedora/37");
    if (fedora == NULL) {
        g_test_skip ("the osinfo database has no Fedora 37");
        return;
    }
    os = vimana_os_db_identify_treeinfo (treeinfo, "https://example.org/fedora/37/x86_64/os", &error);
    g_assert_no_error (error);
    g_assert_nonnull (os);
    g_assert_cmpstr (os->id, ==, "http://fedoraproject.org/fedora/37");

    unknown = vimana_os_db_identify_treeinfo ("[general]\nfamily = Nothing\nversion = 1\narch = x86_64\n",
                                              "https://example.org/x", &error);
    g_assert_no_error (error);
    g_assert_null (unknown);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/os-info/lookup", test_lookup);
    g_test_add_func ("/os-info/search", test_search);
    g_test_add_func ("/os-info/generic", test_generic);
    g_test_add_func ("/os-info/identify/iso", test_identify_iso);
    g_test_add_func ("/os-info/identify/unknown-iso", test_identify_unknown_iso);
    g_test_add_func ("/os-info/identify/not-an-iso", test_identify_not_iso);
    g_test_add_func ("/os-info/identify/treeinfo", test_identify_treeinfo);

    return g_test_run ();
}
