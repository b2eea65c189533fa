/* vimana-host-private.h: what the core's own files share about the host's devices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vimana-connection-private.h"
#include "vimana-host-device.h"

G_BEGIN_DECLS

/* On the worker (vimana-connection-host.c). */
void vimana_host_job_read_interfaces       (virConnectPtr      conn,
                                            gboolean           local,
                                            GStrv             *bridges,
                                            GStrv             *interfaces);

G_END_DECLS
