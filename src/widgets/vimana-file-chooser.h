/* vimana-file-chooser.h: a file chooser that works from any window, modal ones included
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkFileChooserNative *vimana_file_chooser_new (GtkWidget            *from,
                                               const char           *title,
                                               GtkFileChooserAction  action,
                                               const char           *accept_label);

G_END_DECLS
