/* vimana-hardware-form.h: the fields of one item of the Hardware page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_HARDWARE_ITEM_GENERAL,
    VIMANA_HARDWARE_ITEM_OS,
    VIMANA_HARDWARE_ITEM_CPUS,
    VIMANA_HARDWARE_ITEM_MEMORY,
    VIMANA_HARDWARE_ITEM_BOOT,
    VIMANA_HARDWARE_ITEM_DEVICE,
    VIMANA_HARDWARE_ITEM_CONTROLLERS,   /* the row the controllers are folded under */
} VimanaHardwareItem;

/* What applying a form asks of the page. */
typedef struct
{
    gboolean   define;     /* define the edited configuration */
    gboolean   restart;    /* some of the change waits for the next shutdown */
    int        autostart;  /* -1 unchanged, else the new value */
    GPtrArray *changes;    /* (element-type VimanaLiveChange) */
} VimanaHardwareApply;

#define VIMANA_TYPE_HARDWARE_FORM (vimana_hardware_form_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHardwareForm, vimana_hardware_form, VIMANA, HARDWARE_FORM, GtkGrid)

GtkWidget  *vimana_hardware_form_new         (VimanaDomainConfig  *config,
                                              VimanaHardwareItem   item,
                                              guint                device,
                                              gboolean             autostart,
                                              gboolean             check_paths);
gboolean    vimana_hardware_form_is_editable (VimanaHardwareForm  *self);
VimanaDomainConfig *vimana_hardware_form_apply (VimanaHardwareForm  *self,
                                                VimanaHardwareApply *apply);
GtkWidget  *vimana_hardware_form_get_field   (VimanaHardwareForm  *self,
                                              const char          *key);
const char *vimana_hardware_form_get_error   (VimanaHardwareForm  *self,
                                              const char          *key);
void        vimana_hardware_form_set_used_macs (VimanaHardwareForm *self,
                                                GHashTable         *used_macs);
gboolean    vimana_hardware_form_has_changes (VimanaHardwareForm  *self);
void        vimana_hardware_form_keep_edits  (VimanaHardwareForm  *self,
                                              VimanaDomainConfig  *config,
                                              gboolean             autostart,
                                              gboolean             mark);

G_END_DECLS
