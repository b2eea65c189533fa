/* volume-transfer.c: core's volume upload and download on a real connection
 *
 *   volume-transfer URI upload|download VOLUME-PATH FILE [--replace] [--cancel|--cancel-midway]
 *
 * Opens URI with VimanaConnection, finds the volume at VOLUME-PATH and uploads FILE into it or
 * downloads it to FILE with vimana_storage_volume_upload_async()/_download_async(). Prints a
 * line per progress report:   progress DONE TOTAL SPEED ETA
 * then "ok SECONDS" (the transfer's wall time, for bench/bench-volume-transfer.py), or
 * "cancelled MESSAGE", or "error MESSAGE" and exits 1. --cancel cancels the transfer right
 * after it started, before its first byte can pass (every stream handler checks the
 * cancellable first), so that tests/system/test_volume_transfer.py sees what a cancel leaves.
 * --cancel-midway cancels it at the first progress report that is part-way (bytes passed, not
 * all): a cancel while the stream flows (tests/system/test_volume_transfer_fault.py).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libvirt-glib/libvirt-glib.h>
#include <stdio.h>

#include "vimana-connection.h"
#include "vimana-storage-volume.h"

typedef struct
{
    GMainLoop        *loop;
    VimanaConnection *connection;
    gboolean          upload;
    const char       *volume_path;
    const char       *file;
    gboolean          replace;
    gboolean          cancel;
    gboolean          cancel_midway;
    GCancellable     *cancellable;
    gint64            started;
    int               status;
} Transfer;

static void
transfer_progress_cb (VimanaStorageVolume                *volume,
                      const VimanaVolumeTransferProgress *progress,
                      gpointer                            user_data)
{
    Transfer *transfer = user_data;

    printf ("progress %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
            " %" G_GINT64_FORMAT "\n", progress->done, progress->total, progress->speed,
            progress->eta);
    fflush (stdout);
    if (transfer->cancel_midway && progress->done > 0 && progress->done < progress->total &&
        !g_cancellable_is_cancelled (transfer->cancellable)) {
        printf ("cancelling\n");
        fflush (stdout);
        g_cancellable_cancel (transfer->cancellable);
    }
}

static void
transfer_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
    Transfer *transfer = user_data;
    VimanaStorageVolume *volume = VIMANA_STORAGE_VOLUME (source);
    g_autoptr(GError) error = NULL;
    gboolean ok;

    if (transfer->upload)
        ok = vimana_storage_volume_upload_finish (volume, result, &error);
    else
        ok = vimana_storage_volume_download_finish (volume, result, &error);
    if (ok) {
        printf ("ok %.3f\n", (g_get_monotonic_time () - transfer->started) / 1e6);
    } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        printf ("cancelled %s\n", error->message);
        transfer->status = 1;
    } else {
        printf ("error %s\n", error->message);
        transfer->status = 1;
    }
    fflush (stdout);
    g_main_loop_quit (transfer->loop);
}

static void
transfer_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
    Transfer *transfer = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaStorageVolume) volume =
        vimana_connection_lookup_storage_volume_finish (transfer->connection, result, &error);
    g_autoptr(GFile) file = NULL;

    if (volume == NULL) {
        printf ("error %s\n", error->message);
        transfer->status = 1;
        g_main_loop_quit (transfer->loop);
        return;
    }
    file = g_file_new_for_commandline_arg (transfer->file);
    transfer->started = g_get_monotonic_time ();
    if (transfer->upload)
        vimana_storage_volume_upload_async (volume, file, transfer->cancellable,
                                            transfer_progress_cb, transfer, NULL,
                                            transfer_done_cb, transfer);
    else
        vimana_storage_volume_download_async (volume, file, transfer->replace,
                                              transfer->cancellable, transfer_progress_cb,
                                              transfer, NULL, transfer_done_cb, transfer);
    if (transfer->cancel)
        g_cancellable_cancel (transfer->cancellable);
}

static void
transfer_state_cb (VimanaConnection *connection,
                   GParamSpec       *pspec,
                   gpointer          user_data)
{
    Transfer *transfer = user_data;

    switch (vimana_connection_get_state (connection)) {
    case VIMANA_CONNECTION_STATE_CONNECTED:
        g_signal_handlers_disconnect_by_func (connection, transfer_state_cb, transfer);
        vimana_connection_lookup_storage_volume_async (connection, transfer->volume_path, NULL,
                                                       transfer_lookup_cb, transfer);
        break;
    case VIMANA_CONNECTION_STATE_DISCONNECTED:
        if (vimana_connection_get_message (connection) != NULL) {
            printf ("error %s\n", vimana_connection_get_message (connection));
            transfer->status = 1;
            g_main_loop_quit (transfer->loop);
        }
        break;
    default:
        break;
    }
}

int
main (int    argc,
      char **argv)
{
    Transfer transfer = { 0 };
    int i;

    if (argc < 5 || (!g_str_equal (argv[2], "upload") && !g_str_equal (argv[2], "download"))) {
        fprintf (stderr, "usage: volume-transfer URI upload|download VOLUME-PATH FILE "
                         "[--replace] [--cancel|--cancel-midway]\n");
        return 2;
    }
    transfer.upload = g_str_equal (argv[2], "upload");
    transfer.volume_path = argv[3];
    transfer.file = argv[4];
    for (i = 5; i < argc; i++) {
        if (g_str_equal (argv[i], "--replace"))
            transfer.replace = TRUE;
        else if (g_str_equal (argv[i], "--cancel"))
            transfer.cancel = TRUE;
        else if (g_str_equal (argv[i], "--cancel-midway"))
            transfer.cancel_midway = TRUE;
        else {
            fprintf (stderr, "unknown option %s\n", argv[i]);
            return 2;
        }
    }
    gvir_event_register ();
    transfer.loop = g_main_loop_new (NULL, FALSE);
    transfer.cancellable = g_cancellable_new ();
    transfer.connection = vimana_connection_new (argv[1]);
    g_signal_connect (transfer.connection, "notify::state", G_CALLBACK (transfer_state_cb),
                      &transfer);
    vimana_connection_open (transfer.connection);
    g_main_loop_run (transfer.loop);

    vimana_connection_shutdown (transfer.connection);
    g_object_unref (transfer.connection);
    g_object_unref (transfer.cancellable);
    g_main_loop_unref (transfer.loop);
    return transfer.status;
}
