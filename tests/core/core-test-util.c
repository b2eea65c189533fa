/* core-test-util.c: what the core tests on the libvirt test driver share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "core-test-util.h"

#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/virterror.h>
#include <stdarg.h>
#include <stdlib.h>

virConnectPtr keeper;

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

static void
silence_libvirt (void       *data,
                 virErrorPtr error)
{
}

static void
core_test_close_keeper (void)
{
    virConnectClose (keeper);
}

/* g_test_init(), libvirt's events on the main context, the keeper connection. */
void
core_test_init (int    *argc,
                char ***argv)
{
    g_test_init (argc, argv, NULL);
    /* Debug messages come from the worker threads too and would interleave with the TAP
     * lines; G_MESSAGES_DEBUG still turns them on. */
    if (g_getenv ("G_MESSAGES_DEBUG") == NULL)
        previous_log_handler = g_log_set_default_handler (quiet_log_handler, NULL);

    /* libvirt's events reach the main context through libvirt-glib: before any connection. */
    gvir_event_register ();
    virSetErrorFunc (NULL, silence_libvirt);

    keeper = virConnectOpen (DEFAULT_URI);
    g_assert_nonnull (keeper);
    atexit (core_test_close_keeper);
}

/* Returns: (transfer full): "test://" and the absolute path of a file under tests/ */
char *
core_test_node_uri (const char *first_element,
                    ...)
{
    g_autofree char *relative = NULL;
    g_autofree char *path = NULL;
    g_autofree char *absolute = NULL;
    va_list args;

    va_start (args, first_element);
    relative = g_build_filename_valist (first_element, &args);
    va_end (args);
    path = g_test_build_filename (G_TEST_DIST, relative, NULL);
    absolute = g_canonicalize_filename (path, NULL);
    return g_strconcat ("test://", absolute, NULL);
}

VimanaDomain *
get_domain (VimanaConnection *connection,
            const char       *name)
{
    VimanaDomain *domain = vimana_connection_find_domain_by_name (connection, name);

    if (domain == NULL)
        g_error ("no guest “%s” on %s", name, vimana_connection_get_uri (connection));
    return domain;
}

void
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
void
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

/* Runs @action and waits for it. */
gboolean
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

void
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

/* Puts test:///default back as it starts: "test" running, no saved state, no autostart. */
void
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

void
count_cb (gpointer user_data)
{
    (*(guint *) user_data)++;
}

gboolean
domain_is_removed (gpointer data)
{
    return vimana_domain_get_removed (VIMANA_DOMAIN (data));
}

void
items_log_cb (GListModel *model,
              guint       position,
              guint       removed,
              guint       added,
              gpointer    user_data)
{
    ItemsLog *log = user_data;

    log->signals++;
    log->removed += removed;
    log->added += added;
}
