/* vimana-display-session-spice.c: a guest's SPICE console, through spice-gtk
 *
 * The display session for SPICE: one SpiceSession, kept for the session's life and opened
 * again for each connection, and for each connection one SpiceDisplay per monitor, in a box
 * that stays: the first display channel's first monitor, which says when the connection is
 * up, and every other channel's and monitor's (VimanaSpiceDisplays, a tab each). The widget is made once the display channel
 * exists, as virt-viewer does: made before the main channel knows its mouse mode, spice-gtk
 * warns, and a test with fatal warnings aborts.
 *
 * SPICE opens one connection per channel (main, display, inputs, cursor, usbredir…). Opened on a
 * socket (libvirt's virDomainOpenGraphicsFD, or an ssh tunnel), the session is told the owner
 * provides the sockets, and spice-gtk asks for every further channel's through SpiceChannel's
 * open-fd; each such request becomes VimanaDisplaySession::need-fd. Dialled directly (host and
 * port, or a UNIX socket), spice-gtk reaches every channel by itself.
 *
 * What the owner sees follows the main channel and the widget:
 *   - connected: the SpiceDisplay is "ready" (a primary surface, marked, with its monitor),
 *     which also counts as a frame since the picture is all there; a guest's reboot makes the
 *     widget not ready and ready again (with a new size, perhaps): that is a resize, not a new
 *     connection, since the channels stay up;
 *   - frame-updated: the display channel's display-invalidate;
 *   - disconnected: once the main channel closed or failed, the session is disconnected and
 *     the disconnection is reported when its last channel is gone, with the first reason seen.
 *
 * Passwords: a SPICE server does not ask, it refuses the link. A refusal before any password
 * was given becomes ::auth-needed; once the owner answers, the main channel connects again
 * (on a new socket asked for through ::need-fd when the owner provides them). A refusal of a
 * password given becomes ::auth-failed and a disconnection with
 * %VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED. Every channel sends the ticket when it links, so
 * the password stays in the SpiceSession until the connection ends, and goes then; it is
 * never logged.
 *
 * Only this file includes spice-gtk (src/console/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-display-session-spice"

#include "config.h"

#include "vimana-display-session-spice.h"
#include "vimana-spice-channels.h"
#include "vimana-spice-displays.h"

#include <glib/gi18n.h>
#include <spice-client-gtk.h>
#include <string.h>
#include <unistd.h>

#define VIMANA_SPICE_DESTROYED_KEY "vimana-spice-destroyed"
#define VIMANA_SPICE_LOST_KEY "vimana-spice-lost"
#define VIMANA_SPICE_WEBDAV_KEY "vimana-spice-webdav-connected"

struct _VimanaDisplaySessionSpice
{
    VimanaDisplaySession parent_instance;

    /* borrowed references: the session's channels, while they exist */
    SpiceChannel *main_channel;
    SpiceChannel *display_channel;

    /* owned references */
    GtkWidget    *box;              /* what the owner shows: holds the connection's display */
    SpiceSession *spice;
    SpiceDisplay *display;          /* this connection's, once its display channel exists */
    GError       *reason;           /* why the connection is about to end, the first said */
    guint        *grab_keys;
    guint         n_grab_keys;
    guint         display_source;   /* makes the display, out of spice-gtk's signal */
    guint         monitors_source;  /* makes the other monitors' displays, likewise */
    guint         lost_source;      /* says which channels closed, once the events settled */
    GPtrArray    *lost;             /* (element-type utf8): what they took, not said yet */

    /* connection state */
    gboolean      sockets_given;    /* the owner provides every channel's socket */
    gboolean      disconnecting;    /* spice_session_disconnect () was called */
    gboolean      shown;            /* the display was ready once in this connection */
    gboolean      credentials_given;
    guint         credentials_wanted;   /* VimanaDisplayCredential asked for, not given yet */
    guint         n_channels;
    guint         n_usbredir;       /* USB redirection channels */
    guint         n_webdav;         /* the WebDAV port (a shared folder) */
    gboolean      usb_auto_redirect;
    GCancellable *cancellable;      /* files being copied into the guest */

    /* borrowed: the box's, every monitor's display (self->display first) */
    VimanaSpiceDisplays *displays;

    /* borrowed: the SpiceSession's, once asked for */
    SpiceUsbDeviceManager *usb;
};

G_DEFINE_FINAL_TYPE (VimanaDisplaySessionSpice, vimana_display_session_spice,
                     VIMANA_TYPE_DISPLAY_SESSION)

/* A channel's socket asked of the owner. The channel may be gone by the time it comes. */
typedef struct
{
    GWeakRef channel;
} VimanaSpiceFdRequest;

static void
vimana_spice_fd_request_free (gpointer data)
{
    VimanaSpiceFdRequest *request = data;

    g_weak_ref_clear (&request->channel);
    g_free (request);
}

static const char *
vimana_display_session_spice_channel_name (SpiceChannel *channel)
{
    int type = 0;

    g_object_get (channel, "channel-type", &type, NULL);
    return spice_channel_type_to_string (type);
}

/* Keeps the first reason: what comes after it (channels closing) is its consequence. */
static void
vimana_display_session_spice_set_reason (VimanaDisplaySessionSpice *self,
                                         VimanaDisplaySessionError  code,
                                         const char                *message)
{
    if (self->reason != NULL)
        return;
    self->reason = g_error_new_literal (VIMANA_DISPLAY_SESSION_ERROR, code, message);
}

static void
vimana_display_session_spice_set_failure (VimanaDisplaySessionSpice *self,
                                          SpiceChannel              *channel)
{
    const GError *error = spice_channel_get_error (channel);
    g_autofree char *message = NULL;

    if (error != NULL && error->message != NULL && *error->message != '\0')
        message = g_strdup_printf (_("The console connection failed: %s"), error->message);
    else
        message = g_strdup (_("The console could not be opened."));
    vimana_display_session_spice_set_reason (self, VIMANA_DISPLAY_SESSION_ERROR_FAILED, message);
}

/* ---- the guest's agent ---- */

/* Once connected, the page says when spice-vdagent is not in the guest: the main channel knows
 * whether it is from its first message on, and follows the agent starting and stopping. */
static void
vimana_display_session_spice_update_agent (VimanaDisplaySessionSpice *self)
{
    gboolean connected = FALSE;

    if (self->main_channel == NULL || !self->shown)
        return;
    g_object_get (self->main_channel, "agent-connected", &connected, NULL);
    g_debug ("The guest's agent is %s", connected ? "connected" : "missing");
    vimana_display_session_notify_agent_missing (VIMANA_DISPLAY_SESSION (self), !connected);
}

static void
vimana_display_session_spice_agent_cb (GObject    *channel,
                                       GParamSpec *pspec,
                                       gpointer    user_data)
{
    vimana_display_session_spice_update_agent (user_data);
}

/* ---- USB devices, the shared folder and dropped files ---- */

/* What the connection offers follows its channels, once it shows (until then the page says
 * it is connecting). */
static void
vimana_display_session_spice_update_extras (VimanaDisplaySessionSpice *self)
{
    VimanaDisplayExtras extras = 0;

    if (!self->shown || self->disconnecting)
        return;
    if (self->n_usbredir > 0)
        extras |= VIMANA_DISPLAY_EXTRA_USB_REDIRECT;
    if (self->n_webdav > 0)
        extras |= VIMANA_DISPLAY_EXTRA_SHARED_FOLDER;
    vimana_display_session_notify_extras (VIMANA_DISPLAY_SESSION (self), extras);
}

/* A device the guest could not have (no permission, the device busy…): the page says so, with
 * spice-gtk's message (which names the helper when it refused). */
static void
vimana_display_session_spice_usb_error_cb (SpiceUsbDeviceManager *manager,
                                           SpiceUsbDevice        *device,
                                           GError                *error,
                                           gpointer               user_data)
{
    g_autofree char *name = device != NULL ? spice_usb_device_get_description (device, NULL)
                                           : NULL;
    g_autofree char *message = NULL;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    /* Translators: the first %s is a USB device's name, the second why it failed. */
    message = g_strdup_printf (_("The USB device “%s” could not be given to the guest: %s"),
                               name != NULL ? name : _("unknown"),
                               error != NULL ? error->message : _("no reason given"));
    g_debug ("USB redirection failed: %s", message);
    vimana_display_session_notify_problem (VIMANA_DISPLAY_SESSION (user_data), message);
}

/* Returns: (nullable): the session's USB device manager, made and followed the first time */
static SpiceUsbDeviceManager *
vimana_display_session_spice_get_usb (VimanaDisplaySessionSpice *self,
                                      gboolean                   say_why)
{
    g_autoptr(GError) error = NULL;

    if (self->usb != NULL)
        return self->usb;
    self->usb = spice_usb_device_manager_get (self->spice, &error);
    if (self->usb == NULL) {
        g_autofree char *message =
            g_strdup_printf (_("USB devices cannot be given to the guest: %s"),
                             error != NULL ? error->message : _("no reason given"));

        g_debug ("%s", message);
        if (say_why)
            vimana_display_session_notify_problem (VIMANA_DISPLAY_SESSION (self), message);
        return NULL;
    }
    g_signal_connect_object (self->usb, "auto-connect-failed",
                             G_CALLBACK (vimana_display_session_spice_usb_error_cb), self, 0);
    g_signal_connect_object (self->usb, "device-error",
                             G_CALLBACK (vimana_display_session_spice_usb_error_cb), self, 0);
    return self->usb;
}

/* spice-gtk's own chooser: the host's devices, each a check box that gives it to the guest. */
static GtkWidget *
vimana_display_session_spice_make_usb_chooser (VimanaDisplaySession *session)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    vimana_display_session_spice_get_usb (self, TRUE);
    /* (without a manager, the widget says why itself) */
    return spice_usb_device_widget_new (self->spice, "%s %s");
}

/* SpiceGtkSession's auto-usbredir drives the manager's auto-connect: on while the display
 * has the focus, so that a device plugged in goes to the guest the user is looking at. */
static void
vimana_display_session_spice_set_usb_auto_redirect (VimanaDisplaySession *session,
                                                    gboolean              auto_redirect)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    self->usb_auto_redirect = auto_redirect;
    if (auto_redirect && self->n_usbredir > 0)
        vimana_display_session_spice_get_usb (self, FALSE);
    g_object_set (spice_gtk_session_get (self->spice), "auto-usbredir", auto_redirect, NULL);
    if (self->usb != NULL && !auto_redirect)
        g_object_set (self->usb, "auto-connect", FALSE, NULL);
}

static void
vimana_display_session_spice_connect_webdav (VimanaDisplaySessionSpice *self,
                                             SpiceChannel              *channel)
{
    if (g_object_get_data (G_OBJECT (channel), VIMANA_SPICE_WEBDAV_KEY) != NULL)
        return;
    g_object_set_data (G_OBJECT (channel), VIMANA_SPICE_WEBDAV_KEY, GINT_TO_POINTER (1));
    spice_channel_connect (channel);
}

static gboolean
vimana_display_session_spice_share_folder (VimanaDisplaySession  *session,
                                           const char            *path,
                                           GError               **error)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    if (path != NULL && !g_file_test (path, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, VIMANA_DISPLAY_SESSION_ERROR, VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                     _("“%s” is not a folder."), path);
        return FALSE;
    }
    g_debug ("Sharing %s", path != NULL ? path : "no folder");
    g_object_set (self->spice, "shared-dir", path, "share-dir-ro", FALSE, NULL);
    /* The WebDAV channel is the application's to connect (as virt-viewer does); once up it
     * stays, serving nothing when no folder is shared. */
    if (path != NULL) {
        g_autoptr(GList) channels = spice_session_get_channels (self->spice);

        for (GList *l = channels; l != NULL; l = l->next)
            if (SPICE_IS_WEBDAV_CHANNEL (l->data))
                vimana_display_session_spice_connect_webdav (self, l->data);
    }
    return TRUE;
}

static void
vimana_display_session_spice_copied_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    g_autoptr(VimanaDisplaySession) session = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *message = NULL;

    if (spice_main_channel_file_copy_finish (SPICE_MAIN_CHANNEL (source), result, &error) ||
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    message = g_strdup_printf (_("The files could not be copied into the guest: %s"),
                               error->message);
    vimana_display_session_notify_problem (session, message);
}

/* Files dropped on the display go to the guest's agent (its Downloads folder, as spice-vdagent
 * keeps them); without the agent nothing would happen, so the page says so. */
static void
vimana_display_session_spice_drop_cb (GtkWidget        *widget,
                                      GdkDragContext   *context,
                                      int               x,
                                      int               y,
                                      GtkSelectionData *data,
                                      guint             info,
                                      guint             time,
                                      gpointer          user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    g_auto(GStrv) uris = gtk_selection_data_get_uris (data);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree GFile **sources = NULL;
    gboolean agent = FALSE;

    if (self->main_channel != NULL)
        g_object_get (self->main_channel, "agent-connected", &agent, NULL);
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        GFile *file = g_file_new_for_uri (uris[i]);

        /* only the host's own files: a remote URI would be fetched by the copy */
        if (g_file_is_native (file))
            g_ptr_array_add (files, file);
        else
            g_object_unref (file);
    }
    /* (GTK_DEST_DEFAULT_DROP finishes the drop) */
    if (files->len == 0)
        return;
    if (!agent) {
        vimana_display_session_notify_problem (VIMANA_DISPLAY_SESSION (self),
                                               _("Dropping files into the guest needs "
                                                 "spice-vdagent in the guest."));
        return;
    }
    g_debug ("Copying %u files into the guest", files->len);
    /* NULL-terminated; the copy holds the files it needs */
    sources = g_new0 (GFile *, files->len + 1);
    memcpy (sources, files->pdata, files->len * sizeof (GFile *));
    spice_main_channel_file_copy_async (SPICE_MAIN_CHANNEL (self->main_channel),
                                        sources, G_FILE_COPY_NONE,
                                        self->cancellable, NULL, NULL,
                                        vimana_display_session_spice_copied_cb,
                                        g_object_ref (self));
}

/* ---- the widget ---- */

static void vimana_display_session_spice_ready_cb (SpiceDisplay *display,
                                                   GParamSpec   *pspec,
                                                   gpointer      user_data);

static void
vimana_display_session_spice_keyboard_grab_cb (SpiceDisplay *display,
                                               int           grabbed,
                                               gpointer      user_data)
{
    vimana_display_session_notify_keyboard_grab (VIMANA_DISPLAY_SESSION (user_data), grabbed);
}

static void
vimana_display_session_spice_apply_grab_keys (VimanaDisplaySessionSpice *self)
{
    g_autoptr(GList) displays = vimana_spice_displays_list (self->displays);
    SpiceGrabSequence *sequence;

    if (self->n_grab_keys == 0)
        return;
    sequence = spice_grab_sequence_new (self->n_grab_keys, self->grab_keys);
    for (GList *l = displays; l != NULL; l = l->next)
        spice_display_set_grab_keys (l->data, sequence);
    spice_grab_sequence_free (sequence);
}

/* SpiceDisplay always keeps the guest's aspect while it scales: keep-aspect has nothing to
 * change. */
static void
vimana_display_session_spice_apply_view (VimanaDisplaySessionSpice *self)
{
    VimanaDisplaySession *session = VIMANA_DISPLAY_SESSION (self);
    g_autoptr(GList) displays = vimana_spice_displays_list (self->displays);

    for (GList *l = displays; l != NULL; l = l->next)
        g_object_set (l->data,
                      "scaling", vimana_display_session_get_scaling (session),
                      "resize-guest", vimana_display_session_get_resize_guest (session),
                      "grab-keyboard", vimana_display_session_get_grab_keyboard (session),
                      "grab-mouse", vimana_display_session_get_grab_pointer (session),
                      NULL);
}

/* What acts on "the" display (a screenshot, keys) acts on the one shown. */
static SpiceDisplay *
vimana_display_session_spice_shown (VimanaDisplaySessionSpice *self)
{
    SpiceDisplay *shown = vimana_spice_displays_get_current (self->displays);

    return shown != NULL ? shown : self->display;
}

/* A monitor's display, among the others: set up as they are. */
static void
vimana_display_session_spice_set_up (VimanaDisplaySessionSpice *self,
                                     SpiceDisplay              *display)
{
    gboolean focused = gtk_widget_has_focus (self->box);

    g_signal_connect (display, "keyboard-grab",
                      G_CALLBACK (vimana_display_session_spice_keyboard_grab_cb), self);
    /* Dropped files go to the box, which reports what fails (the widget's own drop is silent). */
    gtk_drag_dest_unset (GTK_WIDGET (display));
    vimana_display_session_spice_apply_view (self);
    vimana_display_session_spice_apply_grab_keys (self);
    if (focused)
        gtk_widget_grab_focus (GTK_WIDGET (display));
}

/* Every display channel's monitors get a display, and those gone lose theirs. */
static gboolean
vimana_display_session_spice_sync_monitors_cb (gpointer user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    g_autoptr(GList) added = NULL;

    self->monitors_source = 0;
    if (self->display == NULL || self->disconnecting)
        return G_SOURCE_REMOVE;
    vimana_spice_displays_set_console_name (
        self->displays, atk_object_get_name (gtk_widget_get_accessible (self->box)));
    added = vimana_spice_displays_sync (self->displays, self->spice);
    for (GList *l = added; l != NULL; l = l->next)
        vimana_display_session_spice_set_up (self, l->data);
    return G_SOURCE_REMOVE;
}

static void
vimana_display_session_spice_monitors_changed (VimanaDisplaySessionSpice *self)
{
    if (self->monitors_source == 0)
        self->monitors_source =
            g_idle_add (vimana_display_session_spice_sync_monitors_cb, self);
}

static void
vimana_display_session_spice_monitors_cb (GObject    *channel,
                                          GParamSpec *pspec,
                                          gpointer    user_data)
{
    vimana_display_session_spice_monitors_changed (user_data);
}

static gboolean
vimana_display_session_spice_make_display_cb (gpointer user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    GtkWidget *display;

    self->display_source = 0;
    if (self->display != NULL || self->display_channel == NULL)
        return G_SOURCE_REMOVE;
    display = GTK_WIDGET (spice_display_new (self->spice, 0));
    self->display = SPICE_DISPLAY (g_object_ref_sink (display));
    g_signal_connect (display, "notify::ready",
                      G_CALLBACK (vimana_display_session_spice_ready_cb), self);
    /* The owner named the box; the widget that takes the keyboard is this one (and the other
     * monitors' after it). */
    vimana_spice_displays_set_console_name (
        self->displays, atk_object_get_name (gtk_widget_get_accessible (self->box)));
    vimana_spice_displays_add (self->displays, self->display, 0, 0);
    vimana_display_session_spice_set_up (self, self->display);
    vimana_display_session_spice_monitors_changed (self);
    return G_SOURCE_REMOVE;
}

/* The connection is over: its widget goes (the next one gets a new one). */
static void
vimana_display_session_spice_drop_display (VimanaDisplaySessionSpice *self)
{
    g_autoptr(GList) displays = vimana_spice_displays_list (self->displays);

    g_clear_handle_id (&self->display_source, g_source_remove);
    g_clear_handle_id (&self->monitors_source, g_source_remove);
    for (GList *l = displays; l != NULL; l = l->next)
        g_signal_handlers_disconnect_by_data (l->data, self);
    vimana_spice_displays_remove_all (self->displays);
    if (self->display == NULL)
        return;
    g_signal_handlers_disconnect_by_data (self->display, self);
    gtk_widget_destroy (GTK_WIDGET (self->display));
    g_clear_object (&self->display);
}

/* Ends the connection; the disconnection is reported once its last channel is gone. */
static void
vimana_display_session_spice_disconnect (VimanaDisplaySessionSpice *self)
{
    if (self->disconnecting)
        return;
    self->disconnecting = TRUE;
    if (self->n_channels == 0) {
        g_autoptr(GError) reason = g_steal_pointer (&self->reason);

        self->disconnecting = FALSE;
        vimana_display_session_spice_drop_display (self);
        vimana_display_session_notify_disconnected (VIMANA_DISPLAY_SESSION (self), reason);
        return;
    }
    spice_session_disconnect (self->spice);
}

/* ---- the main channel ---- */

static void
vimana_display_session_spice_auth_error (VimanaDisplaySessionSpice *self,
                                         SpiceChannel              *channel)
{
    const GError *error = spice_channel_get_error (channel);
    VimanaDisplayCredential wanted = VIMANA_DISPLAY_CREDENTIAL_PASSWORD;

    if (g_error_matches (error, SPICE_CLIENT_ERROR, SPICE_CLIENT_ERROR_AUTH_NEEDS_USERNAME))
        wanted = VIMANA_DISPLAY_CREDENTIAL_USERNAME;
    else if (g_error_matches (error, SPICE_CLIENT_ERROR,
                              SPICE_CLIENT_ERROR_AUTH_NEEDS_PASSWORD_AND_USERNAME))
        wanted |= VIMANA_DISPLAY_CREDENTIAL_USERNAME;

    if (self->credentials_given) {
        vimana_display_session_spice_set_reason (self, VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED,
                                                 _("The guest’s display refused the "
                                                   "password."));
        vimana_display_session_notify_auth_failed (VIMANA_DISPLAY_SESSION (self),
                                                   error != NULL ? error->message : NULL);
        vimana_display_session_spice_disconnect (self);
        return;
    }
    /* Nothing was tried yet: ask, and link again with the answer (set_credential). */
    g_debug ("The SPICE server wants credentials (%#x)", wanted);
    self->credentials_wanted = wanted;
    vimana_display_session_notify_auth_needed (VIMANA_DISPLAY_SESSION (self), wanted);
}

static void
vimana_display_session_spice_main_event_cb (SpiceChannel      *channel,
                                            SpiceChannelEvent  event,
                                            gpointer           user_data)
{
    VimanaDisplaySessionSpice *self = user_data;

    g_debug ("Main channel event %d", event);
    switch (event) {
    case SPICE_CHANNEL_OPENED:
    case SPICE_CHANNEL_SWITCHING:
    case SPICE_CHANNEL_NONE:
        return;
    case SPICE_CHANNEL_ERROR_AUTH:
        vimana_display_session_spice_auth_error (self, channel);
        return;
    case SPICE_CHANNEL_CLOSED:
        /* The other end closed: no reason to give. */
        vimana_display_session_spice_disconnect (self);
        return;
    case SPICE_CHANNEL_ERROR_CONNECT:
    case SPICE_CHANNEL_ERROR_TLS:
    case SPICE_CHANNEL_ERROR_LINK:
    case SPICE_CHANNEL_ERROR_IO:
    default:
        vimana_display_session_spice_set_failure (self, channel);
        vimana_display_session_spice_disconnect (self);
        return;
    }
}

/* ---- a channel the server closed ---- */

/* Said once the events settled (an idle runs after every socket that is ready): when the whole
 * server goes, the main channel's end comes with the others' and the page says that instead. */
static gboolean
vimana_display_session_spice_say_lost_cb (gpointer user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    g_autofree char *message = NULL;

    self->lost_source = 0;
    if (self->lost->len == 0)
        return G_SOURCE_REMOVE;
    g_ptr_array_add (self->lost, NULL);
    message = g_strjoinv ("\n", (char **) self->lost->pdata);
    g_ptr_array_set_size (self->lost, 0);
    if (self->disconnecting || self->main_channel == NULL ||
        !vimana_display_session_is_open (VIMANA_DISPLAY_SESSION (self)))
        return G_SOURCE_REMOVE;
    vimana_display_session_notify_problem (VIMANA_DISPLAY_SESSION (self), message);
    return G_SOURCE_REMOVE;
}

/* A channel other than the main one closed or failed: the connection stays, without what the
 * channel carried. spice-gtk keeps the channel until the session ends. */
static void
vimana_display_session_spice_channel_lost (VimanaDisplaySessionSpice *self,
                                           SpiceChannel              *channel)
{
    g_autofree char *message = NULL;

    if (g_object_get_data (G_OBJECT (channel), VIMANA_SPICE_LOST_KEY) != NULL)
        return;
    g_object_set_data (G_OBJECT (channel), VIMANA_SPICE_LOST_KEY, GINT_TO_POINTER (1));
    if (SPICE_IS_USBREDIR_CHANNEL (channel) && self->n_usbredir > 0)
        self->n_usbredir--;
    if (SPICE_IS_WEBDAV_CHANNEL (channel) && self->n_webdav > 0)
        self->n_webdav--;
    vimana_display_session_spice_update_extras (self);
    if (self->disconnecting || self->main_channel == NULL)
        return;
    message = vimana_spice_channel_lost_message (channel);
    if (!g_ptr_array_find_with_equal_func (self->lost, message, g_str_equal, NULL))
        g_ptr_array_add (self->lost, g_steal_pointer (&message));
    if (self->lost_source == 0)
        self->lost_source = g_idle_add (vimana_display_session_spice_say_lost_cb, self);
}

static void
vimana_display_session_spice_channel_event_cb (SpiceChannel      *channel,
                                               SpiceChannelEvent  event,
                                               gpointer           user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    const GError *error = spice_channel_get_error (channel);

    if (event == SPICE_CHANNEL_OPENED)
        g_debug ("The “%s” channel opened", vimana_display_session_spice_channel_name (channel));
    if (event != SPICE_CHANNEL_CLOSED && event < SPICE_CHANNEL_ERROR_CONNECT)
        return;
    g_debug ("The “%s” channel %s (%d): %s",
             vimana_display_session_spice_channel_name (channel),
             event == SPICE_CHANNEL_CLOSED ? "closed" : "failed", event,
             error != NULL ? error->message : "no reason");
    vimana_display_session_spice_channel_lost (self, channel);
}

/* ---- sockets for the channels ---- */

static void
vimana_display_session_spice_open_fd_cb (SpiceChannel *channel,
                                         int           with_tls,
                                         gpointer      user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    VimanaSpiceFdRequest *request = g_new0 (VimanaSpiceFdRequest, 1);
    const char *name = vimana_display_session_spice_channel_name (channel);

    g_debug ("The “%s” channel needs a socket%s", name, with_tls ? " (TLS)" : "");
    g_weak_ref_init (&request->channel, channel);
    if (!vimana_display_session_request_fd (VIMANA_DISPLAY_SESSION (self), name, request,
                                            vimana_spice_fd_request_free)) {
        g_autofree char *message =
            g_strdup_printf (_("The console connection failed: %s"),
                             _("there is no way to open another connection to the display."));

        vimana_display_session_spice_set_reason (self, VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                                                 message);
        spice_channel_disconnect (channel, SPICE_CHANNEL_ERROR_CONNECT);
    }
}

static void
vimana_display_session_spice_fd_supplied (VimanaDisplaySession *session,
                                          gpointer              request_data,
                                          int                   fd,
                                          const GError         *error)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);
    VimanaSpiceFdRequest *request = request_data;
    g_autoptr(GObject) object = g_weak_ref_get (&request->channel);
    SpiceChannel *channel = object != NULL ? SPICE_CHANNEL (object) : NULL;

    if (channel == NULL || g_object_get_data (G_OBJECT (channel), VIMANA_SPICE_DESTROYED_KEY)) {
        g_debug ("A socket came for a channel that is gone");
        if (fd >= 0)
            close (fd);
        return;
    }
    if (fd < 0) {
        g_autofree char *message = g_strdup_printf (_("The console connection failed: %s"),
                                                    error->message);

        g_debug ("No socket for the “%s” channel: %s",
                 vimana_display_session_spice_channel_name (channel), error->message);
        if (channel == self->main_channel)
            vimana_display_session_spice_set_reason (self, VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                                                     message);
        spice_channel_disconnect (channel, SPICE_CHANNEL_ERROR_CONNECT);
        return;
    }
    if (!spice_channel_open_fd (channel, fd)) {
        close (fd);
        spice_channel_disconnect (channel, SPICE_CHANNEL_ERROR_CONNECT);
    }
}

/* ---- the session's channels ---- */

static void
vimana_display_session_spice_invalidate_cb (SpiceChannel *channel,
                                            int           x,
                                            int           y,
                                            int           width,
                                            int           height,
                                            gpointer      user_data)
{
    vimana_display_session_notify_frame (VIMANA_DISPLAY_SESSION (user_data));
}

static void
vimana_display_session_spice_channel_new_cb (SpiceSession *spice,
                                             SpiceChannel *channel,
                                             gpointer      user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    int id = 0;

    self->n_channels++;
    g_object_get (channel, "channel-id", &id, NULL);
    g_debug ("New “%s” channel %d", vimana_display_session_spice_channel_name (channel), id);

    g_signal_connect_object (channel, "open-fd",
                             G_CALLBACK (vimana_display_session_spice_open_fd_cb), self, 0);
    if (SPICE_IS_MAIN_CHANNEL (channel)) {
        self->main_channel = channel;
        g_signal_connect_object (channel, "channel-event",
                                 G_CALLBACK (vimana_display_session_spice_main_event_cb), self,
                                 0);
        g_signal_connect_object (channel, "notify::agent-connected",
                                 G_CALLBACK (vimana_display_session_spice_agent_cb), self, 0);
        /* Clipboard both ways, once the agent is there. */
        g_object_set (spice_gtk_session_get (spice), "auto-clipboard", TRUE, NULL);
        return;
    }
    g_signal_connect_object (channel, "channel-event",
                             G_CALLBACK (vimana_display_session_spice_channel_event_cb), self, 0);
    if (SPICE_IS_USBREDIR_CHANNEL (channel)) {
        self->n_usbredir++;
        /* the manager hands devices to the channels: there from the start for auto-redirect */
        if (self->usb_auto_redirect)
            vimana_display_session_spice_get_usb (self, FALSE);
    }
    if (SPICE_IS_WEBDAV_CHANNEL (channel)) {
        g_autofree char *shared = NULL;

        self->n_webdav++;
        /* a folder shared in an earlier connection is shared in this one too */
        g_object_get (spice, "shared-dir", &shared, NULL);
        if (shared != NULL)
            vimana_display_session_spice_connect_webdav (self, channel);
    }
    vimana_display_session_spice_update_extras (self);
    if (SPICE_IS_DISPLAY_CHANNEL (channel)) {
        /* every channel's monitors, a display each (the widgets connect the other channels) */
        g_signal_connect_object (channel, "notify::monitors",
                                 G_CALLBACK (vimana_display_session_spice_monitors_cb), self, 0);
        vimana_display_session_spice_monitors_changed (self);
        if (id != 0)
            g_signal_connect_object (channel, "display-invalidate",
                                     G_CALLBACK (vimana_display_session_spice_invalidate_cb),
                                     self, G_CONNECT_AFTER);
    }
    if (SPICE_IS_DISPLAY_CHANNEL (channel) && id == 0 && self->display_channel == NULL) {
        self->display_channel = channel;
        /* After the widget's own handlers: by then it has drawn the change. */
        g_signal_connect_object (channel, "display-invalidate",
                                 G_CALLBACK (vimana_display_session_spice_invalidate_cb), self,
                                 G_CONNECT_AFTER);
        /* Made from here, inside spice-gtk's emission, the widget would see this channel
         * twice; it takes a channel whose surface came already. */
        if (self->display == NULL && self->display_source == 0)
            self->display_source = g_idle_add (vimana_display_session_spice_make_display_cb,
                                               self);
        /* Connected now rather than by the widget: its socket is asked for before the inputs'
         * and the cursor's, which the owner answers in order (one libvirt call each), and the
         * first picture comes sooner. */
        spice_channel_connect (channel);
    }
}

static void
vimana_display_session_spice_channel_destroy_cb (SpiceSession *spice,
                                                 SpiceChannel *channel,
                                                 gpointer      user_data)
{
    VimanaDisplaySessionSpice *self = user_data;

    g_debug ("The “%s” channel is gone", vimana_display_session_spice_channel_name (channel));
    g_object_set_data (G_OBJECT (channel), VIMANA_SPICE_DESTROYED_KEY, GINT_TO_POINTER (1));
    g_signal_handlers_disconnect_by_data (channel, self);
    if (channel == self->main_channel)
        self->main_channel = NULL;
    if (channel == self->display_channel)
        self->display_channel = NULL;
    if (SPICE_IS_DISPLAY_CHANNEL (channel)) {
        int id = 0;

        g_object_get (channel, "channel-id", &id, NULL);
        /* (the first monitor's display stays until the connection ends) */
        vimana_spice_displays_remove (self->displays, id, id == 0 ? 1 : 0);
    }
    /* (a channel lost before was counted out then) */
    if (g_object_get_data (G_OBJECT (channel), VIMANA_SPICE_LOST_KEY) == NULL) {
        if (SPICE_IS_USBREDIR_CHANNEL (channel) && self->n_usbredir > 0)
            self->n_usbredir--;
        if (SPICE_IS_WEBDAV_CHANNEL (channel) && self->n_webdav > 0)
            self->n_webdav--;
    }
    vimana_display_session_spice_update_extras (self);
    g_assert (self->n_channels > 0);
    if (--self->n_channels > 0)
        return;

    /* The last one: the connection is over, whoever ended it. */
    if (vimana_display_session_is_open (VIMANA_DISPLAY_SESSION (self))) {
        g_autoptr(GError) reason = g_steal_pointer (&self->reason);

        self->disconnecting = FALSE;
        g_object_set (self->spice, "password", NULL, "username", NULL, NULL);
        vimana_display_session_spice_drop_display (self);
        vimana_display_session_notify_disconnected (VIMANA_DISPLAY_SESSION (self), reason);
    }
}

/* ---- the widget's state ---- */

static void
vimana_display_session_spice_ready_cb (SpiceDisplay *display,
                                       GParamSpec   *pspec,
                                       gpointer      user_data)
{
    VimanaDisplaySessionSpice *self = user_data;
    VimanaDisplaySession *session = VIMANA_DISPLAY_SESSION (self);
    SpiceDisplayPrimary primary = { 0 };
    gboolean ready = FALSE;

    g_object_get (display, "ready", &ready, NULL);
    g_debug ("The display is %s", ready ? "ready" : "not ready");
    if (!ready || self->display_channel == NULL || self->disconnecting ||
        !spice_display_channel_get_primary (self->display_channel, 0, &primary))
        return;
    if (!self->shown) {
        self->shown = TRUE;
        g_clear_error (&self->reason);
        vimana_display_session_notify_connected (session, primary.width, primary.height);
        vimana_display_session_spice_update_agent (self);
        vimana_display_session_spice_update_extras (self);
    } else {
        vimana_display_session_notify_resized (session, primary.width, primary.height);
    }
    /* The whole picture is there now, whether or not an update announced it. */
    vimana_display_session_notify_frame (session);
}

/* ---- VimanaDisplaySession ---- */

/* Before each connection: nothing of the last one carries over. */
static void
vimana_display_session_spice_reset (VimanaDisplaySessionSpice *self,
                                    gboolean                   sockets_given)
{
    g_clear_error (&self->reason);
    self->sockets_given = sockets_given;
    self->disconnecting = FALSE;
    self->shown = FALSE;
    self->credentials_given = FALSE;
    self->credentials_wanted = 0;
    g_clear_handle_id (&self->lost_source, g_source_remove);
    g_ptr_array_set_size (self->lost, 0);
    g_object_set (self->spice, "password", NULL, "username", NULL, NULL);
}

static gboolean
vimana_display_session_spice_opened (gboolean   opened,
                                     GError   **error)
{
    if (!opened)
        g_set_error_literal (error, VIMANA_DISPLAY_SESSION_ERROR,
                             VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                             _("The console could not be opened."));
    return opened;
}

static gboolean
vimana_display_session_spice_open_fd (VimanaDisplaySession  *session,
                                      int                    fd,
                                      GError               **error)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    vimana_display_session_spice_reset (self, TRUE);
    return vimana_display_session_spice_opened (spice_session_open_fd (self->spice, fd), error);
}

static gboolean
vimana_display_session_spice_open_host (VimanaDisplaySession  *session,
                                        const char            *host,
                                        int                    port,
                                        GError               **error)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);
    g_autofree char *service = g_strdup_printf ("%d", port);

    vimana_display_session_spice_reset (self, FALSE);
    g_object_set (self->spice, "unix-path", NULL, "host", host, "port", service, "tls-port", NULL,
                  NULL);
    return vimana_display_session_spice_opened (spice_session_connect (self->spice), error);
}

static gboolean
vimana_display_session_spice_open_unix (VimanaDisplaySession  *session,
                                        const char            *path,
                                        GError               **error)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    vimana_display_session_spice_reset (self, FALSE);
    g_object_set (self->spice, "host", NULL, "port", NULL, "tls-port", NULL, "unix-path", path,
                  NULL);
    return vimana_display_session_spice_opened (spice_session_connect (self->spice), error);
}

static void
vimana_display_session_spice_close (VimanaDisplaySession *session)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    self->credentials_wanted = 0;
    vimana_display_session_spice_disconnect (self);
}

static GtkWidget *
vimana_display_session_spice_get_display (VimanaDisplaySession *session)
{
    return VIMANA_DISPLAY_SESSION_SPICE (session)->box;
}

static GdkPixbuf *
vimana_display_session_spice_get_pixbuf (VimanaDisplaySession *session)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);
    SpiceDisplay *shown = vimana_display_session_spice_shown (self);
    gboolean ready = FALSE;

    /* spice-gtk complains when asked with no picture (a guest between two screen modes). */
    if (shown == NULL || self->display_channel == NULL)
        return NULL;
    g_object_get (shown, "ready", &ready, NULL);
    if (!ready)
        return NULL;
    return spice_display_get_pixbuf (shown);
}

static gboolean
vimana_display_session_spice_set_credential (VimanaDisplaySession    *session,
                                             VimanaDisplayCredential  credential,
                                             const char              *value)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);
    gboolean linked;

    if ((self->credentials_wanted & credential) == 0)
        return FALSE;
    switch (credential) {
    case VIMANA_DISPLAY_CREDENTIAL_PASSWORD:
        g_object_set (self->spice, "password", value, NULL);
        break;
    case VIMANA_DISPLAY_CREDENTIAL_USERNAME:
        g_object_set (self->spice, "username", value, NULL);
        break;
    default:
        return FALSE;
    }
    self->credentials_wanted &= ~credential;
    self->credentials_given = TRUE;
    if (self->credentials_wanted != 0)
        return TRUE;

    /* All there: link the main channel again, the way the connection began. */
    g_debug ("Linking again with the credentials");
    linked = self->sockets_given ? spice_session_open_fd (self->spice, -1)
                                 : spice_session_connect (self->spice);
    if (!linked) {
        vimana_display_session_spice_set_reason (self, VIMANA_DISPLAY_SESSION_ERROR_FAILED,
                                                 _("The console could not be opened."));
        vimana_display_session_spice_disconnect (self);
    }
    return TRUE;
}

static SpiceDisplayKeyEvent
vimana_display_session_spice_key_event (VimanaDisplayKeyEvent event)
{
    switch (event) {
    case VIMANA_DISPLAY_KEY_PRESS:
        return SPICE_DISPLAY_KEY_EVENT_PRESS;
    case VIMANA_DISPLAY_KEY_RELEASE:
        return SPICE_DISPLAY_KEY_EVENT_RELEASE;
    case VIMANA_DISPLAY_KEY_CLICK:
    default:
        return SPICE_DISPLAY_KEY_EVENT_CLICK;
    }
}

static void
vimana_display_session_spice_send_keys (VimanaDisplaySession  *session,
                                        const guint           *keyvals,
                                        guint                  n_keyvals,
                                        VimanaDisplayKeyEvent  event)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);
    SpiceDisplay *shown = vimana_display_session_spice_shown (self);

    if (shown != NULL)
        spice_display_send_keys (shown, keyvals, (int) n_keyvals,
                                 vimana_display_session_spice_key_event (event));
}

static void
vimana_display_session_spice_set_grab_keys (VimanaDisplaySession *session,
                                            const guint          *keyvals,
                                            guint                 n_keyvals)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (session);

    g_free (self->grab_keys);
    self->grab_keys = g_memdup2 (keyvals, n_keyvals * sizeof (guint));
    self->n_grab_keys = n_keyvals;
    vimana_display_session_spice_apply_grab_keys (self);
}

static void
vimana_display_session_spice_view_changed (VimanaDisplaySession *session)
{
    vimana_display_session_spice_apply_view (VIMANA_DISPLAY_SESSION_SPICE (session));
}

/* ---- GObject ---- */

static void
vimana_display_session_spice_dispose (GObject *object)
{
    VimanaDisplaySessionSpice *self = VIMANA_DISPLAY_SESSION_SPICE (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->spice != NULL) {
        GList *channels;

        if (self->usb != NULL)
            g_signal_handlers_disconnect_by_data (self->usb, self);
        self->usb = NULL;

        vimana_display_session_close (VIMANA_DISPLAY_SESSION (self));
        vimana_display_session_spice_drop_display (self);
        g_signal_handlers_disconnect_by_data (self->spice, self);
        channels = spice_session_get_channels (self->spice);
        for (GList *l = channels; l != NULL; l = l->next)
            g_signal_handlers_disconnect_by_data (l->data, self);
        g_list_free (channels);
        self->main_channel = NULL;
        self->display_channel = NULL;
        g_clear_object (&self->spice);
        g_signal_handlers_disconnect_by_data (self->box, self);
        g_signal_handlers_disconnect_by_data (self->displays, self);
        self->displays = NULL;
        g_clear_object (&self->box);
    }
    g_clear_error (&self->reason);
    g_clear_pointer (&self->grab_keys, g_free);
    g_clear_handle_id (&self->lost_source, g_source_remove);
    g_clear_pointer (&self->lost, g_ptr_array_unref);

    G_OBJECT_CLASS (vimana_display_session_spice_parent_class)->dispose (object);
}

static void
vimana_display_session_spice_class_init (VimanaDisplaySessionSpiceClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    VimanaDisplaySessionClass *session_class = VIMANA_DISPLAY_SESSION_CLASS (klass);

    object_class->dispose = vimana_display_session_spice_dispose;

    session_class->features = VIMANA_DISPLAY_FEATURE_SEND_KEYS |
                              VIMANA_DISPLAY_FEATURE_SCREENSHOT |
                              VIMANA_DISPLAY_FEATURE_SCALING |
                              VIMANA_DISPLAY_FEATURE_RESIZE_GUEST |
                              VIMANA_DISPLAY_FEATURE_GRAB |
                              VIMANA_DISPLAY_FEATURE_USB_REDIRECT |
                              VIMANA_DISPLAY_FEATURE_SHARE_FOLDER;
    session_class->open_fd = vimana_display_session_spice_open_fd;
    session_class->open_host = vimana_display_session_spice_open_host;
    session_class->open_unix = vimana_display_session_spice_open_unix;
    session_class->close = vimana_display_session_spice_close;
    session_class->fd_supplied = vimana_display_session_spice_fd_supplied;
    session_class->get_display = vimana_display_session_spice_get_display;
    session_class->get_pixbuf = vimana_display_session_spice_get_pixbuf;
    session_class->set_credential = vimana_display_session_spice_set_credential;
    session_class->send_keys = vimana_display_session_spice_send_keys;
    session_class->set_grab_keys = vimana_display_session_spice_set_grab_keys;
    session_class->view_changed = vimana_display_session_spice_view_changed;
    session_class->make_usb_chooser = vimana_display_session_spice_make_usb_chooser;
    session_class->set_usb_auto_redirect = vimana_display_session_spice_set_usb_auto_redirect;
    session_class->share_folder = vimana_display_session_spice_share_folder;
}

/* The page switched to another monitor: what the owner copies of it changes. */
static gboolean
vimana_display_session_spice_switched_idle_cb (gpointer user_data)
{
    g_autoptr(VimanaDisplaySessionSpice) self = user_data;

    if (self->displays != NULL && self->shown)
        vimana_display_session_notify_frame (VIMANA_DISPLAY_SESSION (self));
    return G_SOURCE_REMOVE;
}

static void
vimana_display_session_spice_switched_cb (VimanaDisplaySessionSpice *self)
{
    /* (switch-page comes before the notebook's current page changed) */
    g_idle_add (vimana_display_session_spice_switched_idle_cb, g_object_ref (self));
}

static void
vimana_display_session_spice_init (VimanaDisplaySessionSpice *self)
{
    self->box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
    gtk_widget_set_hexpand (self->box, TRUE);
    gtk_widget_set_vexpand (self->box, TRUE);
    gtk_widget_show (self->box);
    self->displays = VIMANA_SPICE_DISPLAYS (vimana_spice_displays_new ());
    g_signal_connect_swapped (self->displays, "switch-page",
                              G_CALLBACK (vimana_display_session_spice_switched_cb), self);
    gtk_container_add (GTK_CONTAINER (self->box), GTK_WIDGET (self->displays));
    gtk_widget_show (GTK_WIDGET (self->displays));
    gtk_drag_dest_set (self->box, GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
    gtk_drag_dest_add_uri_targets (self->box);
    g_signal_connect (self->box, "drag-data-received",
                      G_CALLBACK (vimana_display_session_spice_drop_cb), self);
    self->cancellable = g_cancellable_new ();
    self->lost = g_ptr_array_new_with_free_func (g_free);

    self->spice = spice_session_new ();
    /* Nothing is shared until the user chooses a folder (spice-gtk's default is Public). */
    g_object_set (self->spice, "shared-dir", NULL, "share-dir-ro", FALSE, NULL);
    g_signal_connect (self->spice, "channel-new",
                      G_CALLBACK (vimana_display_session_spice_channel_new_cb), self);
    g_signal_connect (self->spice, "channel-destroy",
                      G_CALLBACK (vimana_display_session_spice_channel_destroy_cb), self);
}

/* Returns: (transfer full): a new SPICE session, not connected */
VimanaDisplaySession *
vimana_display_session_spice_new (void)
{
    return g_object_new (VIMANA_TYPE_DISPLAY_SESSION_SPICE, NULL);
}
