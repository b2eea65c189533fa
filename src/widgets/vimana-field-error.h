/* vimana-field-error.h: a message beside a field that was filled in wrongly
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

G_END_DECLS
