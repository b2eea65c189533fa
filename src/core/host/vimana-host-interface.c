/* vimana-host-interface.c: the host's network interfaces, read-only
 *
 * Read from libvirt's interface driver (virConnectListAllInterfaces; its XML has the type, MAC,
 * link state and speed and, for an active interface, its addresses). Where the daemon has no
 * interface driver and the connection is to this machine, from /sys/class/net and
 * getifaddrs() instead. Nothing here changes an interface: Debian 12's interface driver cannot,
 * and the host's own tools own them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host"

#include "config.h"

#include "vimana-host-interface.h"

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <ifaddrs.h>
#include <libvirt/libvirt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "vimana-connection-private.h"
#include "vimana-connection.h"
#include "vimana-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

G_DEFINE_BOXED_TYPE (VimanaHostInterface, vimana_host_interface, vimana_host_interface_copy,
                     vimana_host_interface_free)

VimanaHostInterface *
vimana_host_interface_copy (const VimanaHostInterface *iface)
{
    VimanaHostInterface *copy = g_new0 (VimanaHostInterface, 1);

    copy->name = g_strdup (iface->name);
    copy->kind = g_strdup (iface->kind);
    copy->mac = g_strdup (iface->mac);
    copy->active = iface->active;
    copy->addresses = g_strdupv (iface->addresses);
    copy->speed = iface->speed;
    return copy;
}

void
vimana_host_interface_free (VimanaHostInterface *iface)
{
    if (iface == NULL)
        return;
    g_free (iface->name);
    g_free (iface->kind);
    g_free (iface->mac);
    g_strfreev (iface->addresses);
    g_free (iface);
}

static char *
vimana_host_interface_prop (xmlNodePtr  node,
                            const char *name)
{
    xmlChar *value = node != NULL ? xmlGetProp (node, BAD_CAST name) : NULL;
    char *copy = g_strdup ((const char *) value);

    xmlFree (value);
    return copy;
}

static gboolean
vimana_host_interface_is (xmlNodePtr  node,
                          const char *name)
{
    return node->type == XML_ELEMENT_NODE && g_str_equal ((const char *) node->name, name);
}

/**
 * vimana_host_interface_new_from_xml:
 * @xml: an interface's description from libvirt
 *
 * Returns: (transfer full) (nullable): the interface; %NULL when @xml describes none
 */
VimanaHostInterface *
vimana_host_interface_new_from_xml (const char *xml)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();
    VimanaHostInterface *iface;
    xmlNodePtr root;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = xmlReadMemory (xml, strlen (xml), "interface.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_host_interface_is (root, "interface"))
        return NULL;

    iface = g_new0 (VimanaHostInterface, 1);
    iface->name = vimana_host_interface_prop (root, "name");
    iface->kind = vimana_host_interface_prop (root, "type");
    for (xmlNodePtr node = root->children; node != NULL; node = node->next) {
        if (vimana_host_interface_is (node, "mac")) {
            g_free (iface->mac);
            iface->mac = vimana_host_interface_prop (node, "address");
        } else if (vimana_host_interface_is (node, "link")) {
            g_autofree char *state = vimana_host_interface_prop (node, "state");
            g_autofree char *speed = vimana_host_interface_prop (node, "speed");

            iface->active = g_strcmp0 (state, "up") == 0;
            iface->speed = speed != NULL ? (guint) g_ascii_strtoull (speed, NULL, 10) : 0;
        } else if (vimana_host_interface_is (node, "protocol")) {
            for (xmlNodePtr ip = node->children; ip != NULL; ip = ip->next) {
                g_autofree char *address = NULL;
                g_autofree char *prefix = NULL;

                if (!vimana_host_interface_is (ip, "ip"))
                    continue;
                address = vimana_host_interface_prop (ip, "address");
                prefix = vimana_host_interface_prop (ip, "prefix");
                if (address == NULL)
                    continue;
                if (prefix != NULL) {
                    g_autofree char *both = g_strdup_printf ("%s/%s", address, prefix);

                    g_strv_builder_add (addresses, both);
                } else {
                    g_strv_builder_add (addresses, address);
                }
            }
        }
    }
    iface->addresses = g_strv_builder_end (addresses);
    return iface;
}

/* ---- on the worker ---- */

static char *
vimana_host_interface_sysfs (const char *name,
                             const char *file)
{
    g_autofree char *path = g_build_filename ("/sys/class/net", name, file, NULL);
    char *text = NULL;

    if (!g_file_get_contents (path, &text, NULL, NULL))
        return NULL;
    return g_strstrip (text);
}

static guint
vimana_host_interface_prefix (const struct sockaddr *mask)
{
    const guint8 *bytes;
    gsize n;
    guint prefix = 0;

    if (mask == NULL)
        return 0;
    if (mask->sa_family == AF_INET) {
        bytes = (const guint8 *) &((const struct sockaddr_in *) mask)->sin_addr;
        n = 4;
    } else {
        bytes = (const guint8 *) &((const struct sockaddr_in6 *) mask)->sin6_addr;
        n = 16;
    }
    for (gsize i = 0; i < n; i++) {
        for (int bit = 7; bit >= 0 && (bytes[i] >> bit) & 1; bit--)
            prefix++;
    }
    return prefix;
}

/* This machine's interfaces, for a local connection whose daemon has no interface driver. */
static GPtrArray *
vimana_host_interface_read_local (void)
{
    GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_host_interface_free);
    g_autoptr(GDir) dir = g_dir_open ("/sys/class/net", 0, NULL);
    struct ifaddrs *addrs = NULL;
    const char *name;

    if (getifaddrs (&addrs) < 0)
        addrs = NULL;
    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autoptr(GStrvBuilder) addresses = g_strv_builder_new ();
        g_autofree char *bridge = g_build_filename ("/sys/class/net", name, "bridge", NULL);
        g_autofree char *bond = g_build_filename ("/sys/class/net", name, "bonding", NULL);
        g_autofree char *device = g_build_filename ("/sys/class/net", name, "device", NULL);
        g_autofree char *state = vimana_host_interface_sysfs (name, "operstate");
        g_autofree char *speed = vimana_host_interface_sysfs (name, "speed");
        VimanaHostInterface *iface = g_new0 (VimanaHostInterface, 1);

        iface->name = g_strdup (name);
        iface->kind = g_strdup (g_file_test (bridge, G_FILE_TEST_IS_DIR) ? "bridge"
                                : g_file_test (bond, G_FILE_TEST_IS_DIR) ? "bond"
                                : g_file_test (device, G_FILE_TEST_EXISTS) ? "ethernet"
                                                                           : "virtual");
        iface->mac = vimana_host_interface_sysfs (name, "address");
        iface->active = g_strcmp0 (state, "up") == 0 || g_strcmp0 (state, "unknown") == 0;
        /* A link that is down reports -1. */
        iface->speed = speed != NULL && speed[0] != '-' ? (guint) g_ascii_strtoull (speed, NULL, 10)
                                                        : 0;
        for (struct ifaddrs *a = addrs; a != NULL; a = a->ifa_next) {
            char text[INET6_ADDRSTRLEN] = { 0 };
            const void *where;
            g_autofree char *both = NULL;

            if (a->ifa_addr == NULL || g_strcmp0 (a->ifa_name, name) != 0 ||
                (a->ifa_addr->sa_family != AF_INET && a->ifa_addr->sa_family != AF_INET6))
                continue;
            where = a->ifa_addr->sa_family == AF_INET
                        ? (const void *) &((struct sockaddr_in *) a->ifa_addr)->sin_addr
                        : (const void *) &((struct sockaddr_in6 *) a->ifa_addr)->sin6_addr;
            if (inet_ntop (a->ifa_addr->sa_family, where, text, sizeof text) == NULL)
                continue;
            both = g_strdup_printf ("%s/%u", text, vimana_host_interface_prefix (a->ifa_netmask));
            g_strv_builder_add (addresses, both);
        }
        iface->addresses = g_strv_builder_end (addresses);
        g_ptr_array_add (found, iface);
    }
    if (addrs != NULL)
        freeifaddrs (addrs);
    return found;
}

static int
vimana_host_interface_compare (gconstpointer a,
                               gconstpointer b)
{
    const VimanaHostInterface *first = *(VimanaHostInterface * const *) a;
    const VimanaHostInterface *second = *(VimanaHostInterface * const *) b;

    return g_strcmp0 (first->name, second->name);
}

static void
vimana_host_interface_list_job (GTask         *task,
                                virConnectPtr  conn,
                                virDomainPtr   dom,
                                gpointer       data,
                                GCancellable  *cancellable)
{
    gboolean local = GPOINTER_TO_INT (data);
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces (conn, &ifaces, 0);
    GPtrArray *found;
    GError *error = NULL;

    if (n < 0 && !local) {
        vimana_error_set_from_libvirt_prefixed (&error,
                                                _("The host's network interfaces could not be "
                                                  "listed."));
        g_task_return_error (task, error);
        return;
    }
    if (n < 0) {
        virResetLastError ();
        found = vimana_host_interface_read_local ();
    } else {
        found = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_host_interface_free);
        for (int i = 0; i < n; i++) {
            g_autofree char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
            VimanaHostInterface *iface = xml != NULL ? vimana_host_interface_new_from_xml (xml)
                                                     : NULL;

            if (iface != NULL) {
                /* An inactive interface's description has no link element. */
                if (virInterfaceIsActive (ifaces[i]) == 1)
                    iface->active = TRUE;
                g_ptr_array_add (found, iface);
            }
            virInterfaceFree (ifaces[i]);
        }
        free (ifaces);
        virResetLastError ();
    }
    g_ptr_array_sort (found, vimana_host_interface_compare);
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_connection_list_host_interfaces_async:
 * @self: a #VimanaConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads the host's network interfaces once, on the worker.
 */
void
vimana_connection_list_host_interfaces_async (VimanaConnection    *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_list_host_interfaces_async);
    vimana_connection_queue (self, task, vimana_host_interface_list_job,
                             GINT_TO_POINTER (vimana_connection_is_local (self)), NULL);
}

/* Returns: (transfer full) (element-type VimanaHostInterface): the interfaces, sorted by name */
GPtrArray *
vimana_connection_list_host_interfaces_finish (VimanaConnection  *self,
                                               GAsyncResult      *result,
                                               GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
