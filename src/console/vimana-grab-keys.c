/* vimana-grab-keys.c: the key combination that releases the console's keyboard grab
 *
 * The setting keeps what gtk-vnc reads (vnc_grab_sequence_new_from_string ()): X keysym
 * names joined with "+", e.g. "Control_L+Alt_L". People type and read "Ctrl+Alt", so the
 * Preferences entry speaks labels and these functions translate both ways. Key names stay
 * English, as they are printed on keyboards and in GTK's own accelerator labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-grab-keys"

#include "config.h"

#include "vimana-grab-keys.h"

#include <gdk/gdk.h>
#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

typedef struct
{
    const char *label;
    const char *keysym;
} VimanaGrabKeyName;

/* First match wins when turning a keysym into a label. */
static const VimanaGrabKeyName vimana_grab_key_names[] = {
    { "Ctrl",        "Control_L" },
    { "Right Ctrl",  "Control_R" },
    { "Alt",         "Alt_L" },
    { "Right Alt",   "Alt_R" },
    { "AltGr",       "ISO_Level3_Shift" },
    { "Shift",       "Shift_L" },
    { "Right Shift", "Shift_R" },
    { "Super",       "Super_L" },
    { "Right Super", "Super_R" },
    /* other spellings people type */
    { "Control",     "Control_L" },
    { "Left Ctrl",   "Control_L" },
    { "Left Alt",    "Alt_L" },
    { "Left Shift",  "Shift_L" },
    { "Win",         "Super_L" },
    { "Windows",     "Super_L" },
    { "Left Super",  "Super_L" },
};

static gboolean
vimana_grab_keys_is_modifier (guint keyval)
{
    switch (keyval) {
    case GDK_KEY_Control_L:
    case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L:
    case GDK_KEY_Alt_R:
    case GDK_KEY_ISO_Level3_Shift:
    case GDK_KEY_Shift_L:
    case GDK_KEY_Shift_R:
    case GDK_KEY_Super_L:
    case GDK_KEY_Super_R:
    case GDK_KEY_Meta_L:
    case GDK_KEY_Meta_R:
        return TRUE;
    default:
        return FALSE;
    }
}

/* Returns: the keysym a label's word names, or GDK_KEY_VoidSymbol */
static guint
vimana_grab_keys_lookup (const char *word)
{
    guint keyval;

    for (gsize i = 0; i < G_N_ELEMENTS (vimana_grab_key_names); i++) {
        if (g_ascii_strcasecmp (word, vimana_grab_key_names[i].label) == 0)
            return gdk_keyval_from_name (vimana_grab_key_names[i].keysym);
    }
    /* A single character: its keysym is the lower-case letter ("g", not "G" which needs Shift). */
    if (g_utf8_strlen (word, -1) == 1) {
        keyval = gdk_unicode_to_keyval (g_unichar_tolower (g_utf8_get_char (word)));
        return (keyval & 0x01000000) != 0 ? GDK_KEY_VoidSymbol : keyval;
    }
    keyval = gdk_keyval_from_name (word);
    if (keyval == GDK_KEY_VoidSymbol || keyval == 0) {
        /* "f12", "scroll_lock", "print" */
        g_autofree char *title = g_strdup (word);

        title[0] = g_ascii_toupper (title[0]);
        keyval = gdk_keyval_from_name (title);
    }
    return keyval == 0 ? GDK_KEY_VoidSymbol : keyval;
}

/**
 * vimana_grab_keys_parse:
 * @label: what the user typed, e.g. "Ctrl+Alt", "Right Ctrl", "Ctrl+Alt+G" or "F12"
 * @need_modifier: refuse a combination without Ctrl, Alt, Shift or Super
 * @keyvals: (out caller-allocates) (array fixed-size=4): the keys, in the order typed
 * @n_keys: (out): how many
 * @error: set, with a message for the user, when @label is not a usable combination
 *
 * Returns: whether @label names a combination
 */
gboolean
vimana_grab_keys_parse (const char  *label,
                        gboolean     need_modifier,
                        guint       *keyvals,
                        guint       *n_keys,
                        GError     **error)
{
    g_auto(GStrv) words = NULL;
    gboolean has_modifier = FALSE;
    guint n = 0;

    g_return_val_if_fail (label != NULL, FALSE);

    words = g_strsplit (label, "+", -1);
    for (guint i = 0; words[i] != NULL; i++) {
        char *word = g_strstrip (words[i]);
        guint keyval;

        if (*word == '\0') {
            if (words[i + 1] == NULL && i > 0 && n > 0)
                continue; /* "Ctrl+Alt+" */
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         n == 0 && words[1] == NULL
                         ? _("Type a key combination, such as Ctrl+Alt.")
                         : _("A key is missing between two “+” signs."));
            return FALSE;
        }
        keyval = vimana_grab_keys_lookup (word);
        if (keyval == GDK_KEY_VoidSymbol) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("“%s” is not a key. Use Ctrl, Alt, Shift, Super or a key such as F12, "
                           "joined with “+”."), word);
            return FALSE;
        }
        for (guint k = 0; k < n; k++) {
            if (keyvals[k] == keyval) {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("“%s” is in the combination twice."), word);
                return FALSE;
            }
        }
        if (n == VIMANA_GRAB_KEYS_MAX) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         ngettext ("Use at most %d key.", "Use at most %d keys.",
                                   VIMANA_GRAB_KEYS_MAX), VIMANA_GRAB_KEYS_MAX);
            return FALSE;
        }
        keyvals[n++] = keyval;
        has_modifier |= vimana_grab_keys_is_modifier (keyval);
    }

    if (n == 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Type a key combination, such as Ctrl+Alt."));
        return FALSE;
    }
    if (need_modifier && !has_modifier) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     _("Include Ctrl, Alt, Shift or Super: keys typed in the guest must not "
                       "release the keyboard."));
        return FALSE;
    }
    *n_keys = n;
    return TRUE;
}

/**
 * vimana_grab_keys_from_label:
 * @label: what the user typed, e.g. "Ctrl+Alt" or "Right Ctrl" or "Ctrl+Alt+G"
 * @error: set, with a message for the user, when @label is not a usable release combination
 *
 * Returns: (transfer full) (nullable): the combination in gtk-vnc's form, e.g. "Control_L+Alt_L"
 */
char *
vimana_grab_keys_from_label (const char  *label,
                             GError     **error)
{
    guint keyvals[VIMANA_GRAB_KEYS_MAX];
    guint n_keys = 0;
    GString *keys;

    if (!vimana_grab_keys_parse (label, TRUE, keyvals, &n_keys, error))
        return NULL;
    keys = g_string_new (NULL);
    for (guint i = 0; i < n_keys; i++) {
        if (i > 0)
            g_string_append_c (keys, '+');
        g_string_append (keys, gdk_keyval_name (keyvals[i]));
    }
    return g_string_free (keys, FALSE);
}

/**
 * vimana_grab_keys_from_setting:
 * @stored: (nullable): the console-release-keys setting
 *
 * The setting is checked where it is typed (Preferences); a value edited by hand that is not
 * a usable combination in canonical form falls back to the default.
 *
 * Returns: (transfer full): the combination to use, in gtk-vnc's form
 */
char *
vimana_grab_keys_from_setting (const char *stored)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *label = NULL;
    char *keys;

    if (stored == NULL)
        return g_strdup (VIMANA_GRAB_KEYS_DEFAULT);
    label = vimana_grab_keys_to_label (stored);
    keys = vimana_grab_keys_from_label (label, &error);
    if (keys != NULL && g_str_equal (keys, stored))
        return keys;
    g_debug ("Ignoring console-release-keys “%s”: %s", stored,
             error != NULL ? error->message : "not in canonical form");
    g_free (keys);
    return g_strdup (VIMANA_GRAB_KEYS_DEFAULT);
}

/**
 * vimana_grab_keys_to_label:
 * @keys: a combination in gtk-vnc's form, e.g. "Control_L+Alt_L"
 *
 * Returns: (transfer full): how people write it, e.g. "Ctrl+Alt"
 */
char *
vimana_grab_keys_to_label (const char *keys)
{
    g_auto(GStrv) names = g_strsplit (keys != NULL ? keys : "", "+", -1);
    g_autoptr(GString) label = g_string_new (NULL);

    for (guint i = 0; names[i] != NULL; i++) {
        const char *word = names[i];
        g_autofree char *upper = NULL;

        if (*word == '\0')
            continue;
        for (gsize n = 0; n < G_N_ELEMENTS (vimana_grab_key_names); n++) {
            if (g_str_equal (word, vimana_grab_key_names[n].keysym)) {
                word = vimana_grab_key_names[n].label;
                break;
            }
        }
        if (word == names[i] && strlen (word) == 1)
            word = upper = g_ascii_strup (word, -1);
        if (label->len > 0)
            g_string_append_c (label, '+');
        g_string_append (label, word);
    }
    return g_string_free (g_steal_pointer (&label), FALSE);
}

/**
 * vimana_grab_keys_hint:
 * @keys: a combination in gtk-vnc's form
 *
 * Returns: (transfer full): the sentence shown while the console holds the keyboard
 */
char *
vimana_grab_keys_hint (const char *keys)
{
    g_autofree char *label = vimana_grab_keys_to_label (keys);

    /* Translators: %s is a key combination such as "Ctrl+Alt" */
    return g_strdup_printf (_("Press %s to release the keyboard"), label);
}

/**
 * vimana_grab_keys_to_keyvals:
 * @keys: a combination in gtk-vnc's form, as vimana_grab_keys_from_setting () returns
 * @keyvals: (out caller-allocates) (array fixed-size=4): the keys' GDK key values
 *
 * Returns: how many keys @keys names (at most %VIMANA_GRAB_KEYS_MAX; unknown names are skipped)
 */
guint
vimana_grab_keys_to_keyvals (const char *keys,
                             guint      *keyvals)
{
    g_auto(GStrv) names = g_strsplit (keys != NULL ? keys : "", "+", -1);
    guint n = 0;

    for (guint i = 0; names[i] != NULL && n < VIMANA_GRAB_KEYS_MAX; i++) {
        guint keyval = gdk_keyval_from_name (names[i]);

        if (keyval != GDK_KEY_VoidSymbol && keyval != 0)
            keyvals[n++] = keyval;
    }
    return n;
}
