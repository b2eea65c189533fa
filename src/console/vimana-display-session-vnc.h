/* vimana-display-session-vnc.h: a guest's VNC console, through gtk-vnc
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-display-session.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_DISPLAY_SESSION_VNC (vimana_display_session_vnc_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDisplaySessionVnc, vimana_display_session_vnc, VIMANA,
                      DISPLAY_SESSION_VNC, VimanaDisplaySession)

VimanaDisplaySession *vimana_display_session_vnc_new (void);

G_END_DECLS
