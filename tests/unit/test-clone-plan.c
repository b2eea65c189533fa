/* test-clone-plan.c: the clone plan on tests/data/clone
 *
 * The new identity (no UUID, no MAC, a new NVRAM filled from the source's, free display ports,
 * renamed serial, log and channel paths), each disk's choice (copy, linked overlay, share, skip),
 * several copies by a name pattern, and every check with the field it belongs to. Every XML the
 * plan makes is validated by virt-xml-validate (libvirt-clients) as a domain.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vimana-clone-plan.h"
#include "vimana-error.h"

#define GiB (G_GUINT64_CONSTANT (1) << 30)

static char *
load_fixture (const char *name)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "clone", name, NULL);
    g_autoptr(GError) error = NULL;
    char *xml = NULL;

    g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
    g_assert_no_error (error);
    return xml;
}

static void
assert_validates (const char *xml)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autofree char *validator = g_find_program_in_path ("virt-xml-validate");
    const char *argv[] = { "virt-xml-validate", NULL, "domain", NULL };
    int status = -1;
    int fd;

    if (validator == NULL) {
        g_test_message ("virt-xml-validate is not installed: schema not checked");
        return;
    }
    fd = g_file_open_tmp ("vimana-clone-XXXXXX.xml", &path, &error);
    g_assert_no_error (error);
    close (fd);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    argv[1] = path;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &out, &err, &status, &error));
    g_assert_no_error (error);
    g_unlink (path);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("virt-xml-validate refused\n%s\n%s%s", xml, out, err);
}

static void
add_volume (VimanaClonePoolFacts *pool,
            const char           *name)
{
    guint n = g_strv_length (pool->volumes);

    pool->volumes = g_renew (char *, pool->volumes, n + 2);
    pool->volumes[n] = g_strdup (name);
    pool->volumes[n + 1] = NULL;
}

static void
set_disk_volume (VimanaCloneFacts *facts,
                 guint             index,
                 const char       *pool,
                 const char       *volume,
                 guint64           capacity,
                 guint64           allocation)
{
    VimanaCloneDiskFacts *disk = g_ptr_array_index (facts->disks, index);

    g_free (disk->pool);
    disk->pool = g_strdup (pool);
    g_free (disk->volume);
    disk->volume = g_strdup (volume);
    if (disk->path == NULL)
        disk->path = g_build_filename ("/srv/data", volume, NULL);
    disk->capacity = capacity;
    disk->allocation = allocation;
    add_volume (vimana_clone_facts_find_pool (facts, pool), volume);
}

/* web.xml as the facts job would read it: vda in "default", vdb in "data", the CD in no pool. */
static VimanaCloneFacts *
web_facts (void)
{
    g_autofree char *xml = load_fixture ("web.xml");
    g_autoptr(GError) error = NULL;
    VimanaCloneFacts *facts = vimana_clone_facts_new_from_xml (xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (facts);
    vimana_clone_facts_add_pool (facts, "default", "/var/lib/libvirt/images", 100 * GiB);
    vimana_clone_facts_add_pool (facts, "data", "/srv/data", 50 * GiB);
    set_disk_volume (facts, 0, "default", "web.qcow2", 20 * GiB, 3 * GiB);
    set_disk_volume (facts, 1, "data", "web-data.img", 10 * GiB, 2 * GiB);
    g_strfreev (facts->guest_names);
    facts->guest_names = g_strsplit ("web,db,web-clone-taken", ",", -1);
    return facts;
}

static gboolean
has (const char *xml,
     const char *needle)
{
    return strstr (xml, needle) != NULL;
}

static void
test_facts (void)
{
    g_autoptr(VimanaCloneFacts) facts = web_facts ();
    VimanaCloneDiskFacts *vdb = g_ptr_array_index (facts->disks, 1);
    VimanaCloneDiskFacts *cd = g_ptr_array_index (facts->disks, 2);
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (facts);
    g_autofree char *suggested = NULL;

    g_assert_cmpstr (facts->name, ==, "web");
    g_assert_cmpuint (facts->disks->len, ==, 3);
    g_assert_true (facts->has_tpm);
    g_assert_false (facts->is_base);
    g_assert_cmpstr (vdb->format, ==, "raw");
    g_assert_true (cd->readonly);
    g_assert_cmpstr (options->name, ==, "web-clone");
    g_assert_cmpint (vimana_clone_options_get_mode (options, 0), ==, VIMANA_CLONE_DISK_COPY);
    g_assert_cmpint (vimana_clone_options_get_mode (options, 1), ==, VIMANA_CLONE_DISK_COPY);
    g_assert_cmpint (vimana_clone_options_get_mode (options, 2), ==, VIMANA_CLONE_DISK_SHARE);

    /* A suggestion that is taken moves on. */
    g_free (facts->name);
    facts->name = g_strdup ("web-clone");
    suggested = vimana_clone_facts_suggest_name (facts);
    g_assert_cmpstr (suggested, ==, "web-clone-clone");
}

/* Full copies: a new identity, the disks on new volumes in their own pools, the CD shared. */
static void
test_full_copy (void)
{
    g_autoptr(VimanaCloneFacts) facts = web_facts ();
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (facts);
    g_autoptr(VimanaClonePlan) plan = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    VimanaCloneCopy *copy;
    VimanaCloneVolume *vda, *vdb;
    VimanaCloneField field = VIMANA_CLONE_FIELD_NAME;

    plan = vimana_clone_plan_new (facts, options, &field, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_NONE);
    g_assert_false (plan->linked);
    g_assert_cmpuint (plan->copies->len, ==, 1);
    copy = g_ptr_array_index (plan->copies, 0);
    g_assert_cmpstr (copy->name, ==, "web-clone");
    g_assert_cmpuint (copy->volumes->len, ==, 2);
    vda = g_ptr_array_index (copy->volumes, 0);
    vdb = g_ptr_array_index (copy->volumes, 1);
    g_assert_cmpstr (vda->spec.name, ==, "web-clone.qcow2");
    g_assert_cmpstr (vda->pool, ==, "default");
    g_assert_cmpstr (vda->path, ==, "/var/lib/libvirt/images/web-clone.qcow2");
    g_assert_cmpstr (vda->spec.format, ==, "qcow2");
    g_assert_cmpuint (vda->spec.capacity, ==, 20 * GiB);
    g_assert_null (vda->spec.backing_path);
    g_assert_cmpstr (vdb->spec.name, ==, "web-clone-vdb.img");
    g_assert_cmpstr (vdb->pool, ==, "data");
    g_assert_cmpstr (vdb->spec.format, ==, "raw");
    g_assert_cmpuint (plan->need, ==, 5 * GiB);

    xml = vimana_clone_plan_build_xml (plan, 0, &error);
    g_assert_no_error (error);
    assert_validates (xml);
    g_assert_true (has (xml, "<name>web-clone</name>"));
    g_assert_false (has (xml, "<uuid>"));
    g_assert_false (has (xml, "5c2a0d1e"));
    g_assert_true (has (xml, "<genid/>"));
    g_assert_false (has (xml, "43dc0cf8"));
    g_assert_false (has (xml, "<mac"));
    g_assert_false (has (xml, "52:54:00:12:34:56"));
    g_assert_true (has (xml, "<source file=\"/var/lib/libvirt/images/web-clone.qcow2\"/>"));
    g_assert_true (has (xml, "<source file=\"/srv/data/web-clone-vdb.img\"/>"));
    g_assert_false (has (xml, "pool=\"data\""));
    g_assert_true (has (xml, "<source file=\"/var/lib/libvirt/images/debian.iso\"/>"));
    g_assert_true (has (xml, "<nvram template=\"/var/lib/libvirt/qemu/nvram/web_VARS.fd\">"
                             "/var/lib/libvirt/qemu/nvram/web-clone_VARS.fd</nvram>"));
    g_assert_true (has (xml, "autoport=\"yes\""));
    g_assert_false (has (xml, "5901"));
    g_assert_true (has (xml, "websocket=\"-1\""));
    g_assert_true (has (xml, "/var/log/libvirt/qemu/web-clone-serial0.log"));
    g_assert_true (has (xml, "/var/log/libvirt/qemu/web-clone-serial0.boot.log"));
    g_assert_true (has (xml, "/channel/target/web-clone.org.qemu.guest_agent.0"));
    g_assert_true (has (xml, "<app1:foo xmlns:app1=\"http://app1.example.org/\">keep me</app1:foo>"));
    g_assert_false (has (xml, VIMANA_CLONE_METADATA_NS));
    /* The fresh TPM is the default: its state follows the new UUID. */
    g_assert_true (has (xml, "<backend type=\"emulator\" version=\"2.0\"/>"));
}

/* A linked clone: a qcow2 overlay on the original in the chosen pool; a skipped disk is gone. */
static void
test_linked (void)
{
    g_autoptr(VimanaCloneFacts) facts = web_facts ();
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (facts);
    g_autoptr(VimanaClonePlan) plan = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    VimanaCloneVolume *vda;

    vimana_clone_options_set_mode (options, 0, VIMANA_CLONE_DISK_LINKED);
    vimana_clone_options_set_mode (options, 1, VIMANA_CLONE_DISK_SKIP);
    g_free (options->name);
    options->name = g_strdup ("web-linked");
    options->pool = g_strdup ("data");
    plan = vimana_clone_plan_new (facts, options, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (plan->linked);
    vda = g_ptr_array_index (((VimanaCloneCopy *) g_ptr_array_index (plan->copies, 0))->volumes, 0);
    g_assert_cmpint (vda->mode, ==, VIMANA_CLONE_DISK_LINKED);
    g_assert_cmpstr (vda->path, ==, "/srv/data/web-linked.qcow2");
    g_assert_cmpstr (vda->spec.format, ==, "qcow2");
    g_assert_cmpstr (vda->spec.backing_path, ==, "/var/lib/libvirt/images/web.qcow2");
    g_assert_cmpstr (vda->spec.backing_format, ==, "qcow2");
    g_assert_cmpuint (vda->spec.capacity, ==, 20 * GiB);

    xml = vimana_clone_plan_build_xml (plan, 0, &error);
    g_assert_no_error (error);
    assert_validates (xml);
    g_assert_true (has (xml, "<source file=\"/srv/data/web-linked.qcow2\"/>"));
    g_assert_false (has (xml, "web-data.img"));
    g_assert_false (has (xml, "vdb"));
    g_assert_true (has (xml, "debian.iso"));
    g_assert_true (has (xml, "base=\"web\""));
    g_assert_true (has (xml, VIMANA_CLONE_METADATA_NS));

    /* The overlay of a raw image says so. */
    vimana_clone_plan_free (g_steal_pointer (&plan));
    vimana_clone_options_set_mode (options, 0, VIMANA_CLONE_DISK_SKIP);
    vimana_clone_options_set_mode (options, 1, VIMANA_CLONE_DISK_LINKED);
    plan = vimana_clone_plan_new (facts, options, NULL, NULL, &error);
    g_assert_no_error (error);
    vda = g_ptr_array_index (((VimanaCloneCopy *) g_ptr_array_index (plan->copies, 0))->volumes, 0);
    g_assert_cmpstr (vda->spec.backing_format, ==, "raw");
    g_assert_cmpstr (vda->spec.name, ==, "web-linked.qcow2");
    g_clear_pointer (&xml, g_free);
    xml = vimana_clone_plan_build_xml (plan, 0, &error);
    g_assert_no_error (error);
    assert_validates (xml);
    g_assert_true (has (xml, "<driver name=\"qemu\" type=\"qcow2\"/>"));
}

static void
test_names (void)
{
    const char *bad[] = { "", "a/b", "-x", ".x", "a b", "web-#-#", "é", NULL };
    g_autofree char *long_name = g_strnfill (65, 'a');
    g_auto(GStrv) web = NULL;
    g_auto(GStrv) db = NULL;
    g_auto(GStrv) x = NULL;
    g_auto(GStrv) one = NULL;
    g_autoptr(GError) error = NULL;

    web = vimana_clone_expand_names ("web-##", 20, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (web), ==, 20);
    g_assert_cmpstr (web[0], ==, "web-01");
    g_assert_cmpstr (web[19], ==, "web-20");
    db = vimana_clone_expand_names ("db", 3, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (db[0], ==, "db-01");
    g_assert_cmpstr (db[2], ==, "db-03");
    x = vimana_clone_expand_names ("#x", 100, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (x[0], ==, "001x");
    g_assert_cmpstr (x[99], ==, "100x");
    one = vimana_clone_expand_names ("solo", 1, &error);
    g_assert_no_error (error);
    g_assert_cmpstrv (one, ((const char *[]) { "solo", NULL }));

    for (guint i = 0; bad[i] != NULL; i++) {
        g_assert_false (vimana_clone_check_name (bad[i], &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
    }
    g_assert_false (vimana_clone_check_name (long_name, &error));
    g_clear_error (&error);
    g_assert_null (vimana_clone_expand_names ("web", 0, &error));
    g_clear_error (&error);
    g_assert_null (vimana_clone_expand_names ("web", VIMANA_CLONE_MAX_COUNT + 1, &error));
    g_clear_error (&error);
}

/* Several copies by a pattern: distinct names and volumes, the free space counted for all. */
static void
test_count (void)
{
    g_autoptr(VimanaCloneFacts) facts = web_facts ();
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (facts);
    g_autoptr(VimanaClonePlan) plan = NULL;
    g_autoptr(GError) error = NULL;
    VimanaCloneField field;

    g_free (options->name);
    options->name = g_strdup ("web-##");
    options->count = 20;
    vimana_clone_options_set_mode (options, 0, VIMANA_CLONE_DISK_LINKED);
    vimana_clone_options_set_mode (options, 1, VIMANA_CLONE_DISK_SKIP);
    plan = vimana_clone_plan_new (facts, options, &field, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plan->copies->len, ==, 20);
    for (guint i = 0; i < plan->copies->len; i++) {
        VimanaCloneCopy *copy = g_ptr_array_index (plan->copies, i);
        g_autofree char *name = g_strdup_printf ("web-%02u", i + 1);
        g_autofree char *volume = g_strdup_printf ("web-%02u.qcow2", i + 1);
        g_autofree char *xml = vimana_clone_plan_build_xml (plan, i, &error);

        g_assert_no_error (error);
        g_assert_cmpstr (copy->name, ==, name);
        g_assert_cmpstr (((VimanaCloneVolume *) g_ptr_array_index (copy->volumes, 0))->spec.name,
                         ==, volume);
        if (i == 0 || i == 19)
            assert_validates (xml);
    }

    /* Twenty full copies of 3 GiB do not fit in 50 GiB. */
    vimana_clone_plan_free (g_steal_pointer (&plan));
    vimana_clone_options_set_mode (options, 0, VIMANA_CLONE_DISK_COPY);
    options->pool = g_strdup ("data");
    plan = vimana_clone_plan_new (facts, options, &field, NULL, &error);
    g_assert_null (plan);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_POOL);
    g_assert_true (has (error->message, "“data”"));
    g_clear_error (&error);
    options->count = 16;
    plan = vimana_clone_plan_new (facts, options, &field, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (plan->need, ==, 48 * GiB);
}

/* Each refusal, with the field it is shown under and nothing planned. */
static void
test_checks (void)
{
    g_autoptr(VimanaCloneFacts) facts = web_facts ();
    g_autoptr(VimanaCloneOptions) options = vimana_clone_options_new (facts);
    g_autoptr(GError) error = NULL;
    VimanaCloneDiskFacts *cd = g_ptr_array_index (facts->disks, 2);
    VimanaCloneField field;
    guint disk = 99;

    facts->running = TRUE;
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_NONE);
    g_assert_true (has (error->message, "running"));
    g_clear_error (&error);
    facts->running = FALSE;

    g_free (options->name);
    options->name = g_strdup ("db");
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_NAME);
    g_clear_error (&error);

    g_free (options->name);
    options->name = g_strdup ("");
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_NAME);
    g_clear_error (&error);

    /* A volume of the new name in the pool. */
    g_free (options->name);
    options->name = g_strdup ("old");
    add_volume (vimana_clone_facts_find_pool (facts, "default"), "old.qcow2");
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_NAME);
    g_assert_true (has (error->message, "old.qcow2"));
    g_clear_error (&error);

    /* The CD can be shared or skipped, not copied or linked. */
    g_free (options->name);
    options->name = g_strdup ("new");
    vimana_clone_options_set_mode (options, 2, VIMANA_CLONE_DISK_COPY);
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_DISK);
    g_assert_cmpuint (disk, ==, 2);
    g_assert_true (has (error->message, "sda"));
    g_clear_error (&error);
    g_assert_false (vimana_clone_disk_mode_allowed (cd, VIMANA_CLONE_DISK_LINKED, NULL));
    g_assert_true (vimana_clone_disk_mode_allowed (cd, VIMANA_CLONE_DISK_SKIP, NULL));
    vimana_clone_options_set_mode (options, 2, VIMANA_CLONE_DISK_SHARE);

    /* Not enough room in the disks' own pool. */
    vimana_clone_facts_find_pool (facts, "default")->available = 2 * GiB;
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_COUNT);
    g_assert_true (has (error->message, "“default”"));
    g_clear_error (&error);
    vimana_clone_facts_find_pool (facts, "default")->available = 100 * GiB;

    /* A pool that does not run, or does not exist. */
    options->pool = g_strdup ("data");
    vimana_clone_facts_find_pool (facts, "data")->active = FALSE;
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_POOL);
    g_clear_error (&error);
    g_free (options->pool);
    options->pool = g_strdup ("nowhere");
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_POOL);
    g_clear_error (&error);
    g_clear_pointer (&options->pool, g_free);

    /* This libvirt cannot copy a TPM's state. */
    options->tpm = VIMANA_CLONE_TPM_COPY;
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_TPM);
    g_clear_error (&error);
}

/* A base: its marker is not copied to its clones, and new clones join its list. */
static void
test_base (void)
{
    g_autofree char *xml = load_fixture ("base.xml");
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaCloneFacts) facts = vimana_clone_facts_new_from_xml (xml, &error);
    g_autoptr(VimanaCloneOptions) options = NULL;
    g_autoptr(VimanaClonePlan) plan = NULL;
    g_autofree char *clone_xml = NULL;
    g_autofree char *metadata = NULL;
    const char *names[] = { "gold-02", "gold-01", NULL };
    VimanaCloneField field;
    guint disk;

    g_assert_no_error (error);
    g_assert_true (facts->is_base);
    vimana_clone_facts_add_pool (facts, "default", "/var/lib/libvirt/images", 100 * GiB);
    options = vimana_clone_options_new (facts);
    g_assert_cmpstr (options->name, ==, "gold-clone");
    /* No pool has the image: it can be linked, not copied, and the overlay needs a pool. */
    g_assert_cmpint (vimana_clone_options_get_mode (options, 0), ==, VIMANA_CLONE_DISK_LINKED);
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_DISK);
    g_assert_cmpuint (disk, ==, 0);
    g_clear_error (&error);
    vimana_clone_options_set_mode (options, 0, VIMANA_CLONE_DISK_COPY);
    options->pool = g_strdup ("default");
    g_assert_null (vimana_clone_plan_new (facts, options, &field, &disk, &error));
    g_assert_cmpint (field, ==, VIMANA_CLONE_FIELD_DISK);
    g_clear_error (&error);
    vimana_clone_options_set_mode (options, 0, VIMANA_CLONE_DISK_LINKED);
    plan = vimana_clone_plan_new (facts, options, &field, &disk, &error);
    g_assert_no_error (error);

    clone_xml = vimana_clone_plan_build_xml (plan, 0, &error);
    g_assert_no_error (error);
    assert_validates (clone_xml);
    g_assert_false (has (clone_xml, "<vimana-clone:base"));
    g_assert_false (has (clone_xml, "gold-01"));
    g_assert_true (has (clone_xml, "base=\"gold\""));
    g_assert_true (has (clone_xml, "/var/lib/libvirt/images/gold-clone.qcow2"));
    g_assert_false (has (clone_xml, "52:54:00:aa:bb:cc"));

    metadata = vimana_clone_plan_base_metadata ("<base><clone name=\"gold-01\"/></base>", names);
    g_assert_cmpstr (metadata, ==, "<base><clone name=\"gold-01\"/><clone name=\"gold-02\"/></base>");
    g_clear_pointer (&metadata, g_free);
    metadata = vimana_clone_plan_base_metadata (NULL, names + 1);
    g_assert_cmpstr (metadata, ==, "<base><clone name=\"gold-01\"/></base>");

    g_assert_null (vimana_clone_facts_new_from_xml ("<network/>", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/clone/plan/facts", test_facts);
    g_test_add_func ("/clone/plan/full-copy", test_full_copy);
    g_test_add_func ("/clone/plan/linked", test_linked);
    g_test_add_func ("/clone/plan/names", test_names);
    g_test_add_func ("/clone/plan/count", test_count);
    g_test_add_func ("/clone/plan/checks", test_checks);
    g_test_add_func ("/clone/plan/base", test_base);
    return g_test_run ();
}
