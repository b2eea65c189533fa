/* vimana-snapshot-private.h: what the core's snapshot files share on the worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_CORE_COMPILATION)
#error "Only libvimana-core's own files may include vimana-snapshot-private.h."
#endif

#pragma once

#include <libvirt/libvirt.h>

#include "vimana-snapshot.h"

G_BEGIN_DECLS

/* vimana-snapshot-sizes.c */
void vimana_snapshot_job_read_size (virConnectPtr   conn,
                                    VimanaSnapshot *snapshot,
                                    const char     *snapshot_xml,
                                    GHashTable     *rescanned);

G_END_DECLS
