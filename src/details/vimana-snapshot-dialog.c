/* vimana-snapshot-dialog.c: the name, description and kind of a snapshot to take or edit
 *
 * The name is suggested and checked as it is typed (vimana_snapshot_check_name(): empty, "/",
 * taken); the kinds offered follow what the guest can do (VimanaSnapshotCaps), whose line is
 * shown under them. Editing shows only the name and description. The dialog only gathers: its
 * owner reads the spec in its "response" handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot-dialog"

#include "config.h"

#include "vimana-can-act.h"
#include "vimana-snapshot-dialog.h"

#include <glib/gi18n.h>

#include "vimana-field-error.h"

struct _VimanaSnapshotDialog
{
    GtkDialog           parent_instance;

    /* template widgets */
    GtkEntry           *name_entry;
    GtkLabel           *name_error;
    GtkEntry           *description_entry;
    GtkToggleButton    *memory_check;
    GtkToggleButton    *disk_only_check;
    GtkToggleButton    *quiesce_check;
    GtkLabel           *caps_label;
    GtkButton          *ok_button;

    /* owned references */
    GPtrArray          *existing;
    VimanaSnapshotCaps *caps;
    VimanaSnapshot     *editing;
};

G_DEFINE_FINAL_TYPE (VimanaSnapshotDialog, vimana_snapshot_dialog, GTK_TYPE_DIALOG)

static gboolean
vimana_snapshot_dialog_check (VimanaSnapshotDialog  *self,
                              GError               **error)
{
    const char *name = gtk_entry_get_text (self->name_entry);

    /* Editing: its own name is not "taken". */
    if (self->editing != NULL && g_strcmp0 (name, vimana_snapshot_get_name (self->editing)) == 0)
        return vimana_snapshot_check_name (name, NULL, error);
    return vimana_snapshot_check_name (name, self->existing, error);
}

static void
vimana_snapshot_dialog_changed_cb (VimanaSnapshotDialog *self)
{
    g_autoptr(GError) error = NULL;
    gboolean valid = vimana_snapshot_dialog_check (self, &error);
    gboolean disk_only = gtk_toggle_button_get_active (self->disk_only_check);

    vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error, error);
    gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), valid);

    /* Memory goes with an internal snapshot of a running guest; disk-only has none. */
    if (disk_only && gtk_toggle_button_get_active (self->memory_check))
        gtk_toggle_button_set_active (self->memory_check, FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->memory_check),
                              self->caps != NULL && self->caps->memory && !disk_only);
    gtk_widget_set_sensitive (GTK_WIDGET (self->quiesce_check),
                              self->caps != NULL && self->caps->quiesce && disk_only);
    if (!gtk_widget_get_sensitive (GTK_WIDGET (self->quiesce_check)))
        gtk_toggle_button_set_active (self->quiesce_check, FALSE);
}

static void
vimana_snapshot_dialog_dispose (GObject *object)
{
    VimanaSnapshotDialog *self = VIMANA_SNAPSHOT_DIALOG (object);

    g_clear_pointer (&self->existing, g_ptr_array_unref);
    g_clear_pointer (&self->caps, vimana_snapshot_caps_free);
    g_clear_object (&self->editing);

    G_OBJECT_CLASS (vimana_snapshot_dialog_parent_class)->dispose (object);
}

static void
vimana_snapshot_dialog_class_init (VimanaSnapshotDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_snapshot_dialog_dispose;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-snapshot-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, description_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, memory_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, disk_only_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, quiesce_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, caps_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotDialog, ok_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_snapshot_dialog_changed_cb);
}

static void
vimana_snapshot_dialog_init (VimanaSnapshotDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vimana_snapshot_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @existing: (element-type VimanaSnapshot): the guest's snapshots, for the name check
 * @caps: (nullable): what the guest can do; %NULL while it is not known
 * @editing: (nullable): the snapshot to edit, or %NULL to take one
 *
 * Returns: (transfer floating): the dialog, not shown yet
 */
VimanaSnapshotDialog *
vimana_snapshot_dialog_new (GtkWindow                *parent,
                            GPtrArray                *existing,
                            const VimanaSnapshotCaps *caps,
                            VimanaSnapshot           *editing)
{
    VimanaSnapshotDialog *self;

    self = g_object_new (VIMANA_TYPE_SNAPSHOT_DIALOG, "use-header-bar", 1,
                         "transient-for", parent, NULL);
    self->existing = g_ptr_array_ref (existing);
    self->caps = caps != NULL ? vimana_snapshot_caps_copy (caps) : NULL;
    self->editing = editing != NULL ? g_object_ref (editing) : NULL;

    if (editing != NULL) {
        gtk_window_set_title (GTK_WINDOW (self), _("Edit Snapshot"));
        gtk_button_set_label (self->ok_button, _("_Save"));
        gtk_entry_set_text (self->name_entry, vimana_snapshot_get_name (editing));
        gtk_entry_set_text (self->description_entry,
                            vimana_snapshot_get_description (editing) != NULL
                            ? vimana_snapshot_get_description (editing) : "");
        gtk_widget_hide (GTK_WIDGET (self->memory_check));
        gtk_widget_hide (GTK_WIDGET (self->disk_only_check));
        gtk_widget_hide (GTK_WIDGET (self->quiesce_check));
        gtk_widget_hide (GTK_WIDGET (self->caps_label));
    } else {
        g_autoptr(GDateTime) now = g_date_time_new_now_local ();
        g_autofree char *suggested = vimana_snapshot_suggest_name (existing, now);

        gtk_entry_set_text (self->name_entry, suggested);
        gtk_label_set_text (self->caps_label, caps != NULL ? caps->summary : "");
        /* What the guest cannot do is not offered: a raw disk or a running UEFI guest leaves
         * disk-only, a driver without disk-only leaves internal. */
        gtk_toggle_button_set_active (self->memory_check, caps != NULL && caps->memory);
        gtk_toggle_button_set_active (self->disk_only_check,
                                      caps != NULL && !caps->internal && caps->disk_only);
        vimana_widget_set_can_act (GTK_WIDGET (self->disk_only_check),
                                   caps != NULL && caps->disk_only && caps->internal,
                                   caps == NULL ? _("What this guest can do is still being read.")
                                   : !caps->disk_only ? _("This host cannot take disk-only snapshots of this guest.")
                                                      : _("Only disk-only snapshots are possible for this guest (see above)."));
        gtk_widget_set_visible (GTK_WIDGET (self->memory_check), caps == NULL || caps->running);
        gtk_widget_set_visible (GTK_WIDGET (self->quiesce_check), caps != NULL && caps->quiesce);
    }
    vimana_snapshot_dialog_changed_cb (self);
    gtk_dialog_set_default_response (GTK_DIALOG (self), GTK_RESPONSE_OK);
    return self;
}

/* Returns: (nullable) (transfer none): the snapshot being edited, %NULL when taking one */
VimanaSnapshot *
vimana_snapshot_dialog_get_editing (VimanaSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), NULL);
    return self->editing;
}

/* Returns: (transfer full): what the fields say */
VimanaSnapshotSpec *
vimana_snapshot_dialog_get_spec (VimanaSnapshotDialog *self)
{
    VimanaSnapshotSpec *spec;

    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), NULL);

    spec = vimana_snapshot_spec_new (gtk_entry_get_text (self->name_entry),
                                     gtk_entry_get_text (self->description_entry));
    spec->disk_only = gtk_toggle_button_get_active (self->disk_only_check);
    spec->memory = !spec->disk_only && gtk_toggle_button_get_active (self->memory_check);
    spec->quiesce = spec->disk_only && gtk_toggle_button_get_active (self->quiesce_check);
    return spec;
}

gboolean
vimana_snapshot_dialog_is_valid (VimanaSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), FALSE);
    return vimana_snapshot_dialog_check (self, NULL);
}

GtkEntry *
vimana_snapshot_dialog_get_name_entry (VimanaSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), NULL);
    return self->name_entry;
}

GtkEntry *
vimana_snapshot_dialog_get_description_entry (VimanaSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), NULL);
    return self->description_entry;
}

GtkToggleButton *
vimana_snapshot_dialog_get_memory_check (VimanaSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), NULL);
    return self->memory_check;
}

/* Returns: (nullable): the message under the name, %NULL when the name is fine */
const char *
vimana_snapshot_dialog_get_name_error (VimanaSnapshotDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOT_DIALOG (self), NULL);
    return gtk_widget_get_visible (GTK_WIDGET (self->name_error))
           ? gtk_label_get_text (self->name_error) : NULL;
}
