/* vimana-console-stream.c: a guest's serial or text console over a libvirt stream
 *
 * Opening (virStreamNew, virDomainOpenConsole) is a round trip to the daemon and runs on the
 * connection's worker like every other call. The stream is made with VIR_STREAM_NONBLOCK and
 * its events come through virStreamEventAddCallback, which gvir_event_register() delivers on
 * the GLib main loop: in that mode virStreamRecv and virStreamSend only move bytes between
 * our buffers and the ones libvirt's client already holds, and answer -2 instead of waiting,
 * so they are called on the main thread, from the event callback and from
 * vimana_console_stream_write(), without a worker hop per keystroke or per chunk of output.
 * Aborting the stream is a round trip again and runs on the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-stream"

#include "config.h"

#include "vimana-console-stream.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "vimana-connection-private.h"
#include "vimana-console-device.h"
#include "vimana-error.h"

/* One dispatch reads at most this much, so a guest that floods its console cannot keep the
 * main loop from drawing; libvirt's stream events are level-triggered, the rest comes next. */
#define VIMANA_CONSOLE_READ_CHUNK    (64 * 1024)
#define VIMANA_CONSOLE_READS_PER_DISPATCH 16
/* After a dispatch that brought data, reading pauses this long (ms): libvirtd forwards a serial
 * port a few bytes per message, and one dispatch per message costs far more than the bytes do.
 * libvirt's client keeps queueing while paused; the next read takes it all at once. */
#define VIMANA_CONSOLE_COALESCE_MS   10
/* What a write may leave waiting for the stream; more is refused, not queued without end. */
#define VIMANA_CONSOLE_MAX_PENDING   (1024 * 1024)

struct _VimanaConsoleStream
{
    GObject       parent_instance;

    VimanaDomain *domain;
    char         *dev_name;
    virStreamPtr  stream;      /* NULL when not open */
    GByteArray   *pending;     /* written but not yet taken by the stream */
    gboolean      opening;
    guint8       *read_buffer;
    guint         resume_source;  /* reading paused until then, see vimana_console_stream_read */
    guint         lost_source;    /* the connection went: close outside libvirt's close callback */
};

G_DEFINE_TYPE (VimanaConsoleStream, vimana_console_stream, G_TYPE_OBJECT)

G_DEFINE_QUARK (vimana - console - stream - error - quark, vimana_console_stream_error)

enum
{
    SIGNAL_DATA_RECEIVED,
    SIGNAL_CLOSED,
    N_SIGNALS,
};

static guint signals[N_SIGNALS];

typedef struct
{
    char         *dev_name;
    unsigned int  flags;
} VimanaConsoleOpenData;

static void
vimana_console_open_data_free (gpointer data)
{
    VimanaConsoleOpenData *open_data = data;

    g_free (open_data->dev_name);
    g_free (open_data);
}

/* ---- the worker's side ---- */

/* A stream nobody took is only released: aborting it would be a round trip on this thread. */
static void
vimana_console_stream_unref_virstream (gpointer data)
{
    if (data != NULL)
        virStreamFree (data);
}

static void
vimana_console_stream_open_job (GTask         *task,
                                virConnectPtr  conn,
                                virDomainPtr   dom,
                                gpointer       data,
                                GCancellable  *cancellable)
{
    VimanaConsoleOpenData *open_data = data;
    GError *error = NULL;
    virStreamPtr stream;

    stream = virStreamNew (conn, VIR_STREAM_NONBLOCK);
    if (stream == NULL) {
        vimana_error_set_from_libvirt (&error, NULL);
        g_task_return_error (task, error);
        return;
    }
    if (virDomainOpenConsole (dom, open_data->dev_name, stream, open_data->flags) < 0) {
        virErrorPtr last = virGetLastError ();

        /* libvirt says VIR_ERR_OPERATION_FAILED ("Active console session exists") only when a
         * safe open finds the console held by another client. */
        if (last != NULL && last->code == VIR_ERR_OPERATION_FAILED &&
            (open_data->flags & VIR_DOMAIN_CONSOLE_FORCE) == 0) {
            g_debug ("console %s is busy: %s", open_data->dev_name, last->message);
            error = g_error_new_literal (VIMANA_CONSOLE_STREAM_ERROR, VIMANA_CONSOLE_STREAM_ERROR_BUSY,
                                         _("Another client (virsh console, for example) holds this console."));
        } else if (last != NULL && last->code == VIR_ERR_NO_SUPPORT) {
            error = g_error_new_literal (VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                                         _("This connection cannot open a guest’s text console."));
        } else {
            vimana_error_set_from_libvirt (&error, NULL);
        }
        virStreamFree (stream);
        g_task_return_error (task, error);
        return;
    }
    if (g_cancellable_is_cancelled (cancellable)) {
        virStreamAbort (stream);
        virStreamFree (stream);
        virResetLastError ();
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Opening the console was cancelled."));
        return;
    }
    g_task_return_pointer (task, stream, vimana_console_stream_unref_virstream);
}

static void
vimana_console_stream_abort_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    /* The stream may be at its end or broken already: nothing to report either way. */
    if (virStreamAbort (data) < 0)
        virResetLastError ();
    g_task_return_boolean (task, TRUE);
}

/* ---- the main thread's side ---- */

static void
vimana_console_stream_release (VimanaConsoleStream *self)
{
    g_autoptr(GTask) task = NULL;
    VimanaConnection *connection;
    virStreamPtr stream = g_steal_pointer (&self->stream);

    g_clear_handle_id (&self->resume_source, g_source_remove);
    if (stream == NULL)
        return;
    if (virStreamEventRemoveCallback (stream) < 0)
        virResetLastError ();
    g_byte_array_set_size (self->pending, 0);
    connection = vimana_domain_get_connection (self->domain);
    if (connection == NULL) {
        virStreamFree (stream);
        return;
    }
    task = g_task_new (connection, NULL, NULL, NULL);
    g_task_set_source_tag (task, vimana_console_stream_release);
    vimana_connection_queue (connection, task, vimana_console_stream_abort_job, stream,
                             vimana_console_stream_unref_virstream);
}

static void
vimana_console_stream_close_with (VimanaConsoleStream      *self,
                                  VimanaConsoleCloseReason  reason,
                                  const char               *message)
{
    if (self->stream == NULL)
        return;
    vimana_console_stream_release (self);
    g_signal_emit (self, signals[SIGNAL_CLOSED], 0, (int) reason, message);
}

static void
vimana_console_stream_close_on_libvirt_error (VimanaConsoleStream *self)
{
    g_autoptr(GError) error = NULL;

    vimana_error_set_from_libvirt (&error, _("The console stream failed."));
    vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_ERROR, error->message);
}

static void
vimana_console_stream_update_events (VimanaConsoleStream *self)
{
    int events = VIR_STREAM_EVENT_ERROR | VIR_STREAM_EVENT_HANGUP;

    if (self->resume_source == 0)
        events |= VIR_STREAM_EVENT_READABLE;
    if (self->pending->len > 0)
        events |= VIR_STREAM_EVENT_WRITABLE;
    if (virStreamEventUpdateCallback (self->stream, events) < 0)
        virResetLastError ();
}

/* Returns: FALSE when the stream failed (and was closed) */
static gboolean
vimana_console_stream_flush (VimanaConsoleStream *self)
{
    while (self->stream != NULL && self->pending->len > 0) {
        int sent = virStreamSend (self->stream, (const char *) self->pending->data,
                                  MIN (self->pending->len, (guint) G_MAXINT));

        if (sent == -2)
            break;
        if (sent < 0) {
            vimana_console_stream_close_on_libvirt_error (self);
            return FALSE;
        }
        g_byte_array_remove_range (self->pending, 0, (guint) sent);
    }
    if (self->stream != NULL)
        vimana_console_stream_update_events (self);
    return self->stream != NULL;
}

static gboolean
vimana_console_stream_resume_reading (gpointer user_data)
{
    VimanaConsoleStream *self = user_data;

    self->resume_source = 0;
    if (self->stream != NULL)
        vimana_console_stream_update_events (self);
    return G_SOURCE_REMOVE;
}

static void
vimana_console_stream_read (VimanaConsoleStream *self)
{
    g_autoptr(GByteArray) received = g_byte_array_new ();
    gboolean at_end = FALSE, failed = FALSE;
    g_autoptr(GError) error = NULL;

    for (guint i = 0; i < VIMANA_CONSOLE_READS_PER_DISPATCH; i++) {
        int got = virStreamRecv (self->stream, (char *) self->read_buffer, VIMANA_CONSOLE_READ_CHUNK);

        if (got == -2)
            break;
        if (got == 0) {
            at_end = TRUE;
            break;
        }
        if (got < 0) {
            failed = TRUE;
            vimana_error_set_from_libvirt (&error, _("The console stream failed."));
            break;
        }
        g_byte_array_append (received, self->read_buffer, (guint) got);
    }

    if (received->len > 0 && !failed && !at_end && self->resume_source == 0) {
        self->resume_source = g_timeout_add (VIMANA_CONSOLE_COALESCE_MS, vimana_console_stream_resume_reading, self);
        vimana_console_stream_update_events (self);
    }
    g_object_ref (self);
    if (received->len > 0) {
        g_autoptr(GBytes) bytes = g_byte_array_free_to_bytes (g_steal_pointer (&received));

        g_signal_emit (self, signals[SIGNAL_DATA_RECEIVED], 0, bytes);
    }
    if (failed)
        vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_ERROR, error->message);
    else if (at_end)
        vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_EOF, NULL);
    g_object_unref (self);
}

static void
vimana_console_stream_event_cb (virStreamPtr  stream,
                                int           events,
                                void         *opaque)
{
    g_autoptr(VimanaConsoleStream) self = g_weak_ref_get (opaque);

    /* A late event of a stream already closed is dropped. */
    if (self == NULL || self->stream != stream)
        return;
    if (events & VIR_STREAM_EVENT_READABLE)
        vimana_console_stream_read (self);
    if (self->stream != NULL && (events & VIR_STREAM_EVENT_WRITABLE))
        vimana_console_stream_flush (self);
    if (self->stream != NULL && (events & VIR_STREAM_EVENT_ERROR))
        vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_ERROR,
                                          _("The connection to the console was lost."));
    else if (self->stream != NULL && (events & VIR_STREAM_EVENT_HANGUP))
        vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_EOF, NULL);
}

/* The guest's connection went away (its state is unknown, vimana_domain_mark_disconnected ()):
 * libvirt's client drops the stream with its socket and may never say so through the stream's
 * own events. */
static gboolean
vimana_console_stream_connection_lost_cb (gpointer user_data)
{
    VimanaConsoleStream *self = user_data;

    self->lost_source = 0;
    if (self->stream != NULL && vimana_domain_get_state (self->domain) == VIMANA_DOMAIN_STATE_NOSTATE)
        vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_ERROR,
                                          _("The connection to the hypervisor was lost."));
    return G_SOURCE_REMOVE;
}

static void
vimana_console_stream_domain_state_cb (VimanaConsoleStream *self)
{
    /* Not now: this runs inside libvirt's close callback, which holds the client's lock that
     * virStreamEventRemoveCallback () takes. */
    if (self->stream != NULL && vimana_domain_get_state (self->domain) == VIMANA_DOMAIN_STATE_NOSTATE &&
        self->lost_source == 0)
        self->lost_source = g_idle_add (vimana_console_stream_connection_lost_cb, self);
}

static void
vimana_console_stream_weak_ref_free (void *opaque)
{
    g_weak_ref_clear (opaque);
    g_free (opaque);
}

static void
vimana_console_stream_opened_cb (GObject      *source,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    g_autoptr(GTask) outer = user_data;
    VimanaConsoleStream *self = g_task_get_source_object (outer);
    GError *error = NULL;
    virStreamPtr stream;
    GWeakRef *weak;

    self->opening = FALSE;
    stream = g_task_propagate_pointer (G_TASK (result), &error);
    if (stream == NULL) {
        g_task_return_error (outer, error);
        return;
    }
    if (self->stream != NULL) {
        /* Opened twice: keep the first. */
        virStreamFree (stream);
        g_task_return_boolean (outer, TRUE);
        return;
    }
    self->stream = stream;
    weak = g_new0 (GWeakRef, 1);
    g_weak_ref_init (weak, self);
    if (virStreamEventAddCallback (stream,
                                   VIR_STREAM_EVENT_READABLE | VIR_STREAM_EVENT_ERROR |
                                   VIR_STREAM_EVENT_HANGUP,
                                   vimana_console_stream_event_cb, weak,
                                   vimana_console_stream_weak_ref_free) < 0) {
        vimana_error_set_from_libvirt (&error, _("The console stream failed."));
        vimana_console_stream_weak_ref_free (weak);
        vimana_console_stream_release (self);
        g_task_return_error (outer, error);
        return;
    }
    g_task_return_boolean (outer, TRUE);
}

/**
 * vimana_console_stream_open_async:
 * @self: a #VimanaConsoleStream
 * @force: take the console from another client that holds it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Opens the console in safe mode (%VIR_DOMAIN_CONSOLE_SAFE): when another client holds it,
 * the open fails with %VIMANA_CONSOLE_STREAM_ERROR_BUSY, and only an open with @force takes
 * it over (%VIR_DOMAIN_CONSOLE_FORCE).
 */
void
vimana_console_stream_open_async (VimanaConsoleStream *self,
                                  gboolean             force,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    g_autoptr(GTask) outer = NULL;
    g_autoptr(GTask) task = NULL;
    VimanaConsoleOpenData *open_data;

    g_return_if_fail (VIMANA_IS_CONSOLE_STREAM (self));

    outer = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (outer, vimana_console_stream_open_async);
    if (self->stream != NULL) {
        g_task_return_boolean (outer, TRUE);
        return;
    }
    if (self->opening) {
        g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                                 _("The console is being opened already."));
        return;
    }
    open_data = g_new0 (VimanaConsoleOpenData, 1);
    open_data->dev_name = g_strdup (self->dev_name);
    open_data->flags = force ? VIR_DOMAIN_CONSOLE_FORCE : VIR_DOMAIN_CONSOLE_SAFE;
    self->opening = TRUE;
    task = g_task_new (self->domain, cancellable, vimana_console_stream_opened_cb,
                       g_steal_pointer (&outer));
    g_task_set_source_tag (task, vimana_console_stream_open_job);
    vimana_domain_queue (self->domain, task, vimana_console_stream_open_job, open_data,
                         vimana_console_open_data_free);
}

gboolean
vimana_console_stream_open_finish (VimanaConsoleStream  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_STREAM (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vimana_console_stream_write:
 * @self: a #VimanaConsoleStream
 * @data: (array length=length): the bytes to send to the guest
 * @length: how many
 *
 * Sends @data without waiting; what the stream cannot take yet is sent when it can. Writing
 * to a console that is not open does nothing.
 *
 * Returns: whether @data was taken (FALSE when not open, or when too much is waiting)
 */
gboolean
vimana_console_stream_write (VimanaConsoleStream *self,
                             const guint8        *data,
                             gsize                length)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_STREAM (self), FALSE);
    g_return_val_if_fail (data != NULL || length == 0, FALSE);

    if (self->stream == NULL)
        return FALSE;
    if (length > VIMANA_CONSOLE_MAX_PENDING - self->pending->len)
        return FALSE;
    g_byte_array_append (self->pending, data, (guint) length);
    return vimana_console_stream_flush (self);
}

/**
 * vimana_console_stream_get_pending:
 *
 * Returns: how many written bytes wait for the stream
 */
gsize
vimana_console_stream_get_pending (VimanaConsoleStream *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_STREAM (self), 0);

    return self->pending->len;
}

/**
 * vimana_console_stream_close:
 *
 * Detaches from the console; #VimanaConsoleStream::closed says %VIMANA_CONSOLE_CLOSED_BY_US.
 * It can be opened again.
 */
void
vimana_console_stream_close (VimanaConsoleStream *self)
{
    g_return_if_fail (VIMANA_IS_CONSOLE_STREAM (self));

    vimana_console_stream_close_with (self, VIMANA_CONSOLE_CLOSED_BY_US, NULL);
}

gboolean
vimana_console_stream_is_open (VimanaConsoleStream *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_STREAM (self), FALSE);

    return self->stream != NULL;
}

VimanaDomain *
vimana_console_stream_get_domain (VimanaConsoleStream *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_STREAM (self), NULL);

    return self->domain;
}

const char *
vimana_console_stream_get_dev_name (VimanaConsoleStream *self)
{
    g_return_val_if_fail (VIMANA_IS_CONSOLE_STREAM (self), NULL);

    return self->dev_name;
}

/**
 * vimana_console_stream_new:
 * @domain: the guest
 * @dev_name: (nullable): the device, as vimana_console_device_get_dev_name() gives it; %NULL
 *   for the guest's first console
 *
 * Returns: (transfer full): a console stream, not open yet
 */
VimanaConsoleStream *
vimana_console_stream_new (VimanaDomain *domain,
                           const char   *dev_name)
{
    VimanaConsoleStream *self;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    self = g_object_new (VIMANA_TYPE_CONSOLE_STREAM, NULL);
    self->domain = g_object_ref (domain);
    self->dev_name = g_strdup (dev_name);
    g_signal_connect_object (domain, "notify::state", G_CALLBACK (vimana_console_stream_domain_state_cb), self,
                             G_CONNECT_SWAPPED);
    return self;
}

static void
vimana_console_stream_dispose (GObject *object)
{
    VimanaConsoleStream *self = VIMANA_CONSOLE_STREAM (object);

    g_clear_handle_id (&self->lost_source, g_source_remove);
    if (self->domain != NULL)
        vimana_console_stream_release (self);
    g_clear_object (&self->domain);

    G_OBJECT_CLASS (vimana_console_stream_parent_class)->dispose (object);
}

static void
vimana_console_stream_finalize (GObject *object)
{
    VimanaConsoleStream *self = VIMANA_CONSOLE_STREAM (object);

    g_free (self->dev_name);
    g_byte_array_unref (self->pending);
    g_free (self->read_buffer);

    G_OBJECT_CLASS (vimana_console_stream_parent_class)->finalize (object);
}

static void
vimana_console_stream_class_init (VimanaConsoleStreamClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_console_stream_dispose;
    object_class->finalize = vimana_console_stream_finalize;

    /**
     * VimanaConsoleStream::data-received:
     * @bytes: what the guest wrote, as it came
     */
    signals[SIGNAL_DATA_RECEIVED] =
        g_signal_new ("data-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);

    /**
     * VimanaConsoleStream::closed:
     * @reason: a #VimanaConsoleCloseReason
     * @message: (nullable): what failed, for %VIMANA_CONSOLE_CLOSED_ERROR
     */
    signals[SIGNAL_CLOSED] =
        g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
vimana_console_stream_init (VimanaConsoleStream *self)
{
    self->pending = g_byte_array_new ();
    self->read_buffer = g_malloc (VIMANA_CONSOLE_READ_CHUNK);
}

/* ---- the guest's consoles ---- */

static void
vimana_console_fetch_devices_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    GError *error = NULL;
    GPtrArray *devices;
    /* The live description has the aliases and ptys; no secret is needed. */
    char *xml = virDomainGetXMLDesc (dom, virDomainIsActive (dom) > 0 ? 0 : VIR_DOMAIN_XML_INACTIVE);

    if (xml == NULL) {
        vimana_error_set_from_libvirt (&error, _("The guest’s description could not be read."));
        g_task_return_error (task, error);
        return;
    }
    devices = vimana_console_devices_new_from_xml (xml, &error);
    free (xml);   /* allocated by libvirt */
    if (devices == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, devices, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_console_stream_fetch_devices_async:
 * @domain: a #VimanaDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Lists the guest's serial ports and consoles (vimana_console_devices_new_from_xml()) from its
 * live description when it runs, else from its configuration.
 */
void
vimana_console_stream_fetch_devices_async (VimanaDomain        *domain,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (domain));

    task = g_task_new (domain, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_console_stream_fetch_devices_async);
    vimana_domain_queue (domain, task, vimana_console_fetch_devices_job, NULL, NULL);
}

/**
 * vimana_console_stream_fetch_devices_finish:
 *
 * Returns: (transfer container) (element-type VimanaConsoleDevice): the devices, maybe none
 */
GPtrArray *
vimana_console_stream_fetch_devices_finish (VimanaDomain  *domain,
                                            GAsyncResult  *result,
                                            GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (g_task_is_valid (result, domain), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
