/* bench-migrate.c: the app's migration job, timed, for bench/bench-migrate.py
 *
 *   bench-migrate URI-A URI-B GUEST ADDRESS RUNS
 *
 * Opens both connections with VimanaConnection, then RUNS times moves GUEST live from the host
 * that runs it to the other one with VimanaMigration (direct mode, as the Migrate dialog's
 * default: the guest kept on the destination, "Migrate anyway" for the shared folder no pool
 * describes, ADDRESS as the address override). Prints one line per migration:
 *   app SECONDS      the job's time, from vimana_migration_run_async() to its callback
 * and "error MESSAGE" (exit 1) when one fails. Between two runs it waits until the guest's
 * arrival is listed on the destination, as the app would show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt-glib/libvirt-glib.h>
#include <stdio.h>
#include <stdlib.h>

#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-migration.h"

typedef struct
{
    GMainLoop        *loop;
    VimanaConnection *hosts[2];
    const char       *guest;
    const char       *address;
    guint             runs;
    guint             done;
    gint64            started;
    int               status;
} Bench;

static VimanaDomain *
bench_find (VimanaConnection *connection,
            const char       *name)
{
    GListModel *domains = vimana_connection_get_domains (connection);
    guint n = domains != NULL ? g_list_model_get_n_items (domains) : 0;

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        if (g_str_equal (vimana_domain_get_name (domain), name)
            && vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_RUNNING)
            return domain;
    }
    return NULL;
}

static gboolean bench_next_cb (gpointer user_data);

static void
bench_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
    Bench *bench = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_migration_run_finish (VIMANA_MIGRATION (source), result, &error)) {
        printf ("error %s\n", error->message);
        bench->status = 1;
        g_main_loop_quit (bench->loop);
        return;
    }
    printf ("app %.3f\n", (g_get_monotonic_time () - bench->started) / 1e6);
    fflush (stdout);
    bench->done++;
    g_timeout_add (50, bench_next_cb, bench);
}

/* Polls until both hosts are listed and the guest runs on exactly one of them, then moves it. */
static gboolean
bench_next_cb (gpointer user_data)
{
    Bench *bench = user_data;
    VimanaDomain *on[2];
    g_autoptr(VimanaMigrationOptions) options = NULL;
    g_autoptr(VimanaMigration) migration = NULL;
    guint from;

    if (bench->done >= bench->runs) {
        g_main_loop_quit (bench->loop);
        return G_SOURCE_REMOVE;
    }
    for (guint i = 0; i < 2; i++) {
        if (vimana_connection_get_state (bench->hosts[i]) != VIMANA_CONNECTION_STATE_CONNECTED
            || !vimana_connection_get_loaded (bench->hosts[i]))
            return G_SOURCE_CONTINUE;
        on[i] = bench_find (bench->hosts[i], bench->guest);
    }
    if ((on[0] == NULL) == (on[1] == NULL))
        return G_SOURCE_CONTINUE;
    from = on[0] != NULL ? 0 : 1;
    options = vimana_migration_options_new ();
    options->address = g_strdup (bench->address);
    options->unsafe = TRUE;
    migration = vimana_migration_new (on[from], bench->hosts[1 - from], options);
    bench->started = g_get_monotonic_time ();
    vimana_migration_run_async (migration, NULL, bench_done_cb, bench);
    return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
    Bench bench = { 0 };

    if (argc != 6) {
        fprintf (stderr, "usage: bench-migrate URI-A URI-B GUEST ADDRESS RUNS\n");
        return 2;
    }
    gvir_event_register ();
    bench.loop = g_main_loop_new (NULL, FALSE);
    bench.guest = argv[3];
    bench.address = argv[4];
    bench.runs = (guint) strtoul (argv[5], NULL, 10);
    for (guint i = 0; i < 2; i++) {
        bench.hosts[i] = vimana_connection_new (argv[1 + i]);
        vimana_connection_open (bench.hosts[i]);
    }
    g_timeout_add (50, bench_next_cb, &bench);
    g_main_loop_run (bench.loop);
    for (guint i = 0; i < 2; i++) {
        vimana_connection_shutdown (bench.hosts[i]);
        g_object_unref (bench.hosts[i]);
    }
    g_main_loop_unref (bench.loop);
    return bench.status;
}
