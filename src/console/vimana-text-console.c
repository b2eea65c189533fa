/* vimana-text-console.c: a guest's serial or text console in a terminal
 *
 * A VteTerminal shows what a VimanaConsoleStream receives and sends what is typed (or pasted)
 * into it. Copy and paste (Ctrl+Shift+C/V, the context menu), search in the scrollback (a
 * search bar, Ctrl+Shift+F), saving the output and Magic SysRq are the toolbar's (actions in the
 * "text" group). When another client holds the console the status row says so and offers to
 * take it over, after asking. When the console closes because the guest stopped or the daemon
 * went away, the row says so and the console attaches again when the guest runs again; while the
 * guest is off, the row offers the page's "Start and Attach". Typing while not attached goes
 * nowhere: the stream drops it.
 *
 * Break: libvirt's console stream (virDomainOpenConsole) carries bytes only; QEMU's pty character
 * device, which is what it opens, has no way to receive a break from the client. The menu says so
 * and offers SysRq on the guest's keyboard instead (virDomainSendKey), which a Linux guest reads
 * the same as a serial Break followed by the letter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-text-console"

#include "config.h"

#include "vimana-text-console.h"

#include <glib/gi18n.h>
#include <vte/vte.h>

#include "vimana-file-chooser.h"

/* PCRE2 flags for vte_regex_new_for_search (), without pulling pcre2.h in. */
#define VIMANA_PCRE2_CASELESS  0x00000008u
#define VIMANA_PCRE2_MULTILINE 0x00000400u

#define VIMANA_TEXT_CONSOLE_SCROLLBACK 10000

/* Linux key codes (linux/input-event-codes.h) for Alt+SysRq+letter. */
#define VIMANA_KEY_LEFTALT 56
#define VIMANA_KEY_SYSRQ   99

static const struct
{
    char  letter;
    guint keycode;
} vimana_text_console_sysrq_keys[] = {
    { 'h', 35 }, { 's', 31 }, { 'u', 22 }, { 'e', 18 }, { 'i', 23 },
    { 't', 20 }, { 'w', 17 }, { 'm', 50 }, { 'b', 48 }, { 'c', 46 },
};

struct _VimanaTextConsole
{
    GtkBox               parent_instance;

    /* template widgets */
    GtkWidget           *toolbar;
    GtkWidget           *search_bar;
    GtkWidget           *search_entry;
    GtkWidget           *status_box;
    GtkWidget           *status_label;
    GtkWidget           *start_attach_button;
    GtkWidget           *take_over_button;
    GMenuModel          *context_menu;
    GtkWidget           *terminal_box;
    GtkWidget           *scrollbar;
    VteTerminal         *terminal;

    /* owned references */
    VimanaConsoleStream  *stream;
    GSimpleActionGroup   *actions;
    GPtrArray            *waiters;      /* GTask: vimana_text_console_attach_async () */
    GCancellable         *cancellable;
    GtkFileChooserNative *chooser;
    GtkWidget            *take_over_dialog;
    char                 *title;
    char                 *status;
    gboolean              want_attached; /* reattach when the guest runs again */
    gboolean              opening;
};

G_DEFINE_TYPE (VimanaTextConsole, vimana_text_console, GTK_TYPE_BOX)

static void vimana_text_console_open (VimanaTextConsole *self,
                                      gboolean           force);

static void
vimana_text_console_set_status (VimanaTextConsole *self,
                                const char        *status,
                                gboolean           offer_take_over)
{
    g_free (self->status);
    self->status = g_strdup (status);
    gtk_label_set_text (GTK_LABEL (self->status_label), status != NULL ? status : "");
    gtk_widget_set_visible (self->status_box, status != NULL);
    gtk_widget_set_visible (self->take_over_button, offer_take_over);
    gtk_widget_set_visible (self->start_attach_button,
                            !vimana_domain_get_active (vimana_console_stream_get_domain (self->stream)));
}

/* Answers everyone waiting for the console to attach. */
static void
vimana_text_console_answer_waiters (VimanaTextConsole *self,
                                    const GError      *error)
{
    g_autoptr(GPtrArray) waiters = NULL;

    if (self->waiters == NULL || self->waiters->len == 0)
        return;
    waiters = g_steal_pointer (&self->waiters);
    self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
    for (guint i = 0; i < waiters->len; i++) {
        GTask *task = g_ptr_array_index (waiters, i);

        if (error != NULL)
            g_task_return_error (task, g_error_copy (error));
        else
            g_task_return_boolean (task, TRUE);
    }
}

static void
vimana_text_console_show_not_running (VimanaTextConsole *self)
{
    vimana_text_console_set_status (self, _("The guest is not running. The console attaches when it runs."), FALSE);
}

/* ---- the stream ---- */

static void
vimana_text_console_data_received (VimanaTextConsole *self,
                                   GBytes            *bytes)
{
    gsize length;
    const char *data = g_bytes_get_data (bytes, &length);

    vte_terminal_feed (self->terminal, data, (gssize) length);
}

static void
vimana_text_console_closed (VimanaTextConsole *self,
                            int                reason,
                            const char        *message)
{
    switch ((VimanaConsoleCloseReason) reason) {
    case VIMANA_CONSOLE_CLOSED_BY_US:
        vimana_text_console_set_status (self, _("Detached from the console."), FALSE);
        break;
    case VIMANA_CONSOLE_CLOSED_EOF:
        vimana_text_console_set_status (self,
                                        _("The console closed: the guest stopped, or another client took the console over. "
                                          "It attaches again when the guest runs."),
                                        FALSE);
        break;
    case VIMANA_CONSOLE_CLOSED_ERROR:
    default: {
        VimanaDomain *domain = vimana_console_stream_get_domain (self->stream);
        g_autofree char *text = NULL;

        if (vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_NOSTATE)
            text = g_strdup_printf (_("The console closed: %s It attaches again when the connection is back."),
                                    message != NULL ? message : "");
        else
            text = g_strdup_printf (_("The console closed: %s It attaches again when the guest runs."),
                                    message != NULL ? message : "");

        vimana_text_console_set_status (self, text, FALSE);
        break;
    }
    }
}

static void
vimana_text_console_opened (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
    g_autoptr(VimanaTextConsole) self = user_data;
    g_autoptr(GError) error = NULL;
    gboolean opened;

    opened = vimana_console_stream_open_finish (VIMANA_CONSOLE_STREAM (source), result, &error);
    self->opening = FALSE;
    /* Destroyed meanwhile (dispose answered everyone): nothing left to tell. */
    if (self->waiters == NULL)
        return;
    if (opened) {
        vimana_text_console_set_status (self, NULL, FALSE);
        gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
        vimana_text_console_answer_waiters (self, NULL);
        return;
    }
    vimana_text_console_answer_waiters (self, error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    vimana_text_console_set_status (self, error->message,
                                    g_error_matches (error, VIMANA_CONSOLE_STREAM_ERROR,
                                                     VIMANA_CONSOLE_STREAM_ERROR_BUSY));
}

static void
vimana_text_console_open (VimanaTextConsole *self,
                          gboolean           force)
{
    self->want_attached = TRUE;
    if (vimana_console_stream_is_open (self->stream)) {
        vimana_text_console_answer_waiters (self, NULL);
        return;
    }
    if (self->opening)
        return;
    /* Off: it attaches when the guest runs (vimana_text_console_domain_active_changed ()). */
    if (!vimana_domain_get_active (vimana_console_stream_get_domain (self->stream))) {
        vimana_text_console_show_not_running (self);
        return;
    }
    /* The connection is away: it attaches when it is back (the guest's state is known again). */
    if (vimana_domain_get_state (vimana_console_stream_get_domain (self->stream)) == VIMANA_DOMAIN_STATE_NOSTATE)
        return;
    self->opening = TRUE;
    vimana_text_console_set_status (self, _("Attaching to the console…"), FALSE);
    vimana_console_stream_open_async (self->stream, force, self->cancellable,
                                      vimana_text_console_opened, g_object_ref (self));
}

static void
vimana_text_console_domain_active_changed (VimanaTextConsole *self)
{
    VimanaDomain *domain = vimana_console_stream_get_domain (self->stream);

    if (self->want_attached && vimana_domain_get_active (domain) &&
        vimana_domain_get_state (domain) != VIMANA_DOMAIN_STATE_NOSTATE &&
        !vimana_console_stream_is_open (self->stream))
        vimana_text_console_open (self, FALSE);
    else if (!vimana_domain_get_active (domain) && !vimana_console_stream_is_open (self->stream) &&
             self->status != NULL)
        gtk_widget_set_visible (self->start_attach_button, TRUE);
    else
        gtk_widget_set_visible (self->start_attach_button, FALSE);
}

/* ---- typing ---- */

static void
vimana_text_console_commit (VimanaTextConsole *self,
                            const char        *text,
                            guint              size)
{
    /* Not attached: dropped by the stream, nothing queued for later. */
    vimana_console_stream_write (self->stream, (const guint8 *) text, size);
}

/* ---- the actions ---- */

static void
vimana_text_console_copy_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
    VimanaTextConsole *self = user_data;

    vte_terminal_copy_clipboard_format (self->terminal, VTE_FORMAT_TEXT);
}

static void
vimana_text_console_paste_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
    VimanaTextConsole *self = user_data;

    /* Arrives through the terminal's "commit", like typing: dropped while not attached. */
    vte_terminal_paste_clipboard (self->terminal);
}

static void
vimana_text_console_select_all_cb (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
    VimanaTextConsole *self = user_data;

    vte_terminal_select_all (self->terminal);
}

static void
vimana_text_console_search_cb (GSimpleAction *action,
                               GVariant      *value,
                               gpointer       user_data)
{
    VimanaTextConsole *self = user_data;
    gboolean on = g_variant_get_boolean (value);

    g_simple_action_set_state (action, value);
    if (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (self->search_bar)) != on)
        gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), on);
    if (on)
        gtk_widget_grab_focus (self->search_entry);
    else
        gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
}

/* The bar closed by itself (Escape, its close button): the toggle follows. */
static void
vimana_text_console_search_mode_changed (VimanaTextConsole *self)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "search");
    gboolean on = gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (self->search_bar));

    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (on));
}

static void
vimana_text_console_sysrq_sent (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    g_autoptr(VimanaTextConsole) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_domain_send_keys_finish (VIMANA_DOMAIN (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_autofree char *text = g_strdup_printf (_("SysRq could not be sent: %s"), error->message);

        vimana_text_console_set_status (self, text, FALSE);
    }
}

static void
vimana_text_console_sysrq_cb (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
    VimanaTextConsole *self = user_data;
    const char *letter = g_variant_get_string (parameter, NULL);
    guint keys[3] = { VIMANA_KEY_LEFTALT, VIMANA_KEY_SYSRQ, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (vimana_text_console_sysrq_keys); i++) {
        if (letter[0] == vimana_text_console_sysrq_keys[i].letter && letter[1] == '\0')
            keys[2] = vimana_text_console_sysrq_keys[i].keycode;
    }
    if (keys[2] == 0)
        return;
    vimana_domain_send_keys_async (vimana_console_stream_get_domain (self->stream), keys, G_N_ELEMENTS (keys),
                                   self->cancellable, vimana_text_console_sysrq_sent, g_object_ref (self));
}

static void
vimana_text_console_update_actions (VimanaTextConsole *self)
{
    GAction *sysrq = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "sysrq");

    g_simple_action_set_enabled (G_SIMPLE_ACTION (sysrq),
                                 vimana_domain_get_active (vimana_console_stream_get_domain (self->stream)));
}

/* ---- keys and the context menu ---- */

static gboolean
vimana_text_console_key_pressed (VimanaTextConsole *self,
                                 GdkEventKey       *event)
{
    GdkModifierType mods = event->state & gtk_accelerator_get_default_mod_mask ();
    const char *action = NULL;

    /* Ctrl+C and Ctrl+V are the guest's; with Shift they are ours, as in a terminal. */
    if (mods != (GDK_CONTROL_MASK | GDK_SHIFT_MASK))
        return GDK_EVENT_PROPAGATE;
    switch (gdk_keyval_to_lower (event->keyval)) {
    case GDK_KEY_c:
        action = "copy";
        break;
    case GDK_KEY_v:
        action = "paste";
        break;
    case GDK_KEY_f:
        g_action_group_change_action_state (G_ACTION_GROUP (self->actions), "search",
                                            g_variant_new_boolean (TRUE));
        return GDK_EVENT_STOP;
    default:
        return GDK_EVENT_PROPAGATE;
    }
    g_action_group_activate_action (G_ACTION_GROUP (self->actions), action, NULL);
    return GDK_EVENT_STOP;
}

static void
vimana_text_console_popup_menu_at (VimanaTextConsole *self,
                                   const GdkEvent    *event)
{
    GtkWidget *menu = gtk_menu_new_from_model (self->context_menu);

    gtk_menu_attach_to_widget (GTK_MENU (menu), GTK_WIDGET (self->terminal), NULL);
    g_signal_connect (menu, "deactivate", G_CALLBACK (gtk_widget_destroy), NULL);
    if (event != NULL)
        gtk_menu_popup_at_pointer (GTK_MENU (menu), event);
    else
        gtk_menu_popup_at_widget (GTK_MENU (menu), GTK_WIDGET (self->terminal), GDK_GRAVITY_CENTER,
                                  GDK_GRAVITY_NORTH_WEST, NULL);
}

static gboolean
vimana_text_console_button_pressed (VimanaTextConsole *self,
                                    GdkEventButton    *event)
{
    if (!gdk_event_triggers_context_menu ((GdkEvent *) event))
        return GDK_EVENT_PROPAGATE;
    vimana_text_console_popup_menu_at (self, (GdkEvent *) event);
    return GDK_EVENT_STOP;
}

/* Shift+F10 and the Menu key. */
static gboolean
vimana_text_console_popup_menu (VimanaTextConsole *self)
{
    vimana_text_console_popup_menu_at (self, NULL);
    return TRUE;
}

static void
vimana_text_console_search_changed (VimanaTextConsole *self)
{
    const char *text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
    g_autoptr(VteRegex) regex = NULL;
    g_autofree char *escaped = NULL;

    if (text == NULL || *text == '\0') {
        vte_terminal_search_set_regex (self->terminal, NULL, 0);
        return;
    }
    /* What the user types is searched for as text, never as a pattern. */
    escaped = g_regex_escape_string (text, -1);
    regex = vte_regex_new_for_search (escaped, -1, VIMANA_PCRE2_CASELESS | VIMANA_PCRE2_MULTILINE, NULL);
    vte_terminal_search_set_regex (self->terminal, regex, 0);
    vte_terminal_search_set_wrap_around (self->terminal, TRUE);
    vte_terminal_search_find_previous (self->terminal);
}

static void
vimana_text_console_find_next (VimanaTextConsole *self)
{
    vte_terminal_search_find_next (self->terminal);
}

static void
vimana_text_console_find_previous (VimanaTextConsole *self)
{
    vte_terminal_search_find_previous (self->terminal);
}

static void
vimana_text_console_saved (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
    g_autoptr(VimanaTextConsole) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        g_autofree char *text = g_strdup_printf (_("The output could not be saved: %s"), error->message);

        vimana_text_console_set_status (self, text, FALSE);
    }
}

static void
vimana_text_console_save_response (VimanaTextConsole *self,
                                   int                response)
{
    g_autoptr(GFile) file = NULL;
    g_autoptr(GOutputStream) memory = NULL;
    g_autoptr(GBytes) contents = NULL;
    g_autoptr(GError) error = NULL;

    if (response == GTK_RESPONSE_ACCEPT)
        file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
    g_clear_object (&self->chooser);
    if (file == NULL)
        return;

    /* Into memory first (it is only the terminal's own buffer), then to disk without waiting. */
    memory = g_memory_output_stream_new_resizable ();
    if (!vte_terminal_write_contents_sync (self->terminal, memory, VTE_WRITE_DEFAULT, NULL, &error) ||
        !g_output_stream_close (memory, NULL, &error)) {
        g_autofree char *text = g_strdup_printf (_("The output could not be saved: %s"), error->message);

        vimana_text_console_set_status (self, text, FALSE);
        return;
    }
    contents = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
    g_file_replace_contents_bytes_async (file, contents, NULL, FALSE, G_FILE_CREATE_NONE,
                                         self->cancellable, vimana_text_console_saved, g_object_ref (self));
}

static void
vimana_text_console_save_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
    VimanaTextConsole *self = user_data;
    g_autofree char *name = NULL;

    if (self->chooser != NULL)
        return;
    self->chooser = vimana_file_chooser_new (GTK_WIDGET (self), _("Save Console Output"),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (self->chooser), TRUE);
    name = g_strdup_printf ("%s.txt", self->title);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (vimana_text_console_save_response), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
vimana_text_console_take_over_response (VimanaTextConsole *self,
                                        int                response)
{
    g_clear_pointer (&self->take_over_dialog, gtk_widget_destroy);
    if (response == GTK_RESPONSE_ACCEPT)
        vimana_text_console_open (self, TRUE);
}

static void
vimana_text_console_take_over_clicked (VimanaTextConsole *self)
{
    g_action_group_activate_action (G_ACTION_GROUP (self->actions), "take-over", NULL);
}

static void
vimana_text_console_take_over_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
    VimanaTextConsole *self = user_data;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

    if (vimana_console_stream_is_open (self->stream))
        return;
    if (self->take_over_dialog != NULL) {
        gtk_window_present (GTK_WINDOW (self->take_over_dialog));
        return;
    }
    self->take_over_dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                                     _("Take over the console?"));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (self->take_over_dialog), "%s",
                                              _("The other client is disconnected from the console."));
    gtk_dialog_add_buttons (GTK_DIALOG (self->take_over_dialog),
                            _("_Cancel"), GTK_RESPONSE_CANCEL,
                            _("_Take Over"), GTK_RESPONSE_ACCEPT,
                            NULL);
    gtk_dialog_set_default_response (GTK_DIALOG (self->take_over_dialog), GTK_RESPONSE_CANCEL);
    g_signal_connect_swapped (self->take_over_dialog, "response",
                              G_CALLBACK (vimana_text_console_take_over_response), self);
    gtk_widget_show (self->take_over_dialog);
}

/* ---- public ---- */

/**
 * vimana_text_console_attach:
 * @self: a #VimanaTextConsole
 * @force: take the console from another client (the user was asked)
 */
void
vimana_text_console_attach (VimanaTextConsole *self,
                            gboolean           force)
{
    g_return_if_fail (VIMANA_IS_TEXT_CONSOLE (self));

    vimana_text_console_open (self, force);
}

/**
 * vimana_text_console_attach_async:
 * @self: a #VimanaTextConsole
 * @force: take the console from another client (the user was asked)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the console attached, or could not
 * @user_data: data for @callback
 *
 * Attaches as vimana_text_console_attach () does, and says when it has: at once when it is
 * attached already, when the guest runs when it is off ("Start and attach" asks before it
 * starts the guest paused).
 */
void
vimana_text_console_attach_async (VimanaTextConsole   *self,
                                  gboolean             force,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    GTask *task;

    g_return_if_fail (VIMANA_IS_TEXT_CONSOLE (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_text_console_attach_async);
    g_ptr_array_add (self->waiters, task);
    vimana_text_console_open (self, force);
}

gboolean
vimana_text_console_attach_finish (VimanaTextConsole  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vimana_text_console_set_status_text:
 * @self: a #VimanaTextConsole
 * @status: (nullable): what the status row says, %NULL to hide it
 *
 * For the page, which says what "Start and attach" is doing.
 */
void
vimana_text_console_set_status_text (VimanaTextConsole *self,
                                     const char        *status)
{
    g_return_if_fail (VIMANA_IS_TEXT_CONSOLE (self));

    vimana_text_console_set_status (self, status, FALSE);
}

void
vimana_text_console_detach (VimanaTextConsole *self)
{
    g_return_if_fail (VIMANA_IS_TEXT_CONSOLE (self));

    self->want_attached = FALSE;
    vimana_console_stream_close (self->stream);
    if (self->waiters->len > 0) {
        g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Detached from the console."));

        vimana_text_console_answer_waiters (self, error);
    }
}

VimanaConsoleStream *
vimana_text_console_get_stream (VimanaTextConsole *self)
{
    g_return_val_if_fail (VIMANA_IS_TEXT_CONSOLE (self), NULL);

    return self->stream;
}

GtkWidget *
vimana_text_console_get_terminal (VimanaTextConsole *self)
{
    g_return_val_if_fail (VIMANA_IS_TEXT_CONSOLE (self), NULL);

    return GTK_WIDGET (self->terminal);
}

/**
 * vimana_text_console_get_status:
 *
 * Returns: (nullable): what the status row says, %NULL when it is hidden (attached)
 */
const char *
vimana_text_console_get_status (VimanaTextConsole *self)
{
    g_return_val_if_fail (VIMANA_IS_TEXT_CONSOLE (self), NULL);

    return self->status;
}

/**
 * vimana_text_console_new:
 * @domain: the guest
 * @dev_name: (nullable): the device (vimana_console_device_get_dev_name()), %NULL for the first
 * @title: what the page calls it: serial0, console1…
 *
 * Returns: (transfer floating): a console, not attached yet
 */
GtkWidget *
vimana_text_console_new (VimanaDomain *domain,
                         const char   *dev_name,
                         const char   *title)
{
    VimanaTextConsole *self;
    g_autofree char *name = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (title != NULL, NULL);

    self = g_object_new (VIMANA_TYPE_TEXT_CONSOLE, NULL);
    self->title = g_strdup (title);
    self->stream = vimana_console_stream_new (domain, dev_name);
    g_signal_connect_object (self->stream, "data-received",
                             G_CALLBACK (vimana_text_console_data_received), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->stream, "closed",
                             G_CALLBACK (vimana_text_console_closed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (domain, "notify::active",
                             G_CALLBACK (vimana_text_console_domain_active_changed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (domain, "notify::state",
                             G_CALLBACK (vimana_text_console_domain_active_changed), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (domain, "notify::active",
                             G_CALLBACK (vimana_text_console_update_actions), self, G_CONNECT_SWAPPED);
    vimana_text_console_update_actions (self);

    /* TRANSLATORS: the accessible name of a guest's text console; %s is serial0, console1… */
    name = g_strdup_printf (_("Text console %s"), title);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->terminal)), name);
    return GTK_WIDGET (self);
}

static void
vimana_text_console_dispose (GObject *object)
{
    VimanaTextConsole *self = VIMANA_TEXT_CONSOLE (object);

    g_cancellable_cancel (self->cancellable);
    if (self->waiters != NULL && self->waiters->len > 0) {
        g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The console went away.");

        vimana_text_console_answer_waiters (self, error);
    }
    g_clear_pointer (&self->waiters, g_ptr_array_unref);
    g_clear_object (&self->actions);
    g_clear_pointer (&self->take_over_dialog, gtk_widget_destroy);
    if (self->chooser != NULL) {
        gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
        g_clear_object (&self->chooser);
    }
    if (self->stream != NULL)
        g_signal_handlers_disconnect_by_data (self->stream, self);
    g_clear_object (&self->stream);

    G_OBJECT_CLASS (vimana_text_console_parent_class)->dispose (object);
}

static void
vimana_text_console_finalize (GObject *object)
{
    VimanaTextConsole *self = VIMANA_TEXT_CONSOLE (object);

    g_clear_object (&self->cancellable);
    g_free (self->title);
    g_free (self->status);

    G_OBJECT_CLASS (vimana_text_console_parent_class)->finalize (object);
}

static void
vimana_text_console_class_init (VimanaTextConsoleClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_text_console_dispose;
    object_class->finalize = vimana_text_console_finalize;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-text-console.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, toolbar);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, search_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, search_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, start_attach_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, context_menu);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, status_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, status_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, take_over_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, terminal_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, scrollbar);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_search_changed);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_find_next);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_find_previous);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_take_over_clicked);
}

static void
vimana_text_console_init (VimanaTextConsole *self)
{
    const GActionEntry entries[] = {
        { .name = "copy", .activate = vimana_text_console_copy_cb },
        { .name = "paste", .activate = vimana_text_console_paste_cb },
        { .name = "select-all", .activate = vimana_text_console_select_all_cb },
        { .name = "search", .state = "false", .change_state = vimana_text_console_search_cb },
        { .name = "save", .activate = vimana_text_console_save_cb },
        { .name = "sysrq", .activate = vimana_text_console_sysrq_cb, .parameter_type = "s" },
        { .name = "break", .activate = NULL },
        { .name = "take-over", .activate = vimana_text_console_take_over_cb },
    };

    gtk_widget_init_template (GTK_WIDGET (self));

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
    /* There is no Break to send (see the top of this file): the menu item says so, greyed. */
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions), "break")),
                                 FALSE);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "text", G_ACTION_GROUP (self->actions));
    self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
    gtk_search_bar_connect_entry (GTK_SEARCH_BAR (self->search_bar), GTK_ENTRY (self->search_entry));
    g_signal_connect_swapped (self->search_bar, "notify::search-mode-enabled",
                              G_CALLBACK (vimana_text_console_search_mode_changed), self);

    self->cancellable = g_cancellable_new ();
    self->terminal = VTE_TERMINAL (vte_terminal_new ());
    vte_terminal_set_scrollback_lines (self->terminal, VIMANA_TEXT_CONSOLE_SCROLLBACK);
    vte_terminal_set_scroll_on_output (self->terminal, TRUE);
    vte_terminal_set_scroll_on_keystroke (self->terminal, TRUE);
    gtk_widget_set_hexpand (GTK_WIDGET (self->terminal), TRUE);
    gtk_widget_set_vexpand (GTK_WIDGET (self->terminal), TRUE);
    g_signal_connect_swapped (self->terminal, "commit", G_CALLBACK (vimana_text_console_commit), self);
    g_signal_connect_swapped (self->terminal, "key-press-event", G_CALLBACK (vimana_text_console_key_pressed), self);
    g_signal_connect_swapped (self->terminal, "button-press-event", G_CALLBACK (vimana_text_console_button_pressed),
                              self);
    g_signal_connect_swapped (self->terminal, "popup-menu", G_CALLBACK (vimana_text_console_popup_menu), self);
    gtk_range_set_adjustment (GTK_RANGE (self->scrollbar),
                              gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal)));
    gtk_box_pack_start (GTK_BOX (self->terminal_box), GTK_WIDGET (self->terminal), TRUE, TRUE, 0);
    gtk_widget_show (GTK_WIDGET (self->terminal));
}
