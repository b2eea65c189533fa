/* vimana-field-error.c: a message under a field that was filled in wrongly, or a hint
 *
 * The label goes under its field, in the field's column. It wraps at the width that column
 * already has instead of asking for the width of its sentence, so a message that appears
 * does not widen the column and move every field of the form (issue 17, item 11).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-field-error"

#include "config.h"

#include "vimana-field-error.h"

static void
vimana_field_error_show (GtkLabel   *label,
                         const char *message,
                         gboolean    error)
{
    GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (label));

    gtk_label_set_text (label, message != NULL ? message : "");
    gtk_label_set_line_wrap (label, TRUE);
    gtk_label_set_line_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (label, 1);
    gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
    if (error) {
        gtk_style_context_remove_class (context, "dim-label");
        gtk_style_context_add_class (context, "vimana-field-error");
    } else {
        /* A hint before anything was typed is not red: the label may carry "error" from its
         * template, which would colour it. */
        gtk_style_context_remove_class (context, "vimana-field-error");
        gtk_style_context_remove_class (context, "error");
        gtk_style_context_add_class (context, "dim-label");
    }
}

/**
 * vimana_field_error_set:
 * @field: the entry (or other control) the message is about
 * @label: the label under it that shows the message
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

    vimana_field_error_show (label, message, TRUE);
    if (message != NULL)
        gtk_style_context_add_class (context, "error");
    else
        gtk_style_context_remove_class (context, "error");
}

/**
 * vimana_field_error_set_error:
 * @field: the entry (or other control) the message is about
 * @label: the label under it that shows the message
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

/**
 * vimana_field_error_set_hint:
 * @field: the entry (or other control) the hint is about
 * @label: the label under it that shows the hint
 * @hint: (nullable): what the field needs, or %NULL for nothing
 *
 * Says what a field the user has not filled in yet needs, in the theme's neutral look: a
 * field is not wrong before anything was typed into it.
 */
void
vimana_field_error_set_hint (GtkWidget  *field,
                             GtkLabel   *label,
                             const char *hint)
{
    gtk_style_context_remove_class (gtk_widget_get_style_context (field), "error");
    vimana_field_error_show (label, hint, FALSE);
}

/* Returns: whether @label shows a hint rather than an error */
gboolean
vimana_field_error_is_hint (GtkLabel *label)
{
    return gtk_style_context_has_class (gtk_widget_get_style_context (GTK_WIDGET (label)),
                                        "dim-label");
}
