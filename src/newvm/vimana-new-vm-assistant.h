/* vimana-new-vm-assistant.h: the New VM assistant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_NEW_VM_ASSISTANT (vimana_new_vm_assistant_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNewVmAssistant, vimana_new_vm_assistant, VIMANA, NEW_VM_ASSISTANT, GtkWindow)

GtkWidget  *vimana_new_vm_assistant_new       (GtkWindow            *parent,
                                               GListModel           *connections,
                                               VimanaConnection     *connection);
const char *vimana_new_vm_assistant_get_page  (VimanaNewVmAssistant *self);
gboolean    vimana_new_vm_assistant_is_ready  (VimanaNewVmAssistant *self);
gboolean    vimana_new_vm_assistant_get_customize (VimanaNewVmAssistant *self);
void        vimana_new_vm_assistant_set_media (VimanaNewVmAssistant *self,
                                               const char           *path);

/* The CD/DVD drives offered beside the media path are read from /dev; a test gives a folder
 * of its own. */
GStrv       vimana_new_vm_assistant_find_drives (const char           *dev_dir);
void        vimana_new_vm_assistant_fill_drives (VimanaNewVmAssistant *self,
                                                 const char           *dev_dir);

G_END_DECLS
