/* bench-serial-rate.c: the serial console at 1 MiB/s of guest output
 *
 * A guest's emulated 16550 cannot produce 1 MiB/s (bench-serial: a few tens of KB/s under
 * nested KVM, each byte two port exits and one write), so this bench feeds the console where
 * the guest's UART would: QEMU's end of the serial port's pty. On a real libvirtd
 * (qemu:///system, as root) it starts a transient guest that halts at once (a boot sector of
 * cli; hlt) with a pty serial port, attaches its console through VimanaConsoleStream (libvirtd
 * reads the pty's other end and forwards it over the stream, as for any guest), takes QEMU's
 * pty master with pidfd_getfd (2), and a child process writes a known printable pattern into
 * it at --rate bytes per second for --seconds. This process checks every byte against the
 * pattern and counts what arrived, then does the same again while feeding a shown VteTerminal
 * set up as the app's text console (10,000 lines of scrollback, scrolling on output, a
 * scrollbar) with what arrives. It prints, for each
 * phase, bytes sent and received, bytes not as sent, throughput, and this process's CPU (user +
 * system, every thread; the writer is a child and not counted) per second.
 *
 *   bench-serial-rate [--seconds 5] [--rate 1048576] [--scrollback 10000]
 *                     (as root, libvirtd running, a display)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vte/vte.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-console-stream.h"

#define GUEST_NAME "vimana-test-i13more-serial-rate"
#define IMAGE_DIR "/var/lib/libvirt/images/vimana-test"
#define LINE 82                 /* 80 characters, then \r\n */
#define CHUNK 4096

/* The guest: its type (kvm or qemu), name and disk image to fill in. */
static const char guest_xml[] =
    "<domain type='%s'><name>%s</name><memory unit='MiB'>16</memory><vcpu>1</vcpu>"
    "<os><type arch='x86_64'>hvm</type><boot dev='hd'/></os><devices>"
    "<disk type='file' device='disk'><driver name='qemu' type='raw'/>"
    "<source file='%s'/><target dev='hda' bus='ide'/></disk>"
    "<serial type='pty'><target port='0'/></serial><console type='pty'/>"
    "<video><model type='none'/></video><memballoon model='none'/>"
    "</devices></domain>";

/* The pattern's byte at position @p: lines of printable ASCII that shift from line to line. */
static guint8
pattern_byte (guint64 p)
{
    guint64 column = p % LINE;

    if (column == LINE - 2)
        return '\r';
    if (column == LINE - 1)
        return '\n';
    return (guint8) (0x20 + ((p / LINE) * 7 + column) % 95);
}

/* The pattern repeats every LINE × 95 bytes (7 and 95 have no common factor). */
#define PERIOD (LINE * 95)

static guint8 period[PERIOD];

typedef struct
{
    guint64      position;      /* of the next byte expected */
    guint64      wrong;         /* bytes not as sent */
    gboolean     closed;
    VteTerminal *terminal;      /* fed with what arrives, in the second phase */
    guint        feed_ms;       /* at most one feed in this long (0: each chunk as it comes) */
    GByteArray  *pending;       /* what waits for the next feed */
    gint64       last_feed;
    guint        feed_source;
} Received;

static gboolean
feed_pending_cb (gpointer user_data)
{
    Received *received = user_data;

    received->feed_source = 0;
    received->last_feed = g_get_monotonic_time ();
    vte_terminal_feed (received->terminal, (const char *) received->pending->data,
                       (gssize) received->pending->len);
    g_byte_array_set_size (received->pending, 0);
    return G_SOURCE_REMOVE;
}

/* With --feed-ms, a chunk after a quiet spell goes to the terminal at once (an echo is not
 * delayed); while output keeps coming it goes at most every feed_ms. */
static void
feed_terminal (Received     *received,
               const guint8 *data,
               gsize         length)
{
    gint64 due;

    if (received->feed_ms == 0) {
        vte_terminal_feed (received->terminal, (const char *) data, (gssize) length);
        return;
    }
    g_byte_array_append (received->pending, data, (guint) length);
    if (received->feed_source != 0)
        return;
    due = received->last_feed + received->feed_ms * 1000 - g_get_monotonic_time ();
    if (due <= 0)
        feed_pending_cb (received);
    else
        received->feed_source = g_timeout_add ((guint) (due / 1000) + 1, feed_pending_cb,
                                               received);
}

/* Checked against the pattern a period at a time: a byte-by-byte check with divisions would
 * cost this process more than the stream does. */
static void
data_received_cb (VimanaConsoleStream *stream,
                  GBytes              *bytes,
                  gpointer             user_data)
{
    Received *received = user_data;
    gsize length, done = 0;
    const guint8 *data = g_bytes_get_data (bytes, &length);

    while (done < length) {
        gsize at = (gsize) ((received->position + done) % PERIOD);
        gsize n = MIN (length - done, (gsize) PERIOD - at);

        if (memcmp (data + done, period + at, n) != 0) {
            for (gsize i = 0; i < n; i++)
                received->wrong += data[done + i] != period[at + i];
        }
        done += n;
    }
    received->position += length;
    if (received->terminal != NULL)
        feed_terminal (received, data, length);
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

/* The pty libvirt gave the guest's serial port ("/dev/pts/N"), from the live XML. */
static char *
serial_pty_path (virDomainPtr dom)
{
    g_autofree char *xml = virDomainGetXMLDesc (dom, 0);
    const char *serial = xml != NULL ? strstr (xml, "<serial type='pty'>") : NULL;
    const char *path = serial != NULL ? strstr (serial, "path='") : NULL;
    const char *end = path != NULL ? strchr (path + 6, '\'') : NULL;

    return end != NULL ? g_strndup (path + 6, end - path - 6) : NULL;
}

/* QEMU's master end of @pty: a copy of its descriptor (pidfd_getfd), or -1. */
static int
qemu_pty_master (const char *pty)
{
    g_autofree char *pid_text = NULL;
    g_autoptr(GDir) dir = NULL;
    g_autofree char *fd_dir = NULL;
    const char *entry;
    int pidfd, master = -1;
    long pid;

    if (!g_file_get_contents ("/run/libvirt/qemu/" GUEST_NAME ".pid", &pid_text, NULL, NULL))
        return -1;
    pid = strtol (pid_text, NULL, 10);
    pidfd = (int) syscall (SYS_pidfd_open, (pid_t) pid, 0);
    if (pidfd < 0) {
        g_printerr ("pidfd_open (%ld): %s\n", pid, g_strerror (errno));
        return -1;
    }
    fd_dir = g_strdup_printf ("/proc/%ld/fd", pid);
    dir = g_dir_open (fd_dir, 0, NULL);
    while (dir != NULL && master < 0 && (entry = g_dir_read_name (dir)) != NULL) {
        g_autofree char *link = g_build_filename (fd_dir, entry, NULL);
        g_autofree char *target = g_file_read_link (link, NULL);
        g_autofree char *slave = NULL;
        unsigned int number = 0;
        int fd;

        if (g_strcmp0 (target, "/dev/ptmx") != 0)
            continue;
        fd = (int) syscall (SYS_pidfd_getfd, pidfd, atoi (entry), 0);
        if (fd < 0) {
            g_printerr ("pidfd_getfd: %s\n", g_strerror (errno));
            continue;
        }
        slave = ioctl (fd, TIOCGPTN, &number) == 0 ? g_strdup_printf ("/dev/pts/%u", number)
                                                  : NULL;
        if (g_strcmp0 (slave, pty) == 0)
            master = fd;
        else
            close (fd);
    }
    close (pidfd);
    return master;
}

/* The writer, in a child: @total bytes of the pattern from @first at @rate bytes a second,
 * paced by the clock. QEMU set the descriptor non-blocking: a full pty waits in poll. Only
 * async-signal-safe calls. */
static void
write_pattern (int     master,
               guint64 first,
               guint64 total,
               guint64 rate)
{
    guint8 buffer[CHUNK];
    struct timespec start, at;
    guint64 sent = 0;

    clock_gettime (CLOCK_MONOTONIC, &start);
    while (sent < total) {
        guint64 n = MIN ((guint64) CHUNK, total - sent);
        guint64 due_ns = sent * G_GUINT64_CONSTANT (1000000000) / rate;
        guint64 done = 0;

        at.tv_sec = start.tv_sec + (time_t) (due_ns / 1000000000);
        at.tv_nsec = start.tv_nsec + (long) (due_ns % 1000000000);
        if (at.tv_nsec >= 1000000000) {
            at.tv_sec++;
            at.tv_nsec -= 1000000000;
        }
        clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL);
        for (guint64 i = 0; i < n; i++)
            buffer[i] = period[(first + sent + i) % PERIOD];
        while (done < n) {
            ssize_t written = write (master, buffer + done, n - done);

            if (written > 0) {
                done += (guint64) written;
            } else if (written < 0 && (errno == EAGAIN || errno == EINTR)) {
                struct pollfd pfd = { .fd = master, .events = POLLOUT };

                poll (&pfd, 1, -1);
            } else {
                _exit (1);
            }
        }
        sent += n;
    }
    _exit (0);
}

typedef struct
{
    Received *received;
    guint64   until;
} Drained;

static gboolean
all_arrived (gpointer data)
{
    Drained *drained = data;

    return drained->received->position >= drained->until || drained->received->closed;
}

/* One phase: the child writes for @seconds; then every byte it wrote is waited for. */
static gboolean
run_phase (const char *what,
           int         master,
           Received   *received,
           int         seconds,
           guint64     rate)
{
    guint64 first = received->position;
    guint64 total = rate * (guint64) seconds;
    guint64 wrong = received->wrong;
    Drained drained = { received, first + total };
    gint64 start = g_get_monotonic_time ();
    double cpu_start = cpu_seconds ();
    double elapsed, cpu;
    int status = 0;
    pid_t child;

    child = fork ();
    if (child < 0) {
        g_printerr ("fork: %s\n", g_strerror (errno));
        return FALSE;
    }
    if (child == 0)
        write_pattern (master, first, total, rate);
    test_wait_until (all_arrived, &drained, "every byte written");
    elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    cpu = cpu_seconds () - cpu_start;
    waitpid (child, &status, 0);

    g_print ("%s:\n", what);
    g_print ("  sent %" G_GUINT64_FORMAT " bytes at %.2f MiB/s (writer %s); received %"
             G_GUINT64_FORMAT " in %.2f s = %.3f MiB/s\n",
             total, rate / (1024.0 * 1024.0), WIFEXITED (status) && WEXITSTATUS (status) == 0 ? "done" : "failed",
             received->position - first, elapsed,
             (received->position - first) / elapsed / (1024.0 * 1024.0));
    g_print ("  bytes not as sent (dropped or changed): %" G_GUINT64_FORMAT "\n",
             received->wrong - wrong);
    g_print ("  CPU of this process: %.1f %% of a core\n", 100.0 * cpu / elapsed);
    return !received->closed && received->wrong == wrong && received->position == first + total;
}

/* What the process costs with the console attached and nothing coming. */
static void
idle_phase (const char *what,
            int         seconds)
{
    gint64 start = g_get_monotonic_time ();
    double cpu_start = cpu_seconds ();
    double elapsed;

    while (g_get_monotonic_time () - start < seconds * G_USEC_PER_SEC)
        g_main_context_iteration (NULL, TRUE);
    elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
    g_print ("%s:\n  CPU of this process: %.1f %% of a core\n", what,
             100.0 * (cpu_seconds () - cpu_start) / elapsed);
}

int
main (int    argc,
      char **argv)
{
    int seconds = 5;
    gint64 rate = 1024 * 1024;
    int scrollback = 10000;     /* the app's text console's */
    int feed_ms = 0;
    gboolean no_bidi = FALSE;
    GOptionEntry entries[] = {
        { "seconds", 0, 0, G_OPTION_ARG_INT, &seconds, "How long each phase writes", "N" },
        { "rate", 0, 0, G_OPTION_ARG_INT64, &rate, "Bytes a second the guest's side writes", "B" },
        { "scrollback", 0, 0, G_OPTION_ARG_INT, &scrollback, "The terminal's scrollback lines", "N" },
        { "feed-ms", 0, 0, G_OPTION_ARG_INT, &feed_ms, "Feed the terminal at most every N ms", "N" },
        { "no-bidi", 0, 0, G_OPTION_ARG_NONE, &no_bidi, "Without BiDi and shaping in the terminal", NULL },
        { NULL },
    };
    g_autoptr(GOptionContext) context = g_option_context_new ("- the serial console at 1 MiB/s");
    g_autoptr(GError) error = NULL;
    g_autofree char *image = g_build_filename (IMAGE_DIR, GUEST_NAME ".img", NULL);
    g_autofree char *xml = NULL;
    g_autofree char *pty = NULL;
    guint8 sector[512] = { 0xFA, 0xF4, 0xEB, 0xFD }; /* cli; hlt; jmp $-3 */
    Received received = { 0 };
    VimanaConnection *connection;
    VimanaDomain *domain;
    g_autoptr(VimanaConsoleStream) stream = NULL;
    virConnectPtr conn;
    virDomainPtr dom;
    GtkWidget *window, *box, *terminal;
    int master = -1;
    int status = 1;

    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("%s\n", error->message);
        return 2;
    }
    if (!gtk_init_check (NULL, NULL)) {
        g_printerr ("no display: skipped\n");
        return 77;
    }
    gvir_event_register ();

    for (guint i = 0; i < PERIOD; i++)
        period[i] = pattern_byte (i);
    sector[510] = 0x55;
    sector[511] = 0xAA;
    g_mkdir_with_parents (IMAGE_DIR, 0755);
    if (!g_file_set_contents (image, (const char *) sector, sizeof sector, &error)) {
        g_printerr ("%s\n", error->message);
        return 1;
    }
    g_chmod (image, 0644);

    conn = virConnectOpen ("qemu:///system");
    if (conn == NULL) {
        g_printerr ("no qemu:///system: skipped\n");
        return 77;
    }
    xml = g_strdup_printf (guest_xml, g_file_test ("/dev/kvm", G_FILE_TEST_EXISTS) ? "kvm" : "qemu",
                           GUEST_NAME, image);
    dom = virDomainCreateXML (conn, xml, 0);
    if (dom == NULL) {
        g_printerr ("cannot start the guest: %s\n", virGetLastErrorMessage ());
        virConnectClose (conn);
        return 1;
    }

    connection = test_connection_open ("qemu:///system");
    test_wait_until (domain_listed, connection, "the guest in the list");
    domain = vimana_connection_find_domain_by_name (connection, GUEST_NAME);
    stream = vimana_console_stream_new (domain, NULL);
    g_signal_connect (stream, "data-received", G_CALLBACK (data_received_cb), &received);
    g_signal_connect (stream, "closed", G_CALLBACK (closed_cb), &received);
    if (!open_stream (stream, &error)) {
        g_printerr ("cannot attach: %s\n", error->message);
        goto out;
    }
    pty = serial_pty_path (dom);
    master = pty != NULL ? qemu_pty_master (pty) : -1;
    if (master < 0) {
        g_printerr ("cannot reach QEMU's end of the serial port's pty (%s): skipped\n",
                    pty != NULL ? pty : "no pty");
        status = 77;
        goto out;
    }

    g_print ("build: %s; %d s a phase; the guest's side writes %.2f MiB/s; accessibility bridge "
             "%s\n", VIMANA_BUILDTYPE, seconds, rate / (1024.0 * 1024.0),
             g_getenv ("NO_AT_BRIDGE") == NULL && g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL
             ? "on (a session bus)" : "off");
    idle_phase ("nothing written (the attached console, the connection's statistics)", seconds);
    if (!run_phase ("the console stream alone", master, &received, seconds, (guint64) rate))
        goto out;

    /* As the app's text console shows it. */
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    terminal = vte_terminal_new ();
    vte_terminal_set_scrollback_lines (VTE_TERMINAL (terminal), scrollback);
    vte_terminal_set_scroll_on_output (VTE_TERMINAL (terminal), TRUE);
    vte_terminal_set_size (VTE_TERMINAL (terminal), 80, 25);
    if (no_bidi) {
        vte_terminal_set_enable_bidi (VTE_TERMINAL (terminal), FALSE);
        vte_terminal_set_enable_shaping (VTE_TERMINAL (terminal), FALSE);
    }
    gtk_container_add (GTK_CONTAINER (box), terminal);
    gtk_container_add (GTK_CONTAINER (box),
                       gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL,
                                          gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (terminal))));
    gtk_container_add (GTK_CONTAINER (window), box);
    gtk_widget_show_all (window);
    test_wait_drain ();
    received.feed_ms = (guint) MAX (feed_ms, 0);
    received.pending = g_byte_array_new ();
    received.terminal = VTE_TERMINAL (terminal);
    if (!run_phase ("the console stream into a shown VteTerminal", master, &received, seconds,
                    (guint64) rate))
        goto out;
    received.terminal = NULL;
    g_clear_handle_id (&received.feed_source, g_source_remove);
    g_clear_pointer (&received.pending, g_byte_array_unref);
    gtk_widget_destroy (window);
    status = 0;

out:
    if (master >= 0)
        close (master);
    g_clear_object (&stream);
    virDomainDestroy (dom);
    virDomainFree (dom);
    virConnectClose (conn);
    test_connection_close (connection);
    g_unlink (image);
    return status;
}
