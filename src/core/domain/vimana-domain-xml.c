/* vimana-domain-xml.c: what the core reads from a domain's XML description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-xml"

#include "config.h"

#include "vimana-domain-xml.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-domain.h"
#include "vimana-error.h"

static VimanaDomainDetails *
vimana_domain_details_copy (const VimanaDomainDetails *details)
{
    VimanaDomainDetails *copy = g_new0 (VimanaDomainDetails, 1);

    copy->os_type = g_strdup (details->os_type);
    copy->arch = g_strdup (details->arch);
    copy->machine = g_strdup (details->machine);
    copy->emulator = g_strdup (details->emulator);
    copy->description = g_strdup (details->description);
    copy->domain_type = g_strdup (details->domain_type);
    return copy;
}

/* GObject refuses a boxed type without a copy function. */
G_DEFINE_BOXED_TYPE (VimanaDomainDetails, vimana_domain_details,
                     vimana_domain_details_copy, vimana_domain_details_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static gboolean
vimana_xml_is (xmlNodePtr  node,
               const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strcmp ((const char *) node->name, name) == 0;
}

static xmlNodePtr
vimana_xml_child (xmlNodePtr  parent,
                  const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (vimana_xml_is (node, name))
            return node;
    }
    return NULL;
}

static char *
vimana_xml_prop (xmlNodePtr  node,
                 const char *name)
{
    xmlChar *value;
    char *copy;

    if (node == NULL)
        return NULL;
    value = xmlGetNoNsProp (node, (const xmlChar *) name);
    copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

static char *
vimana_xml_text (xmlNodePtr node)
{
    xmlChar *value;
    char *copy;

    if (node == NULL)
        return NULL;
    value = xmlNodeGetContent (node);
    copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

static xmlDoc *
vimana_domain_xml_read (const char  *xml,
                        xmlNodePtr  *root,
                        GError     **error)
{
    xmlDoc *doc;

    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL || (*root = xmlDocGetRootElement (doc)) == NULL ||
        !vimana_xml_is (*root, "domain")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The guest’s description is not valid domain XML."));
        if (doc != NULL)
            xmlFreeDoc (doc);
        return NULL;
    }
    return doc;
}

/**
 * vimana_domain_details_new_from_xml:
 * @xml: a domain XML description
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the details the Overview page shows
 */
VimanaDomainDetails *
vimana_domain_details_new_from_xml (const char  *xml,
                                    GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    VimanaDomainDetails *details;
    xmlNodePtr root = NULL;
    xmlNodePtr os_type;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = vimana_domain_xml_read (xml, &root, error);
    if (doc == NULL)
        return NULL;

    os_type = vimana_xml_child (vimana_xml_child (root, "os"), "type");
    details = g_new0 (VimanaDomainDetails, 1);
    details->domain_type = vimana_xml_prop (root, "type");
    details->os_type = vimana_xml_text (os_type);
    details->arch = vimana_xml_prop (os_type, "arch");
    details->machine = vimana_xml_prop (os_type, "machine");
    details->emulator = vimana_xml_text (vimana_xml_child (vimana_xml_child (root, "devices"),
                                                           "emulator"));
    details->description = vimana_xml_text (vimana_xml_child (root, "description"));
    return details;
}

void
vimana_domain_details_free (VimanaDomainDetails *details)
{
    if (details == NULL)
        return;
    g_free (details->os_type);
    g_free (details->arch);
    g_free (details->machine);
    g_free (details->emulator);
    g_free (details->description);
    g_free (details->domain_type);
    g_free (details);
}

void
vimana_disk_source_free (VimanaDiskSource *disk)
{
    if (disk == NULL)
        return;
    g_free (disk->device);
    g_free (disk->target);
    g_free (disk->path);
    g_free (disk->pool);
    g_free (disk->volume);
    g_free (disk);
}

static VimanaDiskSource *
vimana_disk_source_new_from_node (xmlNodePtr node)
{
    g_autofree char *type = vimana_xml_prop (node, "type");
    xmlNodePtr source = vimana_xml_child (node, "source");
    VimanaDiskSource *disk;

    if (source == NULL)
        return NULL;   /* an empty CD-ROM drive uses no storage */

    disk = g_new0 (VimanaDiskSource, 1);
    disk->device = vimana_xml_prop (node, "device");
    if (disk->device == NULL)
        disk->device = g_strdup ("disk");
    disk->target = vimana_xml_prop (vimana_xml_child (node, "target"), "dev");
    disk->readonly = vimana_xml_child (node, "readonly") != NULL;
    disk->shareable = vimana_xml_child (node, "shareable") != NULL;

    if (g_strcmp0 (type, "file") == 0) {
        disk->type = VIMANA_DISK_SOURCE_FILE;
        disk->path = vimana_xml_prop (source, "file");
    } else if (g_strcmp0 (type, "block") == 0) {
        disk->type = VIMANA_DISK_SOURCE_BLOCK;
        disk->path = vimana_xml_prop (source, "dev");
    } else if (g_strcmp0 (type, "volume") == 0) {
        disk->type = VIMANA_DISK_SOURCE_VOLUME;
        disk->pool = vimana_xml_prop (source, "pool");
        disk->volume = vimana_xml_prop (source, "volume");
    } else {
        disk->type = VIMANA_DISK_SOURCE_OTHER;
    }
    return disk;
}

/**
 * vimana_domain_xml_parse_disks:
 * @xml: a domain XML description
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type VimanaDiskSource) (nullable): the guest's disks that
 *   have a source, in document order
 */
GPtrArray *
vimana_domain_xml_parse_disks (const char  *xml,
                               GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    xmlNodePtr root = NULL;
    xmlNodePtr devices;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = vimana_domain_xml_read (xml, &root, error);
    if (doc == NULL)
        return NULL;

    disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_disk_source_free);
    devices = vimana_xml_child (root, "devices");
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        VimanaDiskSource *disk;

        if (!vimana_xml_is (node, "disk"))
            continue;
        disk = vimana_disk_source_new_from_node (node);
        if (disk != NULL)
            g_ptr_array_add (disks, disk);
    }
    return g_steal_pointer (&disks);
}

static gboolean
vimana_domain_xml_is_user_interface (xmlNodePtr node)
{
    g_autofree char *type = vimana_xml_prop (node, "type");

    return g_strcmp0 (type, "user") == 0;
}

/**
 * vimana_domain_xml_parse_interfaces:
 * @xml: a live domain XML description
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): for each network interface, the name its statistics are
 *   asked by: the host-side device (`<target dev>`) where the guest runs, else its MAC address.
 *   User-mode interfaces (`<interface type='user'>`) are left out: QEMU's own network stack
 *   has no host-side device, so nothing on the host counts their traffic.
 */
GStrv
vimana_domain_xml_parse_interfaces (const char  *xml,
                                    GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GStrvBuilder) builder = NULL;
    xmlNodePtr root = NULL;
    xmlNodePtr devices;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = vimana_domain_xml_read (xml, &root, error);
    if (doc == NULL)
        return NULL;

    builder = g_strv_builder_new ();
    devices = vimana_xml_child (root, "devices");
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        g_autofree char *name = NULL;

        if (!vimana_xml_is (node, "interface") || vimana_domain_xml_is_user_interface (node))
            continue;
        name = vimana_xml_prop (vimana_xml_child (node, "target"), "dev");
        if (name == NULL)
            name = vimana_xml_prop (vimana_xml_child (node, "mac"), "address");
        if (name != NULL)
            g_strv_builder_add (builder, name);
    }
    return g_strv_builder_end (builder);
}

/**
 * vimana_domain_xml_parse_networks:
 * @xml: a domain XML description
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the virtual networks the guest's interfaces are on
 *   (`<interface type='network'><source network>`), once each
 */
GStrv
vimana_domain_xml_parse_networks (const char  *xml,
                                  GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GStrvBuilder) builder = NULL;
    g_autoptr(GHashTable) seen = NULL;
    xmlNodePtr root = NULL;
    xmlNodePtr devices;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = vimana_domain_xml_read (xml, &root, error);
    if (doc == NULL)
        return NULL;

    builder = g_strv_builder_new ();
    seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    devices = vimana_xml_child (root, "devices");
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        g_autofree char *type = NULL;
        char *name;

        if (!vimana_xml_is (node, "interface"))
            continue;
        type = vimana_xml_prop (node, "type");
        if (g_strcmp0 (type, "network") != 0)
            continue;
        name = vimana_xml_prop (vimana_xml_child (node, "source"), "network");
        if (name == NULL || !g_hash_table_add (seen, name))
            continue;
        g_strv_builder_add (builder, name);
    }
    return g_strv_builder_end (builder);
}

/**
 * vimana_domain_xml_parse_network_macs:
 * @xml: a domain XML description
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): for each interface on a virtual network that has a MAC
 *   address, two strings: the network's name and the MAC in lower case
 */
GStrv
vimana_domain_xml_parse_network_macs (const char  *xml,
                                      GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GStrvBuilder) builder = NULL;
    xmlNodePtr root = NULL;
    xmlNodePtr devices;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = vimana_domain_xml_read (xml, &root, error);
    if (doc == NULL)
        return NULL;

    builder = g_strv_builder_new ();
    devices = vimana_xml_child (root, "devices");
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        g_autofree char *type = NULL;
        g_autofree char *name = NULL;
        g_autofree char *mac = NULL;
        g_autofree char *lower = NULL;

        if (!vimana_xml_is (node, "interface"))
            continue;
        type = vimana_xml_prop (node, "type");
        if (g_strcmp0 (type, "network") != 0)
            continue;
        name = vimana_xml_prop (vimana_xml_child (node, "source"), "network");
        mac = vimana_xml_prop (vimana_xml_child (node, "mac"), "address");
        if (name == NULL || mac == NULL)
            continue;
        lower = g_ascii_strdown (mac, -1);
        g_strv_builder_add (builder, name);
        g_strv_builder_add (builder, lower);
    }
    return g_strv_builder_end (builder);
}

/**
 * vimana_domain_xml_count_user_interfaces:
 * @xml: a domain XML description
 *
 * Returns: how many of the guest's network interfaces are user-mode (`<interface
 *   type='user'>`), whose traffic no host-side counter sees; 0 for XML that cannot be read
 */
guint
vimana_domain_xml_count_user_interfaces (const char *xml)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root = NULL;
    xmlNodePtr devices;
    guint count = 0;

    g_return_val_if_fail (xml != NULL, 0);

    doc = vimana_domain_xml_read (xml, &root, NULL);
    if (doc == NULL)
        return 0;
    devices = vimana_xml_child (root, "devices");
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        if (vimana_xml_is (node, "interface") && vimana_domain_xml_is_user_interface (node))
            count++;
    }
    return count;
}
