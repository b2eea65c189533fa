/* vimana-domain-caps.h: what a hypervisor offers a new guest, from its capabilities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
    char     *domain_type;   /* "kvm", "qemu", "test" */
    char     *arch;          /* "x86_64" */
    char     *emulator;      /* nullable */
    char     *machine;       /* the machine type a new guest gets; nullable when none is listed */
    gboolean  has_q35;
    gboolean  efi;           /* UEFI firmware can be selected */
    gboolean  tpm;           /* an emulated TPM 2.0 can be added */
    guint     max_vcpus;     /* 0 when not known */
} VimanaDomainCaps;

void              vimana_domain_caps_free                (VimanaDomainCaps  *caps);
VimanaDomainCaps *vimana_domain_caps_copy                (const VimanaDomainCaps *caps);
VimanaDomainCaps *vimana_domain_caps_parse_capabilities  (const char        *capabilities_xml,
                                                          GError           **error);
gboolean          vimana_domain_caps_apply_domain_caps   (VimanaDomainCaps  *caps,
                                                          const char        *domain_caps_xml,
                                                          GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDomainCaps, vimana_domain_caps_free)

G_END_DECLS
