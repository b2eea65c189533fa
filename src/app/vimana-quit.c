/* vimana-quit.c: quitting, which asks first while guests migrate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-application"

#include "config.h"

#include "vimana-quit.h"

#include <glib/gi18n.h>

#include "vimana-migrate-dialog.h"
#include "vimana-migration.h"

/* The question while it is shown: asking again presents it. */
static GtkWidget *vimana_quit_question;

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
    GList *toplevels;

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
    /* The Migrate dialogs first, so that a guest waiting its turn in an evacuation does not
     * start when one before it ends; then whatever else still runs. */
    toplevels = gtk_window_list_toplevels ();
    for (GList *l = toplevels; l != NULL; l = l->next) {
        if (VIMANA_IS_MIGRATE_DIALOG (l->data))
            vimana_migrate_dialog_cancel (l->data);
    }
    g_list_free (toplevels);
    for (guint i = 0; i < n; i++)
        g_ptr_array_add (migrations, g_list_model_get_item (running, i));
    for (guint i = 0; i < migrations->len; i++)
        vimana_migration_cancel (g_ptr_array_index (migrations, i));
}

/* "guest (source → destination)", one a line. */
static char *
vimana_quit_describe (GListModel *running)
{
    GString *text = g_string_new (NULL);
    guint n = g_list_model_get_n_items (running);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaMigration) migration = g_list_model_get_item (running, i);

        if (i > 0)
            g_string_append_c (text, '\n');
        /* Translators: a guest moving: its name, the host it leaves, the host it goes to. */
        g_string_append_printf (text, _("%s (%s → %s)"),
                                vimana_domain_get_name (vimana_migration_get_domain (migration)),
                                vimana_connection_get_display_name (vimana_migration_get_source (migration)),
                                vimana_connection_get_display_name (vimana_migration_get_destination (migration)));
    }
    return g_string_free (text, FALSE);
}

/**
 * vimana_quit_ask:
 * @app: the application
 *
 * app.quit, and closing the main window: quits at once when no migration runs; else asks
 * first, naming the guests that move, since a managed migration needs the app (Keep Running,
 * or Cancel Migrations and Quit: cancel them and quit once the last has ended).
 */
void
vimana_quit_ask (GtkApplication *app)
{
    GApplication *application = G_APPLICATION (app);
    GtkWindow *parent = gtk_application_get_active_window (app);
    GListModel *running = vimana_migration_get_running ();
    guint n = g_list_model_get_n_items (running);
    g_autofree char *guests = NULL;
    g_autofree char *secondary = NULL;
    GtkWidget *dialog;
    GtkWidget *button;

    if (n == 0) {
        vimana_quit_now (application);
        return;
    }
    if (vimana_quit_question != NULL) {
        gtk_window_present (GTK_WINDOW (vimana_quit_question));
        return;
    }
    /* A managed migration needs the app: quitting without asking would abort it. */
    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     ngettext ("A guest is moving to another host.",
                                               "%u guests are moving to other hosts.", n), n);
    guests = vimana_quit_describe (running);
    /* Translators: the guests that move, one a line, then why quitting matters. */
    secondary = g_strdup_printf (_("%s\n\nVimana drives these migrations: quitting cancels them, and each guest stays on the host it is leaving."),
                                 guests);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", secondary);
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Keep Running"), GTK_RESPONSE_CANCEL);
    atk_object_set_name (gtk_widget_get_accessible (button), _("Keep running"));
    button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel Migrations and Quit"),
                                    GTK_RESPONSE_ACCEPT);
    atk_object_set_name (gtk_widget_get_accessible (button), _("Cancel migrations and quit"));
    gtk_style_context_add_class (gtk_widget_get_style_context (button), "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    gtk_window_set_title (GTK_WINDOW (dialog), _("Quit Vimana?"));
    vimana_quit_question = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &vimana_quit_question);
    g_signal_connect (dialog, "response", G_CALLBACK (vimana_quit_response_cb),
                      application);
    gtk_window_present (GTK_WINDOW (dialog));
}
