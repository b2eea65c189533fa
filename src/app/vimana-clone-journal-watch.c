/* vimana-clone-journal-watch.c: what a clone left when the daemon went away goes when it is back
 *
 * Each time a connection opens, the volumes the clone journal still lists for it (a clone's
 * half-made volumes that could not be deleted because libvirtd went away, see
 * vimana-clone-journal.c) are deleted on its worker; those that cannot be are named in the main
 * window's info bar, for the user to remove.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-application"

#include "config.h"

#include "vimana-clone-journal-watch.h"

#include <glib/gi18n.h>

#include "vimana-clone-journal.h"
#include "vimana-error-bar.h"
#include "vimana-window.h"

static void
vimana_clone_journal_cleaned_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    VimanaConnection *connection = VIMANA_CONNECTION (object);
    g_autoptr(VimanaApplication) app = user_data;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) left = vimana_connection_clean_clone_journal_finish (connection, result, &error);
    g_autofree char *title = NULL;
    g_autofree char *list = NULL;
    VimanaWindow *window;

    /* Closed again before the job ran: the next opening tries again. */
    if (error != NULL) {
        g_debug ("%s: clone journal not cleaned: %s", vimana_connection_get_uri (connection),
                 error->message);
        return;
    }
    window = vimana_application_get_main_window (app);
    if (left == NULL || window == NULL)
        return;
    list = g_strjoinv (", ", left);
    /* Translators: %s is a connection's name. */
    title = g_strdup_printf (_("A clone on %s was cut off when the connection was lost, and "
                               "what it made could not be removed"),
                             vimana_connection_get_display_name (connection));
    vimana_error_bar_show (vimana_window_get_error_bar (window), GTK_MESSAGE_WARNING, title,
                           list);
}

static void
vimana_clone_journal_state_cb (GObject    *object,
                               GParamSpec *pspec,
                               gpointer    user_data)
{
    VimanaConnection *connection = VIMANA_CONNECTION (object);

    if (vimana_connection_get_state (connection) != VIMANA_CONNECTION_STATE_CONNECTED)
        return;
    vimana_connection_clean_clone_journal_async (connection, NULL, vimana_clone_journal_cleaned_cb,
                                                 g_object_ref (user_data));
}

/**
 * vimana_clone_journal_watch:
 * @app: the application
 * @connection: one of its connections
 *
 * Cleans what clones left on @connection each time it opens, for as long as both live.
 */
void
vimana_clone_journal_watch (VimanaApplication *app,
                            VimanaConnection  *connection)
{
    g_return_if_fail (VIMANA_IS_APPLICATION (app));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    g_signal_connect_object (connection, "notify::state",
                             G_CALLBACK (vimana_clone_journal_state_cb), app, 0);
}
