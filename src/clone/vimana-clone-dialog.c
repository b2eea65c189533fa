/* vimana-clone-dialog.c: one or several clones of a guest
 *
 * Opens on the facts of the source (vimana_domain_read_clone_facts_async()): a name
 * ("<name>-clone", checked as typed), the number of copies with a name pattern, the target
 * pool, the TPM's state when it has one, and a row per disk with what becomes of it. Every
 * change builds the plan again (vimana_clone_plan_new(), pure): its reason goes under the field
 * it belongs to, and Clone is sensitive only when there is a plan. Clone runs it
 * (VimanaClone): one progress bar from the new volumes' allocation, one result line per copy.
 * Cancel (or closing the dialog) stops after the volume libvirt is writing and removes what
 * the copy in progress made; the dialog stays open to say how each copy ended.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-clone-dialog"

#include "config.h"

#include "vimana-clone-dialog.h"

#include <glib/gi18n.h>

#include "vimana-clone.h"
#include "vimana-field-error.h"

struct _VimanaCloneDialog
{
    GtkDialog          parent_instance;

    /* template widgets */
    GtkLabel          *intro_label;
    GtkLabel          *source_error_label;
    GtkWidget         *options_grid;
    GtkEntry          *name_entry;
    GtkLabel          *name_error_label;
    GtkSpinButton     *count_spin;
    GtkLabel          *count_error_label;
    GtkComboBoxText   *pool_combo;
    GtkLabel          *pool_error_label;
    GtkWidget         *tpm_label;
    GtkComboBoxText   *tpm_combo;
    GtkLabel          *tpm_error_label;
    GtkWidget         *disks_heading;
    GtkListBox        *disks_box;
    GtkWidget         *progress_heading;
    GtkProgressBar    *progress_bar;
    GtkListBox        *results_box;
    GtkButton         *cancel_button;
    GtkButton         *clone_button;

    /* borrowed references */
    GPtrArray         *disk_combos;   /* GtkComboBoxText, one per disk */
    GPtrArray         *disk_errors;   /* GtkLabel, one per disk */
    GPtrArray         *result_labels; /* GtkLabel, one per copy once Clone was pressed */

    /* owned references */
    VimanaDomain      *domain;
    VimanaCloneFacts  *facts;
    VimanaClonePlan   *plan;
    VimanaClone       *clone;
    GCancellable      *cancellable;

    gboolean           filling;
    gboolean           running;
    gboolean           finished;
};

G_DEFINE_FINAL_TYPE (VimanaCloneDialog, vimana_clone_dialog, GTK_TYPE_DIALOG)

static const struct
{
    VimanaCloneDiskMode  mode;
    const char          *id;
    const char          *label;
} vimana_clone_dialog_modes[] = {
    { VIMANA_CLONE_DISK_COPY, "copy", N_("Full copy") },
    { VIMANA_CLONE_DISK_LINKED, "linked", N_("Linked clone (an overlay on this image)") },
    { VIMANA_CLONE_DISK_SHARE, "share", N_("Share with the source") },
    { VIMANA_CLONE_DISK_SKIP, "skip", N_("Leave out") },
};

/* ---- the plan, as the fields change ---- */

static VimanaCloneOptions *
vimana_clone_dialog_get_options (VimanaCloneDialog *self)
{
    VimanaCloneOptions *options = vimana_clone_options_new (self->facts);
    const char *pool = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->pool_combo));

    g_free (options->name);
    options->name = g_strstrip (g_strdup (gtk_entry_get_text (self->name_entry)));
    options->count = (guint) gtk_spin_button_get_value_as_int (self->count_spin);
    options->pool = pool != NULL && *pool != '\0' ? g_strdup (pool) : NULL;
    options->tpm = g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->tpm_combo)), "copy") == 0
                   ? VIMANA_CLONE_TPM_COPY : VIMANA_CLONE_TPM_FRESH;
    for (guint i = 0; i < self->disk_combos->len; i++) {
        const char *id = gtk_combo_box_get_active_id (g_ptr_array_index (self->disk_combos, i));

        for (guint m = 0; m < G_N_ELEMENTS (vimana_clone_dialog_modes); m++) {
            if (g_strcmp0 (id, vimana_clone_dialog_modes[m].id) == 0)
                vimana_clone_options_set_mode (options, i, vimana_clone_dialog_modes[m].mode);
        }
    }
    return options;
}

static void
vimana_clone_dialog_clear_errors (VimanaCloneDialog *self)
{
    gtk_widget_hide (GTK_WIDGET (self->source_error_label));
    vimana_field_error_set (GTK_WIDGET (self->name_entry), self->name_error_label, NULL);
    vimana_field_error_set (GTK_WIDGET (self->count_spin), self->count_error_label, NULL);
    vimana_field_error_set (GTK_WIDGET (self->pool_combo), self->pool_error_label, NULL);
    vimana_field_error_set (GTK_WIDGET (self->tpm_combo), self->tpm_error_label, NULL);
    for (guint i = 0; i < self->disk_errors->len; i++)
        vimana_field_error_set (g_ptr_array_index (self->disk_combos, i),
                                g_ptr_array_index (self->disk_errors, i), NULL);
}

static void
vimana_clone_dialog_check (VimanaCloneDialog *self)
{
    g_autoptr(VimanaCloneOptions) options = NULL;
    g_autoptr(GError) error = NULL;
    VimanaCloneField field = VIMANA_CLONE_FIELD_NONE;
    guint disk = 0;

    if (self->facts == NULL || self->filling || self->running || self->finished)
        return;
    g_clear_pointer (&self->plan, vimana_clone_plan_free);
    vimana_clone_dialog_clear_errors (self);
    options = vimana_clone_dialog_get_options (self);
    self->plan = vimana_clone_plan_new (self->facts, options, &field, &disk, &error);
    if (self->plan == NULL) {
        switch (field) {
        case VIMANA_CLONE_FIELD_NAME:
            vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error_label, error);
            break;
        case VIMANA_CLONE_FIELD_COUNT:
            vimana_field_error_set_error (GTK_WIDGET (self->count_spin), self->count_error_label, error);
            break;
        case VIMANA_CLONE_FIELD_POOL:
            vimana_field_error_set_error (GTK_WIDGET (self->pool_combo), self->pool_error_label, error);
            break;
        case VIMANA_CLONE_FIELD_TPM:
            vimana_field_error_set_error (GTK_WIDGET (self->tpm_combo), self->tpm_error_label, error);
            break;
        case VIMANA_CLONE_FIELD_DISK:
            if (disk < self->disk_errors->len) {
                vimana_field_error_set_error (g_ptr_array_index (self->disk_combos, disk),
                                              g_ptr_array_index (self->disk_errors, disk), error);
                break;
            }
            G_GNUC_FALLTHROUGH;
        case VIMANA_CLONE_FIELD_NONE:
        default:
            gtk_label_set_text (self->source_error_label, error->message);
            gtk_widget_show (GTK_WIDGET (self->source_error_label));
            break;
        }
    }
    gtk_widget_set_sensitive (GTK_WIDGET (self->clone_button), self->plan != NULL);
}

static void
vimana_clone_dialog_changed_cb (VimanaCloneDialog *self)
{
    vimana_clone_dialog_check (self);
}

/* ---- filling the fields from the facts ---- */

static void
vimana_clone_dialog_add_disk (VimanaCloneDialog    *self,
                              VimanaCloneDiskFacts *disk,
                              VimanaCloneDiskMode   mode)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
    GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    GtkWidget *name = gtk_label_new (NULL);
    GtkWidget *combo = gtk_combo_box_text_new ();
    GtkWidget *error = gtk_label_new (NULL);
    g_autofree char *markup = NULL;
    g_autofree char *size = disk->capacity > 0 ? g_format_size (disk->capacity) : NULL;
    g_autofree char *accessible = NULL;
    const char *where = disk->path != NULL ? disk->path
                        : disk->volume != NULL ? disk->volume : _("no image");

    /* Translators: a disk's line: its device name, then its image and size. */
    markup = size != NULL
             ? g_markup_printf_escaped ("<b>%s</b>  %s (%s)", disk->target, where, size)
             : g_markup_printf_escaped ("<b>%s</b>  %s", disk->target, where);
    gtk_label_set_markup (GTK_LABEL (name), markup);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_set_hexpand (name, TRUE);
    for (guint m = 0; m < G_N_ELEMENTS (vimana_clone_dialog_modes); m++) {
        if (vimana_clone_disk_mode_allowed (disk, vimana_clone_dialog_modes[m].mode, NULL))
            gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), vimana_clone_dialog_modes[m].id,
                                       _(vimana_clone_dialog_modes[m].label));
    }
    for (guint m = 0; m < G_N_ELEMENTS (vimana_clone_dialog_modes); m++) {
        if (vimana_clone_dialog_modes[m].mode == mode)
            gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), vimana_clone_dialog_modes[m].id);
    }
    /* Translators: the accessible name of a disk's choice; %s is its device name ("vda"). */
    accessible = g_strdup_printf (_("What becomes of %s"), disk->target);
    atk_object_set_name (gtk_widget_get_accessible (combo), accessible);
    g_signal_connect_swapped (combo, "changed", G_CALLBACK (vimana_clone_dialog_changed_cb), self);
    gtk_label_set_xalign (GTK_LABEL (error), 0);
    gtk_label_set_line_wrap (GTK_LABEL (error), TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (error), "error");

    gtk_container_add (GTK_CONTAINER (line), name);
    gtk_container_add (GTK_CONTAINER (line), combo);
    gtk_container_add (GTK_CONTAINER (box), line);
    gtk_container_add (GTK_CONTAINER (box), error);
    g_object_set (box, "margin", 6, NULL);
    gtk_widget_show_all (box);
    gtk_widget_hide (error);
    gtk_container_add (GTK_CONTAINER (self->disks_box), box);
    /* Translators: the accessible name of a disk's row; %s is its device name ("vda"). */
    g_free (accessible);
    accessible = g_strdup_printf (_("Disk %s"), disk->target);
    atk_object_set_name (gtk_widget_get_accessible (gtk_widget_get_parent (box)), accessible);
    g_ptr_array_add (self->disk_combos, combo);
    g_ptr_array_add (self->disk_errors, error);
}

static void
vimana_clone_dialog_fill (VimanaCloneDialog *self)
{
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (self->facts);

    self->filling = TRUE;
    gtk_entry_set_text (self->name_entry, options->name);
    gtk_combo_box_text_append (self->pool_combo, "", _("Each disk’s own pool"));
    for (guint i = 0; i < self->facts->pools->len; i++) {
        VimanaClonePoolFacts *pool = g_ptr_array_index (self->facts->pools, i);
        g_autofree char *free_space = g_format_size (pool->available);
        g_autofree char *text = NULL;

        if (!pool->active)
            continue;
        /* Translators: a storage pool and its free space: "default (12.3 GB free)". */
        text = g_strdup_printf (_("%s (%s free)"), pool->name, free_space);
        gtk_combo_box_text_append (self->pool_combo, pool->name, text);
    }
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->pool_combo), "");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->tpm_combo), "fresh");
    gtk_widget_set_visible (self->tpm_label, self->facts->has_tpm);
    gtk_widget_set_visible (GTK_WIDGET (self->tpm_combo), self->facts->has_tpm);
    for (guint i = 0; i < self->facts->disks->len; i++)
        vimana_clone_dialog_add_disk (self, g_ptr_array_index (self->facts->disks, i),
                                      vimana_clone_options_get_mode (options, i));
    gtk_widget_set_visible (self->disks_heading, self->facts->disks->len > 0);
    gtk_widget_set_visible (GTK_WIDGET (self->disks_box), self->facts->disks->len > 0);
    gtk_widget_set_sensitive (self->options_grid, TRUE);
    self->filling = FALSE;
    vimana_clone_dialog_check (self);
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
vimana_clone_dialog_facts_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    g_autoptr(VimanaCloneDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    VimanaCloneFacts *facts = vimana_domain_read_clone_facts_finish (VIMANA_DOMAIN (object), result,
                                                                     &error);

    /* Disposed meanwhile: its widgets are gone. */
    if (self->cancellable == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_clear_pointer (&facts, vimana_clone_facts_unref);
        return;
    }
    if (facts == NULL) {
        gtk_label_set_text (self->source_error_label, error->message);
        gtk_widget_show (GTK_WIDGET (self->source_error_label));
        return;
    }
    self->facts = facts;
    vimana_clone_dialog_fill (self);
}

/* ---- running ---- */

static void
vimana_clone_dialog_show_copy (VimanaCloneDialog *self,
                               guint              index)
{
    const GError *error = NULL;
    VimanaCloneCopyState state = vimana_clone_get_copy_state (self->clone, index, &error);
    GtkLabel *label = g_ptr_array_index (self->result_labels, index);
    g_autofree char *text = NULL;

    switch (state) {
    case VIMANA_CLONE_COPY_PENDING:
        text = g_strdup (_("Waiting for its turn."));
        break;
    case VIMANA_CLONE_COPY_RUNNING:
        text = g_strdup (_("Making its disks…"));
        break;
    case VIMANA_CLONE_COPY_DONE:
        text = g_strdup (_("Made."));
        break;
    case VIMANA_CLONE_COPY_CANCELLED:
        text = g_strdup (_("Cancelled: nothing of it is left."));
        break;
    case VIMANA_CLONE_COPY_FAILED:
        /* Translators: %s is libvirt's reason. */
        text = g_strdup_printf (_("Failed: %s"), error != NULL ? error->message : "");
        break;
    }
    gtk_label_set_text (label, text);
}

static void
vimana_clone_dialog_copy_changed_cb (VimanaClone *clone,
                                     guint        index,
                                     gpointer     user_data)
{
    vimana_clone_dialog_show_copy (VIMANA_CLONE_DIALOG (user_data), index);
}

static void
vimana_clone_dialog_progress_cb (VimanaClone *clone,
                                 gpointer     user_data)
{
    VimanaCloneDialog *self = VIMANA_CLONE_DIALOG (user_data);
    g_autofree char *done = g_format_size (vimana_clone_get_bytes_done (clone));
    g_autofree char *text = NULL;
    const VimanaClonePlan *plan = vimana_clone_get_plan (clone);
    g_autofree char *total = g_format_size (plan->need);

    gtk_progress_bar_set_fraction (self->progress_bar, vimana_clone_get_fraction (clone));
    /* While cancelling the bar says so. */
    if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
        return;
    /* Translators: "1.2 GB of 10.7 GB written" */
    text = g_strdup_printf (_("%s of %s written"), done, total);
    gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
vimana_clone_dialog_run_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
    g_autoptr(VimanaCloneDialog) self = user_data;
    g_autoptr(GError) error = NULL;

    vimana_clone_run_finish (VIMANA_CLONE (object), result, &error);
    self->running = FALSE;
    self->finished = TRUE;
    if (self->cancellable == NULL)
        return;
    if (error == NULL)
        gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
    gtk_button_set_label (self->cancel_button, _("_Close"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->cancel_button)), _("Close"));
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
}

static void
vimana_clone_dialog_start (VimanaCloneDialog *self)
{
    if (self->plan == NULL || self->running || self->finished)
        return;

    self->running = TRUE;
    gtk_widget_set_sensitive (self->options_grid, FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->disks_box), FALSE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->clone_button), FALSE);
    gtk_button_set_label (self->cancel_button, _("_Cancel"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->cancel_button)), _("Cancel"));
    gtk_widget_show (self->progress_heading);
    gtk_widget_show (GTK_WIDGET (self->progress_bar));
    gtk_widget_show (GTK_WIDGET (self->results_box));

    for (guint i = 0; i < self->plan->copies->len; i++) {
        VimanaCloneCopy *copy = g_ptr_array_index (self->plan->copies, i);
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
        GtkWidget *name = gtk_label_new (copy->name);
        GtkWidget *status = gtk_label_new (NULL);
        g_autofree char *accessible = NULL;

        gtk_label_set_xalign (GTK_LABEL (name), 0);
        gtk_label_set_xalign (GTK_LABEL (status), 0);
        gtk_label_set_line_wrap (GTK_LABEL (status), TRUE);
        gtk_label_set_selectable (GTK_LABEL (status), TRUE);
        gtk_widget_set_hexpand (status, TRUE);
        gtk_widget_set_size_request (name, 140, -1);
        gtk_container_add (GTK_CONTAINER (box), name);
        gtk_container_add (GTK_CONTAINER (box), status);
        g_object_set (box, "margin", 6, NULL);
        /* Translators: the accessible name of a copy's result line; %s is its name. */
        accessible = g_strdup_printf (_("Result of %s"), copy->name);
        atk_object_set_name (gtk_widget_get_accessible (status), accessible);
        gtk_widget_show_all (box);
        gtk_container_add (GTK_CONTAINER (self->results_box), box);
        atk_object_set_name (gtk_widget_get_accessible (gtk_widget_get_parent (box)), copy->name);
        g_ptr_array_add (self->result_labels, status);
    }

    /* The dialog's plan becomes the clone's. */
    self->clone = vimana_clone_new (self->domain, g_steal_pointer (&self->plan));
    g_signal_connect_object (self->clone, "copy-changed",
                             G_CALLBACK (vimana_clone_dialog_copy_changed_cb), self, 0);
    g_signal_connect_object (self->clone, "progress",
                             G_CALLBACK (vimana_clone_dialog_progress_cb), self, 0);
    for (guint i = 0; i < self->result_labels->len; i++)
        vimana_clone_dialog_show_copy (self, i);
    vimana_clone_dialog_progress_cb (self->clone, self);
    vimana_clone_run_async (self->clone, self->cancellable, vimana_clone_dialog_run_cb,
                            g_object_ref (self));
}

static void
vimana_clone_dialog_cancel (VimanaCloneDialog *self)
{
    g_cancellable_cancel (self->cancellable);
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
    gtk_progress_bar_set_text (self->progress_bar,
                               _("Cancelling: libvirt finishes the volume it is writing, then "
                                 "it is removed…"));
}

static void
vimana_clone_dialog_response (GtkDialog *dialog,
                              int        response)
{
    VimanaCloneDialog *self = VIMANA_CLONE_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        vimana_clone_dialog_start (self);
        return;
    }
    if (self->running) {
        vimana_clone_dialog_cancel (self);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static gboolean
vimana_clone_dialog_delete_event (GtkWidget   *widget,
                                  GdkEventAny *event)
{
    VimanaCloneDialog *self = VIMANA_CLONE_DIALOG (widget);

    if (self->running) {
        vimana_clone_dialog_cancel (self);
        return GDK_EVENT_STOP;
    }
    return GTK_WIDGET_CLASS (vimana_clone_dialog_parent_class)->delete_event (widget, event);
}

/* ---- the object ---- */

static void
vimana_clone_dialog_dispose (GObject *object)
{
    VimanaCloneDialog *self = VIMANA_CLONE_DIALOG (object);

    /* Destroyed with its parent while copying: the copy in progress is removed. */
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    G_OBJECT_CLASS (vimana_clone_dialog_parent_class)->dispose (object);
}

static void
vimana_clone_dialog_finalize (GObject *object)
{
    VimanaCloneDialog *self = VIMANA_CLONE_DIALOG (object);

    g_clear_object (&self->clone);
    g_clear_pointer (&self->plan, vimana_clone_plan_free);
    g_clear_pointer (&self->facts, vimana_clone_facts_unref);
    g_clear_object (&self->domain);
    g_ptr_array_unref (self->disk_combos);
    g_ptr_array_unref (self->disk_errors);
    g_ptr_array_unref (self->result_labels);
    G_OBJECT_CLASS (vimana_clone_dialog_parent_class)->finalize (object);
}

static void
vimana_clone_dialog_class_init (VimanaCloneDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = vimana_clone_dialog_dispose;
    object_class->finalize = vimana_clone_dialog_finalize;
    widget_class->delete_event = vimana_clone_dialog_delete_event;
    dialog_class->response = vimana_clone_dialog_response;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 RESOURCE_PREFIX "/ui/vimana-clone-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, intro_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, source_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, options_grid);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, name_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, count_spin);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, count_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, pool_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, pool_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, tpm_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, tpm_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, tpm_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, disks_heading);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, disks_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, progress_heading);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, progress_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, results_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, cancel_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaCloneDialog, clone_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_clone_dialog_changed_cb);
}

static void
vimana_clone_dialog_init (VimanaCloneDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->disk_combos = g_ptr_array_new ();
    self->disk_errors = g_ptr_array_new ();
    self->result_labels = g_ptr_array_new ();
    self->cancellable = g_cancellable_new ();
    gtk_widget_set_sensitive (self->options_grid, FALSE);
    gtk_widget_hide (self->tpm_label);
    gtk_widget_hide (GTK_WIDGET (self->tpm_combo));
}

/**
 * vimana_clone_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @domain: the guest to clone
 *
 * Returns: (transfer floating): the dialog, not yet shown; it reads the guest's facts at once
 */
GtkWidget *
vimana_clone_dialog_new (GtkWindow    *parent,
                         VimanaDomain *domain)
{
    VimanaCloneDialog *self;
    g_autofree char *intro = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIMANA_TYPE_CLONE_DIALOG, "use-header-bar", 1,
                         "transient-for", parent, NULL);
    self->domain = g_object_ref (domain);
    /* Translators: %s is a guest's name. */
    intro = g_strdup_printf (_("Make one or several new guests from “%s”: a new identity (UUID, "
                               "MAC addresses, NVRAM), and for each disk a full copy, a linked "
                               "clone, the same image, or none."), vimana_domain_get_name (domain));
    gtk_label_set_text (self->intro_label, intro);
    vimana_domain_read_clone_facts_async (domain, self->cancellable, vimana_clone_dialog_facts_cb,
                                          g_object_ref (self));
    return GTK_WIDGET (self);
}

/* Returns: whether the source's facts arrived and the fields are filled */
gboolean
vimana_clone_dialog_get_loaded (VimanaCloneDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_CLONE_DIALOG (self), FALSE);

    return self->facts != NULL;
}

gboolean
vimana_clone_dialog_get_running (VimanaCloneDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_CLONE_DIALOG (self), FALSE);

    return self->running;
}
