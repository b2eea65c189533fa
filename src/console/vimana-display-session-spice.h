/* vimana-display-session-spice.h: a guest's SPICE console, through spice-gtk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-display-session.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_DISPLAY_SESSION_SPICE (vimana_display_session_spice_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDisplaySessionSpice, vimana_display_session_spice, VIMANA,
                      DISPLAY_SESSION_SPICE, VimanaDisplaySession)

VimanaDisplaySession *vimana_display_session_spice_new (void);

G_END_DECLS
