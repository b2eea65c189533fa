/* vimana-domain-config.c: a guest's configuration as an editable XML tree
 *
 * The configuration is the libxml2 tree of the domain XML itself, parsed with its blanks and
 * comments. Each setter edits the few nodes and attributes its field owns and leaves the rest
 * alone, so elements, attributes and namespaces Vimana does not understand (the metadata of
 * other tools included) survive an edit, and changing one field changes that field only. A
 * node a field needs and the guest lacks is created at its conventional place, indented like
 * its siblings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include "vimana-domain-config.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>
#include <string.h>

#include "vimana-domain-config-private.h"
#include "vimana-error.h"

struct _VimanaDomainConfig
{
    GObject parent_instance;

    /* owned references */
    xmlDoc   *doc;
    char     *origin_xml;

    gboolean  running;
    guint     host_cpus;
};

G_DEFINE_FINAL_TYPE (VimanaDomainConfig, vimana_domain_config, G_TYPE_OBJECT)

/* ---- GObject ---- */

static void
vimana_domain_config_finalize (GObject *object)
{
    VimanaDomainConfig *self = VIMANA_DOMAIN_CONFIG (object);

    if (self->doc != NULL)
        xmlFreeDoc (self->doc);
    g_free (self->origin_xml);

    G_OBJECT_CLASS (vimana_domain_config_parent_class)->finalize (object);
}

static void
vimana_domain_config_class_init (VimanaDomainConfigClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_domain_config_finalize;
}

static void
vimana_domain_config_init (VimanaDomainConfig *self)
{
}

static xmlDoc *
vimana_domain_config_parse (const char  *xml,
                            GError     **error)
{
    xmlDoc *doc;
    xmlNodePtr root;

    doc = xmlReadMemory (xml, strlen (xml), "domain.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        const xmlError *xml_error = xmlGetLastError ();
        g_autofree char *message = g_strstrip (g_strdup (xml_error && xml_error->message
                                                          ? xml_error->message : ""));

        if (xml_error != NULL)
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("The XML is not well-formed: line %d: %s"), xml_error->line, message);
        else
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("The XML is not well-formed."));
        return NULL;
    }
    root = xmlDocGetRootElement (doc);
    if (!vimana_domain_config_node_is (root, "domain")) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The XML does not describe a guest: its root is not <domain>."));
        xmlFreeDoc (doc);
        return NULL;
    }
    return doc;
}

/**
 * vimana_domain_config_new_from_xml:
 * @xml: a domain XML description
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the configuration, or %NULL when @xml is not
 *   well-formed domain XML
 */
VimanaDomainConfig *
vimana_domain_config_new_from_xml (const char  *xml,
                                   GError     **error)
{
    VimanaDomainConfig *self;
    xmlDoc *doc;

    g_return_val_if_fail (xml != NULL, NULL);

    doc = vimana_domain_config_parse (xml, error);
    if (doc == NULL)
        return NULL;
    self = g_object_new (VIMANA_TYPE_DOMAIN_CONFIG, NULL);
    self->doc = doc;
    self->origin_xml = g_strdup (xml);
    return self;
}

/**
 * vimana_domain_config_copy:
 *
 * Returns: (transfer full): an independent copy with the same origin
 */
VimanaDomainConfig *
vimana_domain_config_copy (VimanaDomainConfig *self)
{
    VimanaDomainConfig *copy;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    copy = g_object_new (VIMANA_TYPE_DOMAIN_CONFIG, NULL);
    copy->doc = xmlCopyDoc (self->doc, 1);
    copy->origin_xml = g_strdup (self->origin_xml);
    copy->running = self->running;
    copy->host_cpus = self->host_cpus;
    return copy;
}

/**
 * vimana_domain_config_to_xml:
 *
 * Returns: (transfer full): the document as XML text, without an XML declaration
 */
char *
vimana_domain_config_to_xml (VimanaDomainConfig *self)
{
    xmlBufferPtr buffer;
    xmlSaveCtxtPtr save;
    char *xml;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    buffer = xmlBufferCreate ();
    save = xmlSaveToBuffer (buffer, "UTF-8", XML_SAVE_NO_DECL);
    xmlSaveDoc (save, self->doc);
    xmlSaveClose (save);
    xml = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
    xmlBufferFree (buffer);
    return xml;
}

/* The XML the configuration was made from, before any edit. */
const char *
vimana_domain_config_get_origin_xml (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);
    return self->origin_xml;
}

gboolean
vimana_domain_config_is_modified (VimanaDomainConfig *self)
{
    g_autofree char *xml = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    xml = vimana_domain_config_to_xml (self);
    return !vimana_domain_config_equal_xml (xml, self->origin_xml);
}

gboolean
vimana_domain_config_get_running (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);
    return self->running;
}

void
vimana_domain_config_set_running (VimanaDomainConfig *self,
                                  gboolean            running)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));
    self->running = running;
}

/* Returns: the host's logical CPU count, or 0 when unknown */
guint
vimana_domain_config_get_host_cpus (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);
    return self->host_cpus;
}

void
vimana_domain_config_set_host_cpus (VimanaDomainConfig *self,
                                    guint               host_cpus)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));
    self->host_cpus = host_cpus;
}

xmlNodePtr
vimana_domain_config_get_root (VimanaDomainConfig *self)
{
    return xmlDocGetRootElement (self->doc);
}

/* <domain>'s child element @name, or %NULL. */
xmlNodePtr
vimana_domain_config_get_element (VimanaDomainConfig *self,
                                  const char         *name)
{
    return vimana_domain_config_node_child (vimana_domain_config_get_root (self), name);
}

/* ---- general ---- */

/* The conventional order of <domain>'s first children, for placing a missing one. */
static const char * const vimana_domain_head[] = {
    "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
    "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
    "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader",
    "bootloader_args", "os", "idmap", "features", NULL
};

/* The names in vimana_domain_head up to, not including, @name. */
static GStrv
vimana_domain_head_before (const char *name)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    for (guint i = 0; vimana_domain_head[i] != NULL; i++) {
        if (strcmp (vimana_domain_head[i], name) == 0)
            break;
        g_strv_builder_add (builder, vimana_domain_head[i]);
    }
    return g_strv_builder_end (builder);
}

xmlNodePtr
vimana_domain_config_ensure_child (VimanaDomainConfig *self,
                                   const char         *name)
{
    g_auto(GStrv) before = vimana_domain_head_before (name);

    return vimana_domain_config_node_ensure_child (vimana_domain_config_get_root (self), name,
                                                   (const char * const *) before);
}

static char *
vimana_domain_config_child_text (VimanaDomainConfig *self,
                                 const char         *name)
{
    return vimana_domain_config_node_text (vimana_domain_config_get_element (self, name));
}

/* Sets a text element of <domain>, removing it when @text is empty or %NULL. */
static void
vimana_domain_config_set_child_text (VimanaDomainConfig *self,
                                     const char         *name,
                                     const char         *text)
{
    if (text == NULL || *text == '\0') {
        vimana_domain_config_node_remove_child (vimana_domain_config_get_root (self), name);
        return;
    }
    vimana_domain_config_node_set_text (vimana_domain_config_ensure_child (self, name), text);
}

char *
vimana_domain_config_get_name (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);
    return vimana_domain_config_child_text (self, "name");
}

gboolean
vimana_domain_config_set_name (VimanaDomainConfig  *self,
                               const char          *name,
                               GError             **error)
{
    g_autofree char *trimmed = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    trimmed = g_strstrip (g_strdup (name ? name : ""));
    if (*trimmed == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A guest needs a name."));
        return FALSE;
    }
    if (!g_utf8_validate (trimmed, -1, NULL)) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The name is not valid text."));
        return FALSE;
    }
    if (strchr (trimmed, '/') != NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A guest’s name cannot contain “/”."));
        return FALSE;
    }
    /* The New VM check's sentence (vimana_install_check_name), not libxml2's "PCDATA invalid
     * Char value 1" (issue 11, defect 7). */
    for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p)) {
        if (g_unichar_iscntrl (g_utf8_get_char (p))) {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("A name cannot contain control characters such as a line break."));
            return FALSE;
        }
    }
    /* Stored trimmed, as New VM stores it. */
    vimana_domain_config_set_child_text (self, "name", trimmed);
    return TRUE;
}

char *
vimana_domain_config_get_title (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);
    return vimana_domain_config_child_text (self, "title");
}

void
vimana_domain_config_set_title (VimanaDomainConfig *self,
                                const char         *title)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));
    vimana_domain_config_set_child_text (self, "title", title);
}

char *
vimana_domain_config_get_description (VimanaDomainConfig *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);
    return vimana_domain_config_child_text (self, "description");
}

void
vimana_domain_config_set_description (VimanaDomainConfig *self,
                                      const char         *description)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));
    vimana_domain_config_set_child_text (self, "description", description);
}

/**
 * vimana_domain_config_get_firmware:
 *
 * Returns: (transfer full): "efi" or "bios" as the guest asks for, the loader's path when it
 *   names one without saying which, "bios" when it says nothing
 */
char *
vimana_domain_config_get_firmware (VimanaDomainConfig *self)
{
    xmlNodePtr os;
    char *firmware;
    g_autofree char *loader_type = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    os = vimana_domain_config_get_element (self, "os");
    firmware = vimana_domain_config_node_prop (os, "firmware");
    if (firmware != NULL)
        return firmware;
    loader_type = vimana_domain_config_node_child_prop (os, "loader", "type");
    if (g_strcmp0 (loader_type, "pflash") == 0)
        return g_strdup ("efi");
    if (vimana_domain_config_node_child (os, "loader") != NULL)
        return vimana_domain_config_node_text (vimana_domain_config_node_child (os, "loader"));
    return g_strdup ("bios");
}

/* ---- CPUs ---- */

guint
vimana_domain_config_parse_uint (const char *text,
                                 guint       fallback)
{
    g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
    guint64 value;

    if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT, &value, NULL))
        return fallback;
    return (guint) value;
}

guint
vimana_domain_config_get_max_vcpus (VimanaDomainConfig *self)
{
    g_autofree char *text = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    text = vimana_domain_config_child_text (self, "vcpu");
    return vimana_domain_config_parse_uint (text, 1);
}

guint
vimana_domain_config_get_vcpus (VimanaDomainConfig *self)
{
    g_autofree char *current = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    current = vimana_domain_config_node_prop (vimana_domain_config_get_element (self, "vcpu"),
                                              "current");
    return vimana_domain_config_parse_uint (current, vimana_domain_config_get_max_vcpus (self));
}

gboolean
vimana_domain_config_set_vcpus (VimanaDomainConfig  *self,
                                guint                current,
                                guint                maximum,
                                GError             **error)
{
    xmlNodePtr vcpu;
    g_autofree char *max_text = NULL;
    g_autofree char *old_max = NULL;
    g_autofree char *current_text = NULL;
    g_autofree char *old_current = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    if (!vimana_config_validate_vcpus (current, maximum, self->host_cpus, error))
        return FALSE;

    vcpu = vimana_domain_config_ensure_child (self, "vcpu");
    old_max = vimana_domain_config_node_text (vcpu);
    if (vimana_domain_config_parse_uint (old_max, 0) != maximum) {
        max_text = g_strdup_printf ("%u", maximum);
        vimana_domain_config_node_set_text (vcpu, max_text);
    }
    old_current = vimana_domain_config_node_prop (vcpu, "current");
    if (old_current != NULL || current != maximum) {
        current_text = g_strdup_printf ("%u", current);
        if (vimana_domain_config_parse_uint (old_current, 0) != current)
            vimana_domain_config_node_set_prop (vcpu, "current", current_text);
    }
    return TRUE;
}

gboolean
vimana_domain_config_get_topology (VimanaDomainConfig *self,
                                   guint              *sockets,
                                   guint              *cores,
                                   guint              *threads)
{
    xmlNodePtr topology;
    g_autofree char *s = NULL;
    g_autofree char *c = NULL;
    g_autofree char *t = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    topology = vimana_domain_config_node_child (vimana_domain_config_get_element (self, "cpu"),
                                                "topology");
    s = vimana_domain_config_node_prop (topology, "sockets");
    c = vimana_domain_config_node_prop (topology, "cores");
    t = vimana_domain_config_node_prop (topology, "threads");
    *sockets = vimana_domain_config_parse_uint (s, 0);
    *cores = vimana_domain_config_parse_uint (c, 0);
    *threads = vimana_domain_config_parse_uint (t, 0);
    return topology != NULL;
}

static xmlNodePtr
vimana_domain_config_ensure_cpu (VimanaDomainConfig *self)
{
    static const char * const before[] = {
        "name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
        "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu", "vcpus", "iothreads",
        "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader",
        "bootloader_args", "os", "idmap", "features", NULL
    };

    return vimana_domain_config_node_ensure_child (vimana_domain_config_get_root (self), "cpu",
                                                   before);
}

/**
 * vimana_domain_config_set_topology:
 *
 * Sets the sockets, cores and threads of the guest CPU; all three 0 removes the topology so the
 * hypervisor chooses. Their product must be the maximum vCPU count, as libvirt requires.
 */
gboolean
vimana_domain_config_set_topology (VimanaDomainConfig  *self,
                                   guint                sockets,
                                   guint                cores,
                                   guint                threads,
                                   GError             **error)
{
    static const char * const before[] = { "model", "vendor", NULL };
    xmlNodePtr cpu, topology;
    guint max_vcpus;
    guint old_s, old_c, old_t;
    char text[16];

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);

    if (sockets == 0 && cores == 0 && threads == 0) {
        vimana_domain_config_node_remove_child (vimana_domain_config_get_element (self, "cpu"),
                                                "topology");
        return TRUE;
    }
    max_vcpus = vimana_domain_config_get_max_vcpus (self);
    if (sockets == 0 || cores == 0 || threads == 0 ||
        (guint64) sockets * cores * threads != max_vcpus) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("Sockets × cores × threads must equal the maximum number of vCPUs (%u)."),
                     max_vcpus);
        return FALSE;
    }
    if (vimana_domain_config_get_topology (self, &old_s, &old_c, &old_t) &&
        old_s == sockets && old_c == cores && old_t == threads)
        return TRUE;

    cpu = vimana_domain_config_ensure_cpu (self);
    topology = vimana_domain_config_node_ensure_child (cpu, "topology", before);
    g_snprintf (text, sizeof text, "%u", sockets);
    vimana_domain_config_node_set_prop (topology, "sockets", text);
    /* A "dies" count would make the product wrong: the new topology has one die per socket. */
    if (xmlHasProp (topology, (const xmlChar *) "dies") != NULL)
        vimana_domain_config_node_set_prop (topology, "dies", "1");
    g_snprintf (text, sizeof text, "%u", cores);
    vimana_domain_config_node_set_prop (topology, "cores", text);
    g_snprintf (text, sizeof text, "%u", threads);
    vimana_domain_config_node_set_prop (topology, "threads", text);
    return TRUE;
}

static const char * const vimana_cpu_modes[] = {
    [VIMANA_CPU_MODE_DEFAULT] = NULL,
    [VIMANA_CPU_MODE_HOST_PASSTHROUGH] = "host-passthrough",
    [VIMANA_CPU_MODE_HOST_MODEL] = "host-model",
    [VIMANA_CPU_MODE_CUSTOM] = "custom",
    [VIMANA_CPU_MODE_MAXIMUM] = "maximum",
};

VimanaCpuMode
vimana_domain_config_get_cpu_mode (VimanaDomainConfig  *self,
                                   char               **model)
{
    xmlNodePtr cpu;
    g_autofree char *mode = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), VIMANA_CPU_MODE_DEFAULT);

    cpu = vimana_domain_config_get_element (self, "cpu");
    mode = vimana_domain_config_node_prop (cpu, "mode");
    if (model != NULL) {
        *model = vimana_domain_config_node_text (vimana_domain_config_node_child (cpu, "model"));
        if (*model != NULL)
            g_strstrip (*model);
    }
    for (guint i = VIMANA_CPU_MODE_HOST_PASSTHROUGH; i < G_N_ELEMENTS (vimana_cpu_modes); i++) {
        if (g_strcmp0 (mode, vimana_cpu_modes[i]) == 0)
            return i;
    }
    /* Without a mode, a <cpu> naming a model is a custom one. */
    if (vimana_domain_config_node_child (cpu, "model") != NULL)
        return VIMANA_CPU_MODE_CUSTOM;
    return VIMANA_CPU_MODE_DEFAULT;
}

gboolean
vimana_domain_config_set_cpu_mode (VimanaDomainConfig  *self,
                                   VimanaCpuMode        mode,
                                   const char          *model,
                                   GError             **error)
{
    g_autofree char *old_model = NULL;
    VimanaCpuMode old_mode;
    xmlNodePtr cpu;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);
    g_return_val_if_fail (mode < G_N_ELEMENTS (vimana_cpu_modes), FALSE);

    if (mode == VIMANA_CPU_MODE_CUSTOM && (model == NULL || *model == '\0')) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("A custom CPU needs a model name."));
        return FALSE;
    }
    old_mode = vimana_domain_config_get_cpu_mode (self, &old_model);
    if (old_mode == mode && (mode != VIMANA_CPU_MODE_CUSTOM || g_strcmp0 (old_model, model) == 0))
        return TRUE;

    cpu = vimana_domain_config_get_element (self, "cpu");
    if (mode == VIMANA_CPU_MODE_DEFAULT) {
        if (cpu == NULL)
            return TRUE;
        vimana_domain_config_node_set_prop (cpu, "mode", NULL);
        vimana_domain_config_node_set_prop (cpu, "match", NULL);
        vimana_domain_config_node_remove_child (cpu, "model");
        return TRUE;
    }

    cpu = vimana_domain_config_ensure_cpu (self);
    vimana_domain_config_node_set_prop (cpu, "mode", vimana_cpu_modes[mode]);
    if (mode == VIMANA_CPU_MODE_CUSTOM) {
        xmlNodePtr model_node = vimana_domain_config_node_ensure_child (cpu, "model", NULL);

        vimana_domain_config_node_set_text (model_node, model);
        if (xmlHasProp (model_node, (const xmlChar *) "fallback") == NULL)
            vimana_domain_config_node_set_prop (model_node, "fallback", "allow");
    } else {
        /* The other modes take the model from the host; a stale <model> would contradict it. */
        vimana_domain_config_node_set_prop (cpu, "match", NULL);
        vimana_domain_config_node_remove_child (cpu, "model");
    }
    return TRUE;
}

/* ---- devices ---- */

static xmlNodePtr
vimana_domain_config_devices (VimanaDomainConfig *self)
{
    return vimana_domain_config_get_element (self, "devices");
}

static gboolean
vimana_domain_config_node_is_device (xmlNodePtr node)
{
    return node->type == XML_ELEMENT_NODE && node->ns == NULL &&
           !vimana_domain_config_node_is (node, "emulator");
}

xmlNodePtr
vimana_domain_config_get_device_node (VimanaDomainConfig *self,
                                      guint               index)
{
    xmlNodePtr devices = vimana_domain_config_devices (self);
    guint i = 0;

    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        if (!vimana_domain_config_node_is_device (node))
            continue;
        if (i++ == index)
            return node;
    }
    return NULL;
}

guint
vimana_domain_config_get_n_devices (VimanaDomainConfig *self)
{
    xmlNodePtr devices;
    guint n = 0;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), 0);

    devices = vimana_domain_config_devices (self);
    for (xmlNodePtr node = devices ? devices->children : NULL; node != NULL; node = node->next) {
        if (vimana_domain_config_node_is_device (node))
            n++;
    }
    return n;
}

VimanaDeviceKind
vimana_domain_config_node_device_kind (xmlNodePtr node)
{
    static const struct { const char *name; VimanaDeviceKind kind; } kinds[] = {
        { "interface", VIMANA_DEVICE_INTERFACE }, { "graphics", VIMANA_DEVICE_GRAPHICS },
        { "video", VIMANA_DEVICE_VIDEO }, { "sound", VIMANA_DEVICE_SOUND },
        { "input", VIMANA_DEVICE_INPUT }, { "serial", VIMANA_DEVICE_SERIAL },
        { "console", VIMANA_DEVICE_CONSOLE }, { "channel", VIMANA_DEVICE_CHANNEL },
        { "controller", VIMANA_DEVICE_CONTROLLER }, { "tpm", VIMANA_DEVICE_TPM },
        { "rng", VIMANA_DEVICE_RNG }, { "watchdog", VIMANA_DEVICE_WATCHDOG },
        { "filesystem", VIMANA_DEVICE_FILESYSTEM }, { "memballoon", VIMANA_DEVICE_MEMBALLOON },
    };
    g_autofree char *type = NULL;

    if (node == NULL)
        return VIMANA_DEVICE_OTHER;
    if (vimana_domain_config_node_is (node, "disk")) {
        g_autofree char *device = vimana_domain_config_node_prop (node, "device");

        if (g_strcmp0 (device, "cdrom") == 0)
            return VIMANA_DEVICE_CDROM;
        if (g_strcmp0 (device, "floppy") == 0)
            return VIMANA_DEVICE_FLOPPY;
        return VIMANA_DEVICE_DISK;
    }
    if (vimana_domain_config_node_is (node, "hostdev")) {
        type = vimana_domain_config_node_prop (node, "type");
        if (g_strcmp0 (type, "usb") == 0)
            return VIMANA_DEVICE_HOSTDEV_USB;
        if (g_strcmp0 (type, "pci") == 0)
            return VIMANA_DEVICE_HOSTDEV_PCI;
        return VIMANA_DEVICE_OTHER;
    }
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++) {
        if (vimana_domain_config_node_is (node, kinds[i].name))
            return kinds[i].kind;
    }
    return VIMANA_DEVICE_OTHER;
}

VimanaDeviceKind
vimana_domain_config_get_device_kind (VimanaDomainConfig *self,
                                      guint               index)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), VIMANA_DEVICE_OTHER);
    return vimana_domain_config_node_device_kind (
        vimana_domain_config_get_device_node (self, index));
}

/**
 * vimana_domain_config_find_device:
 *
 * Returns: the index of the @nth device (from 0) of @kind, or -1
 */
int
vimana_domain_config_find_device (VimanaDomainConfig *self,
                                  VimanaDeviceKind    kind,
                                  guint               nth)
{
    guint n;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), -1);

    n = vimana_domain_config_get_n_devices (self);
    for (guint i = 0; i < n; i++) {
        if (vimana_domain_config_get_device_kind (self, i) == kind && nth-- == 0)
            return (int) i;
    }
    return -1;
}

char *
vimana_domain_config_get_device_xml (VimanaDomainConfig *self,
                                     guint               index)
{
    xmlNodePtr node, copy;
    xmlBufferPtr buffer;
    char *xml;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    node = vimana_domain_config_get_device_node (self, index);
    g_return_val_if_fail (node != NULL, NULL);

    copy = xmlDocCopyNode (node, self->doc, 1);
    vimana_domain_config_node_reindent (copy, vimana_domain_config_node_line_indent (node), FALSE);
    buffer = xmlBufferCreate ();
    xmlNodeDump (buffer, self->doc, copy, 0, 0);
    xml = g_strndup ((const char *) xmlBufferContent (buffer), xmlBufferLength (buffer));
    xmlBufferFree (buffer);
    xmlFreeNode (copy);
    return xml;
}

/* The children of <devices> libvirt knows, but <emulator>. */
static const char * const vimana_device_elements[] = {
    "disk", "controller", "lease", "filesystem", "interface", "input", "sound", "hostdev",
    "graphics", "video", "console", "serial", "parallel", "channel", "smartcard", "redirdev",
    "redirfilter", "hub", "memballoon", "rng", "tpm", "panic", "shmem", "memory", "iommu",
    "vsock", "watchdog", "nvram", "audio", "crypto", "pstore", NULL
};

/* Parses a device's XML into a node of this document, indented for @indent. */
static xmlNodePtr
vimana_domain_config_parse_device (VimanaDomainConfig  *self,
                                   const char          *xml,
                                   const char          *indent,
                                   GError             **error)
{
    xmlDoc *doc;
    xmlNodePtr root, node;

    doc = xmlReadMemory (xml, strlen (xml), "device.xml", NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (doc == NULL) {
        const xmlError *xml_error = xmlGetLastError ();
        g_autofree char *message = g_strstrip (g_strdup (xml_error && xml_error->message
                                                          ? xml_error->message : ""));

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The XML is not well-formed: line %d: %s"),
                     xml_error ? xml_error->line : 0, message);
        return NULL;
    }
    root = xmlDocGetRootElement (doc);
    if (root == NULL || !vimana_domain_config_node_is_device (root) ||
        !g_strv_contains (vimana_device_elements, (const char *) root->name)) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The XML does not describe a device."));
        xmlFreeDoc (doc);
        return NULL;
    }
    node = xmlDocCopyNode (root, self->doc, 1);
    xmlFreeDoc (doc);
    vimana_domain_config_node_reindent (node, indent, TRUE);
    return node;
}

gboolean
vimana_domain_config_replace_device_xml (VimanaDomainConfig  *self,
                                         guint                index,
                                         const char          *xml,
                                         GError             **error)
{
    xmlNodePtr old, node;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);
    g_return_val_if_fail (xml != NULL, FALSE);

    old = vimana_domain_config_get_device_node (self, index);
    g_return_val_if_fail (old != NULL, FALSE);

    node = vimana_domain_config_parse_device (self, xml,
                                              vimana_domain_config_node_line_indent (old), error);
    if (node == NULL)
        return FALSE;
    xmlReplaceNode (old, node);
    xmlFreeNode (old);
    return TRUE;
}

/*
 * Places @node, a device element of this document indented as if it stood alone, after the
 * last device of its element name, or after the last device, indented like its siblings.
 * Returns: its index
 */
static guint
vimana_domain_config_place_device (VimanaDomainConfig *self,
                                   xmlNodePtr          node)
{
    xmlNodePtr devices, prev_same = NULL, prev_any = NULL, prev, emulator;
    const char *indent = "";
    guint index = 0;

    devices = vimana_domain_config_devices (self);
    if (devices == NULL) {
        static const char * const before[] = {
            "name", "uuid", "title", "description", "metadata", "memory", "currentMemory",
            "vcpu", "os", "features", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash",
            "pm", NULL
        };

        devices = vimana_domain_config_node_ensure_child (vimana_domain_config_get_root (self),
                                                          "devices", before);
    }

    emulator = vimana_domain_config_node_child (devices, "emulator");
    for (xmlNodePtr child = devices->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        prev_any = child;
        indent = vimana_domain_config_node_line_indent (child);
        if (vimana_domain_config_node_is_device (child) && xmlStrEqual (child->name, node->name))
            prev_same = child;
    }
    prev = prev_same ? prev_same : (prev_any ? prev_any : emulator);
    if (prev != NULL) {
        vimana_domain_config_node_reindent (node, indent, TRUE);
    } else {
        /* The first child: vimana_domain_config_node_insert_after indents it one step in from
         * <devices>. */
        g_autofree char *child_indent = g_strconcat (
            vimana_domain_config_node_line_indent (devices), "  ", NULL);

        vimana_domain_config_node_reindent (node, child_indent, TRUE);
    }
    vimana_domain_config_node_insert_after (devices, prev, node);

    for (xmlNodePtr child = devices->children; child != node; child = child->next) {
        if (vimana_domain_config_node_is_device (child))
            index++;
    }
    return index;
}

/**
 * vimana_domain_config_add_device_xml:
 * @index: (out) (optional): where the device is now
 *
 * Adds a device after the last one of its element name, or after the last device.
 */
gboolean
vimana_domain_config_add_device_xml (VimanaDomainConfig  *self,
                                     const char          *xml,
                                     guint               *index,
                                     GError             **error)
{
    xmlNodePtr node;
    guint placed;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), FALSE);
    g_return_val_if_fail (xml != NULL, FALSE);

    node = vimana_domain_config_parse_device (self, xml, "", error);
    if (node == NULL)
        return FALSE;
    placed = vimana_domain_config_place_device (self, node);
    if (index != NULL)
        *index = placed;
    return TRUE;
}

/*
 * Adds an empty device element @element where vimana_domain_config_add_device_xml () would put
 * it, for a device kind to fill in (see vimana-device-kind.c). Children appended to it with
 * vimana_domain_config_node_append () are indented as the document is.
 */
xmlNodePtr
vimana_domain_config_add_device_node (VimanaDomainConfig *self,
                                      const char         *element,
                                      guint              *index)
{
    xmlNodePtr node;
    guint placed;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (self), NULL);

    node = xmlNewDocNode (self->doc, NULL, (const xmlChar *) element, NULL);
    placed = vimana_domain_config_place_device (self, node);
    if (index != NULL)
        *index = placed;
    return node;
}

void
vimana_domain_config_remove_device (VimanaDomainConfig *self,
                                    guint               index)
{
    xmlNodePtr node;

    g_return_if_fail (VIMANA_IS_DOMAIN_CONFIG (self));

    node = vimana_domain_config_get_device_node (self, index);
    g_return_if_fail (node != NULL);
    vimana_domain_config_node_remove (node);
}
