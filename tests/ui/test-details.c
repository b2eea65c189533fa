/* test-details.c: a guest's details window on the test driver
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "vimana-details-window.h"
#include "vimana-overview-page.h"

static gboolean
overview_loaded (gpointer data)
{
    return !vimana_overview_page_is_loading (data);
}

static void
test_details_overview (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-01");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaOverviewPage *page = VIMANA_OVERVIEW_PAGE (vimana_details_window_get_overview (window));

    gtk_widget_show (GTK_WIDGET (window));
    ui_test_wait (overview_loaded, page, "the domain XML");

    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "overview");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "name"), ==, "run-01");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "title"), ==, "Web server 01");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "uuid"), ==,
                     vimana_domain_get_uuid (domain));
    g_assert_cmpstr (vimana_overview_page_get_value (page, "state"), ==, "Running");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "vcpus"), ==, "2");
    /* Sizes as every window writes them (vimana_format_bytes ()). */
    g_assert_cmpstr (vimana_overview_page_get_value (page, "memory"), ==, "1 GiB (up to 1 GiB)");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "os"), ==, "hvm");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "hypervisor"), ==, "test");
    g_assert_cmpstr (vimana_overview_page_get_value (page, "persistent"), ==,
                     "Persistent: kept when it stops");
    ui_test_screenshot (GTK_WIDGET (window), "details-overview");

    /* A page a later version adds falls back to the Overview. */
    g_assert_false (vimana_details_window_set_page (window, "no-such-page"));
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "overview");

    /* Ctrl+Page Down/Up and Alt+1… move between the pages, never past either end. */
    g_action_group_activate_action (G_ACTION_GROUP (window), "page-previous", NULL);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "overview");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page-next", NULL);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "console");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page", g_variant_new_int32 (4));
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "hardware");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page-next", NULL);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "snapshots");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page-next", NULL);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "snapshots");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page", g_variant_new_int32 (5));
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "snapshots");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page-previous", NULL);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "hardware");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page-previous", NULL);
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "performance");
    g_action_group_activate_action (G_ACTION_GROUP (window), "page", g_variant_new_int32 (1));
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "overview");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
addresses_shown (gpointer page)
{
    return g_strcmp0 (vimana_overview_page_get_value (page, "addresses"), "192.168.122.3") == 0;
}

static gboolean
addresses_gone (gpointer page)
{
    return g_strcmp0 (vimana_overview_page_get_value (page, "addresses"),
                      "None: the guest is not running") == 0;
}

/* The Overview asks the host for a running guest's addresses (the test driver answers for
 * each interface), copies the first, and says when there is none. */
static void
test_details_addresses (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-01");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaOverviewPage *page = VIMANA_OVERVIEW_PAGE (vimana_details_window_get_overview (window));
    GtkWidget *copy, *agent;
    GtkClipboard *clipboard;
    g_autofree char *copied = NULL;

    gtk_widget_show (GTK_WIDGET (window));
    ui_test_wait (addresses_shown, page, "the guest's address on the Overview");
    g_assert_cmpstr (vimana_domain_get_addresses (domain), ==, "192.168.122.3");

    copy = ui_test_find_by_name (GTK_WIDGET (window), "Copy Address", GTK_TYPE_BUTTON);
    agent = ui_test_find_by_name (GTK_WIDGET (window), "Ask Guest Agent", GTK_TYPE_BUTTON);
    g_assert_nonnull (copy);
    g_assert_nonnull (agent);
    g_assert_true (gtk_widget_is_sensitive (copy));
    clipboard = gtk_widget_get_clipboard (copy, GDK_SELECTION_CLIPBOARD);
    gtk_clipboard_set_text (clipboard, "before", -1);
    gtk_button_clicked (GTK_BUTTON (copy));
    copied = gtk_clipboard_wait_for_text (clipboard);
    g_assert_cmpstr (copied, ==, "192.168.122.3");
    ui_test_screenshot (GTK_WIDGET (window), "details-overview-addresses");

    vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, NULL, NULL, NULL);
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_SHUTOFF);
    ui_test_wait (addresses_gone, page, "the address to go when the guest stops");
    g_assert_false (gtk_widget_is_sensitive (copy));
    g_assert_false (gtk_widget_is_sensitive (agent));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* Issue 17, item 10: Tab on the Overview goes from control to control (the page switcher, the
 * autostart switch, Copy Address, Ask Guest Agent…), never to the read-only values, which a
 * pointer can still select and copy. */
static void
test_details_overview_tab_stops (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-01");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaOverviewPage *page = VIMANA_OVERVIEW_PAGE (vimana_details_window_get_overview (window));
    guint stops = 0;

    gtk_widget_show (GTK_WIDGET (window));
    ui_test_wait (addresses_shown, page, "the guest's address on the Overview");
    ui_test_wait_drawn (GTK_WIDGET (window));
    for (guint i = 0; i < 40; i++) {
        GtkWidget *focus;

        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
        focus = gtk_window_get_focus (GTK_WINDOW (window));
        if (focus == NULL)
            continue;
        g_assert_false (GTK_IS_LABEL (focus));
        if (gtk_widget_is_ancestor (focus, GTK_WIDGET (page)))
            stops++;
    }
    /* the autostart switch, Copy Address and Ask Guest Agent at least */
    g_assert_cmpuint (stops, >=, 3);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static void
test_details_actions_follow_state (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-02");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaOverviewPage *page = VIMANA_OVERVIEW_PAGE (vimana_details_window_get_overview (window));
    GActionGroup *actions = G_ACTION_GROUP (window);

    gtk_widget_show (GTK_WIDGET (window));
    g_assert_true (g_action_group_get_action_enabled (actions, "domain-pause"));
    g_assert_false (g_action_group_get_action_enabled (actions, "domain-resume"));
    g_assert_false (g_action_group_get_action_enabled (actions, "domain-run"));

    g_action_group_activate_action (actions, "domain-pause", NULL);
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_PAUSED);
    ui_test_flush ();
    g_assert_false (g_action_group_get_action_enabled (actions, "domain-pause"));
    g_assert_true (g_action_group_get_action_enabled (actions, "domain-resume"));
    g_assert_cmpstr (vimana_overview_page_get_value (page, "state"), ==, "Paused");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Web server 02 — Paused");

    g_action_group_activate_action (actions, "domain-resume", NULL);
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_RUNNING);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
domain_removed (gpointer data)
{
    return vimana_domain_get_removed (data);
}

static void
test_details_goes_inert (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(VimanaDomain) domain = g_object_ref (ui_test_domain (connection, "off-02"));
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    GActionGroup *actions = G_ACTION_GROUP (window);

    gtk_widget_show (GTK_WIDGET (window));
    g_assert_true (g_action_group_get_action_enabled (actions, "domain-run"));

    /* Deleted elsewhere (here: straight through the core, as another window would). */
    vimana_domain_delete_async (domain, NULL, NULL, NULL, NULL);
    ui_test_wait (domain_removed, domain, "the guest to go");
    ui_test_flush ();

    g_assert_true (vimana_details_window_is_inert (window));
    g_assert_false (g_action_group_get_action_enabled (actions, "domain-run"));
    g_assert_false (g_action_group_get_action_enabled (actions, "domain-delete"));
    g_assert_null (vimana_connection_find_domain_by_name (connection, "off-02"));
    ui_test_screenshot (GTK_WIDGET (window), "details-inert");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/details/overview", test_details_overview);
    g_test_add_func ("/ui/details/addresses", test_details_addresses);
    g_test_add_func ("/ui/details/overview-tab-stops", test_details_overview_tab_stops);
    g_test_add_func ("/ui/details/actions-follow-state", test_details_actions_follow_state);
    g_test_add_func ("/ui/details/goes-inert", test_details_goes_inert);

    return g_test_run ();
}
