/* vimana-recovery.h: which guests of a lost host another host can start, and how
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A storage pool as far as recovery cares: where its volumes live on its host, and where they
 * really are (the source), so that two hosts' pools are compared by what they mount or log
 * in to, never by path. */
typedef struct
{
    char *name;
    char *type;         /* libvirt's pool type: "netfs", "dir", "logical"… */
    char *target_path;  /* (nullable) where the host sees its volumes */
    char *source_key;   /* (nullable) the shared storage it is; NULL: this host's own */
} VimanaRecoveryPool;

/* A guest that ran on the lost host, as last seen while connected. */
typedef struct
{
    char *uuid;
    char *name;
    char *xml;          /* its inactive (persistent) definition */
} VimanaRecoveryGuest;

/* One line of the plan: one guest, whether the survivor can start it and why. */
typedef struct
{
    char     *uuid;
    char     *name;
    gboolean  recoverable;
    char     *reason;   /* a sentence either way */
    char     *xml;      /* (nullable) the definition for the survivor, when recoverable */
} VimanaRecoveryItem;

VimanaRecoveryPool  *vimana_recovery_pool_parse       (const char                *pool_xml,
                                                       GError                   **error);
VimanaRecoveryPool  *vimana_recovery_pool_copy        (const VimanaRecoveryPool  *pool);
void                 vimana_recovery_pool_free        (VimanaRecoveryPool        *pool);
gboolean             vimana_recovery_pools_shared     (const VimanaRecoveryPool  *a,
                                                       const VimanaRecoveryPool  *b);
VimanaRecoveryGuest *vimana_recovery_guest_new        (const char                *uuid,
                                                       const char                *name,
                                                       const char                *xml);
VimanaRecoveryGuest *vimana_recovery_guest_copy       (const VimanaRecoveryGuest *guest);
void                 vimana_recovery_guest_free       (VimanaRecoveryGuest       *guest);
void                 vimana_recovery_item_free        (VimanaRecoveryItem        *item);
GPtrArray           *vimana_recovery_plan             (GPtrArray                 *guests,
                                                       GPtrArray                 *lost_pools,
                                                       GPtrArray                 *survivor_pools,
                                                       GHashTable                *survivor_guests,
                                                       const char                *lost_name,
                                                       const char                *survivor_name);
guint                vimana_recovery_plan_count       (GPtrArray                 *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaRecoveryPool, vimana_recovery_pool_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaRecoveryGuest, vimana_recovery_guest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaRecoveryItem, vimana_recovery_item_free)

G_END_DECLS
