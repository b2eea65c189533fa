/* test-network.c: virtual networks and host devices through the core on the libvirt test driver
 * (tier 2, suite "core")
 *
 * node-50.xml has three networks (default NAT on virbr0, isolated on virbr1, routed on virbr2;
 * see tests/data/README). Network events come from another client, which only the process-wide
 * test:///default has (the keeper).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "core-test-util.h"
#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-network-leases.h"

static char *node50_uri;

static gboolean
refresh_networks (VimanaConnection  *connection,
                  GError           **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_connection_refresh_networks_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the networks");
    ok = vimana_connection_refresh_networks_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static VimanaNetwork *
get_network (VimanaConnection *connection,
             const char       *name)
{
    VimanaNetwork *network = vimana_connection_find_network (connection, name);

    if (network == NULL)
        g_error ("no network “%s” on %s", name, vimana_connection_get_uri (connection));
    return network;
}

static void
test_network_listing (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    GListModel *networks = vimana_connection_get_networks (connection);
    g_autoptr(GError) error = NULL;
    static const struct {
        const char *name;
        const char *bridge;
        const char *forward;
    } expected[] = {
        { "default", "virbr0", "nat" },
        { "isolated", "virbr1", NULL },
        { "routed", "virbr2", "route" },
    };
    ItemsLog log = { 0 };
    guint notifies = 0;

    g_assert_true (g_list_model_get_item_type (networks) == VIMANA_TYPE_NETWORK);
    g_assert_cmpuint (g_list_model_get_n_items (networks), ==, 0);
    g_assert_false (vimana_connection_get_networks_loaded (connection));
    g_signal_connect (networks, "items-changed", G_CALLBACK (items_log_cb), &log);

    g_assert_true (refresh_networks (connection, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_connection_get_networks_loaded (connection));
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (log.added, ==, G_N_ELEMENTS (expected));
    for (guint i = 0; i < G_N_ELEMENTS (expected); i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (networks, i);

        g_assert_cmpstr (vimana_network_get_name (network), ==, expected[i].name);
        g_assert_cmpstr (vimana_network_get_bridge (network), ==, expected[i].bridge);
        g_assert_cmpstr (vimana_network_get_forward_mode (network), ==, expected[i].forward);
        g_assert_true (vimana_network_get_active (network));
        g_assert_true (vimana_network_get_persistent (network));
        g_assert_false (vimana_network_get_autostart (network));
        g_assert_false (vimana_network_get_removed (network));
        g_assert_true (vimana_network_get_connection (network) == connection);
        g_assert_true (get_network (connection, expected[i].name) == network);
    }
    g_assert_cmpstr (vimana_network_get_uuid (get_network (connection, "default")), ==,
                     "dd8fe884-6c02-601e-7551-cca97df1c5df");
    g_assert_null (vimana_connection_find_network (connection, "nope"));
    g_assert_cmpstr (vimana_network_get_ipv4_address (get_network (connection, "default")), ==,
                     "192.168.122.1");
    g_assert_cmpuint (vimana_network_get_ipv4_prefix (get_network (connection, "default")), ==, 24);
    g_assert_cmpstr (vimana_network_get_dhcp_start (get_network (connection, "default")), ==,
                     "192.168.122.2");
    g_assert_cmpstr (vimana_network_get_dhcp_end (get_network (connection, "default")), ==,
                     "192.168.122.254");
    g_assert_cmpuint (vimana_network_get_ipv4_prefix (get_network (connection, "routed")), ==, 16);
    g_assert_null (vimana_network_get_dhcp_start (get_network (connection, "isolated")));

    /* Listing again keeps every object and emits nothing. */
    g_signal_connect_swapped (get_network (connection, "default"), "notify", G_CALLBACK (count_cb),
                              &notifies);
    g_assert_true (refresh_networks (connection, &error));
    g_assert_cmpuint (log.signals, ==, 1);
    g_assert_cmpuint (notifies, ==, 0);
    g_signal_handlers_disconnect_by_data (get_network (connection, "default"), &notifies);
    g_signal_handlers_disconnect_by_data (networks, &log);
}

static gboolean
network_action (VimanaNetwork        *network,
                VimanaNetworkAction   action,
                GError              **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_network_run_action_async (network, action, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the network's action");
    ok = vimana_network_run_action_finish (network, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* Stop, start, autostart and delete, each seen on the object as soon as the call returns. */
static void
test_network_actions (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaNetwork) network = NULL;
    g_autoptr(GError) error = NULL;
    GListModel *networks = vimana_connection_get_networks (connection);

    g_assert_true (refresh_networks (connection, &error));
    g_assert_no_error (error);
    network = g_object_ref (get_network (connection, "isolated"));

    g_assert_true (network_action (network, VIMANA_NETWORK_ACTION_STOP, &error));
    g_assert_no_error (error);
    g_assert_false (vimana_network_get_active (network));
    g_assert_true (network_action (network, VIMANA_NETWORK_ACTION_START, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_network_get_active (network));
    g_assert_true (network_action (network, VIMANA_NETWORK_ACTION_START, &error));
    g_assert_no_error (error);

    g_assert_true (network_action (network, VIMANA_NETWORK_ACTION_AUTOSTART_ON, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_network_get_autostart (network));
    g_assert_true (network_action (network, VIMANA_NETWORK_ACTION_AUTOSTART_OFF, &error));
    g_assert_no_error (error);
    g_assert_false (vimana_network_get_autostart (network));

    g_assert_true (network_action (network, VIMANA_NETWORK_ACTION_DELETE, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_network_get_removed (network));
    g_assert_null (vimana_connection_find_network (connection, "isolated"));
    g_assert_cmpuint (g_list_model_get_n_items (networks), ==, 2);

    g_assert_false (network_action (network, VIMANA_NETWORK_ACTION_START, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND);
}

static VimanaNetwork *
create_network (VimanaConnection         *connection,
                const VimanaNetworkSpec  *spec,
                GError                  **error)
{
    TestWaitAsync wait = { 0 };
    VimanaNetwork *network;

    vimana_connection_create_network_async (connection, spec, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the new network");
    network = vimana_connection_create_network_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return network;
}

/* A new NAT network is started and starts with the host; a taken name or a bad spec makes
 * nothing. */
static void
test_network_create (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaNetwork) network = NULL;
    g_autoptr(VimanaNetwork) again = NULL;
    g_autoptr(VimanaNetwork) bad = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNetworkSpec spec = { "lab", TRUE, "192.168.150.1", 24, "192.168.150.10",
                               "192.168.150.99" };
    VimanaNetworkSpec wrong = { "lab2", FALSE, "192.168.150.1", 24, "192.168.151.10",
                                "192.168.150.99" };

    g_assert_true (refresh_networks (connection, &error));
    g_assert_no_error (error);
    network = create_network (connection, &spec, &error);
    g_assert_no_error (error);
    g_assert_nonnull (network);
    g_assert_true (get_network (connection, "lab") == network);
    g_assert_true (vimana_network_get_active (network));
    g_assert_true (vimana_network_get_autostart (network));
    g_assert_cmpstr (vimana_network_get_forward_mode (network), ==, "nat");
    g_assert_cmpstr (vimana_network_get_ipv4_address (network), ==, "192.168.150.1");
    g_assert_cmpuint (vimana_network_get_ipv4_prefix (network), ==, 24);
    g_assert_cmpstr (vimana_network_get_dhcp_start (network), ==, "192.168.150.10");
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_networks (connection)), ==, 4);

    again = create_network (connection, &spec, &error);
    g_assert_null (again);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_clear_error (&error);

    bad = create_network (connection, &wrong, &error);
    g_assert_null (bad);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_null (vimana_connection_find_network (connection, "lab2"));
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_networks (connection)), ==, 4);
}

/* test:///default has one interface, eth1; a description with a link and a bridge reads whole. */
static void
test_host_interfaces (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaHostInterface) bridge = vimana_host_interface_new_from_xml (
        "<interface type='bridge' name='br0'><mac address='52:54:00:aa:bb:cc'/>"
        "<link state='up' speed='10000'/><protocol family='ipv4'>"
        "<ip address='10.0.0.2' prefix='8'/></protocol><protocol family='ipv6'>"
        "<ip address='fe80::1' prefix='64'/></protocol></interface>");
    g_autoptr(VimanaHostInterface) none = vimana_host_interface_new_from_xml ("<network/>");
    g_autoptr(GPtrArray) interfaces = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };
    VimanaHostInterface *eth1;

    g_assert_null (none);
    g_assert_cmpstr (bridge->name, ==, "br0");
    g_assert_cmpstr (bridge->kind, ==, "bridge");
    g_assert_cmpstr (bridge->mac, ==, "52:54:00:aa:bb:cc");
    g_assert_true (bridge->active);
    g_assert_cmpuint (bridge->speed, ==, 10000);
    g_assert_cmpuint (g_strv_length (bridge->addresses), ==, 2);
    g_assert_cmpstr (bridge->addresses[0], ==, "10.0.0.2/8");
    g_assert_cmpstr (bridge->addresses[1], ==, "fe80::1/64");

    vimana_connection_list_host_interfaces_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the host's interfaces");
    interfaces = vimana_connection_list_host_interfaces_finish (connection, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_cmpuint (interfaces->len, ==, 1);
    eth1 = g_ptr_array_index (interfaces, 0);
    g_assert_cmpstr (eth1->name, ==, "eth1");
    g_assert_cmpstr (eth1->kind, ==, "ethernet");
    g_assert_cmpstr (eth1->mac, ==, "aa:bb:cc:dd:ee:ff");
    g_assert_true (eth1->active);
    g_assert_cmpstrv (eth1->addresses, ((const char * const[]) { "192.168.0.5/24", NULL }));
}

static gboolean
reserve (VimanaNetwork  *network,
         const char     *mac,
         const char     *ip,
         GError        **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_network_reserve_async (network, mac, ip, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the reservation");
    ok = vimana_network_reserve_finish (network, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* A reservation is added live and in the definition, seen in the network's XML; a taken address
 * is refused before libvirt; removing it takes it out again. */
static void
test_network_reservations (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    VimanaNetwork *network;

    g_assert_true (refresh_networks (connection, &error));
    network = get_network (connection, "default");
    g_assert_true (reserve (network, "52:54:00:AA:00:01", "192.168.122.50", &error));
    g_assert_no_error (error);
    g_assert_cmpstrv (vimana_network_get_reservation_macs (network),
                      ((const char * const[]) { "52:54:00:aa:00:01", NULL }));
    g_assert_cmpstrv (vimana_network_get_reservation_ips (network),
                      ((const char * const[]) { "192.168.122.50", NULL }));

    /* Read back from libvirt's own description of the network. */
    g_assert_true (refresh_networks (connection, &error));
    g_assert_cmpstrv (vimana_network_get_reservation_ips (network),
                      ((const char * const[]) { "192.168.122.50", NULL }));

    g_assert_false (reserve (network, "52:54:00:aa:00:02", "192.168.122.50", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS);
    g_clear_error (&error);
    g_assert_false (reserve (network, "52:54:00:aa:00:02", "10.0.0.5", &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);

    g_assert_true (reserve (network, "52:54:00:aa:00:01", NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length ((GStrv) vimana_network_get_reservation_macs (network)), ==, 0);
}

static gboolean
network_listed (gpointer data)
{
    return vimana_connection_find_network (data, "vimana-net") != NULL;
}

static gboolean
network_active (gpointer data)
{
    VimanaNetwork *network = vimana_connection_find_network (data, "vimana-net");

    return network != NULL && vimana_network_get_active (network);
}

static gboolean
network_gone (gpointer data)
{
    return !network_listed (data);
}

/* Another client defines, starts and removes a network: the listed store follows in place. */
static void
test_network_events (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (DEFAULT_URI);
    g_autoptr(VimanaNetwork) network = NULL;
    g_autoptr(GError) error = NULL;
    GListModel *networks = vimana_connection_get_networks (connection);
    ItemsLog log = { 0 };
    virNetworkPtr other;

    g_assert_true (refresh_networks (connection, &error));
    g_assert_no_error (error);
    g_assert_nonnull (get_network (connection, "default"));
    g_signal_connect (networks, "items-changed", G_CALLBACK (items_log_cb), &log);

    other = virNetworkDefineXML (keeper, "<network><name>vimana-net</name>"
                                         "<bridge name='vimanabr9'/></network>");
    g_assert_nonnull (other);
    test_wait_until (network_listed, connection, "the defined network to be listed");
    network = g_object_ref (get_network (connection, "vimana-net"));
    g_assert_false (vimana_network_get_active (network));
    g_assert_cmpstr (vimana_network_get_bridge (network), ==, "vimanabr9");
    g_assert_null (vimana_network_get_forward_mode (network));
    g_assert_cmpuint (log.added, ==, 1);

    g_assert_cmpint (virNetworkCreate (other), ==, 0);
    test_wait_until (network_active, connection, "the started network to show active");
    g_assert_true (get_network (connection, "vimana-net") == network);

    g_assert_cmpint (virNetworkDestroy (other), ==, 0);
    g_assert_cmpint (virNetworkUndefine (other), ==, 0);
    virNetworkFree (other);
    test_wait_until (network_gone, connection, "the undefined network to leave the list");
    g_assert_true (vimana_network_get_removed (network));
    g_assert_cmpuint (log.removed, ==, 1);
    g_signal_handlers_disconnect_by_data (networks, &log);
}

/* ---- host devices ---- */

static const char usb_xml[] =
    "<device><name>usb_1_2</name><parent>usb_usb1</parent>"
    "<capability type='usb_device'><bus>1</bus><device>2</device>"
    "<product id='0xc52b'>Unifying Receiver</product>"
    "<vendor id='0x046d'>Logitech, Inc.</vendor></capability></device>";
static const char pci_xml[] =
    "<device><name>pci_0000_00_1f_2</name>"
    "<capability type='pci'><class>0x010601</class><domain>0</domain><bus>0</bus>"
    "<slot>31</slot><function>2</function>"
    "<product id='0x2922'>82801IR/IO/IH SATA Controller</product>"
    "<vendor id='0x8086'>Intel Corporation</vendor></capability></device>";
static const char system_xml[] =
    "<device><name>computer</name><capability type='system'/></device>";

static void
test_host_device_from_xml (void)
{
    g_autoptr(VimanaHostDevice) usb = vimana_host_device_new_from_xml ("usb_1_2", usb_xml);
    g_autoptr(VimanaHostDevice) pci = vimana_host_device_new_from_xml ("pci_0000_00_1f_2", pci_xml);
    g_autoptr(VimanaHostDevice) other = vimana_host_device_new_from_xml ("computer", system_xml);
    g_autoptr(VimanaHostDevice) garbage = vimana_host_device_new_from_xml ("x", "<not xml");

    g_assert_nonnull (usb);
    g_assert_cmpint (vimana_host_device_get_kind (usb), ==, VIMANA_HOST_DEVICE_USB);
    g_assert_true (vimana_host_device_is_usb (usb));
    g_assert_cmpstr (vimana_host_device_get_name (usb), ==, "usb_1_2");
    g_assert_cmpstr (vimana_host_device_get_vendor_id (usb), ==, "0x046d");
    g_assert_cmpstr (vimana_host_device_get_product_id (usb), ==, "0xc52b");
    g_assert_null (vimana_host_device_get_pci_address (usb));
    g_assert_cmpstr (vimana_host_device_get_description (usb), ==,
                     "Logitech, Inc. Unifying Receiver (usb_1_2)");
    g_assert_nonnull (strstr (vimana_host_device_get_hostdev_xml (usb), "<vendor id=\"0x046d\"/>"));
    g_assert_nonnull (strstr (vimana_host_device_get_hostdev_xml (usb), "type=\"usb\""));

    g_assert_nonnull (pci);
    g_assert_cmpint (vimana_host_device_get_kind (pci), ==, VIMANA_HOST_DEVICE_PCI);
    g_assert_false (vimana_host_device_is_usb (pci));
    g_assert_cmpstr (vimana_host_device_get_pci_address (pci), ==, "0000:00:1f.2");
    g_assert_null (vimana_host_device_get_vendor_id (pci));
    g_assert_nonnull (strstr (vimana_host_device_get_hostdev_xml (pci),
                              "<address domain=\"0x0000\" bus=\"0x00\" slot=\"0x1f\" function=\"0x2\"/>"));

    g_assert_null (other);
    g_assert_null (garbage);
}

static gboolean
refresh_host_devices (VimanaConnection  *connection,
                      GError           **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_connection_refresh_host_devices_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the host devices");
    ok = vimana_connection_refresh_host_devices_finish (connection, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* The host's USB and PCI devices, from node-devices.xml; a host without any has none. */
static void
test_host_devices_listing (void)
{
    g_autofree char *uri = core_test_node_uri ("data", "xml", "node-devices.xml", NULL);
    g_autoptr(TestConnection) connection = test_connection_open (uri);
    g_autoptr(TestConnection) bare = test_connection_open (node50_uri);
    GListModel *devices = vimana_connection_get_host_devices (connection);
    g_autoptr(GError) error = NULL;
    VimanaHostDevice *usb = NULL;
    VimanaHostDevice *pci = NULL;
    ItemsLog log = { 0 };

    g_assert_true (g_list_model_get_item_type (devices) == VIMANA_TYPE_HOST_DEVICE);
    g_signal_connect (devices, "items-changed", G_CALLBACK (items_log_cb), &log);
    g_assert_true (refresh_host_devices (connection, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (devices), ==, 2);
    g_assert_cmpuint (log.signals, ==, 1);
    for (guint i = 0; i < 2; i++) {
        g_autoptr(VimanaHostDevice) device = g_list_model_get_item (devices, i);

        if (vimana_host_device_is_usb (device))
            usb = device;
        else
            pci = device;
    }
    g_assert_nonnull (usb);
    g_assert_nonnull (pci);
    g_assert_cmpstr (vimana_host_device_get_name (usb), ==, "usb_1_2");
    g_assert_cmpstr (vimana_host_device_get_product_id (usb), ==, "0xc52b");
    g_assert_cmpstr (vimana_host_device_get_pci_address (pci), ==, "0000:00:1f.2");

    /* Listing again keeps the objects. */
    g_assert_true (refresh_host_devices (connection, &error));
    g_assert_cmpuint (log.signals, ==, 1);
    g_signal_handlers_disconnect_by_data (devices, &log);

    g_assert_true (refresh_host_devices (bare, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_host_devices (bare)), ==, 0);
}

static char *
network_xml (VimanaNetwork  *network,
             GError        **error)
{
    TestWaitAsync wait = { 0 };
    char *xml;

    vimana_network_get_xml_async (network, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the network's XML");
    xml = vimana_network_get_xml_finish (network, wait.result, error);
    g_object_unref (wait.result);
    return xml;
}

/* The XML tab shows what libvirt has, a reservation just added included; the lease table says
 * why it is empty where the driver keeps no DHCP server (the test driver). */
static void
test_network_xml_and_leases (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GPtrArray) leases = NULL;
    TestWaitAsync wait = { 0 };
    VimanaNetwork *network;

    g_assert_true (refresh_networks (connection, &error));
    network = get_network (connection, "default");
    g_assert_true (reserve (network, "52:54:00:aa:00:07", "192.168.122.77", &error));
    g_assert_no_error (error);
    xml = network_xml (network, &error);
    g_assert_no_error (error);
    g_assert_nonnull (strstr (xml, "<name>default</name>"));
    g_assert_nonnull (strstr (xml, "<host mac='52:54:00:aa:00:07' ip='192.168.122.77'/>"));

    vimana_network_get_leases_async (network, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the leases");
    leases = vimana_network_get_leases_finish (network, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_null (leases);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED);
}

int
main (int    argc,
      char **argv)
{
    int ret;

    core_test_init (&argc, &argv);
    node50_uri = core_test_node_uri ("data", "node-50.xml", NULL);

    g_test_add_func ("/network/listing", test_network_listing);
    g_test_add_func ("/network/events", test_network_events);
    g_test_add_func ("/network/actions", test_network_actions);
    g_test_add_func ("/network/create", test_network_create);
    g_test_add_func ("/network/reservations", test_network_reservations);
    g_test_add_func ("/network/xml-and-leases", test_network_xml_and_leases);
    g_test_add_func ("/host/device-from-xml", test_host_device_from_xml);
    g_test_add_func ("/host/devices-listing", test_host_devices_listing);
    g_test_add_func ("/host/interfaces", test_host_interfaces);

    ret = g_test_run ();

    g_free (node50_uri);
    return ret;
}
