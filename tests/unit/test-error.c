/* test-error.c: the VIMANA_ERROR domain and the conversion of libvirt's errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <string.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vimana-error.h"

static void
test_error_quark (void)
{
    g_assert_cmpuint (VIMANA_ERROR, !=, 0);
    g_assert_cmpstr (g_quark_to_string (VIMANA_ERROR), ==, "vimana-error-quark");
}

static void
test_error_code_mapping (void)
{
    static const struct {
        int         vir_code;
        VimanaError code;
    } table[] = {
        { VIR_ERR_NO_CONNECT, VIMANA_ERROR_NO_DRIVER },
        { VIR_ERR_NO_SUPPORT, VIMANA_ERROR_NO_DRIVER },
        { VIR_ERR_INVALID_CONN, VIMANA_ERROR_NOT_CONNECTED },
        { VIR_ERR_AUTH_FAILED, VIMANA_ERROR_AUTH_FAILED },
        { VIR_ERR_AUTH_CANCELLED, VIMANA_ERROR_AUTH_CANCELLED },
        { VIR_ERR_NO_DOMAIN, VIMANA_ERROR_NO_DOMAIN },
        { VIR_ERR_OPERATION_INVALID, VIMANA_ERROR_OPERATION_INVALID },
        { VIR_ERR_OPERATION_UNSUPPORTED, VIMANA_ERROR_NOT_SUPPORTED },
        { VIR_ERR_ARGUMENT_UNSUPPORTED, VIMANA_ERROR_NOT_SUPPORTED },
        { VIR_ERR_INVALID_ARG, VIMANA_ERROR_INVALID_ARGUMENT },
        { VIR_ERR_XML_ERROR, VIMANA_ERROR_INVALID_ARGUMENT },
        { VIR_ERR_XML_DETAIL, VIMANA_ERROR_INVALID_ARGUMENT },
        { VIR_ERR_PARSE_FAILED, VIMANA_ERROR_INVALID_URI },
        { VIR_ERR_NO_STORAGE_POOL, VIMANA_ERROR_NOT_FOUND },
        { VIR_ERR_NO_STORAGE_VOL, VIMANA_ERROR_NOT_FOUND },
        { VIR_ERR_NO_NETWORK, VIMANA_ERROR_NOT_FOUND },
        { VIR_ERR_NO_NODE_DEVICE, VIMANA_ERROR_NOT_FOUND },
        { VIR_ERR_STORAGE_VOL_EXIST, VIMANA_ERROR_EXISTS },
        { VIR_ERR_NETWORK_EXIST, VIMANA_ERROR_EXISTS },
        /* Everything else is a plain failure. */
        { VIR_ERR_OK, VIMANA_ERROR_FAILED },
        { VIR_ERR_INTERNAL_ERROR, VIMANA_ERROR_FAILED },
        { VIR_ERR_SYSTEM_ERROR, VIMANA_ERROR_FAILED },
        { VIR_ERR_OPERATION_FAILED, VIMANA_ERROR_FAILED },
        { -1, VIMANA_ERROR_FAILED },
        { 100000, VIMANA_ERROR_FAILED },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (table); i++) {
        g_test_message ("libvirt error %d", table[i].vir_code);
        g_assert_cmpint (vimana_error_code_from_libvirt (table[i].vir_code), ==, table[i].code);
    }
}

static virConnectPtr
open_test_driver (void)
{
    virConnectPtr conn = virConnectOpen ("test:///default");

    g_assert_nonnull (conn);
    return conn;
}

/* A real failing call on this thread: its error is converted with libvirt's own message and
 * then forgotten. */
static void
test_error_from_libvirt_no_domain (void)
{
    virConnectPtr conn = open_test_driver ();
    g_autoptr(GError) error = NULL;
    virDomainPtr dom;
    virErrorPtr last;
    g_autofree char *libvirt_message = NULL;

    virResetLastError ();
    dom = virDomainLookupByName (conn, "vimana-no-such-guest");
    g_assert_null (dom);
    last = virGetLastError ();
    g_assert_nonnull (last);
    g_assert_cmpint (last->code, ==, VIR_ERR_NO_DOMAIN);
    libvirt_message = g_strdup (last->message);

    vimana_error_set_from_libvirt (&error, "fallback must not be used");
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);
    g_assert_cmpstr (error->message, ==, libvirt_message);
    g_assert_cmpstr (error->message, !=, "fallback must not be used");
    /* The last error was reset, so a later success is not mistaken for a failure. */
    g_assert_null (virGetLastError ());

    virConnectClose (conn);
}

static void
test_error_from_libvirt_operation_invalid (void)
{
    virConnectPtr conn = open_test_driver ();
    virDomainPtr dom = virDomainLookupByName (conn, "test");
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (dom);
    /* Make sure it is off, then stop it again: libvirt refuses the second time. */
    if (virDomainIsActive (dom) == 1)
        g_assert_cmpint (virDomainDestroy (dom), ==, 0);
    g_assert_cmpint (virDomainDestroy (dom), <, 0);

    vimana_error_set_from_libvirt (&error, NULL);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID);
    g_assert_nonnull (strstr (error->message, "not running"));
    g_assert_null (virGetLastError ());

    g_assert_cmpint (virDomainCreate (dom), ==, 0);
    virDomainFree (dom);
    virConnectClose (conn);
}

static void
test_error_from_libvirt_reset_without_location (void)
{
    virConnectPtr conn = open_test_driver ();

    g_assert_null (virDomainLookupByName (conn, "vimana-no-such-guest"));
    g_assert_nonnull (virGetLastError ());
    /* Callers that ignore the error still clear it. */
    vimana_error_set_from_libvirt (NULL, NULL);
    g_assert_null (virGetLastError ());

    virConnectClose (conn);
}

static void
test_error_fallback (void)
{
    g_autoptr(GError) error = NULL;

    virResetLastError ();
    vimana_error_set_from_libvirt (&error, "The guests could not be counted.");
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, "The guests could not be counted.");
    g_clear_error (&error);

    /* Without a fallback there is still a sentence. */
    vimana_error_set_from_libvirt (&error, NULL);
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_nonnull (error->message);
    g_assert_cmpuint (strlen (error->message), >, 0);
}

/* libvirt errors are thread-local: an error on another thread is not seen here. */
static gpointer
fail_in_thread (gpointer data)
{
    virConnectPtr conn = data;
    GError *error = NULL;

    g_assert_null (virDomainLookupByName (conn, "vimana-no-such-guest"));
    vimana_error_set_from_libvirt (&error, NULL);
    return error;
}

static void
test_error_thread_local (void)
{
    virConnectPtr conn = open_test_driver ();
    g_autoptr(GError) thread_error = NULL;
    g_autoptr(GError) error = NULL;
    GThread *thread;

    virResetLastError ();
    thread = g_thread_new ("fail", fail_in_thread, conn);
    thread_error = g_thread_join (thread);
    g_assert_error (thread_error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN);

    g_assert_null (virGetLastError ());
    vimana_error_set_from_libvirt (&error, "nothing failed here");
    g_assert_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED);
    g_assert_cmpstr (error->message, ==, "nothing failed here");

    virConnectClose (conn);
}

static void
silence_libvirt (void       *data,
                 virErrorPtr error)
{
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);
    virSetErrorFunc (NULL, silence_libvirt);

    g_test_add_func ("/error/quark", test_error_quark);
    g_test_add_func ("/error/code-from-libvirt", test_error_code_mapping);
    g_test_add_func ("/error/from-libvirt/no-domain", test_error_from_libvirt_no_domain);
    g_test_add_func ("/error/from-libvirt/operation-invalid",
                     test_error_from_libvirt_operation_invalid);
    g_test_add_func ("/error/from-libvirt/reset-without-location",
                     test_error_from_libvirt_reset_without_location);
    g_test_add_func ("/error/from-libvirt/fallback", test_error_fallback);
    g_test_add_func ("/error/from-libvirt/thread-local", test_error_thread_local);

    return g_test_run ();
}
