/* vimana-add-connection-dialog.c: the dialog that describes a new libvirt connection
 *
 * The user picks a hypervisor and, optionally, a remote host; the dialog shows the URI that
 * will be used while the user types, and the reason it cannot be used yet right under the
 * fields, so a typing mistake is fixed here rather than reported by a failed connection later.
 * The URI is checked only for its shape (vimana-uri); whether it opens is libvirt's business
 * once the caller adds the connection.
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

    /* borrowed references */
    GtkWidget       *error_field;   /* the template widget shown as refused, if any */

    /* owned references */
    char            *uri;     /* NULL while the input does not describe a usable URI */
    GSettings       *settings; /* NULL without an installed schema: every risky URI is asked */
    char            *risky_uri; /* the URI the risk label describes, until it is trusted */
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

    if (response != GTK_RESPONSE_ACCEPT)
        return;
    if (self->uri == NULL) {
        /* Nothing is applied while the input is invalid. */
        g_signal_stop_emission_by_name (dialog, "response");
        return;
    }
    if (self->risky_uri != NULL && g_str_equal (self->risky_uri, self->uri))
        vimana_add_connection_dialog_trust (self, self->uri);
    g_signal_emit (self, signals[SIGNAL_CONNECTION_CHOSEN], 0, self->uri,
                   vimana_add_connection_dialog_get_autoconnect (self));
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
     * Emitted when the user presses Connect, before the dialog's response.
     */
    signals[SIGNAL_CONNECTION_CHOSEN] =
        g_signal_new ("connection-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

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
