/* vimana-os-info.c: what the osinfo database says about an operating system
 *
 * The database is loaded once per process and then only read. libosinfo makes no promise
 * about threads, and identification runs on a thread of its own (reading an ISO's header can
 * block on a slow disk), so every use of the database holds one lock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-os-info"

#include "config.h"

#include "vimana-os-info.h"

#include <glib/gi18n-lib.h>
#include <osinfo/osinfo.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-leak-check.h"

#define VIMANA_OS_INFO_ARCH "x86_64"
#define GIB ((guint64) 1 << 30)
#define MIB ((guint64) 1 << 20)

/* PCI and chipset ids osinfo lists devices by. */
#define DEVICE_VIRTIO_BLOCK        "http://pcisig.com/pci/1af4/1001"
#define DEVICE_VIRTIO1_BLOCK       "http://pcisig.com/pci/1af4/1042"
#define DEVICE_VIRTIO_NET          "http://pcisig.com/pci/1af4/1000"
#define DEVICE_VIRTIO1_NET         "http://pcisig.com/pci/1af4/1041"
#define DEVICE_VIRTIO1_GPU         "http://pcisig.com/pci/1af4/1050"
#define DEVICE_USB_TABLET          "http://usb.org/usb/80ee/0021"
#define DEVICE_Q35                 "http://qemu.org/chipset/x86/q35"

static GMutex db_lock;
static OsinfoLoader *db_loader;   /* owns the database; kept for the life of the process */
static GError *db_error;

G_DEFINE_BOXED_TYPE (VimanaOsInfo, vimana_os_info, vimana_os_info_copy, vimana_os_info_free)

VimanaOsInfo *
vimana_os_info_copy (const VimanaOsInfo *info)
{
    VimanaOsInfo *copy;

    g_return_val_if_fail (info != NULL, NULL);

    copy = g_memdup2 (info, sizeof *info);
    copy->id = g_strdup (info->id);
    copy->short_id = g_strdup (info->short_id);
    copy->name = g_strdup (info->name);
    return copy;
}

void
vimana_os_info_free (VimanaOsInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->id);
    g_free (info->short_id);
    g_free (info->name);
    g_free (info);
}

/**
 * vimana_os_info_get_video_model:
 * @info: a #VimanaOsInfo
 *
 * Returns: the libvirt video model for the OS: virtio where it has a driver for it, else the
 * standard VGA every PC OS can drive.
 */
const char *
vimana_os_info_get_video_model (const VimanaOsInfo *info)
{
    g_return_val_if_fail (info != NULL, NULL);

    return info->virtio_gpu ? "virtio" : "vga";
}

/* ---- the database ---- */

/* Called with db_lock held. */
static OsinfoDb *
vimana_os_db_get_locked (GError **error)
{
    if (db_loader == NULL && db_error == NULL) {
        OsinfoLoader *loader = osinfo_loader_new ();
        GError *local_error = NULL;

        /* libosinfo leaks a little of its parser state: once per process, not ours. */
        VIMANA_LEAK_CHECK_PAUSE ();
        osinfo_loader_process_default_path (loader, &local_error);
        VIMANA_LEAK_CHECK_RESUME ();
        if (local_error != NULL) {
            db_error = g_error_new (VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                                    _("The operating system database could not be read: %s"),
                                    local_error->message);
            g_error_free (local_error);
            g_object_unref (loader);
        } else {
            db_loader = loader;
        }
    }
    if (db_error != NULL) {
        g_set_error_literal (error, db_error->domain, db_error->code, db_error->message);
        return NULL;
    }
    return osinfo_loader_get_db (db_loader);
}

/**
 * vimana_os_db_load:
 * @error: return location for an error
 *
 * Loads the osinfo database, once per process; later calls return what the first found.
 *
 * Returns: whether the database could be read
 */
gboolean
vimana_os_db_load (GError **error)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&db_lock);

    return vimana_os_db_get_locked (error) != NULL;
}

static gboolean
vimana_os_info_arch_matches (const char *arch)
{
    return arch == NULL || g_str_equal (arch, "all") || g_str_equal (arch, VIMANA_OS_INFO_ARCH);
}

/* The resources of a list that apply to our architecture, an exact match preferred. */
static OsinfoResources *
vimana_os_info_pick_resources (OsinfoResourcesList *list)
{
    OsinfoResources *found = NULL;

    for (int i = 0; list != NULL && i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
        OsinfoResources *resources = OSINFO_RESOURCES (osinfo_list_get_nth (OSINFO_LIST (list), i));
        const char *arch = osinfo_resources_get_architecture (resources);

        if (arch != NULL && g_str_equal (arch, VIMANA_OS_INFO_ARCH))
            return resources;
        if (found == NULL && vimana_os_info_arch_matches (arch))
            found = resources;
    }
    return found;
}

static void
vimana_os_info_read_resources (VimanaOsInfo *info,
                               OsinfoOs     *os)
{
    g_autoptr(OsinfoResourcesList) minimum_list = osinfo_os_get_minimum_resources (os);
    g_autoptr(OsinfoResourcesList) recommended_list = osinfo_os_get_recommended_resources (os);
    OsinfoResources *minimum = vimana_os_info_pick_resources (minimum_list);
    OsinfoResources *recommended = vimana_os_info_pick_resources (recommended_list);

    if (minimum != NULL) {
        if (osinfo_resources_get_ram (minimum) > 0)
            info->minimum_memory = osinfo_resources_get_ram (minimum);
        if (osinfo_resources_get_n_cpus (minimum) > 0)
            info->minimum_vcpus = osinfo_resources_get_n_cpus (minimum);
    }
    if (recommended != NULL) {
        if (osinfo_resources_get_ram (recommended) > 0)
            info->recommended_memory = osinfo_resources_get_ram (recommended);
        if (osinfo_resources_get_n_cpus (recommended) > 0)
            info->recommended_vcpus = osinfo_resources_get_n_cpus (recommended);
        if (osinfo_resources_get_storage (recommended) > 0)
            info->recommended_storage = osinfo_resources_get_storage (recommended);
    }
    if (minimum != NULL && osinfo_resources_get_storage (minimum) > 0)
        info->recommended_storage = MAX (info->recommended_storage,
                                         (guint64) osinfo_resources_get_storage (minimum));

    /* A recommendation below the minimum (or none at all) is the minimum. */
    info->recommended_memory = MAX (info->recommended_memory, info->minimum_memory);
    info->recommended_vcpus = MAX (info->recommended_vcpus, info->minimum_vcpus);
}

static void
vimana_os_info_read_devices (VimanaOsInfo *info,
                             OsinfoOs     *os)
{
    g_autoptr(OsinfoDeviceList) devices = osinfo_os_get_all_devices (os, NULL);

    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (devices)); i++) {
        OsinfoEntity *device = osinfo_list_get_nth (OSINFO_LIST (devices), i);
        const char *id = osinfo_entity_get_id (device);

        if (g_str_equal (id, DEVICE_VIRTIO_BLOCK) || g_str_equal (id, DEVICE_VIRTIO1_BLOCK))
            info->virtio_disk = TRUE;
        else if (g_str_equal (id, DEVICE_VIRTIO_NET) || g_str_equal (id, DEVICE_VIRTIO1_NET))
            info->virtio_net = TRUE;
        else if (g_str_equal (id, DEVICE_VIRTIO1_GPU))
            info->virtio_gpu = TRUE;
        else if (g_str_equal (id, DEVICE_USB_TABLET))
            info->usb_tablet = TRUE;
        else if (g_str_equal (id, DEVICE_Q35))
            info->q35 = TRUE;
    }
}

/* An OS needs UEFI when its database entry says BIOS is unsupported on our architecture (as
 * for Windows 11); such OSes also want a TPM, as virt-install assumes. */
static gboolean
vimana_os_info_read_needs_uefi (OsinfoOs *os)
{
    g_autoptr(OsinfoFirmwareList) firmwares = osinfo_os_get_complete_firmware_list (os, NULL);

    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (firmwares)); i++) {
        OsinfoFirmware *firmware = OSINFO_FIRMWARE (osinfo_list_get_nth (OSINFO_LIST (firmwares), i));

        if (g_strcmp0 (osinfo_firmware_get_firmware_type (firmware), "bios") == 0 &&
            vimana_os_info_arch_matches (osinfo_firmware_get_architecture (firmware)) &&
            !osinfo_firmware_is_supported (firmware))
            return TRUE;
    }
    return FALSE;
}

static VimanaOsInfo *
vimana_os_info_new_generic (void)
{
    VimanaOsInfo *info = g_new0 (VimanaOsInfo, 1);

    info->name = g_strdup (_("Generic operating system"));
    info->minimum_memory = 256 * MIB;
    info->recommended_memory = 2 * GIB;
    info->minimum_vcpus = 1;
    info->recommended_vcpus = 2;
    info->recommended_storage = 20 * GIB;
    info->usb_tablet = TRUE;
    info->q35 = TRUE;
    return info;
}

static VimanaOsInfo *
vimana_os_info_new_from_os (OsinfoOs *os)
{
    VimanaOsInfo *info = g_new0 (VimanaOsInfo, 1);

    info->id = g_strdup (osinfo_entity_get_id (OSINFO_ENTITY (os)));
    info->short_id = g_strdup (osinfo_product_get_short_id (OSINFO_PRODUCT (os)));
    info->name = g_strdup (osinfo_product_get_name (OSINFO_PRODUCT (os)));
    if (info->name == NULL)
        info->name = g_strdup (info->short_id != NULL ? info->short_id : info->id);
    info->minimum_vcpus = 1;
    info->known = TRUE;
    vimana_os_info_read_resources (info, os);
    vimana_os_info_read_devices (info, os);
    info->needs_uefi = vimana_os_info_read_needs_uefi (os);

    /* What the database leaves out gets the generic value, never zero. */
    if (info->minimum_memory == 0)
        info->minimum_memory = 256 * MIB;
    if (info->recommended_memory < info->minimum_memory)
        info->recommended_memory = MAX (info->minimum_memory, 1 * GIB);
    if (info->recommended_vcpus == 0)
        info->recommended_vcpus = 1;
    if (info->recommended_storage == 0)
        info->recommended_storage = 20 * GIB;
    return info;
}

/**
 * vimana_os_db_generic:
 *
 * Returns: (transfer full): defaults for an OS the database does not know: modest resources,
 *   emulated devices every OS drives
 */
VimanaOsInfo *
vimana_os_db_generic (void)
{
    return vimana_os_info_new_generic ();
}

/**
 * vimana_os_db_lookup:
 * @id: an osinfo id or short id
 *
 * Returns: (transfer full) (nullable): the OS, or %NULL when the database has no such OS or
 *   cannot be read
 */
VimanaOsInfo *
vimana_os_db_lookup (const char *id)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&db_lock);
    OsinfoDb *db = vimana_os_db_get_locked (NULL);
    g_autoptr(OsinfoOsList) list = NULL;
    OsinfoOs *os;

    g_return_val_if_fail (id != NULL, NULL);

    if (db == NULL)
        return NULL;
    os = osinfo_db_get_os (db, id);
    if (os != NULL)
        return vimana_os_info_new_from_os (os);

    list = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
        OsinfoProduct *product = OSINFO_PRODUCT (osinfo_list_get_nth (OSINFO_LIST (list), i));
        GList *short_ids = osinfo_product_get_short_id_list (product);
        gboolean match = g_list_find_custom (short_ids, id, (GCompareFunc) g_strcmp0) != NULL;

        g_list_free (short_ids);
        if (match)
            return vimana_os_info_new_from_os (OSINFO_OS (product));
    }
    return NULL;
}

static int
vimana_os_info_compare_by_name (gconstpointer a,
                                gconstpointer b)
{
    const VimanaOsInfo *info_a = *(VimanaOsInfo * const *) a;
    const VimanaOsInfo *info_b = *(VimanaOsInfo * const *) b;

    return g_utf8_collate (info_a->name, info_b->name);
}

/**
 * vimana_os_db_search:
 * @text: (nullable): words that must all appear in the OS's name or short id, any case
 * @limit: at most this many results; 0 for all
 *
 * Returns: (transfer full) (element-type VimanaOsInfo): the matching OSes by name; empty when
 *   the database cannot be read
 */
GPtrArray *
vimana_os_db_search (const char *text,
                     guint       limit)
{
    g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&db_lock);
    GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_os_info_free);
    OsinfoDb *db = vimana_os_db_get_locked (NULL);
    g_autoptr(OsinfoOsList) list = NULL;
    g_auto(GStrv) words = NULL;
    g_autofree char *folded = NULL;

    if (db == NULL)
        return found;
    folded = g_utf8_casefold (text != NULL ? text : "", -1);
    words = g_strsplit_set (g_strstrip (folded), " \t", -1);

    list = osinfo_db_get_os_list (db);
    for (int i = 0; i < osinfo_list_get_length (OSINFO_LIST (list)); i++) {
        OsinfoProduct *product = OSINFO_PRODUCT (osinfo_list_get_nth (OSINFO_LIST (list), i));
        const char *name = osinfo_product_get_name (product);
        const char *short_id = osinfo_product_get_short_id (product);
        g_autofree char *haystack = NULL;
        g_autofree char *haystack_folded = NULL;
        gboolean match = TRUE;

        if (name == NULL)
            continue;
        haystack = g_strconcat (name, " ", short_id != NULL ? short_id : "", NULL);
        haystack_folded = g_utf8_casefold (haystack, -1);
        for (char **word = words; *word != NULL; word++) {
            if (**word != '\0' && strstr (haystack_folded, *word) == NULL) {
                match = FALSE;
                break;
            }
        }
        if (match)
            g_ptr_array_add (found, vimana_os_info_new_from_os (OSINFO_OS (product)));
    }
    g_ptr_array_sort (found, vimana_os_info_compare_by_name);
    if (limit > 0 && found->len > limit)
        g_ptr_array_set_size (found, limit);
    return found;
}

/* libosinfo's blocking readers run a main loop on the thread-default context, which on a thread
 * without one is the global default context: the main thread's. Both threads then fight over
 * it, and the reader can wait for ever (seen under load). Each read gets a context of its own. */
static OsinfoMedia *
vimana_os_db_read_media (const char    *path,
                         GCancellable  *cancellable,
                         GError       **error)
{
    g_autoptr(GMainContext) context = g_main_context_new ();
    OsinfoMedia *media;

    g_main_context_push_thread_default (context);
    media = osinfo_media_create_from_location (path, cancellable, error);
    g_main_context_pop_thread_default (context);
    return media;
}

static OsinfoTree *
vimana_os_db_read_tree (const char    *url,
                        GCancellable  *cancellable,
                        GError       **error)
{
    g_autoptr(GMainContext) context = g_main_context_new ();
    OsinfoTree *tree;

    g_main_context_push_thread_default (context);
    tree = osinfo_tree_create_from_location (url, cancellable, error);
    g_main_context_pop_thread_default (context);
    return tree;
}

/**
 * vimana_os_db_identify_media:
 * @path: an ISO file or a CD/DVD device
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Reads the ISO 9660 header of @path and matches it against the database's media rules. Blocks:
 * call it from a thread, or use vimana_os_db_identify_async().
 *
 * Returns: (transfer full) (nullable): the OS, or %NULL with @error unset when the media was
 *   read but matches no OS the database knows
 */
VimanaOsInfo *
vimana_os_db_identify_media (const char    *path,
                             GCancellable  *cancellable,
                             GError       **error)
{
    g_autoptr(OsinfoMedia) media = NULL;
    g_autoptr(GMutexLocker) locker = NULL;
    GError *local_error = NULL;
    gboolean identified;
    OsinfoDb *db;

    g_return_val_if_fail (path != NULL, NULL);

    /* libosinfo keeps a copy of the path it never frees. */
    VIMANA_LEAK_CHECK_PAUSE ();
    media = vimana_os_db_read_media (path, cancellable, &local_error);
    VIMANA_LEAK_CHECK_RESUME ();
    if (media == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not an installation disc image: %s"), path,
                     local_error != NULL ? local_error->message : _("unknown error"));
        g_clear_error (&local_error);
        return NULL;
    }
    locker = g_mutex_locker_new (&db_lock);
    db = vimana_os_db_get_locked (error);
    if (db == NULL)
        return NULL;
    /* libosinfo leaks the install-script list it copies while matching. */
    VIMANA_LEAK_CHECK_PAUSE ();
    identified = osinfo_db_identify_media (db, media);
    VIMANA_LEAK_CHECK_RESUME ();
    if (!identified || osinfo_media_get_os (media) == NULL)
        return NULL;
    return vimana_os_info_new_from_os (osinfo_media_get_os (media));
}

/**
 * vimana_os_db_identify_treeinfo:
 * @treeinfo: the text of an install tree's .treeinfo file
 * @url: the tree's URL
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the OS, or %NULL with @error unset when the tree
 *   matches no OS the database knows
 */
VimanaOsInfo *
vimana_os_db_identify_treeinfo (const char  *treeinfo,
                                const char  *url,
                                GError     **error)
{
    g_autoptr(OsinfoTree) tree = NULL;
    g_autoptr(GMutexLocker) locker = NULL;
    GError *local_error = NULL;
    gboolean identified;
    OsinfoDb *db;

    g_return_val_if_fail (treeinfo != NULL, NULL);
    g_return_val_if_fail (url != NULL, NULL);

    /* libosinfo leaks a small string while reading a .treeinfo. */
    VIMANA_LEAK_CHECK_PAUSE ();
    tree = osinfo_tree_create_from_treeinfo (treeinfo, url, &local_error);
    VIMANA_LEAK_CHECK_RESUME ();
    if (tree == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The install tree at %s could not be read: %s"), url,
                     local_error != NULL ? local_error->message : _("unknown error"));
        g_clear_error (&local_error);
        return NULL;
    }
    locker = g_mutex_locker_new (&db_lock);
    db = vimana_os_db_get_locked (error);
    if (db == NULL)
        return NULL;
    VIMANA_LEAK_CHECK_PAUSE ();
    identified = osinfo_db_identify_tree (db, tree);
    VIMANA_LEAK_CHECK_RESUME ();
    if (!identified || osinfo_tree_get_os (tree) == NULL)
        return NULL;
    return vimana_os_info_new_from_os (osinfo_tree_get_os (tree));
}

static void
vimana_os_db_identify_thread (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
    const char *location = task_data;
    gboolean is_tree = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "is-tree"));
    VimanaOsInfo *info = NULL;
    GError *error = NULL;

    if (is_tree) {
        g_autoptr(OsinfoTree) tree = NULL;

        /* As for vimana_os_db_identify_treeinfo (): libosinfo's leak while reading. */
        VIMANA_LEAK_CHECK_PAUSE ();
        tree = vimana_os_db_read_tree (location, cancellable, &error);
        VIMANA_LEAK_CHECK_RESUME ();

        if (tree != NULL) {
            g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&db_lock);
            OsinfoDb *db = vimana_os_db_get_locked (&error);

            gboolean identified;

            VIMANA_LEAK_CHECK_PAUSE ();
            identified = db != NULL && osinfo_db_identify_tree (db, tree);
            VIMANA_LEAK_CHECK_RESUME ();
            if (identified && osinfo_tree_get_os (tree) != NULL)
                info = vimana_os_info_new_from_os (osinfo_tree_get_os (tree));
        } else {
            g_autoptr(GError) tree_error = error;

            error = g_error_new (VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("The install tree at %s could not be read: %s"), location,
                                 tree_error != NULL ? tree_error->message : _("unknown error"));
        }
    } else {
        info = vimana_os_db_identify_media (location, cancellable, &error);
    }

    if (error != NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_os_info_free);
}

/**
 * vimana_os_db_identify_async:
 * @location: an ISO path or device, or the URL of an install tree
 * @is_tree: whether @location is an install tree
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Identifies the OS on a thread of its own: no libvirt call is involved, only files and, for a
 * tree, the network.
 */
void
vimana_os_db_identify_async (const char          *location,
                             gboolean             is_tree,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

    g_return_if_fail (location != NULL);

    g_task_set_source_tag (task, vimana_os_db_identify_async);
    g_task_set_task_data (task, g_strdup (location), g_free);
    g_object_set_data (G_OBJECT (task), "is-tree", GINT_TO_POINTER (is_tree));
    g_task_run_in_thread (task, vimana_os_db_identify_thread);
}

/**
 * vimana_os_db_identify_finish:
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the OS; %NULL with @error unset when the media or tree
 *   was read but is not one the database knows
 */
VimanaOsInfo *
vimana_os_db_identify_finish (GAsyncResult  *result,
                              GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
