/* vimana-add-hardware-dialog-private.h: what the Add Hardware dialog's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_GTK_COMPILATION)
#error "Only libvimana-gtk's own files may include vimana-add-hardware-dialog-private.h."
#endif

#pragma once

#include <gtksourceview/gtksource.h>

#include "vimana-add-hardware-dialog.h"
#include "vimana-device-kind.h"
#include "vimana-storage-volume.h"

G_BEGIN_DECLS

/* 1 PiB, in KiB. */
#define VIMANA_ADD_HARDWARE_MAX_NEW_DISK_KIB (G_GUINT64_CONSTANT (1) << 40)

/* One field of the chosen kind, as the dialog asks for it. */
typedef struct
{
    const VimanaDeviceField *field;
    GtkWidget               *label;    /* (nullable): none for the host device chooser */
    GtkWidget               *widget;   /* an entry, a combo box or the host device chooser */
    GtkLabel                *error;    /* the message beneath it */
    gboolean                 touched;  /* the user changed it: what is wrong is an error */
} VimanaAddHardwareField;

struct _VimanaAddHardwareDialog
{
    GtkDialog parent_instance;

    /* template widgets */
    GtkGrid            *grid;
    GtkComboBoxText    *kind_combo;
    GtkLabel           *host_label;
    GtkComboBoxText    *host_combo;
    GtkLabel           *host_error_label;
    GtkSourceView      *xml_view;
    GtkLabel           *error_label;

    /* owned references */
    VimanaDomain       *domain;
    VimanaDomainConfig *config;
    GPtrArray          *fields;         /* of VimanaAddHardwareField, the chosen kind's */
    GPtrArray          *host_devices;   /* of VimanaHostDevice */
    GPtrArray          *volumes;        /* of VimanaStorageVolume */
    GCancellable       *cancellable;
    char               *host_error;
    char               *volume_error;
    char               *warned_path;   /* a system file the user was warned about */
    gboolean            pools_listed;     /* the pools are listed (or failed to be) */
    gboolean            networks_listed;  /* the networks are listed (or failed to be) */

    /* borrowed references */
    const VimanaDeviceKindInfo *kind;

    gboolean            writing_xml;   /* the preview is being written from the fields */
    gboolean            xml_edited;    /* the user changed the preview since */
    gboolean            tried;         /* Add was pressed for this kind: hints become errors */
};

/* vimana-add-hardware-dialog.c */
const char             *vimana_add_hardware_dialog_kind            (VimanaAddHardwareDialog *self);
VimanaAddHardwareField *vimana_add_hardware_dialog_field           (VimanaAddHardwareDialog *self,
                                                                    const char              *id);
GtkEntry               *vimana_add_hardware_dialog_typed           (VimanaAddHardwareField  *entry);
const char             *vimana_add_hardware_dialog_entry_text      (VimanaAddHardwareDialog *self,
                                                                    const char              *id);
VimanaStorageVolume    *vimana_add_hardware_dialog_chosen_volume   (VimanaAddHardwareDialog *self);
char                   *vimana_add_hardware_dialog_new_volume_name (VimanaAddHardwareDialog *self);
void                    vimana_add_hardware_dialog_show_error      (VimanaAddHardwareDialog *self,
                                                                    const VimanaDeviceField *field,
                                                                    const char              *message);

G_END_DECLS
