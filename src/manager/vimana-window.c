/* vimana-window.c: the main window: connections, their guests, and what to do with them
 *
 * The window shows a VimanaDomainView over a VimanaDomainTree built from the application's
 * connections, which it is given (no global lookups). Its actions live in
 * vimana-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-window"

#include "config.h"

#include "vimana-window.h"

#include <glib/gi18n.h>

#include "vimana-application.h"
#include "vimana-migration.h"
#include "vimana-quit.h"
#include "vimana-recovery-bar.h"
#include "vimana-window-private.h"

G_DEFINE_FINAL_TYPE (VimanaWindow, vimana_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    PROP_0,
    PROP_CONNECTIONS,
    PROP_SETTINGS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vimana_window_update_empty (VimanaWindow *self)
{
    gboolean empty = g_list_model_get_n_items (self->connections) == 0;

    gtk_stack_set_visible_child_name (self->content_stack, empty ? "empty" : "list");
}

static void
vimana_window_connections_changed_cb (GListModel *model,
                                      guint       position,
                                      guint       removed,
                                      guint       added,
                                      gpointer    user_data)
{
    VimanaWindow *self = user_data;

    vimana_window_update_empty (self);
    vimana_window_actions_update (self);
}

static void
vimana_window_search_changed_cb (GtkSearchEntry *entry,
                                 VimanaWindow   *self)
{
    vimana_domain_tree_set_filter (self->tree, gtk_entry_get_text (GTK_ENTRY (entry)));
}

static void
vimana_window_domain_activated_cb (VimanaDomainView *view,
                                   VimanaDomain     *domain,
                                   VimanaWindow     *self)
{
    vimana_application_show_details (VIMANA_APPLICATION (gtk_window_get_application (
                                                             GTK_WINDOW (self))),
                                     domain, NULL);
}

static void
vimana_window_save_size (VimanaWindow *self)
{
    int width, height;
    gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

    if (self->settings == NULL)
        return;
    g_settings_set_boolean (self->settings, "window-maximized", maximized);
    if (maximized)
        return;
    gtk_window_get_size (GTK_WINDOW (self), &width, &height);
    g_settings_set_int (self->settings, "window-width", width);
    g_settings_set_int (self->settings, "window-height", height);
}

static gboolean
vimana_window_delete_event (GtkWidget   *widget,
                            GdkEventAny *event)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));

    vimana_window_save_size (VIMANA_WINDOW (widget));
    /* The Migrate dialogs go with it, and their guests would stop moving: ask first. */
    if (app != NULL && g_list_model_get_n_items (vimana_migration_get_running ()) > 0) {
        vimana_quit_ask (app);
        return GDK_EVENT_STOP;
    }
    return GDK_EVENT_PROPAGATE;
}

/* Under the error bar: the offer to recover a lost host's guests (src/migration/). */
static void
vimana_window_add_recovery_bar (VimanaWindow *self)
{
    GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (self->error_bar));
    GtkWidget *bar = vimana_recovery_bar_new ();
    int position = 0;

    gtk_container_child_get (GTK_CONTAINER (box), GTK_WIDGET (self->error_bar), "position",
                             &position, NULL);
    gtk_widget_set_name (bar, "recovery_bar");
    gtk_box_pack_start (GTK_BOX (box), bar, FALSE, FALSE, 0);
    gtk_box_reorder_child (GTK_BOX (box), bar, position + 1);
    vimana_recovery_bar_set_connections (VIMANA_RECOVERY_BAR (bar), self->connections,
                                         self->settings);
}

static void
vimana_window_constructed (GObject *object)
{
    VimanaWindow *self = VIMANA_WINDOW (object);

    G_OBJECT_CLASS (vimana_window_parent_class)->constructed (object);

    g_assert (self->connections != NULL);

    self->tree = vimana_domain_tree_new (self->connections);
    vimana_domain_view_set_tree (self->domain_view, self->tree);
    vimana_domain_view_set_menu (self->domain_view, self->domain_menu, self->connection_menu);
    g_signal_connect_object (self->connections, "items-changed",
                             G_CALLBACK (vimana_window_connections_changed_cb), self, 0);

    if (self->settings != NULL) {
        gtk_window_set_default_size (GTK_WINDOW (self),
                                     g_settings_get_int (self->settings, "window-width"),
                                     g_settings_get_int (self->settings, "window-height"));
        if (g_settings_get_boolean (self->settings, "window-maximized"))
            gtk_window_maximize (GTK_WINDOW (self));
    }

    vimana_window_add_recovery_bar (self);
    vimana_window_actions_init (self);
    vimana_window_update_empty (self);
    vimana_window_actions_update (self);
}

static void
vimana_window_dispose (GObject *object)
{
    VimanaWindow *self = VIMANA_WINDOW (object);

    g_clear_handle_id (&self->update_source, g_source_remove);
    g_clear_pointer (&self->watched, g_ptr_array_unref);
    g_clear_object (&self->tree);
    g_clear_object (&self->connections);
    g_clear_object (&self->settings);

    G_OBJECT_CLASS (vimana_window_parent_class)->dispose (object);
}

static void
vimana_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
    VimanaWindow *self = VIMANA_WINDOW (object);

    switch (prop_id) {
    case PROP_CONNECTIONS:
        self->connections = g_value_dup_object (value);
        break;
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_window_class_init (VimanaWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = vimana_window_constructed;
    object_class->dispose = vimana_window_dispose;
    object_class->set_property = vimana_window_set_property;
    widget_class->delete_event = vimana_window_delete_event;

    properties[PROP_CONNECTIONS] =
        g_param_spec_object ("connections", NULL, NULL, G_TYPE_LIST_MODEL,
                             G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    g_type_ensure (VIMANA_TYPE_ERROR_BAR);
    g_type_ensure (VIMANA_TYPE_DOMAIN_VIEW);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, add_connection_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, run_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, pause_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, resume_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, shutdown_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, open_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, search_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, primary_menu_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, search_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, search_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, error_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, content_stack);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, domain_view);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, domain_menu);
    gtk_widget_class_bind_template_child (widget_class, VimanaWindow, connection_menu);
    gtk_widget_class_bind_template_callback (widget_class, vimana_window_search_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_window_domain_activated_cb);
}

/* GTK 3's search bar leaves its close button without a name for screen readers. */
static void
vimana_window_name_search_close_cb (GtkWidget *widget,
                                    gpointer   user_data)
{
    if (GTK_IS_BUTTON (widget))
        atk_object_set_name (gtk_widget_get_accessible (widget), _("Close Search"));
    else if (GTK_IS_CONTAINER (widget) && !GTK_IS_ENTRY (widget))
        gtk_container_forall (GTK_CONTAINER (widget), vimana_window_name_search_close_cb, NULL);
}

static void
vimana_window_init (VimanaWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    gtk_search_bar_connect_entry (self->search_bar, GTK_ENTRY (self->search_entry));
    gtk_container_forall (GTK_CONTAINER (self->search_bar), vimana_window_name_search_close_cb,
                          NULL);
}

/**
 * vimana_window_new:
 * @application: the application
 * @connections: a #GListModel of #VimanaConnection to show
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer full): a new main window
 */
VimanaWindow *
vimana_window_new (VimanaApplication *application,
                   GListModel        *connections,
                   GSettings         *settings)
{
    return g_object_new (VIMANA_TYPE_WINDOW,
                         "application", application,
                         "connections", connections,
                         "settings", settings,
                         NULL);
}

VimanaDomainView *
vimana_window_get_domain_view (VimanaWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_WINDOW (self), NULL);
    return self->domain_view;
}

VimanaErrorBar *
vimana_window_get_error_bar (VimanaWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_WINDOW (self), NULL);
    return self->error_bar;
}

/**
 * vimana_window_set_search:
 * @self: a #VimanaWindow
 * @text: (nullable): the text to search for
 *
 * Opens the search bar with @text, as if typed.
 */
void
vimana_window_set_search (VimanaWindow *self,
                          const char   *text)
{
    g_return_if_fail (VIMANA_IS_WINDOW (self));

    gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
    gtk_entry_set_text (GTK_ENTRY (self->search_entry), text ? text : "");
    /* The entry reports changes after a delay; apply at once so callers see the result. */
    vimana_domain_tree_set_filter (self->tree, text);
}
