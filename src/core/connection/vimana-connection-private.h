/* vimana-connection-private.h: what the core's own files share about connections and guests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_CORE_COMPILATION)
#error "Only libvimana-core's own files may include vimana-connection-private.h."
#endif

#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vimana-auth-request.h"
#include "vimana-connection.h"
#include "vimana-domain-stats.h"
#include "vimana-list-sync.h"
#include "vimana-domain.h"
#include "vimana-stats-sampler.h"
#include "vimana-worker.h"

G_BEGIN_DECLS

/* A snapshot of a guest read on the worker and applied on the main thread. */
typedef struct
{
    virDomainPtr  dom;        /* owned reference */
    char          uuid[VIR_UUID_STRING_BUFLEN];
    char         *name;
    char         *title;
    int           state;
    int           reason;
    gboolean      active;
    guint         vcpus;
    guint64       memory;     /* KiB */
    guint64       max_memory; /* KiB */
    gboolean      autostart;
    gboolean      persistent;
    gboolean      has_managed_save;
} VimanaDomainInfo;

VimanaDomainInfo *vimana_domain_info_collect      (virDomainPtr      dom,
                                                   GError          **error);
void              vimana_domain_info_free         (VimanaDomainInfo *info);
GPtrArray        *vimana_domain_info_list_all     (virConnectPtr     conn,
                                                   GError          **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDomainInfo, vimana_domain_info_free)

VimanaDomain     *vimana_domain_new_from_info     (VimanaConnection *connection,
                                                   VimanaDomainInfo *info);
void              vimana_domain_apply_info        (VimanaDomain     *self,
                                                   VimanaDomainInfo *info);
void              vimana_domain_set_state         (VimanaDomain     *self,
                                                   VimanaDomainState state,
                                                   gboolean          active);
void              vimana_domain_mark_removed      (VimanaDomain     *self);
void              vimana_domain_set_addresses     (VimanaDomain     *self,
                                                   const char       *addresses);
GPtrArray        *vimana_domain_addresses_collect (virDomainPtr      dom,
                                                   gboolean          ask_agent,
                                                   GError          **error);
virDomainPtr      vimana_domain_mark_disconnected (VimanaDomain     *self);
void              vimana_domain_emit_rebooted     (VimanaDomain     *self);
virDomainPtr      vimana_domain_ref_virdomain     (VimanaDomain     *self);
gboolean          vimana_domain_finish_with_info  (VimanaDomain     *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);
VimanaDomainStats *vimana_domain_ensure_stats     (VimanaDomain     *self,
                                                   double            interval,
                                                   guint             history);

/* ---- jobs on the connection's worker (vimana-connection-queue.c) ---- */

/**
 * VimanaJobFunc:
 * @task: the task the job completes; it must return a value on it
 * @conn: the libvirt connection, referenced for the job and released on the worker
 * @dom: (nullable): the guest's libvirt domain for a job queued on a guest, else %NULL
 * @data: the job's own data
 * @cancellable: (nullable): the task's cancellable
 *
 * A job, run on the connection's worker thread. libvirt's errors are thread-local: the job turns
 * them into a #GError itself (vimana_error_set_from_libvirt()).
 */
typedef void (*VimanaJobFunc) (GTask         *task,
                               virConnectPtr  conn,
                               virDomainPtr   dom,
                               gpointer       data,
                               GCancellable  *cancellable);

void              vimana_connection_queue         (VimanaConnection *self,
                                                   GTask            *task,
                                                   VimanaJobFunc     func,
                                                   gpointer          data,
                                                   GDestroyNotify    data_free);
void              vimana_connection_queue_full    (VimanaConnection *self,
                                                   GTask            *task,
                                                   virDomainPtr      dom,
                                                   VimanaJobFunc     func,
                                                   gpointer          data,
                                                   GDestroyNotify    data_free);
void              vimana_domain_queue             (VimanaDomain     *self,
                                                   GTask            *task,
                                                   VimanaJobFunc     func,
                                                   gpointer          data,
                                                   GDestroyNotify    data_free);
gpointer          vimana_job_get_data             (GTask            *task);

VimanaWorker     *vimana_connection_get_worker    (VimanaConnection *self);
virConnectPtr     vimana_connection_get_virconnect (VimanaConnection *self);

/* ---- what the connection owns besides guests (vimana-connection-resources.c) ---- */

/* Storage pools (storage/), virtual networks (network/) and host devices (host/): each a
 * GListStore the views bind, made empty with the connection, filled on demand, kept in place by
 * vimana_list_store_sync(), emptied when the connection closes and listed again when it comes
 * back. A kind says how its folder reads and matches them; this file does the rest. */
typedef enum
{
    VIMANA_RESOURCE_STORAGE_POOLS,
    VIMANA_RESOURCE_NETWORKS,
    VIMANA_RESOURCE_HOST_DEVICES,
    VIMANA_N_RESOURCES,
} VimanaResource;

typedef struct
{
    VimanaResource              resource;
    const char                 *what;          /* "storage pools", for debug messages */
    const VimanaListSyncFuncs  *funcs;         /* how items match the snapshots */
    GDestroyNotify              info_free;
    /* On the worker: every item, sorted (with @detail, more of each: pools' volumes). */
    GPtrArray                *(*list)(virConnectPtr   conn,
                                      gboolean        detail,
                                      GError        **error);
    /* (nullable) On the worker: one item by name; %VIMANA_ERROR_NOT_FOUND when it is gone. */
    gpointer                  (*read)(virConnectPtr   conn,
                                      const char     *name,
                                      gboolean        detail,
                                      GError        **error);
    /* (nullable) Whether an item is read again with its detail after an event. */
    gboolean                  (*item_detail)(gpointer        item);
    gboolean                    reload_detail; /* the detail of the listing after a reconnect */
} VimanaResourceKind;

extern const VimanaResourceKind vimana_storage_pool_kind;
extern const VimanaResourceKind vimana_network_kind;
extern const VimanaResourceKind vimana_host_device_kind;

GListStore       *vimana_connection_get_resource_store      (VimanaConnection         *self,
                                                             VimanaResource            resource);
gboolean          vimana_connection_get_resource_loaded     (VimanaConnection         *self,
                                                             VimanaResource            resource);
void              vimana_connection_set_resource_loaded     (VimanaConnection         *self,
                                                             VimanaResource            resource,
                                                             gboolean                  loaded);
gpointer          vimana_connection_find_resource           (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind,
                                                             const char               *name);
void              vimana_connection_queue_resource_listing  (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind,
                                                             gboolean                  detail,
                                                             GTask                    *task);
gboolean          vimana_connection_finish_resource_listing (VimanaConnection         *self,
                                                             GTask                    *task,
                                                             GError                  **error);
void              vimana_connection_apply_resource_listing  (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind,
                                                             guint                     generation,
                                                             GPtrArray                *infos);
void              vimana_connection_apply_resource_item     (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind,
                                                             const char               *name,
                                                             gpointer                  info);
void              vimana_connection_reread_resource_item    (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind,
                                                             const char               *name);
void              vimana_connection_reload_resource         (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind);
void              vimana_connection_clear_resource          (VimanaConnection         *self,
                                                             const VimanaResourceKind *kind);

void              vimana_connection_refresh_domain (VimanaConnection *self,
                                                    virDomainPtr      dom);
void              vimana_connection_remove_domain (VimanaConnection *self,
                                                   VimanaDomain     *domain);
/* Opening (vimana-connection.c), and its credential prompts (vimana-connection-auth.c). */
typedef struct
{
    char         *uri;
    GWeakRef      connection;
    guint         generation;
    GMainContext *context;
    GCancellable *cancellable;
    gboolean      unreachable;  /* the open failed for want of the daemon: worth a retry */
} VimanaOpenJob;

gboolean          vimana_connection_emit_authenticate   (VimanaConnection        *self,
                                                         VimanaAuthRequest       *request);
int               vimana_connection_auth_cb             (virConnectCredentialPtr  cred,
                                                         unsigned int             ncred,
                                                         void                    *cbdata);
gboolean          vimana_connection_error_is_unreachable (virErrorPtr             err);

void              vimana_connection_lost          (VimanaConnection *self,
                                                   const char       *message);
guint             vimana_connection_get_generation (VimanaConnection *self);

/* An open libvirt connection and what was registered on it; made and released on the worker. */
#define VIMANA_CONNECTION_MAX_EVENTS 8
typedef struct
{
    virConnectPtr conn;
    int           event_ids[VIMANA_CONNECTION_MAX_EVENTS];          /* guests' */
    guint         n_event_ids;
    int           storage_event_ids[VIMANA_CONNECTION_MAX_EVENTS];  /* pools' (storage/) */
    guint         n_storage_event_ids;
    int           network_event_ids[VIMANA_CONNECTION_MAX_EVENTS];  /* networks' (network/) */
    guint         n_network_event_ids;
    gpointer      close_context;  /* the close callback's data: ours to free, see link_close */
} VimanaConnectionLink;

/* What each event registration carries: a weak reference to the connection and the open
 * attempt it belongs to, so that a late event of a closed link is dropped. */
typedef struct _VimanaEventContext VimanaEventContext;

VimanaEventContext *vimana_event_context_new      (VimanaConnection   *connection,
                                                   guint               generation);
void              vimana_event_context_free       (void               *context);
VimanaConnection *vimana_event_context_get_connection (VimanaEventContext *context);

gboolean          vimana_connection_link_register   (VimanaConnectionLink *link,
                                                     VimanaConnection     *connection,
                                                     guint                 generation);
void              vimana_connection_link_close      (VimanaConnectionLink *link);

G_END_DECLS
