/* vimana-domain-config-devices.c: devices' labels, and the fields of disks, NICs, displays,
 * video and sound
 *
 * Each setter edits the attributes and child elements its field owns in one device element
 * of a VimanaDomainConfig, and nothing else of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include "vimana-domain-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-domain-config-private.h"
#include "vimana-error.h"

static xmlNodePtr
vimana_domain_config_device_element (VimanaDomainConfig *self,
                                     guint               index,
                                     const char         *element)
{
    xmlNodePtr node = vimana_domain_config_get_device_node (self, index);

    g_return_val_if_fail (vimana_domain_config_node_is (node, element), NULL);
    return node;
}

/* Attribute @name of the child @child of device @index, which must be an @element. */
static char *
vimana_domain_config_device_child_prop (VimanaDomainConfig *self,
                                        guint               index,
                                        const char         *element,
                                        const char         *child,
                                        const char         *name)
{
    return vimana_domain_config_node_child_prop (
        vimana_domain_config_device_element (self, index, element), child, name);
}

/* ---- labels ---- */

static char *
vimana_domain_config_hostdev_label (xmlNodePtr       node,
                                    VimanaDeviceKind kind)
{
    xmlNodePtr source = vimana_domain_config_node_child (node, "source");

    if (kind == VIMANA_DEVICE_HOSTDEV_USB) {
        g_autofree char *vendor = vimana_domain_config_node_child_prop (source, "vendor", "id");
        g_autofree char *product = vimana_domain_config_node_child_prop (source, "product", "id");

        if (vendor != NULL && product != NULL) {
            /* Translators: a USB device of the host given to a guest: vendor and product ids. */
            return g_strdup_printf (_("USB %s:%s"),
                                    vendor + (g_str_has_prefix (vendor, "0x") ? 2 : 0),
                                    product + (g_str_has_prefix (product, "0x") ? 2 : 0));
        }
        return g_strdup (_("USB device"));
    } else {
        xmlNodePtr address = vimana_domain_config_node_child (source, "address");
        g_autofree char *domain = vimana_domain_config_node_prop (address, "domain");
        g_autofree char *bus = vimana_domain_config_node_prop (address, "bus");
        g_autofree char *slot = vimana_domain_config_node_prop (address, "slot");
        g_autofree char *function = vimana_domain_config_node_prop (address, "function");
        guint64 d = 0, b = 0, s = 0, f = 0;

        if (bus == NULL || slot == NULL)
            return g_strdup (_("PCI device"));
        d = domain ? g_ascii_strtoull (domain, NULL, 0) : 0;
        b = g_ascii_strtoull (bus, NULL, 0);
        s = g_ascii_strtoull (slot, NULL, 0);
        f = function ? g_ascii_strtoull (function, NULL, 0) : 0;
        {
            g_autofree char *where = g_strdup_printf ("%04x:%02x:%02x.%x", (guint) d, (guint) b,
                                                      (guint) s, (guint) f);

            /* Translators: a PCI device of the host given to a guest, by its address. */
            return g_strdup_printf (_("PCI %s"), where);
        }
    }
}

/**
 * vimana_domain_config_get_device_label:
 *
 * Returns: (transfer full): what the sidebar calls the device, e.g. "Disk vda"
 */
char *
vimana_domain_config_get_device_label (VimanaDomainConfig *self,
                                       guint               index)
{
    xmlNodePtr node;
    VimanaDeviceKind kind;
    g_autofree char *detail = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    node = vimana_domain_config_get_device_node (self, index);
    g_return_val_if_fail (node != NULL, NULL);
    kind = vimana_domain_config_node_device_kind (node);

    switch (kind) {
    case VIMANA_DEVICE_DISK:
        detail = vimana_domain_config_node_child_prop (node, "target", "dev");
        return g_strdup_printf (_("Disk %s"), detail ? detail : "");
    case VIMANA_DEVICE_CDROM:
        detail = vimana_domain_config_node_child_prop (node, "target", "dev");
        return g_strdup_printf (_("CD-ROM %s"), detail ? detail : "");
    case VIMANA_DEVICE_FLOPPY:
        detail = vimana_domain_config_node_child_prop (node, "target", "dev");
        return g_strdup_printf (_("Floppy %s"), detail ? detail : "");
    case VIMANA_DEVICE_INTERFACE:
        detail = vimana_domain_config_node_child_prop (node, "mac", "address");
        return g_strdup_printf (_("NIC %s"), detail ? detail : "");
    case VIMANA_DEVICE_GRAPHICS: {
        g_autofree char *type = vimana_domain_config_node_prop (node, "type");

        detail = type ? g_ascii_strup (type, -1) : NULL;
        return g_strdup_printf (_("Display %s"), detail ? detail : "");
    }
    case VIMANA_DEVICE_VIDEO:
        detail = vimana_domain_config_node_child_prop (node, "model", "type");
        return g_strdup_printf (_("Video %s"), detail ? detail : "");
    case VIMANA_DEVICE_SOUND:
        detail = vimana_domain_config_node_prop (node, "model");
        return g_strdup_printf (_("Sound %s"), detail ? detail : "");
    case VIMANA_DEVICE_INPUT:
        detail = vimana_domain_config_node_prop (node, "type");
        return g_strdup_printf (_("Input %s"), detail ? detail : "");
    case VIMANA_DEVICE_SERIAL:
        detail = vimana_domain_config_node_child_prop (node, "target", "port");
        return g_strdup_printf (_("Serial %s"), detail ? detail : "0");
    case VIMANA_DEVICE_CONSOLE:
        detail = vimana_domain_config_node_child_prop (node, "target", "type");
        return g_strdup_printf (_("Console %s"), detail ? detail : "");
    case VIMANA_DEVICE_CHANNEL:
        detail = vimana_domain_config_node_child_prop (node, "target", "name");
        if (detail == NULL)
            detail = vimana_domain_config_node_prop (node, "type");
        return g_strdup_printf (_("Channel %s"), detail ? detail : "");
    case VIMANA_DEVICE_CONTROLLER: {
        g_autofree char *type = vimana_domain_config_node_prop (node, "type");
        g_autofree char *controller_index = vimana_domain_config_node_prop (node, "index");

        /* Translators: a device controller: its kind (usb, pci, sata…) and its index. */
        return g_strdup_printf (_("Controller %s %s"), type ? type : "",
                                controller_index ? controller_index : "0");
    }
    case VIMANA_DEVICE_HOSTDEV_USB:
    case VIMANA_DEVICE_HOSTDEV_PCI:
        return vimana_domain_config_hostdev_label (node, kind);
    case VIMANA_DEVICE_TPM:
        detail = vimana_domain_config_node_prop (node, "model");
        return g_strdup_printf (_("TPM %s"), detail ? detail : "");
    case VIMANA_DEVICE_RNG:
        detail = vimana_domain_config_node_prop (node, "model");
        return g_strdup_printf (_("RNG %s"), detail ? detail : "");
    case VIMANA_DEVICE_WATCHDOG:
        detail = vimana_domain_config_node_prop (node, "model");
        return g_strdup_printf (_("Watchdog %s"), detail ? detail : "");
    case VIMANA_DEVICE_FILESYSTEM:
        detail = vimana_domain_config_node_child_prop (node, "target", "dir");
        return g_strdup_printf (_("Filesystem %s"), detail ? detail : "");
    case VIMANA_DEVICE_MEMBALLOON:
        return g_strdup (_("Memory balloon"));
    case VIMANA_DEVICE_OTHER:
    default:
        if (vimana_domain_config_node_is (node, "memory")) {
            detail = vimana_domain_config_node_prop (node, "model");
            /* Translators: a memory device (DIMM, NVDIMM, virtio-mem) and its model. */
            return g_strdup_printf (_("Memory device %s"), detail ? detail : "");
        }
        return g_strdup ((const char *) node->name);
    }
}

/* Returns: (nullable): the element name of device @index ("disk", "memory", "redirdev"…) */
const char *
vimana_domain_config_get_device_element (VimanaDomainConfig *self,
                                         guint               index)
{
    xmlNodePtr node;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    node = vimana_domain_config_get_device_node (self, index);
    return node != NULL ? (const char *) node->name : NULL;
}

/* ---- disks ---- */

/**
 * vimana_domain_config_get_disk_source:
 *
 * Returns: (transfer full) (nullable): the file or block device, "pool/volume" for a pool
 *   volume, %NULL for an empty drive
 */
char *
vimana_domain_config_get_disk_source (VimanaDomainConfig *self,
                                      guint               index)
{
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");
    xmlNodePtr source = vimana_domain_config_node_child (disk, "source");
    g_autofree char *pool = NULL;
    g_autofree char *volume = NULL;
    char *path;

    if (source == NULL)
        return NULL;
    if ((path = vimana_domain_config_node_prop (source, "file")) != NULL ||
        (path = vimana_domain_config_node_prop (source, "dev")) != NULL ||
        (path = vimana_domain_config_node_prop (source, "name")) != NULL)
        return path;
    pool = vimana_domain_config_node_prop (source, "pool");
    volume = vimana_domain_config_node_prop (source, "volume");
    if (pool != NULL && volume != NULL)
        return g_strdup_printf ("%s/%s", pool, volume);
    return NULL;
}

/* The prefix of the target names of disks on @bus, as libvirt and the guest's kernel name them. */
static const char *
vimana_domain_config_disk_target_prefix (const char *bus)
{
    if (g_strcmp0 (bus, "virtio") == 0)
        return "vd";
    if (g_strcmp0 (bus, "ide") == 0)
        return "hd";
    if (g_strcmp0 (bus, "fdc") == 0)
        return "fd";
    return "sd";
}

/**
 * vimana_domain_config_get_free_disk_target:
 * @bus: the bus of a new disk: virtio, sata, scsi, usb, ide or fdc
 *
 * Returns: (transfer full): the first target name on @bus's naming (vda… on virtio, hda… on
 *   IDE, fda… on a floppy controller, sda… on the others) that no disk, CD-ROM or floppy of
 *   the guest uses
 */
char *
vimana_domain_config_get_free_disk_target (VimanaDomainConfig *self,
                                           const char         *bus)
{
    const char *prefix = vimana_domain_config_disk_target_prefix (bus);
    guint n;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    n = vimana_domain_config_get_n_devices (self);
    for (char letter = 'a'; letter <= 'z'; letter++) {
        g_autofree char *name = g_strdup_printf ("%s%c", prefix, letter);
        gboolean used = FALSE;

        for (guint i = 0; i < n && !used; i++) {
            VimanaDeviceKind kind = vimana_domain_config_get_device_kind (self, i);
            g_autofree char *target = NULL;

            if (kind != VIMANA_DEVICE_DISK && kind != VIMANA_DEVICE_CDROM &&
                kind != VIMANA_DEVICE_FLOPPY)
                continue;
            target = vimana_domain_config_get_disk_target (self, i);
            used = g_strcmp0 (target, name) == 0;
        }
        if (!used)
            return g_steal_pointer (&name);
    }
    return g_strdup_printf ("%sz", prefix);
}

/**
 * vimana_domain_config_suggest_volume_name:
 * @bus: the bus of the new disk
 *
 * Returns: (transfer full): a name for the image of the guest's next disk on @bus, after the
 *   guest and the disk: "web-vdb.qcow2"
 */
char *
vimana_domain_config_suggest_volume_name (VimanaDomainConfig *self,
                                          const char         *bus)
{
    g_autofree char *guest = NULL;
    g_autofree char *target = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    guest = vimana_domain_config_get_name (self);
    target = vimana_domain_config_get_free_disk_target (self, bus);
    return g_strdup_printf ("%s-%s.qcow2", guest != NULL ? guest : "disk", target);
}

static xmlNodePtr
vimana_domain_config_disk_source_node (xmlNodePtr disk)
{
    static const char * const before[] = { "driver", NULL };
    static const char * const foreign[] = {
        "file", "dev", "dir", "pool", "volume", "mode", "protocol", "name", "index"
    };
    xmlNodePtr source = vimana_domain_config_node_ensure_child (disk, "source", before);

    /* The attributes that say where the data is belong to the old source kind. */
    for (guint i = 0; i < G_N_ELEMENTS (foreign); i++)
        vimana_domain_config_node_set_prop (source, foreign[i], NULL);
    return source;
}

/**
 * vimana_domain_config_set_disk_source:
 * @path: (nullable): a file or block device; %NULL or "" empties the drive (eject)
 */
void
vimana_domain_config_set_disk_source (VimanaDomainConfig *self,
                                      guint               index,
                                      const char         *path)
{
    xmlNodePtr disk, source;
    g_autofree char *old = NULL;
    gboolean block;

    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));

    disk = vimana_domain_config_device_element (self, index, "disk");
    g_return_if_fail (disk != NULL);

    if (path == NULL || *path == '\0') {
        vimana_domain_config_node_remove_child (disk, "source");
        return;
    }
    old = vimana_domain_config_get_disk_source (self, index);
    block = g_str_has_prefix (path, "/dev/");
    if (g_strcmp0 (old, path) == 0 &&
        xmlHasProp (vimana_domain_config_node_child (disk, "source"),
                    (const xmlChar *) (block ? "dev" : "file")) != NULL)
        return;

    vimana_domain_config_node_set_prop (disk, "type", block ? "block" : "file");
    source = vimana_domain_config_disk_source_node (disk);
    vimana_domain_config_node_set_prop (source, block ? "dev" : "file", path);
}

void
vimana_domain_config_set_disk_volume (VimanaDomainConfig *self,
                                      guint               index,
                                      const char         *pool,
                                      const char         *volume)
{
    xmlNodePtr disk, source;

    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));
    g_return_if_fail (pool != NULL && volume != NULL);

    disk = vimana_domain_config_device_element (self, index, "disk");
    g_return_if_fail (disk != NULL);

    vimana_domain_config_node_set_prop (disk, "type", "volume");
    source = vimana_domain_config_disk_source_node (disk);
    vimana_domain_config_node_set_prop (source, "pool", pool);
    vimana_domain_config_node_set_prop (source, "volume", volume);
}

char *
vimana_domain_config_get_disk_target (VimanaDomainConfig *self,
                                      guint               index)
{
    return vimana_domain_config_device_child_prop (self, index, "disk", "target", "dev");
}

char *
vimana_domain_config_get_disk_bus (VimanaDomainConfig *self,
                                   guint               index)
{
    return vimana_domain_config_device_child_prop (self, index, "disk", "target", "bus");
}

/* A new bus also drops the disk's <address>, whose kind belongs to the old bus. */
void
vimana_domain_config_set_disk_bus (VimanaDomainConfig *self,
                                   guint               index,
                                   const char         *bus)
{
    static const char * const before[] = { "driver", "source", "backingStore", NULL };
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");
    g_autofree char *old = NULL;

    g_return_if_fail (disk != NULL);

    old = vimana_domain_config_get_disk_bus (self, index);
    if (g_strcmp0 (old, bus) == 0)
        return;
    vimana_domain_config_node_set_prop (
        vimana_domain_config_node_ensure_child (disk, "target", before), "bus", bus);
    vimana_domain_config_node_remove_child (disk, "address");
}

char *
vimana_domain_config_get_disk_cache (VimanaDomainConfig *self,
                                     guint               index)
{
    return vimana_domain_config_device_child_prop (self, index, "disk", "driver", "cache");
}

/**
 * vimana_domain_config_set_disk_cache:
 * @cache: (nullable): "none", "writeback"…; %NULL for the hypervisor's default
 */
void
vimana_domain_config_set_disk_cache (VimanaDomainConfig *self,
                                     guint               index,
                                     const char         *cache)
{
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");
    xmlNodePtr driver;

    g_return_if_fail (disk != NULL);

    driver = vimana_domain_config_node_child (disk, "driver");
    if (driver == NULL && cache == NULL)
        return;
    if (driver == NULL)
        driver = vimana_domain_config_node_ensure_child (disk, "driver", NULL);
    vimana_domain_config_node_set_prop (driver, "cache", cache);
}

static void
vimana_domain_config_node_set_flag_child (xmlNodePtr  node,
                                          const char *name,
                                          gboolean    present)
{
    static const char * const before[] = {
        "driver", "source", "backingStore", "target", "iotune", "boot", "encryption",
        "readonly", NULL
    };

    if (!present)
        vimana_domain_config_node_remove_child (node, name);
    else
        vimana_domain_config_node_ensure_child (node, name, before);
}

gboolean
vimana_domain_config_get_disk_readonly (VimanaDomainConfig *self,
                                        guint               index)
{
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");

    return vimana_domain_config_node_child (disk, "readonly") != NULL;
}

void
vimana_domain_config_set_disk_readonly (VimanaDomainConfig *self,
                                        guint               index,
                                        gboolean            readonly)
{
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");

    g_return_if_fail (disk != NULL);
    vimana_domain_config_node_set_flag_child (disk, "readonly", readonly);
}

gboolean
vimana_domain_config_get_disk_shareable (VimanaDomainConfig *self,
                                         guint               index)
{
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");

    return vimana_domain_config_node_child (disk, "shareable") != NULL;
}

void
vimana_domain_config_set_disk_shareable (VimanaDomainConfig *self,
                                         guint               index,
                                         gboolean            shareable)
{
    xmlNodePtr disk = vimana_domain_config_device_element (self, index, "disk");

    g_return_if_fail (disk != NULL);
    vimana_domain_config_node_set_flag_child (disk, "shareable", shareable);
}

/* ---- network interfaces ---- */

static const struct {
    const char      *type;
    const char      *attribute;
} vimana_nic_sources[] = {
    [VIMANA_NIC_SOURCE_NETWORK] = { "network", "network" },
    [VIMANA_NIC_SOURCE_BRIDGE] = { "bridge", "bridge" },
    [VIMANA_NIC_SOURCE_DIRECT] = { "direct", "dev" },
};

/**
 * vimana_domain_config_get_nic_source:
 * @name: (out) (optional) (transfer full): the network, bridge or host device
 */
VimanaNicSource
vimana_domain_config_get_nic_source (VimanaDomainConfig  *self,
                                     guint                index,
                                     char               **name)
{
    xmlNodePtr nic = vimana_domain_config_device_element (self, index, "interface");
    g_autofree char *type = vimana_domain_config_node_prop (nic, "type");

    if (name != NULL)
        *name = NULL;
    for (guint i = 0; i < G_N_ELEMENTS (vimana_nic_sources); i++) {
        if (g_strcmp0 (type, vimana_nic_sources[i].type) != 0)
            continue;
        if (name != NULL)
            *name = vimana_domain_config_node_child_prop (nic, "source",
                                                          vimana_nic_sources[i].attribute);
        return i;
    }
    return VIMANA_NIC_SOURCE_OTHER;
}

void
vimana_domain_config_set_nic_source (VimanaDomainConfig *self,
                                     guint               index,
                                     VimanaNicSource     source,
                                     const char         *name)
{
    static const char * const before[] = { "mac", NULL };
    xmlNodePtr nic = vimana_domain_config_device_element (self, index, "interface");
    xmlNodePtr source_node;
    g_autofree char *old_name = NULL;

    g_return_if_fail (nic != NULL);
    g_return_if_fail (source < G_N_ELEMENTS (vimana_nic_sources));
    g_return_if_fail (name != NULL);

    if (vimana_domain_config_get_nic_source (self, index, &old_name) == source &&
        g_strcmp0 (old_name, name) == 0)
        return;

    vimana_domain_config_node_set_prop (nic, "type", vimana_nic_sources[source].type);
    source_node = vimana_domain_config_node_ensure_child (nic, "source", before);
    for (guint i = 0; i < G_N_ELEMENTS (vimana_nic_sources); i++) {
        if (i != source)
            vimana_domain_config_node_set_prop (source_node, vimana_nic_sources[i].attribute, NULL);
    }
    if (source != VIMANA_NIC_SOURCE_NETWORK)
        vimana_domain_config_node_set_prop (source_node, "portgroup", NULL);
    if (source == VIMANA_NIC_SOURCE_DIRECT) {
        g_autofree char *mode = vimana_domain_config_node_prop (source_node, "mode");

        if (mode == NULL)
            vimana_domain_config_node_set_prop (source_node, "mode", "bridge");
    } else {
        vimana_domain_config_node_set_prop (source_node, "mode", NULL);
    }
    vimana_domain_config_node_set_prop (source_node, vimana_nic_sources[source].attribute, name);
}

char *
vimana_domain_config_get_nic_model (VimanaDomainConfig *self,
                                    guint               index)
{
    return vimana_domain_config_device_child_prop (self, index, "interface", "model", "type");
}

void
vimana_domain_config_set_nic_model (VimanaDomainConfig *self,
                                    guint               index,
                                    const char         *model)
{
    static const char * const before[] = { "mac", "source", "virtualport", "ip", "route",
                                           "script", "target", "guest", NULL };
    xmlNodePtr nic = vimana_domain_config_device_element (self, index, "interface");

    g_return_if_fail (nic != NULL);

    if (model == NULL || *model == '\0') {
        vimana_domain_config_node_remove_child (nic, "model");
        return;
    }
    vimana_domain_config_node_set_prop (
        vimana_domain_config_node_ensure_child (nic, "model", before), "type", model);
}

char *
vimana_domain_config_get_nic_mac (VimanaDomainConfig *self,
                                  guint               index)
{
    return vimana_domain_config_device_child_prop (self, index, "interface", "mac", "address");
}

gboolean
vimana_domain_config_set_nic_mac (VimanaDomainConfig  *self,
                                  guint                index,
                                  const char          *mac,
                                  GError             **error)
{
    xmlNodePtr nic = vimana_domain_config_device_element (self, index, "interface");
    g_autofree char *old = NULL;

    g_return_val_if_fail (nic != NULL, FALSE);

    if (!vimana_config_validate_mac (mac, error))
        return FALSE;
    old = vimana_domain_config_get_nic_mac (self, index);
    if (old != NULL && g_ascii_strcasecmp (old, mac) == 0)
        return TRUE;
    vimana_domain_config_node_set_prop (vimana_domain_config_node_ensure_child (nic, "mac", NULL),
                                        "address", mac);
    return TRUE;
}

gboolean
vimana_domain_config_get_nic_link_up (VimanaDomainConfig *self,
                                      guint               index)
{
    g_autofree char *state = vimana_domain_config_device_child_prop (self, index, "interface",
                                                                     "link", "state");

    return g_strcmp0 (state, "down") != 0;
}

void
vimana_domain_config_set_nic_link_up (VimanaDomainConfig *self,
                                      guint               index,
                                      gboolean            up)
{
    static const char * const before[] = { "mac", "source", "virtualport", "ip", "route",
                                           "script", "target", "guest", "model", "driver",
                                           "backend", "filterref", "tune", "teaming", NULL };
    xmlNodePtr nic = vimana_domain_config_device_element (self, index, "interface");

    g_return_if_fail (nic != NULL);

    if (vimana_domain_config_get_nic_link_up (self, index) == up)
        return;
    vimana_domain_config_node_set_prop (
        vimana_domain_config_node_ensure_child (nic, "link", before), "state", up ? "up" : "down");
}

/* ---- VNC ---- */

static xmlNodePtr
vimana_domain_config_vnc_element (VimanaDomainConfig *self,
                                  guint               index)
{
    xmlNodePtr graphics = vimana_domain_config_device_element (self, index, "graphics");
    g_autofree char *type = vimana_domain_config_node_prop (graphics, "type");

    /* SPICE has the same listen, port, autoport and passwd. */
    g_return_val_if_fail (g_strcmp0 (type, "vnc") == 0 || g_strcmp0 (type, "spice") == 0, NULL);
    return graphics;
}

/* Returns: (transfer full) (nullable): the display's type ("vnc", "spice", "egl-headless"…) */
char *
vimana_domain_config_get_graphics_type (VimanaDomainConfig *self,
                                        guint               index)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);
    return vimana_domain_config_node_prop (vimana_domain_config_device_element (self, index,
                                                                                "graphics"),
                                           "type");
}

/* What only one of the two protocols has, dropped when the display changes to the other; what
 * both have (listen, port, autoport, passwd, keymap) stays. */
static const char * const vimana_domain_config_vnc_only_props[] = {
    "sharePolicy", "websocket", "powerControl", NULL
};
static const char * const vimana_domain_config_spice_only_props[] = {
    "tlsPort", "defaultMode", NULL
};

/**
 * vimana_domain_config_set_graphics_type:
 * @self: a #VimanaDomainConfig
 * @index: a VNC or SPICE display
 * @type: "vnc" or "spice"
 * @error: why @type cannot be set
 *
 * Switches a display between VNC and SPICE, keeping its listen address, port and password.
 * SPICE's own settings (its channels, image compression, GL…) go when it becomes VNC.
 *
 * Returns: whether @type was set
 */
gboolean
vimana_domain_config_set_graphics_type (VimanaDomainConfig  *self,
                                        guint                index,
                                        const char          *type,
                                        GError             **error)
{
    xmlNodePtr graphics = vimana_domain_config_vnc_element (self, index);
    const char * const *drop;
    xmlNodePtr next;

    g_return_val_if_fail (graphics != NULL, FALSE);

    if (g_strcmp0 (type, "vnc") != 0 && g_strcmp0 (type, "spice") != 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a kind of display Vimana can set up. Use VNC or SPICE."),
                     type != NULL ? type : "");
        return FALSE;
    }
    drop = g_str_equal (type, "vnc") ? vimana_domain_config_spice_only_props
                                     : vimana_domain_config_vnc_only_props;
    for (guint i = 0; drop[i] != NULL; i++) {
        xmlAttrPtr attr = xmlHasProp (graphics, (const xmlChar *) drop[i]);

        if (attr != NULL)
            xmlRemoveProp (attr);
    }
    /* VNC's only child is its listen; SPICE's others are SPICE's own. */
    if (g_str_equal (type, "vnc")) {
        for (xmlNodePtr node = graphics->children; node != NULL; node = next) {
            next = node->next;
            if (node->type == XML_ELEMENT_NODE && !vimana_domain_config_node_is (node, "listen")) {
                xmlUnlinkNode (node);
                xmlFreeNode (node);
            }
        }
    }
    vimana_domain_config_node_set_prop (graphics, "type", type);
    return TRUE;
}

static xmlNodePtr
vimana_domain_config_address_listen (xmlNodePtr graphics)
{
    for (xmlNodePtr node = graphics ? graphics->children : NULL; node != NULL; node = node->next) {
        g_autofree char *type = NULL;

        if (!vimana_domain_config_node_is (node, "listen"))
            continue;
        type = vimana_domain_config_node_prop (node, "type");
        if (g_strcmp0 (type, "address") == 0)
            return node;
    }
    return NULL;
}

char *
vimana_domain_config_get_vnc_listen (VimanaDomainConfig *self,
                                     guint               index)
{
    xmlNodePtr graphics = vimana_domain_config_vnc_element (self, index);
    xmlNodePtr listen = vimana_domain_config_address_listen (graphics);
    char *address = vimana_domain_config_node_prop (listen, "address");

    return address != NULL ? address : vimana_domain_config_node_prop (graphics, "listen");
}

/**
 * vimana_domain_config_set_vnc_listen:
 * @address: (nullable): an address; %NULL or "" for the host's default
 *
 * Keeps the listen attribute and the <listen type='address'> element, which libvirt wants to
 * agree, in step.
 */
void
vimana_domain_config_set_vnc_listen (VimanaDomainConfig *self,
                                     guint               index,
                                     const char         *address)
{
    xmlNodePtr graphics = vimana_domain_config_vnc_element (self, index);
    xmlNodePtr listen;
    g_autofree char *old = NULL;

    g_return_if_fail (graphics != NULL);

    if (address != NULL && *address == '\0')
        address = NULL;
    old = vimana_domain_config_get_vnc_listen (self, index);
    if (g_strcmp0 (old, address) == 0)
        return;

    listen = vimana_domain_config_address_listen (graphics);
    if (listen == NULL && address != NULL &&
        vimana_domain_config_node_child (graphics, "listen") == NULL &&
        graphics->children != NULL) {
        listen = vimana_domain_config_node_ensure_child (graphics, "listen", NULL);
        vimana_domain_config_node_set_prop (listen, "type", "address");
    }
    if (listen != NULL)
        vimana_domain_config_node_set_prop (listen, "address", address);
    if (listen == NULL || xmlHasProp (graphics, (const xmlChar *) "listen") != NULL)
        vimana_domain_config_node_set_prop (graphics, "listen", address);
}

/* Returns: the fixed port, or -1 when libvirt picks one */
int
vimana_domain_config_get_vnc_port (VimanaDomainConfig *self,
                                   guint               index)
{
    xmlNodePtr graphics = vimana_domain_config_vnc_element (self, index);
    g_autofree char *autoport = vimana_domain_config_node_prop (graphics, "autoport");
    g_autofree char *port = vimana_domain_config_node_prop (graphics, "port");
    gint64 value;

    if (g_strcmp0 (autoport, "yes") == 0 || port == NULL ||
        !g_ascii_string_to_signed (port, 10, -1, 65535, &value, NULL))
        return -1;
    return (int) value;
}

gboolean
vimana_domain_config_set_vnc_port (VimanaDomainConfig  *self,
                                   guint                index,
                                   int                  port,
                                   GError             **error)
{
    xmlNodePtr graphics = vimana_domain_config_vnc_element (self, index);
    char text[16];

    g_return_val_if_fail (graphics != NULL, FALSE);

    if (!vimana_config_validate_port (port, error))
        return FALSE;
    if (vimana_domain_config_get_vnc_port (self, index) == port)
        return TRUE;
    if (port < 0) {
        vimana_domain_config_node_set_prop (graphics, "autoport", "yes");
        if (xmlHasProp (graphics, (const xmlChar *) "port") != NULL)
            vimana_domain_config_node_set_prop (graphics, "port", "-1");
        return TRUE;
    }
    g_snprintf (text, sizeof text, "%d", port);
    vimana_domain_config_node_set_prop (graphics, "port", text);
    vimana_domain_config_node_set_prop (graphics, "autoport", "no");
    return TRUE;
}

char *
vimana_domain_config_get_vnc_password (VimanaDomainConfig *self,
                                       guint               index)
{
    return vimana_domain_config_node_prop (vimana_domain_config_vnc_element (self, index),
                                           "passwd");
}

void
vimana_domain_config_set_vnc_password (VimanaDomainConfig *self,
                                       guint               index,
                                       const char         *password)
{
    xmlNodePtr graphics = vimana_domain_config_vnc_element (self, index);

    g_return_if_fail (graphics != NULL);
    vimana_domain_config_node_set_prop (graphics, "passwd",
                                        password != NULL && *password != '\0' ? password : NULL);
}

/* ---- video and sound ---- */

char *
vimana_domain_config_get_model (VimanaDomainConfig *self,
                                guint               index)
{
    xmlNodePtr node = vimana_domain_config_get_device_node (self, index);

    if (vimana_domain_config_node_is (node, "video"))
        return vimana_domain_config_node_child_prop (node, "model", "type");
    return vimana_domain_config_node_prop (node, "model");
}

/**
 * vimana_domain_config_set_model:
 *
 * Sets the model of a video or sound device (or of a TPM, RNG or watchdog). A new video model
 * drops the memory sizes of the old one (ram, vram, vram64, vgamem), which belong to its kind.
 */
void
vimana_domain_config_set_model (VimanaDomainConfig *self,
                                guint               index,
                                const char         *model)
{
    static const char * const sizes[] = { "ram", "vram", "vram64", "vgamem" };
    xmlNodePtr node = vimana_domain_config_get_device_node (self, index);
    g_autofree char *old = NULL;
    xmlNodePtr model_node;

    g_return_if_fail (node != NULL && model != NULL);

    old = vimana_domain_config_get_model (self, index);
    if (g_strcmp0 (old, model) == 0)
        return;
    if (!vimana_domain_config_node_is (node, "video")) {
        vimana_domain_config_node_set_prop (node, "model", model);
        return;
    }
    model_node = vimana_domain_config_node_ensure_child (node, "model", NULL);
    vimana_domain_config_node_set_prop (model_node, "type", model);
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
        vimana_domain_config_node_set_prop (model_node, sizes[i], NULL);
}
