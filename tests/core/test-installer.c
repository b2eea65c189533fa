/* test-installer.c: creating guests through the core on the libvirt test driver (suite "core")
 *
 * Each test opens a private copy of a node file (test:///path), so what one creates the next
 * does not see. A second, plain libvirt connection to the same URI would be another copy, so
 * the checks use the hypervisor the VimanaConnection has, through a keeper opened on
 * test:///default only where that is the one shared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-error.h"
#include "vimana-install-tree.h"
#include "vimana-installer.h"
#include "test-http-server.h"
#include "test-wait.h"

#define DEFAULT_URI "test:///default"
#define GIB ((guint64) 1 << 30)

static virConnectPtr keeper;   /* keeps test:///default alive and looks at it */
static char *nopool_uri;

static void
progress_cb (VimanaInstallStep step,
             gpointer          user_data)
{
    GArray *steps = user_data;

    g_array_append_val (steps, step);
}

static VimanaInstallEnv *
query (VimanaConnection *connection)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    VimanaInstallEnv *env;

    vimana_installer_query_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the query");
    env = vimana_installer_query_finish (connection, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (env);
    return env;
}

/* Creates and waits; returns the UUID or NULL with @error set. @steps collects the progress. */
static char *
create (VimanaConnection        *connection,
        const VimanaInstallPlan *plan,
        GCancellable            *cancellable,
        GArray                  *steps,
        GError                 **error)
{
    TestWaitAsync wait = { 0 };
    char *uuid;

    vimana_installer_create_async (connection, plan, cancellable, progress_cb, steps,
                                   test_wait_async_cb, &wait);
    test_wait_async (&wait, "the creation");
    uuid = vimana_installer_create_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return uuid;
}

/* A plan as the assistant makes it for a generic OS on this connection. */
static VimanaInstallPlan *
plan_for (VimanaInstallEnv *env,
          const char       *name,
          const char       *pool)
{
    VimanaInstallPlan *plan = vimana_install_plan_new ();
    g_autoptr(VimanaOsInfo) os = vimana_os_db_generic ();

    vimana_install_plan_set_hypervisor (plan, env->caps);
    vimana_install_plan_apply_os (plan, os, env->caps, env->host_cpus, env->host_memory);
    plan->name = g_strdup (name);
    plan->media_path = g_strdup ("/srv/iso/installer.iso");
    g_free (plan->pool);
    plan->pool = g_strdup (pool);
    plan->disk_size = 1 * GIB;
    return plan;
}

typedef struct
{
    VimanaConnection *connection;
    const char       *uuid;
} Lookup;

static gboolean
domain_listed (gpointer data)
{
    Lookup *lookup = data;

    return vimana_connection_lookup_domain (lookup->connection, lookup->uuid) != NULL;
}

static gboolean
pool_has_volume (virConnectPtr conn,
                 const char   *pool_name,
                 const char   *volume_name)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, pool_name);
    virStorageVolPtr volume;

    if (pool == NULL) {
        virResetLastError ();
        return FALSE;
    }
    volume = virStorageVolLookupByName (pool, volume_name);
    virStoragePoolFree (pool);
    if (volume == NULL) {
        virResetLastError ();
        return FALSE;
    }
    virStorageVolFree (volume);
    return TRUE;
}

static gboolean
domain_exists (virConnectPtr conn,
               const char   *name)
{
    virDomainPtr dom = virDomainLookupByName (conn, name);

    if (dom == NULL) {
        virResetLastError ();
        return FALSE;
    }
    virDomainFree (dom);
    return TRUE;
}

/* Removes a guest and its volume made by a test from the shared test:///default. */
static void
remove_created (const char *name,
                const char *pool_name,
                const char *volume_name)
{
    virDomainPtr dom = virDomainLookupByName (keeper, name);
    virStoragePoolPtr pool = virStoragePoolLookupByName (keeper, pool_name);

    if (dom != NULL) {
        virDomainDestroy (dom);
        virDomainUndefine (dom);
        virDomainFree (dom);
    }
    if (pool != NULL) {
        virStorageVolPtr volume = virStorageVolLookupByName (pool, volume_name);

        if (volume != NULL) {
            virStorageVolDelete (volume, 0);
            virStorageVolFree (volume);
        }
        virStoragePoolFree (pool);
    }
    virResetLastError ();
}

static void
test_query_default (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    VimanaStoragePool *pool;

    g_assert_cmpstr (env->caps->domain_type, ==, "test");
    g_assert_false (env->caps->efi);
    g_assert_cmpuint (env->host_cpus, >, 0);
    g_assert_cmpuint (env->host_memory, >, 0);
    g_assert_true (vimana_install_env_has_network (env, "default"));
    g_assert_false (vimana_install_env_has_network (env, "nope"));
    g_assert_true (g_strv_contains ((const char * const *) env->domain_names, "test"));
    g_assert_true (g_strv_contains ((const char * const *) env->interfaces, "eth1"));
    pool = vimana_install_env_find_pool (env, "default-pool");
    g_assert_nonnull (pool);
    g_assert_true (vimana_storage_pool_get_active (pool));
    g_assert_cmpuint (vimana_storage_pool_get_available (pool), >, 0);
    /* What the assistant offers is the connection's own storage and networks, now listed. */
    g_assert_true (env->pools == vimana_connection_get_storage_pools (connection));
    g_assert_true (env->networks == vimana_connection_get_networks (connection));
    g_assert_true (vimana_storage_pool_get_volumes_loaded (pool));
    g_assert_false (env->session);
    g_assert_cmpstr (env->default_pool_path, ==, "/var/lib/libvirt/images");
}

/* The guest is defined with the plan's XML, started, listed; its volume is in the pool. */
static void
test_create_default (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "vimana-new-1", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *expected = NULL;
    g_autofree char *volume_path = NULL;
    virDomainPtr dom;
    virStoragePoolPtr pool;
    virStorageVolPtr volume;

    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_no_error (error);
    g_assert_nonnull (uuid);

    /* Steps in order, no rollback. */
    g_assert_cmpuint (steps->len, ==, 3);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 0), ==, VIMANA_INSTALL_STEP_VOLUME);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 1), ==, VIMANA_INSTALL_STEP_DEFINE);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 2), ==, VIMANA_INSTALL_STEP_START);

    /* The volume: qcow2, the size asked for. */
    pool = virStoragePoolLookupByName (keeper, "default-pool");
    g_assert_nonnull (pool);
    volume = virStorageVolLookupByName (pool, "vimana-new-1.qcow2");
    g_assert_nonnull (volume);
    {
        virStorageVolInfo info;

        g_assert_cmpint (virStorageVolGetInfo (volume, &info), ==, 0);
        g_assert_cmpuint (info.capacity, ==, 1 * GIB);
    }
    volume_path = virStorageVolGetPath (volume);
    virStorageVolFree (volume);
    virStoragePoolFree (pool);

    /* The domain: running, with what the plan builds for the volume's path. */
    dom = virDomainLookupByUUIDString (keeper, uuid);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsActive (dom), ==, 1);
    g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    virDomainFree (dom);
    g_free (plan->disk_path);
    plan->disk_path = g_strdup (volume_path);
    expected = vimana_install_plan_build_xml (plan, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "<name>vimana-new-1</name>"));
    {
        g_autofree char *memory = g_strdup_printf ("<memory unit='KiB'>%" G_GUINT64_FORMAT "</memory>",
                                                   plan->memory / 1024);
        g_autofree char *vcpu = g_strdup_printf (">%u</vcpu>", plan->vcpus);
        g_autofree char *disk = g_strdup_printf ("<source file='%s'/>", volume_path);

        g_assert_nonnull (strstr (xml, memory));
        g_assert_nonnull (strstr (xml, vcpu));
        g_assert_nonnull (strstr (xml, disk));
    }
    g_assert_nonnull (strstr (xml, "<source file='/srv/iso/installer.iso'/>"));
    g_assert_nonnull (strstr (xml, "<source network='default'/>"));
    g_assert_nonnull (strstr (xml, "<graphics type='vnc'"));
    g_assert_nonnull (strstr (xml, "<boot dev='cdrom'/>"));
    g_assert_nonnull (strstr (expected, "<boot dev=\"cdrom\"/>"));

    /* The list shows it without waiting for anything but the worker. */
    {
        Lookup lookup = { connection, uuid };

        test_wait_until (domain_listed, &lookup, "the new row");
    }
    g_assert_cmpint (vimana_domain_get_state (vimana_connection_lookup_domain (connection, uuid)), ==,
                     VIMANA_DOMAIN_STATE_RUNNING);

    remove_created ("vimana-new-1", "default-pool", "vimana-new-1.qcow2");
}

/* The injected failure: the volume is made, then libvirt refuses the domain (an architecture the
 * test driver has no guests for). The volume must be gone and the message must say why. */
static void
test_create_define_fails (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "vimana-new-2", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    g_free (plan->arch);
    plan->arch = g_strdup ("sparc-nonexistent");
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "The guest could not be defined."));

    /* It got as far as the volume, then took it back. */
    g_assert_cmpuint (steps->len, ==, 3);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 0), ==, VIMANA_INSTALL_STEP_VOLUME);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 1), ==, VIMANA_INSTALL_STEP_DEFINE);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 2), ==, VIMANA_INSTALL_STEP_ROLLBACK);
    g_assert_false (pool_has_volume (keeper, "default-pool", "vimana-new-2.qcow2"));
    g_assert_false (domain_exists (keeper, "vimana-new-2"));
}

/* A taken name fails before anything is made. */
static void
test_create_name_taken (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "test", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_false (pool_has_volume (keeper, "default-pool", "test.qcow2"));
}

/* A disk larger than the pool's free space fails before the volume is made. */
static void
test_create_disk_too_large (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "vimana-new-3", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    VimanaStoragePool *pool = vimana_install_env_find_pool (env, "default-pool");

    plan->disk_size = vimana_storage_pool_get_available (pool) + GIB;
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_false (pool_has_volume (keeper, "default-pool", "vimana-new-3.qcow2"));
    g_assert_false (domain_exists (keeper, "vimana-new-3"));
}

static void
test_create_cancelled (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "vimana-new-4", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    g_cancellable_cancel (cancellable);
    uuid = create (connection, plan, cancellable, steps, &error);
    g_assert_null (uuid);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (pool_has_volume (keeper, "default-pool", "vimana-new-4.qcow2"));
    g_assert_false (domain_exists (keeper, "vimana-new-4"));
}

/* Import: no volume is made; the guest uses the image where it is. */
static void
test_create_import (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "vimana-new-5", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *xml = NULL;
    virDomainPtr dom;

    plan->method = VIMANA_INSTALL_METHOD_IMPORT;
    plan->disk = VIMANA_INSTALL_DISK_EXISTING;
    plan->disk_path = g_strdup ("/srv/disks/imported.img");
    g_free (plan->disk_format);
    plan->disk_format = g_strdup ("raw");
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (steps->len, ==, 2);
    g_assert_false (pool_has_volume (keeper, "default-pool", "vimana-new-5.raw"));

    dom = virDomainLookupByUUIDString (keeper, uuid);
    g_assert_nonnull (dom);
    xml = virDomainGetXMLDesc (dom, 0);
    virDomainFree (dom);
    g_assert_nonnull (strstr (xml, "<source file='/srv/disks/imported.img'/>"));
    g_assert_null (strstr (xml, "device='cdrom'"));
    remove_created ("vimana-new-5", "default-pool", "none");
}

/* A guest to be customised first is defined and left stopped; nothing is started. */
static void
test_create_without_start (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallPlan) plan = plan_for (env, "vimana-new-6", "default-pool");
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    virDomainPtr dom;

    plan->start = FALSE;
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (steps->len, ==, 2);
    g_assert_cmpint (g_array_index (steps, VimanaInstallStep, 1), ==, VIMANA_INSTALL_STEP_DEFINE);
    dom = virDomainLookupByUUIDString (keeper, uuid);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsActive (dom), ==, 0);
    g_assert_cmpint (virDomainIsPersistent (dom), ==, 1);
    virDomainFree (dom);
    g_assert_true (pool_has_volume (keeper, "default-pool", "vimana-new-6.qcow2"));
    remove_created ("vimana-new-6", "default-pool", "vimana-new-6.qcow2");
}

/* A host without pools gets the "default" directory pool, started and autostarted; its stopped
 * network is started. Both stay with the guest. */
static void
test_create_makes_default_pool (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (nopool_uri);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallEnv) after = NULL;
    g_autoptr(VimanaInstallPlan) plan = NULL;
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    VimanaStoragePool *pool;
    GListModel *volumes;

    g_assert_cmpuint (g_list_model_get_n_items (env->pools), ==, 0);
    plan = plan_for (env, "fresh", "default");
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_no_error (error);
    g_assert_nonnull (uuid);

    after = query (connection);
    pool = vimana_install_env_find_pool (after, "default");
    g_assert_nonnull (pool);
    g_assert_true (vimana_storage_pool_get_active (pool));
    g_assert_true (vimana_storage_pool_get_autostart (pool));
    g_assert_cmpstr (vimana_storage_pool_get_target_path (pool), ==, "/var/lib/libvirt/images");
    volumes = vimana_storage_pool_get_volumes (pool);
    g_assert_cmpuint (g_list_model_get_n_items (volumes), ==, 1);
    g_assert_nonnull (vimana_storage_pool_find_volume (pool, "fresh.qcow2"));
    g_assert_true (g_strv_contains ((const char * const *) after->domain_names, "fresh"));
}

/* The same host, a failure after the pool and volume were made: both are taken back. */
static void
test_create_rollback_removes_pool (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (nopool_uri);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    g_autoptr(VimanaInstallEnv) after = NULL;
    g_autoptr(VimanaInstallPlan) plan = NULL;
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    plan = plan_for (env, "doomed", "default");
    g_free (plan->arch);
    plan->arch = g_strdup ("sparc-nonexistent");
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_nonnull (error);

    after = query (connection);
    g_assert_cmpuint (g_list_model_get_n_items (after->pools), ==, 0);
    g_assert_false (g_strv_contains ((const char * const *) after->domain_names, "doomed"));
}

/* A plan for a network install from the Fedora tree @server serves as @tree_name, its boot
 * files downloaded into @boot_dir. */
static VimanaInstallPlan *
network_plan_for (VimanaInstallEnv *env,
                  const char       *name,
                  TestHttpServer   *server,
                  const char       *tree_name,
                  const char       *boot_dir)
{
    g_autofree char *treeinfo = test_http_server_fedora_treeinfo ();
    g_autofree char *url = test_http_server_add_tree (server, tree_name, treeinfo);
    VimanaInstallPlan *plan = plan_for (env, name, "default-pool");
    g_autoptr(VimanaInstallTree) tree = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };

    vimana_install_tree_fetch_async (url, plan->arch, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the tree");
    tree = vimana_install_tree_fetch_finish (wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    plan->method = VIMANA_INSTALL_METHOD_NETWORK;
    g_clear_pointer (&plan->media_path, g_free);
    plan->tree_url = g_strdup (tree->url);
    plan->kernel_url = g_strdup (tree->kernel_url);
    plan->initrd_url = g_strdup (tree->initrd_url);
    plan->kernel_args = g_strdup (tree->kernel_args);
    plan->boot_dir = g_strdup (boot_dir);
    return plan;
}

static guint
count_files (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    guint n = 0;

    g_assert_nonnull (dir);
    while (g_dir_read_name (dir) != NULL)
        n++;
    return n;
}

static void
assert_steps (GArray                  *steps,
              const VimanaInstallStep *expected,
              guint                    n_expected)
{
    g_assert_cmpuint (steps->len, ==, n_expected);
    for (guint i = 0; i < n_expected; i++)
        g_assert_cmpint (g_array_index (steps, VimanaInstallStep, i), ==, expected[i]);
}

/* The first boot runs the tree's installer; the persistent config then boots from disk. */
static void
test_network_first_boot (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *boot_dir = g_dir_make_tmp ("vimana-boot-XXXXXX", NULL);
    g_autoptr(VimanaInstallPlan) plan = network_plan_for (env, "vimana-net-1", server, "fedora", boot_dir);
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;
    g_autofree char *kernel = g_strdup_printf ("<kernel>%s/vimana-vimana-net-1-kernel-", boot_dir);
    g_autofree char *initrd = g_strdup_printf ("<initrd>%s/vimana-vimana-net-1-initrd-", boot_dir);
    g_autofree char *cmdline = g_strdup_printf ("<cmdline>inst.repo=%s/fedora</cmdline>", server->url);
    const VimanaInstallStep expected[] = { VIMANA_INSTALL_STEP_DOWNLOAD, VIMANA_INSTALL_STEP_VOLUME,
                                           VIMANA_INSTALL_STEP_DEFINE, VIMANA_INSTALL_STEP_START };
    virDomainPtr dom;

    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_no_error (error);
    g_assert_nonnull (uuid);
    assert_steps (steps, expected, G_N_ELEMENTS (expected));

    dom = virDomainLookupByUUIDString (keeper, uuid);
    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainIsActive (dom), ==, 1);
    live = virDomainGetXMLDesc (dom, 0);
    inactive = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    virDomainFree (dom);

    /* Running: the installer kernel, pointed at the tree. */
    g_assert_nonnull (strstr (live, kernel));
    g_assert_nonnull (strstr (live, initrd));
    g_assert_nonnull (strstr (live, cmdline));
    /* Next cold boot: the disk, with everything else kept. */
    g_assert_null (strstr (inactive, "<kernel>"));
    g_assert_null (strstr (inactive, "<initrd>"));
    g_assert_null (strstr (inactive, "<cmdline>"));
    g_assert_nonnull (strstr (inactive, "<boot dev='hd'/>"));
    g_assert_nonnull (strstr (inactive, "vimana-net-1.qcow2"));
    g_assert_nonnull (strstr (inactive, "<source network='default'/>"));
    /* QEMU has read the boot files once the guest runs: they are not left lying about. */
    g_assert_cmpuint (count_files (boot_dir), ==, 0);

    remove_created ("vimana-net-1", "default-pool", "vimana-net-1.qcow2");
    g_rmdir (boot_dir);
    test_http_server_stop (server);
}

/* Starting fails after the download (no such network): the boot files go with the rest. */
static void
test_network_rollback_removes_files (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *boot_dir = g_dir_make_tmp ("vimana-boot-XXXXXX", NULL);
    g_autoptr(VimanaInstallPlan) plan = network_plan_for (env, "vimana-net-2", server, "fedora", boot_dir);
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    const VimanaInstallStep expected[] = { VIMANA_INSTALL_STEP_DOWNLOAD, VIMANA_INSTALL_STEP_VOLUME,
                                           VIMANA_INSTALL_STEP_DEFINE, VIMANA_INSTALL_STEP_START,
                                           VIMANA_INSTALL_STEP_ROLLBACK };

    g_free (plan->net_source);
    plan->net_source = g_strdup ("no-such-network");
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "The virtual network could not be found."));
    assert_steps (steps, expected, G_N_ELEMENTS (expected));
    g_assert_cmpuint (count_files (boot_dir), ==, 0);
    g_assert_false (domain_exists (keeper, "vimana-net-2"));
    g_assert_false (pool_has_volume (keeper, "default-pool", "vimana-net-2.qcow2"));

    g_rmdir (boot_dir);
    test_http_server_stop (server);
}

/* The tree's kernel is missing from the server: nothing is made, the reason names the file. */
static void
test_network_kernel_missing (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *boot_dir = g_dir_make_tmp ("vimana-boot-XXXXXX", NULL);
    g_autoptr(VimanaInstallPlan) plan = network_plan_for (env, "vimana-net-3", server, "fedora", boot_dir);
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;
    g_autofree char *kernel = g_build_filename (server->dir, "fedora", "images", "pxeboot", "vmlinuz", NULL);

    g_assert_cmpint (g_unlink (kernel), ==, 0);
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "vmlinuz"));
    g_assert_nonnull (strstr (error->message, "404"));
    g_assert_cmpuint (count_files (boot_dir), ==, 0);
    g_assert_false (domain_exists (keeper, "vimana-net-3"));
    g_assert_false (pool_has_volume (keeper, "default-pool", "vimana-net-3.qcow2"));

    g_rmdir (boot_dir);
    test_http_server_stop (server);
}

/* The installer must run at once, so customising first is refused before anything is made. */
static void
test_network_without_start_refused (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaInstallEnv) env = query (connection);
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *boot_dir = g_dir_make_tmp ("vimana-boot-XXXXXX", NULL);
    g_autoptr(VimanaInstallPlan) plan = network_plan_for (env, "vimana-net-4", server, "fedora", boot_dir);
    g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (VimanaInstallStep));
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = NULL;

    plan->start = FALSE;
    uuid = create (connection, plan, NULL, steps, &error);
    g_assert_null (uuid);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
    g_assert_cmpuint (count_files (boot_dir), ==, 0);
    g_assert_false (domain_exists (keeper, "vimana-net-4"));

    g_rmdir (boot_dir);
    test_http_server_stop (server);
}

int
main (int    argc,
      char **argv)
{
    g_autofree char *nopool = NULL;
    g_autofree char *nopool_abs = NULL;
    int status;

    g_test_init (&argc, &argv, NULL);
    gvir_event_register ();

    keeper = virConnectOpen (DEFAULT_URI);
    g_assert_nonnull (keeper);
    nopool = g_test_build_filename (G_TEST_DIST, "data", "install", "node-nopool.xml", NULL);
    nopool_abs = g_canonicalize_filename (nopool, NULL);
    nopool_uri = g_strconcat ("test://", nopool_abs, NULL);

    g_test_add_func ("/installer/query/default", test_query_default);
    g_test_add_func ("/installer/create/default", test_create_default);
    g_test_add_func ("/installer/create/define-fails", test_create_define_fails);
    g_test_add_func ("/installer/create/name-taken", test_create_name_taken);
    g_test_add_func ("/installer/create/disk-too-large", test_create_disk_too_large);
    g_test_add_func ("/installer/create/cancelled", test_create_cancelled);
    g_test_add_func ("/installer/create/import", test_create_import);
    g_test_add_func ("/installer/create/without-start", test_create_without_start);
    g_test_add_func ("/installer/create/makes-default-pool", test_create_makes_default_pool);
    g_test_add_func ("/installer/create/rollback-removes-pool", test_create_rollback_removes_pool);
    g_test_add_func ("/installer/network/first-boot", test_network_first_boot);
    g_test_add_func ("/installer/network/rollback-removes-files", test_network_rollback_removes_files);
    g_test_add_func ("/installer/network/kernel-missing", test_network_kernel_missing);
    g_test_add_func ("/installer/network/without-start-refused", test_network_without_start_refused);

    status = g_test_run ();
    virConnectClose (keeper);
    g_free (nopool_uri);
    return status;
}
