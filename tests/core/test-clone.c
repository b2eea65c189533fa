/* test-clone.c: cloning a guest through the core on the libvirt test driver (tier 2, suite "core")
 *
 * The test driver has storage pools, volumes, virStorageVolCreateXMLFrom and backing stores as
 * metadata, which is what the clone's steps need: the facts read, full copies, linked overlays
 * on the source's image, several copies by a pattern, the base marked in the source's metadata,
 * cancel and a failed definition leaving nothing behind, a running source refused. Writing real
 * bytes, progress and booting a clone are the system test's (tests/system/test_clone.py).
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
#include "vimana-clone-journal.h"
#include "vimana-clone.h"
#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-error.h"

#define SOURCE "i12clone-src"
#define SOURCE_PATH "/default-pool/" SOURCE ".qcow2"
#define MiB (G_GUINT64_CONSTANT (1) << 20)

static const char source_xml[] =
    "<domain type='test'><name>" SOURCE "</name><memory>65536</memory>"
                                        "<os><type>hvm</type></os><devices>"
                                        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
                                        "<source file='" SOURCE_PATH "'/><target dev='vda' bus='virtio'/></disk>"
                                                                     "<interface type='network'><mac address='52:54:00:01:02:03'/><source network='default'/>"
                                                                     "</interface></devices></domain>";

static virStoragePoolPtr
default_pool (void)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (keeper, "default-pool");

    g_assert_nonnull (pool);
    return pool;
}

static virStorageVolPtr
find_volume (const char *name)
{
    virStoragePoolPtr pool = default_pool ();
    virStorageVolPtr vol = virStorageVolLookupByName (pool, name);

    virStoragePoolFree (pool);
    virResetLastError ();
    return vol;
}

static gboolean
volume_exists (const char *name)
{
    virStorageVolPtr vol = find_volume (name);

    if (vol != NULL)
        virStorageVolFree (vol);
    return vol != NULL;
}

static gboolean
guest_exists (const char *name)
{
    virDomainPtr dom = virDomainLookupByName (keeper, name);

    if (dom != NULL)
        virDomainFree (dom);
    virResetLastError ();
    return dom != NULL;
}

/* The source, on a 10 MiB qcow2 volume with 1 MiB written. */
static void
make_source (void)
{
    virStoragePoolPtr pool = default_pool ();
    virStorageVolPtr vol = virStorageVolCreateXML (pool,
                                                   "<volume><name>" SOURCE ".qcow2</name>"
                                                                           "<capacity>10485760</capacity>"
                                                                           "<allocation>1048576</allocation>"
                                                                           "<target><format type='qcow2'/></target>"
                                                                           "</volume>", 0);
    virDomainPtr dom;

    g_assert_nonnull (vol);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
    dom = virDomainDefineXML (keeper, source_xml);
    g_assert_nonnull (dom);
    virDomainFree (dom);
}

/* Removes the source, every guest and volume named i12clone-*. */
static void
remove_all (void)
{
    virDomainPtr *doms = NULL;
    virStorageVolPtr *vols = NULL;
    virStoragePoolPtr pool = default_pool ();
    int n = virConnectListAllDomains (keeper, &doms, 0);

    for (int i = 0; i < n; i++) {
        if (g_str_has_prefix (virDomainGetName (doms[i]), "i12clone-")) {
            if (virDomainIsActive (doms[i]) == 1)
                virDomainDestroy (doms[i]);
            g_assert_cmpint (virDomainUndefine (doms[i]), ==, 0);
        }
        virDomainFree (doms[i]);
    }
    free (doms);
    n = virStoragePoolListAllVolumes (pool, &vols, 0);
    for (int i = 0; i < n; i++) {
        if (g_str_has_prefix (virStorageVolGetName (vols[i]), "i12clone-"))
            g_assert_cmpint (virStorageVolDelete (vols[i], 0), ==, 0);
        virStorageVolFree (vols[i]);
    }
    free (vols);
    virStoragePoolFree (pool);
}

static VimanaCloneFacts *
read_facts (VimanaDomain *domain)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    VimanaCloneFacts *facts;

    vimana_domain_read_clone_facts_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the clone facts");
    facts = vimana_domain_read_clone_facts_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (facts);
    return facts;
}

static GStrv
read_linked_clones (VimanaDomain *domain)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    GStrv clones;

    vimana_domain_read_linked_clones_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the linked clones");
    clones = vimana_domain_read_linked_clones_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    return clones;
}

static VimanaClone *
plan_clone (VimanaDomain        *domain,
            const char          *name,
            guint                count,
            VimanaCloneDiskMode  mode)
{
    g_autoptr(VimanaCloneFacts) facts = read_facts (domain);
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (facts);
    g_autoptr(GError) error = NULL;
    VimanaClonePlan *plan;

    g_free (options->name);
    options->name = g_strdup (name);
    options->count = count;
    vimana_clone_options_set_mode (options, 0, mode);
    plan = vimana_clone_plan_new (facts, options, NULL, NULL, &error);
    g_assert_no_error (error);
    return vimana_clone_new (domain, plan);
}

static gboolean
run_clone (VimanaClone   *clone,
           GCancellable  *cancellable,
           GError       **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_clone_run_async (clone, cancellable, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the clone");
    ok = vimana_clone_run_finish (clone, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static void
test_clone_full (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaCloneFacts) facts = NULL;
    g_autoptr(VimanaClone) clone = NULL;
    g_autoptr(GError) error = NULL;
    VimanaCloneDiskFacts *disk;
    virStorageVolInfo info = { 0 };
    virStorageVolPtr vol;
    virDomainPtr dom;
    g_autofree char *xml = NULL;
    VimanaDomain *domain;

    remove_all ();
    make_source ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, SOURCE);

    facts = read_facts (domain);
    g_assert_false (facts->running);
    g_assert_false (facts->is_base);
    g_assert_null (read_linked_clones (domain));
    g_assert_cmpuint (facts->disks->len, ==, 1);
    disk = g_ptr_array_index (facts->disks, 0);
    g_assert_cmpstr (disk->pool, ==, "default-pool");
    g_assert_cmpstr (disk->volume, ==, SOURCE ".qcow2");
    g_assert_cmpuint (disk->capacity, ==, 10 * MiB);
    g_assert_nonnull (vimana_clone_facts_find_pool (facts, "default-pool"));
    g_assert_true (g_strv_contains ((const char * const *) facts->guest_names, "test"));

    clone = plan_clone (domain, SOURCE "-clone", 1, VIMANA_CLONE_DISK_COPY);
    g_assert_true (run_clone (clone, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (vimana_clone_get_copy_state (clone, 0, NULL), ==, VIMANA_CLONE_COPY_DONE);

    vol = find_volume (SOURCE "-clone.qcow2");
    g_assert_nonnull (vol);
    g_assert_cmpint (virStorageVolGetInfo (vol, &info), ==, 0);
    g_assert_cmpuint (info.capacity, ==, 10 * MiB);
    virStorageVolFree (vol);
    dom = virDomainLookupByName (keeper, SOURCE "-clone");
    g_assert_nonnull (dom);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    virDomainFree (dom);
    g_assert_nonnull (strstr (xml, "/default-pool/" SOURCE "-clone.qcow2"));
    g_assert_null (strstr (xml, "52:54:00:01:02:03"));
    g_assert_null (strstr (xml, VIMANA_CLONE_METADATA_NS));
    remove_all ();
}

/* Three linked clones by a pattern: overlays on the source's image, the source marked. */
static void
test_clone_linked (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaCloneFacts) facts = NULL;
    g_autoptr(VimanaClone) clone = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) clones = NULL;
    virDomainPtr dom;
    char *metadata;
    VimanaDomain *domain;

    remove_all ();
    make_source ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, SOURCE);

    clone = plan_clone (domain, "i12clone-web-##", 3, VIMANA_CLONE_DISK_LINKED);
    g_assert_true (run_clone (clone, NULL, &error));
    g_assert_no_error (error);
    for (guint i = 1; i <= 3; i++) {
        g_autofree char *name = g_strdup_printf ("i12clone-web-%02u", i);
        g_autofree char *volume = g_strdup_printf ("i12clone-web-%02u.qcow2", i);
        virStorageVolPtr vol = find_volume (volume);
        char *vol_xml;

        g_assert_cmpint (vimana_clone_get_copy_state (clone, i - 1, NULL), ==,
                         VIMANA_CLONE_COPY_DONE);
        g_assert_true (guest_exists (name));
        g_assert_nonnull (vol);
        vol_xml = virStorageVolGetXMLDesc (vol, 0);
        g_assert_nonnull (strstr (vol_xml, "<backingStore>"));
        g_assert_nonnull (strstr (vol_xml, "<path>" SOURCE_PATH "</path>"));
        free (vol_xml);
        virStorageVolFree (vol);
    }

    dom = virDomainLookupByName (keeper, SOURCE);
    metadata = virDomainGetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT, VIMANA_CLONE_METADATA_NS,
                                     VIR_DOMAIN_AFFECT_CONFIG);
    virDomainFree (dom);
    g_assert_nonnull (metadata);
    g_assert_nonnull (strstr (metadata, "i12clone-web-01"));
    g_assert_nonnull (strstr (metadata, "i12clone-web-03"));
    free (metadata);
    g_clear_object (&clone);
    /* The source now reads as a base, of the clones that still exist. */
    facts = read_facts (domain);
    g_assert_true (facts->is_base);
    clones = read_linked_clones (domain);
    g_assert_cmpstrv (clones, ((const char *[]) { "i12clone-web-01", "i12clone-web-02",
                                                  "i12clone-web-03", NULL }));
    g_clear_pointer (&clones, g_strfreev);
    dom = virDomainLookupByName (keeper, "i12clone-web-02");
    g_assert_cmpint (virDomainUndefine (dom), ==, 0);
    virDomainFree (dom);
    clones = read_linked_clones (domain);
    g_assert_cmpstrv (clones, ((const char *[]) { "i12clone-web-01", "i12clone-web-03", NULL }));
    remove_all ();
}

/* Cancelled before it began: nothing is made. Cancelled as it runs: each copy is whole or gone. */
static void
test_clone_cancel (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaClone) clone = NULL;
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    VimanaDomain *domain;

    remove_all ();
    make_source ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, SOURCE);

    clone = plan_clone (domain, "i12clone-c-##", 4, VIMANA_CLONE_DISK_COPY);
    g_cancellable_cancel (cancellable);
    g_assert_false (run_clone (clone, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    for (guint i = 0; i < 4; i++) {
        g_autofree char *name = g_strdup_printf ("i12clone-c-%02u", i + 1);
        g_autofree char *volume = g_strdup_printf ("i12clone-c-%02u.qcow2", i + 1);

        g_assert_cmpint (vimana_clone_get_copy_state (clone, i, NULL), ==,
                         VIMANA_CLONE_COPY_CANCELLED);
        g_assert_false (guest_exists (name));
        g_assert_false (volume_exists (volume));
    }
    g_clear_object (&clone);
    g_clear_object (&cancellable);

    /* Cancelled while the first copy runs, from its copy-changed: wherever the thread was. */
    cancellable = g_cancellable_new ();
    clone = plan_clone (domain, "i12clone-d-##", 4, VIMANA_CLONE_DISK_COPY);
    g_signal_connect_swapped (clone, "copy-changed", G_CALLBACK (g_cancellable_cancel),
                              cancellable);
    run_clone (clone, cancellable, &error);
    g_clear_error (&error);
    g_assert_true (g_cancellable_is_cancelled (cancellable));
    for (guint i = 0; i < 4; i++) {
        g_autofree char *name = g_strdup_printf ("i12clone-d-%02u", i + 1);
        g_autofree char *volume = g_strdup_printf ("i12clone-d-%02u.qcow2", i + 1);
        VimanaCloneCopyState state = vimana_clone_get_copy_state (clone, i, NULL);

        g_assert_true (state == VIMANA_CLONE_COPY_DONE || state == VIMANA_CLONE_COPY_CANCELLED);
        g_assert_cmpint (guest_exists (name), ==, state == VIMANA_CLONE_COPY_DONE);
        g_assert_cmpint (volume_exists (volume), ==, state == VIMANA_CLONE_COPY_DONE);
    }
    remove_all ();
}

/* A definition libvirt refuses: the copy's volume is removed and the copy says why. */
static void
test_clone_define_fails (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaClone) clone = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *taken = NULL;
    const GError *reason = NULL;
    virDomainPtr dom;
    VimanaDomain *domain;

    remove_all ();
    make_source ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, SOURCE);

    clone = plan_clone (domain, "i12clone-late", 1, VIMANA_CLONE_DISK_COPY);
    /* The name is taken after the plan was made. */
    taken = g_strdup ("<domain type='test'><name>i12clone-late</name><memory>65536</memory>"
                      "<os><type>hvm</type></os></domain>");
    dom = virDomainDefineXML (keeper, taken);
    g_assert_nonnull (dom);
    virDomainFree (dom);

    g_assert_false (run_clone (clone, NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_cmpint (vimana_clone_get_copy_state (clone, 0, &reason), ==, VIMANA_CLONE_COPY_FAILED);
    g_assert_nonnull (reason);
    g_test_message ("refused: %s", reason->message);
    g_assert_false (volume_exists ("i12clone-late.qcow2"));
    remove_all ();
}

/* A running source: the plan refuses it, and so does the run if it started since. */
static void
test_clone_running (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaClone) clone = NULL;
    g_autoptr(VimanaCloneFacts) facts = NULL;
    g_autoptr(VimanaCloneOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    VimanaCloneField field;
    virDomainPtr dom;
    VimanaDomain *domain;

    remove_all ();
    make_source ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, SOURCE);

    clone = plan_clone (domain, "i12clone-r", 1, VIMANA_CLONE_DISK_COPY);
    dom = virDomainLookupByName (keeper, SOURCE);
    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    virDomainFree (dom);

    facts = read_facts (domain);
    g_assert_true (facts->running);
    options = vimana_clone_options_new (facts);
    g_assert_null (vimana_clone_plan_new (facts, options, &field, NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_NONE);
    g_clear_error (&error);

    g_assert_false (run_clone (clone, NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
    g_assert_false (guest_exists ("i12clone-r"));
    g_assert_false (volume_exists ("i12clone-r.qcow2"));
    remove_all ();
}

static guint
journal_length (void)
{
    g_autoptr(GPtrArray) listed = vimana_clone_journal_list (DEFAULT_URI);

    return listed->len;
}

static GStrv
clean_journal (VimanaConnection *connection)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    GStrv left;

    vimana_connection_clean_clone_journal_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the journal's cleanup");
    left = vimana_connection_clean_clone_journal_finish (connection, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    return left;
}

/* The journal of a clone's volumes: what a clone was making when the daemon went away (written
 * down and not taken out) is deleted when the connection opens; an entry whose clone still
 * runs is left; one that cannot be deleted is returned, and stays for the next time. */
static void
test_clone_journal (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autofree char *path = vimana_clone_journal_path (DEFAULT_URI);
    g_autofree char *other = vimana_clone_journal_path ("qemu:///session");
    g_auto(GStrv) left = NULL;
    virStoragePoolPtr pool = default_pool ();
    virStoragePoolPtr off;
    virStorageVolPtr vol = virStorageVolCreateXML (pool,
                                                   "<volume><name>i12clone-left.img</name>"
                                                   "<capacity>1048576</capacity></volume>", 0);

    g_assert_nonnull (vol);
    virStorageVolFree (vol);
    virStoragePoolFree (pool);
    off = virStoragePoolDefineXML (keeper, "<pool type='dir'><name>i12clone-off</name>"
                                           "<target><path>/i12clone-off</path></target></pool>", 0);
    g_assert_nonnull (off);
    g_assert_cmpstr (path, !=, other);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

    /* Cut off: a volume half made, one never begun, one in a pool since gone, one in a pool
     * not active. */
    vimana_clone_journal_add (DEFAULT_URI, "default-pool", "i12clone-left.img");
    vimana_clone_journal_add (DEFAULT_URI, "default-pool", "i12clone-never.img");
    vimana_clone_journal_add (DEFAULT_URI, "i12clone-gone", "i12clone-x.img");
    vimana_clone_journal_add (DEFAULT_URI, "i12clone-off", "i12clone-y.img");
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    /* Still being made by this process: not listed. */
    g_assert_cmpuint (journal_length (), ==, 0);
    vimana_clone_journal_settle (DEFAULT_URI, "default-pool", "i12clone-left.img");
    vimana_clone_journal_settle (DEFAULT_URI, "default-pool", "i12clone-never.img");
    vimana_clone_journal_settle (DEFAULT_URI, "i12clone-gone", "i12clone-x.img");
    vimana_clone_journal_settle (DEFAULT_URI, "i12clone-off", "i12clone-y.img");
    vimana_clone_journal_add (DEFAULT_URI, "default-pool", "i12clone-busy.img");
    g_assert_cmpuint (journal_length (), ==, 4);

    connection = test_connection_open (DEFAULT_URI);
    left = clean_journal (connection);
    g_assert_nonnull (left);
    g_assert_cmpuint (g_strv_length (left), ==, 1);
    g_assert_nonnull (strstr (left[0], "i12clone-off/i12clone-y.img"));
    g_assert_nonnull (strstr (left[0], "not active"));
    g_assert_false (volume_exists ("i12clone-left.img"));
    g_assert_cmpuint (journal_length (), ==, 1);

    /* The pool gone, nothing is left; the busy entry goes when its clone takes it out. */
    g_assert_cmpint (virStoragePoolUndefine (off), ==, 0);
    virStoragePoolFree (off);
    g_clear_pointer (&left, g_strfreev);
    left = clean_journal (connection);
    g_assert_null (left);
    g_assert_cmpuint (journal_length (), ==, 0);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    vimana_clone_journal_remove (DEFAULT_URI, "default-pool", "i12clone-busy.img");
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    remove_all ();
}

int
main (int    argc,
      char **argv)
{
    g_autofree char *state = g_dir_make_tmp ("i12fin-state-XXXXXX", NULL);
    g_autofree char *journal_dir = NULL;
    int result;

    /* The journal goes to a folder of this run's own. */
    g_assert_nonnull (state);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
    core_test_init (&argc, &argv);

    g_test_add_func ("/clone/full", test_clone_full);
    g_test_add_func ("/clone/linked", test_clone_linked);
    g_test_add_func ("/clone/cancel", test_clone_cancel);
    g_test_add_func ("/clone/define-fails", test_clone_define_fails);
    g_test_add_func ("/clone/running", test_clone_running);
    g_test_add_func ("/clone/journal", test_clone_journal);
    result = g_test_run ();
    journal_dir = g_build_filename (state, "vimana", "clone-journal", NULL);
    g_rmdir (journal_dir);
    g_free (journal_dir);
    journal_dir = g_build_filename (state, "vimana", NULL);
    g_rmdir (journal_dir);
    g_rmdir (state);
    return result;
}
