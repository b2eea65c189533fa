/* vimana-clone-plan.h: what cloning a guest makes, decided before anything is made
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vimana-storage-xml.h"

G_BEGIN_DECLS

/* Vimana's own <metadata> element: on a base, the linked clones made from it; on a clone, its base. */
#define VIMANA_CLONE_METADATA_NS  "https://github.com/vimana/vimana/xmlns/clone/1"
#define VIMANA_CLONE_METADATA_KEY "vimana-clone"

/* The most copies one clone makes (web-01 … web-100). */
#define VIMANA_CLONE_MAX_COUNT 100

/* What becomes of one disk of the source in the clone. */
typedef enum
{
    VIMANA_CLONE_DISK_COPY,   /* a full copy in the target pool */
    VIMANA_CLONE_DISK_LINKED, /* a qcow2 overlay whose read-only backing file is the source's image */
    VIMANA_CLONE_DISK_SHARE,  /* the clone uses the same image */
    VIMANA_CLONE_DISK_SKIP,   /* the clone has no such disk */
} VimanaCloneDiskMode;

typedef enum
{
    VIMANA_CLONE_TPM_FRESH,   /* the clone's TPM starts empty */
    VIMANA_CLONE_TPM_COPY,    /* the source's swtpm state is copied */
} VimanaCloneTpmMode;

/* Which field of the Clone dialog an error belongs to. */
typedef enum
{
    VIMANA_CLONE_FIELD_NONE,  /* the source itself (it runs, it is gone) */
    VIMANA_CLONE_FIELD_NAME,
    VIMANA_CLONE_FIELD_COUNT,
    VIMANA_CLONE_FIELD_POOL,
    VIMANA_CLONE_FIELD_DISK,  /* the disk named by the error's index out-parameter */
    VIMANA_CLONE_FIELD_TPM,
} VimanaCloneField;

/* One disk of the source, from its XML and, where a pool has its image, from the pool. */
typedef struct
{
    char    *target;     /* "vda" */
    char    *device;     /* "disk", "cdrom", "floppy", "lun" */
    char    *path;       /* (nullable) the image: a file or block device; NULL for an empty drive or a network disk */
    char    *format;     /* the driver's type: "qcow2", "raw"; "raw" when the XML says none */
    gboolean readonly;
    gboolean shareable;
    char    *pool;       /* (nullable) the pool that has the image */
    char    *volume;     /* (nullable) its name there */
    guint64  capacity;   /* bytes; 0 when no pool has it */
    guint64  allocation; /* bytes written; 0 when no pool has it */
} VimanaCloneDiskFacts;

/* A storage pool a clone may write to. */
typedef struct
{
    char    *name;
    char    *target_path; /* (nullable) the folder of a dir pool */
    gboolean active;
    guint64  available;
    GStrv    volumes;     /* the names it has */
} VimanaClonePoolFacts;

/* Everything the plan depends on, read on the worker (vimana_clone_read_facts_async()) or built by a test. */
typedef struct
{
    char      *xml;          /* the source's inactive, secure XML */
    char      *name;
    char      *uuid;
    gboolean   running;      /* active: running or paused */
    gboolean   has_tpm;      /* an emulated (swtpm) TPM */
    gboolean   tpm_copyable; /* this libvirt can be given another state folder for a TPM */
    gboolean   is_base;      /* linked clones use the source's images */
    GPtrArray *disks;        /* VimanaCloneDiskFacts, in the XML's order */
    GPtrArray *pools;        /* VimanaClonePoolFacts */
    GStrv      guest_names;  /* every guest of the connection */
    gint       ref_count;    /* private */
} VimanaCloneFacts;

/* What the user chose. */
typedef struct
{
    char               *name;  /* a name, or a pattern with a run of '#': "web-##" gives web-01, web-02… */
    guint               count; /* 1 … VIMANA_CLONE_MAX_COUNT */
    char               *pool;  /* (nullable) where copies and overlays go; NULL: each disk's own pool */
    GArray             *modes; /* VimanaCloneDiskMode, one per facts->disks */
    VimanaCloneTpmMode  tpm;
} VimanaCloneOptions;

/* A volume one copy makes. */
typedef struct
{
    guint                    disk;   /* index in facts->disks */
    char                    *pool;
    char                    *path;   /* where it will be: the pool's folder and its name */
    VimanaStorageVolumeSpec  spec;   /* name, format, capacity; backing_* for a linked one (strings owned) */
    VimanaCloneDiskMode      mode;   /* COPY or LINKED */
    guint64                  need;   /* bytes it is expected to take in the pool */
} VimanaCloneVolume;

typedef struct
{
    char      *name;
    GPtrArray *volumes; /* VimanaCloneVolume */
} VimanaCloneCopy;

typedef struct
{
    VimanaCloneFacts   *facts;   /* owned reference */
    VimanaCloneOptions *options; /* owned copy */
    GPtrArray          *copies;  /* VimanaCloneCopy */
    gboolean            linked;  /* a disk is linked: the source becomes a base */
    guint64             need;    /* bytes all copies write */
} VimanaClonePlan;

VimanaCloneFacts   *vimana_clone_facts_new_from_xml (const char                *xml,
                                                     GError                   **error);
VimanaCloneFacts   *vimana_clone_facts_ref          (VimanaCloneFacts          *facts);
void                vimana_clone_facts_unref        (VimanaCloneFacts          *facts);
VimanaClonePoolFacts *vimana_clone_facts_add_pool   (VimanaCloneFacts          *facts,
                                                     const char                *name,
                                                     const char                *target_path,
                                                     guint64                    available);
VimanaClonePoolFacts *vimana_clone_facts_find_pool  (VimanaCloneFacts          *facts,
                                                     const char                *name);
char               *vimana_clone_facts_suggest_name (VimanaCloneFacts          *facts);

VimanaCloneOptions *vimana_clone_options_new        (VimanaCloneFacts          *facts);
VimanaCloneOptions *vimana_clone_options_copy       (const VimanaCloneOptions  *options);
void                vimana_clone_options_free       (VimanaCloneOptions        *options);
VimanaCloneDiskMode vimana_clone_options_get_mode   (const VimanaCloneOptions  *options,
                                                     guint                      disk);
void                vimana_clone_options_set_mode   (VimanaCloneOptions        *options,
                                                     guint                      disk,
                                                     VimanaCloneDiskMode        mode);

gboolean            vimana_clone_check_name         (const char                *name,
                                                     GError                   **error);
GStrv               vimana_clone_expand_names       (const char                *pattern,
                                                     guint                      count,
                                                     GError                   **error);
gboolean            vimana_clone_disk_mode_allowed  (const VimanaCloneDiskFacts *disk,
                                                     VimanaCloneDiskMode         mode,
                                                     char                      **reason);

VimanaClonePlan    *vimana_clone_plan_new           (VimanaCloneFacts          *facts,
                                                     const VimanaCloneOptions  *options,
                                                     VimanaCloneField          *field,
                                                     guint                     *disk,
                                                     GError                   **error);
void                vimana_clone_plan_free          (VimanaClonePlan           *plan);
char               *vimana_clone_plan_build_xml     (VimanaClonePlan           *plan,
                                                     guint                      copy,
                                                     GError                   **error);
char               *vimana_clone_plan_base_metadata (const char                *current,
                                                     const char * const        *clones);
GStrv               vimana_clone_base_metadata_parse (const char               *metadata);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaCloneFacts, vimana_clone_facts_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaCloneOptions, vimana_clone_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaClonePlan, vimana_clone_plan_free)

G_END_DECLS
