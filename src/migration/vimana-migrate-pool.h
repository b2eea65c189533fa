/* vimana-migrate-pool.h: the Migrate dialog's pool for copied disks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

void  vimana_migrate_pool_setup (GtkComboBoxText  *combo,
                                 GtkToggleButton  *copy_check);
void  vimana_migrate_pool_fill  (GtkComboBoxText  *combo,
                                 VimanaConnection *destination);
char *vimana_migrate_pool_get   (GtkComboBoxText  *combo,
                                 GtkToggleButton  *copy_check);

G_END_DECLS
