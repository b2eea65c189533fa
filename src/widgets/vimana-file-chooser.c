/* vimana-file-chooser.c: a file chooser that works from any window, modal ones included
 *
 * Without a portal, GtkFileChooserNative shows a GtkFileChooserDialog of its own. When the
 * window it is opened from is modal, that window holds GTK's grab: a chooser that is not modal
 * itself gets none of its clicks, keys or even the window manager's close (gtk_main_do_event
 * drops what is outside the grab). Every chooser in the application is made here: modal, and
 * transient for the toplevel it was opened from, so that it stacks above that window, takes
 * the grab while it is shown and gives it back when it goes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-file-chooser"

#include "config.h"

#include "vimana-file-chooser.h"

/**
 * vimana_file_chooser_new:
 * @from: (nullable): the widget (or window) the chooser is opened from
 * @title: the chooser's title
 * @action: open, save or choose a folder
 * @accept_label: the label of the button that accepts
 *
 * Makes a modal file chooser, transient for the toplevel window of @from.
 *
 * Returns: (transfer full): the chooser; show it with gtk_native_dialog_show()
 */
GtkFileChooserNative *
vimana_file_chooser_new (GtkWidget            *from,
                         const char           *title,
                         GtkFileChooserAction  action,
                         const char           *accept_label)
{
    GtkWidget *toplevel = from != NULL ? gtk_widget_get_toplevel (from) : NULL;
    GtkWindow *parent = NULL;
    GtkFileChooserNative *chooser;

    if (toplevel != NULL && GTK_IS_WINDOW (toplevel) && gtk_widget_is_toplevel (toplevel))
        parent = GTK_WINDOW (toplevel);
    chooser = gtk_file_chooser_native_new (title, parent, action, accept_label, NULL);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    return chooser;
}
