/* vimana-field-error.h: a message under a field that was filled in wrongly, or a hint
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vimana_field_error_set       (GtkWidget    *field,
                                   GtkLabel     *label,
                                   const char   *message);
void vimana_field_error_set_error (GtkWidget    *field,
                                   GtkLabel     *label,
                                   const GError *error);
void vimana_field_error_set_hint  (GtkWidget    *field,
                                   GtkLabel     *label,
                                   const char   *hint);
gboolean vimana_field_error_is_hint (GtkLabel   *label);

G_END_DECLS
