/* vimana-field-error.c: a message beside a field that was filled in wrongly
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-field-error"

#include "config.h"

#include "vimana-field-error.h"

/**
 * vimana_field_error_set:
 * @field: the entry (or other control) the message is about
 * @label: the label beside it that shows the message
 * @message: (nullable): why the value is refused, or %NULL when it is fine
 *
 * Shows @message in @label and gives @field the theme's "error" look, or takes both away.
 */
void
vimana_field_error_set (GtkWidget  *field,
                        GtkLabel   *label,
                        const char *message)
{
    GtkStyleContext *context = gtk_widget_get_style_context (field);

    gtk_label_set_text (label, message != NULL ? message : "");
    gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
    if (message != NULL)
        gtk_style_context_add_class (context, "error");
    else
        gtk_style_context_remove_class (context, "error");
}

/**
 * vimana_field_error_set_error:
 * @field: the entry (or other control) the message is about
 * @label: the label beside it that shows the message
 * @error: (nullable): why the value is refused, or %NULL when it is fine
 *
 * vimana_field_error_set() with @error's message.
 */
void
vimana_field_error_set_error (GtkWidget    *field,
                              GtkLabel     *label,
                              const GError *error)
{
    vimana_field_error_set (field, label, error != NULL ? error->message : NULL);
}
