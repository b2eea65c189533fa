/* vimana-hardware-page.c: the details window's Hardware page
 *
 * A sidebar lists Overview, OS, CPUs, Memory, Boot Options and every device of the guest's
 * persistent configuration; the item chosen shows its fields (a VimanaHardwareForm) and, in the
 * XML tab, its XML in a GtkSourceView: a device's own element, or the whole domain for the other
 * items. Apply and Revert are sensitive once something was edited. Apply validates, then hands
 * the edited configuration and any live changes to the core, which refuses to overwrite a
 * definition another client changed meanwhile: the page then offers to reload. After each apply
 * the configuration is read again, so the page shows what libvirt kept; after one that failed,
 * what the user typed (fields or XML) stays on screen over it, marked, until Apply or Revert.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-page"

#include "config.h"

#include "vimana-hardware-page.h"
#include "vimana-hardware-page-private.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "vimana-can-act.h"
#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-hardware-form.h"
#include "vimana-hardware-sidebar.h"
#include "vimana-network-xml.h"
#include "vimana-nic-reservation.h"
#include "vimana-xml-scheme.h"

G_DEFINE_FINAL_TYPE (VimanaHardwarePage, vimana_hardware_page, GTK_TYPE_BOX)

static void vimana_hardware_page_load (VimanaHardwarePage *self);
static void vimana_hardware_page_update_marks (VimanaHardwarePage *self,
                                               gboolean            current_changed);

/* Whether the fields or the XML differ from what was loaded. */
static gboolean
vimana_hardware_page_has_changes (VimanaHardwarePage *self)
{
    g_autofree char *text = NULL;

    if (self->form != NULL && vimana_hardware_form_has_changes (VIMANA_HARDWARE_FORM (self->form)))
        return TRUE;
    if (self->xml_view == NULL)
        return FALSE;
    text = vimana_hardware_page_get_xml (self);
    return g_strcmp0 (text, self->xml_text ? self->xml_text : "") != 0;
}

void
vimana_hardware_page_update_sensitivity (VimanaHardwarePage *self)
{
    gboolean ready = self->config != NULL && !self->busy && !self->loading;
    gboolean changed = ready && vimana_hardware_page_has_changes (self);

    const char *why_not = !ready ? (self->busy ? _("The last change is still being applied.")
                                              : _("The guest’s configuration is still being read."))
                                 : _("Nothing has changed yet.");

    vimana_widget_set_can_act (self->apply_button, changed, why_not);
    vimana_widget_set_can_act (self->revert_button, changed, why_not);
    if (self->stash != NULL)
        vimana_hardware_page_update_marks (self, changed);
    gtk_widget_set_sensitive (self->add_button, ready);
    gtk_widget_set_sensitive (self->remove_button,
                              ready && self->item == VIMANA_HARDWARE_ITEM_DEVICE);
}

void
vimana_hardware_page_set_error (VimanaHardwarePage *self,
                                const char         *message)
{
    gtk_label_set_text (self->error_label, message ? message : "");
}

/* ---- the sidebar ---- */

static void
vimana_hardware_page_fill_sidebar (VimanaHardwarePage *self)
{
    GtkListBoxRow *select = vimana_hardware_sidebar_fill (self->sidebar, self->config,
                                                          self->item, self->device);

    gtk_list_box_select_row (self->sidebar, select);
}

static char *
vimana_hardware_page_item_xml (VimanaHardwarePage *self)
{
    if (self->item == VIMANA_HARDWARE_ITEM_DEVICE)
        return vimana_domain_config_get_device_xml (self->config, self->device);
    return vimana_domain_config_to_xml (self->config);
}

static void
vimana_hardware_page_edited_cb (VimanaHardwarePage *self)
{
    vimana_hardware_page_update_sensitivity (self);
}

/*
 * The XML editor is made the first time it is shown: most details windows never show it, and
 * GtkSourceView's types and language files cost a process that never needs them.
 */
static GtkSourceView *
vimana_hardware_page_ensure_xml_view (VimanaHardwarePage *self)
{
    GtkSourceLanguage *xml;
    GtkTextBuffer *buffer;

    if (self->xml_view != NULL)
        return self->xml_view;

    self->xml_view = GTK_SOURCE_VIEW (gtk_source_view_new ());
    g_object_set (self->xml_view,
                  "monospace", TRUE,
                  "show-line-numbers", TRUE,
                  "tab-width", 2,
                  "insert-spaces-instead-of-tabs", TRUE,
                  "auto-indent", TRUE,
                  NULL);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->xml_view)), _("XML"));
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    xml = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                    "xml");
    if (xml != NULL)
        gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), xml);
    gtk_text_buffer_set_text (buffer, self->xml_text ? self->xml_text : "", -1);
    vimana_xml_scheme_follow_theme (self->xml_view);
    g_signal_connect_object (buffer, "changed", G_CALLBACK (vimana_hardware_page_edited_cb),
                             self, G_CONNECT_SWAPPED);
    gtk_container_add (GTK_CONTAINER (self->xml_scroll), GTK_WIDGET (self->xml_view));
    gtk_widget_show (GTK_WIDGET (self->xml_view));
    return self->xml_view;
}

static void
vimana_hardware_page_macs_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    g_autoptr(VimanaHardwarePage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainConfig) config = NULL;
    VimanaDomain *other = VIMANA_DOMAIN (object);

    config = vimana_domain_fetch_config_finish (other, result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->used_macs == NULL)
        return;
    self->macs_pending--;
    if (config == NULL)
        return;
    for (guint i = 0; i < vimana_domain_config_get_n_devices (config); i++) {
        g_autofree char *mac = NULL;

        if (vimana_domain_config_get_device_kind (config, i) != VIMANA_DEVICE_INTERFACE)
            continue;
        mac = vimana_domain_config_get_nic_mac (config, i);
        if (mac != NULL && *mac != '\0')
            g_hash_table_insert (self->used_macs, g_ascii_strdown (mac, -1),
                                 g_strdup (vimana_domain_get_name (other)));
    }
}

/* The first time a NIC is shown, reads the MAC addresses of the connection's other guests, so
 * that one of theirs typed here is warned about (issue 11, defect 9). Best effort: until they
 * are read, nothing is warned. */
static void
vimana_hardware_page_request_macs (VimanaHardwarePage *self)
{
    GListModel *domains;

    if (self->macs_requested || self->item != VIMANA_HARDWARE_ITEM_DEVICE ||
        vimana_domain_config_get_device_kind (self->config, self->device) != VIMANA_DEVICE_INTERFACE)
        return;
    self->macs_requested = TRUE;
    domains = vimana_connection_get_domains (vimana_domain_get_connection (self->domain));
    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) other = g_list_model_get_item (domains, i);

        if (other == self->domain || vimana_domain_get_removed (other))
            continue;
        self->macs_pending++;
        vimana_domain_fetch_config_async (other, self->cancellable, vimana_hardware_page_macs_cb,
                                          g_object_ref (self));
    }
}

/* ---- edits kept aside ----
 *
 * Choosing another item keeps the current one's edits (its form, and its XML when edited)
 * aside, marked in the sidebar, and choosing it again shows them: only Revert, or an Apply of
 * them, discards what was typed (issue 17, item 7). Reading the configuration again moves them
 * over to it; a device's are dropped when devices came or went, since its index may now be
 * another device's. */

typedef struct
{
    GtkWidget *form;         /* (owned) */
    char      *xml_loaded;   /* the item's XML the edits were made on */
    char      *xml_text;     /* (nullable): the XML as edited, when it was */
    guint      n_devices;    /* the configuration's devices then */
} VimanaHardwareEdits;

static void
vimana_hardware_edits_free (gpointer data)
{
    VimanaHardwareEdits *edits = data;

    gtk_widget_destroy (edits->form);
    g_object_unref (edits->form);
    g_free (edits->xml_loaded);
    g_free (edits->xml_text);
    g_free (edits);
}

static char *
vimana_hardware_page_key (VimanaHardwareItem item,
                          guint              device)
{
    return g_strdup_printf ("%d:%u", item, item == VIMANA_HARDWARE_ITEM_DEVICE ? device : 0);
}

/* Marks the sidebar's rows whose item has edits not applied. */
static void
vimana_hardware_page_update_marks (VimanaHardwarePage *self,
                                   gboolean            current_changed)
{
    for (int i = 0;; i++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->sidebar, i);
        VimanaHardwareItem item;
        guint device;
        g_autofree char *key = NULL;

        if (row == NULL)
            break;
        item = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "item"));
        device = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "device"));
        key = vimana_hardware_page_key (item, device);
        vimana_hardware_sidebar_set_edited (
            row, g_hash_table_contains (self->stash, key) ||
            (current_changed && item == self->item &&
             (item != VIMANA_HARDWARE_ITEM_DEVICE || device == self->device)));
    }
}

/* Takes the current form off the page; it is destroyed unless @keep. */
static GtkWidget *
vimana_hardware_page_take_form (VimanaHardwarePage *self,
                                gboolean            keep)
{
    GtkWidget *form = self->form;

    self->form = NULL;
    if (form != NULL && keep) {
        g_object_ref (form);
        gtk_container_remove (GTK_CONTAINER (gtk_widget_get_parent (form)), form);
    }
    /* The scrolled window wrapped the form in a viewport: that goes too. */
    if (gtk_bin_get_child (GTK_BIN (self->details_scroll)) != NULL)
        gtk_widget_destroy (gtk_bin_get_child (GTK_BIN (self->details_scroll)));
    return keep ? form : NULL;
}

/* Sets the current item's edits aside, when it has some. */
static void
vimana_hardware_page_stash (VimanaHardwarePage *self)
{
    g_autofree char *xml = NULL;
    gboolean xml_changed;
    VimanaHardwareEdits *edits;

    if (self->form == NULL || self->config == NULL)
        return;
    xml = vimana_hardware_page_get_xml (self);
    xml_changed = self->xml_view != NULL && g_strcmp0 (xml, self->xml_text) != 0;
    if (!xml_changed && !vimana_hardware_form_has_changes (VIMANA_HARDWARE_FORM (self->form)))
        return;
    edits = g_new0 (VimanaHardwareEdits, 1);
    edits->form = vimana_hardware_page_take_form (self, TRUE);
    edits->xml_loaded = g_strdup (self->xml_text);
    edits->xml_text = xml_changed ? g_steal_pointer (&xml) : NULL;
    edits->n_devices = vimana_domain_config_get_n_devices (self->config);
    g_hash_table_replace (self->stash, vimana_hardware_page_key (self->item, self->device), edits);
}

/* Moves the edits set aside over to the configuration just read. */
static void
vimana_hardware_page_rebase_stash (VimanaHardwarePage *self)
{
    GHashTableIter iter;
    const char *key;
    VimanaHardwareEdits *edits;
    guint n = vimana_domain_config_get_n_devices (self->config);
    g_autofree char *device_prefix = g_strdup_printf ("%d:", VIMANA_HARDWARE_ITEM_DEVICE);

    g_hash_table_iter_init (&iter, self->stash);
    while (g_hash_table_iter_next (&iter, (gpointer *) &key, (gpointer *) &edits)) {
        if (edits->n_devices != n && g_str_has_prefix (key, device_prefix)) {
            g_hash_table_iter_remove (&iter);
            continue;
        }
        edits->n_devices = n;
        vimana_hardware_form_keep_edits (VIMANA_HARDWARE_FORM (edits->form), self->config,
                                         vimana_domain_get_autostart (self->domain), FALSE);
    }
}

/* Shows the current item's edits set aside, if it has some. */
static gboolean
vimana_hardware_page_unstash (VimanaHardwarePage *self)
{
    g_autofree char *key = vimana_hardware_page_key (self->item, self->device);
    VimanaHardwareEdits *edits;
    gpointer stolen_key;

    if (!g_hash_table_steal_extended (self->stash, key, &stolen_key, (gpointer *) &edits))
        return FALSE;
    g_free (stolen_key);
    self->form = edits->form;
    gtk_container_add (GTK_CONTAINER (self->details_scroll), self->form);
    g_object_unref (edits->form);
    g_free (self->xml_text);
    /* XML not edited shows what libvirt has now. */
    self->xml_text = edits->xml_text != NULL ? g_steal_pointer (&edits->xml_loaded)
                                             : vimana_hardware_page_item_xml (self);
    if (self->xml_view != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)),
                                  edits->xml_text != NULL ? edits->xml_text : self->xml_text, -1);
    g_free (edits->xml_loaded);
    g_free (edits->xml_text);
    g_free (edits);
    return TRUE;
}

/* A NIC on a virtual network offers "Always give this guest <IP>" under its fields. */
static void
vimana_hardware_page_add_reservation (VimanaHardwarePage *self)
{
    g_autofree char *network = NULL;
    g_autofree char *mac = NULL;

    if (self->item != VIMANA_HARDWARE_ITEM_DEVICE ||
        vimana_domain_config_get_device_kind (self->config, self->device) != VIMANA_DEVICE_INTERFACE ||
        vimana_domain_config_get_nic_source (self->config, self->device, &network) !=
        VIMANA_NIC_SOURCE_NETWORK || network == NULL)
        return;
    mac = vimana_domain_config_get_nic_mac (self->config, self->device);
    if (mac == NULL || !vimana_network_check_mac (mac, NULL))
        return;
    gtk_grid_attach_next_to (GTK_GRID (self->form),
                             vimana_nic_reservation_new (vimana_domain_get_connection (self->domain),
                                                         network, mac),
                             NULL, GTK_POS_BOTTOM, 2, 1);
}

/* Shows the current item's fields and XML: its edits set aside, or as the loaded
 * configuration has them. */
static void
vimana_hardware_page_show_item (VimanaHardwarePage *self)
{
    vimana_hardware_page_take_form (self, FALSE);
    if (self->config == NULL)
        return;
    if (vimana_hardware_page_unstash (self)) {
        vimana_hardware_page_set_error (self, NULL);
        vimana_hardware_page_update_sensitivity (self);
        return;
    }

    self->form = vimana_hardware_form_new (self->config, self->item, self->device,
                                           vimana_domain_get_autostart (self->domain),
                                           vimana_connection_is_local (
                                               vimana_domain_get_connection (self->domain)));
    vimana_hardware_form_set_used_macs (VIMANA_HARDWARE_FORM (self->form), self->used_macs);
    g_signal_connect_object (self->form, "changed", G_CALLBACK (vimana_hardware_page_edited_cb),
                             self, G_CONNECT_SWAPPED);
    vimana_hardware_page_request_macs (self);
    vimana_hardware_page_add_reservation (self);
    gtk_container_add (GTK_CONTAINER (self->details_scroll), self->form);
    g_free (self->xml_text);
    self->xml_text = vimana_hardware_page_item_xml (self);
    if (self->xml_view != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)),
                                  self->xml_text, -1);
    vimana_hardware_page_set_error (self, NULL);
    vimana_hardware_page_update_sensitivity (self);
}

static void
vimana_hardware_page_row_selected_cb (GtkListBox    *sidebar,
                                      GtkListBoxRow *row,
                                      gpointer       user_data)
{
    VimanaHardwarePage *self = user_data;

    if (row == NULL)
        return;
    if (!self->filling)
        vimana_hardware_page_stash (self);
    self->item = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "item"));
    self->device = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "device"));
    vimana_hardware_sidebar_follow (sidebar, row);
    if (!self->filling)
        vimana_hardware_page_show_item (self);
}

static void
vimana_hardware_page_view_changed_cb (GtkStack   *stack,
                                      GParamSpec *pspec,
                                      gpointer    user_data)
{
    VimanaHardwarePage *self = user_data;

    if (g_strcmp0 (gtk_stack_get_visible_child_name (stack), "xml") == 0)
        vimana_hardware_page_ensure_xml_view (self);
    vimana_hardware_page_set_error (self, NULL);
}

/* ---- loading ---- */

/* Whether the edits on screen still fit the configuration read again: the same devices, so
 * the form's item is the same one. */
static gboolean
vimana_hardware_page_can_keep (VimanaHardwarePage *self)
{
    if (self->form == NULL ||
        vimana_domain_config_get_n_devices (self->config) != self->kept_n_devices)
        return FALSE;
    return self->item != VIMANA_HARDWARE_ITEM_DEVICE ||
           vimana_domain_config_get_device_kind (self->config, self->device) == self->kept_kind;
}

/* After a failed apply: the sidebar shows what libvirt has, the form and the XML editor keep
 * what the user typed, over the configuration read again, and say what was not applied. */
static void
vimana_hardware_page_keep_edits (VimanaHardwarePage *self)
{
    GtkListBoxRow *select;

    self->filling = TRUE;
    select = vimana_hardware_sidebar_fill (self->sidebar, self->config, self->item, self->device);
    gtk_list_box_select_row (self->sidebar, select);
    self->filling = FALSE;
    vimana_hardware_form_keep_edits (VIMANA_HARDWARE_FORM (self->form), self->config,
                                     vimana_domain_get_autostart (self->domain), TRUE);
    /* An XML editor the user did not touch shows what libvirt has now. */
    if (self->xml_view != NULL) {
        g_autofree char *text = vimana_hardware_page_get_xml (self);

        if (g_strcmp0 (text, self->xml_text) == 0) {
            g_free (self->xml_text);
            self->xml_text = vimana_hardware_page_item_xml (self);
            gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)),
                                      self->xml_text, -1);
            return;
        }
    }
    g_free (self->xml_text);
    self->xml_text = vimana_hardware_page_item_xml (self);
}

static void
vimana_hardware_page_load_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    g_autoptr(VimanaHardwarePage) self = user_data;
    g_autoptr(GError) error = NULL;
    VimanaDomainConfig *config;

    config = vimana_domain_fetch_config_finish (VIMANA_DOMAIN (object), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self->loading = FALSE;
    if (config == NULL) {
        g_clear_pointer (&self->reload_error, g_free);
        g_clear_object (&self->new_volume);
        vimana_hardware_page_set_error (self, error->message);
        vimana_hardware_page_update_sensitivity (self);
        return;
    }
    g_clear_object (&self->config);
    self->config = config;
    if (self->keep_edits && vimana_hardware_page_can_keep (self)) {
        vimana_hardware_page_keep_edits (self);
    } else {
        /* What was just applied is no edit to keep; anything else on screen is set aside
         * when the sidebar selects its item again. */
        if (self->applied)
            vimana_hardware_page_take_form (self, FALSE);
        self->keep_edits = FALSE;
        vimana_hardware_page_fill_sidebar (self);
    }
    self->keep_edits = FALSE;
    self->applied = FALSE;
    vimana_hardware_page_rebase_stash (self);
    /* The item shown may be edits set aside and shown again, made on the configuration before:
     * Apply must apply them to this one, or it would undo what another program changed. */
    if (self->form != NULL)
        vimana_hardware_form_keep_edits (VIMANA_HARDWARE_FORM (self->form), self->config,
                                         vimana_domain_get_autostart (self->domain), FALSE);
    if (self->reload_error != NULL) {
        vimana_hardware_page_set_error (self, self->reload_error);
        g_clear_pointer (&self->reload_error, g_free);
    }
    vimana_hardware_page_update_sensitivity (self);
}

static void
vimana_hardware_page_load (VimanaHardwarePage *self)
{
    if (self->domain == NULL || vimana_domain_get_removed (self->domain))
        return;
    self->loading = TRUE;
    vimana_hardware_page_update_sensitivity (self);
    vimana_domain_fetch_config_async (self->domain, self->cancellable,
                                      vimana_hardware_page_load_cb, g_object_ref (self));
}

static void
vimana_hardware_page_changed_bar_response_cb (GtkInfoBar *bar,
                                              int         response,
                                              gpointer    user_data)
{
    VimanaHardwarePage *self = user_data;

    gtk_info_bar_set_revealed (self->changed_bar, FALSE);
    gtk_widget_hide (GTK_WIDGET (self->changed_bar));
    gtk_label_set_text (self->notice_label, "");
    vimana_hardware_page_load (self);
}

/* ---- applying ---- */

/* Shows @message and reads the configuration again: a failed apply may have saved part of the
 * change (when even its rollback was refused, or when only autostart failed), and the page's
 * original XML must be what libvirt has, or the next Apply would wrongly report a change made
 * by another program. The reload shows what is saved, so the message stays after it. */
static void
vimana_hardware_page_fail_and_reload (VimanaHardwarePage *self,
                                      const char         *message)
{
    g_autofree char *kept = NULL;

    self->busy = FALSE;
    /* What the user typed stays until Apply or Revert (issue 17, item 7). */
    if (self->form != NULL && self->config != NULL) {
        self->keep_edits = TRUE;
        self->kept_n_devices = vimana_domain_config_get_n_devices (self->config);
        self->kept_kind = self->item == VIMANA_HARDWARE_ITEM_DEVICE
                              ? vimana_domain_config_get_device_kind (self->config, self->device)
                              : VIMANA_DEVICE_OTHER;
        /* Translators: %s is why libvirt refused the change. */
        kept = g_strdup_printf (_("Not applied: %s\nYour changes are still here: correct them "
                                  "and apply again, or Revert to discard them."), message);
        message = kept;
    }
    vimana_hardware_page_set_error (self, message);
    g_free (self->reload_error);
    self->reload_error = g_strdup (message);
    vimana_hardware_page_update_sensitivity (self);
    vimana_hardware_page_load (self);
}

static void
vimana_hardware_page_done (VimanaHardwarePage *self)
{
    self->busy = FALSE;
    self->applied = TRUE;
    gtk_label_set_text (self->notice_label,
                        self->restart_pending
                            ? _("Saved. The change takes effect after the next shutdown.")
                            : _("Applied."));
    vimana_hardware_page_load (self);
}

static void
vimana_hardware_page_autostart_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    g_autoptr(VimanaHardwarePage) self = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_domain_set_autostart_finish (VIMANA_DOMAIN (object), result, &error)) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        vimana_hardware_page_fail_and_reload (self, error->message);
        return;
    }
    vimana_hardware_page_done (self);
}

static void
vimana_hardware_page_after_config (VimanaHardwarePage *self)
{
    if (self->autostart_pending >= 0) {
        gboolean autostart = self->autostart_pending;

        self->autostart_pending = -1;
        vimana_domain_set_autostart_async (self->domain, autostart, self->cancellable,
                                           vimana_hardware_page_autostart_cb,
                                           g_object_ref (self));
        return;
    }
    vimana_hardware_page_done (self);
}

static void
vimana_hardware_page_apply_failed (VimanaHardwarePage *self,
                                   const GError       *error)
{
    self->busy = FALSE;
    if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_CONFIG_CHANGED)) {
        gtk_label_set_text (self->changed_label, error->message);
        gtk_widget_set_no_show_all (GTK_WIDGET (self->changed_bar), FALSE);
        gtk_widget_show_all (GTK_WIDGET (self->changed_bar));
        gtk_info_bar_set_revealed (self->changed_bar, TRUE);
        vimana_hardware_page_update_sensitivity (self);
    } else {
        vimana_hardware_page_fail_and_reload (self, error->message);
    }
}

/* What waits for the image of a disk that could not be added to be deleted. */
typedef struct
{
    VimanaHardwarePage *page;
    GError             *error;   /* why the disk was not added */
    char               *name;
} VimanaPendingDelete;

static void
vimana_hardware_page_volume_deleted_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
    VimanaPendingDelete *pending = user_data;
    g_autoptr(GError) error = NULL;

    if (!vimana_storage_volume_delete_finish (VIMANA_STORAGE_VOLUME (object), result, &error)) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            g_autoptr(GError) both = g_error_new (
                pending->error->domain, pending->error->code,
                _("The disk was not added, and its new image “%s” could not be deleted: %s "
                  "(%s)"),
                pending->name, pending->error->message, error->message);

            vimana_hardware_page_apply_failed (pending->page, both);
        }
    } else {
        vimana_hardware_page_apply_failed (pending->page, pending->error);
    }
    g_object_unref (pending->page);
    g_error_free (pending->error);
    g_free (pending->name);
    g_free (pending);
}

static void
vimana_hardware_page_apply_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
    g_autoptr(VimanaHardwarePage) self = user_data;
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaStorageVolume) volume = g_steal_pointer (&self->new_volume);

    if (!vimana_domain_apply_config_finish (VIMANA_DOMAIN (object), result, &error)) {
        VimanaPendingDelete *pending;

        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            return;
        if (volume == NULL) {
            vimana_hardware_page_apply_failed (self, error);
            return;
        }
        /* The image was made only for this disk: do not leave it behind. The page stays busy
         * until it is gone. */
        pending = g_new0 (VimanaPendingDelete, 1);
        pending->page = g_object_ref (self);
        pending->error = g_steal_pointer (&error);
        pending->name = g_strdup (vimana_storage_volume_get_name (volume));
        vimana_storage_volume_delete_async (volume, self->cancellable,
                                            vimana_hardware_page_volume_deleted_cb, pending);
        return;
    }
    vimana_hardware_page_after_config (self);
}

/* The user did not confirm a change of a base (vimana-hardware-page-base.c): nothing was sent.
 * The edits stay on screen; an image made for a disk being added goes, and the page goes back
 * to an item it has. */
void
vimana_hardware_page_send_cancelled (VimanaHardwarePage *self)
{
    g_autoptr(VimanaStorageVolume) volume = g_steal_pointer (&self->new_volume);

    self->busy = FALSE;
    if (volume != NULL)
        vimana_storage_volume_delete_async (volume, NULL, NULL, NULL);
    if (self->config != NULL && self->item == VIMANA_HARDWARE_ITEM_DEVICE &&
        self->device >= vimana_domain_config_get_n_devices (self->config)) {
        self->item = VIMANA_HARDWARE_ITEM_GENERAL;
        self->device = 0;
        vimana_hardware_page_fill_sidebar (self);
    }
    gtk_label_set_text (self->notice_label, _("Nothing was applied."));
    vimana_hardware_page_update_sensitivity (self);
}

/* Sends @edited (when @define) and @changes to the core, once confirmed (see
 * vimana_hardware_page_send()). */
void
vimana_hardware_page_send_now (VimanaHardwarePage *self,
                               VimanaDomainConfig *edited,
                               gboolean            define,
                               GPtrArray          *changes,
                               gboolean            restart,
                               int                 autostart)
{
    g_autofree char *xml = define ? vimana_domain_config_to_xml (edited) : NULL;

    self->busy = TRUE;
    self->restart_pending = restart;
    self->autostart_pending = autostart;
    vimana_hardware_page_set_error (self, NULL);
    gtk_label_set_text (self->notice_label, "");
    vimana_hardware_page_update_sensitivity (self);

    if (!define && (changes == NULL || changes->len == 0)) {
        vimana_hardware_page_after_config (self);
        return;
    }
    vimana_domain_apply_config_async (self->domain,
                                      vimana_domain_config_get_origin_xml (self->config), xml,
                                      changes, self->cancellable, vimana_hardware_page_apply_cb,
                                      g_object_ref (self));
}

GPtrArray *
vimana_hardware_page_new_changes (void)
{
    return g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_live_change_free);
}

static void
vimana_hardware_page_apply_form (VimanaHardwarePage *self)
{
    VimanaHardwareApply apply = { 0 };
    g_autoptr(GPtrArray) changes = vimana_hardware_page_new_changes ();
    g_autoptr(VimanaDomainConfig) edited = NULL;

    apply.changes = changes;
    edited = vimana_hardware_form_apply (VIMANA_HARDWARE_FORM (self->form), &apply);
    if (edited == NULL) {
        vimana_hardware_page_set_error (self, _("Nothing was applied: correct the fields marked "
                                                "under them."));
        return;
    }
    if (!apply.define && changes->len == 0 && apply.autostart < 0) {
        gtk_label_set_text (self->notice_label, _("Nothing to apply."));
        return;
    }
    vimana_hardware_page_send (self, edited, apply.define, changes, apply.restart,
                               apply.autostart);
}

static void
vimana_hardware_page_apply_xml (VimanaHardwarePage *self)
{
    g_autofree char *text = vimana_hardware_page_get_xml (self);
    g_autofree char *current = NULL;
    g_autofree char *edited_xml = NULL;
    g_autoptr(VimanaDomainConfig) edited = NULL;
    g_autoptr(GError) error = NULL;

    if (self->item == VIMANA_HARDWARE_ITEM_DEVICE) {
        edited = vimana_domain_config_copy (self->config);
        if (!vimana_domain_config_replace_device_xml (edited, self->device, text, &error)) {
            vimana_hardware_page_set_error (self, error->message);
            return;
        }
    } else {
        edited = vimana_domain_config_new_from_xml (text, &error);
        if (edited == NULL) {
            vimana_hardware_page_set_error (self, error->message);
            return;
        }
    }
    /* Compared with the loaded configuration: a whole document parsed from the editor has
     * the editor's text as its own origin. */
    current = vimana_domain_config_to_xml (self->config);
    edited_xml = vimana_domain_config_to_xml (edited);
    if (vimana_domain_config_equal_xml (current, edited_xml)) {
        gtk_label_set_text (self->notice_label, _("Nothing to apply."));
        return;
    }
    vimana_hardware_page_send (self, edited, TRUE, NULL,
                               vimana_domain_config_get_running (self->config), -1);
}

static void
vimana_hardware_page_apply_clicked_cb (GtkButton *button,
                                       gpointer   user_data)
{
    vimana_hardware_page_apply (VIMANA_HARDWARE_PAGE (user_data));
}

static void
vimana_hardware_page_revert_clicked_cb (GtkButton *button,
                                        gpointer   user_data)
{
    vimana_hardware_page_revert (VIMANA_HARDWARE_PAGE (user_data));
}

/* ---- GObject ---- */

static void
vimana_hardware_page_dispose (GObject *object)
{
    VimanaHardwarePage *self = VIMANA_HARDWARE_PAGE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->domain);
    g_clear_object (&self->config);
    g_clear_pointer (&self->xml_text, g_free);
    g_clear_pointer (&self->reload_error, g_free);
    g_clear_pointer (&self->used_macs, g_hash_table_unref);
    g_clear_pointer (&self->stash, g_hash_table_unref);

    G_OBJECT_CLASS (vimana_hardware_page_parent_class)->dispose (object);
}

static void
vimana_hardware_page_class_init (VimanaHardwarePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_hardware_page_dispose;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-hardware-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, changed_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, changed_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, sidebar);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, add_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, remove_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, view_stack);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, details_scroll);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, xml_scroll);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, error_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, notice_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, revert_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHardwarePage, apply_button);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_hardware_page_changed_bar_response_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_hardware_page_row_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_hardware_page_view_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_hardware_page_add_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_hardware_page_remove_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_hardware_page_apply_clicked_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_hardware_page_revert_clicked_cb);
}

static void
vimana_hardware_page_init (VimanaHardwarePage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    vimana_hardware_sidebar_setup (self->sidebar);
    self->cancellable = g_cancellable_new ();
    self->used_macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    self->stash = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         vimana_hardware_edits_free);
    self->autostart_pending = -1;
    vimana_hardware_page_update_sensitivity (self);
}

/* What can change live depends on whether the guest runs: read the configuration again when
 * it starts or stops, unless an apply is under way (it reads it again when done). */
static void
vimana_hardware_page_domain_active_cb (GObject    *domain,
                                       GParamSpec *pspec,
                                       gpointer    user_data)
{
    VimanaHardwarePage *self = user_data;

    if (!self->busy && !self->loading)
        vimana_hardware_page_load (self);
}

void
vimana_hardware_page_set_domain (VimanaHardwarePage *self,
                                 VimanaDomain       *domain)
{
    g_return_if_fail (VIMANA_IS_HARDWARE_PAGE (self));
    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (self->domain == NULL);

    self->domain = g_object_ref (domain);
    g_signal_connect_object (domain, "notify::active",
                             G_CALLBACK (vimana_hardware_page_domain_active_cb), self, 0);
    vimana_hardware_page_load (self);
}

/* Returns: whether the page is loading or applying */
gboolean
vimana_hardware_page_is_busy (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), FALSE);
    return self->loading || self->busy;
}

guint
vimana_hardware_page_get_n_items (VimanaHardwarePage *self)
{
    g_autoptr(GList) rows = NULL;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), 0);

    rows = gtk_container_get_children (GTK_CONTAINER (self->sidebar));
    return g_list_length (rows);
}

const char *
vimana_hardware_page_get_item_label (VimanaHardwarePage *self,
                                     guint               index)
{
    GtkListBoxRow *row;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);

    row = gtk_list_box_get_row_at_index (self->sidebar, index);
    return row ? g_object_get_data (G_OBJECT (row), "label") : NULL;
}

void
vimana_hardware_page_select_item (VimanaHardwarePage *self,
                                  guint               index)
{
    GtkListBoxRow *row;

    g_return_if_fail (VIMANA_IS_HARDWARE_PAGE (self));

    row = gtk_list_box_get_row_at_index (self->sidebar, index);
    g_return_if_fail (row != NULL);
    gtk_list_box_select_row (self->sidebar, row);
}

/* Returns: (transfer none) (nullable): the current item's VimanaHardwareForm */
GtkWidget *
vimana_hardware_page_get_form (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);
    return self->form;
}

void
vimana_hardware_page_show_xml (VimanaHardwarePage *self,
                               gboolean            xml)
{
    g_return_if_fail (VIMANA_IS_HARDWARE_PAGE (self));
    gtk_stack_set_visible_child_name (self->view_stack, xml ? "xml" : "details");
}

char *
vimana_hardware_page_get_xml (VimanaHardwarePage *self)
{
    GtkTextBuffer *buffer;
    GtkTextIter start, end;

    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);

    if (self->xml_view == NULL)
        return g_strdup (self->xml_text ? self->xml_text : "");
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
vimana_hardware_page_set_xml (VimanaHardwarePage *self,
                              const char         *xml)
{
    g_return_if_fail (VIMANA_IS_HARDWARE_PAGE (self));
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (
                                                            vimana_hardware_page_ensure_xml_view (self))),
                              xml, -1);
}

/* Applies the visible tab: the fields, or the XML. */
void
vimana_hardware_page_apply (VimanaHardwarePage *self)
{
    g_return_if_fail (VIMANA_IS_HARDWARE_PAGE (self));

    if (self->config == NULL || self->form == NULL || self->busy || self->loading)
        return;
    gtk_info_bar_set_revealed (self->changed_bar, FALSE);
    gtk_widget_hide (GTK_WIDGET (self->changed_bar));
    if (g_strcmp0 (gtk_stack_get_visible_child_name (self->view_stack), "xml") == 0)
        vimana_hardware_page_apply_xml (self);
    else
        vimana_hardware_page_apply_form (self);
}

const char *
vimana_hardware_page_get_notice (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);
    return gtk_label_get_text (self->notice_label);
}

const char *
vimana_hardware_page_get_error (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);
    return gtk_label_get_text (self->error_label);
}

gboolean
vimana_hardware_page_get_changed_elsewhere (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), FALSE);
    return gtk_widget_get_visible (GTK_WIDGET (self->changed_bar));
}

/* Returns: whether the MAC addresses of the connection's other guests have been read */
gboolean
vimana_hardware_page_get_macs_loaded (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), FALSE);
    return self->macs_requested && self->macs_pending == 0;
}

/* Discards what was typed in the fields and the XML: the only thing that does. */
void
vimana_hardware_page_revert (VimanaHardwarePage *self)
{
    g_return_if_fail (VIMANA_IS_HARDWARE_PAGE (self));

    if (self->busy || self->loading)
        return;
    gtk_label_set_text (self->notice_label, "");
    vimana_hardware_page_show_item (self);
}

/* Returns: whether Apply (and Revert) can be pressed: something was edited */
gboolean
vimana_hardware_page_can_apply (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), FALSE);
    return gtk_widget_get_sensitive (self->apply_button);
}

/* Returns: (nullable): the XML editor's style scheme, once it was shown */
const char *
vimana_hardware_page_get_xml_scheme (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);
    return self->xml_view != NULL ? vimana_xml_scheme_get_id (self->xml_view) : NULL;
}

/* Returns: (transfer none): the sidebar, for tests */
GtkWidget *
vimana_hardware_page_get_sidebar (VimanaHardwarePage *self)
{
    g_return_val_if_fail (VIMANA_IS_HARDWARE_PAGE (self), NULL);
    return GTK_WIDGET (self->sidebar);
}
