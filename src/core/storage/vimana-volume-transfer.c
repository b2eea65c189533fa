/* vimana-volume-transfer.c: a local file into a volume, or a volume into a local file
 *
 * Over a libvirt stream (virStorageVolUpload / virStorageVolDownload), so that it works on a
 * remote connection too, and sparse: holes of the local file are found with SEEK_DATA and
 * SEEK_HOLE and sent as holes (virStreamSparseSendAll), holes the daemon sends are skipped in
 * the local file (virStreamSparseRecvAll). Such a transfer blocks for as long as the bytes take,
 * so, as a migration does (HACKING.md), it runs on a dedicated thread that holds its own
 * reference on the connection's virConnectPtr, taken on the main thread; the connection's worker
 * stays free for everything else. The thread counts the bytes passed; a main-loop timer reads
 * them four times a second and reports bytes, speed and ETA. Cancelling the GCancellable makes
 * the next handler call fail, which aborts the stream (virStreamAbort): a download then removes
 * its partial file (it writes a temporary file beside the target and renames it at the end, so
 * a replaced file survives a cancelled download), an upload says the volume's content is
 * incomplete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"
/* SEEK_DATA and SEEK_HOLE */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-storage-private.h"

#define VIMANA_VOLUME_TRANSFER_PROGRESS_MS 250
/* The speed is averaged over this many progress ticks (2 s). */
#define VIMANA_VOLUME_TRANSFER_SPEED_TICKS 8

typedef struct
{
    gboolean                          upload;
    char                             *key;
    char                             *volume_name;
    char                             *path;        /* the local file */
    gboolean                          replace;
    GCancellable                     *cancellable; /* nullable */

    /* the thread's */
    virConnectPtr                     conn;
    int                               fd;
    char                             *tmp_path;    /* a download's file until it is complete */
    int                               saved_errno; /* of a failed handler */
    VimanaStorageVolumeInfo          *info;        /* the volume after the transfer */

    /* shared */
    GMutex                            lock;
    guint64                           done;
    guint64                           total;

    /* the main thread's */
    VimanaStorageVolume              *volume;
    GTask                            *task;        /* the caller's */
    guint                             timer_id;
    guint64                           history[VIMANA_VOLUME_TRANSFER_SPEED_TICKS];
    gint64                            history_time[VIMANA_VOLUME_TRANSFER_SPEED_TICKS];
    guint                             n_history;
    VimanaVolumeTransferProgressFunc  progress;
    gpointer                          progress_data;
    GDestroyNotify                    progress_notify;
} VimanaVolumeTransfer;

static void
vimana_volume_transfer_free (gpointer data)
{
    VimanaVolumeTransfer *t = data;

    g_assert (t->timer_id == 0);
    if (t->conn != NULL)
        virConnectClose (t->conn);
    if (t->fd >= 0)
        close (t->fd);
    if (t->tmp_path != NULL)
        g_unlink (t->tmp_path);
    g_free (t->tmp_path);
    g_free (t->key);
    g_free (t->volume_name);
    g_free (t->path);
    g_clear_object (&t->cancellable);
    g_clear_pointer (&t->info, vimana_storage_volume_info_free);
    g_mutex_clear (&t->lock);
    g_clear_object (&t->volume);
    g_clear_object (&t->task);
    if (t->progress_notify != NULL)
        t->progress_notify (t->progress_data);
    g_free (t);
}

static void
vimana_volume_transfer_add (VimanaVolumeTransfer *t,
                            guint64               bytes)
{
    g_mutex_lock (&t->lock);
    t->done += bytes;
    g_mutex_unlock (&t->lock);
}

static gboolean
vimana_volume_transfer_cancelled (VimanaVolumeTransfer *t)
{
    if (!g_cancellable_is_cancelled (t->cancellable))
        return FALSE;
    t->saved_errno = ECANCELED;
    errno = ECANCELED;
    return TRUE;
}

/* ---- the handlers, on the transfer thread ---- */

static int
vimana_volume_transfer_read_cb (virStreamPtr  st,
                                char         *bytes,
                                size_t        nbytes,
                                void         *opaque)
{
    VimanaVolumeTransfer *t = opaque;
    ssize_t got;

    if (vimana_volume_transfer_cancelled (t))
        return -1;
    do
        got = read (t->fd, bytes, nbytes);
    while (got < 0 && errno == EINTR);
    if (got < 0) {
        t->saved_errno = errno;
        return -1;
    }
    vimana_volume_transfer_add (t, got);
    return got;
}

/* Where the file's position is: in data or in a hole, and for how long (virFileInData). */
static int
vimana_volume_transfer_in_data_cb (virStreamPtr  st,
                                   int          *in_data,
                                   long long    *length,
                                   void         *opaque)
{
    VimanaVolumeTransfer *t = opaque;
    off_t cur;
    off_t data;
    off_t end;
    off_t hole;
    int ret = -1;

    if (vimana_volume_transfer_cancelled (t))
        return -1;
    cur = lseek (t->fd, 0, SEEK_CUR);
    if (cur < 0)
        goto out;
    data = lseek (t->fd, cur, SEEK_DATA);
    if (data < 0) {
        if (errno != ENXIO)
            goto out;
        /* A hole to the end of the file. */
        end = lseek (t->fd, 0, SEEK_END);
        if (end < 0)
            goto out;
        *in_data = 0;
        *length = end - cur;
    } else if (data > cur) {
        *in_data = 0;
        *length = data - cur;
    } else {
        hole = lseek (t->fd, data, SEEK_HOLE);
        if (hole < 0 || hole == data)
            goto out;
        *in_data = 1;
        *length = hole - cur;
    }
    ret = 0;
out:
    if (ret < 0)
        t->saved_errno = errno;
    if (cur >= 0 && lseek (t->fd, cur, SEEK_SET) < 0) {
        t->saved_errno = errno;
        ret = -1;
    }
    return ret;
}

static int
vimana_volume_transfer_skip_read_cb (virStreamPtr  st,
                                     long long     offset,
                                     void         *opaque)
{
    VimanaVolumeTransfer *t = opaque;

    if (vimana_volume_transfer_cancelled (t))
        return -1;
    if (lseek (t->fd, offset, SEEK_CUR) < 0) {
        t->saved_errno = errno;
        return -1;
    }
    vimana_volume_transfer_add (t, offset);
    return 0;
}

static int
vimana_volume_transfer_write_cb (virStreamPtr  st,
                                 const char   *bytes,
                                 size_t        nbytes,
                                 void         *opaque)
{
    VimanaVolumeTransfer *t = opaque;
    size_t off = 0;

    if (vimana_volume_transfer_cancelled (t))
        return -1;
    while (off < nbytes) {
        ssize_t put = write (t->fd, bytes + off, nbytes - off);

        if (put < 0 && errno == EINTR)
            continue;
        if (put < 0) {
            t->saved_errno = errno;
            return -1;
        }
        off += put;
    }
    vimana_volume_transfer_add (t, nbytes);
    return nbytes;
}

/* A hole from the daemon: skip it, and extend the file so that a trailing hole counts. */
static int
vimana_volume_transfer_skip_write_cb (virStreamPtr  st,
                                      long long     length,
                                      void         *opaque)
{
    VimanaVolumeTransfer *t = opaque;
    off_t cur;

    if (vimana_volume_transfer_cancelled (t))
        return -1;
    cur = lseek (t->fd, length, SEEK_CUR);
    if (cur < 0 || ftruncate (t->fd, cur) < 0) {
        t->saved_errno = errno;
        return -1;
    }
    vimana_volume_transfer_add (t, length);
    return 0;
}

/* ---- the transfer thread ---- */

/* The stream failed: says why, for a cancel as for a daemon that went away. */
static void
vimana_volume_transfer_stream_failed (VimanaVolumeTransfer  *t,
                                      virStreamPtr           st,
                                      GError               **error)
{
    g_autoptr(GError) reason = NULL;

    if (t->saved_errno == ECANCELED || g_cancellable_is_cancelled (t->cancellable)) {
        virResetLastError ();
        if (t->upload)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The upload was cancelled: the content of “%s” is incomplete."),
                         t->volume_name);
        else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("The download was cancelled; the partial file was removed."));
    } else if (t->saved_errno != 0) {
        virResetLastError ();
        g_set_error (&reason, G_IO_ERROR, g_io_error_from_errno (t->saved_errno),
                     "%s: %s", t->path, g_strerror (t->saved_errno));
    } else {
        vimana_error_set_from_libvirt (&reason, _("The stream failed."));
    }
    /* virStreamSparse{Send,Recv}All aborted it already on a handler's failure; on the
     * daemon's, abort it so that the daemon drops its end. Its own error is of no interest. */
    virStreamAbort (st);
    virResetLastError ();
    if (reason == NULL)
        return;
    /* libvirt's messages mostly end without a full stop, ours with one: one either way. */
    g_strchomp (reason->message);
    if (g_str_has_suffix (reason->message, "."))
        reason->message[strlen (reason->message) - 1] = '\0';
    if (t->upload)
        /* Translators: the reason (no full stop), then a volume's name. */
        g_set_error (error, reason->domain, reason->code,
                     _("The upload was aborted: %s. The content of “%s” is incomplete."),
                     reason->message, t->volume_name);
    else
        /* Translators: the reason, without a full stop. */
        g_set_error (error, reason->domain, reason->code,
                     _("The download was aborted: %s. The partial file was removed."),
                     reason->message);
}

static gboolean
vimana_volume_transfer_upload (VimanaVolumeTransfer  *t,
                               virStorageVolPtr       vol,
                               GError               **error)
{
    virStorageVolInfo vinfo;
    struct stat st_buf;
    virStreamPtr st;
    g_autofree char *size = NULL;
    g_autofree char *capacity = NULL;

    if (virStorageVolGetInfo (vol, &vinfo) < 0) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be read."));
        return FALSE;
    }
    t->fd = g_open (t->path, O_RDONLY | O_CLOEXEC, 0);
    if (t->fd < 0 || fstat (t->fd, &st_buf) < 0) {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("“%s” could not be read: %s"), t->path, g_strerror (saved));
        return FALSE;
    }
    if (!S_ISREG (st_buf.st_mode)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                     _("“%s” is not a regular file."), t->path);
        return FALSE;
    }
    if ((guint64) st_buf.st_size > vinfo.capacity) {
        size = g_format_size_full (st_buf.st_size, G_FORMAT_SIZE_IEC_UNITS);
        capacity = g_format_size_full (vinfo.capacity, G_FORMAT_SIZE_IEC_UNITS);
        /* Translators: “file” (its size) is larger than the volume “name” (its capacity). */
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” (%s) is larger than the disk image “%s” (%s): resize the disk "
                       "image first."), t->path, size, t->volume_name, capacity);
        return FALSE;
    }
    g_mutex_lock (&t->lock);
    t->total = st_buf.st_size;
    g_mutex_unlock (&t->lock);

    st = virStreamNew (t->conn, 0);
    if (st == NULL) {
        vimana_error_set_from_libvirt (error, _("The stream could not be opened."));
        return FALSE;
    }
    if (virStorageVolUpload (vol, st, 0, st_buf.st_size, VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM) < 0) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be written."));
        virStreamFree (st);
        return FALSE;
    }
    if (virStreamSparseSendAll (st, vimana_volume_transfer_read_cb,
                                vimana_volume_transfer_in_data_cb,
                                vimana_volume_transfer_skip_read_cb, t) < 0 ||
        virStreamFinish (st) < 0) {
        vimana_volume_transfer_stream_failed (t, st, error);
        virStreamFree (st);
        return FALSE;
    }
    virStreamFree (st);
    return TRUE;
}

static gboolean
vimana_volume_transfer_download (VimanaVolumeTransfer  *t,
                                 virStorageVolPtr       vol,
                                 GError               **error)
{
    virStorageVolInfo vinfo;
    virStreamPtr st;
    g_autofree char *dir = g_path_get_dirname (t->path);
    g_autofree char *base = g_path_get_basename (t->path);
    g_autofree char *tmpl = g_strdup_printf (".%s.vimana-XXXXXX", base);
    off_t end;

    /* Physical size: what the stream carries (a qcow2 file's bytes, not its capacity). */
    if (virStorageVolGetInfoFlags (vol, &vinfo, VIR_STORAGE_VOL_GET_PHYSICAL) < 0) {
        virResetLastError ();
        if (virStorageVolGetInfo (vol, &vinfo) < 0) {
            vimana_error_set_from_libvirt (error, _("The disk image could not be read."));
            return FALSE;
        }
        vinfo.allocation = vinfo.capacity;
    }
    g_mutex_lock (&t->lock);
    t->total = vinfo.allocation > 0 ? vinfo.allocation : vinfo.capacity;
    g_mutex_unlock (&t->lock);

    if (!t->replace && g_file_test (t->path, G_FILE_TEST_EXISTS)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("“%s” already exists."), t->path);
        return FALSE;
    }
    t->tmp_path = g_build_filename (dir, tmpl, NULL);
    t->fd = g_mkstemp_full (t->tmp_path, O_RDWR | O_CLOEXEC, 0644);
    if (t->fd < 0) {
        int saved = errno;

        g_clear_pointer (&t->tmp_path, g_free);
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("A file could not be created in “%s”: %s"), dir, g_strerror (saved));
        return FALSE;
    }

    st = virStreamNew (t->conn, 0);
    if (st == NULL) {
        vimana_error_set_from_libvirt (error, _("The stream could not be opened."));
        return FALSE;
    }
    if (virStorageVolDownload (vol, st, 0, 0, VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM) < 0) {
        vimana_error_set_from_libvirt (error, _("The disk image could not be read."));
        virStreamFree (st);
        return FALSE;
    }
    if (virStreamSparseRecvAll (st, vimana_volume_transfer_write_cb,
                                vimana_volume_transfer_skip_write_cb, t) < 0 ||
        virStreamFinish (st) < 0) {
        vimana_volume_transfer_stream_failed (t, st, error);
        virStreamFree (st);
        return FALSE;
    }
    virStreamFree (st);

    end = lseek (t->fd, 0, SEEK_CUR);
    if (end < 0 || ftruncate (t->fd, end) < 0 || close (t->fd) < 0) {
        int saved = errno;

        t->fd = -1;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("“%s” could not be written: %s"), t->path, g_strerror (saved));
        return FALSE;
    }
    t->fd = -1;
    if (g_rename (t->tmp_path, t->path) < 0) {
        int saved = errno;

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     _("“%s” could not be written: %s"), t->path, g_strerror (saved));
        return FALSE;
    }
    g_clear_pointer (&t->tmp_path, g_free);
    return TRUE;
}

/* The thread's reference to its task goes back to the main thread: the last one frees the
 * transfer, whose progress data may be a window (the transfer dialog, closed meanwhile). */
static gboolean
vimana_volume_transfer_release_cb (gpointer task)
{
    g_object_unref (task);
    return G_SOURCE_REMOVE;
}

static void
vimana_volume_transfer_release (GTask *task)
{
    g_main_context_invoke (NULL, vimana_volume_transfer_release_cb, task);
}

static gpointer
vimana_volume_transfer_thread (gpointer data)
{
    GTask *task = data;
    VimanaVolumeTransfer *t = g_task_get_task_data (task);
    GError *error = NULL;
    virStorageVolPtr vol;
    gboolean ok;
    sigset_t pipe_set;

    /* A daemon that dies mid-stream makes this thread's next write to its socket raise SIGPIPE,
     * which would end the whole application: blocked here, the write fails with EPIPE instead
     * and the stream reports the daemon gone. (A thread's own SIGPIPE stays with it.) */
    sigemptyset (&pipe_set);
    sigaddset (&pipe_set, SIGPIPE);
    pthread_sigmask (SIG_BLOCK, &pipe_set, NULL);

    vol = virStorageVolLookupByKey (t->conn, t->key);
    if (vol == NULL) {
        vimana_error_set_from_libvirt (&error, _("The disk image could not be found."));
        g_task_return_error (task, error);
        vimana_volume_transfer_release (task);
        return NULL;
    }
    if (t->upload)
        ok = vimana_volume_transfer_upload (t, vol, &error);
    else
        ok = vimana_volume_transfer_download (t, vol, &error);
    /* Its allocation changed (an upload), or is worth showing again (a download). */
    t->info = vimana_storage_job_volume_info (vol);
    virStorageVolFree (vol);
    virResetLastError ();
    if (t->fd >= 0) {
        close (t->fd);
        t->fd = -1;
    }
    /* A failed download's partial file goes now, before the caller hears of the failure. */
    if (t->tmp_path != NULL) {
        g_unlink (t->tmp_path);
        g_clear_pointer (&t->tmp_path, g_free);
    }
    virConnectClose (g_steal_pointer (&t->conn));
    if (ok)
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
    vimana_volume_transfer_release (task);
    return NULL;
}

/* ---- the main thread ---- */

static void
vimana_volume_transfer_report (VimanaVolumeTransfer *t,
                               gboolean              last)
{
    VimanaVolumeTransferProgress progress = { 0, 0, 0, -1 };
    gint64 now = g_get_monotonic_time ();
    guint oldest;
    guint64 bytes;
    gint64 usec;

    g_mutex_lock (&t->lock);
    progress.done = t->done;
    progress.total = t->total;
    g_mutex_unlock (&t->lock);

    /* The last ticks, oldest first: the speed is over up to two seconds. */
    if (t->n_history == VIMANA_VOLUME_TRANSFER_SPEED_TICKS) {
        memmove (t->history, t->history + 1, sizeof t->history[0] * (t->n_history - 1));
        memmove (t->history_time, t->history_time + 1,
                 sizeof t->history_time[0] * (t->n_history - 1));
        t->n_history--;
    }
    t->history[t->n_history] = progress.done;
    t->history_time[t->n_history] = now;
    t->n_history++;
    oldest = 0;
    bytes = progress.done - t->history[oldest];
    usec = now - t->history_time[oldest];
    if (usec > 0 && t->n_history > 1)
        progress.speed = (guint64) ((double) bytes * G_USEC_PER_SEC / usec);
    if (last)
        progress.eta = 0;
    else if (progress.speed > 0 && progress.total >= progress.done)
        progress.eta = (progress.total - progress.done + progress.speed - 1) / progress.speed;

    if (t->progress != NULL)
        t->progress (t->volume, &progress, t->progress_data);
}

static gboolean
vimana_volume_transfer_tick_cb (gpointer user_data)
{
    vimana_volume_transfer_report (user_data, FALSE);
    return G_SOURCE_CONTINUE;
}

static void
vimana_volume_transfer_done_cb (GObject      *source,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    VimanaVolumeTransfer *t = g_task_get_task_data (G_TASK (result));
    GTask *task = t->task;
    GError *error = NULL;

    g_clear_handle_id (&t->timer_id, g_source_remove);
    if (t->info != NULL && !vimana_storage_volume_get_removed (t->volume))
        vimana_storage_volume_apply_info (t->volume, t->info);
    if (g_task_propagate_boolean (G_TASK (result), &error)) {
        vimana_volume_transfer_report (t, TRUE);
        g_task_return_boolean (task, TRUE);
    } else {
        g_task_return_error (task, error);
    }
}

static void
vimana_volume_transfer_start (VimanaStorageVolume              *self,
                              gboolean                          upload,
                              GFile                            *file,
                              gboolean                          replace,
                              GCancellable                     *cancellable,
                              VimanaVolumeTransferProgressFunc  progress,
                              gpointer                          progress_data,
                              GDestroyNotify                    progress_notify,
                              GAsyncReadyCallback               callback,
                              gpointer                          user_data,
                              gpointer                          source_tag)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GTask) thread_task = NULL;
    g_autoptr(GThread) thread = NULL;
    g_autofree char *path = g_file_get_path (file);
    VimanaConnection *connection = vimana_storage_volume_get_connection (self);
    virConnectPtr conn = connection != NULL ? vimana_connection_get_virconnect (connection) : NULL;
    VimanaVolumeTransfer *t;

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, source_tag);
    /* A cancelled transfer says what it left behind, not only "cancelled". */
    g_task_set_check_cancellable (task, FALSE);
    if (connection == NULL || vimana_storage_volume_get_removed (self)) {
        if (progress_notify != NULL)
            progress_notify (progress_data);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                                 _("The disk image “%s” no longer exists."),
                                 vimana_storage_volume_get_name (self));
        return;
    }
    if (conn == NULL) {
        if (progress_notify != NULL)
            progress_notify (progress_data);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED,
                                 _("Not connected to %s."),
                                 vimana_connection_get_display_name (connection));
        return;
    }
    if (path == NULL) {
        g_autofree char *uri = g_file_get_uri (file);

        if (progress_notify != NULL)
            progress_notify (progress_data);
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("“%s” is not a local file."), uri);
        return;
    }

    t = g_new0 (VimanaVolumeTransfer, 1);
    t->upload = upload;
    t->key = g_strdup (vimana_storage_volume_get_key (self));
    t->volume_name = g_strdup (vimana_storage_volume_get_name (self));
    t->path = g_steal_pointer (&path);
    t->replace = replace;
    t->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
    /* Taking a reference is no call to the daemon. */
    virConnectRef (conn);
    t->conn = conn;
    t->fd = -1;
    g_mutex_init (&t->lock);
    t->volume = g_object_ref (self);
    t->task = g_object_ref (task);
    t->progress = progress;
    t->progress_data = progress_data;
    t->progress_notify = progress_notify;
    t->timer_id = g_timeout_add (VIMANA_VOLUME_TRANSFER_PROGRESS_MS,
                                 vimana_volume_transfer_tick_cb, t);

    thread_task = g_task_new (self, NULL, vimana_volume_transfer_done_cb, NULL);
    g_task_set_source_tag (thread_task, vimana_volume_transfer_thread);
    g_task_set_task_data (thread_task, t, vimana_volume_transfer_free);
    thread = g_thread_new (upload ? "vimana-upload" : "vimana-download",
                           vimana_volume_transfer_thread, g_object_ref (thread_task));
}

/**
 * vimana_storage_volume_upload_async:
 * @self: a #VimanaStorageVolume
 * @source: a local file
 * @cancellable: (nullable): cancels the upload, which aborts the stream
 * @progress: (nullable) (scope notified): called with the bytes sent, at most about 4 times a
 *   second
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data when the upload ended
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Writes the content of @source into the volume over a libvirt stream, holes as holes. A source
 * larger than the volume's capacity is refused. A cancelled or aborted upload leaves the
 * volume's content incomplete, and says so. The finish updates the volume's allocation.
 */
void
vimana_storage_volume_upload_async (VimanaStorageVolume              *self,
                                    GFile                            *source,
                                    GCancellable                     *cancellable,
                                    VimanaVolumeTransferProgressFunc  progress,
                                    gpointer                          progress_data,
                                    GDestroyNotify                    progress_notify,
                                    GAsyncReadyCallback               callback,
                                    gpointer                          user_data)
{
    g_return_if_fail (VIMANA_IS_STORAGE_VOLUME (self));
    g_return_if_fail (G_IS_FILE (source));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    vimana_volume_transfer_start (self, TRUE, source, FALSE, cancellable, progress,
                                  progress_data, progress_notify, callback, user_data,
                                  vimana_storage_volume_upload_async);
}

gboolean
vimana_storage_volume_upload_finish (VimanaStorageVolume  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vimana_storage_volume_download_async:
 * @self: a #VimanaStorageVolume
 * @target: a local file
 * @replace: whether an existing @target may be replaced; else it fails with %G_IO_ERROR_EXISTS
 * @cancellable: (nullable): cancels the download, which aborts the stream
 * @progress: (nullable) (scope notified): called with the bytes received, at most about 4 times
 *   a second
 * @progress_data: data for @progress
 * @progress_notify: (nullable): frees @progress_data when the download ended
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Writes the volume's content to @target over a libvirt stream, holes as holes. @target appears
 * only once complete: a cancelled or failed download leaves no partial file (and an existing
 * @target as it was).
 */
void
vimana_storage_volume_download_async (VimanaStorageVolume              *self,
                                      GFile                            *target,
                                      gboolean                          replace,
                                      GCancellable                     *cancellable,
                                      VimanaVolumeTransferProgressFunc  progress,
                                      gpointer                          progress_data,
                                      GDestroyNotify                    progress_notify,
                                      GAsyncReadyCallback               callback,
                                      gpointer                          user_data)
{
    g_return_if_fail (VIMANA_IS_STORAGE_VOLUME (self));
    g_return_if_fail (G_IS_FILE (target));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    vimana_volume_transfer_start (self, FALSE, target, replace, cancellable, progress,
                                  progress_data, progress_notify, callback, user_data,
                                  vimana_storage_volume_download_async);
}

gboolean
vimana_storage_volume_download_finish (VimanaStorageVolume  *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}
