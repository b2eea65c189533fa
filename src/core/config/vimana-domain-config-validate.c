/* vimana-domain-config-validate.c: checks of what a user types into a configuration field
 *
 * Each check fails with a message meant for the label beside the field, so bad input never
 * reaches libvirt half-checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include "vimana-domain-config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-error.h"

#define VIMANA_VNC_PORT_MIN 5900

static void
vimana_domain_config_validate_fail (GError     **error,
                                    const char  *message)
{
    g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT, message);
}

/**
 * vimana_config_validate_vcpus:
 * @host_cpus: the host's CPU count, or 0 when unknown
 */
gboolean
vimana_config_validate_vcpus (guint    current,
                              guint    maximum,
                              guint    host_cpus,
                              GError **error)
{
    if (current == 0 || maximum == 0) {
        vimana_domain_config_validate_fail (error, _("A guest needs at least one vCPU."));
        return FALSE;
    }
    if (current > maximum) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     g_dngettext (GETTEXT_PACKAGE, "%u vCPU is more than the maximum of %u.",
                                  "%u vCPUs is more than the maximum of %u.", current),
                     current, maximum);
        return FALSE;
    }
    if (host_cpus > 0 && maximum > host_cpus) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     /* Translators: the first number is above the second, which the plural
                      * follows (the host's CPUs). */
                     g_dngettext (GETTEXT_PACKAGE, "%u vCPUs is more than the host’s %u CPU.",
                                  "%u vCPUs is more than the host’s %u CPUs.", host_cpus),
                     maximum, host_cpus);
        return FALSE;
    }
    return TRUE;
}

/* Both in KiB. */
gboolean
vimana_config_validate_memory (guint64   current,
                               guint64   maximum,
                               GError  **error)
{
    if (current == 0 || maximum == 0) {
        vimana_domain_config_validate_fail (error, _("Memory must be more than 0."));
        return FALSE;
    }
    if (current > maximum) {
        vimana_domain_config_validate_fail (error,
                                            _("Current memory cannot be more than the maximum."));
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_config_parse_memory:
 * @text: a count of MiB, or a number with a unit: "2 GiB", "512M", "1048576 KiB"
 * @kib: (out): the amount in KiB
 * @error: return location for %VIMANA_ERROR_INVALID_ARGUMENT when @text is not an amount, or
 *   %VIMANA_ERROR_NOT_SUPPORTED when it is one too large to count in KiB within 64 bits
 */
gboolean
vimana_config_parse_memory (const char  *text,
                            guint64     *kib,
                            GError     **error)
{
    static const struct { const char *unit; guint64 kib; } units[] = {
        { "", 1024 }, { "k", 1 }, { "kib", 1 }, { "kb", 1 }, { "m", 1024 }, { "mib", 1024 },
        { "mb", 1024 }, { "g", 1024 * 1024 }, { "gib", 1024 * 1024 }, { "gb", 1024 * 1024 },
        { "t", G_GUINT64_CONSTANT (1) << 30 }, { "tib", G_GUINT64_CONSTANT (1) << 30 },
        { "tb", G_GUINT64_CONSTANT (1) << 30 },
    };
    g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
    char *end = NULL;
    guint64 value;

    if (copy[0] >= '0' && copy[0] <= '9') {
        g_autofree char *unit = NULL;
        gboolean overflow;

        errno = 0;
        value = g_ascii_strtoull (copy, &end, 10);
        overflow = errno == ERANGE;
        unit = g_ascii_strdown (g_strstrip (end), -1);
        for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
            if (strcmp (unit, units[i].unit) != 0)
                continue;
            if (overflow || value > G_MAXUINT64 / units[i].kib) {
                /* A number and a unit, just too many of them: say so (issue 11, defect 6). */
                g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("“%s” is too large: it is more bytes than can be counted."),
                             copy);
                return FALSE;
            }
            *kib = value * units[i].kib;
            return TRUE;
        }
    }
    g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not an amount of memory: write a number of MiB, or a number and a "
                   "unit such as 2 GiB."), copy);
    return FALSE;
}

/* Whether @text has a control character other than those @allowed lists. */
static gboolean
vimana_config_has_control (const char *text,
                           const char *allowed)
{
    for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
        gunichar c = g_utf8_get_char (p);

        if (g_unichar_iscntrl (c) && (c >= 0x80 || strchr (allowed, (char) c) == NULL))
            return TRUE;
    }
    return FALSE;
}

/**
 * vimana_config_check_title:
 * @title: (nullable): a guest's title, one line (trimmed by the caller)
 * @error: return location for the reason, a sentence for the user
 *
 * A title is one line of text: no control characters (XML cannot hold most of them, and
 * libvirt refuses a line break in it).
 *
 * Returns: whether @title can be set
 */
gboolean
vimana_config_check_title (const char  *title,
                           GError     **error)
{
    if (title == NULL)
        return TRUE;
    if (!g_utf8_validate (title, -1, NULL)) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The title is not valid text."));
        return FALSE;
    }
    if (vimana_config_has_control (title, "")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A title cannot contain control characters such as a line break."));
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_config_check_description:
 * @description: (nullable): a guest's description, any number of lines
 * @error: return location for the reason, a sentence for the user
 *
 * Returns: whether @description can be set: valid text with no control characters but tabs
 *   and line breaks
 */
gboolean
vimana_config_check_description (const char  *description,
                                 GError     **error)
{
    if (description == NULL)
        return TRUE;
    if (!g_utf8_validate (description, -1, NULL)) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The description is not valid text."));
        return FALSE;
    }
    if (vimana_config_has_control (description, "\t\n\r")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A description cannot contain control characters other than tabs and line breaks."));
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_config_check_listen_address:
 * @address: (nullable): where a display listens, trimmed; %NULL or "" for the host's default
 * @error: return location for what is wrong with @address, as a sentence
 *
 * An IPv4 or IPv6 address, or a host name, as libvirt's schema takes (issue 11, defect 9:
 * anything else was sent and answered with libvirt's schema dump). Pure.
 *
 * Returns: whether @address can be set
 */
gboolean
vimana_config_check_listen_address (const char  *address,
                                    GError     **error)
{
    gboolean ok = TRUE;
    gsize label = 0;

    if (address == NULL || address[0] == '\0')
        return TRUE;
    if (strchr (address, '%') == NULL && g_hostname_is_ip_address (address))
        return TRUE;
    /* A host name: dot-separated labels of letters, digits and "-", not at either end. */
    for (const char *p = address;; p++) {
        if (*p == '.' || *p == '\0') {
            if (label == 0 || p[-1] == '-')
                ok = FALSE;
            label = 0;
            if (*p == '\0')
                break;
            continue;
        }
        if (!g_ascii_isalnum (*p) && *p != '-')
            ok = FALSE;
        if (label == 0 && *p == '-')
            ok = FALSE;
        label++;
    }
    /* 300.1.2.3 reads as a mistyped address, not as a name. */
    if (ok && strspn (address, "0123456789.") == strlen (address))
        ok = FALSE;
    if (!ok) {
        g_autofree char *shown = g_utf8_make_valid (address, -1);

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an address to listen on: enter an IP address such as 127.0.0.1 (this host only), 0.0.0.0 (every address) or ::1, or a host name."),
                     shown);
    }
    return ok;
}

/* A whole number of things (vCPUs, sockets…), digits only. */
gboolean
vimana_config_parse_count (const char  *text,
                           guint       *value,
                           GError     **error)
{
    g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
    guint64 parsed;

    if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT, &parsed, NULL)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a whole number."), copy);
        return FALSE;
    }
    *value = (guint) parsed;
    return TRUE;
}

gboolean
vimana_config_validate_mac (const char  *mac,
                            GError     **error)
{
    guint first;

    if (mac == NULL || strlen (mac) != 17)
        goto malformed;
    for (guint i = 0; i < 17; i++) {
        if (i % 3 == 2 ? mac[i] != ':' : !g_ascii_isxdigit (mac[i]))
            goto malformed;
    }
    first = g_ascii_xdigit_value (mac[0]) * 16 + g_ascii_xdigit_value (mac[1]);
    if (first & 1) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is a multicast address; a network interface needs a unicast one."),
                     mac);
        return FALSE;
    }
    if (strcmp (mac, "00:00:00:00:00:00") == 0)
        goto malformed;
    return TRUE;

malformed:
    g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                 _("“%s” is not a MAC address: write six pairs of hexadecimal digits separated "
                   "by colons, such as 52:54:00:12:34:56."), mac ? mac : "");
    return FALSE;
}

/* @port: a VNC port, or -1 for one libvirt picks. */
gboolean
vimana_config_validate_port (int      port,
                             GError **error)
{
    if (port == -1 || (port >= VIMANA_VNC_PORT_MIN && port <= 65535))
        return TRUE;
    g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                 _("Port %d is out of range: choose one from %d to 65535, or Automatic."), port,
                 VIMANA_VNC_PORT_MIN);
    return FALSE;
}

/**
 * vimana_config_parse_port:
 * @text: a port number; empty, "auto" or "-1" for one libvirt picks
 */
gboolean
vimana_config_parse_port (const char  *text,
                          int         *port,
                          GError     **error)
{
    g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
    gint64 value;

    if (*copy == '\0' || g_ascii_strcasecmp (copy, "auto") == 0 || strcmp (copy, "-1") == 0) {
        *port = -1;
        return TRUE;
    }
    if (!g_ascii_string_to_signed (copy, 10, G_MININT, G_MAXINT, &value, NULL)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a port number."), copy);
        return FALSE;
    }
    if (!vimana_config_validate_port ((int) value, error))
        return FALSE;
    *port = (int) value;
    return TRUE;
}

/* Checks a disk's file on this machine: for a local connection, the hypervisor's too. */
gboolean
vimana_config_validate_disk_path (const char  *path,
                                  GError     **error)
{
    if (path == NULL || !g_path_is_absolute (path)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an absolute path."), path ? path : "");
        return FALSE;
    }
    if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s does not exist."), path);
        return FALSE;
    }
    if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is a folder, not a disk image."), path);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_config_check_disk_path_risk:
 * @path: an absolute path typed as a disk's source
 * @error: return location for the warning, a sentence for the user
 *
 * Whether @path is a system file rather than a disk image: under /etc, /usr, /boot, /proc,
 * /sys, /run, /var/log and the like, a key store (~/.ssh, ~/.gnupg), or a memory device.
 * libvirt hands a disk's source to the QEMU user and may change its owner or security label,
 * so the user is warned and asked before (issue 11, defect 9). Pure: the path is only read
 * as text, ".." resolved; block devices such as /dev/sdb are disks and pass.
 *
 * Returns: %FALSE with @error set when @path looks like a system file
 */
gboolean
vimana_config_check_disk_path_risk (const char  *path,
                                    GError     **error)
{
    static const char * const system_dirs[] = {
        "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/proc",
        "/sys", "/run", "/var/log", "/var/spool", "/var/lib/libvirt/qemu", NULL
    };
    static const char * const system_files[] = { "/dev/mem", "/dev/kmem", "/dev/port", NULL };
    static const char * const key_dirs[] = { "/.ssh/", "/.gnupg/", NULL };
    g_autofree char *canonical = NULL;
    gboolean risky = FALSE;

    if (path == NULL || !g_path_is_absolute (path))
        return TRUE;
    canonical = g_canonicalize_filename (path, "/");
    for (guint i = 0; system_dirs[i] != NULL && !risky; i++) {
        gsize len = strlen (system_dirs[i]);

        risky = strncmp (canonical, system_dirs[i], len) == 0 &&
                (canonical[len] == '/' || canonical[len] == '\0');
    }
    risky = risky || g_strv_contains (system_files, canonical);
    for (guint i = 0; key_dirs[i] != NULL && !risky; i++)
        risky = strstr (canonical, key_dirs[i]) != NULL;
    if (risky) {
        g_autofree char *shown = g_utf8_make_valid (canonical, -1);

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is a system file, not a disk image: libvirt would give it to the guest and may change its owner or label."),
                     shown);
    }
    return !risky;
}

gboolean
vimana_config_validate_boot_order (guint    n_devices,
                                   GError **error)
{
    if (n_devices == 0) {
        vimana_domain_config_validate_fail (error, _("Choose at least one device to boot from."));
        return FALSE;
    }
    return TRUE;
}
