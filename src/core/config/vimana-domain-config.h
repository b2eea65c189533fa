/* vimana-domain-config.h: a guest's configuration as an editable XML tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_DEVICE_DISK,
    VIMANA_DEVICE_CDROM,
    VIMANA_DEVICE_FLOPPY,
    VIMANA_DEVICE_INTERFACE,
    VIMANA_DEVICE_GRAPHICS,
    VIMANA_DEVICE_VIDEO,
    VIMANA_DEVICE_SOUND,
    VIMANA_DEVICE_INPUT,
    VIMANA_DEVICE_SERIAL,
    VIMANA_DEVICE_CONSOLE,
    VIMANA_DEVICE_CHANNEL,
    VIMANA_DEVICE_CONTROLLER,
    VIMANA_DEVICE_HOSTDEV_USB,
    VIMANA_DEVICE_HOSTDEV_PCI,
    VIMANA_DEVICE_TPM,
    VIMANA_DEVICE_RNG,
    VIMANA_DEVICE_WATCHDOG,
    VIMANA_DEVICE_FILESYSTEM,
    VIMANA_DEVICE_MEMBALLOON,
    VIMANA_DEVICE_OTHER,
} VimanaDeviceKind;

typedef enum
{
    VIMANA_CPU_MODE_DEFAULT,          /* no <cpu> mode: the hypervisor's default model */
    VIMANA_CPU_MODE_HOST_PASSTHROUGH,
    VIMANA_CPU_MODE_HOST_MODEL,
    VIMANA_CPU_MODE_CUSTOM,
    VIMANA_CPU_MODE_MAXIMUM,
} VimanaCpuMode;

typedef enum
{
    VIMANA_NIC_SOURCE_NETWORK,
    VIMANA_NIC_SOURCE_BRIDGE,
    VIMANA_NIC_SOURCE_DIRECT,        /* macvtap */
    VIMANA_NIC_SOURCE_OTHER,
} VimanaNicSource;

/* Which memory field a refused value belongs to. */
typedef enum
{
    VIMANA_MEMORY_FIELD_CURRENT,
    VIMANA_MEMORY_FIELD_MAXIMUM,
    VIMANA_MEMORY_FIELD_CELL,
} VimanaMemoryField;

#define VIMANA_TYPE_DOMAIN_CONFIG (vimana_domain_config_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDomainConfig, vimana_domain_config, VIMANA, DOMAIN_CONFIG, GObject)

VimanaDomainConfig *vimana_domain_config_new_from_xml     (const char          *xml,
                                                           GError             **error);
VimanaDomainConfig *vimana_domain_config_copy             (VimanaDomainConfig  *self);
char               *vimana_domain_config_to_xml           (VimanaDomainConfig  *self);
const char         *vimana_domain_config_get_origin_xml   (VimanaDomainConfig  *self);
gboolean            vimana_domain_config_is_modified      (VimanaDomainConfig  *self);
gboolean            vimana_domain_config_equal_xml        (const char          *a,
                                                           const char          *b);

/* What the core learnt about the guest when it read the configuration. */
gboolean            vimana_domain_config_get_running      (VimanaDomainConfig  *self);
void                vimana_domain_config_set_running      (VimanaDomainConfig  *self,
                                                           gboolean             running);
guint               vimana_domain_config_get_host_cpus    (VimanaDomainConfig  *self);
void                vimana_domain_config_set_host_cpus    (VimanaDomainConfig  *self,
                                                           guint                host_cpus);

/* General */
char               *vimana_domain_config_get_name         (VimanaDomainConfig  *self);
gboolean            vimana_domain_config_set_name         (VimanaDomainConfig  *self,
                                                           const char          *name,
                                                           GError             **error);
char               *vimana_domain_config_get_title        (VimanaDomainConfig  *self);
void                vimana_domain_config_set_title        (VimanaDomainConfig  *self,
                                                           const char          *title);
char               *vimana_domain_config_get_description  (VimanaDomainConfig  *self);
void                vimana_domain_config_set_description  (VimanaDomainConfig  *self,
                                                           const char          *description);
char               *vimana_domain_config_get_firmware     (VimanaDomainConfig  *self);

/* CPUs */
guint               vimana_domain_config_get_vcpus        (VimanaDomainConfig  *self);
guint               vimana_domain_config_get_max_vcpus    (VimanaDomainConfig  *self);
gboolean            vimana_domain_config_set_vcpus        (VimanaDomainConfig  *self,
                                                           guint                current,
                                                           guint                maximum,
                                                           GError             **error);
gboolean            vimana_domain_config_get_topology     (VimanaDomainConfig  *self,
                                                           guint               *sockets,
                                                           guint               *cores,
                                                           guint               *threads);
gboolean            vimana_domain_config_set_topology     (VimanaDomainConfig  *self,
                                                           guint                sockets,
                                                           guint                cores,
                                                           guint                threads,
                                                           GError             **error);
VimanaCpuMode       vimana_domain_config_get_cpu_mode     (VimanaDomainConfig  *self,
                                                           char               **model);
gboolean            vimana_domain_config_set_cpu_mode     (VimanaDomainConfig  *self,
                                                           VimanaCpuMode        mode,
                                                           const char          *model,
                                                           GError             **error);

/* Memory, in KiB */
guint64             vimana_domain_config_get_memory       (VimanaDomainConfig  *self);
guint64             vimana_domain_config_get_max_memory   (VimanaDomainConfig  *self);
gboolean            vimana_domain_config_set_memory       (VimanaDomainConfig  *self,
                                                           guint64              current,
                                                           guint64              maximum,
                                                           GError             **error);
gboolean            vimana_domain_config_set_memory_layout (VimanaDomainConfig *self,
                                                            guint64             current,
                                                            guint64             maximum,
                                                            const guint64      *cells,
                                                            guint               n_cells,
                                                            VimanaMemoryField  *field,
                                                            guint              *cell,
                                                            GError            **error);
guint               vimana_domain_config_get_n_numa_cells (VimanaDomainConfig  *self);
guint64             vimana_domain_config_get_numa_cell_memory (VimanaDomainConfig *self,
                                                               guint               cell);
char               *vimana_domain_config_get_numa_cell_cpus (VimanaDomainConfig *self,
                                                             guint               cell);
guint               vimana_domain_config_get_n_memory_devices (VimanaDomainConfig *self);
char               *vimana_domain_config_get_memory_device (VimanaDomainConfig *self,
                                                            guint               index,
                                                            guint64            *kib);
guint64             vimana_domain_config_get_memory_devices_size (VimanaDomainConfig *self);
guint64             vimana_domain_config_get_memory_limit (VimanaDomainConfig  *self,
                                                           guint               *slots);

/* Boot */
GArray             *vimana_domain_config_get_boot_order   (VimanaDomainConfig  *self);
gboolean            vimana_domain_config_set_boot_order   (VimanaDomainConfig  *self,
                                                           const guint         *devices,
                                                           guint                n_devices,
                                                           GError             **error);
gboolean            vimana_domain_config_get_boot_menu    (VimanaDomainConfig  *self);
void                vimana_domain_config_set_boot_menu    (VimanaDomainConfig  *self,
                                                           gboolean             enabled);
gboolean            vimana_domain_config_device_is_bootable (VimanaDomainConfig  *self,
                                                             guint                index);

/* Devices: indices count the element children of <devices> but <emulator>, in document order. */
guint               vimana_domain_config_get_n_devices    (VimanaDomainConfig  *self);
VimanaDeviceKind    vimana_domain_config_get_device_kind  (VimanaDomainConfig  *self,
                                                           guint                index);
char               *vimana_domain_config_get_device_label (VimanaDomainConfig  *self,
                                                           guint                index);
const char         *vimana_domain_config_get_device_element (VimanaDomainConfig *self,
                                                             guint               index);
char               *vimana_domain_config_get_device_xml   (VimanaDomainConfig  *self,
                                                           guint                index);
gboolean            vimana_domain_config_replace_device_xml (VimanaDomainConfig  *self,
                                                             guint                index,
                                                             const char          *xml,
                                                             GError             **error);
gboolean            vimana_domain_config_add_device_xml   (VimanaDomainConfig  *self,
                                                           const char          *xml,
                                                           guint               *index,
                                                           GError             **error);
void                vimana_domain_config_remove_device    (VimanaDomainConfig  *self,
                                                           guint                index);
int                 vimana_domain_config_find_device      (VimanaDomainConfig  *self,
                                                           VimanaDeviceKind     kind,
                                                           guint                nth);

/* Disks and CD-ROMs */
char               *vimana_domain_config_get_disk_source  (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_disk_source  (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *path);
void                vimana_domain_config_set_disk_volume  (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *pool,
                                                           const char          *volume);
char               *vimana_domain_config_get_disk_target  (VimanaDomainConfig  *self,
                                                           guint                index);
char               *vimana_domain_config_get_disk_bus     (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_disk_bus     (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *bus);
char               *vimana_domain_config_get_disk_cache   (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_disk_cache   (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *cache);
gboolean            vimana_domain_config_get_disk_readonly (VimanaDomainConfig  *self,
                                                            guint                index);
void                vimana_domain_config_set_disk_readonly (VimanaDomainConfig  *self,
                                                            guint                index,
                                                            gboolean             readonly);
gboolean            vimana_domain_config_get_disk_shareable (VimanaDomainConfig  *self,
                                                             guint                index);
void                vimana_domain_config_set_disk_shareable (VimanaDomainConfig  *self,
                                                             guint                index,
                                                             gboolean             shareable);

char               *vimana_domain_config_get_free_disk_target (VimanaDomainConfig  *self,
                                                               const char          *bus);
char               *vimana_domain_config_suggest_volume_name (VimanaDomainConfig  *self,
                                                              const char          *bus);

/* Network interfaces */
VimanaNicSource     vimana_domain_config_get_nic_source   (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           char               **name);
void                vimana_domain_config_set_nic_source   (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           VimanaNicSource      source,
                                                           const char          *name);
char               *vimana_domain_config_get_nic_model    (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_nic_model    (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *model);
char               *vimana_domain_config_get_nic_mac      (VimanaDomainConfig  *self,
                                                           guint                index);
gboolean            vimana_domain_config_set_nic_mac      (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *mac,
                                                           GError             **error);
gboolean            vimana_domain_config_get_nic_link_up  (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_nic_link_up  (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           gboolean             up);

/* VNC or SPICE display (the vnc_ calls read and write what both have: listen, port, password) */
char               *vimana_domain_config_get_graphics_type (VimanaDomainConfig *self,
                                                            guint               index);
gboolean            vimana_domain_config_set_graphics_type (VimanaDomainConfig *self,
                                                            guint               index,
                                                            const char         *type,
                                                            GError            **error);
char               *vimana_domain_config_get_vnc_listen   (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_vnc_listen   (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *address);
int                 vimana_domain_config_get_vnc_port     (VimanaDomainConfig  *self,
                                                           guint                index);
gboolean            vimana_domain_config_set_vnc_port     (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           int                  port,
                                                           GError             **error);
char               *vimana_domain_config_get_vnc_password (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_vnc_password (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *password);

/* Video and sound */
char               *vimana_domain_config_get_model        (VimanaDomainConfig  *self,
                                                           guint                index);
void                vimana_domain_config_set_model        (VimanaDomainConfig  *self,
                                                           guint                index,
                                                           const char          *model);

/* Validators: each returns FALSE with a message for the user in @error. */
gboolean            vimana_config_validate_vcpus          (guint                current,
                                                           guint                maximum,
                                                           guint                host_cpus,
                                                           GError             **error);
gboolean            vimana_config_validate_memory         (guint64              current,
                                                           guint64              maximum,
                                                           GError             **error);
gboolean            vimana_config_parse_memory            (const char          *text,
                                                           guint64             *kib,
                                                           GError             **error);
gboolean            vimana_config_parse_count             (const char          *text,
                                                           guint               *value,
                                                           GError             **error);
gboolean            vimana_config_check_title             (const char          *title,
                                                           GError             **error);
gboolean            vimana_config_check_description       (const char          *description,
                                                           GError             **error);
gboolean            vimana_config_check_listen_address    (const char          *address,
                                                           GError             **error);
gboolean            vimana_config_check_disk_path_risk    (const char          *path,
                                                           GError             **error);
gboolean            vimana_config_validate_mac            (const char          *mac,
                                                           GError             **error);
gboolean            vimana_config_validate_port           (int                  port,
                                                           GError             **error);
gboolean            vimana_config_parse_port              (const char          *text,
                                                           int                 *port,
                                                           GError             **error);
gboolean            vimana_config_validate_disk_path      (const char          *path,
                                                           GError             **error);
gboolean            vimana_config_validate_boot_order     (guint                n_devices,
                                                           GError             **error);

G_END_DECLS
