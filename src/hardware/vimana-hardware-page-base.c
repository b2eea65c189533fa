/* vimana-hardware-page-base.c: the Hardware page asks before it changes the base of linked clones
 *
 * A guest Vimana made linked clones from is marked in its metadata (vimana-clone.c): their
 * overlays read its images. Every change the page sends (the fields' Apply, the XML editor's,
 * adding or removing a device) first reads that mark on the worker; on a base, a dialog names
 * the clones, and only "Apply Anyway" sends the change. Cancel sends nothing and keeps the edits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-page"

#include "config.h"

#include <glib/gi18n.h>

#include "vimana-clone.h"
#include "vimana-hardware-page-private.h"

/* A change waiting for the base check, and then for the user's answer. */
typedef struct
{
    VimanaHardwarePage *page;
    VimanaDomainConfig *edited;
    GPtrArray          *changes;
    gboolean            define;
    gboolean            restart;
    int                 autostart;
} VimanaPendingSend;

static void
vimana_pending_send_free (VimanaPendingSend *pending)
{
    g_object_unref (pending->page);
    g_clear_object (&pending->edited);
    g_clear_pointer (&pending->changes, g_ptr_array_unref);
    g_free (pending);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaPendingSend, vimana_pending_send_free)

static void
vimana_pending_send_go (VimanaPendingSend *pending)
{
    vimana_hardware_page_send_now (pending->page, pending->edited, pending->define,
                                   pending->changes, pending->restart, pending->autostart);
}

/* The dialog's closure owns the pending change: a dialog destroyed unanswered (with its
 * window) drops it too. */
static void
vimana_pending_send_closure_notify (gpointer  data,
                                    GClosure *closure)
{
    vimana_pending_send_free (data);
}

static void
vimana_hardware_page_base_response_cb (GtkDialog *dialog,
                                       int        response,
                                       gpointer   user_data)
{
    VimanaPendingSend *pending = user_data;

    gtk_widget_destroy (GTK_WIDGET (dialog));
    if (response == GTK_RESPONSE_ACCEPT)
        vimana_pending_send_go (pending);
    else
        vimana_hardware_page_send_cancelled (pending->page);
}

static void
vimana_hardware_page_base_checked_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    g_autoptr(VimanaPendingSend) pending = user_data;
    VimanaHardwarePage *self = pending->page;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) clones = vimana_domain_read_linked_clones_finish (VIMANA_DOMAIN (object), result,
                                                                    &error);
    g_autofree char *names = NULL;
    GtkWidget *toplevel, *dialog, *accept;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    /* Not readable: the change goes ahead, and libvirt says why, if it fails. */
    if (clones == NULL) {
        vimana_pending_send_go (pending);
        return;
    }
    names = g_strjoinv (", ", clones);
    toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Change “%s”, the base of linked clones?"),
                                     vimana_domain_get_name (self->domain));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              /* Translators: %s is a list of guests' names. */
                                              ngettext ("%s reads its disk from this guest’s "
                                                        "images. Changing this guest’s disks "
                                                        "or running it can break that clone.",
                                                        "%s read their disks from this guest’s "
                                                        "images. Changing this guest’s disks "
                                                        "or running it can break those clones.",
                                                        g_strv_length (clones)),
                                              names);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    accept = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Apply Anyway"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (accept), "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_signal_connect_data (dialog, "response", G_CALLBACK (vimana_hardware_page_base_response_cb),
                           g_steal_pointer (&pending), vimana_pending_send_closure_notify, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * vimana_hardware_page_send:
 * @self: the page
 * @edited: the edited configuration
 * @define: whether @edited is to be defined
 * @changes: (nullable): the live changes
 * @restart: whether the change takes effect only after the next shutdown
 * @autostart: the autostart to set, or -1
 *
 * Sends the change to the core; on the base of linked clones, only after the user confirms.
 * The page is busy meanwhile.
 */
void
vimana_hardware_page_send (VimanaHardwarePage *self,
                           VimanaDomainConfig *edited,
                           gboolean            define,
                           GPtrArray          *changes,
                           gboolean            restart,
                           int                 autostart)
{
    VimanaPendingSend *pending;

    /* Only autostart: nothing of the guest's disks changes. */
    if (!define && (changes == NULL || changes->len == 0)) {
        vimana_hardware_page_send_now (self, edited, define, changes, restart, autostart);
        return;
    }
    pending = g_new0 (VimanaPendingSend, 1);
    pending->page = g_object_ref (self);
    pending->edited = edited != NULL ? g_object_ref (edited) : NULL;
    pending->changes = changes != NULL ? g_ptr_array_ref (changes) : NULL;
    pending->define = define;
    pending->restart = restart;
    pending->autostart = autostart;

    self->busy = TRUE;
    vimana_hardware_page_set_error (self, NULL);
    vimana_hardware_page_update_sensitivity (self);
    vimana_domain_read_linked_clones_async (self->domain, self->cancellable,
                                            vimana_hardware_page_base_checked_cb, pending);
}
