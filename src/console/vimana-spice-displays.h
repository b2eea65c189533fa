/* vimana-spice-displays.h: every monitor of a SPICE connection, one tab each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <spice-client-gtk.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_SPICE_DISPLAYS (vimana_spice_displays_get_type ())

G_DECLARE_FINAL_TYPE (VimanaSpiceDisplays, vimana_spice_displays, VIMANA, SPICE_DISPLAYS,
                      GtkNotebook)

GtkWidget    *vimana_spice_displays_new            (void);
void          vimana_spice_displays_set_console_name (VimanaSpiceDisplays *self,
                                                      const char          *console);
void          vimana_spice_displays_add            (VimanaSpiceDisplays *self,
                                                    SpiceDisplay        *display,
                                                    int                  channel_id,
                                                    int                  monitor_id);
gboolean      vimana_spice_displays_has            (VimanaSpiceDisplays *self,
                                                    int                  channel_id,
                                                    int                  monitor_id);
void          vimana_spice_displays_remove         (VimanaSpiceDisplays *self,
                                                    int                  channel_id,
                                                    int                  from_monitor);
void          vimana_spice_displays_remove_all     (VimanaSpiceDisplays *self);
SpiceDisplay *vimana_spice_displays_get_current    (VimanaSpiceDisplays *self);
GList        *vimana_spice_displays_sync           (VimanaSpiceDisplays *self,
                                                    SpiceSession        *spice);
GList        *vimana_spice_displays_list           (VimanaSpiceDisplays *self);
guint         vimana_spice_displays_count_monitors (GArray              *monitors);

G_END_DECLS
