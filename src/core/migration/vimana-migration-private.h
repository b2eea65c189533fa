/* vimana-migration-private.h: what the migration's own files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_CORE_COMPILATION)
#error "Only libvimana-core's own files may include vimana-migration-private.h."
#endif

#pragma once

#include <libvirt/libvirt.h>

#include "vimana-migration-options.h"

G_BEGIN_DECLS

gboolean vimana_migration_options_build_params (const VimanaMigrationOptions  *options,
                                                virTypedParameterPtr          *params,
                                                int                           *n_params,
                                                GError                       **error);

gboolean vimana_migration_storage_prepare      (virDomainPtr                   dom,
                                                virConnectPtr                  dconn,
                                                const char                    *pool_name,
                                                char                         **dest_xml,
                                                GStrv                         *disks,
                                                GPtrArray                    **created,
                                                GError                       **error);
void     vimana_migration_storage_undo         (GPtrArray                     *created);
void     vimana_migration_storage_keep         (GPtrArray                     *created);

G_END_DECLS
