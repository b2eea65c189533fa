/* vimana-can-act.c: a control that cannot act says why, in its tooltip
 *
 * An insensitive button alone leaves the user guessing (issue 17, item 11): while it cannot
 * act its tooltip (and so its accessible description) is the reason; when it can again, the
 * tooltip it had comes back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-can-act"

#include "config.h"

#include "vimana-can-act.h"

#define VIMANA_CAN_ACT_TOOLTIP "vimana-can-act-tooltip"

/**
 * vimana_widget_set_can_act:
 * @widget: a control
 * @can_act: whether it can act now
 * @why_not: (nullable): why not, shown as its tooltip while it cannot
 *
 * Sets @widget's sensitivity, and its tooltip to @why_not while it is insensitive.
 */
void
vimana_widget_set_can_act (GtkWidget  *widget,
                           gboolean    can_act,
                           const char *why_not)
{
    const char *own;

    g_return_if_fail (GTK_IS_WIDGET (widget));

    /* (the tooltip the template gave it, kept the first time) */
    if (g_object_get_data (G_OBJECT (widget), VIMANA_CAN_ACT_TOOLTIP) == NULL) {
        g_autofree char *tooltip = gtk_widget_get_tooltip_text (widget);

        g_object_set_data_full (G_OBJECT (widget), VIMANA_CAN_ACT_TOOLTIP,
                                g_strdup (tooltip != NULL ? tooltip : ""), g_free);
    }
    own = g_object_get_data (G_OBJECT (widget), VIMANA_CAN_ACT_TOOLTIP);
    gtk_widget_set_sensitive (widget, can_act);
    if (can_act || why_not == NULL)
        gtk_widget_set_tooltip_text (widget, *own != '\0' ? own : NULL);
    else
        gtk_widget_set_tooltip_text (widget, why_not);
}
