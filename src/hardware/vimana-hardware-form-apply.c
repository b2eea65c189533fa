/* vimana-hardware-form-apply.c: applying a Hardware page form to a copy of the configuration
 *
 * Every field is checked first and nothing is written when one is wrong: its message is shown
 * beneath it. Then each field that changed is set in a copy of the configuration, and the form
 * says what the page must do: define, make a live change, or both, and whether part of the
 * change waits for the guest's next shutdown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-form"

#include "config.h"

#include "vimana-hardware-form.h"
#include "vimana-hardware-form-private.h"

#include <glib/gi18n.h>

#include "vimana-error.h"
#include "vimana-field-error.h"

VimanaFormField *
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
    if (vimana_hardware_form_changed (self, "title")) {
        if (title != NULL && !vimana_config_check_title (g_strstrip (title), &error))
            return vimana_hardware_form_fail (self, "title", error);
        vimana_domain_config_set_title (target, title);
    }
    if (vimana_hardware_form_changed (self, "description")) {
        if (!vimana_config_check_description (description, &error))
            return vimana_hardware_form_fail (self, "description", error);
        vimana_domain_config_set_description (target, description);
    }
    if (vimana_hardware_form_changed (self, "autostart")) {
        g_autofree char *autostart = vimana_hardware_form_value (self, "autostart");

        apply->autostart = g_strcmp0 (autostart, "1") == 0;
    }
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

/* The field a refused vCPU count belongs to: a maximum of 0 is the maximum's fault, a count
 * above the maximum the one the user changed (issue 17, item 7), a maximum above the host's
 * CPUs the maximum's. */
static const char *
vimana_hardware_form_vcpus_culprit (VimanaHardwareForm *self,
                                    guint               current,
                                    guint               maximum)
{
    if (maximum == 0)
        return "max_vcpus";
    if (current == 0)
        return "vcpus";
    if (current > maximum)
        return vimana_hardware_form_changed (self, "max_vcpus") &&
               !vimana_hardware_form_changed (self, "vcpus") ? "max_vcpus" : "vcpus";
    return "max_vcpus";
}

/* The field a refused topology belongs to: one left at 0, else the one the user changed. */
static const char *
vimana_hardware_form_topology_culprit (VimanaHardwareForm *self,
                                       guint               sockets,
                                       guint               cores,
                                       guint               threads)
{
    const char * const keys[] = { "sockets", "cores", "threads" };
    const guint values[] = { sockets, cores, threads };

    for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
        if (values[i] == 0)
            return keys[i];
    }
    for (guint i = 0; i < G_N_ELEMENTS (keys); i++) {
        if (vimana_hardware_form_changed (self, keys[i]))
            return keys[i];
    }
    return vimana_hardware_form_changed (self, "max_vcpus") ? "max_vcpus" : "sockets";
}

/* The vCPU counts and the topology, which must agree with the maximum. */
static gboolean
vimana_hardware_form_apply_cpu_counts (VimanaHardwareForm *self,
                                       VimanaDomainConfig *target,
                                       guint              *current)
{
    guint maximum, sockets, cores, threads;
    gboolean ok = TRUE;
    GError *error = NULL;

    ok &= vimana_hardware_form_count (self, "vcpus", current);
    ok &= vimana_hardware_form_count (self, "max_vcpus", &maximum);
    ok &= vimana_hardware_form_count (self, "sockets", &sockets);
    ok &= vimana_hardware_form_count (self, "cores", &cores);
    ok &= vimana_hardware_form_count (self, "threads", &threads);
    if (!ok)
        return FALSE;

    if ((vimana_hardware_form_changed (self, "vcpus") ||
         vimana_hardware_form_changed (self, "max_vcpus")) &&
        !vimana_domain_config_set_vcpus (target, *current, maximum, &error))
        return vimana_hardware_form_fail (
            self, vimana_hardware_form_vcpus_culprit (self, *current, maximum), error);
    if ((vimana_hardware_form_changed (self, "sockets") ||
         vimana_hardware_form_changed (self, "cores") ||
         vimana_hardware_form_changed (self, "threads") ||
         vimana_hardware_form_changed (self, "max_vcpus")) &&
        (sockets || cores || threads) &&
        !vimana_domain_config_set_topology (target, sockets, cores, threads, &error))
        return vimana_hardware_form_fail (
            self, vimana_hardware_form_topology_culprit (self, sockets, cores, threads), error);
    if (!(sockets || cores || threads) && vimana_hardware_form_changed (self, "sockets"))
        vimana_domain_config_set_topology (target, 0, 0, 0, NULL);
    return TRUE;
}

static gboolean
vimana_hardware_form_apply_cpu_mode (VimanaHardwareForm *self,
                                     VimanaDomainConfig *target)
{
    static const VimanaCpuMode modes[] = {
        VIMANA_CPU_MODE_DEFAULT, VIMANA_CPU_MODE_HOST_PASSTHROUGH, VIMANA_CPU_MODE_HOST_MODEL,
        VIMANA_CPU_MODE_CUSTOM, VIMANA_CPU_MODE_MAXIMUM
    };
    static const char * const mode_ids[] = {
        "default", "host-passthrough", "host-model", "custom", "maximum"
    };
    g_autofree char *mode = NULL;
    g_autofree char *model = NULL;
    VimanaCpuMode new_mode = VIMANA_CPU_MODE_DEFAULT;
    GError *error = NULL;

    if (!vimana_hardware_form_changed (self, "cpu_mode") &&
        !vimana_hardware_form_changed (self, "cpu_model"))
        return TRUE;
    mode = vimana_hardware_form_value (self, "cpu_mode");
    model = vimana_hardware_form_value (self, "cpu_model");
    for (guint i = 0; i < G_N_ELEMENTS (mode_ids); i++) {
        if (g_strcmp0 (mode, mode_ids[i]) == 0)
            new_mode = modes[i];
    }
    if (!vimana_domain_config_set_cpu_mode (target, new_mode, g_strstrip (model), &error))
        return vimana_hardware_form_fail (self, "cpu_model", error);
    return TRUE;
}

/* On a running guest, a new current count alone is a live change; anything else waits for
 * the next shutdown. */
static void
vimana_hardware_form_apply_cpus_live (VimanaHardwareForm  *self,
                                      guint                current,
                                      VimanaHardwareApply *apply)
{
    static const char * const next_boot[] = {
        "max_vcpus", "sockets", "cores", "threads", "cpu_mode", "cpu_model"
    };

    if (vimana_hardware_form_changed (self, "vcpus") &&
        !vimana_hardware_form_changed (self, "max_vcpus"))
        g_ptr_array_add (apply->changes,
                         vimana_live_change_new (VIMANA_LIVE_CHANGE_VCPUS, current, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (next_boot); i++)
        apply->restart |= vimana_hardware_form_changed (self, next_boot[i]);
}

static gboolean
vimana_hardware_form_apply_cpus (VimanaHardwareForm  *self,
                                 VimanaDomainConfig  *target,
                                 VimanaHardwareApply *apply)
{
    guint current;

    if (!vimana_hardware_form_apply_cpu_counts (self, target, &current) ||
        !vimana_hardware_form_apply_cpu_mode (self, target))
        return FALSE;
    apply->define = TRUE;
    if (vimana_domain_config_get_running (target))
        vimana_hardware_form_apply_cpus_live (self, current, apply);
    return TRUE;
}

/* Parses memory field @key into @kib; FALSE, with the message under the field, when it is not
 * an amount. */
static gboolean
vimana_hardware_form_memory_value (VimanaHardwareForm *self,
                                   const char         *key,
                                   guint64            *kib)
{
    g_autofree char *text = vimana_hardware_form_value (self, key);
    GError *error = NULL;

    if (!vimana_config_parse_memory (text, kib, &error))
        return vimana_hardware_form_fail (self, key, error);
    return TRUE;
}

/* The field a refusal of the memory layout belongs to: the one the user changed. Each check
 * names the field it found wrong; a current memory above the maximum is the maximum's fault
 * when only the maximum (or a cell) was changed (issue 17, item 7: Memory 256 with Maximum 0
 * was reported beside Memory). */
static char *
vimana_hardware_form_memory_culprit (VimanaHardwareForm *self,
                                     VimanaMemoryField   field,
                                     guint               cell,
                                     int                 first_changed_cell,
                                     gboolean            max_changed)
{
    switch (field) {
    case VIMANA_MEMORY_FIELD_CELL:
        return g_strdup_printf ("cell%u", cell);
    case VIMANA_MEMORY_FIELD_MAXIMUM:
        if (!max_changed && first_changed_cell >= 0)
            return g_strdup_printf ("cell%d", first_changed_cell);
        return g_strdup ("max_memory");
    case VIMANA_MEMORY_FIELD_CURRENT:
    default:
        if (!vimana_hardware_form_changed (self, "memory") && max_changed)
            return g_strdup ("max_memory");
        if (!vimana_hardware_form_changed (self, "memory") && first_changed_cell >= 0)
            return g_strdup_printf ("cell%d", first_changed_cell);
        return g_strdup ("memory");
    }
}

static gboolean
vimana_hardware_form_apply_memory (VimanaHardwareForm  *self,
                                   VimanaDomainConfig  *target,
                                   VimanaHardwareApply *apply)
{
    guint n_cells = vimana_domain_config_get_n_numa_cells (target);
    g_autofree guint64 *cells = g_new0 (guint64, MAX (n_cells, 1));
    guint64 current = 0, maximum = 0;
    gboolean max_changed = vimana_hardware_form_changed (self, "max_memory");
    int first_changed_cell = -1;
    gboolean ok = TRUE;
    VimanaMemoryField bad_field = VIMANA_MEMORY_FIELD_CURRENT;
    guint bad_cell = 0;
    GError *error = NULL;

    ok &= vimana_hardware_form_memory_value (self, "memory", &current);
    ok &= vimana_hardware_form_memory_value (self, "max_memory", &maximum);
    for (guint i = 0; i < n_cells; i++) {
        g_autofree char *key = g_strdup_printf ("cell%u", i);

        if (vimana_hardware_form_field (self, key) == NULL)
            continue;
        ok &= vimana_hardware_form_memory_value (self, key, &cells[i]);
        if (first_changed_cell < 0 && vimana_hardware_form_changed (self, key))
            first_changed_cell = (int) i;
    }
    if (!ok)
        return FALSE;
    /* Cells the user changed are kept as given, and the maximum follows them unless it was
     * changed too; otherwise a new maximum is shared among the cells. */
    if (!vimana_domain_config_set_memory_layout (target, current,
                                                 first_changed_cell >= 0 && !max_changed
                                                     ? 0 : maximum,
                                                 first_changed_cell >= 0 ? cells : NULL,
                                                 first_changed_cell >= 0 ? n_cells : 0,
                                                 &bad_field, &bad_cell, &error)) {
        g_autofree char *key = vimana_hardware_form_memory_culprit (self, bad_field, bad_cell,
                                                                    first_changed_cell,
                                                                    max_changed);

        return vimana_hardware_form_fail (self, key, error);
    }
    apply->define = TRUE;
    if (vimana_domain_config_get_running (target)) {
        if (vimana_hardware_form_changed (self, "memory") && !max_changed &&
            first_changed_cell < 0)
            g_ptr_array_add (apply->changes,
                             vimana_live_change_new (VIMANA_LIVE_CHANGE_MEMORY, current, NULL));
        apply->restart = max_changed || first_changed_cell >= 0;
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
        /* A system file is warned about once; Apply again with it unchanged uses it. */
        if (*source != '\0' && g_strcmp0 (source, self->warned_source) != 0 &&
            !vimana_config_check_disk_path_risk (source, &error)) {
            g_autofree char *warning = g_strdup (error->message);

            g_free (self->warned_source);
            self->warned_source = g_strdup (source);
            g_clear_error (&error);
            g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         /* Translators: %s is a sentence saying why the file is a risk. */
                         _("%s Choose a disk image, or press Apply again to use it anyway."),
                         warning);
            return vimana_hardware_form_fail (self, "source", error);
        }
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

    if (vimana_hardware_form_changed (self, "mac")) {
        g_autofree char *lower = NULL;
        const char *owner;

        if (!vimana_domain_config_set_nic_mac (target, self->device, g_strstrip (mac), &error))
            return vimana_hardware_form_fail (self, "mac", error);
        /* Another guest's address is warned about once; Apply again with it uses it. */
        lower = g_ascii_strdown (mac, -1);
        owner = self->used_macs != NULL ? g_hash_table_lookup (self->used_macs, lower) : NULL;
        if (owner != NULL && g_strcmp0 (lower, self->warned_mac) != 0) {
            g_free (self->warned_mac);
            self->warned_mac = g_strdup (lower);
            g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("%s is already the MAC address of “%s” on this host: two guests with one address disturb each other’s network. Choose another, or press Apply again to use it anyway."),
                         mac, owner);
            return vimana_hardware_form_fail (self, "mac", error);
        }
    }
    if (vimana_hardware_form_changed (self, "nic_source") ||
        vimana_hardware_form_changed (self, "nic_source_name")) {
        VimanaNicSource kind = vimana_hardware_form_nic_source (source);

        if (*g_strstrip (source_name) == '\0') {
            g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("Name the network, bridge or host device."));
            return vimana_hardware_form_fail (self, "nic_source_name", error);
        }
        if (kind != VIMANA_NIC_SOURCE_OTHER)
            vimana_domain_config_set_nic_source (target, self->device, kind, source_name);
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
    g_autofree char *type = vimana_hardware_form_value (self, "type");
    GError *error = NULL;
    int port;

    if (vimana_hardware_form_field (self, "port") == NULL)
        return TRUE;
    if (!vimana_config_parse_port (port_text, &port, &error))
        return vimana_hardware_form_fail (self, "port", error);
    if (listen != NULL && vimana_hardware_form_changed (self, "listen") &&
        !vimana_config_check_listen_address (g_strstrip (listen), &error))
        return vimana_hardware_form_fail (self, "listen", error);
    /* First: the other settings are the new kind's (both have them). */
    if (vimana_hardware_form_changed (self, "type") &&
        !vimana_domain_config_set_graphics_type (target, self->device, type, &error))
        return vimana_hardware_form_fail (self, "type", error);
    if (vimana_hardware_form_changed (self, "port"))
        vimana_domain_config_set_vnc_port (target, self->device, port, NULL);
    if (vimana_hardware_form_changed (self, "listen"))
        vimana_domain_config_set_vnc_listen (target, self->device, listen);
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
