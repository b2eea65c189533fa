/* vimana-format.h: sizes for people, the one way every window writes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *vimana_format_bytes      (double bytes);
char *vimana_format_byte_rate  (double bytes_per_second);

G_END_DECLS
