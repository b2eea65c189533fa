/* vimana-device-kind.c: the kinds of device a guest can be given, their fields and defaults
 *
 * This is the one place that knows what a kind of device is made of: each kind has an id, a
 * label, its fields (with their defaults and allowed values) and a function that builds the
 * device element into a VimanaDomainConfig, in place and indented like the document. Add
 * Hardware asks for the fields and previews the device; the Hardware page's forms offer the
 * fields' values; the install plan builds a new guest's devices; the host device list builds
 * the element that gives a device to a guest. None of them writes device XML of its own.
 *
 * Values are passed as a table from field id to text. A field that is absent from the table
 * takes its default; one that is present but empty is unset.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-device-kind"

#include "config.h"

#include "vimana-device-kind.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-device-kind-private.h"
#include "vimana-domain-config-private.h"
#include "vimana-error.h"

/* What a device is built into when there is no guest: an empty one, indented as libvirt
 * writes, so the preview reads as libvirt would write the device. */
static const char vimana_device_kind_empty_domain[] =
    "<domain>\n  <devices>\n  </devices>\n</domain>\n";

/* ---- the kinds ---- */

static const char * const vimana_disk_formats[] = { "qcow2", "raw", NULL };
static const char * const vimana_disk_buses[] = { "virtio", "sata", "scsi", "usb", "ide", NULL };
static const char * const vimana_cdrom_buses[] = { "sata", "ide", "scsi", "usb", NULL };
static const char * const vimana_floppy_buses[] = { "fdc", NULL };
static const char * const vimana_disk_caches[] = {
    "none", "writethrough", "writeback", "directsync", "unsafe", NULL
};
static const char * const vimana_nic_types[] = { "network", "bridge", "direct", "user", NULL };
static const char * const vimana_nic_type_labels[] = {
    N_("Virtual network"), N_("Bridge"), N_("Macvtap (host device)"), N_("User mode"), NULL
};
static const char * const vimana_nic_types_with_source[] = { "network", "bridge", "direct", NULL };
static const char * const vimana_nic_models[] = { "virtio", "e1000e", "e1000", "rtl8139", NULL };
static const char * const vimana_graphics_types[] = { "vnc", "spice", NULL };
static const char * const vimana_graphics_type_labels[] = { N_("VNC"), N_("SPICE"), NULL };
static const char * const vimana_video_models[] = {
    "virtio", "qxl", "vga", "bochs", "cirrus", "ramfb", "none", NULL
};
static const char * const vimana_sound_models[] = {
    "ich9", "ich7", "ich6", "ac97", "es1370", "sb16", "usb", NULL
};
static const char * const vimana_input_types[] = { "tablet", "mouse", "keyboard", NULL };
static const char * const vimana_input_type_labels[] = {
    N_("Tablet"), N_("Mouse"), N_("Keyboard"), NULL
};
static const char * const vimana_input_buses[] = { "usb", "virtio", NULL };
static const char * const vimana_serial_targets[] = {
    "isa-serial", "pci-serial", "usb-serial", NULL
};
static const char * const vimana_console_targets[] = { "serial", "virtio", NULL };
static const char * const vimana_channel_names[] = {
    "org.qemu.guest_agent.0", "com.redhat.spice.0", NULL
};
static const char * const vimana_channel_name_labels[] = {
    N_("QEMU guest agent"), N_("SPICE agent"), NULL
};
static const char * const vimana_usb_controller_models[] = {
    "qemu-xhci", "nec-xhci", "ich9-ehci1", "piix3-uhci", NULL
};
static const char * const vimana_scsi_controller_models[] = {
    "virtio-scsi", "lsilogic", "lsisas1068", NULL
};
static const char * const vimana_tpm_models[] = { "tpm-crb", "tpm-tis", NULL };
static const char * const vimana_tpm_backends[] = { "emulator", "passthrough", NULL };
static const char * const vimana_tpm_backend_labels[] = {
    N_("Emulated"), N_("The host’s TPM (passthrough)"), NULL
};
static const char * const vimana_tpm_passthrough[] = { "passthrough", NULL };
static const char * const vimana_rng_backends[] = { "random", "builtin", NULL };
static const char * const vimana_rng_backend_labels[] = {
    N_("A device of the host"), N_("Built into the hypervisor"), NULL
};
static const char * const vimana_rng_random[] = { "random", NULL };
static const char * const vimana_rng_sources[] = {
    "/dev/urandom", "/dev/random", "/dev/hwrng", NULL
};
static const char * const vimana_watchdog_models[] = { "i6300esb", "ib700", NULL };
static const char * const vimana_watchdog_actions[] = {
    "reset", "shutdown", "poweroff", "pause", "none", "dump", "inject-nmi", NULL
};
static const char * const vimana_watchdog_action_labels[] = {
    N_("Reset the guest"), N_("Shut the guest down"), N_("Power the guest off"),
    N_("Pause the guest"), N_("Nothing"), N_("Dump the guest’s memory"),
    N_("Send the guest an NMI"), NULL
};
static const char * const vimana_memballoon_models[] = { "virtio", "none", NULL };

#define VIMANA_FIELD_BUS(buses, bus) \
    { .id = "bus", .label = N_("_Bus"), .type = VIMANA_DEVICE_FIELD_CHOICE, \
      .default_value = bus, .values = buses }
#define VIMANA_FIELD_CACHE \
    { .id = "cache", .label = N_("_Cache mode"), .type = VIMANA_DEVICE_FIELD_CHOICE, \
      .values = vimana_disk_caches, .unset_label = N_("Hypervisor default") }
#define VIMANA_FIELD_MODEL(models, model) \
    { .id = "model", .label = N_("_Model"), .type = VIMANA_DEVICE_FIELD_CHOICE, \
      .default_value = model, .values = models }

static const VimanaDeviceField vimana_disk_fields[] = {
    { .id = "path", .label = N_("_Image path"), .type = VIMANA_DEVICE_FIELD_PATH,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED },
    { .id = "format", .label = N_("_Format"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .values = vimana_disk_formats, .unset_label = N_("From the file name") },
    VIMANA_FIELD_BUS (vimana_disk_buses, "virtio"),
    VIMANA_FIELD_CACHE,
};

static const VimanaDeviceField vimana_volume_fields[] = {
    { .id = "volume", .label = N_("_Volume"), .type = VIMANA_DEVICE_FIELD_VOLUME,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED },
    VIMANA_FIELD_BUS (vimana_disk_buses, "virtio"),
    VIMANA_FIELD_CACHE,
};

static const VimanaDeviceField vimana_new_disk_fields[] = {
    { .id = "size", .label = N_("_Size (GiB)"), .type = VIMANA_DEVICE_FIELD_SIZE,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .default_value = "10" },
    { .id = "pool", .label = N_("Storage _pool"), .type = VIMANA_DEVICE_FIELD_POOL,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .default_value = "default" },
    VIMANA_FIELD_BUS (vimana_disk_buses, "virtio"),
    VIMANA_FIELD_CACHE,
};

static const VimanaDeviceField vimana_cdrom_fields[] = {
    { .id = "media", .label = N_("_Media (optional)"), .type = VIMANA_DEVICE_FIELD_PATH },
    VIMANA_FIELD_BUS (vimana_cdrom_buses, "sata"),
};

static const VimanaDeviceField vimana_floppy_fields[] = {
    { .id = "media", .label = N_("_Media (optional)"), .type = VIMANA_DEVICE_FIELD_PATH },
    VIMANA_FIELD_BUS (vimana_floppy_buses, "fdc"),
};

static const VimanaDeviceField vimana_nic_fields[] = {
    { .id = "type", .label = N_("Source _type"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "network", .values = vimana_nic_types,
      .value_labels = vimana_nic_type_labels },
    { .id = "source", .label = N_("_Network"), .type = VIMANA_DEVICE_FIELD_NETWORK,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .default_value = "default",
      .when_field = "type", .when_values = vimana_nic_types_with_source },
    VIMANA_FIELD_MODEL (vimana_nic_models, "virtio"),
};

static const VimanaDeviceField vimana_graphics_fields[] = {
    { .id = "type", .label = N_("_Type"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "vnc", .values = vimana_graphics_types,
      .value_labels = vimana_graphics_type_labels },
    { .id = "listen", .label = N_("_Listen address"), .type = VIMANA_DEVICE_FIELD_TEXT,
      .default_value = "127.0.0.1", .check = vimana_device_kind_check_address },
};

static const VimanaDeviceField vimana_video_fields[] = {
    VIMANA_FIELD_MODEL (vimana_video_models, "virtio"),
};

static const VimanaDeviceField vimana_sound_fields[] = {
    VIMANA_FIELD_MODEL (vimana_sound_models, "ich9"),
};

static const VimanaDeviceField vimana_input_fields[] = {
    { .id = "type", .label = N_("_Type"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "tablet", .values = vimana_input_types,
      .value_labels = vimana_input_type_labels },
    VIMANA_FIELD_BUS (vimana_input_buses, "usb"),
};

static const VimanaDeviceField vimana_serial_fields[] = {
    { .id = "target", .label = N_("_Target type"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "isa-serial", .values = vimana_serial_targets },
};

static const VimanaDeviceField vimana_console_fields[] = {
    { .id = "target", .label = N_("_Target type"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .values = vimana_console_targets, .unset_label = N_("Hypervisor default") },
};

static const VimanaDeviceField vimana_channel_fields[] = {
    { .id = "name", .label = N_("_Channel"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "org.qemu.guest_agent.0", .values = vimana_channel_names,
      .value_labels = vimana_channel_name_labels },
};

static const VimanaDeviceField vimana_usb_controller_fields[] = {
    VIMANA_FIELD_MODEL (vimana_usb_controller_models, "qemu-xhci"),
};

static const VimanaDeviceField vimana_scsi_controller_fields[] = {
    VIMANA_FIELD_MODEL (vimana_scsi_controller_models, "virtio-scsi"),
};

static const VimanaDeviceField vimana_usb_host_fields[] = {
    { .id = "device", .label = N_("_Host device"), .type = VIMANA_DEVICE_FIELD_HOST_DEVICE,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .check = vimana_device_kind_check_usb_id },
};

static const VimanaDeviceField vimana_pci_host_fields[] = {
    { .id = "device", .label = N_("_Host device"), .type = VIMANA_DEVICE_FIELD_HOST_DEVICE,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .check = vimana_device_kind_check_pci_address },
};

static const VimanaDeviceField vimana_tpm_fields[] = {
    VIMANA_FIELD_MODEL (vimana_tpm_models, "tpm-crb"),
    { .id = "backend", .label = N_("_Backend"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "emulator", .values = vimana_tpm_backends,
      .value_labels = vimana_tpm_backend_labels },
    { .id = "device", .label = N_("_Device"), .type = VIMANA_DEVICE_FIELD_PATH,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .default_value = "/dev/tpm0",
      .when_field = "backend", .when_values = vimana_tpm_passthrough },
};

static const VimanaDeviceField vimana_rng_fields[] = {
    { .id = "backend", .label = N_("_Backend"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "random", .values = vimana_rng_backends,
      .value_labels = vimana_rng_backend_labels },
    { .id = "source", .label = N_("_Source"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "/dev/urandom", .values = vimana_rng_sources,
      .when_field = "backend", .when_values = vimana_rng_random },
};

static const VimanaDeviceField vimana_watchdog_fields[] = {
    VIMANA_FIELD_MODEL (vimana_watchdog_models, "i6300esb"),
    { .id = "action", .label = N_("_Action"), .type = VIMANA_DEVICE_FIELD_CHOICE,
      .default_value = "reset", .values = vimana_watchdog_actions,
      .value_labels = vimana_watchdog_action_labels },
};

static const VimanaDeviceField vimana_virtiofs_fields[] = {
    { .id = "source", .label = N_("_Host folder"), .type = VIMANA_DEVICE_FIELD_PATH,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED },
    { .id = "tag", .label = N_("Mount _tag"), .type = VIMANA_DEVICE_FIELD_TEXT,
      .flags = VIMANA_DEVICE_FIELD_REQUIRED, .check = vimana_device_kind_check_mount_tag },
};

static const VimanaDeviceField vimana_memballoon_fields[] = {
    VIMANA_FIELD_MODEL (vimana_memballoon_models, "virtio"),
};

#define VIMANA_KIND_FIELDS(array) .fields = array, .n_fields = G_N_ELEMENTS (array)

/* In the order Add Hardware offers them. */
static const VimanaDeviceKindInfo vimana_device_kinds[] = {
    { .id = "disk", .label = N_("Disk (existing image)"), .kind = VIMANA_DEVICE_DISK,
      VIMANA_KIND_FIELDS (vimana_disk_fields), .build = vimana_device_kind_build_disk },
    { .id = "volume", .label = N_("Disk (storage pool volume)"), .kind = VIMANA_DEVICE_DISK,
      VIMANA_KIND_FIELDS (vimana_volume_fields), .build = vimana_device_kind_build_volume },
    { .id = "new-disk", .label = N_("Disk (new image)"), .kind = VIMANA_DEVICE_DISK,
      VIMANA_KIND_FIELDS (vimana_new_disk_fields), .build = vimana_device_kind_build_new_disk },
    { .id = "cdrom", .label = N_("CD-ROM drive"), .kind = VIMANA_DEVICE_CDROM,
      VIMANA_KIND_FIELDS (vimana_cdrom_fields), .build = vimana_device_kind_build_cdrom },
    { .id = "floppy", .label = N_("Floppy drive"), .kind = VIMANA_DEVICE_FLOPPY,
      VIMANA_KIND_FIELDS (vimana_floppy_fields), .build = vimana_device_kind_build_floppy },
    { .id = "nic", .label = N_("Network interface"), .kind = VIMANA_DEVICE_INTERFACE,
      VIMANA_KIND_FIELDS (vimana_nic_fields), .build = vimana_device_kind_build_nic },
    { .id = "graphics", .label = N_("Graphical display"), .kind = VIMANA_DEVICE_GRAPHICS,
      VIMANA_KIND_FIELDS (vimana_graphics_fields), .build = vimana_device_kind_build_graphics },
    { .id = "video", .label = N_("Video"), .kind = VIMANA_DEVICE_VIDEO,
      VIMANA_KIND_FIELDS (vimana_video_fields), .build = vimana_device_kind_build_video },
    { .id = "sound", .label = N_("Sound"), .kind = VIMANA_DEVICE_SOUND,
      VIMANA_KIND_FIELDS (vimana_sound_fields), .build = vimana_device_kind_build_sound },
    { .id = "input", .label = N_("Input device"), .kind = VIMANA_DEVICE_INPUT,
      VIMANA_KIND_FIELDS (vimana_input_fields), .build = vimana_device_kind_build_input },
    { .id = "serial", .label = N_("Serial port"), .kind = VIMANA_DEVICE_SERIAL,
      VIMANA_KIND_FIELDS (vimana_serial_fields), .build = vimana_device_kind_build_serial },
    { .id = "console", .label = N_("Text console"), .kind = VIMANA_DEVICE_CONSOLE,
      VIMANA_KIND_FIELDS (vimana_console_fields), .build = vimana_device_kind_build_console },
    { .id = "channel", .label = N_("Guest agent channel"), .kind = VIMANA_DEVICE_CHANNEL,
      VIMANA_KIND_FIELDS (vimana_channel_fields), .build = vimana_device_kind_build_channel },
    { .id = "usb-redirection", .label = N_("USB redirection (SPICE)"),
      .kind = VIMANA_DEVICE_OTHER, .build = vimana_device_kind_build_usb_redirection },
    { .id = "usb-controller", .label = N_("USB controller"), .kind = VIMANA_DEVICE_CONTROLLER,
      VIMANA_KIND_FIELDS (vimana_usb_controller_fields),
      .build = vimana_device_kind_build_usb_controller },
    { .id = "scsi-controller", .label = N_("SCSI controller"), .kind = VIMANA_DEVICE_CONTROLLER,
      VIMANA_KIND_FIELDS (vimana_scsi_controller_fields),
      .build = vimana_device_kind_build_scsi_controller },
    { .id = "virtio-serial-controller", .label = N_("Virtio serial controller"),
      .kind = VIMANA_DEVICE_CONTROLLER, .build = vimana_device_kind_build_virtio_serial },
    { .id = "usb-host", .label = N_("USB host device"), .kind = VIMANA_DEVICE_HOSTDEV_USB,
      VIMANA_KIND_FIELDS (vimana_usb_host_fields), .build = vimana_device_kind_build_usb_host },
    { .id = "pci-host", .label = N_("PCI host device"), .kind = VIMANA_DEVICE_HOSTDEV_PCI,
      VIMANA_KIND_FIELDS (vimana_pci_host_fields), .build = vimana_device_kind_build_pci_host },
    { .id = "tpm", .label = N_("TPM"), .kind = VIMANA_DEVICE_TPM,
      VIMANA_KIND_FIELDS (vimana_tpm_fields), .build = vimana_device_kind_build_tpm },
    { .id = "rng", .label = N_("Random number generator"), .kind = VIMANA_DEVICE_RNG,
      VIMANA_KIND_FIELDS (vimana_rng_fields), .build = vimana_device_kind_build_rng },
    { .id = "watchdog", .label = N_("Watchdog"), .kind = VIMANA_DEVICE_WATCHDOG,
      VIMANA_KIND_FIELDS (vimana_watchdog_fields), .build = vimana_device_kind_build_watchdog },
    { .id = "virtiofs", .label = N_("Shared folder (virtiofs)"),
      .kind = VIMANA_DEVICE_FILESYSTEM, VIMANA_KIND_FIELDS (vimana_virtiofs_fields),
      .build = vimana_device_kind_build_virtiofs },
    { .id = "memballoon", .label = N_("Memory balloon"), .kind = VIMANA_DEVICE_MEMBALLOON,
      VIMANA_KIND_FIELDS (vimana_memballoon_fields),
      .build = vimana_device_kind_build_memballoon },
};

/* ---- the table ---- */

guint
vimana_device_kind_info_get_n_kinds (void)
{
    return G_N_ELEMENTS (vimana_device_kinds);
}

/* Returns: (transfer none): the @n-th kind, in the order Add Hardware offers them */
const VimanaDeviceKindInfo *
vimana_device_kind_info_get_nth (guint n)
{
    g_return_val_if_fail (n < G_N_ELEMENTS (vimana_device_kinds), NULL);
    return &vimana_device_kinds[n];
}

/* Returns: (transfer none) (nullable): the kind called @id ("disk", "nic"…), or %NULL */
const VimanaDeviceKindInfo *
vimana_device_kind_info_lookup (const char *id)
{
    for (guint i = 0; i < G_N_ELEMENTS (vimana_device_kinds); i++) {
        if (g_strcmp0 (vimana_device_kinds[i].id, id) == 0)
            return &vimana_device_kinds[i];
    }
    return NULL;
}

/**
 * vimana_device_kind_info_find_field_for:
 * @kind: what an existing device is
 * @field_id: a field of it: "bus", "model"…
 *
 * For editing a device the guest has: the field @field_id of the first kind that builds
 * devices of @kind, whose values are the ones to offer.
 *
 * Returns: (transfer none) (nullable): the field, or %NULL when no kind of @kind has it
 */
const VimanaDeviceField *
vimana_device_kind_info_find_field_for (VimanaDeviceKind  kind,
                                        const char       *field_id)
{
    for (guint i = 0; i < G_N_ELEMENTS (vimana_device_kinds); i++) {
        const VimanaDeviceField *field;

        if (vimana_device_kinds[i].kind != kind)
            continue;
        field = vimana_device_kind_info_find_field (&vimana_device_kinds[i], field_id);
        if (field != NULL)
            return field;
    }
    return NULL;
}

const char *
vimana_device_kind_info_get_id (const VimanaDeviceKindInfo *info)
{
    g_return_val_if_fail (info != NULL, NULL);
    return info->id;
}

/* Returns: the kind's translated label, for a list to choose from */
const char *
vimana_device_kind_info_get_label (const VimanaDeviceKindInfo *info)
{
    g_return_val_if_fail (info != NULL, NULL);
    return _(info->label);
}

/* Returns: what the devices of this kind are, as vimana_domain_config_get_device_kind () says */
VimanaDeviceKind
vimana_device_kind_info_get_kind (const VimanaDeviceKindInfo *info)
{
    g_return_val_if_fail (info != NULL, VIMANA_DEVICE_OTHER);
    return info->kind;
}

guint
vimana_device_kind_info_get_n_fields (const VimanaDeviceKindInfo *info)
{
    g_return_val_if_fail (info != NULL, 0);
    return info->n_fields;
}

const VimanaDeviceField *
vimana_device_kind_info_get_field (const VimanaDeviceKindInfo *info,
                                   guint                       n)
{
    g_return_val_if_fail (info != NULL && n < info->n_fields, NULL);
    return &info->fields[n];
}

const VimanaDeviceField *
vimana_device_kind_info_find_field (const VimanaDeviceKindInfo *info,
                                    const char                 *id)
{
    g_return_val_if_fail (info != NULL, NULL);

    for (guint i = 0; i < info->n_fields; i++) {
        if (g_strcmp0 (info->fields[i].id, id) == 0)
            return &info->fields[i];
    }
    return NULL;
}

/* ---- fields ---- */

/* Returns: the field's translated label, with its mnemonic */
const char *
vimana_device_field_get_label (const VimanaDeviceField *field)
{
    g_return_val_if_fail (field != NULL, NULL);
    return _(field->label);
}

/* The field's translated label without its mnemonic, for a message. */
static char *
vimana_device_field_dup_name (const VimanaDeviceField *field)
{
    const char *label = vimana_device_field_get_label (field);
    GString *name = g_string_sized_new (strlen (label));

    for (const char *p = label; *p != '\0'; p++) {
        if (*p == '_' && p[1] != '\0')
            p++;
        g_string_append_c (name, *p);
    }
    return g_string_free (name, FALSE);
}

guint
vimana_device_field_get_n_values (const VimanaDeviceField *field)
{
    g_return_val_if_fail (field != NULL, 0);
    return field->values != NULL ? g_strv_length ((char **) field->values) : 0;
}

/* Returns: what to show for the @n-th of the field's values, translated */
const char *
vimana_device_field_get_value_label (const VimanaDeviceField *field,
                                     guint                    n)
{
    g_return_val_if_fail (n < vimana_device_field_get_n_values (field), NULL);

    if (field->value_labels != NULL)
        return _(field->value_labels[n]);
    return field->values[n];
}

/* The value given for @field in @values, or its default when @values has none; %NULL when it
 * is empty. */
static const char *
vimana_device_field_given (const VimanaDeviceField *field,
                           GHashTable              *values)
{
    gpointer given;

    if (values == NULL || !g_hash_table_lookup_extended (values, field->id, NULL, &given))
        return field->default_value;
    return given != NULL && *(const char *) given != '\0' ? given : NULL;
}

/**
 * vimana_device_kind_info_field_applies:
 * @values: (element-type utf8 utf8) (nullable): what was filled in
 *
 * Returns: whether @field, one of @info's, is part of the device for these @values: a NIC's
 *   source name is not, for user-mode networking
 */
gboolean
vimana_device_kind_info_field_applies (const VimanaDeviceKindInfo *info,
                                       const VimanaDeviceField    *field,
                                       GHashTable                 *values)
{
    const VimanaDeviceField *decider;
    const char *decided;

    g_return_val_if_fail (info != NULL && field != NULL, FALSE);

    if (field->when_field == NULL)
        return TRUE;
    decider = vimana_device_kind_info_find_field (info, field->when_field);
    g_return_val_if_fail (decider != NULL, TRUE);
    decided = vimana_device_field_given (decider, values);
    return decided != NULL && g_strv_contains (field->when_values, decided) &&
           vimana_device_kind_info_field_applies (info, decider, values);
}

/**
 * vimana_device_field_check:
 * @value: (nullable): a value for the field, %NULL or "" for none
 *
 * Returns: whether @value can be the field's: one of a choice's values, an absolute path, a
 *   "pool/volume"…; %FALSE with the reason, a sentence for the user, in @error
 */
gboolean
vimana_device_field_check (const VimanaDeviceField  *field,
                           const char               *value,
                           GError                  **error)
{
    g_autofree char *name = NULL;
    const char *slash;

    g_return_val_if_fail (field != NULL, FALSE);

    name = vimana_device_field_dup_name (field);
    if (value == NULL || *value == '\0') {
        if (!(field->flags & VIMANA_DEVICE_FIELD_REQUIRED))
            return TRUE;
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("Fill in “%s”."), name);
        return FALSE;
    }
    switch (field->type) {
    case VIMANA_DEVICE_FIELD_CHOICE:
        if (!g_strv_contains (field->values, value)) {
            /* Translators: a value given for a field, then the field's name. */
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not one of the choices for “%s”."), value, name);
            return FALSE;
        }
        break;
    case VIMANA_DEVICE_FIELD_PATH:
        if (!g_path_is_absolute (value)) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a full path: it must start with “/”."), value);
            return FALSE;
        }
        break;
    case VIMANA_DEVICE_FIELD_VOLUME:
        slash = strchr (value, '/');
        if (slash == NULL || slash == value || slash[1] == '\0' || strchr (slash + 1, '/')) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a storage volume: write it as pool/volume."), value);
            return FALSE;
        }
        break;
    case VIMANA_DEVICE_FIELD_TEXT:
    case VIMANA_DEVICE_FIELD_SIZE:
    case VIMANA_DEVICE_FIELD_NETWORK:
    case VIMANA_DEVICE_FIELD_POOL:
    case VIMANA_DEVICE_FIELD_HOST_DEVICE:
    default:
        break;
    }
    return field->check == NULL || field->check (value, error);
}

/*
 * The values a build uses, checked: for each field that applies, the value given (stripped)
 * or its default; a field left unset is absent. With @allow_missing, a required field may be
 * unset, so a device can be previewed before the user has filled it in.
 */
static GHashTable *
vimana_device_kind_info_resolve (const VimanaDeviceKindInfo  *info,
                                 GHashTable                  *values,
                                 gboolean                     allow_missing,
                                 const VimanaDeviceField    **failed,
                                 GError                     **error)
{
    g_autoptr(GHashTable) resolved = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                            g_free);

    if (failed != NULL)
        *failed = NULL;
    for (guint i = 0; i < info->n_fields; i++) {
        const VimanaDeviceField *field = &info->fields[i];
        g_autofree char *value = NULL;

        if (!vimana_device_kind_info_field_applies (info, field, values))
            continue;
        value = g_strdup (vimana_device_field_given (field, values));
        if (value != NULL && *g_strstrip (value) == '\0')
            g_clear_pointer (&value, g_free);
        if (value == NULL && allow_missing)
            continue;
        if (!vimana_device_field_check (field, value, error)) {
            if (failed != NULL)
                *failed = field;
            return NULL;
        }
        if (value != NULL)
            g_hash_table_insert (resolved, (gpointer) field->id, g_steal_pointer (&value));
    }
    return g_steal_pointer (&resolved);
}

/**
 * vimana_device_kind_info_check:
 * @values: (element-type utf8 utf8) (nullable): what was filled in
 * @failed: (out) (optional) (transfer none): the field that is wrong
 *
 * Returns: whether a device can be built from @values; %FALSE with the reason in @error
 */
gboolean
vimana_device_kind_info_check (const VimanaDeviceKindInfo  *info,
                               GHashTable                  *values,
                               const VimanaDeviceField    **failed,
                               GError                     **error)
{
    g_autoptr(GHashTable) resolved = NULL;

    g_return_val_if_fail (info != NULL, FALSE);

    resolved = vimana_device_kind_info_resolve (info, values, FALSE, failed, error);
    return resolved != NULL;
}

/**
 * vimana_device_kind_info_build:
 * @config: the configuration to add the device to
 * @values: (element-type utf8 utf8) (nullable): the fields' values; a field absent from it
 *   takes its default
 * @index: (out) (optional): where the device is in @config
 *
 * Adds a device of this kind to @config, placed and indented as
 * vimana_domain_config_add_device_xml () places a device.
 *
 * Returns: %FALSE, with @config unchanged and the reason in @error, when a value is wrong
 */
gboolean
vimana_device_kind_info_build (const VimanaDeviceKindInfo  *info,
                               VimanaDomainConfig          *config,
                               GHashTable                  *values,
                               guint                       *index,
                               GError                     **error)
{
    g_autoptr(GHashTable) resolved = NULL;
    guint placed;

    g_return_val_if_fail (info != NULL, FALSE);
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (config), FALSE);

    resolved = vimana_device_kind_info_resolve (info, values, FALSE, NULL, error);
    if (resolved == NULL)
        return FALSE;
    placed = info->build (config, resolved);
    if (index != NULL)
        *index = placed;
    return TRUE;
}

/**
 * vimana_device_kind_info_build_xml:
 * @config: (nullable): the guest the device is for (it picks free names from it), or %NULL
 * @values: (element-type utf8 utf8) (nullable): the fields' values
 * @failed: (out) (optional) (transfer none): the field that is wrong
 *
 * The device's XML for a preview, as it would be added to @config, which is left as it is.
 * A required field may still be empty: the device is then shown without it.
 *
 * Returns: (transfer full) (nullable): the XML, or %NULL with the reason in @error
 */
char *
vimana_device_kind_info_build_xml (const VimanaDeviceKindInfo  *info,
                                   VimanaDomainConfig          *config,
                                   GHashTable                  *values,
                                   const VimanaDeviceField    **failed,
                                   GError                     **error)
{
    g_autoptr(VimanaDomainConfig) scratch = NULL;
    g_autoptr(GHashTable) resolved = NULL;
    guint index;

    g_return_val_if_fail (info != NULL, NULL);
    g_return_val_if_fail (config == NULL || VIMANA_IS_DOMAIN_CONFIG (config), NULL);

    resolved = vimana_device_kind_info_resolve (info, values, TRUE, failed, error);
    if (resolved == NULL)
        return NULL;
    scratch = config != NULL ? vimana_domain_config_copy (config)
                             : vimana_domain_config_new_from_xml (vimana_device_kind_empty_domain,
                                                                  NULL);
    index = info->build (scratch, resolved);
    return vimana_domain_config_get_device_xml (scratch, index);
}
