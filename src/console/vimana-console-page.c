/* vimana-console-page.c: a guest's graphical console (VNC), following the guest
 *
 * The page connects only while it is shown (mapped, or detached into its own window) and the
 * guest runs. Each connection starts by fetching the live <graphics> again, because with
 * autoport the port changes every time the guest starts. A local connection asks libvirt for
 * a connected socket (virDomainOpenGraphicsFD); where that fails, or the connection is
 * remote, the page dials the listen address itself.
 *
 * A session that drops while the guest still runs is retried by itself, at most once a
 * second and three times in a row, then the page says why and offers Reconnect. The guest's
 * own state decides the rest: stopped shows "not running", started or rebooted connects
 * again, paused keeps the last picture under a "Paused" label.
 *
 * The VNC password is read from the page's entry, handed to gtk-vnc and, if the user asked,
 * kept in memory until the page goes; it is never logged or printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-page"

#include "config.h"

#include "vimana-console-page.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "vimana-connection.h"
#include "vimana-console-keys.h"
#include "vimana-console-window.h"
#include "vimana-field-error.h"
#include "vimana-grab-keys.h"
#include "vimana-graphics.h"
#include "vimana-ssh-tunnel.h"

#define VIMANA_CONSOLE_MAX_ATTEMPTS       3
#define VIMANA_CONSOLE_RETRY_SECONDS      1
#define VIMANA_CONSOLE_MAX_PASSWORD_TRIES 3
#define VIMANA_CONSOLE_MAX_PASTE          4096

struct _VimanaConsolePage
{
    GtkBox parent_instance;

    /* template widgets */
    GtkWidget         *toolbar;
    GtkRevealer       *grab_revealer;
    GtkLabel          *grab_label;
    GtkStack          *stack;
    GtkScrolledWindow *scrolled;
    GtkWidget         *paused_label;
    GtkLabel          *password_message;
    GtkEntry          *password_entry;
    GtkToggleButton   *remember_check;
    GtkRevealer       *fullscreen_revealer;
    GMenu             *function_keys_section;
    GtkLabel          *disconnected_text;
    GtkLabel          *not_running_text;
    GtkLabel          *no_graphics_text;
    GtkSpinner        *spinner;
    GtkPopover        *custom_keys_popover;
    GtkEntry          *custom_keys_entry;
    GtkLabel          *custom_keys_error;

    /* owned references */
    VimanaDomain       *domain;
    VncDisplay         *display;
    GSettings          *settings;
    GSimpleActionGroup *actions;
    GCancellable       *cancellable;
    VimanaSshTunnel    *tunnel;          /* the display's stream over ssh, or NULL */
    GtkWidget          *detached;        /* a VimanaConsoleWindow, or NULL */
    GtkWidget          *detached_page;   /* shown where the display was while detached */
    char               *reason;
    char               *password;        /* for the next request, or for this session */
    gboolean            remember_password;
    char               *dump_dir;        /* VIMANA_CONSOLE_DUMP: see vimana_console_page_dump */

    /* connection state */
    gboolean            was_active;
    gboolean            connecting;      /* fetching, opening or handshaking */
    gboolean            closing;         /* we closed the display ourselves */
    gboolean            auth_failed;
    gboolean            initialized;
    guint               attempts;        /* connection attempts since the last success */
    guint               password_failures;
    guint               retry_source;
    guint               dump_source;
    gboolean            dump_pending;
    gint64              shown_time;      /* when the page asked to connect, for the test */
    gboolean            first_frame_seen;
    gboolean            fullscreen;
};

G_DEFINE_FINAL_TYPE (VimanaConsolePage, vimana_console_page, GTK_TYPE_BOX)

static void vimana_console_page_connect (VimanaConsolePage *self);
static void vimana_console_page_update (VimanaConsolePage *self);

/* ---- state shown ---- */

static void
vimana_console_page_forget_password (VimanaConsolePage *self)
{
    if (self->password != NULL) {
        memset (self->password, 0, strlen (self->password));
        g_clear_pointer (&self->password, g_free);
    }
}

static void
vimana_console_page_set_reason (VimanaConsolePage *self,
                                const char        *reason)
{
    char *old = self->reason;

    /* @reason may be the current one. */
    self->reason = g_strdup (reason);
    g_free (old);
}

static void
vimana_console_page_show (VimanaConsolePage *self,
                          const char        *state)
{
    gboolean display = g_strcmp0 (state, "display") == 0;
    GAction *action;

    gtk_stack_set_visible_child_name (self->stack, state);
    if (self->spinner != NULL)
        g_object_set (self->spinner, "active", g_strcmp0 (state, "connecting") == 0, NULL);
    if (g_strcmp0 (state, "disconnected") == 0)
        gtk_label_set_text (self->disconnected_text, self->reason ? self->reason : "");
    for (const char * const *name = (const char * const[]) { "send-key", "custom-keys",
                                                              "paste-keys", "screenshot", NULL };
         *name != NULL; name++) {
        action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), *name);
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), display);
    }
}

static void
vimana_console_page_drop_tunnel (VimanaConsolePage *self)
{
    if (self->tunnel == NULL)
        return;
    g_signal_handlers_disconnect_by_data (self->tunnel, self);
    vimana_ssh_tunnel_stop (self->tunnel);
    g_clear_object (&self->tunnel);
}

/* The guest ran and stopped, or never ran: show that and drop any session. */
static void
vimana_console_page_close (VimanaConsolePage *self)
{
    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_handle_id (&self->retry_source, g_source_remove);
    self->connecting = FALSE;
    if (vnc_display_is_open (self->display)) {
        self->closing = TRUE;
        vnc_display_close (self->display);
    }
    vimana_console_page_drop_tunnel (self);
    self->initialized = FALSE;
}

/* A failed attempt: retry in a second, or after three give up and say why. */
static gboolean
vimana_console_page_retry_cb (gpointer user_data)
{
    VimanaConsolePage *self = user_data;

    self->retry_source = 0;
    vimana_console_page_connect (self);
    return G_SOURCE_REMOVE;
}

static void
vimana_console_page_failed (VimanaConsolePage *self,
                            const char        *reason,
                            gboolean           retry)
{
    self->connecting = FALSE;
    self->initialized = FALSE;
    vimana_console_page_set_reason (self, reason);
    g_debug ("Console attempt %u failed: %s", self->attempts, self->reason);
    if (retry && self->attempts < VIMANA_CONSOLE_MAX_ATTEMPTS && self->retry_source == 0) {
        vimana_console_page_show (self, "connecting");
        self->retry_source = g_timeout_add_seconds (VIMANA_CONSOLE_RETRY_SECONDS,
                                                    vimana_console_page_retry_cb, self);
        return;
    }
    vimana_console_page_show (self, "disconnected");
}

/* ---- connecting ---- */

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

/* A qemu+ssh:// connection: reach the display from the remote host itself, through the
 * user's ssh, wherever it listens there. Returns: whether gtk-vnc took the stream */
static gboolean
vimana_console_page_open_tunnel (VimanaConsolePage  *self,
                                 VimanaGraphicsInfo *info)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    g_autoptr(GError) error = NULL;
    const char *host = NULL;
    int fd;

    if (info->socket == NULL || *info->socket == '\0') {
        if (info->port <= 0) {
            vimana_console_page_failed (self,
                                        _("The guest’s display has no port to connect to."),
                                        TRUE);
            return FALSE;
        }
        host = vimana_console_page_is_any (info->listen) ? "localhost" : info->listen;
    }
    vimana_console_page_drop_tunnel (self);
    self->tunnel = vimana_ssh_tunnel_new (vimana_connection_get_uri (connection), host,
                                          info->port, info->socket, &error);
    if (self->tunnel == NULL) {
        vimana_console_page_failed (self, error->message, FALSE);
        return FALSE;
    }
    fd = vimana_ssh_tunnel_steal_fd (self->tunnel);
    if (!vnc_display_open_fd (self->display, fd)) {
        close (fd);
        vimana_console_page_drop_tunnel (self);
        vimana_console_page_failed (self, _("The console could not be opened."), TRUE);
        return FALSE;
    }
    return TRUE;
}

/* Dials the display's socket or address ourselves. Returns: whether gtk-vnc took it */
static gboolean
vimana_console_page_open_direct (VimanaConsolePage  *self,
                                 VimanaGraphicsInfo *info,
                                 gboolean            local)
{
    VimanaConnection *connection = vimana_domain_get_connection (self->domain);
    g_autofree char *host = NULL;
    g_autofree char *port = NULL;

    if (!local && connection != NULL &&
        vimana_ssh_tunnel_applies (vimana_connection_get_uri (connection)))
        return vimana_console_page_open_tunnel (self, info);

    if (info->socket != NULL && *info->socket != '\0') {
        g_autoptr(GSocketAddress) address = NULL;

        if (!local) {
            vimana_console_page_failed (self,
                                        _("The guest’s display listens on a local socket of a "
                                          "remote host. Connect to that host over ssh to see "
                                          "it."),
                                        FALSE);
            return FALSE;
        }
        address = g_unix_socket_address_new (info->socket);
        if (!vnc_display_open_addr (self->display, address, "localhost")) {
            vimana_console_page_failed (self, _("The console could not be opened."), TRUE);
            return FALSE;
        }
        return TRUE;
    }

    if (info->port <= 0) {
        vimana_console_page_failed (self, _("The guest’s display has no port to connect to."),
                                    TRUE);
        return FALSE;
    }

    if (local) {
        host = g_strdup (vimana_console_page_is_any (info->listen) ? "localhost" : info->listen);
    } else if (vimana_console_page_is_any (info->listen)) {
        host = vimana_console_page_connection_host (self);
    } else if (vimana_console_page_is_loopback (info->listen)) {
        vimana_console_page_failed (self, _("The guest’s display listens only on its host’s "
                                            "loopback address. Connect to that host over ssh to "
                                            "see it."),
                                    FALSE);
        return FALSE;
    } else {
        host = g_strdup (info->listen);
    }
    if (host == NULL) {
        vimana_console_page_failed (self, _("The address of the guest’s display is not known."),
                                    FALSE);
        return FALSE;
    }

    port = g_strdup_printf ("%d", info->port);
    if (!vnc_display_open_host (self->display, host, port)) {
        vimana_console_page_failed (self, _("The console could not be opened."), TRUE);
        return FALSE;
    }
    return TRUE;
}

typedef struct
{
    VimanaConsolePage  *page;
    VimanaGraphicsInfo *info;
} VimanaConsoleOpen;

static void
vimana_console_open_free (VimanaConsoleOpen *open)
{
    g_object_unref (open->page);
    vimana_graphics_info_free (open->info);
    g_free (open);
}

static void
vimana_console_page_open_graphics_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    VimanaConsoleOpen *open = user_data;
    VimanaConsolePage *self = open->page;
    g_autoptr(GError) error = NULL;
    int fd = vimana_domain_open_graphics_finish (VIMANA_DOMAIN (source), result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        vimana_console_open_free (open);
        return;
    }
    if (fd >= 0) {
        if (vnc_display_open_fd (self->display, fd)) {
            vimana_console_open_free (open);
            return;
        }
        close (fd);
    } else {
        g_debug ("No socket from libvirt, dialling the display: %s",
                 error ? error->message : "no reason");
    }
    vimana_console_page_open_direct (self, open->info, TRUE);
    vimana_console_open_free (open);
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
    VimanaConsoleOpen *open;

    info = vimana_domain_fetch_graphics_finish (VIMANA_DOMAIN (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    if (info == NULL) {
        vimana_console_page_failed (self, error ? error->message
                                                : _("The guest’s display could not be read."),
                                    TRUE);
        return;
    }

    switch (info->type) {
    case VIMANA_GRAPHICS_VNC:
        break;
    case VIMANA_GRAPHICS_SPICE:
        self->connecting = FALSE;
        vimana_console_page_show (self, "spice");
        return;
    case VIMANA_GRAPHICS_NONE:
    case VIMANA_GRAPHICS_OTHER:
    default:
        self->connecting = FALSE;
        gtk_label_set_text (self->no_graphics_text,
                            info->type == VIMANA_GRAPHICS_NONE
                                ? _("Add a VNC display to the guest to see its screen here.")
                                : _("The guest’s display is of a kind Vimana cannot show."));
        vimana_console_page_show (self, "no-graphics");
        return;
    }

    connection = vimana_domain_get_connection (self->domain);
    /* VIMANA_CONSOLE_DIRECT=1 is a test hook: libvirt's socket skips the VNC password, so
     * the system test dials the address to reach the password prompt. */
    if (connection == NULL || !vimana_connection_is_local (connection) ||
        g_strcmp0 (g_getenv ("VIMANA_CONSOLE_DIRECT"), "1") == 0) {
        vimana_console_page_open_direct (self, info,
                                         connection != NULL &&
                                             vimana_connection_is_local (connection));
        return;
    }
    open = g_new0 (VimanaConsoleOpen, 1);
    open->page = g_object_ref (self);
    open->info = g_steal_pointer (&info);
    vimana_domain_open_graphics_async (self->domain, open->info->index, self->cancellable,
                                       vimana_console_page_open_graphics_cb, open);
}

static void
vimana_console_page_connect (VimanaConsolePage *self)
{
    g_assert (self->domain != NULL);

    if (self->connecting || vnc_display_is_open (self->display))
        return;
    g_clear_handle_id (&self->retry_source, g_source_remove);
    self->connecting = TRUE;
    self->closing = FALSE;
    self->auth_failed = FALSE;
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

/* Whether someone can see the console: the page is on screen, or it is detached. */
static gboolean
vimana_console_page_is_shown (VimanaConsolePage *self)
{
    return gtk_widget_get_mapped (GTK_WIDGET (self)) || self->detached != NULL;
}

static void vimana_console_page_attach (VimanaConsolePage *self);

/* Brings the page in line with the guest's state. */
static void
vimana_console_page_update (VimanaConsolePage *self)
{
    VimanaDomainState state;
    const char *visible;
    gboolean active;

    if (self->domain == NULL)
        return;
    state = vimana_domain_get_state (self->domain);
    active = vimana_domain_get_active (self->domain);
    gtk_widget_set_visible (self->paused_label, state == VIMANA_DOMAIN_STATE_PAUSED);

    if (!active || vimana_domain_get_removed (self->domain)) {
        self->was_active = FALSE;
        vimana_console_page_close (self);
        if (self->detached != NULL)
            vimana_console_page_attach (self);
        self->attempts = 0;
        self->shown_time = 0;
        self->first_frame_seen = FALSE;
        vimana_console_page_show (self, "not-running");
        return;
    }

    if (!self->was_active) {
        /* Started: a new QEMU, perhaps a new port. Earlier failures do not count. */
        self->was_active = TRUE;
        self->attempts = 0;
        g_clear_handle_id (&self->retry_source, g_source_remove);
    }
    visible = gtk_stack_get_visible_child_name (self->stack);
    /* Only a page waiting for a session starts one; one that gave up (disconnected, SPICE,
     * no display, password) waits for the user or for the guest to start again. */
    if (g_strcmp0 (visible, "not-running") != 0 && g_strcmp0 (visible, "connecting") != 0)
        return;
    if (!vimana_console_page_is_shown (self)) {
        vimana_console_page_show (self, "connecting");
        return;
    }
    if (!self->connecting && !vnc_display_is_open (self->display) && self->retry_source == 0)
        vimana_console_page_connect (self);
}

/* ---- the guest ---- */

static void
vimana_console_page_domain_notify_cb (GObject    *domain,
                                      GParamSpec *pspec,
                                      gpointer    user_data)
{
    vimana_console_page_update (VIMANA_CONSOLE_PAGE (user_data));
}

static void
vimana_console_page_rebooted_cb (VimanaDomain *domain,
                                 gpointer      user_data)
{
    VimanaConsolePage *self = user_data;

    /* QEMU usually keeps the session over a reboot; if it did not, try again from scratch. */
    self->attempts = 0;
    if (!vnc_display_is_open (self->display) && !self->connecting &&
        vimana_console_page_is_shown (self))
        vimana_console_page_connect (self);
}

/* ---- the display's signals ---- */

static void
vimana_console_page_initialized_cb (VncDisplay *display,
                                    gpointer    user_data)
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

static void vimana_console_page_disconnected_cb (VncDisplay *display,
                                                 gpointer    user_data);

static void
vimana_console_page_tunnel_finished_cb (VimanaConsolePage *self)
{
    vimana_console_page_disconnected_cb (self->display, self);
}

static void
vimana_console_page_disconnected_cb (VncDisplay *display,
                                     gpointer    user_data)
{
    VimanaConsolePage *self = user_data;
    gboolean was_initialized = self->initialized;

    self->connecting = FALSE;
    self->initialized = FALSE;
    gtk_revealer_set_reveal_child (self->grab_revealer, FALSE);
    if (self->closing) {
        self->closing = FALSE;
        return;
    }
    if (self->domain == NULL || !vimana_domain_get_active (self->domain)) {
        vimana_console_page_update (self);
        return;
    }
    if (self->auth_failed) {
        self->auth_failed = FALSE;
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
        vimana_console_page_drop_tunnel (self);
    }
    if (self->reason == NULL || was_initialized)
        vimana_console_page_set_reason (self, _("The guest’s display closed the connection."));
    vimana_console_page_failed (self, self->reason, TRUE);
}

static void
vimana_console_page_error_cb (VncDisplay *display,
                              const char *message,
                              gpointer    user_data)
{
    VimanaConsolePage *self = user_data;
    g_autofree char *reason = g_strdup_printf (_("The console connection failed: %s"), message);

    vimana_console_page_set_reason (self, reason);
}

static void
vimana_console_page_auth_failure_cb (VncDisplay *display,
                                     const char *message,
                                     gpointer    user_data)
{
    VimanaConsolePage *self = user_data;

    self->auth_failed = TRUE;
    self->password_failures++;
    vimana_console_page_forget_password (self);
    gtk_label_set_text (self->password_message, _("Wrong password."));
}

static void
vimana_console_page_auth_unsupported_cb (VncDisplay *display,
                                         guint       auth_type,
                                         gpointer    user_data)
{
    VimanaConsolePage *self = user_data;

    vimana_console_page_set_reason (self, _("The guest’s display asks for a kind of "
                                            "authentication Vimana does not support."));
    self->attempts = VIMANA_CONSOLE_MAX_ATTEMPTS;
}

static void
vimana_console_page_auth_credential_cb (VncDisplay  *display,
                                        GValueArray *credentials,
                                        gpointer     user_data)
{
    VimanaConsolePage *self = user_data;
    gboolean wants_password = FALSE;

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    for (guint i = 0; i < credentials->n_values; i++) {
        GValue *value = g_value_array_get_nth (credentials, i);
        int kind = g_value_get_enum (value);

        if (kind == VNC_DISPLAY_CREDENTIAL_PASSWORD)
            wants_password = TRUE;
        else if (kind == VNC_DISPLAY_CREDENTIAL_USERNAME)
            vnc_display_set_credential (display, kind, g_get_user_name ());
        else if (kind == VNC_DISPLAY_CREDENTIAL_CLIENTNAME)
            vnc_display_set_credential (display, kind, "vimana");
    }
    G_GNUC_END_IGNORE_DEPRECATIONS

    if (!wants_password)
        return;
    if (self->password != NULL) {
        vnc_display_set_credential (display, VNC_DISPLAY_CREDENTIAL_PASSWORD, self->password);
        if (!self->remember_password)
            vimana_console_page_forget_password (self);
        return;
    }
    self->connecting = FALSE;
    vimana_console_page_show (self, "password");
    gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
}

static void
vimana_console_page_password_activate_cb (VimanaConsolePage *self)
{
    const char *text = gtk_entry_get_text (self->password_entry);

    vimana_console_page_forget_password (self);
    self->remember_password = gtk_toggle_button_get_active (self->remember_check);
    if (!vnc_display_is_open (self->display)) {
        /* The server gave up waiting: start again, and answer the next request with this. */
        self->password = g_strdup (text);
        gtk_entry_set_text (self->password_entry, "");
        self->attempts = 0;
        vimana_console_page_connect (self);
        return;
    }
    if (self->remember_password)
        self->password = g_strdup (text);
    self->connecting = TRUE;
    vimana_console_page_show (self, "connecting");
    vnc_display_set_credential (self->display, VNC_DISPLAY_CREDENTIAL_PASSWORD, text);
    gtk_entry_set_text (self->password_entry, "");
}

static void
vimana_console_page_keyboard_grab_cb (VncDisplay *display,
                                      gpointer    user_data)
{
    gtk_revealer_set_reveal_child (VIMANA_CONSOLE_PAGE (user_data)->grab_revealer, TRUE);
}

static void
vimana_console_page_keyboard_ungrab_cb (VncDisplay *display,
                                        gpointer    user_data)
{
    gtk_revealer_set_reveal_child (VIMANA_CONSOLE_PAGE (user_data)->grab_revealer, FALSE);
}

static void
vimana_console_page_server_cut_text_cb (VncDisplay *display,
                                        const char *text,
                                        gpointer    user_data)
{
    GtkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (display),
                                                        GDK_SELECTION_CLIPBOARD);

    if (text != NULL && g_utf8_validate (text, -1, NULL))
        gtk_clipboard_set_text (clipboard, text, -1);
}

/* ---- test hook: VIMANA_CONSOLE_DUMP ---- */

/* When VIMANA_CONSOLE_DUMP=<dir> is set (the system tests set it), the page writes what the
 * display shows to <dir>/console-<guest>.png after framebuffer updates, at most once a
 * second, so a test can compare the app's pixels with `virsh screenshot`. It is a test hook,
 * not a feature: nothing else reads those files. */
static void
vimana_console_page_dump (VimanaConsolePage *self)
{
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *file = NULL;
    g_autofree char *path = NULL;
    g_autofree char *partial = NULL;

    self->dump_pending = FALSE;
    if (self->domain == NULL || !self->initialized)
        return;
    pixbuf = vnc_display_get_pixbuf (self->display);
    if (pixbuf == NULL)
        return;
    file = g_strdup_printf ("console-%s.png", vimana_domain_get_name (self->domain));
    path = g_build_filename (self->dump_dir, file, NULL);
    partial = g_strconcat (path, ".part", NULL);
    /* Written aside then renamed, so that a reader never sees half a file. */
    if (!gdk_pixbuf_save (pixbuf, partial, "png", &error, NULL) ||
        g_rename (partial, path) != 0)
        g_warning ("Could not write %s: %s", path, error ? error->message : g_strerror (errno));
}

static gboolean
vimana_console_page_dump_cb (gpointer user_data)
{
    VimanaConsolePage *self = user_data;

    if (!self->dump_pending) {
        self->dump_source = 0;
        return G_SOURCE_REMOVE;
    }
    vimana_console_page_dump (self);
    return G_SOURCE_CONTINUE;
}

static void
vimana_console_page_framebuffer_update_cb (VncConnection *connection,
                                           int            x,
                                           int            y,
                                           int            width,
                                           int            height,
                                           gpointer       user_data)
{
    VimanaConsolePage *self = user_data;

    if (!self->first_frame_seen && self->shown_time != 0) {
        double ms = (g_get_monotonic_time () - self->shown_time) / 1000.0;

        /* Read by the console test (which sets the dump hook) and by bench/bench-console.py
         * (G_MESSAGES_DEBUG=vimana-console-page). */
        self->first_frame_seen = TRUE;
        if (self->dump_dir != NULL)
            g_message ("First console frame %.1f ms after the page asked to connect", ms);
        else
            g_debug ("First console frame %.1f ms after the page asked to connect", ms);
    }
    if (self->dump_dir == NULL)
        return;
    self->dump_pending = TRUE;
    if (self->dump_source == 0) {
        /* The first update is written at once, later ones at most once a second. */
        self->dump_source = g_timeout_add_seconds (1, vimana_console_page_dump_cb, self);
        vimana_console_page_dump (self);
    }
}

/* ---- controls ---- */

static void
vimana_console_page_send_key_cb (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
    VimanaConsolePage *self = user_data;

    vimana_console_keys_send_named (self->display, g_variant_get_string (parameter, NULL));
}

/* ---- a combination of the user's own ---- */

static void
vimana_console_page_show_custom_keys_error (VimanaConsolePage *self,
                                            const char        *message)
{
    vimana_field_error_set (GTK_WIDGET (self->custom_keys_entry), self->custom_keys_error, message);
}

static void
vimana_console_page_custom_keys_cb (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
    VimanaConsolePage *self = user_data;

    vimana_console_page_show_custom_keys_error (self, NULL);
    gtk_popover_popup (self->custom_keys_popover);
    gtk_widget_grab_focus (GTK_WIDGET (self->custom_keys_entry));
}

/* Sends what the entry names; a combination that is not one stays, with the reason. */
static void
vimana_console_page_custom_keys_send_cb (VimanaConsolePage *self)
{
    g_autoptr(GError) error = NULL;
    guint keyvals[VIMANA_GRAB_KEYS_MAX];
    guint n_keys = 0;

    if (!vimana_grab_keys_parse (gtk_entry_get_text (self->custom_keys_entry), FALSE, keyvals,
                                 &n_keys, &error)) {
        vimana_console_page_show_custom_keys_error (self, error->message);
        return;
    }
    vimana_console_page_show_custom_keys_error (self, NULL);
    gtk_popover_popdown (self->custom_keys_popover);
    g_debug ("Sending %u keys of “%s”", n_keys, gtk_entry_get_text (self->custom_keys_entry));
    if (vnc_display_is_open (self->display))
        vnc_display_send_keys (self->display, keyvals, (int) n_keys);
}

static void
vimana_console_page_custom_keys_changed_cb (VimanaConsolePage *self)
{
    if (gtk_widget_get_visible (GTK_WIDGET (self->custom_keys_error)))
        vimana_console_page_show_custom_keys_error (self, NULL);
}

static void
vimana_console_page_clipboard_text_cb (GtkClipboard *clipboard,
                                       const char   *text,
                                       gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;

    if (text != NULL && vnc_display_is_open (self->display))
        vimana_console_keys_type_text (self->display, text, VIMANA_CONSOLE_MAX_PASTE);
}

static void
vimana_console_page_paste_keys_cb (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
    VimanaConsolePage *self = user_data;

    gtk_clipboard_request_text (gtk_widget_get_clipboard (GTK_WIDGET (self),
                                                          GDK_SELECTION_CLIPBOARD),
                                vimana_console_page_clipboard_text_cb, g_object_ref (self));
}

static void
vimana_console_page_scaling_changed (VimanaConsolePage *self,
                                     gboolean           scale)
{
    vnc_display_set_scaling (self->display, scale);
    /* 1:1 scrolls; scaled, the display takes whatever the window gives it. */
    gtk_scrolled_window_set_policy (self->scrolled,
                                    scale ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC,
                                    scale ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC);
    if (self->detached != NULL)
        vimana_console_window_set_scaling (VIMANA_CONSOLE_WINDOW (self->detached), scale);
}

static void
vimana_console_page_toggle_cb (GSimpleAction *action,
                               GVariant      *value,
                               gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    const char *name = g_action_get_name (G_ACTION (action));
    gboolean on = g_variant_get_boolean (value);

    g_simple_action_set_state (action, value);
    if (g_strcmp0 (name, "scale") == 0)
        vimana_console_page_scaling_changed (self, on);
    else if (g_strcmp0 (name, "keep-aspect") == 0)
        vnc_display_set_keep_aspect_ratio (self->display, on);
    else if (g_strcmp0 (name, "resize-guest") == 0)
        vnc_display_set_allow_resize (self->display, on);
}

static void
vimana_console_page_fullscreen_cb (GSimpleAction *action,
                                   GVariant      *value,
                                   gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    gboolean on = g_variant_get_boolean (value);

    if (!GTK_IS_WINDOW (toplevel))
        return;
    g_simple_action_set_state (action, value);
    self->fullscreen = on;
    if (on)
        gtk_window_fullscreen (GTK_WINDOW (toplevel));
    else
        gtk_window_unfullscreen (GTK_WINDOW (toplevel));
    gtk_widget_set_visible (self->toolbar, !on);
    gtk_revealer_set_reveal_child (self->fullscreen_revealer, on);
}

static void
vimana_console_page_screenshot_response_cb (GtkNativeDialog *chooser,
                                            int              response,
                                            gpointer         user_data)
{
    g_autoptr(GdkPixbuf) pixbuf = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;

    if (response == GTK_RESPONSE_ACCEPT) {
        path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
        if (path != NULL && !gdk_pixbuf_save (pixbuf, path, "png", &error, NULL)) {
            GtkWindow *parent = gtk_native_dialog_get_transient_for (chooser);
            GtkWidget *dialog;

            dialog = gtk_message_dialog_new (parent, GTK_DIALOG_DESTROY_WITH_PARENT,
                                             GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s",
                                             _("The screenshot could not be saved."));
            gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s",
                                                      error->message);
            g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
            gtk_window_present (GTK_WINDOW (dialog));
        }
    }
    g_object_unref (chooser);
}

static void
vimana_console_page_screenshot_cb (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GdkPixbuf *pixbuf = vnc_display_get_pixbuf (self->display);
    GtkFileChooserNative *chooser;
    g_autofree char *name = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");

    if (pixbuf == NULL)
        return;
    chooser = gtk_file_chooser_native_new (_("Save Screenshot"),
                                           GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                           GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
    /* Translators: a screenshot's file name: the guest's name and the date and time. */
    name = g_strdup_printf (_("%s %s.png"), vimana_domain_get_name (self->domain), stamp);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    g_signal_connect (chooser, "response",
                      G_CALLBACK (vimana_console_page_screenshot_response_cb), pixbuf);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
vimana_console_page_reconnect_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
    vimana_console_page_reconnect (VIMANA_CONSOLE_PAGE (user_data));
}

/* ---- detaching ---- */

static void
vimana_console_page_set_detach_state (VimanaConsolePage *self,
                                      gboolean           detached)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "detach");

    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (detached));
}

/* Moves the display back from its own window into the page. */
static void
vimana_console_page_attach (VimanaConsolePage *self)
{
    GtkWidget *window = g_steal_pointer (&self->detached);
    g_autoptr(GtkWidget) display = NULL;

    if (window == NULL)
        return;
    g_signal_handlers_disconnect_by_data (window, self);
    display = vimana_console_window_take_display (VIMANA_CONSOLE_WINDOW (window));
    gtk_widget_destroy (window);
    if (self->detached_page != NULL)
        gtk_container_remove (GTK_CONTAINER (self->scrolled),
                              gtk_bin_get_child (GTK_BIN (self->scrolled)));
    self->detached_page = NULL;
    if (display != NULL)
        gtk_container_add (GTK_CONTAINER (self->scrolled), display);
    vimana_console_page_set_detach_state (self, FALSE);
}

static gboolean
vimana_console_page_detached_delete_cb (GtkWidget *window,
                                        GdkEvent  *event,
                                        gpointer   user_data)
{
    vimana_console_page_attach (VIMANA_CONSOLE_PAGE (user_data));
    return GDK_EVENT_STOP;
}

static void
vimana_console_page_detach (VimanaConsolePage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *display = GTK_WIDGET (self->display);
    GtkWidget *parent = gtk_widget_get_parent (display);
    g_autofree char *title = NULL;
    GtkWidget *placeholder;
    GtkWidget *button;

    if (self->detached != NULL || self->domain == NULL)
        return;
    /* Translators: the title of a console's own window; %s is the guest's name. */
    title = g_strdup_printf (_("Console of %s"), vimana_domain_get_name (self->domain));
    g_object_ref (display);
    gtk_container_remove (GTK_CONTAINER (parent), display);
    if (parent != GTK_WIDGET (self->scrolled))
        gtk_container_remove (GTK_CONTAINER (self->scrolled), parent);

    placeholder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (placeholder, GTK_ALIGN_CENTER);
    gtk_container_add (GTK_CONTAINER (placeholder),
                       gtk_label_new (_("The console is shown in its own window.")));
    button = gtk_button_new_with_mnemonic (_("_Bring Back"));
    gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "console.detach");
    gtk_container_add (GTK_CONTAINER (placeholder), button);
    gtk_widget_show_all (placeholder);
    gtk_container_add (GTK_CONTAINER (self->scrolled), placeholder);
    self->detached_page = placeholder;

    self->detached = vimana_console_window_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                         : NULL,
                                                title, display);
    g_object_unref (display);
    vimana_console_window_set_scaling (VIMANA_CONSOLE_WINDOW (self->detached),
                                       vnc_display_get_scaling (self->display));
    g_signal_connect (self->detached, "delete-event",
                      G_CALLBACK (vimana_console_page_detached_delete_cb), self);
    gtk_widget_show_all (self->detached);
    vimana_console_page_set_detach_state (self, TRUE);
}

static void
vimana_console_page_detach_cb (GSimpleAction *action,
                               GVariant      *value,
                               gpointer       user_data)
{
    VimanaConsolePage *self = user_data;

    if (g_variant_get_boolean (value))
        vimana_console_page_detach (self);
    else
        vimana_console_page_attach (self);
}

/* ---- building ---- */

static GtkLabel *
vimana_console_page_add_status (VimanaConsolePage *self,
                                const char        *name,
                                const char        *icon,
                                const char        *title,
                                const char        *text,
                                const char        *button_label,
                                const char        *action,
                                const char        *accessible)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *image;
    GtkWidget *title_label = gtk_label_new (title);
    GtkWidget *text_label = gtk_label_new (text);
    PangoAttrList *attributes = pango_attr_list_new ();

    gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
    gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
    gtk_widget_set_margin_start (box, 24);
    gtk_widget_set_margin_end (box, 24);
    if (icon != NULL) {
        image = gtk_image_new_from_icon_name (icon, GTK_ICON_SIZE_DIALOG);
        gtk_image_set_pixel_size (GTK_IMAGE (image), 96);
        gtk_style_context_add_class (gtk_widget_get_style_context (image), "dim-label");
    } else {
        /* Spins only while "connecting" shows (vimana_console_page_show ()): GTK keeps
         * restyling an active spinner at the frame rate even on a hidden stack page. */
        image = gtk_spinner_new ();
        gtk_widget_set_size_request (image, 48, 48);
        self->spinner = GTK_SPINNER (image);
    }
    gtk_container_add (GTK_CONTAINER (box), image);

    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
    pango_attr_list_insert (attributes, pango_attr_scale_new (1.6));
    gtk_label_set_attributes (GTK_LABEL (title_label), attributes);
    pango_attr_list_unref (attributes);
    gtk_label_set_line_wrap (GTK_LABEL (title_label), TRUE);
    gtk_label_set_justify (GTK_LABEL (title_label), GTK_JUSTIFY_CENTER);
    gtk_container_add (GTK_CONTAINER (box), title_label);

    gtk_label_set_line_wrap (GTK_LABEL (text_label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (text_label), 50);
    gtk_label_set_justify (GTK_LABEL (text_label), GTK_JUSTIFY_CENTER);
    gtk_label_set_selectable (GTK_LABEL (text_label), TRUE);
    gtk_widget_set_can_focus (text_label, FALSE);
    gtk_container_add (GTK_CONTAINER (box), text_label);

    if (button_label != NULL) {
        GtkWidget *button = gtk_button_new_with_mnemonic (button_label);

        gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
        gtk_style_context_add_class (gtk_widget_get_style_context (button), "suggested-action");
        atk_object_set_name (gtk_widget_get_accessible (button), accessible);
        gtk_container_add (GTK_CONTAINER (box), button);
    }

    gtk_widget_show_all (box);
    gtk_stack_add_named (self->stack, box, name);
    return GTK_LABEL (text_label);
}

static void
vimana_console_page_build (VimanaConsolePage *self)
{
    self->not_running_text =
        vimana_console_page_add_status (self, "not-running", "system-shutdown-symbolic",
                                        _("Guest is not running"),
                                        _("Run the guest to see its screen here."), _("_Run"),
                                        "win.domain-run", _("Run"));
    self->no_graphics_text =
        vimana_console_page_add_status (self, "no-graphics", "video-display-symbolic",
                                        _("This guest has no graphical display"),
                                        _("Add a VNC display to the guest to see its screen "
                                          "here."),
                                        NULL, NULL, NULL);
    vimana_console_page_add_status (self, "spice", "video-display-symbolic",
                                    _("SPICE is not supported yet"),
                                    _("This guest’s display uses SPICE. Vimana shows VNC "
                                      "displays only; add a VNC display or use a SPICE "
                                      "viewer."),
                                    NULL, NULL, NULL);
    vimana_console_page_add_status (self, "connecting", NULL, _("Connecting…"),
                                    _("Connecting to the guest’s display."), NULL, NULL, NULL);
    self->disconnected_text =
        vimana_console_page_add_status (self, "disconnected", "network-offline-symbolic",
                                        _("Disconnected"), "", _("_Reconnect"),
                                        "console.reconnect", _("Reconnect"));

    for (guint n = 1; n <= 12; n++) {
        g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%u"), n);
        g_autofree char *detailed = g_strdup_printf ("console.send-key::ctrl-alt-f%u", n);

        g_menu_append (self->function_keys_section, label, detailed);
    }
}

static void
vimana_console_page_add_actions (VimanaConsolePage *self)
{
    const GActionEntry entries[] = {
        { .name = "send-key", .activate = vimana_console_page_send_key_cb, .parameter_type = "s" },
        { .name = "custom-keys", .activate = vimana_console_page_custom_keys_cb },
        { .name = "paste-keys", .activate = vimana_console_page_paste_keys_cb },
        { .name = "scale", .state = "true", .change_state = vimana_console_page_toggle_cb },
        { .name = "keep-aspect", .state = "true", .change_state = vimana_console_page_toggle_cb },
        { .name = "resize-guest", .state = "false", .change_state = vimana_console_page_toggle_cb },
        { .name = "fullscreen", .state = "false",
          .change_state = vimana_console_page_fullscreen_cb },
        { .name = "screenshot", .activate = vimana_console_page_screenshot_cb },
        { .name = "detach", .state = "false", .change_state = vimana_console_page_detach_cb },
        { .name = "reconnect", .activate = vimana_console_page_reconnect_cb },
    };

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries),
                                     self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "console", G_ACTION_GROUP (self->actions));
}

static void
vimana_console_page_setup_display (VimanaConsolePage *self)
{
    GtkWidget *display = vnc_display_new ();

    self->display = VNC_DISPLAY (g_object_ref_sink (display));
    vnc_display_set_scaling (self->display, TRUE);
    vnc_display_set_keep_aspect_ratio (self->display, TRUE);
    vnc_display_set_allow_resize (self->display, FALSE);
    vnc_display_set_pointer_grab (self->display, TRUE);
    vnc_display_set_keyboard_grab (self->display, TRUE);
    vnc_display_set_shared_flag (self->display, TRUE);
    gtk_widget_set_hexpand (display, TRUE);
    gtk_widget_set_vexpand (display, TRUE);
    gtk_widget_show (display);
    gtk_container_add (GTK_CONTAINER (self->scrolled), display);
    vimana_console_page_scaling_changed (self, TRUE);

    g_signal_connect_object (display, "vnc-initialized",
                             G_CALLBACK (vimana_console_page_initialized_cb), self, 0);
    g_signal_connect_object (display, "vnc-disconnected",
                             G_CALLBACK (vimana_console_page_disconnected_cb), self, 0);
    g_signal_connect_object (display, "vnc-error", G_CALLBACK (vimana_console_page_error_cb),
                             self, 0);
    g_signal_connect_object (display, "vnc-auth-failure",
                             G_CALLBACK (vimana_console_page_auth_failure_cb), self, 0);
    g_signal_connect_object (display, "vnc-auth-unsupported",
                             G_CALLBACK (vimana_console_page_auth_unsupported_cb), self, 0);
    g_signal_connect_object (display, "vnc-auth-credential",
                             G_CALLBACK (vimana_console_page_auth_credential_cb), self, 0);
    g_signal_connect_object (display, "vnc-keyboard-grab",
                             G_CALLBACK (vimana_console_page_keyboard_grab_cb), self, 0);
    g_signal_connect_object (display, "vnc-keyboard-ungrab",
                             G_CALLBACK (vimana_console_page_keyboard_ungrab_cb), self, 0);
    g_signal_connect_object (display, "vnc-server-cut-text",
                             G_CALLBACK (vimana_console_page_server_cut_text_cb), self, 0);
    g_signal_connect_object (vnc_display_get_connection (self->display), "vnc-framebuffer-update",
                             G_CALLBACK (vimana_console_page_framebuffer_update_cb), self, 0);
}

/* ---- release keys ---- */

static void
vimana_console_page_apply_release_keys (VimanaConsolePage *self)
{
    g_autofree char *stored = NULL;
    g_autofree char *keys = NULL;
    g_autofree char *hint = NULL;
    VncGrabSequence *sequence;

    if (self->settings != NULL)
        stored = g_settings_get_string (self->settings, "console-release-keys");
    keys = vimana_grab_keys_from_setting (stored);
    sequence = vnc_grab_sequence_new_from_string (keys);
    vnc_display_set_grab_keys (self->display, sequence);
    vnc_grab_sequence_free (sequence);

    hint = vimana_grab_keys_hint (keys);
    gtk_label_set_text (self->grab_label, hint);
}

static void
vimana_console_page_release_keys_changed_cb (VimanaConsolePage *self)
{
    vimana_console_page_apply_release_keys (self);
}

/**
 * vimana_console_page_set_settings:
 * @self: a #VimanaConsolePage
 * @settings: (nullable): the application's settings, for the keys that release the console
 */
void
vimana_console_page_set_settings (VimanaConsolePage *self,
                                  GSettings         *settings)
{
    g_return_if_fail (VIMANA_IS_CONSOLE_PAGE (self));
    g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

    if (self->settings == settings)
        return;
    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_set_object (&self->settings, settings);
    if (settings != NULL)
        g_signal_connect_object (settings, "changed::console-release-keys",
                                 G_CALLBACK (vimana_console_page_release_keys_changed_cb), self,
                                 G_CONNECT_SWAPPED);
    vimana_console_page_apply_release_keys (self);
}

/* ---- GObject ---- */

static void
vimana_console_page_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_console_page_parent_class)->map (widget);
    vimana_console_page_update (VIMANA_CONSOLE_PAGE (widget));
}

static void
vimana_console_page_dispose (GObject *object)
{
    VimanaConsolePage *self = VIMANA_CONSOLE_PAGE (object);

    if (self->display != NULL) {
        vimana_console_page_close (self);
        vimana_console_page_attach (self);
        g_signal_handlers_disconnect_by_data (self->display, self);
        g_signal_handlers_disconnect_by_data (vnc_display_get_connection (self->display), self);
    }
    g_clear_handle_id (&self->dump_source, g_source_remove);
    g_clear_handle_id (&self->retry_source, g_source_remove);
    vimana_console_page_drop_tunnel (self);
    g_clear_object (&self->display);
    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->settings);
    g_clear_object (&self->actions);
    g_clear_object (&self->domain);
    vimana_console_page_forget_password (self);
    g_clear_pointer (&self->reason, g_free);
    g_clear_pointer (&self->dump_dir, g_free);

    G_OBJECT_CLASS (vimana_console_page_parent_class)->dispose (object);
}

static void
vimana_console_page_class_init (VimanaConsolePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_console_page_dispose;
    widget_class->map = vimana_console_page_map;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-console-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, toolbar);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, grab_revealer);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, grab_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, custom_keys_popover);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, custom_keys_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, custom_keys_error);
    gtk_widget_class_bind_template_callback (widget_class, vimana_console_page_custom_keys_send_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_console_page_custom_keys_changed_cb);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, stack);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, scrolled);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, paused_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, password_message);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, password_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, remember_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, fullscreen_revealer);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, function_keys_section);
    gtk_widget_class_bind_template_callback (widget_class, vimana_console_page_password_activate_cb);
}

static void
vimana_console_page_init (VimanaConsolePage *self)
{
    const char *dump = g_getenv ("VIMANA_CONSOLE_DUMP");

    gtk_widget_init_template (GTK_WIDGET (self));
    if (dump != NULL && *dump != '\0')
        self->dump_dir = g_strdup (dump);
    vimana_console_page_add_actions (self);
    vimana_console_page_build (self);
    vimana_console_page_setup_display (self);
    vimana_console_page_apply_release_keys (self);
    vimana_console_page_show (self, "not-running");
}

GtkWidget *
vimana_console_page_new (void)
{
    return g_object_new (VIMANA_TYPE_CONSOLE_PAGE, NULL);
}

/**
 * vimana_console_page_set_domain:
 * @self: a #VimanaConsolePage
 * @domain: the guest whose console to show
 */
void
vimana_console_page_set_domain (VimanaConsolePage *self,
                                VimanaDomain      *domain)
{
    g_autofree char *name = NULL;

    g_return_if_fail (VIMANA_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (self->domain == NULL);

    self->domain = g_object_ref (domain);
    /* Translators: the console's accessible name; %s is the guest's name. */
    name = g_strdup_printf (_("Console of %s"), vimana_domain_get_name (domain));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->display)), name);

    g_signal_connect_object (domain, "notify::state",
                             G_CALLBACK (vimana_console_page_domain_notify_cb), self, 0);
    g_signal_connect_object (domain, "notify::active",
                             G_CALLBACK (vimana_console_page_domain_notify_cb), self, 0);
    g_signal_connect_object (domain, "notify::removed",
                             G_CALLBACK (vimana_console_page_domain_notify_cb), self, 0);
    g_signal_connect_object (domain, "rebooted", G_CALLBACK (vimana_console_page_rebooted_cb),
                             self, 0);
    vimana_console_page_update (self);
}

/* Returns: what the page shows: "display", "not-running", "no-graphics", "spice",
 * "connecting", "disconnected" or "password" */
const char *
vimana_console_page_get_state (VimanaConsolePage *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_PAGE (self), NULL);
    return gtk_stack_get_visible_child_name (self->stack);
}

/* Returns: (nullable): why the last attempt failed */
const char *
vimana_console_page_get_reason (VimanaConsolePage *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_PAGE (self), NULL);
    return self->reason;
}

/* Returns: connection attempts since the guest started or the last session began */
guint
vimana_console_page_get_attempts (VimanaConsolePage *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_PAGE (self), 0);
    return self->attempts;
}

/* Returns: (transfer none): the VNC display widget */
VncDisplay *
vimana_console_page_get_display (VimanaConsolePage *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_PAGE (self), NULL);
    return self->display;
}

/* Drops any session and connects again, as the Reconnect button does. */
void
vimana_console_page_reconnect (VimanaConsolePage *self)
{
    g_return_if_fail (VIMANA_IS_CONSOLE_PAGE (self));

    if (self->domain == NULL || !vimana_domain_get_active (self->domain))
        return;
    vimana_console_page_close (self);
    self->attempts = 0;
    self->password_failures = 0;
    gtk_label_set_text (self->password_message, "");
    vimana_console_page_connect (self);
}
