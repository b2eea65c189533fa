/* vimana-storage-xml.h: what a new storage volume is made of, and its XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A volume to create, as every caller describes it (New VM, Add Hardware, the host's Storage
 * page, clones). The strings are borrowed: a stack-allocated spec is fine. */
typedef struct
{
    const char *name;             /* "web.qcow2"; no "/" */
    const char *format;           /* "qcow2" or "raw"; %NULL is qcow2 */
    guint64     capacity;         /* bytes the guest sees, at least 1 MiB */
    guint64     allocation;       /* bytes written at once: 0 is sparse, capacity allocates all */
    const char *backing_path;     /* (nullable) a qcow2 overlay on this image */
    const char *backing_format;   /* (nullable) the backing image's format; qcow2 when %NULL */
} VimanaStorageVolumeSpec;

gboolean  vimana_storage_volume_spec_check  (const VimanaStorageVolumeSpec  *spec,
                                             guint64                         available,
                                             GError                        **error);
char     *vimana_storage_volume_spec_to_xml (const VimanaStorageVolumeSpec  *spec);
gboolean  vimana_storage_check_capacity     (guint64                         capacity,
                                             guint64                         available,
                                             GError                        **error);
gboolean  vimana_storage_pool_check_dir      (const char                     *name,
                                              const char                     *path,
                                              gboolean                        local,
                                              gboolean                       *path_field,
                                              GError                        **error);

G_END_DECLS
