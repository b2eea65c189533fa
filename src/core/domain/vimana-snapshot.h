/* vimana-snapshot.h: one snapshot of a guest, the tree they make, what a guest can do with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

/* The guest's state when the snapshot was taken: the snapshot XML's <state>. */
typedef enum
{
    VIMANA_SNAPSHOT_STATE_OTHER,
    VIMANA_SNAPSHOT_STATE_RUNNING,
    VIMANA_SNAPSHOT_STATE_PAUSED,
    VIMANA_SNAPSHOT_STATE_SHUTOFF,
    VIMANA_SNAPSHOT_STATE_DISK_SNAPSHOT,
} VimanaSnapshotState;

#define VIMANA_TYPE_SNAPSHOT (vimana_snapshot_get_type ())

G_DECLARE_FINAL_TYPE (VimanaSnapshot, vimana_snapshot, VIMANA, SNAPSHOT, GObject)

VimanaSnapshot     *vimana_snapshot_new_from_xml        (const char      *xml,
                                                         gboolean         current,
                                                         GError         **error);
const char         *vimana_snapshot_get_name            (VimanaSnapshot  *self);
const char         *vimana_snapshot_get_parent_name     (VimanaSnapshot  *self);
const char         *vimana_snapshot_get_description     (VimanaSnapshot  *self);
gint64              vimana_snapshot_get_creation_time   (VimanaSnapshot  *self);
VimanaSnapshotState vimana_snapshot_get_state           (VimanaSnapshot  *self);
gboolean            vimana_snapshot_get_current         (VimanaSnapshot  *self);
gboolean            vimana_snapshot_get_external        (VimanaSnapshot  *self);
gboolean            vimana_snapshot_get_disk_only       (VimanaSnapshot  *self);
gboolean            vimana_snapshot_get_with_memory     (VimanaSnapshot  *self);
const char         *vimana_snapshot_get_memory_file     (VimanaSnapshot  *self);
gint64              vimana_snapshot_get_size            (VimanaSnapshot  *self);
void                vimana_snapshot_set_size            (VimanaSnapshot  *self,
                                                         gint64           size);
GPtrArray          *vimana_snapshot_get_children        (VimanaSnapshot  *self);
guint               vimana_snapshot_count_descendants   (VimanaSnapshot  *self);
const char         *vimana_snapshot_state_to_string     (VimanaSnapshotState state);
char               *vimana_snapshot_kind_to_string      (VimanaSnapshot  *self);

/* The tree of a flat list (vimana-snapshot-tree.c). */
GPtrArray          *vimana_snapshot_tree_build          (GPtrArray       *snapshots);
gboolean            vimana_snapshot_check_name          (const char      *name,
                                                         GPtrArray       *existing,
                                                         GError         **error);
char               *vimana_snapshot_suggest_name        (GPtrArray       *existing,
                                                         GDateTime       *now);

/* What a guest can do with snapshots here, and why (vimana-snapshot-caps.c). */
typedef struct
{
    gboolean  internal;        /* internal snapshots (every writable disk qcow2, not UEFI running) */
    gboolean  memory;          /* with memory: the guest runs and internal is possible */
    gboolean  disk_only;       /* external disk-only snapshots */
    gboolean  external_revert; /* reverting an external snapshot (libvirt ≥ 9.9) */
    gboolean  quiesce;         /* the guest agent is connected */
    gboolean  running;
    gboolean  uefi;
    char     *raw_disk;        /* (nullable) the first writable disk that is not qcow2 */
    char     *summary;         /* one line for the user: what and why */
} VimanaSnapshotCaps;

#define VIMANA_TYPE_SNAPSHOT_CAPS (vimana_snapshot_caps_get_type ())
GType               vimana_snapshot_caps_get_type       (void) G_GNUC_CONST;
VimanaSnapshotCaps *vimana_snapshot_caps_new            (const char      *domain_xml,
                                                         gboolean         running,
                                                         const char      *driver,
                                                         gulong           libvirt_version,
                                                         GError         **error);
VimanaSnapshotCaps *vimana_snapshot_caps_copy           (const VimanaSnapshotCaps *caps);
void                vimana_snapshot_caps_free           (VimanaSnapshotCaps *caps);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaSnapshotCaps, vimana_snapshot_caps_free)

/* What to take (vimana-domain-snapshots.c). */
typedef struct
{
    char     *name;
    char     *description;
    gboolean  memory;     /* with the running guest's memory (internal) */
    gboolean  disk_only;  /* external, disks only */
    gboolean  quiesce;    /* freeze the guest's file systems through its agent (disk-only) */
} VimanaSnapshotSpec;

VimanaSnapshotSpec *vimana_snapshot_spec_new            (const char      *name,
                                                         const char      *description);
void                vimana_snapshot_spec_free           (VimanaSnapshotSpec *spec);
char               *vimana_snapshot_spec_to_xml         (const VimanaSnapshotSpec *spec);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaSnapshotSpec, vimana_snapshot_spec_free)

typedef enum
{
    VIMANA_SNAPSHOT_DELETE_ONE,
    VIMANA_SNAPSHOT_DELETE_WITH_CHILDREN,
    VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY,
} VimanaSnapshotDeleteMode;

void                vimana_domain_list_snapshots_async  (VimanaDomain        *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
GPtrArray          *vimana_domain_list_snapshots_finish (VimanaDomain        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void                vimana_domain_fetch_snapshot_caps_async  (VimanaDomain        *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
VimanaSnapshotCaps *vimana_domain_fetch_snapshot_caps_finish (VimanaDomain        *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                vimana_domain_create_snapshot_async (VimanaDomain             *self,
                                                         const VimanaSnapshotSpec *spec,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
gboolean            vimana_domain_create_snapshot_finish (VimanaDomain        *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                vimana_domain_revert_snapshot_async (VimanaDomain        *self,
                                                         const char          *name,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
char               *vimana_domain_revert_snapshot_finish (VimanaDomain        *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                vimana_domain_delete_snapshot_async (VimanaDomain             *self,
                                                         const char               *name,
                                                         VimanaSnapshotDeleteMode  mode,
                                                         GCancellable             *cancellable,
                                                         GAsyncReadyCallback       callback,
                                                         gpointer                  user_data);
gboolean            vimana_domain_delete_snapshot_finish (VimanaDomain        *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
void                vimana_domain_edit_snapshot_async   (VimanaDomain        *self,
                                                         const char          *name,
                                                         const char          *new_name,
                                                         const char          *description,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean            vimana_domain_edit_snapshot_finish  (VimanaDomain        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

GPtrArray          *vimana_snapshot_get_revert_changes  (VimanaSnapshot  *self);
void                vimana_snapshot_set_revert_changes  (VimanaSnapshot  *self,
                                                         GPtrArray       *changes);
GPtrArray          *vimana_snapshot_config_diff         (const char      *snapshot_xml,
                                                         const char      *current_xml,
                                                         GError         **error);

/* The overlay and memory files of an external snapshot (vimana-snapshot-files.c). */
GPtrArray          *vimana_snapshot_external_files      (const char      *snapshot_xml,
                                                         GError         **error);

GPtrArray          *vimana_snapshot_external_bases      (const char      *snapshot_xml,
                                                         GError         **error);

/* What of a guest's snapshots outlives it unless deleted with it (vimana-domain-leftovers.c). */
typedef struct
{
    guint      n_snapshots;
    GPtrArray *files;     /* (element-type utf8) overlays, memory files and the overlays'
                           * backing files, each once */
} VimanaSnapshotLeftovers;

void                     vimana_snapshot_leftovers_free (VimanaSnapshotLeftovers *leftovers);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaSnapshotLeftovers, vimana_snapshot_leftovers_free)
void                     vimana_domain_list_snapshot_leftovers_async  (VimanaDomain        *self,
                                                                       GCancellable        *cancellable,
                                                                       GAsyncReadyCallback  callback,
                                                                       gpointer             user_data);
VimanaSnapshotLeftovers *vimana_domain_list_snapshot_leftovers_finish (VimanaDomain        *self,
                                                                       GAsyncResult        *result,
                                                                       GError             **error);

G_END_DECLS
