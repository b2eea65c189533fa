/* test-host-pages.c: the Host window's Storage and Networks pages on the test driver
 *
 * node-50.xml (tests/data/README) has one dir pool "default" with 9 volumes, 7 of them used by
 * guests, and three networks. Each test opens its own connection, so each gets its own copy of
 * the node's state. Waits are on conditions, never on the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>
#include <unistd.h>

#include "ui-test-util.h"
#include "vimana-host-interfaces-page.h"
#include "vimana-host-networks-page.h"
#include "vimana-host-storage-page.h"
#include "vimana-host-window.h"
#include "vimana-new-network-dialog.h"
#include "vimana-new-pool-dialog.h"
#include "vimana-new-volume-dialog.h"
#include "vimana-nic-reservation.h"
#include "vimana-resize-volume-dialog.h"
#include "vimana-volume-transfer-dialog.h"

/* ---- helpers ---- */

static char *
row_text (GtkTreeModel *model,
          const char   *name,
          int           name_column,
          int           column)
{
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *row = NULL;
        char *text = NULL;

        gtk_tree_model_get (model, &iter, name_column, &row, column, &text, -1);
        if (g_strcmp0 (row, name) == 0)
            return text;
        g_free (text);
    }
    return NULL;
}

static guint
n_rows (GtkTreeModel *model)
{
    return (guint) gtk_tree_model_iter_n_children (model, NULL);
}

typedef struct
{
    VimanaHostStoragePage *page;
    guint                  n;
} PageRows;

static gboolean
storage_ready (gpointer data)
{
    VimanaHostStoragePage *page = data;

    return vimana_host_storage_page_get_users_loaded (page) &&
           n_rows (vimana_host_storage_page_get_pools (page)) > 0 &&
           n_rows (vimana_host_storage_page_get_volumes (page)) == 9;
}

static gboolean
volumes_are (gpointer data)
{
    PageRows *rows = data;

    return n_rows (vimana_host_storage_page_get_volumes (rows->page)) == rows->n;
}

static gboolean
pools_are (gpointer data)
{
    PageRows *rows = data;

    return n_rows (vimana_host_storage_page_get_pools (rows->page)) == rows->n;
}

static gboolean
selected_pool_inactive (gpointer data)
{
    VimanaStoragePool *pool = vimana_host_storage_page_get_selected_pool (data);

    return pool != NULL && !vimana_storage_pool_get_active (pool);
}

static gboolean
selected_pool_active (gpointer data)
{
    VimanaStoragePool *pool = vimana_host_storage_page_get_selected_pool (data);

    return pool != NULL && vimana_storage_pool_get_active (pool) &&
           vimana_storage_pool_get_volumes_loaded (pool);
}

static gboolean
selected_pool_autostarts (gpointer data)
{
    VimanaStoragePool *pool = vimana_host_storage_page_get_selected_pool (data);

    return pool != NULL && vimana_storage_pool_get_autostart (pool);
}

static gboolean
widget_gone (gpointer data)
{
    return *(GtkWidget **) data == NULL;
}

static VimanaHostWindow *
open_host (VimanaConnection *connection,
           const char       *page)
{
    VimanaHostWindow *window = VIMANA_HOST_WINDOW (vimana_host_window_new (NULL, connection));

    gtk_widget_show (GTK_WIDGET (window));
    vimana_host_window_set_page (window, page);
    g_assert_cmpstr (vimana_host_window_get_page (window), ==, page);
    return window;
}

static void
answer_dialog (GtkWidget *dialog,
               int        response)
{
    GtkWidget *watch = dialog;

    g_assert_nonnull (dialog);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &watch);
    gtk_dialog_response (GTK_DIALOG (dialog), response);
    ui_test_wait (widget_gone, &watch, "the dialog to close");
}

static char *
dialog_detail (GtkWidget *dialog)
{
    g_autofree char *detail = NULL;

    g_object_get (dialog, "secondary-text", &detail, NULL);
    return g_steal_pointer (&detail);
}

/* ---- storage ---- */

/* The pools with their usage, the volumes with their users, searched and sorted. */
static void
test_storage_lists (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    GtkTreeModel *pools = vimana_host_storage_page_get_pools (page);
    GtkTreeModel *volumes = vimana_host_storage_page_get_volumes (page);
    g_autofree char *type = NULL;
    g_autofree char *state = NULL;
    g_autofree char *usage = NULL;
    g_autofree char *used_by = NULL;
    g_autofree char *unused = NULL;
    g_autofree char *first = NULL;
    GtkTreeIter iter;
    int percent = -1;

    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    g_assert_true (vimana_host_storage_page_get_selected_pool (page) ==
                   vimana_connection_find_storage_pool (connection, "default"));
    type = row_text (pools, "default", VIMANA_HOST_POOL_COLUMN_NAME, VIMANA_HOST_POOL_COLUMN_TYPE);
    state = row_text (pools, "default", VIMANA_HOST_POOL_COLUMN_NAME,
                      VIMANA_HOST_POOL_COLUMN_STATE);
    usage = row_text (pools, "default", VIMANA_HOST_POOL_COLUMN_NAME,
                      VIMANA_HOST_POOL_COLUMN_USAGE);
    g_assert_cmpstr (type, ==, "dir");
    g_assert_cmpstr (state, ==, "Running");
    g_assert_true (gtk_tree_model_get_iter_first (pools, &iter));
    gtk_tree_model_get (pools, &iter, VIMANA_HOST_POOL_COLUMN_PERCENT, &percent, -1);
    /* 48 GiB of 100 GiB, as the node file fixes them. */
    g_assert_cmpint (percent, ==, 48);
    /* Sizes as every window writes them (vimana_format_bytes ()). */
    g_assert_cmpstr (usage, ==, "48 GiB of 100 GiB used, 52 GiB free");

    used_by = row_text (volumes, "disks-01-data.raw", VIMANA_HOST_VOLUME_COLUMN_NAME,
                        VIMANA_HOST_VOLUME_COLUMN_USED_BY);
    unused = row_text (volumes, "unused.qcow2", VIMANA_HOST_VOLUME_COLUMN_NAME,
                       VIMANA_HOST_VOLUME_COLUMN_USED_BY);
    g_assert_cmpstr (used_by, ==, "disks-01");
    g_assert_cmpstr (unused, ==, "No guest");

    /* Sorted by capacity, largest first: the 100 GiB data disk. */
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (volumes),
                                          VIMANA_HOST_VOLUME_COLUMN_CAPACITY_BYTES,
                                          GTK_SORT_DESCENDING);
    g_assert_true (gtk_tree_model_get_iter_first (volumes, &iter));
    gtk_tree_model_get (volumes, &iter, VIMANA_HOST_VOLUME_COLUMN_NAME, &first, -1);
    g_assert_cmpstr (first, ==, "disks-01-data.raw");

    /* A search matches names and the guests that use them. */
    vimana_host_storage_page_set_search (page, "DISKS-01");
    g_assert_cmpuint (n_rows (volumes), ==, 2);
    vimana_host_storage_page_set_search (page, "run-0");
    g_assert_cmpuint (n_rows (volumes), ==, 5);
    vimana_host_storage_page_set_search (page, "");
    g_assert_cmpuint (n_rows (volumes), ==, 9);

    ui_test_screenshot (GTK_WIDGET (window), "host-storage");
    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* A used volume is not deleted and the page names its guest; an unused one is, once confirmed. */
static void
test_storage_delete_volume (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    GtkWidget *delete = vimana_host_storage_page_get_button (page, "delete-volume");
    g_autofree char *detail = NULL;
    PageRows rows = { page, 8 };

    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    g_assert_false (gtk_widget_get_sensitive (delete));

    g_assert_true (vimana_host_storage_page_select_volume (page, "run-03.qcow2"));
    g_assert_true (gtk_widget_get_sensitive (delete));
    gtk_button_clicked (GTK_BUTTON (delete));
    g_assert_null (vimana_host_storage_page_get_dialog (page));
    g_assert_nonnull (strstr (vimana_host_storage_page_get_error (page), "run-03.qcow2"));
    g_assert_nonnull (strstr (vimana_host_storage_page_get_error (page),
                              "The guest run-03 uses it"));

    g_assert_true (vimana_host_storage_page_select_volume (page, "unused.qcow2"));
    gtk_button_clicked (GTK_BUTTON (delete));
    detail = dialog_detail (vimana_host_storage_page_get_dialog (page));
    g_assert_nonnull (strstr (detail, "/var/lib/libvirt/images/unused.qcow2"));
    g_assert_nonnull (strstr (detail, "cannot be undone"));
    /* Cancel changes nothing. */
    answer_dialog (vimana_host_storage_page_get_dialog (page), GTK_RESPONSE_CANCEL);
    g_assert_cmpuint (n_rows (vimana_host_storage_page_get_volumes (page)), ==, 9);

    gtk_button_clicked (GTK_BUTTON (delete));
    answer_dialog (vimana_host_storage_page_get_dialog (page), GTK_RESPONSE_ACCEPT);
    ui_test_wait (volumes_are, &rows, "the volume to go");
    g_assert_null (vimana_storage_pool_find_volume (
                       vimana_connection_find_storage_pool (connection, "default"),
                       "unused.qcow2"));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* Stop, start, autostart and delete the pool from its buttons. */
static void
test_storage_pool_actions (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    g_autofree char *detail = NULL;
    g_autofree char *state = NULL;
    PageRows rows = { page, 0 };

    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    g_assert_false (gtk_widget_get_sensitive (vimana_host_storage_page_get_button (page, "start")));
    /* Issue 17, item 11: a button that cannot act says why. */
    {
        g_autofree char *why = gtk_widget_get_tooltip_text (vimana_host_storage_page_get_button (page, "start"));

        g_assert_cmpstr (why, ==, "The pool is running.");
    }

    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "stop")));
    ui_test_wait (selected_pool_inactive, page, "the pool to stop");
    state = row_text (vimana_host_storage_page_get_pools (page), "default",
                      VIMANA_HOST_POOL_COLUMN_NAME, VIMANA_HOST_POOL_COLUMN_STATE);
    g_assert_cmpstr (state, ==, "Stopped");
    g_assert_true (gtk_widget_get_sensitive (vimana_host_storage_page_get_button (page, "start")));
    g_assert_false (gtk_widget_get_sensitive (vimana_host_storage_page_get_button (page,
                                                                                   "new-volume")));
    {
        g_autofree char *why = gtk_widget_get_tooltip_text (vimana_host_storage_page_get_button (page,
                                                                                                 "new-volume"));
        g_autofree char *refresh = NULL;

        g_assert_cmpstr (why, ==, "Start the pool first: a stopped pool cannot hold new volumes.");
        gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "start")));
        ui_test_wait (selected_pool_active, page, "the pool to start");
        /* able again: its own tooltip is back */
        refresh = gtk_widget_get_tooltip_text (vimana_host_storage_page_get_button (page, "refresh"));
        g_assert_cmpstr (refresh, ==, "Scan the pool again for files added outside libvirt and measure its free space");
        gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "stop")));
        ui_test_wait (selected_pool_inactive, page, "the pool to stop");
    }

    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "start")));
    ui_test_wait (selected_pool_active, page, "the pool to start");
    rows.n = 9;
    ui_test_wait (volumes_are, &rows, "the volumes to be listed again");

    gtk_toggle_button_set_active (
        GTK_TOGGLE_BUTTON (vimana_host_storage_page_get_button (page, "autostart")), TRUE);
    ui_test_wait (selected_pool_autostarts, page, "the pool to start with the host");

    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "delete-pool")));
    detail = dialog_detail (vimana_host_storage_page_get_dialog (page));
    /* What it deletes, spelled out: nothing on disk. */
    g_assert_nonnull (strstr (detail, "Nothing is erased: its 9 volumes and its folder "
                                      "/var/lib/libvirt/images stay on the host."));
    answer_dialog (vimana_host_storage_page_get_dialog (page), GTK_RESPONSE_ACCEPT);
    rows.n = 0;
    ui_test_wait (pools_are, &rows, "the pool to go");
    g_assert_null (vimana_connection_find_storage_pool (connection, "default"));
    g_assert_null (vimana_host_storage_page_get_selected_pool (page));
    g_assert_cmpuint (n_rows (vimana_host_storage_page_get_volumes (page)), ==, 0);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* Bad input is said beside its field and creates nothing; good input creates the volume. */
static void
test_storage_new_volume (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    VimanaNewVolumeDialog *dialog;
    VimanaStorageVolume *volume;
    PageRows rows = { page, 10 };
    GtkWidget *watch;

    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "new-volume")));
    dialog = VIMANA_NEW_VOLUME_DIALOG (vimana_host_storage_page_get_dialog (page));
    g_assert_nonnull (dialog);
    ui_test_wait_drawn (GTK_WIDGET (dialog));

    vimana_new_volume_dialog_fill (dialog, "a/b.qcow2", "qcow2", 0, FALSE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_nonnull (strstr (vimana_new_volume_dialog_get_field_error (dialog, "name"),
                              "a name is not a path"));
    g_assert_cmpstr (vimana_new_volume_dialog_get_field_error (dialog, "capacity"), ==,
                     "The disk needs a size of at least 1 MiB.");

    vimana_new_volume_dialog_fill (dialog, "run-01.qcow2", "qcow2", 500, FALSE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_cmpstr (vimana_new_volume_dialog_get_field_error (dialog, "name"), ==,
                     "The pool already has a volume of that name; choose another.");
    g_assert_nonnull (strstr (vimana_new_volume_dialog_get_field_error (dialog, "capacity"),
                              "free"));
    g_assert_cmpuint (n_rows (vimana_host_storage_page_get_volumes (page)), ==, 9);

    vimana_new_volume_dialog_fill (dialog, "web.raw", "raw", 2, TRUE);
    watch = GTK_WIDGET (dialog);
    g_object_add_weak_pointer (G_OBJECT (watch), (gpointer *) &watch);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (widget_gone, &watch, "the volume to be created");
    ui_test_wait (volumes_are, &rows, "the new volume in the list");
    volume = vimana_storage_pool_find_volume (vimana_connection_find_storage_pool (connection,
                                                                                   "default"),
                                              "web.raw");
    g_assert_nonnull (volume);
    g_assert_cmpuint (vimana_storage_volume_get_capacity (volume), ==,
                      G_GUINT64_CONSTANT (2) << 30);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
dialog_answered (gpointer data)
{
    VimanaResizeVolumeDialog *dialog = data;

    return vimana_resize_volume_dialog_get_error (dialog, "capacity")[0] != '\0' ||
           vimana_resize_volume_dialog_get_error (dialog, "dialog")[0] != '\0';
}

/* Resizing a running guest's disk: growing goes to libvirt (which the test driver cannot do, and
 * says so in the dialog); a smaller size is refused unless meant, and never while it runs. */
static void
test_storage_resize_volume (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    VimanaResizeVolumeDialog *dialog;

    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    g_assert_true (vimana_host_storage_page_select_volume (page, "run-01.qcow2"));
    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "resize-volume")));
    dialog = VIMANA_RESIZE_VOLUME_DIALOG (vimana_host_storage_page_get_dialog (page));
    g_assert_nonnull (dialog);
    ui_test_wait_drawn (GTK_WIDGET (dialog));

    vimana_resize_volume_dialog_fill (dialog, 10, FALSE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (dialog_answered, dialog, "the refusal");
    g_assert_nonnull (strstr (vimana_resize_volume_dialog_get_error (dialog, "capacity"),
                              "smaller than the disk"));

    vimana_resize_volume_dialog_fill (dialog, 10, TRUE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (dialog_answered, dialog, "the refusal");
    g_assert_cmpstr (vimana_resize_volume_dialog_get_error (dialog, "capacity"), ==,
                     "The guest “run-01” is running on this disk: shut it down to shrink it.");

    vimana_resize_volume_dialog_fill (dialog, 40, FALSE);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (dialog_answered, dialog, "libvirt's answer");
    g_assert_nonnull (strstr (vimana_resize_volume_dialog_get_error (dialog, "dialog"),
                              "virDomainBlockResize"));
    g_assert_cmpuint (vimana_storage_volume_get_capacity (vimana_storage_pool_find_volume (
                                                              vimana_host_storage_page_get_selected_pool (page), "run-01.qcow2")), ==,
                      G_GUINT64_CONSTANT (20) << 30);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
transfer_ended (gpointer data)
{
    return !vimana_volume_transfer_dialog_get_running (data);
}

/* Opens a transfer dialog for @volume and waits until it says how the transfer ended. */
static char *
transfer_error (VimanaHostWindow    *window,
                VimanaStorageVolume *volume,
                gboolean             upload,
                const char          *path)
{
    g_autoptr(GFile) file = g_file_new_for_path (path);
    GtkWidget *dialog = vimana_volume_transfer_dialog_new (GTK_WINDOW (window), volume, upload,
                                                           file, FALSE);
    char *error;

    gtk_window_present (GTK_WINDOW (dialog));
    ui_test_wait (transfer_ended, dialog, "the transfer to end");
    error = g_strdup (vimana_volume_transfer_dialog_get_error (VIMANA_VOLUME_TRANSFER_DIALOG (dialog)));
    if (!upload)
        ui_test_screenshot (dialog, "host-storage-download-refused");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
    return error;
}

/* Upload and download: the buttons follow the selection; a file larger than the volume is
 * refused before any stream; the test driver's "not supported" is said in the dialog, and a
 * failed download leaves no file behind. (The transfers themselves: tests/system, on a real
 * libvirtd: the test driver has no volume streams.) */
static void
test_storage_transfer (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    GtkWidget *upload = vimana_host_storage_page_get_button (page, "upload-volume");
    GtkWidget *download = vimana_host_storage_page_get_button (page, "download-volume");
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("i16streams-XXXXXX", &error);
    g_autofree char *big = g_build_filename (dir, "big.img", NULL);
    g_autofree char *small = g_build_filename (dir, "small.img", NULL);
    g_autofree char *target = g_build_filename (dir, "download.img", NULL);
    g_autofree char *refused = NULL;
    g_autofree char *unsupported_up = NULL;
    g_autofree char *unsupported_down = NULL;
    g_autoptr(GDir) listing = NULL;
    VimanaStorageVolume *volume;
    int fd;

    g_assert_no_error (error);
    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    g_assert_false (gtk_widget_get_sensitive (upload));
    g_assert_false (gtk_widget_get_sensitive (download));
    g_assert_true (vimana_host_storage_page_select_volume (page, "unused.qcow2"));
    g_assert_true (gtk_widget_get_sensitive (upload));
    g_assert_true (gtk_widget_get_sensitive (download));
    volume = vimana_storage_pool_find_volume (vimana_host_storage_page_get_selected_pool (page),
                                              "unused.qcow2");
    g_assert_nonnull (volume);

    /* A sparse file one byte larger than the volume. */
    fd = g_open (big, O_CREAT | O_WRONLY, 0644);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, vimana_storage_volume_get_capacity (volume) + 1), ==, 0);
    close (fd);
    g_assert_true (g_file_set_contents (small, "data", -1, NULL));

    refused = transfer_error (window, volume, TRUE, big);
    g_assert_nonnull (strstr (refused, "is larger than the disk image “unused.qcow2”"));
    unsupported_up = transfer_error (window, volume, TRUE, small);
    g_assert_nonnull (strstr (unsupported_up, "virStorageVolUpload"));
    unsupported_down = transfer_error (window, volume, FALSE, target);
    g_assert_nonnull (strstr (unsupported_down, "virStorageVolDownload"));

    /* Only the two files made here: the failed download's temporary file went. */
    listing = g_dir_open (dir, 0, NULL);
    g_assert_nonnull (listing);
    for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
        g_assert_true (g_str_equal (name, "big.img") || g_str_equal (name, "small.img"));
    g_unlink (big);
    g_unlink (small);
    g_rmdir (dir);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
two_pools (gpointer data)
{
    return n_rows (vimana_host_storage_page_get_pools (data)) == 2;
}

static gboolean
pool_kinds_loaded (gpointer data)
{
    return vimana_new_pool_dialog_get_kinds_loaded (data);
}

/* A directory pool: a name taken, a relative path or a missing folder is said under its field. */
static void
test_storage_new_pool (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "storage");
    VimanaHostStoragePage *page =
        VIMANA_HOST_STORAGE_PAGE (vimana_host_window_get_storage_page (window));
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-pool-XXXXXX", &error);
    VimanaNewPoolDialog *dialog;
    GtkWidget *watch;

    ui_test_wait (storage_ready, page, "the pools, volumes and their users");
    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (page, "new-pool")));
    dialog = VIMANA_NEW_POOL_DIALOG (vimana_host_storage_page_get_dialog (page));
    g_assert_nonnull (dialog);
    ui_test_wait_drawn (GTK_WIDGET (dialog));
    g_assert_false (vimana_new_pool_dialog_can_create (dialog));
    ui_test_wait (pool_kinds_loaded, dialog, "the pool types the host makes");
    /* The test driver has no storage pool capabilities: a folder only, the others refused. */
    g_assert_false (vimana_new_pool_dialog_set_kind (dialog, VIMANA_POOL_KIND_NETFS));
    g_assert_false (vimana_new_pool_dialog_set_kind (dialog, VIMANA_POOL_KIND_LOGICAL));
    g_assert_true (vimana_new_pool_dialog_set_kind (dialog, VIMANA_POOL_KIND_DIR));
    /* A folder has nothing to look for: no Find…, nothing asked. */
    g_assert_false (vimana_new_pool_dialog_find (dialog));
    g_assert_false (vimana_new_pool_dialog_get_finding (dialog));
    g_assert_cmpstr (vimana_new_pool_dialog_get_find_status (dialog), ==, "");

    /* A bad target: said under the folder, and Create does nothing. */
    vimana_new_pool_dialog_fill (dialog, "bad", "relative/images");
    g_assert_nonnull (strstr (vimana_new_pool_dialog_get_error (dialog, "path"),
                              "not an absolute path"));
    g_assert_cmpstr (vimana_new_pool_dialog_get_error (dialog, "name"), ==, "");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
    g_assert_null (vimana_connection_find_storage_pool (connection, "bad"));
    g_assert_cmpuint (n_rows (vimana_host_storage_page_get_pools (page)), ==, 1);

    vimana_new_pool_dialog_fill (dialog, "default", dir);
    g_assert_cmpstr (vimana_new_pool_dialog_get_error (dialog, "name"), ==,
                     "There is already a storage pool “default”; choose another name.");
    vimana_new_pool_dialog_fill (dialog, "isos", "isos");
    g_assert_nonnull (strstr (vimana_new_pool_dialog_get_error (dialog, "path"),
                              "not an absolute path"));
    g_assert_false (vimana_new_pool_dialog_can_create (dialog));
    vimana_new_pool_dialog_fill (dialog, "isos", dir);
    g_assert_true (vimana_new_pool_dialog_can_create (dialog));

    watch = GTK_WIDGET (dialog);
    g_object_add_weak_pointer (G_OBJECT (watch), (gpointer *) &watch);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (widget_gone, &watch, "the pool to be made");
    ui_test_wait (two_pools, page, "the new pool in the list");
    g_assert_true (vimana_storage_pool_get_active (vimana_connection_find_storage_pool (connection,
                                                                                        "isos")));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    g_rmdir (dir);
}

/* ---- networks ---- */

static gboolean
networks_ready (gpointer data)
{
    VimanaHostNetworksPage *page = data;

    return vimana_host_networks_page_get_users_loaded (page) &&
           n_rows (vimana_host_networks_page_get_networks (page)) == 3;
}

static gboolean
selected_network_stopped (gpointer data)
{
    VimanaNetwork *network = vimana_host_networks_page_get_selected (data);

    return network != NULL && !vimana_network_get_active (network);
}

static gboolean
selected_network_autostarts (gpointer data)
{
    VimanaNetwork *network = vimana_host_networks_page_get_selected (data);

    return network != NULL && vimana_network_get_autostart (network);
}

static gboolean
two_networks (gpointer data)
{
    return n_rows (vimana_host_networks_page_get_networks (data)) == 2;
}

static void
test_networks (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "networks");
    VimanaHostNetworksPage *page =
        VIMANA_HOST_NETWORKS_PAGE (vimana_host_window_get_networks_page (window));
    GtkTreeModel *networks = vimana_host_networks_page_get_networks (page);
    g_autofree char *ipv4 = NULL;
    g_autofree char *mode = NULL;
    g_autofree char *isolated_mode = NULL;
    g_autofree char *guests = NULL;
    g_autofree char *detail = NULL;

    ui_test_wait (networks_ready, page, "the networks and their guests");
    ipv4 = row_text (networks, "default", VIMANA_HOST_NETWORK_COLUMN_NAME,
                     VIMANA_HOST_NETWORK_COLUMN_IPV4);
    mode = row_text (networks, "default", VIMANA_HOST_NETWORK_COLUMN_NAME,
                     VIMANA_HOST_NETWORK_COLUMN_MODE);
    isolated_mode = row_text (networks, "isolated", VIMANA_HOST_NETWORK_COLUMN_NAME,
                              VIMANA_HOST_NETWORK_COLUMN_MODE);
    guests = row_text (networks, "isolated", VIMANA_HOST_NETWORK_COLUMN_NAME,
                       VIMANA_HOST_NETWORK_COLUMN_GUESTS);
    g_assert_cmpstr (ipv4, ==, "192.168.122.1/24, DHCP 192.168.122.2 – 192.168.122.254");
    g_assert_cmpstr (mode, ==, "NAT");
    g_assert_cmpstr (isolated_mode, ==, "Isolated");
    g_assert_cmpstr (guests, ==, "run-19, run-20");
    ui_test_screenshot (GTK_WIDGET (window), "host-networks");

    g_assert_true (vimana_host_networks_page_select (page, "isolated"));
    gtk_button_clicked (GTK_BUTTON (vimana_host_networks_page_get_button (page, "stop")));
    ui_test_wait (selected_network_stopped, page, "the network to stop");
    gtk_toggle_button_set_active (
        GTK_TOGGLE_BUTTON (vimana_host_networks_page_get_button (page, "autostart")), TRUE);
    ui_test_wait (selected_network_autostarts, page, "the network to start with the host");

    /* Deleting says first which running guests lose their network. */
    gtk_button_clicked (GTK_BUTTON (vimana_host_networks_page_get_button (page, "delete")));
    detail = dialog_detail (vimana_host_networks_page_get_dialog (page));
    g_assert_cmpstr (detail, ==, "The running guests run-19, run-20 lose their network "
                                 "connection at once.");
    answer_dialog (vimana_host_networks_page_get_dialog (page), GTK_RESPONSE_ACCEPT);
    ui_test_wait (two_networks, page, "the network to go");
    g_assert_null (vimana_connection_find_network (connection, "isolated"));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
four_networks (gpointer data)
{
    return n_rows (vimana_host_networks_page_get_networks (data)) == 4;
}

/* The form starts valid and free; each bad field is said under it as typed, and Create waits. */
static void
test_networks_new (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "networks");
    VimanaHostNetworksPage *page =
        VIMANA_HOST_NETWORKS_PAGE (vimana_host_window_get_networks_page (window));
    VimanaNewNetworkDialog *dialog;
    g_autofree char *mode = NULL;
    g_autofree char *ipv4 = NULL;
    GtkWidget *watch;

    ui_test_wait (networks_ready, page, "the networks and their guests");
    gtk_button_clicked (GTK_BUTTON (vimana_host_networks_page_get_button (page, "new")));
    dialog = VIMANA_NEW_NETWORK_DIALOG (vimana_host_networks_page_get_dialog (page));
    g_assert_nonnull (dialog);
    ui_test_wait_drawn (GTK_WIDGET (dialog));
    /* 192.168.100.0/24 is the isolated network's: the suggestion is the next free one. */
    g_assert_cmpstr (vimana_new_network_dialog_get_field (dialog, "name"), ==, "network1");
    g_assert_cmpstr (vimana_new_network_dialog_get_field (dialog, "address"), ==, "192.168.101.1");
    g_assert_true (vimana_new_network_dialog_can_create (dialog));

    vimana_new_network_dialog_set_field (dialog, "name", "default");
    g_assert_cmpstr (vimana_new_network_dialog_get_error (dialog, "name"), ==,
                     "There is already a network “default”; choose another name.");
    g_assert_false (vimana_new_network_dialog_can_create (dialog));
    vimana_new_network_dialog_set_field (dialog, "name", "lab");
    g_assert_cmpstr (vimana_new_network_dialog_get_error (dialog, "name"), ==, "");

    vimana_new_network_dialog_set_field (dialog, "address", "192.168.122.5");
    g_assert_nonnull (strstr (vimana_new_network_dialog_get_error (dialog, "address"),
                              "overlaps the network “default”"));
    vimana_new_network_dialog_set_field (dialog, "address", "192.168.1");
    g_assert_nonnull (strstr (vimana_new_network_dialog_get_error (dialog, "address"),
                              "not an IPv4 address"));
    g_assert_false (vimana_new_network_dialog_can_create (dialog));
    vimana_new_network_dialog_set_field (dialog, "address", "192.168.160.1");
    vimana_new_network_dialog_set_field (dialog, "dhcp-start", "192.168.161.10");
    g_assert_cmpstr (vimana_new_network_dialog_get_error (dialog, "address"), ==, "");
    g_assert_nonnull (strstr (vimana_new_network_dialog_get_error (dialog, "dhcp-start"),
                              "outside"));
    vimana_new_network_dialog_set_field (dialog, "dhcp-start", "192.168.160.10");
    vimana_new_network_dialog_set_field (dialog, "dhcp-end", "192.168.160.5");
    g_assert_nonnull (strstr (vimana_new_network_dialog_get_error (dialog, "dhcp-end"),
                              "ends before it starts"));
    g_assert_false (vimana_new_network_dialog_can_create (dialog));
    vimana_new_network_dialog_set_field (dialog, "dhcp-end", "192.168.160.50");
    vimana_new_network_dialog_set_field (dialog, "mode", "isolated");
    g_assert_true (vimana_new_network_dialog_can_create (dialog));
    g_assert_cmpuint (n_rows (vimana_host_networks_page_get_networks (page)), ==, 3);

    watch = GTK_WIDGET (dialog);
    g_object_add_weak_pointer (G_OBJECT (watch), (gpointer *) &watch);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (widget_gone, &watch, "the network to be made");
    ui_test_wait (four_networks, page, "the new network in the list");
    mode = row_text (vimana_host_networks_page_get_networks (page), "lab",
                     VIMANA_HOST_NETWORK_COLUMN_NAME, VIMANA_HOST_NETWORK_COLUMN_MODE);
    ipv4 = row_text (vimana_host_networks_page_get_networks (page), "lab",
                     VIMANA_HOST_NETWORK_COLUMN_NAME, VIMANA_HOST_NETWORK_COLUMN_IPV4);
    g_assert_cmpstr (mode, ==, "Isolated");
    g_assert_cmpstr (ipv4, ==, "192.168.160.1/24, DHCP 192.168.160.10 – 192.168.160.50");
    g_assert_true (vimana_network_get_autostart (vimana_connection_find_network (connection,
                                                                                 "lab")));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
one_reservation (gpointer data)
{
    return n_rows (vimana_host_networks_page_get_reservations (data)) == 1;
}

static gboolean
no_reservation (gpointer data)
{
    return n_rows (vimana_host_networks_page_get_reservations (data)) == 0;
}

/* "Always give this guest 192.168.122.50": checked as typed, added live, removed again. */
static void
test_networks_reservations (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "networks");
    VimanaHostNetworksPage *page =
        VIMANA_HOST_NETWORKS_PAGE (vimana_host_window_get_networks_page (window));
    GtkWidget *reserve = vimana_host_networks_page_get_button (page, "reserve");
    GtkWidget *unreserve = vimana_host_networks_page_get_button (page, "unreserve");
    g_autofree char *ip = NULL;

    ui_test_wait (networks_ready, page, "the networks and their guests");
    g_assert_true (vimana_host_networks_page_select (page, "default"));
    g_assert_false (gtk_widget_get_sensitive (reserve));
    g_assert_false (gtk_widget_get_sensitive (unreserve));

    vimana_host_networks_page_fill_reservation (page, "52:54:00:zz:00:01", "192.168.122.50");
    g_assert_nonnull (strstr (vimana_host_networks_page_get_reservation_error (page, "mac"),
                              "not a MAC address"));
    g_assert_false (gtk_widget_get_sensitive (reserve));
    vimana_host_networks_page_fill_reservation (page, "52:54:00:00:00:01", "192.168.100.50");
    g_assert_cmpstr (vimana_host_networks_page_get_reservation_error (page, "mac"), ==, "");
    g_assert_nonnull (strstr (vimana_host_networks_page_get_reservation_error (page, "ip"),
                              "outside"));
    vimana_host_networks_page_fill_reservation (page, "52:54:00:00:00:01", "192.168.122.50");
    g_assert_true (gtk_widget_get_sensitive (reserve));
    gtk_button_clicked (GTK_BUTTON (reserve));
    ui_test_wait (one_reservation, page, "the reservation");
    ip = row_text (vimana_host_networks_page_get_reservations (page), "52:54:00:00:00:01", 0, 1);
    g_assert_cmpstr (ip, ==, "192.168.122.50");

    /* The same address for another NIC is refused beside the field. */
    vimana_host_networks_page_fill_reservation (page, "52:54:00:00:00:02", "192.168.122.50");
    g_assert_nonnull (strstr (vimana_host_networks_page_get_reservation_error (page, "ip"),
                              "reserved for 52:54:00:00:00:01"));
    g_assert_false (gtk_widget_get_sensitive (reserve));

    g_assert_true (vimana_host_networks_page_select_reservation (page, "52:54:00:00:00:01"));
    g_assert_true (gtk_widget_get_sensitive (unreserve));
    gtk_button_clicked (GTK_BUTTON (unreserve));
    ui_test_wait (no_reservation, page, "the reservation to go");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
xml_has_reservation (gpointer data)
{
    g_autofree char *xml = vimana_host_networks_page_get_xml (data);

    return strstr (xml, "<host mac='52:54:00:00:00:09' ip='192.168.122.90'/>") != NULL;
}

static gboolean
lease_status_shown (gpointer data)
{
    return *vimana_host_networks_page_get_lease_status (data) != '\0';
}

/* The XML tab shows libvirt's XML of the selected network and follows a reservation; the lease
 * table says why it is empty on a driver without a DHCP server. */
static void
test_networks_xml_and_leases (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostWindow *window = open_host (connection, "networks");
    VimanaHostNetworksPage *page =
        VIMANA_HOST_NETWORKS_PAGE (vimana_host_window_get_networks_page (window));
    g_autofree char *xml = NULL;

    ui_test_wait (networks_ready, page, "the networks and their guests");
    g_assert_true (vimana_host_networks_page_select (page, "default"));
    vimana_host_networks_page_fill_reservation (page, "52:54:00:00:00:09", "192.168.122.90");
    gtk_button_clicked (GTK_BUTTON (vimana_host_networks_page_get_button (page, "reserve")));
    ui_test_wait (xml_has_reservation, page, "the reservation in the XML tab");
    xml = vimana_host_networks_page_get_xml (page);
    g_assert_nonnull (strstr (xml, "<name>default</name>"));
    ui_test_wait (lease_status_shown, page, "the lease table's status");
    g_assert_nonnull (strstr (vimana_host_networks_page_get_lease_status (page), "no DHCP leases"));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
nic_reservation_known (gpointer data)
{
    return strstr (vimana_nic_reservation_get_message (data), "not known yet") == NULL;
}

static gboolean
nic_reserved (gpointer data)
{
    return strstr (vimana_nic_reservation_get_message (data), "now always gives") != NULL;
}

static GtkWidget *
nic_reservation_child (GtkWidget  *row,
                       GType       type)
{
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (row));

    for (GList *l = children; l != NULL; l = l->next)
        if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
            return l->data;
    return NULL;
}

/* A NIC page's "Always give this guest <IP>": the networks are listed when nobody had; the
 * address is checked as typed and the reservation lands on the NIC's network. */
static void
test_nic_reservation (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    GtkWidget *window = gtk_offscreen_window_new ();
    GtkWidget *row = vimana_nic_reservation_new (connection, "default", "52:54:00:AB:00:03");
    GtkEntry *entry;
    GtkWidget *button;
    VimanaNetwork *network;

    gtk_container_add (GTK_CONTAINER (window), row);
    gtk_widget_show_all (window);
    entry = GTK_ENTRY (nic_reservation_child (row, GTK_TYPE_ENTRY));
    button = nic_reservation_child (row, GTK_TYPE_BUTTON);
    ui_test_wait (nic_reservation_known, row, "the connection's networks");
    g_assert_false (gtk_widget_get_sensitive (button));

    gtk_entry_set_text (entry, "10.0.0.5");
    g_assert_nonnull (strstr (vimana_nic_reservation_get_message (VIMANA_NIC_RESERVATION (row)),
                              "outside"));
    g_assert_false (gtk_widget_get_sensitive (button));
    gtk_entry_set_text (entry, "192.168.122.1");
    g_assert_nonnull (strstr (vimana_nic_reservation_get_message (VIMANA_NIC_RESERVATION (row)),
                              "host's own address"));
    gtk_entry_set_text (entry, "192.168.122.53");
    g_assert_true (gtk_widget_get_sensitive (button));
    gtk_button_clicked (GTK_BUTTON (button));
    ui_test_wait (nic_reserved, row, "the reservation");
    network = vimana_connection_find_network (connection, "default");
    g_assert_cmpstrv (vimana_network_get_reservation_macs (network),
                      ((const char * const[]) { "52:54:00:ab:00:03", NULL }));
    g_assert_cmpstrv (vimana_network_get_reservation_ips (network),
                      ((const char * const[]) { "192.168.122.53", NULL }));

    gtk_widget_destroy (window);
    vimana_connection_shutdown (connection);
}

static gboolean
interfaces_loaded (gpointer data)
{
    return vimana_host_interfaces_page_get_loaded (data);
}

/* The Interfaces page lists test:///default's one interface, read-only. */
static void
test_interfaces (void)
{
    g_autoptr(VimanaConnection) connection = test_connection_open ("test:///default");
    VimanaHostWindow *window = open_host (connection, "interfaces");
    VimanaHostInterfacesPage *page =
        VIMANA_HOST_INTERFACES_PAGE (vimana_host_window_get_interfaces_page (window));
    GtkTreeModel *interfaces = vimana_host_interfaces_page_get_interfaces (page);
    g_autofree char *mac = NULL;
    g_autofree char *addresses = NULL;
    g_autofree char *state = NULL;

    ui_test_wait (interfaces_loaded, page, "the host's interfaces");
    g_assert_cmpuint (n_rows (interfaces), ==, 1);
    mac = row_text (interfaces, "eth1", VIMANA_HOST_INTERFACE_COLUMN_NAME,
                    VIMANA_HOST_INTERFACE_COLUMN_MAC);
    addresses = row_text (interfaces, "eth1", VIMANA_HOST_INTERFACE_COLUMN_NAME,
                          VIMANA_HOST_INTERFACE_COLUMN_ADDRESSES);
    state = row_text (interfaces, "eth1", VIMANA_HOST_INTERFACE_COLUMN_NAME,
                      VIMANA_HOST_INTERFACE_COLUMN_STATE);
    g_assert_cmpstr (mac, ==, "aa:bb:cc:dd:ee:ff");
    g_assert_cmpstr (addresses, ==, "192.168.0.5/24");
    g_assert_cmpstr (state, ==, "Up");
    ui_test_screenshot (GTK_WIDGET (window), "host-interfaces");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

int
main (int    argc,
      char **argv)
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/host/storage/lists", test_storage_lists);
    g_test_add_func ("/ui/host/storage/delete-volume", test_storage_delete_volume);
    g_test_add_func ("/ui/host/storage/pool-actions", test_storage_pool_actions);
    g_test_add_func ("/ui/host/storage/new-volume", test_storage_new_volume);
    g_test_add_func ("/ui/host/storage/resize-volume", test_storage_resize_volume);
    g_test_add_func ("/ui/host/storage/new-pool", test_storage_new_pool);
    g_test_add_func ("/ui/host/storage/transfer", test_storage_transfer);
    g_test_add_func ("/ui/host/networks", test_networks);
    g_test_add_func ("/ui/host/networks/new", test_networks_new);
    g_test_add_func ("/ui/host/networks/reservations", test_networks_reservations);
    g_test_add_func ("/ui/host/networks/xml-and-leases", test_networks_xml_and_leases);
    g_test_add_func ("/ui/host/networks/nic-reservation", test_nic_reservation);
    g_test_add_func ("/ui/host/interfaces", test_interfaces);

    return g_test_run ();
}
