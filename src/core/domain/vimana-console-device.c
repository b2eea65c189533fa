/* vimana-console-device.c: a guest's serial and text consoles, as its domain XML describes them
 *
 * libvirt describes the first serial port twice: as <serial> and again as a <console> whose
 * target type is "serial" (the same port; in the live description both carry the alias
 * serial0). That console is not listed a second time. Every other <console> (virtio, sclp,
 * a second console) is its own device. virDomainOpenConsole finds a device by its alias, and
 * only opens a pty source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-device"

#include "config.h"

#include "vimana-console-device.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

G_DEFINE_BOXED_TYPE (VimanaConsoleDevice, vimana_console_device,
                     vimana_console_device_copy, vimana_console_device_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---- small libxml2 helpers (the same as vimana-graphics.c's) ---- */

static gboolean
vimana_console_xml_is (xmlNodePtr  node,
                       const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strcmp ((const char *) node->name, name) == 0;
}

static xmlNodePtr
vimana_console_xml_child (xmlNodePtr  parent,
                          const char *name)
{
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (vimana_console_xml_is (node, name))
            return node;
    }
    return NULL;
}

/* Returns: (transfer full) (nullable): the attribute's value; an empty value counts as none */
static char *
vimana_console_xml_prop (xmlNodePtr  node,
                         const char *name)
{
    xmlChar *value;
    char *copy = NULL;

    if (node == NULL)
        return NULL;
    value = xmlGetNoNsProp (node, (const xmlChar *) name);
    if (value != NULL && *value != '\0')
        copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

/* ---- parsing ---- */

static int
vimana_console_parse_port (xmlNodePtr target)
{
    g_autofree char *port = vimana_console_xml_prop (target, "port");
    gint64 value;

    if (port == NULL || !g_ascii_string_to_signed (port, 10, 0, G_MAXINT, &value, NULL))
        return -1;
    return (int) value;
}

static VimanaConsoleDevice *
vimana_console_device_new_from_node (xmlNodePtr              node,
                                     VimanaConsoleDeviceKind kind,
                                     guint                   index)
{
    VimanaConsoleDevice *device = g_new0 (VimanaConsoleDevice, 1);
    xmlNodePtr target = vimana_console_xml_child (node, "target");
    xmlNodePtr source = vimana_console_xml_child (node, "source");

    device->kind = kind;
    device->name = g_strdup_printf ("%s%u", kind == VIMANA_CONSOLE_DEVICE_SERIAL ? "serial" : "console",
                                    index);
    device->alias = vimana_console_xml_prop (vimana_console_xml_child (node, "alias"), "name");
    device->source_type = vimana_console_xml_prop (node, "type");
    device->target_type = vimana_console_xml_prop (target, "type");
    device->port = vimana_console_parse_port (target);
    /* A running guest's pty is both the tty attribute and <source path>. */
    device->pty = vimana_console_xml_prop (node, "tty");
    if (device->pty == NULL)
        device->pty = vimana_console_xml_prop (source, "path");
    device->can_open = g_strcmp0 (device->source_type, "pty") == 0;
    if (!device->can_open)
        g_clear_pointer (&device->pty, g_free);
    return device;
}

/* The <console> libvirt writes for serial0: target type "serial" on a port a <serial> has. */
static gboolean
vimana_console_is_serial_again (xmlNodePtr  console,
                                GPtrArray  *devices)
{
    xmlNodePtr target = vimana_console_xml_child (console, "target");
    g_autofree char *type = vimana_console_xml_prop (target, "type");
    int port = vimana_console_parse_port (target);

    if (g_strcmp0 (type, "serial") != 0)
        return FALSE;
    if (port < 0)
        port = 0;
    for (guint i = 0; i < devices->len; i++) {
        VimanaConsoleDevice *device = g_ptr_array_index (devices, i);

        if (device->kind == VIMANA_CONSOLE_DEVICE_SERIAL && MAX (device->port, 0) == port)
            return TRUE;
    }
    return FALSE;
}

/**
 * vimana_console_devices_new_from_xml:
 * @xml: a domain XML description, live or inactive
 * @error: return location for an error
 *
 * Lists the guest's serial ports first, then its other consoles, in the order of the XML.
 * A guest without any is not an error: the array is empty.
 *
 * Returns: (transfer container) (element-type VimanaConsoleDevice) (nullable): the devices,
 *   or %NULL when @xml is not domain XML
 */
GPtrArray *
vimana_console_devices_new_from_xml (const char  *xml,
                                     GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) devices = NULL;
    xmlNodePtr root = NULL;
    xmlNodePtr children;
    guint n_serial = 0, n_console = 0;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL ||
        !vimana_console_xml_is (root, "domain")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The guest’s description is not valid domain XML."));
        return NULL;
    }

    devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_console_device_free);
    children = vimana_console_xml_child (root, "devices");
    children = children != NULL ? children->children : NULL;
    for (xmlNodePtr node = children; node != NULL; node = node->next) {
        if (vimana_console_xml_is (node, "serial"))
            g_ptr_array_add (devices, vimana_console_device_new_from_node (node, VIMANA_CONSOLE_DEVICE_SERIAL,
                                                                           n_serial++));
    }
    for (xmlNodePtr node = children; node != NULL; node = node->next) {
        guint index;

        if (!vimana_console_xml_is (node, "console"))
            continue;
        index = n_console++;
        if (vimana_console_is_serial_again (node, devices))
            continue;
        g_ptr_array_add (devices, vimana_console_device_new_from_node (node, VIMANA_CONSOLE_DEVICE_CONSOLE,
                                                                       index));
    }
    return g_steal_pointer (&devices);
}

/**
 * vimana_console_device_get_dev_name:
 * @device: a #VimanaConsoleDevice
 *
 * Returns: the name virDomainOpenConsole takes: libvirt's alias when the live description
 *   gave one, else the name libvirt gives such a device (serial0, console1…)
 */
const char *
vimana_console_device_get_dev_name (const VimanaConsoleDevice *device)
{
    g_return_val_if_fail (device != NULL, NULL);

    return device->alias != NULL ? device->alias : device->name;
}

/**
 * vimana_console_device_copy:
 * @device: a #VimanaConsoleDevice
 *
 * Returns: (transfer full): a deep copy of @device
 */
VimanaConsoleDevice *
vimana_console_device_copy (const VimanaConsoleDevice *device)
{
    VimanaConsoleDevice *copy;

    g_return_val_if_fail (device != NULL, NULL);

    copy = g_memdup2 (device, sizeof *device);
    copy->name = g_strdup (device->name);
    copy->alias = g_strdup (device->alias);
    copy->source_type = g_strdup (device->source_type);
    copy->pty = g_strdup (device->pty);
    copy->target_type = g_strdup (device->target_type);
    return copy;
}

void
vimana_console_device_free (VimanaConsoleDevice *device)
{
    if (device == NULL)
        return;
    g_free (device->name);
    g_free (device->alias);
    g_free (device->source_type);
    g_free (device->pty);
    g_free (device->target_type);
    g_free (device);
}
