/* vimana-snapshot.c: one snapshot of a guest, read from libvirt's <domainsnapshot> XML
 *
 * A snapshot knows its parent by name only; vimana_snapshot_tree_build() links a flat list into
 * a tree by filling each one's children (strong references downwards, none upwards, so a tree
 * has no reference cycle).
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

struct _VimanaSnapshot
{
    GObject              parent_instance;

    char                *name;
    char                *parent_name;
    char                *description;
    char                *memory_file;
    gint64               creation_time;
    VimanaSnapshotState  state;
    gboolean             current;
    gboolean             external;
    gboolean             disk_only;
    gboolean             with_memory;
    GPtrArray           *children;
    GPtrArray           *revert_changes; /* what a revert changes in the definition, or NULL */
    gint64               size;           /* bytes its files take, or -1 when libvirt cannot tell */
};

G_DEFINE_FINAL_TYPE (VimanaSnapshot, vimana_snapshot, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static void
vimana_snapshot_finalize (GObject *object)
{
    VimanaSnapshot *self = VIMANA_SNAPSHOT (object);

    g_free (self->name);
    g_free (self->parent_name);
    g_free (self->description);
    g_free (self->memory_file);
    g_ptr_array_unref (self->children);
    g_clear_pointer (&self->revert_changes, g_ptr_array_unref);

    G_OBJECT_CLASS (vimana_snapshot_parent_class)->finalize (object);
}

static void
vimana_snapshot_class_init (VimanaSnapshotClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_snapshot_finalize;
}

static void
vimana_snapshot_init (VimanaSnapshot *self)
{
    self->children = g_ptr_array_new_with_free_func (g_object_unref);
    self->size = -1;
}

static xmlNodePtr
vimana_snapshot_xml_child (xmlNodePtr  parent,
                           const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0)
            return node;
    }
    return NULL;
}

static char *
vimana_snapshot_xml_text (xmlNodePtr node)
{
    xmlChar *content;
    char *text;

    if (node == NULL)
        return NULL;
    content = xmlNodeGetContent (node);
    text = g_strdup ((const char *) content);
    xmlFree (content);
    return text;
}

static char *
vimana_snapshot_xml_prop (xmlNodePtr  node,
                          const char *name)
{
    xmlChar *value;
    char *text;

    if (node == NULL)
        return NULL;
    value = xmlGetProp (node, (const xmlChar *) name);
    text = g_strdup ((const char *) value);
    xmlFree (value);
    return text;
}

static VimanaSnapshotState
vimana_snapshot_state_from_string (const char *state)
{
    if (g_strcmp0 (state, "running") == 0 || g_strcmp0 (state, "blocked") == 0)
        return VIMANA_SNAPSHOT_STATE_RUNNING;
    if (g_strcmp0 (state, "paused") == 0 || g_strcmp0 (state, "pmsuspended") == 0)
        return VIMANA_SNAPSHOT_STATE_PAUSED;
    if (g_strcmp0 (state, "shutoff") == 0 || g_strcmp0 (state, "shutdown") == 0 ||
        g_strcmp0 (state, "crashed") == 0)
        return VIMANA_SNAPSHOT_STATE_SHUTOFF;
    if (g_strcmp0 (state, "disk-snapshot") == 0)
        return VIMANA_SNAPSHOT_STATE_DISK_SNAPSHOT;
    return VIMANA_SNAPSHOT_STATE_OTHER;
}

/**
 * vimana_snapshot_new_from_xml:
 * @xml: a <domainsnapshot> description
 * @current: whether it is the guest's current snapshot
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the snapshot, or %NULL with @error set when @xml is not a
 *   snapshot description with a name
 */
VimanaSnapshot *
vimana_snapshot_new_from_xml (const char  *xml,
                              gboolean     current,
                              GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(VimanaSnapshot) self = NULL;
    g_autofree char *state = NULL;
    g_autofree char *created = NULL;
    g_autofree char *memory = NULL;
    xmlNodePtr root;
    xmlNodePtr disks;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || strcmp ((const char *) root->name, "domainsnapshot") != 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The snapshot description could not be read."));
        return NULL;
    }

    self = g_object_new (VIMANA_TYPE_SNAPSHOT, NULL);
    self->name = vimana_snapshot_xml_text (vimana_snapshot_xml_child (root, "name"));
    if (self->name == NULL || *self->name == '\0') {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The snapshot description has no name."));
        return NULL;
    }
    self->parent_name = vimana_snapshot_xml_text (
        vimana_snapshot_xml_child (vimana_snapshot_xml_child (root, "parent"), "name"));
    self->description = vimana_snapshot_xml_text (vimana_snapshot_xml_child (root, "description"));
    state = vimana_snapshot_xml_text (vimana_snapshot_xml_child (root, "state"));
    self->state = vimana_snapshot_state_from_string (state);
    created = vimana_snapshot_xml_text (vimana_snapshot_xml_child (root, "creationTime"));
    self->creation_time = created != NULL ? g_ascii_strtoll (created, NULL, 10) : 0;
    self->current = current;
    self->disk_only = self->state == VIMANA_SNAPSHOT_STATE_DISK_SNAPSHOT;

    memory = vimana_snapshot_xml_prop (vimana_snapshot_xml_child (root, "memory"), "snapshot");
    if (g_strcmp0 (memory, "external") == 0) {
        self->external = TRUE;
        self->with_memory = TRUE;
        self->memory_file = vimana_snapshot_xml_prop (vimana_snapshot_xml_child (root, "memory"),
                                                      "file");
    } else if (g_strcmp0 (memory, "internal") == 0) {
        self->with_memory = TRUE;
    } else if (memory == NULL) {
        /* Descriptions from before <memory> existed: a running internal one has it. */
        self->with_memory = self->state == VIMANA_SNAPSHOT_STATE_RUNNING ||
                            self->state == VIMANA_SNAPSHOT_STATE_PAUSED;
    }

    disks = vimana_snapshot_xml_child (root, "disks");
    for (xmlNodePtr disk = disks != NULL ? disks->children : NULL; disk != NULL; disk = disk->next) {
        g_autofree char *kind = NULL;

        if (disk->type != XML_ELEMENT_NODE || strcmp ((const char *) disk->name, "disk") != 0)
            continue;
        kind = vimana_snapshot_xml_prop (disk, "snapshot");
        if (g_strcmp0 (kind, "external") == 0)
            self->external = TRUE;
    }
    if (self->disk_only)
        self->external = TRUE;

    return g_steal_pointer (&self);
}

const char *
vimana_snapshot_get_name (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);
    return self->name;
}

/* Returns: (nullable): the parent's name; %NULL for a root */
const char *
vimana_snapshot_get_parent_name (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);
    return self->parent_name;
}

/* Returns: (nullable): the description */
const char *
vimana_snapshot_get_description (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);
    return self->description;
}

/* Returns: seconds since the epoch */
gint64
vimana_snapshot_get_creation_time (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), 0);
    return self->creation_time;
}

VimanaSnapshotState
vimana_snapshot_get_state (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), VIMANA_SNAPSHOT_STATE_OTHER);
    return self->state;
}

gboolean
vimana_snapshot_get_current (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), FALSE);
    return self->current;
}

gboolean
vimana_snapshot_get_external (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), FALSE);
    return self->external;
}

gboolean
vimana_snapshot_get_disk_only (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), FALSE);
    return self->disk_only;
}

gboolean
vimana_snapshot_get_with_memory (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), FALSE);
    return self->with_memory;
}

/* Returns: (nullable): the file an external snapshot's memory is in */
/**
 * vimana_snapshot_get_revert_changes:
 *
 * Returns: (transfer none) (nullable): readable lines saying what a revert to this snapshot
 * changes in the guest's definition (empty: nothing), or %NULL when that is not known.
 */
GPtrArray *
vimana_snapshot_get_revert_changes (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);
    return self->revert_changes;
}

/* @changes: (transfer full) (nullable) */
void
vimana_snapshot_set_revert_changes (VimanaSnapshot *self,
                                    GPtrArray      *changes)
{
    g_return_if_fail (VIMANA_IS_SNAPSHOT (self));
    g_clear_pointer (&self->revert_changes, g_ptr_array_unref);
    self->revert_changes = changes;
}

/**
 * vimana_snapshot_get_size:
 *
 * Returns: the bytes an external snapshot's overlays and memory file take on disk (their
 *   allocation, from their storage volumes), or -1 when libvirt cannot tell: always for an
 *   internal snapshot, whose data libvirt does not report
 */
gint64
vimana_snapshot_get_size (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), -1);
    return self->size;
}

void
vimana_snapshot_set_size (VimanaSnapshot *self,
                          gint64          size)
{
    g_return_if_fail (VIMANA_IS_SNAPSHOT (self));
    self->size = size;
}

const char *
vimana_snapshot_get_memory_file (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);
    return self->memory_file;
}

/**
 * vimana_snapshot_get_children:
 * @self: a #VimanaSnapshot
 *
 * Returns: (transfer none) (element-type VimanaSnapshot): the children, oldest first, as the
 *   last vimana_snapshot_tree_build() over a list with @self found them
 */
GPtrArray *
vimana_snapshot_get_children (VimanaSnapshot *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);
    return self->children;
}

guint
vimana_snapshot_count_descendants (VimanaSnapshot *self)
{
    guint count = 0;

    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), 0);

    for (guint i = 0; i < self->children->len; i++)
        count += 1 + vimana_snapshot_count_descendants (g_ptr_array_index (self->children, i));
    return count;
}

const char *
vimana_snapshot_state_to_string (VimanaSnapshotState state)
{
    switch (state) {
    case VIMANA_SNAPSHOT_STATE_RUNNING:
        return C_("snapshot state", "Running");
    case VIMANA_SNAPSHOT_STATE_PAUSED:
        return C_("snapshot state", "Paused");
    case VIMANA_SNAPSHOT_STATE_SHUTOFF:
        return C_("snapshot state", "Off");
    case VIMANA_SNAPSHOT_STATE_DISK_SNAPSHOT:
        return C_("snapshot state", "Disks only");
    case VIMANA_SNAPSHOT_STATE_OTHER:
    default:
        return C_("snapshot state", "Unknown");
    }
}

/* Returns: (transfer full): the kind badge: "internal", "external", "disk-only", "with memory" */
char *
vimana_snapshot_kind_to_string (VimanaSnapshot *self)
{
    g_autoptr(GPtrArray) parts = g_ptr_array_new ();

    g_return_val_if_fail (VIMANA_IS_SNAPSHOT (self), NULL);

    if (self->disk_only)
        g_ptr_array_add (parts, (gpointer) C_("snapshot kind", "disk-only"));
    else if (self->external)
        g_ptr_array_add (parts, (gpointer) C_("snapshot kind", "external"));
    else
        g_ptr_array_add (parts, (gpointer) C_("snapshot kind", "internal"));
    if (self->with_memory)
        g_ptr_array_add (parts, (gpointer) C_("snapshot kind", "with memory"));
    g_ptr_array_add (parts, NULL);
    /* Translators: the separator between a snapshot's kind badges. */
    return g_strjoinv (C_("snapshot kind", ", "), (char **) parts->pdata);
}
