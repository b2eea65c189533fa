/* vimana-add-hardware-dialog.c: choosing a device to add to a guest
 *
 * The user picks a kind of device and fills the one or two values it needs (an image path, a
 * network, a host device…); the dialog writes the device's XML from them into an editable
 * preview, which is what is added, so anything the fields do not cover can still be set. The
 * dialog answers through its response signal; the Hardware page checks the XML and keeps the
 * dialog open with the reason when it is not a device.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-add-hardware-dialog"

#include "config.h"

#include "vimana-add-hardware-dialog.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "vimana-connection.h"
#include "vimana-error.h"

struct _VimanaAddHardwareDialog
{
    GtkDialog parent_instance;

    /* template widgets */
    GtkComboBoxText    *kind_combo;
    GtkLabel           *value_label;
    GtkEntry           *value_entry;
    GtkLabel           *extra_label;
    GtkEntry           *extra_entry;
    GtkLabel           *host_label;
    GtkComboBoxText    *host_combo;
    GtkSourceView      *xml_view;
    GtkLabel           *error_label;

    /* owned references */
    VimanaDomain       *domain;
    VimanaDomainConfig *config;
    GPtrArray          *host_devices;   /* of VimanaHostDevice, once listed */
    GPtrArray          *volumes;        /* of VimanaStorageVolume, once listed */
    GCancellable       *cancellable;
    char               *host_error;
    char               *volume_error;
};

/* 1 PiB, in KiB. */
#define VIMANA_ADD_HARDWARE_MAX_NEW_DISK_KIB (G_GUINT64_CONSTANT (1) << 40)

G_DEFINE_FINAL_TYPE (VimanaAddHardwareDialog, vimana_add_hardware_dialog, GTK_TYPE_DIALOG)

/* The first target name "<prefix>a".."<prefix>z" no disk of the guest uses. */
static char *
vimana_add_hardware_dialog_free_target (VimanaAddHardwareDialog *self,
                                        const char              *prefix)
{
    guint n = vimana_domain_config_get_n_devices (self->config);

    for (char letter = 'a'; letter <= 'z'; letter++) {
        g_autofree char *name = g_strdup_printf ("%s%c", prefix, letter);
        gboolean used = FALSE;

        for (guint i = 0; i < n && !used; i++) {
            VimanaDeviceKind kind = vimana_domain_config_get_device_kind (self->config, i);
            g_autofree char *target = NULL;

            if (kind != VIMANA_DEVICE_DISK && kind != VIMANA_DEVICE_CDROM &&
                kind != VIMANA_DEVICE_FLOPPY)
                continue;
            target = vimana_domain_config_get_disk_target (self->config, i);
            used = g_strcmp0 (target, name) == 0;
        }
        if (!used)
            return g_steal_pointer (&name);
    }
    return g_strdup_printf ("%sz", prefix);
}

static const char *
vimana_add_hardware_dialog_kind (VimanaAddHardwareDialog *self)
{
    const char *kind = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->kind_combo));

    return kind ? kind : "disk";
}

static VimanaStorageVolume *
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
static char *
vimana_add_hardware_dialog_new_volume_name (VimanaAddHardwareDialog *self)
{
    g_autofree char *guest = vimana_domain_config_get_name (self->config);
    g_autofree char *target = vimana_add_hardware_dialog_free_target (self, "vd");

    return g_strdup_printf ("%s-%s.qcow2", guest ? guest : "disk", target);
}

static char *
vimana_add_hardware_dialog_build_xml (VimanaAddHardwareDialog *self)
{
    const char *kind = vimana_add_hardware_dialog_kind (self);
    g_autofree char *value = g_markup_escape_text (gtk_entry_get_text (self->value_entry), -1);
    g_autofree char *extra = g_markup_escape_text (gtk_entry_get_text (self->extra_entry), -1);

    g_strstrip (value);
    g_strstrip (extra);
    if (g_str_equal (kind, "disk")) {
        g_autofree char *target = vimana_add_hardware_dialog_free_target (self, "vd");

        return g_strdup_printf ("<disk type='file' device='disk'>\n"
                                "  <driver name='qemu' type='%s'/>\n"
                                "  <source file='%s'/>\n"
                                "  <target dev='%s' bus='virtio'/>\n"
                                "</disk>\n",
                                g_str_has_suffix (value, ".qcow2") ? "qcow2" : "raw", value,
                                target);
    }
    if (g_str_equal (kind, "volume")) {
        g_autofree char *target = vimana_add_hardware_dialog_free_target (self, "vd");
        VimanaStorageVolume *volume = vimana_add_hardware_dialog_chosen_volume (self);
        g_autofree char *pool = volume ? g_markup_escape_text (vimana_storage_volume_get_pool_name (volume), -1)
                                       : g_strdup ("");
        g_autofree char *name = volume ? g_markup_escape_text (vimana_storage_volume_get_name (volume), -1)
                                       : g_strdup ("");

        return g_strdup_printf ("<disk type='volume' device='disk'>\n"
                                "  <driver name='qemu' type='%s'/>\n"
                                "  <source pool='%s' volume='%s'/>\n"
                                "  <target dev='%s' bus='virtio'/>\n"
                                "</disk>\n",
                                g_str_has_suffix (name, ".qcow2") ? "qcow2" : "raw", pool, name,
                                target);
    }
    if (g_str_equal (kind, "new-disk")) {
        g_autofree char *target = vimana_add_hardware_dialog_free_target (self, "vd");
        g_autofree char *name = vimana_add_hardware_dialog_new_volume_name (self);
        g_autofree char *escaped = g_markup_escape_text (name, -1);

        return g_strdup_printf ("<disk type='volume' device='disk'>\n"
                                "  <driver name='qemu' type='qcow2'/>\n"
                                "  <source pool='%s' volume='%s'/>\n"
                                "  <target dev='%s' bus='virtio'/>\n"
                                "</disk>\n", *extra ? extra : "default", escaped, target);
    }
    if (g_str_equal (kind, "cdrom")) {
        g_autofree char *target = vimana_add_hardware_dialog_free_target (self, "sd");
        g_autofree char *source = *value ? g_strdup_printf ("  <source file='%s'/>\n", value)
                                         : g_strdup ("");

        return g_strdup_printf ("<disk type='file' device='cdrom'>\n"
                                "  <driver name='qemu' type='raw'/>\n"
                                "%s"
                                "  <target dev='%s' bus='sata'/>\n"
                                "  <readonly/>\n"
                                "</disk>\n", source, target);
    }
    if (g_str_equal (kind, "nic"))
        return g_strdup_printf ("<interface type='network'>\n"
                                "  <source network='%s'/>\n"
                                "  <model type='%s'/>\n"
                                "</interface>\n", value, *extra ? extra : "virtio");
    if (g_str_equal (kind, "vnc"))
        return g_strdup_printf ("<graphics type='vnc' port='-1' autoport='yes'>\n"
                                "  <listen type='address' address='%s'/>\n"
                                "</graphics>\n", *value ? value : "127.0.0.1");
    if (g_str_equal (kind, "video"))
        return g_strdup_printf ("<video>\n  <model type='%s'/>\n</video>\n",
                                *value ? value : "virtio");
    if (g_str_equal (kind, "sound"))
        return g_strdup_printf ("<sound model='%s'/>\n", *value ? value : "ich9");
    if (g_str_equal (kind, "serial"))
        return g_strdup ("<serial type='pty'>\n  <target port='0'/>\n</serial>\n");
    if (g_str_equal (kind, "usb") || g_str_equal (kind, "pci")) {
        const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->host_combo));

        for (guint i = 0; self->host_devices != NULL && i < self->host_devices->len; i++) {
            VimanaHostDevice *device = self->host_devices->pdata[i];

            if (g_strcmp0 (vimana_host_device_get_name (device), id) == 0)
                return g_strdup (vimana_host_device_get_hostdev_xml (device));
        }
        return g_strdup ("");
    }
    if (g_str_equal (kind, "tpm"))
        return g_strdup ("<tpm model='tpm-crb'>\n  <backend type='emulator' version='2.0'/>\n"
                         "</tpm>\n");
    if (g_str_equal (kind, "rng"))
        return g_strdup_printf ("<rng model='virtio'>\n  <backend model='random'>%s</backend>\n"
                                "</rng>\n", *value ? value : "/dev/urandom");
    if (g_str_equal (kind, "watchdog"))
        return g_strdup_printf ("<watchdog model='%s' action='reset'/>\n",
                                *value ? value : "i6300esb");
    /* virtiofs */
    return g_strdup_printf ("<filesystem type='mount' accessmode='passthrough'>\n"
                            "  <driver type='virtiofs'/>\n"
                            "  <source dir='%s'/>\n"
                            "  <target dir='%s'/>\n"
                            "</filesystem>\n", value, extra);
}

static void
vimana_add_hardware_dialog_update_xml (VimanaAddHardwareDialog *self)
{
    g_autofree char *xml = vimana_add_hardware_dialog_build_xml (self);

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)), xml, -1);
    gtk_label_set_text (self->error_label, "");
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
        gtk_label_set_text (self->error_label, self->volume_error);
    else if (self->volumes != NULL && self->volumes->len == 0)
        gtk_label_set_text (self->error_label, _("No storage pool has a volume to use."));
}

static void
vimana_add_hardware_dialog_fill_hosts (VimanaAddHardwareDialog *self)
{
    gboolean usb = g_str_equal (vimana_add_hardware_dialog_kind (self), "usb");
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
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->host_combo), 0);
    if (self->host_error != NULL)
        gtk_label_set_text (self->error_label, self->host_error);
    else if (n == 0 && self->host_devices != NULL)
        gtk_label_set_text (self->error_label,
                            usb ? _("The host has no USB device to give.")
                                : _("The host has no PCI device to give."));
}

static void
vimana_add_hardware_dialog_show_value (GtkLabel   *label,
                                       GtkEntry   *entry,
                                       const char *text,
                                       const char *value)
{
    gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
    gtk_widget_set_visible (GTK_WIDGET (entry), text != NULL);
    if (text == NULL)
        return;
    gtk_label_set_text_with_mnemonic (label, text);
    /* The label's text without the mnemonic's underscore. */
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (entry)),
                         gtk_label_get_text (label));
    gtk_entry_set_text (entry, value ? value : "");
}

static void
vimana_add_hardware_dialog_kind_changed_cb (GtkComboBox *combo,
                                            gpointer     user_data)
{
    VimanaAddHardwareDialog *self = user_data;
    const char *kind = vimana_add_hardware_dialog_kind (self);
    const char *value = NULL, *value_default = NULL, *extra = NULL, *extra_default = NULL;
    gboolean host = g_str_equal (kind, "usb") || g_str_equal (kind, "pci");
    gboolean volume = g_str_equal (kind, "volume");

    if (g_str_equal (kind, "disk")) {
        value = _("_Image path");
    } else if (g_str_equal (kind, "new-disk")) {
        value = _("_Size (GiB)");
        value_default = "10";
        extra = _("Storage _pool");
        extra_default = "default";
    } else if (g_str_equal (kind, "cdrom")) {
        value = _("_Media (optional)");
    } else if (g_str_equal (kind, "nic")) {
        value = _("_Network");
        value_default = "default";
        extra = _("_Model");
        extra_default = "virtio";
    } else if (g_str_equal (kind, "vnc")) {
        value = _("_Listen address");
        value_default = "127.0.0.1";
    } else if (g_str_equal (kind, "video") || g_str_equal (kind, "sound") ||
               g_str_equal (kind, "watchdog")) {
        value = _("_Model");
        value_default = g_str_equal (kind, "video") ? "virtio"
                        : g_str_equal (kind, "sound") ? "ich9" : "i6300esb";
    } else if (g_str_equal (kind, "rng")) {
        value = _("_Source");
        value_default = "/dev/urandom";
    } else if (g_str_equal (kind, "virtiofs")) {
        value = _("_Host folder");
        extra = _("Mount _tag");
    }
    /* Setting the entries emits their changed signal: block it, then build the XML once. */
    g_signal_handlers_block_matched (self->value_entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
    g_signal_handlers_block_matched (self->extra_entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
    g_signal_handlers_block_matched (self->host_combo, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                     self);
    vimana_add_hardware_dialog_show_value (self->value_label, self->value_entry, value,
                                           value_default);
    vimana_add_hardware_dialog_show_value (self->extra_label, self->extra_entry, extra,
                                           extra_default);
    gtk_widget_set_visible (GTK_WIDGET (self->host_label), host || volume);
    gtk_widget_set_visible (GTK_WIDGET (self->host_combo), host || volume);
    gtk_label_set_text_with_mnemonic (self->host_label, volume ? _("_Volume") : _("_Host device"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->host_combo)),
                         gtk_label_get_text (self->host_label));
    gtk_label_set_text (self->error_label, "");
    if (host)
        vimana_add_hardware_dialog_fill_hosts (self);
    if (volume)
        vimana_add_hardware_dialog_fill_volumes (self);
    g_signal_handlers_unblock_matched (self->value_entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self);
    g_signal_handlers_unblock_matched (self->extra_entry, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self);
    g_signal_handlers_unblock_matched (self->host_combo, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self);
    vimana_add_hardware_dialog_update_xml (self);
    if (host && self->host_error != NULL)
        gtk_label_set_text (self->error_label, self->host_error);
    if (volume && self->volume_error != NULL)
        gtk_label_set_text (self->error_label, self->volume_error);
}

static void
vimana_add_hardware_dialog_value_changed_cb (GtkWidget *widget,
                                             gpointer   user_data)
{
    vimana_add_hardware_dialog_update_xml (VIMANA_ADD_HARDWARE_DIALOG (user_data));
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
    if (gtk_widget_get_visible (GTK_WIDGET (self->host_combo)))
        vimana_add_hardware_dialog_kind_changed_cb (GTK_COMBO_BOX (self->kind_combo), self);
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
    if (g_str_equal (vimana_add_hardware_dialog_kind (self), "volume"))
        vimana_add_hardware_dialog_kind_changed_cb (GTK_COMBO_BOX (self->kind_combo), self);
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
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, kind_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, value_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, value_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, extra_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, extra_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, host_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAddHardwareDialog, host_combo);
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
    /* Set here: a template's accessible child for a GtkSourceView names its scrolled window. */
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->xml_view)),
                         _("Device XML"));
    if (xml != NULL)
        gtk_source_buffer_set_language (
            GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view))), xml);
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

    self = g_object_new (VIMANA_TYPE_ADD_HARDWARE_DIALOG, "transient-for", parent, NULL);
    self->domain = g_object_ref (domain);
    self->config = g_object_ref (config);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo), "disk");
    connection = vimana_domain_get_connection (domain);
    if (connection == NULL) {
        self->host_error = g_strdup (_("The guest no longer exists."));
        self->volume_error = g_strdup (self->host_error);
        self->host_devices = g_ptr_array_new ();
        self->volumes = g_ptr_array_new ();
        return GTK_WIDGET (self);
    }
    vimana_connection_refresh_host_devices_async (connection, self->cancellable,
                                                  vimana_add_hardware_dialog_hosts_cb,
                                                  g_object_ref (self));
    vimana_connection_refresh_storage_pools_async (connection, VIMANA_STORAGE_REFRESH_VOLUMES,
                                                   self->cancellable,
                                                   vimana_add_hardware_dialog_volumes_cb,
                                                   g_object_ref (self));
    return GTK_WIDGET (self);
}

/* Returns: (transfer full): the XML of the device to add, as the preview has it */
char *
vimana_add_hardware_dialog_get_xml (VimanaAddHardwareDialog *self)
{
    GtkTextBuffer *buffer;
    GtkTextIter start, end;

    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), NULL);

    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Chooses the kind of device by its id ("disk", "nic", "virtiofs"…). */
gboolean
vimana_add_hardware_dialog_set_kind (VimanaAddHardwareDialog *self,
                                     const char              *kind)
{
    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), FALSE);
    return gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->kind_combo), kind);
}

void
vimana_add_hardware_dialog_set_value (VimanaAddHardwareDialog *self,
                                      const char              *value)
{
    g_return_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self));
    gtk_entry_set_text (self->value_entry, value);
}

void
vimana_add_hardware_dialog_set_error (VimanaAddHardwareDialog *self,
                                      const char              *message)
{
    g_return_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self));
    gtk_label_set_text (self->error_label, message);
}

/**
 * vimana_add_hardware_dialog_get_new_volume:
 * @pool: (out) (optional): the pool to create the image in
 * @name: (out) (optional): the image's name
 * @capacity: (out) (optional): its size in bytes
 *
 * Returns: whether the device is a disk on a new image, to create before adding it; %FALSE
 *   with @error set when its size is not one
 */
gboolean
vimana_add_hardware_dialog_get_new_volume (VimanaAddHardwareDialog  *self,
                                           char                    **pool,
                                           char                    **name,
                                           guint64                  *capacity,
                                           GError                  **error)
{
    g_autofree char *size = NULL;
    guint64 kib;

    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), FALSE);

    if (!g_str_equal (vimana_add_hardware_dialog_kind (self), "new-disk"))
        return FALSE;
    size = g_strstrip (g_strdup (gtk_entry_get_text (self->value_entry)));
    /* A bare number is GiB here. */
    if (*size != '\0' && strspn (size, "0123456789") == strlen (size)) {
        char *with_unit = g_strconcat (size, " GiB", NULL);

        g_free (size);
        size = with_unit;
    }
    if (!vimana_config_parse_memory (size, &kib, NULL) || kib == 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a disk size: write a number of GiB, such as 20."),
                     gtk_entry_get_text (self->value_entry));
        return FALSE;
    }
    /* Far beyond any real disk, and it keeps the size in bytes within 64 bits. */
    if (kib > VIMANA_ADD_HARDWARE_MAX_NEW_DISK_KIB) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is too large: a new disk image can be at most 1 PiB "
                       "(1048576 GiB)."),
                     gtk_entry_get_text (self->value_entry));
        return FALSE;
    }
    if (pool != NULL) {
        *pool = g_strstrip (g_strdup (gtk_entry_get_text (self->extra_entry)));
        if (**pool == '\0') {
            g_free (*pool);
            *pool = g_strdup ("default");
        }
    }
    if (name != NULL)
        *name = vimana_add_hardware_dialog_new_volume_name (self);
    if (capacity != NULL)
        *capacity = kib * 1024;
    return TRUE;
}

gboolean
vimana_add_hardware_dialog_wants_new_volume (VimanaAddHardwareDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), FALSE);
    return g_str_equal (vimana_add_hardware_dialog_kind (self), "new-disk");
}
