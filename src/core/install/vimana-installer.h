/* vimana-installer.h: what a connection offers a new guest, and creating it there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"
#include "vimana-domain-caps.h"
#include "vimana-install-plan.h"

G_BEGIN_DECLS

/* What the assistant offers, read from the connection once when it opens. */
typedef struct
{
    VimanaDomainCaps *caps;
    guint             host_cpus;
    guint64           host_memory;     /* bytes */
    GListModel       *pools;           /* the connection's VimanaStoragePool, volumes listed */
    GListModel       *networks;        /* the connection's VimanaNetwork, active or not */
    GStrv             bridges;         /* host bridges */
    GStrv             interfaces;      /* host interfaces macvtap can use */
    GStrv             domain_names;    /* every guest's name: a new one must differ */
    char             *default_pool_path; /* where "default" is made when missing */
    gboolean          session;         /* a per-user (qemu:///session) connection */
} VimanaInstallEnv;

typedef enum
{
    VIMANA_INSTALL_STEP_DOWNLOAD,   /* a network install's kernel and initrd */
    VIMANA_INSTALL_STEP_POOL,
    VIMANA_INSTALL_STEP_VOLUME,
    VIMANA_INSTALL_STEP_DEFINE,
    VIMANA_INSTALL_STEP_START,
    VIMANA_INSTALL_STEP_ROLLBACK,
} VimanaInstallStep;

/* Called on the main context as the creation moves on. */
typedef void (*VimanaInstallProgressFunc) (VimanaInstallStep  step,
                                           gpointer           user_data);

void               vimana_install_env_free         (VimanaInstallEnv  *env);
VimanaStoragePool *vimana_install_env_find_pool    (VimanaInstallEnv  *env,
                                                    const char        *name);
gboolean           vimana_install_env_has_network  (VimanaInstallEnv  *env,
                                                    const char        *name);

void              vimana_installer_query_async     (VimanaConnection          *connection,
                                                    GCancellable              *cancellable,
                                                    GAsyncReadyCallback        callback,
                                                    gpointer                   user_data);
VimanaInstallEnv *vimana_installer_query_finish    (VimanaConnection          *connection,
                                                    GAsyncResult              *result,
                                                    GError                   **error);
void              vimana_installer_create_async    (VimanaConnection          *connection,
                                                    const VimanaInstallPlan   *plan,
                                                    GCancellable              *cancellable,
                                                    VimanaInstallProgressFunc  progress,
                                                    gpointer                   progress_data,
                                                    GAsyncReadyCallback        callback,
                                                    gpointer                   user_data);
char             *vimana_installer_create_finish   (VimanaConnection          *connection,
                                                    GAsyncResult              *result,
                                                    GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaInstallEnv, vimana_install_env_free)

G_END_DECLS
