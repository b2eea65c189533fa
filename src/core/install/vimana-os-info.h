/* vimana-os-info.h: what the osinfo database says about an operating system
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One operating system as the New VM assistant needs it. Sizes in bytes. */
typedef struct
{
    char     *id;                  /* the osinfo id, "http://debian.org/debian/11" */
    char     *short_id;            /* "debian11" */
    char     *name;                /* "Debian 11" */
    guint64   minimum_memory;
    guint64   recommended_memory;
    guint     minimum_vcpus;
    guint     recommended_vcpus;
    guint64   recommended_storage;
    gboolean  virtio_disk;
    gboolean  virtio_net;
    gboolean  virtio_gpu;
    gboolean  usb_tablet;
    gboolean  q35;                 /* knows the q35 chipset's devices */
    gboolean  needs_uefi;          /* BIOS is unsupported: UEFI, and a TPM with it */
    gboolean  known;               /* FALSE for the generic fallback */
} VimanaOsInfo;

#define VIMANA_TYPE_OS_INFO (vimana_os_info_get_type ())

GType         vimana_os_info_get_type            (void) G_GNUC_CONST;
VimanaOsInfo *vimana_os_info_copy                (const VimanaOsInfo *info);
void          vimana_os_info_free                (VimanaOsInfo       *info);
const char   *vimana_os_info_get_video_model     (const VimanaOsInfo *info);

gboolean      vimana_os_db_load                  (GError            **error);
VimanaOsInfo *vimana_os_db_lookup                (const char         *id);
VimanaOsInfo *vimana_os_db_generic               (void);
GPtrArray    *vimana_os_db_search                (const char         *text,
                                                  guint               limit);
VimanaOsInfo *vimana_os_db_identify_media        (const char         *path,
                                                  GCancellable       *cancellable,
                                                  GError            **error);
VimanaOsInfo *vimana_os_db_identify_treeinfo     (const char         *treeinfo,
                                                  const char         *url,
                                                  GError            **error);
void          vimana_os_db_identify_async        (const char         *location,
                                                  gboolean            is_tree,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
VimanaOsInfo *vimana_os_db_identify_finish       (GAsyncResult       *result,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaOsInfo, vimana_os_info_free)

G_END_DECLS
