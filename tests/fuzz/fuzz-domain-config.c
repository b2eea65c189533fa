/* fuzz-domain-config.c: the domain-config model: load, setters, save, reload
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a domain XML. When it loads, a few setters chosen by the input's hash change it
 * (with values taken from the input, as a validated field would pass them), and then the
 * invariants of the editor hold: the saved XML always reloads, saving what was reloaded gives
 * the same document, and a copy saves the same as its original.
 */
#include <libxml/parser.h>

#include "vimana-domain-config.h"
#include "fuzz-common.h"

static const char * const words[] = {
    "", "vda", "sda", "virtio", "sata", "ide", "scsi", "usb", "none", "writeback", "default",
    "e1000", "rtl8139", "vga", "qxl", "ich9", "127.0.0.1", "0.0.0.0", "::1", "/dev/sdb",
    "/var/lib/libvirt/images/a.qcow2", "52:54:00:12:34:56", "br0", "eth0", "host-model",
    "qemu64", "guest-a", "a&b<c>\"d'", "]]>", "é ü 中", NULL
};

static void
quiet (void       *ctx,
       const char *msg,
       ...)
{
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
    fuzz_init ();
    xmlSetGenericErrorFunc (NULL, quiet);
    return 0;
}

static gboolean
device_is_vnc (VimanaDomainConfig *config,
               guint               index)
{
    g_autofree char *xml = vimana_domain_config_get_device_xml (config, index);
    xmlDocPtr doc;
    gboolean vnc = FALSE;

    if (xml == NULL)
        return FALSE;
    doc = xmlReadMemory (xml, (int) strlen (xml), NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
                         XML_PARSE_NOWARNING);
    if (doc != NULL) {
        xmlNodePtr root = xmlDocGetRootElement (doc);
        xmlChar *type = root != NULL ? xmlGetProp (root, (const xmlChar *) "type") : NULL;

        vnc = type != NULL && strcmp ((const char *) type, "vnc") == 0;
        xmlFree (type);
        xmlFreeDoc (doc);
    }
    return vnc;
}

static void
change_device (VimanaDomainConfig *config,
               FuzzRng            *rng,
               guint               index)
{
    g_autofree char *text = fuzz_rng_text (rng, 48, words);
    g_autoptr(GError) error = NULL;

    switch (vimana_domain_config_get_device_kind (config, index)) {
    case VIMANA_DEVICE_DISK:
    case VIMANA_DEVICE_CDROM:
    case VIMANA_DEVICE_FLOPPY:
        switch (fuzz_rng_next (rng, 6)) {
        case 0: vimana_domain_config_set_disk_source (config, index, text); break;
        case 1: vimana_domain_config_set_disk_volume (config, index, "default", text); break;
        case 2: vimana_domain_config_set_disk_bus (config, index, text); break;
        case 3: vimana_domain_config_set_disk_cache (config, index, text); break;
        case 4: vimana_domain_config_set_disk_readonly (config, index, fuzz_rng_next (rng, 2)); break;
        default: vimana_domain_config_set_disk_shareable (config, index, fuzz_rng_next (rng, 2)); break;
        }
        break;
    case VIMANA_DEVICE_INTERFACE:
        switch (fuzz_rng_next (rng, 4)) {
        case 0:
            vimana_domain_config_set_nic_source (config, index,
                                                 (VimanaNicSource) fuzz_rng_next (rng, VIMANA_NIC_SOURCE_OTHER),
                                                 text);
            break;
        case 1: vimana_domain_config_set_nic_model (config, index, text); break;
        case 2: vimana_domain_config_set_nic_mac (config, index, text, &error); break;
        default: vimana_domain_config_set_nic_link_up (config, index, fuzz_rng_next (rng, 2)); break;
        }
        break;
    case VIMANA_DEVICE_GRAPHICS:
        if (!device_is_vnc (config, index))
            break;
        switch (fuzz_rng_next (rng, 3)) {
        case 0: vimana_domain_config_set_vnc_listen (config, index, text); break;
        case 1:
            vimana_domain_config_set_vnc_port (config, index, (int) fuzz_rng_next (rng, 70000) - 2,
                                               &error);
            break;
        default: vimana_domain_config_set_vnc_password (config, index, text); break;
        }
        break;
    case VIMANA_DEVICE_VIDEO:
    case VIMANA_DEVICE_SOUND:
        vimana_domain_config_set_model (config, index, text);
        break;
    default:
        break;
    }
}

static void
change (VimanaDomainConfig *config,
        FuzzRng            *rng)
{
    g_autofree char *text = fuzz_rng_text (rng, 48, words);
    g_autoptr(GError) error = NULL;
    guint n_devices = vimana_domain_config_get_n_devices (config);

    switch (fuzz_rng_next (rng, 14)) {
    case 0: vimana_domain_config_set_name (config, text, &error); break;
    case 1: vimana_domain_config_set_title (config, text); break;
    case 2: vimana_domain_config_set_description (config, text); break;
    case 3:
        vimana_domain_config_set_vcpus (config, fuzz_rng_next (rng, 300), fuzz_rng_next (rng, 300),
                                        &error);
        break;
    case 4:
        vimana_domain_config_set_topology (config, fuzz_rng_next (rng, 5), fuzz_rng_next (rng, 5),
                                           fuzz_rng_next (rng, 3), &error);
        break;
    case 5:
        vimana_domain_config_set_cpu_mode (config, (VimanaCpuMode) fuzz_rng_next (rng, VIMANA_CPU_MODE_MAXIMUM + 1),
                                           text, &error);
        break;
    case 6:
        vimana_domain_config_set_memory (config, (guint64) fuzz_rng_next (rng, 1u << 24) << fuzz_rng_next (rng, 12),
                                         (guint64) fuzz_rng_next (rng, 1u << 24) << fuzz_rng_next (rng, 12),
                                         &error);
        break;
    case 7: vimana_domain_config_set_boot_menu (config, fuzz_rng_next (rng, 2)); break;
    case 8: {
        guint order[4];
        guint n = MIN (n_devices, (guint) G_N_ELEMENTS (order));

        for (guint i = 0; i < n; i++)
            order[i] = fuzz_rng_next (rng, n_devices);
        vimana_domain_config_set_boot_order (config, order, fuzz_rng_next (rng, n + 1), &error);
        break;
    }
    case 9:
        if (n_devices > 0)
            vimana_domain_config_remove_device (config, fuzz_rng_next (rng, n_devices));
        break;
    case 10:
        if (n_devices > 0) {
            g_autofree char *device = vimana_domain_config_get_device_xml (config, fuzz_rng_next (rng, n_devices));
            guint index;

            if (device != NULL)
                vimana_domain_config_add_device_xml (config, device, &index, &error);
        }
        break;
    case 11:
        if (n_devices > 1) {
            g_autofree char *device = vimana_domain_config_get_device_xml (config, fuzz_rng_next (rng, n_devices));

            if (device != NULL)
                vimana_domain_config_replace_device_xml (config, fuzz_rng_next (rng, n_devices), device,
                                                         &error);
        }
        break;
    default:
        if (n_devices > 0)
            change_device (config, rng, fuzz_rng_next (rng, n_devices));
        break;
    }
}

static void
read_everything (VimanaDomainConfig *config)
{
    guint n = vimana_domain_config_get_n_devices (config);
    guint sockets, cores, threads;
    g_autofree char *model = NULL;
    g_autoptr(GArray) order = NULL;

    g_free (vimana_domain_config_get_name (config));
    g_free (vimana_domain_config_get_title (config));
    g_free (vimana_domain_config_get_description (config));
    g_free (vimana_domain_config_get_firmware (config));
    (void) vimana_domain_config_get_vcpus (config);
    (void) vimana_domain_config_get_max_vcpus (config);
    (void) vimana_domain_config_get_topology (config, &sockets, &cores, &threads);
    (void) vimana_domain_config_get_cpu_mode (config, &model);
    (void) vimana_domain_config_get_memory (config);
    (void) vimana_domain_config_get_max_memory (config);
    order = vimana_domain_config_get_boot_order (config);
    (void) vimana_domain_config_get_boot_menu (config);
    for (guint i = 0; i < n; i++) {
        g_free (vimana_domain_config_get_device_label (config, i));
        (void) vimana_domain_config_device_is_bootable (config, i);
    }
    g_free (vimana_domain_config_get_free_disk_target (config, "virtio"));
    g_free (vimana_domain_config_suggest_volume_name (config, "virtio"));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
    g_autofree char *xml = fuzz_input_string (data, size);
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autoptr(VimanaDomainConfig) copy = NULL;
    g_autoptr(VimanaDomainConfig) reloaded = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *saved = NULL;
    g_autofree char *copy_saved = NULL;
    g_autofree char *resaved = NULL;
    FuzzRng rng;
    guint n_changes;

    config = vimana_domain_config_new_from_xml (xml, &error);
    if (config == NULL) {
        fuzz_check (error != NULL, "a refused configuration says why");
        return 0;
    }
    read_everything (config);

    fuzz_rng_init (&rng, data, size);
    n_changes = fuzz_rng_next (&rng, 6);
    for (guint i = 0; i < n_changes; i++)
        change (config, &rng);
    read_everything (config);

    saved = vimana_domain_config_to_xml (config);
    fuzz_check (saved != NULL, "a loaded configuration saves");

    copy = vimana_domain_config_copy (config);
    copy_saved = vimana_domain_config_to_xml (copy);
    fuzz_check (g_strcmp0 (saved, copy_saved) == 0, "a copy saves as its original");

    reloaded = vimana_domain_config_new_from_xml (saved, &error);
    fuzz_check (reloaded != NULL, "the saved XML reloads: %s\n%s", error ? error->message : "", saved);
    resaved = vimana_domain_config_to_xml (reloaded);
    fuzz_check (g_strcmp0 (saved, resaved) == 0,
                "saving the reloaded XML gives the same document:\n%s\n----\n%s", saved, resaved);
    /* A document equals itself (issue 11, defect 5: C14N refuses a relative namespace URI
     * and the comparison said "changed by another program"). On once that is fixed. */
    fuzz_check (vimana_domain_config_equal_xml (saved, resaved), "a document equals itself:\n%s", saved);
    return 0;
}
