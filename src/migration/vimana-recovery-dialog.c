/* vimana-recovery-dialog.c: start a lost host's guests on another host, once the user confirms
 *
 * Offered by the recovery bar when a connection has been lost for the recovery delay. It
 * lists what ran on the lost host at the last reading (VimanaRecoveryWatch), each guest with
 * whether the chosen destination can start it and why (vimana_recovery_plan(): every disk on
 * storage both hosts see, compared by pool source), after reading the destination's guests and
 * pools again. Nothing starts until the user checks that the lost host is really off: a guest
 * whose host only lost its network still runs and writes its disks there, and a disk written
 * by two hosts at once is lost. Then each recoverable guest is defined on the destination as it
 * was last defined and started, one result line per guest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-recovery-dialog"

#include "config.h"

#include "vimana-recovery-dialog.h"

#include <glib/gi18n.h>

#include "vimana-domain.h"
#include "vimana-recovery-watch.h"
#include "vimana-recovery.h"

struct _VimanaRecoveryDialog
{
    GtkDialog         parent_instance;

    /* template widgets */
    GtkLabel         *intro_label;
    GtkComboBoxText  *destination_combo;
    GtkLabel         *destination_error;
    GtkListBox       *guests_list;
    GtkLabel         *warning_label;
    GtkCheckButton   *confirm_check;
    GtkWidget        *recover_button;

    /* owned references */
    GListModel       *connections;
    VimanaConnection *lost;
    GPtrArray        *survivors;    /* VimanaConnection, in the combo's order */
    GPtrArray        *plan;         /* VimanaRecoveryItem, for the shown destination */
    GHashTable       *result_labels; /* uuid → GtkLabel (borrowed from the rows) */
    GCancellable     *cancellable;
    guint             pending;      /* guests being started */
    gboolean          started;      /* Start was pressed: the plan is final */
};

G_DEFINE_FINAL_TYPE (VimanaRecoveryDialog, vimana_recovery_dialog, GTK_TYPE_DIALOG)

static VimanaConnection *
vimana_recovery_dialog_get_destination (VimanaRecoveryDialog *self)
{
    int active = gtk_combo_box_get_active (GTK_COMBO_BOX (self->destination_combo));

    if (active < 0 || (guint) active >= self->survivors->len)
        return NULL;
    return g_ptr_array_index (self->survivors, active);
}

static void
vimana_recovery_dialog_update_sensitive (VimanaRecoveryDialog *self)
{
    gboolean can = !self->started && self->pending == 0
                   && vimana_recovery_plan_count (self->plan) > 0
                   && gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->confirm_check));

    gtk_widget_set_sensitive (self->recover_button, can);
    gtk_widget_set_sensitive (GTK_WIDGET (self->destination_combo), !self->started);
    gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_check), !self->started);
}

static void
vimana_recovery_dialog_clear_list (VimanaRecoveryDialog *self)
{
    g_autoptr(GList) rows = gtk_container_get_children (GTK_CONTAINER (self->guests_list));

    for (GList *l = rows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_hash_table_remove_all (self->result_labels);
}

static void
vimana_recovery_dialog_add_row (VimanaRecoveryDialog     *self,
                                const VimanaRecoveryItem *item)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *grid = gtk_grid_new ();
    GtkWidget *icon = gtk_image_new_from_icon_name (item->recoverable ? "emblem-ok-symbolic"
                                                    : "action-unavailable-symbolic",
                                                    GTK_ICON_SIZE_BUTTON);
    GtkWidget *name = gtk_label_new (item->name);
    GtkWidget *reason = gtk_label_new (item->reason);
    GtkWidget *result = gtk_label_new (NULL);
    g_autofree char *row_name = NULL;

    g_object_set (grid, "margin", 6, "column-spacing", 12, "row-spacing", 2, NULL);
    gtk_widget_set_valign (icon, GTK_ALIGN_START);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_label_set_xalign (GTK_LABEL (reason), 0);
    gtk_label_set_line_wrap (GTK_LABEL (reason), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (reason), 60);
    gtk_widget_set_hexpand (reason, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (reason), "dim-label");
    gtk_label_set_xalign (GTK_LABEL (result), 0);
    gtk_label_set_line_wrap (GTK_LABEL (result), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (result), 60);
    gtk_label_set_selectable (GTK_LABEL (result), TRUE);
    gtk_widget_set_no_show_all (result, TRUE);
    atk_object_set_name (gtk_widget_get_accessible (icon),
                         item->recoverable ? _("Can be recovered") : _("Cannot be recovered"));
    /* Translators: a guest's line in the Recover Guests dialog: its name, then why it can or
     * cannot be started on the destination. */
    row_name = g_strdup_printf (_("%s: %s"), item->name, item->reason);
    atk_object_set_name (gtk_widget_get_accessible (row), row_name);
    gtk_grid_attach (GTK_GRID (grid), icon, 0, 0, 1, 2);
    gtk_grid_attach (GTK_GRID (grid), name, 1, 0, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), reason, 1, 1, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), result, 1, 2, 1, 1);
    gtk_container_add (GTK_CONTAINER (row), grid);
    gtk_widget_show_all (row);
    gtk_container_add (GTK_CONTAINER (self->guests_list), row);
    if (item->uuid != NULL)
        g_hash_table_insert (self->result_labels, g_strdup (item->uuid), result);
}

/* The destination's guests, by UUID and by name: a guest it already has is not redefined. */
static GHashTable *
vimana_recovery_dialog_destination_guests (VimanaConnection *destination)
{
    GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GListModel *domains = vimana_connection_get_domains (destination);
    guint n = g_list_model_get_n_items (domains);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        g_hash_table_add (set, g_strdup (vimana_domain_get_uuid (domain)));
        g_hash_table_add (set, g_strdup (vimana_domain_get_name (domain)));
    }
    return set;
}

static void
vimana_recovery_dialog_show_plan (VimanaRecoveryDialog *self)
{
    VimanaConnection *destination = vimana_recovery_dialog_get_destination (self);
    VimanaRecoveryWatch *lost_watch = vimana_recovery_watch_get (self->lost);
    g_autoptr(GPtrArray) guests = vimana_recovery_watch_dup_guests (lost_watch);
    g_autoptr(GPtrArray) lost_pools = vimana_recovery_watch_dup_pools (lost_watch);
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GHashTable) there = NULL;

    vimana_recovery_dialog_clear_list (self);
    g_clear_pointer (&self->plan, g_ptr_array_unref);
    if (destination == NULL) {
        self->plan = g_ptr_array_new ();
        vimana_recovery_dialog_update_sensitive (self);
        return;
    }
    pools = vimana_recovery_watch_dup_pools (vimana_recovery_watch_get (destination));
    there = vimana_recovery_dialog_destination_guests (destination);
    self->plan = vimana_recovery_plan (guests, lost_pools, pools, there,
                                       vimana_connection_get_display_name (self->lost),
                                       vimana_connection_get_display_name (destination));
    for (guint i = 0; i < self->plan->len; i++)
        vimana_recovery_dialog_add_row (self, g_ptr_array_index (self->plan, i));
    vimana_recovery_dialog_update_sensitive (self);
}

static void
vimana_recovery_dialog_refreshed_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(VimanaRecoveryDialog) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_recovery_watch_refresh_finish (VIMANA_RECOVERY_WATCH (source), result, &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        gtk_label_set_text (self->destination_error, error->message);
        gtk_widget_show (GTK_WIDGET (self->destination_error));
    } else {
        gtk_widget_hide (GTK_WIDGET (self->destination_error));
    }
    if (!self->started
        && vimana_recovery_watch_get_connection (VIMANA_RECOVERY_WATCH (source))
        == vimana_recovery_dialog_get_destination (self))
        vimana_recovery_dialog_show_plan (self);
}

static void
vimana_recovery_dialog_destination_changed_cb (VimanaRecoveryDialog *self)
{
    VimanaConnection *destination = vimana_recovery_dialog_get_destination (self);

    /* What is listed is what the plan was for: nothing until the destination is read again. */
    vimana_recovery_dialog_clear_list (self);
    g_clear_pointer (&self->plan, g_ptr_array_unref);
    self->plan = g_ptr_array_new ();
    vimana_recovery_dialog_update_sensitive (self);
    if (destination == NULL)
        return;
    vimana_recovery_watch_refresh_async (vimana_recovery_watch_get (destination),
                                         self->cancellable, vimana_recovery_dialog_refreshed_cb,
                                         g_object_ref (self));
}

static void
vimana_recovery_dialog_confirm_toggled_cb (VimanaRecoveryDialog *self)
{
    vimana_recovery_dialog_update_sensitive (self);
}

typedef struct
{
    VimanaRecoveryDialog *self;     /* owned */
    char                 *uuid;
    char                 *name;
} VimanaRecoveryStart;

static void
vimana_recovery_dialog_started_cb (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    VimanaRecoveryStart *start = user_data;
    VimanaRecoveryDialog *self = start->self;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    GtkLabel *label;

    if (vimana_recovery_start_guest_finish (VIMANA_CONNECTION (source), result, &error)) {
        /* Translators: a guest's result line; %s is the destination host. */
        text = g_strdup_printf (_("Running on %s."),
                                vimana_connection_get_display_name (VIMANA_CONNECTION (source)));
        vimana_recovery_watch_forget (vimana_recovery_watch_get (self->lost), start->uuid);
    } else {
        text = g_strdup (error->message);
    }
    self->pending--;
    label = g_hash_table_lookup (self->result_labels, start->uuid);
    if (label != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        gtk_label_set_text (label, text);
        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (label)), text);
        gtk_widget_show (GTK_WIDGET (label));
    }
    vimana_recovery_dialog_update_sensitive (self);
    g_object_unref (start->self);
    g_free (start->uuid);
    g_free (start->name);
    g_free (start);
}

static void
vimana_recovery_dialog_start (VimanaRecoveryDialog *self)
{
    VimanaConnection *destination = vimana_recovery_dialog_get_destination (self);

    /* Never without the confirmation, whatever asked. */
    if (destination == NULL
        || !gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->confirm_check))
        || self->started)
        return;
    self->started = TRUE;
    for (guint i = 0; i < self->plan->len; i++) {
        VimanaRecoveryItem *item = g_ptr_array_index (self->plan, i);
        VimanaRecoveryStart *start;
        GtkLabel *label;

        if (!item->recoverable) {
            label = g_hash_table_lookup (self->result_labels, item->uuid);
            if (label != NULL) {
                gtk_label_set_text (label, _("Not started."));
                gtk_widget_show (GTK_WIDGET (label));
            }
            continue;
        }
        start = g_new0 (VimanaRecoveryStart, 1);
        start->self = g_object_ref (self);
        start->uuid = g_strdup (item->uuid);
        start->name = g_strdup (item->name);
        self->pending++;
        vimana_recovery_start_guest_async (destination, item->xml, NULL,
                                           vimana_recovery_dialog_started_cb, start);
    }
    vimana_recovery_dialog_update_sensitive (self);
}

static void
vimana_recovery_dialog_response (GtkDialog *dialog,
                                 int        response)
{
    VimanaRecoveryDialog *self = VIMANA_RECOVERY_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        vimana_recovery_dialog_start (self);
        return;
    }
    /* A guest being defined and started is not stopped halfway: its line is simply not shown. */
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vimana_recovery_dialog_dispose (GObject *object)
{
    VimanaRecoveryDialog *self = VIMANA_RECOVERY_DIALOG (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->result_labels != NULL)
        g_hash_table_remove_all (self->result_labels);
    G_OBJECT_CLASS (vimana_recovery_dialog_parent_class)->dispose (object);
}

static void
vimana_recovery_dialog_finalize (GObject *object)
{
    VimanaRecoveryDialog *self = VIMANA_RECOVERY_DIALOG (object);

    g_clear_object (&self->connections);
    g_clear_object (&self->lost);
    g_clear_pointer (&self->survivors, g_ptr_array_unref);
    g_clear_pointer (&self->plan, g_ptr_array_unref);
    g_clear_pointer (&self->result_labels, g_hash_table_unref);
    G_OBJECT_CLASS (vimana_recovery_dialog_parent_class)->finalize (object);
}

static void
vimana_recovery_dialog_class_init (VimanaRecoveryDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = vimana_recovery_dialog_dispose;
    object_class->finalize = vimana_recovery_dialog_finalize;
    dialog_class->response = vimana_recovery_dialog_response;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 RESOURCE_PREFIX "/ui/vimana-recovery-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, intro_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, destination_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, destination_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, guests_list);
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, warning_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, confirm_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaRecoveryDialog, recover_button);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_recovery_dialog_destination_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_recovery_dialog_confirm_toggled_cb);
}

static void
vimana_recovery_dialog_init (VimanaRecoveryDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->survivors = g_ptr_array_new_with_free_func (g_object_unref);
    self->plan = g_ptr_array_new ();
    self->result_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->cancellable = g_cancellable_new ();
}

static char *
vimana_recovery_dialog_escape_mnemonic (const char *text)
{
    g_auto(GStrv) parts = g_strsplit (text, "_", -1);

    return g_strjoinv ("__", parts);
}

/**
 * vimana_recovery_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @connections: the application's connections: the destinations are those connected
 * @lost: the lost connection whose guests are offered
 *
 * Returns: (transfer floating): the dialog, not yet shown
 */
GtkWidget *
vimana_recovery_dialog_new (GtkWindow        *parent,
                            GListModel       *connections,
                            VimanaConnection *lost)
{
    VimanaRecoveryDialog *self;
    const char *lost_name;
    g_autofree char *intro = NULL;
    g_autofree char *warning = NULL;
    g_autofree char *confirm = NULL;
    g_autofree char *confirm_name = NULL;
    g_autofree char *escaped = NULL;
    guint n;

    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (lost), NULL);

    self = g_object_new (VIMANA_TYPE_RECOVERY_DIALOG, "use-header-bar", 1,
                         "transient-for", parent, NULL);
    self->connections = g_object_ref (connections);
    self->lost = g_object_ref (lost);
    lost_name = vimana_connection_get_display_name (lost);

    /* Translators: %s is the lost host's name. */
    intro = g_strdup_printf (_("%s cannot be reached. These guests ran there when it was last "
                               "seen; a guest whose every disk is on storage the destination "
                               "also sees can be started there."), lost_name);
    gtk_label_set_text (self->intro_label, intro);
    /* Translators: %s is the lost host's name. */
    warning = g_strdup_printf (_("Start them elsewhere only if %s is really off (powered down or "
                                 "its guests killed): if it only lost its network, its guests "
                                 "still run and write their disks, and a disk written by two "
                                 "hosts at once is lost."), lost_name);
    gtk_label_set_text (self->warning_label, warning);
    /* A host name's own underscores are no mnemonics. */
    escaped = vimana_recovery_dialog_escape_mnemonic (lost_name);
    /* Translators: %s is the lost host's name. */
    confirm = g_strdup_printf (_("%s is _really off"), escaped);
    gtk_button_set_label (GTK_BUTTON (self->confirm_check), confirm);
    /* Translators: %s is the lost host's name. */
    confirm_name = g_strdup_printf (_("%s is really off"), lost_name);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->confirm_check)),
                         confirm_name);

    n = g_list_model_get_n_items (connections);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (connections, i);

        if (connection == lost
            || vimana_connection_get_state (connection) != VIMANA_CONNECTION_STATE_CONNECTED)
            continue;
        gtk_combo_box_text_append_text (self->destination_combo,
                                        vimana_connection_get_display_name (connection));
        g_ptr_array_add (self->survivors, g_steal_pointer (&connection));
    }
    if (self->survivors->len == 0) {
        gtk_label_set_text (self->destination_error,
                            _("No other host is connected: connect to the host that should run "
                              "these guests first."));
        gtk_widget_show (GTK_WIDGET (self->destination_error));
    } else {
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo), 0);
    }
    vimana_recovery_dialog_update_sensitive (self);
    return GTK_WIDGET (self);
}

/**
 * vimana_recovery_dialog_get_busy:
 * @self: a #VimanaRecoveryDialog
 *
 * Returns: whether guests are being defined and started
 */
gboolean
vimana_recovery_dialog_get_busy (VimanaRecoveryDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_DIALOG (self), FALSE);
    return self->pending > 0;
}

/**
 * vimana_recovery_dialog_get_n_recoverable:
 * @self: a #VimanaRecoveryDialog
 *
 * Returns: how many listed guests the destination can start
 */
guint
vimana_recovery_dialog_get_n_recoverable (VimanaRecoveryDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_DIALOG (self), 0);
    return vimana_recovery_plan_count (self->plan);
}
