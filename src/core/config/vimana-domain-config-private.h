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

gboolean    vimana_cfg_is            (xmlNodePtr          node,
                                      const char         *name);
xmlNodePtr  vimana_cfg_child         (xmlNodePtr          parent,
                                      const char         *name);
char       *vimana_cfg_prop          (xmlNodePtr          node,
                                      const char         *name);
void        vimana_cfg_set_prop      (xmlNodePtr          node,
                                      const char         *name,
                                      const char         *value);
char       *vimana_cfg_grand_prop    (xmlNodePtr          node,
                                      const char         *child,
                                      const char         *name);
char       *vimana_cfg_text          (xmlNodePtr          node);
void        vimana_cfg_set_text      (xmlNodePtr          node,
                                      const char         *text);
xmlNodePtr  vimana_cfg_ensure_child  (xmlNodePtr          parent,
                                      const char         *name,
                                      const char * const *after);
void        vimana_cfg_insert_after  (xmlNodePtr          parent,
                                      xmlNodePtr          prev,
                                      xmlNodePtr          node);
void        vimana_cfg_remove        (xmlNodePtr          node);
void        vimana_cfg_remove_child  (xmlNodePtr          parent,
                                      const char         *name);

VimanaDeviceKind vimana_cfg_device_kind (xmlNodePtr      node);

xmlNodePtr  vimana_domain_config_get_root        (VimanaDomainConfig *self);
xmlNodePtr  vimana_domain_config_get_device_node (VimanaDomainConfig *self,
                                                  guint               index);

G_END_DECLS
