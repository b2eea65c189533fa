/* vimana-error.h: the error domain of libvimana-core and the libvirt error conversion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIMANA_ERROR (vimana_error_quark ())

typedef enum
{
    VIMANA_ERROR_FAILED,
    VIMANA_ERROR_INVALID_URI,
    VIMANA_ERROR_NO_DRIVER,
    VIMANA_ERROR_AUTH_FAILED,
    VIMANA_ERROR_AUTH_CANCELLED,
    VIMANA_ERROR_NOT_CONNECTED,
    VIMANA_ERROR_CONNECTION_LOST,
    VIMANA_ERROR_NO_DOMAIN,
    VIMANA_ERROR_OPERATION_INVALID,
    VIMANA_ERROR_NOT_SUPPORTED,
    VIMANA_ERROR_INVALID_ARGUMENT,
    VIMANA_ERROR_CONFIG_CHANGED,
    VIMANA_ERROR_NOT_FOUND,        /* no such storage pool, volume, network or host device */
    VIMANA_ERROR_EXISTS,           /* the name is taken */
} VimanaError;

GQuark       vimana_error_quark             (void);
VimanaError  vimana_error_code_from_libvirt (int vir_error_code);
void         vimana_error_set_from_libvirt  (GError     **error,
                                             const char  *fallback_message);
void         vimana_error_set_from_libvirt_prefixed (GError     **error,
                                                     const char  *what_failed);

G_END_DECLS
