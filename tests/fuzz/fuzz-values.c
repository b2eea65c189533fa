/* fuzz-values.c: what a user types into a field: sizes, amounts of memory, counts, names,
 * MAC addresses, ports, paths, URLs, and every checked field of the Add Hardware kinds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the text of one field; every parser and validator gets it.
 */
#include "vimana-device-kind.h"
#include "vimana-domain-config.h"
#include "vimana-install-plan.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
    fuzz_init ();
    return 0;
}

/* What a validator must do whatever it is given: accept, or refuse with a message. */
#define CHECK_REFUSAL(ok, error, what) \
    G_STMT_START { \
        fuzz_check ((ok) == ((error) == NULL), "%s accepts or says why", what); \
        if ((error) != NULL) \
        fuzz_check ((error)->message != NULL && *(error)->message != '\0', "%s says why", what); \
        g_clear_error (&(error)); \
    } G_STMT_END

static void
check_numbers (const char *text)
{
    g_autoptr(GError) error = NULL;
    guint64 kib = 0, bytes = 0;
    guint count = 0;
    int port = 0;
    gboolean ok;

    ok = vimana_config_parse_memory (text, &kib, &error);
    CHECK_REFUSAL (ok, error, "parse_memory");
    if (ok) {
        g_autofree char *again = g_strdup_printf ("%" G_GUINT64_FORMAT " KiB", kib);
        guint64 kib_again = 0;

        fuzz_check (vimana_config_parse_memory (again, &kib_again, NULL) && kib_again == kib,
                    "memory %s reads back as %" G_GUINT64_FORMAT " KiB", text, kib);
        (void) vimana_config_validate_memory (kib, kib, &error);
        g_clear_error (&error);
    }

    ok = vimana_config_parse_count (text, &count, &error);
    CHECK_REFUSAL (ok, error, "parse_count");
    if (ok) {
        (void) vimana_config_validate_vcpus (count, count, 8, &error);
        g_clear_error (&error);
    }

    ok = vimana_config_parse_port (text, &port, &error);
    CHECK_REFUSAL (ok, error, "parse_port");
    if (ok)
        fuzz_check (vimana_config_validate_port (port, NULL), "a parsed port (%d) is valid", port);

    for (guint64 unit = 1; unit <= G_GUINT64_CONSTANT (1) << 30; unit <<= 10) {
        ok = vimana_install_parse_size (text, unit, &bytes, &error);
        CHECK_REFUSAL (ok, error, "install_parse_size");
        /* A size never wraps (issue 11, defect 6: "18446744.9 TB" gave 769.5 GiB). On once
         * sizes are parsed overflow-safe. */
        if (ok) {
            /* The same without its fraction ("18446744 TB") is never more. */
            g_autofree char *whole = g_strdup (text);
            char *sep = strpbrk (whole, ".,");
            guint64 whole_bytes = 0;

            if (sep != NULL) {
                char *end = sep + 1;

                while (g_ascii_isdigit (*end))
                    end++;
                memmove (sep, end, strlen (end) + 1);
                if (vimana_install_parse_size (whole, unit, &whole_bytes, NULL))
                    fuzz_check (bytes >= whole_bytes, "%s is %" G_GUINT64_FORMAT " bytes, %s %" G_GUINT64_FORMAT,
                                text, bytes, whole, whole_bytes);
            }
        }
    }
}

static void
check_words (const char *text)
{
    static const char * const taken[] = { "guest-a", "fedora37", NULL };
    g_autoptr(GError) error = NULL;
    gboolean ok;

    ok = vimana_install_check_name (text, taken, &error);
    CHECK_REFUSAL (ok, error, "check_name");
    if (ok) {
        g_autofree char *suggested = vimana_install_suggest_name (text, taken);

        fuzz_check (suggested != NULL && !g_strv_contains (taken, suggested),
                    "a suggested name is free: %s", suggested);
    }
    ok = vimana_config_validate_mac (text, &error);
    CHECK_REFUSAL (ok, error, "validate_mac");
    ok = vimana_install_check_url (text, &error);
    CHECK_REFUSAL (ok, error, "check_url");
    ok = vimana_install_check_media_path (text, &error);
    CHECK_REFUSAL (ok, error, "check_media_path");
    ok = vimana_config_validate_disk_path (text, &error);
    CHECK_REFUSAL (ok, error, "validate_disk_path");
}

static void
check_device_fields (const char *text)
{
    for (guint k = 0; k < vimana_device_kind_info_get_n_kinds (); k++) {
        const VimanaDeviceKindInfo *info = vimana_device_kind_info_get_nth (k);

        for (guint f = 0; f < vimana_device_kind_info_get_n_fields (info); f++) {
            const VimanaDeviceField *field = vimana_device_kind_info_get_field (info, f);
            g_autoptr(GError) error = NULL;
            gboolean ok;

            if (field->check == NULL)
                continue;
            ok = field->check (text, &error);
            CHECK_REFUSAL (ok, error, field->id);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
    g_autofree char *text = fuzz_input_string (data, size);

    /* A GTK entry holds UTF-8 only. */
    if (!g_utf8_validate (text, -1, NULL))
        return 0;
    check_numbers (text);
    check_words (text);
    check_device_fields (text);
    return 0;
}
