/* vimana-host-device.h: a USB or PCI device of the host that can be given to a guest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_HOST_DEVICE_USB,
    VIMANA_HOST_DEVICE_PCI,
} VimanaHostDeviceKind;

#define VIMANA_TYPE_HOST_DEVICE (vimana_host_device_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostDevice, vimana_host_device, VIMANA, HOST_DEVICE, GObject)

VimanaHostDevice     *vimana_host_device_new_from_xml    (const char       *name,
                                                          const char       *xml);
VimanaHostDeviceKind  vimana_host_device_get_kind        (VimanaHostDevice *self);
gboolean              vimana_host_device_is_usb          (VimanaHostDevice *self);
const char           *vimana_host_device_get_name        (VimanaHostDevice *self);
const char           *vimana_host_device_get_description (VimanaHostDevice *self);
const char           *vimana_host_device_get_vendor_id   (VimanaHostDevice *self);
const char           *vimana_host_device_get_product_id  (VimanaHostDevice *self);
const char           *vimana_host_device_get_pci_address (VimanaHostDevice *self);
const char           *vimana_host_device_get_hostdev_xml (VimanaHostDevice *self);

G_END_DECLS
