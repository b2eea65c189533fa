/* vimana-domain-config-apply.c: reading a guest's configuration and applying an edited one
 *
 * Both run on the connection's worker. Applying first checks that the persistent definition is
 * still the one the edit started from (another client may have changed it meanwhile: then
 * nothing is applied and the caller is told with VIMANA_ERROR_CONFIG_CHANGED), then renames,
 * defines the new XML with validation, and makes the live changes, each with
 * AFFECT_LIVE|AFFECT_CONFIG on a running guest. When a step fails after an earlier one
 * changed something, the job renames the guest back and defines the XML it started from
 * again, so that a failure leaves the configuration as it was; the error says so, or says
 * plainly what stayed changed when even that was refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-config"

#include "config.h"

#include "vimana-domain.h"

#include <glib/gi18n-lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-connection-private.h"
#include "vimana-device-kind.h"
#include "vimana-domain-config.h"
#include "vimana-error.h"
#include "vimana-storage-volume.h"

/**
 * vimana_live_change_new:
 * @kind: what to change
 * @value: the vCPU count or the memory in KiB, for those kinds
 * @xml: (nullable): the device XML, for the device kinds
 */
VimanaLiveChange *
vimana_live_change_new (VimanaLiveChangeKind  kind,
                        guint64               value,
                        const char           *xml)
{
    VimanaLiveChange *change = g_new0 (VimanaLiveChange, 1);

    change->kind = kind;
    change->value = value;
    change->xml = g_strdup (xml);
    return change;
}

void
vimana_live_change_free (VimanaLiveChange *change)
{
    if (change == NULL)
        return;
    g_free (change->xml);
    g_free (change);
}

typedef struct
{
    virDomainPtr  dom;
    char         *origin_xml;
    char         *new_xml;
    GPtrArray    *changes;
} VimanaApplyJob;

static void
vimana_apply_job_free (gpointer data)
{
    VimanaApplyJob *job = data;

    if (job->dom != NULL)
        virDomainFree (job->dom);
    g_free (job->origin_xml);
    g_free (job->new_xml);
    g_clear_pointer (&job->changes, g_ptr_array_unref);
    g_free (job);
}

/* The persistent definition, with secrets (VNC passwords) when the connection may see them. */
static char *
vimana_domain_config_read_inactive (virDomainPtr   dom,
                                    GError       **error)
{
    char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    char *copy;

    if (xml == NULL) {
        virResetLastError ();
        xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    }
    if (xml == NULL) {
        vimana_error_set_from_libvirt (error, _("The guest’s configuration could not be read."));
        return NULL;
    }
    copy = g_strdup (xml);
    free (xml);
    return copy;
}

static void
vimana_domain_fetch_config_job (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaApplyJob *job = cjob->data;
    GError *error = NULL;
    g_autofree char *xml = NULL;
    VimanaDomainConfig *config;
    virNodeInfo node;

    xml = vimana_domain_config_read_inactive (job->dom, &error);
    if (xml == NULL) {
        g_task_return_error (task, error);
        return;
    }
    config = vimana_domain_config_new_from_xml (xml, &error);
    if (config == NULL) {
        g_task_return_error (task, error);
        return;
    }
    vimana_domain_config_set_running (config, virDomainIsActive (job->dom) > 0);
    if (virNodeGetInfo (cjob->conn, &node) == 0)
        vimana_domain_config_set_host_cpus (config, node.cpus);
    virResetLastError ();
    g_task_return_pointer (task, config, g_object_unref);
}

static gboolean
vimana_domain_queue_config_job (VimanaDomain    *self,
                                GTask           *task,
                                VimanaApplyJob  *job,
                                GTaskThreadFunc  func)
{
    job->dom = vimana_domain_ref_virdomain (self);
    if (job->dom == NULL) {
        vimana_apply_job_free (job);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN,
                                 _("The guest “%s” no longer exists."),
                                 vimana_domain_get_name (self));
        return FALSE;
    }
    vimana_connection_push_job (vimana_domain_get_connection (self), task, job,
                                vimana_apply_job_free, func);
    return TRUE;
}

/**
 * vimana_domain_fetch_config_async:
 *
 * Reads the guest's persistent configuration, whether it runs, and the host's CPU count.
 */
void
vimana_domain_fetch_config_async (VimanaDomain        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_fetch_config_async);
    vimana_domain_queue_config_job (self, task, g_new0 (VimanaApplyJob, 1),
                                    vimana_domain_fetch_config_job);
}

/**
 * vimana_domain_fetch_config_finish:
 *
 * Returns: (transfer full) (nullable): the configuration
 */
VimanaDomainConfig *
vimana_domain_fetch_config_finish (VimanaDomain  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* Sets memory on both sides. A driver that refuses the two flags together (the test driver
 * does) gets them one after the other, the persistent side first: when the live side then
 * fails, the apply job puts the persistent definition back, whereas a live change followed by
 * a refused persistent one could not be undone. */
static int
vimana_apply_set_memory (virDomainPtr dom,
                         guint64      kib,
                         unsigned int flags)
{
    virErrorPtr err;

    if (virDomainSetMemoryFlags (dom, kib, flags) == 0)
        return 0;
    err = virGetLastError ();
    if (err == NULL || err->code != VIR_ERR_INVALID_ARG ||
        flags != (VIR_DOMAIN_AFFECT_LIVE | VIR_DOMAIN_AFFECT_CONFIG))
        return -1;
    virResetLastError ();
    if (virDomainSetMemoryFlags (dom, kib, VIR_DOMAIN_AFFECT_CONFIG) < 0)
        return -1;
    return virDomainSetMemoryFlags (dom, kib, VIR_DOMAIN_AFFECT_LIVE);
}

static gboolean
vimana_apply_live_change (virDomainPtr       dom,
                          VimanaLiveChange  *change,
                          unsigned int       flags,
                          GError           **error)
{
    int ret = -1;
    const char *fallback = NULL;

    switch (change->kind) {
    case VIMANA_LIVE_CHANGE_VCPUS:
        ret = virDomainSetVcpusFlags (dom, (unsigned int) change->value, flags);
        fallback = _("The number of vCPUs could not be changed.");
        break;
    case VIMANA_LIVE_CHANGE_MEMORY:
        ret = vimana_apply_set_memory (dom, change->value, flags);
        fallback = _("The memory could not be changed.");
        break;
    case VIMANA_LIVE_CHANGE_ATTACH:
        ret = virDomainAttachDeviceFlags (dom, change->xml, flags);
        fallback = _("The device could not be added.");
        break;
    case VIMANA_LIVE_CHANGE_DETACH:
        ret = virDomainDetachDeviceFlags (dom, change->xml, flags);
        fallback = _("The device could not be removed.");
        break;
    case VIMANA_LIVE_CHANGE_UPDATE:
        ret = virDomainUpdateDeviceFlags (dom, change->xml, flags);
        fallback = _("The device could not be changed.");
        break;
    default:
        g_assert_not_reached ();
    }
    if (ret < 0) {
        vimana_error_set_from_libvirt (error, fallback);
        return FALSE;
    }
    return TRUE;
}

/* Renames a shut-off guest when @new_xml names it differently; libvirt defines by UUID and
 * would refuse a new name for a known UUID. Sets @renamed when it did rename. */
static gboolean
vimana_apply_rename (virDomainPtr   dom,
                     const char    *new_xml,
                     gboolean       active,
                     gboolean      *renamed,
                     GError       **error)
{
    g_autoptr(VimanaDomainConfig) config = vimana_domain_config_new_from_xml (new_xml, error);
    g_autofree char *name = NULL;

    *renamed = FALSE;
    if (config == NULL)
        return FALSE;
    name = vimana_domain_config_get_name (config);
    if (name == NULL || g_strcmp0 (name, virDomainGetName (dom)) == 0)
        return TRUE;
    if (active) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                             _("A running guest cannot be renamed: shut it down first."));
        return FALSE;
    }
    if (virDomainRename (dom, name, 0) < 0) {
        vimana_error_set_from_libvirt (error, _("The guest could not be renamed."));
        return FALSE;
    }
    *renamed = TRUE;
    return TRUE;
}

/* What an apply job has done so far, so that a failed step can be undone. */
typedef struct
{
    char     *old_name;     /* the guest's name before the job */
    gboolean  persistent;   /* whether it had a persistent definition before the job */
    gboolean  renamed;
    gboolean  defined;      /* the persistent definition may differ from job->origin_xml */
    guint     n_live;       /* live changes made on a running guest */
} VimanaApplyProgress;

/* Puts the guest's name and persistent definition back as the job found them. */
static gboolean
vimana_apply_roll_back (virConnectPtr        conn,
                        VimanaApplyJob      *job,
                        VimanaApplyProgress *progress)
{
    gboolean ok = TRUE;

    if (progress->renamed) {
        if (virDomainRename (job->dom, progress->old_name, 0) < 0)
            return FALSE;
        progress->renamed = FALSE;
    }
    if (!progress->defined)
        return TRUE;
    if (progress->persistent) {
        virDomainPtr defined = virDomainDefineXMLFlags (conn, job->origin_xml, 0);

        ok = defined != NULL;
        if (defined != NULL)
            virDomainFree (defined);
    } else {
        /* The job made a transient guest persistent: make it transient again. */
        ok = virDomainUndefine (job->dom) == 0;
    }
    if (ok)
        progress->defined = FALSE;
    return ok;
}

/* Undoes what the job did after @step_error and replaces it with an error that says what the
 * guest is left with. */
static GError *
vimana_apply_fail (virConnectPtr        conn,
                   VimanaApplyJob      *job,
                   VimanaApplyProgress *progress,
                   gboolean             active,
                   GError              *step_error)
{
    GError *error;

    if (!progress->renamed && !progress->defined && progress->n_live == 0)
        return step_error;

    if (!vimana_apply_roll_back (conn, job, progress)) {
        virResetLastError ();
        if (progress->renamed)
            error = g_error_new (step_error->domain, step_error->code,
                                 _("The guest was renamed to “%s”, but its configuration was "
                                   "not changed, and the old name could not be put back: %s"),
                                 virDomainGetName (job->dom), step_error->message);
        else if (active)
            error = g_error_new (step_error->domain, step_error->code,
                                 _("The new configuration was saved for the next start, but the "
                                   "running guest was not changed: %s"),
                                 step_error->message);
        else
            error = g_error_new (step_error->domain, step_error->code,
                                 _("The new configuration was saved, but a later change "
                                   "failed and the old configuration could not be put back: "
                                   "%s"),
                                 step_error->message);
    } else if (progress->n_live > 0) {
        error = g_error_new (step_error->domain, step_error->code,
                             _("The saved configuration was not changed, but the running guest "
                               "keeps the changes made before this one failed: %s"),
                             step_error->message);
    } else {
        error = g_error_new (step_error->domain, step_error->code,
                             _("Nothing was changed: %s"), step_error->message);
    }
    g_error_free (step_error);
    return error;
}

static void
vimana_domain_apply_config_job (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaApplyJob *job = cjob->data;
    GError *error = NULL;
    g_autofree char *current = NULL;
    g_autofree char *old_name = g_strdup (virDomainGetName (job->dom));
    gboolean active = virDomainIsActive (job->dom) > 0;
    VimanaApplyProgress progress = {
        .old_name = old_name,
        .persistent = virDomainIsPersistent (job->dom) > 0,
    };
    unsigned int flags;

    current = vimana_domain_config_read_inactive (job->dom, &error);
    if (current == NULL) {
        g_task_return_error (task, error);
        return;
    }
    if (!vimana_domain_config_equal_xml (current, job->origin_xml)) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_CONFIG_CHANGED,
                                 _("The guest’s configuration was changed by another program "
                                   "since it was loaded. Reload it and make the change again."));
        return;
    }

    if (job->new_xml != NULL) {
        virDomainPtr defined;

        if (!vimana_apply_rename (job->dom, job->new_xml, active, &progress.renamed, &error)) {
            g_task_return_error (task, error);
            return;
        }
        defined = virDomainDefineXMLFlags (cjob->conn, job->new_xml,
                                           VIR_DOMAIN_DEFINE_VALIDATE);
        if (defined == NULL) {
            vimana_error_set_from_libvirt (&error, _("The configuration was refused."));
            g_task_return_error (task, vimana_apply_fail (cjob->conn, job, &progress, active,
                                                          error));
            return;
        }
        virDomainFree (defined);
        progress.defined = TRUE;
    }

    flags = active ? VIR_DOMAIN_AFFECT_LIVE : VIR_DOMAIN_AFFECT_CONFIG;
    if (active && (progress.persistent || job->new_xml != NULL))
        flags |= VIR_DOMAIN_AFFECT_CONFIG;
    for (guint i = 0; job->changes != NULL && i < job->changes->len; i++) {
        if (flags & VIR_DOMAIN_AFFECT_CONFIG)
            progress.defined = TRUE;
        if (!vimana_apply_live_change (job->dom, job->changes->pdata[i], flags, &error)) {
            g_task_return_error (task, vimana_apply_fail (cjob->conn, job, &progress, active,
                                                          error));
            return;
        }
        if (active)
            progress.n_live++;
    }
    g_task_return_pointer (task, vimana_domain_info_collect (job->dom, NULL),
                           (GDestroyNotify) vimana_domain_info_free);
}

/**
 * vimana_domain_apply_config_async:
 * @origin_xml: the persistent XML the edit started from (vimana_domain_config_get_origin_xml())
 * @new_xml: (nullable): the XML to define, or %NULL to define nothing
 * @changes: (nullable) (element-type VimanaLiveChange): changes made after the definition,
 *   live and persistent on a running guest, persistent on a shut-off one
 *
 * Fails with %VIMANA_ERROR_CONFIG_CHANGED, changing nothing, when the persistent definition is
 * no longer @origin_xml.
 */
void
vimana_domain_apply_config_async (VimanaDomain        *self,
                                  const char          *origin_xml,
                                  const char          *new_xml,
                                  GPtrArray           *changes,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaApplyJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (origin_xml != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_apply_config_async);
    job = g_new0 (VimanaApplyJob, 1);
    job->origin_xml = g_strdup (origin_xml);
    job->new_xml = g_strdup (new_xml);
    job->changes = changes != NULL ? g_ptr_array_ref (changes) : NULL;
    vimana_domain_queue_config_job (self, task, job, vimana_domain_apply_config_job);
}

gboolean
vimana_domain_apply_config_finish (VimanaDomain  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_domain_finish_with_info (self, result, error);
}

/* ---- host devices ---- */

void
vimana_host_device_free (VimanaHostDevice *device)
{
    if (device == NULL)
        return;
    g_free (device->name);
    g_free (device->description);
    g_free (device->hostdev_xml);
    g_free (device);
}

static char *
vimana_host_device_child_text (xmlNodePtr  parent,
                               const char *name,
                               char      **id)
{
    for (xmlNodePtr node = parent ? parent->children : NULL; node != NULL; node = node->next) {
        xmlChar *text;
        char *copy;

        if (node->type != XML_ELEMENT_NODE || !xmlStrEqual (node->name, BAD_CAST name))
            continue;
        if (id != NULL) {
            xmlChar *value = xmlGetProp (node, BAD_CAST "id");

            *id = g_strdup ((const char *) value);
            xmlFree (value);
        }
        text = xmlNodeGetContent (node);
        copy = g_strdup ((const char *) text);
        xmlFree (text);
        return copy;
    }
    return NULL;
}

/* The <hostdev> element that gives the host device @id to a guest, built by its kind. */
static char *
vimana_host_device_build_xml (const char *kind_id,
                              const char *id)
{
    g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);

    g_hash_table_insert (values, "device", (gpointer) id);
    return vimana_device_kind_info_build_xml (vimana_device_kind_info_lookup (kind_id), NULL,
                                              values, NULL, NULL);
}

/* Describes one node device from its XML, or returns NULL when it is neither USB nor PCI. */
static VimanaHostDevice *
vimana_host_device_new_from_xml (const char *name,
                                 const char *xml)
{
    xmlDoc *doc = xmlReadMemory (xml, strlen (xml), "nodedev.xml", NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    VimanaHostDevice *device = NULL;
    xmlNodePtr root = doc ? xmlDocGetRootElement (doc) : NULL;

    for (xmlNodePtr cap = root ? root->children : NULL; cap != NULL && device == NULL;
         cap = cap->next) {
        g_autofree char *type = NULL;
        g_autofree char *vendor = NULL;
        g_autofree char *product = NULL;
        g_autofree char *vendor_id = NULL;
        g_autofree char *product_id = NULL;
        g_autofree char *hostdev_xml = NULL;
        xmlChar *value;

        if (cap->type != XML_ELEMENT_NODE || !xmlStrEqual (cap->name, BAD_CAST "capability"))
            continue;
        value = xmlGetProp (cap, BAD_CAST "type");
        type = g_strdup ((const char *) value);
        xmlFree (value);
        vendor = vimana_host_device_child_text (cap, "vendor", &vendor_id);
        product = vimana_host_device_child_text (cap, "product", &product_id);

        if (g_strcmp0 (type, "usb_device") == 0 && vendor_id != NULL && product_id != NULL) {
            g_autofree char *id = g_strdup_printf ("%s:%s", vendor_id, product_id);

            hostdev_xml = vimana_host_device_build_xml ("usb-host", id);
        } else if (g_strcmp0 (type, "pci") == 0) {
            g_autofree char *domain = vimana_host_device_child_text (cap, "domain", NULL);
            g_autofree char *bus = vimana_host_device_child_text (cap, "bus", NULL);
            g_autofree char *slot = vimana_host_device_child_text (cap, "slot", NULL);
            g_autofree char *function = vimana_host_device_child_text (cap, "function", NULL);
            g_autofree char *address = NULL;

            if (domain == NULL || bus == NULL || slot == NULL || function == NULL)
                continue;
            address = g_strdup_printf ("%04x:%02x:%02x.%x",
                                       (guint) g_ascii_strtoull (domain, NULL, 0),
                                       (guint) g_ascii_strtoull (bus, NULL, 0),
                                       (guint) g_ascii_strtoull (slot, NULL, 0),
                                       (guint) g_ascii_strtoull (function, NULL, 0));
            hostdev_xml = vimana_host_device_build_xml ("pci-host", address);
        } else {
            continue;
        }
        /* Ids the kind refuses are not a device a guest can be given. */
        if (hostdev_xml == NULL)
            continue;
        device = g_new0 (VimanaHostDevice, 1);
        device->usb = g_strcmp0 (type, "usb_device") == 0;
        device->hostdev_xml = g_steal_pointer (&hostdev_xml);
        device->name = g_strdup (name);
        device->description = g_strdup_printf ("%s%s%s (%s)", vendor ? vendor : "",
                                               vendor && product ? " " : "",
                                               product ? product : "", name);
    }
    if (doc != NULL)
        xmlFreeDoc (doc);
    return device;
}

static void
vimana_domain_list_host_devices_job (GTask        *task,
                                     gpointer      source_object,
                                     gpointer      task_data,
                                     GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    g_autoptr(GPtrArray) devices = NULL;
    virNodeDevicePtr *list = NULL;
    GError *error = NULL;
    int n;

    n = virConnectListAllNodeDevices (cjob->conn, &list,
                                      VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV |
                                      VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    if (n < 0) {
        vimana_error_set_from_libvirt (&error, _("The host’s devices could not be listed."));
        g_task_return_error (task, error);
        return;
    }
    devices = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_host_device_free);
    for (int i = 0; i < n; i++) {
        char *xml = virNodeDeviceGetXMLDesc (list[i], 0);
        VimanaHostDevice *device = NULL;

        if (xml != NULL)
            device = vimana_host_device_new_from_xml (virNodeDeviceGetName (list[i]), xml);
        if (device != NULL)
            g_ptr_array_add (devices, device);
        free (xml);
        virNodeDeviceFree (list[i]);
    }
    free (list);
    virResetLastError ();
    g_task_return_pointer (task, g_steal_pointer (&devices), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_domain_list_host_devices_async:
 *
 * Lists the USB and PCI devices of the guest's host, for the Add Hardware dialog.
 */
void
vimana_domain_list_host_devices_async (VimanaDomain        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_list_host_devices_async);
    vimana_domain_queue_config_job (self, task, g_new0 (VimanaApplyJob, 1),
                                    vimana_domain_list_host_devices_job);
}

/**
 * vimana_domain_list_host_devices_finish:
 *
 * Returns: (transfer full) (element-type VimanaHostDevice): the devices
 */
GPtrArray *
vimana_domain_list_host_devices_finish (VimanaDomain  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- storage volumes for new disks ---- */

typedef struct
{
    virDomainPtr  dom;      /* unused: the job's first field, as for VimanaApplyJob */
    char         *pool;
    char         *name;
    char         *format;
    guint64       capacity;
} VimanaVolumeJob;

static void
vimana_volume_job_free (gpointer data)
{
    VimanaVolumeJob *job = data;

    if (job->dom != NULL)
        virDomainFree (job->dom);
    g_free (job->pool);
    g_free (job->name);
    g_free (job->format);
    g_free (job);
}

static void
vimana_domain_list_pool_volumes_job (GTask        *task,
                                     gpointer      source_object,
                                     gpointer      task_data,
                                     GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    g_autoptr(GPtrArray) volumes = NULL;
    virStoragePoolPtr *pools = NULL;
    GError *error = NULL;
    int n;

    n = virConnectListAllStoragePools (cjob->conn, &pools,
                                       VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    if (n < 0) {
        vimana_error_set_from_libvirt (&error, _("The storage pools could not be listed."));
        g_task_return_error (task, error);
        return;
    }
    volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_storage_volume_free);
    for (int p = 0; p < n; p++) {
        virStorageVolPtr *vols = NULL;
        int m = virStoragePoolListAllVolumes (pools[p], &vols, 0);

        for (int v = 0; v < m; v++) {
            VimanaStorageVolume *volume = g_new0 (VimanaStorageVolume, 1);
            virStorageVolInfo info;
            char *path = virStorageVolGetPath (vols[v]);

            volume->name = g_strdup (virStorageVolGetName (vols[v]));
            volume->pool = g_strdup (virStoragePoolGetName (pools[p]));
            volume->key = g_strdup (virStorageVolGetKey (vols[v]));
            volume->path = g_strdup (path);
            free (path);
            if (virStorageVolGetInfo (vols[v], &info) == 0)
                volume->capacity = info.capacity;
            g_ptr_array_add (volumes, volume);
            virStorageVolFree (vols[v]);
        }
        free (vols);
        virStoragePoolFree (pools[p]);
    }
    free (pools);
    virResetLastError ();
    g_task_return_pointer (task, g_steal_pointer (&volumes), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_domain_list_pool_volumes_async:
 *
 * Lists the volumes of every active storage pool of the guest's connection, for choosing a
 * disk's image.
 */
void
vimana_domain_list_pool_volumes_async (VimanaDomain        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_list_pool_volumes_async);
    vimana_domain_queue_config_job (self, task, g_new0 (VimanaApplyJob, 1),
                                    vimana_domain_list_pool_volumes_job);
}

/**
 * vimana_domain_list_pool_volumes_finish:
 *
 * Returns: (transfer full) (element-type VimanaStorageVolume): the volumes (no target set)
 */
GPtrArray *
vimana_domain_list_pool_volumes_finish (VimanaDomain  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vimana_domain_queue_volume_job (VimanaDomain    *self,
                                GTask           *task,
                                VimanaVolumeJob *job,
                                GTaskThreadFunc  func)
{
    job->dom = vimana_domain_ref_virdomain (self);
    if (job->dom == NULL) {
        vimana_volume_job_free (job);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN,
                                 _("The guest “%s” no longer exists."),
                                 vimana_domain_get_name (self));
        return;
    }
    vimana_connection_push_job (vimana_domain_get_connection (self), task, job,
                                vimana_volume_job_free, func);
}

static void
vimana_domain_create_volume_job (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaVolumeJob *job = cjob->data;
    g_autofree char *name = g_markup_escape_text (job->name, -1);
    g_autofree char *format = g_markup_escape_text (job->format, -1);
    g_autofree char *xml = NULL;
    virStoragePoolPtr pool;
    virStorageVolPtr vol;
    GError *error = NULL;
    char *path;

    pool = virStoragePoolLookupByName (cjob->conn, job->pool);
    if (pool == NULL) {
        vimana_error_set_from_libvirt (&error, _("The storage pool could not be found."));
        g_task_return_error (task, error);
        return;
    }
    xml = g_strdup_printf ("<volume>\n  <name>%s</name>\n"
                           "  <capacity unit='bytes'>%" G_GUINT64_FORMAT "</capacity>\n"
                           "  <target>\n    <format type='%s'/>\n  </target>\n</volume>\n",
                           name, job->capacity, format);
    vol = virStorageVolCreateXML (pool, xml, 0);
    virStoragePoolFree (pool);
    if (vol == NULL) {
        vimana_error_set_from_libvirt (&error, _("The disk image could not be created."));
        g_task_return_error (task, error);
        return;
    }
    path = virStorageVolGetPath (vol);
    virStorageVolFree (vol);
    g_task_return_pointer (task, g_strdup (path), g_free);
    free (path);
}

/**
 * vimana_domain_create_volume_async:
 * @pool: the storage pool's name
 * @name: the new volume's name
 * @format: "qcow2", "raw"…
 * @capacity: bytes
 *
 * Creates a disk image in a storage pool of the guest's connection.
 */
void
vimana_domain_create_volume_async (VimanaDomain        *self,
                                   const char          *pool,
                                   const char          *name,
                                   const char          *format,
                                   guint64              capacity,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaVolumeJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (pool != NULL && name != NULL && format != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_create_volume_async);
    job = g_new0 (VimanaVolumeJob, 1);
    job->pool = g_strdup (pool);
    job->name = g_strdup (name);
    job->format = g_strdup (format);
    job->capacity = capacity;
    vimana_domain_queue_volume_job (self, task, job, vimana_domain_create_volume_job);
}

/**
 * vimana_domain_create_volume_finish:
 *
 * Returns: (transfer full) (nullable): the new volume's path
 */
char *
vimana_domain_create_volume_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vimana_domain_delete_volume_job (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaVolumeJob *job = cjob->data;
    virStoragePoolPtr pool;
    virStorageVolPtr vol;
    GError *error = NULL;
    int ret;

    pool = virStoragePoolLookupByName (cjob->conn, job->pool);
    if (pool == NULL) {
        vimana_error_set_from_libvirt (&error, _("The storage pool could not be found."));
        g_task_return_error (task, error);
        return;
    }
    vol = virStorageVolLookupByName (pool, job->name);
    virStoragePoolFree (pool);
    if (vol == NULL) {
        vimana_error_set_from_libvirt (&error, _("The disk image could not be found."));
        g_task_return_error (task, error);
        return;
    }
    ret = virStorageVolDelete (vol, 0);
    virStorageVolFree (vol);
    if (ret < 0) {
        vimana_error_set_from_libvirt (&error, _("The disk image could not be deleted."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

/**
 * vimana_domain_delete_volume_async:
 * @pool: the storage pool's name
 * @name: the volume's name
 *
 * Deletes a disk image from a storage pool of the guest's connection: one made for a disk
 * that could then not be added.
 */
void
vimana_domain_delete_volume_async (VimanaDomain        *self,
                                   const char          *pool,
                                   const char          *name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaVolumeJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (pool != NULL && name != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_delete_volume_async);
    job = g_new0 (VimanaVolumeJob, 1);
    job->pool = g_strdup (pool);
    job->name = g_strdup (name);
    vimana_domain_queue_volume_job (self, task, job, vimana_domain_delete_volume_job);
}

gboolean
vimana_domain_delete_volume_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}
