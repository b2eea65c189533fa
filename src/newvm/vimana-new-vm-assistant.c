/* vimana-new-vm-assistant.c: the New VM assistant
 *
 * Five pages — source and OS, memory and CPUs, storage, network and firmware, name and
 * summary — in a stack under a header bar with Cancel, Back and Forward (Finish on the last
 * page), and Review, which keeps the suggestions of the remaining steps and goes to the
 * summary. Forward and Review are sensitive only while the page is complete; each field says
 * what is wrong with it beside it. With an ISO chosen, the defaults of the OS found on it are
 * enough: Review and Finish create and boot the guest.
 *
 * Nothing touches libvirt here: the connection's worker reads what the host offers
 * (vimana_installer_query_async) and creates the guest (vimana_installer_create_async), which
 * removes everything it made when it fails or is cancelled. The OS is detected, and an install
 * tree read over HTTP, on a thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-vm-assistant"

#include "config.h"

#include "vimana-new-vm-assistant.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vimana-can-act.h"
#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-file-access.h"
#include "vimana-file-chooser.h"
#include "vimana-new-vm-assistant-private.h"

#define VIMANA_NEW_VM_IDENTIFY_DELAY_MS 300
#define VIMANA_NEW_VM_OS_LIST_LIMIT 100

G_DEFINE_FINAL_TYPE (VimanaNewVmAssistant, vimana_new_vm_assistant, GTK_TYPE_WINDOW)

const char * const vimana_new_vm_assistant_pages[VIMANA_NEW_VM_N_PAGES] = {
    "source", "resources", "storage", "options", "summary",
};

enum {
    SIGNAL_DOMAIN_CREATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vimana_new_vm_assistant_update (VimanaNewVmAssistant *self);
static void vimana_new_vm_assistant_set_connection (VimanaNewVmAssistant *self,
                                                    VimanaConnection     *connection);

/* ---- navigation ---- */

static const char *
vimana_new_vm_assistant_page_title (guint page)
{
    switch (page) {
    case 0:
        return _("Installation Source");
    case 1:
        return _("Memory and CPUs");
    case 2:
        return _("Storage");
    case 3:
        return _("Network and Firmware");
    case 4:
    default:
        return _("Name and Summary");
    }
}

static void
vimana_new_vm_assistant_update (VimanaNewVmAssistant *self)
{
    gboolean last = self->page == VIMANA_NEW_VM_N_PAGES - 1;
    gboolean complete;
    g_autofree char *subtitle = NULL;

    if (self->filling)
        return;
    complete = !self->creating && vimana_new_vm_assistant_check_page (self, self->page);

    vimana_widget_set_can_act (self->forward_button, complete,
                               self->creating ? _("The guest is being created.")
                                              : _("Complete this step first: see the messages under its fields."));
    gtk_button_set_label (GTK_BUTTON (self->forward_button), last ? _("_Finish") : _("_Forward"));
    atk_object_set_name (gtk_widget_get_accessible (self->forward_button), last ? _("Finish") : _("Forward"));
    vimana_widget_set_can_act (self->back_button, self->page > 0 && !self->creating,
                               self->creating ? _("The guest is being created.")
                                              : _("This is the first step."));
    gtk_widget_set_visible (self->review_button, !last);
    vimana_widget_set_can_act (self->review_button, complete && !last,
                               self->creating ? _("The guest is being created.")
                                              : _("Complete this step first: see the messages under its fields."));
    /* Translators: the step's number, the number of steps, the step's title. */
    subtitle = g_strdup_printf (_("Step %u of %u: %s"), self->page + 1, VIMANA_NEW_VM_N_PAGES,
                                vimana_new_vm_assistant_page_title (self->page));
    gtk_header_bar_set_subtitle (self->header_bar, self->creating ? _("Creating the guest…") : subtitle);
}

static void
vimana_new_vm_assistant_show_page (VimanaNewVmAssistant *self,
                                   guint                 page)
{
    self->page = page;
    if (page == 4)
        vimana_new_vm_assistant_fill_summary (self);
    gtk_stack_set_visible_child_name (self->stack, vimana_new_vm_assistant_pages[page]);
    vimana_new_vm_assistant_update (self);
}

static void
vimana_new_vm_assistant_input_changed_cb (VimanaNewVmAssistant *self)
{
    if (self->filling)
        return;
    vimana_new_vm_assistant_update (self);
}

/* The fix the access message offers: an ACL for the QEMU user on the blocking parts of the path. */
static void
vimana_new_vm_assistant_grant_clicked_cb (VimanaNewVmAssistant *self)
{
    g_autofree char *conf = NULL;
    g_autofree char *name = NULL;
    g_autoptr(VimanaFileUser) user = NULL;
    g_autoptr(GError) error = NULL;
    const char *path = gtk_entry_get_text (self->media_entry);

    g_file_get_contents ("/etc/libvirt/qemu.conf", &conf, NULL, NULL);
    name = vimana_file_access_qemu_user_name (conf);
    user = vimana_file_user_lookup (name, &error);
    if (user == NULL || !g_path_is_absolute (path) || !vimana_file_access_grant (path, user, &error)) {
        vimana_field_error_set_error (GTK_WIDGET (self->media_entry), self->media_error_label, error);
        return;
    }
    vimana_new_vm_assistant_update (self);
}

static void
vimana_new_vm_assistant_customize_toggled_cb (VimanaNewVmAssistant *self)
{
    if (self->page == VIMANA_NEW_VM_N_PAGES - 1)
        vimana_new_vm_assistant_fill_summary (self);
}

static void
vimana_new_vm_assistant_back_clicked_cb (VimanaNewVmAssistant *self)
{
    if (self->page > 0 && !self->creating)
        vimana_new_vm_assistant_show_page (self, self->page - 1);
}

/* ---- creating ---- */

static void
vimana_new_vm_assistant_show_failure (VimanaNewVmAssistant *self,
                                      const char           *message)
{
    gtk_label_set_text (self->failure_label, message);
    gtk_widget_set_visible (GTK_WIDGET (self->failure_bar), message != NULL);
}

static void
vimana_new_vm_assistant_failure_response_cb (VimanaNewVmAssistant *self)
{
    vimana_new_vm_assistant_show_failure (self, NULL);
}

static void
vimana_new_vm_assistant_progress_cb (VimanaInstallStep step,
                                     gpointer          user_data)
{
    VimanaNewVmAssistant *self = user_data;
    static const struct {
        const char *text;
        double      fraction;
    } steps[] = {
        [VIMANA_INSTALL_STEP_DOWNLOAD] = { N_("Downloading the installer’s kernel and initrd…"), 0.05 },
        [VIMANA_INSTALL_STEP_POOL] = { N_("Preparing the storage pool…"), 0.1 },
        [VIMANA_INSTALL_STEP_VOLUME] = { N_("Creating the disk…"), 0.25 },
        [VIMANA_INSTALL_STEP_DEFINE] = { N_("Defining the guest…"), 0.5 },
        [VIMANA_INSTALL_STEP_START] = { N_("Starting the guest…"), 0.75 },
        [VIMANA_INSTALL_STEP_ROLLBACK] = { N_("Removing what was created…"), 0.9 },
    };

    g_assert (step < G_N_ELEMENTS (steps));
    gtk_label_set_text (self->progress_label, _(steps[step].text));
    gtk_progress_bar_set_fraction (self->progress_bar, steps[step].fraction);
}

static void
vimana_new_vm_assistant_finish_creating (VimanaNewVmAssistant *self)
{
    self->creating = FALSE;
    g_clear_object (&self->create_cancellable);
    gtk_spinner_stop (self->progress_spinner);
    gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), TRUE);
}

static void
vimana_new_vm_assistant_domains_changed_cb (GListModel *domains,
                                            guint       position,
                                            guint       removed,
                                            guint       added,
                                            gpointer    user_data);

/* Hands the new guest over once the connection lists it, then closes. */
static gboolean
vimana_new_vm_assistant_deliver (VimanaNewVmAssistant *self)
{
    const char *uuid = g_object_get_data (G_OBJECT (self), "created-uuid");
    VimanaDomain *domain = vimana_connection_lookup_domain (self->connection, uuid);

    if (domain == NULL)
        return FALSE;
    g_signal_handlers_disconnect_by_func (vimana_connection_get_domains (self->connection),
                                          vimana_new_vm_assistant_domains_changed_cb, self);
    g_signal_emit (self, signals[SIGNAL_DOMAIN_CREATED], 0, domain);
    gtk_widget_destroy (GTK_WIDGET (self));
    return TRUE;
}

static void
vimana_new_vm_assistant_domains_changed_cb (GListModel *domains,
                                            guint       position,
                                            guint       removed,
                                            guint       added,
                                            gpointer    user_data)
{
    vimana_new_vm_assistant_deliver (VIMANA_NEW_VM_ASSISTANT (user_data));
}

static void
vimana_new_vm_assistant_created_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
    g_autoptr(VimanaNewVmAssistant) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autofree char *uuid = vimana_installer_create_finish (VIMANA_CONNECTION (object), result, &error);

    vimana_new_vm_assistant_finish_creating (self);
    if (self->close_when_done || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        gtk_widget_destroy (GTK_WIDGET (self));
        return;
    }
    if (uuid == NULL) {
        /* Translators: %s is why; everything made so far was removed again. */
        g_autofree char *message = g_strdup_printf (_("The guest could not be created; nothing was kept. %s"),
                                                    error->message);

        vimana_new_vm_assistant_show_failure (self, message);
        vimana_new_vm_assistant_show_page (self, VIMANA_NEW_VM_N_PAGES - 1);
        return;
    }

    g_object_set_data_full (G_OBJECT (self), "created-uuid", g_steal_pointer (&uuid), g_free);
    if (vimana_new_vm_assistant_get_method (self) == VIMANA_INSTALL_METHOD_MEDIA)
        vimana_new_vm_assistant_remember_iso (self, gtk_entry_get_text (self->media_entry));
    gtk_label_set_text (self->progress_label, gtk_toggle_button_get_active (self->customize_check)
                                                  ? _("The guest is defined: customize it, then run it.")
                                                  : _("The guest is running."));
    gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
    if (!vimana_new_vm_assistant_deliver (self))
        g_signal_connect_object (vimana_connection_get_domains (self->connection), "items-changed",
                                 G_CALLBACK (vimana_new_vm_assistant_domains_changed_cb), self, 0);
}

static void
vimana_new_vm_assistant_create (VimanaNewVmAssistant *self)
{
    g_autoptr(VimanaInstallPlan) plan = vimana_new_vm_assistant_collect (self);

    vimana_new_vm_assistant_show_failure (self, NULL);
    self->creating = TRUE;
    self->create_cancellable = g_cancellable_new ();
    gtk_stack_set_visible_child_name (self->stack, "progress");
    gtk_spinner_start (self->progress_spinner);
    gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
    gtk_label_set_text (self->progress_label, _("Creating the guest…"));
    vimana_new_vm_assistant_update (self);
    vimana_installer_create_async (self->connection, plan, self->create_cancellable,
                                   vimana_new_vm_assistant_progress_cb, self,
                                   vimana_new_vm_assistant_created_cb, g_object_ref (self));
}

static void
vimana_new_vm_assistant_forward_clicked_cb (VimanaNewVmAssistant *self)
{
    if (self->creating || !vimana_new_vm_assistant_check_page (self, self->page))
        return;
    if (self->page == 0)
        vimana_new_vm_assistant_fill_defaults (self);
    if (self->page == VIMANA_NEW_VM_N_PAGES - 1) {
        vimana_new_vm_assistant_create (self);
        return;
    }
    vimana_new_vm_assistant_show_page (self, self->page + 1);
}

/* Review: the remaining steps keep what they suggest; the first one that needs the user (a
 * field its defaults cannot fill) is shown instead of the summary. With an ISO chosen that is
 * New VM, the ISO, Review and Finish: four clicks to a running guest. */
static void
vimana_new_vm_assistant_review_clicked_cb (VimanaNewVmAssistant *self)
{
    if (self->creating || self->page >= VIMANA_NEW_VM_N_PAGES - 1 ||
        !vimana_new_vm_assistant_check_page (self, self->page))
        return;
    if (self->page == 0)
        vimana_new_vm_assistant_fill_defaults (self);
    for (guint page = self->page + 1; page < VIMANA_NEW_VM_N_PAGES - 1; page++) {
        if (!vimana_new_vm_assistant_check_page (self, page)) {
            vimana_new_vm_assistant_show_page (self, page);
            return;
        }
    }
    vimana_new_vm_assistant_show_page (self, VIMANA_NEW_VM_N_PAGES - 1);
}

/* Cancel while creating stops between steps; the job removes what it made, then the window
 * closes. */
static void
vimana_new_vm_assistant_cancel (VimanaNewVmAssistant *self)
{
    if (self->creating) {
        self->close_when_done = TRUE;
        g_cancellable_cancel (self->create_cancellable);
        gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
        gtk_label_set_text (self->progress_label, _("Cancelling…"));
        return;
    }
    gtk_widget_destroy (GTK_WIDGET (self));
}

static void
vimana_new_vm_assistant_cancel_clicked_cb (VimanaNewVmAssistant *self)
{
    vimana_new_vm_assistant_cancel (self);
}

static gboolean
vimana_new_vm_assistant_delete_event_cb (VimanaNewVmAssistant *self)
{
    vimana_new_vm_assistant_cancel (self);
    return GDK_EVENT_STOP;
}

/* ---- the operating system ---- */

static void
vimana_new_vm_assistant_set_os (VimanaNewVmAssistant *self,
                                VimanaOsInfo         *os)
{
    vimana_os_info_free (self->os);
    self->os = os != NULL ? os : vimana_os_db_generic ();
}

static void vimana_new_vm_assistant_os_search_changed_cb (VimanaNewVmAssistant *self);
static void vimana_new_vm_assistant_scroll_to_row (VimanaNewVmAssistant *self,
                                                   GtkListBoxRow        *row);

/* The detected OS is selected in the list and scrolled to, so that the user sees what was
 * found among the others (searching for it when the list does not show it). Selecting it
 * is not a pick: another medium detects again. */
static void
vimana_new_vm_assistant_show_detected (VimanaNewVmAssistant *self,
                                       const VimanaOsInfo   *os)
{
    GtkListBoxRow *found = NULL;

    for (int pass = 0; pass < 2 && found == NULL; pass++) {
        g_autoptr(GList) rows = NULL;

        if (pass == 1) {
            /* Not among the rows shown: list it by its name (the search entry's delayed
             * search-changed then finds the same rows and keeps the selection). */
            gtk_entry_set_text (GTK_ENTRY (self->os_search_entry), os->name);
            vimana_new_vm_assistant_os_search_changed_cb (self);
        }
        rows = gtk_container_get_children (GTK_CONTAINER (self->os_list));
        for (GList *l = rows; l != NULL && found == NULL; l = l->next) {
            const VimanaOsInfo *row_os = g_object_get_data (l->data, "os");

            if (row_os != NULL && g_strcmp0 (row_os->id, os->id) == 0)
                found = l->data;
        }
    }
    if (found == NULL) {
        gtk_list_box_unselect_all (self->os_list);
        return;
    }
    self->showing_detected = TRUE;
    gtk_list_box_select_row (self->os_list, found);
    self->showing_detected = FALSE;
    vimana_new_vm_assistant_scroll_to_row (self, found);
}

static void
vimana_new_vm_assistant_identified_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    VimanaNewVmAssistant *self;
    g_autoptr(GError) error = NULL;
    VimanaOsInfo *os = vimana_os_db_identify_finish (result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        vimana_os_info_free (os);
        return;
    }
    self = VIMANA_NEW_VM_ASSISTANT (user_data);
    self->identifying = FALSE;
    gtk_spinner_stop (self->os_spinner);
    gtk_widget_hide (GTK_WIDGET (self->os_spinner));
    if (os != NULL) {
        /* Translators: %s is an operating system's name, such as Debian 11. */
        g_autofree char *text = g_strdup_printf (_("Detected: %s"), os->name);

        gtk_label_set_text (self->os_label, text);
        self->os_picked = FALSE;
        vimana_new_vm_assistant_set_os (self, os);
        vimana_new_vm_assistant_show_detected (self, self->os);
    } else if (!self->os_picked) {
        gtk_label_set_text (self->os_label, error != NULL ? error->message
                                                          : _("Not detected. Choose it below, or keep "
                                                              "the defaults of a generic system."));
        vimana_new_vm_assistant_set_os (self, NULL);
    }
    vimana_new_vm_assistant_update (self);
}

static gboolean
vimana_new_vm_assistant_identify_cb (gpointer user_data)
{
    VimanaNewVmAssistant *self = user_data;
    const char *path = gtk_entry_get_text (self->media_entry);

    self->identify_source = 0;
    if (g_strcmp0 (path, self->identified) == 0 || !vimana_install_check_media_path (path, NULL)) {
        self->identifying = FALSE;
        vimana_new_vm_assistant_update (self);
        return G_SOURCE_REMOVE;
    }
    g_free (self->identified);
    self->identified = g_strdup (path);
    gtk_widget_show (GTK_WIDGET (self->os_spinner));
    gtk_spinner_start (self->os_spinner);
    gtk_label_set_text (self->os_label, _("Detecting the operating system…"));
    vimana_os_db_identify_async (path, FALSE, self->cancellable, vimana_new_vm_assistant_identified_cb, self);
    return G_SOURCE_REMOVE;
}

/* A name typed (or pasted, or set by a screen reader) is kept when the OS changes later. */
static void
vimana_new_vm_assistant_name_changed_cb (VimanaNewVmAssistant *self)
{
    if (!self->filling)
        self->name_edited = TRUE;
}

/* Detection runs once typing pauses; until it answers, Forward waits for it. */
static void
vimana_new_vm_assistant_media_changed_cb (VimanaNewVmAssistant *self)
{
    if (!vimana_connection_is_local (self->connection)) {
        gtk_label_set_text (self->os_label, _("Media on a remote host cannot be read from here: "
                                              "choose the operating system below."));
        return;
    }
    g_clear_handle_id (&self->identify_source, g_source_remove);
    self->identifying = TRUE;
    self->identify_source = g_timeout_add (VIMANA_NEW_VM_IDENTIFY_DELAY_MS,
                                           vimana_new_vm_assistant_identify_cb, self);
}

static void
vimana_new_vm_assistant_os_search_changed_cb (VimanaNewVmAssistant *self)
{
    const char *text = gtk_entry_get_text (GTK_ENTRY (self->os_search_entry));
    g_autoptr(GPtrArray) found = NULL;
    GList *rows;

    /* (the rows of this very search are listed already, maybe with one selected) */
    if (self->os_searched != NULL && g_str_equal (self->os_searched, text))
        return;
    g_free (self->os_searched);
    self->os_searched = g_strdup (text);
    found = vimana_os_db_search (text, VIMANA_NEW_VM_OS_LIST_LIMIT);
    rows = gtk_container_get_children (GTK_CONTAINER (self->os_list));

    for (GList *l = rows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_list_free (rows);
    for (guint i = 0; i < found->len; i++) {
        VimanaOsInfo *os = g_ptr_array_index (found, i);
        GtkWidget *label = gtk_label_new (os->name);
        GtkWidget *row = gtk_list_box_row_new ();

        gtk_label_set_xalign (GTK_LABEL (label), 0);
        gtk_widget_set_margin_start (label, 6);
        gtk_widget_set_margin_end (label, 6);
        gtk_container_add (GTK_CONTAINER (row), label);
        atk_object_set_name (gtk_widget_get_accessible (row), os->name);
        g_object_set_data_full (G_OBJECT (row), "os", vimana_os_info_copy (os),
                                (GDestroyNotify) vimana_os_info_free);
        gtk_widget_show_all (row);
        gtk_container_add (GTK_CONTAINER (self->os_list), row);
    }
}

/* Once the list has its size: the row's place in the scrolled list. */
static void
vimana_new_vm_assistant_scroll_now (VimanaNewVmAssistant *self,
                                    GtkListBoxRow        *row)
{
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->os_list), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment;
    GtkAllocation allocation;
    double page;

    if (scrolled == NULL || gtk_widget_get_parent (GTK_WIDGET (row)) != GTK_WIDGET (self->os_list))
        return;
    adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    gtk_widget_get_allocation (GTK_WIDGET (row), &allocation);
    page = gtk_adjustment_get_page_size (adjustment);
    gtk_adjustment_clamp_page (adjustment, allocation.y, allocation.y + MIN (allocation.height, page));
}

static gboolean
vimana_new_vm_assistant_scroll_cb (gpointer user_data)
{
    VimanaNewVmAssistant *self = user_data;
    GtkListBoxRow *row = gtk_list_box_get_selected_row (self->os_list);

    self->scroll_source = 0;
    if (row != NULL)
        vimana_new_vm_assistant_scroll_now (self, row);
    return G_SOURCE_REMOVE;
}

static void
vimana_new_vm_assistant_scroll_to_row (VimanaNewVmAssistant *self,
                                       GtkListBoxRow        *row)
{
    /* New rows get their place in the next layout pass. */
    if (self->scroll_source == 0)
        self->scroll_source = g_idle_add_full (GDK_PRIORITY_REDRAW + 10, vimana_new_vm_assistant_scroll_cb,
                                               self, NULL);
}

static void
vimana_new_vm_assistant_os_row_selected_cb (VimanaNewVmAssistant *self,
                                            GtkListBoxRow        *row)
{
    const VimanaOsInfo *os = row != NULL ? g_object_get_data (G_OBJECT (row), "os") : NULL;
    g_autofree char *text = NULL;

    if (os == NULL || self->showing_detected)
        return;
    self->os_picked = TRUE;
    vimana_new_vm_assistant_set_os (self, vimana_os_info_copy (os));
    /* Translators: %s is an operating system's name. */
    text = g_strdup_printf (_("Chosen: %s"), os->name);
    gtk_label_set_text (self->os_label, text);
    vimana_new_vm_assistant_update (self);
}

/* ---- the install tree ---- */

static void
vimana_new_vm_assistant_tree_read_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    VimanaNewVmAssistant *self;
    g_autoptr(GError) error = NULL;
    VimanaInstallTree *tree = vimana_install_tree_fetch_finish (result, &error);

    /* Cancelled: the URL changed or the window went, and self may be gone. */
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        vimana_install_tree_free (tree);
        return;
    }
    self = VIMANA_NEW_VM_ASSISTANT (user_data);
    self->reading_tree = FALSE;
    g_clear_object (&self->tree_cancellable);
    gtk_spinner_stop (self->os_spinner);
    gtk_widget_hide (GTK_WIDGET (self->os_spinner));
    vimana_install_tree_free (self->tree);
    self->tree = tree;
    g_clear_pointer (&self->tree_error, g_free);
    if (tree == NULL) {
        self->tree_error = g_strdup (error->message);
        gtk_label_set_text (self->os_label, "");
    } else if (tree->os != NULL && !self->os_picked) {
        /* Translators: %s is an operating system's name, such as Fedora 37. */
        g_autofree char *text = g_strdup_printf (_("Detected: %s"), tree->os->name);

        gtk_label_set_text (self->os_label, text);
        vimana_new_vm_assistant_set_os (self, vimana_os_info_copy (tree->os));
        vimana_new_vm_assistant_show_detected (self, self->os);
    } else if (!self->os_picked) {
        gtk_label_set_text (self->os_label, _("Not detected. Choose it below, or keep "
                                              "the defaults of a generic system."));
        vimana_new_vm_assistant_set_os (self, NULL);
    }
    /* Shown before anything is downloaded (issue 11, defect 8). */
    if (tree != NULL && tree->boot_host != NULL) {
        /* Translators: %s is a server's name, or two joined with a comma. */
        g_autofree char *elsewhere = g_strdup_printf (_("The tree’s kernel and initrd are on another server, %s: "
                                                        "Vimana downloads them from there when the guest is created."),
                                                      tree->boot_host);
        g_autofree char *text = self->os_picked
                                ? g_strdup (elsewhere)
                                : g_strdup_printf ("%s\n%s", gtk_label_get_text (self->os_label), elsewhere);

        gtk_label_set_text (self->os_label, text);
    }
    vimana_new_vm_assistant_update (self);
}

static gboolean
vimana_new_vm_assistant_read_tree_cb (gpointer user_data)
{
    VimanaNewVmAssistant *self = user_data;

    /* The guest's architecture picks the tree's boot files: wait for the host's answer. */
    if (self->env == NULL)
        return G_SOURCE_CONTINUE;
    self->tree_source = 0;
    self->tree_cancellable = g_cancellable_new ();
    gtk_widget_show (GTK_WIDGET (self->os_spinner));
    gtk_spinner_start (self->os_spinner);
    gtk_label_set_text (self->os_label, _("Reading the install tree…"));
    vimana_install_tree_fetch_async (gtk_entry_get_text (self->url_entry), self->env->caps->arch,
                                     self->tree_cancellable, vimana_new_vm_assistant_tree_read_cb, self);
    return G_SOURCE_REMOVE;
}

static void
vimana_new_vm_assistant_stop_reading_tree (VimanaNewVmAssistant *self)
{
    g_clear_handle_id (&self->tree_source, g_source_remove);
    if (self->tree_cancellable != NULL)
        g_cancellable_cancel (self->tree_cancellable);
    g_clear_object (&self->tree_cancellable);
    self->reading_tree = FALSE;
}

/* The tree is read once typing pauses; until it answers, Forward waits for it. A well-formed
 * URL only, and on a local connection only: the reasons otherwise are the page's to show. */
static void
vimana_new_vm_assistant_url_changed_cb (VimanaNewVmAssistant *self)
{
    const char *url = gtk_entry_get_text (self->url_entry);

    vimana_new_vm_assistant_stop_reading_tree (self);
    g_clear_pointer (&self->tree, vimana_install_tree_free);
    g_clear_pointer (&self->tree_error, g_free);
    if (self->connection != NULL && vimana_connection_is_local (self->connection) &&
        vimana_install_check_url (url, NULL)) {
        self->reading_tree = TRUE;
        self->tree_source = g_timeout_add (VIMANA_NEW_VM_IDENTIFY_DELAY_MS,
                                           vimana_new_vm_assistant_read_tree_cb, self);
    }
    vimana_new_vm_assistant_update (self);
}

/* ---- CD/DVD drives ---- */

static int
vimana_new_vm_compare_strings (gconstpointer a,
                               gconstpointer b)
{
    return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/**
 * vimana_new_vm_assistant_find_drives:
 * @dev_dir: the device folder: "/dev"
 *
 * Returns: (transfer full): the paths of the CD/DVD drives in @dev_dir (the kernel names them
 *   sr0, sr1…), sorted
 */
GStrv
vimana_new_vm_assistant_find_drives (const char *dev_dir)
{
    g_autoptr(GDir) dir = g_dir_open (dev_dir, 0, NULL);
    g_autoptr(GPtrArray) drives = g_ptr_array_new ();
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        if (g_str_has_prefix (name, "sr") && name[2] != '\0' &&
            strspn (name + 2, "0123456789") == strlen (name + 2))
            g_ptr_array_add (drives, g_build_filename (dev_dir, name, NULL));
    }
    g_ptr_array_sort (drives, vimana_new_vm_compare_strings);
    g_ptr_array_add (drives, NULL);
    return (GStrv) g_ptr_array_free (g_steal_pointer (&drives), FALSE);
}

/**
 * vimana_new_vm_assistant_fill_drives:
 * @self: a #VimanaNewVmAssistant
 * @dev_dir: where the drives are looked for: "/dev"
 *
 * Offers this computer's CD/DVD drives beside the media path; not for a remote host, whose
 * drives cannot be seen from here.
 */
void
vimana_new_vm_assistant_fill_drives (VimanaNewVmAssistant *self,
                                     const char           *dev_dir)
{
    g_auto(GStrv) drives = NULL;

    self->filling = TRUE;
    gtk_combo_box_text_remove_all (self->drive_combo);
    if (self->connection != NULL && vimana_connection_is_local (self->connection))
        drives = vimana_new_vm_assistant_find_drives (dev_dir);
    if (drives != NULL && drives[0] != NULL) {
        gtk_combo_box_text_append (self->drive_combo, "", _("Or choose a CD/DVD drive…"));
        for (char **drive = drives; *drive != NULL; drive++)
            gtk_combo_box_text_append (self->drive_combo, *drive, *drive);
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->drive_combo), 0);
    }
    gtk_widget_set_visible (GTK_WIDGET (self->drive_combo), drives != NULL && drives[0] != NULL);
    self->filling = FALSE;
}

static void
vimana_new_vm_assistant_drive_changed_cb (VimanaNewVmAssistant *self)
{
    const char *drive = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->drive_combo));

    if (!self->filling && drive != NULL && *drive != '\0')
        gtk_entry_set_text (self->media_entry, drive);
}

/* ---- files ---- */

static void
vimana_new_vm_assistant_chooser_response_cb (GtkNativeDialog *chooser,
                                             int              response,
                                             gpointer         user_data)
{
    VimanaNewVmAssistant *self = user_data;
    GtkEntry *entry = g_object_get_data (G_OBJECT (chooser), "entry");

    if (response == GTK_RESPONSE_ACCEPT) {
        g_autofree char *path = gtk_file_chooser_get_filename (GTK_FILE_CHOOSER (chooser));

        if (path != NULL)
            gtk_entry_set_text (entry, path);
    }
    g_clear_object (&self->chooser);
}

static void
vimana_new_vm_assistant_browse_clicked_cb (VimanaNewVmAssistant *self,
                                           GtkButton            *button)
{
    gboolean media = GTK_WIDGET (button) == self->media_browse_button;
    GtkFileFilter *filter;

    if (self->chooser != NULL)
        return;
    /* Modal like the assistant itself: a chooser that is not gets none of its events. */
    self->chooser = vimana_file_chooser_new (GTK_WIDGET (self),
                                             media ? _("Choose Installation Media") : _("Choose a Disk Image"),
                                             GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
    filter = gtk_file_filter_new ();
    gtk_file_filter_set_name (filter, media ? _("ISO images") : _("Disk images"));
    if (media) {
        gtk_file_filter_add_pattern (filter, "*.iso");
        gtk_file_filter_add_pattern (filter, "*.ISO");
    } else {
        const char *patterns[] = { "*.qcow2", "*.img", "*.raw", "*.vmdk", "*.vdi" };

        for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
            gtk_file_filter_add_pattern (filter, patterns[i]);
    }
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    filter = gtk_file_filter_new ();
    gtk_file_filter_set_name (filter, _("All files"));
    gtk_file_filter_add_pattern (filter, "*");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    g_object_set_data (G_OBJECT (self->chooser), "entry", media ? self->media_entry : self->import_entry);
    g_signal_connect (self->chooser, "response", G_CALLBACK (vimana_new_vm_assistant_chooser_response_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- the connection ---- */

static void
vimana_new_vm_assistant_env_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    VimanaNewVmAssistant *self;
    g_autoptr(GError) error = NULL;
    VimanaInstallEnv *env = vimana_installer_query_finish (VIMANA_CONNECTION (object), result, &error);

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_NEW_VM_ASSISTANT (user_data);
    if (env == NULL || VIMANA_CONNECTION (object) != self->connection) {
        if (error != NULL) {
            /* Translators: %s is libvirt's reason. */
            g_autofree char *text = g_strdup_printf (_("What the host offers could not be read: %s"),
                                                     error->message);

            gtk_label_set_text (self->env_label, text);
            gtk_widget_show (GTK_WIDGET (self->env_label));
        }
        vimana_install_env_free (env);
        return;
    }
    vimana_install_env_free (self->env);
    self->env = env;
    gtk_widget_hide (GTK_WIDGET (self->env_label));
    vimana_new_vm_assistant_fill_env (self);
    vimana_new_vm_assistant_fill_isos (self);
    vimana_new_vm_assistant_update (self);
}

static void
vimana_new_vm_assistant_query (VimanaNewVmAssistant *self)
{
    if (vimana_connection_get_state (self->connection) != VIMANA_CONNECTION_STATE_CONNECTED) {
        gtk_label_set_text (self->env_label, _("Waiting for the connection…"));
        gtk_widget_show (GTK_WIDGET (self->env_label));
        return;
    }
    gtk_label_set_text (self->env_label, _("Reading what the host offers…"));
    gtk_widget_show (GTK_WIDGET (self->env_label));
    vimana_installer_query_async (self->connection, self->cancellable, vimana_new_vm_assistant_env_cb, self);
}

static void
vimana_new_vm_assistant_state_cb (VimanaConnection     *connection,
                                  GParamSpec           *pspec,
                                  VimanaNewVmAssistant *self)
{
    if (self->env == NULL && vimana_connection_get_state (connection) == VIMANA_CONNECTION_STATE_CONNECTED)
        vimana_new_vm_assistant_query (self);
}

static void
vimana_new_vm_assistant_set_connection (VimanaNewVmAssistant *self,
                                        VimanaConnection     *connection)
{
    if (self->connection == connection)
        return;
    if (self->connection != NULL)
        g_clear_signal_handler (&self->state_handler, self->connection);
    g_set_object (&self->connection, connection);
    g_clear_pointer (&self->env, vimana_install_env_free);
    g_clear_pointer (&self->applied_os, g_free);
    g_clear_pointer (&self->identified, g_free);
    self->state_handler = g_signal_connect (connection, "notify::state",
                                            G_CALLBACK (vimana_new_vm_assistant_state_cb), self);
    vimana_new_vm_assistant_query (self);
    vimana_new_vm_assistant_fill_drives (self, "/dev");
    vimana_new_vm_assistant_media_changed_cb (self);
    /* Another host may want another architecture's boot files. */
    vimana_new_vm_assistant_url_changed_cb (self);
    vimana_new_vm_assistant_update (self);
}

static void
vimana_new_vm_assistant_connection_changed_cb (VimanaNewVmAssistant *self)
{
    const char *uri = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->connection_combo));

    for (guint i = 0; uri != NULL && i < g_list_model_get_n_items (self->connections); i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (self->connections, i);

        if (g_str_equal (vimana_connection_get_uri (connection), uri))
            vimana_new_vm_assistant_set_connection (self, connection);
    }
}

/* ---- the object ---- */

static void
vimana_new_vm_assistant_dispose (GObject *object)
{
    VimanaNewVmAssistant *self = VIMANA_NEW_VM_ASSISTANT (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->scroll_source, g_source_remove);
    g_clear_handle_id (&self->identify_source, g_source_remove);
    vimana_new_vm_assistant_stop_reading_tree (self);
    if (self->connection != NULL) {
        g_clear_signal_handler (&self->state_handler, self->connection);
        g_signal_handlers_disconnect_by_func (vimana_connection_get_domains (self->connection),
                                              vimana_new_vm_assistant_domains_changed_cb, self);
    }
    if (self->chooser != NULL)
        gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    g_clear_object (&self->chooser);

    G_OBJECT_CLASS (vimana_new_vm_assistant_parent_class)->dispose (object);
}

static void
vimana_new_vm_assistant_finalize (GObject *object)
{
    VimanaNewVmAssistant *self = VIMANA_NEW_VM_ASSISTANT (object);

    g_clear_object (&self->connections);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->create_cancellable);
    vimana_install_env_free (self->env);
    vimana_install_plan_free (self->plan);
    vimana_os_info_free (self->os);
    g_free (self->applied_os);
    g_free (self->os_searched);
    g_free (self->identified);
    g_free (self->media_copied);
    vimana_install_tree_free (self->tree);
    g_free (self->tree_error);

    G_OBJECT_CLASS (vimana_new_vm_assistant_parent_class)->finalize (object);
}

static void
vimana_new_vm_assistant_class_init (VimanaNewVmAssistantClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_new_vm_assistant_dispose;
    object_class->finalize = vimana_new_vm_assistant_finalize;

    /**
     * VimanaNewVmAssistant::domain-created:
     * @self: the assistant
     * @domain: the new guest, running
     *
     * Emitted once the guest was created, started (unless it is to be customised first, see
 * vimana_new_vm_assistant_get_customize()) and listed, just before the assistant closes.
     */
    signals[SIGNAL_DOMAIN_CREATED] =
        g_signal_new ("domain-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, VIMANA_TYPE_DOMAIN);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 RESOURCE_PREFIX "/ui/vimana-new-vm-assistant.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, VimanaNewVmAssistant, name)
    BIND (header_bar);
    BIND (cancel_button);
    BIND (back_button);
    BIND (forward_button);
    BIND (review_button);
    BIND (failure_bar);
    BIND (failure_label);
    BIND (stack);
    BIND (connection_combo);
    BIND (env_label);
    BIND (media_radio);
    BIND (media_box);
    BIND (media_entry);
    BIND (media_browse_button);
    BIND (drive_combo);
    BIND (media_error_label);
    BIND (media_grant_button);
    BIND (media_fix_box);
    BIND (media_copy_button);
    BIND (media_copy_progress);
    BIND (network_radio);
    BIND (network_box);
    BIND (url_entry);
    BIND (url_error_label);
    BIND (import_radio);
    BIND (import_box);
    BIND (import_entry);
    BIND (import_browse_button);
    BIND (import_error_label);
    BIND (manual_radio);
    BIND (os_spinner);
    BIND (os_label);
    BIND (os_search_entry);
    BIND (os_list);
    BIND (memory_entry);
    BIND (memory_hint_label);
    BIND (memory_error_label);
    BIND (vcpus_spin);
    BIND (vcpus_hint_label);
    BIND (vcpus_error_label);
    BIND (import_note_label);
    BIND (disk_new_radio);
    BIND (disk_new_box);
    BIND (pool_combo);
    BIND (disk_size_entry);
    BIND (disk_hint_label);
    BIND (disk_error_label);
    BIND (disk_existing_radio);
    BIND (disk_existing_box);
    BIND (existing_combo);
    BIND (existing_error_label);
    BIND (disk_none_radio);
    BIND (net_combo);
    BIND (net_hint_label);
    BIND (net_start_check);
    BIND (firmware_combo);
    BIND (tpm_check);
    BIND (firmware_hint_label);
    BIND (machine_combo);
    BIND (display_combo);
    BIND (name_entry);
    BIND (name_error_label);
    BIND (summary_grid);
    BIND (customize_check);
    BIND (progress_label);
    BIND (progress_bar);
    BIND (progress_spinner);
#undef BIND
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_input_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_back_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_customize_toggled_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_forward_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_review_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_cancel_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_grant_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_copy_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_delete_event_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_failure_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_browse_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_drive_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_os_search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_os_row_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_new_vm_assistant_url_changed_cb);
}

static void
vimana_new_vm_assistant_init (VimanaNewVmAssistant *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    vimana_new_vm_assistant_isos_init (self);
    self->cancellable = g_cancellable_new ();
    self->os = vimana_os_db_generic ();
    gtk_label_set_text (self->os_label, _("Choose the installation media first, or pick the system below."));
    g_signal_connect_swapped (self->name_entry, "changed",
                              G_CALLBACK (vimana_new_vm_assistant_name_changed_cb), self);
    /* The media entry also drives detection. */
    g_signal_connect_swapped (self->media_entry, "changed",
                              G_CALLBACK (vimana_new_vm_assistant_media_changed_cb), self);
    gtk_widget_grab_default (self->forward_button);
}

/**
 * vimana_new_vm_assistant_new:
 * @parent: (nullable): the main window
 * @connections: the application's #VimanaConnection list, offered in the Connection field
 * @connection: the connection to start on
 *
 * Returns: (transfer none): the assistant, not yet shown
 */
GtkWidget *
vimana_new_vm_assistant_new (GtkWindow        *parent,
                             GListModel       *connections,
                             VimanaConnection *connection)
{
    VimanaNewVmAssistant *self;

    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIMANA_TYPE_NEW_VM_ASSISTANT, "transient-for", parent, NULL);
    self->connections = g_object_ref (connections);
    self->filling = TRUE;
    for (guint i = 0; i < g_list_model_get_n_items (connections); i++) {
        g_autoptr(VimanaConnection) item = g_list_model_get_item (connections, i);

        gtk_combo_box_text_append (self->connection_combo, vimana_connection_get_uri (item),
                                   vimana_connection_get_display_name (item));
    }
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->connection_combo), vimana_connection_get_uri (connection));
    self->filling = FALSE;
    g_signal_connect_swapped (self->connection_combo, "changed",
                              G_CALLBACK (vimana_new_vm_assistant_connection_changed_cb), self);
    vimana_new_vm_assistant_os_search_changed_cb (self);
    vimana_new_vm_assistant_set_connection (self, connection);
    vimana_new_vm_assistant_show_page (self, 0);
    return GTK_WIDGET (self);
}

/**
 * vimana_new_vm_assistant_get_page:
 * @self: a #VimanaNewVmAssistant
 *
 * Returns: the page shown: "source", "resources", "storage", "options", "summary" or "progress"
 */
const char *
vimana_new_vm_assistant_get_page (VimanaNewVmAssistant *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_VM_ASSISTANT (self), NULL);

    return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * vimana_new_vm_assistant_get_customize:
 * @self: a #VimanaNewVmAssistant
 *
 * Returns: whether the guest is to be customised before its first start: it is created
 *   defined, not running, and its Hardware page is the place to go
 */
gboolean
vimana_new_vm_assistant_get_customize (VimanaNewVmAssistant *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_VM_ASSISTANT (self), FALSE);

    return gtk_toggle_button_get_active (self->customize_check);
}

/**
 * vimana_new_vm_assistant_is_ready:
 * @self: a #VimanaNewVmAssistant
 *
 * Returns: whether what the host offers was read and no detection or tree reading is under way
 */
gboolean
vimana_new_vm_assistant_is_ready (VimanaNewVmAssistant *self)
{
    g_return_val_if_fail (VIMANA_IS_NEW_VM_ASSISTANT (self), FALSE);

    return self->env != NULL && !self->identifying && !self->reading_tree && !self->creating;
}
