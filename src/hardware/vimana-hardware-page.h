/* vimana-hardware-page.h: the details window's Hardware page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_HARDWARE_PAGE (vimana_hardware_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHardwarePage, vimana_hardware_page, VIMANA, HARDWARE_PAGE, GtkBox)

void        vimana_hardware_page_set_domain  (VimanaHardwarePage *self,
                                              VimanaDomain       *domain);
gboolean    vimana_hardware_page_is_busy     (VimanaHardwarePage *self);
guint       vimana_hardware_page_get_n_items (VimanaHardwarePage *self);
const char *vimana_hardware_page_get_item_label (VimanaHardwarePage *self,
                                                 guint               index);
void        vimana_hardware_page_select_item (VimanaHardwarePage *self,
                                              guint               index);
GtkWidget  *vimana_hardware_page_get_form    (VimanaHardwarePage *self);
void        vimana_hardware_page_show_xml    (VimanaHardwarePage *self,
                                              gboolean            xml);
char       *vimana_hardware_page_get_xml     (VimanaHardwarePage *self);
void        vimana_hardware_page_set_xml     (VimanaHardwarePage *self,
                                              const char         *xml);
void        vimana_hardware_page_apply       (VimanaHardwarePage *self);
const char *vimana_hardware_page_get_notice  (VimanaHardwarePage *self);
const char *vimana_hardware_page_get_error   (VimanaHardwarePage *self);
gboolean    vimana_hardware_page_get_changed_elsewhere (VimanaHardwarePage *self);
gboolean    vimana_hardware_page_get_macs_loaded       (VimanaHardwarePage *self);
void        vimana_hardware_page_revert      (VimanaHardwarePage *self);
gboolean    vimana_hardware_page_can_apply   (VimanaHardwarePage *self);
const char *vimana_hardware_page_get_xml_scheme        (VimanaHardwarePage *self);
GtkWidget  *vimana_hardware_page_get_sidebar (VimanaHardwarePage *self);

G_END_DECLS
