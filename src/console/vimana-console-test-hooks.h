/* vimana-console-test-hooks.h: what the system tests read from a console, through the environment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-display-session.h"

G_BEGIN_DECLS

gboolean vimana_console_test_hooks_dial_directly (void);
gboolean vimana_console_test_hooks_dumping       (void);
void     vimana_console_test_hooks_watch         (VimanaDisplaySession *session,
                                                  const char           *name);

G_END_DECLS
