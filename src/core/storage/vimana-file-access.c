/* vimana-file-access.c: can the QEMU user read a local file (beginner trap: an ISO in /root)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-file-access.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "vimana-error.h"
#include "vimana-uri.h"

/* The kernel's binary format of system.posix_acl_access (linux/posix_acl_xattr.h). */
#define ACL_XATTR_VERSION 0x0002
#define ACL_TAG_USER_OBJ  0x01
#define ACL_TAG_USER      0x02
#define ACL_TAG_GROUP_OBJ 0x04
#define ACL_TAG_GROUP     0x08
#define ACL_TAG_MASK      0x10
#define ACL_TAG_OTHER     0x20

typedef struct
{
    guint16 tag;
    guint16 perm;
    guint32 id;
} AclEntry;

void
vimana_file_user_free (VimanaFileUser *user)
{
    if (user == NULL)
        return;
    g_free (user->name);
    g_free (user->gids);
    g_free (user);
}

char *
vimana_file_access_qemu_user_name (const char *qemu_conf_text)
{
    g_auto(GStrv) lines = NULL;

    if (qemu_conf_text == NULL)
        return g_strdup ("libvirt-qemu");
    lines = g_strsplit (qemu_conf_text, "\n", -1);
    for (char **l = lines; *l != NULL; l++) {
        const char *p = *l;
        const char *q;

        while (g_ascii_isspace (*p))
            p++;
        if (!g_str_has_prefix (p, "user"))
            continue;
        p += 4;
        while (g_ascii_isspace (*p))
            p++;
        if (*p++ != '=')
            continue;
        while (g_ascii_isspace (*p))
            p++;
        if (*p++ != '"')
            continue;
        q = strchr (p, '"');
        if (q == NULL || q == p)
            continue;
        /* "+0" is a uid; the QEMU user must then be named by number. */
        return g_strndup (p, (gsize) (q - p));
    }
    return g_strdup ("libvirt-qemu");
}

VimanaFileUser *
vimana_file_user_lookup (const char *name,
                         GError    **error)
{
    g_autoptr(VimanaFileUser) user = g_new0 (VimanaFileUser, 1);
    struct passwd *pw;
    int n = 16;

    g_return_val_if_fail (name != NULL, NULL);

    if (name[0] == '+') {
        char *end = NULL;
        guint64 uid = g_ascii_strtoull (name + 1, &end, 10);

        pw = (end != NULL && *end == '\0') ? getpwuid ((uid_t) uid) : NULL;
    } else {
        pw = getpwnam (name);
    }
    if (pw == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                     _("There is no user %s on this host"), name);
        return NULL;
    }
    user->name = g_strdup (pw->pw_name);
    user->uid = pw->pw_uid;
    user->gids = g_new (gid_t, n);
    if (getgrouplist (pw->pw_name, pw->pw_gid, user->gids, &n) < 0) {
        user->gids = g_renew (gid_t, user->gids, n);
        getgrouplist (pw->pw_name, pw->pw_gid, user->gids, &n);
    }
    user->n_gids = (gsize) MAX (n, 0);
    return g_steal_pointer (&user);
}

static gboolean
user_in_group (const VimanaFileUser *user,
               gid_t                 gid)
{
    for (gsize i = 0; i < user->n_gids; i++)
        if (user->gids[i] == gid)
            return TRUE;
    return FALSE;
}

/* Reads the access ACL; FALSE when the file has none beyond its mode. */
static gboolean
read_acl (const char *path,
          GArray     *entries)
{
    guint8 buf[4096];
    ssize_t len = lgetxattr (path, "system.posix_acl_access", buf, sizeof buf);
    guint32 version;

    if (len < 4)
        return FALSE;
    memcpy (&version, buf, 4);
    if (GUINT32_FROM_LE (version) != ACL_XATTR_VERSION)
        return FALSE;
    for (ssize_t off = 4; off + 8 <= len; off += 8) {
        AclEntry e;
        guint16 tag, perm;
        guint32 id;

        memcpy (&tag, buf + off, 2);
        memcpy (&perm, buf + off + 2, 2);
        memcpy (&id, buf + off + 4, 4);
        e.tag = GUINT16_FROM_LE (tag);
        e.perm = GUINT16_FROM_LE (perm);
        e.id = GUINT32_FROM_LE (id);
        g_array_append_val (entries, e);
    }
    return entries->len > 0;
}

/* POSIX.1e access check: @want is 4 (r), 1 (x) or both. */
static gboolean
may (const char           *path,
     const struct stat    *st,
     const VimanaFileUser *user,
     guint                 want)
{
    g_autoptr(GArray) acl = g_array_new (FALSE, FALSE, sizeof (AclEntry));
    guint mask = 7;
    gboolean group_matched = FALSE;

    if (user->uid == 0)
        return (want & 1) == 0 || S_ISDIR (st->st_mode) || (st->st_mode & 0111) != 0;
    if (!read_acl (path, acl)) {
        guint bits;

        if (st->st_uid == user->uid)
            bits = (st->st_mode >> 6) & 7;
        else if (user_in_group (user, st->st_gid))
            bits = (st->st_mode >> 3) & 7;
        else
            bits = st->st_mode & 7;
        return (bits & want) == want;
    }
    for (guint i = 0; i < acl->len; i++)
        if (g_array_index (acl, AclEntry, i).tag == ACL_TAG_MASK)
            mask = g_array_index (acl, AclEntry, i).perm;
    if (st->st_uid == user->uid) {
        for (guint i = 0; i < acl->len; i++)
            if (g_array_index (acl, AclEntry, i).tag == ACL_TAG_USER_OBJ)
                return (g_array_index (acl, AclEntry, i).perm & want) == want;
        return FALSE;
    }
    for (guint i = 0; i < acl->len; i++) {
        const AclEntry *e = &g_array_index (acl, AclEntry, i);

        if (e->tag == ACL_TAG_USER && e->id == user->uid)
            return (e->perm & mask & want) == want;
    }
    for (guint i = 0; i < acl->len; i++) {
        const AclEntry *e = &g_array_index (acl, AclEntry, i);
        gboolean match = (e->tag == ACL_TAG_GROUP_OBJ && user_in_group (user, st->st_gid))
                         || (e->tag == ACL_TAG_GROUP && user_in_group (user, (gid_t) e->id));

        if (!match)
            continue;
        group_matched = TRUE;
        if ((e->perm & mask & want) == want)
            return TRUE;
    }
    if (group_matched)
        return FALSE;
    for (guint i = 0; i < acl->len; i++)
        if (g_array_index (acl, AclEntry, i).tag == ACL_TAG_OTHER)
            return (g_array_index (acl, AclEntry, i).perm & want) == want;
    return FALSE;
}

/* Each absolute prefix of @path ("/", "/root", "/root/isos", …). */
static char **
path_prefixes (const char *path)
{
    g_autoptr(GPtrArray) out = g_ptr_array_new ();
    g_autofree char *canon = g_canonicalize_filename (path, "/");
    g_auto(GStrv) parts = g_strsplit (canon, "/", -1);
    g_autoptr(GString) acc = g_string_new ("");

    g_ptr_array_add (out, g_strdup ("/"));
    for (char **p = parts; *p != NULL; p++) {
        if (**p == '\0')
            continue;
        g_string_append_c (acc, '/');
        g_string_append (acc, *p);
        g_ptr_array_add (out, g_strdup (acc->str));
    }
    g_ptr_array_add (out, NULL);
    return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

VimanaFileAccess
vimana_file_access_check (const char           *path,
                          const VimanaFileUser *user,
                          char                **blocking_path)
{
    g_auto(GStrv) prefixes = NULL;
    guint n;

    g_return_val_if_fail (path != NULL && g_path_is_absolute (path), VIMANA_FILE_ACCESS_MISSING);
    g_return_val_if_fail (user != NULL, VIMANA_FILE_ACCESS_MISSING);

    if (blocking_path != NULL)
        *blocking_path = NULL;
    prefixes = path_prefixes (path);
    n = g_strv_length (prefixes);
    for (guint i = 0; i < n; i++) {
        struct stat st;
        gboolean last = i + 1 == n;

        /* stat follows symlinks as QEMU's open does; the parents' x is what the walk needs. */
        if (stat (prefixes[i], &st) != 0) {
            if (blocking_path != NULL)
                *blocking_path = g_strdup (prefixes[i]);
            return VIMANA_FILE_ACCESS_MISSING;
        }
        if (!last && !may (prefixes[i], &st, user, 1)) {
            if (blocking_path != NULL)
                *blocking_path = g_strdup (prefixes[i]);
            return VIMANA_FILE_ACCESS_NO_SEARCH;
        }
        if (last && !may (prefixes[i], &st, user, 4)) {
            if (blocking_path != NULL)
                *blocking_path = g_strdup (prefixes[i]);
            return VIMANA_FILE_ACCESS_NO_READ;
        }
    }
    return VIMANA_FILE_ACCESS_OK;
}

static char **
setfacl_argv (const char *user_name,
              const char *perm,
              const char *target)
{
    char **argv = g_new0 (char *, 6);

    argv[0] = g_strdup ("setfacl");
    argv[1] = g_strdup ("-m");
    argv[2] = g_strdup_printf ("u:%s:%s", user_name, perm);
    argv[3] = g_strdup ("--");
    argv[4] = g_strdup (target);
    return argv;
}

GPtrArray *
vimana_file_access_grant_argvs (const char           *path,
                                const VimanaFileUser *user)
{
    GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_auto(GStrv) prefixes = NULL;
    guint n;

    g_return_val_if_fail (path != NULL && g_path_is_absolute (path), out);
    g_return_val_if_fail (user != NULL && user->name != NULL, out);

    prefixes = path_prefixes (path);
    n = g_strv_length (prefixes);
    for (guint i = 0; i < n; i++) {
        struct stat st;
        gboolean last = i + 1 == n;

        if (stat (prefixes[i], &st) != 0)
            break;
        if (!last && !may (prefixes[i], &st, user, 1))
            g_ptr_array_add (out, setfacl_argv (user->name, "x", prefixes[i]));
        else if (last && !may (prefixes[i], &st, user, 4))
            g_ptr_array_add (out, setfacl_argv (user->name, "r", prefixes[i]));
    }
    return out;
}

gboolean
vimana_file_access_describe (const char           *path,
                             const VimanaFileUser *user,
                             GError              **error)
{
    g_autofree char *blocking = NULL;

    g_return_val_if_fail (path != NULL, FALSE);
    g_return_val_if_fail (user != NULL, FALSE);

    if (!g_path_is_absolute (path))
        return TRUE;
    switch (vimana_file_access_check (path, user, &blocking)) {
    case VIMANA_FILE_ACCESS_OK:
    case VIMANA_FILE_ACCESS_MISSING:
        /* A missing file is the path check's to report. */
        return TRUE;
    case VIMANA_FILE_ACCESS_NO_SEARCH:
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                     _("QEMU runs as user %s, which cannot enter %s"), user->name, blocking);
        return FALSE;
    case VIMANA_FILE_ACCESS_NO_READ:
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                     _("QEMU runs as user %s, which cannot read %s"), user->name, blocking);
        return FALSE;
    }
    g_assert_not_reached ();
}

gboolean
vimana_file_access_check_qemu (const char *path,
                               GError    **error)
{
    g_autofree char *conf = NULL;
    g_autofree char *name = NULL;
    g_autoptr(VimanaFileUser) user = NULL;

    g_file_get_contents ("/etc/libvirt/qemu.conf", &conf, NULL, NULL);
    name = vimana_file_access_qemu_user_name (conf);
    user = vimana_file_user_lookup (name, NULL);
    if (user == NULL)
        return TRUE;
    return vimana_file_access_describe (path, user, error);
}

gboolean
vimana_file_access_uri_applies (const char *uri)
{
    g_autoptr(VimanaUri) parsed = vimana_uri_parse (uri, NULL);

    return parsed != NULL && g_strcmp0 (parsed->driver, "qemu") == 0 && parsed->host == NULL &&
           (parsed->transport == NULL || g_str_equal (parsed->transport, "unix")) &&
           (g_strcmp0 (parsed->path, "/system") == 0 || g_strcmp0 (parsed->path, "/system/") == 0);
}

static gint
acl_entry_compare (gconstpointer a,
                   gconstpointer b)
{
    const AclEntry *x = a;
    const AclEntry *y = b;

    if (x->tag != y->tag)
        return x->tag < y->tag ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

/* Adds @perm for @user to @path's access ACL (made from its mode when it has none). */
static gboolean
acl_add_user (const char           *path,
              const struct stat    *st,
              const VimanaFileUser *user,
              guint16               perm,
              GError              **error)
{
    g_autoptr(GArray) acl = g_array_new (FALSE, FALSE, sizeof (AclEntry));
    g_autofree guint8 *buf = NULL;
    gboolean found = FALSE;
    guint16 mask = 0;
    gsize len;
    guint32 version = GUINT32_TO_LE (ACL_XATTR_VERSION);

    if (!read_acl (path, acl)) {
        AclEntry base[] = {
            { ACL_TAG_USER_OBJ, (st->st_mode >> 6) & 7, G_MAXUINT32 },
            { ACL_TAG_GROUP_OBJ, (st->st_mode >> 3) & 7, G_MAXUINT32 },
            { ACL_TAG_OTHER, st->st_mode & 7, G_MAXUINT32 },
        };

        g_array_append_vals (acl, base, G_N_ELEMENTS (base));
    }
    for (guint i = 0; i < acl->len; i++) {
        AclEntry *e = &g_array_index (acl, AclEntry, i);

        if (e->tag == ACL_TAG_USER && e->id == user->uid) {
            e->perm |= perm;
            found = TRUE;
        }
    }
    if (!found) {
        AclEntry e = { ACL_TAG_USER, perm, user->uid };

        g_array_append_val (acl, e);
    }
    /* The mask is the union of the group class, as setfacl recomputes it. */
    for (guint i = 0; i < acl->len; i++) {
        const AclEntry *e = &g_array_index (acl, AclEntry, i);

        if (e->tag == ACL_TAG_USER || e->tag == ACL_TAG_GROUP_OBJ || e->tag == ACL_TAG_GROUP)
            mask |= e->perm;
    }
    for (guint i = 0; i < acl->len; i++)
        if (g_array_index (acl, AclEntry, i).tag == ACL_TAG_MASK)
            g_array_remove_index (acl, i--);
    {
        AclEntry m = { ACL_TAG_MASK, mask, G_MAXUINT32 };

        g_array_append_val (acl, m);
    }
    g_array_sort (acl, acl_entry_compare);
    len = 4 + (gsize) acl->len * 8;
    buf = g_malloc (len);
    memcpy (buf, &version, 4);
    for (guint i = 0; i < acl->len; i++) {
        const AclEntry *e = &g_array_index (acl, AclEntry, i);
        guint16 tag = GUINT16_TO_LE (e->tag);
        guint16 p = GUINT16_TO_LE (e->perm);
        guint32 id = GUINT32_TO_LE (e->id);

        memcpy (buf + 4 + i * 8, &tag, 2);
        memcpy (buf + 4 + i * 8 + 2, &p, 2);
        memcpy (buf + 4 + i * 8 + 4, &id, 4);
    }
    if (setxattr (path, "system.posix_acl_access", buf, len, 0) != 0) {
        int saved = errno;

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                     _("Could not grant %s access to %s: %s"), user->name, path, g_strerror (saved));
        return FALSE;
    }
    return TRUE;
}

gboolean
vimana_file_access_grant (const char           *path,
                          const VimanaFileUser *user,
                          GError              **error)
{
    g_auto(GStrv) prefixes = NULL;
    guint n;

    g_return_val_if_fail (path != NULL && g_path_is_absolute (path), FALSE);
    g_return_val_if_fail (user != NULL, FALSE);

    prefixes = path_prefixes (path);
    n = g_strv_length (prefixes);
    for (guint i = 0; i < n; i++) {
        struct stat st;
        gboolean last = i + 1 == n;

        if (stat (prefixes[i], &st) != 0) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND, _("%s does not exist"), prefixes[i]);
            return FALSE;
        }
        if (!last && !may (prefixes[i], &st, user, 1) && !acl_add_user (prefixes[i], &st, user, 1, error))
            return FALSE;
        if (last && !may (prefixes[i], &st, user, 4) && !acl_add_user (prefixes[i], &st, user, 4, error))
            return FALSE;
    }
    return TRUE;
}
