/* vimana-graphics.c: how a guest's display is reached, as its domain XML describes it
 *
 * The console shows VNC (gtk-vnc) and SPICE (spice-gtk); the other kinds are only told apart so
 * the page can say why it shows nothing. The index kept is the position among all <graphics>
 * elements, whatever their type, since that is what virDomainOpenGraphicsFD counts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-graphics"

#include "config.h"

#include "vimana-graphics.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

G_DEFINE_BOXED_TYPE (VimanaGraphicsInfo, vimana_graphics_info,
                     vimana_graphics_info_copy, vimana_graphics_info_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---- small libxml2 helpers (the same as vimana-domain-xml.c's) ---- */

static gboolean
vimana_graphics_xml_is (xmlNodePtr  node,
                        const char *name)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strcmp ((const char *) node->name, name) == 0;
}

static xmlNodePtr
vimana_graphics_xml_child (xmlNodePtr  parent,
                           const char *name)
{
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (vimana_graphics_xml_is (node, name))
            return node;
    }
    return NULL;
}

/* Returns: (transfer full) (nullable): the attribute's value; an empty value counts as none */
static char *
vimana_graphics_xml_prop (xmlNodePtr  node,
                          const char *name)
{
    xmlChar *value = xmlGetNoNsProp (node, (const xmlChar *) name);
    char *copy = NULL;

    if (value != NULL && *value != '\0')
        copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

static gboolean
vimana_graphics_xml_has_prop (xmlNodePtr  node,
                              const char *name)
{
    return xmlHasNsProp (node, (const xmlChar *) name, NULL) != NULL;
}

/* ---- parsing ---- */

static VimanaGraphicsType
vimana_graphics_type_from_node (xmlNodePtr node)
{
    g_autofree char *type = vimana_graphics_xml_prop (node, "type");

    if (g_strcmp0 (type, "vnc") == 0)
        return VIMANA_GRAPHICS_VNC;
    if (g_strcmp0 (type, "spice") == 0)
        return VIMANA_GRAPHICS_SPICE;
    return VIMANA_GRAPHICS_OTHER;
}

/* A live description carries the guest's id; an inactive one has none (or -1). */
static gboolean
vimana_graphics_xml_is_live (xmlNodePtr root)
{
    g_autofree char *id = vimana_graphics_xml_prop (root, "id");
    gint64 value;

    return id != NULL && g_ascii_string_to_signed (id, 10, 0, G_MAXINT, &value, NULL);
}

/* Returns: the port in @attribute, or -1 for none, "-1" (to be allocated) or a value that is
 * not a port */
static int
vimana_graphics_parse_port (xmlNodePtr  node,
                            const char *attribute)
{
    g_autofree char *port = vimana_graphics_xml_prop (node, attribute);
    gint64 value;

    if (port == NULL || !g_ascii_string_to_signed (port, 10, 1, 65535, &value, NULL))
        return -1;
    return (int) value;
}

/* libvirt writes the first listen both as <listen> and, for older readers, as the listen
 * attribute; a socket listen has no attribute. The <listen> element is read first. */
static void
vimana_graphics_info_read_listen (VimanaGraphicsInfo *info,
                                  xmlNodePtr          graphics,
                                  gboolean           *socket_listen)
{
    for (xmlNodePtr node = graphics->children; node != NULL; node = node->next) {
        g_autofree char *type = NULL;

        if (!vimana_graphics_xml_is (node, "listen"))
            continue;
        type = vimana_graphics_xml_prop (node, "type");
        if (g_strcmp0 (type, "socket") == 0) {
            *socket_listen = TRUE;
            if (info->socket == NULL)
                info->socket = vimana_graphics_xml_prop (node, "socket");
        } else if (g_strcmp0 (type, "address") == 0 || g_strcmp0 (type, "network") == 0) {
            /* A network listen has its address only in the live description. */
            if (info->listen == NULL)
                info->listen = vimana_graphics_xml_prop (node, "address");
        }
    }
    if (info->listen == NULL && !*socket_listen)
        info->listen = vimana_graphics_xml_prop (graphics, "listen");
    if (info->socket == NULL)
        info->socket = vimana_graphics_xml_prop (graphics, "socket");
}

static void
vimana_graphics_info_read_node (VimanaGraphicsInfo *info,
                                xmlNodePtr          graphics,
                                gboolean            live)
{
    g_autofree char *autoport = vimana_graphics_xml_prop (graphics, "autoport");
    gboolean socket_listen = FALSE;

    info->autoport = g_strcmp0 (autoport, "yes") == 0;
    info->port = vimana_graphics_parse_port (graphics, "port");
    /* Only SPICE has one; VNC's TLS runs on its one port. */
    if (vimana_graphics_type_from_node (graphics) == VIMANA_GRAPHICS_SPICE)
        info->tls_port = vimana_graphics_parse_port (graphics, "tlsPort");
    vimana_graphics_info_read_listen (info, graphics, &socket_listen);
    /* An allocated port is the running guest's; in the configuration it means nothing. */
    if (info->socket != NULL || socket_listen || (info->autoport && !live)) {
        info->port = -1;
        info->tls_port = -1;
    }
    /* Without VIR_DOMAIN_XML_SECURE libvirt leaves passwd out but still writes the expiry of a
     * password that has one. Only presence is kept, never the value. */
    info->has_password = vimana_graphics_xml_has_prop (graphics, "passwd") ||
                         vimana_graphics_xml_has_prop (graphics, "passwdValidTo");
}

/**
 * vimana_graphics_info_new_from_xml:
 * @xml: a domain XML description, live or inactive
 * @error: return location for an error
 *
 * Picks the display the console uses: the first VNC one, else the first SPICE one, else the
 * first of any kind. A guest without any display is not an error: its type is
 * %VIMANA_GRAPHICS_NONE.
 *
 * Returns: (transfer full) (nullable): the display, or %NULL when @xml is not domain XML
 */
VimanaGraphicsInfo *
vimana_graphics_info_new_from_xml (const char  *xml,
                                   GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    VimanaGraphicsInfo *info;
    xmlNodePtr root = NULL;
    xmlNodePtr devices;
    xmlNodePtr vnc = NULL, spice = NULL, first = NULL;
    guint vnc_index = 0, spice_index = 0, n_graphics = 0;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL || (root = xmlDocGetRootElement (doc)) == NULL ||
        !vimana_graphics_xml_is (root, "domain")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The guest’s description is not valid domain XML."));
        return NULL;
    }

    devices = vimana_graphics_xml_child (root, "devices");
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        if (!vimana_graphics_xml_is (node, "graphics"))
            continue;
        if (first == NULL)
            first = node;
        switch (vimana_graphics_type_from_node (node)) {
        case VIMANA_GRAPHICS_VNC:
            if (vnc == NULL) {
                vnc = node;
                vnc_index = n_graphics;
            }
            break;
        case VIMANA_GRAPHICS_SPICE:
            if (spice == NULL) {
                spice = node;
                spice_index = n_graphics;
            }
            break;
        case VIMANA_GRAPHICS_NONE:
        case VIMANA_GRAPHICS_OTHER:
        default:
            break;
        }
        n_graphics++;
    }

    info = g_new0 (VimanaGraphicsInfo, 1);
    info->port = -1;
    info->tls_port = -1;
    info->has_spice = spice != NULL;
    if (vnc != NULL) {
        info->type = VIMANA_GRAPHICS_VNC;
        info->index = vnc_index;
        vimana_graphics_info_read_node (info, vnc, vimana_graphics_xml_is_live (root));
    } else if (spice != NULL) {
        info->type = VIMANA_GRAPHICS_SPICE;
        info->index = spice_index;
        vimana_graphics_info_read_node (info, spice, vimana_graphics_xml_is_live (root));
    } else if (first != NULL) {
        info->type = VIMANA_GRAPHICS_OTHER;
        info->index = 0;
        vimana_graphics_info_read_node (info, first, vimana_graphics_xml_is_live (root));
    } else {
        info->type = VIMANA_GRAPHICS_NONE;
    }
    return info;
}

/**
 * vimana_graphics_info_copy:
 * @info: a #VimanaGraphicsInfo
 *
 * Returns: (transfer full): a deep copy of @info
 */
VimanaGraphicsInfo *
vimana_graphics_info_copy (const VimanaGraphicsInfo *info)
{
    VimanaGraphicsInfo *copy;

    g_return_val_if_fail (info != NULL, NULL);

    copy = g_memdup2 (info, sizeof *info);
    copy->listen = g_strdup (info->listen);
    copy->socket = g_strdup (info->socket);
    return copy;
}

void
vimana_graphics_info_free (VimanaGraphicsInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->listen);
    g_free (info->socket);
    g_free (info);
}
