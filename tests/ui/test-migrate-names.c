/* test-migrate-names.c: the Migrate dialog names hosts by their host names, on the test driver
 *
 * Every local connection of one driver has one name ("Test", "QEMU/KVM"), so lines saying
 * "could not be migrated to QEMU/KVM" tell two hosts apart by nothing. Once the hosts'
 * identities are read, the destination and the result lines say "<name> on <host name>" (the
 * daemon's virConnectGetHostname: the test driver answers this machine's name).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-migrate-dialog.h"
#include "vimana-migration-check.h"

static gboolean
migrate_dialog_checked (gpointer data)
{
    return !vimana_migrate_dialog_get_checking (data);
}

static gboolean
migrate_dialog_done (gpointer data)
{
    return !vimana_migrate_dialog_get_running (data);
}

static gboolean
host_named (gpointer data)
{
    return g_object_get_data (G_OBJECT (data), "vimana-migration-host-name") != NULL;
}

static void
collect_label_texts (GtkWidget *widget,
                     GString   *out)
{
    if (GTK_IS_LABEL (widget)) {
        g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
        g_string_append_c (out, '\n');
    }
    if (GTK_IS_CONTAINER (widget)) {
        g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL; l = l->next)
            collect_label_texts (l->data, out);
    }
}

static GtkWidget *
find_by_id (GtkWidget  *widget,
            const char *id)
{
    GtkWidget *found = NULL;

    if (g_strcmp0 (gtk_buildable_get_name (GTK_BUILDABLE (widget)), id) == 0)
        return widget;
    if (GTK_IS_CONTAINER (widget)) {
        g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (widget));

        for (GList *l = children; l != NULL && found == NULL; l = l->next)
            found = find_by_id (l->data, id);
    }
    return found;
}

static void
test_host_label (void)
{
    g_autofree char *local = vimana_migration_host_label ("qemu:///system", "QEMU/KVM", "host-b");
    g_autofree char *remote = vimana_migration_host_label ("qemu+ssh://a.example/system",
                                                           "QEMU/KVM on a.example", "a");
    g_autofree char *unknown = vimana_migration_host_label ("qemu:///system", "QEMU/KVM", NULL);
    g_autofree char *empty = vimana_migration_host_label ("qemu:///system", "QEMU/KVM", "");

    g_assert_cmpstr (local, ==, "QEMU/KVM on host-b");
    g_assert_cmpstr (remote, ==, "QEMU/KVM on a.example");  /* the URI already names it */
    g_assert_cmpstr (unknown, ==, "QEMU/KVM");
    g_assert_cmpstr (empty, ==, "QEMU/KVM");
}

/* From the node file to test:///default: the destination line and the guest's result line
 * name the destination "Test on <host name>", not "Test". */
static void
test_dialog_names (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = test_connection_open ("test:///default");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    VimanaDomain *domain = ui_test_domain (source, "run-01");
    g_autoptr(GString) texts = g_string_new (NULL);
    g_autofree char *combo_text = NULL;
    g_autofree char *prefix = NULL;
    const char *label;
    GtkWidget *dialog;
    GtkWidget *combo;
    GtkWidget *unsafe;
    GtkWidget *row;

    g_list_store_append (connections, source);
    g_list_store_append (connections, destination);
    g_ptr_array_add (domains, domain);
    dialog = vimana_migrate_dialog_new (NULL, G_LIST_MODEL (connections), domains);
    gtk_widget_show (dialog);
    ui_test_wait (host_named, destination, "the destination's host name");
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    ui_test_flush ();

    label = vimana_migration_get_host_name (destination);
    g_test_message ("destination: %s", label);
    prefix = g_strdup_printf ("%s on ", vimana_connection_get_display_name (destination));
    g_assert_true (g_str_has_prefix (label, prefix));
    g_assert_cmpuint (strlen (label), >, strlen (prefix));
    combo = find_by_id (dialog, "destination_combo");
    g_assert_nonnull (combo);
    combo_text = gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (combo));
    g_assert_cmpstr (combo_text, ==, label);

    unsafe = ui_test_find_by_name (dialog, "Migrate anyway: I know what the red lines mean (unsafe)",
                                   GTK_TYPE_CHECK_BUTTON);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (unsafe), TRUE);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    gtk_button_clicked (GTK_BUTTON (ui_test_find_by_name (dialog, "Migrate", GTK_TYPE_BUTTON)));
    ui_test_wait (migrate_dialog_done, dialog, "the migration");
    ui_test_flush ();
    row = ui_test_find_by_name (dialog, "run-01", GTK_TYPE_LIST_BOX_ROW);
    g_assert_nonnull (row);
    collect_label_texts (row, texts);
    g_test_message ("%s", texts->str);
    {
        g_autofree char *want = g_strdup_printf ("“run-01” could not be migrated to %s.", label);
        g_assert_nonnull (strstr (texts->str, want));
    }
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
}

int
main (int    argc,
      char **argv)
{
    ui_test_init (&argc, &argv);
    g_test_add_func ("/migrate-names/label", test_host_label);
    g_test_add_func ("/migrate-names/dialog", test_dialog_names);
    return g_test_run ();
}
