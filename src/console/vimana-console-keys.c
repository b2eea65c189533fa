/* vimana-console-keys.c: keys sent to a guest's console, by name or as typed text
 *
 * The Send Key menu names its combinations ("ctrl-alt-del", "ctrl-alt-f1" … "ctrl-alt-f12",
 * "print"); Paste as Keystrokes types text key by key, as a US keyboard would. Both go through
 * the display session, so they work the same whatever protocol shows the guest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-console-keys"

#include "config.h"

#include "vimana-console-keys.h"

#include <gdk/gdkkeysyms.h>
#include <string.h>

static const struct
{
    const char *id;
    guint       keyvals[3];
    guint       n;
} vimana_console_keys[] = {
    { "ctrl-alt-del", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_Delete }, 3 },
    { "ctrl-alt-backspace", { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_BackSpace }, 3 },
    { "print", { GDK_KEY_Print }, 1 },
};

/**
 * vimana_console_keys_send_named:
 * @session: a connected #VimanaDisplaySession
 * @id: a Send Key menu target: "ctrl-alt-del", "ctrl-alt-backspace", "print",
 *   "ctrl-alt-f1" … "ctrl-alt-f12"
 *
 * Returns: whether @id names a combination (and it was sent)
 */
gboolean
vimana_console_keys_send_named (VimanaDisplaySession *session,
                                const char           *id)
{
    for (guint i = 0; i < G_N_ELEMENTS (vimana_console_keys); i++) {
        if (g_strcmp0 (id, vimana_console_keys[i].id) == 0) {
            vimana_display_session_send_keys (session, vimana_console_keys[i].keyvals,
                                              vimana_console_keys[i].n, VIMANA_DISPLAY_KEY_CLICK);
            return TRUE;
        }
    }
    if (g_str_has_prefix (id, "ctrl-alt-f")) {
        guint n = (guint) g_ascii_strtoull (id + strlen ("ctrl-alt-f"), NULL, 10);

        if (n >= 1 && n <= 12) {
            guint keys[] = { GDK_KEY_Control_L, GDK_KEY_Alt_L, GDK_KEY_F1 + n - 1 };

            vimana_display_session_send_keys (session, keys, G_N_ELEMENTS (keys),
                                              VIMANA_DISPLAY_KEY_CLICK);
            return TRUE;
        }
    }
    return FALSE;
}

/* Whether a US keyboard needs Shift for this ASCII character. */
static gboolean
vimana_console_keys_needs_shift (gunichar c)
{
    return g_ascii_isupper (c) || strchr ("~!@#$%^&*()_+{}|:\"<>?", (int) c) != NULL;
}

/**
 * vimana_console_keys_type_text:
 * @session: a connected #VimanaDisplaySession
 * @text: UTF-8 text; only its ASCII characters, newlines and tabs are typed
 * @max_chars: at most this many characters are looked at
 *
 * Returns: the number of characters looked at
 */
guint
vimana_console_keys_type_text (VimanaDisplaySession *session,
                               const char           *text,
                               guint                 max_chars)
{
    guint shift = GDK_KEY_Shift_L;
    guint typed = 0;

    for (const char *p = text; *p != '\0' && typed < max_chars; p = g_utf8_next_char (p), typed++) {
        gunichar c = g_utf8_get_char (p);
        guint keyval;
        gboolean shifted;

        if (c == '\n')
            keyval = GDK_KEY_Return;
        else if (c == '\t')
            keyval = GDK_KEY_Tab;
        else if (c >= 0x20 && c < 0x7f)
            keyval = gdk_unicode_to_keyval (c);
        else
            continue;     /* Only ASCII maps to keys reliably. */

        /* Protocols send the key's scan code: a capital needs Shift held like on a keyboard. */
        shifted = vimana_console_keys_needs_shift (c);
        if (shifted) {
            keyval = gdk_keyval_to_lower (keyval);
            vimana_display_session_send_keys (session, &shift, 1, VIMANA_DISPLAY_KEY_PRESS);
        }
        vimana_display_session_send_keys (session, &keyval, 1, VIMANA_DISPLAY_KEY_CLICK);
        if (shifted)
            vimana_display_session_send_keys (session, &shift, 1, VIMANA_DISPLAY_KEY_RELEASE);
    }
    return typed;
}
