/* vimana-quit.c: quitting, which asks first while guests migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-application"

#include "config.h"

#include "vimana-quit.h"

#include <glib/gi18n.h>

#include "vimana-migration.h"

static void
vimana_quit_now (GApplication *application)
{
    GList *windows = gtk_application_get_windows (GTK_APPLICATION (application));

    /* Destroying the windows lets each one save its size. */
    while (windows != NULL) {
        GList *next = windows->next;
        gtk_window_close (GTK_WINDOW (windows->data));
        windows = next;
    }
    g_application_quit (application);
}

static void
vimana_quit_migrations_ended_cb (GListModel *running,
                                 guint       position,
                                 guint       removed,
                                 guint       added,
                                 gpointer    user_data)
{
    GApplication *application = user_data;

    if (g_list_model_get_n_items (running) > 0)
        return;
    g_signal_handlers_disconnect_by_func (running, vimana_quit_migrations_ended_cb,
                                          application);
    vimana_quit_now (application);
    g_application_release (application);
}

static void
vimana_quit_response_cb (GtkDialog *dialog,
                         int        response,
                         gpointer   user_data)
{
    GApplication *application = user_data;
    GListModel *running = vimana_migration_get_running ();
    guint n = g_list_model_get_n_items (running);
    g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (g_object_unref);

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != GTK_RESPONSE_ACCEPT)
        return;
    if (n == 0) {
        vimana_quit_now (application);
        return;
    }
    /* Each abort ends its migrate call in a moment; quit once the last has ended, so that no
     * guest is left half-moved by a process that went away. */
    g_application_hold (application);
    g_signal_connect (running, "items-changed",
                      G_CALLBACK (vimana_quit_migrations_ended_cb), application);
    for (guint i = 0; i < n; i++)
        g_ptr_array_add (migrations, g_list_model_get_item (running, i));
    for (guint i = 0; i < migrations->len; i++)
        vimana_migration_cancel (g_ptr_array_index (migrations, i));
}

/**
 * vimana_quit_ask:
 * @app: the application
 *
 * app.quit: quits at once when no migration runs; else asks first, since a managed migration
 * needs the app (Keep Running, or Quit Anyway: cancel them and quit once the last has ended).
 */
void
vimana_quit_ask (GtkApplication *app)
{
    GApplication *application = G_APPLICATION (app);
    GtkWindow *parent = gtk_application_get_active_window (app);
    guint n = g_list_model_get_n_items (vimana_migration_get_running ());
    GtkWidget *dialog;

    if (n == 0) {
        vimana_quit_now (application);
        return;
    }
    /* A managed migration needs the app: quitting without asking would abort it. */
    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     ngettext ("A guest is moving to another host.",
                                               "%u guests are moving to other hosts.", n), n);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                              _("Vimana drives these migrations: quitting cancels them, and each guest stays on the host it is leaving."));
    gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Keep Running"), GTK_RESPONSE_CANCEL,
                            _("_Quit Anyway"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    gtk_window_set_title (GTK_WINDOW (dialog), _("Quit Vimana?"));
    g_signal_connect (dialog, "response", G_CALLBACK (vimana_quit_response_cb),
                      application);
    gtk_window_present (GTK_WINDOW (dialog));
}
