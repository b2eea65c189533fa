/* test-clone-journal.c: what a clone cut off by a lost daemon left, and could not be deleted
 * when the connection came back, is named in the main window's info bar
 *
 * On test:///default (its pools shared in the process, so the test defines one through its own
 * libvirt connection): the clone journal lists a volume in a pool that is not active, as a
 * clone would have left it; opening the connection from the application has the journal
 * cleaned (vimana-clone-journal-watch.c), which cannot delete it, so the info bar names it and
 * the journal keeps it for the next time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-application.h"
#include "vimana-clone-journal.h"
#include "vimana-error-bar.h"
#include "vimana-window.h"

#define URI    "test:///default"
#define POOL   "i12fin-off"
#define VOLUME "i12fin-web-01.qcow2"

static gboolean
bar_names_volume (gpointer data)
{
    const char *text = vimana_error_bar_get_text (vimana_window_get_error_bar (data));

    return strstr (text, POOL "/" VOLUME) != NULL;
}

static void
test_leftovers_named (void)
{
    VimanaApplication *app = VIMANA_APPLICATION (g_application_get_default ());
    virConnectPtr keeper = virConnectOpen (URI);
    g_autoptr(GPtrArray) listed = NULL;
    VimanaConnection *connection;
    virStoragePoolPtr pool;
    VimanaWindow *window;
    const char *text;

    g_assert_nonnull (keeper);
    pool = virStoragePoolDefineXML (keeper, "<pool type='dir'><name>" POOL "</name>"
                                                                           "<target><path>/" POOL "</path></target></pool>", 0);
    g_assert_nonnull (pool);
    /* As a clone leaves it when the daemon goes away: written down, then given up. */
    vimana_clone_journal_add (URI, POOL, VOLUME);
    vimana_clone_journal_settle (URI, POOL, VOLUME);

    g_application_activate (G_APPLICATION (app));
    window = vimana_application_get_main_window (app);
    g_assert_nonnull (window);
    connection = vimana_application_add_connection (app, URI, FALSE, FALSE);
    g_assert_nonnull (connection);
    vimana_connection_open (connection);
    ui_test_wait (bar_names_volume, window, "the info bar to name what the clone left");
    text = vimana_error_bar_get_text (vimana_window_get_error_bar (window));
    g_test_message ("%s", text);
    g_assert_nonnull (strstr (text, "could not be removed"));
    g_assert_nonnull (strstr (text, "the pool is not active"));
    ui_test_screenshot (GTK_WIDGET (window), "clone-journal-leftovers");
    /* Kept for the next time the connection opens. */
    listed = vimana_clone_journal_list (URI);
    g_assert_cmpuint (listed->len, ==, 1);

    vimana_application_remove_connection (app, connection);
    gtk_widget_destroy (GTK_WIDGET (window));
    ui_test_flush ();
    vimana_clone_journal_remove (URI, POOL, VOLUME);
    g_assert_cmpint (virStoragePoolUndefine (pool), ==, 0);
    virStoragePoolFree (pool);
    virConnectClose (keeper);
}

int
main (int    argc,
      char **argv)
{
    g_autoptr(VimanaApplication) app = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *state = g_dir_make_tmp ("i12fin-state-XXXXXX", NULL);
    g_autofree char *dir = NULL;
    int status;

    /* The journal goes to a folder of this run's own. */
    g_assert_nonnull (state);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
    ui_test_init (&argc, &argv);
    app = vimana_application_new ();
    g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE |
                             G_APPLICATION_NON_UNIQUE);
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
    g_application_set_default (G_APPLICATION (app));
    g_test_add_func ("/ui/clone-journal/leftovers-named", test_leftovers_named);
    status = g_test_run ();
    g_application_set_default (NULL);
    dir = g_build_filename (state, "vimana", "clone-journal", NULL);
    g_rmdir (dir);
    g_free (dir);
    dir = g_build_filename (state, "vimana", NULL);
    g_rmdir (dir);
    g_rmdir (state);
    return status;
}
