/* vimana-auth-dialog.c: the dialog that asks for the credentials libvirt wants
 *
 * The connection's worker blocks until its request is answered, so the dialog answers it
 * exactly once whatever happens to it: Log In responds, anything else cancels, and being
 * destroyed unanswered (parent closed, application quitting) cancels too. The dialog destroys
 * itself once it has answered. Answers are never logged; the entries are emptied once sent
 * (GtkEntryBuffer wipes the text it frees).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-auth-dialog"

#include "config.h"

#include "vimana-auth-dialog.h"

#include <glib/gi18n.h>

struct _VimanaAuthDialog
{
    GtkDialog parent_instance;

    /* template widgets */
    GtkLabel          *message_label;
    GtkGrid           *prompt_grid;

    /* borrowed references: children of prompt_grid, one per prompt */
    GPtrArray         *entries;

    /* owned references */
    VimanaAuthRequest *request;
    gboolean           answered;
};

G_DEFINE_FINAL_TYPE (VimanaAuthDialog, vimana_auth_dialog, GTK_TYPE_DIALOG)

enum {
    PROP_0,
    PROP_REQUEST,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
vimana_auth_dialog_is_secret (VimanaAuthPromptKind kind)
{
    return kind == VIMANA_AUTH_PROMPT_PASSWORD || kind == VIMANA_AUTH_PROMPT_PASSPHRASE ||
           kind == VIMANA_AUTH_PROMPT_SECRET;
}

static void
vimana_auth_dialog_clear_entries (VimanaAuthDialog *self)
{
    for (guint i = 0; i < self->entries->len; i++)
        gtk_entry_set_text (g_ptr_array_index (self->entries, i), "");
}

static void
vimana_auth_dialog_answer (VimanaAuthDialog *self,
                           gboolean          log_in)
{
    g_autofree const char **answers = NULL;

    if (self->answered || self->request == NULL)
        return;
    self->answered = TRUE;

    if (!log_in) {
        vimana_auth_request_cancel (self->request);
        vimana_auth_dialog_clear_entries (self);
        return;
    }

    /* The texts are borrowed from the entries; the request copies them. */
    answers = g_new0 (const char *, self->entries->len + 1);
    for (guint i = 0; i < self->entries->len; i++)
        answers[i] = gtk_entry_get_text (g_ptr_array_index (self->entries, i));
    vimana_auth_request_respond (self->request, answers);
    vimana_auth_dialog_clear_entries (self);
}

/* Connected first, so the request is answered before a caller's handler may destroy us. */
static void
vimana_auth_dialog_response_cb (GtkDialog *dialog,
                                int        response,
                                gpointer   user_data)
{
    vimana_auth_dialog_answer (VIMANA_AUTH_DIALOG (dialog), response == GTK_RESPONSE_ACCEPT);
}

/* The class handler runs last: nobody else needs the dialog once it has answered. */
static void
vimana_auth_dialog_response (GtkDialog *dialog,
                             int        response)
{
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_auth_dialog_add_prompt (VimanaAuthDialog *self,
                               guint             index)
{
    VimanaAuthPromptKind kind = vimana_auth_request_get_kind (self->request, index);
    const char *prompt = vimana_auth_request_get_prompt (self->request, index);
    const char *default_answer = vimana_auth_request_get_default (self->request, index);
    GtkWidget *label;
    GtkWidget *entry;

    if (prompt == NULL || prompt[0] == '\0')
        prompt = vimana_auth_dialog_is_secret (kind) ? _("Password") : _("User name");

    label = gtk_label_new (prompt);
    gtk_label_set_xalign (GTK_LABEL (label), 1.0);
    gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
    gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
    gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");

    entry = gtk_entry_new ();
    gtk_widget_set_hexpand (entry, TRUE);
    gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
    gtk_entry_set_width_chars (GTK_ENTRY (entry), 24);
    if (vimana_auth_dialog_is_secret (kind)) {
        gtk_entry_set_visibility (GTK_ENTRY (entry), FALSE);
        gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_PASSWORD);
    } else if (kind == VIMANA_AUTH_PROMPT_USER_NAME) {
        gtk_entry_set_input_hints (GTK_ENTRY (entry), GTK_INPUT_HINT_NO_SPELLCHECK);
    }
    if (default_answer != NULL)
        gtk_entry_set_text (GTK_ENTRY (entry), default_answer);
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
    atk_object_set_name (gtk_widget_get_accessible (entry), prompt);

    /* The grid lists the child attached last first, so a search by name meets the entry
     * before its label, which carries the same text. */
    gtk_grid_attach (self->prompt_grid, label, 0, index, 1, 1);
    gtk_grid_attach (self->prompt_grid, entry, 1, index, 1, 1);
    gtk_widget_show (label);
    gtk_widget_show (entry);
    g_ptr_array_add (self->entries, entry);
}

static void
vimana_auth_dialog_constructed (GObject *object)
{
    VimanaAuthDialog *self = VIMANA_AUTH_DIALOG (object);
    g_autofree char *escaped = NULL;
    g_autofree char *markup = NULL;
    const char *uri;
    guint n_prompts;

    G_OBJECT_CLASS (vimana_auth_dialog_parent_class)->constructed (object);

    g_return_if_fail (self->request != NULL);

    uri = vimana_auth_request_get_uri (self->request);
    escaped = g_markup_printf_escaped ("<b>%s</b>", uri != NULL ? uri : "");
    markup = g_strdup_printf (_("Vimana needs credentials to connect to %s."), escaped);
    gtk_label_set_markup (self->message_label, markup);

    n_prompts = vimana_auth_request_get_n_prompts (self->request);
    for (guint i = 0; i < n_prompts; i++)
        vimana_auth_dialog_add_prompt (self, i);

    /* Focus the first entry that still needs an answer. */
    for (guint i = 0; i < self->entries->len; i++) {
        GtkEntry *entry = g_ptr_array_index (self->entries, i);

        if (gtk_entry_get_text_length (entry) == 0 || i + 1 == self->entries->len) {
            gtk_widget_grab_focus (GTK_WIDGET (entry));
            break;
        }
    }
}

static void
vimana_auth_dialog_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
    VimanaAuthDialog *self = VIMANA_AUTH_DIALOG (object);

    switch (prop_id) {
    case PROP_REQUEST:
        g_set_object (&self->request, g_value_get_object (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_auth_dialog_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VimanaAuthDialog *self = VIMANA_AUTH_DIALOG (object);

    switch (prop_id) {
    case PROP_REQUEST:
        g_value_set_object (value, self->request);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_auth_dialog_dispose (GObject *object)
{
    VimanaAuthDialog *self = VIMANA_AUTH_DIALOG (object);

    /* Destroyed unanswered: the worker must not wait for ever. */
    vimana_auth_dialog_answer (self, FALSE);
    g_clear_object (&self->request);

    G_OBJECT_CLASS (vimana_auth_dialog_parent_class)->dispose (object);
}

static void
vimana_auth_dialog_finalize (GObject *object)
{
    VimanaAuthDialog *self = VIMANA_AUTH_DIALOG (object);

    g_ptr_array_unref (self->entries);

    G_OBJECT_CLASS (vimana_auth_dialog_parent_class)->finalize (object);
}

static void
vimana_auth_dialog_class_init (VimanaAuthDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkDialogClass *dialog_class = GTK_DIALOG_CLASS (klass);

    object_class->constructed = vimana_auth_dialog_constructed;
    object_class->set_property = vimana_auth_dialog_set_property;
    object_class->get_property = vimana_auth_dialog_get_property;
    object_class->dispose = vimana_auth_dialog_dispose;
    object_class->finalize = vimana_auth_dialog_finalize;
    dialog_class->response = vimana_auth_dialog_response;

    properties[PROP_REQUEST] =
        g_param_spec_object ("request", NULL, NULL, VIMANA_TYPE_AUTH_REQUEST,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    gtk_widget_class_set_template_from_resource (widget_class,
                                                 "/io/github/vimana/Vimana/ui/vimana-auth-dialog.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaAuthDialog, message_label);
    gtk_widget_class_bind_template_child (widget_class, VimanaAuthDialog, prompt_grid);
}

static void
vimana_auth_dialog_init (VimanaAuthDialog *self)
{
    self->entries = g_ptr_array_new ();

    gtk_widget_init_template (GTK_WIDGET (self));

    g_signal_connect (self, "response", G_CALLBACK (vimana_auth_dialog_response_cb), NULL);
}

/**
 * vimana_auth_dialog_new:
 * @parent: (nullable): the window the dialog is modal to
 * @request: the request to answer
 *
 * The dialog answers @request exactly once, then destroys itself.
 *
 * Returns: (transfer none): a new dialog
 */
GtkWidget *
vimana_auth_dialog_new (GtkWindow         *parent,
                        VimanaAuthRequest *request)
{
    g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
    g_return_val_if_fail (VIMANA_IS_AUTH_REQUEST (request), NULL);

    return g_object_new (VIMANA_TYPE_AUTH_DIALOG,
                         "use-header-bar", 1,
                         "transient-for", parent,
                         "request", request,
                         NULL);
}

/* Returns: (transfer none) (nullable): the request, until the dialog is destroyed */
VimanaAuthRequest *
vimana_auth_dialog_get_request (VimanaAuthDialog *self)
{
    g_return_val_if_fail (VIMANA_IS_AUTH_DIALOG (self), NULL);

    return self->request;
}
