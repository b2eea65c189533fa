/* vimana-storage-xml.c: what a new storage volume is made of, and its XML
 *
 * Every volume Vimana makes (a new guest's disk, a disk added in Add Hardware, later clones and
 * the host's Storage page) is described by one VimanaStorageVolumeSpec, checked here and written
 * here as the one <volume> XML: the name, the capacity, the allocation (0 is sparse, so a qcow2
 * or raw image grows as the guest writes), the format and an optional backing image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-storage-xml.h"

#include <glib/gi18n-lib.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-format.h"
#include "vimana-storage-private.h"

#define VIMANA_STORAGE_MIB (G_GUINT64_CONSTANT (1) << 20)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static const char *
vimana_storage_volume_spec_format (const VimanaStorageVolumeSpec *spec)
{
    return spec->format != NULL ? spec->format : "qcow2";
}

/**
 * vimana_storage_check_capacity:
 * @capacity: the size asked for, in bytes
 * @available: what the pool has free, in bytes; %G_MAXUINT64 when not known
 * @error: return location for the reason, a sentence for beside the size field
 *
 * Returns: whether a volume of @capacity can be made where @available bytes are free
 */
gboolean
vimana_storage_check_capacity (guint64   capacity,
                               guint64   available,
                               GError  **error)
{
    if (capacity < VIMANA_STORAGE_MIB) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The disk needs a size of at least 1 MiB."));
        return FALSE;
    }
    if (capacity > available) {
        g_autofree char *free_space = vimana_format_bytes (available);

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The storage pool has only %s free."), free_space);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_storage_volume_spec_check:
 * @spec: the volume to make
 * @available: what its pool has free, in bytes; %G_MAXUINT64 when not known
 * @error: return location for the reason
 *
 * Checks what can be checked without asking libvirt: a name, a format Vimana makes, a size
 * that fits. Whether the name is taken only the pool can say (vimana_storage_job_create_volume()).
 *
 * Returns: whether @spec describes a volume that can be made
 */
gboolean
vimana_storage_volume_spec_check (const VimanaStorageVolumeSpec  *spec,
                                  guint64                         available,
                                  GError                        **error)
{
    const char *format;

    g_return_val_if_fail (spec != NULL, FALSE);

    format = vimana_storage_volume_spec_format (spec);
    if (spec->name == NULL || *spec->name == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A disk image needs a name."));
        return FALSE;
    }
    if (strchr (spec->name, '/') != NULL || g_str_equal (spec->name, ".") ||
        g_str_equal (spec->name, "..")) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” cannot name a disk image: a name is not a path."), spec->name);
        return FALSE;
    }
    if (!g_str_equal (format, "qcow2") && !g_str_equal (format, "raw")) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("A disk image is made as qcow2 or raw, not as “%s”."), format);
        return FALSE;
    }
    if (spec->backing_path != NULL && !g_str_equal (format, "qcow2")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Only a qcow2 image can be an overlay on another image."));
        return FALSE;
    }
    if (spec->allocation > spec->capacity) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A disk image cannot allocate more than its size."));
        return FALSE;
    }
    return vimana_storage_check_capacity (spec->capacity, available, error);
}

static void
vimana_storage_xml_add_bytes (xmlNodePtr  parent,
                              const char *name,
                              guint64     value)
{
    g_autofree char *text = g_strdup_printf ("%" G_GUINT64_FORMAT, value);
    xmlNodePtr node = xmlNewTextChild (parent, NULL, BAD_CAST name, BAD_CAST text);

    xmlNewProp (node, BAD_CAST "unit", BAD_CAST "bytes");
}

static void
vimana_storage_xml_add_format (xmlNodePtr  parent,
                               const char *format)
{
    xmlNodePtr node = xmlNewChild (parent, NULL, BAD_CAST "format", NULL);

    xmlNewProp (node, BAD_CAST "type", BAD_CAST format);
}

/**
 * vimana_storage_volume_spec_to_xml:
 * @spec: a checked spec (vimana_storage_volume_spec_check())
 *
 * Returns: (transfer full): the <volume> element virStorageVolCreateXML() takes
 */
char *
vimana_storage_volume_spec_to_xml (const VimanaStorageVolumeSpec *spec)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc (BAD_CAST "1.0");
    xmlNodePtr root = xmlNewDocNode (doc, NULL, BAD_CAST "volume", NULL);
    xmlNodePtr target;
    xmlBufferPtr buffer;
    char *xml;

    g_return_val_if_fail (spec != NULL && spec->name != NULL, NULL);

    xmlDocSetRootElement (doc, root);
    xmlNewTextChild (root, NULL, BAD_CAST "name", BAD_CAST spec->name);
    vimana_storage_xml_add_bytes (root, "capacity", spec->capacity);
    vimana_storage_xml_add_bytes (root, "allocation", spec->allocation);
    target = xmlNewChild (root, NULL, BAD_CAST "target", NULL);
    vimana_storage_xml_add_format (target, vimana_storage_volume_spec_format (spec));
    if (spec->backing_path != NULL) {
        xmlNodePtr backing = xmlNewChild (root, NULL, BAD_CAST "backingStore", NULL);

        xmlNewTextChild (backing, NULL, BAD_CAST "path", BAD_CAST spec->backing_path);
        vimana_storage_xml_add_format (backing, spec->backing_format != NULL
                                                    ? spec->backing_format : "qcow2");
    }

    buffer = xmlBufferCreate ();
    xmlNodeDump (buffer, doc, root, 0, 1);
    xml = g_strconcat ((const char *) xmlBufferContent (buffer), "\n", NULL);
    xmlBufferFree (buffer);
    return xml;
}

/* Returns: (transfer full): a copy a job keeps while the caller's strings go away */
VimanaStorageVolumeSpec *
vimana_storage_volume_spec_copy (const VimanaStorageVolumeSpec *spec)
{
    VimanaStorageVolumeSpec *copy = g_new0 (VimanaStorageVolumeSpec, 1);

    copy->name = g_strdup (spec->name);
    copy->format = g_strdup (spec->format);
    copy->capacity = spec->capacity;
    copy->allocation = spec->allocation;
    copy->backing_path = g_strdup (spec->backing_path);
    copy->backing_format = g_strdup (spec->backing_format);
    return copy;
}

/* Frees a spec made by vimana_storage_volume_spec_copy(), whose strings it owns. */
void
vimana_storage_volume_spec_free (VimanaStorageVolumeSpec *spec)
{
    if (spec == NULL)
        return;
    g_free ((char *) spec->name);
    g_free ((char *) spec->format);
    g_free ((char *) spec->backing_path);
    g_free ((char *) spec->backing_format);
    g_free (spec);
}

/**
 * vimana_storage_pool_check_dir:
 * @name: the new pool's name
 * @path: its folder
 * @local: whether the connection is to this machine, whose files can be looked at
 * @path_field: (out): whether the refusal is about @path, else about @name
 * @error: return location for the reason
 *
 * A directory pool's name has letters, digits, "-", "_" and "."; its folder is an absolute
 * path, and on this machine an existing directory.
 *
 * Returns: whether @name and @path make a directory pool
 */
gboolean
vimana_storage_pool_check_dir (const char  *name,
                               const char  *path,
                               gboolean     local,
                               gboolean    *path_field,
                               GError     **error)
{
    *path_field = FALSE;
    if (name == NULL || *name == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A storage pool needs a name."));
        return FALSE;
    }
    for (const char *c = name; *c != '\0'; c++) {
        if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.') {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("A storage pool's name has only letters, digits, “-”, “_” and "
                                   "“.”."));
            return FALSE;
        }
    }
    *path_field = TRUE;
    if (path == NULL || !g_path_is_absolute (path)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an absolute path; a pool's folder starts with “/”."),
                     path != NULL ? path : "");
        return FALSE;
    }
    if (local && !g_file_test (path, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is not a folder on this computer."), path);
        return FALSE;
    }
    return TRUE;
}
