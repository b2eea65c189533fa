/* test-storage.c: storage pools and volumes through the core on the libvirt test driver
 * (tier 2, suite "core")
 *
 * node-50.xml has a pool "default" with 9 volumes (see tests/data/README); each connection to it
 * has a private copy, so what one test creates or deletes the next does not see. Pool events come
 * from another client, which only the process-wide test:///default has (the keeper).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "core-test-util.h"
#include "vimana-connection.h"
#include "vimana-disk-volume.h"
#include "vimana-error.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define MIB (G_GUINT64_CONSTANT (1) << 20)

static char *node50_uri;

static const char * const node50_volumes[] = {
    "disks-01-data.raw", "disks-01-system.qcow2", "installer.iso", "run-01.qcow2",
    "run-02.qcow2", "run-03.qcow2", "run-04.qcow2", "run-05.qcow2", "unused.qcow2",
};

/* ---- helpers ---- */

static gboolean
refresh_pools (VimanaConnection           *connection,
               VimanaStorageRefreshFlags   flags,
               GError                    **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_connection_refresh_storage_pools_async (connection, flags, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the storage pools");
    ok = vimana_connection_refresh_storage_pools_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static void
refresh_pools_ok (VimanaConnection          *connection,
                  VimanaStorageRefreshFlags  flags)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (refresh_pools (connection, flags, &error));
    g_assert_no_error (error);
}

static VimanaStorageVolume *
create_volume (VimanaConnection               *connection,
               const char                     *pool,
               const VimanaStorageVolumeSpec  *spec,
               GError                        **error)
{
    TestWaitAsync wait = { 0 };
    VimanaStorageVolume *volume;

    vimana_connection_create_storage_volume_async (connection, pool, spec, NULL, test_wait_async_cb,
                                                   &wait);
    test_wait_async (&wait, "the new volume");
    volume = vimana_connection_create_storage_volume_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return volume;
}

static gboolean
delete_volume (VimanaStorageVolume  *volume,
               GError              **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_storage_volume_delete_async (volume, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the deletion");
    ok = vimana_storage_volume_delete_finish (volume, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static VimanaStorageVolume *
lookup_volume (VimanaConnection  *connection,
               const char        *path,
               GError           **error)
{
    TestWaitAsync wait = { 0 };
    VimanaStorageVolume *volume;

    vimana_connection_lookup_storage_volume_async (connection, path, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the lookup");
    volume = vimana_connection_lookup_storage_volume_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return volume;
}

static VimanaStoragePool *
get_pool (VimanaConnection *connection,
          const char       *name)
{
    VimanaStoragePool *pool = vimana_connection_find_storage_pool (connection, name);

    if (pool == NULL)
        g_error ("no storage pool “%s” on %s", name, vimana_connection_get_uri (connection));
    return pool;
}

static VimanaStorageVolume *
volume_item (VimanaStoragePool *pool,
             guint              index)
{
    g_autoptr(VimanaStorageVolume) volume = g_list_model_get_item (vimana_storage_pool_get_volumes (pool),
                                                                   index);

    g_assert_nonnull (volume);
    return volume;   /* the model keeps it */
}

/* ---- listing ---- */

static void
test_pools_listing (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    GListModel *pools = vimana_connection_get_storage_pools (connection);
    ItemsLog log = { 0 };
    VimanaStoragePool *pool;
    guint notifies = 0;

    /* Loaded on demand: nothing until asked. */
    g_assert_true (g_list_model_get_item_type (pools) == VIMANA_TYPE_STORAGE_POOL);
    g_assert_cmpuint (g_list_model_get_n_items (pools), ==, 0);
    g_assert_false (vimana_connection_get_storage_pools_loaded (connection));

    g_signal_connect (pools, "items-changed", G_CALLBACK (items_log_cb), &log);
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_NONE);
    g_assert_true (vimana_connection_get_storage_pools_loaded (connection));
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (log.added, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (pools), ==, 1);

    pool = get_pool (connection, "default");
    g_assert_true (vimana_storage_pool_get_connection (pool) == connection);
    g_assert_cmpstr (vimana_storage_pool_get_uuid (pool), ==, "a7aeb17d-54f4-5ace-a1c7-bcfd9d266937");
    g_assert_cmpstr (vimana_storage_pool_get_pool_type (pool), ==, "dir");
    g_assert_cmpstr (vimana_storage_pool_get_target_path (pool), ==, "/var/lib/libvirt/images");
    g_assert_true (vimana_storage_pool_get_active (pool));
    g_assert_cmpint (vimana_storage_pool_get_state (pool), ==, VIMANA_STORAGE_POOL_RUNNING);
    g_assert_true (vimana_storage_pool_get_persistent (pool));
    g_assert_false (vimana_storage_pool_get_removed (pool));
    /* The test driver fixes the capacity at 100 GiB; the volumes allocate 48 GiB. */
    g_assert_cmpuint (vimana_storage_pool_get_capacity (pool), ==, 100 * GIB);
    g_assert_cmpuint (vimana_storage_pool_get_allocation (pool), ==, 48 * GIB);
    g_assert_cmpuint (vimana_storage_pool_get_available (pool), ==, 52 * GIB);
    /* Volumes are another demand. */
    g_assert_false (vimana_storage_pool_get_volumes_loaded (pool));
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==, 0);
    g_assert_null (vimana_connection_find_storage_pool (connection, "nope"));

    /* The same listing again changes nothing: same object, no signal, no notify. */
    g_signal_connect_swapped (pool, "notify", G_CALLBACK (count_cb), &notifies);
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_NONE);
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_true (get_pool (connection, "default") == pool);
    g_assert_cmpuint (notifies, ==, 0);

    g_signal_handlers_disconnect_by_data (pool, &notifies);
    g_signal_handlers_disconnect_by_data (pools, &log);
}

static void
test_pools_volumes (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GPtrArray) all = NULL;
    ItemsLog log = { 0 };
    VimanaStoragePool *pool;
    VimanaStorageVolume *volume;
    GListModel *volumes;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = get_pool (connection, "default");
    volumes = vimana_storage_pool_get_volumes (pool);
    g_assert_true (vimana_storage_pool_get_volumes_loaded (pool));
    g_assert_cmpuint (g_list_model_get_n_items (volumes), ==, G_N_ELEMENTS (node50_volumes));
    for (guint i = 0; i < G_N_ELEMENTS (node50_volumes); i++)
        g_assert_cmpstr (vimana_storage_volume_get_name (volume_item (pool, i)), ==,
                         node50_volumes[i]);

    volume = vimana_storage_pool_find_volume (pool, "disks-01-data.raw");
    g_assert_true (volume == volume_item (pool, 0));
    g_assert_cmpstr (vimana_storage_volume_get_path (volume), ==,
                     "/var/lib/libvirt/images/disks-01-data.raw");
    g_assert_cmpstr (vimana_storage_volume_get_format (volume), ==, "raw");
    g_assert_cmpstr (vimana_storage_volume_get_pool_name (volume), ==, "default");
    g_assert_true (vimana_storage_volume_get_pool (volume) == pool);
    g_assert_true (vimana_storage_volume_get_connection (volume) == connection);
    g_assert_cmpint (vimana_storage_volume_get_volume_type (volume), ==, VIMANA_STORAGE_VOLUME_FILE);
    g_assert_cmpuint (vimana_storage_volume_get_capacity (volume), ==, 100 * GIB);
    g_assert_cmpuint (vimana_storage_volume_get_allocation (volume), ==, 20 * GIB);
    g_assert_cmpstr (vimana_storage_volume_get_format (vimana_storage_pool_find_volume (pool, "installer.iso")),
                     ==, "iso");
    g_assert_cmpstr (vimana_storage_volume_get_format (vimana_storage_pool_find_volume (pool, "unused.qcow2")),
                     ==, "qcow2");
    g_assert_null (vimana_storage_pool_find_volume (pool, "nope.qcow2"));

    all = vimana_connection_dup_storage_volumes (connection);
    g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (node50_volumes));

    /* Listing again keeps every object and emits nothing. */
    g_signal_connect (volumes, "items-changed", G_CALLBACK (items_log_cb), &log);
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    g_assert_cmpuint (log.signals, ==, 0);
    g_assert_true (vimana_storage_pool_find_volume (pool, "disks-01-data.raw") == volume);
    /* Without the flag the volumes stay as they are. */
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_NONE);
    g_assert_cmpuint (log.signals, ==, 0);
    g_assert_true (vimana_storage_pool_get_volumes_loaded (pool));
    g_signal_handlers_disconnect_by_data (volumes, &log);
}

/* A pool refreshes itself: it rescans and lists its volumes. */
static void
test_pool_refresh (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };
    VimanaStoragePool *pool;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_NONE);
    pool = get_pool (connection, "default");
    vimana_storage_pool_refresh_async (pool, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the pool's refresh");
    g_assert_true (vimana_storage_pool_refresh_finish (pool, wait.result, &error));
    g_assert_no_error (error);
    g_object_unref (wait.result);
    g_assert_true (vimana_storage_pool_get_volumes_loaded (pool));
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==,
                      G_N_ELEMENTS (node50_volumes));
}

static gboolean
pool_action (VimanaStoragePool        *pool,
             VimanaStoragePoolAction   action,
             GError                  **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_storage_pool_run_action_async (pool, action, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the pool's action");
    ok = vimana_storage_pool_run_action_finish (pool, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* Stop, start, autostart and delete, each seen on the object as soon as the call returns. */
static void
test_pool_actions (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaStoragePool) hold = NULL;
    g_autoptr(GError) error = NULL;
    GListModel *pools;
    VimanaStoragePool *pool;
    guint n_pools;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pools = vimana_connection_get_storage_pools (connection);
    n_pools = g_list_model_get_n_items (pools);
    pool = get_pool (connection, "default");
    hold = g_object_ref (pool);
    g_assert_true (vimana_storage_pool_get_active (pool));

    g_assert_true (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_STOP, &error));
    g_assert_no_error (error);
    g_assert_false (vimana_storage_pool_get_active (pool));
    g_assert_cmpint (vimana_storage_pool_get_state (pool), ==, VIMANA_STORAGE_POOL_INACTIVE);
    /* Stopping a stopped pool is not an error. */
    g_assert_true (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_STOP, &error));
    g_assert_no_error (error);

    g_assert_true (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_START, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_storage_pool_get_active (pool));
    g_assert_true (get_pool (connection, "default") == pool);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==,
                      G_N_ELEMENTS (node50_volumes));

    g_assert_true (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_AUTOSTART_ON, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_storage_pool_get_autostart (pool));
    g_assert_true (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_AUTOSTART_OFF, &error));
    g_assert_no_error (error);
    g_assert_false (vimana_storage_pool_get_autostart (pool));

    g_assert_true (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_DELETE, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_storage_pool_get_removed (pool));
    g_assert_null (vimana_connection_find_storage_pool (connection, "default"));
    g_assert_cmpuint (g_list_model_get_n_items (pools), ==, n_pools - 1);

    /* A deleted pool refuses further actions and says so. */
    g_assert_false (pool_action (pool, VIMANA_STORAGE_POOL_ACTION_START, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
}

static char *
join_names (GPtrArray *names)
{
    g_ptr_array_add (names, NULL);
    return g_strjoinv (",", (char **) names->pdata);
}

/* One reading says which guests use which volume and network (tests/data/README's tables). */
static void
test_resource_users (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaResourceUsers) users = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };
    static const struct {
        const char *path;
        const char *users;
    } volumes[] = {
        { "/var/lib/libvirt/images/run-01.qcow2", "run-01" },
        { "/var/lib/libvirt/images/disks-01-data.raw", "disks-01" },
        { "/var/lib/libvirt/images/unused.qcow2", "" },
        { "/var/lib/libvirt/images/installer.iso", "" },
    };
    static const struct {
        const char *network;
        gboolean    running_only;
        const char *users;
    } networks[] = {
        { "isolated", FALSE, "run-19,run-20" },
        { "isolated", TRUE, "run-19,run-20" },
        { "routed", FALSE, "off-01,off-02" },
        { "routed", TRUE, "" },
        { "nope", FALSE, "" },
    };

    vimana_connection_list_resource_users_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the resource users");
    users = vimana_connection_list_resource_users_finish (connection, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (users);

    for (guint i = 0; i < G_N_ELEMENTS (volumes); i++) {
        g_autoptr(GPtrArray) found = vimana_resource_users_for_volume (users, volumes[i].path,
                                                                       "default", NULL);
        g_autofree char *joined = join_names (found);

        g_assert_cmpstr (joined, ==, volumes[i].users);
    }
    for (guint i = 0; i < G_N_ELEMENTS (networks); i++) {
        g_autoptr(GPtrArray) found = vimana_resource_users_for_network (users, networks[i].network,
                                                                        networks[i].running_only);
        g_autofree char *joined = join_names (found);

        g_assert_cmpstr (joined, ==, networks[i].users);
    }
    /* 50 guests: the two transient ones have no NIC, four are on the other networks. */
    {
        g_autoptr(GPtrArray) on_default = vimana_resource_users_for_network (users, "default",
                                                                             FALSE);

        g_assert_cmpuint (on_default->len, ==, 44);
    }
    /* A lease's MAC names its guest, only on the network the NIC is on. */
    g_assert_cmpstr (vimana_resource_users_guest_for_mac (users, "default", "52:54:00:00:01:00"), ==,
                     "run-01");
    g_assert_cmpstr (vimana_resource_users_guest_for_mac (users, "default", "52:54:00:00:02:00"), ==,
                     "run-02");
    g_assert_null (vimana_resource_users_guest_for_mac (users, "isolated", "52:54:00:00:01:00"));
    g_assert_null (vimana_resource_users_guest_for_mac (users, "default", "52:54:00:ff:ff:ff"));
}

static gboolean
resize_volume (VimanaStorageVolume  *volume,
               guint64               capacity,
               gboolean              shrink,
               GError              **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_storage_volume_resize_async (volume, capacity, shrink, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the resize");
    ok = vimana_storage_volume_resize_finish (volume, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* Sizes are checked before libvirt is asked; a running guest's disk is resized through the guest
 * (virDomainBlockResize), any other in its pool (virStorageVolResize). The test driver has
 * neither call, so its refusal names the one that was chosen. */
static void
test_volume_resize (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    VimanaStorageVolume *unused;
    VimanaStorageVolume *running;
    VimanaStoragePool *pool;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = get_pool (connection, "default");
    unused = vimana_storage_pool_find_volume (pool, "unused.qcow2");
    running = vimana_storage_pool_find_volume (pool, "run-01.qcow2");
    g_assert_nonnull (unused);
    g_assert_nonnull (running);

    /* Shrinking is refused unless meant. */
    g_assert_false (resize_volume (unused, 5 * GIB, FALSE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "smaller"));
    g_clear_error (&error);
    g_assert_false (resize_volume (unused, 0, TRUE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_cmpuint (vimana_storage_volume_get_capacity (unused), ==, 10 * GIB);

    /* A volume no guest runs on: the pool's call. */
    g_assert_false (resize_volume (unused, 20 * GIB, FALSE, &error));
    g_assert_nonnull (strstr (error->message, "virStorageVolResize"));
    g_clear_error (&error);

    /* run-01 runs on its disk: the guest's call, and never a shrink. */
    g_assert_false (resize_volume (running, 40 * GIB, FALSE, &error));
    g_assert_nonnull (strstr (error->message, "virDomainBlockResize"));
    g_clear_error (&error);
    g_assert_false (resize_volume (running, 10 * GIB, TRUE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
    g_assert_nonnull (strstr (error->message, "run-01"));
    g_assert_cmpuint (vimana_storage_volume_get_capacity (running), ==, 20 * GIB);
}

static VimanaStoragePool *
create_dir_pool (VimanaConnection  *connection,
                 const char        *name,
                 const char        *path,
                 GError           **error)
{
    TestWaitAsync wait = { 0 };
    VimanaStoragePool *pool;

    vimana_connection_create_dir_pool_async (connection, name, path, NULL, test_wait_async_cb,
                                             &wait);
    test_wait_async (&wait, "the new pool");
    pool = vimana_connection_create_dir_pool_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return pool;
}

/* A directory pool is made running and starting with the host; a taken name, a relative path
 * or a file instead of a folder make nothing. */
static void
test_pool_create_dir (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaStoragePool) pool = NULL;
    g_autoptr(VimanaStoragePool) refused = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-pool-XXXXXX", &error);
    gboolean path_field = FALSE;

    g_assert_no_error (error);
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = create_dir_pool (connection, "images2", dir, &error);
    g_assert_no_error (error);
    g_assert_nonnull (pool);
    g_assert_true (get_pool (connection, "images2") == pool);
    g_assert_true (vimana_storage_pool_get_active (pool));
    g_assert_true (vimana_storage_pool_get_autostart (pool));
    g_assert_cmpstr (vimana_storage_pool_get_pool_type (pool), ==, "dir");
    g_assert_cmpstr (vimana_storage_pool_get_target_path (pool), ==, dir);

    refused = create_dir_pool (connection, "default", dir, &error);
    g_assert_null (refused);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_clear_error (&error);
    refused = create_dir_pool (connection, "rel", "images", &error);
    g_assert_null (refused);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_null (vimana_connection_find_storage_pool (connection, "rel"));

    /* On this machine the folder must be one. */
    g_assert_false (vimana_storage_pool_check_dir ("x", "/etc/hostname", TRUE, &path_field, &error));
    g_assert_true (path_field);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vimana_storage_pool_check_dir ("a b", dir, TRUE, &path_field, &error));
    g_assert_false (path_field);
    g_clear_error (&error);
    g_assert_true (vimana_storage_pool_check_dir ("ok", dir, TRUE, &path_field, NULL));
    g_rmdir (dir);
}

/* ---- creating ---- */

static void
test_volume_create (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaStorageVolume) sparse = NULL;
    g_autoptr(VimanaStorageVolume) full = NULL;
    g_autoptr(VimanaStorageVolume) found = NULL;
    g_autoptr(GError) error = NULL;
    VimanaStorageVolumeSpec qcow2 = { .name = "new.qcow2", .capacity = 2 * GIB };
    VimanaStorageVolumeSpec raw = {
        .name = "new.raw", .format = "raw", .capacity = GIB, .allocation = GIB,
    };
    ItemsLog log = { 0 };
    VimanaStoragePool *pool;
    guint64 available;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = get_pool (connection, "default");
    available = vimana_storage_pool_get_available (pool);
    g_signal_connect (vimana_storage_pool_get_volumes (pool), "items-changed",
                      G_CALLBACK (items_log_cb), &log);

    /* qcow2 by default, sparse by default. */
    sparse = create_volume (connection, "default", &qcow2, &error);
    g_assert_no_error (error);
    g_assert_nonnull (sparse);
    g_assert_cmpstr (vimana_storage_volume_get_name (sparse), ==, "new.qcow2");
    g_assert_cmpstr (vimana_storage_volume_get_format (sparse), ==, "qcow2");
    g_assert_cmpstr (vimana_storage_volume_get_path (sparse), ==, "/var/lib/libvirt/images/new.qcow2");
    g_assert_cmpuint (vimana_storage_volume_get_capacity (sparse), ==, 2 * GIB);
    g_assert_cmpuint (vimana_storage_volume_get_allocation (sparse), ==, 0);
    /* It joined its pool's model: one more row, the very object returned. */
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (log.added, ==, 1);
    g_assert_true (vimana_storage_pool_find_volume (pool, "new.qcow2") == sparse);

    /* A raw image allocated at once takes its space from the pool, which says so. */
    full = create_volume (connection, "default", &raw, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vimana_storage_volume_get_format (full), ==, "raw");
    g_assert_cmpuint (vimana_storage_volume_get_allocation (full), ==, GIB);
    g_assert_cmpuint (vimana_storage_pool_get_available (pool), ==, available - GIB);
    g_assert_cmpuint (log.signals, ==, 2);

    /* Looked up by path, it is the same object. */
    found = lookup_volume (connection, "/var/lib/libvirt/images/new.raw", &error);
    g_assert_no_error (error);
    g_assert_true (found == full);
    g_assert_cmpuint (log.signals, ==, 2);

    /* Through the pool object too. */
    {
        g_autoptr(VimanaStorageVolume) third = NULL;
        VimanaStorageVolumeSpec spec = { .name = "third.qcow2", .capacity = MIB };
        TestWaitAsync wait = { 0 };

        vimana_storage_pool_create_volume_async (pool, &spec, NULL, test_wait_async_cb, &wait);
        test_wait_async (&wait, "the pool's new volume");
        third = vimana_storage_pool_create_volume_finish (pool, wait.result, &error);
        g_object_unref (wait.result);
        g_assert_no_error (error);
        g_assert_true (vimana_storage_pool_find_volume (pool, "third.qcow2") == third);
    }
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==,
                      G_N_ELEMENTS (node50_volumes) + 3);
    g_signal_handlers_disconnect_by_data (vimana_storage_pool_get_volumes (pool), &log);
}

/* Each refusal names the reason and changes nothing. */
static void
test_volume_create_refused (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    static const struct {
        const char              *pool;
        VimanaStorageVolumeSpec  spec;
        gint                     code;
        const char              *words;
    } cases[] = {
        { "default", { .name = "unused.qcow2", .capacity = GIB }, VIMANA_ERROR_EXISTS, "unused.qcow2" },
        { "default", { .name = "a.vmdk", .format = "vmdk", .capacity = GIB },
          VIMANA_ERROR_INVALID_ARGUMENT, "vmdk" },
        { "default", { .name = "small.qcow2", .capacity = 1024 }, VIMANA_ERROR_INVALID_ARGUMENT, "1 MiB" },
        { "default", { .name = "huge.qcow2", .capacity = 60 * GIB }, VIMANA_ERROR_INVALID_ARGUMENT, "52" },
        { "default", { .name = "a/b.qcow2", .capacity = GIB }, VIMANA_ERROR_INVALID_ARGUMENT, "a/b.qcow2" },
        { "default", { .name = "", .capacity = GIB }, VIMANA_ERROR_INVALID_ARGUMENT, "name" },
        { "default", { .name = "over.raw", .format = "raw", .capacity = GIB, .allocation = 2 * GIB },
          VIMANA_ERROR_INVALID_ARGUMENT, "allocate" },
        { "default", { .name = "overlay.raw", .format = "raw", .capacity = GIB,
                       .backing_path = "/var/lib/libvirt/images/run-01.qcow2" },
          VIMANA_ERROR_INVALID_ARGUMENT, "qcow2" },
        { "nowhere", { .name = "x.qcow2", .capacity = GIB }, VIMANA_ERROR_NOT_FOUND, "nowhere" },
    };
    ItemsLog log = { 0 };
    VimanaStoragePool *pool;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = get_pool (connection, "default");
    g_signal_connect (vimana_storage_pool_get_volumes (pool), "items-changed",
                      G_CALLBACK (items_log_cb), &log);
    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaStorageVolume) volume = create_volume (connection, cases[i].pool,
                                                               &cases[i].spec, &error);

        g_test_message ("“%s”: %s", cases[i].spec.name, error ? error->message : "created");
        g_assert_null (volume);
        g_assert_error (error, VIMANA_ERROR, cases[i].code);
        g_assert_nonnull (strstr (error->message, cases[i].words));
    }
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    g_assert_cmpuint (log.signals, ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==,
                      G_N_ELEMENTS (node50_volumes));
    g_signal_handlers_disconnect_by_data (vimana_storage_pool_get_volumes (pool), &log);
}

/* A volume is made only in a running pool. */
static void
test_volume_create_pool_stopped (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaStorageVolume) volume = NULL;
    VimanaStorageVolumeSpec spec = { .name = "x.qcow2", .capacity = GIB };
    virStoragePoolPtr stopped;

    stopped = virStoragePoolDefineXML (keeper, "<pool type='dir'><name>vimana-stopped</name>"
                                               "<target><path>/vimana-stopped</path></target></pool>",
                                       0);
    g_assert_nonnull (stopped);
    volume = create_volume (connection, "vimana-stopped", &spec, &error);
    g_assert_null (volume);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
    g_assert_nonnull (strstr (error->message, "vimana-stopped"));
    g_assert_cmpint (virStoragePoolUndefine (stopped), ==, 0);
    virStoragePoolFree (stopped);
}

/* ---- deleting, looking up ---- */

static void
test_volume_delete (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaStorageVolume) volume = NULL;
    g_autoptr(VimanaStorageVolume) again = NULL;
    g_autoptr(GError) error = NULL;
    ItemsLog log = { 0 };
    VimanaStoragePool *pool;
    guint removed_notifies = 0;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = get_pool (connection, "default");
    volume = g_object_ref (vimana_storage_pool_find_volume (pool, "unused.qcow2"));
    g_signal_connect (vimana_storage_pool_get_volumes (pool), "items-changed",
                      G_CALLBACK (items_log_cb), &log);
    g_signal_connect_swapped (volume, "notify::removed", G_CALLBACK (count_cb), &removed_notifies);

    g_assert_true (delete_volume (volume, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_storage_volume_get_removed (volume));
    g_assert_cmpuint (removed_notifies, ==, 1);
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (log.removed, ==, 1);
    g_assert_null (vimana_storage_pool_find_volume (pool, "unused.qcow2"));

    /* It is gone from libvirt as well. */
    again = lookup_volume (connection, "/var/lib/libvirt/images/unused.qcow2", &error);
    g_assert_null (again);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
    g_clear_error (&error);
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==,
                      G_N_ELEMENTS (node50_volumes) - 1);

    /* A deleted volume refuses to be deleted again, at once. */
    g_assert_false (delete_volume (volume, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "unused.qcow2"));

    g_signal_handlers_disconnect_by_data (vimana_storage_pool_get_volumes (pool), &log);
    g_signal_handlers_disconnect_by_data (volume, &removed_notifies);
}

/* A volume found by path before the pools are listed stands alone; afterwards it is the pool's. */
static void
test_volume_lookup (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaStorageVolume) alone = NULL;
    g_autoptr(VimanaStorageVolume) listed = NULL;
    g_autoptr(GError) error = NULL;

    alone = lookup_volume (connection, "/var/lib/libvirt/images/run-03.qcow2", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vimana_storage_volume_get_name (alone), ==, "run-03.qcow2");
    g_assert_cmpstr (vimana_storage_volume_get_pool_name (alone), ==, "default");
    g_assert_cmpuint (vimana_storage_volume_get_capacity (alone), ==, 20 * GIB);
    g_assert_null (vimana_storage_volume_get_pool (alone));

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    listed = lookup_volume (connection, "/var/lib/libvirt/images/run-03.qcow2", &error);
    g_assert_no_error (error);
    g_assert_true (listed == vimana_storage_pool_find_volume (get_pool (connection, "default"),
                                                              "run-03.qcow2"));
    g_assert_true (listed != alone);
    g_assert_cmpstr (vimana_storage_volume_get_key (listed), ==, vimana_storage_volume_get_key (alone));

    g_assert_null (lookup_volume (connection, "/nowhere/disk.img", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "/nowhere/disk.img"));
}

static GPtrArray *
list_guest_volumes (VimanaDomain  *domain,
                    GError       **error)
{
    TestWaitAsync wait = { 0 };
    GPtrArray *disks;

    vimana_domain_list_volumes_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the guest's volumes");
    disks = vimana_domain_list_volumes_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return disks;
}

/* The delete dialog's volumes are the pool's objects once the pools are listed, and deleting
 * the guest with them takes them out of the pool's model: volumes have no libvirt events. */
static void
test_guest_disks (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaDomain) guest = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_autoptr(GError) error = NULL;
    const char *keys[3] = { NULL };
    ItemsLog log = { 0 };
    VimanaStoragePool *pool;
    TestWaitAsync wait = { 0 };

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = get_pool (connection, "default");
    guest = g_object_ref (get_domain (connection, "disks-01"));
    disks = list_guest_volumes (guest, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (disks->len, ==, 2);
    for (guint i = 0; i < disks->len; i++) {
        VimanaDiskVolume *disk = g_ptr_array_index (disks, i);

        g_assert_true (disk->volume == vimana_storage_pool_find_volume (
                           pool, vimana_storage_volume_get_name (disk->volume)));
        keys[i] = vimana_storage_volume_get_key (disk->volume);
    }

    g_signal_connect (vimana_storage_pool_get_volumes (pool), "items-changed",
                      G_CALLBACK (items_log_cb), &log);
    vimana_domain_delete_async (guest, keys, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the deletion");
    g_assert_true (vimana_domain_delete_finish (guest, wait.result, &error));
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_cmpuint (log.removed, ==, 2);
    for (guint i = 0; i < disks->len; i++)
        g_assert_true (vimana_storage_volume_get_removed (
                           ((VimanaDiskVolume *) g_ptr_array_index (disks, i))->volume));
    g_assert_null (vimana_storage_pool_find_volume (pool, "disks-01-system.qcow2"));

    /* libvirt agrees. */
    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    g_assert_cmpuint (log.removed, ==, 2);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_storage_pool_get_volumes (pool)), ==,
                      G_N_ELEMENTS (node50_volumes) - 2);
    g_signal_handlers_disconnect_by_data (vimana_storage_pool_get_volumes (pool), &log);
}

/* ---- pool events and the connection closing ---- */

static gboolean
pool_listed (gpointer data)
{
    VimanaConnection *connection = data;

    return vimana_connection_find_storage_pool (connection, "vimana-events") != NULL;
}

static gboolean
pool_active (gpointer data)
{
    VimanaConnection *connection = data;
    VimanaStoragePool *pool = vimana_connection_find_storage_pool (connection, "vimana-events");

    return pool != NULL && vimana_storage_pool_get_active (pool);
}

static gboolean
pool_gone (gpointer data)
{
    return !pool_listed (data);
}

/* Another client defines, starts, stops and undefines a pool: a listed store follows each step in
 * place; a store nobody listed stays empty. */
static void
test_pool_events (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) idle = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaStoragePool) pool = NULL;
    GListModel *pools = vimana_connection_get_storage_pools (connection);
    ItemsLog log = { 0 };
    virStoragePoolPtr other;

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_NONE);
    g_assert_cmpuint (g_list_model_get_n_items (pools), ==, 1);
    g_signal_connect (pools, "items-changed", G_CALLBACK (items_log_cb), &log);

    other = virStoragePoolDefineXML (keeper, "<pool type='dir'><name>vimana-events</name>"
                                             "<target><path>/vimana-events</path></target></pool>",
                                     0);
    g_assert_nonnull (other);
    test_wait_until (pool_listed, connection, "the defined pool to be listed");
    pool = g_object_ref (get_pool (connection, "vimana-events"));
    g_assert_false (vimana_storage_pool_get_active (pool));
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (log.added, ==, 1);

    g_assert_cmpint (virStoragePoolCreate (other, 0), ==, 0);
    test_wait_until (pool_active, connection, "the started pool to show active");
    g_assert_true (get_pool (connection, "vimana-events") == pool);
    g_assert_cmpuint (log.signals, ==, 1);

    g_assert_cmpint (virStoragePoolDestroy (other), ==, 0);
    g_assert_cmpint (virStoragePoolUndefine (other), ==, 0);
    virStoragePoolFree (other);
    test_wait_until (pool_gone, connection, "the undefined pool to leave the list");
    g_assert_true (vimana_storage_pool_get_removed (pool));
    g_assert_cmpuint (log.signals, ==, 2);
    g_assert_cmpuint (log.removed, ==, 1);

    /* The connection that never listed its pools was not made to. */
    settle (idle);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_storage_pools (idle)), ==, 0);
    g_signal_handlers_disconnect_by_data (pools, &log);
}

static gboolean
pools_loaded (gpointer data)
{
    return vimana_connection_get_storage_pools_loaded (data);
}

/* Closing empties the store and marks what it held removed; reopening lists again. */
static void
test_pools_close_and_reopen (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaStoragePool) pool = NULL;
    g_autoptr(VimanaStorageVolume) volume = NULL;
    GListModel *pools = vimana_connection_get_storage_pools (connection);

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    pool = g_object_ref (get_pool (connection, "default"));
    volume = g_object_ref (vimana_storage_pool_find_volume (pool, "run-01.qcow2"));

    vimana_connection_close (connection);
    g_assert_cmpuint (g_list_model_get_n_items (pools), ==, 0);
    g_assert_false (vimana_connection_get_storage_pools_loaded (connection));
    g_assert_true (vimana_storage_pool_get_removed (pool));
    g_assert_true (vimana_storage_volume_get_removed (volume));

    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    test_wait_until (pools_loaded, connection, "the pools to be listed again");
    g_assert_cmpuint (g_list_model_get_n_items (pools), ==, 1);
    g_assert_true (get_pool (connection, "default") != pool);
    g_assert_true (vimana_storage_pool_get_volumes_loaded (get_pool (connection, "default")));
}

/* ---- other pool kinds, and what a server offers (i16st) ---- */

static char **
find_sources (VimanaConnection  *connection,
              VimanaPoolKind     kind,
              const char        *host,
              GError           **error)
{
    TestWaitAsync wait = { 0 };
    char **found;

    vimana_connection_find_pool_sources_async (connection, kind, host, NULL, test_wait_async_cb,
                                               &wait);
    test_wait_async (&wait, "the sources found");
    found = vimana_connection_find_pool_sources_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return found;
}

static VimanaStoragePool *
create_pool (VimanaConnection      *connection,
             const VimanaPoolSpec  *spec,
             GError               **error)
{
    TestWaitAsync wait = { 0 };
    VimanaStoragePool *pool;

    vimana_connection_create_pool_async (connection, spec, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the new pool");
    pool = vimana_connection_create_pool_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return pool;
}

/* The test driver lists one NFS export for any server and two volume groups; it cannot look
 * for iSCSI targets, and a name that is no host name is refused before libvirt is asked. */
static void
test_pool_find_sources (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) exports = find_sources (connection, VIMANA_POOL_KIND_NETFS, "nas.example.org",
                                          &error);
    g_auto(GStrv) groups = NULL;
    g_auto(GStrv) targets = NULL;
    g_auto(GStrv) refused = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (exports), ==, 1);
    g_assert_cmpstr (exports[0], ==, "/testshare");
    groups = find_sources (connection, VIMANA_POOL_KIND_LOGICAL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (groups), ==, 2);
    g_assert_cmpstr (groups[0], ==, "testvg1");
    g_assert_cmpstr (groups[1], ==, "testvg2");
    targets = find_sources (connection, VIMANA_POOL_KIND_ISCSI, "nas.example.org", &error);
    g_assert_null (targets);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "The server’s targets could not be listed."));
    g_clear_error (&error);
    refused = find_sources (connection, VIMANA_POOL_KIND_NETFS, "nas'/><x y='", &error);
    g_assert_null (refused);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    refused = find_sources (connection, VIMANA_POOL_KIND_DIR, NULL, &error);
    g_assert_null (refused);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
}

static void
test_pool_kinds (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };
    gboolean supported[6];
    gboolean known = TRUE;

    vimana_connection_get_pool_kinds_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the pool kinds");
    g_assert_true (vimana_connection_get_pool_kinds_finish (connection, wait.result, supported,
                                                            &known, &error));
    g_object_unref (wait.result);
    g_assert_no_error (error);
    /* The test driver has no virConnectGetStoragePoolCapabilities: a folder only. */
    g_assert_false (known);
    g_assert_true (supported[VIMANA_POOL_KIND_DIR]);
    for (int kind = VIMANA_POOL_KIND_FS; kind <= VIMANA_POOL_KIND_DISK; kind++)
        g_assert_false (supported[kind]);
}

/* A volume group and an NFS share from their specs: defined, started, with the host. */
static void
test_pool_create_kinds (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaStoragePool) vg = NULL;
    g_autoptr(VimanaStoragePool) nfs = NULL;
    g_autoptr(VimanaStoragePool) refused = NULL;
    VimanaPoolSpec logical = { VIMANA_POOL_KIND_LOGICAL, "i16st-vg", NULL, NULL, "testvg1" };
    VimanaPoolSpec netfs = { VIMANA_POOL_KIND_NETFS, "i16st-nfs", "/mnt/i16st-nfs",
                             "nas.example.org", "/testshare" };
    VimanaPoolSpec bad = { VIMANA_POOL_KIND_NETFS, "i16st-bad", "/mnt/x", "nas;reboot", "/e" };

    refresh_pools_ok (connection, VIMANA_STORAGE_REFRESH_VOLUMES);
    vg = create_pool (connection, &logical, &error);
    g_assert_no_error (error);
    g_assert_true (get_pool (connection, "i16st-vg") == vg);
    g_assert_cmpstr (vimana_storage_pool_get_pool_type (vg), ==, "logical");
    g_assert_true (vimana_storage_pool_get_active (vg));
    g_assert_true (vimana_storage_pool_get_autostart (vg));
    nfs = create_pool (connection, &netfs, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vimana_storage_pool_get_pool_type (nfs), ==, "netfs");
    g_assert_cmpstr (vimana_storage_pool_get_target_path (nfs), ==, "/mnt/i16st-nfs");

    refused = create_pool (connection, &bad, &error);
    g_assert_null (refused);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_null (vimana_connection_find_storage_pool (connection, "i16st-bad"));
}

int
main (int    argc,
      char **argv)
{
    int ret;

    core_test_init (&argc, &argv);
    node50_uri = core_test_node_uri ("data", "node-50.xml", NULL);

    g_test_add_func ("/storage/pools/listing", test_pools_listing);
    g_test_add_func ("/storage/pools/volumes", test_pools_volumes);
    g_test_add_func ("/storage/pools/refresh", test_pool_refresh);
    g_test_add_func ("/storage/pools/events", test_pool_events);
    g_test_add_func ("/storage/pools/close-and-reopen", test_pools_close_and_reopen);
    g_test_add_func ("/storage/pools/actions", test_pool_actions);
    g_test_add_func ("/storage/pools/create-dir", test_pool_create_dir);
    g_test_add_func ("/storage/pools/kinds", test_pool_kinds);
    g_test_add_func ("/storage/pools/create-kinds", test_pool_create_kinds);
    g_test_add_func ("/storage/pools/find-sources", test_pool_find_sources);
    g_test_add_func ("/storage/resource-users", test_resource_users);
    g_test_add_func ("/storage/volumes/create", test_volume_create);
    g_test_add_func ("/storage/volumes/create-refused", test_volume_create_refused);
    g_test_add_func ("/storage/volumes/create-pool-stopped", test_volume_create_pool_stopped);
    g_test_add_func ("/storage/volumes/delete", test_volume_delete);
    g_test_add_func ("/storage/volumes/resize", test_volume_resize);
    g_test_add_func ("/storage/volumes/lookup", test_volume_lookup);
    g_test_add_func ("/storage/volumes/guest-disks", test_guest_disks);

    ret = g_test_run ();

    g_free (node50_uri);
    return ret;
}
