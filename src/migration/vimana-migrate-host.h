/* vimana-migrate-host.h: host maintenance: evacuate a host, return its guests afterwards
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

GtkWidget *vimana_migrate_host_evacuate (GtkWindow         *parent,
                                         GListModel        *connections,
                                         VimanaConnection  *connection,
                                         GError           **error);
GtkWidget *vimana_migrate_host_return   (GtkWindow         *parent,
                                         GListModel        *connections,
                                         VimanaConnection  *home,
                                         GError           **error);

G_END_DECLS
