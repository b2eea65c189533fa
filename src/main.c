/* main.c: Vimana's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>

#include "vimana-application.h"

/* libvirt prints every error on stderr unless told otherwise. The messages reach the user where
 * they acted (converted per thread with virGetLastError), so here they only go to the debug log.
 * Set once, before any thread or connection exists. */
static void
vimana_libvirt_error_cb (void        *user_data,
                         virErrorPtr  error)
{
    g_debug ("libvirt: %s", error->message);
}

/* SIGTERM and SIGINT end the application the normal way: windows save their size and the
 * connections close. */
static gboolean
vimana_quit_signal_cb (gpointer user_data)
{
    g_application_quit (G_APPLICATION (user_data));
    return G_SOURCE_CONTINUE;
}

/* Whether this binary is the one in the build tree it was built in (run uninstalled, as
 * `bash build-aux/setup.sh run` does), rather than an installed copy. */
static gboolean
vimana_running_uninstalled (void)
{
    g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
    g_autofree char *build = realpath (VIMANA_BUILD_BINDIR, NULL);

    return dir != NULL && build != NULL && g_str_equal (dir, build);
}

/* Uninstalled, the catalogues are the build's (po/<lang>/LC_MESSAGES) and the icons the source
 * tree's (data/icons/hicolor, found through XDG_DATA_DIRS before GTK starts). */
static const char *
vimana_locale_dir (void)
{
    const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
    g_autofree char *dirs = NULL;

    if (!vimana_running_uninstalled ())
        return LOCALEDIR;
    dirs = g_strconcat (VIMANA_SOURCE_DATADIR, ":",
                        data_dirs != NULL && *data_dirs != '\0' ? data_dirs
                                                                : "/usr/local/share:/usr/share",
                        NULL);
    g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
    return VIMANA_BUILD_LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(VimanaApplication) application = NULL;

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, vimana_locale_dir ());
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    /* Vimana draws with cairo alone; GTK would otherwise open the OpenGL driver at start-up,
     * which under Mesa maps some 50 MiB (LLVM) for nothing. A user's own setting wins. */
    g_setenv ("GDK_GL", "disable", FALSE);

    /* A write to a daemon that just died (a worker's call, a console stream, a keepalive, a
     * volume upload) must fail with EPIPE, not end the process: libvirt asks its clients to
     * ignore SIGPIPE. Set before any thread exists, so every thread inherits it. */
    signal (SIGPIPE, SIG_IGN);
    virSetErrorFunc (NULL, vimana_libvirt_error_cb);
    /* libvirt's events and keepalives run on GLib's main loop; before any connection opens. */
    gvir_event_register ();

    application = vimana_application_new ();
    g_unix_signal_add (SIGTERM, vimana_quit_signal_cb, application);
    g_unix_signal_add (SIGINT, vimana_quit_signal_cb, application);
    return g_application_run (G_APPLICATION (application), argc, argv);
}
