/* vimana-console-page-private.h: what the Console page's files share
 *
 * The page is one object in three files: vimana-console-page.c (the states it shows and how it
 * follows the guest; building; the session for the guest's kind of display),
 * vimana-console-page-connect.c (reaching the display and listening to the session) and
 * vimana-console-page-controls.c (the toolbar, the password prompt, detaching) and
 * vimana-console-page-chooser.c (the display or a text console; "Start and attach") and
 * vimana-console-page-devices.c (USB devices and the shared folder).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-console-page.h"
#include "vimana-graphics.h"
#include "vimana-ssh-tunnel.h"
#include "vimana-error-bar.h"

G_BEGIN_DECLS

#define VIMANA_CONSOLE_MAX_ATTEMPTS       3
#define VIMANA_CONSOLE_RETRY_SECONDS      1
#define VIMANA_CONSOLE_MAX_PASSWORD_TRIES 3
#define VIMANA_CONSOLE_MAX_PASTE          4096

/* How the session reached the display, so that a protocol with several channels (SPICE) gets
 * each further socket the same way (VimanaDisplaySession::need-fd). */
typedef enum
{
    VIMANA_CONSOLE_ROUTE_NONE,
    VIMANA_CONSOLE_ROUTE_LIBVIRT,   /* sockets from virDomainOpenGraphicsFD */
    VIMANA_CONSOLE_ROUTE_TUNNEL,    /* streams over the user's ssh to the remote display */
    VIMANA_CONSOLE_ROUTE_DIRECT,    /* the session dials the address or socket itself */
} VimanaConsoleRoute;

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
    GtkPopover        *custom_keys_popover;
    GtkEntry          *custom_keys_entry;
    GtkLabel          *custom_keys_error;
    GtkWidget         *chooser_box;
    GtkWidget         *agent_label;
    GtkWidget         *resize_button;
    GtkWidget         *usb_button;
    GtkWidget         *share_button;
    VimanaErrorBar    *error_bar;
    GtkComboBoxText   *chooser;

    /* built widgets */
    GtkLabel          *disconnected_text;
    GtkLabel          *not_running_text;
    GtkLabel          *no_graphics_text;
    GtkSpinner        *spinner;
    GtkWidget         *start_attach_button;  /* on "not-running", when there is a text console */
    GtkWidget         *show_text_button;     /* on "no-graphics", likewise */
    GtkRevealer       *keys_sent_revealer;  /* "Sent Ctrl+Alt+Del", for a moment */
    GtkLabel          *keys_sent_label;
    GtkWidget         *text_console;     /* a VimanaTextConsole in the stack, once a guest
                                          * without a display showed its serial console */

    /* owned references */
    VimanaDomain         *domain;
    VimanaDisplaySession *session;          /* for the guest's kind of display, once known */
    GSettings            *settings;
    GSimpleActionGroup   *actions;
    GCancellable         *cancellable;
    VimanaGraphicsInfo   *graphics;         /* the display of this attempt */
    VimanaConsoleRoute    route;
    VimanaSshTunnel      *tunnel;           /* the session's first stream over ssh, or NULL */
    GPtrArray            *channel_tunnels;  /* VimanaSshTunnel: further streams (need-fd) */
    GtkWidget            *detached;         /* a VimanaConsoleWindow, or NULL */
    GtkWidget            *usb_popover;      /* spice-gtk's USB chooser, once opened (weak) */
    GtkWidget            *detached_page;    /* shown where the display was while detached */
    GtkEventController   *overlay_motion;   /* brings the fullscreen bar back */
    char                 *reason;
    char                 *password;         /* for the next request, or for this session */
    gboolean              remember_password;

    /* connection state */
    gboolean            was_active;
    gboolean            state_unknown;      /* the guest's connection was lost */
    gboolean            connecting;         /* fetching, opening or handshaking */
    gboolean            initialized;
    guint               attempts;           /* connection attempts since the last success */
    guint               password_failures;
    guint               retry_source;
    gint64              shown_time;         /* when the page asked to connect, for the bench */
    gboolean            first_frame_seen;
    gboolean            fullscreen;
    guint               fullscreen_bar_source;  /* hides the fullscreen bar */
    guint               keys_sent_source;       /* hides the keys-sent note */

    /* the chooser */
    GPtrArray          *devices;            /* VimanaConsoleDevice, the last read */
    GCancellable       *devices_cancellable;
    char               *chosen_device;      /* the text console shown, NULL for the display */
    gboolean            no_display;         /* the live XML had no <graphics> */
    gboolean            chose_by_itself;    /* a guest without a display showed its console */
    gboolean            starting_attached;  /* "Start and attach" under way */
    gboolean            start_attach_pending; /* asked before the consoles were read */
    GCancellable       *start_cancellable;
};

/* vimana-console-page.c */
void     vimana_console_page_show             (VimanaConsolePage *self,
                                               const char        *state);
void     vimana_console_page_set_reason       (VimanaConsolePage *self,
                                               const char        *reason);
void     vimana_console_page_failed           (VimanaConsolePage *self,
                                               const char        *reason,
                                               gboolean           retry);
void     vimana_console_page_forget_password  (VimanaConsolePage *self);
void     vimana_console_page_update           (VimanaConsolePage *self);
gboolean vimana_console_page_is_shown         (VimanaConsolePage *self);
gboolean vimana_console_page_session_is_open  (VimanaConsolePage *self);
GType    vimana_console_page_session_type     (VimanaGraphicsType type);
void     vimana_console_page_use_session      (VimanaConsolePage *self,
                                               GType              type);

/* vimana-console-page-chooser.c */
void     vimana_console_page_build_chooser    (VimanaConsolePage *self);
void     vimana_console_page_dispose_chooser  (VimanaConsolePage *self);
void     vimana_console_page_refresh_devices  (VimanaConsolePage *self);
void     vimana_console_page_set_devices      (VimanaConsolePage *self,
                                               GPtrArray         *devices);
void     vimana_console_page_no_display       (VimanaConsolePage *self,
                                               GPtrArray         *devices);
void     vimana_console_page_choose           (VimanaConsolePage *self,
                                               const char        *name);
gboolean vimana_console_page_can_start_attached (VimanaConsolePage *self);
void     vimana_console_page_chooser_changed_cb (VimanaConsolePage *self);

/* vimana-console-page-connect.c */
void     vimana_console_page_connect          (VimanaConsolePage *self);
void     vimana_console_page_close            (VimanaConsolePage *self);
void     vimana_console_page_drop_tunnels     (VimanaConsolePage *self);
void     vimana_console_page_listen           (VimanaConsolePage *self);

/* vimana-console-page-controls.c */
void     vimana_console_page_add_actions      (VimanaConsolePage *self);
void     vimana_console_page_update_actions   (VimanaConsolePage *self);
void     vimana_console_page_apply_view       (VimanaConsolePage *self);
void     vimana_console_page_apply_resize_guest (VimanaConsolePage *self);
void     vimana_console_page_attach           (VimanaConsolePage *self);
void     vimana_console_page_password_activate_cb   (VimanaConsolePage *self);
void     vimana_console_page_custom_keys_send_cb    (VimanaConsolePage *self);
void     vimana_console_page_custom_keys_changed_cb (VimanaConsolePage *self);

/* vimana-console-page-devices.c */
void     vimana_console_page_add_device_actions      (VimanaConsolePage *self);
void     vimana_console_page_update_device_actions   (VimanaConsolePage *self);
void     vimana_console_page_apply_usb_auto_redirect (VimanaConsolePage *self);
void     vimana_console_page_listen_devices          (VimanaConsolePage *self);

G_END_DECLS
