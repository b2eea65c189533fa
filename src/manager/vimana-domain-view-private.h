/* vimana-domain-view-private.h: what the domain view's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-domain-view.h"

G_BEGIN_DECLS

/* The statistics columns, by the names the settings use. */
typedef struct
{
    const char           *id;
    VimanaDomainTreeSort  sort;
} VimanaDomainViewStatColumn;

#define VIMANA_N_STAT_COLUMNS 4
extern const VimanaDomainViewStatColumn vimana_domain_view_stat_columns[VIMANA_N_STAT_COLUMNS];

struct _VimanaDomainView
{
    GtkTreeView parent_instance;

    /* owned references */
    VimanaDomainTree  *tree;
    GMenuModel        *domain_menu;
    GMenuModel        *connection_menu;
    GHashTable        *collapsed;    /* VimanaConnection set: collapsed by the user */
    GtkTreeViewColumn *stat_columns[VIMANA_N_STAT_COLUMNS];
    GtkCellRenderer   *sparkline;    /* in the CPU column */
    GtkTreeViewColumn *address_column;
    gboolean           accessible_requested;
    GHashTable        *signatures;   /* VimanaDomain → VimanaStatsSignature: what its
                                      * statistics cells last showed */
    GPtrArray         *kept_selected; /* GObject: the selection, while the model is replaced */
    GObject           *kept_cursor;
    GObject           *kept_top;      /* the first row on screen */
};

GObject *vimana_domain_view_object_at          (VimanaDomainView *self,
                                                GtkTreeIter      *iter);

/* vimana-domain-view-stats.c: the statistics cells and their redrawing each tick */
void     vimana_domain_view_cpu_cb             (GtkTreeViewColumn *column,
                                                GtkCellRenderer   *cell,
                                                GtkTreeModel      *model,
                                                GtkTreeIter       *iter,
                                                gpointer           user_data);
void     vimana_domain_view_stat_text_cb       (GtkTreeViewColumn *column,
                                                GtkCellRenderer   *cell,
                                                GtkTreeModel      *model,
                                                GtkTreeIter       *iter,
                                                gpointer           user_data);
void     vimana_domain_view_stats_tick_cb      (VimanaDomainTree  *tree,
                                                gpointer           user_data);

G_END_DECLS
