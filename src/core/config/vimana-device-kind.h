/* vimana-device-kind.h: the kinds of device a guest can be given, their fields and defaults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vimana-domain-config.h"

G_BEGIN_DECLS

/* What a field holds, which says how a dialog asks for it. */
typedef enum
{
    VIMANA_DEVICE_FIELD_CHOICE,       /* one of the field's values */
    VIMANA_DEVICE_FIELD_TEXT,         /* free text */
    VIMANA_DEVICE_FIELD_PATH,         /* an absolute path on the hypervisor's host */
    VIMANA_DEVICE_FIELD_SIZE,         /* a size; a bare number counts GiB */
    VIMANA_DEVICE_FIELD_NETWORK,      /* a virtual network, bridge or host interface, by name */
    VIMANA_DEVICE_FIELD_POOL,         /* a storage pool, by name */
    VIMANA_DEVICE_FIELD_VOLUME,       /* a volume of a storage pool: "pool/volume" */
    VIMANA_DEVICE_FIELD_HOST_DEVICE,  /* a device of the host, chosen from the host's list:
                                       * USB "vendor:product" ids, a PCI "dddd:bb:ss.f" address */
} VimanaDeviceFieldType;

typedef enum
{
    VIMANA_DEVICE_FIELD_REQUIRED = 1 << 0,  /* the device cannot be built without a value */
} VimanaDeviceFieldFlags;

typedef gboolean (*VimanaDeviceFieldCheck) (const char  *value,
                                            GError     **error);

/*
 * One field of a kind of device. The labels are untranslated (N_): read them with
 * vimana_device_field_get_label () and vimana_device_field_get_value_label ().
 */
typedef struct
{
    const char             *id;
    const char             *label;          /* with a mnemonic: "_Bus" */
    VimanaDeviceFieldType   type;
    VimanaDeviceFieldFlags  flags;
    const char             *default_value;  /* %NULL: none, the hypervisor decides */
    const char * const     *values;         /* a choice's allowed values, %NULL-terminated */
    const char * const     *value_labels;   /* what to show for @values, or %NULL: the values */
    const char             *unset_label;    /* a choice that may stay unset: what to show then */
    const char             *when_field;     /* %NULL, or the choice this field depends on… */
    const char * const     *when_values;    /* …and its values for which this field applies */
    VimanaDeviceFieldCheck  check;          /* %NULL, or what a value must also pass */
} VimanaDeviceField;

typedef struct _VimanaDeviceKindInfo VimanaDeviceKindInfo;

/* The table */
guint                       vimana_device_kind_info_get_n_kinds (void);
const VimanaDeviceKindInfo *vimana_device_kind_info_get_nth     (guint        n);
const VimanaDeviceKindInfo *vimana_device_kind_info_lookup      (const char  *id);
const VimanaDeviceField    *vimana_device_kind_info_find_field_for (VimanaDeviceKind kind,
                                                                    const char      *field_id);

/* One kind */
const char              *vimana_device_kind_info_get_id       (const VimanaDeviceKindInfo *info);
const char              *vimana_device_kind_info_get_label    (const VimanaDeviceKindInfo *info);
VimanaDeviceKind         vimana_device_kind_info_get_kind     (const VimanaDeviceKindInfo *info);
guint                    vimana_device_kind_info_get_n_fields (const VimanaDeviceKindInfo *info);
const VimanaDeviceField *vimana_device_kind_info_get_field    (const VimanaDeviceKindInfo *info,
                                                               guint                       n);
const VimanaDeviceField *vimana_device_kind_info_find_field   (const VimanaDeviceKindInfo *info,
                                                               const char                 *id);
gboolean                 vimana_device_kind_info_field_applies (const VimanaDeviceKindInfo *info,
                                                                const VimanaDeviceField    *field,
                                                                GHashTable                 *values);
gboolean                 vimana_device_kind_info_check        (const VimanaDeviceKindInfo *info,
                                                               GHashTable                 *values,
                                                               const VimanaDeviceField   **failed,
                                                               GError                    **error);
gboolean                 vimana_device_kind_info_build        (const VimanaDeviceKindInfo *info,
                                                               VimanaDomainConfig         *config,
                                                               GHashTable                 *values,
                                                               guint                      *index,
                                                               GError                    **error);
char                    *vimana_device_kind_info_build_xml    (const VimanaDeviceKindInfo *info,
                                                               VimanaDomainConfig         *config,
                                                               GHashTable                 *values,
                                                               const VimanaDeviceField   **failed,
                                                               GError                    **error);

/* One field */
const char *vimana_device_field_get_label       (const VimanaDeviceField  *field);
guint       vimana_device_field_get_n_values    (const VimanaDeviceField  *field);
const char *vimana_device_field_get_value_label (const VimanaDeviceField  *field,
                                                 guint                     n);
gboolean    vimana_device_field_check           (const VimanaDeviceField  *field,
                                                 const char               *value,
                                                 GError                  **error);

G_END_DECLS
