/* vimana-domain-caps.c: what a hypervisor offers a new guest, from its capabilities
 *
 * Two documents: the connection's capabilities (virConnectGetCapabilities) say which
 * architectures, domain types and machine types there are; the domain capabilities
 * (virConnectGetDomainCapabilities) of the chosen ones say which firmware, TPM and vCPU count.
 * Drivers without domain capabilities (the test driver) keep what the first gave: BIOS only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-caps"

#include "config.h"

#include "vimana-domain-caps.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <string.h>

#include "vimana-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

void
vimana_domain_caps_free (VimanaDomainCaps *caps)
{
    if (caps == NULL)
        return;
    g_free (caps->domain_type);
    g_free (caps->arch);
    g_free (caps->emulator);
    g_free (caps->machine);
    g_free (caps);
}

VimanaDomainCaps *
vimana_domain_caps_copy (const VimanaDomainCaps *caps)
{
    VimanaDomainCaps *copy;

    g_return_val_if_fail (caps != NULL, NULL);

    copy = g_memdup2 (caps, sizeof *caps);
    copy->domain_type = g_strdup (caps->domain_type);
    copy->arch = g_strdup (caps->arch);
    copy->emulator = g_strdup (caps->emulator);
    copy->machine = g_strdup (caps->machine);
    return copy;
}

static xmlDoc *
vimana_domain_caps_read (const char  *xml,
                         GError     **error)
{
    xmlDoc *doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);

    if (doc == NULL || xmlDocGetRootElement (doc) == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The hypervisor’s capabilities could not be read."));
        if (doc != NULL)
            xmlFreeDoc (doc);
        return NULL;
    }
    return doc;
}

/* The string value of an XPath expression, or NULL when it is empty. */
static char *
vimana_domain_caps_string (xmlXPathContext *ctx,
                           const char      *expression)
{
    g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression ((const xmlChar *) expression, ctx);
    xmlChar *value;
    char *result = NULL;

    if (obj == NULL)
        return NULL;
    value = xmlXPathCastToString (obj);
    if (value != NULL && *value != '\0')
        result = g_strdup ((const char *) value);
    xmlFree (value);
    return result;
}

static gboolean
vimana_domain_caps_exists (xmlXPathContext *ctx,
                           const char      *expression)
{
    g_autoptr(xmlXPathObject) obj = xmlXPathEvalExpression ((const xmlChar *) expression, ctx);

    return obj != NULL && obj->type == XPATH_NODESET && obj->nodesetval != NULL &&
           obj->nodesetval->nodeNr > 0;
}

/* Prefers the host's own architecture when the hypervisor offers it, then x86_64. */
static char *
vimana_domain_caps_pick_arch (xmlXPathContext *ctx)
{
    g_autofree char *host_arch = vimana_domain_caps_string (ctx, "string(/capabilities/host/cpu/arch)");
    const char *candidates[] = { host_arch, "x86_64" };

    for (guint i = 0; i < G_N_ELEMENTS (candidates); i++) {
        g_autofree char *expression = NULL;

        if (candidates[i] == NULL || strchr (candidates[i], '\'') != NULL)
            continue;
        expression = g_strdup_printf ("/capabilities/guest[os_type='hvm']/arch[@name='%s']",
                                      candidates[i]);
        if (vimana_domain_caps_exists (ctx, expression))
            return g_strdup (candidates[i]);
    }
    return vimana_domain_caps_string (ctx, "string(/capabilities/guest[os_type='hvm'][1]/arch/@name)");
}

/**
 * vimana_domain_caps_parse_capabilities:
 * @capabilities_xml: what virConnectGetCapabilities() returned
 * @error: return location for an error
 *
 * Picks the architecture (the host's), the domain type (kvm before qemu before anything else)
 * and the machine type (q35 where the emulator has it) of a new guest.
 *
 * Returns: (transfer full) (nullable): the choice, or %NULL when the hypervisor offers no
 *   full-virtualisation guest at all
 */
VimanaDomainCaps *
vimana_domain_caps_parse_capabilities (const char  *capabilities_xml,
                                       GError     **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autoptr(VimanaDomainCaps) caps = g_new0 (VimanaDomainCaps, 1);
    g_autofree char *guest = NULL;
    static const char *types[] = { "kvm", "qemu" };

    g_return_val_if_fail (capabilities_xml != NULL, NULL);

    doc = vimana_domain_caps_read (capabilities_xml, error);
    if (doc == NULL)
        return NULL;
    ctx = xmlXPathNewContext (doc);
    caps->arch = vimana_domain_caps_pick_arch (ctx);
    if (caps->arch == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("The hypervisor cannot run full virtual machines."));
        return NULL;
    }
    guest = g_strdup_printf ("/capabilities/guest[os_type='hvm'][arch/@name='%s']/arch", caps->arch);

    for (guint i = 0; i < G_N_ELEMENTS (types) && caps->domain_type == NULL; i++) {
        g_autofree char *expression = g_strdup_printf ("%s/domain[@type='%s']", guest, types[i]);

        if (vimana_domain_caps_exists (ctx, expression))
            caps->domain_type = g_strdup (types[i]);
    }
    if (caps->domain_type == NULL) {
        g_autofree char *expression = g_strdup_printf ("string(%s/domain[1]/@type)", guest);

        caps->domain_type = vimana_domain_caps_string (ctx, expression);
    }
    if (caps->domain_type == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("The hypervisor cannot run full virtual machines."));
        return NULL;
    }

    {
        g_autofree char *expression = g_strdup_printf ("string(%s/emulator)", guest);

        caps->emulator = vimana_domain_caps_string (ctx, expression);
    }
    {
        g_autofree char *expression = g_strdup_printf ("%s//machine[text()='q35']", guest);

        caps->has_q35 = vimana_domain_caps_exists (ctx, expression);
    }
    if (caps->has_q35) {
        caps->machine = g_strdup ("q35");
    } else {
        g_autofree char *expression = g_strdup_printf ("%s//machine[text()='pc']", guest);

        if (vimana_domain_caps_exists (ctx, expression))
            caps->machine = g_strdup ("pc");
    }
    return g_steal_pointer (&caps);
}

/**
 * vimana_domain_caps_apply_domain_caps:
 * @caps: what vimana_domain_caps_parse_capabilities() chose
 * @domain_caps_xml: what virConnectGetDomainCapabilities() returned for that choice
 * @error: return location for an error
 *
 * Adds what the domain capabilities say: the emulator, UEFI, an emulated TPM 2.0, the vCPU limit.
 *
 * Returns: whether the document could be read
 */
gboolean
vimana_domain_caps_apply_domain_caps (VimanaDomainCaps  *caps,
                                      const char        *domain_caps_xml,
                                      GError           **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(xmlXPathContext) ctx = NULL;
    g_autofree char *emulator = NULL;
    g_autofree char *max_vcpus = NULL;

    g_return_val_if_fail (caps != NULL, FALSE);
    g_return_val_if_fail (domain_caps_xml != NULL, FALSE);

    doc = vimana_domain_caps_read (domain_caps_xml, error);
    if (doc == NULL)
        return FALSE;
    ctx = xmlXPathNewContext (doc);

    emulator = vimana_domain_caps_string (ctx, "string(/domainCapabilities/path)");
    if (emulator != NULL) {
        g_free (caps->emulator);
        caps->emulator = g_steal_pointer (&emulator);
    }
    max_vcpus = vimana_domain_caps_string (ctx, "string(/domainCapabilities/vcpu/@max)");
    if (max_vcpus != NULL)
        caps->max_vcpus = (guint) MIN (g_ascii_strtoull (max_vcpus, NULL, 10), G_MAXUINT);

    /* Firmware autoselection needs <os firmware='efi'> offered; a loader list alone is not it. */
    caps->efi = vimana_domain_caps_exists (
        ctx, "/domainCapabilities/os[@supported='yes']/enum[@name='firmware']/value[text()='efi']");
    caps->tpm = vimana_domain_caps_exists (
        ctx, "/domainCapabilities/devices/tpm[@supported='yes']/enum[@name='backendModel']"
             "/value[text()='emulator']");
    return TRUE;
}
