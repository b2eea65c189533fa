/* vimana-snapshots-page.h: a guest's snapshots as a tree, and what to do with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"
#include "vimana-snapshot.h"

G_BEGIN_DECLS

/* The columns of the page's tree store. */
enum
{
    VIMANA_SNAPSHOTS_COL_SNAPSHOT,
    VIMANA_SNAPSHOTS_COL_NAME,
    VIMANA_SNAPSHOTS_COL_WEIGHT,
    VIMANA_SNAPSHOTS_COL_CURRENT,
    VIMANA_SNAPSHOTS_COL_AGE,
    VIMANA_SNAPSHOTS_COL_STATE,
    VIMANA_SNAPSHOTS_COL_KIND,
    VIMANA_SNAPSHOTS_COL_DESCRIPTION,
    VIMANA_SNAPSHOTS_COL_SIZE,
    VIMANA_SNAPSHOTS_COL_TOOLTIP,
    VIMANA_SNAPSHOTS_N_COLS
};

#define VIMANA_TYPE_SNAPSHOTS_PAGE (vimana_snapshots_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaSnapshotsPage, vimana_snapshots_page, VIMANA, SNAPSHOTS_PAGE, GtkBox)

GtkWidget    *vimana_snapshots_page_new            (void);
void          vimana_snapshots_page_set_domain     (VimanaSnapshotsPage *self,
                                                    VimanaDomain        *domain);
void          vimana_snapshots_page_refresh        (VimanaSnapshotsPage *self);
void          vimana_snapshots_page_show_snapshots (VimanaSnapshotsPage *self,
                                                    GPtrArray           *snapshots);
gboolean      vimana_snapshots_page_is_busy        (VimanaSnapshotsPage *self);
GtkTreeView  *vimana_snapshots_page_get_tree_view  (VimanaSnapshotsPage *self);
const char   *vimana_snapshots_page_get_caps_text  (VimanaSnapshotsPage *self);
const char   *vimana_snapshots_page_get_status     (VimanaSnapshotsPage *self);
gboolean      vimana_snapshots_page_select         (VimanaSnapshotsPage *self,
                                                    const char          *name);
GtkDialog    *vimana_snapshots_page_get_dialog     (VimanaSnapshotsPage *self);
GtkWidget    *vimana_snapshots_page_get_button     (VimanaSnapshotsPage *self,
                                                    const char          *which);

G_END_DECLS
