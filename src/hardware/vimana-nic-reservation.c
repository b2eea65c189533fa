/* vimana-nic-reservation.c: "Always give this guest <IP>" under a NIC on a virtual network
 *
 * Adds a DHCP reservation for the NIC's MAC on its network (vimana_network_reserve_async(), the
 * call the Host window's Networks page uses), checked as it is typed with the same rules
 * (vimana_network_check_reservation()); the reason goes under the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-nic-reservation"

#include "config.h"

#include "vimana-nic-reservation.h"

#include <glib/gi18n.h>

#include "vimana-can-act.h"
#include "vimana-connection.h"
#include "vimana-field-error.h"
#include "vimana-network-xml.h"

struct _VimanaNicReservation
{
    GtkGrid           parent_instance;

    /* widgets */
    GtkEntry         *entry;
    GtkWidget        *button;
    GtkLabel         *message;

    /* owned references */
    VimanaConnection *connection;
    char             *network;
    char             *mac;
    GCancellable     *cancellable;
    gboolean          busy;
};

G_DEFINE_FINAL_TYPE (VimanaNicReservation, vimana_nic_reservation, GTK_TYPE_GRID)

static VimanaNetwork *
vimana_nic_reservation_find (VimanaNicReservation *self)
{
    return vimana_connection_find_network (self->connection, self->network);
}

/* Checks what is typed; returns whether the button may act. */
static gboolean
vimana_nic_reservation_check (VimanaNicReservation *self)
{
    VimanaNetwork *network = vimana_nic_reservation_find (self);
    const char *ip = gtk_entry_get_text (self->entry);
    g_autoptr(GError) error = NULL;
    gboolean mac_field;

    if (network == NULL) {
        vimana_field_error_set_hint (GTK_WIDGET (self->entry), self->message,
                                     _("The virtual network is not known yet."));
        return FALSE;
    }
    if (*ip == '\0') {
        vimana_field_error_set_hint (GTK_WIDGET (self->entry), self->message,
                                     _("An address in the network’s subnet that DHCP always gives this NIC."));
        return FALSE;
    }
    if (!vimana_network_check_reservation (vimana_network_get_ipv4_address (network),
                                           vimana_network_get_ipv4_prefix (network),
                                           vimana_network_get_reservation_macs (network),
                                           vimana_network_get_reservation_ips (network),
                                           self->mac, ip, &mac_field, &error)) {
        vimana_field_error_set_error (GTK_WIDGET (self->entry), self->message, error);
        return FALSE;
    }
    vimana_field_error_set (GTK_WIDGET (self->entry), self->message, NULL);
    return TRUE;
}

static void
vimana_nic_reservation_update (VimanaNicReservation *self)
{
    gboolean ok = vimana_nic_reservation_check (self);

    vimana_widget_set_can_act (self->button, ok && !self->busy,
                               _("Type an address the network can reserve first."));
}

static void
vimana_nic_reservation_changed_cb (VimanaNicReservation *self)
{
    vimana_nic_reservation_update (self);
}

static void
vimana_nic_reservation_reserved_cb (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
    g_autoptr(VimanaNicReservation) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *done = NULL;

    self->busy = FALSE;
    if (!vimana_network_reserve_finish (VIMANA_NETWORK (source), result, &error)) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            vimana_field_error_set_error (GTK_WIDGET (self->entry), self->message, error);
        return;
    }
    /* Translators: the first %s is an IP address, the second a virtual network's name. */
    done = g_strdup_printf (_("DHCP on “%2$s” now always gives this NIC %1$s."),
                            gtk_entry_get_text (self->entry), self->network);
    vimana_widget_set_can_act (self->button, FALSE, _("The reservation was added."));
    vimana_field_error_set_hint (GTK_WIDGET (self->entry), self->message, done);
}

static void
vimana_nic_reservation_clicked_cb (VimanaNicReservation *self)
{
    VimanaNetwork *network = vimana_nic_reservation_find (self);

    if (network == NULL || self->busy || !vimana_nic_reservation_check (self))
        return;
    self->busy = TRUE;
    gtk_widget_set_sensitive (self->button, FALSE);
    vimana_network_reserve_async (network, self->mac, gtk_entry_get_text (self->entry),
                                  self->cancellable, vimana_nic_reservation_reserved_cb,
                                  g_object_ref (self));
}

static void
vimana_nic_reservation_refreshed_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(VimanaNicReservation) self = user_data;

    vimana_connection_refresh_networks_finish (VIMANA_CONNECTION (source), result, NULL);
    if (!g_cancellable_is_cancelled (self->cancellable))
        vimana_nic_reservation_update (self);
}

static void
vimana_nic_reservation_dispose (GObject *object)
{
    VimanaNicReservation *self = VIMANA_NIC_RESERVATION (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->connection);
    G_OBJECT_CLASS (vimana_nic_reservation_parent_class)->dispose (object);
}

static void
vimana_nic_reservation_finalize (GObject *object)
{
    VimanaNicReservation *self = VIMANA_NIC_RESERVATION (object);

    g_free (self->network);
    g_free (self->mac);
    G_OBJECT_CLASS (vimana_nic_reservation_parent_class)->finalize (object);
}

static void
vimana_nic_reservation_class_init (VimanaNicReservationClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_nic_reservation_dispose;
    object_class->finalize = vimana_nic_reservation_finalize;
}

static void
vimana_nic_reservation_init (VimanaNicReservation *self)
{
    GtkWidget *label = gtk_label_new_with_mnemonic (_("Always _give this guest"));

    gtk_grid_set_column_spacing (GTK_GRID (self), 6);
    gtk_grid_set_row_spacing (GTK_GRID (self), 3);
    gtk_widget_set_margin_top (GTK_WIDGET (self), 12);
    self->entry = GTK_ENTRY (gtk_entry_new ());
    gtk_entry_set_placeholder_text (self->entry, "192.168.122.50");
    gtk_widget_set_hexpand (GTK_WIDGET (self->entry), TRUE);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->entry));
    gtk_widget_set_halign (label, GTK_ALIGN_END);
    self->button = gtk_button_new_with_mnemonic (_("_Reserve Address"));
    self->message = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->message, 0);
    gtk_label_set_line_wrap (self->message, TRUE);
    gtk_label_set_max_width_chars (self->message, 40);
    gtk_grid_attach (GTK_GRID (self), label, 0, 0, 1, 1);
    gtk_grid_attach (GTK_GRID (self), GTK_WIDGET (self->entry), 1, 0, 1, 1);
    gtk_grid_attach (GTK_GRID (self), self->button, 2, 0, 1, 1);
    gtk_grid_attach (GTK_GRID (self), GTK_WIDGET (self->message), 1, 1, 2, 1);
    gtk_widget_show (label);
    gtk_widget_show (GTK_WIDGET (self->entry));
    gtk_widget_show (self->button);
    g_signal_connect_swapped (self->entry, "changed",
                              G_CALLBACK (vimana_nic_reservation_changed_cb), self);
    g_signal_connect_swapped (self->button, "clicked",
                              G_CALLBACK (vimana_nic_reservation_clicked_cb), self);
    self->cancellable = g_cancellable_new ();
}

/**
 * vimana_nic_reservation_new:
 * @connection: the guest's connection
 * @network: the virtual network the NIC is on
 * @mac: the NIC's MAC address
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
vimana_nic_reservation_new (VimanaConnection *connection,
                            const char       *network,
                            const char       *mac)
{
    VimanaNicReservation *self;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (network != NULL && mac != NULL, NULL);

    self = g_object_new (VIMANA_TYPE_NIC_RESERVATION, NULL);
    self->connection = g_object_ref (connection);
    self->network = g_strdup (network);
    self->mac = g_ascii_strdown (mac, -1);
    /* The Host window may never have listed the networks. */
    if (!vimana_connection_get_networks_loaded (connection))
        vimana_connection_refresh_networks_async (connection, self->cancellable,
                                                  vimana_nic_reservation_refreshed_cb,
                                                  g_object_ref (self));
    vimana_nic_reservation_update (self);
    return GTK_WIDGET (self);
}

/* Returns: the message under the field, for tests */
const char *
vimana_nic_reservation_get_message (VimanaNicReservation *self)
{
    g_return_val_if_fail (VIMANA_IS_NIC_RESERVATION (self), NULL);
    return gtk_label_get_text (self->message);
}
