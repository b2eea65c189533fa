/* test-connection.c: a connection's life on the libvirt test driver (tier 2, suite "core")
 *
 * Opening, closing, failing to open, authenticating, events while connecting, and the queue
 * every job goes through ("not connected", "guest no longer exists"). Guests' actions are in
 * test-domain-actions.c, storage in test-storage.c, networks and host devices in
 * test-network.c.
 *
 * test:///default is one hypervisor shared by every connection of the process; the keeper
 * connection (core-test-util.c) keeps it alive across the tests, and each test that uses it
 * first puts the guest "test" back into a known state. Node files (test:///path) give each
 * connection a private copy, so every test that opens one starts from the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

#include "core-test-util.h"
#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-error.h"
#include "vimana-installer.h"

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

/* ---- test:///default ---- */

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

static gboolean
connection_is_loaded (gpointer connection)
{
    return vimana_connection_get_loaded (connection);
}

/* A lost connection keeps its guest objects (state unknown); the reconnect matches them by
 * UUID, so the same objects carry on, and only guests that really went away are removed. */
static void
test_default_reconnect_keeps_domains (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomain) domain = NULL;
    g_autoptr(VimanaDomain) fresh = NULL;
    g_autoptr(GError) error = NULL;
    guint removed = 0;
    guint fresh_removed = 0;
    GListModel *domains;
    virDomainPtr dom;

    reset_default ();
    connection = test_connection_open (DEFAULT_URI);
    domains = vimana_connection_get_domains (connection);
    domain = g_object_ref (get_domain (connection, "test"));
    g_signal_connect_swapped (domain, "removed", G_CALLBACK (count_cb), &removed);
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), ==, 0);

    vimana_connection_simulate_lost (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_true (vimana_connection_get_reconnecting (connection));
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), ==, 1);
    g_assert_false (vimana_connection_get_loaded (connection));
    /* Still listed, not removed, its state unknown. */
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
    g_assert_true (get_domain (connection, "test") == domain);
    g_assert_false (vimana_domain_get_removed (domain));
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_NOSTATE);
    g_assert_cmpuint (removed, ==, 0);
    /* An action meanwhile says the connection is missing, not the guest. */
    g_assert_false (run_action (domain, VIMANA_DOMAIN_ACTION_PAUSE, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED);
    g_clear_error (&error);

    /* A guest defined while the connection was away shows up with it. */
    dom = virDomainDefineXML (keeper, "<domain type='test'><name>vimana-fresh</name>"
                                      "<memory>65536</memory><os><type>hvm</type></os></domain>");
    g_assert_nonnull (dom);

    /* "Try now" does not wait for the back-off. */
    vimana_connection_reconnect_now (connection);
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), ==, 0);
    test_wait_until (connection_is_loaded, connection, "the connection to come back");
    g_assert_false (vimana_connection_get_reconnecting (connection));
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 2);
    g_assert_true (get_domain (connection, "test") == domain);
    g_assert_false (vimana_domain_get_removed (domain));
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_true (vimana_domain_get_active (domain));
    g_assert_cmpuint (removed, ==, 0);
    /* Its libvirt domain is the new connection's: actions work again. */
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_PAUSE, VIMANA_DOMAIN_STATE_PAUSED);
    run_action_ok (domain, VIMANA_DOMAIN_ACTION_RESUME, VIMANA_DOMAIN_STATE_RUNNING);

    /* A guest undefined while the connection was away is removed when it is back. */
    fresh = g_object_ref (get_domain (connection, "vimana-fresh"));
    g_signal_connect_swapped (fresh, "removed", G_CALLBACK (count_cb), &fresh_removed);
    vimana_connection_simulate_lost (connection);
    g_assert_cmpint (virDomainUndefine (dom), ==, 0);
    virDomainFree (dom);
    g_assert_false (vimana_domain_get_removed (fresh));
    vimana_connection_reconnect_now (connection);
    test_wait_until (connection_is_loaded, connection, "the connection to come back");
    g_assert_true (vimana_domain_get_removed (fresh));
    g_assert_cmpuint (fresh_removed, ==, 1);
    g_assert_cmpuint (g_list_model_get_n_items (domains), ==, 1);
    g_assert_true (get_domain (connection, "test") == domain);
    g_assert_cmpuint (removed, ==, 0);

    /* Closing on purpose still lets the guests go. */
    vimana_connection_close (connection);
    g_assert_true (vimana_domain_get_removed (domain));
    g_assert_cmpuint (removed, ==, 1);
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
    gint64 end = g_get_monotonic_time () + WAIT_SECONDS * G_TIME_SPAN_SECOND;

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
assert_open_fails_full (const char *uri,
                        const char *words,
                        int         reconnecting)
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
    if (reconnecting >= 0)
        g_assert_cmpint (vimana_connection_get_reconnecting (connection), ==, reconnecting);
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
assert_open_fails (const char *uri,
                   const char *words)
{
    assert_open_fails_full (uri, words, FALSE);
}

static void
test_open_unknown_driver (void)
{
    /* Without a daemon libvirt fails to reach one (and retries); with one, the daemon knows
     * no such driver. Either way: disconnected, with libvirt's sentence. */
    assert_open_fails_full ("nosuch:///x", NULL, -1);
}

static gboolean
remaining_is_one (gpointer data)
{
    return vimana_connection_get_reconnect_remaining (data) == 1;
}

static void
count_notify_cb (guint *count)
{
    (*count)++;
}

static gboolean
was_notified (gpointer data)
{
    return *(guint *) data > 0;
}

/* A first attempt made while the daemon is down retries with the back-off of a lost
 * connection; "Try now" makes the next attempt at once. */
static void
test_open_daemon_down_retries (void)
{
    const char *uri = "qemu+unix:///system?socket=/nonexistent/vimana-test.sock";
    g_autoptr(TestConnection) connection = vimana_connection_new (uri);
    guint notified;

    vimana_connection_open (connection);
    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_true (vimana_connection_get_reconnecting (connection));
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), ==, 1);
    g_assert_nonnull (vimana_connection_get_message (connection));

    vimana_connection_reconnect_now (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTING);
    test_connection_wait_settled (connection);
    g_assert_cmpint (vimana_connection_get_state (connection), ==,
                     VIMANA_CONNECTION_STATE_DISCONNECTED);
    g_assert_true (vimana_connection_get_reconnecting (connection));
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), ==, 2);
    g_assert_cmpuint (vimana_connection_get_reconnect_remaining (connection), >=, 1);
    g_assert_cmpuint (vimana_connection_get_reconnect_remaining (connection), <=, 2);

    /* "Reconnecting in N s" counts down: 2, then 1, with a notification to redraw the row;
     * the back-off itself stays what it was. */
    notified = 0;
    g_signal_connect_swapped (connection, "notify::reconnect-delay",
                              G_CALLBACK (count_notify_cb), &notified);
    test_wait_until (remaining_is_one, connection, "the countdown to reach 1 s");
    test_wait_until (was_notified, &notified, "a notification of the countdown");
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), >=, 2);
    g_signal_handlers_disconnect_by_func (connection, count_notify_cb, &notified);

    /* Closing stops the retries. */
    vimana_connection_close (connection);
    g_assert_false (vimana_connection_get_reconnecting (connection));
    g_assert_cmpuint (vimana_connection_get_reconnect_delay (connection), ==, 0);
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
    GPtrArray  *requests;       /* VimanaAuthRequest, as they came */
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

/* ---- the queue: "not connected" and "guest no longer exists" ---- */

static void
assert_not_connected (GError           *error,
                      VimanaConnection *connection)
{
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED);
    g_assert_nonnull (strstr (error->message, vimana_connection_get_display_name (connection)));
}

/* Every connection-scoped call fails at once, without reaching libvirt, on a connection that is
 * not open: before it opened and after it closed. */
static void
test_queue_not_connected (void)
{
    g_autoptr(TestConnection) connection = vimana_connection_new (DEFAULT_URI);
    VimanaStorageVolumeSpec spec = { .name = "never.qcow2", .capacity = 1 << 20 };

    for (guint round = 0; round < 2; round++) {
        TestWaitAsync pools = { 0 }, networks = { 0 }, devices = { 0 }, lookup = { 0 };
        TestWaitAsync create = { 0 }, query = { 0 };
        g_autoptr(GError) error = NULL;

        vimana_connection_refresh_storage_pools_async (connection, VIMANA_STORAGE_REFRESH_VOLUMES,
                                                       NULL, test_wait_async_cb, &pools);
        vimana_connection_refresh_networks_async (connection, NULL, test_wait_async_cb, &networks);
        vimana_connection_refresh_host_devices_async (connection, NULL, test_wait_async_cb, &devices);
        vimana_connection_lookup_storage_volume_async (connection, "/default-pool/x", NULL,
                                                       test_wait_async_cb, &lookup);
        vimana_connection_create_storage_volume_async (connection, "default-pool", &spec, NULL,
                                                       test_wait_async_cb, &create);
        vimana_installer_query_async (connection, NULL, test_wait_async_cb, &query);

        test_wait_async (&pools, "the pools");
        g_assert_false (vimana_connection_refresh_storage_pools_finish (connection, pools.result,
                                                                        &error));
        assert_not_connected (error, connection);
        g_clear_error (&error);
        test_wait_async (&networks, "the networks");
        g_assert_false (vimana_connection_refresh_networks_finish (connection, networks.result,
                                                                   &error));
        assert_not_connected (error, connection);
        g_clear_error (&error);
        test_wait_async (&devices, "the host devices");
        g_assert_false (vimana_connection_refresh_host_devices_finish (connection, devices.result,
                                                                       &error));
        assert_not_connected (error, connection);
        g_clear_error (&error);
        test_wait_async (&lookup, "the lookup");
        g_assert_null (vimana_connection_lookup_storage_volume_finish (connection, lookup.result,
                                                                       &error));
        assert_not_connected (error, connection);
        g_clear_error (&error);
        test_wait_async (&create, "the creation");
        g_assert_null (vimana_connection_create_storage_volume_finish (connection, create.result,
                                                                       &error));
        assert_not_connected (error, connection);
        g_clear_error (&error);
        test_wait_async (&query, "the query");
        g_assert_null (vimana_installer_query_finish (connection, query.result, &error));
        assert_not_connected (error, connection);

        g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_storage_pools (connection)),
                          ==, 0);
        g_assert_false (vimana_connection_get_storage_pools_loaded (connection));
        g_object_unref (pools.result);
        g_object_unref (networks.result);
        g_object_unref (devices.result);
        g_object_unref (lookup.result);
        g_object_unref (create.result);
        g_object_unref (query.result);

        /* Second round: after it was open and closed again. */
        vimana_connection_open (connection);
        test_connection_wait_settled (connection);
        vimana_connection_close (connection);
    }
}

typedef struct
{
    const char     *what;
    TestWaitAsync   wait;
} GoneCall;

/* A guest undefined by another client leaves the list; what was asked of it afterwards fails at
 * once with the one "no longer exists" error, naming it. */
static void
test_queue_guest_gone (void)
{
    g_autoptr(TestConnection) connection = NULL;
    g_autoptr(VimanaDomain) domain = NULL;
    GoneCall calls[] = {
        { "run-action" }, { "autostart" }, { "details" }, { "volumes" }, { "config" },
        { "graphics" }, { "open-graphics" }, { "delete" },
    };
    virDomainPtr dom;
    gboolean ok = FALSE;

    dom = virDomainDefineXML (keeper, "<domain type='test'><name>vimana-gone</name>"
                                      "<memory>65536</memory><os><type>hvm</type></os></domain>");
    g_assert_nonnull (dom);
    connection = test_connection_open (DEFAULT_URI);
    domain = g_object_ref (get_domain (connection, "vimana-gone"));
    g_assert_cmpint (virDomainUndefine (dom), ==, 0);
    virDomainFree (dom);
    test_wait_until (domain_is_removed, domain, "the undefined guest to leave the list");

    vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_START, NULL, test_wait_async_cb,
                                    &calls[0].wait);
    vimana_domain_set_autostart_async (domain, TRUE, NULL, test_wait_async_cb, &calls[1].wait);
    vimana_domain_fetch_details_async (domain, NULL, test_wait_async_cb, &calls[2].wait);
    vimana_domain_list_volumes_async (domain, NULL, test_wait_async_cb, &calls[3].wait);
    vimana_domain_fetch_config_async (domain, NULL, test_wait_async_cb, &calls[4].wait);
    vimana_domain_fetch_graphics_async (domain, NULL, test_wait_async_cb, &calls[5].wait);
    vimana_domain_open_graphics_async (domain, 0, NULL, test_wait_async_cb, &calls[6].wait);
    vimana_domain_delete_async (domain, NULL, NULL, test_wait_async_cb, &calls[7].wait);

    for (guint i = 0; i < G_N_ELEMENTS (calls); i++) {
        g_autoptr(GError) error = NULL;

        g_test_message ("%s", calls[i].what);
        test_wait_async (&calls[i].wait, calls[i].what);
        g_assert_false (g_task_propagate_boolean (G_TASK (calls[i].wait.result), &error));
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
        g_assert_nonnull (strstr (error->message, "vimana-gone"));
        g_assert_nonnull (strstr (error->message, "no longer exists"));
        g_object_unref (calls[i].wait.result);
    }
    /* The finish functions agree. */
    {
        TestWaitAsync wait = { 0 };
        g_autoptr(GError) error = NULL;

        vimana_domain_run_action_async (domain, VIMANA_DOMAIN_ACTION_START, NULL, test_wait_async_cb,
                                        &wait);
        test_wait_async (&wait, "the action");
        ok = vimana_domain_run_action_finish (domain, wait.result, &error);
        g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
        g_object_unref (wait.result);
    }
    g_assert_false (ok);
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

int
main (int    argc,
      char **argv)
{
    int ret;

    core_test_init (&argc, &argv);
    node50_uri = core_test_node_uri ("data", "node-50.xml", NULL);
    auth_uri = core_test_node_uri ("data", "xml", "node-auth.xml", NULL);
    g_assert_true (g_path_is_absolute (node50_uri + strlen ("test://")));

    g_test_add_func ("/connection/default/open", test_default_open);
    g_test_add_func ("/connection/default/close", test_default_close);
    g_test_add_func ("/connection/default/close-while-opening", test_default_close_while_opening);
    g_test_add_func ("/connection/default/shutdown", test_default_shutdown);
    g_test_add_func ("/connection/default/reconnect-keeps-domains",
                     test_default_reconnect_keeps_domains);
    g_test_add_func ("/connection/default/events-while-connecting",
                     test_default_events_while_connecting);
    g_test_add_func ("/connection/open/unknown-driver", test_open_unknown_driver);
    g_test_add_func ("/connection/open/missing-node-file", test_open_missing_node_file);
    g_test_add_func ("/connection/open/daemon-down-retries", test_open_daemon_down_retries);
    g_test_add_func ("/connection/open/invalid-uri", test_open_invalid_uri);
    g_test_add_func ("/connection/auth/accepted", test_auth_accepted);
    g_test_add_func ("/connection/auth/wrong-password", test_auth_wrong_password);
    g_test_add_func ("/connection/auth/unhandled", test_auth_unhandled);
    g_test_add_func ("/connection/auth/close-while-asking", test_auth_close_while_asking);
    g_test_add_func ("/connection/auth/close-after-answer", test_auth_close_after_answer);
    g_test_add_func ("/connection/queue/not-connected", test_queue_not_connected);
    g_test_add_func ("/connection/queue/guest-gone", test_queue_guest_gone);
    g_test_add_func ("/connection/node50/private-copies", test_node50_private_copies);

    ret = g_test_run ();

    g_free (node50_uri);
    g_free (auth_uri);
    return ret;
}
