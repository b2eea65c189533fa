/* bench-clone.c: how long a linked clone takes to be ready, and a full copy's speed
 *
 * On a real libvirtd (qemu:///system, as root), in a transient dir pool of its own:
 *
 *   - a guest on a 10 GiB qcow2 disk (sparse: nothing written) is cloned as a linked clone
 *     through the core, as the Clone dialog does it: the facts read on the worker, the plan,
 *     the overlay created and the guest defined. Prints the median, minimum and maximum time
 *     from asking to the clone being defined (the target is ≤ 1 s);
 *   - a guest on a qcow2 disk holding --data-mib MiB of random data is fully copied the same
 *     way (virStorageVolCreateXMLFrom), and the same file is converted by `qemu-img convert -O
 *     qcow2` into the same folder; prints both speeds in MiB/s of the source's allocation and
 *     their ratio (the target is ≥ 80 %). Runs alternate, so both read a warm page cache.
 *
 *   bench-clone [--size-gib 10] [--data-mib 1024] [--runs 5]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>

#include "test-wait.h"
#include "vimana-clone.h"
#include "vimana-connection.h"

#ifndef VIMANA_BUILDTYPE
#define VIMANA_BUILDTYPE "unknown"
#endif

#define POOL "vimana-test-i12clone-bench"
#define POOL_DIR "/var/lib/libvirt/images/vimana-test-i12clone-bench"
#define SPARSE "vimana-test-i12clone-bench-sparse"
#define DATA "vimana-test-i12clone-bench-data"

static int opt_size_gib = 10;
static int opt_data_mib = 1024;
static int opt_runs = 5;

static const GOptionEntry entries[] = {
    { "size-gib", 0, 0, G_OPTION_ARG_INT, &opt_size_gib, "Size of the sparse disk", "GIB" },
    { "data-mib", 0, 0, G_OPTION_ARG_INT, &opt_data_mib, "Data in the disk to copy", "MIB" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs to take the median of", "R" },
    { NULL },
};

static virConnectPtr conn;

/* Lookups of what is not there yet are expected: libvirt's default handler would print them. */
static void
quiet_error_cb (void        *data,
                virErrorPtr  error)
{
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
    g_array_sort (values, compare_doubles);
    return values->len == 0 ? 0.0 : g_array_index (values, double, values->len / 2);
}

static void
define_guest (const char *name,
              const char *image)
{
    g_autofree char *xml = g_strdup_printf (
        "<domain type='qemu'><name>%s</name><memory unit='MiB'>32</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='%s'/><target dev='vda' bus='virtio'/></disk>"
        "<interface type='user'><mac address='52:54:00:00:12:12'/></interface>"
        "</devices></domain>", name, image);
    virDomainPtr dom = virDomainDefineXML (conn, xml);

    if (dom == NULL)
        g_error ("cannot define %s: %s", name, virGetLastErrorMessage ());
    virDomainFree (dom);
}

static void
remove_guest (const char *name)
{
    virDomainPtr dom = virDomainLookupByName (conn, name);

    if (dom != NULL) {
        virDomainUndefineFlags (dom, VIR_DOMAIN_UNDEFINE_NVRAM);
        virDomainFree (dom);
    }
    virResetLastError ();
}

static void
remove_volume (const char *name)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, POOL);
    virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, name) : NULL;

    if (vol != NULL) {
        virStorageVolDelete (vol, 0);
        virStorageVolFree (vol);
    }
    if (pool != NULL) {
        virStoragePoolRefresh (pool, 0);
        virStoragePoolFree (pool);
    }
    virResetLastError ();
}

static void
remove_all (void)
{
    virStoragePoolPtr pool;
    g_autoptr(GDir) dir = NULL;
    const char *file;

    remove_guest (SPARSE);
    remove_guest (DATA);
    for (int i = 0; i < opt_runs; i++) {
        g_autofree char *l = g_strdup_printf ("vimana-test-i12clone-bench-l%d", i);
        g_autofree char *f = g_strdup_printf ("vimana-test-i12clone-bench-f%d", i);

        remove_guest (l);
        remove_guest (f);
    }
    pool = virStoragePoolLookupByName (conn, POOL);
    if (pool != NULL) {
        virStoragePoolDestroy (pool);
        virStoragePoolFree (pool);
    }
    virResetLastError ();
    dir = g_dir_open (POOL_DIR, 0, NULL);
    while (dir != NULL && (file = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_build_filename (POOL_DIR, file, NULL);

        g_unlink (path);
    }
    g_rmdir (POOL_DIR);
}

static gboolean
domains_listed (gpointer data)
{
    return vimana_connection_find_domain_by_name (data, SPARSE) != NULL &&
           vimana_connection_find_domain_by_name (data, DATA) != NULL;
}

/* Facts, plan and run, as the dialog does them; returns the seconds, or -1 on failure. */
static double
clone_once (VimanaDomain        *domain,
            const char          *name,
            VimanaCloneDiskMode  mode)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaCloneFacts) facts = NULL;
    g_autoptr(VimanaCloneOptions) options = NULL;
    g_autoptr(VimanaClone) clone = NULL;
    VimanaClonePlan *plan;
    gint64 start = g_get_monotonic_time ();
    gboolean ok;

    vimana_domain_read_clone_facts_async (domain, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the facts");
    facts = vimana_domain_read_clone_facts_finish (domain, wait.result, &error);
    g_clear_object (&wait.result);
    if (facts == NULL)
        g_error ("facts: %s", error->message);
    options = vimana_clone_options_new (facts);
    g_free (options->name);
    options->name = g_strdup (name);
    vimana_clone_options_set_mode (options, 0, mode);
    plan = vimana_clone_plan_new (facts, options, NULL, NULL, &error);
    if (plan == NULL)
        g_error ("plan: %s", error->message);
    clone = vimana_clone_new (domain, plan);
    wait.done = FALSE;
    vimana_clone_run_async (clone, NULL, test_wait_async_cb, &wait);
    /* The guard is test-wait's 30 s: pass a small --data-mib on a slow disk. */
    test_wait_async (&wait, "the clone");
    ok = vimana_clone_run_finish (clone, wait.result, &error);
    g_clear_object (&wait.result);
    if (!ok) {
        g_printerr ("clone %s: %s\n", name, error->message);
        return -1;
    }
    return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static double
qemu_img_convert (const char *source,
                  const char *target)
{
    const char *argv[] = { "qemu-img", "convert", "-f", "qcow2", "-O", "qcow2", source, target, NULL };
    g_autoptr(GError) error = NULL;
    gint64 start = g_get_monotonic_time ();
    int status;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error) || !g_spawn_check_wait_status (status, &error))
        g_error ("qemu-img convert: %s", error != NULL ? error->message : "failed");
    return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
print_series (const char *what,
              GArray     *values,
              const char *unit,
              double      scale)
{
    double lo = G_MAXDOUBLE, hi = 0;

    for (guint i = 0; i < values->len; i++) {
        lo = MIN (lo, g_array_index (values, double, i));
        hi = MAX (hi, g_array_index (values, double, i));
    }
    g_print ("%-44s median %8.1f %s (min %.1f, max %.1f, %u runs)\n", what,
             median (values) * scale, unit, lo * scale, hi * scale, values->len);
}

int
main (int    argc,
      char **argv)
{
    g_autoptr(GOptionContext) context = g_option_context_new ("- time linked and full clones");
    g_autoptr(GError) error = NULL;
    g_autoptr(GArray) linked = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) convert = g_array_new (FALSE, FALSE, sizeof (double));
    g_autofree char *pool_xml = NULL;
    g_autofree char *sparse_xml = NULL;
    g_autofree char *raw = g_build_filename (POOL_DIR, "data.raw", NULL);
    g_autofree char *data_image = g_build_filename (POOL_DIR, DATA ".qcow2", NULL);
    g_autofree char *sparse_image = NULL;
    g_autofree char *converted = g_build_filename (POOL_DIR, "converted.qcow2", NULL);
    VimanaConnection *connection;
    virStoragePoolPtr pool;
    virStorageVolPtr vol;
    virStorageVolInfo info = { 0 };
    double data_mib;
    FILE *out;

    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("%s\n", error->message);
        return 2;
    }
    gvir_event_register ();
    virSetErrorFunc (NULL, quiet_error_cb);
    conn = virConnectOpen ("qemu:///system");
    if (conn == NULL) {
        g_printerr ("no qemu:///system: skipped\n");
        return 77;
    }
    remove_all ();
    g_mkdir_with_parents (POOL_DIR, 0755);
    pool_xml = g_strdup_printf ("<pool type='dir'><name>" POOL "</name><target><path>" POOL_DIR
                                "</path></target></pool>");
    pool = virStoragePoolCreateXML (conn, pool_xml, 0);
    if (pool == NULL)
        g_error ("cannot create the pool: %s", virGetLastErrorMessage ());

    /* The sparse source, made by libvirt. */
    sparse_xml = g_strdup_printf ("<volume><name>" SPARSE ".qcow2</name>"
                                                          "<capacity unit='GiB'>%d</capacity><allocation>0</allocation>"
                                                          "<target><format type='qcow2'/></target></volume>", opt_size_gib);
    vol = virStorageVolCreateXML (pool, sparse_xml, 0);
    if (vol == NULL)
        g_error ("cannot create the sparse volume: %s", virGetLastErrorMessage ());
    sparse_image = virStorageVolGetPath (vol);
    virStorageVolFree (vol);
    define_guest (SPARSE, sparse_image);

    /* The source with data: random bytes, so nothing is skipped as zeros. */
    out = fopen (raw, "wb");
    for (int i = 0; out != NULL && i < opt_data_mib; i++) {
        static guint32 block[(1 << 20) / 4];

        for (guint w = 0; w < G_N_ELEMENTS (block); w++)
            block[w] = g_random_int ();
        fwrite (block, 1, sizeof block, out);
    }
    if (out == NULL || fclose (out) != 0)
        g_error ("cannot write %s", raw);
    {
        const char *conv[] = { "qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw, data_image, NULL };
        int status;

        if (!g_spawn_sync (NULL, (char **) conv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                           &status, &error) || !g_spawn_check_wait_status (status, &error))
            g_error ("qemu-img convert: %s", error != NULL ? error->message : "failed");
    }
    g_unlink (raw);
    virStoragePoolRefresh (pool, 0);
    vol = virStorageVolLookupByPath (conn, data_image);
    if (vol == NULL || virStorageVolGetInfo (vol, &info) < 0)
        g_error ("cannot read the data volume: %s", virGetLastErrorMessage ());
    virStorageVolFree (vol);
    data_mib = info.allocation / (1024.0 * 1024.0);
    define_guest (DATA, data_image);

    connection = test_connection_open ("qemu:///system");
    test_wait_until (domains_listed, connection, "the sources in the list");

    for (int i = 0; i < opt_runs; i++) {
        g_autofree char *name = g_strdup_printf ("vimana-test-i12clone-bench-l%d", i);
        g_autofree char *volume = g_strconcat (name, ".qcow2", NULL);
        double t = clone_once (vimana_connection_find_domain_by_name (connection, SPARSE), name,
                               VIMANA_CLONE_DISK_LINKED);

        if (t >= 0)
            g_array_append_val (linked, t);
        remove_guest (name);
        remove_volume (volume);
    }
    for (int i = 0; i < opt_runs; i++) {
        g_autofree char *name = g_strdup_printf ("vimana-test-i12clone-bench-f%d", i);
        g_autofree char *volume = g_strconcat (name, ".qcow2", NULL);
        double t = clone_once (vimana_connection_find_domain_by_name (connection, DATA), name,
                               VIMANA_CLONE_DISK_COPY);
        double c;

        if (t > 0) {
            t = data_mib / t;
            g_array_append_val (full, t);
        }
        remove_guest (name);
        remove_volume (volume);
        c = data_mib / qemu_img_convert (data_image, converted);
        g_array_append_val (convert, c);
        g_unlink (converted);
    }

    g_print ("build: %s; sparse disk %d GiB; data disk %.0f MiB allocated (qcow2)\n",
             VIMANA_BUILDTYPE, opt_size_gib, data_mib);
    print_series ("linked clone ready (facts+plan+overlay+define)", linked, "ms", 1000.0);
    print_series ("full clone copy (virStorageVolCreateXMLFrom)", full, "MiB/s", 1.0);
    print_series ("qemu-img convert -O qcow2, same file", convert, "MiB/s", 1.0);
    if (convert->len > 0 && full->len > 0)
        g_print ("full clone / qemu-img convert: %.0f %%\n", 100.0 * median (full) / median (convert));

    test_connection_close (connection);
    remove_all ();
    virStoragePoolFree (pool);
    virConnectClose (conn);
    return 0;
}
