/* vimana-snapshot-caps.c: what a guest can do with snapshots on this host, and why
 *
 * The host's limits are said before a user acts (Debian 12: libvirt 9.0, QEMU 7.2):
 * - internal snapshots need every writable disk in qcow2 (QEMU writes them into the image);
 * - a running UEFI (pflash) guest refuses internal snapshots; of a shut-off one the NVRAM is
 *   not captured;
 * - external snapshots cannot be reverted before libvirt 9.9.
 * Drivers other than QEMU keep snapshots as metadata only (the test driver), so the disk rule is
 * QEMU's; disk-only snapshots are QEMU's too (the test driver refuses the flag).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot"

#include "config.h"

#include "vimana-snapshot.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

#define VIMANA_LIBVIRT_EXTERNAL_REVERT 9009000 /* 9.9.0 */

G_DEFINE_BOXED_TYPE (VimanaSnapshotCaps, vimana_snapshot_caps,
                     vimana_snapshot_caps_copy, vimana_snapshot_caps_free)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

static xmlNodePtr
vimana_snapshot_caps_child (xmlNodePtr  parent,
                            const char *name)
{
    if (parent == NULL)
        return NULL;
    for (xmlNodePtr node = parent->children; node != NULL; node = node->next) {
        if (node->type == XML_ELEMENT_NODE && strcmp ((const char *) node->name, name) == 0)
            return node;
    }
    return NULL;
}

static gboolean
vimana_snapshot_caps_prop_is (xmlNodePtr  node,
                              const char *name,
                              const char *value)
{
    xmlChar *prop;
    gboolean is;

    if (node == NULL)
        return FALSE;
    prop = xmlGetProp (node, (const xmlChar *) name);
    is = prop != NULL && strcmp ((const char *) prop, value) == 0;
    xmlFree (prop);
    return is;
}

static gboolean
vimana_snapshot_caps_is_uefi (xmlNodePtr domain)
{
    xmlNodePtr os = vimana_snapshot_caps_child (domain, "os");

    return vimana_snapshot_caps_prop_is (os, "firmware", "efi") ||
           vimana_snapshot_caps_prop_is (vimana_snapshot_caps_child (os, "loader"), "type",
                                         "pflash");
}

/* The target of the first writable disk not in qcow2 (raw is QEMU's default), or NULL. */
static char *
vimana_snapshot_caps_find_raw_disk (xmlNodePtr domain)
{
    xmlNodePtr devices = vimana_snapshot_caps_child (domain, "devices");

    for (xmlNodePtr disk = devices != NULL ? devices->children : NULL; disk != NULL;
         disk = disk->next) {
        xmlNodePtr target;
        xmlChar *dev;
        char *found;

        if (disk->type != XML_ELEMENT_NODE || strcmp ((const char *) disk->name, "disk") != 0)
            continue;
        if (!vimana_snapshot_caps_prop_is (disk, "device", "disk") &&
            xmlHasProp (disk, (const xmlChar *) "device") != NULL)
            continue; /* cdrom, floppy, lun */
        if (vimana_snapshot_caps_child (disk, "readonly") != NULL ||
            vimana_snapshot_caps_child (disk, "shareable") != NULL ||
            vimana_snapshot_caps_prop_is (disk, "snapshot", "no"))
            continue;
        if (vimana_snapshot_caps_prop_is (vimana_snapshot_caps_child (disk, "driver"), "type",
                                          "qcow2"))
            continue;
        target = vimana_snapshot_caps_child (disk, "target");
        dev = target != NULL ? xmlGetProp (target, (const xmlChar *) "dev") : NULL;
        found = g_strdup (dev != NULL ? (const char *) dev : "?");
        xmlFree (dev);
        return found;
    }
    return NULL;
}

static gboolean
vimana_snapshot_caps_agent_connected (xmlNodePtr domain)
{
    xmlNodePtr devices = vimana_snapshot_caps_child (domain, "devices");

    for (xmlNodePtr channel = devices != NULL ? devices->children : NULL; channel != NULL;
         channel = channel->next) {
        xmlNodePtr target;

        if (channel->type != XML_ELEMENT_NODE ||
            strcmp ((const char *) channel->name, "channel") != 0)
            continue;
        target = vimana_snapshot_caps_child (channel, "target");
        if (vimana_snapshot_caps_prop_is (target, "name", "org.qemu.guest_agent.0") &&
            vimana_snapshot_caps_prop_is (target, "state", "connected"))
            return TRUE;
    }
    return FALSE;
}

/**
 * vimana_snapshot_caps_new:
 * @domain_xml: the guest's live description (a running guest's says whether its agent is there)
 * @running: whether the guest runs (or is paused)
 * @driver: libvirt's driver name, virConnectGetType(): "QEMU", "Test" …
 * @libvirt_version: the daemon's version, virConnectGetLibVersion(): 9000000 for 9.0.0
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): what this guest can do, with a line saying why, or %NULL
 *   with @error set when @domain_xml is not a domain
 */
VimanaSnapshotCaps *
vimana_snapshot_caps_new (const char *domain_xml,
                          gboolean    running,
                          const char *driver,
                          gulong      libvirt_version,
                          GError    **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
    VimanaSnapshotCaps *caps;
    xmlNodePtr root;
    gboolean qemu = g_strcmp0 (driver, "QEMU") == 0;

    g_return_val_if_fail (domain_xml != NULL, NULL);

    doc = xmlReadMemory (domain_xml, strlen (domain_xml), NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    if (root == NULL || strcmp ((const char *) root->name, "domain") != 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The guest’s description could not be read."));
        return NULL;
    }

    caps = g_new0 (VimanaSnapshotCaps, 1);
    caps->running = running;
    caps->uefi = vimana_snapshot_caps_is_uefi (root);
    caps->raw_disk = qemu ? vimana_snapshot_caps_find_raw_disk (root) : NULL;
    caps->quiesce = qemu && running && vimana_snapshot_caps_agent_connected (root);
    caps->disk_only = qemu;
    caps->internal = caps->raw_disk == NULL && !(qemu && caps->uefi && running);
    caps->memory = caps->internal && running;
    caps->external_revert = qemu && libvirt_version >= VIMANA_LIBVIRT_EXTERNAL_REVERT;

    if (caps->raw_disk != NULL) {
        /* Translators: %s is a disk's target, "vda". */
        g_ptr_array_add (lines, g_strdup_printf (_("Disk %s is not qcow2: only disk-only "
                                                   "snapshots."), caps->raw_disk));
    } else if (qemu && caps->uefi && running) {
        g_ptr_array_add (lines, g_strdup (_("UEFI guest, running: only disk-only snapshots.")));
    } else if (caps->uefi) {
        g_ptr_array_add (lines, g_strdup (_("UEFI guest: snapshots do not capture its NVRAM.")));
    } else if (caps->memory) {
        g_ptr_array_add (lines, g_strdup (_("Snapshots with memory: the guest pauses while its "
                                            "memory is written.")));
    } else {
        g_ptr_array_add (lines, g_strdup (_("Snapshots of the disks.")));
    }
    if (!caps->disk_only)
        g_ptr_array_add (lines, g_strdup (_("This driver keeps no disk-only snapshots.")));
    if (qemu && !caps->external_revert)
        g_ptr_array_add (lines, g_strdup (_("Reverting external snapshots needs libvirt 9.9 or "
                                            "newer.")));
    if (caps->quiesce)
        g_ptr_array_add (lines, g_strdup (_("The guest agent is connected: disk-only snapshots "
                                            "can quiesce its file systems.")));
    g_ptr_array_add (lines, NULL);
    caps->summary = g_strjoinv (" ", (char **) lines->pdata);
    return caps;
}

VimanaSnapshotCaps *
vimana_snapshot_caps_copy (const VimanaSnapshotCaps *caps)
{
    VimanaSnapshotCaps *copy;

    g_return_val_if_fail (caps != NULL, NULL);

    copy = g_memdup2 (caps, sizeof *caps);
    copy->raw_disk = g_strdup (caps->raw_disk);
    copy->summary = g_strdup (caps->summary);
    return copy;
}

void
vimana_snapshot_caps_free (VimanaSnapshotCaps *caps)
{
    if (caps == NULL)
        return;
    g_free (caps->raw_disk);
    g_free (caps->summary);
    g_free (caps);
}
