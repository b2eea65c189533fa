/* vimana-migration-check.h: the pre-flight checklist of a migration
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
    VIMANA_CHECK_OK,        /* green */
    VIMANA_CHECK_WARNING,   /* amber: may work, read the reason */
    VIMANA_CHECK_BLOCKER,   /* red: the migration would fail or harm the guest */
} VimanaCheckLevel;

typedef enum
{
    VIMANA_MIGRATION_CHECK_HOST,
    VIMANA_MIGRATION_CHECK_CPU,
    VIMANA_MIGRATION_CHECK_MACHINE,
    VIMANA_MIGRATION_CHECK_MEMORY,
    VIMANA_MIGRATION_CHECK_DISK,
    VIMANA_MIGRATION_CHECK_NETWORK,
    VIMANA_MIGRATION_CHECK_DEVICE,
} VimanaMigrationCheckKind;

typedef struct
{
    VimanaMigrationCheckKind  kind;
    VimanaCheckLevel          level;
    char                     *subject;  /* what was checked: "CPU", "vda", "default" */
    char                     *reason;   /* a sentence */
} VimanaMigrationCheck;

void              vimana_migration_check_free (VimanaMigrationCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaMigrationCheck, vimana_migration_check_free)

/* How a CPU comparison came out, in the numbers of virCPUCompareResult, plus unknown. */
#define VIMANA_MIGRATION_CPU_UNKNOWN (-2)

/* What was found out about the destination. */
typedef struct
{
    int          same_host;          /* 1: the source's host, 0: another, -1: unknown */
    char        *capabilities_xml;   /* (nullable) virConnectGetCapabilities of the destination */
    int          cpu_compare;        /* virCPUCompareResult, or VIMANA_MIGRATION_CPU_UNKNOWN */
    char        *cpu_message;        /* (nullable) why the comparison failed */
    GStrv        networks;           /* (nullable) active networks; NULL: unknown */
    GStrv        bridges;            /* (nullable) host interfaces; NULL: unknown */
    GHashTable  *storage;            /* (nullable) paths, and "pool/volume", the destination has;
                                      * NULL: unknown */
    guint64      free_memory;        /* bytes; 0: unknown */
} VimanaMigrationHostFacts;

VimanaMigrationHostFacts *vimana_migration_host_facts_new  (void);
void                      vimana_migration_host_facts_free (VimanaMigrationHostFacts *facts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaMigrationHostFacts, vimana_migration_host_facts_free)

GPtrArray        *vimana_migration_checklist        (const char                     *domain_xml,
                                                     const VimanaMigrationOptions   *options,
                                                     const VimanaMigrationHostFacts *facts,
                                                     GError                        **error);
VimanaCheckLevel  vimana_migration_checklist_worst  (GPtrArray                      *checks);

void              vimana_migration_preflight_async  (VimanaDomain                   *domain,
                                                     VimanaConnection               *destination,
                                                     const VimanaMigrationOptions   *options,
                                                     GCancellable                   *cancellable,
                                                     GAsyncReadyCallback             callback,
                                                     gpointer                        user_data);
GPtrArray        *vimana_migration_preflight_finish (VimanaDomain                   *domain,
                                                     GAsyncResult                   *result,
                                                     GError                        **error);

void              vimana_migration_read_host_identity_async  (VimanaConnection     *connection,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
char             *vimana_migration_read_host_identity_finish (VimanaConnection     *connection,
                                                              GAsyncResult         *result,
                                                              GError              **error);

char             *vimana_migration_host_label                (const char           *uri,
                                                              const char           *display_name,
                                                              const char           *hostname);
void              vimana_migration_set_host_name             (VimanaConnection     *connection,
                                                              const char           *hostname);
const char       *vimana_migration_get_host_name             (VimanaConnection     *connection);

G_END_DECLS
