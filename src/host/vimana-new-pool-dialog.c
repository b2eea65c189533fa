/* vimana-new-pool-dialog.c: a new storage pool of any type the host can make
 *
 * The type chooser lists the six types of VimanaPoolSpec; those the host's storage pool
 * capabilities (asked on the worker) do not report stay listed, insensitive, with the reason.
 * Each type shows its own fields; core's rule (vimana_pool_spec_check(), and for a folder on
 * this machine vimana_storage_pool_check_dir()) checks them as typed, with the reason under the
 * field at fault, and Create waits. Core checks again on the worker before libvirt is asked.
 * Find… (NFS, iSCSI, LVM) asks the host what the server offers, off the main loop and off the
 * connection's worker (a server that does not answer can take minutes); what it found is offered
 * in a drop-down that fills the field, and its failure is said beside the host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-pool-dialog"

#include "config.h"

#include "vimana-new-pool-dialog.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-field-error.h"

enum
{
    COLUMN_LABEL,
    COLUMN_SENSITIVE,
    COLUMN_KIND,
};

#define N_KINDS 6

struct _VimanaNewPoolDialog
{
    GtkDialog         parent_instance;

    /* template widgets */
    GtkComboBox      *type_combo;
    GtkLabel         *type_note;
    GtkEntry         *name_entry;
    GtkLabel         *name_error;
    GtkWidget        *host_label;
    GtkEntry         *host_entry;
    GtkLabel         *host_error;
    GtkLabel         *source_label;
    GtkEntry         *source_entry;
    GtkLabel         *source_error;
    GtkWidget        *find_button;
    GtkWidget        *found_label;
    GtkComboBoxText  *found_combo;
    GtkWidget        *find_status_box;
    GtkSpinner       *find_spinner;
    GtkLabel         *find_status;
    GtkWidget        *path_label;
    GtkEntry         *path_entry;
    GtkLabel         *path_error;
    GtkLabel         *error_label;
    GtkWidget        *create_button;

    /* owned references */
    VimanaConnection *connection;
    GCancellable     *cancellable;
    GCancellable     *find_cancellable;
    GtkListStore     *kinds;

    gboolean          supported[N_KINDS];
    gboolean          kinds_loaded;
    gboolean          creating;
    gboolean          finding;
    gboolean          filling_found;
};

G_DEFINE_FINAL_TYPE (VimanaNewPoolDialog, vimana_new_pool_dialog, GTK_TYPE_DIALOG)

static const char *
kind_title (VimanaPoolKind kind)
{
    switch (kind) {
    case VIMANA_POOL_KIND_FS:
        return _("File system on a device");
    case VIMANA_POOL_KIND_NETFS:
        return _("NFS share");
    case VIMANA_POOL_KIND_LOGICAL:
        return _("LVM volume group");
    case VIMANA_POOL_KIND_ISCSI:
        return _("iSCSI target");
    case VIMANA_POOL_KIND_DISK:
        return _("Whole disk");
    case VIMANA_POOL_KIND_DIR:
    default:
        return _("Folder");
    }
}

static VimanaPoolKind
vimana_new_pool_dialog_kind (VimanaNewPoolDialog *self)
{
    GtkTreeIter iter;
    int kind = VIMANA_POOL_KIND_DIR;

    if (gtk_combo_box_get_active_iter (self->type_combo, &iter))
        gtk_tree_model_get (GTK_TREE_MODEL (self->kinds), &iter, COLUMN_KIND, &kind, -1);
    return (VimanaPoolKind) kind;
}

/* The kinds' rows as the host's answer (or its silence) says; @known: whether it answered. */
static void
vimana_new_pool_dialog_fill_kinds (VimanaNewPoolDialog *self,
                                   gboolean             known)
{
    GtkTreeIter iter;
    VimanaPoolKind active = vimana_new_pool_dialog_kind (self);

    gtk_list_store_clear (self->kinds);
    for (int kind = 0; kind < N_KINDS; kind++) {
        g_autofree char *text = NULL;

        if (self->supported[kind])
            text = g_strdup (kind_title (kind));
        else if (!self->kinds_loaded)
            text = g_strdup_printf (_("%s (asking the host…)"), kind_title (kind));
        else if (known)
            text = g_strdup_printf (_("%s (this host’s libvirt cannot make these)"),
                                    kind_title (kind));
        else
            text = g_strdup_printf (_("%s (this connection does not say it can make these)"),
                                    kind_title (kind));
        gtk_list_store_insert_with_values (self->kinds, &iter, -1, COLUMN_LABEL, text,
                                           COLUMN_SENSITIVE, self->supported[kind],
                                           COLUMN_KIND, kind, -1);
    }
    if (!self->supported[active])
        active = VIMANA_POOL_KIND_DIR;
    gtk_combo_box_set_active (self->type_combo, self->supported[active] ? (int) active : -1);
    if (!self->kinds_loaded)
        gtk_label_set_text (self->type_note, _("Asking the host which types it can make…"));
    else if (known)
        gtk_label_set_text (self->type_note, "");
    else
        gtk_label_set_text (self->type_note,
                            _("This connection does not say which pool types it can make: only "
                              "a folder is offered."));
    gtk_widget_set_visible (GTK_WIDGET (self->type_note),
                            *gtk_label_get_text (self->type_note) != '\0');
}

/* Shows the fields @kind uses, with the words that fit it. */
static void
vimana_new_pool_dialog_show_fields (VimanaNewPoolDialog *self)
{
    VimanaPoolKind kind = vimana_new_pool_dialog_kind (self);
    gboolean host = kind == VIMANA_POOL_KIND_NETFS || kind == VIMANA_POOL_KIND_ISCSI;
    gboolean source = kind != VIMANA_POOL_KIND_DIR;
    gboolean target = kind == VIMANA_POOL_KIND_DIR || kind == VIMANA_POOL_KIND_FS
                      || kind == VIMANA_POOL_KIND_NETFS;
    const char *source_text = _("_Device");
    const char *source_hint = "/dev/sdb1";

    switch (kind) {
    case VIMANA_POOL_KIND_NETFS:
        source_text = _("_Export");
        source_hint = "/srv/nfs/images";
        break;
    case VIMANA_POOL_KIND_LOGICAL:
        source_text = _("_Volume group");
        source_hint = "vg0";
        break;
    case VIMANA_POOL_KIND_ISCSI:
        source_text = _("_Target IQN");
        source_hint = "iqn.2024-01.com.example:disk1";
        break;
    case VIMANA_POOL_KIND_DISK:
        source_hint = "/dev/sdb";
        break;
    case VIMANA_POOL_KIND_FS:
    case VIMANA_POOL_KIND_DIR:
    default:
        break;
    }
    gtk_label_set_text_with_mnemonic (self->source_label, source_text);
    /* The field is named as its label reads for this type. */
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->source_entry)),
                         gtk_label_get_text (self->source_label));
    gtk_entry_set_placeholder_text (self->source_entry, source_hint);
    gtk_widget_set_visible (self->host_label, host);
    gtk_widget_set_visible (GTK_WIDGET (self->host_entry), host);
    gtk_widget_set_visible (GTK_WIDGET (self->source_label), source);
    gtk_widget_set_visible (GTK_WIDGET (self->source_entry), source);
    gtk_widget_set_visible (self->path_label, target);
    gtk_widget_set_visible (GTK_WIDGET (self->path_entry), target);
    gtk_widget_set_visible (self->find_button, kind == VIMANA_POOL_KIND_NETFS
                            || kind == VIMANA_POOL_KIND_ISCSI || kind == VIMANA_POOL_KIND_LOGICAL);
    gtk_widget_set_tooltip_text (self->find_button,
                                 kind == VIMANA_POOL_KIND_NETFS ? _("List the server’s NFS exports")
                                 : kind == VIMANA_POOL_KIND_ISCSI ? _("List the server’s iSCSI targets")
                                 : _("List this host’s volume groups"));
}

/* Forgets what Find… found or is looking for: the kind or the server changed. */
static void
vimana_new_pool_dialog_forget_found (VimanaNewPoolDialog *self)
{
    g_cancellable_cancel (self->find_cancellable);
    g_clear_object (&self->find_cancellable);
    self->finding = FALSE;
    gtk_spinner_stop (self->find_spinner);
    gtk_widget_hide (GTK_WIDGET (self->find_spinner));
    gtk_widget_set_sensitive (self->find_button, TRUE);
    self->filling_found = TRUE;
    gtk_combo_box_text_remove_all (self->found_combo);
    self->filling_found = FALSE;
    gtk_widget_hide (self->found_label);
    gtk_widget_hide (GTK_WIDGET (self->found_combo));
    gtk_widget_hide (self->find_status_box);
}

static GtkLabel *
vimana_new_pool_dialog_error_for (VimanaNewPoolDialog *self,
                                  VimanaPoolField      field,
                                  GtkWidget          **entry)
{
    switch (field) {
    case VIMANA_POOL_FIELD_TARGET:
        *entry = GTK_WIDGET (self->path_entry);
        return self->path_error;
    case VIMANA_POOL_FIELD_HOST:
        *entry = GTK_WIDGET (self->host_entry);
        return self->host_error;
    case VIMANA_POOL_FIELD_SOURCE:
        *entry = GTK_WIDGET (self->source_entry);
        return self->source_error;
    case VIMANA_POOL_FIELD_NAME:
    default:
        *entry = GTK_WIDGET (self->name_entry);
        return self->name_error;
    }
}

static gboolean
vimana_new_pool_dialog_check (VimanaNewPoolDialog *self)
{
    VimanaPoolSpec spec = {
        .kind = vimana_new_pool_dialog_kind (self),
        .name = gtk_entry_get_text (self->name_entry),
        .target = gtk_entry_get_text (self->path_entry),
        .host = gtk_entry_get_text (self->host_entry),
        .source = gtk_entry_get_text (self->source_entry),
    };
    g_autoptr(GError) error = NULL;
    VimanaPoolField field = VIMANA_POOL_FIELD_NAME;
    gboolean path_field = FALSE;
    GtkWidget *entry;
    GtkLabel *label;
    gboolean ok;

    if (self->connection == NULL)   /* the template being filled in */
        return FALSE;
    for (int f = VIMANA_POOL_FIELD_NAME; f <= VIMANA_POOL_FIELD_SOURCE; f++) {
        label = vimana_new_pool_dialog_error_for (self, f, &entry);
        vimana_field_error_set (entry, label, NULL);
    }
    ok = self->supported[spec.kind] && vimana_pool_spec_check (&spec, &field, &error);
    if (ok && spec.kind == VIMANA_POOL_KIND_DIR) {
        ok = vimana_storage_pool_check_dir (spec.name, spec.target,
                                            vimana_connection_is_local (self->connection),
                                            &path_field, &error);
        field = path_field ? VIMANA_POOL_FIELD_TARGET : VIMANA_POOL_FIELD_NAME;
    }
    if (ok && vimana_connection_find_storage_pool (self->connection, spec.name) != NULL) {
        g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("There is already a storage pool “%s”; choose another name."), spec.name);
        field = VIMANA_POOL_FIELD_NAME;
        ok = FALSE;
    }
    if (error != NULL) {
        label = vimana_new_pool_dialog_error_for (self, field, &entry);
        vimana_field_error_set_error (entry, label, error);
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
vimana_new_pool_dialog_host_changed_cb (VimanaNewPoolDialog *self)
{
    vimana_new_pool_dialog_forget_found (self);
}

static void
vimana_new_pool_dialog_found_changed_cb (VimanaNewPoolDialog *self)
{
    g_autofree char *text = NULL;

    if (self->filling_found)
        return;
    text = gtk_combo_box_text_get_active_text (self->found_combo);
    if (text != NULL)
        gtk_entry_set_text (self->source_entry, text);   /* checked as if typed */
}

static void
vimana_new_pool_dialog_found_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) found = NULL;
    g_autofree char *status = NULL;
    VimanaNewPoolDialog *self;
    VimanaPoolKind kind;
    guint n;

    found = vimana_connection_find_pool_sources_finish (VIMANA_CONNECTION (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    kind = vimana_new_pool_dialog_kind (self);
    self->finding = FALSE;
    gtk_spinner_stop (self->find_spinner);
    gtk_widget_hide (GTK_WIDGET (self->find_spinner));
    gtk_widget_set_sensitive (self->find_button, TRUE);
    gtk_widget_show (self->find_status_box);
    if (found == NULL) {
        /* Beside the server when it is the server that failed to answer. */
        vimana_field_error_set_error (kind == VIMANA_POOL_KIND_LOGICAL
                                      ? GTK_WIDGET (self->source_entry)
                                      : GTK_WIDGET (self->host_entry),
                                      self->find_status, error);
        return;
    }
    n = g_strv_length (found);
    if (n == 0) {
        vimana_field_error_set_hint (GTK_WIDGET (self->source_entry), self->find_status,
                                     kind == VIMANA_POOL_KIND_NETFS ? _("The server offers no NFS exports.")
                                     : kind == VIMANA_POOL_KIND_ISCSI ? _("The server offers no iSCSI targets.")
                                     : _("This host has no volume groups."));
        return;
    }
    self->filling_found = TRUE;
    for (guint i = 0; i < n; i++)
        gtk_combo_box_text_append_text (self->found_combo, found[i]);
    self->filling_found = FALSE;
    gtk_widget_show (self->found_label);
    gtk_widget_show (GTK_WIDGET (self->found_combo));
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u found: choose it or type another.",
                                           "%u found: choose one or type another.", n), n);
    vimana_field_error_set_hint (GTK_WIDGET (self->source_entry), self->find_status, status);
    /* An empty field takes the first one; a typed one stays as typed. */
    if (*gtk_entry_get_text (self->source_entry) == '\0')
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->found_combo), 0);
}

static void
vimana_new_pool_dialog_find_cb (VimanaNewPoolDialog *self)
{
    VimanaPoolKind kind = vimana_new_pool_dialog_kind (self);
    const char *host = gtk_entry_get_text (self->host_entry);
    g_autofree char *status = NULL;

    if (kind != VIMANA_POOL_KIND_NETFS && kind != VIMANA_POOL_KIND_ISCSI
        && kind != VIMANA_POOL_KIND_LOGICAL)
        return;
    vimana_new_pool_dialog_forget_found (self);
    if (kind != VIMANA_POOL_KIND_LOGICAL) {
        /* Nothing typed is sent unchecked: a bad name is said beside it and nobody is asked. */
        if (*host == '\0') {
            vimana_field_error_set (GTK_WIDGET (self->host_entry), self->host_error,
                                    _("Type the server’s name or address first."));
            return;
        }
        if (!vimana_pool_check_host_name (host)) {
            status = g_strdup_printf (_("“%s” is not a host name or an address."), host);
            vimana_field_error_set (GTK_WIDGET (self->host_entry), self->host_error, status);
            return;
        }
        status = g_strdup_printf (kind == VIMANA_POOL_KIND_NETFS
                                  ? _("Asking %s for its NFS exports…")
                                  : _("Asking %s for its iSCSI targets…"), host);
    } else {
        status = g_strdup (_("Asking the host for its volume groups…"));
    }
    self->finding = TRUE;
    self->find_cancellable = g_cancellable_new ();
    gtk_widget_set_sensitive (self->find_button, FALSE);
    gtk_widget_show (GTK_WIDGET (self->find_spinner));
    gtk_spinner_start (self->find_spinner);
    gtk_widget_show (self->find_status_box);
    vimana_field_error_set_hint (GTK_WIDGET (self->source_entry), self->find_status, status);
    vimana_connection_find_pool_sources_async (self->connection, kind,
                                               kind != VIMANA_POOL_KIND_LOGICAL ? host : NULL,
                                               self->find_cancellable,
                                               vimana_new_pool_dialog_found_cb, self);
}

static void
vimana_new_pool_dialog_type_changed_cb (VimanaNewPoolDialog *self)
{
    vimana_new_pool_dialog_forget_found (self);
    vimana_new_pool_dialog_show_fields (self);
    vimana_new_pool_dialog_check (self);
}

static void
vimana_new_pool_dialog_kinds_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    gboolean supported[N_KINDS];
    gboolean known = FALSE;
    VimanaNewPoolDialog *self;

    if (!vimana_connection_get_pool_kinds_finish (VIMANA_CONNECTION (source), result, supported,
                                                  &known, &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        /* Nothing more is known than what every libvirt makes. */
        for (int kind = 0; kind < N_KINDS; kind++)
            supported[kind] = kind == VIMANA_POOL_KIND_DIR;
    }
    self = user_data;
    memcpy (self->supported, supported, sizeof self->supported);
    self->kinds_loaded = TRUE;
    vimana_new_pool_dialog_fill_kinds (self, known);
    vimana_new_pool_dialog_show_fields (self);
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

    pool = vimana_connection_create_pool_finish (VIMANA_CONNECTION (source), result, &error);
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
    VimanaPoolSpec spec;

    if (response != GTK_RESPONSE_OK) {
        gtk_widget_destroy (GTK_WIDGET (dialog));
        return;
    }
    gtk_widget_hide (GTK_WIDGET (self->error_label));
    if (self->creating || !vimana_new_pool_dialog_check (self))
        return;
    self->creating = TRUE;
    gtk_widget_set_sensitive (self->create_button, FALSE);
    spec = (VimanaPoolSpec) {
        .kind = vimana_new_pool_dialog_kind (self),
        .name = gtk_entry_get_text (self->name_entry),
        .target = gtk_entry_get_text (self->path_entry),
        .host = gtk_entry_get_text (self->host_entry),
        .source = gtk_entry_get_text (self->source_entry),
    };
    vimana_connection_create_pool_async (self->connection, &spec, self->cancellable,
                                         vimana_new_pool_dialog_created_cb, self);
}

static void
vimana_new_pool_dialog_dispose (GObject *object)
{
    VimanaNewPoolDialog *self = VIMANA_NEW_POOL_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_cancellable_cancel (self->find_cancellable);
    g_clear_object (&self->find_cancellable);
    g_clear_object (&self->connection);
    g_clear_object (&self->kinds);

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
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, type_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, type_note);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, name_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, name_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, host_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, host_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, host_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, source_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, source_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, source_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, find_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, found_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, found_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, find_status_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, find_spinner);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, find_status);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, path_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, path_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, path_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaNewPoolDialog, create_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_pool_dialog_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_pool_dialog_type_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_pool_dialog_find_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_pool_dialog_found_changed_cb);
}

static void
vimana_new_pool_dialog_init (VimanaNewPoolDialog *self)
{
    GtkCellRenderer *cell;

    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    g_signal_connect_swapped (self->host_entry, "changed",
                              G_CALLBACK (vimana_new_pool_dialog_host_changed_cb), self);
    self->kinds = gtk_list_store_new (3, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_INT);
    gtk_combo_box_set_model (self->type_combo, GTK_TREE_MODEL (self->kinds));
    cell = gtk_cell_renderer_text_new ();
    gtk_cell_layout_pack_start (GTK_CELL_LAYOUT (self->type_combo), cell, TRUE);
    gtk_cell_layout_set_attributes (GTK_CELL_LAYOUT (self->type_combo), cell,
                                    "text", COLUMN_LABEL, "sensitive", COLUMN_SENSITIVE, NULL);
    /* Until the host answers: a folder, which every libvirt makes. */
    self->supported[VIMANA_POOL_KIND_DIR] = TRUE;
    vimana_new_pool_dialog_fill_kinds (self, FALSE);
    vimana_new_pool_dialog_show_fields (self);
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
    vimana_connection_get_pool_kinds_async (connection, self->cancellable,
                                            vimana_new_pool_dialog_kinds_cb, self);
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

/* Returns: what is said under "name", "host", "source" or "path", or for the "dialog"; "" when nothing is */
const char *
vimana_new_pool_dialog_get_error (VimanaNewPoolDialog *self,
                                  const char          *field)
{
    GtkLabel *label;

    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), NULL);
    label = g_strcmp0 (field, "name") == 0 ? self->name_error
            : g_strcmp0 (field, "path") == 0 ? self->path_error
            : g_strcmp0 (field, "host") == 0 ? self->host_error
            : g_strcmp0 (field, "source") == 0 ? self->source_error
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

/* Returns: whether the host's answer on which pool types it makes has come */
gboolean
vimana_new_pool_dialog_get_kinds_loaded (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), FALSE);
    return self->kinds_loaded;
}

/* Chooses @kind as a user would. Returns: whether it is offered (else nothing changes) */
gboolean
vimana_new_pool_dialog_set_kind (VimanaNewPoolDialog *self,
                                 VimanaPoolKind       kind)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), FALSE);
    g_return_val_if_fail ((guint) kind < N_KINDS, FALSE);
    if (!self->supported[kind])
        return FALSE;
    gtk_combo_box_set_active (self->type_combo, (int) kind);
    return TRUE;
}

/* Types @host and @source (device, export, volume group or IQN) into the form. */
void
vimana_new_pool_dialog_fill_source (VimanaNewPoolDialog *self,
                                    const char          *host,
                                    const char          *source)
{
    g_return_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self));
    gtk_entry_set_text (self->host_entry, host);
    gtk_entry_set_text (self->source_entry, source);
}

/* Presses Find… as a user would. Returns: whether it asked the host (else the reason is beside
 *   the host) */
gboolean
vimana_new_pool_dialog_find (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), FALSE);
    if (!gtk_widget_get_visible (self->find_button) || !gtk_widget_get_sensitive (self->find_button))
        return FALSE;
    gtk_button_clicked (GTK_BUTTON (self->find_button));
    return self->finding;
}

/* Returns: whether Find… is waiting for the host */
gboolean
vimana_new_pool_dialog_get_finding (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), FALSE);
    return self->finding;
}

/* Returns: what Find… said (progress, what it found, or why it failed); "" when nothing */
const char *
vimana_new_pool_dialog_get_find_status (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), NULL);
    return gtk_widget_get_visible (self->find_status_box)
           && gtk_widget_get_visible (GTK_WIDGET (self->find_status))
           ? gtk_label_get_text (self->find_status) : "";
}

/* Returns: (transfer none): the found drop-down's entries */
GtkTreeModel *
vimana_new_pool_dialog_get_found (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), NULL);
    return gtk_combo_box_get_model (GTK_COMBO_BOX (self->found_combo));
}

/* Returns: the text of the source field (device, export, volume group or IQN) */
const char *
vimana_new_pool_dialog_get_source (VimanaNewPoolDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_POOL_DIALOG (self), NULL);
    return gtk_entry_get_text (self->source_entry);
}
