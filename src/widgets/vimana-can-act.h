/* vimana-can-act.h: a control that cannot act says why, in its tooltip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vimana_widget_set_can_act (GtkWidget  *widget,
                                gboolean    can_act,
                                const char *why_not);

G_END_DECLS
