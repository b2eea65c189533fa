/* vimana-migration.h: moving one guest from its connection to another
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"
#include "vimana-domain.h"
#include "vimana-migration-options.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_MIGRATION_PHASE_IDLE,       /* not started */
    VIMANA_MIGRATION_PHASE_RUNNING,    /* checking the hosts, then libvirt migrates */
    VIMANA_MIGRATION_PHASE_CANCELLING, /* the abort was asked for */
    VIMANA_MIGRATION_PHASE_DONE,
    VIMANA_MIGRATION_PHASE_FAILED,
    VIMANA_MIGRATION_PHASE_CANCELLED,
} VimanaMigrationPhase;

/* The last job statistics of the source (virDomainGetJobStats); 0 where libvirt said nothing. */
typedef struct
{
    gboolean active;           /* a job runs on the source */
    gboolean postcopy;         /* it is in post-copy */
    guint64  time_elapsed;     /* ms */
    guint64  time_remaining;   /* ms, libvirt's estimate (0: none) */
    guint64  data_total;       /* bytes */
    guint64  data_processed;   /* bytes */
    guint64  data_remaining;   /* bytes */
    guint64  memory_remaining; /* bytes */
    guint64  disk_remaining;   /* bytes */
    guint64  dirty_rate;       /* bytes/s the guest dirties */
    guint64  bandwidth;        /* bytes/s the memory is sent at */
    guint64  iteration;        /* memory passes */
    guint64  expected_downtime; /* ms */
} VimanaMigrationProgress;

/* libvirt's type, named here so that this header does not need libvirt's. */
struct _virTypedParameter;

void     vimana_migration_progress_parse (VimanaMigrationProgress          *progress,
                                          int                               job_type,
                                          const struct _virTypedParameter  *params,
                                          int                               n_params);

#define VIMANA_TYPE_MIGRATION (vimana_migration_get_type ())

G_DECLARE_FINAL_TYPE (VimanaMigration, vimana_migration, VIMANA, MIGRATION, GObject)

VimanaMigration               *vimana_migration_new             (VimanaDomain                 *domain,
                                                                 VimanaConnection             *destination,
                                                                 const VimanaMigrationOptions *options);
VimanaDomain                  *vimana_migration_get_domain      (VimanaMigration              *self);
VimanaConnection              *vimana_migration_get_source      (VimanaMigration              *self);
VimanaConnection              *vimana_migration_get_destination (VimanaMigration              *self);
const VimanaMigrationOptions  *vimana_migration_get_options     (VimanaMigration              *self);
VimanaMigrationPhase           vimana_migration_get_phase       (VimanaMigration              *self);
const VimanaMigrationProgress *vimana_migration_get_progress    (VimanaMigration              *self);
void                           vimana_migration_set_poll_interval (VimanaMigration            *self,
                                                                   guint                       interval_ms);

void                           vimana_migration_run_async       (VimanaMigration              *self,
                                                                 GCancellable                 *cancellable,
                                                                 GAsyncReadyCallback           callback,
                                                                 gpointer                      user_data);
gboolean                       vimana_migration_run_finish      (VimanaMigration              *self,
                                                                 GAsyncResult                 *result,
                                                                 GError                      **error);
void                           vimana_migration_cancel          (VimanaMigration              *self);
void                           vimana_migration_set_max_downtime (VimanaMigration             *self,
                                                                  guint64                      downtime_ms);
void                           vimana_migration_start_postcopy  (VimanaMigration              *self);

GListModel                    *vimana_migration_get_running     (void);
VimanaMigration               *vimana_migration_find_running    (VimanaDomain                 *domain);
VimanaMigration               *vimana_migration_find_incoming   (VimanaDomain                 *domain);

G_END_DECLS
