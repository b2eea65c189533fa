/* fuzz-treeinfo.c: a distribution's .treeinfo, as an install tree's web server sends it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is the tree's URL on its first line, the architecture on the second (empty:
 * x86_64) and the .treeinfo after. The URL is used as New VM uses it: only once
 * vimana_install_check_url accepts it.
 */
#include "vimana-install-plan.h"
#include "vimana-install-tree.h"
#include "vimana-os-info.h"
#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
    g_autoptr(GError) error = NULL;

    fuzz_init ();
    /* Load the osinfo database once, not in the first input's time. */
    if (!vimana_os_db_load (&error))
        g_printerr ("fuzz-treeinfo: no osinfo database: %s\n", error->message);
    return 0;
}

static void
check_absolute (const char *what,
                const char *url)
{
    fuzz_check (url != NULL && g_uri_is_valid (url, G_URI_FLAGS_NONE, NULL),
                "the %s URL is absolute: %s", what, url != NULL ? url : "(null)");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
    g_auto(GStrv) fields = fuzz_input_fields (data, size, 3);
    const char *url = fields[0];
    const char *arch = *fields[1] != '\0' ? fields[1] : "x86_64";
    g_autoptr(VimanaInstallTree) tree = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *args = NULL;

    if (!vimana_install_check_url (url, &error)) {
        fuzz_check (error != NULL, "a refused URL says why");
        g_clear_error (&error);
        url = "http://mirror.example/fedora/37/os/";
    }
    tree = vimana_install_tree_parse (url, fields[2], arch, &error);
    fuzz_check ((tree == NULL) == (error != NULL), "a tree parses or says why");
    if (tree != NULL) {
        check_absolute ("kernel", tree->kernel_url);
        check_absolute ("initrd", tree->initrd_url);
        fuzz_check (tree->kernel_args != NULL, "a tree has kernel arguments");
    }
    args = vimana_install_tree_kernel_args (fields[1], url);
    fuzz_check (args != NULL, "kernel arguments for any family");
    return 0;
}
