/* vimana-domain-addresses.c: a running guest's IP addresses
 *
 * libvirt knows a guest's addresses three ways: the leases of its own DHCP server (guests on
 * a libvirt network), the host's neighbour (ARP) table (guests on a bridge the host also
 * uses), and the guest agent (any network, but only when the agent runs and answers). The
 * first two are cheap and asked in that order; the agent only when the user asks, because a
 * guest without one makes the call wait for its timeout.
 *
 * What libvirt returns comes from dnsmasq's lease file, the kernel, or the guest itself: each
 * address is checked to be one before it is shown, copied, or put on an ssh command line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain"

#include "config.h"

#include "vimana-domain-addresses.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"

void
vimana_domain_address_free (VimanaDomainAddress *address)
{
    if (address == NULL)
        return;
    g_free (address->interface);
    g_free (address->mac);
    g_free (address->address);
    g_free (address);
}

static gboolean
vimana_domain_address_printable (const char *text)
{
    if (!g_utf8_validate (text, -1, NULL))
        return FALSE;
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
        if (g_unichar_iscntrl (g_utf8_get_char (p)))
            return FALSE;
    }
    return TRUE;
}

/**
 * vimana_domain_address_new:
 * @interface: (nullable): the interface's name
 * @mac: (nullable): its MAC address
 * @address: an IPv4 or IPv6 address in text
 * @prefix: the prefix length
 * @source: where it came from
 *
 * Returns: (transfer full) (nullable): the address, or %NULL when @address is not an IP
 *   address (or the prefix is too long for it): such an answer is dropped, not shown
 */
VimanaDomainAddress *
vimana_domain_address_new (const char          *interface,
                           const char          *mac,
                           const char          *address,
                           guint                prefix,
                           VimanaAddressSource  source)
{
    g_autoptr(GInetAddress) inet = NULL;
    VimanaDomainAddress *result;
    gboolean ipv6;

    if (address == NULL || strchr (address, '%') != NULL)
        return NULL;
    inet = g_inet_address_new_from_string (address);
    if (inet == NULL)
        return NULL;
    ipv6 = g_inet_address_get_family (inet) == G_SOCKET_FAMILY_IPV6;
    if (prefix > (ipv6 ? 128u : 32u))
        return NULL;

    result = g_new0 (VimanaDomainAddress, 1);
    /* The canonical spelling: what GLib prints is what was checked. */
    result->address = g_inet_address_to_string (inet);
    result->prefix = prefix;
    result->ipv6 = ipv6;
    result->source = source;
    if (interface != NULL && *interface != '\0' && vimana_domain_address_printable (interface))
        result->interface = g_strdup (interface);
    if (mac != NULL && *mac != '\0' && vimana_domain_address_printable (mac))
        result->mac = g_ascii_strdown (mac, -1);
    return result;
}

/* IPv4 first, then global IPv6, then the rest (link-local, loopback): the first is the one
 * a list cell shows and "Copy Address" copies. */
static int
vimana_domain_address_rank (const VimanaDomainAddress *address)
{
    g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address->address);

    if (g_inet_address_get_is_loopback (inet))
        return 4;
    if (!address->ipv6)
        return g_inet_address_get_is_link_local (inet) ? 2 : 0;
    return g_inet_address_get_is_link_local (inet) ? 3 : 1;
}

static int
vimana_domain_address_compare (gconstpointer a,
                               gconstpointer b)
{
    const VimanaDomainAddress *x = *(VimanaDomainAddress * const *) a;
    const VimanaDomainAddress *y = *(VimanaDomainAddress * const *) b;

    return vimana_domain_address_rank (x) - vimana_domain_address_rank (y);
}

/**
 * vimana_domain_addresses_format:
 * @addresses: (element-type VimanaDomainAddress): addresses
 *
 * Returns: (transfer full) (nullable): "192.168.122.50, fd00::5", without loopback
 *   addresses; %NULL when none is left
 */
char *
vimana_domain_addresses_format (GPtrArray *addresses)
{
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; addresses != NULL && i < addresses->len; i++) {
        VimanaDomainAddress *address = g_ptr_array_index (addresses, i);

        if (vimana_domain_address_rank (address) == 4)
            continue;
        if (text->len > 0)
            g_string_append (text, ", ");
        g_string_append (text, address->address);
    }
    return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

/* ---- the job ---- */

static int
vimana_address_source_to_libvirt (VimanaAddressSource source)
{
    switch (source) {
    case VIMANA_ADDRESS_SOURCE_LEASE:
        return VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
    case VIMANA_ADDRESS_SOURCE_ARP:
        return VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP;
    case VIMANA_ADDRESS_SOURCE_AGENT:
    default:
        return VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT;
    }
}

/* Returns: the number of addresses added to @into, or -1 with libvirt's error left set */
static int
vimana_domain_addresses_ask (virDomainPtr         dom,
                             VimanaAddressSource  source,
                             GPtrArray           *into)
{
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses (dom, &ifaces, vimana_address_source_to_libvirt (source),
                                         0);
    int added = 0;

    if (n < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        for (unsigned int j = 0; j < ifaces[i]->naddrs; j++) {
            VimanaDomainAddress *address =
                vimana_domain_address_new (ifaces[i]->name, ifaces[i]->hwaddr,
                                           ifaces[i]->addrs[j].addr,
                                           ifaces[i]->addrs[j].prefix, source);

            if (address != NULL) {
                g_ptr_array_add (into, address);
                added++;
            }
        }
        virDomainInterfaceFree (ifaces[i]);
    }
    free (ifaces);   /* allocated by libvirt */
    return added;
}

/**
 * vimana_domain_addresses_collect:
 * @dom: a running guest
 * @ask_agent: ask the guest agent only
 * @error: where a failure goes
 *
 * On the worker: the guest's addresses from the DHCP leases, else the ARP table; or from the
 * guest agent. A source the driver or the guest does not offer counts as none.
 *
 * Returns: (transfer full) (element-type VimanaDomainAddress) (nullable): the addresses,
 *   best first; %NULL with @error only when the agent was asked and could not answer
 */
GPtrArray *
vimana_domain_addresses_collect (virDomainPtr   dom,
                                 gboolean       ask_agent,
                                 GError       **error)
{
    g_autoptr(GPtrArray) addresses =
        g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_domain_address_free);

    if (ask_agent) {
        if (vimana_domain_addresses_ask (dom, VIMANA_ADDRESS_SOURCE_AGENT, addresses) < 0) {
            vimana_error_set_from_libvirt (error, _("The guest agent did not say the guest’s "
                                                    "addresses."));
            return NULL;
        }
    } else if (vimana_domain_addresses_ask (dom, VIMANA_ADDRESS_SOURCE_LEASE, addresses) <= 0) {
        virResetLastError ();
        if (vimana_domain_addresses_ask (dom, VIMANA_ADDRESS_SOURCE_ARP, addresses) < 0)
            virResetLastError ();
    }
    g_ptr_array_sort (addresses, vimana_domain_address_compare);
    return g_steal_pointer (&addresses);
}

static void
vimana_domain_fetch_addresses_job (GTask         *task,
                                   virConnectPtr  conn,
                                   virDomainPtr   dom,
                                   gpointer       data,
                                   GCancellable  *cancellable)
{
    gboolean ask_agent = GPOINTER_TO_INT (data);
    GError *error = NULL;
    GPtrArray *addresses;

    if (virDomainIsActive (dom) <= 0) {
        virResetLastError ();
        g_task_return_pointer (task,
                               g_ptr_array_new_with_free_func (
                                   (GDestroyNotify) vimana_domain_address_free),
                               (GDestroyNotify) g_ptr_array_unref);
        return;
    }
    addresses = vimana_domain_addresses_collect (dom, ask_agent, &error);
    if (addresses == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, addresses, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_domain_fetch_addresses_async:
 * @self: a #VimanaDomain
 * @ask_agent: ask the guest agent (it may take its timeout to answer) instead of the host
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads the guest's IP addresses; a guest that is not running has none. The host's answer
 * also becomes the guest's #VimanaDomain:addresses.
 */
void
vimana_domain_fetch_addresses_async (VimanaDomain        *self,
                                     gboolean             ask_agent,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_fetch_addresses_async);
    vimana_domain_queue (self, task, vimana_domain_fetch_addresses_job,
                         GINT_TO_POINTER (ask_agent), NULL);
}

/**
 * vimana_domain_fetch_addresses_finish:
 *
 * Returns: (transfer container) (element-type VimanaDomainAddress): the addresses, best
 *   first (IPv4, then global IPv6, then link-local)
 */
GPtrArray *
vimana_domain_fetch_addresses_finish (VimanaDomain  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
    GPtrArray *addresses;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    addresses = g_task_propagate_pointer (G_TASK (result), error);
    if (addresses != NULL && addresses->len > 0 &&
        ((VimanaDomainAddress *) g_ptr_array_index (addresses, 0))->source !=
            VIMANA_ADDRESS_SOURCE_AGENT) {
        g_autofree char *text = vimana_domain_addresses_format (addresses);

        vimana_domain_set_addresses (self, text);
    }
    return addresses;
}
