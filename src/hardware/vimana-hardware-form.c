/* vimana-hardware-form.c: the fields of one item of the Hardware page
 *
 * A form is built from the configuration for one item (Overview, CPUs, a disk…): a grid of
 * labelled fields, each with a label beside it for its error. The lists a device's fields
 * offer (buses, models, cache modes) are the device kinds' own (vimana-device-kind.c), so the
 * page offers what Add Hardware offers. Applying a form is vimana-hardware-form-apply.c.
 *
 * The fields vary with the item and the guest, so they are made here rather than in a template.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-form"

#include "config.h"

#include "vimana-hardware-form.h"
#include "vimana-hardware-form-private.h"

#include <glib/gi18n.h>

#include "vimana-device-kind.h"
#include "vimana-field-error.h"
#include "vimana-file-chooser.h"

G_DEFINE_FINAL_TYPE (VimanaHardwareForm, vimana_hardware_form, GTK_TYPE_GRID)

enum
{
    SIGNAL_CHANGED,
    N_SIGNALS
};

static guint vimana_hardware_form_signals[N_SIGNALS];

/* Any edit of a field, so the page can tell whether there is something to apply or revert. */
static void
vimana_hardware_form_emit_changed (VimanaHardwareForm *self)
{
    g_signal_emit (self, vimana_hardware_form_signals[SIGNAL_CHANGED], 0);
}

static void
vimana_hardware_form_edited_cb (GObject  *object,
                                gpointer  user_data)
{
    vimana_hardware_form_emit_changed (VIMANA_HARDWARE_FORM (user_data));
}

static void
vimana_hardware_form_switched_cb (GObject    *object,
                                  GParamSpec *pspec,
                                  gpointer    user_data)
{
    vimana_hardware_form_emit_changed (VIMANA_HARDWARE_FORM (user_data));
}

static void
vimana_hardware_form_watch (VimanaHardwareForm *self,
                            GtkWidget          *widget)
{
    if (GTK_IS_ENTRY (widget) || GTK_IS_COMBO_BOX (widget))
        g_signal_connect_object (widget, "changed",
                                 G_CALLBACK (vimana_hardware_form_edited_cb), self, 0);
    else if (GTK_IS_TOGGLE_BUTTON (widget))
        g_signal_connect_object (widget, "toggled",
                                 G_CALLBACK (vimana_hardware_form_edited_cb), self, 0);
    else if (GTK_IS_SWITCH (widget))
        g_signal_connect_object (widget, "notify::active",
                                 G_CALLBACK (vimana_hardware_form_switched_cb), self, 0);
    else if (GTK_IS_TEXT_VIEW (widget))
        g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "changed",
                                 G_CALLBACK (vimana_hardware_form_edited_cb), self, 0);
}

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

char *
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
    if (GTK_IS_SWITCH (widget))
        return g_strdup (gtk_switch_get_active (GTK_SWITCH (widget)) ? "1" : "0");
    if (GTK_IS_TEXT_VIEW (widget)) {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (buffer, &start, &end);
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }
    return NULL;
}

/* Adds @widget as field @key in a new row, labelled @label, with its error label in the row
 * under it (in the field's column, so a message that appears does not widen the form); @holder,
 * when not %NULL, is what goes in the grid (a scrolled window around @widget). */
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
    gtk_label_set_max_width_chars (GTK_LABEL (error), 1);
    gtk_widget_set_no_show_all (error, TRUE);
    gtk_style_context_add_class (gtk_widget_get_style_context (error), "vimana-field-error");
    gtk_grid_attach (GTK_GRID (self), error, 1, self->rows + 1, 1, 1);

    field->widget = widget;
    field->error = GTK_LABEL (error);
    field->initial = vimana_hardware_form_widget_value (widget);
    g_hash_table_insert (self->fields, g_strdup (key), field);
    vimana_hardware_form_watch (self, widget);
    self->rows += 2;
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

/* An on/off setting of the guest as a whole, a switch like the Overview page's. */
static GtkWidget *
vimana_hardware_form_add_switch (VimanaHardwareForm *self,
                                 const char         *key,
                                 const char         *label,
                                 gboolean            active)
{
    GtkWidget *widget = gtk_switch_new ();

    gtk_switch_set_active (GTK_SWITCH (widget), active);
    gtk_widget_set_halign (widget, GTK_ALIGN_START);
    return vimana_hardware_form_add_field (self, key, label, widget);
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

/*
 * A choice among the values of the device field @field_id of @kind (see vimana-device-kind.c),
 * so the page offers what Add Hardware offers; a field that may stay unset offers that too, as
 * "default". Returns %NULL when no kind has the field.
 */
static GtkWidget *
vimana_hardware_form_add_device_combo (VimanaHardwareForm *self,
                                       const char         *key,
                                       const char         *label,
                                       VimanaDeviceKind    kind,
                                       const char         *field_id,
                                       const char         *value,
                                       gboolean            free_text)
{
    const VimanaDeviceField *field = vimana_device_kind_info_find_field_for (kind, field_id);
    g_autoptr(GPtrArray) ids = g_ptr_array_new ();
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();

    g_return_val_if_fail (field != NULL, NULL);

    if (field->unset_label != NULL) {
        g_ptr_array_add (ids, "default");
        g_ptr_array_add (labels, (gpointer) _(field->unset_label));
    }
    for (guint i = 0; i < vimana_device_field_get_n_values (field); i++) {
        g_ptr_array_add (ids, (gpointer) field->values[i]);
        g_ptr_array_add (labels, (gpointer) vimana_device_field_get_value_label (field, i));
    }
    g_ptr_array_add (ids, NULL);
    g_ptr_array_add (labels, NULL);
    return vimana_hardware_form_add_combo (self, key, label, (const char * const *) ids->pdata,
                                           (const char * const *) labels->pdata, value,
                                           free_text);
}

static void
vimana_hardware_form_add_info (VimanaHardwareForm *self,
                               const char         *label,
                               const char         *value)
{
    GtkWidget *info = gtk_label_new (value && *value ? value : "—");

    vimana_hardware_form_add_label (self, label);
    gtk_label_set_xalign (GTK_LABEL (info), 0.0);
    /* Selectable with the mouse, to copy, but no Tab stop: Tab goes from field to field
     * (issue 17, item 10). */
    gtk_label_set_selectable (GTK_LABEL (info), TRUE);
    gtk_widget_set_can_focus (info, FALSE);
    gtk_label_set_line_wrap (GTK_LABEL (info), TRUE);
    vimana_hardware_form_set_accessible_name (info, label);
    gtk_grid_attach (GTK_GRID (self), info, 1, self->rows, 1, 1);
    self->rows++;
}

/* A sentence that explains the fields around it, in the fields' column. */
static void
vimana_hardware_form_add_note (VimanaHardwareForm *self,
                               const char         *text)
{
    GtkWidget *note = gtk_label_new (text);

    gtk_label_set_xalign (GTK_LABEL (note), 0.0);
    gtk_label_set_line_wrap (GTK_LABEL (note), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (note), 1);
    gtk_style_context_add_class (gtk_widget_get_style_context (note), "dim-label");
    gtk_grid_attach (GTK_GRID (self), note, 1, self->rows++, 1, 1);
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

/* A size to read, not to edit: whole MiB as the fields have them, else GLib's format. */
static char *
vimana_hardware_form_size_text (guint64 kib)
{
    g_autofree char *number = NULL;

    if (kib % 1024 != 0)
        return g_format_size_full (kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    number = g_strdup_printf ("%" G_GUINT64_FORMAT, kib / 1024);
    return g_strdup_printf (C_("memory size", "%s MiB"), number);
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

    vimana_hardware_form_add_switch (self, "autostart", _("Start with host"), self->autostart);
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

    guint n_cells = vimana_domain_config_get_n_numa_cells (self->config);
    guint n_devices = vimana_domain_config_get_n_memory_devices (self->config);
    guint slots = 0;
    guint64 limit = vimana_domain_config_get_memory_limit (self->config, &slots);

    vimana_hardware_form_add_entry (self, "memory", _("Memory (MiB)"), current);
    vimana_hardware_form_add_entry (self, "max_memory", _("Maximum memory (MiB)"), maximum);
    if (n_cells == 0 && n_devices == 0 && limit == 0)
        return;

    /* libvirt counts the maximum as the NUMA cells plus the memory devices: they are shown
     * with it, and the cells edited with it (issue 17, item 7). */
    for (guint i = 0; i < n_devices; i++) {
        guint64 kib = 0;
        g_autofree char *model = vimana_domain_config_get_memory_device (self->config, i, &kib);
        g_autofree char *size = vimana_hardware_form_size_text (kib);
        /* Translators: a memory device's model (dimm, nvdimm, virtio-mem), then its size. */
        g_autofree char *text = g_strdup_printf (_("%s, %s"), model ? model : "?", size);

        vimana_hardware_form_add_info (self, _("Memory device"), text);
    }
    if (limit > 0) {
        g_autofree char *size = vimana_hardware_form_size_text (limit);
        g_autofree char *text = slots > 0
                                /* Translators: the most memory a guest can grow to, then its slots. */
            ? g_strdup_printf (ngettext ("%s, %u slot for memory devices",
                                         "%s, %u slots for memory devices", slots),
                               size, slots)
            : g_strdup (size);

        vimana_hardware_form_add_info (self, _("Hot-plug limit"), text);
    }
    for (guint i = 0; i < n_cells; i++) {
        g_autofree char *key = g_strdup_printf ("cell%u", i);
        g_autofree char *cpus = vimana_domain_config_get_numa_cell_cpus (self->config, i);
        g_autofree char *size = vimana_hardware_form_mib (
            vimana_domain_config_get_numa_cell_memory (self->config, i));
        /* Translators: a NUMA cell's memory field: its number, then its vCPUs ("0-1"). */
        g_autofree char *label = g_strdup_printf (_("NUMA cell %u, vCPUs %s (MiB)"), i,
                                                  cpus ? cpus : "—");

        vimana_hardware_form_add_entry (self, key, label, size);
    }
    vimana_hardware_form_add_note (
        self,
        n_cells > 0
            ? _("The maximum is the NUMA cells plus the memory devices. A new maximum is shared "
                "among the cells as they share it now; or change the cells, and the maximum "
                "follows.")
            : _("The maximum includes the memory devices. Change a device in its own item or "
                "in the XML tab."));
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
    vimana_hardware_form_emit_changed (self);
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
    g_signal_connect_object (check, "toggled", G_CALLBACK (vimana_hardware_form_edited_cb), self,
                             0);
    gtk_container_add (GTK_CONTAINER (row), check);
    g_object_set_data (G_OBJECT (row), "device", GUINT_TO_POINTER (device));
    g_object_set_data (G_OBJECT (row), "check", check);
    vimana_hardware_form_set_accessible_name (check, label);
    vimana_hardware_form_set_accessible_name (row, label);
    gtk_widget_show_all (row);
    return row;
}

char *
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
    GtkFileChooserNative *chooser;
    const char *current = gtk_entry_get_text (GTK_ENTRY (user_data));

    chooser = vimana_file_chooser_new (GTK_WIDGET (button), _("Choose a Disk Image"),
                                       GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"));
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
    vimana_hardware_form_add_device_combo (self, "bus", _("Bus"), kind, "bus", bus, FALSE);
    vimana_hardware_form_add_device_combo (self, "cache", _("Cache mode"), VIMANA_DEVICE_DISK,
                                           "cache", cache ? cache : "default", FALSE);
    vimana_hardware_form_add_check (self, "readonly", _("Read-only"),
                                    vimana_domain_config_get_disk_readonly (self->config,
                                                                            self->device));
    vimana_hardware_form_add_check (self, "shareable", _("Shareable"),
                                    vimana_domain_config_get_disk_shareable (self->config,
                                                                             self->device));
}

static const char * const vimana_nic_source_ids[] = {
    [VIMANA_NIC_SOURCE_NETWORK] = "network",
    [VIMANA_NIC_SOURCE_BRIDGE] = "bridge",
    [VIMANA_NIC_SOURCE_DIRECT] = "direct",
    NULL
};

/* The source a value of the "nic_source" field stands for. */
VimanaNicSource
vimana_hardware_form_nic_source (const char *id)
{
    for (guint i = 0; vimana_nic_source_ids[i] != NULL; i++) {
        if (g_strcmp0 (id, vimana_nic_source_ids[i]) == 0)
            return i;
    }
    return VIMANA_NIC_SOURCE_OTHER;
}

static void
vimana_hardware_form_build_nic (VimanaHardwareForm *self)
{
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
    vimana_hardware_form_add_device_combo (self, "nic_model", _("Model"), VIMANA_DEVICE_INTERFACE,
                                           "model", model, TRUE);
    vimana_hardware_form_add_entry (self, "mac", _("MAC address"), mac);
    vimana_hardware_form_add_check (self, "link", _("Link up"),
                                    vimana_domain_config_get_nic_link_up (self->config,
                                                                          self->device));
}

static void
vimana_hardware_form_build_graphics (VimanaHardwareForm *self)
{
    g_autofree char *type = vimana_domain_config_get_graphics_type (self->config, self->device);
    g_autofree char *listen = NULL;
    g_autofree char *password = NULL;
    g_autofree char *port_text = NULL;
    GtkWidget *entry;
    int port;

    if (g_strcmp0 (type, "vnc") != 0 && g_strcmp0 (type, "spice") != 0) {
        vimana_hardware_form_add_info (self, _("Display"),
                                       _("Edit this display in the XML tab."));
        return;
    }
    vimana_hardware_form_add_device_combo (self, "type", _("Type"), VIMANA_DEVICE_GRAPHICS, "type",
                                           type, FALSE);
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
    g_autofree char *model = vimana_domain_config_get_model (self->config, self->device);

    vimana_hardware_form_add_device_combo (self, "model", _("Model"), kind, "model", model,
                                           FALSE);
}

/* The row the controllers are folded under: each with its model. */
static void
vimana_hardware_form_build_controllers (VimanaHardwareForm *self)
{
    guint n = vimana_domain_config_get_n_devices (self->config);

    for (guint i = 0; i < n; i++) {
        g_autofree char *label = NULL;
        g_autofree char *model = NULL;

        if (vimana_domain_config_get_device_kind (self->config, i) != VIMANA_DEVICE_CONTROLLER)
            continue;
        label = vimana_domain_config_get_device_label (self->config, i);
        model = vimana_domain_config_get_model (self->config, i);
        vimana_hardware_form_add_info (self, label, model);
    }
    vimana_hardware_form_add_note (self, _("Select a controller under this row to see or edit "
                                           "its XML."));
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
    case VIMANA_HARDWARE_ITEM_CONTROLLERS:
        vimana_hardware_form_build_controllers (self);
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

/* ---- GObject ---- */

static void
vimana_hardware_form_finalize (GObject *object)
{
    VimanaHardwareForm *self = VIMANA_HARDWARE_FORM (object);

    g_clear_object (&self->config);
    g_clear_pointer (&self->fields, g_hash_table_unref);
    g_clear_pointer (&self->warned_source, g_free);
    g_clear_pointer (&self->warned_mac, g_free);
    g_clear_pointer (&self->used_macs, g_hash_table_unref);

    G_OBJECT_CLASS (vimana_hardware_form_parent_class)->finalize (object);
}

static void
vimana_hardware_form_class_init (VimanaHardwareFormClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_hardware_form_finalize;

    /**
     * VimanaHardwareForm::changed:
     *
     * A field was edited (it may be back to its first value).
     */
    vimana_hardware_form_signals[SIGNAL_CHANGED] =
        g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
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

/**
 * vimana_hardware_form_set_used_macs:
 * @self: a #VimanaHardwareForm
 * @used_macs: (nullable): the MAC addresses (lower case) of the host's other guests, each to
 *   the guest's name; the form keeps a reference and reads it when Apply is pressed
 *
 * A NIC's MAC that another guest uses is warned about once (issue 11, defect 9).
 */
void
vimana_hardware_form_set_used_macs (VimanaHardwareForm *self,
                                    GHashTable         *used_macs)
{
    g_return_if_fail (VIMANA_IS_HARDWARE_FORM (self));

    if (used_macs != NULL)
        g_hash_table_ref (used_macs);
    g_clear_pointer (&self->used_macs, g_hash_table_unref);
    self->used_macs = used_macs;
}

/* Returns: whether a field differs from what the form showed at first */
gboolean
vimana_hardware_form_has_changes (VimanaHardwareForm *self)
{
    GHashTableIter iter;
    const char *key;
    VimanaFormField *field;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_FORM (self), FALSE);

    g_hash_table_iter_init (&iter, self->fields);
    while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &field)) {
        g_autofree char *value = g_strcmp0 (key, "boot_order") == 0
                                     ? vimana_hardware_form_boot_value (self)
                                     : vimana_hardware_form_widget_value (field->widget);

        if (g_strcmp0 (value, field->initial) != 0)
            return TRUE;
    }
    return FALSE;
}

/**
 * vimana_hardware_form_keep_edits:
 * @config: the configuration as read again (after an apply failed, or another was made)
 * @autostart: whether the guest starts with the host now
 * @mark: whether to mark each changed field as not applied
 *
 * Keeps what the user typed, now over @config: the next Apply applies the same edits to what
 * libvirt has, and fields still count as changed against what was shown at first (issue 17,
 * item 7).
 */
void
vimana_hardware_form_keep_edits (VimanaHardwareForm *self,
                                 VimanaDomainConfig *config,
                                 gboolean            autostart,
                                 gboolean            mark)
{
    GHashTableIter iter;
    const char *key;
    VimanaFormField *field;

    g_return_if_fail (VIMANA_IS_HARDWARE_FORM (self));
    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (config));

    g_set_object (&self->config, config);
    self->autostart = autostart;
    if (!mark)
        return;
    g_hash_table_iter_init (&iter, self->fields);
    while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &field)) {
        g_autofree char *value = g_strcmp0 (key, "boot_order") == 0
                                     ? vimana_hardware_form_boot_value (self)
                                     : vimana_hardware_form_widget_value (field->widget);

        if (g_strcmp0 (value, field->initial) != 0)
            vimana_field_error_set (field->widget, field->error,
                                    _("Not applied: the reason is under the form. Apply again, "
                                      "or Revert to discard the change."));
    }
}
