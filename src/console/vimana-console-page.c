/* vimana-console-page.c: a guest's console, following the guest
 *
 * The page connects only while it is shown (mapped, or detached into its own window) and the
 * guest runs. Each connection starts by fetching the live <graphics> again, because with
 * autoport the port changes every time the guest starts; the kind of display it names picks
 * the display session that shows it (vimana_console_page_backends[]), and the page knows the
 * session only through VimanaDisplaySession.
 *
 * A session that drops while the guest still runs is retried by itself, at most once a
 * second and three times in a row, then the page says why and offers Reconnect. The guest's
 * own state decides the rest: stopped shows "not running", started or rebooted connects
 * again, paused keeps the last picture under a "Paused" label.
 *
 * While a text console is chosen (vimana-console-page-chooser.c) the page shows it whatever the
 * guest's state, and the display session is closed while the guest is off, as before.
 *
 * This file holds the states and the following; vimana-console-page-connect.c reaches the
 * display, vimana-console-page-controls.c holds the toolbar, the password prompt and detaching,
 * vimana-console-page-chooser.c the chooser and "Start and attach".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-page"

#include "config.h"

#include "vimana-console-page-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vimana-console-test-hooks.h"
#include "vimana-display-session-spice.h"
#include "vimana-display-session-vnc.h"
#include "vimana-grab-keys.h"

G_DEFINE_FINAL_TYPE (VimanaConsolePage, vimana_console_page, GTK_TYPE_BOX)

/* The display sessions, by the kind of display they show. A kind not listed here gets a
 * placeholder that says so. */
static const struct
{
    VimanaGraphicsType graphics;
    GType              (*get_type) (void);
} vimana_console_page_backends[] = {
    { VIMANA_GRAPHICS_VNC, vimana_display_session_vnc_get_type },
    { VIMANA_GRAPHICS_SPICE, vimana_display_session_spice_get_type },
};

/* ---- state shown ---- */

void
vimana_console_page_forget_password (VimanaConsolePage *self)
{
    if (self->password != NULL) {
        memset (self->password, 0, strlen (self->password));
        g_clear_pointer (&self->password, g_free);
    }
}

void
vimana_console_page_set_reason (VimanaConsolePage *self,
                                const char        *reason)
{
    char *old = self->reason;

    /* @reason may be the current one. */
    self->reason = g_strdup (reason);
    g_free (old);
}

void
vimana_console_page_show (VimanaConsolePage *self,
                          const char        *state)
{
    gtk_stack_set_visible_child_name (self->stack, state);
    if (self->spinner != NULL)
        g_object_set (self->spinner, "active", g_strcmp0 (state, "connecting") == 0, NULL);
    if (g_strcmp0 (state, "disconnected") == 0)
        gtk_label_set_text (self->disconnected_text, self->reason ? self->reason : "");
    vimana_console_page_update_actions (self);
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

void
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

gboolean
vimana_console_page_session_is_open (VimanaConsolePage *self)
{
    return self->session != NULL && vimana_display_session_is_open (self->session);
}

/* Whether someone can see the console: the page is on screen, or it is detached. */
gboolean
vimana_console_page_is_shown (VimanaConsolePage *self)
{
    return gtk_widget_get_mapped (GTK_WIDGET (self)) || self->detached != NULL;
}

/* Brings the page in line with the guest's state. */
void
vimana_console_page_update (VimanaConsolePage *self)
{
    VimanaDomainState state;
    const char *visible;
    gboolean active;
    gboolean back;

    if (self->domain == NULL)
        return;
    state = vimana_domain_get_state (self->domain);
    active = vimana_domain_get_active (self->domain);
    /* The guest's connection was lost (state unknown) and is back. */
    back = self->state_unknown && state != VIMANA_DOMAIN_STATE_NOSTATE;
    self->state_unknown = state == VIMANA_DOMAIN_STATE_NOSTATE;
    gtk_widget_set_visible (self->paused_label, state == VIMANA_DOMAIN_STATE_PAUSED);

    if (!active || vimana_domain_get_removed (self->domain)) {
        self->was_active = FALSE;
        vimana_console_page_close (self);
        if (self->detached != NULL)
            vimana_console_page_attach (self);
        self->attempts = 0;
        self->shown_time = 0;
        self->first_frame_seen = FALSE;
        /* A text console stays: it says the guest stopped, and shows what it printed last. */
        vimana_console_page_show (self, self->chosen_device != NULL ? "text" : "not-running");
        return;
    }

    if (!self->was_active) {
        /* Started: a new QEMU, perhaps a new port. Earlier failures do not count. */
        self->was_active = TRUE;
        self->attempts = 0;
        g_clear_handle_id (&self->retry_source, g_source_remove);
        g_clear_handle_id (&self->fullscreen_bar_source, g_source_remove);
        g_clear_handle_id (&self->keys_sent_source, g_source_remove);
        g_clear_object (&self->overlay_motion);
        /* New ptys for the consoles. */
        vimana_console_page_refresh_devices (self);
    }
    /* The text console attaches by itself; the display connects when it is chosen again. */
    if (self->chosen_device != NULL) {
        vimana_console_page_update_actions (self);
        return;
    }
    visible = gtk_stack_get_visible_child_name (self->stack);
    if (back && !self->connecting && !vimana_console_page_session_is_open (self)) {
        /* The daemon restarted: a display that dropped meanwhile (or gave up while the
         * connection was away) is tried again from scratch. */
        self->attempts = 0;
        g_clear_handle_id (&self->retry_source, g_source_remove);
        if (g_strcmp0 (visible, "disconnected") == 0) {
            vimana_console_page_show (self, "connecting");
            visible = "connecting";
        }
    }
    /* While the connection is away there is nothing to connect through: wait for it. */
    if (self->state_unknown && !vimana_console_page_session_is_open (self))
        return;
    /* Only a page waiting for a session starts one; one that gave up (disconnected, SPICE,
     * no display, password) waits for the user or for the guest to start again. */
    if (g_strcmp0 (visible, "not-running") != 0 && g_strcmp0 (visible, "connecting") != 0)
        return;
    if (!vimana_console_page_is_shown (self)) {
        vimana_console_page_show (self, "connecting");
        return;
    }
    if (!self->connecting && !vimana_console_page_session_is_open (self) &&
        self->retry_source == 0)
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
    if (!vimana_console_page_session_is_open (self) && !self->connecting &&
        vimana_console_page_is_shown (self))
        vimana_console_page_connect (self);
}

/* ---- the session ---- */

/* Returns: the display session type that shows @type, or %G_TYPE_INVALID */
GType
vimana_console_page_session_type (VimanaGraphicsType type)
{
    for (guint i = 0; i < G_N_ELEMENTS (vimana_console_page_backends); i++) {
        if (vimana_console_page_backends[i].graphics == type)
            return vimana_console_page_backends[i].get_type ();
    }
    return G_TYPE_INVALID;
}

static void
vimana_console_page_apply_release_keys (VimanaConsolePage *self)
{
    g_autofree char *stored = NULL;
    g_autofree char *keys = NULL;
    g_autofree char *hint = NULL;
    guint keyvals[VIMANA_GRAB_KEYS_MAX];
    guint n_keys;

    if (self->settings != NULL)
        stored = g_settings_get_string (self->settings, "console-release-keys");
    keys = vimana_grab_keys_from_setting (stored);
    n_keys = vimana_grab_keys_to_keyvals (keys, keyvals);
    if (self->session != NULL && n_keys > 0)
        vimana_display_session_set_grab_keys (self->session, keyvals, n_keys);

    hint = vimana_grab_keys_hint (keys);
    gtk_label_set_text (self->grab_label, hint);
}

/* Drops the current session, its widget out of the page; the attempt under way goes on. */
static void
vimana_console_page_drop_session (VimanaConsolePage *self)
{
    GtkWidget *display;

    if (self->session == NULL)
        return;
    vimana_console_page_attach (self);
    if (self->usb_popover != NULL)
        gtk_widget_destroy (self->usb_popover);
    g_signal_handlers_disconnect_by_data (self->session, self);
    vimana_display_session_close (self->session);
    vimana_console_page_drop_tunnels (self);
    display = vimana_display_session_get_display (self->session);
    if (gtk_widget_get_parent (display) != NULL)
        gtk_container_remove (GTK_CONTAINER (gtk_widget_get_parent (display)), display);
    g_clear_object (&self->session);
}

/* Makes the page's session one of @type, keeping the one it has if it is. */
void
vimana_console_page_use_session (VimanaConsolePage *self,
                                 GType              type)
{
    g_autofree char *name = NULL;
    GtkWidget *display;

    g_assert (g_type_is_a (type, VIMANA_TYPE_DISPLAY_SESSION));

    if (self->session != NULL && G_OBJECT_TYPE (self->session) == type)
        return;
    vimana_console_page_drop_session (self);

    self->session = g_object_new (type, NULL);
    display = vimana_display_session_get_display (self->session);
    /* Translators: the console's accessible name; %s is the guest's name. */
    name = g_strdup_printf (_("Console of %s"), vimana_domain_get_name (self->domain));
    atk_object_set_name (gtk_widget_get_accessible (display), name);
    gtk_container_add (GTK_CONTAINER (self->scrolled), display);

    vimana_console_page_apply_view (self);
    vimana_console_page_apply_release_keys (self);
    vimana_console_page_listen (self);
    vimana_console_test_hooks_watch (self->session, vimana_domain_get_name (self->domain));
    vimana_console_page_update_actions (self);
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
    if (settings != NULL)
        g_signal_connect_object (settings, "changed::usb-auto-redirect",
                                 G_CALLBACK (vimana_console_page_apply_usb_auto_redirect), self,
                                 G_CONNECT_SWAPPED);
    if (settings != NULL)
        g_signal_connect_object (settings, "changed::console-resize-guest",
                                 G_CALLBACK (vimana_console_page_apply_resize_guest), self,
                                 G_CONNECT_SWAPPED);
    vimana_console_page_apply_release_keys (self);
    vimana_console_page_apply_usb_auto_redirect (self);
    vimana_console_page_apply_resize_guest (self);
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

    vimana_console_page_build_chooser (self);

    for (guint n = 1; n <= 12; n++) {
        g_autofree char *label = g_strdup_printf (_("Ctrl+Alt+F%u"), n);
        g_autofree char *detailed = g_strdup_printf ("console.send-key::ctrl-alt-f%u", n);

        g_menu_append (self->function_keys_section, label, detailed);
    }
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

    /* Cancels what is under way too: its callbacks hold the page, not its guest. */
    vimana_console_page_close (self);
    vimana_console_page_dispose_chooser (self);
    if (self->usb_popover != NULL)
        gtk_widget_destroy (self->usb_popover);
    vimana_console_page_drop_session (self);
    g_clear_handle_id (&self->retry_source, g_source_remove);
    vimana_console_page_drop_tunnels (self);
    g_clear_pointer (&self->channel_tunnels, g_ptr_array_unref);
    g_clear_pointer (&self->graphics, vimana_graphics_info_free);
    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->settings);
    g_clear_object (&self->actions);
    g_clear_object (&self->domain);
    vimana_console_page_forget_password (self);
    g_clear_pointer (&self->reason, g_free);

    G_OBJECT_CLASS (vimana_console_page_parent_class)->dispose (object);
}

static void
vimana_console_page_class_init (VimanaConsolePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_console_page_dispose;
    widget_class->map = vimana_console_page_map;

    g_type_ensure (VIMANA_TYPE_ERROR_BAR);
    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-console-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, toolbar);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, agent_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, resize_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, usb_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, share_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, grab_revealer);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, grab_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, custom_keys_popover);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, custom_keys_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, custom_keys_error);
    gtk_widget_class_bind_template_callback (widget_class, vimana_console_page_custom_keys_send_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_console_page_custom_keys_changed_cb);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, stack);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, chooser_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaConsolePage, chooser);
    gtk_widget_class_bind_template_callback (widget_class, vimana_console_page_chooser_changed_cb);
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
    gtk_widget_init_template (GTK_WIDGET (self));
    self->channel_tunnels = g_ptr_array_new_with_free_func (g_object_unref);
    vimana_console_page_add_actions (self);
    vimana_console_page_build (self);
    vimana_console_page_apply_view (self);
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
    g_return_if_fail (VIMANA_IS_CONSOLE_PAGE (self));
    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (self->domain == NULL);

    self->domain = g_object_ref (domain);
    g_signal_connect_object (domain, "notify::state",
                             G_CALLBACK (vimana_console_page_domain_notify_cb), self, 0);
    g_signal_connect_object (domain, "notify::active",
                             G_CALLBACK (vimana_console_page_domain_notify_cb), self, 0);
    g_signal_connect_object (domain, "notify::removed",
                             G_CALLBACK (vimana_console_page_domain_notify_cb), self, 0);
    g_signal_connect_object (domain, "rebooted", G_CALLBACK (vimana_console_page_rebooted_cb),
                             self, 0);
    vimana_console_page_refresh_devices (self);
    vimana_console_page_update (self);
}

/* Returns: what the page shows: "display", "not-running", "no-graphics", "spice",
 * "connecting", "disconnected", "password" or "text" (a text console) */
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

/**
 * vimana_console_page_get_session:
 * @self: a #VimanaConsolePage
 *
 * The session exists from the first attempt on a guest whose kind of display the page can
 * show; the page keeps it, and its widget, across attempts.
 *
 * Returns: (transfer none) (nullable): the display session
 */
VimanaDisplaySession *
vimana_console_page_get_session (VimanaConsolePage *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_PAGE (self), NULL);
    return self->session;
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
    /* A session that was connected winds down first; the page connects when it has
     * (vimana_console_page_update () from its notify::open). */
    vimana_console_page_show (self, "connecting");
    vimana_console_page_connect (self);
}
