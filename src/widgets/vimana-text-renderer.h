/* vimana-text-renderer.h: a text cell that keeps the layouts it drew
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_TEXT_RENDERER (vimana_text_renderer_get_type ())

G_DECLARE_FINAL_TYPE (VimanaTextRenderer, vimana_text_renderer, VIMANA, TEXT_RENDERER,
                      GtkCellRendererText)

GtkCellRenderer *vimana_text_renderer_new              (void);
guint            vimana_text_renderer_get_layouts_made (VimanaTextRenderer *self);

G_END_DECLS
