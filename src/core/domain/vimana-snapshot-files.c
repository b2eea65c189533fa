/* vimana-snapshot-files.c: the files an external snapshot made, so deleting a guest leaves none
 *
 * An external snapshot writes an overlay per disk (<disk snapshot='external'><source file=…>)
 * and, with memory, a memory file (<memory snapshot='external' file=…>). libvirt deletes
 * neither when the guest is undefined, so the delete dialog offers them. Pure code on the
 * snapshot's XML, so the unit tests check it with fixtures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot"

#include "config.h"

#include "vimana-snapshot.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

static gboolean
vimana_snapshot_files_is (xmlNodePtr  node,
                          const char *name)
{
    return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

static gboolean
vimana_snapshot_files_prop_is (xmlNodePtr  node,
                               const char *prop,
                               const char *value)
{
    g_autofree char *text = (char *) xmlGetProp (node, (const xmlChar *) prop);

    return text != NULL && g_str_equal (text, value);
}

static void
vimana_snapshot_files_add (GPtrArray  *files,
                           const char *path)
{
    if (path == NULL || path[0] != '/')
        return; /* not a local file: nothing Vimana could remove by path */
    for (guint i = 0; i < files->len; i++)
        if (g_str_equal (g_ptr_array_index (files, i), path))
            return;
    g_ptr_array_add (files, g_strdup (path));
}

/**
 * vimana_snapshot_external_files:
 * @snapshot_xml: a <domainsnapshot> document, as virDomainSnapshotGetXMLDesc() gives it
 * @error: return location for an error
 *
 * The overlay disks and the memory file of an external snapshot, in document order, each once;
 * none for an internal snapshot. Disks whose overlay is not a file (block devices, network
 * disks) are not listed.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): absolute paths, or %NULL with
 *   @error set if @snapshot_xml is not a snapshot
 */
GPtrArray *
vimana_snapshot_external_files (const char  *snapshot_xml,
                                GError     **error)
{
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
    xmlDoc *doc = NULL;
    xmlNodePtr root;

    if (snapshot_xml != NULL)
        doc = xmlReadMemory (snapshot_xml, strlen (snapshot_xml), "snapshot.xml", NULL, options);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_snapshot_files_is (root, "domainsnapshot")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The snapshot’s description could not be read."));
        xmlFreeDoc (doc);
        return NULL;
    }

    for (xmlNodePtr n = root->children; n != NULL; n = n->next) {
        if (vimana_snapshot_files_is (n, "memory") &&
            vimana_snapshot_files_prop_is (n, "snapshot", "external")) {
            g_autofree char *file = (char *) xmlGetProp (n, (const xmlChar *) "file");

            vimana_snapshot_files_add (files, file);
        } else if (vimana_snapshot_files_is (n, "disks")) {
            for (xmlNodePtr disk = n->children; disk != NULL; disk = disk->next) {
                if (!vimana_snapshot_files_is (disk, "disk") ||
                    !vimana_snapshot_files_prop_is (disk, "snapshot", "external"))
                    continue;
                for (xmlNodePtr source = disk->children; source != NULL; source = source->next) {
                    g_autofree char *file = NULL;

                    if (!vimana_snapshot_files_is (source, "source"))
                        continue;
                    file = (char *) xmlGetProp (source, (const xmlChar *) "file");
                    vimana_snapshot_files_add (files, file);
                }
            }
        }
    }
    xmlFreeDoc (doc);
    return g_steal_pointer (&files);
}

/* The names of the disks an external snapshot overlaid (<disks><disk snapshot='external'>). */
static GPtrArray *
vimana_snapshot_files_external_disks (xmlNodePtr root)
{
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

    for (xmlNodePtr n = root->children; n != NULL; n = n->next) {
        if (!vimana_snapshot_files_is (n, "disks"))
            continue;
        for (xmlNodePtr disk = n->children; disk != NULL; disk = disk->next) {
            char *name;

            if (!vimana_snapshot_files_is (disk, "disk") ||
                !vimana_snapshot_files_prop_is (disk, "snapshot", "external"))
                continue;
            name = (char *) xmlGetProp (disk, (const xmlChar *) "name");
            if (name != NULL)
                g_ptr_array_add (names, g_strdup (name));
            xmlFree (name);
        }
    }
    return names;
}

/**
 * vimana_snapshot_external_bases:
 * @snapshot_xml: a <domainsnapshot> document, as virDomainSnapshotGetXMLDesc() gives it
 * @error: return location for an error
 *
 * The files the guest's overlaid disks used when the external snapshot was taken (the disks of
 * its <domain> whose target an external overlay covers): the overlays' backing files, which
 * the guest's current description no longer names. Each once; none for an internal snapshot.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): absolute paths, or %NULL with
 *   @error set if @snapshot_xml is not a snapshot
 */
GPtrArray *
vimana_snapshot_external_bases (const char  *snapshot_xml,
                                GError     **error)
{
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) names = NULL;
    xmlDoc *doc = NULL;
    xmlNodePtr root;

    if (snapshot_xml != NULL)
        doc = xmlReadMemory (snapshot_xml, strlen (snapshot_xml), "snapshot.xml", NULL, options);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_snapshot_files_is (root, "domainsnapshot")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The snapshot’s description could not be read."));
        xmlFreeDoc (doc);
        return NULL;
    }

    names = vimana_snapshot_files_external_disks (root);
    for (xmlNodePtr n = root->children; n != NULL && names->len > 0; n = n->next) {
        if (!vimana_snapshot_files_is (n, "domain"))
            continue;
        for (xmlNodePtr devices = n->children; devices != NULL; devices = devices->next) {
            if (!vimana_snapshot_files_is (devices, "devices"))
                continue;
            for (xmlNodePtr disk = devices->children; disk != NULL; disk = disk->next) {
                g_autofree char *file = NULL;
                g_autofree char *target = NULL;

                if (!vimana_snapshot_files_is (disk, "disk"))
                    continue;
                for (xmlNodePtr child = disk->children; child != NULL; child = child->next) {
                    if (vimana_snapshot_files_is (child, "source") && file == NULL)
                        file = (char *) xmlGetProp (child, (const xmlChar *) "file");
                    else if (vimana_snapshot_files_is (child, "target") && target == NULL)
                        target = (char *) xmlGetProp (child, (const xmlChar *) "dev");
                }
                if (target != NULL &&
                    g_ptr_array_find_with_equal_func (names, target, g_str_equal, NULL))
                    vimana_snapshot_files_add (files, file);
            }
        }
    }
    xmlFreeDoc (doc);
    return g_steal_pointer (&files);
}
