/* vimana-new-pool-dialog.c: a new directory storage pool
 *
 * The name and folder are checked as typed by core's rule (vimana_storage_pool_check_dir()) and
 * against the connection's pools; the reason shows under its field and Create waits. Core
 * checks again on the worker before libvirt is asked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-pool-dialog"

#include "config.h"

#include "vimana-new-pool-dialog.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"

struct _VimanaNewPoolDialog
{
    GtkDialog         parent_instance;

    /* template widgets */
    GtkEntry         *name_entry;
    GtkLabel         *name_error;
    GtkEntry         *path_entry;
    GtkLabel         *path_error;
    GtkLabel         *error_label;
    GtkWidget        *create_button;

    /* owned references */
    VimanaConnection *connection;
    GCancellable     *cancellable;

    gboolean          creating;
};

G_DEFINE_FINAL_TYPE (VimanaNewPoolDialog, vimana_new_pool_dialog, GTK_TYPE_DIALOG)

static gboolean
vimana_new_pool_dialog_check (VimanaNewPoolDialog *self)
{
    const char *name = gtk_entry_get_text (self->name_entry);
    const char *path = gtk_entry_get_text (self->path_entry);
    g_autoptr(GError) error = NULL;
    g_autofree char *taken = NULL;
    gboolean path_field = FALSE;
    gboolean ok;

    vimana_field_error_set (GTK_WIDGET (self->name_entry), self->name_error, NULL);
    vimana_field_error_set (GTK_WIDGET (self->path_entry), self->path_error, NULL);
    ok = vimana_storage_pool_check_dir (name, path,
                                        vimana_connection_is_local (self->connection),
                                        &path_field, &error);
    if (ok && vimana_connection_find_storage_pool (self->connection, name) != NULL) {
        taken = g_strdup_printf (_("There is already a storage pool “%s”; choose another name."),
                                 name);
        vimana_field_error_set (GTK_WIDGET (self->name_entry), self->name_error, taken);
        ok = FALSE;
    } else if (!ok && path_field) {
        vimana_field_error_set_error (GTK_WIDGET (self->path_entry), self->path_error, error);
    } else if (!ok) {
        vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error, error);
    }
    gtk_widget_set_sensitive (self->create_button, ok && !self->creating);
    return ok;
}

static void
vimana_new_pool_dialog_changed_cb (VimanaNewPoolDialog *self)
{
    vimana_new_pool_dialog_check (self);
}

static void
vimana_new_pool_dialog_created_cb (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    g_autoptr(VimanaStoragePool) pool = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNewPoolDialog *self;

    pool = vimana_connection_create_dir_pool_finish (VIMANA_CONNECTION (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    self->creating = FALSE;
    if (pool != NULL) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    vimana_new_pool_dialog_check (self);
    gtk_label_set_text (self->error_label, error->message);
    gtk_widget_show (GTK_WIDGET (self->error_label));
}

static void
vimana_new_pool_dialog_response (GtkDialog *dialog,
                                 int        response)
{
    VimanaNewPoolDialog *self = VIMANA_NEW_POOL_DIALOG (dialog);

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    if (self->creating || !vimana_new_pool_dialog_check (self))
        return;
    self->creating = TRUE;
    gtk_widget_set_sensitive (self->create_button, FALSE);
    vimana_connection_create_dir_pool_async (self->connection, gtk_entry_get_text (self->name_entry),
                                             gtk_entry_get_text (self->path_entry),
                                             self->cancellable, vimana_new_pool_dialog_created_cb,
                                             self);
}

static void
vimana_new_pool_dialog_dispose (GObject *object)
{
    VimanaNewPoolDialog *self = VIMANA_NEW_POOL_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->connection);

    G_OBJECT_CLASS (vimana_new_pool_dialog_parent_class)->dispose (object);
}

static void
vimana_new_pool_dialog_class_init (VimanaNewPoolDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_new_pool_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = vimana_new_pool_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-new-pool-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, path_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, path_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, create_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_pool_dialog_changed_cb);
}

static void
vimana_new_pool_dialog_init (VimanaNewPoolDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

/* Returns: (transfer none): a new dialog; it destroys itself once the pool exists or is
 *   cancelled */
GtkWidget *
vimana_new_pool_dialog_new (GtkWindow        *parent,
                            VimanaConnection *connection)
{
    VimanaNewPoolDialog *self;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIMANA_TYPE_NEW_POOL_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         NULL);
    self->connection = g_object_ref (connection);
    vimana_new_pool_dialog_check (self);
    return GTK_WIDGET (self);
}

/* Types @name and @path into the form, as a user would. */
void
vimana_new_pool_dialog_fill (VimanaNewPoolDialog *self,
                             const char          *name,
                             const char          *path)
{
    g_return_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self));
    gtk_entry_set_text (self->name_entry, name);
    gtk_entry_set_text (self->path_entry, path);
}

/* Returns: what is said under "name" or "path", or for the "dialog"; "" when nothing is */
const char *
vimana_new_pool_dialog_get_error (VimanaNewPoolDialog *self,
                                  const char          *field)
{
    GtkLabel *label;

    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), NULL);
    label = g_strcmp0 (field, "name") == 0 ? self->name_error
            : g_strcmp0 (field, "path") == 0 ? self->path_error
                                             : self->error_label;
    return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}

/* Returns: whether Create is offered */
gboolean
vimana_new_pool_dialog_can_create (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), FALSE);
    return gtk_widget_get_sensitive (self->create_button);
}
