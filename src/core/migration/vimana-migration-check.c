/* vimana-migration-check.c: the pre-flight checklist of a migration
 *
 * Two halves. vimana_migration_checklist() is pure: the guest's XML, the options and what is
 * known of the destination (VimanaMigrationHostFacts) in, one line per thing checked out, each
 * green, amber or red with its reason; the unit tests feed it fixtures. The preflight reads the
 * facts: the guest's migratable XML on the source's worker, then everything about the
 * destination on the destination's worker (capabilities, the CPU comparison, networks, host
 * interfaces, the disks' paths in its storage pools, free memory), then the list on the main
 * thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-migration-check.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-format.h"
#include "vimana-xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

void
vimana_migration_check_free (VimanaMigrationCheck *check)
{
    if (check == NULL)
        return;
    g_free (check->subject);
    g_free (check->reason);
    g_free (check);
}

VimanaMigrationHostFacts *
vimana_migration_host_facts_new (void)
{
    VimanaMigrationHostFacts *facts = g_new0 (VimanaMigrationHostFacts, 1);

    facts->cpu_compare = VIMANA_MIGRATION_CPU_UNKNOWN;
    facts->same_host = -1;
    return facts;
}

void
vimana_migration_host_facts_free (VimanaMigrationHostFacts *facts)
{
    if (facts == NULL)
        return;
    g_free (facts->capabilities_xml);
    g_free (facts->cpu_message);
    g_strfreev (facts->networks);
    g_strfreev (facts->bridges);
    g_clear_pointer (&facts->storage, g_hash_table_unref);
    g_free (facts);
}

/* ---- the guest, as far as the checks need it ------------------------------------------- */

typedef struct
{
    char     *target;
    char     *device;    /* disk, cdrom, floppy, lun */
    char     *type;      /* file, block, volume, network */
    char     *source;    /* the path, or "pool/volume", or the network protocol */
    gboolean  readonly;
} VimanaMigrationDisk;

typedef struct
{
    char *type;          /* network, bridge, direct, user… */
    char *source;        /* the network's, bridge's or device's name */
    char *mac;
} VimanaMigrationInterface;

typedef struct
{
    char                *domain_type;
    char                *arch;
    char                *machine;
    char                *emulator;
    char                *cpu_mode;
    char                *cpu_check;  /* none, partial, full */
    char                *cpu_xml;    /* the <cpu> element, for virConnectCompareHypervisorCPU */
    guint64              memory;     /* bytes */
    GPtrArray           *disks;
    GPtrArray           *interfaces;
    GPtrArray           *hostdevs;   /* descriptions */
} VimanaMigrationGuest;

static void
vimana_migration_disk_free (gpointer data)
{
    VimanaMigrationDisk *disk = data;

    g_free (disk->target);
    g_free (disk->device);
    g_free (disk->type);
    g_free (disk->source);
    g_free (disk);
}

static void
vimana_migration_interface_free (gpointer data)
{
    VimanaMigrationInterface *iface = data;

    g_free (iface->type);
    g_free (iface->source);
    g_free (iface->mac);
    g_free (iface);
}

static void
vimana_migration_guest_free (VimanaMigrationGuest *guest)
{
    if (guest == NULL)
        return;
    g_free (guest->domain_type);
    g_free (guest->arch);
    g_free (guest->machine);
    g_free (guest->emulator);
    g_free (guest->cpu_mode);
    g_free (guest->cpu_check);
    g_free (guest->cpu_xml);
    g_clear_pointer (&guest->disks, g_ptr_array_unref);
    g_clear_pointer (&guest->interfaces, g_ptr_array_unref);
    g_clear_pointer (&guest->hostdevs, g_ptr_array_unref);
    g_free (guest);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaMigrationGuest, vimana_migration_guest_free)

static gboolean
vimana_migration_is (xmlNode    *node,
                     const char *name)
{
    return node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0;
}

static xmlNode *
vimana_migration_child (xmlNode    *parent,
                        const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNode *node = parent->children; node != NULL; node = node->next) {
        if (vimana_migration_is (node, name))
            return node;
    }
    return NULL;
}

static char *
vimana_migration_attr (xmlNode    *node,
                       const char *name)
{
    xmlChar *value;
    char *result;

    if (node == NULL)
        return NULL;
    value = xmlGetProp (node, (const xmlChar *) name);
    if (value == NULL)
        return NULL;
    result = g_strdup ((const char *) value);
    xmlFree (value);
    return result;
}

static char *
vimana_migration_text (xmlNode *node)
{
    xmlChar *value;
    char *result;

    if (node == NULL)
        return NULL;
    value = xmlNodeGetContent (node);
    result = g_strstrip (g_strdup ((const char *) value));
    xmlFree (value);
    return result;
}

/* A <memory unit='…'> value in bytes; libvirt's units, KiB by default. */
static guint64
vimana_migration_memory_bytes (xmlNode *node)
{
    static const struct {
        const char *unit;
        guint64     factor;
    } units[] = {
        { "b", 1 }, { "bytes", 1 },
        { "KB", 1000 }, { "k", 1024 }, { "KiB", 1024 },
        { "MB", 1000000 }, { "M", 1048576 }, { "MiB", 1048576 },
        { "GB", 1000000000 }, { "G", 1073741824 }, { "GiB", 1073741824 },
        { "TB", G_GUINT64_CONSTANT (1000000000000) },
        { "T", G_GUINT64_CONSTANT (1099511627776) }, { "TiB", G_GUINT64_CONSTANT (1099511627776) },
    };
    g_autofree char *text = vimana_migration_text (node);
    g_autofree char *unit = vimana_migration_attr (node, "unit");
    guint64 value;

    if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64 / 1024, &value, NULL))
        return 0;
    if (unit == NULL)
        return value * 1024;
    for (guint i = 0; i < G_N_ELEMENTS (units); i++) {
        if (strcmp (unit, units[i].unit) == 0)
            return value <= G_MAXUINT64 / units[i].factor ? value * units[i].factor : G_MAXUINT64;
    }
    return value * 1024;
}

static VimanaMigrationGuest *
vimana_migration_guest_parse (const char  *xml,
                              GError     **error)
{
    g_autoptr(VimanaMigrationGuest) guest = g_new0 (VimanaMigrationGuest, 1);
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root;
    xmlNode *os_type;
    xmlNode *cpu;
    xmlNode *devices;
    xmlNode *memory;

    doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_migration_is (root, "domain")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The guest’s description could not be read."));
        return NULL;
    }
    guest->disks = g_ptr_array_new_with_free_func (vimana_migration_disk_free);
    guest->interfaces = g_ptr_array_new_with_free_func (vimana_migration_interface_free);
    guest->hostdevs = g_ptr_array_new_with_free_func (g_free);
    guest->domain_type = vimana_migration_attr (root, "type");
    os_type = vimana_migration_child (vimana_migration_child (root, "os"), "type");
    guest->arch = vimana_migration_attr (os_type, "arch");
    guest->machine = vimana_migration_attr (os_type, "machine");
    memory = vimana_migration_child (root, "currentMemory");
    if (memory == NULL)
        memory = vimana_migration_child (root, "memory");
    guest->memory = vimana_migration_memory_bytes (memory);
    cpu = vimana_migration_child (root, "cpu");
    if (cpu != NULL) {
        xmlBuffer *buffer = xmlBufferCreate ();

        guest->cpu_mode = vimana_migration_attr (cpu, "mode");
        guest->cpu_check = vimana_migration_attr (cpu, "check");
        if (xmlNodeDump (buffer, doc, cpu, 0, 0) > 0)
            guest->cpu_xml = g_strdup ((const char *) xmlBufferContent (buffer));
        xmlBufferFree (buffer);
    }
    devices = vimana_migration_child (root, "devices");
    guest->emulator = vimana_migration_text (vimana_migration_child (devices, "emulator"));
    for (xmlNode *node = devices != NULL ? devices->children : NULL; node != NULL;
         node = node->next) {
        if (vimana_migration_is (node, "disk")) {
            VimanaMigrationDisk *disk = g_new0 (VimanaMigrationDisk, 1);
            xmlNode *source = vimana_migration_child (node, "source");

            disk->type = vimana_migration_attr (node, "type");
            disk->device = vimana_migration_attr (node, "device");
            if (disk->device == NULL)
                disk->device = g_strdup ("disk");
            disk->target = vimana_migration_attr (vimana_migration_child (node, "target"), "dev");
            disk->readonly = vimana_migration_child (node, "readonly") != NULL;
            if (g_strcmp0 (disk->type, "volume") == 0) {
                g_autofree char *pool = vimana_migration_attr (source, "pool");
                g_autofree char *volume = vimana_migration_attr (source, "volume");

                if (pool != NULL && volume != NULL)
                    disk->source = g_strdup_printf ("%s/%s", pool, volume);
            } else if (g_strcmp0 (disk->type, "network") == 0) {
                disk->source = vimana_migration_attr (source, "protocol");
            } else if (g_strcmp0 (disk->type, "block") == 0) {
                disk->source = vimana_migration_attr (source, "dev");
            } else {
                disk->source = vimana_migration_attr (source, "file");
            }
            g_ptr_array_add (guest->disks, disk);
        } else if (vimana_migration_is (node, "interface")) {
            VimanaMigrationInterface *iface = g_new0 (VimanaMigrationInterface, 1);
            xmlNode *source = vimana_migration_child (node, "source");

            iface->type = vimana_migration_attr (node, "type");
            if (g_strcmp0 (iface->type, "network") == 0)
                iface->source = vimana_migration_attr (source, "network");
            else if (g_strcmp0 (iface->type, "bridge") == 0)
                iface->source = vimana_migration_attr (source, "bridge");
            else
                iface->source = vimana_migration_attr (source, "dev");
            iface->mac = vimana_migration_attr (vimana_migration_child (node, "mac"), "address");
            g_ptr_array_add (guest->interfaces, iface);
        } else if (vimana_migration_is (node, "hostdev")) {
            g_autofree char *type = vimana_migration_attr (node, "type");
            xmlNode *source = vimana_migration_child (node, "source");
            g_autofree char *vendor = vimana_migration_attr (vimana_migration_child (source, "vendor"), "id");
            g_autofree char *product = vimana_migration_attr (vimana_migration_child (source, "product"), "id");
            xmlNode *address = vimana_migration_child (source, "address");
            g_autofree char *bus = vimana_migration_attr (address, "bus");
            g_autofree char *slot = vimana_migration_attr (address, "slot");

            if (vendor != NULL && product != NULL)
                g_ptr_array_add (guest->hostdevs, g_strdup_printf ("%s %s:%s", type != NULL ? type : "",
                                                                   vendor, product));
            else
                g_ptr_array_add (guest->hostdevs, g_strdup_printf ("%s %s:%s", type != NULL ? type : "",
                                                                   bus != NULL ? bus : "?",
                                                                   slot != NULL ? slot : "?"));
        }
    }
    return g_steal_pointer (&guest);
}

/* ---- the destination's capabilities ------------------------------------------------------ */

typedef enum
{
    VIMANA_MIGRATION_CAPS_OK,
    VIMANA_MIGRATION_CAPS_NO_ARCH,
    VIMANA_MIGRATION_CAPS_NO_DOMAIN_TYPE,
    VIMANA_MIGRATION_CAPS_NO_MACHINE,
    VIMANA_MIGRATION_CAPS_NO_EMULATOR,
    VIMANA_MIGRATION_CAPS_UNREADABLE,
} VimanaMigrationCapsResult;

static void
vimana_migration_caps_collect (xmlNode    *parent,
                               GPtrArray  *machines,
                               GPtrArray  *emulators)
{
    for (xmlNode *node = parent->children; node != NULL; node = node->next) {
        if (vimana_migration_is (node, "machine")) {
            g_ptr_array_add (machines, vimana_migration_text (node));
            g_ptr_array_add (machines, vimana_migration_attr (node, "canonical"));
        } else if (vimana_migration_is (node, "emulator")) {
            g_ptr_array_add (emulators, vimana_migration_text (node));
        }
    }
}

static gboolean
vimana_migration_strv_has (GPtrArray  *array,
                           const char *value)
{
    for (guint i = 0; i < array->len; i++) {
        if (g_strcmp0 (g_ptr_array_index (array, i), value) == 0)
            return TRUE;
    }
    return FALSE;
}

static VimanaMigrationCapsResult
vimana_migration_caps_check (const char                 *caps_xml,
                             const VimanaMigrationGuest *guest)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) machines = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) emulators = g_ptr_array_new_with_free_func (g_free);
    gboolean arch_found = FALSE;
    gboolean type_found = FALSE;
    xmlNode *root;

    doc = xmlReadMemory (caps_xml, strlen (caps_xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || !vimana_migration_is (root, "capabilities"))
        return VIMANA_MIGRATION_CAPS_UNREADABLE;
    for (xmlNode *g = root->children; g != NULL; g = g->next) {
        xmlNode *arch;
        g_autofree char *name = NULL;

        if (!vimana_migration_is (g, "guest"))
            continue;
        arch = vimana_migration_child (g, "arch");
        name = vimana_migration_attr (arch, "name");
        if (arch == NULL || g_strcmp0 (name, guest->arch) != 0)
            continue;
        arch_found = TRUE;
        vimana_migration_caps_collect (arch, machines, emulators);
        for (xmlNode *d = arch->children; d != NULL; d = d->next) {
            g_autofree char *type = NULL;

            if (!vimana_migration_is (d, "domain"))
                continue;
            type = vimana_migration_attr (d, "type");
            if (g_strcmp0 (type, guest->domain_type) != 0)
                continue;
            type_found = TRUE;
            vimana_migration_caps_collect (d, machines, emulators);
        }
    }
    if (!arch_found)
        return VIMANA_MIGRATION_CAPS_NO_ARCH;
    if (!type_found)
        return VIMANA_MIGRATION_CAPS_NO_DOMAIN_TYPE;
    if (guest->machine != NULL && !vimana_migration_strv_has (machines, guest->machine))
        return VIMANA_MIGRATION_CAPS_NO_MACHINE;
    if (guest->emulator != NULL && !vimana_migration_strv_has (emulators, guest->emulator))
        return VIMANA_MIGRATION_CAPS_NO_EMULATOR;
    return VIMANA_MIGRATION_CAPS_OK;
}

/* ---- the checklist ----------------------------------------------------------------------- */

static void
vimana_migration_add (GPtrArray                *checks,
                      VimanaMigrationCheckKind  kind,
                      VimanaCheckLevel          level,
                      const char               *subject,
                      char                     *reason)
{
    VimanaMigrationCheck *check = g_new0 (VimanaMigrationCheck, 1);

    check->kind = kind;
    check->level = level;
    check->subject = g_strdup (subject);
    check->reason = reason;
    g_ptr_array_add (checks, check);
}

static void
vimana_migration_check_host (GPtrArray                      *checks,
                             const VimanaMigrationHostFacts *facts)
{
    const char *subject = _("Destination host");

    if (facts->same_host > 0)
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_HOST, VIMANA_CHECK_BLOCKER, subject,
                              g_strdup (_("The destination is the guest’s own host (the same host UUID): choose another.")));
    else if (facts->same_host == 0)
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_HOST, VIMANA_CHECK_OK, subject,
                              g_strdup (_("The destination is another host.")));
    else
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_HOST, VIMANA_CHECK_WARNING, subject,
                              g_strdup (_("Whether the destination is another host could not be told.")));
}

static void
vimana_migration_check_cpu (GPtrArray                      *checks,
                            const VimanaMigrationGuest     *guest,
                            const VimanaMigrationHostFacts *facts)
{
    const char *subject = _("Processor");

    if (g_strcmp0 (guest->cpu_mode, "host-passthrough") == 0) {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_CPU, VIMANA_CHECK_WARNING, subject,
                              g_strdup (_("The guest uses host-passthrough: it sees the source’s exact processor, so the destination’s must be the same model with the same features.")));
        return;
    }
    switch (facts->cpu_compare) {
    case VIR_CPU_COMPARE_IDENTICAL:
    case VIR_CPU_COMPARE_SUPERSET:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_CPU, VIMANA_CHECK_OK, subject,
                              g_strdup (_("The destination’s processor has every feature the guest uses.")));
        break;
    case VIR_CPU_COMPARE_INCOMPATIBLE:
        /* A running guest's default model (qemu64, check='none') compares as incompatible
         * with many hosts that run it, as QEMU does not check it. */
        if (g_strcmp0 (guest->cpu_check, "none") == 0) {
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_CPU, VIMANA_CHECK_WARNING, subject,
                                  g_strdup (_("libvirt finds features of the guest’s processor model missing on the destination, but the guest does not have them checked: it probably runs there.")));
            break;
        }
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_CPU, VIMANA_CHECK_BLOCKER, subject,
                              facts->cpu_message != NULL
                              /* Translators: %s is libvirt's reason. */
                              ? g_strdup_printf (_("The destination’s processor lacks features the guest uses: %s"),
                                                 facts->cpu_message)
                              : g_strdup (_("The destination’s processor lacks features the guest uses.")));
        break;
    default:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_CPU, VIMANA_CHECK_WARNING, subject,
                              facts->cpu_message != NULL
                              /* Translators: %s is libvirt's reason. */
                              ? g_strdup_printf (_("The processors could not be compared: %s"),
                                                 facts->cpu_message)
                              : g_strdup (_("The processors could not be compared.")));
        break;
    }
}

static void
vimana_migration_check_machine (GPtrArray                      *checks,
                                const VimanaMigrationGuest     *guest,
                                const VimanaMigrationHostFacts *facts)
{
    const char *subject = _("Machine type and emulator");
    const char *machine = guest->machine != NULL ? guest->machine : "";
    const char *arch = guest->arch != NULL ? guest->arch : "";

    if (facts->capabilities_xml == NULL) {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_WARNING, subject,
                              g_strdup (_("The destination’s capabilities could not be read.")));
        return;
    }
    switch (vimana_migration_caps_check (facts->capabilities_xml, guest)) {
    case VIMANA_MIGRATION_CAPS_OK:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_OK, subject,
                              /* Translators: %s is a machine type ("pc-q35-7.2"), then an architecture. */
                              g_strdup_printf (_("The destination runs %s guests on %s."), machine, arch));
        break;
    case VIMANA_MIGRATION_CAPS_NO_ARCH:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_BLOCKER, subject,
                              g_strdup_printf (_("The destination cannot run %s guests."), arch));
        break;
    case VIMANA_MIGRATION_CAPS_NO_DOMAIN_TYPE:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_BLOCKER, subject,
                              /* Translators: the first %s is a domain type ("kvm"), the second an architecture. */
                              g_strdup_printf (_("The destination has no %s for %s guests."),
                                               guest->domain_type != NULL ? guest->domain_type : "", arch));
        break;
    case VIMANA_MIGRATION_CAPS_NO_MACHINE:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_BLOCKER, subject,
                              g_strdup_printf (_("The destination’s emulator has no machine type %s."), machine));
        break;
    case VIMANA_MIGRATION_CAPS_NO_EMULATOR:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_BLOCKER, subject,
                              g_strdup_printf (_("The emulator %s is not on the destination."), guest->emulator));
        break;
    case VIMANA_MIGRATION_CAPS_UNREADABLE:
    default:
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MACHINE, VIMANA_CHECK_WARNING, subject,
                              g_strdup (_("The destination’s capabilities could not be read.")));
        break;
    }
}

static void
vimana_migration_check_memory (GPtrArray                      *checks,
                               const VimanaMigrationGuest     *guest,
                               const VimanaMigrationOptions   *options,
                               const VimanaMigrationHostFacts *facts)
{
    const char *subject = _("Memory");
    g_autofree char *need = vimana_format_bytes (guest->memory);
    g_autofree char *have = vimana_format_bytes (facts->free_memory);

    if (!options->live) {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MEMORY, VIMANA_CHECK_OK, subject,
                              g_strdup (_("An offline migration does not start the guest on the destination.")));
    } else if (facts->free_memory == 0) {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MEMORY, VIMANA_CHECK_WARNING, subject,
                              g_strdup (_("The destination’s free memory is not known.")));
    } else if (facts->free_memory < guest->memory) {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MEMORY, VIMANA_CHECK_BLOCKER, subject,
                              /* Translators: sizes: what the guest needs, then what is free. */
                              g_strdup_printf (_("The guest needs %s; the destination has %s free."), need, have));
    } else if (facts->free_memory - guest->memory < guest->memory / 10) {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MEMORY, VIMANA_CHECK_WARNING, subject,
                              g_strdup_printf (_("The guest needs %s; the destination has only %s free."), need, have));
    } else {
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_MEMORY, VIMANA_CHECK_OK, subject,
                              g_strdup_printf (_("The guest needs %s; the destination has %s free."), need, have));
    }
}

static void
vimana_migration_check_disks (GPtrArray                      *checks,
                              const VimanaMigrationGuest     *guest,
                              const VimanaMigrationOptions   *options,
                              const VimanaMigrationHostFacts *facts)
{
    for (guint i = 0; i < guest->disks->len; i++) {
        VimanaMigrationDisk *disk = g_ptr_array_index (guest->disks, i);
        const char *subject = disk->target != NULL ? disk->target : _("Disk");
        gboolean removable = g_strcmp0 (disk->device, "cdrom") == 0
                             || g_strcmp0 (disk->device, "floppy") == 0;
        gboolean present;

        if (disk->source == NULL) {
            if (!removable)
                vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_WARNING, subject,
                                      g_strdup (_("The disk’s source is not known.")));
            continue;
        }
        if (g_strcmp0 (disk->type, "network") == 0) {
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_OK, subject,
                                  /* Translators: %s is a protocol: "nbd", "iscsi", "rbd". */
                                  g_strdup_printf (_("Network storage (%s): the destination reaches it itself."),
                                                   disk->source));
            continue;
        }
        if (facts->storage == NULL) {
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_WARNING, subject,
                                  g_strdup_printf (_("Whether the destination has %s could not be checked."),
                                                   disk->source));
            continue;
        }
        present = g_hash_table_contains (facts->storage, disk->source);
        if (present)
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_OK, subject,
                                  g_strdup_printf (_("The destination has %s (shared storage)."), disk->source));
        else if (removable)
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_BLOCKER, subject,
                                  g_strdup_printf (_("The attached medium %s is not on the destination and is never copied: eject it first."),
                                                   disk->source));
        else if (options->copy_storage)
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_WARNING, subject,
                                  g_strdup_printf (_("%s is not on the destination: it will be copied, which takes as long as its size needs."),
                                                   disk->source));
        else
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DISK, VIMANA_CHECK_BLOCKER, subject,
                                  g_strdup_printf (_("%s is not in a storage pool of the destination: choose “Copy storage” or share it."),
                                                   disk->source));
    }
}

static gboolean
vimana_migration_facts_has (GStrv       names,
                            const char *name)
{
    return name != NULL && g_strv_contains ((const char * const *) names, name);
}

static void
vimana_migration_check_interfaces (GPtrArray                      *checks,
                                   const VimanaMigrationGuest     *guest,
                                   const VimanaMigrationHostFacts *facts)
{
    for (guint i = 0; i < guest->interfaces->len; i++) {
        VimanaMigrationInterface *iface = g_ptr_array_index (guest->interfaces, i);
        const char *source = iface->source != NULL ? iface->source : "";
        const char *subject = iface->mac != NULL ? iface->mac : _("Network interface");
        GStrv names = NULL;
        VimanaCheckLevel level;
        char *reason;

        if (g_strcmp0 (iface->type, "network") == 0)
            names = facts->networks;
        else if (g_strcmp0 (iface->type, "bridge") == 0)
            names = facts->bridges;
        else if (g_strcmp0 (iface->type, "user") == 0) {
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_NETWORK, VIMANA_CHECK_OK, subject,
                                  g_strdup (_("User-mode networking needs nothing on the destination.")));
            continue;
        } else {
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_NETWORK, VIMANA_CHECK_WARNING, subject,
                                  /* Translators: %s is a host device name ("eth0"). */
                                  g_strdup_printf (_("The interface uses the host device %s: the destination needs one of that name."),
                                                   source));
            continue;
        }
        if (names == NULL) {
            level = VIMANA_CHECK_WARNING;
            reason = g_strdup_printf (_("Whether the destination has %s could not be checked."), source);
        } else if (vimana_migration_facts_has (names, iface->source)) {
            level = VIMANA_CHECK_OK;
            reason = g_strcmp0 (iface->type, "network") == 0
                     ? g_strdup_printf (_("The destination has the network %s."), source)
                     : g_strdup_printf (_("The destination has the bridge %s."), source);
        } else {
            level = VIMANA_CHECK_BLOCKER;
            reason = g_strcmp0 (iface->type, "network") == 0
                     ? g_strdup_printf (_("The destination has no active network %s."), source)
                     : g_strdup_printf (_("The destination has no bridge %s."), source);
        }
        vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_NETWORK, level, subject, reason);
    }
}

static void
vimana_migration_check_hostdevs (GPtrArray                    *checks,
                                 const VimanaMigrationGuest   *guest,
                                 const VimanaMigrationOptions *options)
{
    for (guint i = 0; i < guest->hostdevs->len; i++) {
        const char *device = g_ptr_array_index (guest->hostdevs, i);

        if (options->live)
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DEVICE, VIMANA_CHECK_BLOCKER, device,
                                  g_strdup (_("A host device is attached: a running guest cannot take it along. Detach it first.")));
        else
            vimana_migration_add (checks, VIMANA_MIGRATION_CHECK_DEVICE, VIMANA_CHECK_WARNING, device,
                                  g_strdup (_("A host device is attached: the guest starts on the destination only with the same device there.")));
    }
}

/**
 * vimana_migration_checklist:
 * @domain_xml: the guest's XML (migratable, for a running guest)
 * @options: the migration's options
 * @facts: what is known of the destination
 * @error: where a guest XML that cannot be read says so
 *
 * Returns: (transfer full) (element-type VimanaMigrationCheck): the checks in order: host, processor,
 *   machine type, memory, each disk, each network interface, each host device
 */
GPtrArray *
vimana_migration_checklist (const char                     *domain_xml,
                            const VimanaMigrationOptions   *options,
                            const VimanaMigrationHostFacts *facts,
                            GError                        **error)
{
    g_autoptr(VimanaMigrationGuest) guest = NULL;
    g_autoptr(GPtrArray) checks = NULL;

    g_return_val_if_fail (domain_xml != NULL, NULL);
    g_return_val_if_fail (options != NULL, NULL);
    g_return_val_if_fail (facts != NULL, NULL);

    guest = vimana_migration_guest_parse (domain_xml, error);
    if (guest == NULL)
        return NULL;
    checks = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_migration_check_free);
    vimana_migration_check_host (checks, facts);
    vimana_migration_check_cpu (checks, guest, facts);
    vimana_migration_check_machine (checks, guest, facts);
    vimana_migration_check_memory (checks, guest, options, facts);
    vimana_migration_check_disks (checks, guest, options, facts);
    vimana_migration_check_interfaces (checks, guest, facts);
    vimana_migration_check_hostdevs (checks, guest, options);
    return g_steal_pointer (&checks);
}

/**
 * vimana_migration_checklist_worst:
 * @checks: (element-type VimanaMigrationCheck): a checklist
 *
 * Returns: the worst level of @checks; %VIMANA_CHECK_OK for none
 */
VimanaCheckLevel
vimana_migration_checklist_worst (GPtrArray *checks)
{
    VimanaCheckLevel worst = VIMANA_CHECK_OK;

    g_return_val_if_fail (checks != NULL, VIMANA_CHECK_OK);

    for (guint i = 0; i < checks->len; i++) {
        VimanaMigrationCheck *check = g_ptr_array_index (checks, i);

        worst = MAX (worst, check->level);
    }
    return worst;
}

/* ---- the preflight: reading the facts ------------------------------------------------------ */

typedef struct
{
    VimanaConnection        *destination;
    VimanaMigrationOptions  *options;
    char                    *domain_xml;
    char                    *source_uuid;  /* the source host's, or its URI without one */
} VimanaMigrationPreflight;

/* What the source's worker read: the guest's XML and the host's identity. */
typedef struct
{
    char *xml;
    char *host;
} VimanaMigrationSource;

static void
vimana_migration_source_free (gpointer data)
{
    VimanaMigrationSource *source = data;

    g_free (source->xml);
    g_free (source->host);
    g_free (source);
}

/* On a worker: the host's UUID from its capabilities, or its URI where the driver has none
 * (the test driver), so that two connections to one host compare equal. */
static char *
vimana_migration_host_identity (virConnectPtr  conn,
                                const char    *caps)
{
    g_autofree char *uuid = caps != NULL ? vimana_xml_get_value (caps, "host", "uuid", NULL) : NULL;
    char *uri;
    char *identity;

    if (uuid != NULL)
        return g_steal_pointer (&uuid);
    uri = virConnectGetURI (conn);
    identity = g_strdup (uri);
    free (uri);
    virResetLastError ();
    return identity;
}

static void
vimana_migration_preflight_free (gpointer data)
{
    VimanaMigrationPreflight *preflight = data;

    g_clear_object (&preflight->destination);
    vimana_migration_options_free (preflight->options);
    g_free (preflight->domain_xml);
    g_free (preflight->source_uuid);
    g_free (preflight);
}

static void
vimana_migration_xml_job (GTask         *task,
                          virConnectPtr  conn,
                          virDomainPtr   dom,
                          gpointer       data,
                          GCancellable  *cancellable)
{
    char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_MIGRATABLE);
    char *caps;
    VimanaMigrationSource *source;
    GError *error = NULL;

    if (xml == NULL) {
        vimana_error_set_from_libvirt (&error, _("The guest’s description could not be read."));
        g_task_return_error (task, error);
        return;
    }
    source = g_new0 (VimanaMigrationSource, 1);
    source->xml = g_strdup (xml);
    free (xml);
    caps = virConnectGetCapabilities (conn);
    virResetLastError ();
    source->host = vimana_migration_host_identity (conn, caps);
    free (caps);
    g_task_return_pointer (task, source, vimana_migration_source_free);
}

static char *
vimana_migration_last_error_message (void)
{
    const virError *err = virGetLastError ();
    char *message = g_strdup (err != NULL && err->message != NULL ? err->message : NULL);

    virResetLastError ();
    return message;
}

static void
vimana_migration_facts_cpu (VimanaMigrationHostFacts   *facts,
                            virConnectPtr               conn,
                            const VimanaMigrationGuest *guest)
{
    int result;

    if (guest->cpu_xml == NULL) {
        /* No <cpu>: the hypervisor's default model, which every host of its kind runs. */
        facts->cpu_compare = VIR_CPU_COMPARE_SUPERSET;
        return;
    }
    if (g_strcmp0 (guest->cpu_mode, "host-passthrough") == 0)
        return;  /* nothing to compare: flagged by the checklist */
    result = virConnectCompareHypervisorCPU (conn, guest->emulator, guest->arch, guest->machine,
                                             guest->domain_type, guest->cpu_xml, 0);
    if (result < 0) {
        facts->cpu_compare = VIMANA_MIGRATION_CPU_UNKNOWN;
        facts->cpu_message = vimana_migration_last_error_message ();
    } else {
        facts->cpu_compare = result;
    }
}

static void
vimana_migration_facts_networks (VimanaMigrationHostFacts *facts,
                                 virConnectPtr             conn)
{
    virNetworkPtr *networks = NULL;
    virInterfacePtr *ifaces = NULL;
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) bridges = g_ptr_array_new_with_free_func (g_free);
    int n_networks = virConnectListAllNetworks (conn, &networks, VIR_CONNECT_LIST_NETWORKS_ACTIVE);
    int n_ifaces = virConnectListAllInterfaces (conn, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);

    for (int i = 0; i < n_networks; i++) {
        char *bridge = virNetworkGetBridgeName (networks[i]);

        g_ptr_array_add (names, g_strdup (virNetworkGetName (networks[i])));
        if (bridge != NULL)
            g_ptr_array_add (bridges, g_strdup (bridge));
        free (bridge);
        virNetworkFree (networks[i]);
    }
    free (networks);
    for (int i = 0; i < n_ifaces; i++) {
        g_ptr_array_add (bridges, g_strdup (virInterfaceGetName (ifaces[i])));
        virInterfaceFree (ifaces[i]);
    }
    free (ifaces);
    virResetLastError ();
    if (n_networks >= 0) {
        g_ptr_array_add (names, NULL);
        facts->networks = (GStrv) g_ptr_array_steal (names, NULL);
    }
    /* Without an interface driver only the networks' bridges are known: not enough to say a
     * bridge is missing. */
    if (n_ifaces >= 0) {
        g_ptr_array_add (bridges, NULL);
        facts->bridges = (GStrv) g_ptr_array_steal (bridges, NULL);
    }
}

static void
vimana_migration_facts_storage (VimanaMigrationHostFacts   *facts,
                                virConnectPtr               conn,
                                const VimanaMigrationGuest *guest)
{
    facts->storage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < guest->disks->len; i++) {
        VimanaMigrationDisk *disk = g_ptr_array_index (guest->disks, i);
        virStorageVolPtr vol = NULL;

        if (disk->source == NULL || g_strcmp0 (disk->type, "network") == 0)
            continue;
        if (g_strcmp0 (disk->type, "volume") == 0) {
            g_auto(GStrv) parts = g_strsplit (disk->source, "/", 2);
            virStoragePoolPtr pool = parts[0] != NULL && parts[1] != NULL
                                     ? virStoragePoolLookupByName (conn, parts[0]) : NULL;

            if (pool != NULL) {
                vol = virStorageVolLookupByName (pool, parts[1]);
                virStoragePoolFree (pool);
            }
        } else {
            vol = virStorageVolLookupByPath (conn, disk->source);
        }
        if (vol != NULL) {
            g_hash_table_add (facts->storage, g_strdup (disk->source));
            virStorageVolFree (vol);
        }
        virResetLastError ();
    }
}

static void
vimana_migration_facts_job (GTask         *task,
                            virConnectPtr  conn,
                            virDomainPtr   dom,
                            gpointer       data,
                            GCancellable  *cancellable)
{
    const VimanaMigrationSource *source = data;
    const char *xml = source->xml;
    g_autoptr(VimanaMigrationHostFacts) facts = vimana_migration_host_facts_new ();
    g_autofree char *identity = NULL;
    g_autoptr(VimanaMigrationGuest) guest = NULL;
    char *caps;
    GError *error = NULL;

    guest = vimana_migration_guest_parse (xml, &error);
    if (guest == NULL) {
        g_task_return_error (task, error);
        return;
    }
    caps = virConnectGetCapabilities (conn);
    if (caps != NULL) {
        facts->capabilities_xml = g_strdup (caps);
        free (caps);
    }
    virResetLastError ();
    identity = vimana_migration_host_identity (conn, facts->capabilities_xml);
    if (identity != NULL && source->host != NULL)
        facts->same_host = g_ascii_strcasecmp (identity, source->host) == 0;
    vimana_migration_facts_cpu (facts, conn, guest);
    vimana_migration_facts_networks (facts, conn);
    vimana_migration_facts_storage (facts, conn, guest);
    facts->free_memory = virNodeGetFreeMemory (conn);
    virResetLastError ();
    g_task_return_pointer (task, g_steal_pointer (&facts),
                           (GDestroyNotify) vimana_migration_host_facts_free);
}

static void
vimana_migration_facts_done_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    VimanaMigrationPreflight *preflight = g_task_get_task_data (task);
    g_autoptr(VimanaMigrationHostFacts) facts = NULL;
    GPtrArray *checks;
    GError *error = NULL;

    facts = g_task_propagate_pointer (G_TASK (result), &error);
    if (facts == NULL) {
        g_task_return_error (task, error);
        return;
    }
    checks = vimana_migration_checklist (preflight->domain_xml, preflight->options, facts, &error);
    if (checks == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, checks, (GDestroyNotify) g_ptr_array_unref);
}

static void
vimana_migration_xml_done_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    g_autoptr(GTask) task = user_data;
    VimanaMigrationPreflight *preflight = g_task_get_task_data (task);
    g_autoptr(GTask) facts_task = NULL;
    VimanaMigrationSource *source;
    GError *error = NULL;

    source = g_task_propagate_pointer (G_TASK (result), &error);
    if (source == NULL) {
        g_task_return_error (task, error);
        return;
    }
    preflight->domain_xml = g_strdup (source->xml);
    preflight->source_uuid = g_strdup (source->host);
    facts_task = g_task_new (preflight->destination, g_task_get_cancellable (task),
                             vimana_migration_facts_done_cb, g_object_ref (task));
    g_task_set_source_tag (facts_task, vimana_migration_facts_job);
    vimana_connection_queue (preflight->destination, facts_task, vimana_migration_facts_job,
                             source, vimana_migration_source_free);
}

/**
 * vimana_migration_preflight_async:
 * @domain: the guest
 * @destination: where it would go
 * @options: how
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main thread with the checklist
 * @user_data: its data
 *
 * Reads what the checklist needs from both hosts (see the top of this file).
 */
void
vimana_migration_preflight_async (VimanaDomain                 *domain,
                                  VimanaConnection             *destination,
                                  const VimanaMigrationOptions *options,
                                  GCancellable                 *cancellable,
                                  GAsyncReadyCallback           callback,
                                  gpointer                      user_data)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GTask) xml_task = NULL;
    VimanaMigrationPreflight *preflight;

    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (VIMANA_IS_CONNECTION (destination));
    g_return_if_fail (options != NULL);

    task = g_task_new (domain, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_migration_preflight_async);
    preflight = g_new0 (VimanaMigrationPreflight, 1);
    preflight->destination = g_object_ref (destination);
    preflight->options = vimana_migration_options_copy (options);
    g_task_set_task_data (task, preflight, vimana_migration_preflight_free);

    xml_task = g_task_new (domain, cancellable, vimana_migration_xml_done_cb, g_object_ref (task));
    g_task_set_source_tag (xml_task, vimana_migration_xml_job);
    vimana_domain_queue (domain, xml_task, vimana_migration_xml_job, NULL, NULL);
}

/**
 * vimana_migration_preflight_finish:
 * @domain: the guest
 * @result: the result
 * @error: where a failure to read either host goes
 *
 * Returns: (transfer full) (element-type VimanaMigrationCheck): the checklist
 */
GPtrArray *
vimana_migration_preflight_finish (VimanaDomain  *domain,
                                   GAsyncResult  *result,
                                   GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, domain), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- which host a connection reaches ---- */

/* The identity job's answer: also the host's name, for vimana-migration-names.c. */
typedef struct
{
    char *identity;
    char *hostname;
} VimanaMigrationIdentity;

static void
vimana_migration_identity_free (gpointer data)
{
    VimanaMigrationIdentity *answer = data;

    g_free (answer->identity);
    g_free (answer->hostname);
    g_free (answer);
}

static void
vimana_migration_identity_job (GTask         *task,
                               virConnectPtr  conn,
                               virDomainPtr   dom,
                               gpointer       data,
                               GCancellable  *cancellable)
{
    char *caps = virConnectGetCapabilities (conn);
    g_autofree char *copy = g_strdup (caps);
    VimanaMigrationIdentity *answer = g_new0 (VimanaMigrationIdentity, 1);
    char *hostname;

    free (caps);
    virResetLastError ();
    answer->identity = vimana_migration_host_identity (conn, copy);
    hostname = virConnectGetHostname (conn);
    virResetLastError ();
    answer->hostname = g_strdup (hostname);
    free (hostname);
    g_task_return_pointer (task, answer, vimana_migration_identity_free);
}

/**
 * vimana_migration_read_host_identity_async:
 * @connection: an open connection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it was read
 * @user_data: its data
 *
 * Reads which host @connection reaches: its host UUID (capabilities), or its URI where the
 * driver has none. Two connections to one host under two URIs (a host name and an address,
 * qemu:///system and qemu+ssh://this-host/system) answer the same. Its host name is read too,
 * for vimana_migration_get_host_name().
 */
void
vimana_migration_read_host_identity_async (VimanaConnection    *connection,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    task = g_task_new (connection, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_migration_read_host_identity_async);
    vimana_connection_queue (connection, task, vimana_migration_identity_job, NULL, NULL);
}

/**
 * vimana_migration_read_host_identity_finish:
 * @connection: the connection
 * @result: the result
 * @error: where the reason goes
 *
 * Returns: (transfer full) (nullable): the host's identity; %NULL on error
 */
char *
vimana_migration_read_host_identity_finish (VimanaConnection  *connection,
                                            GAsyncResult      *result,
                                            GError           **error)
{
    VimanaMigrationIdentity *answer;
    char *identity;

    g_return_val_if_fail (g_task_is_valid (result, connection), NULL);

    answer = g_task_propagate_pointer (G_TASK (result), error);
    if (answer == NULL)
        return NULL;
    vimana_migration_set_host_name (connection, answer->hostname);
    identity = g_steal_pointer (&answer->identity);
    vimana_migration_identity_free (answer);
    return identity;
}
