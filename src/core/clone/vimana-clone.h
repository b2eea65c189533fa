/* vimana-clone.h: cloning a guest, its volumes first, then its definition
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-clone-plan.h"
#include "vimana-domain.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_CLONE_COPY_PENDING,
    VIMANA_CLONE_COPY_RUNNING,
    VIMANA_CLONE_COPY_DONE,
    VIMANA_CLONE_COPY_FAILED,    /* nothing of it is left, or the error lists what is */
    VIMANA_CLONE_COPY_CANCELLED, /* nothing of it is left */
} VimanaCloneCopyState;

void              vimana_domain_read_clone_facts_async  (VimanaDomain         *domain,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
VimanaCloneFacts *vimana_domain_read_clone_facts_finish (VimanaDomain         *domain,
                                                         GAsyncResult         *result,
                                                         GError              **error);

void              vimana_domain_read_linked_clones_async  (VimanaDomain         *domain,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
GStrv             vimana_domain_read_linked_clones_finish (VimanaDomain         *domain,
                                                           GAsyncResult         *result,
                                                           GError              **error);

#define VIMANA_TYPE_CLONE (vimana_clone_get_type ())

G_DECLARE_FINAL_TYPE (VimanaClone, vimana_clone, VIMANA, CLONE, GObject)

VimanaClone          *vimana_clone_new                (VimanaDomain     *source,
                                                       VimanaClonePlan  *plan);
VimanaDomain         *vimana_clone_get_source         (VimanaClone      *self);
const VimanaClonePlan *vimana_clone_get_plan          (VimanaClone      *self);
VimanaCloneCopyState  vimana_clone_get_copy_state     (VimanaClone      *self,
                                                       guint             copy,
                                                       const GError    **error);
double                vimana_clone_get_fraction       (VimanaClone      *self);
guint64               vimana_clone_get_bytes_done     (VimanaClone      *self);
void                  vimana_clone_set_poll_interval  (VimanaClone      *self,
                                                       guint             interval_ms);

void                  vimana_clone_run_async          (VimanaClone          *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean              vimana_clone_run_finish         (VimanaClone          *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void                  vimana_clone_cancel             (VimanaClone          *self);

G_END_DECLS
