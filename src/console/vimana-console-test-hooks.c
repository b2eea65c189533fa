/* vimana-console-test-hooks.c: what the system tests read from a console, through the environment
 *
 * Two hooks, for tests only; nothing else reads what they write:
 *
 *   VIMANA_CONSOLE_DUMP=<dir>  every console writes what its display shows to
 *       <dir>/console-<guest>.png after the picture changes, at most once a second, so a test
 *       can compare the app's pixels with `virsh screenshot`;
 *   VIMANA_CONSOLE_DIRECT=1    a local console dials the display's address instead of asking
 *       libvirt for a socket: libvirt's socket skips the VNC password, so the system test
 *       dials the address to reach the password prompt.
 *
 * They read the display session's interface only, so they hold for every kind of console.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-test-hooks"

#include "config.h"

#include "vimana-console-test-hooks.h"

#include <errno.h>
#include <glib/gstdio.h>

typedef struct
{
    VimanaDisplaySession *session;   /* borrowed: the dump lives as long as the session */
    char                 *path;
    guint                 source;
    gboolean              pending;
} VimanaConsoleDump;

/* Returns: whether consoles dial their display themselves even on a local connection */
gboolean
vimana_console_test_hooks_dial_directly (void)
{
    return g_strcmp0 (g_getenv ("VIMANA_CONSOLE_DIRECT"), "1") == 0;
}

static const char *
vimana_console_test_hooks_dump_dir (void)
{
    const char *dir = g_getenv ("VIMANA_CONSOLE_DUMP");

    return dir != NULL && *dir != '\0' ? dir : NULL;
}

/* Returns: whether consoles write what they show to VIMANA_CONSOLE_DUMP */
gboolean
vimana_console_test_hooks_dumping (void)
{
    return vimana_console_test_hooks_dump_dir () != NULL;
}

static void
vimana_console_dump_free (gpointer data)
{
    VimanaConsoleDump *dump = data;

    g_clear_handle_id (&dump->source, g_source_remove);
    g_free (dump->path);
    g_free (dump);
}

static void
vimana_console_dump_write (VimanaConsoleDump *dump)
{
    g_autoptr(GdkPixbuf) pixbuf = vimana_display_session_get_pixbuf (dump->session);
    g_autoptr(GError) error = NULL;
    g_autofree char *partial = NULL;

    dump->pending = FALSE;
    if (pixbuf == NULL)
        return;
    partial = g_strconcat (dump->path, ".part", NULL);
    /* Written aside then renamed, so that a reader never sees half a file. */
    if (!gdk_pixbuf_save (pixbuf, partial, "png", &error, NULL) ||
        g_rename (partial, dump->path) != 0)
        g_warning ("Could not write %s: %s", dump->path,
                   error ? error->message : g_strerror (errno));
}

static gboolean
vimana_console_dump_cb (gpointer user_data)
{
    VimanaConsoleDump *dump = user_data;

    if (!dump->pending) {
        dump->source = 0;
        return G_SOURCE_REMOVE;
    }
    vimana_console_dump_write (dump);
    return G_SOURCE_CONTINUE;
}

static void
vimana_console_dump_frame_updated_cb (VimanaDisplaySession *session,
                                      gpointer              user_data)
{
    VimanaConsoleDump *dump = user_data;

    dump->pending = TRUE;
    if (dump->source == 0) {
        /* The first update is written at once, later ones at most once a second. */
        dump->source = g_timeout_add_seconds (1, vimana_console_dump_cb, dump);
        vimana_console_dump_write (dump);
    }
}

/**
 * vimana_console_test_hooks_watch:
 * @session: a console's display session
 * @name: the guest's name, for the dump's file name
 *
 * With VIMANA_CONSOLE_DUMP set, writes what @session shows as long as it lives; otherwise
 * does nothing.
 */
void
vimana_console_test_hooks_watch (VimanaDisplaySession *session,
                                 const char           *name)
{
    const char *dir = vimana_console_test_hooks_dump_dir ();
    g_autofree char *file = NULL;
    VimanaConsoleDump *dump;

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (session));
    g_return_if_fail (name != NULL);

    if (dir == NULL)
        return;
    file = g_strdup_printf ("console-%s.png", name);
    dump = g_new0 (VimanaConsoleDump, 1);
    dump->session = session;
    dump->path = g_build_filename (dir, file, NULL);
    g_object_set_data_full (G_OBJECT (session), "vimana-console-dump", dump,
                            vimana_console_dump_free);
    g_signal_connect (session, "frame-updated",
                      G_CALLBACK (vimana_console_dump_frame_updated_cb), dump);
}
