/* test-domain-config.c: the configuration model keeps what it does not edit
 *
 * Every file of tests/data/config/ is loaded and saved without an edit (the config_test_canonical XML must
 * be identical), then loaded, edited in one field and saved, for each field that applies to it.
 * The saved document is compared with the original by a tree diff written here, independent of
 * the model: every difference must lie in the nodes the field owns, there must be one, and the
 * field must read back as set. Blank text nodes (indentation) do not count as differences in
 * the edit tests; the identity tests compare them too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "config-test-util.h"
#include "vimana-domain-config.h"
#include "vimana-error.h"

/* ---- the corpus ---- */

static GPtrArray *
list_corpus (void)
{
    g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "data", "config", NULL);
    g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL) {
        if (g_str_has_suffix (name, ".xml"))
            g_ptr_array_add (names, g_strdup (name));
    }
    g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    return names;
}

static void
test_corpus_size (void)
{
    g_autoptr(GPtrArray) names = list_corpus ();

    g_assert_cmpuint (names->len, >=, 30);
}

static void
test_identity (gconstpointer data)
{
    g_autofree char *xml = config_test_load_corpus_file (data);
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, &error);
    g_autoptr(VimanaDomainConfig) again = NULL;
    g_autofree char *saved = NULL;
    g_autofree char *saved_again = NULL;
    g_autofree char *c_in = NULL;
    g_autofree char *c_out = NULL;

    g_assert_no_error (error);
    saved = vimana_domain_config_to_xml (config);
    c_in = config_test_canonical (xml);
    c_out = config_test_canonical (saved);
    g_assert_cmpstr (c_in, ==, c_out);
    g_assert_false (vimana_domain_config_is_modified (config));

    /* Saving is stable: what was saved saves to the same bytes. */
    again = vimana_domain_config_new_from_xml (saved, &error);
    g_assert_no_error (error);
    saved_again = vimana_domain_config_to_xml (again);
    g_assert_cmpstr (saved, ==, saved_again);

    /* Replacing each device by its own XML changes nothing, indentation included. */
    for (guint i = 0; i < vimana_domain_config_get_n_devices (config); i++) {
        g_autofree char *device = vimana_domain_config_get_device_xml (config, i);
        g_autofree char *label = vimana_domain_config_get_device_label (config, i);
        g_autofree char *after = NULL;
        g_autofree char *c_after = NULL;

        g_assert_nonnull (label);
        g_assert_cmpstr (label, !=, "");
        g_assert_true (vimana_domain_config_replace_device_xml (config, i, device, &error));
        g_assert_no_error (error);
        after = vimana_domain_config_to_xml (config);
        c_after = config_test_canonical (after);
        g_assert_cmpstr (c_after, ==, c_in);
    }
}

/* ---- one-field edits ---- */

typedef struct
{
    const char *name;
    /* Edits @config and adds to @allowed the glob patterns of the paths the edit may change;
     * returns FALSE when the edit does not apply to this guest. */
    gboolean (*edit)(VimanaDomainConfig *config, GPtrArray *allowed, const char *xml);
    /* Checks the field on the configuration reloaded from the saved XML. */
    void     (*check)(VimanaDomainConfig *config);
} FieldEdit;

static void
allow (GPtrArray  *allowed,
       const char *format,
       ...) G_GNUC_PRINTF (2, 3);

static void
allow (GPtrArray  *allowed,
       const char *format,
       ...)
{
    va_list args;

    va_start (args, format);
    g_ptr_array_add (allowed, g_strdup_vprintf (format, args));
    va_end (args);
}

static gboolean
edit_name (VimanaDomainConfig *c,
           GPtrArray          *allowed,
           const char         *xml)
{
    g_assert_true (vimana_domain_config_set_name (c, "  renamed & guest\t", NULL));   /* trimmed */
    allow (allowed, "/domain/name[1]/text()");
    return TRUE;
}

static void
check_name (VimanaDomainConfig *c)
{
    g_autofree char *name = vimana_domain_config_get_name (c);

    g_assert_cmpstr (name, ==, "renamed & guest");
}

static gboolean
edit_title (VimanaDomainConfig *c,
            GPtrArray          *allowed,
            const char         *xml)
{
    vimana_domain_config_set_title (c, "A <new> title");
    allow (allowed, "*/domain/title[1]*");
    return TRUE;
}

static void
check_title (VimanaDomainConfig *c)
{
    g_autofree char *title = vimana_domain_config_get_title (c);

    g_assert_cmpstr (title, ==, "A <new> title");
}

static gboolean
edit_description (VimanaDomainConfig *c,
                  GPtrArray          *allowed,
                  const char         *xml)
{
    vimana_domain_config_set_description (c, "Line one\nline two");
    allow (allowed, "*/domain/description[1]*");
    return TRUE;
}

static void
check_description (VimanaDomainConfig *c)
{
    g_autofree char *description = vimana_domain_config_get_description (c);

    g_assert_cmpstr (description, ==, "Line one\nline two");
}

static gboolean
edit_vcpus (VimanaDomainConfig *c,
            GPtrArray          *allowed,
            const char         *xml)
{
    guint max = vimana_domain_config_get_max_vcpus (c);

    g_assert_true (vimana_domain_config_set_vcpus (c, vimana_domain_config_get_vcpus (c),
                                                   max + 2, NULL));
    allow (allowed, "*/domain/vcpu[1]*");
    return TRUE;
}

static void
check_vcpus (VimanaDomainConfig *c)
{
    g_assert_cmpuint (vimana_domain_config_get_max_vcpus (c), >=, 3);
}

static gboolean
edit_current_vcpus (VimanaDomainConfig *c,
                    GPtrArray          *allowed,
                    const char         *xml)
{
    guint max = vimana_domain_config_get_max_vcpus (c);

    if (max < 2 || vimana_domain_config_get_vcpus (c) == 1)
        return FALSE;
    g_assert_true (vimana_domain_config_set_vcpus (c, 1, max, NULL));
    allow (allowed, "*/domain/vcpu[1]/@current");
    return TRUE;
}

static void
check_current_vcpus (VimanaDomainConfig *c)
{
    g_assert_cmpuint (vimana_domain_config_get_vcpus (c), ==, 1);
}

static gboolean
edit_memory (VimanaDomainConfig *c,
             GPtrArray          *allowed,
             const char         *xml)
{
    guint64 max = vimana_domain_config_get_max_memory (c);

    g_assert_cmpuint (max, >, 0);
    g_assert_true (vimana_domain_config_set_memory (c, 131072, max, NULL));
    allow (allowed, "*/domain/currentMemory[1]*");
    return TRUE;
}

static void
check_memory (VimanaDomainConfig *c)
{
    g_assert_cmpuint (vimana_domain_config_get_memory (c), ==, 131072);
}

static gboolean
edit_max_memory (VimanaDomainConfig *c,
                 GPtrArray          *allowed,
                 const char         *xml)
{
    guint64 max = vimana_domain_config_get_max_memory (c);
    guint64 current = vimana_domain_config_get_memory (c);
    gboolean had_current = strstr (xml, "currentMemory") != NULL;

    g_assert_true (vimana_domain_config_set_memory (c, current, 8 * 1048576, NULL));
    g_assert_cmpuint (max, !=, 8 * 1048576);
    allow (allowed, "*/domain/memory[1]*");
    /* A guest that said nothing of its current memory had it equal to the maximum: keeping it
     * there needs the element. */
    if (!had_current)
        allow (allowed, "+/domain/currentMemory[1]");
    return TRUE;
}

static void
check_max_memory (VimanaDomainConfig *c)
{
    g_assert_cmpuint (vimana_domain_config_get_max_memory (c), ==, 8 * 1048576);
}

static gboolean
edit_topology (VimanaDomainConfig *c,
               GPtrArray          *allowed,
               const char         *xml)
{
    guint max = vimana_domain_config_get_max_vcpus (c);
    guint s, co, t;

    vimana_domain_config_get_topology (c, &s, &co, &t);
    if (s == 1 && co == max && t == 1)
        g_assert_true (vimana_domain_config_set_topology (c, max, 1, 1, NULL));
    else
        g_assert_true (vimana_domain_config_set_topology (c, 1, max, 1, NULL));
    allow (allowed, "*/domain/cpu[1]*");
    return TRUE;
}

static void
check_topology (VimanaDomainConfig *c)
{
    guint s, co, t;

    g_assert_true (vimana_domain_config_get_topology (c, &s, &co, &t));
    g_assert_cmpuint (s * co * t, ==, vimana_domain_config_get_max_vcpus (c));
}

static gboolean
edit_cpu_mode (VimanaDomainConfig *c,
               GPtrArray          *allowed,
               const char         *xml)
{
    VimanaCpuMode mode = vimana_domain_config_get_cpu_mode (c, NULL);

    g_assert_true (vimana_domain_config_set_cpu_mode (
                       c, mode == VIMANA_CPU_MODE_HOST_PASSTHROUGH ? VIMANA_CPU_MODE_HOST_MODEL
                                                    : VIMANA_CPU_MODE_HOST_PASSTHROUGH,
                       NULL, NULL));
    allow (allowed, "*/domain/cpu[1]*");
    return TRUE;
}

static void
check_cpu_mode (VimanaDomainConfig *c)
{
    g_autofree char *model = NULL;
    VimanaCpuMode mode = vimana_domain_config_get_cpu_mode (c, &model);

    g_assert_true (mode == VIMANA_CPU_MODE_HOST_MODEL || mode == VIMANA_CPU_MODE_HOST_PASSTHROUGH);
    g_assert_null (model);
}

static gboolean
edit_cpu_custom (VimanaDomainConfig *c,
                 GPtrArray          *allowed,
                 const char         *xml)
{
    g_assert_true (vimana_domain_config_set_cpu_mode (c, VIMANA_CPU_MODE_CUSTOM, "Haswell-noTSX",
                                                      NULL));
    allow (allowed, "*/domain/cpu[1]*");
    return TRUE;
}

static void
check_cpu_custom (VimanaDomainConfig *c)
{
    g_autofree char *model = NULL;

    g_assert_cmpint (vimana_domain_config_get_cpu_mode (c, &model), ==, VIMANA_CPU_MODE_CUSTOM);
    g_assert_cmpstr (model, ==, "Haswell-noTSX");
}

static GArray *
bootable_devices (VimanaDomainConfig *c)
{
    GArray *bootable = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint i = 0; i < vimana_domain_config_get_n_devices (c); i++) {
        if (vimana_domain_config_device_is_bootable (c, i))
            g_array_prepend_val (bootable, i);   /* reversed: last device boots first */
    }
    return bootable;
}

static gboolean
edit_boot_order (VimanaDomainConfig *c,
                 GPtrArray          *allowed,
                 const char         *xml)
{
    g_autoptr(GArray) order = bootable_devices (c);
    g_autoptr(GArray) old = vimana_domain_config_get_boot_order (c);

    /* Setting the order the guest has already is no edit. */
    if (order->len == 0 || (old->len == order->len &&
                            memcmp (old->data, order->data, order->len * sizeof (guint)) == 0))
        return FALSE;
    g_assert_true (vimana_domain_config_set_boot_order (c, (guint *) order->data, order->len,
                                                        NULL));
    allow (allowed, "*/domain/devices[1]/*/boot[1]*");
    allow (allowed, "-/domain/os[1]/boot[*]");
    return TRUE;
}

static void
check_boot_order (VimanaDomainConfig *c)
{
    g_autoptr(GArray) expected = bootable_devices (c);
    g_autoptr(GArray) order = vimana_domain_config_get_boot_order (c);

    g_assert_cmpuint (order->len, ==, expected->len);
    for (guint i = 0; i < order->len; i++)
        g_assert_cmpuint (g_array_index (order, guint, i), ==, g_array_index (expected, guint, i));
}

static gboolean
edit_boot_menu (VimanaDomainConfig *c,
                GPtrArray          *allowed,
                const char         *xml)
{
    vimana_domain_config_set_boot_menu (c, !vimana_domain_config_get_boot_menu (c));
    allow (allowed, "*/domain/os[1]/bootmenu[1]*");
    return TRUE;
}

static void
check_boot_menu (VimanaDomainConfig *c)
{
    /* The corpus has one guest with the menu on (24-efi); checked in test_boot_menu_toggle. */
}

static gboolean
edit_remove_first_device (VimanaDomainConfig *c,
                          GPtrArray          *allowed,
                          const char         *xml)
{
    g_autofree char *path = NULL;

    if (vimana_domain_config_get_n_devices (c) == 0)
        return FALSE;
    path = config_test_device_path (xml, 0);
    vimana_domain_config_remove_device (c, 0);
    allow (allowed, "-%s", path);
    return TRUE;
}

static gboolean
edit_remove_last_device (VimanaDomainConfig *c,
                         GPtrArray          *allowed,
                         const char         *xml)
{
    guint n = vimana_domain_config_get_n_devices (c);
    g_autofree char *path = NULL;

    if (n == 0)
        return FALSE;
    path = config_test_device_path (xml, n - 1);
    vimana_domain_config_remove_device (c, n - 1);
    allow (allowed, "-%s", path);
    return TRUE;
}

static void
check_nothing (VimanaDomainConfig *c)
{
}

static gboolean
edit_add_disk (VimanaDomainConfig *c,
               GPtrArray          *allowed,
               const char         *xml)
{
    guint index = G_MAXUINT;
    g_autofree char *label = NULL;

    g_assert_true (vimana_domain_config_add_device_xml (
                       c, "<disk type='file' device='disk'>\n  <source file='/images/new.qcow2'/>\n"
                          "  <target dev='vdz' bus='virtio'/>\n</disk>", &index, NULL));
    label = vimana_domain_config_get_device_label (c, index);
    g_assert_cmpstr (label, ==, "Disk vdz");
    allow (allowed, "+/domain/devices[1]/disk[*]");
    allow (allowed, "+/domain/devices[1]");
    return TRUE;
}

static void
check_add_disk (VimanaDomainConfig *c)
{
    g_assert_cmpint (vimana_domain_config_find_device (c, VIMANA_DEVICE_DISK, 0), >=, 0);
}

/* The first device of @kind: its index and diff path, or FALSE. */
static gboolean
first_of (VimanaDomainConfig *c,
          VimanaDeviceKind    kind,
          const char         *xml,
          guint              *index,
          char              **path)
{
    int i = vimana_domain_config_find_device (c, kind, 0);

    if (i < 0)
        return FALSE;
    *index = i;
    *path = config_test_device_path (xml, i);
    return TRUE;
}

static gboolean
edit_disk_cache (VimanaDomainConfig *c,
                 GPtrArray          *allowed,
                 const char         *xml)
{
    g_autofree char *path = NULL;
    g_autofree char *old = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_DISK, xml, &i, &path))
        return FALSE;
    old = vimana_domain_config_get_disk_cache (c, i);
    vimana_domain_config_set_disk_cache (c, i, g_strcmp0 (old, "none") == 0 ? "writeback"
                                                                            : "none");
    allow (allowed, "*%s/driver[1]*", path);
    return TRUE;
}

static void
check_disk_cache (VimanaDomainConfig *c)
{
    g_autofree char *cache = vimana_domain_config_get_disk_cache (
        c, vimana_domain_config_find_device (c, VIMANA_DEVICE_DISK, 0));

    g_assert_true (g_strcmp0 (cache, "none") == 0 || g_strcmp0 (cache, "writeback") == 0);
}

static gboolean
edit_disk_readonly (VimanaDomainConfig *c,
                    GPtrArray          *allowed,
                    const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_DISK, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_disk_readonly (c, i, !vimana_domain_config_get_disk_readonly (c, i));
    allow (allowed, "*%s/readonly[1]", path);
    return TRUE;
}

static gboolean
edit_disk_shareable (VimanaDomainConfig *c,
                     GPtrArray          *allowed,
                     const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_DISK, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_disk_shareable (c, i,
                                             !vimana_domain_config_get_disk_shareable (c, i));
    allow (allowed, "*%s/shareable[1]", path);
    return TRUE;
}

static gboolean
edit_disk_source (VimanaDomainConfig *c,
                  GPtrArray          *allowed,
                  const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_DISK, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_disk_source (c, i, "/var/lib/libvirt/images/other disk.qcow2");
    allow (allowed, "*%s/source[1]*", path);
    allow (allowed, "%s/@type", path);
    return TRUE;
}

static void
check_disk_source (VimanaDomainConfig *c)
{
    g_autofree char *source = vimana_domain_config_get_disk_source (
        c, vimana_domain_config_find_device (c, VIMANA_DEVICE_DISK, 0));

    g_assert_cmpstr (source, ==, "/var/lib/libvirt/images/other disk.qcow2");
}

static gboolean
edit_disk_volume (VimanaDomainConfig *c,
                  GPtrArray          *allowed,
                  const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_DISK, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_disk_volume (c, i, "default", "fresh.qcow2");
    allow (allowed, "*%s/source[1]*", path);
    allow (allowed, "%s/@type", path);
    return TRUE;
}

static void
check_disk_volume (VimanaDomainConfig *c)
{
    g_autofree char *source = vimana_domain_config_get_disk_source (
        c, vimana_domain_config_find_device (c, VIMANA_DEVICE_DISK, 0));

    g_assert_cmpstr (source, ==, "default/fresh.qcow2");
}

static gboolean
edit_disk_bus (VimanaDomainConfig *c,
               GPtrArray          *allowed,
               const char         *xml)
{
    g_autofree char *path = NULL;
    g_autofree char *bus = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_DISK, xml, &i, &path))
        return FALSE;
    bus = vimana_domain_config_get_disk_bus (c, i);
    vimana_domain_config_set_disk_bus (c, i, g_strcmp0 (bus, "sata") == 0 ? "virtio" : "sata");
    allow (allowed, "%s/target[1]/@bus", path);
    allow (allowed, "-%s/address[1]", path);
    return TRUE;
}

static gboolean
edit_cdrom_media (VimanaDomainConfig *c,
                  GPtrArray          *allowed,
                  const char         *xml)
{
    g_autofree char *path = NULL;
    g_autofree char *source = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_CDROM, xml, &i, &path))
        return FALSE;
    source = vimana_domain_config_get_disk_source (c, i);
    vimana_domain_config_set_disk_source (c, i, source ? NULL : "/images/inserted.iso");
    allow (allowed, "*%s/source[1]*", path);
    return TRUE;
}

static gboolean
edit_nic_mac (VimanaDomainConfig *c,
              GPtrArray          *allowed,
              const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_INTERFACE, xml, &i, &path))
        return FALSE;
    g_assert_true (vimana_domain_config_set_nic_mac (c, i, "52:54:00:ab:cd:ef", NULL));
    allow (allowed, "*%s/mac[1]*", path);
    return TRUE;
}

static void
check_nic_mac (VimanaDomainConfig *c)
{
    g_autofree char *mac = vimana_domain_config_get_nic_mac (
        c, vimana_domain_config_find_device (c, VIMANA_DEVICE_INTERFACE, 0));

    g_assert_cmpstr (mac, ==, "52:54:00:ab:cd:ef");
}

static gboolean
edit_nic_model (VimanaDomainConfig *c,
                GPtrArray          *allowed,
                const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_INTERFACE, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_nic_model (c, i, "ne2k_pci");
    allow (allowed, "*%s/model[1]*", path);
    return TRUE;
}

static gboolean
edit_nic_link (VimanaDomainConfig *c,
               GPtrArray          *allowed,
               const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_INTERFACE, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_nic_link_up (c, i, !vimana_domain_config_get_nic_link_up (c, i));
    allow (allowed, "*%s/link[1]*", path);
    return TRUE;
}

static gboolean
edit_nic_source (VimanaDomainConfig *c,
                 GPtrArray          *allowed,
                 const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_INTERFACE, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_nic_source (c, i, VIMANA_NIC_SOURCE_DIRECT, "enp9s0");
    allow (allowed, "%s/@type", path);
    allow (allowed, "*%s/source[1]*", path);
    return TRUE;
}

static void
check_nic_source (VimanaDomainConfig *c)
{
    g_autofree char *name = NULL;

    g_assert_cmpint (vimana_domain_config_get_nic_source (
                         c, vimana_domain_config_find_device (c, VIMANA_DEVICE_INTERFACE, 0),
                         &name),
                     ==, VIMANA_NIC_SOURCE_DIRECT);
    g_assert_cmpstr (name, ==, "enp9s0");
}

static int
first_vnc (VimanaDomainConfig *c)
{
    for (guint nth = 0;; nth++) {
        int i = vimana_domain_config_find_device (c, VIMANA_DEVICE_GRAPHICS, nth);
        g_autofree char *label = NULL;

        if (i < 0)
            return -1;
        label = vimana_domain_config_get_device_label (c, i);
        if (g_str_has_suffix (label, "VNC"))
            return i;
    }
}

static gboolean
edit_vnc (VimanaDomainConfig *c,
          GPtrArray          *allowed,
          const char         *xml)
{
    int i = first_vnc (c);
    g_autofree char *path = NULL;

    if (i < 0)
        return FALSE;
    path = config_test_device_path (xml, i);
    g_assert_true (vimana_domain_config_set_vnc_port (c, i, 5999, NULL));
    vimana_domain_config_set_vnc_listen (c, i, "192.0.2.1");
    vimana_domain_config_set_vnc_password (c, i, "pa'ss");
    allow (allowed, "%s/@port", path);
    allow (allowed, "%s/@autoport", path);
    allow (allowed, "%s/@listen", path);
    allow (allowed, "%s/@passwd", path);
    allow (allowed, "*%s/listen[1]*", path);
    return TRUE;
}

static void
check_vnc (VimanaDomainConfig *c)
{
    int i = first_vnc (c);
    g_autofree char *listen = vimana_domain_config_get_vnc_listen (c, i);
    g_autofree char *password = vimana_domain_config_get_vnc_password (c, i);

    g_assert_cmpint (vimana_domain_config_get_vnc_port (c, i), ==, 5999);
    g_assert_cmpstr (listen, ==, "192.0.2.1");
    g_assert_cmpstr (password, ==, "pa'ss");
}

static gboolean
edit_video (VimanaDomainConfig *c,
            GPtrArray          *allowed,
            const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_VIDEO, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_model (c, i, "bochs");
    allow (allowed, "*%s/model[1]*", path);
    return TRUE;
}

static void
check_video (VimanaDomainConfig *c)
{
    g_autofree char *model = vimana_domain_config_get_model (
        c, vimana_domain_config_find_device (c, VIMANA_DEVICE_VIDEO, 0));

    g_assert_cmpstr (model, ==, "bochs");
}

static gboolean
edit_sound (VimanaDomainConfig *c,
            GPtrArray          *allowed,
            const char         *xml)
{
    g_autofree char *path = NULL;
    guint i;

    if (!first_of (c, VIMANA_DEVICE_SOUND, xml, &i, &path))
        return FALSE;
    vimana_domain_config_set_model (c, i, "sb16");
    allow (allowed, "%s/@model", path);
    return TRUE;
}

static void
check_sound (VimanaDomainConfig *c)
{
    g_autofree char *model = vimana_domain_config_get_model (
        c, vimana_domain_config_find_device (c, VIMANA_DEVICE_SOUND, 0));

    g_assert_cmpstr (model, ==, "sb16");
}

static const FieldEdit field_edits[] = {
    { "name", edit_name, check_name },
    { "title", edit_title, check_title },
    { "description", edit_description, check_description },
    { "vcpus", edit_vcpus, check_vcpus },
    { "current-vcpus", edit_current_vcpus, check_current_vcpus },
    { "memory", edit_memory, check_memory },
    { "max-memory", edit_max_memory, check_max_memory },
    { "topology", edit_topology, check_topology },
    { "cpu-mode", edit_cpu_mode, check_cpu_mode },
    { "cpu-custom", edit_cpu_custom, check_cpu_custom },
    { "boot-order", edit_boot_order, check_boot_order },
    { "boot-menu", edit_boot_menu, check_boot_menu },
    { "remove-first-device", edit_remove_first_device, check_nothing },
    { "remove-last-device", edit_remove_last_device, check_nothing },
    { "add-disk", edit_add_disk, check_add_disk },
    { "disk-cache", edit_disk_cache, check_disk_cache },
    { "disk-readonly", edit_disk_readonly, check_nothing },
    { "disk-shareable", edit_disk_shareable, check_nothing },
    { "disk-source", edit_disk_source, check_disk_source },
    { "disk-volume", edit_disk_volume, check_disk_volume },
    { "disk-bus", edit_disk_bus, check_nothing },
    { "cdrom-media", edit_cdrom_media, check_nothing },
    { "nic-mac", edit_nic_mac, check_nic_mac },
    { "nic-model", edit_nic_model, check_nothing },
    { "nic-link", edit_nic_link, check_nothing },
    { "nic-source", edit_nic_source, check_nic_source },
    { "vnc", edit_vnc, check_vnc },
    { "video", edit_video, check_video },
    { "sound", edit_sound, check_sound },
};

static void
test_edits (gconstpointer data)
{
    g_autofree char *xml = config_test_load_corpus_file (data);
    guint applied = 0;

    for (guint e = 0; e < G_N_ELEMENTS (field_edits); e++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, &error);
        g_autoptr(VimanaDomainConfig) reloaded = NULL;
        g_autoptr(GPtrArray) allowed = g_ptr_array_new_with_free_func (g_free);
        g_autoptr(GPtrArray) diffs = NULL;
        g_autofree char *saved = NULL;

        g_assert_no_error (error);
        if (!field_edits[e].edit (config, allowed, xml))
            continue;
        applied++;
        saved = vimana_domain_config_to_xml (config);
        diffs = config_test_diff_documents (xml, saved);
        if (diffs->len == 0)
            g_error ("%s: edit %s changed nothing", (const char *) data, field_edits[e].name);
        for (guint d = 0; d < diffs->len; d++) {
            const char *path = diffs->pdata[d];
            gboolean ok = FALSE;

            for (guint a = 0; a < allowed->len && !ok; a++)
                ok = g_pattern_match_simple (allowed->pdata[a], path);
            if (!ok)
                g_error ("%s: edit %s changed %s, which it does not own", (const char *) data,
                         field_edits[e].name, path);
        }
        g_assert_true (vimana_domain_config_is_modified (config));

        reloaded = vimana_domain_config_new_from_xml (saved, &error);
        g_assert_no_error (error);
        field_edits[e].check (reloaded);
    }
    g_test_message ("%s: %u one-field edits checked", (const char *) data, applied);
    g_assert_cmpuint (applied, >=, 10);
}

/* ---- specific cases ---- */

static void
test_created_node_placement (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("02-minimal-devices.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    g_autofree char *saved = NULL;

    vimana_domain_config_set_title (config, "Shown title");
    saved = vimana_domain_config_to_xml (config);
    /* The title goes after <uuid>, indented like its siblings. */
    g_assert_nonnull (strstr (saved, "</uuid>\n  <title>Shown title</title>\n  <memory"));
}

static void
test_added_device_indentation (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("26-many-devices.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    g_autofree char *saved = NULL;
    guint index;

    g_assert_true (vimana_domain_config_add_device_xml (
                       config, "<interface type='network'>\n  <source network='default'/>\n</interface>",
                       &index, NULL));
    g_assert_cmpint (vimana_domain_config_get_device_kind (config, index), ==,
                     VIMANA_DEVICE_INTERFACE);
    /* After the last NIC, its lines indented as the document's. */
    g_assert_cmpint (vimana_domain_config_find_device (config, VIMANA_DEVICE_INTERFACE, 2), ==,
                     (int) index);
    saved = vimana_domain_config_to_xml (config);
    g_assert_nonnull (strstr (saved, "    </interface>\n    <interface type=\"network\">\n"
                                     "      <source network=\"default\"/>\n"
                                     "    </interface>\n    <graphics"));
}

static void
test_labels (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("26-many-devices.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    static const char * const expected[] = {
        "Disk vda", "Disk vdb", "CD-ROM sda", "NIC 52:54:00:00:26:01", "NIC 52:54:00:00:26:02",
        "Display VNC", "Video virtio", "Sound ich9", "Input tablet", "Input mouse",
        "Input keyboard", "Serial 0", "Console serial", "Controller usb 0",
        "Controller sata 0", "Controller pci 0", "USB device", "TPM tpm-tis", "RNG virtio",
        "Watchdog itco", "Filesystem ninep", "redirdev", "panic", "Memory balloon",
    };

    g_assert_cmpuint (vimana_domain_config_get_n_devices (config), ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
        g_autofree char *label = vimana_domain_config_get_device_label (config, i);

        g_assert_cmpstr (label, ==, expected[i]);
    }
}

static void
test_hostdev_labels (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("11-hostdevs.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    g_autofree char *usb = NULL;
    g_autofree char *pci = NULL;
    g_autoptr(GArray) order = vimana_domain_config_get_boot_order (config);

    usb = vimana_domain_config_get_device_label (
        config, vimana_domain_config_find_device (config, VIMANA_DEVICE_HOSTDEV_USB, 0));
    pci = vimana_domain_config_get_device_label (
        config, vimana_domain_config_find_device (config, VIMANA_DEVICE_HOSTDEV_PCI, 0));
    g_assert_cmpstr (usb, ==, "USB 046d:c52b");
    g_assert_cmpstr (pci, ==, "PCI 0000:01:00.0");
    /* The NIC has order 1, the PCI device order 2. */
    g_assert_cmpuint (order->len, ==, 2);
    g_assert_cmpint (g_array_index (order, guint, 0), ==,
                     vimana_domain_config_find_device (config, VIMANA_DEVICE_INTERFACE, 0));
    g_assert_cmpint (g_array_index (order, guint, 1), ==,
                     vimana_domain_config_find_device (config, VIMANA_DEVICE_HOSTDEV_PCI, 0));
}

/* A display switched between SPICE and VNC keeps its listen, port and password; SPICE's own
 * settings go when it becomes VNC, VNC's when it becomes SPICE; a kind Vimana cannot set up
 * changes nothing. */
static void
test_graphics_type (void)
{
    static const char xml[] =
        "<domain type='kvm'><name>g</name><memory>65536</memory><devices>"
        "<graphics type='spice' port='5930' tlsPort='5931' autoport='no' passwd='pw' "
        "defaultMode='secure' keymap='de'>"
        "<listen type='address' address='127.0.0.1'/>"
        "<channel name='main' mode='secure'/><image compression='off'/><gl enable='no'/>"
        "</graphics></devices></domain>";
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    int index = vimana_domain_config_find_device (config, VIMANA_DEVICE_GRAPHICS, 0);
    g_autoptr(GError) error = NULL;
    g_autofree char *type = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *vnc = NULL;
    g_autofree char *listen = NULL;
    g_autofree char *password = NULL;

    g_assert_cmpint (index, >=, 0);
    type = vimana_domain_config_get_graphics_type (config, index);
    g_assert_cmpstr (type, ==, "spice");
    /* The listen, port and password of a SPICE display read as a VNC one's. */
    g_assert_cmpint (vimana_domain_config_get_vnc_port (config, index), ==, 5930);

    before = vimana_domain_config_to_xml (config);
    g_assert_false (vimana_domain_config_set_graphics_type (config, index, "rdp", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    after = vimana_domain_config_to_xml (config);
    g_assert_cmpstr (before, ==, after);

    g_assert_true (vimana_domain_config_set_graphics_type (config, index, "vnc", NULL));
    vnc = vimana_domain_config_to_xml (config);
    g_assert_nonnull (strstr (vnc, "<graphics type=\"vnc\""));
    g_assert_null (strstr (vnc, "tlsPort"));
    g_assert_null (strstr (vnc, "defaultMode"));
    g_assert_null (strstr (vnc, "<channel"));
    g_assert_null (strstr (vnc, "<image"));
    g_assert_null (strstr (vnc, "<gl"));
    g_assert_nonnull (strstr (vnc, "keymap=\"de\""));
    listen = vimana_domain_config_get_vnc_listen (config, index);
    password = vimana_domain_config_get_vnc_password (config, index);
    g_assert_cmpstr (listen, ==, "127.0.0.1");
    g_assert_cmpstr (password, ==, "pw");
    g_assert_cmpint (vimana_domain_config_get_vnc_port (config, index), ==, 5930);

    g_assert_true (vimana_domain_config_set_graphics_type (config, index, "spice", NULL));
    g_clear_pointer (&type, g_free);
    type = vimana_domain_config_get_graphics_type (config, index);
    g_assert_cmpstr (type, ==, "spice");
    g_assert_cmpint (vimana_domain_config_get_vnc_port (config, index), ==, 5930);
}

static void
test_values (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("20-memory-units.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    g_autofree char *xml2 = config_test_load_corpus_file ("24-efi.xml");
    g_autoptr(VimanaDomainConfig) efi = vimana_domain_config_new_from_xml (xml2, NULL);
    g_autofree char *firmware = vimana_domain_config_get_firmware (efi);
    g_autoptr(GArray) order = vimana_domain_config_get_boot_order (efi);

    g_assert_cmpuint (vimana_domain_config_get_max_memory (config), ==, 2097152);
    g_assert_cmpuint (vimana_domain_config_get_memory (config), ==, 1048576);
    g_assert_cmpuint (vimana_domain_config_get_vcpus (config), ==, 2);
    g_assert_cmpuint (vimana_domain_config_get_max_vcpus (config), ==, 4);
    g_assert_cmpstr (firmware, ==, "efi");
    g_assert_true (vimana_domain_config_get_boot_menu (efi));
    /* <boot dev='cdrom'/> then 'hd', but the guest has no CD-ROM: only the disk. */
    g_assert_cmpuint (order->len, ==, 1);
    g_assert_cmpint (vimana_domain_config_get_device_kind (efi, g_array_index (order, guint, 0)),
                     ==, VIMANA_DEVICE_DISK);
}

static void
test_memory_unit_kept (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("17-tabs.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    g_autofree char *saved = NULL;

    g_assert_true (vimana_domain_config_set_memory (config, 1536 * 1024, 2048 * 1024, NULL));
    saved = vimana_domain_config_to_xml (config);
    g_assert_nonnull (strstr (saved, "<currentMemory unit=\"MiB\">1536</currentMemory>"));
    g_assert_nonnull (strstr (saved, "<memory unit=\"MiB\">2048</memory>"));
    /* Not a whole number of MiB: written in KiB. */
    g_assert_true (vimana_domain_config_set_memory (config, 1536 * 1024 + 1, 2048 * 1024, NULL));
    g_free (saved);
    saved = vimana_domain_config_to_xml (config);
    g_assert_nonnull (strstr (saved, "<currentMemory unit=\"KiB\">1572865</currentMemory>"));
}

static void
test_bad_input_changes_nothing (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("26-many-devices.xml");
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (xml, NULL);
    g_autoptr(GError) error = NULL;
    int nic = vimana_domain_config_find_device (config, VIMANA_DEVICE_INTERFACE, 0);
    int vnc = first_vnc (config);

    vimana_domain_config_set_host_cpus (config, 8);
    g_assert_false (vimana_domain_config_set_vcpus (config, 4, 16, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_vcpus (config, 5, 4, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_vcpus (config, 0, 4, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_memory (config, 4194305, 4194304, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_memory (config, 0, 4194304, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_nic_mac (config, nic, "52:54:00:zz:00:01", &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_nic_mac (config, nic, "01:00:5e:00:00:01", &error));
    g_assert_nonnull (strstr (error->message, "multicast"));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_vnc_port (config, vnc, 70000, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_vnc_port (config, vnc, 80, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_boot_order (config, NULL, 0, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_topology (config, 3, 1, 1, &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_name (config, "  ", &error));
    g_clear_error (&error);
    /* Issue 11 defect 7: New VM's sentence for control characters; stored trimmed. */
    g_assert_false (vimana_domain_config_set_name (config, "bad\001name", &error));
    g_assert_cmpstr (error->message, ==,
                     "A name cannot contain control characters such as a line break.");
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_name (config, "two\nlines", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_title ("bad\001title", &error));
    g_assert_cmpstr (error->message, ==,
                     "A title cannot contain control characters such as a line break.");
    g_clear_error (&error);
    g_assert_false (vimana_config_check_title ("two\nlines", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_title ("bad\302\205nel", &error));   /* U+0085 */
    g_clear_error (&error);
    g_assert_false (vimana_config_check_title ("\377", &error));
    g_clear_error (&error);
    g_assert_true (vimana_config_check_title ("Ünïcode title", NULL));
    g_assert_true (vimana_config_check_title (NULL, NULL));
    g_assert_true (vimana_config_check_description ("Line one\n\tline two\r\n", NULL));
    /* Issue 11 defect 9: a listen address that is not one is said so, before libvirt. */
    g_assert_true (vimana_config_check_listen_address (NULL, NULL));
    g_assert_true (vimana_config_check_listen_address ("", NULL));
    g_assert_true (vimana_config_check_listen_address ("127.0.0.1", NULL));
    g_assert_true (vimana_config_check_listen_address ("0.0.0.0", NULL));
    g_assert_true (vimana_config_check_listen_address ("::1", NULL));
    g_assert_true (vimana_config_check_listen_address ("::", NULL));
    g_assert_true (vimana_config_check_listen_address ("host-1.example.org", NULL));
    g_assert_false (vimana_config_check_listen_address ("not an address", &error));
    g_assert_nonnull (strstr (error->message, "is not an address to listen on"));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_listen_address ("300.1.2.3", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_listen_address ("127.0.0.1:5900", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_listen_address ("-h", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_listen_address ("a..b", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_check_listen_address ("h'/><x", &error));
    g_clear_error (&error);
    /* Issue 11 defect 9: system files are warned about; disk images and block devices not. */
    {
        static const char * const risky[] = {
            "/etc/shadow", "/etc", "/boot/vmlinuz", "/usr/bin/sudo", "/proc/kcore", "/sys/x",
            "/dev/mem", "/var/lib/libvirt/images/../../../../etc/passwd", "/root/.ssh/id_rsa",
            "/home/ann/.gnupg/secring.gpg", "/var/log/auth.log", "/etc//./shadow", NULL
        };
        static const char * const fine[] = {
            "/var/lib/libvirt/images/guest.qcow2", "/dev/sdb", "/dev/mapper/vg-guest",
            "/home/ann/etc/disk.img", "/srv/etcetera.raw", "/usr-images/disk.qcow2",
            "/root/images/disk.raw", NULL
        };

        for (guint i = 0; risky[i] != NULL; i++) {
            g_test_message ("risky %s", risky[i]);
            g_assert_false (vimana_config_check_disk_path_risk (risky[i], &error));
            g_assert_nonnull (strstr (error->message, "is a system file"));
            g_clear_error (&error);
        }
        for (guint i = 0; fine[i] != NULL; i++) {
            g_test_message ("fine %s", fine[i]);
            g_assert_true (vimana_config_check_disk_path_risk (fine[i], NULL));
        }
    }
    g_assert_false (vimana_config_check_description ("bell\007", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_set_cpu_mode (config, VIMANA_CPU_MODE_CUSTOM, "",
                                                       &error));
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_add_device_xml (config, "<disk", NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vimana_domain_config_replace_device_xml (config, 0, "<domain/>", &error));
    g_clear_error (&error);

    g_assert_false (vimana_domain_config_is_modified (config));
}

static void
test_validators (void)
{
    g_autoptr(GError) error = NULL;
    guint64 kib = 0;
    guint count = 0;
    int port = 0;

    g_assert_true (vimana_config_parse_memory ("2048", &kib, NULL));
    g_assert_cmpuint (kib, ==, 2048 * 1024);
    g_assert_true (vimana_config_parse_memory (" 2 GiB ", &kib, NULL));
    g_assert_cmpuint (kib, ==, 2 * 1024 * 1024);
    g_assert_true (vimana_config_parse_memory ("512M", &kib, NULL));
    g_assert_cmpuint (kib, ==, 512 * 1024);
    g_assert_true (vimana_config_parse_memory ("1048576 KiB", &kib, NULL));
    g_assert_cmpuint (kib, ==, 1048576);
    g_assert_false (vimana_config_parse_memory ("lots", &kib, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vimana_config_parse_memory ("12 parsecs", &kib, &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_parse_memory ("-5", &kib, &error));
    g_clear_error (&error);
    /* Issue 11 defect 6: too large is said, not "not an amount". */
    g_assert_false (vimana_config_parse_memory ("99999999999999999999 TiB", &kib, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (error->message, "too large"));
    g_clear_error (&error);
    g_assert_false (vimana_config_parse_memory ("17179869184 TiB", &kib, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
    g_clear_error (&error);
    g_assert_true (vimana_config_parse_memory ("17179869183 TiB", &kib, &error));
    g_assert_cmpuint (kib, ==, G_GUINT64_CONSTANT (17179869183) << 30);
    g_assert_false (vimana_config_validate_memory (0, 1024, &error));
    g_clear_error (&error);

    g_assert_true (vimana_config_parse_count ("4", &count, NULL));
    g_assert_cmpuint (count, ==, 4);
    g_assert_false (vimana_config_parse_count ("4x", &count, &error));
    g_clear_error (&error);
    g_assert_true (vimana_config_validate_vcpus (2, 4, 4, NULL));
    g_assert_false (vimana_config_validate_vcpus (2, 5, 4, &error));
    g_clear_error (&error);
    g_assert_true (vimana_config_validate_vcpus (2, 64, 0, NULL));

    g_assert_true (vimana_config_validate_mac ("52:54:00:AB:cd:01", NULL));
    g_assert_false (vimana_config_validate_mac ("52:54:00:ab:cd", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_validate_mac ("52-54-00-ab-cd-01", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_validate_mac ("ff:ff:ff:ff:ff:ff", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_validate_mac ("00:00:00:00:00:00", &error));
    g_clear_error (&error);

    g_assert_true (vimana_config_parse_port ("", &port, NULL));
    g_assert_cmpint (port, ==, -1);
    g_assert_true (vimana_config_parse_port ("5901", &port, NULL));
    g_assert_cmpint (port, ==, 5901);
    g_assert_false (vimana_config_parse_port ("65536", &port, &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_parse_port ("port", &port, &error));
    g_clear_error (&error);

    g_assert_true (vimana_config_validate_disk_path (g_test_get_filename (G_TEST_DIST, "data",
                                                                          "config", "README",
                                                                          NULL), NULL));
    g_assert_false (vimana_config_validate_disk_path ("/nonexistent/vimana/disk.qcow2", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_validate_disk_path ("relative.img", &error));
    g_clear_error (&error);
    g_assert_false (vimana_config_validate_boot_order (0, &error));
    g_clear_error (&error);
}

static void
test_invalid_xml (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml ("<domain><name>",
                                                                              &error);

    g_assert_null (config);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    config = vimana_domain_config_new_from_xml ("<network/>", &error);
    g_assert_null (config);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
}

/* The diff these tests rely on sees a change anywhere, down to a namespaced attribute. */
static void
test_diff_sees_changes (void)
{
    g_autofree char *xml = config_test_load_corpus_file ("14-metadata-tools.xml");
    g_autofree char *changed = NULL;
    g_autoptr(GPtrArray) none = config_test_diff_documents (xml, xml);
    g_autoptr(GPtrArray) diffs = NULL;
    GString *edit = g_string_new (xml);

    g_assert_cmpuint (none->len, ==, 0);
    g_string_replace (edit, "x:level=\"3\"", "x:level=\"4\"", 1);
    g_string_replace (edit, "<nova:vcpus>1</nova:vcpus>", "", 1);
    changed = g_string_free (edit, FALSE);
    diffs = config_test_diff_documents (xml, changed);
    g_assert_cmpuint (diffs->len, ==, 2);
    g_assert_cmpstr (diffs->pdata[0], ==,
                     "-/domain/metadata[1]/nova:instance[1]/nova:flavor[1]/nova:vcpus[1]");
    g_assert_cmpstr (diffs->pdata[1], ==, "/domain/metadata[1]/x:tool[1]/@level");
}

static void
test_equal_xml (void)
{
    g_assert_true (vimana_domain_config_equal_xml ("<a x='1' y=\"2\"><b/></a>",
                                                   "<?xml version='1.0'?>\n<a y='2' x='1'><b></b></a>"));
    g_assert_false (vimana_domain_config_equal_xml ("<a x='1'/>", "<a x='2'/>"));
}

/* Issue 11 defect 5: C14N refuses a relative namespace URI, which libvirt accepts in
 * <metadata>; such a guest was always "changed by another program" and could not be edited. */
static const char relative_ns_xml[] =
    "<domain type='test'>\n"
    "  <name>relative</name>\n"
    "  <title>Before</title>\n"
    "  <metadata>\n"
    "    <app:info xmlns:app=\"myapp\" app:level=\"2\" kind=\"x\"><app:owner>ann</app:owner><!-- c --></app:info>\n"
    "  </metadata>\n"
    "  <memory unit='KiB'>524288</memory>\n"
    "  <os>\n"
    "    <type>hvm</type>\n"
    "  </os>\n"
    "</domain>\n";

static void
test_equal_xml_relative_namespace (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autofree char *reordered = NULL;
    g_autofree char *other_prefix = NULL;
    g_autofree char *other_text = NULL;
    g_autofree char *other_uri = NULL;
    g_autofree char *other_attr = NULL;
    g_autofree char *other_comment = NULL;
    g_autofree char *extra_child = NULL;
    GString *edit;

    g_assert_true (vimana_domain_config_equal_xml (relative_ns_xml, relative_ns_xml));

    /* What C14N ignores is ignored here too. */
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, "app:level=\"2\" kind=\"x\"", "kind='x' app:level='2'", 1);
    g_string_replace (edit, "<type>hvm</type>", "<type>hvm</type >", 1);
    reordered = g_string_free (edit, FALSE);
    g_assert_true (vimana_domain_config_equal_xml (relative_ns_xml, reordered));
    /* A prefix is a name for the URI: another prefix for the same URI is the same document. */
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, "app:", "b:", 0);
    g_string_replace (edit, "xmlns:app", "xmlns:b", 1);
    other_prefix = g_string_free (edit, FALSE);
    g_assert_true (vimana_domain_config_equal_xml (relative_ns_xml, other_prefix));

    /* What another program changes is seen. */
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, ">ann<", ">bob<", 1);
    other_text = g_string_free (edit, FALSE);
    g_assert_false (vimana_domain_config_equal_xml (relative_ns_xml, other_text));
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, "\"myapp\"", "\"otherapp\"", 1);
    other_uri = g_string_free (edit, FALSE);
    g_assert_false (vimana_domain_config_equal_xml (relative_ns_xml, other_uri));
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, "app:level=\"2\"", "app:level=\"3\"", 1);
    other_attr = g_string_free (edit, FALSE);
    g_assert_false (vimana_domain_config_equal_xml (relative_ns_xml, other_attr));
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, "<!-- c -->", "<!-- d -->", 1);
    other_comment = g_string_free (edit, FALSE);
    g_assert_false (vimana_domain_config_equal_xml (relative_ns_xml, other_comment));
    edit = g_string_new (relative_ns_xml);
    g_string_replace (edit, "</os>", "<boot dev='hd'/></os>", 1);
    extra_child = g_string_free (edit, FALSE);
    g_assert_false (vimana_domain_config_equal_xml (relative_ns_xml, extra_child));

    /* The model: loaded, it is not modified; edited, it is. */
    config = vimana_domain_config_new_from_xml (relative_ns_xml, &error);
    g_assert_no_error (error);
    g_assert_false (vimana_domain_config_is_modified (config));
    vimana_domain_config_set_title (config, "After");
    g_assert_true (vimana_domain_config_is_modified (config));
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GPtrArray) names = NULL;

    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/domain-config/corpus-size", test_corpus_size);
    names = list_corpus ();
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *identity = g_strdup_printf ("/domain-config/identity/%s",
                                                     (char *) names->pdata[i]);
        g_autofree char *edits = g_strdup_printf ("/domain-config/edits/%s",
                                                  (char *) names->pdata[i]);

        g_test_add_data_func (identity, names->pdata[i], test_identity);
        g_test_add_data_func (edits, names->pdata[i], test_edits);
    }
    g_test_add_func ("/domain-config/created-node-placement", test_created_node_placement);
    g_test_add_func ("/domain-config/added-device-indentation", test_added_device_indentation);
    g_test_add_func ("/domain-config/labels", test_labels);
    g_test_add_func ("/domain-config/hostdev-labels", test_hostdev_labels);
    g_test_add_func ("/domain-config/values", test_values);
    g_test_add_func ("/domain-config/graphics-type", test_graphics_type);
    g_test_add_func ("/domain-config/memory-unit-kept", test_memory_unit_kept);
    g_test_add_func ("/domain-config/bad-input-changes-nothing", test_bad_input_changes_nothing);
    g_test_add_func ("/domain-config/validators", test_validators);
    g_test_add_func ("/domain-config/invalid-xml", test_invalid_xml);
    g_test_add_func ("/domain-config/equal-xml", test_equal_xml);
    g_test_add_func ("/domain-config/equal-xml-relative-namespace",
                     test_equal_xml_relative_namespace);
    g_test_add_func ("/domain-config/diff-sees-changes", test_diff_sees_changes);

    return g_test_run ();
}
