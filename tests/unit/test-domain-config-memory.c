/* test-domain-config-memory.c: a guest's memory with NUMA cells, memory devices, maxMemory
 *
 * Issue 17, item 7: a new total is checked against what libvirt checks (the memory devices
 * must fit in it, <maxMemory> holds it) and the NUMA cells, from which libvirt recomputes the
 * total, change with it. Each refusal names the field that is wrong and changes nothing; what
 * is accepted still validates against libvirt's schema (virt-xml-validate). Fixtures are in
 * tests/data/memory/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vimana-domain-config.h"
#include "vimana-error.h"

#define MIB 1024
#define GIB (1024 * 1024)

static VimanaDomainConfig *
load (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "memory", name, NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    VimanaDomainConfig *config;

    g_file_get_contents (path, &xml, NULL, &error);
    g_assert_no_error (error);
    config = vimana_domain_config_new_from_xml (xml, &error);
    g_assert_no_error (error);
    return config;
}

/* virt-xml-validate accepts @config as a domain. */
static void
assert_validates (VimanaDomainConfig *config)
{
    g_autofree char *xml = vimana_domain_config_to_xml (config);
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int fd = g_file_open_tmp ("vimana-memory-XXXXXX.xml", &path, &error);
    int status = -1;
    const char *argv[] = { "virt-xml-validate", NULL, "domain", NULL };

    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    argv[1] = path;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    g_unlink (path);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("virt-xml-validate refused:\n%s%s\n%s", out, err, xml);
}

/* Sets the layout, expects a refusal of @field (and @cell), and that nothing changed. */
static void
assert_refused (VimanaDomainConfig *config,
                guint64             current,
                guint64             maximum,
                const guint64      *cells,
                VimanaMemoryField   field,
                guint               cell,
                const char         *fragment)
{
    g_autofree char *before = vimana_domain_config_to_xml (config);
    g_autofree char *after = NULL;
    g_autoptr(GError) error = NULL;
    VimanaMemoryField got_field = 99;
    guint got_cell = 99;

    g_assert_false (vimana_domain_config_set_memory_layout (
                        config, current, maximum, cells,
                        cells ? vimana_domain_config_get_n_numa_cells (config) : 0,
                        &got_field, &got_cell, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    if (strstr (error->message, fragment) == NULL)
        g_error ("“%s” does not say “%s”", error->message, fragment);
    g_assert_cmpint (got_field, ==, field);
    if (field == VIMANA_MEMORY_FIELD_CELL)
        g_assert_cmpuint (got_cell, ==, cell);
    after = vimana_domain_config_to_xml (config);
    g_assert_cmpstr (before, ==, after);
}

static void
test_read (void)
{
    g_autoptr(VimanaDomainConfig) numa = load ("numa-cells.xml");
    g_autoptr(VimanaDomainConfig) devices = load ("memory-devices.xml");
    g_autoptr(VimanaDomainConfig) plain = load ("no-cells.xml");
    g_autofree char *cpus = vimana_domain_config_get_numa_cell_cpus (numa, 1);
    g_autofree char *model = NULL;
    guint64 kib = 0;
    guint slots = 0;

    g_assert_cmpuint (vimana_domain_config_get_n_numa_cells (numa), ==, 2);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (numa, 0), ==, 1 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (numa, 1), ==, 3 * GIB);
    g_assert_cmpstr (cpus, ==, "2-3");
    g_assert_cmpuint (vimana_domain_config_get_n_memory_devices (numa), ==, 0);
    g_assert_cmpuint (vimana_domain_config_get_memory_limit (numa, &slots), ==, 0);

    g_assert_cmpuint (vimana_domain_config_get_n_memory_devices (devices), ==, 3);
    model = vimana_domain_config_get_memory_device (devices, 1, &kib);
    g_assert_cmpstr (model, ==, "nvdimm");
    g_assert_cmpuint (kib, ==, 512 * MIB);
    g_assert_cmpuint (vimana_domain_config_get_memory_devices_size (devices), ==, 2 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_memory_limit (devices, &slots), ==, 16 * GIB);
    g_assert_cmpuint (slots, ==, 16);

    g_assert_cmpuint (vimana_domain_config_get_n_numa_cells (plain), ==, 0);
    g_assert_cmpuint (vimana_domain_config_get_memory_devices_size (plain), ==, 0);
}

/* A new total scales the cells in proportion, each in its own unit. */
static void
test_scale_cells (void)
{
    g_autoptr(VimanaDomainConfig) config = load ("numa-cells.xml");
    g_autofree char *xml = NULL;

    g_assert_true (vimana_domain_config_set_memory (config, 2 * GIB, 8 * GIB, NULL));
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 0), ==, 2 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 1), ==, 6 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_max_memory (config), ==, 8 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_memory (config), ==, 2 * GIB);
    xml = vimana_domain_config_to_xml (config);
    g_assert_nonnull (strstr (xml, "memory=\"2097152\" unit=\"KiB\""));
    g_assert_nonnull (strstr (xml, "memory=\"6144\" unit=\"MiB\" memAccess=\"shared\""));
    assert_validates (config);

    /* The current memory alone: the cells stay as they are. */
    g_assert_true (vimana_domain_config_set_memory (config, 1 * GIB, 8 * GIB, NULL));
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 1), ==, 6 * GIB);

    /* An odd total: whole MiB for the first cell, the rest for the last; they add up. */
    g_assert_true (vimana_domain_config_set_memory (config, 512 * MIB, 1001 * MIB + 3, NULL));
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 0) % MIB, ==, 0);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 0) +
                      vimana_domain_config_get_numa_cell_memory (config, 1), ==, 1001 * MIB + 3);
    assert_validates (config);
}

/* Cells given by the user: the total follows from them, and must agree when given too. */
static void
test_cells_given (void)
{
    g_autoptr(VimanaDomainConfig) config = load ("memory-devices.xml");
    const guint64 cells[] = { 1 * GIB, 3 * GIB };
    const guint64 empty[] = { 1 * GIB, 0 };

    g_assert_true (vimana_domain_config_set_memory_layout (config, 2 * GIB, 0, cells, 2, NULL,
                                                           NULL, NULL));
    /* 4 GiB of cells and 2 GiB of devices. */
    g_assert_cmpuint (vimana_domain_config_get_max_memory (config), ==, 6 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 1), ==, 3 * GIB);
    assert_validates (config);
    /* The same total given as well is fine. */
    g_assert_true (vimana_domain_config_set_memory_layout (config, 2 * GIB, 6 * GIB, cells, 2,
                                                           NULL, NULL, NULL));

    assert_refused (config, 2 * GIB, 7 * GIB, cells, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "add up to 6144 MiB");
    assert_refused (config, 2 * GIB, 0, empty, VIMANA_MEMORY_FIELD_CELL, 1,
                    "A NUMA cell needs memory");
}

/* What libvirt would refuse or recompute is refused beside the right field, with the reason. */
static void
test_refusals (void)
{
    g_autoptr(VimanaDomainConfig) devices = load ("memory-devices.xml");
    g_autoptr(VimanaDomainConfig) numa = load ("numa-cells.xml");
    g_autoptr(VimanaDomainConfig) plain = load ("no-cells.xml");

    /* Issue 17 item 7: Memory 256 with Maximum 0 is the maximum's fault. */
    assert_refused (plain, 256 * MIB, 0, NULL, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "Maximum memory must be more than 0");
    assert_refused (plain, 0, 2 * GIB, NULL, VIMANA_MEMORY_FIELD_CURRENT, 0,
                    "Memory must be more than 0");
    assert_refused (plain, 4 * GIB, 2 * GIB, NULL, VIMANA_MEMORY_FIELD_CURRENT, 0,
                    "The current memory, 4096 MiB, is more than the maximum of 2048 MiB");

    /* libvirt: "Total size of memory devices exceeds the total memory size". */
    assert_refused (devices, 1 * GIB, 2 * GIB, NULL, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "memory devices take 2048 MiB");
    assert_refused (devices, 1 * GIB, 1 * GIB, NULL, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "memory devices take 2048 MiB");
    /* libvirt: "maximum memory size must be equal or greater than the actual memory size". */
    assert_refused (devices, 1 * GIB, 17 * GIB, NULL, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "hot-plug limit of 16384 MiB");
    /* Too little left over for two cells to have some each. */
    assert_refused (devices, 1 * GIB, 2 * GIB + 1, NULL, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "too little to share among the guest’s 2 NUMA cells");
    assert_refused (numa, 256 * MIB, 1, NULL, VIMANA_MEMORY_FIELD_MAXIMUM, 0,
                    "too little to share");

    /* Within all of them: the devices stay, the cells share the rest. */
    g_assert_true (vimana_domain_config_set_memory (devices, 1 * GIB, 10 * GIB, NULL));
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (devices, 0), ==, 4 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (devices, 1), ==, 4 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_memory_devices_size (devices), ==, 2 * GIB);
    g_assert_cmpuint (vimana_domain_config_get_memory_limit (devices, NULL), ==, 16 * GIB);
    assert_validates (devices);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/domain-config-memory/read", test_read);
    g_test_add_func ("/domain-config-memory/scale-cells", test_scale_cells);
    g_test_add_func ("/domain-config-memory/cells-given", test_cells_given);
    g_test_add_func ("/domain-config-memory/refusals", test_refusals);
    return g_test_run ();
}
