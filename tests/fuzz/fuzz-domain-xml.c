/* fuzz-domain-xml.c: the graphics, console and device parsers of a domain's XML, and the
 * host's capabilities
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is one XML document, given to every reader of domain, capabilities and domain
 * capabilities XML in core: what the console reads to reach a display, the disk and interface
 * lists, and what New VM learns of the host.
 */
#include <libxml/parser.h>

#include "vimana-domain-caps.h"
#include "vimana-domain-xml.h"
#include "vimana-graphics.h"
#include "fuzz-common.h"

static void
quiet (void       *ctx,
       const char *msg,
       ...)
{
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
    fuzz_init ();
    xmlSetGenericErrorFunc (NULL, quiet);
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
    g_autofree char *xml = fuzz_input_string (data, size);
    g_autoptr(VimanaGraphicsInfo) graphics = NULL;
    g_autoptr(VimanaDomainCaps) caps = NULL;
    g_autoptr(GPtrArray) disks = NULL;
    g_auto(GStrv) interfaces = NULL;
    g_autoptr(GError) error = NULL;

    graphics = vimana_graphics_info_new_from_xml (xml, &error);
    fuzz_check ((graphics == NULL) == (error != NULL), "graphics parse or say why");
    g_clear_error (&error);
    if (graphics != NULL) {
        g_autoptr(VimanaGraphicsInfo) copy = vimana_graphics_info_copy (graphics);

        fuzz_check (graphics->type <= VIMANA_GRAPHICS_OTHER, "a known display type");
        fuzz_check (graphics->port >= -1 && graphics->port <= 65535, "a port is a port: %d", graphics->port);
        fuzz_check (copy->type == graphics->type && copy->port == graphics->port &&
                    g_strcmp0 (copy->listen, graphics->listen) == 0 &&
                    g_strcmp0 (copy->socket, graphics->socket) == 0, "a copy is the same");
    }

    disks = vimana_domain_xml_parse_disks (xml, &error);
    fuzz_check ((disks == NULL) == (error != NULL), "disks parse or say why");
    g_clear_error (&error);
    if (disks != NULL) {
        for (guint i = 0; i < disks->len; i++) {
            VimanaDiskSource *disk = g_ptr_array_index (disks, i);

            /* (a volume disk may lack its pool or volume: the readers check) */
            fuzz_check (disk->type <= VIMANA_DISK_SOURCE_OTHER, "a known disk source type");
        }
    }

    interfaces = vimana_domain_xml_parse_interfaces (xml, &error);
    fuzz_check ((interfaces == NULL) == (error != NULL), "interfaces parse or say why");
    g_clear_error (&error);

    caps = vimana_domain_caps_parse_capabilities (xml, &error);
    fuzz_check ((caps == NULL) == (error != NULL), "capabilities parse or say why");
    g_clear_error (&error);
    if (caps != NULL) {
        g_autoptr(VimanaDomainCaps) copy = vimana_domain_caps_copy (caps);

        /* The same document as the domain capabilities too: any XML may come back. */
        if (!vimana_domain_caps_apply_domain_caps (copy, xml, &error))
            fuzz_check (error != NULL, "domain capabilities apply or say why");
    }
    return 0;
}
