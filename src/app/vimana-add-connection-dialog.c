/* vimana-add-connection-dialog.c: the dialog that describes a new libvirt connection
 *
 * The user picks a hypervisor and, optionally, a remote host; the dialog shows the URI that
 * will be used while the user types, and the reason it cannot be used yet right under the
 * fields, so a typing mistake is fixed here rather than reported by a failed connection later.
 * The URI is checked for its shape (vimana-uri), then tried: on Connect the caller opens the
 * connection and hands it to vimana_add_connection_dialog_try(); the dialog stays open while it
 * connects, closes when it did, and otherwise shows libvirt's reason and offers "Keep Anyway",
 * so that a URI that cannot work is never saved (and retried at every start) without a word.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-add-connection-dialog"

#include "config.h"

#include "vimana-add-connection-dialog.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-uri.h"

struct _VimanaAddConnectionDialog
{
    GtkDialog parent_instance;

    /* template widgets */
    GtkComboBoxText *hypervisor_combo;
    GtkCheckButton  *remote_check;
    GtkLabel        *host_label;
    GtkEntry        *host_entry;
    GtkLabel        *port_label;
    GtkEntry        *port_entry;
    GtkLabel        *user_label;
    GtkEntry        *user_entry;
    GtkLabel        *transport_label;
    GtkComboBoxText *transport_combo;
    GtkLabel        *custom_label;
    GtkEntry        *custom_entry;
    GtkLabel        *risk_label;
    GtkCheckButton  *risk_check;
    GtkLabel        *error_label;
    GtkCheckButton  *autoconnect_check;
    GtkLabel        *uri_label;
    GtkWidget       *grid;
    GtkWidget       *status_box;
    GtkSpinner      *status_spinner;
    GtkLabel        *status_label;
    GtkWidget       *keep_button;

    /* borrowed references */
    GtkWidget       *error_field;   /* the template widget shown as refused, if any */

    /* owned references */
    char             *uri;    /* NULL while the input does not describe a usable URI */
    GSettings        *settings; /* NULL without an installed schema: every risky URI is asked */
    char             *risky_uri; /* the URI the risk label describes, until it is trusted */
    VimanaConnection *trial;  /* the connection being tried, until kept or dropped */
    gboolean          kept;   /* connection-kept was emitted: the next Connect response passes */
};

G_DEFINE_FINAL_TYPE (VimanaAddConnectionDialog, vimana_add_connection_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_URI,
    PROP_AUTOCONNECT,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_CONNECTION_CHOSEN,
    SIGNAL_CONNECTION_KEPT,
    SIGNAL_CONNECTION_DROPPED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
vimana_add_connection_dialog_is_custom (VimanaAddConnectionDialog *self)
{
    return g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->hypervisor_combo)),
                      "custom") == 0;
}

static VimanaHypervisor
vimana_add_connection_dialog_get_hypervisor (VimanaAddConnectionDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->hypervisor_combo));

    if (g_strcmp0 (id, "qemu-session") == 0)
        return VIMANA_HYPERVISOR_QEMU_SESSION;
    if (g_strcmp0 (id, "test") == 0)
        return VIMANA_HYPERVISOR_TEST;
    return VIMANA_HYPERVISOR_QEMU_SYSTEM;
}

/* Returns: (transfer full) (nullable): the URI the fields describe, or NULL with @error set
 * and @field the control it is about */
static char *
vimana_add_connection_dialog_compute_uri (VimanaAddConnectionDialog  *self,
                                          GtkWidget                 **field,
                                          GError                    **error)
{
    VimanaHypervisor hypervisor = vimana_add_connection_dialog_get_hypervisor (self);
    g_autofree char *host = NULL;
    g_autofree char *checked_host = NULL;
    g_autofree char *user = NULL;
    g_autoptr(VimanaUri) parsed = NULL;
    const char *custom;
    int port = -1;

    if (vimana_add_connection_dialog_is_custom (self)) {
        custom = gtk_entry_get_text (self->custom_entry);
        *field = GTK_WIDGET (self->custom_entry);
        parsed = vimana_uri_parse (custom, error);
        return parsed != NULL ? g_strdup (custom) : NULL;
    }

    *field = GTK_WIDGET (self->hypervisor_combo);
    if (!gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remote_check)))
        return vimana_uri_build (hypervisor, NULL, -1, NULL, NULL, error);

    host = g_strstrip (g_strdup (gtk_entry_get_text (self->host_entry)));
    user = g_strstrip (g_strdup (gtk_entry_get_text (self->user_entry)));
    if (hypervisor == VIMANA_HYPERVISOR_TEST) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("The test hypervisor runs inside Vimana and cannot be remote."));
        return NULL;
    }

    /* Each part is checked on its own, so the message is beside the field it is about; the
     * URI is built from checked parts only (defect 4: a host cannot smuggle in a query). */
    *field = GTK_WIDGET (self->host_entry);
    checked_host = vimana_uri_check_host (host, error);
    if (checked_host == NULL)
        return NULL;
    *field = GTK_WIDGET (self->port_entry);
    if (!vimana_uri_parse_port (gtk_entry_get_text (self->port_entry), &port, error))
        return NULL;
    *field = GTK_WIDGET (self->user_entry);
    if (!vimana_uri_check_user (user, error))
        return NULL;
    *field = GTK_WIDGET (self->host_entry);
    return vimana_uri_build (hypervisor, checked_host, port, user,
                             gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->transport_combo)),
                             error);
}

static gboolean
vimana_add_connection_dialog_is_trusted (VimanaAddConnectionDialog *self,
                                         const char                *uri)
{
    g_auto(GStrv) trusted = NULL;

    if (self->settings == NULL)
        return FALSE;
    trusted = g_settings_get_strv (self->settings, "trusted-uris");
    return g_strv_contains ((const char * const *) trusted, uri);
}

static void
vimana_add_connection_dialog_trust (VimanaAddConnectionDialog *self,
                                    const char                *uri)
{
    g_autoptr(GStrvBuilder) builder = NULL;
    g_auto(GStrv) trusted = NULL;
    g_auto(GStrv) updated = NULL;

    if (self->settings == NULL || vimana_add_connection_dialog_is_trusted (self, uri))
        return;
    trusted = g_settings_get_strv (self->settings, "trusted-uris");
    builder = g_strv_builder_new ();
    g_strv_builder_addv (builder, (const char **) trusted);
    g_strv_builder_add (builder, uri);
    updated = g_strv_builder_end (builder);
    g_settings_set_strv (self->settings, "trusted-uris", (const char * const *) updated);
}

/* Shows what a custom URI's transport parameters make libvirt do, and asks once per URI.
 * Returns: whether @uri may be used now */
static gboolean
vimana_add_connection_dialog_update_risks (VimanaAddConnectionDialog *self,
                                           const char                *uri)
{
    g_auto(GStrv) risks = NULL;
    g_autofree char *joined = NULL;
    g_autofree char *text = NULL;

    if (uri != NULL && vimana_add_connection_dialog_is_custom (self) &&
        !vimana_add_connection_dialog_is_trusted (self, uri))
        risks = vimana_uri_describe_risks (uri);

    gtk_widget_set_visible (GTK_WIDGET (self->risk_label), risks != NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->risk_check), risks != NULL);
    if (risks == NULL) {
        g_clear_pointer (&self->risky_uri, g_free);
        return TRUE;
    }

    /* A changed URI is asked about again. */
    if (g_strcmp0 (uri, self->risky_uri) != 0) {
        g_free (self->risky_uri);
        self->risky_uri = g_strdup (uri);
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->risk_check), FALSE);
    }
    joined = g_strjoinv ("\n• ", risks);
    text = g_strdup_printf (_("This URI makes libvirt do more than connect:\n• %s"), joined);
    gtk_label_set_text (self->risk_label, text);
    return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->risk_check));
}

/* ---- trying the connection ---- */

static void vimana_add_connection_dialog_trial_changed_cb (VimanaAddConnectionDialog *self);

static void
vimana_add_connection_dialog_release_trial (VimanaAddConnectionDialog *self)
{
    if (self->trial == NULL)
        return;
    g_signal_handlers_disconnect_by_func (self->trial,
                                          vimana_add_connection_dialog_trial_changed_cb, self);
    g_clear_object (&self->trial);
    gtk_widget_set_visible (self->keep_button, FALSE);
    gtk_widget_set_visible (self->status_box, FALSE);
    gtk_spinner_stop (self->status_spinner);
    gtk_widget_set_sensitive (self->grid, TRUE);
}

/* The user changed the connection or gave up on it: the caller forgets the one tried. */
static void
vimana_add_connection_dialog_drop_trial (VimanaAddConnectionDialog *self)
{
    g_autoptr(VimanaConnection) trial = NULL;

    if (self->trial == NULL || self->kept)
        return;
    trial = g_object_ref (self->trial);
    vimana_add_connection_dialog_release_trial (self);
    g_signal_emit (self, signals[SIGNAL_CONNECTION_DROPPED], 0, trial);
}

static void
vimana_add_connection_dialog_keep_trial (VimanaAddConnectionDialog *self)
{
    g_autoptr(VimanaConnection) trial = g_object_ref (self->trial);

    self->kept = TRUE;
    vimana_add_connection_dialog_release_trial (self);
    g_signal_emit (self, signals[SIGNAL_CONNECTION_KEPT], 0, trial,
                   vimana_add_connection_dialog_get_autoconnect (self));
}

/* The field a failed attempt is about. */
static GtkWidget *
vimana_add_connection_dialog_trial_field (VimanaAddConnectionDialog *self)
{
    if (vimana_add_connection_dialog_is_custom (self))
        return GTK_WIDGET (self->custom_entry);
    if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remote_check)))
        return GTK_WIDGET (self->host_entry);
    return GTK_WIDGET (self->hypervisor_combo);
}

static void
vimana_add_connection_dialog_trial_changed_cb (VimanaAddConnectionDialog *self)
{
    VimanaConnectionState state = vimana_connection_get_state (self->trial);
    gboolean trying = state == VIMANA_CONNECTION_STATE_CONNECTING;
    g_autofree char *status = NULL;
    g_autofree char *reason = NULL;
    GtkWidget *field;

    if (state == VIMANA_CONNECTION_STATE_CONNECTED) {
        /* The caller's response handler may destroy us. */
        g_autoptr(VimanaAddConnectionDialog) hold = g_object_ref (self);

        vimana_add_connection_dialog_keep_trial (self);
        gtk_dialog_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
        return;
    }

    gtk_widget_set_sensitive (self->grid, !trying);
    gtk_widget_set_visible (self->status_box, TRUE);
    gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), trying);
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, !trying);
    if (trying) {
        gtk_spinner_start (self->status_spinner);
        status = g_strdup_printf (_("Connecting to %s…"), self->uri);
        gtk_label_set_text (self->status_label, status);
        gtk_widget_set_visible (self->keep_button, FALSE);
        return;
    }

    /* Disconnected: the attempt failed, and the connection's message says why. */
    gtk_spinner_stop (self->status_spinner);
    gtk_label_set_text (self->status_label,
                        _("Keep the connection anyway, or change it and connect again."));
    gtk_widget_set_visible (self->keep_button, TRUE);
    reason = g_strdup_printf (_("Could not connect: %s"),
                              vimana_connection_get_message (self->trial) != NULL
                              ? vimana_connection_get_message (self->trial)
                              : _("the connection was closed."));
    field = vimana_add_connection_dialog_trial_field (self);
    if (self->error_field != NULL && self->error_field != field)
        vimana_field_error_set (self->error_field, self->error_label, NULL);
    self->error_field = field;
    vimana_field_error_set (field, self->error_label, reason);
}

/**
 * vimana_add_connection_dialog_try:
 * @self: a #VimanaAddConnectionDialog
 * @connection: the connection #VimanaAddConnectionDialog::connection-chosen described, opened
 *   by the caller
 *
 * Called from a #VimanaAddConnectionDialog::connection-chosen handler: the dialog stays open
 * while @connection connects. Once it has, the dialog emits
 * #VimanaAddConnectionDialog::connection-kept and its response; if it fails, the dialog shows
 * why and offers to keep it anyway (%VIMANA_ADD_CONNECTION_RESPONSE_KEEP), to connect again,
 * or to cancel, which emits #VimanaAddConnectionDialog::connection-dropped.
 */
void
vimana_add_connection_dialog_try (VimanaAddConnectionDialog *self,
                                  VimanaConnection          *connection)
{
    g_return_if_fail (VIMANA_IS_ADD_CONNECTION_DIALOG (self));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    if (self->trial == connection)
        return;
    vimana_add_connection_dialog_release_trial (self);
    self->kept = FALSE;
    self->trial = g_object_ref (connection);
    g_signal_connect_swapped (connection, "notify::state",
                              G_CALLBACK (vimana_add_connection_dialog_trial_changed_cb), self);
    g_signal_connect_swapped (connection, "notify::message",
                              G_CALLBACK (vimana_add_connection_dialog_trial_changed_cb), self);
    vimana_add_connection_dialog_trial_changed_cb (self);
}

static void
vimana_add_connection_dialog_update (VimanaAddConnectionDialog *self)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;
    GtkWidget *field = NULL;
    gboolean custom = vimana_add_connection_dialog_is_custom (self);
    gboolean remote = !custom &&
                      gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->remote_check));

    gtk_widget_set_visible (GTK_WIDGET (self->remote_check), !custom);
    gtk_widget_set_visible (GTK_WIDGET (self->host_label), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->host_entry), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->port_label), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->port_entry), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->user_label), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->user_entry), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->transport_label), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->transport_combo), remote);
    gtk_widget_set_visible (GTK_WIDGET (self->custom_label), custom);
    gtk_widget_set_visible (GTK_WIDGET (self->custom_entry), custom);

    uri = vimana_add_connection_dialog_compute_uri (self, &field, &error);

    /* One message at a time: a field refused before loses its look when another is. */
    if (self->error_field != NULL && self->error_field != field)
        vimana_field_error_set (self->error_field, self->error_label, NULL);
    self->error_field = error != NULL ? field : NULL;
    vimana_field_error_set (field, self->error_label, error != NULL ? error->message : NULL);
    gtk_label_set_text (self->uri_label, uri != NULL ? uri : "—");
    if (!vimana_add_connection_dialog_update_risks (self, uri))
        g_clear_pointer (&uri, g_free);
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, uri != NULL);

    if (g_strcmp0 (uri, self->uri) != 0) {
        g_free (self->uri);
        self->uri = g_steal_pointer (&uri);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URI]);
    }
}

static void
vimana_add_connection_dialog_input_changed_cb (VimanaAddConnectionDialog *self)
{
    /* What was tried is not what the fields say any more. */
    if (self->trial != NULL &&
        vimana_connection_get_state (self->trial) != VIMANA_CONNECTION_STATE_CONNECTING)
        vimana_add_connection_dialog_drop_trial (self);
    vimana_add_connection_dialog_update (self);
}

static void
vimana_add_connection_dialog_autoconnect_toggled_cb (VimanaAddConnectionDialog *self)
{
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOCONNECT]);
}

/* Connected first, so the choice is announced before a caller's response handler destroys us. */
static void
vimana_add_connection_dialog_response_cb (GtkDialog *dialog,
                                          int        response,
                                          gpointer   user_data)
{
    VimanaAddConnectionDialog *self = VIMANA_ADD_CONNECTION_DIALOG (dialog);

    if (response == VIMANA_ADD_CONNECTION_RESPONSE_KEEP) {
        if (self->trial == NULL) {
            g_signal_stop_emission_by_name (dialog, "response");
            return;
        }
        vimana_add_connection_dialog_keep_trial (self);
        return;
    }
    if (response != GTK_RESPONSE_ACCEPT) {
        /* Cancel, Escape or the close button: nothing tried is kept. */
        vimana_add_connection_dialog_drop_trial (self);
        return;
    }
    if (self->kept)
        return;
    if (self->uri == NULL) {
        /* Nothing is applied while the input is invalid. */
        g_signal_stop_emission_by_name (dialog, "response");
        return;
    }
    if (self->trial != NULL) {
        /* Connect again after a failure, with the same fields. */
        g_signal_stop_emission_by_name (dialog, "response");
        vimana_connection_open (self->trial);
        vimana_add_connection_dialog_trial_changed_cb (self);
        return;
    }
    if (self->risky_uri != NULL && g_str_equal (self->risky_uri, self->uri))
        vimana_add_connection_dialog_trust (self, self->uri);
    g_signal_emit (self, signals[SIGNAL_CONNECTION_CHOSEN], 0, self->uri,
                   vimana_add_connection_dialog_get_autoconnect (self));
    /* A handler is trying the connection: stay open until it connects or the user decides.
     * Without one, the choice is all there is to tell. */
    if (self->trial != NULL && !self->kept)
        g_signal_stop_emission_by_name (dialog, "response");
}

static void
vimana_add_connection_dialog_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
    VimanaAddConnectionDialog *self = VIMANA_ADD_CONNECTION_DIALOG (object);

    switch (prop_id) {
    case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
    case PROP_AUTOCONNECT:
        g_value_set_boolean (value, vimana_add_connection_dialog_get_autoconnect (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_add_connection_dialog_dispose (GObject *object)
{
    VimanaAddConnectionDialog *self = VIMANA_ADD_CONNECTION_DIALOG (object);

    if (self->trial != NULL)
        g_signal_handlers_disconnect_by_func (self->trial,
                                              vimana_add_connection_dialog_trial_changed_cb, self);
    g_clear_object (&self->trial);

    G_OBJECT_CLASS (vimana_add_connection_dialog_parent_class)->dispose (object);
}

static void
vimana_add_connection_dialog_finalize (GObject *object)
{
    VimanaAddConnectionDialog *self = VIMANA_ADD_CONNECTION_DIALOG (object);

    g_free (self->uri);
    g_free (self->risky_uri);
    g_clear_object (&self->settings);

    G_OBJECT_CLASS (vimana_add_connection_dialog_parent_class)->finalize (object);
}

static void
vimana_add_connection_dialog_class_init (VimanaAddConnectionDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = vimana_add_connection_dialog_get_property;
    object_class->dispose = vimana_add_connection_dialog_dispose;
    object_class->finalize = vimana_add_connection_dialog_finalize;

    /**
     * VimanaAddConnectionDialog:uri:
     *
     * The URI the fields describe, or %NULL while they do not describe a usable one.
     */
    properties[PROP_URI] =
        g_param_spec_string ("uri", NULL, NULL, NULL,
                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    properties[PROP_AUTOCONNECT] =
        g_param_spec_boolean ("autoconnect", NULL, NULL, TRUE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaAddConnectionDialog::connection-chosen:
     * @self: the dialog
     * @uri: the connection URI, already checked for its shape
     * @autoconnect: whether to connect at start-up
     *
     * Emitted when the user presses Connect, before the dialog's response. A handler opens the
     * connection (not saving it yet) and passes it to vimana_add_connection_dialog_try().
     */
    signals[SIGNAL_CONNECTION_CHOSEN] =
        g_signal_new ("connection-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
    /**
     * VimanaAddConnectionDialog::connection-kept:
     * @self: the dialog
     * @connection: the connection tried
     * @autoconnect: whether to connect at start-up
     *
     * The connection opened, or the user chose to keep it although it did not: save it.
     */
    signals[SIGNAL_CONNECTION_KEPT] =
        g_signal_new ("connection-kept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, VIMANA_TYPE_CONNECTION, G_TYPE_BOOLEAN);
    /**
     * VimanaAddConnectionDialog::connection-dropped:
     * @self: the dialog
     * @connection: the connection tried
     *
     * The user cancelled, or changed the fields, after @connection was tried: forget it.
     */
    signals[SIGNAL_CONNECTION_DROPPED] =
        g_signal_new ("connection-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, VIMANA_TYPE_CONNECTION);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-add-connection-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog,
                                          hypervisor_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, remote_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, host_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, host_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, port_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, port_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, user_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, user_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, transport_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, transport_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, custom_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, custom_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, risk_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, risk_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog,
                                          autoconnect_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, uri_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, grid);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, status_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, status_spinner);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, status_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddConnectionDialog, keep_button);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_add_connection_dialog_input_changed_cb);
}

static GSettings *
vimana_add_connection_dialog_create_settings (void)
{
    GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
    if (schema == NULL || !g_settings_schema_has_key (schema, "trusted-uris"))
        return NULL;
    return g_settings_new_full (schema, NULL, NULL);
}

static void
vimana_add_connection_dialog_init (VimanaAddConnectionDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->settings = vimana_add_connection_dialog_create_settings ();

    g_signal_connect (self, "response", G_CALLBACK (vimana_add_connection_dialog_response_cb),
                      NULL);
    g_signal_connect_swapped (self->autoconnect_check, "toggled",
                              G_CALLBACK (vimana_add_connection_dialog_autoconnect_toggled_cb),
                              self);
    vimana_add_connection_dialog_update (self);
}

/**
 * vimana_add_connection_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 *
 * Returns: (transfer none): a new dialog; it emits #VimanaAddConnectionDialog::connection-chosen
 *   on Connect, then its response, and the caller destroys it
 */
GtkWidget *
vimana_add_connection_dialog_new (GtkWindow *parent)
{
    return g_object_new (VIMANA_TYPE_ADD_CONNECTION_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         NULL);
}

/* Returns: (nullable): the URI the fields describe, or NULL while they are not valid */
const char *
vimana_add_connection_dialog_get_uri (VimanaAddConnectionDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_ADD_CONNECTION_DIALOG (self), NULL);

    return self->uri;
}

gboolean
vimana_add_connection_dialog_get_autoconnect (VimanaAddConnectionDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_ADD_CONNECTION_DIALOG (self), FALSE);

    return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->autoconnect_check));
}

/**
 * vimana_add_connection_dialog_set_uri:
 * @self: a #VimanaAddConnectionDialog
 * @uri: a URI, valid or not
 *
 * Chooses "Custom URI" and types @uri into it, as a user would.
 */
void
vimana_add_connection_dialog_set_uri (VimanaAddConnectionDialog *self,
                                      const char                *uri)
{
    g_return_if_fail (VIMANA_IS_ADD_CONNECTION_DIALOG (self));

    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->hypervisor_combo), "custom");
    gtk_entry_set_text (self->custom_entry, uri != NULL ? uri : "");
    vimana_add_connection_dialog_update (self);
}
