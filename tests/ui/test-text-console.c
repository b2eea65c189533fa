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
#include <string.h>
#include <vte/vte.h>

#include <libvirt/libvirt.h>

#include "ui-test-util.h"
#include "vimana-console-page.h"
#include "vimana-details-window.h"
#include "vimana-text-console.h"

#define SERIAL_GUEST_XML                                                                      \
    "<domain type='test'><name>serial-only</name><memory unit='MiB'>64</memory>"          \
    "<os><type arch='x86_64'>hvm</type></os><devices>"                                    \
    "<serial type='pty'><target port='0'/></serial><console type='pty'/>"                 \
    "</devices></domain>"

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

    /* Ctrl+Shift+F opens the search bar; Ctrl+Shift+V while not attached pastes nowhere. */
    g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (search,
                                                                                             GTK_TYPE_SEARCH_BAR))));
    gtk_widget_grab_focus (terminal);
    g_assert_true (gtk_test_widget_send_key (terminal, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    ui_test_flush ();
    g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (search,
                                                                                            GTK_TYPE_SEARCH_BAR))));
    gtk_clipboard_set_text (gtk_widget_get_clipboard (terminal, GDK_SELECTION_CLIPBOARD), "reboot\r", -1);
    gtk_widget_grab_focus (terminal);
    g_assert_true (gtk_test_widget_send_key (terminal, GDK_KEY_V, GDK_CONTROL_MASK | GDK_SHIFT_MASK));
    ui_test_flush ();
    g_assert_cmpuint (vimana_console_stream_get_pending (vimana_text_console_get_stream (VIMANA_TEXT_CONSOLE (console))),
                      ==, 0);
    /* Break is offered only as the reason it is not; SysRq needs a running guest (run-01 runs). */
    g_assert_false (g_action_group_get_action_enabled (gtk_widget_get_action_group (console, "text"), "break"));
    g_assert_true (g_action_group_get_action_enabled (gtk_widget_get_action_group (console, "text"), "sysrq"));
    g_assert_nonnull (ui_test_find_by_name (window, "Send SysRq or Break", GTK_TYPE_MENU_BUTTON));

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

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
    GtkWidget *found = NULL;

    if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
        return widget;
    if (GTK_IS_CONTAINER (widget)) {
        GList *children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL && found == NULL; l = l->next)
            found = find_type (l->data, type);
        g_list_free (children);
    }
    return found;
}

static gboolean
page_shows_text (gpointer data)
{
    return g_strcmp0 (vimana_console_page_get_state (data), "text") == 0;
}

static gboolean
console_refused (gpointer data)
{
    GtkWidget *console = find_type (data, VIMANA_TYPE_TEXT_CONSOLE);

    return console != NULL && has_status (console);
}

/* A guest with a serial console and no display opens on its serial console. */
static void
test_text_console_serial_only_guest (void)
{
    virConnectPtr keeper = virConnectOpen ("test:///default");
    virDomainPtr dom = NULL;
    g_autoptr(VimanaConnection) connection = NULL;
    VimanaDetailsWindow *window;
    GtkWidget *page;
    GtkWidget *console;

    g_assert_nonnull (keeper);
    /* test:///default's state is the process's: the guest defined here is the one listed. */
    dom = virDomainCreateXML (keeper, SERIAL_GUEST_XML, 0);
    g_assert_nonnull (dom);
    connection = test_connection_open ("test:///default");
    window = vimana_details_window_new (NULL, ui_test_domain (connection, "serial-only"), NULL);
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    g_assert_true (vimana_details_window_set_page (window, "console"));
    gtk_widget_show (GTK_WIDGET (window));
    page = find_type (GTK_WIDGET (window), VIMANA_TYPE_CONSOLE_PAGE);
    g_assert_nonnull (page);

    ui_test_wait (page_shows_text, page, "the serial console");
    console = find_type (page, VIMANA_TYPE_TEXT_CONSOLE);
    g_assert_nonnull (console);
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (
                                              vimana_text_console_get_terminal (VIMANA_TEXT_CONSOLE (console)))),
                     ==, "Text console serial0");
    /* The test driver cannot open it; the page says so instead of showing nothing. */
    ui_test_wait (console_refused, page, "the console's refusal");
    ui_test_screenshot (GTK_WIDGET (window), "console-serial-only");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    virDomainDestroy (dom);
    virDomainFree (dom);
    virConnectClose (keeper);
}

#define CHOOSER_GUEST_XML                                                                     \
    "<domain type='test'><name>serial-chooser</name><memory unit='MiB'>64</memory>"       \
    "<os><type arch='x86_64'>hvm</type></os><devices>"                                    \
    "<serial type='pty'><target port='0'/></serial><console type='pty'/>"                 \
    "<console type='pty'><target type='virtio' port='1'/></console>"                      \
    "</devices></domain>"

/* Through the app's own connection: its _finish applies the guest's new state at once. */
static void
run_action (VimanaDomain       *domain,
            VimanaDomainAction  action)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    GAsyncResult *result;

    vimana_domain_run_action_async (domain, action, NULL, test_wait_async_cb, &wait);
    result = test_wait_async (&wait, "the action");
    g_assert_true (vimana_domain_run_action_finish (domain, result, &error));
    g_assert_no_error (error);
    g_clear_object (&result);
}

static gboolean
widget_visible (gpointer data)
{
    return gtk_widget_get_visible (data);
}

static gboolean
console_says_not_started (gpointer data)
{
    GtkWidget *console = find_type (data, VIMANA_TYPE_TEXT_CONSOLE);
    const char *status = console != NULL ? vimana_text_console_get_status (VIMANA_TEXT_CONSOLE (console)) : NULL;

    return status != NULL && g_str_has_prefix (status, "The guest could not be started");
}

static gboolean
page_shows_no_graphics (gpointer data)
{
    return g_strcmp0 (vimana_console_page_get_state (data), "no-graphics") == 0;
}

/* The chooser lists the display and each console; Start and attach on a driver that cannot
 * start a guest paused says why and leaves the guest off; choosing the display of a guest
 * without one says where its console is. */
static void
test_text_console_chooser (void)
{
    virConnectPtr keeper = virConnectOpen ("test:///default");
    virDomainPtr dom = NULL;
    g_autoptr(VimanaConnection) connection = NULL;
    VimanaDetailsWindow *window;
    VimanaDomain *domain;
    GtkWidget *page;
    GtkWidget *chooser;
    GtkWidget *start;
    GtkWidget *show_text;
    GtkTreeModel *model;
    GtkTreeIter iter;
    g_autofree char *second = NULL;
    g_autofree char *third = NULL;

    g_assert_nonnull (keeper);
    dom = virDomainDefineXML (keeper, CHOOSER_GUEST_XML);
    g_assert_nonnull (dom);
    connection = test_connection_open ("test:///default");
    domain = ui_test_domain (connection, "serial-chooser");
    window = vimana_details_window_new (NULL, domain, NULL);
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    g_assert_true (vimana_details_window_set_page (window, "console"));
    gtk_widget_show (GTK_WIDGET (window));
    page = find_type (GTK_WIDGET (window), VIMANA_TYPE_CONSOLE_PAGE);
    g_assert_nonnull (page);
    g_assert_cmpstr (vimana_console_page_get_state (VIMANA_CONSOLE_PAGE (page)), ==, "not-running");

    /* The guest is off: the placeholder offers Start and Attach once the consoles are read. */
    start = ui_test_find_by_name (page, "Start and Attach", GTK_TYPE_BUTTON);
    g_assert_nonnull (start);
    ui_test_wait (widget_visible, start, "Start and Attach on the placeholder");
    chooser = ui_test_find_by_name (page, "Console to show", GTK_TYPE_COMBO_BOX_TEXT);
    g_assert_nonnull (chooser);
    g_assert_true (gtk_widget_is_visible (chooser));
    model = gtk_combo_box_get_model (GTK_COMBO_BOX (chooser));
    g_assert_cmpint (gtk_tree_model_iter_n_children (model, NULL), ==, 3);
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (chooser)), ==, "display");
    g_assert_true (gtk_tree_model_iter_nth_child (model, &iter, NULL, 1));
    gtk_tree_model_get (model, &iter, 0, &second, -1);
    g_assert_cmpstr (second, ==, "Serial port serial0");
    g_assert_true (gtk_tree_model_iter_nth_child (model, &iter, NULL, 2));
    gtk_tree_model_get (model, &iter, 0, &third, -1);
    g_assert_cmpstr (third, ==, "Text console console1 (virtio)");
    ui_test_screenshot (GTK_WIDGET (window), "console-chooser-not-running");

    /* The test driver cannot start a guest paused: the console says so, the guest stays off. */
    gtk_button_clicked (GTK_BUTTON (start));
    ui_test_wait (page_shows_text, page, "the serial console");
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (chooser)), ==, "serial0");
    ui_test_wait (console_says_not_started, page, "the refusal to start paused");
    g_assert_false (vimana_domain_get_active (domain));

    /* The guest runs without a display: choosing the display says where the console is. */
    run_action (domain, VIMANA_DOMAIN_ACTION_START);
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_RUNNING);
    ui_test_wait (console_refused, page, "the console's refusal");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (chooser), "display");
    ui_test_wait (page_shows_no_graphics, page, "the no-display placeholder");
    show_text = ui_test_find_by_name (page, "Show the Text Console", GTK_TYPE_BUTTON);
    g_assert_nonnull (show_text);
    g_assert_true (gtk_widget_get_visible (show_text));
    ui_test_screenshot (GTK_WIDGET (window), "console-chooser-no-display");
    gtk_button_clicked (GTK_BUTTON (show_text));
    g_assert_cmpstr (vimana_console_page_get_state (VIMANA_CONSOLE_PAGE (page)), ==, "text");
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (chooser)), ==, "serial0");

    /* The virtio console: another text console, the first one detached. */
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (chooser), "console1");
    g_assert_cmpstr (vimana_console_page_get_state (VIMANA_CONSOLE_PAGE (page)), ==, "text");
    g_assert_cmpstr (vimana_console_stream_get_dev_name (vimana_text_console_get_stream (
                                                             VIMANA_TEXT_CONSOLE (find_type (page,
                                                                                             VIMANA_TYPE_TEXT_CONSOLE)))),
                     ==, "console1");

    /* Stopped: the text console stays, and says the guest is off. */
    run_action (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF);
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_cmpstr (vimana_console_page_get_state (VIMANA_CONSOLE_PAGE (page)), ==, "text");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    virDomainUndefine (dom);
    virDomainFree (dom);
    virConnectClose (keeper);
}

/* What the list's "Start and Attach Console" does: the details window, at once, before the page
 * read the guest's consoles; it runs once they are read. */
static void
test_text_console_start_attach_early (void)
{
    virConnectPtr keeper = virConnectOpen ("test:///default");
    virDomainPtr dom = NULL;
    g_autoptr(VimanaConnection) connection = NULL;
    g_autofree char *xml = NULL;
    VimanaDetailsWindow *window;
    GtkWidget *page;

    g_assert_nonnull (keeper);
    xml = g_strdup (CHOOSER_GUEST_XML);
    memcpy (strstr (xml, "serial-chooser"), "serial-early00", strlen ("serial-chooser"));
    dom = virDomainDefineXML (keeper, xml);
    g_assert_nonnull (dom);
    connection = test_connection_open ("test:///default");
    window = vimana_details_window_new (NULL, ui_test_domain (connection, "serial-early00"), NULL);
    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    gtk_widget_show (GTK_WIDGET (window));
    vimana_details_window_start_and_attach (window);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "console");
    page = find_type (GTK_WIDGET (window), VIMANA_TYPE_CONSOLE_PAGE);
    ui_test_wait (page_shows_text, page, "the serial console");
    ui_test_wait (console_says_not_started, page, "the refusal to start paused");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    virDomainUndefine (dom);
    virDomainFree (dom);
    virConnectClose (keeper);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/text-console/unsupported", test_text_console_unsupported);
    g_test_add_func ("/ui/text-console/serial-only-guest", test_text_console_serial_only_guest);
    g_test_add_func ("/ui/text-console/chooser", test_text_console_chooser);
    g_test_add_func ("/ui/text-console/start-attach-early", test_text_console_start_attach_early);

    return g_test_run ();
}
