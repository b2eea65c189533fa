/* config-test-util.c: reading the corpus and comparing XML trees, independent of the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "config-test-util.h"

#include <libxml/c14n.h>
#include <libxml/parser.h>
#include <string.h>

char *
config_test_load_corpus_file (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "config", name, NULL);
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    return contents;
}

static xmlDoc *
parse (const char *xml)
{
    xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "test.xml", NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

    g_assert_nonnull (doc);
    return doc;
}

char *
config_test_canonical (const char *xml)
{
    xmlDoc *doc = parse (xml);
    xmlChar *out = NULL;
    char *copy;

    g_assert_cmpint (xmlC14NDocDumpMemory (doc, NULL, XML_C14N_1_0, NULL, 1, &out), >=, 0);
    copy = g_strdup ((const char *) out);
    xmlFree (out);
    xmlFreeDoc (doc);
    return copy;
}

static gboolean
is_blank (xmlNodePtr node)
{
    return node->type == XML_TEXT_NODE && xmlIsBlankNode (node);
}

static char *
node_key (xmlNodePtr node)
{
    xmlBufferPtr buffer = xmlBufferCreate ();
    char *key;

    xmlNodeDump (buffer, node->doc, node, 0, 0);
    key = g_strdup_printf ("%d:%s", node->type, (const char *) xmlBufferContent (buffer));
    xmlBufferFree (buffer);
    return key;
}

static char *
segment (xmlNodePtr node)
{
    guint k = 1;

    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE)
        return g_strdup ("text()");
    if (node->type == XML_COMMENT_NODE)
        return g_strdup ("comment()");
    for (xmlNodePtr prev = node->prev; prev != NULL; prev = prev->prev) {
        if (prev->type == XML_ELEMENT_NODE && xmlStrEqual (prev->name, node->name) &&
            prev->ns == node->ns)
            k++;
    }
    if (node->ns != NULL && node->ns->prefix != NULL)
        return g_strdup_printf ("%s:%s[%u]", node->ns->prefix, node->name, k);
    return g_strdup_printf ("%s[%u]", node->name, k);
}

static void diff_nodes (xmlNodePtr a, xmlNodePtr b, const char *path, GPtrArray *out);

static void
diff_attributes (xmlNodePtr  a,
                 xmlNodePtr  b,
                 const char *path,
                 GPtrArray  *out)
{
    for (xmlAttrPtr attr = a->properties; attr != NULL; attr = attr->next) {
        const xmlChar *href = attr->ns ? attr->ns->href : NULL;
        xmlChar *va = xmlGetNsProp (a, attr->name, href);
        xmlChar *vb = xmlHasNsProp (b, attr->name, href) ? xmlGetNsProp (b, attr->name, href)
                                                         : NULL;

        if (vb == NULL || !xmlStrEqual (va, vb))
            g_ptr_array_add (out, g_strdup_printf ("%s/@%s", path, attr->name));
        xmlFree (va);
        xmlFree (vb);
    }
    for (xmlAttrPtr attr = b->properties; attr != NULL; attr = attr->next) {
        const xmlChar *href = attr->ns ? attr->ns->href : NULL;

        if (xmlHasNsProp (a, attr->name, href) == NULL)
            g_ptr_array_add (out, g_strdup_printf ("%s/@%s", path, attr->name));
    }
}

static GPtrArray *
significant_children (xmlNodePtr node)
{
    GPtrArray *children = g_ptr_array_new ();

    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (!is_blank (child))
            g_ptr_array_add (children, child);
    }
    return children;
}

/* Pairs what a gap between two matched runs left over: same-named elements (and text with
 * text) by position, the rest reported as removed (-) or added (+). */
static void
diff_gap (GPtrArray  *ga,
          GPtrArray  *gb,
          const char *path,
          GPtrArray  *out)
{
    g_autofree gboolean *used = g_new0 (gboolean, gb->len + 1);

    for (guint i = 0; i < ga->len; i++) {
        xmlNodePtr a = ga->pdata[i];
        g_autofree char *seg = segment (a);
        g_autofree char *child_path = g_strdup_printf ("%s/%s", path, seg);
        gboolean paired = FALSE;

        for (guint j = 0; j < gb->len && !paired; j++) {
            xmlNodePtr b = gb->pdata[j];

            if (used[j] || a->type != b->type)
                continue;
            if (a->type == XML_ELEMENT_NODE &&
                (!xmlStrEqual (a->name, b->name) || (a->ns == NULL) != (b->ns == NULL)))
                continue;
            used[j] = TRUE;
            paired = TRUE;
            diff_nodes (a, b, child_path, out);
        }
        if (!paired)
            g_ptr_array_add (out, g_strdup_printf ("-%s", child_path));
    }
    for (guint j = 0; j < gb->len; j++) {
        g_autofree char *seg = NULL;

        if (used[j])
            continue;
        seg = segment (gb->pdata[j]);
        g_ptr_array_add (out, g_strdup_printf ("+%s/%s", path, seg));
    }
}

static void
diff_children (xmlNodePtr  a,
               xmlNodePtr  b,
               const char *path,
               GPtrArray  *out)
{
    g_autoptr(GPtrArray) ca = significant_children (a);
    g_autoptr(GPtrArray) cb = significant_children (b);
    g_autoptr(GPtrArray) ka = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) kb = g_ptr_array_new_with_free_func (g_free);
    guint n = ca->len, m = cb->len;
    g_autofree guint *lcs = g_new0 (guint, (n + 1) * (m + 1));
    guint i = 0, j = 0;

    for (guint x = 0; x < n; x++)
        g_ptr_array_add (ka, node_key (ca->pdata[x]));
    for (guint y = 0; y < m; y++)
        g_ptr_array_add (kb, node_key (cb->pdata[y]));
#define LCS(x, y) lcs[(x) * (m + 1) + (y)]
    for (int x = n - 1; x >= 0; x--) {
        for (int y = m - 1; y >= 0; y--) {
            if (strcmp (ka->pdata[x], kb->pdata[y]) == 0)
                LCS (x, y) = LCS (x + 1, y + 1) + 1;
            else
                LCS (x, y) = MAX (LCS (x + 1, y), LCS (x, y + 1));
        }
    }
    while (i < n || j < m) {
        g_autoptr(GPtrArray) ga = g_ptr_array_new ();
        g_autoptr(GPtrArray) gb = g_ptr_array_new ();

        while (i < n && j < m && strcmp (ka->pdata[i], kb->pdata[j]) == 0) {
            i++;
            j++;
        }
        while ((i < n || j < m) &&
               !(i < n && j < m && strcmp (ka->pdata[i], kb->pdata[j]) == 0)) {
            if (j >= m || (i < n && LCS (i + 1, j) >= LCS (i, j + 1)))
                g_ptr_array_add (ga, ca->pdata[i++]);
            else
                g_ptr_array_add (gb, cb->pdata[j++]);
        }
        diff_gap (ga, gb, path, out);
    }
#undef LCS
}

static void
diff_nodes (xmlNodePtr  a,
            xmlNodePtr  b,
            const char *path,
            GPtrArray  *out)
{
    if (a->type != XML_ELEMENT_NODE) {
        if (!xmlStrEqual (a->content, b->content))
            g_ptr_array_add (out, g_strdup (path));
        return;
    }
    diff_attributes (a, b, path, out);
    diff_children (a, b, path, out);
}

/* The paths where @b differs from @a, prefixed "+" for an added node and "-" for a removed one. */
GPtrArray *
config_test_diff_documents (const char *a_xml,
                            const char *b_xml)
{
    xmlDoc *a = parse (a_xml);
    xmlDoc *b = parse (b_xml);
    GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

    diff_nodes (xmlDocGetRootElement (a), xmlDocGetRootElement (b), "/domain", out);
    xmlFreeDoc (a);
    xmlFreeDoc (b);
    return out;
}

/* The diff path of the model's device @index in @xml, e.g. "/domain/devices[1]/disk[2]". */
char *
config_test_device_path (const char *xml,
                         guint       index)
{
    xmlDoc *doc = parse (xml);
    xmlNodePtr devices = NULL;
    char *path = NULL;
    guint i = 0;

    for (xmlNodePtr node = xmlDocGetRootElement (doc)->children; node; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && xmlStrEqual (node->name, BAD_CAST "devices"))
            devices = node;
    }
    g_assert_nonnull (devices);
    for (xmlNodePtr node = devices->children; node != NULL && path == NULL; node = node->next) {
        g_autofree char *seg = NULL;

        if (node->type != XML_ELEMENT_NODE || node->ns != NULL ||
            xmlStrEqual (node->name, BAD_CAST "emulator"))
            continue;
        if (i++ != index)
            continue;
        seg = segment (node);
        path = g_strdup_printf ("/domain/devices[1]/%s", seg);
    }
    xmlFreeDoc (doc);
    g_assert_nonnull (path);
    return path;
}
