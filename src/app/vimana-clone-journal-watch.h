/* vimana-clone-journal-watch.h: what a clone left when the daemon went away goes when it is back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-application.h"
#include "vimana-connection.h"

G_BEGIN_DECLS

void vimana_clone_journal_watch (VimanaApplication *app,
                                 VimanaConnection  *connection);

G_END_DECLS
