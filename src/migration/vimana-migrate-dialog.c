/* vimana-migrate-dialog.c: moving one or several guests to another connection
 *
 * The options are checked as they change (vimana_migration_options_check(), the address's
 * message under its field) and each change runs the pre-flight again for every guest; its
 * lines are shown green, amber or red. Migrate stays insensitive while a line is red unless
 * "Migrate anyway" is checked. Migrate runs at most VIMANA_MIGRATE_DIALOG_CONCURRENCY guests
 * at a time, each with its progress and then its result on its own line; Cancel aborts those
 * running (the guests stay on their source) and drops those waiting.
 *
 * A connection that reaches the same host as a guest's own (the same host UUID under another
 * URI) is not offered, and a line under the destination says why. Evacuate Host also offers to
 * spread the guests by the balance rules (vimana-migrate-spread.c): a checklist line each.
 *
 * While a guest moves, its line shows two graphs from the migration's trend (data remaining;
 * dirty rate against bandwidth), the pass, the expected downtime and the time left. When the
 * trend says it does not converge, two buttons appear: allow the downtime core suggests
 * (vimana_migration_set_max_downtime()), and, for a migration started with post-copy
 * allowed, switch to post-copy.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migrate-dialog"

#include "config.h"

#include "vimana-can-act.h"
#include "vimana-migrate-dialog.h"

#include <glib/gi18n.h>

#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-field-error.h"
#include "vimana-graph.h"
#include "vimana-migration-check.h"
#include "vimana-migration-options.h"
#include "vimana-migration-origins.h"
#include "vimana-migration-trend.h"
#include "vimana-migration.h"
#include "vimana-migrate-spread.h"
#include "vimana-migrate-names.h"
#include "vimana-migrate-pool.h"

/* How far back a line's graphs reach. */
#define VIMANA_MIGRATE_DIALOG_GRAPH_SECONDS 120

/* One guest's line of progress. */
typedef struct
{
    VimanaMigrateDialog *dialog;      /* borrowed */
    VimanaDomain        *domain;      /* owned */
    VimanaMigration     *migration;   /* owned, once started */
    GtkWidget           *row;         /* borrowed: the list box's */
    GtkProgressBar      *bar;
    GtkLabel            *status;
    GtkWidget           *graphs;      /* the two graphs, shown once the job runs */
    VimanaGraph         *remaining_graph;
    VimanaGraph         *rate_graph;
    GtkLabel            *figures;     /* pass, expected downtime, time left */
    GtkWidget           *stall_box;   /* shown while it does not converge */
    GtkButton           *downtime_button;
    GtkButton           *postcopy_button;
    guint64              downtime;    /* ms allowed now; 0: the hypervisor's default */
    guint64              suggested;   /* ms the downtime button allows */
    gboolean             postcopy_asked;
    gboolean             finished;
} VimanaMigrateItem;

struct _VimanaMigrateDialog
{
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel          *guests_label;
    GtkWidget         *options_grid;
    GtkComboBoxText   *destination_combo;
    GtkComboBoxText   *mode_combo;
    GtkToggleButton   *live_check;
    GtkToggleButton   *persist_check;
    GtkToggleButton   *copy_storage_check;
    GtkComboBoxText   *pool_combo;       /* vimana-migrate-pool.c */
    GtkToggleButton   *auto_converge_check;
    GtkToggleButton   *postcopy_check;
    GtkSpinButton     *bandwidth_spin;
    GtkSpinButton     *downtime_spin;
    GtkEntry          *address_entry;
    GtkLabel          *address_error_label;
    GtkListBox        *checklist_box;
    GtkToggleButton   *unsafe_check;
    GtkWidget         *progress_heading;
    GtkListBox        *progress_box;
    GtkButton         *cancel_button;
    GtkButton         *migrate_button;
    GtkLabel          *same_host_label;  /* made in code, under the destination */

    /* owned references */
    GListModel        *connections;
    GPtrArray         *domains;        /* VimanaDomain */
    GPtrArray         *destinations;   /* VimanaConnection, in the combo's order (ids: index) */
    GPtrArray         *items;          /* VimanaMigrateItem, once Migrate was pressed */
    GCancellable      *preflight_cancellable;
    GCancellable      *identity_cancellable;
    GHashTable        *identities;     /* VimanaConnection → its host's identity */
    guint              identities_pending;
    GHashTable        *spread;         /* VimanaDomain → VimanaConnection, when spreading */

    VimanaMigratePurpose purpose;
    guint                preflight_pending;
    VimanaCheckLevel     worst;
    gboolean             options_valid;
    gboolean             started;
    gboolean             spread_offered; /* Evacuate: the combo's last line spreads */
    gboolean             cancelled;
    gboolean             disposed;    /* the widgets are gone; callbacks may still come */
};

G_DEFINE_FINAL_TYPE (VimanaMigrateDialog, vimana_migrate_dialog, GTK_TYPE_DIALOG)

static void vimana_migrate_dialog_start_next (VimanaMigrateDialog *self);

static void
vimana_migrate_item_free (gpointer data)
{
    VimanaMigrateItem *item = data;

    if (item->migration != NULL)
        g_signal_handlers_disconnect_by_data (item->migration, item);
    g_clear_object (&item->migration);
    g_clear_object (&item->domain);
    g_free (item);
}

/* ---- options ---- */

static VimanaConnection *
vimana_migrate_dialog_get_destination (VimanaMigrateDialog *self)
{
    int active = gtk_combo_box_get_active (GTK_COMBO_BOX (self->destination_combo));

    if (active < 0 || self->destinations == NULL || (guint) active >= self->destinations->len)
        return NULL;
    return g_ptr_array_index (self->destinations, active);
}

/* Evacuate Host's last destination: each guest where the balance rules place it. */
static gboolean
vimana_migrate_dialog_get_spreading (VimanaMigrateDialog *self)
{
    int active = gtk_combo_box_get_active (GTK_COMBO_BOX (self->destination_combo));

    return self->spread_offered && active >= 0 && (guint) active == self->destinations->len;
}

static VimanaConnection *
vimana_migrate_dialog_destination_for (VimanaMigrateDialog *self,
                                       VimanaDomain        *domain)
{
    if (vimana_migrate_dialog_get_spreading (self))
        return self->spread != NULL ? g_hash_table_lookup (self->spread, domain) : NULL;
    return vimana_migrate_dialog_get_destination (self);
}

static gboolean
vimana_migrate_dialog_has_destination (VimanaMigrateDialog *self)
{
    if (vimana_migrate_dialog_get_spreading (self))
        return self->spread != NULL && g_hash_table_size (self->spread) == self->domains->len;
    return vimana_migrate_dialog_get_destination (self) != NULL;
}

static void
vimana_migrate_dialog_append_destinations (VimanaMigrateDialog *self)
{
    for (guint i = 0; i < self->destinations->len; i++)
        gtk_combo_box_text_append_text (self->destination_combo,
                                        vimana_migration_get_host_name (g_ptr_array_index (self->destinations, i)));
    if (self->spread_offered && self->destinations->len > 0)
        gtk_combo_box_text_append_text (self->destination_combo, vimana_migrate_spread_label ());
}

static VimanaMigrationOptions *
vimana_migrate_dialog_get_options (VimanaMigrateDialog *self)
{
    VimanaMigrationOptions *options = vimana_migration_options_new ();
    const char *mode = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->mode_combo));
    const char *address = gtk_entry_get_text (self->address_entry);

    if (g_strcmp0 (mode, "p2p") == 0)
        options->mode = VIMANA_MIGRATION_MODE_PEER_TO_PEER;
    else if (g_strcmp0 (mode, "tunnelled") == 0)
        options->mode = VIMANA_MIGRATION_MODE_TUNNELLED;
    options->live = gtk_toggle_button_get_active (self->live_check);
    options->persist = gtk_toggle_button_get_active (self->persist_check);
    options->copy_storage = gtk_toggle_button_get_active (self->copy_storage_check);
    options->storage_pool = vimana_migrate_pool_get (self->pool_combo, self->copy_storage_check);
    options->auto_converge = gtk_toggle_button_get_active (self->auto_converge_check);
    options->postcopy = gtk_toggle_button_get_active (self->postcopy_check);
    options->bandwidth = (guint64) gtk_spin_button_get_value_as_int (self->bandwidth_spin);
    options->max_downtime = (guint64) gtk_spin_button_get_value_as_int (self->downtime_spin);
    /* "Migrate anyway" also tells libvirt to go on where it cannot tell the storage is shared
     * (a folder both hosts mount that is not a network file system it knows). */
    options->unsafe = gtk_widget_get_visible (GTK_WIDGET (self->unsafe_check))
                      && gtk_toggle_button_get_active (self->unsafe_check);
    if (address[0] != '\0')
        options->address = g_strstrip (g_strdup (address));
    return options;
}

static void
vimana_migrate_dialog_update_sensitivity (VimanaMigrateDialog *self)
{
    gboolean blocked = self->worst == VIMANA_CHECK_BLOCKER;
    gboolean ready = !self->started && self->options_valid
                     && vimana_migrate_dialog_has_destination (self)
                     && self->preflight_pending == 0
                     && (!blocked || gtk_toggle_button_get_active (self->unsafe_check));

    const char *why_not;

    if (self->started)
        why_not = _("The migration has started.");
    else if (!vimana_migrate_dialog_has_destination (self))
        why_not = _("Choose a destination first: another connected host.");
    else if (!self->options_valid)
        why_not = _("An option is not valid: see the message under it.");
    else if (self->preflight_pending > 0)
        why_not = _("The checks are still running.");
    else
        why_not = _("A check failed (red): fix it, or choose “Migrate anyway”.");
    gtk_widget_set_visible (GTK_WIDGET (self->unsafe_check), blocked && !self->started);
    vimana_widget_set_can_act (GTK_WIDGET (self->migrate_button), ready, why_not);
}

/* ---- the checklist ---- */

static void
vimana_migrate_dialog_clear_box (GtkListBox *box)
{
    g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (box));

    for (GList *l = children; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
}

static const char *
vimana_migrate_dialog_level_icon (VimanaCheckLevel level)
{
    switch (level) {
    case VIMANA_CHECK_OK:
        return "emblem-ok-symbolic";
    case VIMANA_CHECK_WARNING:
        return "dialog-warning-symbolic";
    case VIMANA_CHECK_BLOCKER:
    default:
        return "dialog-error-symbolic";
    }
}

static const char *
vimana_migrate_dialog_level_name (VimanaCheckLevel level)
{
    switch (level) {
    case VIMANA_CHECK_OK:
        return _("Ready");
    case VIMANA_CHECK_WARNING:
        return _("Warning");
    case VIMANA_CHECK_BLOCKER:
    default:
        return _("Blocks the migration");
    }
}

static void
vimana_migrate_dialog_add_line (VimanaMigrateDialog *self,
                                VimanaCheckLevel     level,
                                const char          *text)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *icon = gtk_image_new_from_icon_name (vimana_migrate_dialog_level_icon (level),
                                                    GTK_ICON_SIZE_MENU);
    GtkWidget *label = gtk_label_new (text);
    AtkObject *accessible;
    g_autofree char *name = NULL;

    gtk_widget_set_margin_start (box, 6);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 3);
    gtk_widget_set_margin_bottom (box, 3);
    gtk_label_set_xalign (GTK_LABEL (label), 0);
    gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
    /* Colour is not the only sign: the icon's name says the level too. */
    accessible = gtk_widget_get_accessible (icon);
    atk_object_set_name (accessible, vimana_migrate_dialog_level_name (level));
    gtk_container_add (GTK_CONTAINER (box), icon);
    gtk_container_add (GTK_CONTAINER (box), label);
    gtk_widget_show_all (box);
    gtk_list_box_insert (self->checklist_box, box, -1);
    /* Translators: a checklist line for a screen reader: the level, then the line. */
    name = g_strdup_printf (_("%s: %s"), vimana_migrate_dialog_level_name (level), text);
    atk_object_set_name (gtk_widget_get_accessible (gtk_widget_get_parent (box)), name);
}

typedef struct
{
    VimanaMigrateDialog *dialog;   /* owned */
    GCancellable        *cancellable;
} VimanaMigratePreflight;

static void
vimana_migrate_dialog_preflight_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
    VimanaMigratePreflight *preflight = user_data;
    VimanaMigrateDialog *self = preflight->dialog;
    VimanaDomain *domain = VIMANA_DOMAIN (object);
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(GError) error = NULL;
    gboolean current = preflight->cancellable == self->preflight_cancellable;

    checks = vimana_migration_preflight_finish (domain, result, &error);
    if (current) {
        self->preflight_pending--;
        if (checks == NULL) {
            /* Translators: a guest's name, then why its checks could not run. */
            g_autofree char *text = g_strdup_printf (_("%s: %s"), vimana_domain_get_name (domain),
                                                     error->message);

            self->worst = VIMANA_CHECK_BLOCKER;
            vimana_migrate_dialog_add_line (self, VIMANA_CHECK_BLOCKER, text);
        } else {
            for (guint i = 0; i < checks->len; i++) {
                VimanaMigrationCheck *check = g_ptr_array_index (checks, i);
                g_autofree char *text = NULL;

                if (self->domains->len > 1)
                    /* Translators: a guest's name, what was checked, then the reason. */
                    text = g_strdup_printf (_("%s, %s: %s"), vimana_domain_get_name (domain),
                                            check->subject, check->reason);
                else
                    /* Translators: what was checked ("vda", "Memory"), then the reason. */
                    text = g_strdup_printf (_("%s: %s"), check->subject, check->reason);
                vimana_migrate_dialog_add_line (self, check->level, text);
            }
            self->worst = MAX (self->worst, vimana_migration_checklist_worst (checks));
        }
        vimana_migrate_dialog_update_sensitivity (self);
    }
    g_object_unref (preflight->cancellable);
    g_object_unref (preflight->dialog);
    g_free (preflight);
}

/* Where each guest goes, a line each (and a red one for each that fits nowhere). */
static void
vimana_migrate_dialog_plan_spread (VimanaMigrateDialog *self)
{
    g_autoptr(GPtrArray) unplaced = NULL;

    self->spread = vimana_migrate_spread_plan (self->domains, self->destinations,
                                               self->identities, &unplaced);
    for (guint i = 0; i < self->domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (self->domains, i);
        VimanaConnection *to = g_hash_table_lookup (self->spread, domain);
        g_autofree char *text = NULL;

        if (to == NULL)
            continue;
        /* Translators: a guest's name, then the host the balance rules send it to. */
        text = g_strdup_printf (_("%s goes to %s."), vimana_domain_get_name (domain),
                                vimana_migration_get_host_name (to));
        vimana_migrate_dialog_add_line (self, VIMANA_CHECK_OK, text);
    }
    for (guint i = 0; i < unplaced->len; i++) {
        /* Translators: a guest's name. */
        g_autofree char *text = g_strdup_printf (_("%s fits on no other host: its memory and the reserve exceed what each has free."),
                                                 vimana_domain_get_name (g_ptr_array_index (unplaced, i)));
        vimana_migrate_dialog_add_line (self, VIMANA_CHECK_BLOCKER, text);
        self->worst = VIMANA_CHECK_BLOCKER;
    }
}

static void
vimana_migrate_dialog_run_preflight (VimanaMigrateDialog *self)
{
    g_autoptr(VimanaMigrationOptions) options = vimana_migrate_dialog_get_options (self);
    g_autoptr(GError) error = NULL;
    VimanaMigrationField field = VIMANA_MIGRATION_FIELD_NONE;
    VimanaConnection *destination = vimana_migrate_dialog_get_destination (self);
    gboolean spreading = vimana_migrate_dialog_get_spreading (self);

    if (self->started)
        return;
    g_cancellable_cancel (self->preflight_cancellable);
    g_clear_object (&self->preflight_cancellable);
    vimana_migrate_dialog_clear_box (self->checklist_box);
    self->preflight_pending = 0;
    self->worst = VIMANA_CHECK_OK;

    self->options_valid = vimana_migration_options_check (options, &field, &error);
    vimana_field_error_set (GTK_WIDGET (self->address_entry), self->address_error_label,
                            field == VIMANA_MIGRATION_FIELD_ADDRESS ? error->message : NULL);
    if (!self->options_valid && field != VIMANA_MIGRATION_FIELD_ADDRESS)
        vimana_migrate_dialog_add_line (self, VIMANA_CHECK_BLOCKER, error->message);
    g_clear_pointer (&self->spread, g_hash_table_unref);
    if (spreading)
        vimana_migrate_dialog_plan_spread (self);
    else if (destination == NULL) {
        vimana_migrate_dialog_add_line (self, VIMANA_CHECK_BLOCKER,
                                        _("Connect to another host first: the destination is any other open connection."));
        self->worst = VIMANA_CHECK_BLOCKER;
    }
    if (!self->options_valid || !vimana_migrate_dialog_has_destination (self)) {
        vimana_migrate_dialog_update_sensitivity (self);
        return;
    }

    self->preflight_cancellable = g_cancellable_new ();
    for (guint i = 0; i < self->domains->len; i++) {
        VimanaMigratePreflight *preflight = g_new0 (VimanaMigratePreflight, 1);

        preflight->dialog = g_object_ref (self);
        preflight->cancellable = g_object_ref (self->preflight_cancellable);
        self->preflight_pending++;
        vimana_migration_preflight_async (g_ptr_array_index (self->domains, i),
                                          vimana_migrate_dialog_destination_for (self, g_ptr_array_index (self->domains, i)),
                                          options, self->preflight_cancellable,
                                          vimana_migrate_dialog_preflight_cb, preflight);
    }
    vimana_migrate_dialog_update_sensitivity (self);
}

static void
vimana_migrate_dialog_changed_cb (VimanaMigrateDialog *self)
{
    vimana_migrate_dialog_run_preflight (self);
}

static void
vimana_migrate_dialog_destination_changed_cb (VimanaMigrateDialog *self)
{
    vimana_migrate_pool_fill (self->pool_combo, vimana_migrate_dialog_get_destination (self));
    vimana_migrate_dialog_run_preflight (self);
}

static gboolean
vimana_migrate_dialog_is_source (VimanaMigrateDialog *self,
                                 VimanaConnection    *connection)
{
    for (guint i = 0; i < self->domains->len; i++) {
        if (vimana_domain_get_connection (g_ptr_array_index (self->domains, i)) == connection)
            return TRUE;
    }
    return FALSE;
}

static void
vimana_migrate_dialog_fill_destinations (VimanaMigrateDialog *self)
{
    guint n = g_list_model_get_n_items (self->connections);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);

        if (vimana_connection_get_state (connection) != VIMANA_CONNECTION_STATE_CONNECTED
            || vimana_migrate_dialog_is_source (self, connection))
            continue;
        g_ptr_array_add (self->destinations, g_object_ref (connection));
    }
    vimana_migrate_dialog_append_destinations (self);
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo), 0);
}

/* ---- connections to the same host ---- */

static VimanaConnection *
vimana_migrate_dialog_same_host_source (VimanaMigrateDialog *self,
                                        VimanaConnection    *destination)
{
    const char *identity = g_hash_table_lookup (self->identities, destination);

    if (identity == NULL)
        return NULL;
    for (guint i = 0; i < self->domains->len; i++) {
        VimanaConnection *source = vimana_domain_get_connection (g_ptr_array_index (self->domains, i));

        if (g_strcmp0 (g_hash_table_lookup (self->identities, source), identity) == 0)
            return source;
    }
    return NULL;
}

/* Every identity is known: drop the destinations that are a source's host under another URI. */
static void
vimana_migrate_dialog_drop_same_hosts (VimanaMigrateDialog *self)
{
    g_autoptr(GString) reasons = g_string_new (NULL);
    VimanaConnection *chosen = vimana_migrate_dialog_get_destination (self);
    gboolean spreading = vimana_migrate_dialog_get_spreading (self);
    gboolean dropped = FALSE;

    for (guint i = self->destinations->len; i > 0; i--) {
        VimanaConnection *destination = g_ptr_array_index (self->destinations, i - 1);
        VimanaConnection *source = vimana_migrate_dialog_same_host_source (self, destination);
        g_autofree char *reason = NULL;

        if (source == NULL)
            continue;
        /* Translators: two connections' names; they reach one host under two URIs. */
        reason = g_strdup_printf (_("%s is not offered: it is the same host as %s (the same host UUID under another URI)."),
                                  vimana_connection_get_display_name (destination),
                                  vimana_connection_get_display_name (source));
        if (reasons->len > 0)
            g_string_prepend_c (reasons, '\n');
        g_string_prepend (reasons, reason);
        if (chosen == destination)
            chosen = NULL;
        g_ptr_array_remove_index (self->destinations, i - 1);
        dropped = TRUE;
    }
    if (!dropped)
        return;
    gtk_label_set_text (self->same_host_label, reasons->str);
    gtk_widget_show (GTK_WIDGET (self->same_host_label));
    gtk_combo_box_text_remove_all (self->destination_combo);
    vimana_migrate_dialog_append_destinations (self);
    if (spreading && self->destinations->len > 0) {
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo),
                                  (int) self->destinations->len);
    } else if (chosen != NULL) {
        guint index;

        g_ptr_array_find (self->destinations, chosen, &index);
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo), (int) index);
    } else {
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo),
                                  self->destinations->len > 0 ? 0 : -1);
    }
    vimana_migrate_dialog_run_preflight (self);
}

static void
vimana_migrate_dialog_identity_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    VimanaMigrateDialog *self = user_data;  /* a reference, dropped here */
    VimanaConnection *connection = VIMANA_CONNECTION (object);
    g_autoptr(GError) error = NULL;
    char *identity = vimana_migration_read_host_identity_finish (connection, result, &error);

    if (identity == NULL)
        g_debug ("No host identity for %s: %s", vimana_connection_get_uri (connection),
                 error->message);
    if (!self->disposed) {
        if (identity != NULL)
            g_hash_table_replace (self->identities, connection, identity);
        if (--self->identities_pending == 0 && !self->started) {
            vimana_migrate_names_update (self->destination_combo, self->destinations);
            vimana_migrate_dialog_drop_same_hosts (self);
        }
    } else {
        g_free (identity);
    }
    g_object_unref (self);
}

static void
vimana_migrate_dialog_read_identity (VimanaMigrateDialog *self,
                                     VimanaConnection    *connection)
{
    if (g_hash_table_contains (self->identities, connection))
        return;
    /* A placeholder, so that a connection is asked once; replaced by the answer. */
    g_hash_table_insert (self->identities, connection, NULL);
    self->identities_pending++;
    vimana_migration_read_host_identity_async (connection, self->identity_cancellable,
                                               vimana_migrate_dialog_identity_cb,
                                               g_object_ref (self));
}

static void
vimana_migrate_dialog_read_identities (VimanaMigrateDialog *self)
{
    self->identity_cancellable = g_cancellable_new ();
    for (guint i = 0; i < self->domains->len; i++)
        vimana_migrate_dialog_read_identity (self, vimana_domain_get_connection (g_ptr_array_index (self->domains, i)));
    for (guint i = 0; i < self->destinations->len; i++)
        vimana_migrate_dialog_read_identity (self, g_ptr_array_index (self->destinations, i));
}

/* ---- running ---- */

static gboolean
vimana_migrate_dialog_any_running (VimanaMigrateDialog *self)
{
    for (guint i = 0; self->items != NULL && i < self->items->len; i++) {
        VimanaMigrateItem *item = g_ptr_array_index (self->items, i);

        if (item->migration != NULL && !item->finished)
            return TRUE;
    }
    return FALSE;
}

/**
 * vimana_migrate_dialog_get_checking:
 * @self: a #VimanaMigrateDialog
 *
 * Returns: whether the pre-flight checks, or which host each connection reaches, are still
 * being read
 */
gboolean
vimana_migrate_dialog_get_checking (VimanaMigrateDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATE_DIALOG (self), FALSE);
    return self->preflight_pending > 0 || self->identities_pending > 0;
}

/**
 * vimana_migrate_dialog_get_running:
 * @self: a #VimanaMigrateDialog
 *
 * Returns: whether a migration it started still runs
 */
gboolean
vimana_migrate_dialog_get_running (VimanaMigrateDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATE_DIALOG (self), FALSE);
    return vimana_migrate_dialog_any_running (self);
}

static void
vimana_migrate_dialog_update_buttons (VimanaMigrateDialog *self)
{
    gboolean running = vimana_migrate_dialog_any_running (self);

    gtk_button_set_label (self->cancel_button, running ? _("_Cancel") : _("_Close"));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->cancel_button)),
                         running ? _("Cancel") : _("Close"));
    vimana_migrate_dialog_update_sensitivity (self);
}

static void
vimana_migrate_item_update_stall (VimanaMigrateItem *item)
{
    const VimanaMigrationTrend *trend = vimana_migration_get_trend (item->migration);
    gboolean stalled = vimana_migration_trend_get_convergence (trend)
                       == VIMANA_MIGRATION_CONVERGENCE_STALLED;
    gboolean postcopy = vimana_migration_get_options (item->migration)->postcopy;
    g_autofree char *ms = NULL;
    g_autofree char *label = NULL;

    item->suggested = vimana_migration_trend_suggest_downtime (trend, item->downtime);
    ms = g_strdup_printf ("%" G_GUINT64_FORMAT, item->suggested);
    /* Translators: a button that raises the pause a migration may make to %s ms. */
    label = g_strdup_printf (_("Allow _Downtime of %s ms"), ms);
    gtk_button_set_label (item->downtime_button, label);
    gtk_widget_set_sensitive (GTK_WIDGET (item->downtime_button),
                              item->suggested > item->downtime
                              && item->downtime < VIMANA_MIGRATION_MAX_DOWNTIME);
    gtk_widget_set_visible (GTK_WIDGET (item->postcopy_button), postcopy);
    gtk_widget_set_sensitive (GTK_WIDGET (item->postcopy_button), !item->postcopy_asked);
    gtk_widget_set_visible (item->stall_box, stalled && !item->finished);
}

static void
vimana_migrate_item_progress_cb (VimanaMigration *migration,
                                 gpointer         user_data)
{
    VimanaMigrateItem *item = user_data;
    const VimanaMigrationProgress *progress = vimana_migration_get_progress (migration);
    const VimanaMigrationTrend *trend = vimana_migration_get_trend (migration);
    g_autofree char *remaining = g_format_size_full (progress->data_remaining, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *dirty = g_format_size_full (progress->dirty_rate, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *speed = g_format_size_full (progress->bandwidth, G_FORMAT_SIZE_IEC_UNITS);
    g_autofree char *iteration = g_strdup_printf ("%" G_GUINT64_FORMAT, progress->iteration);
    g_autofree char *downtime = g_strdup_printf ("%" G_GUINT64_FORMAT, progress->expected_downtime);
    g_autofree char *eta = NULL;
    g_autofree char *text = NULL;
    g_autofree char *figures = NULL;

    if (item->dialog->disposed || !progress->active)
        return;
    if (progress->data_total > 0)
        gtk_progress_bar_set_fraction (item->bar, (double) progress->data_processed
                                       / (double) progress->data_total);
    /* Translators: sizes and rates of a running migration: data remaining, the rate the guest
     * dirties memory, the rate it is sent. */
    text = g_strdup_printf (_("%s remaining · dirtied %s/s · sent %s/s"), remaining, dirty, speed);
    gtk_label_set_text (item->status, text);
    eta = vimana_migration_trend_format_eta (vimana_migration_trend_get_eta (trend));
    /* Translators: the pass over the guest's memory, the pause expected at the switch-over in
     * ms, then the time left ("about 2 min 5 s left"). */
    figures = g_strdup_printf (_("Pass %s · expected downtime %s ms · %s"),
                               iteration, downtime, eta);
    gtk_label_set_text (item->figures, figures);
    gtk_widget_show (item->graphs);
    vimana_graph_update (item->remaining_graph);
    vimana_graph_update (item->rate_graph);
    vimana_migrate_item_update_stall (item);
}

static void
vimana_migrate_item_downtime_cb (GtkButton         *button,
                                 VimanaMigrateItem *item)
{
    if (item->migration == NULL || item->finished || item->suggested <= item->downtime)
        return;
    item->downtime = item->suggested;
    vimana_migration_set_max_downtime (item->migration, item->downtime);
    vimana_migrate_item_update_stall (item);
}

static void
vimana_migrate_item_postcopy_cb (GtkButton         *button,
                                 VimanaMigrateItem *item)
{
    if (item->migration == NULL || item->finished || item->postcopy_asked)
        return;
    item->postcopy_asked = TRUE;
    vimana_migration_start_postcopy (item->migration);
    gtk_label_set_text (item->status, _("Switching to post-copy: the guest runs on the destination now."));
    vimana_migrate_item_update_stall (item);
}

static void
vimana_migrate_item_watch (VimanaMigrateItem *item)
{
    const VimanaMigrationTrend *trend = vimana_migration_get_trend (item->migration);
    GObject *owner = G_OBJECT (item->migration);

    item->downtime = vimana_migration_get_options (item->migration)->max_downtime;
    vimana_graph_add_series (item->remaining_graph, owner,
                             vimana_migration_trend_get_ring (trend, VIMANA_MIGRATION_SERIES_REMAINING),
                             _("Data remaining"));
    vimana_graph_add_series (item->rate_graph, owner,
                             vimana_migration_trend_get_ring (trend, VIMANA_MIGRATION_SERIES_DIRTY_RATE),
                             _("Dirty rate"));
    vimana_graph_add_series (item->rate_graph, owner,
                             vimana_migration_trend_get_ring (trend, VIMANA_MIGRATION_SERIES_BANDWIDTH),
                             _("Bandwidth"));
    g_signal_connect (item->migration, "progress",
                      G_CALLBACK (vimana_migrate_item_progress_cb), item);
}

/* Evacuate: where the guest came from; Return: it is home. */
static gboolean
vimana_migrate_item_record_origin (VimanaMigrateItem  *item,
                                   GError            **error)
{
    g_autofree char *path = vimana_migration_origins_get_default_path ();
    VimanaMigration *migration = item->migration;
    const char *uuid = vimana_domain_get_uuid (item->domain);

    if (uuid == NULL)
        return TRUE;
    switch (item->dialog->purpose) {
    case VIMANA_MIGRATE_PURPOSE_EVACUATE:
        return vimana_migration_origins_remember (
            path, uuid, vimana_domain_get_name (item->domain),
            vimana_connection_get_uri (vimana_migration_get_source (migration)),
            vimana_connection_get_uri (vimana_migration_get_destination (migration)), error);
    case VIMANA_MIGRATE_PURPOSE_RETURN:
        return vimana_migration_origins_forget (path, uuid, error);
    case VIMANA_MIGRATE_PURPOSE_MOVE:
    default:
        return TRUE;
    }
}

static void
vimana_migrate_item_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
    VimanaMigrateDialog *self = user_data;  /* a reference, dropped here */
    VimanaMigration *migration = VIMANA_MIGRATION (object);
    VimanaMigrateItem *item = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    for (guint i = 0; i < self->items->len && item == NULL; i++) {
        if (((VimanaMigrateItem *) g_ptr_array_index (self->items, i))->migration == migration)
            item = g_ptr_array_index (self->items, i);
    }
    g_assert (item != NULL);
    item->finished = TRUE;
    if (self->disposed) {
        g_object_unref (self);
        return;
    }
    if (vimana_migration_run_finish (migration, result, &error)) {
        gtk_progress_bar_set_fraction (item->bar, 1.0);
        /* Translators: a guest's name, then a connection's. */
        text = g_strdup_printf (_("%s now runs on %s."), vimana_domain_get_name (item->domain),
                                vimana_migration_get_host_name (vimana_migration_get_destination (migration)));
        if (!vimana_migrate_item_record_origin (item, &error)) {
            g_free (text);
            text = g_strdup (error->message);
        }
    } else {
        text = g_strdup (error->message);
    }
    gtk_label_set_text (item->status, text);
    gtk_widget_hide (item->stall_box);
    vimana_migrate_dialog_start_next (self);
    vimana_migrate_dialog_update_buttons (self);
    g_object_unref (self);
}

static void
vimana_migrate_dialog_start_next (VimanaMigrateDialog *self)
{
    g_autoptr(VimanaMigrationOptions) options = vimana_migrate_dialog_get_options (self);
    guint running = 0;

    for (guint i = 0; i < self->items->len; i++) {
        VimanaMigrateItem *item = g_ptr_array_index (self->items, i);

        if (item->migration != NULL && !item->finished)
            running++;
    }
    for (guint i = 0; i < self->items->len && running < VIMANA_MIGRATE_DIALOG_CONCURRENCY; i++) {
        VimanaMigrateItem *item = g_ptr_array_index (self->items, i);
        VimanaConnection *destination = vimana_migrate_dialog_destination_for (self, item->domain);

        if (item->migration != NULL || item->finished)
            continue;
        if (self->cancelled || destination == NULL) {
            item->finished = TRUE;
            gtk_label_set_text (item->status, _("Not started."));
            continue;
        }
        item->migration = vimana_migration_new (item->domain, destination, options);
        vimana_migrate_item_watch (item);
        gtk_label_set_text (item->status, _("Migrating…"));
        vimana_migration_run_async (item->migration, NULL, vimana_migrate_item_done_cb,
                                    g_object_ref (self));
        running++;
    }
}

static GtkWidget *
vimana_migrate_item_new_graph (VimanaGraphUnit  unit,
                               const char      *accessible_name,
                               VimanaGraph    **graph)
{
    GtkWidget *widget = vimana_graph_new (VIMANA_GRAPH_LOOK_FULL, unit);

    vimana_graph_set_range (VIMANA_GRAPH (widget), VIMANA_MIGRATE_DIALOG_GRAPH_SECONDS);
    gtk_widget_set_size_request (widget, 240, 110);
    gtk_widget_set_hexpand (widget, TRUE);
    atk_object_set_name (gtk_widget_get_accessible (widget), accessible_name);
    *graph = VIMANA_GRAPH (widget);
    return widget;
}

static void
vimana_migrate_item_build_progress (VimanaMigrateItem *item,
                                    GtkWidget         *box)
{
    GtkWidget *figures = gtk_label_new (NULL);
    GtkWidget *stall_label = gtk_label_new (_("The migration does not converge: the guest changes its memory about as fast as it is sent."));
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *downtime = gtk_button_new_with_mnemonic (_("Allow _Downtime"));
    GtkWidget *postcopy = gtk_button_new_with_mnemonic (_("Switch to _Post-copy"));

    item->graphs = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_container_add (GTK_CONTAINER (item->graphs),
                       vimana_migrate_item_new_graph (VIMANA_GRAPH_UNIT_BYTES,
                                                      _("Data remaining"),
                                                      &item->remaining_graph));
    gtk_container_add (GTK_CONTAINER (item->graphs),
                       vimana_migrate_item_new_graph (VIMANA_GRAPH_UNIT_BYTES_PER_SECOND,
                                                      _("Dirty rate and bandwidth"),
                                                      &item->rate_graph));
    item->figures = GTK_LABEL (figures);
    gtk_label_set_xalign (item->figures, 0);
    gtk_label_set_line_wrap (item->figures, TRUE);
    gtk_label_set_xalign (GTK_LABEL (stall_label), 0);
    gtk_label_set_line_wrap (GTK_LABEL (stall_label), TRUE);
    item->downtime_button = GTK_BUTTON (downtime);
    item->postcopy_button = GTK_BUTTON (postcopy);
    gtk_widget_set_tooltip_text (downtime, _("Let the guest pause longer at the switch-over, so that what is left fits in the pause"));
    gtk_widget_set_tooltip_text (postcopy, _("Run the guest on the destination now and send the rest of its memory as it asks for it"));
    atk_object_set_name (gtk_widget_get_accessible (downtime), _("Allow more downtime"));
    atk_object_set_name (gtk_widget_get_accessible (postcopy), _("Switch to post-copy"));
    g_signal_connect (downtime, "clicked", G_CALLBACK (vimana_migrate_item_downtime_cb), item);
    g_signal_connect (postcopy, "clicked", G_CALLBACK (vimana_migrate_item_postcopy_cb), item);
    gtk_container_add (GTK_CONTAINER (buttons), downtime);
    gtk_container_add (GTK_CONTAINER (buttons), postcopy);
    item->stall_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
    gtk_container_add (GTK_CONTAINER (item->stall_box), stall_label);
    gtk_container_add (GTK_CONTAINER (item->stall_box), buttons);
    gtk_container_add (GTK_CONTAINER (box), item->graphs);
    gtk_container_add (GTK_CONTAINER (box), figures);
    gtk_container_add (GTK_CONTAINER (box), item->stall_box);
}

static void
vimana_migrate_dialog_add_item (VimanaMigrateDialog *self,
                                VimanaDomain        *domain)
{
    VimanaMigrateItem *item = g_new0 (VimanaMigrateItem, 1);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
    GtkWidget *name = gtk_label_new (vimana_domain_get_name (domain));
    GtkWidget *status = gtk_label_new (_("Waiting for its turn."));
    GtkWidget *bar = gtk_progress_bar_new ();

    item->dialog = self;
    item->domain = g_object_ref (domain);
    item->bar = GTK_PROGRESS_BAR (bar);
    item->status = GTK_LABEL (status);
    gtk_widget_set_margin_start (box, 6);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 3);
    gtk_widget_set_margin_bottom (box, 3);
    gtk_label_set_xalign (GTK_LABEL (name), 0);
    gtk_label_set_xalign (GTK_LABEL (status), 0);
    gtk_label_set_line_wrap (GTK_LABEL (status), TRUE);
    gtk_label_set_selectable (GTK_LABEL (status), FALSE);
    atk_object_set_name (gtk_widget_get_accessible (bar), vimana_domain_get_name (domain));
    gtk_container_add (GTK_CONTAINER (box), name);
    gtk_container_add (GTK_CONTAINER (box), bar);
    gtk_container_add (GTK_CONTAINER (box), status);
    vimana_migrate_item_build_progress (item, box);
    gtk_widget_show_all (box);
    gtk_widget_hide (item->graphs);
    gtk_widget_hide (item->stall_box);
    gtk_list_box_insert (self->progress_box, box, -1);
    item->row = gtk_widget_get_parent (box);
    atk_object_set_name (gtk_widget_get_accessible (item->row), vimana_domain_get_name (domain));
    g_ptr_array_add (self->items, item);
}

static void
vimana_migrate_dialog_start (VimanaMigrateDialog *self)
{
    if (self->started)
        return;
    /* A number typed into a limit and not yet committed (no Enter, no focus change) is what
     * the user means: take it before the options are read. */
    gtk_spin_button_update (self->bandwidth_spin);
    gtk_spin_button_update (self->downtime_spin);
    self->started = TRUE;
    gtk_widget_set_sensitive (self->options_grid, FALSE);
    gtk_widget_show (self->progress_heading);
    gtk_widget_show (GTK_WIDGET (self->progress_box));
    self->items = g_ptr_array_new_with_free_func (vimana_migrate_item_free);
    for (guint i = 0; i < self->domains->len; i++)
        vimana_migrate_dialog_add_item (self, g_ptr_array_index (self->domains, i));
    vimana_migrate_dialog_start_next (self);
    vimana_migrate_dialog_update_buttons (self);
}

static void
vimana_migrate_dialog_cancel_all (VimanaMigrateDialog *self)
{
    self->cancelled = TRUE;
    for (guint i = 0; i < self->items->len; i++) {
        VimanaMigrateItem *item = g_ptr_array_index (self->items, i);

        if (item->migration == NULL && !item->finished) {
            item->finished = TRUE;
            gtk_label_set_text (item->status, _("Not started."));
        } else if (item->migration != NULL && !item->finished) {
            gtk_label_set_text (item->status, _("Cancelling…"));
            vimana_migration_cancel (item->migration);
        }
        /* (in dispose the labels still exist: the children go after this) */
    }
}

/* What its Cancel does while guests move (for the quit); nothing when it has not started. */
void
vimana_migrate_dialog_cancel (VimanaMigrateDialog *self)
{
    g_return_if_fail (VIMANA_IS_MIGRATE_DIALOG (self));
    if (self->items != NULL && !self->disposed)
        vimana_migrate_dialog_cancel_all (self);
}

static void
vimana_migrate_dialog_response (GtkDialog *dialog,
                                int        response)
{
    VimanaMigrateDialog *self = VIMANA_MIGRATE_DIALOG (dialog);

    if (response == GTK_RESPONSE_ACCEPT) {
        vimana_migrate_dialog_start (self);
        return;
    }
    if (vimana_migrate_dialog_any_running (self)) {
        /* A managed migration needs the app: Cancel aborts, and the dialog stays to say how
         * each ended. */
        vimana_migrate_dialog_cancel_all (self);
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static gboolean
vimana_migrate_dialog_delete_event (GtkWidget   *widget,
                                    GdkEventAny *event)
{
    VimanaMigrateDialog *self = VIMANA_MIGRATE_DIALOG (widget);

    if (vimana_migrate_dialog_any_running (self)) {
        vimana_migrate_dialog_cancel_all (self);
        return GDK_EVENT_STOP;
    }
    /* (no class above implements the vfunc: GtkDialog answers "delete-event" with a handler
     * of its own, which sends the response) */
    return GDK_EVENT_PROPAGATE;
}

/* ---- the object ---- */

static void
vimana_migrate_dialog_dispose (GObject *object)
{
    VimanaMigrateDialog *self = VIMANA_MIGRATE_DIALOG (object);

    if (self->preflight_cancellable != NULL)
        g_cancellable_cancel (self->preflight_cancellable);
    g_clear_object (&self->preflight_cancellable);
    if (self->identity_cancellable != NULL)
        g_cancellable_cancel (self->identity_cancellable);
    g_clear_object (&self->identity_cancellable);
    /* Destroyed with its parent while guests move: they stay where they are. The items live
     * until finalize, which waits for every migration's callback (each holds a reference). */
    if (!self->disposed && self->items != NULL)
        vimana_migrate_dialog_cancel_all (self);
    self->disposed = TRUE;
    G_OBJECT_CLASS (vimana_migrate_dialog_parent_class)->dispose (object);
}

static void
vimana_migrate_dialog_finalize (GObject *object)
{
    VimanaMigrateDialog *self = VIMANA_MIGRATE_DIALOG (object);

    g_clear_pointer (&self->items, g_ptr_array_unref);
    g_clear_object (&self->connections);
    g_clear_pointer (&self->domains, g_ptr_array_unref);
    g_clear_pointer (&self->destinations, g_ptr_array_unref);
    g_clear_pointer (&self->identities, g_hash_table_unref);
    g_clear_pointer (&self->spread, g_hash_table_unref);
    G_OBJECT_CLASS (vimana_migrate_dialog_parent_class)->finalize (object);
}

static void
vimana_migrate_dialog_class_init (VimanaMigrateDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->dispose = vimana_migrate_dialog_dispose;
    object_class->finalize = vimana_migrate_dialog_finalize;
    widget_class->delete_event = vimana_migrate_dialog_delete_event;
    dialog_class->response = vimana_migrate_dialog_response;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 RESOURCE_PREFIX "/ui/vimana-migrate-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, guests_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, options_grid);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, destination_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, mode_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, live_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, persist_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, copy_storage_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, pool_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, auto_converge_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, postcopy_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, bandwidth_spin);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, downtime_spin);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, address_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, address_error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, checklist_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, unsafe_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, progress_heading);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, progress_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, cancel_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaMigrateDialog, migrate_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_migrate_dialog_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_migrate_dialog_destination_changed_cb);
}

static void
vimana_migrate_dialog_init (VimanaMigrateDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    vimana_migrate_pool_setup (self->pool_combo, self->copy_storage_check);
    self->identities = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    self->same_host_label = GTK_LABEL (gtk_label_new (NULL));
    gtk_label_set_xalign (self->same_host_label, 0);
    gtk_label_set_line_wrap (self->same_host_label, TRUE);
    gtk_label_set_max_width_chars (self->same_host_label, 60);
    gtk_grid_insert_next_to (GTK_GRID (self->options_grid), GTK_WIDGET (self->destination_combo),
                             GTK_POS_BOTTOM);
    gtk_grid_attach_next_to (GTK_GRID (self->options_grid), GTK_WIDGET (self->same_host_label),
                             GTK_WIDGET (self->destination_combo), GTK_POS_BOTTOM, 1, 1);
    gtk_widget_hide (self->progress_heading);
    gtk_widget_hide (GTK_WIDGET (self->progress_box));
}

/**
 * vimana_migrate_dialog_set_purpose:
 * @self: a #VimanaMigrateDialog not yet started
 * @purpose: what the moves are for
 * @destination: (nullable): the destination to choose; %NULL keeps the first; one that is not
 *   offered (not connected) leaves none chosen, and the checklist says so
 *
 * Evacuate keeps guests live and defined where they go, and remembers where each came from;
 * Return moves them back and forgets it.
 */
void
vimana_migrate_dialog_set_purpose (VimanaMigrateDialog  *self,
                                   VimanaMigratePurpose  purpose,
                                   VimanaConnection     *destination)
{
    g_return_if_fail (VIMANA_IS_MIGRATE_DIALOG (self));
    g_return_if_fail (destination == NULL || VIMANA_IS_CONNECTION (destination));
    g_return_if_fail (!self->started);

    self->purpose = purpose;
    if (purpose == VIMANA_MIGRATE_PURPOSE_EVACUATE) {
        gtk_window_set_title (GTK_WINDOW (self), _("Evacuate Host"));
        if (!self->spread_offered && self->destinations->len > 0)
            gtk_combo_box_text_append_text (self->destination_combo, vimana_migrate_spread_label ());
        self->spread_offered = TRUE;
    } else if (purpose == VIMANA_MIGRATE_PURPOSE_RETURN)
        gtk_window_set_title (GTK_WINDOW (self), _("Return Guests"));
    if (purpose != VIMANA_MIGRATE_PURPOSE_MOVE) {
        /* The guests belong where they were: a live move, defined on the destination. */
        gtk_toggle_button_set_active (self->live_check, TRUE);
        gtk_toggle_button_set_active (self->persist_check, TRUE);
    }
    if (destination != NULL) {
        guint index;

        if (g_ptr_array_find (self->destinations, destination, &index))
            gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo), (int) index);
        else
            gtk_combo_box_set_active (GTK_COMBO_BOX (self->destination_combo), -1);
    }
    vimana_migrate_dialog_run_preflight (self);
}

/**
 * vimana_migrate_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @connections: the application's #VimanaConnection list: the destinations
 * @domains: (element-type VimanaDomain): the guests to move
 *
 * Returns: (transfer floating): the dialog, not yet shown
 */
GtkWidget *
vimana_migrate_dialog_new (GtkWindow  *parent,
                           GListModel *connections,
                           GPtrArray  *domains)
{
    VimanaMigrateDialog *self;
    g_autoptr(GString) names = g_string_new (NULL);
    g_autofree char *intro = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);
    g_return_val_if_fail (domains != NULL && domains->len > 0, NULL);

    self = g_object_new (VIMANA_TYPE_MIGRATE_DIALOG, "use-header-bar", 1,
                         "transient-for", parent, NULL);
    self->connections = g_object_ref (connections);
    self->domains = g_ptr_array_new_with_free_func (g_object_unref);
    self->destinations = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = 0; i < domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (domains, i);

        g_ptr_array_add (self->domains, g_object_ref (domain));
        if (i > 0)
            g_string_append (names, ", ");
        g_string_append (names, vimana_domain_get_name (domain));
    }
    /* Translators: %s is a list of guests' names; at most two move at once. */
    intro = g_strdup_printf (ngettext ("Move %s to another host.",
                                       "Move %s to another host, two at a time.",
                                       domains->len),
                             names->str);
    gtk_label_set_text (self->guests_label, intro);
    gtk_window_set_title (GTK_WINDOW (self), ngettext ("Migrate Guest", "Migrate Guests",
                                                       domains->len));
    vimana_migrate_dialog_fill_destinations (self);
    vimana_migrate_dialog_read_identities (self);
    vimana_migrate_dialog_run_preflight (self);
    return GTK_WIDGET (self);
}
