/* vimana-format.c: sizes for people, the one way every window writes them
 *
 * The host's memory read "7.8 GiB" in New VM (g_format_size) and "7.7 GiB" in Host Details
 * (the graphs' own rounding) for one figure. Every size a window shows (memory, disks,
 * statistics) goes through here: powers of 1024 (IEC units), one decimal under ten units
 * where it is not a whole number, none above ("512 MiB", "7.8 GiB", "24 GiB").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-format"

#include "config.h"

#include "vimana-format.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define KIB 1024.0

static char *
vimana_format_with_unit (double   value,
                         gboolean rate)
{
    double factor = 1.0;
    double number;
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    int decimals = 0;

    if (!isfinite (value))
        return g_strdup ("—");
    while (fabs (value) / factor >= KIB && factor < KIB * KIB * KIB * KIB)
        factor *= KIB;
    number = value / factor;
    if (factor > 1.0 && fabs (number) < 9.95 && fabs (number - round (number)) >= 0.05)
        decimals = 1;
    g_snprintf (text, sizeof text, "%.*f", decimals, number);

    if (factor >= KIB * KIB * KIB * KIB)
        /* Translators: tebibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s TiB/s"), text) : g_strdup_printf (_("%s TiB"), text);
    if (factor >= KIB * KIB * KIB)
        /* Translators: gibibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s GiB/s"), text) : g_strdup_printf (_("%s GiB"), text);
    if (factor >= KIB * KIB)
        /* Translators: mebibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s MiB/s"), text) : g_strdup_printf (_("%s MiB"), text);
    if (factor >= KIB)
        /* Translators: kibibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s KiB/s"), text) : g_strdup_printf (_("%s KiB"), text);
    /* Translators: bytes (per second); %s is the number. */
    return rate ? g_strdup_printf (_("%s B/s"), text) : g_strdup_printf (_("%s B"), text);
}

/**
 * vimana_format_bytes:
 * @bytes: a size; NAN for none
 *
 * Returns: (transfer full): "512 MiB", "7.8 GiB", "24 GiB"; "—" for NAN
 */
char *
vimana_format_bytes (double bytes)
{
    return vimana_format_with_unit (bytes, FALSE);
}

/**
 * vimana_format_byte_rate:
 * @bytes_per_second: a rate; NAN for none
 *
 * Returns: (transfer full): "3.4 KiB/s", "12 MiB/s"; "—" for NAN
 */
char *
vimana_format_byte_rate (double bytes_per_second)
{
    return vimana_format_with_unit (bytes_per_second, TRUE);
}
