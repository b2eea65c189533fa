/* stats-watch.c: core's statistics sampler on a real connection, watched from a system test
 *
 *   stats-watch URI GUEST
 *
 * Opens URI with VimanaConnection and its sampler at its default interval, and after every
 * tick prints one line:   tick T samples S
 * where T counts the sampler's ticks and S the samples GUEST's CPU series got (a new last
 * time in its ring). Lines on stdin: "stop" stops the sampler after its next tick, when no
 * statistics call is under way (answers "stopped"), "start"
 * starts it again ("started"), "quit" ends. tests/system/test_stats_nowait.py drives it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt-glib/libvirt-glib.h>
#include <stdio.h>

#include "vimana-connection.h"
#include "vimana-domain-stats.h"
#include "vimana-domain.h"
#include "vimana-stats-ring.h"
#include "vimana-stats-sampler.h"

typedef struct
{
    GMainLoop        *loop;
    VimanaConnection *connection;
    const char       *guest;
    gint64            last_time;
    guint             samples;
    gboolean          stop_pending;
} Watch;

static void
watch_tick_cb (VimanaStatsSampler *sampler,
               gpointer            user_data)
{
    Watch *watch = user_data;
    VimanaDomain *domain = vimana_connection_find_domain_by_name (watch->connection, watch->guest);
    VimanaDomainStats *stats = domain != NULL ? vimana_domain_get_stats (domain) : NULL;

    if (stats != NULL) {
        gint64 time = vimana_stats_ring_get_last_time (vimana_domain_stats_get_ring (stats, VIMANA_STAT_CPU));

        if (time != watch->last_time) {
            watch->last_time = time;
            watch->samples++;
        }
    }
    printf ("tick %u samples %u\n", vimana_stats_sampler_get_ticks (sampler), watch->samples);
    if (watch->stop_pending) {
        /* Right after a tick, before the next is queued: no statistics call is under way. */
        watch->stop_pending = FALSE;
        vimana_stats_sampler_stop (sampler);
        printf ("stopped\n");
    }
    fflush (stdout);
}

static gboolean
watch_stdin_cb (GIOChannel   *channel,
                GIOCondition  condition,
                gpointer      user_data)
{
    Watch *watch = user_data;
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (watch->connection);
    g_autofree char *line = NULL;

    if (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL) {
        g_main_loop_quit (watch->loop);
        return G_SOURCE_REMOVE;
    }
    g_strstrip (line);
    if (g_str_equal (line, "stop")) {
        watch->stop_pending = TRUE;
    } else if (g_str_equal (line, "start")) {
        vimana_stats_sampler_start (sampler);
        printf ("started\n");
    } else if (g_str_equal (line, "quit")) {
        g_main_loop_quit (watch->loop);
    }
    fflush (stdout);
    return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
    Watch watch = { 0 };
    g_autoptr(GIOChannel) input = NULL;

    if (argc != 3) {
        fprintf (stderr, "usage: stats-watch URI GUEST\n");
        return 2;
    }
    gvir_event_register ();
    watch.loop = g_main_loop_new (NULL, FALSE);
    watch.guest = argv[2];
    watch.last_time = G_MININT64;
    watch.connection = vimana_connection_new (argv[1]);
    g_signal_connect (vimana_connection_get_sampler (watch.connection), "tick",
                      G_CALLBACK (watch_tick_cb), &watch);
    vimana_connection_open (watch.connection);

    input = g_io_channel_unix_new (0);
    g_io_add_watch (input, G_IO_IN | G_IO_HUP | G_IO_ERR, watch_stdin_cb, &watch);
    g_main_loop_run (watch.loop);

    vimana_connection_shutdown (watch.connection);
    g_object_unref (watch.connection);
    g_main_loop_unref (watch.loop);
    return 0;
}
