/* vimana-window-private.h: what the main window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_GTK_COMPILATION)
#error "Only libvimana-gtk's own files may include vimana-window-private.h."
#endif

#pragma once

#include "vimana-domain-tree.h"
#include "vimana-window.h"

G_BEGIN_DECLS

struct _VimanaWindow
{
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkWidget        *add_connection_button;
    GtkWidget        *run_button;
    GtkWidget        *pause_button;
    GtkWidget        *resume_button;
    GtkWidget        *shutdown_button;
    GtkWidget        *open_button;
    GtkWidget        *search_button;
    GtkWidget        *primary_menu_button;
    GtkSearchBar     *search_bar;
    GtkSearchEntry   *search_entry;
    VimanaErrorBar   *error_bar;
    GtkStack         *content_stack;
    VimanaDomainView *domain_view;
    GMenuModel       *domain_menu;
    GMenuModel       *connection_menu;

    /* owned references */
    GListModel       *connections;
    GSettings        *settings;
    VimanaDomainTree *tree;
    GPtrArray        *watched;         /* VimanaDomain: the selection, watched for changes */

    guint             update_source;
};

void vimana_window_actions_init    (VimanaWindow *self);
void vimana_window_actions_update  (VimanaWindow *self);

G_END_DECLS
