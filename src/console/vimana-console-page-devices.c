/* vimana-console-page-devices.c: the Console page's USB devices and shared folder
 *
 * What a SPICE connection offers beyond the picture: the host's USB devices given to the guest
 * (spice-gtk's chooser, in a popover under "USB Devices…"; and, as a preference, every device
 * plugged in while the console has the focus) and one host folder shared with the guest over
 * WebDAV ("Share Folder…"). Each is offered where the session's kind can do it and the guest
 * has the device for it (a usbredir channel; the org.spice-space.webdav.0 port), as the
 * session's channels say once connected; otherwise the button says why not. What fails (a
 * device refused, no permission) shows in the page's error bar.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-page"

#include "config.h"

#include "vimana-console-page-private.h"

#include <glib/gi18n.h>

#include "vimana-can-act.h"
#include "vimana-error-bar.h"
#include "vimana-file-chooser.h"

static void
vimana_console_page_enable_device (VimanaConsolePage *self,
                                   const char        *action,
                                   GtkWidget         *button,
                                   gboolean           can,
                                   const char        *why_not)
{
    GAction *found = g_action_map_lookup_action (G_ACTION_MAP (self->actions), action);

    g_simple_action_set_enabled (G_SIMPLE_ACTION (found), can);
    vimana_widget_set_can_act (button, can, why_not);
}

/* Offers the USB devices and the shared folder where the guest can have them. */
void
vimana_console_page_update_device_actions (VimanaConsolePage *self)
{
    VimanaDisplayFeatures features = 0;
    VimanaDisplayExtras extras = 0;
    gboolean connected = FALSE;
    const char *usb_why = NULL, *share_why = NULL;

    if (self->session != NULL) {
        features = vimana_display_session_get_features (self->session);
        extras = vimana_display_session_get_extras (self->session);
        connected = vimana_display_session_get_connected (self->session);
    }
    if (!(features & VIMANA_DISPLAY_FEATURE_USB_REDIRECT))
        usb_why = _("Giving USB devices to the guest needs a SPICE display");
    else if (!connected)
        usb_why = _("The console is not connected");
    else if (!(extras & VIMANA_DISPLAY_EXTRA_USB_REDIRECT))
        usb_why = _("The guest has no USB redirection device (redirdev)");
    if (!(features & VIMANA_DISPLAY_FEATURE_SHARE_FOLDER))
        share_why = _("Sharing a folder with the guest needs a SPICE display");
    else if (!connected)
        share_why = _("The console is not connected");
    else if (!(extras & VIMANA_DISPLAY_EXTRA_SHARED_FOLDER))
        share_why = _("The guest has no WebDAV channel (org.spice-space.webdav.0) for a shared "
                      "folder");
    vimana_console_page_enable_device (self, "usb-devices", self->usb_button, usb_why == NULL,
                                       usb_why);
    vimana_console_page_enable_device (self, "share-folder", self->share_button,
                                       share_why == NULL, share_why);
    if (usb_why != NULL && self->usb_popover != NULL)
        gtk_widget_destroy (self->usb_popover);
}

/* ---- USB devices ---- */

/* The preference applies to every SPICE session, now and when it changes. */
void
vimana_console_page_apply_usb_auto_redirect (VimanaConsolePage *self)
{
    gboolean on = FALSE;

    if (self->session == NULL)
        return;
    if (self->settings != NULL)
        on = g_settings_get_boolean (self->settings, "usb-auto-redirect");
    vimana_display_session_set_usb_auto_redirect (self->session, on);
}

static void
vimana_console_page_usb_devices_cb (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    GtkWidget *chooser, *popover;

    if (self->session == NULL)
        return;
    if (self->usb_popover != NULL) {
        gtk_popover_popup (GTK_POPOVER (self->usb_popover));
        return;
    }
    chooser = vimana_display_session_make_usb_chooser (self->session);
    if (chooser == NULL)
        return;
    popover = gtk_popover_new (self->usb_button);
    gtk_container_set_border_width (GTK_CONTAINER (popover), 12);
    atk_object_set_name (gtk_widget_get_accessible (popover), _("USB Devices"));
    gtk_container_add (GTK_CONTAINER (popover), chooser);
    gtk_widget_show_all (chooser);
    self->usb_popover = popover;
    g_object_add_weak_pointer (G_OBJECT (popover), (gpointer *) &self->usb_popover);
    gtk_popover_popup (GTK_POPOVER (popover));
}

/* ---- the shared folder ---- */

static void
vimana_console_page_share_response_cb (GtkNativeDialog *chooser,
                                       int              response,
                                       gpointer         user_data)
{
    g_autoptr(VimanaConsolePage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;

    if (response == GTK_RESPONSE_ACCEPT)
        path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));
    g_object_unref (chooser);
    if (path == NULL || self->session == NULL)
        return;
    if (!vimana_display_session_share_folder (self->session, path, &error)) {
        vimana_error_bar_show_error (self->error_bar, _("The folder could not be shared."),
                                     error);
        return;
    }
    vimana_error_bar_dismiss (self->error_bar);
}

static void
vimana_console_page_share_folder_cb (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
    VimanaConsolePage *self = user_data;
    GtkFileChooserNative *chooser;

    chooser = vimana_file_chooser_new (GTK_WIDGET (self), _("Share Folder with the Guest"),
                                       GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Share"));
    g_signal_connect (chooser, "response", G_CALLBACK (vimana_console_page_share_response_cb),
                      g_object_ref (self));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- following the session ---- */

static void
vimana_console_page_problem_cb (VimanaDisplaySession *session,
                                const char           *message,
                                gpointer              user_data)
{
    VimanaConsolePage *self = user_data;

    vimana_error_bar_show (self->error_bar, GTK_MESSAGE_WARNING, message, NULL);
}

static void
vimana_console_page_extras_cb (VimanaDisplaySession *session,
                               GParamSpec           *pspec,
                               gpointer              user_data)
{
    vimana_console_page_update_device_actions (user_data);
}

void
vimana_console_page_listen_devices (VimanaConsolePage *self)
{
    g_signal_connect_object (self->session, "problem",
                             G_CALLBACK (vimana_console_page_problem_cb), self, 0);
    g_signal_connect_object (self->session, "notify::extras",
                             G_CALLBACK (vimana_console_page_extras_cb), self, 0);
    g_signal_connect_object (self->session, "notify::connected",
                             G_CALLBACK (vimana_console_page_extras_cb), self, 0);
    vimana_console_page_apply_usb_auto_redirect (self);
}

void
vimana_console_page_add_device_actions (VimanaConsolePage *self)
{
    const GActionEntry entries[] = {
        { .name = "usb-devices", .activate = vimana_console_page_usb_devices_cb },
        { .name = "share-folder", .activate = vimana_console_page_share_folder_cb },
    };

    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries),
                                     self);
}
