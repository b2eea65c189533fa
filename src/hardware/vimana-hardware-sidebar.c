/* vimana-hardware-sidebar.c: the rows of the Hardware page's sidebar
 *
 * Overview, OS, CPUs, Memory and Boot Options, then every device of the guest, each with an
 * icon for its kind as virt-manager has. A guest on q35 has a dozen PCIe root ports: the
 * controllers are folded under one "Controllers" row, shown when it (or one of them) is
 * selected. The sidebar is one Tab stop; the arrow keys move inside it (issue 17, items 10
 * and 11).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-hardware-page"

#include "config.h"

#include "vimana-hardware-sidebar.h"

#include <glib/gi18n.h>

#define VIMANA_SIDEBAR_EXPANDED "vimana-controllers-expanded"

/* Returns: (transfer none): the symbolic icon of an item, or of a device of @kind */
const char *
vimana_hardware_sidebar_icon (VimanaHardwareItem item,
                              VimanaDeviceKind   kind)
{
    switch (item) {
    case VIMANA_HARDWARE_ITEM_GENERAL:
        return "computer-symbolic";
    case VIMANA_HARDWARE_ITEM_OS:
        return "application-x-firmware-symbolic";
    case VIMANA_HARDWARE_ITEM_CPUS:
        return "power-profile-performance-symbolic";
    case VIMANA_HARDWARE_ITEM_MEMORY:
        return "media-flash-symbolic";
    case VIMANA_HARDWARE_ITEM_BOOT:
        return "system-reboot-symbolic";
    case VIMANA_HARDWARE_ITEM_CONTROLLERS:
        return "applications-system-symbolic";
    case VIMANA_HARDWARE_ITEM_DEVICE:
    default:
        break;
    }
    switch (kind) {
    case VIMANA_DEVICE_DISK:
        return "drive-harddisk-symbolic";
    case VIMANA_DEVICE_CDROM:
        return "media-optical-symbolic";
    case VIMANA_DEVICE_FLOPPY:
        return "media-floppy-symbolic";
    case VIMANA_DEVICE_INTERFACE:
        return "network-wired-symbolic";
    case VIMANA_DEVICE_GRAPHICS:
    case VIMANA_DEVICE_VIDEO:
        return "video-display-symbolic";
    case VIMANA_DEVICE_SOUND:
        return "audio-card-symbolic";
    case VIMANA_DEVICE_INPUT:
        return "input-mouse-symbolic";
    case VIMANA_DEVICE_SERIAL:
    case VIMANA_DEVICE_CONSOLE:
    case VIMANA_DEVICE_CHANNEL:
        return "utilities-terminal-symbolic";
    case VIMANA_DEVICE_CONTROLLER:
        return "applications-system-symbolic";
    case VIMANA_DEVICE_HOSTDEV_USB:
        return "media-removable-symbolic";
    case VIMANA_DEVICE_HOSTDEV_PCI:
        return "drive-multidisk-symbolic";
    case VIMANA_DEVICE_TPM:
        return "security-high-symbolic";
    case VIMANA_DEVICE_RNG:
        return "media-playlist-shuffle-symbolic";
    case VIMANA_DEVICE_WATCHDOG:
        return "alarm-symbolic";
    case VIMANA_DEVICE_FILESYSTEM:
        return "folder-remote-symbolic";
    case VIMANA_DEVICE_MEMBALLOON:
        return "media-flash-symbolic";
    case VIMANA_DEVICE_OTHER:
    default:
        return "preferences-other-symbolic";
    }
}

/* The icon of a device of no kind Vimana edits, by its element. */
static const char *
vimana_hardware_sidebar_other_icon (const char *element)
{
    static const struct { const char *element; const char *icon; } icons[] = {
        { "memory", "media-flash-symbolic" },
        { "redirdev", "media-removable-symbolic" },
        { "smartcard", "dialog-password-symbolic" },
        { "panic", "dialog-warning-symbolic" },
        { "hub", "media-removable-symbolic" },
        { "parallel", "utilities-terminal-symbolic" },
        { "vsock", "network-wired-symbolic" },
        { "shmem", "media-flash-symbolic" },
    };

    for (guint i = 0; element != NULL && i < G_N_ELEMENTS (icons); i++) {
        if (g_str_equal (element, icons[i].element))
            return icons[i].icon;
    }
    return vimana_hardware_sidebar_icon (VIMANA_HARDWARE_ITEM_DEVICE, VIMANA_DEVICE_OTHER);
}

static GtkWidget *
vimana_hardware_sidebar_new_row (const char         *label,
                                 const char         *icon,
                                 VimanaHardwareItem  item,
                                 guint               device,
                                 gboolean            folded)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    GtkWidget *image = gtk_image_new_from_icon_name (icon, GTK_ICON_SIZE_MENU);
    GtkWidget *text = gtk_label_new (label);
    GtkWidget *edited = gtk_image_new_from_icon_name ("document-edit-symbolic",
                                                      GTK_ICON_SIZE_MENU);

    gtk_label_set_xalign (GTK_LABEL (text), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
    g_object_set (box, "margin", 6, NULL);
    /* A folded row is indented under its "Controllers" row. */
    if (folded)
        gtk_widget_set_margin_start (box, 24);
    gtk_container_add (GTK_CONTAINER (box), image);
    gtk_container_add (GTK_CONTAINER (box), text);
    /* Shown while the item has edits not applied. */
    gtk_widget_set_tooltip_text (edited, _("Changed, not applied"));
    gtk_widget_set_no_show_all (edited, TRUE);
    gtk_box_pack_end (GTK_BOX (box), edited, FALSE, FALSE, 0);
    g_object_set_data (G_OBJECT (row), "edited-image", edited);
    gtk_container_add (GTK_CONTAINER (row), box);
    g_object_set_data (G_OBJECT (row), "item", GINT_TO_POINTER (item));
    g_object_set_data (G_OBJECT (row), "device", GUINT_TO_POINTER (device));
    g_object_set_data (G_OBJECT (row), "folded", GINT_TO_POINTER (folded));
    g_object_set_data_full (G_OBJECT (row), "icon", g_strdup (icon), g_free);
    g_object_set_data_full (G_OBJECT (row), "label", g_strdup (label), g_free);
    atk_object_set_name (gtk_widget_get_accessible (row), label);
    gtk_widget_show_all (row);
    return row;
}

static gboolean
vimana_hardware_sidebar_filter (GtkListBoxRow *row,
                                gpointer       user_data)
{
    GtkWidget *sidebar = gtk_widget_get_parent (GTK_WIDGET (row));

    if (!GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "folded")))
        return TRUE;
    return sidebar != NULL &&
           GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sidebar), VIMANA_SIDEBAR_EXPANDED));
}

/* Tab and Shift+Tab leave the sidebar from the row that has the focus, instead of going
 * through every row: the arrow keys do that. Entering it, the selected row takes the focus. */
static gboolean
vimana_hardware_sidebar_focus_cb (GtkWidget        *sidebar,
                                  GtkDirectionType  direction,
                                  gpointer          user_data)
{
    if ((direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD) ||
        gtk_container_get_focus_child (GTK_CONTAINER (sidebar)) == NULL)
        return FALSE;
    g_signal_stop_emission_by_name (sidebar, "focus");
    return FALSE;
}

void
vimana_hardware_sidebar_setup (GtkListBox *sidebar)
{
    g_return_if_fail (GTK_IS_LIST_BOX (sidebar));

    gtk_list_box_set_filter_func (sidebar, vimana_hardware_sidebar_filter, NULL, NULL);
    g_signal_connect (sidebar, "focus", G_CALLBACK (vimana_hardware_sidebar_focus_cb), NULL);
}

/**
 * vimana_hardware_sidebar_fill:
 * @item: @device: the item to select again
 *
 * Makes the rows for @config.
 *
 * Returns: (transfer none): the row of @item, or the first row
 */
GtkListBoxRow *
vimana_hardware_sidebar_fill (GtkListBox         *sidebar,
                              VimanaDomainConfig *config,
                              VimanaHardwareItem  item,
                              guint               device)
{
    const struct { const char *label; VimanaHardwareItem item; } fixed[] = {
        { _("Overview"), VIMANA_HARDWARE_ITEM_GENERAL },
        { _("OS"), VIMANA_HARDWARE_ITEM_OS },
        { _("CPUs"), VIMANA_HARDWARE_ITEM_CPUS },
        { _("Memory"), VIMANA_HARDWARE_ITEM_MEMORY },
        { _("Boot Options"), VIMANA_HARDWARE_ITEM_BOOT },
    };
    GList *rows = gtk_container_get_children (GTK_CONTAINER (sidebar));
    GtkListBoxRow *select = NULL;
    gboolean controllers = FALSE;
    guint n;

    g_return_val_if_fail (GTK_IS_LIST_BOX (sidebar), NULL);
    g_return_val_if_fail (VIMANA_IS_DOMAIN_CONFIG (config), NULL);

    for (GList *l = rows; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_list_free (rows);

    for (guint i = 0; i < G_N_ELEMENTS (fixed); i++) {
        GtkWidget *row = vimana_hardware_sidebar_new_row (
            fixed[i].label, vimana_hardware_sidebar_icon (fixed[i].item, VIMANA_DEVICE_OTHER),
            fixed[i].item, 0, FALSE);

        gtk_container_add (GTK_CONTAINER (sidebar), row);
        if (item == fixed[i].item)
            select = GTK_LIST_BOX_ROW (row);
    }
    n = vimana_domain_config_get_n_devices (config);
    for (guint i = 0; i < n; i++) {
        VimanaDeviceKind kind = vimana_domain_config_get_device_kind (config, i);
        g_autofree char *label = NULL;
        GtkWidget *row;

        if (kind == VIMANA_DEVICE_CONTROLLER) {
            /* All of them go under one row, where the first one is. */
            if (controllers)
                continue;
            controllers = TRUE;
            row = vimana_hardware_sidebar_new_row (
                _("Controllers"),
                vimana_hardware_sidebar_icon (VIMANA_HARDWARE_ITEM_CONTROLLERS, kind),
                VIMANA_HARDWARE_ITEM_CONTROLLERS, 0, FALSE);
            gtk_container_add (GTK_CONTAINER (sidebar), row);
            if (item == VIMANA_HARDWARE_ITEM_CONTROLLERS)
                select = GTK_LIST_BOX_ROW (row);
            for (guint k = i; k < n; k++) {
                if (vimana_domain_config_get_device_kind (config, k) != VIMANA_DEVICE_CONTROLLER)
                    continue;
                g_free (label);
                label = vimana_domain_config_get_device_label (config, k);
                row = vimana_hardware_sidebar_new_row (
                    label, vimana_hardware_sidebar_icon (VIMANA_HARDWARE_ITEM_DEVICE, kind),
                    VIMANA_HARDWARE_ITEM_DEVICE, k, TRUE);
                gtk_container_add (GTK_CONTAINER (sidebar), row);
                if (item == VIMANA_HARDWARE_ITEM_DEVICE && device == k)
                    select = GTK_LIST_BOX_ROW (row);
            }
            continue;
        }
        label = vimana_domain_config_get_device_label (config, i);
        row = vimana_hardware_sidebar_new_row (
            label,
            kind == VIMANA_DEVICE_OTHER
                ? vimana_hardware_sidebar_other_icon (
                vimana_domain_config_get_device_element (config, i))
                : vimana_hardware_sidebar_icon (VIMANA_HARDWARE_ITEM_DEVICE, kind),
            VIMANA_HARDWARE_ITEM_DEVICE, i, FALSE);
        gtk_container_add (GTK_CONTAINER (sidebar), row);
        if (item == VIMANA_HARDWARE_ITEM_DEVICE && device == i)
            select = GTK_LIST_BOX_ROW (row);
    }
    if (select == NULL)
        select = gtk_list_box_get_row_at_index (sidebar, 0);
    vimana_hardware_sidebar_follow (sidebar, select);
    return select;
}

/* Unfolds the controllers while their row or one of them is selected, folds them otherwise. */
void
vimana_hardware_sidebar_follow (GtkListBox    *sidebar,
                                GtkListBoxRow *selected)
{
    gboolean expanded = FALSE;

    g_return_if_fail (GTK_IS_LIST_BOX (sidebar));

    if (selected != NULL)
        expanded = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (selected), "folded")) ||
                   GPOINTER_TO_INT (g_object_get_data (G_OBJECT (selected), "item")) ==
                   VIMANA_HARDWARE_ITEM_CONTROLLERS;
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (sidebar), VIMANA_SIDEBAR_EXPANDED)) ==
        expanded)
        return;
    g_object_set_data (G_OBJECT (sidebar), VIMANA_SIDEBAR_EXPANDED, GINT_TO_POINTER (expanded));
    gtk_list_box_invalidate_filter (sidebar);
}

/* Marks @row as having edits not applied, or not. */
void
vimana_hardware_sidebar_set_edited (GtkListBoxRow *row,
                                    gboolean       edited)
{
    GtkWidget *image;
    const char *label;

    g_return_if_fail (GTK_IS_LIST_BOX_ROW (row));

    image = g_object_get_data (G_OBJECT (row), "edited-image");
    if (image == NULL || gtk_widget_get_visible (image) == edited)
        return;
    gtk_widget_set_visible (image, edited);
    label = g_object_get_data (G_OBJECT (row), "label");
    if (edited) {
        /* Translators: a Hardware sidebar row's accessible name when it has edits not
         * applied; %s is the row's name. */
        g_autofree char *name = g_strdup_printf (_("%s, changed, not applied"), label);

        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (row)), name);
    } else {
        atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (row)), label);
    }
}

/* Returns: whether @row is marked as having edits not applied */
gboolean
vimana_hardware_sidebar_get_edited (GtkListBoxRow *row)
{
    GtkWidget *image;

    g_return_val_if_fail (GTK_IS_LIST_BOX_ROW (row), FALSE);

    image = g_object_get_data (G_OBJECT (row), "edited-image");
    return image != NULL && gtk_widget_get_visible (image);
}
