/* bench-soak.c: does a long session grow? 100 guests, every statistic each second
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-soak [--domains N] [--minutes M] [--keep]
 *
 * Writes a test-driver node file with N guests (build-aux/gen-node.py, default 100) and runs
 * the real VimanaApplication in this process on it, as `vimana --connect test:///NODE` with
 * default settings (GSETTINGS_BACKEND=memory: statistics every second, the four statistics
 * columns of the list, an hour of history per guest). Once the list shows every guest it
 * prints, at the start and then each minute for M minutes (default 10):
 *
 *   RSS       VmRSS of the process, kB;
 *   fds       open file descriptors (/proc/self/fd);
 *   threads   threads of the process (/proc/self/task);
 *   ticks     sampler ticks so far (one a second: the statistics really ran);
 *
 * and at the end their growth over the whole run and after the first minute (the history
 * rings are allocated whole when a guest is first sampled, so the first minute holds the
 * warm-up). A leak shows as RSS growing minute after minute, fds or threads as any growth.
 *
 * Needs an X display; run it as  Xvfb :99 & DISPLAY=:99 _build/bench/bench-soak --minutes 50
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "bench-common.h"
#include "vimana-application.h"
#include "vimana-connection.h"
#include "vimana-domain-view.h"
#include "vimana-stats-sampler.h"
#include "vimana-window.h"

#define BENCH_GUARD_SECONDS 120

static int opt_domains = 100;
static int opt_minutes = 10;
static gboolean opt_keep = FALSE;

static const GOptionEntry bench_options[] = {
    { "domains", 'n', 0, G_OPTION_ARG_INT, &opt_domains, "Guests in the node file (100)", "N" },
    { "minutes", 'm', 0, G_OPTION_ARG_INT, &opt_minutes, "Minutes measured (10)", "M" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the generated node file", NULL },
    { NULL }
};

typedef struct
{
    double rss_kb;
    guint  fds;
    guint  threads;
    guint  ticks;
} SoakSample;

typedef struct
{
    VimanaApplication *app;
    VimanaWindow      *window;
    VimanaDomainView  *view;
    VimanaConnection  *connection;
    gboolean           shown;
    guint              ticks;
    guint              guard;
    int                status;
    double             t0;
    GArray            *samples;   /* SoakSample, one a minute from minute 0 */
    GString           *summary;   /* the parent's one JSON line */
} Soak;

static guint
soak_count_dir (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    guint n = 0;

    if (dir == NULL)
        return 0;
    while (g_dir_read_name (dir) != NULL)
        n++;
    return n;
}

static SoakSample
soak_sample (Soak *soak)
{
    /* (the GDir of /proc/self/fd is itself one open fd while counting) */
    SoakSample sample = {
        .rss_kb = bench_status_mib ("VmRSS") * 1024.0,
        .fds = soak_count_dir ("/proc/self/fd") - 1,
        .threads = soak_count_dir ("/proc/self/task"),
        .ticks = soak->ticks,
    };

    return sample;
}

static void
soak_print_growth (const char       *label,
                   const SoakSample *from,
                   const SoakSample *to,
                   double            minutes)
{
    g_print ("  %-22s RSS %+8.0f kB (%+.1f kB/min)  fds %+d  threads %+d  ticks %u\n", label,
             to->rss_kb - from->rss_kb, minutes > 0 ? (to->rss_kb - from->rss_kb) / minutes : 0.0,
             (int) to->fds - (int) from->fds, (int) to->threads - (int) from->threads,
             to->ticks - from->ticks);
}

static gboolean
soak_minute_cb (gpointer user_data)
{
    Soak *soak = user_data;
    SoakSample sample = soak_sample (soak);
    const SoakSample *first, *minute1;
    guint minute = soak->samples->len;

    /* (appending may move the array: the pointers into it come after) */
    g_array_append_val (soak->samples, sample);
    first = &g_array_index (soak->samples, SoakSample, 0);
    g_print ("  minute %3u   RSS %8.0f kB (%+7.0f)   fds %4u (%+d)   threads %3u (%+d)   ticks %6u\n",
             minute, sample.rss_kb, sample.rss_kb - first->rss_kb, sample.fds,
             (int) sample.fds - (int) first->fds, sample.threads,
             (int) sample.threads - (int) first->threads, sample.ticks);
    if ((int) minute < opt_minutes)
        return G_SOURCE_CONTINUE;

    minute1 = &g_array_index (soak->samples, SoakSample, 1);
    g_print ("\ngrowth\n");
    soak_print_growth ("whole run", first, &sample, minute);
    if (minute >= 2)
        soak_print_growth ("after the first minute", minute1, &sample, minute - 1);
    bench_json_add (soak->summary, "domains", opt_domains);
    bench_json_add (soak->summary, "minutes", minute);
    bench_json_add (soak->summary, "rss_start_kb", first->rss_kb);
    bench_json_add (soak->summary, "rss_end_kb", sample.rss_kb);
    bench_json_add (soak->summary, "rss_growth_kb", sample.rss_kb - first->rss_kb);
    bench_json_add (soak->summary, "rss_growth_after_minute1_kb",
                    minute >= 2 ? sample.rss_kb - minute1->rss_kb : NAN);
    bench_json_add (soak->summary, "fds_growth", (int) sample.fds - (int) first->fds);
    bench_json_add (soak->summary, "threads_growth", (int) sample.threads - (int) first->threads);
    bench_json_add (soak->summary, "ticks", sample.ticks - first->ticks);
    g_application_quit (G_APPLICATION (soak->app));
    return G_SOURCE_REMOVE;
}

static void
soak_tick_cb (VimanaStatsSampler *sampler,
              gpointer            user_data)
{
    Soak *soak = user_data;

    soak->ticks++;
}

static gboolean
soak_guard_cb (gpointer user_data)
{
    Soak *soak = user_data;

    g_printerr ("bench-soak: the list never showed the %d guests\n", opt_domains);
    soak->status = 1;
    soak->guard = 0;
    g_application_quit (G_APPLICATION (soak->app));
    return G_SOURCE_REMOVE;
}

static gboolean
soak_view_draw_cb (GtkWidget *widget,
                   cairo_t   *cr,
                   gpointer   user_data)
{
    Soak *soak = user_data;
    VimanaConnection *connection;
    SoakSample sample;

    if (soak->shown)
        return FALSE;
    connection = bench_list_shown (soak->app, soak->view, (guint) opt_domains);
    if (connection == NULL)
        return FALSE;

    soak->shown = TRUE;
    soak->connection = connection;
    g_source_remove (soak->guard);
    soak->guard = 0;
    g_signal_connect (vimana_connection_get_sampler (connection), "tick",
                      G_CALLBACK (soak_tick_cb), soak);
    g_print ("list shown after %.1f s; measuring for %d minutes\n", bench_now_s () - soak->t0,
             opt_minutes);
    sample = soak_sample (soak);
    g_array_append_val (soak->samples, sample);
    g_print ("  minute   0   RSS %8.0f kB             fds %4u        threads %3u        ticks %6u\n",
             sample.rss_kb, sample.fds, sample.threads, sample.ticks);
    g_timeout_add_seconds (60, soak_minute_cb, soak);
    return FALSE;
}

int
main (int    argc,
      char **argv)
{
    g_autofree char *self_exe = NULL;
    BenchParent parent;
    Soak soak = { 0 };
    int status;

    if (!bench_init (&argc, &argv, "— RSS, fds and threads over a long session", bench_options))
        return 2;
    if (opt_domains < 1 || opt_minutes < 1) {
        g_printerr ("--domains and --minutes take a positive number.\n");
        return 2;
    }
    self_exe = bench_self_exe ();
    if (!bench_have_display ("bench-soak", self_exe))
        return 77;
    /* The environment of a default session (settings, no accessibility bridge, no GL, a
     * private session bus) and the node file; the application then runs here. */
    if (!bench_parent_begin (&parent, FALSE, opt_domains))
        return 1;
    g_print ("  settings      defaults (GSETTINGS_BACKEND=memory): stats every 1 s, four "
             "statistics columns, %s history\n", "one hour of");
    g_print ("\n");

    soak.samples = g_array_new (FALSE, TRUE, sizeof (SoakSample));
    soak.summary = parent.summary;
    soak.t0 = bench_now_s ();
    soak.app = bench_application_new ();
    bench_hook_window (soak.app, &soak.window, &soak.view, G_CALLBACK (soak_view_draw_cb), &soak);
    soak.guard = g_timeout_add_seconds (BENCH_GUARD_SECONDS, soak_guard_cb, &soak);
    status = bench_application_run (&soak.app, parent.node, &soak.status, &soak.shown);
    g_array_unref (soak.samples);
    if (status != 0)
        parent.failures++;
    return bench_parent_end (&parent, opt_keep) != 0 ? 1 : status;
}
