/* test-network-xml.c: a new virtual network's checks and XML (tier 1, suite "unit")
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
#include "vimana-network-xml.h"
#include "vimana-xml.h"

static void
assert_valid_network_xml (const char *xml)
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
    fd = g_file_open_tmp ("vimana-network-XXXXXX.xml", &path, &error);
    g_assert_no_error (error);
    g_assert_true (g_file_set_contents (path, xml, -1, &error));
    g_close (fd, NULL);
    g_assert_true (g_spawn_sync (NULL, (char *[]) { validator, path, (char *) "network", NULL },
                                 NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_error ("virt-xml-validate refused\n%s\n%s%s", xml, out, err);
    g_unlink (path);
}

static void
test_parse_ipv4 (void)
{
    static const struct {
        const char *text;
        guint32     value;
    } good[] = {
        { "192.168.150.1", 0xc0a89601 },
        { "0.0.0.0", 0 },
        { "255.255.255.255", 0xffffffff },
        { "10.0.0.01", 0x0a000001 },
    };
    static const char * const bad[] = {
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "a.b.c.d",
        "1.2.3.-4", "1.2.3.4/24", "0001.2.3.4", "1.2.3.4\n", "::1", "+1.2.3.4",
    };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
        guint32 value = 0;
        g_autoptr(GError) error = NULL;

        g_assert_true (vimana_network_parse_ipv4 (good[i].text, &value, &error));
        g_assert_no_error (error);
        g_assert_cmphex (value, ==, good[i].value);
    }
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vimana_network_parse_ipv4 (bad[i], NULL, &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    }
    g_assert_false (vimana_network_parse_ipv4 (NULL, NULL, NULL));
}

static void
test_check_name (void)
{
    static const char * const good[] = { "lab", "lab-2", "a.b_c", "9net" };
    static const char * const bad[] = {
        "", "a b", "a/b", "-lab", ".lab", "lab'", "<x>", "ñ",
        "a123456789012345678901234567890123456789012345678901",
    };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
        g_assert_true (vimana_network_check_name (good[i], NULL));
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vimana_network_check_name (bad[i], &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    }
}

/* Each bad form is refused with the field it is about. */
static void
test_spec_check (void)
{
    static const struct {
        VimanaNetworkSpec   spec;
        VimanaNetworkField  field;
        const char         *says;
    } bad[] = {
        { { "a b", TRUE, "192.168.150.1", 24, NULL, NULL }, VIMANA_NETWORK_FIELD_NAME, "letters" },
        { { "lab", TRUE, "192.168.150", 24, NULL, NULL }, VIMANA_NETWORK_FIELD_ADDRESS,
          "not an IPv4 address" },
        { { "lab", TRUE, "192.168.150.1", 31, NULL, NULL }, VIMANA_NETWORK_FIELD_PREFIX, "prefix" },
        { { "lab", TRUE, "192.168.150.1", 4, NULL, NULL }, VIMANA_NETWORK_FIELD_PREFIX, "prefix" },
        { { "lab", TRUE, "192.168.150.0", 24, NULL, NULL }, VIMANA_NETWORK_FIELD_ADDRESS,
          "broadcast" },
        { { "lab", TRUE, "192.168.150.255", 24, NULL, NULL }, VIMANA_NETWORK_FIELD_ADDRESS,
          "broadcast" },
        { { "lab", TRUE, "192.168.150.1", 24, "192.168.150.2", NULL },
          VIMANA_NETWORK_FIELD_DHCP_END, "first and its last" },
        { { "lab", TRUE, "192.168.150.1", 24, "192.168.151.2", "192.168.150.9" },
          VIMANA_NETWORK_FIELD_DHCP_START, "outside" },
        { { "lab", TRUE, "192.168.150.1", 24, "192.168.150.2", "192.168.150.255" },
          VIMANA_NETWORK_FIELD_DHCP_END, "broadcast" },
        { { "lab", TRUE, "192.168.150.1", 24, "192.168.150.200", "192.168.150.100" },
          VIMANA_NETWORK_FIELD_DHCP_END, "ends before it starts" },
        { { "lab", TRUE, "192.168.150.100", 24, "192.168.150.2", "192.168.150.254" },
          VIMANA_NETWORK_FIELD_DHCP_START, "host's own address" },
        { { "lab", TRUE, "192.168.150.1", 24, "x", "192.168.150.254" },
          VIMANA_NETWORK_FIELD_DHCP_START, "not an IPv4 address" },
    };
    VimanaNetworkSpec good[] = {
        { "lab", TRUE, "192.168.150.1", 24, "192.168.150.2", "192.168.150.254" },
        { "iso", FALSE, "10.20.0.1", 16, NULL, NULL },
        { "tiny", FALSE, "10.9.9.1", 30, "10.9.9.2", "10.9.9.2" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;
        VimanaNetworkField field = (VimanaNetworkField) - 1;

        g_assert_false (vimana_network_spec_check (&bad[i].spec, &field, &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
        g_assert_cmpint (field, ==, bad[i].field);
        if (strstr (error->message, bad[i].says) == NULL)
            g_error ("case %u says “%s”, not “%s”", i, error->message, bad[i].says);
    }
    for (guint i = 0; i < G_N_ELEMENTS (good); i++) {
        g_autoptr(GError) error = NULL;
        VimanaNetworkField field;

        g_assert_true (vimana_network_spec_check (&good[i], &field, &error));
        g_assert_no_error (error);
    }
}

static void
test_overlap (void)
{
    g_assert_true (vimana_network_subnets_overlap ("192.168.122.1", 24, "192.168.122.77", 24));
    g_assert_true (vimana_network_subnets_overlap ("10.10.0.1", 16, "10.10.5.1", 24));
    g_assert_true (vimana_network_subnets_overlap ("10.10.5.1", 24, "10.10.0.1", 16));
    g_assert_false (vimana_network_subnets_overlap ("192.168.122.1", 24, "192.168.123.1", 24));
    g_assert_false (vimana_network_subnets_overlap ("192.168.122.1", 24, NULL, 24));
    g_assert_false (vimana_network_subnets_overlap ("nope", 24, "192.168.122.1", 24));
}

static void
test_spec_xml (void)
{
    VimanaNetworkSpec nat = { "lab", TRUE, "192.168.150.1", 24, "192.168.150.2",
                              "192.168.150.254" };
    VimanaNetworkSpec isolated = { "iso", FALSE, "10.20.0.1", 16, NULL, NULL };
    g_autofree char *nat_xml = vimana_network_spec_to_xml (&nat);
    g_autofree char *iso_xml = vimana_network_spec_to_xml (&isolated);
    g_autofree char *name = vimana_xml_get_value (nat_xml, "name", NULL, NULL);
    g_autofree char *mode = vimana_xml_get_value (nat_xml, "forward", NULL, "mode");
    g_autofree char *prefix = vimana_xml_get_value (nat_xml, "ip", NULL, "prefix");
    g_autofree char *iso_forward = vimana_xml_get_value (iso_xml, "forward", NULL, NULL);
    g_autofree char *iso_dhcp = vimana_xml_get_value (iso_xml, "ip", "dhcp", NULL);

    g_assert_cmpstr (name, ==, "lab");
    g_assert_cmpstr (mode, ==, "nat");
    g_assert_cmpstr (prefix, ==, "24");
    g_assert_nonnull (strstr (nat_xml, "<range start='192.168.150.2' end='192.168.150.254'/>"));
    g_assert_null (iso_forward);
    g_assert_null (iso_dhcp);
    assert_valid_network_xml (nat_xml);
    assert_valid_network_xml (iso_xml);
}

static void
test_reservation_check (void)
{
    const char * const macs[] = { "52:54:00:00:00:01", NULL };
    const char * const ips[] = { "192.168.122.50", NULL };
    static const struct {
        const char *mac;
        const char *ip;
        gboolean    mac_field;
        const char *says;
    } bad[] = {
        { "52:54:00:00:00", "192.168.122.60", TRUE, "not a MAC address" },
        { "52-54-00-00-00-02", "192.168.122.60", TRUE, "not a MAC address" },
        { "zz:54:00:00:00:02", "192.168.122.60", TRUE, "not a MAC address" },
        { "01:00:5e:00:00:01", "192.168.122.60", TRUE, "multicast" },
        { "52:54:00:00:00:01", "192.168.122.60", TRUE, "has a reservation already" },
        { "52:54:00:00:00:02", "192.168.123.60", FALSE, "outside" },
        { "52:54:00:00:00:02", "192.168.122.1", FALSE, "host's own address" },
        { "52:54:00:00:00:02", "192.168.122.255", FALSE, "broadcast" },
        { "52:54:00:00:00:02", "192.168.122.50", FALSE, "reserved for 52:54:00:00:00:01" },
        { "52:54:00:00:00:02", "192.168.122.x", FALSE, "not an IPv4 address" },
    };
    g_autofree char *xml = vimana_network_reservation_to_xml ("52:54:00:00:00:02", "192.168.122.60");
    gboolean mac_field = FALSE;

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;

        g_assert_false (vimana_network_check_reservation ("192.168.122.1", 24, macs, ips, bad[i].mac,
                                                          bad[i].ip, &mac_field, &error));
        g_assert_nonnull (error);
        g_assert_cmpint (mac_field, ==, bad[i].mac_field);
        if (strstr (error->message, bad[i].says) == NULL)
            g_error ("case %u says “%s”, not “%s”", i, error->message, bad[i].says);
    }
    g_assert_true (vimana_network_check_reservation ("192.168.122.1", 24, macs, ips,
                                                     "52:54:00:AB:cd:02", "192.168.122.60",
                                                     &mac_field, NULL));
    g_assert_true (vimana_network_check_reservation ("192.168.122.1", 24, NULL, NULL,
                                                     "52:54:00:00:00:01", "192.168.122.50",
                                                     &mac_field, NULL));
    g_assert_cmpstr (xml, ==, "<host mac='52:54:00:00:00:02' ip='192.168.122.60'/>");
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/network-xml/parse-ipv4", test_parse_ipv4);
    g_test_add_func ("/network-xml/check-name", test_check_name);
    g_test_add_func ("/network-xml/spec-check", test_spec_check);
    g_test_add_func ("/network-xml/overlap", test_overlap);
    g_test_add_func ("/network-xml/spec-xml", test_spec_xml);
    g_test_add_func ("/network-xml/reservation-check", test_reservation_check);

    return g_test_run ();
}
