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

#include <arpa/inet.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-error.h"

static const char * const vimana_uri_transports[] = {
    "ssh", "libssh", "libssh2", "tcp", "tls", "unix", "ext", NULL
};

/* What vimana_uri_build() puts together: no ext (it runs command=), no unix (not remote). */
static const char * const vimana_uri_remote_transports[] = {
    "ssh", "libssh", "libssh2", "tcp", "tls", NULL
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

/* Names a character of a refused value so that the message can say what is wrong with it. */
static char *
vimana_uri_describe_char (char c)
{
    if (c == ' ')
        return g_strdup (_("a space"));
    if (g_ascii_iscntrl (c) || (guchar) c >= 0x80)
        return g_strdup (_("a control or non-ASCII character"));
    return g_strdup_printf ("“%c”", c);
}

static gboolean
vimana_uri_is_all_digits (const char *text,
                          gsize       length)
{
    if (length == 0)
        return FALSE;
    for (gsize i = 0; i < length; i++) {
        if (!g_ascii_isdigit (text[i]))
            return FALSE;
    }
    return TRUE;
}

/* Whether @text is an IPv6 address: inet_pton's test, because GLib's
 * g_hostname_is_ip_address() also takes ":" and "::"-like fragments such as ":". */
static gboolean
vimana_uri_is_ipv6 (const char *text)
{
    struct in6_addr address;

    return strchr (text, '%') == NULL && inet_pton (AF_INET6, text, &address) == 1;
}

/**
 * vimana_uri_check_host:
 * @host: what the user typed as a host: a host name, an IPv4 address or an IPv6 address
 *   (bracketed or not)
 * @error: return location for a %VIMANA_ERROR_INVALID_URI error saying what is wrong with @host
 *
 * Checks a host name before it goes into a URI, so that nothing typed as a host can add a
 * port, a path, a query (libvirt's command= or socket=) or a fragment to it. Pure: no lookup.
 *
 * Returns: (transfer full) (nullable): the host as it goes into a URI (ASCII, an IPv6 address
 *   without brackets), or %NULL with @error set
 */
char *
vimana_uri_check_host (const char  *host,
                       GError     **error)
{
    g_autofree char *ascii = NULL;
    const char *colon;
    gsize length;
    gsize label = 0;
    gsize label_start = 0;

    g_return_val_if_fail (error == NULL || *error == NULL, NULL);

    if (host == NULL || host[0] == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("Enter the name of the remote host."));
        return NULL;
    }
    if (!g_utf8_validate (host, -1, NULL)) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("The host name is not valid text."));
        return NULL;
    }
    length = strlen (host);

    /* An IPv6 address as a URI writes it: [2001:db8::1] */
    if (host[0] == '[') {
        if (length > 2 && host[length - 1] == ']') {
            g_autofree char *inner = g_strndup (host + 1, length - 2);

            if (vimana_uri_is_ipv6 (inner))
                return g_steal_pointer (&inner);
        }
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not an IPv6 address."), host);
        return NULL;
    }

    colon = strchr (host, ':');
    if (colon != NULL) {
        /* host:2222 is a host and a port, which have a field each. */
        if (strchr (colon + 1, ':') == NULL &&
            vimana_uri_is_all_digits (colon + 1, strlen (colon + 1))) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” includes a port; enter the host alone and %s in the Port field."),
                         host, colon + 1);
            return NULL;
        }
        if (vimana_uri_is_ipv6 (host))
            return g_strdup (host);
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not an IPv6 address."), host);
        return NULL;
    }

    if (g_hostname_is_ip_address (host))
        return g_strdup (host);
    if (g_hostname_is_non_ascii (host)) {
        ascii = g_hostname_to_ascii (host);
        if (ascii == NULL) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” is not a host name or an IP address."), host);
            return NULL;
        }
    } else {
        ascii = g_strdup (host);
    }

    length = strlen (ascii);
    /* One final dot names the root zone; the name itself is at most 253 characters. */
    if (length > 1 && ascii[length - 1] == '.')
        length--;
    if (length > 253) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("The host name is too long: a host name has at most 253 characters."));
        return NULL;
    }

    for (gsize i = 0; i <= length; i++) {
        char c = i < length ? ascii[i] : '.';

        if (c == '.') {
            label = i - label_start;
            if (label == 0) {
                g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("“%s” is not a host name: it has an empty part between dots."), host);
                return NULL;
            }
            if (label > 63) {
                g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("“%s” is not a host name: a part between dots has at most 63 characters."),
                             host);
                return NULL;
            }
            if (ascii[label_start] == '-' || ascii[i - 1] == '-') {
                g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("“%s” is not a host name: a part between dots cannot start or end with “-”."),
                             host);
                return NULL;
            }
            label_start = i + 1;
            continue;
        }
        if (!g_ascii_isalnum (c) && c != '-' && c != '_') {
            g_autofree char *what = vimana_uri_describe_char (c);

            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” is not a host name or an IP address: it cannot contain %s."),
                         host, what);
            return NULL;
        }
    }

    /* 300.1.1.1 or 10.1 read as a host name would be a mistyped address. */
    if (vimana_uri_is_all_digits (ascii + (length - label), label)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not a valid IPv4 address."), host);
        return NULL;
    }

    return g_steal_pointer (&ascii);
}

/**
 * vimana_uri_check_user:
 * @user: (nullable): a user name on the remote host; %NULL or "" for none
 * @error: return location for a %VIMANA_ERROR_INVALID_URI error
 *
 * A user name is letters, digits, “.”, “_” and “-”, not starting with “-” (it reaches ssh's
 * command line), at most 64 characters.
 *
 * Returns: whether @user can be used
 */
gboolean
vimana_uri_check_user (const char  *user,
                       GError     **error)
{
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    if (user == NULL || user[0] == '\0')
        return TRUE;
    if (user[0] == '-') {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not a user name: it cannot start with “-”."), user);
        return FALSE;
    }
    for (const char *p = user; *p; p++) {
        if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-') {
            g_autofree char *what = vimana_uri_describe_char (*p);
            g_autofree char *shown = g_utf8_make_valid (user, -1);

            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” is not a user name: it cannot contain %s; use letters, digits, “.”, “_” and “-”."),
                         shown, what);
            return FALSE;
        }
    }
    if (strlen (user) > 64) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                             _("The user name is too long: at most 64 characters."));
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_uri_parse_port:
 * @text: (nullable): what the user typed as a port; %NULL or blank for the default
 * @port: (out): the port, or -1 for the transport's default
 * @error: return location for a %VIMANA_ERROR_INVALID_URI error
 *
 * Returns: whether @text is a port number from 1 to 65535, or blank
 */
gboolean
vimana_uri_parse_port (const char  *text,
                       int         *port,
                       GError     **error)
{
    g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
    guint64 value = 0;

    g_return_val_if_fail (port != NULL, FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    *port = -1;
    if (stripped[0] == '\0')
        return TRUE;
    if (!vimana_uri_is_all_digits (stripped, strlen (stripped)) ||
        !g_ascii_string_to_unsigned (stripped, 10, 1, 65535, &value, NULL)) {
        g_autofree char *shown = g_utf8_make_valid (stripped, -1);

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                     _("“%s” is not a port: enter a number from 1 to 65535, or nothing for the default."),
                     shown);
        return FALSE;
    }
    *port = (int) value;
    return TRUE;
}

/**
 * vimana_uri_build:
 * @hypervisor: which hypervisor to talk to
 * @host: (nullable): remote host name, or %NULL or "" for this machine
 * @port: the remote port, or -1 for the transport's default
 * @user: (nullable): user name on the remote host
 * @transport: (nullable): "ssh", "tcp" or "tls"; %NULL means ssh when @host is set
 * @error: return location for a %VIMANA_ERROR_INVALID_URI error
 *
 * Builds the URI the Add Connection dialog describes, e.g. qemu+ssh://root@host/system, from
 * parts checked by vimana_uri_check_host() and vimana_uri_check_user() only.
 *
 * Returns: (transfer full) (nullable): the URI
 */
char *
vimana_uri_build (VimanaHypervisor  hypervisor,
                  const char       *host,
                  int               port,
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
        g_autofree char *checked_host = NULL;
        g_autofree char *bracketed_host = NULL;
        g_autofree char *port_part = NULL;

        if (hypervisor == VIMANA_HYPERVISOR_TEST) {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                                 _("The test hypervisor runs inside Vimana and cannot be remote."));
            return NULL;
        }
        if (transport == NULL || transport[0] == '\0')
            transport = "ssh";
        if (!g_strv_contains (vimana_uri_remote_transports, transport)) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("“%s” is not a transport to a remote host; use ssh, tcp or tls."),
                         transport);
            return NULL;
        }
        checked_host = vimana_uri_check_host (host, error);
        if (checked_host == NULL)
            return NULL;
        if (!vimana_uri_check_user (user, error))
            return NULL;
        if (port != -1 && (port < 1 || port > 65535)) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_URI,
                         _("%d is not a port: enter a number from 1 to 65535."), port);
            return NULL;
        }
        /* An IPv6 address goes in brackets, or its colons would read as a port. */
        if (strchr (checked_host, ':') != NULL)
            bracketed_host = g_strdup_printf ("[%s]", checked_host);
        if (port != -1)
            port_part = g_strdup_printf (":%d", port);
        uri = g_strdup_printf ("%s+%s://%s%s%s%s%s", driver, transport,
                               user != NULL ? user : "",
                               user != NULL && user[0] != '\0' ? "@" : "",
                               bracketed_host ? bracketed_host : checked_host,
                               port_part ? port_part : "", path);
    }

    check = vimana_uri_parse (uri, error);
    if (check == NULL)
        return NULL;
    return g_steal_pointer (&uri);
}

/* A value from a URI as a sentence may show it: control characters replaced, valid UTF-8. */
static char *
vimana_uri_printable (const char *value)
{
    char *shown = g_utf8_make_valid (value, -1);

    for (char *p = shown; *p; p++) {
        if (g_ascii_iscntrl (*p))
            *p = '?';
    }
    return shown;
}

/**
 * vimana_uri_describe_risks:
 * @uri: a libvirt connection URI
 *
 * Lists, one sentence each, what the transport parameters of @uri make libvirt do beyond
 * talking to a libvirt daemon: run a program (command=, netcat=), use another socket (socket=),
 * key or certificate files (keyfile=, pkipath=, known_hosts=), or skip a check (no_verify=,
 * known_hosts_verify=). libvirt reads the parameter names without regard to case and
 * unescapes them, and so does this. Pure: nothing is opened.
 *
 * Returns: (transfer full) (nullable): the sentences, or %NULL when there is nothing to say
 */
char **
vimana_uri_describe_risks (const char *uri)
{
    g_autoptr(VimanaUri) parsed = vimana_uri_parse (uri, NULL);
    g_autoptr(GPtrArray) risks = NULL;
    g_auto(GStrv) params = NULL;

    if (parsed == NULL || parsed->query == NULL || parsed->query[0] == '\0')
        return NULL;

    risks = g_ptr_array_new_with_free_func (g_free);
    params = g_strsplit_set (parsed->query, "&;", -1);
    for (guint i = 0; params[i] != NULL; i++) {
        g_autofree char *name = NULL;
        g_autofree char *raw_value = NULL;
        g_autofree char *value = NULL;
        char *eq = strchr (params[i], '=');

        if (params[i][0] == '\0')
            continue;
        if (eq != NULL) {
            *eq = '\0';
            raw_value = g_uri_unescape_string (eq + 1, NULL);
            if (raw_value == NULL)
                raw_value = g_strdup (eq + 1);
        } else {
            raw_value = g_strdup ("");
        }
        name = g_uri_unescape_string (params[i], NULL);
        if (name == NULL)
            name = g_strdup (params[i]);
        value = vimana_uri_printable (raw_value);

        if (g_ascii_strcasecmp (name, "command") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Runs the program “%s” on this computer to reach the host, in place of ssh."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "netcat") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Runs “%s” on the remote host to reach libvirt."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "socket") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Talks to the socket “%s” in place of libvirt’s own."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "keyfile") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Signs in with the private key in “%s”."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "pkipath") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Takes its certificates and keys from “%s”."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "known_hosts") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Trusts the host keys listed in “%s”."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "no_verify") == 0 && g_strcmp0 (raw_value, "0") != 0)
            g_ptr_array_add (risks, g_strdup (_("Does not check the server’s certificate.")));
        else if (g_ascii_strcasecmp (name, "known_hosts_verify") == 0 &&
                 g_ascii_strcasecmp (raw_value, "normal") != 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Does not check the host’s key as usual (known_hosts_verify=%s)."),
                                                     value));
        else if (g_ascii_strcasecmp (name, "proxy") == 0)
            g_ptr_array_add (risks, g_strdup_printf (_("Chooses the program that reaches libvirt on the remote host (proxy=%s)."),
                                                     value));
    }

    if (risks->len == 0)
        return NULL;
    g_ptr_array_add (risks, NULL);
    return (char **) g_ptr_array_free (g_steal_pointer (&risks), FALSE);
}

/**
 * vimana_uri_may_autoconnect:
 * @uri: a saved connection URI
 * @trusted: (nullable) (array zero-terminated=1): the URIs the user confirmed (trusted-uris)
 *
 * A URI whose parameters make libvirt run a program or use other files
 * (vimana_uri_describe_risks()) is opened at start-up only once the user confirmed it: one
 * saved before Add Connection asked is not run at every start unasked (issue 11, defect 4).
 *
 * Returns: whether @uri may be opened without asking
 */
gboolean
vimana_uri_may_autoconnect (const char         *uri,
                            const char * const *trusted)
{
    g_auto(GStrv) risks = NULL;

    if (uri == NULL)
        return FALSE;
    risks = vimana_uri_describe_risks (uri);
    if (risks == NULL)
        return TRUE;
    return trusted != NULL && g_strv_contains (trusted, uri);
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
