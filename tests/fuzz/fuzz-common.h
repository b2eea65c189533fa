/* fuzz-common.h: what the libFuzzer targets of tests/fuzz share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target is a LLVMFuzzerTestOneInput over one family of core parsers. A GLib critical or
 * warning is a finding like a crash (G_DEBUG=fatal-criticals for the unit tests, the same here),
 * and so is a broken invariant (fuzz_check). Arguments the setters get are drawn from the input
 * itself by a small generator seeded from the input's hash, so a finding replays from its file.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);
int LLVMFuzzerInitialize   (int           *argc,
                            char        ***argv);

/* An invariant of the code under test: on failure, say which and abort, which libFuzzer
 * reports as a crash and saves the input. */
#define fuzz_check(expr, ...) \
    G_STMT_START { \
        if (G_UNLIKELY (!(expr))) { \
            fprintf (stderr, "fuzz invariant failed: %s (%s:%d): ", #expr, __FILE__, __LINE__); \
            fprintf (stderr, __VA_ARGS__); \
            fputc ('\n', stderr); \
            abort (); \
        } \
    } G_STMT_END

static inline void
fuzz_init (void)
{
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
    /* libxml2's generic error handler prints every parse error of every input: quiet. */
}

/* @size bytes as a NUL-terminated string (not g_strndup: the bytes need not hold a NUL). */
static inline char *
fuzz_bytes_string (const uint8_t *data,
                   size_t         size)
{
    char *text = g_malloc (size + 1);

    if (size > 0)
        memcpy (text, data, size);
    text[size] = '\0';
    return text;
}

/* A deterministic generator over one input. */
typedef struct
{
    const uint8_t *data;
    size_t         size;
    guint64        state;
} FuzzRng;

static inline void
fuzz_rng_init (FuzzRng       *rng,
               const uint8_t *data,
               size_t         size)
{
    guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

    for (size_t i = 0; i < size; i++)
        hash = (hash ^ data[i]) * G_GUINT64_CONSTANT (1099511628211);
    rng->data = data;
    rng->size = size;
    rng->state = hash | 1;
}

static inline guint
fuzz_rng_next (FuzzRng *rng,
               guint    bound)
{
    /* xorshift64* */
    rng->state ^= rng->state >> 12;
    rng->state ^= rng->state << 25;
    rng->state ^= rng->state >> 27;
    return bound == 0 ? 0 : (guint) ((rng->state * G_GUINT64_CONSTANT (2685821657736338717)) >> 33) % bound;
}

/* A piece of the input (at most @max bytes) as text a validated field could hold: valid UTF-8
 * without control characters, as the dialogs let through. Sometimes a fixed word instead. */
static inline char *
fuzz_rng_text (FuzzRng            *rng,
               guint               max,
               const char * const *words)
{
    g_autofree char *raw = NULL;
    char *text;
    size_t offset, length;

    if (words != NULL && fuzz_rng_next (rng, 3) == 0) {
        guint n = g_strv_length ((char **) words);

        if (n > 0)
            return g_strdup (words[fuzz_rng_next (rng, n)]);
    }
    if (rng->size == 0)
        return g_strdup ("");
    /* (MIN would draw twice) */
    offset = fuzz_rng_next (rng, (guint) MIN (rng->size, G_MAXUINT));
    length = fuzz_rng_next (rng, max + 1);
    if (length > rng->size - offset)
        length = rng->size - offset;
    raw = fuzz_bytes_string (rng->data + offset, length);
    text = g_utf8_make_valid (raw, -1);
    for (char *p = text; *p != '\0'; p++) {
        if ((guchar) *p < 0x20 || *p == 0x7f)
            *p = ' ';
    }
    return text;
}

/* The input as a NUL-terminated string (the parsers take C strings: a NUL ends it). */
static inline char *
fuzz_input_string (const uint8_t *data,
                   size_t         size)
{
    return fuzz_bytes_string (data, size);
}

/* Splits the input at its first @n - 1 newlines into @n NUL-terminated fields (missing ones
 * empty). */
static inline char **
fuzz_input_fields (const uint8_t *data,
                   size_t         size,
                   guint          n)
{
    g_autofree char *text = fuzz_input_string (data, size);
    char **fields = g_new0 (char *, n + 1);
    char *p = text;

    for (guint i = 0; i < n; i++) {
        char *nl = (i + 1 < n) ? strchr (p, '\n') : NULL;

        if (nl != NULL) {
            fields[i] = g_strndup (p, (gsize) (nl - p));
            p = nl + 1;
        } else {
            fields[i] = g_strdup (p);
            p += strlen (p);
        }
    }
    return fields;
}
