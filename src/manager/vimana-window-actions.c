/* vimana-window-actions.c: what the main window's toolbar, menus and shortcuts do
 *
 * Guest actions come from vimana-domain-actions.c and act on the selection. Each toolbar
 * button's tooltip says what it does, or why it cannot act on the selection now.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vimana-add-connection-dialog.h"
#include "vimana-application.h"
#include "vimana-details-window.h"
#include "vimana-domain-actions.h"
#include "vimana-new-vm-assistant.h"
#include "vimana-uri.h"
#include "vimana-window-private.h"

/* ---- target of the guest actions ---- */

static GPtrArray *
vimana_window_get_domains (gpointer owner)
{
    return vimana_domain_view_get_selected_domains (VIMANA_WINDOW (owner)->domain_view);
}

static VimanaErrorBar *
vimana_window_target_error_bar (gpointer owner)
{
    return VIMANA_WINDOW (owner)->error_bar;
}

static GSettings *
vimana_window_target_settings (gpointer owner)
{
    return VIMANA_WINDOW (owner)->settings;
}

static const VimanaDomainActionsTarget vimana_window_target = {
    .get_domains = vimana_window_get_domains,
    .get_error_bar = vimana_window_target_error_bar,
    .get_settings = vimana_window_target_settings,
};

/* ---- connection actions ---- */

static VimanaApplication *
vimana_window_get_app (VimanaWindow *self)
{
    return VIMANA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* Connect in Add Connection: the connection is listed and tried, but saved only once it
 * connected or the user chose to keep it (issue 17: no silent save of a URI that cannot work). */
static void
vimana_window_connection_chosen_cb (VimanaAddConnectionDialog *dialog,
                                    const char                *uri,
                                    gboolean                   autoconnect,
                                    gpointer                   user_data)
{
    VimanaWindow *self = user_data;
    VimanaApplication *app = vimana_window_get_app (self);
    VimanaConnection *connection = vimana_application_lookup_connection (app, uri);

    if (connection != NULL) {
        /* Already listed (and saved): show it, there is nothing to try. */
        vimana_domain_view_select (self->domain_view, G_OBJECT (connection), FALSE);
        return;
    }
    connection = vimana_application_add_connection (app, uri, FALSE, autoconnect);
    if (connection == NULL)
        return;
    vimana_connection_open (connection);
    vimana_domain_view_select (self->domain_view, G_OBJECT (connection), FALSE);
    vimana_add_connection_dialog_try (dialog, connection);
}

static void
vimana_window_connection_kept_cb (VimanaAddConnectionDialog *dialog,
                                  VimanaConnection          *connection,
                                  gboolean                   autoconnect,
                                  gpointer                   user_data)
{
    VimanaWindow *self = user_data;

    vimana_application_add_connection (vimana_window_get_app (self),
                                       vimana_connection_get_uri (connection), TRUE, autoconnect);
}

static void
vimana_window_connection_dropped_cb (VimanaAddConnectionDialog *dialog,
                                     VimanaConnection          *connection,
                                     gpointer                   user_data)
{
    VimanaWindow *self = user_data;

    vimana_application_remove_connection (vimana_window_get_app (self), connection);
}

static void
vimana_window_add_connection_response_cb (GtkDialog *dialog,
                                          int        response,
                                          gpointer   user_data)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

void
vimana_window_show_add_connection (VimanaWindow *self)
{
    GtkWidget *dialog;

    g_return_if_fail (VIMANA_IS_WINDOW (self));

    dialog = vimana_add_connection_dialog_new (GTK_WINDOW (self));
    g_signal_connect_object (dialog, "connection-chosen",
                             G_CALLBACK (vimana_window_connection_chosen_cb), self, 0);
    g_signal_connect_object (dialog, "connection-kept",
                             G_CALLBACK (vimana_window_connection_kept_cb), self, 0);
    g_signal_connect_object (dialog, "connection-dropped",
                             G_CALLBACK (vimana_window_connection_dropped_cb), self, 0);
    g_signal_connect (dialog, "response", G_CALLBACK (vimana_window_add_connection_response_cb),
                      NULL);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_window_connection_add_cb (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
    vimana_window_show_add_connection (VIMANA_WINDOW (user_data));
}

static void
vimana_window_connect_risky_response_cb (GtkDialog *dialog,
                                         int        response,
                                         gpointer   user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = g_object_get_data (G_OBJECT (dialog), "vimana-connection");

    if (response == GTK_RESPONSE_ACCEPT) {
        if (self->settings != NULL) {
            g_auto(GStrv) trusted = g_settings_get_strv (self->settings, "trusted-uris");
            g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
            g_auto(GStrv) updated = NULL;

            g_strv_builder_addv (builder, (const char **) trusted);
            g_strv_builder_add (builder, vimana_connection_get_uri (connection));
            updated = g_strv_builder_end (builder);
            g_settings_set_strv (self->settings, "trusted-uris", (const char * const *) updated);
        }
        vimana_connection_open (connection);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_window_connection_connect_cb (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);
    g_auto(GStrv) trusted = NULL;
    g_auto(GStrv) risks = NULL;
    g_autofree char *joined = NULL;
    GtkWidget *dialog;

    if (connection == NULL)
        return;
    if (self->settings != NULL)
        trusted = g_settings_get_strv (self->settings, "trusted-uris");
    if (vimana_uri_may_autoconnect (vimana_connection_get_uri (connection),
                                    (const char * const *) trusted)) {
        vimana_connection_open (connection);
        return;
    }

    /* A saved URI that makes libvirt run a program, never confirmed: ask first (issue 11). */
    risks = vimana_uri_describe_risks (vimana_connection_get_uri (connection));
    joined = g_strjoinv ("\n• ", risks);
    dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Connect to %s?"), vimana_connection_get_uri (connection));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              _("This URI makes libvirt do more than connect:\n• %s"),
                                              joined);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("C_onnect"), GTK_RESPONSE_ACCEPT);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_object_set_data_full (G_OBJECT (dialog), "vimana-connection", g_object_ref (connection),
                            g_object_unref);
    g_signal_connect_object (dialog, "response",
                             G_CALLBACK (vimana_window_connect_risky_response_cb), self, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* "Try now": the scheduled reconnection attempt, at once. */
static void
vimana_window_connection_try_now_cb (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);

    if (connection != NULL)
        vimana_connection_reconnect_now (connection);
}

static void
vimana_window_connection_disconnect_cb (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);

    if (connection != NULL)
        vimana_connection_close (connection);
}

static void
vimana_window_remove_connection_response_cb (GtkDialog *dialog,
                                             int        response,
                                             gpointer   user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = g_object_get_data (G_OBJECT (dialog), "vimana-connection");

    if (response == GTK_RESPONSE_ACCEPT)
        vimana_application_remove_connection (vimana_window_get_app (self), connection);
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_window_connection_remove_cb (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);
    GtkWidget *dialog;
    GtkWidget *remove;

    if (connection == NULL)
        return;
    /* Asked first (issue 17): removing forgets the URI and its settings at once. */
    dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Remove the connection “%s”?"),
                                     vimana_connection_get_display_name (connection));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              _("Vimana closes it and forgets %s. Its guests stay on the host; add the connection again to see them."),
                                              vimana_connection_get_uri (connection));
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    remove = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Remove"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (remove), "destructive-action");
    atk_object_set_name (gtk_widget_get_accessible (remove), _("Remove"));
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_object_set_data_full (G_OBJECT (dialog), "vimana-connection", g_object_ref (connection),
                            g_object_unref);
    g_signal_connect_object (dialog, "response",
                             G_CALLBACK (vimana_window_remove_connection_response_cb), self, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_window_connection_host_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);
    VimanaApplication *app = vimana_window_get_app (self);

    if (connection != NULL && app != NULL)
        vimana_application_show_host (app, connection);
}

/* ---- new guests ---- */

static void
vimana_window_domain_created_cb (VimanaNewVmAssistant *assistant,
                                 VimanaDomain         *domain,
                                 gpointer              user_data)
{
    VimanaWindow *self = user_data;
    VimanaApplication *app = vimana_window_get_app (self);

    vimana_domain_view_select (self->domain_view, G_OBJECT (domain), FALSE);
    /* A guest to customise waits, defined, on its Hardware page; the others run on screen. */
    if (app != NULL)
        vimana_application_show_details (app, domain,
                                         vimana_new_vm_assistant_get_customize (assistant) ? "hardware"
                                                                                           : "console");
}

/**
 * vimana_window_show_new_vm:
 * @self: a #VimanaWindow
 * @connection: the connection the guest is created on at first; the assistant offers the others
 *
 * Opens the New VM assistant; the new guest's details open on its console when it runs, or on
 * its Hardware page when it is to be customised before its first start.
 */
void
vimana_window_show_new_vm (VimanaWindow     *self,
                           VimanaConnection *connection)
{
    GtkWidget *assistant;

    g_return_if_fail (VIMANA_IS_WINDOW (self));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    assistant = vimana_new_vm_assistant_new (GTK_WINDOW (self), self->connections, connection);
    g_signal_connect_object (assistant, "domain-created",
                             G_CALLBACK (vimana_window_domain_created_cb), self, 0);
    gtk_window_present (GTK_WINDOW (assistant));
}

/* The selected row's connection; else the first connected one; else the first. */
static VimanaConnection *
vimana_window_new_vm_connection (VimanaWindow *self)
{
    VimanaConnection *selected = vimana_domain_view_get_selected_connection (self->domain_view);
    guint n = g_list_model_get_n_items (self->connections);

    if (selected != NULL)
        return selected;
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);

        if (vimana_connection_get_state (connection) == VIMANA_CONNECTION_STATE_CONNECTED)
            return connection;
    }
    if (n == 0)
        return NULL;
    {
        g_autoptr(VimanaConnection) first = g_list_model_get_item (self->connections, 0);

        return first;
    }
}

static void
vimana_window_new_vm_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_window_new_vm_connection (self);

    /* Without a hypervisor there is nowhere to create it: first say where. */
    if (connection == NULL)
        vimana_window_show_add_connection (self);
    else
        vimana_window_show_new_vm (self, connection);
}

/* ---- an ISO image dropped on the window ---- */

static gboolean
vimana_window_is_iso (const char *path)
{
    g_autofree char *lower = g_ascii_strdown (path, -1);

    return g_str_has_suffix (lower, ".iso");
}

/**
 * vimana_window_open_iso:
 * @self: a #VimanaWindow
 * @path: an ISO image of this computer
 *
 * Opens New VM with @path chosen as its install media, on the selected row's connection or
 * the first connected one, as a dropped ISO does (issue 17, item 13).
 *
 * Returns: whether the assistant opened (there is a connection and @path is an .iso)
 */
gboolean
vimana_window_open_iso (VimanaWindow *self,
                        const char   *path)
{
    VimanaConnection *connection;
    GtkWidget *assistant;

    g_return_val_if_fail (VIMANA_IS_WINDOW (self), FALSE);
    g_return_val_if_fail (path != NULL, FALSE);

    connection = vimana_window_new_vm_connection (self);
    if (connection == NULL || !vimana_window_is_iso (path))
        return FALSE;
    assistant = vimana_new_vm_assistant_new (GTK_WINDOW (self), self->connections, connection);
    g_signal_connect_object (assistant, "domain-created",
                             G_CALLBACK (vimana_window_domain_created_cb), self, 0);
    vimana_new_vm_assistant_set_media (VIMANA_NEW_VM_ASSISTANT (assistant), path);
    gtk_window_present (GTK_WINDOW (assistant));
    return TRUE;
}

static void
vimana_window_drag_data_received_cb (GtkWidget        *widget,
                                     GdkDragContext   *context,
                                     int               x,
                                     int               y,
                                     GtkSelectionData *data,
                                     guint             info,
                                     guint             time,
                                     gpointer          user_data)
{
    g_auto(GStrv) uris = gtk_selection_data_get_uris (data);

    /* The first local .iso of what was dropped; other files are not install media. */
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        g_autofree char *path = g_filename_from_uri (uris[i], NULL, NULL);

        if (path != NULL && vimana_window_open_iso (VIMANA_WINDOW (widget), path))
            return;
    }
}

/* ---- other actions ---- */

static void
vimana_window_domain_clone_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
    VimanaWindow *self = user_data;
    g_autoptr(GPtrArray) domains = vimana_domain_view_get_selected_domains (self->domain_view);

    if (domains->len == 1)
        vimana_application_show_clone (vimana_window_get_app (self), GTK_WINDOW (self),
                                       g_ptr_array_index (domains, 0));
}

static void
vimana_window_domain_migrate_cb (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
    VimanaWindow *self = user_data;
    g_autoptr(GPtrArray) domains = vimana_domain_view_get_selected_domains (self->domain_view);

    if (domains->len > 0)
        vimana_application_show_migrate (vimana_window_get_app (self), GTK_WINDOW (self), domains);
}

static void
vimana_window_domain_open_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
    VimanaWindow *self = user_data;
    g_autoptr(GPtrArray) domains = vimana_domain_view_get_selected_domains (self->domain_view);

    for (guint i = 0; i < domains->len; i++)
        vimana_application_show_details (vimana_window_get_app (self),
                                         g_ptr_array_index (domains, i), NULL);
}

/* Start and attach: the guest's details window on its Console page does it (one guest). */
static void
vimana_window_domain_start_attach_cb (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
    VimanaWindow *self = user_data;
    g_autoptr(GPtrArray) domains = vimana_domain_view_get_selected_domains (self->domain_view);
    GtkWindow *window;

    if (domains->len != 1)
        return;
    window = vimana_application_show_details (vimana_window_get_app (self), g_ptr_array_index (domains, 0),
                                              "console");
    vimana_details_window_start_and_attach (VIMANA_DETAILS_WINDOW (window));
}

static void
vimana_window_search_cb (GSimpleAction *action,
                         GVariant      *value,
                         gpointer       user_data)
{
    VimanaWindow *self = user_data;
    gboolean active = g_variant_get_boolean (value);

    g_simple_action_set_state (action, value);
    gtk_search_bar_set_search_mode (self->search_bar, active);
    if (active)
        gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
vimana_window_search_mode_cb (GObject    *search_bar,
                              GParamSpec *pspec,
                              gpointer    user_data)
{
    VimanaWindow *self = user_data;
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "search");
    gboolean active = gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (search_bar));

    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (active));
    if (!active)
        gtk_entry_set_text (GTK_ENTRY (self->search_entry), "");
}

/* Typing in the list starts a search, as in Files. */
static gboolean
vimana_window_key_press_cb (GtkWidget   *widget,
                            GdkEventKey *event,
                            gpointer     user_data)
{
    VimanaWindow *self = VIMANA_WINDOW (widget);

    if (gtk_window_get_focus (GTK_WINDOW (self)) == GTK_WIDGET (self->search_entry))
        return GDK_EVENT_PROPAGATE;
    return gtk_search_bar_handle_event (self->search_bar, (GdkEvent *) event);
}

/* ---- statistics columns ---- */

static const char * const vimana_window_stat_columns[] = {
    "cpu", "memory", "disk", "network", "ip",
};

static void
vimana_window_column_change_cb (GSimpleAction *action,
                                GVariant      *value,
                                gpointer       user_data)
{
    VimanaWindow *self = user_data;
    const char *id = g_action_get_name (G_ACTION (action)) + strlen ("column-");
    g_auto(GStrv) shown = g_settings_get_strv (self->settings, "list-columns");
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) columns = NULL;

    /* Keep the settings' order stable: the order of the columns in the list. */
    for (guint i = 0; i < G_N_ELEMENTS (vimana_window_stat_columns); i++) {
        const char *column = vimana_window_stat_columns[i];
        gboolean on = g_str_equal (column, id) ? g_variant_get_boolean (value)
                                               : g_strv_contains ((const char * const *) shown,
                                                                  column);
        if (on)
            g_strv_builder_add (builder, column);
    }
    columns = g_strv_builder_end (builder);
    g_settings_set_strv (self->settings, "list-columns", (const char * const *) columns);
}

static void
vimana_window_columns_changed_cb (GSettings  *settings,
                                  const char *key,
                                  gpointer    user_data)
{
    VimanaWindow *self = user_data;
    g_auto(GStrv) shown = g_settings_get_strv (settings, "list-columns");

    vimana_domain_view_set_stat_columns (self->domain_view, (const char * const *) shown);
    for (guint i = 0; i < G_N_ELEMENTS (vimana_window_stat_columns); i++) {
        g_autofree char *name = g_strconcat ("column-", vimana_window_stat_columns[i], NULL);
        GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

        g_simple_action_set_state (G_SIMPLE_ACTION (action),
                                   g_variant_new_boolean (g_strv_contains (
                                                              (const char * const *) shown,
                                                              vimana_window_stat_columns[i])));
    }
}

static void
vimana_window_columns_init (VimanaWindow *self)
{
    for (guint i = 0; i < G_N_ELEMENTS (vimana_window_stat_columns); i++) {
        g_autofree char *name = g_strconcat ("column-", vimana_window_stat_columns[i], NULL);
        g_autoptr(GSimpleAction) action =
            g_simple_action_new_stateful (name, NULL, g_variant_new_boolean (TRUE));

        g_signal_connect (action, "change-state", G_CALLBACK (vimana_window_column_change_cb),
                          self);
        g_simple_action_set_enabled (action, self->settings != NULL);
        g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
    if (self->settings != NULL) {
        g_signal_connect_object (self->settings, "changed::list-columns",
                                 G_CALLBACK (vimana_window_columns_changed_cb), self, 0);
        vimana_window_columns_changed_cb (self->settings, "list-columns", self);
    }
}

/* Host maintenance: empty a host into another, and fill it again afterwards. */
static void
vimana_window_connection_maintenance_cb (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
    VimanaWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);
    gboolean return_guests = g_strcmp0 (g_action_get_name (G_ACTION (action)),
                                        "connection-return") == 0;

    if (connection != NULL)
        vimana_application_show_maintenance (vimana_window_get_app (self), GTK_WINDOW (self),
                                             connection, return_guests);
}

/* F10 opens the main menu, as in other GTK applications. */
static void
vimana_window_show_menu_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
    VimanaWindow *self = user_data;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->primary_menu_button), TRUE);
}

static const GActionEntry vimana_window_entries[] = {
    { .name = "show-menu", .activate = vimana_window_show_menu_cb },
    { .name = "domain-open", .activate = vimana_window_domain_open_cb },
    { .name = "domain-start-attach", .activate = vimana_window_domain_start_attach_cb },
    { .name = "domain-migrate", .activate = vimana_window_domain_migrate_cb },
    { .name = "domain-clone", .activate = vimana_window_domain_clone_cb },
    { .name = "new-vm", .activate = vimana_window_new_vm_cb },
    { .name = "connection-add", .activate = vimana_window_connection_add_cb },
    { .name = "connection-connect", .activate = vimana_window_connection_connect_cb },
    { .name = "connection-disconnect", .activate = vimana_window_connection_disconnect_cb },
    { .name = "connection-try-now", .activate = vimana_window_connection_try_now_cb },
    { .name = "connection-remove", .activate = vimana_window_connection_remove_cb },
    { .name = "connection-host", .activate = vimana_window_connection_host_cb },
    { .name = "connection-evacuate", .activate = vimana_window_connection_maintenance_cb },
    { .name = "connection-return", .activate = vimana_window_connection_maintenance_cb },
    { .name = "search", .state = "false", .change_state = vimana_window_search_cb },
};

/* ---- sensitivity and tooltips ---- */

static void
vimana_window_set_enabled (VimanaWindow *self,
                           const char   *name,
                           gboolean      enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
vimana_window_domain_notify_cb (GObject    *domain,
                                GParamSpec *pspec,
                                gpointer    user_data)
{
    vimana_window_actions_update (VIMANA_WINDOW (user_data));
}

static void
vimana_window_watch (VimanaWindow *self,
                     GPtrArray    *domains)
{
    if (self->watched != NULL) {
        for (guint i = 0; i < self->watched->len; i++)
            g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->watched, i),
                                                  vimana_window_domain_notify_cb, self);
    }
    g_clear_pointer (&self->watched, g_ptr_array_unref);
    self->watched = g_ptr_array_ref (domains);
    for (guint i = 0; i < domains->len; i++)
        g_signal_connect_object (g_ptr_array_index (domains, i), "notify",
                                 G_CALLBACK (vimana_window_domain_notify_cb), self,
                                 0);
}

static gboolean
vimana_window_update_cb (gpointer user_data)
{
    VimanaWindow *self = user_data;
    g_autoptr(GPtrArray) domains = vimana_domain_view_get_selected_domains (self->domain_view);
    VimanaConnection *connection = vimana_domain_view_get_selected_connection (self->domain_view);
    VimanaConnectionState state = connection ? vimana_connection_get_state (connection)
                                             : VIMANA_CONNECTION_STATE_DISCONNECTED;

    self->update_source = 0;

    vimana_domain_actions_update (G_ACTION_MAP (self), domains);
    vimana_window_set_enabled (self, "domain-open", domains->len > 0);
    vimana_window_set_enabled (self, "domain-start-attach",
                               domains->len == 1 &&
                               vimana_domain_can_run_action (g_ptr_array_index (domains, 0),
                                                             VIMANA_DOMAIN_ACTION_START, NULL));
    vimana_window_set_enabled (self, "domain-migrate", domains->len > 0);
    vimana_window_set_enabled (self, "domain-clone", domains->len == 1);
    vimana_window_set_enabled (self, "connection-connect",
                               connection != NULL &&
                               state == VIMANA_CONNECTION_STATE_DISCONNECTED);
    vimana_window_set_enabled (self, "connection-try-now",
                               connection != NULL &&
                               vimana_connection_get_reconnect_delay (connection) > 0);
    vimana_window_set_enabled (self, "connection-disconnect",
                               connection != NULL &&
                               (state != VIMANA_CONNECTION_STATE_DISCONNECTED ||
                                vimana_connection_get_reconnecting (connection)));
    vimana_window_set_enabled (self, "connection-remove", connection != NULL);
    vimana_window_set_enabled (self, "connection-host", connection != NULL);
    vimana_window_set_enabled (self, "connection-evacuate",
                               connection != NULL && state == VIMANA_CONNECTION_STATE_CONNECTED);
    vimana_window_set_enabled (self, "connection-return",
                               connection != NULL && state == VIMANA_CONNECTION_STATE_CONNECTED);

    vimana_domain_actions_set_tooltip (self->run_button, domains, VIMANA_DOMAIN_ACTION_START,
                                       _("Run the selected guests"));
    vimana_domain_actions_set_tooltip (self->pause_button, domains, VIMANA_DOMAIN_ACTION_PAUSE,
                                       _("Pause the selected guests"));
    vimana_domain_actions_set_tooltip (self->resume_button, domains, VIMANA_DOMAIN_ACTION_RESUME,
                                       _("Resume the selected guests"));
    vimana_domain_actions_set_tooltip (self->shutdown_button, domains, VIMANA_DOMAIN_ACTION_SHUTDOWN,
                                       _("Shut down the selected guests"));
    gtk_widget_set_tooltip_text (self->open_button, domains->len > 0
                                                        ? _("Open the details of the selected guests")
                                                        : _("Select a guest first."));

    if (self->watched == NULL || self->watched->len != domains->len ||
        (domains->len > 0 &&
         memcmp (self->watched->pdata, domains->pdata, domains->len * sizeof (gpointer)) != 0))
        vimana_window_watch (self, domains);
    return G_SOURCE_REMOVE;
}

/**
 * vimana_window_actions_update:
 * @self: a #VimanaWindow
 *
 * Recomputes which actions can act, once per main-loop turn however often it is called.
 */
void
vimana_window_actions_update (VimanaWindow *self)
{
    if (self->update_source == 0)
        self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20,
                                               vimana_window_update_cb, self, NULL);
}

static void
vimana_window_menu_opening_cb (VimanaWindow *self)
{
    if (self->update_source != 0) {
        g_clear_handle_id (&self->update_source, g_source_remove);
        vimana_window_update_cb (self);
    }
}

static void
vimana_window_selection_changed_cb (GtkTreeSelection *selection,
                                    gpointer          user_data)
{
    vimana_window_actions_update (VIMANA_WINDOW (user_data));
}

static void
vimana_window_connection_row_changed_cb (GtkTreeModel *model,
                                         GtkTreePath  *path,
                                         GtkTreeIter  *iter,
                                         gpointer      user_data)
{
    /* Connection rows are the top level; their state decides the connection actions. */
    if (gtk_tree_path_get_depth (path) == 1)
        vimana_window_actions_update (VIMANA_WINDOW (user_data));
}

/* A batch of many rows gives the list a new model (VimanaDomainTree:model): follow it. */
static void
vimana_window_list_model_cb (GtkTreeView *view,
                             GParamSpec  *pspec,
                             gpointer     user_data)
{
    GtkTreeModel *model = gtk_tree_view_get_model (view);

    if (model == NULL)
        return;
    g_signal_handlers_disconnect_by_func (model, vimana_window_connection_row_changed_cb,
                                          user_data);
    g_signal_connect_object (model, "row-changed",
                             G_CALLBACK (vimana_window_connection_row_changed_cb), user_data, 0);
    vimana_window_actions_update (VIMANA_WINDOW (user_data));
}

void
vimana_window_actions_init (VimanaWindow *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (GTK_TREE_VIEW (self->domain_view));

    g_action_map_add_action_entries (G_ACTION_MAP (self), vimana_window_entries,
                                     G_N_ELEMENTS (vimana_window_entries), self);
    vimana_domain_actions_add_to_map (G_ACTION_MAP (self), &vimana_window_target, self);
    vimana_window_columns_init (self);

    g_signal_connect_object (selection, "changed",
                             G_CALLBACK (vimana_window_selection_changed_cb), self, 0);
    g_signal_connect_object (self->domain_view, "menu-opening",
                             G_CALLBACK (vimana_window_menu_opening_cb), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->domain_view, "notify::model",
                             G_CALLBACK (vimana_window_list_model_cb), self, 0);
    vimana_window_list_model_cb (GTK_TREE_VIEW (self->domain_view), NULL, self);
    g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                             G_CALLBACK (vimana_window_search_mode_cb), self, 0);
    g_signal_connect (self, "key-press-event", G_CALLBACK (vimana_window_key_press_cb), NULL);

    gtk_drag_dest_set (GTK_WIDGET (self), GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
    gtk_drag_dest_add_uri_targets (GTK_WIDGET (self));
    g_signal_connect (self, "drag-data-received", G_CALLBACK (vimana_window_drag_data_received_cb), NULL);
}
