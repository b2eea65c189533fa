/* vimana-new-network-dialog.c: a new NAT or isolated virtual network
 *
 * Every field is checked as it is typed, by core's own rules (vimana_network_spec_check()),
 * and against the connection's networks (a name taken, a subnet another network has); the
 * reason shows under the field it is about and Create waits until there is none. The form
 * starts filled with a free name and a free 192.168.x.0/24, so that Create works at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-network-dialog"

#include "config.h"

#include "vimana-new-network-dialog.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"

struct _VimanaNewNetworkDialog
{
    GtkDialog         parent_instance;

    /* template widgets */
    GtkEntry         *name_field;
    GtkLabel         *name_error;
    GtkComboBoxText  *mode_field;
    GtkEntry         *address_field;
    GtkLabel         *address_error;
    GtkSpinButton    *prefix_field;
    GtkLabel         *prefix_error;
    GtkToggleButton  *dhcp_field;
    GtkEntry         *dhcp_start_field;
    GtkLabel         *dhcp_start_error;
    GtkEntry         *dhcp_end_field;
    GtkLabel         *dhcp_end_error;
    GtkLabel         *error_label;
    GtkWidget        *create_button;

    /* owned references */
    VimanaConnection *connection;
    GCancellable     *cancellable;

    gboolean          creating;
};

G_DEFINE_FINAL_TYPE (VimanaNewNetworkDialog, vimana_new_network_dialog, GTK_TYPE_DIALOG)

static void
vimana_new_network_dialog_read (VimanaNewNetworkDialog *self,
                                VimanaNetworkSpec      *spec)
{
    gboolean dhcp = gtk_toggle_button_get_active (self->dhcp_field);

    spec->name = gtk_entry_get_text (self->name_field);
    spec->nat = g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->mode_field)),
                           "isolated") != 0;
    spec->address = gtk_entry_get_text (self->address_field);
    spec->prefix = (guint) gtk_spin_button_get_value_as_int (self->prefix_field);
    spec->dhcp_start = dhcp ? gtk_entry_get_text (self->dhcp_start_field) : NULL;
    spec->dhcp_end = dhcp ? gtk_entry_get_text (self->dhcp_end_field) : NULL;
}

/* Returns: (nullable): the listed network whose subnet @spec's overlaps */
static VimanaNetwork *
vimana_new_network_dialog_overlapping (VimanaNewNetworkDialog  *self,
                                       const VimanaNetworkSpec *spec)
{
    GListModel *networks = vimana_connection_get_networks (self->connection);

    for (guint i = 0; i < g_list_model_get_n_items (networks); i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (networks, i);

        if (vimana_network_subnets_overlap (spec->address, spec->prefix,
                                            vimana_network_get_ipv4_address (network),
                                            vimana_network_get_ipv4_prefix (network)))
            /* The model holds it. */
            return network;
    }
    return NULL;
}

static GtkWidget *
vimana_new_network_dialog_field (VimanaNewNetworkDialog *self,
                                 VimanaNetworkField      field,
                                 GtkLabel              **label)
{
    switch (field) {
    case VIMANA_NETWORK_FIELD_NAME:
        *label = self->name_error;
        return GTK_WIDGET (self->name_field);
    case VIMANA_NETWORK_FIELD_ADDRESS:
        *label = self->address_error;
        return GTK_WIDGET (self->address_field);
    case VIMANA_NETWORK_FIELD_PREFIX:
        *label = self->prefix_error;
        return GTK_WIDGET (self->prefix_field);
    case VIMANA_NETWORK_FIELD_DHCP_START:
        *label = self->dhcp_start_error;
        return GTK_WIDGET (self->dhcp_start_field);
    case VIMANA_NETWORK_FIELD_DHCP_END:
    default:
        *label = self->dhcp_end_error;
        return GTK_WIDGET (self->dhcp_end_field);
    }
}

/* Checks the form; says the first reason under its field. Returns: whether it makes a network */
static gboolean
vimana_new_network_dialog_check (VimanaNewNetworkDialog *self)
{
    static const VimanaNetworkField fields[] = {
        VIMANA_NETWORK_FIELD_NAME, VIMANA_NETWORK_FIELD_ADDRESS, VIMANA_NETWORK_FIELD_PREFIX,
        VIMANA_NETWORK_FIELD_DHCP_START, VIMANA_NETWORK_FIELD_DHCP_END,
    };
    g_autoptr(GError) error = NULL;
    g_autofree char *message = NULL;
    VimanaNetworkSpec spec;
    VimanaNetworkSpec without_dhcp;
    VimanaNetworkField field = VIMANA_NETWORK_FIELD_NAME;
    VimanaNetwork *other;
    GtkLabel *label;
    GtkWidget *widget;
    gboolean dhcp = gtk_toggle_button_get_active (self->dhcp_field);

    gtk_widget_set_sensitive (GTK_WIDGET (self->dhcp_start_field), dhcp);
    gtk_widget_set_sensitive (GTK_WIDGET (self->dhcp_end_field), dhcp);
    for (guint i = 0; i < G_N_ELEMENTS (fields); i++) {
        widget = vimana_new_network_dialog_field (self, fields[i], &label);
        vimana_field_error_set (widget, label, NULL);
    }

    /* The fields in the form's order: the range is judged once the subnet is good. */
    vimana_new_network_dialog_read (self, &spec);
    without_dhcp = spec;
    without_dhcp.dhcp_start = without_dhcp.dhcp_end = NULL;
    if (!vimana_network_spec_check (&without_dhcp, &field, &error)) {
        message = g_strdup (error->message);
    } else if (vimana_connection_find_network (self->connection, spec.name) != NULL) {
        field = VIMANA_NETWORK_FIELD_NAME;
        message = g_strdup_printf (_("There is already a network “%s”; choose another name."),
                                   spec.name);
    } else if ((other = vimana_new_network_dialog_overlapping (self, &spec)) != NULL) {
        field = VIMANA_NETWORK_FIELD_ADDRESS;
        /* Translators: an address and prefix, then another network's name. */
        message = g_strdup_printf (_("%s/%u overlaps the network “%s”; guests could not tell "
                                     "them apart. Choose another subnet."), spec.address,
                                   spec.prefix, vimana_network_get_name (other));
    } else if (!vimana_network_spec_check (&spec, &field, &error)) {
        message = g_strdup (error->message);
    }
    if (message != NULL) {
        widget = vimana_new_network_dialog_field (self, field, &label);
        vimana_field_error_set (widget, label, message);
    }
    gtk_widget_set_sensitive (self->create_button, message == NULL && !self->creating);
    return message == NULL;
}

static void
vimana_new_network_dialog_changed_cb (VimanaNewNetworkDialog *self)
{
    vimana_new_network_dialog_check (self);
}

static void
vimana_new_network_dialog_created_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    g_autoptr(VimanaNetwork) network = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNewNetworkDialog *self;

    network = vimana_connection_create_network_finish (VIMANA_CONNECTION (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    self->creating = FALSE;
    if (network != NULL) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    vimana_new_network_dialog_check (self);
    gtk_label_set_text (self->error_label, error->message);
    gtk_widget_show (GTK_WIDGET (self->error_label));
}

static void
vimana_new_network_dialog_response (GtkDialog *dialog,
                                    int        response)
{
    VimanaNewNetworkDialog *self = VIMANA_NEW_NETWORK_DIALOG (dialog);
    VimanaNetworkSpec spec;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    if (self->creating || !vimana_new_network_dialog_check (self))
        return;
    self->creating = TRUE;
    gtk_widget_set_sensitive (self->create_button, FALSE);
    vimana_new_network_dialog_read (self, &spec);
    vimana_connection_create_network_async (self->connection, &spec, self->cancellable,
                                            vimana_new_network_dialog_created_cb, self);
}

/* A name and a 192.168.x.0/24 that no listed network has. */
static void
vimana_new_network_dialog_suggest (VimanaNewNetworkDialog *self)
{
    g_autofree char *name = NULL;

    for (guint i = 1; name == NULL; i++) {
        g_autofree char *candidate = g_strdup_printf ("network%u", i);

        if (vimana_connection_find_network (self->connection, candidate) == NULL)
            name = g_steal_pointer (&candidate);
    }
    gtk_entry_set_text (self->name_field, name);
    for (guint octet = 100; octet < 255; octet++) {
        g_autofree char *address = g_strdup_printf ("192.168.%u.1", octet);
        VimanaNetworkSpec spec = { .address = address, .prefix = 24 };

        if (vimana_new_network_dialog_overlapping (self, &spec) == NULL) {
            g_autofree char *start = g_strdup_printf ("192.168.%u.2", octet);
            g_autofree char *end = g_strdup_printf ("192.168.%u.254", octet);

            gtk_entry_set_text (self->address_field, address);
            gtk_entry_set_text (self->dhcp_start_field, start);
            gtk_entry_set_text (self->dhcp_end_field, end);
            break;
        }
    }
    vimana_new_network_dialog_check (self);
}

static void
vimana_new_network_dialog_dispose (GObject *object)
{
    VimanaNewNetworkDialog *self = VIMANA_NEW_NETWORK_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->connection);

    G_OBJECT_CLASS (vimana_new_network_dialog_parent_class)->dispose (object);
}

static void
vimana_new_network_dialog_class_init (VimanaNewNetworkDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_new_network_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = vimana_new_network_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-new-network-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, name_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, mode_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, address_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, address_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, prefix_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, prefix_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, dhcp_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, dhcp_start_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, dhcp_start_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, dhcp_end_field);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, dhcp_end_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewNetworkDialog, create_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_network_dialog_changed_cb);
}

static void
vimana_new_network_dialog_init (VimanaNewNetworkDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

/**
 * vimana_new_network_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @connection: the connection, its networks listed
 *
 * Returns: (transfer none): a new dialog; it destroys itself once the network exists or when
 *   it is cancelled
 */
GtkWidget *
vimana_new_network_dialog_new (GtkWindow        *parent,
                               VimanaConnection *connection)
{
    VimanaNewNetworkDialog *self;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIMANA_TYPE_NEW_NETWORK_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         NULL);
    self->connection = g_object_ref (connection);
    vimana_new_network_dialog_suggest (self);
    return GTK_WIDGET (self);
}

static GtkEntry *
vimana_new_network_dialog_entry (VimanaNewNetworkDialog *self,
                                 const char             *field)
{
    if (g_strcmp0 (field, "name") == 0)
        return self->name_field;
    if (g_strcmp0 (field, "address") == 0)
        return self->address_field;
    if (g_strcmp0 (field, "prefix") == 0)
        return GTK_ENTRY (self->prefix_field);
    if (g_strcmp0 (field, "dhcp-start") == 0)
        return self->dhcp_start_field;
    if (g_strcmp0 (field, "dhcp-end") == 0)
        return self->dhcp_end_field;
    return NULL;
}

/**
 * vimana_new_network_dialog_set_field:
 * @self: a #VimanaNewNetworkDialog
 * @field: "name", "address", "prefix", "dhcp-start", "dhcp-end", "mode" ("nat", "isolated") or
 *   "dhcp" ("yes", "no")
 * @value: what a user would type or choose
 */
void
vimana_new_network_dialog_set_field (VimanaNewNetworkDialog *self,
                                     const char             *field,
                                     const char             *value)
{
    GtkEntry *entry;

    g_return_if_fail (VIMANA_IS_NEW_NETWORK_DIALOG (self));

    if (g_strcmp0 (field, "mode") == 0) {
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->mode_field), value);
    } else if (g_strcmp0 (field, "dhcp") == 0) {
        gtk_toggle_button_set_active (self->dhcp_field, g_strcmp0 (value, "yes") == 0);
    } else if (g_strcmp0 (field, "prefix") == 0) {
        gtk_spin_button_set_value (self->prefix_field, g_ascii_strtod (value, NULL));
    } else if ((entry = vimana_new_network_dialog_entry (self, field)) != NULL) {
        gtk_entry_set_text (entry, value);
    }
}

/* Returns: (nullable): what a text field holds */
const char *
vimana_new_network_dialog_get_field (VimanaNewNetworkDialog *self,
                                     const char             *field)
{
    GtkEntry *entry;

    g_return_val_if_fail (VIMANA_IS_NEW_NETWORK_DIALOG (self), NULL);
    entry = vimana_new_network_dialog_entry (self, field);
    return entry != NULL ? gtk_entry_get_text (entry) : NULL;
}

/* Returns: what is said under @field (as vimana_new_network_dialog_set_field() names them, or
 *   "dialog"); "" when nothing is */
const char *
vimana_new_network_dialog_get_error (VimanaNewNetworkDialog *self,
                                     const char             *field)
{
    GtkLabel *label = self->error_label;

    g_return_val_if_fail (VIMANA_IS_NEW_NETWORK_DIALOG (self), NULL);

    if (g_strcmp0 (field, "name") == 0)
        label = self->name_error;
    else if (g_strcmp0 (field, "address") == 0)
        label = self->address_error;
    else if (g_strcmp0 (field, "prefix") == 0)
        label = self->prefix_error;
    else if (g_strcmp0 (field, "dhcp-start") == 0)
        label = self->dhcp_start_error;
    else if (g_strcmp0 (field, "dhcp-end") == 0)
        label = self->dhcp_end_error;
    return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}

/* Returns: whether Create is offered: every field is valid */
gboolean
vimana_new_network_dialog_can_create (VimanaNewNetworkDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_NETWORK_DIALOG (self), FALSE);
    return gtk_widget_get_sensitive (self->create_button);
}
