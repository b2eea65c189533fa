/* test-dialogs.c: the delete dialog, the add-connection dialog, the preferences window and the
 * migrate dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-add-connection-dialog.h"
#include "vimana-delete-dialog.h"
#include "vimana-migrate-dialog.h"
#include "vimana-preferences-window.h"

static gboolean
delete_dialog_loaded (gpointer data)
{
    return !vimana_delete_dialog_is_loading (data);
}

static gboolean
domain_removed (gpointer data)
{
    return vimana_domain_get_removed (data);
}

static void
test_delete_dialog_lists_volumes (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(VimanaDomain) domain = g_object_ref (ui_test_domain (connection, "disks-01"));
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    g_auto(GStrv) keys = NULL;
    GtkWidget *dialog;
    GtkWidget *check;

    g_ptr_array_add (domains, domain);
    dialog = vimana_delete_dialog_new (NULL, domains);
    gtk_widget_show (dialog);
    ui_test_wait (delete_dialog_loaded, dialog, "the guest's volumes");
    ui_test_screenshot (dialog, "delete-dialog");

    /* Both disks are offered, checked, each with a box named after its path. */
    keys = vimana_delete_dialog_get_volume_keys (VIMANA_DELETE_DIALOG (dialog), domain);
    g_assert_cmpuint (g_strv_length (keys), ==, 2);
    g_assert_true (g_strv_contains ((const char * const *) keys,
                                    "/var/lib/libvirt/images/disks-01-system.qcow2"));
    g_assert_true (g_strv_contains ((const char * const *) keys,
                                    "/var/lib/libvirt/images/disks-01-data.raw"));
    check = ui_test_find_by_name (dialog, "Delete /var/lib/libvirt/images/disks-01-data.raw",
                                  GTK_TYPE_CHECK_BUTTON);
    g_assert_nonnull (check);
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check)));

    /* Unchecking keeps that disk. */
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), FALSE);
    g_clear_pointer (&keys, g_strfreev);
    keys = vimana_delete_dialog_get_volume_keys (VIMANA_DELETE_DIALOG (dialog), domain);
    g_assert_cmpuint (g_strv_length (keys), ==, 1);
    g_assert_cmpstr (keys[0], ==, "/var/lib/libvirt/images/disks-01-system.qcow2");

    vimana_domain_delete_async (domain, (const char * const *) keys, NULL, NULL, NULL);
    ui_test_wait (domain_removed, domain, "the guest to be deleted");
    gtk_widget_destroy (dialog);

    /* The disk that was kept can still be used by another guest; check through a guest
     * that has none: its list of volumes is empty, but the pool still answers. */
    g_assert_null (vimana_connection_find_domain_by_name (connection, "disks-01"));
    vimana_connection_shutdown (connection);
}

static void
test_delete_dialog_no_storage (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "off-05");
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    g_auto(GStrv) keys = NULL;
    GtkWidget *dialog;

    g_ptr_array_add (domains, domain);
    dialog = vimana_delete_dialog_new (NULL, domains);
    gtk_widget_show (dialog);
    ui_test_wait (delete_dialog_loaded, dialog, "the guest's volumes");
    keys = vimana_delete_dialog_get_volume_keys (VIMANA_DELETE_DIALOG (dialog), domain);
    g_assert_cmpuint (g_strv_length (keys), ==, 0);
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (connection);
}

static gboolean
looks_refused (GtkWidget *field)
{
    return gtk_style_context_has_class (gtk_widget_get_style_context (field), "error");
}

static void
test_add_connection_validates (void)
{
    GtkWidget *dialog = vimana_add_connection_dialog_new (NULL);
    GtkWidget *connect;
    GtkWidget *custom;
    GtkWidget *host;
    GtkWidget *hypervisor;
    GtkWidget *remote;

    gtk_widget_show (dialog);
    connect = ui_test_find_by_name (dialog, "Connect", GTK_TYPE_BUTTON);
    g_assert_nonnull (connect);
    custom = ui_test_find_by_name (dialog, "Custom URI", GTK_TYPE_ENTRY);
    host = ui_test_find_by_name (dialog, "Host name", GTK_TYPE_ENTRY);
    g_assert_nonnull (custom);
    g_assert_nonnull (host);

    /* The message beside the field, and the field itself marked, as in every dialog. */
    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog), "not a uri");
    ui_test_flush ();
    g_assert_false (gtk_widget_is_sensitive (connect));
    g_assert_true (looks_refused (custom));
    ui_test_screenshot (dialog, "add-connection-invalid");

    /* A remote connection without a host: the host is what is refused, the URI no longer. */
    hypervisor = ui_test_find_by_name (dialog, "Hypervisor", GTK_TYPE_COMBO_BOX);
    remote = ui_test_find_by_name (dialog, "Connect to a remote host", GTK_TYPE_CHECK_BUTTON);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (hypervisor), "qemu-system");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (remote), TRUE);
    ui_test_flush ();
    g_assert_false (gtk_widget_is_sensitive (connect));
    g_assert_true (looks_refused (host));
    g_assert_false (looks_refused (custom));
    gtk_entry_set_text (GTK_ENTRY (host), "host.example.org");
    ui_test_flush ();
    g_assert_true (gtk_widget_is_sensitive (connect));
    g_assert_false (looks_refused (host));

    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog),
                                          "qemu+ssh://root@host.example.org/system");
    ui_test_flush ();
    g_assert_true (gtk_widget_is_sensitive (connect));
    g_assert_false (looks_refused (custom));
    g_assert_cmpstr (vimana_add_connection_dialog_get_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog)),
                     ==, "qemu+ssh://root@host.example.org/system");
    gtk_widget_destroy (dialog);
}

static void
test_preferences_change_settings (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    GtkWidget *window;
    GtkWidget *force_off;

    g_settings_set_boolean (settings, "confirm-force-off", TRUE);
    window = vimana_preferences_window_new (NULL, settings);
    gtk_widget_show (window);
    ui_test_screenshot (window, "preferences");

    force_off = ui_test_find_by_name (window, "Ask before forcing a guest off", GTK_TYPE_SWITCH);
    g_assert_nonnull (force_off);
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (force_off)));
    gtk_switch_set_active (GTK_SWITCH (force_off), FALSE);
    g_assert_false (g_settings_get_boolean (settings, "confirm-force-off"));

    gtk_widget_destroy (window);
}

/* The release keys: a bad combination is refused beside the entry and the setting keeps its
 * value; a good one, typed or picked, is stored in gtk-vnc's form. */
static void
test_preferences_release_keys (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    g_autofree char *stored = NULL;
    GtkWidget *window;
    GtkWidget *combo;
    GtkEntry *entry;
    GtkWidget *error;

    g_settings_reset (settings, "console-release-keys");
    window = vimana_preferences_window_new (NULL, settings);
    gtk_widget_show (window);
    combo = ui_test_find_by_name (window, "Keys that release the keyboard", GTK_TYPE_COMBO_BOX);
    g_assert_nonnull (combo);
    entry = GTK_ENTRY (gtk_bin_get_child (GTK_BIN (combo)));
    g_assert_cmpstr (gtk_entry_get_text (entry), ==, "Ctrl+Alt");

    gtk_entry_set_text (entry, "Ctrl+Banana");
    g_signal_emit_by_name (entry, "activate");
    stored = g_settings_get_string (settings, "console-release-keys");
    g_assert_cmpstr (stored, ==, "Control_L+Alt_L");
    g_assert_true (gtk_style_context_has_class (gtk_widget_get_style_context (GTK_WIDGET (entry)),
                                                "error"));
    error = ui_test_find_by_name (window, "“Banana” is not a key. Use Ctrl, Alt, Shift, Super or "
                                          "a key such as F12, joined with “+”.", GTK_TYPE_LABEL);
    g_assert_nonnull (error);
    g_assert_true (gtk_widget_get_visible (error));
    ui_test_screenshot (window, "preferences-release-keys-error");

    /* Fixing the text takes the message away; Enter stores it. */
    gtk_entry_set_text (entry, "ctrl+alt+g");
    g_assert_false (gtk_widget_get_visible (error));
    g_signal_emit_by_name (entry, "activate");
    g_clear_pointer (&stored, g_free);
    stored = g_settings_get_string (settings, "console-release-keys");
    g_assert_cmpstr (stored, ==, "Control_L+Alt_L+g");
    g_assert_cmpstr (gtk_entry_get_text (entry), ==, "Ctrl+Alt+G");

    /* Picked from the list: stored at once. */
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 3);
    g_clear_pointer (&stored, g_free);
    stored = g_settings_get_string (settings, "console-release-keys");
    g_assert_cmpstr (stored, ==, "Control_R");

    /* Changed elsewhere: the entry follows. */
    g_settings_set_string (settings, "console-release-keys", "Control_L+Shift_L");
    g_assert_cmpstr (gtk_entry_get_text (entry), ==, "Ctrl+Shift");

    g_settings_reset (settings, "console-release-keys");
    gtk_widget_destroy (window);
}

static void
collect_label_texts (GtkWidget *widget,
                     gpointer   data)
{
    GString *texts = data;

    if (GTK_IS_LABEL (widget))
        g_string_append_printf (texts, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
    else if (GTK_IS_CONTAINER (widget))
        gtk_container_foreach (GTK_CONTAINER (widget), collect_label_texts, texts);
}

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

/* From the node file to test:///default, which has neither run-01's disk nor its network
 * "routed": the checklist runs, its red lines hold Migrate back until "Migrate anyway", a bad
 * address is said under its field, and the migration itself is refused by the test driver
 * (it cannot migrate) with the guest's result line saying so and the guest left in place. */
static void
test_migrate_dialog (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = test_connection_open ("test:///default");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    VimanaDomain *domain = ui_test_domain (source, "run-01");
    GtkWidget *dialog;
    GtkWidget *migrate;
    GtkWidget *unsafe;
    GtkWidget *address;
    GtkWidget *checks;
    GtkWidget *row;
    g_autoptr(GList) rows = NULL;
    g_autoptr(GString) texts = g_string_new (NULL);

    g_list_store_append (connections, source);
    g_list_store_append (connections, destination);
    g_ptr_array_add (domains, domain);
    dialog = vimana_migrate_dialog_new (NULL, G_LIST_MODEL (connections), domains);
    gtk_widget_show (dialog);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    ui_test_flush ();
    ui_test_screenshot (dialog, "migrate-dialog");

    checks = ui_test_find_by_name (dialog, "Pre-flight checks", GTK_TYPE_LIST_BOX);
    g_assert_nonnull (checks);
    rows = gtk_container_get_children (GTK_CONTAINER (checks));
    /* processor, machine, memory, at least one disk */
    g_assert_cmpuint (g_list_length (rows), >=, 4);
    for (GList *l = rows; l != NULL; l = l->next)
        g_test_message ("%s", atk_object_get_name (gtk_widget_get_accessible (l->data)));

    migrate = ui_test_find_by_name (dialog, "Migrate", GTK_TYPE_BUTTON);
    unsafe = ui_test_find_by_name (dialog, "Migrate anyway: I know what the red lines mean (unsafe)",
                                   GTK_TYPE_CHECK_BUTTON);
    address = ui_test_find_by_name (dialog, "Destination address", GTK_TYPE_ENTRY);
    g_assert_nonnull (migrate);
    g_assert_nonnull (unsafe);
    g_assert_nonnull (address);
    /* The disk is in no pool of test:///default and "routed" is not there: red. */
    g_assert_true (gtk_widget_get_visible (unsafe));
    g_assert_false (gtk_widget_get_sensitive (migrate));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (unsafe), TRUE);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    g_assert_true (gtk_widget_get_sensitive (migrate));

    /* A bad address: its message, and Migrate insensitive. */
    gtk_entry_set_text (GTK_ENTRY (address), "host;reboot");
    ui_test_flush ();
    g_assert_false (gtk_widget_get_sensitive (migrate));
    g_assert_nonnull (ui_test_find_by_name (dialog, "Enter a host name or an IP address, optionally with :port (1–65535).",
                                            GTK_TYPE_LABEL));
    gtk_entry_set_text (GTK_ENTRY (address), "127.0.0.1");
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (unsafe), TRUE);
    g_assert_true (gtk_widget_get_sensitive (migrate));

    gtk_button_clicked (GTK_BUTTON (migrate));
    g_assert_true (vimana_migrate_dialog_get_running (VIMANA_MIGRATE_DIALOG (dialog)));
    ui_test_wait (migrate_dialog_done, dialog, "the migration");
    ui_test_flush ();
    row = ui_test_find_by_name (dialog, "run-01", GTK_TYPE_LIST_BOX_ROW);
    g_assert_nonnull (row);
    collect_label_texts (row, texts);
    g_test_message ("%s", texts->str);
    g_assert_nonnull (strstr (texts->str, "“run-01” could not be migrated to "));
    g_assert_nonnull (strstr (texts->str, "not supported"));
    g_assert_false (vimana_domain_get_removed (domain));
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/delete-dialog/lists-volumes", test_delete_dialog_lists_volumes);
    g_test_add_func ("/ui/delete-dialog/no-storage", test_delete_dialog_no_storage);
    g_test_add_func ("/ui/add-connection/validates", test_add_connection_validates);
    g_test_add_func ("/ui/preferences/change-settings", test_preferences_change_settings);
    g_test_add_func ("/ui/preferences/release-keys", test_preferences_release_keys);
    g_test_add_func ("/ui/migrate-dialog", test_migrate_dialog);

    return g_test_run ();
}
