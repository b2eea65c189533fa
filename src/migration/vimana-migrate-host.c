/* vimana-migrate-host.c: host maintenance: evacuate a host, return its guests afterwards
 *
 * Both are the Migrate dialog with a purpose (its checklist, options, progress and
 * concurrency): Evacuate Host offers every running guest of a connection, to one destination,
 * and remembers where each went (vimana-migration-origins.h, keyed by UUID, kept across
 * restarts); Return Guests finds those guests again by UUID on the open connections and moves
 * them home.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migrate-dialog"

#include "config.h"

#include "vimana-migrate-host.h"

#include <glib/gi18n.h>

#include "vimana-domain.h"
#include "vimana-migrate-dialog.h"
#include "vimana-migration-check.h"
#include "vimana-migration-origins.h"

/**
 * vimana_migrate_host_evacuate:
 * @parent: (nullable): the window it belongs to
 * @connections: the application's connections: the destinations
 * @connection: the host to empty
 * @error: why there is nothing to do
 *
 * Returns: (transfer floating) (nullable): the Migrate dialog for every guest that runs on
 * @connection, not yet shown; %NULL when none runs there
 */
GtkWidget *
vimana_migrate_host_evacuate (GtkWindow         *parent,
                              GListModel        *connections,
                              VimanaConnection  *connection,
                              GError           **error)
{
    GListModel *domains;
    g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func (g_object_unref);
    GtkWidget *dialog;
    guint n;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);

    domains = vimana_connection_get_domains (connection);
    n = g_list_model_get_n_items (domains);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        if (vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_RUNNING)
            g_ptr_array_add (running, g_steal_pointer (&domain));
    }
    if (running->len == 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No guest runs on %s: there is nothing to evacuate."),
                     vimana_migration_get_host_name (connection));
        return NULL;
    }
    dialog = vimana_migrate_dialog_new (parent, connections, running);
    vimana_migrate_dialog_set_purpose (VIMANA_MIGRATE_DIALOG (dialog),
                                       VIMANA_MIGRATE_PURPOSE_EVACUATE, NULL);
    return dialog;
}

static VimanaConnection *
vimana_migrate_host_find_connection (GListModel *connections,
                                     const char *uri)
{
    guint n = g_list_model_get_n_items (connections);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (connections, i);

        if (g_strcmp0 (vimana_connection_get_uri (connection), uri) == 0)
            return connection;  /* the list keeps it */
    }
    return NULL;
}

static VimanaDomain *
vimana_migrate_host_find_domain (VimanaConnection *connection,
                                 const char       *uuid)
{
    GListModel *domains = vimana_connection_get_domains (connection);
    guint n = g_list_model_get_n_items (domains);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        if (g_strcmp0 (vimana_domain_get_uuid (domain), uuid) == 0)
            return domain;  /* the list keeps it */
    }
    return NULL;
}

/**
 * vimana_migrate_host_return:
 * @parent: (nullable): the window it belongs to
 * @connections: the application's connections
 * @home: the host the guests were evacuated from
 * @error: why there is nothing to do
 *
 * Returns: (transfer floating) (nullable): the Migrate dialog that moves back to @home every
 * guest evacuated from it that runs on an open connection; %NULL when there is none
 */
GtkWidget *
vimana_migrate_host_return (GtkWindow         *parent,
                            GListModel        *connections,
                            VimanaConnection  *home,
                            GError           **error)
{
    g_autofree char *path = vimana_migration_origins_get_default_path ();
    g_autoptr(GPtrArray) origins = NULL;
    g_autoptr(GPtrArray) guests = g_ptr_array_new_with_free_func (g_object_unref);
    GtkWidget *dialog;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (home), NULL);
    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);

    origins = vimana_migration_origins_list_from (path, vimana_connection_get_uri (home), error);
    if (origins == NULL)
        return NULL;
    for (guint i = 0; i < origins->len; i++) {
        VimanaMigrationOrigin *origin = g_ptr_array_index (origins, i);
        VimanaConnection *there = vimana_migrate_host_find_connection (connections,
                                                                       origin->to_uri);
        VimanaDomain *domain = there != NULL ? vimana_migrate_host_find_domain (there, origin->uuid)
                                             : NULL;

        if (domain != NULL && vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_RUNNING)
            g_ptr_array_add (guests, g_object_ref (domain));
    }
    if (guests->len == 0) {
        if (origins->len == 0)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No guest was evacuated from %s."),
                         vimana_migration_get_host_name (home));
        else
            /* Translators: a number of guests, then the host they were evacuated from. */
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         ngettext ("The %u guest evacuated from %s does not run on an open connection: connect to where it went.",
                                   "None of the %u guests evacuated from %s runs on an open connection: connect to where they went.",
                                   origins->len),
                         origins->len, vimana_migration_get_host_name (home));
        return NULL;
    }
    dialog = vimana_migrate_dialog_new (parent, connections, guests);
    vimana_migrate_dialog_set_purpose (VIMANA_MIGRATE_DIALOG (dialog),
                                       VIMANA_MIGRATE_PURPOSE_RETURN, home);
    return dialog;
}
