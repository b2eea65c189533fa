/* test-ssh-tunnel.c: the ssh command a console tunnel runs, and the stream it carries
 *
 * The command line is checked as text. The plumbing (socket pair, ssh's stdin/stdout, its
 * last words on stderr, the end of the stream) is checked by running a program named "ssh"
 * put first in PATH: one that copies its input back (what a working "ssh -W" is to the
 * caller), and one that fails the way ssh does when a key is refused. A real ssh to a real
 * sshd carries a real guest's console in the system test console-ssh.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "test-wait.h"
#include "vimana-ssh-tunnel.h"

typedef struct
{
    const char *uri;
    const char *host;
    int         port;
    const char *socket;
    const char *argv;   /* joined with spaces */
} ArgvCase;

static const ArgvCase argv_cases[] = {
    { "qemu+ssh://host.example.org/system", "localhost", 5900, NULL,
      "ssh -o ConnectTimeout=10 -o ExitOnForwardFailure=yes -T -e none "
      "-W localhost:5900 -- host.example.org" },
    { "qemu+ssh://root@10.0.0.2:2222/system", "127.0.0.1", 5901, NULL,
      "ssh -p 2222 -l root -o ConnectTimeout=10 -o ExitOnForwardFailure=yes -T -e none "
      "-W 127.0.0.1:5901 -- 10.0.0.2" },
    { "qemu+ssh://me@h/system?keyfile=/home/me/.ssh/k&no_verify=1&no_tty=1", "::1", 5902, NULL,
      "ssh -l me -i /home/me/.ssh/k -o StrictHostKeyChecking=no -o BatchMode=yes "
      "-o ConnectTimeout=10 -o ExitOnForwardFailure=yes -T -e none -W [::1]:5902 -- h" },
    { "qemu+ssh://[fd00::7]/system", NULL, -1, "/run/libvirt/qemu/vnc.sock",
      "ssh -o ConnectTimeout=10 -o ExitOnForwardFailure=yes -T -e none "
      "-W /run/libvirt/qemu/vnc.sock -- fd00::7" },
    /* no_verify=0 is not no_verify */
    { "qemu+ssh://h/system?no_verify=0", "192.168.1.9", 5900, NULL,
      "ssh -o ConnectTimeout=10 -o ExitOnForwardFailure=yes -T -e none "
      "-W 192.168.1.9:5900 -- h" },
};

static void
test_ssh_tunnel_argv (void)
{
    for (gsize i = 0; i < G_N_ELEMENTS (argv_cases); i++) {
        const ArgvCase *c = &argv_cases[i];
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) argv = NULL;
        g_autofree char *joined = NULL;

        g_test_message ("%s", c->uri);
        g_assert_true (vimana_ssh_tunnel_applies (c->uri));
        argv = vimana_ssh_tunnel_build_argv (c->uri, c->host, c->port, c->socket, &error);
        g_assert_no_error (error);
        joined = g_strjoinv (" ", argv);
        g_assert_cmpstr (joined, ==, c->argv);
    }
}

static void
test_ssh_tunnel_not_applicable (void)
{
    const char *uris[] = {
        "qemu:///system", "qemu:///session", "test:///default", "qemu+tcp://h/system",
        "qemu+tls://h/system", "qemu+libssh2://h/system", "qemu+unix:///system", "not a uri",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (uris); i++) {
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) argv = NULL;

        g_test_message ("%s", uris[i]);
        g_assert_false (vimana_ssh_tunnel_applies (uris[i]));
        argv = vimana_ssh_tunnel_build_argv (uris[i], "localhost", 5900, NULL, &error);
        g_assert_null (argv);
        g_assert_nonnull (error);
    }
}

static void
test_ssh_tunnel_no_target (void)
{
    const struct { const char *host; int port; } bad[] = {
        { NULL, 5900 }, { "", 5900 }, { "localhost", -1 }, { "localhost", 0 },
        { "localhost", 65536 },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr(GError) error = NULL;
        g_auto(GStrv) argv = vimana_ssh_tunnel_build_argv ("qemu+ssh://h/system", bad[i].host,
                                                           bad[i].port, NULL, &error);

        g_assert_null (argv);
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* ---- running it: a program called "ssh" first in PATH ---- */

typedef struct
{
    char *dir;
    char *old_path;
} FakeSsh;

static void
fake_ssh_setup (FakeSsh       *fixture,
                gconstpointer  script)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;
    g_autofree char *new_path = NULL;

    fixture->dir = g_dir_make_tmp ("vimana-fake-ssh-XXXXXX", &error);
    g_assert_no_error (error);
    path = g_build_filename (fixture->dir, "ssh", NULL);
    g_file_set_contents (path, script, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_chmod (path, 0755), ==, 0);
    fixture->old_path = g_strdup (g_getenv ("PATH"));
    new_path = g_strdup_printf ("%s:%s", fixture->dir, fixture->old_path ? fixture->old_path : "");
    g_setenv ("PATH", new_path, TRUE);
}

static void
fake_ssh_teardown (FakeSsh       *fixture,
                   gconstpointer  script)
{
    g_autofree char *path = g_build_filename (fixture->dir, "ssh", NULL);
    g_autofree char *args = g_build_filename (fixture->dir, "args", NULL);

    g_setenv ("PATH", fixture->old_path ? fixture->old_path : "/usr/bin:/bin", TRUE);
    g_unlink (path);
    g_unlink (args);
    g_rmdir (fixture->dir);
    g_free (fixture->dir);
    g_free (fixture->old_path);
}

static void
finished_cb (VimanaSshTunnel *tunnel,
             gpointer         user_data)
{
    *(gboolean *) user_data = TRUE;
}

/* Copies its input back after writing its arguments where the test finds them. */
static const char echo_ssh[] =
    "#!/bin/sh\n"
    "printf '%s\\n' \"$*\" > \"$(dirname \"$0\")/args\"\n"
    "exec cat\n";

static void
test_ssh_tunnel_carries_stream (FakeSsh       *fixture,
                                gconstpointer  script)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaSshTunnel) tunnel = NULL;
    g_autofree char *args_path = g_build_filename (fixture->dir, "args", NULL);
    g_autofree char *args = NULL;
    gboolean finished = FALSE;
    char buffer[64] = { 0 };
    gsize got = 0;
    int fd;

    tunnel = vimana_ssh_tunnel_new ("qemu+ssh://root@remote.example/system", "127.0.0.1", 5907,
                                    NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (tunnel, "finished", G_CALLBACK (finished_cb), &finished);
    fd = vimana_ssh_tunnel_steal_fd (tunnel);
    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (vimana_ssh_tunnel_steal_fd (tunnel), ==, -1);

    /* What goes in comes back: the stream reaches "ssh" and returns from it. */
    g_assert_cmpint (write (fd, "RFB 003.008\n", 12), ==, 12);
    while (got < 12) {
        gssize n = read (fd, buffer + got, sizeof buffer - 1 - got);

        g_assert_cmpint (n, >, 0);
        got += n;
    }
    g_assert_cmpstr (buffer, ==, "RFB 003.008\n");

    g_file_get_contents (args_path, &args, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (args, ==, "-l root -o ConnectTimeout=10 -o ExitOnForwardFailure=yes -T -e "
                               "none -W 127.0.0.1:5907 -- remote.example\n");

    /* Our end closed: ssh sees the end of its input and ends; nothing was said. */
    close (fd);
    test_wait_flag (&finished, "the tunnel to finish");
    g_assert_true (vimana_ssh_tunnel_get_finished (tunnel));
    g_assert_null (vimana_ssh_tunnel_get_message (tunnel));
}

static const char refused_ssh[] =
    "#!/bin/sh\n"
    "echo 'Warning: Permanently added 'remote' (ED25519) to the list of known hosts.' >&2\n"
    "echo 'root@remote: Permission denied (publickey).' >&2\n"
    "exit 255\n";

static void
test_ssh_tunnel_reports_failure (FakeSsh       *fixture,
                                 gconstpointer  script)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaSshTunnel) tunnel = NULL;
    gboolean finished = FALSE;
    char byte;
    int fd;

    tunnel = vimana_ssh_tunnel_new ("qemu+ssh://root@remote/system", "localhost", 5900, NULL,
                                    &error);
    g_assert_no_error (error);
    g_signal_connect (tunnel, "finished", G_CALLBACK (finished_cb), &finished);
    fd = vimana_ssh_tunnel_steal_fd (tunnel);

    /* What gtk-vnc sees: the stream ends before anything arrives. */
    g_assert_cmpint (read (fd, &byte, 1), ==, 0);
    close (fd);
    test_wait_flag (&finished, "the tunnel to finish");
    /* The last line is the one that says why. */
    g_assert_cmpstr (vimana_ssh_tunnel_get_message (tunnel), ==,
                     "root@remote: Permission denied (publickey).");
}

static void
test_ssh_tunnel_stop (FakeSsh       *fixture,
                      gconstpointer  script)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaSshTunnel) tunnel = NULL;
    gboolean finished = FALSE;

    /* "cat" never ends by itself while we hold our end open: stop must end it. */
    tunnel = vimana_ssh_tunnel_new ("qemu+ssh://h/system", "localhost", 5900, NULL, &error);
    g_assert_no_error (error);
    g_signal_connect (tunnel, "finished", G_CALLBACK (finished_cb), &finished);
    g_assert_false (vimana_ssh_tunnel_get_finished (tunnel));
    vimana_ssh_tunnel_stop (tunnel);
    test_wait_flag (&finished, "the tunnel to finish");
    g_assert_true (vimana_ssh_tunnel_get_finished (tunnel));
    g_assert_cmpint (vimana_ssh_tunnel_steal_fd (tunnel), ==, -1);
}

static void
test_ssh_tunnel_no_ssh (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaSshTunnel) tunnel = NULL;
    g_autofree char *old_path = g_strdup (g_getenv ("PATH"));
    g_autofree char *empty = g_dir_make_tmp ("vimana-no-ssh-XXXXXX", NULL);

    g_setenv ("PATH", empty, TRUE);
    tunnel = vimana_ssh_tunnel_new ("qemu+ssh://h/system", "localhost", 5900, NULL, &error);
    g_setenv ("PATH", old_path, TRUE);
    g_rmdir (empty);
    g_assert_null (tunnel);
    g_assert_nonnull (error);
    g_assert_true (g_str_has_prefix (error->message, "Could not run ssh: "));
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/ssh-tunnel/argv", test_ssh_tunnel_argv);
    g_test_add_func ("/ssh-tunnel/not-applicable", test_ssh_tunnel_not_applicable);
    g_test_add_func ("/ssh-tunnel/no-target", test_ssh_tunnel_no_target);
    g_test_add ("/ssh-tunnel/carries-stream", FakeSsh, echo_ssh, fake_ssh_setup,
                test_ssh_tunnel_carries_stream, fake_ssh_teardown);
    g_test_add ("/ssh-tunnel/reports-failure", FakeSsh, refused_ssh, fake_ssh_setup,
                test_ssh_tunnel_reports_failure, fake_ssh_teardown);
    g_test_add ("/ssh-tunnel/stop", FakeSsh, echo_ssh, fake_ssh_setup, test_ssh_tunnel_stop,
                fake_ssh_teardown);
    g_test_add_func ("/ssh-tunnel/no-ssh", test_ssh_tunnel_no_ssh);

    return g_test_run ();
}
