/* vimana-pool-spec.c: what a new storage pool of any type is made of, and its XML
 *
 * The New Pool dialog describes every pool it defines (dir, fs, netfs, logical, iSCSI, disk)
 * with one VimanaPoolSpec; it is checked here, field by field, before anything reaches libvirt,
 * and written here as the one <pool> XML (escaped, so nothing typed can change its shape).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-pool-spec.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

static const char * const kind_names[] = { "dir", "fs", "netfs", "logical", "iscsi", "disk" };

const char *
vimana_pool_kind_to_string (VimanaPoolKind kind)
{
    g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);
    return kind_names[kind];
}

gboolean
vimana_pool_kind_from_string (const char     *type,
                              VimanaPoolKind *kind)
{
    for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kind_names); i++) {
        if (strcmp (type, kind_names[i]) == 0) {
            *kind = (VimanaPoolKind) i;
            return TRUE;
        }
    }
    return FALSE;
}

/**
 * vimana_pool_check_host_name:
 * @host: a host name, an IPv4 address or an IPv6 address
 *
 * Returns: whether @host is a host name by RFC 1123 (labels of letters, digits and inner "-",
 *   at most 63 characters each, 253 in all) or an IP address
 */
gboolean
vimana_pool_check_host_name (const char *host)
{
    gsize label = 0;

    if (host == NULL || *host == '\0' || strlen (host) > 253)
        return FALSE;
    if (g_hostname_is_ip_address (host))
        return TRUE;
    for (const char *c = host; ; c++) {
        if (*c == '.' || *c == '\0') {
            if (label == 0 || c[-1] == '-')
                return FALSE;
            if (*c == '\0')
                return TRUE;
            label = 0;
        } else if (g_ascii_isalnum (*c) || (*c == '-' && label > 0)) {
            if (++label > 63)
                return FALSE;
        } else {
            return FALSE;
        }
    }
}

/**
 * vimana_pool_check_iqn:
 * @iqn: an iSCSI qualified name
 *
 * Returns: whether @iqn reads "iqn.YYYY-MM.reversed.domain[:anything printable]" (RFC 3720)
 */
gboolean
vimana_pool_check_iqn (const char *iqn)
{
    const char *rest;

    if (iqn == NULL || !g_str_has_prefix (iqn, "iqn.") || strlen (iqn) > 223)
        return FALSE;
    rest = iqn + 4;
    for (int i = 0; i < 7; i++) {
        gboolean dash = (i == 4);
        if (dash ? rest[i] != '-' : !g_ascii_isdigit (rest[i]))
            return FALSE;
    }
    if (rest[7] != '.' || !g_ascii_isalnum (rest[8]))
        return FALSE;
    for (const char *c = rest + 8; *c != '\0' && *c != ':'; c++) {
        if (!g_ascii_isalnum (*c) && *c != '-' && *c != '.')
            return FALSE;
    }
    for (const char *c = iqn; *c != '\0'; c++) {
        if (!g_ascii_isgraph (*c))
            return FALSE;
    }
    return TRUE;
}

static gboolean
is_absolute (const char *path)
{
    return path != NULL && g_path_is_absolute (path) && strstr (path, "/../") == NULL
           && !g_str_has_suffix (path, "/..");
}

/**
 * vimana_pool_spec_check:
 * @spec: the pool to define
 * @field: (out): which field a refusal is about
 * @error: return location for the reason
 *
 * Returns: whether every field @spec's kind uses is there and well formed
 */
gboolean
vimana_pool_spec_check (const VimanaPoolSpec *spec,
                        VimanaPoolField      *field,
                        GError              **error)
{
    *field = VIMANA_POOL_FIELD_NAME;
    if (spec->name == NULL || *spec->name == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A storage pool needs a name."));
        return FALSE;
    }
    for (const char *c = spec->name; *c != '\0'; c++) {
        if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.') {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("A storage pool's name has only letters, digits, “-”, “_” and "
                                   "“.”."));
            return FALSE;
        }
    }
    if (spec->kind == VIMANA_POOL_KIND_NETFS || spec->kind == VIMANA_POOL_KIND_ISCSI) {
        if (!vimana_pool_check_host_name (spec->host)) {
            *field = VIMANA_POOL_FIELD_HOST;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a host name or an address."),
                         spec->host != NULL ? spec->host : "");
            return FALSE;
        }
    }
    switch (spec->kind) {
    case VIMANA_POOL_KIND_FS:
    case VIMANA_POOL_KIND_DISK:
        if (!is_absolute (spec->source)) {
            *field = VIMANA_POOL_FIELD_SOURCE;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not an absolute path; a device’s path starts with “/”."),
                         spec->source != NULL ? spec->source : "");
            return FALSE;
        }
        break;
    case VIMANA_POOL_KIND_NETFS:
        if (!is_absolute (spec->source)) {
            *field = VIMANA_POOL_FIELD_SOURCE;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not an absolute path; an NFS export starts with “/”."),
                         spec->source != NULL ? spec->source : "");
            return FALSE;
        }
        break;
    case VIMANA_POOL_KIND_LOGICAL:
        if (spec->source == NULL || *spec->source == '\0' || strchr (spec->source, '/') != NULL) {
            *field = VIMANA_POOL_FIELD_SOURCE;
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("Choose an existing volume group."));
            return FALSE;
        }
        break;
    case VIMANA_POOL_KIND_ISCSI:
        if (!vimana_pool_check_iqn (spec->source)) {
            *field = VIMANA_POOL_FIELD_SOURCE;
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("An iSCSI target reads like iqn.2024-01.com.example:disk1."));
            return FALSE;
        }
        break;
    case VIMANA_POOL_KIND_DIR:
    default:
        break;
    }
    if (spec->kind == VIMANA_POOL_KIND_DIR || spec->kind == VIMANA_POOL_KIND_FS
        || spec->kind == VIMANA_POOL_KIND_NETFS) {
        if (!is_absolute (spec->target)) {
            *field = VIMANA_POOL_FIELD_TARGET;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not an absolute path; a pool's folder starts with “/”."),
                         spec->target != NULL ? spec->target : "");
            return FALSE;
        }
    }
    return TRUE;
}

/**
 * vimana_pool_spec_to_xml:
 * @spec: a pool vimana_pool_spec_check() accepted
 *
 * Returns: (transfer full): the <pool> XML to define it with
 */
char *
vimana_pool_spec_to_xml (const VimanaPoolSpec *spec)
{
    GString *xml = g_string_new (NULL);
    g_autofree char *name = g_markup_escape_text (spec->name, -1);
    g_autofree char *host = g_markup_escape_text (spec->host != NULL ? spec->host : "", -1);
    g_autofree char *source = g_markup_escape_text (spec->source != NULL ? spec->source : "", -1);
    g_autofree char *target = g_markup_escape_text (spec->target != NULL ? spec->target : "", -1);

    g_string_append_printf (xml, "<pool type='%s'><name>%s</name>",
                            vimana_pool_kind_to_string (spec->kind), name);
    switch (spec->kind) {
    case VIMANA_POOL_KIND_FS:
        g_string_append_printf (xml, "<source><device path='%s'/></source>", source);
        break;
    case VIMANA_POOL_KIND_NETFS:
        g_string_append_printf (xml, "<source><host name='%s'/><dir path='%s'/>"
                                     "<format type='nfs'/></source>", host, source);
        break;
    case VIMANA_POOL_KIND_LOGICAL:
        g_string_append_printf (xml, "<source><name>%s</name><format type='lvm2'/></source>"
                                     "<target><path>/dev/%s</path></target>", source, source);
        break;
    case VIMANA_POOL_KIND_ISCSI:
        g_string_append_printf (xml, "<source><host name='%s'/><device path='%s'/></source>"
                                     "<target><path>/dev/disk/by-path</path></target>",
                                host, source);
        break;
    case VIMANA_POOL_KIND_DISK:
        g_string_append_printf (xml, "<source><device path='%s'/></source>"
                                     "<target><path>/dev</path></target>", source);
        break;
    case VIMANA_POOL_KIND_DIR:
    default:
        break;
    }
    if (spec->kind == VIMANA_POOL_KIND_DIR || spec->kind == VIMANA_POOL_KIND_FS
        || spec->kind == VIMANA_POOL_KIND_NETFS)
        g_string_append_printf (xml, "<target><path>%s</path></target>", target);
    g_string_append (xml, "</pool>");
    return g_string_free (xml, FALSE);
}

/**
 * vimana_pool_kinds_supported:
 * @capabilities: (nullable): what virConnectGetStoragePoolCapabilities() answered; %NULL when
 *   the driver cannot say (the test driver, an old libvirt)
 * @supported: (out): for each #VimanaPoolKind, whether the host can make such a pool
 *
 * When the host cannot say, only a directory pool is offered: every libvirt has it.
 */
void
vimana_pool_kinds_supported (const char *capabilities,
                             gboolean    supported[6])
{
    xmlDoc *doc = NULL;
    xmlNode *root;

    for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
        supported[i] = (i == VIMANA_POOL_KIND_DIR);
    if (capabilities != NULL)
        doc = xmlReadMemory (capabilities, (int) strlen (capabilities), "capabilities.xml", NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL) {
        xmlFreeDoc (doc);
        return;
    }
    supported[VIMANA_POOL_KIND_DIR] = FALSE;
    for (xmlNode *node = root->children; node != NULL; node = node->next) {
        xmlChar *type;
        xmlChar *yes;
        VimanaPoolKind kind;

        if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST "pool"))
            continue;
        type = xmlGetProp (node, BAD_CAST "type");
        yes = xmlGetProp (node, BAD_CAST "supported");
        if (vimana_pool_kind_from_string ((const char *) type, &kind))
            supported[kind] = yes != NULL && xmlStrEqual (yes, BAD_CAST "yes");
        xmlFree (type);
        xmlFree (yes);
    }
    xmlFreeDoc (doc);
}

/**
 * vimana_pool_sources_parse:
 * @sources: (nullable): what virConnectFindStoragePoolSources() answered
 * @kind: the kind asked about: %VIMANA_POOL_KIND_NETFS (exports, from <dir path>), else the
 *   sources' devices (an iSCSI target's IQN) or names (a volume group)
 *
 * Returns: (transfer full): the sources found, each once, in the host's order; empty (never
 *   %NULL) when there are none or @sources does not read as XML
 */
char **
vimana_pool_sources_parse (const char     *sources,
                           VimanaPoolKind  kind)
{
    g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    xmlDoc *doc = NULL;
    xmlNode *root;

    if (sources != NULL)
        doc = xmlReadMemory (sources, (int) strlen (sources), "sources.xml", NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    for (xmlNode *source = root != NULL && xmlStrEqual (root->name, BAD_CAST "sources")
                           ? root->children : NULL;
         source != NULL; source = source->next) {
        if (source->type != XML_ELEMENT_NODE || !xmlStrEqual (source->name, BAD_CAST "source"))
            continue;
        for (xmlNode *node = source->children; node != NULL; node = node->next) {
            xmlChar *value = NULL;

            if (node->type != XML_ELEMENT_NODE)
                continue;
            if (kind == VIMANA_POOL_KIND_NETFS && xmlStrEqual (node->name, BAD_CAST "dir"))
                value = xmlGetProp (node, BAD_CAST "path");
            else if (kind == VIMANA_POOL_KIND_LOGICAL && xmlStrEqual (node->name, BAD_CAST "name"))
                value = xmlNodeGetContent (node);
            else if (kind != VIMANA_POOL_KIND_NETFS && kind != VIMANA_POOL_KIND_LOGICAL
                     && xmlStrEqual (node->name, BAD_CAST "device"))
                value = xmlGetProp (node, BAD_CAST "path");
            if (value != NULL && *value != '\0'
                && !g_ptr_array_find_with_equal_func (found, value, g_str_equal, NULL))
                g_ptr_array_add (found, g_strdup ((const char *) value));
            xmlFree (value);
        }
    }
    xmlFreeDoc (doc);
    g_ptr_array_add (found, NULL);
    return (char **) g_ptr_array_free (g_steal_pointer (&found), FALSE);
}
