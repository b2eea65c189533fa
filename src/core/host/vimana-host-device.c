/* vimana-host-device.c: a USB or PCI device of the host that can be given to a guest
 *
 * Made from libvirt's node device XML: USB devices by vendor and product id, PCI devices by
 * their address, each with the <hostdev> element that passes it to a guest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host"

#include "config.h"

#include "vimana-host-device.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-device-kind.h"

struct _VimanaHostDevice
{
    GObject parent_instance;

    /* owned references */
    char                 *name;          /* libvirt's node device name */
    char                 *description;   /* "Logitech Unifying Receiver (usb_1_2)" */
    char                 *vendor_id;     /* USB: "0x046d" */
    char                 *product_id;    /* USB: "0xc52b" */
    char                 *pci_address;   /* PCI: "0000:00:1f.2" */
    char                 *hostdev_xml;

    VimanaHostDeviceKind  kind;
};

G_DEFINE_FINAL_TYPE (VimanaHostDevice, vimana_host_device, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static void
vimana_host_device_finalize (GObject *object)
{
    VimanaHostDevice *self = VIMANA_HOST_DEVICE (object);

    g_free (self->name);
    g_free (self->description);
    g_free (self->vendor_id);
    g_free (self->product_id);
    g_free (self->pci_address);
    g_free (self->hostdev_xml);

    G_OBJECT_CLASS (vimana_host_device_parent_class)->finalize (object);
}

static void
vimana_host_device_class_init (VimanaHostDeviceClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_host_device_finalize;
}

static void
vimana_host_device_init (VimanaHostDevice *self)
{
}

static char *
vimana_host_device_child_text (xmlNodePtr  parent,
                               const char *name,
                               char      **id)
{
    for (xmlNodePtr node = parent ? parent->children : NULL; node != NULL; node = node->next) {
        xmlChar *text;
        char *copy;

        if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST name))
            continue;
        if (id != NULL) {
            xmlChar *value = xmlGetProp (node, BAD_CAST "id");

            *id = g_strdup ((const char *) value);
            xmlFree (value);
        }
        text = xmlNodeGetContent (node);
        copy = g_strdup ((const char *) text);
        xmlFree (text);
        return copy;
    }
    return NULL;
}

/* The <hostdev> element that gives the host device @id to a guest, built by its device kind;
 * NULL when the kind refuses the id. */
static char *
vimana_host_device_build_xml (const char *kind_id,
                              const char *id)
{
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (values, "device", (gpointer) id);
    return vimana_device_kind_info_build_xml (vimana_device_kind_info_lookup (kind_id), NULL,
                                              values, NULL, NULL);
}

/* Fills a PCI device from its capability; FALSE when the address is incomplete. */
static gboolean
vimana_host_device_read_pci (VimanaHostDevice *self,
                             xmlNodePtr        cap)
{
    g_autofree char *domain = vimana_host_device_child_text (cap, "domain", NULL);
    g_autofree char *bus = vimana_host_device_child_text (cap, "bus", NULL);
    g_autofree char *slot = vimana_host_device_child_text (cap, "slot", NULL);
    g_autofree char *function = vimana_host_device_child_text (cap, "function", NULL);
    guint d, b, s, f;

    if (domain == NULL || bus == NULL || slot == NULL || function == NULL)
        return FALSE;
    d = (guint) g_ascii_strtoull (domain, NULL, 0);
    b = (guint) g_ascii_strtoull (bus, NULL, 0);
    s = (guint) g_ascii_strtoull (slot, NULL, 0);
    f = (guint) g_ascii_strtoull (function, NULL, 0);
    self->kind = VIMANA_HOST_DEVICE_PCI;
    self->pci_address = g_strdup_printf ("%04x:%02x:%02x.%x", d, b, s, f);
    self->hostdev_xml = vimana_host_device_build_xml ("pci-host", self->pci_address);
    return self->hostdev_xml != NULL;
}

/**
 * vimana_host_device_new_from_xml:
 * @name: libvirt's name of the node device
 * @xml: its XML description (virNodeDeviceGetXMLDesc)
 *
 * Returns: (transfer full) (nullable): the device, or %NULL when it is neither a USB device nor a
 *   PCI function
 */
VimanaHostDevice *
vimana_host_device_new_from_xml (const char *name,
                                 const char *xml)
{
    g_autoptr(VimanaHostDevice) self = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;

    g_return_val_if_fail (name != NULL && xml != NULL, NULL);

    doc = xmlReadMemory (xml, strlen (xml), "nodedev.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc ? xmlDocGetRootElement (doc) : NULL;
    for (xmlNodePtr cap = root ? root->children : NULL; cap != NULL; cap = cap->next) {
        g_autofree char *type = NULL;
        g_autofree char *vendor = NULL;
        g_autofree char *product = NULL;
        g_autofree char *vendor_id = NULL;
        g_autofree char *product_id = NULL;
        xmlChar *value;

        if (cap->type != XML_ELEMENT_NODE || !xmlStrEqual (cap->name, BAD_CAST "capability"))
            continue;
        value = xmlGetProp (cap, BAD_CAST "type");
        type = g_strdup ((const char *) value);
        xmlFree (value);
        vendor = vimana_host_device_child_text (cap, "vendor", &vendor_id);
        product = vimana_host_device_child_text (cap, "product", &product_id);

        self = g_object_new (VIMANA_TYPE_HOST_DEVICE, NULL);
        if (g_strcmp0 (type, "usb_device") == 0 && vendor_id != NULL && product_id != NULL) {
            g_autofree char *id = g_strdup_printf ("%s:%s", vendor_id, product_id);

            self->kind = VIMANA_HOST_DEVICE_USB;
            self->hostdev_xml = vimana_host_device_build_xml ("usb-host", id);
            if (self->hostdev_xml == NULL) {
                /* Ids the kind refuses are not a device a guest can be given. */
                g_clear_object (&self);
                continue;
            }
            self->vendor_id = g_steal_pointer (&vendor_id);
            self->product_id = g_steal_pointer (&product_id);
        } else if (g_strcmp0 (type, "pci") != 0 || !vimana_host_device_read_pci (self, cap)) {
            g_clear_object (&self);
            continue;
        }
        self->name = g_strdup (name);
        self->description = g_strdup_printf ("%s%s%s (%s)", vendor ? vendor : "",
                                             vendor && product ? " " : "",
                                             product ? product : "", name);
        return g_steal_pointer (&self);
    }
    return NULL;
}

VimanaHostDeviceKind
vimana_host_device_get_kind (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), VIMANA_HOST_DEVICE_USB);
    return self->kind;
}

gboolean
vimana_host_device_is_usb (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), FALSE);
    return self->kind == VIMANA_HOST_DEVICE_USB;
}

const char *
vimana_host_device_get_name (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), NULL);
    return self->name;
}

/* Returns: vendor and product names with libvirt's device name, for a list */
const char *
vimana_host_device_get_description (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), NULL);
    return self->description;
}

/* Returns: (nullable): a USB device's vendor id, "0x046d" */
const char *
vimana_host_device_get_vendor_id (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), NULL);
    return self->vendor_id;
}

/* Returns: (nullable): a USB device's product id, "0xc52b" */
const char *
vimana_host_device_get_product_id (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), NULL);
    return self->product_id;
}

/* Returns: (nullable): a PCI function's address, "0000:00:1f.2" */
const char *
vimana_host_device_get_pci_address (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), NULL);
    return self->pci_address;
}

/* Returns: the <hostdev> element that gives the device to a guest */
const char *
vimana_host_device_get_hostdev_xml (VimanaHostDevice *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_DEVICE (self), NULL);
    return self->hostdev_xml;
}
