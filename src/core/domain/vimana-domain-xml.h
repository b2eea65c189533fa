/* vimana-domain-xml.h: what the core reads from a domain's XML description
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_DISK_SOURCE_FILE,
    VIMANA_DISK_SOURCE_BLOCK,
    VIMANA_DISK_SOURCE_VOLUME,
    VIMANA_DISK_SOURCE_OTHER,
} VimanaDiskSourceType;

typedef struct
{
    VimanaDiskSourceType type;
    char                *device; /* "disk", "cdrom", "floppy", "lun" */
    char                *target; /* "vda" */
    char                *path; /* file or block device, when type is FILE or BLOCK */
    char                *pool; /* when type is VOLUME */
    char                *volume; /* when type is VOLUME */
    gboolean             readonly;
    gboolean             shareable;
} VimanaDiskSource;

void       vimana_disk_source_free        (VimanaDiskSource *disk);
GPtrArray *vimana_domain_xml_parse_disks  (const char       *xml,
                                           GError          **error);
GStrv      vimana_domain_xml_parse_interfaces (const char   *xml,
                                               GError      **error);
GStrv      vimana_domain_xml_parse_networks   (const char   *xml,
                                               GError      **error);
GStrv      vimana_domain_xml_parse_network_macs (const char *xml,
                                                 GError    **error);
guint      vimana_domain_xml_count_user_interfaces (const char *xml);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDiskSource, vimana_disk_source_free)

G_END_DECLS
