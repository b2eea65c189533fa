/* vimana-connection-queue.c: the one way a job reaches a connection's worker
 *
 * Every core call that talks to libvirt is an _async function that makes its GTask and hands it
 * here with the function to run on the worker. This file looks up what the job needs (the open
 * libvirt connection, and for a guest's job its libvirt domain), takes references on them for
 * the job and releases them on the worker when it ends, and is the only place that fails a job
 * because the connection is not open ("Not connected to …") or the guest is gone ("The guest …
 * no longer exists."). Jobs of one connection run in the order they were queued.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"

/* What a queued job carries as its task data. */
typedef struct
{
    virConnectPtr   conn;
    virDomainPtr    dom;
    gpointer        data;
    GDestroyNotify  data_free;
    VimanaJobFunc   func;
} VimanaJob;

static void
vimana_job_release (VimanaJob *job)
{
    /* The domain first: it holds a reference on the connection. */
    if (job->dom != NULL)
        virDomainFree (g_steal_pointer (&job->dom));
    if (job->conn != NULL)
        virConnectClose (g_steal_pointer (&job->conn));
}

static void
vimana_job_free (gpointer data)
{
    VimanaJob *job = data;

    /* Normally released on the worker; here only when the job was cancelled before it ran. */
    vimana_job_release (job);
    if (job->data_free != NULL)
        job->data_free (job->data);
    g_free (job);
}

static void
vimana_job_run (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
    VimanaJob *job = task_data;

    job->func (task, job->conn, job->dom, job->data, cancellable);
    /* Drop the references here, on the worker: were one the last, closing would talk to the
     * hypervisor, and that must not happen on the main thread. */
    vimana_job_release (job);
}

/**
 * vimana_connection_queue_full:
 * @self: a #VimanaConnection
 * @task: the task @func completes
 * @dom: (nullable): a libvirt domain of the connection to hand to @func, referenced for it
 * @func: the job, run on the worker
 * @data: (transfer full) (nullable): the job's data, handed to @func
 * @data_free: (nullable): frees @data once the task is done
 *
 * Queues @func on the connection's worker with a reference on the open libvirt connection.
 * When the connection is not open, @task fails at once with %VIMANA_ERROR_NOT_CONNECTED and
 * @data is freed.
 */
void
vimana_connection_queue_full (VimanaConnection *self,
                              GTask            *task,
                              virDomainPtr      dom,
                              VimanaJobFunc     func,
                              gpointer          data,
                              GDestroyNotify    data_free)
{
    virConnectPtr conn;
    VimanaJob *job;

    g_assert (VIMANA_IS_CONNECTION (self));
    g_assert (G_IS_TASK (task));
    g_assert (func != NULL);

    conn = vimana_connection_get_virconnect (self);
    if (conn == NULL) {
        if (data_free != NULL)
            data_free (data);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED,
                                 _("Not connected to %s."),
                                 vimana_connection_get_display_name (self));
        return;
    }

    job = g_new0 (VimanaJob, 1);
    virConnectRef (conn);
    job->conn = conn;
    if (dom != NULL) {
        virDomainRef (dom);
        job->dom = dom;
    }
    job->data = data;
    job->data_free = data_free;
    job->func = func;
    g_task_set_task_data (task, job, vimana_job_free);
    vimana_worker_push (vimana_connection_get_worker (self), task, vimana_job_run);
}

/**
 * vimana_connection_queue:
 * @self: a #VimanaConnection
 * @task: the task @func completes
 * @func: the job, run on the worker; its domain is %NULL
 * @data: (transfer full) (nullable): the job's data
 * @data_free: (nullable): frees @data
 *
 * Queues a connection-scoped job; see vimana_connection_queue_full().
 */
void
vimana_connection_queue (VimanaConnection *self,
                         GTask            *task,
                         VimanaJobFunc     func,
                         gpointer          data,
                         GDestroyNotify    data_free)
{
    vimana_connection_queue_full (self, task, NULL, func, data, data_free);
}

/**
 * vimana_domain_queue:
 * @self: a #VimanaDomain
 * @task: the task @func completes
 * @func: the job, run on the worker with the guest's libvirt domain
 * @data: (transfer full) (nullable): the job's data
 * @data_free: (nullable): frees @data
 *
 * Queues a job on the guest's connection. A guest that left its connection's list fails @task at
 * once with %VIMANA_ERROR_NO_DOMAIN; a closed connection with %VIMANA_ERROR_NOT_CONNECTED.
 */
void
vimana_domain_queue (VimanaDomain   *self,
                     GTask          *task,
                     VimanaJobFunc   func,
                     gpointer        data,
                     GDestroyNotify  data_free)
{
    virDomainPtr dom;

    g_assert (VIMANA_IS_DOMAIN (self));

    dom = vimana_domain_ref_virdomain (self);
    if (dom == NULL && !vimana_domain_get_removed (self) &&
        vimana_connection_get_virconnect (vimana_domain_get_connection (self)) == NULL) {
        /* Kept over a lost connection: "not connected", not "no longer exists". */
        vimana_connection_queue_full (vimana_domain_get_connection (self), task, NULL, func, data,
                                      data_free);
        return;
    }
    if (dom == NULL) {
        if (data_free != NULL)
            data_free (data);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN,
                                 _("The guest “%s” no longer exists."),
                                 vimana_domain_get_name (self));
        return;
    }
    vimana_connection_queue_full (vimana_domain_get_connection (self), task, dom, func, data,
                                  data_free);
    /* The job took its own reference; a domain freed here is only a reference dropped. */
    virDomainFree (dom);
}

/**
 * vimana_job_get_data:
 * @task: a task given to one of the queue functions
 *
 * Returns: (transfer none) (nullable): the job's data; %NULL when the task failed before it was
 *   queued (the data was freed then)
 */
gpointer
vimana_job_get_data (GTask *task)
{
    VimanaJob *job = g_task_get_task_data (task);

    return job != NULL ? job->data : NULL;
}
