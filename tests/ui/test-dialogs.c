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
#include "vimana-domain-actions.h"
#include "vimana-error-bar.h"
#include "vimana-clone-dialog.h"
#include "vimana-migrate-dialog.h"
#include "vimana-migrate-host.h"
#include "vimana-migration-check.h"
#include "vimana-preferences-window.h"
#include "vimana-snapshot.h"

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

typedef struct
{
    gboolean done;
    gboolean ok;
} I12revTake;

static void
i12rev_taken_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    I12revTake *take = user_data;
    g_autoptr(GError) error = NULL;

    take->ok = vimana_domain_create_snapshot_finish (VIMANA_DOMAIN (source), result, &error);
    g_assert_no_error (error);
    take->done = TRUE;
}

static gboolean
i12rev_taken (gpointer data)
{
    return ((I12revTake *) data)->done;
}

/* A guest with snapshots: their metadata is offered, checked, and unchecking it says why the
 * deletion would fail; the guest then goes with them. */
static void
test_delete_dialog_i12rev_snapshots (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(VimanaDomain) domain = g_object_ref (ui_test_domain (connection, "off-05"));
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    g_auto(GStrv) files = NULL;
    GtkWidget *dialog;
    GtkWidget *check;
    GtkWidget *note;

    for (guint i = 0; i < 2; i++) {
        g_autofree char *name = g_strdup_printf ("i12rev-s%u", i);
        g_autoptr(VimanaSnapshotSpec) spec = vimana_snapshot_spec_new (name, NULL);
        I12revTake take = { 0 };

        vimana_domain_create_snapshot_async (domain, spec, NULL, i12rev_taken_cb, &take);
        ui_test_wait (i12rev_taken, &take, "the snapshot");
        g_assert_true (take.ok);
    }

    g_ptr_array_add (domains, domain);
    dialog = vimana_delete_dialog_new (NULL, domains);
    gtk_widget_show (dialog);
    ui_test_wait (delete_dialog_loaded, dialog, "the guest's volumes and snapshots");
    ui_test_screenshot (dialog, "delete-dialog-snapshots");

    check = ui_test_find_by_name (dialog, "Delete its 2 snapshots’ metadata", GTK_TYPE_CHECK_BUTTON);
    g_assert_nonnull (check);
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (check)));
    g_assert_true (vimana_delete_dialog_get_snapshot_metadata (VIMANA_DELETE_DIALOG (dialog),
                                                               domain));
    /* Internal snapshots made no files. */
    files = vimana_delete_dialog_get_snapshot_files (VIMANA_DELETE_DIALOG (dialog), domain);
    g_assert_cmpuint (g_strv_length (files), ==, 0);

    note = ui_test_find_by_name (dialog, "libvirt refuses to delete a guest that still has "
                                         "snapshots: without their metadata, deleting this guest fails.",
                                 GTK_TYPE_LABEL);
    g_assert_nonnull (note);
    g_assert_false (gtk_widget_get_visible (note));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), FALSE);
    g_assert_true (gtk_widget_get_visible (note));
    g_assert_false (vimana_delete_dialog_get_snapshot_metadata (VIMANA_DELETE_DIALOG (dialog),
                                                                domain));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), TRUE);
    g_assert_false (gtk_widget_get_visible (note));

    vimana_domain_delete_full_async (domain, NULL,
                                     vimana_delete_dialog_get_snapshot_metadata (
                                         VIMANA_DELETE_DIALOG (dialog), domain),
                                     (const char * const *) files, NULL, NULL, NULL);
    ui_test_wait (domain_removed, domain, "the guest to be deleted");
    gtk_widget_destroy (dialog);
    g_assert_null (vimana_connection_find_domain_by_name (connection, "off-05"));
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

/* Shows the remote fields of a fresh dialog. */
static GtkWidget *
add_connection_remote (void)
{
    GtkWidget *dialog = vimana_add_connection_dialog_new (NULL);
    GtkWidget *hypervisor;
    GtkWidget *remote;

    gtk_widget_show (dialog);
    hypervisor = ui_test_find_by_name (dialog, "Hypervisor", GTK_TYPE_COMBO_BOX);
    remote = ui_test_find_by_name (dialog, "Connect to a remote host", GTK_TYPE_CHECK_BUTTON);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (hypervisor), "qemu-system");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (remote), TRUE);
    ui_test_flush ();
    return dialog;
}

/* Returns: the text of the label that carries the dialog's field messages */
static const char *
add_connection_message (GtkWidget *widget)
{
    const char *message = NULL;
    GList *children;

    if (GTK_IS_LABEL (widget) &&
        gtk_style_context_has_class (gtk_widget_get_style_context (widget), "vimana-field-error"))
        return gtk_label_get_text (GTK_LABEL (widget));
    if (!GTK_IS_CONTAINER (widget))
        return NULL;
    children = gtk_container_get_children (GTK_CONTAINER (widget));
    for (GList *l = children; l != NULL && message == NULL; l = l->next)
        message = add_connection_message (l->data);
    g_list_free (children);
    return message;
}

/* Defect 4 (issue 11): what is typed as a host, port or user cannot become URI syntax. */
static void
test_add_connection_host_checked (void)
{
    GtkWidget *dialog = add_connection_remote ();
    VimanaAddConnectionDialog *self = VIMANA_ADD_CONNECTION_DIALOG (dialog);
    GtkWidget *connect = ui_test_find_by_name (dialog, "Connect", GTK_TYPE_BUTTON);
    GtkWidget *host = ui_test_find_by_name (dialog, "Host name", GTK_TYPE_ENTRY);
    GtkWidget *port = ui_test_find_by_name (dialog, "Port", GTK_TYPE_ENTRY);
    GtkWidget *user = ui_test_find_by_name (dialog, "User name", GTK_TYPE_ENTRY);
    static const char * const hostile[] = {
        "localhost?command=/path/prog&x=", "host/extra", "host#frag", "h?socket=/x", NULL
    };

    g_assert_nonnull (port);
    g_assert_nonnull (user);
    for (guint i = 0; hostile[i] != NULL; i++) {
        gtk_entry_set_text (GTK_ENTRY (host), hostile[i]);
        ui_test_flush ();
        g_assert_false (gtk_widget_is_sensitive (connect));
        g_assert_true (looks_refused (host));
        g_assert_null (vimana_add_connection_dialog_get_uri (self));
    }
    ui_test_screenshot (dialog, "add-connection-hostile-host");

    /* host:2222 is told where the port goes, rather than "Invalid IPv6 address". */
    gtk_entry_set_text (GTK_ENTRY (host), "host:2222");
    ui_test_flush ();
    g_assert_true (looks_refused (host));
    g_assert_nonnull (strstr (add_connection_message (dialog), "Port field"));

    gtk_entry_set_text (GTK_ENTRY (host), "host");
    gtk_entry_set_text (GTK_ENTRY (port), "70000");
    ui_test_flush ();
    g_assert_true (looks_refused (port));
    g_assert_false (looks_refused (host));
    g_assert_false (gtk_widget_is_sensitive (connect));
    gtk_entry_set_text (GTK_ENTRY (port), "2222");
    gtk_entry_set_text (GTK_ENTRY (user), "me?command=/bin/sh");
    ui_test_flush ();
    g_assert_true (looks_refused (user));
    g_assert_false (looks_refused (port));
    g_assert_false (gtk_widget_is_sensitive (connect));

    gtk_entry_set_text (GTK_ENTRY (user), "me");
    ui_test_flush ();
    g_assert_true (gtk_widget_is_sensitive (connect));
    g_assert_false (looks_refused (user));
    g_assert_cmpstr (vimana_add_connection_dialog_get_uri (self), ==,
                     "qemu+ssh://me@host:2222/system");
    gtk_widget_destroy (dialog);
}

static void
add_connection_chosen_cb (VimanaAddConnectionDialog *dialog,
                          const char                *uri,
                          gboolean                   autoconnect,
                          gpointer                   user_data)
{
    char **chosen = user_data;

    g_free (*chosen);
    *chosen = g_strdup (uri);
}

/* Defect 4 (issue 11): a custom URI with command= says what it does and is asked about once. */
static void
test_add_connection_risky_uri (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    const char *uri = "qemu+ssh://localhost/system?command=/path/prog&x=";
    g_autofree char *chosen = NULL;
    g_auto(GStrv) trusted = NULL;
    GtkWidget *dialog;
    GtkWidget *connect;
    GtkWidget *risk;
    GtkWidget *trust;

    g_settings_reset (settings, "trusted-uris");
    dialog = vimana_add_connection_dialog_new (NULL);
    g_signal_connect (dialog, "connection-chosen", G_CALLBACK (add_connection_chosen_cb), &chosen);
    gtk_widget_show (dialog);
    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog), uri);
    ui_test_flush ();
    connect = ui_test_find_by_name (dialog, "Connect", GTK_TYPE_BUTTON);
    risk = ui_test_find_by_name (dialog, "What this URI does", GTK_TYPE_LABEL);
    trust = ui_test_find_by_name (dialog, "I trust this URI", GTK_TYPE_CHECK_BUTTON);
    g_assert_nonnull (risk);
    g_assert_nonnull (trust);
    g_assert_true (gtk_widget_get_visible (risk));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (risk)), "/path/prog"));
    g_assert_false (gtk_widget_is_sensitive (connect));
    ui_test_screenshot (dialog, "add-connection-risky-uri");

    /* Connect stays refused until the user says yes. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_null (chosen);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (trust), TRUE);
    ui_test_flush ();
    g_assert_true (gtk_widget_is_sensitive (connect));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_cmpstr (chosen, ==, uri);
    trusted = g_settings_get_strv (settings, "trusted-uris");
    g_assert_true (g_strv_contains ((const char * const *) trusted, uri));
    gtk_widget_destroy (dialog);

    /* Asked once: the same URI again goes straight through; another one is asked about. */
    dialog = vimana_add_connection_dialog_new (NULL);
    gtk_widget_show (dialog);
    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog), uri);
    ui_test_flush ();
    connect = ui_test_find_by_name (dialog, "Connect", GTK_TYPE_BUTTON);
    risk = ui_test_find_by_name (dialog, "What this URI does", GTK_TYPE_LABEL);
    g_assert_false (gtk_widget_get_visible (risk));
    g_assert_true (gtk_widget_is_sensitive (connect));
    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog),
                                          "qemu+unix:///system?socket=/tmp/other.sock");
    ui_test_flush ();
    g_assert_true (gtk_widget_get_visible (risk));
    g_assert_false (gtk_widget_is_sensitive (connect));
    gtk_widget_destroy (dialog);
    g_settings_reset (settings, "trusted-uris");
}

typedef struct
{
    GtkWidget        *dialog;
    VimanaConnection *tried;
    VimanaConnection *kept;
    VimanaConnection *dropped;
    int               response;
} TrialRecord;

static void
trial_chosen_cb (VimanaAddConnectionDialog *dialog,
                 const char                *uri,
                 gboolean                   autoconnect,
                 gpointer                   user_data)
{
    TrialRecord *record = user_data;

    /* As the main window does: list it unsaved, open it, let the dialog watch it. */
    g_clear_object (&record->tried);
    record->tried = vimana_connection_new (uri);
    vimana_connection_open (record->tried);
    vimana_add_connection_dialog_try (dialog, record->tried);
}

static void
trial_kept_cb (VimanaAddConnectionDialog *dialog,
               VimanaConnection          *connection,
               gboolean                   autoconnect,
               gpointer                   user_data)
{
    TrialRecord *record = user_data;

    g_set_object (&record->kept, connection);
}

static void
trial_dropped_cb (VimanaAddConnectionDialog *dialog,
                  VimanaConnection          *connection,
                  gpointer                   user_data)
{
    TrialRecord *record = user_data;

    g_set_object (&record->dropped, connection);
}

static void
trial_response_cb (GtkDialog *dialog,
                   int        response,
                   gpointer   user_data)
{
    TrialRecord *record = user_data;

    record->response = response;
}

static GtkWidget *
trial_dialog_new (TrialRecord *record,
                  const char  *uri)
{
    GtkWidget *dialog = vimana_add_connection_dialog_new (NULL);

    record->dialog = dialog;
    record->response = GTK_RESPONSE_NONE;
    g_signal_connect (dialog, "connection-chosen", G_CALLBACK (trial_chosen_cb), record);
    g_signal_connect (dialog, "connection-kept", G_CALLBACK (trial_kept_cb), record);
    g_signal_connect (dialog, "connection-dropped", G_CALLBACK (trial_dropped_cb), record);
    g_signal_connect (dialog, "response", G_CALLBACK (trial_response_cb), record);
    gtk_widget_show (dialog);
    vimana_add_connection_dialog_set_uri (VIMANA_ADD_CONNECTION_DIALOG (dialog), uri);
    ui_test_flush ();
    return dialog;
}

static gboolean
trial_failed (gpointer data)
{
    TrialRecord *record = data;
    const char *message = add_connection_message (record->dialog);

    return message != NULL && strstr (message, "Could not connect") != NULL;
}

static gboolean
trial_answered (gpointer data)
{
    return ((TrialRecord *) data)->response != GTK_RESPONSE_NONE;
}

static void
trial_record_clear (TrialRecord *record)
{
    if (record->tried != NULL)
        vimana_connection_shutdown (record->tried);
    g_clear_object (&record->tried);
    g_clear_object (&record->kept);
    g_clear_object (&record->dropped);
}

/* Issue 17 item 2: a connection that cannot open is not saved silently; the reason is shown
 * in the dialog, which asks whether to keep it. */
static void
test_add_connection_tries_first (void)
{
    g_autofree char *missing = g_build_filename (g_get_tmp_dir (), "vimana-no-such-node",
                                                 "node.xml", NULL);
    g_autofree char *uri = g_strconcat ("test://", missing, NULL);
    TrialRecord record = { 0 };
    GtkWidget *dialog = trial_dialog_new (&record, uri);
    GtkWidget *keep = ui_test_find_by_name (dialog, "Keep Anyway", GTK_TYPE_BUTTON);
    GtkWidget *custom = ui_test_find_by_name (dialog, "Custom URI", GTK_TYPE_ENTRY);

    g_assert_nonnull (keep);
    g_assert_false (gtk_widget_get_visible (keep));
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    g_assert_nonnull (record.tried);
    ui_test_wait (trial_failed, &record, "the failed attempt's reason in the dialog");
    /* Still open, nothing kept, the reason beside the URI and the choice offered. */
    g_assert_cmpint (record.response, ==, GTK_RESPONSE_NONE);
    g_assert_null (record.kept);
    g_assert_true (looks_refused (custom));
    g_assert_true (gtk_widget_get_visible (keep));
    g_test_message ("said: %s", add_connection_message (dialog));
    g_assert_nonnull (strstr (add_connection_message (dialog), vimana_connection_get_message (record.tried)));
    ui_test_screenshot (dialog, "add-connection-failed");

    /* Connect again tries the same connection again, and fails the same way. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    ui_test_wait (trial_failed, &record, "the second attempt's reason");
    g_assert_cmpint (record.response, ==, GTK_RESPONSE_NONE);

    /* Cancel: the connection tried is dropped. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_assert_true (record.dropped == record.tried);
    g_assert_null (record.kept);
    gtk_widget_destroy (dialog);
    trial_record_clear (&record);

    /* Keep Anyway keeps it, as the user said. */
    dialog = trial_dialog_new (&record, uri);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    ui_test_wait (trial_failed, &record, "the failed attempt's reason in the dialog");
    gtk_dialog_response (GTK_DIALOG (dialog), VIMANA_ADD_CONNECTION_RESPONSE_KEEP);
    g_assert_true (record.kept == record.tried);
    g_assert_null (record.dropped);
    g_assert_cmpint (record.response, ==, VIMANA_ADD_CONNECTION_RESPONSE_KEEP);
    gtk_widget_destroy (dialog);
    trial_record_clear (&record);

    /* A connection that opens is kept and the dialog answers by itself. */
    dialog = trial_dialog_new (&record, "test:///default");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    ui_test_wait (trial_answered, &record, "the dialog to close on a connection that opened");
    g_assert_cmpint (record.response, ==, GTK_RESPONSE_ACCEPT);
    g_assert_true (record.kept == record.tried);
    g_assert_null (record.dropped);
    gtk_widget_destroy (dialog);
    trial_record_clear (&record);
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

/* "1 second", not "1 seconds": the unit after a number agrees with it. */
static void
test_preferences_plural_units (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    GtkWidget *window;
    GtkWidget *entry;
    GtkWidget *unit;

    g_settings_set_double (settings, "stats-interval", 1.0);
    g_settings_set_int (settings, "history-length", 60);
    window = vimana_preferences_window_new (NULL, settings);
    gtk_widget_show (window);
    g_assert_nonnull (ui_test_find_by_name (window, "minute", GTK_TYPE_LABEL));

    /* The unit after the interval's field (the recovery delay's says "seconds" too). */
    entry = ui_test_find_by_name (window, "Time between samples", GTK_TYPE_ENTRY);
    g_assert_nonnull (entry);
    unit = gtk_grid_get_child_at (GTK_GRID (gtk_widget_get_parent (entry)), 2, 0);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (unit)), ==, "second");
    gtk_entry_set_text (GTK_ENTRY (entry), "2");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpfloat (g_settings_get_double (settings, "stats-interval"), ==, 2.0);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (unit)), ==, "seconds");
    gtk_entry_set_text (GTK_ENTRY (entry), "0.5");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (unit)), ==, "seconds");

    gtk_widget_destroy (window);
    g_settings_reset (settings, "stats-interval");
    g_settings_reset (settings, "history-length");
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
clone_dialog_loaded (gpointer data)
{
    return vimana_clone_dialog_get_loaded (data);
}

static gboolean
clone_dialog_done (gpointer data)
{
    return !vimana_clone_dialog_get_running (data);
}

static gboolean
label_showing (GtkWidget  *root,
               const char *text)
{
    GtkWidget *label = ui_test_find_by_name (root, text, GTK_TYPE_LABEL);

    return label != NULL && gtk_widget_get_visible (label);
}

/* disks-01 of the node file (two disks in "default", 28 GiB written; 52 GiB free): the
 * suggested name, a taken and a bad name refused under the field, two copies that do not fit
 * said under Copies, then one clone made by the test driver, with its result line. */
static void
test_clone_dialog (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaDomain *domain = ui_test_domain (connection, "disks-01");
    g_autoptr(GString) texts = g_string_new (NULL);
    g_autoptr(GPtrArray) domains = NULL;
    g_auto(GStrv) keys = NULL;
    GtkWidget *dialog, *name, *count, *clone, *result;

    dialog = vimana_clone_dialog_new (NULL, domain);
    gtk_widget_show (dialog);
    ui_test_wait (clone_dialog_loaded, dialog, "the source's facts");
    ui_test_flush ();
    name = ui_test_find_by_name (dialog, "Name", GTK_TYPE_ENTRY);
    count = ui_test_find_by_name (dialog, "Copies", GTK_TYPE_SPIN_BUTTON);
    clone = ui_test_find_by_name (dialog, "Clone", GTK_TYPE_BUTTON);
    g_assert_nonnull (name);
    g_assert_nonnull (count);
    g_assert_nonnull (clone);
    g_assert_nonnull (ui_test_find_by_name (dialog, "What becomes of vda", GTK_TYPE_COMBO_BOX));
    g_assert_nonnull (ui_test_find_by_name (dialog, "What becomes of vdb", GTK_TYPE_COMBO_BOX));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (name)), ==, "disks-01-clone");
    g_assert_true (gtk_widget_get_sensitive (clone));
    ui_test_screenshot (dialog, "clone-dialog");

    gtk_entry_set_text (GTK_ENTRY (name), "run-01");
    ui_test_flush ();
    g_assert_true (label_showing (dialog, "A guest “run-01” already exists: choose another name."));
    g_assert_false (gtk_widget_get_sensitive (clone));
    gtk_entry_set_text (GTK_ENTRY (name), "a/b");
    ui_test_flush ();
    g_assert_false (gtk_widget_get_sensitive (clone));
    gtk_entry_set_text (GTK_ENTRY (name), "disks-01-copy");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (count), 2);
    ui_test_flush ();
    g_assert_false (gtk_widget_get_sensitive (clone));
    collect_label_texts (dialog, texts);
    g_assert_nonnull (strstr (texts->str, "The storage pool “default” has "));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (count), 1);
    ui_test_flush ();
    g_assert_true (gtk_widget_get_sensitive (clone));

    gtk_button_clicked (GTK_BUTTON (clone));
    ui_test_wait (clone_dialog_done, dialog, "the clone");
    ui_test_flush ();
    result = ui_test_find_by_name (dialog, "Result of disks-01-copy", GTK_TYPE_LABEL);
    g_assert_nonnull (result);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result)), ==, "Made.");
    ui_test_screenshot (dialog, "clone-dialog-made");
    gtk_widget_destroy (dialog);

    /* A linked clone of vda: disks-01 becomes its base, and deleting it says so and keeps
     * its images unless the user checks them. */
    dialog = vimana_clone_dialog_new (NULL, domain);
    gtk_widget_show (dialog);
    ui_test_wait (clone_dialog_loaded, dialog, "the source's facts");
    gtk_entry_set_text (GTK_ENTRY (ui_test_find_by_name (dialog, "Name", GTK_TYPE_ENTRY)),
                        "disks-01-linked");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (ui_test_find_by_name (dialog, "What becomes of vda",
                                                                      GTK_TYPE_COMBO_BOX)), "linked");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (ui_test_find_by_name (dialog, "What becomes of vdb",
                                                                      GTK_TYPE_COMBO_BOX)), "skip");
    ui_test_flush ();
    clone = ui_test_find_by_name (dialog, "Clone", GTK_TYPE_BUTTON);
    g_assert_true (gtk_widget_get_sensitive (clone));
    gtk_button_clicked (GTK_BUTTON (clone));
    ui_test_wait (clone_dialog_done, dialog, "the linked clone");
    result = ui_test_find_by_name (dialog, "Result of disks-01-linked", GTK_TYPE_LABEL);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (result)), ==, "Made.");
    gtk_widget_destroy (dialog);

    domains = g_ptr_array_new ();
    g_ptr_array_add (domains, domain);
    dialog = vimana_delete_dialog_new (NULL, domains);
    gtk_widget_show (dialog);
    ui_test_wait (delete_dialog_loaded, dialog, "the guest's volumes");
    ui_test_flush ();
    g_string_truncate (texts, 0);
    collect_label_texts (dialog, texts);
    g_test_message ("%s", texts->str);
    g_assert_nonnull (strstr (texts->str, "The linked clone disks-01-linked reads its disk"));
    keys = vimana_delete_dialog_get_volume_keys (VIMANA_DELETE_DIALOG (dialog), domain);
    g_assert_true (keys == NULL || keys[0] == NULL);
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (connection);
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

/* A second connection to the source's own host (here the same node under a second connection)
 * is not offered, and the dialog says why; another host still is. */
static void
test_migrate_dialog_same_host (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) again = ui_test_open_node ();
    g_autoptr(VimanaConnection) other = test_connection_open ("test:///default");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    g_autoptr(GString) texts = g_string_new (NULL);
    GtkWidget *dialog;
    GtkWidget *combo;
    g_autofree char *expected = NULL;

    g_list_store_append (connections, source);
    g_list_store_append (connections, again);
    g_list_store_append (connections, other);
    g_ptr_array_add (domains, ui_test_domain (source, "run-01"));
    dialog = vimana_migrate_dialog_new (NULL, G_LIST_MODEL (connections), domains);
    gtk_widget_show (dialog);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks and the hosts");
    ui_test_flush ();

    combo = find_by_id (dialog, "destination_combo");
    g_assert_nonnull (combo);
    g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_combo_box_get_model (GTK_COMBO_BOX (combo)),
                                                     NULL), ==, 1);
    g_assert_cmpint (gtk_combo_box_get_active (GTK_COMBO_BOX (combo)), ==, 0);
    collect_label_texts (dialog, texts);
    g_test_message ("%s", texts->str);
    expected = g_strdup_printf ("%s is not offered: it is the same host as %s",
                                vimana_connection_get_display_name (again),
                                vimana_connection_get_display_name (source));
    g_assert_nonnull (strstr (texts->str, expected));
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (again);
    vimana_connection_shutdown (other);
}

/* Evacuate Host offers every running guest of the connection, live and kept where it goes;
 * Return Guests says when nothing was evacuated from a host. */
static void
test_migrate_dialog_evacuate (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) other = test_connection_open ("test:///default");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GString) texts = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    GListModel *domains = vimana_connection_get_domains (source);
    GtkWidget *dialog;
    guint running = 0;

    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        running += vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_RUNNING;
    }
    g_assert_cmpuint (running, >, 1);
    g_list_store_append (connections, source);
    g_list_store_append (connections, other);
    dialog = vimana_migrate_host_evacuate (NULL, G_LIST_MODEL (connections), source, &error);
    g_assert_no_error (error);
    g_assert_nonnull (dialog);
    gtk_widget_show (dialog);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Evacuate Host");
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_by_id (dialog, "live_check"))));
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find_by_id (dialog, "persist_check"))));
    collect_label_texts (dialog, texts);
    g_assert_nonnull (strstr (texts->str, "run-01"));
    g_assert_nonnull (strstr (texts->str, "two at a time"));
    gtk_widget_destroy (dialog);

    g_assert_null (vimana_migrate_host_return (NULL, G_LIST_MODEL (connections), other, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "No guest was evacuated from"));
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (other);
}

/* Evacuate Host's "Spread over the hosts": each guest gets one destination by the balance
 * rules (which one depends on the test driver's made-up loads; test-balance checks the
 * placement itself), a checklist line says which, and each migration goes where its line said
 * (the test driver then refuses it, naming the destination). */
static void
test_migrate_dialog_spread (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) first = test_connection_open ("test:///default");
    g_autofree char *folder = g_path_get_dirname (g_getenv ("VIMANA_TEST_NODE"));
    g_autofree char *uri = g_strdup_printf ("test://%s/node-user-nic.xml", folder);
    g_autoptr(VimanaConnection) second = test_connection_open (uri);
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    const char *names[] = { "run-01", "run-02", "run-03" };
    VimanaConnection *sent[G_N_ELEMENTS (names)];
    g_autofree char *active = NULL;
    GtkWidget *dialog;
    GtkWidget *combo;
    GtkWidget *checks;
    GtkWidget *migrate;

    g_list_store_append (connections, source);
    g_list_store_append (connections, first);
    g_list_store_append (connections, second);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_ptr_array_add (domains, ui_test_domain (source, names[i]));
    dialog = vimana_migrate_dialog_new (NULL, G_LIST_MODEL (connections), domains);
    vimana_migrate_dialog_set_purpose (VIMANA_MIGRATE_DIALOG (dialog),
                                       VIMANA_MIGRATE_PURPOSE_EVACUATE, NULL);
    gtk_widget_show (dialog);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks and the hosts");
    combo = find_by_id (dialog, "destination_combo");
    g_assert_cmpint (gtk_tree_model_iter_n_children (gtk_combo_box_get_model (GTK_COMBO_BOX (combo)),
                                                     NULL), ==, 3);
    gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 2);
    active = gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (combo));
    g_assert_cmpstr (active, ==, "Spread over the hosts (balance rules)");
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    ui_test_flush ();

    checks = ui_test_find_by_name (dialog, "Pre-flight checks", GTK_TYPE_LIST_BOX);
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *on_first = g_strdup_printf ("Ready: %s goes to %s.", names[i],
                                                     vimana_migration_get_host_name (first));
        g_autofree char *on_second = g_strdup_printf ("Ready: %s goes to %s.", names[i],
                                                      vimana_migration_get_host_name (second));
        gboolean a = ui_test_find_by_name (checks, on_first, GTK_TYPE_LIST_BOX_ROW) != NULL;
        gboolean b = ui_test_find_by_name (checks, on_second, GTK_TYPE_LIST_BOX_ROW) != NULL;

        g_test_message ("%s: %s", names[i], a ? on_first : b ? on_second : "no line");
        g_assert_true (a != b);
        sent[i] = a ? first : second;
    }

    /* Red lines (the disks are in no pool there): Migrate anyway; each goes where it was sent. */
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find_by_id (dialog, "unsafe_check")), TRUE);
    ui_test_wait (migrate_dialog_checked, dialog, "the pre-flight checks");
    migrate = ui_test_find_by_name (dialog, "Migrate", GTK_TYPE_BUTTON);
    g_assert_true (gtk_widget_get_sensitive (migrate));
    gtk_button_clicked (GTK_BUTTON (migrate));
    ui_test_wait (migrate_dialog_done, dialog, "the migrations");
    ui_test_flush ();
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        GtkWidget *row = ui_test_find_by_name (dialog, names[i], GTK_TYPE_LIST_BOX_ROW);
        g_autoptr(GString) texts = g_string_new (NULL);
        g_autofree char *expected = g_strdup_printf ("“%s” could not be migrated to %s.", names[i],
                                                     vimana_migration_get_host_name (sent[i]));

        g_assert_nonnull (row);
        collect_label_texts (row, texts);
        g_test_message ("%s", texts->str);
        g_assert_nonnull (strstr (texts->str, expected));
    }
    gtk_widget_destroy (dialog);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (first);
    vimana_connection_shutdown (second);
}

static gboolean
i12fin_removed (gpointer data)
{
    return vimana_domain_get_removed (data);
}

static gboolean
i12fin_delete_dialog_shown (gpointer data)
{
    return ui_test_find_toplevel (VIMANA_TYPE_DELETE_DIALOG) != NULL;
}

/* With the confirmation turned off, a guest without snapshots goes at once, but one with
 * snapshots still gets the Delete dialog: their metadata and files are at stake. */
static void
test_delete_unconfirmed_i12fin_snapshots (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(VimanaDomain) plain = g_object_ref (ui_test_domain (connection, "off-06"));
    g_autoptr(VimanaDomain) kept = g_object_ref (ui_test_domain (connection, "off-07"));
    g_autoptr(VimanaSnapshotSpec) spec = vimana_snapshot_spec_new ("i12fin-s1", NULL);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    GtkWidget *bar = g_object_ref_sink (vimana_error_bar_new ());
    I12revTake take = { 0 };
    GtkWidget *dialog;

    g_settings_set_boolean (settings, "confirm-delete", FALSE);
    vimana_domain_create_snapshot_async (kept, spec, NULL, i12rev_taken_cb, &take);
    ui_test_wait (i12rev_taken, &take, "the snapshot");
    g_assert_true (take.ok);

    g_ptr_array_add (domains, plain);
    vimana_domain_actions_run (NULL, VIMANA_ERROR_BAR (bar), settings, domains,
                               VIMANA_DOMAIN_ACTION_DELETE);
    ui_test_wait (i12fin_removed, plain, "the guest without snapshots to go");
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_DELETE_DIALOG));

    g_ptr_array_set_size (domains, 0);
    g_ptr_array_add (domains, kept);
    vimana_domain_actions_run (NULL, VIMANA_ERROR_BAR (bar), settings, domains,
                               VIMANA_DOMAIN_ACTION_DELETE);
    ui_test_wait (i12fin_delete_dialog_shown, NULL, "the Delete dialog");
    dialog = ui_test_find_toplevel (VIMANA_TYPE_DELETE_DIALOG);
    ui_test_wait (delete_dialog_loaded, dialog, "the guest's volumes and snapshots");
    g_assert_nonnull (ui_test_find_by_name (dialog, "Delete its 1 snapshot’s metadata",
                                            GTK_TYPE_CHECK_BUTTON));
    ui_test_screenshot (dialog, "delete-unconfirmed-snapshots");
    /* Cancel: the guest stays. */
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    ui_test_flush ();
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_DELETE_DIALOG));
    g_assert_false (vimana_domain_get_removed (kept));
    g_assert_nonnull (vimana_connection_find_domain_by_name (connection, "off-07"));

    g_settings_reset (settings, "confirm-delete");
    gtk_widget_destroy (bar);
    g_object_unref (bar);
    vimana_connection_shutdown (connection);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/delete-dialog/lists-volumes", test_delete_dialog_lists_volumes);
    g_test_add_func ("/ui/delete-dialog/no-storage", test_delete_dialog_no_storage);
    g_test_add_func ("/ui/delete-dialog/i12rev-snapshots", test_delete_dialog_i12rev_snapshots);
    g_test_add_func ("/ui/delete-dialog/i12fin-unconfirmed-snapshots",
                     test_delete_unconfirmed_i12fin_snapshots);
    g_test_add_func ("/ui/add-connection/validates", test_add_connection_validates);
    g_test_add_func ("/ui/add-connection/host-checked", test_add_connection_host_checked);
    g_test_add_func ("/ui/add-connection/risky-uri", test_add_connection_risky_uri);
    g_test_add_func ("/ui/add-connection/tries-first", test_add_connection_tries_first);
    g_test_add_func ("/ui/preferences/change-settings", test_preferences_change_settings);
    g_test_add_func ("/ui/preferences/release-keys", test_preferences_release_keys);
    g_test_add_func ("/ui/preferences/plural-units", test_preferences_plural_units);
    g_test_add_func ("/ui/migrate-dialog", test_migrate_dialog);
    g_test_add_func ("/ui/migrate-dialog/same-host", test_migrate_dialog_same_host);
    g_test_add_func ("/ui/migrate-dialog/evacuate", test_migrate_dialog_evacuate);
    g_test_add_func ("/ui/migrate-dialog/spread", test_migrate_dialog_spread);
    g_test_add_func ("/ui/clone-dialog", test_clone_dialog);

    return g_test_run ();
}
