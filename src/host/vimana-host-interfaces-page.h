/* vimana-host-interfaces-page.h: the host window's Interfaces page, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

/* The columns of the page's interfaces model. */
enum
{
    VIMANA_HOST_INTERFACE_COLUMN_NAME,
    VIMANA_HOST_INTERFACE_COLUMN_KIND,
    VIMANA_HOST_INTERFACE_COLUMN_STATE,
    VIMANA_HOST_INTERFACE_COLUMN_MAC,
    VIMANA_HOST_INTERFACE_COLUMN_ADDRESSES,
    VIMANA_HOST_INTERFACE_COLUMN_SPEED,
};

#define VIMANA_TYPE_HOST_INTERFACES_PAGE (vimana_host_interfaces_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostInterfacesPage, vimana_host_interfaces_page, VIMANA,
                      HOST_INTERFACES_PAGE, GtkBox)

void          vimana_host_interfaces_page_set_connection (VimanaHostInterfacesPage *self,
                                                          VimanaConnection         *connection);
void          vimana_host_interfaces_page_load           (VimanaHostInterfacesPage *self);
gboolean      vimana_host_interfaces_page_get_loaded     (VimanaHostInterfacesPage *self);
GtkTreeModel *vimana_host_interfaces_page_get_interfaces (VimanaHostInterfacesPage *self);

G_END_DECLS
