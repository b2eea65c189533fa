/* vimana-grab-keys.h: the key combination that releases the console's keyboard grab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VIMANA_GRAB_KEYS_DEFAULT "Control_L+Alt_L"
#define VIMANA_GRAB_KEYS_MAX     4

gboolean vimana_grab_keys_parse        (const char  *label,
                                        gboolean     need_modifier,
                                        guint       *keyvals,
                                        guint       *n_keys,
                                        GError     **error);
char    *vimana_grab_keys_from_label   (const char  *label,
                                        GError     **error);
char    *vimana_grab_keys_from_setting (const char  *stored);
char    *vimana_grab_keys_to_label     (const char  *keys);
char    *vimana_grab_keys_hint         (const char  *keys);
guint    vimana_grab_keys_to_keyvals   (const char  *keys,
                                        guint       *keyvals);

G_END_DECLS
