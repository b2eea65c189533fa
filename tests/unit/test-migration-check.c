/* test-migration-check.c: a migration's options, libvirt's flags, the progress and the pre-flight
 * checklist, all pure (tier 1, suite "unit")
 *
 * The checklist's fixtures are in tests/data/migration (see tests/data/README).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-migration-check.h"
#include "vimana-migration-options.h"
#include "vimana-migration.h"

static void
check_field (VimanaMigrationOptions *options,
             VimanaMigrationField    expected)
{
    g_autoptr(GError) error = NULL;
    VimanaMigrationField field = VIMANA_MIGRATION_FIELD_NONE;
    gboolean ok = vimana_migration_options_check (options, &field, &error);

    if (expected == VIMANA_MIGRATION_FIELD_NONE) {
        g_assert_no_error (error);
        g_assert_true (ok);
    } else {
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        g_assert_false (ok);
        g_assert_nonnull (error->message);
        g_assert_cmpstr (error->message, !=, "");
    }
    g_assert_cmpint (field, ==, expected);
}

static void
test_options_defaults (void)
{
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigrationOptions) copy = NULL;

    g_assert_cmpint (options->mode, ==, VIMANA_MIGRATION_MODE_DIRECT);
    g_assert_true (options->live);
    g_assert_true (options->persist);
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    g_assert_cmpuint (vimana_migration_options_get_flags (options), ==,
                      VIR_MIGRATE_LIVE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE);
    g_assert_null (vimana_migration_options_get_data_uri (options));

    options->address = g_strdup ("10.0.0.2");
    options->dest_name = g_strdup ("web-01-moved");
    copy = vimana_migration_options_copy (options);
    g_assert_true (copy->address != options->address);
    g_assert_cmpstr (copy->address, ==, "10.0.0.2");
    g_assert_cmpstr (copy->dest_name, ==, "web-01-moved");
}

static void
test_options_flags (void)
{
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();

    options->mode = VIMANA_MIGRATION_MODE_PEER_TO_PEER;
    options->persist = FALSE;
    options->copy_storage = TRUE;
    options->auto_converge = TRUE;
    options->postcopy = TRUE;
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    g_assert_cmpuint (vimana_migration_options_get_flags (options), ==,
                      VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_NON_SHARED_DISK
                      | VIR_MIGRATE_AUTO_CONVERGE | VIR_MIGRATE_POSTCOPY);

    options->mode = VIMANA_MIGRATION_MODE_TUNNELLED;
    options->postcopy = FALSE;
    g_assert_cmpuint (vimana_migration_options_get_flags (options), ==,
                      VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED
                      | VIR_MIGRATE_NON_SHARED_DISK | VIR_MIGRATE_AUTO_CONVERGE);

    options->mode = VIMANA_MIGRATION_MODE_DIRECT;
    options->live = FALSE;
    options->persist = TRUE;
    options->copy_storage = FALSE;
    options->auto_converge = FALSE;
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    g_assert_cmpuint (vimana_migration_options_get_flags (options), ==,
                      VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE);
    options->unsafe = TRUE;
    g_assert_cmpuint (vimana_migration_options_get_flags (options), ==,
                      VIR_MIGRATE_OFFLINE | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE
                      | VIR_MIGRATE_UNSAFE);
}

static void
test_options_invalid (void)
{
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();

    options->live = FALSE;
    options->persist = FALSE;
    check_field (options, VIMANA_MIGRATION_FIELD_PERSIST);
    options->persist = TRUE;
    options->copy_storage = TRUE;
    check_field (options, VIMANA_MIGRATION_FIELD_COPY_STORAGE);
    options->copy_storage = FALSE;
    options->auto_converge = TRUE;
    check_field (options, VIMANA_MIGRATION_FIELD_AUTO_CONVERGE);
    options->auto_converge = FALSE;
    options->postcopy = TRUE;
    check_field (options, VIMANA_MIGRATION_FIELD_POSTCOPY);
    options->postcopy = FALSE;
    options->max_downtime = 300;
    check_field (options, VIMANA_MIGRATION_FIELD_MAX_DOWNTIME);

    options->live = TRUE;
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    options->max_downtime = VIMANA_MIGRATION_MAX_DOWNTIME;
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    options->max_downtime = VIMANA_MIGRATION_MAX_DOWNTIME + 1;
    check_field (options, VIMANA_MIGRATION_FIELD_MAX_DOWNTIME);
    options->max_downtime = 0;
    options->bandwidth = VIMANA_MIGRATION_MAX_BANDWIDTH;
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    options->bandwidth = VIMANA_MIGRATION_MAX_BANDWIDTH + 1;
    check_field (options, VIMANA_MIGRATION_FIELD_BANDWIDTH);
    options->bandwidth = 0;

    /* The pool for copied disks: a pool's name, never a path. */
    options->copy_storage = TRUE;
    options->storage_pool = g_strdup ("default");
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    g_free (options->storage_pool);
    options->storage_pool = g_strdup ("../etc");
    check_field (options, VIMANA_MIGRATION_FIELD_COPY_STORAGE);
    g_free (options->storage_pool);
    options->storage_pool = g_strdup ("");
    check_field (options, VIMANA_MIGRATION_FIELD_COPY_STORAGE);
    g_clear_pointer (&options->storage_pool, g_free);
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    options->copy_storage = FALSE;

    options->mode = VIMANA_MIGRATION_MODE_TUNNELLED;
    options->postcopy = TRUE;
    check_field (options, VIMANA_MIGRATION_FIELD_POSTCOPY);
    options->postcopy = FALSE;
    options->address = g_strdup ("10.0.0.2");
    check_field (options, VIMANA_MIGRATION_FIELD_ADDRESS);
    options->mode = VIMANA_MIGRATION_MODE_DIRECT;
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
    options->mode = 7;
    check_field (options, VIMANA_MIGRATION_FIELD_MODE);
    options->mode = VIMANA_MIGRATION_MODE_DIRECT;

    options->dest_name = g_strdup ("a/b");
    check_field (options, VIMANA_MIGRATION_FIELD_DEST_NAME);
    g_free (options->dest_name);
    options->dest_name = g_strdup ("tab\there");
    check_field (options, VIMANA_MIGRATION_FIELD_DEST_NAME);
    g_free (options->dest_name);
    options->dest_name = g_strdup ("web-01 (moved)");
    check_field (options, VIMANA_MIGRATION_FIELD_NONE);
}

static void
test_options_address (void)
{
    static const struct {
        const char *address;
        const char *uri;   /* NULL: refused */
    } cases[] = {
        { "10.0.0.2", "tcp://10.0.0.2" },
        { "10.0.0.2:49152", "tcp://10.0.0.2:49152" },
        { "tcp://host-b.example.org", "tcp://host-b.example.org" },
        { "tcp://host-b:49152", "tcp://host-b:49152" },
        { "[fd00::2]", "tcp://[fd00::2]" },
        { "[fd00::2]:49152", "tcp://[fd00::2]:49152" },
        { "host b", NULL },
        { "host;reboot", NULL },
        { "host:0", NULL },
        { "host:65536", NULL },
        { "host:", NULL },
        { "-host", NULL },
        { "host..b", NULL },
        { "[fd00::2", NULL },
        { "[not-v6]", NULL },
        { "ssh://host", NULL },
        { "tcp://", NULL },
        { "host/path", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
        g_autofree char *uri = NULL;

        options->address = g_strdup (cases[i].address);
        g_test_message ("%s", cases[i].address);
        check_field (options, cases[i].uri != NULL ? VIMANA_MIGRATION_FIELD_NONE
                     : VIMANA_MIGRATION_FIELD_ADDRESS);
        uri = vimana_migration_options_get_data_uri (options);
        g_assert_cmpstr (uri, ==, cases[i].uri);
    }
}

static void
test_progress_parse (void)
{
    virTypedParameterPtr params = NULL;
    int n = 0;
    int max = 0;
    VimanaMigrationProgress progress;

    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_TIME_ELAPSED, 5200), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DATA_TOTAL, 1073741824), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DATA_PROCESSED, 805306368), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DATA_REMAINING, 268435456), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE, 1000), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_ITERATION, 3), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_BPS, 104857600), ==, 0);
    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_DOWNTIME, 300), ==, 0);

    vimana_migration_progress_parse (&progress, VIR_DOMAIN_JOB_UNBOUNDED, params, n);
    g_assert_true (progress.active);
    g_assert_cmpuint (progress.time_elapsed, ==, 5200);
    g_assert_cmpuint (progress.data_total, ==, 1073741824);
    g_assert_cmpuint (progress.data_processed, ==, 805306368);
    g_assert_cmpuint (progress.data_remaining, ==, 268435456);
    g_assert_cmpuint (progress.dirty_rate, ==, 1000 * 4096);  /* pages of 4 KiB by default */
    g_assert_cmpuint (progress.iteration, ==, 3);
    g_assert_cmpuint (progress.bandwidth, ==, 104857600);
    g_assert_cmpuint (progress.expected_downtime, ==, 300);
    g_assert_cmpuint (progress.disk_remaining, ==, 0);

    g_assert_cmpint (virTypedParamsAddULLong (&params, &n, &max, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE, 2097152), ==, 0);
    vimana_migration_progress_parse (&progress, VIR_DOMAIN_JOB_BOUNDED, params, n);
    g_assert_cmpuint (progress.dirty_rate, ==, G_GUINT64_CONSTANT (1000) * 2097152);
    virTypedParamsFree (params, n);

    vimana_migration_progress_parse (&progress, VIR_DOMAIN_JOB_NONE, NULL, 0);
    g_assert_false (progress.active);
    g_assert_cmpuint (progress.data_remaining, ==, 0);
}

/* ---- the checklist ---- */

static char *
read_fixture (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "migration", name, NULL);
    g_autoptr(GError) error = NULL;
    char *contents = NULL;

    g_file_get_contents (path, &contents, NULL, &error);
    g_assert_no_error (error);
    return contents;
}

/* A destination that has everything guest.xml needs. */
static VimanaMigrationHostFacts *
good_facts (void)
{
    VimanaMigrationHostFacts *facts = vimana_migration_host_facts_new ();
    const char *networks[] = { "default", "isolated", NULL };
    const char *bridges[] = { "virbr0", "br0", "eth0", NULL };

    facts->same_host = 0;
    facts->capabilities_xml = read_fixture ("capabilities.xml");
    facts->cpu_compare = VIR_CPU_COMPARE_SUPERSET;
    facts->networks = g_strdupv ((char **) networks);
    facts->bridges = g_strdupv ((char **) bridges);
    facts->storage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_add (facts->storage, g_strdup ("/var/lib/libvirt/images/web-01.qcow2"));
    g_hash_table_add (facts->storage, g_strdup ("data/web-01-data"));
    g_hash_table_add (facts->storage, g_strdup ("/srv/iso/debian-12.iso"));
    facts->free_memory = G_GUINT64_CONSTANT (8) << 30;
    return facts;
}

static const VimanaMigrationCheck *
find_check (GPtrArray                *checks,
            VimanaMigrationCheckKind  kind,
            const char               *subject)
{
    for (guint i = 0; i < checks->len; i++) {
        const VimanaMigrationCheck *check = g_ptr_array_index (checks, i);

        if (check->kind == kind && (subject == NULL || g_strcmp0 (check->subject, subject) == 0))
            return check;
    }
    g_error ("no check of kind %d for %s", kind, subject);
    return NULL;
}

static void
assert_check (GPtrArray                *checks,
              VimanaMigrationCheckKind  kind,
              const char               *subject,
              VimanaCheckLevel          level,
              const char               *in_reason)
{
    const VimanaMigrationCheck *check = find_check (checks, kind, subject);

    g_test_message ("%s: %s", check->subject, check->reason);
    g_assert_cmpint (check->level, ==, level);
    g_assert_nonnull (check->reason);
    if (in_reason != NULL && strstr (check->reason, in_reason) == NULL)
        g_error ("“%s” does not mention “%s”", check->reason, in_reason);
}

static void
test_checklist_good (void)
{
    g_autofree char *xml = read_fixture ("guest.xml");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigrationHostFacts) facts = good_facts ();
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(GError) error = NULL;

    /* Offline, so that the USB device is amber rather than red. */
    options->live = FALSE;
    checks = vimana_migration_checklist (xml, options, facts, &error);
    g_assert_no_error (error);
    g_assert_nonnull (checks);
    /* host, CPU, machine, memory, 4 disks with a source (the empty CD-ROM has no line),
     * 2 interfaces, 1 host device */
    g_assert_cmpuint (checks->len, ==, 4 + 4 + 2 + 1);
    assert_check (checks, VIMANA_MIGRATION_CHECK_HOST, NULL, VIMANA_CHECK_OK, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_CPU, NULL, VIMANA_CHECK_OK, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_MACHINE, NULL, VIMANA_CHECK_OK, "pc-q35-7.2");
    assert_check (checks, VIMANA_MIGRATION_CHECK_MEMORY, NULL, VIMANA_CHECK_OK, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vda", VIMANA_CHECK_OK, "web-01.qcow2");
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vdb", VIMANA_CHECK_OK, "data/web-01-data");
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vdc", VIMANA_CHECK_OK, "nbd");
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "sda", VIMANA_CHECK_OK, "debian-12.iso");
    assert_check (checks, VIMANA_MIGRATION_CHECK_NETWORK, "52:54:00:00:00:01", VIMANA_CHECK_OK, "default");
    assert_check (checks, VIMANA_MIGRATION_CHECK_NETWORK, "52:54:00:00:00:02", VIMANA_CHECK_OK, "br0");
    assert_check (checks, VIMANA_MIGRATION_CHECK_DEVICE, NULL, VIMANA_CHECK_WARNING, NULL);
    g_assert_cmpstr (find_check (checks, VIMANA_MIGRATION_CHECK_DEVICE, NULL)->subject, ==,
                     "usb 0x046d:0xc52b");
    g_assert_cmpint (vimana_migration_checklist_worst (checks), ==, VIMANA_CHECK_WARNING);
}

static void
test_checklist_missing (void)
{
    g_autofree char *xml = read_fixture ("guest.xml");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigrationHostFacts) facts = good_facts ();
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(GPtrArray) copied = NULL;
    g_autoptr(GError) error = NULL;
    const char *networks[] = { "isolated", NULL };

    /* A destination without the disk files, the ISO, the network or the bridge, a CPU short
     * of features and barely enough memory. */
    g_hash_table_remove_all (facts->storage);
    g_strfreev (facts->networks);
    facts->networks = g_strdupv ((char **) networks);
    g_clear_pointer (&facts->bridges, g_strfreev);
    facts->cpu_compare = VIR_CPU_COMPARE_INCOMPATIBLE;
    facts->cpu_message = g_strdup ("Host CPU does not provide required features: md-clear");
    facts->free_memory = (G_GUINT64_CONSTANT (1) << 30) + (50 << 20);
    facts->same_host = 1;

    checks = vimana_migration_checklist (xml, options, facts, &error);
    g_assert_no_error (error);
    assert_check (checks, VIMANA_MIGRATION_CHECK_HOST, NULL, VIMANA_CHECK_BLOCKER, "own host");
    assert_check (checks, VIMANA_MIGRATION_CHECK_CPU, NULL, VIMANA_CHECK_BLOCKER, "md-clear");
    assert_check (checks, VIMANA_MIGRATION_CHECK_MEMORY, NULL, VIMANA_CHECK_WARNING, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vda", VIMANA_CHECK_BLOCKER, "Copy storage");
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vdb", VIMANA_CHECK_BLOCKER, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vdc", VIMANA_CHECK_OK, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "sda", VIMANA_CHECK_BLOCKER, "eject");
    assert_check (checks, VIMANA_MIGRATION_CHECK_NETWORK, "52:54:00:00:00:01", VIMANA_CHECK_BLOCKER, "default");
    /* Bridges unknown: amber, not red. */
    assert_check (checks, VIMANA_MIGRATION_CHECK_NETWORK, "52:54:00:00:00:02", VIMANA_CHECK_WARNING, "br0");
    /* Live: the USB device blocks. */
    assert_check (checks, VIMANA_MIGRATION_CHECK_DEVICE, NULL, VIMANA_CHECK_BLOCKER, NULL);
    g_assert_cmpint (vimana_migration_checklist_worst (checks), ==, VIMANA_CHECK_BLOCKER);

    /* Copying storage turns the disks amber; the ISO is never copied. */
    options->copy_storage = TRUE;
    copied = vimana_migration_checklist (xml, options, facts, &error);
    g_assert_no_error (error);
    assert_check (copied, VIMANA_MIGRATION_CHECK_DISK, "vda", VIMANA_CHECK_WARNING, "copied");
    assert_check (copied, VIMANA_MIGRATION_CHECK_DISK, "vdb", VIMANA_CHECK_WARNING, "copied");
    assert_check (copied, VIMANA_MIGRATION_CHECK_DISK, "sda", VIMANA_CHECK_BLOCKER, NULL);

    /* A model that is not checked (a running guest's default qemu64): amber, not red. */
    {
        g_autoptr(GString) unchecked = g_string_new (xml);
        g_autoptr(GPtrArray) lines = NULL;

        g_assert_cmpuint (g_string_replace (unchecked, "check='partial'", "check='none'", 1), ==, 1);
        lines = vimana_migration_checklist (unchecked->str, options, facts, &error);
        g_assert_no_error (error);
        assert_check (lines, VIMANA_MIGRATION_CHECK_CPU, NULL, VIMANA_CHECK_WARNING, "checked");
    }

    /* Not enough memory at all. */
    g_clear_pointer (&checks, g_ptr_array_unref);
    facts->free_memory = 512 << 20;
    checks = vimana_migration_checklist (xml, options, facts, &error);
    g_assert_no_error (error);
    assert_check (checks, VIMANA_MIGRATION_CHECK_MEMORY, NULL, VIMANA_CHECK_BLOCKER, "512 MiB");
}

static void
test_checklist_passthrough (void)
{
    g_autofree char *xml = read_fixture ("guest-passthrough.xml");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigrationHostFacts) facts = good_facts ();
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(GError) error = NULL;

    g_hash_table_add (facts->storage, g_strdup ("/dev/vg0/db-01"));
    checks = vimana_migration_checklist (xml, options, facts, &error);
    g_assert_no_error (error);
    assert_check (checks, VIMANA_MIGRATION_CHECK_CPU, NULL, VIMANA_CHECK_WARNING, "host-passthrough");
    /* The machine type is missing before the emulator is looked at. */
    assert_check (checks, VIMANA_MIGRATION_CHECK_MACHINE, NULL, VIMANA_CHECK_BLOCKER, "pc-i440fx-5.2");
    /* 4 GiB of 8 free */
    assert_check (checks, VIMANA_MIGRATION_CHECK_MEMORY, NULL, VIMANA_CHECK_OK, "4 GiB");
    assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vda", VIMANA_CHECK_OK, NULL);
    assert_check (checks, VIMANA_MIGRATION_CHECK_NETWORK, NULL, VIMANA_CHECK_WARNING, "eth0");
}

static void
test_checklist_machine (void)
{
    g_autofree char *xml = read_fixture ("guest.xml");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigrationHostFacts) facts = good_facts ();
    static const struct {
        const char       *from;
        const char       *to;
        VimanaCheckLevel  level;
        const char       *in_reason;
    } cases[] = {
        { "machine='pc-q35-7.2'", "machine='q35'", VIMANA_CHECK_OK, "q35" },
        { "arch='x86_64'", "arch='aarch64'", VIMANA_CHECK_BLOCKER, "aarch64" },
        { "<domain type='kvm'>", "<domain type='xen'>", VIMANA_CHECK_BLOCKER, "xen" },
        { "/usr/bin/qemu-system-x86_64", "/opt/qemu/bin/qemu-kvm", VIMANA_CHECK_BLOCKER, "/opt/qemu/bin/qemu-kvm" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GString) changed = g_string_new (xml);
        g_autoptr(GPtrArray) checks = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_cmpuint (g_string_replace (changed, cases[i].from, cases[i].to, 1), ==, 1);
        checks = vimana_migration_checklist (changed->str, options, facts, &error);
        g_assert_no_error (error);
        assert_check (checks, VIMANA_MIGRATION_CHECK_MACHINE, NULL, cases[i].level, cases[i].in_reason);
    }

    /* Nothing known of the destination: amber everywhere that needed it, never green. */
    {
        g_autoptr(VimanaMigrationHostFacts) unknown = vimana_migration_host_facts_new ();
        g_autoptr(GPtrArray) checks = NULL;
        g_autoptr(GError) error = NULL;

        checks = vimana_migration_checklist (xml, options, unknown, &error);
        g_assert_no_error (error);
        assert_check (checks, VIMANA_MIGRATION_CHECK_HOST, NULL, VIMANA_CHECK_WARNING, NULL);
        assert_check (checks, VIMANA_MIGRATION_CHECK_CPU, NULL, VIMANA_CHECK_WARNING, NULL);
        assert_check (checks, VIMANA_MIGRATION_CHECK_MACHINE, NULL, VIMANA_CHECK_WARNING, NULL);
        assert_check (checks, VIMANA_MIGRATION_CHECK_MEMORY, NULL, VIMANA_CHECK_WARNING, NULL);
        assert_check (checks, VIMANA_MIGRATION_CHECK_DISK, "vda", VIMANA_CHECK_WARNING, NULL);
        assert_check (checks, VIMANA_MIGRATION_CHECK_NETWORK, "52:54:00:00:00:01", VIMANA_CHECK_WARNING, NULL);
    }
}

static void
test_checklist_bad_xml (void)
{
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigrationHostFacts) facts = vimana_migration_host_facts_new ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GError) error2 = NULL;

    g_assert_null (vimana_migration_checklist ("<domain", options, facts, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_null (vimana_migration_checklist ("<network/>", options, facts, &error2));
    g_assert_error (error2, VIMANA_ERROR, VIMANA_ERROR_FAILED);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/migration/options/defaults", test_options_defaults);
    g_test_add_func ("/migration/options/flags", test_options_flags);
    g_test_add_func ("/migration/options/invalid", test_options_invalid);
    g_test_add_func ("/migration/options/address", test_options_address);
    g_test_add_func ("/migration/progress/parse", test_progress_parse);
    g_test_add_func ("/migration/checklist/good", test_checklist_good);
    g_test_add_func ("/migration/checklist/missing", test_checklist_missing);
    g_test_add_func ("/migration/checklist/passthrough", test_checklist_passthrough);
    g_test_add_func ("/migration/checklist/machine", test_checklist_machine);
    g_test_add_func ("/migration/checklist/bad-xml", test_checklist_bad_xml);
    return g_test_run ();
}
