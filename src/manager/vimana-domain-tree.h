/* vimana-domain-tree.h: the guests of every connection as a sortable, filterable tree model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_DOMAIN_TREE_SORT_NAME,
    VIMANA_DOMAIN_TREE_SORT_STATE,
    VIMANA_DOMAIN_TREE_SORT_VCPUS,
    VIMANA_DOMAIN_TREE_SORT_MEMORY,
    VIMANA_DOMAIN_TREE_SORT_CPU,
    VIMANA_DOMAIN_TREE_SORT_MEMORY_USE,
    VIMANA_DOMAIN_TREE_SORT_DISK,
    VIMANA_DOMAIN_TREE_SORT_NETWORK,
    VIMANA_DOMAIN_TREE_SORT_ADDRESS,
    VIMANA_DOMAIN_TREE_N_SORTS
} VimanaDomainTreeSort;

#define VIMANA_TYPE_DOMAIN_TREE (vimana_domain_tree_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDomainTree, vimana_domain_tree, VIMANA, DOMAIN_TREE, GObject)

VimanaDomainTree *vimana_domain_tree_new                 (GListModel       *connections);
GtkTreeModel     *vimana_domain_tree_get_model           (VimanaDomainTree *self);
GObject          *vimana_domain_tree_get_object          (VimanaDomainTree *self,
                                                          GtkTreeIter      *iter);
gboolean          vimana_domain_tree_find                (VimanaDomainTree *self,
                                                          GObject          *object,
                                                          GtkTreeIter      *iter);
void              vimana_domain_tree_set_filter          (VimanaDomainTree *self,
                                                          const char       *text);
const char       *vimana_domain_tree_get_filter          (VimanaDomainTree *self);
guint             vimana_domain_tree_count_visible       (VimanaDomainTree *self);
guint             vimana_domain_tree_count_domains       (VimanaDomainTree *self);
gboolean          vimana_domain_tree_sorts_by_stats      (VimanaDomainTree *self);
void              vimana_domain_tree_resort              (VimanaDomainTree *self);
void              vimana_domain_tree_set_watch_addresses (VimanaDomainTree *self,
                                                          gboolean          watch);
double            vimana_domain_tree_stat_value          (VimanaDomain         *domain,
                                                          VimanaDomainTreeSort  sort);

G_END_DECLS
