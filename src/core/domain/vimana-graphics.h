/* vimana-graphics.h: how a guest's display is reached, as its domain XML describes it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
    VIMANA_GRAPHICS_NONE,
    VIMANA_GRAPHICS_VNC,
    VIMANA_GRAPHICS_SPICE,
    VIMANA_GRAPHICS_OTHER,
} VimanaGraphicsType;

typedef struct
{
    VimanaGraphicsType type;    /* VNC if the guest has a VNC display, else SPICE if it has one,
                                 * else OTHER (rdp, sdl, egl-headless…), or NONE */
    gboolean has_spice;         /* a SPICE display exists too */
    guint    index;             /* the chosen display among the guest's <graphics> elements:
                                 * what virDomainOpenGraphicsFD takes */
    gboolean autoport;
    int      port;              /* -1 when not known (autoport on an inactive guest, or a
                                 * socket listen) */
    int      tls_port;          /* SPICE's TLS port (tlsPort), -1 when none or not known as
                                 * port is */
    char    *listen;            /* the listen address, NULL when none */
    char    *socket;            /* the UNIX socket path, NULL when none */
    gboolean has_password;      /* a password is set (its value is never kept) */
} VimanaGraphicsInfo;

#define VIMANA_TYPE_GRAPHICS_INFO (vimana_graphics_info_get_type ())
GType               vimana_graphics_info_get_type     (void) G_GNUC_CONST;
VimanaGraphicsInfo *vimana_graphics_info_new_from_xml (const char                *xml,
                                                       GError                   **error);
VimanaGraphicsInfo *vimana_graphics_info_copy         (const VimanaGraphicsInfo  *info);
void                vimana_graphics_info_free         (VimanaGraphicsInfo        *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaGraphicsInfo, vimana_graphics_info_free)

G_END_DECLS
