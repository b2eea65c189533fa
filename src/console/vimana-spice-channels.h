/* vimana-spice-channels.h: what a SPICE channel gives the user, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <spice-client-gtk.h>

G_BEGIN_DECLS

char *vimana_spice_channel_lost_message (SpiceChannel *channel);

G_END_DECLS
