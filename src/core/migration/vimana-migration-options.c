/* vimana-migration-options.c: a migration's options, their checks and libvirt's flags
 *
 * Everything here is pure: the dialog checks a field as it is typed, the migration checks the
 * whole set again before any libvirt call, and the unit tests cover both without a daemon.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-migration-options.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-migration-private.h"

G_DEFINE_BOXED_TYPE (VimanaMigrationOptions, vimana_migration_options,
                     vimana_migration_options_copy, vimana_migration_options_free)

/**
 * vimana_migration_options_new:
 *
 * Returns: (transfer full): the defaults: direct, live, keep the guest on the destination, no
 *   storage copy, no limits
 */
VimanaMigrationOptions *
vimana_migration_options_new (void)
{
    VimanaMigrationOptions *options = g_new0 (VimanaMigrationOptions, 1);

    options->mode = VIMANA_MIGRATION_MODE_DIRECT;
    options->live = TRUE;
    options->persist = TRUE;
    return options;
}

VimanaMigrationOptions *
vimana_migration_options_copy (const VimanaMigrationOptions *options)
{
    VimanaMigrationOptions *copy;

    g_return_val_if_fail (options != NULL, NULL);

    copy = g_memdup2 (options, sizeof *options);
    copy->address = g_strdup (options->address);
    copy->dest_name = g_strdup (options->dest_name);
    copy->storage_pool = g_strdup (options->storage_pool);
    return copy;
}

void
vimana_migration_options_free (VimanaMigrationOptions *options)
{
    if (options == NULL)
        return;
    g_free (options->address);
    g_free (options->dest_name);
    g_free (options->storage_pool);
    g_free (options);
}

static gboolean
vimana_migration_host_is_valid (const char *host)
{
    g_auto(GStrv) labels = NULL;

    if (host[0] == '[') {
        gsize len = strlen (host);
        g_autofree char *inner = NULL;

        if (len < 3 || host[len - 1] != ']')
            return FALSE;
        inner = g_strndup (host + 1, len - 2);
        return strchr (inner, ':') != NULL && g_hostname_is_ip_address (inner);
    }
    if (strlen (host) > 253)
        return FALSE;
    labels = g_strsplit (host, ".", -1);
    for (guint i = 0; labels[i] != NULL; i++) {
        gsize len = strlen (labels[i]);

        if (len == 0 || len > 63 || labels[i][0] == '-' || labels[i][len - 1] == '-')
            return FALSE;
        for (gsize j = 0; j < len; j++) {
            if (!g_ascii_isalnum (labels[i][j]) && labels[i][j] != '-')
                return FALSE;
        }
    }
    return TRUE;
}

/* Splits "tcp://host:port", "host:port", "[v6]:port" or "host" into a checked host and port
 * (0: none). */
static gboolean
vimana_migration_parse_address (const char  *address,
                                char       **host_out,
                                guint       *port_out)
{
    const char *rest = address;
    const char *colon;
    g_autofree char *host = NULL;
    guint64 port = 0;

    if (g_str_has_prefix (rest, "tcp://"))
        rest += strlen ("tcp://");
    if (rest[0] == '[') {
        const char *end = strchr (rest, ']');

        if (end == NULL)
            return FALSE;
        host = g_strndup (rest, end - rest + 1);
        colon = end[1] == ':' ? end + 1 : NULL;
        if (end[1] != '\0' && colon == NULL)
            return FALSE;
    } else {
        colon = strchr (rest, ':');
        host = colon != NULL ? g_strndup (rest, colon - rest) : g_strdup (rest);
    }
    if (colon != NULL) {
        if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, 65535, &port, NULL))
            return FALSE;
    }
    if (host[0] == '\0' || !vimana_migration_host_is_valid (host))
        return FALSE;
    *host_out = g_steal_pointer (&host);
    *port_out = (guint) port;
    return TRUE;
}

static gboolean
vimana_migration_fail (VimanaMigrationField  which,
                       VimanaMigrationField *field,
                       GError              **error,
                       const char           *message)
{
    if (field != NULL)
        *field = which;
    g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT, message);
    return FALSE;
}

/**
 * vimana_migration_options_check:
 * @options: the options
 * @field: (out) (optional): the field that is wrong, %VIMANA_MIGRATION_FIELD_NONE when none is
 * @error: a #VIMANA_ERROR_INVALID_ARGUMENT naming what is wrong, for the field's message
 *
 * Returns: whether libvirt may be asked to migrate with @options
 */
gboolean
vimana_migration_options_check (const VimanaMigrationOptions *options,
                                VimanaMigrationField         *field,
                                GError                      **error)
{
    g_return_val_if_fail (options != NULL, FALSE);

    if (field != NULL)
        *field = VIMANA_MIGRATION_FIELD_NONE;
    if (options->mode > VIMANA_MIGRATION_MODE_TUNNELLED)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_MODE, field, error,
                                      _("Choose direct, peer-to-peer or tunnelled."));
    if (!options->live && !options->persist)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_PERSIST, field, error,
                                      _("An offline migration moves only the definition: keep the guest on the destination."));
    if (!options->live && options->copy_storage)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_COPY_STORAGE, field, error,
                                      _("Storage can be copied only while the guest runs: choose a live migration."));
    if (options->copy_storage && options->storage_pool != NULL
        && (options->storage_pool[0] == '\0' || strchr (options->storage_pool, '/') != NULL
            || strlen (options->storage_pool) > 255 || !g_utf8_validate (options->storage_pool, -1, NULL)))
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_COPY_STORAGE, field, error,
                                      _("Choose one of the destination’s storage pools for the copied disks."));
    if (!options->live && options->auto_converge)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_AUTO_CONVERGE, field, error,
                                      _("Auto-converge applies only to a live migration."));
    if (!options->live && options->postcopy)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_POSTCOPY, field, error,
                                      _("Post-copy applies only to a live migration."));
    if (options->postcopy && options->mode == VIMANA_MIGRATION_MODE_TUNNELLED)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_POSTCOPY, field, error,
                                      _("Post-copy is not possible through a tunnelled migration."));
    if (options->bandwidth > VIMANA_MIGRATION_MAX_BANDWIDTH)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_BANDWIDTH, field, error,
                                      _("The bandwidth limit must be at most 1048576 MiB/s (0 for none)."));
    if (options->max_downtime > VIMANA_MIGRATION_MAX_DOWNTIME)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_MAX_DOWNTIME, field, error,
                                      _("The maximum downtime must be at most 60000 ms (0 for the default)."));
    if (options->max_downtime > 0 && !options->live)
        return vimana_migration_fail (VIMANA_MIGRATION_FIELD_MAX_DOWNTIME, field, error,
                                      _("A maximum downtime applies only to a live migration."));
    if (options->address != NULL && options->address[0] != '\0') {
        g_autofree char *host = NULL;
        guint port;

        if (options->mode == VIMANA_MIGRATION_MODE_TUNNELLED)
            return vimana_migration_fail (VIMANA_MIGRATION_FIELD_ADDRESS, field, error,
                                          _("A tunnelled migration uses libvirt’s own connection: leave the address empty."));
        if (!vimana_migration_parse_address (options->address, &host, &port))
            return vimana_migration_fail (VIMANA_MIGRATION_FIELD_ADDRESS, field, error,
                                          _("Enter a host name or an IP address, optionally with :port (1–65535)."));
    }
    if (options->dest_name != NULL && options->dest_name[0] != '\0') {
        const char *p;

        if (!g_utf8_validate (options->dest_name, -1, NULL)
            || g_utf8_strlen (options->dest_name, -1) > 200
            || strchr (options->dest_name, '/') != NULL)
            return vimana_migration_fail (VIMANA_MIGRATION_FIELD_DEST_NAME, field, error,
                                          _("A guest name has at most 200 characters and no “/”."));
        for (p = options->dest_name; *p != '\0'; p++) {
            if (g_ascii_iscntrl (*p))
                return vimana_migration_fail (VIMANA_MIGRATION_FIELD_DEST_NAME, field, error,
                                              _("A guest name has at most 200 characters and no “/”."));
        }
    }
    return TRUE;
}

/**
 * vimana_migration_options_get_data_uri:
 * @options: checked options
 *
 * Returns: (transfer full) (nullable): the migration URI for libvirt (VIR_MIGRATE_PARAM_URI,
 *   "tcp://host[:port]") made from the address override, or %NULL when there is none
 */
char *
vimana_migration_options_get_data_uri (const VimanaMigrationOptions *options)
{
    g_autofree char *host = NULL;
    guint port = 0;

    g_return_val_if_fail (options != NULL, NULL);

    if (options->address == NULL || options->address[0] == '\0'
        || !vimana_migration_parse_address (options->address, &host, &port))
        return NULL;
    if (port == 0)
        return g_strdup_printf ("tcp://%s", host);
    return g_strdup_printf ("tcp://%s:%u", host, port);
}

/**
 * vimana_migration_options_get_flags:
 * @options: checked options
 *
 * Returns: libvirt's VIR_MIGRATE_* flags for @options
 */
guint
vimana_migration_options_get_flags (const VimanaMigrationOptions *options)
{
    guint flags = 0;

    g_return_val_if_fail (options != NULL, 0);

    if (options->live)
        flags |= VIR_MIGRATE_LIVE;
    else
        flags |= VIR_MIGRATE_OFFLINE;
    if (options->mode == VIMANA_MIGRATION_MODE_PEER_TO_PEER)
        flags |= VIR_MIGRATE_PEER2PEER;
    else if (options->mode == VIMANA_MIGRATION_MODE_TUNNELLED)
        flags |= VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_TUNNELLED;
    if (options->persist)
        flags |= VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_UNDEFINE_SOURCE;
    if (options->copy_storage)
        flags |= VIR_MIGRATE_NON_SHARED_DISK;
    if (options->auto_converge)
        flags |= VIR_MIGRATE_AUTO_CONVERGE;
    if (options->postcopy)
        flags |= VIR_MIGRATE_POSTCOPY;
    if (options->unsafe)
        flags |= VIR_MIGRATE_UNSAFE;
    return flags;
}

/* On any thread: the typed parameters of virDomainMigrate3/virDomainMigrateToURI3. */
gboolean
vimana_migration_options_build_params (const VimanaMigrationOptions  *options,
                                       virTypedParameterPtr          *params,
                                       int                           *n_params,
                                       GError                       **error)
{
    g_autofree char *uri = vimana_migration_options_get_data_uri (options);
    int max = 0;

    *params = NULL;
    *n_params = 0;
    if (options->bandwidth > 0
        && virTypedParamsAddULLong (params, n_params, &max, VIR_MIGRATE_PARAM_BANDWIDTH,
                                    options->bandwidth) < 0)
        goto fail;
    if (uri != NULL
        && virTypedParamsAddString (params, n_params, &max, VIR_MIGRATE_PARAM_URI, uri) < 0)
        goto fail;
    if (options->dest_name != NULL && options->dest_name[0] != '\0'
        && virTypedParamsAddString (params, n_params, &max, VIR_MIGRATE_PARAM_DEST_NAME,
                                    options->dest_name) < 0)
        goto fail;
    return TRUE;

fail:
    vimana_error_set_from_libvirt (error, _("The migration’s parameters could not be made."));
    virTypedParamsFree (*params, *n_params);
    *params = NULL;
    *n_params = 0;
    return FALSE;
}
