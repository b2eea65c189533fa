/* vimana-domain-actions.c: lifecycle actions on a set of guests, shared by every window
 *
 * The main window acts on the selected guests, a details window on its own guest; both get the
 * same GActions ("win.domain-run"…) from here, so the toolbar, the context menu, the keyboard
 * shortcuts and the details window behave alike. An action runs on every guest of the set that
 * can take it (bulk), each call on its connection's worker; failures gather in the window's
 * error bar with libvirt's message.
 *
 * Shut Down only asks the guest (ACPI); one that ignores it keeps running. A guest still
 * running VIMANA_SHUTDOWN_TIMEOUT_SECONDS after the request gets a warning in the window's bar
 * with a Force Off button (the environment variable VIMANA_SHUTDOWN_TIMEOUT, 1 to 3600
 * seconds, overrides the wait for tests).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-actions"

#include "config.h"

#include "vimana-domain-actions.h"

#include <glib/gi18n.h>

#include "vimana-bulk-snapshot-dialog.h"
#include "vimana-clone.h"
#include "vimana-delete-dialog.h"
#include "vimana-snapshot.h"

#define VIMANA_SHUTDOWN_TIMEOUT_SECONDS 60
#define VIMANA_SHUTDOWN_WATCH_KEY "vimana-shutdown-watch"

static const VimanaDomainActionInfo vimana_domain_actions[] = {
    { "domain-run", VIMANA_DOMAIN_ACTION_START, "<Primary>r" },
    { "domain-shutdown", VIMANA_DOMAIN_ACTION_SHUTDOWN, "<Primary>d" },
    { "domain-reboot", VIMANA_DOMAIN_ACTION_REBOOT, "<Primary><Shift>r" },
    { "domain-reset", VIMANA_DOMAIN_ACTION_RESET, NULL },
    { "domain-force-off", VIMANA_DOMAIN_ACTION_FORCE_OFF, "<Primary><Shift>d" },
    { "domain-pause", VIMANA_DOMAIN_ACTION_PAUSE, "<Primary>p" },
    { "domain-resume", VIMANA_DOMAIN_ACTION_RESUME, "<Primary><Shift>p" },
    { "domain-save", VIMANA_DOMAIN_ACTION_SAVE, "<Primary>s" },
    { "domain-restore", VIMANA_DOMAIN_ACTION_RESTORE, NULL },
    { "domain-delete", VIMANA_DOMAIN_ACTION_DELETE, "<Primary>Delete" },
};

/**
 * vimana_domain_actions_get_all:
 * @n_actions: (out): how many
 *
 * Returns: (transfer none) (array length=n_actions): the lifecycle actions but autostart
 */
const VimanaDomainActionInfo *
vimana_domain_actions_get_all (guint *n_actions)
{
    *n_actions = G_N_ELEMENTS (vimana_domain_actions);
    return vimana_domain_actions;
}

/**
 * vimana_domain_actions_can_run:
 * @domains: (element-type VimanaDomain): the guests
 * @action: the action
 * @why_not: (out) (optional) (transfer full): when none can take it, why, for a tooltip
 *
 * Returns: whether at least one of @domains can take @action
 */
gboolean
vimana_domain_actions_can_run (GPtrArray           *domains,
                               VimanaDomainAction   action,
                               char               **why_not)
{
    const char *reason = NULL;
    gboolean same_reason = TRUE;

    for (guint i = 0; i < domains->len; i++) {
        const char *this_reason = NULL;

        if (vimana_domain_can_run_action (g_ptr_array_index (domains, i), action, &this_reason)) {
            if (why_not != NULL)
                *why_not = NULL;
            return TRUE;
        }
        if (reason == NULL)
            reason = this_reason;
        else if (g_strcmp0 (reason, this_reason) != 0)
            same_reason = FALSE;
    }

    if (why_not != NULL) {
        if (domains->len == 0)
            *why_not = g_strdup (_("Select a guest first."));
        else if (same_reason)
            *why_not = g_strdup (reason);
        else
            /* Translators: %s is why the first of the selected guests cannot take it. */
            *why_not = g_strdup_printf (_("None of the selected guests can take this action. "
                                          "For the first one: %s"), reason);
    }
    return FALSE;
}

/* ---- running ---- */

typedef struct
{
    GWeakRef            error_bar;
    VimanaDomainAction  action;
} VimanaActionCall;

static VimanaActionCall *
vimana_action_call_new (VimanaErrorBar     *error_bar,
                        VimanaDomainAction  action)
{
    VimanaActionCall *call = g_new0 (VimanaActionCall, 1);

    g_weak_ref_init (&call->error_bar, error_bar);
    call->action = action;
    return call;
}

static void
vimana_action_call_free (VimanaActionCall *call)
{
    g_weak_ref_clear (&call->error_bar);
    g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaActionCall, vimana_action_call_free)

static char *
vimana_domain_actions_failure_title (VimanaDomainAction  action,
                                     const char         *name)
{
    switch (action) {
    case VIMANA_DOMAIN_ACTION_START:
        return g_strdup_printf (_("Could not run “%s”."), name);
    case VIMANA_DOMAIN_ACTION_SHUTDOWN:
        return g_strdup_printf (_("Could not shut down “%s”."), name);
    case VIMANA_DOMAIN_ACTION_REBOOT:
        return g_strdup_printf (_("Could not reboot “%s”."), name);
    case VIMANA_DOMAIN_ACTION_RESET:
        return g_strdup_printf (_("Could not reset “%s”."), name);
    case VIMANA_DOMAIN_ACTION_FORCE_OFF:
        return g_strdup_printf (_("Could not force off “%s”."), name);
    case VIMANA_DOMAIN_ACTION_PAUSE:
        return g_strdup_printf (_("Could not pause “%s”."), name);
    case VIMANA_DOMAIN_ACTION_RESUME:
        return g_strdup_printf (_("Could not resume “%s”."), name);
    case VIMANA_DOMAIN_ACTION_SAVE:
        return g_strdup_printf (_("Could not save “%s”."), name);
    case VIMANA_DOMAIN_ACTION_RESTORE:
        return g_strdup_printf (_("Could not restore “%s”."), name);
    case VIMANA_DOMAIN_ACTION_DELETE:
        return g_strdup_printf (_("Could not delete “%s”."), name);
    case VIMANA_DOMAIN_ACTION_AUTOSTART:
        return g_strdup_printf (_("Could not change whether “%s” starts with the host."), name);
    default:
        g_return_val_if_reached (NULL);
    }
}

static void
vimana_domain_actions_report (VimanaActionCall *call,
                              VimanaDomain     *domain,
                              const GError     *error)
{
    g_autoptr(VimanaErrorBar) error_bar = g_weak_ref_get (&call->error_bar);
    g_autofree char *title = vimana_domain_actions_failure_title (call->action,
                                                                  vimana_domain_get_name (domain));

    g_message ("%s %s", title, error->message);
    if (error_bar != NULL)
        vimana_error_bar_show_error (error_bar, title, error);
}

/* ---- a Shut Down that does not end ---- */

static void vimana_domain_actions_start (VimanaErrorBar     *error_bar,
                                         GPtrArray          *domains,
                                         VimanaDomainAction  action);

typedef struct
{
    VimanaDomain *domain;      /* owns the watch (object data) */
    GWeakRef      error_bar;
    guint         timeout_id;
    gulong        notify_id;
} VimanaShutdownWatch;

static void
vimana_shutdown_watch_free (gpointer data)
{
    VimanaShutdownWatch *watch = data;

    g_clear_handle_id (&watch->timeout_id, g_source_remove);
    g_clear_signal_handler (&watch->notify_id, watch->domain);
    g_weak_ref_clear (&watch->error_bar);
    g_free (watch);
}

/* Returns: how long a guest may take to shut down before the user is offered Force Off */
static guint
vimana_domain_actions_shutdown_timeout (void)
{
    const char *text = g_getenv ("VIMANA_SHUTDOWN_TIMEOUT");
    guint64 seconds;

    if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, 3600, &seconds, NULL))
        return (guint) seconds;
    return VIMANA_SHUTDOWN_TIMEOUT_SECONDS;
}

/* The bar's Force Off: every guest it named that still runs, without a second question (the
 * message said what Force Off does). */
static void
vimana_domain_actions_force_off_cb (VimanaErrorBar *error_bar,
                                    gpointer        user_data)
{
    vimana_domain_actions_start (error_bar, user_data, VIMANA_DOMAIN_ACTION_FORCE_OFF);
}

static void
vimana_domain_actions_report_not_shut_down (VimanaErrorBar *error_bar,
                                            VimanaDomain   *domain,
                                            guint           seconds)
{
    GPtrArray *pending = vimana_error_bar_get_action_data (error_bar,
                                                           vimana_domain_actions_force_off_cb);
    g_autofree char *title = g_strdup_printf (_("“%s” did not shut down."),
                                              vimana_domain_get_name (domain));
    g_autofree char *detail = g_strdup_printf (
        ngettext ("It still runs %u second after it was asked to: its operating system may "
                  "ignore shutdown requests (ACPI). Force Off stops it at once; anything it has "
                  "not saved is lost.",
                  "It still runs %u seconds after it was asked to: its operating system may "
                  "ignore shutdown requests (ACPI). Force Off stops it at once; anything it has "
                  "not saved is lost.", seconds), seconds);

    g_message ("%s %s", title, detail);
    vimana_error_bar_show (error_bar, GTK_MESSAGE_WARNING, title, detail);
    if (pending == NULL) {
        pending = g_ptr_array_new_with_free_func (g_object_unref);
        vimana_error_bar_set_action (error_bar, _("_Force Off"),
                                     vimana_domain_actions_force_off_cb, pending,
                                     (GDestroyNotify) g_ptr_array_unref);
    }
    if (!g_ptr_array_find (pending, domain, NULL))
        g_ptr_array_add (pending, g_object_ref (domain));
}

static gboolean
vimana_shutdown_watch_timeout_cb (gpointer user_data)
{
    VimanaShutdownWatch *watch = user_data;
    VimanaDomain *domain = watch->domain;
    g_autoptr(VimanaErrorBar) error_bar = g_weak_ref_get (&watch->error_bar);

    watch->timeout_id = 0;
    if (error_bar != NULL && vimana_domain_get_active (domain) &&
        !vimana_domain_get_removed (domain))
        vimana_domain_actions_report_not_shut_down (error_bar, domain,
                                                    vimana_domain_actions_shutdown_timeout ());
    g_object_set_data (G_OBJECT (domain), VIMANA_SHUTDOWN_WATCH_KEY, NULL);
    return G_SOURCE_REMOVE;
}

static void
vimana_shutdown_watch_active_cb (GObject    *object,
                                 GParamSpec *pspec,
                                 gpointer    user_data)
{
    /* It shut down: nothing to say (and a later Run must not be taken for a hang). */
    if (!vimana_domain_get_active (VIMANA_DOMAIN (object)))
        g_object_set_data (object, VIMANA_SHUTDOWN_WATCH_KEY, NULL);
}

/* Watches a guest that accepted Shut Down; a new request restarts its wait. */
static void
vimana_domain_actions_watch_shutdown (VimanaErrorBar *error_bar,
                                      VimanaDomain   *domain)
{
    VimanaShutdownWatch *watch = g_new0 (VimanaShutdownWatch, 1);

    watch->domain = domain;
    g_weak_ref_init (&watch->error_bar, error_bar);
    g_object_set_data_full (G_OBJECT (domain), VIMANA_SHUTDOWN_WATCH_KEY, watch,
                            vimana_shutdown_watch_free);
    if (!vimana_domain_get_active (domain)) {
        g_object_set_data (G_OBJECT (domain), VIMANA_SHUTDOWN_WATCH_KEY, NULL);
        return;
    }
    watch->notify_id = g_signal_connect (domain, "notify::active",
                                         G_CALLBACK (vimana_shutdown_watch_active_cb), NULL);
    watch->timeout_id = g_timeout_add_seconds (vimana_domain_actions_shutdown_timeout (),
                                               vimana_shutdown_watch_timeout_cb, watch);
}

static void
vimana_domain_actions_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
    g_autoptr(VimanaActionCall) call = user_data;
    VimanaDomain *domain = VIMANA_DOMAIN (object);
    g_autoptr(GError) error = NULL;
    gboolean ok;

    if (call->action == VIMANA_DOMAIN_ACTION_DELETE)
        ok = vimana_domain_delete_finish (domain, result, &error);
    else if (call->action == VIMANA_DOMAIN_ACTION_AUTOSTART)
        ok = vimana_domain_set_autostart_finish (domain, result, &error);
    else
        ok = vimana_domain_run_action_finish (domain, result, &error);

    if (!ok) {
        vimana_domain_actions_report (call, domain, error);
    } else if (call->action == VIMANA_DOMAIN_ACTION_SHUTDOWN) {
        g_autoptr(VimanaErrorBar) error_bar = g_weak_ref_get (&call->error_bar);

        if (error_bar != NULL)
            vimana_domain_actions_watch_shutdown (error_bar, domain);
    }
}

static void
vimana_domain_actions_start (VimanaErrorBar     *error_bar,
                             GPtrArray          *domains,
                             VimanaDomainAction  action)
{
    for (guint i = 0; i < domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (domains, i);

        if (!vimana_domain_can_run_action (domain, action, NULL))
            continue;
        vimana_domain_run_action_async (domain, action, NULL, vimana_domain_actions_done_cb,
                                        vimana_action_call_new (error_bar, action));
    }
}

static void
vimana_domain_actions_delete (VimanaErrorBar     *error_bar,
                              VimanaDeleteDialog *dialog,
                              GPtrArray          *domains)
{
    for (guint i = 0; i < domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (domains, i);
        g_auto(GStrv) keys = NULL;
        g_auto(GStrv) files = NULL;
        gboolean snapshot_metadata = TRUE;

        /* Without the dialog: its defaults, but no file beyond the guest itself. */
        if (dialog != NULL) {
            keys = vimana_delete_dialog_get_volume_keys (dialog, domain);
            files = vimana_delete_dialog_get_snapshot_files (dialog, domain);
            snapshot_metadata = vimana_delete_dialog_get_snapshot_metadata (dialog, domain);
        }
        vimana_domain_delete_full_async (domain, (const char * const *) keys, snapshot_metadata,
                                         (const char * const *) files, NULL,
                                         vimana_domain_actions_done_cb,
                                         vimana_action_call_new (error_bar,
                                                                 VIMANA_DOMAIN_ACTION_DELETE));
    }
}

/* ---- confirmation ---- */

typedef struct
{
    GWeakRef            error_bar;
    GPtrArray          *domains;
    VimanaDomainAction  action;
} VimanaConfirmation;

static void
vimana_confirmation_free (gpointer data)
{
    VimanaConfirmation *confirmation = data;

    g_weak_ref_clear (&confirmation->error_bar);
    g_ptr_array_unref (confirmation->domains);
    g_free (confirmation);
}

static void
vimana_confirmation_closure_notify (gpointer  data,
                                    GClosure *closure)
{
    vimana_confirmation_free (data);
}

static void
vimana_domain_actions_confirmed_cb (GtkDialog *dialog,
                                    int        response,
                                    gpointer   user_data)
{
    VimanaConfirmation *confirmation = user_data;
    g_autoptr(VimanaErrorBar) error_bar = g_weak_ref_get (&confirmation->error_bar);

    if (response == GTK_RESPONSE_ACCEPT) {
        if (confirmation->action == VIMANA_DOMAIN_ACTION_DELETE)
            vimana_domain_actions_delete (error_bar, VIMANA_DELETE_DIALOG (dialog),
                                          confirmation->domains);
        else
            vimana_domain_actions_start (error_bar, confirmation->domains, confirmation->action);
    }
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static GtkWidget *
vimana_domain_actions_question (GtkWindow          *parent,
                                GPtrArray          *domains,
                                VimanaDomainAction  action)
{
    VimanaDomain *first = g_ptr_array_index (domains, 0);
    g_autofree char *title = NULL;
    const char *detail, *button;
    GtkWidget *dialog;
    GtkWidget *accept;

    if (action == VIMANA_DOMAIN_ACTION_FORCE_OFF) {
        title = domains->len == 1
                    ? g_strdup_printf (_("Force off “%s”?"), vimana_domain_get_name (first))
                    : g_strdup_printf (ngettext ("Force off %u guest?", "Force off %u guests?",
                                                 domains->len), domains->len);
        detail = _("The guest stops at once, as if its power cable were pulled. "
                   "Anything it has not saved is lost.");
        button = _("_Force Off");
    } else {
        title = domains->len == 1
                    ? g_strdup_printf (_("Pause “%s”?"), vimana_domain_get_name (first))
                    : g_strdup_printf (ngettext ("Pause %u guest?", "Pause %u guests?",
                                                 domains->len), domains->len);
        detail = _("A paused guest keeps its memory but does not run until it is resumed.");
        button = _("_Pause");
    }

    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", title);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    accept = gtk_dialog_add_button (GTK_DIALOG (dialog), button, GTK_RESPONSE_ACCEPT);
    if (action == VIMANA_DOMAIN_ACTION_FORCE_OFF)
        gtk_style_context_add_class (gtk_widget_get_style_context (accept), "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    return dialog;
}

static gboolean
vimana_domain_actions_wants_confirmation (GSettings          *settings,
                                          VimanaDomainAction  action)
{
    switch (action) {
    case VIMANA_DOMAIN_ACTION_FORCE_OFF:
        return settings == NULL || g_settings_get_boolean (settings, "confirm-force-off");
    case VIMANA_DOMAIN_ACTION_PAUSE:
        return settings != NULL && g_settings_get_boolean (settings, "confirm-pause");
    case VIMANA_DOMAIN_ACTION_DELETE:
        return settings == NULL || g_settings_get_boolean (settings, "confirm-delete");
    default:
        return FALSE;
    }
}

/* ---- the base of linked clones ---- */

typedef struct
{
    GWeakRef      parent;
    GWeakRef      error_bar;
    VimanaDomain *domain;
} VimanaBaseCheck;

static void
vimana_base_check_free (VimanaBaseCheck *check)
{
    g_weak_ref_clear (&check->parent);
    g_weak_ref_clear (&check->error_bar);
    g_object_unref (check->domain);
    g_free (check);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaBaseCheck, vimana_base_check_free)

/* A base runs only after a warning: its linked clones read the images it would write to. */
static void
vimana_domain_actions_base_checked_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(VimanaBaseCheck) check = user_data;
    g_autoptr(VimanaErrorBar) error_bar = g_weak_ref_get (&check->error_bar);
    g_autoptr(GtkWindow) parent = g_weak_ref_get (&check->parent);
    g_autoptr(GPtrArray) domains = g_ptr_array_new_with_free_func (g_object_unref);
    g_autofree char *names = NULL;
    VimanaConfirmation *confirmation;
    GtkWidget *dialog, *accept;
    /* Could not be read: libvirt will say why the start fails, if it does. */
    g_auto(GStrv) clones = vimana_domain_read_linked_clones_finish (VIMANA_DOMAIN (object), result,
                                                                    NULL);

    g_ptr_array_add (domains, g_object_ref (check->domain));
    if (clones == NULL) {
        vimana_domain_actions_start (error_bar, domains, VIMANA_DOMAIN_ACTION_START);
        return;
    }
    names = g_strjoinv (", ", clones);
    dialog = gtk_message_dialog_new (parent, GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                     _("Run “%s”, the base of linked clones?"),
                                     vimana_domain_get_name (check->domain));
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              /* Translators: %s is a list of guests' names. */
                                              ngettext ("%s reads its disk from this guest’s "
                                                        "images. Running this guest writes to "
                                                        "them and breaks that clone.",
                                                        "%s read their disks from this guest’s "
                                                        "images. Running this guest writes to "
                                                        "them and breaks those clones.",
                                                        g_strv_length (clones)),
                                              names);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    accept = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Run Anyway"), GTK_RESPONSE_ACCEPT);
    gtk_style_context_add_class (gtk_widget_get_style_context (accept), "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);

    confirmation = g_new0 (VimanaConfirmation, 1);
    g_weak_ref_init (&confirmation->error_bar, error_bar);
    confirmation->domains = g_steal_pointer (&domains);
    confirmation->action = VIMANA_DOMAIN_ACTION_START;
    g_signal_connect_data (dialog, "response", G_CALLBACK (vimana_domain_actions_confirmed_cb),
                           confirmation, vimana_confirmation_closure_notify, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_domain_actions_start_checked (GtkWindow      *parent,
                                     VimanaErrorBar *error_bar,
                                     GPtrArray      *domains)
{
    for (guint i = 0; i < domains->len; i++) {
        VimanaBaseCheck *check = g_new0 (VimanaBaseCheck, 1);

        g_weak_ref_init (&check->parent, parent);
        g_weak_ref_init (&check->error_bar, error_bar);
        check->domain = g_object_ref (g_ptr_array_index (domains, i));
        vimana_domain_read_linked_clones_async (check->domain, NULL,
                                                vimana_domain_actions_base_checked_cb, check);
    }
}

/* Asks before @action on @domains: the delete dialog, or a question. */
static void
vimana_domain_actions_confirm (GtkWindow          *parent,
                               VimanaErrorBar     *error_bar,
                               GPtrArray          *domains,
                               VimanaDomainAction  action)
{
    VimanaConfirmation *confirmation;
    GtkWidget *dialog;

    if (action == VIMANA_DOMAIN_ACTION_DELETE)
        dialog = vimana_delete_dialog_new (parent, domains);
    else
        dialog = vimana_domain_actions_question (parent, domains, action);

    confirmation = g_new0 (VimanaConfirmation, 1);
    g_weak_ref_init (&confirmation->error_bar, error_bar);
    confirmation->domains = g_ptr_array_ref (domains);
    confirmation->action = action;
    g_signal_connect_data (dialog, "response", G_CALLBACK (vimana_domain_actions_confirmed_cb),
                           confirmation, vimana_confirmation_closure_notify, 0);
    gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- deleting without the confirmation ---- */

/* The guests whose snapshots are being counted, before a delete the settings do not confirm. */
typedef struct
{
    GWeakRef   parent;
    GWeakRef   error_bar;
    GPtrArray *domains;
    guint      pending;
    gboolean   files_at_stake;
} VimanaDeleteCheck;

static void
vimana_domain_actions_leftovers_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
    VimanaDeleteCheck *check = user_data;
    g_autoptr(VimanaSnapshotLeftovers) leftovers =
        vimana_domain_list_snapshot_leftovers_finish (VIMANA_DOMAIN (object), result, NULL);
    g_autoptr(VimanaErrorBar) error_bar = NULL;
    g_autoptr(GtkWindow) parent = NULL;

    /* Not listed: the dialog says so for that guest, and the user decides there. */
    if (leftovers == NULL || leftovers->n_snapshots > 0 || leftovers->files->len > 0)
        check->files_at_stake = TRUE;
    if (--check->pending > 0)
        return;

    error_bar = g_weak_ref_get (&check->error_bar);
    parent = g_weak_ref_get (&check->parent);
    if (check->files_at_stake)
        vimana_domain_actions_confirm (parent, error_bar, check->domains,
                                       VIMANA_DOMAIN_ACTION_DELETE);
    else
        vimana_domain_actions_delete (error_bar, NULL, check->domains);
    g_weak_ref_clear (&check->parent);
    g_weak_ref_clear (&check->error_bar);
    g_ptr_array_unref (check->domains);
    g_free (check);
}

/* Deleting without the confirmation the settings turned off, unless a guest has snapshots:
 * their metadata and the files they made are at stake, so the Delete dialog shows what goes. */
static void
vimana_domain_actions_delete_checked (GtkWindow      *parent,
                                      VimanaErrorBar *error_bar,
                                      GPtrArray      *domains)
{
    VimanaDeleteCheck *check = g_new0 (VimanaDeleteCheck, 1);

    g_weak_ref_init (&check->parent, parent);
    g_weak_ref_init (&check->error_bar, error_bar);
    check->domains = g_ptr_array_ref (domains);
    check->pending = domains->len;
    for (guint i = 0; i < domains->len; i++)
        vimana_domain_list_snapshot_leftovers_async (g_ptr_array_index (domains, i), NULL,
                                                     vimana_domain_actions_leftovers_cb, check);
}

/**
 * vimana_domain_actions_run:
 * @parent: the window the action came from
 * @error_bar: where failures are shown
 * @settings: (nullable): the application's settings (for the confirmations)
 * @domains: (element-type VimanaDomain): the guests to act on
 * @action: the action
 *
 * Asks for confirmation where the settings say so, then runs @action on every guest of
 * @domains that can take it.
 */
void
vimana_domain_actions_run (GtkWindow          *parent,
                           VimanaErrorBar     *error_bar,
                           GSettings          *settings,
                           GPtrArray          *domains,
                           VimanaDomainAction  action)
{
    g_autoptr(GPtrArray) targets = g_ptr_array_new_with_free_func (g_object_unref);

    g_return_if_fail (domains != NULL);
    g_return_if_fail (action != VIMANA_DOMAIN_ACTION_AUTOSTART);

    for (guint i = 0; i < domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (domains, i);

        if (vimana_domain_can_run_action (domain, action, NULL))
            g_ptr_array_add (targets, g_object_ref (domain));
    }
    if (targets->len == 0)
        return;

    if (action == VIMANA_DOMAIN_ACTION_START) {
        vimana_domain_actions_start_checked (parent, error_bar, targets);
        return;
    }
    if (!vimana_domain_actions_wants_confirmation (settings, action)) {
        if (action == VIMANA_DOMAIN_ACTION_DELETE)
            vimana_domain_actions_delete_checked (parent, error_bar, targets);
        else
            vimana_domain_actions_start (error_bar, targets, action);
        return;
    }
    vimana_domain_actions_confirm (parent, error_bar, targets, action);
}

/**
 * vimana_domain_actions_set_autostart:
 * @parent: the window the action came from
 * @error_bar: where failures are shown
 * @domains: (element-type VimanaDomain): the guests
 * @autostart: whether they start with the host
 */
void
vimana_domain_actions_set_autostart (GtkWindow      *parent,
                                     VimanaErrorBar *error_bar,
                                     GPtrArray      *domains,
                                     gboolean        autostart)
{
    for (guint i = 0; i < domains->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (domains, i);

        if (!vimana_domain_can_run_action (domain, VIMANA_DOMAIN_ACTION_AUTOSTART, NULL) ||
            vimana_domain_get_autostart (domain) == autostart)
            continue;
        vimana_domain_set_autostart_async (domain, autostart, NULL, vimana_domain_actions_done_cb,
                                           vimana_action_call_new (error_bar,
                                                                   VIMANA_DOMAIN_ACTION_AUTOSTART));
    }
}

/* ---- the GActions ---- */

typedef struct
{
    const VimanaDomainActionsTarget *target;
    gpointer                         owner;
} VimanaActionsBinding;

#define VIMANA_ACTIONS_BINDING_KEY "vimana-domain-actions-binding"

static void
vimana_domain_actions_activate_cb (GSimpleAction *simple,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
    const VimanaDomainActionInfo *info = user_data;
    VimanaActionsBinding *binding = g_object_get_data (G_OBJECT (simple),
                                                       VIMANA_ACTIONS_BINDING_KEY);
    g_autoptr(GPtrArray) domains = binding->target->get_domains (binding->owner);

    vimana_domain_actions_run (GTK_WINDOW (binding->owner),
                               binding->target->get_error_bar (binding->owner),
                               binding->target->get_settings (binding->owner), domains,
                               info->action);
}

/* "domain-snapshot": one snapshot of each guest, through the bulk dialog. */
static void
vimana_domain_actions_snapshot_cb (GSimpleAction *simple,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
    VimanaActionsBinding *binding = g_object_get_data (G_OBJECT (simple),
                                                       VIMANA_ACTIONS_BINDING_KEY);
    g_autoptr(GPtrArray) domains = binding->target->get_domains (binding->owner);
    GtkWidget *dialog;

    if (domains->len == 0)
        return;
    dialog = vimana_bulk_snapshot_dialog_new (GTK_WINDOW (binding->owner), domains);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_domain_actions_autostart_cb (GSimpleAction *simple,
                                    GVariant      *value,
                                    gpointer       user_data)
{
    VimanaActionsBinding *binding = g_object_get_data (G_OBJECT (simple),
                                                       VIMANA_ACTIONS_BINDING_KEY);
    g_autoptr(GPtrArray) domains = binding->target->get_domains (binding->owner);

    g_simple_action_set_state (simple, value);
    vimana_domain_actions_set_autostart (GTK_WINDOW (binding->owner),
                                         binding->target->get_error_bar (binding->owner),
                                         domains, g_variant_get_boolean (value));
}

static void
vimana_domain_actions_bind (GSimpleAction                   *simple,
                            const VimanaDomainActionsTarget *target,
                            gpointer                         owner)
{
    VimanaActionsBinding *binding = g_new0 (VimanaActionsBinding, 1);

    binding->target = target;
    binding->owner = owner;
    g_object_set_data_full (G_OBJECT (simple), VIMANA_ACTIONS_BINDING_KEY, binding, g_free);
}

/**
 * vimana_domain_actions_add_to_map:
 * @map: a window's action map
 * @target: how the window gives its guests, error bar and settings
 * @owner: the window, passed to @target's functions
 *
 * Adds "domain-run", "domain-pause"…, "domain-snapshot" and the stateful "domain-autostart" to
 * @map. Call
 * vimana_domain_actions_update() whenever the set of guests or their state changes.
 */
void
vimana_domain_actions_add_to_map (GActionMap                      *map,
                                  const VimanaDomainActionsTarget *target,
                                  gpointer                         owner)
{
    g_autoptr(GSimpleAction) autostart = NULL;
    g_autoptr(GSimpleAction) snapshot = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (vimana_domain_actions); i++) {
        g_autoptr(GSimpleAction) simple = g_simple_action_new (vimana_domain_actions[i].name, NULL);

        vimana_domain_actions_bind (simple, target, owner);
        g_signal_connect (simple, "activate", G_CALLBACK (vimana_domain_actions_activate_cb),
                          (gpointer) &vimana_domain_actions[i]);
        g_simple_action_set_enabled (simple, FALSE);
        g_action_map_add_action (map, G_ACTION (simple));
    }

    autostart = g_simple_action_new_stateful ("domain-autostart", NULL,
                                              g_variant_new_boolean (FALSE));
    vimana_domain_actions_bind (autostart, target, owner);
    g_signal_connect (autostart, "change-state", G_CALLBACK (vimana_domain_actions_autostart_cb),
                      NULL);
    g_simple_action_set_enabled (autostart, FALSE);
    g_action_map_add_action (map, G_ACTION (autostart));

    snapshot = g_simple_action_new ("domain-snapshot", NULL);
    vimana_domain_actions_bind (snapshot, target, owner);
    g_signal_connect (snapshot, "activate", G_CALLBACK (vimana_domain_actions_snapshot_cb), NULL);
    g_simple_action_set_enabled (snapshot, FALSE);
    g_action_map_add_action (map, G_ACTION (snapshot));
}

/**
 * vimana_domain_actions_update:
 * @map: an action map set up by vimana_domain_actions_add_to_map()
 * @domains: (element-type VimanaDomain): the guests the actions now act on
 *
 * Enables the actions at least one guest can take; "domain-autostart" is on when every guest
 * starts with the host.
 */
void
vimana_domain_actions_update (GActionMap *map,
                              GPtrArray  *domains)
{
    GAction *autostart;
    gboolean all_autostart = domains->len > 0;

    for (guint i = 0; i < G_N_ELEMENTS (vimana_domain_actions); i++) {
        GAction *action = g_action_map_lookup_action (map, vimana_domain_actions[i].name);

        g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                     vimana_domain_actions_can_run (
                                         domains, vimana_domain_actions[i].action, NULL));
    }

    for (guint i = 0; i < domains->len; i++)
        all_autostart &= vimana_domain_get_autostart (g_ptr_array_index (domains, i));
    autostart = g_action_map_lookup_action (map, "domain-autostart");
    g_simple_action_set_enabled (G_SIMPLE_ACTION (autostart),
                                 vimana_domain_actions_can_run (
                                     domains, VIMANA_DOMAIN_ACTION_AUTOSTART, NULL));
    g_simple_action_set_state (G_SIMPLE_ACTION (autostart), g_variant_new_boolean (all_autostart));

    /* Any guest that still exists can be snapshotted; libvirt says per guest what it refuses. */
    {
        gboolean any = FALSE;

        for (guint i = 0; i < domains->len && !any; i++)
            any = !vimana_domain_get_removed (g_ptr_array_index (domains, i));
        g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                                  "domain-snapshot")),
                                     any);
    }
}

/**
 * vimana_domain_actions_set_tooltip:
 * @button: a toolbar button of a guest action
 * @domains: (element-type VimanaDomain): the guests the action acts on
 * @action: the action
 * @what: what the button does, for when it can act
 *
 * Gives the button its tooltip: what it does, or why it cannot act on @domains now.
 */
void
vimana_domain_actions_set_tooltip (GtkWidget          *button,
                                   GPtrArray          *domains,
                                   VimanaDomainAction  action,
                                   const char         *what)
{
    g_autofree char *why_not = NULL;

    if (vimana_domain_actions_can_run (domains, action, &why_not))
        gtk_widget_set_tooltip_text (button, what);
    else
        gtk_widget_set_tooltip_text (button, why_not);
}
