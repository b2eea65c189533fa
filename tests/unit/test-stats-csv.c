/* test-stats-csv.c: statistics history as comma-separated values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <locale.h>
#include <math.h>

#include "vimana-stats-csv.h"

#define SEC ((gint64) G_USEC_PER_SEC)
/* 2026-11-26T07:50:00Z */
#define T0 ((gint64) 1795679400 * SEC)

/* Returns: (transfer full): what vimana_stats_csv_write() wrote, split into lines */
static char **
csv_lines (const VimanaStatsRing * const *rings,
           const char * const            *labels,
           guint                          n,
           gint64                         start_us,
           gint64                         end_us)
{
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    char **lines;
    guint n_lines;

    g_assert_true (vimana_stats_csv_write (out, rings, labels, n, start_us, end_us, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    /* NUL-terminate what the stream holds. */
    text = g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                      g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
    g_assert_true (g_str_has_suffix (text, "\n"));
    lines = g_strsplit (text, "\n", -1);
    /* The last line ends with a newline: drop the empty piece after it. */
    n_lines = g_strv_length (lines);
    g_free (lines[n_lines - 1]);
    lines[n_lines - 1] = NULL;
    return lines;
}

static void
test_csv_header_and_order (void)
{
    VimanaStatsRing *cpu = vimana_stats_ring_new (1.0, 3600);
    VimanaStatsRing *memory = vimana_stats_ring_new (1.0, 3600);
    const VimanaStatsRing *rings[] = { cpu, memory };
    const char *labels[] = { "CPU", "Memory" };
    g_auto(GStrv) lines = NULL;

    for (int i = 0; i < 5; i++) {
        vimana_stats_ring_push (cpu, T0 + i * SEC, 10.0f * i);
        vimana_stats_ring_push (memory, T0 + i * SEC, 512.0f + i);
    }
    lines = csv_lines (rings, labels, 2, T0, T0 + 4 * SEC);

    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 5);
    g_assert_cmpstr (lines[0], ==, "time,CPU,Memory");
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:00Z,0,512");
    g_assert_cmpstr (lines[2], ==, "2026-11-26T07:50:01Z,10,513");
    g_assert_cmpstr (lines[5], ==, "2026-11-26T07:50:04Z,40,516");

    vimana_stats_ring_free (cpu);
    vimana_stats_ring_free (memory);
}

static void
test_csv_window (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    const VimanaStatsRing *rings[] = { ring };
    const char *labels[] = { "CPU" };
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) none = NULL;

    for (int i = 0; i < 100; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, (float) i);
    /* Only the samples in the window, both ends included. */
    lines = csv_lines (rings, labels, 1, T0 + 90 * SEC, T0 + 95 * SEC);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6);
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:51:30Z,90");
    g_assert_cmpstr (lines[6], ==, "2026-11-26T07:51:35Z,95");

    /* A window without samples: the header alone. */
    none = csv_lines (rings, labels, 1, T0 - 100 * SEC, T0 - 10 * SEC);
    g_assert_cmpuint (g_strv_length (none), ==, 1);
    g_assert_cmpstr (none[0], ==, "time,CPU");
    vimana_stats_ring_free (ring);
}

static void
test_csv_gaps_are_empty (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    const VimanaStatsRing *rings[] = { ring };
    const char *labels[] = { "Disk read" };
    g_auto(GStrv) lines = NULL;

    vimana_stats_ring_push (ring, T0, 1.5f);
    vimana_stats_ring_push (ring, T0 + 1 * SEC, NAN);
    /* Sampling stopped for two slots. */
    vimana_stats_ring_push (ring, T0 + 4 * SEC, 4.25f);
    lines = csv_lines (rings, labels, 1, T0, T0 + 4 * SEC);

    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 5);
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:00Z,1.5");
    g_assert_cmpstr (lines[2], ==, "2026-11-26T07:50:01Z,");
    g_assert_cmpstr (lines[3], ==, "2026-11-26T07:50:02Z,");
    g_assert_cmpstr (lines[4], ==, "2026-11-26T07:50:03Z,");
    g_assert_cmpstr (lines[5], ==, "2026-11-26T07:50:04Z,4.25");
    vimana_stats_ring_free (ring);
}

static void
test_csv_different_lengths (void)
{
    VimanaStatsRing *old = vimana_stats_ring_new (1.0, 3600);
    VimanaStatsRing *young = vimana_stats_ring_new (1.0, 3600);
    VimanaStatsRing *offset = vimana_stats_ring_new (2.0, 3600);
    const VimanaStatsRing *rings[] = { old, young, offset };
    const char *labels[] = { "old", "young", "offset" };
    g_auto(GStrv) lines = NULL;

    for (int i = 0; i < 10; i++)
        vimana_stats_ring_push (old, T0 + i * SEC, (float) i);
    /* A series that started later has nothing to say about the first times. */
    for (int i = 6; i < 10; i++)
        vimana_stats_ring_push (young, T0 + i * SEC, 100.0f + i);
    /* Another grid altogether: every 2 s, half a second later. */
    for (int i = 0; i < 5; i++)
        vimana_stats_ring_push (offset, T0 + i * 2 * SEC + SEC / 2, 0.25f);

    lines = csv_lines (rings, labels, 3, T0, T0 + 10 * SEC);
    g_assert_cmpstr (lines[0], ==, "time,old,young,offset");
    /* The union of the times: 10 whole seconds and 5 half ones, in order. */
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 10 + 5);
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:00Z,0,,");
    g_assert_cmpstr (lines[2], ==, "2026-11-26T07:50:00.500Z,,,0.25");
    g_assert_cmpstr (lines[3], ==, "2026-11-26T07:50:01Z,1,,");
    g_assert_cmpstr (lines[9], ==, "2026-11-26T07:50:05Z,5,,");
    g_assert_cmpstr (lines[10], ==, "2026-11-26T07:50:06Z,6,106,");
    g_assert_cmpstr (lines[14], ==, "2026-11-26T07:50:08.500Z,,,0.25");
    g_assert_cmpstr (lines[15], ==, "2026-11-26T07:50:09Z,9,109,");

    vimana_stats_ring_free (old);
    vimana_stats_ring_free (young);
    vimana_stats_ring_free (offset);
}

static void
test_csv_buckets (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    const VimanaStatsRing *rings[] = { ring };
    const char *labels[] = { "CPU" };
    g_auto(GStrv) lines = NULL;

    /* An hour of samples: older than ten minutes, the history is 10-second buckets. */
    for (int i = 0; i < 3600; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, (float) (i % 10));
    lines = csv_lines (rings, labels, 1, T0, T0 + 3600 * SEC);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 300 + 600);
    /* A bucket is written at its middle, with its average. */
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:05Z,4.5");
    g_assert_cmpstr (lines[301], ==, "2026-11-26T08:40:00Z,0");
    vimana_stats_ring_free (ring);
}

static void
test_csv_quoting (void)
{
    VimanaStatsRing *a = vimana_stats_ring_new (1.0, 60);
    VimanaStatsRing *b = vimana_stats_ring_new (1.0, 60);
    VimanaStatsRing *c = vimana_stats_ring_new (1.0, 60);
    const VimanaStatsRing *rings[] = { a, b, c };
    const char *labels[] = { "vda, read", "say \"hi\"", "plain" };
    g_auto(GStrv) lines = NULL;

    vimana_stats_ring_push (a, T0, 1.0f);
    vimana_stats_ring_push (b, T0, 2.0f);
    vimana_stats_ring_push (c, T0, 3.0f);
    lines = csv_lines (rings, labels, 3, T0, T0);
    g_assert_cmpstr (lines[0], ==, "time,\"vda, read\",\"say \"\"hi\"\"\",plain");
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:00Z,1,2,3");
    vimana_stats_ring_free (a);
    vimana_stats_ring_free (b);
    vimana_stats_ring_free (c);
}

static void
test_csv_big_and_small_values (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 60);
    const VimanaStatsRing *rings[] = { ring };
    const char *labels[] = { "rx" };
    g_auto(GStrv) lines = NULL;

    vimana_stats_ring_push (ring, T0, 123456792.0f);
    vimana_stats_ring_push (ring, T0 + SEC, 0.1f);
    vimana_stats_ring_push (ring, T0 + 2 * SEC, -3.75f);
    lines = csv_lines (rings, labels, 1, T0, T0 + 2 * SEC);
    /* Written in full, never in exponent form, to the three digits the history keeps. */
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:00Z,123000000");
    g_assert_cmpstr (lines[2], ==, "2026-11-26T07:50:01Z,0.1");
    g_assert_cmpstr (lines[3], ==, "2026-11-26T07:50:02Z,-3.75");
    vimana_stats_ring_free (ring);
}

static void
test_csv_decimal_point (void)
{
    static const char * const comma_locales[] = { "es_ES.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8",
                                                  "es_ES.utf8", "de_DE.utf8", "fr_FR.utf8" };
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 60);
    const VimanaStatsRing *rings[] = { ring };
    const char *labels[] = { "CPU" };
    g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
    g_auto(GStrv) lines = NULL;
    const char *used = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (comma_locales) && used == NULL; i++) {
        if (setlocale (LC_NUMERIC, comma_locales[i]) != NULL)
            used = comma_locales[i];
    }
    if (used == NULL) {
        vimana_stats_ring_free (ring);
        g_test_skip ("no locale with a decimal comma is installed");
        return;
    }
    g_test_message ("numbers under %s", used);

    vimana_stats_ring_push (ring, T0, 12.5f);
    lines = csv_lines (rings, labels, 1, T0, T0);
    setlocale (LC_NUMERIC, saved);
    g_assert_cmpstr (lines[1], ==, "2026-11-26T07:50:00Z,12.5");
    vimana_stats_ring_free (ring);
}

typedef struct
{
    GOutputStream parent_instance;
} FailingStream;

typedef GOutputStreamClass FailingStreamClass;

static GType failing_stream_get_type (void);
G_DEFINE_TYPE (FailingStream, failing_stream, G_TYPE_OUTPUT_STREAM)

static gssize
failing_stream_write (GOutputStream *stream,
                      const void    *buffer,
                      gsize          count,
                      GCancellable  *cancellable,
                      GError       **error)
{
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
    return -1;
}

static void
failing_stream_class_init (FailingStreamClass *klass)
{
    klass->write_fn = failing_stream_write;
}

static void
failing_stream_init (FailingStream *self)
{
}

static void
test_csv_write_error (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 60);
    const VimanaStatsRing *rings[] = { ring };
    const char *labels[] = { "CPU" };
    g_autoptr(GOutputStream) out = g_object_new (failing_stream_get_type (), NULL);
    g_autoptr(GError) error = NULL;

    vimana_stats_ring_push (ring, T0, 1.0f);
    g_assert_false (vimana_stats_csv_write (out, rings, labels, 1, T0, T0, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    vimana_stats_ring_free (ring);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/stats-csv/header-and-order", test_csv_header_and_order);
    g_test_add_func ("/stats-csv/window", test_csv_window);
    g_test_add_func ("/stats-csv/gaps-are-empty", test_csv_gaps_are_empty);
    g_test_add_func ("/stats-csv/different-lengths", test_csv_different_lengths);
    g_test_add_func ("/stats-csv/buckets", test_csv_buckets);
    g_test_add_func ("/stats-csv/quoting", test_csv_quoting);
    g_test_add_func ("/stats-csv/big-and-small-values", test_csv_big_and_small_values);
    g_test_add_func ("/stats-csv/decimal-point", test_csv_decimal_point);
    g_test_add_func ("/stats-csv/write-error", test_csv_write_error);

    return g_test_run ();
}
