/* vimana-migration-storage.c: the destination volumes of a copy-storage migration
 *
 * libvirt copies a disk that is not shared (VIR_MIGRATE_NON_SHARED_DISK) into a file of the
 * same path on the destination, which must exist or be in a pool whose folder is the disk's.
 * When the user chose a pool of the destination instead, the migrate thread, before the
 * migrate call: reads the guest's migratable XML; for each file-backed disk (not a CD-ROM or
 * floppy, not read-only or shareable) whose path the destination does not know as a volume,
 * creates in that pool a volume of the disk's basename, capacity (virDomainGetBlockInfo) and
 * format (the disk's driver type); points the disk's source at the new volume's path in the
 * XML the destination gets (VIR_MIGRATE_PARAM_DEST_XML, and PERSIST_XML when the guest is kept
 * there); and lists those disks only in VIR_MIGRATE_PARAM_MIGRATE_DISKS, so that shared disks
 * are never copied onto themselves. When the migration fails or is cancelled, the volumes it
 * created are deleted again: nothing half-made stays on the destination.
 *
 * All of it runs on the migrate thread, which owns both virConnectPtr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-migration-private.h"

static xmlNodePtr
vimana_migration_storage_child (xmlNodePtr  node,
                                const char *name)
{
    for (xmlNodePtr c = node->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && xmlStrEqual (c->name, (const xmlChar *) name))
            return c;
    }
    return NULL;
}

static char *
vimana_migration_storage_prop (xmlNodePtr  node,
                               const char *name)
{
    xmlChar *value = node != NULL ? xmlGetProp (node, (const xmlChar *) name) : NULL;
    char *copy = g_strdup ((const char *) value);

    xmlFree (value);
    return copy;
}

/* Whether the destination already has @path as a volume (shared storage). */
static gboolean
vimana_migration_storage_known (virConnectPtr dconn,
                                const char   *path)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (dconn, path);

    if (vol == NULL) {
        virResetLastError ();
        return FALSE;
    }
    virStorageVolFree (vol);
    return TRUE;
}

/* Creates the volume for one disk in @pool; returns it, or NULL with @error set. */
static virStorageVolPtr
vimana_migration_storage_create (virDomainPtr        dom,
                                 virStoragePoolPtr   pool,
                                 const char         *path,
                                 const char         *format,
                                 GError            **error)
{
    virDomainBlockInfo info;
    g_autofree char *name = g_path_get_basename (path);
    g_autofree char *xml = NULL;
    g_autofree char *escaped_name = NULL;
    g_autofree char *escaped_format = NULL;
    virStorageVolPtr vol;

    if (virDomainGetBlockInfo (dom, path, &info, 0) < 0) {
        /* Translators: %s is a disk's path. */
        g_autofree char *what = g_strdup_printf (_("The size of %s could not be read."), path);
        vimana_error_set_from_libvirt_prefixed (error, what);
        return NULL;
    }
    /* libvirt makes a volume in whole KiB; QEMU's copy refuses a target of another size. */
    if (info.capacity % 1024 != 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is a disk's path. */
                     _("%s is not a whole number of KiB in size: a pool cannot hold an exact copy."),
                     path);
        return NULL;
    }
    escaped_name = g_markup_escape_text (name, -1);
    escaped_format = g_markup_escape_text (format != NULL ? format : "raw", -1);
    xml = g_strdup_printf ("<volume><name>%s</name><capacity unit='bytes'>%llu</capacity>"
                           "<target><format type='%s'/></target></volume>",
                           escaped_name, info.capacity, escaped_format);
    vol = virStorageVolCreateXML (pool, xml, 0);
    if (vol == NULL) {
        /* Translators: %s is a volume's name. */
        g_autofree char *what = g_strdup_printf (_("The volume %s could not be created on the destination."),
                                                 name);
        vimana_error_set_from_libvirt_prefixed (error, what);
    }
    return vol;
}

/**
 * vimana_migration_storage_prepare:
 * @dest_xml: (out) (transfer full): the XML for the destination, disks pointed at the volumes
 * @disks: (out) (transfer full): the targets ("vda") of the disks to copy
 * @created: (out) (transfer full) (element-type virStorageVolPtr): the volumes made, for
 *   vimana_migration_storage_undo() when the migration does not succeed
 *
 * Returns: whether the destination is ready; on %FALSE, @error says why and nothing is left
 */
gboolean
vimana_migration_storage_prepare (virDomainPtr   dom,
                                  virConnectPtr  dconn,
                                  const char    *pool_name,
                                  char         **dest_xml,
                                  GStrv         *disks,
                                  GPtrArray    **created,
                                  GError       **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_MIGRATABLE | VIR_DOMAIN_XML_SECURE);
    g_autoptr(GPtrArray) made = g_ptr_array_new ();
    g_autoptr(GStrvBuilder) targets = g_strv_builder_new ();
    virStoragePoolPtr pool = NULL;
    xmlDocPtr doc = NULL;
    xmlNodePtr devices;
    xmlChar *out = NULL;
    int out_len = 0;
    gboolean ok = TRUE;

    *dest_xml = NULL;
    *disks = NULL;
    *created = NULL;
    if (xml == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The guest’s configuration could not be read."));
        return FALSE;
    }
    pool = virStoragePoolLookupByName (dconn, pool_name);
    if (pool == NULL) {
        /* Translators: %s is a storage pool's name. */
        g_autofree char *what = g_strdup_printf (_("The destination has no pool %s."), pool_name);
        vimana_error_set_from_libvirt_prefixed (error, what);
        return FALSE;
    }
    doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    devices = doc != NULL ? vimana_migration_storage_child (xmlDocGetRootElement (doc), "devices") : NULL;
    for (xmlNodePtr disk = devices != NULL ? devices->children : NULL; disk != NULL && ok; disk = disk->next) {
        xmlNodePtr source = NULL, target, driver;
        g_autofree char *type = NULL, *device = NULL, *path = NULL, *dev = NULL, *format = NULL;
        virStorageVolPtr vol;
        g_autofree char *new_path = NULL;

        if (disk->type != XML_ELEMENT_NODE || !xmlStrEqual (disk->name, (const xmlChar *) "disk"))
            continue;
        type = vimana_migration_storage_prop (disk, "type");
        device = vimana_migration_storage_prop (disk, "device");
        source = vimana_migration_storage_child (disk, "source");
        target = vimana_migration_storage_child (disk, "target");
        driver = vimana_migration_storage_child (disk, "driver");
        path = vimana_migration_storage_prop (source, "file");
        dev = vimana_migration_storage_prop (target, "dev");
        format = vimana_migration_storage_prop (driver, "type");
        if (g_strcmp0 (type, "file") != 0 || (device != NULL && g_strcmp0 (device, "disk") != 0)
            || path == NULL || dev == NULL
            || vimana_migration_storage_child (disk, "readonly") != NULL
            || vimana_migration_storage_child (disk, "shareable") != NULL
            || vimana_migration_storage_known (dconn, path))
            continue;
        vol = vimana_migration_storage_create (dom, pool, path, format, error);
        if (vol == NULL) {
            ok = FALSE;
            break;
        }
        g_ptr_array_add (made, vol);
        new_path = virStorageVolGetPath (vol);
        if (new_path == NULL) {
            vimana_error_set_from_libvirt_prefixed (error, _("The new volume’s path could not be read."));
            ok = FALSE;
            break;
        }
        xmlSetProp (source, (const xmlChar *) "file", (const xmlChar *) new_path);
        g_strv_builder_add (targets, dev);
    }
    if (ok && doc == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                     _("The guest’s configuration could not be read."));
        ok = FALSE;
    }
    if (ok) {
        xmlDocDumpMemory (doc, &out, &out_len);
        *dest_xml = g_strndup ((const char *) out, (gsize) out_len);
        xmlFree (out);
        *disks = g_strv_builder_end (targets);
        *created = g_steal_pointer (&made);
    } else {
        vimana_migration_storage_undo (made);
    }
    if (doc != NULL)
        xmlFreeDoc (doc);
    virStoragePoolFree (pool);
    return ok;
}

/* Deletes and frees the volumes vimana_migration_storage_prepare() made (NULL: none). */
void
vimana_migration_storage_undo (GPtrArray *created)
{
    if (created == NULL)
        return;
    for (guint i = 0; i < created->len; i++) {
        virStorageVolPtr vol = g_ptr_array_index (created, i);

        if (virStorageVolDelete (vol, 0) < 0)
            virResetLastError ();
        virStorageVolFree (vol);
    }
    g_ptr_array_set_size (created, 0);
}

/* Frees the volumes' handles only: the migration succeeded, they stay. */
void
vimana_migration_storage_keep (GPtrArray *created)
{
    if (created == NULL)
        return;
    for (guint i = 0; i < created->len; i++)
        virStorageVolFree (g_ptr_array_index (created, i));
    g_ptr_array_set_size (created, 0);
}
