/* test-a11y.c: every control a user can reach has a name a screen reader can say
 *
 * Each window and page is opened on tests/data/node-hardware.xml ("many" has a device of
 * every kind, "hw-run" runs) and its widget tree is walked: every control that is on screen,
 * sensitive and can take the focus (buttons of all kinds, entries and spin buttons, combo
 * boxes, switches, scales, tree and text views, list rows, the graphs) must have an
 * accessible name or a label pointing at it (mnemonic-widget, which ATK reports as
 * labelled-by). The accessible
 * objects exist in-process without the AT-SPI bridge (NO_AT_BRIDGE=1), which is what the
 * test reads. A test lists every control it finds unnamed, then fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-add-connection-dialog.h"
#include "vimana-application.h"
#include "vimana-add-hardware-dialog.h"
#include "vimana-auth-dialog.h"
#include "vimana-auth-request.h"
#include "vimana-bulk-snapshot-dialog.h"
#include "vimana-delete-dialog.h"
#include "vimana-details-window.h"
#include "vimana-domain-config.h"
#include "vimana-hardware-page.h"
#include "vimana-host-networks-page.h"
#include "vimana-host-storage-page.h"
#include "vimana-host-window.h"
#include "vimana-hosts-window.h"
#include "vimana-clone-dialog.h"
#include "vimana-migrate-dialog.h"
#include "vimana-recovery-dialog.h"
#include "vimana-recovery-watch.h"
#include "vimana-new-vm-assistant.h"
#include "vimana-preferences-window.h"
#include "vimana-snapshot.h"
#include "vimana-snapshots-page.h"
#include "vimana-volume-transfer-dialog.h"
#include "vimana-window.h"

/* ---- the audit ---- */

/* A control: what takes the keyboard focus, whatever its class (the graphs do, to be read
 * out). Not a selectable label, which is its own text, nor the containers GTK 3 lets take the
 * focus only to hand it on to their children. A combo box counts though its focus goes to a
 * button inside. */
static gboolean
a11y_is_control (GtkWidget *widget)
{
    if (GTK_IS_COMBO_BOX (widget))
        return TRUE;
    return gtk_widget_get_can_focus (widget) && !GTK_IS_LABEL (widget) &&
           !GTK_IS_SCROLLED_WINDOW (widget) && !GTK_IS_VIEWPORT (widget) &&
           !GTK_IS_PANED (widget) && !GTK_IS_LIST_BOX (widget) && !GTK_IS_FLOW_BOX (widget);
}

static gboolean
a11y_is_named (GtkWidget *widget)
{
    AtkObject *accessible = gtk_widget_get_accessible (widget);
    const char *name = atk_object_get_name (accessible);
    g_autoptr(AtkRelationSet) relations = NULL;

    if (name != NULL && *name != '\0')
        return TRUE;
    relations = atk_object_ref_relation_set (accessible);
    return relations != NULL && atk_relation_set_contains (relations, ATK_RELATION_LABELLED_BY);
}

/* What a developer needs to find the control: its type, its id in the template, what it
 * shows. */
static char *
a11y_describe (GtkWidget *widget)
{
    g_autoptr(GString) text = g_string_new (G_OBJECT_TYPE_NAME (widget));
    const char *id = GTK_IS_BUILDABLE (widget) ? gtk_buildable_get_name (GTK_BUILDABLE (widget))
                                               : NULL;
    g_autofree char *tooltip = gtk_widget_get_tooltip_text (widget);
    GtkWidget *parent;

    /* GtkBuilder names the objects it makes without an id "___object_N___". */
    if (id != NULL && !g_str_has_prefix (id, "___"))
        g_string_append_printf (text, " id=%s", id);
    if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
        g_string_append_printf (text, " label=“%s”", gtk_button_get_label (GTK_BUTTON (widget)));
    if (tooltip != NULL)
        g_string_append_printf (text, " tooltip=“%s”", tooltip);
    if (GTK_IS_ENTRY (widget) && gtk_entry_get_placeholder_text (GTK_ENTRY (widget)) != NULL)
        g_string_append_printf (text, " placeholder=“%s”",
                                gtk_entry_get_placeholder_text (GTK_ENTRY (widget)));
    for (parent = gtk_widget_get_parent (widget); parent != NULL;
         parent = gtk_widget_get_parent (parent)) {
        const char *parent_id = GTK_IS_BUILDABLE (parent)
                                    ? gtk_buildable_get_name (GTK_BUILDABLE (parent))
                                    : NULL;

        if (parent_id != NULL && !g_str_has_prefix (parent_id, "___")) {
            g_string_append_printf (text, " in %s", parent_id);
            break;
        }
    }
    return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
    const char *where;
    GPtrArray  *offenders;   /* of char *: what the test prints */
    guint       checked;
} A11yAudit;

static void
a11y_walk (GtkWidget *widget,
           gpointer   data)
{
    A11yAudit *audit = data;

    /* What is not on screen (a hidden stack page, a collapsed expander) is checked where it
     * shows. */
    if (!gtk_widget_is_drawable (widget))
        return;
    if (a11y_is_control (widget) && gtk_widget_is_sensitive (widget)) {
        audit->checked++;
        if (!a11y_is_named (widget))
            g_ptr_array_add (audit->offenders,
                             g_strdup_printf ("%s: %s", audit->where, a11y_describe (widget)));
    }
    /* A combo box is one control: its button and cell views inside are not the user's. */
    if (GTK_IS_COMBO_BOX (widget))
        return;
    if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), a11y_walk, audit);
}

/* The offenders found so far in this test, and how many controls were looked at. */
static GPtrArray *a11y_offenders;
static guint a11y_checked;

static void
a11y_audit (GtkWidget  *toplevel,
            const char *where)
{
    A11yAudit audit = { where, a11y_offenders, 0 };

    ui_test_wait_drawn (toplevel);
    a11y_walk (toplevel, &audit);
    g_test_message ("%s: %u controls", where, audit.checked);
    a11y_checked += audit.checked;
}

static void
a11y_begin (void)
{
    a11y_offenders = g_ptr_array_new_with_free_func (g_free);
    a11y_checked = 0;
}

static void
a11y_end (void)
{
    for (guint i = 0; i < a11y_offenders->len; i++)
        g_printerr ("no accessible name: %s\n", (char *) g_ptr_array_index (a11y_offenders, i));
    /* A walk that finds nothing at all would pass for the wrong reason. */
    g_assert_cmpuint (a11y_checked, >, 0);
    if (a11y_offenders->len > 0)
        g_test_fail_printf ("%u control(s) without an accessible name or label, listed above",
                            a11y_offenders->len);
    g_clear_pointer (&a11y_offenders, g_ptr_array_unref);
}

/* ---- the windows ---- */

static gboolean
delete_dialog_loaded (gpointer data)
{
    return !vimana_delete_dialog_is_loading (data);
}

static gboolean
hardware_page_idle (gpointer data)
{
    return !vimana_hardware_page_is_busy (data) && vimana_hardware_page_get_n_items (data) > 0;
}

static gboolean
assistant_ready (gpointer data)
{
    return vimana_new_vm_assistant_is_ready (data);
}

static void
test_a11y_main_window (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    VimanaWindow *window;
    GtkWidget *search;

    a11y_begin ();
    g_list_store_append (connections, connection);
    window = vimana_window_new (NULL, G_LIST_MODEL (connections), settings);
    gtk_widget_show (GTK_WIDGET (window));
    a11y_audit (GTK_WIDGET (window), "main window");

    /* The search bar shows its entry once searching. */
    search = ui_test_find_by_action (GTK_WIDGET (window), "win.search");
    if (search != NULL && GTK_IS_TOGGLE_BUTTON (search)) {
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (search), TRUE);
        a11y_audit (GTK_WIDGET (window), "main window, searching");
    }
    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static gboolean
snapshots_page_idle (gpointer data)
{
    return !vimana_snapshots_page_is_busy (data);
}

static void
test_a11y_details_window (void)
{
    static const char * const pages[] = { "overview", "performance", "console", "hardware",
                                          "snapshots" };
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDetailsWindow *window;
    VimanaHardwarePage *hardware;
    VimanaSnapshotsPage *snapshots;

    a11y_begin ();
    window = vimana_details_window_new (NULL, ui_test_domain (connection, "many"), NULL);
    gtk_widget_show (GTK_WIDGET (window));
    for (guint i = 0; i < G_N_ELEMENTS (pages); i++) {
        g_autofree char *where = g_strdup_printf ("details window, %s page", pages[i]);

        g_assert_true (vimana_details_window_set_page (window, pages[i]));
        ui_test_flush ();
        a11y_audit (GTK_WIDGET (window), where);
    }

    /* Every entry of the Hardware sidebar, then the XML of the whole guest. */
    hardware = VIMANA_HARDWARE_PAGE (vimana_details_window_get_hardware (window));
    ui_test_wait (hardware_page_idle, hardware, "the configuration");
    for (guint i = 0; i < vimana_hardware_page_get_n_items (hardware); i++) {
        g_autofree char *where = g_strdup_printf ("Hardware page, “%s”",
                                                  vimana_hardware_page_get_item_label (hardware, i));

        vimana_hardware_page_select_item (hardware, i);
        ui_test_flush ();
        a11y_audit (GTK_WIDGET (window), where);
    }
    vimana_hardware_page_show_xml (hardware, TRUE);
    ui_test_flush ();
    a11y_audit (GTK_WIDGET (window), "Hardware page, XML");
    vimana_hardware_page_show_xml (hardware, FALSE);

    /* The Snapshots page's Take dialog. */
    snapshots = VIMANA_SNAPSHOTS_PAGE (vimana_details_window_get_snapshots (window));
    ui_test_wait (snapshots_page_idle, snapshots, "the snapshots");
    gtk_button_clicked (GTK_BUTTON (vimana_snapshots_page_get_button (snapshots, "take")));
    ui_test_flush ();
    a11y_audit (GTK_WIDGET (vimana_snapshots_page_get_dialog (snapshots)), "Take Snapshot");
    gtk_dialog_response (vimana_snapshots_page_get_dialog (snapshots), GTK_RESPONSE_CANCEL);

    /* The main window's Take Snapshot… on its selection. */
    {
        g_autoptr(GPtrArray) domains = g_ptr_array_new ();
        GtkWidget *bulk;

        g_ptr_array_add (domains, ui_test_domain (connection, "many"));
        bulk = vimana_bulk_snapshot_dialog_new (NULL, domains);
        gtk_widget_show (bulk);
        ui_test_flush ();
        a11y_audit (bulk, "Take Snapshots");
        gtk_widget_destroy (bulk);
    }

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static void
test_a11y_running_guest (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDetailsWindow *window;

    /* A running guest's console page shows its toolbar. */
    a11y_begin ();
    window = vimana_details_window_new (NULL, ui_test_domain (connection, "hw-run"), NULL);
    gtk_widget_show (GTK_WIDGET (window));
    g_assert_true (vimana_details_window_set_page (window, "console"));
    ui_test_flush ();
    a11y_audit (GTK_WIDGET (window), "details window of a running guest, console page");
    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static gboolean
a11y_pool_selected (gpointer data)
{
    VimanaStoragePool *pool = vimana_host_storage_page_get_selected_pool (data);

    return pool != NULL && vimana_storage_pool_get_active (pool) &&
           gtk_tree_model_iter_n_children (vimana_host_storage_page_get_volumes (data), NULL) > 0;
}

static gboolean
a11y_transfer_ended (gpointer data)
{
    return !vimana_volume_transfer_dialog_get_running (data);
}

static void
test_a11y_host_window (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaHostStoragePage *storage;
    GtkWidget *window;
    GtkWidget *dialog;

    a11y_begin ();
    window = vimana_host_window_new (NULL, connection);
    gtk_widget_show (window);
    a11y_audit (window, "host window");
    vimana_host_window_set_page (VIMANA_HOST_WINDOW (window), "storage");
    ui_test_flush ();
    a11y_audit (window, "host window, storage page");
    storage = VIMANA_HOST_STORAGE_PAGE (
        vimana_host_window_get_storage_page (VIMANA_HOST_WINDOW (window)));
    ui_test_wait (a11y_pool_selected, storage, "a storage pool");
    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (storage, "new-volume")));
    dialog = vimana_host_storage_page_get_dialog (storage);
    g_assert_nonnull (dialog);
    a11y_audit (dialog, "New Volume");
    gtk_widget_destroy (dialog);
    {
        GtkTreeModel *volumes = vimana_host_storage_page_get_volumes (storage);
        g_autofree char *first = NULL;
        GtkTreeIter iter;

        g_assert_true (gtk_tree_model_get_iter_first (volumes, &iter));
        gtk_tree_model_get (volumes, &iter, VIMANA_HOST_VOLUME_COLUMN_NAME, &first, -1);
        g_assert_true (vimana_host_storage_page_select_volume (storage, first));
    }
    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (storage,
                                                                         "resize-volume")));
    dialog = vimana_host_storage_page_get_dialog (storage);
    g_assert_nonnull (dialog);
    a11y_audit (dialog, "Resize Volume");
    gtk_widget_destroy (dialog);
    {
        /* A download the test driver refuses: the dialog as it says why. */
        g_autoptr(GFile) target = g_file_new_for_path ("/nonexistent/i16streams-a11y.img");
        GtkTreeModel *volumes = vimana_host_storage_page_get_volumes (storage);
        g_autoptr(VimanaStorageVolume) volume = NULL;
        GtkTreeIter iter;

        g_assert_true (gtk_tree_model_get_iter_first (volumes, &iter));
        gtk_tree_model_get (volumes, &iter, VIMANA_HOST_VOLUME_COLUMN_VOLUME, &volume, -1);
        g_assert_nonnull (volume);
        dialog = vimana_volume_transfer_dialog_new (GTK_WINDOW (window), volume, FALSE, target,
                                                    FALSE);
        gtk_widget_show (dialog);
        ui_test_wait (a11y_transfer_ended, dialog, "the download to end");
        a11y_audit (dialog, "Download Volume");
        gtk_widget_destroy (dialog);
    }
    gtk_button_clicked (GTK_BUTTON (vimana_host_storage_page_get_button (storage, "new-pool")));
    dialog = vimana_host_storage_page_get_dialog (storage);
    g_assert_nonnull (dialog);
    a11y_audit (dialog, "New Storage Pool");
    gtk_widget_destroy (dialog);
    vimana_host_window_set_page (VIMANA_HOST_WINDOW (window), "networks");
    ui_test_flush ();
    a11y_audit (window, "host window, networks page");
    gtk_button_clicked (GTK_BUTTON (vimana_host_networks_page_get_button (
                                        VIMANA_HOST_NETWORKS_PAGE (
                                            vimana_host_window_get_networks_page (
                                                VIMANA_HOST_WINDOW (window))), "new")));
    dialog = vimana_host_networks_page_get_dialog (VIMANA_HOST_NETWORKS_PAGE (
                                                       vimana_host_window_get_networks_page (
                                                           VIMANA_HOST_WINDOW (window))));
    g_assert_nonnull (dialog);
    a11y_audit (dialog, "New Virtual Network");
    gtk_widget_destroy (dialog);
    vimana_host_window_set_page (VIMANA_HOST_WINDOW (window), "interfaces");
    ui_test_flush ();
    a11y_audit (window, "host window, interfaces page");
    gtk_widget_destroy (window);
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static void
test_a11y_preferences (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    GtkWidget *window;

    a11y_begin ();
    window = vimana_preferences_window_new (NULL, settings);
    gtk_widget_show (window);
    a11y_audit (window, "preferences");
    gtk_widget_destroy (window);
    a11y_end ();
}

static void
test_a11y_add_connection (void)
{
    GtkWidget *dialog;
    GtkWidget *remote;

    a11y_begin ();
    dialog = vimana_add_connection_dialog_new (NULL);
    gtk_widget_show (dialog);
    a11y_audit (dialog, "Add Connection");
    remote = ui_test_find_by_name (dialog, "Connect to a remote host", GTK_TYPE_CHECK_BUTTON);
    g_assert_nonnull (remote);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (remote), TRUE);
    a11y_audit (dialog, "Add Connection, remote");
    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog), "not a uri");
    a11y_audit (dialog, "Add Connection, custom URI");
    gtk_widget_destroy (dialog);
    a11y_end ();
}

static void
test_a11y_new_vm (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    GtkWidget *assistant;

    a11y_begin ();
    g_list_store_append (connections, connection);
    assistant = vimana_new_vm_assistant_new (NULL, G_LIST_MODEL (connections), connection);
    gtk_widget_show (assistant);
    ui_test_wait (assistant_ready, assistant, "what the host offers");

    /* The source page with each method, then every page: a manual install needs no file. */
    for (const char * const *method = (const char * const[]) { "Local install media",
                                                               "Network install",
                                                               "Import existing disk image",
                                                               "Manual install", NULL };
         *method != NULL; method++) {
        GtkWidget *radio = ui_test_find_by_name (assistant, *method, GTK_TYPE_RADIO_BUTTON);
        g_autofree char *where = g_strdup_printf ("New VM, source page, %s", *method);

        g_assert_nonnull (radio);
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (radio), TRUE);
        ui_test_wait (assistant_ready, assistant, "the assistant to settle");
        a11y_audit (assistant, where);
    }
    while (TRUE) {
        GtkWidget *forward = ui_test_find_by_name (assistant, "Forward", GTK_TYPE_BUTTON);
        g_autofree char *where = NULL;

        if (forward == NULL || !gtk_widget_is_visible (forward))
            break;
        g_assert_true (gtk_widget_is_sensitive (forward));
        gtk_button_clicked (GTK_BUTTON (forward));
        ui_test_wait (assistant_ready, assistant, "the next page");
        where = g_strdup_printf ("New VM, %s page",
                                 vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (assistant)));
        a11y_audit (assistant, where);
    }
    g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (assistant)), ==,
                     "summary");
    gtk_widget_destroy (assistant);
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static void
test_a11y_add_hardware (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "many");
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *dialog;
    GtkComboBox *kinds;
    GtkTreeModel *model;
    int n_kinds;

    a11y_begin ();
    config = vimana_domain_config_new_from_xml ("<domain type='test'><name>many</name>"
                                                "<memory>65536</memory><devices/></domain>",
                                                &error);
    g_assert_no_error (error);
    dialog = vimana_add_hardware_dialog_new (NULL, domain, config);
    gtk_widget_show (dialog);
    ui_test_flush ();
    /* Every kind the dialog offers, as its kind list offers them. */
    kinds = GTK_COMBO_BOX (ui_test_find_by_name (dialog, "Device kind", GTK_TYPE_COMBO_BOX));
    g_assert_nonnull (kinds);
    model = gtk_combo_box_get_model (kinds);
    n_kinds = gtk_tree_model_iter_n_children (model, NULL);
    g_assert_cmpint (n_kinds, >, 0);
    for (int i = 0; i < n_kinds; i++) {
        g_autofree char *where = NULL;

        gtk_combo_box_set_active (kinds, i);
        ui_test_flush ();
        where = g_strdup_printf ("Add Hardware, %s", gtk_combo_box_get_active_id (kinds));
        a11y_audit (dialog, where);
    }
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static void
test_a11y_delete_dialog (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    GtkWidget *dialog;

    a11y_begin ();
    g_ptr_array_add (domains, ui_test_domain (connection, "many"));
    g_ptr_array_add (domains, ui_test_domain (connection, "hw-run"));
    dialog = vimana_delete_dialog_new (NULL, domains);
    gtk_widget_show (dialog);
    ui_test_wait (delete_dialog_loaded, dialog, "the guests' volumes");
    a11y_audit (dialog, "Delete");
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static void
a11y_i12rev_taken_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
    gboolean *done = user_data;
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_domain_create_snapshot_finish (VIMANA_DOMAIN (source), result, &error));
    g_assert_no_error (error);
    *done = TRUE;
}

static gboolean
a11y_i12rev_taken (gpointer data)
{
    return *(gboolean *) data;
}

/* With snapshots: the metadata check box and its note are named too. */
static void
test_a11y_delete_dialog_i12rev_snapshots (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    g_autoptr(VimanaSnapshotSpec) spec = vimana_snapshot_spec_new ("i12rev-a11y", NULL);
    VimanaDomain *domain;
    GtkWidget *dialog;
    gboolean done = FALSE;

    a11y_begin ();
    domain = ui_test_domain (connection, "many");
    vimana_domain_create_snapshot_async (domain, spec, NULL, a11y_i12rev_taken_cb, &done);
    ui_test_wait (a11y_i12rev_taken, &done, "the snapshot");
    g_ptr_array_add (domains, domain);
    dialog = vimana_delete_dialog_new (NULL, domains);
    gtk_widget_show (dialog);
    ui_test_wait (delete_dialog_loaded, dialog, "the guest's volumes and snapshots");
    g_assert_nonnull (ui_test_find_by_name (dialog, "Delete its 1 snapshot’s metadata",
                                            GTK_TYPE_CHECK_BUTTON));
    a11y_audit (dialog, "Delete");
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static gboolean
clone_dialog_loaded (gpointer data)
{
    return vimana_clone_dialog_get_loaded (data);
}

static void
test_a11y_clone_dialog (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    GtkWidget *dialog;

    a11y_begin ();
    dialog = vimana_clone_dialog_new (NULL, ui_test_domain (connection, "many"));
    gtk_widget_show (dialog);
    ui_test_wait (clone_dialog_loaded, dialog, "the source's facts");
    a11y_audit (dialog, "Clone");
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (connection);
    a11y_end ();
}

static gboolean
migrate_dialog_checked (gpointer data)
{
    return !vimana_migrate_dialog_get_checking (data);
}

static void
test_a11y_migrate_dialog (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = test_connection_open ("test:///default");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    GtkWidget *dialog;

    a11y_begin ();
    g_list_store_append (connections, source);
    g_list_store_append (connections, destination);
    g_ptr_array_add (domains, ui_test_domain (source, "many"));
    g_ptr_array_add (domains, ui_test_domain (source, "hw-run"));
    dialog = vimana_migrate_dialog_new (NULL, G_LIST_MODEL (connections), domains);
    gtk_widget_show (dialog);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    a11y_audit (dialog, "Migrate");
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
    a11y_end ();
}

static void
test_a11y_auth_dialog (void)
{
    g_autoptr(VimanaAuthRequest) request = vimana_auth_request_new ("qemu+ssh://root@host/system");
    GtkWidget *dialog;

    a11y_begin ();
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_USER_NAME, "User name", "root");
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_PASSWORD, "Password", NULL);
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_TEXT, "Realm", NULL);
    vimana_auth_request_add_prompt (request, VIMANA_AUTH_PROMPT_SECRET, "PIN", NULL);
    dialog = vimana_auth_dialog_new (NULL, request);
    gtk_widget_show (dialog);
    a11y_audit (dialog, "authentication");
    gtk_widget_destroy (dialog);
    a11y_end ();
}

static void
test_a11y_shortcuts (void)
{
    g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PREFIX "/gtk/help-overlay.ui");
    GtkWidget *window = GTK_WIDGET (gtk_builder_get_object (builder, "help_overlay"));

    a11y_begin ();
    g_assert_nonnull (window);
    /* As the application has it: GtkApplication loads the same file for each window. */
    vimana_application_name_help_overlay (GTK_WINDOW (window));
    gtk_widget_show (window);
    a11y_audit (window, "keyboard shortcuts");
    gtk_widget_destroy (window);
    a11y_end ();
}

static VimanaConnection *
a11y_open_data_node (const char *file)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", file, NULL);
    g_autofree char *abs = g_canonicalize_filename (path, NULL);
    g_autofree char *uri = g_strdup_printf ("test://%s", abs);
    VimanaConnection *connection = test_connection_open (uri);

    vimana_stats_sampler_set_interval (vimana_connection_get_sampler (connection), 0.5);
    return connection;
}

/* Reads the hosts again until the lopsided pair yields a proposal (its Apply button). */
static gboolean
a11y_hosts_proposed (gpointer data)
{
    if (vimana_hosts_window_get_n_identities (data) < 2)
        return FALSE;
    vimana_hosts_window_refresh (data);
    return vimana_hosts_window_get_proposals (data)->len > 0;
}

static void
test_a11y_hosts_window (void)
{
    g_autoptr(VimanaConnection) busy = a11y_open_data_node ("node-50.xml");
    g_autoptr(VimanaConnection) idle = a11y_open_data_node ("node-user-nic.xml");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    GtkWidget *window;

    a11y_begin ();
    g_list_store_append (connections, busy);
    g_list_store_append (connections, idle);
    window = vimana_hosts_window_new (NULL, G_LIST_MODEL (connections));
    gtk_widget_show (window);
    ui_test_wait (a11y_hosts_proposed, window, "a balance proposal");
    ui_test_flush ();
    a11y_audit (window, "Hosts");
    gtk_widget_destroy (window);
    vimana_connection_shutdown (busy);
    vimana_connection_shutdown (idle);
    a11y_end ();
}

static gboolean
a11y_recovery_known (gpointer data)
{
    return vimana_recovery_watch_get_known (vimana_recovery_watch_get (data));
}

static gboolean
a11y_recovery_planned (gpointer data)
{
    return vimana_recovery_dialog_get_n_recoverable (data) > 0;
}

/* The Recover Guests dialog with its plan shown (tests/data/recovery/: one guest each way). */
static void
test_a11y_recovery_dialog (void)
{
    g_autoptr(VimanaConnection) lost = a11y_open_data_node ("recovery/node-a.xml");
    g_autoptr(VimanaConnection) survivor = a11y_open_data_node ("recovery/node-b.xml");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    GtkWidget *dialog;

    a11y_begin ();
    g_list_store_append (connections, lost);
    g_list_store_append (connections, survivor);
    ui_test_wait (a11y_recovery_known, lost, "the lost host's guests read");
    dialog = vimana_recovery_dialog_new (NULL, G_LIST_MODEL (connections), lost);
    gtk_widget_show (dialog);
    ui_test_wait (a11y_recovery_planned, dialog, "the recovery plan");
    a11y_audit (dialog, "Recover Guests");
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (lost);
    vimana_connection_shutdown (survivor);
    a11y_end ();
}

int
main (int   argc,
      char *argv[])
{
    g_autofree char *node = NULL;
    g_autofree char *node_abs = NULL;

    ui_test_init (&argc, &argv);
    node = g_test_build_filename (G_TEST_DIST, "data", "node-hardware.xml", NULL);
    node_abs = g_canonicalize_filename (node, NULL);
    g_setenv ("VIMANA_TEST_NODE", node_abs, TRUE);

    g_test_add_func ("/a11y/main-window", test_a11y_main_window);
    g_test_add_func ("/a11y/details-window", test_a11y_details_window);
    g_test_add_func ("/a11y/running-guest", test_a11y_running_guest);
    g_test_add_func ("/a11y/host-window", test_a11y_host_window);
    g_test_add_func ("/a11y/hosts-window", test_a11y_hosts_window);
    g_test_add_func ("/a11y/preferences", test_a11y_preferences);
    g_test_add_func ("/a11y/add-connection", test_a11y_add_connection);
    g_test_add_func ("/a11y/new-vm", test_a11y_new_vm);
    g_test_add_func ("/a11y/add-hardware", test_a11y_add_hardware);
    g_test_add_func ("/a11y/delete-dialog", test_a11y_delete_dialog);
    g_test_add_func ("/a11y/delete-dialog-i12rev-snapshots",
                     test_a11y_delete_dialog_i12rev_snapshots);
    g_test_add_func ("/a11y/auth-dialog", test_a11y_auth_dialog);
    g_test_add_func ("/a11y/migrate-dialog", test_a11y_migrate_dialog);
    g_test_add_func ("/a11y/recovery-dialog", test_a11y_recovery_dialog);
    g_test_add_func ("/a11y/clone-dialog", test_a11y_clone_dialog);
    g_test_add_func ("/a11y/shortcuts", test_a11y_shortcuts);

    return g_test_run ();
}
