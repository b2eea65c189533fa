/* vimana-application.c: the application: connections, settings, windows, command line
 *
 * One instance per session (GApplication): a second `vimana` hands its command line to the
 * running one. The application owns the connections (a GListStore the windows are given) and
 * keeps the ones the user added in GSettings with their autoconnect flag; URIs given with
 * --connect are opened for this session only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-application"

#include "config.h"

#include "vimana-application.h"

#include <glib/gi18n.h>

#include "vimana-auth-dialog.h"
#include "vimana-clone-dialog.h"
#include "vimana-clone-journal-watch.h"
#include "vimana-details-window.h"
#include "vimana-domain-actions.h"
#include "vimana-host-window.h"
#include "vimana-hosts-window.h"
#include "vimana-malloc.h"
#include "vimana-migrate-dialog.h"
#include "vimana-migrate-host.h"
#include "vimana-preferences-window.h"
#include "vimana-quit.h"
#include "vimana-uri.h"

/* What --show-domain-* asked for, waiting until the guest is listed. */
typedef struct
{
    char  *name;
    char  *page;
    GStrv  uris;     /* where to look; empty means every connection */
} VimanaShowRequest;

struct _VimanaApplication
{
    GtkApplication parent_instance;

    /* owned references */
    GSettings    *settings;
    GListStore   *connections;
    GHashTable   *details;          /* VimanaDomain → VimanaDetailsWindow */
    GPtrArray    *show_requests;    /* VimanaShowRequest */
    VimanaWindow *window;
};

G_DEFINE_FINAL_TYPE (VimanaApplication, vimana_application, GTK_TYPE_APPLICATION)

static const GOptionEntry vimana_application_options[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      N_("Connect to the hypervisor at URI (may be repeated)"), N_("URI") },
    { "show-domain-details", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the details of the guest NAME"), N_("NAME") },
    { "show-domain-console", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the console of the guest NAME"), N_("NAME") },
    { "show-domain-performance", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the performance graphs of the guest NAME"), N_("NAME") },
    { "show-domain-editor", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the hardware of the guest NAME"), N_("NAME") },
    { "show-domain-snapshots", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the snapshots of the guest NAME"), N_("NAME") },
    { "show-host-summary", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the summary of the host"), NULL },
    { "show-host-storage", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the storage pools and volumes of the host"), NULL },
    { "show-host-networks", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the virtual networks of the host"), NULL },
    { "show-host-interfaces", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the network interfaces of the host"), NULL },
    { "show-new-vm", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the New Virtual Machine assistant"), NULL },
    { "show-migrate", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the Migrate dialog of the guest NAME"), N_("NAME") },
    { "show-evacuate", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show Evacuate Host for the connection URI"), N_("URI") },
    { "show-return", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show Return Guests for the connection URI"), N_("URI") },
    { "show-hosts", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the hosts of every connection, with balance advice"), NULL },
    { "show-clone", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Show the Clone dialog of the guest NAME"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
};

static void vimana_application_try_show_requests (VimanaApplication *self);
static gboolean vimana_application_connections_settled (VimanaApplication *self);

static void
vimana_show_request_free (gpointer data)
{
    VimanaShowRequest *request = data;

    g_free (request->name);
    g_free (request->page);
    g_strfreev (request->uris);
    g_free (request);
}

/* ---- settings ---- */

static void
vimana_application_save_connections (VimanaApplication *self,
                                     const char        *uri,
                                     gboolean           add,
                                     gboolean           autoconnect)
{
    g_autoptr(GVariant) old = NULL;
    GVariantBuilder builder;
    GVariantIter iter;
    const char *entry_uri;
    gboolean entry_autoconnect;
    gboolean written = FALSE;

    if (self->settings == NULL)
        return;

    old = g_settings_get_value (self->settings, "connections");
    g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sb)"));
    g_variant_iter_init (&iter, old);
    while (g_variant_iter_next (&iter, "(&sb)", &entry_uri, &entry_autoconnect)) {
        if (g_str_equal (entry_uri, uri)) {
            if (!add || written)
                continue;
            entry_autoconnect = autoconnect;
            written = TRUE;
        }
        g_variant_builder_add (&builder, "(sb)", entry_uri, entry_autoconnect);
    }
    if (add && !written)
        g_variant_builder_add (&builder, "(sb)", uri, autoconnect);
    g_settings_set_value (self->settings, "connections", g_variant_builder_end (&builder));
}

static void
vimana_application_load_connections (VimanaApplication *self)
{
    g_autoptr(GVariant) saved = NULL;
    g_auto(GStrv) trusted = NULL;
    GVariantIter iter;
    const char *uri;
    gboolean autoconnect;

    if (self->settings == NULL)
        return;

    saved = g_settings_get_value (self->settings, "connections");
    trusted = g_settings_get_strv (self->settings, "trusted-uris");
    g_variant_iter_init (&iter, saved);
    while (g_variant_iter_next (&iter, "(&sb)", &uri, &autoconnect)) {
        VimanaConnection *connection = vimana_application_add_connection (self, uri, FALSE, FALSE);

        if (connection == NULL || !autoconnect)
            continue;
        /* A URI that runs a program, never confirmed, waits for the user to connect it. */
        if (!vimana_uri_may_autoconnect (uri, (const char * const *) trusted)) {
            g_message ("%s: not connected at start-up: its parameters make libvirt run a program "
                       "or use other files, and it was never confirmed in Add Connection", uri);
            continue;
        }
        vimana_connection_open (connection);
    }
}

static GSettings *
vimana_application_create_settings (void)
{
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
    if (schema == NULL) {
        g_warning ("The settings schema %s is not installed; settings will not be kept. "
                   "Set GSETTINGS_SCHEMA_DIR to the build directory's data folder.",
                   APPLICATION_ID);
        return NULL;
    }
    return g_settings_new_full (schema, NULL, NULL);
}

/* ---- connections ---- */

static gboolean
vimana_application_authenticate_cb (VimanaConnection  *connection,
                                    VimanaAuthRequest *request,
                                    gpointer           user_data)
{
    VimanaApplication *self = user_data;
    GtkWidget *dialog;

    dialog = vimana_auth_dialog_new (self->window ? GTK_WINDOW (self->window) : NULL, request);
    gtk_window_present (GTK_WINDOW (dialog));
    return TRUE;
}

/* ---- statistics settings ---- */

/* Whether anyone looks at statistics: the main window shown and not minimised, or a details
 * window shown. */
static gboolean
vimana_application_stats_watched (VimanaApplication *self)
{
    GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

    for (GList *l = windows; l != NULL; l = l->next) {
        GtkWidget *window = l->data;
        GdkWindow *surface = gtk_widget_get_window (window);

        if (!gtk_widget_get_visible (window) || surface == NULL)
            continue;
        if ((gdk_window_get_state (surface) & GDK_WINDOW_STATE_ICONIFIED) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
vimana_application_apply_stats_settings (VimanaApplication *self,
                                         VimanaConnection  *connection)
{
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    double interval = 1.0;
    guint history = 3600;
    gboolean slow = FALSE;

    if (self->settings != NULL) {
        interval = g_settings_get_double (self->settings, "stats-interval");
        history = (guint) g_settings_get_int (self->settings, "history-length");
        slow = g_settings_get_boolean (self->settings, "slow-when-hidden") &&
               !vimana_application_stats_watched (self);
    }
    vimana_stats_sampler_set_interval (sampler, CLAMP (interval, VIMANA_STATS_SAMPLER_MIN_INTERVAL,
                                                       VIMANA_STATS_SAMPLER_MAX_INTERVAL));
    vimana_stats_sampler_set_history (sampler, history);
    vimana_stats_sampler_set_slow (sampler, slow);
}

static void
vimana_application_update_samplers (VimanaApplication *self)
{
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);
        vimana_application_apply_stats_settings (self, connection);
    }
}

static void
vimana_application_stats_settings_changed_cb (GSettings  *settings,
                                              const char *key,
                                              gpointer    user_data)
{
    vimana_application_update_samplers (VIMANA_APPLICATION (user_data));
}

static gboolean
vimana_application_window_state_cb (GtkWidget           *window,
                                    GdkEventWindowState *event,
                                    gpointer             user_data)
{
    vimana_application_update_samplers (VIMANA_APPLICATION (user_data));
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_application_window_visibility_cb (GtkWidget *window,
                                         gpointer   user_data)
{
    vimana_application_update_samplers (VIMANA_APPLICATION (user_data));
}

static void
vimana_application_name_help_overlay_cb (GtkWidget *widget,
                                         gpointer   user_data)
{
    if (GTK_IS_TOGGLE_BUTTON (widget))
        atk_object_set_name (gtk_widget_get_accessible (widget), _("Search Shortcuts"));
    else if (GTK_IS_CONTAINER (widget))
        gtk_container_forall (GTK_CONTAINER (widget), vimana_application_name_help_overlay_cb,
                              user_data);
}

/**
 * vimana_application_name_help_overlay:
 * @overlay: the keyboard shortcuts window of a window
 *
 * GTK 3's shortcuts window leaves its search button (the one toggle button in its header bar)
 * without a name for screen readers; this gives it one.
 */
void
vimana_application_name_help_overlay (GtkWindow *overlay)
{
    g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (overlay));

    gtk_container_forall (GTK_CONTAINER (overlay), vimana_application_name_help_overlay_cb, NULL);
}

static void
vimana_application_window_added (GtkApplication *application,
                                 GtkWindow      *window)
{
    GtkShortcutsWindow *overlay = NULL;

    GTK_APPLICATION_CLASS (vimana_application_parent_class)->window_added (application, window);

    /* GtkApplication has just given the window its shortcuts window, from gtk/help-overlay.ui. */
    if (GTK_IS_APPLICATION_WINDOW (window))
        overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
    if (overlay != NULL)
        vimana_application_name_help_overlay (GTK_WINDOW (overlay));

    g_signal_connect_object (window, "window-state-event",
                             G_CALLBACK (vimana_application_window_state_cb), application, 0);
    g_signal_connect_object (window, "map", G_CALLBACK (vimana_application_window_visibility_cb),
                             application, G_CONNECT_AFTER);
    g_signal_connect_object (window, "unmap", G_CALLBACK (vimana_application_window_visibility_cb),
                             application, G_CONNECT_AFTER);
}

static void
vimana_application_window_removed (GtkApplication *application,
                                   GtkWindow      *window)
{
    GTK_APPLICATION_CLASS (vimana_application_parent_class)->window_removed (application, window);
    vimana_application_update_samplers (VIMANA_APPLICATION (application));
}

static void
vimana_application_connection_changed_cb (GObject    *connection,
                                          GParamSpec *pspec,
                                          gpointer    user_data)
{
    vimana_application_try_show_requests (VIMANA_APPLICATION (user_data));
}

/**
 * vimana_application_lookup_connection:
 * @self: a #VimanaApplication
 * @uri: a connection URI
 *
 * Returns: (transfer none) (nullable): the connection with that URI
 */
VimanaConnection *
vimana_application_lookup_connection (VimanaApplication *self,
                                      const char        *uri)
{
    guint n;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);

    n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);

        if (g_str_equal (vimana_connection_get_uri (connection), uri))
            return connection;
    }
    return NULL;
}

/**
 * vimana_application_add_connection:
 * @self: a #VimanaApplication
 * @uri: the connection URI
 * @remember: keep it in the settings for the next start
 * @autoconnect: with @remember, open it at start
 *
 * Adds a connection unless one with @uri exists. It is not opened.
 *
 * Returns: (transfer none) (nullable): the connection, or %NULL when @uri is not valid
 */
VimanaConnection *
vimana_application_add_connection (VimanaApplication *self,
                                   const char        *uri,
                                   gboolean           remember,
                                   gboolean           autoconnect)
{
    g_autoptr(VimanaConnection) connection = NULL;
    VimanaConnection *existing;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (uri != NULL, NULL);

    if (remember)
        vimana_application_save_connections (self, uri, TRUE, autoconnect);

    existing = vimana_application_lookup_connection (self, uri);
    if (existing != NULL)
        return existing;

    connection = vimana_connection_new (uri);
    g_signal_connect_object (connection, "authenticate",
                             G_CALLBACK (vimana_application_authenticate_cb), self, 0);
    g_signal_connect_object (connection, "notify::loaded",
                             G_CALLBACK (vimana_application_connection_changed_cb), self, 0);
    g_signal_connect_object (connection, "notify::state",
                             G_CALLBACK (vimana_application_connection_changed_cb), self, 0);
    vimana_clone_journal_watch (self, connection);
    vimana_application_apply_stats_settings (self, connection);
    g_list_store_append (self->connections, connection);
    return connection;
}

/**
 * vimana_application_remove_connection:
 * @self: a #VimanaApplication
 * @connection: the connection
 *
 * Closes the connection, forgets it, and removes it from the settings.
 */
void
vimana_application_remove_connection (VimanaApplication *self,
                                      VimanaConnection  *connection)
{
    guint position;

    g_return_if_fail (VIMANA_IS_APPLICATION (self));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    vimana_application_save_connections (self, vimana_connection_get_uri (connection), FALSE,
                                         FALSE);
    vimana_connection_shutdown (connection);
    if (g_list_store_find (self->connections, connection, &position))
        g_list_store_remove (self->connections, position);
}

/* ---- windows ---- */

static VimanaWindow *
vimana_application_ensure_window (VimanaApplication *self)
{
    if (self->window == NULL) {
        self->window = vimana_window_new (self, G_LIST_MODEL (self->connections), self->settings);
        g_object_add_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
    }
    return self->window;
}

VimanaWindow *
vimana_application_get_main_window (VimanaApplication *self)
{
    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    return self->window;
}

static gboolean
vimana_application_details_is_cb (gpointer key,
                                  gpointer value,
                                  gpointer user_data)
{
    return value == user_data;
}

/* Found by the window, not by its guest: "destroy" comes after the window's own dispose,
 * which has let go of the guest already (a second --show-domain-… would get the dead one). */
static void
vimana_application_details_destroy_cb (GtkWidget *window,
                                       gpointer   user_data)
{
    VimanaApplication *self = user_data;

    g_hash_table_foreach_remove (self->details, vimana_application_details_is_cb, window);
}

/**
 * vimana_application_show_details:
 * @self: a #VimanaApplication
 * @domain: a guest
 * @page: (nullable): the page to show: "overview", "performance", "console", "hardware"
 *
 * Presents the guest's details window, opening it if needed.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
vimana_application_show_details (VimanaApplication *self,
                                 VimanaDomain      *domain,
                                 const char        *page)
{
    VimanaDetailsWindow *window;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    window = g_hash_table_lookup (self->details, domain);
    if (window == NULL) {
        window = vimana_details_window_new (self, domain, self->settings);
        g_hash_table_insert (self->details, g_object_ref (domain), window);
        g_signal_connect_object (window, "destroy",
                                 G_CALLBACK (vimana_application_details_destroy_cb), self, 0);
    }
    if (page != NULL)
        vimana_details_window_set_page (window, page);
    gtk_window_present (GTK_WINDOW (window));
    return GTK_WINDOW (window);
}

/**
 * vimana_application_show_host:
 * @self: a #VimanaApplication
 * @connection: a connection
 *
 * Presents the window of the connection's host, opening it if needed: one per connection.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
vimana_application_show_host (VimanaApplication *self,
                              VimanaConnection  *connection)
{
    GtkWidget *window;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next) {
        if (VIMANA_IS_HOST_WINDOW (l->data) &&
            vimana_host_window_get_connection (l->data) == connection) {
            gtk_window_present (l->data);
            return l->data;
        }
    }
    window = vimana_host_window_new (self, connection);
    gtk_window_present (GTK_WINDOW (window));
    return GTK_WINDOW (window);
}

/**
 * vimana_application_show_migrate:
 * @self: a #VimanaApplication
 * @parent: (nullable): the window it is for; the main window when %NULL
 * @domains: (element-type VimanaDomain): the guests to move
 *
 * Opens a Migrate dialog for @domains; the destinations are the other open connections.
 *
 * Returns: (transfer none): the dialog
 */
GtkWindow *
vimana_application_show_migrate (VimanaApplication *self,
                                 GtkWindow         *parent,
                                 GPtrArray         *domains)
{
    GtkWidget *dialog;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (domains != NULL && domains->len > 0, NULL);

    if (parent == NULL)
        parent = GTK_WINDOW (vimana_application_ensure_window (self));
    dialog = vimana_migrate_dialog_new (parent, G_LIST_MODEL (self->connections), domains);
    gtk_window_present (GTK_WINDOW (dialog));
    return GTK_WINDOW (dialog);
}

/**
 * vimana_application_show_maintenance:
 * @self: a #VimanaApplication
 * @parent: (nullable): the window it is for; the main window when %NULL
 * @connection: the host
 * @return_guests: %FALSE: Evacuate Host (move every running guest off @connection);
 *   %TRUE: Return Guests (move back those evacuated from it)
 *
 * Returns: (transfer none) (nullable): the dialog; %NULL when there is nothing to move, which
 * the main window's error bar says
 */
GtkWindow *
vimana_application_show_maintenance (VimanaApplication *self,
                                     GtkWindow         *parent,
                                     VimanaConnection  *connection,
                                     gboolean           return_guests)
{
    g_autoptr(GError) error = NULL;
    GtkWidget *dialog;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    if (parent == NULL)
        parent = GTK_WINDOW (vimana_application_ensure_window (self));
    if (return_guests)
        dialog = vimana_migrate_host_return (parent, G_LIST_MODEL (self->connections), connection,
                                             &error);
    else
        dialog = vimana_migrate_host_evacuate (parent, G_LIST_MODEL (self->connections),
                                               connection, &error);
    if (dialog == NULL) {
        gtk_window_present (GTK_WINDOW (vimana_application_ensure_window (self)));
        vimana_error_bar_show (vimana_window_get_error_bar (self->window), GTK_MESSAGE_INFO,
                               error->message, NULL);
        return NULL;
    }
    gtk_window_present (GTK_WINDOW (dialog));
    return GTK_WINDOW (dialog);
}

/**
 * vimana_application_show_clone:
 * @self: a #VimanaApplication
 * @parent: (nullable): the window it is for; the main window when %NULL
 * @domain: the guest to clone
 *
 * Returns: (transfer none): the Clone dialog of @domain
 */
GtkWindow *
vimana_application_show_clone (VimanaApplication *self,
                               GtkWindow         *parent,
                               VimanaDomain      *domain)
{
    GtkWidget *dialog;

    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    if (parent == NULL)
        parent = GTK_WINDOW (vimana_application_ensure_window (self));
    dialog = vimana_clone_dialog_new (parent, domain);
    gtk_window_present (GTK_WINDOW (dialog));
    return GTK_WINDOW (dialog);
}

/* ---- --show-domain-* and --show-host-summary ---- */

static gboolean
vimana_show_request_looks_in (VimanaShowRequest *request,
                              VimanaConnection  *connection)
{
    return request->uris == NULL || request->uris[0] == NULL ||
           g_strv_contains ((const char * const *) request->uris,
                            vimana_connection_get_uri (connection));
}

/* A request without a guest's name is for the host of its connection, or of the first one;
 * it waits until the guests are listed, which the host's lists rank. A connection that is not
 * opening shows its host as it is: the window says the connection's state. */
static gboolean
vimana_application_try_show_host (VimanaApplication *self,
                                  VimanaShowRequest *request)
{
    g_autoptr(VimanaConnection) first = NULL;
    VimanaConnection *connection = NULL;
    VimanaConnectionState state;
    GtkWindow *window;

    if (g_strcmp0 (request->page, "evacuate") == 0 || g_strcmp0 (request->page, "return") == 0) {
        /* The destinations and the guests' new homes must be listed first. */
        if (!vimana_application_connections_settled (self))
            return FALSE;
        connection = vimana_application_lookup_connection (self, request->uris[0]);
        if (connection != NULL)
            vimana_application_show_maintenance (self, NULL, connection,
                                                 g_strcmp0 (request->page, "return") == 0);
        return TRUE;
    }
    if (g_strcmp0 (request->page, "hosts") == 0) {
        if (!vimana_application_connections_settled (self))
            return FALSE;
        vimana_hosts_window_show (GTK_APPLICATION (self), G_LIST_MODEL (self->connections));
        return TRUE;
    }
    if (request->uris != NULL && request->uris[0] != NULL)
        connection = vimana_application_lookup_connection (self, request->uris[0]);
    else if (g_list_model_get_n_items (G_LIST_MODEL (self->connections)) > 0)
        connection = first = g_list_model_get_item (G_LIST_MODEL (self->connections), 0);

    if (connection == NULL) {
        gtk_window_present (GTK_WINDOW (vimana_application_ensure_window (self)));
        vimana_error_bar_show (vimana_window_get_error_bar (self->window), GTK_MESSAGE_WARNING,
                               _("There is no connection whose host could be shown."),
                               _("Add a connection to a hypervisor first."));
        return TRUE;
    }
    state = vimana_connection_get_state (connection);
    if (state == VIMANA_CONNECTION_STATE_CONNECTING ||
        (state == VIMANA_CONNECTION_STATE_CONNECTED && !vimana_connection_get_loaded (connection)))
        return FALSE;
    window = vimana_application_show_host (self, connection);
    vimana_host_window_set_page (VIMANA_HOST_WINDOW (window), request->page);
    return TRUE;
}

/* Whether no connection is still opening or listing its guests. */
static gboolean
vimana_application_connections_settled (VimanaApplication *self)
{
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);
        VimanaConnectionState state = vimana_connection_get_state (connection);

        if (state == VIMANA_CONNECTION_STATE_CONNECTING ||
            (state == VIMANA_CONNECTION_STATE_CONNECTED && !vimana_connection_get_loaded (connection)))
            return FALSE;
    }
    return TRUE;
}

/* Returns: TRUE when the request is settled: shown, or known to fail */
static gboolean
vimana_application_try_show (VimanaApplication *self,
                             VimanaShowRequest *request)
{
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
    gboolean waiting = FALSE;
    g_autofree char *message = NULL;

    if (request->name == NULL)
        return vimana_application_try_show_host (self, request);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);
        VimanaDomain *domain;

        if (!vimana_show_request_looks_in (request, connection))
            continue;
        domain = vimana_connection_find_domain_by_name (connection, request->name);
        if (domain != NULL && g_strcmp0 (request->page, "migrate") == 0) {
            /* The destinations are the other connections: wait until they settled. */
            if (!vimana_application_connections_settled (self))
                return FALSE;
            {
                g_autoptr(GPtrArray) domains = g_ptr_array_new ();

                g_ptr_array_add (domains, domain);
                vimana_application_show_migrate (self, NULL, domains);
            }
            return TRUE;
        }
        if (domain != NULL && g_strcmp0 (request->page, "clone") == 0) {
            vimana_application_show_clone (self, NULL, domain);
            return TRUE;
        }
        if (domain != NULL) {
            vimana_application_show_details (self, domain, request->page);
            return TRUE;
        }
        if (vimana_connection_get_state (connection) == VIMANA_CONNECTION_STATE_CONNECTING ||
            (vimana_connection_get_state (connection) == VIMANA_CONNECTION_STATE_CONNECTED &&
             !vimana_connection_get_loaded (connection)))
            waiting = TRUE;
    }
    if (waiting)
        return FALSE;

    message = g_strdup_printf (_("No guest named “%s” was found."), request->name);
    gtk_window_present (GTK_WINDOW (vimana_application_ensure_window (self)));
    vimana_error_bar_show (vimana_window_get_error_bar (self->window), GTK_MESSAGE_WARNING,
                           message, _("Check the name and the connection it is on."));
    return TRUE;
}

static void
vimana_application_try_show_requests (VimanaApplication *self)
{
    for (guint i = self->show_requests->len; i > 0; i--) {
        if (vimana_application_try_show (self, g_ptr_array_index (self->show_requests, i - 1)))
            g_ptr_array_remove_index (self->show_requests, i - 1);
    }
}

/* ---- command line ---- */

static int
vimana_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
    if (g_variant_dict_contains (options, "version")) {
        g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return 0;
    }
    return -1;
}

static void
vimana_application_queue_show (VimanaApplication  *self,
                               const char         *name,
                               const char         *page,
                               const char * const *uris)
{
    VimanaShowRequest *request = g_new0 (VimanaShowRequest, 1);

    request->name = g_strdup (name);
    request->page = g_strdup (page);
    request->uris = g_strdupv ((char **) uris);
    g_ptr_array_add (self->show_requests, request);
}

/* Opens the --connect URIs for this session; a URI that cannot be parsed is reported on the
 * calling terminal and in the window. Returns: the command line's exit status */
static int
vimana_application_connect_uris (VimanaApplication       *self,
                                 GApplicationCommandLine *command_line,
                                 VimanaWindow            *window,
                                 const char * const      *uris)
{
    int status = 0;

    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VimanaUri) parsed = vimana_uri_parse (uris[i], &error);
        VimanaConnection *connection;

        if (parsed == NULL) {
            g_autofree char *title = g_strdup_printf (_("Cannot connect to “%s”."), uris[i]);

            g_application_command_line_printerr (command_line, "%s %s\n", title, error->message);
            vimana_error_bar_show_error (vimana_window_get_error_bar (window), title, error);
            status = 1;
            continue;
        }
        connection = vimana_application_add_connection (self, uris[i], FALSE, FALSE);
        vimana_connection_open (connection);
    }
    return status;
}

/* Queues the windows the --show-* options ask for; they open once their guest is listed.
 * Returns: whether any was asked for */
static gboolean
vimana_application_queue_shows (VimanaApplication  *self,
                                GVariantDict       *options,
                                const char * const *uris)
{
    static const struct { const char *option; const char *page; } shows[] = {
        { "show-domain-details", "overview" },
        { "show-domain-console", "console" },
        { "show-domain-performance", "performance" },
        { "show-domain-editor", "hardware" },
        { "show-domain-snapshots", "snapshots" },
        { "show-migrate", "migrate" },
        { "show-clone", "clone" },
    };
    static const struct { const char *option; const char *page; } host_shows[] = {
        { "show-host-summary", "summary" },
        { "show-host-storage", "storage" },
        { "show-host-networks", "networks" },
        { "show-host-interfaces", "interfaces" },
    };
    static const char * const maintenance[] = { "evacuate", "return" };
    gboolean queued = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (maintenance); i++) {
        g_autofree char *option = g_strconcat ("show-", maintenance[i], NULL);
        const char *host_uris[] = { NULL, NULL };

        if (g_variant_dict_lookup (options, option, "&s", &host_uris[0])) {
            vimana_application_queue_show (self, NULL, maintenance[i], host_uris);
            queued = TRUE;
        }
    }
    if (g_variant_dict_contains (options, "show-hosts")) {
        vimana_application_queue_show (self, NULL, "hosts", NULL);
        queued = TRUE;
    }
    for (guint i = 0; i < G_N_ELEMENTS (shows); i++) {
        const char *name = NULL;

        if (g_variant_dict_lookup (options, shows[i].option, "&s", &name)) {
            vimana_application_queue_show (self, name, shows[i].page, uris);
            queued = TRUE;
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS (host_shows); i++) {
        const char *host_uris[] = { NULL, NULL };

        if (!g_variant_dict_contains (options, host_shows[i].option))
            continue;
        /* The first --connect URI that made a connection; without one, the first connection. */
        for (guint j = 0; uris != NULL && uris[j] != NULL && host_uris[0] == NULL; j++) {
            if (vimana_application_lookup_connection (self, uris[j]) != NULL)
                host_uris[0] = uris[j];
        }
        vimana_application_queue_show (self, NULL, host_shows[i].page, host_uris);
        queued = TRUE;
    }
    return queued;
}

/* --show-new-vm: the assistant on the first --connect URI that made a connection, else on the
 * first connection; without any connection, Add Connection. */
static void
vimana_application_show_new_vm (VimanaApplication  *self,
                                VimanaWindow       *window,
                                const char * const *uris)
{
    g_autoptr(VimanaConnection) first = NULL;
    VimanaConnection *connection = NULL;

    for (guint i = 0; uris != NULL && uris[i] != NULL && connection == NULL; i++)
        connection = vimana_application_lookup_connection (self, uris[i]);
    if (connection == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->connections)) > 0) {
        first = g_list_model_get_item (G_LIST_MODEL (self->connections), 0);
        connection = first;
    }
    if (connection != NULL)
        vimana_window_show_new_vm (window, connection);
    else
        vimana_window_show_add_connection (window);
}

static int
vimana_application_command_line (GApplication            *application,
                                 GApplicationCommandLine *command_line)
{
    VimanaApplication *self = VIMANA_APPLICATION (application);
    GVariantDict *options = g_application_command_line_get_options_dict (command_line);
    g_autofree const char **uris = NULL;
    gboolean show_main;
    int status;
    VimanaWindow *window = vimana_application_ensure_window (self);

    g_variant_dict_lookup (options, "connect", "^a&s", &uris);
    status = vimana_application_connect_uris (self, command_line, window, uris);
    show_main = !vimana_application_queue_shows (self, options, uris);
    if (show_main || status != 0 || gtk_widget_get_visible (GTK_WIDGET (window)))
        gtk_window_present (GTK_WINDOW (window));
    /* After the main window, so that the assistant is stacked above it. */
    if (g_variant_dict_contains (options, "show-new-vm"))
        vimana_application_show_new_vm (self, window, uris);
    vimana_application_try_show_requests (self);
    return status;
}

static void
vimana_application_activate (GApplication *application)
{
    VimanaApplication *self = VIMANA_APPLICATION (application);

    gtk_window_present (GTK_WINDOW (vimana_application_ensure_window (self)));
}

/* ---- app actions ---- */

static void
vimana_application_about_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
    VimanaApplication *self = user_data;
    static const char *authors[] = { "The Vimana developers", NULL };

    gtk_show_about_dialog (self->window ? GTK_WINDOW (self->window) : NULL,
                           "program-name", _("Vimana"),
                           "version", PACKAGE_VERSION,
                           "comments", _("Manage virtual machines on local and remote hosts"),
                           "logo-icon-name", APPLICATION_ID,
                           "license-type", GTK_LICENSE_GPL_3_0,
                           "website", "https://github.com/vimana/vimana",
                           "authors", authors,
                           "translator-credits", _("translator-credits"),
                           NULL);
}

static void
vimana_application_preferences_cb (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
    VimanaApplication *self = user_data;
    GtkWidget *preferences;

    if (self->settings == NULL)
        return;
    preferences = vimana_preferences_window_new (self->window ? GTK_WINDOW (self->window) : NULL,
                                                 self->settings);
    gtk_window_present (GTK_WINDOW (preferences));
}

static void
vimana_application_hosts_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
    VimanaApplication *self = user_data;

    vimana_hosts_window_show (GTK_APPLICATION (self), G_LIST_MODEL (self->connections));
}

static void
vimana_application_quit_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
    vimana_quit_ask (GTK_APPLICATION (user_data));
}

/* Ctrl+W: closes the window that has the focus, whichever it is (a dialog, the assistant, a
 * details window), else the application's most recently focused one. */
static void
vimana_application_close_window_cb (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
    GList *toplevels = gtk_window_list_toplevels ();
    GtkWindow *window = NULL;

    for (GList *l = toplevels; l != NULL && window == NULL; l = l->next) {
        if (gtk_window_is_active (l->data) && gtk_widget_get_visible (l->data))
            window = l->data;
    }
    g_list_free (toplevels);
    if (window == NULL)
        window = gtk_application_get_active_window (GTK_APPLICATION (user_data));
    if (window != NULL)
        gtk_window_close (window);
}

static const GActionEntry vimana_application_entries[] = {
    { .name = "close-window", .activate = vimana_application_close_window_cb },
    { .name = "about", .activate = vimana_application_about_cb },
    { .name = "preferences", .activate = vimana_application_preferences_cb },
    { .name = "hosts", .activate = vimana_application_hosts_cb },
    { .name = "quit", .activate = vimana_application_quit_cb },
};

static void
vimana_application_set_accels (VimanaApplication *self)
{
    static const struct { const char *action; const char *accel; } accels[] = {
        { "app.quit", "<Primary>q" },
        { "app.preferences", "<Primary>comma" },
        { "win.search", "<Primary>f" },
        { "win.domain-open", "<Primary>o" },
        { "win.connection-add", "<Primary><Shift>n" },
        { "win.new-vm", "<Primary>n" },
        { "win.show-help-overlay", "<Primary>question" },
        { "app.close-window", "<Primary>w" },
        { "win.show-menu", "F10" },
        { "win.page-next", "<Primary>Page_Down" },
        { "win.page-previous", "<Primary>Page_Up" },
        { "win.page(1)", "<Alt>1" },
        { "win.page(2)", "<Alt>2" },
        { "win.page(3)", "<Alt>3" },
        { "win.page(4)", "<Alt>4" },
        { "win.page(5)", "<Alt>5" },
    };
    guint n_actions;
    const VimanaDomainActionInfo *infos = vimana_domain_actions_get_all (&n_actions);

    for (guint i = 0; i < G_N_ELEMENTS (accels); i++) {
        const char *list[] = { accels[i].accel, NULL };
        gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, list);
    }
    for (guint i = 0; i < n_actions; i++) {
        g_autofree char *name = g_strconcat ("win.", infos[i].name, NULL);
        const char *list[] = { infos[i].accel, NULL };

        if (infos[i].accel != NULL)
            gtk_application_set_accels_for_action (GTK_APPLICATION (self), name, list);
    }
}

static void
vimana_application_startup (GApplication *application)
{
    VimanaApplication *self = VIMANA_APPLICATION (application);
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    G_APPLICATION_CLASS (vimana_application_parent_class)->startup (application);

    g_set_application_name (_("Vimana"));
    gtk_window_set_default_icon_name (APPLICATION_ID);
    gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/style.css");
    gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                               GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

    g_action_map_add_action_entries (G_ACTION_MAP (self), vimana_application_entries,
                                     G_N_ELEMENTS (vimana_application_entries), self);
    vimana_application_set_accels (self);

    self->settings = vimana_application_create_settings ();
    if (self->settings != NULL) {
        static const char * const keys[] = { "stats-interval", "history-length",
                                             "slow-when-hidden" };

        for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
            g_autofree char *signal = g_strconcat ("changed::", keys[i], NULL);
            g_signal_connect_object (self->settings, signal,
                                     G_CALLBACK (vimana_application_stats_settings_changed_cb),
                                     self, 0);
        }
    }
    vimana_application_load_connections (self);
}

static void
vimana_application_shutdown (GApplication *application)
{
    VimanaApplication *self = VIMANA_APPLICATION (application);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->connections));
    GList *windows;

    /* Windows first: a list that no longer shows the guests need not follow them away one
     * row at a time as the connections close. */
    while ((windows = gtk_application_get_windows (GTK_APPLICATION (self))) != NULL)
        gtk_widget_destroy (windows->data);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (self->connections), i);
        vimana_connection_shutdown (connection);
    }

    G_APPLICATION_CLASS (vimana_application_parent_class)->shutdown (application);
}

static void
vimana_application_dispose (GObject *object)
{
    VimanaApplication *self = VIMANA_APPLICATION (object);

    g_clear_pointer (&self->details, g_hash_table_unref);
    g_clear_pointer (&self->show_requests, g_ptr_array_unref);
    g_clear_object (&self->connections);
    g_clear_object (&self->settings);

    G_OBJECT_CLASS (vimana_application_parent_class)->dispose (object);
}

static void
vimana_application_class_init (VimanaApplicationClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
    GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

    object_class->dispose = vimana_application_dispose;
    gtk_app_class->window_added = vimana_application_window_added;
    gtk_app_class->window_removed = vimana_application_window_removed;
    app_class->startup = vimana_application_startup;
    app_class->shutdown = vimana_application_shutdown;
    app_class->activate = vimana_application_activate;
    app_class->command_line = vimana_application_command_line;
    app_class->handle_local_options = vimana_application_handle_local_options;
}

static void
vimana_application_init (VimanaApplication *self)
{
    self->connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    self->details = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
    self->show_requests = g_ptr_array_new_with_free_func (vimana_show_request_free);

    g_application_add_main_option_entries (G_APPLICATION (self), vimana_application_options);
    g_application_set_option_context_summary (G_APPLICATION (self),
                                              _("Manage virtual machines with libvirt."));
}

VimanaApplication *
vimana_application_new (void)
{
    vimana_malloc_tune ();
    return g_object_new (VIMANA_TYPE_APPLICATION,
                         "application-id", APPLICATION_ID,
                         "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                         "resource-base-path", RESOURCE_PREFIX,
                         NULL);
}

GListModel *
vimana_application_get_connections (VimanaApplication *self)
{
    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    return G_LIST_MODEL (self->connections);
}

/* Returns: (transfer none) (nullable): the settings, or %NULL without an installed schema */
GSettings *
vimana_application_get_settings (VimanaApplication *self)
{
    g_return_val_if_fail (VIMANA_IS_APPLICATION (self), NULL);
    return self->settings;
}
