/* vimana-console-window.c: a guest's console detached from its details window
 *
 * The window borrows the console page's display widget: the page moves it in, and takes it
 * back (vimana_console_window_take_display) when the window closes or the guest stops. The
 * window itself never connects or disconnects anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-window"

#include "config.h"

#include "vimana-console-window.h"

struct _VimanaConsoleWindow
{
    GtkWindow parent_instance;

    /* owned widgets */
    GtkScrolledWindow *scrolled;

    /* borrowed references */
    GtkWidget *display;
};

G_DEFINE_FINAL_TYPE (VimanaConsoleWindow, vimana_console_window, GTK_TYPE_WINDOW)

static void
vimana_console_window_class_init (VimanaConsoleWindowClass *klass)
{
}

static void
vimana_console_window_init (VimanaConsoleWindow *self)
{
    self->scrolled = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new (NULL, NULL));
    gtk_scrolled_window_set_policy (self->scrolled, GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
    gtk_widget_show (GTK_WIDGET (self->scrolled));
    gtk_container_add (GTK_CONTAINER (self), GTK_WIDGET (self->scrolled));
    gtk_window_set_default_size (GTK_WINDOW (self), 800, 600);
}

/**
 * vimana_console_window_new:
 * @parent: (nullable): the details window the console came from
 * @title: the window's title
 * @display: the display widget, not in any container
 *
 * Returns: (transfer none): a new window showing @display
 */
GtkWidget *
vimana_console_window_new (GtkWindow  *parent,
                           const char *title,
                           GtkWidget  *display)
{
    VimanaConsoleWindow *self;

    g_return_val_if_fail (GTK_IS_WIDGET (display), NULL);
    g_return_val_if_fail (gtk_widget_get_parent (display) == NULL, NULL);

    self = g_object_new (VIMANA_TYPE_CONSOLE_WINDOW, "title", title, NULL);
    if (parent != NULL && gtk_window_get_application (parent) != NULL)
        gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    self->display = display;
    gtk_container_add (GTK_CONTAINER (self->scrolled), display);
    return GTK_WIDGET (self);
}

/* Scaled, the display takes the window's size; 1:1, the window scrolls. */
void
vimana_console_window_set_scaling (VimanaConsoleWindow *self,
                                   gboolean             scaling)
{
    GtkPolicyType policy = scaling ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC;

    g_return_if_fail (VIMANA_IS_CONSOLE_WINDOW (self));
    gtk_scrolled_window_set_policy (self->scrolled, policy, policy);
}

/* Returns: (transfer full) (nullable): the display, out of this window, for its page */
GtkWidget *
vimana_console_window_take_display (VimanaConsoleWindow *self)
{
    GtkWidget *display;
    GtkWidget *parent;

    g_return_val_if_fail (VIMANA_IS_CONSOLE_WINDOW (self), NULL);

    display = self->display;
    self->display = NULL;
    if (display == NULL)
        return NULL;
    g_object_ref (display);
    parent = gtk_widget_get_parent (display);
    if (parent != NULL)
        gtk_container_remove (GTK_CONTAINER (parent), display);
    return display;
}
