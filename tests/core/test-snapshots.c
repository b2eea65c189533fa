/* test-snapshots.c: a guest's snapshots through the core on the libvirt test driver
 * (tier 2, suite "core")
 *
 * Take, list as a tree, revert (with its safety snapshot), edit, delete one, with children and
 * only the children, and what the test driver's guest can do. The test driver keeps snapshots as
 * metadata, which is all these calls need; disks and memory are the system test's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "core-test-util.h"
#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-error.h"
#include "vimana-snapshot.h"

/* ---- helpers ---- */

/* Removes every snapshot of the test guest, through the keeper, so each case starts bare. */
static void
remove_all_snapshots (void)
{
    virDomainPtr dom = virDomainLookupByName (keeper, "test");
    virDomainSnapshotPtr *snaps = NULL;
    int n;

    g_assert_nonnull (dom);
    n = virDomainListAllSnapshots (dom, &snaps, VIR_DOMAIN_SNAPSHOT_LIST_ROOTS);
    g_assert_cmpint (n, >=, 0);
    for (int i = 0; i < n; i++) {
        g_assert_cmpint (virDomainSnapshotDelete (snaps[i], VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN),
                         ==, 0);
        virDomainSnapshotFree (snaps[i]);
    }
    free (snaps);
    g_assert_cmpint (virDomainSnapshotNum (dom, 0), ==, 0);
    virDomainFree (dom);
}

static GPtrArray *
list_snapshots (VimanaDomain *domain)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    GPtrArray *snapshots;

    vimana_domain_list_snapshots_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the snapshots");
    snapshots = vimana_domain_list_snapshots_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (snapshots);
    return snapshots;
}

static gboolean
take (VimanaDomain *domain,
      const char   *name,
      const char   *description,
      GError      **error)
{
    g_autoptr(VimanaSnapshotSpec) spec = vimana_snapshot_spec_new (name, description);
    TestWaitAsync wait = { 0 };
    gboolean ok;

    spec->memory = TRUE;
    vimana_domain_create_snapshot_async (domain, spec, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the new snapshot");
    ok = vimana_domain_create_snapshot_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static char *
revert (VimanaDomain *domain,
        const char   *name,
        GError      **error)
{
    TestWaitAsync wait = { 0 };
    char *safety;

    vimana_domain_revert_snapshot_async (domain, name, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the revert");
    safety = vimana_domain_revert_snapshot_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return safety;
}

static gboolean
delete_snapshot (VimanaDomain             *domain,
                 const char               *name,
                 VimanaSnapshotDeleteMode  mode,
                 GError                  **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_domain_delete_snapshot_async (domain, name, mode, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the deletion");
    ok = vimana_domain_delete_snapshot_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static gboolean
edit (VimanaDomain *domain,
      const char   *name,
      const char   *new_name,
      const char   *description,
      GError      **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_domain_edit_snapshot_async (domain, name, new_name, description, NULL,
                                       test_wait_async_cb, &wait);
    test_wait_async (&wait, "the edit");
    ok = vimana_domain_edit_snapshot_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static void
describe_level (GString   *out,
                GPtrArray *level)
{
    for (guint i = 0; i < level->len; i++) {
        VimanaSnapshot *snapshot = g_ptr_array_index (level, i);
        GPtrArray *children = vimana_snapshot_get_children (snapshot);
        const char *name = vimana_snapshot_get_name (snapshot);

        if (i > 0)
            g_string_append_c (out, ',');
        /* The safety snapshot's name has the time in it: shown by its prefix. */
        g_string_append (out, g_str_has_prefix (name, "before-revert-") ? "SAFETY" : name);
        if (vimana_snapshot_get_current (snapshot))
            g_string_append_c (out, '*');
        if (children->len > 0) {
            g_string_append_c (out, '(');
            describe_level (out, children);
            g_string_append_c (out, ')');
        }
    }
}

static char *
tree_of (VimanaDomain *domain)
{
    g_autoptr(GPtrArray) snapshots = list_snapshots (domain);
    g_autoptr(GPtrArray) roots = vimana_snapshot_tree_build (snapshots);
    GString *out = g_string_new (NULL);

    describe_level (out, roots);
    return g_string_free (out, FALSE);
}

static VimanaSnapshot *
find_snapshot (GPtrArray  *snapshots,
               const char *name)
{
    for (guint i = 0; i < snapshots->len; i++) {
        if (g_str_equal (vimana_snapshot_get_name (g_ptr_array_index (snapshots, i)), name))
            return g_ptr_array_index (snapshots, i);
    }
    return NULL;
}

/* ---- cases ---- */

static void
test_snapshots_take_revert (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GPtrArray) after = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *safety = NULL;
    g_autofree char *tree = NULL;
    g_autofree char *tree_branch = NULL;
    VimanaSnapshot *s1;
    VimanaSnapshot *safety_snapshot;

    remove_all_snapshots ();
    none = list_snapshots (domain);
    g_assert_cmpuint (none->len, ==, 0);

    g_assert_true (take (domain, "s1", "before <upgrade> & co", &error));
    g_assert_no_error (error);
    g_assert_true (take (domain, "s2", NULL, &error));
    g_assert_no_error (error);
    tree = tree_of (domain);
    g_assert_cmpstr (tree, ==, "s1(s2*)");

    /* A name the guest has is refused on the worker too, and nothing is taken. */
    g_assert_false (take (domain, "s1", NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_false (take (domain, "a/b", NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);

    /* Revert to s1: a safety snapshot of s2's state first, then the branch s3 under s1. */
    safety = revert (domain, "s1", &error);
    g_assert_no_error (error);
    g_assert_nonnull (safety);
    g_assert_true (g_str_has_prefix (safety, "before-revert-"));
    g_assert_true (take (domain, "s3", NULL, &error));
    g_assert_no_error (error);
    tree_branch = tree_of (domain);
    g_assert_cmpstr (tree_branch, ==, "s1(s2(SAFETY),s3*)");

    after = list_snapshots (domain);
    s1 = find_snapshot (after, "s1");
    g_assert_nonnull (s1);
    g_assert_cmpstr (vimana_snapshot_get_description (s1), ==, "before <upgrade> & co");
    g_assert_cmpint (vimana_snapshot_get_state (s1), ==, VIMANA_SNAPSHOT_STATE_RUNNING);
    g_assert_cmpint (vimana_snapshot_get_creation_time (s1), >, 0);
    safety_snapshot = find_snapshot (after, safety);
    g_assert_nonnull (safety_snapshot);
    g_assert_nonnull (strstr (vimana_snapshot_get_description (safety_snapshot), "“s1”"));

    /* A snapshot that is gone. */
    g_assert_null (revert (domain, "no-such", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
    remove_all_snapshots ();
}

/* What a revert would change comes with the listing: nothing right after the snapshot, then
 * the vCPUs once the guest has fewer. */
static void
test_snapshots_revert_changes (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    virDomainPtr dom = virDomainLookupByName (keeper, "test");
    g_autoptr(GPtrArray) first = NULL;
    g_autoptr(GPtrArray) second = NULL;
    g_autoptr(GError) error = NULL;
    GPtrArray *changes;

    remove_all_snapshots ();
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainSetVcpusFlags (dom, 2, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    g_assert_true (take (domain, "d1", NULL, &error));
    g_assert_no_error (error);
    first = list_snapshots (domain);
    changes = vimana_snapshot_get_revert_changes (find_snapshot (first, "d1"));
    g_assert_nonnull (changes);
    g_assert_cmpuint (changes->len, ==, 0);

    g_assert_cmpint (virDomainSetVcpusFlags (dom, 1, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    second = list_snapshots (domain);
    changes = vimana_snapshot_get_revert_changes (find_snapshot (second, "d1"));
    g_assert_nonnull (changes);
    g_assert_cmpuint (changes->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (changes, 0), ==, "vCPUs: 1 → 2");

    g_assert_cmpint (virDomainSetVcpusFlags (dom, 2, VIR_DOMAIN_AFFECT_LIVE), ==, 0);
    virDomainFree (dom);
    remove_all_snapshots ();
}

static void
test_snapshots_edit (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *tree = NULL;
    VimanaSnapshot *renamed;

    remove_all_snapshots ();
    g_assert_true (take (domain, "s1", "old", &error));
    g_assert_true (take (domain, "s2", "second", &error));
    g_assert_no_error (error);

    g_assert_true (edit (domain, "s2", NULL, "new <text>", &error));
    g_assert_no_error (error);
    g_assert_true (edit (domain, "s2", "s2-renamed", "new <text>", &error));
    g_assert_no_error (error);
    snapshots = list_snapshots (domain);
    g_assert_cmpuint (snapshots->len, ==, 2);
    g_assert_null (find_snapshot (snapshots, "s2"));
    renamed = find_snapshot (snapshots, "s2-renamed");
    g_assert_nonnull (renamed);
    g_assert_cmpstr (vimana_snapshot_get_description (renamed), ==, "new <text>");
    g_assert_true (vimana_snapshot_get_current (renamed));
    tree = tree_of (domain);
    g_assert_cmpstr (tree, ==, "s1(s2-renamed*)");

    /* s1 has a child: a rename would orphan it. */
    g_assert_false (edit (domain, "s1", "s1-renamed", NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
    g_assert_false (edit (domain, "s2-renamed", "s1", NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_clear_error (&error);
    /* An empty description removes it. */
    g_assert_true (edit (domain, "s1", NULL, "", &error));
    g_assert_no_error (error);
    g_clear_pointer (&snapshots, g_ptr_array_unref);
    snapshots = list_snapshots (domain);
    g_assert_null (vimana_snapshot_get_description (find_snapshot (snapshots, "s1")));
    remove_all_snapshots ();
}

static void
test_snapshots_delete (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(GError) error = NULL;
    g_autofree char *tree = NULL;
    g_autofree char *after_one = NULL;
    g_autofree char *after_children = NULL;
    g_autofree char *after_all = NULL;
    const char *names[] = { "a", "b", "c", "d" };

    remove_all_snapshots ();
    /* a(b(c(d))) */
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_assert_true (take (domain, names[i], NULL, &error));
    g_assert_no_error (error);
    tree = tree_of (domain);
    g_assert_cmpstr (tree, ==, "a(b(c(d*)))");

    g_assert_true (delete_snapshot (domain, "b", VIMANA_SNAPSHOT_DELETE_ONE, &error));
    g_assert_no_error (error);
    after_one = tree_of (domain);
    g_assert_cmpstr (after_one, ==, "a(c(d*))");

    g_assert_true (delete_snapshot (domain, "c", VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY, &error));
    g_assert_no_error (error);
    after_children = tree_of (domain);
    /* d was current: deleting it makes its parent current, as libvirt does. */
    g_assert_cmpstr (after_children, ==, "a(c*)");

    g_assert_true (delete_snapshot (domain, "a", VIMANA_SNAPSHOT_DELETE_WITH_CHILDREN, &error));
    g_assert_no_error (error);
    after_all = tree_of (domain);
    g_assert_cmpstr (after_all, ==, "");

    g_assert_false (delete_snapshot (domain, "a", VIMANA_SNAPSHOT_DELETE_ONE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
}

static void
test_snapshots_caps (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(VimanaSnapshotCaps) caps = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };

    vimana_domain_fetch_snapshot_caps_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the snapshot capabilities");
    caps = vimana_domain_fetch_snapshot_caps_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (caps);
    /* The test guest runs; its driver keeps metadata only. */
    g_assert_true (caps->running);
    g_assert_true (caps->internal);
    g_assert_true (caps->memory);
    g_assert_false (caps->disk_only);
    g_assert_false (caps->external_revert);
    g_assert_nonnull (strstr (caps->summary, "disk-only"));
}

/* ---- deleting a guest with its snapshots ---- */

#define I12REV_GUEST "i12rev-guest"

static gboolean
i12rev_domain_appears (gpointer data)
{
    return vimana_connection_find_domain_by_name (data, I12REV_GUEST) != NULL;
}

static VimanaSnapshotLeftovers *
i12rev_list_leftovers (VimanaDomain *domain)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    VimanaSnapshotLeftovers *leftovers;

    vimana_domain_list_snapshot_leftovers_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the snapshot leftovers");
    leftovers = vimana_domain_list_snapshot_leftovers_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (leftovers);
    return leftovers;
}

static gboolean
i12rev_delete (VimanaDomain        *domain,
               gboolean             snapshot_metadata,
               const char * const  *files,
               GError             **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_domain_delete_full_async (domain, NULL, snapshot_metadata, files, NULL,
                                     test_wait_async_cb, &wait);
    test_wait_async (&wait, "the deletion");
    ok = vimana_domain_delete_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* A running guest with two snapshots: without their metadata the deletion is refused before
 * anything happens, and says why; with it the guest, its snapshots and the chosen files go. */
static void
test_snapshots_i12rev_delete_guest (void)
{
    static const char xml[] =
        "<domain type='test'><name>" I12REV_GUEST "</name><memory>65536</memory>"
                                                  "<os><type>hvm</type></os></domain>";
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaDomain) domain = NULL;
    g_autoptr(VimanaSnapshotLeftovers) leftovers = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("i12rev-XXXXXX", &error);
    g_autofree char *overlay = NULL;
    const char *files[2] = { NULL };
    virDomainPtr dom;
    virDomainSnapshotPtr snap;
    int state = 0;

    g_assert_no_error (error);
    overlay = g_build_filename (dir, "i12rev-guest.s1.qcow2", NULL);
    g_assert_true (g_file_set_contents (overlay, "overlay", -1, &error));
    g_assert_no_error (error);
    files[0] = overlay;

    dom = virDomainDefineXML (keeper, xml);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    for (guint i = 1; i <= 2; i++) {
        g_autofree char *snap_xml =
            g_strdup_printf ("<domainsnapshot><name>s%u</name></domainsnapshot>", i);

        snap = virDomainSnapshotCreateXML (dom, snap_xml, 0);
        g_assert_nonnull (snap);
        virDomainSnapshotFree (snap);
    }
    test_wait_until (i12rev_domain_appears, connection, "the new guest");
    domain = g_object_ref (get_domain (connection, I12REV_GUEST));

    /* Internal snapshots: counted, no files. */
    leftovers = i12rev_list_leftovers (domain);
    g_assert_cmpuint (leftovers->n_snapshots, ==, 2);
    g_assert_cmpuint (leftovers->files->len, ==, 0);

    g_assert_false (i12rev_delete (domain, FALSE, files, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "2 snapshots"));
    g_assert_nonnull (strstr (error->message, "metadata"));
    g_clear_error (&error);
    /* Nothing was done: still running, both snapshots and the file still there. */
    g_assert_cmpint (virDomainGetState (dom, &state, NULL, 0), ==, 0);
    g_assert_cmpint (state, ==, VIR_DOMAIN_RUNNING);
    g_assert_cmpint (virDomainSnapshotNum (dom, 0), ==, 2);
    g_assert_true (g_file_test (overlay, G_FILE_TEST_EXISTS));

    g_assert_true (i12rev_delete (domain, TRUE, files, &error));
    g_assert_no_error (error);
    test_wait_until (domain_is_removed, domain, "the guest to go");
    virDomainFree (dom);
    dom = virDomainLookupByName (keeper, I12REV_GUEST);
    g_assert_null (dom);
    virResetLastError ();
    /* Not in a pool of the test driver, on a local connection: removed as a file. */
    g_assert_false (g_file_test (overlay, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* ---- sizes ---- */

#define I12FIN_GUEST "i12fin-sizes"

static void
i12fin_make_volume (const char *name,
                    const char *allocation)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (keeper, "default-pool");
    g_autofree char *xml = g_strdup_printf ("<volume><name>%s</name><capacity>104857600</capacity>"
                                            "<allocation>%s</allocation></volume>", name,
                                            allocation);
    virStorageVolPtr vol;

    g_assert_nonnull (pool);
    vol = virStorageVolCreateXML (pool, xml, 0);
    g_assert_nonnull (vol);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
}

static void
i12fin_delete_volume (const char *name)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (keeper, "default-pool");
    virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

    g_assert_nonnull (vol);
    g_assert_cmpint (virStorageVolDelete (vol, 0), ==, 0);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
}

static gboolean
i12fin_domain_appears (gpointer data)
{
    return vimana_connection_find_domain_by_name (data, I12FIN_GUEST) != NULL;
}

/* An external snapshot's size is its overlay's and memory file's allocation, read from their
 * volumes; an internal one's, or one whose files no pool holds, is not known (-1). */
static void
test_snapshots_i12fin_sizes (void)
{
    static const char xml[] =
        "<domain type='test'><name>" I12FIN_GUEST "</name><memory>65536</memory>"
                                                  "<os><type>hvm</type></os><devices>"
                                                  "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                                                  "<source file='/default-pool/" I12FIN_GUEST ".qcow2'/>"
                                                                                              "<target dev='vda' bus='virtio'/></disk></devices></domain>";
    static const char * const snapshots[] = {
        "<domainsnapshot><name>s0</name></domainsnapshot>",
        "<domainsnapshot><name>s1</name><state>running</state><creationTime>1700000000</creationTime>"
        "<memory snapshot='external' file='/default-pool/" I12FIN_GUEST ".s1.mem'/>"
                                                                        "<disks><disk name='vda' snapshot='external' type='file'>"
                                                                        "<source file='/default-pool/" I12FIN_GUEST ".s1.qcow2'/></disk></disks>"
                                                                                                                    "</domainsnapshot>",
        "<domainsnapshot><name>s2</name><state>disk-snapshot</state><creationTime>1700000100</creationTime>"
        "<memory snapshot='no'/><disks><disk name='vda' snapshot='external' type='file'>"
        "<source file='/nowhere/" I12FIN_GUEST ".s2.qcow2'/></disk></disks>"
                                               "</domainsnapshot>",
    };
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(GPtrArray) listed = NULL;
    char *domain_xml;
    virDomainPtr dom;

    i12fin_make_volume (I12FIN_GUEST ".s1.qcow2", "3145728");
    i12fin_make_volume (I12FIN_GUEST ".s1.mem", "2097152");
    dom = virDomainDefineXML (keeper, xml);
    g_assert_nonnull (dom);
    domain_xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (domain_xml);
    for (guint i = 0; i < G_N_ELEMENTS (snapshots); i++) {
        /* Redefined, as libvirt knows them, with the guest's definition inside. */
        g_autoptr(GString) full = g_string_new (snapshots[i]);
        virDomainSnapshotPtr snap;

        if (i > 0)
            g_string_replace (full, "</domainsnapshot>", "", 1);
        if (i > 0)
            g_string_append_printf (full, "%s</domainsnapshot>", domain_xml);
        snap = virDomainSnapshotCreateXML (dom, full->str,
                                           i == 0 ? 0 : VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE);
        if (snap == NULL)
            g_error ("snapshot %u: %s", i, virGetLastErrorMessage ());
        virDomainSnapshotFree (snap);
    }
    free (domain_xml);
    test_wait_until (i12fin_domain_appears, connection, "the new guest");

    listed = list_snapshots (get_domain (connection, I12FIN_GUEST));
    g_assert_cmpuint (listed->len, ==, 3);
    for (guint i = 0; i < listed->len; i++) {
        VimanaSnapshot *snapshot = g_ptr_array_index (listed, i);
        const char *name = vimana_snapshot_get_name (snapshot);

        if (g_str_equal (name, "s0")) {
            g_assert_false (vimana_snapshot_get_external (snapshot));
            g_assert_cmpint (vimana_snapshot_get_size (snapshot), ==, -1);
        } else if (g_str_equal (name, "s1")) {
            g_assert_true (vimana_snapshot_get_external (snapshot));
            g_assert_cmpint (vimana_snapshot_get_size (snapshot), ==, 5 * 1024 * 1024);
        } else {
            g_assert_true (vimana_snapshot_get_external (snapshot));
            g_assert_cmpint (vimana_snapshot_get_size (snapshot), ==, -1);
        }
    }

    g_assert_cmpint (virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA), ==, 0);
    virDomainFree (dom);
    i12fin_delete_volume (I12FIN_GUEST ".s1.qcow2");
    i12fin_delete_volume (I12FIN_GUEST ".s1.mem");
}

int
main (int    argc,
      char **argv)
{
    g_setenv ("LANGUAGE", "C", TRUE);
    core_test_init (&argc, &argv);

    g_test_add_func ("/snapshots/take-revert", test_snapshots_take_revert);
    g_test_add_func ("/snapshots/revert-changes", test_snapshots_revert_changes);
    g_test_add_func ("/snapshots/edit", test_snapshots_edit);
    g_test_add_func ("/snapshots/delete", test_snapshots_delete);
    g_test_add_func ("/snapshots/caps", test_snapshots_caps);
    g_test_add_func ("/snapshots/i12rev-delete-guest", test_snapshots_i12rev_delete_guest);
    g_test_add_func ("/snapshots/i12fin-sizes", test_snapshots_i12fin_sizes);

    return g_test_run ();
}
