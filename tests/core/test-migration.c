/* test-migration.c: a migration and its pre-flight through the core on the libvirt test driver
 * (tier 2, suite "core")
 *
 * The test driver cannot migrate: these cases check what Vimana decides before and around the
 * call (the same host refused, options refused, a closed destination, libvirt's refusal
 * reported with the guest left where it was) and the pre-flight's facts as the test driver
 * gives them. A real migration between two daemons is a system test's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "core-test-util.h"
#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-migration-check.h"
#include "vimana-migration.h"

static char *node50_uri;

static gboolean
run_migration (VimanaMigration  *migration,
               GError          **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_migration_run_async (migration, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the migration");
    ok = vimana_migration_run_finish (migration, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

static void
phase_log_cb (GObject    *object,
              GParamSpec *pspec,
              gpointer    user_data)
{
    GArray *phases = user_data;
    int phase = vimana_migration_get_phase (VIMANA_MIGRATION (object));

    g_array_append_val (phases, phase);
}

static void
test_migration_same_connection (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = vimana_migration_new (domain, source, options);
    g_autoptr(GError) error = NULL;

    g_assert_false (run_migration (migration, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    /* Refused before it started: nothing ran. */
    g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_IDLE);
}

static void
test_migration_same_host (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) destination = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = vimana_migration_new (domain, destination, options);
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (int));

    g_signal_connect (migration, "notify::phase", G_CALLBACK (phase_log_cb), phases);
    g_assert_false (run_migration (migration, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "same host"));
    g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_FAILED);
    g_assert_cmpuint (phases->len, ==, 2);
    g_assert_cmpint (g_array_index (phases, int, 0), ==, VIMANA_MIGRATION_PHASE_RUNNING);
    g_assert_cmpint (g_array_index (phases, int, 1), ==, VIMANA_MIGRATION_PHASE_FAILED);
    /* A migration runs once. */
    g_clear_error (&error);
    g_assert_false (run_migration (migration, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
}

static void
test_migration_running_list (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) destination = test_connection_open (node50_uri);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = vimana_migration_new (domain, destination, options);
    GListModel *running = vimana_migration_get_running ();
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (running), ==, 0);
    g_assert_null (vimana_migration_find_running (domain));
    vimana_migration_run_async (migration, NULL, test_wait_async_cb, &wait);
    /* Listed from the start, as the guest that moves (not as one coming in). */
    g_assert_cmpuint (g_list_model_get_n_items (running), ==, 1);
    g_assert_true (vimana_migration_find_running (domain) == migration);
    g_assert_null (vimana_migration_find_incoming (domain));
    test_wait_async (&wait, "the migration");
    /* The test driver refuses it; gone from the list before the callback runs. */
    g_assert_false (vimana_migration_run_finish (migration, wait.result, &error));
    g_object_unref (wait.result);
    g_assert_cmpuint (g_list_model_get_n_items (running), ==, 0);
    g_assert_null (vimana_migration_find_running (domain));
}

static char *
read_identity (VimanaConnection *connection)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    char *identity;

    vimana_migration_read_host_identity_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the host's identity");
    identity = vimana_migration_read_host_identity_finish (connection, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_nonnull (identity);
    return identity;
}

static void
test_migration_host_identity (void)
{
    g_autoptr(TestConnection) first = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) second = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) other = test_connection_open (node50_uri);
    g_autofree char *first_id = read_identity (first);
    g_autofree char *second_id = read_identity (second);
    g_autofree char *other_id = read_identity (other);

    /* Two connections to one host are one host; another host is another. */
    g_assert_cmpstr (first_id, ==, second_id);
    g_assert_cmpstr (first_id, !=, other_id);
}

static void
test_migration_refused_options (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) destination = test_connection_open (node50_uri);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = NULL;
    g_autoptr(GError) error = NULL;

    options->bandwidth = VIMANA_MIGRATION_MAX_BANDWIDTH + 1;
    migration = vimana_migration_new (domain, destination, options);
    g_assert_false (run_migration (migration, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT);
    g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_IDLE);
}

static void
test_migration_not_connected (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    VimanaConnection *destination = test_connection_open (node50_uri);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = vimana_migration_new (domain, destination, options);
    g_autoptr(GError) error = NULL;

    test_connection_close (destination);
    g_assert_false (run_migration (migration, &error));
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED);
}

static void
test_migration_unsupported (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) destination = test_connection_open (node50_uri);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = NULL;
    g_autoptr(GError) error = NULL;
    static const VimanaMigrationMode modes[] = {
        VIMANA_MIGRATION_MODE_DIRECT,
        VIMANA_MIGRATION_MODE_PEER_TO_PEER,
        VIMANA_MIGRATION_MODE_TUNNELLED,
    };

    for (guint i = 0; i < G_N_ELEMENTS (modes); i++) {
        options->mode = modes[i];
        options->bandwidth = 10;
        options->dest_name = g_strdup ("test-moved");
        g_clear_object (&migration);
        migration = vimana_migration_new (domain, destination, options);
        vimana_migration_set_poll_interval (migration, 1);
        g_assert_false (run_migration (migration, &error));
        /* libvirt's own refusal (the test driver has no migration), said with the guest and
         * the destination. */
        g_assert_nonnull (error);
        g_assert_true (error->domain == VIMANA_ERROR);
        g_assert_cmpint (error->code, !=, VIMANA_ERROR_INVALID_ARGUMENT);
        g_assert_nonnull (strstr (error->message, "“test”"));
        g_assert_nonnull (strstr (error->message, "not supported"));
        g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_FAILED);
        g_clear_error (&error);
        g_clear_pointer (&options->dest_name, g_free);
        /* Cancel after the end does nothing. */
        vimana_migration_cancel (migration);
        g_assert_cmpint (vimana_migration_get_phase (migration), ==, VIMANA_MIGRATION_PHASE_FAILED);
    }
    /* The guest stayed where it was, running. */
    g_assert_false (vimana_domain_get_removed (domain));
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_null (vimana_connection_find_domain_by_name (destination, "test-moved"));
}

static const VimanaMigrationCheck *
find_check (GPtrArray                *checks,
            VimanaMigrationCheckKind  kind)
{
    for (guint i = 0; i < checks->len; i++) {
        const VimanaMigrationCheck *check = g_ptr_array_index (checks, i);

        if (check->kind == kind)
            return check;
    }
    g_error ("no check of kind %d", kind);
    return NULL;
}

static void
test_migration_preflight (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) destination = test_connection_open (node50_uri);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };

    vimana_migration_preflight_async (domain, destination, options, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the pre-flight");
    checks = vimana_migration_preflight_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    for (guint i = 0; i < checks->len; i++) {
        const VimanaMigrationCheck *check = g_ptr_array_index (checks, i);

        g_test_message ("%d %s: %s", check->level, check->subject, check->reason);
    }
    /* The test guest: another host (another URI; the test driver has no host UUID); no <cpu>
     * (the default model), i686 "test" with no machine type, which node-50 offers; its network
     * "default" is active there; its disk /guest/diskimage1 is in no pool there; the test
     * driver reports no free memory. */
    g_assert_cmpuint (checks->len, ==, 6);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_HOST)->level, ==, VIMANA_CHECK_OK);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_CPU)->level, ==, VIMANA_CHECK_OK);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_MACHINE)->level, ==, VIMANA_CHECK_OK);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_MEMORY)->level, ==, VIMANA_CHECK_WARNING);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_DISK)->level, ==, VIMANA_CHECK_BLOCKER);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_NETWORK)->level, ==, VIMANA_CHECK_OK);
    g_assert_cmpint (vimana_migration_checklist_worst (checks), ==, VIMANA_CHECK_BLOCKER);

    /* With storage copied, the disk is amber. */
    g_clear_pointer (&checks, g_ptr_array_unref);
    options->copy_storage = TRUE;
    wait = (TestWaitAsync) { 0 };
    vimana_migration_preflight_async (domain, destination, options, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the pre-flight");
    checks = vimana_migration_preflight_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_DISK)->level, ==, VIMANA_CHECK_WARNING);
}

static void
test_migration_preflight_same_host (void)
{
    g_autoptr(TestConnection) source = test_connection_open (DEFAULT_URI);
    g_autoptr(TestConnection) destination = test_connection_open (DEFAULT_URI);
    VimanaDomain *domain = get_domain (source, "test");
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(GPtrArray) checks = NULL;
    g_autoptr(GError) error = NULL;
    TestWaitAsync wait = { 0 };

    vimana_migration_preflight_async (domain, destination, options, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the pre-flight");
    checks = vimana_migration_preflight_finish (domain, wait.result, &error);
    g_object_unref (wait.result);
    g_assert_no_error (error);
    /* Two connections to one host: said before anything starts. */
    g_assert_cmpint (find_check (checks, VIMANA_MIGRATION_CHECK_HOST)->level, ==, VIMANA_CHECK_BLOCKER);
}

int
main (int    argc,
      char **argv)
{
    core_test_init (&argc, &argv);
    node50_uri = core_test_node_uri ("data", "node-50.xml", NULL);

    g_test_add_func ("/migration/same-connection", test_migration_same_connection);
    g_test_add_func ("/migration/same-host", test_migration_same_host);
    g_test_add_func ("/migration/running-list", test_migration_running_list);
    g_test_add_func ("/migration/host-identity", test_migration_host_identity);
    g_test_add_func ("/migration/refused-options", test_migration_refused_options);
    g_test_add_func ("/migration/not-connected", test_migration_not_connected);
    g_test_add_func ("/migration/unsupported", test_migration_unsupported);
    g_test_add_func ("/migration/preflight", test_migration_preflight);
    g_test_add_func ("/migration/preflight-same-host", test_migration_preflight_same_host);
    return g_test_run ();
}
