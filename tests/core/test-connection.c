/* test-connection.c: the core against the libvirt test driver (tier 2, suite "core")
 *
 * test:///default is one hypervisor shared by every connection of the process; a "keeper"
 * connection opened in main() keeps it alive across the tests, and each test that uses it
 * first puts the guest "test" back into a known state. Node files (test:///path) give each
 * connection a private copy, so every test that opens one starts from the file.
 *
 * libvirt events reach us through libvirt-glib's loop on the main context: the tests only
 * ever wait by iterating the main context (tests/lib/test-wait.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-error.h"
#include "vimana-storage-volume.h"

#define DEFAULT_URI "test:///default"

static virConnectPtr keeper;   /* keeps test:///default alive; used to check and reset it */
static char *node50_uri;
static char *auth_uri;

/* ---- connection helpers ---- */

typedef struct
{
    GArray *states;   /* of VimanaConnectionState, each notify::state */
} StateLog;

static void
state_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
    StateLog *log = user_data;
    VimanaConnectionState state = vimana_connection_get_state (VIMANA_CONNECTION (object));

    g_array_append_val (log->states, state);
}

static VimanaDomain *
get_domain (VimanaConnection *connection,
            const char       *name)
{
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, name);

    if (domain == NULL)
        g_error ("no guest “%s” on %s", name, vimana_connection_get_uri (connection));
    return domain;
}

static void
fetch_details_wait (VimanaDomain         *domain,
                    VimanaDomainDetails **details,
                    GError              **error)
{
    TestWaitAsync wait = { 0 };

    vimana_domain_fetch_details_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the details");
    *details = vimana_domain_fetch_details_finish (domain, wait.result, error);
    g_object_unref (wait.result);
}

/* Lets what is in flight land: events already queued are dispatched, the refreshes they queue
 * on the worker are passed by a job queued behind them, and their results are applied. */
static void
settle (VimanaConnection *connection)
{
    GListModel *domains = vimana_connection_get_domains (connection);
    g_autoptr(VimanaDomain) barrier = NULL;
    g_autoptr(VimanaDomainDetails) details = NULL;
    g_autoptr(GError) error = NULL;

    test_wait_drain ();
    if (g_list_model_get_n_items (domains) == 0)
        return;
    barrier = g_list_model_get_item (domains, 0);
    fetch_details_wait (barrier, &details, &error);
    g_assert_no_error (error);
    test_wait_drain ();
}

static gboolean
run_action (VimanaDomain        *domain,
            VimanaDomainAction   action,
            GError             **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_domain_run_action_async (domain, action, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, vimana_domain_action_to_string (action));
    ok = vimana_domain_run_action_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static void
run_action_ok (VimanaDomain       *domain,
               VimanaDomainAction  action,
               VimanaDomainState   expected)
{
    g_autoptr(GError) error = NULL;
    const char *reason = NULL;

    g_test_message ("%s on %s", vimana_domain_action_to_string (action),
                    vimana_domain_get_name (domain));
    g_assert_true (vimana_domain_can_run_action (domain, action, &reason));
    g_assert_null (reason);
    g_assert_true (run_action (domain, action, &error));
    g_assert_no_error (error);
    /* The finish applied the worker's snapshot: the state is right without waiting for an
     * event. */
    g_assert_cmpint (vimana_domain_get_state (domain), ==, expected);
}

static gboolean
set_autostart (VimanaDomain *domain,
               gboolean      autostart,
               GError      **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_domain_set_autostart_async (domain, autostart, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "autostart");
    ok = vimana_domain_set_autostart_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static GPtrArray *
list_volumes (VimanaDomain *domain,
              GError      **error)
{
    TestWaitAsync wait = { 0 };
    GPtrArray *volumes;

    vimana_domain_list_volumes_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the volumes");
    volumes = vimana_domain_list_volumes_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return volumes;
}

static gboolean
delete_domain (VimanaDomain       *domain,
               const char * const *keys,
               GError            **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_domain_delete_async (domain, keys, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the deletion");
    ok = vimana_domain_delete_finish (domain, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

/* Connected with g_signal_connect_swapped(): the counter comes first. */
static void
count_cb (gpointer user_data)
{
    (*(guint *) user_data)++;
}

static gboolean
domain_is_removed (gpointer data)
{
    return vimana_domain_get_removed (VIMANA_DOMAIN (data));
}

static gboolean
domain_is_paused (gpointer data)
{
    return vimana_domain_get_state (VIMANA_DOMAIN (data)) == VIMANA_DOMAIN_STATE_PAUSED;
}

static gboolean
domain_is_running (gpointer data)
{
    return vimana_domain_get_state (VIMANA_DOMAIN (data)) == VIMANA_DOMAIN_STATE_RUNNING;
}

/* ---- test:///default ---- */

/* Puts test:///default back as it starts: "test" running, no saved state, no autostart. */
static void
reset_default (void)
{
    virDomainPtr dom = virDomainLookupByName (keeper, "test");
    int state = 0;
    int reason = 0;

    g_assert_nonnull (dom);
    g_assert_cmpint (virDomainGetState (dom, &state, &reason, 0), ==, 0);
    if (state == VIR_DOMAIN_PAUSED)
        g_assert_cmpint (virDomainResume (dom), ==, 0);
    else if (state != VIR_DOMAIN_RUNNING)
        g_assert_cmpint (virDomainCreate (dom), ==, 0);   /* also consumes a managed save */
    g_assert_cmpint (virDomainSetAutostart (dom, 0), ==, 0);
    g_assert_cmpint (virDomainHasManagedSaveImage (dom, 0), ==, 0);
    virDomainFree (dom);
    /* The events of the reset go to connections of earlier tests, which ignore them. */
    test_wait_drain ();
}

static void
test_default_open (void)
{
    g_autoptr(TestConnection) connection = NULL;
    StateLog log = { g_array_new (FALSE, FALSE, sizeof (VimanaConnectionState)) };
    guint loaded_notifies = 0;
    GListModel *domains;
    g_autoptr(VimanaDomain) domain = NULL;
    virDomainPtr dom;
    virDomainInfo info;
    char uuid[VIR_UUID_STRING_BUFLEN];

    reset_default ();
    connection = vimana_connection_new (DEFAULT_URI);
    g_assert_cmpstr (vimana_connection_get_uri (connection), ==, DEFAULT_URI);
    g_assert_cmpstr (vimana_connection_get_display_name (connection), ==, "Test");
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_false (vimana_connection_get_loaded (connection));
    g_assert_false (vimana_connection_get_reconnecting (connection));

    g_signal_connect (connection, "notify::state", G_CALLBACK (state_notify_cb), &log);
    g_signal_connect_swapped (connection, "notify::loaded", G_CALLBACK (count_cb),
                              &loaded_notifies);
    vimana_connection_open (connection);
    /* Opening is asynchronous: the state says so at once. */
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTING);
    test_connection_wait_settled (connection);

    g_assert_cmpuint (log.states->len, ==, 2);
    g_assert_cmpint (g_array_index (log.states, VimanaConnectionState, 0), ==,
                     VIMANA_CONNECTION_STATE_CONNECTING);
    g_assert_cmpint (g_array_index (log.states, VimanaConnectionState, 1), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    g_assert_true (vimana_connection_get_loaded (connection));
    g_assert_cmpuint (loaded_notifies, ==, 1);
    g_assert_null (vimana_connection_get_message (connection));

    domains = vimana_connection_get_domains (connection);
    g_assert_true (g_list_model_get_item_type (domains) == VIMANA_TYPE_DOMAIN);
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
    domain = g_list_model_get_item (domains, 0);

    /* What the list shows is what libvirt says. */
    dom = virDomainLookupByName (keeper, "test");
    g_assert_cmpint (virDomainGetInfo (dom, &info), ==, 0);
    g_assert_cmpint (virDomainGetUUIDString (dom, uuid), ==, 0);
    virDomainFree (dom);

    g_assert_cmpstr (vimana_domain_get_name (domain), ==, "test");
    g_assert_cmpstr (vimana_domain_get_uuid (domain), ==, uuid);
    g_assert_null (vimana_domain_get_title (domain));
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_true (vimana_domain_get_active (domain));
    g_assert_true (vimana_domain_get_persistent (domain));
    g_assert_false (vimana_domain_get_autostart (domain));
    g_assert_false (vimana_domain_get_has_managed_save (domain));
    g_assert_false (vimana_domain_get_removed (domain));
    g_assert_cmpuint (vimana_domain_get_vcpus (domain), ==, info.nrVirtCpu);
    g_assert_cmpuint (vimana_domain_get_memory (domain), ==, info.memory);
    g_assert_cmpuint (vimana_domain_get_max_memory (domain), ==, info.maxMem);
    g_assert_true (vimana_domain_get_connection (domain) == connection);

    g_assert_true (vimana_connection_lookup_domain (connection, uuid) == domain);
    g_assert_true (vimana_connection_find_domain_by_name (connection, "test") == domain);
    g_assert_null (vimana_connection_lookup_domain (connection,
                                                    "00000000-0000-0000-0000-000000000000"));
    g_assert_null (vimana_connection_find_domain_by_name (connection, "nope"));

    /* Opening an open connection changes nothing. */
    vimana_connection_open (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    g_assert_cmpuint (log.states->len, ==, 2);

    g_signal_handlers_disconnect_by_data (connection, &log);
    g_signal_handlers_disconnect_by_data (connection, &loaded_notifies);
    g_array_unref (log.states);
}

static void
test_default_actions (void)
{
    g_autoptr(TestConnection) connection = NULL;
    VimanaDomain *domain;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "test");

    run_action_ok (domain, VIMANA_DOMAIN_ACTION_PAUSE, VIMANA_DOMAIN_STATE_PAUSED);
    g_assert_true (vimana_domain_get_active (domain));
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_RESUME, VIMANA_DOMAIN_STATE_RUNNING);

    run_action_ok (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_false (vimana_domain_get_active (domain));
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_START, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_true (vimana_domain_get_active (domain));

    /* Save is a managed save: the guest stops and keeps its memory on disk... */
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_SAVE, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_false (vimana_domain_get_active (domain));
    g_assert_true (vimana_domain_get_has_managed_save (domain));
    /* ... and restoring starts it from there and drops the image. */
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_RESTORE, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_false (vimana_domain_get_has_managed_save (domain));

    /* The test driver implements shutdown, reboot and reset. */
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_REBOOT, VIMANA_DOMAIN_STATE_RUNNING);
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_RESET, VIMANA_DOMAIN_STATE_RUNNING);
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_SHUTDOWN, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_false (vimana_domain_get_active (domain));
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_START, VIMANA_DOMAIN_STATE_RUNNING);

    /* The list agrees with libvirt once the events are in. */
    settle (connection);
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 1);
}

static void
assert_refused (VimanaDomain       *domain,
                VimanaDomainAction  action,
                gint                code,
                const char         *libvirt_words)
{
    g_autoptr(GError) error = NULL;
    VimanaDomainState before = vimana_domain_get_state (domain);
    const char *reason = NULL;

    /* The UI would not offer it... */
    g_assert_false (vimana_domain_can_run_action (domain, action, &reason));
    g_assert_nonnull (reason);
    /* ... and libvirt has the last word when it is asked anyway. */
    g_assert_false (run_action (domain, action, &error));
    g_assert_error (error, VIMANA_ERROR, code);
    g_test_message ("%s refused: %s", vimana_domain_action_to_string (action), error->message);
    g_assert_nonnull (strstr (error->message, libvirt_words));
    g_assert_cmpint (vimana_domain_get_state (domain), ==, before);
}

static void
test_default_refused (void)
{
    g_autoptr(TestConnection) connection = NULL;
    VimanaDomain *domain;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "test");

    /* The test driver reports these as internal errors, with its own message. */
    assert_refused (domain, VIMANA_DOMAIN_ACTION_RESUME, VIMANA_ERROR_FAILED, "not paused");
    assert_refused (domain, VIMANA_DOMAIN_ACTION_START, VIMANA_ERROR_FAILED, "already running");
    assert_refused (domain, VIMANA_DOMAIN_ACTION_RESTORE, VIMANA_ERROR_FAILED, "already running");

    run_action_ok (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, VIMANA_DOMAIN_STATE_SHUTOFF);
    /* On a shut-off guest it says "operation invalid". */
    assert_refused (domain, VIMANA_DOMAIN_ACTION_FORCE_OFF, VIMANA_ERROR_OPERATION_INVALID,
                    "not running");
    assert_refused (domain, VIMANA_DOMAIN_ACTION_REBOOT, VIMANA_ERROR_OPERATION_INVALID,
                    "not running");
    assert_refused (domain, VIMANA_DOMAIN_ACTION_RESET, VIMANA_ERROR_OPERATION_INVALID,
                    "not running");
    assert_refused (domain, VIMANA_DOMAIN_ACTION_SAVE, VIMANA_ERROR_OPERATION_INVALID,
                    "not running");
    assert_refused (domain, VIMANA_DOMAIN_ACTION_PAUSE, VIMANA_ERROR_FAILED, "not running");
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_START, VIMANA_DOMAIN_STATE_RUNNING);
}

static void
test_default_autostart (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(GError) error = NULL;
    VimanaDomain *domain;
    virDomainPtr dom;
    guint notifies = 0;
    int autostart = -1;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "test");
    g_assert_false (vimana_domain_get_autostart (domain));
    g_assert_true (vimana_domain_can_run_action (domain, VIMANA_DOMAIN_ACTION_AUTOSTART, NULL));
    g_signal_connect_swapped (domain, "notify::autostart", G_CALLBACK (count_cb), &notifies);

    g_assert_true (set_autostart (domain, TRUE, &error));
    g_assert_no_error (error);
    g_assert_true (vimana_domain_get_autostart (domain));
    g_assert_cmpuint (notifies, ==, 1);
    dom = virDomainLookupByName (keeper, "test");
    g_assert_cmpint (virDomainGetAutostart (dom, &autostart), ==, 0);
    g_assert_cmpint (autostart, ==, 1);

    /* Setting what is already set notifies nothing. */
    g_assert_true (set_autostart (domain, TRUE, &error));
    g_assert_cmpuint (notifies, ==, 1);

    g_assert_true (set_autostart (domain, FALSE, &error));
    g_assert_no_error (error);
    g_assert_false (vimana_domain_get_autostart (domain));
    g_assert_cmpuint (notifies, ==, 2);
    g_assert_cmpint (virDomainGetAutostart (dom, &autostart), ==, 0);
    g_assert_cmpint (autostart, ==, 0);

    virDomainFree (dom);
    g_signal_handlers_disconnect_by_data (domain, &notifies);
}

static void
test_default_details (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomainDetails) details = NULL;
    g_autoptr(GError) error = NULL;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    fetch_details_wait (get_domain (connection, "test"), &details, &error);
    g_assert_no_error (error);
    g_assert_nonnull (details);
    g_assert_cmpstr (details->domain_type, ==, "test");
    g_assert_cmpstr (details->os_type, ==, "hvm");
    g_assert_cmpstr (details->arch, ==, "i686");
}

/* A second client changes the shared test:///default: the change arrives as an event. */
static void
test_default_external_change (void)
{
    g_autoptr(TestConnection) connection = NULL;
    VimanaDomain *domain;
    virDomainPtr dom;
    guint state_notifies = 0;
    guint items_changed = 0;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domain = get_domain (connection, "test");
    g_signal_connect_swapped (domain, "notify::state", G_CALLBACK (count_cb), &state_notifies);
    g_signal_connect_swapped (vimana_connection_get_domains (connection), "items-changed",
                              G_CALLBACK (count_cb), &items_changed);

    dom = virDomainLookupByName (keeper, "test");
    g_assert_cmpint (virDomainSuspend (dom), ==, 0);
    test_wait_until (domain_is_paused, domain, "the guest to show paused");
    settle (connection);
    g_assert_cmpuint (state_notifies, ==, 1);
    g_assert_cmpuint (items_changed, ==, 0);

    g_assert_cmpint (virDomainResume (dom), ==, 0);
    virDomainFree (dom);
    test_wait_until (domain_is_running, domain, "the guest to show running");
    settle (connection);
    g_assert_cmpuint (state_notifies, ==, 2);
    g_assert_cmpuint (items_changed, ==, 0);

    g_signal_handlers_disconnect_by_data (domain, &state_notifies);
    g_signal_handlers_disconnect_by_data (vimana_connection_get_domains (connection),
                                          &items_changed);
}

static void
test_default_close (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomain) domain = NULL;
    g_autoptr(GError) error = NULL;
    StateLog log = { g_array_new (FALSE, FALSE, sizeof (VimanaConnectionState)) };
    guint removed = 0;
    guint removed_notifies = 0;
    GListModel *domains;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domains = vimana_connection_get_domains (connection);
    domain = g_object_ref (get_domain (connection, "test"));
    g_signal_connect_swapped (domain, "removed", G_CALLBACK (count_cb), &removed);
    g_signal_connect_swapped (domain, "notify::removed", G_CALLBACK (count_cb),
                              &removed_notifies);
    g_signal_connect (connection, "notify::state", G_CALLBACK (state_notify_cb), &log);

    vimana_connection_close (connection);
    /* Closing is immediate on the main thread; the libvirt side closes on the worker. */
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_null (vimana_connection_get_message (connection));
    g_assert_false (vimana_connection_get_loaded (connection));
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 0);
    g_assert_null (vimana_connection_find_domain_by_name (connection, "test"));
    g_assert_true (vimana_domain_get_removed (domain));
    g_assert_cmpuint (removed, ==, 1);
    g_assert_cmpuint (removed_notifies, ==, 1);
    g_assert_cmpuint (log.states->len, ==, 1);

    /* A guest of a closed connection refuses actions without reaching libvirt. */
    g_assert_false (vimana_domain_can_run_action (domain, VIMANA_DOMAIN_ACTION_PAUSE, NULL));
    g_assert_false (run_action (domain, VIMANA_DOMAIN_ACTION_PAUSE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
    g_clear_error (&error);

    /* Closing twice is harmless and emits nothing more. */
    vimana_connection_close (connection);
    g_assert_cmpuint (removed, ==, 1);

    /* It opens again, with a new object for the guest. */
    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
    g_assert_true (get_domain (connection, "test") != domain);
    g_assert_cmpstr (vimana_domain_get_uuid (get_domain (connection, "test")), ==,
                     vimana_domain_get_uuid (domain));

    g_signal_handlers_disconnect_by_data (connection, &log);
    g_array_unref (log.states);
}

/* Closing while the open job has not run yet: nothing of that attempt shows up later. */
static void
test_default_close_while_opening (void)
{
    g_autoptr(TestConnection) connection = NULL;
    GListModel *domains;

    reset_default ();
    connection = vimana_connection_new (DEFAULT_URI);
    domains = vimana_connection_get_domains (connection);
    vimana_connection_open (connection);
    vimana_connection_close (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);

    /* A second attempt queues behind the first: when it is done, the first is done too. */
    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    settle (connection);
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
}

static void
test_default_shutdown (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomain) domain = NULL;
    g_autoptr(GError) error = NULL;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domain = g_object_ref (get_domain (connection, "test"));
    vimana_connection_shutdown (connection);
    vimana_connection_shutdown (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_true (vimana_domain_get_removed (domain));
    g_assert_false (run_action (domain, VIMANA_DOMAIN_ACTION_PAUSE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
}

/* Another client changes test:///default while the connection opens, again and again:
 * events that arrive while it is still connecting must neither crash nor leave the row stale.
 * The other client changes state only while an open is in flight, so queues stay short. */
typedef struct
{
    GMutex   mutex;
    GCond    cond;
    gboolean active;
    gboolean parked;   /* not between a change and the next check of active */
    gboolean stop;
    guint    toggles;
} Toggler;

static gpointer
toggler_thread (gpointer data)
{
    Toggler *toggler = data;
    virConnectPtr conn = virConnectOpen (DEFAULT_URI);
    virDomainPtr dom = virDomainLookupByName (conn, "test");

    g_mutex_lock (&toggler->mutex);
    while (!toggler->stop) {
        if (!toggler->active) {
            toggler->parked = TRUE;
            g_cond_broadcast (&toggler->cond);
            g_cond_wait (&toggler->cond, &toggler->mutex);
            continue;
        }
        toggler->parked = FALSE;
        g_mutex_unlock (&toggler->mutex);
        if (virDomainSuspend (dom) == 0)
            virDomainResume (dom);
        g_mutex_lock (&toggler->mutex);
        toggler->toggles++;
    }
    g_mutex_unlock (&toggler->mutex);
    virDomainFree (dom);
    virConnectClose (conn);
    return NULL;
}

static void
toggler_set (Toggler  *toggler,
             gboolean *field,
             gboolean  value)
{
    g_mutex_lock (&toggler->mutex);
    *field = value;
    g_cond_broadcast (&toggler->cond);
    g_mutex_unlock (&toggler->mutex);
}

/* Stops the other client and waits until its last change is made. */
static void
toggler_pause (Toggler *toggler)
{
    gint64 end = g_get_monotonic_time () + TEST_WAIT_GUARD_SECONDS * G_TIME_SPAN_SECOND;

    g_mutex_lock (&toggler->mutex);
    toggler->active = FALSE;
    g_cond_broadcast (&toggler->cond);
    while (!toggler->parked) {
        if (!g_cond_wait_until (&toggler->cond, &toggler->mutex, end))
            g_error ("the other client did not stop");
    }
    g_mutex_unlock (&toggler->mutex);
}

static int
ignore_lifecycle_cb (virConnectPtr  conn,
                     virDomainPtr   dom,
                     int            event,
                     int            detail,
                     void          *opaque)
{
    return 0;
}

static void
test_default_events_while_connecting (void)
{
    Toggler toggler = { 0 };
    GThread *thread;
    int callback_id;

    /* Run in a child: a crash there fails this test instead of ending the whole program.
     * (It did crash: NULL task data in vimana_connection_refresh_done_cb, fixed on 2026-11-26;
     * the row was also left stale when the event was dropped.) */
    if (!g_test_subprocess ()) {
        g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
        g_test_trap_assert_passed ();
        return;
    }

    reset_default ();
    /* More guests make the listing, and so the window between registering for events and
     * the result reaching the main thread, longer. This runs in the child: the parent's
     * test:///default keeps its one guest. */
    for (guint i = 0; i < 150; i++) {
        g_autofree char *xml = g_strdup_printf ("<domain type='test'><name>bulk-%03u</name>"
                                                "<memory>65536</memory><os><type>hvm</type></os>"
                                                "</domain>", i);
        virDomainPtr dom = virDomainDefineXML (keeper, xml);

        g_assert_nonnull (dom);
        virDomainFree (dom);
    }
    /* Keep one event callback on the shared test:///default throughout. Without it, the
     * last callback of a closing connection and the first of the next one race, and libvirt
     * (test driver + libvirt-glib loop, 9.0 / 4.0) now and then never flushes the events
     * queued around that moment: the row stays paused for good. Seen only with the in-process
     * test driver's shared state; the core cannot tell. */
    callback_id = virConnectDomainEventRegisterAny (keeper, NULL, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
                                                    VIR_DOMAIN_EVENT_CALLBACK (ignore_lifecycle_cb),
                                                    NULL, NULL);
    g_assert_cmpint (callback_id, >=, 0);
    g_mutex_init (&toggler.mutex);
    g_cond_init (&toggler.cond);
    thread = g_thread_new ("toggler", toggler_thread, &toggler);
    for (guint i = 0; i < 30; i++) {
        g_autoptr(TestConnection) connection = vimana_connection_new (DEFAULT_URI);

        toggler_set (&toggler, &toggler.active, TRUE);
        vimana_connection_open (connection);
        test_connection_wait_settled (connection);
        toggler_pause (&toggler);
        g_assert_cmpint (vimana_connection_get_state (connection), ==,
                         VIMANA_CONNECTION_STATE_CONNECTED);

        /* Once the other client stopped, the row shows what libvirt says. */
        settle (connection);
        g_assert_cmpint (vimana_domain_get_state (get_domain (connection, "test")), ==,
                         VIMANA_DOMAIN_STATE_RUNNING);
    }
    toggler_set (&toggler, &toggler.stop, TRUE);
    g_thread_join (thread);
    g_test_message ("%u changes by the other client", toggler.toggles);
    g_assert_cmpuint (toggler.toggles, >, 0);
    g_mutex_clear (&toggler.mutex);
    g_cond_clear (&toggler.cond);
    g_assert_cmpint (virConnectDomainEventDeregisterAny (keeper, callback_id), ==, 0);
}

/* ---- failures to open ---- */

static void
assert_open_fails (const char *uri,
                   const char *words)
{
    g_autoptr(TestConnection) connection = vimana_connection_new (uri);
    StateLog log = { g_array_new (FALSE, FALSE, sizeof (VimanaConnectionState)) };
    const char *message;

    g_signal_connect (connection, "notify::state", G_CALLBACK (state_notify_cb), &log);
    vimana_connection_open (connection);
    test_connection_wait_settled (connection);

    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_false (vimana_connection_get_loaded (connection));
    g_assert_false (vimana_connection_get_reconnecting (connection));
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 0);
    message = vimana_connection_get_message (connection);
    g_test_message ("%s: %s", uri, message);
    g_assert_nonnull (message);
    g_assert_cmpuint (strlen (message), >, 0);
    if (words != NULL)
        g_assert_nonnull (strstr (message, words));

    g_signal_handlers_disconnect_by_data (connection, &log);
    g_array_unref (log.states);
}

static void
test_open_unknown_driver (void)
{
    /* Without a daemon libvirt fails to reach one; with one, the daemon knows no such
     * driver. Either way: disconnected, with libvirt's sentence. */
    assert_open_fails ("nosuch:///x", NULL);
}

static void
test_open_missing_node_file (void)
{
    assert_open_fails ("test:///nonexistent/file.xml", "/nonexistent/file.xml");
}

static void
test_open_invalid_uri (void)
{
    g_autoptr(TestConnection) connection = vimana_connection_new ("qemu+pigeon://h/system");
    guint state_notifies = 0;

    g_signal_connect_swapped (connection, "notify::state", G_CALLBACK (count_cb),
                              &state_notifies);
    vimana_connection_open (connection);
    /* Refused before any job is queued: it never shows as connecting. */
    g_assert_cmpuint (state_notifies, ==, 0);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_nonnull (strstr (vimana_connection_get_message (connection), "pigeon"));
    g_signal_handlers_disconnect_by_data (connection, &state_notifies);
}

/* ---- authentication (node file with <auth>) ---- */

typedef struct
{
    GPtrArray *requests;        /* VimanaAuthRequest, as they came */
    const char *password;       /* NULL: do not handle */
    gboolean    later;          /* answer from an idle, not in the handler */
    gboolean    hold;           /* take the request and never answer */
} AuthScript;

static gboolean
answer_request (VimanaAuthRequest *request,
                AuthScript        *script)
{
    g_autoptr(GPtrArray) answers = g_ptr_array_new ();

    for (guint i = 0; i < vimana_auth_request_get_n_prompts (request); i++) {
        switch (vimana_auth_request_get_kind (request, i)) {
        case VIMANA_AUTH_PROMPT_USER_NAME:
            g_ptr_array_add (answers, (gpointer) "alice");
            break;
        case VIMANA_AUTH_PROMPT_PASSWORD:
        case VIMANA_AUTH_PROMPT_PASSPHRASE:
        case VIMANA_AUTH_PROMPT_SECRET:
            g_ptr_array_add (answers, (gpointer) script->password);
            break;
        case VIMANA_AUTH_PROMPT_TEXT:
        default:
            g_ptr_array_add (answers, (gpointer) "");
        }
    }
    g_ptr_array_add (answers, NULL);
    vimana_auth_request_respond (request, (const char * const *) answers->pdata);
    return G_SOURCE_REMOVE;
}

typedef struct
{
    VimanaAuthRequest *request;
    AuthScript        *script;
} LaterAnswer;

static gboolean
answer_later_cb (gpointer data)
{
    LaterAnswer *later = data;

    answer_request (later->request, later->script);
    g_object_unref (later->request);
    g_free (later);
    return G_SOURCE_REMOVE;
}

static gboolean
authenticate_cb (VimanaConnection  *connection,
                 VimanaAuthRequest *request,
                 AuthScript        *script)
{
    g_ptr_array_add (script->requests, g_object_ref (request));
    g_assert_cmpstr (vimana_auth_request_get_uri (request), ==, auth_uri);
    if (script->hold)
        return TRUE;
    if (script->password == NULL)
        return FALSE;
    if (script->later) {
        LaterAnswer *later = g_new0 (LaterAnswer, 1);

        later->request = g_object_ref (request);
        later->script = script;
        g_idle_add (answer_later_cb, later);
        return TRUE;
    }
    answer_request (request, script);
    return TRUE;
}

static gboolean
asked_once (gpointer data)
{
    return ((AuthScript *) data)->requests->len >= 1;
}

static gboolean
asked_twice (gpointer data)
{
    return ((AuthScript *) data)->requests->len >= 2;
}

static VimanaConnection *
auth_open (AuthScript *script)
{
    VimanaConnection *connection = vimana_connection_new (auth_uri);

    script->requests = g_ptr_array_new_with_free_func (g_object_unref);
    g_signal_connect (connection, "authenticate", G_CALLBACK (authenticate_cb), script);
    vimana_connection_open (connection);
    return connection;
}

static void
test_auth_accepted (void)
{
    gboolean later_cases[] = { FALSE, TRUE };

    for (gsize i = 0; i < G_N_ELEMENTS (later_cases); i++) {
        AuthScript script = { .password = "s3cret", .later = later_cases[i] };
        g_autoptr(TestConnection) connection = auth_open (&script);
        VimanaAuthRequest *request;

        test_connection_wait_settled (connection);
        g_assert_cmpint (vimana_connection_get_state (connection), ==,
                         VIMANA_CONNECTION_STATE_CONNECTED);
        g_assert_nonnull (get_domain (connection, "guarded"));

        /* The test driver asks for the user name, then for the password. */
        g_assert_cmpuint (script.requests->len, ==, 2);
        request = g_ptr_array_index (script.requests, 0);
        g_assert_cmpuint (vimana_auth_request_get_n_prompts (request), ==, 1);
        g_assert_cmpint (vimana_auth_request_get_kind (request, 0), ==,
                         VIMANA_AUTH_PROMPT_USER_NAME);
        g_assert_cmpuint (strlen (vimana_auth_request_get_prompt (request, 0)), >, 0);
        request = g_ptr_array_index (script.requests, 1);
        g_assert_cmpuint (vimana_auth_request_get_n_prompts (request), ==, 1);
        g_assert_cmpint (vimana_auth_request_get_kind (request, 0), ==,
                         VIMANA_AUTH_PROMPT_PASSWORD);
        g_assert_nonnull (strstr (vimana_auth_request_get_prompt (request, 0), "alice"));

        g_ptr_array_unref (script.requests);
    }
}

static void
test_auth_wrong_password (void)
{
    AuthScript script = { .password = "wrong" };
    g_autoptr(TestConnection) connection = auth_open (&script);

    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_nonnull (strstr (vimana_connection_get_message (connection), "authentication failed"));
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 0);
    g_ptr_array_unref (script.requests);
}

static void
test_auth_unhandled (void)
{
    AuthScript script = { .password = NULL };
    g_autoptr(TestConnection) connection = auth_open (&script);

    test_connection_wait_settled (connection);
    /* Nobody answered: the request was cancelled and the open failed. */
    g_assert_cmpuint (script.requests->len, ==, 1);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_nonnull (vimana_connection_get_message (connection));
    g_ptr_array_unref (script.requests);
}

/* Closing while the dialog is up ends the wait on the worker; a late answer is ignored. */
static void
test_auth_close_while_asking (void)
{
    AuthScript script = { .password = "s3cret", .hold = TRUE };
    g_autoptr(TestConnection) connection = auth_open (&script);
    static const char * const late[] = { "alice", NULL };

    test_wait_until (asked_once, &script, "the authenticate signal");
    vimana_connection_close (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    vimana_auth_request_respond (g_ptr_array_index (script.requests, 0), late);

    /* The worker is free again: a new attempt goes through. */
    script.hold = FALSE;
    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 1);
    g_ptr_array_unref (script.requests);
}

/* Answered, then closed at once: the connection libvirt opened for that attempt must be
 * closed, not leaked (LeakSanitizer watches this one), and nothing of it shows. */
static gboolean
answer_then_close_cb (VimanaConnection  *connection,
                      VimanaAuthRequest *request,
                      AuthScript        *script)
{
    authenticate_cb (connection, request, script);
    if (vimana_auth_request_get_kind (request, 0) == VIMANA_AUTH_PROMPT_PASSWORD)
        vimana_connection_close (connection);
    return TRUE;
}

static void
test_auth_close_after_answer (void)
{
    AuthScript script = { .password = "s3cret" };
    g_autoptr(TestConnection) connection = vimana_connection_new (auth_uri);

    script.requests = g_ptr_array_new_with_free_func (g_object_unref);
    g_signal_connect (connection, "authenticate", G_CALLBACK (answer_then_close_cb), &script);
    vimana_connection_open (connection);
    test_wait_until (asked_twice, &script, "the password prompt");
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_signal_handlers_disconnect_by_data (connection, &script);

    /* A second attempt (with the normal handler) queues behind the first. */
    g_signal_connect (connection, "authenticate", G_CALLBACK (authenticate_cb), &script);
    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
    settle (connection);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 1);
    g_ptr_array_unref (script.requests);
}

/* ---- tests/data/node-50.xml (see tests/data/README) ---- */

static guint
node50_index (const char *name)
{
    static const struct {
        const char *prefix;
        guint       offset;
    } groups[] = {
        { "run-", 0 }, { "off-", 20 }, { "paused-", 32 }, { "crashed-", 38 }, { "saved-", 41 },
        { "disks-", 46 }, { "transient-", 47 }, { "pmsuspended-", 49 },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (groups); i++) {
        if (g_str_has_prefix (name, groups[i].prefix))
            return groups[i].offset + (guint) atoi (name + strlen (groups[i].prefix));
    }
    g_error ("unexpected guest %s in node-50.xml", name);
}

static void
test_node50_listing (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    GListModel *domains = vimana_connection_get_domains (connection);
    guint counts[VIMANA_DOMAIN_STATE_PMSUSPENDED + 1] = { 0 };
    guint n_active = 0;
    guint n_saved = 0;
    guint n_titles = 0;
    guint n_transient = 0;
    g_autoptr(GHashTable) indexes = g_hash_table_new (NULL, NULL);
    static const guint vcpus[] = { 1, 2, 4, 8, 1, 2 };
    static const guint64 mib[] = { 512, 1024, 2048, 4096, 256, 768 };
    static const struct {
        const char *name;
        const char *title;
    } titles[] = {
        { "run-01", "Web server 01" }, { "run-02", "Web server 02" },
        { "run-03", "Web server 03" }, { "run-04", "Web server 04" },
        { "paused-01", "Paused database" }, { "off-01", "Build box" },
        { "saved-01", "Saved desktop" }, { "disks-01", "Two disks" },
    };

    g_assert_cmpstr (vimana_connection_get_display_name (connection), ==, "Test (node-50.xml)");
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 50);

    for (guint i = 0; i < 50; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);
        const char *name = vimana_domain_get_name (domain);
        VimanaDomainState state = vimana_domain_get_state (domain);
        guint index = node50_index (name);

        g_assert_cmpint (state, <=, VIMANA_DOMAIN_STATE_PMSUSPENDED);
        counts[state]++;
        /* Every guest once. */
        g_assert_false (g_hash_table_contains (indexes, GUINT_TO_POINTER (index)));
        g_hash_table_add (indexes, GUINT_TO_POINTER (index));
        g_assert_true (vimana_connection_lookup_domain (connection, vimana_domain_get_uuid (domain))
                       == domain);

        if (vimana_domain_get_active (domain))
            n_active++;
        if (vimana_domain_get_has_managed_save (domain)) {
            n_saved++;
            g_assert_true (g_str_has_prefix (name, "saved-"));
            g_assert_cmpint (state, ==, VIMANA_DOMAIN_STATE_SHUTOFF);
        }
        if (vimana_domain_get_title (domain) != NULL)
            n_titles++;
        if (!vimana_domain_get_persistent (domain)) {
            n_transient++;
            g_assert_true (g_str_has_prefix (name, "transient-"));
        }
        g_assert_cmpuint (vimana_domain_get_vcpus (domain), ==, vcpus[index % 6]);
        g_assert_cmpuint (vimana_domain_get_memory (domain), ==, mib[index % 6] * 1024);
        g_assert_cmpuint (vimana_domain_get_max_memory (domain), ==, mib[index % 6] * 1024);

        if (g_str_has_prefix (name, "run-") || g_str_has_prefix (name, "transient-"))
            g_assert_cmpint (state, ==, VIMANA_DOMAIN_STATE_RUNNING);
        else if (g_str_has_prefix (name, "paused-"))
            g_assert_cmpint (state, ==, VIMANA_DOMAIN_STATE_PAUSED);
        else if (g_str_has_prefix (name, "crashed-"))
            g_assert_cmpint (state, ==, VIMANA_DOMAIN_STATE_CRASHED);
        else if (g_str_has_prefix (name, "pmsuspended-"))
            g_assert_cmpint (state, ==, VIMANA_DOMAIN_STATE_PMSUSPENDED);
        else
            g_assert_cmpint (state, ==, VIMANA_DOMAIN_STATE_SHUTOFF);
    }

    g_assert_cmpuint (counts[VIMANA_DOMAIN_STATE_RUNNING], ==, 22);
    g_assert_cmpuint (counts[VIMANA_DOMAIN_STATE_PAUSED], ==, 6);
    g_assert_cmpuint (counts[VIMANA_DOMAIN_STATE_CRASHED], ==, 3);
    g_assert_cmpuint (counts[VIMANA_DOMAIN_STATE_PMSUSPENDED], ==, 1);
    g_assert_cmpuint (counts[VIMANA_DOMAIN_STATE_SHUTOFF], ==, 18);
    g_assert_cmpuint (counts[VIMANA_DOMAIN_STATE_NOSTATE] + counts[VIMANA_DOMAIN_STATE_BLOCKED] +
                      counts[VIMANA_DOMAIN_STATE_SHUTDOWN], ==, 0);
    g_assert_cmpuint (n_active, ==, 32);
    g_assert_cmpuint (n_saved, ==, 5);
    g_assert_cmpuint (n_transient, ==, 2);
    g_assert_cmpuint (n_titles, ==, G_N_ELEMENTS (titles));
    for (gsize i = 0; i < G_N_ELEMENTS (titles); i++)
        g_assert_cmpstr (vimana_domain_get_title (get_domain (connection, titles[i].name)), ==,
                         titles[i].title);
    g_assert_null (vimana_domain_get_title (get_domain (connection, "run-05")));
}

/* What the UI offers follows the state of each kind of guest. */
static void
test_node50_can_run (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    static const struct {
        const char         *name;
        VimanaDomainAction  action;
        gboolean            allowed;
    } cases[] = {
        { "run-01", VIMANA_DOMAIN_ACTION_START, FALSE },
        { "run-01", VIMANA_DOMAIN_ACTION_SHUTDOWN, TRUE },
        { "run-01", VIMANA_DOMAIN_ACTION_PAUSE, TRUE },
        { "run-01", VIMANA_DOMAIN_ACTION_RESUME, FALSE },
        { "run-01", VIMANA_DOMAIN_ACTION_SAVE, TRUE },
        { "run-01", VIMANA_DOMAIN_ACTION_RESTORE, FALSE },
        { "paused-01", VIMANA_DOMAIN_ACTION_RESUME, TRUE },
        { "paused-01", VIMANA_DOMAIN_ACTION_PAUSE, FALSE },
        { "paused-01", VIMANA_DOMAIN_ACTION_SHUTDOWN, FALSE },
        { "paused-01", VIMANA_DOMAIN_ACTION_FORCE_OFF, TRUE },
        { "off-01", VIMANA_DOMAIN_ACTION_START, TRUE },
        { "off-01", VIMANA_DOMAIN_ACTION_FORCE_OFF, FALSE },
        { "off-01", VIMANA_DOMAIN_ACTION_RESTORE, FALSE },
        { "off-01", VIMANA_DOMAIN_ACTION_DELETE, TRUE },
        { "saved-01", VIMANA_DOMAIN_ACTION_RESTORE, TRUE },
        { "saved-01", VIMANA_DOMAIN_ACTION_START, TRUE },
        { "crashed-01", VIMANA_DOMAIN_ACTION_FORCE_OFF, TRUE },
        { "crashed-01", VIMANA_DOMAIN_ACTION_SHUTDOWN, FALSE },
        { "transient-01", VIMANA_DOMAIN_ACTION_SAVE, FALSE },
        { "transient-01", VIMANA_DOMAIN_ACTION_AUTOSTART, FALSE },
        { "run-01", VIMANA_DOMAIN_ACTION_AUTOSTART, TRUE },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
        const char *reason = NULL;
        gboolean allowed = vimana_domain_can_run_action (get_domain (connection, cases[i].name),
                                                         cases[i].action, &reason);

        g_test_message ("%s: %s", cases[i].name, vimana_domain_action_to_string (cases[i].action));
        g_assert_cmpint (allowed, ==, cases[i].allowed);
        g_assert_true (allowed == (reason == NULL));
    }
}

static void
test_node50_actions (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    VimanaDomain *saved = get_domain (connection, "saved-02");
    VimanaDomain *crashed = get_domain (connection, "crashed-01");
    VimanaDomain *transient = get_domain (connection, "transient-02");
    guint removed = 0;

    /* Restoring a saved guest runs it and drops the saved image. */
    run_action_ok (saved, VIMANA_DOMAIN_ACTION_RESTORE, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_false (vimana_domain_get_has_managed_save (saved));
    g_assert_true (vimana_domain_get_active (saved));

    run_action_ok (crashed, VIMANA_DOMAIN_ACTION_FORCE_OFF, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_false (vimana_domain_get_active (crashed));

    /* A transient guest forced off is gone: the action succeeds and its row goes. */
    g_signal_connect_swapped (transient, "removed", G_CALLBACK (count_cb), &removed);
    g_object_ref (transient);
    g_assert_true (run_action (transient, VIMANA_DOMAIN_ACTION_FORCE_OFF, NULL));
    test_wait_until (domain_is_removed, transient, "the transient guest to go");
    g_assert_cmpuint (removed, ==, 1);
    g_assert_null (vimana_connection_find_domain_by_name (connection, "transient-02"));
    g_signal_handlers_disconnect_by_data (transient, &removed);
    g_object_unref (transient);

    settle (connection);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 49);
    g_assert_cmpint (vimana_domain_get_state (saved), ==, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_cmpint (vimana_domain_get_state (crashed), ==, VIMANA_DOMAIN_STATE_SHUTOFF);
}

/* ---- one event, one row ---- */

typedef struct
{
    GHashTable *notifies;   /* VimanaDomain → GPtrArray of property names */
    guint       items_changed;
    guint       removed;
    guint       added;
} RowLog;

static void
row_notify_cb (GObject    *object,
               GParamSpec *pspec,
               gpointer    user_data)
{
    RowLog *log = user_data;
    GPtrArray *names = g_hash_table_lookup (log->notifies, object);

    if (names == NULL) {
        names = g_ptr_array_new ();
        g_hash_table_insert (log->notifies, object, names);
    }
    g_ptr_array_add (names, (gpointer) g_param_spec_get_name (pspec));
}

static void
row_items_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      gpointer    user_data)
{
    RowLog *log = user_data;

    log->items_changed++;
    log->removed += removed;
    log->added += added;
}

static void
row_log_start (RowLog           *log,
               VimanaConnection *connection)
{
    GListModel *domains = vimana_connection_get_domains (connection);

    log->notifies = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
    log->items_changed = log->removed = log->added = 0;
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        g_signal_connect (domain, "notify", G_CALLBACK (row_notify_cb), log);
    }
    g_signal_connect (domains, "items-changed", G_CALLBACK (row_items_changed_cb), log);
}

static void
row_log_reset (RowLog *log)
{
    g_hash_table_remove_all (log->notifies);
    log->items_changed = log->removed = log->added = 0;
}

static void
row_log_stop (RowLog           *log,
              VimanaConnection *connection)
{
    GListModel *domains = vimana_connection_get_domains (connection);

    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        g_signal_handlers_disconnect_by_data (domain, log);
    }
    g_signal_handlers_disconnect_by_data (domains, log);
    g_hash_table_unref (log->notifies);
}

/* Only @domain changed, and exactly these properties, each once. */
static void
assert_only_notified (RowLog       *log,
                      VimanaDomain *domain,
                      const char  **properties)
{
    GPtrArray *names = g_hash_table_lookup (log->notifies, domain);
    guint n = g_strv_length ((char **) properties);

    g_assert_cmpuint (g_hash_table_size (log->notifies), ==, 1);
    g_assert_nonnull (names);
    for (guint i = 0; i < names->len; i++)
        g_test_message ("%s: notify::%s", vimana_domain_get_name (domain),
                        (const char *) g_ptr_array_index (names, i));
    g_assert_cmpuint (names->len, ==, n);
    for (guint i = 0; i < n; i++) {
        guint count = 0;

        for (guint j = 0; j < names->len; j++)
            count += g_str_equal (g_ptr_array_index (names, j), properties[i]);
        g_assert_cmpuint (count, ==, 1);
    }
}

static void
test_node50_one_event_one_row (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    VimanaDomain *run = get_domain (connection, "run-05");
    VimanaDomain *saved = get_domain (connection, "saved-03");
    g_autoptr(VimanaDomain) off = g_object_ref (get_domain (connection, "off-05"));
    g_autoptr(GError) error = NULL;
    RowLog log;

    settle (connection);
    row_log_start (&log, connection);

    run_action_ok (run, VIMANA_DOMAIN_ACTION_PAUSE, VIMANA_DOMAIN_STATE_PAUSED);
    settle (connection);
    g_assert_cmpuint (log.items_changed, ==, 0);
    assert_only_notified (&log, run, (const char *[]) { "state", NULL });

    row_log_reset (&log);
    run_action_ok (run, VIMANA_DOMAIN_ACTION_RESUME, VIMANA_DOMAIN_STATE_RUNNING);
    settle (connection);
    g_assert_cmpuint (log.items_changed, ==, 0);
    assert_only_notified (&log, run, (const char *[]) { "state", NULL });

    row_log_reset (&log);
    run_action_ok (saved, VIMANA_DOMAIN_ACTION_RESTORE, VIMANA_DOMAIN_STATE_RUNNING);
    settle (connection);
    g_assert_cmpuint (log.items_changed, ==, 0);
    assert_only_notified (&log, saved,
                          (const char *[]) { "state", "active", "has-managed-save", NULL });

    /* A deleted guest is one removed row. */
    row_log_reset (&log);
    g_assert_true (delete_domain (off, NULL, &error));
    g_assert_no_error (error);
    test_wait_until (domain_is_removed, off, "off-05 to go");
    settle (connection);
    g_assert_cmpuint (log.items_changed, ==, 1);
    g_assert_cmpuint (log.removed, ==, 1);
    g_assert_cmpuint (log.added, ==, 0);
    assert_only_notified (&log, off, (const char *[]) { "removed", NULL });
    g_signal_handlers_disconnect_by_data (off, &log);

    row_log_stop (&log, connection);
}

/* ---- volumes and deletion ---- */

static VimanaStorageVolume *
volume_at (GPtrArray *volumes,
           guint      index)
{
    g_assert_cmpuint (index, <, volumes->len);
    return g_ptr_array_index (volumes, index);
}

static void
test_node50_volumes (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaStorageVolume) copy = NULL;
    VimanaStorageVolume *volume;

    volumes = list_volumes (get_domain (connection, "disks-01"), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 2);

    volume = volume_at (volumes, 0);
    g_assert_cmpstr (volume->name, ==, "disks-01-system.qcow2");
    g_assert_cmpstr (volume->path, ==, "/var/lib/libvirt/images/disks-01-system.qcow2");
    g_assert_nonnull (volume->key);
    g_assert_cmpuint (strlen (volume->key), >, 0);
    g_assert_cmpstr (volume->pool, ==, "default");
    g_assert_cmpstr (volume->target, ==, "vda");
    g_assert_cmpuint (volume->capacity, ==, G_GUINT64_CONSTANT (40) << 30);
    g_assert_false (volume->is_cdrom);
    g_assert_false (volume->shared);

    volume = volume_at (volumes, 1);
    g_assert_cmpstr (volume->name, ==, "disks-01-data.raw");
    g_assert_cmpstr (volume->target, ==, "vdb");
    g_assert_cmpuint (volume->capacity, ==, G_GUINT64_CONSTANT (100) << 30);
    g_assert_cmpstr (volume->pool, ==, "default");
    g_assert_cmpstr (volume->key, !=, volume_at (volumes, 0)->key);

    copy = vimana_storage_volume_copy (volume);
    g_assert_cmpstr (copy->key, ==, volume->key);
    g_assert_cmpstr (copy->target, ==, "vdb");
    g_assert_cmpuint (copy->capacity, ==, volume->capacity);
    g_clear_pointer (&volumes, g_ptr_array_unref);

    volumes = list_volumes (get_domain (connection, "run-01"), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 1);
    g_assert_cmpstr (volume_at (volumes, 0)->name, ==, "run-01.qcow2");
    g_assert_cmpuint (volume_at (volumes, 0)->capacity, ==, G_GUINT64_CONSTANT (20) << 30);
    g_clear_pointer (&volumes, g_ptr_array_unref);

    /* A guest without disks in a pool has none. */
    volumes = list_volumes (get_domain (connection, "off-01"), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 0);
}

static void
test_node50_delete_with_volumes (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaDomain) disks = g_object_ref (get_domain (connection, "disks-01"));
    g_autoptr(VimanaDomain) other = g_object_ref (get_domain (connection, "off-12"));
    g_autoptr(GPtrArray) volumes = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = g_strdup (vimana_domain_get_uuid (disks));
    const char *keys[3] = { NULL };
    guint removed = 0;

    volumes = list_volumes (disks, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 2);
    keys[0] = volume_at (volumes, 0)->key;
    keys[1] = volume_at (volumes, 1)->key;

    g_signal_connect_swapped (disks, "removed", G_CALLBACK (count_cb), &removed);
    g_assert_true (delete_domain (disks, keys, &error));
    g_assert_no_error (error);
    /* libvirt's undefine event takes the row away. */
    test_wait_until (domain_is_removed, disks, "disks-01 to go");
    g_assert_cmpuint (removed, ==, 1);
    g_assert_null (vimana_connection_lookup_domain (connection, uuid));
    g_assert_null (vimana_connection_find_domain_by_name (connection, "disks-01"));
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, 49);
    g_signal_handlers_disconnect_by_data (disks, &removed);

    /* The volumes are gone from the pool: deleting them again with another guest fails for
     * each of them, naming it, while that guest is still deleted. */
    g_assert_false (delete_domain (other, keys, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, keys[0]));
    g_assert_nonnull (strstr (error->message, keys[1]));
    g_assert_nonnull (strstr (error->message, "not found"));
    g_clear_error (&error);
    test_wait_until (domain_is_removed, other, "off-12 to go");

    /* Other guests' volumes are untouched. */
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = list_volumes (get_domain (connection, "run-02"), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (volumes->len, ==, 1);
    g_assert_cmpstr (volume_at (volumes, 0)->name, ==, "run-02.qcow2");

    /* A removed guest refuses further work. */
    g_clear_pointer (&volumes, g_ptr_array_unref);
    volumes = list_volumes (disks, &error);
    g_assert_null (volumes);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
}

static void
test_node50_delete_states (void)
{
    static const char * const names[] = { "run-06", "paused-02", "crashed-02", "transient-01",
                                          "pmsuspended-01", "off-03" };
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);

    for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autoptr(VimanaDomain) domain = g_object_ref (get_domain (connection, names[i]));
        g_autoptr(GError) error = NULL;

        g_test_message ("deleting %s", names[i]);
        g_assert_true (delete_domain (domain, NULL, &error));
        g_assert_no_error (error);
        test_wait_until (domain_is_removed, domain, names[i]);
        g_assert_null (vimana_connection_find_domain_by_name (connection, names[i]));
    }
    settle (connection);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==,
                      50 - G_N_ELEMENTS (names));
}

/* A guest with a saved state is deleted with it. */
static void
test_node50_delete_managed_save (void)
{
    g_autoptr(TestConnection) connection = test_connection_open (node50_uri);
    g_autoptr(VimanaDomain) domain = g_object_ref (get_domain (connection, "saved-04"));
    g_autoptr(GError) error = NULL;

    g_assert_true (vimana_domain_get_has_managed_save (domain));
    /* The test driver refuses the NVRAM and checkpoint flags, and refuses to undefine a guest
     * with a managed save unless told to remove it: the retry must keep MANAGED_SAVE. */
    g_assert_true (delete_domain (domain, NULL, &error));
    g_assert_no_error (error);
    test_wait_until (domain_is_removed, domain, "saved-04 to go");
    g_assert_null (vimana_connection_find_domain_by_name (connection, "saved-04"));
}

/* ---- two node-file connections are independent ---- */

static void
test_node50_private_copies (void)
{
    g_autoptr(TestConnection) first = test_connection_open (node50_uri);
    g_autoptr(TestConnection) second = test_connection_open (node50_uri);
    VimanaDomain *a = get_domain (first, "run-07");
    VimanaDomain *b = get_domain (second, "run-07");

    g_assert_cmpstr (vimana_domain_get_uuid (a), ==, vimana_domain_get_uuid (b));
    run_action_ok (a, VIMANA_DOMAIN_ACTION_PAUSE, VIMANA_DOMAIN_STATE_PAUSED);
    settle (first);
    settle (second);
    g_assert_cmpint (vimana_domain_get_state (b), ==, VIMANA_DOMAIN_STATE_RUNNING);
}

static void
silence_libvirt (void *data, virErrorPtr error)
{
}

static GLogFunc previous_log_handler;

static void
quiet_log_handler (const char     *log_domain,
                   GLogLevelFlags  log_level,
                   const char     *message,
                   gpointer        user_data)
{
    if ((log_level & G_LOG_LEVEL_MASK) == G_LOG_LEVEL_DEBUG)
        return;
    previous_log_handler (log_domain, log_level, message, user_data);
}

int
main (int argc, char **argv)
{
    int ret;

    g_test_init (&argc, &argv, NULL);
    /* Debug messages come from the worker threads too and would interleave with the TAP
     * lines; G_MESSAGES_DEBUG still turns them on. */
    if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
        previous_log_handler = g_log_set_default_handler (quiet_log_handler, NULL);

    /* libvirt's events reach the main context through libvirt-glib: before any connection. */
    gvir_event_register ();
    virSetErrorFunc (NULL, silence_libvirt);

    keeper = virConnectOpen (DEFAULT_URI);
    g_assert_nonnull (keeper);
    {
        g_autofree char *node50 = g_test_build_filename (G_TEST_DIST, "data", "node-50.xml", NULL);
        g_autofree char *node_auth = g_test_build_filename (G_TEST_DIST, "data", "xml",
                                                            "node-auth.xml", NULL);
        g_autofree char *node50_abs = g_canonicalize_filename (node50, NULL);
        g_autofree char *node_auth_abs = g_canonicalize_filename (node_auth, NULL);

        node50_uri = g_strconcat ("test://", node50_abs, NULL);
        auth_uri = g_strconcat ("test://", node_auth_abs, NULL);
    }
    g_assert_true (g_path_is_absolute (node50_uri + strlen ("test://")));

    g_test_add_func ("/connection/default/open", test_default_open);
    g_test_add_func ("/connection/default/actions", test_default_actions);
    g_test_add_func ("/connection/default/refused", test_default_refused);
    g_test_add_func ("/connection/default/autostart", test_default_autostart);
    g_test_add_func ("/connection/default/details", test_default_details);
    g_test_add_func ("/connection/default/external-change", test_default_external_change);
    g_test_add_func ("/connection/default/close", test_default_close);
    g_test_add_func ("/connection/default/close-while-opening", test_default_close_while_opening);
    g_test_add_func ("/connection/default/shutdown", test_default_shutdown);
    g_test_add_func ("/connection/default/events-while-connecting",
                     test_default_events_while_connecting);
    g_test_add_func ("/connection/open/unknown-driver", test_open_unknown_driver);
    g_test_add_func ("/connection/open/missing-node-file", test_open_missing_node_file);
    g_test_add_func ("/connection/open/invalid-uri", test_open_invalid_uri);
    g_test_add_func ("/connection/auth/accepted", test_auth_accepted);
    g_test_add_func ("/connection/auth/wrong-password", test_auth_wrong_password);
    g_test_add_func ("/connection/auth/unhandled", test_auth_unhandled);
    g_test_add_func ("/connection/auth/close-while-asking", test_auth_close_while_asking);
    g_test_add_func ("/connection/auth/close-after-answer", test_auth_close_after_answer);
    g_test_add_func ("/connection/node50/listing", test_node50_listing);
    g_test_add_func ("/connection/node50/can-run", test_node50_can_run);
    g_test_add_func ("/connection/node50/actions", test_node50_actions);
    g_test_add_func ("/connection/node50/one-event-one-row", test_node50_one_event_one_row);
    g_test_add_func ("/connection/node50/volumes", test_node50_volumes);
    g_test_add_func ("/connection/node50/delete-with-volumes", test_node50_delete_with_volumes);
    g_test_add_func ("/connection/node50/delete-states", test_node50_delete_states);
    g_test_add_func ("/connection/node50/delete-managed-save", test_node50_delete_managed_save);
    g_test_add_func ("/connection/node50/private-copies", test_node50_private_copies);

    ret = g_test_run ();

    virConnectClose (keeper);
    g_free (node50_uri);
    g_free (auth_uri);
    return ret;
}
