/* test-worker.c: the per-connection job thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "test-wait.h"
#include "vimana-error.h"
#include "vimana-worker.h"

#define N_JOBS 16

static GThread *main_thread;

/* A gate a job waits at until the test opens it, and that tells when the job arrived. */
typedef struct
{
    GMutex   mutex;
    GCond    cond;
    gboolean arrived;
    gboolean open;
} Gate;

static void
gate_init (Gate *gate)
{
    g_mutex_init (&gate->mutex);
    g_cond_init (&gate->cond);
    gate->arrived = FALSE;
    gate->open = FALSE;
}

static void
gate_clear (Gate *gate)
{
    g_mutex_clear (&gate->mutex);
    g_cond_clear (&gate->cond);
}

static void
gate_wait_arrived (Gate *gate)
{
    gint64 end = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

    g_mutex_lock (&gate->mutex);
    while (!gate->arrived) {
        if (!g_cond_wait_until (&gate->cond, &gate->mutex, end))
            g_error ("the blocking job never started");
    }
    g_mutex_unlock (&gate->mutex);
}

static void
gate_open (Gate *gate)
{
    g_mutex_lock (&gate->mutex);
    gate->open = TRUE;
    g_cond_broadcast (&gate->cond);
    g_mutex_unlock (&gate->mutex);
}

static void
blocking_job (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
    Gate *gate = task_data;

    g_mutex_lock (&gate->mutex);
    gate->arrived = TRUE;
    g_cond_broadcast (&gate->cond);
    while (!gate->open)
        g_cond_wait (&gate->cond, &gate->mutex);
    g_mutex_unlock (&gate->mutex);
    g_task_return_boolean (task, TRUE);
}

/* ---- order and threads ---- */

typedef struct
{
    GMutex   mutex;
    GThread *threads[N_JOBS];
    int      run_order[N_JOBS];
    guint    n_run;
    int      done_order[N_JOBS];
    guint    n_done;
} OrderState;

typedef struct
{
    OrderState *state;
    int         index;
} OrderJob;

static void
order_job (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
    OrderJob *job = task_data;
    OrderState *state = job->state;

    g_mutex_lock (&state->mutex);
    state->threads[state->n_run] = g_thread_self ();
    state->run_order[state->n_run++] = job->index;
    g_mutex_unlock (&state->mutex);
    /* Jobs that take different times must still finish in order. */
    if (job->index % 3 == 0)
        g_usleep (2000);
    g_task_return_int (task, job->index * 10);
}

static void
order_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
    OrderState *state = user_data;
    OrderJob *job = g_task_get_task_data (G_TASK (result));
    g_autoptr(GError) error = NULL;
    gssize value = g_task_propagate_int (G_TASK (result), &error);

    g_assert_no_error (error);
    g_assert_cmpint (value, ==, job->index * 10);
    g_assert_true (g_thread_self () == main_thread);
    state->done_order[state->n_done++] = job->index;
}

static void
test_worker_order (void)
{
    g_autoptr(VimanaWorker) worker = vimana_worker_new ("test-order");
    OrderState state = { 0 };

    g_mutex_init (&state.mutex);
    for (int i = 0; i < N_JOBS; i++) {
        g_autoptr(GTask) task = g_task_new (NULL, NULL, order_done_cb, &state);
        OrderJob *job = g_new0 (OrderJob, 1);

        job->state = &state;
        job->index = i;
        g_task_set_task_data (task, job, g_free);
        vimana_worker_push (worker, task, order_job);
    }
    test_wait_count (&state.n_done, N_JOBS, "all jobs");

    g_assert_cmpuint (state.n_run, ==, N_JOBS);
    for (int i = 0; i < N_JOBS; i++) {
        g_assert_cmpint (state.run_order[i], ==, i);
        g_assert_cmpint (state.done_order[i], ==, i);
        /* One thread, and not the main one. */
        g_assert_true (state.threads[i] == state.threads[0]);
        g_assert_true (state.threads[i] != main_thread);
    }
    vimana_worker_stop (worker);
    g_mutex_clear (&state.mutex);
}

/* Two workers are two threads: one blocked does not hold up the other. */
static void
simple_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
    guint *count = user_data;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_task_propagate_boolean (G_TASK (result), &error));
    g_assert_no_error (error);
    (*count)++;
}

static void
true_job (GTask        *task,
          gpointer      source_object,
          gpointer      task_data,
          GCancellable *cancellable)
{
    g_task_return_boolean (task, TRUE);
}

static void
test_worker_independent (void)
{
    g_autoptr(VimanaWorker) blocked = vimana_worker_new ("test-blocked");
    g_autoptr(VimanaWorker) free_worker = vimana_worker_new ("test-free");
    g_autoptr(GTask) block_task = NULL;
    g_autoptr(GTask) task = NULL;
    guint blocked_done = 0;
    guint free_done = 0;
    Gate gate;

    gate_init (&gate);
    block_task = g_task_new (NULL, NULL, simple_done_cb, &blocked_done);
    g_task_set_task_data (block_task, &gate, NULL);
    vimana_worker_push (blocked, block_task, blocking_job);
    gate_wait_arrived (&gate);

    task = g_task_new (NULL, NULL, simple_done_cb, &free_done);
    vimana_worker_push (free_worker, task, true_job);
    test_wait_count (&free_done, 1, "the job on the free worker");
    g_assert_cmpuint (blocked_done, ==, 0);

    gate_open (&gate);
    test_wait_count (&blocked_done, 1, "the blocked job");
    vimana_worker_stop (blocked);
    vimana_worker_stop (free_worker);
    g_clear_object (&block_task);
    gate_clear (&gate);
}

/* ---- cancellation ---- */

typedef struct
{
    gboolean ran;
    gboolean done;
    GError  *error;
} CancelState;

static void
must_not_run_job (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
    CancelState *state = task_data;

    state->ran = TRUE;
    g_task_return_boolean (task, TRUE);
}

static void
cancel_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
    CancelState *state = user_data;

    g_assert_false (g_task_propagate_boolean (G_TASK (result), &state->error));
    state->done = TRUE;
}

static void
test_worker_cancelled_before_run (void)
{
    g_autoptr(VimanaWorker) worker = vimana_worker_new ("test-cancel");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GTask) block_task = NULL;
    g_autoptr(GTask) task = NULL;
    CancelState state = { 0 };
    guint blocked_done = 0;
    Gate gate;

    gate_init (&gate);
    block_task = g_task_new (NULL, NULL, simple_done_cb, &blocked_done);
    g_task_set_task_data (block_task, &gate, NULL);
    vimana_worker_push (worker, block_task, blocking_job);
    gate_wait_arrived (&gate);

    task = g_task_new (NULL, cancellable, cancel_done_cb, &state);
    g_task_set_task_data (task, &state, NULL);
    vimana_worker_push (worker, task, must_not_run_job);
    g_assert_cmpuint (vimana_worker_pending (worker), ==, 1);

    g_cancellable_cancel (cancellable);
    gate_open (&gate);
    test_wait_flag (&state.done, "the cancelled job");

    g_assert_false (state.ran);
    g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpuint (blocked_done, ==, 1);
    g_assert_cmpuint (vimana_worker_pending (worker), ==, 0);

    g_clear_error (&state.error);
    vimana_worker_stop (worker);
    g_clear_object (&block_task);
    gate_clear (&gate);
}

/* A job whose cancellable fires while it runs is the job's business: it ran. */
static void
test_worker_cancelled_while_running (void)
{
    g_autoptr(VimanaWorker) worker = vimana_worker_new ("test-cancel-running");
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GTask) task = NULL;
    guint done = 0;
    Gate gate;

    gate_init (&gate);
    task = g_task_new (NULL, cancellable, simple_done_cb, &done);
    g_task_set_check_cancellable (task, FALSE);
    g_task_set_task_data (task, &gate, NULL);
    vimana_worker_push (worker, task, blocking_job);
    gate_wait_arrived (&gate);
    g_cancellable_cancel (cancellable);
    gate_open (&gate);
    test_wait_count (&done, 1, "the running job");
    vimana_worker_stop (worker);
    g_clear_object (&task);
    gate_clear (&gate);
}

/* ---- pending ---- */

static void
test_worker_pending (void)
{
    g_autoptr(VimanaWorker) worker = vimana_worker_new ("test-pending");
    g_autoptr(GTask) block_task = NULL;
    guint done = 0;
    Gate gate;

    g_assert_cmpuint (vimana_worker_pending (worker), ==, 0);

    gate_init (&gate);
    block_task = g_task_new (NULL, NULL, simple_done_cb, &done);
    g_task_set_task_data (block_task, &gate, NULL);
    vimana_worker_push (worker, block_task, blocking_job);
    gate_wait_arrived (&gate);
    /* The running job is not counted. */
    g_assert_cmpuint (vimana_worker_pending (worker), ==, 0);

    for (guint i = 1; i <= 3; i++) {
        g_autoptr(GTask) task = g_task_new (NULL, NULL, simple_done_cb, &done);

        vimana_worker_push (worker, task, true_job);
        g_assert_cmpuint (vimana_worker_pending (worker), ==, i);
    }

    gate_open (&gate);
    test_wait_count (&done, 4, "the queued jobs");
    g_assert_cmpuint (vimana_worker_pending (worker), ==, 0);

    vimana_worker_stop (worker);
    g_clear_object (&block_task);
    gate_clear (&gate);
}

/* ---- stop ---- */

typedef struct
{
    gboolean  done;
    GError   *error;
    gboolean  ran;
} StoppedState;

static void
stopped_job (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
    StoppedState *state = task_data;

    state->ran = TRUE;
    g_task_return_boolean (task, TRUE);
}

static void
stopped_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
    StoppedState *state = user_data;

    g_assert_false (g_task_propagate_boolean (G_TASK (result), &state->error));
    state->done = TRUE;
}

static void
test_worker_push_after_stop (void)
{
    g_autoptr(VimanaWorker) worker = vimana_worker_new ("test-stopped");
    g_autoptr(GTask) task = NULL;
    StoppedState state = { 0 };

    vimana_worker_stop (worker);
    vimana_worker_stop (worker);   /* twice is harmless */

    task = g_task_new (NULL, NULL, stopped_done_cb, &state);
    g_task_set_task_data (task, &state, NULL);
    vimana_worker_push (worker, task, stopped_job);
    test_wait_flag (&state.done, "the refused job");

    g_assert_false (state.ran);
    g_assert_error (state.error, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED);
    g_assert_cmpuint (strlen (state.error->message), >, 0);
    g_clear_error (&state.error);
}

static void
test_worker_stop_finishes_queue (void)
{
    VimanaWorker *worker = vimana_worker_new ("test-stop-drain");
    g_autoptr(GTask) block_task = NULL;
    guint done = 0;
    Gate gate;

    gate_init (&gate);
    block_task = g_task_new (NULL, NULL, simple_done_cb, &done);
    g_task_set_task_data (block_task, &gate, NULL);
    vimana_worker_push (worker, block_task, blocking_job);
    gate_wait_arrived (&gate);

    for (guint i = 0; i < 5; i++) {
        g_autoptr(GTask) task = g_task_new (NULL, NULL, simple_done_cb, &done);

        vimana_worker_push (worker, task, true_job);
    }

    /* Stop and even drop the worker while its jobs wait: they still run and complete. */
    vimana_worker_stop (worker);
    g_object_unref (worker);
    gate_open (&gate);
    test_wait_count (&done, 6, "the queued jobs after stop");

    g_clear_object (&block_task);
    gate_clear (&gate);
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);
    main_thread = g_thread_self ();

    g_test_add_func ("/worker/order", test_worker_order);
    g_test_add_func ("/worker/independent", test_worker_independent);
    g_test_add_func ("/worker/cancel/before-run", test_worker_cancelled_before_run);
    g_test_add_func ("/worker/cancel/while-running", test_worker_cancelled_while_running);
    g_test_add_func ("/worker/pending", test_worker_pending);
    g_test_add_func ("/worker/stop/push-after", test_worker_push_after_stop);
    g_test_add_func ("/worker/stop/finishes-queue", test_worker_stop_finishes_queue);

    return g_test_run ();
}
