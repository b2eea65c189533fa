/* vimana-text-renderer.c: a text cell that keeps the layouts it drew
 *
 * The guest list redraws every visible row once a second, and GtkCellRendererText makes,
 * shapes and measures a new PangoLayout for every cell of every frame: most of the list's
 * drawing time. Most cells show what they showed a second ago ("2 vCPUs", "512 MiB", a
 * guest's name, a percentage that did not change), so this renderer keeps the layouts it
 * made, keyed by text, attributes (from markup), ellipsizing and the width available, and
 * draws a kept one again. Two generations: a layout not drawn during the last two
 * generations of 512 new ones is dropped, so the cache follows what is on screen. A change
 * of the widget's font, resolution or direction (the Pango context's serial) drops them
 * all. Everything else (accessibility, size requests, properties) is GtkCellRendererText's.
 *
 * It draws what the guest list uses: text or markup, ellipsizing, alignment and padding;
 * the font, colour and size properties of GtkCellRendererText are not applied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-text-renderer"

#include "config.h"

#include "vimana-text-renderer.h"

#define VIMANA_TEXT_RENDERER_GENERATION 512

typedef struct
{
    PangoLayout   *layout;
    PangoAttrList *attrs;   /* nullable */
} VimanaTextLayout;

struct _VimanaTextRenderer
{
    GtkCellRendererText parent_instance;

    GHashTable   *current;    /* "width\nellipsize\ntext" → VimanaTextLayout */
    GHashTable   *previous;
    PangoContext *context;    /* not owned: whose serial the layouts were made at */
    guint         serial;
    guint         made;
};

G_DEFINE_FINAL_TYPE (VimanaTextRenderer, vimana_text_renderer, GTK_TYPE_CELL_RENDERER_TEXT)

static void
vimana_text_layout_free (gpointer data)
{
    VimanaTextLayout *entry = data;

    g_object_unref (entry->layout);
    g_clear_pointer (&entry->attrs, pango_attr_list_unref);
    g_free (entry);
}

static GHashTable *
vimana_text_renderer_table_new (void)
{
    return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, vimana_text_layout_free);
}

static gboolean
vimana_text_renderer_same_attrs (PangoAttrList *a,
                                 PangoAttrList *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return pango_attr_list_equal (a, b);
}

/* The layout of @text for @widget, @width pixels wide: kept, or made now. */
static PangoLayout *
vimana_text_renderer_layout (VimanaTextRenderer *self,
                             GtkWidget          *widget,
                             const char         *text,
                             PangoAttrList      *attrs,
                             PangoEllipsizeMode  ellipsize,
                             int                 width)
{
    PangoContext *context = gtk_widget_get_pango_context (widget);
    guint serial = pango_context_get_serial (context);
    g_autofree char *key = g_strdup_printf ("%d\n%d\n%s", width, (int) ellipsize, text);
    VimanaTextLayout *entry;
    char *stolen_key = NULL;

    if (context != self->context || serial != self->serial) {
        g_hash_table_remove_all (self->current);
        g_hash_table_remove_all (self->previous);
        self->context = context;
        self->serial = serial;
    }

    entry = g_hash_table_lookup (self->current, key);
    if (entry == NULL &&
        g_hash_table_steal_extended (self->previous, key, (gpointer *) &stolen_key,
                                     (gpointer *) &entry)) {
        g_free (stolen_key);
        g_hash_table_insert (self->current, g_strdup (key), entry);
    }
    if (entry != NULL && vimana_text_renderer_same_attrs (entry->attrs, attrs))
        return entry->layout;

    if (entry == NULL && g_hash_table_size (self->current) >= VIMANA_TEXT_RENDERER_GENERATION) {
        g_hash_table_unref (self->previous);
        self->previous = g_steal_pointer (&self->current);
        self->current = vimana_text_renderer_table_new ();
    }

    entry = g_new0 (VimanaTextLayout, 1);
    entry->layout = gtk_widget_create_pango_layout (widget, text);
    entry->attrs = attrs ? pango_attr_list_ref (attrs) : NULL;
    pango_layout_set_attributes (entry->layout, attrs);
    if (ellipsize != PANGO_ELLIPSIZE_NONE) {
        pango_layout_set_ellipsize (entry->layout, ellipsize);
        pango_layout_set_width (entry->layout, width * PANGO_SCALE);
    }
    pango_layout_set_single_paragraph_mode (entry->layout, TRUE);
    self->made++;
    g_hash_table_replace (self->current, g_steal_pointer (&key), entry);
    return entry->layout;
}

static void
vimana_text_renderer_render (GtkCellRenderer      *cell,
                             cairo_t              *cr,
                             GtkWidget            *widget,
                             const GdkRectangle   *background_area,
                             const GdkRectangle   *cell_area,
                             GtkCellRendererState  flags)
{
    VimanaTextRenderer *self = VIMANA_TEXT_RENDERER (cell);
    g_autofree char *text = NULL;
    g_autoptr(PangoAttrList) attrs = NULL;
    PangoEllipsizeMode ellipsize = PANGO_ELLIPSIZE_NONE;
    PangoRectangle logical;
    PangoLayout *layout;
    float xalign, yalign;
    int xpad, ypad, width;
    double x, y;

    g_object_get (cell, "text", &text, "attributes", &attrs, "ellipsize", &ellipsize, NULL);
    if (text == NULL || *text == '\0')
        return;
    gtk_cell_renderer_get_padding (cell, &xpad, &ypad);
    gtk_cell_renderer_get_alignment (cell, &xalign, &yalign);
    width = MAX (cell_area->width - 2 * xpad, 1);

    layout = vimana_text_renderer_layout (self, widget, text, attrs, ellipsize, width);
    pango_layout_get_pixel_extents (layout, NULL, &logical);
    if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
        xalign = 1.0f - xalign;
    x = cell_area->x + xpad + MAX (0.0, xalign * (width - logical.width)) - logical.x;
    y = cell_area->y + ypad +
        MAX (0.0, yalign * (cell_area->height - 2 * ypad - logical.height)) - logical.y;

    cairo_save (cr);
    gdk_cairo_rectangle (cr, cell_area);
    cairo_clip (cr);
    gtk_render_layout (gtk_widget_get_style_context (widget), cr, x, y, layout);
    cairo_restore (cr);
}

static void
vimana_text_renderer_finalize (GObject *object)
{
    VimanaTextRenderer *self = VIMANA_TEXT_RENDERER (object);

    g_hash_table_unref (self->current);
    g_hash_table_unref (self->previous);
    G_OBJECT_CLASS (vimana_text_renderer_parent_class)->finalize (object);
}

static void
vimana_text_renderer_class_init (VimanaTextRendererClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_text_renderer_finalize;
    GTK_CELL_RENDERER_CLASS (klass)->render = vimana_text_renderer_render;
}

static void
vimana_text_renderer_init (VimanaTextRenderer *self)
{
    self->current = vimana_text_renderer_table_new ();
    self->previous = vimana_text_renderer_table_new ();
}

GtkCellRenderer *
vimana_text_renderer_new (void)
{
    return g_object_new (VIMANA_TYPE_TEXT_RENDERER, NULL);
}

/* How many layouts the renderer has made (for tests: a redraw of unchanged cells makes none). */
guint
vimana_text_renderer_get_layouts_made (VimanaTextRenderer *self)
{
    g_return_val_if_fail (VIMANA_IS_TEXT_RENDERER (self), 0);
    return self->made;
}
