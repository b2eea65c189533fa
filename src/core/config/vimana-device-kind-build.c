/* vimana-device-kind-build.c: the device elements each kind of device builds
 *
 * Each function adds one element to <devices> and fills it from checked values, writing the
 * attributes and children in the order libvirt writes them, so a new guest's XML reads as
 * libvirt's own. Names the guest must not repeat (a disk's target, a serial port, a
 * controller's index) are the first ones free in the configuration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-device-kind"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-device-kind-private.h"
#include "vimana-domain-config-private.h"
#include "vimana-error.h"

/* QEMU refuses a longer virtio-fs tag. */
#define VIMANA_MOUNT_TAG_MAX 36

/* ---- checks ---- */

gboolean
vimana_device_kind_check_address (const char  *value,
                                  GError     **error)
{
    g_autoptr(GInetAddress) address = g_inet_address_new_from_string (value);

    if (address == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an IP address, such as 127.0.0.1 or 0.0.0.0."), value);
        return FALSE;
    }
    return TRUE;
}

/* Parses a USB vendor or product id: four hex digits, with or without "0x". */
static gboolean
vimana_device_kind_parse_usb_half (const char  *text,
                                   char       **id)
{
    if (g_str_has_prefix (text, "0x") || g_str_has_prefix (text, "0X"))
        text += 2;
    if (strlen (text) != 4)
        return FALSE;
    for (guint i = 0; i < 4; i++) {
        if (!g_ascii_isxdigit (text[i]))
            return FALSE;
    }
    if (id != NULL) {
        g_autofree char *lower = g_ascii_strdown (text, -1);

        *id = g_strconcat ("0x", lower, NULL);
    }
    return TRUE;
}

/* Parses "vendor:product", as lsusb shows them: "046d:c52b". */
static gboolean
vimana_device_kind_parse_usb_id (const char  *value,
                                 char       **vendor,
                                 char       **product)
{
    g_auto(GStrv) parts = g_strsplit (value, ":", -1);

    return g_strv_length (parts) == 2 &&
           vimana_device_kind_parse_usb_half (parts[0], vendor) &&
           vimana_device_kind_parse_usb_half (parts[1], product);
}

gboolean
vimana_device_kind_check_usb_id (const char  *value,
                                 GError     **error)
{
    if (!vimana_device_kind_parse_usb_id (value, NULL, NULL)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a USB device: write its vendor and product ids, "
                       "such as 046d:c52b."), value);
        return FALSE;
    }
    return TRUE;
}

/* Parses a PCI address as lspci -D shows it, "0000:00:1f.2", the domain being optional. */
static gboolean
vimana_device_kind_parse_pci_address (const char *value,
                                      guint      *address)
{
    static const guint limits[] = { 0xffff, 0xff, 0x1f, 0x7 };
    g_autoptr(GRegex) regex = g_regex_new ("^(?:([[:xdigit:]]{1,4}):)?([[:xdigit:]]{1,2}):"
                                           "([[:xdigit:]]{1,2})\\.([0-7])$", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;

    if (!g_regex_match (regex, value, 0, &match))
        return FALSE;
    for (guint i = 0; i < G_N_ELEMENTS (limits); i++) {
        g_autofree char *part = g_match_info_fetch (match, (int) i + 1);
        guint64 number = part != NULL && *part != '\0' ? g_ascii_strtoull (part, NULL, 16) : 0;

        if (number > limits[i])
            return FALSE;
        address[i] = (guint) number;
    }
    return TRUE;
}

gboolean
vimana_device_kind_check_pci_address (const char  *value,
                                      GError     **error)
{
    guint address[4];

    if (!vimana_device_kind_parse_pci_address (value, address)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a PCI address, such as 0000:00:1f.2."), value);
        return FALSE;
    }
    return TRUE;
}

gboolean
vimana_device_kind_check_mount_tag (const char  *value,
                                    GError     **error)
{
    if (strlen (value) > VIMANA_MOUNT_TAG_MAX) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     g_dngettext (GETTEXT_PACKAGE, "A mount tag can be at most %d byte long.",
                                  "A mount tag can be at most %d bytes long.",
                                  VIMANA_MOUNT_TAG_MAX),
                     VIMANA_MOUNT_TAG_MAX);
        return FALSE;
    }
    return TRUE;
}

/* ---- helpers ---- */

static const char *
vimana_device_kind_value (GHashTable *values,
                          const char *id)
{
    return g_hash_table_lookup (values, id);
}

/* Appends a child element @name to @parent, with @attribute set to @value unless it is %NULL. */
static xmlNodePtr
vimana_device_kind_append (xmlNodePtr  parent,
                           const char *name,
                           const char *attribute,
                           const char *value)
{
    xmlNodePtr node = vimana_domain_config_node_append (parent, name);

    if (attribute != NULL)
        vimana_domain_config_node_set_prop (node, attribute, value);
    return node;
}

/* Adds an empty device element with @attribute set to @value (unless it is %NULL). */
static xmlNodePtr
vimana_device_kind_add (VimanaDomainConfig *config,
                        const char         *element,
                        const char         *attribute,
                        const char         *value,
                        guint              *index)
{
    xmlNodePtr node = vimana_domain_config_add_device_node (config, element, index);

    if (attribute != NULL)
        vimana_domain_config_node_set_prop (node, attribute, value);
    return node;
}

/* The first number from 0 that no device @element of the guest has in the attribute @name
 * of its child @child (or of itself when @child is %NULL), counting only those whose "type"
 * is @type when that is not %NULL. */
static char *
vimana_device_kind_free_number (VimanaDomainConfig *config,
                                const char         *element,
                                const char         *type,
                                const char         *child,
                                const char         *name)
{
    guint n = vimana_domain_config_get_n_devices (config);

    for (guint number = 0;; number++) {
        g_autofree char *text = g_strdup_printf ("%u", number);
        gboolean used = FALSE;

        for (guint i = 0; i < n && !used; i++) {
            xmlNodePtr node = vimana_domain_config_get_device_node (config, i);
            g_autofree char *node_type = vimana_domain_config_node_prop (node, "type");
            g_autofree char *value = NULL;

            if (!vimana_domain_config_node_is (node, element) ||
                (type != NULL && g_strcmp0 (node_type, type) != 0))
                continue;
            value = child != NULL ? vimana_domain_config_node_child_prop (node, child, name)
                                  : vimana_domain_config_node_prop (node, name);
            used = value != NULL && vimana_domain_config_parse_uint (value, G_MAXUINT) == number;
        }
        if (!used)
            return g_steal_pointer (&text);
    }
}

/* ---- disks ---- */

typedef struct
{
    const char *device;   /* disk, cdrom, floppy */
    const char *path;     /* a file or block device, or %NULL */
    const char *pool;     /* with @volume, a volume of a storage pool */
    const char *volume;
    const char *format;
    const char *bus;
    const char *cache;
} VimanaDiskSpec;

static guint
vimana_device_kind_add_disk (VimanaDomainConfig   *config,
                             const VimanaDiskSpec *spec)
{
    gboolean block = spec->path != NULL && g_str_has_prefix (spec->path, "/dev/");
    g_autofree char *target = vimana_domain_config_get_free_disk_target (config, spec->bus);
    xmlNodePtr disk, node;
    guint index;

    disk = vimana_device_kind_add (config, "disk", "type",
                                   spec->pool != NULL ? "volume" : block ? "block" : "file",
                                   &index);
    vimana_domain_config_node_set_prop (disk, "device", spec->device);
    node = vimana_device_kind_append (disk, "driver", "name", "qemu");
    vimana_domain_config_node_set_prop (node, "type", spec->format);
    vimana_domain_config_node_set_prop (node, "cache", spec->cache);
    if (spec->pool != NULL) {
        node = vimana_device_kind_append (disk, "source", "pool", spec->pool);
        vimana_domain_config_node_set_prop (node, "volume", spec->volume);
    } else if (spec->path != NULL) {
        vimana_device_kind_append (disk, "source", block ? "dev" : "file", spec->path);
    }
    node = vimana_device_kind_append (disk, "target", "dev", target);
    vimana_domain_config_node_set_prop (node, "bus", spec->bus);
    if (g_strcmp0 (spec->device, "cdrom") == 0)
        vimana_device_kind_append (disk, "readonly", NULL, NULL);
    return index;
}

/* An image's format when the user did not say: what its name says. */
static const char *
vimana_device_kind_format_of (const char *name)
{
    return name != NULL && g_str_has_suffix (name, ".qcow2") ? "qcow2" : "raw";
}

guint
vimana_device_kind_build_disk (VimanaDomainConfig *config,
                               GHashTable         *values)
{
    const char *path = vimana_device_kind_value (values, "path");
    const char *format = vimana_device_kind_value (values, "format");
    VimanaDiskSpec spec = {
        .device = "disk", .path = path,
        .format = format != NULL ? format : vimana_device_kind_format_of (path),
        .bus = vimana_device_kind_value (values, "bus"),
        .cache = vimana_device_kind_value (values, "cache"),
    };

    return vimana_device_kind_add_disk (config, &spec);
}

guint
vimana_device_kind_build_volume (VimanaDomainConfig *config,
                                 GHashTable         *values)
{
    const char *value = vimana_device_kind_value (values, "volume");
    g_auto(GStrv) parts = g_strsplit (value != NULL ? value : "", "/", 2);
    VimanaDiskSpec spec = {
        .device = "disk",
        .bus = vimana_device_kind_value (values, "bus"),
        .cache = vimana_device_kind_value (values, "cache"),
    };

    if (parts[0] != NULL && parts[1] != NULL) {
        spec.pool = parts[0];
        spec.volume = parts[1];
    }
    spec.format = vimana_device_kind_format_of (spec.volume);
    return vimana_device_kind_add_disk (config, &spec);
}

/* The image itself is made by whoever adds the disk, with the name the guest suggests. */
guint
vimana_device_kind_build_new_disk (VimanaDomainConfig *config,
                                   GHashTable         *values)
{
    const char *bus = vimana_device_kind_value (values, "bus");
    g_autofree char *volume = vimana_domain_config_suggest_volume_name (config, bus);
    const char *pool = vimana_device_kind_value (values, "pool");
    VimanaDiskSpec spec = {
        .device = "disk", .pool = pool, .volume = pool != NULL ? volume : NULL,
        .format = "qcow2", .bus = bus, .cache = vimana_device_kind_value (values, "cache"),
    };

    return vimana_device_kind_add_disk (config, &spec);
}

/* A removable drive: its media is an image read as it is, or none. */
static guint
vimana_device_kind_add_drive (VimanaDomainConfig *config,
                              GHashTable         *values,
                              const char         *device)
{
    VimanaDiskSpec spec = {
        .device = device, .path = vimana_device_kind_value (values, "media"),
        .format = "raw", .bus = vimana_device_kind_value (values, "bus"),
    };

    return vimana_device_kind_add_disk (config, &spec);
}

guint
vimana_device_kind_build_cdrom (VimanaDomainConfig *config,
                                GHashTable         *values)
{
    return vimana_device_kind_add_drive (config, values, "cdrom");
}

guint
vimana_device_kind_build_floppy (VimanaDomainConfig *config,
                                 GHashTable         *values)
{
    return vimana_device_kind_add_drive (config, values, "floppy");
}

/* ---- network, display, video, sound, input ---- */

guint
vimana_device_kind_build_nic (VimanaDomainConfig *config,
                              GHashTable         *values)
{
    static const struct { const char *type; const char *attribute; } sources[] = {
        { "network", "network" }, { "bridge", "bridge" }, { "direct", "dev" },
    };
    const char *type = vimana_device_kind_value (values, "type");
    const char *source = vimana_device_kind_value (values, "source");
    xmlNodePtr nic;
    guint index;

    nic = vimana_device_kind_add (config, "interface", "type", type, &index);
    for (guint i = 0; i < G_N_ELEMENTS (sources) && source != NULL; i++) {
        xmlNodePtr node;

        if (g_strcmp0 (type, sources[i].type) != 0)
            continue;
        node = vimana_device_kind_append (nic, "source", sources[i].attribute, source);
        /* macvtap's bridge mode lets guests on one host device reach each other. */
        if (g_str_equal (type, "direct"))
            vimana_domain_config_node_set_prop (node, "mode", "bridge");
    }
    vimana_device_kind_append (nic, "model", "type", vimana_device_kind_value (values, "model"));
    return index;
}

guint
vimana_device_kind_build_graphics (VimanaDomainConfig *config,
                                   GHashTable         *values)
{
    const char *listen = vimana_device_kind_value (values, "listen");
    xmlNodePtr graphics, node;
    guint index;

    graphics = vimana_device_kind_add (config, "graphics", "type",
                                       vimana_device_kind_value (values, "type"), &index);
    vimana_domain_config_node_set_prop (graphics, "port", "-1");
    vimana_domain_config_node_set_prop (graphics, "autoport", "yes");
    if (listen != NULL) {
        node = vimana_device_kind_append (graphics, "listen", "type", "address");
        vimana_domain_config_node_set_prop (node, "address", listen);
    }
    return index;
}

guint
vimana_device_kind_build_video (VimanaDomainConfig *config,
                                GHashTable         *values)
{
    guint index;
    xmlNodePtr video = vimana_device_kind_add (config, "video", NULL, NULL, &index);

    vimana_device_kind_append (video, "model", "type", vimana_device_kind_value (values, "model"));
    return index;
}

guint
vimana_device_kind_build_sound (VimanaDomainConfig *config,
                                GHashTable         *values)
{
    guint index;

    vimana_device_kind_add (config, "sound", "model", vimana_device_kind_value (values, "model"),
                            &index);
    return index;
}

guint
vimana_device_kind_build_input (VimanaDomainConfig *config,
                                GHashTable         *values)
{
    guint index;
    xmlNodePtr input = vimana_device_kind_add (config, "input", "type",
                                               vimana_device_kind_value (values, "type"), &index);

    vimana_domain_config_node_set_prop (input, "bus", vimana_device_kind_value (values, "bus"));
    return index;
}

/* ---- character devices ---- */

guint
vimana_device_kind_build_serial (VimanaDomainConfig *config,
                                 GHashTable         *values)
{
    g_autofree char *port = vimana_device_kind_free_number (config, "serial", NULL, "target",
                                                            "port");
    xmlNodePtr serial, target;
    guint index;

    serial = vimana_device_kind_add (config, "serial", "type", "pty", &index);
    target = vimana_device_kind_append (serial, "target", "type",
                                        vimana_device_kind_value (values, "target"));
    vimana_domain_config_node_set_prop (target, "port", port);
    return index;
}

guint
vimana_device_kind_build_console (VimanaDomainConfig *config,
                                  GHashTable         *values)
{
    const char *target = vimana_device_kind_value (values, "target");
    xmlNodePtr console;
    guint index;

    console = vimana_device_kind_add (config, "console", "type", "pty", &index);
    if (target != NULL)
        vimana_device_kind_append (console, "target", "type", target);
    return index;
}

/* The guest agent talks over a socket of the host; the SPICE agent over the SPICE session. */
guint
vimana_device_kind_build_channel (VimanaDomainConfig *config,
                                  GHashTable         *values)
{
    const char *name = vimana_device_kind_value (values, "name");
    gboolean spice = g_strcmp0 (name, "com.redhat.spice.0") == 0;
    xmlNodePtr channel, target;
    guint index;

    channel = vimana_device_kind_add (config, "channel", "type", spice ? "spicevmc" : "unix",
                                      &index);
    target = vimana_device_kind_append (channel, "target", "type", "virtio");
    vimana_domain_config_node_set_prop (target, "name", name);
    return index;
}

guint
vimana_device_kind_build_usb_redirection (VimanaDomainConfig *config,
                                          GHashTable         *values)
{
    guint index;
    xmlNodePtr redirdev = vimana_device_kind_add (config, "redirdev", "bus", "usb", &index);

    vimana_domain_config_node_set_prop (redirdev, "type", "spicevmc");
    return index;
}

/* ---- controllers ---- */

static guint
vimana_device_kind_add_controller (VimanaDomainConfig *config,
                                   const char         *type,
                                   const char         *model)
{
    g_autofree char *number = vimana_device_kind_free_number (config, "controller", type, NULL,
                                                              "index");
    xmlNodePtr controller;
    guint index;

    controller = vimana_device_kind_add (config, "controller", "type", type, &index);
    vimana_domain_config_node_set_prop (controller, "index", number);
    vimana_domain_config_node_set_prop (controller, "model", model);
    return index;
}

guint
vimana_device_kind_build_usb_controller (VimanaDomainConfig *config,
                                         GHashTable         *values)
{
    return vimana_device_kind_add_controller (config, "usb",
                                              vimana_device_kind_value (values, "model"));
}

guint
vimana_device_kind_build_scsi_controller (VimanaDomainConfig *config,
                                          GHashTable         *values)
{
    return vimana_device_kind_add_controller (config, "scsi",
                                              vimana_device_kind_value (values, "model"));
}

guint
vimana_device_kind_build_virtio_serial (VimanaDomainConfig *config,
                                        GHashTable         *values)
{
    return vimana_device_kind_add_controller (config, "virtio-serial", NULL);
}

/* ---- host devices ---- */

/* libvirt detaches the device from the host's driver and gives it back ("managed"). */
static xmlNodePtr
vimana_device_kind_add_hostdev (VimanaDomainConfig *config,
                                const char         *type,
                                guint              *index)
{
    xmlNodePtr hostdev = vimana_device_kind_add (config, "hostdev", "mode", "subsystem", index);

    vimana_domain_config_node_set_prop (hostdev, "type", type);
    vimana_domain_config_node_set_prop (hostdev, "managed", "yes");
    return vimana_device_kind_append (hostdev, "source", NULL, NULL);
}

guint
vimana_device_kind_build_usb_host (VimanaDomainConfig *config,
                                   GHashTable         *values)
{
    const char *device = vimana_device_kind_value (values, "device");
    g_autofree char *vendor = NULL;
    g_autofree char *product = NULL;
    xmlNodePtr source;
    guint index;

    source = vimana_device_kind_add_hostdev (config, "usb", &index);
    if (device != NULL && vimana_device_kind_parse_usb_id (device, &vendor, &product)) {
        vimana_device_kind_append (source, "vendor", "id", vendor);
        vimana_device_kind_append (source, "product", "id", product);
    }
    return index;
}

guint
vimana_device_kind_build_pci_host (VimanaDomainConfig *config,
                                   GHashTable         *values)
{
    const char *device = vimana_device_kind_value (values, "device");
    xmlNodePtr source, node;
    guint address[4];
    guint index;

    source = vimana_device_kind_add_hostdev (config, "pci", &index);
    if (device != NULL && vimana_device_kind_parse_pci_address (device, address)) {
        g_autofree char *domain = g_strdup_printf ("0x%04x", address[0]);
        g_autofree char *bus = g_strdup_printf ("0x%02x", address[1]);
        g_autofree char *slot = g_strdup_printf ("0x%02x", address[2]);
        g_autofree char *function = g_strdup_printf ("0x%x", address[3]);

        node = vimana_device_kind_append (source, "address", "domain", domain);
        vimana_domain_config_node_set_prop (node, "bus", bus);
        vimana_domain_config_node_set_prop (node, "slot", slot);
        vimana_domain_config_node_set_prop (node, "function", function);
    }
    return index;
}

/* ---- TPM, RNG, watchdog, shared folder, balloon ---- */

/* An emulated TPM is a TPM 2.0: Windows 11 needs it, and 1.2 is not offered with CRB. */
guint
vimana_device_kind_build_tpm (VimanaDomainConfig *config,
                              GHashTable         *values)
{
    const char *backend_type = vimana_device_kind_value (values, "backend");
    const char *device = vimana_device_kind_value (values, "device");
    xmlNodePtr tpm, backend;
    guint index;

    tpm = vimana_device_kind_add (config, "tpm", "model",
                                  vimana_device_kind_value (values, "model"), &index);
    backend = vimana_device_kind_append (tpm, "backend", "type", backend_type);
    if (g_strcmp0 (backend_type, "emulator") == 0)
        vimana_domain_config_node_set_prop (backend, "version", "2.0");
    else if (device != NULL)
        vimana_device_kind_append (backend, "device", "path", device);
    return index;
}

guint
vimana_device_kind_build_rng (VimanaDomainConfig *config,
                              GHashTable         *values)
{
    const char *source = vimana_device_kind_value (values, "source");
    xmlNodePtr rng, backend;
    guint index;

    rng = vimana_device_kind_add (config, "rng", "model", "virtio", &index);
    backend = vimana_device_kind_append (rng, "backend", "model",
                                         vimana_device_kind_value (values, "backend"));
    if (source != NULL)
        vimana_domain_config_node_set_text (backend, source);
    return index;
}

guint
vimana_device_kind_build_watchdog (VimanaDomainConfig *config,
                                   GHashTable         *values)
{
    guint index;
    xmlNodePtr watchdog = vimana_device_kind_add (config, "watchdog", "model",
                                                  vimana_device_kind_value (values, "model"),
                                                  &index);

    vimana_domain_config_node_set_prop (watchdog, "action",
                                        vimana_device_kind_value (values, "action"));
    return index;
}

guint
vimana_device_kind_build_virtiofs (VimanaDomainConfig *config,
                                   GHashTable         *values)
{
    const char *source = vimana_device_kind_value (values, "source");
    const char *tag = vimana_device_kind_value (values, "tag");
    xmlNodePtr filesystem;
    guint index;

    filesystem = vimana_device_kind_add (config, "filesystem", "type", "mount", &index);
    vimana_domain_config_node_set_prop (filesystem, "accessmode", "passthrough");
    vimana_device_kind_append (filesystem, "driver", "type", "virtiofs");
    if (source != NULL)
        vimana_device_kind_append (filesystem, "source", "dir", source);
    if (tag != NULL)
        vimana_device_kind_append (filesystem, "target", "dir", tag);
    return index;
}

guint
vimana_device_kind_build_memballoon (VimanaDomainConfig *config,
                                     GHashTable         *values)
{
    guint index;

    vimana_device_kind_add (config, "memballoon", "model",
                            vimana_device_kind_value (values, "model"), &index);
    return index;
}
