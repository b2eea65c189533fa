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

G_END_DECLS
