/* vimana-details-window.c: one guest's window: its pages and its lifecycle actions
 *
 * The window is built around one VimanaDomain. When the guest leaves its connection's list
 * (undefined by another client, or the connection closed), the window says so and goes inert:
 * its actions are disabled and its pages stop changing, but it stays open so the user sees
 * what happened.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-details-window"

#include "config.h"

#include "vimana-details-window.h"

#include <glib/gi18n.h>

#include "vimana-application.h"
#include "vimana-console-page.h"
#include "vimana-domain-actions.h"
#include "vimana-hardware-page.h"
#include "vimana-overview-page.h"
#include "vimana-performance-page.h"
#include "vimana-snapshots-page.h"

struct _VimanaDetailsWindow
{
    GtkApplicationWindow parent_instance;

    /* template widgets */
    GtkHeaderBar          *header_bar;
    GtkWidget             *run_button;
    GtkWidget             *pause_button;
    GtkWidget             *resume_button;
    GtkWidget             *shutdown_button;
    GtkInfoBar            *removed_bar;
    GtkLabel              *removed_label;
    VimanaErrorBar        *error_bar;
    GtkStack              *stack;
    GtkStackSwitcher      *switcher;
    VimanaOverviewPage    *overview_page;
    VimanaConsolePage     *console_page;
    VimanaPerformancePage *performance_page;
    VimanaHardwarePage    *hardware_page;
    VimanaSnapshotsPage   *snapshots_page;

    /* owned references */
    VimanaDomain       *domain;
    GSettings          *settings;
};

G_DEFINE_FINAL_TYPE (VimanaDetailsWindow, vimana_details_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
    PROP_0,
    PROP_DOMAIN,
    PROP_SETTINGS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- actions ---- */

static GPtrArray *
vimana_details_window_target_domains (gpointer owner)
{
    VimanaDetailsWindow *self = owner;
    GPtrArray *domains = g_ptr_array_new_with_free_func (g_object_unref);

    if (!vimana_domain_get_removed (self->domain))
        g_ptr_array_add (domains, g_object_ref (self->domain));
    return domains;
}

static VimanaErrorBar *
vimana_details_window_target_error_bar (gpointer owner)
{
    return VIMANA_DETAILS_WINDOW (owner)->error_bar;
}

static GSettings *
vimana_details_window_target_settings (gpointer owner)
{
    return VIMANA_DETAILS_WINDOW (owner)->settings;
}

static const VimanaDomainActionsTarget vimana_details_window_target = {
    .get_domains = vimana_details_window_target_domains,
    .get_error_bar = vimana_details_window_target_error_bar,
    .get_settings = vimana_details_window_target_settings,
};

static void
vimana_details_window_update (VimanaDetailsWindow *self)
{
    g_autoptr(GPtrArray) domains = vimana_details_window_target_domains (self);
    const char *title = vimana_domain_get_title (self->domain);
    g_autofree char *window_title = NULL;

    vimana_domain_actions_update (G_ACTION_MAP (self), domains);
    vimana_domain_actions_set_tooltip (self->run_button, domains, VIMANA_DOMAIN_ACTION_START,
                                       _("Run the guest"));
    vimana_domain_actions_set_tooltip (self->pause_button, domains, VIMANA_DOMAIN_ACTION_PAUSE,
                                       _("Pause the guest"));
    vimana_domain_actions_set_tooltip (self->resume_button, domains, VIMANA_DOMAIN_ACTION_RESUME,
                                       _("Resume the guest"));
    vimana_domain_actions_set_tooltip (self->shutdown_button, domains,
                                       VIMANA_DOMAIN_ACTION_SHUTDOWN, _("Shut down the guest"));

    /* Translators: a details window's title: the guest's name and its state. */
    window_title = g_strdup_printf (_("%s — %s"), title ? title : vimana_domain_get_name (self->domain),
                                    vimana_domain_get_state_label (self->domain));
    gtk_window_set_title (GTK_WINDOW (self), window_title);
}

static void
vimana_details_window_domain_notify_cb (GObject    *domain,
                                        GParamSpec *pspec,
                                        gpointer    user_data)
{
    vimana_details_window_update (VIMANA_DETAILS_WINDOW (user_data));
}

static void
vimana_details_window_domain_removed_cb (VimanaDomain *domain,
                                         gpointer      user_data)
{
    VimanaDetailsWindow *self = user_data;
    VimanaConnection *connection = vimana_domain_get_connection (domain);
    g_autofree char *message = NULL;

    if (connection != NULL &&
        vimana_connection_get_state (connection) != VIMANA_CONNECTION_STATE_CONNECTED)
        message = g_strdup_printf (_("The connection to %s closed; “%s” is no longer shown."),
                                   vimana_connection_get_display_name (connection),
                                   vimana_domain_get_name (domain));
    else
        message = g_strdup_printf (_("The guest “%s” no longer exists: it was deleted."),
                                   vimana_domain_get_name (domain));

    gtk_label_set_text (self->removed_label, message);
    gtk_widget_set_no_show_all (GTK_WIDGET (self->removed_bar), FALSE);
    gtk_widget_show_all (GTK_WIDGET (self->removed_bar));
    gtk_info_bar_set_revealed (self->removed_bar, TRUE);
    gtk_widget_set_sensitive (GTK_WIDGET (self->stack), FALSE);
    vimana_details_window_update (self);
}

/* ---- GObject ---- */

static void
vimana_details_window_save_size (VimanaDetailsWindow *self)
{
    int width, height;

    if (self->settings == NULL || gtk_window_is_maximized (GTK_WINDOW (self)))
        return;
    gtk_window_get_size (GTK_WINDOW (self), &width, &height);
    g_settings_set_int (self->settings, "details-width", width);
    g_settings_set_int (self->settings, "details-height", height);
}

/* A window shown without a focus widget focuses its first focusable one after mapping: on
 * Overview a selectable label, whose whole text then shows selected. The focus starts on the
 * page switcher's current page instead. */
static void
vimana_details_window_focus_switcher (VimanaDetailsWindow *self)
{
    g_autoptr(GList) buttons = NULL;

    buttons = gtk_container_get_children (GTK_CONTAINER (self->switcher));
    for (GList *l = buttons; l != NULL; l = l->next) {
        if (GTK_IS_TOGGLE_BUTTON (l->data) &&
            gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (l->data))) {
            gtk_window_set_focus (GTK_WINDOW (self), l->data);
            return;
        }
    }
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
}

static void
vimana_details_window_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_details_window_parent_class)->map (widget);
    vimana_details_window_focus_switcher (VIMANA_DETAILS_WINDOW (widget));
}

static gboolean
vimana_details_window_delete_event (GtkWidget   *widget,
                                    GdkEventAny *event)
{
    vimana_details_window_save_size (VIMANA_DETAILS_WINDOW (widget));
    return GDK_EVENT_PROPAGATE;
}

static void
vimana_details_window_migrate_cb (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
    VimanaDetailsWindow *self = user_data;
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();

    if (vimana_domain_get_removed (self->domain))
        return;
    g_ptr_array_add (domains, self->domain);
    vimana_application_show_migrate (VIMANA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                     GTK_WINDOW (self), domains);
}

static void
vimana_details_window_clone_cb (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
    VimanaDetailsWindow *self = user_data;

    if (vimana_domain_get_removed (self->domain))
        return;
    vimana_application_show_clone (VIMANA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                   GTK_WINDOW (self), self->domain);
}

static const GActionEntry vimana_details_window_entries[] = {
    { .name = "domain-migrate", .activate = vimana_details_window_migrate_cb },
    { .name = "domain-clone", .activate = vimana_details_window_clone_cb },
};

static void
vimana_details_window_constructed (GObject *object)
{
    VimanaDetailsWindow *self = VIMANA_DETAILS_WINDOW (object);

    G_OBJECT_CLASS (vimana_details_window_parent_class)->constructed (object);

    g_assert (self->domain != NULL);

    if (self->settings != NULL)
        gtk_window_set_default_size (GTK_WINDOW (self),
                                     g_settings_get_int (self->settings, "details-width"),
                                     g_settings_get_int (self->settings, "details-height"));

    vimana_domain_actions_add_to_map (G_ACTION_MAP (self), &vimana_details_window_target, self);
    g_action_map_add_action_entries (G_ACTION_MAP (self), vimana_details_window_entries,
                                     G_N_ELEMENTS (vimana_details_window_entries), self);
    vimana_overview_page_set_domain (self->overview_page, self->domain);
    vimana_console_page_set_settings (self->console_page, self->settings);
    vimana_console_page_set_domain (self->console_page, self->domain);
    vimana_performance_page_set_domain (self->performance_page, self->domain);
    vimana_hardware_page_set_domain (self->hardware_page, self->domain);
    vimana_snapshots_page_set_domain (self->snapshots_page, self->domain);
    g_signal_connect_object (self->domain, "notify",
                             G_CALLBACK (vimana_details_window_domain_notify_cb), self, 0);
    g_signal_connect_object (self->domain, "removed",
                             G_CALLBACK (vimana_details_window_domain_removed_cb), self, 0);
    vimana_details_window_update (self);
    if (vimana_domain_get_removed (self->domain))
        vimana_details_window_domain_removed_cb (self->domain, self);
}

static void
vimana_details_window_dispose (GObject *object)
{
    VimanaDetailsWindow *self = VIMANA_DETAILS_WINDOW (object);

    g_clear_object (&self->domain);
    g_clear_object (&self->settings);

    G_OBJECT_CLASS (vimana_details_window_parent_class)->dispose (object);
}

static void
vimana_details_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
    VimanaDetailsWindow *self = VIMANA_DETAILS_WINDOW (object);

    switch (prop_id) {
    case PROP_DOMAIN:
        self->domain = g_value_dup_object (value);
        break;
    case PROP_SETTINGS:
        self->settings = g_value_dup_object (value);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_details_window_class_init (VimanaDetailsWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->constructed = vimana_details_window_constructed;
    object_class->dispose = vimana_details_window_dispose;
    object_class->set_property = vimana_details_window_set_property;
    widget_class->delete_event = vimana_details_window_delete_event;
    widget_class->map = vimana_details_window_map;

    properties[PROP_DOMAIN] =
        g_param_spec_object ("domain", NULL, NULL, VIMANA_TYPE_DOMAIN,
                             G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_SETTINGS] =
        g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                             G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    g_type_ensure (VIMANA_TYPE_ERROR_BAR);
    g_type_ensure (VIMANA_TYPE_OVERVIEW_PAGE);
    g_type_ensure (VIMANA_TYPE_CONSOLE_PAGE);
    g_type_ensure (VIMANA_TYPE_PERFORMANCE_PAGE);
    g_type_ensure (VIMANA_TYPE_HARDWARE_PAGE);
    g_type_ensure (VIMANA_TYPE_SNAPSHOTS_PAGE);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-details-window.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, header_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, run_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, pause_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, resume_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, shutdown_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, removed_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, removed_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, error_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, stack);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, switcher);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, overview_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, console_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, performance_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, hardware_page);
    gtk_widget_class_bind_template_child (widget_class, VimanaDetailsWindow, snapshots_page);
}

/* Shows the visible page @offset away from the current one (Ctrl+Page Up/Down), or page
 * @index counted from 1 when @offset is 0 (Alt+1…); nothing past either end. */
static void
vimana_details_window_move_page (VimanaDetailsWindow *self,
                                 int                  offset,
                                 int                  index)
{
    GList *children = gtk_container_get_children (GTK_CONTAINER (self->stack));
    GtkWidget *visible = gtk_stack_get_visible_child (self->stack);
    g_autoptr(GPtrArray) pages = g_ptr_array_new ();
    int current = 0;
    int wanted;

    for (GList *l = children; l != NULL; l = l->next) {
        if (!gtk_widget_get_visible (l->data))
            continue;
        if (l->data == visible)
            current = pages->len;
        g_ptr_array_add (pages, l->data);
    }
    g_list_free (children);
    wanted = offset != 0 ? current + offset : index - 1;
    if (wanted >= 0 && wanted < (int) pages->len)
        gtk_stack_set_visible_child (self->stack, pages->pdata[wanted]);
}

static void
vimana_details_window_page_next_cb (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
    vimana_details_window_move_page (user_data, 1, 0);
}

static void
vimana_details_window_page_previous_cb (GSimpleAction *action,
                                        GVariant      *parameter,
                                        gpointer       user_data)
{
    vimana_details_window_move_page (user_data, -1, 0);
}

static void
vimana_details_window_page_cb (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
    vimana_details_window_move_page (user_data, 0, g_variant_get_int32 (parameter));
}

static const GActionEntry vimana_details_window_page_entries[] = {
    { .name = "page-next", .activate = vimana_details_window_page_next_cb },
    { .name = "page-previous", .activate = vimana_details_window_page_previous_cb },
    { .name = "page", .activate = vimana_details_window_page_cb, .parameter_type = "i" },
};

static void
vimana_details_window_init (VimanaDetailsWindow *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    g_action_map_add_action_entries (G_ACTION_MAP (self), vimana_details_window_page_entries,
                                     G_N_ELEMENTS (vimana_details_window_page_entries), self);
}

/**
 * vimana_details_window_new:
 * @application: the application
 * @domain: the guest
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer none): a new details window, owned by @application
 */
VimanaDetailsWindow *
vimana_details_window_new (VimanaApplication *application,
                           VimanaDomain      *domain,
                           GSettings         *settings)
{
    return g_object_new (VIMANA_TYPE_DETAILS_WINDOW,
                         "application", application,
                         "domain", domain,
                         "settings", settings,
                         NULL);
}

VimanaDomain *
vimana_details_window_get_domain (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return self->domain;
}

/**
 * vimana_details_window_set_page:
 * @self: a #VimanaDetailsWindow
 * @page: "overview", "console", "performance", "hardware" or "snapshots"
 *
 * Returns: %FALSE when the window has no such page; it then shows the Overview
 */
gboolean
vimana_details_window_set_page (VimanaDetailsWindow *self,
                                const char          *page)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), FALSE);

    if (page != NULL && gtk_stack_get_child_by_name (self->stack, page) != NULL) {
        gtk_stack_set_visible_child_name (self->stack, page);
        return TRUE;
    }
    gtk_stack_set_visible_child_name (self->stack, "overview");
    return page == NULL;
}

const char *
vimana_details_window_get_page (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
vimana_details_window_get_performance (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return GTK_WIDGET (self->performance_page);
}

GtkWidget *
vimana_details_window_get_hardware (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return GTK_WIDGET (self->hardware_page);
}

GtkWidget *
vimana_details_window_get_snapshots (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return GTK_WIDGET (self->snapshots_page);
}

GtkWidget *
vimana_details_window_get_overview (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return GTK_WIDGET (self->overview_page);
}

VimanaErrorBar *
vimana_details_window_get_error_bar (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), NULL);
    return self->error_bar;
}

/* Returns: whether the guest is gone and the window only shows what it was */
gboolean
vimana_details_window_is_inert (VimanaDetailsWindow *self)
{
    g_return_val_if_fail (VIMANA_IS_DETAILS_WINDOW (self), FALSE);
    return vimana_domain_get_removed (self->domain);
}

/**
 * vimana_details_window_start_and_attach:
 * @self: a #VimanaDetailsWindow
 *
 * Shows the Console page and runs its "Start and attach" (the list's context menu).
 */
void
vimana_details_window_start_and_attach (VimanaDetailsWindow *self)
{
    g_return_if_fail (VIMANA_IS_DETAILS_WINDOW (self));

    vimana_details_window_set_page (self, "console");
    vimana_console_page_start_and_attach (self->console_page);
}
