/* vimana-installer.c: what a connection offers a new guest, and creating it there
 *
 * Both jobs run on the connection's worker. Creation goes step by step (storage pool, volume,
 * domain, start) and remembers what it made; when a step fails or the caller cancels between
 * steps, everything made so far is removed again, newest first, before the task returns, so no
 * orphan volume or half-made guest is left behind. libvirt cannot interrupt a volume being
 * created: a cancel during it takes effect as soon as it returns.
 *
 * A network install first downloads the tree's kernel and initrd next to the host's other boot
 * files (local connections only: a remote host would need them uploaded), defines the guest
 * booting them with the tree on the kernel command line, starts it, and then redefines the
 * persistent config without them, as virt-manager does: the running guest goes on with the
 * installer, its next cold boot is from disk. QEMU has read the files once the guest runs, so
 * they are removed then, and on failure like everything else.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-installer"

#include "config.h"

#include "vimana-installer.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-host-private.h"
#include "vimana-install-tree.h"
#include "vimana-network-private.h"
#include "vimana-storage-private.h"

#define VIMANA_DEFAULT_POOL "default"
#define VIMANA_SYSTEM_IMAGES "/var/lib/libvirt/images"
#define VIMANA_SYSTEM_BOOT "/var/lib/libvirt/boot"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

void
vimana_install_env_free (VimanaInstallEnv *env)
{
    if (env == NULL)
        return;
    vimana_domain_caps_free (env->caps);
    g_clear_object (&env->pools);
    g_clear_object (&env->networks);
    g_strfreev (env->bridges);
    g_strfreev (env->interfaces);
    g_strfreev (env->domain_names);
    g_free (env->default_pool_path);
    g_free (env);
}

/**
 * vimana_install_env_find_pool:
 * @env: a #VimanaInstallEnv
 * @name: (nullable): a pool's name
 *
 * Returns: (transfer none) (nullable): the pool
 */
VimanaStoragePool *
vimana_install_env_find_pool (VimanaInstallEnv *env,
                              const char       *name)
{
    guint n;

    g_return_val_if_fail (env != NULL, NULL);

    n = g_list_model_get_n_items (env->pools);
    for (guint i = 0; name != NULL && i < n; i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (env->pools, i);

        if (g_str_equal (vimana_storage_pool_get_name (pool), name))
            return pool;   /* the model keeps its reference */
    }
    return NULL;
}

/* Returns: whether the host has a virtual network called @name */
gboolean
vimana_install_env_has_network (VimanaInstallEnv *env,
                                const char       *name)
{
    guint n;

    g_return_val_if_fail (env != NULL, FALSE);

    n = g_list_model_get_n_items (env->networks);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (env->networks, i);

        if (g_strcmp0 (vimana_network_get_name (network), name) == 0)
            return TRUE;
    }
    return FALSE;
}

/* ---- reading what there is ---- */

static void
vimana_installer_read_caps (virConnectPtr     conn,
                            VimanaInstallEnv *env,
                            GError          **error)
{
    g_autofree char *capabilities = virConnectGetCapabilities (conn);
    g_autofree char *domain_caps = NULL;

    if (capabilities == NULL) {
        vimana_error_set_from_libvirt (error, _("The hypervisor’s capabilities could not be read."));
        return;
    }
    env->caps = vimana_domain_caps_parse_capabilities (capabilities, error);
    if (env->caps == NULL)
        return;
    domain_caps = virConnectGetDomainCapabilities (conn, env->caps->emulator, env->caps->arch,
                                                   env->caps->machine, env->caps->domain_type, 0);
    if (domain_caps == NULL) {
        /* The test driver and old daemons have none: BIOS and the machine chosen, then. */
        virResetLastError ();
        return;
    }
    vimana_domain_caps_apply_domain_caps (env->caps, domain_caps, NULL);
}

static GStrv
vimana_installer_read_domain_names (virConnectPtr conn)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    virDomainPtr *domains = NULL;
    int n = virConnectListAllDomains (conn, &domains, 0);

    for (int i = 0; i < n; i++) {
        g_strv_builder_add (builder, virDomainGetName (domains[i]));
        virDomainFree (domains[i]);
    }
    free (domains);
    virResetLastError ();
    return g_strv_builder_end (builder);
}

typedef struct
{
    gboolean session;
    gboolean local;
    guint    generation;
} VimanaQueryJob;

/* What the query reads: the environment, and the pools and networks it offers, which its finish
 * puts in the connection's models. */
typedef struct
{
    VimanaInstallEnv *env;
    GPtrArray        *pools;      /* VimanaStoragePoolInfo, with volumes */
    GPtrArray        *networks;   /* VimanaNetworkInfo */
} VimanaQueryResult;

static void
vimana_query_result_free (gpointer data)
{
    VimanaQueryResult *result = data;

    vimana_install_env_free (result->env);
    g_clear_pointer (&result->pools, g_ptr_array_unref);
    g_clear_pointer (&result->networks, g_ptr_array_unref);
    g_free (result);
}

static void
vimana_installer_query_job (GTask         *task,
                            virConnectPtr  conn,
                            virDomainPtr   dom,
                            gpointer       data,
                            GCancellable  *cancellable)
{
    VimanaQueryJob *job = data;
    g_autoptr(VimanaInstallEnv) env = g_new0 (VimanaInstallEnv, 1);
    VimanaQueryResult *result;
    virNodeInfo node = { 0 };
    GError *error = NULL;

    vimana_installer_read_caps (conn, env, &error);
    if (error != NULL) {
        g_task_return_error (task, error);
        return;
    }
    if (virNodeGetInfo (conn, &node) == 0) {
        env->host_cpus = node.cpus;
        env->host_memory = (guint64) node.memory * 1024;
    }
    virResetLastError ();
    vimana_host_job_read_interfaces (conn, job->local, &env->bridges, &env->interfaces);
    env->domain_names = vimana_installer_read_domain_names (conn);
    env->session = job->session;
    env->default_pool_path = job->session && job->local
                                 ? g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL)
                                 : g_strdup (VIMANA_SYSTEM_IMAGES);

    result = g_new0 (VimanaQueryResult, 1);
    result->env = g_steal_pointer (&env);
    /* A host without storage or networks to list still gets a guest: none is offered. */
    result->pools = vimana_storage_job_list_pools (conn, TRUE, NULL);
    result->networks = vimana_network_job_list (conn, FALSE, NULL);
    g_task_return_pointer (task, result, vimana_query_result_free);
}

static gboolean
vimana_installer_uri_is_session (const char *uri)
{
    return strstr (uri, "/session") != NULL;
}

/**
 * vimana_installer_query_async:
 * @connection: a connected #VimanaConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads on the worker what the assistant offers: the hypervisor's capabilities and domain
 * capabilities, the host's CPUs and memory, storage pools and volumes, networks, bridges and
 * interfaces, and the guests' names.
 */
void
vimana_installer_query_async (VimanaConnection    *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaQueryJob *job;

    g_return_if_fail (VIMANA_IS_CONNECTION (connection));

    task = g_task_new (connection, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_installer_query_async);
    job = g_new0 (VimanaQueryJob, 1);
    job->session = vimana_installer_uri_is_session (vimana_connection_get_uri (connection));
    job->local = vimana_connection_is_local (connection);
    job->generation = vimana_connection_get_generation (connection);
    vimana_connection_queue (connection, task, vimana_installer_query_job, job, g_free);
}

/**
 * vimana_installer_query_finish:
 * @connection: a #VimanaConnection
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Puts the pools (with their volumes) and networks read in the connection's models, which the
 * environment refers to.
 *
 * Returns: (transfer full) (nullable): what the assistant offers
 */
VimanaInstallEnv *
vimana_installer_query_finish (VimanaConnection  *connection,
                               GAsyncResult      *result,
                               GError           **error)
{
    VimanaQueryJob *job;
    VimanaQueryResult *query;
    VimanaInstallEnv *env;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (g_task_is_valid (result, connection), NULL);

    query = g_task_propagate_pointer (G_TASK (result), error);
    if (query == NULL)
        return NULL;
    job = vimana_job_get_data (G_TASK (result));
    if (query->pools != NULL)
        vimana_connection_apply_resource_listing (connection, &vimana_storage_pool_kind,
                                                  job->generation, query->pools);
    if (query->networks != NULL)
        vimana_connection_apply_resource_listing (connection, &vimana_network_kind,
                                                  job->generation, query->networks);
    env = g_steal_pointer (&query->env);
    env->pools = g_object_ref (vimana_connection_get_storage_pools (connection));
    env->networks = g_object_ref (vimana_connection_get_networks (connection));
    vimana_query_result_free (query);
    return env;
}

/* ---- creating ---- */

typedef struct
{
    VimanaInstallPlan         *plan;
    char                      *default_pool_path;
    gboolean                   local;
    VimanaInstallProgressFunc  progress;
    gpointer                   progress_data;

    /* what the job made, to take back on failure; used on the worker only */
    gboolean                   made_pool;       /* plan->pool was defined by the job */
    VimanaStorageVolumeInfo   *made_volume;
    virDomainPtr               made_domain;
    GPtrArray                 *made_files;      /* downloaded boot files */

    /* handed to the main thread on success */
    virDomainPtr               result_domain;
    VimanaStorageVolumeInfo   *result_volume;
} VimanaCreateJob;

static void
vimana_create_job_free (gpointer data)
{
    VimanaCreateJob *job = data;

    g_assert (!job->made_pool && job->made_volume == NULL && job->made_domain == NULL);
    g_assert (job->made_files->len == 0);
    g_ptr_array_unref (job->made_files);
    vimana_install_plan_free (job->plan);
    g_free (job->default_pool_path);
    if (job->result_domain != NULL)
        virDomainFree (job->result_domain);
    vimana_storage_volume_info_free (job->result_volume);
    g_free (job);
}

typedef struct
{
    GTask             *task;
    VimanaInstallStep  step;
} VimanaProgressCall;

static gboolean
vimana_installer_progress_cb (gpointer data)
{
    VimanaProgressCall *call = data;
    VimanaCreateJob *job = vimana_job_get_data (call->task);

    /* Once the result is delivered, the caller may have gone: late news is dropped. */
    if (job != NULL && job->progress != NULL && !g_task_get_completed (call->task))
        job->progress (call->step, job->progress_data);
    return G_SOURCE_REMOVE;
}

static void
vimana_progress_call_free (gpointer data)
{
    VimanaProgressCall *call = data;

    g_object_unref (call->task);
    g_free (call);
}

static void
vimana_installer_report (GTask             *task,
                         VimanaInstallStep  step)
{
    VimanaProgressCall *call = g_new0 (VimanaProgressCall, 1);

    call->task = g_object_ref (task);
    call->step = step;
    g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT,
                                vimana_installer_progress_cb, call, vimana_progress_call_free);
}

static gboolean
vimana_installer_check_cancelled (GCancellable  *cancellable,
                                  GError       **error)
{
    if (!g_cancellable_is_cancelled (cancellable))
        return FALSE;
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                         _("Creating the guest was cancelled; nothing was kept."));
    return TRUE;
}

/* The new disk: in the plan's pool, made "default" there when missing, the one way every new
 * volume is made (vimana_storage_job_create_volume()): sparse, its name not taken, its size
 * within the pool's free space. */
static gboolean
vimana_installer_make_volume (VimanaCreateJob  *job,
                              virConnectPtr     conn,
                              GError          **error)
{
    g_autofree char *name = vimana_install_plan_get_volume_name (job->plan);
    const char *make_in = g_str_equal (job->plan->pool, VIMANA_DEFAULT_POOL)
                              ? job->default_pool_path : NULL;
    VimanaStorageVolumeSpec spec = {
        .name = name,
        .format = job->plan->disk_format,
        .capacity = job->plan->disk_size,
    };

    if (!vimana_storage_job_ensure_pool (conn, job->plan->pool, make_in, &job->made_pool, error))
        return FALSE;
    job->made_volume = vimana_storage_job_create_volume (conn, job->plan->pool, &spec, error);
    if (job->made_volume == NULL)
        return FALSE;
    if (job->made_volume->path == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The disk could not be created."));
        return FALSE;
    }
    g_free (job->plan->disk_path);
    job->plan->disk_path = g_strdup (job->made_volume->path);
    return TRUE;
}

static gboolean
vimana_installer_define (VimanaCreateJob  *job,
                         virConnectPtr     conn,
                         GError          **error)
{
    g_autofree char *xml = vimana_install_plan_build_xml (job->plan, error);

    if (xml == NULL)
        return FALSE;
    job->made_domain = virDomainDefineXMLFlags (conn, xml, VIR_DOMAIN_DEFINE_VALIDATE);
    if (job->made_domain == NULL) {
        virErrorPtr err = virGetLastError ();

        /* Drivers that cannot validate against the schema still parse and check. */
        if (err != NULL && (err->code == VIR_ERR_NO_SUPPORT || err->code == VIR_ERR_INVALID_ARG)) {
            virResetLastError ();
            job->made_domain = virDomainDefineXML (conn, xml);
        }
    }
    if (job->made_domain == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The guest could not be defined."));
        return FALSE;
    }
    return TRUE;
}

/* A virtual network that exists but is stopped is started: the guest cannot start without it.
 * When the user chose so, it also starts with the host from now on, so that the guest does
 * after the next reboot. */
static gboolean
vimana_installer_start_network (VimanaCreateJob  *job,
                                virConnectPtr     conn,
                                GError          **error)
{
    if (job->plan->net != VIMANA_INSTALL_NET_NETWORK)
        return TRUE;
    if (!vimana_network_job_ensure_active (conn, job->plan->net_source, error))
        return FALSE;
    return !job->plan->net_autostart ||
           vimana_network_job_action (conn, job->plan->net_source,
                                      VIMANA_NETWORK_ACTION_AUTOSTART_ON, error);
}

/* The system daemon's guests boot from where virt-manager puts boot files, which QEMU may read;
 * a per-user daemon's (and the test driver's) from the user's cache. */
static char *
vimana_installer_default_boot_dir (const char *uri)
{
    if (vimana_installer_uri_is_session (uri) || g_str_has_prefix (uri, "test:"))
        return g_build_filename (g_get_user_cache_dir (), "vimana", "boot", NULL);
    return g_strdup (VIMANA_SYSTEM_BOOT);
}

/* Downloads @url into a new file of the boot directory named after the guest and @what. */
static char *
vimana_installer_download_one (VimanaCreateJob  *job,
                               const char       *url,
                               const char       *what,
                               GCancellable     *cancellable,
                               GError          **error)
{
    g_autofree char *safe_name = g_strdup (job->plan->name);
    g_autofree char *template = NULL;
    g_autofree char *path = NULL;
    int fd;

    g_strdelimit (safe_name, "/ ", '_');
    template = g_strdup_printf ("vimana-%s-%s-XXXXXX", safe_name, what);
    path = g_build_filename (job->plan->boot_dir, template, NULL);
    fd = g_mkstemp_full (path, O_RDWR, 0644);
    if (fd < 0) {
        int saved_errno = errno;

        /* Translators: the first %s is a directory, the second the system's reason. */
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                     _("The boot files could not be saved in %s: %s"), job->plan->boot_dir,
                     g_strerror (saved_errno));
        return NULL;
    }
    close (fd);
    g_ptr_array_add (job->made_files, g_strdup (path));
    if (!vimana_install_tree_download (url, path, cancellable, error))
        return NULL;
    return g_steal_pointer (&path);
}

static gboolean
vimana_installer_download (VimanaCreateJob  *job,
                           GCancellable     *cancellable,
                           GError          **error)
{
    VimanaInstallPlan *plan = job->plan;

    if (!job->local) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("Installing from a network tree works on local connections only: "
                               "the tree’s kernel and initrd would have to be copied to the remote host."));
        return FALSE;
    }
    if (!plan->start) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("A network install starts the guest at once: it cannot be customised first."));
        return FALSE;
    }
    if (plan->kernel_url == NULL || plan->initrd_url == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                             _("The install tree has not been read yet."));
        return FALSE;
    }
    if (g_mkdir_with_parents (plan->boot_dir, 0755) < 0) {
        int saved_errno = errno;

        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                     _("The boot files could not be saved in %s: %s"), plan->boot_dir,
                     g_strerror (saved_errno));
        return FALSE;
    }
    g_free (plan->kernel_path);
    plan->kernel_path = vimana_installer_download_one (job, plan->kernel_url, "kernel", cancellable, error);
    if (plan->kernel_path == NULL)
        return FALSE;
    g_free (plan->initrd_path);
    plan->initrd_path = vimana_installer_download_one (job, plan->initrd_url, "initrd", cancellable, error);
    return plan->initrd_path != NULL;
}

/* Once the installer runs, the persistent config boots from disk: the kernel, initrd and
 * command line go; the live domain keeps them until it is powered off. */
static gboolean
vimana_installer_drop_boot_files (VimanaCreateJob  *job,
                                  virConnectPtr     conn,
                                  GError          **error)
{
    g_autofree char *xml = virDomainGetXMLDesc (job->made_domain,
                                                VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    g_autoptr(xmlDoc) doc = NULL;
    xmlNodePtr root;
    xmlChar *buffer = NULL;
    int size = 0;
    virDomainPtr redefined;

    if (xml == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The guest’s configuration for booting from disk could not be saved."));
        return FALSE;
    }
    doc = xmlReadMemory (xml, strlen (xml), NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    for (xmlNodePtr os = root != NULL ? root->children : NULL; os != NULL; os = os->next) {
        xmlNodePtr next;

        if (os->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) os->name, "os"))
            continue;
        for (xmlNodePtr child = os->children; child != NULL; child = next) {
            next = child->next;
            if (child->type == XML_ELEMENT_NODE &&
                (g_str_equal ((const char *) child->name, "kernel") ||
                 g_str_equal ((const char *) child->name, "initrd") ||
                 g_str_equal ((const char *) child->name, "cmdline"))) {
                xmlUnlinkNode (child);
                xmlFreeNode (child);
            }
        }
    }
    if (root == NULL) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("The guest’s configuration for booting from disk could not be saved."));
        return FALSE;
    }
    xmlDocDumpMemory (doc, &buffer, &size);
    redefined = virDomainDefineXML (conn, (const char *) buffer);
    xmlFree (buffer);
    if (redefined == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The guest’s configuration for booting from disk could not be saved."));
        return FALSE;
    }
    virDomainFree (redefined);
    return TRUE;
}

static void
vimana_installer_remove_files (VimanaCreateJob *job)
{
    for (guint i = 0; i < job->made_files->len; i++)
        g_unlink (g_ptr_array_index (job->made_files, i));
    g_ptr_array_set_size (job->made_files, 0);
}

/* Takes back what the job made, newest first. What cannot be removed is named in @error. */
static void
vimana_installer_rollback (VimanaCreateJob  *job,
                           virConnectPtr     conn,
                           GError          **error)
{
    g_autoptr(GString) left = g_string_new (NULL);

    if (job->made_domain != NULL) {
        if (virDomainIsActive (job->made_domain) == 1)
            virDomainDestroy (job->made_domain);
        if (virDomainUndefineFlags (job->made_domain, VIR_DOMAIN_UNDEFINE_NVRAM) < 0 &&
            virDomainUndefine (job->made_domain) < 0) {
            g_autoptr(GError) undefine_error = NULL;

            vimana_error_set_from_libvirt (&undefine_error, NULL);
            /* Translators: %s is libvirt's reason. */
            g_string_append_printf (left, _("The guest could not be removed: %s"), undefine_error->message);
        }
        g_clear_pointer (&job->made_domain, virDomainFree);
    }
    if (job->made_volume != NULL) {
        g_autoptr(GError) delete_error = NULL;

        if (!vimana_storage_job_delete_volume (conn, job->made_volume->key, &delete_error)) {
            if (left->len > 0)
                g_string_append (left, " ");
            /* Translators: %s is libvirt's reason. */
            g_string_append_printf (left, _("The disk could not be removed: %s"), delete_error->message);
        }
        g_clear_pointer (&job->made_volume, vimana_storage_volume_info_free);
    }
    if (job->made_pool) {
        vimana_storage_job_remove_pool (conn, job->plan->pool);
        job->made_pool = FALSE;
    }
    vimana_installer_remove_files (job);
    virResetLastError ();
    if (left->len > 0 && error != NULL && *error != NULL) {
        /* Translators: what failed, then what could not be taken back; both are sentences. */
        g_autofree char *message = g_strdup_printf (_("%s %s"), (*error)->message, left->str);

        g_free ((*error)->message);
        (*error)->message = g_steal_pointer (&message);
    }
}

static gboolean
vimana_installer_run_steps (GTask            *task,
                            VimanaCreateJob  *job,
                            virConnectPtr     conn,
                            GCancellable     *cancellable,
                            GError          **error)
{
    virDomainPtr existing = virDomainLookupByName (conn, job->plan->name);

    if (existing != NULL) {
        virDomainFree (existing);
        return vimana_install_check_name (job->plan->name,
                                          (const char * const[]) { job->plan->name, NULL }, error);
    }
    virResetLastError ();

    if (job->plan->method == VIMANA_INSTALL_METHOD_NETWORK) {
        vimana_installer_report (task, VIMANA_INSTALL_STEP_DOWNLOAD);
        if (vimana_installer_check_cancelled (cancellable, error) ||
            !vimana_installer_download (job, cancellable, error))
            return FALSE;
    }
    if (job->plan->disk == VIMANA_INSTALL_DISK_NEW) {
        vimana_installer_report (task, VIMANA_INSTALL_STEP_VOLUME);
        if (vimana_installer_check_cancelled (cancellable, error) ||
            !vimana_installer_make_volume (job, conn, error))
            return FALSE;
    }
    vimana_installer_report (task, VIMANA_INSTALL_STEP_DEFINE);
    if (vimana_installer_check_cancelled (cancellable, error) ||
        !vimana_installer_define (job, conn, error))
        return FALSE;
    /* A guest to be customised first is left defined, not started. */
    if (!job->plan->start)
        return !vimana_installer_check_cancelled (cancellable, error);
    vimana_installer_report (task, VIMANA_INSTALL_STEP_START);
    if (vimana_installer_check_cancelled (cancellable, error) ||
        !vimana_installer_start_network (job, conn, error))
        return FALSE;
    if (virDomainCreate (job->made_domain) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, _("The guest could not be started."));
        return FALSE;
    }
    if (job->plan->method == VIMANA_INSTALL_METHOD_NETWORK &&
        !vimana_installer_drop_boot_files (job, conn, error))
        return FALSE;
    /* A cancel that came while it started still means "keep nothing". */
    return !vimana_installer_check_cancelled (cancellable, error);
}

static void
vimana_installer_create_job (GTask         *task,
                             virConnectPtr  conn,
                             virDomainPtr   dom,
                             gpointer       data,
                             GCancellable  *cancellable)
{
    VimanaCreateJob *job = data;
    GError *error = NULL;
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (!vimana_installer_run_steps (task, job, conn, cancellable, &error)) {
        vimana_installer_report (task, VIMANA_INSTALL_STEP_ROLLBACK);
        vimana_installer_rollback (job, conn, &error);
        g_task_return_error (task, error);
        return;
    }
    /* QEMU has read the boot files by now. */
    vimana_installer_remove_files (job);
    /* Kept: the volume and the pool now belong to the guest and the host. */
    job->result_volume = g_steal_pointer (&job->made_volume);
    job->made_pool = FALSE;
    job->result_domain = g_steal_pointer (&job->made_domain);
    virDomainGetUUIDString (job->result_domain, uuid);
    g_task_return_pointer (task, g_strdup (uuid), g_free);
}

/**
 * vimana_installer_create_async:
 * @connection: a connected #VimanaConnection
 * @plan: the choices; copied
 * @cancellable: (nullable): cancels between steps, and everything made is removed
 * @progress: (nullable): told on the main context which step begins
 * @progress_data: data for @progress; must stay valid until @callback runs
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Creates the guest on the worker: makes the storage pool "default" when a new disk goes there
 * and it is missing, creates the new volume, defines the domain, and unless the plan says not to
 * (to customise it first) starts its network when stopped and starts it. On failure or cancel,
 * removes what it made before returning.
 */
void
vimana_installer_create_async (VimanaConnection          *connection,
                               const VimanaInstallPlan   *plan,
                               GCancellable              *cancellable,
                               VimanaInstallProgressFunc  progress,
                               gpointer                   progress_data,
                               GAsyncReadyCallback        callback,
                               gpointer                   user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaCreateJob *job;
    gboolean session;

    g_return_if_fail (VIMANA_IS_CONNECTION (connection));
    g_return_if_fail (plan != NULL);

    task = g_task_new (connection, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_installer_create_async);
    /* Cancelling must not return early: the rollback has to finish first. */
    g_task_set_check_cancellable (task, FALSE);
    session = vimana_installer_uri_is_session (vimana_connection_get_uri (connection));
    job = g_new0 (VimanaCreateJob, 1);
    job->plan = vimana_install_plan_copy (plan);
    job->default_pool_path = session && vimana_connection_is_local (connection)
                                 ? g_build_filename (g_get_user_data_dir (), "libvirt", "images", NULL)
                                 : g_strdup (VIMANA_SYSTEM_IMAGES);
    job->local = vimana_connection_is_local (connection);
    job->made_files = g_ptr_array_new_with_free_func (g_free);
    if (job->plan->boot_dir == NULL)
        job->plan->boot_dir = vimana_installer_default_boot_dir (vimana_connection_get_uri (connection));
    job->progress = progress;
    job->progress_data = progress_data;
    vimana_connection_queue (connection, task, vimana_installer_create_job, job,
                             vimana_create_job_free);
}

static void
vimana_installer_list_created (VimanaConnection *connection,
                               GTask            *task)
{
    VimanaCreateJob *job = vimana_job_get_data (task);

    /* The list learns of the guest now, even on a driver without events; the pool of its
     * volume, which has none. */
    if (job != NULL && job->result_domain != NULL)
        vimana_connection_refresh_domain (connection, job->result_domain);
    if (job != NULL && job->result_volume != NULL) {
        g_autoptr(VimanaStorageVolume) volume =
            vimana_connection_resolve_volume (connection, job->result_volume);
    }
}

/**
 * vimana_installer_create_finish:
 * @connection: a #VimanaConnection
 * @result: the #GAsyncResult
 * @error: return location for an error; %G_IO_ERROR_CANCELLED when cancelled
 *
 * Returns: (transfer full) (nullable): the new guest's UUID; it is (or will shortly be) in the
 *   connection's list
 */
char *
vimana_installer_create_finish (VimanaConnection  *connection,
                                GAsyncResult      *result,
                                GError           **error)
{
    char *uuid;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);
    g_return_val_if_fail (g_task_is_valid (result, connection), NULL);

    uuid = g_task_propagate_pointer (G_TASK (result), error);
    if (uuid != NULL)
        vimana_installer_list_created (connection, G_TASK (result));
    return uuid;
}
