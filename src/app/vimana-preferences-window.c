/* vimana-preferences-window.c: the application's preferences
 *
 * Switches are bound to their keys and apply at once. The two numbers are typed, not spun:
 * a spin button clamps silently, and a user who typed 600 seconds would never learn that 60
 * was kept. Here the text is checked when the user presses Enter or leaves the field; a
 * number out of range or not a number leaves the setting as it was and says why under the
 * field. The history length is stored in seconds but shown in minutes, the unit people think in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-preferences-window"

#include "config.h"

#include "vimana-preferences-window.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vimana-field-error.h"
#include "vimana-grab-keys.h"

typedef enum
{
    VIMANA_PREFERENCES_FIELD_INTERVAL,
    VIMANA_PREFERENCES_FIELD_HISTORY,
    VIMANA_PREFERENCES_FIELD_RECOVERY,
    VIMANA_PREFERENCES_N_FIELDS
} VimanaPreferencesField;

typedef struct
{
    const char *key;
    double      min;          /* in the unit shown */
    double      max;
    double      key_per_unit; /* how many of the key's units one shown unit is */
    gboolean    integer_key;
    const char *message;
} VimanaPreferencesFieldInfo;

static const VimanaPreferencesFieldInfo vimana_preferences_fields[] = {
    [VIMANA_PREFERENCES_FIELD_INTERVAL] = {
        .key = "stats-interval", .min = 0.5, .max = 60.0, .key_per_unit = 1.0,
        .integer_key = FALSE, .message = N_("Enter a number of seconds from 0.5 to 60."),
    },
    [VIMANA_PREFERENCES_FIELD_HISTORY] = {
        .key = "history-length", .min = 1.0, .max = 1440.0, .key_per_unit = 60.0,
        .integer_key = TRUE, .message = N_("Enter a number of minutes from 1 to 1440."),
    },
    [VIMANA_PREFERENCES_FIELD_RECOVERY] = {
        .key = "recovery-delay", .min = 10.0, .max = 3600.0, .key_per_unit = 1.0,
        .integer_key = TRUE, .message = N_("Enter a whole number of seconds from 10 to 3600."),
    },
};

struct _VimanaPreferencesWindow
{
    GtkWindow parent_instance;

    /* template widgets */
    GtkSwitch       *confirm_force_off_switch;
    GtkSwitch       *confirm_delete_switch;
    GtkSwitch       *confirm_pause_switch;
    GtkEntry        *interval_entry;
    GtkLabel        *interval_unit;
    GtkLabel        *interval_error;
    GtkEntry        *history_entry;
    GtkLabel        *history_unit;
    GtkLabel        *history_error;
    GtkEntry        *recovery_entry;
    GtkLabel        *recovery_unit;
    GtkLabel        *recovery_error;
    GtkSwitch       *slow_when_hidden_switch;
    GtkSwitch       *usb_auto_redirect_switch;
    GtkComboBoxText *release_combo;
    GtkEntry        *release_entry;
    GtkLabel        *release_error;

    /* owned references */
    GSettings *settings;
};

G_DEFINE_FINAL_TYPE (VimanaPreferencesWindow, vimana_preferences_window, GTK_TYPE_WINDOW)

enum {
    PROP_0,
    PROP_SETTINGS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkEntry *
vimana_preferences_window_get_entry (VimanaPreferencesWindow *self,
                                     VimanaPreferencesField   field)
{
    if (field == VIMANA_PREFERENCES_FIELD_RECOVERY)
        return self->recovery_entry;
    return field == VIMANA_PREFERENCES_FIELD_INTERVAL ? self->interval_entry : self->history_entry;
}

static GtkLabel *
vimana_preferences_window_get_error (VimanaPreferencesWindow *self,
                                     VimanaPreferencesField   field)
{
    if (field == VIMANA_PREFERENCES_FIELD_RECOVERY)
        return self->recovery_error;
    return field == VIMANA_PREFERENCES_FIELD_INTERVAL ? self->interval_error : self->history_error;
}

/* Accepts a plain decimal number, with a point or a comma; no signs, exponents or "inf". */
static gboolean
vimana_preferences_parse_number (const char *text,
                                 double     *value)
{
    g_autofree char *copy = g_strstrip (g_strdup (text));
    guint n_points = 0;
    guint n_digits = 0;
    char *end = NULL;

    for (char *p = copy; *p; p++) {
        if (*p == ',')
            *p = '.';
        if (*p == '.')
            n_points++;
        else if (g_ascii_isdigit (*p))
            n_digits++;
        else
            return FALSE;
    }
    if (n_digits == 0 || n_points > 1)
        return FALSE;

    *value = g_ascii_strtod (copy, &end);
    return end != NULL && *end == '\0' && isfinite (*value);
}

static void
vimana_preferences_window_show_error (VimanaPreferencesWindow *self,
                                      VimanaPreferencesField   field,
                                      gboolean                 invalid)
{
    vimana_field_error_set (GTK_WIDGET (vimana_preferences_window_get_entry (self, field)),
                            vimana_preferences_window_get_error (self, field),
                            invalid ? _(vimana_preferences_fields[field].message) : NULL);
}

/* Returns: whether the field's text is a number in range, stored in @key_value in key units */
static gboolean
vimana_preferences_window_check (VimanaPreferencesWindow *self,
                                 VimanaPreferencesField   field,
                                 double                  *key_value)
{
    const VimanaPreferencesFieldInfo *info = &vimana_preferences_fields[field];
    GtkEntry *entry = vimana_preferences_window_get_entry (self, field);
    double value;

    if (!vimana_preferences_parse_number (gtk_entry_get_text (entry), &value) ||
        value < info->min || value > info->max)
        return FALSE;

    *key_value = value * info->key_per_unit;
    if (info->integer_key)
        *key_value = (double) (gint64) (*key_value + 0.5); /* positive: no libm round () */
    return TRUE;
}

/* "1 second", "2 seconds": the unit after the field agrees with the number stored. */
static void
vimana_preferences_window_set_unit (VimanaPreferencesWindow *self,
                                    VimanaPreferencesField   field,
                                    double                   value)
{
    /* A fraction ("0.5") takes the form of a count of several. */
    gulong n = value == floor (value) && value >= 0 && value < G_MAXINT ? (gulong) value : 2;

    if (field == VIMANA_PREFERENCES_FIELD_INTERVAL)
        /* Translators: after the field "Time between samples", e.g. "[1] second". */
        gtk_label_set_text (self->interval_unit, ngettext ("second", "seconds", n));
    else if (field == VIMANA_PREFERENCES_FIELD_RECOVERY)
        /* Translators: after the field "Offer recovery of a lost host's guests after", e.g.
         * "[60] seconds". */
        gtk_label_set_text (self->recovery_unit, ngettext ("second", "seconds", n));
    else
        /* Translators: after the field "Graph history", e.g. "[10] minutes". */
        gtk_label_set_text (self->history_unit, ngettext ("minute", "minutes", n));
}

static void
vimana_preferences_window_load (VimanaPreferencesWindow *self,
                                VimanaPreferencesField   field)
{
    const VimanaPreferencesFieldInfo *info = &vimana_preferences_fields[field];
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    double value;

    if (info->integer_key)
        value = g_settings_get_int (self->settings, info->key);
    else
        value = g_settings_get_double (self->settings, info->key);
    g_ascii_formatd (text, sizeof text, "%g", value / info->key_per_unit);
    gtk_entry_set_text (vimana_preferences_window_get_entry (self, field), text);
    vimana_preferences_window_set_unit (self, field, value / info->key_per_unit);
    vimana_preferences_window_show_error (self, field, FALSE);
}

/* Writes the key only when the text is valid; otherwise the key keeps its value. */
static void
vimana_preferences_window_commit (VimanaPreferencesWindow *self,
                                  VimanaPreferencesField   field)
{
    const VimanaPreferencesFieldInfo *info = &vimana_preferences_fields[field];
    double value;

    if (self->settings == NULL)
        return;
    if (!vimana_preferences_window_check (self, field, &value)) {
        vimana_preferences_window_show_error (self, field, TRUE);
        return;
    }
    vimana_preferences_window_show_error (self, field, FALSE);
    if (info->integer_key) {
        if (g_settings_get_int (self->settings, info->key) != (int) value)
            g_settings_set_int (self->settings, info->key, (int) value);
    } else {
        if (g_settings_get_double (self->settings, info->key) != value)
            g_settings_set_double (self->settings, info->key, value);
    }
    /* Shows the number as stored, e.g. "2" for "2.0". */
    vimana_preferences_window_load (self, field);
}

/* While a message is shown, it goes away as soon as the text is fixed. */
static void
vimana_preferences_window_recheck (VimanaPreferencesWindow *self,
                                   VimanaPreferencesField   field)
{
    GtkLabel *error = vimana_preferences_window_get_error (self, field);
    double value;
    gboolean valid;

    if (!gtk_widget_get_visible (GTK_WIDGET (error)))
        return;
    valid = vimana_preferences_window_check (self, field, &value);
    vimana_preferences_window_show_error (self, field, !valid);
}

static void
vimana_preferences_window_interval_activate_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit (self, VIMANA_PREFERENCES_FIELD_INTERVAL);
}

static gboolean
vimana_preferences_window_interval_focus_out_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit (self, VIMANA_PREFERENCES_FIELD_INTERVAL);
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_preferences_window_interval_changed_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_recheck (self, VIMANA_PREFERENCES_FIELD_INTERVAL);
}

static void
vimana_preferences_window_history_activate_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit (self, VIMANA_PREFERENCES_FIELD_HISTORY);
}

static gboolean
vimana_preferences_window_history_focus_out_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit (self, VIMANA_PREFERENCES_FIELD_HISTORY);
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_preferences_window_history_changed_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_recheck (self, VIMANA_PREFERENCES_FIELD_HISTORY);
}

static void
vimana_preferences_window_recovery_activate_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit (self, VIMANA_PREFERENCES_FIELD_RECOVERY);
}

static gboolean
vimana_preferences_window_recovery_focus_out_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit (self, VIMANA_PREFERENCES_FIELD_RECOVERY);
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_preferences_window_recovery_changed_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_recheck (self, VIMANA_PREFERENCES_FIELD_RECOVERY);
}

/* ---- the console's release keys: a label in the entry, gtk-vnc's form in the setting ---- */

static void
vimana_preferences_window_show_release_error (VimanaPreferencesWindow *self,
                                              const char              *message)
{
    vimana_field_error_set (GTK_WIDGET (self->release_entry), self->release_error, message);
}

static void
vimana_preferences_window_load_release (VimanaPreferencesWindow *self)
{
    g_autofree char *keys = g_settings_get_string (self->settings, "console-release-keys");
    g_autofree char *label = vimana_grab_keys_to_label (keys);

    if (g_strcmp0 (gtk_entry_get_text (self->release_entry), label) != 0)
        gtk_entry_set_text (self->release_entry, label);
    vimana_preferences_window_show_release_error (self, NULL);
}

/* Writes the key only when the combination is usable; otherwise it keeps its value. */
static void
vimana_preferences_window_commit_release (VimanaPreferencesWindow *self)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *keys = NULL;
    g_autofree char *old = NULL;

    if (self->settings == NULL)
        return;
    keys = vimana_grab_keys_from_label (gtk_entry_get_text (self->release_entry), &error);
    if (keys == NULL) {
        vimana_preferences_window_show_release_error (self, error->message);
        return;
    }
    old = g_settings_get_string (self->settings, "console-release-keys");
    if (!g_str_equal (old, keys))
        g_settings_set_string (self->settings, "console-release-keys", keys);
    vimana_preferences_window_load_release (self);
}

static void
vimana_preferences_window_release_changed_cb (VimanaPreferencesWindow *self)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *keys = NULL;

    /* A combination picked from the list is taken at once; typing is taken on Enter or
     * when the entry loses focus, and only clears a message that no longer applies. */
    if (gtk_combo_box_get_active (GTK_COMBO_BOX (self->release_combo)) >= 0) {
        vimana_preferences_window_commit_release (self);
        return;
    }
    if (!gtk_widget_get_visible (GTK_WIDGET (self->release_error)))
        return;
    keys = vimana_grab_keys_from_label (gtk_entry_get_text (self->release_entry), &error);
    vimana_preferences_window_show_release_error (self, keys == NULL ? error->message : NULL);
}

static void
vimana_preferences_window_release_activate_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit_release (self);
}

static gboolean
vimana_preferences_window_release_focus_out_cb (VimanaPreferencesWindow *self)
{
    vimana_preferences_window_commit_release (self);
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_preferences_window_setting_changed_cb (GSettings  *settings,
                                              const char *key,
                                              gpointer    user_data)
{
    VimanaPreferencesWindow *self = user_data;

    for (guint i = 0; i < VIMANA_PREFERENCES_N_FIELDS; i++) {
        if (g_str_equal (key, vimana_preferences_fields[i].key))
            vimana_preferences_window_load (self, i);
    }
    if (g_str_equal (key, "console-release-keys"))
        vimana_preferences_window_load_release (self);
}

static gboolean
vimana_preferences_window_key_press_cb (GtkWidget   *widget,
                                        GdkEventKey *event,
                                        gpointer     user_data)
{
    GdkModifierType modifiers = event->state & gtk_accelerator_get_default_mod_mask ();

    if (event->keyval == GDK_KEY_Escape && modifiers == 0) {
        gtk_window_close (GTK_WINDOW (widget));
        return GDK_EVENT_STOP;
    }
    return GDK_EVENT_PROPAGATE;
}

/* A valid number typed but not yet confirmed is kept when the window closes. */
static gboolean
vimana_preferences_window_delete_event (GtkWidget   *widget,
                                        GdkEventAny *event)
{
    VimanaPreferencesWindow *self = VIMANA_PREFERENCES_WINDOW (widget);
    double value;

    for (guint i = 0; i < VIMANA_PREFERENCES_N_FIELDS; i++) {
        if (vimana_preferences_window_check (self, i, &value))
            vimana_preferences_window_commit (self, i);
    }
    /* GtkWindow has no handler of its own to chain up to; propagating lets it close. */
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_preferences_window_constructed (GObject *object)
{
    VimanaPreferencesWindow *self = VIMANA_PREFERENCES_WINDOW (object);

    G_OBJECT_CLASS (vimana_preferences_window_parent_class)->constructed (object);

    g_return_if_fail (self->settings != NULL);

    g_settings_bind (self->settings, "confirm-force-off", self->confirm_force_off_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "confirm-delete", self->confirm_delete_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "confirm-pause", self->confirm_pause_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "slow-when-hidden", self->slow_when_hidden_switch, "active",
                     G_SETTINGS_BIND_DEFAULT);
    g_settings_bind (self->settings, "usb-auto-redirect", self->usb_auto_redirect_switch,
                     "active", G_SETTINGS_BIND_DEFAULT);

    for (guint i = 0; i < VIMANA_PREFERENCES_N_FIELDS; i++)
        vimana_preferences_window_load (self, i);
    vimana_preferences_window_load_release (self);
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (vimana_preferences_window_setting_changed_cb), self, 0);
}

static void
vimana_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
    VimanaPreferencesWindow *self = VIMANA_PREFERENCES_WINDOW (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        g_set_object (&self->settings, g_value_get_object (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
    VimanaPreferencesWindow *self = VIMANA_PREFERENCES_WINDOW (object);

    switch (prop_id) {
    case PROP_SETTINGS:
        g_value_set_object (value, self->settings);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_preferences_window_dispose (GObject *object)
{
    VimanaPreferencesWindow *self = VIMANA_PREFERENCES_WINDOW (object);

    if (self->settings != NULL)
        g_signal_handlers_disconnect_by_data (self->settings, self);
    g_clear_object (&self->settings);

    G_OBJECT_CLASS (vimana_preferences_window_parent_class)->dispose (object);
}

static void
vimana_preferences_window_class_init (VimanaPreferencesWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = vimana_preferences_window_constructed;
    object_class->set_property = vimana_preferences_window_set_property;
    object_class->get_property = vimana_preferences_window_get_property;
    object_class->dispose = vimana_preferences_window_dispose;
    widget_class->delete_event = vimana_preferences_window_delete_event;

    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-preferences-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow,
                                          confirm_force_off_switch);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow,
                                          confirm_delete_switch);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow,
                                          confirm_pause_switch);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, interval_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, interval_unit);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, interval_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, history_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, history_unit);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, history_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, recovery_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, recovery_unit);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, recovery_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow,
                                          slow_when_hidden_switch);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow,
                                          usb_auto_redirect_switch);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_interval_activate_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_interval_focus_out_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_interval_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_history_activate_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_history_focus_out_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_history_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_recovery_activate_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_recovery_focus_out_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_recovery_changed_cb);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, release_combo);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, release_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaPreferencesWindow, release_error);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_release_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_release_activate_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_preferences_window_release_focus_out_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_preferences_window_key_press_cb);
}

static void
vimana_preferences_window_init (VimanaPreferencesWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * vimana_preferences_window_new:
 * @parent: (nullable): the window the preferences are modal to
 * @settings: the application's settings
 *
 * Returns: (transfer none): a new window; it destroys itself when closed
 */
GtkWidget *
vimana_preferences_window_new (GtkWindow *parent,
                               GSettings *settings)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

    return g_object_new (VIMANA_TYPE_PREFERENCES_WINDOW,
                         "transient-for", parent,
                         "settings", settings,
                         NULL);
}
