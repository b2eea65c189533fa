/* vimana-domain-config-boot.c: which devices a guest boots from, and its boot menu
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

gboolean
vimana_domain_config_device_is_bootable (VimanaDomainConfig *self,
                                         guint               index)
{
    switch (vimana_domain_config_get_device_kind (self, index)) {
    case VIMANA_DEVICE_DISK:
    case VIMANA_DEVICE_CDROM:
    case VIMANA_DEVICE_FLOPPY:
    case VIMANA_DEVICE_INTERFACE:
    case VIMANA_DEVICE_HOSTDEV_USB:
    case VIMANA_DEVICE_HOSTDEV_PCI:
        return TRUE;
    default:
        return FALSE;
    }
}

static gint
vimana_domain_config_compare_boot_order (gconstpointer a,
                                         gconstpointer b)
{
    const guint *pa = a, *pb = b;

    /* Pairs of (order, index). */
    return pa[0] < pb[0] ? -1 : (pa[0] > pb[0] ? 1 : 0);
}

/**
 * vimana_domain_config_get_boot_order:
 *
 * Returns: (transfer full) (element-type guint): the devices the guest boots from, first
 *   first: from the devices' own <boot order>, else from <os><boot dev>
 */
GArray *
vimana_domain_config_get_boot_order (VimanaDomainConfig *self)
{
    static const struct { const char *dev; VimanaDeviceKind kind; } os_devs[] = {
        { "hd", VIMANA_DEVICE_DISK }, { "cdrom", VIMANA_DEVICE_CDROM },
        { "network", VIMANA_DEVICE_INTERFACE }, { "fd", VIMANA_DEVICE_FLOPPY },
    };
    g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (guint) * 2);
    GArray *order = g_array_new (FALSE, FALSE, sizeof (guint));
    guint n;
    xmlNodePtr os;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), order);

    n = vimana_domain_config_get_n_devices (self);
    for (guint i = 0; i < n; i++) {
        xmlNodePtr node = vimana_domain_config_get_device_node (self, i);
        g_autofree char *text = vimana_domain_config_node_child_prop (node, "boot", "order");
        guint pair[2];

        if (text == NULL)
            continue;
        pair[0] = vimana_domain_config_parse_uint (text, G_MAXUINT);
        pair[1] = i;
        g_array_append_vals (pairs, pair, 1);
    }
    if (pairs->len > 0) {
        g_array_sort (pairs, vimana_domain_config_compare_boot_order);
        for (guint i = 0; i < pairs->len; i++)
            g_array_append_val (order, ((guint *) pairs->data)[2 * i + 1]);
        return order;
    }

    os = vimana_domain_config_get_element (self, "os");
    for (xmlNodePtr node = os ? os->children : NULL; node != NULL; node = node->next) {
        g_autofree char *dev = NULL;

        if (!vimana_domain_config_node_is (node, "boot"))
            continue;
        dev = vimana_domain_config_node_prop (node, "dev");
        for (guint k = 0; k < G_N_ELEMENTS (os_devs); k++) {
            int index;

            if (g_strcmp0 (dev, os_devs[k].dev) != 0)
                continue;
            index = vimana_domain_config_find_device (self, os_devs[k].kind, 0);
            if (index >= 0)
                g_array_append_val (order, index);
        }
    }
    return order;
}

/**
 * vimana_domain_config_set_boot_order:
 * @devices: (array length=n_devices): device indices, first to boot first
 *
 * Gives each listed device a <boot order> and takes it from every other; <os><boot dev>
 * elements go, since libvirt refuses them beside per-device orders.
 */
gboolean
vimana_domain_config_set_boot_order (VimanaDomainConfig  *self,
                                     const guint         *devices,
                                     guint                n_devices,
                                     GError             **error)
{
    static const char * const before[] = {
        "driver", "source", "backingStore", "mac", "target", "model", "geometry", "blockio",
        "iotune", NULL
    };
    g_autoptr(GArray) old = NULL;
    guint n;
    xmlNodePtr os;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    if (!vimana_config_validate_boot_order (n_devices, error))
        return FALSE;
    for (guint k = 0; k < n_devices; k++) {
        if (!vimana_domain_config_device_is_bootable (self, devices[k])) {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("Only disks, CD-ROMs, network interfaces and host devices "
                                   "can boot a guest."));
            return FALSE;
        }
    }
    old = vimana_domain_config_get_boot_order (self);
    if (old->len == n_devices && memcmp (old->data, devices, n_devices * sizeof (guint)) == 0)
        return TRUE;

    n = vimana_domain_config_get_n_devices (self);
    for (guint i = 0; i < n; i++) {
        xmlNodePtr node = vimana_domain_config_get_device_node (self, i);
        int position = -1;

        for (guint k = 0; k < n_devices; k++) {
            if (devices[k] == i)
                position = (int) k;
        }
        if (position < 0) {
            vimana_domain_config_node_remove_child (node, "boot");
        } else {
            char text[16];
            xmlNodePtr boot = vimana_domain_config_node_ensure_child (node, "boot", before);

            g_snprintf (text, sizeof text, "%d", position + 1);
            vimana_domain_config_node_set_prop (boot, "order", text);
        }
    }

    os = vimana_domain_config_get_element (self, "os");
    while (vimana_domain_config_node_child (os, "boot") != NULL)
        vimana_domain_config_node_remove_child (os, "boot");
    return TRUE;
}

gboolean
vimana_domain_config_get_boot_menu (VimanaDomainConfig *self)
{
    g_autofree char *enable = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    enable = vimana_domain_config_node_child_prop (vimana_domain_config_get_element (self, "os"),
                                                   "bootmenu", "enable");
    return g_strcmp0 (enable, "yes") == 0;
}

void
vimana_domain_config_set_boot_menu (VimanaDomainConfig *self,
                                    gboolean            enabled)
{
    static const char * const before[] = {
        "type", "firmware", "loader", "nvram", "kernel", "initrd", "cmdline", "dtb", "boot", NULL
    };
    xmlNodePtr os, bootmenu;

    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));

    if (vimana_domain_config_get_boot_menu (self) == enabled)
        return;
    os = vimana_domain_config_ensure_child (self, "os");
    if (!enabled && vimana_domain_config_node_child (os, "bootmenu") == NULL)
        return;
    bootmenu = vimana_domain_config_node_ensure_child (os, "bootmenu", before);
    vimana_domain_config_node_set_prop (bootmenu, "enable", enabled ? "yes" : "no");
}
