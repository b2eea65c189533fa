/* vimana-console-page.h: a guest's console, following the guest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-display-session.h"
#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_CONSOLE_PAGE (vimana_console_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaConsolePage, vimana_console_page, VIMANA, CONSOLE_PAGE, GtkBox)

GtkWidget            *vimana_console_page_new          (void);
void                  vimana_console_page_set_domain   (VimanaConsolePage *self,
                                                        VimanaDomain      *domain);
void                  vimana_console_page_set_settings (VimanaConsolePage *self,
                                                        GSettings         *settings);
const char           *vimana_console_page_get_state    (VimanaConsolePage *self);
const char           *vimana_console_page_get_reason   (VimanaConsolePage *self);
guint                 vimana_console_page_get_attempts (VimanaConsolePage *self);
VimanaDisplaySession *vimana_console_page_get_session  (VimanaConsolePage *self);
void                  vimana_console_page_reconnect    (VimanaConsolePage *self);
void                  vimana_console_page_start_and_attach (VimanaConsolePage *self);

G_END_DECLS
