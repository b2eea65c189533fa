/* vimana-snapshots-page.c: the details window's Snapshots page
 *
 * The guest's snapshots as a tree (branches after a revert), the current one marked, with a line
 * over it that says what this guest can do here and why (VimanaSnapshotCaps). Take and Edit open
 * a VimanaSnapshotDialog; Revert and Delete ask in a message dialog first. Every dialog answers
 * through "response"; every call is core's _async. The list is read again after each action and
 * when the guest's state changes (a revert changes it; libvirt has no snapshot events).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshots-page"

#include "config.h"

#include "vimana-snapshots-page.h"

#include <glib/gi18n.h>

#include "vimana-clone.h"
#include "vimana-snapshot-dialog.h"

/* Responses of the delete dialog beyond GTK's own. */
enum
{
    VIMANA_SNAPSHOTS_RESPONSE_DELETE_ONE = 1,
    VIMANA_SNAPSHOTS_RESPONSE_DELETE_WITH_CHILDREN,
    VIMANA_SNAPSHOTS_RESPONSE_DELETE_CHILDREN_ONLY,
};

struct _VimanaSnapshotsPage
{
    GtkBox              parent_instance;

    /* template widgets */
    GtkLabel           *caps_label;
    GtkLabel           *status_label;
    GtkButton          *take_button;
    GtkButton          *revert_button;
    GtkButton          *edit_button;
    GtkButton          *delete_button;
    GtkSpinner         *spinner;
    GtkTreeView        *tree_view;

    /* owned references */
    VimanaDomain       *domain;
    GtkTreeStore       *store;
    GPtrArray          *snapshots;   /* (element-type VimanaSnapshot) the last listing */
    VimanaSnapshotCaps *caps;
    GStrv               linked_clones; /* the linked clones whose base this guest is, or NULL */
    GCancellable       *cancellable;
    GtkDialog          *dialog;      /* the one open dialog, or NULL */
    char               *pending;     /* the name of the snapshot a dialog is about */

    guint               loading;     /* listings and capabilities on their way */
    guint               acting;      /* take, revert, delete, edit on their way */
};

G_DEFINE_FINAL_TYPE (VimanaSnapshotsPage, vimana_snapshots_page, GTK_TYPE_BOX)

/* ---- the tree ---- */

static char *
vimana_snapshots_page_format_age (gint64 created,
                                  gint64 now)
{
    gint64 seconds = MAX (now - created, 0);
    g_autoptr(GDateTime) when = NULL;

    if (created <= 0)
        return g_strdup ("—");
    if (seconds < 60)
        return g_strdup (_("just now"));
    if (seconds < 3600)
        return g_strdup_printf (ngettext ("%u minute ago", "%u minutes ago",
                                          (gulong) (seconds / 60)), (guint) (seconds / 60));
    if (seconds < 86400)
        return g_strdup_printf (ngettext ("%u hour ago", "%u hours ago",
                                          (gulong) (seconds / 3600)), (guint) (seconds / 3600));
    if (seconds < 86400 * 30)
        return g_strdup_printf (ngettext ("%u day ago", "%u days ago",
                                          (gulong) (seconds / 86400)), (guint) (seconds / 86400));
    when = g_date_time_new_from_unix_local (created);
    return g_date_time_format (when, "%x");
}

static void
vimana_snapshots_page_add_level (VimanaSnapshotsPage *self,
                                 GPtrArray           *level,
                                 GtkTreeIter         *parent,
                                 gint64               now)
{
    for (guint i = 0; i < level->len; i++) {
        VimanaSnapshot *snapshot = g_ptr_array_index (level, i);
        g_autofree char *age = vimana_snapshots_page_format_age (
            vimana_snapshot_get_creation_time (snapshot), now);
        g_autofree char *kind = vimana_snapshot_kind_to_string (snapshot);
        gboolean current = vimana_snapshot_get_current (snapshot);
        gint64 bytes = vimana_snapshot_get_size (snapshot);
        g_autofree char *size = bytes >= 0 ? g_format_size ((guint64) bytes) : g_strdup ("—");
        g_autofree char *tooltip = NULL;
        GtkTreeIter iter;

        if (!vimana_snapshot_get_external (snapshot))
            tooltip = g_strdup (_("libvirt does not report the size of an internal snapshot: "
                                  "its data is inside the guest’s disk images."));
        else if (bytes < 0)
            tooltip = g_strdup (_("The size is not known: no storage pool holds this snapshot’s "
                                  "files."));
        else
            /* Translators: %s is a size such as "1.2 GB". */
            tooltip = g_strdup_printf (_("Its overlays and memory file take %s on disk."), size);

        gtk_tree_store_insert_with_values (self->store, &iter, parent, -1,
                                           VIMANA_SNAPSHOTS_COL_SNAPSHOT, snapshot,
                                           VIMANA_SNAPSHOTS_COL_NAME,
                                           vimana_snapshot_get_name (snapshot),
                                           VIMANA_SNAPSHOTS_COL_WEIGHT,
                                           current ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL,
                                           VIMANA_SNAPSHOTS_COL_CURRENT,
                                           current ? C_("snapshot", "Current") : "",
                                           VIMANA_SNAPSHOTS_COL_AGE, age,
                                           VIMANA_SNAPSHOTS_COL_STATE,
                                           vimana_snapshot_state_to_string (
                                               vimana_snapshot_get_state (snapshot)),
                                           VIMANA_SNAPSHOTS_COL_KIND, kind,
                                           VIMANA_SNAPSHOTS_COL_DESCRIPTION,
                                           vimana_snapshot_get_description (snapshot),
                                           VIMANA_SNAPSHOTS_COL_SIZE, size,
                                           VIMANA_SNAPSHOTS_COL_TOOLTIP, tooltip,
                                           -1);
        vimana_snapshots_page_add_level (self, vimana_snapshot_get_children (snapshot), &iter,
                                         now);
    }
}

static VimanaSnapshot *
vimana_snapshots_page_get_selected (VimanaSnapshotsPage *self)
{
    GtkTreeSelection *selection = gtk_tree_view_get_selection (self->tree_view);
    g_autoptr(VimanaSnapshot) snapshot = NULL;
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (!gtk_tree_selection_get_selected (selection, &model, &iter))
        return NULL;
    gtk_tree_model_get (model, &iter, VIMANA_SNAPSHOTS_COL_SNAPSHOT, &snapshot, -1);
    /* The store keeps a reference as long as the row is there. */
    return snapshot;
}

static void
vimana_snapshots_page_update_buttons (VimanaSnapshotsPage *self)
{
    VimanaSnapshot *selected = vimana_snapshots_page_get_selected (self);
    gboolean idle = self->acting == 0 && self->dialog == NULL && self->domain != NULL &&
                    !vimana_domain_get_removed (self->domain);
    gboolean can_revert = selected != NULL && self->caps != NULL &&
                          (!vimana_snapshot_get_external (selected) || self->caps->external_revert);

    gtk_widget_set_sensitive (GTK_WIDGET (self->take_button), idle && self->caps != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->revert_button), idle && can_revert);
    gtk_widget_set_sensitive (GTK_WIDGET (self->edit_button), idle && selected != NULL);
    gtk_widget_set_sensitive (GTK_WIDGET (self->delete_button), idle && selected != NULL);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->revert_button),
                                 selected != NULL && !can_revert && self->caps != NULL
                                 ? _("An external snapshot cannot be reverted before libvirt 9.9.")
                                 : _("Bring the guest back to the selected snapshot"));
    if (self->loading > 0 || self->acting > 0)
        gtk_spinner_start (self->spinner);
    else
        gtk_spinner_stop (self->spinner);
}

static gboolean
vimana_snapshots_page_find (GtkTreeModel *model,
                            GtkTreeIter  *parent,
                            const char   *name,
                            GtkTreeIter  *found)
{
    GtkTreeIter iter;

    if (!gtk_tree_model_iter_children (model, &iter, parent))
        return FALSE;
    do {
        g_autofree char *row_name = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_SNAPSHOTS_COL_NAME, &row_name, -1);
        if (g_strcmp0 (row_name, name) == 0) {
            *found = iter;
            return TRUE;
        }
        if (vimana_snapshots_page_find (model, &iter, name, found))
            return TRUE;
    } while (gtk_tree_model_iter_next (model, &iter));
    return FALSE;
}

/**
 * vimana_snapshots_page_show_snapshots:
 * @self: a #VimanaSnapshotsPage
 * @snapshots: (element-type VimanaSnapshot): a guest's snapshots, as listed
 *
 * Builds the tree of @snapshots and shows it, keeping the selected snapshot selected (or
 * selecting the current one), every branch expanded.
 */
void
vimana_snapshots_page_show_snapshots (VimanaSnapshotsPage *self,
                                      GPtrArray           *snapshots)
{
    VimanaSnapshot *selected;
    g_autofree char *keep = NULL;
    g_autoptr(GPtrArray) roots = NULL;
    GtkTreeIter iter;

    g_return_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self));
    g_return_if_fail (snapshots != NULL);

    selected = vimana_snapshots_page_get_selected (self);
    keep = selected != NULL ? g_strdup (vimana_snapshot_get_name (selected)) : NULL;
    for (guint i = 0; keep == NULL && i < snapshots->len; i++) {
        if (vimana_snapshot_get_current (g_ptr_array_index (snapshots, i)))
            keep = g_strdup (vimana_snapshot_get_name (g_ptr_array_index (snapshots, i)));
    }

    g_ptr_array_ref (snapshots);
    g_clear_pointer (&self->snapshots, g_ptr_array_unref);
    self->snapshots = snapshots;
    roots = vimana_snapshot_tree_build (snapshots);

    /* Detached while filled: one signal for the view instead of one a row. */
    g_object_ref (self->store);
    gtk_tree_view_set_model (self->tree_view, NULL);
    gtk_tree_store_clear (self->store);
    vimana_snapshots_page_add_level (self, roots, NULL, g_get_real_time () / G_USEC_PER_SEC);
    gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->store));
    g_object_unref (self->store);
    gtk_tree_view_expand_all (self->tree_view);

    if (keep != NULL &&
        vimana_snapshots_page_find (GTK_TREE_MODEL (self->store), NULL, keep, &iter))
        gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->tree_view), &iter);
    vimana_snapshots_page_update_buttons (self);
}

/* ---- reading ---- */

static void
vimana_snapshots_page_set_status (VimanaSnapshotsPage *self,
                                  const char          *message,
                                  gboolean             is_error)
{
    GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self->status_label));

    gtk_label_set_text (self->status_label, message != NULL ? message : "");
    gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
    if (is_error)
        gtk_style_context_add_class (context, "error");
    else
        gtk_style_context_remove_class (context, "error");
}

static void
vimana_snapshots_page_list_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    VimanaSnapshotsPage *self;

    snapshots = vimana_domain_list_snapshots_finish (VIMANA_DOMAIN (object), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_SNAPSHOTS_PAGE (user_data);
    self->loading--;
    if (snapshots == NULL)
        vimana_snapshots_page_set_status (self, error->message, TRUE);
    else
        vimana_snapshots_page_show_snapshots (self, snapshots);
    vimana_snapshots_page_update_buttons (self);
}

static void
vimana_snapshots_page_caps_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VimanaSnapshotCaps *caps;
    VimanaSnapshotsPage *self;

    caps = vimana_domain_fetch_snapshot_caps_finish (VIMANA_DOMAIN (object), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_SNAPSHOTS_PAGE (user_data);
    self->loading--;
    if (caps != NULL) {
        g_clear_pointer (&self->caps, vimana_snapshot_caps_free);
        g_clear_pointer (&self->linked_clones, g_strfreev);
        self->caps = caps;
        gtk_label_set_text (self->caps_label, caps->summary);
    } else {
        gtk_label_set_text (self->caps_label, error->message);
    }
    vimana_snapshots_page_update_buttons (self);
}

static void
vimana_snapshots_page_linked_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    GStrv clones = vimana_domain_read_linked_clones_finish (VIMANA_DOMAIN (object), result, &error);
    VimanaSnapshotsPage *self;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_SNAPSHOTS_PAGE (user_data);
    g_strfreev (self->linked_clones);
    self->linked_clones = clones;
}

/**
 * vimana_snapshots_page_refresh:
 * @self: a #VimanaSnapshotsPage
 *
 * Reads the guest's snapshots and what it can do again.
 */
void
vimana_snapshots_page_refresh (VimanaSnapshotsPage *self)
{
    g_return_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self));

    if (self->domain == NULL || vimana_domain_get_removed (self->domain))
        return;
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    self->loading = 2;
    vimana_domain_list_snapshots_async (self->domain, self->cancellable,
                                        vimana_snapshots_page_list_cb, self);
    vimana_domain_fetch_snapshot_caps_async (self->domain, self->cancellable,
                                             vimana_snapshots_page_caps_cb, self);
    vimana_domain_read_linked_clones_async (self->domain, self->cancellable,
                                            vimana_snapshots_page_linked_cb, self);
    vimana_snapshots_page_update_buttons (self);
}

/* ---- actions ---- */

typedef enum
{
    VIMANA_SNAPSHOTS_ACT_TAKE,
    VIMANA_SNAPSHOTS_ACT_REVERT,
    VIMANA_SNAPSHOTS_ACT_DELETE,
    VIMANA_SNAPSHOTS_ACT_EDIT,
} VimanaSnapshotsAct;

typedef struct
{
    VimanaSnapshotsPage *self;   /* a strong reference: the page outlives the call */
    VimanaSnapshotsAct   act;
    char                *name;
} VimanaSnapshotsCall;

static VimanaSnapshotsCall *
vimana_snapshots_call_new (VimanaSnapshotsPage *self,
                           VimanaSnapshotsAct   act,
                           const char          *name)
{
    VimanaSnapshotsCall *call = g_new0 (VimanaSnapshotsCall, 1);

    call->self = g_object_ref (self);
    call->act = act;
    call->name = g_strdup (name);
    self->acting++;
    vimana_snapshots_page_update_buttons (self);
    return call;
}

static void
vimana_snapshots_page_act_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    VimanaSnapshotsCall *call = user_data;
    VimanaSnapshotsPage *self = call->self;
    VimanaDomain *domain = VIMANA_DOMAIN (object);
    g_autoptr(GError) error = NULL;
    g_autofree char *safety = NULL;
    g_autofree char *message = NULL;
    gboolean ok = FALSE;

    switch (call->act) {
    case VIMANA_SNAPSHOTS_ACT_TAKE:
        ok = vimana_domain_create_snapshot_finish (domain, result, &error);
        message = g_strdup_printf (_("Snapshot “%s” taken."), call->name);
        break;
    case VIMANA_SNAPSHOTS_ACT_REVERT:
        safety = vimana_domain_revert_snapshot_finish (domain, result, &error);
        ok = safety != NULL;
        /* Translators: the first %s is the snapshot reverted to, the second the safety one. */
        message = g_strdup_printf (_("Reverted to “%s”. The state before is kept as snapshot "
                                     "“%s”."), call->name, safety);
        break;
    case VIMANA_SNAPSHOTS_ACT_DELETE:
        ok = vimana_domain_delete_snapshot_finish (domain, result, &error);
        message = g_strdup (_("Deleted."));
        break;
    case VIMANA_SNAPSHOTS_ACT_EDIT:
        ok = vimana_domain_edit_snapshot_finish (domain, result, &error);
        message = g_strdup_printf (_("Snapshot “%s” changed."), call->name);
        break;
    default:
        g_assert_not_reached ();
    }

    self->acting--;
    vimana_snapshots_page_set_status (self, ok ? message : error->message, !ok);
    vimana_snapshots_page_refresh (self);
    vimana_snapshots_page_update_buttons (self);
    g_object_unref (call->self);
    g_free (call->name);
    g_free (call);
}

static void
vimana_snapshots_page_close_dialog (VimanaSnapshotsPage *self)
{
    if (self->dialog != NULL)
        gtk_widget_destroy (GTK_WIDGET (self->dialog));
    self->dialog = NULL;
    g_clear_pointer (&self->pending, g_free);
    vimana_snapshots_page_update_buttons (self);
}

static GtkWindow *
vimana_snapshots_page_toplevel (VimanaSnapshotsPage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

    return GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL;
}

static void
vimana_snapshots_page_snapshot_dialog_response_cb (VimanaSnapshotDialog *dialog,
                                                   int                   response,
                                                   VimanaSnapshotsPage  *self)
{
    g_autoptr(VimanaSnapshotSpec) spec = NULL;
    VimanaSnapshot *editing;

    if (response != GTK_RESPONSE_OK) {
        vimana_snapshots_page_close_dialog (self);
        return;
    }
    /* The OK button is off while the name is wrong; Enter in a field still gets here. */
    if (!vimana_snapshot_dialog_is_valid (dialog))
        return;

    spec = vimana_snapshot_dialog_get_spec (dialog);
    editing = vimana_snapshot_dialog_get_editing (dialog);
    if (editing != NULL)
        vimana_domain_edit_snapshot_async (self->domain, vimana_snapshot_get_name (editing),
                                           spec->name, spec->description, NULL,
                                           vimana_snapshots_page_act_cb,
                                           vimana_snapshots_call_new (self,
                                                                      VIMANA_SNAPSHOTS_ACT_EDIT,
                                                                      spec->name));
    else
        vimana_domain_create_snapshot_async (self->domain, spec, NULL,
                                             vimana_snapshots_page_act_cb,
                                             vimana_snapshots_call_new (self,
                                                                        VIMANA_SNAPSHOTS_ACT_TAKE,
                                                                        spec->name));
    vimana_snapshots_page_close_dialog (self);
}

static void
vimana_snapshots_page_open_snapshot_dialog (VimanaSnapshotsPage *self,
                                            VimanaSnapshot      *editing)
{
    g_autoptr(GPtrArray) none = g_ptr_array_new ();
    VimanaSnapshotDialog *dialog;

    dialog = vimana_snapshot_dialog_new (vimana_snapshots_page_toplevel (self),
                                         self->snapshots != NULL ? self->snapshots : none,
                                         self->caps, editing);
    self->dialog = GTK_DIALOG (dialog);
    g_signal_connect (dialog, "response",
                      G_CALLBACK (vimana_snapshots_page_snapshot_dialog_response_cb), self);
    gtk_window_present (GTK_WINDOW (dialog));
    vimana_snapshots_page_update_buttons (self);
}

static void
vimana_snapshots_page_take_clicked_cb (VimanaSnapshotsPage *self)
{
    vimana_snapshots_page_open_snapshot_dialog (self, NULL);
}

static void
vimana_snapshots_page_edit_clicked_cb (VimanaSnapshotsPage *self)
{
    VimanaSnapshot *selected = vimana_snapshots_page_get_selected (self);

    if (selected != NULL)
        vimana_snapshots_page_open_snapshot_dialog (self, selected);
}

static void
vimana_snapshots_page_revert_response_cb (GtkDialog           *dialog,
                                          int                  response,
                                          VimanaSnapshotsPage *self)
{
    g_autofree char *name = g_steal_pointer (&self->pending);

    if (response == GTK_RESPONSE_ACCEPT && name != NULL)
        vimana_domain_revert_snapshot_async (self->domain, name, NULL,
                                             vimana_snapshots_page_act_cb,
                                             vimana_snapshots_call_new (self,
                                                                        VIMANA_SNAPSHOTS_ACT_REVERT,
                                                                        name));
    vimana_snapshots_page_close_dialog (self);
}

static const char *
vimana_snapshots_page_state_after (VimanaSnapshot *snapshot)
{
    switch (vimana_snapshot_get_state (snapshot)) {
    case VIMANA_SNAPSHOT_STATE_RUNNING:
        return _("The guest will be running, as it was when the snapshot was taken.");
    case VIMANA_SNAPSHOT_STATE_PAUSED:
        return _("The guest will be paused, as it was when the snapshot was taken.");
    case VIMANA_SNAPSHOT_STATE_SHUTOFF:
    case VIMANA_SNAPSHOT_STATE_DISK_SNAPSHOT:
    case VIMANA_SNAPSHOT_STATE_OTHER:
    default:
        return _("The guest will be off: the snapshot holds no memory.");
    }
}

/* What the revert changes in the definition, as lines for the confirmation (see
 * vimana_snapshot_config_diff). */
static char *
vimana_snapshots_page_changes_text (VimanaSnapshot *snapshot)
{
    GPtrArray *changes = vimana_snapshot_get_revert_changes (snapshot);
    GString *text;

    if (changes == NULL)
        return g_strdup (_("What this revert changes in the configuration is not known."));
    if (changes->len == 0)
        return g_strdup (_("The configuration is the same as today’s."));
    text = g_string_new (_("The configuration changes back:"));
    for (guint i = 0; i < changes->len; i++)
        g_string_append_printf (text, "\n• %s", (const char *) changes->pdata[i]);
    return g_string_free (text, FALSE);
}

static void
vimana_snapshots_page_revert_clicked_cb (VimanaSnapshotsPage *self)
{
    VimanaSnapshot *selected = vimana_snapshots_page_get_selected (self);
    g_autofree char *changes = NULL;
    GtkWidget *dialog;

    if (selected == NULL)
        return;
    changes = vimana_snapshots_page_changes_text (selected);
    dialog = gtk_message_dialog_new (vimana_snapshots_page_toplevel (self),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                     _("Revert “%s” to snapshot “%s”?"),
                                     vimana_domain_get_name (self->domain),
                                     vimana_snapshot_get_name (selected));
    if (self->linked_clones != NULL) {
        g_autofree char *names = g_strjoinv (", ", self->linked_clones);
        g_autofree char *base = g_strdup_printf (
            /* Translators: %s is a list of guests' names. */
            ngettext ("The linked clone %s reads its disk from this guest’s images: reverting "
                      "changes them and breaks it.",
                      "The linked clones %s read their disks from this guest’s images: reverting "
                      "changes them and breaks those clones.",
                      g_strv_length (self->linked_clones)), names);

        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s %s\n\n%s\n\n%s",
                                                  _("A safety snapshot of the current state is "
                                                    "taken first, so this revert can be undone."),
                                                  vimana_snapshots_page_state_after (selected),
                                                  changes, base);
    } else {
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s %s\n\n%s",
                                                  _("A safety snapshot of the current state is "
                                                    "taken first, so this revert can be undone."),
                                                  vimana_snapshots_page_state_after (selected),
                                                  changes);
    }
    gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("_Revert"), GTK_RESPONSE_ACCEPT, NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    self->pending = g_strdup (vimana_snapshot_get_name (selected));
    self->dialog = GTK_DIALOG (dialog);
    g_signal_connect (dialog, "response", G_CALLBACK (vimana_snapshots_page_revert_response_cb),
                      self);
    gtk_window_present (GTK_WINDOW (dialog));
    vimana_snapshots_page_update_buttons (self);
}

static void
vimana_snapshots_page_delete_response_cb (GtkDialog           *dialog,
                                          int                  response,
                                          VimanaSnapshotsPage *self)
{
    g_autofree char *name = g_steal_pointer (&self->pending);
    VimanaSnapshotDeleteMode mode;

    switch (response) {
    case VIMANA_SNAPSHOTS_RESPONSE_DELETE_ONE:
        mode = VIMANA_SNAPSHOT_DELETE_ONE;
        break;
    case VIMANA_SNAPSHOTS_RESPONSE_DELETE_WITH_CHILDREN:
        mode = VIMANA_SNAPSHOT_DELETE_WITH_CHILDREN;
        break;
    case VIMANA_SNAPSHOTS_RESPONSE_DELETE_CHILDREN_ONLY:
        mode = VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY;
        break;
    default:
        vimana_snapshots_page_close_dialog (self);
        return;
    }
    vimana_domain_delete_snapshot_async (self->domain, name, mode, NULL,
                                         vimana_snapshots_page_act_cb,
                                         vimana_snapshots_call_new (self,
                                                                    VIMANA_SNAPSHOTS_ACT_DELETE,
                                                                    name));
    vimana_snapshots_page_close_dialog (self);
}

static void
vimana_snapshots_page_delete_clicked_cb (VimanaSnapshotsPage *self)
{
    VimanaSnapshot *selected = vimana_snapshots_page_get_selected (self);
    GtkWidget *dialog;
    guint below;

    if (selected == NULL)
        return;
    below = vimana_snapshot_count_descendants (selected);
    dialog = gtk_message_dialog_new (vimana_snapshots_page_toplevel (self),
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Delete snapshot “%s”?"),
                                     vimana_snapshot_get_name (selected));
    if (below > 0)
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                  ngettext ("It has %u snapshot below it. "
                                                            "Deleting cannot be undone.",
                                                            "It has %u snapshots below it. "
                                                            "Deleting cannot be undone.", below),
                                                  below);
    else
        gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                  _("Deleting cannot be undone."));
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    if (below > 0) {
        gtk_dialog_add_button (GTK_DIALOG (dialog), _("Delete C_hildren Only"),
                               VIMANA_SNAPSHOTS_RESPONSE_DELETE_CHILDREN_ONLY);
        gtk_dialog_add_button (GTK_DIALOG (dialog), _("Delete _with Children"),
                               VIMANA_SNAPSHOTS_RESPONSE_DELETE_WITH_CHILDREN);
    }
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Delete"),
                           VIMANA_SNAPSHOTS_RESPONSE_DELETE_ONE);
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    self->pending = g_strdup (vimana_snapshot_get_name (selected));
    self->dialog = GTK_DIALOG (dialog);
    g_signal_connect (dialog, "response", G_CALLBACK (vimana_snapshots_page_delete_response_cb),
                      self);
    gtk_window_present (GTK_WINDOW (dialog));
    vimana_snapshots_page_update_buttons (self);
}

static void
vimana_snapshots_page_selection_changed_cb (VimanaSnapshotsPage *self)
{
    vimana_snapshots_page_update_buttons (self);
}

static void
vimana_snapshots_page_row_activated_cb (VimanaSnapshotsPage *self)
{
    if (gtk_widget_get_sensitive (GTK_WIDGET (self->edit_button)))
        vimana_snapshots_page_edit_clicked_cb (self);
}

static void
vimana_snapshots_page_domain_notify_cb (GObject    *domain,
                                        GParamSpec *pspec,
                                        gpointer    user_data)
{
    VimanaSnapshotsPage *self = user_data;

    /* A revert (from here or elsewhere) and a start or stop change the state; what the guest
     * can do depends on it too. */
    if (g_str_equal (pspec->name, "state") || g_str_equal (pspec->name, "removed"))
        vimana_snapshots_page_refresh (self);
    vimana_snapshots_page_update_buttons (self);
}

/* ---- the object ---- */

/* Fixed-width columns and fixed-height rows: the view then measures only the rows it shows,
 * so a guest with hundreds of snapshots draws as fast as one with ten (bench-snapshots). */
static void
vimana_snapshots_page_add_column (VimanaSnapshotsPage *self,
                                  const char          *title,
                                  int                  column,
                                  int                  width,
                                  gboolean             expand)
{
    GtkCellRenderer *renderer = gtk_cell_renderer_text_new ();
    GtkTreeViewColumn *view_column;

    view_column = gtk_tree_view_column_new_with_attributes (title, renderer, "text", column, NULL);
    if (column == VIMANA_SNAPSHOTS_COL_NAME)
        gtk_tree_view_column_add_attribute (view_column, renderer, "weight",
                                            VIMANA_SNAPSHOTS_COL_WEIGHT);
    g_object_set (renderer, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
    gtk_tree_view_column_set_expand (view_column, expand);
    gtk_tree_view_column_set_sizing (view_column, GTK_TREE_VIEW_COLUMN_FIXED);
    gtk_tree_view_column_set_fixed_width (view_column, width);
    gtk_tree_view_column_set_resizable (view_column, TRUE);
    gtk_tree_view_append_column (self->tree_view, view_column);
}

static void
vimana_snapshots_page_dispose (GObject *object)
{
    VimanaSnapshotsPage *self = VIMANA_SNAPSHOTS_PAGE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->dialog != NULL)
        gtk_widget_destroy (GTK_WIDGET (self->dialog));
    self->dialog = NULL;
    g_clear_pointer (&self->pending, g_free);
    g_clear_pointer (&self->snapshots, g_ptr_array_unref);
    g_clear_pointer (&self->caps, vimana_snapshot_caps_free);
    g_clear_pointer (&self->linked_clones, g_strfreev);
    g_clear_object (&self->store);
    g_clear_object (&self->domain);

    G_OBJECT_CLASS (vimana_snapshots_page_parent_class)->dispose (object);
}

static void
vimana_snapshots_page_class_init (VimanaSnapshotsPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_snapshots_page_dispose;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-snapshots-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, caps_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, status_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, take_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, revert_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, edit_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, delete_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, spinner);
    gtk_widget_class_bind_template_child (widget_class, VimanaSnapshotsPage, tree_view);
    gtk_widget_class_bind_template_callback (widget_class, vimana_snapshots_page_take_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_snapshots_page_revert_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_snapshots_page_edit_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_snapshots_page_delete_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_snapshots_page_selection_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_snapshots_page_row_activated_cb);
}

static void
vimana_snapshots_page_init (VimanaSnapshotsPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->store = gtk_tree_store_new (VIMANA_SNAPSHOTS_N_COLS, VIMANA_TYPE_SNAPSHOT,
                                      G_TYPE_STRING, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                      G_TYPE_STRING, G_TYPE_STRING);
    gtk_tree_view_set_model (self->tree_view, GTK_TREE_MODEL (self->store));
    vimana_snapshots_page_add_column (self, _("Name"), VIMANA_SNAPSHOTS_COL_NAME, 260, FALSE);
    vimana_snapshots_page_add_column (self, _("Current"), VIMANA_SNAPSHOTS_COL_CURRENT, 80,
                                      FALSE);
    vimana_snapshots_page_add_column (self, _("Age"), VIMANA_SNAPSHOTS_COL_AGE, 120, FALSE);
    vimana_snapshots_page_add_column (self, _("State"), VIMANA_SNAPSHOTS_COL_STATE, 100, FALSE);
    vimana_snapshots_page_add_column (self, _("Kind"), VIMANA_SNAPSHOTS_COL_KIND, 170, FALSE);
    vimana_snapshots_page_add_column (self, C_("snapshot", "Size"), VIMANA_SNAPSHOTS_COL_SIZE, 90, FALSE);
    gtk_tree_view_set_tooltip_column (self->tree_view, VIMANA_SNAPSHOTS_COL_TOOLTIP);
    vimana_snapshots_page_add_column (self, _("Description"), VIMANA_SNAPSHOTS_COL_DESCRIPTION,
                                      200, TRUE);
    gtk_tree_view_set_fixed_height_mode (self->tree_view, TRUE);
    gtk_tree_view_set_search_column (self->tree_view, VIMANA_SNAPSHOTS_COL_NAME);
    gtk_widget_set_sensitive (GTK_WIDGET (self->take_button), FALSE);
}

GtkWidget *
vimana_snapshots_page_new (void)
{
    return g_object_new (VIMANA_TYPE_SNAPSHOTS_PAGE, NULL);
}

void
vimana_snapshots_page_set_domain (VimanaSnapshotsPage *self,
                                  VimanaDomain        *domain)
{
    g_return_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self));
    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (self->domain == NULL);

    self->domain = g_object_ref (domain);
    g_signal_connect_object (domain, "notify",
                             G_CALLBACK (vimana_snapshots_page_domain_notify_cb), self, 0);
    vimana_snapshots_page_refresh (self);
}

/* Returns: whether a listing or an action is on its way, or a dialog is open */
gboolean
vimana_snapshots_page_is_busy (VimanaSnapshotsPage *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), FALSE);
    return self->loading > 0 || self->acting > 0;
}

GtkTreeView *
vimana_snapshots_page_get_tree_view (VimanaSnapshotsPage *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), NULL);
    return self->tree_view;
}

/* Returns: the line that says what this guest can do here and why */
const char *
vimana_snapshots_page_get_caps_text (VimanaSnapshotsPage *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), NULL);
    return gtk_label_get_text (self->caps_label);
}

/* Returns: (nullable): the last action's result or error, %NULL when none is shown */
const char *
vimana_snapshots_page_get_status (VimanaSnapshotsPage *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), NULL);
    return gtk_widget_get_visible (GTK_WIDGET (self->status_label))
           ? gtk_label_get_text (self->status_label) : NULL;
}

/* Returns: whether a snapshot called @name is in the tree; it is then selected */
gboolean
vimana_snapshots_page_select (VimanaSnapshotsPage *self,
                              const char          *name)
{
    GtkTreeIter iter;

    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), FALSE);

    if (!vimana_snapshots_page_find (GTK_TREE_MODEL (self->store), NULL, name, &iter))
        return FALSE;
    gtk_tree_selection_select_iter (gtk_tree_view_get_selection (self->tree_view), &iter);
    return TRUE;
}

/* Returns: (nullable) (transfer none): the dialog the page has open */
GtkDialog *
vimana_snapshots_page_get_dialog (VimanaSnapshotsPage *self)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), NULL);
    return self->dialog;
}

/* @which: "take", "revert", "edit" or "delete" */
GtkWidget *
vimana_snapshots_page_get_button (VimanaSnapshotsPage *self,
                                  const char          *which)
{
    g_return_val_if_fail (VIMANA_IS_SNAPSHOTS_PAGE (self), NULL);

    if (g_str_equal (which, "take"))
        return GTK_WIDGET (self->take_button);
    if (g_str_equal (which, "revert"))
        return GTK_WIDGET (self->revert_button);
    if (g_str_equal (which, "edit"))
        return GTK_WIDGET (self->edit_button);
    if (g_str_equal (which, "delete"))
        return GTK_WIDGET (self->delete_button);
    return NULL;
}
