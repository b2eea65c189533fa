/* vimana-error-bar.c: a non-modal bar that shows what failed, in the window where it failed
 *
 * Bulk actions can fail for several guests at once; the bar gathers the messages that arrive
 * while it is shown instead of replacing one by the next, so none is lost. It may offer one
 * action besides Dismiss (e.g. Force Off for a guest that ignored Shut Down), which lasts until
 * the bar is dismissed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-error-bar"

#include "config.h"

#include "vimana-error-bar.h"

#include <glib/gi18n.h>

#define VIMANA_ERROR_BAR_MAX_LINES 6
#define VIMANA_ERROR_BAR_RESPONSE_ACTION 1

struct _VimanaErrorBar
{
    GtkInfoBar parent_instance;

    /* owned widgets */
    GtkLabel  *label;
    GtkWidget *action_button;   /* NULL without an action */

    /* owned references */
    GString                 *text;
    guint                    n_lines;
    VimanaErrorBarActionFunc action_func;
    gpointer                 action_data;
    GDestroyNotify           action_destroy;
};

G_DEFINE_FINAL_TYPE (VimanaErrorBar, vimana_error_bar, GTK_TYPE_INFO_BAR)

static void
vimana_error_bar_clear_action (VimanaErrorBar *self)
{
    gpointer data = g_steal_pointer (&self->action_data);
    GDestroyNotify destroy = g_steal_pointer (&self->action_destroy);

    self->action_func = NULL;
    if (self->action_button != NULL)
        gtk_widget_destroy (g_steal_pointer (&self->action_button));
    if (destroy != NULL)
        destroy (data);
}

static void
vimana_error_bar_response_cb (GtkInfoBar *bar,
                              int         response_id,
                              gpointer    user_data)
{
    VimanaErrorBar *self = VIMANA_ERROR_BAR (bar);

    if (response_id == VIMANA_ERROR_BAR_RESPONSE_ACTION && self->action_func != NULL)
        self->action_func (self, self->action_data);
    vimana_error_bar_dismiss (self);
}

/* GtkInfoBar names itself after its message type ("Error", "Information"); keep ours, which
 * is what screen readers and tests look for. */
static void
vimana_error_bar_message_type_cb (GObject    *object,
                                  GParamSpec *pspec,
                                  gpointer    user_data)
{
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (object)), _("Messages"));
}

static void
vimana_error_bar_name_close_button (GtkWidget *widget,
                                    gpointer   user_data)
{
    if (GTK_IS_BUTTON (widget))
        atk_object_set_name (gtk_widget_get_accessible (widget), _("Dismiss"));
}

static void
vimana_error_bar_dispose (GObject *object)
{
    vimana_error_bar_clear_action (VIMANA_ERROR_BAR (object));

    G_OBJECT_CLASS (vimana_error_bar_parent_class)->dispose (object);
}

static void
vimana_error_bar_finalize (GObject *object)
{
    VimanaErrorBar *self = VIMANA_ERROR_BAR (object);

    g_string_free (self->text, TRUE);

    G_OBJECT_CLASS (vimana_error_bar_parent_class)->finalize (object);
}

static void
vimana_error_bar_class_init (VimanaErrorBarClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vimana_error_bar_dispose;
    G_OBJECT_CLASS (klass)->finalize = vimana_error_bar_finalize;
}

static void
vimana_error_bar_init (VimanaErrorBar *self)
{
    GtkWidget *content = gtk_info_bar_get_content_area (GTK_INFO_BAR (self));
    AtkObject *accessible;

    self->text = g_string_new (NULL);
    self->label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_line_wrap (self->label, TRUE);
    gtk_label_set_selectable (self->label, TRUE);
    gtk_label_set_xalign (self->label, 0.0);
    gtk_widget_show (GTK_WIDGET (self->label));
    gtk_container_add (GTK_CONTAINER (content), GTK_WIDGET (self->label));

    gtk_info_bar_set_show_close_button (GTK_INFO_BAR (self), TRUE);
    gtk_info_bar_set_revealed (GTK_INFO_BAR (self), FALSE);
    gtk_widget_set_no_show_all (GTK_WIDGET (self), TRUE);
    g_signal_connect (self, "response", G_CALLBACK (vimana_error_bar_response_cb), NULL);
    g_signal_connect (self, "notify::message-type",
                      G_CALLBACK (vimana_error_bar_message_type_cb), NULL);
    gtk_container_foreach (GTK_CONTAINER (gtk_info_bar_get_action_area (GTK_INFO_BAR (self))),
                           vimana_error_bar_name_close_button, NULL);

    accessible = gtk_widget_get_accessible (GTK_WIDGET (self));
    atk_object_set_name (accessible, _("Messages"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->label)), _("Message"));
}

GtkWidget *
vimana_error_bar_new (void)
{
    return g_object_new (VIMANA_TYPE_ERROR_BAR, NULL);
}

/**
 * vimana_error_bar_show:
 * @self: a #VimanaErrorBar
 * @type: how serious
 * @title: what the user tried, e.g. "Could not pause “web1”."
 * @detail: (nullable): why, usually libvirt's own message
 *
 * Shows the message, below the ones still shown.
 */
void
vimana_error_bar_show (VimanaErrorBar *self,
                       GtkMessageType  type,
                       const char     *title,
                       const char     *detail)
{
    g_autofree char *escaped_title = NULL;
    g_autofree char *escaped_detail = NULL;

    g_return_if_fail (VIMANA_IS_ERROR_BAR (self));
    g_return_if_fail (title != NULL);

    if (!gtk_info_bar_get_revealed (GTK_INFO_BAR (self))) {
        g_string_truncate (self->text, 0);
        self->n_lines = 0;
    }

    if (self->n_lines >= VIMANA_ERROR_BAR_MAX_LINES) {
        /* Further messages would push the window's content away; the count says enough. */
        if (self->n_lines == VIMANA_ERROR_BAR_MAX_LINES)
            g_string_append_printf (self->text, "\n%s", _("More actions failed."));
        self->n_lines++;
    } else {
        escaped_title = g_markup_escape_text (title, -1);
        escaped_detail = detail ? g_markup_escape_text (detail, -1) : NULL;
        if (self->text->len > 0)
            g_string_append_c (self->text, '\n');
        g_string_append_printf (self->text, "<b>%s</b>", escaped_title);
        if (escaped_detail != NULL)
            g_string_append_printf (self->text, " %s", escaped_detail);
        self->n_lines++;
    }

    gtk_label_set_markup (self->label, self->text->str);
    gtk_info_bar_set_message_type (GTK_INFO_BAR (self), type);
    gtk_widget_set_no_show_all (GTK_WIDGET (self), FALSE);
    gtk_widget_show_all (GTK_WIDGET (self));
    gtk_info_bar_set_revealed (GTK_INFO_BAR (self), TRUE);
}

void
vimana_error_bar_show_error (VimanaErrorBar *self,
                             const char     *title,
                             const GError   *error)
{
    vimana_error_bar_show (self, GTK_MESSAGE_ERROR, title, error ? error->message : NULL);
}

/* Returns: the text shown, without markup; empty when hidden */
const char *
vimana_error_bar_get_text (VimanaErrorBar *self)
{
    g_return_val_if_fail (VIMANA_IS_ERROR_BAR (self), NULL);

    if (!gtk_info_bar_get_revealed (GTK_INFO_BAR (self)))
        return "";
    return gtk_label_get_text (self->label);
}

void
vimana_error_bar_dismiss (VimanaErrorBar *self)
{
    g_return_if_fail (VIMANA_IS_ERROR_BAR (self));

    gtk_info_bar_set_revealed (GTK_INFO_BAR (self), FALSE);
    gtk_widget_hide (GTK_WIDGET (self));
    g_string_truncate (self->text, 0);
    self->n_lines = 0;
    vimana_error_bar_clear_action (self);
}

/**
 * vimana_error_bar_set_action:
 * @self: a #VimanaErrorBar
 * @label: the button's label, with a mnemonic ("_Force Off")
 * @func: what the button does; the bar is dismissed after it
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data when the action ends (run, dismissed or replaced)
 *
 * Gives the bar shown now a button besides Dismiss; it replaces the one it had.
 */
void
vimana_error_bar_set_action (VimanaErrorBar           *self,
                             const char               *label,
                             VimanaErrorBarActionFunc  func,
                             gpointer                  user_data,
                             GDestroyNotify            destroy)
{
    g_return_if_fail (VIMANA_IS_ERROR_BAR (self));
    g_return_if_fail (label != NULL && func != NULL);

    vimana_error_bar_clear_action (self);
    self->action_func = func;
    self->action_data = user_data;
    self->action_destroy = destroy;
    self->action_button = gtk_info_bar_add_button (GTK_INFO_BAR (self), label,
                                                   VIMANA_ERROR_BAR_RESPONSE_ACTION);
    gtk_widget_show (self->action_button);
}

/**
 * vimana_error_bar_get_action_data:
 * @self: a #VimanaErrorBar
 * @func: an action function
 *
 * Returns: (transfer none) (nullable): the data of the bar's action when it is @func, so a
 *   caller can add to it instead of replacing it
 */
gpointer
vimana_error_bar_get_action_data (VimanaErrorBar           *self,
                                  VimanaErrorBarActionFunc  func)
{
    g_return_val_if_fail (VIMANA_IS_ERROR_BAR (self), NULL);

    return self->action_func == func ? self->action_data : NULL;
}
