/* vimana-add-hardware-dialog.c: choosing a device to add to a guest
 *
 * The user picks a kind of device and fills in its fields; both come from the table of device
 * kinds in core (vimana-device-kind.c), which also writes the device's XML from the fields
 * into an editable preview. The preview is what is added, so anything the fields do not cover
 * can still be set. The dialog answers through its response signal, after checking the fields
 * (a wrong one keeps the dialog open with its message beneath it); the Hardware page checks the
 * XML and keeps the dialog open with the reason beneath the XML when it is not a device.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-add-hardware-dialog"

#include "config.h"

#include "vimana-add-hardware-dialog.h"
#include "vimana-add-hardware-dialog-private.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "vimana-device-kind.h"
#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-connection.h"
#include "vimana-file-access.h"
#include "vimana-file-chooser.h"
#include "vimana-network.h"
#include "vimana-storage-pool.h"
#include "vimana-xml-scheme.h"

/* The template's grid: the rows before the kind's fields, which are inserted at this row. */
#define VIMANA_ADD_HARDWARE_FIELDS_ROW 3

G_DEFINE_FINAL_TYPE (VimanaAddHardwareDialog, vimana_add_hardware_dialog, GTK_TYPE_DIALOG)

const char *
vimana_add_hardware_dialog_kind (VimanaAddHardwareDialog *self)
{
    return vimana_device_kind_info_get_id (self->kind);
}

static gboolean
vimana_add_hardware_dialog_is_chooser (const VimanaDeviceField *field)
{
    return field->type == VIMANA_DEVICE_FIELD_HOST_DEVICE ||
           field->type == VIMANA_DEVICE_FIELD_VOLUME;
}

VimanaAddHardwareField *
vimana_add_hardware_dialog_field (VimanaAddHardwareDialog *self,
                                  const char              *id)
{
    for (guint i = 0; self->fields != NULL && i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (g_strcmp0 (entry->field->id, id) == 0)
            return entry;
    }
    return NULL;
}

/* Where field @entry is typed: its entry, or the entry of its combo box with an entry (the
 * host's networks offered, another name typed). %NULL for a choice. */
GtkEntry *
vimana_add_hardware_dialog_typed (VimanaAddHardwareField *entry)
{
    if (GTK_IS_ENTRY (entry->widget))
        return GTK_ENTRY (entry->widget);
    if (GTK_IS_COMBO_BOX (entry->widget) && gtk_combo_box_get_has_entry (GTK_COMBO_BOX (entry->widget)))
        return GTK_ENTRY (gtk_bin_get_child (GTK_BIN (entry->widget)));
    return NULL;
}

/* The text of field @id, or %NULL when the kind has no such field. */
const char *
vimana_add_hardware_dialog_entry_text (VimanaAddHardwareDialog *self,
                                       const char              *id)
{
    VimanaAddHardwareField *entry = vimana_add_hardware_dialog_field (self, id);

    if (entry == NULL)
        return NULL;
    if (entry->field->type == VIMANA_DEVICE_FIELD_POOL)
        return gtk_combo_box_get_active_id (GTK_COMBO_BOX (entry->widget));
    if (vimana_add_hardware_dialog_typed (entry) == NULL)
        return NULL;
    return gtk_entry_get_text (vimana_add_hardware_dialog_typed (entry));
}

VimanaStorageVolume *
vimana_add_hardware_dialog_chosen_volume (VimanaAddHardwareDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->host_combo));

    for (guint i = 0; self->volumes != NULL && i < self->volumes->len; i++) {
        VimanaStorageVolume *volume = self->volumes->pdata[i];

        if (g_strcmp0 (vimana_storage_volume_get_key (volume), id) == 0)
            return volume;
    }
    return NULL;
}

/* A new image is named after the guest and its disk: "web-vdb.qcow2". */
char *
vimana_add_hardware_dialog_new_volume_name (VimanaAddHardwareDialog *self)
{
    VimanaAddHardwareField *bus = vimana_add_hardware_dialog_field (self, "bus");

    return vimana_domain_config_suggest_volume_name (
        self->config, bus != NULL ? gtk_combo_box_get_active_id (GTK_COMBO_BOX (bus->widget))
                                  : NULL);
}

/* Clears the fields' messages; the chooser's says what the host's listing found and stays. */
static void
vimana_add_hardware_dialog_clear_errors (VimanaAddHardwareDialog *self)
{
    for (guint i = 0; self->fields != NULL && i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (entry->label != NULL)
            vimana_field_error_set (entry->widget, entry->error, NULL);
    }
    vimana_field_error_set (GTK_WIDGET (self->xml_view), self->error_label, NULL);
}

/* Shows @message beneath @field's control, or beneath the XML when @field is %NULL. */
void
vimana_add_hardware_dialog_show_error (VimanaAddHardwareDialog *self,
                                       const VimanaDeviceField *field,
                                       const char              *message)
{
    for (guint i = 0; field != NULL && self->fields != NULL && i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (entry->field == field) {
            /* Before the user has changed the field or pressed Add, what it needs is a
             * hint, not an error (issue 17, item 11). */
            if (entry->touched || self->tried)
                vimana_field_error_set (entry->widget, entry->error, message);
            else
                vimana_field_error_set_hint (entry->widget, entry->error, message);
            return;
        }
    }
    vimana_field_error_set (GTK_WIDGET (self->xml_view), self->error_label, message);
}

/* What the listing of the host's devices or volumes has to say beneath the chooser. */
static void
vimana_add_hardware_dialog_show_host_error (VimanaAddHardwareDialog *self,
                                            const char              *message)
{
    vimana_field_error_set (GTK_WIDGET (self->host_combo), self->host_error_label, message);
}

static VimanaHostDevice *
vimana_add_hardware_dialog_chosen_host_device (VimanaAddHardwareDialog *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->host_combo));

    for (guint i = 0; self->host_devices != NULL && i < self->host_devices->len; i++) {
        VimanaHostDevice *device = self->host_devices->pdata[i];

        if (g_strcmp0 (vimana_host_device_get_name (device), id) == 0)
            return device;
    }
    return NULL;
}

/* The fields' values, by field id, as the table of kinds reads them. */
static GHashTable *
vimana_add_hardware_dialog_values (VimanaAddHardwareDialog *self)
{
    GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

    for (guint i = 0; i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];
        char *value = NULL;

        if (entry->field->type == VIMANA_DEVICE_FIELD_VOLUME) {
            VimanaStorageVolume *volume = vimana_add_hardware_dialog_chosen_volume (self);

            value = volume != NULL ? g_strdup_printf ("%s/%s", vimana_storage_volume_get_pool_name (volume),
                                                      vimana_storage_volume_get_name (volume))
                                   : g_strdup ("");
        } else if (entry->field->type == VIMANA_DEVICE_FIELD_HOST_DEVICE) {
            /* Given by the chosen device's own XML, not by a value. */
            continue;
        } else if (vimana_add_hardware_dialog_typed (entry) != NULL) {
            value = g_strdup (gtk_entry_get_text (vimana_add_hardware_dialog_typed (entry)));
        } else if (entry->field->type == VIMANA_DEVICE_FIELD_POOL) {
            const char *pool = gtk_combo_box_get_active_id (GTK_COMBO_BOX (entry->widget));

            value = g_strdup (pool != NULL ? pool : "");
        } else {
            value = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (entry->widget)));
        }
        g_hash_table_insert (values, (gpointer) entry->field->id, value);
    }
    return values;
}

static gboolean
vimana_add_hardware_dialog_has_host_device (VimanaAddHardwareDialog *self)
{
    for (guint i = 0; i < vimana_device_kind_info_get_n_fields (self->kind); i++) {
        if (vimana_device_kind_info_get_field (self->kind, i)->type ==
            VIMANA_DEVICE_FIELD_HOST_DEVICE)
            return TRUE;
    }
    return FALSE;
}

/* Shows the fields that apply to the values chosen: a NIC's source name is not asked for
 * user-mode networking. */
static void
vimana_add_hardware_dialog_update_fields (VimanaAddHardwareDialog *self,
                                          GHashTable              *values)
{
    for (guint i = 0; i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];
        gboolean applies = vimana_device_kind_info_field_applies (self->kind, entry->field,
                                                                  values);

        if (entry->label == NULL)
            continue;
        gtk_widget_set_visible (entry->label, applies);
        gtk_widget_set_visible (entry->widget, applies);
        if (!applies)
            vimana_field_error_set (entry->widget, entry->error, NULL);
    }
}

static void
vimana_add_hardware_dialog_set_xml (VimanaAddHardwareDialog *self,
                                    const char              *xml)
{
    self->writing_xml = TRUE;
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)), xml,
                              -1);
    self->writing_xml = FALSE;
    self->xml_edited = FALSE;
}

static void
vimana_add_hardware_dialog_xml_changed_cb (GtkTextBuffer *buffer,
                                           gpointer       user_data)
{
    VimanaAddHardwareDialog *self = user_data;

    if (!self->writing_xml)
        self->xml_edited = TRUE;
}

static void vimana_add_hardware_dialog_update_add (VimanaAddHardwareDialog *self);

/* Writes the preview from the fields. A field that is wrong keeps the last preview, with
 * its message beneath the field. */
static void
vimana_add_hardware_dialog_write_xml (VimanaAddHardwareDialog *self)
{
    g_autoptr(GHashTable) values = vimana_add_hardware_dialog_values (self);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    const VimanaDeviceField *failed = NULL;

    vimana_add_hardware_dialog_update_fields (self, values);
    vimana_add_hardware_dialog_clear_errors (self);
    /* Something chosen answers whatever was said beneath the chooser. */
    if (g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->host_combo)), "") > 0)
        vimana_add_hardware_dialog_show_host_error (self, NULL);
    if (vimana_add_hardware_dialog_has_host_device (self)) {
        VimanaHostDevice *device = vimana_add_hardware_dialog_chosen_host_device (self);

        vimana_add_hardware_dialog_set_xml (self, device != NULL ? vimana_host_device_get_hostdev_xml (device) : "");
        return;
    }
    xml = vimana_device_kind_info_build_xml (self->kind, self->config, values, &failed, &error);
    if (xml == NULL) {
        vimana_add_hardware_dialog_show_error (self, failed, error->message);
        return;
    }
    vimana_add_hardware_dialog_set_xml (self, xml);
}

static void
vimana_add_hardware_dialog_update_xml (VimanaAddHardwareDialog *self)
{
    vimana_add_hardware_dialog_write_xml (self);
    vimana_add_hardware_dialog_update_add (self);
}

static void
vimana_add_hardware_dialog_fill_volumes (VimanaAddHardwareDialog *self)
{
    gtk_combo_box_text_remove_all (self->host_combo);
    for (guint i = 0; self->volumes != NULL && i < self->volumes->len; i++) {
        VimanaStorageVolume *volume = self->volumes->pdata[i];
        g_autofree char *size = g_format_size_full (vimana_storage_volume_get_capacity (volume),
                                                    G_FORMAT_SIZE_IEC_UNITS);
        /* Translators: a storage volume offered as a disk: pool/volume (size). */
        g_autofree char *text = g_strdup_printf (_("%s/%s (%s)"),
                                                 vimana_storage_volume_get_pool_name (volume),
                                                 vimana_storage_volume_get_name (volume), size);

        gtk_combo_box_text_append (self->host_combo, vimana_storage_volume_get_key (volume),
                                   text);
    }
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->host_combo), 0);
    if (self->volume_error != NULL)
        vimana_add_hardware_dialog_show_host_error (self, self->volume_error);
    else if (self->volumes != NULL && self->volumes->len == 0)
        vimana_add_hardware_dialog_show_host_error (self,
                                                    _("No storage pool has a volume to use."));
}

static void
vimana_add_hardware_dialog_fill_hosts (VimanaAddHardwareDialog *self)
{
    gboolean usb = vimana_device_kind_info_get_kind (self->kind) == VIMANA_DEVICE_HOSTDEV_USB;
    guint n = 0;

    gtk_combo_box_text_remove_all (self->host_combo);
    for (guint i = 0; self->host_devices != NULL && i < self->host_devices->len; i++) {
        VimanaHostDevice *device = self->host_devices->pdata[i];

        if (vimana_host_device_is_usb (device) != usb)
            continue;
        gtk_combo_box_text_append (self->host_combo, vimana_host_device_get_name (device),
                                   vimana_host_device_get_description (device));
        n++;
    }
    /* None: a placeholder says so in the chooser itself, which has nothing to offer. */
    if (n == 0 && self->host_devices != NULL)
        gtk_combo_box_text_append (self->host_combo, "",
                                   usb ? _("No USB device is attached to the host")
                                       : _("No PCI device to give"));
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->host_combo), 0);
    gtk_widget_set_sensitive (GTK_WIDGET (self->host_combo), n > 0);
    if (self->host_error != NULL)
        vimana_add_hardware_dialog_show_host_error (self, self->host_error);
    else if (n == 0 && self->host_devices != NULL)
        vimana_add_hardware_dialog_show_host_error (self,
                                                    usb ? _("The host has no USB device to give.")
                                                        : _("The host has no PCI device to give."));
}

static void vimana_add_hardware_dialog_value_changed_cb (GtkWidget *widget,
                                                         gpointer   user_data);

/* The pool field offers the host's active pools, once listed, keeping what was chosen, else
 * "default", else the first. Without any, the reason is beneath it and Add waits. */
static void
vimana_add_hardware_dialog_fill_pools (VimanaAddHardwareDialog *self,
                                       VimanaAddHardwareField  *entry)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    GListModel *pools = connection != NULL ? vimana_connection_get_storage_pools (connection) : NULL;
    g_autofree char *chosen = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (entry->widget)));
    guint n = 0;

    if (!self->pools_listed)
        return;
    g_signal_handlers_block_matched (entry->widget, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    gtk_combo_box_text_remove_all (GTK_COMBO_BOX_TEXT (entry->widget));
    for (guint i = 0; pools != NULL && i < g_list_model_get_n_items (pools); i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (pools, i);
        g_autofree char *free_space = NULL;
        g_autofree char *text = NULL;

        if (!vimana_storage_pool_get_active (pool) || vimana_storage_pool_get_removed (pool))
            continue;
        free_space = g_format_size_full (vimana_storage_pool_get_available (pool), G_FORMAT_SIZE_IEC_UNITS);
        /* Translators: a storage pool to make a new disk image in: its name (its free space). */
        text = g_strdup_printf (_("%s (%s free)"), vimana_storage_pool_get_name (pool), free_space);
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (entry->widget),
                                   vimana_storage_pool_get_name (pool), text);
        n++;
    }
    if (chosen == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (entry->widget), chosen))
        if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (entry->widget), entry->field->default_value))
            gtk_combo_box_set_active (GTK_COMBO_BOX (entry->widget), 0);
    g_signal_handlers_unblock_matched (entry->widget, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    gtk_widget_set_sensitive (entry->widget, n > 0);
}

/* The network field offers the host's virtual networks, or for a bridge the bridges those
 * networks make; any other name can still be typed. */
static void
vimana_add_hardware_dialog_fill_networks (VimanaAddHardwareDialog *self,
                                          VimanaAddHardwareField  *entry)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    GListModel *networks = connection != NULL ? vimana_connection_get_networks (connection) : NULL;
    const char *type = vimana_add_hardware_dialog_entry_text (self, "type");
    gboolean bridges;

    if (!self->networks_listed)
        return;
    if (type == NULL) {
        VimanaAddHardwareField *type_field = vimana_add_hardware_dialog_field (self, "type");

        type = type_field != NULL ? gtk_combo_box_get_active_id (GTK_COMBO_BOX (type_field->widget)) : NULL;
    }
    bridges = g_strcmp0 (type, "bridge") == 0;
    g_signal_handlers_block_matched (entry->widget, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
    gtk_combo_box_text_remove_all (GTK_COMBO_BOX_TEXT (entry->widget));
    for (guint i = 0; networks != NULL && i < g_list_model_get_n_items (networks); i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (networks, i);
        const char *name = bridges ? vimana_network_get_bridge (network) : vimana_network_get_name (network);

        if (name != NULL && *name != '\0' && !vimana_network_get_removed (network))
            gtk_combo_box_text_append_text (GTK_COMBO_BOX_TEXT (entry->widget), name);
    }
    g_signal_handlers_unblock_matched (entry->widget, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
}

static void
vimana_add_hardware_dialog_fill_lists (VimanaAddHardwareDialog *self)
{
    for (guint i = 0; self->fields != NULL && i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (entry->field->type == VIMANA_DEVICE_FIELD_POOL)
            vimana_add_hardware_dialog_fill_pools (self, entry);
        else if (entry->field->type == VIMANA_DEVICE_FIELD_NETWORK)
            vimana_add_hardware_dialog_fill_networks (self, entry);
    }
}

/* Why Add cannot add anything yet, or %NULL when it can. */
static const char *
vimana_add_hardware_dialog_blocked (VimanaAddHardwareDialog *self)
{
    VimanaAddHardwareField *pool;

    if (self->kind == NULL || self->fields == NULL)
        return NULL;
    if (vimana_add_hardware_dialog_has_host_device (self) &&
        vimana_add_hardware_dialog_chosen_host_device (self) == NULL)
        return self->host_devices == NULL ? _("The host’s devices are being listed.")
                                          : _("There is no host device to give.");
    pool = vimana_add_hardware_dialog_field (self, "pool");
    if (pool != NULL && pool->field->type == VIMANA_DEVICE_FIELD_POOL && !self->pools_listed)
        return _("The storage pools are being listed.");
    if (pool != NULL && pool->field->type == VIMANA_DEVICE_FIELD_POOL &&
        gtk_combo_box_get_active_id (GTK_COMBO_BOX (pool->widget)) == NULL)
        return _("The host has no active storage pool to make the image in.");
    return NULL;
}

/* Add is insensitive while it cannot add anything; the reason is its tooltip and, for a
 * missing pool, beneath the pool. */
static void
vimana_add_hardware_dialog_update_add (VimanaAddHardwareDialog *self)
{
    const char *reason = vimana_add_hardware_dialog_blocked (self);
    GtkWidget *add = gtk_dialog_get_widget_for_response (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT);
    VimanaAddHardwareField *pool = vimana_add_hardware_dialog_field (self, "pool");

    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, reason == NULL);
    if (add != NULL)
        gtk_widget_set_tooltip_text (add, reason);
    if (pool != NULL && pool->field->type == VIMANA_DEVICE_FIELD_POOL && self->pools_listed)
        vimana_field_error_set (pool->widget, pool->error,
                                gtk_combo_box_get_active_id (GTK_COMBO_BOX (pool->widget)) == NULL ? reason : NULL);
}

/* Fills the chooser with the host's devices or volumes as far as they are listed, then
 * writes the XML once. */
static void
vimana_add_hardware_dialog_refill_chooser (VimanaAddHardwareDialog *self)
{
    /* Filling the chooser emits its changed signal for each item. */
    g_signal_handlers_block_matched (self->host_combo, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
    vimana_add_hardware_dialog_show_host_error (self, NULL);
    if (vimana_add_hardware_dialog_has_host_device (self))
        vimana_add_hardware_dialog_fill_hosts (self);
    else
        vimana_add_hardware_dialog_fill_volumes (self);
    g_signal_handlers_unblock_matched (self->host_combo, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self);
    vimana_add_hardware_dialog_update_xml (self);
}

static GtkWidget *
vimana_add_hardware_dialog_new_control (const VimanaDeviceField *field)
{
    GtkWidget *combo;

    /* A storage pool is one of the host's, listed when the pools are (fill_pools). */
    if (field->type == VIMANA_DEVICE_FIELD_POOL) {
        combo = gtk_combo_box_text_new ();
        /* Until then the preview names the usual pool. */
        if (field->default_value != NULL) {
            gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), field->default_value,
                                       field->default_value);
            gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
        }
        return combo;
    }
    /* A network or bridge is offered from the host's, and another name can be typed. */
    if (field->type == VIMANA_DEVICE_FIELD_NETWORK) {
        GtkWidget *entry;

        combo = gtk_combo_box_text_new_with_entry ();
        entry = gtk_bin_get_child (GTK_BIN (combo));
        gtk_entry_set_text (GTK_ENTRY (entry), field->default_value ? field->default_value : "");
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
        return combo;
    }
    if (field->type != VIMANA_DEVICE_FIELD_CHOICE) {
        GtkWidget *entry = gtk_entry_new ();

        gtk_entry_set_text (GTK_ENTRY (entry), field->default_value ? field->default_value : "");
        gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
        return entry;
    }
    combo = gtk_combo_box_text_new ();
    if (field->unset_label != NULL)
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), "", _(field->unset_label));
    for (guint v = 0; v < vimana_device_field_get_n_values (field); v++)
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), field->values[v],
                                   vimana_device_field_get_value_label (field, v));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo),
                                 field->default_value ? field->default_value : "");
    return combo;
}

/* An image or media path can be browsed for when the hypervisor runs on this machine: the
 * chooser shows this machine's files. */
static gboolean
vimana_add_hardware_dialog_can_browse (VimanaAddHardwareDialog *self,
                                       const VimanaDeviceField *field)
{
    VimanaConnection *connection = self->domain != NULL ? vimana_domain_get_connection (self->domain) : NULL;

    if (field->type != VIMANA_DEVICE_FIELD_PATH || connection == NULL ||
        !vimana_connection_is_local (connection))
        return FALSE;
    return g_str_equal (field->id, "path") || g_str_equal (field->id, "media");
}

static void
vimana_add_hardware_dialog_browse_response_cb (GtkNativeDialog *chooser,
                                               int              response,
                                               gpointer         user_data)
{
    g_autoptr(GtkEntry) entry = user_data;

    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (entry, path);
    }
    gtk_native_dialog_destroy (chooser);
    g_object_unref (chooser);
}

static void
vimana_add_hardware_dialog_browse_cb (GtkButton *button,
                                      gpointer   user_data)
{
    GtkEntry *entry = g_object_get_data (G_OBJECT (button), "vimana-field-entry");
    const char *current = gtk_entry_get_text (entry);
    GtkFileChooserNative *chooser;

    /* Modal and transient for this dialog, which is modal itself. */
    chooser = vimana_file_chooser_new (GTK_WIDGET (button), _("Choose a Disk Image"),
                                       GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"));
    if (g_path_is_absolute (current))
        gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (chooser), current);
    g_signal_connect (chooser, "response", G_CALLBACK (vimana_add_hardware_dialog_browse_response_cb),
                      g_object_ref (entry));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Adds the row of @field, and the row of its message beneath, at @row of the grid. */
static VimanaAddHardwareField *
vimana_add_hardware_dialog_add_row (VimanaAddHardwareDialog *self,
                                    const VimanaDeviceField *field,
                                    int                      row)
{
    VimanaAddHardwareField *entry = g_new0 (VimanaAddHardwareField, 1);
    GtkWidget *error = gtk_label_new (NULL);

    entry->field = field;
    entry->label = gtk_label_new_with_mnemonic (vimana_device_field_get_label (field));
    entry->widget = vimana_add_hardware_dialog_new_control (field);
    entry->error = GTK_LABEL (error);
    gtk_label_set_xalign (GTK_LABEL (entry->label), 1.0);
    gtk_label_set_mnemonic_widget (GTK_LABEL (entry->label), entry->widget);
    /* The label's text without the mnemonic's underscore. */
    atk_object_set_name (gtk_widget_get_accessible (entry->widget),
                         gtk_label_get_text (GTK_LABEL (entry->label)));
    gtk_widget_set_hexpand (entry->widget, TRUE);
    gtk_label_set_xalign (GTK_LABEL (error), 0.0);
    gtk_label_set_line_wrap (GTK_LABEL (error), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (error), 60);
    gtk_widget_set_no_show_all (error, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (error), "vimana-field-error");

    if (field->type == VIMANA_DEVICE_FIELD_NETWORK)
        atk_object_set_name (gtk_widget_get_accessible (gtk_bin_get_child (GTK_BIN (entry->widget))),
                             gtk_label_get_text (GTK_LABEL (entry->label)));

    gtk_grid_insert_row (self->grid, row);
    gtk_grid_insert_row (self->grid, row);
    gtk_grid_attach (self->grid, entry->label, 0, row, 1, 1);
    if (vimana_add_hardware_dialog_can_browse (self, field)) {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *browse = gtk_button_new_with_mnemonic (_("B_rowse…"));
        /* Translators: the accessible name of Browse… beside a field: its label. */
        g_autofree char *name = g_strdup_printf (_("Browse for %s"),
                                                 gtk_label_get_text (GTK_LABEL (entry->label)));

        atk_object_set_name (gtk_widget_get_accessible (browse), name);
        g_object_set_data (G_OBJECT (browse), "vimana-field-entry", entry->widget);
        g_signal_connect (browse, "clicked", G_CALLBACK (vimana_add_hardware_dialog_browse_cb),
                          self);
        gtk_box_pack_start (GTK_BOX (box), entry->widget, TRUE, TRUE, 0);
        gtk_box_pack_start (GTK_BOX (box), browse, FALSE, FALSE, 0);
        gtk_widget_show (browse);
        gtk_widget_show (box);
        gtk_grid_attach (self->grid, box, 1, row, 1, 1);
        /* Shown and hidden with the field: the box goes with its entry. */
        g_object_bind_property (entry->widget, "visible", box, "visible", G_BINDING_DEFAULT);
    } else {
        gtk_grid_attach (self->grid, entry->widget, 1, row, 1, 1);
    }
    gtk_grid_attach (self->grid, error, 1, row + 1, 1, 1);
    gtk_widget_show (entry->label);
    gtk_widget_show (entry->widget);
    g_signal_connect (entry->widget, "changed",
                      G_CALLBACK (vimana_add_hardware_dialog_value_changed_cb), self);
    return entry;
}

/* The chooser of the template stands for a host device or a volume field. */
static VimanaAddHardwareField *
vimana_add_hardware_dialog_use_chooser (VimanaAddHardwareDialog *self,
                                        const VimanaDeviceField *field)
{
    VimanaAddHardwareField *entry = g_new0 (VimanaAddHardwareField, 1);

    entry->field = field;
    entry->widget = GTK_WIDGET (self->host_combo);
    entry->error = self->host_error_label;
    gtk_label_set_text_with_mnemonic (self->host_label, vimana_device_field_get_label (field));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->host_combo)),
                         gtk_label_get_text (self->host_label));
    return entry;
}

/* Removes the rows of the previous kind's fields. */
static void
vimana_add_hardware_dialog_remove_rows (VimanaAddHardwareDialog *self)
{
    for (guint i = 0; self->fields != NULL && i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (entry->label == NULL)
            continue;
        gtk_grid_remove_row (self->grid, VIMANA_ADD_HARDWARE_FIELDS_ROW);
        gtk_grid_remove_row (self->grid, VIMANA_ADD_HARDWARE_FIELDS_ROW);
    }
    g_clear_pointer (&self->fields, g_ptr_array_unref);
}

static void
vimana_add_hardware_dialog_kind_changed_cb (GtkComboBox *combo,
                                            gpointer     user_data)
{
    VimanaAddHardwareDialog *self = user_data;
    const char *id = gtk_combo_box_get_active_id (combo);
    gboolean chooser = FALSE;
    int row = VIMANA_ADD_HARDWARE_FIELDS_ROW;

    self->kind = vimana_device_kind_info_lookup (id ? id : "disk");
    g_return_if_fail (self->kind != NULL);
    /* New fields, not yet touched: what they need is a hint again. */
    self->tried = FALSE;

    /* Filling the chooser emits its changed signal: block it, then build the XML once. */
    g_signal_handlers_block_matched (self->host_combo, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
    vimana_add_hardware_dialog_remove_rows (self);
    vimana_add_hardware_dialog_show_host_error (self, NULL);
    gtk_combo_box_text_remove_all (self->host_combo);
    self->fields = g_ptr_array_new_with_free_func (g_free);
    for (guint i = 0; i < vimana_device_kind_info_get_n_fields (self->kind); i++) {
        const VimanaDeviceField *field = vimana_device_kind_info_get_field (self->kind, i);

        if (vimana_add_hardware_dialog_is_chooser (field)) {
            g_ptr_array_add (self->fields, vimana_add_hardware_dialog_use_chooser (self, field));
            chooser = TRUE;
        } else {
            g_ptr_array_add (self->fields, vimana_add_hardware_dialog_add_row (self, field, row));
            row += 2;
        }
    }
    g_signal_handlers_unblock_matched (self->host_combo, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self);
    gtk_widget_set_visible (GTK_WIDGET (self->host_label), chooser);
    gtk_widget_set_visible (GTK_WIDGET (self->host_combo), chooser);
    gtk_widget_set_sensitive (GTK_WIDGET (self->host_combo), TRUE);
    vimana_add_hardware_dialog_fill_lists (self);
    if (chooser)
        vimana_add_hardware_dialog_refill_chooser (self);
    else
        vimana_add_hardware_dialog_update_xml (self);
}

static void
vimana_add_hardware_dialog_value_changed_cb (GtkWidget *widget,
                                             gpointer   user_data)
{
    VimanaAddHardwareDialog *self = VIMANA_ADD_HARDWARE_DIALOG (user_data);
    VimanaAddHardwareField *type = vimana_add_hardware_dialog_field (self, "type");
    GtkWidget *toplevel = gtk_widget_get_toplevel (widget);
    GtkWidget *focus = GTK_IS_WINDOW (toplevel) ? gtk_window_get_focus (GTK_WINDOW (toplevel))
                                                : NULL;

    /* A change while the field has the keyboard focus is the user's; the lists filled when
     * the host's answers arrive are not. */
    for (guint i = 0; focus != NULL && self->fields != NULL && i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (entry->widget == widget &&
            (focus == widget || gtk_widget_is_ancestor (focus, widget)))
            entry->touched = TRUE;
    }

    /* A NIC's source type decides whether networks or bridges are offered. */
    if (type != NULL && type->widget == widget)
        vimana_add_hardware_dialog_fill_lists (self);
    vimana_add_hardware_dialog_update_xml (self);
}

static void
vimana_add_hardware_dialog_networks_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    g_autoptr(VimanaAddHardwareDialog) self = user_data;
    g_autoptr(GError) error = NULL;

    /* Without the list, a name can still be typed. */
    if (!vimana_connection_refresh_networks_finish (VIMANA_CONNECTION (object), result, &error) &&
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->networks_listed = TRUE;
    vimana_add_hardware_dialog_fill_lists (self);
}

static void
vimana_add_hardware_dialog_hosts_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(VimanaAddHardwareDialog) self = user_data;
    VimanaConnection *connection = VIMANA_CONNECTION (object);
    g_autoptr(GError) error = NULL;
    GListModel *model = vimana_connection_get_host_devices (connection);

    if (!vimana_connection_refresh_host_devices_finish (connection, result, &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        self->host_error = g_strdup (error->message);
    }
    self->host_devices = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = 0; error == NULL && i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (self->host_devices, g_list_model_get_item (model, i));
    if (vimana_add_hardware_dialog_has_host_device (self))
        vimana_add_hardware_dialog_refill_chooser (self);
}

static void
vimana_add_hardware_dialog_volumes_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaAddHardwareDialog) self = user_data;
    VimanaConnection *connection = VIMANA_CONNECTION (object);
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_refresh_storage_pools_finish (connection, result, &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        self->volume_error = g_strdup (error->message);
        self->volumes = g_ptr_array_new ();
    } else {
        self->volumes = vimana_connection_dup_storage_volumes (connection);
    }
    self->pools_listed = TRUE;
    vimana_add_hardware_dialog_fill_lists (self);
    if (g_str_equal (vimana_add_hardware_dialog_kind (self), "volume"))
        vimana_add_hardware_dialog_refill_chooser (self);
    else
        vimana_add_hardware_dialog_update_xml (self);
}

/* An existing image that is a system file is warned about once; Add again with it unchanged
 * uses it (issue 11, defect 9). */
static gboolean
vimana_add_hardware_dialog_check_path_risk (VimanaAddHardwareDialog *self)
{
    g_autofree char *path = NULL;
    g_autoptr(GError) risk = NULL;
    g_autofree char *message = NULL;

    if (g_strcmp0 (vimana_add_hardware_dialog_kind (self), "disk") != 0)
        return TRUE;
    path = g_strstrip (g_strdup (vimana_add_hardware_dialog_entry_text (self, "path")));
    if (g_strcmp0 (path, self->warned_path) == 0 ||
        vimana_config_check_disk_path_risk (path, &risk))
        return TRUE;
    g_free (self->warned_path);
    self->warned_path = g_steal_pointer (&path);
    /* Translators: %s is a sentence saying why the file is a risk. */
    message = g_strdup_printf (_("%s Choose a disk image, or press Add again to use it anyway."),
                               risk->message);
    vimana_add_hardware_dialog_show_error (self,
                                           vimana_device_kind_info_find_field (self->kind, "path"),
                                           message);
    return FALSE;
}

/* A local file the system QEMU user cannot read fails only at the guest's start: said beneath
 * the field before Add (issue 16, beginner trap). */
static gboolean
vimana_add_hardware_dialog_check_path_access (VimanaAddHardwareDialog *self)
{
    VimanaConnection *connection = self->domain != NULL ? vimana_domain_get_connection (self->domain) : NULL;
    g_autoptr(GError) error = NULL;

    if (connection == NULL || !vimana_file_access_uri_applies (vimana_connection_get_uri (connection)) ||
        vimana_add_hardware_dialog_wants_new_volume (self))
        return TRUE;
    for (guint i = 0; i < 2; i++) {
        const char *id = i == 0 ? "path" : "media";
        const VimanaDeviceField *field = vimana_device_kind_info_find_field (self->kind, id);
        const char *text = vimana_add_hardware_dialog_entry_text (self, id);
        g_autofree char *path = NULL;

        if (field == NULL || field->type != VIMANA_DEVICE_FIELD_PATH || text == NULL)
            continue;
        path = g_strstrip (g_strdup (text));
        if (g_path_is_absolute (path) && !vimana_file_access_check_qemu (path, &error)) {
            vimana_add_hardware_dialog_show_error (self, field, error->message);
            return FALSE;
        }
    }
    return TRUE;
}

/* A wrong field keeps the dialog open with its message beneath it: whoever adds the device
 * sees only a response with fields that can be built. */
static void
vimana_add_hardware_dialog_response_cb (GtkDialog *dialog,
                                        int        response,
                                        gpointer   user_data)
{
    VimanaAddHardwareDialog *self = VIMANA_ADD_HARDWARE_DIALOG (dialog);
    g_autoptr(GHashTable) values = NULL;
    g_autoptr(GError) error = NULL;
    const VimanaDeviceField *failed = NULL;
    gboolean ok;

    if (response != GTK_RESPONSE_ACCEPT || self->kind == NULL)
        return;
    self->tried = TRUE;
    /* Add is insensitive then; a response from elsewhere is refused the same way. */
    if (vimana_add_hardware_dialog_blocked (self) != NULL) {
        g_signal_stop_emission_by_name (dialog, "response");
        return;
    }
    vimana_add_hardware_dialog_clear_errors (self);
    if (self->xml_edited) {
        /* The XML the user wrote is what is added, and the page checks it; a new image is
         * still made from the fields. */
        ok = !vimana_add_hardware_dialog_wants_new_volume (self) ||
             vimana_add_hardware_dialog_get_new_volume (self, NULL, NULL, NULL, &error);
    } else if (vimana_add_hardware_dialog_has_host_device (self)) {
        ok = vimana_add_hardware_dialog_chosen_host_device (self) != NULL;
        if (!ok)
            vimana_add_hardware_dialog_show_host_error (self,
                                                        _("Choose one of the host’s devices."));
    } else {
        values = vimana_add_hardware_dialog_values (self);
        ok = vimana_device_kind_info_check (self->kind, values, &failed, &error);
        if (!ok)
            vimana_add_hardware_dialog_show_error (self, failed, error->message);
        else if (!vimana_add_hardware_dialog_check_path_risk (self))
            ok = FALSE;
        else if (!vimana_add_hardware_dialog_check_path_access (self))
            ok = FALSE;
        else if (vimana_add_hardware_dialog_wants_new_volume (self) &&
                 !vimana_add_hardware_dialog_get_new_volume (self, NULL, NULL, NULL, &error))
            ok = FALSE;
    }
    if (!ok)
        g_signal_stop_emission_by_name (dialog, "response");
}

/* ---- GObject ---- */

static void
vimana_add_hardware_dialog_dispose (GObject *object)
{
    VimanaAddHardwareDialog *self = VIMANA_ADD_HARDWARE_DIALOG (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->domain);
    g_clear_object (&self->config);
    g_clear_pointer (&self->warned_path, g_free);
    g_clear_pointer (&self->fields, g_ptr_array_unref);
    g_clear_pointer (&self->host_devices, g_ptr_array_unref);
    g_clear_pointer (&self->volumes, g_ptr_array_unref);
    g_clear_pointer (&self->host_error, g_free);
    g_clear_pointer (&self->volume_error, g_free);

    G_OBJECT_CLASS (vimana_add_hardware_dialog_parent_class)->dispose (object);
}

static void
vimana_add_hardware_dialog_class_init (VimanaAddHardwareDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_add_hardware_dialog_dispose;

    g_type_ensure (GTK_SOURCE_TYPE_VIEW);
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-add-hardware-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, grid);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, kind_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, host_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, host_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog,
                                          host_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, xml_view);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, error_label);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_add_hardware_dialog_kind_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_add_hardware_dialog_value_changed_cb);
}

static void
vimana_add_hardware_dialog_init (VimanaAddHardwareDialog *self)
{
    GtkSourceLanguage *xml = gtk_source_language_manager_get_language (
        gtk_source_language_manager_get_default (), "xml");

    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    for (guint i = 0; i < vimana_device_kind_info_get_n_kinds (); i++) {
        const VimanaDeviceKindInfo *kind = vimana_device_kind_info_get_nth (i);

        gtk_combo_box_text_append (self->kind_combo, vimana_device_kind_info_get_id (kind),
                                   vimana_device_kind_info_get_label (kind));
    }
    /* Connected first, so it runs before whoever adds the device and can stop it. */
    g_signal_connect (self, "response", G_CALLBACK (vimana_add_hardware_dialog_response_cb),
                      NULL);
    /* Set here: a template's accessible child for a GtkSourceView names its scrolled window. */
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->xml_view)),
                         _("Device XML"));
    if (xml != NULL)
        gtk_source_buffer_set_language (
            GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view))), xml);
    vimana_xml_scheme_follow_theme (self->xml_view);
    g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)), "changed",
                      G_CALLBACK (vimana_add_hardware_dialog_xml_changed_cb), self);
}

/**
 * vimana_add_hardware_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @domain: the guest, whose host lists its USB and PCI devices
 * @config: the guest's configuration, to pick free disk names
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWidget *
vimana_add_hardware_dialog_new (GtkWindow          *parent,
                                VimanaDomain       *domain,
                                VimanaDomainConfig *config)
{
    VimanaAddHardwareDialog *self;
    VimanaConnection *connection;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (config), NULL);

    /* The buttons go in a header bar, as in the other dialogs. */
    self = g_object_new (VIMANA_TYPE_ADD_HARDWARE_DIALOG, "transient-for", parent,
                         "use-header-bar", 1, NULL);
    self->domain = g_object_ref (domain);
    self->config = g_object_ref (config);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo), "disk");
    connection = vimana_domain_get_connection (domain);
    if (connection == NULL) {
        self->host_error = g_strdup (_("The guest no longer exists."));
        self->volume_error = g_strdup (self->host_error);
        self->host_devices = g_ptr_array_new ();
        self->volumes = g_ptr_array_new ();
        self->pools_listed = self->networks_listed = TRUE;
        return GTK_WIDGET (self);
    }
    vimana_connection_refresh_host_devices_async (connection, self->cancellable,
                                                  vimana_add_hardware_dialog_hosts_cb,
                                                  g_object_ref (self));
    vimana_connection_refresh_storage_pools_async (connection, VIMANA_STORAGE_REFRESH_VOLUMES,
                                                   self->cancellable,
                                                   vimana_add_hardware_dialog_volumes_cb,
                                                   g_object_ref (self));
    vimana_connection_refresh_networks_async (connection, self->cancellable,
                                              vimana_add_hardware_dialog_networks_cb,
                                              g_object_ref (self));
    return GTK_WIDGET (self);
}
