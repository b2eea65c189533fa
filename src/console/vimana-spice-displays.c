/* vimana-spice-displays.c: every monitor of a SPICE connection, one tab each
 *
 * A SPICE connection has a display channel per video device of the guest (a second QXL card is
 * display channel 1), and each channel one monitor or more (its "monitors" property, where the
 * guest's agent or driver configured several heads). Each (channel, monitor) gets its own
 * SpiceDisplay, a page of this notebook labelled "Display 1", "Display 2"… in channel then
 * monitor order; the tabs show only when there is more than one. The session asks which one
 * is shown for what acts on "the" display (screenshot, keys).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-display-session-spice"

#include "config.h"

#include "vimana-spice-displays.h"

#include <glib/gi18n.h>

#define VIMANA_SPICE_CHANNEL_KEY "vimana-spice-channel-id"
#define VIMANA_SPICE_MONITOR_KEY "vimana-spice-monitor-id"

struct _VimanaSpiceDisplays
{
    GtkNotebook parent_instance;

    char *console;      /* the console's accessible name, which the first display takes */
};

G_DEFINE_FINAL_TYPE (VimanaSpiceDisplays, vimana_spice_displays, GTK_TYPE_NOTEBOOK)

static int
vimana_spice_displays_key (GtkWidget *page)
{
    int channel_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (page),
                                                         VIMANA_SPICE_CHANNEL_KEY));
    int monitor_id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (page),
                                                         VIMANA_SPICE_MONITOR_KEY));

    return channel_id * 256 + monitor_id;
}

/* Numbers the pages in order and names each display for assistive technologies. */
static void
vimana_spice_displays_relabel (VimanaSpiceDisplays *self)
{
    GtkNotebook *notebook = GTK_NOTEBOOK (self);
    int n = gtk_notebook_get_n_pages (notebook);
    const char *console = self->console;

    for (int i = 0; i < n; i++) {
        GtkWidget *page = gtk_notebook_get_nth_page (notebook, i);
        /* Translators: a tab of the console, one per monitor of the guest; %u counts from 1. */
        g_autofree char *label = g_strdup_printf (_("Display %u"), (guint) i + 1);
        g_autofree char *name = NULL;

        gtk_notebook_set_tab_label_text (notebook, page, label);
        if (i == 0 || console == NULL)
            name = g_strdup (console != NULL ? console : label);
        else
            /* Translators: a monitor's accessible name: the console's name, then "Display 2". */
            name = g_strdup_printf (_("%s, %s"), console, label);
        atk_object_set_name (gtk_widget_get_accessible (page), name);
    }
    gtk_notebook_set_show_tabs (notebook, n > 1);
}

/* The first display is named @console, the others after it. */
void
vimana_spice_displays_set_console_name (VimanaSpiceDisplays *self,
                                        const char          *console)
{
    g_return_if_fail (VIMANA_IS_SPICE_DISPLAYS (self));

    g_free (self->console);
    self->console = g_strdup (console);
    vimana_spice_displays_relabel (self);
}

/* @display goes in its place among the others (sunk if floating). */
void
vimana_spice_displays_add (VimanaSpiceDisplays *self,
                           SpiceDisplay        *display,
                           int                  channel_id,
                           int                  monitor_id)
{
    GtkNotebook *notebook = GTK_NOTEBOOK (self);
    GtkWidget *widget = GTK_WIDGET (display);
    int n = gtk_notebook_get_n_pages (notebook);
    int key = channel_id * 256 + monitor_id;
    int position = 0;

    g_return_if_fail (VIMANA_IS_SPICE_DISPLAYS (self));
    g_return_if_fail (!vimana_spice_displays_has (self, channel_id, monitor_id));

    g_object_set_data (G_OBJECT (widget), VIMANA_SPICE_CHANNEL_KEY, GINT_TO_POINTER (channel_id));
    g_object_set_data (G_OBJECT (widget), VIMANA_SPICE_MONITOR_KEY, GINT_TO_POINTER (monitor_id));
    while (position < n &&
           vimana_spice_displays_key (gtk_notebook_get_nth_page (notebook, position)) < key)
        position++;
    gtk_widget_set_hexpand (widget, TRUE);
    gtk_widget_set_vexpand (widget, TRUE);
    gtk_notebook_insert_page (notebook, widget, NULL, position);
    gtk_widget_show (widget);
    vimana_spice_displays_relabel (self);
}

gboolean
vimana_spice_displays_has (VimanaSpiceDisplays *self,
                           int                  channel_id,
                           int                  monitor_id)
{
    GtkNotebook *notebook = GTK_NOTEBOOK (self);
    int n = gtk_notebook_get_n_pages (notebook);

    for (int i = 0; i < n; i++)
        if (vimana_spice_displays_key (gtk_notebook_get_nth_page (notebook, i)) ==
            channel_id * 256 + monitor_id)
            return TRUE;
    return FALSE;
}

/* Destroys @channel_id's displays from its monitor @from_monitor on. */
void
vimana_spice_displays_remove (VimanaSpiceDisplays *self,
                              int                  channel_id,
                              int                  from_monitor)
{
    GtkNotebook *notebook = GTK_NOTEBOOK (self);

    g_return_if_fail (VIMANA_IS_SPICE_DISPLAYS (self));

    for (int i = gtk_notebook_get_n_pages (notebook) - 1; i >= 0; i--) {
        GtkWidget *page = gtk_notebook_get_nth_page (notebook, i);
        int key = vimana_spice_displays_key (page);

        if (key / 256 == channel_id && key % 256 >= from_monitor)
            gtk_widget_destroy (page);
    }
    vimana_spice_displays_relabel (self);
}

void
vimana_spice_displays_remove_all (VimanaSpiceDisplays *self)
{
    GtkNotebook *notebook = GTK_NOTEBOOK (self);

    g_return_if_fail (VIMANA_IS_SPICE_DISPLAYS (self));

    for (int i = gtk_notebook_get_n_pages (notebook) - 1; i >= 0; i--)
        gtk_widget_destroy (gtk_notebook_get_nth_page (notebook, i));
    gtk_notebook_set_show_tabs (notebook, FALSE);
}

/* Returns: (transfer none) (nullable): the display shown */
SpiceDisplay *
vimana_spice_displays_get_current (VimanaSpiceDisplays *self)
{
    GtkNotebook *notebook = GTK_NOTEBOOK (self);
    int current;

    g_return_val_if_fail (VIMANA_IS_SPICE_DISPLAYS (self), NULL);

    current = gtk_notebook_get_current_page (notebook);
    if (current < 0)
        return NULL;
    return SPICE_DISPLAY (gtk_notebook_get_nth_page (notebook, current));
}

/* Returns: (transfer container) (element-type SpiceDisplay): every display, in order */
GList *
vimana_spice_displays_list (VimanaSpiceDisplays *self)
{
    g_return_val_if_fail (VIMANA_IS_SPICE_DISPLAYS (self), NULL);

    return gtk_container_get_children (GTK_CONTAINER (self));
}

/**
 * vimana_spice_displays_sync:
 * @spice: the connection
 *
 * Gives every monitor of @spice's display channels a display (the first channel's first
 * monitor excepted: the caller adds that one), and takes those of monitors gone.
 *
 * Returns: (transfer container) (element-type SpiceDisplay): the displays added
 */
GList *
vimana_spice_displays_sync (VimanaSpiceDisplays *self,
                            SpiceSession        *spice)
{
    GList *channels = spice_session_get_channels (spice);
    GList *added = NULL;

    for (GList *l = channels; l != NULL; l = l->next) {
        g_autoptr(GArray) monitors = NULL;
        int id = 0;
        guint count;

        if (!SPICE_IS_DISPLAY_CHANNEL (l->data))
            continue;
        g_object_get (l->data, "channel-id", &id, "monitors", &monitors, NULL);
        count = vimana_spice_displays_count_monitors (monitors);
        vimana_spice_displays_remove (self, id, MAX ((int) count, id == 0 ? 1 : 0));
        for (guint monitor = id == 0 ? 1 : 0; monitor < count; monitor++) {
            SpiceDisplay *display;

            if (vimana_spice_displays_has (self, id, (int) monitor))
                continue;
            g_debug ("Display channel %d's monitor %u gets a display", id, monitor);
            display = spice_display_new_with_monitor (spice, id, (int) monitor);
            vimana_spice_displays_add (self, display, id, (int) monitor);
            added = g_list_append (added, display);
        }
    }
    g_list_free (channels);
    return added;
}

/**
 * vimana_spice_displays_count_monitors:
 * @monitors: (nullable) (element-type SpiceDisplayMonitorConfig): a display channel's
 *   "monitors" property
 *
 * Returns: how many monitors the channel shows: one past the highest monitor id, and one
 *   when it has not said (a channel whose guest set no mode yet, a surface without a monitor
 *   configuration); never more than the 16 heads a QXL card has.
 */
guint
vimana_spice_displays_count_monitors (GArray *monitors)
{
    guint count = 1;

    if (monitors == NULL)
        return count;
    for (guint i = 0; i < monitors->len; i++) {
        const SpiceDisplayMonitorConfig *config =
            &g_array_index (monitors, SpiceDisplayMonitorConfig, i);

        if (config->width == 0 || config->height == 0)
            continue;
        if (config->id < 16 && config->id + 1 > count)
            count = config->id + 1;
    }
    return count;
}

static void
vimana_spice_displays_init (VimanaSpiceDisplays *self)
{
    gtk_notebook_set_show_tabs (GTK_NOTEBOOK (self), FALSE);
    gtk_notebook_set_show_border (GTK_NOTEBOOK (self), FALSE);
    gtk_notebook_set_scrollable (GTK_NOTEBOOK (self), TRUE);
    gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
    gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
}

static void
vimana_spice_displays_finalize (GObject *object)
{
    g_free (VIMANA_SPICE_DISPLAYS (object)->console);

    G_OBJECT_CLASS (vimana_spice_displays_parent_class)->finalize (object);
}

static void
vimana_spice_displays_class_init (VimanaSpiceDisplaysClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_spice_displays_finalize;
}

/* Returns: (transfer floating): a new notebook, without displays */
GtkWidget *
vimana_spice_displays_new (void)
{
    return g_object_new (VIMANA_TYPE_SPICE_DISPLAYS, NULL);
}
