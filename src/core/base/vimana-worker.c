/* vimana-worker.c: one thread that runs jobs in order, off the main thread
 *
 * Every libvirt call of a connection runs here, so a slow or dead hypervisor never blocks the
 * window. A job is a GTask and the function that completes it; GTask carries the result back to
 * the main context the task was made in. Jobs run in the order they were pushed. A job whose
 * cancellable fired before it started is completed with G_IO_ERROR_CANCELLED without running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-worker"

#include "config.h"

#include "vimana-worker.h"

#include <glib/gi18n-lib.h>

#include "vimana-error.h"

typedef struct
{
    GTask           *task;
    GTaskThreadFunc  func;
} VimanaWorkerJob;

struct _VimanaWorker
{
    GObject parent_instance;

    /* owned references */
    char        *name;
    GThread     *thread;
    GAsyncQueue *queue;

    gboolean     stopped;  /* main thread only */
};

G_DEFINE_FINAL_TYPE (VimanaWorker, vimana_worker, G_TYPE_OBJECT)

/* The job that asks the thread to end: it has no task. */
static VimanaWorkerJob vimana_worker_stop_job;

static void
vimana_worker_job_free (VimanaWorkerJob *job)
{
    if (job == &vimana_worker_stop_job)
        return;
    g_clear_object (&job->task);
    g_free (job);
}

static gpointer
vimana_worker_thread_main (gpointer data)
{
    GAsyncQueue *queue = data;

    for (;;) {
        VimanaWorkerJob *job = g_async_queue_pop (queue);

        if (job == &vimana_worker_stop_job)
            break;

        if (!g_task_return_error_if_cancelled (job->task)) {
            job->func (job->task, g_task_get_source_object (job->task),
                       g_task_get_task_data (job->task), g_task_get_cancellable (job->task));
        }
        vimana_worker_job_free (job);
    }

    g_async_queue_unref (queue);
    return NULL;
}

static void
vimana_worker_finalize (GObject *object)
{
    VimanaWorker *self = VIMANA_WORKER (object);

    vimana_worker_stop (self);
    g_clear_pointer (&self->queue, g_async_queue_unref);
    g_free (self->name);

    G_OBJECT_CLASS (vimana_worker_parent_class)->finalize (object);
}

static void
vimana_worker_class_init (VimanaWorkerClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->finalize = vimana_worker_finalize;
}

static void
vimana_worker_init (VimanaWorker *self)
{
    self->queue = g_async_queue_new ();
}

/**
 * vimana_worker_new:
 * @name: the thread's name, as debuggers show it
 *
 * Returns: (transfer full): a worker whose thread is running
 */
VimanaWorker *
vimana_worker_new (const char *name)
{
    VimanaWorker *self = g_object_new (VIMANA_TYPE_WORKER, NULL);

    self->name = g_strdup (name);
    self->thread = g_thread_new (name, vimana_worker_thread_main, g_async_queue_ref (self->queue));
    return self;
}

/**
 * vimana_worker_push:
 * @self: a #VimanaWorker
 * @task: the task the job completes; @func must return a value on it
 * @func: the job, run on the worker thread
 *
 * Queues a job after those already queued. After vimana_worker_stop() the task fails at once.
 */
void
vimana_worker_push (VimanaWorker    *self,
                    GTask           *task,
                    GTaskThreadFunc  func)
{
    VimanaWorkerJob *job;

    g_return_if_fail (VIMANA_IS_WORKER (self));
    g_return_if_fail (G_IS_TASK (task));
    g_return_if_fail (func != NULL);

    if (self->stopped) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED, "%s",
                                 _("The connection is closed."));
        return;
    }

    job = g_new0 (VimanaWorkerJob, 1);
    job->task = g_object_ref (task);
    job->func = func;
    g_async_queue_push (self->queue, job);
}

/**
 * vimana_worker_pending:
 * @self: a #VimanaWorker
 *
 * Returns: how many jobs wait to run (not counting the running one)
 */
guint
vimana_worker_pending (VimanaWorker *self)
{
    int length;

    g_return_val_if_fail (VIMANA_IS_WORKER (self), 0);

    length = g_async_queue_length (self->queue);
    return length > 0 ? (guint) length : 0;
}

/**
 * vimana_worker_stop:
 * @self: a #VimanaWorker
 *
 * Lets the queued jobs finish, then ends the thread. It does not wait for the thread: a job
 * may be blocked in a hypervisor that does not answer, and the caller is the main thread. Jobs
 * whose cancellable was cancelled return at once, so cancel them first to stop quickly.
 */
void
vimana_worker_stop (VimanaWorker *self)
{
    g_return_if_fail (VIMANA_IS_WORKER (self));

    if (self->stopped)
        return;
    self->stopped = TRUE;

    if (self->thread != NULL) {
        g_async_queue_push (self->queue, &vimana_worker_stop_job);
        g_thread_unref (g_steal_pointer (&self->thread));
    }
}
