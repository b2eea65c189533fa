/* vimana-volume-transfer-dialog.c: a volume's upload or download, with its progress
 *
 * Starts the transfer when made (core runs it on a thread of its own), shows the bytes passed,
 * the speed and the time left as core reports them (four times a second), and Cancel. What the
 * transfer left is said in the dialog when it ends: a cancelled download left no file, a
 * cancelled or aborted upload left the volume's content incomplete. Closing the dialog while it
 * runs cancels it. vimana_volume_transfer_dialog_choose() asks for the file first (the save
 * chooser asks before replacing a file) and refuses a file larger than the volume.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-volume-transfer-dialog"

#include "config.h"

#include "vimana-volume-transfer-dialog.h"

#include <glib/gi18n.h>

#include "vimana-file-chooser.h"

struct _VimanaVolumeTransferDialog
{
    GtkDialog            parent_instance;

    /* template widgets */
    GtkLabel            *what_label;
    GtkProgressBar      *progress_bar;
    GtkLabel            *progress_label;
    GtkLabel            *error_label;
    GtkWidget           *cancel_button;
    GtkWidget           *close_button;

    /* owned references */
    VimanaStorageVolume *volume;
    GCancellable        *cancellable;

    gboolean             upload;
    gboolean             running;
    gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (VimanaVolumeTransferDialog, vimana_volume_transfer_dialog, GTK_TYPE_DIALOG)

static void
vimana_volume_transfer_dialog_progress_cb (VimanaStorageVolume                *volume,
                                           const VimanaVolumeTransferProgress *progress,
                                           gpointer                            user_data)
{
    VimanaVolumeTransferDialog *self = user_data;
    g_autofree char *done = NULL;
    g_autofree char *total = NULL;
    g_autofree char *speed = NULL;
    g_autofree char *text = NULL;

    if (self->disposed)
        return;
    done = g_format_size_full (progress->done, G_FORMAT_SIZE_IEC_UNITS);
    total = g_format_size_full (progress->total, G_FORMAT_SIZE_IEC_UNITS);
    if (progress->total > 0)
        gtk_progress_bar_set_fraction (self->progress_bar,
                                       MIN (1.0, (double) progress->done / progress->total));
    if (progress->speed == 0 || progress->eta < 0) {
        /* Translators: bytes passed of bytes in all, e.g. "12.0 MiB of 64.0 MiB". */
        text = g_strdup_printf (_("%s of %s"), done, total);
    } else {
        speed = g_format_size_full (progress->speed, G_FORMAT_SIZE_IEC_UNITS);
        if (progress->eta >= 3600)
            /* Translators: bytes passed, bytes in all, a speed ("80.0 MiB"), hours, minutes left. */
            text = g_strdup_printf (_("%s of %s — %s/s — %d h %02d min left"), done, total, speed,
                                    (int) (progress->eta / 3600), (int) (progress->eta / 60 % 60));
        else if (progress->eta >= 60)
            /* Translators: bytes passed, bytes in all, a speed, minutes and seconds left. */
            text = g_strdup_printf (_("%s of %s — %s/s — %d min %02d s left"), done, total, speed,
                                    (int) (progress->eta / 60), (int) (progress->eta % 60));
        else
            /* Translators: bytes passed, bytes in all, a speed, seconds left. */
            text = g_strdup_printf (_("%s of %s — %s/s — %d s left"), done, total, speed,
                                    (int) progress->eta);
    }
    gtk_label_set_text (self->progress_label, text);
}

static void
vimana_volume_transfer_dialog_done_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaVolumeTransferDialog) self = user_data;
    g_autoptr(GError) error = NULL;
    VimanaStorageVolume *volume = VIMANA_STORAGE_VOLUME (source);
    gboolean ok;

    if (self->upload)
        ok = vimana_storage_volume_upload_finish (volume, result, &error);
    else
        ok = vimana_storage_volume_download_finish (volume, result, &error);
    self->running = FALSE;
    if (self->disposed)
        return;
    gtk_widget_hide (self->cancel_button);
    gtk_widget_show (self->close_button);
    gtk_widget_grab_focus (self->close_button);
    if (ok) {
        gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
        gtk_label_set_text (self->progress_label,
                            self->upload ? _("The upload is complete.")
                                         : _("The download is complete."));
        return;
    }
    gtk_label_set_text (self->progress_label,
                        self->upload ? _("The upload did not complete.")
                                     : _("The download did not complete."));
    gtk_label_set_text (self->error_label, error->message);
    gtk_widget_show (GTK_WIDGET (self->error_label));
}

static void
vimana_volume_transfer_dialog_response (GtkDialog *dialog,
                                        int        response)
{
    VimanaVolumeTransferDialog *self = VIMANA_VOLUME_TRANSFER_DIALOG (dialog);

    if (response == GTK_RESPONSE_CANCEL && self->running) {
        g_cancellable_cancel (self->cancellable);
        gtk_widget_set_sensitive (self->cancel_button, FALSE);
        gtk_label_set_text (self->progress_label, _("Cancelling…"));
        return;
    }
    /* Close, or the window closed: a transfer still running is cancelled (dispose). */
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_volume_transfer_dialog_dispose (GObject *object)
{
    VimanaVolumeTransferDialog *self = VIMANA_VOLUME_TRANSFER_DIALOG (object);

    self->disposed = TRUE;
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->volume);

    G_OBJECT_CLASS (vimana_volume_transfer_dialog_parent_class)->dispose (object);
}

static void
vimana_volume_transfer_dialog_class_init (VimanaVolumeTransferDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_volume_transfer_dialog_dispose;
    GTK_DIALOG_CLASS (klass)->response = vimana_volume_transfer_dialog_response;

    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-volume-transfer-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaVolumeTransferDialog, what_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaVolumeTransferDialog, progress_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaVolumeTransferDialog, progress_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaVolumeTransferDialog, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaVolumeTransferDialog, cancel_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaVolumeTransferDialog, close_button);
}

static void
vimana_volume_transfer_dialog_init (VimanaVolumeTransferDialog *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

/**
 * vimana_volume_transfer_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @volume: the volume
 * @upload: %TRUE to write @file into @volume, %FALSE to write @volume to @file
 * @file: a local file
 * @replace: for a download, whether @file may be replaced (the user said so)
 *
 * Starts the transfer.
 *
 * Returns: (transfer none): a new dialog; it stays until closed, to say how the transfer ended
 */
GtkWidget *
vimana_volume_transfer_dialog_new (GtkWindow           *parent,
                                   VimanaStorageVolume *volume,
                                   gboolean             upload,
                                   GFile               *file,
                                   gboolean             replace)
{
    VimanaVolumeTransferDialog *self;
    g_autofree char *name = NULL;
    g_autofree char *title = NULL;
    g_autofree char *text = NULL;

    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (volume), NULL);
    g_return_val_if_fail (G_IS_FILE (file), NULL);

    self = g_object_new (VIMANA_TYPE_VOLUME_TRANSFER_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         NULL);
    self->volume = g_object_ref (volume);
    self->upload = upload;
    self->running = TRUE;
    name = g_file_get_parse_name (file);
    if (upload) {
        /* Translators: the dialog's title; %s is a volume's name. */
        title = g_strdup_printf (_("Upload to “%s”"), vimana_storage_volume_get_name (volume));
        /* Translators: a local file's path, then a volume's name. */
        text = g_strdup_printf (_("Uploading %s into the volume “%s”."), name,
                                vimana_storage_volume_get_name (volume));
        vimana_storage_volume_upload_async (volume, file, self->cancellable,
                                            vimana_volume_transfer_dialog_progress_cb,
                                            g_object_ref (self), g_object_unref,
                                            vimana_volume_transfer_dialog_done_cb,
                                            g_object_ref (self));
    } else {
        /* Translators: the dialog's title; %s is a volume's name. */
        title = g_strdup_printf (_("Download “%s”"), vimana_storage_volume_get_name (volume));
        /* Translators: a volume's name, then a local file's path. */
        text = g_strdup_printf (_("Downloading the volume “%s” to %s."),
                                vimana_storage_volume_get_name (volume), name);
        vimana_storage_volume_download_async (volume, file, replace, self->cancellable,
                                              vimana_volume_transfer_dialog_progress_cb,
                                              g_object_ref (self), g_object_unref,
                                              vimana_volume_transfer_dialog_done_cb,
                                              g_object_ref (self));
    }
    gtk_window_set_title (GTK_WINDOW (self), title);
    gtk_label_set_text (self->what_label, text);
    return GTK_WIDGET (self);
}

/* Returns: whether the transfer still runs */
gboolean
vimana_volume_transfer_dialog_get_running (VimanaVolumeTransferDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_VOLUME_TRANSFER_DIALOG (self), FALSE);
    return self->running;
}

/* Returns: (nullable): the reason the transfer failed, as the dialog shows it */
const char *
vimana_volume_transfer_dialog_get_error (VimanaVolumeTransferDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_VOLUME_TRANSFER_DIALOG (self), NULL);
    if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
        return NULL;
    return gtk_label_get_text (self->error_label);
}

/* ---- choosing the file ---- */

static void
vimana_volume_transfer_dialog_chosen_cb (GtkNativeDialog *chooser,
                                         int              response,
                                         gpointer         user_data)
{
    VimanaStorageVolume *volume = g_object_get_data (G_OBJECT (chooser), "volume");
    VimanaErrorBar *error_bar = g_object_get_data (G_OBJECT (chooser), "error-bar");
    GtkWidget *from = user_data;
    gboolean upload = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "upload"));
    GtkWidget *toplevel = gtk_widget_get_toplevel (from);
    g_autoptr(GFile) file = NULL;
    g_autoptr(GFileInfo) info = NULL;
    g_autoptr(GError) error = NULL;
    GtkWidget *dialog;

    if (response != GTK_RESPONSE_ACCEPT || vimana_storage_volume_get_removed (volume))
        goto out;
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
    if (file == NULL)
        goto out;
    vimana_error_bar_dismiss (error_bar);
    if (upload) {
        /* A local stat: a file larger than the volume is refused before a dialog opens (core
         * checks again against the volume's capacity as the daemon says it). */
        info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                  NULL, &error);
        if (info == NULL) {
            vimana_error_bar_show_error (error_bar, _("The file could not be read."), error);
            goto out;
        }
        if ((guint64) g_file_info_get_size (info) > vimana_storage_volume_get_capacity (volume)) {
            g_autofree char *size = g_format_size_full (g_file_info_get_size (info),
                                                        G_FORMAT_SIZE_IEC_UNITS);
            g_autofree char *capacity =
                g_format_size_full (vimana_storage_volume_get_capacity (volume),
                                    G_FORMAT_SIZE_IEC_UNITS);
            g_autofree char *title = NULL;
            g_autofree char *detail = NULL;

            /* Translators: %s is a volume's name. */
            title = g_strdup_printf (_("Nothing was uploaded to “%s”."),
                                     vimana_storage_volume_get_name (volume));
            /* Translators: the file's size, then the volume's capacity. */
            detail = g_strdup_printf (_("The file (%s) is larger than the volume (%s): resize the "
                                        "volume first."), size, capacity);
            vimana_error_bar_show (error_bar, GTK_MESSAGE_WARNING, title, detail);
            goto out;
        }
    }
    /* Transfers run side by side, each in its own dialog. A download onto an existing file:
     * the chooser asked, and the user chose to replace it. */
    dialog = vimana_volume_transfer_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel)
                                                                         : NULL,
                                                volume, upload, file,
                                                !upload && g_file_query_exists (file, NULL));
    gtk_window_present (GTK_WINDOW (dialog));
out:
    g_object_unref (chooser);
}

/**
 * vimana_volume_transfer_dialog_choose:
 * @from: the widget the transfer is asked from; the chooser is modal to its window
 * @volume: the volume
 * @upload: %TRUE to upload a file into @volume, %FALSE to download @volume to a file
 * @error_bar: where a refusal is said
 *
 * Asks for the local file, then opens a transfer dialog for it.
 */
void
vimana_volume_transfer_dialog_choose (GtkWidget           *from,
                                      VimanaStorageVolume *volume,
                                      gboolean             upload,
                                      VimanaErrorBar      *error_bar)
{
    GtkFileChooserNative *chooser;
    g_autofree char *title = NULL;

    g_return_if_fail (GTK_IS_WIDGET (from));
    g_return_if_fail (VIMANA_IS_STORAGE_VOLUME (volume));
    g_return_if_fail (VIMANA_IS_ERROR_BAR (error_bar));

    if (upload) {
        /* Translators: a file chooser's title; %s is a volume's name. */
        title = g_strdup_printf (_("Upload a File to “%s”"), vimana_storage_volume_get_name (volume));
        chooser = vimana_file_chooser_new (from, title, GTK_FILE_CHOOSER_ACTION_OPEN, _("_Upload"));
    } else {
        /* Translators: a file chooser's title; %s is a volume's name. */
        title = g_strdup_printf (_("Download “%s” to a File"),
                                 vimana_storage_volume_get_name (volume));
        chooser = vimana_file_chooser_new (from, title, GTK_FILE_CHOOSER_ACTION_SAVE,
                                           _("_Download"));
        gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (chooser), TRUE);
        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser),
                                           vimana_storage_volume_get_name (volume));
    }
    g_object_set_data_full (G_OBJECT (chooser), "volume", g_object_ref (volume), g_object_unref);
    g_object_set_data_full (G_OBJECT (chooser), "error-bar", g_object_ref (error_bar),
                            g_object_unref);
    g_object_set_data (G_OBJECT (chooser), "upload", GINT_TO_POINTER (upload));
    g_signal_connect_object (chooser, "response",
                             G_CALLBACK (vimana_volume_transfer_dialog_chosen_cb), from, 0);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
