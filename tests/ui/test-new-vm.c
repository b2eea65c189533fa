/* test-new-vm.c: the New VM assistant on the test driver
 *
 * The assistant is driven through its widgets, found by their accessible names as a screen
 * reader (or the system test) finds them; Forward and Finish are clicked, never called around.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "test-http-server.h"
#include "ui-test-util.h"
#include "vimana-field-error.h"
#include "test-wait.h"
#include "vimana-domain.h"
#include "vimana-graphics.h"
#include "vimana-new-vm-assistant.h"
#include "vimana-os-info.h"
#include "vimana-window.h"

typedef struct
{
    GtkWidget    *assistant;
    VimanaDomain *created;
    gboolean      destroyed;
} Run;

static gboolean
assistant_ready (gpointer data)
{
    return vimana_new_vm_assistant_is_ready (data);
}

static gboolean
run_over (gpointer data)
{
    Run *run = data;

    return run->destroyed;
}

static void
created_cb (VimanaNewVmAssistant *assistant,
            VimanaDomain         *domain,
            gpointer              user_data)
{
    Run *run = user_data;

    run->created = g_object_ref (domain);
}

static void
destroyed_cb (GtkWidget *widget,
              gpointer   user_data)
{
    Run *run = user_data;

    run->destroyed = TRUE;
}

static GtkWidget *
find (Run        *run,
      const char *name,
      GType       type)
{
    GtkWidget *widget = ui_test_find_by_name (run->assistant, name, type);

    if (widget == NULL)
        g_error ("no %s “%s” in the assistant", g_type_name (type), name);
    return widget;
}

/* A shown label whose text has @needle in it, or NULL. */
static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *needle)
{
    GtkWidget *found = NULL;

    if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root) &&
        strstr (gtk_label_get_text (GTK_LABEL (root)), needle) != NULL)
        return root;
    if (GTK_IS_CONTAINER (root)) {
        g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (root));

        for (GList *l = children; l != NULL && found == NULL; l = l->next)
            found = find_label_containing (l->data, needle);
    }
    return found;
}

/* Issue 17, item 13: the detected OS is selected in the list and scrolled into view. */
static void
assert_os_shown (Run                *run,
                 const VimanaOsInfo *os)
{
    GtkListBox *list = GTK_LIST_BOX (find (run, "Operating systems", GTK_TYPE_LIST_BOX));
    GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    GtkListBoxRow *row;
    GtkAllocation allocation;

    ui_test_wait_drawn (run->assistant);
    row = gtk_list_box_get_selected_row (list);
    g_assert_nonnull (row);
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (GTK_WIDGET (row))), ==, os->name);
    gtk_widget_get_allocation (GTK_WIDGET (row), &allocation);
    g_assert_cmpfloat (allocation.y, >=, gtk_adjustment_get_value (adjustment));
    g_assert_cmpfloat (allocation.y + allocation.height, <=,
                       gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment));
}

static void
set_text (Run        *run,
          const char *name,
          const char *text)
{
    gtk_entry_set_text (GTK_ENTRY (find (run, name, GTK_TYPE_ENTRY)), text);
    ui_test_wait (assistant_ready, run->assistant, "the assistant to settle");
    ui_test_flush ();
}

static gboolean
forward_sensitive (Run *run)
{
    return gtk_widget_is_sensitive (find (run, "Forward", GTK_TYPE_BUTTON));
}

/* Whether the field @name has the refused look that goes with its message. */
static gboolean
looks_refused (Run        *run,
               const char *name,
               GType       type)
{
    return gtk_style_context_has_class (gtk_widget_get_style_context (find (run, name, type)),
                                        "error");
}

/* The reason a field shows, or NULL when it shows none. */
static const char *
problem (Run        *run,
         const char *name)
{
    GtkWidget *label = find (run, name, GTK_TYPE_LABEL);

    return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
click (Run        *run,
       const char *name,
       guint      *clicks)
{
    GtkWidget *button = find (run, name, GTK_TYPE_BUTTON);

    g_assert_true (gtk_widget_is_sensitive (button));
    gtk_button_clicked (GTK_BUTTON (button));
    (*clicks)++;
    ui_test_flush ();
}

static Run *
run_start (VimanaConnection *connection)
{
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    Run *run = g_new0 (Run, 1);

    g_list_store_append (connections, connection);
    run->assistant = vimana_new_vm_assistant_new (NULL, G_LIST_MODEL (connections), connection);
    g_signal_connect (run->assistant, "domain-created", G_CALLBACK (created_cb), run);
    g_signal_connect (run->assistant, "destroy", G_CALLBACK (destroyed_cb), run);
    gtk_widget_show (run->assistant);
    ui_test_wait (assistant_ready, run->assistant, "what the host offers");
    return run;
}

static void
run_free (Run *run)
{
    if (!run->destroyed)
        gtk_widget_destroy (run->assistant);
    g_clear_object (&run->created);
    g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static char *
make_iso (const char *dir)
{
    char *iso = g_build_filename (dir, "installer.iso", NULL);
    g_autoptr(GError) error = NULL;

    /* Detection is test-os-info's business; here any readable file is install media. */
    g_file_set_contents (iso, "not really an ISO image", -1, &error);
    g_assert_no_error (error);
    return iso;
}

/* The beginner path: an ISO, then Forward ×4 and Finish — five clicks — make a running guest
 * with the defaults, and the assistant hands it over. */
static void
test_iso_five_clicks (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autoptr(Run) run = run_start (connection);
    guint clicks = 0;
    const char *pages[] = { "resources", "storage", "options", "summary" };

    g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (run->assistant)), ==, "source");
    g_assert_false (forward_sensitive (run));
    /* Nothing typed yet: what to do is a neutral hint, not a red refusal; the buttons that
     * cannot act say why. */
    g_assert_cmpstr (problem (run, "Installation media problem"), ==, "Choose an ISO image or a CD/DVD drive.");
    g_assert_true (vimana_field_error_is_hint (GTK_LABEL (find (run, "Installation media problem", GTK_TYPE_LABEL))));
    g_assert_false (looks_refused (run, "Installation media path", GTK_TYPE_ENTRY));
    {
        g_autofree char *back_tip = gtk_widget_get_tooltip_text (find (run, "Back", GTK_TYPE_BUTTON));
        g_autofree char *forward_tip = gtk_widget_get_tooltip_text (find (run, "Forward", GTK_TYPE_BUTTON));

        g_assert_cmpstr (back_tip, ==, "This is the first step.");
        g_assert_cmpstr (forward_tip, ==, "Complete this step first: see the messages under its fields.");
    }
    set_text (run, "Installation media path", "/no/such/file.iso");
    g_assert_false (vimana_field_error_is_hint (GTK_LABEL (find (run, "Installation media problem", GTK_TYPE_LABEL))));
    g_assert_true (looks_refused (run, "Installation media path", GTK_TYPE_ENTRY));
    set_text (run, "Installation media path", iso);
    g_assert_null (problem (run, "Installation media problem"));
    g_assert_false (looks_refused (run, "Installation media path", GTK_TYPE_ENTRY));
    ui_test_screenshot (run->assistant, "new-vm-source");

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++) {
        click (run, "Forward", &clicks);
        g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (run->assistant)), ==, pages[i]);
    }
    ui_test_screenshot (run->assistant, "new-vm-summary");
    /* A name is suggested, free on this host. */
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find (run, "Name", GTK_TYPE_ENTRY))), ==, "vm");
    g_assert_null (problem (run, "Name problem"));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (find (run, "Customize configuration before install",
                                                                           GTK_TYPE_CHECK_BUTTON))));

    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_cmpuint (clicks, ==, 5);
    g_assert_nonnull (run->created);
    g_assert_cmpstr (vimana_domain_get_name (run->created), ==, "vm");
    g_assert_true (vimana_connection_find_domain_by_name (connection, "vm") == run->created);
    ui_test_wait_state (run->created, VIMANA_DOMAIN_STATE_RUNNING);
    g_assert_cmpuint (vimana_domain_get_vcpus (run->created), ==, 2);

    vimana_connection_shutdown (connection);
    g_unlink (iso);
    g_rmdir (dir);
}

/* Issue 17, item 13: the ISO images used before and the pools' .iso volumes are listed on
 * the first page, and one click on a row chooses one; Review then goes to the summary with
 * the suggested settings, and Finish runs the guest: three clicks in the assistant. Creating a
 * guest from one puts it first in the recent-isos setting. */
static void
test_recent_isos (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    const char *recent[] = { "/nonexistent/gone.iso", iso, NULL };
    g_autoptr(Run) run = NULL;
    g_auto(GStrv) after = NULL;
    GtkWidget *list, *row, *pool_row;
    guint clicks = 0;

    g_settings_set_strv (settings, "recent-isos", recent);
    run = run_start (connection);
    list = find (run, "Recent and found ISO images", GTK_TYPE_LIST_BOX);
    g_assert_true (gtk_widget_is_visible (list));
    row = find (run, "installer.iso, Recently used", GTK_TYPE_LIST_BOX_ROW);
    /* node-50.xml's default pool has an installer.iso volume */
    pool_row = find (run, "installer.iso, In a storage pool", GTK_TYPE_LIST_BOX_ROW);
    g_assert_true (row != pool_row);
    /* a recent ISO that is gone is not offered */
    g_assert_null (ui_test_find_by_name (run->assistant, "gone.iso, Recently used", GTK_TYPE_LIST_BOX_ROW));
    ui_test_screenshot (run->assistant, "new-vm-isos");

    gtk_widget_activate (row);
    clicks++;
    ui_test_wait (assistant_ready, run->assistant, "the assistant to settle");
    ui_test_flush ();
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find (run, "Installation media path", GTK_TYPE_ENTRY))), ==, iso);
    /* Review keeps the suggestions of the steps between: the row, Review and Finish. */
    click (run, "Review", &clicks);
    g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (run->assistant)), ==, "summary");
    g_assert_false (gtk_widget_get_visible (find (run, "Review", GTK_TYPE_BUTTON)));
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_cmpuint (clicks, ==, 3);
    g_assert_nonnull (run->created);
    ui_test_wait_state (run->created, VIMANA_DOMAIN_STATE_RUNNING);
    after = g_settings_get_strv (settings, "recent-isos");
    g_assert_cmpstr (after[0], ==, iso);
    g_assert_cmpstr (after[1], ==, "/nonexistent/gone.iso");
    g_assert_null (after[2]);

    g_settings_reset (settings, "recent-isos");
    vimana_connection_shutdown (connection);
    g_unlink (iso);
    g_rmdir (dir);
}

static VimanaNetwork *
list_networks (VimanaConnection *connection)
{
    TestWaitAsync wait = { 0 };
    g_autoptr(GError) error = NULL;

    vimana_connection_refresh_networks_async (connection, NULL, test_wait_async_cb, &wait);
    test_wait_async (&wait, "the networks");
    g_assert_true (vimana_connection_refresh_networks_finish (connection, wait.result, &error));
    g_assert_no_error (error);
    g_object_unref (wait.result);
    return vimana_connection_find_network (connection, "default");
}

/* The beginner's first failure: the "default" network is stopped. The network page says so and
 * offers to start it (and with the host), instead of a late "network 'default' is not active". */
static void
test_stopped_default_network (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autoptr(Run) run = NULL;
    VimanaNetwork *network = list_networks (connection);
    TestWaitAsync wait = { 0 };
    GtkWidget *start;
    guint clicks = 0;

    vimana_network_run_action_async (network, VIMANA_NETWORK_ACTION_STOP, NULL, test_wait_async_cb,
                                     &wait);
    test_wait_async (&wait, "the network to stop");
    g_assert_true (vimana_network_run_action_finish (network, wait.result, &error));
    g_assert_no_error (error);
    g_object_unref (wait.result);
    g_assert_false (vimana_network_get_active (network));
    g_assert_false (vimana_network_get_autostart (network));

    run = run_start (connection);
    set_text (run, "Installation media path", iso);
    for (guint i = 0; i < 3; i++)
        click (run, "Forward", &clicks);
    g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (run->assistant)), ==,
                     "options");
    start = find (run, "Start it (and start it with the host)", GTK_TYPE_CHECK_BUTTON);
    g_assert_true (gtk_widget_get_visible (start));
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (start)));
    g_assert_true (forward_sensitive (run));
    ui_test_screenshot (run->assistant, "new-vm-stopped-network");

    /* Declining leaves a guest that cannot start: Forward waits for another choice. */
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (start), FALSE);
    ui_test_flush ();
    g_assert_false (forward_sensitive (run));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (start), TRUE);
    ui_test_flush ();

    click (run, "Forward", &clicks);
    /* Issue 17, item 13: the summary says the network will be started. */
    g_assert_nonnull (find_label_containing (run->assistant, "it will be started, and started with the host"));
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_nonnull (run->created);
    ui_test_wait_state (run->created, VIMANA_DOMAIN_STATE_RUNNING);
    network = list_networks (connection);
    g_assert_true (vimana_network_get_active (network));
    g_assert_true (vimana_network_get_autostart (network));

    vimana_connection_shutdown (connection);
    g_unlink (iso);
    g_rmdir (dir);
}

/* Each bad input is named beside its field and keeps Forward insensitive; fixing it frees it. */
static void
test_bad_input (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autofree char *missing = g_build_filename (dir, "missing.iso", NULL);
    g_autoptr(Run) run = run_start (connection);
    guint clicks = 0;
    guint n_domains = g_list_model_get_n_items (vimana_connection_get_domains (connection));

    /* Media that does not exist, then a folder. */
    set_text (run, "Installation media path", missing);
    g_assert_nonnull (problem (run, "Installation media problem"));
    g_assert_true (looks_refused (run, "Installation media path", GTK_TYPE_ENTRY));
    g_assert_false (forward_sensitive (run));
    ui_test_screenshot (run->assistant, "new-vm-bad-media");
    set_text (run, "Installation media path", dir);
    g_assert_nonnull (problem (run, "Installation media problem"));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Installation media path", iso);
    g_assert_null (problem (run, "Installation media problem"));
    click (run, "Forward", &clicks);

    /* Memory: zero, more than the host, nonsense; vCPUs: zero, more than the host. */
    set_text (run, "Memory", "0");
    g_assert_nonnull (problem (run, "Memory problem"));
    g_assert_true (looks_refused (run, "Memory", GTK_TYPE_ENTRY));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Memory", "100 TiB");
    g_assert_nonnull (problem (run, "Memory problem"));
    set_text (run, "Memory", "lots");
    g_assert_nonnull (problem (run, "Memory problem"));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Memory", "512");   /* MiB */
    g_assert_null (problem (run, "Memory problem"));
    g_assert_false (looks_refused (run, "Memory", GTK_TYPE_ENTRY));
    g_assert_true (forward_sensitive (run));
    set_text (run, "Virtual CPUs", "0");
    gtk_spin_button_update (GTK_SPIN_BUTTON (find (run, "Virtual CPUs", GTK_TYPE_SPIN_BUTTON)));
    ui_test_flush ();
    g_assert_nonnull (problem (run, "Virtual CPUs problem"));
    g_assert_false (forward_sensitive (run));
    /* Issue 11 defect 9: "x" (which the numeric field drops) is not "needs at least one vCPU". */
    set_text (run, "Virtual CPUs", "x");
    g_test_message ("vCPUs x: %s", problem (run, "Virtual CPUs problem"));
    g_assert_null (strstr (problem (run, "Virtual CPUs problem"), "at least one"));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Virtual CPUs", "4000");
    g_assert_nonnull (problem (run, "Virtual CPUs problem"));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Virtual CPUs", "1");
    g_assert_null (problem (run, "Virtual CPUs problem"));
    click (run, "Forward", &clicks);

    /* Disk: zero, larger than the pool's free space. */
    set_text (run, "Disk size", "0");
    g_assert_nonnull (problem (run, "Disk size problem"));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Disk size", "900 TiB");
    g_assert_nonnull (problem (run, "Disk size problem"));
    g_assert_false (forward_sensitive (run));
    ui_test_screenshot (run->assistant, "new-vm-bad-disk");
    set_text (run, "Disk size", "2 GiB");
    g_assert_null (problem (run, "Disk size problem"));
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);

    /* Names: taken, empty, with a "/", with a line break. */
    set_text (run, "Name", "run-01");
    g_assert_nonnull (problem (run, "Name problem"));
    g_assert_false (gtk_widget_is_sensitive (find (run, "Finish", GTK_TYPE_BUTTON)));
    set_text (run, "Name", "");
    g_assert_nonnull (problem (run, "Name problem"));
    set_text (run, "Name", "a/b");
    g_assert_nonnull (problem (run, "Name problem"));
    set_text (run, "Name", "two\nlines");
    g_assert_nonnull (problem (run, "Name problem"));
    g_assert_false (gtk_widget_is_sensitive (find (run, "Finish", GTK_TYPE_BUTTON)));
    ui_test_screenshot (run->assistant, "new-vm-bad-name");
    set_text (run, "Name", "fresh-guest");
    g_assert_null (problem (run, "Name problem"));
    g_assert_true (gtk_widget_is_sensitive (find (run, "Finish", GTK_TYPE_BUTTON)));

    /* Nothing was created by any of it; Cancel closes without creating. */
    click (run, "Cancel", &clicks);
    g_assert_true (run->destroyed);
    g_assert_null (run->created);
    g_assert_cmpuint (g_list_model_get_n_items (vimana_connection_get_domains (connection)), ==, n_domains);
    g_assert_null (vimana_connection_find_domain_by_name (connection, "fresh-guest"));

    vimana_connection_shutdown (connection);
    g_unlink (iso);
    g_rmdir (dir);
}

/* The drives of this computer are offered beside the media path; choosing one fills it in. The
 * assistant looks in /dev; the test hands it a folder of its own with two drives and a disk. */
static void
test_cdrom_drives (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-dev-XXXXXX", &error);
    const char *names[] = { "sr1", "sda", "sr0", "srx", "sr" };
    g_autofree char *sr0 = g_build_filename (dir, "sr0", NULL);
    g_autofree char *sr1 = g_build_filename (dir, "sr1", NULL);
    g_auto(GStrv) drives = NULL;
    g_autoptr(Run) run = run_start (connection);
    GtkWidget *combo;

    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        g_file_set_contents (path, "", 0, &error);
        g_assert_no_error (error);
    }
    drives = vimana_new_vm_assistant_find_drives (dir);
    g_assert_cmpuint (g_strv_length (drives), ==, 2);
    g_assert_cmpstr (drives[0], ==, sr0);
    g_assert_cmpstr (drives[1], ==, sr1);

    vimana_new_vm_assistant_fill_drives (VIMANA_NEW_VM_ASSISTANT (run->assistant), dir);
    combo = find (run, "CD/DVD drive", GTK_TYPE_COMBO_BOX_TEXT);
    g_assert_true (gtk_widget_get_visible (combo));
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (combo), sr1);
    ui_test_wait (assistant_ready, run->assistant, "the assistant to settle");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (find (run, "Installation media path", GTK_TYPE_ENTRY))), ==, sr1);
    g_assert_null (problem (run, "Installation media problem"));
    g_assert_true (forward_sensitive (run));
    ui_test_screenshot (run->assistant, "new-vm-drives");

    /* A computer without drives shows no such choice. */
    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);

        g_unlink (path);
    }
    vimana_new_vm_assistant_fill_drives (VIMANA_NEW_VM_ASSISTANT (run->assistant), dir);
    g_assert_false (gtk_widget_get_visible (combo));
    vimana_connection_shutdown (connection);
    g_rmdir (dir);
}

/* Customize before install: the guest is defined, not started, for its Hardware page. */
static void
test_customize_first (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autoptr(Run) run = run_start (connection);
    guint clicks = 0;

    set_text (run, "Installation media path", iso);
    for (guint i = 0; i < 4; i++)
        click (run, "Forward", &clicks);
    set_text (run, "Name", "to-customize");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (run, "Customize configuration before install",
                                                           GTK_TYPE_CHECK_BUTTON)), TRUE);
    ui_test_flush ();
    g_assert_true (vimana_new_vm_assistant_get_customize (VIMANA_NEW_VM_ASSISTANT (run->assistant)));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (run, "After creating", GTK_TYPE_LABEL))), ==,
                     "Keep it stopped and show its Hardware page");
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_nonnull (run->created);
    g_assert_cmpstr (vimana_domain_get_name (run->created), ==, "to-customize");
    g_assert_cmpint (vimana_domain_get_state (run->created), ==, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_true (vimana_domain_get_persistent (run->created));

    vimana_connection_shutdown (connection);
    g_unlink (iso);
    g_rmdir (dir);
}

/* SPICE chosen for the display: the guest's display is SPICE. */
static void
test_spice_display (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autoptr(Run) run = run_start (connection);
    g_autoptr(VimanaGraphicsInfo) info = NULL;
    TestWaitAsync wait = { 0 };
    GtkWidget *display;
    guint clicks = 0;

    set_text (run, "Installation media path", iso);
    for (guint i = 0; i < 3; i++)
        click (run, "Forward", &clicks);
    display = find (run, "Display", GTK_TYPE_COMBO_BOX_TEXT);
    /* VNC stays the default. */
    g_assert_cmpstr (gtk_combo_box_get_active_id (GTK_COMBO_BOX (display)), ==, "vnc");
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (display), "spice");
    click (run, "Forward", &clicks);
    set_text (run, "Name", "spice-guest");
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (run, "Customize configuration before install",
                                                           GTK_TYPE_CHECK_BUTTON)), TRUE);
    ui_test_flush ();
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_nonnull (run->created);

    vimana_domain_fetch_graphics_async (run->created, NULL, test_wait_async_cb, &wait);
    info = vimana_domain_fetch_graphics_finish (run->created, test_wait_async (&wait, "the display"),
                                                &error);
    g_clear_object (&wait.result);
    g_assert_no_error (error);
    g_assert_cmpint (info->type, ==, VIMANA_GRAPHICS_SPICE);

    vimana_connection_shutdown (connection);
    g_unlink (iso);
    g_rmdir (dir);
}

/* Manual (PXE) install with no disk: the guest boots from the network. */
static void
test_manual_no_disk (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(Run) run = run_start (connection);
    guint clicks = 0;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (run, "Manual install", GTK_TYPE_RADIO_BUTTON)), TRUE);
    ui_test_flush ();
    g_assert_true (forward_sensitive (run));
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (run, "No disk", GTK_TYPE_RADIO_BUTTON)), TRUE);
    ui_test_flush ();
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);
    set_text (run, "Name", "pxe-guest");
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_nonnull (run->created);
    g_assert_cmpstr (vimana_domain_get_name (run->created), ==, "pxe-guest");
    vimana_connection_shutdown (connection);
}

/* An existing file as the disk: checked like media (it must exist). The domain XML an existing
 * file makes is test-installer's /installer/create/import. */
static void
test_existing_disk (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autofree char *disk = g_build_filename (dir, "disk.img", NULL);
    g_autofree char *missing = g_build_filename (dir, "no-disk.img", NULL);
    g_autoptr(Run) run = run_start (connection);
    guint clicks = 0;

    g_file_set_contents (disk, "", 0, &error);
    g_assert_no_error (error);
    set_text (run, "Installation media path", iso);
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (run, "Use an existing volume or file",
                                                           GTK_TYPE_RADIO_BUTTON)), TRUE);
    set_text (run, "Existing disk", missing);
    g_assert_nonnull (problem (run, "Existing disk problem"));
    g_assert_false (forward_sensitive (run));
    set_text (run, "Existing disk", disk);
    g_assert_null (problem (run, "Existing disk problem"));
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);
    set_text (run, "Name", "with-existing-disk");
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_nonnull (run->created);
    g_assert_cmpstr (vimana_domain_get_name (run->created), ==, "with-existing-disk");

    vimana_connection_shutdown (connection);
    g_unlink (disk);
    g_unlink (iso);
    g_rmdir (dir);
}

static gboolean
connection_loaded (gpointer data)
{
    return vimana_connection_get_loaded (data);
}

static gboolean
failure_shown (gpointer data)
{
    Run *run = data;
    GtkWidget *label = find (run, "Failure", GTK_TYPE_LABEL);

    return gtk_widget_is_visible (label) && vimana_new_vm_assistant_is_ready (VIMANA_NEW_VM_ASSISTANT (run->assistant));
}

/* A volume named like the new disk is caught beside the name when the assistant knows of it;
 * one made by someone else after the assistant looked makes the creation fail: the reason is
 * shown, nothing is created, and Finish can be tried again with another name. test:///default
 * is one hypervisor for the whole process, so a plain libvirt connection to it plays the other
 * client. */
static void
test_volume_taken (void)
{
    virConnectPtr other = virConnectOpen ("test:///default");
    g_autoptr(VimanaConnection) connection = vimana_connection_new ("test:///default");
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-new-vm-XXXXXX", &error);
    g_autofree char *iso = make_iso (dir);
    g_autoptr(Run) run = NULL;
    virStoragePoolPtr pool;
    virStorageVolPtr taken;
    virStorageVolPtr late;
    virDomainPtr dom;
    guint clicks = 0;

    g_assert_nonnull (other);
    pool = virStoragePoolLookupByName (other, "default-pool");
    g_assert_nonnull (pool);
    taken = virStorageVolCreateXML (pool, "<volume><name>taken.qcow2</name><capacity>1048576</capacity>"
                                          "<target><format type='qcow2'/></target></volume>", 0);
    g_assert_nonnull (taken);
    vimana_connection_open (connection);
    ui_test_wait (connection_loaded, connection, "test:///default to be listed");

    run = run_start (connection);
    set_text (run, "Installation media path", iso);
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);
    gtk_combo_box_set_active_id (GTK_COMBO_BOX (find (run, "Storage pool", GTK_TYPE_COMBO_BOX_TEXT)),
                                 "default-pool");
    set_text (run, "Disk size", "1 GiB");
    click (run, "Forward", &clicks);
    click (run, "Forward", &clicks);

    set_text (run, "Name", "taken");
    g_assert_nonnull (problem (run, "Name problem"));
    g_assert_false (gtk_widget_is_sensitive (find (run, "Finish", GTK_TYPE_BUTTON)));
    set_text (run, "Name", "late");
    g_assert_null (problem (run, "Name problem"));

    /* Another client takes the name of the disk meanwhile. */
    late = virStorageVolCreateXML (pool, "<volume><name>late.qcow2</name><capacity>1048576</capacity>"
                                         "<target><format type='qcow2'/></target></volume>", 0);
    g_assert_nonnull (late);
    click (run, "Finish", &clicks);
    ui_test_wait (failure_shown, run, "the failure to be shown");
    ui_test_screenshot (run->assistant, "new-vm-failure");
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find (run, "Failure", GTK_TYPE_LABEL))),
                              "late.qcow2"));
    g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (run->assistant)), ==, "summary");
    g_assert_false (run->destroyed);
    dom = virDomainLookupByName (other, "late");
    g_assert_null (dom);
    virResetLastError ();
    g_assert_true (gtk_widget_is_sensitive (find (run, "Finish", GTK_TYPE_BUTTON)));

    run_free (g_steal_pointer (&run));
    virStorageVolDelete (taken, 0);
    virStorageVolDelete (late, 0);
    virStorageVolFree (taken);
    virStorageVolFree (late);
    virStoragePoolFree (pool);
    vimana_connection_shutdown (connection);
    virConnectClose (other);
    g_unlink (iso);
    g_rmdir (dir);
}

/* The main window's New VM button and win.new-vm (Ctrl+N) open the assistant on the connection. */
static void
test_window_action (void)
{
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    VimanaWindow *window;
    GtkWidget *button;
    GtkWidget *assistant;

    g_list_store_append (connections, connection);
    window = vimana_window_new (NULL, G_LIST_MODEL (connections), NULL);
    gtk_widget_show (GTK_WIDGET (window));
    button = ui_test_find_by_name (GTK_WIDGET (window), "New Virtual Machine", GTK_TYPE_BUTTON);
    g_assert_nonnull (button);
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.new-vm");
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_NEW_VM_ASSISTANT));

    gtk_button_clicked (GTK_BUTTON (button));
    ui_test_flush ();
    assistant = ui_test_find_toplevel (VIMANA_TYPE_NEW_VM_ASSISTANT);
    g_assert_nonnull (assistant);
    g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (assistant)) == GTK_WINDOW (window));
    ui_test_wait (assistant_ready, assistant, "what the host offers");
    g_assert_cmpstr (vimana_new_vm_assistant_get_page (VIMANA_NEW_VM_ASSISTANT (assistant)), ==, "source");
    gtk_widget_destroy (assistant);
    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static guint
count_files (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    guint n = 0;

    while (dir != NULL && g_dir_read_name (dir) != NULL)
        n++;
    return n;
}

/* Network install from a tree on a real local HTTP server: each bad URL is named beside the
 * field with Forward insensitive; a good one is read, its OS detected, and Forward ×4 and
 * Finish start the guest on the tree's installer. The core checks the domain XML
 * (test-installer's /installer/network/first-boot). */
static void
test_network_tree_run (void)
{
    g_autoptr(VimanaConnection) connection = ui_test_open_node ();
    g_autoptr(Run) run = run_start (connection);
    TestHttpServer *server = test_http_server_start ();
    g_autofree char *treeinfo = test_http_server_fedora_treeinfo ();
    g_autofree char *tree = test_http_server_add_tree (server, "fedora", treeinfo);
    g_autofree char *no_tree = test_http_server_add_tree (server, "plain", NULL);
    g_autofree char *elsewhere = test_http_server_add_tree (server, "elsewhere",
                                                            "[general]\nfamily = Fedora\n\n"
                                                            "[images-i686]\n"
                                                            "kernel = //other.invalid/vmlinuz\n"
                                                            "initrd = images/pxeboot/initrd.img\n");
    g_autofree char *unreachable = test_http_server_unused_url ();
    g_autofree char *boot_dir = g_build_filename (g_get_user_cache_dir (), "vimana", "boot", NULL);
    g_autoptr(VimanaOsInfo) fedora = vimana_os_db_lookup ("http://fedoraproject.org/fedora/37");
    GtkWidget *customize = find (run, "Customize configuration before install", GTK_TYPE_CHECK_BUTTON);
    guint clicks = 0;

    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (find (run, "Network install", GTK_TYPE_RADIO_BUTTON)), TRUE);
    ui_test_flush ();
    g_assert_false (forward_sensitive (run));
    g_assert_cmpstr (problem (run, "Install tree problem"), ==, "Enter the URL of an install tree.");
    g_assert_false (gtk_widget_is_sensitive (customize));

    set_text (run, "Install tree URL", "not a url");
    g_assert_nonnull (problem (run, "Install tree problem"));
    g_assert_false (forward_sensitive (run));

    set_text (run, "Install tree URL", unreachable);
    g_assert_nonnull (strstr (problem (run, "Install tree problem"), "could not be reached"));
    g_assert_false (forward_sensitive (run));

    set_text (run, "Install tree URL", no_tree);
    g_assert_nonnull (strstr (problem (run, "Install tree problem"), "404"));
    g_assert_false (forward_sensitive (run));

    /* Issue 11 defect 8: a URL with a space never reaches the kernel command line... */
    set_text (run, "Install tree URL", "http://mirror.example/os inst.ks=http://evil.example/ks");
    g_assert_nonnull (strstr (problem (run, "Install tree problem"), "spaces"));
    g_assert_false (forward_sensitive (run));
    /* ... and a kernel on another server is shown before anything is downloaded. */
    set_text (run, "Install tree URL", elsewhere);
    g_assert_null (problem (run, "Install tree problem"));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find (run, "Operating system", GTK_TYPE_LABEL))),
                              "other.invalid"));

    set_text (run, "Install tree URL", tree);
    g_assert_null (problem (run, "Install tree problem"));
    g_assert_true (forward_sensitive (run));
    if (fedora != NULL) {
        g_autofree char *detected = g_strdup_printf ("Detected: %s", fedora->name);

        g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (find (run, "Operating system", GTK_TYPE_LABEL))), ==,
                         detected);
        assert_os_shown (run, fedora);
    }
    ui_test_screenshot (run->assistant, "new-vm-network");

    for (guint i = 0; i < 4; i++)
        click (run, "Forward", &clicks);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (find (run, "Installation", GTK_TYPE_LABEL))),
                              "/fedora"));
    set_text (run, "Name", "net-guest");
    click (run, "Finish", &clicks);
    ui_test_wait (run_over, run, "the guest to be created");
    g_assert_nonnull (run->created);
    g_assert_cmpstr (vimana_domain_get_name (run->created), ==, "net-guest");
    ui_test_wait_state (run->created, VIMANA_DOMAIN_STATE_RUNNING);
    /* The boot files were downloaded under the user's cache (the test driver's place) and
     * removed once the guest ran. */
    g_assert_true (g_file_test (boot_dir, G_FILE_TEST_IS_DIR));
    g_assert_cmpuint (count_files (boot_dir), ==, 0);

    vimana_connection_shutdown (connection);
    test_http_server_stop (server);
}

/* In a process of its own: libsoup's types take a process that ran the other tests past 2048
 * GLib quarks, where GLib deliberately drops its first quark table (see build-aux/lsan.supp);
 * LeakSanitizer's fast unwinder cannot see that block came from GLib's constructor. */
static void
test_network_tree (void)
{
    if (g_test_subprocess ()) {
        test_network_tree_run ();
        return;
    }
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
    g_autofree char *cache = g_dir_make_tmp ("vimana-test-cache-XXXXXX", NULL);
    g_autofree char *boot = g_build_filename (cache, "vimana", "boot", NULL);
    g_autofree char *vimana = g_build_filename (cache, "vimana", NULL);
    int status;

    /* Network installs download into the user's cache: a private one, removed afterwards. */
    g_setenv ("XDG_CACHE_HOME", cache, TRUE);
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/new-vm/iso-five-clicks", test_iso_five_clicks);
    g_test_add_func ("/ui/new-vm/recent-isos", test_recent_isos);
    g_test_add_func ("/ui/new-vm/bad-input", test_bad_input);
    g_test_add_func ("/ui/new-vm/cdrom-drives", test_cdrom_drives);
    g_test_add_func ("/ui/new-vm/customize-first", test_customize_first);
    g_test_add_func ("/ui/new-vm/spice-display", test_spice_display);
    g_test_add_func ("/ui/new-vm/manual-no-disk", test_manual_no_disk);
    g_test_add_func ("/ui/new-vm/existing-disk", test_existing_disk);
    g_test_add_func ("/ui/new-vm/window-action", test_window_action);
    g_test_add_func ("/ui/new-vm/volume-taken", test_volume_taken);
    g_test_add_func ("/ui/new-vm/network-tree", test_network_tree);
    g_test_add_func ("/ui/new-vm/stopped-default-network", test_stopped_default_network);

    status = g_test_run ();
    g_rmdir (boot);
    g_rmdir (vimana);
    g_rmdir (cache);
    return status;
}
