/* vimana-uri.c: building, checking and naming libvirt connection URIs
 *
 * libvirt accepts "driver[+transport]://[user@][host][:port]/path[?query]". We check the shape
 * here so that a typing mistake is reported where it was typed; whether the driver exists is
 * for libvirt to say when the connection opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-uri"

#include "config.h"

#include "vimana-uri.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-error.h"

static const char * const vimana_uri_transports[] = {
    "ssh", "libssh", "libssh2", "tcp", "tls", "unix", "ext", NULL
};

static gboolean
vimana_uri_is_driver_name (const char *name)
{
    if (name == NULL || name[0] == '\0' || !g_ascii_isalpha (name[0]))
        return FALSE;
    for (const char *p = name; *p; p++) {
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
            return FALSE;
    }
    return TRUE;
}

static gboolean
vimana_uri_is_host_name (const char *host)
{
    /* IPv6 literal: GUri checked it and hands it back without its brackets. */
    if (host[0] == '[' || g_hostname_is_ip_address (host))
        return TRUE;
    for (const char *p = host; *p; p++) {
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_')
            return FALSE;
    }
    return host[0] != '-' && host[0] != '.';
}

void
vimana_uri_free (VimanaUri *uri)
{
    if (uri == NULL)
        return;
    g_free (uri->driver);
    g_free (uri->transport);
    g_free (uri->user);
    g_free (uri->host);
    g_free (uri->path);
    g_free (uri->query);
    g_free (uri);
}

static gboolean
vimana_uri_split_scheme (VimanaUri   *parsed,
                         const char  *scheme,
                         const char  *uri,
                         GError     **error)
{
    const char *plus = strchr (scheme, '+');

    if (plus != NULL) {
        parsed->driver = g_strndup (scheme, plus - scheme);
        parsed->transport = g_strdup (plus + 1);
        if (!g_strv_contains (vimana_uri_transports, parsed->transport)) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” is not a transport libvirt knows; use ssh, tcp, tls, unix or libssh."),
                         parsed->transport);
            return FALSE;
        }
    } else {
        parsed->driver = g_strdup (scheme);
    }

    if (!vimana_uri_is_driver_name (parsed->driver)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” does not start with a hypervisor name such as qemu or test."), uri);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_uri_parse:
 * @uri: a libvirt connection URI
 * @error: return location for a %VIMANA_ERROR_INVALID_URI error
 *
 * Returns: (transfer full) (nullable): the parts of @uri, or %NULL when it is not a URI
 *   libvirt could accept
 */
VimanaUri *
vimana_uri_parse (const char  *uri,
                  GError     **error)
{
    g_autoptr(VimanaUri) parsed = NULL;
    g_autoptr(GUri) guri = NULL;
    g_autoptr(GError) local_error = NULL;
    const char *scheme;

    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (uri == NULL || *uri == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("Enter a connection URI, for example qemu:///system."));
        return NULL;
    }
    for (const char *p = uri; *p; p++) {
        if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p)) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” contains spaces; a connection URI has none."), uri);
            return NULL;
        }
    }
    if (strstr (uri, "://") == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not a connection URI; it should look like qemu:///system."), uri);
        return NULL;
    }

    guri = g_uri_parse (uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED, &local_error);
    if (guri == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not a valid connection URI: %s"), uri, local_error->message);
        return NULL;
    }

    parsed = g_new0 (VimanaUri, 1);
    scheme = g_uri_get_scheme (guri);
    if (!vimana_uri_split_scheme (parsed, scheme, uri, error))
        return NULL;

    parsed->user = g_uri_get_user (guri) ? g_uri_unescape_string (g_uri_get_user (guri), NULL)
                                         : NULL;
    parsed->host = g_strdup (g_uri_get_host (guri));
    parsed->port = g_uri_get_port (guri);
    parsed->path = g_strdup (g_uri_get_path (guri));
    parsed->query = g_strdup (g_uri_get_query (guri));

    if (parsed->host != NULL && parsed->host[0] == '\0')
        g_clear_pointer (&parsed->host, g_free);
    if (parsed->host != NULL && !vimana_uri_is_host_name (parsed->host)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not a valid host name."), parsed->host);
        return NULL;
    }
    if (parsed->transport != NULL && g_str_equal (parsed->transport, "ssh") && parsed->host == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("An ssh connection needs a host name."));
        return NULL;
    }

    return g_steal_pointer (&parsed);
}

/**
 * vimana_uri_build:
 * @hypervisor: which hypervisor to talk to
 * @host: (nullable): remote host name, or %NULL or "" for this machine
 * @user: (nullable): user name on the remote host
 * @transport: (nullable): "ssh", "tcp" or "tls"; %NULL means ssh when @host is set
 * @error: return location for a %VIMANA_ERROR_INVALID_URI error
 *
 * Builds the URI the Add Connection dialog describes, e.g. qemu+ssh://root@host/system.
 *
 * Returns: (transfer full) (nullable): the URI
 */
char *
vimana_uri_build (VimanaHypervisor  hypervisor,
                  const char       *host,
                  const char       *user,
                  const char       *transport,
                  GError          **error)
{
    g_autofree char *uri = NULL;
    g_autoptr(VimanaUri) check = NULL;
    const char *driver = "qemu";
    const char *path = "/system";
    gboolean remote = host != NULL && host[0] != '\0';

    switch (hypervisor) {
    case VIMANA_HYPERVISOR_QEMU_SYSTEM:
        break;
    case VIMANA_HYPERVISOR_QEMU_SESSION:
        path = "/session";
        break;
    case VIMANA_HYPERVISOR_TEST:
        driver = "test";
        path = "/default";
        break;
    default:
        g_return_val_if_reached (NULL);
    }

    if (!remote) {
        uri = g_strdup_printf ("%s://%s", driver, path);
    } else {
        g_autofree char *escaped_user = NULL;
        g_autofree char *bracketed_host = NULL;

        if (hypervisor == VIMANA_HYPERVISOR_TEST) {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                                 _("The test hypervisor runs inside Vimana and cannot be remote."));
            return NULL;
        }
        if (transport == NULL || transport[0] == '\0')
            transport = "ssh";
        if (user != NULL && user[0] != '\0')
            escaped_user = g_uri_escape_string (user, NULL, FALSE);
        /* An IPv6 address goes in brackets, or its colons would read as a port. */
        if (strchr (host, ':') != NULL && host[0] != '[')
            bracketed_host = g_strdup_printf ("[%s]", host);
        uri = g_strdup_printf ("%s+%s://%s%s%s%s", driver, transport,
                               escaped_user ? escaped_user : "", escaped_user ? "@" : "",
                               bracketed_host ? bracketed_host : host, path);
    }

    check = vimana_uri_parse (uri, error);
    if (check == NULL)
        return NULL;
    return g_steal_pointer (&uri);
}

gboolean
vimana_uri_is_remote (const char *uri)
{
    g_autoptr(VimanaUri) parsed = vimana_uri_parse (uri, NULL);

    if (parsed == NULL)
        return FALSE;
    if (parsed->host != NULL && !g_str_equal (parsed->host, "localhost"))
        return TRUE;
    return parsed->transport != NULL && !g_str_equal (parsed->transport, "unix");
}

/**
 * vimana_uri_display_name:
 * @uri: a libvirt connection URI
 *
 * Returns: (transfer full): a name for the connection as the list shows it, such as
 *   "QEMU/KVM" or "QEMU/KVM on example.org"
 */
char *
vimana_uri_display_name (const char *uri)
{
    g_autoptr(VimanaUri) parsed = vimana_uri_parse (uri, NULL);
    const char *kind;

    if (parsed == NULL)
        return g_strdup (uri);

    if (g_str_equal (parsed->driver, "qemu")) {
        if (g_strcmp0 (parsed->path, "/session") == 0)
            kind = _("QEMU/KVM user session");
        else
            kind = _("QEMU/KVM");
    } else if (g_str_equal (parsed->driver, "test")) {
        if (parsed->path != NULL && !g_str_equal (parsed->path, "/default")) {
            g_autofree char *base = g_path_get_basename (parsed->path);
            return g_strdup_printf (_("Test (%s)"), base);
        }
        kind = _("Test");
    } else {
        return g_strdup (uri);
    }

    if (parsed->host != NULL && !g_str_equal (parsed->host, "localhost"))
        return g_strdup_printf (_("%s on %s"), kind, parsed->host);
    return g_strdup (kind);
}
