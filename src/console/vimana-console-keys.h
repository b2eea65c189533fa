/* vimana-console-keys.h: keys sent to a guest's console, by name or as typed text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-display-session.h"

G_BEGIN_DECLS

gboolean vimana_console_keys_send_named (VimanaDisplaySession *session,
                                         const char           *id);
guint    vimana_console_keys_type_text  (VimanaDisplaySession *session,
                                         const char           *text,
                                         guint                 max_chars);

G_END_DECLS
