/* vimana-quit.h: quitting, which asks first while guests migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vimana_quit_ask (GtkApplication *app);

G_END_DECLS
