/* vimana-xml-scheme.c: the XML editors' colours follow the light or dark theme
 *
 * GtkSourceView draws with its own style scheme, "classic" unless told otherwise: dark text on
 * white, gutter included, inside a dark window. A view given to
 * vimana_xml_scheme_follow_theme() takes a dark scheme when the theme is dark (the
 * gtk-application-prefer-dark-theme setting, a theme named "…-dark", or GTK_THEME's ":dark"
 * variant), a light one otherwise, and changes with the setting (issue 17, item 11). The schemes
 * style the line numbers too, so the gutter follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-page"

#include "config.h"

#include "vimana-xml-scheme.h"

#include <string.h>

static gboolean
vimana_xml_scheme_theme_is_dark (GtkSettings *settings)
{
    g_autofree char *theme = NULL;
    gboolean prefer_dark = FALSE;
    const char *env = g_getenv ("GTK_THEME");

    g_object_get (settings, "gtk-application-prefer-dark-theme", &prefer_dark,
                  "gtk-theme-name", &theme, NULL);
    if (env != NULL && *env != '\0')
        return g_str_has_suffix (env, ":dark") || g_str_has_suffix (env, "-dark") ||
               g_str_has_suffix (env, "-Dark");
    return prefer_dark || (theme != NULL && (g_str_has_suffix (theme, "-dark") ||
                                             g_str_has_suffix (theme, "-Dark") ||
                                             strstr (theme, ":dark") != NULL));
}

static void
vimana_xml_scheme_apply (GtkSourceView *view)
{
    static const char * const dark[] = { "Adwaita-dark", "oblivion", "solarized-dark", "cobalt" };
    static const char * const light[] = { "Adwaita", "classic", "tango", "solarized-light" };
    GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
    GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (view));
    gboolean is_dark = vimana_xml_scheme_theme_is_dark (settings);
    const char * const *ids = is_dark ? dark : light;
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

    for (guint i = 0; i < 4; i++) {
        GtkSourceStyleScheme *scheme = gtk_source_style_scheme_manager_get_scheme (manager,
                                                                                   ids[i]);

        if (scheme != NULL) {
            gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
            return;
        }
    }
}

static void
vimana_xml_scheme_theme_changed_cb (GtkSettings *settings,
                                    GParamSpec  *pspec,
                                    gpointer     user_data)
{
    vimana_xml_scheme_apply (GTK_SOURCE_VIEW (user_data));
}

/* Colours @view (and its gutter) for the theme, now and whenever the theme changes. */
void
vimana_xml_scheme_follow_theme (GtkSourceView *view)
{
    GtkSettings *settings;

    g_return_if_fail (GTK_SOURCE_IS_VIEW (view));

    settings = gtk_widget_get_settings (GTK_WIDGET (view));
    vimana_xml_scheme_apply (view);
    g_signal_connect_object (settings, "notify::gtk-application-prefer-dark-theme",
                             G_CALLBACK (vimana_xml_scheme_theme_changed_cb), view, 0);
    g_signal_connect_object (settings, "notify::gtk-theme-name",
                             G_CALLBACK (vimana_xml_scheme_theme_changed_cb), view, 0);
}

/* Returns: (nullable): the id of @view's style scheme, for tests */
const char *
vimana_xml_scheme_get_id (GtkSourceView *view)
{
    GtkSourceStyleScheme *scheme;

    g_return_val_if_fail (GTK_SOURCE_IS_VIEW (view), NULL);

    scheme = gtk_source_buffer_get_style_scheme (
        GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))));
    return scheme != NULL ? gtk_source_style_scheme_get_id (scheme) : NULL;
}
