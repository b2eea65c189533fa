/* vimana-domain-config-private.h: the XML helpers the domain-config files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_CORE_COMPILATION)
#error "Only libvimana-core's own files may include vimana-domain-config-private.h."
#endif

#pragma once

#include <libxml/tree.h>

#include "vimana-domain-config.h"

G_BEGIN_DECLS

/* Nodes of the document (vimana-domain-config-xml.c) */
gboolean    vimana_domain_config_node_is            (xmlNodePtr          node,
                                                     const char         *name);
xmlNodePtr  vimana_domain_config_node_child         (xmlNodePtr          parent,
                                                     const char         *name);
char       *vimana_domain_config_node_prop          (xmlNodePtr          node,
                                                     const char         *name);
void        vimana_domain_config_node_set_prop      (xmlNodePtr          node,
                                                     const char         *name,
                                                     const char         *value);
char       *vimana_domain_config_node_child_prop    (xmlNodePtr          node,
                                                     const char         *child,
                                                     const char         *name);
char       *vimana_domain_config_node_text          (xmlNodePtr          node);
void        vimana_domain_config_node_set_text      (xmlNodePtr          node,
                                                     const char         *text);
xmlNodePtr  vimana_domain_config_node_ensure_child  (xmlNodePtr          parent,
                                                     const char         *name,
                                                     const char * const *after);
void        vimana_domain_config_node_insert_after  (xmlNodePtr          parent,
                                                     xmlNodePtr          prev,
                                                     xmlNodePtr          node);
xmlNodePtr  vimana_domain_config_node_append        (xmlNodePtr          parent,
                                                     const char         *name);
void        vimana_domain_config_node_remove        (xmlNodePtr          node);
void        vimana_domain_config_node_remove_child  (xmlNodePtr          parent,
                                                     const char         *name);
const char *vimana_domain_config_node_line_indent   (xmlNodePtr          node);
void        vimana_domain_config_node_reindent      (xmlNodePtr          node,
                                                     const char         *indent,
                                                     gboolean            add);

/* The configuration's own nodes (vimana-domain-config.c) */
xmlNodePtr  vimana_domain_config_get_root           (VimanaDomainConfig *self);
xmlNodePtr  vimana_domain_config_get_element        (VimanaDomainConfig *self,
                                                     const char         *name);
xmlNodePtr  vimana_domain_config_ensure_child       (VimanaDomainConfig *self,
                                                     const char         *name);
xmlNodePtr  vimana_domain_config_get_device_node    (VimanaDomainConfig *self,
                                                     guint               index);
xmlNodePtr  vimana_domain_config_add_device_node    (VimanaDomainConfig *self,
                                                     const char         *element,
                                                     guint              *index);
VimanaDeviceKind vimana_domain_config_node_device_kind (xmlNodePtr       node);
guint       vimana_domain_config_parse_uint         (const char         *text,
                                                     guint               fallback);

G_END_DECLS
