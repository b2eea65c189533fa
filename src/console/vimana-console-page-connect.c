/* vimana-console-page-connect.c: how the Console page reaches a guest's display
 *
 * A local connection asks libvirt for a connected socket (virDomainOpenGraphicsFD); where that
 * fails, or the connection is remote, the page dials the listen address itself; over
 * qemu+ssh:// it carries the display's stream over the user's own ssh. Whichever way the first
 * socket came, a session that needs more (SPICE opens one per channel) asks through
 * VimanaDisplaySession::need-fd and gets them the same way.
 *
 * The session's signals come back here: connected, disconnected (retry, ask for the password
 * again, or say why), the credentials it needs, the keyboard grab, the first frame.
 *
 * The password is read from the page's entry, handed to the session and, if the user asked,
 * kept in memory until the page goes; it is never logged or printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-page"

#include "config.h"

#include "vimana-console-page-private.h"

#include <glib/gi18n.h>

#include "vimana-connection.h"
#include "vimana-console-device.h"
#include "vimana-console-stream.h"
#include "vimana-console-test-hooks.h"
#include "vimana-text-console.h"

/* ---- addresses ---- */

static char *
vimana_console_page_connection_host (VimanaConsolePage *self)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    g_autoptr(GUri) uri = NULL;

    if (connection == NULL)
        return NULL;
    uri = g_uri_parse (vimana_connection_get_uri (connection), G_URI_FLAGS_NONE, NULL);
    if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        return NULL;
    return g_strdup (g_uri_get_host (uri));
}

static gboolean
vimana_console_page_is_loopback (const char *address)
{
    return g_strcmp0 (address, "127.0.0.1") == 0 || g_strcmp0 (address, "::1") == 0 ||
           g_strcmp0 (address, "localhost") == 0 || g_str_has_prefix (address, "127.");
}

static gboolean
vimana_console_page_is_any (const char *address)
{
    return address == NULL || *address == '\0' || g_strcmp0 (address, "0.0.0.0") == 0 ||
           g_strcmp0 (address, "::") == 0;
}

/* ---- ssh tunnels ---- */

static void
vimana_console_page_stop_tunnel (gpointer data,
                                 gpointer user_data)
{
    g_signal_handlers_disconnect_by_data (data, user_data);
    vimana_ssh_tunnel_stop (data);
}

void
vimana_console_page_drop_tunnels (VimanaConsolePage *self)
{
    if (self->tunnel != NULL) {
        vimana_console_page_stop_tunnel (self->tunnel, self);
        g_clear_object (&self->tunnel);
    }
    if (self->channel_tunnels != NULL) {
        g_ptr_array_foreach (self->channel_tunnels, vimana_console_page_stop_tunnel, self);
        g_ptr_array_set_size (self->channel_tunnels, 0);
    }
}

/* Whether @info names somewhere to carry a stream to: a socket, or a port. */
static gboolean
vimana_console_page_tunnel_has_target (VimanaGraphicsInfo *info)
{
    return (info->socket != NULL && *info->socket != '\0') || info->port > 0;
}

/* A stream over the user's ssh to where the display listens on the remote host. */
static VimanaSshTunnel *
vimana_console_page_start_tunnel (VimanaConsolePage  *self,
                                  GError            **error)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    VimanaGraphicsInfo *info = self->graphics;
    const char *host = NULL;

    if (info->socket == NULL || *info->socket == '\0')
        host = vimana_console_page_is_any (info->listen) ? "localhost" : info->listen;
    return vimana_ssh_tunnel_new (vimana_connection_get_uri (connection), host, info->port,
                                  info->socket, error);
}

/* ---- connecting ---- */

/* Hands @fd to the session. Returns: whether it took it (it closes @fd if not) */
static gboolean
vimana_console_page_open_fd (VimanaConsolePage  *self,
                             int                 fd,
                             VimanaConsoleRoute  route,
                             GError            **error)
{
    if (!vimana_display_session_open_fd (self->session, fd, error))
        return FALSE;
    self->route = route;
    return TRUE;
}

/* A qemu+ssh:// connection: reach the display from the remote host itself, through the
 * user's ssh, wherever it listens there. */
static void
vimana_console_page_open_tunnel (VimanaConsolePage *self)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_console_page_tunnel_has_target (self->graphics)) {
        vimana_console_page_failed (self, _("The guest’s display has no port to connect to."),
                                    TRUE);
        return;
    }
    vimana_console_page_drop_tunnels (self);
    self->tunnel = vimana_console_page_start_tunnel (self, &error);
    if (self->tunnel == NULL) {
        vimana_console_page_failed (self, error->message, FALSE);
        return;
    }
    if (!vimana_console_page_open_fd (self, vimana_ssh_tunnel_steal_fd (self->tunnel),
                                      VIMANA_CONSOLE_ROUTE_TUNNEL, &error)) {
        vimana_console_page_drop_tunnels (self);
        vimana_console_page_failed (self, error->message, TRUE);
    }
}

/* The host to dial for a display listening on @info->listen, or NULL with the page failed. */
static char *
vimana_console_page_dial_host (VimanaConsolePage  *self,
                               VimanaGraphicsInfo *info,
                               gboolean            local)
{
    if (local)
        return g_strdup (vimana_console_page_is_any (info->listen) ? "localhost" : info->listen);
    if (vimana_console_page_is_any (info->listen)) {
        char *host = vimana_console_page_connection_host (self);

        if (host == NULL)
            vimana_console_page_failed (self, _("The address of the guest’s display is not "
                                                "known."),
                                        FALSE);
        return host;
    }
    if (vimana_console_page_is_loopback (info->listen)) {
        vimana_console_page_failed (self, _("The guest’s display listens only on its host’s "
                                            "loopback address. Connect to that host over ssh to "
                                            "see it."),
                                    FALSE);
        return NULL;
    }
    return g_strdup (info->listen);
}

/* Dials the display's socket or address ourselves (or through ssh, for qemu+ssh://). */
static void
vimana_console_page_open_direct (VimanaConsolePage *self,
                                 gboolean           local)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    VimanaGraphicsInfo *info = self->graphics;
    g_autoptr(GError) error = NULL;
    g_autofree char *host = NULL;

    /* A SPICE display with only a TLS port needs the host's CA, which Vimana does not set up. */
    if (info->port <= 0 && info->tls_port > 0 && (info->socket == NULL || *info->socket == '\0')) {
        vimana_console_page_failed (self, _("The guest’s display accepts only encrypted (TLS) "
                                            "connections, which Vimana cannot make yet."),
                                    FALSE);
        return;
    }
    if (!local && connection != NULL &&
        vimana_ssh_tunnel_applies (vimana_connection_get_uri (connection))) {
        vimana_console_page_open_tunnel (self);
        return;
    }

    if (info->socket != NULL && *info->socket != '\0') {
        if (!local) {
            vimana_console_page_failed (self,
                                        _("The guest’s display listens on a local socket of a "
                                          "remote host. Connect to that host over ssh to see "
                                          "it."),
                                        FALSE);
            return;
        }
        if (!vimana_display_session_open_unix (self->session, info->socket, &error)) {
            vimana_console_page_failed (self, error->message, TRUE);
            return;
        }
        self->route = VIMANA_CONSOLE_ROUTE_DIRECT;
        return;
    }

    if (info->port <= 0) {
        vimana_console_page_failed (self, _("The guest’s display has no port to connect to."),
                                    TRUE);
        return;
    }
    host = vimana_console_page_dial_host (self, info, local);
    if (host == NULL)
        return;
    if (!vimana_display_session_open_host (self->session, host, info->port, &error)) {
        vimana_console_page_failed (self, error->message, TRUE);
        return;
    }
    self->route = VIMANA_CONSOLE_ROUTE_DIRECT;
}

static void
vimana_console_page_open_graphics_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    int fd = vimana_domain_open_graphics_finish (VIMANA_DOMAIN (source), result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    if (fd >= 0) {
        if (vimana_console_page_open_fd (self, fd, VIMANA_CONSOLE_ROUTE_LIBVIRT, &error))
            return;
        g_debug ("The session refused libvirt's socket, dialling the display: %s",
                 error->message);
    } else {
        g_debug ("No socket from libvirt, dialling the display: %s",
                 error ? error->message : "no reason");
    }
    vimana_console_page_open_direct (self, TRUE);
}

/* A guest without a display: its first serial port or console that can be opened (the first
 * time), else the placeholder, which then says how to get a display or where the console is. */
static void
vimana_console_page_fetch_devices_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) devices = NULL;

    devices = vimana_console_stream_fetch_devices_finish (VIMANA_DOMAIN (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->domain != VIMANA_DOMAIN (source))
        return;
    vimana_console_page_no_display (self, devices);
}

/* A kind of display no session shows: say so, and wait for the user or the guest. */
static void
vimana_console_page_unsupported (VimanaConsolePage *self,
                                 VimanaGraphicsType type)
{
    self->connecting = FALSE;
    switch (type) {
    case VIMANA_GRAPHICS_SPICE:
        vimana_console_page_show (self, "spice");
        return;
    case VIMANA_GRAPHICS_NONE:
        vimana_console_stream_fetch_devices_async (self->domain, self->cancellable,
                                                   vimana_console_page_fetch_devices_cb, g_object_ref (self));
        return;
    case VIMANA_GRAPHICS_VNC:
    case VIMANA_GRAPHICS_OTHER:
    default:
        gtk_label_set_text (self->no_graphics_text,
                            type == VIMANA_GRAPHICS_NONE
                                ? _("Add a VNC display to the guest to see its screen here.")
                                : _("The guest’s display is of a kind Vimana cannot show."));
        vimana_console_page_show (self, "no-graphics");
        return;
    }
}

static void
vimana_console_page_fetch_graphics_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaGraphicsInfo) info = NULL;
    VimanaConnection *connection;
    gboolean local;
    GType type;

    info = vimana_domain_fetch_graphics_finish (VIMANA_DOMAIN (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    if (info == NULL) {
        vimana_console_page_failed (self, error ? error->message
                                                : _("The guest’s display could not be read."),
                                    TRUE);
        return;
    }
    type = vimana_console_page_session_type (info->type);
    if (type == G_TYPE_INVALID) {
        vimana_console_page_unsupported (self, info->type);
        return;
    }
    self->no_display = FALSE;
    vimana_console_page_use_session (self, type);
    g_clear_pointer (&self->graphics, vimana_graphics_info_free);
    self->graphics = g_steal_pointer (&info);
    self->route = VIMANA_CONSOLE_ROUTE_NONE;

    connection = vimana_domain_get_connection (self->domain);
    local = connection != NULL && vimana_connection_is_local (connection);
    if (!local || vimana_console_test_hooks_dial_directly ()) {
        vimana_console_page_open_direct (self, local);
        return;
    }
    vimana_domain_open_graphics_async (self->domain, self->graphics->index, self->cancellable,
                                       vimana_console_page_open_graphics_cb,
                                       g_object_ref (self));
}

void
vimana_console_page_connect (VimanaConsolePage *self)
{
    g_assert (self->domain != NULL);

    if (self->connecting || vimana_console_page_session_is_open (self))
        return;
    g_clear_handle_id (&self->retry_source, g_source_remove);
    self->connecting = TRUE;
    vimana_console_page_set_reason (self, NULL);
    self->attempts++;
    if (self->shown_time == 0)
        self->shown_time = g_get_monotonic_time ();
    if (self->password_failures == 0 || !gtk_widget_get_visible (GTK_WIDGET (self->stack)) ||
        g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "password") != 0)
        vimana_console_page_show (self, "connecting");

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    self->cancellable = g_cancellable_new ();
    vimana_domain_fetch_graphics_async (self->domain, self->cancellable,
                                        vimana_console_page_fetch_graphics_cb,
                                        g_object_ref (self));
}

/* The guest ran and stopped, or never ran, or the user reconnects: drop any session. */
void
vimana_console_page_close (VimanaConsolePage *self)
{
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_handle_id (&self->retry_source, g_source_remove);
    self->connecting = FALSE;
    if (self->session != NULL)
        vimana_display_session_close (self->session);
    vimana_console_page_drop_tunnels (self);
    self->route = VIMANA_CONSOLE_ROUTE_NONE;
    self->initialized = FALSE;
    /* NULL once the page is destroyed: dispose closes too. */
    if (self->grab_revealer != NULL)
        gtk_revealer_set_reveal_child (self->grab_revealer, FALSE);
}

/* ---- more sockets for the same display ---- */

typedef struct
{
    VimanaDisplaySession *session;
    guint                 request;
} VimanaConsoleFdRequest;

static void
vimana_console_page_channel_graphics_cb (GObject      *source,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
    VimanaConsoleFdRequest *request = user_data;
    g_autoptr(GError) error = NULL;
    int fd = vimana_domain_open_graphics_finish (VIMANA_DOMAIN (source), result, &error);

    /* Cancelled means the session closed: it drops the answer, as it should. */
    vimana_display_session_supply_fd (request->session, request->request, fd, error);
    g_object_unref (request->session);
    g_free (request);
}

static gboolean
vimana_console_page_need_fd_cb (VimanaDisplaySession *session,
                                guint                 request,
                                const char           *channel,
                                gpointer              user_data)
{
    VimanaConsolePage *self = user_data;
    g_autoptr(GError) error = NULL;
    VimanaConsoleFdRequest *pending;
    VimanaSshTunnel *tunnel;

    g_debug ("The console asks for a socket for its “%s” channel", channel);
    switch (self->route) {
    case VIMANA_CONSOLE_ROUTE_LIBVIRT:
        pending = g_new0 (VimanaConsoleFdRequest, 1);
        pending->session = g_object_ref (session);
        pending->request = request;
        vimana_domain_open_graphics_async (self->domain, self->graphics->index,
                                           self->cancellable,
                                           vimana_console_page_channel_graphics_cb, pending);
        return TRUE;
    case VIMANA_CONSOLE_ROUTE_TUNNEL:
        tunnel = vimana_console_page_start_tunnel (self, &error);
        if (tunnel == NULL) {
            vimana_display_session_supply_fd (session, request, -1, error);
            return TRUE;
        }
        g_ptr_array_add (self->channel_tunnels, tunnel);
        vimana_display_session_supply_fd (session, request, vimana_ssh_tunnel_steal_fd (tunnel),
                                          NULL);
        return TRUE;
    case VIMANA_CONSOLE_ROUTE_DIRECT:
    case VIMANA_CONSOLE_ROUTE_NONE:
    default:
        /* Dialled directly, a session reaches every channel by itself. */
        return FALSE;
    }
}

/* ---- the session's signals ---- */

static void
vimana_console_page_connected_cb (VimanaDisplaySession *session,
                                  gpointer              user_data)
{
    VimanaConsolePage *self = user_data;

    self->connecting = FALSE;
    self->initialized = TRUE;
    self->attempts = 0;
    self->password_failures = 0;
    vimana_console_page_set_reason (self, NULL);
    gtk_label_set_text (self->password_message, "");
    vimana_console_page_show (self, "display");
}

static void vimana_console_page_tunnel_finished_cb (VimanaConsolePage *self);

/* The session ended without a word we can act on: retry, after saying why. */
static void
vimana_console_page_lost (VimanaConsolePage *self,
                          gboolean           was_initialized)
{
    if (self->tunnel != NULL && !was_initialized) {
        const char *said;

        /* ssh's own words (a refused key, an unknown host) say more than "closed": wait
         * until it has ended and all it wrote is read. */
        if (!vimana_ssh_tunnel_get_finished (self->tunnel)) {
            if (g_signal_handler_find (self->tunnel, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL,
                                       self) == 0)
                g_signal_connect_object (self->tunnel, "finished",
                                         G_CALLBACK (vimana_console_page_tunnel_finished_cb),
                                         self, G_CONNECT_SWAPPED);
            vimana_ssh_tunnel_stop (self->tunnel);
            return;
        }
        said = vimana_ssh_tunnel_get_message (self->tunnel);
        if (said != NULL) {
            g_autofree char *reason = g_strdup_printf (_("The ssh tunnel to the guest’s display "
                                                         "failed: %s"), said);

            vimana_console_page_set_reason (self, reason);
        }
        vimana_console_page_drop_tunnels (self);
    }
    if (self->reason == NULL || was_initialized)
        vimana_console_page_set_reason (self, _("The guest’s display closed the connection."));
    vimana_console_page_failed (self, self->reason, TRUE);
}

/* The tunnel of a session that never began has ended: now its words can be read. */
static void
vimana_console_page_tunnel_finished_cb (VimanaConsolePage *self)
{
    if (self->domain == NULL || !vimana_domain_get_active (self->domain)) {
        vimana_console_page_update (self);
        return;
    }
    vimana_console_page_lost (self, FALSE);
}

static void
vimana_console_page_disconnected_cb (VimanaDisplaySession *session,
                                     const GError         *error,
                                     gpointer              user_data)
{
    VimanaConsolePage *self = user_data;
    gboolean was_initialized = self->initialized;

    self->connecting = FALSE;
    self->initialized = FALSE;
    gtk_revealer_set_reveal_child (self->grab_revealer, FALSE);
    if (self->domain == NULL || !vimana_domain_get_active (self->domain)) {
        vimana_console_page_update (self);
        return;
    }
    if (g_error_matches (error, VIMANA_DISPLAY_SESSION_ERROR,
                         VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED)) {
        if (self->password_failures >= VIMANA_CONSOLE_MAX_PASSWORD_TRIES) {
            vimana_console_page_set_reason (self, _("The password was refused three times. "
                                                    "Check it, then reconnect."));
            vimana_console_page_show (self, "disconnected");
            return;
        }
        /* Ask again: the next credential request shows the prompt with "Wrong password". */
        self->attempts = 0;
        vimana_console_page_connect (self);
        return;
    }
    if (g_error_matches (error, VIMANA_DISPLAY_SESSION_ERROR,
                         VIMANA_DISPLAY_SESSION_ERROR_AUTH_UNSUPPORTED))
        self->attempts = VIMANA_CONSOLE_MAX_ATTEMPTS;
    if (error != NULL && !was_initialized)
        vimana_console_page_set_reason (self, error->message);
    vimana_console_page_lost (self, was_initialized);
}

static void
vimana_console_page_auth_failed_cb (VimanaDisplaySession *session,
                                    const char           *message,
                                    gpointer              user_data)
{
    VimanaConsolePage *self = user_data;

    self->password_failures++;
    vimana_console_page_forget_password (self);
    gtk_label_set_text (self->password_message, _("Wrong password."));
}

static void
vimana_console_page_auth_needed_cb (VimanaDisplaySession *session,
                                    guint                 credentials,
                                    gpointer              user_data)
{
    VimanaConsolePage *self = user_data;

    if ((credentials & VIMANA_DISPLAY_CREDENTIAL_USERNAME) != 0)
        vimana_display_session_set_credential (session, VIMANA_DISPLAY_CREDENTIAL_USERNAME,
                                               g_get_user_name ());
    if ((credentials & VIMANA_DISPLAY_CREDENTIAL_PASSWORD) == 0)
        return;
    if (self->password != NULL) {
        vimana_display_session_set_credential (session, VIMANA_DISPLAY_CREDENTIAL_PASSWORD,
                                               self->password);
        if (!self->remember_password)
            vimana_console_page_forget_password (self);
        return;
    }
    self->connecting = FALSE;
    vimana_console_page_show (self, "password");
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
vimana_console_page_keyboard_grabbed_cb (VimanaDisplaySession *session,
                                         GParamSpec           *pspec,
                                         gpointer              user_data)
{
    VimanaConsolePage *self = user_data;

    gtk_revealer_set_reveal_child (self->grab_revealer,
                                   vimana_display_session_get_keyboard_grabbed (session));
}

static void
vimana_console_page_agent_missing_cb (VimanaDisplaySession *session,
                                      GParamSpec           *pspec,
                                      gpointer              user_data)
{
    vimana_console_page_update_actions (user_data);
}

static void
vimana_console_page_first_frame_cb (VimanaDisplaySession *session,
                                    gpointer              user_data)
{
    VimanaConsolePage *self = user_data;
    double ms;

    if (self->first_frame_seen || self->shown_time == 0)
        return;
    /* Read by the console test (which sets the dump hook) and by bench/bench-console.py
     * (G_MESSAGES_DEBUG=vimana-console-page): once per guest run, from the first attempt. */
    self->first_frame_seen = TRUE;
    ms = (g_get_monotonic_time () - self->shown_time) / 1000.0;
    if (vimana_console_test_hooks_dumping ())
        g_message ("First console frame %.1f ms after the page asked to connect", ms);
    else
        g_debug ("First console frame %.1f ms after the page asked to connect", ms);
}

/* A session the page closed has wound down: the guest may want a new one now. */
static void
vimana_console_page_session_open_cb (VimanaDisplaySession *session,
                                     GParamSpec           *pspec,
                                     gpointer              user_data)
{
    if (!vimana_display_session_is_open (session))
        vimana_console_page_update (VIMANA_CONSOLE_PAGE (user_data));
}

/* Listens to the page's (new) session. */
void
vimana_console_page_listen (VimanaConsolePage *self)
{
    g_signal_connect_object (self->session, "connected",
                             G_CALLBACK (vimana_console_page_connected_cb), self, 0);
    g_signal_connect_object (self->session, "disconnected",
                             G_CALLBACK (vimana_console_page_disconnected_cb), self, 0);
    g_signal_connect_object (self->session, "auth-needed",
                             G_CALLBACK (vimana_console_page_auth_needed_cb), self, 0);
    g_signal_connect_object (self->session, "auth-failed",
                             G_CALLBACK (vimana_console_page_auth_failed_cb), self, 0);
    g_signal_connect_object (self->session, "need-fd",
                             G_CALLBACK (vimana_console_page_need_fd_cb), self, 0);
    g_signal_connect_object (self->session, "notify::open",
                             G_CALLBACK (vimana_console_page_session_open_cb), self, 0);
    g_signal_connect_object (self->session, "notify::keyboard-grabbed",
                             G_CALLBACK (vimana_console_page_keyboard_grabbed_cb), self, 0);
    g_signal_connect_object (self->session, "notify::agent-missing",
                             G_CALLBACK (vimana_console_page_agent_missing_cb), self, 0);
    g_signal_connect_object (self->session, "first-frame",
                             G_CALLBACK (vimana_console_page_first_frame_cb), self, 0);
    vimana_console_page_listen_devices (self);
}
