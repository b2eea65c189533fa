/* vimana-new-vm-assistant-pages.c: the assistant's pages: filled from the plan, checked as typed
 *
 * Every check shows its reason under the field and keeps Forward insensitive; the same checks
 * (vimana-install-plan.c) run again in the creation job.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-new-vm-assistant"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vimana-can-act.h"
#include "vimana-error.h"
#include "vimana-field-error.h"
#include "vimana-file-access.h"
#include "vimana-format.h"
#include "vimana-new-vm-assistant-private.h"

#define MIB ((guint64) 1 << 20)
#define GIB ((guint64) 1 << 30)

static char *
vimana_new_vm_format_size (guint64 bytes)
{
    return vimana_format_bytes (bytes);
}

/* What the entries show: whole GiB as "2 GiB", else MiB. */
static char *
vimana_new_vm_format_entry_size (guint64 bytes)
{
    if (bytes % GIB == 0)
        return g_strdup_printf ("%" G_GUINT64_FORMAT " GiB", bytes / GIB);
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes / MIB);
}

VimanaInstallMethod
vimana_new_vm_assistant_get_method (VimanaNewVmAssistant *self)
{
    if (gtk_toggle_button_get_active (self->import_radio))
        return VIMANA_INSTALL_METHOD_IMPORT;
    if (gtk_toggle_button_get_active (self->manual_radio))
        return VIMANA_INSTALL_METHOD_MANUAL;
    if (gtk_toggle_button_get_active (self->network_radio))
        return VIMANA_INSTALL_METHOD_NETWORK;
    return VIMANA_INSTALL_METHOD_MEDIA;
}

/* ---- filling ---- */

static void
vimana_new_vm_fill_pools (VimanaNewVmAssistant *self)
{
    VimanaInstallEnv *env = self->env;
    gboolean has_default = vimana_install_env_find_pool (env, "default") != NULL;
    g_autoptr(GPtrArray) volumes = vimana_connection_dup_storage_volumes (self->connection);
    guint n = g_list_model_get_n_items (env->pools);

    gtk_combo_box_text_remove_all (self->pool_combo);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (env->pools, i);
        const char *name = vimana_storage_pool_get_name (pool);

        gtk_combo_box_text_append (self->pool_combo, name, name);
    }
    if (!has_default) {
        /* Translators: %s is a folder such as /var/lib/libvirt/images. */
        g_autofree char *label = g_strdup_printf (_("default (made in %s)"), env->default_pool_path);

        gtk_combo_box_text_append (self->pool_combo, "default", label);
    }
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->pool_combo), "default");
    if (gtk_combo_box_get_active (GTK_COMBO_BOX (self->pool_combo)) < 0)
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->pool_combo), 0);

    gtk_combo_box_text_remove_all (self->existing_combo);
    for (guint i = 0; i < volumes->len; i++) {
        const char *path = vimana_storage_volume_get_path (g_ptr_array_index (volumes, i));

        if (path != NULL)
            gtk_combo_box_text_append (self->existing_combo, path, path);
    }
}

static void
vimana_new_vm_fill_networks (VimanaNewVmAssistant *self)
{
    VimanaInstallEnv *env = self->env;
    const char *preferred = NULL;

    gtk_combo_box_text_remove_all (self->net_combo);
    for (guint i = 0; i < g_list_model_get_n_items (env->networks); i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (env->networks, i);
        const char *name = vimana_network_get_name (network);
        g_autofree char *id = g_strconcat ("network:", name, NULL);
        /* Translators: %s is the name of a libvirt virtual network. */
        g_autofree char *label = g_str_equal (name, "default")
                                     ? g_strdup_printf (_("Virtual network “%s” (NAT)"), name)
                                     : g_strdup_printf (_("Virtual network “%s”"), name);

        gtk_combo_box_text_append (self->net_combo, id, label);
    }
    for (char **name = env->bridges; name != NULL && *name != NULL; name++) {
        g_autofree char *id = g_strconcat ("bridge:", *name, NULL);
        /* Translators: %s is a network bridge on the host, such as br0. */
        g_autofree char *label = g_strdup_printf (_("Host bridge “%s”"), *name);

        gtk_combo_box_text_append (self->net_combo, id, label);
    }
    for (char **name = env->interfaces; name != NULL && *name != NULL; name++) {
        g_autofree char *id = g_strconcat ("macvtap:", *name, NULL);
        /* Translators: %s is a network interface of the host, such as eth0. */
        g_autofree char *label = g_strdup_printf (_("Macvtap on host interface “%s”"), *name);

        gtk_combo_box_text_append (self->net_combo, id, label);
    }
    if (env->session)
        gtk_combo_box_text_append (self->net_combo, "user", _("User-mode networking"));
    gtk_combo_box_text_append (self->net_combo, "none", _("No network"));

    /* A session guest cannot use the system's networks without a helper: user mode there. */
    if (env->session)
        preferred = "user";
    else if (vimana_install_env_has_network (env, "default"))
        preferred = "network:default";
    if (preferred == NULL || !gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->net_combo), preferred))
        gtk_combo_box_set_active (GTK_COMBO_BOX (self->net_combo), 0);
}

static void
vimana_new_vm_fill_firmware (VimanaNewVmAssistant *self)
{
    VimanaDomainCaps *caps = self->env->caps;

    gtk_combo_box_text_remove_all (self->firmware_combo);
    gtk_combo_box_text_append (self->firmware_combo, "bios", _("BIOS"));
    if (caps->efi)
        gtk_combo_box_text_append (self->firmware_combo, "uefi", _("UEFI"));
    gtk_label_set_text (self->firmware_hint_label,
                        caps->efi ? "" : _("UEFI firmware is not offered by this hypervisor."));
    gtk_widget_set_sensitive (GTK_WIDGET (self->tpm_check), caps->tpm);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->tpm_check),
                                 caps->tpm ? NULL : _("This hypervisor cannot emulate a TPM."));

    gtk_combo_box_text_remove_all (self->machine_combo);
    if (caps->has_q35) {
        gtk_combo_box_text_append (self->machine_combo, "q35", _("Q35 (PCI Express)"));
        gtk_combo_box_text_append (self->machine_combo, "pc", _("i440FX (legacy PC)"));
    } else if (caps->machine != NULL) {
        gtk_combo_box_text_append (self->machine_combo, caps->machine, caps->machine);
    } else {
        gtk_combo_box_text_append (self->machine_combo, "", _("The hypervisor’s default"));
    }
    gtk_combo_box_set_active (GTK_COMBO_BOX (self->machine_combo), 0);
}

/**
 * vimana_new_vm_assistant_fill_env:
 * @self: a #VimanaNewVmAssistant whose env was just read
 *
 * Offers what the connection has: pools and volumes, networks, firmware and machine types.
 */
void
vimana_new_vm_assistant_fill_env (VimanaNewVmAssistant *self)
{
    g_assert (self->env != NULL);

    self->filling = TRUE;
    vimana_new_vm_fill_pools (self);
    vimana_new_vm_fill_networks (self);
    vimana_new_vm_fill_firmware (self);
    gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->vcpus_spin),
                              MAX (self->env->caps->max_vcpus, self->env->host_cpus) + 1);
    self->filling = FALSE;

    /* The OS's defaults are applied again with this host's limits. */
    g_clear_pointer (&self->applied_os, g_free);
}

static void
vimana_new_vm_fill_hints (VimanaNewVmAssistant *self)
{
    const VimanaOsInfo *os = self->os;
    g_autofree char *host_memory = vimana_new_vm_format_size (self->env->host_memory);
    g_autofree char *minimum = vimana_new_vm_format_size (os->minimum_memory);
    g_autofree char *recommended = vimana_new_vm_format_size (os->recommended_memory);
    g_autofree char *memory_hint = NULL;
    g_autofree char *vcpus_hint = NULL;

    /* Translators: the host's memory, an OS name, its minimum and recommended memory. */
    memory_hint = g_strdup_printf (_("The host has %s. %s: at least %s, %s recommended."), host_memory,
                                   os->name, minimum, recommended);
    gtk_label_set_text (self->memory_hint_label, memory_hint);
    vcpus_hint = g_strdup_printf (ngettext ("The host has %u CPU. %s: at least %u, %u recommended.",
                                            "The host has %u CPUs. %s: at least %u, %u recommended.",
                                            self->env->host_cpus),
                                  self->env->host_cpus, os->name, os->minimum_vcpus, os->recommended_vcpus);
    gtk_label_set_text (self->vcpus_hint_label, vcpus_hint);
}

/**
 * vimana_new_vm_assistant_fill_defaults:
 * @self: a #VimanaNewVmAssistant
 *
 * When the chosen OS changed since the later pages were filled, fills them with its defaults:
 * memory, vCPUs, disk size, firmware, TPM, machine type, and a free name unless one was typed.
 */
void
vimana_new_vm_assistant_fill_defaults (VimanaNewVmAssistant *self)
{
    const char *os_key = self->os->id != NULL ? self->os->id : "";
    g_autofree char *memory = NULL;
    g_autofree char *disk_size = NULL;

    if (self->env == NULL || g_strcmp0 (self->applied_os, os_key) == 0)
        return;
    g_free (self->applied_os);
    self->applied_os = g_strdup (os_key);

    vimana_install_plan_free (self->plan);
    self->plan = vimana_install_plan_new ();
    vimana_install_plan_set_hypervisor (self->plan, self->env->caps);
    vimana_install_plan_apply_os (self->plan, self->os, self->env->caps, self->env->host_cpus,
                                  self->env->host_memory);

    self->filling = TRUE;
    memory = vimana_new_vm_format_entry_size (self->plan->memory);
    gtk_entry_set_text (self->memory_entry, memory);
    gtk_spin_button_set_value (self->vcpus_spin, self->plan->vcpus);
    disk_size = vimana_new_vm_format_entry_size (self->plan->disk_size);
    gtk_entry_set_text (self->disk_size_entry, disk_size);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->firmware_combo),
                                 self->plan->firmware == VIMANA_INSTALL_FIRMWARE_UEFI ? "uefi" : "bios");
    gtk_toggle_button_set_active (self->tpm_check, self->plan->tpm);
    if (self->plan->machine != NULL)
        gtk_combo_box_set_active_id (GTK_COMBO_BOX (self->machine_combo), self->plan->machine);
    if (!self->name_edited) {
        const char *base = self->os->short_id != NULL ? self->os->short_id : "vm";
        g_autofree char *name = vimana_install_suggest_name (base, (const char * const *) self->env->domain_names);

        gtk_entry_set_text (self->name_entry, name);
    }
    self->filling = FALSE;
    vimana_new_vm_fill_hints (self);
}

/* ---- checking ---- */

static gboolean
vimana_new_vm_check_path (VimanaNewVmAssistant *self,
                          GtkEntry             *entry,
                          GtkLabel             *error_label)
{
    const char *path = gtk_entry_get_text (entry);
    g_autoptr(GError) error = NULL;

    if (vimana_connection_is_local (self->connection)) {
        /* The beginner trap: an ISO in /root or a 0700 home folder that QEMU cannot open. */
        gboolean denied = vimana_install_check_media_path (path, &error)
                          && vimana_file_access_uri_applies (vimana_connection_get_uri (self->connection))
                          && g_strcmp0 (path, self->media_copied) != 0
                          && !vimana_file_access_check_qemu (path, &error);

        if (entry == self->media_entry)
            gtk_widget_set_visible (self->media_fix_box, denied || self->copying);
    } else if (*path == '\0') {
        /* A remote host's files cannot be looked at from here: only emptiness is checked. */
        g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Enter the path of the file on the remote host."));
    }
    /* Nothing typed yet is no mistake: what to do is said as a hint, not in red. */
    if (error != NULL && *path == '\0')
        vimana_field_error_set_hint (GTK_WIDGET (entry), error_label, error->message);
    else
        vimana_field_error_set_error (GTK_WIDGET (entry), error_label, error);
    return error == NULL;
}

/* The tree's URL: well formed, on a local connection, and read as a tree (the reading is
 * started as it is typed, in vimana-new-vm-assistant.c). */
static gboolean
vimana_new_vm_check_tree (VimanaNewVmAssistant *self)
{
    g_autoptr(GError) error = NULL;

    gtk_widget_set_sensitive (self->network_box, TRUE);
    if (!vimana_install_check_url (gtk_entry_get_text (self->url_entry), &error)) {
        if (*gtk_entry_get_text (self->url_entry) == '\0')
            vimana_field_error_set_hint (GTK_WIDGET (self->url_entry), self->url_error_label,
                                         error->message);
        else
            vimana_field_error_set_error (GTK_WIDGET (self->url_entry), self->url_error_label, error);
        return FALSE;
    }
    if (!vimana_connection_is_local (self->connection)) {
        g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("Installing from a network tree works on local connections only: "
                               "the tree’s kernel and initrd would have to be copied to the remote host."));
    } else if (self->tree_error != NULL) {
        g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT, self->tree_error);
    }
    vimana_field_error_set_error (GTK_WIDGET (self->url_entry), self->url_error_label, error);
    return error == NULL && self->tree != NULL && !self->reading_tree;
}

static gboolean
vimana_new_vm_check_source (VimanaNewVmAssistant *self)
{
    VimanaInstallMethod method = vimana_new_vm_assistant_get_method (self);
    gboolean ok = TRUE;

    gtk_widget_set_sensitive (self->media_box, method == VIMANA_INSTALL_METHOD_MEDIA);
    gtk_widget_set_sensitive (self->import_box, method == VIMANA_INSTALL_METHOD_IMPORT);
    gtk_widget_set_sensitive (self->network_box, method == VIMANA_INSTALL_METHOD_NETWORK);
    vimana_widget_set_can_act (self->media_browse_button,
                               method == VIMANA_INSTALL_METHOD_MEDIA && vimana_connection_is_local (self->connection),
                               method != VIMANA_INSTALL_METHOD_MEDIA
                                   ? _("Choose “Local install media” first.")
                                   : _("The files of a remote host cannot be browsed from here: type the path."));
    vimana_widget_set_can_act (self->import_browse_button,
                               method == VIMANA_INSTALL_METHOD_IMPORT && vimana_connection_is_local (self->connection),
                               method != VIMANA_INSTALL_METHOD_IMPORT
                                   ? _("Choose “Import existing disk image” first.")
                                   : _("The files of a remote host cannot be browsed from here: type the path."));

    if (method == VIMANA_INSTALL_METHOD_MEDIA)
        ok = vimana_new_vm_check_path (self, self->media_entry, self->media_error_label);
    else
        vimana_field_error_set (GTK_WIDGET (self->media_entry), self->media_error_label, NULL);
    if (method == VIMANA_INSTALL_METHOD_IMPORT)
        ok = vimana_new_vm_check_path (self, self->import_entry, self->import_error_label);
    else
        vimana_field_error_set (GTK_WIDGET (self->import_entry), self->import_error_label, NULL);
    if (method == VIMANA_INSTALL_METHOD_NETWORK)
        ok = vimana_new_vm_check_tree (self);
    else
        vimana_field_error_set (GTK_WIDGET (self->url_entry), self->url_error_label, NULL);
    /* The installer kernel must run at the first start: nothing to customise before it. */
    gtk_widget_set_sensitive (GTK_WIDGET (self->customize_check), method != VIMANA_INSTALL_METHOD_NETWORK);
    if (method == VIMANA_INSTALL_METHOD_NETWORK)
        gtk_toggle_button_set_active (self->customize_check, FALSE);
    return ok && self->env != NULL && !self->identifying;
}

static gboolean
vimana_new_vm_parse_memory (VimanaNewVmAssistant  *self,
                            guint64               *memory,
                            GError               **error)
{
    /* A plain number counts MiB, as memory is usually given. */
    return vimana_install_parse_size (gtk_entry_get_text (self->memory_entry), MIB, memory, error) &&
           vimana_install_check_memory (*memory, self->env->host_memory, error);
}

static guint
vimana_new_vm_get_vcpus (VimanaNewVmAssistant *self)
{
    guint vcpus = 0;

    /* The typed text, not the adjustment: that clamps and would hide a 0. */
    vimana_install_parse_vcpus (gtk_entry_get_text (GTK_ENTRY (self->vcpus_spin)), &vcpus, NULL);
    return vcpus;
}

static gboolean
vimana_new_vm_check_resources (VimanaNewVmAssistant *self)
{
    g_autoptr(GError) memory_error = NULL;
    g_autoptr(GError) vcpus_error = NULL;
    guint64 memory = 0;
    guint vcpus = 0;

    vimana_new_vm_parse_memory (self, &memory, &memory_error);
    vimana_field_error_set_error (GTK_WIDGET (self->memory_entry), self->memory_error_label,
                                  memory_error);
    if (vimana_install_parse_vcpus (gtk_entry_get_text (GTK_ENTRY (self->vcpus_spin)), &vcpus,
                                    &vcpus_error))
        vimana_install_check_vcpus (vcpus, self->env->host_cpus, &vcpus_error);
    vimana_field_error_set_error (GTK_WIDGET (self->vcpus_spin), self->vcpus_error_label,
                                  vcpus_error);
    return memory_error == NULL && vcpus_error == NULL;
}

static gboolean
vimana_new_vm_parse_disk_size (VimanaNewVmAssistant  *self,
                               guint64               *size,
                               GError               **error)
{
    const char *pool_name = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->pool_combo));
    VimanaStoragePool *pool = vimana_install_env_find_pool (self->env, pool_name);
    /* A pool made or started with the guest has no free space to show yet; the job checks. */
    guint64 available = pool != NULL && vimana_storage_pool_get_active (pool)
                            ? vimana_storage_pool_get_available (pool) : G_MAXUINT64;

    /* A plain number counts GiB, as disks are usually given. */
    return vimana_install_parse_size (gtk_entry_get_text (self->disk_size_entry), GIB, size, error) &&
           vimana_install_check_disk_size (*size, available, error);
}

static void
vimana_new_vm_fill_disk_hint (VimanaNewVmAssistant *self)
{
    const char *pool_name = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->pool_combo));
    VimanaStoragePool *pool = vimana_install_env_find_pool (self->env, pool_name);
    g_autofree char *free_space = NULL;
    g_autofree char *hint = NULL;

    if (pool == NULL) {
        gtk_label_set_text (self->disk_hint_label, _("The pool is made when the guest is created."));
        return;
    }
    if (!vimana_storage_pool_get_active (pool)) {
        gtk_label_set_text (self->disk_hint_label, _("The pool is started when the guest is created."));
        return;
    }
    free_space = vimana_new_vm_format_size (vimana_storage_pool_get_available (pool));
    /* Translators: %s is a size such as 120.5 GiB. */
    hint = g_strdup_printf (_("%s free. The disk grows as the guest writes to it."), free_space);
    gtk_label_set_text (self->disk_hint_label, hint);
}

static gboolean
vimana_new_vm_check_storage (VimanaNewVmAssistant *self)
{
    gboolean import = vimana_new_vm_assistant_get_method (self) == VIMANA_INSTALL_METHOD_IMPORT;
    gboolean new_disk = !import && gtk_toggle_button_get_active (self->disk_new_radio);
    gboolean existing = !import && gtk_toggle_button_get_active (self->disk_existing_radio);
    g_autoptr(GError) size_error = NULL;
    GtkEntry *existing_entry;
    guint64 size = 0;

    gtk_widget_set_visible (GTK_WIDGET (self->import_note_label), import);
    if (import) {
        /* Translators: %s is the path of the disk image being imported. */
        g_autofree char *note = g_strdup_printf (_("The guest boots from the imported image %s."),
                                                 gtk_entry_get_text (self->import_entry));

        gtk_label_set_text (self->import_note_label, note);
    }
    gtk_widget_set_sensitive (GTK_WIDGET (self->disk_new_radio), !import);
    gtk_widget_set_sensitive (GTK_WIDGET (self->disk_existing_radio), !import);
    gtk_widget_set_sensitive (GTK_WIDGET (self->disk_none_radio), !import);
    gtk_widget_set_sensitive (self->disk_new_box, new_disk);
    gtk_widget_set_sensitive (self->disk_existing_box, existing);

    vimana_new_vm_fill_disk_hint (self);
    if (new_disk)
        vimana_new_vm_parse_disk_size (self, &size, &size_error);
    vimana_field_error_set_error (GTK_WIDGET (self->disk_size_entry), self->disk_error_label,
                                  size_error);
    existing_entry = GTK_ENTRY (gtk_bin_get_child (GTK_BIN (self->existing_combo)));
    if (existing)
        return vimana_new_vm_check_path (self, existing_entry, self->existing_error_label);
    vimana_field_error_set (GTK_WIDGET (existing_entry), self->existing_error_label, NULL);
    return size_error == NULL;
}

/* The new disk is named after the guest: a volume of that name in the pool would be refused. */
static void
vimana_new_vm_check_volume_free (VimanaNewVmAssistant  *self,
                                 GError               **error)
{
    const char *pool_name = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->pool_combo));
    VimanaStoragePool *pool = vimana_install_env_find_pool (self->env, pool_name);
    g_autofree char *volume = NULL;

    if (vimana_new_vm_assistant_get_method (self) == VIMANA_INSTALL_METHOD_IMPORT ||
        !gtk_toggle_button_get_active (self->disk_new_radio) || pool == NULL)
        return;
    volume = g_strconcat (gtk_entry_get_text (self->name_entry), ".qcow2", NULL);
    if (vimana_storage_pool_find_volume (pool, volume) != NULL)
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("The storage pool already has a volume “%s”; choose another name."), volume);
}

static gboolean
vimana_new_vm_check_name (VimanaNewVmAssistant *self)
{
    g_autoptr(GError) error = NULL;

    vimana_install_check_name (gtk_entry_get_text (self->name_entry),
                               (const char * const *) self->env->domain_names, &error);
    /* A guest made meanwhile by someone else counts too. */
    if (error == NULL &&
        vimana_connection_find_domain_by_name (self->connection, gtk_entry_get_text (self->name_entry)) != NULL)
        vimana_install_check_name (gtk_entry_get_text (self->name_entry),
                                   (const char * const[]) { gtk_entry_get_text (self->name_entry), NULL },
                                   &error);
    if (error == NULL)
        vimana_new_vm_check_volume_free (self, &error);
    vimana_field_error_set_error (GTK_WIDGET (self->name_entry), self->name_error_label, error);
    return error == NULL;
}

/**
 * vimana_new_vm_assistant_check_page:
 * @self: a #VimanaNewVmAssistant
 * @page: the page's index
 *
 * Checks a page's fields and shows the reasons beside them.
 *
 * Returns: whether the page is complete
 */
/* Returns: (transfer none) (nullable): the chosen virtual network when it is stopped */
static VimanaNetwork *
vimana_new_vm_stopped_network (VimanaNewVmAssistant *self)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->net_combo));
    GListModel *networks = self->env->networks;

    if (id == NULL || !g_str_has_prefix (id, "network:") || networks == NULL)
        return NULL;
    for (guint i = 0; i < g_list_model_get_n_items (networks); i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (networks, i);

        if (g_str_equal (vimana_network_get_name (network), id + strlen ("network:")))
            /* The model holds it. */
            return vimana_network_get_active (network) ? NULL : network;
    }
    return NULL;
}

/* A stopped network is the first thing a new guest fails on ("network 'default' is not
 * active"): say so here and offer to start it, instead of failing after Finish. */
static gboolean
vimana_new_vm_check_network (VimanaNewVmAssistant *self)
{
    VimanaNetwork *stopped;
    g_autofree char *hint = NULL;
    gboolean start;

    if (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->net_combo)) == NULL)
        return FALSE;
    stopped = vimana_new_vm_stopped_network (self);
    gtk_widget_set_visible (self->net_start_check, stopped != NULL);
    if (stopped == NULL) {
        gtk_label_set_text (self->net_hint_label, "");
        return TRUE;
    }
    start = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->net_start_check));
    if (start)
        /* Translators: %s is a virtual network's name. */
        hint = g_strdup_printf (_("The virtual network “%s” is stopped. It will be started with "
                                  "the guest, and with the host from now on."),
                                vimana_network_get_name (stopped));
    else
        /* Translators: %s is a virtual network's name. */
        hint = g_strdup_printf (_("The virtual network “%s” is stopped: a guest on it cannot "
                                  "start. Start it, or choose another network."),
                                vimana_network_get_name (stopped));
    gtk_label_set_text (self->net_hint_label, hint);
    return start;
}

gboolean
vimana_new_vm_assistant_check_page (VimanaNewVmAssistant *self,
                                    guint                 page)
{
    if (page == 0)
        return vimana_new_vm_check_source (self);
    if (self->env == NULL)
        return FALSE;
    switch (page) {
    case 1:
        return vimana_new_vm_check_resources (self);
    case 2:
        return vimana_new_vm_check_storage (self);
    case 3:
        return vimana_new_vm_check_network (self);
    case 4:
        return vimana_new_vm_check_name (self);
    default:
        return FALSE;
    }
}

/* ---- the plan ---- */

/* A local image's format from its first bytes; qcow2 by its name elsewhere. */
static char *
vimana_new_vm_guess_format (VimanaNewVmAssistant *self,
                            const char           *path)
{
    if (vimana_connection_is_local (self->connection)) {
        g_autoptr(GFile) file = g_file_new_for_path (path);
        g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
        guchar magic[4] = { 0 };
        gsize read = 0;

        if (stream != NULL &&
            g_input_stream_read_all (G_INPUT_STREAM (stream), magic, sizeof magic, &read, NULL, NULL) &&
            read == sizeof magic)
            return g_strdup (memcmp (magic, "QFI\xfb", 4) == 0 ? "qcow2" : "raw");
    }
    return g_strdup (g_str_has_suffix (path, ".qcow2") ? "qcow2" : "raw");
}

static void
vimana_new_vm_collect_network (VimanaNewVmAssistant *self,
                               VimanaInstallPlan    *plan)
{
    const char *id = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->net_combo));
    static const struct {
        const char       *prefix;
        VimanaInstallNet  net;
    } kinds[] = {
        { "network:", VIMANA_INSTALL_NET_NETWORK },
        { "bridge:", VIMANA_INSTALL_NET_BRIDGE },
        { "macvtap:", VIMANA_INSTALL_NET_MACVTAP },
    };

    g_clear_pointer (&plan->net_source, g_free);
    plan->net_autostart = vimana_new_vm_stopped_network (self) != NULL &&
                          gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->net_start_check));
    plan->net = g_strcmp0 (id, "user") == 0 ? VIMANA_INSTALL_NET_USER : VIMANA_INSTALL_NET_NONE;
    for (guint i = 0; id != NULL && i < G_N_ELEMENTS (kinds); i++) {
        if (g_str_has_prefix (id, kinds[i].prefix)) {
            plan->net = kinds[i].net;
            plan->net_source = g_strdup (id + strlen (kinds[i].prefix));
        }
    }
}

/**
 * vimana_new_vm_assistant_collect:
 * @self: a #VimanaNewVmAssistant whose pages are complete
 *
 * Returns: (transfer full): the plan: the OS's defaults with what the pages say
 */
VimanaInstallPlan *
vimana_new_vm_assistant_collect (VimanaNewVmAssistant *self)
{
    VimanaInstallPlan *plan = vimana_install_plan_copy (self->plan);
    const char *machine = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->machine_combo));
    const char *display = gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->display_combo));

    g_free (plan->graphics_type);
    plan->graphics_type = g_strdup (g_strcmp0 (display, "spice") == 0 ? "spice" : "vnc");
    g_free (plan->name);
    plan->name = g_strdup (gtk_entry_get_text (self->name_entry));
    plan->method = vimana_new_vm_assistant_get_method (self);
    g_clear_pointer (&plan->media_path, g_free);
    if (plan->method == VIMANA_INSTALL_METHOD_MEDIA)
        plan->media_path = g_strdup (gtk_entry_get_text (self->media_entry));
    if (plan->method == VIMANA_INSTALL_METHOD_NETWORK && self->tree != NULL) {
        /* Where the boot files go is the installer's choice (plan->boot_dir stays unset). */
        plan->tree_url = g_strdup (self->tree->url);
        plan->kernel_url = g_strdup (self->tree->kernel_url);
        plan->initrd_url = g_strdup (self->tree->initrd_url);
        plan->kernel_args = g_strdup (self->tree->kernel_args);
    }
    vimana_new_vm_parse_memory (self, &plan->memory, NULL);
    plan->vcpus = vimana_new_vm_get_vcpus (self);

    g_clear_pointer (&plan->disk_path, g_free);
    if (plan->method == VIMANA_INSTALL_METHOD_IMPORT) {
        plan->disk = VIMANA_INSTALL_DISK_EXISTING;
        plan->disk_path = g_strdup (gtk_entry_get_text (self->import_entry));
    } else if (gtk_toggle_button_get_active (self->disk_existing_radio)) {
        plan->disk = VIMANA_INSTALL_DISK_EXISTING;
        plan->disk_path = g_strdup (gtk_entry_get_text (GTK_ENTRY (gtk_bin_get_child (GTK_BIN (self->existing_combo)))));
    } else if (gtk_toggle_button_get_active (self->disk_none_radio)) {
        plan->disk = VIMANA_INSTALL_DISK_NONE;
    } else {
        plan->disk = VIMANA_INSTALL_DISK_NEW;
        g_free (plan->pool);
        plan->pool = g_strdup (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->pool_combo)));
        vimana_new_vm_parse_disk_size (self, &plan->disk_size, NULL);
    }
    g_free (plan->disk_format);
    plan->disk_format = plan->disk == VIMANA_INSTALL_DISK_EXISTING
                            ? vimana_new_vm_guess_format (self, plan->disk_path)
                            : g_strdup ("qcow2");

    vimana_new_vm_collect_network (self, plan);
    plan->firmware = g_strcmp0 (gtk_combo_box_get_active_id (GTK_COMBO_BOX (self->firmware_combo)), "uefi") == 0
                         ? VIMANA_INSTALL_FIRMWARE_UEFI
                         : VIMANA_INSTALL_FIRMWARE_BIOS;
    plan->tpm = gtk_widget_get_sensitive (GTK_WIDGET (self->tpm_check)) &&
                gtk_toggle_button_get_active (self->tpm_check);
    g_free (plan->machine);
    plan->machine = machine != NULL && *machine != '\0' ? g_strdup (machine) : NULL;
    plan->start = !gtk_toggle_button_get_active (self->customize_check);
    /* Q35 has no IDE: an old OS's disk goes on SATA there. */
    if (g_strcmp0 (plan->machine, "q35") == 0 && g_strcmp0 (plan->disk_bus, "ide") == 0) {
        g_free (plan->disk_bus);
        plan->disk_bus = g_strdup ("sata");
    }
    return plan;
}

/* ---- summary ---- */

static void
vimana_new_vm_summary_row (VimanaNewVmAssistant *self,
                           int                   row,
                           const char           *key,
                           const char           *value)
{
    GtkWidget *key_label = gtk_label_new (key);
    GtkWidget *value_label = gtk_label_new (value);

    gtk_label_set_xalign (GTK_LABEL (key_label), 1);
    gtk_style_context_add_class (gtk_widget_get_style_context (key_label), "dim-label");
    gtk_label_set_xalign (GTK_LABEL (value_label), 0);
    gtk_label_set_line_wrap (GTK_LABEL (value_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
    gtk_widget_set_hexpand (value_label, TRUE);
    /* A screen reader reads the pair as one: "Memory: 2 GiB". */
    atk_object_set_name (gtk_widget_get_accessible (value_label), key);
    gtk_grid_attach (self->summary_grid, key_label, 0, row, 1, 1);
    gtk_grid_attach (self->summary_grid, value_label, 1, row, 1, 1);
    gtk_widget_show (key_label);
    gtk_widget_show (value_label);
}

static char *
vimana_new_vm_describe_source (const VimanaInstallPlan *plan)
{
    switch (plan->method) {
    case VIMANA_INSTALL_METHOD_MEDIA:
        /* Translators: %s is an ISO file or a CD/DVD drive. */
        return g_strdup_printf (_("Install media %s"), plan->media_path);
    case VIMANA_INSTALL_METHOD_IMPORT:
        /* Translators: %s is a disk image. */
        return g_strdup_printf (_("Import of %s"), plan->disk_path);
    case VIMANA_INSTALL_METHOD_MANUAL:
        return g_strdup (_("Manual: network boot (PXE), then the disk"));
    case VIMANA_INSTALL_METHOD_NETWORK:
    default:
        /* Translators: %s is the URL of an install tree. */
        return g_strdup_printf (_("Network install from %s"), plan->tree_url);
    }
}

static char *
vimana_new_vm_describe_disk (const VimanaInstallPlan *plan)
{
    g_autofree char *size = NULL;

    switch (plan->disk) {
    case VIMANA_INSTALL_DISK_NEW:
        size = vimana_new_vm_format_size (plan->disk_size);
        /* Translators: a size, then the storage pool's name. */
        return g_strdup_printf (_("A new %s qcow2 disk in the pool “%s”"), size, plan->pool);
    case VIMANA_INSTALL_DISK_EXISTING:
        /* Translators: %s is a disk image's path. */
        return g_strdup_printf (_("The existing disk %s"), plan->disk_path);
    case VIMANA_INSTALL_DISK_NONE:
    default:
        return g_strdup (_("None"));
    }
}

/**
 * vimana_new_vm_assistant_fill_summary:
 * @self: a #VimanaNewVmAssistant
 *
 * Lists everything chosen on the last page.
 */
void
vimana_new_vm_assistant_fill_summary (VimanaNewVmAssistant *self)
{
    g_autoptr(VimanaInstallPlan) plan = vimana_new_vm_assistant_collect (self);
    g_autofree char *source = vimana_new_vm_describe_source (plan);
    g_autofree char *memory = vimana_new_vm_format_size (plan->memory);
    g_autofree char *vcpus = g_strdup_printf ("%u", plan->vcpus);
    g_autofree char *disk = vimana_new_vm_describe_disk (plan);
    g_autofree char *firmware = NULL;
    g_autofree char *network_text = gtk_combo_box_text_get_active_text (self->net_combo);
    g_autofree char *machine = gtk_combo_box_text_get_active_text (self->machine_combo);
    GList *children = gtk_container_get_children (GTK_CONTAINER (self->summary_grid));
    int row = 0;

    for (GList *l = children; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_list_free (children);

    firmware = plan->firmware == VIMANA_INSTALL_FIRMWARE_UEFI
                   ? g_strdup (plan->tpm ? _("UEFI, with a TPM 2.0") : _("UEFI"))
                   : g_strdup (plan->tpm ? _("BIOS, with a TPM 2.0") : _("BIOS"));
    vimana_new_vm_summary_row (self, row++, _("Connection"), vimana_connection_get_display_name (self->connection));
    vimana_new_vm_summary_row (self, row++, _("Installation"), source);
    vimana_new_vm_summary_row (self, row++, _("Operating system"), self->os->name);
    vimana_new_vm_summary_row (self, row++, _("Memory"), memory);
    vimana_new_vm_summary_row (self, row++, _("Virtual CPUs"), vcpus);
    vimana_new_vm_summary_row (self, row++, _("Disk"), disk);
    if (plan->net_autostart && network_text != NULL) {
        /* A stopped network is started on Finish: said here, not done silently. */
        g_autofree char *started =
            /* Translators: %s is the network chosen, as the Network list shows it. */
            g_strdup_printf (_("%s (stopped now: it will be started, and started with the host)"),
                             network_text);

        vimana_new_vm_summary_row (self, row++, _("Network"), started);
    } else {
        vimana_new_vm_summary_row (self, row++, _("Network"), network_text != NULL ? network_text : _("None"));
    }
    vimana_new_vm_summary_row (self, row++, _("Firmware"), firmware);
    vimana_new_vm_summary_row (self, row++, _("Machine type"), machine != NULL ? machine : "");
    vimana_new_vm_summary_row (self, row++, _("Display"),
                               g_str_equal (plan->graphics_type, "spice") ? _("SPICE") : _("VNC"));
    vimana_new_vm_summary_row (self, row++, _("After creating"),
                               plan->start ? _("Start it and show its console")
                                           : _("Keep it stopped and show its Hardware page"));
}
