/* vimana-file-access.h: can the QEMU user read a local file (beginner trap: an ISO in /root)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_FILE_ACCESS_OK,
    VIMANA_FILE_ACCESS_MISSING,   /* the path (or a parent) does not exist */
    VIMANA_FILE_ACCESS_NO_SEARCH, /* a parent directory the user cannot enter (no x) */
    VIMANA_FILE_ACCESS_NO_READ,   /* the file itself is not readable by the user */
} VimanaFileAccess;

/* Who QEMU runs as. */
typedef struct
{
    char  *name;
    uid_t  uid;
    gid_t *gids;    /* primary group first */
    gsize  n_gids;
} VimanaFileUser;

void              vimana_file_user_free          (VimanaFileUser   *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaFileUser, vimana_file_user_free)

/* The user named in qemu.conf's text ("user = \"…\""), or the Debian default libvirt-qemu. */
char             *vimana_file_access_qemu_user_name (const char    *qemu_conf_text);
/* Looks up @name in the passwd and group databases; NULL and @error when unknown. */
VimanaFileUser   *vimana_file_user_lookup        (const char       *name,
                                                  GError          **error);

/* Walks @path from / and checks, by stat(2) modes and POSIX access ACLs (never access(2), which
 * would answer for the caller), that @user can search every parent directory and read the file.
 * @blocking_path gets the first path component that stops the user (NULL when OK). */
VimanaFileAccess  vimana_file_access_check       (const char           *path,
                                                  const VimanaFileUser *user,
                                                  char                **blocking_path);

/* The argv lists of setfacl that grant @user x on each parent directory of @path that blocks
 * it and r on the file: a NULL-terminated array of NULL-terminated argvs (g_strfreev each). */
GPtrArray        *vimana_file_access_grant_argvs (const char           *path,
                                                  const VimanaFileUser *user);

/* FALSE with a translated @error saying which component stops @user ("QEMU runs as user
 * libvirt-qemu, which cannot enter /root/isos"). */
gboolean          vimana_file_access_describe    (const char           *path,
                                                  const VimanaFileUser *user,
                                                  GError              **error);
/* The same for the user of the local system QEMU driver (/etc/libvirt/qemu.conf); TRUE when that
 * user is unknown on this host, as nothing can then be said. */
gboolean          vimana_file_access_check_qemu  (const char           *path,
                                                  GError              **error);

/* Whether the check applies to the connection @uri: a local system QEMU daemon (driver "qemu",
 * path "/system", no host, no transport but unix), whatever the spelling (qemu:///system/,
 * qemu+unix:///system?socket=…). Its guests run as the qemu.conf user and open local files. */
gboolean          vimana_file_access_uri_applies (const char           *uri);

/* What setfacl -m u:USER:x (parents) and u:USER:r (the file) would do, written directly as the
 * access ACL xattr, with the mask recomputed: no acl package needed. */
gboolean          vimana_file_access_grant       (const char           *path,
                                                  const VimanaFileUser *user,
                                                  GError              **error);

G_END_DECLS
