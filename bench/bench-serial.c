/* bench-serial.c: a real guest's serial console through VimanaConsoleStream
 *
 * On a real libvirtd (qemu:///system), starts a transient boot-sector guest paused, attaches its
 * serial console, resumes it (so the first boot's banner is caught: "Start and attach"), types
 * text that the guest echoes, then sends '!' after which the guest floods COM1 with the bytes
 * 0, 1, … 255, 0, … as fast as its UART takes them. Prints what arrived in --seconds, the gaps
 * in the sequence (a dropped byte breaks it), and this process's CPU time (user + system, both
 * threads) per second and per MiB.
 *
 *   bench-serial [--seconds 5]        (as root, with libvirtd running; the test command's setup)
 *
 * The guest never uses int 10h and has no video device: everything goes out of port 0x3F8,
 * each byte after the line status register says the transmitter is empty.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>
#include <sys/resource.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-console-stream.h"

#define GUEST_NAME "vimana-test-serial-bench"
#define IMAGE_DIR "/var/lib/libvirt/images/vimana-test"
#define BANNER "VIMANA SERIAL GUEST\r\n"

/* The boot sector (org 0x7c00), assembled by hand; offsets in the comments. */
static const guint8 boot_code[] = {
    0xFA,                   /*  0 cli */
    0x31, 0xC0,             /*  1 xor ax, ax */
    0x8E, 0xD8,             /*  3 mov ds, ax */
    0x8E, 0xD0,             /*  5 mov ss, ax */
    0xBC, 0x00, 0x7C,       /*  7 mov sp, 0x7c00 */
    0xFC,                   /* 10 cld */
    0xBE, 0x45, 0x7C,       /* 11 mov si, banner (0x7c00 + 69) */
    0xAC,                   /* 14 print: lodsb */
    0x84, 0xC0,             /* 15 test al, al */
    0x74, 0x05,             /* 17 jz echo */
    0xE8, 0x20, 0x00,       /* 19 call putc */
    0xEB, 0xF6,             /* 22 jmp print */
    0xBA, 0xFD, 0x03,       /* 24 echo: mov dx, 0x3fd (line status) */
    0xEC,                   /* 27 in al, dx */
    0xA8, 0x01,             /* 28 test al, 1 (data ready) */
    0x74, 0xF8,             /* 30 jz echo */
    0xBA, 0xF8, 0x03,       /* 32 mov dx, 0x3f8 */
    0xEC,                   /* 35 in al, dx */
    0x3C, 0x21,             /* 36 cmp al, '!' */
    0x74, 0x05,             /* 38 je flood */
    0xE8, 0x0B, 0x00,       /* 40 call putc */
    0xEB, 0xEB,             /* 43 jmp echo */
    0x31, 0xC0,             /* 45 flood: xor ax, ax */
    0xE8, 0x04, 0x00,       /* 47 next: call putc */
    0xFE, 0xC0,             /* 50 inc al */
    0xEB, 0xF9,             /* 52 jmp next */
    0x50,                   /* 54 putc: push ax */
    0xBA, 0xFD, 0x03,       /* 55 mov dx, 0x3fd */
    0xEC,                   /* 58 wait: in al, dx */
    0xA8, 0x20,             /* 59 test al, 0x20 (transmitter empty) */
    0x74, 0xFB,             /* 61 jz wait */
    0x58,                   /* 63 pop ax */
    0xBA, 0xF8, 0x03,       /* 64 mov dx, 0x3f8 */
    0xEE,                   /* 67 out dx, al */
    0xC3,                   /* 68 ret */
};

typedef struct
{
    GByteArray *text;        /* everything before the flood */
    gboolean    flooding;
    gboolean    have_last;
    guint8      last;
    guint64     flood_bytes;
    guint64     gaps;
    gboolean    closed;
} Received;

static void
data_received_cb (VimanaConsoleStream *stream,
                  GBytes              *bytes,
                  gpointer             user_data)
{
    Received *received = user_data;
    gsize length;
    const guint8 *data = g_bytes_get_data (bytes, &length);

    if (!received->flooding) {
        g_byte_array_append (received->text, data, (guint) length);
        return;
    }
    for (gsize i = 0; i < length; i++) {
        /* The sequence starts at its first 0: what comes before is the echo's tail. */
        if (!received->have_last && data[i] != 0)
            continue;
        if (received->have_last && data[i] != (guint8) (received->last + 1))
            received->gaps++;
        received->last = data[i];
        received->have_last = TRUE;
    }
    received->flood_bytes += length;
}

static void
closed_cb (VimanaConsoleStream *stream,
           int                  reason,
           const char          *message,
           gpointer             user_data)
{
    Received *received = user_data;

    g_printerr ("console closed: reason %d %s\n", reason, message != NULL ? message : "");
    received->closed = TRUE;
}

typedef struct
{
    Received   *received;
    const char *needle;
} TextWait;

static gboolean
text_contains (gpointer data)
{
    TextWait *wait = data;
    GByteArray *text = wait->received->text;

    return (text->len > 0 && g_strstr_len ((const char *) text->data, text->len, wait->needle) != NULL) ||
           wait->received->closed;
}

static gboolean
domain_listed (gpointer data)
{
    return vimana_connection_find_domain_by_name (data, GUEST_NAME) != NULL;
}

static double
cpu_seconds (void)
{
    struct rusage usage;

    getrusage (RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
           usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gboolean
open_stream (VimanaConsoleStream *stream,
             GError             **error)
{
    TestWaitAsync wait = { 0 };
    gboolean ok;

    vimana_console_stream_open_async (stream, FALSE, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the console");
    ok = vimana_console_stream_open_finish (stream, wait.result, error);
    g_object_unref (wait.result);
    return ok;
}

int
main (int    argc,
      char **argv)
{
    int seconds = 5;
    GOptionEntry entries[] = {
        { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long the guest floods its console", "N" },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new ("- a real guest's serial console");
    g_autoptr(GError) error = NULL;
    g_autofree char *image = g_build_filename (IMAGE_DIR, GUEST_NAME ".img", NULL);
    g_autofree char *xml = NULL;
    g_autoptr(GByteArray) sector = g_byte_array_sized_new (512);
    Received received = { 0 };
    VimanaConnection *connection;
    VimanaDomain *domain;
    g_autoptr(VimanaConsoleStream) stream = NULL;
    virConnectPtr conn;
    virDomainPtr dom;
    TextWait text_wait = { &received, NULL };
    gint64 start;
    double cpu_start, elapsed, cpu, idle_cpu;
    const guint8 typed[] = "hello serial\r";
    const guint8 flood[] = "!";
    int status = 1;

    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("%s\n", error->message);
        return 2;
    }
    gvir_event_register ();

    g_byte_array_append (sector, boot_code, sizeof boot_code);
    g_byte_array_append (sector, (const guint8 *) BANNER, sizeof BANNER); /* with its NUL */
    g_byte_array_set_size (sector, 512);
    memset (sector->data + sizeof boot_code + sizeof BANNER, 0, 510 - sizeof boot_code - sizeof BANNER);
    sector->data[510] = 0x55;
    sector->data[511] = 0xAA;
    g_mkdir_with_parents (IMAGE_DIR, 0755);
    if (!g_file_set_contents (image, (const char *) sector->data, 512, &error)) {
        g_printerr ("%s\n", error->message);
        return 1;
    }
    g_chmod (image, 0644);

    conn = virConnectOpen ("qemu:///system");
    if (conn == NULL) {
        g_printerr ("no qemu:///system: skipped\n");
        return 77;
    }
    xml = g_strdup_printf ("<domain type='%s'><name>" GUEST_NAME "</name><memory unit='MiB'>16</memory>"
                                                                 "<vcpu>1</vcpu><os><type arch='x86_64'>hvm</type><boot dev='hd'/></os>"
                                                                 "<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/>"
                                                                 "<source file='%s'/><target dev='hda' bus='ide'/></disk>"
                                                                 "<serial type='pty'><target port='0'/></serial><console type='pty'/>"
                                                                 "<video><model type='none'/></video><memballoon model='none'/></devices></domain>",
                           g_file_test ("/dev/kvm", G_FILE_TEST_EXISTS) ? "kvm" : "qemu", image);
    /* Started paused: the console is attached before the guest runs a single instruction. */
    dom = virDomainCreateXML (conn, xml, VIR_DOMAIN_START_PAUSED);
    if (dom == NULL) {
        g_printerr ("cannot start the guest: %s\n", virGetLastErrorMessage ());
        virConnectClose (conn);
        return 1;
    }

    connection = test_connection_open ("qemu:///system");
    test_wait_until (domain_listed, connection, "the guest in the list");
    domain = vimana_connection_find_domain_by_name (connection, GUEST_NAME);
    received.text = g_byte_array_new ();
    stream = vimana_console_stream_new (domain, NULL);
    g_signal_connect (stream, "data-received", G_CALLBACK (data_received_cb), &received);
    g_signal_connect (stream, "closed", G_CALLBACK (closed_cb), &received);
    if (!open_stream (stream, &error)) {
        g_printerr ("cannot attach: %s\n", error->message);
        goto out;
    }
    if (virDomainResume (dom) < 0) {
        g_printerr ("cannot resume: %s\n", virGetLastErrorMessage ());
        goto out;
    }

    text_wait.needle = "VIMANA SERIAL GUEST";
    test_wait_until (text_contains, &text_wait, "the first boot's banner");
    g_print ("first boot's banner caught: %s\n", received.closed ? "no" : "yes");

    vimana_console_stream_write (stream, typed, sizeof typed - 1);
    text_wait.needle = "hello serial";
    test_wait_until (text_contains, &text_wait, "the echo");
    g_print ("typed text echoed: %s\n", received.closed ? "no" : "yes");

    /* The same time with the guest quiet: what the process costs without console output. */
    start = g_get_monotonic_time ();
    cpu_start = cpu_seconds ();
    while (!received.closed && g_get_monotonic_time () - start < seconds * G_USEC_PER_SEC)
        g_main_context_iteration (NULL, TRUE);
    elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    idle_cpu = cpu_seconds () - cpu_start;
    g_print ("CPU of this process, guest quiet: %.2f %% of a core\n", 100.0 * idle_cpu / elapsed);

    received.flooding = TRUE;
    vimana_console_stream_write (stream, flood, 1);
    start = g_get_monotonic_time ();
    cpu_start = cpu_seconds ();
    while (!received.closed && g_get_monotonic_time () - start < seconds * G_USEC_PER_SEC)
        g_main_context_iteration (NULL, TRUE);
    elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    cpu = cpu_seconds () - cpu_start;

    g_print ("build: %s; guest: %s\n", VIMANA_BUILDTYPE, g_file_test ("/dev/kvm", G_FILE_TEST_EXISTS) ? "kvm" : "tcg");
    g_print ("received %" G_GUINT64_FORMAT " bytes in %.2f s = %.3f MiB/s\n",
             received.flood_bytes, elapsed, received.flood_bytes / elapsed / (1024.0 * 1024.0));
    g_print ("gaps in the byte sequence (dropped bytes): %" G_GUINT64_FORMAT "\n", received.gaps);
    g_print ("CPU of this process: %.1f %% of a core; %.1f %% of a core per MiB/s\n",
             100.0 * cpu / elapsed,
             received.flood_bytes > 0 ? 100.0 * cpu / (received.flood_bytes / (1024.0 * 1024.0)) : 0.0);
    status = received.closed || received.gaps > 0 ? 1 : 0;

out:
    g_clear_object (&stream);
    virDomainDestroy (dom);
    virDomainFree (dom);
    virConnectClose (conn);
    test_connection_close (connection);
    g_byte_array_unref (received.text);
    g_unlink (image);
    return status;
}
