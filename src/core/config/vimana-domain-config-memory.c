/* vimana-domain-config-memory.c: a guest's memory: the total, NUMA cells, memory devices
 *
 * libvirt counts a guest's memory as its initial memory plus its memory devices (DIMM, NVDIMM,
 * virtio-mem): <memory> is that total. With NUMA cells the initial memory is the sum of the
 * cells, and libvirt recomputes <memory> from them, ignoring a new total; without cells a total
 * smaller than the devices is refused ("Total size of memory devices exceeds the total memory
 * size"), and a total above <maxMemory> too. So a new total is checked against all of them here,
 * and the cells are changed with it: scaled in proportion, or as the user gave them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include "vimana-domain-config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-domain-config-private.h"
#include "vimana-error.h"

/* ---- sizes in the XML ---- */

static guint64
vimana_domain_config_unit_bytes (const char *unit)
{
    static const struct { const char *name; guint64 bytes; } units[] = {
        { "b", 1 }, { "bytes", 1 },
        { "KB", 1000 }, { "k", 1024 }, { "KiB", 1024 },
        { "MB", 1000000 }, { "M", 1 << 20 }, { "MiB", 1 << 20 },
        { "GB", 1000000000 }, { "G", 1 << 30 }, { "GiB", 1 << 30 },
        { "TB", G_GUINT64_CONSTANT (1000000000000) }, { "T", G_GUINT64_CONSTANT (1) << 40 },
        { "TiB", G_GUINT64_CONSTANT (1) << 40 },
    };

    if (unit == NULL)
        return 1024;
    for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
        if (strcmp (units[i].name, unit) == 0)
            return units[i].bytes;
    }
    return 0;
}

/* @text in @unit (libvirt's default, KiB, when %NULL), in KiB; 0 when it is not a size. */
static guint64
vimana_domain_config_size_kib (char       *text,
                               const char *unit)
{
    guint64 value, unit_bytes;

    if (text == NULL ||
        !g_ascii_string_to_unsigned (g_strstrip (text), 10, 0, G_MAXUINT64, &value, NULL))
        return 0;
    unit_bytes = vimana_domain_config_unit_bytes (unit);
    if (unit_bytes == 0 || value > G_MAXUINT64 / unit_bytes)
        return 0;
    return value * unit_bytes / 1024;
}

static guint64
vimana_domain_config_node_memory_kib (xmlNodePtr node)
{
    g_autofree char *text = vimana_domain_config_node_text (node);
    g_autofree char *unit = vimana_domain_config_node_prop (node, "unit");

    return vimana_domain_config_size_kib (text, unit);
}

/* @kib as the text of a size in @unit when that is exact, else %NULL. */
static char *
vimana_domain_config_size_text (guint64     kib,
                                const char *unit)
{
    guint64 unit_bytes = vimana_domain_config_unit_bytes (unit);

    if (unit_bytes == 0 || (kib * 1024) % unit_bytes != 0)
        return NULL;
    return g_strdup_printf ("%" G_GUINT64_FORMAT, kib * 1024 / unit_bytes);
}

/* Writes @kib into @node in its own unit when that is exact, else in KiB. */
static void
vimana_domain_config_node_set_memory_kib (xmlNodePtr node,
                                          guint64    kib)
{
    g_autofree char *unit = vimana_domain_config_node_prop (node, "unit");
    g_autofree char *text = NULL;

    if (vimana_domain_config_node_memory_kib (node) == kib && node->children != NULL)
        return;
    text = vimana_domain_config_size_text (kib, unit);
    if (text == NULL) {
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
        vimana_domain_config_node_set_prop (node, "unit", "KiB");
    }
    vimana_domain_config_node_set_text (node, text);
}

guint64
vimana_domain_config_get_max_memory (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);
    return vimana_domain_config_node_memory_kib (vimana_domain_config_get_element (self, "memory"));
}

guint64
vimana_domain_config_get_memory (VimanaDomainConfig *self)
{
    xmlNodePtr current;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    current = vimana_domain_config_get_element (self, "currentMemory");
    if (current == NULL)
        return vimana_domain_config_get_max_memory (self);
    return vimana_domain_config_node_memory_kib (current);
}

/* ---- NUMA cells ---- */

static xmlNodePtr
vimana_domain_config_numa_cell (VimanaDomainConfig *self,
                                guint               index)
{
    xmlNodePtr numa = vimana_domain_config_node_child (vimana_domain_config_get_element (self,
                                                                                         "cpu"),
                                                       "numa");
    guint i = 0;

    for (xmlNodePtr node = numa ? numa->children : NULL; node != NULL; node = node->next) {
        if (vimana_domain_config_node_is (node, "cell") && i++ == index)
            return node;
    }
    return NULL;
}

guint
vimana_domain_config_get_n_numa_cells (VimanaDomainConfig *self)
{
    guint n = 0;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    while (vimana_domain_config_numa_cell (self, n) != NULL)
        n++;
    return n;
}

static guint64
vimana_domain_config_cell_kib (xmlNodePtr cell)
{
    g_autofree char *memory = vimana_domain_config_node_prop (cell, "memory");
    g_autofree char *unit = vimana_domain_config_node_prop (cell, "unit");

    return vimana_domain_config_size_kib (memory, unit);
}

/* Returns: NUMA cell @cell's memory in KiB */
guint64
vimana_domain_config_get_numa_cell_memory (VimanaDomainConfig *self,
                                           guint               cell)
{
    xmlNodePtr node;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    node = vimana_domain_config_numa_cell (self, cell);
    return node != NULL ? vimana_domain_config_cell_kib (node) : 0;
}

/* Returns: (nullable): the vCPUs of NUMA cell @cell, as libvirt writes them ("0-1") */
char *
vimana_domain_config_get_numa_cell_cpus (VimanaDomainConfig *self,
                                         guint               cell)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);
    return vimana_domain_config_node_prop (vimana_domain_config_numa_cell (self, cell), "cpus");
}

static void
vimana_domain_config_set_cell_kib (xmlNodePtr cell,
                                   guint64    kib)
{
    g_autofree char *unit = vimana_domain_config_node_prop (cell, "unit");
    g_autofree char *text = NULL;

    if (vimana_domain_config_cell_kib (cell) == kib)
        return;
    text = vimana_domain_config_size_text (kib, unit);
    if (text == NULL) {
        text = g_strdup_printf ("%" G_GUINT64_FORMAT, kib);
        vimana_domain_config_node_set_prop (cell, "unit", "KiB");
    }
    vimana_domain_config_node_set_prop (cell, "memory", text);
}

/* ---- memory devices and the hot-plug limit ---- */

static xmlNodePtr
vimana_domain_config_memory_device (VimanaDomainConfig *self,
                                    guint               index)
{
    xmlNodePtr devices = vimana_domain_config_get_element (self, "devices");
    guint i = 0;

    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        if (vimana_domain_config_node_is (node, "memory") && i++ == index)
            return node;
    }
    return NULL;
}

guint
vimana_domain_config_get_n_memory_devices (VimanaDomainConfig *self)
{
    guint n = 0;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    while (vimana_domain_config_memory_device (self, n) != NULL)
        n++;
    return n;
}

/**
 * vimana_domain_config_get_memory_device:
 * @index: the index among the guest's memory devices (not among all its devices)
 * @kib: (out) (optional): its size in KiB, which counts in the guest's total memory
 *
 * Returns: (nullable): its model: "dimm", "nvdimm", "virtio-mem", "virtio-pmem"…
 */
char *
vimana_domain_config_get_memory_device (VimanaDomainConfig *self,
                                        guint               index,
                                        guint64            *kib)
{
    xmlNodePtr node;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    node = vimana_domain_config_memory_device (self, index);
    if (kib != NULL)
        *kib = vimana_domain_config_node_memory_kib (
            vimana_domain_config_node_child (vimana_domain_config_node_child (node, "target"),
                                             "size"));
    return vimana_domain_config_node_prop (node, "model");
}

/* Returns: the memory devices' sizes added up, in KiB */
guint64
vimana_domain_config_get_memory_devices_size (VimanaDomainConfig *self)
{
    guint64 total = 0;
    guint n;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    n = vimana_domain_config_get_n_memory_devices (self);
    for (guint i = 0; i < n; i++) {
        guint64 kib = 0;

        g_free (vimana_domain_config_get_memory_device (self, i, &kib));
        total += kib;
    }
    return total;
}

/**
 * vimana_domain_config_get_memory_limit:
 * @slots: (out) (optional): the slots for memory devices, 0 when not given
 *
 * Returns: <maxMemory>, the most the total may grow to with hot-plugged memory, in KiB; 0 when
 *   the guest has none
 */
guint64
vimana_domain_config_get_memory_limit (VimanaDomainConfig *self,
                                       guint              *slots)
{
    xmlNodePtr node;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    node = vimana_domain_config_get_element (self, "maxMemory");
    if (slots != NULL) {
        g_autofree char *text = vimana_domain_config_node_prop (node, "slots");

        *slots = vimana_domain_config_parse_uint (text, 0);
    }
    return node != NULL ? vimana_domain_config_node_memory_kib (node) : 0;
}

/* ---- setting ---- */

/* @kib for a message: in MiB, the unit the fields are typed in, when it is whole. */
static char *
vimana_memory_describe (guint64 kib)
{
    g_autofree char *number = NULL;

    if (kib % 1024 != 0)
        return g_format_size_full (kib * 1024, G_FORMAT_SIZE_IEC_UNITS);
    number = g_strdup_printf ("%" G_GUINT64_FORMAT, kib / 1024);
    /* Translators: a memory size in a message, %s is a number. */
    return g_strdup_printf (C_("memory size", "%s MiB"), number);
}

static gboolean
vimana_memory_fail (GError            **error,
                    VimanaMemoryField  *field_out,
                    VimanaMemoryField   field,
                    guint              *cell_out,
                    guint               cell,
                    char               *message)
{
    if (field_out != NULL)
        *field_out = field;
    if (cell_out != NULL)
        *cell_out = cell;
    g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT, message);
    g_free (message);
    return FALSE;
}

/* Shares @initial among the cells in proportion to what they have, in whole MiB but for the
 * last, which takes the rest; FALSE when a cell would be left with nothing. */
static gboolean
vimana_memory_scale_cells (const guint64 *old,
                           guint64       *cells,
                           guint          n,
                           guint64        initial)
{
    guint64 old_sum = 0, given = 0;

    for (guint i = 0; i < n; i++)
        old_sum += old[i];
    if (old_sum == initial) {
        memcpy (cells, old, n * sizeof *cells);
        return TRUE;
    }
    for (guint i = 0; i + 1 < n; i++) {
        double share = old_sum > 0 ? (double) old[i] / (double) old_sum : 1.0 / n;

        /* Sizes so large that their sum wrapped: no share is more than the whole. */
        share = CLAMP (share, 0.0, 1.0);

        cells[i] = (guint64) (share * (double) initial) / 1024 * 1024;
        if (cells[i] == 0 || given + cells[i] >= initial)
            return FALSE;
        given += cells[i];
    }
    cells[n - 1] = initial - given;
    return cells[n - 1] > 0;
}

/**
 * vimana_domain_config_set_memory_layout:
 * @current: the current memory (balloon), in KiB
 * @maximum: the total memory, in KiB, devices included; with @cells, 0 takes the cells' sum
 *   plus the memory devices
 * @cells: (nullable) (array length=n_cells): each NUMA cell's memory in KiB, or %NULL to
 *   scale the guest's cells in proportion to the new total
 * @n_cells: the guest's number of NUMA cells when @cells is given
 * @field: (out) (optional): on failure, the field that is wrong
 * @cell: (out) (optional): on failure in a cell, which one
 *
 * Sets the memory so that libvirt keeps it as given: the total holds the memory devices, stays
 * within <maxMemory>, and is the sum of the NUMA cells and the devices.
 */
gboolean
vimana_domain_config_set_memory_layout (VimanaDomainConfig  *self,
                                        guint64              current,
                                        guint64              maximum,
                                        const guint64       *cells,
                                        guint                n_cells,
                                        VimanaMemoryField   *field,
                                        guint               *cell,
                                        GError             **error)
{
    g_autofree guint64 *old_cells = NULL;
    g_autofree guint64 *new_cells = NULL;
    guint64 devices, limit, initial;
    guint n;
    xmlNodePtr root, current_node;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    n = vimana_domain_config_get_n_numa_cells (self);
    g_return_val_if_fail (cells == NULL || n_cells == n, FALSE);
    devices = vimana_domain_config_get_memory_devices_size (self);
    limit = vimana_domain_config_get_memory_limit (self, NULL);

    if (current == 0)
        return vimana_memory_fail (error, field, VIMANA_MEMORY_FIELD_CURRENT, cell, 0,
                                   g_strdup (_("Memory must be more than 0.")));
    old_cells = g_new0 (guint64, MAX (n, 1));
    new_cells = g_new0 (guint64, MAX (n, 1));
    for (guint i = 0; i < n; i++)
        old_cells[i] = vimana_domain_config_get_numa_cell_memory (self, i);

    if (cells != NULL) {
        guint64 sum = devices;

        for (guint i = 0; i < n; i++) {
            if (cells[i] == 0)
                return vimana_memory_fail (error, field, VIMANA_MEMORY_FIELD_CELL, cell, i,
                                           g_strdup (_("A NUMA cell needs memory: give it more "
                                                       "than 0.")));
            new_cells[i] = cells[i];
            sum += cells[i];
        }
        if (maximum != 0 && maximum != sum) {
            g_autofree char *total = vimana_memory_describe (sum);

            return vimana_memory_fail (
                error, field, VIMANA_MEMORY_FIELD_MAXIMUM, cell, 0,
                g_strdup_printf (_("The NUMA cells and memory devices add up to %s, which is "
                                   "the maximum memory: change the cells or the maximum, not "
                                   "both."), total));
        }
        maximum = sum;
    }
    if (maximum == 0)
        return vimana_memory_fail (error, field, VIMANA_MEMORY_FIELD_MAXIMUM, cell, 0,
                                   g_strdup (_("Maximum memory must be more than 0.")));
    if (maximum <= devices) {
        g_autofree char *size = vimana_memory_describe (devices);

        return vimana_memory_fail (
            error, field, VIMANA_MEMORY_FIELD_MAXIMUM, cell, 0,
            g_strdup_printf (ngettext ("The guest’s memory device takes %s of the maximum "
                                       "memory, which must be more than that.",
                                       "The guest’s memory devices take %s of the maximum "
                                       "memory, which must be more than that.",
                                       vimana_domain_config_get_n_memory_devices (self)),
                             size));
    }
    if (limit > 0 && maximum > limit) {
        g_autofree char *size = vimana_memory_describe (limit);

        return vimana_memory_fail (
            error, field, VIMANA_MEMORY_FIELD_MAXIMUM, cell, 0,
            g_strdup_printf (_("The maximum memory cannot be more than the guest’s hot-plug "
                               "limit of %s (its maxMemory)."), size));
    }
    initial = maximum - devices;
    if (cells == NULL && n > 0 && !vimana_memory_scale_cells (old_cells, new_cells, n, initial)) {
        g_autofree char *size = vimana_memory_describe (initial);

        return vimana_memory_fail (
            error, field, VIMANA_MEMORY_FIELD_MAXIMUM, cell, 0,
            g_strdup_printf (ngettext ("%s is too little to share among the guest’s %u NUMA "
                                       "cell.",
                                       "%s is too little to share among the guest’s %u NUMA "
                                       "cells.", n),
                             size, n));
    }
    if (current > maximum) {
        g_autofree char *a = vimana_memory_describe (current);
        g_autofree char *b = vimana_memory_describe (maximum);

        return vimana_memory_fail (
            error, field, VIMANA_MEMORY_FIELD_CURRENT, cell, 0,
            /* Translators: the current memory, then the maximum, each as "%s MiB". */
            g_strdup_printf (_("The current memory, %s, is more than the maximum of %s."), a, b));
    }

    for (guint i = 0; i < n; i++)
        vimana_domain_config_set_cell_kib (vimana_domain_config_numa_cell (self, i),
                                           new_cells[i]);
    root = vimana_domain_config_get_root (self);
    vimana_domain_config_node_set_memory_kib (vimana_domain_config_ensure_child (self, "memory"),
                                              maximum);
    current_node = vimana_domain_config_node_child (root, "currentMemory");
    if (current_node == NULL && current == maximum)
        return TRUE;
    vimana_domain_config_node_set_memory_kib (
        vimana_domain_config_ensure_child (self, "currentMemory"), current);
    return TRUE;
}

/* Sets the memory, scaling NUMA cells to the new total: see
 * vimana_domain_config_set_memory_layout(). */
gboolean
vimana_domain_config_set_memory (VimanaDomainConfig  *self,
                                 guint64              current,
                                 guint64              maximum,
                                 GError             **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    return vimana_domain_config_set_memory_layout (self, current, maximum, NULL, 0, NULL, NULL,
                                                   error);
}
