/* test-shortcuts.c: the Shortcuts window lists only shortcuts that work; Quit asks while guests
 * move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-application.h"
#include "vimana-migrate-dialog.h"
#include "vimana-migration.h"
#include "vimana-window.h"

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

static gboolean
is_true (gpointer data)
{
    return *(gboolean *) data;
}

/* Quit while a migration runs asks first; Keep Running keeps everything, Quit Anyway cancels
 * the migration and quits (closing the windows) once it has ended. Nothing of the main loop
 * runs between starting the migration and answering, so it is still running then (the test
 * driver refuses it as soon as its thread asks). */
static void
test_quit_asks_while_migrating (void)
{
    GApplication *app = g_application_get_default ();
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = test_connection_open ("test:///default");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = NULL;
    GtkWidget *window;
    GtkWidget *question;
    gboolean destroyed = FALSE;
    TestWaitAsync wait = { 0 };

    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
    g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
    gtk_widget_show (window);
    ui_test_flush ();

    migration = vimana_migration_new (ui_test_domain (source, "run-01"), destination, options);
    vimana_migration_run_async (migration, NULL, test_wait_async_cb, &wait);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_migration_get_running ()), ==, 1);
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    question = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (question);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (question)), ==, "Quit Vimana?");
    gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
    g_assert_false (destroyed);
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));

    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    question = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (question);
    gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
    /* Not yet: the migration has not ended. */
    g_assert_false (destroyed);
    g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_CANCELLING);
    test_wait_async (&wait, "the migration");
    g_assert_false (vimana_migration_run_finish (migration, wait.result, NULL));
    g_object_unref (wait.result);
    ui_test_wait (is_true, &destroyed, "the windows closed by the quit");
    g_assert_cmpuint (g_list_model_get_n_items (vimana_migration_get_running ()), ==, 0);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
}

static void
count_added_cb (GListModel *list,
                guint       position,
                guint       removed,
                guint       added,
                gpointer    user_data)
{
    *(guint *) user_data += added;
}

static gboolean
none_running (gpointer data)
{
    return g_list_model_get_n_items (vimana_migration_get_running ()) == 0;
}

/* Closing the main window while a guest moves asks first too, naming the guest and both hosts;
 * Keep Running leaves the window open. The close is the delete event the window manager
 * sends, handled at once (gtk_window_close() would wait for the main loop). */
static void
test_close_main_window_asks (void)
{
    GApplication *app = g_application_get_default ();
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = test_connection_open ("test:///default");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = NULL;
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autofree char *secondary = NULL;
    g_autofree char *expected = NULL;
    GdkEvent *event;
    GtkWidget *window;
    GtkWidget *question;
    GtkWidget *keep;
    GtkWidget *quit;
    gboolean destroyed = FALSE;
    TestWaitAsync wait = { 0 };

    g_list_store_append (connections, source);
    g_list_store_append (connections, destination);
    window = GTK_WIDGET (vimana_window_new (VIMANA_APPLICATION (app), G_LIST_MODEL (connections),
                                            NULL));
    g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
    gtk_widget_show (window);
    ui_test_flush ();

    migration = vimana_migration_new (ui_test_domain (source, "run-02"), destination, options);
    vimana_migration_run_async (migration, NULL, test_wait_async_cb, &wait);
    event = gdk_event_new (GDK_DELETE);
    event->any.window = g_object_ref (gtk_widget_get_window (window));
    event->any.send_event = TRUE;
    g_assert_true (gtk_widget_event (window, event));
    gdk_event_free (event);
    question = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (question);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (question)), ==, "Quit Vimana?");
    g_object_get (question, "secondary-text", &secondary, NULL);
    expected = g_strdup_printf ("run-02 (%s → %s)", vimana_connection_get_display_name (source),
                                vimana_connection_get_display_name (destination));
    g_assert_nonnull (strstr (secondary, expected));
    keep = gtk_dialog_get_widget_for_response (GTK_DIALOG (question), GTK_RESPONSE_CANCEL);
    quit = gtk_dialog_get_widget_for_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (keep)), ==, "Keep running");
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (quit)), ==,
                     "Cancel migrations and quit");
    /* Asking again shows the same question, not a second one. */
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    g_assert_true (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG) == question);
    gtk_button_clicked (GTK_BUTTON (keep));
    g_assert_false (destroyed);
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
    g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_RUNNING);

    /* Once it has ended (the test driver refuses it), the window closes without a question. */
    test_wait_async (&wait, "the migration");
    g_assert_false (vimana_migration_run_finish (migration, wait.result, NULL));
    g_object_unref (wait.result);
    ui_test_wait (none_running, NULL, "no migration running");
    event = gdk_event_new (GDK_DELETE);
    event->any.window = g_object_ref (gtk_widget_get_window (window));
    event->any.send_event = TRUE;
    g_assert_false (gtk_widget_event (window, event));
    gdk_event_free (event);
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
    gtk_widget_destroy (window);
    g_assert_true (destroyed);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
}

/* Quitting during an evacuation of three guests, two at a time: the two that move are
 * cancelled and the third, waiting its turn, never starts (the Migrate dialog is cancelled
 * before the migrations, so that none ending starts the next). */
static void
test_quit_stops_waiting_guests (void)
{
    GApplication *app = g_application_get_default ();
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = test_connection_open ("test:///default");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
    GtkWidget *window;
    GtkWidget *dialog;
    GtkWidget *question;
    gboolean destroyed = FALSE;
    guint started = 0;

    g_list_store_append (connections, source);
    g_list_store_append (connections, destination);
    g_ptr_array_add (guests, g_object_ref (ui_test_domain (source, "run-03")));
    g_ptr_array_add (guests, g_object_ref (ui_test_domain (source, "run-04")));
    g_ptr_array_add (guests, g_object_ref (ui_test_domain (source, "run-05")));
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
    g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
    gtk_widget_show (window);
    dialog = vimana_migrate_dialog_new (GTK_WINDOW (window), G_LIST_MODEL (connections), guests);
    vimana_migrate_dialog_set_purpose (VIMANA_MIGRATE_DIALOG (dialog),
                                       VIMANA_MIGRATE_PURPOSE_EVACUATE, destination);
    g_object_ref_sink (dialog);
    gtk_widget_show (dialog);

    g_signal_connect (vimana_migration_get_running (), "items-changed",
                      G_CALLBACK (count_added_cb), &started);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_cmpuint (started, ==, VIMANA_MIGRATE_DIALOG_CONCURRENCY);
    g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
    question = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (question);
    gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
    ui_test_wait (is_true, &destroyed, "the windows closed by the quit");
    g_assert_cmpuint (g_list_model_get_n_items (vimana_migration_get_running ()), ==, 0);
    g_assert_cmpuint (started, ==, VIMANA_MIGRATE_DIALOG_CONCURRENCY);
    g_signal_handlers_disconnect_by_func (vimana_migration_get_running (), count_added_cb,
                                          &started);
    gtk_widget_destroy (dialog);
    g_object_unref (dialog);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
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
    g_test_add_func ("/ui/quit/asks-while-migrating", test_quit_asks_while_migrating);
    g_test_add_func ("/ui/quit/close-main-window-asks", test_close_main_window_asks);
    g_test_add_func ("/ui/quit/stops-waiting-guests", test_quit_stops_waiting_guests);
    status = g_test_run ();
    g_application_set_default (NULL);
    return status;
}
