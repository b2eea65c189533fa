/* vimana-ssh-tunnel.c: a guest display's stream carried over the user's own ssh
 *
 * For a qemu+ssh:// connection the guest's VNC server usually listens on the remote host's
 * loopback address (libvirt's default), out of reach from here. As virt-manager does, we run
 * the user's ssh to that host with the same user, port and key as the libvirt connection,
 * and let ssh forward its standard input and output to the display ("ssh -W"), which needs
 * nothing installed on the remote host. One end of a socket pair is ssh's stdin and stdout;
 * the other is handed to gtk-vnc as if it were the display's socket.
 *
 * ssh's standard error is kept (its last line) so that a refused key or an unknown host
 * reaches the user as ssh said it, not as "the connection closed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-ssh-tunnel"

#include "config.h"

#include "vimana-ssh-tunnel.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "vimana-uri.h"

#define VIMANA_SSH_CONNECT_TIMEOUT "10"

struct _VimanaSshTunnel
{
    GObject parent_instance;

    GSubprocess      *process;
    GDataInputStream *errors;
    GCancellable     *cancellable;
    int               fd;         /* our end, until stolen */
    char             *message;    /* ssh's last words on stderr */
    gboolean          exited;
    gboolean          errors_read; /* stderr reached its end */
};

G_DEFINE_FINAL_TYPE (VimanaSshTunnel, vimana_ssh_tunnel, G_TYPE_OBJECT)

enum {
    FINISHED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ssh has ended and everything it said is read: the message is final. */
static void
vimana_ssh_tunnel_maybe_finished (VimanaSshTunnel *self)
{
    if (self->exited && self->errors_read)
        g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * vimana_ssh_tunnel_applies:
 * @uri: a libvirt connection URI
 *
 * Returns: whether consoles of @uri's guests go through an ssh tunnel: the connection
 *   itself goes over the ssh binary (driver+ssh://host/…)
 */
gboolean
vimana_ssh_tunnel_applies (const char *uri)
{
    g_autoptr(VimanaUri) parsed = vimana_uri_parse (uri, NULL);

    return parsed != NULL && parsed->host != NULL && *parsed->host != '\0' &&
           g_strcmp0 (parsed->transport, "ssh") == 0;
}

/* "::1" must be written "[::1]" before the ":port" ssh -W wants. */
static char *
vimana_ssh_tunnel_target (const char *host,
                          int         port)
{
    if (strchr (host, ':') != NULL && host[0] != '[')
        return g_strdup_printf ("[%s]:%d", host, port);
    return g_strdup_printf ("%s:%d", host, port);
}

/**
 * vimana_ssh_tunnel_build_argv:
 * @uri: the libvirt connection URI, qemu+ssh://[user@]host[:port]/…[?keyfile=…&no_verify=1&no_tty=1]
 * @target_host: (nullable): the display's address as the remote host sees it
 * @target_port: the display's TCP port, used with @target_host
 * @target_socket: (nullable): the display's UNIX socket on the remote host, used instead
 * @error: set when @uri is not an ssh URI or no target is given
 *
 * The command honours the options of @uri that libvirt's own ssh transport honours, so the
 * console authenticates as the connection did.
 *
 * Returns: (transfer full): the ssh command line
 */
GStrv
vimana_ssh_tunnel_build_argv (const char  *uri,
                              const char  *target_host,
                              int          target_port,
                              const char  *target_socket,
                              GError     **error)
{
    g_autoptr(VimanaUri) parsed = NULL;
    g_autoptr(GHashTable) params = NULL;
    g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
    g_autofree char *target = NULL;
    const char *keyfile;

    parsed = vimana_uri_parse (uri, error);
    if (parsed == NULL)
        return NULL;
    if (!vimana_ssh_tunnel_applies (uri)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The connection %s does not go over ssh."), uri);
        return NULL;
    }
    if (target_socket != NULL && *target_socket != '\0') {
        target = g_strdup (target_socket);
    } else if (target_host != NULL && *target_host != '\0' && target_port > 0 &&
               target_port <= 65535) {
        target = vimana_ssh_tunnel_target (target_host, target_port);
    } else {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("The address of the guest’s display is not known."));
        return NULL;
    }
    if (parsed->query != NULL) {
        params = g_uri_parse_params (parsed->query, -1, "&", G_URI_PARAMS_NONE, error);
        if (params == NULL)
            return NULL;
    }

    g_strv_builder_add (argv, "ssh");
    if (parsed->port > 0) {
        g_autofree char *port = g_strdup_printf ("%d", parsed->port);

        g_strv_builder_add_many (argv, "-p", port, NULL);
    }
    if (parsed->user != NULL && *parsed->user != '\0')
        g_strv_builder_add_many (argv, "-l", parsed->user, NULL);
    keyfile = params != NULL ? g_hash_table_lookup (params, "keyfile") : NULL;
    if (keyfile != NULL && *keyfile != '\0')
        g_strv_builder_add_many (argv, "-i", keyfile, NULL);
    if (params != NULL && g_strcmp0 (g_hash_table_lookup (params, "no_verify"), "1") == 0)
        g_strv_builder_add_many (argv, "-o", "StrictHostKeyChecking=no", NULL);
    if (params != NULL && g_strcmp0 (g_hash_table_lookup (params, "no_tty"), "1") == 0)
        g_strv_builder_add_many (argv, "-o", "BatchMode=yes", NULL);
    /* An unreachable host ends in a message, not a page that says "Connecting…" forever. */
    g_strv_builder_add_many (argv, "-o", "ConnectTimeout=" VIMANA_SSH_CONNECT_TIMEOUT,
                             "-o", "ExitOnForwardFailure=yes", "-T", "-e", "none",
                             "-W", target, "--", parsed->host, NULL);
    return g_strv_builder_end (argv);
}

static void
vimana_ssh_tunnel_read_error_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    g_autoptr(VimanaSshTunnel) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *line = NULL;

    line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL,
                                                      &error);
    if (line == NULL) {
        /* end of stream, or cancelled by dispose */
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            self->errors_read = TRUE;
            vimana_ssh_tunnel_maybe_finished (self);
        }
        return;
    }
    g_strstrip (line);
    if (*line != '\0') {
        g_debug ("ssh: %s", line);
        g_free (self->message);
        self->message = g_steal_pointer (&line);
    }
    g_data_input_stream_read_line_async (self->errors, G_PRIORITY_DEFAULT, self->cancellable,
                                         vimana_ssh_tunnel_read_error_cb, g_object_ref (self));
}

static void
vimana_ssh_tunnel_wait_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
    g_autoptr(VimanaSshTunnel) self = user_data;

    if (!g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL))
        return;
    self->exited = TRUE;
    g_debug ("ssh tunnel ended");
    vimana_ssh_tunnel_maybe_finished (self);
}

/* Runs in the child between fork and exec: async-signal-safe calls only. */
static void
vimana_ssh_tunnel_child_setup (gpointer user_data)
{
    setsid ();
}

/**
 * vimana_ssh_tunnel_new:
 * @uri: the libvirt connection URI (see vimana_ssh_tunnel_build_argv())
 * @target_host: (nullable): the display's address as the remote host sees it
 * @target_port: the display's TCP port
 * @target_socket: (nullable): the display's UNIX socket on the remote host
 * @error: set when ssh cannot be started
 *
 * Starts ssh. A failure to log in or to reach the display shows later, as the end of the
 * stream, with ssh's words in vimana_ssh_tunnel_get_message().
 *
 * Returns: (transfer full) (nullable): the running tunnel
 */
VimanaSshTunnel *
vimana_ssh_tunnel_new (const char  *uri,
                       const char  *target_host,
                       int          target_port,
                       const char  *target_socket,
                       GError     **error)
{
    g_autoptr(VimanaSshTunnel) self = NULL;
    g_autoptr(GSubprocessLauncher) launcher = NULL;
    g_autoptr(GError) spawn_error = NULL;
    g_auto(GStrv) argv = NULL;
    int fds[2];
    int other;

    argv = vimana_ssh_tunnel_build_argv (uri, target_host, target_port, target_socket, error);
    if (argv == NULL)
        return NULL;
    if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) < 0) {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not make a socket for the ssh tunnel: %s"), g_strerror (saved));
        return NULL;
    }
    other = dup (fds[1]);
    if (other < 0) {
        int saved = errno;

        close (fds[0]);
        close (fds[1]);
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("Could not make a socket for the ssh tunnel: %s"), g_strerror (saved));
        return NULL;
    }

    launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_subprocess_launcher_take_stdin_fd (launcher, fds[1]);
    g_subprocess_launcher_take_stdout_fd (launcher, other);
    /* A password ssh might ask for must not be asked on a terminal we were started from and
     * no one watches: without one, ssh uses SSH_ASKPASS, a key or the agent. */
    g_subprocess_launcher_set_child_setup (launcher, vimana_ssh_tunnel_child_setup, NULL, NULL);

    self = g_object_new (VIMANA_TYPE_SSH_TUNNEL, NULL);
    self->fd = fds[0];
    self->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv,
                                                  &spawn_error);
    /* The launcher closes the child's ends when it goes. */
    g_clear_object (&launcher);
    if (self->process == NULL) {
        /* Translators: %s is why, e.g. "Failed to execute child process “ssh” (No such file
         * or directory)". */
        g_set_error (error, spawn_error->domain, spawn_error->code, _("Could not run ssh: %s"),
                     spawn_error->message);
        return NULL;
    }

    self->cancellable = g_cancellable_new ();
    self->errors = g_data_input_stream_new (g_subprocess_get_stderr_pipe (self->process));
    g_data_input_stream_read_line_async (self->errors, G_PRIORITY_DEFAULT, self->cancellable,
                                         vimana_ssh_tunnel_read_error_cb, g_object_ref (self));
    g_subprocess_wait_async (self->process, self->cancellable, vimana_ssh_tunnel_wait_cb,
                             g_object_ref (self));
    return g_steal_pointer (&self);
}

/**
 * vimana_ssh_tunnel_steal_fd:
 * @self: a #VimanaSshTunnel
 *
 * Returns: the local end of the stream, now owned by the caller; -1 if already taken
 */
int
vimana_ssh_tunnel_steal_fd (VimanaSshTunnel *self)
{
    int fd;

    g_return_val_if_fail (VIMANA_IS_SSH_TUNNEL (self), -1);
    fd = self->fd;
    self->fd = -1;
    return fd;
}

/**
 * vimana_ssh_tunnel_get_message:
 * @self: a #VimanaSshTunnel
 *
 * Returns: (nullable): the last line ssh wrote on its standard error, e.g.
 *   "root@host: Permission denied (publickey)."
 */
const char *
vimana_ssh_tunnel_get_message (VimanaSshTunnel *self)
{
    g_return_val_if_fail (VIMANA_IS_SSH_TUNNEL (self), NULL);
    return self->message;
}

/**
 * vimana_ssh_tunnel_get_finished:
 * @self: a #VimanaSshTunnel
 *
 * Returns: whether ssh has ended and all it wrote has been read; #VimanaSshTunnel::finished
 *   was emitted
 */
gboolean
vimana_ssh_tunnel_get_finished (VimanaSshTunnel *self)
{
    g_return_val_if_fail (VIMANA_IS_SSH_TUNNEL (self), FALSE);
    return self->exited && self->errors_read;
}

/**
 * vimana_ssh_tunnel_stop:
 * @self: a #VimanaSshTunnel
 *
 * Asks ssh to end, if it still runs; what it said is still read and
 * #VimanaSshTunnel::finished follows.
 */
void
vimana_ssh_tunnel_stop (VimanaSshTunnel *self)
{
    g_return_if_fail (VIMANA_IS_SSH_TUNNEL (self));

    if (self->process != NULL && !self->exited)
        g_subprocess_send_signal (self->process, SIGTERM);
    if (self->fd >= 0) {
        close (self->fd);
        self->fd = -1;
    }
}

static void
vimana_ssh_tunnel_dispose (GObject *object)
{
    VimanaSshTunnel *self = VIMANA_SSH_TUNNEL (object);

    vimana_ssh_tunnel_stop (self);
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->errors);
    g_clear_object (&self->process);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vimana_ssh_tunnel_parent_class)->dispose (object);
}

static void
vimana_ssh_tunnel_finalize (GObject *object)
{
    VimanaSshTunnel *self = VIMANA_SSH_TUNNEL (object);

    g_free (self->message);

    G_OBJECT_CLASS (vimana_ssh_tunnel_parent_class)->finalize (object);
}

static void
vimana_ssh_tunnel_class_init (VimanaSshTunnelClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_ssh_tunnel_dispose;
    object_class->finalize = vimana_ssh_tunnel_finalize;

    /**
     * VimanaSshTunnel::finished:
     *
     * ssh has ended and its last message, if any, is known.
     */
    signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vimana_ssh_tunnel_init (VimanaSshTunnel *self)
{
    self->fd = -1;
}
