/* vimana-snapshot-diff.c: what a revert will change in a guest's definition
 *
 * A snapshot keeps the <domain> the guest had when it was taken. Before a revert the user is
 * shown, in readable lines, how it differs from today's definition: memory, vCPUs, and the
 * devices added, removed or changed. Pure code on the two documents, so the unit tests check it
 * with fixtures.
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

static xmlNodePtr
vimana_snapshot_diff_child (xmlNodePtr  parent,
                            const char *name)
{
    for (xmlNodePtr n = parent != NULL ? parent->children : NULL; n != NULL; n = n->next)
        if (n->type == XML_ELEMENT_NODE && g_str_equal ((const char *) n->name, name))
            return n;
    return NULL;
}

/* The <domain> of a snapshot document, or the root if it is a <domain> itself. */
static xmlNodePtr
vimana_snapshot_diff_domain (xmlDoc *doc)
{
    xmlNodePtr root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

    if (root == NULL)
        return NULL;
    if (g_str_equal ((const char *) root->name, "domain"))
        return root;
    if (g_str_equal ((const char *) root->name, "domainsnapshot"))
        return vimana_snapshot_diff_child (root, "domain");
    return NULL;
}

/* Memory in KiB from an element with an optional unit attribute. */
static guint64
vimana_snapshot_diff_kib (xmlNodePtr node)
{
    g_autofree char *text = NULL;
    g_autofree char *unit = NULL;
    guint64 value;

    if (node == NULL)
        return 0;
    text = (char *) xmlNodeGetContent (node);
    unit = (char *) xmlGetProp (node, (const xmlChar *) "unit");
    value = g_ascii_strtoull (g_strstrip (text), NULL, 10);
    if (unit == NULL || g_ascii_strcasecmp (unit, "KiB") == 0 || g_ascii_strcasecmp (unit, "k") == 0)
        return value;
    if (g_ascii_strcasecmp (unit, "b") == 0 || g_ascii_strcasecmp (unit, "bytes") == 0)
        return value / 1024;
    if (g_ascii_strcasecmp (unit, "MiB") == 0 || g_ascii_strcasecmp (unit, "M") == 0)
        return value * 1024;
    if (g_ascii_strcasecmp (unit, "GiB") == 0 || g_ascii_strcasecmp (unit, "G") == 0)
        return value * 1024 * 1024;
    if (g_ascii_strcasecmp (unit, "TiB") == 0 || g_ascii_strcasecmp (unit, "T") == 0)
        return value * 1024 * 1024 * 1024;
    return value;
}

static guint64
vimana_snapshot_diff_vcpus (xmlNodePtr domain)
{
    xmlNodePtr node = vimana_snapshot_diff_child (domain, "vcpu");
    g_autofree char *text = NULL;

    if (node == NULL)
        return 1;
    /* The vCPUs the guest has, not the most it may have. */
    text = (char *) xmlGetProp (node, (const xmlChar *) "current");
    if (text == NULL)
        text = (char *) xmlNodeGetContent (node);
    return g_ascii_strtoull (g_strstrip (text), NULL, 10);
}

/* A device's key: its kind and what names it among its kind (a disk's target, an interface's
 * MAC), else its kind and its place among its kind. */
static char *
vimana_snapshot_diff_key (xmlNodePtr device,
                          guint      index)
{
    const char *kind = (const char *) device->name;

    if (g_str_equal (kind, "disk")) {
        xmlNodePtr target = vimana_snapshot_diff_child (device, "target");
        g_autofree char *dev = target != NULL ? (char *) xmlGetProp (target, (const xmlChar *) "dev") : NULL;

        if (dev != NULL)
            return g_strdup_printf ("disk %s", dev);
    } else if (g_str_equal (kind, "interface")) {
        xmlNodePtr mac = vimana_snapshot_diff_child (device, "mac");
        g_autofree char *address = mac != NULL ? (char *) xmlGetProp (mac, (const xmlChar *) "address") : NULL;

        if (address != NULL) {
            g_autofree char *lower = g_ascii_strdown (address, -1);

            return g_strdup_printf ("interface %s", lower);
        }
    }
    return g_strdup_printf ("%s #%u", kind, index + 1);
}

/* key → serialized device (the <address> left out: libvirt assigns it) */
static GHashTable *
vimana_snapshot_diff_devices (xmlNodePtr domain,
                              GPtrArray *order)
{
    GHashTable *devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
    xmlNodePtr parent = vimana_snapshot_diff_child (domain, "devices");

    for (xmlNodePtr n = parent != NULL ? parent->children : NULL; n != NULL; n = n->next) {
        guint index;
        char *key;
        xmlNodePtr copy;
        xmlBufferPtr buffer;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        index = GPOINTER_TO_UINT (g_hash_table_lookup (counts, n->name));
        g_hash_table_insert (counts, (gpointer) n->name, GUINT_TO_POINTER (index + 1));
        key = vimana_snapshot_diff_key (n, index);
        copy = xmlCopyNode (n, 1);
        for (xmlNodePtr c = copy->children, next; c != NULL; c = next) {
            next = c->next;
            if (c->type == XML_ELEMENT_NODE && (g_str_equal ((const char *) c->name, "address") ||
                                                g_str_equal ((const char *) c->name, "alias"))) {
                xmlUnlinkNode (c);
                xmlFreeNode (c);
            } else if (c->type == XML_ELEMENT_NODE && g_str_equal ((const char *) c->name, "mac")) {
                g_autofree char *address = (char *) xmlGetProp (c, (const xmlChar *) "address");
                g_autofree char *lower = address != NULL ? g_ascii_strdown (address, -1) : NULL;

                if (lower != NULL)
                    xmlSetProp (c, (const xmlChar *) "address", (const xmlChar *) lower);
            } else if (c->type == XML_TEXT_NODE && xmlIsBlankNode (c)) {
                xmlUnlinkNode (c);
                xmlFreeNode (c);
            }
        }
        buffer = xmlBufferCreate ();
        xmlNodeDump (buffer, NULL, copy, 0, 0);
        xmlFreeNode (copy);
        if (order != NULL && !g_hash_table_contains (devices, key))
            g_ptr_array_add (order, g_strdup (key));
        g_hash_table_replace (devices, key, g_strdup ((const char *) xmlBufferContent (buffer)));
        xmlBufferFree (buffer);
    }
    return devices;
}

static char *
vimana_snapshot_diff_mib (guint64 kib)
{
    return g_format_size_full (kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
}

/**
 * vimana_snapshot_config_diff:
 * @snapshot_xml: the snapshot's XML (<domainsnapshot> with its <domain>) or a <domain>
 * @current_xml: the guest's definition today
 *
 * Returns: (transfer full): readable, translated lines saying what a revert to the snapshot
 * changes (empty when nothing), or %NULL with @error set when a document cannot be read or the
 * snapshot has no <domain>.
 */
GPtrArray *
vimana_snapshot_config_diff (const char *snapshot_xml,
                             const char *current_xml,
                             GError    **error)
{
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) then_order = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) now_order = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GHashTable) then_devices = NULL;
    g_autoptr(GHashTable) now_devices = NULL;
    xmlDoc *then_doc = NULL;
    xmlDoc *now_doc = NULL;
    xmlNodePtr then_dom;
    xmlNodePtr now_dom;
    guint64 then_mem, now_mem, then_cpus, now_cpus;

    if (snapshot_xml != NULL)
        then_doc = xmlReadMemory (snapshot_xml, strlen (snapshot_xml), "snapshot.xml", NULL, options);
    if (current_xml != NULL)
        now_doc = xmlReadMemory (current_xml, strlen (current_xml), "domain.xml", NULL, options);
    then_dom = vimana_snapshot_diff_domain (then_doc);
    now_dom = vimana_snapshot_diff_domain (now_doc);
    if (then_dom == NULL || now_dom == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             then_dom == NULL
                             ? _("The snapshot does not keep the guest’s configuration.")
                             : _("The guest’s configuration could not be read."));
        xmlFreeDoc (then_doc);
        xmlFreeDoc (now_doc);
        return NULL;
    }

    then_mem = vimana_snapshot_diff_kib (vimana_snapshot_diff_child (then_dom, "memory"));
    now_mem = vimana_snapshot_diff_kib (vimana_snapshot_diff_child (now_dom, "memory"));
    if (then_mem != now_mem) {
        g_autofree char *a = vimana_snapshot_diff_mib (now_mem);
        g_autofree char *b = vimana_snapshot_diff_mib (then_mem);

        /* Translators: memory from today's size to the snapshot's, e.g. "Memory: 2.0 GiB → 1.0 GiB". */
        g_ptr_array_add (lines, g_strdup_printf (_("Memory: %s → %s"), a, b));
    }
    then_cpus = vimana_snapshot_diff_vcpus (then_dom);
    now_cpus = vimana_snapshot_diff_vcpus (now_dom);
    if (then_cpus != now_cpus)
        /* Translators: number of virtual CPUs today → in the snapshot. */
        g_ptr_array_add (lines, g_strdup_printf (_("vCPUs: %u → %u"),
                                                 (guint) now_cpus, (guint) then_cpus));

    then_devices = vimana_snapshot_diff_devices (then_dom, then_order);
    now_devices = vimana_snapshot_diff_devices (now_dom, now_order);
    for (guint i = 0; i < now_order->len; i++) {
        const char *key = now_order->pdata[i];
        const char *then = g_hash_table_lookup (then_devices, key);

        if (then == NULL)
            /* Translators: %s names a device, e.g. "disk vdb"; it exists today, not in the snapshot. */
            g_ptr_array_add (lines, g_strdup_printf (_("Removed: %s (added since the snapshot)"), key));
        else if (!g_str_equal (then, g_hash_table_lookup (now_devices, key)))
            /* Translators: %s names a device, e.g. "disk vda". */
            g_ptr_array_add (lines, g_strdup_printf (_("Changed: %s"), key));
    }
    for (guint i = 0; i < then_order->len; i++) {
        const char *key = then_order->pdata[i];

        if (!g_hash_table_contains (now_devices, key))
            /* Translators: %s names a device that the snapshot has and today's guest does not. */
            g_ptr_array_add (lines, g_strdup_printf (_("Added back: %s"), key));
    }

    xmlFreeDoc (then_doc);
    xmlFreeDoc (now_doc);
    return g_steal_pointer (&lines);
}
