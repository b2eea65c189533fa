/* vimana-install-plan.h: the choices of a new guest, and the domain XML they make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vimana-domain-caps.h"
#include "vimana-os-info.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_INSTALL_METHOD_MEDIA,    /* an ISO file or a host CD/DVD drive */
    VIMANA_INSTALL_METHOD_NETWORK,  /* the URL of a distribution tree */
    VIMANA_INSTALL_METHOD_IMPORT,   /* an existing disk image */
    VIMANA_INSTALL_METHOD_MANUAL,   /* no media: network boot (PXE) */
} VimanaInstallMethod;

typedef enum
{
    VIMANA_INSTALL_DISK_NEW,        /* a new qcow2 volume in a pool */
    VIMANA_INSTALL_DISK_EXISTING,   /* an existing volume or file, by path */
    VIMANA_INSTALL_DISK_NONE,
} VimanaInstallDisk;

typedef enum
{
    VIMANA_INSTALL_NET_NETWORK,     /* a libvirt virtual network */
    VIMANA_INSTALL_NET_BRIDGE,      /* a host bridge */
    VIMANA_INSTALL_NET_MACVTAP,     /* macvtap on a host interface */
    VIMANA_INSTALL_NET_USER,        /* user-mode networking */
    VIMANA_INSTALL_NET_NONE,
} VimanaInstallNet;

typedef enum
{
    VIMANA_INSTALL_FIRMWARE_BIOS,
    VIMANA_INSTALL_FIRMWARE_UEFI,
} VimanaInstallFirmware;

typedef struct
{
    char                  *name;
    VimanaInstallMethod    method;
    char                  *media_path;     /* MEDIA: ISO file or CD/DVD device */
    char                  *tree_url;       /* NETWORK: the install tree */
    char                  *kernel_url;     /* NETWORK: the tree's installer kernel and initrd */
    char                  *initrd_url;
    char                  *kernel_args;    /* NETWORK: points the installer at the tree */
    char                  *boot_dir;       /* NETWORK, nullable: where they are downloaded */
    char                  *kernel_path;    /* NETWORK: set once downloaded */
    char                  *initrd_path;
    char                  *os_id;          /* nullable: the osinfo id, kept in the metadata */

    /* hypervisor */
    char                  *domain_type;
    char                  *arch;
    char                  *machine;        /* nullable */
    char                  *emulator;       /* nullable */
    VimanaInstallFirmware  firmware;
    gboolean               tpm;

    /* resources */
    guint64                memory;         /* bytes */
    guint                  vcpus;

    /* storage */
    VimanaInstallDisk      disk;
    char                  *pool;           /* NEW: the pool; "default" is made when missing */
    guint64                disk_size;      /* NEW: bytes */
    char                  *disk_path;      /* EXISTING and IMPORT; NEW once the volume exists */
    char                  *disk_format;    /* "qcow2", "raw" */
    char                  *disk_bus;       /* "virtio", "sata", "ide" */

    /* network */
    VimanaInstallNet       net;
    char                  *net_source;     /* the network, bridge or host interface */
    gboolean               net_autostart;  /* NETWORK: start it with the host from now on */
    char                  *nic_model;      /* "virtio", "e1000e", "e1000" */

    /* display */
    char                  *video_model;    /* "virtio", "vga" */
    char                  *graphics_type;  /* "vnc" (the default), "spice" */
    gboolean               usb_tablet;
    gboolean               virtio_extras;  /* memory balloon and RNG on virtio */

    /* creation */
    gboolean               start;          /* FALSE: defined only, to be customised first */
} VimanaInstallPlan;

#define VIMANA_TYPE_INSTALL_PLAN (vimana_install_plan_get_type ())

GType              vimana_install_plan_get_type          (void) G_GNUC_CONST;
VimanaInstallPlan *vimana_install_plan_new               (void);
VimanaInstallPlan *vimana_install_plan_copy              (const VimanaInstallPlan *plan);
void               vimana_install_plan_free              (VimanaInstallPlan       *plan);
void               vimana_install_plan_set_hypervisor    (VimanaInstallPlan       *plan,
                                                          const VimanaDomainCaps  *caps);
void               vimana_install_plan_apply_os          (VimanaInstallPlan       *plan,
                                                          const VimanaOsInfo      *os,
                                                          const VimanaDomainCaps  *caps,
                                                          guint                    host_cpus,
                                                          guint64                  host_memory);
char              *vimana_install_plan_get_volume_name   (const VimanaInstallPlan *plan);
char              *vimana_install_plan_build_xml         (const VimanaInstallPlan *plan,
                                                          GError                 **error);

gboolean           vimana_install_check_name             (const char              *name,
                                                          const char * const      *taken,
                                                          GError                 **error);
gboolean           vimana_install_check_memory           (guint64                  memory,
                                                          guint64                  host_memory,
                                                          GError                 **error);
gboolean           vimana_install_check_vcpus            (guint                    vcpus,
                                                          guint                    host_cpus,
                                                          GError                 **error);
gboolean           vimana_install_parse_vcpus            (const char              *text,
                                                          guint                   *vcpus,
                                                          GError                 **error);
gboolean           vimana_install_check_disk_size        (guint64                  size,
                                                          guint64                  available,
                                                          GError                 **error);
gboolean           vimana_install_check_media_path       (const char              *path,
                                                          GError                 **error);
gboolean           vimana_install_check_url              (const char              *url,
                                                          GError                 **error);
gboolean           vimana_install_parse_size             (const char              *text,
                                                          guint64                  default_unit,
                                                          guint64                 *bytes,
                                                          GError                 **error);
char              *vimana_install_suggest_name           (const char              *base,
                                                          const char * const      *taken);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaInstallPlan, vimana_install_plan_free)

G_END_DECLS
