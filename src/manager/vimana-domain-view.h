/* vimana-domain-view.h: the tree view of connections and their guests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain-tree.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_DOMAIN_VIEW (vimana_domain_view_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDomainView, vimana_domain_view, VIMANA, DOMAIN_VIEW, GtkTreeView)

void              vimana_domain_view_set_tree                (VimanaDomainView *self,
                                                              VimanaDomainTree *tree);
VimanaDomainTree *vimana_domain_view_get_tree                (VimanaDomainView *self);
void              vimana_domain_view_set_menu                (VimanaDomainView *self,
                                                              GMenuModel       *domain_menu,
                                                              GMenuModel       *connection_menu);
GPtrArray        *vimana_domain_view_get_selected_domains    (VimanaDomainView *self);
VimanaConnection *vimana_domain_view_get_selected_connection (VimanaDomainView *self);
gboolean          vimana_domain_view_select                  (VimanaDomainView *self,
                                                              GObject          *object,
                                                              gboolean          add);
void              vimana_domain_view_set_stat_columns        (VimanaDomainView   *self,
                                                              const char * const *ids);

G_END_DECLS
