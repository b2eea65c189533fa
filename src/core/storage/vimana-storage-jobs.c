/* vimana-storage-jobs.c: libvirt's storage API, on the connection's worker
 *
 * The only code of Vimana that calls virStorage* and virConnectListAllStoragePools: every
 * listing, creation, lookup and deletion of pools and volumes, whoever asks (the storage
 * objects, the installer, a guest's deletion, the delete dialog), goes through these functions,
 * so one operation behaves one way. They run inside jobs on the worker (libvirt's errors are
 * thread-local) and return snapshots that the main thread turns into objects.
 *
 * A volume is read from its XML description alone: one call per volume, which matters for a
 * pool of thousands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "vimana-domain-xml.h"
#include "vimana-error.h"
#include "vimana-storage-private.h"
#include "vimana-xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---- snapshots ---- */

void
vimana_storage_volume_info_free (VimanaStorageVolumeInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->key);
    g_free (info->name);
    g_free (info->path);
    g_free (info->pool);
    g_free (info->format);
    g_free (info);
}

void
vimana_storage_pool_info_free (VimanaStoragePoolInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->pool_type);
    g_free (info->target_path);
    g_clear_pointer (&info->volumes, g_ptr_array_unref);
    g_free (info);
}

void
vimana_disk_volume_info_free (VimanaDiskVolumeInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->target);
    vimana_storage_volume_info_free (info->volume);
    g_free (info);
}

static int
vimana_storage_volume_info_compare (gconstpointer a,
                                    gconstpointer b)
{
    const VimanaStorageVolumeInfo *first = *(VimanaStorageVolumeInfo * const *) a;
    const VimanaStorageVolumeInfo *second = *(VimanaStorageVolumeInfo * const *) b;

    return g_strcmp0 (first->name, second->name);
}

static int
vimana_storage_pool_info_compare (gconstpointer a,
                                  gconstpointer b)
{
    const VimanaStoragePoolInfo *first = *(VimanaStoragePoolInfo * const *) a;
    const VimanaStoragePoolInfo *second = *(VimanaStoragePoolInfo * const *) b;

    return g_strcmp0 (first->name, second->name);
}

static xmlNodePtr
vimana_storage_xml_child (xmlNodePtr  parent,
                          const char *name)
{
    for (xmlNodePtr node = parent != NULL ? parent->children : NULL; node != NULL;
         node = node->next) {
        if (node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name))
            return node;
    }
    return NULL;
}

static char *
vimana_storage_xml_text (xmlNodePtr node)
{
    xmlChar *text;
    char *copy;

    if (node == NULL)
        return NULL;
    text = xmlNodeGetContent (node);
    copy = g_strdup ((const char *) text);
    xmlFree (text);
    return copy;
}

static char *
vimana_storage_xml_prop (xmlNodePtr  node,
                         const char *name)
{
    xmlChar *value;
    char *copy;

    if (node == NULL)
        return NULL;
    value = xmlGetProp (node, BAD_CAST name);
    copy = g_strdup ((const char *) value);
    xmlFree (value);
    return copy;
}

/* libvirt writes sizes in bytes with unit='bytes' in what it describes. */
static guint64
vimana_storage_xml_bytes (xmlNodePtr node)
{
    g_autofree char *text = vimana_storage_xml_text (node);

    return text != NULL ? g_ascii_strtoull (text, NULL, 10) : 0;
}

static int
vimana_storage_volume_type_from_string (const char *type)
{
    static const char * const names[] = { "file", "block", "dir", "network", "netdir", "ploop" };

    for (guint i = 0; type != NULL && i < G_N_ELEMENTS (names); i++) {
        if (g_str_equal (type, names[i]))
            return (int) i;
    }
    return VIMANA_STORAGE_VOLUME_FILE;
}

/* Reads a volume's snapshot from its description; NULL when it has none (it just went). */
static VimanaStorageVolumeInfo *
vimana_storage_volume_info_collect (virStorageVolPtr  vol,
                                    const char       *pool)
{
    g_autoptr(VimanaStorageVolumeInfo) info = g_new0 (VimanaStorageVolumeInfo, 1);
    g_autoptr(xmlDoc) doc = NULL;
    char *xml = virStorageVolGetXMLDesc (vol, 0);
    xmlNodePtr root;
    xmlNodePtr target;
    g_autofree char *type = NULL;

    if (xml == NULL) {
        virResetLastError ();
        return NULL;
    }
    doc = xmlReadMemory (xml, strlen (xml), "volume.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free (xml);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL)
        return NULL;

    /* The name and key are kept in the handle: no call to the daemon. */
    info->name = g_strdup (virStorageVolGetName (vol));
    info->key = g_strdup (virStorageVolGetKey (vol));
    info->pool = g_strdup (pool);
    type = vimana_storage_xml_prop (root, "type");
    info->type = vimana_storage_volume_type_from_string (type);
    info->capacity = vimana_storage_xml_bytes (vimana_storage_xml_child (root, "capacity"));
    info->allocation = vimana_storage_xml_bytes (vimana_storage_xml_child (root, "allocation"));
    target = vimana_storage_xml_child (root, "target");
    info->path = vimana_storage_xml_text (vimana_storage_xml_child (target, "path"));
    info->format = vimana_storage_xml_prop (vimana_storage_xml_child (target, "format"), "type");
    return g_steal_pointer (&info);
}

/* The volumes of an active pool, sorted by name; volumes that vanish meanwhile are left out. */
static GPtrArray *
vimana_storage_pool_list_volumes (virStoragePoolPtr pool)
{
    GPtrArray *volumes = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vimana_storage_volume_info_free);
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes (pool, &vols, 0);

    for (int i = 0; i < n; i++) {
        VimanaStorageVolumeInfo *info =
            vimana_storage_volume_info_collect (vols[i], virStoragePoolGetName (pool));

        if (info != NULL)
            g_ptr_array_add (volumes, info);
        virStorageVolFree (vols[i]);
    }
    free (vols);
    virResetLastError ();
    g_ptr_array_sort (volumes, vimana_storage_volume_info_compare);
    return volumes;
}

static VimanaStoragePoolInfo *
vimana_storage_pool_info_collect (virStoragePoolPtr   pool,
                                  gboolean            with_volumes,
                                  GError            **error)
{
    g_autoptr(VimanaStoragePoolInfo) info = g_new0 (VimanaStoragePoolInfo, 1);
    virStoragePoolInfo vinfo = { 0 };
    g_autofree char *xml = NULL;
    int autostart = 0;

    if (virStoragePoolGetInfo (pool, &vinfo) < 0 ||
        virStoragePoolGetUUIDString (pool, info->uuid) < 0) {
        vimana_error_set_from_libvirt (error, _("The storage pool could not be read."));
        return NULL;
    }
    info->name = g_strdup (virStoragePoolGetName (pool));
    info->state = vinfo.state;
    info->active = virStoragePoolIsActive (pool) == 1;
    info->persistent = virStoragePoolIsPersistent (pool) == 1;
    if (virStoragePoolGetAutostart (pool, &autostart) == 0)
        info->autostart = autostart != 0;
    info->capacity = vinfo.capacity;
    info->allocation = vinfo.allocation;
    info->available = vinfo.available;
    xml = virStoragePoolGetXMLDesc (pool, 0);
    info->pool_type = vimana_xml_get_value (xml, NULL, NULL, "type");
    info->target_path = vimana_xml_get_value (xml, "target", "path", NULL);
    if (with_volumes && info->active)
        info->volumes = vimana_storage_pool_list_volumes (pool);
    virResetLastError ();
    return g_steal_pointer (&info);
}

/* ---- pools ---- */

/**
 * vimana_storage_job_list_pools:
 * @conn: the connection
 * @with_volumes: also list the volumes of every active pool
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type VimanaStoragePoolInfo): every pool, sorted by name
 */
GPtrArray *
vimana_storage_job_list_pools (virConnectPtr   conn,
                               gboolean        with_volumes,
                               GError        **error)
{
    virStoragePoolPtr *pools = NULL;
    GPtrArray *infos;
    int n = virConnectListAllStoragePools (conn, &pools, 0);

    if (n < 0) {
        vimana_error_set_from_libvirt (error, _("The storage pools could not be listed."));
        return NULL;
    }
    infos = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_storage_pool_info_free);
    for (int i = 0; i < n; i++) {
        /* A pool undefined between the listing and this read is simply not listed. */
        VimanaStoragePoolInfo *info = vimana_storage_pool_info_collect (pools[i], with_volumes,
                                                                        NULL);

        if (info != NULL)
            g_ptr_array_add (infos, info);
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    virResetLastError ();
    g_ptr_array_sort (infos, vimana_storage_pool_info_compare);
    return infos;
}

static virStoragePoolPtr
vimana_storage_lookup_pool (virConnectPtr   conn,
                            const char     *name,
                            GError        **error)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, name);
    virErrorPtr err;

    if (pool != NULL)
        return pool;
    err = virGetLastError ();
    if (err != NULL && err->code == VIR_ERR_NO_STORAGE_POOL) {
        virResetLastError ();
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                     _("There is no storage pool “%s”."), name);
        return NULL;
    }
    vimana_error_set_from_libvirt (error, _("The storage pool could not be found."));
    return NULL;
}

/**
 * vimana_storage_job_read_pool:
 * @conn: the connection
 * @name: the pool's name
 * @refresh: rescan an active pool's volumes and free space first (virStoragePoolRefresh)
 * @with_volumes: also list its volumes
 * @error: return location for an error; %VIMANA_ERROR_NOT_FOUND when there is no such pool
 *
 * Returns: (transfer full) (nullable): the pool's snapshot
 */
VimanaStoragePoolInfo *
vimana_storage_job_read_pool (virConnectPtr   conn,
                              const char     *name,
                              gboolean        refresh,
                              gboolean        with_volumes,
                              GError        **error)
{
    virStoragePoolPtr pool = vimana_storage_lookup_pool (conn, name, error);
    VimanaStoragePoolInfo *info;

    if (pool == NULL)
        return NULL;
    if (refresh && virStoragePoolIsActive (pool) == 1 && virStoragePoolRefresh (pool, 0) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be refreshed."));
        virStoragePoolFree (pool);
        return NULL;
    }
    info = vimana_storage_pool_info_collect (pool, with_volumes, error);
    virStoragePoolFree (pool);
    return info;
}

/**
 * vimana_storage_job_ensure_pool:
 * @conn: the connection
 * @name: the pool's name
 * @make_in: (nullable): where to make a directory pool @name when there is none; %NULL to
 *   fail instead
 * @made: (out): set when this call defined the pool, so that the caller can remove it again
 *   (vimana_storage_job_remove_pool()), even when the call then fails
 * @error: return location for an error
 *
 * Makes sure the pool exists and runs: starts it when stopped, and when it is missing and
 * @make_in is given, defines it there, builds its directory, starts it and marks it to start
 * with the host, as the pool users expect ("default", in /var/lib/libvirt/images).
 */
gboolean
vimana_storage_job_ensure_pool (virConnectPtr   conn,
                                const char     *name,
                                const char     *make_in,
                                gboolean       *made,
                                GError        **error)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, name);
    g_autofree char *escaped_name = NULL;
    g_autofree char *escaped_path = NULL;
    g_autofree char *xml = NULL;
    gboolean ok = TRUE;

    *made = FALSE;
    if (pool != NULL) {
        if (virStoragePoolIsActive (pool) != 1 && virStoragePoolCreate (pool, 0) < 0) {
            vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be started."));
            ok = FALSE;
        }
        virStoragePoolFree (pool);
        return ok;
    }
    if (make_in == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be found."));
        return FALSE;
    }
    virResetLastError ();

    escaped_name = g_markup_escape_text (name, -1);
    escaped_path = g_markup_escape_text (make_in, -1);
    xml = g_strdup_printf ("<pool type='dir'><name>%s</name><target><path>%s</path></target></pool>",
                           escaped_name, escaped_path);
    pool = virStoragePoolDefineXML (conn, xml, 0);
    if (pool == NULL) {
        g_autofree char *message = g_strdup_printf (_("The storage pool “%s” could not be made."),
                                                    name);

        vimana_error_set_from_libvirt_prefixed (error, message);
        return FALSE;
    }
    *made = TRUE;
    if (virStoragePoolBuild (pool, 0) < 0 || virStoragePoolCreate (pool, 0) < 0 ||
        virStoragePoolSetAutostart (pool, 1) < 0) {
        g_autofree char *message = g_strdup_printf (_("The storage pool “%s” could not be made."),
                                                    name);

        vimana_error_set_from_libvirt_prefixed (error, message);
        ok = FALSE;
    }
    virStoragePoolFree (pool);
    return ok;
}

/* Stops and undefines a pool that vimana_storage_job_ensure_pool() made; quietly. */
void
vimana_storage_job_remove_pool (virConnectPtr  conn,
                                const char    *name)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, name);

    if (pool != NULL) {
        if (virStoragePoolIsActive (pool) == 1)
            virStoragePoolDestroy (pool);
        virStoragePoolUndefine (pool);
        virStoragePoolFree (pool);
    }
    virResetLastError ();
}

/**
 * vimana_storage_job_define_pool:
 * @conn: the connection
 * @spec: a pool vimana_pool_spec_check() accepted, with a name no pool has
 * @error: return location for the reason; %VIMANA_ERROR_EXISTS when the name is taken
 *
 * Defines the pool from vimana_pool_spec_to_xml(), builds it where building only makes its
 * folder (dir, fs and netfs: never a volume group made or a disk labelled), starts it and marks
 * it to start with the host. A pool that cannot start is undefined again: a failure leaves
 * nothing behind.
 *
 * Returns: (transfer full) (nullable): the new pool's snapshot, with its volumes
 */
VimanaStoragePoolInfo *
vimana_storage_job_define_pool (virConnectPtr          conn,
                                const VimanaPoolSpec  *spec,
                                GError               **error)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, spec->name);
    g_autofree char *xml = NULL;
    gboolean build = spec->kind == VIMANA_POOL_KIND_DIR || spec->kind == VIMANA_POOL_KIND_FS
                     || spec->kind == VIMANA_POOL_KIND_NETFS;
    VimanaStoragePoolInfo *info;

    if (pool != NULL) {
        virStoragePoolFree (pool);
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("There is already a storage pool “%s”; choose another name."), spec->name);
        return NULL;
    }
    virResetLastError ();
    xml = vimana_pool_spec_to_xml (spec);
    pool = virStoragePoolDefineXML (conn, xml, 0);
    if (pool == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be made."));
        return NULL;
    }
    /* Building makes the pool's folder, or keeps the one that is there. */
    if ((build && virStoragePoolBuild (pool, 0) < 0) || virStoragePoolCreate (pool, 0) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be started."));
        virStoragePoolUndefine (pool);
        virStoragePoolFree (pool);
        virResetLastError ();
        return NULL;
    }
    if (virStoragePoolSetAutostart (pool, 1) < 0)
        virResetLastError ();
    info = vimana_storage_pool_info_collect (pool, TRUE, error);
    virStoragePoolFree (pool);
    return info;
}

/**
 * vimana_storage_job_define_dir_pool:
 * @conn: the connection
 * @name: a name no pool has
 * @path: an absolute folder
 * @error: return location for the reason; %VIMANA_ERROR_EXISTS when the name is taken
 *
 * vimana_storage_job_define_pool() for a directory pool.
 *
 * Returns: (transfer full) (nullable): the new pool's snapshot, with its volumes
 */
VimanaStoragePoolInfo *
vimana_storage_job_define_dir_pool (virConnectPtr   conn,
                                    const char     *name,
                                    const char     *path,
                                    GError        **error)
{
    VimanaPoolSpec spec = { .kind = VIMANA_POOL_KIND_DIR, .name = name, .target = path };

    return vimana_storage_job_define_pool (conn, &spec, error);
}

/**
 * vimana_storage_job_pool_capabilities:
 * @conn: the connection
 *
 * Returns: (transfer full) (nullable): virConnectGetStoragePoolCapabilities()'s answer, %NULL
 *   when the driver cannot say
 */
char *
vimana_storage_job_pool_capabilities (virConnectPtr conn)
{
    char *xml = virConnectGetStoragePoolCapabilities (conn, 0);
    char *copy;

    if (xml == NULL) {
        virResetLastError ();
        return NULL;
    }
    copy = g_strdup (xml);
    free (xml);
    return copy;
}

/**
 * vimana_storage_job_find_sources:
 * @conn: the connection
 * @kind: %VIMANA_POOL_KIND_NETFS, %VIMANA_POOL_KIND_ISCSI or %VIMANA_POOL_KIND_LOGICAL
 * @host: (nullable): a host vimana_pool_check_host_name() accepted; %NULL for a volume group
 * @error: return location for libvirt's reason (a server that does not answer)
 *
 * Blocks as long as libvirt waits for the server: not for the connection's worker.
 *
 * Returns: (transfer full) (nullable): what the host offers there, from
 *   virConnectFindStoragePoolSources(), maybe nothing
 */
char **
vimana_storage_job_find_sources (virConnectPtr    conn,
                                 VimanaPoolKind   kind,
                                 const char      *host,
                                 GError         **error)
{
    g_autofree char *spec = host != NULL
                            ? g_markup_printf_escaped ("<source><host name='%s'/></source>", host)
                            : NULL;
    char *xml = virConnectFindStoragePoolSources (conn, vimana_pool_kind_to_string (kind), spec, 0);
    char **found;

    if (xml == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, kind == VIMANA_POOL_KIND_NETFS
                                                ? _("The server’s exports could not be listed.")
                                                : kind == VIMANA_POOL_KIND_ISCSI
                                                ? _("The server’s targets could not be listed.")
                                                : _("The host’s volume groups could not be listed."));
        return NULL;
    }
    found = vimana_pool_sources_parse (xml, kind);
    free (xml);
    return found;
}

/**
 * vimana_storage_job_pool_action:
 * @conn: the connection
 * @name: the pool's name
 * @action: what to do
 * @error: return location for libvirt's reason; %VIMANA_ERROR_NOT_FOUND when there is no such
 *   pool
 *
 * Starting a running pool or stopping a stopped one succeeds and does nothing; deleting stops
 * the pool first and undefines it, leaving its volumes and its folder where they are.
 *
 * Returns: whether the pool is now as @action asked
 */
gboolean
vimana_storage_job_pool_action (virConnectPtr             conn,
                                const char               *name,
                                VimanaStoragePoolAction   action,
                                GError                  **error)
{
    virStoragePoolPtr pool = vimana_storage_lookup_pool (conn, name, error);
    gboolean active;
    gboolean ok = TRUE;

    if (pool == NULL)
        return FALSE;
    active = virStoragePoolIsActive (pool) == 1;
    switch (action) {
    case VIMANA_STORAGE_POOL_ACTION_START:
        if (!active && virStoragePoolCreate (pool, 0) < 0) {
            vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be started."));
            ok = FALSE;
        }
        break;
    case VIMANA_STORAGE_POOL_ACTION_STOP:
        if (active && virStoragePoolDestroy (pool) < 0) {
            vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be stopped."));
            ok = FALSE;
        }
        break;
    case VIMANA_STORAGE_POOL_ACTION_AUTOSTART_ON:
    case VIMANA_STORAGE_POOL_ACTION_AUTOSTART_OFF:
        if (virStoragePoolSetAutostart (pool, action == VIMANA_STORAGE_POOL_ACTION_AUTOSTART_ON) < 0) {
            vimana_error_set_from_libvirt_prefixed (error,
                                                    _("Whether the storage pool starts with the host could not be changed."));
            ok = FALSE;
        }
        break;
    case VIMANA_STORAGE_POOL_ACTION_DELETE:
        if ((active && virStoragePoolDestroy (pool) < 0) ||
            (virStoragePoolIsPersistent (pool) == 1 && virStoragePoolUndefine (pool) < 0)) {
            vimana_error_set_from_libvirt_prefixed (error, _("The storage pool could not be deleted."));
            ok = FALSE;
        }
        break;
    default:
        g_assert_not_reached ();
    }
    virStoragePoolFree (pool);
    virResetLastError ();
    return ok;
}

/* ---- volumes ---- */

/**
 * vimana_storage_job_create_volume:
 * @conn: the connection
 * @pool: the name of a running pool
 * @spec: the volume
 * @error: return location for the reason; %VIMANA_ERROR_EXISTS when the pool has a volume of
 *   that name, %VIMANA_ERROR_INVALID_ARGUMENT when @spec does not fit (its size, its format)
 *
 * Creates one volume the one way: refuses a name the pool has, rescans the pool so that its
 * free space is current, checks @spec against it, creates it from
 * vimana_storage_volume_spec_to_xml().
 *
 * Returns: (transfer full) (nullable): the new volume's snapshot
 */
VimanaStorageVolumeInfo *
vimana_storage_job_create_volume (virConnectPtr                   conn,
                                  const char                     *pool_name,
                                  const VimanaStorageVolumeSpec  *spec,
                                  GError                        **error)
{
    virStoragePoolPtr pool = vimana_storage_lookup_pool (conn, pool_name, error);
    virStoragePoolInfo info = { 0 };
    virStorageVolPtr vol;
    VimanaStorageVolumeInfo *result = NULL;
    g_autofree char *xml = NULL;
    guint64 available = G_MAXUINT64;

    if (pool == NULL)
        return NULL;
    if (virStoragePoolIsActive (pool) != 1) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                     _("The storage pool “%s” is not running."), pool_name);
        goto out;
    }
    vol = spec->name != NULL ? virStorageVolLookupByName (pool, spec->name) : NULL;
    if (vol != NULL) {
        virStorageVolFree (vol);
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("The storage pool already has a volume “%s”; choose another name."),
                     spec->name);
        goto out;
    }
    virResetLastError ();
    /* What a directory pool has free is measured when it is refreshed. */
    if (virStoragePoolRefresh (pool, 0) == 0 && virStoragePoolGetInfo (pool, &info) == 0)
        available = info.available;
    virResetLastError ();
    if (!vimana_storage_volume_spec_check (spec, available, error))
        goto out;

    xml = vimana_storage_volume_spec_to_xml (spec);
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The disk could not be created."));
        goto out;
    }
    result = vimana_storage_volume_info_collect (vol, pool_name);
    virStorageVolFree (vol);
    if (result == NULL)
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The disk was created but could not be read back."));

out:
    virStoragePoolFree (pool);
    return result;
}

/**
 * vimana_storage_job_delete_volume:
 * @conn: the connection
 * @key: the volume's key (vimana_storage_volume_get_key())
 * @error: return location for libvirt's reason
 *
 * Returns: whether the volume was deleted
 */
gboolean
vimana_storage_job_delete_volume (virConnectPtr   conn,
                                  const char     *key,
                                  GError        **error)
{
    virStorageVolPtr vol = virStorageVolLookupByKey (conn, key);
    int ret;

    if (vol == NULL) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be found."));
        return FALSE;
    }
    ret = virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    if (ret < 0) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be deleted."));
        return FALSE;
    }
    return TRUE;
}

static VimanaStorageVolumeInfo *vimana_storage_volume_info_collect_with_pool (virStorageVolPtr vol);

/* The running guest whose disk is @path, and the disk's device name; NULL when none runs on it. */
static virDomainPtr
vimana_storage_find_running_disk (virConnectPtr   conn,
                                  const char     *path,
                                  char          **target)
{
    virDomainPtr *doms = NULL;
    virDomainPtr found = NULL;
    int n = virConnectListAllDomains (conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);

    for (int i = 0; i < n; i++) {
        g_autofree char *xml = found == NULL ? virDomainGetXMLDesc (doms[i], 0) : NULL;
        g_autoptr(GPtrArray) disks = xml != NULL ? vimana_domain_xml_parse_disks (xml, NULL) : NULL;

        for (guint d = 0; disks != NULL && d < disks->len && found == NULL; d++) {
            VimanaDiskSource *disk = g_ptr_array_index (disks, d);

            if (g_strcmp0 (disk->path, path) == 0 && disk->target != NULL) {
                *target = g_strdup (disk->target);
                found = doms[i];
            }
        }
        if (doms[i] != found)
            virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    return found;
}

/**
 * vimana_storage_job_resize_volume:
 * @conn: the connection
 * @key: the volume's key
 * @capacity: the new size the guest sees, in bytes
 * @shrink: whether a smaller size is meant (the data past it are lost)
 * @error: return location for the reason; %VIMANA_ERROR_INVALID_ARGUMENT for a size refused
 *   before libvirt is asked
 *
 * A volume that a running guest uses is resized through the guest (virDomainBlockResize), so
 * that the guest sees its disk grow; any other with virStorageVolResize. Shrinking is refused
 * unless @shrink says it is meant, and a running guest's disk is never shrunk.
 *
 * Returns: (transfer full) (nullable): the volume's snapshot after the change
 */
VimanaStorageVolumeInfo *
vimana_storage_job_resize_volume (virConnectPtr   conn,
                                  const char     *key,
                                  guint64         capacity,
                                  gboolean        shrink,
                                  GError        **error)
{
    virStorageVolPtr vol = virStorageVolLookupByKey (conn, key);
    virStorageVolInfo info = { 0 };
    g_autofree char *path = NULL;
    g_autofree char *target = NULL;
    virDomainPtr dom = NULL;
    VimanaStorageVolumeInfo *result = NULL;
    int ret;

    if (vol == NULL) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be found."));
        return NULL;
    }
    if (!vimana_storage_check_capacity (capacity, G_MAXUINT64, error))
        goto out;
    if (virStorageVolGetInfo (vol, &info) < 0) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be read."));
        goto out;
    }
    if (capacity < info.capacity && !shrink) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The new size is smaller than the disk: the data past it would be "
                               "lost. Choose to shrink it explicitly, or give a larger size."));
        goto out;
    }
    path = virStorageVolGetPath (vol);
    dom = path != NULL ? vimana_storage_find_running_disk (conn, path, &target) : NULL;
    if (dom != NULL) {
        if (capacity < info.capacity) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                         _("The guest “%s” is running on this disk: shut it down to shrink it."),
                         virDomainGetName (dom));
            goto out;
        }
        ret = virDomainBlockResize (dom, target, capacity, VIR_DOMAIN_BLOCK_RESIZE_BYTES);
    } else {
        ret = virStorageVolResize (vol, capacity,
                                   capacity < info.capacity ? VIR_STORAGE_VOL_RESIZE_SHRINK : 0);
    }
    if (ret < 0) {
        vimana_error_set_from_libvirt_prefixed (error, _("The disk could not be resized."));
        goto out;
    }
    result = vimana_storage_volume_info_collect_with_pool (vol);
    if (result == NULL)
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The disk was resized but could not be read back."));

out:
    if (dom != NULL)
        virDomainFree (dom);
    virStorageVolFree (vol);
    return result;
}

static VimanaStorageVolumeInfo *
vimana_storage_volume_info_collect_with_pool (virStorageVolPtr vol)
{
    virStoragePoolPtr pool = virStoragePoolLookupByVolume (vol);
    VimanaStorageVolumeInfo *info =
        vimana_storage_volume_info_collect (vol, pool != NULL ? virStoragePoolGetName (pool) : NULL);

    if (pool != NULL)
        virStoragePoolFree (pool);
    virResetLastError ();
    return info;
}

/**
 * vimana_storage_job_volume_info:
 * @vol: a volume
 *
 * Reads a volume a caller holds (the transfer thread, after a stream ended).
 *
 * Returns: (transfer full) (nullable): what @vol holds now
 */
VimanaStorageVolumeInfo *
vimana_storage_job_volume_info (virStorageVolPtr vol)
{
    return vimana_storage_volume_info_collect_with_pool (vol);
}

/**
 * vimana_storage_job_lookup_path:
 * @conn: the connection
 * @path: a file or device path
 * @error: return location for an error; %VIMANA_ERROR_NOT_FOUND when no pool has it
 *
 * Returns: (transfer full) (nullable): the volume at @path
 */
VimanaStorageVolumeInfo *
vimana_storage_job_lookup_path (virConnectPtr   conn,
                                const char     *path,
                                GError        **error)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);
    VimanaStorageVolumeInfo *info;

    if (vol == NULL) {
        virErrorPtr err = virGetLastError ();

        if (err == NULL || err->code == VIR_ERR_NO_STORAGE_VOL) {
            virResetLastError ();
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                         _("No storage pool has “%s”."), path);
            return NULL;
        }
        vimana_error_set_from_libvirt (error, _("The disk image could not be found."));
        return NULL;
    }
    info = vimana_storage_volume_info_collect_with_pool (vol);
    virStorageVolFree (vol);
    if (info == NULL)
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                     _("No storage pool has “%s”."), path);
    return info;
}

static virStorageVolPtr
vimana_storage_lookup_disk (virConnectPtr     conn,
                            VimanaDiskSource *disk)
{
    virStoragePoolPtr pool;
    virStorageVolPtr vol;

    if (disk->type == VIMANA_DISK_SOURCE_FILE || disk->type == VIMANA_DISK_SOURCE_BLOCK)
        return disk->path ? virStorageVolLookupByPath (conn, disk->path) : NULL;
    if (disk->type != VIMANA_DISK_SOURCE_VOLUME || disk->pool == NULL || disk->volume == NULL)
        return NULL;

    pool = virStoragePoolLookupByName (conn, disk->pool);
    if (pool == NULL)
        return NULL;
    vol = virStorageVolLookupByName (pool, disk->volume);
    virStoragePoolFree (pool);
    return vol;
}

/**
 * vimana_storage_job_find_disk_volumes:
 * @conn: the connection
 * @disks: (element-type VimanaDiskSource): a guest's disks
 *
 * Returns: (transfer full) (element-type VimanaDiskVolumeInfo): the disks that are volumes of
 *   a pool, in the order of @disks; the others cannot be deleted through libvirt
 */
GPtrArray *
vimana_storage_job_find_disk_volumes (virConnectPtr  conn,
                                      GPtrArray     *disks)
{
    GPtrArray *found = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vimana_disk_volume_info_free);

    for (guint i = 0; i < disks->len; i++) {
        VimanaDiskSource *disk = g_ptr_array_index (disks, i);
        virStorageVolPtr vol = vimana_storage_lookup_disk (conn, disk);
        VimanaStorageVolumeInfo *volume;
        VimanaDiskVolumeInfo *info;

        if (vol == NULL) {
            virResetLastError ();
            continue;
        }
        volume = vimana_storage_volume_info_collect_with_pool (vol);
        virStorageVolFree (vol);
        if (volume == NULL)
            continue;
        info = g_new0 (VimanaDiskVolumeInfo, 1);
        info->target = g_strdup (disk->target);
        info->is_cdrom = g_strcmp0 (disk->device, "cdrom") == 0;
        info->shared = disk->readonly || disk->shareable;
        info->volume = volume;
        g_ptr_array_add (found, info);
    }
    return found;
}
