/* vimana-recovery-bar.c: the main window's notice that a lost host's guests can be recovered
 *
 * One VimanaRecoveryWatch per connection keeps what ran there. The bar shows when one of them
 * is overdue (lost, not closed, for the `recovery-delay` setting) and ran guests at the last
 * reading, names the host and offers Recover Guests…, which opens the Recover Guests dialog.
 * It offers; it never starts anything itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-recovery-dialog"

#include "config.h"

#include "vimana-recovery-bar.h"

#include <glib/gi18n.h>

#include "vimana-recovery-dialog.h"
#include "vimana-recovery-watch.h"

#define VIMANA_RECOVERY_BAR_RESPONSE_OPEN 1

struct _VimanaRecoveryBar
{
    GtkInfoBar        parent_instance;

    /* widgets */
    GtkLabel         *label;
    GtkWidget        *button;

    /* owned references */
    GListModel       *connections;
    GSettings        *settings;
    VimanaConnection *lost;      /* the host offered, or NULL */
    GPtrArray        *watched;   /* VimanaConnection whose watch is followed */
};

G_DEFINE_FINAL_TYPE (VimanaRecoveryBar, vimana_recovery_bar, GTK_TYPE_INFO_BAR)

static guint
vimana_recovery_bar_get_delay (VimanaRecoveryBar *self)
{
    if (self->settings == NULL)
        return VIMANA_RECOVERY_DEFAULT_DELAY;
    return (guint) MAX (g_settings_get_int (self->settings, "recovery-delay"), 0);
}

static void
vimana_recovery_bar_update (VimanaRecoveryBar *self)
{
    guint n = self->connections != NULL ? g_list_model_get_n_items (self->connections) : 0;
    g_autofree char *text = NULL;
    g_autofree char *lost = NULL;
    g_autofree char *ran = NULL;
    g_autoptr(GPtrArray) guests = NULL;

    g_clear_object (&self->lost);
    for (guint i = 0; i < n && self->lost == NULL; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);
        VimanaRecoveryWatch *watch = vimana_recovery_watch_get (connection);
        g_autoptr(GPtrArray) listed = NULL;

        if (!vimana_recovery_watch_get_overdue (watch))
            continue;
        listed = vimana_recovery_watch_dup_guests (watch);
        if (listed->len == 0)
            continue;
        self->lost = g_steal_pointer (&connection);
        guests = g_steal_pointer (&listed);
    }
    if (self->lost == NULL || guests == NULL) {
        gtk_widget_hide (GTK_WIDGET (self));
        return;
    }
    /* Translators: %s is a host's name, %u a number of seconds. */
    lost = g_strdup_printf (_("%s has been unreachable for more than %u seconds."),
                            vimana_connection_get_display_name (self->lost),
                            vimana_recovery_watch_get_delay (vimana_recovery_watch_get (self->lost)));
    ran = g_strdup_printf (ngettext ("%u guest ran there; it can be started on another host once "
                                     "you confirm that the host is off.",
                                     "%u guests ran there; they can be started on another host "
                                     "once you confirm that the host is off.", guests->len),
                           guests->len);
    text = g_strconcat (lost, " ", ran, NULL);
    gtk_label_set_text (self->label, text);
    gtk_widget_show (GTK_WIDGET (self));
}

static void
vimana_recovery_bar_watch_cb (VimanaRecoveryBar *self)
{
    vimana_recovery_bar_update (self);
}

static void
vimana_recovery_bar_follow (VimanaRecoveryBar *self)
{
    guint n = g_list_model_get_n_items (self->connections);
    guint delay = vimana_recovery_bar_get_delay (self);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);
        VimanaRecoveryWatch *watch = vimana_recovery_watch_get (connection);

        vimana_recovery_watch_set_delay (watch, delay);
        if (g_ptr_array_find (self->watched, connection, NULL))
            continue;
        g_signal_connect_object (watch, "notify::overdue",
                                 G_CALLBACK (vimana_recovery_bar_watch_cb), self,
                                 G_CONNECT_SWAPPED);
        g_signal_connect_object (watch, "changed", G_CALLBACK (vimana_recovery_bar_watch_cb),
                                 self, G_CONNECT_SWAPPED);
        g_ptr_array_add (self->watched, g_steal_pointer (&connection));
    }
    vimana_recovery_bar_update (self);
}

static void
vimana_recovery_bar_delay_changed_cb (VimanaRecoveryBar *self)
{
    vimana_recovery_bar_follow (self);
}

/**
 * vimana_recovery_bar_open_dialog:
 * @self: a #VimanaRecoveryBar
 *
 * Opens the Recover Guests dialog for the host the bar names (what its button does).
 *
 * Returns: (transfer none) (nullable): the dialog, or %NULL when no host is offered
 */
GtkWidget *
vimana_recovery_bar_open_dialog (VimanaRecoveryBar *self)
{
    GtkWidget *toplevel;
    GtkWidget *dialog;

    g_return_val_if_fail (VIMANA_IS_RECOVERY_BAR (self), NULL);

    if (self->lost == NULL)
        return NULL;
    toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    dialog = vimana_recovery_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                         self->connections, self->lost);
    gtk_window_present (GTK_WINDOW (dialog));
    return dialog;
}

static void
vimana_recovery_bar_response (GtkInfoBar *bar,
                              int         response)
{
    if (response == VIMANA_RECOVERY_BAR_RESPONSE_OPEN)
        vimana_recovery_bar_open_dialog (VIMANA_RECOVERY_BAR (bar));
}

static void
vimana_recovery_bar_finalize (GObject *object)
{
    VimanaRecoveryBar *self = VIMANA_RECOVERY_BAR (object);

    g_clear_object (&self->connections);
    g_clear_object (&self->settings);
    g_clear_object (&self->lost);
    g_clear_pointer (&self->watched, g_ptr_array_unref);
    G_OBJECT_CLASS (vimana_recovery_bar_parent_class)->finalize (object);
}

static void
vimana_recovery_bar_class_init (VimanaRecoveryBarClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_recovery_bar_finalize;
    GTK_INFO_BAR_CLASS (klass)->response = vimana_recovery_bar_response;
}

static void
vimana_recovery_bar_init (VimanaRecoveryBar *self)
{
    GtkWidget *content = gtk_info_bar_get_content_area (GTK_INFO_BAR (self));

    self->watched = g_ptr_array_new_with_free_func (g_object_unref);
    gtk_info_bar_set_message_type (GTK_INFO_BAR (self), GTK_MESSAGE_WARNING);
    self->label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->label, 0);
    gtk_label_set_line_wrap (self->label, TRUE);
    gtk_widget_show (GTK_WIDGET (self->label));
    gtk_container_add (GTK_CONTAINER (content), GTK_WIDGET (self->label));
    self->button = gtk_info_bar_add_button (GTK_INFO_BAR (self), _("_Recover Guests…"),
                                            VIMANA_RECOVERY_BAR_RESPONSE_OPEN);
    atk_object_set_name (gtk_widget_get_accessible (self->button), _("Recover Guests"));
    gtk_widget_set_no_show_all (GTK_WIDGET (self), TRUE);
}

GtkWidget *
vimana_recovery_bar_new (void)
{
    return g_object_new (VIMANA_TYPE_RECOVERY_BAR, NULL);
}

/**
 * vimana_recovery_bar_set_connections:
 * @self: a #VimanaRecoveryBar
 * @connections: the application's connections
 * @settings: (nullable): the application's settings, for `recovery-delay`
 *
 * Follows every connection, present and future.
 */
void
vimana_recovery_bar_set_connections (VimanaRecoveryBar *self,
                                     GListModel        *connections,
                                     GSettings         *settings)
{
    g_return_if_fail (VIMANA_IS_RECOVERY_BAR (self));
    g_return_if_fail (G_IS_LIST_MODEL (connections));
    g_return_if_fail (self->connections == NULL);

    self->connections = g_object_ref (connections);
    if (settings != NULL) {
        self->settings = g_object_ref (settings);
        g_signal_connect_object (settings, "changed::recovery-delay",
                                 G_CALLBACK (vimana_recovery_bar_delay_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    }
    g_signal_connect_object (connections, "items-changed",
                             G_CALLBACK (vimana_recovery_bar_delay_changed_cb), self,
                             G_CONNECT_SWAPPED);
    vimana_recovery_bar_follow (self);
}

/**
 * vimana_recovery_bar_get_lost:
 * @self: a #VimanaRecoveryBar
 *
 * Returns: (transfer none) (nullable): the host the bar offers to recover, if shown
 */
VimanaConnection *
vimana_recovery_bar_get_lost (VimanaRecoveryBar *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_BAR (self), NULL);
    return self->lost;
}
