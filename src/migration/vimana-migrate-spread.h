/* vimana-migrate-spread.h: Evacuate Host's "spread over the hosts", by the balance rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

const char *vimana_migrate_spread_label (void);
GHashTable *vimana_migrate_spread_plan (GPtrArray  *domains,
                                        GPtrArray  *destinations,
                                        GHashTable *identities,
                                        GPtrArray **unplaced);

G_END_DECLS
