/* vimana-new-volume-dialog.c: a new volume in a storage pool
 *
 * The form becomes a VimanaStorageVolumeSpec, checked by core's own rule
 * (vimana_storage_volume_spec_check()) before libvirt is asked: a bad name or size is said under
 * its field and nothing is created. The dialog stays open until the volume exists, so a refusal
 * from libvirt (a name taken meanwhile, a full disk) is said where the user can fix it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-volume-dialog"

#include "config.h"

#include "vimana-new-volume-dialog.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-format.h"

#define VIMANA_NEW_VOLUME_GIB ((double) (G_GUINT64_CONSTANT (1) << 30))

struct _VimanaNewVolumeDialog
{
    GtkDialog          parent_instance;

    /* template widgets */
    GtkEntry          *name_entry;
    GtkLabel          *name_error;
    GtkComboBoxText   *format_combo;
    GtkSpinButton     *capacity_spin;
    GtkLabel          *capacity_error;
    GtkToggleButton   *allocate_check;
    GtkLabel          *free_label;
    GtkLabel          *error_label;
    GtkWidget         *create_button;

    /* owned references */
    VimanaStoragePool *pool;
    GCancellable      *cancellable;
};

G_DEFINE_FINAL_TYPE (VimanaNewVolumeDialog, vimana_new_volume_dialog, GTK_TYPE_DIALOG)

static void
vimana_new_volume_dialog_clear_errors (VimanaNewVolumeDialog *self)
{
    vimana_field_error_set (GTK_WIDGET (self->name_entry), self->name_error, NULL);
    vimana_field_error_set (GTK_WIDGET (self->capacity_spin), self->capacity_error, NULL);
    gtk_widget_hide (GTK_WIDGET (self->error_label));
}

static void
vimana_new_volume_dialog_created_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(VimanaStorageVolume) volume = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNewVolumeDialog *self;

    volume = vimana_storage_pool_create_volume_finish (VIMANA_STORAGE_POOL (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    gtk_widget_set_sensitive (self->create_button, TRUE);
    if (volume != NULL) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS)) {
        vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error, error);
    } else if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT)) {
        vimana_field_error_set_error (GTK_WIDGET (self->capacity_spin), self->capacity_error, error);
    } else {
        gtk_label_set_text (self->error_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->error_label));
    }
}

static void
vimana_new_volume_dialog_create (VimanaNewVolumeDialog *self)
{
    g_autofree char *name = g_strstrip (g_strdup (gtk_entry_get_text (self->name_entry)));
    g_autoptr(GError) error = NULL;
    double gib = gtk_spin_button_get_value (self->capacity_spin);
    guint64 capacity = (guint64) (gib * VIMANA_NEW_VOLUME_GIB);
    VimanaStorageVolumeSpec spec = {
        .name = name,
        .format = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->format_combo)),
        .capacity = capacity,
    };
    VimanaStorageVolumeSpec name_only = spec;
    gboolean ok = TRUE;

    vimana_new_volume_dialog_clear_errors (self);
    spec.allocation = gtk_toggle_button_get_active (self->allocate_check) ? capacity : 0;

    /* The name alone first, so that each reason goes under its own field. */
    name_only.capacity = G_GUINT64_CONSTANT (1) << 20;
    if (!vimana_storage_volume_spec_check (&name_only, G_MAXUINT64, &error)) {
        vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error, error);
        g_clear_error (&error);
        ok = FALSE;
    } else if (vimana_storage_pool_find_volume (self->pool, name) != NULL) {
        vimana_field_error_set (GTK_WIDGET (self->name_entry), self->name_error,
                                _("The pool already has a volume of that name; choose another."));
        ok = FALSE;
    }
    if (!vimana_storage_check_capacity (capacity, vimana_storage_pool_get_available (self->pool),
                                        &error)) {
        vimana_field_error_set_error (GTK_WIDGET (self->capacity_spin), self->capacity_error, error);
        ok = FALSE;
    }
    if (!ok)
        return;

    gtk_widget_set_sensitive (self->create_button, FALSE);
    vimana_storage_pool_create_volume_async (self->pool, &spec, self->cancellable,
                                             vimana_new_volume_dialog_created_cb, self);
}

static void
vimana_new_volume_dialog_response (GtkDialog *dialog,
                                   int        response)
{
    VimanaNewVolumeDialog *self = VIMANA_NEW_VOLUME_DIALOG (dialog);

    if (response == GTK_RESPONSE_OK)
        vimana_new_volume_dialog_create (self);
    else
        gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_new_volume_dialog_show_pool (VimanaNewVolumeDialog *self)
{
    g_autofree char *title = NULL;
    g_autofree char *free_space = NULL;
    g_autofree char *text = NULL;

    /* Translators: the New Volume dialog's title; %s is a storage pool's name. */
    title = g_strdup_printf (_("New Volume in “%s”"), vimana_storage_pool_get_name (self->pool));
    gtk_window_set_title (GTK_WINDOW (self), title);
    free_space = vimana_format_bytes (vimana_storage_pool_get_available (self->pool));
    /* Translators: %s is a size, e.g. "52.0 GiB". */
    text = g_strdup_printf (_("The pool has %s free."), free_space);
    gtk_label_set_text (self->free_label, text);
}

static void
vimana_new_volume_dialog_dispose (GObject *object)
{
    VimanaNewVolumeDialog *self = VIMANA_NEW_VOLUME_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->pool);

    G_OBJECT_CLASS (vimana_new_volume_dialog_parent_class)->dispose (object);
}

static void
vimana_new_volume_dialog_class_init (VimanaNewVolumeDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = vimana_new_volume_dialog_dispose;
    dialog_class->response = vimana_new_volume_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-new-volume-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, format_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, capacity_spin);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, capacity_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, allocate_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, free_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewVolumeDialog, create_button);
}

static void
vimana_new_volume_dialog_init (VimanaNewVolumeDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

/**
 * vimana_new_volume_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @pool: a running pool
 *
 * Returns: (transfer none): a new dialog; it destroys itself once the volume exists or when it
 *   is cancelled
 */
GtkWidget *
vimana_new_volume_dialog_new (GtkWindow         *parent,
                              VimanaStoragePool *pool)
{
    VimanaNewVolumeDialog *self;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (pool), NULL);

    self = g_object_new (VIMANA_TYPE_NEW_VOLUME_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         NULL);
    self->pool = g_object_ref (pool);
    vimana_new_volume_dialog_show_pool (self);
    return GTK_WIDGET (self);
}

/* Fills the form as a user would; for tests. */
void
vimana_new_volume_dialog_fill (VimanaNewVolumeDialog *self,
                               const char            *name,
                               const char            *format,
                               double                 gib,
                               gboolean               allocate)
{
    g_return_if_fail (VIMANA_IS_NEW_VOLUME_DIALOG (self));

    gtk_entry_set_text (self->name_entry, name != NULL ? name : "");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->format_combo), format);
    gtk_spin_button_set_value (self->capacity_spin, gib);
    gtk_toggle_button_set_active (self->allocate_check, allocate);
}

/**
 * vimana_new_volume_dialog_get_field_error:
 * @self: a #VimanaNewVolumeDialog
 * @field: "name", "capacity" or "dialog"
 *
 * Returns: what is said under that field, or "" when nothing is
 */
const char *
vimana_new_volume_dialog_get_field_error (VimanaNewVolumeDialog *self,
                                          const char            *field)
{
    GtkLabel *label;

    g_return_val_if_fail (VIMANA_IS_NEW_VOLUME_DIALOG (self), NULL);

    if (g_strcmp0 (field, "name") == 0)
        label = self->name_error;
    else if (g_strcmp0 (field, "capacity") == 0)
        label = self->capacity_error;
    else
        label = self->error_label;
    return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}
