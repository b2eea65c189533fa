/* vimana-hardware-sidebar.h: the rows of the Hardware page's sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"
#include "vimana-hardware-form.h"

G_BEGIN_DECLS

void           vimana_hardware_sidebar_setup  (GtkListBox         *sidebar);
GtkListBoxRow *vimana_hardware_sidebar_fill   (GtkListBox         *sidebar,
                                               VimanaDomainConfig *config,
                                               VimanaHardwareItem  item,
                                               guint               device);
void           vimana_hardware_sidebar_follow (GtkListBox         *sidebar,
                                               GtkListBoxRow      *selected);
const char    *vimana_hardware_sidebar_icon   (VimanaHardwareItem  item,
                                               VimanaDeviceKind    kind);
void           vimana_hardware_sidebar_set_edited (GtkListBoxRow  *row,
                                                   gboolean        edited);
gboolean       vimana_hardware_sidebar_get_edited (GtkListBoxRow  *row);

G_END_DECLS
