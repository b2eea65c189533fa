/* vimana-hardware-page-private.h: what the Hardware page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_GTK_COMPILATION)
#error "Only libvimana-gtk's own files may include vimana-hardware-page-private.h."
#endif

#pragma once

#include <gtksourceview/gtksource.h>

#include "vimana-connection.h"
#include "vimana-hardware-form.h"
#include "vimana-hardware-page.h"
#include "vimana-storage-volume.h"

G_BEGIN_DECLS

struct _VimanaHardwarePage
{
    GtkBox parent_instance;

    /* template widgets */
    GtkInfoBar         *changed_bar;
    GtkLabel           *changed_label;
    GtkListBox         *sidebar;
    GtkWidget          *add_button;
    GtkWidget          *remove_button;
    GtkStack           *view_stack;
    GtkScrolledWindow  *details_scroll;
    GtkScrolledWindow  *xml_scroll;
    GtkLabel           *error_label;
    GtkLabel           *notice_label;
    GtkWidget          *revert_button;
    GtkWidget          *apply_button;

    /* borrowed references */
    GtkWidget          *form;
    GtkSourceView      *xml_view;     /* made when the XML view is first shown */

    /* owned references */
    char                *xml_text;    /* the current item's XML as loaded */
    char                *reload_error; /* shown again once the reload after a failure is done */
    VimanaStorageVolume *new_volume;     /* an image made for the disk being added, deleted */
                                         /* when adding the disk fails */
    VimanaDomain       *domain;
    VimanaDomainConfig *config;
    GCancellable       *cancellable;
    GHashTable         *used_macs;      /* MAC (lower case) → name, of the host's other guests */
    guint               macs_pending;   /* their configurations still being read */
    gboolean            macs_requested;

    GHashTable         *stash;        /* "item:device" → VimanaHardwareEdits, edits kept aside */

    VimanaHardwareItem  item;
    guint               device;
    gboolean            loading;
    gboolean            busy;
    gboolean            restart_pending;
    gboolean            applied;      /* the next load follows an apply that succeeded */
    gboolean            keep_edits;   /* the next load keeps the form and the XML on screen */
    gboolean            filling;      /* the sidebar is being made again under kept edits */
    guint               kept_n_devices;   /* what the kept edits were made on */
    VimanaDeviceKind    kept_kind;
    int                 autostart_pending;
};

/* vimana-hardware-page.c */
void       vimana_hardware_page_set_error          (VimanaHardwarePage *self,
                                                    const char         *message);
void       vimana_hardware_page_update_sensitivity (VimanaHardwarePage *self);
GPtrArray *vimana_hardware_page_new_changes        (void);
void       vimana_hardware_page_send_now           (VimanaHardwarePage *self,
                                                    VimanaDomainConfig *edited,
                                                    gboolean            define,
                                                    GPtrArray          *changes,
                                                    gboolean            restart,
                                                    int                 autostart);
void       vimana_hardware_page_send_cancelled     (VimanaHardwarePage *self);

/* vimana-hardware-page-base.c */
void       vimana_hardware_page_send               (VimanaHardwarePage *self,
                                                    VimanaDomainConfig *edited,
                                                    gboolean            define,
                                                    GPtrArray          *changes,
                                                    gboolean            restart,
                                                    int                 autostart);

/* vimana-hardware-page-devices.c */
void       vimana_hardware_page_add_clicked_cb     (GtkButton          *button,
                                                    gpointer            user_data);
void       vimana_hardware_page_remove_clicked_cb  (GtkButton          *button,
                                                    gpointer            user_data);

G_END_DECLS
