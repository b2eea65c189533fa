/* vimana-migration-options.h: what a migration is asked to do, checked before libvirt sees it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_MIGRATION_MODE_DIRECT,       /* the app drives both daemons: virDomainMigrate3 */
    VIMANA_MIGRATION_MODE_PEER_TO_PEER, /* the source daemon talks to the destination's */
    VIMANA_MIGRATION_MODE_TUNNELLED,    /* peer-to-peer, the data through libvirt's connection */
} VimanaMigrationMode;

/* Limits of the fields, as the dialog offers them. */
#define VIMANA_MIGRATION_MAX_BANDWIDTH    (1024 * 1024)  /* MiB/s */
#define VIMANA_MIGRATION_MAX_DOWNTIME     (60 * 1000)    /* ms */

typedef struct
{
    VimanaMigrationMode  mode;
    gboolean             live;           /* else offline: only the definition moves */
    gboolean             persist;        /* define on the destination, undefine on the source;
                                          * else a temporary move */
    gboolean             copy_storage;   /* copy disks that are not shared */
    guint64              bandwidth;      /* MiB/s; 0: no limit */
    guint64              max_downtime;   /* ms; 0: the hypervisor's default */
    gboolean             auto_converge;
    gboolean             postcopy;       /* allow switching to post-copy */
    char                *address;        /* (nullable) the destination's address for the data:
                                          * a host name, an IP address or tcp://host[:port] */
    char                *dest_name;      /* (nullable) the guest's name on the destination */
    gboolean             unsafe;         /* go on where libvirt finds it unsafe (storage it
                                          * cannot tell is shared): VIR_MIGRATE_UNSAFE */
    char                *storage_pool;   /* (nullable) with copy_storage: the destination's
                                          * pool the copied disks' volumes are made in; NULL:
                                          * libvirt's own (a pool of the disk's folder) */
} VimanaMigrationOptions;

#define VIMANA_TYPE_MIGRATION_OPTIONS (vimana_migration_options_get_type ())
GType                   vimana_migration_options_get_type (void) G_GNUC_CONST;
VimanaMigrationOptions *vimana_migration_options_new      (void);
VimanaMigrationOptions *vimana_migration_options_copy     (const VimanaMigrationOptions *options);
void                    vimana_migration_options_free     (VimanaMigrationOptions       *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaMigrationOptions, vimana_migration_options_free)

/* Which field is wrong, for the message beside it. */
typedef enum
{
    VIMANA_MIGRATION_FIELD_NONE,
    VIMANA_MIGRATION_FIELD_MODE,
    VIMANA_MIGRATION_FIELD_LIVE,
    VIMANA_MIGRATION_FIELD_PERSIST,
    VIMANA_MIGRATION_FIELD_COPY_STORAGE,
    VIMANA_MIGRATION_FIELD_BANDWIDTH,
    VIMANA_MIGRATION_FIELD_MAX_DOWNTIME,
    VIMANA_MIGRATION_FIELD_AUTO_CONVERGE,
    VIMANA_MIGRATION_FIELD_POSTCOPY,
    VIMANA_MIGRATION_FIELD_ADDRESS,
    VIMANA_MIGRATION_FIELD_DEST_NAME,
} VimanaMigrationField;

gboolean                vimana_migration_options_check    (const VimanaMigrationOptions *options,
                                                           VimanaMigrationField         *field,
                                                           GError                      **error);
char                   *vimana_migration_options_get_data_uri (const VimanaMigrationOptions *options);
guint                   vimana_migration_options_get_flags (const VimanaMigrationOptions *options);

G_END_DECLS
