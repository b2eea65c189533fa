/* ui-test-util.c: what the UI tests share: waiting, finding widgets, screenshots
 *
 * Waits run the main loop until a condition holds (tests/lib/test-wait.h); the only time limit
 * is a guard that fails the test so that a broken build does not hang CI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"

#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>
#include <stdlib.h>

#include "test-wait.h"

/* libvirt's own printing of errors would bury the test output; the tests check the GErrors. */
static void
ui_test_libvirt_error_cb (void        *user_data,
                          virErrorPtr  error)
{
}

void
ui_test_init (int    *argc,
              char ***argv)
{
    if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0') {
        g_print ("1..0 # SKIP no display: the UI tests need X (the test command starts Xvfb)\n");
        exit (0);
    }
    gtk_test_init (argc, argv, NULL);
    /* Screenshots and widget state must not depend on animations half-way. */
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    virSetErrorFunc (NULL, ui_test_libvirt_error_cb);
    gvir_event_register ();
}

void
ui_test_wait (UiTestCondition  condition,
              gpointer         data,
              const char      *what)
{
    test_wait_until (condition, data, what);
}

static gboolean
ui_test_idle_done_cb (gpointer data)
{
    *(gboolean *) data = TRUE;
    return G_SOURCE_REMOVE;
}

/* Runs the main loop until everything pending at idle priority has run. */
void
ui_test_flush (void)
{
    gboolean done = FALSE;

    g_idle_add_full (G_PRIORITY_LOW, ui_test_idle_done_cb, &done, NULL);
    test_wait_flag (&done, "the main loop to go idle");
}

/* Returns: (transfer full): a connection on tests/data/node-50.xml, its guests listed */
VimanaConnection *
ui_test_open_node (void)
{
    g_autofree char *uri = g_strdup_printf ("test://%s", g_getenv ("VIMANA_TEST_NODE"));

    return test_connection_open (uri);
}

VimanaDomain *
ui_test_domain (VimanaConnection *connection,
                const char       *name)
{
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, name);

    g_assert_nonnull (domain);
    return domain;
}

typedef struct
{
    VimanaDomain      *domain;
    VimanaDomainState  state;
} UiTestStateWait;

static gboolean
ui_test_state_reached (gpointer data)
{
    UiTestStateWait *wait = data;

    return vimana_domain_get_state (wait->domain) == wait->state;
}

void
ui_test_wait_state (VimanaDomain      *domain,
                    VimanaDomainState  state)
{
    UiTestStateWait wait = { domain, state };

    ui_test_wait (ui_test_state_reached, &wait, vimana_domain_state_to_string (state));
}

typedef gboolean (*UiTestMatch) (GtkWidget *widget, const char *needle);

/* Limits ui_test_find_by_name () to widgets of a type; G_TYPE_NONE for any. */
static GType ui_test_name_type = G_TYPE_NONE;

static GtkWidget *
ui_test_find (GtkWidget   *widget,
              UiTestMatch  match,
              const char  *needle)
{
    GtkWidget *found = NULL;

    if (match (widget, needle))
        return widget;
    if (GTK_IS_CONTAINER (widget)) {
        GList *children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL && found == NULL; l = l->next)
            found = ui_test_find (l->data, match, needle);
        g_list_free (children);
    }
    /* Header bars and dialogs keep some children outside get_children (). */
    if (found == NULL && GTK_IS_WINDOW (widget) && gtk_window_get_titlebar (GTK_WINDOW (widget)))
        found = ui_test_find (gtk_window_get_titlebar (GTK_WINDOW (widget)), match, needle);
    return found;
}

static gboolean
ui_test_match_action (GtkWidget  *widget,
                      const char *needle)
{
    return GTK_IS_ACTIONABLE (widget) &&
           g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), needle) == 0;
}

static gboolean
ui_test_match_name (GtkWidget  *widget,
                    const char *needle)
{
    AtkObject *accessible;

    if (ui_test_name_type != G_TYPE_NONE &&
        !G_TYPE_CHECK_INSTANCE_TYPE (widget, ui_test_name_type))
        return FALSE;
    accessible = gtk_widget_get_accessible (widget);
    return accessible != NULL && g_strcmp0 (atk_object_get_name (accessible), needle) == 0;
}

GtkWidget *
ui_test_find_by_action (GtkWidget  *root,
                        const char *action_name)
{
    return ui_test_find (root, ui_test_match_action, action_name);
}

GtkWidget *
ui_test_find_by_name (GtkWidget  *root,
                      const char *accessible_name,
                      GType       type)
{
    GtkWidget *found;

    ui_test_name_type = type;
    found = ui_test_find (root, ui_test_match_name, accessible_name);
    ui_test_name_type = G_TYPE_NONE;
    return found;
}

/* Returns: (transfer none) (nullable): the first toplevel window of @type */
GtkWidget *
ui_test_find_toplevel (GType type)
{
    GList *toplevels = gtk_window_list_toplevels ();
    GtkWidget *found = NULL;

    for (GList *l = toplevels; l != NULL && found == NULL; l = l->next) {
        if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
            found = l->data;
    }
    g_list_free (toplevels);
    return found;
}

static gboolean
ui_test_drawn_cb (GtkWidget *widget,
                  cairo_t   *cr,
                  gpointer   data)
{
    *(gboolean *) data = TRUE;
    return FALSE;
}

/* Waits until @toplevel has been mapped and drawn once more. */
void
ui_test_wait_drawn (GtkWidget *toplevel)
{
    gboolean drawn = FALSE;
    gulong handler;

    handler = g_signal_connect_after (toplevel, "draw", G_CALLBACK (ui_test_drawn_cb), &drawn);
    gtk_widget_queue_draw (toplevel);
    test_wait_flag (&drawn, "the window to be drawn");
    g_signal_handler_disconnect (toplevel, handler);
    ui_test_flush ();
}

/* Saves what @widget's window shows as $VIMANA_TEST_ARTIFACTS/@name.png, when that is set. */
void
ui_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
    const char *dir = g_getenv ("VIMANA_TEST_ARTIFACTS");
    g_autofree char *file = NULL;
    g_autofree char *path = NULL;
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(GError) error = NULL;
    GdkWindow *window;

    if (dir == NULL)
        return;
    ui_test_wait_drawn (gtk_widget_get_toplevel (widget));
    window = gtk_widget_get_window (gtk_widget_get_toplevel (widget));
    g_assert_nonnull (window);
    pixbuf = gdk_pixbuf_get_from_window (window, 0, 0, gdk_window_get_width (window),
                                         gdk_window_get_height (window));
    g_assert_nonnull (pixbuf);
    g_mkdir_with_parents (dir, 0755);
    file = g_strconcat (name, ".png", NULL);
    path = g_build_filename (dir, file, NULL);
    if (!gdk_pixbuf_save (pixbuf, path, "png", &error, NULL))
        g_warning ("Could not save %s: %s", path, error->message);
}
