/* vimana-device-kind-private.h: the table of device kinds and the functions that build them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-device-kind.h"

G_BEGIN_DECLS

/*
 * Adds a device of one kind to @config from @values (field id → text, checked, defaults
 * applied, unset fields absent) and returns its index.
 */
typedef guint (*VimanaDeviceBuildFunc) (VimanaDomainConfig *config,
                                        GHashTable         *values);

struct _VimanaDeviceKindInfo
{
    const char              *id;
    const char              *label;     /* untranslated */
    VimanaDeviceKind         kind;
    const VimanaDeviceField *fields;
    guint                    n_fields;
    VimanaDeviceBuildFunc    build;
};

/* vimana-device-kind-build.c */
gboolean vimana_device_kind_check_address      (const char *value, GError **error);
gboolean vimana_device_kind_check_usb_id       (const char *value, GError **error);
gboolean vimana_device_kind_check_pci_address  (const char *value, GError **error);
gboolean vimana_device_kind_check_mount_tag    (const char *value, GError **error);

guint    vimana_device_kind_build_disk          (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_volume        (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_new_disk      (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_cdrom         (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_floppy        (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_nic           (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_graphics      (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_video         (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_sound         (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_input         (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_serial        (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_console       (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_channel       (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_usb_redirection (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_usb_controller (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_scsi_controller (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_virtio_serial (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_usb_host      (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_pci_host      (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_tpm           (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_rng           (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_watchdog      (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_virtiofs      (VimanaDomainConfig *config, GHashTable *values);
guint    vimana_device_kind_build_memballoon    (VimanaDomainConfig *config, GHashTable *values);

G_END_DECLS
