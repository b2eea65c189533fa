/* vimana-spice-channels.c: what a SPICE channel gives the user, in words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vimana-spice-channels.h"

#include <glib/gi18n.h>

/**
 * vimana_spice_channel_lost_message:
 * @channel: a channel the server closed
 *
 * Returns: (transfer full): what the user no longer has, the rest of the console working on
 */
char *
vimana_spice_channel_lost_message (SpiceChannel *channel)
{
    int type = 0;

    g_object_get (channel, "channel-type", &type, NULL);
    switch (type) {
    case SPICE_CHANNEL_DISPLAY:
        return g_strdup (_("The guest’s display channel closed: the picture no longer changes. "
                           "The keyboard and the mouse still reach the guest."));
    case SPICE_CHANNEL_INPUTS:
        return g_strdup (_("The guest’s inputs channel closed: the keyboard and the mouse no "
                           "longer reach the guest. The picture still changes."));
    case SPICE_CHANNEL_CURSOR:
        return g_strdup (_("The guest’s cursor channel closed: the guest’s pointer is no "
                           "longer drawn."));
    case SPICE_CHANNEL_PLAYBACK:
        return g_strdup (_("The guest’s playback channel closed: its sound no longer plays."));
    case SPICE_CHANNEL_RECORD:
        return g_strdup (_("The guest’s record channel closed: the microphone no longer "
                           "reaches the guest."));
    case SPICE_CHANNEL_USBREDIR:
        return g_strdup (_("A USB redirection channel of the guest closed: the device it "
                           "carried is back on this computer, and one device fewer can be "
                           "given to the guest."));
    case SPICE_CHANNEL_WEBDAV:
        return g_strdup (_("The guest’s WebDAV channel closed: the shared folder is no longer "
                           "available in the guest."));
    case SPICE_CHANNEL_SMARTCARD:
        return g_strdup (_("The guest’s smart card channel closed: smart cards no longer reach "
                           "the guest."));
    default:
        /* Translators: %s is the name of a SPICE channel, such as “port”. */
        return g_strdup_printf (_("The guest’s “%s” channel closed; the rest of the console "
                                  "keeps working."), spice_channel_type_to_string (type));
    }
}
