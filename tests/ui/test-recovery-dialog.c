/* test-recovery-dialog.c: assisted recovery's bar and dialog, on the test driver
 *
 * Host A (tests/data/recovery/node-a.xml) runs one guest on an NFS pool and one on a dir pool;
 * host B (node-b.xml) mounts the same export elsewhere and has a dir pool at A's path. A is
 * opened from a copy of its node file that is then deleted, so that once the connection is
 * dropped every reconnection fails and A stays lost, as a dead host does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-preferences-window.h"
#include "vimana-recovery-bar.h"
#include "vimana-recovery-dialog.h"
#include "vimana-recovery-watch.h"

static gboolean
watch_known (gpointer data)
{
    return vimana_recovery_watch_get_known (data);
}

static gboolean
bar_offers (gpointer data)
{
    return vimana_recovery_bar_get_lost (data) != NULL && gtk_widget_get_visible (data);
}

typedef struct
{
    GtkWidget *dialog;
    guint      rows;
} RowsWait;

static guint
count_rows (GtkWidget *dialog)
{
    GtkWidget *list = ui_test_find_by_name (dialog, "Guests", GTK_TYPE_LIST_BOX);
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (list));

    return g_list_length (rows);
}

static gboolean
rows_listed (gpointer data)
{
    RowsWait *wait = data;

    return count_rows (wait->dialog) == wait->rows;
}

static gboolean
dialog_idle (gpointer data)
{
    return !vimana_recovery_dialog_get_busy (data);
}

static gboolean
guest_on (gpointer data)
{
    VimanaDomain *domain = vimana_connection_find_domain_by_name (data, "i14rec-shared");

    return domain != NULL && vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_RUNNING;
}

/* A connection to a copy of @file that is gone once it is open: reconnecting fails. */
static VimanaConnection *
open_doomed (const char *file,
             char      **copy_path)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "recovery", file, NULL);
    g_autofree char *text = NULL;
    g_autofree char *uri = NULL;
    g_autoptr(GError) error = NULL;
    int fd;

    g_file_get_contents (path, &text, NULL, &error);
    g_assert_no_error (error);
    fd = g_file_open_tmp ("i14rec-node-XXXXXX.xml", copy_path, &error);
    g_assert_no_error (error);
    close (fd);
    g_file_set_contents (*copy_path, text, -1, &error);
    g_assert_no_error (error);
    uri = g_strdup_printf ("test://%s", *copy_path);
    return test_connection_open (uri);
}

static VimanaConnection *
open_data (const char *file)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "recovery", file, NULL);
    g_autofree char *abs = g_canonicalize_filename (path, NULL);
    g_autofree char *uri = g_strdup_printf ("test://%s", abs);

    return test_connection_open (uri);
}

static void
test_recovery_dialog (void)
{
    g_autofree char *copy = NULL;
    g_autoptr(VimanaConnection) a = open_doomed ("node-a.xml", &copy);
    g_autoptr(VimanaConnection) b = open_data ("node-b.xml");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autofree char *check_name = NULL;
    g_autofree char *shared_row = NULL;
    g_autofree char *local_row = NULL;
    g_autofree char *running = NULL;
    VimanaRecoveryWatch *watch;
    GtkWidget *window;
    GtkWidget *bar;
    GtkWidget *dialog;
    GtkWidget *button;
    GtkWidget *check;
    RowsWait rows;

    g_list_store_append (connections, a);
    g_list_store_append (connections, b);
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    bar = vimana_recovery_bar_new ();
    gtk_container_add (GTK_CONTAINER (window), bar);
    vimana_recovery_bar_set_connections (VIMANA_RECOVERY_BAR (bar), G_LIST_MODEL (connections),
                                         NULL);
    gtk_widget_show (window);

    /* What ran on A is read while A is up. */
    watch = vimana_recovery_watch_get (a);
    g_assert_cmpuint (vimana_recovery_watch_get_delay (watch), ==, VIMANA_RECOVERY_DEFAULT_DELAY);
    ui_test_wait (watch_known, watch, "A's guests and pools read");
    ui_test_wait (watch_known, vimana_recovery_watch_get (b), "B's pools read");
    g_assert_false (gtk_widget_get_visible (bar));

    /* Lost, but not yet for the delay: nothing is offered. The test then shortens it. */
    g_assert_cmpint (g_unlink (copy), ==, 0);
    vimana_connection_simulate_lost (a);
    ui_test_flush ();
    g_assert_false (vimana_recovery_watch_get_overdue (watch));
    g_assert_false (gtk_widget_get_visible (bar));
    vimana_recovery_watch_set_delay (watch, 0);
    ui_test_wait (bar_offers, bar, "the recovery bar");
    g_assert_true (vimana_recovery_bar_get_lost (VIMANA_RECOVERY_BAR (bar)) == a);

    dialog = vimana_recovery_bar_open_dialog (VIMANA_RECOVERY_BAR (bar));
    g_assert_nonnull (dialog);
    rows.dialog = dialog;
    rows.rows = 2;    /* the shut-off guest is not listed */
    ui_test_wait (rows_listed, &rows, "the plan's two guests");
    g_assert_cmpuint (vimana_recovery_dialog_get_n_recoverable (VIMANA_RECOVERY_DIALOG (dialog)),
                      ==, 1);

    shared_row = g_strdup_printf ("i14rec-shared: Its disk is on storage %s sees too.",
                                  vimana_connection_get_display_name (b));
    g_assert_nonnull (ui_test_find_by_name (dialog, shared_row, GTK_TYPE_LIST_BOX_ROW));
    local_row = g_strdup_printf ("i14rec-local: Disk vda is in pool “local” (dir), storage that "
                                 "only %s has.", vimana_connection_get_display_name (a));
    g_assert_nonnull (ui_test_find_by_name (dialog, local_row, GTK_TYPE_LIST_BOX_ROW));
    g_assert_nonnull (ui_test_find_by_name (dialog, "Destination", GTK_TYPE_COMBO_BOX_TEXT));

    /* Nothing starts before the user confirms that A is off, whatever asks. */
    button = ui_test_find_by_name (dialog, "Start on Destination", GTK_TYPE_BUTTON);
    g_assert_false (gtk_widget_get_sensitive (button));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_false (vimana_recovery_dialog_get_busy (VIMANA_RECOVERY_DIALOG (dialog)));
    check_name = g_strdup_printf ("%s is really off", vimana_connection_get_display_name (a));
    check = ui_test_find_by_name (dialog, check_name, GTK_TYPE_CHECK_BUTTON);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), TRUE);
    g_assert_true (gtk_widget_get_sensitive (button));

    gtk_button_clicked (GTK_BUTTON (button));
    ui_test_wait (dialog_idle, dialog, "the guests started");
    ui_test_wait (guest_on, b, "the shared guest running on B");
    g_assert_null (vimana_connection_find_domain_by_name (b, "i14rec-local"));
    running = g_strdup_printf ("Running on %s.", vimana_connection_get_display_name (b));
    g_assert_nonnull (ui_test_find_by_name (dialog, running, GTK_TYPE_LABEL));
    g_assert_nonnull (ui_test_find_by_name (dialog, "Not started.", GTK_TYPE_LABEL));
    g_assert_false (gtk_widget_get_sensitive (button));
    ui_test_screenshot (dialog, "recovery-dialog");

    /* The recovered guest is no longer offered; the local one still is. */
    g_assert_true (gtk_widget_get_visible (bar));
    gtk_widget_destroy (dialog);
    gtk_widget_destroy (window);
    vimana_connection_shutdown (a);
    vimana_connection_shutdown (b);
}

/* The delay is a typed number in Preferences: out of range, it says so and keeps the setting;
 * in range, the bar's watches take it at once. */
static void
test_recovery_preferences (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    g_autoptr(VimanaConnection) a = open_data ("node-a.xml");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    GtkWidget *bar = g_object_ref_sink (vimana_recovery_bar_new ());
    GtkWidget *window;
    GtkWidget *entry;
    GtkWidget *unit;

    g_settings_reset (settings, "recovery-delay");
    g_assert_cmpint (g_settings_get_int (settings, "recovery-delay"), ==,
                     VIMANA_RECOVERY_DEFAULT_DELAY);
    g_list_store_append (connections, a);
    vimana_recovery_bar_set_connections (VIMANA_RECOVERY_BAR (bar), G_LIST_MODEL (connections),
                                         settings);
    window = vimana_preferences_window_new (NULL, settings);
    gtk_widget_show (window);
    entry = ui_test_find_by_name (window, "Offer recovery of a lost host’s guests after",
                                  GTK_TYPE_ENTRY);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, "60");

    gtk_entry_set_text (GTK_ENTRY (entry), "5");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpint (g_settings_get_int (settings, "recovery-delay"), ==, 60);
    g_assert_nonnull (ui_test_find_by_name (window, "Enter a whole number of seconds from 10 to "
                                                    "3600.", GTK_TYPE_LABEL));

    gtk_entry_set_text (GTK_ENTRY (entry), "120");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpint (g_settings_get_int (settings, "recovery-delay"), ==, 120);
    g_assert_cmpuint (vimana_recovery_watch_get_delay (vimana_recovery_watch_get (a)), ==, 120);
    unit = gtk_widget_get_parent (entry);
    g_assert_true (GTK_IS_GRID (unit));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (GTK_GRID (unit), 2, 0))),
                     ==, "seconds");
    gtk_widget_destroy (window);
    gtk_widget_destroy (bar);
    g_object_unref (bar);
    vimana_connection_shutdown (a);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/recovery/dialog", test_recovery_dialog);
    g_test_add_func ("/ui/recovery/preferences", test_recovery_preferences);

    return g_test_run ();
}
