/* test-console.c: a guest's Console page on the test driver
 *
 * The test driver has no VNC server: libvirt cannot hand out a display socket and the XML's
 * autoport display has no port. So a running guest with a VNC display must end in
 * "disconnected" with a reason, after a bounded number of attempts, and stay there; the other
 * placeholders (not running, no display) are checked as such. The page with a session that
 * connects is in test-console-session.c, against the tests' own VNC server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "vimana-grab-keys.h"
#include "vimana-console-page.h"
#include "vimana-console-window.h"
#include "vimana-details-window.h"

#define TEST_MAX_ATTEMPTS 4

static GtkWidget *
find_console_page (GtkWidget *widget)
{
    GtkWidget *found = NULL;

    if (VIMANA_IS_CONSOLE_PAGE (widget))
        return widget;
    if (GTK_IS_CONTAINER (widget)) {
        GList *children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL && found == NULL; l = l->next)
            found = find_console_page (l->data);
        g_list_free (children);
    }
    return found;
}

/* A details window on @name showing its Console page. */
static VimanaDetailsWindow *
open_console (VimanaConnection   *connection,
              const char         *name,
              VimanaConsolePage **page)
{
    VimanaDomain *domain = ui_test_domain (connection, name);
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);

    gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
    g_assert_true (vimana_details_window_set_page (window, "console"));
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "console");
    *page = VIMANA_CONSOLE_PAGE (find_console_page (GTK_WIDGET (window)));
    g_assert_nonnull (*page);
    gtk_widget_show (GTK_WIDGET (window));
    return window;
}

typedef struct
{
    VimanaConsolePage *page;
    const char        *state;
    guint              max_attempts;
} StateWait;

static gboolean
state_reached (gpointer data)
{
    StateWait *wait = data;

    wait->max_attempts = MAX (wait->max_attempts, vimana_console_page_get_attempts (wait->page));
    return g_strcmp0 (vimana_console_page_get_state (wait->page), wait->state) == 0;
}

/* Waits for @state; returns the most attempts seen on the way. */
static guint
wait_console_state (VimanaConsolePage *page,
                    const char        *state)
{
    StateWait wait = { page, state, 0 };

    ui_test_wait (state_reached, &wait, state);
    return wait.max_attempts;
}

static gboolean
timeout_done_cb (gpointer data)
{
    *(gboolean *) data = TRUE;
    return G_SOURCE_REMOVE;
}

static gboolean
is_true (gpointer data)
{
    return *(gboolean *) data;
}

/* Runs the main loop for @seconds, counting the attempts the page makes meanwhile. */
static guint
watch_attempts (VimanaConsolePage *page,
                guint              seconds)
{
    gboolean done = FALSE;
    guint before = vimana_console_page_get_attempts (page);
    guint most = before;

    g_timeout_add_seconds (seconds, timeout_done_cb, &done);
    while (!is_true (&done)) {
        g_main_context_iteration (NULL, TRUE);
        most = MAX (most, vimana_console_page_get_attempts (page));
    }
    return most - before;
}

static void
test_console_not_running (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaConsolePage *page;
    VimanaDetailsWindow *window = open_console (connection, "off-03", &page);
    static const char * const names[] = { "Send Key", "Scale to Window", "Keep Aspect Ratio",
                                          "Resize Guest", "Fullscreen", "Screenshot",
                                          "Detach Console", "Password", "Reconnect" };

    ui_test_flush ();
    g_assert_cmpstr (vimana_console_page_get_state (page), ==, "not-running");
    g_assert_cmpuint (vimana_console_page_get_attempts (page), ==, 0);
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window), "Guest is not running",
                                            GTK_TYPE_LABEL));
    g_assert_nonnull (ui_test_find_by_action (GTK_WIDGET (page), "win.domain-run"));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        if (ui_test_find_by_name (GTK_WIDGET (window), names[i], G_TYPE_NONE) == NULL)
            g_error ("No control named “%s”", names[i]);
    }
    /* Nothing asked of the guest, so no session yet: which kind it needs is not known. */
    g_assert_null (vimana_console_page_get_session (page));
    ui_test_screenshot (GTK_WIDGET (window), "console-not-running");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static void
test_console_no_server (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaConsolePage *page;
    VimanaDetailsWindow *window = open_console (connection, "run-01", &page);
    const char *reason;
    guint attempts;

    attempts = wait_console_state (page, "disconnected");
    reason = vimana_console_page_get_reason (page);
    g_test_message ("disconnected after %u attempts: %s", attempts, reason);
    g_assert_nonnull (reason);
    g_assert_cmpstr (reason, !=, "");
    g_assert_cmpuint (attempts, >=, 1);
    g_assert_cmpuint (attempts, <=, TEST_MAX_ATTEMPTS);
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window), reason, GTK_TYPE_LABEL));
    ui_test_screenshot (GTK_WIDGET (window), "console-disconnected");

    /* Given up means given up: no more attempts by itself, no busy loop. */
    g_assert_cmpuint (watch_attempts (page, 3), ==, 0);
    g_assert_cmpstr (vimana_console_page_get_state (page), ==, "disconnected");

    /* Reconnect tries again, just as boundedly. */
    vimana_console_page_reconnect (page);
    g_assert_cmpuint (wait_console_state (page, "disconnected"), <=, TEST_MAX_ATTEMPTS);

    /* The guest stops: the page says so. */
    gtk_widget_activate (ui_test_find_by_action (GTK_WIDGET (window), "win.domain-pause"));
    ui_test_wait_state (vimana_details_window_get_domain (window), VIMANA_DOMAIN_STATE_PAUSED);
    g_assert_cmpstr (vimana_console_page_get_state (page), ==, "disconnected");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static void
force_off_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_domain_run_action_finish (VIMANA_DOMAIN (source), result, &error));
    g_assert_no_error (error);
}

static void
test_console_follows_guest (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaConsolePage *page;
    VimanaDetailsWindow *window = open_console (connection, "run-02", &page);
    VimanaDomain *domain = vimana_details_window_get_domain (window);

    wait_console_state (page, "disconnected");

    vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, NULL, force_off_cb,
                                    NULL);
    wait_console_state (page, "not-running");
    g_assert_cmpuint (watch_attempts (page, 2), ==, 0);

    /* Run from the placeholder's button: the page tries to connect again, boundedly. */
    gtk_widget_activate (ui_test_find_by_action (GTK_WIDGET (page), "win.domain-run"));
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_cmpuint (wait_console_state (page, "disconnected"), <=, TEST_MAX_ATTEMPTS);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static void
test_console_no_graphics (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaConsolePage *page;
    VimanaDetailsWindow *window = open_console (connection, "run-06", &page);

    wait_console_state (page, "no-graphics");
    g_assert_cmpuint (vimana_console_page_get_attempts (page), <=, 1);
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window),
                                            "This guest has no graphical display",
                                            GTK_TYPE_LABEL));
    ui_test_screenshot (GTK_WIDGET (window), "console-no-graphics");
    g_assert_cmpuint (watch_attempts (page, 2), ==, 0);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* A page that is not shown does not connect. */
static void
test_console_hidden (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-03");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaConsolePage *page = VIMANA_CONSOLE_PAGE (find_console_page (GTK_WIDGET (window)));

    gtk_widget_show (GTK_WIDGET (window));
    ui_test_flush ();
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "overview");
    g_assert_cmpuint (watch_attempts (page, 1), ==, 0);
    g_assert_cmpuint (vimana_console_page_get_attempts (page), ==, 0);

    vimana_details_window_set_page (window, "console");
    g_assert_cmpuint (wait_console_state (page, "disconnected"), >=, 1);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
display_flag (GtkWidget  *display,
              const char *property)
{
    gboolean value;

    g_object_get (display, property, &value, NULL);
    return value;
}

static gboolean
console_window_shown (gpointer data)
{
    return ui_test_find_toplevel (VIMANA_TYPE_CONSOLE_WINDOW) != NULL;
}

/* The view toggles reach the session's display; Detach moves it into a window and back. */

static gboolean
revealer_hidden (gpointer data)
{
    return !gtk_revealer_get_reveal_child (GTK_REVEALER (data));
}

static void
test_console_controls (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaConsolePage *page;
    VimanaDetailsWindow *window = open_console (connection, "run-01", &page);
    GActionGroup *actions = gtk_widget_get_action_group (GTK_WIDGET (page), "console");
    VimanaDisplaySession *session;
    GtkWidget *display;
    GtkWidget *console_window;
    GtkWidget *send_key;
    GtkWidget *leave;

    g_assert_nonnull (actions);
    wait_console_state (page, "disconnected");
    /* Keys and screenshots need a session. */
    g_assert_false (g_action_group_get_action_enabled (actions, "send-key"));
    g_assert_false (g_action_group_get_action_enabled (actions, "screenshot"));
    g_assert_false (g_action_group_get_action_enabled (actions, "paste-keys"));
    g_assert_false (g_action_group_get_action_enabled (actions, "custom-keys"));

    /* The guest's display is VNC: the page tried with a VNC session, and keeps it. */
    session = vimana_console_page_get_session (page);
    g_assert_nonnull (session);
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (session), ==, "VimanaDisplaySessionVnc");
    g_assert_false (vimana_display_session_is_open (session));
    display = vimana_display_session_get_display (session);
    g_assert_true (gtk_widget_is_ancestor (display, GTK_WIDGET (page)));
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (display)), ==,
                     "Console of run-01");

    /* The toggles reach the session and its widget (gtk-vnc's own properties). */
    g_assert_true (display_flag (display, "scaling"));
    g_action_group_change_action_state (actions, "scale", g_variant_new_boolean (FALSE));
    g_assert_false (vimana_display_session_get_scaling (session));
    g_assert_false (display_flag (display, "scaling"));
    g_action_group_change_action_state (actions, "keep-aspect", g_variant_new_boolean (FALSE));
    g_assert_false (display_flag (display, "keep-aspect-ratio"));
    g_action_group_change_action_state (actions, "resize-guest", g_variant_new_boolean (TRUE));
    g_assert_true (display_flag (display, "allow-resize"));
    /* Resizing the guest is a preference: the toggle follows the settings and keeps them. */
    {
        g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
        g_autoptr(GVariant) state = NULL;

        vimana_console_page_set_settings (page, settings);
        state = g_action_group_get_action_state (actions, "resize-guest");
        g_assert_false (g_variant_get_boolean (state));
        g_assert_false (display_flag (display, "allow-resize"));
        g_action_group_change_action_state (actions, "resize-guest", g_variant_new_boolean (TRUE));
        g_assert_true (g_settings_get_boolean (settings, "console-resize-guest"));
        g_assert_true (display_flag (display, "allow-resize"));
        g_settings_set_boolean (settings, "console-resize-guest", FALSE);
        ui_test_flush ();
        g_assert_false (display_flag (display, "allow-resize"));
        g_settings_reset (settings, "console-resize-guest");
        vimana_console_page_set_settings (page, NULL);
    }

    /* Fullscreen hides the toolbar and offers a way out at the top. */
    send_key = ui_test_find_by_name (GTK_WIDGET (page), "Send Key", G_TYPE_NONE);
    leave = ui_test_find_by_name (GTK_WIDGET (page), "Leave Fullscreen", GTK_TYPE_BUTTON);
    g_assert_nonnull (send_key);
    g_assert_nonnull (leave);
    g_assert_false (gtk_widget_is_visible (leave) &&
                    gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (leave))));
    g_action_group_change_action_state (actions, "fullscreen", g_variant_new_boolean (TRUE));
    ui_test_flush ();
    g_assert_false (gtk_widget_is_visible (send_key));
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (leave))));
    /* Issue 17, item 11: the bar then leaves the guest's whole screen to it. */
    ui_test_wait (revealer_hidden, gtk_widget_get_parent (leave), "the fullscreen bar to hide");
    g_assert_true (g_variant_get_boolean (g_action_group_get_action_state (actions, "fullscreen")));
    gtk_button_clicked (GTK_BUTTON (leave));
    ui_test_flush ();
    g_assert_true (gtk_widget_is_visible (send_key));
    g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (actions,
                                                                            "fullscreen")));

    g_action_group_change_action_state (actions, "detach", g_variant_new_boolean (TRUE));
    ui_test_wait (console_window_shown, NULL, "the console's own window");
    console_window = ui_test_find_toplevel (VIMANA_TYPE_CONSOLE_WINDOW);
    g_assert_true (gtk_widget_is_ancestor (display, console_window));
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (console_window)), ==, "Console of run-01");
    ui_test_screenshot (console_window, "console-detached");

    /* Closing the window brings the display back. */
    gtk_window_close (GTK_WINDOW (console_window));
    ui_test_flush ();
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_CONSOLE_WINDOW));
    g_assert_true (gtk_widget_is_ancestor (display, GTK_WIDGET (page)));
    g_assert_false (g_variant_get_boolean (g_action_group_get_action_state (actions, "detach")));

    /* And so does the toggle. */
    g_action_group_change_action_state (actions, "detach", g_variant_new_boolean (TRUE));
    ui_test_wait (console_window_shown, NULL, "the console's own window");
    g_action_group_change_action_state (actions, "detach", g_variant_new_boolean (FALSE));
    ui_test_flush ();
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_CONSOLE_WINDOW));
    g_assert_true (gtk_widget_is_ancestor (display, GTK_WIDGET (page)));

    /* Detached when the window goes: the display window goes too. */
    g_action_group_change_action_state (actions, "detach", g_variant_new_boolean (TRUE));
    ui_test_wait (console_window_shown, NULL, "the console's own window");
    gtk_widget_destroy (GTK_WIDGET (window));
    ui_test_flush ();
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_CONSOLE_WINDOW));
    vimana_connection_shutdown (connection);
}

/* The words people type become what gtk-vnc reads, and back. */
static void
test_console_release_keys_parse (void)
{
    const struct { const char *label; const char *keys; const char *shown; } good[] = {
        { "Ctrl+Alt", "Control_L+Alt_L", "Ctrl+Alt" },
        { " ctrl + alt + shift ", "Control_L+Alt_L+Shift_L", "Ctrl+Alt+Shift" },
        { "Right Ctrl", "Control_R", "Right Ctrl" },
        { "Ctrl+Alt+G", "Control_L+Alt_L+g", "Ctrl+Alt+G" },
        { "Super+F12", "Super_L+F12", "Super+F12" },
        { "Win+alt", "Super_L+Alt_L", "Super+Alt" },
        { "AltGr+Scroll_Lock", "ISO_Level3_Shift+Scroll_Lock", "AltGr+Scroll_Lock" },
        { "Ctrl+Alt+", "Control_L+Alt_L", "Ctrl+Alt" },
    };
    const char *bad[] = {
        "", "   ", "Ctrl++Alt", "Ctrl+Banana", "G", "F12", "Ctrl+Ctrl", "Control+Ctrl",
        "Ctrl+Alt+Shift+Super+G", "+",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (good); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *keys = vimana_grab_keys_from_label (good[i].label, &error);
        g_autofree char *shown = NULL;

        g_test_message ("“%s”", good[i].label);
        g_assert_no_error (error);
        g_assert_cmpstr (keys, ==, good[i].keys);
        shown = vimana_grab_keys_to_label (keys);
        g_assert_cmpstr (shown, ==, good[i].shown);
    }
    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *keys = vimana_grab_keys_from_label (bad[i], &error);

        g_test_message ("“%s” → %s", bad[i], error ? error->message : "(accepted)");
        g_assert_null (keys);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int    argc,
      char **argv)
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/console/not-running", test_console_not_running);
    g_test_add_func ("/console/no-server", test_console_no_server);
    g_test_add_func ("/console/follows-guest", test_console_follows_guest);
    g_test_add_func ("/console/no-graphics", test_console_no_graphics);
    g_test_add_func ("/console/hidden", test_console_hidden);
    g_test_add_func ("/console/controls", test_console_controls);
    g_test_add_func ("/console/release-keys/parse", test_console_release_keys_parse);

    return g_test_run ();
}
