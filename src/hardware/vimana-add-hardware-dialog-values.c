/* vimana-add-hardware-dialog-values.c: what the Add Hardware dialog answers and is told
 *
 * The device's XML, the new image to make for a disk, and the calls that set the kind and the
 * fields and read their messages, which the Hardware page and the tests use.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-add-hardware-dialog"

#include "config.h"

#include "vimana-add-hardware-dialog.h"
#include "vimana-add-hardware-dialog-private.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"

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

/* Types @value into the kind's first field that is typed rather than chosen. */
void
vimana_add_hardware_dialog_set_value (VimanaAddHardwareDialog *self,
                                      const char              *value)
{
    g_return_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self));

    for (guint i = 0; i < self->fields->len; i++) {
        VimanaAddHardwareField *entry = self->fields->pdata[i];

        if (vimana_add_hardware_dialog_typed (entry) != NULL) {
            gtk_entry_set_text (vimana_add_hardware_dialog_typed (entry), value);
            return;
        }
    }
    g_return_if_reached ();
}

/**
 * vimana_add_hardware_dialog_set_field:
 * @id: a field of the chosen kind: "bus", "model"…
 * @value: its text, or the value to choose
 *
 * Returns: whether the kind has the field and, for a choice, @value is one of its values
 */
gboolean
vimana_add_hardware_dialog_set_field (VimanaAddHardwareDialog *self,
                                      const char              *id,
                                      const char              *value)
{
    VimanaAddHardwareField *entry;

    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), FALSE);

    entry = vimana_add_hardware_dialog_field (self, id);
    if (entry == NULL || entry->label == NULL)
        return FALSE;
    if (vimana_add_hardware_dialog_typed (entry) != NULL) {
        gtk_entry_set_text (vimana_add_hardware_dialog_typed (entry), value);
        return TRUE;
    }
    return gtk_combo_box_set_active_id (GTK_COMBO_BOX (entry->widget), value);
}

/* Returns: (nullable): the message beneath field @id, or beneath the XML when @id is %NULL */
const char *
vimana_add_hardware_dialog_get_error (VimanaAddHardwareDialog *self,
                                      const char              *id)
{
    VimanaAddHardwareField *entry;
    GtkLabel *label;

    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), NULL);

    entry = id != NULL ? vimana_add_hardware_dialog_field (self, id) : NULL;
    label = entry != NULL ? entry->error : self->error_label;
    if (id != NULL && entry == NULL)
        return NULL;
    return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

/* Shows why the device cannot be added beneath the XML, which is what is added. */
void
vimana_add_hardware_dialog_set_error (VimanaAddHardwareDialog *self,
                                      const char              *message)
{
    g_return_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self));
    vimana_add_hardware_dialog_show_error (self, NULL,
                                           message != NULL && *message != '\0' ? message : NULL);
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
    const char *typed;
    g_autofree char *size = NULL;
    g_autoptr(GError) local_error = NULL;
    g_autoptr(GError) parse_error = NULL;
    guint64 kib = 0;

    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), FALSE);

    if (!g_str_equal (vimana_add_hardware_dialog_kind (self), "new-disk"))
        return FALSE;
    typed = vimana_add_hardware_dialog_entry_text (self, "size");
    size = g_strstrip (g_strdup (typed));
    /* A bare number is GiB here. */
    if (*size != '\0' && strspn (size, "0123456789") == strlen (size)) {
        char *with_unit = g_strconcat (size, " GiB", NULL);

        g_free (size);
        size = with_unit;
    }
    if (!vimana_config_parse_memory (size, &kib, &parse_error) &&
        g_error_matches (parse_error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED)) {
        g_set_error (&local_error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is too large: a new disk image can be at most 1 PiB "
                       "(1048576 GiB)."),
                     typed);
    } else if (parse_error != NULL || kib == 0) {
        g_set_error (&local_error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a disk size: write a number of GiB, such as 20."), typed);
    } else if (kib > VIMANA_ADD_HARDWARE_MAX_NEW_DISK_KIB) {
        /* Far beyond any real disk, and it keeps the size in bytes within 64 bits. */
        g_set_error (&local_error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is too large: a new disk image can be at most 1 PiB "
                       "(1048576 GiB)."),
                     typed);
    }
    if (local_error != NULL) {
        vimana_add_hardware_dialog_show_error (
            self, vimana_device_kind_info_find_field (self->kind, "size"), local_error->message);
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
    }
    if (pool != NULL) {
        *pool = g_strstrip (g_strdup (vimana_add_hardware_dialog_entry_text (self, "pool") != NULL
                                      ? vimana_add_hardware_dialog_entry_text (self, "pool") : ""));
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

/* Returns: whether the message under field @id (the XML when %NULL) is a neutral hint, shown
 * before the user changed the field or pressed Add, rather than an error */
gboolean
vimana_add_hardware_dialog_get_error_is_hint (VimanaAddHardwareDialog *self,
                                              const char              *id)
{
    VimanaAddHardwareField *entry;

    g_return_val_if_fail (VIMANA_IS_ADD_HARDWARE_DIALOG (self), FALSE);

    entry = id != NULL ? vimana_add_hardware_dialog_field (self, id) : NULL;
    if (id != NULL && entry == NULL)
        return FALSE;
    return vimana_field_error_is_hint (entry != NULL ? entry->error : self->error_label);
}
