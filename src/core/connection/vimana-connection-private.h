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

#include "vimana-connection.h"
#include "vimana-domain-stats.h"
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
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDomainInfo, vimana_domain_info_free)

VimanaDomain     *vimana_domain_new_from_info     (VimanaConnection *connection,
                                                   VimanaDomainInfo *info);
void              vimana_domain_apply_info        (VimanaDomain     *self,
                                                   VimanaDomainInfo *info);
void              vimana_domain_set_state         (VimanaDomain     *self,
                                                   VimanaDomainState state,
                                                   gboolean          active);
void              vimana_domain_mark_removed      (VimanaDomain     *self);
void              vimana_domain_emit_rebooted     (VimanaDomain     *self);
virDomainPtr      vimana_domain_ref_virdomain     (VimanaDomain     *self);
gboolean          vimana_domain_finish_with_info  (VimanaDomain     *self,
                                                   GAsyncResult     *result,
                                                   GError          **error);
VimanaDomainStats *vimana_domain_ensure_stats     (VimanaDomain     *self,
                                                   double            interval,
                                                   guint             history);

/* What a job on the connection's worker gets as its task data: a reference on the libvirt
 * connection, taken when the job was queued and released on the worker when it ends, and the
 * job's own data. */
typedef struct
{
    virConnectPtr    conn;
    gpointer         data;
    GDestroyNotify   data_free;
    GTaskThreadFunc  func;
} VimanaConnectionJob;

void              vimana_connection_push_job      (VimanaConnection *self,
                                                   GTask            *task,
                                                   gpointer          job_data,
                                                   GDestroyNotify    job_data_free,
                                                   GTaskThreadFunc   func);
void              vimana_connection_refresh_domain (VimanaConnection *self,
                                                    virDomainPtr      dom);
void              vimana_connection_remove_domain (VimanaConnection *self,
                                                   VimanaDomain     *domain);
void              vimana_connection_lost          (VimanaConnection *self,
                                                   const char       *message);
guint             vimana_connection_get_generation (VimanaConnection *self);

/* An open libvirt connection and what was registered on it; made and released on the worker. */
#define VIMANA_CONNECTION_MAX_EVENTS 8
typedef struct
{
    virConnectPtr conn;
    int           event_ids[VIMANA_CONNECTION_MAX_EVENTS];
    guint         n_event_ids;
    gpointer      close_context;  /* the close callback's data: ours to free, see link_close */
} VimanaConnectionLink;

gboolean          vimana_connection_link_register   (VimanaConnectionLink *link,
                                                     VimanaConnection     *connection,
                                                     guint                 generation);
void              vimana_connection_link_close      (VimanaConnectionLink *link);

G_END_DECLS
