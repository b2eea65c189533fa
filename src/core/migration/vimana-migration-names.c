/* vimana-migration-names.c: naming hosts in migration lines so that two hosts differ
 *
 * Every local QEMU connection is called "QEMU/KVM", so a checklist or result line saying
 * "moves to QEMU/KVM" tells the operator nothing when two hosts are open. When a connection's
 * host identity is read (vimana_migration_read_host_identity_async), its worker also asks the
 * daemon for its host name (virConnectGetHostname), and the connection keeps a label for the
 * migration lines: a remote URI's own name already names its host ("QEMU/KVM on example.org");
 * a local one becomes "QEMU/KVM on <host name>". Until the identity is read, and when the daemon
 * does not say, the label is the connection's name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-migration-check.h"

#include <glib/gi18n-lib.h>

#include "vimana-uri.h"

#define HOST_NAME_KEY "vimana-migration-host-name"

/**
 * vimana_migration_host_label:
 * @uri: the connection's URI
 * @display_name: the connection's name ("QEMU/KVM")
 * @hostname: (nullable): what its daemon calls its host
 *
 * Returns: (transfer full): the name migration lines give the host
 */
char *
vimana_migration_host_label (const char *uri,
                             const char *display_name,
                             const char *hostname)
{
    g_return_val_if_fail (display_name != NULL, NULL);

    if (hostname == NULL || hostname[0] == '\0' || !g_utf8_validate (hostname, -1, NULL)
        || (uri != NULL && vimana_uri_is_remote (uri)))
        return g_strdup (display_name);
    /* Translators: a connection's kind and its host: "QEMU/KVM on example.org". */
    return g_strdup_printf (_("%s on %s"), display_name, hostname);
}

/* Main thread: what the identity's reading found. */
void
vimana_migration_set_host_name (VimanaConnection *connection,
                                const char       *hostname)
{
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    g_object_set_data_full (G_OBJECT (connection), HOST_NAME_KEY,
                            vimana_migration_host_label (vimana_connection_get_uri (connection),
                                                         vimana_connection_get_display_name (connection),
                                                         hostname),
                            g_free);
}

/**
 * vimana_migration_get_host_name:
 * @connection: a connection
 *
 * Returns: (transfer none): the host's name for migration lines: the connection's name with
 *   its host name once its identity was read, else the connection's name
 */
const char *
vimana_migration_get_host_name (VimanaConnection *connection)
{
    const char *label;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    label = g_object_get_data (G_OBJECT (connection), HOST_NAME_KEY);
    return label != NULL ? label : vimana_connection_get_display_name (connection);
}
