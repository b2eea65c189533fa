/* vimana-network-xml.c: what a new virtual network is made of, its checks and its XML
 *
 * Pure code, no libvirt: the New Network dialog checks each field as it is typed with these
 * functions, and the connection checks the whole spec again before it asks libvirt. Addresses
 * are parsed strictly (four decimal numbers 0-255, nothing else), so what reaches the XML is
 * always an address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-network"

#include "config.h"

#include "vimana-network-xml.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-error.h"

#define VIMANA_NETWORK_NAME_MAX 50

/**
 * vimana_network_parse_ipv4:
 * @text: what the user typed
 * @address: (out) (optional): the address, in host byte order
 * @error: return location for the reason
 *
 * Returns: whether @text is a dotted IPv4 address: four decimal numbers from 0 to 255
 */
gboolean
vimana_network_parse_ipv4 (const char  *text,
                           guint32     *address,
                           GError     **error)
{
    guint32 value = 0;
    const char *p = text;

    for (guint part = 0; p != NULL && part < 4; part++) {
        guint number = 0;
        guint digits = 0;

        while (g_ascii_isdigit (*p) && digits < 4) {
            number = number * 10 + (guint) (*p - '0');
            digits++;
            p++;
        }
        if (digits == 0 || digits > 3 || number > 255 || (part < 3 && *p != '.') ||
            (part == 3 && *p != '\0')) {
            p = NULL;
            break;
        }
        value = (value << 8) | number;
        if (part < 3)
            p++;
    }
    if (p == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an IPv4 address such as 192.168.150.1."),
                     text != NULL ? text : "");
        return FALSE;
    }
    if (address != NULL)
        *address = value;
    return TRUE;
}

/* Returns: whether @name can name a network: letters, digits, "-", "_" and ".", at most 50 */
gboolean
vimana_network_check_name (const char  *name,
                           GError     **error)
{
    if (name == NULL || *name == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A network needs a name."));
        return FALSE;
    }
    if (strlen (name) > VIMANA_NETWORK_NAME_MAX) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     g_dngettext (GETTEXT_PACKAGE, "A network's name has at most %d character.",
                                  "A network's name has at most %d characters.",
                                  VIMANA_NETWORK_NAME_MAX),
                     VIMANA_NETWORK_NAME_MAX);
        return FALSE;
    }
    for (const char *c = name; *c != '\0'; c++) {
        if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_' && *c != '.') {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("A network's name has only letters, digits, “-”, “_” and "
                                   "“.”."));
            return FALSE;
        }
    }
    if (name[0] == '-' || name[0] == '.') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A network's name starts with a letter or a digit."));
        return FALSE;
    }
    return TRUE;
}

static guint32
vimana_network_mask (guint prefix)
{
    return prefix == 0 ? 0 : G_MAXUINT32 << (32 - prefix);
}

/* An address of the subnet that a host may have: not the subnet's own, not its broadcast. */
static gboolean
vimana_network_check_host (const char          *text,
                           guint32              subnet,
                           guint32              mask,
                           VimanaNetworkField   which,
                           VimanaNetworkField  *field,
                           guint32             *address,
                           GError             **error)
{
    *field = which;
    if (!vimana_network_parse_ipv4 (text, address, error))
        return FALSE;
    if ((*address & mask) != subnet) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is outside the network's addresses."), text);
        return FALSE;
    }
    if (*address == subnet || *address == (subnet | ~mask)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is the network's own address or its broadcast address; choose one "
                       "between them."), text);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_network_spec_check:
 * @spec: the network
 * @field: (out): the field a refusal is about
 * @error: return location for the reason
 *
 * Checks what the dialog can know alone: the name's form, the address and prefix, the DHCP range
 * inside the network and without the host's address. Whether the name is taken or the subnet
 * overlaps another network is the caller's to check against the connection's networks
 * (vimana_network_subnets_overlap()).
 *
 * Returns: whether @spec makes a network
 */
gboolean
vimana_network_spec_check (const VimanaNetworkSpec  *spec,
                           VimanaNetworkField       *field,
                           GError                  **error)
{
    guint32 address;
    guint32 mask;
    guint32 subnet;
    guint32 start;
    guint32 end;

    g_return_val_if_fail (spec != NULL, FALSE);
    g_return_val_if_fail (field != NULL, FALSE);

    *field = VIMANA_NETWORK_FIELD_NAME;
    if (!vimana_network_check_name (spec->name, error))
        return FALSE;
    *field = VIMANA_NETWORK_FIELD_ADDRESS;
    if (!vimana_network_parse_ipv4 (spec->address, &address, error))
        return FALSE;
    *field = VIMANA_NETWORK_FIELD_PREFIX;
    if (spec->prefix < 8 || spec->prefix > 30) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The prefix is from 8 (a /8 network) to 30 (two hosts)."));
        return FALSE;
    }
    mask = vimana_network_mask (spec->prefix);
    subnet = address & mask;
    if (!vimana_network_check_host (spec->address, subnet, mask, VIMANA_NETWORK_FIELD_ADDRESS,
                                    field, &address, error))
        return FALSE;

    if ((spec->dhcp_start == NULL) != (spec->dhcp_end == NULL)) {
        *field = spec->dhcp_start == NULL ? VIMANA_NETWORK_FIELD_DHCP_START
                                          : VIMANA_NETWORK_FIELD_DHCP_END;
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A DHCP range needs its first and its last address."));
        return FALSE;
    }
    if (spec->dhcp_start == NULL)
        return TRUE;
    if (!vimana_network_check_host (spec->dhcp_start, subnet, mask,
                                    VIMANA_NETWORK_FIELD_DHCP_START, field, &start, error) ||
        !vimana_network_check_host (spec->dhcp_end, subnet, mask, VIMANA_NETWORK_FIELD_DHCP_END,
                                    field, &end, error))
        return FALSE;
    if (start > end) {
        *field = VIMANA_NETWORK_FIELD_DHCP_END;
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The range ends before it starts: %s comes before %s."), spec->dhcp_end,
                     spec->dhcp_start);
        return FALSE;
    }
    if (address >= start && address <= end) {
        *field = VIMANA_NETWORK_FIELD_DHCP_START;
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The range includes the host's own address %s."), spec->address);
        return FALSE;
    }
    return TRUE;
}

/* Returns: whether the two IPv4 subnets share an address; FALSE when either is not one */
gboolean
vimana_network_subnets_overlap (const char *address,
                                guint       prefix,
                                const char *other_address,
                                guint       other_prefix)
{
    guint32 a;
    guint32 b;
    guint32 mask;

    if (!vimana_network_parse_ipv4 (address, &a, NULL) ||
        !vimana_network_parse_ipv4 (other_address, &b, NULL) || prefix > 32 || other_prefix > 32)
        return FALSE;
    /* Two subnets overlap when the larger one contains the other. */
    mask = vimana_network_mask (MIN (prefix, other_prefix));
    return (a & mask) == (b & mask);
}

/**
 * vimana_network_spec_to_xml:
 * @spec: a network that vimana_network_spec_check() accepts
 *
 * libvirt chooses the bridge's name and MAC address.
 *
 * Returns: (transfer full): the network's XML description
 */
char *
vimana_network_spec_to_xml (const VimanaNetworkSpec *spec)
{
    GString *xml = g_string_new ("<network>\n");
    g_autofree char *name = g_markup_printf_escaped ("  <name>%s</name>\n", spec->name);
    g_autofree char *ip = g_markup_printf_escaped ("  <ip address='%s' prefix='%u'>\n",
                                                   spec->address, spec->prefix);

    g_return_val_if_fail (spec != NULL, NULL);

    g_string_append (xml, name);
    if (spec->nat)
        g_string_append (xml, "  <forward mode='nat'/>\n");
    g_string_append (xml, ip);
    if (spec->dhcp_start != NULL && spec->dhcp_end != NULL) {
        g_autofree char *range = g_markup_printf_escaped (
            "    <dhcp>\n      <range start='%s' end='%s'/>\n    </dhcp>\n", spec->dhcp_start,
            spec->dhcp_end);

        g_string_append (xml, range);
    }
    g_string_append (xml, "  </ip>\n</network>\n");
    return g_string_free (xml, FALSE);
}

/* Returns: whether @text is a unicast MAC address written as six pairs of hex digits with ":" */
gboolean
vimana_network_check_mac (const char  *text,
                          GError     **error)
{
    gboolean ok = text != NULL && strlen (text) == 17;

    for (guint i = 0; ok && i < 17; i++)
        ok = i % 3 == 2 ? text[i] == ':' : g_ascii_isxdigit (text[i]);
    if (!ok) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a MAC address such as 52:54:00:12:34:56."),
                     text != NULL ? text : "");
        return FALSE;
    }
    /* The lowest bit of the first byte marks a group address, which no NIC has. */
    if (g_ascii_xdigit_value (text[1]) & 1) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is a multicast address; a guest's NIC has a unicast one."), text);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_network_check_reservation:
 * @address: the host's address on the network
 * @prefix: its prefix length
 * @macs: (nullable): the MAC addresses reserved already
 * @ips: (nullable): the IP addresses reserved already, in the same order
 * @mac: the guest NIC's MAC address
 * @ip: the address to give it
 * @mac_field: (out): whether the refusal is about @mac, else about @ip
 * @error: return location for the reason
 *
 * Returns: whether "always give @mac the address @ip" fits the network
 */
gboolean
vimana_network_check_reservation (const char         *address,
                                  guint               prefix,
                                  const char * const *macs,
                                  const char * const *ips,
                                  const char         *mac,
                                  const char         *ip,
                                  gboolean           *mac_field,
                                  GError            **error)
{
    guint32 host;
    guint32 wanted;
    guint32 mask;
    VimanaNetworkField field;

    *mac_field = TRUE;
    if (!vimana_network_check_mac (mac, error))
        return FALSE;
    for (guint i = 0; macs != NULL && macs[i] != NULL; i++) {
        if (g_ascii_strcasecmp (macs[i], mac) == 0) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                         _("%s has a reservation already (%s); remove it first."), mac,
                         ips != NULL && ips[i] != NULL ? ips[i] : "—");
            return FALSE;
        }
    }
    *mac_field = FALSE;
    if (!vimana_network_parse_ipv4 (address, &host, NULL) || prefix < 8 || prefix > 30) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                             _("The network has no IPv4 subnet to reserve addresses in."));
        return FALSE;
    }
    mask = vimana_network_mask (prefix);
    if (!vimana_network_check_host (ip, host & mask, mask, VIMANA_NETWORK_FIELD_ADDRESS, &field,
                                    &wanted, error))
        return FALSE;
    if (wanted == host) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is the host's own address on the network."), ip);
        return FALSE;
    }
    for (guint i = 0; ips != NULL && ips[i] != NULL; i++) {
        if (g_strcmp0 (ips[i], ip) == 0) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                         _("%s is reserved for %s already."), ip,
                         macs != NULL && macs[i] != NULL ? macs[i] : "—");
            return FALSE;
        }
    }
    return TRUE;
}

/* Returns: (transfer full): the <host> element virNetworkUpdate() adds or removes */
char *
vimana_network_reservation_to_xml (const char *mac,
                                   const char *ip)
{
    return ip != NULL ? g_markup_printf_escaped ("<host mac='%s' ip='%s'/>", mac, ip)
                      : g_markup_printf_escaped ("<host mac='%s'/>", mac);
}
