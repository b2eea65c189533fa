/* vimana-xml-scheme.h: the XML editors' colours follow the light or dark theme
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

void        vimana_xml_scheme_follow_theme (GtkSourceView *view);
const char *vimana_xml_scheme_get_id       (GtkSourceView *view);

G_END_DECLS
