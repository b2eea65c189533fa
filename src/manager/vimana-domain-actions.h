/* vimana-domain-actions.h: lifecycle actions on a set of guests, shared by every window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"
#include "vimana-error-bar.h"

G_BEGIN_DECLS

typedef struct
{
    const char         *name;        /* the GAction's name, without "win." */
    VimanaDomainAction  action;
    const char         *accel;       /* NULL for none */
} VimanaDomainActionInfo;

const VimanaDomainActionInfo *vimana_domain_actions_get_all    (guint              *n_actions);
gboolean                      vimana_domain_actions_can_run    (GPtrArray          *domains,
                                                                VimanaDomainAction  action,
                                                                char              **why_not);
void                          vimana_domain_actions_run        (GtkWindow          *parent,
                                                                VimanaErrorBar     *error_bar,
                                                                GSettings          *settings,
                                                                GPtrArray          *domains,
                                                                VimanaDomainAction  action);
void                          vimana_domain_actions_set_autostart (GtkWindow       *parent,
                                                                   VimanaErrorBar  *error_bar,
                                                                   GPtrArray       *domains,
                                                                   gboolean         autostart);
/* How a window tells the actions which guests they act on and where to report. */
typedef struct
{
    GPtrArray      *(*get_domains)(gpointer owner);      /* transfer full */
    VimanaErrorBar *(*get_error_bar)(gpointer owner);
    GSettings      *(*get_settings)(gpointer owner);
} VimanaDomainActionsTarget;

void                          vimana_domain_actions_add_to_map (GActionMap                      *map,
                                                                const VimanaDomainActionsTarget *target,
                                                                gpointer                         owner);
void                          vimana_domain_actions_update     (GActionMap         *map,
                                                                GPtrArray          *domains);
void                          vimana_domain_actions_set_tooltip (GtkWidget         *button,
                                                                 GPtrArray         *domains,
                                                                 VimanaDomainAction action,
                                                                 const char        *what);

G_END_DECLS
