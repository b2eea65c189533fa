/* test-device-kind.c: every kind of device builds a device libvirt's schema accepts
 *
 * Each kind of the table is built into a guest (tests/data/device-kind/guest.xml) with its
 * defaults and then with each allowed value of each of its choices, and the whole domain is
 * checked by virt-xml-validate (libvirt-clients), which validates domains, not devices. Then
 * the table itself, the checks of bad values, the names a new device is given, and the
 * indentation of what is built, in the fixture and in every file of tests/data/config/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vimana-device-kind.h"
#include "vimana-domain-config.h"
#include "vimana-error.h"

/* ---- helpers ---- */

static char *
load_file (const char *folder,
           const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", folder, name, NULL);
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    return contents;
}

static VimanaDomainConfig *
load_guest (void)
{
    g_autofree char *xml = load_file ("device-kind", "guest.xml");
    g_autoptr(GError) error = NULL;
    VimanaDomainConfig *config = vimana_domain_config_new_from_xml (xml, &error);

    g_assert_no_error (error);
    return config;
}

static guint n_validated;

/* Whether virt-xml-validate accepts @xml as a domain; its complaint in @message if not. */
static gboolean
validates (const char  *xml,
           char       **message)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int fd = g_file_open_tmp ("vimana-device-kind-XXXXXX.xml", &path, &error);
    int status = -1;
    const char *argv[] = { "virt-xml-validate", NULL, "domain", NULL };

    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    argv[1] = path;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    g_unlink (path);
    n_validated++;
    if (message != NULL)
        *message = g_strconcat (out, err, NULL);
    return g_spawn_check_wait_status (status, NULL);
}

static void
assert_validates (VimanaDomainConfig *config,
                  const char         *what)
{
    g_autofree char *xml = vimana_domain_config_to_xml (config);
    g_autofree char *message = NULL;

    if (!validates (xml, &message)) {
        g_test_message ("%s:\n%s\n%s", what, message, xml);
        g_test_fail_printf ("virt-xml-validate refused %s: %s", what, message);
    }
}

/* A value for each required field without a default, one that exists on no host in
 * particular but is well formed. */
static const char *
sample_value (const VimanaDeviceKindInfo *info,
              const VimanaDeviceField    *field)
{
    switch (field->type) {
    case VIMANA_DEVICE_FIELD_PATH:
        return g_str_equal (field->id, "source") ? "/srv/shared"
                                                 : "/var/lib/libvirt/images/extra.qcow2";
    case VIMANA_DEVICE_FIELD_VOLUME:
        return "default/spare.qcow2";
    case VIMANA_DEVICE_FIELD_HOST_DEVICE:
        return g_str_equal (vimana_device_kind_info_get_id (info), "usb-host") ? "046d:c52b"
                                                                              : "0000:00:1f.2";
    case VIMANA_DEVICE_FIELD_TEXT:
        return "share";
    case VIMANA_DEVICE_FIELD_SIZE:
        return "10";
    case VIMANA_DEVICE_FIELD_POOL:
    case VIMANA_DEVICE_FIELD_NETWORK:
        return "default";
    case VIMANA_DEVICE_FIELD_CHOICE:
    default:
        return field->values[0];
    }
}

/* Values with a sample for every required field that has no default. */
static GHashTable *
sample_values (const VimanaDeviceKindInfo *info)
{
    GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < vimana_device_kind_info_get_n_fields (info); i++) {
        const VimanaDeviceField *field = vimana_device_kind_info_get_field (info, i);

        if ((field->flags & VIMANA_DEVICE_FIELD_REQUIRED) && field->default_value == NULL)
            g_hash_table_insert (values, (gpointer) field->id,
                                 (gpointer) sample_value (info, field));
    }
    return values;
}

/* Builds @info into the fixture from @values, checks what was built and validates it. */
static void
build_and_validate (const VimanaDeviceKindInfo *info,
                    GHashTable                 *values,
                    const char                 *what)
{
    g_autoptr(VimanaDomainConfig) config = load_guest ();
    g_autoptr(GError) error = NULL;
    guint n = vimana_domain_config_get_n_devices (config);
    guint index = G_MAXUINT;

    if (!vimana_device_kind_info_build (info, config, values, &index, &error)) {
        g_test_fail_printf ("%s was not built: %s", what, error->message);
        return;
    }
    g_assert_cmpuint (vimana_domain_config_get_n_devices (config), ==, n + 1);
    g_assert_cmpuint (index, <, n + 1);
    g_assert_cmpint (vimana_domain_config_get_device_kind (config, index), ==,
                     vimana_device_kind_info_get_kind (info));
    assert_validates (config, what);
}

/* ---- every kind, every value ---- */

static void
test_defaults (void)
{
    for (guint k = 0; k < vimana_device_kind_info_get_n_kinds (); k++) {
        const VimanaDeviceKindInfo *info = vimana_device_kind_info_get_nth (k);
        g_autoptr(GHashTable) values = sample_values (info);
        g_autofree char *what = g_strdup_printf ("%s with its defaults",
                                                 vimana_device_kind_info_get_id (info));

        build_and_validate (info, values, what);
    }
}

/* Sets the choices that @field depends on so that it applies. */
static void
make_applicable (const VimanaDeviceKindInfo *info,
                 const VimanaDeviceField    *field,
                 GHashTable                 *values)
{
    const VimanaDeviceField *decider;

    if (field->when_field == NULL)
        return;
    decider = vimana_device_kind_info_find_field (info, field->when_field);
    g_assert_nonnull (decider);
    g_hash_table_insert (values, (gpointer) decider->id, (gpointer) field->when_values[0]);
    make_applicable (info, decider, values);
}

static void
test_each_value (void)
{
    guint n_builds = 0;

    for (guint k = 0; k < vimana_device_kind_info_get_n_kinds (); k++) {
        const VimanaDeviceKindInfo *info = vimana_device_kind_info_get_nth (k);

        for (guint f = 0; f < vimana_device_kind_info_get_n_fields (info); f++) {
            const VimanaDeviceField *field = vimana_device_kind_info_get_field (info, f);
            guint n_values = vimana_device_field_get_n_values (field);

            if (field->type != VIMANA_DEVICE_FIELD_CHOICE)
                continue;
            /* The unset value, where a choice has one, is "". */
            for (guint v = 0; v < n_values + (field->unset_label != NULL ? 1 : 0); v++) {
                const char *value = v < n_values ? field->values[v] : "";
                g_autoptr(GHashTable) values = sample_values (info);
                g_autofree char *what = g_strdup_printf ("%s with %s='%s'",
                                                         vimana_device_kind_info_get_id (info),
                                                         field->id, value);

                make_applicable (info, field, values);
                g_hash_table_insert (values, (gpointer) field->id, (gpointer) value);
                g_assert_true (vimana_device_kind_info_field_applies (info, field, values));
                build_and_validate (info, values, what);
                n_builds++;
            }
        }
    }
    g_test_message ("%u builds of a choice's values validated", n_builds);
    g_assert_cmpuint (n_builds, >, 80);
}

/* ---- the table ---- */

static void
test_table (void)
{
    g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

    g_assert_cmpuint (vimana_device_kind_info_get_n_kinds (), >=, 20);
    for (guint k = 0; k < vimana_device_kind_info_get_n_kinds (); k++) {
        const VimanaDeviceKindInfo *info = vimana_device_kind_info_get_nth (k);
        const char *id = vimana_device_kind_info_get_id (info);
        g_autoptr(GHashTable) field_ids = g_hash_table_new (g_str_hash, g_str_equal);

        g_assert_true (g_hash_table_add (ids, (gpointer) id));
        g_assert_true (vimana_device_kind_info_lookup (id) == info);
        g_assert_cmpstr (vimana_device_kind_info_get_label (info), !=, "");
        for (guint f = 0; f < vimana_device_kind_info_get_n_fields (info); f++) {
            const VimanaDeviceField *field = vimana_device_kind_info_get_field (info, f);

            g_assert_true (g_hash_table_add (field_ids, (gpointer) field->id));
            g_assert_true (vimana_device_kind_info_find_field (info, field->id) == field);
            g_assert_nonnull (strchr (vimana_device_field_get_label (field), '_'));
            /* A default must pass the field's own check. */
            if (field->default_value != NULL)
                g_assert_true (vimana_device_field_check (field, field->default_value, NULL));
            if (field->type == VIMANA_DEVICE_FIELD_CHOICE) {
                g_assert_cmpuint (vimana_device_field_get_n_values (field), >, 0);
                g_assert_true (field->default_value != NULL || field->unset_label != NULL);
                for (guint v = 0; v < vimana_device_field_get_n_values (field); v++)
                    g_assert_cmpstr (vimana_device_field_get_value_label (field, v), !=, "");
            }
            /* A field depends on a choice listed before it. */
            if (field->when_field != NULL) {
                const VimanaDeviceField *decider =
                    vimana_device_kind_info_find_field (info, field->when_field);

                g_assert_nonnull (decider);
                g_assert_true (decider < field);
                g_assert_cmpint (decider->type, ==, VIMANA_DEVICE_FIELD_CHOICE);
            }
        }
    }
    g_assert_null (vimana_device_kind_info_lookup ("no-such-kind"));

    /* The Hardware page's lists come from the same fields. */
    g_assert_true (vimana_device_kind_info_find_field_for (VIMANA_DEVICE_DISK, "bus") ==
                   vimana_device_kind_info_find_field (vimana_device_kind_info_lookup ("disk"),
                                                       "bus"));
    g_assert_true (vimana_device_kind_info_find_field_for (VIMANA_DEVICE_CDROM, "bus") ==
                   vimana_device_kind_info_find_field (vimana_device_kind_info_lookup ("cdrom"),
                                                       "bus"));
    g_assert_nonnull (vimana_device_kind_info_find_field_for (VIMANA_DEVICE_INTERFACE, "model"));
    g_assert_nonnull (vimana_device_kind_info_find_field_for (VIMANA_DEVICE_VIDEO, "model"));
    g_assert_nonnull (vimana_device_kind_info_find_field_for (VIMANA_DEVICE_SOUND, "model"));
    g_assert_null (vimana_device_kind_info_find_field_for (VIMANA_DEVICE_SOUND, "bus"));
}

/* ---- bad values ---- */

typedef struct
{
    const char *kind;
    const char *field;
    const char *value;
    const char *message;   /* a part of the message */
} BadValue;

static const BadValue bad_values[] = {
    { "disk", "path", "", "Fill in “Image path”" },
    { "disk", "path", "images/relative.qcow2", "must start with “/”" },
    { "disk", "bus", "floppy-bus", "not one of the choices for “Bus”" },
    { "disk", "format", "vmdk9", "not one of the choices for “Format”" },
    { "volume", "volume", "no-slash.qcow2", "pool/volume" },
    { "volume", "volume", "/spare.qcow2", "pool/volume" },
    { "nic", "source", "", "Fill in “Network”" },
    { "nic", "model", "ne2k_isa", "not one of the choices" },
    { "graphics", "listen", "localhost", "not an IP address" },
    { "usb-host", "device", "046d", "vendor and product ids" },
    { "usb-host", "device", "046d:c52bx", "vendor and product ids" },
    { "pci-host", "device", "00:20.0", "PCI address" },
    { "pci-host", "device", "0000:00:1f.8", "PCI address" },
    { "virtiofs", "tag", "a-mount-tag-far-longer-than-thirty-six-bytes", "at most 36 bytes" },
    { "tpm", "device", "tpm0", "must start with “/”" },
};

static void
test_bad_values (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++) {
        const BadValue *bad = &bad_values[i];
        const VimanaDeviceKindInfo *info = vimana_device_kind_info_lookup (bad->kind);
        const VimanaDeviceField *field = vimana_device_kind_info_find_field (info, bad->field);
        g_autoptr(GHashTable) values = sample_values (info);
        g_autoptr(VimanaDomainConfig) config = load_guest ();
        g_autofree char *before = vimana_domain_config_to_xml (config);
        g_autofree char *after = NULL;
        const VimanaDeviceField *failed = NULL;
        g_autoptr(GError) error = NULL;

        g_test_message ("%s %s='%s'", bad->kind, bad->field, bad->value);
        make_applicable (info, field, values);
        g_hash_table_insert (values, (gpointer) bad->field, (gpointer) bad->value);
        g_assert_false (vimana_device_kind_info_check (info, values, &failed, &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, bad->message));
        g_assert_true (failed == field);
        g_clear_error (&error);

        /* Nothing is built, and the configuration is as it was. */
        g_assert_false (vimana_device_kind_info_build (info, config, values, NULL, &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        after = vimana_domain_config_to_xml (config);
        g_assert_cmpstr (after, ==, before);
    }
}

/* A preview can be shown before a required field is filled in; a build cannot be made. */
static void
test_preview_missing (void)
{
    const VimanaDeviceKindInfo *info = vimana_device_kind_info_lookup ("disk");
    g_autoptr(VimanaDomainConfig) config = load_guest ();
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    const VimanaDeviceField *failed = NULL;
    g_autofree char *xml = NULL;

    xml = vimana_device_kind_info_build_xml (info, config, values, &failed, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xml, ==,
                     "<disk type=\"file\" device=\"disk\">\n"
                     "  <driver name=\"qemu\" type=\"raw\"/>\n"
                     "  <target dev=\"vdb\" bus=\"virtio\"/>\n"
                     "</disk>");
    g_assert_cmpuint (vimana_domain_config_get_n_devices (config), ==, 5);
    g_assert_false (vimana_device_kind_info_build (info, config, values, NULL, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_false (vimana_device_kind_info_check (info, values, &failed, &error));
    g_assert_cmpstr (failed->id, ==, "path");

    /* A field of a choice that does not apply is not asked for: user-mode networking. */
    info = vimana_device_kind_info_lookup ("nic");
    g_hash_table_insert (values, "type", "user");
    g_hash_table_insert (values, "source", "");
    g_assert_false (vimana_device_kind_info_field_applies (
                        info, vimana_device_kind_info_find_field (info, "source"), values));
    g_clear_error (&error);
    g_assert_true (vimana_device_kind_info_check (info, values, NULL, &error));
    g_assert_no_error (error);
}

/* ---- names and indentation ---- */

static void
test_free_names (void)
{
    g_autoptr(VimanaDomainConfig) config = load_guest ();
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    const VimanaDeviceKindInfo *disk = vimana_device_kind_info_lookup ("disk");
    const VimanaDeviceKindInfo *cdrom = vimana_device_kind_info_lookup ("cdrom");
    g_autofree char *target = NULL;
    g_autofree char *xml = NULL;
    guint index;

    g_hash_table_insert (values, "path", "/var/lib/libvirt/images/two.qcow2");
    g_assert_true (vimana_device_kind_info_build (disk, config, values, &index, &error));
    target = vimana_domain_config_get_disk_target (config, index);
    g_assert_cmpstr (target, ==, "vdb");
    g_clear_pointer (&target, g_free);
    g_assert_true (vimana_device_kind_info_build (disk, config, values, &index, &error));
    target = vimana_domain_config_get_disk_target (config, index);
    g_assert_cmpstr (target, ==, "vdc");
    g_clear_pointer (&target, g_free);
    /* The guest's CD-ROM is sda. */
    g_assert_true (vimana_device_kind_info_build (cdrom, config, NULL, &index, &error));
    target = vimana_domain_config_get_disk_target (config, index);
    g_assert_cmpstr (target, ==, "sdb");
    g_clear_pointer (&target, g_free);
    g_hash_table_insert (values, "bus", "ide");
    g_assert_true (vimana_device_kind_info_build (disk, config, values, &index, &error));
    target = vimana_domain_config_get_disk_target (config, index);
    g_assert_cmpstr (target, ==, "hda");
    g_assert_no_error (error);

    /* A new image is named after the guest and the disk it will be. */
    g_clear_pointer (&target, g_free);
    target = vimana_domain_config_suggest_volume_name (config, "virtio");
    g_assert_cmpstr (target, ==, "fixture-vdd.qcow2");

    /* The guest has serial port 0 and USB controller 0. */
    g_assert_true (vimana_device_kind_info_build (vimana_device_kind_info_lookup ("serial"),
                                                  config, NULL, &index, &error));
    xml = vimana_domain_config_get_device_xml (config, index);
    g_assert_nonnull (strstr (xml, "port=\"1\""));
    g_clear_pointer (&xml, g_free);
    g_assert_true (vimana_device_kind_info_build (
                       vimana_device_kind_info_lookup ("usb-controller"), config, NULL, &index, &error));
    xml = vimana_domain_config_get_device_xml (config, index);
    g_assert_cmpstr (xml, ==, "<controller type=\"usb\" index=\"1\" model=\"qemu-xhci\"/>");
    g_clear_pointer (&xml, g_free);
    g_assert_true (vimana_device_kind_info_build (
                       vimana_device_kind_info_lookup ("scsi-controller"), config, NULL, &index, &error));
    xml = vimana_domain_config_get_device_xml (config, index);
    g_assert_cmpstr (xml, ==, "<controller type=\"scsi\" index=\"0\" model=\"virtio-scsi\"/>");
    g_assert_no_error (error);
    assert_validates (config, "the fixture with its new devices");
}

/* What is built is indented as the guest's document is, and placed after its like. */
static void
test_indentation (void)
{
    g_autoptr(VimanaDomainConfig) config = load_guest ();
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *expected = NULL;

    g_hash_table_insert (values, "device", "046D:C52B");
    g_assert_true (vimana_device_kind_info_build (vimana_device_kind_info_lookup ("usb-host"),
                                                  config, values, NULL, &error));
    g_hash_table_remove_all (values);
    g_hash_table_insert (values, "path", "/var/lib/libvirt/images/two.qcow2");
    g_hash_table_insert (values, "cache", "none");
    g_assert_true (vimana_device_kind_info_build (vimana_device_kind_info_lookup ("disk"),
                                                  config, values, NULL, &error));
    g_assert_no_error (error);
    xml = vimana_domain_config_to_xml (config);
    if (g_getenv ("VIMANA_WRITE_FIXTURES") != NULL) {
        g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "device-kind",
                                                       "guest-built.xml", NULL);

        g_file_set_contents (path, xml, -1, NULL);
    }
    expected = load_file ("device-kind", "guest-built.xml");
    g_assert_cmpstr (xml, ==, expected);
}

/* The preview without a guest reads as libvirt writes a device. */
static void
test_standalone_xml (void)
{
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;

    g_hash_table_insert (values, "device", "0000:03:00.1");
    xml = vimana_device_kind_info_build_xml (vimana_device_kind_info_lookup ("pci-host"), NULL,
                                             values, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xml, ==,
                     "<hostdev mode=\"subsystem\" type=\"pci\" managed=\"yes\">\n"
                     "  <source>\n"
                     "    <address domain=\"0x0000\" bus=\"0x03\" slot=\"0x00\""
                     " function=\"0x1\"/>\n"
                     "  </source>\n"
                     "</hostdev>");
    g_clear_pointer (&xml, g_free);
    g_hash_table_remove_all (values);
    xml = vimana_device_kind_info_build_xml (vimana_device_kind_info_lookup ("rng"), NULL,
                                             values, NULL, &error);
    g_assert_cmpstr (xml, ==,
                     "<rng model=\"virtio\">\n"
                     "  <backend model=\"random\">/dev/urandom</backend>\n"
                     "</rng>");
}

/* Every kind built into every corpus document (one line, tabs, comments, no <devices>…):
 * the rest of the document stays as it was, the device reads back, and a document libvirt's
 * schema accepted still validates. */
static void
test_corpus (void)
{
    g_autofree char *folder = g_test_build_filename (G_TEST_DIST, "data", "config", NULL);
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name;
    guint n_files = 0;

    g_assert_nonnull (dir);
    while ((name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *xml = NULL;
        g_autoptr(VimanaDomainConfig) config = NULL;
        g_autoptr(GError) error = NULL;
        gboolean valid;

        if (!g_str_has_suffix (name, ".xml"))
            continue;
        xml = load_file ("config", name);
        config = vimana_domain_config_new_from_xml (xml, &error);
        g_assert_no_error (error);
        valid = validates (xml, NULL);
        for (guint k = 0; k < vimana_device_kind_info_get_n_kinds (); k++) {
            const VimanaDeviceKindInfo *info = vimana_device_kind_info_get_nth (k);
            g_autoptr(GHashTable) values = sample_values (info);
            VimanaDeviceKind kind = vimana_device_kind_info_get_kind (info);
            g_autoptr(VimanaDomainConfig) alone = vimana_domain_config_copy (config);
            g_autofree char *before = NULL;
            g_autofree char *restored = NULL;
            guint index;

            /* libvirt takes one watchdog and one balloon. */
            if ((kind == VIMANA_DEVICE_WATCHDOG || kind == VIMANA_DEVICE_MEMBALLOON) &&
                vimana_domain_config_find_device (config, kind, 0) >= 0)
                continue;
            g_assert_true (vimana_device_kind_info_build (info, config, values, &index, &error));
            g_assert_cmpint (vimana_domain_config_get_device_kind (config, index), ==, kind);
            /* Built and removed again, in a copy: the document is what it was, but for the
             * <devices> a guest without one is given. */
            before = vimana_domain_config_to_xml (alone);
            g_assert_true (vimana_device_kind_info_build (info, alone, values, &index, &error));
            vimana_domain_config_remove_device (alone, index);
            restored = vimana_domain_config_to_xml (alone);
            if (!vimana_domain_config_equal_xml (restored, before)) {
                g_test_message ("%s, %s: %s", name, vimana_device_kind_info_get_id (info),
                                restored);
                g_assert_cmpuint (vimana_domain_config_get_n_devices (alone), ==, 0);
            }
        }
        if (valid) {
            g_autofree char *what = g_strdup_printf ("%s with every kind added", name);

            assert_validates (config, what);
        }
        n_files++;
    }
    g_assert_cmpuint (n_files, >=, 30);
}

int
main (int    argc,
      char **argv)
{
    g_autofree char *validator = NULL;
    int status;

    g_test_init (&argc, &argv, NULL);
    validator = g_find_program_in_path ("virt-xml-validate");
    if (validator == NULL) {
        g_printerr ("virt-xml-validate is not installed: install libvirt-clients\n");
        return 1;
    }
    g_test_add_func ("/device-kind/table", test_table);
    g_test_add_func ("/device-kind/defaults", test_defaults);
    g_test_add_func ("/device-kind/each-value", test_each_value);
    g_test_add_func ("/device-kind/bad-values", test_bad_values);
    g_test_add_func ("/device-kind/preview-missing", test_preview_missing);
    g_test_add_func ("/device-kind/free-names", test_free_names);
    g_test_add_func ("/device-kind/indentation", test_indentation);
    g_test_add_func ("/device-kind/standalone-xml", test_standalone_xml);
    g_test_add_func ("/device-kind/corpus", test_corpus);
    status = g_test_run ();
    g_test_message ("%u domains validated", n_validated);
    return status;
}
