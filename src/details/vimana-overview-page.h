/* vimana-overview-page.h: the details window's Overview page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_OVERVIEW_PAGE (vimana_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaOverviewPage, vimana_overview_page, VIMANA, OVERVIEW_PAGE, GtkBox)

GtkWidget    *vimana_overview_page_new        (void);
void          vimana_overview_page_set_domain (VimanaOverviewPage *self,
                                               VimanaDomain       *domain);
const char   *vimana_overview_page_get_value  (VimanaOverviewPage *self,
                                               const char         *key);
gboolean      vimana_overview_page_is_loading (VimanaOverviewPage *self);

G_END_DECLS
