/* vimana-malloc.h: how the process's allocator is set up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void vimana_malloc_tune (void);

G_END_DECLS
