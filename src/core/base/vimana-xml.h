/* vimana-xml.h: one value out of an XML description libvirt gave
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *vimana_xml_get_value (const char *xml,
                            const char *child,
                            const char *grandchild,
                            const char *attribute);

G_END_DECLS
