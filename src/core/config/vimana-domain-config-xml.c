/* vimana-domain-config-xml.c: the XML node helpers the domain-config files share
 *
 * A configuration is edited in place, so every helper that adds or removes a node keeps the
 * indentation of the document as libvirt wrote it: a new node is indented like its siblings,
 * a removed one takes its indentation with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include <string.h>

#include "vimana-domain-config-private.h"

gboolean
vimana_domain_config_node_is (xmlNodePtr  node,
                              const char *name)
{
    return node != NULL && node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           strcmp ((const char *) node->name, name) == 0;
}

xmlNodePtr
vimana_domain_config_node_child (xmlNodePtr  parent,
                                 const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (vimana_domain_config_node_is (node, name))
            return node;
    }
    return NULL;
}

char *
vimana_domain_config_node_prop (xmlNodePtr  node,
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

/* Sets an attribute, or removes it when @value is %NULL; an unchanged value is not rewritten. */
void
vimana_domain_config_node_set_prop (xmlNodePtr  node,
                                    const char *name,
                                    const char *value)
{
    g_autofree char *old = vimana_domain_config_node_prop (node, name);

    if (g_strcmp0 (old, value) == 0)
        return;
    if (value == NULL)
        xmlUnsetProp (node, (const xmlChar *) name);
    else
        xmlSetProp (node, (const xmlChar *) name, (const xmlChar *) value);
}

char *
vimana_domain_config_node_text (xmlNodePtr node)
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

/* Replaces an element's content by one text node holding @text verbatim (no entity parsing). */
void
vimana_domain_config_node_set_text (xmlNodePtr  node,
                                    const char *text)
{
    g_autofree char *old = vimana_domain_config_node_text (node);
    xmlNodePtr child = node->children;

    if (g_strcmp0 (old, text) == 0)
        return;
    while (child != NULL) {
        xmlNodePtr next = child->next;

        xmlUnlinkNode (child);
        xmlFreeNode (child);
        child = next;
    }
    xmlNodeAddContent (node, (const xmlChar *) text);
}

static gboolean
vimana_domain_config_node_is_blank (xmlNodePtr node)
{
    return node != NULL && node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

/* The indentation text (a newline and spaces) that precedes @node, or %NULL. */
static const char *
vimana_domain_config_node_indent_of (xmlNodePtr node)
{
    if (node != NULL && vimana_domain_config_node_is_blank (node->prev))
        return (const char *) node->prev->content;
    return NULL;
}

/*
 * Inserts @node into @parent after @prev (or first when @prev is %NULL), with the same
 * indentation as its siblings, so the document reads as if libvirt had written it.
 */
void
vimana_domain_config_node_insert_after (xmlNodePtr parent,
                                        xmlNodePtr prev,
                                        xmlNodePtr node)
{
    const char *indent;

    if (prev != NULL) {
        indent = vimana_domain_config_node_indent_of (prev);
        xmlAddNextSibling (prev, node);
        if (indent != NULL)
            xmlAddPrevSibling (node, xmlNewText ((const xmlChar *) indent));
        return;
    }

    if (parent->children == NULL) {
        const char *parent_indent = vimana_domain_config_node_indent_of (parent);

        if (parent_indent != NULL) {
            g_autofree char *child_indent = g_strconcat (parent_indent, "  ", NULL);

            xmlAddChild (parent, xmlNewText ((const xmlChar *) child_indent));
            xmlAddChild (parent, node);
            xmlAddChild (parent, xmlNewText ((const xmlChar *) parent_indent));
        } else {
            xmlAddChild (parent, node);
        }
        return;
    }

    if (vimana_domain_config_node_is_blank (parent->children) && parent->children->next != NULL) {
        xmlNodePtr first = parent->children;

        xmlAddNextSibling (first, node);
        xmlAddNextSibling (node, xmlNewText (first->content));
    } else if (vimana_domain_config_node_is_blank (parent->children)) {
        /* Only a blank inside: the element was written open but empty. */
        const char *parent_indent = vimana_domain_config_node_indent_of (parent);
        g_autofree char *child_indent = g_strconcat (parent_indent ? parent_indent : "\n", "  ",
                                                     NULL);

        xmlAddPrevSibling (parent->children, node);
        xmlAddPrevSibling (node, xmlNewText ((const xmlChar *) child_indent));
    } else {
        xmlAddPrevSibling (parent->children, node);
    }
}

/*
 * Returns @parent's child element @name, creating an empty one when missing, placed after the
 * last child named in @after (the elements that conventionally precede it), else first.
 */
xmlNodePtr
vimana_domain_config_node_ensure_child (xmlNodePtr          parent,
                                        const char         *name,
                                        const char * const *after)
{
    xmlNodePtr node = vimana_domain_config_node_child (parent, name);
    xmlNodePtr prev = NULL;

    if (node != NULL)
        return node;

    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        for (guint i = 0; after != NULL && after[i] != NULL; i++) {
            if (vimana_domain_config_node_is (child, after[i]))
                prev = child;
        }
    }
    node = xmlNewDocNode (parent->doc, NULL, (const xmlChar *) name, NULL);
    vimana_domain_config_node_insert_after (parent, prev, node);
    return node;
}

/* Appends a new element @name to @parent, after its last element child and indented like it. */
xmlNodePtr
vimana_domain_config_node_append (xmlNodePtr  parent,
                                  const char *name)
{
    xmlNodePtr last = NULL;
    xmlNodePtr node;

    for (xmlNodePtr child = parent->children; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE)
            last = child;
    }
    node = xmlNewDocNode (parent->doc, NULL, (const xmlChar *) name, NULL);
    vimana_domain_config_node_insert_after (parent, last, node);
    return node;
}

/* Unlinks and frees @node with the indentation before it. */
void
vimana_domain_config_node_remove (xmlNodePtr node)
{
    if (node == NULL)
        return;
    if (vimana_domain_config_node_is_blank (node->prev)) {
        xmlNodePtr blank = node->prev;

        xmlUnlinkNode (blank);
        xmlFreeNode (blank);
    }
    xmlUnlinkNode (node);
    xmlFreeNode (node);
}

void
vimana_domain_config_node_remove_child (xmlNodePtr  parent,
                                        const char *name)
{
    vimana_domain_config_node_remove (vimana_domain_config_node_child (parent, name));
}

char *
vimana_domain_config_node_child_prop (xmlNodePtr  node,
                                      const char *child,
                                      const char *name)
{
    return vimana_domain_config_node_prop (vimana_domain_config_node_child (node, child), name);
}

/* The indentation of @node's own line: what follows the last newline of the blank before it. */
const char *
vimana_domain_config_node_line_indent (xmlNodePtr node)
{
    const char *blank = vimana_domain_config_node_indent_of (node);
    const char *newline;

    if (blank == NULL)
        return "";
    newline = strrchr (blank, '\n');
    return newline != NULL ? newline + 1 : blank;
}

/* Removes (@add FALSE) or adds @indent after each newline of the blanks inside @node. */
void
vimana_domain_config_node_reindent (xmlNodePtr  node,
                                    const char *indent,
                                    gboolean    add)
{
    g_autofree char *with = g_strconcat ("\n", indent, NULL);

    if (*indent == '\0')
        return;
    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (vimana_domain_config_node_is_blank (child) &&
            strchr ((const char *) child->content, '\n') != NULL) {
            g_auto(GStrv) parts = g_strsplit ((const char *) (child->content),
                                              add ? "\n" : with, -1);
            g_autofree char *joined = g_strjoinv (add ? with : "\n", parts);

            xmlNodeSetContent (child, (const xmlChar *) joined);
        } else if (child->type == XML_ELEMENT_NODE) {
            vimana_domain_config_node_reindent (child, indent, add);
        }
    }
}

/**
 * vimana_domain_config_get_device_xml:
 *
 * Returns: (transfer full): the device's XML, indented as if it stood alone
 */
