/* vimana-uri.h: building, checking and naming libvirt connection URIs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_HYPERVISOR_QEMU_SYSTEM,
    VIMANA_HYPERVISOR_QEMU_SESSION,
    VIMANA_HYPERVISOR_TEST,
} VimanaHypervisor;

/* The parts of a libvirt URI: driver[+transport]://[user@][host][:port]/path[?query] */
typedef struct
{
    char *driver;
    char *transport;
    char *user;
    char *host;
    int   port;
    char *path;
    char *query;
} VimanaUri;

VimanaUri *vimana_uri_parse           (const char       *uri,
                                       GError          **error);
void       vimana_uri_free            (VimanaUri        *uri);
char      *vimana_uri_build           (VimanaHypervisor  hypervisor,
                                       const char       *host,
                                       int               port,
                                       const char       *user,
                                       const char       *transport,
                                       GError          **error);
char      *vimana_uri_check_host      (const char       *host,
                                       GError          **error);
gboolean   vimana_uri_check_user      (const char       *user,
                                       GError          **error);
gboolean   vimana_uri_parse_port      (const char       *text,
                                       int              *port,
                                       GError          **error);
char     **vimana_uri_describe_risks  (const char       *uri);
gboolean   vimana_uri_may_autoconnect (const char         *uri,
                                       const char * const *trusted);
gboolean   vimana_uri_is_remote       (const char       *uri);
char      *vimana_uri_display_name    (const char       *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaUri, vimana_uri_free)

G_END_DECLS
