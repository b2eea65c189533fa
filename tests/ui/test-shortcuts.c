/* test-shortcuts.c: the Shortcuts window lists only shortcuts that work
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "vimana-application.h"

static void
collect_shortcuts (GtkWidget *widget,
                   gpointer   data)
{
    if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
        g_ptr_array_add (data, widget);
    else if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), collect_shortcuts, data);
}

/* One application for the process, registered (which runs its startup) as the app would be. */
static VimanaApplication *
start_application (void)
{
    VimanaApplication *app = vimana_application_new ();
    g_autoptr(GError) error = NULL;

    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE |
                             G_APPLICATION_NON_UNIQUE);
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
    return app;
}

/* Each shortcut listed names an action that has an accelerator; the application's actions
 * among them exist and are enabled (the window's are checked where the window is). */
static void
test_listed_are_bound (void)
{
    GApplication *app = g_application_get_default ();
    g_autoptr(GtkBuilder) builder = NULL;
    g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
    GtkWidget *overlay;
    guint n_app = 0;

    builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
    overlay = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));
    collect_shortcuts (overlay, shortcuts);
    g_assert_cmpuint (shortcuts->len, >, 0);
    for (guint i = 0; i < shortcuts->len; i++) {
        g_autofree char *action = NULL;
        g_autofree char *title = NULL;
        g_auto(GStrv) accels = NULL;

        g_object_get (shortcuts->pdata[i], "action-name", &action, "title", &title, NULL);
        g_test_message ("shortcut “%s”: %s", title, action);
        /* A shortcut with only an accelerator could be bound to nothing: none is listed so. */
        g_assert_nonnull (action);
        accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);
        g_assert_nonnull (accels[0]);
        if (g_str_has_prefix (action, "app.")) {
            g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), action + 4));
            g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), action + 4));
            n_app++;
        }
    }
    g_assert_cmpuint (n_app, >=, 3);
    gtk_widget_destroy (overlay);
}

static void
destroyed_cb (GtkWidget *widget,
              gpointer   data)
{
    *(gboolean *) data = TRUE;
}

/* Ctrl+W's action closes the application's window. */
static void
test_close_window (void)
{
    GApplication *app = g_application_get_default ();
    g_auto(GStrv) accels = NULL;
    GtkWidget *window;
    gboolean destroyed = FALSE;

    accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.close-window");
    g_assert_cmpstr (accels[0], ==, "<Primary>w");
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
    g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
    gtk_widget_show (window);
    ui_test_flush ();
    g_action_group_activate_action (G_ACTION_GROUP (app), "close-window", NULL);
    ui_test_flush ();
    g_assert_true (destroyed);
}

int
main (int    argc,
      char **argv)
{
    g_autoptr(VimanaApplication) app = NULL;
    int status;

    ui_test_init (&argc, &argv);
    app = start_application ();
    g_application_set_default (G_APPLICATION (app));
    g_test_add_func ("/ui/shortcuts/listed-are-bound", test_listed_are_bound);
    g_test_add_func ("/ui/shortcuts/close-window", test_close_window);
    status = g_test_run ();
    g_application_set_default (NULL);
    return status;
}
