/* vimana-console-page-controls.c: the Console page's toolbar, password prompt and detaching
 *
 * Every control acts on the page's display session (VimanaDisplaySession) and is offered only
 * where the session's kind can do it (vimana_display_session_get_features ()): keys and
 * screenshots while the guest shows, the view toggles whenever. The toggles keep their state
 * in the page's actions, so a new session (another kind of display) starts as the user left
 * the last one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-page"

#include "config.h"

#include "vimana-console-page-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vimana-console-keys.h"
#include "vimana-console-window.h"
#include "vimana-field-error.h"
#include "vimana-file-chooser.h"
#include "vimana-can-act.h"
#include "vimana-grab-keys.h"

static gboolean
vimana_console_page_get_toggle (VimanaConsolePage *self,
                                const char        *name)
{
    g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (self->actions),
                                                                 name);

    return g_variant_get_boolean (state);
}

static void
vimana_console_page_enable (VimanaConsolePage *self,
                            const char        *name,
                            gboolean           enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The display's controls, hidden while a text console shows (it has a toolbar of its own). */
static void
vimana_console_page_show_display_controls (VimanaConsolePage *self,
                                           gboolean           shown)
{
    GList *children = gtk_container_get_children (GTK_CONTAINER (self->toolbar));

    for (GList *l = children; l != NULL; l = l->next) {
        if (l->data != self->chooser_box)
            gtk_widget_set_visible (l->data, shown);
    }
    g_list_free (children);
}

/* Offers what the session can do now. */
void
vimana_console_page_update_actions (VimanaConsolePage *self)
{
    gboolean display = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "display") == 0;
    gboolean text = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "text") == 0;
    VimanaDisplayFeatures features = ~0u;
    gboolean agent_missing = FALSE;

    if (self->session != NULL) {
        features = vimana_display_session_get_features (self->session);
        agent_missing = vimana_display_session_get_agent_missing (self->session);
    }
    for (const char * const *name = (const char * const[]) { "send-key", "custom-keys",
                                                             "paste-keys", NULL };
         *name != NULL; name++)
        vimana_console_page_enable (self, *name,
                                    display && (features & VIMANA_DISPLAY_FEATURE_SEND_KEYS));
    vimana_console_page_enable (self, "screenshot",
                                display && (features & VIMANA_DISPLAY_FEATURE_SCREENSHOT));
    vimana_console_page_enable (self, "scale", features & VIMANA_DISPLAY_FEATURE_SCALING);
    vimana_console_page_enable (self, "keep-aspect", features & VIMANA_DISPLAY_FEATURE_SCALING);
    vimana_console_page_enable (self, "resize-guest",
                                (features & VIMANA_DISPLAY_FEATURE_RESIZE_GUEST) && !agent_missing);
    vimana_widget_set_can_act (self->resize_button,
                               (features & VIMANA_DISPLAY_FEATURE_RESIZE_GUEST) && !agent_missing,
                               agent_missing ?
                               _("Resizing the guest to the window needs spice-vdagent in the guest") :
                               NULL);
    vimana_console_page_enable (self, "start-attach", vimana_console_page_can_start_attached (self));
    vimana_console_page_show_display_controls (self, !text);
    vimana_console_page_update_device_actions (self);
    /* Without the agent, the clipboard, resizing and dropping files do nothing: say so. */
    gtk_widget_set_visible (self->agent_label, !text && agent_missing);
}

/* ---- keys ---- */

/* How long the note that keys went out, and the fullscreen bar, stay. */
#define VIMANA_CONSOLE_NOTE_MS 2000
#define VIMANA_CONSOLE_FULLSCREEN_BAR_MS 3000

static gboolean
vimana_console_page_keys_sent_hide_cb (gpointer user_data)
{
    VimanaConsolePage *self = user_data;

    self->keys_sent_source = 0;
    gtk_revealer_set_reveal_child (self->keys_sent_revealer, FALSE);
    return G_SOURCE_REMOVE;
}

/* A key combination gives the user no sign on the guest's screen by itself (Ctrl+Alt+Del at a
 * login prompt): the page says it went out. */
static void
vimana_console_page_say_keys_sent (VimanaConsolePage *self,
                                   const char        *keys)
{
    /* Translators: %s is a key combination, such as Ctrl+Alt+Del. */
    g_autofree char *text = g_strdup_printf (_("Sent %s to the guest"), keys);

    gtk_label_set_text (self->keys_sent_label, text);
    gtk_revealer_set_reveal_child (self->keys_sent_revealer, TRUE);
    g_clear_handle_id (&self->keys_sent_source, g_source_remove);
    self->keys_sent_source = g_timeout_add (VIMANA_CONSOLE_NOTE_MS,
                                            vimana_console_page_keys_sent_hide_cb, self);
}

static char *
vimana_console_page_key_label (const char *id)
{
    static const struct { const char *id; const char *label; } labels[] = {
        { "ctrl-alt-del", "Ctrl+Alt+Del" },
        { "ctrl-alt-backspace", "Ctrl+Alt+Backspace" },
        { "print", N_("Print Screen") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++) {
        if (g_str_equal (id, labels[i].id))
            return g_strdup (_(labels[i].label));
    }
    if (g_str_has_prefix (id, "ctrl-alt-f"))
        return g_strdup_printf ("Ctrl+Alt+F%s", id + strlen ("ctrl-alt-f"));
    return g_strdup (id);
}

static void
vimana_console_page_send_key_cb (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    const char *id = g_variant_get_string (parameter, NULL);

    if (self->session != NULL && vimana_console_keys_send_named (self->session, id)) {
        g_autofree char *label = vimana_console_page_key_label (id);

        vimana_console_page_say_keys_sent (self, label);
    }
}

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
void
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
    if (self->session != NULL) {
        vimana_display_session_send_keys (self->session, keyvals, n_keys,
                                          VIMANA_DISPLAY_KEY_CLICK);
        vimana_console_page_say_keys_sent (self, gtk_entry_get_text (self->custom_keys_entry));
    }
}

void
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

    if (text != NULL && self->session != NULL)
        vimana_display_session_type_text (self->session, text, VIMANA_CONSOLE_MAX_PASTE);
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

/* ---- view ---- */

/* Gives the session, the page and a detached window the view the toggles say. */
void
vimana_console_page_apply_view (VimanaConsolePage *self)
{
    gboolean scale = vimana_console_page_get_toggle (self, "scale");
    GtkPolicyType policy = scale ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC;

    if (self->session != NULL) {
        vimana_display_session_set_scaling (self->session, scale);
        vimana_display_session_set_keep_aspect (self->session,
                                                vimana_console_page_get_toggle (self,
                                                                                "keep-aspect"));
        vimana_display_session_set_resize_guest (self->session,
                                                 vimana_console_page_get_toggle (self,
                                                                                 "resize-guest"));
    }
    /* 1:1 scrolls; scaled, the display takes whatever the window gives it. */
    gtk_scrolled_window_set_policy (self->scrolled, policy, policy);
    if (self->detached != NULL)
        vimana_console_window_set_scaling (VIMANA_CONSOLE_WINDOW (self->detached), scale);
}

static void
vimana_console_page_toggle_cb (GSimpleAction *action,
                               GVariant      *value,
                               gpointer       user_data)
{
    VimanaConsolePage *self = VIMANA_CONSOLE_PAGE (user_data);

    g_simple_action_set_state (action, value);
    /* Resizing the guest to the window is a preference: every console after this one too. */
    if (self->settings != NULL &&
        g_strcmp0 (g_action_get_name (G_ACTION (action)), "resize-guest") == 0 &&
        g_settings_get_boolean (self->settings, "console-resize-guest") !=
        g_variant_get_boolean (value))
        g_settings_set_boolean (self->settings, "console-resize-guest",
                                g_variant_get_boolean (value));
    vimana_console_page_apply_view (self);
}

/* The preference changed (here or in another console): the toggle follows it. */
void
vimana_console_page_apply_resize_guest (VimanaConsolePage *self)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "resize-guest");

    if (self->settings == NULL)
        return;
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (g_settings_get_boolean (self->settings,
                                                                              "console-resize-guest")));
    vimana_console_page_apply_view (self);
}

static gboolean
vimana_console_page_fullscreen_bar_hide_cb (gpointer user_data)
{
    VimanaConsolePage *self = user_data;
    GtkWidget *bar = gtk_bin_get_child (GTK_BIN (self->fullscreen_revealer));

    /* (not from under the pointer) */
    if (bar != NULL && (gtk_widget_get_state_flags (bar) & GTK_STATE_FLAG_PRELIGHT))
        return G_SOURCE_CONTINUE;
    self->fullscreen_bar_source = 0;
    gtk_revealer_set_reveal_child (self->fullscreen_revealer, FALSE);
    return G_SOURCE_REMOVE;
}

/* In fullscreen the way out shows for a moment, then leaves the guest's whole screen; the
 * pointer at the top edge brings it back. */
static void
vimana_console_page_show_fullscreen_bar (VimanaConsolePage *self)
{
    gtk_revealer_set_reveal_child (self->fullscreen_revealer, TRUE);
    g_clear_handle_id (&self->fullscreen_bar_source, g_source_remove);
    self->fullscreen_bar_source = g_timeout_add (VIMANA_CONSOLE_FULLSCREEN_BAR_MS,
                                                 vimana_console_page_fullscreen_bar_hide_cb, self);
}

static void
vimana_console_page_overlay_motion_cb (GtkEventControllerMotion *controller,
                                       double                    x,
                                       double                    y,
                                       gpointer                  user_data)
{
    VimanaConsolePage *self = user_data;

    if (self->fullscreen && y < 8 && !gtk_revealer_get_reveal_child (self->fullscreen_revealer))
        vimana_console_page_show_fullscreen_bar (self);
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
    if (on) {
        vimana_console_page_show_fullscreen_bar (self);
    } else {
        g_clear_handle_id (&self->fullscreen_bar_source, g_source_remove);
        gtk_revealer_set_reveal_child (self->fullscreen_revealer, FALSE);
    }
}

/* ---- screenshot ---- */

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
    GdkPixbuf *pixbuf = NULL;
    GtkFileChooserNative *chooser;
    g_autofree char *name = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H-%M-%S");

    if (self->session != NULL)
        pixbuf = vimana_display_session_get_pixbuf (self->session);
    if (pixbuf == NULL)
        return;
    chooser = vimana_file_chooser_new (GTK_WIDGET (self), _("Save Screenshot"),
                                       GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
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

/* ---- the password ---- */

void
vimana_console_page_password_activate_cb (VimanaConsolePage *self)
{
    const char *text = gtk_entry_get_text (self->password_entry);

    vimana_console_page_forget_password (self);
    self->remember_password = gtk_toggle_button_get_active (self->remember_check);
    if (!vimana_console_page_session_is_open (self)) {
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
    vimana_display_session_set_credential (self->session, VIMANA_DISPLAY_CREDENTIAL_PASSWORD,
                                           text);
    gtk_entry_set_text (self->password_entry, "");
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
void
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

static GtkWidget *
vimana_console_page_new_detached_placeholder (void)
{
    GtkWidget *placeholder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_Bring Back"));

    gtk_widget_set_valign (placeholder, GTK_ALIGN_CENTER);
    gtk_container_add (GTK_CONTAINER (placeholder),
                       gtk_label_new (_("The console is shown in its own window.")));
    gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "console.detach");
    gtk_container_add (GTK_CONTAINER (placeholder), button);
    gtk_widget_show_all (placeholder);
    return placeholder;
}

static void
vimana_console_page_detach (VimanaConsolePage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    g_autofree char *title = NULL;
    GtkWidget *display;
    GtkWidget *parent;

    if (self->detached != NULL || self->domain == NULL || self->session == NULL)
        return;
    display = vimana_display_session_get_display (self->session);
    parent = gtk_widget_get_parent (display);
    /* Translators: the title of a console's own window; %s is the guest's name. */
    title = g_strdup_printf (_("Console of %s"), vimana_domain_get_name (self->domain));
    g_object_ref (display);
    gtk_container_remove (GTK_CONTAINER (parent), display);
    /* A display that does not scroll by itself sits in a viewport: that goes too. */
    if (parent != GTK_WIDGET (self->scrolled))
        gtk_container_remove (GTK_CONTAINER (self->scrolled), parent);

    self->detached_page = vimana_console_page_new_detached_placeholder ();
    gtk_container_add (GTK_CONTAINER (self->scrolled), self->detached_page);

    self->detached = vimana_console_window_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                         : NULL,
                                                title, display);
    g_object_unref (display);
    vimana_console_window_set_scaling (VIMANA_CONSOLE_WINDOW (self->detached),
                                       vimana_console_page_get_toggle (self, "scale"));
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

void
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

    GtkWidget *overlay = gtk_widget_get_parent (GTK_WIDGET (self->fullscreen_revealer));
    GtkWidget *note_box, *note_label;

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries),
                                     self);
    vimana_console_page_add_device_actions (self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "console", G_ACTION_GROUP (self->actions));

    /* Over the display: the note that keys went out, and what brings the fullscreen bar back
     * (seen before the display takes the motion). */
    note_label = gtk_label_new (NULL);
    note_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_style_context_add_class (gtk_widget_get_style_context (note_box), "app-notification");
    gtk_container_add (GTK_CONTAINER (note_box), note_label);
    self->keys_sent_label = GTK_LABEL (note_label);
    self->keys_sent_revealer = GTK_REVEALER (gtk_revealer_new ());
    gtk_widget_set_halign (GTK_WIDGET (self->keys_sent_revealer), GTK_ALIGN_CENTER);
    gtk_widget_set_valign (GTK_WIDGET (self->keys_sent_revealer), GTK_ALIGN_END);
    gtk_widget_set_margin_bottom (GTK_WIDGET (self->keys_sent_revealer), 24);
    gtk_revealer_set_transition_type (self->keys_sent_revealer, GTK_REVEALER_TRANSITION_TYPE_CROSSFADE);
    gtk_container_add (GTK_CONTAINER (self->keys_sent_revealer), note_box);
    gtk_widget_show_all (GTK_WIDGET (self->keys_sent_revealer));
    if (GTK_IS_OVERLAY (overlay)) {
        gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->keys_sent_revealer));
        gtk_overlay_set_overlay_pass_through (GTK_OVERLAY (overlay),
                                              GTK_WIDGET (self->keys_sent_revealer), TRUE);
        self->overlay_motion = gtk_event_controller_motion_new (overlay);
        gtk_event_controller_set_propagation_phase (self->overlay_motion, GTK_PHASE_CAPTURE);
        g_signal_connect (self->overlay_motion, "motion",
                          G_CALLBACK (vimana_console_page_overlay_motion_cb), self);
    }
}
