/* vimana-console-device.h: a guest's serial and text consoles, as its domain XML describes them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_CONSOLE_DEVICE_SERIAL,   /* a <serial> element */
    VIMANA_CONSOLE_DEVICE_CONSOLE,  /* a <console> element that is not just serial0 again */
} VimanaConsoleDeviceKind;

typedef struct
{
    VimanaConsoleDeviceKind kind;
    char                   *name; /* what the Console page shows: serial0, console1… (the element's
                             * index among its kind) */
    char    *alias;         /* libvirt's alias in the live description, NULL when inactive */
    char    *source_type;   /* pty, file, tcp, unix, null…; NULL when missing */
    char    *pty;           /* the host pty of a running guest, NULL when not known */
    char    *target_type;   /* isa-serial, pci-serial, serial, virtio, sclp…; NULL when missing */
    int      port;          /* the target port, -1 when none */
    gboolean can_open;      /* virDomainOpenConsole can open it: only a pty source can */
} VimanaConsoleDevice;

#define VIMANA_TYPE_CONSOLE_DEVICE (vimana_console_device_get_type ())
GType                vimana_console_device_get_type      (void) G_GNUC_CONST;
VimanaConsoleDevice *vimana_console_device_copy          (const VimanaConsoleDevice  *device);
void                 vimana_console_device_free          (VimanaConsoleDevice        *device);
const char          *vimana_console_device_get_dev_name  (const VimanaConsoleDevice  *device);
GPtrArray           *vimana_console_devices_new_from_xml (const char                 *xml,
                                                          GError                    **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaConsoleDevice, vimana_console_device_free)

G_END_DECLS
