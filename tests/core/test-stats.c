/* test-stats.c: the statistics sampler on the libvirt test driver
 *
 * The test driver gives bulk statistics with the state only, so every series here comes
 * through the per-guest fallbacks, and node memory statistics are not supported at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>
#include <math.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-domain-stats.h"
#include "vimana-stats-rates.h"

typedef struct
{
    VimanaStatsSampler *sampler;
    guint               ticks;
} TickWait;

static gboolean
ticks_reached (gpointer data)
{
    TickWait *wait = data;

    return vimana_stats_sampler_get_ticks (wait->sampler) >= wait->ticks;
}

static void
wait_ticks (VimanaStatsSampler *sampler,
            guint               ticks)
{
    TickWait wait = { sampler, ticks };

    test_wait_until (ticks_reached, &wait, "ticks");
}

static VimanaConnection *
open_node_file (const char *file)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", file, NULL);
    g_autofree char *uri = g_strdup_printf ("test://%s", path);
    VimanaConnection *connection = vimana_connection_new (uri);

    vimana_stats_sampler_set_interval (vimana_connection_get_sampler (connection), 0.5);
    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_true (vimana_connection_get_loaded (connection));
    return connection;
}

static VimanaConnection *
open_node (void)
{
    return open_node_file ("node-50.xml");
}

static void
test_stats_rates (void)
{
    VimanaMemorySource source;

    /* One second, half a second of CPU on a 2-CPU host: 25 %. */
    g_assert_cmpfloat_with_epsilon (vimana_stats_cpu_percent (0, 500000000, G_USEC_PER_SEC, 2),
                                    25.0, 1e-9);
    /* The same against the guest's single vCPU: 50 %. */
    g_assert_cmpfloat_with_epsilon (vimana_stats_cpu_percent (0, 500000000, G_USEC_PER_SEC, 1),
                                    50.0, 1e-9);
    g_assert_cmpfloat_with_epsilon (vimana_stats_rate (1000, 3048, 2 * G_USEC_PER_SEC), 1024.0,
                                    1e-9);
    /* A counter that went backwards (the guest restarted): no value, never negative. */
    g_assert_true (isnan (vimana_stats_rate (5000, 100, G_USEC_PER_SEC)));
    g_assert_true (isnan (vimana_stats_cpu_percent (5000, 100, G_USEC_PER_SEC, 1)));
    /* No time passed: no value. */
    g_assert_true (isnan (vimana_stats_rate (100, 200, 0)));
    /* Memory: the guest's own account first ("usable" before "unused"), then the host's,
     * then the allocation; each says which it is. */
    g_assert_cmpfloat (vimana_stats_memory_in_use (1000, 400, 300, 900, 1000, &source), ==, 700.0);
    g_assert_cmpint (source, ==, VIMANA_MEMORY_SOURCE_GUEST);
    g_assert_cmpfloat (vimana_stats_memory_in_use (1000, 400, -1, 900, 1000, &source), ==, 600.0);
    g_assert_cmpint (source, ==, VIMANA_MEMORY_SOURCE_GUEST);
    /* A 32 MiB guest whose process holds 43 MiB: the host's figure, said to be the host's. */
    g_assert_cmpfloat (vimana_stats_memory_in_use (-1, -1, -1, 44032, 32768, &source), ==, 44032.0);
    g_assert_cmpint (source, ==, VIMANA_MEMORY_SOURCE_HOST_PROCESS);
    g_assert_cmpfloat (vimana_stats_memory_in_use (-1, -1, -1, -1, 1000, &source), ==, 1000.0);
    g_assert_cmpint (source, ==, VIMANA_MEMORY_SOURCE_GIVEN);
    g_assert_true (isnan (vimana_stats_memory_in_use (-1, -1, -1, -1, -1, &source)));
    g_assert_cmpint (source, ==, VIMANA_MEMORY_SOURCE_NONE);
    /* A balloon that reports nonsense (unused above available) is not the guest's account. */
    g_assert_cmpfloat (vimana_stats_memory_in_use (1000, 2000, -1, 900, 1000, NULL), ==, 900.0);
}

static void
test_stats_every_running_guest (void)
{
    g_autoptr(VimanaConnection) connection = open_node ();
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    GListModel *domains = vimana_connection_get_domains (connection);
    guint with_stats = 0;

    wait_ticks (sampler, 3);
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);
        VimanaDomainStats *stats = vimana_domain_get_stats (domain);

        if (!vimana_domain_get_active (domain)) {
            g_assert_null (stats);
            continue;
        }
        g_assert_nonnull (stats);
        with_stats++;
        /* CPU time comes from virDomainGetInfo, memory from the allocation. */
        g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU)));
        g_assert_cmpfloat (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU), >=, 0.0);
        g_assert_cmpfloat (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU), <=, 100.0);
        g_assert_cmpfloat (vimana_domain_stats_get_last (stats, VIMANA_STAT_MEMORY), ==,
                           (float) (vimana_domain_get_memory (domain) * 1024));
        g_assert_cmpint (vimana_domain_stats_get_memory_source (stats), ==,
                         VIMANA_MEMORY_SOURCE_GIVEN);
    }
    /* 22 running, 6 paused, 3 crashed and 1 suspended guests are active in the node file. */
    g_assert_cmpuint (with_stats, ==, 32);
    vimana_connection_shutdown (connection);
}

static void
test_stats_devices (void)
{
    g_autoptr(VimanaConnection) connection = open_node ();
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaDomain *run01 = vimana_connection_find_domain_by_name (connection, "run-01");
    VimanaDomain *transient = vimana_connection_find_domain_by_name (connection, "transient-01");
    VimanaDomainStats *stats;
    g_auto(GStrv) disks = NULL;

    wait_ticks (sampler, 3);
    stats = vimana_domain_get_stats (run01);
    /* run-01 has one disk and one NIC: summed series, no per-device ones. */
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_DISK_READ)));
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_NET_RX)));
    g_assert_null (vimana_domain_stats_get_unavailable (stats, VIMANA_STAT_DISK_READ));
    disks = vimana_domain_stats_dup_devices (stats, VIMANA_STAT_DISK_READ);
    g_assert_cmpuint (g_strv_length (disks), ==, 0);

    /* transient-01 has neither: the reason is given, never an empty series without one. */
    stats = vimana_domain_get_stats (transient);
    g_assert_true (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_DISK_READ)));
    g_assert_cmpstr (vimana_domain_stats_get_unavailable (stats, VIMANA_STAT_DISK_READ), ==,
                     "The guest has no disk.");
    g_assert_cmpstr (vimana_domain_stats_get_unavailable (stats, VIMANA_STAT_NET_TX), ==,
                     "The guest has no network interface.");
    vimana_connection_shutdown (connection);
}

/* A user-mode NIC has no host-side counters: the reason says so, not "no network interface". */
static void
test_stats_user_mode_nic (void)
{
    g_autoptr(VimanaConnection) connection = open_node_file ("node-user-nic.xml");
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, "user-nic-01");
    VimanaDomainStats *stats;
    const char *expected = "The guest’s network interface uses user-mode networking, which has "
                           "no host-side traffic counters.";

    wait_ticks (sampler, 3);
    stats = vimana_domain_get_stats (domain);
    g_assert_nonnull (stats);
    g_assert_true (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_NET_RX)));
    g_assert_cmpstr (vimana_domain_stats_get_unavailable (stats, VIMANA_STAT_NET_RX), ==, expected);
    g_assert_cmpstr (vimana_domain_stats_get_unavailable (stats, VIMANA_STAT_NET_TX), ==, expected);
    /* Its disk is still sampled. */
    g_assert_null (vimana_domain_stats_get_unavailable (stats, VIMANA_STAT_DISK_READ));
    vimana_connection_shutdown (connection);
}

static void
test_stats_unsupported_not_repeated (void)
{
    g_autoptr(VimanaConnection) connection = open_node ();
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaHostStats *host;
    guint failed, calls;

    wait_ticks (sampler, 2);
    failed = vimana_stats_sampler_get_failed_calls (sampler);
    calls = vimana_stats_sampler_get_last_calls (sampler);
    /* The test driver refuses node memory statistics: tried once, remembered. */
    g_assert_cmpuint (failed, >=, 1);

    wait_ticks (sampler, 6);
    g_assert_cmpuint (vimana_stats_sampler_get_failed_calls (sampler), ==, failed);
    /* Later ticks make no more calls than the second did. */
    g_assert_cmpuint (vimana_stats_sampler_get_last_calls (sampler), <=, calls);

    /* The host's CPU comes from virNodeGetCPUStats, whose counters the test driver never
     * advances: no value, and a reason for it. Its memory comes from the free memory of the
     * NUMA cells, which this node file does not describe: again a reason, not silence. */
    host = vimana_stats_sampler_get_host_stats (sampler);
    g_assert_true (isnan (vimana_stats_ring_get_last (vimana_host_stats_get_cpu (host))));
    g_assert_cmpstr (vimana_host_stats_get_cpu_unavailable (host), ==,
                     "The host’s CPU counters do not advance.");
    g_assert_true (isnan (vimana_stats_ring_get_last (vimana_host_stats_get_memory (host))));
    g_assert_nonnull (vimana_host_stats_get_memory_unavailable (host));
    g_assert_cmpuint (vimana_host_stats_get_cpus (host), ==, 16);
    vimana_connection_shutdown (connection);
}

static void
action_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_domain_run_action_finish (VIMANA_DOMAIN (object), result, &error));
    g_assert_no_error (error);
    *(gboolean *) user_data = TRUE;
}

static void
test_stats_stopped_guest_ends_series (void)
{
    g_autoptr(VimanaConnection) connection = open_node ();
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, "run-02");
    VimanaDomainStats *stats;
    gboolean done = FALSE;
    guint ticks;

    wait_ticks (sampler, 3);
    stats = vimana_domain_get_stats (domain);
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU)));

    vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, NULL, action_done_cb,
                                    &done);
    test_wait_flag (&done, "the guest to be forced off");
    ticks = vimana_stats_sampler_get_ticks (sampler);
    wait_ticks (sampler, ticks + 2);

    /* The series ends with a gap; nothing was pushed as zero. */
    g_assert_true (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU)));
    g_assert_true (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_DISK_READ)));
    vimana_connection_shutdown (connection);
}

/* The test driver's bulk statistics carry states only: from the second tick its running
 * guests are found by domain id and their handles kept. A guest that stops and starts again
 * gets a new id: it is looked up again and sampled as before, under its own history. */
static void
test_stats_restarted_guest_by_id (void)
{
    g_autoptr(VimanaConnection) connection = open_node ();
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, "run-02");
    VimanaDomainStats *stats;
    gboolean done = FALSE;
    guint ticks, calls;

    wait_ticks (sampler, 4);
    stats = vimana_domain_get_stats (domain);
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU)));
    calls = vimana_stats_sampler_get_last_calls (sampler);

    vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, NULL, action_done_cb,
                                    &done);
    test_wait_flag (&done, "the guest to be forced off");
    ticks = vimana_stats_sampler_get_ticks (sampler);
    wait_ticks (sampler, ticks + 2);
    g_assert_true (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU)));

    done = FALSE;
    vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_START, NULL, action_done_cb,
                                    &done);
    test_wait_flag (&done, "the guest to start");
    ticks = vimana_stats_sampler_get_ticks (sampler);
    wait_ticks (sampler, ticks + 3);
    g_assert_true (vimana_domain_get_stats (domain) == stats);
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU)));
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_DISK_READ)));
    g_assert_false (isnan (vimana_domain_stats_get_last (stats, VIMANA_STAT_NET_RX)));
    /* Once the new id is known, a tick asks no more than before the restart. */
    g_assert_cmpuint (vimana_stats_sampler_get_last_calls (sampler), <=, calls);
    vimana_connection_shutdown (connection);
}

static void
test_stats_budget (void)
{
    g_autoptr(VimanaConnection) connection = open_node ();
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (connection);
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, "run-03");

    vimana_stats_sampler_set_interval (sampler, 1.0);
    vimana_stats_sampler_set_history (sampler, 3600);
    wait_ticks (sampler, vimana_stats_sampler_get_ticks (sampler) + 2);
    /* One hour at 1 s for a guest with one disk and one NIC: under the 48 KiB budget. */
    g_assert_cmpuint (vimana_domain_stats_get_size (vimana_domain_get_stats (domain)), <,
                      48 * 1024);
    g_test_message ("history of one guest: %" G_GSIZE_FORMAT " bytes",
                    vimana_domain_stats_get_size (vimana_domain_get_stats (domain)));
    vimana_connection_shutdown (connection);
}

static void
silent_cb (void       *data,
           virErrorPtr error)
{
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    virSetErrorFunc (NULL, silent_cb);
    gvir_event_register ();

    g_test_add_func ("/stats/rates", test_stats_rates);
    g_test_add_func ("/stats/every-running-guest", test_stats_every_running_guest);
    g_test_add_func ("/stats/devices", test_stats_devices);
    g_test_add_func ("/stats/user-mode-nic", test_stats_user_mode_nic);
    g_test_add_func ("/stats/unsupported-not-repeated", test_stats_unsupported_not_repeated);
    g_test_add_func ("/stats/stopped-guest-ends-series", test_stats_stopped_guest_ends_series);
    g_test_add_func ("/stats/restarted-guest-by-id", test_stats_restarted_guest_by_id);
    g_test_add_func ("/stats/budget", test_stats_budget);

    return g_test_run ();
}
