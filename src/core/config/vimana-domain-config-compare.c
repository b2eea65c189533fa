/* vimana-domain-config-compare.c: whether two guest documents are the same XML
 *
 * The "changed by another program" check of the Hardware page compares the XML a
 * configuration was read from with libvirt's current one. Canonical XML (C14N) makes
 * attribute order, quoting and empty-element form not count; where C14N refuses a document
 * (a relative namespace URI in <metadata>, which libvirt accepts), the trees are compared
 * node by node instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include "vimana-domain-config.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <string.h>

static xmlDoc *
vimana_domain_config_parse_for_compare (const char *xml)
{
    return xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

static void
vimana_domain_config_ignore_error (void       *data,
                                   const char *message,
                                   ...)
{
}

static char *
vimana_domain_config_canonical (xmlDoc *doc)
{
    xmlGenericErrorFunc saved_func = xmlGenericError;
    void *saved_context = xmlGenericErrorContext;
    xmlChar *out = NULL;
    char *canonical = NULL;
    int written;

    /* A refusal is expected (see vimana_domain_config_equal_xml): not for stderr. libxml2's
     * handlers are per thread. */
    xmlSetGenericErrorFunc (NULL, vimana_domain_config_ignore_error);
    written = xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 1, &out);
    xmlSetGenericErrorFunc (saved_context, saved_func);
    if (written >= 0)
        canonical = g_strdup ((const char *) out);
    xmlFree (out);
    return canonical;
}

/* The nodes C14N keeps, in document order: elements, text (CDATA as text), comments, PIs. */
static xmlNodePtr
vimana_domain_config_next_kept (xmlNodePtr node)
{
    for (; node != NULL; node = node->next) {
        switch (node->type) {
        case XML_ELEMENT_NODE:
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
        case XML_COMMENT_NODE:
        case XML_PI_NODE:
        case XML_ENTITY_REF_NODE:
            return node;
        default:
            break;
        }
    }
    return NULL;
}

static gboolean
vimana_domain_config_same_ns (xmlNsPtr a,
                              xmlNsPtr b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return g_strcmp0 ((const char *) a->href, (const char *) b->href) == 0;
}

static gboolean
vimana_domain_config_same_content (xmlNodePtr a,
                                   xmlNodePtr b)
{
    xmlChar *ca = xmlNodeGetContent (a);
    xmlChar *cb = xmlNodeGetContent (b);
    gboolean same = g_strcmp0 ((const char *) ca, (const char *) cb) == 0;

    xmlFree (ca);
    xmlFree (cb);
    return same;
}

/* Whether @a and @b are the same tree as C14N would print them, but for namespace prefixes
 * and declarations (compared by URI where they are used) and attribute order. For documents
 * C14N refuses, such as one with a relative namespace URI (xmlns:app="myapp"). */
static gboolean
vimana_domain_config_same_tree (xmlNodePtr a,
                                xmlNodePtr b,
                                guint      depth)
{
    guint n_a = 0;
    guint n_b = 0;

    if (depth > 256)
        return FALSE;
    if (a->type != b->type) {
        gboolean texts = (a->type == XML_TEXT_NODE || a->type == XML_CDATA_SECTION_NODE) &&
                         (b->type == XML_TEXT_NODE || b->type == XML_CDATA_SECTION_NODE);

        if (!texts)
            return FALSE;
    }
    switch (a->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
    case XML_COMMENT_NODE:
        return vimana_domain_config_same_content (a, b);
    case XML_PI_NODE:
    case XML_ENTITY_REF_NODE:
        return xmlStrEqual (a->name, b->name) && vimana_domain_config_same_content (a, b);
    case XML_ELEMENT_NODE:
        break;
    default:
        return TRUE;
    }

    if (!xmlStrEqual (a->name, b->name) || !vimana_domain_config_same_ns (a->ns, b->ns))
        return FALSE;
    for (xmlAttrPtr attr = a->properties; attr != NULL; attr = attr->next) {
        xmlAttrPtr other = xmlHasNsProp (b, attr->name, attr->ns ? attr->ns->href : NULL);

        n_a++;
        if (other == NULL || !vimana_domain_config_same_ns (attr->ns, other->ns) ||
            !vimana_domain_config_same_content ((xmlNodePtr) attr, (xmlNodePtr) other))
            return FALSE;
    }
    for (xmlAttrPtr attr = b->properties; attr != NULL; attr = attr->next)
        n_b++;
    if (n_a != n_b)
        return FALSE;

    a = vimana_domain_config_next_kept (a->children);
    b = vimana_domain_config_next_kept (b->children);
    while (a != NULL && b != NULL) {
        if (!vimana_domain_config_same_tree (a, b, depth + 1))
            return FALSE;
        a = vimana_domain_config_next_kept (a->next);
        b = vimana_domain_config_next_kept (b->next);
    }
    return a == NULL && b == NULL;
}

/* The documents' top-level nodes compared as the children of one element. */
static gboolean
vimana_domain_config_same_doc (xmlDoc *a,
                               xmlDoc *b)
{
    xmlNodePtr na = vimana_domain_config_next_kept (a->children);
    xmlNodePtr nb = vimana_domain_config_next_kept (b->children);

    while (na != NULL && nb != NULL) {
        if (!vimana_domain_config_same_tree (na, nb, 0))
            return FALSE;
        na = vimana_domain_config_next_kept (na->next);
        nb = vimana_domain_config_next_kept (nb->next);
    }
    return na == NULL && nb == NULL;
}

/**
 * vimana_domain_config_equal_xml:
 *
 * Compares two documents once canonicalised (C14N 1.0 with comments: attribute order,
 * quoting, empty-element form and the declaration do not count). A document C14N refuses
 * (a relative namespace URI such as xmlns:app="myapp", which libvirt accepts in
 * <metadata>) is compared node by node instead (issue 11, defect 5), never taken as changed
 * for that reason alone. Pure.
 *
 * Returns: whether @a and @b are the same XML
 */
gboolean
vimana_domain_config_equal_xml (const char *a,
                                const char *b)
{
    xmlDoc *da;
    xmlDoc *db;
    g_autofree char *ca = NULL;
    g_autofree char *cb = NULL;
    gboolean equal;

    if (a == NULL || b == NULL)
        return a == b;
    da = vimana_domain_config_parse_for_compare (a);
    db = vimana_domain_config_parse_for_compare (b);
    if (da == NULL || db == NULL) {
        equal = FALSE;
    } else {
        ca = vimana_domain_config_canonical (da);
        cb = vimana_domain_config_canonical (db);
        if (ca != NULL && cb != NULL)
            equal = strcmp (ca, cb) == 0;
        else
            equal = vimana_domain_config_same_doc (da, db);
    }
    if (da != NULL)
        xmlFreeDoc (da);
    if (db != NULL)
        xmlFreeDoc (db);
    return equal;
}
