/* vimana-display-session.h: a guest's console, whatever protocol shows it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIMANA_DISPLAY_SESSION_ERROR (vimana_display_session_error_quark ())

typedef enum
{
    VIMANA_DISPLAY_SESSION_ERROR_FAILED,            /* it could not connect, or broke: try again */
    VIMANA_DISPLAY_SESSION_ERROR_AUTH_FAILED,       /* the credentials were refused */
    VIMANA_DISPLAY_SESSION_ERROR_AUTH_UNSUPPORTED,  /* an authentication we cannot do: do not retry */
    VIMANA_DISPLAY_SESSION_ERROR_BUSY,              /* the session is open already */
    VIMANA_DISPLAY_SESSION_ERROR_NOT_SUPPORTED,     /* this kind cannot connect that way */
} VimanaDisplaySessionError;

/* What a server asks for before it shows anything (the ::auth-needed signal's flags). */
typedef enum
{
    VIMANA_DISPLAY_CREDENTIAL_PASSWORD = 1 << 0,
    VIMANA_DISPLAY_CREDENTIAL_USERNAME = 1 << 1,
} VimanaDisplayCredential;

/* What a kind of session can do; the page offers only these controls. */
typedef enum
{
    VIMANA_DISPLAY_FEATURE_SEND_KEYS = 1 << 0,     /* key combinations, and text typed as keys */
    VIMANA_DISPLAY_FEATURE_SCREENSHOT = 1 << 1,
    VIMANA_DISPLAY_FEATURE_SCALING = 1 << 2,       /* scale to the window, keep the aspect */
    VIMANA_DISPLAY_FEATURE_RESIZE_GUEST = 1 << 3,
    VIMANA_DISPLAY_FEATURE_GRAB = 1 << 4,          /* keyboard grab with a release combination */
    VIMANA_DISPLAY_FEATURE_USB_REDIRECT = 1 << 5,  /* the host's USB devices, where the guest can */
    VIMANA_DISPLAY_FEATURE_SHARE_FOLDER = 1 << 6,  /* a host folder, where the guest can */
} VimanaDisplayFeatures;

/* What this connection to the guest offers beyond the picture (it depends on the guest's
 * devices, not on the kind of session): the ::notify::extras property follows it. */
typedef enum
{
    VIMANA_DISPLAY_EXTRA_USB_REDIRECT = 1 << 0,    /* USB redirection channels */
    VIMANA_DISPLAY_EXTRA_SHARED_FOLDER = 1 << 1,   /* the WebDAV port for a shared folder */
} VimanaDisplayExtras;

typedef enum
{
    VIMANA_DISPLAY_KEY_PRESS = 1 << 0,
    VIMANA_DISPLAY_KEY_RELEASE = 1 << 1,
    VIMANA_DISPLAY_KEY_CLICK = VIMANA_DISPLAY_KEY_PRESS | VIMANA_DISPLAY_KEY_RELEASE,
} VimanaDisplayKeyEvent;

#define VIMANA_TYPE_DISPLAY_SESSION (vimana_display_session_get_type ())

G_DECLARE_DERIVABLE_TYPE (VimanaDisplaySession, vimana_display_session, VIMANA, DISPLAY_SESSION,
                          GObject)

/**
 * VimanaDisplaySessionClass:
 * @features: what this kind can do
 * @open_fd: connects over @fd, which it owns if it returns %TRUE (the session closes it
 *   otherwise); for a protocol with several channels, the first one (the others are asked for
 *   with vimana_display_session_request_fd ()); for a text console, the guest's stream
 * @open_host: dials @host:@port itself (every channel, where there are several)
 * @open_unix: dials the UNIX socket at @path itself
 * @close: drops the connection; the implementation still reports the disconnection once its
 *   library has wound the connection down (the session does not pass it on)
 * @fd_supplied: the owner's answer to vimana_display_session_request_fd (@request_data): @fd,
 *   owned by the session from then on, or -1 and @error
 * @get_display: the widget that shows the guest, owned by the session
 * @get_pixbuf: what the display shows now
 * @set_credential: answers ::auth-needed
 * @send_keys: @keyvals pressed in order and released in reverse (or only one of the two)
 * @type_text: types @text as keys; the default presses them one by one on a US layout
 * @set_grab_keys: the combination that releases a keyboard grab
 * @view_changed: the scaling, aspect, resize or grab properties changed: apply them
 * @make_usb_chooser: a new widget to choose the host's USB devices given to the guest
 * @set_usb_auto_redirect: whether USB devices plugged in while connected go to the guest
 * @share_folder: shares the host's folder @path with the guest (%NULL: none)
 *
 * Implementations report what happens through the vimana_display_session_notify_* () calls,
 * which keep the signals consistent whatever the protocol library does.
 */
struct _VimanaDisplaySessionClass
{
    GObjectClass parent_class;

    VimanaDisplayFeatures features;

    gboolean   (*open_fd) (VimanaDisplaySession     *self,
                           int                       fd,
                           GError                  **error);
    gboolean   (*open_host) (VimanaDisplaySession     *self,
                             const char               *host,
                             int                       port,
                             GError                  **error);
    gboolean   (*open_unix) (VimanaDisplaySession     *self,
                             const char               *path,
                             GError                  **error);
    void       (*close) (VimanaDisplaySession     *self);
    void       (*fd_supplied) (VimanaDisplaySession     *self,
                               gpointer                  request_data,
                               int                       fd,
                               const GError             *error);

    GtkWidget *(*get_display) (VimanaDisplaySession     *self);
    GdkPixbuf *(*get_pixbuf) (VimanaDisplaySession     *self);
    gboolean   (*set_credential) (VimanaDisplaySession     *self,
                                  VimanaDisplayCredential   credential,
                                  const char               *value);
    void       (*send_keys) (VimanaDisplaySession     *self,
                             const guint              *keyvals,
                             guint                     n_keyvals,
                             VimanaDisplayKeyEvent     event);
    guint      (*type_text) (VimanaDisplaySession     *self,
                             const char               *text,
                             guint                     max_chars);
    void       (*set_grab_keys) (VimanaDisplaySession     *self,
                                 const guint              *keyvals,
                                 guint                     n_keyvals);
    void       (*view_changed) (VimanaDisplaySession     *self);
    GtkWidget *(*make_usb_chooser) (VimanaDisplaySession     *self);
    void       (*set_usb_auto_redirect) (VimanaDisplaySession     *self,
                                         gboolean                  auto_redirect);
    gboolean   (*share_folder) (VimanaDisplaySession     *self,
                                const char               *path,
                                GError                  **error);

    /*< private >*/
    gpointer padding[5];
};

GQuark                vimana_display_session_error_quark    (void);

/* connecting */
gboolean              vimana_display_session_open_fd        (VimanaDisplaySession     *self,
                                                             int                       fd,
                                                             GError                  **error);
gboolean              vimana_display_session_open_host      (VimanaDisplaySession     *self,
                                                             const char               *host,
                                                             int                       port,
                                                             GError                  **error);
gboolean              vimana_display_session_open_unix      (VimanaDisplaySession     *self,
                                                             const char               *path,
                                                             GError                  **error);
void                  vimana_display_session_close          (VimanaDisplaySession     *self);
gboolean              vimana_display_session_is_open        (VimanaDisplaySession     *self);
gboolean              vimana_display_session_get_connected  (VimanaDisplaySession     *self);
void                  vimana_display_session_supply_fd      (VimanaDisplaySession     *self,
                                                             guint                     request,
                                                             int                       fd,
                                                             const GError             *error);
gboolean              vimana_display_session_set_credential (VimanaDisplaySession     *self,
                                                             VimanaDisplayCredential   credential,
                                                             const char               *value);

/* what it shows and does */
VimanaDisplayFeatures vimana_display_session_get_features   (VimanaDisplaySession     *self);
GtkWidget            *vimana_display_session_get_display    (VimanaDisplaySession     *self);
GdkPixbuf            *vimana_display_session_get_pixbuf     (VimanaDisplaySession     *self);
void                  vimana_display_session_get_size       (VimanaDisplaySession     *self,
                                                             int                      *width,
                                                             int                      *height);
void                  vimana_display_session_send_keys      (VimanaDisplaySession     *self,
                                                             const guint              *keyvals,
                                                             guint                     n_keyvals,
                                                             VimanaDisplayKeyEvent     event);
guint                 vimana_display_session_type_text      (VimanaDisplaySession     *self,
                                                             const char               *text,
                                                             guint                     max_chars);
void                  vimana_display_session_set_grab_keys  (VimanaDisplaySession     *self,
                                                             const guint              *keyvals,
                                                             guint                     n_keyvals);
gboolean              vimana_display_session_get_keyboard_grabbed (VimanaDisplaySession *self);
gboolean              vimana_display_session_get_agent_missing (VimanaDisplaySession *self);
VimanaDisplayExtras   vimana_display_session_get_extras     (VimanaDisplaySession     *self);
GtkWidget            *vimana_display_session_make_usb_chooser (VimanaDisplaySession   *self);
void                  vimana_display_session_set_usb_auto_redirect (VimanaDisplaySession *self,
                                                                    gboolean              auto_redirect);
gboolean              vimana_display_session_share_folder   (VimanaDisplaySession     *self,
                                                             const char               *path,
                                                             GError                  **error);

/* view */
gboolean              vimana_display_session_get_scaling    (VimanaDisplaySession     *self);
void                  vimana_display_session_set_scaling    (VimanaDisplaySession     *self,
                                                             gboolean                  scaling);
gboolean              vimana_display_session_get_keep_aspect (VimanaDisplaySession    *self);
void                  vimana_display_session_set_keep_aspect (VimanaDisplaySession    *self,
                                                              gboolean                 keep_aspect);
gboolean              vimana_display_session_get_resize_guest (VimanaDisplaySession   *self);
void                  vimana_display_session_set_resize_guest (VimanaDisplaySession   *self,
                                                               gboolean                resize_guest);
gboolean              vimana_display_session_get_grab_keyboard (VimanaDisplaySession  *self);
void                  vimana_display_session_set_grab_keyboard (VimanaDisplaySession  *self,
                                                                gboolean               grab);
gboolean              vimana_display_session_get_grab_pointer (VimanaDisplaySession   *self);
void                  vimana_display_session_set_grab_pointer (VimanaDisplaySession   *self,
                                                               gboolean                grab);

/* for implementations: what their protocol library reported */
void                  vimana_display_session_notify_connected     (VimanaDisplaySession    *self,
                                                                   int                      width,
                                                                   int                      height);
void                  vimana_display_session_notify_disconnected  (VimanaDisplaySession    *self,
                                                                   const GError            *error);
void                  vimana_display_session_notify_auth_needed   (VimanaDisplaySession    *self,
                                                                   VimanaDisplayCredential  credentials);
void                  vimana_display_session_notify_auth_failed   (VimanaDisplaySession    *self,
                                                                   const char              *message);
void                  vimana_display_session_notify_resized       (VimanaDisplaySession    *self,
                                                                   int                      width,
                                                                   int                      height);
void                  vimana_display_session_notify_frame         (VimanaDisplaySession    *self);
void                  vimana_display_session_notify_agent_missing (VimanaDisplaySession *self,
                                                                   gboolean              missing);
void                  vimana_display_session_notify_extras        (VimanaDisplaySession    *self,
                                                                   VimanaDisplayExtras      extras);
void                  vimana_display_session_notify_problem       (VimanaDisplaySession    *self,
                                                                   const char              *message);
void                  vimana_display_session_notify_keyboard_grab (VimanaDisplaySession    *self,
                                                                   gboolean                 grabbed);
gboolean              vimana_display_session_request_fd           (VimanaDisplaySession    *self,
                                                                   const char              *channel,
                                                                   gpointer                 data,
                                                                   GDestroyNotify           destroy);

G_END_DECLS
