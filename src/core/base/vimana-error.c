/* vimana-error.c: the error domain of libvimana-core and the libvirt error conversion
 *
 * libvirt keeps its last error in thread-local storage, so the conversion must run on the
 * thread that made the failing call: the connection's worker, never the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-error"

#include "config.h"

#include "vimana-error.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

/* The quark's name is not an expression: the formatter must not space its dashes. */
/* *INDENT-OFF* */
G_DEFINE_QUARK (vimana-error-quark, vimana_error)
/* *INDENT-ON* */

VimanaError
vimana_error_code_from_libvirt (int vir_error_code)
{
    switch (vir_error_code) {
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_NO_SUPPORT:
        return VIMANA_ERROR_NO_DRIVER;
    case VIR_ERR_INVALID_CONN:
        return VIMANA_ERROR_NOT_CONNECTED;
    case VIR_ERR_AUTH_FAILED:
        return VIMANA_ERROR_AUTH_FAILED;
    case VIR_ERR_AUTH_CANCELLED:
        return VIMANA_ERROR_AUTH_CANCELLED;
    case VIR_ERR_NO_DOMAIN:
        return VIMANA_ERROR_NO_DOMAIN;
    case VIR_ERR_OPERATION_INVALID:
        return VIMANA_ERROR_OPERATION_INVALID;
    case VIR_ERR_OPERATION_UNSUPPORTED:
    case VIR_ERR_ARGUMENT_UNSUPPORTED:
        return VIMANA_ERROR_NOT_SUPPORTED;
    case VIR_ERR_INVALID_ARG:
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
        return VIMANA_ERROR_INVALID_ARGUMENT;
    case VIR_ERR_PARSE_FAILED:
        return VIMANA_ERROR_INVALID_URI;
    case VIR_ERR_NO_STORAGE_POOL:
    case VIR_ERR_NO_STORAGE_VOL:
    case VIR_ERR_NO_NETWORK:
    case VIR_ERR_NO_NODE_DEVICE:
        return VIMANA_ERROR_NOT_FOUND;
    case VIR_ERR_STORAGE_VOL_EXIST:
    case VIR_ERR_NETWORK_EXIST:
        return VIMANA_ERROR_EXISTS;
    default:
        return VIMANA_ERROR_FAILED;
    }
}

/**
 * vimana_error_set_from_libvirt:
 * @error: return location for the error
 * @fallback_message: message used when libvirt recorded no error
 *
 * Converts libvirt's last error of the calling thread into a #GError in %VIMANA_ERROR and
 * resets it, so a later success is not mistaken for a failure.
 */
void
vimana_error_set_from_libvirt (GError     **error,
                               const char  *fallback_message)
{
    virErrorPtr err = virGetLastError ();

    if (err == NULL || err->code == VIR_ERR_OK) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             fallback_message ? fallback_message : _("The operation failed."));
        return;
    }

    g_set_error_literal (error, VIMANA_ERROR, vimana_error_code_from_libvirt (err->code),
                         err->message ? err->message
                                      : (fallback_message ? fallback_message
                                                          : _("The operation failed.")));
    virResetLastError ();
}

/**
 * vimana_error_set_from_libvirt_prefixed:
 * @error: return location for the error
 * @what_failed: the step that failed, as a sentence ("The disk could not be created.")
 *
 * Like vimana_error_set_from_libvirt(), with libvirt's reason after @what_failed, for a job of
 * several steps whose caller must know which one failed.
 */
void
vimana_error_set_from_libvirt_prefixed (GError     **error,
                                        const char  *what_failed)
{
    g_autoptr(GError) local_error = NULL;

    vimana_error_set_from_libvirt (&local_error, NULL);
    /* Translators: the first %s says which step failed, the second is libvirt's reason. */
    g_set_error (error, VIMANA_ERROR, local_error->code, _("%s %s"), what_failed,
                 local_error->message);
}
