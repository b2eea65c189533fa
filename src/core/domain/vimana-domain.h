/* vimana-domain.h: one guest of a connection, as the views show it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-domain-config.h"
#include "vimana-graphics.h"

G_BEGIN_DECLS

/* Same numbers as virDomainState, so the core converts by a cast. */
typedef enum
{
    VIMANA_DOMAIN_STATE_NOSTATE = 0,
    VIMANA_DOMAIN_STATE_RUNNING,
    VIMANA_DOMAIN_STATE_BLOCKED,
    VIMANA_DOMAIN_STATE_PAUSED,
    VIMANA_DOMAIN_STATE_SHUTDOWN,
    VIMANA_DOMAIN_STATE_SHUTOFF,
    VIMANA_DOMAIN_STATE_CRASHED,
    VIMANA_DOMAIN_STATE_PMSUSPENDED,
} VimanaDomainState;

typedef enum
{
    VIMANA_DOMAIN_ACTION_START,
    VIMANA_DOMAIN_ACTION_SHUTDOWN,
    VIMANA_DOMAIN_ACTION_REBOOT,
    VIMANA_DOMAIN_ACTION_RESET,
    VIMANA_DOMAIN_ACTION_FORCE_OFF,
    VIMANA_DOMAIN_ACTION_PAUSE,
    VIMANA_DOMAIN_ACTION_RESUME,
    VIMANA_DOMAIN_ACTION_SAVE,
    VIMANA_DOMAIN_ACTION_RESTORE,
    VIMANA_DOMAIN_ACTION_DELETE,
    VIMANA_DOMAIN_ACTION_AUTOSTART,
} VimanaDomainAction;

/* What the Overview page shows beyond the list's columns; read from the domain XML. */
typedef struct
{
    char    *os_type;
    char    *arch;
    char    *machine;
    char    *emulator;
    char    *description;
    char    *domain_type;
} VimanaDomainDetails;

#define VIMANA_TYPE_DOMAIN_DETAILS (vimana_domain_details_get_type ())
GType                vimana_domain_details_get_type (void) G_GNUC_CONST;
VimanaDomainDetails *vimana_domain_details_new_from_xml (const char          *xml,
                                                         GError             **error);
void                 vimana_domain_details_free     (VimanaDomainDetails *details);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDomainDetails, vimana_domain_details_free)

/* A change made on the running guest (and its configuration) after a definition. */
typedef enum
{
    VIMANA_LIVE_CHANGE_VCPUS,
    VIMANA_LIVE_CHANGE_MEMORY,
    VIMANA_LIVE_CHANGE_ATTACH,
    VIMANA_LIVE_CHANGE_DETACH,
    VIMANA_LIVE_CHANGE_UPDATE,
} VimanaLiveChangeKind;

typedef struct
{
    VimanaLiveChangeKind  kind;
    guint64               value;   /* vCPUs, or memory in KiB */
    char                 *xml;     /* the device, for ATTACH, DETACH and UPDATE */
} VimanaLiveChange;

VimanaLiveChange    *vimana_live_change_new         (VimanaLiveChangeKind  kind,
                                                     guint64               value,
                                                     const char           *xml);
void                 vimana_live_change_free        (VimanaLiveChange     *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaLiveChange, vimana_live_change_free)

#define VIMANA_TYPE_DOMAIN (vimana_domain_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDomain, vimana_domain, VIMANA, DOMAIN, GObject)

typedef struct _VimanaConnection VimanaConnection;
typedef struct _VimanaDomainStats VimanaDomainStats;

VimanaConnection  *vimana_domain_get_connection        (VimanaDomain       *self);
const char        *vimana_domain_get_uuid              (VimanaDomain       *self);
const char        *vimana_domain_get_name              (VimanaDomain       *self);
const char        *vimana_domain_get_title             (VimanaDomain       *self);
VimanaDomainState  vimana_domain_get_state             (VimanaDomain       *self);
gboolean           vimana_domain_get_active            (VimanaDomain       *self);
guint              vimana_domain_get_vcpus             (VimanaDomain       *self);
guint64            vimana_domain_get_memory            (VimanaDomain       *self);
guint64            vimana_domain_get_max_memory        (VimanaDomain       *self);
gboolean           vimana_domain_get_autostart         (VimanaDomain       *self);
gboolean           vimana_domain_get_persistent        (VimanaDomain       *self);
gboolean           vimana_domain_get_has_managed_save  (VimanaDomain       *self);
gboolean           vimana_domain_get_removed           (VimanaDomain       *self);
const char        *vimana_domain_get_addresses         (VimanaDomain       *self);
VimanaDomainStats *vimana_domain_get_stats             (VimanaDomain       *self);
gboolean           vimana_domain_can_run_action        (VimanaDomain       *self,
                                                        VimanaDomainAction  action,
                                                        const char        **reason);

void               vimana_domain_run_action_async      (VimanaDomain        *self,
                                                        VimanaDomainAction   action,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           vimana_domain_run_action_finish     (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_start_paused_async    (VimanaDomain        *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           vimana_domain_start_paused_finish   (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_send_keys_async       (VimanaDomain        *self,
                                                        const guint         *keycodes,
                                                        guint                n_keys,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           vimana_domain_send_keys_finish      (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_set_autostart_async   (VimanaDomain        *self,
                                                        gboolean             autostart,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           vimana_domain_set_autostart_finish  (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_delete_async          (VimanaDomain        *self,
                                                        const char * const  *volume_keys,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void               vimana_domain_delete_full_async     (VimanaDomain        *self,
                                                        const char * const  *volume_keys,
                                                        gboolean             snapshot_metadata,
                                                        const char * const  *files,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           vimana_domain_delete_finish         (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_fetch_details_async   (VimanaDomain        *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
VimanaDomainDetails *vimana_domain_fetch_details_finish (VimanaDomain        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void               vimana_domain_list_volumes_async    (VimanaDomain        *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray         *vimana_domain_list_volumes_finish   (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_fetch_graphics_async  (VimanaDomain        *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
VimanaGraphicsInfo *vimana_domain_fetch_graphics_finish (VimanaDomain        *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
void               vimana_domain_open_graphics_async   (VimanaDomain        *self,
                                                        guint                index,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
int                vimana_domain_open_graphics_finish  (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

void               vimana_domain_fetch_config_async    (VimanaDomain        *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
VimanaDomainConfig *vimana_domain_fetch_config_finish  (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
void               vimana_domain_apply_config_async    (VimanaDomain        *self,
                                                        const char          *origin_xml,
                                                        const char          *new_xml,
                                                        GPtrArray           *changes,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean           vimana_domain_apply_config_finish   (VimanaDomain        *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

const char        *vimana_domain_state_to_string       (VimanaDomainState   state);
const char        *vimana_domain_get_state_label       (VimanaDomain       *self);
const char        *vimana_domain_action_to_string      (VimanaDomainAction  action);

G_END_DECLS
