/* vimana-display-session-vnc.c: a guest's VNC console, through gtk-vnc
 *
 * The display session for VNC: one VncDisplay, kept for the session's life and opened again
 * for each connection. gtk-vnc reports an error (vnc-error, an authentication failure, an
 * authentication it cannot do) before it reports the disconnection; the session keeps the
 * first such reason and hands it to ::disconnected, as a #VimanaDisplaySessionError the page
 * can act on (a refused password asks again; an unsupported authentication is not retried).
 *
 * gtk-vnc hangs up without a word on a server that offers only authentications it cannot do;
 * the session tells that case apart (vnc-auth-choose-type) so the owner can say why.
 *
 * The server's clipboard (ServerCutText) becomes the desktop's, as in every VNC viewer. The
 * client name gtk-vnc may ask for is answered here; the password and the user name go to the
 * owner through ::auth-needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-display-session-vnc"

#include "config.h"

#include "vimana-display-session-vnc.h"

#include <gio/gunixsocketaddress.h>
#include <glib/gi18n.h>
#include <vncdisplay.h>

struct _VimanaDisplaySessionVnc
{
    VimanaDisplaySession parent_instance;

    /* owned references */
    VncDisplay *display;
    GError     *reason;       /* why the connection is about to end, as gtk-vnc said */
};

G_DEFINE_FINAL_TYPE (VimanaDisplaySessionVnc, vimana_display_session_vnc,
                     VIMANA_TYPE_DISPLAY_SESSION)

/* Keeps the first reason of a kind that decides what the owner does next: a refused or an
 * unsupported authentication stays, whatever gtk-vnc says after it. */
static void
vimana_display_session_vnc_set_reason (VimanaDisplaySessionVnc   *self,
                                       VimanaDisplaySessionError  code,
                                       const char                *message)
{
    if (self->reason != NULL && self->reason->code != VIMANA_DISPLAY_SESSION_ERROR_FAILED)
        return;
    g_clear_error (&self->reason);
    self->reason = g_error_new_literal (VIMANA_DISPLAY_SESSION_ERROR, code, message);
}

/* ---- gtk-vnc's signals ---- */

static void
vimana_display_session_vnc_initialized_cb (VncDisplay *display,
                                           gpointer    user_data)
{
    VimanaDisplaySessionVnc *self = user_data;

    g_clear_error (&self->reason);
    vimana_display_session_notify_connected (VIMANA_DISPLAY_SESSION (self),
                                             vnc_display_get_width (display),
                                             vnc_display_get_height (display));
}

static void
vimana_display_session_vnc_disconnected_cb (VncDisplay *display,
                                            gpointer    user_data)
{
    VimanaDisplaySessionVnc *self = user_data;
    g_autoptr(GError) reason = g_steal_pointer (&self->reason);

    vimana_display_session_notify_disconnected (VIMANA_DISPLAY_SESSION (self), reason);
}

static void
vimana_display_session_vnc_error_cb (VncDisplay *display,
                                     const char *message,
                                     gpointer    user_data)
{
    g_autofree char *reason = g_strdup_printf (_("The console connection failed: %s"), message);

    vimana_display_session_vnc_set_reason (user_data, VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                                           reason);
}

static void
vimana_display_session_vnc_auth_failure_cb (VncDisplay *display,
                                            const char *message,
                                            gpointer    user_data)
{
    VimanaDisplaySessionVnc *self = user_data;

    vimana_display_session_vnc_set_reason (self, VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED,
                                           _("The guest’s display refused the password."));
    vimana_display_session_notify_auth_failed (VIMANA_DISPLAY_SESSION (self), message);
}

static void
vimana_display_session_vnc_auth_unsupported_cb (VncDisplay *display,
                                                guint       auth_type,
                                                gpointer    user_data)
{
    g_debug ("Unsupported VNC authentication type %u", auth_type);
    vimana_display_session_vnc_set_reason (user_data,
                                           VIMANA_DISPLAY_SESSION_ERROR_AUTH_UNSUPPORTED,
                                           _("The guest’s display asks for a kind of "
                                             "authentication Vimana does not support."));
}

/* VncDisplay hangs up without a word when the server offers no authentication it can do
 * (vnc-auth-unsupported comes only for one it chose and then could not): say why, so that
 * the owner does not retry in vain. These are the types gtk-vnc performs. */
static void
vimana_display_session_vnc_choose_type_cb (VncConnection *connection,
                                           GValueArray   *types,
                                           gpointer       user_data)
{
    static const guint known[] = {
        VNC_CONNECTION_AUTH_NONE, VNC_CONNECTION_AUTH_VNC, VNC_CONNECTION_AUTH_TLS,
        VNC_CONNECTION_AUTH_VENCRYPT, VNC_CONNECTION_AUTH_SASL, VNC_CONNECTION_AUTH_ARD,
        VNC_CONNECTION_AUTH_MSLOGONII, VNC_CONNECTION_AUTH_MSLOGON,
    };

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    for (guint i = 0; i < types->n_values; i++) {
        guint type = (guint) g_value_get_enum (g_value_array_get_nth (types, i));

        for (guint k = 0; k < G_N_ELEMENTS (known); k++) {
            if (type == known[k])
                return;
        }
    }
    G_GNUC_END_IGNORE_DEPRECATIONS
    vimana_display_session_vnc_auth_unsupported_cb (NULL, 0, user_data);
}

static void
vimana_display_session_vnc_auth_credential_cb (VncDisplay  *display,
                                               GValueArray *credentials,
                                               gpointer     user_data)
{
    VimanaDisplaySessionVnc *self = user_data;
    VimanaDisplayCredential wanted = 0;

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    for (guint i = 0; i < credentials->n_values; i++) {
        GValue *value = g_value_array_get_nth (credentials, i);
        int kind = g_value_get_enum (value);

        if (kind == VNC_DISPLAY_CREDENTIAL_PASSWORD)
            wanted |= VIMANA_DISPLAY_CREDENTIAL_PASSWORD;
        else if (kind == VNC_DISPLAY_CREDENTIAL_USERNAME)
            wanted |= VIMANA_DISPLAY_CREDENTIAL_USERNAME;
        else if (kind == VNC_DISPLAY_CREDENTIAL_CLIENTNAME)
            vnc_display_set_credential (display, kind, "vimana");
    }
    G_GNUC_END_IGNORE_DEPRECATIONS

    if (wanted != 0)
        vimana_display_session_notify_auth_needed (VIMANA_DISPLAY_SESSION (self), wanted);
}

static void
vimana_display_session_vnc_keyboard_grab_cb (VncDisplay *display,
                                             gpointer    user_data)
{
    vimana_display_session_notify_keyboard_grab (VIMANA_DISPLAY_SESSION (user_data), TRUE);
}

static void
vimana_display_session_vnc_keyboard_ungrab_cb (VncDisplay *display,
                                               gpointer    user_data)
{
    vimana_display_session_notify_keyboard_grab (VIMANA_DISPLAY_SESSION (user_data), FALSE);
}

static void
vimana_display_session_vnc_server_cut_text_cb (VncDisplay *display,
                                               const char *text,
                                               gpointer    user_data)
{
    GtkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (display),
                                                        GDK_SELECTION_CLIPBOARD);

    if (text != NULL && g_utf8_validate (text, -1, NULL))
        gtk_clipboard_set_text (clipboard, text, -1);
}

static void
vimana_display_session_vnc_desktop_resize_cb (VncDisplay *display,
                                              int         width,
                                              int         height,
                                              gpointer    user_data)
{
    vimana_display_session_notify_resized (VIMANA_DISPLAY_SESSION (user_data), width, height);
}

static void
vimana_display_session_vnc_framebuffer_update_cb (VncConnection *connection,
                                                  int            x,
                                                  int            y,
                                                  int            width,
                                                  int            height,
                                                  gpointer       user_data)
{
    vimana_display_session_notify_frame (VIMANA_DISPLAY_SESSION (user_data));
}

/* ---- VimanaDisplaySession ---- */

static gboolean
vimana_display_session_vnc_opened (gboolean   opened,
                                   GError   **error)
{
    if (!opened)
        g_set_error_literal (error, VIMANA_DISPLAY_SESSION_ERROR,
                             VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                             _("The console could not be opened."));
    return opened;
}

static gboolean
vimana_display_session_vnc_open_fd (VimanaDisplaySession  *session,
                                    int                    fd,
                                    GError               **error)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);

    g_clear_error (&self->reason);
    return vimana_display_session_vnc_opened (vnc_display_open_fd (self->display, fd), error);
}

static gboolean
vimana_display_session_vnc_open_host (VimanaDisplaySession  *session,
                                      const char            *host,
                                      int                    port,
                                      GError               **error)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);
    g_autofree char *service = g_strdup_printf ("%d", port);

    g_clear_error (&self->reason);
    return vimana_display_session_vnc_opened (vnc_display_open_host (self->display, host, service),
                                              error);
}

static gboolean
vimana_display_session_vnc_open_unix (VimanaDisplaySession  *session,
                                      const char            *path,
                                      GError               **error)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);

    g_clear_error (&self->reason);
    return vimana_display_session_vnc_opened (vnc_display_open_addr (self->display, address,
                                                                     "localhost"),
                                              error);
}

static void
vimana_display_session_vnc_close (VimanaDisplaySession *session)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);

    /* vnc-disconnected follows, when the connection's coroutine has ended. */
    vnc_display_close (self->display);
}

static GtkWidget *
vimana_display_session_vnc_get_display (VimanaDisplaySession *session)
{
    return GTK_WIDGET (VIMANA_DISPLAY_SESSION_VNC (session)->display);
}

static GdkPixbuf *
vimana_display_session_vnc_get_pixbuf (VimanaDisplaySession *session)
{
    return vnc_display_get_pixbuf (VIMANA_DISPLAY_SESSION_VNC (session)->display);
}

static gboolean
vimana_display_session_vnc_set_credential (VimanaDisplaySession    *session,
                                           VimanaDisplayCredential  credential,
                                           const char              *value)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);
    int kind;

    switch (credential) {
    case VIMANA_DISPLAY_CREDENTIAL_PASSWORD:
        kind = VNC_DISPLAY_CREDENTIAL_PASSWORD;
        break;
    case VIMANA_DISPLAY_CREDENTIAL_USERNAME:
        kind = VNC_DISPLAY_CREDENTIAL_USERNAME;
        break;
    default:
        return FALSE;
    }
    /* gtk-vnc returns TRUE on failure. */
    return !vnc_display_set_credential (self->display, kind, value);
}

static void
vimana_display_session_vnc_send_keys (VimanaDisplaySession  *session,
                                      const guint           *keyvals,
                                      guint                  n_keyvals,
                                      VimanaDisplayKeyEvent  event)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);
    VncDisplayKeyEvent kind;

    switch (event) {
    case VIMANA_DISPLAY_KEY_PRESS:
        kind = VNC_DISPLAY_KEY_EVENT_PRESS;
        break;
    case VIMANA_DISPLAY_KEY_RELEASE:
        kind = VNC_DISPLAY_KEY_EVENT_RELEASE;
        break;
    case VIMANA_DISPLAY_KEY_CLICK:
    default:
        kind = VNC_DISPLAY_KEY_EVENT_CLICK;
        break;
    }
    vnc_display_send_keys_ex (self->display, keyvals, (int) n_keyvals, kind);
}

static void
vimana_display_session_vnc_set_grab_keys (VimanaDisplaySession *session,
                                          const guint          *keyvals,
                                          guint                 n_keyvals)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);
    g_autofree guint *keysyms = g_memdup2 (keyvals, n_keyvals * sizeof (guint));
    VncGrabSequence *sequence = vnc_grab_sequence_new (n_keyvals, keysyms);

    vnc_display_set_grab_keys (self->display, sequence);
    vnc_grab_sequence_free (sequence);
}

static void
vimana_display_session_vnc_view_changed (VimanaDisplaySession *session)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (session);

    vnc_display_set_scaling (self->display, vimana_display_session_get_scaling (session));
    vnc_display_set_keep_aspect_ratio (self->display,
                                       vimana_display_session_get_keep_aspect (session));
    vnc_display_set_allow_resize (self->display, vimana_display_session_get_resize_guest (session));
    vnc_display_set_keyboard_grab (self->display,
                                   vimana_display_session_get_grab_keyboard (session));
    vnc_display_set_pointer_grab (self->display, vimana_display_session_get_grab_pointer (session));
}

/* ---- GObject ---- */

static gboolean
vimana_display_session_vnc_destroy_cb (gpointer user_data)
{
    gtk_widget_destroy (user_data);
    return G_SOURCE_REMOVE;
}

static void
vimana_display_session_vnc_wound_down_cb (VncDisplay *display,
                                          gpointer    user_data)
{
    g_signal_handlers_disconnect_by_func (display, vimana_display_session_vnc_wound_down_cb,
                                          user_data);
    g_idle_add (vimana_display_session_vnc_destroy_cb, user_data);
}

/* gtk-vnc hands a connection's last signals (an update under way, the disconnection) to its
 * widget even after vnc_display_close (), and the widget must still be realized then: it
 * measures its window. A widget that loses its session while its connection winds down waits
 * in an offscreen window until the connection has ended. */
static void
vimana_display_session_vnc_let_wind_down (VimanaDisplaySessionVnc *self)
{
    GtkWidget *display = GTK_WIDGET (self->display);
    GtkWidget *offscreen;

    if (!vimana_display_session_is_open (VIMANA_DISPLAY_SESSION (self)) ||
        gtk_widget_get_parent (display) != NULL)
        return;
    offscreen = gtk_offscreen_window_new ();
    gtk_container_add (GTK_CONTAINER (offscreen), display);
    gtk_widget_show (offscreen);
    g_signal_connect (display, "vnc-disconnected",
                      G_CALLBACK (vimana_display_session_vnc_wound_down_cb), offscreen);
}

/* gtk-vnc (1.3) answers a new size of the widget with a 500 ms timer that resizes the guest,
 * and does not remove that timer when the widget is finalized: a widget dropped just after it
 * was resized would be used after it is gone. A widget is kept a little longer than that. */
#define VIMANA_DISPLAY_SESSION_VNC_RESIZE_TIMER_MS 1000

static gboolean
vimana_display_session_vnc_release_cb (gpointer user_data)
{
    return G_SOURCE_REMOVE;
}

static void
vimana_display_session_vnc_dispose (GObject *object)
{
    VimanaDisplaySessionVnc *self = VIMANA_DISPLAY_SESSION_VNC (object);

    if (self->display != NULL) {
        vimana_display_session_close (VIMANA_DISPLAY_SESSION (self));
        g_signal_handlers_disconnect_by_data (self->display, self);
        g_signal_handlers_disconnect_by_data (vnc_display_get_connection (self->display), self);
        vimana_display_session_vnc_let_wind_down (self);
        g_timeout_add_full (G_PRIORITY_DEFAULT, VIMANA_DISPLAY_SESSION_VNC_RESIZE_TIMER_MS,
                            vimana_display_session_vnc_release_cb,
                            g_steal_pointer (&self->display), g_object_unref);
    }
    g_clear_error (&self->reason);

    G_OBJECT_CLASS (vimana_display_session_vnc_parent_class)->dispose (object);
}

static void
vimana_display_session_vnc_class_init (VimanaDisplaySessionVncClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    VimanaDisplaySessionClass *session_class = VIMANA_DISPLAY_SESSION_CLASS (klass);

    object_class->dispose = vimana_display_session_vnc_dispose;

    session_class->features = VIMANA_DISPLAY_FEATURE_SEND_KEYS |
                              VIMANA_DISPLAY_FEATURE_SCREENSHOT |
                              VIMANA_DISPLAY_FEATURE_SCALING |
                              VIMANA_DISPLAY_FEATURE_RESIZE_GUEST |
                              VIMANA_DISPLAY_FEATURE_GRAB;
    session_class->open_fd = vimana_display_session_vnc_open_fd;
    session_class->open_host = vimana_display_session_vnc_open_host;
    session_class->open_unix = vimana_display_session_vnc_open_unix;
    session_class->close = vimana_display_session_vnc_close;
    session_class->get_display = vimana_display_session_vnc_get_display;
    session_class->get_pixbuf = vimana_display_session_vnc_get_pixbuf;
    session_class->set_credential = vimana_display_session_vnc_set_credential;
    session_class->send_keys = vimana_display_session_vnc_send_keys;
    session_class->set_grab_keys = vimana_display_session_vnc_set_grab_keys;
    session_class->view_changed = vimana_display_session_vnc_view_changed;
}

static void
vimana_display_session_vnc_init (VimanaDisplaySessionVnc *self)
{
    static const struct
    {
        const char *name;
        GCallback   callback;
    } handlers[] = {
        { "vnc-initialized", G_CALLBACK (vimana_display_session_vnc_initialized_cb) },
        { "vnc-disconnected", G_CALLBACK (vimana_display_session_vnc_disconnected_cb) },
        { "vnc-error", G_CALLBACK (vimana_display_session_vnc_error_cb) },
        { "vnc-auth-failure", G_CALLBACK (vimana_display_session_vnc_auth_failure_cb) },
        { "vnc-auth-unsupported", G_CALLBACK (vimana_display_session_vnc_auth_unsupported_cb) },
        { "vnc-auth-credential", G_CALLBACK (vimana_display_session_vnc_auth_credential_cb) },
        { "vnc-keyboard-grab", G_CALLBACK (vimana_display_session_vnc_keyboard_grab_cb) },
        { "vnc-keyboard-ungrab", G_CALLBACK (vimana_display_session_vnc_keyboard_ungrab_cb) },
        { "vnc-server-cut-text", G_CALLBACK (vimana_display_session_vnc_server_cut_text_cb) },
        { "vnc-desktop-resize", G_CALLBACK (vimana_display_session_vnc_desktop_resize_cb) },
    };
    GtkWidget *display = vnc_display_new ();

    self->display = VNC_DISPLAY (g_object_ref_sink (display));
    /* Shared: a second viewer (virt-viewer, virsh's screenshot) must not drop this one. */
    vnc_display_set_shared_flag (self->display, TRUE);
    gtk_widget_set_hexpand (display, TRUE);
    gtk_widget_set_vexpand (display, TRUE);
    gtk_widget_show (display);

    for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
        g_signal_connect (display, handlers[i].name, handlers[i].callback, self);
    g_signal_connect (vnc_display_get_connection (self->display), "vnc-framebuffer-update",
                      G_CALLBACK (vimana_display_session_vnc_framebuffer_update_cb), self);
    g_signal_connect (vnc_display_get_connection (self->display), "vnc-auth-choose-type",
                      G_CALLBACK (vimana_display_session_vnc_choose_type_cb), self);
}

/* Returns: (transfer full): a new VNC session, not connected */
VimanaDisplaySession *
vimana_display_session_vnc_new (void)
{
    return g_object_new (VIMANA_TYPE_DISPLAY_SESSION_VNC, NULL);
}
