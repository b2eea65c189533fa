/* vimana-xml.c: one value out of an XML description libvirt gave
 *
 * Pools, volumes, networks and interfaces are read for a handful of values each; a full model
 * (as the domain configuration has) would be more code than the reading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-xml"

#include "config.h"

#include "vimana-xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/**
 * vimana_xml_get_value:
 * @xml: an XML document
 * @child: (nullable): an element under the root
 * @grandchild: (nullable): an element under @child
 * @attribute: (nullable): an attribute of the element found
 *
 * Returns: (transfer full) (nullable): the attribute, or the text when @attribute is %NULL, of
 *   /ROOT, /ROOT/CHILD or /ROOT/CHILD/GRANDCHILD (the first element of each name)
 */
char *
vimana_xml_get_value (const char *xml,
                      const char *child,
                      const char *grandchild,
                      const char *attribute)
{
    g_autoptr(xmlDoc) doc = NULL;
    const char *path[] = { child, grandchild };
    xmlNodePtr node;
    xmlChar *value;
    char *result;

    if (xml == NULL)
        return NULL;
    doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    node = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    for (guint i = 0; node != NULL && i < G_N_ELEMENTS (path) && path[i] != NULL; i++) {
        xmlNodePtr found = NULL;

        for (xmlNodePtr c = node->children; c != NULL && found == NULL; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, path[i]))
                found = c;
        }
        node = found;
    }
    if (node == NULL)
        return NULL;
    value = attribute != NULL ? xmlGetProp (node, (const xmlChar *) attribute)
                              : xmlNodeGetContent (node);
    result = g_strdup ((const char *) value);
    xmlFree (value);
    return result;
}
