/* test-addresses.c: guests' IP addresses through the core on the libvirt test driver
 * (tier 2, suite "core")
 *
 * The test driver answers virDomainInterfaceAddresses for a running guest's interfaces (one
 * IPv4 address each); a guest that does not run has none. The watch fills every running
 * guest's VimanaDomain:addresses in one round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <stdlib.h>

#include "core-test-util.h"
#include "vimana-address-watch.h"
#include "vimana-connection.h"
#include "vimana-domain-addresses.h"
#include "vimana-domain.h"

static char *node50_uri;

static GPtrArray *
fetch (VimanaDomain *domain,
       gboolean      ask_agent,
       GError      **error)
{
    TestWaitAsync wait = { 0 };
    GPtrArray *addresses;

    vimana_domain_fetch_addresses_async (domain, ask_agent, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the addresses");
    addresses = vimana_domain_fetch_addresses_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return addresses;
}

static void
test_running_guest (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    VimanaDomain *domain = get_domain (connection, "run-01");
    g_autoptr(GPtrArray) addresses = NULL;
    g_autoptr(GError) error = NULL;
    VimanaDomainAddress *first;
    g_autoptr(GInetAddress) inet = NULL;

    g_assert_true (vimana_domain_get_active (domain));
    g_assert_null (vimana_domain_get_addresses (domain));
    addresses = fetch (domain, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (addresses->len, >=, 1);
    first = g_ptr_array_index (addresses, 0);
    inet = g_inet_address_new_from_string (first->address);
    g_assert_nonnull (inet);
    g_assert_false (first->ipv6);
    g_assert_cmpuint (first->prefix, <=, 32);
    g_assert_cmpint (first->source, ==, VIMANA_ADDRESS_SOURCE_LEASE);
    g_assert_nonnull (first->interface);
    /* What the host said is now the guest's. */
    g_assert_cmpstr (vimana_domain_get_addresses (domain), !=, NULL);
    g_assert_true (g_str_has_prefix (vimana_domain_get_addresses (domain), first->address));

    /* Stopped: no address, and the cached ones go. */
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_null (vimana_domain_get_addresses (domain));
    g_clear_pointer (&addresses, g_ptr_array_unref);
    addresses = fetch (domain, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (addresses->len, ==, 0);
}

static gboolean
watch_went_round (gpointer watch)
{
    return vimana_address_watch_get_rounds (watch) > 0;
}

/* What libvirt itself says of a guest, on a connection of the test's own. */
static gboolean
libvirt_has_addresses (virConnectPtr  conn,
                       const char    *uuid)
{
    virDomainPtr dom = virDomainLookupByUUIDString (conn, uuid);
    virDomainInterfacePtr *ifaces = NULL;
    int n;
    gboolean any = FALSE;

    g_assert_nonnull (dom);
    n = virDomainInterfaceAddresses (dom, &ifaces, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, 0);
    for (int i = 0; i < n; i++) {
        any = any || ifaces[i]->naddrs > 0;
        virDomainInterfaceFree (ifaces[i]);
    }
    free (ifaces);
    virDomainFree (dom);
    return any;
}

static void
test_watch (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaAddressWatch) watch = vimana_address_watch_new (connection);
    GListModel *domains = vimana_connection_get_domains (connection);
    virConnectPtr oracle = virConnectOpen (node50_uri);
    guint with_addresses = 0;

    g_assert_nonnull (oracle);
    test_wait_until (watch_went_round, watch, "a round of the address watch");
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        if (vimana_domain_get_active (domain) &&
            libvirt_has_addresses (oracle, vimana_domain_get_uuid (domain))) {
            g_assert_nonnull (vimana_domain_get_addresses (domain));
            with_addresses++;
        } else {
            g_assert_null (vimana_domain_get_addresses (domain));
        }
    }
    virConnectClose (oracle);
    g_assert_cmpuint (with_addresses, >, 0);
    g_test_message ("%u running guests with an interface got their addresses in one round",
                    with_addresses);
}

/* What a host's answer may hold that is no address is dropped; the rest is canonical. */
static void
test_checked (void)
{
    g_autoptr(VimanaDomainAddress) v4 =
        vimana_domain_address_new ("vnet0", "52:54:00:AA:BB:CC", "192.168.122.50", 24,
                                   VIMANA_ADDRESS_SOURCE_ARP);
    g_autoptr(VimanaDomainAddress) v6 =
        vimana_domain_address_new ("eth0", NULL, "FD00:0:0::5", 64, VIMANA_ADDRESS_SOURCE_AGENT);
    g_autoptr(VimanaDomainAddress) local =
        vimana_domain_address_new ("eth0", NULL, "fe80::1", 64, VIMANA_ADDRESS_SOURCE_AGENT);
    g_autoptr(VimanaDomainAddress) loopback =
        vimana_domain_address_new ("lo", NULL, "127.0.0.1", 8, VIMANA_ADDRESS_SOURCE_AGENT);
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    g_autofree char *text = NULL;

    g_assert_cmpstr (v4->address, ==, "192.168.122.50");
    g_assert_cmpstr (v4->mac, ==, "52:54:00:aa:bb:cc");
    g_assert_cmpstr (v6->address, ==, "fd00::5");
    g_assert_true (v6->ipv6);
    g_assert_null (vimana_domain_address_new ("vnet0", NULL, "192.168.122.50; rm -rf /", 24,
                                              VIMANA_ADDRESS_SOURCE_LEASE));
    g_assert_null (vimana_domain_address_new ("vnet0", NULL, "-oProxyCommand=x", 24,
                                              VIMANA_ADDRESS_SOURCE_LEASE));
    g_assert_null (vimana_domain_address_new ("vnet0", NULL, "fe80::1%eth0", 64,
                                              VIMANA_ADDRESS_SOURCE_AGENT));
    g_assert_null (vimana_domain_address_new ("vnet0", NULL, "10.0.0.1", 33,
                                              VIMANA_ADDRESS_SOURCE_LEASE));
    g_assert_null (vimana_domain_address_new ("vnet0", NULL, NULL, 0,
                                              VIMANA_ADDRESS_SOURCE_LEASE));
    {
        g_autoptr(VimanaDomainAddress) odd =
            vimana_domain_address_new ("vnet\n0", "52:54\x01", "10.0.0.1", 8,
                                       VIMANA_ADDRESS_SOURCE_LEASE);

        g_assert_nonnull (odd);
        g_assert_null (odd->interface);
        g_assert_null (odd->mac);
    }

    g_ptr_array_add (all, v4);
    g_ptr_array_add (all, v6);
    g_ptr_array_add (all, local);
    g_ptr_array_add (all, loopback);
    text = vimana_domain_addresses_format (all);
    g_assert_cmpstr (text, ==, "192.168.122.50, fd00::5, fe80::1");
    g_ptr_array_set_size (all, 0);
    g_ptr_array_add (all, loopback);
    g_assert_null (vimana_domain_addresses_format (all));
}

int
main (int    argc,
      char **argv)
{
    int ret;

    core_test_init (&argc, &argv);
    node50_uri = core_test_node_uri ("data", "node-50.xml", NULL);

    g_test_add_func ("/addresses/checked", test_checked);
    g_test_add_func ("/addresses/running-guest", test_running_guest);
    g_test_add_func ("/addresses/watch", test_watch);

    ret = g_test_run ();
    g_free (node50_uri);
    return ret;
}
