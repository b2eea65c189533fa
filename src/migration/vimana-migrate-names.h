/* vimana-migrate-names.h: the Migrate dialog's destinations named by their hosts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vimana_migrate_names_update (GtkComboBoxText *combo,
                                  GPtrArray       *destinations);

G_END_DECLS
