/* vimana-hardware-page-devices.c: adding devices to a guest and removing them
 *
 * Add Hardware's device is hot-plugged into a running guest when its kind can be, else
 * defined (and there after the next shutdown); a new disk image is made first, and deleted
 * again when the disk cannot be added. Removing asks first, and refuses when the
 * configuration was read again meanwhile, since the device's index may then be another's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-page"

#include "config.h"

#include "vimana-hardware-page.h"
#include "vimana-hardware-page-private.h"

#include <glib/gi18n.h>

#include "vimana-add-hardware-dialog.h"
#include "vimana-error.h"

/* Kinds a running guest can take or give up without a restart. */
static gboolean
vimana_hardware_page_hotpluggable (VimanaDeviceKind kind)
{
    switch (kind) {
    case VIMANA_DEVICE_DISK:
    case VIMANA_DEVICE_CDROM:
    case VIMANA_DEVICE_INTERFACE:
    case VIMANA_DEVICE_HOSTDEV_USB:
    case VIMANA_DEVICE_HOSTDEV_PCI:
        return TRUE;
    default:
        return FALSE;
    }
}

/* A new disk's image must exist; it can be checked here when the hypervisor is local. */
static gboolean
vimana_hardware_page_check_new_disk (VimanaHardwarePage  *self,
                                     VimanaDomainConfig  *edited,
                                     guint                index,
                                     VimanaDeviceKind     kind,
                                     GError             **error)
{
    g_autofree char *source = NULL;

    if (kind != VIMANA_DEVICE_DISK && kind != VIMANA_DEVICE_CDROM &&
        kind != VIMANA_DEVICE_FLOPPY)
        return TRUE;
    source = vimana_domain_config_get_disk_source (edited, index);
    if (kind == VIMANA_DEVICE_DISK && (source == NULL || *source == '\0')) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A disk needs an image: give its path."));
        return FALSE;
    }
    if (source == NULL || !g_path_is_absolute (source) ||
        !vimana_connection_is_local (vimana_domain_get_connection (self->domain)))
        return TRUE;
    return vimana_config_validate_disk_path (source, error);
}

/* Adds the device @xml, at @index in @edited: hot-plugged into a running guest when it can be,
 * else defined (and, on a running guest, there after the next shutdown). */
static void
vimana_hardware_page_send_add (VimanaHardwarePage *self,
                               VimanaDomainConfig *edited,
                               const char         *xml,
                               guint               index)
{
    VimanaDeviceKind kind = vimana_domain_config_get_device_kind (edited, index);
    g_autoptr(GPtrArray) changes = NULL;

    self->item = VIMANA_HARDWARE_ITEM_DEVICE;
    self->device = index;
    if (vimana_domain_config_get_running (self->config) &&
        vimana_hardware_page_hotpluggable (kind)) {
        changes = vimana_hardware_page_new_changes ();
        g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_ATTACH, 0, xml));
        vimana_hardware_page_send (self, edited, FALSE, changes, FALSE, -1);
        return;
    }
    vimana_hardware_page_send (self, edited, TRUE, NULL,
                               vimana_domain_config_get_running (self->config), -1);
}

/* What waits for a new disk image to be created. */
typedef struct
{
    VimanaHardwarePage *page;
    VimanaDomainConfig *edited;
    char               *xml;
    guint               index;
} VimanaPendingAdd;

static void
vimana_pending_add_free (VimanaPendingAdd *pending)
{
    g_object_unref (pending->page);
    g_object_unref (pending->edited);
    g_free (pending->xml);
    g_free (pending);
}

static void
vimana_hardware_page_volume_created_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    VimanaPendingAdd *pending = user_data;
    VimanaHardwarePage *self = pending->page;
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaStorageVolume) volume =
        vimana_connection_create_storage_volume_finish (VIMANA_CONNECTION (object), result, &error);

    if (volume == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        self->busy = FALSE;
        vimana_hardware_page_set_error (self, error->message);
        vimana_hardware_page_update_sensitivity (self);
    } else if (volume != NULL) {
        self->busy = FALSE;
        g_set_object (&self->new_volume, volume);
        vimana_hardware_page_send_add (self, pending->edited, pending->xml, pending->index);
    }
    vimana_pending_add_free (pending);
}

static void
vimana_hardware_page_add_response_cb (GtkDialog *dialog,
                                      int        response,
                                      gpointer   user_data)
{
    VimanaHardwarePage *self = user_data;
    VimanaAddHardwareDialog *add = VIMANA_ADD_HARDWARE_DIALOG (dialog);
    g_autoptr(VimanaDomainConfig) edited = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *pool = NULL;
    g_autofree char *volume = NULL;
    guint64 capacity = 0;
    gboolean new_volume;
    VimanaPendingAdd *pending;
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    VimanaStorageVolumeSpec spec = { .format = "qcow2" };
    guint index;

    if (response != GTK_RESPONSE_ACCEPT || self->config == NULL || self->busy) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    /* Whatever is wrong, the dialog stays open with the reason, so the user can correct it. */
    new_volume = vimana_add_hardware_dialog_get_new_volume (add, &pool, &volume, &capacity,
                                                            &error);
    if (error != NULL) {
        vimana_add_hardware_dialog_set_error (add, error->message);
        return;
    }
    xml = vimana_add_hardware_dialog_get_xml (add);
    edited = vimana_domain_config_copy (self->config);
    if (!vimana_domain_config_add_device_xml (edited, xml, &index, &error) ||
        !vimana_hardware_page_check_new_disk (self, edited, index,
                                              vimana_domain_config_get_device_kind (edited,
                                                                                    index),
                                              &error)) {
        vimana_add_hardware_dialog_set_error (add, error->message);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));

    if (!new_volume) {
        vimana_hardware_page_send_add (self, edited, xml, index);
        return;
    }
    if (connection == NULL) {
        vimana_hardware_page_set_error (self, _("The guest no longer exists."));
        return;
    }
    self->busy = TRUE;
    vimana_hardware_page_set_error (self, NULL);
    gtk_label_set_text (self->notice_label, "");
    vimana_hardware_page_update_sensitivity (self);
    pending = g_new0 (VimanaPendingAdd, 1);
    pending->page = g_object_ref (self);
    pending->edited = g_steal_pointer (&edited);
    pending->xml = g_steal_pointer (&xml);
    pending->index = index;
    spec.name = volume;
    spec.capacity = capacity;
    vimana_connection_create_storage_volume_async (connection, pool, &spec, self->cancellable,
                                                   vimana_hardware_page_volume_created_cb, pending);
}

void
vimana_hardware_page_add_clicked_cb (GtkButton *button,
                                     gpointer   user_data)
{
    VimanaHardwarePage *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog;

    if (self->config == NULL)
        return;
    dialog = vimana_add_hardware_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                      : NULL,
                                             self->domain, self->config);
    g_signal_connect_object (dialog, "response",
                             G_CALLBACK (vimana_hardware_page_add_response_cb), self, 0);
    gtk_widget_show (dialog);
}

static void
vimana_hardware_page_remove_response_cb (GtkDialog *dialog,
                                         int        response,
                                         gpointer   user_data)
{
    VimanaHardwarePage *self = user_data;
    guint device = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "device"));
    VimanaDomainConfig *confirmed = g_object_get_data (G_OBJECT (dialog), "config");
    g_autoptr(VimanaDomainConfig) edited = NULL;
    g_autoptr(GPtrArray) changes = NULL;
    g_autofree char *xml = NULL;

    /* The device index is only meaningful in the configuration the user confirmed against:
     * a reload meanwhile (another program's change, the guest starting) may have put another
     * device at that index. */
    if (response == GTK_RESPONSE_ACCEPT && confirmed != self->config) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        vimana_hardware_page_set_error (self,
                                        _("The configuration was read again while the removal "
                                          "was being confirmed, so nothing was removed. Select "
                                          "the device and remove it again."));
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response != GTK_RESPONSE_ACCEPT || self->config == NULL || self->busy ||
        device >= vimana_domain_config_get_n_devices (self->config))
        return;

    xml = vimana_domain_config_get_device_xml (self->config, device);
    edited = vimana_domain_config_copy (self->config);
    vimana_domain_config_remove_device (edited, device);
    self->item = VIMANA_HARDWARE_ITEM_GENERAL;
    if (vimana_domain_config_get_running (self->config) &&
        vimana_hardware_page_hotpluggable (vimana_domain_config_get_device_kind (self->config,
                                                                                 device))) {
        changes = vimana_hardware_page_new_changes ();
        g_ptr_array_add (changes, vimana_live_change_new (VIMANA_LIVE_CHANGE_DETACH, 0, xml));
        vimana_hardware_page_send (self, edited, FALSE, changes, FALSE, -1);
        return;
    }
    vimana_hardware_page_send (self, edited, TRUE, NULL,
                               vimana_domain_config_get_running (self->config), -1);
}

void
vimana_hardware_page_remove_clicked_cb (GtkButton *button,
                                        gpointer   user_data)
{
    VimanaHardwarePage *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    g_autofree char *label = NULL;
    GtkWidget *dialog, *remove;

    if (self->config == NULL || self->item != VIMANA_HARDWARE_ITEM_DEVICE)
        return;
    label = vimana_domain_config_get_device_label (self->config, self->device);
    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Remove %s from “%s”?"), label,
                                     vimana_domain_get_name (self->domain));
    gtk_message_dialog_format_secondary_text (
        GTK_MESSAGE_DIALOG (dialog), "%s",
        vimana_domain_config_get_running (self->config)
            ? _("The guest is running: the device is unplugged now if it can be, otherwise "
                "when the guest next shuts down.")
            : _("The device is removed from the guest’s configuration."));
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    remove = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Remove"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (remove), "destructive-action");
    atk_object_set_name (gtk_widget_get_accessible (dialog), _("Remove Device"));
    g_object_set_data (G_OBJECT (dialog), "device", GUINT_TO_POINTER (self->device));
    g_object_set_data_full (G_OBJECT (dialog), "config", g_object_ref (self->config),
                            g_object_unref);
    g_signal_connect_object (dialog, "response",
                             G_CALLBACK (vimana_hardware_page_remove_response_cb), self, 0);
    gtk_widget_show (dialog);
}
