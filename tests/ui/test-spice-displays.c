/* test-spice-displays.c: a SPICE connection's monitors, a tab each (VimanaSpiceDisplays)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"
#include "vimana-spice-displays.h"

static void
add_monitor (GArray *monitors,
             guint   id,
             guint   width,
             guint   height)
{
    SpiceDisplayMonitorConfig config = { .id = id, .width = width, .height = height };

    g_array_append_val (monitors, config);
}

/* What a display channel's "monitors" says becomes how many displays it gets. */
static void
test_spice_displays_count (void)
{
    g_autoptr(GArray) monitors = g_array_new (FALSE, TRUE, sizeof (SpiceDisplayMonitorConfig));

    /* not said yet: the channel's one monitor */
    g_assert_cmpuint (vimana_spice_displays_count_monitors (NULL), ==, 1);
    g_assert_cmpuint (vimana_spice_displays_count_monitors (monitors), ==, 1);
    add_monitor (monitors, 0, 1024, 768);
    g_assert_cmpuint (vimana_spice_displays_count_monitors (monitors), ==, 1);
    /* heads 0 and 2 on (1 off): three displays, the second empty */
    add_monitor (monitors, 2, 800, 600);
    g_assert_cmpuint (vimana_spice_displays_count_monitors (monitors), ==, 3);
    /* a head turned off, and one no QXL card has, count for nothing */
    add_monitor (monitors, 5, 0, 0);
    add_monitor (monitors, 40, 640, 480);
    g_assert_cmpuint (vimana_spice_displays_count_monitors (monitors), ==, 3);
}

static const char *
tab_text (GtkNotebook *notebook,
          int          page)
{
    return gtk_notebook_get_tab_label_text (notebook, gtk_notebook_get_nth_page (notebook, page));
}

static const char *
accessible_name (GtkNotebook *notebook,
                 int          page)
{
    return atk_object_get_name (gtk_widget_get_accessible (gtk_notebook_get_nth_page (notebook,
                                                                                      page)));
}

/* Displays go in channel then monitor order, numbered from 1, named after the console. */
static void
test_spice_displays_tabs (void)
{
    SpiceSession *spice = spice_session_new ();
    GtkWidget *widget = g_object_ref_sink (vimana_spice_displays_new ());
    VimanaSpiceDisplays *displays = VIMANA_SPICE_DISPLAYS (widget);
    GtkNotebook *notebook = GTK_NOTEBOOK (widget);
    g_autoptr(GList) list = NULL;
    SpiceDisplay *first = spice_display_new (spice, 0);

    vimana_spice_displays_set_console_name (displays, "Console of guest");
    vimana_spice_displays_add (displays, first, 0, 0);
    g_assert_false (gtk_notebook_get_show_tabs (notebook));
    g_assert_cmpstr (accessible_name (notebook, 0), ==, "Console of guest");
    g_assert_true (vimana_spice_displays_get_current (displays) == first);

    vimana_spice_displays_add (displays, spice_display_new (spice, 1), 1, 0);
    vimana_spice_displays_add (displays, spice_display_new_with_monitor (spice, 0, 1), 0, 1);
    g_assert_cmpint (gtk_notebook_get_n_pages (notebook), ==, 3);
    g_assert_true (gtk_notebook_get_show_tabs (notebook));
    g_assert_true (vimana_spice_displays_has (displays, 0, 1));
    g_assert_true (vimana_spice_displays_has (displays, 1, 0));
    g_assert_false (vimana_spice_displays_has (displays, 1, 1));
    for (int i = 0; i < 3; i++) {
        g_autofree char *label = g_strdup_printf ("Display %d", i + 1);

        g_assert_cmpstr (tab_text (notebook, i), ==, label);
    }
    g_assert_cmpstr (accessible_name (notebook, 2), ==, "Console of guest, Display 3");
    list = vimana_spice_displays_list (displays);
    g_assert_true (list->data == first);
    g_assert_cmpint (GPOINTER_TO_INT (g_object_get_data (list->next->data,
                                                         "vimana-spice-monitor-id")), ==, 1);

    /* channel 0's second monitor goes: channel 1 becomes Display 2 */
    gtk_notebook_set_current_page (notebook, 2);
    vimana_spice_displays_remove (displays, 0, 1);
    g_assert_cmpint (gtk_notebook_get_n_pages (notebook), ==, 2);
    g_assert_cmpstr (tab_text (notebook, 1), ==, "Display 2");
    g_assert_cmpstr (accessible_name (notebook, 1), ==, "Console of guest, Display 2");
    g_assert_true (vimana_spice_displays_get_current (displays) != first);

    vimana_spice_displays_remove (displays, 1, 0);
    g_assert_cmpint (gtk_notebook_get_n_pages (notebook), ==, 1);
    g_assert_false (gtk_notebook_get_show_tabs (notebook));
    vimana_spice_displays_remove_all (displays);
    g_assert_null (vimana_spice_displays_get_current (displays));
    gtk_widget_destroy (widget);
    g_object_unref (widget);
    g_object_unref (spice);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);
    g_test_add_func ("/spice-displays/count", test_spice_displays_count);
    g_test_add_func ("/spice-displays/tabs", test_spice_displays_tabs);
    return g_test_run ();
}
