/* vimana-new-vm-assistant-private.h: what the assistant's two files share
 *
 * vimana-new-vm-assistant.c has the window: navigation, the connection, OS detection and
 * creation; vimana-new-vm-assistant-pages.c fills the pages from the plan and checks them;
 * vimana-new-vm-assistant-isos.c lists the ISO images offered on the first page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_GTK_COMPILATION)
#error "Only libvimana-gtk's own files may include vimana-new-vm-assistant-private.h."
#endif

#pragma once

#include "vimana-new-vm-assistant.h"

#include "vimana-install-plan.h"
#include "vimana-install-tree.h"
#include "vimana-installer.h"
#include "vimana-os-info.h"

G_BEGIN_DECLS

struct _VimanaNewVmAssistant
{
    GtkWindow parent_instance;

    /* template widgets */
    GtkHeaderBar      *header_bar;
    GtkWidget         *cancel_button;
    GtkWidget         *back_button;
    GtkWidget         *forward_button;
    GtkWidget         *review_button;
    GtkInfoBar        *failure_bar;
    GtkLabel          *failure_label;
    GtkStack          *stack;
    GtkComboBoxText   *connection_combo;
    GtkLabel          *env_label;
    GtkToggleButton   *media_radio;
    GtkWidget         *media_box;
    GtkEntry          *media_entry;
    GtkWidget         *media_browse_button;
    GtkWidget         *iso_box;       /* made in code: vimana-new-vm-assistant-isos.c */
    GtkListBox        *iso_list;
    GtkComboBoxText   *drive_combo;
    GtkLabel          *media_error_label;
    GtkWidget         *media_grant_button;
    GtkWidget         *media_fix_box;     /* Grant Access, Copy into a Pool and its progress */
    GtkWidget         *media_copy_button;
    GtkProgressBar    *media_copy_progress;
    GtkToggleButton   *network_radio;
    GtkWidget         *network_box;
    GtkEntry          *url_entry;
    GtkLabel          *url_error_label;
    GtkToggleButton   *import_radio;
    GtkWidget         *import_box;
    GtkEntry          *import_entry;
    GtkWidget         *import_browse_button;
    GtkLabel          *import_error_label;
    GtkToggleButton   *manual_radio;
    GtkSpinner        *os_spinner;
    GtkLabel          *os_label;
    GtkSearchEntry    *os_search_entry;
    GtkListBox        *os_list;
    GtkEntry          *memory_entry;
    GtkLabel          *memory_hint_label;
    GtkLabel          *memory_error_label;
    GtkSpinButton     *vcpus_spin;
    GtkLabel          *vcpus_hint_label;
    GtkLabel          *vcpus_error_label;
    GtkLabel          *import_note_label;
    GtkToggleButton   *disk_new_radio;
    GtkWidget         *disk_new_box;
    GtkComboBoxText   *pool_combo;
    GtkEntry          *disk_size_entry;
    GtkLabel          *disk_hint_label;
    GtkLabel          *disk_error_label;
    GtkToggleButton   *disk_existing_radio;
    GtkWidget         *disk_existing_box;
    GtkComboBoxText   *existing_combo;
    GtkLabel          *existing_error_label;
    GtkToggleButton   *disk_none_radio;
    GtkComboBoxText   *net_combo;
    GtkLabel          *net_hint_label;
    GtkWidget         *net_start_check;
    GtkComboBoxText   *firmware_combo;
    GtkToggleButton   *tpm_check;
    GtkLabel          *firmware_hint_label;
    GtkComboBoxText   *machine_combo;
    GtkComboBoxText   *display_combo;
    GtkEntry          *name_entry;
    GtkLabel          *name_error_label;
    GtkGrid           *summary_grid;
    GtkToggleButton   *customize_check;
    GtkLabel          *progress_label;
    GtkProgressBar    *progress_bar;
    GtkSpinner        *progress_spinner;

    /* owned references */
    GListModel           *connections;
    VimanaConnection     *connection;
    VimanaInstallEnv     *env;        /* NULL until read from the connection */
    VimanaInstallPlan    *plan;       /* the defaults the OS and hypervisor gave */
    VimanaOsInfo         *os;         /* the chosen OS: detected, picked or generic */
    char                 *applied_os; /* the OS whose defaults the later pages show */
    char                 *identified; /* the media path the OS was detected for */
    GCancellable         *cancellable; /* reading and detecting; cancelled when the window goes */
    GCancellable         *create_cancellable;
    VimanaInstallTree    *tree;       /* read from url_entry's URL; NULL while unread or bad */
    char                 *tree_error; /* why the URL typed is not a usable tree */
    GCancellable         *tree_cancellable; /* the read under way, for the URL typed before */
    GtkFileChooserNative *chooser;

    guint              page;
    guint              identify_source;
    guint              scroll_source;
    char              *os_searched;   /* what the OS list shows the results of */
    guint              tree_source;
    gulong             state_handler;
    gboolean           identifying;
    gboolean           reading_tree;  /* the URL is being read (or will be once typing pauses) */
    gboolean           showing_detected; /* selecting the detected OS's row: not a pick */
    gboolean           os_picked;     /* chosen from the list: detection no longer replaces it */
    gboolean           name_edited;
    gboolean           filling;       /* pages being filled by code: no input callbacks */
    gboolean           creating;
    gboolean           close_when_done;
    gboolean           copying;       /* the media is being copied into a pool */
    char              *media_copied;  /* the volume it was copied to: libvirt owns its access */
};

extern const char * const vimana_new_vm_assistant_pages[];
#define VIMANA_NEW_VM_N_PAGES 5

void      vimana_new_vm_assistant_fill_env        (VimanaNewVmAssistant *self);
void      vimana_new_vm_assistant_isos_init       (VimanaNewVmAssistant *self);
void      vimana_new_vm_assistant_fill_isos       (VimanaNewVmAssistant *self);
void      vimana_new_vm_assistant_remember_iso    (VimanaNewVmAssistant *self,
                                                   const char           *path);
void      vimana_new_vm_assistant_fill_defaults   (VimanaNewVmAssistant *self);
void      vimana_new_vm_assistant_fill_summary    (VimanaNewVmAssistant *self);
gboolean  vimana_new_vm_assistant_check_page      (VimanaNewVmAssistant *self,
                                                   guint                 page);
VimanaInstallMethod vimana_new_vm_assistant_get_method (VimanaNewVmAssistant *self);
VimanaInstallPlan *vimana_new_vm_assistant_collect (VimanaNewVmAssistant *self);
void      vimana_new_vm_assistant_copy_clicked_cb (VimanaNewVmAssistant *self);

G_END_DECLS
