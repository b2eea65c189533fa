/* vimana-console-page-chooser.c: which of a guest's consoles the Console page shows
 *
 * The toolbar's chooser lists the guest's graphical display and each serial port or console
 * libvirt can open (vimana_console_devices_new_from_xml (): serial0, console1, virtio
 * consoles…), read again each time the guest starts, since their ptys change. Choosing the
 * display shows the display session as before; choosing a console shows a VimanaTextConsole
 * on it (one at a time: choosing another detaches the first), and the page keeps showing it
 * while the guest is off, so the last words before a crash stay readable.
 *
 * "Start and attach" (console.start-attach) catches the very first boot's output: it asks the
 * text console to attach, starts the guest paused (vimana_domain_start_paused_async ()), lets
 * the console attach once the guest exists, and only then resumes it. A console that cannot
 * attach (held by another client, an error) does not leave the guest paused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-page"

#include "config.h"

#include "vimana-console-page-private.h"

#include <glib/gi18n.h>

#include "vimana-console-device.h"
#include "vimana-console-stream.h"
#include "vimana-text-console.h"

#define VIMANA_CONSOLE_CHOOSER_DISPLAY "display"

/* ---- the devices ---- */

/* Returns: (nullable): the first device the page can open */
static VimanaConsoleDevice *
vimana_console_page_first_openable (VimanaConsolePage *self)
{
    for (guint i = 0; self->devices != NULL && i < self->devices->len; i++) {
        VimanaConsoleDevice *device = g_ptr_array_index (self->devices, i);

        if (device->can_open)
            return device;
    }
    return NULL;
}

static VimanaConsoleDevice *
vimana_console_page_find_device (VimanaConsolePage *self,
                                 const char        *name)
{
    for (guint i = 0; self->devices != NULL && i < self->devices->len; i++) {
        VimanaConsoleDevice *device = g_ptr_array_index (self->devices, i);

        if (g_strcmp0 (device->name, name) == 0)
            return device;
    }
    return NULL;
}

static char *
vimana_console_page_device_label (const VimanaConsoleDevice *device)
{
    if (device->kind == VIMANA_CONSOLE_DEVICE_SERIAL)
        /* Translators: an entry of the Console page's chooser; %s is serial0, serial1… */
        return g_strdup_printf (_("Serial port %s"), device->name);
    if (device->target_type != NULL)
        /* Translators: an entry of the Console page's chooser; the first %s is console1…, the
         * second the kind of console (virtio, serial, sclp…). */
        return g_strdup_printf (_("Text console %s (%s)"), device->name, device->target_type);
    /* Translators: an entry of the Console page's chooser; %s is console1… */
    return g_strdup_printf (_("Text console %s"), device->name);
}

/* What the placeholders say, now that the page knows whether there is a text console. */
static void
vimana_console_page_update_placeholders (VimanaConsolePage *self)
{
    VimanaConsoleDevice *device = vimana_console_page_first_openable (self);
    g_autofree char *not_running = NULL;
    g_autofree char *no_graphics = NULL;

    gtk_widget_set_visible (self->start_attach_button, device != NULL);
    gtk_widget_set_visible (self->show_text_button, device != NULL);
    if (device == NULL) {
        gtk_label_set_text (self->not_running_text, _("Run the guest to see its screen here."));
        if (self->no_display)
            gtk_label_set_text (self->no_graphics_text,
                                _("Add a VNC display or a serial console to the guest to see it here."));
        return;
    }
    /* Translators: %s is the guest's serial port or console: serial0, console1… */
    not_running = g_strdup_printf (_("Run the guest to see its screen here, or start it and attach its "
                                     "text console %s to see everything it prints from the first moment."),
                                   device->name);
    gtk_label_set_text (self->not_running_text, not_running);
    if (self->no_display) {
        /* Translators: %s is the guest's serial port or console: serial0, console1… */
        no_graphics = g_strdup_printf (_("This guest has no graphical display. Its text console %s is in the "
                                         "toolbar’s console chooser."),
                                       device->name);
        gtk_label_set_text (self->no_graphics_text, no_graphics);
    }
}

static void
vimana_console_page_fill_chooser (VimanaConsolePage *self)
{
    guint openable = 0;

    g_signal_handlers_block_by_func (self->chooser, vimana_console_page_chooser_changed_cb, self);
    gtk_combo_box_text_remove_all (self->chooser);
    gtk_combo_box_text_append (self->chooser, VIMANA_CONSOLE_CHOOSER_DISPLAY, _("Graphical display"));
    for (guint i = 0; self->devices != NULL && i < self->devices->len; i++) {
        VimanaConsoleDevice *device = g_ptr_array_index (self->devices, i);
        g_autofree char *label = NULL;

        if (!device->can_open)
            continue;
        label = vimana_console_page_device_label (device);
        gtk_combo_box_text_append (self->chooser, device->name, label);
        openable++;
    }
    /* A device that went away while chosen keeps showing (it says it closed) until another is
     * chosen; the chooser then shows the display. */
    if (!gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->chooser),
                                      self->chosen_device != NULL ? self->chosen_device
                                                                  : VIMANA_CONSOLE_CHOOSER_DISPLAY))
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->chooser), 0);
    g_signal_handlers_unblock_by_func (self->chooser, vimana_console_page_chooser_changed_cb, self);
    gtk_widget_set_visible (self->chooser_box, openable > 0);
    vimana_console_page_update_placeholders (self);
    vimana_console_page_update_actions (self);
}

/**
 * vimana_console_page_set_devices:
 * @self: the page
 * @devices: (transfer none): #VimanaConsoleDevice, as vimana_console_stream_fetch_devices_finish () gives
 */
void
vimana_console_page_set_devices (VimanaConsolePage *self,
                                 GPtrArray         *devices)
{
    g_clear_pointer (&self->devices, g_ptr_array_unref);
    if (devices != NULL)
        self->devices = g_ptr_array_ref (devices);
    vimana_console_page_fill_chooser (self);
}

static void
vimana_console_page_devices_fetched_cb (GObject      *source,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) devices = NULL;

    devices = vimana_console_stream_fetch_devices_finish (VIMANA_DOMAIN (source), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->domain != VIMANA_DOMAIN (source))
        return;
    if (devices == NULL) {
        g_debug ("The guest's consoles could not be read: %s", error->message);
        return;
    }
    vimana_console_page_set_devices (self, devices);
    if (self->start_attach_pending) {
        self->start_attach_pending = FALSE;
        if (vimana_console_page_first_openable (self) != NULL)
            vimana_console_page_start_and_attach (self);
        else
            gtk_label_set_text (self->not_running_text,
                                _("This guest has no serial port or console that Vimana can attach. Run it to "
                                  "see its screen here."));
    }
}

/* Reads the guest's consoles again (its XML: the ptys change with each start). */
void
vimana_console_page_refresh_devices (VimanaConsolePage *self)
{
    g_cancellable_cancel (self->devices_cancellable);
    g_clear_object (&self->devices_cancellable);
    self->devices_cancellable = g_cancellable_new ();
    vimana_console_stream_fetch_devices_async (self->domain, self->devices_cancellable,
                                               vimana_console_page_devices_fetched_cb, g_object_ref (self));
}

/* ---- choosing ---- */

/* Shows @name's text console, attaching it (or, while the guest is off, when it runs). */
static void
vimana_console_page_show_device (VimanaConsolePage *self,
                                 const char        *name)
{
    VimanaConsoleDevice *device = vimana_console_page_find_device (self, name);
    VimanaConsoleStream *stream = NULL;
    GtkWidget *leaving = NULL;

    if (self->text_console != NULL)
        stream = vimana_text_console_get_stream (VIMANA_TEXT_CONSOLE (self->text_console));
    if (stream != NULL && device != NULL &&
        g_strcmp0 (vimana_console_stream_get_dev_name (stream), vimana_console_device_get_dev_name (device)) != 0) {
        vimana_text_console_detach (VIMANA_TEXT_CONSOLE (self->text_console));
        /* Goes once the new one shows: a stack's visible child must not be destroyed. */
        leaving = self->text_console;
        gtk_container_child_set (GTK_CONTAINER (self->stack), leaving, "name", "text-leaving", NULL);
        self->text_console = NULL;
    }
    if (self->text_console == NULL) {
        if (device == NULL)
            return;
        self->text_console = vimana_text_console_new (self->domain, vimana_console_device_get_dev_name (device),
                                                      device->name);
        gtk_stack_add_named (self->stack, self->text_console, "text");
    }
    g_free (self->chosen_device);
    self->chosen_device = g_strdup (name);
    vimana_console_page_show (self, "text");
    if (leaving != NULL)
        gtk_widget_destroy (leaving);
    vimana_text_console_attach (VIMANA_TEXT_CONSOLE (self->text_console), FALSE);
}

/**
 * vimana_console_page_choose:
 * @self: the page
 * @name: (nullable): a device's name (serial0, console1…), or %NULL for the graphical display
 *
 * What the chooser does; the chooser follows.
 */
void
vimana_console_page_choose (VimanaConsolePage *self,
                            const char        *name)
{
    /* From now on the user decides: a guest without a display no longer jumps to its console. */
    self->chose_by_itself = TRUE;
    if (name != NULL) {
        vimana_console_page_show_device (self, name);
    } else {
        g_clear_pointer (&self->chosen_device, g_free);
        /* The text console stays attached in the stack: back in a click, nothing missed. */
        if (vimana_console_page_session_is_open (self))
            vimana_console_page_show (self, "display");
        else if (self->no_display)
            vimana_console_page_show (self, "no-graphics");
        else
            vimana_console_page_show (self, vimana_domain_get_active (self->domain) ? "connecting" : "not-running");
        vimana_console_page_update (self);
    }
    g_signal_handlers_block_by_func (self->chooser, vimana_console_page_chooser_changed_cb, self);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->chooser),
                                 name != NULL ? name : VIMANA_CONSOLE_CHOOSER_DISPLAY);
    g_signal_handlers_unblock_by_func (self->chooser, vimana_console_page_chooser_changed_cb, self);
    vimana_console_page_update_actions (self);
}

void
vimana_console_page_chooser_changed_cb (VimanaConsolePage *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->chooser));

    if (id == NULL)
        return;
    vimana_console_page_choose (self, g_strcmp0 (id, VIMANA_CONSOLE_CHOOSER_DISPLAY) == 0 ? NULL : id);
}

/* The guest has no display (its live XML has no <graphics>): its first text console, the first
 * time; afterwards (the user chose the display) the placeholder, which points to the chooser. */
void
vimana_console_page_no_display (VimanaConsolePage *self,
                                GPtrArray         *devices)
{
    VimanaConsoleDevice *device;

    self->no_display = TRUE;
    vimana_console_page_set_devices (self, devices);
    device = vimana_console_page_first_openable (self);
    if (device != NULL && !self->chose_by_itself) {
        vimana_console_page_choose (self, device->name);
        return;
    }
    vimana_console_page_show (self, "no-graphics");
}

static void
vimana_console_page_show_text_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    VimanaConsoleDevice *device = vimana_console_page_first_openable (self);

    if (device != NULL)
        vimana_console_page_choose (self, device->name);
}

/* ---- start and attach ---- */

static void
vimana_console_page_resumed_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;

    self->starting_attached = FALSE;
    if (!vimana_domain_run_action_finish (VIMANA_DOMAIN (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->text_console != NULL) {
        g_autofree char *text = g_strdup_printf (_("The guest could not be resumed: %s"), error->message);

        vimana_text_console_set_status_text (VIMANA_TEXT_CONSOLE (self->text_console), text);
    }
    vimana_console_page_update_actions (self);
}

static void
vimana_console_page_start_attached_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    /* The attempt this answer belongs to, which may not be the current one: a request of a
     * failed attempt can be answered after the user tried again. */
    GCancellable *attempt = g_task_get_cancellable (G_TASK (result));
    gboolean attached = vimana_text_console_attach_finish (VIMANA_TEXT_CONSOLE (source), result,
                                                           &error);

    if (attempt != self->start_cancellable)
        return;     /* an earlier attempt's: the current one resumes the guest */
    if (!attached) {
        g_debug ("Start and attach: the console did not attach: %s", error->message);
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
            g_cancellable_is_cancelled (attempt)) {
            self->starting_attached = FALSE;
            vimana_console_page_update_actions (self);
            return;
        }
        /* The text console says why; the guest must not stay paused for it. */
    }
    if (self->domain == NULL || vimana_domain_get_state (self->domain) != VIMANA_DOMAIN_STATE_PAUSED) {
        self->starting_attached = FALSE;
        vimana_console_page_update_actions (self);
        return;
    }
    vimana_domain_run_action_async (self->domain, VIMANA_DOMAIN_ACTION_RESUME, NULL,
                                    vimana_console_page_resumed_cb, g_object_ref (self));
}

static void
vimana_console_page_started_paused_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;

    if (vimana_domain_start_paused_finish (VIMANA_DOMAIN (source), result, &error))
        return; /* the console attaches now that the guest exists: _start_attached_cb () resumes it */
    /* The attach still waiting is dropped: it would resume a guest someone else starts. */
    g_cancellable_cancel (self->start_cancellable);
    self->starting_attached = FALSE;
    if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->text_console != NULL) {
        g_autofree char *text = g_strdup_printf (_("The guest could not be started: %s"), error->message);

        vimana_text_console_set_status_text (VIMANA_TEXT_CONSOLE (self->text_console), text);
    }
    vimana_console_page_update_actions (self);
}

/**
 * vimana_console_page_start_and_attach:
 * @self: the page of a guest that is shut off and has a text console
 *
 * Starts the guest paused, attaches the chosen text console (or the first), then resumes it.
 */
void
vimana_console_page_start_and_attach (VimanaConsolePage *self)
{
    VimanaConsoleDevice *device = NULL;

    g_return_if_fail (VIMANA_IS_CONSOLE_PAGE (self));

    if (self->domain == NULL || vimana_domain_get_active (self->domain) || self->starting_attached)
        return;
    /* Asked (from the list) before the consoles were read: when they are. */
    if (self->devices == NULL) {
        self->start_attach_pending = TRUE;
        return;
    }
    if (self->chosen_device != NULL)
        device = vimana_console_page_find_device (self, self->chosen_device);
    if (device == NULL || !device->can_open)
        device = vimana_console_page_first_openable (self);
    if (device == NULL)
        return;
    vimana_console_page_choose (self, device->name);
    if (self->text_console == NULL)
        return;

    self->starting_attached = TRUE;
    g_cancellable_cancel (self->start_cancellable);
    g_clear_object (&self->start_cancellable);
    self->start_cancellable = g_cancellable_new ();
    vimana_text_console_attach_async (VIMANA_TEXT_CONSOLE (self->text_console), FALSE, self->start_cancellable,
                                      vimana_console_page_start_attached_cb, g_object_ref (self));
    vimana_text_console_set_status_text (VIMANA_TEXT_CONSOLE (self->text_console),
                                         _("Starting the guest paused, to attach its console before it runs…"));
    vimana_domain_start_paused_async (self->domain, self->start_cancellable,
                                      vimana_console_page_started_paused_cb, g_object_ref (self));
    vimana_console_page_update_actions (self);
}

static void
vimana_console_page_start_attach_cb (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
    vimana_console_page_start_and_attach (VIMANA_CONSOLE_PAGE (user_data));
}

/* Whether "Start and attach" can run now. */
gboolean
vimana_console_page_can_start_attached (VimanaConsolePage *self)
{
    return self->domain != NULL && !vimana_domain_get_active (self->domain) &&
           !vimana_domain_get_removed (self->domain) && !self->starting_attached &&
           vimana_console_page_first_openable (self) != NULL;
}

/* ---- building ---- */

static GtkWidget *
vimana_console_page_add_button (GtkLabel   *beside,
                                const char *label,
                                const char *action,
                                const char *accessible,
                                const char *tooltip)
{
    GtkWidget *button = gtk_button_new_with_mnemonic (label);

    gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
    gtk_widget_set_tooltip_text (button, tooltip);
    atk_object_set_name (gtk_widget_get_accessible (button), accessible);
    gtk_container_add (GTK_CONTAINER (gtk_widget_get_parent (GTK_WIDGET (beside))), button);
    gtk_widget_set_no_show_all (button, TRUE);
    return button;
}

/* Adds the chooser's actions, and its buttons to the placeholders built before. */
void
vimana_console_page_build_chooser (VimanaConsolePage *self)
{
    const GActionEntry entries[] = {
        { .name = "start-attach", .activate = vimana_console_page_start_attach_cb },
        { .name = "show-text", .activate = vimana_console_page_show_text_cb },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
    self->start_attach_button =
        vimana_console_page_add_button (self->not_running_text, _("Start and _Attach Console"),
                                        "console.start-attach", _("Start and Attach"),
                                        _("Start the guest paused, attach its text console, then let it run, "
                                          "so that nothing it prints at boot is lost"));
    self->show_text_button =
        vimana_console_page_add_button (self->no_graphics_text, _("Show the _Text Console"),
                                        "console.show-text", _("Show the Text Console"), NULL);
    gtk_widget_set_visible (self->chooser_box, FALSE);
}

void
vimana_console_page_dispose_chooser (VimanaConsolePage *self)
{
    g_cancellable_cancel (self->devices_cancellable);
    g_clear_object (&self->devices_cancellable);
    g_cancellable_cancel (self->start_cancellable);
    g_clear_object (&self->start_cancellable);
    g_clear_pointer (&self->devices, g_ptr_array_unref);
    g_clear_pointer (&self->chosen_device, g_free);
}
