/* test-hardware-edits.c: editing on the Hardware page, as issue 17 (items 7, 10, 11) asks
 *
 * On tests/data/node-hardware.xml: "many" (shut off, a device of every kind), "hw-run"
 * (running) and "hw-numa" (shut off, two NUMA cells, a DIMM and a hot-plug limit). Each message
 * goes under the field that is wrong, without widening the form; Apply and Revert wait for an
 * edit; the memory total is checked against the cells and devices and changed with the cells;
 * the sidebar has icons, folds the controllers and is one Tab stop; the XML editor follows the
 * dark theme; Add Hardware has a header bar and hints before anything is typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-add-hardware-dialog.h"
#include "vimana-details-window.h"
#include "vimana-device-kind.h"
#include "vimana-hardware-form.h"
#include "vimana-hardware-page.h"
#include "vimana-hardware-sidebar.h"

#define MIB 1024

typedef struct
{
    VimanaConnection    *connection;
    VimanaDomain        *domain;
    VimanaDetailsWindow *window;
    VimanaHardwarePage  *page;
} Fixture;

static gboolean
page_idle (gpointer data)
{
    return !vimana_hardware_page_is_busy (data) && vimana_hardware_page_get_n_items (data) > 0;
}

static void
fixture_open (Fixture    *f,
              const char *name)
{
    f->connection = ui_test_open_node ();
    f->domain = ui_test_domain (f->connection, name);
    f->window = vimana_details_window_new (NULL, f->domain, NULL);
    f->page = VIMANA_HARDWARE_PAGE (vimana_details_window_get_hardware (f->window));
    gtk_widget_show (GTK_WIDGET (f->window));
    g_assert_true (vimana_details_window_set_page (f->window, "hardware"));
    ui_test_wait (page_idle, f->page, "the configuration");
}

static void
fixture_close (Fixture *f)
{
    gtk_widget_destroy (GTK_WIDGET (f->window));
    vimana_connection_shutdown (f->connection);
    g_object_unref (f->connection);
}

static int
find_item (VimanaHardwarePage *page,
           const char         *label)
{
    for (guint i = 0; i < vimana_hardware_page_get_n_items (page); i++) {
        if (g_strcmp0 (vimana_hardware_page_get_item_label (page, i), label) == 0)
            return (int) i;
    }
    return -1;
}

static void
select_item (Fixture    *f,
             const char *label)
{
    int index = find_item (f->page, label);

    if (index < 0)
        g_error ("no item %s in the sidebar", label);
    vimana_hardware_page_select_item (f->page, index);
}

static VimanaHardwareForm *
form (Fixture *f)
{
    return VIMANA_HARDWARE_FORM (vimana_hardware_page_get_form (f->page));
}

static GtkWidget *
field (Fixture    *f,
       const char *key)
{
    GtkWidget *widget = vimana_hardware_form_get_field (form (f), key);

    if (widget == NULL)
        g_error ("no field %s on this page", key);
    return widget;
}

static const char *
field_error (Fixture    *f,
             const char *key)
{
    return vimana_hardware_form_get_error (form (f), key);
}

static void
set_text (Fixture    *f,
          const char *key,
          const char *text)
{
    gtk_entry_set_text (GTK_ENTRY (field (f, key)), text);
}

static void
apply_and_wait (Fixture *f)
{
    vimana_hardware_page_apply (f->page);
    ui_test_wait (page_idle, f->page, "the apply");
}

typedef struct
{
    gboolean            done;
    VimanaDomainConfig *config;
} FetchWait;

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
    FetchWait *wait = user_data;

    wait->config = vimana_domain_fetch_config_finish (VIMANA_DOMAIN (object), result, NULL);
    wait->done = TRUE;
}

static gboolean
fetch_done (gpointer data)
{
    return ((FetchWait *) data)->done;
}

static VimanaDomainConfig *
fetch (VimanaDomain *domain)
{
    FetchWait wait = { 0 };

    vimana_domain_fetch_config_async (domain, NULL, fetch_cb, &wait);
    ui_test_wait (fetch_done, &wait, "the configuration");
    g_assert_nonnull (wait.config);
    return wait.config;
}

static char *
saved_xml (VimanaDomain *domain)
{
    g_autoptr(VimanaDomainConfig) config = fetch (domain);

    return vimana_domain_config_to_xml (config);
}

/* ---- messages beside the field that is wrong ---- */

/* Issue 17, item 7: Memory 256 with Maximum 0 was reported beside Memory. */
static void
test_memory_field_at_fault (void)
{
    Fixture f = { 0 };
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *current = NULL;

    fixture_open (&f, "many");
    before = saved_xml (f.domain);
    select_item (&f, "Memory");
    current = g_strdup (gtk_entry_get_text (GTK_ENTRY (field (&f, "memory"))));

    set_text (&f, "memory", "256");
    set_text (&f, "max_memory", "0");
    vimana_hardware_page_apply (f.page);
    g_assert_null (field_error (&f, "memory"));
    g_assert_cmpstr (field_error (&f, "max_memory"), ==, "Maximum memory must be more than 0.");

    /* Only the maximum changed, below the current memory: the maximum is at fault. */
    set_text (&f, "memory", current);
    set_text (&f, "max_memory", "128");
    vimana_hardware_page_apply (f.page);
    g_assert_null (field_error (&f, "memory"));
    g_assert_nonnull (strstr (field_error (&f, "max_memory"), "is more than the maximum of 128 MiB"));

    /* Only the memory changed, above the maximum: the memory is. */
    vimana_hardware_page_revert (f.page);
    set_text (&f, "memory", "999999");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (field_error (&f, "memory"));
    g_assert_null (field_error (&f, "max_memory"));

    /* A vCPU count above the maximum is the count's fault, a maximum above the host's CPUs the
     * maximum's. */
    select_item (&f, "CPUs");
    set_text (&f, "max_vcpus", "64");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (field_error (&f, "max_vcpus"));
    g_assert_null (field_error (&f, "vcpus"));
    set_text (&f, "max_vcpus", "0");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (field_error (&f, "max_vcpus"));
    g_assert_null (field_error (&f, "vcpus"));
    /* A topology that does not make the maximum: the count the user changed. */
    vimana_hardware_page_revert (f.page);
    set_text (&f, "threads", "3");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (strstr (field_error (&f, "threads"), "Sockets × cores × threads"));
    g_assert_null (field_error (&f, "sockets"));

    after = saved_xml (f.domain);
    g_assert_cmpstr (before, ==, after);
    fixture_close (&f);
}

/* The message is in the row under its field, in the field's column, and the form is no wider
 * with it (issue 17, item 11). */
static void
test_errors_under_fields (void)
{
    Fixture f = { 0 };
    GtkWidget *grid;
    GtkWidget *entry;
    GtkWidget *message = NULL;
    g_autoptr(GList) children = NULL;
    int width_before, width_after, entry_left, entry_top, left, top;

    fixture_open (&f, "many");
    select_item (&f, "Memory");
    grid = GTK_WIDGET (form (&f));
    ui_test_flush ();
    gtk_widget_get_preferred_width (grid, NULL, &width_before);
    entry = field (&f, "memory");
    set_text (&f, "memory", "lots and lots of memory, more than anyone could ever want");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (field_error (&f, "memory"));
    ui_test_flush ();
    gtk_widget_get_preferred_width (grid, NULL, &width_after);
    g_assert_cmpint (width_after, ==, width_before);

    children = gtk_container_get_children (GTK_CONTAINER (grid));
    for (GList *l = children; l != NULL; l = l->next) {
        if (GTK_IS_LABEL (l->data) && gtk_widget_get_visible (l->data) &&
            g_strcmp0 (gtk_label_get_text (l->data), field_error (&f, "memory")) == 0)
            message = l->data;
    }
    g_assert_nonnull (message);
    gtk_container_child_get (GTK_CONTAINER (grid), entry, "left-attach", &entry_left,
                             "top-attach", &entry_top, NULL);
    gtk_container_child_get (GTK_CONTAINER (grid), message, "left-attach", &left,
                             "top-attach", &top, NULL);
    g_assert_cmpint (left, ==, entry_left);
    g_assert_cmpint (top, ==, entry_top + 1);
    fixture_close (&f);
}

/* ---- Apply and Revert ---- */

static void
test_apply_needs_a_change (void)
{
    Fixture f = { 0 };
    g_autofree char *title = NULL;
    g_autofree char *xml = NULL;
    GString *edit;

    fixture_open (&f, "many");
    select_item (&f, "Overview");
    g_assert_false (vimana_hardware_page_can_apply (f.page));
    title = g_strdup (gtk_entry_get_text (GTK_ENTRY (field (&f, "title"))));
    set_text (&f, "title", "Something else");
    g_assert_true (vimana_hardware_page_can_apply (f.page));
    /* Typed back: nothing to apply any more. */
    set_text (&f, "title", title);
    g_assert_false (vimana_hardware_page_can_apply (f.page));

    /* "Start with host" is a switch, as on the Overview page. */
    g_assert_true (GTK_IS_SWITCH (field (&f, "autostart")));
    gtk_switch_set_active (GTK_SWITCH (field (&f, "autostart")), TRUE);
    g_assert_true (vimana_hardware_page_can_apply (f.page));
    vimana_hardware_page_revert (f.page);
    g_assert_false (vimana_hardware_page_can_apply (f.page));
    g_assert_false (gtk_switch_get_active (GTK_SWITCH (field (&f, "autostart"))));

    /* The XML tab counts too. */
    vimana_hardware_page_show_xml (f.page, TRUE);
    ui_test_flush ();
    g_assert_false (vimana_hardware_page_can_apply (f.page));
    xml = vimana_hardware_page_get_xml (f.page);
    edit = g_string_new (xml);
    g_assert_cmpuint (g_string_replace (edit, "Many devices", "Edited", 0), ==, 1);
    vimana_hardware_page_set_xml (f.page, edit->str);
    g_string_free (edit, TRUE);
    g_assert_true (vimana_hardware_page_can_apply (f.page));
    vimana_hardware_page_revert (f.page);
    g_assert_false (vimana_hardware_page_can_apply (f.page));
    g_free (xml);
    xml = vimana_hardware_page_get_xml (f.page);
    g_assert_nonnull (strstr (xml, "Many devices"));
    fixture_close (&f);
}

static gboolean
item_marked (Fixture    *f,
             const char *label)
{
    int index = find_item (f->page, label);

    g_assert_cmpint (index, >=, 0);
    return vimana_hardware_sidebar_get_edited (gtk_list_box_get_row_at_index (
                                                   GTK_LIST_BOX (vimana_hardware_page_get_sidebar (
                                                                     f->page)), index));
}

/* Edits of one item stay, marked in the sidebar, while another is shown, applied or not; only
 * Revert (or applying them) discards them (issue 17, item 7). */
static void
test_edits_kept_across_items (void)
{
    Fixture f = { 0 };
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autofree char *memory = NULL;
    g_autofree char *xml = NULL;
    GString *edit;

    fixture_open (&f, "many");
    select_item (&f, "Memory");
    memory = g_strdup (gtk_entry_get_text (GTK_ENTRY (field (&f, "memory"))));
    set_text (&f, "memory", "1234");
    g_assert_true (item_marked (&f, "Memory"));
    ui_test_screenshot (GTK_WIDGET (f.window), "hardware-edited-mark");
    select_item (&f, "Disk vda");
    vimana_hardware_page_show_xml (f.page, TRUE);
    ui_test_flush ();
    xml = vimana_hardware_page_get_xml (f.page);
    edit = g_string_new (xml);
    g_assert_cmpuint (g_string_replace (edit, "</disk>", "  <serial>kept</serial>\n</disk>", 1), ==, 1);
    vimana_hardware_page_set_xml (f.page, edit->str);
    g_string_free (edit, TRUE);
    vimana_hardware_page_show_xml (f.page, FALSE);

    /* Another item is edited and applied meanwhile. */
    select_item (&f, "Overview");
    g_assert_true (item_marked (&f, "Memory"));
    g_assert_true (item_marked (&f, "Disk vda"));
    g_assert_false (item_marked (&f, "Overview"));
    set_text (&f, "title", "Applied meanwhile");
    apply_and_wait (&f);
    g_assert_cmpstr (vimana_hardware_page_get_error (f.page), ==, "");
    g_assert_false (item_marked (&f, "Overview"));
    g_assert_true (item_marked (&f, "Memory"));

    /* Back to each: the edits are there. */
    select_item (&f, "Memory");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "memory"))), ==, "1234");
    g_assert_true (vimana_hardware_page_can_apply (f.page));
    select_item (&f, "Disk vda");
    vimana_hardware_page_show_xml (f.page, TRUE);
    ui_test_flush ();
    g_free (xml);
    xml = vimana_hardware_page_get_xml (f.page);
    g_assert_nonnull (strstr (xml, "<serial>kept</serial>"));
    /* Revert discards this item's edits, not the others'. */
    vimana_hardware_page_revert (f.page);
    g_free (xml);
    xml = vimana_hardware_page_get_xml (f.page);
    g_assert_null (strstr (xml, "<serial>kept</serial>"));
    g_assert_false (item_marked (&f, "Disk vda"));
    vimana_hardware_page_show_xml (f.page, FALSE);
    select_item (&f, "Memory");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "memory"))), ==, "1234");
    apply_and_wait (&f);
    g_assert_cmpstr (vimana_hardware_page_get_error (f.page), ==, "");
    config = fetch (f.domain);
    g_assert_cmpuint (vimana_domain_config_get_memory (config), ==, 1234 * MIB);
    {
        g_autofree char *title = vimana_domain_config_get_title (config);

        g_assert_cmpstr (title, ==, "Applied meanwhile");
    }
    g_assert_false (item_marked (&f, "Memory"));
    g_assert_cmpstr (memory, !=, "1234");
    fixture_close (&f);
}

typedef struct
{
    gboolean done;
    gboolean ok;
} ApplyWait;

static void
other_apply_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
    ApplyWait *wait = user_data;

    wait->ok = vimana_domain_apply_config_finish (VIMANA_DOMAIN (object), result, NULL);
    wait->done = TRUE;
}

static gboolean
apply_done (gpointer data)
{
    return ((ApplyWait *) data)->done;
}

/* Another program changes the guest while the user edits: after Reload the user's edit is still
 * there, and applying it keeps the other program's change. */
static void
test_edits_survive_reload (void)
{
    Fixture f = { 0 };
    g_autoptr(VimanaDomainConfig) theirs = NULL;
    g_autoptr(VimanaDomainConfig) after = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *title = NULL;
    g_autofree char *description = NULL;
    ApplyWait wait = { 0 };

    fixture_open (&f, "many");
    select_item (&f, "Overview");
    set_text (&f, "title", "Ours");
    theirs = fetch (f.domain);
    vimana_domain_config_set_description (theirs, "Theirs");
    xml = vimana_domain_config_to_xml (theirs);
    vimana_domain_apply_config_async (f.domain, vimana_domain_config_get_origin_xml (theirs), xml,
                                      NULL, NULL, other_apply_cb, &wait);
    ui_test_wait (apply_done, &wait, "the other change");
    g_assert_true (wait.ok);

    apply_and_wait (&f);
    g_assert_true (vimana_hardware_page_get_changed_elsewhere (f.page));
    gtk_button_clicked (GTK_BUTTON (ui_test_find_by_name (GTK_WIDGET (f.page), "Reload",
                                                          GTK_TYPE_BUTTON)));
    ui_test_wait (page_idle, f.page, "the reload");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "title"))), ==, "Ours");
    apply_and_wait (&f);
    g_assert_cmpstr (vimana_hardware_page_get_error (f.page), ==, "");
    g_assert_false (vimana_hardware_page_get_changed_elsewhere (f.page));
    after = fetch (f.domain);
    title = vimana_domain_config_get_title (after);
    description = vimana_domain_config_get_description (after);
    g_assert_cmpstr (title, ==, "Ours");
    g_assert_cmpstr (description, ==, "Theirs");
    fixture_close (&f);
}

/* ---- memory with NUMA cells and memory devices ---- */

static void
test_numa_memory (void)
{
    Fixture f = { 0 };
    g_autoptr(VimanaDomainConfig) config = NULL;
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    fixture_open (&f, "hw-numa");
    before = saved_xml (f.domain);
    select_item (&f, "Memory");
    /* The cells are fields; the devices and the limit are shown. */
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "cell0"))), ==, "1024");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "cell1"))), ==, "1024");
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "max_memory"))), ==, "3072");
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (form (&f)), "Memory device",
                                            GTK_TYPE_LABEL));
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (form (&f)), "Hot-plug limit",
                                            GTK_TYPE_LABEL));
    g_assert_cmpint (find_item (f.page, "Memory device dimm"), >=, 0);
    /* Each cell's field is named for a screen reader as it is labelled. */
    g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (field (&f, "cell1"))), ==,
                     "NUMA cell 1, vCPUs 1 (MiB)");
    ui_test_screenshot (GTK_WIDGET (f.window), "hardware-numa-memory");

    /* What libvirt would refuse is refused beside the maximum, with the reason. */
    set_text (&f, "memory", "512");
    set_text (&f, "max_memory", "1024");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (strstr (field_error (&f, "max_memory"), "memory device takes 1024 MiB"));
    set_text (&f, "max_memory", "9000");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (strstr (field_error (&f, "max_memory"), "hot-plug limit of 8192 MiB"));
    set_text (&f, "max_memory", "3072");
    set_text (&f, "cell1", "0");
    vimana_hardware_page_apply (f.page);
    g_assert_nonnull (strstr (field_error (&f, "cell1"), "A NUMA cell needs memory"));
    g_assert_null (field_error (&f, "max_memory"));
    ui_test_wait (page_idle, f.page, "the page");
    after = saved_xml (f.domain);
    g_assert_cmpstr (before, ==, after);

    /* A new maximum is shared among the cells. */
    vimana_hardware_page_revert (f.page);
    set_text (&f, "max_memory", "4096");
    apply_and_wait (&f);
    g_assert_cmpstr (vimana_hardware_page_get_error (f.page), ==, "");
    config = fetch (f.domain);
    g_assert_cmpuint (vimana_domain_config_get_max_memory (config), ==, 4096 * MIB);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 0), ==, 1536 * MIB);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 1), ==, 1536 * MIB);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "cell0"))), ==, "1536");

    /* A cell changed alone: the maximum follows it. */
    set_text (&f, "cell0", "2048");
    apply_and_wait (&f);
    g_assert_cmpstr (vimana_hardware_page_get_error (f.page), ==, "");
    g_clear_object (&config);
    config = fetch (f.domain);
    g_assert_cmpuint (vimana_domain_config_get_numa_cell_memory (config, 0), ==, 2048 * MIB);
    g_assert_cmpuint (vimana_domain_config_get_max_memory (config), ==, (2048 + 1536 + 1024) * MIB);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "max_memory"))), ==, "4608");
    fixture_close (&f);
}

/* ---- the sidebar ---- */

static GtkListBoxRow *
row_at (Fixture *f,
        guint    index)
{
    return gtk_list_box_get_row_at_index (
        GTK_LIST_BOX (vimana_hardware_page_get_sidebar (f->page)), index);
}

/* The rows of controllers on screen, or all of them. */
static guint
controllers_shown (Fixture  *f,
                   gboolean  all)
{
    guint shown = 0;

    for (guint i = 0; i < vimana_hardware_page_get_n_items (f->page); i++) {
        const char *label = vimana_hardware_page_get_item_label (f->page, i);

        if (g_str_has_prefix (label, "Controller ") &&
            (all || gtk_widget_get_child_visible (GTK_WIDGET (row_at (f, i)))))
            shown++;
    }
    return shown;
}

static void
test_sidebar (void)
{
    Fixture f = { 0 };
    GtkWidget *sidebar;
    GtkWidget *focus;
    GtkListBoxRow *selected;
    int controllers, memory;

    fixture_open (&f, "many");
    sidebar = vimana_hardware_page_get_sidebar (f.page);

    /* Every row has an icon the theme has. */
    for (guint i = 0; i < vimana_hardware_page_get_n_items (f.page); i++) {
        const char *icon = g_object_get_data (G_OBJECT (row_at (&f, i)), "icon");

        g_assert_nonnull (icon);
        if (!gtk_icon_theme_has_icon (gtk_icon_theme_get_default (), icon))
            g_error ("the icon theme has no %s", icon);
    }

    /* The controllers are folded under one row. */
    controllers = find_item (f.page, "Controllers");
    g_assert_cmpint (controllers, >=, 0);
    g_assert_cmpuint (controllers_shown (&f, TRUE), >=, 3);
    g_assert_cmpuint (controllers_shown (&f, FALSE), ==, 0);
    vimana_hardware_page_select_item (f.page, controllers);
    g_assert_cmpuint (controllers_shown (&f, FALSE), ==, controllers_shown (&f, TRUE));
    g_assert_null (vimana_hardware_form_get_field (form (&f), "model"));
    select_item (&f, "Controller pci 0");
    g_assert_cmpuint (controllers_shown (&f, FALSE), ==, controllers_shown (&f, TRUE));
    ui_test_screenshot (GTK_WIDGET (f.window), "hardware-controllers");
    vimana_hardware_page_show_xml (f.page, TRUE);
    ui_test_flush ();
    {
        g_autofree char *xml = vimana_hardware_page_get_xml (f.page);

        g_assert_true (g_str_has_prefix (xml, "<controller type=\"pci\""));
    }
    vimana_hardware_page_show_xml (f.page, FALSE);
    select_item (&f, "Memory");
    g_assert_cmpuint (controllers_shown (&f, FALSE), ==, 0);

    /* One Tab stop: Tab leaves the sidebar from its row, Shift+Tab comes back to the selected
     * row, the arrow keys move inside (issue 17, item 10). */
    memory = find_item (f.page, "Memory");
    ui_test_wait_drawn (GTK_WIDGET (f.window));
    gtk_widget_grab_focus (GTK_WIDGET (row_at (&f, memory)));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f.window), GTK_DIR_TAB_FORWARD));
    focus = gtk_window_get_focus (GTK_WINDOW (f.window));
    g_assert_nonnull (focus);
    g_assert_false (gtk_widget_is_ancestor (focus, sidebar));
    g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f.window), GTK_DIR_TAB_BACKWARD));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (f.window)) ==
                   GTK_WIDGET (row_at (&f, memory)));
    /* Down, as the sidebar's key bindings take it (XTest keys need a window manager's
     * focus). */
    g_assert_true (gtk_bindings_activate (G_OBJECT (sidebar), GDK_KEY_Down, 0));
    ui_test_flush ();
    selected = gtk_list_box_get_selected_row (GTK_LIST_BOX (sidebar));
    g_assert_cmpstr (g_object_get_data (G_OBJECT (selected), "label"), ==, "Boot Options");
    fixture_close (&f);
}

/* ---- the XML editor's colours ---- */

static gboolean
is_dark_scheme (const char *id)
{
    return g_strcmp0 (id, "Adwaita-dark") == 0 || g_strcmp0 (id, "oblivion") == 0 ||
           g_strcmp0 (id, "solarized-dark") == 0 || g_strcmp0 (id, "cobalt") == 0;
}

static void
test_xml_follows_dark_theme (void)
{
    Fixture f = { 0 };
    GtkSettings *settings = gtk_settings_get_default ();

    g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
    fixture_open (&f, "many");
    vimana_hardware_page_show_xml (f.page, TRUE);
    ui_test_flush ();
    g_assert_false (is_dark_scheme (vimana_hardware_page_get_xml_scheme (f.page)));
    g_assert_nonnull (vimana_hardware_page_get_xml_scheme (f.page));

    g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
    ui_test_flush ();
    g_assert_true (is_dark_scheme (vimana_hardware_page_get_xml_scheme (f.page)));
    ui_test_screenshot (GTK_WIDGET (f.window), "hardware-xml-dark");
    g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
    ui_test_flush ();
    g_assert_false (is_dark_scheme (vimana_hardware_page_get_xml_scheme (f.page)));
    fixture_close (&f);
}

/* ---- Add Hardware ---- */

static gboolean
dialog_shown (gpointer data)
{
    return ui_test_find_toplevel (VIMANA_TYPE_ADD_HARDWARE_DIALOG) != NULL;
}

static void
test_add_hardware_look (void)
{
    Fixture f = { 0 };
    VimanaAddHardwareDialog *dialog;
    GtkWidget *header;
    GtkWidget *add;
    GtkWidget *path;

    fixture_open (&f, "many");
    gtk_button_clicked (GTK_BUTTON (ui_test_find_by_name (GTK_WIDGET (f.page), "Add Hardware",
                                                          GTK_TYPE_BUTTON)));
    ui_test_wait (dialog_shown, NULL, "the dialog");
    dialog = VIMANA_ADD_HARDWARE_DIALOG (ui_test_find_toplevel (VIMANA_TYPE_ADD_HARDWARE_DIALOG));

    /* Its buttons are in a header bar, as the other dialogs'. */
    header = gtk_dialog_get_header_bar (GTK_DIALOG (dialog));
    g_assert_nonnull (header);
    add = ui_test_find_by_name (GTK_WIDGET (dialog), "Add", GTK_TYPE_BUTTON);
    g_assert_true (gtk_widget_is_ancestor (add, header));

    /* Before anything is typed, what a field needs is a hint; after the user typed, or pressed
     * Add, it is an error. */
    for (guint i = 0; i < vimana_device_kind_info_get_n_kinds (); i++) {
        const VimanaDeviceKindInfo *kind = vimana_device_kind_info_get_nth (i);

        g_assert_true (vimana_add_hardware_dialog_set_kind (dialog,
                                                            vimana_device_kind_info_get_id (kind)));
        for (guint k = 0; k < vimana_device_kind_info_get_n_fields (kind); k++) {
            const char *id = vimana_device_kind_info_get_field (kind, k)->id;

            if (vimana_add_hardware_dialog_get_error (dialog, id) != NULL &&
                !vimana_add_hardware_dialog_get_error_is_hint (dialog, id))
                g_error ("%s: “%s” shows an error before anything was typed: %s",
                         vimana_device_kind_info_get_id (kind), id,
                         vimana_add_hardware_dialog_get_error (dialog, id));
        }
    }
    g_assert_true (vimana_add_hardware_dialog_set_kind (dialog, "disk"));
    path = ui_test_find_by_name (GTK_WIDGET (dialog), "Image path", GTK_TYPE_ENTRY);
    gtk_widget_grab_focus (path);
    gtk_entry_set_text (GTK_ENTRY (path), "images/relative.qcow2");
    g_assert_nonnull (vimana_add_hardware_dialog_get_error (dialog, "path"));
    g_assert_false (vimana_add_hardware_dialog_get_error_is_hint (dialog, "path"));
    ui_test_screenshot (GTK_WIDGET (dialog), "add-hardware-header-bar");
    gtk_widget_destroy (GTK_WIDGET (dialog));
    fixture_close (&f);
}

/* ---- the base of linked clones ---- */

#define BASE_NAME  "i12fin-base"
#define CLONE_NAME "i12fin-clone"

static void
define_guest (virConnectPtr keeper,
              const char   *name)
{
    g_autofree char *xml = g_strdup_printf (
        "<domain type='test'><name>%s</name><memory unit='MiB'>128</memory>"
        "<os><type arch='x86_64'>hvm</type></os><devices>"
        "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/>"
        "<source file='/var/lib/libvirt/images/%s.qcow2'/><target dev='vda' bus='virtio'/>"
        "</disk></devices></domain>", name, name);
    virDomainPtr dom = virDomainDefineXML (keeper, xml);

    g_assert_nonnull (dom);
    virDomainFree (dom);
}

static char *
keeper_xml (virConnectPtr keeper)
{
    virDomainPtr dom = virDomainLookupByName (keeper, BASE_NAME);
    char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    g_autofree char *copy = g_strdup (xml);

    g_assert_nonnull (xml);
    free (xml);
    virDomainFree (dom);
    return g_steal_pointer (&copy);
}

static gboolean
message_shown (gpointer data)
{
    return ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The warning that names the clones; answered with @response. */
static void
answer_base_warning (int response)
{
    GtkWidget *dialog;
    g_autofree char *text = NULL;
    g_autofree char *secondary = NULL;

    ui_test_wait (message_shown, NULL, "the warning before changing a base");
    dialog = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    g_object_get (dialog, "text", &text, "secondary-text", &secondary, NULL);
    g_assert_nonnull (strstr (text, BASE_NAME));
    g_assert_nonnull (strstr (secondary, CLONE_NAME));
    g_assert_nonnull (ui_test_find_by_name (dialog, "Apply Anyway", GTK_TYPE_BUTTON));
    ui_test_screenshot (dialog, "hardware-base-warning");
    gtk_dialog_response (GTK_DIALOG (dialog), response);
}

/* Issue 12: a base of linked clones changes only after a warning that names them; Cancel
 * changes nothing and keeps the edits, for the fields and for the XML editor. A guest that is
 * no base applies without one. */
static void
test_base_warning (void)
{
    virConnectPtr keeper = virConnectOpen ("test:///default");
    virDomainPtr dom;
    Fixture f = { 0 };
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *shown = NULL;
    GString *edit;

    g_assert_nonnull (keeper);
    define_guest (keeper, BASE_NAME);
    define_guest (keeper, CLONE_NAME);
    dom = virDomainLookupByName (keeper, BASE_NAME);
    g_assert_cmpint (virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT,
                                           "<base><clone name=\"" CLONE_NAME "\"/></base>",
                                           "vimana-clone",
                                           "https://github.com/vimana/vimana/xmlns/clone/1",
                                           VIR_DOMAIN_AFFECT_CONFIG), ==, 0);
    virDomainFree (dom);

    f.connection = test_connection_open ("test:///default");
    f.domain = ui_test_domain (f.connection, BASE_NAME);
    f.window = vimana_details_window_new (NULL, f.domain, NULL);
    f.page = VIMANA_HARDWARE_PAGE (vimana_details_window_get_hardware (f.window));
    gtk_widget_show (GTK_WIDGET (f.window));
    g_assert_true (vimana_details_window_set_page (f.window, "hardware"));
    ui_test_wait (page_idle, f.page, "the configuration");

    /* The fields: Cancel sends nothing and keeps what was typed. */
    before = keeper_xml (keeper);
    select_item (&f, "Memory");
    set_text (&f, "memory", "100");
    vimana_hardware_page_apply (f.page);
    answer_base_warning (GTK_RESPONSE_CANCEL);
    ui_test_wait (page_idle, f.page, "the cancelled apply");
    after = keeper_xml (keeper);
    g_assert_cmpstr (after, ==, before);
    g_assert_cmpstr (vimana_hardware_page_get_notice (f.page), ==, "Nothing was applied.");
    g_assert_true (vimana_hardware_page_can_apply (f.page));
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (field (&f, "memory"))), ==, "100");

    /* Apply Anyway applies. */
    vimana_hardware_page_apply (f.page);
    answer_base_warning (GTK_RESPONSE_ACCEPT);
    ui_test_wait (page_idle, f.page, "the apply");
    g_free (after);
    after = keeper_xml (keeper);
    g_assert_cmpstr (after, !=, before);
    g_assert_nonnull (strstr (after, ">102400<"));
    g_assert_cmpstr (vimana_hardware_page_get_notice (f.page), ==, "Applied.");

    /* The XML editor asks too. */
    g_free (before);
    before = g_strdup (after);
    vimana_hardware_page_show_xml (f.page, TRUE);
    xml = vimana_hardware_page_get_xml (f.page);
    edit = g_string_new (xml);
    g_assert_cmpint (g_string_replace (edit, ">102400<", ">98304<", 1), ==, 1);
    vimana_hardware_page_set_xml (f.page, edit->str);
    g_string_free (edit, TRUE);
    vimana_hardware_page_apply (f.page);
    answer_base_warning (GTK_RESPONSE_CANCEL);
    ui_test_wait (page_idle, f.page, "the cancelled apply of the XML");
    g_free (after);
    after = keeper_xml (keeper);
    g_assert_cmpstr (after, ==, before);
    shown = vimana_hardware_page_get_xml (f.page);
    g_assert_nonnull (strstr (shown, ">98304<"));
    vimana_hardware_page_apply (f.page);
    answer_base_warning (GTK_RESPONSE_ACCEPT);
    ui_test_wait (page_idle, f.page, "the apply of the XML");
    g_free (after);
    after = keeper_xml (keeper);
    g_assert_nonnull (strstr (after, ">98304<"));
    fixture_close (&f);

    /* The clone is no base: its change goes without a question. */
    f = (Fixture) { 0 };
    f.connection = test_connection_open ("test:///default");
    f.domain = ui_test_domain (f.connection, CLONE_NAME);
    f.window = vimana_details_window_new (NULL, f.domain, NULL);
    f.page = VIMANA_HARDWARE_PAGE (vimana_details_window_get_hardware (f.window));
    gtk_widget_show (GTK_WIDGET (f.window));
    g_assert_true (vimana_details_window_set_page (f.window, "hardware"));
    ui_test_wait (page_idle, f.page, "the clone's configuration");
    select_item (&f, "Memory");
    set_text (&f, "memory", "100");
    apply_and_wait (&f);
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
    g_assert_cmpstr (vimana_hardware_page_get_notice (f.page), ==, "Applied.");
    fixture_close (&f);

    for (guint i = 0; i < 2; i++) {
        dom = virDomainLookupByName (keeper, i == 0 ? BASE_NAME : CLONE_NAME);
        virDomainUndefine (dom);
        virDomainFree (dom);
    }
    virConnectClose (keeper);
}

int
main (int   argc,
      char *argv[])
{
    g_autofree char *node = NULL;
    g_autofree char *node_abs = NULL;

    /* The theme's variant comes from gtk-application-prefer-dark-theme, which the dark theme
     * test changes; GTK_THEME would fix it. */
    g_unsetenv ("GTK_THEME");
    ui_test_init (&argc, &argv);
    node = g_test_build_filename (G_TEST_DIST, "data", "node-hardware.xml", NULL);
    node_abs = g_canonicalize_filename (node, NULL);
    g_setenv ("VIMANA_TEST_NODE", node_abs, TRUE);

    g_test_add_func ("/ui/hardware-edits/memory-field-at-fault", test_memory_field_at_fault);
    g_test_add_func ("/ui/hardware-edits/errors-under-fields", test_errors_under_fields);
    g_test_add_func ("/ui/hardware-edits/apply-needs-a-change", test_apply_needs_a_change);
    g_test_add_func ("/ui/hardware-edits/edits-kept-across-items", test_edits_kept_across_items);
    g_test_add_func ("/ui/hardware-edits/edits-survive-reload", test_edits_survive_reload);
    g_test_add_func ("/ui/hardware-edits/numa-memory", test_numa_memory);
    g_test_add_func ("/ui/hardware-edits/sidebar", test_sidebar);
    g_test_add_func ("/ui/hardware-edits/xml-follows-dark-theme", test_xml_follows_dark_theme);
    g_test_add_func ("/ui/hardware-edits/add-hardware-look", test_add_hardware_look);
    g_test_add_func ("/ui/hardware-edits/base-warning", test_base_warning);
    return g_test_run ();
}
