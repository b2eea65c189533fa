/* vimana-delete-dialog.c: the confirmation that deletes guests and lets the user pick their storage
 *
 * Which volumes a guest uses is only known by asking libvirt, so each guest's section starts
 * with a spinner and fills in when vimana_domain_list_volumes_async() returns; Delete stays
 * insensitive meanwhile, so what is deleted is always what the user saw. Installation media
 * and shared or read-only volumes start unchecked: other guests may still need them.
 *
 * A guest with snapshots gets a check box for their metadata (on: libvirt refuses to delete
 * the guest without it, which the note under an unchecked box says) and one per file its
 * external snapshots made that is not already among its volumes, from
 * vimana_domain_list_snapshot_leftovers_async(), answered after the volumes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-delete-dialog"

#include "config.h"

#include "vimana-delete-dialog.h"

#include <glib/gi18n.h>

#include "vimana-clone.h"
#include "vimana-disk-volume.h"
#include "vimana-format.h"
#include "vimana-snapshot.h"

typedef struct
{
    /* owned references */
    VimanaDomain *domain;
    GPtrArray    *volumes;       /* of VimanaDiskVolume, NULL until listed */
    gboolean      loading;
    gboolean      snapshots_loading;
    gboolean      is_base;       /* linked clones read its images */
    GPtrArray    *files;         /* (element-type utf8) snapshot files offered, parallel to
                                  * file_checks */

    /* borrowed references: widgets of the section */
    GtkBox          *box;
    GtkBox          *volumes_box;
    GPtrArray       *checks;     /* GtkToggleButton per volume, parallel to volumes */
    GtkBox          *snapshots_box;
    GtkToggleButton *metadata_check; /* NULL: no snapshots, or not known */
    GtkWidget       *metadata_note;
    GPtrArray       *file_checks; /* GtkToggleButton per file */
} VimanaDeleteSection;

struct _VimanaDeleteDialog
{
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel     *intro_label;
    GtkLabel     *volumes_hint_label;
    GtkBox       *sections_box;

    /* owned references */
    GPtrArray    *domains;       /* of VimanaDomain */
    GPtrArray    *sections;      /* of VimanaDeleteSection, parallel to domains; NULL once
                                  * disposed */
    GCancellable *cancellable;
    guint         n_loading;
};

G_DEFINE_FINAL_TYPE (VimanaDeleteDialog, vimana_delete_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_DOMAINS,
    PROP_LOADING,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vimana_delete_section_free (gpointer data)
{
    VimanaDeleteSection *section = data;

    g_clear_object (&section->domain);
    g_clear_pointer (&section->volumes, g_ptr_array_unref);
    g_clear_pointer (&section->checks, g_ptr_array_unref);
    g_clear_pointer (&section->files, g_ptr_array_unref);
    g_clear_pointer (&section->file_checks, g_ptr_array_unref);
    g_free (section);
}

static VimanaDeleteSection *
vimana_delete_dialog_find_section (VimanaDeleteDialog *self,
                                   VimanaDomain       *domain)
{
    if (self->sections == NULL)
        return NULL;
    for (guint i = 0; i < self->sections->len; i++) {
        VimanaDeleteSection *section = g_ptr_array_index (self->sections, i);

        if (section->domain == domain)
            return section;
    }
    return NULL;
}

static void
vimana_delete_dialog_set_n_loading (VimanaDeleteDialog *self,
                                    guint               n_loading)
{
    gboolean was_loading = self->n_loading > 0;

    self->n_loading = n_loading;
    gtk_dialog_set_response_sensitive (GTK_DIALOG (self), GTK_RESPONSE_ACCEPT, n_loading == 0);
    if (was_loading != (n_loading > 0))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static GtkWidget *
vimana_delete_dialog_new_note (const char *text,
                               const char *style_class)
{
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 56);
    gtk_style_context_add_class (gtk_widget_get_style_context (label), style_class);
    gtk_widget_show (label);
    return label;
}

static void
vimana_delete_dialog_add_volume (VimanaDeleteSection    *section,
                                 const VimanaDiskVolume *disk)
{
    VimanaStorageVolume *volume = disk->volume;
    g_autofree char *size = vimana_format_bytes (vimana_storage_volume_get_capacity (volume));
    g_autofree char *text = NULL;
    g_autofree char *name = NULL;
    const char *path = vimana_storage_volume_get_path (volume) != NULL
                           ? vimana_storage_volume_get_path (volume)
                           : vimana_storage_volume_get_name (volume);
    const char *note = NULL;
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    GtkWidget *check;
    GtkWidget *child;

    /* Translators: a storage volume of a guest: device name, file path, size. */
    text = g_strdup_printf (_("%s: %s (%s)"), disk->target ? disk->target : "?",
                            path ? path : "?", size);
    check = gtk_check_button_new_with_label (text);
    child = gtk_bin_get_child (GTK_BIN (check));
    /* The whole path, wrapped if need be: it says what is about to be deleted. */
    gtk_label_set_line_wrap (GTK_LABEL (child), TRUE);
    gtk_label_set_line_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (GTK_LABEL (child), 56);
    gtk_label_set_xalign (GTK_LABEL (child), 0.0);

    /* Translators: the accessible name of a check box; %s is a file path. */
    name = g_strdup_printf (_("Delete %s"), path ? path : "?");
    atk_object_set_name (gtk_widget_get_accessible (check), name);

    if (disk->is_cdrom)
        note = _("Installation media");
    else if (disk->shared)
        note = _("Shared or read-only; other guests may use it");
    /* A base's images are what its linked clones read: kept unless the user says otherwise. */
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), note == NULL && !section->is_base);
    gtk_container_add (GTK_CONTAINER (box), check);
    g_ptr_array_add (section->checks, check);

    if (note != NULL) {
        GtkWidget *label = vimana_delete_dialog_new_note (note, "dim-label");

        /* Line the note up with the check button's text, not its box. */
        gtk_widget_set_margin_start (label, 26);
        gtk_container_add (GTK_CONTAINER (box), label);
    }
    gtk_widget_show_all (box);
    gtk_container_add (GTK_CONTAINER (section->volumes_box), box);
}

static void
vimana_delete_dialog_destroy_widget_cb (GtkWidget *widget,
                                        gpointer   user_data)
{
    gtk_widget_destroy (widget);
}

static void
vimana_delete_dialog_list_volumes_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    g_autoptr(VimanaDeleteDialog) self = user_data;
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GError) error = NULL;
    VimanaDeleteSection *section;

    volumes = vimana_domain_list_volumes_finish (VIMANA_DOMAIN (source), result, &error);
    section = vimana_delete_dialog_find_section (self, VIMANA_DOMAIN (source));
    if (section == NULL || !section->loading)
        return; /* disposed meanwhile */
    section->loading = FALSE;

    gtk_container_foreach (GTK_CONTAINER (section->volumes_box),
                           vimana_delete_dialog_destroy_widget_cb, NULL);
    if (volumes == NULL) {
        g_autofree char *message =
            g_strdup_printf (_("The guest’s storage could not be listed: %s"), error->message);

        gtk_container_add (GTK_CONTAINER (section->volumes_box),
                           vimana_delete_dialog_new_note (message, "vimana-field-error"));
    } else if (volumes->len == 0) {
        const char *none = _("This guest has no storage in a storage pool.");

        gtk_container_add (GTK_CONTAINER (section->volumes_box),
                           vimana_delete_dialog_new_note (none, "dim-label"));
    } else {
        for (guint i = 0; i < volumes->len; i++)
            vimana_delete_dialog_add_volume (section, g_ptr_array_index (volumes, i));
        gtk_widget_show (GTK_WIDGET (self->volumes_hint_label));
    }
    section->volumes = g_steal_pointer (&volumes);

    vimana_delete_dialog_set_n_loading (self, self->n_loading - 1);
}

/* A check box whose label is the whole path, wrapped if need be: it says what is deleted. */
static GtkWidget *
vimana_delete_dialog_new_path_check (const char *text,
                                     const char *path)
{
    GtkWidget *check = gtk_check_button_new_with_label (text);
    GtkWidget *child = gtk_bin_get_child (GTK_BIN (check));
    g_autofree char *name = NULL;

    gtk_label_set_line_wrap (GTK_LABEL (child), TRUE);
    gtk_label_set_line_wrap_mode (GTK_LABEL (child), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (GTK_LABEL (child), 56);
    gtk_label_set_xalign (GTK_LABEL (child), 0.0);
    /* Translators: the accessible name of a check box; %s is a file path. */
    name = g_strdup_printf (_("Delete %s"), path);
    atk_object_set_name (gtk_widget_get_accessible (check), name);
    gtk_widget_show (check);
    return check;
}

static void
vimana_delete_dialog_metadata_toggled_cb (GtkToggleButton *check,
                                          gpointer         user_data)
{
    GtkWidget *note = user_data;

    gtk_widget_set_visible (note, !gtk_toggle_button_get_active (check));
}

static gboolean
vimana_delete_section_has_volume_path (VimanaDeleteSection *section,
                                       const char          *path)
{
    for (guint i = 0; section->volumes != NULL && i < section->volumes->len; i++) {
        const VimanaDiskVolume *disk = g_ptr_array_index (section->volumes, i);

        if (g_strcmp0 (vimana_storage_volume_get_path (disk->volume), path) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
vimana_delete_dialog_add_leftovers (VimanaDeleteSection     *section,
                                    VimanaSnapshotLeftovers *leftovers)
{
    g_autofree char *text = NULL;
    GtkWidget *check;

    if (leftovers->n_snapshots > 0) {
        /* Translators: a check box in the Delete guest dialog; %u is a number of snapshots. */
        text = g_strdup_printf (ngettext ("Delete its %u snapshot’s metadata",
                                          "Delete its %u snapshots’ metadata",
                                          leftovers->n_snapshots), leftovers->n_snapshots);
        check = gtk_check_button_new_with_label (text);
        atk_object_set_name (gtk_widget_get_accessible (check), text);
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), TRUE);
        gtk_widget_show (check);
        gtk_container_add (GTK_CONTAINER (section->snapshots_box), check);
        section->metadata_check = GTK_TOGGLE_BUTTON (check);

        section->metadata_note =
            vimana_delete_dialog_new_note (_("libvirt refuses to delete a guest that still has "
                                             "snapshots: without their metadata, deleting this "
                                             "guest fails."), "vimana-field-error");
        gtk_widget_set_margin_start (section->metadata_note, 26);
        gtk_widget_hide (section->metadata_note);
        gtk_container_add (GTK_CONTAINER (section->snapshots_box), section->metadata_note);
        g_signal_connect_object (check, "toggled",
                                 G_CALLBACK (vimana_delete_dialog_metadata_toggled_cb),
                                 section->metadata_note, 0);
    }

    for (guint i = 0; i < leftovers->files->len; i++) {
        const char *path = g_ptr_array_index (leftovers->files, i);

        /* The guest's current disks are offered with its volumes already. */
        if (vimana_delete_section_has_volume_path (section, path))
            continue;
        if (section->files->len == 0)
            gtk_container_add (GTK_CONTAINER (section->snapshots_box),
                               vimana_delete_dialog_new_note (
                                   _("Files of its external snapshots (overlays, memory states "
                                     "and the disk images under them), which libvirt leaves on "
                                     "disk; the checked ones are deleted:"), "dim-label"));
        /* Translators: a file of a snapshot, in the Delete guest dialog; %s is its path. */
        g_clear_pointer (&text, g_free);
        text = g_strdup_printf (_("Snapshot file: %s"), path);
        check = vimana_delete_dialog_new_path_check (text, path);
        /* A base's images are what its linked clones read: kept unless the user says otherwise. */
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), !section->is_base);
        gtk_container_add (GTK_CONTAINER (section->snapshots_box), check);
        g_ptr_array_add (section->files, g_strdup (path));
        g_ptr_array_add (section->file_checks, check);
    }
}

static void
vimana_delete_dialog_list_leftovers_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    g_autoptr(VimanaDeleteDialog) self = user_data;
    g_autoptr(VimanaSnapshotLeftovers) leftovers = NULL;
    g_autoptr(GError) error = NULL;
    VimanaDeleteSection *section;

    leftovers = vimana_domain_list_snapshot_leftovers_finish (VIMANA_DOMAIN (source), result,
                                                              &error);
    section = vimana_delete_dialog_find_section (self, VIMANA_DOMAIN (source));
    if (section == NULL || !section->snapshots_loading)
        return; /* disposed meanwhile */
    section->snapshots_loading = FALSE;

    if (leftovers == NULL) {
        /* Deleting still goes with the metadata (the default); only the files are unknown. */
        g_autofree char *message =
            g_strdup_printf (_("The guest’s snapshots could not be listed: %s"), error->message);

        gtk_container_add (GTK_CONTAINER (section->snapshots_box),
                           vimana_delete_dialog_new_note (message, "vimana-field-error"));
    } else {
        vimana_delete_dialog_add_leftovers (section, leftovers);
    }
    vimana_delete_dialog_set_n_loading (self, self->n_loading - 1);
}

static void
vimana_delete_dialog_linked_clones_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaDeleteDialog) self = user_data;
    g_auto(GStrv) clones = vimana_domain_read_linked_clones_finish (VIMANA_DOMAIN (source), result,
                                                                    NULL);
    VimanaDeleteSection *section = vimana_delete_dialog_find_section (self, VIMANA_DOMAIN (source));
    g_autofree char *names = NULL;
    g_autofree char *text = NULL;

    if (section == NULL || clones == NULL || self->cancellable == NULL ||
        g_cancellable_is_cancelled (self->cancellable))
        return;
    section->is_base = TRUE;
    for (guint i = 0; i < section->checks->len; i++)
        gtk_toggle_button_set_active (g_ptr_array_index (section->checks, i), FALSE);
    for (guint i = 0; i < section->file_checks->len; i++)
        gtk_toggle_button_set_active (g_ptr_array_index (section->file_checks, i), FALSE);
    names = g_strjoinv (", ", clones);
    /* Translators: %s is a list of guests' names. */
    text = g_strdup_printf (ngettext ("The linked clone %s reads its disk from this guest’s images: "
                                      "deleting them breaks it.",
                                      "The linked clones %s read their disks from this guest’s "
                                      "images: deleting them breaks those clones.",
                                      g_strv_length (clones)), names);
    gtk_container_add (GTK_CONTAINER (section->box),
                       vimana_delete_dialog_new_note (text, "vimana-field-error"));
}

static void
vimana_delete_dialog_add_section (VimanaDeleteDialog *self,
                                  VimanaDomain       *domain)
{
    VimanaDeleteSection *section = g_new0 (VimanaDeleteSection, 1);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *name = gtk_label_new (vimana_domain_get_name (domain));
    GtkWidget *volumes_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *snapshots_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *loading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *spinner = gtk_spinner_new ();
    PangoAttrList *attributes = pango_attr_list_new ();

    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    gtk_label_set_attributes (GTK_LABEL (name), attributes);
    pango_attr_list_unref (attributes);
    gtk_label_set_xalign (GTK_LABEL (name), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
    gtk_label_set_selectable (GTK_LABEL (name), TRUE);
    gtk_widget_set_can_focus (name, FALSE);
    gtk_container_add (GTK_CONTAINER (box), name);

    gtk_widget_set_margin_start (volumes_box, 12);
    gtk_spinner_start (GTK_SPINNER (spinner));
    gtk_container_add (GTK_CONTAINER (loading), spinner);
    gtk_container_add (GTK_CONTAINER (loading),
                       vimana_delete_dialog_new_note (_("Looking for storage…"), "dim-label"));
    gtk_container_add (GTK_CONTAINER (volumes_box), loading);
    gtk_container_add (GTK_CONTAINER (box), volumes_box);
    gtk_widget_set_margin_start (snapshots_box, 12);
    gtk_container_add (GTK_CONTAINER (box), snapshots_box);
    gtk_widget_show_all (box);
    gtk_container_add (GTK_CONTAINER (self->sections_box), box);

    section->domain = g_object_ref (domain);
    section->box = GTK_BOX (box);
    section->volumes_box = GTK_BOX (volumes_box);
    section->checks = g_ptr_array_new ();
    section->snapshots_box = GTK_BOX (snapshots_box);
    section->files = g_ptr_array_new_with_free_func (g_free);
    section->file_checks = g_ptr_array_new ();
    section->loading = TRUE;
    section->snapshots_loading = TRUE;
    g_ptr_array_add (self->sections, section);

    /* First: the worker answers in order, so a base is known before Delete is sensitive. */
    vimana_domain_read_linked_clones_async (domain, self->cancellable,
                                            vimana_delete_dialog_linked_clones_cb,
                                            g_object_ref (self));
    vimana_domain_list_volumes_async (domain, self->cancellable,
                                      vimana_delete_dialog_list_volumes_cb, g_object_ref (self));
    /* After the volumes, so the files already offered as volumes are known. */
    vimana_domain_list_snapshot_leftovers_async (domain, self->cancellable,
                                                 vimana_delete_dialog_list_leftovers_cb,
                                                 g_object_ref (self));
}

static void
vimana_delete_dialog_constructed (GObject *object)
{
    VimanaDeleteDialog *self = VIMANA_DELETE_DIALOG (object);

    G_OBJECT_CLASS (vimana_delete_dialog_parent_class)->constructed (object);

    g_return_if_fail (self->domains != NULL && self->domains->len > 0);

    if (self->domains->len == 1) {
        VimanaDomain *domain = g_ptr_array_index (self->domains, 0);
        g_autofree char *title = g_strdup_printf (_("Delete “%s”?"),
                                                  vimana_domain_get_name (domain));

        gtk_window_set_title (GTK_WINDOW (self), title);
    } else {
        gtk_window_set_title (GTK_WINDOW (self), _("Delete Guests?"));
        gtk_label_set_text (self->intro_label,
                            _("The guests’ configurations and saved states are deleted. "
                              "Running guests are forced off first."));
    }

    for (guint i = 0; i < self->domains->len; i++)
        vimana_delete_dialog_add_section (self, g_ptr_array_index (self->domains, i));
    /* Two answers a guest: its volumes and its snapshots. */
    vimana_delete_dialog_set_n_loading (self, self->domains->len * 2);
}

static void
vimana_delete_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
    VimanaDeleteDialog *self = VIMANA_DELETE_DIALOG (object);
    GPtrArray *domains;

    switch (prop_id) {
    case PROP_DOMAINS:
        domains = g_value_get_boxed (value);
        g_assert (self->domains == NULL);
        /* A copy: the caller may change its array afterwards. */
        self->domains = g_ptr_array_new_with_free_func (g_object_unref);
        for (guint i = 0; domains != NULL && i < domains->len; i++)
            g_ptr_array_add (self->domains, g_object_ref (g_ptr_array_index (domains, i)));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_delete_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
    VimanaDeleteDialog *self = VIMANA_DELETE_DIALOG (object);

    switch (prop_id) {
    case PROP_DOMAINS:
        g_value_set_boxed (value, self->domains);
        break;
    case PROP_LOADING:
        g_value_set_boolean (value, vimana_delete_dialog_is_loading (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_delete_dialog_dispose (GObject *object)
{
    VimanaDeleteDialog *self = VIMANA_DELETE_DIALOG (object);

    g_cancellable_cancel (self->cancellable);
    /* The sections borrow widgets that are going away; pending callbacks find none. */
    g_clear_pointer (&self->sections, g_ptr_array_unref);

    G_OBJECT_CLASS (vimana_delete_dialog_parent_class)->dispose (object);
}

static void
vimana_delete_dialog_finalize (GObject *object)
{
    VimanaDeleteDialog *self = VIMANA_DELETE_DIALOG (object);

    g_clear_pointer (&self->domains, g_ptr_array_unref);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vimana_delete_dialog_parent_class)->finalize (object);
}

static void
vimana_delete_dialog_class_init (VimanaDeleteDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = vimana_delete_dialog_constructed;
    object_class->set_property = vimana_delete_dialog_set_property;
    object_class->get_property = vimana_delete_dialog_get_property;
    object_class->dispose = vimana_delete_dialog_dispose;
    object_class->finalize = vimana_delete_dialog_finalize;

    properties[PROP_DOMAINS] =
        g_param_spec_boxed ("domains", NULL, NULL, G_TYPE_PTR_ARRAY,
                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    /**
     * VimanaDeleteDialog:loading:
     *
     * Whether the storage of some guest is still being listed.
     */
    properties[PROP_LOADING] =
        g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-delete-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaDeleteDialog, intro_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaDeleteDialog, volumes_hint_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaDeleteDialog, sections_box);
}

static void
vimana_delete_dialog_init (VimanaDeleteDialog *self)
{
    self->sections = g_ptr_array_new_with_free_func (vimana_delete_section_free);
    self->cancellable = g_cancellable_new ();

    gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vimana_delete_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 * @domains: (element-type VimanaDomain): the guests to delete, at least one
 *
 * Responds %GTK_RESPONSE_ACCEPT on Delete; the caller then reads the chosen volumes with
 * vimana_delete_dialog_get_volume_keys() and destroys the dialog.
 *
 * Returns: (transfer none): a new dialog
 */
GtkWidget *
vimana_delete_dialog_new (GtkWindow *parent,
                          GPtrArray *domains)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (domains != NULL && domains->len > 0, NULL);

    return g_object_new (VIMANA_TYPE_DELETE_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         "domains", domains,
                         NULL);
}

/* Returns: (transfer none) (element-type VimanaDomain): the guests the dialog is about */
GPtrArray *
vimana_delete_dialog_get_domains (VimanaDeleteDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_DELETE_DIALOG (self), NULL);

    return self->domains;
}

/**
 * vimana_delete_dialog_get_volume_keys:
 * @self: a #VimanaDeleteDialog
 * @domain: one of the dialog's guests
 *
 * Returns: (transfer full) (array zero-terminated=1): the keys of the checked volumes of
 *   @domain, possibly none
 */
char **
vimana_delete_dialog_get_volume_keys (VimanaDeleteDialog *self,
                                      VimanaDomain       *domain)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    VimanaDeleteSection *section;

    g_return_val_if_fail (VIMANA_IS_DELETE_DIALOG (self), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    section = vimana_delete_dialog_find_section (self, domain);
    if (section != NULL && section->volumes != NULL) {
        for (guint i = 0; i < section->volumes->len; i++) {
            const VimanaDiskVolume *disk = g_ptr_array_index (section->volumes, i);
            const char *key = vimana_storage_volume_get_key (disk->volume);

            if (gtk_toggle_button_get_active (g_ptr_array_index (section->checks, i)) && key != NULL)
                g_strv_builder_add (builder, key);
        }
    }
    return g_strv_builder_end (builder);
}

gboolean
vimana_delete_dialog_is_loading (VimanaDeleteDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_DELETE_DIALOG (self), FALSE);

    return self->n_loading > 0;
}

/**
 * vimana_delete_dialog_get_snapshot_files:
 * @self: a #VimanaDeleteDialog
 * @domain: one of the dialog's guests
 *
 * Returns: (transfer full) (array zero-terminated=1): the paths of the checked files of
 *   @domain's external snapshots, possibly none
 */
char **
vimana_delete_dialog_get_snapshot_files (VimanaDeleteDialog *self,
                                         VimanaDomain       *domain)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    VimanaDeleteSection *section;

    g_return_val_if_fail (VIMANA_IS_DELETE_DIALOG (self), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    section = vimana_delete_dialog_find_section (self, domain);
    for (guint i = 0; section != NULL && i < section->files->len; i++) {
        if (gtk_toggle_button_get_active (g_ptr_array_index (section->file_checks, i)))
            g_strv_builder_add (builder, g_ptr_array_index (section->files, i));
    }
    return g_strv_builder_end (builder);
}

/**
 * vimana_delete_dialog_get_snapshot_metadata:
 * @self: a #VimanaDeleteDialog
 * @domain: one of the dialog's guests
 *
 * Returns: whether @domain's snapshot metadata is deleted with it: %TRUE unless the user
 *   unchecked it
 */
gboolean
vimana_delete_dialog_get_snapshot_metadata (VimanaDeleteDialog *self,
                                            VimanaDomain       *domain)
{
    VimanaDeleteSection *section;

    g_return_val_if_fail (VIMANA_IS_DELETE_DIALOG (self), TRUE);
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), TRUE);

    section = vimana_delete_dialog_find_section (self, domain);
    return section == NULL || section->metadata_check == NULL ||
           gtk_toggle_button_get_active (section->metadata_check);
}
