/* test-file-access.c: can the QEMU user read an ISO, checked by modes and ACLs (tier 1, suite "unit")
 *
 * The test runs as root, so access(2) would always answer yes: the check is made for a made-up
 * unprivileged user (uid/gid 54321) against temporary directories with chosen modes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "vimana-error.h"
#include "vimana-file-access.h"

typedef struct
{
    char           *root;   /* 0755 temp dir */
    char           *dir;    /* root/isos */
    char           *file;   /* root/isos/boot.iso */
    VimanaFileUser *user;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
    g_autoptr(GError) error = NULL;

    (void) data;
    f->root = g_dir_make_tmp ("vimana-access-XXXXXX", &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (f->root, 0755), ==, 0);
    f->dir = g_build_filename (f->root, "isos", NULL);
    g_assert_cmpint (g_mkdir (f->dir, 0755), ==, 0);
    f->file = g_build_filename (f->dir, "boot.iso", NULL);
    g_assert_true (g_file_set_contents (f->file, "iso", -1, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (f->file, 0644), ==, 0);
    f->user = g_new0 (VimanaFileUser, 1);
    f->user->name = g_strdup ("vimana-nobody");
    f->user->uid = 54321;
    f->user->gids = g_new (gid_t, 1);
    f->user->gids[0] = 54321;
    f->user->n_gids = 1;
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
    (void) data;
    g_unlink (f->file);
    g_rmdir (f->dir);
    g_rmdir (f->root);
    g_free (f->file);
    g_free (f->dir);
    g_free (f->root);
    vimana_file_user_free (f->user);
}

static void
test_readable (Fixture      *f,
               gconstpointer data)
{
    g_autofree char *blocking = NULL;

    (void) data;
    /* /tmp itself must be searchable by others for the walk to reach the fixture. */
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==, VIMANA_FILE_ACCESS_OK);
    g_assert_null (blocking);
}

static void
test_private_directory (Fixture      *f,
                        gconstpointer data)
{
    g_autofree char *blocking = NULL;
    g_autoptr(GPtrArray) argvs = NULL;
    char **argv;

    (void) data;
    g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==,
                     VIMANA_FILE_ACCESS_NO_SEARCH);
    g_assert_cmpstr (blocking, ==, f->dir);

    argvs = vimana_file_access_grant_argvs (f->file, f->user);
    g_assert_cmpuint (argvs->len, ==, 1);
    argv = g_ptr_array_index (argvs, 0);
    g_assert_cmpstr (argv[0], ==, "setfacl");
    g_assert_cmpstr (argv[1], ==, "-m");
    g_assert_cmpstr (argv[2], ==, "u:vimana-nobody:x");
    g_assert_cmpstr (argv[3], ==, "--");
    g_assert_cmpstr (argv[4], ==, f->dir);
    g_assert_null (argv[5]);
}

static void
test_describe (Fixture      *f,
               gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = NULL;

    (void) data;
    g_assert_true (vimana_file_access_describe (f->file, f->user, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
    g_assert_false (vimana_file_access_describe (f->file, f->user, &error));
    expected = g_strdup_printf ("QEMU runs as user vimana-nobody, which cannot enter %s", f->dir);
    g_assert_cmpstr (error->message, ==, expected);
}

static void
test_group_and_owner (Fixture      *f,
                      gconstpointer data)
{
    g_autofree char *blocking = NULL;

    (void) data;
    g_assert_cmpint (g_chmod (f->file, 0640), ==, 0);
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==,
                     VIMANA_FILE_ACCESS_NO_READ);
    g_assert_cmpstr (blocking, ==, f->file);
    g_clear_pointer (&blocking, g_free);

    /* In the file's group: the group bits decide. */
    g_assert_cmpint (chown (f->file, 0, 54321), ==, 0);
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==, VIMANA_FILE_ACCESS_OK);

    /* The owner's bits apply to the owner even when others may read. */
    g_assert_cmpint (chown (f->file, 54321, 0), ==, 0);
    g_assert_cmpint (g_chmod (f->file, 0044), ==, 0);
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==,
                     VIMANA_FILE_ACCESS_NO_READ);
}

static void
test_missing (Fixture      *f,
              gconstpointer data)
{
    g_autofree char *blocking = NULL;
    g_autofree char *missing = g_build_filename (f->dir, "nope.iso", NULL);

    (void) data;
    g_assert_cmpint (vimana_file_access_check (missing, f->user, &blocking), ==,
                     VIMANA_FILE_ACCESS_MISSING);
    g_assert_cmpstr (blocking, ==, missing);
}

/* An access ACL in the kernel's xattr format: user::rwx user:54321:--x group::--- mask::--x other::---. */
static gboolean
set_acl (const char *path,
         guint16     named_perm,
         guint16     mask)
{
    const guint16 entries[][2] = {
        { 0x01, 7 }, { 0x02, named_perm }, { 0x04, 0 }, { 0x10, mask }, { 0x20, 0 },
    };
    guint8 buf[4 + 5 * 8];
    guint32 v = GUINT32_TO_LE (2);

    memcpy (buf, &v, 4);
    for (guint i = 0; i < 5; i++) {
        guint16 tag = GUINT16_TO_LE (entries[i][0]);
        guint16 perm = GUINT16_TO_LE (entries[i][1]);
        guint32 id = GUINT32_TO_LE (entries[i][0] == 0x02 ? 54321 : 0xffffffff);

        memcpy (buf + 4 + i * 8, &tag, 2);
        memcpy (buf + 4 + i * 8 + 2, &perm, 2);
        memcpy (buf + 4 + i * 8 + 4, &id, 4);
    }
    return setxattr (path, "system.posix_acl_access", buf, sizeof buf, 0) == 0;
}

static void
test_acl (Fixture      *f,
          gconstpointer data)
{
    g_autofree char *blocking = NULL;

    (void) data;
    g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
    if (!set_acl (f->dir, 1, 1)) {
        g_test_skip ("the temporary file system has no POSIX ACLs");
        return;
    }
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==, VIMANA_FILE_ACCESS_OK);

    /* The mask limits a named user's entry. */
    g_assert_true (set_acl (f->dir, 1, 0));
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==,
                     VIMANA_FILE_ACCESS_NO_SEARCH);
}

static void
test_grant (Fixture      *f,
            gconstpointer data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *blocking = NULL;
    struct stat st;

    (void) data;
    g_assert_cmpint (g_chmod (f->dir, 0700), ==, 0);
    g_assert_cmpint (g_chmod (f->file, 0600), ==, 0);
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==,
                     VIMANA_FILE_ACCESS_NO_SEARCH);
    if (!vimana_file_access_grant (f->file, f->user, &error)) {
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
        g_test_skip ("the temporary file system has no POSIX ACLs");
        return;
    }
    g_clear_pointer (&blocking, g_free);
    g_assert_cmpint (vimana_file_access_check (f->file, f->user, &blocking), ==, VIMANA_FILE_ACCESS_OK);
    /* The owner's and the others' bits are kept: only the named user was added. */
    g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0707, ==, 0700);
    g_assert_cmpint (g_stat (f->file, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0707, ==, 0600);
    /* Granting twice changes nothing and still succeeds. */
    g_assert_true (vimana_file_access_grant (f->file, f->user, &error));
    g_assert_no_error (error);
}

static void
test_qemu_conf_user (void)
{
    g_autofree char *def = vimana_file_access_qemu_user_name (NULL);
    g_autofree char *commented = vimana_file_access_qemu_user_name ("#user = \"root\"\n");
    g_autofree char *set = vimana_file_access_qemu_user_name ("group = \"kvm\"\n  user = \"qemu\"\n");

    g_assert_cmpstr (def, ==, "libvirt-qemu");
    g_assert_cmpstr (commented, ==, "libvirt-qemu");
    g_assert_cmpstr (set, ==, "qemu");
}

/* The check follows the connection's kind, not one spelling of its URI. */
static void
test_uri_applies (void)
{
    g_assert_true (vimana_file_access_uri_applies ("qemu:///system"));
    g_assert_true (vimana_file_access_uri_applies ("qemu:///system/"));
    g_assert_true (vimana_file_access_uri_applies ("qemu+unix:///system"));
    g_assert_true (vimana_file_access_uri_applies ("qemu+unix:///system?socket=/run/libvirt/libvirt-sock"));
    g_assert_false (vimana_file_access_uri_applies ("qemu:///session"));
    g_assert_false (vimana_file_access_uri_applies ("qemu+ssh://root@host/system"));
    g_assert_false (vimana_file_access_uri_applies ("qemu+tcp://host/system"));
    g_assert_false (vimana_file_access_uri_applies ("test:///default"));
    g_assert_false (vimana_file_access_uri_applies ("lxc:///system"));
    g_assert_false (vimana_file_access_uri_applies ("not a uri"));
    g_assert_false (vimana_file_access_uri_applies (NULL));
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/file-access/qemu-conf-user", test_qemu_conf_user);
    g_test_add_func ("/file-access/uri-applies", test_uri_applies);
    g_test_add ("/file-access/readable", Fixture, NULL, fixture_set_up, test_readable, fixture_tear_down);
    g_test_add ("/file-access/private-directory", Fixture, NULL, fixture_set_up, test_private_directory,
                fixture_tear_down);
    g_test_add ("/file-access/group-and-owner", Fixture, NULL, fixture_set_up, test_group_and_owner,
                fixture_tear_down);
    g_test_add ("/file-access/describe", Fixture, NULL, fixture_set_up, test_describe, fixture_tear_down);
    g_test_add ("/file-access/missing", Fixture, NULL, fixture_set_up, test_missing, fixture_tear_down);
    g_test_add ("/file-access/grant", Fixture, NULL, fixture_set_up, test_grant, fixture_tear_down);
    g_test_add ("/file-access/acl", Fixture, NULL, fixture_set_up, test_acl, fixture_tear_down);
    return g_test_run ();
}
