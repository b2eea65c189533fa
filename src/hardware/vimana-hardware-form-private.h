/* vimana-hardware-form-private.h: what building a form and applying it share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-hardware-form.h"

G_BEGIN_DECLS

typedef struct
{
    GtkWidget *widget;
    GtkLabel  *error;
    char      *initial;   /* the value shown at first, to tell what changed */
} VimanaFormField;

struct _VimanaHardwareForm
{
    GtkGrid parent_instance;

    /* owned references */
    VimanaDomainConfig *config;
    GHashTable         *fields;   /* key → VimanaFormField */
    GtkListBox         *boot_list;
    char               *warned_source;   /* a risky disk source the user was warned about */
    GHashTable         *used_macs;       /* nullable: MAC (lower case) → other guest's name */
    char               *warned_mac;      /* a MAC another guest uses, the user was warned about */

    VimanaHardwareItem  item;
    guint               device;
    gboolean            autostart;
    gboolean            check_paths;
    gboolean            editable;
    int                 rows;
};

/* vimana-hardware-form.c */
char            *vimana_hardware_form_widget_value (GtkWidget          *widget);
char            *vimana_hardware_form_boot_value   (VimanaHardwareForm *self);
VimanaNicSource  vimana_hardware_form_nic_source   (const char         *id);

/* vimana-hardware-form-apply.c */
VimanaFormField *vimana_hardware_form_field        (VimanaHardwareForm *self,
                                                    const char         *key);

G_END_DECLS
