/* vimana-graph-colors.c: a graph's colours, from the theme, each series readable on the plot
 *
 * The series take the theme's named colours (or a hue of their own) and are darkened or
 * lightened until they reach VIMANA_GRAPH_MIN_CONTRAST against the plot's background (the WCAG
 * ratio), so that light and dark themes both give readable lines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-graph"

#include "config.h"

#include "vimana-graph-private.h"

#include <math.h>

/* ---- colours ---- */

static double
vimana_graph_channel_luminance (double channel)
{
    return channel <= 0.03928 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

static double
vimana_graph_luminance (const GdkRGBA *color)
{
    return 0.2126 * vimana_graph_channel_luminance (color->red) +
           0.7152 * vimana_graph_channel_luminance (color->green) +
           0.0722 * vimana_graph_channel_luminance (color->blue);
}

static double
vimana_graph_contrast (const GdkRGBA *a,
                       const GdkRGBA *b)
{
    double la = vimana_graph_luminance (a);
    double lb = vimana_graph_luminance (b);

    return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static double
vimana_graph_hue_to_channel (double p,
                             double q,
                             double hue)
{
    hue -= floor (hue);
    if (hue < 1.0 / 6)
        return p + (q - p) * 6 * hue;
    if (hue < 0.5)
        return q;
    if (hue < 2.0 / 3)
        return p + (q - p) * (2.0 / 3 - hue) * 6;
    return p;
}

/* Themes pick their accent colours for buttons and labels, not for thin lines on a plot:
 * raise the colour's lightness (on a dark plot) or lower it (on a light one), keeping its hue
 * and saturation, until it stands out. */
static void
vimana_graph_ensure_contrast (GdkRGBA       *color,
                              const GdkRGBA *behind)
{
    double direction = vimana_graph_luminance (behind) < 0.3 ? 1.0 : -1.0;
    double high = MAX (color->red, MAX (color->green, color->blue));
    double low = MIN (color->red, MIN (color->green, color->blue));
    double lightness = (high + low) / 2;
    double saturation = 0;
    double hue = 0;

    color->alpha = 1.0;
    if (vimana_graph_contrast (color, behind) >= VIMANA_GRAPH_MIN_CONTRAST)
        return;

    if (high > low) {
        double delta = high - low;

        saturation = lightness > 0.5 ? delta / (2 - high - low) : delta / (high + low);
        if (high == color->red)
            hue = (color->green - color->blue) / delta / 6;
        else if (high == color->green)
            hue = ((color->blue - color->red) / delta + 2) / 6;
        else
            hue = ((color->red - color->green) / delta + 4) / 6;
    }

    for (int i = 0; i < 50 && vimana_graph_contrast (color, behind) < VIMANA_GRAPH_MIN_CONTRAST;
         i++) {
        double q;
        double p;

        lightness = CLAMP (lightness + direction * 0.02, 0, 1);
        q = lightness < 0.5 ? lightness * (1 + saturation)
                            : lightness + saturation - lightness * saturation;
        p = 2 * lightness - q;
        color->red = vimana_graph_hue_to_channel (p, q, hue + 1.0 / 3);
        color->green = vimana_graph_hue_to_channel (p, q, hue);
        color->blue = vimana_graph_hue_to_channel (p, q, hue - 1.0 / 3);
    }
}

static void
vimana_graph_lookup_color (GtkStyleContext *context,
                           const char      *name,
                           const char      *fallback,
                           GdkRGBA         *color)
{
    if (!gtk_style_context_lookup_color (context, name, color))
        gdk_rgba_parse (color, fallback);
}

void
vimana_graph_set_source (cairo_t       *cr,
                         const GdkRGBA *color,
                         double         alpha)
{
    cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

/* The theme's text colour, and the plot's background: its base colour, unless that would
 * hide the data. */
static void
vimana_graph_theme_base (GtkStyleContext *context,
                         GdkRGBA         *foreground,
                         GdkRGBA         *base)
{
    gboolean dark;

    gtk_style_context_get_color (context, gtk_style_context_get_state (context), foreground);
    dark = vimana_graph_luminance (foreground) > 0.5;
    vimana_graph_lookup_color (context, "theme_base_color", dark ? "#2d2d2d" : "#ffffff", base);
    /* A theme whose base is its text colour, or transparent, would hide the data. */
    if (base->alpha < 0.5 || vimana_graph_contrast (base, foreground) < 3.0)
        gdk_rgba_parse (base, dark ? "#2d2d2d" : "#ffffff");
    base->alpha = 1.0;
}

static void
vimana_graph_theme_series_color (GtkStyleContext *context,
                                 guint            series,
                                 const GdkRGBA   *base,
                                 GdkRGBA         *color)
{
    static const char * const names[VIMANA_GRAPH_MAX_SERIES] = {
        "theme_selected_bg_color", "success_color", "warning_color", "error_color"
    };
    static const char * const fallbacks[VIMANA_GRAPH_MAX_SERIES] = {
        "#3584e4", "#2ec27e", "#e66100", "#e01b24"
    };

    vimana_graph_lookup_color (context, names[series], fallbacks[series], color);
    vimana_graph_ensure_contrast (color, base);
}

/**
 * vimana_graph_get_theme_color:
 * @style: the style context of the widget drawn on, e.g. a list's
 * @series: the series' index, below %VIMANA_GRAPH_MAX_SERIES
 * @color: (out): the colour a graph draws that series in
 *
 * Gives a sparkline drawn outside a graph, as a list cell's, the colour a graph would use: the
 * theme's, made to stand out against the theme's base colour.
 */
void
vimana_graph_get_theme_color (GtkStyleContext *style,
                              guint            series,
                              GdkRGBA         *color)
{
    GdkRGBA foreground;
    GdkRGBA base;

    g_return_if_fail (GTK_IS_STYLE_CONTEXT (style));
    g_return_if_fail (series < VIMANA_GRAPH_MAX_SERIES);
    g_return_if_fail (color != NULL);

    vimana_graph_theme_base (style, &foreground, &base);
    vimana_graph_theme_series_color (style, series, &base, color);
}

void
vimana_graph_load_style (VimanaGraph *self)
{
    GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
    PangoFontDescription *font = NULL;

    vimana_graph_theme_base (context, &self->foreground, &self->base);
    for (guint i = 0; i < VIMANA_GRAPH_MAX_SERIES; i++)
        vimana_graph_theme_series_color (context, i, &self->base, &self->series[i].color);

    gtk_style_context_get (context, gtk_style_context_get_state (context), GTK_STYLE_PROPERTY_FONT,
                           &font, NULL);
    g_clear_pointer (&self->small_font, pango_font_description_free);
    self->small_font = font != NULL ? font : pango_font_description_from_string ("Sans 10");
    if (pango_font_description_get_size_is_absolute (self->small_font))
        pango_font_description_set_absolute_size (
            self->small_font,
            pango_font_description_get_size (self->small_font) * VIMANA_GRAPH_SMALL_FONT);
    else
        pango_font_description_set_size (
            self->small_font,
            (int) (pango_font_description_get_size (self->small_font) * VIMANA_GRAPH_SMALL_FONT));
    self->measured = FALSE;
}
