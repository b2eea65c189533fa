/* vimana-recovery.c: which guests of a lost host another host can start, and how
 *
 * Pure. A guest that ran on a host that went away can be started elsewhere only when every
 * disk it has lives on storage the other host sees too. Paths say nothing about that (two
 * "dir" pools at /var/lib/libvirt/images are two disks; one NFS export is often mounted at
 * two different paths), so a pool is reduced to its source: an NFS server and export, an
 * iSCSI portal and target IQN, a volume group's name, a Ceph or Gluster cluster's hosts and
 * pool. The plan maps each disk to its pool on the lost host (by pool name, or the longest
 * target path that holds it), finds the survivor's pool with the same source, and rewrites
 * the disk's path or pool name for the survivor. What it cannot map, it says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-recovery.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

void
vimana_recovery_pool_free (VimanaRecoveryPool *pool)
{
    if (pool == NULL)
        return;
    g_free (pool->name);
    g_free (pool->type);
    g_free (pool->target_path);
    g_free (pool->source_key);
    g_free (pool);
}

VimanaRecoveryPool *
vimana_recovery_pool_copy (const VimanaRecoveryPool *pool)
{
    VimanaRecoveryPool *copy = g_new0 (VimanaRecoveryPool, 1);

    copy->name = g_strdup (pool->name);
    copy->type = g_strdup (pool->type);
    copy->target_path = g_strdup (pool->target_path);
    copy->source_key = g_strdup (pool->source_key);
    return copy;
}

VimanaRecoveryGuest *
vimana_recovery_guest_new (const char *uuid,
                           const char *name,
                           const char *xml)
{
    VimanaRecoveryGuest *guest = g_new0 (VimanaRecoveryGuest, 1);

    guest->uuid = g_strdup (uuid);
    guest->name = g_strdup (name);
    guest->xml = g_strdup (xml);
    return guest;
}

VimanaRecoveryGuest *
vimana_recovery_guest_copy (const VimanaRecoveryGuest *guest)
{
    return vimana_recovery_guest_new (guest->uuid, guest->name, guest->xml);
}

void
vimana_recovery_guest_free (VimanaRecoveryGuest *guest)
{
    if (guest == NULL)
        return;
    g_free (guest->uuid);
    g_free (guest->name);
    g_free (guest->xml);
    g_free (guest);
}

void
vimana_recovery_item_free (VimanaRecoveryItem *item)
{
    if (item == NULL)
        return;
    g_free (item->uuid);
    g_free (item->name);
    g_free (item->reason);
    g_free (item->xml);
    g_free (item);
}

static gboolean
vimana_recovery_is (const xmlNode *node,
                    const char    *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
vimana_recovery_child (xmlNode    *parent,
                       const char *name)
{
    for (xmlNode *child = parent != NULL ? parent->children : NULL; child != NULL;
         child = child->next)
        if (vimana_recovery_is (child, name))
            return child;
    return NULL;
}

static char *
vimana_recovery_prop (xmlNode    *node,
                      const char *name)
{
    xmlChar *value;
    char *copy;

    if (node == NULL)
        return NULL;
    value = xmlGetProp (node, (const xmlChar *) name);
    if (value == NULL)
        return NULL;
    copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

static char *
vimana_recovery_child_text (xmlNode    *parent,
                            const char *name)
{
    xmlNode *child = vimana_recovery_child (parent, name);
    xmlChar *text;
    char *copy;

    if (child == NULL)
        return NULL;
    text = xmlNodeGetContent (child);
    copy = g_strstrip (g_strdup ((const char *) text));
    xmlFree (text);
    return copy;
}

/* "/srv/export/" and "/srv//export" are the same export. */
static char *
vimana_recovery_normalize_path (const char *path)
{
    g_autoptr(GString) out = g_string_new (NULL);

    for (const char *p = path; *p != '\0'; p++)
        if (*p != '/' || out->len == 0 || out->str[out->len - 1] != '/')
            g_string_append_c (out, *p);
    while (out->len > 1 && out->str[out->len - 1] == '/')
        g_string_truncate (out, out->len - 1);
    return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
vimana_recovery_compare_strings (gconstpointer a,
                                 gconstpointer b)
{
    return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The hosts of a source, lower-cased, with their port, sorted: "a:6789,b:6789". */
static char *
vimana_recovery_source_hosts (xmlNode    *source,
                              const char *default_port)
{
    g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func (g_free);

    for (xmlNode *child = source->children; child != NULL; child = child->next) {
        g_autofree char *name = NULL;
        g_autofree char *port = NULL;
        g_autofree char *lower = NULL;

        if (!vimana_recovery_is (child, "host"))
            continue;
        name = vimana_recovery_prop (child, "name");
        port = vimana_recovery_prop (child, "port");
        if (name == NULL || *name == '\0')
            continue;
        lower = g_ascii_strdown (name, -1);
        g_ptr_array_add (hosts, g_strdup_printf ("%s:%s", lower,
                                                 port != NULL && *port != '\0' ? port
                                                 : default_port));
    }
    if (hosts->len == 0)
        return NULL;
    g_ptr_array_sort (hosts, vimana_recovery_compare_strings);
    g_ptr_array_add (hosts, NULL);
    return g_strjoinv (",", (char **) hosts->pdata);
}

/* What storage a pool's <source> names, or NULL for storage only its host has (dir, fs,
 * disk, scsi and the rest) or a source too incomplete to compare. */
static char *
vimana_recovery_source_key (const char *type,
                            xmlNode    *source)
{
    g_autofree char *hosts = NULL;
    g_autofree char *name = NULL;

    if (source == NULL)
        return NULL;
    if (strcmp (type, "netfs") == 0) {
        g_autofree char *dir = vimana_recovery_prop (vimana_recovery_child (source, "dir"),
                                                     "path");
        g_autofree char *format = vimana_recovery_prop (vimana_recovery_child (source, "format"),
                                                        "type");
        g_autofree char *export = NULL;

        hosts = vimana_recovery_source_hosts (source, "");
        if (hosts == NULL || dir == NULL || *dir == '\0')
            return NULL;
        export = vimana_recovery_normalize_path (dir);
        /* Ports are not part of an NFS export's identity; "auto" is NFS. */
        g_strdelimit (hosts, ":", ' ');
        g_strchomp (hosts);
        return g_strdup_printf ("netfs:%s:%s:%s",
                                format != NULL && strcmp (format, "auto") != 0 ? format : "nfs",
                                hosts, export);
    }
    if (strcmp (type, "iscsi") == 0 || strcmp (type, "iscsi-direct") == 0) {
        g_autofree char *iqn = vimana_recovery_prop (vimana_recovery_child (source, "device"),
                                                     "path");

        hosts = vimana_recovery_source_hosts (source, "3260");
        if (hosts == NULL || iqn == NULL || *iqn == '\0')
            return NULL;
        return g_strdup_printf ("iscsi:%s:%s", hosts, iqn);
    }
    if (strcmp (type, "logical") == 0) {
        name = vimana_recovery_child_text (source, "name");
        if (name == NULL || *name == '\0')
            return NULL;
        return g_strdup_printf ("logical:%s", name);
    }
    if (strcmp (type, "rbd") == 0 || strcmp (type, "gluster") == 0) {
        g_autofree char *dir = vimana_recovery_prop (vimana_recovery_child (source, "dir"),
                                                     "path");

        hosts = vimana_recovery_source_hosts (source, strcmp (type, "rbd") == 0 ? "6789"
                                              : "24007");
        name = vimana_recovery_child_text (source, "name");
        if (hosts == NULL || name == NULL || *name == '\0')
            return NULL;
        return g_strdup_printf ("%s:%s:%s%s", type, hosts, name, dir != NULL ? dir : "");
    }
    return NULL;
}

/**
 * vimana_recovery_pool_parse:
 * @pool_xml: a pool's XML, as virStoragePoolGetXMLDesc() gives it
 * @error: where a description that is no pool is reported
 *
 * Returns: (transfer full): the pool's name, type, target path and source
 */
VimanaRecoveryPool *
vimana_recovery_pool_parse (const char  *pool_xml,
                            GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(VimanaRecoveryPool) pool = g_new0 (VimanaRecoveryPool, 1);
    g_autofree char *target = NULL;
    xmlNode *root;

    g_return_val_if_fail (pool_xml != NULL, NULL);

    doc = xmlReadMemory (pool_xml, strlen (pool_xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_recovery_is (root, "pool")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The storage pool’s description could not be read."));
        return NULL;
    }
    pool->type = vimana_recovery_prop (root, "type");
    pool->name = vimana_recovery_child_text (root, "name");
    if (pool->type == NULL || pool->name == NULL || *pool->name == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The storage pool’s description has no name or type."));
        return NULL;
    }
    target = vimana_recovery_child_text (vimana_recovery_child (root, "target"), "path");
    if (target != NULL && *target == '/')
        pool->target_path = vimana_recovery_normalize_path (target);
    pool->source_key = vimana_recovery_source_key (pool->type,
                                                   vimana_recovery_child (root, "source"));
    return g_steal_pointer (&pool);
}

/**
 * vimana_recovery_pools_shared:
 * @a: a pool of one host
 * @b: a pool of another host
 *
 * Returns: whether both are the same shared storage (same source); two pools of storage only
 *   their own host has are never shared, whatever their paths
 */
gboolean
vimana_recovery_pools_shared (const VimanaRecoveryPool *a,
                              const VimanaRecoveryPool *b)
{
    g_return_val_if_fail (a != NULL && b != NULL, FALSE);
    return a->source_key != NULL && b->source_key != NULL
           && strcmp (a->source_key, b->source_key) == 0;
}

static VimanaRecoveryPool *
vimana_recovery_find_pool_by_name (GPtrArray  *pools,
                                   const char *name)
{
    for (guint i = 0; pools != NULL && i < pools->len; i++) {
        VimanaRecoveryPool *pool = g_ptr_array_index (pools, i);

        if (strcmp (pool->name, name) == 0)
            return pool;
    }
    return NULL;
}

/* The pool whose target folder holds @path (the longest, for nested folders). */
static VimanaRecoveryPool *
vimana_recovery_find_pool_by_path (GPtrArray   *pools,
                                   const char  *path,
                                   const char **rest)
{
    VimanaRecoveryPool *best = NULL;
    gsize best_len = 0;

    for (guint i = 0; pools != NULL && i < pools->len; i++) {
        VimanaRecoveryPool *pool = g_ptr_array_index (pools, i);
        gsize len;

        if (pool->target_path == NULL)
            continue;
        len = strlen (pool->target_path);
        if (strncmp (path, pool->target_path, len) == 0 && path[len] == '/' && len > best_len) {
            best = pool;
            best_len = len;
        }
    }
    if (best != NULL)
        *rest = path + best_len;
    return best;
}

static VimanaRecoveryPool *
vimana_recovery_find_shared (GPtrArray                *pools,
                             const VimanaRecoveryPool *lost)
{
    for (guint i = 0; pools != NULL && i < pools->len; i++) {
        VimanaRecoveryPool *pool = g_ptr_array_index (pools, i);

        if (vimana_recovery_pools_shared (pool, lost))
            return pool;
    }
    return NULL;
}

/* A network disk (rbd, gluster, iscsi) names its storage itself: it is shared when the
 * survivor has a pool of that source. */
static char *
vimana_recovery_network_disk_key (xmlNode *source)
{
    g_autofree char *protocol = vimana_recovery_prop (source, "protocol");
    g_autofree char *name = vimana_recovery_prop (source, "name");
    g_autofree char *hosts = NULL;
    char *slash;

    if (protocol == NULL || name == NULL)
        return NULL;
    if (strcmp (protocol, "iscsi") == 0) {
        hosts = vimana_recovery_source_hosts (source, "3260");
        slash = strrchr (name, '/');
        if (hosts == NULL || slash == NULL)
            return NULL;
        *slash = '\0';
        return g_strdup_printf ("iscsi:%s:%s", hosts, name);
    }
    if (strcmp (protocol, "rbd") == 0 || strcmp (protocol, "gluster") == 0) {
        hosts = vimana_recovery_source_hosts (source, strcmp (protocol, "rbd") == 0 ? "6789"
                                              : "24007");
        slash = strchr (name, '/');
        if (hosts == NULL || slash == NULL)
            return NULL;
        *slash = '\0';
        return g_strdup_printf ("%s:%s:%s", protocol, hosts, name);
    }
    return NULL;
}

static gboolean
vimana_recovery_survivor_has_key (GPtrArray  *pools,
                                  const char *key)
{
    for (guint i = 0; pools != NULL && i < pools->len; i++) {
        VimanaRecoveryPool *pool = g_ptr_array_index (pools, i);

        /* A Gluster pool with a <dir> still covers its volume's disks. */
        if (pool->source_key != NULL && g_str_has_prefix (pool->source_key, key))
            return TRUE;
    }
    return FALSE;
}

typedef struct
{
    GPtrArray  *lost_pools;
    GPtrArray  *survivor_pools;
    const char *lost_name;
    const char *survivor_name;
} VimanaRecoveryContext;

/* Maps one disk onto the survivor, rewriting its source there; FALSE with @reason if it
 * cannot be. */
static gboolean
vimana_recovery_map_disk (const VimanaRecoveryContext *ctx,
                          xmlNode                     *disk,
                          char                       **reason)
{
    g_autofree char *type = vimana_recovery_prop (disk, "type");
    g_autofree char *target = vimana_recovery_prop (vimana_recovery_child (disk, "target"),
                                                    "dev");
    xmlNode *source = vimana_recovery_child (disk, "source");
    const char *attr = NULL;
    const char *disk_name = target != NULL ? target : "?";

    if (source == NULL || type == NULL)
        return TRUE;    /* an empty CD-ROM drive */
    if (strcmp (type, "volume") == 0) {
        g_autofree char *pool_name = vimana_recovery_prop (source, "pool");
        VimanaRecoveryPool *lost;
        VimanaRecoveryPool *there;

        lost = pool_name != NULL ? vimana_recovery_find_pool_by_name (ctx->lost_pools, pool_name)
               : NULL;
        if (lost == NULL) {
            /* Translators: the first %s is a disk (vda), the second a storage pool's name,
             * the third a host's. */
            *reason = g_strdup_printf (_("Disk %s is in pool “%s”, which %s did not list."),
                                       disk_name, pool_name != NULL ? pool_name : "?",
                                       ctx->lost_name);
            return FALSE;
        }
        if (lost->source_key == NULL) {
            /* Translators: %s: a disk (vda), a pool's name, its type (dir), a host's name. */
            *reason = g_strdup_printf (_("Disk %s is in pool “%s” (%s), storage that only %s "
                                         "has."), disk_name, lost->name, lost->type,
                                       ctx->lost_name);
            return FALSE;
        }
        there = vimana_recovery_find_shared (ctx->survivor_pools, lost);
        if (there == NULL) {
            /* Translators: %s: a disk (vda), a pool's name, a host's name. */
            *reason = g_strdup_printf (_("Disk %s is in pool “%s”, which %s does not have."),
                                       disk_name, lost->name, ctx->survivor_name);
            return FALSE;
        }
        xmlSetProp (source, (const xmlChar *) "pool", (const xmlChar *) there->name);
        return TRUE;
    }
    if (strcmp (type, "network") == 0) {
        g_autofree char *key = vimana_recovery_network_disk_key (source);

        if (key == NULL || !vimana_recovery_survivor_has_key (ctx->survivor_pools, key)) {
            /* Translators: %s: a disk (vda), then a host's name. */
            *reason = g_strdup_printf (_("Disk %s is network storage that no pool of %s "
                                         "names."), disk_name, ctx->survivor_name);
            return FALSE;
        }
        return TRUE;
    }
    if (strcmp (type, "file") == 0)
        attr = "file";
    else if (strcmp (type, "block") == 0)
        attr = "dev";
    else if (strcmp (type, "dir") == 0)
        attr = "dir";
    if (attr != NULL) {
        g_autofree char *path = vimana_recovery_prop (source, attr);
        g_autofree char *normal = NULL;
        g_autofree char *moved = NULL;
        const char *rest = NULL;
        VimanaRecoveryPool *lost;
        VimanaRecoveryPool *there;

        if (path == NULL)
            return TRUE;
        normal = vimana_recovery_normalize_path (path);
        lost = vimana_recovery_find_pool_by_path (ctx->lost_pools, normal, &rest);
        if (lost == NULL) {
            /* Translators: %s: a disk (vda), its file, a host's name. */
            *reason = g_strdup_printf (_("Disk %s (%s) is in no storage pool of %s, so "
                                         "nothing says another host sees it."),
                                       disk_name, path, ctx->lost_name);
            return FALSE;
        }
        if (lost->source_key == NULL) {
            *reason = g_strdup_printf (_("Disk %s is in pool “%s” (%s), storage that only %s "
                                         "has."), disk_name, lost->name, lost->type,
                                       ctx->lost_name);
            return FALSE;
        }
        there = vimana_recovery_find_shared (ctx->survivor_pools, lost);
        if (there == NULL || there->target_path == NULL) {
            *reason = g_strdup_printf (_("Disk %s is in pool “%s”, which %s does not have."),
                                       disk_name, lost->name, ctx->survivor_name);
            return FALSE;
        }
        moved = g_strconcat (there->target_path, rest, NULL);
        xmlSetProp (source, (const xmlChar *) attr, (const xmlChar *) moved);
        return TRUE;
    }
    /* Translators: %s: a disk (vda), then its type (nvme…). */
    *reason = g_strdup_printf (_("Disk %s is of a kind (%s) recovery does not know."),
                               disk_name, type);
    return FALSE;
}

static VimanaRecoveryItem *
vimana_recovery_plan_guest (const VimanaRecoveryContext *ctx,
                            const VimanaRecoveryGuest   *guest)
{
    g_autoptr(VimanaRecoveryItem) item = g_new0 (VimanaRecoveryItem, 1);
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root;
    xmlNode *devices;
    xmlChar *buffer = NULL;
    int size = 0;
    guint disks = 0;

    item->uuid = g_strdup (guest->uuid);
    item->name = g_strdup (guest->name);
    doc = guest->xml != NULL
          ? xmlReadMemory (guest->xml, strlen (guest->xml), NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
          : NULL;
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_recovery_is (root, "domain")) {
        item->reason = g_strdup (_("Its last definition was not read before the host was "
                                   "lost."));
        return g_steal_pointer (&item);
    }
    devices = vimana_recovery_child (root, "devices");
    for (xmlNode *child = devices != NULL ? devices->children : NULL; child != NULL;
         child = child->next) {
        if (!vimana_recovery_is (child, "disk"))
            continue;
        disks++;
        if (!vimana_recovery_map_disk (ctx, child, &item->reason))
            return g_steal_pointer (&item);
    }
    xmlDocDumpMemory (doc, &buffer, &size);
    item->xml = g_strndup ((const char *) buffer, size);
    xmlFree (buffer);
    item->recoverable = TRUE;
    if (disks == 0)
        /* Translators: %s is a host's name. */
        item->reason = g_strdup_printf (_("It has no disks; %s can start it."),
                                        ctx->survivor_name);
    else
        /* Translators: %s is a host's name. */
        item->reason = g_strdup_printf (ngettext ("Its disk is on storage %s sees too.",
                                                  "Its disks are on storage %s sees too.",
                                                  disks), ctx->survivor_name);
    return g_steal_pointer (&item);
}

/**
 * vimana_recovery_plan:
 * @guests: (element-type VimanaRecoveryGuest): what ran on the lost host
 * @lost_pools: (element-type VimanaRecoveryPool): the lost host's pools, as last seen
 * @survivor_pools: (element-type VimanaRecoveryPool): the survivor's pools
 * @survivor_guests: (nullable): the survivor's guests' UUIDs and names (a set of both)
 * @lost_name: the lost host's name, for the reasons
 * @survivor_name: the survivor's name, for the reasons
 *
 * Returns: (transfer container) (element-type VimanaRecoveryItem): one line per guest, in
 *   @guests' order, each with whether the survivor can start it, why, and the definition to
 *   give it there (each disk's path or pool name the survivor's)
 */
GPtrArray *
vimana_recovery_plan (GPtrArray  *guests,
                      GPtrArray  *lost_pools,
                      GPtrArray  *survivor_pools,
                      GHashTable *survivor_guests,
                      const char *lost_name,
                      const char *survivor_name)
{
    VimanaRecoveryContext ctx = {
        .lost_pools = lost_pools,
        .survivor_pools = survivor_pools,
        .lost_name = lost_name,
        .survivor_name = survivor_name,
    };
    GPtrArray *plan = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_recovery_item_free);

    g_return_val_if_fail (guests != NULL, plan);
    g_return_val_if_fail (lost_name != NULL && survivor_name != NULL, plan);

    for (guint i = 0; i < guests->len; i++) {
        const VimanaRecoveryGuest *guest = g_ptr_array_index (guests, i);
        VimanaRecoveryItem *item;

        if (survivor_guests != NULL
            && ((guest->uuid != NULL && g_hash_table_contains (survivor_guests, guest->uuid))
                || (guest->name != NULL
                    && g_hash_table_contains (survivor_guests, guest->name)))) {
            item = g_new0 (VimanaRecoveryItem, 1);
            item->uuid = g_strdup (guest->uuid);
            item->name = g_strdup (guest->name);
            /* Translators: %s is a host's name. */
            item->reason = g_strdup_printf (_("%s already has a guest of this name or UUID."),
                                            survivor_name);
        } else {
            item = vimana_recovery_plan_guest (&ctx, guest);
        }
        g_ptr_array_add (plan, item);
    }
    return plan;
}

/**
 * vimana_recovery_plan_count:
 * @plan: (element-type VimanaRecoveryItem): a plan
 *
 * Returns: how many of its guests can be recovered
 */
guint
vimana_recovery_plan_count (GPtrArray *plan)
{
    guint n = 0;

    for (guint i = 0; plan != NULL && i < plan->len; i++)
        if (((VimanaRecoveryItem *) g_ptr_array_index (plan, i))->recoverable)
            n++;
    return n;
}
