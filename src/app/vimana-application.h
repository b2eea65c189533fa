/* vimana-application.h: the application: connections, settings, windows, command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"
#include "vimana-window.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_APPLICATION (vimana_application_get_type ())

G_DECLARE_FINAL_TYPE (VimanaApplication, vimana_application, VIMANA, APPLICATION, GtkApplication)

VimanaApplication *vimana_application_new                (void);
GListModel        *vimana_application_get_connections    (VimanaApplication *self);
GSettings         *vimana_application_get_settings       (VimanaApplication *self);
VimanaWindow      *vimana_application_get_main_window    (VimanaApplication *self);
VimanaConnection  *vimana_application_lookup_connection  (VimanaApplication *self,
                                                          const char        *uri);
VimanaConnection  *vimana_application_add_connection     (VimanaApplication *self,
                                                          const char        *uri,
                                                          gboolean           remember,
                                                          gboolean           autoconnect);
void               vimana_application_remove_connection  (VimanaApplication *self,
                                                          VimanaConnection  *connection);
GtkWindow         *vimana_application_show_details       (VimanaApplication *self,
                                                          VimanaDomain      *domain,
                                                          const char        *page);
GtkWindow         *vimana_application_show_host          (VimanaApplication *self,
                                                          VimanaConnection  *connection);
GtkWindow         *vimana_application_show_migrate       (VimanaApplication *self,
                                                          GtkWindow         *parent,
                                                          GPtrArray         *domains);
GtkWindow         *vimana_application_show_maintenance   (VimanaApplication *self,
                                                          GtkWindow         *parent,
                                                          VimanaConnection  *connection,
                                                          gboolean           return_guests);
GtkWindow         *vimana_application_show_clone         (VimanaApplication *self,
                                                          GtkWindow         *parent,
                                                          VimanaDomain      *domain);

void               vimana_application_name_help_overlay  (GtkWindow         *overlay);

G_END_DECLS
