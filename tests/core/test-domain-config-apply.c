/* test-domain-config-apply.c: editing guests through the core on the libvirt test driver
 *
 * Tier 2 (suite "core"). Every change goes through VimanaDomain's fetch/apply jobs and is read
 * back with virDomainGetXMLDesc on a second, raw libvirt connection to test:///default (whose
 * state every connection of the process shares). Each test defines its own shut-off guest, or
 * puts the running guest "test" back as it found it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-domain-config.h"
#include "vimana-error.h"
#include "vimana-storage-volume.h"

#define DEFAULT_URI "test:///default"

static virConnectPtr keeper;   /* keeps test:///default alive; reads back what was applied */

static const char guest_xml[] =
    "<domain type='test'>\n"
    "  <name>%s</name>\n"
    "  <memory unit='KiB'>1048576</memory>\n"
    "  <currentMemory unit='KiB'>1048576</currentMemory>\n"
    "  <vcpu placement='static'>2</vcpu>\n"
    "  <os>\n"
    "    <type arch='i686'>hvm</type>\n"
    "    <boot dev='hd'/>\n"
    "  </os>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk'>\n"
    "      <source file='/var/lib/libvirt/images/%s.qcow2'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "    </disk>\n"
    "    <disk type='file' device='cdrom'>\n"
    "      <target dev='hdc' bus='ide'/>\n"
    "      <readonly/>\n"
    "    </disk>\n"
    "    <interface type='network'>\n"
    "      <mac address='52:54:00:11:22:33'/>\n"
    "      <source network='default'/>\n"
    "    </interface>\n"
    "  </devices>\n"
    "</domain>\n";

typedef struct
{
    VimanaConnection *connection;
    const char       *name;
} Lookup;

static gboolean
domain_listed (gpointer data)
{
    Lookup *lookup = data;

    return vimana_connection_find_domain_by_name (lookup->connection, lookup->name) != NULL;
}

static VimanaDomain *
get_domain (VimanaConnection *connection,
            const char       *name)
{
    Lookup lookup = { connection, name };

    test_wait_until (domain_listed, &lookup, name);
    return vimana_connection_find_domain_by_name (connection, name);
}

/* ---- the guests ---- */

static void
define_guest (const char *name)
{
    g_autofree char *xml = g_strdup_printf (guest_xml, name, name);
    virDomainPtr dom = virDomainDefineXML (keeper, xml);

    g_assert_nonnull (dom);
    virDomainFree (dom);
}

static void
undefine_guest (const char *name)
{
    virDomainPtr dom = virDomainLookupByName (keeper, name);

    if (dom == NULL)
        return;
    if (virDomainIsActive (dom) > 0)
        virDomainDestroy (dom);
    virDomainUndefine (dom);
    virDomainFree (dom);
}

/* What libvirt has now, read on the raw connection. */
static char *
read_back (const char   *name,
           unsigned int  flags)
{
    virDomainPtr dom = virDomainLookupByName (keeper, name);
    char *xml, *copy;

    g_assert_nonnull (dom);
    xml = virDomainGetXMLDesc (dom, flags);
    g_assert_nonnull (xml);
    copy = g_strdup (xml);
    free (xml);
    virDomainFree (dom);
    return copy;
}

static VimanaDomainConfig *
fetch_config (VimanaDomain *domain)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    VimanaDomainConfig *config;

    vimana_domain_fetch_config_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the configuration");
    config = vimana_domain_fetch_config_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (config);
    return config;
}

/* Applies @config's XML (when @define) and @changes; returns what the job returned. */
static gboolean
apply (VimanaDomain        *domain,
       VimanaDomainConfig  *config,
       gboolean             define,
       GPtrArray           *changes,
       GError             **error)
{
    TestWaitAsync wait = { 0 };
    g_autofree char *xml = define ? vimana_domain_config_to_xml (config) : NULL;
    gboolean ok;

    vimana_domain_apply_config_async (domain, vimana_domain_config_get_origin_xml (config), xml,
                                      changes, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the apply");
    ok = vimana_domain_apply_config_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static GPtrArray *
changes_new (void)
{
    return g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_live_change_free);
}

/* ---- tests ---- */

static void
test_fetch (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaDomainConfig) running = fetch_config (get_domain (connection, "test"));
    g_autoptr(VimanaDomainConfig) off = NULL;
    g_autofree char *name = NULL;

    define_guest ("cfg-fetch");
    off = fetch_config (get_domain (connection, "cfg-fetch"));
    g_assert_true (vimana_domain_config_get_running (running));
    g_assert_false (vimana_domain_config_get_running (off));
    g_assert_cmpuint (vimana_domain_config_get_host_cpus (running), >, 0);
    name = vimana_domain_config_get_name (off);
    g_assert_cmpstr (name, ==, "cfg-fetch");
    /* The disk, the CD-ROM, the NIC, and whatever the driver adds (a memory balloon). */
    g_assert_cmpint (vimana_domain_config_find_device (off, VIMANA_DEVICE_CDROM, 0), ==, 1);
    g_assert_cmpuint (vimana_domain_config_get_n_devices (off), >=, 3);
    undefine_guest ("cfg-fetch");
}

static void
test_memory_live (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(VimanaDomainConfig) config = fetch_config (domain);
    g_autoptr(GPtrArray) changes = changes_new ();
    g_autoptr(GError) error = NULL;
    guint64 old = vimana_domain_config_get_memory (config);
    guint64 max = vimana_domain_config_get_max_memory (config);
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;

    g_assert_true (vimana_domain_config_set_memory (config, 1048576, max, NULL));
    g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_MEMORY, 1048576, NULL));
    g_assert_true (apply (domain, config, TRUE, changes, &error));
    g_assert_no_error (error);

    live = read_back ("test", 0);
    inactive = read_back ("test", VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (strstr (live, "<currentMemory unit='KiB'>1048576</currentMemory>"));
    g_assert_nonnull (strstr (inactive, "<currentMemory unit='KiB'>1048576</currentMemory>"));
    /* The list sees it too, from the snapshot the job returned. */
    g_assert_cmpuint (vimana_domain_get_memory (domain), ==, 1048576);

    /* Put it back. */
    g_clear_object (&config);
    config = fetch_config (domain);
    g_assert_true (vimana_domain_config_set_memory (config, old, max, NULL));
    g_ptr_array_set_size (changes, 0);
    g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_MEMORY, old, NULL));
    g_assert_true (apply (domain, config, TRUE, changes, &error));
}

static void
test_vcpus_live (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(VimanaDomainConfig) config = fetch_config (domain);
    g_autoptr(GPtrArray) changes = changes_new ();
    g_autoptr(GError) error = NULL;
    guint max = vimana_domain_config_get_max_vcpus (config);
    guint old = vimana_domain_config_get_vcpus (config);
    g_autofree char *live = NULL;
    g_autofree char *inactive = NULL;

    g_assert_cmpuint (max, >=, 2);
    g_assert_true (vimana_domain_config_set_vcpus (config, 1, max, NULL));
    g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_VCPUS, 1, NULL));
    g_assert_true (apply (domain, config, TRUE, changes, &error));
    g_assert_no_error (error);

    live = read_back ("test", 0);
    inactive = read_back ("test", VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (strstr (live, "current='1'"));
    g_assert_nonnull (strstr (inactive, "current='1'"));
    g_assert_cmpuint (vimana_domain_get_vcpus (domain), ==, 1);

    g_clear_object (&config);
    config = fetch_config (domain);
    g_assert_true (vimana_domain_config_set_vcpus (config, old, max, NULL));
    g_ptr_array_set_size (changes, 0);
    g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_VCPUS, old, NULL));
    g_assert_true (apply (domain, config, TRUE, changes, &error));
}

static void
test_boot_order (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(VimanaDomainConfig) after = NULL;
    g_autoptr(GArray) order = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *inactive = NULL;
    VimanaDomain *domain;
    guint wanted[2];

    define_guest ("cfg-boot");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-boot");
    config = fetch_config (domain);
    wanted[0] = vimana_domain_config_find_device (config, VIMANA_DEVICE_INTERFACE, 0);
    wanted[1] = vimana_domain_config_find_device (config, VIMANA_DEVICE_DISK, 0);
    g_assert_true (vimana_domain_config_set_boot_order (config, wanted, 2, NULL));
    g_assert_true (apply (domain, config, TRUE, NULL, &error));
    g_assert_no_error (error);

    inactive = read_back ("cfg-boot", VIR_DOMAIN_XML_INACTIVE);
    g_assert_null (strstr (inactive, "<boot dev="));
    after = vimana_domain_config_new_from_xml (inactive, NULL);
    order = vimana_domain_config_get_boot_order (after);
    g_assert_cmpuint (order->len, ==, 2);
    g_assert_cmpint (vimana_domain_config_get_device_kind (after, g_array_index (order, guint, 0)),
                     ==, VIMANA_DEVICE_INTERFACE);
    g_assert_cmpint (vimana_domain_config_get_device_kind (after, g_array_index (order, guint, 1)),
                     ==, VIMANA_DEVICE_DISK);
    undefine_guest ("cfg-boot");
}

static void
test_add_disk (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *inactive = NULL;
    VimanaDomain *domain;

    define_guest ("cfg-add-disk");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-add-disk");
    config = fetch_config (domain);
    g_assert_true (vimana_domain_config_add_device_xml (
                       config, "<disk type='file' device='disk'><source file='/var/lib/libvirt/images/data.raw'/>"
                               "<target dev='vdb' bus='virtio'/></disk>", NULL, NULL));
    g_assert_true (apply (domain, config, TRUE, NULL, &error));
    g_assert_no_error (error);

    inactive = read_back ("cfg-add-disk", VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (strstr (inactive, "<source file='/var/lib/libvirt/images/data.raw'/>"));
    g_assert_nonnull (strstr (inactive, "<target dev='vdb' bus='virtio'/>"));
    g_assert_nonnull (strstr (inactive, "<target dev='vda' bus='virtio'/>"));
    undefine_guest ("cfg-add-disk");
}

static void
test_remove_nic (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *inactive = NULL;
    VimanaDomain *domain;

    define_guest ("cfg-remove-nic");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-remove-nic");
    config = fetch_config (domain);
    vimana_domain_config_remove_device (config, vimana_domain_config_find_device (
                                            config, VIMANA_DEVICE_INTERFACE, 0));
    g_assert_true (apply (domain, config, TRUE, NULL, &error));
    g_assert_no_error (error);

    inactive = read_back ("cfg-remove-nic", VIR_DOMAIN_XML_INACTIVE);
    g_assert_null (strstr (inactive, "<interface"));
    g_assert_nonnull (strstr (inactive, "<disk type='file' device='disk'>"));
    undefine_guest ("cfg-remove-nic");
}

static void
test_insert_media (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *inactive = NULL;
    VimanaDomain *domain;
    int cdrom;

    define_guest ("cfg-media");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-media");
    config = fetch_config (domain);
    cdrom = vimana_domain_config_find_device (config, VIMANA_DEVICE_CDROM, 0);
    g_assert_cmpint (cdrom, >=, 0);
    vimana_domain_config_set_disk_source (config, cdrom, "/var/lib/libvirt/images/installer.iso");
    g_assert_true (apply (domain, config, TRUE, NULL, &error));
    g_assert_no_error (error);

    inactive = read_back ("cfg-media", VIR_DOMAIN_XML_INACTIVE);
    g_assert_nonnull (strstr (inactive, "<source file='/var/lib/libvirt/images/installer.iso'/>"));
    undefine_guest ("cfg-media");
}

static void
test_changed_elsewhere (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    VimanaDomain *domain;
    virDomainPtr dom;

    define_guest ("cfg-changed");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-changed");
    config = fetch_config (domain);
    vimana_domain_config_set_title (config, "Ours");

    /* Another client changes the guest while the page is being edited. */
    dom = virDomainLookupByName (keeper, "cfg-changed");
    g_assert_cmpint (virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_DESCRIPTION, "Theirs", NULL,
                                           NULL, VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    virDomainFree (dom);
    before = read_back ("cfg-changed", VIR_DOMAIN_XML_INACTIVE);

    g_assert_false (apply (domain, config, TRUE, NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_CONFIG_CHANGED);
    after = read_back ("cfg-changed", VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr (before, ==, after);
    g_assert_null (strstr (after, "Ours"));
    undefine_guest ("cfg-changed");
}

static void
test_refused (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    VimanaDomain *domain;

    define_guest ("cfg-refused");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-refused");
    config = fetch_config (domain);
    before = read_back ("cfg-refused", VIR_DOMAIN_XML_INACTIVE);

    /* Well-formed, but not a definition libvirt accepts. */
    g_assert_true (vimana_domain_config_replace_device_xml (
                       config, 0, "<disk type='file' device='disk'><target dev='vda' bus='nonsense'/></disk>",
                       NULL));
    g_assert_false (apply (domain, config, TRUE, NULL, &error));
    g_assert_nonnull (error);
    g_assert_cmpstr (error->message, !=, "");
    g_test_message ("libvirt said: %s", error->message);
    after = read_back ("cfg-refused", VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr (before, ==, after);
    undefine_guest ("cfg-refused");
}

static void
test_live_refused (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(VimanaDomainConfig) config = fetch_config (domain);
    g_autoptr(GPtrArray) changes = changes_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *before = read_back ("test", VIR_DOMAIN_XML_INACTIVE);
    g_autofree char *after = NULL;
    int nic = vimana_domain_config_find_device (config, VIMANA_DEVICE_INTERFACE, 0);
    g_autofree char *nic_xml = vimana_domain_config_get_device_xml (config, nic);

    /* The NIC is removed from the definition, which is saved first; then the test driver
     * refuses to unplug it: libvirt's refusal comes back and the saved definition is put back,
     * title included. */
    vimana_domain_config_set_title (config, "Live refused");
    vimana_domain_config_remove_device (config, nic);
    g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_DETACH, 0, nic_xml));
    g_assert_false (apply (domain, config, TRUE, changes, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "virDomainDetachDeviceFlags"));
    g_assert_nonnull (strstr (error->message, "Nothing was changed"));
    after = read_back ("test", VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr (before, ==, after);
    g_assert_null (strstr (after, "Live refused"));
}

/* Raising the maximum vCPUs is saved for the next start; the live step to use them is then
 * refused (the running guest's maximum is still 2): the saved maximum must be put back. */
static void
test_vcpus_beyond_live_max (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (connection, "test");
    g_autoptr(VimanaDomainConfig) config = fetch_config (domain);
    g_autoptr(GPtrArray) changes = changes_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *before = read_back ("test", VIR_DOMAIN_XML_INACTIVE);
    g_autofree char *live_before = read_back ("test", 0);
    g_autofree char *after = NULL;
    g_autofree char *live_after = NULL;
    guint max = vimana_domain_config_get_max_vcpus (config);

    g_assert_true (vimana_domain_config_set_vcpus (config, max + 1, max + 1, NULL));
    g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_VCPUS, max + 1, NULL));
    g_assert_false (apply (domain, config, TRUE, changes, &error));
    g_assert_nonnull (error);
    g_test_message ("reported: %s", error->message);
    g_assert_nonnull (strstr (error->message, "exceeds maximum"));
    g_assert_nonnull (strstr (error->message, "Nothing was changed"));
    after = read_back ("test", VIR_DOMAIN_XML_INACTIVE);
    live_after = read_back ("test", 0);
    g_assert_cmpstr (before, ==, after);
    g_assert_cmpstr (live_before, ==, live_after);
}

static void
test_rename (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    virDomainPtr dom;
    VimanaDomain *domain;

    define_guest ("cfg-rename");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-rename");
    config = fetch_config (domain);
    g_assert_true (vimana_domain_config_set_name (config, "cfg-renamed", NULL));
    vimana_domain_config_set_title (config, "Renamed");
    g_assert_true (apply (domain, config, TRUE, NULL, &error));
    g_assert_no_error (error);

    dom = virDomainLookupByName (keeper, "cfg-renamed");
    g_assert_nonnull (dom);
    virDomainFree (dom);
    virResetLastError ();
    g_assert_null (virDomainLookupByName (keeper, "cfg-rename"));
    undefine_guest ("cfg-renamed");
}

/* A rename comes before the definition; when libvirt refuses the definition, the old name
 * comes back. */
static void
test_rename_refused (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    VimanaDomain *domain;

    define_guest ("cfg-rename-refused");
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "cfg-rename-refused");
    config = fetch_config (domain);
    before = read_back ("cfg-rename-refused", VIR_DOMAIN_XML_INACTIVE);
    g_assert_true (vimana_domain_config_set_name (config, "cfg-rename-refused-new", NULL));
    g_assert_true (vimana_domain_config_replace_device_xml (
                       config, 0, "<disk type='file' device='disk'><target dev='vda' bus='nonsense'/></disk>",
                       NULL));
    g_assert_false (apply (domain, config, TRUE, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("reported: %s", error->message);
    g_assert_nonnull (strstr (error->message, "Nothing was changed"));

    virResetLastError ();
    g_assert_null (virDomainLookupByName (keeper, "cfg-rename-refused-new"));
    virResetLastError ();
    after = read_back ("cfg-rename-refused", VIR_DOMAIN_XML_INACTIVE);
    g_assert_cmpstr (before, ==, after);
    undefine_guest ("cfg-rename-refused");
    undefine_guest ("cfg-rename-refused-new");
}

/* A disk image made for a new disk, as the Hardware page makes it (the connection's storage
 * call), read back on the raw connection, offered with the pool's volumes, and deleted again as
 * for a disk that could not be added. */
static void
test_new_volume (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaStorageVolume) volume = NULL;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GError) error = NULL;
    VimanaStorageVolumeSpec spec = {
        .name = "cfg-new.qcow2", .format = "qcow2", .capacity = G_GUINT64_CONSTANT (1) << 30,
    };
    TestWaitAsync wait = { 0 };
    virStoragePoolPtr pool;
    virStorageVolPtr vol;
    virStorageVolInfo info;
    gboolean listed = FALSE;

    vimana_connection_create_storage_volume_async (connection, "default-pool", &spec, NULL,
                                                   test_wait_async_cb, &wait);
    test_wait_async (&wait, "the new volume");
    volume = vimana_connection_create_storage_volume_finish (connection, wait.result, &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (volume);
    g_assert_nonnull (vimana_storage_volume_get_path (volume));

    /* Read back on the raw connection: the size asked for, sparse. */
    pool = virStoragePoolLookupByName (keeper, "default-pool");
    g_assert_nonnull (pool);
    vol = virStorageVolLookupByName (pool, "cfg-new.qcow2");
    g_assert_nonnull (vol);
    g_assert_cmpint (virStorageVolGetInfo (vol, &info), ==, 0);
    g_assert_cmpuint (info.capacity, ==, G_GUINT64_CONSTANT (1) << 30);
    g_assert_cmpuint (info.allocation, ==, 0);

    /* The pool volumes the Add Hardware dialog offers include it. */
    wait.done = FALSE;
    vimana_connection_refresh_storage_pools_async (connection, VIMANA_STORAGE_REFRESH_VOLUMES, NULL,
                                                   test_wait_async_cb, &wait);
    test_wait_async (&wait, "the volumes");
    g_assert_true (vimana_connection_refresh_storage_pools_finish (connection, wait.result, &error));
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    volumes = vimana_connection_dup_storage_volumes (connection);
    for (guint i = 0; i < volumes->len; i++) {
        VimanaStorageVolume *offered = volumes->pdata[i];

        if (g_strcmp0 (vimana_storage_volume_get_name (offered), "cfg-new.qcow2") == 0) {
            g_assert_cmpstr (vimana_storage_volume_get_pool_name (offered), ==, "default-pool");
            g_assert_cmpstr (vimana_storage_volume_get_path (offered), ==,
                             vimana_storage_volume_get_path (volume));
            listed = TRUE;
        }
    }
    g_assert_true (listed);

    /* A name already taken is refused before libvirt is asked. */
    wait.done = FALSE;
    vimana_connection_create_storage_volume_async (connection, "default-pool", &spec, NULL,
                                                   test_wait_async_cb, &wait);
    test_wait_async (&wait, "the refused volume");
    g_assert_null (vimana_connection_create_storage_volume_finish (connection, wait.result, &error));
    g_clear_object (&wait.result);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);

    /* Deleting it, as for a disk that could not be added. */
    g_clear_error (&error);
    wait.done = FALSE;
    vimana_storage_volume_delete_async (volume, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the deletion");
    g_assert_true (vimana_storage_volume_delete_finish (volume, wait.result, &error));
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    virStorageVolFree (vol);
    vol = virStorageVolLookupByName (pool, "cfg-new.qcow2");
    g_assert_null (vol);
    virResetLastError ();
    virStoragePoolFree (pool);
}

static void
silence_libvirt (void       *data,
                 virErrorPtr error)
{
}

static GLogFunc previous_log_handler;

static void
quiet_log_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
    if ((log_level & G_LOG_LEVEL_MASK) == G_LOG_LEVEL_DEBUG)
        return;
    previous_log_handler (log_domain, log_level, message, user_data);
}

int
main (int    argc,
      char **argv)
{
    int ret;

    g_test_init (&argc, &argv, NULL);
    /* Debug messages come from the worker threads and would interleave with the TAP lines. */
    if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
        previous_log_handler = g_log_set_default_handler (quiet_log_handler, NULL);
    gvir_event_register ();
    virSetErrorFunc (NULL, silence_libvirt);

    keeper = virConnectOpen (DEFAULT_URI);
    g_assert_nonnull (keeper);

    g_test_add_func ("/domain-config-apply/fetch", test_fetch);
    g_test_add_func ("/domain-config-apply/memory-live", test_memory_live);
    g_test_add_func ("/domain-config-apply/vcpus-live", test_vcpus_live);
    g_test_add_func ("/domain-config-apply/boot-order", test_boot_order);
    g_test_add_func ("/domain-config-apply/add-disk", test_add_disk);
    g_test_add_func ("/domain-config-apply/remove-nic", test_remove_nic);
    g_test_add_func ("/domain-config-apply/insert-media", test_insert_media);
    g_test_add_func ("/domain-config-apply/changed-elsewhere", test_changed_elsewhere);
    g_test_add_func ("/domain-config-apply/refused", test_refused);
    g_test_add_func ("/domain-config-apply/live-refused", test_live_refused);
    g_test_add_func ("/domain-config-apply/vcpus-beyond-live-max", test_vcpus_beyond_live_max);
    g_test_add_func ("/domain-config-apply/rename", test_rename);
    g_test_add_func ("/domain-config-apply/rename-refused", test_rename_refused);
    g_test_add_func ("/domain-config-apply/new-volume", test_new_volume);

    ret = g_test_run ();
    virConnectClose (keeper);
    return ret;
}
