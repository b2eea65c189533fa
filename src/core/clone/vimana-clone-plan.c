/* vimana-clone-plan.c: what cloning a guest makes, decided before anything is made
 *
 * Pure: the source's inactive XML and what its pools say (VimanaCloneFacts) plus the user's
 * choices (VimanaCloneOptions) in; the names of the copies, the volumes each one makes and, per
 * copy, the new guest's XML out, or the reason it cannot be done and the field it belongs to.
 * The new XML has no <uuid> and no <mac address> (libvirt gives new ones), its disks point at
 * the new volumes, its NVRAM at a file of its own that libvirt fills from the source's on the
 * first start (<nvram template>), its displays take free ports, and the file paths of its serial
 * ports, consoles and logs carry the new name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-clone"

#include "config.h"

#include "vimana-clone-plan.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-error.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* What a qcow2 overlay takes in its pool when it is made: its header and first tables. */
#define VIMANA_CLONE_OVERLAY_NEED (1024 * 1024)

#define BAD(s) ((const xmlChar *) (s))

/* ---- facts ---- */

static void
vimana_clone_disk_facts_free (VimanaCloneDiskFacts *disk)
{
    g_free (disk->target);
    g_free (disk->device);
    g_free (disk->path);
    g_free (disk->format);
    g_free (disk->pool);
    g_free (disk->volume);
    g_free (disk);
}

static void
vimana_clone_pool_facts_free (VimanaClonePoolFacts *pool)
{
    g_free (pool->name);
    g_free (pool->target_path);
    g_strfreev (pool->volumes);
    g_free (pool);
}

static char *
vimana_clone_get_prop (xmlNodePtr  node,
                       const char *name)
{
    xmlChar *value = xmlGetProp (node, BAD (name));
    char *result = value != NULL ? g_strdup ((const char *) value) : NULL;

    xmlFree (value);
    return result;
}

static xmlNodePtr
vimana_clone_child (xmlNodePtr  node,
                    const char *name)
{
    for (xmlNodePtr child = node != NULL ? node->children : NULL; child != NULL; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && xmlStrcmp (child->name, BAD (name)) == 0)
            return child;
    }
    return NULL;
}

static char *
vimana_clone_child_text (xmlNodePtr  node,
                         const char *name)
{
    xmlNodePtr child = vimana_clone_child (node, name);
    xmlChar *text = child != NULL ? xmlNodeGetContent (child) : NULL;
    char *result = text != NULL ? g_strstrip (g_strdup ((const char *) text)) : NULL;

    xmlFree (text);
    return result;
}

static xmlDocPtr
vimana_clone_parse (const char  *xml,
                    GError     **error)
{
    xmlDocPtr doc = xml != NULL ? xmlReadMemory (xml, strlen (xml), NULL, NULL,
                                                 XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                 XML_PARSE_NOWARNING) : NULL;
    xmlNodePtr root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;

    if (root == NULL || xmlStrcmp (root->name, BAD ("domain")) != 0) {
        if (doc != NULL)
            xmlFreeDoc (doc);
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The guest’s description could not be read."));
        return NULL;
    }
    return doc;
}

/* The base marker in the source's <metadata>, in any prefix. */
static xmlNodePtr
vimana_clone_find_metadata (xmlNodePtr root)
{
    xmlNodePtr metadata = vimana_clone_child (root, "metadata");

    for (xmlNodePtr child = metadata != NULL ? metadata->children : NULL; child; child = child->next) {
        if (child->type == XML_ELEMENT_NODE && child->ns != NULL &&
            xmlStrcmp (child->ns->href, BAD (VIMANA_CLONE_METADATA_NS)) == 0)
            return child;
    }
    return NULL;
}

/**
 * vimana_clone_facts_new_from_xml:
 * @xml: a guest's inactive XML
 * @error: where the reason goes when @xml is no domain
 *
 * Reads the disks, the TPM and the base marker from @xml; pools, volumes, the running state and
 * the other guests' names are for the caller to add.
 *
 * Returns: (transfer full) (nullable): the facts, with one reference
 */
VimanaCloneFacts *
vimana_clone_facts_new_from_xml (const char  *xml,
                                 GError     **error)
{
    g_autoptr(xmlDoc) doc = vimana_clone_parse (xml, error);
    VimanaCloneFacts *facts;
    xmlNodePtr root, devices, marker;

    if (doc == NULL)
        return NULL;
    root = xmlDocGetRootElement (doc);
    facts = g_new0 (VimanaCloneFacts, 1);
    facts->ref_count = 1;
    facts->xml = g_strdup (xml);
    facts->name = vimana_clone_child_text (root, "name");
    facts->uuid = vimana_clone_child_text (root, "uuid");
    facts->disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_clone_disk_facts_free);
    facts->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_clone_pool_facts_free);
    facts->guest_names = g_new0 (char *, 1);
    marker = vimana_clone_find_metadata (root);
    facts->is_base = marker != NULL && xmlStrcmp (marker->name, BAD ("base")) == 0;

    devices = vimana_clone_child (root, "devices");
    for (xmlNodePtr node = devices != NULL ? devices->children : NULL; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp (node->name, BAD ("tpm")) == 0) {
            xmlNodePtr backend = vimana_clone_child (node, "backend");
            g_autofree char *type = backend != NULL ? vimana_clone_get_prop (backend, "type") : NULL;

            facts->has_tpm = facts->has_tpm || g_strcmp0 (type, "emulator") == 0;
        } else if (xmlStrcmp (node->name, BAD ("disk")) == 0) {
            VimanaCloneDiskFacts *disk = g_new0 (VimanaCloneDiskFacts, 1);
            xmlNodePtr source = vimana_clone_child (node, "source");
            xmlNodePtr driver = vimana_clone_child (node, "driver");
            xmlNodePtr target = vimana_clone_child (node, "target");
            g_autofree char *type = vimana_clone_get_prop (node, "type");

            disk->device = vimana_clone_get_prop (node, "device");
            if (disk->device == NULL)
                disk->device = g_strdup ("disk");
            disk->target = target != NULL ? vimana_clone_get_prop (target, "dev") : NULL;
            if (disk->target == NULL)
                disk->target = g_strdup_printf ("disk%u", facts->disks->len);
            if (source != NULL && g_strcmp0 (type, "file") == 0)
                disk->path = vimana_clone_get_prop (source, "file");
            else if (source != NULL && g_strcmp0 (type, "block") == 0)
                disk->path = vimana_clone_get_prop (source, "dev");
            else if (source != NULL && g_strcmp0 (type, "volume") == 0) {
                disk->pool = vimana_clone_get_prop (source, "pool");
                disk->volume = vimana_clone_get_prop (source, "volume");
            }
            disk->format = driver != NULL ? vimana_clone_get_prop (driver, "type") : NULL;
            if (disk->format == NULL)
                disk->format = g_strdup ("raw");
            disk->readonly = vimana_clone_child (node, "readonly") != NULL;
            disk->shareable = vimana_clone_child (node, "shareable") != NULL;
            g_ptr_array_add (facts->disks, disk);
        }
    }
    return facts;
}

VimanaCloneFacts *
vimana_clone_facts_ref (VimanaCloneFacts *facts)
{
    g_return_val_if_fail (facts != NULL, NULL);

    g_atomic_int_inc (&facts->ref_count);
    return facts;
}

void
vimana_clone_facts_unref (VimanaCloneFacts *facts)
{
    if (facts == NULL || !g_atomic_int_dec_and_test (&facts->ref_count))
        return;
    g_free (facts->xml);
    g_free (facts->name);
    g_free (facts->uuid);
    g_ptr_array_unref (facts->disks);
    g_ptr_array_unref (facts->pools);
    g_strfreev (facts->guest_names);
    g_free (facts);
}

/* Returns: (transfer none): the new pool's facts, for the caller to fill in its volumes */
VimanaClonePoolFacts *
vimana_clone_facts_add_pool (VimanaCloneFacts *facts,
                             const char       *name,
                             const char       *target_path,
                             guint64           available)
{
    VimanaClonePoolFacts *pool = g_new0 (VimanaClonePoolFacts, 1);

    pool->name = g_strdup (name);
    pool->target_path = g_strdup (target_path);
    pool->active = TRUE;
    pool->available = available;
    pool->volumes = g_new0 (char *, 1);
    g_ptr_array_add (facts->pools, pool);
    return pool;
}

VimanaClonePoolFacts *
vimana_clone_facts_find_pool (VimanaCloneFacts *facts,
                              const char       *name)
{
    for (guint i = 0; name != NULL && i < facts->pools->len; i++) {
        VimanaClonePoolFacts *pool = g_ptr_array_index (facts->pools, i);

        if (g_strcmp0 (pool->name, name) == 0)
            return pool;
    }
    return NULL;
}

/* "web-clone", or "web-clone-2" … when that is taken. */
char *
vimana_clone_facts_suggest_name (VimanaCloneFacts *facts)
{
    g_autofree char *base = g_strdup_printf ("%s-clone", facts->name != NULL ? facts->name : "guest");
    char *name = g_strdup (base);

    for (guint n = 2; g_strv_contains ((const char * const *) facts->guest_names, name); n++) {
        g_free (name);
        name = g_strdup_printf ("%s-%u", base, n);
    }
    return name;
}

/* ---- options ---- */

/* A writable disk in a pool is copied; one no pool has is linked (an overlay needs only its
 * path); read-only, shareable and removable media are shared; an empty drive or a network disk
 * too, since there is nothing to copy. */
static VimanaCloneDiskMode
vimana_clone_default_mode (const VimanaCloneDiskFacts *disk)
{
    if (disk->readonly || disk->shareable || g_strcmp0 (disk->device, "cdrom") == 0 ||
        g_strcmp0 (disk->device, "floppy") == 0 || g_strcmp0 (disk->device, "lun") == 0)
        return VIMANA_CLONE_DISK_SHARE;
    if (disk->volume != NULL)
        return VIMANA_CLONE_DISK_COPY;
    if (disk->path != NULL)
        return VIMANA_CLONE_DISK_LINKED;
    return VIMANA_CLONE_DISK_SHARE;
}

VimanaCloneOptions *
vimana_clone_options_new (VimanaCloneFacts *facts)
{
    VimanaCloneOptions *options = g_new0 (VimanaCloneOptions, 1);

    options->name = vimana_clone_facts_suggest_name (facts);
    options->count = 1;
    options->modes = g_array_new (FALSE, TRUE, sizeof (VimanaCloneDiskMode));
    for (guint i = 0; i < facts->disks->len; i++) {
        VimanaCloneDiskMode mode = vimana_clone_default_mode (g_ptr_array_index (facts->disks, i));

        g_array_append_val (options->modes, mode);
    }
    options->tpm = VIMANA_CLONE_TPM_FRESH;
    return options;
}

VimanaCloneOptions *
vimana_clone_options_copy (const VimanaCloneOptions *options)
{
    VimanaCloneOptions *copy = g_new0 (VimanaCloneOptions, 1);

    copy->name = g_strdup (options->name);
    copy->count = options->count;
    copy->pool = g_strdup (options->pool);
    copy->modes = g_array_copy (options->modes);
    copy->tpm = options->tpm;
    return copy;
}

void
vimana_clone_options_free (VimanaCloneOptions *options)
{
    if (options == NULL)
        return;
    g_free (options->name);
    g_free (options->pool);
    g_array_unref (options->modes);
    g_free (options);
}

VimanaCloneDiskMode
vimana_clone_options_get_mode (const VimanaCloneOptions *options,
                               guint                     disk)
{
    g_return_val_if_fail (disk < options->modes->len, VIMANA_CLONE_DISK_SKIP);

    return g_array_index (options->modes, VimanaCloneDiskMode, disk);
}

void
vimana_clone_options_set_mode (VimanaCloneOptions  *options,
                               guint                disk,
                               VimanaCloneDiskMode  mode)
{
    g_return_if_fail (disk < options->modes->len);

    g_array_index (options->modes, VimanaCloneDiskMode, disk) = mode;
}

/* ---- names ---- */

/**
 * vimana_clone_check_name:
 * @name: a guest name or a pattern with one run of '#'
 * @error: where the reason goes
 *
 * Letters, digits and "-_.+", starting with a letter or a digit, at most 64 characters: every
 * driver takes such a name, and it is also a file name for the volumes, NVRAM and logs.
 */
gboolean
vimana_clone_check_name (const char  *name,
                         GError     **error)
{
    guint runs = 0;

    if (name == NULL || *name == '\0') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Give the clone a name."));
        return FALSE;
    }
    if (strlen (name) > 64) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The name is too long: at most 64 characters."));
        return FALSE;
    }
    if (!g_ascii_isalnum (name[0]) && name[0] != '#') {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The name must start with a letter or a digit."));
        return FALSE;
    }
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '#') {
            if (p == name || p[-1] != '#')
                runs++;
            continue;
        }
        if (!g_ascii_isalnum (*p) && strchr ("-_.+", *p) == NULL) {
            g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("Use only letters, digits, “-”, “_”, “.” and “+” in the name, "
                                   "and “#” for the number of each copy."));
            return FALSE;
        }
    }
    if (runs > 1) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("Use one run of “#” for the number of each copy, as in “web-##”."));
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_clone_expand_names:
 * @pattern: a checked name (vimana_clone_check_name())
 * @count: how many copies
 * @error: where the reason goes
 *
 * "web-##" × 20 gives web-01 … web-20; the run of '#' is the least width of the number. A name
 * without '#' is the name itself for one copy, and gets "-01", "-02"… for several.
 *
 * Returns: (transfer full): @count names
 */
GStrv
vimana_clone_expand_names (const char  *pattern,
                           guint        count,
                           GError     **error)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_autofree char *with_run = NULL;
    const char *run;
    guint width = 0;
    guint digits = 1;

    if (!vimana_clone_check_name (pattern, error))
        return NULL;
    if (count < 1 || count > VIMANA_CLONE_MAX_COUNT) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("Make between 1 and %u copies."), VIMANA_CLONE_MAX_COUNT);
        return NULL;
    }
    run = strchr (pattern, '#');
    if (run == NULL && count == 1) {
        g_strv_builder_add (builder, pattern);
        return g_strv_builder_end (builder);
    }
    if (run == NULL) {
        with_run = g_strconcat (pattern, "-##", NULL);
        pattern = with_run;
        run = strchr (pattern, '#');
    }
    while (run[width] == '#')
        width++;
    for (guint n = count; n >= 10; n /= 10)
        digits++;
    width = MAX (width, digits);
    for (guint i = 1; i <= count; i++) {
        g_autofree char *head = g_strndup (pattern, run - pattern);
        g_autofree char *name = g_strdup_printf ("%s%0*u%s", head, (int) width, i, run + strspn (run, "#"));

        g_strv_builder_add (builder, name);
    }
    return g_strv_builder_end (builder);
}

/**
 * vimana_clone_disk_mode_allowed:
 * @disk: a disk of the source
 * @mode: what the user would choose for it
 * @reason: (out) (optional): why not, when not
 *
 * Returns: whether @mode can be done for @disk
 */
gboolean
vimana_clone_disk_mode_allowed (const VimanaCloneDiskFacts  *disk,
                                VimanaCloneDiskMode          mode,
                                char                       **reason)
{
    const char *why = NULL;

    switch (mode) {
    case VIMANA_CLONE_DISK_COPY:
        if (disk->path == NULL && disk->volume == NULL)
            why = _("There is no image to copy.");
        else if (disk->volume == NULL)
            why = _("No storage pool has this image, so libvirt cannot copy it: link or share it.");
        break;
    case VIMANA_CLONE_DISK_LINKED:
        if (disk->path == NULL)
            why = _("There is no image to link to.");
        else if (g_strcmp0 (disk->device, "cdrom") == 0 || g_strcmp0 (disk->device, "floppy") == 0)
            why = _("Removable media are shared, not linked.");
        else if (g_strcmp0 (disk->format, "qcow2") != 0 && g_strcmp0 (disk->format, "raw") != 0)
            why = _("Only a qcow2 or raw image can be the base of a linked clone.");
        break;
    case VIMANA_CLONE_DISK_SHARE:
    case VIMANA_CLONE_DISK_SKIP:
        break;
    }
    if (reason != NULL)
        *reason = g_strdup (why);
    return why == NULL;
}

/* ---- the plan ---- */

static void
vimana_clone_volume_free (VimanaCloneVolume *volume)
{
    g_free (volume->pool);
    g_free (volume->path);
    g_free ((char *) volume->spec.name);
    g_free ((char *) volume->spec.format);
    g_free ((char *) volume->spec.backing_path);
    g_free ((char *) volume->spec.backing_format);
    g_free (volume);
}

static void
vimana_clone_copy_free (VimanaCloneCopy *copy)
{
    g_free (copy->name);
    g_ptr_array_unref (copy->volumes);
    g_free (copy);
}

void
vimana_clone_plan_free (VimanaClonePlan *plan)
{
    if (plan == NULL)
        return;
    vimana_clone_facts_unref (plan->facts);
    vimana_clone_options_free (plan->options);
    g_ptr_array_unref (plan->copies);
    g_free (plan);
}

static const char *
vimana_clone_volume_extension (const char *format)
{
    return g_strcmp0 (format, "raw") == 0 ? "img" : format;
}

/* Fills in the volumes of @copy; FALSE with the field when a disk or the pool does not fit. */
static gboolean
vimana_clone_plan_volumes (VimanaClonePlan   *plan,
                           VimanaCloneCopy   *copy,
                           VimanaCloneField  *field,
                           guint             *disk_index,
                           GError           **error)
{
    VimanaCloneFacts *facts = plan->facts;
    guint made = 0;

    for (guint i = 0; i < facts->disks->len; i++) {
        VimanaCloneDiskFacts *disk = g_ptr_array_index (facts->disks, i);
        VimanaCloneDiskMode mode = vimana_clone_options_get_mode (plan->options, i);
        const char *pool_name = plan->options->pool != NULL ? plan->options->pool : disk->pool;
        VimanaClonePoolFacts *pool;
        VimanaCloneVolume *volume;
        g_autofree char *reason = NULL;
        g_autofree char *name = NULL;
        const char *format;

        if (!vimana_clone_disk_mode_allowed (disk, mode, &reason)) {
            *field = VIMANA_CLONE_FIELD_DISK;
            *disk_index = i;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         /* Translators: "vda: No storage pool has this image…" */
                         _("%s: %s"), disk->target, reason);
            return FALSE;
        }
        if (mode != VIMANA_CLONE_DISK_COPY && mode != VIMANA_CLONE_DISK_LINKED)
            continue;
        pool = vimana_clone_facts_find_pool (facts, pool_name);
        if (pool == NULL || !pool->active || pool->target_path == NULL) {
            *field = plan->options->pool != NULL ? VIMANA_CLONE_FIELD_POOL : VIMANA_CLONE_FIELD_DISK;
            *disk_index = i;
            if (pool_name == NULL)
                g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("%s: no storage pool has this image; choose a pool for the clone’s "
                               "disks."), disk->target);
            else
                g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The storage pool “%s” is not a running folder pool: choose "
                               "another."), pool_name);
            return FALSE;
        }
        format = mode == VIMANA_CLONE_DISK_LINKED ? "qcow2" : disk->format;
        if (made == 0)
            name = g_strdup_printf ("%s.%s", copy->name, vimana_clone_volume_extension (format));
        else
            name = g_strdup_printf ("%s-%s.%s", copy->name, disk->target,
                                    vimana_clone_volume_extension (format));
        made++;
        if (g_strv_contains ((const char * const *) pool->volumes, name)) {
            *field = VIMANA_CLONE_FIELD_NAME;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                         _("The storage pool “%s” already has a volume “%s”: choose another "
                           "name."), pool->name, name);
            return FALSE;
        }
        volume = g_new0 (VimanaCloneVolume, 1);
        volume->disk = i;
        volume->mode = mode;
        volume->pool = g_strdup (pool->name);
        volume->path = g_build_filename (pool->target_path, name, NULL);
        volume->spec.name = g_steal_pointer (&name);
        volume->spec.format = g_strdup (format);
        volume->spec.capacity = disk->capacity;
        if (mode == VIMANA_CLONE_DISK_LINKED) {
            volume->spec.backing_path = g_strdup (disk->path);
            volume->spec.backing_format = g_strdup (disk->format);
            volume->need = VIMANA_CLONE_OVERLAY_NEED;
        } else {
            /* A copy writes what the source has written (libvirt keeps holes). */
            volume->need = disk->allocation;
        }
        g_ptr_array_add (copy->volumes, volume);
    }
    return TRUE;
}

/* Every pool has room for what all copies write there. */
static gboolean
vimana_clone_plan_check_space (VimanaClonePlan   *plan,
                               VimanaCloneField  *field,
                               GError           **error)
{
    for (guint p = 0; p < plan->facts->pools->len; p++) {
        VimanaClonePoolFacts *pool = g_ptr_array_index (plan->facts->pools, p);
        guint64 need = 0;

        for (guint c = 0; c < plan->copies->len; c++) {
            VimanaCloneCopy *copy = g_ptr_array_index (plan->copies, c);

            for (guint v = 0; v < copy->volumes->len; v++) {
                VimanaCloneVolume *volume = g_ptr_array_index (copy->volumes, v);

                if (g_strcmp0 (volume->pool, pool->name) == 0)
                    need += volume->need;
            }
        }
        if (need > pool->available) {
            g_autofree char *has = g_format_size (pool->available);
            g_autofree char *wants = g_format_size (need);

            *field = plan->options->pool != NULL ? VIMANA_CLONE_FIELD_POOL : VIMANA_CLONE_FIELD_COUNT;
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         /* Translators: "The storage pool “default” has 2.1 GB free; the clone needs 10.7 GB." */
                         _("The storage pool “%s” has %s free; the clone needs %s. Free some space, "
                           "choose another pool, or link the disks instead of copying them."),
                         pool->name, has, wants);
            return FALSE;
        }
        plan->need += need;
    }
    return TRUE;
}

/**
 * vimana_clone_plan_new:
 * @facts: the source and its connection
 * @options: the user's choices
 * @field: (out) (optional): which field the error is about
 * @disk: (out) (optional): which disk, when @field is %VIMANA_CLONE_FIELD_DISK
 * @error: where the reason goes, a sentence for the user
 *
 * Checks everything that can be checked before libvirt is asked: the source is shut off, the
 * names are valid and free (guests and volumes), each disk's choice can be done, the target
 * pool runs and has room for every copy.
 *
 * Returns: (transfer full) (nullable): the plan
 */
VimanaClonePlan *
vimana_clone_plan_new (VimanaCloneFacts          *facts,
                       const VimanaCloneOptions  *options,
                       VimanaCloneField          *field,
                       guint                     *disk,
                       GError                   **error)
{
    g_autoptr(VimanaClonePlan) plan = NULL;
    g_auto(GStrv) names = NULL;
    VimanaCloneField dummy_field;
    guint dummy_disk;

    g_return_val_if_fail (facts != NULL && options != NULL, NULL);
    g_return_val_if_fail (options->modes->len == facts->disks->len, NULL);

    field = field != NULL ? field : &dummy_field;
    disk = disk != NULL ? disk : &dummy_disk;
    *field = VIMANA_CLONE_FIELD_NONE;
    *disk = 0;

    if (facts->running) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                     _("“%s” is running: shut it down to clone it. Its disks change while they "
                       "are copied, so the copy would not be consistent."), facts->name);
        return NULL;
    }
    *field = VIMANA_CLONE_FIELD_NAME;
    if (!vimana_clone_check_name (options->name, error))
        return NULL;
    names = vimana_clone_expand_names (options->name, options->count, error);
    if (names == NULL) {
        *field = VIMANA_CLONE_FIELD_COUNT;
        return NULL;
    }
    for (guint i = 0; names[i] != NULL; i++) {
        if (g_strv_contains ((const char * const *) facts->guest_names, names[i])) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                         _("A guest “%s” already exists: choose another name."), names[i]);
            return NULL;
        }
    }
    if (options->pool != NULL && vimana_clone_facts_find_pool (facts, options->pool) == NULL) {
        *field = VIMANA_CLONE_FIELD_POOL;
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                     _("There is no storage pool “%s”."), options->pool);
        return NULL;
    }
    if (options->tpm == VIMANA_CLONE_TPM_COPY && facts->has_tpm && !facts->tpm_copyable) {
        *field = VIMANA_CLONE_FIELD_TPM;
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("This libvirt keeps a TPM’s state under the guest’s UUID where no "
                               "client can copy it (a state folder can be given from libvirt "
                               "10.10): the clone can only start with a fresh TPM."));
        return NULL;
    }

    plan = g_new0 (VimanaClonePlan, 1);
    plan->facts = vimana_clone_facts_ref (facts);
    plan->options = vimana_clone_options_copy (options);
    plan->copies = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_clone_copy_free);
    for (guint i = 0; names[i] != NULL; i++) {
        VimanaCloneCopy *copy = g_new0 (VimanaCloneCopy, 1);

        copy->name = g_strdup (names[i]);
        copy->volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_clone_volume_free);
        g_ptr_array_add (plan->copies, copy);
        if (!vimana_clone_plan_volumes (plan, copy, field, disk, error))
            return NULL;
    }
    for (guint i = 0; i < options->modes->len; i++)
        plan->linked = plan->linked || vimana_clone_options_get_mode (options, i) ==
                       VIMANA_CLONE_DISK_LINKED;
    if (!vimana_clone_plan_check_space (plan, field, error))
        return NULL;
    *field = VIMANA_CLONE_FIELD_NONE;
    return g_steal_pointer (&plan);
}

/* ---- the new guest's XML ---- */

static void
vimana_clone_remove_children (xmlNodePtr  node,
                              const char *name)
{
    xmlNodePtr child = node != NULL ? node->children : NULL;

    while (child != NULL) {
        xmlNodePtr next = child->next;

        if (child->type == XML_ELEMENT_NODE && xmlStrcmp (child->name, BAD (name)) == 0) {
            xmlUnlinkNode (child);
            xmlFreeNode (child);
        }
        child = next;
    }
}

/* @path with the source's name replaced by @name in its file name, or "@name-" put before it. */
static char *
vimana_clone_rename_path (const char *path,
                          const char *source,
                          const char *name)
{
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *renamed = NULL;

    if (source != NULL && *source != '\0' && strstr (base, source) != NULL) {
        g_auto(GStrv) parts = g_strsplit (base, source, -1);

        renamed = g_strjoinv (name, parts);
    } else {
        renamed = g_strdup_printf ("%s-%s", name, base);
    }
    return g_build_filename (dir, renamed, NULL);
}

static void
vimana_clone_rename_prop (xmlNodePtr  node,
                          const char *attribute,
                          const char *source,
                          const char *name)
{
    g_autofree char *value = node != NULL ? vimana_clone_get_prop (node, attribute) : NULL;
    g_autofree char *renamed = NULL;

    if (value == NULL || *value != '/')
        return;
    renamed = vimana_clone_rename_path (value, source, name);
    xmlSetProp (node, BAD (attribute), BAD (renamed));
}

/* Serial ports, consoles and channels: file and socket paths, and <log file>. */
static void
vimana_clone_rename_chardev (xmlNodePtr  node,
                             const char *source,
                             const char *name)
{
    g_autofree char *type = vimana_clone_get_prop (node, "type");

    for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
        if (child->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp (child->name, BAD ("log")) == 0)
            vimana_clone_rename_prop (child, "file", source, name);
        else if (xmlStrcmp (child->name, BAD ("source")) == 0 && g_strcmp0 (type, "pty") == 0)
            xmlUnsetProp (child, BAD ("path"));
        else if (xmlStrcmp (child->name, BAD ("source")) == 0)
            vimana_clone_rename_prop (child, "path", source, name);
    }
}

static void
vimana_clone_set_disk (xmlNodePtr               node,
                       const VimanaCloneVolume *volume)
{
    xmlNodePtr source = vimana_clone_child (node, "source");
    xmlNodePtr driver = vimana_clone_child (node, "driver");

    xmlSetProp (node, BAD ("type"), BAD ("file"));
    if (source != NULL) {
        xmlUnlinkNode (source);
        xmlFreeNode (source);
    }
    source = xmlNewNode (NULL, BAD ("source"));
    xmlSetProp (source, BAD ("file"), BAD (volume->path));
    if (driver != NULL)
        xmlAddNextSibling (driver, source);
    else if (node->children != NULL)
        xmlAddPrevSibling (node->children, source);
    else
        xmlAddChild (node, source);
    if (driver == NULL) {
        driver = xmlNewNode (NULL, BAD ("driver"));
        xmlSetProp (driver, BAD ("name"), BAD ("qemu"));
        xmlAddPrevSibling (source, driver);
    }
    xmlSetProp (driver, BAD ("type"), BAD (volume->spec.format));
    /* The chain is the new volume's; libvirt reads it again. */
    vimana_clone_remove_children (node, "backingStore");
}

static void
vimana_clone_set_metadata (xmlNodePtr              root,
                           const VimanaClonePlan  *plan)
{
    xmlNodePtr metadata = vimana_clone_child (root, "metadata");
    xmlNodePtr marker = vimana_clone_find_metadata (root);
    xmlNsPtr ns;

    /* A clone is no base, even of a base; nor is it the clone of its source's base. */
    if (marker != NULL) {
        xmlUnlinkNode (marker);
        xmlFreeNode (marker);
    }
    if (!plan->linked) {
        if (metadata != NULL && metadata->children == NULL) {
            xmlUnlinkNode (metadata);
            xmlFreeNode (metadata);
        }
        return;
    }
    if (metadata == NULL) {
        xmlNodePtr after = vimana_clone_child (root, "description");

        after = after != NULL ? after : vimana_clone_child (root, "title");
        after = after != NULL ? after : vimana_clone_child (root, "uuid");
        after = after != NULL ? after : vimana_clone_child (root, "name");
        metadata = xmlNewNode (NULL, BAD ("metadata"));
        if (after != NULL)
            xmlAddNextSibling (after, metadata);
        else
            xmlAddChild (root, metadata);
    }
    marker = xmlNewChild (metadata, NULL, BAD ("linked"), NULL);
    ns = xmlNewNs (marker, BAD (VIMANA_CLONE_METADATA_NS), BAD (VIMANA_CLONE_METADATA_KEY));
    xmlSetNs (marker, ns);
    xmlSetProp (marker, BAD ("base"), BAD (plan->facts->name));
}

/**
 * vimana_clone_plan_build_xml:
 * @plan: a plan
 * @copy: which copy
 * @error: where the reason goes
 *
 * Returns: (transfer full) (nullable): the XML to define copy @copy with
 */
char *
vimana_clone_plan_build_xml (VimanaClonePlan  *plan,
                             guint             copy_index,
                             GError          **error)
{
    g_autoptr(xmlDoc) doc = NULL;
    VimanaCloneCopy *copy;
    xmlNodePtr root, devices, os, name;
    xmlChar *dump = NULL;
    const char *source = plan->facts->name;
    guint disk_index = 0;
    int size = 0;
    char *result;

    g_return_val_if_fail (copy_index < plan->copies->len, NULL);

    copy = g_ptr_array_index (plan->copies, copy_index);
    doc = vimana_clone_parse (plan->facts->xml, error);
    if (doc == NULL)
        return NULL;
    root = xmlDocGetRootElement (doc);
    xmlUnsetProp (root, BAD ("id"));

    name = vimana_clone_child (root, "name");
    if (name == NULL)
        name = xmlNewChild (root, NULL, BAD ("name"), NULL);
    xmlNodeSetContent (name, NULL);
    xmlNodeAddContent (name, BAD (copy->name));
    vimana_clone_remove_children (root, "uuid");
    /* An empty <genid/> asks libvirt for a new generation ID. */
    if (vimana_clone_child (root, "genid") != NULL) {
        vimana_clone_remove_children (root, "genid");
        xmlAddNextSibling (name, xmlNewNode (NULL, BAD ("genid")));
    }
    vimana_clone_set_metadata (root, plan);

    os = vimana_clone_child (root, "os");
    if (os != NULL) {
        xmlNodePtr nvram = vimana_clone_child (os, "nvram");
        xmlChar *path = nvram != NULL ? xmlNodeGetContent (nvram) : NULL;

        if (path != NULL && *g_strstrip ((char *) path) == '/') {
            g_autofree char *renamed = vimana_clone_rename_path ((const char *) path, source,
                                                                 copy->name);

            /* libvirt fills a missing NVRAM from its template on the first start: the
             * source's variables (boot entries, Secure Boot keys) come with the clone. */
            xmlSetProp (nvram, BAD ("template"), path);
            xmlNodeSetContent (nvram, NULL);
            xmlNodeAddContent (nvram, BAD (renamed));
        }
        xmlFree (path);
    }

    devices = vimana_clone_child (root, "devices");
    for (xmlNodePtr node = devices != NULL ? devices->children : NULL, next; node; node = next) {
        next = node->next;
        if (node->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp (node->name, BAD ("disk")) == 0) {
            VimanaCloneDiskMode mode = vimana_clone_options_get_mode (plan->options, disk_index);

            if (mode == VIMANA_CLONE_DISK_SKIP) {
                xmlUnlinkNode (node);
                xmlFreeNode (node);
            } else if (mode != VIMANA_CLONE_DISK_SHARE) {
                for (guint v = 0; v < copy->volumes->len; v++) {
                    VimanaCloneVolume *volume = g_ptr_array_index (copy->volumes, v);

                    if (volume->disk == disk_index)
                        vimana_clone_set_disk (node, volume);
                }
            }
            disk_index++;
        } else if (xmlStrcmp (node->name, BAD ("interface")) == 0) {
            vimana_clone_remove_children (node, "mac");
            vimana_clone_remove_children (node, "target");
        } else if (xmlStrcmp (node->name, BAD ("graphics")) == 0) {
            g_autofree char *port = vimana_clone_get_prop (node, "port");
            g_autofree char *autoport = vimana_clone_get_prop (node, "autoport");
            g_autofree char *websocket = vimana_clone_get_prop (node, "websocket");

            /* A fixed port would clash with the source's: each copy takes a free one. */
            if (port != NULL || autoport != NULL) {
                xmlUnsetProp (node, BAD ("port"));
                xmlUnsetProp (node, BAD ("tlsPort"));
                xmlSetProp (node, BAD ("autoport"), BAD ("yes"));
            }
            if (websocket != NULL)
                xmlSetProp (node, BAD ("websocket"), BAD ("-1"));
            for (xmlNodePtr child = node->children; child != NULL; child = child->next) {
                if (child->type == XML_ELEMENT_NODE && xmlStrcmp (child->name, BAD ("listen")) == 0)
                    vimana_clone_rename_prop (child, "socket", source, copy->name);
            }
        } else if (xmlStrcmp (node->name, BAD ("serial")) == 0 ||
                   xmlStrcmp (node->name, BAD ("console")) == 0 ||
                   xmlStrcmp (node->name, BAD ("parallel")) == 0 ||
                   xmlStrcmp (node->name, BAD ("channel")) == 0) {
            vimana_clone_rename_chardev (node, source, copy->name);
        }
    }

    xmlDocDumpFormatMemoryEnc (doc, &dump, &size, "UTF-8", 0);
    /* Without the declaration libvirt's own dumps start with. */
    result = g_strdup (g_str_has_prefix ((const char *) dump, "<?xml")
                       ? strchr ((const char *) dump, '\n') + 1 : (const char *) dump);
    xmlFree (dump);
    return result;
}

/* The names of the <clone>s in a <base> element. */
static GPtrArray *
vimana_clone_base_names (xmlNodePtr root)
{
    GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

    if (root == NULL || xmlStrcmp (root->name, BAD ("base")) != 0)
        return names;
    for (xmlNodePtr child = root->children; child != NULL; child = child->next) {
        g_autofree char *name = child->type == XML_ELEMENT_NODE
                                ? vimana_clone_get_prop (child, "name") : NULL;

        if (name != NULL)
            g_ptr_array_add (names, g_steal_pointer (&name));
    }
    return names;
}

/**
 * vimana_clone_base_metadata_parse:
 * @metadata: (nullable): a guest's Vimana metadata element, as virDomainGetMetadata() gives it
 *
 * Returns: (transfer full) (nullable): the linked clones it lists, or %NULL when it is no base
 */
GStrv
vimana_clone_base_metadata_parse (const char *metadata)
{
    g_autoptr(xmlDoc) doc = metadata != NULL ? xmlReadMemory (metadata, strlen (metadata), NULL, NULL,
                                                              XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                              XML_PARSE_NOWARNING) : NULL;
    g_autoptr(GPtrArray) names = vimana_clone_base_names (doc != NULL ? xmlDocGetRootElement (doc)
                                                          : NULL);

    if (names->len == 0)
        return NULL;
    g_ptr_array_add (names, NULL);
    return (GStrv) g_ptr_array_steal (names, NULL);
}

/**
 * vimana_clone_plan_base_metadata:
 * @current: (nullable): the source's current Vimana metadata element, if any
 * @clones: the names of the linked clones just made
 *
 * Returns: (transfer full): the <base> element to set as the source's Vimana metadata: every
 *   linked clone ever made from it, so that Vimana warns before it is started or changed
 */
char *
vimana_clone_plan_base_metadata (const char         *current,
                                 const char * const *clones)
{
    g_autoptr(xmlDoc) old = current != NULL ? xmlReadMemory (current, strlen (current), NULL, NULL,
                                                             XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                             XML_PARSE_NOWARNING) : NULL;
    g_autoptr(GPtrArray) names = vimana_clone_base_names (old != NULL ? xmlDocGetRootElement (old)
                                                          : NULL);
    GString *xml = g_string_new ("<base>");

    for (guint i = 0; clones != NULL && clones[i] != NULL; i++) {
        if (!g_ptr_array_find_with_equal_func (names, clones[i], g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (clones[i]));
    }
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *escaped = g_markup_escape_text (g_ptr_array_index (names, i), -1);

        g_string_append_printf (xml, "<clone name=\"%s\"/>", escaped);
    }
    g_string_append (xml, "</base>");
    return g_string_free (xml, FALSE);
}
