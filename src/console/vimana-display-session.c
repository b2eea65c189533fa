/* vimana-display-session.c: a guest's console, whatever protocol shows it
 *
 * The base of the console's backends, as virt-viewer's VirtViewerSession is of its VNC and
 * SPICE sessions: the Console page drives a session through these calls and listens to its
 * signals, and never learns which library speaks to the guest. An implementation (VNC with
 * gtk-vnc; SPICE and the serial console next) fills in the class's functions and reports what
 * its library says through the vimana_display_session_notify_* () calls; the rules that hold
 * for every kind live here:
 *
 *   - a session is open from a successful open call until its implementation reports the
 *     disconnection; one its owner closed stays open until then too (its library winds the
 *     connection down) but reports no ::disconnected, so a page that drops a session on purpose
 *     does not take the drop for a failure, and a new connection cannot meet the old one's end;
 *   - ::first-frame comes once per connection, before the first ::frame-updated;
 *   - ::connected, ::first-frame and ::frame-updated come only between connected and
 *     disconnected, and vimana_display_session_get_pixbuf () has a picture only then;
 *   - a protocol that opens several connections (SPICE opens one per channel) asks its owner
 *     for each further socket with vimana_display_session_request_fd (): the owner answers
 *     ::need-fd, now or later, with vimana_display_session_supply_fd (); an answer that comes
 *     after the session closed is dropped and its socket closed.
 *
 * This file and its implementations see GTK and their protocol libraries only, never core or
 * libvirt: the build gives them no other include path (src/console/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-display-session"

#include "config.h"

#include "vimana-display-session.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "vimana-console-keys.h"

typedef struct
{
    guint          id;
    gpointer       data;
    GDestroyNotify destroy;
} VimanaDisplaySessionRequest;

typedef struct
{
    /* view */
    gboolean   scaling;
    gboolean   keep_aspect;
    gboolean   resize_guest;
    gboolean   grab_keyboard;
    gboolean   grab_pointer;

    /* connection */
    gboolean   open;
    gboolean   connected;
    gboolean   closing;           /* closed by its owner: the disconnection that follows is not news */
    gboolean   frame_seen;        /* since the last open */
    gboolean   keyboard_grabbed;
    gboolean   agent_missing;
    guint      extras;            /* VimanaDisplayExtras */
    int        width;
    int        height;
    guint      last_request;
    GPtrArray *requests;          /* VimanaDisplaySessionRequest: sockets asked for, not given yet */
} VimanaDisplaySessionPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (VimanaDisplaySession, vimana_display_session, G_TYPE_OBJECT)

/* *INDENT-OFF* */
G_DEFINE_QUARK (vimana-display-session-error-quark, vimana_display_session_error)
/* *INDENT-ON* */

enum
{
    PROP_0,
    PROP_SCALING,
    PROP_KEEP_ASPECT,
    PROP_RESIZE_GUEST,
    PROP_GRAB_KEYBOARD,
    PROP_GRAB_POINTER,
    PROP_OPEN,
    PROP_CONNECTED,
    PROP_KEYBOARD_GRABBED,
    PROP_AGENT_MISSING,
    PROP_EXTRAS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
    SIGNAL_CONNECTED,
    SIGNAL_DISCONNECTED,
    SIGNAL_AUTH_NEEDED,
    SIGNAL_AUTH_FAILED,
    SIGNAL_RESIZED,
    SIGNAL_FIRST_FRAME,
    SIGNAL_FRAME_UPDATED,
    SIGNAL_NEED_FD,
    SIGNAL_PROBLEM,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vimana_display_session_request_free (gpointer data)
{
    VimanaDisplaySessionRequest *request = data;

    if (request->destroy != NULL)
        request->destroy (request->data);
    g_free (request);
}

/* ---- connecting ---- */

/* Before each open: what the last connection left says nothing about this one. */
static gboolean
vimana_display_session_prepare_open (VimanaDisplaySession  *self,
                                     gpointer               vfunc,
                                     GError               **error)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    if (vfunc == NULL) {
        g_set_error_literal (error, VIMANA_DISPLAY_SESSION_ERROR,
                             VIMANA_DISPLAY_SESSION_ERROR_NOT_SUPPORTED,
                             _("This kind of console cannot be reached that way."));
        return FALSE;
    }
    if (vimana_display_session_is_open (self)) {
        g_set_error_literal (error, VIMANA_DISPLAY_SESSION_ERROR,
                             VIMANA_DISPLAY_SESSION_ERROR_BUSY,
                             _("The console is connected already."));
        return FALSE;
    }
    priv->frame_seen = FALSE;
    return TRUE;
}

static gboolean
vimana_display_session_opened (VimanaDisplaySession *self,
                               gboolean              opened)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    if (opened && !priv->open) {
        priv->open = TRUE;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
    }
    return opened;
}

/**
 * vimana_display_session_open_fd:
 * @self: a #VimanaDisplaySession
 * @fd: a connected socket: from libvirt (virDomainOpenGraphicsFD), or one end of an ssh tunnel;
 *   the session owns it from now on, and closes it if it cannot use it
 * @error: why the session could not start
 *
 * Starts connecting; ::connected, ::auth-needed or ::disconnected say how it goes.
 *
 * Returns: whether it started
 */
gboolean
vimana_display_session_open_fd (VimanaDisplaySession  *self,
                                int                    fd,
                                GError               **error)
{
    VimanaDisplaySessionClass *klass;

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    g_return_val_if_fail (fd >= 0, FALSE);

    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    if (!vimana_display_session_prepare_open (self, klass->open_fd, error) ||
        !vimana_display_session_opened (self, klass->open_fd (self, fd, error))) {
        close (fd);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_display_session_open_host:
 * @self: a #VimanaDisplaySession
 * @host: a host name or address
 * @port: its TCP port
 * @error: why the session could not start
 *
 * Returns: whether it started dialling @host
 */
gboolean
vimana_display_session_open_host (VimanaDisplaySession  *self,
                                  const char            *host,
                                  int                    port,
                                  GError               **error)
{
    VimanaDisplaySessionClass *klass;

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    g_return_val_if_fail (host != NULL, FALSE);
    g_return_val_if_fail (port > 0 && port <= 65535, FALSE);

    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    return vimana_display_session_prepare_open (self, klass->open_host, error) &&
           vimana_display_session_opened (self, klass->open_host (self, host, port, error));
}

/**
 * vimana_display_session_open_unix:
 * @self: a #VimanaDisplaySession
 * @path: a UNIX socket on this machine
 * @error: why the session could not start
 *
 * Returns: whether it started dialling @path
 */
gboolean
vimana_display_session_open_unix (VimanaDisplaySession  *self,
                                  const char            *path,
                                  GError               **error)
{
    VimanaDisplaySessionClass *klass;

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    g_return_val_if_fail (path != NULL && *path != '\0', FALSE);

    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    return vimana_display_session_prepare_open (self, klass->open_unix, error) &&
           vimana_display_session_opened (self, klass->open_unix (self, path, error));
}

static void
vimana_display_session_set_connected (VimanaDisplaySession *self,
                                      gboolean              connected)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    if (priv->connected == connected)
        return;
    priv->connected = connected;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* The connection is gone, whoever ended it: nothing it asked for is wanted any more. */
static void
vimana_display_session_forget_connection (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    vimana_display_session_set_connected (self, FALSE);
    vimana_display_session_notify_keyboard_grab (self, FALSE);
    vimana_display_session_notify_agent_missing (self, FALSE);
    vimana_display_session_notify_extras (self, 0);
    g_ptr_array_set_size (priv->requests, 0);
}

/**
 * vimana_display_session_close:
 * @self: a #VimanaDisplaySession
 *
 * Drops the connection, if there is one. No ::disconnected follows; the session stays open
 * (#VimanaDisplaySession:open) until its library has wound the connection down.
 */
void
vimana_display_session_close (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));

    if (!priv->open || priv->closing)
        return;
    /* Set first: a library may report the disconnection from inside its close call. */
    priv->closing = TRUE;
    vimana_display_session_forget_connection (self);
    if (VIMANA_DISPLAY_SESSION_GET_CLASS (self)->close != NULL)
        VIMANA_DISPLAY_SESSION_GET_CLASS (self)->close (self);
}

/* Returns: whether a connection exists: connecting, authenticating, showing, or winding down
 * after vimana_display_session_close () */
gboolean
vimana_display_session_is_open (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->open;
}

/* Returns: whether the session shows the guest (between ::connected and ::disconnected) */
gboolean
vimana_display_session_get_connected (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->connected;
}

/**
 * vimana_display_session_supply_fd:
 * @self: a #VimanaDisplaySession
 * @request: what ::need-fd was emitted with
 * @fd: a connected socket, owned by the session from now on; or -1 with @error
 * @error: (nullable): why there is no socket
 *
 * Answers ::need-fd. An answer to a request the session no longer waits for (it closed
 * meanwhile) is dropped, and @fd closed.
 */
void
vimana_display_session_supply_fd (VimanaDisplaySession *self,
                                  guint                 request,
                                  int                   fd,
                                  const GError         *error)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);
    VimanaDisplaySessionRequest *found = NULL;
    VimanaDisplaySessionClass *klass;

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    g_return_if_fail (fd >= 0 || error != NULL);

    for (guint i = 0; i < priv->requests->len && found == NULL; i++) {
        VimanaDisplaySessionRequest *pending = g_ptr_array_index (priv->requests, i);

        if (pending->id == request)
            found = g_ptr_array_steal_index (priv->requests, i);
    }
    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    if (found == NULL || klass->fd_supplied == NULL) {
        g_debug ("Dropping the answer to socket request %u: nobody waits for it", request);
        if (fd >= 0)
            close (fd);
    } else {
        klass->fd_supplied (self, found->data, fd, error);
    }
    if (found != NULL)
        vimana_display_session_request_free (found);
}

/**
 * vimana_display_session_set_credential:
 * @self: a #VimanaDisplaySession
 * @credential: one of those ::auth-needed asked for
 * @value: the answer; the session does not keep it past the handshake
 *
 * Returns: whether the session took it
 */
gboolean
vimana_display_session_set_credential (VimanaDisplaySession    *self,
                                       VimanaDisplayCredential  credential,
                                       const char              *value)
{
    VimanaDisplaySessionClass *klass;

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    g_return_val_if_fail (value != NULL, FALSE);

    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    return klass->set_credential != NULL && klass->set_credential (self, credential, value);
}

/* ---- what it shows and does ---- */

VimanaDisplayFeatures
vimana_display_session_get_features (VimanaDisplaySession *self)
{
    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), 0);
    return VIMANA_DISPLAY_SESSION_GET_CLASS (self)->features;
}

/* Returns: (transfer none): the widget that shows the guest; the session keeps it */
GtkWidget *
vimana_display_session_get_display (VimanaDisplaySession *self)
{
    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), NULL);
    return VIMANA_DISPLAY_SESSION_GET_CLASS (self)->get_display (self);
}

/* Returns: (transfer full) (nullable): what the display shows, or %NULL when not connected */
GdkPixbuf *
vimana_display_session_get_pixbuf (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);
    VimanaDisplaySessionClass *klass;

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), NULL);
    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    if (!priv->connected || klass->get_pixbuf == NULL)
        return NULL;
    return klass->get_pixbuf (self);
}

/* The guest's screen size, 0×0 until connected. */
void
vimana_display_session_get_size (VimanaDisplaySession *self,
                                 int                  *width,
                                 int                  *height)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    if (width != NULL)
        *width = priv->connected ? priv->width : 0;
    if (height != NULL)
        *height = priv->connected ? priv->height : 0;
}

/**
 * vimana_display_session_send_keys:
 * @self: a #VimanaDisplaySession
 * @keyvals: (array length=n_keyvals): GDK key values
 * @n_keyvals: how many
 * @event: press them, release them, or both (a combination: pressed in order, released in
 *   reverse)
 *
 * Does nothing while the session is not connected.
 */
void
vimana_display_session_send_keys (VimanaDisplaySession  *self,
                                  const guint           *keyvals,
                                  guint                  n_keyvals,
                                  VimanaDisplayKeyEvent  event)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);
    VimanaDisplaySessionClass *klass;

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    g_return_if_fail (keyvals != NULL || n_keyvals == 0);

    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    if (!priv->connected || n_keyvals == 0 || klass->send_keys == NULL)
        return;
    klass->send_keys (self, keyvals, n_keyvals, event);
}

/**
 * vimana_display_session_type_text:
 * @self: a #VimanaDisplaySession
 * @text: UTF-8 text
 * @max_chars: at most this many characters are looked at
 *
 * Returns: the number of characters looked at (0 while not connected)
 */
guint
vimana_display_session_type_text (VimanaDisplaySession *self,
                                  const char           *text,
                                  guint                 max_chars)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), 0);
    g_return_val_if_fail (text != NULL, 0);

    if (!priv->connected)
        return 0;
    return VIMANA_DISPLAY_SESSION_GET_CLASS (self)->type_text (self, text, max_chars);
}

static guint
vimana_display_session_real_type_text (VimanaDisplaySession *self,
                                       const char           *text,
                                       guint                 max_chars)
{
    return vimana_console_keys_type_text (self, text, max_chars);
}

/**
 * vimana_display_session_set_grab_keys:
 * @self: a #VimanaDisplaySession
 * @keyvals: (array length=n_keyvals): the combination that releases a keyboard grab
 * @n_keyvals: how many keys it has
 */
void
vimana_display_session_set_grab_keys (VimanaDisplaySession *self,
                                      const guint          *keyvals,
                                      guint                 n_keyvals)
{
    VimanaDisplaySessionClass *klass;

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    g_return_if_fail (keyvals != NULL && n_keyvals > 0);

    klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);
    if (klass->set_grab_keys != NULL)
        klass->set_grab_keys (self, keyvals, n_keyvals);
}

/* Returns: whether the guest's agent is known to be absent (the page says what that disables) */
gboolean
vimana_display_session_get_agent_missing (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->agent_missing;
}

/* For the implementations: whether the guest's agent is known to be absent. */
void
vimana_display_session_notify_agent_missing (VimanaDisplaySession *self,
                                             gboolean              missing)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    missing = !!missing;
    if (priv->agent_missing == missing)
        return;
    priv->agent_missing = missing;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGENT_MISSING]);
}

/* Returns: what this connection offers beyond the picture (none while not connected) */
VimanaDisplayExtras
vimana_display_session_get_extras (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), 0);
    return priv->extras;
}

/* For the implementations: what the connection offers, as its channels come and go. */
void
vimana_display_session_notify_extras (VimanaDisplaySession *self,
                                      VimanaDisplayExtras   extras)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    if (priv->extras == (guint) extras)
        return;
    priv->extras = extras;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRAS]);
}

/* For the implementations: something the user asked for, or that happens by itself (a USB
 * device given to the guest), failed; the connection goes on. */
void
vimana_display_session_notify_problem (VimanaDisplaySession *self,
                                       const char           *message)
{
    g_return_if_fail (message != NULL);
    g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, message);
}

/* Returns: (transfer full) (nullable): a new widget choosing the USB devices the guest gets,
 * %NULL where the session cannot redirect USB */
GtkWidget *
vimana_display_session_make_usb_chooser (VimanaDisplaySession *self)
{
    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), NULL);
    if (VIMANA_DISPLAY_SESSION_GET_CLASS (self)->make_usb_chooser == NULL)
        return NULL;
    return VIMANA_DISPLAY_SESSION_GET_CLASS (self)->make_usb_chooser (self);
}

/* Whether USB devices plugged into the host while connected go to the guest by themselves. */
void
vimana_display_session_set_usb_auto_redirect (VimanaDisplaySession *self,
                                              gboolean              auto_redirect)
{
    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    if (VIMANA_DISPLAY_SESSION_GET_CLASS (self)->set_usb_auto_redirect != NULL)
        VIMANA_DISPLAY_SESSION_GET_CLASS (self)->set_usb_auto_redirect (self, !!auto_redirect);
}

/* Shares the host's folder @path (an absolute path, or %NULL for none) with the guest. */
gboolean
vimana_display_session_share_folder (VimanaDisplaySession  *self,
                                     const char            *path,
                                     GError               **error)
{
    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    if (VIMANA_DISPLAY_SESSION_GET_CLASS (self)->share_folder == NULL ||
        (path != NULL && !g_path_is_absolute (path))) {
        g_set_error_literal (error, VIMANA_DISPLAY_SESSION_ERROR,
                             VIMANA_DISPLAY_SESSION_ERROR_NOT_SUPPORTED,
                             _("This console cannot share a folder with the guest."));
        return FALSE;
    }
    return VIMANA_DISPLAY_SESSION_GET_CLASS (self)->share_folder (self, path, error);
}

/* Returns: whether the display holds the keyboard now (the page shows how to release it) */
gboolean
vimana_display_session_get_keyboard_grabbed (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->keyboard_grabbed;
}

/* ---- view ---- */

static void
vimana_display_session_set_view (VimanaDisplaySession *self,
                                 gboolean             *field,
                                 gboolean              value,
                                 guint                 prop)
{
    VimanaDisplaySessionClass *klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);

    value = !!value;
    if (*field == value)
        return;
    *field = value;
    if (klass->view_changed != NULL)
        klass->view_changed (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Scale the guest's screen to the widget (off: 1:1). */
gboolean
vimana_display_session_get_scaling (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->scaling;
}

void
vimana_display_session_set_scaling (VimanaDisplaySession *self,
                                    gboolean              value)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    vimana_display_session_set_view (self, &priv->scaling, value, PROP_SCALING);
}

/* While scaling, keep the guest's aspect ratio. */
gboolean
vimana_display_session_get_keep_aspect (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->keep_aspect;
}

void
vimana_display_session_set_keep_aspect (VimanaDisplaySession *self,
                                        gboolean              value)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    vimana_display_session_set_view (self, &priv->keep_aspect, value, PROP_KEEP_ASPECT);
}

/* Ask the guest to change its resolution to the widget's size, where it can. */
gboolean
vimana_display_session_get_resize_guest (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->resize_guest;
}

void
vimana_display_session_set_resize_guest (VimanaDisplaySession *self,
                                         gboolean              value)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    vimana_display_session_set_view (self, &priv->resize_guest, value, PROP_RESIZE_GUEST);
}

/* Take the keyboard while the pointer is in the display, until the release keys. */
gboolean
vimana_display_session_get_grab_keyboard (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->grab_keyboard;
}

void
vimana_display_session_set_grab_keyboard (VimanaDisplaySession *self,
                                          gboolean              value)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    vimana_display_session_set_view (self, &priv->grab_keyboard, value, PROP_GRAB_KEYBOARD);
}

/* Keep the pointer in the display after a click, until the release keys. */
gboolean
vimana_display_session_get_grab_pointer (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);
    return priv->grab_pointer;
}

void
vimana_display_session_set_grab_pointer (VimanaDisplaySession *self,
                                         gboolean              value)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    vimana_display_session_set_view (self, &priv->grab_pointer, value, PROP_GRAB_POINTER);
}

/* ---- for implementations ---- */

/* The handshake is over and the guest's screen, @width × @height, shows. */
void
vimana_display_session_notify_connected (VimanaDisplaySession *self,
                                         int                   width,
                                         int                   height)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));

    priv->width = width;
    priv->height = height;
    vimana_display_session_set_connected (self, TRUE);
    g_signal_emit (self, signals[SIGNAL_CONNECTED], 0);
}

/**
 * vimana_display_session_notify_disconnected:
 * @self: a #VimanaDisplaySession
 * @error: (nullable): why, in words for the user; %NULL when the other end just closed
 */
void
vimana_display_session_notify_disconnected (VimanaDisplaySession *self,
                                            const GError         *error)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));

    if (!priv->open)
        return;
    vimana_display_session_forget_connection (self);
    priv->open = FALSE;
    if (priv->closing) {
        priv->closing = FALSE;
    } else {
        g_debug ("Disconnected: %s", error != NULL ? error->message : "closed by the other end");
        g_signal_emit (self, signals[SIGNAL_DISCONNECTED], 0, error);
    }
    /* Last: an owner that waits for the session to wind down starts the next one here. */
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPEN]);
}

void
vimana_display_session_notify_auth_needed (VimanaDisplaySession    *self,
                                           VimanaDisplayCredential  credentials)
{
    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    g_signal_emit (self, signals[SIGNAL_AUTH_NEEDED], 0, (guint) credentials);
}

void
vimana_display_session_notify_auth_failed (VimanaDisplaySession *self,
                                           const char           *message)
{
    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));
    g_signal_emit (self, signals[SIGNAL_AUTH_FAILED], 0, message);
}

void
vimana_display_session_notify_resized (VimanaDisplaySession *self,
                                       int                   width,
                                       int                   height)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));

    if (priv->width == width && priv->height == height)
        return;
    priv->width = width;
    priv->height = height;
    if (priv->connected)
        g_signal_emit (self, signals[SIGNAL_RESIZED], 0, width, height);
}

/* Part of the picture changed. */
void
vimana_display_session_notify_frame (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));

    if (!priv->connected)
        return;
    if (!priv->frame_seen) {
        priv->frame_seen = TRUE;
        g_signal_emit (self, signals[SIGNAL_FIRST_FRAME], 0);
    }
    g_signal_emit (self, signals[SIGNAL_FRAME_UPDATED], 0);
}

void
vimana_display_session_notify_keyboard_grab (VimanaDisplaySession *self,
                                             gboolean              grabbed)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_return_if_fail (VIMANA_IS_DISPLAY_SESSION (self));

    grabbed = !!grabbed;
    if (priv->keyboard_grabbed == grabbed)
        return;
    priv->keyboard_grabbed = grabbed;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEYBOARD_GRABBED]);
}

/**
 * vimana_display_session_request_fd:
 * @self: a #VimanaDisplaySession
 * @channel: what the socket is for, for the owner's messages ("display", "inputs"…)
 * @data: handed back to the class's fd_supplied () with the answer
 * @destroy: (nullable): frees @data once answered, or when the session closes unanswered
 *
 * Asks the owner for another socket to the same display, as it got the first one (libvirt
 * hands out one per call; an ssh tunnel carries one). The answer may come before this
 * returns.
 *
 * Returns: %TRUE if the owner will answer; %FALSE if nobody can (@data is freed)
 */
gboolean
vimana_display_session_request_fd (VimanaDisplaySession *self,
                                   const char           *channel,
                                   gpointer              data,
                                   GDestroyNotify        destroy)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);
    VimanaDisplaySessionRequest *request;
    gboolean handled = FALSE;
    guint id;

    g_return_val_if_fail (VIMANA_IS_DISPLAY_SESSION (self), FALSE);

    request = g_new0 (VimanaDisplaySessionRequest, 1);
    request->id = id = ++priv->last_request;
    request->data = data;
    request->destroy = destroy;
    g_ptr_array_add (priv->requests, request);

    g_signal_emit (self, signals[SIGNAL_NEED_FD], 0, id, channel, &handled);
    if (!handled) {
        g_debug ("Nobody answers the request for a “%s” socket", channel);
        for (guint i = 0; i < priv->requests->len; i++) {
            if (((VimanaDisplaySessionRequest *) g_ptr_array_index (priv->requests, i))->id == id) {
                g_ptr_array_remove_index (priv->requests, i);
                break;
            }
        }
    }
    return handled;
}

/* ---- GObject ---- */

static void
vimana_display_session_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
    VimanaDisplaySession *self = VIMANA_DISPLAY_SESSION (object);
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    switch (prop_id) {
    case PROP_SCALING:
        g_value_set_boolean (value, priv->scaling);
        break;
    case PROP_KEEP_ASPECT:
        g_value_set_boolean (value, priv->keep_aspect);
        break;
    case PROP_RESIZE_GUEST:
        g_value_set_boolean (value, priv->resize_guest);
        break;
    case PROP_GRAB_KEYBOARD:
        g_value_set_boolean (value, priv->grab_keyboard);
        break;
    case PROP_GRAB_POINTER:
        g_value_set_boolean (value, priv->grab_pointer);
        break;
    case PROP_OPEN:
        g_value_set_boolean (value, priv->open);
        break;
    case PROP_CONNECTED:
        g_value_set_boolean (value, priv->connected);
        break;
    case PROP_KEYBOARD_GRABBED:
        g_value_set_boolean (value, priv->keyboard_grabbed);
        break;
    case PROP_AGENT_MISSING:
        g_value_set_boolean (value, priv->agent_missing);
        break;
    case PROP_EXTRAS:
        g_value_set_uint (value, priv->extras);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_display_session_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
    VimanaDisplaySession *self = VIMANA_DISPLAY_SESSION (object);

    switch (prop_id) {
    case PROP_SCALING:
        vimana_display_session_set_scaling (self, g_value_get_boolean (value));
        break;
    case PROP_KEEP_ASPECT:
        vimana_display_session_set_keep_aspect (self, g_value_get_boolean (value));
        break;
    case PROP_RESIZE_GUEST:
        vimana_display_session_set_resize_guest (self, g_value_get_boolean (value));
        break;
    case PROP_GRAB_KEYBOARD:
        vimana_display_session_set_grab_keyboard (self, g_value_get_boolean (value));
        break;
    case PROP_GRAB_POINTER:
        vimana_display_session_set_grab_pointer (self, g_value_get_boolean (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_display_session_constructed (GObject *object)
{
    VimanaDisplaySession *self = VIMANA_DISPLAY_SESSION (object);
    VimanaDisplaySessionClass *klass = VIMANA_DISPLAY_SESSION_GET_CLASS (self);

    G_OBJECT_CLASS (vimana_display_session_parent_class)->constructed (object);

    /* The implementation's widget exists now (its init ran): give it the starting view. */
    if (klass->view_changed != NULL)
        klass->view_changed (self);
}

static void
vimana_display_session_finalize (GObject *object)
{
    VimanaDisplaySession *self = VIMANA_DISPLAY_SESSION (object);
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    g_ptr_array_unref (priv->requests);

    G_OBJECT_CLASS (vimana_display_session_parent_class)->finalize (object);
}

static GParamSpec *
vimana_display_session_view_property (const char *name,
                                      const char *nick,
                                      gboolean    default_value)
{
    return g_param_spec_boolean (name, nick, NULL, default_value,
                                 G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                 G_PARAM_STATIC_STRINGS);
}

static void
vimana_display_session_class_init (VimanaDisplaySessionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->get_property = vimana_display_session_get_property;
    object_class->set_property = vimana_display_session_set_property;
    object_class->constructed = vimana_display_session_constructed;
    object_class->finalize = vimana_display_session_finalize;
    klass->type_text = vimana_display_session_real_type_text;

    properties[PROP_SCALING] = vimana_display_session_view_property ("scaling", "Scaling", TRUE);
    properties[PROP_KEEP_ASPECT] =
        vimana_display_session_view_property ("keep-aspect", "Keep aspect", TRUE);
    properties[PROP_RESIZE_GUEST] =
        vimana_display_session_view_property ("resize-guest", "Resize guest", FALSE);
    properties[PROP_GRAB_KEYBOARD] =
        vimana_display_session_view_property ("grab-keyboard", "Grab keyboard", TRUE);
    properties[PROP_GRAB_POINTER] =
        vimana_display_session_view_property ("grab-pointer", "Grab pointer", TRUE);
    properties[PROP_OPEN] =
        g_param_spec_boolean ("open", "Open", NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    properties[PROP_CONNECTED] =
        g_param_spec_boolean ("connected", "Connected", NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    properties[PROP_KEYBOARD_GRABBED] =
        g_param_spec_boolean ("keyboard-grabbed", "Keyboard grabbed", NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    /* The guest's agent (spice-vdagent) is known to be absent from a connection that has one:
     * the clipboard, resizing the guest and dropping files need it. */
    properties[PROP_AGENT_MISSING] =
        g_param_spec_boolean ("agent-missing", "Agent missing", NULL, FALSE,
                              G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    /* VimanaDisplayExtras: what the connection offers beyond the picture */
    properties[PROP_EXTRAS] =
        g_param_spec_uint ("extras", "Extras", NULL, 0, G_MAXUINT, 0,
                           G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaDisplaySession::connected:
     *
     * The handshake is over: the display shows the guest.
     */
    signals[SIGNAL_CONNECTED] =
        g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
    /**
     * VimanaDisplaySession::disconnected:
     * @error: (nullable): why, with a #VimanaDisplaySessionError code and a message for the
     *   user; %NULL when the other end closed without a word
     *
     * The connection ended, or never began, without the owner closing it.
     */
    signals[SIGNAL_DISCONNECTED] =
        g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
    /**
     * VimanaDisplaySession::auth-needed:
     * @credentials: the #VimanaDisplayCredential flags the server asks for
     *
     * Answer with vimana_display_session_set_credential (), now or later.
     */
    signals[SIGNAL_AUTH_NEEDED] =
        g_signal_new ("auth-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
    /**
     * VimanaDisplaySession::auth-failed:
     * @message: (nullable): what the server said
     *
     * The server refused the credentials; ::disconnected follows with
     * %VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED.
     */
    signals[SIGNAL_AUTH_FAILED] =
        g_signal_new ("auth-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
    /**
     * VimanaDisplaySession::resized:
     * @width: the guest's new screen width
     * @height: and height
     */
    signals[SIGNAL_RESIZED] =
        g_signal_new ("resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
    /**
     * VimanaDisplaySession::first-frame:
     *
     * The first picture of this connection arrived (before its ::frame-updated).
     */
    signals[SIGNAL_FIRST_FRAME] =
        g_signal_new ("first-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
    /**
     * VimanaDisplaySession::frame-updated:
     *
     * Part of the picture changed.
     */
    signals[SIGNAL_FRAME_UPDATED] =
        g_signal_new ("frame-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                      NULL, NULL, G_TYPE_NONE, 0);
    /**
     * VimanaDisplaySession::need-fd:
     * @request: to hand back to vimana_display_session_supply_fd ()
     * @channel: what the socket is for
     *
     * The session needs one more socket to the display it was opened on. A handler that will
     * answer (now or later) returns %TRUE.
     *
     * Returns: whether the handler answers
     */
    signals[SIGNAL_NEED_FD] =
        g_signal_new ("need-fd", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      g_signal_accumulator_true_handled, NULL, NULL, G_TYPE_BOOLEAN, 2,
                      G_TYPE_UINT, G_TYPE_STRING);
    /**
     * VimanaDisplaySession::problem:
     * @message: what failed, for the user
     *
     * Something beyond the picture failed (a USB device, a shared folder, a dropped file);
     * the connection goes on.
     */
    signals[SIGNAL_PROBLEM] =
        g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
vimana_display_session_init (VimanaDisplaySession *self)
{
    VimanaDisplaySessionPrivate *priv = vimana_display_session_get_instance_private (self);

    priv->scaling = TRUE;
    priv->keep_aspect = TRUE;
    priv->resize_guest = FALSE;
    priv->grab_keyboard = TRUE;
    priv->grab_pointer = TRUE;
    priv->requests = g_ptr_array_new_with_free_func (vimana_display_session_request_free);
}
