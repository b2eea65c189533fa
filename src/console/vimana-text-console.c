/* vimana-text-console.c: a guest's serial or text console in a terminal
 *
 * A VteTerminal shows what a VimanaConsoleStream receives and sends what is typed (or pasted)
 * into it. Copy, paste, search in the scrollback and saving the output are the toolbar's. When
 * another client holds the console the status row says so and offers to take it over, after
 * asking. When the console closes because the guest stopped or the daemon went away, the row
 * says so and the console attaches again when the guest runs again. Typing while not attached
 * goes nowhere: the stream drops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-text-console"

#include "config.h"

#include "vimana-text-console.h"

#include <glib/gi18n.h>
#include <vte/vte.h>

/* PCRE2 flags for vte_regex_new_for_search (), without pulling pcre2.h in. */
#define VIMANA_PCRE2_CASELESS  0x00000008u
#define VIMANA_PCRE2_MULTILINE 0x00000400u

#define VIMANA_TEXT_CONSOLE_SCROLLBACK 10000

struct _VimanaTextConsole
{
    GtkBox               parent_instance;

    GtkWidget           *toolbar;
    GtkWidget           *search_entry;
    GtkWidget           *status_box;
    GtkWidget           *status_label;
    GtkWidget           *take_over_button;
    GtkWidget           *terminal_box;
    GtkWidget           *scrollbar;
    VteTerminal         *terminal;

    VimanaConsoleStream  *stream;
    GCancellable         *cancellable;
    GtkFileChooserNative *chooser;
    GtkWidget            *take_over_dialog;
    char                 *title;
    char                 *status;
    gboolean              want_attached; /* reattach when the guest runs again */
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
        g_autofree char *text = g_strdup_printf (_("The console closed: %s It attaches again when the guest runs."),
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

    if (vimana_console_stream_open_finish (VIMANA_CONSOLE_STREAM (source), result, &error)) {
        vimana_text_console_set_status (self, NULL, FALSE);
        gtk_widget_grab_focus (GTK_WIDGET (self->terminal));
        return;
    }
    /* Cancelled, or an open already under way (the page and the guest's restart both ask). */
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING))
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
    if (vimana_console_stream_is_open (self->stream))
        return;
    vimana_text_console_set_status (self, _("Attaching to the console…"), FALSE);
    vimana_console_stream_open_async (self->stream, force, self->cancellable,
                                      vimana_text_console_opened, g_object_ref (self));
}

static void
vimana_text_console_domain_active_changed (VimanaTextConsole *self)
{
    VimanaDomain *domain = vimana_console_stream_get_domain (self->stream);

    if (self->want_attached && vimana_domain_get_active (domain) &&
        !vimana_console_stream_is_open (self->stream))
        vimana_text_console_open (self, FALSE);
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

/* ---- the toolbar ---- */

static void
vimana_text_console_copy_clicked (VimanaTextConsole *self)
{
    vte_terminal_copy_clipboard_format (self->terminal, VTE_FORMAT_TEXT);
}

static void
vimana_text_console_paste_clicked (VimanaTextConsole *self)
{
    vte_terminal_paste_clipboard (self->terminal);
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
vimana_text_console_save_clicked (VimanaTextConsole *self)
{
    g_autofree char *name = NULL;
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

    if (self->chooser != NULL)
        return;
    self->chooser = gtk_file_chooser_native_new (_("Save Console Output"),
                                                 GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                                 GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
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
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));

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

void
vimana_text_console_detach (VimanaTextConsole *self)
{
    g_return_if_fail (VIMANA_IS_TEXT_CONSOLE (self));

    self->want_attached = FALSE;
    vimana_console_stream_close (self->stream);
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
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, search_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, status_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, status_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, take_over_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, terminal_box);
    gtk_widget_class_bind_template_child (widget_class, VimanaTextConsole, scrollbar);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_copy_clicked);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_paste_clicked);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_search_changed);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_find_next);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_find_previous);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_save_clicked);
    gtk_widget_class_bind_template_callback (widget_class, vimana_text_console_take_over_clicked);
}

static void
vimana_text_console_init (VimanaTextConsole *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));

    self->cancellable = g_cancellable_new ();
    self->terminal = VTE_TERMINAL (vte_terminal_new ());
    vte_terminal_set_scrollback_lines (self->terminal, VIMANA_TEXT_CONSOLE_SCROLLBACK);
    vte_terminal_set_scroll_on_output (self->terminal, TRUE);
    vte_terminal_set_scroll_on_keystroke (self->terminal, TRUE);
    gtk_widget_set_hexpand (GTK_WIDGET (self->terminal), TRUE);
    gtk_widget_set_vexpand (GTK_WIDGET (self->terminal), TRUE);
    g_signal_connect_swapped (self->terminal, "commit", G_CALLBACK (vimana_text_console_commit), self);
    gtk_range_set_adjustment (GTK_RANGE (self->scrollbar),
                              gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->terminal)));
    gtk_box_pack_start (GTK_BOX (self->terminal_box), GTK_WIDGET (self->terminal), TRUE, TRUE, 0);
    gtk_widget_show (GTK_WIDGET (self->terminal));
}
