/* vimana-pool-spec.h: what a new storage pool of any type is made of, and its XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_POOL_KIND_DIR,
    VIMANA_POOL_KIND_FS,
    VIMANA_POOL_KIND_NETFS,
    VIMANA_POOL_KIND_LOGICAL,
    VIMANA_POOL_KIND_ISCSI,
    VIMANA_POOL_KIND_DISK,
} VimanaPoolKind;

/* Which field a refusal is about, so the form puts the message beside it. */
typedef enum
{
    VIMANA_POOL_FIELD_NAME,
    VIMANA_POOL_FIELD_TARGET,
    VIMANA_POOL_FIELD_HOST,
    VIMANA_POOL_FIELD_SOURCE,
} VimanaPoolField;

/* A pool to define. The strings are borrowed. Which are used depends on the kind:
 * dir: target; fs: source (device) + target; netfs: host + source (export) + target;
 * logical: source (volume group name); iscsi: host + source (target IQN); disk: source (device). */
typedef struct
{
    VimanaPoolKind kind;
    const char    *name;
    const char    *target;   /* a folder, absolute */
    const char    *host;     /* a host name or address */
    const char    *source;   /* a device, an export, a volume group or an IQN */
} VimanaPoolSpec;

const char *vimana_pool_kind_to_string   (VimanaPoolKind         kind);
gboolean    vimana_pool_kind_from_string (const char            *type,
                                          VimanaPoolKind        *kind);
gboolean    vimana_pool_check_host_name  (const char            *host);
gboolean    vimana_pool_check_iqn        (const char            *iqn);
gboolean    vimana_pool_spec_check       (const VimanaPoolSpec  *spec,
                                          VimanaPoolField       *field,
                                          GError               **error);
char       *vimana_pool_spec_to_xml      (const VimanaPoolSpec  *spec);
void        vimana_pool_kinds_supported  (const char            *capabilities,
                                          gboolean               supported[6]);
char      **vimana_pool_sources_parse    (const char            *sources,
                                          VimanaPoolKind         kind);

G_END_DECLS
