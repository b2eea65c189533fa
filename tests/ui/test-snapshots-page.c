/* test-snapshots-page.c: the details window's Snapshots page on the test driver
 *
 * Take through the dialog (the name checked as typed), revert through the confirmation (its
 * safety snapshot appears), the branch it makes, edit, delete only the children, and the
 * line that says what the guest can do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-bulk-snapshot-dialog.h"
#include "vimana-details-window.h"
#include "vimana-snapshot-dialog.h"
#include "vimana-snapshots-page.h"

static gboolean
page_idle (gpointer data)
{
    return !vimana_snapshots_page_is_busy (data);
}

/* The tree as text: "name*(child,child)" with * on the current one. */
static void
describe_level (GtkTreeModel *model,
                GtkTreeIter  *parent,
                GString      *out)
{
    GtkTreeIter iter;
    gboolean first = TRUE;

    if (!gtk_tree_model_iter_children (model, &iter, parent))
        return;
    do {
        g_autofree char *name = NULL;
        g_autofree char *current = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_SNAPSHOTS_COL_NAME, &name,
                            VIMANA_SNAPSHOTS_COL_CURRENT, &current, -1);
        if (!first)
            g_string_append_c (out, ',');
        first = FALSE;
        g_string_append (out, g_str_has_prefix (name, "before-revert-") ? "SAFETY" : name);
        if (current != NULL && *current != '\0')
            g_string_append_c (out, '*');
        if (gtk_tree_model_iter_has_child (model, &iter)) {
            g_string_append_c (out, '(');
            describe_level (model, &iter, out);
            g_string_append_c (out, ')');
        }
    } while (gtk_tree_model_iter_next (model, &iter));
}

static char *
describe_tree (VimanaSnapshotsPage *page)
{
    GString *out = g_string_new (NULL);

    describe_level (gtk_tree_view_get_model (vimana_snapshots_page_get_tree_view (page)), NULL,
                    out);
    return g_string_free (out, FALSE);
}

static char *
cell_of (VimanaSnapshotsPage *page,
         const char          *name,
         int                  column)
{
    GtkTreeSelection *selection;
    GtkTreeModel *model;
    GtkTreeIter iter;
    char *value = NULL;

    g_assert_true (vimana_snapshots_page_select (page, name));
    selection = gtk_tree_view_get_selection (vimana_snapshots_page_get_tree_view (page));
    g_assert_true (gtk_tree_selection_get_selected (selection, &model, &iter));
    gtk_tree_model_get (model, &iter, column, &value, -1);
    return value;
}

static VimanaSnapshotDialog *
open_take_dialog (VimanaSnapshotsPage *page)
{
    GtkWidget *take = vimana_snapshots_page_get_button (page, "take");

    g_assert_true (gtk_widget_get_sensitive (take));
    gtk_button_clicked (GTK_BUTTON (take));
    g_assert_true (VIMANA_IS_SNAPSHOT_DIALOG (vimana_snapshots_page_get_dialog (page)));
    return VIMANA_SNAPSHOT_DIALOG (vimana_snapshots_page_get_dialog (page));
}

static void
take (VimanaSnapshotsPage *page,
      const char          *name,
      const char          *description)
{
    VimanaSnapshotDialog *dialog = open_take_dialog (page);

    gtk_entry_set_text (vimana_snapshot_dialog_get_name_entry (dialog), name);
    gtk_entry_set_text (vimana_snapshot_dialog_get_description_entry (dialog), description);
    g_assert_null (vimana_snapshot_dialog_get_name_error (dialog));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_null (vimana_snapshots_page_get_dialog (page));
    ui_test_wait (page_idle, page, "the snapshot");
}

static void
test_snapshots_page (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-03");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaSnapshotsPage *page = VIMANA_SNAPSHOTS_PAGE (vimana_details_window_get_snapshots (window));
    VimanaSnapshotDialog *dialog;
    GtkEntry *entry;
    g_autofree char *empty = NULL;
    g_autofree char *first = NULL;
    g_autofree char *branched = NULL;
    g_autofree char *after_delete = NULL;
    g_autofree char *description = NULL;
    g_autofree char *kind = NULL;
    GtkDialog *confirm;

    gtk_widget_show (GTK_WIDGET (window));
    g_assert_true (vimana_details_window_set_page (window, "snapshots"));
    g_assert_cmpstr (vimana_details_window_get_page (window), ==, "snapshots");
    ui_test_wait (page_idle, page, "the snapshots");
    empty = describe_tree (page);
    g_assert_cmpstr (empty, ==, "");
    /* The test driver's running guest: memory yes, disk-only no, and the line says so. */
    g_assert_nonnull (strstr (vimana_snapshots_page_get_caps_text (page), "memory"));
    g_assert_nonnull (strstr (vimana_snapshots_page_get_caps_text (page), "disk-only"));
    g_assert_false (gtk_widget_get_sensitive (vimana_snapshots_page_get_button (page, "revert")));

    /* The name is suggested, then checked as typed. */
    dialog = open_take_dialog (page);
    entry = vimana_snapshot_dialog_get_name_entry (dialog);
    g_assert_true (g_str_has_prefix (gtk_entry_get_text (entry), "snapshot-"));
    g_assert_null (vimana_snapshot_dialog_get_name_error (dialog));
    g_assert_true (gtk_toggle_button_get_active (vimana_snapshot_dialog_get_memory_check (dialog)));
    gtk_entry_set_text (entry, "");
    g_assert_cmpstr (vimana_snapshot_dialog_get_name_error (dialog), ==,
                     "The snapshot needs a name.");
    gtk_entry_set_text (entry, "a/b");
    g_assert_cmpstr (vimana_snapshot_dialog_get_name_error (dialog), ==,
                     "The name cannot contain “/”.");
    /* OK with a wrong name does nothing: the dialog stays. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_true (vimana_snapshots_page_get_dialog (page) == GTK_DIALOG (dialog));
    gtk_entry_set_text (entry, "s1");
    g_assert_null (vimana_snapshot_dialog_get_name_error (dialog));
    gtk_entry_set_text (vimana_snapshot_dialog_get_description_entry (dialog), "fresh install");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (page_idle, page, "the first snapshot");
    g_assert_cmpstr (vimana_snapshots_page_get_status (page), ==, "Snapshot “s1” taken.");

    take (page, "s2", "");
    first = describe_tree (page);
    g_assert_cmpstr (first, ==, "s1(s2*)");
    kind = cell_of (page, "s1", VIMANA_SNAPSHOTS_COL_KIND);
    g_assert_cmpstr (kind, ==, "internal, with memory");
    /* libvirt reports no size for an internal snapshot: "—", and the row's tooltip says why. */
    {
        g_autofree char *size = cell_of (page, "s1", VIMANA_SNAPSHOTS_COL_SIZE);
        g_autofree char *tooltip = cell_of (page, "s1", VIMANA_SNAPSHOTS_COL_TOOLTIP);

        g_assert_cmpstr (size, ==, "—");
        g_assert_nonnull (strstr (tooltip, "libvirt does not report the size of an internal "
                                           "snapshot"));
    }

    /* A name the guest has. */
    dialog = open_take_dialog (page);
    gtk_entry_set_text (vimana_snapshot_dialog_get_name_entry (dialog), "s1");
    g_assert_cmpstr (vimana_snapshot_dialog_get_name_error (dialog), ==,
                     "This guest already has a snapshot called “s1”.");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_null (vimana_snapshots_page_get_dialog (page));

    /* Revert to s1: confirmed, a safety snapshot first; then s3 makes a branch. */
    g_assert_true (vimana_snapshots_page_select (page, "s1"));
    g_assert_true (gtk_widget_get_sensitive (vimana_snapshots_page_get_button (page, "revert")));
    gtk_button_clicked (GTK_BUTTON (vimana_snapshots_page_get_button (page, "revert")));
    confirm = vimana_snapshots_page_get_dialog (page);
    g_assert_true (GTK_IS_MESSAGE_DIALOG (confirm));
    {
        g_autofree char *secondary = NULL;

        g_object_get (confirm, "secondary-text", &secondary, NULL);
        g_assert_nonnull (strstr (secondary, "safety snapshot"));
        /* The test guest's definition has not changed since s1: the diff says so. */
        g_assert_nonnull (strstr (secondary, "The configuration is the same as today’s."));
    }
    gtk_dialog_response (confirm, GTK_RESPONSE_ACCEPT);
    ui_test_wait (page_idle, page, "the revert");
    g_assert_true (g_str_has_prefix (vimana_snapshots_page_get_status (page),
                                     "Reverted to “s1”. The state before is kept as snapshot "
                                     "“before-revert-"));
    take (page, "s3", "");
    branched = describe_tree (page);
    g_assert_cmpstr (branched, ==, "s1(s2(SAFETY),s3*)");

    /* Edit s3's description. */
    g_assert_true (vimana_snapshots_page_select (page, "s3"));
    gtk_button_clicked (GTK_BUTTON (vimana_snapshots_page_get_button (page, "edit")));
    dialog = VIMANA_SNAPSHOT_DIALOG (vimana_snapshots_page_get_dialog (page));
    g_assert_cmpstr (gtk_entry_get_text (vimana_snapshot_dialog_get_name_entry (dialog)), ==,
                     "s3");
    g_assert_null (vimana_snapshot_dialog_get_name_error (dialog));
    gtk_entry_set_text (vimana_snapshot_dialog_get_description_entry (dialog), "after the fix");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (page_idle, page, "the edit");
    description = cell_of (page, "s3", VIMANA_SNAPSHOTS_COL_DESCRIPTION);
    g_assert_cmpstr (description, ==, "after the fix");

    /* Delete only s1's children (3 of them). */
    g_assert_true (vimana_snapshots_page_select (page, "s1"));
    gtk_button_clicked (GTK_BUTTON (vimana_snapshots_page_get_button (page, "delete")));
    confirm = vimana_snapshots_page_get_dialog (page);
    g_assert_true (GTK_IS_MESSAGE_DIALOG (confirm));
    {
        g_autofree char *secondary = NULL;

        g_object_get (confirm, "secondary-text", &secondary, NULL);
        g_assert_nonnull (strstr (secondary, "3 snapshots below it"));
    }
    gtk_dialog_response (confirm, 3 /* only the children */);
    ui_test_wait (page_idle, page, "the deletion");
    after_delete = describe_tree (page);
    g_assert_cmpstr (after_delete, ==, "s1*");
    ui_test_screenshot (GTK_WIDGET (window), "details-snapshots");

    /* And s1 itself. */
    gtk_button_clicked (GTK_BUTTON (vimana_snapshots_page_get_button (page, "delete")));
    gtk_dialog_response (vimana_snapshots_page_get_dialog (page), 1 /* this one */);
    ui_test_wait (page_idle, page, "the last deletion");
    {
        g_autofree char *none = describe_tree (page);

        g_assert_cmpstr (none, ==, "");
    }

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static gboolean
bulk_done (gpointer data)
{
    return vimana_bulk_snapshot_dialog_is_done (data);
}

static char *
take_on_both (GPtrArray  *domains,
              const char *name)
{
    GtkWidget *dialog = vimana_bulk_snapshot_dialog_new (NULL, domains);
    VimanaBulkSnapshotDialog *bulk = VIMANA_BULK_SNAPSHOT_DIALOG (dialog);
    char *results;

    g_object_ref_sink (dialog);
    gtk_widget_show (dialog);
    g_assert_true (g_str_has_prefix (gtk_entry_get_text (vimana_bulk_snapshot_dialog_get_name_entry (bulk)),
                                     "snapshot-"));
    gtk_entry_set_text (vimana_bulk_snapshot_dialog_get_name_entry (bulk), "");
    g_assert_cmpstr (vimana_bulk_snapshot_dialog_get_name_error (bulk), ==,
                     "The snapshot needs a name.");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    g_assert_false (vimana_bulk_snapshot_dialog_is_running (bulk));
    g_assert_false (vimana_bulk_snapshot_dialog_is_done (bulk));
    gtk_entry_set_text (vimana_bulk_snapshot_dialog_get_name_entry (bulk), name);
    g_assert_null (vimana_bulk_snapshot_dialog_get_name_error (bulk));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
    ui_test_wait (bulk_done, bulk, "a snapshot of each guest");
    results = vimana_bulk_snapshot_dialog_get_results (bulk);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_object_unref (dialog);
    return results;
}

static void
test_snapshots_bulk (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    g_autofree char *first = NULL;
    g_autofree char *again = NULL;

    g_ptr_array_add (domains, ui_test_domain (connection, "run-04"));
    g_ptr_array_add (domains, ui_test_domain (connection, "run-05"));
    first = take_on_both (domains, "before-upgrade");
    g_assert_cmpstr (first, ==, "run-04: taken\nrun-05: taken");
    /* The same name again: each guest says why, on its own line. */
    again = take_on_both (domains, "before-upgrade");
    g_assert_cmpstr (again, ==,
                     "run-04: not taken: This guest already has a snapshot called “before-upgrade”.\n"
                     "run-05: not taken: This guest already has a snapshot called “before-upgrade”.");
    vimana_connection_shutdown (connection);
}

int
main (int    argc,
      char **argv)
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/snapshots-page/take-revert-edit-delete", test_snapshots_page);
    g_test_add_func ("/snapshots-page/bulk", test_snapshots_bulk);

    return g_test_run ();
}
