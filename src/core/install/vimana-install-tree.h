/* vimana-install-tree.h: a distribution's install tree on a web server, and its boot files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-os-info.h"

G_BEGIN_DECLS

/* What a tree's .treeinfo says. URLs are absolute. */
typedef struct
{
    char         *url;          /* the tree, as typed, without a trailing slash */
    char         *family;       /* nullable: "Fedora", "CentOS Stream" */
    char         *kernel_url;
    char         *initrd_url;
    char         *kernel_args;  /* tells the installer where the tree is */
    char         *boot_host;    /* nullable: the other server the kernel or initrd come from */
    VimanaOsInfo *os;           /* nullable: a tree the osinfo database does not know */
} VimanaInstallTree;

void               vimana_install_tree_free         (VimanaInstallTree  *tree);
VimanaInstallTree *vimana_install_tree_parse        (const char         *url,
                                                     const char         *treeinfo,
                                                     const char         *arch,
                                                     GError            **error);
char              *vimana_install_tree_kernel_args  (const char         *family,
                                                     const char         *url);
void               vimana_install_tree_fetch_async  (const char         *url,
                                                     const char         *arch,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
VimanaInstallTree *vimana_install_tree_fetch_finish (GAsyncResult       *result,
                                                     GError            **error);
gboolean           vimana_install_tree_download     (const char         *url,
                                                     const char         *path,
                                                     GCancellable       *cancellable,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaInstallTree, vimana_install_tree_free)

G_END_DECLS
