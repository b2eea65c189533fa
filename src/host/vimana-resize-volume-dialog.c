/* vimana-resize-volume-dialog.c: a volume's new size
 *
 * Core decides how (through a running guest, so that it sees the new size, or in the pool) and
 * what is refused (a smaller size unless shrinking is chosen, a running guest's disk shrunk); the
 * dialog says each refusal under the size and stays open until the volume has its new size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-resize-volume-dialog"

#include "config.h"

#include "vimana-resize-volume-dialog.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-format.h"

#define VIMANA_RESIZE_GIB ((double) (G_GUINT64_CONSTANT (1) << 30))

struct _VimanaResizeVolumeDialog
{
    GtkDialog            parent_instance;

    /* template widgets */
    GtkLabel            *current_label;
    GtkSpinButton       *capacity_spin;
    GtkLabel            *capacity_error;
    GtkToggleButton     *shrink_check;
    GtkLabel            *error_label;
    GtkWidget           *resize_button;

    /* owned references */
    VimanaStorageVolume *volume;
    GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (VimanaResizeVolumeDialog, vimana_resize_volume_dialog, GTK_TYPE_DIALOG)

static void
vimana_resize_volume_dialog_done_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VimanaResizeVolumeDialog *self;

    if (vimana_storage_volume_resize_finish (VIMANA_STORAGE_VOLUME (source), result, &error)) {
        gtk_widget_destroy (GTK_WIDGET (user_data));
        return;
    }
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    gtk_widget_set_sensitive (self->resize_button, TRUE);
    if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT) ||
        g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID)) {
        vimana_field_error_set_error (GTK_WIDGET (self->capacity_spin), self->capacity_error, error);
    } else {
        gtk_label_set_text (self->error_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->error_label));
    }
}

static void
vimana_resize_volume_dialog_response (GtkDialog *dialog,
                                      int        response)
{
    VimanaResizeVolumeDialog *self = VIMANA_RESIZE_VOLUME_DIALOG (dialog);
    guint64 capacity;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    vimana_field_error_set (GTK_WIDGET (self->capacity_spin), self->capacity_error, NULL);
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    capacity = (guint64) (gtk_spin_button_get_value (self->capacity_spin) * VIMANA_RESIZE_GIB);
    gtk_widget_set_sensitive (self->resize_button, FALSE);
    vimana_storage_volume_resize_async (self->volume, capacity,
                                        gtk_toggle_button_get_active (self->shrink_check),
                                        self->cancellable, vimana_resize_volume_dialog_done_cb,
                                        self);
}

static void
vimana_resize_volume_dialog_dispose (GObject *object)
{
    VimanaResizeVolumeDialog *self = VIMANA_RESIZE_VOLUME_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->volume);

    G_OBJECT_CLASS (vimana_resize_volume_dialog_parent_class)->dispose (object);
}

static void
vimana_resize_volume_dialog_class_init (VimanaResizeVolumeDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_resize_volume_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = vimana_resize_volume_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-resize-volume-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaResizeVolumeDialog, current_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaResizeVolumeDialog, capacity_spin);
    gtk_widget_class_bind_template_child (widget_class, VimanaResizeVolumeDialog, capacity_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaResizeVolumeDialog, shrink_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaResizeVolumeDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaResizeVolumeDialog, resize_button);
}

static void
vimana_resize_volume_dialog_init (VimanaResizeVolumeDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

/**
 * vimana_resize_volume_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @volume: the volume
 * @running_guest: (nullable): the running guest that uses it, when one does
 *
 * Returns: (transfer none): a new dialog; it destroys itself once the volume has its new size or
 *   when it is cancelled
 */
GtkWidget *
vimana_resize_volume_dialog_new (GtkWindow           *parent,
                                 VimanaStorageVolume *volume,
                                 const char          *running_guest)
{
    VimanaResizeVolumeDialog *self;
    g_autofree char *size = NULL;
    g_autofree char *text = NULL;
    g_autofree char *title = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (volume), NULL);

    self = g_object_new (VIMANA_TYPE_RESIZE_VOLUME_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         NULL);
    self->volume = g_object_ref (volume);
    /* Translators: the Resize dialog's title; %s is a volume's name. */
    title = g_strdup_printf (_("Resize “%s”"), vimana_storage_volume_get_name (volume));
    gtk_window_set_title (GTK_WINDOW (self), title);
    size = vimana_format_bytes (vimana_storage_volume_get_capacity (volume));
    if (running_guest != NULL)
        /* Translators: a size, then a guest's name. */
        text = g_strdup_printf (_("The disk has %s. The guest “%s” runs on it and sees the new "
                                  "size at once; a running guest's disk can only grow."), size,
                                running_guest);
    else
        /* Translators: %s is a size. */
        text = g_strdup_printf (_("The disk has %s. No running guest uses it."), size);
    gtk_label_set_text (self->current_label, text);
    gtk_spin_button_set_value (self->capacity_spin,
                               vimana_storage_volume_get_capacity (volume) / VIMANA_RESIZE_GIB);
    return GTK_WIDGET (self);
}

/* Fills the form as a user would; for tests. */
void
vimana_resize_volume_dialog_fill (VimanaResizeVolumeDialog *self,
                                  double                    gib,
                                  gboolean                  shrink)
{
    g_return_if_fail (VIMANA_IS_RESIZE_VOLUME_DIALOG (self));

    gtk_spin_button_set_value (self->capacity_spin, gib);
    gtk_toggle_button_set_active (self->shrink_check, shrink);
}

/* Returns: what is said under the size ("capacity") or for the dialog ("dialog"); "" if nothing */
const char *
vimana_resize_volume_dialog_get_error (VimanaResizeVolumeDialog *self,
                                       const char               *field)
{
    GtkLabel *label;

    g_return_val_if_fail (VIMANA_IS_RESIZE_VOLUME_DIALOG (self), NULL);

    label = g_strcmp0 (field, "capacity") == 0 ? self->capacity_error : self->error_label;
    return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}
