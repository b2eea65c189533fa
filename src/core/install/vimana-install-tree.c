/* vimana-install-tree.c: a distribution's install tree on a web server, and its boot files
 *
 * A network install boots the tree's own installer kernel and initrd, as virt-manager does: the
 * tree's .treeinfo (Fedora, RHEL, CentOS, openSUSE and their kin publish one) names them per
 * architecture and its [general] section lets libosinfo identify the OS. Only http and https are
 * fetched (libsoup has no FTP). Every call here blocks on the network except the _async pair, so
 * the rest run on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-install-tree"

#include "config.h"

#include "vimana-install-tree.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-install-plan.h"

/* A .treeinfo is a few KiB; anything much larger is not one. */
#define VIMANA_TREEINFO_MAX (1024 * 1024)
#define VIMANA_TREE_TIMEOUT 30 /* seconds without an answer */

void
vimana_install_tree_free (VimanaInstallTree *tree)
{
    if (tree == NULL)
        return;
    g_free (tree->url);
    g_free (tree->family);
    g_free (tree->kernel_url);
    g_free (tree->initrd_url);
    g_free (tree->kernel_args);
    g_free (tree->boot_host);
    vimana_os_info_free (tree->os);
    g_free (tree);
}

/**
 * vimana_install_tree_kernel_args:
 * @family: (nullable): the tree's family from its .treeinfo
 * @url: the tree's URL
 *
 * Anaconda (the Red Hat family) reads inst.repo=, the SUSE installer install=; older or other
 * installers that read a .treeinfo take method=, which Anaconda also still understands.
 *
 * Returns: (transfer full): the kernel command line that points the installer at @url
 */
char *
vimana_install_tree_kernel_args (const char *family,
                                 const char *url)
{
    static const char * const red_hat[] = { "fedora", "red hat", "centos", "rocky", "alma",
                                            "oracle", "scientific", "rhel" };
    g_autofree char *lower = g_utf8_strdown (family != NULL ? family : "", -1);

    g_return_val_if_fail (url != NULL, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (red_hat); i++) {
        if (strstr (lower, red_hat[i]) != NULL)
            return g_strdup_printf ("inst.repo=%s", url);
    }
    if (strstr (lower, "suse") != NULL)
        return g_strdup_printf ("install=%s", url);
    return g_strdup_printf ("method=%s", url);
}

/* Resolves what a .treeinfo names against the tree. The name comes from the server: it is
 * checked before GLib sees it, as g_uri_resolve_relative() asserts (a GLib critical) on some
 * shapes, such as "http:/.//x". */
static char *
vimana_install_tree_resolve (const char  *base,
                             const char  *relative,
                             GError     **error)
{
    g_autofree char *base_dir = g_strconcat (base, "/", NULL);
    g_autofree char *scheme = NULL;
    g_autofree char *resolved = NULL;
    g_autoptr(GUri) checked = NULL;

    for (const char *p = relative; *p != '\0'; p++) {
        if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == '"' || *p == '\\')
            goto refused;
    }
    scheme = g_uri_parse_scheme (relative);
    if (scheme != NULL) {
        g_autoptr(GUri) absolute = NULL;

        if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
            goto refused;
        absolute = g_uri_parse (relative, G_URI_FLAGS_NONE, NULL);
        if (absolute == NULL || g_uri_get_host (absolute) == NULL ||
            *g_uri_get_host (absolute) == '\0')
            goto refused;
    }
    resolved = g_uri_resolve_relative (base_dir, relative, G_URI_FLAGS_NONE, NULL);
    if (resolved == NULL)
        goto refused;
    checked = g_uri_parse (resolved, G_URI_FLAGS_NONE, NULL);
    if (checked == NULL || g_uri_get_host (checked) == NULL || *g_uri_get_host (checked) == '\0' ||
        (g_strcmp0 (g_uri_get_scheme (checked), "http") != 0 &&
         g_strcmp0 (g_uri_get_scheme (checked), "https") != 0))
        goto refused;
    return g_steal_pointer (&resolved);

refused:
    {
        g_autofree char *shown = g_utf8_make_valid (relative, -1);

        for (char *p = shown; *p != '\0'; p++) {
            if (g_ascii_iscntrl (*p))
                *p = '?';
        }
        /* Translators: the first %s is the tree's URL, the second what its .treeinfo names. */
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is not an install tree that can be used: its .treeinfo names “%s”, which is neither a path in the tree nor an http or https URL."),
                     base, shown);
    }
    return NULL;
}

/* The server of @url as "host" or "host:port", lower case; %NULL when it has none. */
static char *
vimana_install_tree_server (const char *url)
{
    g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

    if (uri == NULL || g_uri_get_host (uri) == NULL)
        return NULL;
    if (g_uri_get_port (uri) != -1) {
        g_autofree char *server = g_strdup_printf ("%s:%d", g_uri_get_host (uri),
                                                   g_uri_get_port (uri));

        return g_ascii_strdown (server, -1);
    }
    return g_ascii_strdown (g_uri_get_host (uri), -1);
}

/**
 * vimana_install_tree_parse:
 * @url: the tree's URL
 * @treeinfo: the text of its .treeinfo
 * @arch: the guest's architecture, "x86_64"
 * @error: return location for an error
 *
 * Reads the kernel and initrd of @arch from the [images-ARCH] section and identifies the OS with
 * libosinfo. A tree the database does not know is still usable: its os is %NULL.
 *
 * Returns: (transfer full) (nullable): the tree, or %NULL when @treeinfo names no kernel and
 *   initrd for @arch
 */
VimanaInstallTree *
vimana_install_tree_parse (const char  *url,
                           const char  *treeinfo,
                           const char  *arch,
                           GError     **error)
{
    g_autoptr(VimanaInstallTree) tree = g_new0 (VimanaInstallTree, 1);
    g_autoptr(GKeyFile) keys = g_key_file_new ();
    g_autoptr(GError) os_error = NULL;
    g_autofree char *section = g_strdup_printf ("images-%s", arch);
    g_autofree char *kernel = NULL;
    g_autofree char *initrd = NULL;
    gsize len;

    g_return_val_if_fail (url != NULL && treeinfo != NULL && arch != NULL, NULL);

    /* The URL goes into the kernel command line: checked here too, not only where it is typed. */
    if (!vimana_install_check_url (url, error))
        return NULL;
    tree->url = g_strdup (url);
    len = strlen (tree->url);
    while (len > 0 && tree->url[len - 1] == '/')
        tree->url[--len] = '\0';

    if (g_key_file_load_from_data (keys, treeinfo, -1, G_KEY_FILE_NONE, NULL)) {
        kernel = g_key_file_get_string (keys, section, "kernel", NULL);
        initrd = g_key_file_get_string (keys, section, "initrd", NULL);
        tree->family = g_key_file_get_string (keys, "general", "family", NULL);
        if (tree->family == NULL)
            tree->family = g_key_file_get_string (keys, "release", "name", NULL);
    }
    if (kernel == NULL || initrd == NULL || *g_strstrip (kernel) == '\0' || *g_strstrip (initrd) == '\0') {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is not an install tree for %s: its .treeinfo names no kernel and initrd."),
                     tree->url, arch);
        return NULL;
    }
    tree->kernel_url = vimana_install_tree_resolve (tree->url, kernel, error);
    if (tree->kernel_url == NULL)
        return NULL;
    tree->initrd_url = vimana_install_tree_resolve (tree->url, initrd, error);
    if (tree->initrd_url == NULL)
        return NULL;

    /* A kernel or initrd on another server is shown before anything is downloaded from it. */
    {
        g_autofree char *server = vimana_install_tree_server (tree->url);
        g_autofree char *kernel_server = vimana_install_tree_server (tree->kernel_url);
        g_autofree char *initrd_server = vimana_install_tree_server (tree->initrd_url);

        gboolean kernel_elsewhere = g_strcmp0 (kernel_server, server) != 0;
        gboolean initrd_elsewhere = g_strcmp0 (initrd_server, server) != 0;

        if (kernel_elsewhere && initrd_elsewhere && g_strcmp0 (kernel_server, initrd_server) != 0)
            tree->boot_host = g_strdup_printf ("%s, %s", kernel_server, initrd_server);
        else if (kernel_elsewhere)
            tree->boot_host = g_strdup (kernel_server);
        else if (initrd_elsewhere)
            tree->boot_host = g_strdup (initrd_server);
    }
    tree->kernel_args = vimana_install_tree_kernel_args (tree->family, tree->url);

    /* Unknown to the database, or unreadable by libosinfo: the generic OS is used then. */
    tree->os = vimana_os_db_identify_treeinfo (treeinfo, tree->url, &os_error);
    if (os_error != NULL)
        g_debug ("%s not identified: %s", tree->url, os_error->message);
    return g_steal_pointer (&tree);
}

static gboolean
vimana_install_tree_check_scheme (const char  *url,
                                  GError     **error)
{
    g_autofree char *scheme = g_uri_parse_scheme (url);

    if (g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0)
        return TRUE;
    g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                         _("Only install trees on http and https servers can be used."));
    return FALSE;
}

static SoupSession *
vimana_install_tree_session_new (void)
{
    return soup_session_new_with_options ("timeout", VIMANA_TREE_TIMEOUT,
                                          "user-agent", PACKAGE_NAME "/" PACKAGE_VERSION,
                                          NULL);
}

/* Sends GET @url. On an HTTP error status returns %NULL with @error unset and the status and
 * its text in @message_out, for the caller to say what was missing. */
static GInputStream *
vimana_install_tree_get (SoupSession   *session,
                         const char    *url,
                         SoupMessage  **message_out,
                         GCancellable  *cancellable,
                         GError       **error)
{
    g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
    g_autoptr(GError) local_error = NULL;
    g_autoptr(GInputStream) stream = NULL;
    guint status;

    if (message == NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a URL that can be fetched."), url);
        return NULL;
    }
    stream = soup_session_send (session, message, cancellable, &local_error);
    if (stream == NULL) {
        if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
        else
            /* Translators: the first %s is a URL, the second the network library's reason. */
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                         _("%s could not be reached: %s"), url, local_error->message);
        return NULL;
    }
    status = soup_message_get_status (message);
    if (!SOUP_STATUS_IS_SUCCESSFUL (status)) {
        *message_out = g_steal_pointer (&message);
        return NULL;
    }
    return g_steal_pointer (&stream);
}

static int
vimana_install_tree_status_code (SoupMessage *message)
{
    return soup_message_get_status (message) == SOUP_STATUS_NOT_FOUND ? VIMANA_ERROR_INVALID_ARGUMENT
                                                                      : VIMANA_ERROR_FAILED;
}

static char *
vimana_install_tree_read_treeinfo (const char    *url,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
    g_autoptr(SoupSession) session = vimana_install_tree_session_new ();
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(SoupMessage) failed = NULL;
    g_autofree char *treeinfo_url = vimana_install_tree_resolve (url, ".treeinfo", error);
    g_autofree char *text = g_malloc (VIMANA_TREEINFO_MAX + 1);
    gsize read = 0;

    if (treeinfo_url == NULL)
        return NULL;
    stream = vimana_install_tree_get (session, treeinfo_url, &failed, cancellable, error);
    if (failed != NULL) {
        /* Translators: %s is a URL, %u an HTTP status such as 404, the last %s its text. */
        g_set_error (error, VIMANA_ERROR, vimana_install_tree_status_code (failed),
                     _("%s is not an install tree that can be used: it has no .treeinfo (HTTP %u %s)."),
                     url, soup_message_get_status (failed), soup_message_get_reason_phrase (failed));
        return NULL;
    }
    if (stream == NULL)
        return NULL;
    if (!g_input_stream_read_all (stream, text, VIMANA_TREEINFO_MAX, &read, cancellable, error))
        return NULL;
    text[read] = '\0';
    if (read == VIMANA_TREEINFO_MAX) {
        /* Say what is wrong with it: its size, not its text (issue 11, defect 9). */
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is not an install tree: its .treeinfo is larger than 1 MiB, and a .treeinfo is a few KiB."),
                     url);
        return NULL;
    }
    if (memchr (text, '\0', read) != NULL || !g_utf8_validate (text, read, NULL)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s is not an install tree: its .treeinfo is not text."), url);
        return NULL;
    }
    return g_steal_pointer (&text);
}

static void
vimana_install_tree_fetch_thread (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
    const char * const *args = task_data;   /* url, arch */
    g_autoptr(GMainContext) context = g_main_context_new ();
    g_autofree char *treeinfo = NULL;
    VimanaInstallTree *tree = NULL;
    GError *error = NULL;

    /* libsoup's synchronous calls iterate the thread-default context: one of our own. */
    g_main_context_push_thread_default (context);
    treeinfo = vimana_install_tree_read_treeinfo (args[0], cancellable, &error);
    g_main_context_pop_thread_default (context);
    if (treeinfo != NULL)
        tree = vimana_install_tree_parse (args[0], treeinfo, args[1], &error);
    if (tree == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, tree, (GDestroyNotify) vimana_install_tree_free);
}

/**
 * vimana_install_tree_fetch_async:
 * @url: an http or https URL of an install tree
 * @arch: the guest's architecture, "x86_64"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Fetches URL/.treeinfo on a thread and reads it with vimana_install_tree_parse().
 */
void
vimana_install_tree_fetch_async (const char          *url,
                                 const char          *arch,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
    g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
    GError *error = NULL;

    g_return_if_fail (url != NULL && arch != NULL);

    g_task_set_source_tag (task, vimana_install_tree_fetch_async);
    if (!vimana_install_tree_check_scheme (url, &error) || !vimana_install_check_url (url, &error)) {
        g_task_return_error (task, error);
        return;
    }
    g_task_set_task_data (task, g_strdupv ((char *[]) { (char *) url, (char *) arch, NULL }),
                          (GDestroyNotify) g_strfreev);
    g_task_run_in_thread (task, vimana_install_tree_fetch_thread);
}

/**
 * vimana_install_tree_fetch_finish:
 * @result: the #GAsyncResult
 * @error: return location for an error: unreachable, no .treeinfo, not a tree, cancelled
 *
 * Returns: (transfer full) (nullable): the tree
 */
VimanaInstallTree *
vimana_install_tree_fetch_finish (GAsyncResult  *result,
                                  GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
vimana_install_tree_save (const char    *url,
                          const char    *path,
                          GCancellable  *cancellable,
                          GError       **error)
{
    g_autoptr(SoupSession) session = vimana_install_tree_session_new ();
    g_autoptr(GInputStream) stream = NULL;
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GFileOutputStream) output = NULL;
    g_autoptr(GError) local_error = NULL;
    g_autoptr(SoupMessage) failed = NULL;

    stream = vimana_install_tree_get (session, url, &failed, cancellable, error);
    if (failed != NULL) {
        /* Translators: %s is a URL, %u an HTTP status such as 404, the last %s its text. */
        g_set_error (error, VIMANA_ERROR, vimana_install_tree_status_code (failed),
                     _("The boot file %s could not be downloaded (HTTP %u %s)."),
                     url, soup_message_get_status (failed), soup_message_get_reason_phrase (failed));
        return FALSE;
    }
    if (stream == NULL)
        return FALSE;
    output = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
    if (output == NULL ||
        g_output_stream_splice (G_OUTPUT_STREAM (output), stream,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                cancellable, &local_error) < 0) {
        if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
        else
            /* Translators: the first %s is a URL, the second a file, the third the reason. */
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                         _("%s could not be saved as %s: %s"), url, path, local_error->message);
        return FALSE;
    }
    return TRUE;
}

/**
 * vimana_install_tree_download:
 * @url: an http or https URL
 * @path: the file to write; replaced if it exists
 * @cancellable: (nullable): stops the download
 * @error: return location for an error
 *
 * Downloads @url into @path. Blocks: for a worker thread. On failure @path is removed.
 *
 * Returns: whether @path now holds @url
 */
gboolean
vimana_install_tree_download (const char    *url,
                              const char    *path,
                              GCancellable  *cancellable,
                              GError       **error)
{
    g_autoptr(GMainContext) context = NULL;
    gboolean ok;

    g_return_val_if_fail (url != NULL && path != NULL, FALSE);

    if (!vimana_install_tree_check_scheme (url, error))
        return FALSE;
    context = g_main_context_new ();
    g_main_context_push_thread_default (context);
    ok = vimana_install_tree_save (url, path, cancellable, error);
    g_main_context_pop_thread_default (context);
    if (!ok)
        g_unlink (path);
    return ok;
}
