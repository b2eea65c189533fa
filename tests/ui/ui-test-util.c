/* ui-test-util.c: what the UI tests share: waiting, finding widgets, screenshots
 *
 * Waits run the main loop until a condition holds (tests/lib/test-wait.h); the only time limit
 * is a guard that fails the test so that a broken build does not hang CI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test-wait.h"

#if defined (__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>

/* GLib's constructor allocates the first block of its quark table; past 2048 quarks (GTK,
 * GtkSourceView and gtk-vnc register that many) GLib copies the table and deliberately never
 * frees the old block, so LeakSanitizer reports it. Its allocation stack stops in g_malloc:
 * Debian's GLib has no frame pointers for the fast unwinder, and the full one
 * (fast_unwind_on_malloc=0) made every allocation of the test ten times slower. Instead, what
 * the libraries' constructors allocate before main () is not tracked: an executable's
 * .preinit_array runs before any library's constructor, and our first constructor runs after
 * them all. Everything else is checked as before. */
static void
ui_test_lsan_disable_cb (int    argc,
                         char **argv,
                         char **envp)
{
    __lsan_disable ();
}

__attribute__((section (".preinit_array"), used))
static void (*ui_test_lsan_preinit) (int, char **, char **) = ui_test_lsan_disable_cb;

__attribute__((constructor (101)))
static void
ui_test_lsan_enable_cb (void)
{
    __lsan_enable ();
}

#endif

/* libvirt's own printing of errors would bury the test output; the tests check the GErrors. */
static void
ui_test_libvirt_error_cb (void        *user_data,
                          virErrorPtr  error)
{
}

static GSubprocess *ui_test_xvfb;

static void
ui_test_xvfb_child_setup_cb (gpointer data)
{
    /* The server goes with the test, however the test ends. */
    prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
ui_test_stop_xvfb (void)
{
    g_subprocess_send_signal (ui_test_xvfb, SIGTERM);
    g_subprocess_wait (ui_test_xvfb, NULL, NULL);
    g_clear_object (&ui_test_xvfb);
}

/* Each UI test has an X server of its own, so that the tests can run side by side: no window,
 * focus or grab of one reaches another. VIMANA_TEST_OWN_DISPLAY=0, or no Xvfb installed, uses
 * $DISPLAY instead. */
static gboolean
ui_test_start_xvfb (void)
{
    g_autofree char *xvfb = g_find_program_in_path ("Xvfb");
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GString) number = g_string_new (NULL);
    g_autofree char *display = NULL;
    int fds[2];
    char c;

    if (xvfb == NULL || g_strcmp0 (g_getenv ("VIMANA_TEST_OWN_DISPLAY"), "0") == 0)
        return FALSE;
    if (!g_unix_open_pipe (fds, FD_CLOEXEC, &error))
        g_error ("Could not make a pipe for Xvfb: %s", error->message);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_take_fd (launcher, fds[1], 3);
    g_subprocess_launcher_set_child_setup (launcher, ui_test_xvfb_child_setup_cb, NULL, NULL);
    /* -displayfd: Xvfb picks a free display itself and writes its number once it listens. */
    ui_test_xvfb = g_subprocess_launcher_spawn (launcher, &error, xvfb, "-displayfd", "3",
                                                "-screen", "0", "1600x1000x24",
                                                "-nolisten", "tcp", NULL);
    if (ui_test_xvfb == NULL)
        g_error ("Could not start Xvfb: %s", error->message);
    /* Our copy of the write end goes with the launcher: a server that dies gives end of file. */
    g_clear_object (&launcher);
    while (read (fds[0], &c, 1) == 1 && c != '\n')
        g_string_append_c (number, c);
    close (fds[0]);
    if (number->len == 0)
        g_error ("Xvfb did not say which display it took");
    atexit (ui_test_stop_xvfb);
    display = g_strconcat (":", number->str, NULL);
    g_setenv ("DISPLAY", display, TRUE);
    return TRUE;
}

static GSubprocess *ui_test_wm;

static void
ui_test_stop_window_manager (void)
{
    g_subprocess_send_signal (ui_test_wm, SIGTERM);
    g_subprocess_wait (ui_test_wm, NULL, NULL);
    g_clear_object (&ui_test_wm);
}

/* Where focus, stacking or grabs matter, a test runs under a real window manager (openbox) on
 * its display. Openbox runs its --startup command once it manages the screen; that command
 * opens a FIFO for writing, so the test goes on only when the windows it maps are managed
 * (an openbox that fails leaves the test to meson's timeout). */
static void
ui_test_start_window_manager (void)
{
    g_autofree char *openbox = g_find_program_in_path ("openbox");
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *fifo = NULL;
    g_autofree char *startup = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    int fd;
    char c;

    if (openbox == NULL) {
        g_print ("1..0 # SKIP this test needs a window manager: openbox is not installed\n");
        exit (0);
    }
    dir = g_dir_make_tmp ("vimana-test-wm-XXXXXX", &error);
    g_assert_no_error (error);
    fifo = g_build_filename (dir, "ready", NULL);
    if (mkfifo (fifo, 0600) != 0)
        g_error ("Could not make %s: %s", fifo, g_strerror (errno));
    startup = g_strdup_printf ("sh -c 'echo > %s'", fifo);
    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
    g_subprocess_launcher_set_child_setup (launcher, ui_test_xvfb_child_setup_cb, NULL, NULL);
    ui_test_wm = g_subprocess_launcher_spawn (launcher, &error, openbox, "--sm-disable",
                                              "--startup", startup, NULL);
    if (ui_test_wm == NULL)
        g_error ("Could not start openbox: %s", error->message);
    fd = open (fifo, O_RDONLY);
    if (fd < 0 || read (fd, &c, 1) != 1)
        g_error ("openbox did not say it manages the screen");
    close (fd);
    g_unlink (fifo);
    g_rmdir (dir);
    atexit (ui_test_stop_window_manager);
}

/**
 * ui_test_init_with_window_manager:
 *
 * As ui_test_init(), and a window manager runs on the test's display.
 */
void
ui_test_init_with_window_manager (int    *argc,
                                  char ***argv)
{
    if (!ui_test_start_xvfb ()) {
        g_print ("1..0 # SKIP this test needs a display of its own (Xvfb) for its window manager\n");
        exit (0);
    }
    ui_test_start_window_manager ();
    gtk_test_init (argc, argv, NULL);
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    virSetErrorFunc (NULL, ui_test_libvirt_error_cb);
    gvir_event_register ();
}

void
ui_test_init (int    *argc,
              char ***argv)
{
    if (!ui_test_start_xvfb () &&
        (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0')) {
        g_print ("1..0 # SKIP no display: the UI tests need Xvfb or $DISPLAY\n");
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
