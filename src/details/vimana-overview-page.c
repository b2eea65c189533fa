/* vimana-overview-page.c: the details window's Overview page
 *
 * What the list shows comes from the VimanaDomain and follows its notifications; the rest
 * (OS type, architecture, hypervisor, description) is read from the domain XML on the
 * connection's worker when the page gets its guest and whenever the guest starts or stops,
 * since the live description differs from the inactive one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-overview-page"

#include "config.h"

#include "vimana-overview-page.h"
#include "vimana-format.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vimana-domain-addresses.h"

/* How often the page asks the host for the guest's addresses while it is on screen. */
#define VIMANA_OVERVIEW_ADDRESSES_SECONDS 30

struct _VimanaOverviewPage
{
    GtkBox parent_instance;

    /* template widgets */
    GtkImage     *state_image;
    GtkLabel     *heading_label;
    GtkLabel     *description_label;
    GtkLabel     *name_label;
    GtkLabel     *title_label;
    GtkLabel     *uuid_label;
    GtkLabel     *state_label;
    GtkLabel     *os_label;
    GtkLabel     *arch_label;
    GtkLabel     *hypervisor_label;
    GtkLabel     *vcpus_label;
    GtkLabel     *memory_label;
    GtkLabel     *persistent_label;
    GtkLabel     *addresses_label;
    GtkWidget    *copy_address_button;
    GtkWidget    *ask_agent_button;

    /* owned references */
    VimanaDomain *domain;
    GCancellable *cancellable;
    GCancellable *addresses_cancellable;
    char         *agent_addresses;    /* what the agent said, until the guest stops */
    char         *first_address;

    guint         addresses_source;
    gboolean      addresses_fetched;  /* the host has answered since the guest started */
};

G_DEFINE_FINAL_TYPE (VimanaOverviewPage, vimana_overview_page, GTK_TYPE_BOX)

static const char *
vimana_overview_page_or_dash (const char *text)
{
    return text != NULL && *text != '\0' ? text : "—";
}

static void
vimana_overview_page_update (VimanaOverviewPage *self)
{
    VimanaDomain *domain = self->domain;
    g_autofree char *memory = NULL;
    g_autofree char *max_memory = NULL;
    g_autofree char *memory_text = NULL;
    char vcpus[16];
    const char *title;

    if (domain == NULL)
        return;

    title = vimana_domain_get_title (domain);
    gtk_label_set_text (self->heading_label, title ? title : vimana_domain_get_name (domain));
    gtk_label_set_text (self->name_label, vimana_domain_get_name (domain));
    gtk_label_set_text (self->title_label, vimana_overview_page_or_dash (title));
    gtk_label_set_text (self->uuid_label, vimana_domain_get_uuid (domain));
    gtk_label_set_text (self->state_label, vimana_domain_get_state_label (domain));

    g_snprintf (vcpus, sizeof vcpus, "%u", vimana_domain_get_vcpus (domain));
    gtk_label_set_text (self->vcpus_label, vcpus);

    memory = vimana_format_bytes (vimana_domain_get_memory (domain) * 1024);
    max_memory = vimana_format_bytes (vimana_domain_get_max_memory (domain) * 1024);
    /* Translators: the memory a guest has now, then the most it may have. */
    memory_text = g_strdup_printf (_("%s (up to %s)"), memory, max_memory);
    gtk_label_set_text (self->memory_label, memory_text);

    gtk_label_set_text (self->persistent_label,
                        vimana_domain_get_persistent (domain)
                            ? _("Persistent: kept when it stops")
                            : _("Transient: gone when it stops"));
    gtk_image_set_from_icon_name (self->state_image,
                                  vimana_domain_get_active (domain) ? "computer-symbolic"
                                                                    : "computer-fail-symbolic",
                                  GTK_ICON_SIZE_DIALOG);
}

/* ---- IP addresses ---- */

static void
vimana_overview_page_update_addresses (VimanaOverviewPage *self)
{
    const char *host = vimana_domain_get_addresses (self->domain);
    gboolean active = vimana_domain_get_active (self->domain);
    const char *shown = self->agent_addresses ? self->agent_addresses : host;
    g_autofree char *text = NULL;

    if (!active) {
        text = g_strdup (_("None: the guest is not running"));
    } else if (self->agent_addresses != NULL) {
        /* Translators: a guest's IP addresses, then where they came from. */
        text = g_strdup_printf (_("%s (from the guest agent)"), self->agent_addresses);
    } else if (host != NULL) {
        text = g_strdup (host);
    } else if (self->addresses_fetched) {
        text = g_strdup (_("Not known to the host: the guest has no DHCP lease from a libvirt "
                           "network and is not in the host’s ARP table"));
    } else {
        text = g_strdup (_("Asking the host…"));
    }
    gtk_label_set_text (self->addresses_label, text);

    g_clear_pointer (&self->first_address, g_free);
    if (active && shown != NULL) {
        const char *comma = strchr (shown, ',');

        self->first_address = comma ? g_strndup (shown, comma - shown) : g_strdup (shown);
    }
    gtk_widget_set_sensitive (self->copy_address_button, self->first_address != NULL);
    gtk_widget_set_tooltip_text (self->copy_address_button,
                                 self->first_address != NULL
                                     ? _("Copy the first address")
                                     : _("There is no address to copy yet."));
    gtk_widget_set_sensitive (self->ask_agent_button, active);
}

static void
vimana_overview_page_addresses_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) addresses = NULL;
    VimanaOverviewPage *self;

    addresses = vimana_domain_fetch_addresses_finish (VIMANA_DOMAIN (object), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_OVERVIEW_PAGE (user_data);
    g_clear_object (&self->addresses_cancellable);
    self->addresses_fetched = TRUE;
    vimana_overview_page_update_addresses (self);
}

static void
vimana_overview_page_fetch_addresses (VimanaOverviewPage *self)
{
    if (self->domain == NULL || vimana_domain_get_removed (self->domain) ||
        !vimana_domain_get_active (self->domain) || self->addresses_cancellable != NULL)
        return;
    self->addresses_cancellable = g_cancellable_new ();
    vimana_domain_fetch_addresses_async (self->domain, FALSE, self->addresses_cancellable,
                                         vimana_overview_page_addresses_cb, self);
}

static gboolean
vimana_overview_page_addresses_tick_cb (gpointer user_data)
{
    vimana_overview_page_fetch_addresses (user_data);
    return G_SOURCE_CONTINUE;
}

static void
vimana_overview_page_agent_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) addresses = NULL;
    VimanaOverviewPage *self;

    addresses = vimana_domain_fetch_addresses_finish (VIMANA_DOMAIN (object), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_OVERVIEW_PAGE (user_data);
    g_clear_object (&self->addresses_cancellable);
    gtk_widget_set_sensitive (self->ask_agent_button, TRUE);
    if (addresses == NULL) {
        vimana_overview_page_update_addresses (self);
        /* The host's answer stays; the agent's failure is said after it. */
        {
            g_autofree char *text = g_strdup_printf (
                /* Translators: the addresses shown, then why the guest agent did not answer. */
                _("%s — %s"), gtk_label_get_text (self->addresses_label), error->message);
            gtk_label_set_text (self->addresses_label, text);
        }
        return;
    }
    g_free (self->agent_addresses);
    self->agent_addresses = vimana_domain_addresses_format (addresses);
    if (self->agent_addresses == NULL)
        self->agent_addresses = g_strdup (_("none"));
    vimana_overview_page_update_addresses (self);
}

static void
vimana_overview_page_ask_agent_cb (VimanaOverviewPage *self)
{
    if (self->domain == NULL || !vimana_domain_get_active (self->domain))
        return;
    if (self->addresses_cancellable != NULL)
        g_cancellable_cancel (self->addresses_cancellable);
    g_clear_object (&self->addresses_cancellable);
    self->addresses_cancellable = g_cancellable_new ();
    gtk_widget_set_sensitive (self->ask_agent_button, FALSE);
    gtk_label_set_text (self->addresses_label, _("Asking the guest agent…"));
    vimana_domain_fetch_addresses_async (self->domain, TRUE, self->addresses_cancellable,
                                         vimana_overview_page_agent_cb, self);
}

static void
vimana_overview_page_copy_address_cb (VimanaOverviewPage *self)
{
    if (self->first_address == NULL)
        return;
    gtk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self), GDK_SELECTION_CLIPBOARD),
                            self->first_address, -1);
}

static void
vimana_overview_page_map (GtkWidget *widget)
{
    VimanaOverviewPage *self = VIMANA_OVERVIEW_PAGE (widget);

    GTK_WIDGET_CLASS (vimana_overview_page_parent_class)->map (widget);
    vimana_overview_page_fetch_addresses (self);
    if (self->addresses_source == 0)
        self->addresses_source = g_timeout_add_seconds (VIMANA_OVERVIEW_ADDRESSES_SECONDS,
                                                        vimana_overview_page_addresses_tick_cb,
                                                        self);
}

static void
vimana_overview_page_unmap (GtkWidget *widget)
{
    VimanaOverviewPage *self = VIMANA_OVERVIEW_PAGE (widget);

    g_clear_handle_id (&self->addresses_source, g_source_remove);
    GTK_WIDGET_CLASS (vimana_overview_page_parent_class)->unmap (widget);
}

/* ---- the rest ---- */

static void
vimana_overview_page_details_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaDomainDetails) details = NULL;
    VimanaOverviewPage *self;

    details = vimana_domain_fetch_details_finish (VIMANA_DOMAIN (object), result, &error);
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_OVERVIEW_PAGE (user_data);
    g_clear_object (&self->cancellable);

    if (details == NULL) {
        gtk_label_set_text (self->os_label, error->message);
        return;
    }
    gtk_label_set_text (self->os_label, vimana_overview_page_or_dash (details->os_type));
    gtk_label_set_text (self->arch_label, vimana_overview_page_or_dash (details->arch));
    gtk_label_set_text (self->hypervisor_label,
                        vimana_overview_page_or_dash (details->domain_type));
    gtk_label_set_text (self->description_label, details->description ? details->description : "");
    gtk_widget_set_visible (GTK_WIDGET (self->description_label),
                            details->description != NULL && *details->description != '\0');
}

static void
vimana_overview_page_fetch (VimanaOverviewPage *self)
{
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->domain == NULL || vimana_domain_get_removed (self->domain))
        return;

    self->cancellable = g_cancellable_new ();
    vimana_domain_fetch_details_async (self->domain, self->cancellable,
                                       vimana_overview_page_details_cb, self);
}

static void
vimana_overview_page_domain_notify_cb (GObject    *domain,
                                       GParamSpec *pspec,
                                       gpointer    user_data)
{
    VimanaOverviewPage *self = user_data;

    vimana_overview_page_update (self);
    if (g_str_equal (pspec->name, "active")) {
        /* Started or stopped: what the agent said, and the host's answer, are old. */
        g_clear_pointer (&self->agent_addresses, g_free);
        self->addresses_fetched = FALSE;
        vimana_overview_page_fetch (self);
        if (gtk_widget_get_mapped (GTK_WIDGET (self)))
            vimana_overview_page_fetch_addresses (self);
    }
    if (g_str_equal (pspec->name, "active") || g_str_equal (pspec->name, "addresses"))
        vimana_overview_page_update_addresses (self);
}

static void
vimana_overview_page_dispose (GObject *object)
{
    VimanaOverviewPage *self = VIMANA_OVERVIEW_PAGE (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->addresses_cancellable != NULL)
        g_cancellable_cancel (self->addresses_cancellable);
    g_clear_object (&self->addresses_cancellable);
    g_clear_handle_id (&self->addresses_source, g_source_remove);
    g_clear_pointer (&self->agent_addresses, g_free);
    g_clear_pointer (&self->first_address, g_free);
    g_clear_object (&self->domain);

    G_OBJECT_CLASS (vimana_overview_page_parent_class)->dispose (object);
}

static void
vimana_overview_page_class_init (VimanaOverviewPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_overview_page_dispose;
    widget_class->map = vimana_overview_page_map;
    widget_class->unmap = vimana_overview_page_unmap;

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-overview-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, state_image);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, heading_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, description_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, name_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, title_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, uuid_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, state_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, os_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, arch_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, hypervisor_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, vcpus_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, memory_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, persistent_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, addresses_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, copy_address_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaOverviewPage, ask_agent_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_overview_page_copy_address_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_overview_page_ask_agent_cb);
}

static void
vimana_overview_page_init (VimanaOverviewPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
vimana_overview_page_new (void)
{
    return g_object_new (VIMANA_TYPE_OVERVIEW_PAGE, NULL);
}

void
vimana_overview_page_set_domain (VimanaOverviewPage *self,
                                 VimanaDomain       *domain)
{
    g_return_if_fail (VIMANA_IS_OVERVIEW_PAGE (self));
    g_return_if_fail (VIMANA_IS_DOMAIN (domain));
    g_return_if_fail (self->domain == NULL);

    self->domain = g_object_ref (domain);
    g_signal_connect_object (domain, "notify", G_CALLBACK (vimana_overview_page_domain_notify_cb),
                             self, 0);
    vimana_overview_page_update (self);
    vimana_overview_page_update_addresses (self);
    vimana_overview_page_fetch (self);
    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        vimana_overview_page_fetch_addresses (self);
}

/**
 * vimana_overview_page_get_value:
 * @self: a #VimanaOverviewPage
 * @key: "name", "title", "uuid", "state", "os", "arch", "hypervisor", "vcpus", "memory",
 *   "persistent" or "addresses"
 *
 * Returns: (nullable): the text the page shows for @key
 */
const char *
vimana_overview_page_get_value (VimanaOverviewPage *self,
                                const char         *key)
{
    struct { const char *key; GtkLabel *label; } labels[] = {
        { "name", self->name_label },
        { "title", self->title_label },
        { "uuid", self->uuid_label },
        { "state", self->state_label },
        { "os", self->os_label },
        { "arch", self->arch_label },
        { "hypervisor", self->hypervisor_label },
        { "vcpus", self->vcpus_label },
        { "memory", self->memory_label },
        { "persistent", self->persistent_label },
        { "addresses", self->addresses_label },
    };

    g_return_val_if_fail (VIMANA_IS_OVERVIEW_PAGE (self), NULL);

    for (guint i = 0; i < G_N_ELEMENTS (labels); i++) {
        if (g_str_equal (labels[i].key, key))
            return gtk_label_get_text (labels[i].label);
    }
    return NULL;
}

/* Returns: whether the details read from the domain XML are still on their way */
gboolean
vimana_overview_page_is_loading (VimanaOverviewPage *self)
{
    g_return_val_if_fail (VIMANA_IS_OVERVIEW_PAGE (self), FALSE);
    return self->cancellable != NULL;
}
