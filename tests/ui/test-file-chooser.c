/* test-file-chooser.c: every file chooser works from the window it is opened from
 *
 * Under a window manager (openbox on the test's own Xvfb), as a user meets them: the New VM
 * assistant is modal, and GTK drops every event outside the grab of a modal window, so a
 * chooser that is not modal itself ignores clicks and keys. Each chooser is opened from its
 * button and a file is picked with events sent through the X server (gdk_test_simulate_*):
 * once by typing its path, once by clicking its row and then Open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-new-vm-assistant.h"

typedef struct
{
    GtkWidget        *assistant;
    VimanaConnection *connection;
    char             *dir;
    char             *file;
} Fixture;

static gboolean
assistant_ready (gpointer data)
{
    return vimana_new_vm_assistant_is_ready (data);
}

static GtkWidget *
find (GtkWidget  *root,
      const char *name,
      GType       type)
{
    GtkWidget *widget = ui_test_find_by_name (root, name, type);

    if (widget == NULL)
        g_error ("no %s “%s”", g_type_name (type), name);
    return widget;
}

static gboolean
chooser_mapped (gpointer data)
{
    GtkWidget *chooser = ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);

    *(GtkWidget **) data = chooser;
    return chooser != NULL && gtk_widget_get_mapped (chooser);
}

static gboolean
chooser_gone (gpointer data)
{
    return ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

/* Clicks @name's button and waits for the chooser it opens; the chooser has the grab. */
static GtkWidget *
open_chooser (Fixture    *fixture,
              const char *name)
{
    GtkWidget *chooser = NULL;

    gtk_button_clicked (GTK_BUTTON (find (fixture->assistant, name, GTK_TYPE_BUTTON)));
    ui_test_wait (chooser_mapped, &chooser, "the file chooser to be shown");
    ui_test_wait_drawn (chooser);
    g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) == GTK_WINDOW (fixture->assistant));
    g_assert_true (gtk_grab_get_current () == chooser);
    return chooser;
}

/* A key pressed and released on @window, through the X server. */
static void
press_key (GdkWindow       *window,
           guint            keyval,
           GdkModifierType  modifiers)
{
    g_autofree GdkKeymapKey *keys = NULL;
    int n_keys = 0;

    /* A character on the shifted level of its key needs Shift, as a user would press it. */
    if (gdk_keymap_get_entries_for_keyval (gdk_keymap_get_for_display (gdk_window_get_display (window)),
                                           keyval, &keys, &n_keys) && n_keys > 0 && keys[0].level == 1)
        modifiers |= GDK_SHIFT_MASK;
    g_assert_true (gdk_test_simulate_key (window, -1, -1, keyval, modifiers, GDK_KEY_PRESS));
    g_assert_true (gdk_test_simulate_key (window, -1, -1, keyval, modifiers, GDK_KEY_RELEASE));
    ui_test_flush ();
}

/* A click of the first button at (@x, @y) of @window, through the X server. */
static void
click_at (GdkWindow *window,
          int        x,
          int        y)
{
    g_assert_true (gdk_test_simulate_button (window, x, y, 1, 0, GDK_BUTTON_PRESS));
    g_assert_true (gdk_test_simulate_button (window, x, y, 1, 0, GDK_BUTTON_RELEASE));
    ui_test_flush ();
}

static void
click_widget (GtkWidget *widget)
{
    GtkAllocation allocation;

    gtk_widget_get_allocation (widget, &allocation);
    click_at (gtk_widget_get_window (widget), allocation.x + allocation.width / 2,
              allocation.y + allocation.height / 2);
}

typedef struct
{
    GtkEntry   *entry;
    const char *text;
} EntryText;

static gboolean
entry_has_text (gpointer data)
{
    EntryText *wanted = data;

    return g_strcmp0 (gtk_entry_get_text (wanted->entry), wanted->text) == 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    VimanaConnection *connection = ui_test_open_node ();

    /* Lower case only: the path is typed key by key. */
    fixture->dir = g_build_filename (g_get_tmp_dir (), "vimana-test-file-chooser", NULL);
    g_mkdir_with_parents (fixture->dir, 0700);
    fixture->file = g_build_filename (fixture->dir, data, NULL);
    g_file_set_contents (fixture->file, "not really an image", -1, &error);
    g_assert_no_error (error);
    fixture->connection = connection;
    g_list_store_append (connections, connection);
    fixture->assistant = vimana_new_vm_assistant_new (NULL, G_LIST_MODEL (connections), connection);
    g_object_ref_sink (fixture->assistant);
    gtk_widget_show (fixture->assistant);
    ui_test_wait (assistant_ready, fixture->assistant, "what the host offers");
    ui_test_wait_drawn (fixture->assistant);
    g_assert_true (gtk_window_get_modal (GTK_WINDOW (fixture->assistant)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
    gtk_widget_destroy (fixture->assistant);
    g_object_unref (fixture->assistant);
    ui_test_flush ();
    test_connection_close (fixture->connection);
    g_unlink (fixture->file);
    g_rmdir (fixture->dir);
    g_free (fixture->file);
    g_free (fixture->dir);
}

static gboolean
widget_sensitive (gpointer data)
{
    return gtk_widget_is_sensitive (data);
}

static gboolean
location_typed (gpointer data)
{
    GtkWidget *focus = gtk_window_get_focus (data);
    const char *path = g_object_get_data (data, "typed");

    return GTK_IS_ENTRY (focus) && g_strcmp0 (gtk_entry_get_text (GTK_ENTRY (focus)), path) == 0;
}

/* Browse… for the installation media; Ctrl+L, the path typed, Enter. */
static void
test_media_typed (Fixture       *fixture,
                  gconstpointer  data)
{
    GtkWidget *chooser = open_chooser (fixture, "Browse for installation media");
    GdkWindow *window = gtk_widget_get_window (chooser);
    EntryText wanted = {
        GTK_ENTRY (find (fixture->assistant, "Installation media path", GTK_TYPE_ENTRY)),
        fixture->file,
    };

    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Choose Installation Media");
    /* Recent files (empty here) show no location entry's file as chosen: start from a folder. */
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), g_get_tmp_dir ());
    ui_test_flush ();
    g_object_set_data (G_OBJECT (chooser), "typed", fixture->file);
    press_key (window, GDK_KEY_l, GDK_CONTROL_MASK);
    for (const char *c = fixture->file; *c != '\0'; c++)
        press_key (window, gdk_unicode_to_keyval ((guchar) *c), 0);
    ui_test_wait (location_typed, chooser, "the typed path in the chooser's location entry");
    /* The entry's inline completion may hold the end of the name selected: End takes it. */
    press_key (window, GDK_KEY_End, 0);
    ui_test_screenshot (chooser, "file-chooser-typed");
    /* Enter answers once the chooser knows the file (Open is sensitive then), as for a user. */
    ui_test_wait (widget_sensitive, find (chooser, "Open", GTK_TYPE_BUTTON), "Open to be sensitive");
    press_key (window, GDK_KEY_Return, 0);
    ui_test_wait (entry_has_text, &wanted, "the typed file to reach the assistant");
    ui_test_wait (chooser_gone, NULL, "the chooser to close");
    g_assert_true (gtk_grab_get_current () == fixture->assistant);
}

static GtkTreeView *
find_file_list (GtkWidget *widget)
{
    GtkTreeView *found = NULL;
    GList *children;

    if (GTK_IS_TREE_VIEW (widget) && gtk_widget_get_mapped (widget))
        return GTK_TREE_VIEW (widget);
    if (!GTK_IS_CONTAINER (widget))
        return NULL;
    children = gtk_container_get_children (GTK_CONTAINER (widget));
    for (GList *l = children; l != NULL && found == NULL; l = l->next)
        found = find_file_list (l->data);
    g_list_free (children);
    return found;
}

static gboolean
file_listed (gpointer data)
{
    GtkTreeView *list = find_file_list (data);
    GtkTreeModel *model = list != NULL ? gtk_tree_view_get_model (list) : NULL;

    return model != NULL && gtk_tree_model_iter_n_children (model, NULL) == 1;
}

/* Browse… for a disk image to import; its row clicked, then Open clicked. */
static void
test_import_clicked (Fixture       *fixture,
                     gconstpointer  data)
{
    GtkWidget *chooser;
    GtkTreeView *list;
    g_autoptr(GtkTreePath) path = gtk_tree_path_new_first ();
    g_autofree char *chosen = NULL;
    GdkRectangle cell;
    EntryText wanted = {
        GTK_ENTRY (find (fixture->assistant, "Disk image path", GTK_TYPE_ENTRY)),
        fixture->file,
    };

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (fixture->assistant, "Import existing disk image",
                                                           GTK_TYPE_RADIO_BUTTON)), TRUE);
    ui_test_flush ();
    chooser = open_chooser (fixture, "Browse for a disk image");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==, "Choose a Disk Image");
    /* Where to look is not what is tested: the folder is set, the file is clicked. */
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), fixture->dir);
    ui_test_wait (file_listed, chooser, "the folder to be listed");
    ui_test_wait_drawn (chooser);
    list = find_file_list (chooser);
    gtk_tree_view_get_cell_area (list, path, gtk_tree_view_get_column (list, 0), &cell);
    click_at (gtk_tree_view_get_bin_window (list), cell.x + cell.width / 2, cell.y + cell.height / 2);
    chosen = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
    g_assert_cmpstr (chosen, ==, fixture->file);
    click_widget (find (chooser, "Open", GTK_TYPE_BUTTON));
    ui_test_wait (entry_has_text, &wanted, "the clicked file to reach the assistant");
    ui_test_wait (chooser_gone, NULL, "the chooser to close");
    g_assert_true (gtk_grab_get_current () == fixture->assistant);
}

int
main (int    argc,
      char **argv)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *data_home = g_dir_make_tmp ("vimana-test-file-chooser-data-XXXXXX", &error);
    int status;

    /* The choosers add what they open to the recently used files: a data folder of the test's. */
    g_assert_no_error (error);
    g_setenv ("XDG_DATA_HOME", data_home, TRUE);
    ui_test_init_with_window_manager (&argc, &argv);
    g_test_add ("/ui/file-chooser/new-vm-media-typed", Fixture, "installer.iso", fixture_set_up,
                test_media_typed, fixture_tear_down);
    g_test_add ("/ui/file-chooser/new-vm-import-clicked", Fixture, "disk.img", fixture_set_up,
                test_import_clicked, fixture_tear_down);
    status = g_test_run ();
    {
        g_autofree char *recent = g_build_filename (data_home, "recently-used.xbel", NULL);

        g_unlink (recent);
    }
    g_rmdir (data_home);
    return status;
}
