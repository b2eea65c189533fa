/* test-recovery.c: assisted recovery's source matching and plan, on pool and guest fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "vimana-recovery.h"

static char *
read_fixture (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "recovery", name, NULL);
    g_autoptr(GError) error = NULL;
    char *text = NULL;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    return text;
}

static VimanaRecoveryPool *
load_pool (const char *name)
{
    g_autofree char *xml = read_fixture (name);
    g_autoptr(GError) error = NULL;
    VimanaRecoveryPool *pool = vimana_recovery_pool_parse (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (pool);
    return pool;
}

static GPtrArray *
load_pools (const char *first,
            ...)
{
    GPtrArray *pools = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_recovery_pool_free);
    va_list args;

    va_start (args, first);
    for (const char *name = first; name != NULL; name = va_arg (args, const char *))
        g_ptr_array_add (pools, load_pool (name));
    va_end (args);
    return pools;
}

static VimanaRecoveryGuest *
load_guest (const char *name,
            const char *file)
{
    g_autofree char *xml = read_fixture (file);

    return vimana_recovery_guest_new (NULL, name, xml);
}

static void
test_recovery_netfs_shared (void)
{
    g_autoptr(VimanaRecoveryPool) a = load_pool ("pool-netfs-a.xml");
    g_autoptr(VimanaRecoveryPool) b = load_pool ("pool-netfs-b.xml");
    g_autoptr(VimanaRecoveryPool) other = load_pool ("pool-netfs-other.xml");

    g_assert_cmpstr (a->type, ==, "netfs");
    g_assert_cmpstr (a->target_path, ==, "/mnt/shared-a");
    g_assert_cmpstr (b->target_path, ==, "/var/lib/libvirt/vmstore");
    g_assert_cmpstr (a->source_key, ==, "netfs:nfs:nfs.example.com:/srv/vm");
    /* Same server and export, another path, another name, "auto" format: shared. */
    g_assert_true (vimana_recovery_pools_shared (a, b));
    /* Same name and path, another export: not shared. */
    g_assert_false (vimana_recovery_pools_shared (a, other));
}

static void
test_recovery_dir_not_shared (void)
{
    g_autoptr(VimanaRecoveryPool) a = load_pool ("pool-dir-a.xml");
    g_autoptr(VimanaRecoveryPool) b = load_pool ("pool-dir-b.xml");

    g_assert_cmpstr (a->target_path, ==, b->target_path);
    g_assert_null (a->source_key);
    g_assert_false (vimana_recovery_pools_shared (a, b));
}

static void
test_recovery_iscsi_shared (void)
{
    g_autoptr(VimanaRecoveryPool) a = load_pool ("pool-iscsi-a.xml");
    g_autoptr(VimanaRecoveryPool) b = load_pool ("pool-iscsi-b.xml");
    g_autoptr(VimanaRecoveryPool) vg = load_pool ("pool-logical.xml");

    /* iscsi and iscsi-direct pools on one portal and target are one storage. */
    g_assert_cmpstr (a->source_key, ==, "iscsi:10.0.0.5:3260:iqn.2026-01.com.example:storage.vm");
    g_assert_true (vimana_recovery_pools_shared (a, b));
    g_assert_cmpstr (vg->source_key, ==, "logical:vmvg");
    g_assert_false (vimana_recovery_pools_shared (a, vg));
}

static void
test_recovery_pool_bad_xml (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaRecoveryPool) pool = vimana_recovery_pool_parse ("<domain/>", &error);

    g_assert_null (pool);
    g_assert_nonnull (error);
}

static const VimanaRecoveryItem *
plan_item (GPtrArray  *plan,
           const char *name)
{
    for (guint i = 0; i < plan->len; i++) {
        const VimanaRecoveryItem *item = g_ptr_array_index (plan, i);

        if (strcmp (item->name, name) == 0)
            return item;
    }
    g_assert_not_reached ();
}

static void
test_recovery_plan (void)
{
    g_autoptr(GPtrArray) lost = load_pools ("pool-netfs-a.xml", "pool-dir-a.xml",
                                            "pool-iscsi-a.xml", NULL);
    g_autoptr(GPtrArray) survivor = load_pools ("pool-netfs-b.xml", "pool-dir-b.xml",
                                                "pool-iscsi-b.xml", NULL);
    g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vimana_recovery_guest_free);
    g_autoptr(GPtrArray) plan = NULL;
    const VimanaRecoveryItem *item;

    g_ptr_array_add (guests, load_guest ("web", "guest-netfs.xml"));
    g_ptr_array_add (guests, load_guest ("local", "guest-dir.xml"));
    g_ptr_array_add (guests, load_guest ("loose", "guest-outside.xml"));
    g_ptr_array_add (guests, load_guest ("db", "guest-iscsi.xml"));
    plan = vimana_recovery_plan (guests, lost, survivor, NULL, "host A", "host B");
    g_assert_cmpuint (plan->len, ==, 4);
    g_assert_cmpuint (vimana_recovery_plan_count (plan), ==, 2);

    /* The NFS disk moves to B's mount point; the empty CD-ROM stays empty. */
    item = plan_item (plan, "web");
    g_assert_true (item->recoverable);
    g_assert_nonnull (strstr (item->xml, "file=\"/var/lib/libvirt/vmstore/web.qcow2\""));
    g_assert_null (strstr (item->xml, "/mnt/shared-a"));
    g_assert_nonnull (strstr (item->reason, "host B"));

    /* Same path on both hosts, but each host's own folder. */
    item = plan_item (plan, "local");
    g_assert_false (item->recoverable);
    g_assert_null (item->xml);
    g_assert_nonnull (strstr (item->reason, "“default” (dir)"));
    g_assert_nonnull (strstr (item->reason, "only host A has"));

    /* One disk shared, one in no pool at all: the guest is not recoverable, and says which. */
    item = plan_item (plan, "loose");
    g_assert_false (item->recoverable);
    g_assert_nonnull (strstr (item->reason, "vdb"));
    g_assert_nonnull (strstr (item->reason, "in no storage pool of host A"));

    /* A volume disk gets the survivor's pool name. */
    item = plan_item (plan, "db");
    g_assert_true (item->recoverable);
    g_assert_nonnull (strstr (item->xml, "pool=\"san-direct\""));
    g_assert_nonnull (strstr (item->xml, "volume=\"unit:0:0:1\""));
}

static void
test_recovery_plan_survivor_lacks (void)
{
    g_autoptr(GPtrArray) lost = load_pools ("pool-netfs-a.xml", NULL);
    g_autoptr(GPtrArray) survivor = load_pools ("pool-netfs-other.xml", NULL);
    g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vimana_recovery_guest_free);
    g_autoptr(GHashTable) there = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) plan = NULL;
    const VimanaRecoveryItem *item;

    g_ptr_array_add (guests, load_guest ("web", "guest-netfs.xml"));
    g_ptr_array_add (guests, vimana_recovery_guest_new (NULL, "unread", NULL));
    g_ptr_array_add (guests, load_guest ("taken", "guest-netfs.xml"));
    g_hash_table_add (there, (gpointer) "taken");
    plan = vimana_recovery_plan (guests, lost, survivor, there, "host A", "host B");
    g_assert_cmpuint (vimana_recovery_plan_count (plan), ==, 0);

    /* B mounts another export at A's very path: not the same storage. */
    item = plan_item (plan, "web");
    g_assert_false (item->recoverable);
    g_assert_nonnull (strstr (item->reason, "which host B does not have"));
    item = plan_item (plan, "unread");
    g_assert_false (item->recoverable);
    g_assert_nonnull (strstr (item->reason, "not read"));
    item = plan_item (plan, "taken");
    g_assert_false (item->recoverable);
    g_assert_nonnull (strstr (item->reason, "already has"));
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/recovery/pool/netfs-shared", test_recovery_netfs_shared);
    g_test_add_func ("/recovery/pool/dir-not-shared", test_recovery_dir_not_shared);
    g_test_add_func ("/recovery/pool/iscsi-shared", test_recovery_iscsi_shared);
    g_test_add_func ("/recovery/pool/bad-xml", test_recovery_pool_bad_xml);
    g_test_add_func ("/recovery/plan/mixed", test_recovery_plan);
    g_test_add_func ("/recovery/plan/survivor-lacks", test_recovery_plan_survivor_lacks);

    return g_test_run ();
}
