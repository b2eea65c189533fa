/* fuzz-uri.c: the libvirt URI helpers and the ssh command line built from a URI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is up to four lines: a connection URI, a display address, a display socket, and a
 * host name and user as the Add Connection dialog would pass them ("host user").
 */
#include "vimana-ssh-tunnel.h"
#include "vimana-uri.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
    fuzz_init ();
    return 0;
}

static void
check_argv (const char *uri,
            GStrv       argv)
{
    g_autoptr(VimanaUri) parsed = vimana_uri_parse (uri, NULL);
    guint n = g_strv_length (argv);

    fuzz_check (parsed != NULL, "an ssh command line comes from a URI that parses: %s", uri);
    fuzz_check (n >= 3 && g_strcmp0 (argv[0], "ssh") == 0, "the command is ssh");
    /* The host comes last, after "--": whatever it holds, ssh cannot read it as an option. */
    fuzz_check (g_strcmp0 (argv[n - 2], "--") == 0, "the host follows \"--\"");
    fuzz_check (g_strcmp0 (argv[n - 1], parsed->host) == 0, "the host is the URI's: %s", argv[n - 1]);
    /* The display's address is the value of -W, whatever it holds. */
    fuzz_check (n >= 5 && g_strcmp0 (argv[n - 4], "-W") == 0, "the target follows -W");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
    g_auto(GStrv) fields = fuzz_input_fields (data, size, 4);
    const char *uri = fields[0];
    g_autoptr(VimanaUri) parsed = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) argv = NULL;
    g_autofree char *name = NULL;
    char *space;
    const char *host = fields[3];
    const char *user = NULL;
    FuzzRng rng;

    parsed = vimana_uri_parse (uri, &error);
    fuzz_check ((parsed == NULL) == (error != NULL), "a URI parses or says why");
    g_clear_error (&error);
    (void) vimana_uri_is_remote (uri);
    name = vimana_uri_display_name (uri);

    fuzz_rng_init (&rng, data, size);
    if (vimana_ssh_tunnel_applies (uri)) {
        int port = (int) fuzz_rng_next (&rng, 70000) - 2;

        argv = vimana_ssh_tunnel_build_argv (uri, fields[1], port,
                                             fuzz_rng_next (&rng, 2) ? fields[2] : NULL, &error);
        fuzz_check ((argv == NULL) == (error != NULL), "a command line is built or says why");
        if (argv != NULL)
            check_argv (uri, argv);
        g_clear_error (&error);
    }

    space = strchr (fields[3], ' ');
    if (space != NULL) {
        *space = '\0';
        user = space + 1;
    }
    for (VimanaHypervisor h = VIMANA_HYPERVISOR_QEMU_SYSTEM; h <= VIMANA_HYPERVISOR_TEST; h++) {
        int port = fuzz_rng_next (&rng, 2) ? -1 : (int) fuzz_rng_next (&rng, 70000);
        g_autofree char *built = vimana_uri_build (h, host, port, user,
                                                   fuzz_rng_next (&rng, 2) ? "ssh" : "tls",
                                                   &error);

        fuzz_check ((built == NULL) == (error != NULL), "a URI is built or says why");
        g_clear_error (&error);
        if (built != NULL) {
            g_autoptr(VimanaUri) back = vimana_uri_parse (built, &error);

            fuzz_check (back != NULL, "a built URI parses: %s", built);
            /* What was typed as the host is the host, and nothing else (issue 11, defect 4:
             * "localhost?command=/x" gives a query). An internationalised name is written
             * as its ASCII (punycode) form. */
            if (*host != '\0') {
                g_autofree char *ascii = g_hostname_to_ascii (host);

                fuzz_check (back->query == NULL, "a typed host adds no query: %s", built);
                fuzz_check (g_strcmp0 (back->host, host) == 0 ||
                            g_strcmp0 (back->host, ascii) == 0 ||
                            (back->host != NULL && host[0] != '[' && strchr (host, ':') != NULL),
                            "the typed host is the URI's host: %s", built);
            }
        }
    }
    return 0;
}
