/* vimana-stats-csv.c: statistics history as comma-separated values
 *
 * One column per series, one row per moment any series has a sample for: series sampled on
 * different grids, or reaching back different lengths of time, leave empty fields rather than
 * invented values. Consolidated buckets are written as their average at their middle. Numbers
 * use '.' whatever the locale, times are UTC, so that a spreadsheet anywhere reads the same file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats-csv"

#include "config.h"

#include "vimana-stats-csv.h"

#include <math.h>
#include <string.h>

/* Written out whenever the line buffer grows past this. */
#define VIMANA_STATS_CSV_CHUNK (64 * 1024)

typedef struct
{
    gint64 time_us;
    float  value;
} VimanaStatsCsvSample;

static void
vimana_stats_csv_collect_cb (gint64   time_us,
                             float    min,
                             float    avg,
                             float    max,
                             gpointer user_data)
{
    VimanaStatsCsvSample sample = { time_us, avg };

    g_array_append_val ((GArray *) user_data, sample);
}

/* RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled. */
static void
vimana_stats_csv_append_field (GString    *line,
                               const char *field)
{
    if (field == NULL)
        return;
    if (strpbrk (field, ",\"\r\n") == NULL) {
        g_string_append (line, field);
        return;
    }
    g_string_append_c (line, '"');
    for (const char *p = field; *p != '\0'; p++) {
        if (*p == '"')
            g_string_append_c (line, '"');
        g_string_append_c (line, *p);
    }
    g_string_append_c (line, '"');
}

/* ISO 8601 in UTC, e.g. 2026-11-26T07:50:01Z; a fraction only when the time has one. */
static void
vimana_stats_csv_append_time (GString *line,
                              gint64   time_us)
{
    gint64 seconds = time_us / G_USEC_PER_SEC;
    gint64 micro = time_us % G_USEC_PER_SEC;
    g_autoptr(GDateTime) date = NULL;
    g_autofree char *text = NULL;

    if (micro < 0) {
        micro += G_USEC_PER_SEC;
        seconds--;
    }
    date = g_date_time_new_from_unix_utc (seconds);
    if (date == NULL)
        return;
    text = g_date_time_format (date, "%Y-%m-%dT%H:%M:%S");
    g_string_append (line, text);
    if (micro % 1000 == 0 && micro != 0)
        g_string_append_printf (line, ".%03d", (int) (micro / 1000));
    else if (micro != 0)
        g_string_append_printf (line, ".%06d", (int) micro);
    g_string_append_c (line, 'Z');
}

static void
vimana_stats_csv_append_value (GString *line,
                               float    value)
{
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];
    double magnitude = fabsf (value);

    if (!isfinite (value))
        return;
    /* The history keeps values within 0.1 % (vimana-stats-code.c): three significant digits
     * say what it knows, no more. Large numbers are written in full rather than with an
     * exponent, rounded to those digits. */
    if (magnitude >= 1e3) {
        double step = pow (10, floor (log10 (magnitude)) - 2);

        g_ascii_formatd (buffer, sizeof buffer, "%.0f", round (value / step) * step);
    } else {
        g_ascii_formatd (buffer, sizeof buffer, "%.3g", value);
    }
    g_string_append (line, buffer);
}

static gboolean
vimana_stats_csv_flush (GOutputStream *out,
                        GString       *line,
                        gsize          threshold,
                        GError       **error)
{
    if (line->len < threshold || line->len == 0)
        return TRUE;
    if (!g_output_stream_write_all (out, line->str, line->len, NULL, NULL, error))
        return FALSE;
    g_string_truncate (line, 0);
    return TRUE;
}

/* Returns: the earliest time any series still has to write, or G_MAXINT64 when all are done */
static gint64
vimana_stats_csv_next_time (GArray **samples,
                            guint   *next,
                            guint    n)
{
    gint64 time_us = G_MAXINT64;

    for (guint i = 0; i < n; i++) {
        if (next[i] < samples[i]->len)
            time_us = MIN (time_us,
                           g_array_index (samples[i], VimanaStatsCsvSample, next[i]).time_us);
    }
    return time_us;
}

/**
 * vimana_stats_csv_write:
 * @out: where to write
 * @rings: (array length=n): the series
 * @labels: (array length=n): their column headings
 * @n: how many series
 * @start_us: the earliest time to write
 * @end_us: the latest time to write
 * @error: return location for a write error
 *
 * Writes a header line "time,<label>…", then one line per time any ring has a sample for
 * in [@start_us, @end_us], oldest first: the time in ISO 8601 UTC, then each ring's value,
 * empty where it has a gap or no sample at that time.
 *
 * Returns: %TRUE when everything was written
 */
gboolean
vimana_stats_csv_write (GOutputStream                 *out,
                        const VimanaStatsRing * const *rings,
                        const char * const            *labels,
                        guint                          n,
                        gint64                         start_us,
                        gint64                         end_us,
                        GError                       **error)
{
    g_autoptr(GString) line = NULL;
    g_autofree GArray **samples = NULL;
    g_autofree guint *next = NULL;
    gboolean ok = TRUE;
    gint64 time_us;

    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
    g_return_val_if_fail (n == 0 || (rings != NULL && labels != NULL), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    line = g_string_sized_new (VIMANA_STATS_CSV_CHUNK + 256);
    g_string_append (line, "time");
    for (guint i = 0; i < n; i++) {
        g_string_append_c (line, ',');
        vimana_stats_csv_append_field (line, labels[i]);
    }
    g_string_append_c (line, '\n');

    samples = g_new0 (GArray *, MAX (n, 1));
    next = g_new0 (guint, MAX (n, 1));
    for (guint i = 0; i < n; i++) {
        samples[i] = g_array_new (FALSE, FALSE, sizeof (VimanaStatsCsvSample));
        if (rings[i] != NULL && end_us >= start_us)
            vimana_stats_ring_foreach (rings[i], start_us, end_us, vimana_stats_csv_collect_cb,
                                       samples[i]);
    }

    while (ok && (time_us = vimana_stats_csv_next_time (samples, next, n)) != G_MAXINT64) {
        vimana_stats_csv_append_time (line, time_us);
        for (guint i = 0; i < n; i++) {
            g_string_append_c (line, ',');
            if (next[i] < samples[i]->len &&
                g_array_index (samples[i], VimanaStatsCsvSample, next[i]).time_us == time_us) {
                vimana_stats_csv_append_value (
                    line, g_array_index (samples[i], VimanaStatsCsvSample, next[i]).value);
                next[i]++;
            }
        }
        g_string_append_c (line, '\n');
        ok = vimana_stats_csv_flush (out, line, VIMANA_STATS_CSV_CHUNK, error);
    }
    if (ok)
        ok = vimana_stats_csv_flush (out, line, 0, error);

    for (guint i = 0; i < n; i++)
        g_array_unref (samples[i]);
    return ok;
}
