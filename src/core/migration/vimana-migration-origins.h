/* vimana-migration-origins.h: where evacuated guests came from, to bring them back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One guest moved off a host by "Evacuate Host". */
typedef struct
{
    char *uuid;
    char *name;
    char *from_uri;   /* the connection it was evacuated from */
    char *to_uri;     /* the connection it went to */
} VimanaMigrationOrigin;

void       vimana_migration_origin_free              (VimanaMigrationOrigin  *origin);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaMigrationOrigin, vimana_migration_origin_free)

char      *vimana_migration_origins_get_default_path (void);
gboolean   vimana_migration_origins_remember         (const char             *path,
                                                      const char             *uuid,
                                                      const char             *name,
                                                      const char             *from_uri,
                                                      const char             *to_uri,
                                                      GError                **error);
gboolean   vimana_migration_origins_forget           (const char             *path,
                                                      const char             *uuid,
                                                      GError                **error);
GPtrArray *vimana_migration_origins_list_from        (const char             *path,
                                                      const char             *from_uri,
                                                      GError                **error);

G_END_DECLS
