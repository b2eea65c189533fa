/* vimana-hardware-form.c: the fields of one item of the Hardware page
 *
 * A form is built from the configuration for one item (Overview, CPUs, a disk…): a grid of
 * labelled fields, each with a label beside it for its error. Applying it validates every field
 * first and writes nothing when one is wrong; then it sets the fields that changed into a copy of
 * the configuration and says what the page must do: define, make a live change, or both, and
 * whether part of the change waits for the guest's next shutdown.
 *
 * The fields vary with the item and the guest, so they are made here rather than in a template.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-form"

#include "config.h"

#include "vimana-hardware-form.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"

typedef struct
{
    GtkWidget *widget;
    GtkLabel  *error;
    char      *initial;   /* the value shown at first, to tell what changed */
} VimanaFormField;

struct _VimanaHardwareForm
{
    GtkGrid parent_instance;

    /* owned references */
    VimanaDomainConfig *config;
    GHashTable         *fields;   /* key → VimanaFormField */
    GtkListBox         *boot_list;

    VimanaHardwareItem  item;
    guint               device;
    gboolean            autostart;
    gboolean            check_paths;
    gboolean            editable;
    int                 rows;
};

G_DEFINE_FINAL_TYPE (VimanaHardwareForm, vimana_hardware_form, GTK_TYPE_GRID)

static void
vimana_form_field_free (gpointer data)
{
    VimanaFormField *field = data;

    g_free (field->initial);
    g_free (field);
}

/* ---- building ---- */

static void
vimana_hardware_form_set_accessible_name (GtkWidget  *widget,
                                          const char *name)
{
    atk_object_set_name (gtk_widget_get_accessible (widget), name);
}

static GtkLabel *
vimana_hardware_form_add_label (VimanaHardwareForm *self,
                                const char         *text)
{
    GtkWidget *label = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (label), 1.0);
    gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
    gtk_style_context_add_class (gtk_widget_get_style_context (label), "vimana-overview-key");
    gtk_grid_attach (GTK_GRID (self), label, 0, self->rows, 1, 1);
    return GTK_LABEL (label);
}

static char *
vimana_hardware_form_widget_value (GtkWidget *widget)
{
    if (GTK_IS_ENTRY (widget))
        return g_strdup (gtk_entry_get_text (GTK_ENTRY (widget)));
    if (GTK_IS_COMBO_BOX_TEXT (widget)) {
        const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (widget));

        if (gtk_combo_box_get_has_entry (GTK_COMBO_BOX (widget)))
            return gtk_combo_box_text_get_active_text (GTK_COMBO_BOX_TEXT (widget));
        return g_strdup (id);
    }
    if (GTK_IS_TOGGLE_BUTTON (widget))
        return g_strdup (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (widget)) ? "1" : "0");
    if (GTK_IS_TEXT_VIEW (widget)) {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
    return NULL;
}

/* Adds @widget as field @key in a new row, labelled @label, with its error label beside it;
 * @holder, when not %NULL, is what goes in the grid (a scrolled window around @widget). */
static GtkWidget *
vimana_hardware_form_add_field_in (VimanaHardwareForm *self,
                                   const char         *key,
                                   const char         *label,
                                   GtkWidget          *widget,
                                   GtkWidget          *holder)
{
    VimanaFormField *field = g_new0 (VimanaFormField, 1);
    GtkLabel *key_label = vimana_hardware_form_add_label (self, label);
    GtkWidget *error = gtk_label_new (NULL);

    gtk_widget_set_hexpand (holder ? holder : widget, TRUE);
    if (holder == NULL)
        gtk_widget_set_valign (widget, GTK_ALIGN_BASELINE);
    gtk_label_set_mnemonic_widget (key_label, widget);
    vimana_hardware_form_set_accessible_name (widget, label);
    gtk_grid_attach (GTK_GRID (self), holder ? holder : widget, 1, self->rows, 1, 1);

    gtk_label_set_xalign (GTK_LABEL (error), 0.0);
    gtk_label_set_line_wrap (GTK_LABEL (error), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (error), 40);
    gtk_widget_set_no_show_all (error, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (error), "vimana-field-error");
    gtk_grid_attach (GTK_GRID (self), error, 2, self->rows, 1, 1);

    field->widget = widget;
    field->error = GTK_LABEL (error);
    field->initial = vimana_hardware_form_widget_value (widget);
    g_hash_table_insert (self->fields, g_strdup (key), field);
    self->rows++;
    self->editable = TRUE;
    return widget;
}

static GtkWidget *
vimana_hardware_form_add_field (VimanaHardwareForm *self,
                                const char         *key,
                                const char         *label,
                                GtkWidget          *widget)
{
    return vimana_hardware_form_add_field_in (self, key, label, widget, NULL);
}

static GtkWidget *
vimana_hardware_form_add_entry (VimanaHardwareForm *self,
                                const char         *key,
                                const char         *label,
                                const char         *value)
{
    GtkWidget *entry = gtk_entry_new ();

    gtk_entry_set_text (GTK_ENTRY (entry), value ? value : "");
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    return vimana_hardware_form_add_field (self, key, label, entry);
}

static GtkWidget *
vimana_hardware_form_add_check (VimanaHardwareForm *self,
                                const char         *key,
                                const char         *label,
                                gboolean            active)
{
    GtkWidget *check = gtk_check_button_new ();

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), active);
    return vimana_hardware_form_add_field (self, key, label, check);
}

/* A choice among @ids (shown as @labels), or any text when @free_text. */
static GtkWidget *
vimana_hardware_form_add_combo (VimanaHardwareForm *self,
                                const char         *key,
                                const char         *label,
                                const char * const *ids,
                                const char * const *labels,
                                const char         *value,
                                gboolean            free_text)
{
    GtkWidget *combo = free_text ? gtk_combo_box_text_new_with_entry ()
                                 : gtk_combo_box_text_new ();
    gboolean found = FALSE;

    for (guint i = 0; ids[i] != NULL; i++) {
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), ids[i],
                                   labels ? labels[i] : ids[i]);
        found |= g_strcmp0 (ids[i], value) == 0;
    }
    /* A value the list lacks is still shown, so applying does not change it. */
    if (!found && value != NULL)
        gtk_combo_box_text_append (GTK_COMBO_BOX_TEXT (combo), value, value);
    if (value != NULL)
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), value);
    else
        gtk_combo_box_set_active (GTK_COMBO_BOX (combo), 0);
    /* The entry is what takes the focus and what a screen reader announces. */
    if (free_text)
        vimana_hardware_form_set_accessible_name (gtk_bin_get_child (GTK_BIN (combo)), label);
    return vimana_hardware_form_add_field (self, key, label, combo);
}

static void
vimana_hardware_form_add_info (VimanaHardwareForm *self,
                               const char         *label,
                               const char         *value)
{
    GtkWidget *info = gtk_label_new (value && *value ? value : "—");

    vimana_hardware_form_add_label (self, label);
    gtk_label_set_xalign (GTK_LABEL (info), 0.0);
    gtk_label_set_selectable (GTK_LABEL (info), TRUE);
    gtk_label_set_line_wrap (GTK_LABEL (info), TRUE);
    vimana_hardware_form_set_accessible_name (info, label);
    gtk_grid_attach (GTK_GRID (self), info, 1, self->rows, 2, 1);
    self->rows++;
}

static char *
vimana_hardware_form_mib (guint64 kib)
{
    g_autofree char *number = NULL;

    if (kib % 1024 == 0)
        return g_strdup_printf ("%" G_GUINT64_FORMAT, kib / 1024);
    number = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
    /* TRANSLATORS: a memory size in an editable field, read back when applied: keep the
     * unit KiB, which is the one the field understands. */
    return g_strdup_printf (C_("memory field", "%s KiB"), number);
}

static void
vimana_hardware_form_build_general (VimanaHardwareForm *self)
{
    g_autofree char *name = vimana_domain_config_get_name (self->config);
    g_autofree char *title = vimana_domain_config_get_title (self->config);
    g_autofree char *description = vimana_domain_config_get_description (self->config);
    GtkWidget *view = gtk_text_view_new ();
    GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);

    vimana_hardware_form_add_entry (self, "name", _("Name"), name);
    vimana_hardware_form_add_entry (self, "title", _("Title"), title);

    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                              description ? description : "", -1);
    gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
    gtk_container_add (GTK_CONTAINER (scrolled), view);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 80);
    gtk_scrolled_window_set_shadow_type (GTK_SCROLLED_WINDOW (scrolled), GTK_SHADOW_IN);
    vimana_hardware_form_add_field_in (self, "description", _("Description"), view, scrolled);

    vimana_hardware_form_add_check (self, "autostart", _("Start with host"), self->autostart);
}

static void
vimana_hardware_form_build_os (VimanaHardwareForm *self)
{
    g_autofree char *firmware = vimana_domain_config_get_firmware (self->config);
    g_autofree char *xml = vimana_domain_config_to_xml (self->config);
    g_autoptr(VimanaDomainDetails) details = vimana_domain_details_new_from_xml (xml, NULL);

    vimana_hardware_form_add_info (self, _("Hypervisor"), details ? details->domain_type : NULL);
    vimana_hardware_form_add_info (self, _("OS type"), details ? details->os_type : NULL);
    vimana_hardware_form_add_info (self, _("Architecture"), details ? details->arch : NULL);
    vimana_hardware_form_add_info (self, _("Machine"), details ? details->machine : NULL);
    vimana_hardware_form_add_info (self, _("Emulator"), details ? details->emulator : NULL);
    vimana_hardware_form_add_info (self, _("Firmware"),
                                   g_strcmp0 (firmware, "efi") == 0 ? _("UEFI")
                                   : g_strcmp0 (firmware, "bios") == 0 ? _("BIOS")
                                                                        : firmware);
}

static void
vimana_hardware_form_build_cpus (VimanaHardwareForm *self)
{
    static const char * const modes[] = {
        "default", "host-passthrough", "host-model", "custom", NULL
    };
    const char *mode_labels[] = {
        _("Hypervisor default"), _("Host passthrough"), _("Host model"), _("Custom model"), NULL
    };
    g_autofree char *current = g_strdup_printf ("%u", vimana_domain_config_get_vcpus (self->config));
    g_autofree char *maximum = g_strdup_printf ("%u",
                                                vimana_domain_config_get_max_vcpus (self->config));
    g_autofree char *host = NULL;
    g_autofree char *model = NULL;
    char sockets[16] = "", cores[16] = "", threads[16] = "";
    guint s, c, t;
    VimanaCpuMode mode = vimana_domain_config_get_cpu_mode (self->config, &model);

    vimana_hardware_form_add_entry (self, "vcpus", _("vCPUs"), current);
    vimana_hardware_form_add_entry (self, "max_vcpus", _("Maximum vCPUs"), maximum);
    if (vimana_domain_config_get_host_cpus (self->config) > 0) {
        host = g_strdup_printf ("%u", vimana_domain_config_get_host_cpus (self->config));
        vimana_hardware_form_add_info (self, _("Host CPUs"), host);
    }
    if (vimana_domain_config_get_topology (self->config, &s, &c, &t)) {
        g_snprintf (sockets, sizeof sockets, "%u", s);
        g_snprintf (cores, sizeof cores, "%u", c);
        g_snprintf (threads, sizeof threads, "%u", t);
    }
    vimana_hardware_form_add_entry (self, "sockets", _("Sockets"), sockets);
    vimana_hardware_form_add_entry (self, "cores", _("Cores"), cores);
    vimana_hardware_form_add_entry (self, "threads", _("Threads"), threads);
    vimana_hardware_form_add_combo (self, "cpu_mode", _("CPU mode"), modes,
                                    (const char * const *) mode_labels,
                                    mode == VIMANA_CPU_MODE_MAXIMUM ? "maximum" : modes[mode],
                                    FALSE);
    vimana_hardware_form_add_entry (self, "cpu_model", _("CPU model"), model);
}

static void
vimana_hardware_form_build_memory (VimanaHardwareForm *self)
{
    g_autofree char *current = vimana_hardware_form_mib (
        vimana_domain_config_get_memory (self->config));
    g_autofree char *maximum = vimana_hardware_form_mib (
        vimana_domain_config_get_max_memory (self->config));

    vimana_hardware_form_add_entry (self, "memory", _("Memory (MiB)"), current);
    vimana_hardware_form_add_entry (self, "max_memory", _("Maximum memory (MiB)"), maximum);
}

static void
vimana_hardware_form_move_cb (GtkButton *button,
                              gpointer   user_data)
{
    VimanaHardwareForm *self = user_data;
    int step = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "step"));
    GtkListBoxRow *row = gtk_list_box_get_selected_row (self->boot_list);
    int index;

    if (row == NULL)
        return;
    index = gtk_list_box_row_get_index (row) + step;
    if (index < 0 || gtk_list_box_get_row_at_index (self->boot_list, index) == NULL)
        return;
    g_object_ref (row);
    gtk_container_remove (GTK_CONTAINER (self->boot_list), GTK_WIDGET (row));
    gtk_list_box_insert (self->boot_list, GTK_WIDGET (row), index);
    gtk_list_box_select_row (self->boot_list, row);
    g_object_unref (row);
}

static GtkWidget *
vimana_hardware_form_boot_row (VimanaHardwareForm *self,
                               guint               device,
                               gboolean            enabled)
{
    g_autofree char *label = vimana_domain_config_get_device_label (self->config, device);
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *check = gtk_check_button_new_with_label (label);

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (check), enabled);
    gtk_container_add (GTK_CONTAINER (row), check);
    g_object_set_data (G_OBJECT (row), "device", GUINT_TO_POINTER (device));
    g_object_set_data (G_OBJECT (row), "check", check);
    vimana_hardware_form_set_accessible_name (check, label);
    vimana_hardware_form_set_accessible_name (row, label);
    gtk_widget_show_all (row);
    return row;
}

static char *
vimana_hardware_form_boot_value (VimanaHardwareForm *self)
{
    GString *value = g_string_new (NULL);

    for (int i = 0;; i++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->boot_list, i);
        GtkToggleButton *check;

        if (row == NULL)
            break;
        check = g_object_get_data (G_OBJECT (row), "check");
        if (gtk_toggle_button_get_active (check))
            g_string_append_printf (value, "%u,", GPOINTER_TO_UINT (g_object_get_data (
                                                      G_OBJECT (row), "device")));
    }
    return g_string_free (value, FALSE);
}

static void
vimana_hardware_form_build_boot (VimanaHardwareForm *self)
{
    g_autoptr(GArray) order = vimana_domain_config_get_boot_order (self->config);
    g_autofree char *firmware = vimana_domain_config_get_firmware (self->config);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *list = gtk_list_box_new ();
    const struct { const char *icon; const char *name; int step; } moves[] = {
        { "go-up-symbolic", _("Move Up"), -1 },
        { "go-down-symbolic", _("Move Down"), 1 },
    };
    guint n = vimana_domain_config_get_n_devices (self->config);
    VimanaFormField *field;

    vimana_hardware_form_add_info (self, _("Firmware"),
                                   g_strcmp0 (firmware, "efi") == 0 ? _("UEFI")
                                   : g_strcmp0 (firmware, "bios") == 0 ? _("BIOS")
                                                                        : firmware);
    vimana_hardware_form_add_check (self, "boot_menu", _("Boot menu"),
                                    vimana_domain_config_get_boot_menu (self->config));

    self->boot_list = GTK_LIST_BOX (list);
    gtk_style_context_add_class (gtk_widget_get_style_context (list), "frame");
    for (guint k = 0; k < order->len; k++)
        gtk_container_add (GTK_CONTAINER (list),
                           vimana_hardware_form_boot_row (self, g_array_index (order, guint, k),
                                                          TRUE));
    for (guint i = 0; i < n; i++) {
        gboolean listed = FALSE;

        for (guint k = 0; k < order->len; k++)
            listed |= g_array_index (order, guint, k) == i;
        if (!listed && vimana_domain_config_device_is_bootable (self->config, i))
            gtk_container_add (GTK_CONTAINER (list), vimana_hardware_form_boot_row (self, i,
                                                                                    FALSE));
    }
    for (guint m = 0; m < G_N_ELEMENTS (moves); m++) {
        GtkWidget *button = gtk_button_new_from_icon_name (moves[m].icon, GTK_ICON_SIZE_BUTTON);

        gtk_widget_set_tooltip_text (button, moves[m].name);
        vimana_hardware_form_set_accessible_name (button, moves[m].name);
        g_object_set_data (G_OBJECT (button), "step", GINT_TO_POINTER (moves[m].step));
        g_signal_connect (button, "clicked", G_CALLBACK (vimana_hardware_form_move_cb), self);
        gtk_container_add (GTK_CONTAINER (buttons), button);
    }
    gtk_box_pack_start (GTK_BOX (box), list, TRUE, TRUE, 0);
    gtk_box_pack_start (GTK_BOX (box), buttons, FALSE, FALSE, 0);
    gtk_widget_show_all (box);
    vimana_hardware_form_set_accessible_name (list, _("Boot order"));
    vimana_hardware_form_add_field (self, "boot_order", _("Boot order"), box);
    field = g_hash_table_lookup (self->fields, "boot_order");
    g_free (field->initial);
    field->initial = vimana_hardware_form_boot_value (self);
}

static void
vimana_hardware_form_eject_cb (GtkButton *button,
                               gpointer   user_data)
{
    gtk_entry_set_text (GTK_ENTRY (user_data), "");
}

static void
vimana_hardware_form_browse_response_cb (GtkNativeDialog *chooser,
                                         int              response,
                                         gpointer         user_data)
{
    GtkEntry *entry = user_data;

    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (entry, path);
    }
    g_object_unref (chooser);
    g_object_unref (entry);
}

static void
vimana_hardware_form_browse_cb (GtkButton *button,
                                gpointer   user_data)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (button));
    GtkFileChooserNative *chooser;
    const char *current = gtk_entry_get_text (GTK_ENTRY (user_data));

    chooser = gtk_file_chooser_native_new (_("Choose a Disk Image"),
                                           GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                    : NULL,
                                           GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                           _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    if (g_path_is_absolute (current))
        gtk_file_chooser_set_filename (GTK_FILE_CHOOSER (chooser), current);
    g_signal_connect (chooser, "response", G_CALLBACK (vimana_hardware_form_browse_response_cb),
                      g_object_ref (user_data));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
vimana_hardware_form_build_disk (VimanaHardwareForm *self,
                                 VimanaDeviceKind    kind)
{
    static const char * const buses[] = { "virtio", "sata", "scsi", "usb", "ide", "fdc", NULL };
    static const char * const caches[] = {
        "default", "none", "writethrough", "writeback", "directsync", "unsafe", NULL
    };
    const char *cache_labels[] = {
        _("Hypervisor default"), "none", "writethrough", "writeback", "directsync", "unsafe", NULL
    };
    g_autofree char *source = vimana_domain_config_get_disk_source (self->config, self->device);
    g_autofree char *target = vimana_domain_config_get_disk_target (self->config, self->device);
    g_autofree char *bus = vimana_domain_config_get_disk_bus (self->config, self->device);
    g_autofree char *cache = vimana_domain_config_get_disk_cache (self->config, self->device);
    GtkWidget *entry;

    vimana_hardware_form_add_info (self, _("Target"), target);
    entry = vimana_hardware_form_add_entry (self, "source",
                                            kind == VIMANA_DEVICE_CDROM ? _("Media")
                                                                        : _("Source path"),
                                            source);
    if (kind == VIMANA_DEVICE_CDROM || self->check_paths) {
        GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

        /* Browsing shows this machine's files: only for a hypervisor on this machine. */
        if (self->check_paths) {
            GtkWidget *browse = gtk_button_new_with_mnemonic (_("_Browse…"));

            vimana_hardware_form_set_accessible_name (browse, _("Browse"));
            g_signal_connect (browse, "clicked", G_CALLBACK (vimana_hardware_form_browse_cb),
                              entry);
            gtk_container_add (GTK_CONTAINER (buttons), browse);
        }
        if (kind == VIMANA_DEVICE_CDROM) {
            GtkWidget *eject = gtk_button_new_with_mnemonic (_("_Eject"));

            vimana_hardware_form_set_accessible_name (eject, _("Eject"));
            g_signal_connect (eject, "clicked", G_CALLBACK (vimana_hardware_form_eject_cb),
                              entry);
            gtk_container_add (GTK_CONTAINER (buttons), eject);
        }
        gtk_grid_attach (GTK_GRID (self), buttons, 1, self->rows++, 1, 1);
    }
    vimana_hardware_form_add_combo (self, "bus", _("Bus"), buses, NULL, bus, FALSE);
    vimana_hardware_form_add_combo (self, "cache", _("Cache mode"), caches,
                                    (const char * const *) cache_labels,
                                    cache ? cache : "default", FALSE);
    vimana_hardware_form_add_check (self, "readonly", _("Read-only"),
                                    vimana_domain_config_get_disk_readonly (self->config,
                                                                            self->device));
    vimana_hardware_form_add_check (self, "shareable", _("Shareable"),
                                    vimana_domain_config_get_disk_shareable (self->config,
                                                                             self->device));
}

static const char * const vimana_nic_source_ids[] = { "network", "bridge", "direct", NULL };

static void
vimana_hardware_form_build_nic (VimanaHardwareForm *self)
{
    static const char * const models[] = { "virtio", "e1000e", "e1000", "rtl8139", NULL };
    const char *source_labels[] = {
        _("Virtual network"), _("Bridge"), _("Macvtap (host device)"), NULL
    };
    g_autofree char *name = NULL;
    g_autofree char *model = vimana_domain_config_get_nic_model (self->config, self->device);
    g_autofree char *mac = vimana_domain_config_get_nic_mac (self->config, self->device);
    VimanaNicSource source = vimana_domain_config_get_nic_source (self->config, self->device,
                                                                  &name);

    if (source == VIMANA_NIC_SOURCE_OTHER) {
        vimana_hardware_form_add_info (self, _("Source"),
                                       _("Edit this interface’s source in the XML tab."));
    } else {
        vimana_hardware_form_add_combo (self, "nic_source", _("Source type"),
                                        vimana_nic_source_ids,
                                        (const char * const *) source_labels,
                                        vimana_nic_source_ids[source], FALSE);
        vimana_hardware_form_add_entry (self, "nic_source_name", _("Source name"), name);
    }
    vimana_hardware_form_add_combo (self, "nic_model", _("Model"), models, NULL, model, TRUE);
    vimana_hardware_form_add_entry (self, "mac", _("MAC address"), mac);
    vimana_hardware_form_add_check (self, "link", _("Link up"),
                                    vimana_domain_config_get_nic_link_up (self->config,
                                                                          self->device));
}

static void
vimana_hardware_form_build_graphics (VimanaHardwareForm *self)
{
    g_autofree char *label = vimana_domain_config_get_device_label (self->config, self->device);
    g_autofree char *listen = NULL;
    g_autofree char *password = NULL;
    g_autofree char *port_text = NULL;
    GtkWidget *entry;
    int port;

    if (!g_str_has_suffix (label, "VNC")) {
        vimana_hardware_form_add_info (self, _("Display"),
                                       _("Edit this display in the XML tab."));
        return;
    }
    listen = vimana_domain_config_get_vnc_listen (self->config, self->device);
    password = vimana_domain_config_get_vnc_password (self->config, self->device);
    port = vimana_domain_config_get_vnc_port (self->config, self->device);
    port_text = port < 0 ? g_strdup ("") : g_strdup_printf ("%d", port);

    vimana_hardware_form_add_entry (self, "listen", _("Listen address"), listen);
    entry = vimana_hardware_form_add_entry (self, "port", _("Port"), port_text);
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Automatic"));
    entry = vimana_hardware_form_add_entry (self, "password", _("Password"), password);
    gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
    gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
}

static void
vimana_hardware_form_build_model (VimanaHardwareForm *self,
                                  VimanaDeviceKind    kind)
{
    static const char * const video[] = {
        "virtio", "qxl", "vga", "bochs", "cirrus", "ramfb", "none", NULL
    };
    static const char * const sound[] = { "ich9", "ich6", "ac97", "es1370", "sb16", "usb", NULL };
    g_autofree char *model = vimana_domain_config_get_model (self->config, self->device);

    vimana_hardware_form_add_combo (self, "model", _("Model"),
                                    kind == VIMANA_DEVICE_VIDEO ? video : sound, NULL, model,
                                    FALSE);
}

static void
vimana_hardware_form_build (VimanaHardwareForm *self)
{
    VimanaDeviceKind kind;

    switch (self->item) {
    case VIMANA_HARDWARE_ITEM_GENERAL:
        vimana_hardware_form_build_general (self);
        return;
    case VIMANA_HARDWARE_ITEM_OS:
        vimana_hardware_form_build_os (self);
        return;
    case VIMANA_HARDWARE_ITEM_CPUS:
        vimana_hardware_form_build_cpus (self);
        return;
    case VIMANA_HARDWARE_ITEM_MEMORY:
        vimana_hardware_form_build_memory (self);
        return;
    case VIMANA_HARDWARE_ITEM_BOOT:
        vimana_hardware_form_build_boot (self);
        return;
    case VIMANA_HARDWARE_ITEM_DEVICE:
    default:
        break;
    }

    kind = vimana_domain_config_get_device_kind (self->config, self->device);
    switch (kind) {
    case VIMANA_DEVICE_DISK:
    case VIMANA_DEVICE_CDROM:
    case VIMANA_DEVICE_FLOPPY:
        vimana_hardware_form_build_disk (self, kind);
        break;
    case VIMANA_DEVICE_INTERFACE:
        vimana_hardware_form_build_nic (self);
        break;
    case VIMANA_DEVICE_GRAPHICS:
        vimana_hardware_form_build_graphics (self);
        break;
    case VIMANA_DEVICE_VIDEO:
    case VIMANA_DEVICE_SOUND:
        vimana_hardware_form_build_model (self, kind);
        break;
    default: {
        g_autofree char *label = vimana_domain_config_get_device_label (self->config,
                                                                        self->device);

        vimana_hardware_form_add_info (self, _("Device"), label);
        vimana_hardware_form_add_info (self, _("Settings"),
                                       _("Edit this device in the XML tab."));
        break;
    }
    }
}

/* ---- applying ---- */

static VimanaFormField *
vimana_hardware_form_field (VimanaHardwareForm *self,
                            const char         *key)
{
    return g_hash_table_lookup (self->fields, key);
}

/* The field's current value; (transfer full). */
static char *
vimana_hardware_form_value (VimanaHardwareForm *self,
                            const char         *key)
{
    VimanaFormField *field = vimana_hardware_form_field (self, key);

    if (field == NULL)
        return NULL;
    if (g_strcmp0 (key, "boot_order") == 0)
        return vimana_hardware_form_boot_value (self);
    return vimana_hardware_form_widget_value (field->widget);
}

static gboolean
vimana_hardware_form_changed (VimanaHardwareForm *self,
                              const char         *key)
{
    VimanaFormField *field = vimana_hardware_form_field (self, key);
    g_autofree char *value = vimana_hardware_form_value (self, key);

    return field != NULL && g_strcmp0 (value, field->initial) != 0;
}

static void
vimana_hardware_form_clear_errors (VimanaHardwareForm *self)
{
    GHashTableIter iter;
    VimanaFormField *field;

    g_hash_table_iter_init (&iter, self->fields);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &field)) {
        vimana_field_error_set (field->widget, field->error, NULL);
    }
}

/* Shows @error beside field @key and consumes it; returns FALSE for chaining. */
static gboolean
vimana_hardware_form_fail (VimanaHardwareForm *self,
                           const char         *key,
                           GError             *error)
{
    VimanaFormField *field = vimana_hardware_form_field (self, key);

    g_assert (field != NULL);
    vimana_field_error_set (field->widget, field->error, error ? error->message : "");
    g_clear_error (&error);
    return FALSE;
}

static gboolean
vimana_hardware_form_apply_general (VimanaHardwareForm  *self,
                                    VimanaDomainConfig  *target,
                                    VimanaHardwareApply *apply)
{
    g_autofree char *name = vimana_hardware_form_value (self, "name");
    g_autofree char *title = vimana_hardware_form_value (self, "title");
    g_autofree char *description = vimana_hardware_form_value (self, "description");
    GError *error = NULL;

    if (vimana_hardware_form_changed (self, "name") &&
        !vimana_domain_config_set_name (target, g_strstrip (name), &error))
        return vimana_hardware_form_fail (self, "name", error);
    if (vimana_hardware_form_changed (self, "title"))
        vimana_domain_config_set_title (target, title);
    if (vimana_hardware_form_changed (self, "description"))
        vimana_domain_config_set_description (target, description);
    if (vimana_hardware_form_changed (self, "autostart"))
        apply->autostart = !self->autostart;
    return TRUE;
}

/* Parses an optional count: "" is 0. */
static gboolean
vimana_hardware_form_count (VimanaHardwareForm *self,
                            const char         *key,
                            guint              *value)
{
    g_autofree char *text = vimana_hardware_form_value (self, key);
    GError *error = NULL;

    *value = 0;
    if (*g_strstrip (text) == '\0')
        return TRUE;
    if (!vimana_config_parse_count (text, value, &error))
        return vimana_hardware_form_fail (self, key, error);
    return TRUE;
}

static gboolean
vimana_hardware_form_apply_cpus (VimanaHardwareForm  *self,
                                 VimanaDomainConfig  *target,
                                 VimanaHardwareApply *apply)
{
    static const VimanaCpuMode modes[] = {
        VIMANA_CPU_MODE_DEFAULT, VIMANA_CPU_MODE_HOST_PASSTHROUGH, VIMANA_CPU_MODE_HOST_MODEL,
        VIMANA_CPU_MODE_CUSTOM, VIMANA_CPU_MODE_MAXIMUM
    };
    static const char * const mode_ids[] = {
        "default", "host-passthrough", "host-model", "custom", "maximum"
    };
    g_autofree char *mode = vimana_hardware_form_value (self, "cpu_mode");
    g_autofree char *model = vimana_hardware_form_value (self, "cpu_model");
    guint current, maximum, sockets, cores, threads;
    gboolean ok = TRUE;
    GError *error = NULL;

    ok &= vimana_hardware_form_count (self, "vcpus", &current);
    ok &= vimana_hardware_form_count (self, "max_vcpus", &maximum);
    ok &= vimana_hardware_form_count (self, "sockets", &sockets);
    ok &= vimana_hardware_form_count (self, "cores", &cores);
    ok &= vimana_hardware_form_count (self, "threads", &threads);
    if (!ok)
        return FALSE;

    if ((vimana_hardware_form_changed (self, "vcpus") ||
         vimana_hardware_form_changed (self, "max_vcpus")) &&
        !vimana_domain_config_set_vcpus (target, current, maximum, &error)) {
        const char *key = current > maximum || current == 0 ? "vcpus" : "max_vcpus";

        return vimana_hardware_form_fail (self, key, error);
    }
    if ((vimana_hardware_form_changed (self, "sockets") ||
         vimana_hardware_form_changed (self, "cores") ||
         vimana_hardware_form_changed (self, "threads") ||
         vimana_hardware_form_changed (self, "max_vcpus")) &&
        (sockets || cores || threads) &&
        !vimana_domain_config_set_topology (target, sockets, cores, threads, &error))
        return vimana_hardware_form_fail (self, "sockets", error);
    if (!(sockets || cores || threads) && vimana_hardware_form_changed (self, "sockets"))
        vimana_domain_config_set_topology (target, 0, 0, 0, NULL);
    if (vimana_hardware_form_changed (self, "cpu_mode") ||
        vimana_hardware_form_changed (self, "cpu_model")) {
        VimanaCpuMode new_mode = VIMANA_CPU_MODE_DEFAULT;

        for (guint i = 0; i < G_N_ELEMENTS (mode_ids); i++) {
            if (g_strcmp0 (mode, mode_ids[i]) == 0)
                new_mode = modes[i];
        }
        if (!vimana_domain_config_set_cpu_mode (target, new_mode, g_strstrip (model), &error))
            return vimana_hardware_form_fail (self, "cpu_model", error);
    }

    apply->define = TRUE;
    if (vimana_domain_config_get_running (target)) {
        gboolean only_current = !vimana_hardware_form_changed (self, "max_vcpus") &&
                                !vimana_hardware_form_changed (self, "sockets") &&
                                !vimana_hardware_form_changed (self, "cores") &&
                                !vimana_hardware_form_changed (self, "threads") &&
                                !vimana_hardware_form_changed (self, "cpu_mode") &&
                                !vimana_hardware_form_changed (self, "cpu_model");

        if (vimana_hardware_form_changed (self, "vcpus") &&
            !vimana_hardware_form_changed (self, "max_vcpus"))
            g_ptr_array_add (apply->changes,
                             vimana_live_change_new (VIMANA_LIVE_CHANGE_VCPUS, current, NULL));
        apply->restart = !only_current;
    }
    return TRUE;
}

static gboolean
vimana_hardware_form_apply_memory (VimanaHardwareForm  *self,
                                   VimanaDomainConfig  *target,
                                   VimanaHardwareApply *apply)
{
    g_autofree char *current_text = vimana_hardware_form_value (self, "memory");
    g_autofree char *max_text = vimana_hardware_form_value (self, "max_memory");
    guint64 current = 0, maximum = 0;
    gboolean ok = TRUE;
    GError *error = NULL;

    if (!vimana_config_parse_memory (current_text, &current, &error))
        ok = vimana_hardware_form_fail (self, "memory", error);
    error = NULL;
    if (!vimana_config_parse_memory (max_text, &maximum, &error))
        ok = vimana_hardware_form_fail (self, "max_memory", error);
    if (!ok)
        return FALSE;
    if (!vimana_domain_config_set_memory (target, current, maximum, &error))
        return vimana_hardware_form_fail (self, current == 0 || current > maximum ? "memory"
                                                                                   : "max_memory",
                                          error);
    apply->define = TRUE;
    if (vimana_domain_config_get_running (target)) {
        if (vimana_hardware_form_changed (self, "memory") &&
            !vimana_hardware_form_changed (self, "max_memory"))
            g_ptr_array_add (apply->changes,
                             vimana_live_change_new (VIMANA_LIVE_CHANGE_MEMORY, current, NULL));
        apply->restart = vimana_hardware_form_changed (self, "max_memory");
    }
    return TRUE;
}

static gboolean
vimana_hardware_form_apply_boot (VimanaHardwareForm  *self,
                                 VimanaDomainConfig  *target,
                                 VimanaHardwareApply *apply)
{
    g_autofree char *boot_menu = vimana_hardware_form_value (self, "boot_menu");
    g_autofree char *order_text = vimana_hardware_form_value (self, "boot_order");
    g_auto(GStrv) parts = g_strsplit (order_text, ",", -1);
    g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
    GError *error = NULL;

    for (guint i = 0; parts[i] != NULL; i++) {
        guint device;

        if (*parts[i] == '\0')
            continue;
        device = (guint) g_ascii_strtoull (parts[i], NULL, 10);
        g_array_append_val (order, device);
    }
    if (vimana_hardware_form_changed (self, "boot_order") &&
        !vimana_domain_config_set_boot_order (target, (guint *) order->data, order->len, &error))
        return vimana_hardware_form_fail (self, "boot_order", error);
    vimana_domain_config_set_boot_menu (target, g_strcmp0 (boot_menu, "1") == 0);
    apply->define = TRUE;
    apply->restart = vimana_domain_config_get_running (target);
    return TRUE;
}

/* Whether @target's device differs from the original only by what @live_only changed. */
static gboolean
vimana_hardware_form_only_live (VimanaHardwareForm *self,
                                VimanaDomainConfig *target,
                                VimanaDomainConfig *live_only)
{
    g_autofree char *a = vimana_domain_config_get_device_xml (target, self->device);
    g_autofree char *b = vimana_domain_config_get_device_xml (live_only, self->device);

    return vimana_domain_config_equal_xml (a, b);
}

/* A running guest takes @target's device live when only @live_only's change was made;
 * otherwise the change is defined and waits for the next shutdown. */
static void
vimana_hardware_form_device_apply (VimanaHardwareForm  *self,
                                   VimanaDomainConfig  *target,
                                   VimanaDomainConfig  *live_only,
                                   gboolean             live_changed,
                                   VimanaHardwareApply *apply)
{
    if (vimana_domain_config_get_running (target) && live_changed &&
        vimana_hardware_form_only_live (self, target, live_only)) {
        g_autofree char *xml = vimana_domain_config_get_device_xml (target, self->device);

        g_ptr_array_add (apply->changes,
                         vimana_live_change_new (VIMANA_LIVE_CHANGE_UPDATE, 0, xml));
        apply->define = FALSE;
        return;
    }
    apply->define = TRUE;
    apply->restart = vimana_domain_config_get_running (target);
}

static gboolean
vimana_hardware_form_apply_disk (VimanaHardwareForm  *self,
                                 VimanaDomainConfig  *target,
                                 VimanaHardwareApply *apply)
{
    g_autofree char *source = vimana_hardware_form_value (self, "source");
    g_autofree char *bus = vimana_hardware_form_value (self, "bus");
    g_autofree char *cache = vimana_hardware_form_value (self, "cache");
    g_autofree char *readonly = vimana_hardware_form_value (self, "readonly");
    g_autofree char *shareable = vimana_hardware_form_value (self, "shareable");
    g_autoptr(VimanaDomainConfig) live_only = vimana_domain_config_copy (self->config);
    gboolean source_changed = vimana_hardware_form_changed (self, "source");
    GError *error = NULL;

    g_strstrip (source);
    if (source_changed) {
        if (*source != '\0' && self->check_paths &&
            !vimana_config_validate_disk_path (source, &error))
            return vimana_hardware_form_fail (self, "source", error);
        if (*source == '\0' &&
            vimana_domain_config_get_device_kind (target, self->device) == VIMANA_DEVICE_DISK) {
            g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("A disk needs a source; remove the disk instead."));
            return vimana_hardware_form_fail (self, "source", error);
        }
        vimana_domain_config_set_disk_source (target, self->device, source);
        vimana_domain_config_set_disk_source (live_only, self->device, source);
    }
    if (vimana_hardware_form_changed (self, "bus"))
        vimana_domain_config_set_disk_bus (target, self->device, bus);
    if (vimana_hardware_form_changed (self, "cache"))
        vimana_domain_config_set_disk_cache (target, self->device,
                                             g_strcmp0 (cache, "default") == 0 ? NULL : cache);
    if (vimana_hardware_form_changed (self, "readonly"))
        vimana_domain_config_set_disk_readonly (target, self->device,
                                                g_strcmp0 (readonly, "1") == 0);
    if (vimana_hardware_form_changed (self, "shareable"))
        vimana_domain_config_set_disk_shareable (target, self->device,
                                                 g_strcmp0 (shareable, "1") == 0);
    /* Media change is live for removable drives only. */
    vimana_hardware_form_device_apply (
        self, target, live_only,
        source_changed &&
            vimana_domain_config_get_device_kind (target, self->device) != VIMANA_DEVICE_DISK,
        apply);
    return TRUE;
}

static gboolean
vimana_hardware_form_apply_nic (VimanaHardwareForm  *self,
                                VimanaDomainConfig  *target,
                                VimanaHardwareApply *apply)
{
    g_autofree char *source = vimana_hardware_form_value (self, "nic_source");
    g_autofree char *source_name = vimana_hardware_form_value (self, "nic_source_name");
    g_autofree char *model = vimana_hardware_form_value (self, "nic_model");
    g_autofree char *mac = vimana_hardware_form_value (self, "mac");
    g_autofree char *link = vimana_hardware_form_value (self, "link");
    g_autoptr(VimanaDomainConfig) live_only = vimana_domain_config_copy (self->config);
    gboolean link_up = g_strcmp0 (link, "1") == 0;
    GError *error = NULL;

    if (vimana_hardware_form_changed (self, "mac") &&
        !vimana_domain_config_set_nic_mac (target, self->device, g_strstrip (mac), &error))
        return vimana_hardware_form_fail (self, "mac", error);
    if (vimana_hardware_form_changed (self, "nic_source") ||
        vimana_hardware_form_changed (self, "nic_source_name")) {
        if (*g_strstrip (source_name) == '\0') {
            g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("Name the network, bridge or host device."));
            return vimana_hardware_form_fail (self, "nic_source_name", error);
        }
        for (guint i = 0; vimana_nic_source_ids[i] != NULL; i++) {
            if (g_strcmp0 (source, vimana_nic_source_ids[i]) == 0)
                vimana_domain_config_set_nic_source (target, self->device, i, source_name);
        }
    }
    if (vimana_hardware_form_changed (self, "nic_model"))
        vimana_domain_config_set_nic_model (target, self->device, g_strstrip (model));
    if (vimana_hardware_form_changed (self, "link")) {
        vimana_domain_config_set_nic_link_up (target, self->device, link_up);
        vimana_domain_config_set_nic_link_up (live_only, self->device, link_up);
    }
    vimana_hardware_form_device_apply (self, target, live_only,
                                       vimana_hardware_form_changed (self, "link"), apply);
    return TRUE;
}

static gboolean
vimana_hardware_form_apply_graphics (VimanaHardwareForm  *self,
                                     VimanaDomainConfig  *target,
                                     VimanaHardwareApply *apply)
{
    g_autofree char *listen = vimana_hardware_form_value (self, "listen");
    g_autofree char *port_text = vimana_hardware_form_value (self, "port");
    g_autofree char *password = vimana_hardware_form_value (self, "password");
    GError *error = NULL;
    int port;

    if (vimana_hardware_form_field (self, "port") == NULL)
        return TRUE;
    if (!vimana_config_parse_port (port_text, &port, &error))
        return vimana_hardware_form_fail (self, "port", error);
    if (vimana_hardware_form_changed (self, "port"))
        vimana_domain_config_set_vnc_port (target, self->device, port, NULL);
    if (vimana_hardware_form_changed (self, "listen"))
        vimana_domain_config_set_vnc_listen (target, self->device, g_strstrip (listen));
    if (vimana_hardware_form_changed (self, "password"))
        vimana_domain_config_set_vnc_password (target, self->device, password);
    apply->define = TRUE;
    apply->restart = vimana_domain_config_get_running (target);
    return TRUE;
}

/**
 * vimana_hardware_form_apply:
 * @apply: filled with what the page must do
 *
 * Returns: (transfer full) (nullable): a copy of the configuration with the form's changes, or
 *   %NULL when a field is wrong: its message is then shown beside it
 */
VimanaDomainConfig *
vimana_hardware_form_apply (VimanaHardwareForm  *self,
                            VimanaHardwareApply *apply)
{
    g_autoptr(VimanaDomainConfig) scratch = NULL;
    gboolean ok = TRUE;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_FORM (self), NULL);
    g_return_val_if_fail (apply != NULL && apply->changes != NULL, NULL);

    vimana_hardware_form_clear_errors (self);
    apply->define = FALSE;
    apply->restart = FALSE;
    apply->autostart = -1;

    scratch = vimana_domain_config_copy (self->config);
    switch (self->item) {
    case VIMANA_HARDWARE_ITEM_GENERAL:
        ok = vimana_hardware_form_apply_general (self, scratch, apply);
        apply->define = vimana_domain_config_is_modified (scratch);
        apply->restart = apply->define && vimana_domain_config_get_running (scratch);
        break;
    case VIMANA_HARDWARE_ITEM_CPUS:
        ok = vimana_hardware_form_apply_cpus (self, scratch, apply);
        break;
    case VIMANA_HARDWARE_ITEM_MEMORY:
        ok = vimana_hardware_form_apply_memory (self, scratch, apply);
        break;
    case VIMANA_HARDWARE_ITEM_BOOT:
        ok = vimana_hardware_form_apply_boot (self, scratch, apply);
        break;
    case VIMANA_HARDWARE_ITEM_DEVICE:
        switch (vimana_domain_config_get_device_kind (scratch, self->device)) {
        case VIMANA_DEVICE_DISK:
        case VIMANA_DEVICE_CDROM:
        case VIMANA_DEVICE_FLOPPY:
            ok = vimana_hardware_form_apply_disk (self, scratch, apply);
            break;
        case VIMANA_DEVICE_INTERFACE:
            ok = vimana_hardware_form_apply_nic (self, scratch, apply);
            break;
        case VIMANA_DEVICE_GRAPHICS:
            ok = vimana_hardware_form_apply_graphics (self, scratch, apply);
            break;
        case VIMANA_DEVICE_VIDEO:
        case VIMANA_DEVICE_SOUND: {
            g_autofree char *model = vimana_hardware_form_value (self, "model");

            if (vimana_hardware_form_changed (self, "model"))
                vimana_domain_config_set_model (scratch, self->device, model);
            apply->define = TRUE;
            apply->restart = vimana_domain_config_get_running (scratch);
            break;
        }
        default:
            break;
        }
        break;
    case VIMANA_HARDWARE_ITEM_OS:
    default:
        break;
    }
    if (!ok) {
        g_ptr_array_set_size (apply->changes, 0);
        return NULL;
    }
    /* Nothing changed in the definition: nothing to define, nothing waits. */
    if (apply->define && !vimana_domain_config_is_modified (scratch)) {
        apply->define = FALSE;
        apply->restart = FALSE;
    }
    return g_steal_pointer (&scratch);
}

/* ---- GObject ---- */

static void
vimana_hardware_form_finalize (GObject *object)
{
    VimanaHardwareForm *self = VIMANA_HARDWARE_FORM (object);

    g_clear_object (&self->config);
    g_clear_pointer (&self->fields, g_hash_table_unref);

    G_OBJECT_CLASS (vimana_hardware_form_parent_class)->finalize (object);
}

static void
vimana_hardware_form_class_init (VimanaHardwareFormClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_hardware_form_finalize;
}

static void
vimana_hardware_form_init (VimanaHardwareForm *self)
{
    self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          vimana_form_field_free);
    gtk_grid_set_row_spacing (GTK_GRID (self), 8);
    gtk_grid_set_column_spacing (GTK_GRID (self), 12);
    g_object_set (self, "margin", 18, NULL);
}

/**
 * vimana_hardware_form_new:
 * @config: the configuration as loaded
 * @device: the device index, for %VIMANA_HARDWARE_ITEM_DEVICE
 * @autostart: whether the guest starts with the host (not part of its XML)
 * @check_paths: whether disk paths can be checked on this machine (a local connection)
 */
GtkWidget *
vimana_hardware_form_new (VimanaDomainConfig *config,
                          VimanaHardwareItem  item,
                          guint               device,
                          gboolean            autostart,
                          gboolean            check_paths)
{
    VimanaHardwareForm *self = g_object_new (VIMANA_TYPE_HARDWARE_FORM, NULL);

    self->config = g_object_ref (config);
    self->item = item;
    self->device = device;
    self->autostart = autostart;
    self->check_paths = check_paths;
    vimana_hardware_form_build (self);
    gtk_widget_show_all (GTK_WIDGET (self));
    return GTK_WIDGET (self);
}

gboolean
vimana_hardware_form_is_editable (VimanaHardwareForm *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_FORM (self), FALSE);
    return self->editable;
}

/* Returns: (transfer none) (nullable): field @key's widget, for tests */
GtkWidget *
vimana_hardware_form_get_field (VimanaHardwareForm *self,
                                const char         *key)
{
    VimanaFormField *field;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_FORM (self), NULL);

    field = vimana_hardware_form_field (self, key);
    return field ? field->widget : NULL;
}

/* Returns: (nullable): the message shown beside field @key, or %NULL when there is none */
const char *
vimana_hardware_form_get_error (VimanaHardwareForm *self,
                                const char         *key)
{
    VimanaFormField *field;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_FORM (self), NULL);

    field = vimana_hardware_form_field (self, key);
    if (field == NULL || !gtk_widget_get_visible (GTK_WIDGET (field->error)))
        return NULL;
    return gtk_label_get_text (field->error);
}
