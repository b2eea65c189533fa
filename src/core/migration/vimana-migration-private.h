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

G_END_DECLS
