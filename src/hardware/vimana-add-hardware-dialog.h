/* vimana-add-hardware-dialog.h: choosing a device to add to a guest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_ADD_HARDWARE_DIALOG (vimana_add_hardware_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaAddHardwareDialog, vimana_add_hardware_dialog, VIMANA,
                      ADD_HARDWARE_DIALOG, GtkDialog)

GtkWidget *vimana_add_hardware_dialog_new       (GtkWindow               *parent,
                                                 VimanaDomain            *domain,
                                                 VimanaDomainConfig      *config);
char      *vimana_add_hardware_dialog_get_xml   (VimanaAddHardwareDialog *self);
gboolean   vimana_add_hardware_dialog_set_kind  (VimanaAddHardwareDialog *self,
                                                 const char              *kind);
void       vimana_add_hardware_dialog_set_value (VimanaAddHardwareDialog *self,
                                                 const char              *value);
gboolean   vimana_add_hardware_dialog_set_field (VimanaAddHardwareDialog *self,
                                                 const char              *id,
                                                 const char              *value);
const char *vimana_add_hardware_dialog_get_error (VimanaAddHardwareDialog *self,
                                                  const char              *id);
gboolean   vimana_add_hardware_dialog_get_error_is_hint (VimanaAddHardwareDialog *self,
                                                         const char              *id);
void       vimana_add_hardware_dialog_set_error (VimanaAddHardwareDialog *self,
                                                 const char              *message);
gboolean   vimana_add_hardware_dialog_wants_new_volume (VimanaAddHardwareDialog *self);
gboolean   vimana_add_hardware_dialog_get_new_volume (VimanaAddHardwareDialog  *self,
                                                      char                    **pool,
                                                      char                    **name,
                                                      guint64                  *capacity,
                                                      GError                  **error);

G_END_DECLS
