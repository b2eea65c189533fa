/* test-migration-origins.c: the file of evacuated guests, for "Return Guests"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "vimana-migration-origins.h"

#define UUID_A "11111111-2222-3333-4444-555555555555"
#define UUID_B "66666666-7777-8888-9999-000000000000"
#define HOST_A "qemu+ssh://a/system"
#define HOST_B "qemu+ssh://b/system"
#define HOST_C "qemu+ssh://c/system"

static char *
make_path (char **folder)
{
    g_autoptr(GError) error = NULL;

    *folder = g_dir_make_tmp ("vimana-origins-XXXXXX", &error);
    g_assert_no_error (error);
    /* A folder that does not exist yet: remember makes it. */
    return g_build_filename (*folder, "vimana", "evacuated-guests.ini", NULL);
}

static void
remove_path (char *folder,
             char *path)
{
    g_autofree char *sub = g_path_get_dirname (path);

    g_unlink (path);
    g_rmdir (sub);
    g_rmdir (folder);
}

static GPtrArray *
list_from (const char *path,
           const char *uri)
{
    g_autoptr(GError) error = NULL;
    GPtrArray *origins = vimana_migration_origins_list_from (path, uri, &error);

    g_assert_no_error (error);
    g_assert_nonnull (origins);
    return origins;
}

static void
test_origins_missing_file (void)
{
    g_autofree char *folder = NULL;
    g_autofree char *path = make_path (&folder);
    g_autoptr(GPtrArray) origins = list_from (path, HOST_A);
    g_autoptr(GError) error = NULL;

    /* No file yet is no guest evacuated, and forgetting one is no error. */
    g_assert_cmpuint (origins->len, ==, 0);
    g_assert_true (vimana_migration_origins_forget (path, UUID_A, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    remove_path (folder, path);
}

static void
test_origins_remember_forget (void)
{
    g_autofree char *folder = NULL;
    g_autofree char *path = make_path (&folder);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) from_a = NULL;
    g_autoptr(GPtrArray) from_b = NULL;
    g_autoptr(GPtrArray) after = NULL;
    VimanaMigrationOrigin *origin;

    g_assert_true (vimana_migration_origins_remember (path, UUID_A, "web", HOST_A, HOST_B, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_migration_origins_remember (path, UUID_B, "db", HOST_A, HOST_C, &error));
    g_assert_no_error (error);
    from_a = list_from (path, HOST_A);
    g_assert_cmpuint (from_a->len, ==, 2);
    origin = g_ptr_array_index (from_a, 0);
    g_assert_cmpstr (origin->uuid, ==, UUID_A);
    g_assert_cmpstr (origin->name, ==, "web");
    g_assert_cmpstr (origin->from_uri, ==, HOST_A);
    g_assert_cmpstr (origin->to_uri, ==, HOST_B);
    origin = g_ptr_array_index (from_a, 1);
    g_assert_cmpstr (origin->to_uri, ==, HOST_C);
    from_b = list_from (path, HOST_B);
    g_assert_cmpuint (from_b->len, ==, 0);

    g_assert_true (vimana_migration_origins_forget (path, UUID_A, &error));
    g_assert_no_error (error);
    after = list_from (path, HOST_A);
    g_assert_cmpuint (after->len, ==, 1);
    g_assert_cmpstr (((VimanaMigrationOrigin *) g_ptr_array_index (after, 0))->uuid, ==, UUID_B);
    g_assert_true (vimana_migration_origins_forget (path, UUID_B, &error));
    remove_path (folder, path);
}

static void
test_origins_evacuated_twice (void)
{
    g_autofree char *folder = NULL;
    g_autofree char *path = make_path (&folder);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) from_a = NULL;
    g_autoptr(GPtrArray) from_b = NULL;
    g_autoptr(GPtrArray) home = NULL;

    /* Evacuated from A to B, then B evacuated to C: the guest still belongs on A. */
    g_assert_true (vimana_migration_origins_remember (path, UUID_A, "web", HOST_A, HOST_B, &error));
    g_assert_true (vimana_migration_origins_remember (path, UUID_A, "web", HOST_B, HOST_C, &error));
    g_assert_no_error (error);
    from_a = list_from (path, HOST_A);
    g_assert_cmpuint (from_a->len, ==, 1);
    g_assert_cmpstr (((VimanaMigrationOrigin *) g_ptr_array_index (from_a, 0))->to_uri, ==, HOST_C);
    from_b = list_from (path, HOST_B);
    g_assert_cmpuint (from_b->len, ==, 0);
    /* Moved home by an evacuation of C to A: nothing is left to return. */
    g_assert_true (vimana_migration_origins_remember (path, UUID_A, "web", HOST_C, HOST_A, &error));
    g_assert_no_error (error);
    home = list_from (path, HOST_A);
    g_assert_cmpuint (home->len, ==, 0);
    remove_path (folder, path);
}

static void
test_origins_unreadable (void)
{
    g_autofree char *folder = NULL;
    g_autofree char *path = make_path (&folder);
    g_autofree char *sub = g_path_get_dirname (path);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) origins = NULL;

    /* A damaged file is said, not silently replaced. */
    g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path, "this is [not a key file\n", -1, NULL));
    origins = vimana_migration_origins_list_from (path, HOST_A, &error);
    g_assert_null (origins);
    g_assert_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE);
    g_assert_nonnull (strstr (error->message, "evacuated guests"));
    g_clear_error (&error);
    g_assert_false (vimana_migration_origins_remember (path, UUID_A, "web", HOST_A, HOST_B, &error));
    g_assert_nonnull (error);
    remove_path (folder, path);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/migration/origins/missing-file", test_origins_missing_file);
    g_test_add_func ("/migration/origins/remember-forget", test_origins_remember_forget);
    g_test_add_func ("/migration/origins/evacuated-twice", test_origins_evacuated_twice);
    g_test_add_func ("/migration/origins/unreadable", test_origins_unreadable);
    return g_test_run ();
}
