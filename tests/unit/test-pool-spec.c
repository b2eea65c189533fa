/* test-pool-spec.c: the one pool spec New Pool defines every pool type from, its checks and XML
 *
 * The XML is checked against libvirt's own schema with virt-xml-validate (skipped where it is
 * not installed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-pool-spec.h"
#include "vimana-xml.h"

static void
assert_valid_pool_xml (const char *xml)
{
    g_autofree char *validator = g_find_program_in_path ("virt-xml-validate");
    g_autofree char *path = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int fd;
    int status = -1;

    if (validator == NULL) {
        g_test_message ("virt-xml-validate is not installed: schema not checked");
        return;
    }
    fd = g_file_open_tmp ("vimana-pool-XXXXXX.xml", &path, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    g_close (fd, NULL);
    g_assert_true (g_spawn_sync (NULL, (char *[]) { validator, path, (char *) "storagepool", NULL },
                                 NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("virt-xml-validate refused\n%s\n%s%s", xml, out, err);
    g_unlink (path);
}

static char *
checked_xml (const VimanaPoolSpec *spec)
{
    g_autoptr(GError) error = NULL;
    VimanaPoolField field;
    char *xml;

    g_assert_true (vimana_pool_spec_check (spec, &field, &error));
    g_assert_no_error (error);
    xml = vimana_pool_spec_to_xml (spec);
    g_test_message ("%s", xml);
    assert_valid_pool_xml (xml);
    return xml;
}

static void
test_dir (void)
{
    VimanaPoolSpec spec = { VIMANA_POOL_KIND_DIR, "i16-pool", "/srv/a & b", NULL, NULL };
    g_autofree char *xml = checked_xml (&spec);
    g_autofree char *type = vimana_xml_get_value (xml, NULL, NULL, "type");
    g_autofree char *path = vimana_xml_get_value (xml, "target", "path", NULL);

    g_assert_cmpstr (type, ==, "dir");
    g_assert_cmpstr (path, ==, "/srv/a & b");
}

static void
test_fs (void)
{
    VimanaPoolSpec spec = { VIMANA_POOL_KIND_FS, "i16-fs", "/mnt/data", NULL, "/dev/sdb1" };
    g_autofree char *xml = checked_xml (&spec);
    g_autofree char *device = vimana_xml_get_value (xml, "source", "device", "path");
    g_autofree char *path = vimana_xml_get_value (xml, "target", "path", NULL);

    g_assert_cmpstr (device, ==, "/dev/sdb1");
    g_assert_cmpstr (path, ==, "/mnt/data");
}

static void
test_netfs (void)
{
    VimanaPoolSpec spec = { VIMANA_POOL_KIND_NETFS, "i16-nfs", "/mnt/nfs", "nas.example.org",
                            "/export/vms" };
    g_autofree char *xml = checked_xml (&spec);
    g_autofree char *host = vimana_xml_get_value (xml, "source", "host", "name");
    g_autofree char *dir = vimana_xml_get_value (xml, "source", "dir", "path");
    g_autofree char *format = vimana_xml_get_value (xml, "source", "format", "type");

    g_assert_cmpstr (host, ==, "nas.example.org");
    g_assert_cmpstr (dir, ==, "/export/vms");
    g_assert_cmpstr (format, ==, "nfs");
}

static void
test_logical_iscsi_disk (void)
{
    VimanaPoolSpec logical = { VIMANA_POOL_KIND_LOGICAL, "i16-vg", NULL, NULL, "vg0" };
    VimanaPoolSpec iscsi = { VIMANA_POOL_KIND_ISCSI, "i16-iscsi", NULL, "192.168.1.10",
                             "iqn.2024-01.com.example:disk1" };
    VimanaPoolSpec disk = { VIMANA_POOL_KIND_DISK, "i16-disk", NULL, NULL, "/dev/sdc" };
    g_autofree char *lxml = checked_xml (&logical);
    g_autofree char *ixml = checked_xml (&iscsi);
    g_autofree char *dxml = checked_xml (&disk);
    g_autofree char *vg = vimana_xml_get_value (lxml, "source", "name", NULL);
    g_autofree char *iqn = vimana_xml_get_value (ixml, "source", "device", "path");
    g_autofree char *dev = vimana_xml_get_value (dxml, "source", "device", "path");

    g_assert_cmpstr (vg, ==, "vg0");
    g_assert_cmpstr (iqn, ==, "iqn.2024-01.com.example:disk1");
    g_assert_cmpstr (dev, ==, "/dev/sdc");
}

static void
assert_refused (const VimanaPoolSpec *spec,
                VimanaPoolField       expected)
{
    g_autoptr(GError) error = NULL;
    VimanaPoolField field;

    g_assert_false (vimana_pool_spec_check (spec, &field, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_cmpint (field, ==, expected);
}

static void
test_refused (void)
{
    VimanaPoolSpec no_name = { VIMANA_POOL_KIND_DIR, "", "/srv", NULL, NULL };
    VimanaPoolSpec bad_name = { VIMANA_POOL_KIND_DIR, "a'b", "/srv", NULL, NULL };
    VimanaPoolSpec relative = { VIMANA_POOL_KIND_DIR, "p", "srv/vms", NULL, NULL };
    VimanaPoolSpec dotdot = { VIMANA_POOL_KIND_DIR, "p", "/srv/../etc", NULL, NULL };
    VimanaPoolSpec bad_host = { VIMANA_POOL_KIND_NETFS, "p", "/mnt", "nas;rm -rf", "/e" };
    VimanaPoolSpec no_host = { VIMANA_POOL_KIND_NETFS, "p", "/mnt", NULL, "/e" };
    VimanaPoolSpec bad_export = { VIMANA_POOL_KIND_NETFS, "p", "/mnt", "nas", "export" };
    VimanaPoolSpec bad_iqn = { VIMANA_POOL_KIND_ISCSI, "p", NULL, "nas", "iqn.24-01.x" };
    VimanaPoolSpec bad_vg = { VIMANA_POOL_KIND_LOGICAL, "p", NULL, NULL, "/dev/vg0" };
    VimanaPoolSpec bad_dev = { VIMANA_POOL_KIND_DISK, "p", NULL, NULL, "sdc" };

    assert_refused (&no_name, VIMANA_POOL_FIELD_NAME);
    assert_refused (&bad_name, VIMANA_POOL_FIELD_NAME);
    assert_refused (&relative, VIMANA_POOL_FIELD_TARGET);
    assert_refused (&dotdot, VIMANA_POOL_FIELD_TARGET);
    assert_refused (&bad_host, VIMANA_POOL_FIELD_HOST);
    assert_refused (&no_host, VIMANA_POOL_FIELD_HOST);
    assert_refused (&bad_export, VIMANA_POOL_FIELD_SOURCE);
    assert_refused (&bad_iqn, VIMANA_POOL_FIELD_SOURCE);
    assert_refused (&bad_vg, VIMANA_POOL_FIELD_SOURCE);
    assert_refused (&bad_dev, VIMANA_POOL_FIELD_SOURCE);
}

static void
test_host_and_iqn_syntax (void)
{
    const char *good_hosts[] = { "nas", "nas.example.org", "a-b.c", "10.0.0.1", "fe80::1" };
    const char *bad_hosts[] = { "", "-nas", "nas-", "a..b", "nas_1", "a b", ".nas" };
    const char *good_iqns[] = { "iqn.2024-01.com.example",
                                "iqn.2001-04.com.example:storage.disk1" };
    const char *bad_iqns[] = { "", "iqn.2024.com", "eui.02004567A425678D", "iqn.2024-01.",
                               "iqn.2024-01.com.example:a b" };

    for (guint i = 0; i < G_N_ELEMENTS (good_hosts); i++)
        g_assert_true (vimana_pool_check_host_name (good_hosts[i]));
    for (guint i = 0; i < G_N_ELEMENTS (bad_hosts); i++)
        g_assert_false (vimana_pool_check_host_name (bad_hosts[i]));
    for (guint i = 0; i < G_N_ELEMENTS (good_iqns); i++)
        g_assert_true (vimana_pool_check_iqn (good_iqns[i]));
    for (guint i = 0; i < G_N_ELEMENTS (bad_iqns); i++)
        g_assert_false (vimana_pool_check_iqn (bad_iqns[i]));
}

static void
test_kind_names (void)
{
    VimanaPoolKind kind;

    for (VimanaPoolKind k = VIMANA_POOL_KIND_DIR; k <= VIMANA_POOL_KIND_DISK; k++) {
        g_assert_true (vimana_pool_kind_from_string (vimana_pool_kind_to_string (k), &kind));
        g_assert_cmpint (kind, ==, k);
    }
    g_assert_false (vimana_pool_kind_from_string ("rbd", &kind));
    g_assert_false (vimana_pool_kind_from_string (NULL, &kind));
}

static void
test_kinds_supported (void)
{
    gboolean supported[6];
    const char *caps =
        "<storagepoolCapabilities>"
        "<pool type='dir' supported='yes'><volOptions/></pool>"
        "<pool type='fs' supported='yes'/>"
        "<pool type='netfs' supported='yes'/>"
        "<pool type='logical' supported='no'/>"
        "<pool type='iscsi' supported='no'/>"
        "<pool type='rbd' supported='yes'/>"
        "</storagepoolCapabilities>";

    vimana_pool_kinds_supported (caps, supported);
    g_assert_true (supported[VIMANA_POOL_KIND_DIR]);
    g_assert_true (supported[VIMANA_POOL_KIND_FS]);
    g_assert_true (supported[VIMANA_POOL_KIND_NETFS]);
    g_assert_false (supported[VIMANA_POOL_KIND_LOGICAL]);
    g_assert_false (supported[VIMANA_POOL_KIND_ISCSI]);
    g_assert_false (supported[VIMANA_POOL_KIND_DISK]);

    /* A driver that cannot say, or says nonsense: a directory pool only. */
    vimana_pool_kinds_supported (NULL, supported);
    g_assert_true (supported[VIMANA_POOL_KIND_DIR]);
    g_assert_false (supported[VIMANA_POOL_KIND_NETFS]);
    vimana_pool_kinds_supported ("<not xml", supported);
    g_assert_true (supported[VIMANA_POOL_KIND_DIR]);
    g_assert_false (supported[VIMANA_POOL_KIND_FS]);
}

static char **
parse_fixture (const char     *name,
               VimanaPoolKind  kind)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "pool-sources", name, NULL);
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
    g_assert_no_error (error);
    return vimana_pool_sources_parse (xml, kind);
}

/* What virConnectFindStoragePoolSources() answers (tests/data/pool-sources), read into the
 * entries a Find… button offers. */
static void
test_sources_parse (void)
{
    g_auto(GStrv) exports = parse_fixture ("netfs.xml", VIMANA_POOL_KIND_NETFS);
    g_auto(GStrv) targets = parse_fixture ("iscsi.xml", VIMANA_POOL_KIND_ISCSI);
    g_auto(GStrv) groups = parse_fixture ("logical.xml", VIMANA_POOL_KIND_LOGICAL);
    g_auto(GStrv) none = parse_fixture ("none.xml", VIMANA_POOL_KIND_NETFS);
    /* Asked as the wrong kind: the devices of a volume group are no exports. */
    g_auto(GStrv) wrong = parse_fixture ("logical.xml", VIMANA_POOL_KIND_NETFS);
    g_auto(GStrv) garbage = vimana_pool_sources_parse ("<sources><source>", VIMANA_POOL_KIND_NETFS);
    g_auto(GStrv) other = vimana_pool_sources_parse ("<pool><source><dir path='/x'/></source></pool>",
                                                     VIMANA_POOL_KIND_NETFS);
    g_auto(GStrv) null = vimana_pool_sources_parse (NULL, VIMANA_POOL_KIND_NETFS);

    /* In the host's order, each once, empty paths left out, entities read. */
    g_assert_cmpuint (g_strv_length (exports), ==, 2);
    g_assert_cmpstr (exports[0], ==, "/srv/images");
    g_assert_cmpstr (exports[1], ==, "/srv/isos & media");
    g_assert_cmpuint (g_strv_length (targets), ==, 2);
    g_assert_cmpstr (targets[0], ==, "iqn.2024-01.com.example:disk1");
    g_assert_cmpstr (targets[1], ==, "iqn.2024-01.com.example:disk2");
    g_assert_cmpuint (g_strv_length (groups), ==, 2);
    g_assert_cmpstr (groups[0], ==, "vg0");
    g_assert_cmpstr (groups[1], ==, "vg_data");
    g_assert_cmpuint (g_strv_length (none), ==, 0);
    g_assert_cmpuint (g_strv_length (wrong), ==, 0);
    g_assert_cmpuint (g_strv_length (garbage), ==, 0);
    g_assert_cmpuint (g_strv_length (other), ==, 0);
    g_assert_cmpuint (g_strv_length (null), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/pool-spec/dir", test_dir);
    g_test_add_func ("/pool-spec/fs", test_fs);
    g_test_add_func ("/pool-spec/netfs", test_netfs);
    g_test_add_func ("/pool-spec/logical-iscsi-disk", test_logical_iscsi_disk);
    g_test_add_func ("/pool-spec/refused", test_refused);
    g_test_add_func ("/pool-spec/host-and-iqn-syntax", test_host_and_iqn_syntax);
    g_test_add_func ("/pool-spec/kind-names", test_kind_names);
    g_test_add_func ("/pool-spec/kinds-supported", test_kinds_supported);
    g_test_add_func ("/pool-spec/sources-parse", test_sources_parse);
    return g_test_run ();
}
