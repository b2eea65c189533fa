/* vimana-bulk-snapshot-dialog.c: one snapshot of each of several guests, one result line each
 *
 * "Take Snapshot…" on the main window's selection ("before upgrade"): one name and description
 * for all, checked as typed; then one vimana_domain_create_snapshot_async() per guest, each on
 * its own connection's worker, and one line per guest with its result — taken, or libvirt's
 * reason (a name the guest already has, a raw disk, a running UEFI guest). A running guest's
 * snapshot holds its memory. The dialog stays open with the lines until closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-bulk-snapshot-dialog"

#include "config.h"

#include "vimana-bulk-snapshot-dialog.h"

#include <glib/gi18n.h>

#include "vimana-field-error.h"
#include "vimana-snapshot.h"

struct _VimanaBulkSnapshotDialog
{
    GtkDialog  parent_instance;

    /* template widgets */
    GtkLabel  *intro_label;
    GtkEntry  *name_entry;
    GtkLabel  *name_error;
    GtkEntry  *description_entry;
    GtkLabel  *results_label;
    GtkButton *ok_button;
    GtkButton *cancel_button;

    /* owned references */
    GPtrArray *domains;   /* (element-type VimanaDomain) */
    GPtrArray *lines;     /* (element-type utf8) one per guest, in order */

    guint      pending;
    gboolean   started;
};

G_DEFINE_FINAL_TYPE (VimanaBulkSnapshotDialog, vimana_bulk_snapshot_dialog, GTK_TYPE_DIALOG)

static void
vimana_bulk_snapshot_dialog_changed_cb (VimanaBulkSnapshotDialog *self)
{
    g_autoptr(GError) error = NULL;
    gboolean valid = vimana_snapshot_check_name (gtk_entry_get_text (self->name_entry), NULL,
                                                 &error);

    vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error, error);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), valid && !self->started);
}

static void
vimana_bulk_snapshot_dialog_show_lines (VimanaBulkSnapshotDialog *self)
{
    g_autofree char *text = NULL;

    g_ptr_array_add (self->lines, NULL);
    text = g_strjoinv ("\n", (char **) self->lines->pdata);
    g_ptr_array_remove_index (self->lines, self->lines->len - 1);
    gtk_label_set_text (self->results_label, text);
    gtk_widget_show (GTK_WIDGET (self->results_label));
}

typedef struct
{
    VimanaBulkSnapshotDialog *self;   /* strong: the dialog outlives the calls */
    guint                     index;
} VimanaBulkSnapshotCall;

static void
vimana_bulk_snapshot_dialog_done_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    VimanaBulkSnapshotCall *call = user_data;
    VimanaBulkSnapshotDialog *self = call->self;
    VimanaDomain *domain = VIMANA_DOMAIN (object);
    g_autoptr(GError) error = NULL;
    char *line;

    if (vimana_domain_create_snapshot_finish (domain, result, &error))
        /* Translators: one line of the results: a guest's name, then what happened. */
        line = g_strdup_printf (_("%s: taken"), vimana_domain_get_name (domain));
    else
        /* Translators: a guest's name, then why its snapshot was not taken. */
        line = g_strdup_printf (_("%s: not taken: %s"), vimana_domain_get_name (domain),
                                error->message);
    g_free (g_ptr_array_index (self->lines, call->index));
    g_ptr_array_index (self->lines, call->index) = line;
    self->pending--;
    vimana_bulk_snapshot_dialog_show_lines (self);
    if (self->pending == 0)
        gtk_button_set_label (self->cancel_button, _("_Close"));
    g_object_unref (call->self);
    g_free (call);
}

static void
vimana_bulk_snapshot_dialog_start (VimanaBulkSnapshotDialog *self)
{
    g_autoptr(VimanaSnapshotSpec) spec = NULL;

    spec = vimana_snapshot_spec_new (gtk_entry_get_text (self->name_entry),
                                     gtk_entry_get_text (self->description_entry));
    spec->memory = TRUE;
    self->started = TRUE;
    gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->name_entry), FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->description_entry), FALSE);

    for (guint i = 0; i < self->domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (self->domains, i);
        VimanaBulkSnapshotCall *call = g_new0 (VimanaBulkSnapshotCall, 1);

        call->self = g_object_ref (self);
        call->index = i;
        /* Translators: a guest's name, while its snapshot is being taken. */
        g_ptr_array_add (self->lines, g_strdup_printf (_("%s: taking…"),
                                                       vimana_domain_get_name (domain)));
        self->pending++;
        vimana_domain_create_snapshot_async (domain, spec, NULL,
                                             vimana_bulk_snapshot_dialog_done_cb, call);
    }
    vimana_bulk_snapshot_dialog_show_lines (self);
}

static void
vimana_bulk_snapshot_dialog_response (GtkDialog *dialog,
                                      int        response)
{
    VimanaBulkSnapshotDialog *self = VIMANA_BULK_SNAPSHOT_DIALOG (dialog);

    if (response == GTK_RESPONSE_OK) {
        if (!self->started &&
            vimana_snapshot_check_name (gtk_entry_get_text (self->name_entry), NULL, NULL))
            vimana_bulk_snapshot_dialog_start (self);
        return;
    }
    /* Closing does not cancel: snapshots on their way are taken, like a lifecycle action. */
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_bulk_snapshot_dialog_dispose (GObject *object)
{
    VimanaBulkSnapshotDialog *self = VIMANA_BULK_SNAPSHOT_DIALOG (object);

    g_clear_pointer (&self->domains, g_ptr_array_unref);
    g_clear_pointer (&self->lines, g_ptr_array_unref);

    G_OBJECT_CLASS (vimana_bulk_snapshot_dialog_parent_class)->dispose (object);
}

static void
vimana_bulk_snapshot_dialog_class_init (VimanaBulkSnapshotDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = vimana_bulk_snapshot_dialog_dispose;
    dialog_class->response = vimana_bulk_snapshot_dialog_response;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-bulk-snapshot-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog, intro_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog,
                                          description_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog, results_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog, ok_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaBulkSnapshotDialog, cancel_button);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_bulk_snapshot_dialog_changed_cb);
}

static void
vimana_bulk_snapshot_dialog_init (VimanaBulkSnapshotDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->lines = g_ptr_array_new_with_free_func (g_free);
}

/**
 * vimana_bulk_snapshot_dialog_new:
 * @parent: (nullable): the main window
 * @domains: (element-type VimanaDomain): the guests, one snapshot each
 *
 * Returns: (transfer floating): the dialog, not shown yet; it destroys itself when closed
 */
GtkWidget *
vimana_bulk_snapshot_dialog_new (GtkWindow *parent,
                                 GPtrArray *domains)
{
    VimanaBulkSnapshotDialog *self;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *suggested = vimana_snapshot_suggest_name (NULL, now);
    g_autofree char *intro = NULL;

    g_return_val_if_fail (domains != NULL && domains->len > 0, NULL);

    self = g_object_new (VIMANA_TYPE_BULK_SNAPSHOT_DIALOG, "use-header-bar", 1,
                         "transient-for", parent, NULL);
    self->domains = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = 0; i < domains->len; i++)
        g_ptr_array_add (self->domains, g_object_ref (g_ptr_array_index (domains, i)));
    intro = g_strdup_printf (ngettext ("One snapshot of the selected guest, with its memory "
                                       "if it runs.",
                                       "One snapshot of each of the %u selected guests, with "
                                       "its memory if it runs.", domains->len), domains->len);
    gtk_label_set_text (self->intro_label, intro);
    gtk_entry_set_text (self->name_entry, suggested);
    vimana_bulk_snapshot_dialog_changed_cb (self);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
    return GTK_WIDGET (self);
}

GtkEntry *
vimana_bulk_snapshot_dialog_get_name_entry (VimanaBulkSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_BULK_SNAPSHOT_DIALOG (self), NULL);
    return self->name_entry;
}

/* Returns: (nullable): the message under the name, %NULL when the name is fine */
const char *
vimana_bulk_snapshot_dialog_get_name_error (VimanaBulkSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_BULK_SNAPSHOT_DIALOG (self), NULL);
    return gtk_widget_get_visible (GTK_WIDGET (self->name_error))
           ? gtk_label_get_text (self->name_error) : NULL;
}

/* Returns: whether snapshots are on their way */
gboolean
vimana_bulk_snapshot_dialog_is_running (VimanaBulkSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_BULK_SNAPSHOT_DIALOG (self), FALSE);
    return self->pending > 0;
}

/* Returns: whether every guest has its result line */
gboolean
vimana_bulk_snapshot_dialog_is_done (VimanaBulkSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_BULK_SNAPSHOT_DIALOG (self), FALSE);
    return self->started && self->pending == 0;
}

/* Returns: (transfer full): the result lines, joined by newlines */
char *
vimana_bulk_snapshot_dialog_get_results (VimanaBulkSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_BULK_SNAPSHOT_DIALOG (self), NULL);
    return g_strdup (gtk_label_get_text (self->results_label));
}
