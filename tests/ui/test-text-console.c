/* test-text-console.c: the text console widget on the libvirt test driver
 *
 * The test driver has no consoles, so the console cannot attach: the widget must say why, offer
 * no take-over (nobody holds the console), and typing into it must go nowhere. Attaching to a
 * real guest's serial port is the system tier's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <vte/vte.h>

#include "ui-test-util.h"
#include "vimana-text-console.h"

static gboolean
has_status (gpointer data)
{
    const char *status = vimana_text_console_get_status (data);

    return status != NULL && g_str_has_prefix (status, "This connection cannot");
}

static void
test_text_console_unsupported (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-01");
    GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    GtkWidget *console = vimana_text_console_new (domain, "serial0", "serial0");
    GtkWidget *terminal = vimana_text_console_get_terminal (VIMANA_TEXT_CONSOLE (console));
    GtkWidget *search;
    GtkWidget *take_over;

    gtk_container_add (GTK_CONTAINER (window), console);
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 500);
    gtk_widget_show (window);
    ui_test_wait_drawn (window);

    /* Every control is found by its accessible name. */
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (terminal)), ==, "Text console serial0");
    g_assert_nonnull (ui_test_find_by_name (window, "Copy", GTK_TYPE_BUTTON));
    g_assert_nonnull (ui_test_find_by_name (window, "Paste", GTK_TYPE_BUTTON));
    g_assert_nonnull (ui_test_find_by_name (window, "Save Output", GTK_TYPE_BUTTON));
    search = ui_test_find_by_name (window, "Search the console output", GTK_TYPE_SEARCH_ENTRY);
    g_assert_nonnull (search);
    take_over = ui_test_find_by_name (window, "Take over the console", GTK_TYPE_BUTTON);
    g_assert_nonnull (take_over);

    vimana_text_console_attach (VIMANA_TEXT_CONSOLE (console), FALSE);
    ui_test_wait (has_status, console, "the console's refusal");
    g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (take_over)));
    /* Nobody holds the console: there is nothing to take over. */
    g_assert_false (gtk_widget_get_visible (take_over));
    ui_test_screenshot (window, "text-console-unsupported");

    /* Typing while not attached goes nowhere and queues nothing. */
    vte_terminal_feed_child (VTE_TERMINAL (terminal), "root\r", -1);
    ui_test_flush ();
    g_assert_false (vimana_console_stream_is_open (vimana_text_console_get_stream (VIMANA_TEXT_CONSOLE (console))));
    g_assert_cmpuint (vimana_console_stream_get_pending (vimana_text_console_get_stream (VIMANA_TEXT_CONSOLE (console))),
                      ==, 0);

    /* A search is for the text typed, even one that is not a valid pattern. */
    gtk_entry_set_text (GTK_ENTRY (search), "a(b[");
    g_signal_emit_by_name (search, "search-changed");
    g_assert_nonnull (vte_terminal_search_get_regex (VTE_TERMINAL (terminal)));
    gtk_entry_set_text (GTK_ENTRY (search), "");
    g_signal_emit_by_name (search, "search-changed");
    g_assert_null (vte_terminal_search_get_regex (VTE_TERMINAL (terminal)));

    gtk_widget_destroy (window);
    vimana_connection_shutdown (connection);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/text-console/unsupported", test_text_console_unsupported);

    return g_test_run ();
}
