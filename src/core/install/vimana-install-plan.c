/* vimana-install-plan.c: the choices of a new guest, and the domain XML they make
 *
 * The plan is plain data: the assistant fills it, the OS and the hypervisor give its defaults,
 * and the creation job turns it into a volume and a domain. The checks here are the ones the
 * assistant shows beside its fields; the job runs them again before it creates anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-install-plan"

#include "config.h"

#include "vimana-install-plan.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/tree.h>
#include <string.h>
#include <unistd.h>

#include "vimana-device-kind.h"
#include "vimana-domain-config-private.h"
#include "vimana-error.h"
#include "vimana-format.h"
#include "vimana-storage-xml.h"

#define MIB ((guint64) 1 << 20)
#define GIB ((guint64) 1 << 30)
#define LIBOSINFO_NS "http://libosinfo.org/xmlns/libvirt/domain/1.0"

G_DEFINE_BOXED_TYPE (VimanaInstallPlan, vimana_install_plan,
                     vimana_install_plan_copy, vimana_install_plan_free)

/**
 * vimana_install_plan_new:
 *
 * Returns: (transfer full): a plan for a generic OS on an unknown hypervisor: install from
 *   media, 2 GiB, 2 vCPUs, a new 20 GiB disk in the pool "default", the network "default"
 */
VimanaInstallPlan *
vimana_install_plan_new (void)
{
    VimanaInstallPlan *plan = g_new0 (VimanaInstallPlan, 1);

    plan->method = VIMANA_INSTALL_METHOD_MEDIA;
    plan->domain_type = g_strdup ("kvm");
    plan->arch = g_strdup ("x86_64");
    plan->memory = 2 * GIB;
    plan->vcpus = 2;
    plan->disk = VIMANA_INSTALL_DISK_NEW;
    plan->pool = g_strdup ("default");
    plan->disk_size = 20 * GIB;
    plan->disk_format = g_strdup ("qcow2");
    plan->disk_bus = g_strdup ("sata");
    plan->net = VIMANA_INSTALL_NET_NETWORK;
    plan->net_source = g_strdup ("default");
    plan->nic_model = g_strdup ("e1000e");
    plan->video_model = g_strdup ("vga");
    plan->graphics_type = g_strdup ("vnc");
    plan->usb_tablet = TRUE;
    plan->start = TRUE;
    return plan;
}

VimanaInstallPlan *
vimana_install_plan_copy (const VimanaInstallPlan *plan)
{
    VimanaInstallPlan *copy;

    g_return_val_if_fail (plan != NULL, NULL);

    copy = g_memdup2 (plan, sizeof *plan);
    copy->name = g_strdup (plan->name);
    copy->media_path = g_strdup (plan->media_path);
    copy->tree_url = g_strdup (plan->tree_url);
    copy->kernel_url = g_strdup (plan->kernel_url);
    copy->initrd_url = g_strdup (plan->initrd_url);
    copy->kernel_args = g_strdup (plan->kernel_args);
    copy->boot_dir = g_strdup (plan->boot_dir);
    copy->kernel_path = g_strdup (plan->kernel_path);
    copy->initrd_path = g_strdup (plan->initrd_path);
    copy->os_id = g_strdup (plan->os_id);
    copy->domain_type = g_strdup (plan->domain_type);
    copy->arch = g_strdup (plan->arch);
    copy->machine = g_strdup (plan->machine);
    copy->emulator = g_strdup (plan->emulator);
    copy->pool = g_strdup (plan->pool);
    copy->disk_path = g_strdup (plan->disk_path);
    copy->disk_format = g_strdup (plan->disk_format);
    copy->disk_bus = g_strdup (plan->disk_bus);
    copy->net_source = g_strdup (plan->net_source);
    copy->nic_model = g_strdup (plan->nic_model);
    copy->video_model = g_strdup (plan->video_model);
    copy->graphics_type = g_strdup (plan->graphics_type);
    return copy;
}

void
vimana_install_plan_free (VimanaInstallPlan *plan)
{
    if (plan == NULL)
        return;
    g_free (plan->name);
    g_free (plan->media_path);
    g_free (plan->tree_url);
    g_free (plan->kernel_url);
    g_free (plan->initrd_url);
    g_free (plan->kernel_args);
    g_free (plan->boot_dir);
    g_free (plan->kernel_path);
    g_free (plan->initrd_path);
    g_free (plan->os_id);
    g_free (plan->domain_type);
    g_free (plan->arch);
    g_free (plan->machine);
    g_free (plan->emulator);
    g_free (plan->pool);
    g_free (plan->disk_path);
    g_free (plan->disk_format);
    g_free (plan->disk_bus);
    g_free (plan->net_source);
    g_free (plan->nic_model);
    g_free (plan->video_model);
    g_free (plan->graphics_type);
    g_free (plan);
}

static void
vimana_install_plan_set (char       **field,
                         const char  *value)
{
    char *copy = g_strdup (value);

    g_free (*field);
    *field = copy;
}

/**
 * vimana_install_plan_set_hypervisor:
 * @plan: a #VimanaInstallPlan
 * @caps: what the connection offers
 *
 * Takes the domain type, architecture, emulator and machine type from @caps.
 */
void
vimana_install_plan_set_hypervisor (VimanaInstallPlan      *plan,
                                    const VimanaDomainCaps *caps)
{
    g_return_if_fail (plan != NULL);
    g_return_if_fail (caps != NULL);

    vimana_install_plan_set (&plan->domain_type, caps->domain_type);
    vimana_install_plan_set (&plan->arch, caps->arch);
    vimana_install_plan_set (&plan->emulator, caps->emulator);
    vimana_install_plan_set (&plan->machine, caps->machine);
}

/**
 * vimana_install_plan_apply_os:
 * @plan: a #VimanaInstallPlan
 * @os: the guest's operating system
 * @caps: (nullable): what the connection offers
 * @host_cpus: the host's CPUs, 0 when not known
 * @host_memory: the host's memory in bytes, 0 when not known
 *
 * Sets what the OS decides: its recommended memory, vCPUs and disk size (within the host's
 * limits), virtio or emulated disk and NIC, the video model, the machine type (q35 unless the
 * OS predates it: such an OS gets the i440FX PC and IDE) and UEFI with a TPM when it needs them.
 */
void
vimana_install_plan_apply_os (VimanaInstallPlan      *plan,
                              const VimanaOsInfo     *os,
                              const VimanaDomainCaps *caps,
                              guint                   host_cpus,
                              guint64                 host_memory)
{
    gboolean modern;

    g_return_if_fail (plan != NULL);
    g_return_if_fail (os != NULL);

    vimana_install_plan_set (&plan->os_id, os->id);
    plan->memory = os->recommended_memory;
    if (host_memory > 0 && plan->memory > host_memory / 2)
        plan->memory = MAX (os->minimum_memory, (host_memory / 2) & ~(MIB - 1));
    plan->vcpus = os->recommended_vcpus;
    if (host_cpus > 0)
        plan->vcpus = MIN (plan->vcpus, host_cpus);
    plan->vcpus = MAX (plan->vcpus, 1);
    plan->disk_size = os->recommended_storage;

    modern = os->q35 || os->virtio_disk || !os->known;
    if (caps != NULL) {
        if (caps->has_q35 && modern)
            vimana_install_plan_set (&plan->machine, "q35");
        else if (caps->machine != NULL)
            vimana_install_plan_set (&plan->machine, caps->has_q35 && !modern ? "pc" : caps->machine);
    }
    if (os->virtio_disk)
        vimana_install_plan_set (&plan->disk_bus, "virtio");
    else if (plan->machine != NULL && g_str_equal (plan->machine, "pc"))
        vimana_install_plan_set (&plan->disk_bus, "ide");
    else
        vimana_install_plan_set (&plan->disk_bus, "sata");
    if (os->virtio_net)
        vimana_install_plan_set (&plan->nic_model, "virtio");
    else if (plan->machine != NULL && g_str_equal (plan->machine, "q35"))
        vimana_install_plan_set (&plan->nic_model, "e1000e");
    else
        vimana_install_plan_set (&plan->nic_model, "e1000");
    vimana_install_plan_set (&plan->video_model, vimana_os_info_get_video_model (os));
    plan->usb_tablet = os->usb_tablet || !os->known;
    plan->virtio_extras = os->virtio_disk;

    plan->firmware = VIMANA_INSTALL_FIRMWARE_BIOS;
    plan->tpm = FALSE;
    if (os->needs_uefi && (caps == NULL || caps->efi)) {
        plan->firmware = VIMANA_INSTALL_FIRMWARE_UEFI;
        plan->tpm = caps == NULL || caps->tpm;
    }
}

/**
 * vimana_install_plan_get_volume_name:
 * @plan: a #VimanaInstallPlan with a name
 *
 * Returns: (transfer full): the name of the guest's new volume: its own name and the format
 */
char *
vimana_install_plan_get_volume_name (const VimanaInstallPlan *plan)
{
    g_return_val_if_fail (plan != NULL && plan->name != NULL, NULL);

    return g_strdup_printf ("%s.%s", plan->name,
                            plan->disk_format != NULL ? plan->disk_format : "qcow2");
}

/* ---- XML ---- */

/* Appends a child element @name to @parent, holding @text unless it is %NULL. */
static xmlNodePtr
vimana_install_plan_append (xmlNodePtr  parent,
                            const char *name,
                            const char *text)
{
    xmlNodePtr node = vimana_domain_config_node_append (parent, name);

    if (text != NULL)
        vimana_domain_config_node_set_text (node, text);
    return node;
}

static xmlNodePtr
vimana_install_plan_append_with (xmlNodePtr  parent,
                                 const char *name,
                                 const char *attribute,
                                 const char *value)
{
    xmlNodePtr node = vimana_install_plan_append (parent, name, NULL);

    vimana_domain_config_node_set_prop (node, attribute, value);
    return node;
}

static void
vimana_install_plan_add_os (const VimanaInstallPlan *plan,
                            xmlNodePtr               domain)
{
    xmlNodePtr os = vimana_install_plan_append (domain, "os", NULL);
    xmlNodePtr type = vimana_install_plan_append (os, "type", "hvm");

    if (plan->firmware == VIMANA_INSTALL_FIRMWARE_UEFI)
        vimana_domain_config_node_set_prop (os, "firmware", "efi");
    vimana_domain_config_node_set_prop (type, "arch", plan->arch);
    vimana_domain_config_node_set_prop (type, "machine", plan->machine);
    /* A network install boots the tree's installer directly, for the first boot only: once it
     * has started, the installer drops these again from the persistent config. */
    if (plan->method == VIMANA_INSTALL_METHOD_NETWORK) {
        vimana_install_plan_append (os, "kernel", plan->kernel_path);
        vimana_install_plan_append (os, "initrd", plan->initrd_path);
        if (plan->kernel_args != NULL)
            vimana_install_plan_append (os, "cmdline", plan->kernel_args);
    }

    switch (plan->method) {
    case VIMANA_INSTALL_METHOD_MEDIA:
        /* The installer boots from the disc once; the installed system then boots from disk. */
        vimana_install_plan_append_with (os, "boot", "dev", "cdrom");
        vimana_install_plan_append_with (os, "boot", "dev", "hd");
        break;
    case VIMANA_INSTALL_METHOD_MANUAL:
        vimana_install_plan_append_with (os, "boot", "dev", "network");
        vimana_install_plan_append_with (os, "boot", "dev", "hd");
        break;
    case VIMANA_INSTALL_METHOD_IMPORT:
    case VIMANA_INSTALL_METHOD_NETWORK:
    default:
        vimana_install_plan_append_with (os, "boot", "dev", "hd");
        break;
    }
}

/* Adds a device of the kind @kind_id (see vimana-device-kind.c), the field values following
 * as pairs of field id and value, ended by %NULL; a field not named takes its default. */
G_GNUC_NULL_TERMINATED static gboolean
vimana_install_plan_add_device (VimanaDomainConfig  *config,
                                const char          *kind_id,
                                GError             **error,
                                ...)
{
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
    const char *field;
    va_list args;

    va_start (args, error);
    while ((field = va_arg (args, const char *)) != NULL)
        g_hash_table_insert (values, (gpointer) field, va_arg (args, char *));
    va_end (args);
    return vimana_device_kind_info_build (vimana_device_kind_info_lookup (kind_id), config, values,
                                          NULL, error);
}

static gboolean
vimana_install_plan_add_interface (const VimanaInstallPlan  *plan,
                                   VimanaDomainConfig       *config,
                                   GError                  **error)
{
    static const char * const types[] = {
        [VIMANA_INSTALL_NET_NETWORK] = "network",
        [VIMANA_INSTALL_NET_BRIDGE] = "bridge",
        [VIMANA_INSTALL_NET_MACVTAP] = "direct",
        [VIMANA_INSTALL_NET_USER] = "user",
    };

    if (plan->net == VIMANA_INSTALL_NET_NONE)
        return TRUE;
    g_return_val_if_fail ((guint) plan->net < G_N_ELEMENTS (types), FALSE);
    return vimana_install_plan_add_device (config, "nic", error, "type", types[plan->net],
                                           "source", plan->net_source,
                                           "model", plan->nic_model, NULL);
}

/* What a SPICE display offers beyond the picture: the channel of the guest's spice-vdagent
 * (clipboard, resizing to the window, dropped files), the WebDAV port for shared folders, and
 * two USB redirection slots on a USB controller of their own. QEMU would add a default
 * controller, but libvirt's test driver adds none and refuses a redirdev without one. */
static gboolean
vimana_install_plan_add_spice_extras (VimanaDomainConfig  *config,
                                      xmlNodePtr           devices,
                                      GError             **error)
{
    xmlNodePtr node;

    if (!vimana_install_plan_add_device (config, "channel", error,
                                         "name", "com.redhat.spice.0", NULL))
        return FALSE;
    node = vimana_install_plan_append_with (devices, "channel", "type", "spiceport");
    vimana_install_plan_append_with (node, "source", "channel", "org.spice-space.webdav.0");
    node = vimana_install_plan_append_with (node, "target", "type", "virtio");
    vimana_domain_config_node_set_prop (node, "name", "org.spice-space.webdav.0");
    if (!vimana_install_plan_add_device (config, "usb-controller", error, NULL))
        return FALSE;
    for (guint i = 0; i < 2; i++) {
        if (!vimana_install_plan_add_device (config, "usb-redirection", error, NULL))
            return FALSE;
    }
    return TRUE;
}

static gboolean
vimana_install_plan_add_devices (const VimanaInstallPlan  *plan,
                                 VimanaDomainConfig       *config,
                                 GError                  **error)
{
    xmlNodePtr devices = vimana_install_plan_append (vimana_domain_config_get_root (config),
                                                     "devices", NULL);
    const char *cdrom_bus = plan->machine != NULL && g_str_equal (plan->machine, "pc") ? "ide" : "sata";

    if (plan->emulator != NULL)
        vimana_install_plan_append (devices, "emulator", plan->emulator);
    if (plan->disk != VIMANA_INSTALL_DISK_NONE &&
        !vimana_install_plan_add_device (config, "disk", error, "path", plan->disk_path,
                                         "format", plan->disk_format, "bus", plan->disk_bus,
                                         NULL))
        return FALSE;
    if (plan->method == VIMANA_INSTALL_METHOD_MEDIA &&
        !vimana_install_plan_add_device (config, "cdrom", error, "media", plan->media_path,
                                         "bus", cdrom_bus, NULL))
        return FALSE;
    if (!vimana_install_plan_add_interface (plan, config, error))
        return FALSE;
    /* A tablet's absolute pointer keeps the console's pointer and the guest's in step. */
    if (plan->usb_tablet && !vimana_install_plan_add_device (config, "input", error, NULL))
        return FALSE;
    if (!vimana_install_plan_add_device (config, "graphics", error, "type",
                                         plan->graphics_type != NULL ? plan->graphics_type
                                                                     : "vnc",
                                         NULL) ||
        !vimana_install_plan_add_device (config, "video", error, "model", plan->video_model,
                                         NULL) ||
        !vimana_install_plan_add_device (config, "console", error, NULL))
        return FALSE;
    /* The guest agent's channel on every new guest: its addresses, a clean shutdown and
     * quiescing disks for snapshots work once the guest runs qemu-guest-agent. */
    if (!vimana_install_plan_add_device (config, "channel", error,
                                         "name", "org.qemu.guest_agent.0", NULL))
        return FALSE;
    if (plan->tpm && !vimana_install_plan_add_device (config, "tpm", error, NULL))
        return FALSE;
    if (plan->virtio_extras &&
        (!vimana_install_plan_add_device (config, "memballoon", error, NULL) ||
         !vimana_install_plan_add_device (config, "rng", error, NULL)))
        return FALSE;
    if (g_strcmp0 (plan->graphics_type, "spice") == 0 &&
        !vimana_install_plan_add_spice_extras (config, devices, error))
        return FALSE;
    return TRUE;
}

static gboolean
vimana_install_plan_check_complete (const VimanaInstallPlan  *plan,
                                    GError                  **error)
{
    const char *missing = NULL;

    if (!vimana_install_check_name (plan->name, NULL, error))
        return FALSE;
    if (plan->memory == 0 || plan->vcpus == 0)
        missing = _("The guest needs memory and at least one vCPU.");
    else if (plan->method == VIMANA_INSTALL_METHOD_NETWORK &&
             (plan->kernel_path == NULL || plan->initrd_path == NULL))
        missing = _("The install tree’s kernel and initrd have not been downloaded.");
    else if (plan->method == VIMANA_INSTALL_METHOD_MEDIA && plan->media_path == NULL)
        missing = _("No installation media was chosen.");
    else if (plan->method == VIMANA_INSTALL_METHOD_IMPORT && plan->disk != VIMANA_INSTALL_DISK_EXISTING)
        missing = _("Importing needs an existing disk image.");
    else if (plan->disk != VIMANA_INSTALL_DISK_NONE && plan->disk_path == NULL)
        missing = _("The guest’s disk has no path yet.");
    else if (plan->net != VIMANA_INSTALL_NET_NONE && plan->net != VIMANA_INSTALL_NET_USER &&
             plan->net_source == NULL)
        missing = _("No network was chosen.");
    if (missing != NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT, missing);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_install_plan_build_xml:
 * @plan: a complete #VimanaInstallPlan: a new disk must have its path by now
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the domain XML of the plan
 */
char *
vimana_install_plan_build_xml (const VimanaInstallPlan  *plan,
                               GError                  **error)
{
    g_autoptr(VimanaDomainConfig) config = NULL;
    xmlNodePtr domain;
    xmlNodePtr node;
    xmlChar *buffer = NULL;
    int size = 0;
    char *xml;
    g_autofree char *memory = NULL;
    g_autofree char *vcpus = NULL;

    g_return_val_if_fail (plan != NULL, NULL);

    if (!vimana_install_plan_check_complete (plan, error))
        return NULL;

    /* Built as a configuration without any indentation, which libxml2 indents when it writes
     * it out: the devices are built by their kinds, as Add Hardware builds them. */
    config = vimana_domain_config_new_from_xml ("<domain/>", NULL);
    domain = vimana_domain_config_get_root (config);
    vimana_domain_config_node_set_prop (domain, "type", plan->domain_type);
    vimana_install_plan_append (domain, "name", plan->name);

    if (plan->os_id != NULL) {
        xmlNodePtr metadata = vimana_install_plan_append (domain, "metadata", NULL);
        xmlNodePtr libosinfo = xmlNewChild (metadata, NULL, (const xmlChar *) "libosinfo", NULL);
        xmlNsPtr ns = xmlNewNs (libosinfo, (const xmlChar *) LIBOSINFO_NS, (const xmlChar *) "libosinfo");

        xmlSetNs (libosinfo, ns);
        node = xmlNewChild (libosinfo, ns, (const xmlChar *) "os", NULL);
        vimana_domain_config_node_set_prop (node, "id", plan->os_id);
    }

    memory = g_strdup_printf ("%" G_GUINT64_FORMAT, plan->memory / 1024);
    node = vimana_install_plan_append (domain, "memory", memory);
    vimana_domain_config_node_set_prop (node, "unit", "KiB");
    node = vimana_install_plan_append (domain, "currentMemory", memory);
    vimana_domain_config_node_set_prop (node, "unit", "KiB");
    vcpus = g_strdup_printf ("%u", plan->vcpus);
    vimana_install_plan_append (domain, "vcpu", vcpus);

    vimana_install_plan_add_os (plan, domain);
    node = vimana_install_plan_append (domain, "features", NULL);
    vimana_install_plan_append (node, "acpi", NULL);
    vimana_install_plan_append (node, "apic", NULL);
    /* No <cpu>: the hypervisor's default model starts everywhere. host-passthrough (and
     * host-model, which copies it) fails on nested KVM hosts that refuse some MSRs, as seen on
     * the CI machine: "failed to set MSR 0x10a". */
    vimana_install_plan_append_with (domain, "clock", "offset", "utc");
    vimana_install_plan_append (domain, "on_poweroff", "destroy");
    vimana_install_plan_append (domain, "on_reboot", "restart");
    vimana_install_plan_append (domain, "on_crash", "destroy");
    if (!vimana_install_plan_add_devices (plan, config, error))
        return NULL;

    xmlDocDumpFormatMemoryEnc (domain->doc, &buffer, &size, "UTF-8", 1);
    /* Without the declaration: libvirt's own documents have none. */
    {
        const char *start = (const char *) buffer;
        const char *end = strstr (start, "?>\n");

        xml = g_strdup (end != NULL && g_str_has_prefix (start, "<?xml") ? end + 3 : start);
    }
    xmlFree (buffer);
    return xml;
}

/* ---- checks ---- */

static gboolean
vimana_install_is_blank (const char *text)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (!g_ascii_isspace (*p))
            return FALSE;
    }
    return TRUE;
}

/**
 * vimana_install_check_name:
 * @name: (nullable): the name typed
 * @taken: (nullable) (array zero-terminated=1): the names of the connection's guests
 * @error: return location for the reason, a whole sentence for the user
 *
 * libvirt refuses an empty name, a "/" (the name becomes file names) and control characters
 * such as a newline; a name must also be unused on the connection.
 *
 * Returns: whether @name can be used
 */
gboolean
vimana_install_check_name (const char          *name,
                           const char * const  *taken,
                           GError             **error)
{
    const char *message = NULL;

    if (name == NULL || vimana_install_is_blank (name)) {
        message = _("Enter a name.");
    } else if (!g_utf8_validate (name, -1, NULL)) {
        message = _("The name is not valid text.");
    } else if (strchr (name, '/') != NULL) {
        message = _("A name cannot contain “/”.");
    } else if (g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1])) {
        message = _("A name cannot begin or end with a space.");
    } else {
        for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
            if (g_unichar_iscntrl (g_utf8_get_char (p))) {
                message = _("A name cannot contain control characters such as a line break.");
                break;
            }
        }
    }
    if (message == NULL && taken != NULL && g_strv_contains (taken, name))
        message = _("A guest with this name already exists.");

    if (message != NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT, message);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_install_suggest_name:
 * @base: what the name starts from: the OS's short id
 * @taken: (nullable) (array zero-terminated=1): the names in use
 *
 * Returns: (transfer full): @base, or @base-2, @base-3… whichever is free
 */
char *
vimana_install_suggest_name (const char         *base,
                             const char * const *taken)
{
    g_return_val_if_fail (base != NULL, NULL);

    if (taken == NULL || !g_strv_contains (taken, base))
        return g_strdup (base);
    for (guint i = 2;; i++) {
        g_autofree char *name = g_strdup_printf ("%s-%u", base, i);

        if (!g_strv_contains (taken, name))
            return g_steal_pointer (&name);
    }
}

gboolean
vimana_install_check_memory (guint64   memory,
                             guint64   host_memory,
                             GError  **error)
{
    if (memory < MIB) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The guest needs at least 1 MiB of memory."));
        return FALSE;
    }
    if (host_memory > 0 && memory > host_memory) {
        g_autofree char *limit = vimana_format_bytes (host_memory);

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The host has only %s of memory."), limit);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_install_parse_vcpus:
 * @text: (nullable): what was typed as the number of vCPUs
 * @vcpus: (out): the number
 * @error: return location for what is wrong with @text, as a sentence
 *
 * Pure. Says what is wrong with what was typed ("x" is not a number) rather than what the
 * number read from it would be (issue 11, defect 9: "x" read as 0 said "needs at least one").
 *
 * Returns: whether @text is a whole number, trimmed
 */
gboolean
vimana_install_parse_vcpus (const char  *text,
                            guint       *vcpus,
                            GError     **error)
{
    g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
    g_autofree char *shown = NULL;
    guint64 value = 0;

    g_return_val_if_fail (vcpus != NULL, FALSE);

    *vcpus = 0;
    if (copy[0] == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Enter the number of vCPUs, such as 2."));
        return FALSE;
    }
    shown = g_utf8_make_valid (copy, -1);
    if (strspn (copy, "0123456789") != strlen (copy)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a number of vCPUs: enter a whole number, such as 2."), shown);
        return FALSE;
    }
    if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT, &value, NULL)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is far more vCPUs than any host has."), shown);
        return FALSE;
    }
    *vcpus = (guint) value;
    return TRUE;
}

gboolean
vimana_install_check_vcpus (guint     vcpus,
                            guint     host_cpus,
                            GError  **error)
{
    if (vcpus == 0) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The guest needs at least one vCPU."));
        return FALSE;
    }
    if (host_cpus > 0 && vcpus > host_cpus) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     g_dngettext (GETTEXT_PACKAGE, "The host has only %u CPU.",
                                  "The host has only %u CPUs.", host_cpus),
                     host_cpus);
        return FALSE;
    }
    return TRUE;
}

gboolean
vimana_install_check_disk_size (guint64   size,
                                guint64   available,
                                GError  **error)
{
    /* The one rule every new volume follows. */
    return vimana_storage_check_capacity (size, available, error);
}

/**
 * vimana_install_check_media_path:
 * @path: (nullable): an ISO file or CD/DVD device on this machine
 * @error: return location for the reason
 *
 * Returns: whether @path exists, is a file or device (not a folder) and can be read
 */
gboolean
vimana_install_check_media_path (const char  *path,
                                 GError     **error)
{
    GStatBuf st;

    if (path == NULL || *path == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Choose an ISO image or a CD/DVD drive."));
        return FALSE;
    }
    if (g_stat (path, &st) != 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” does not exist."), path);
        return FALSE;
    }
    if (S_ISDIR (st.st_mode)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is a folder, not an image."), path);
        return FALSE;
    }
    if (g_access (path, R_OK) != 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” cannot be read."), path);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_install_check_url:
 * @url: (nullable): the URL of an install tree
 * @error: return location for the reason
 *
 * Returns: whether @url is an http, https, ftp or nfs URL with a host
 */
gboolean
vimana_install_check_url (const char  *url,
                          GError     **error)
{
    g_autoptr(GUri) uri = NULL;
    const char *scheme;

    if (url == NULL || *url == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Enter the URL of an install tree."));
        return FALSE;
    }
    /* The URL goes into the installer's kernel command line (inst.repo=URL): a pasted
     * "URL inst.ks=…" must not add arguments to it (issue 11, defect 8). */
    for (const char *p = url; *p != '\0'; p++) {
        if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == '"') {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("A URL cannot contain spaces, quotes or control characters; remove them, or write a space as %20."));
            return FALSE;
        }
    }
    uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
    scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
    if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
        !(g_str_equal (scheme, "http") || g_str_equal (scheme, "https") ||
          g_str_equal (scheme, "ftp") || g_str_equal (scheme, "nfs"))) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Enter a URL such as https://example.org/fedora/x86_64/os/."));
        return FALSE;
    }
    return TRUE;
}

/* Units as libvirt reads them: a bare letter or "iB" is binary, "B" after a letter decimal. */
static gboolean
vimana_install_unit_factor (const char *unit,
                            guint64    *factor)
{
    static const struct {
        const char *names[4];
        guint64     factor;
    } units[] = {
        { { "b", "byte", "bytes", NULL }, 1 },
        { { "k", "kib", NULL }, (guint64) 1 << 10 },
        { { "kb", NULL }, 1000 },
        { { "m", "mib", NULL }, (guint64) 1 << 20 },
        { { "mb", NULL }, 1000 * 1000 },
        { { "g", "gib", NULL }, (guint64) 1 << 30 },
        { { "gb", NULL }, 1000 * 1000 * 1000 },
        { { "t", "tib", NULL }, (guint64) 1 << 40 },
        { { "tb", NULL }, G_GUINT64_CONSTANT (1000000000000) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
        for (guint j = 0; units[i].names[j] != NULL; j++) {
            if (g_ascii_strcasecmp (unit, units[i].names[j]) == 0) {
                *factor = units[i].factor;
                return TRUE;
            }
        }
    }
    return FALSE;
}

/**
 * vimana_install_parse_size:
 * @text: what was typed: "20 GiB", "512M", "1.5G", "4096"
 * @default_unit: the factor of a plain number: 1 << 30 when the field counts GiB
 * @bytes: (out): the size in bytes
 * @error: return location for the reason
 *
 * Returns: whether @text is a size
 */
gboolean
vimana_install_parse_size (const char  *text,
                           guint64      default_unit,
                           guint64     *bytes,
                           GError     **error)
{
    g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
    const char *p = copy;
    guint64 integer = 0;
    guint64 fraction = 0;
    guint64 fraction_scale = 1;
    guint64 fraction_bytes;
    guint64 factor = default_unit;
    gboolean digits = FALSE;

    g_return_val_if_fail (bytes != NULL, FALSE);

    for (; g_ascii_isdigit (*p); p++) {
        guint64 digit = (guint64) (*p - '0');

        if (integer > G_MAXUINT64 / 10 || integer * 10 > G_MAXUINT64 - digit)
            goto too_large;
        integer = integer * 10 + digit;
        digits = TRUE;
    }
    if (*p == '.' || *p == ',') {
        for (p++; g_ascii_isdigit (*p); p++) {
            if (fraction_scale < G_GUINT64_CONSTANT (1000000000)) {
                fraction = fraction * 10 + (guint64) (*p - '0');
                fraction_scale *= 10;
            }
            digits = TRUE;
        }
    }
    while (g_ascii_isspace (*p))
        p++;
    if (!digits || (*p != '\0' && !vimana_install_unit_factor (p, &factor))) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a size; write it as 20 GiB or 512 MiB."), text != NULL ? text : "");
        return FALSE;
    }
    if (integer > G_MAXUINT64 / factor)
        goto too_large;
    /* The fraction's bytes, exactly and without overflow: fraction < fraction_scale <= 10^9. */
    fraction_bytes = (factor / fraction_scale) * fraction +
                     (factor % fraction_scale) * fraction / fraction_scale;
    /* 18446744.9 TB: the whole part fits in 64 bits, the sum does not (it wrapped to 769.5 GiB). */
    if (fraction_bytes > G_MAXUINT64 - integer * factor)
        goto too_large;
    *bytes = integer * factor + fraction_bytes;
    return TRUE;

too_large:
    g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                 _("“%s” is too large: it is more bytes than can be counted."), text);
    return FALSE;
}
