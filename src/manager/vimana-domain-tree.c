/* vimana-domain-tree.c: the guests of every connection as a sortable, filterable tree model
 *
 * A GtkTreeStore holds one row per connection with its guests as children, in the order of
 * the connection's list; a GtkTreeModelFilter (search) and a GtkTreeModelSort (columns) sit on
 * top. The rows hold the objects themselves and the view reads them in cell data functions, so
 * a changed guest costs one row-changed, emitted once per main-loop turn however many of its
 * properties changed. The tree follows the lists' items-changed signals row by row, except for
 * a batch of VIMANA_DOMAIN_TREE_BULK_ROWS rows or more (a connection's first listing, its
 * guests going when it closes): then the filter and the sort are dropped, the store is filled
 * with nothing listening, and new ones are made over it ("model-replacing", then notify::model),
 * because each row inserted under a filter and a sort costs a walk of its siblings in both
 * (offsets renumbered, the row looked up by offset): n rows one by one cost n².
 *
 * While a guest migrates, the destination defines it too (paused, the same UUID): the filter
 * hides that incoming copy, so that the guest is one row, its source's, whose state says
 * "Migrating A → B" (vimana_migration_find_running() / _find_incoming()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-tree"

#include "config.h"

#include "vimana-domain-tree.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vimana-address-watch.h"
#include "vimana-domain-stats.h"
#include "vimana-migration.h"

typedef struct
{
    VimanaDomainTree   *tree;
    VimanaConnection   *connection;   /* owned */
    VimanaAddressWatch *watch;        /* owned, while the addresses are shown */
    GtkTreeIter         iter;
} VimanaTreeConnection;

struct _VimanaDomainTree
{
    GObject parent_instance;

    /* owned references */
    GListModel         *connections;
    GtkTreeStore       *store;
    GtkTreeModel       *filter;
    GtkTreeModel       *sort;
    GPtrArray          *tree_connections;  /* VimanaTreeConnection, in the list's order */
    GHashTable         *domain_iters;      /* VimanaDomain → GtkTreeIter in store */
    GHashTable         *dirty;             /* GObject set: rows to report changed */
    char               *filter_text;       /* casefolded, NULL when empty */
    GPtrArray          *moving;            /* VimanaDomain: the sources of the migrations */

    guint               flush_source;
    guint               bulk_depth;        /* > 0 while a batch fills the store unobserved */
    int                 sort_column;       /* kept across a batch */
    GtkSortType         sort_order;
    gboolean            disposing;
    gboolean            watch_addresses;
};

G_DEFINE_FINAL_TYPE (VimanaDomainTree, vimana_domain_tree, G_TYPE_OBJECT)

/* A batch of this many rows or more is applied with the filter and sort models dropped. */
#define VIMANA_DOMAIN_TREE_BULK_ROWS 256

enum {
    PROP_0,
    PROP_MODEL,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_STATS_TICK,
    SIGNAL_MODEL_REPLACING,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vimana_domain_tree_begin_bulk (VimanaDomainTree *self);
static void vimana_domain_tree_end_bulk   (VimanaDomainTree *self);

static void
vimana_domain_tree_sampler_tick_cb (VimanaStatsSampler *sampler,
                                    gpointer            user_data)
{
    g_signal_emit (VIMANA_DOMAIN_TREE (user_data), signals[SIGNAL_STATS_TICK], 0);
}

/* ---- changed rows ---- */

static gboolean
vimana_domain_tree_store_iter (VimanaDomainTree *self,
                               GObject          *object,
                               GtkTreeIter      *iter)
{
    GtkTreeIter *found;

    if (VIMANA_IS_DOMAIN (object)) {
        found = g_hash_table_lookup (self->domain_iters, object);
        if (found == NULL)
            return FALSE;
        *iter = *found;
        return TRUE;
    }
    for (guint i = 0; i < self->tree_connections->len; i++) {
        VimanaTreeConnection *tc = g_ptr_array_index (self->tree_connections, i);

        if ((GObject *) tc->connection == object) {
            *iter = tc->iter;
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
vimana_domain_tree_flush_cb (gpointer user_data)
{
    VimanaDomainTree *self = user_data;
    g_autofree gpointer *objects = NULL;
    guint n;

    self->flush_source = 0;
    /* As many rows changed as a batch (every guest's first statistics): new filter and sort
     * models read them all at once, where a row-changed each would cost a walk of the
     * siblings in the store and in the sort. */
    if (g_hash_table_size (self->dirty) >= VIMANA_DOMAIN_TREE_BULK_ROWS) {
        g_hash_table_remove_all (self->dirty);
        vimana_domain_tree_begin_bulk (self);
        vimana_domain_tree_end_bulk (self);
        return G_SOURCE_REMOVE;
    }
    /* A row-changed handler (the view, its accessible, the filter) may mark rows dirty again
     * or remove them: walk a copy, and look each object up again as its turn comes. */
    objects = g_hash_table_get_keys_as_array (self->dirty, &n);
    g_hash_table_remove_all (self->dirty);
    for (guint i = 0; i < n; i++) {
        GtkTreeIter iter;
        g_autoptr(GtkTreePath) path = NULL;

        if (!vimana_domain_tree_store_iter (self, objects[i], &iter))
            continue;
        path = gtk_tree_model_get_path (GTK_TREE_MODEL (self->store), &iter);
        gtk_tree_model_row_changed (GTK_TREE_MODEL (self->store), path, &iter);
    }
    return G_SOURCE_REMOVE;
}

static void
vimana_domain_tree_mark_dirty (VimanaDomainTree *self,
                               GObject          *object)
{
    g_hash_table_add (self->dirty, object);
    if (self->flush_source == 0)
        self->flush_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30,
                                              vimana_domain_tree_flush_cb, self, NULL);
}

static void
vimana_domain_tree_object_notify_cb (GObject    *object,
                                     GParamSpec *pspec,
                                     gpointer    user_data)
{
    vimana_domain_tree_mark_dirty (VIMANA_DOMAIN_TREE (user_data), object);
}

/* ---- guests ---- */

/* Inserts @domain at @position among its connection's rows: one row-inserted, no row-changed.
 * The store walks the siblings before @position (twice: the node, then the path). */
static void
vimana_domain_tree_insert_domain (VimanaDomainTree     *self,
                                  VimanaTreeConnection *tc,
                                  VimanaDomain         *domain,
                                  int                   position)
{
    GtkTreeIter iter;

    gtk_tree_store_insert_with_values (self->store, &iter, &tc->iter, position, 0, domain, -1);
    g_hash_table_insert (self->domain_iters, domain, g_memdup2 (&iter, sizeof iter));
    g_signal_connect_object (domain, "notify", G_CALLBACK (vimana_domain_tree_object_notify_cb),
                             self, 0);
}

static void
vimana_domain_tree_remove_domain_at (VimanaDomainTree     *self,
                                     VimanaTreeConnection *tc,
                                     guint                 position)
{
    GtkTreeIter iter;
    g_autoptr(GObject) domain = NULL;

    if (!gtk_tree_model_iter_nth_child (GTK_TREE_MODEL (self->store), &iter, &tc->iter, position))
        g_return_if_reached ();
    gtk_tree_model_get (GTK_TREE_MODEL (self->store), &iter, 0, &domain, -1);
    g_signal_handlers_disconnect_by_func (domain, vimana_domain_tree_object_notify_cb, self);
    g_hash_table_remove (self->domain_iters, domain);
    g_hash_table_remove (self->dirty, domain);
    gtk_tree_store_remove (self->store, &iter);
}

static void
vimana_domain_tree_domains_changed_cb (GListModel *domains,
                                       guint       position,
                                       guint       removed,
                                       guint       added,
                                       gpointer    user_data)
{
    VimanaTreeConnection *tc = user_data;
    VimanaDomainTree *self = tc->tree;
    gboolean bulk = removed + added >= VIMANA_DOMAIN_TREE_BULK_ROWS;

    if (bulk)
        vimana_domain_tree_begin_bulk (self);
    for (guint i = 0; i < removed; i++)
        vimana_domain_tree_remove_domain_at (self, tc, position);
    /* Last first, each at @position: the store's walk to it is as long for every row (none
     * for a connection's first listing, which starts at 0). */
    for (guint i = added; i > 0; i--) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, position + i - 1);

        vimana_domain_tree_insert_domain (self, tc, domain, position);
    }
    if (bulk)
        vimana_domain_tree_end_bulk (self);
}

/* ---- connections ---- */

static VimanaTreeConnection *
vimana_domain_tree_add_connection (VimanaDomainTree *self,
                                   VimanaConnection *connection,
                                   int               position)
{
    VimanaTreeConnection *tc = g_new0 (VimanaTreeConnection, 1);
    GListModel *domains = vimana_connection_get_domains (connection);
    guint n = g_list_model_get_n_items (domains);

    tc->tree = self;
    tc->connection = g_object_ref (connection);
    gtk_tree_store_insert_with_values (self->store, &tc->iter, NULL, position, 0, connection, -1);
    g_signal_connect_object (connection, "notify",
                             G_CALLBACK (vimana_domain_tree_object_notify_cb), self, 0);
    g_signal_connect (domains, "items-changed",
                      G_CALLBACK (vimana_domain_tree_domains_changed_cb), tc);
    g_signal_connect_object (vimana_connection_get_sampler (connection), "tick",
                             G_CALLBACK (vimana_domain_tree_sampler_tick_cb), self, 0);
    vimana_domain_tree_domains_changed_cb (domains, 0, 0, n, tc);
    if (self->watch_addresses)
        tc->watch = vimana_address_watch_new (connection);
    return tc;
}

static void
vimana_domain_tree_connection_free (gpointer data)
{
    VimanaTreeConnection *tc = data;
    VimanaDomainTree *self = tc->tree;
    GListModel *domains = vimana_connection_get_domains (tc->connection);
    guint n = g_list_model_get_n_items (domains);

    g_signal_handlers_disconnect_by_func (domains, vimana_domain_tree_domains_changed_cb, tc);
    g_signal_handlers_disconnect_by_func (tc->connection, vimana_domain_tree_object_notify_cb,
                                          self);
    g_signal_handlers_disconnect_by_func (vimana_connection_get_sampler (tc->connection),
                                          vimana_domain_tree_sampler_tick_cb, self);
    if (self->disposing) {
        /* The store goes too: only the guests' handlers need undoing. */
        for (guint i = 0; i < n; i++) {
            g_autoptr(GObject) domain = g_list_model_get_item (domains, i);
            g_signal_handlers_disconnect_by_func (domain, vimana_domain_tree_object_notify_cb,
                                                  self);
        }
    } else {
        gboolean bulk = n >= VIMANA_DOMAIN_TREE_BULK_ROWS;

        if (bulk)
            vimana_domain_tree_begin_bulk (self);
        for (guint i = n; i > 0; i--)
            vimana_domain_tree_remove_domain_at (self, tc, i - 1);
        g_hash_table_remove (self->dirty, tc->connection);
        gtk_tree_store_remove (self->store, &tc->iter);
        if (bulk)
            vimana_domain_tree_end_bulk (self);
    }
    g_clear_object (&tc->watch);
    g_object_unref (tc->connection);
    g_free (tc);
}

static void
vimana_domain_tree_connections_changed_cb (GListModel *connections,
                                           guint       position,
                                           guint       removed,
                                           guint       added,
                                           gpointer    user_data)
{
    VimanaDomainTree *self = user_data;

    if (removed > 0)
        g_ptr_array_remove_range (self->tree_connections, position, removed);
    for (guint i = 0; i < added; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (connections, position + i);

        g_ptr_array_insert (self->tree_connections, position + i,
                            vimana_domain_tree_add_connection (self, connection, position + i));
    }
}

/* ---- filter and sort ---- */

static gboolean
vimana_domain_tree_contains (const char *haystack,
                             const char *needle)
{
    g_autofree char *folded = NULL;

    if (haystack == NULL)
        return FALSE;
    folded = g_utf8_casefold (haystack, -1);
    return strstr (folded, needle) != NULL;
}

static gboolean
vimana_domain_tree_visible_func (GtkTreeModel *model,
                                 GtkTreeIter  *iter,
                                 gpointer      user_data)
{
    VimanaDomainTree *self = user_data;
    g_autoptr(GObject) object = NULL;
    VimanaDomain *domain;

    gtk_tree_model_get (model, iter, 0, &object, -1);
    if (object == NULL || !VIMANA_IS_DOMAIN (object))
        return TRUE;

    domain = VIMANA_DOMAIN (object);
    if (vimana_migration_find_incoming (domain) != NULL)
        return FALSE;
    if (self->filter_text == NULL)
        return TRUE;
    return vimana_domain_tree_contains (vimana_domain_get_name (domain), self->filter_text) ||
           vimana_domain_tree_contains (vimana_domain_get_title (domain), self->filter_text) ||
           vimana_domain_tree_contains (vimana_domain_get_state_label (domain), self->filter_text) ||
           vimana_domain_tree_contains (vimana_domain_get_addresses (domain), self->filter_text);
}

static int
vimana_domain_tree_compare_uint64 (guint64 a,
                                   guint64 b)
{
    return a < b ? -1 : (a > b ? 1 : 0);
}

static int
vimana_domain_tree_compare_double (double a,
                                   double b)
{
    /* Guests without a value (not running) sort below every value. */
    if (isnan (a))
        return isnan (b) ? 0 : -1;
    if (isnan (b))
        return 1;
    return a < b ? -1 : (a > b ? 1 : 0);
}

/**
 * vimana_domain_tree_stat_value:
 * @domain: a guest
 * @sort: one of the statistics sort keys
 *
 * Returns: the newest value the statistic's column shows: CPU %, memory bytes, disk or
 *   network bytes per second (read plus write, in plus out); NAN when there is none
 */
double
vimana_domain_tree_stat_value (VimanaDomain         *domain,
                               VimanaDomainTreeSort  sort)
{
    VimanaDomainStats *stats = vimana_domain_get_stats (domain);

    if (stats == NULL || !vimana_domain_get_active (domain))
        return NAN;
    switch (sort) {
    case VIMANA_DOMAIN_TREE_SORT_CPU:
        return vimana_domain_stats_get_last (stats, VIMANA_STAT_CPU);
    case VIMANA_DOMAIN_TREE_SORT_MEMORY_USE:
        return vimana_domain_stats_get_last (stats, VIMANA_STAT_MEMORY);
    case VIMANA_DOMAIN_TREE_SORT_DISK:
        return (double) vimana_domain_stats_get_last (stats, VIMANA_STAT_DISK_READ) +
               vimana_domain_stats_get_last (stats, VIMANA_STAT_DISK_WRITE);
    case VIMANA_DOMAIN_TREE_SORT_NETWORK:
        return (double) vimana_domain_stats_get_last (stats, VIMANA_STAT_NET_RX) +
               vimana_domain_stats_get_last (stats, VIMANA_STAT_NET_TX);
    default:
        g_return_val_if_reached (NAN);
    }
}

static int
vimana_domain_tree_compare_names (GObject *a,
                                  GObject *b)
{
    const char *name_a, *name_b;

    if (VIMANA_IS_CONNECTION (a)) {
        name_a = vimana_connection_get_display_name (VIMANA_CONNECTION (a));
        name_b = vimana_connection_get_display_name (VIMANA_CONNECTION (b));
    } else {
        name_a = vimana_domain_get_name (VIMANA_DOMAIN (a));
        name_b = vimana_domain_get_name (VIMANA_DOMAIN (b));
    }
    return g_utf8_collate (name_a ? name_a : "", name_b ? name_b : "");
}

/* Guests with an address first, by address (10.0.0.9 before 10.0.0.10), IPv4 before IPv6. */
static int
vimana_domain_tree_compare_addresses (const char *a,
                                      const char *b)
{
    g_autofree char *first_a = NULL, *first_b = NULL;
    g_autoptr(GInetAddress) inet_a = NULL;
    g_autoptr(GInetAddress) inet_b = NULL;
    gsize size_a, size_b;
    int result;

    if (a == NULL || b == NULL)
        return (a == NULL) - (b == NULL);
    first_a = g_strndup (a, strcspn (a, ","));
    first_b = g_strndup (b, strcspn (b, ","));
    inet_a = g_inet_address_new_from_string (first_a);
    inet_b = g_inet_address_new_from_string (first_b);
    if (inet_a == NULL || inet_b == NULL)
        return g_strcmp0 (first_a, first_b);
    size_a = g_inet_address_get_native_size (inet_a);
    size_b = g_inet_address_get_native_size (inet_b);
    if (size_a != size_b)
        return size_a < size_b ? -1 : 1;
    result = memcmp (g_inet_address_to_bytes (inet_a), g_inet_address_to_bytes (inet_b), size_a);
    return result != 0 ? result : g_strcmp0 (a, b);
}

static int
vimana_domain_tree_sort_func (GtkTreeModel *model,
                              GtkTreeIter  *iter_a,
                              GtkTreeIter  *iter_b,
                              gpointer      user_data)
{
    VimanaDomainTreeSort column = GPOINTER_TO_INT (user_data);
    g_autoptr(GObject) a = NULL;
    g_autoptr(GObject) b = NULL;
    VimanaDomain *da, *db;
    int result = 0;

    gtk_tree_model_get (model, iter_a, 0, &a, -1);
    gtk_tree_model_get (model, iter_b, 0, &b, -1);
    if (a == NULL || b == NULL)
        return (a != NULL) - (b != NULL);
    if (!VIMANA_IS_DOMAIN (a) || !VIMANA_IS_DOMAIN (b))
        return vimana_domain_tree_compare_names (a, b);

    da = VIMANA_DOMAIN (a);
    db = VIMANA_DOMAIN (b);
    switch (column) {
    case VIMANA_DOMAIN_TREE_SORT_STATE:
        result = g_utf8_collate (vimana_domain_get_state_label (da),
                                 vimana_domain_get_state_label (db));
        break;
    case VIMANA_DOMAIN_TREE_SORT_VCPUS:
        result = vimana_domain_tree_compare_uint64 (vimana_domain_get_vcpus (da),
                                                    vimana_domain_get_vcpus (db));
        break;
    case VIMANA_DOMAIN_TREE_SORT_MEMORY:
        result = vimana_domain_tree_compare_uint64 (vimana_domain_get_memory (da),
                                                    vimana_domain_get_memory (db));
        break;
    case VIMANA_DOMAIN_TREE_SORT_CPU:
    case VIMANA_DOMAIN_TREE_SORT_MEMORY_USE:
    case VIMANA_DOMAIN_TREE_SORT_DISK:
    case VIMANA_DOMAIN_TREE_SORT_NETWORK:
        result = vimana_domain_tree_compare_double (vimana_domain_tree_stat_value (da, column),
                                                    vimana_domain_tree_stat_value (db, column));
        break;
    case VIMANA_DOMAIN_TREE_SORT_ADDRESS:
        result = vimana_domain_tree_compare_addresses (vimana_domain_get_addresses (da),
                                                       vimana_domain_get_addresses (db));
        break;
    case VIMANA_DOMAIN_TREE_SORT_NAME:
    default:
        break;
    }
    /* Equal keys fall back to the name, so the order is stable and predictable. */
    return result != 0 ? result : vimana_domain_tree_compare_names (a, b);
}

/* ---- migrations ---- */

static void
vimana_domain_tree_migrations_changed_cb (GListModel *running,
                                          guint       position,
                                          guint       removed,
                                          guint       added,
                                          gpointer    user_data)
{
    VimanaDomainTree *self = user_data;
    guint n = g_list_model_get_n_items (running);

    /* The rows of the guests that stopped moving and of those that started say so now. */
    for (guint i = 0; i < self->moving->len; i++)
        vimana_domain_tree_mark_dirty (self, g_ptr_array_index (self->moving, i));
    g_ptr_array_set_size (self->moving, 0);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaMigration) migration = g_list_model_get_item (running, i);
        VimanaDomain *domain = vimana_migration_get_domain (migration);

        g_ptr_array_add (self->moving, g_object_ref (domain));
        vimana_domain_tree_mark_dirty (self, G_OBJECT (domain));
    }
    if (self->filter != NULL)
        gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
}

/* ---- the filter and sort models, and batches ---- */

static void
vimana_domain_tree_make_models (VimanaDomainTree *self)
{
    GtkTreeSortable *sortable;

    g_assert (self->filter == NULL && self->sort == NULL);

    self->filter = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
    gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter),
                                            vimana_domain_tree_visible_func, self, NULL);
    self->sort = gtk_tree_model_sort_new_with_model (self->filter);
    sortable = GTK_TREE_SORTABLE (self->sort);
    for (int column = VIMANA_DOMAIN_TREE_SORT_NAME; column < VIMANA_DOMAIN_TREE_N_SORTS;
         column++)
        gtk_tree_sortable_set_sort_func (sortable, column, vimana_domain_tree_sort_func,
                                         GINT_TO_POINTER (column), NULL);
    gtk_tree_sortable_set_sort_column_id (sortable, self->sort_column, self->sort_order);
}

/* Lets go of the filter and sort models before a batch changes the store: the views showing
 * the model unset it on "model-replacing" (keeping what they need to show it again), so
 * nothing is left that listens to the store. */
static void
vimana_domain_tree_begin_bulk (VimanaDomainTree *self)
{
    GtkTreeModel *sort;

    if (self->bulk_depth++ > 0)
        return;
    if (!gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &self->sort_column,
                                               &self->sort_order) &&
        self->sort_column != GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID) {
        /* The default sort column has no function here: the tree's own default instead. */
        self->sort_column = VIMANA_DOMAIN_TREE_SORT_NAME;
        self->sort_order = GTK_SORT_ASCENDING;
    }
    g_signal_emit (self, signals[SIGNAL_MODEL_REPLACING], 0);
    sort = g_steal_pointer (&self->sort);
    /* Whoever still holds the old sort model holds a model that no longer changes. */
    g_object_unref (sort);
    g_clear_object (&self->filter);
}

/* Makes the filter and sort models again over the filled store, with the sort column and the
 * search the old ones had, and tells the views (notify::model). */
static void
vimana_domain_tree_end_bulk (VimanaDomainTree *self)
{
    g_assert (self->bulk_depth > 0);

    if (--self->bulk_depth > 0)
        return;
    vimana_domain_tree_make_models (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* ---- GObject ---- */

static void
vimana_domain_tree_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
    VimanaDomainTree *self = VIMANA_DOMAIN_TREE (object);

    switch (prop_id) {
    case PROP_MODEL:
        g_value_set_object (value, self->sort);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_domain_tree_dispose (GObject *object)
{
    VimanaDomainTree *self = VIMANA_DOMAIN_TREE (object);

    g_clear_handle_id (&self->flush_source, g_source_remove);
    self->disposing = TRUE;
    g_signal_handlers_disconnect_by_func (vimana_migration_get_running (),
                                          vimana_domain_tree_migrations_changed_cb, self);
    if (self->moving != NULL)
        g_ptr_array_set_size (self->moving, 0);
    if (self->connections != NULL)
        g_signal_handlers_disconnect_by_func (self->connections,
                                              vimana_domain_tree_connections_changed_cb, self);
    g_clear_pointer (&self->tree_connections, g_ptr_array_unref);
    g_clear_object (&self->sort);
    g_clear_object (&self->filter);
    g_clear_object (&self->store);
    g_clear_object (&self->connections);

    G_OBJECT_CLASS (vimana_domain_tree_parent_class)->dispose (object);
}

static void
vimana_domain_tree_finalize (GObject *object)
{
    VimanaDomainTree *self = VIMANA_DOMAIN_TREE (object);

    g_hash_table_unref (self->domain_iters);
    g_hash_table_unref (self->dirty);
    g_ptr_array_unref (self->moving);
    g_free (self->filter_text);

    G_OBJECT_CLASS (vimana_domain_tree_parent_class)->finalize (object);
}

static void
vimana_domain_tree_class_init (VimanaDomainTreeClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_domain_tree_dispose;
    object_class->finalize = vimana_domain_tree_finalize;
    object_class->get_property = vimana_domain_tree_get_property;

    /**
     * VimanaDomainTree:model:
     *
     * The sorted, filtered model to show. A batch of many rows replaces it (see
     * #VimanaDomainTree::model-replacing); the new one has the old one's sort column and
     * search.
     */
    properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, GTK_TYPE_TREE_MODEL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaDomainTree::stats-tick:
     *
     * One connection's sampler took new samples: rows showing statistics need a redraw
     * (only the visible ones are drawn), and a list sorted by a statistic a new order.
     */
    signals[SIGNAL_STATS_TICK] = g_signal_new ("stats-tick", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 0);

    /**
     * VimanaDomainTree::model-replacing:
     *
     * A batch of rows is about to change the store, and the model is about to be replaced:
     * a view that shows it reads what it needs (selection, scroll position) from it and unsets
     * it here; #VimanaDomainTree:model is notified once the new one is there.
     */
    signals[SIGNAL_MODEL_REPLACING] = g_signal_new ("model-replacing", G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                    G_TYPE_NONE, 0);
}

static void
vimana_domain_tree_init (VimanaDomainTree *self)
{
    self->store = gtk_tree_store_new (1, G_TYPE_OBJECT);
    self->sort_column = VIMANA_DOMAIN_TREE_SORT_NAME;
    self->sort_order = GTK_SORT_ASCENDING;
    vimana_domain_tree_make_models (self);

    self->tree_connections = g_ptr_array_new_with_free_func (vimana_domain_tree_connection_free);
    self->domain_iters = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    self->dirty = g_hash_table_new (NULL, NULL);
    self->moving = g_ptr_array_new_with_free_func (g_object_unref);
    g_signal_connect (vimana_migration_get_running (), "items-changed",
                      G_CALLBACK (vimana_domain_tree_migrations_changed_cb), self);
}

/**
 * vimana_domain_tree_new:
 * @connections: a #GListModel of #VimanaConnection
 *
 * Returns: (transfer full): a tree that follows @connections and their guests
 */
VimanaDomainTree *
vimana_domain_tree_new (GListModel *connections)
{
    VimanaDomainTree *self;

    g_return_val_if_fail (G_IS_LIST_MODEL (connections), NULL);

    self = g_object_new (VIMANA_TYPE_DOMAIN_TREE, NULL);
    self->connections = g_object_ref (connections);
    g_signal_connect (connections, "items-changed",
                      G_CALLBACK (vimana_domain_tree_connections_changed_cb), self);
    vimana_domain_tree_connections_changed_cb (connections, 0, 0,
                                               g_list_model_get_n_items (connections), self);
    return self;
}

/* Returns: (transfer none): the sorted, filtered model the view shows; a batch of many rows
 *   replaces it (#VimanaDomainTree:model) */
GtkTreeModel *
vimana_domain_tree_get_model (VimanaDomainTree *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), NULL);
    return self->sort;
}

/**
 * vimana_domain_tree_get_object:
 * @self: a #VimanaDomainTree
 * @iter: an iter of the model vimana_domain_tree_get_model() returns
 *
 * Returns: (transfer none) (nullable): the #VimanaConnection or #VimanaDomain of the row
 */
GObject *
vimana_domain_tree_get_object (VimanaDomainTree *self,
                               GtkTreeIter      *iter)
{
    GObject *object = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), NULL);

    gtk_tree_model_get (self->sort, iter, 0, &object, -1);
    /* The store keeps its own reference for as long as the row exists. */
    if (object != NULL)
        g_object_unref (object);
    return object;
}

/**
 * vimana_domain_tree_find:
 * @self: a #VimanaDomainTree
 * @object: a #VimanaConnection or #VimanaDomain
 * @iter: (out): its iter in the sorted model
 *
 * Returns: %FALSE when @object has no row or the search hides it
 */
gboolean
vimana_domain_tree_find (VimanaDomainTree *self,
                         GObject          *object,
                         GtkTreeIter      *iter)
{
    GtkTreeIter store_iter, filter_iter;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), FALSE);

    if (!vimana_domain_tree_store_iter (self, object, &store_iter))
        return FALSE;
    if (!gtk_tree_model_filter_convert_child_iter_to_iter (GTK_TREE_MODEL_FILTER (self->filter),
                                                           &filter_iter, &store_iter))
        return FALSE;
    return gtk_tree_model_sort_convert_child_iter_to_iter (GTK_TREE_MODEL_SORT (self->sort),
                                                           iter, &filter_iter);
}

/**
 * vimana_domain_tree_set_filter:
 * @self: a #VimanaDomainTree
 * @text: (nullable): what the search field holds
 *
 * Shows only the guests whose name, title or state contains @text, ignoring case.
 */
void
vimana_domain_tree_set_filter (VimanaDomainTree *self,
                               const char       *text)
{
    g_autofree char *stripped = NULL;
    g_autofree char *folded = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN_TREE (self));

    stripped = g_strstrip (g_strdup (text ? text : ""));
    folded = stripped[0] != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
    if (g_strcmp0 (folded, self->filter_text) == 0)
        return;
    g_free (self->filter_text);
    self->filter_text = g_steal_pointer (&folded);
    if (self->filter != NULL)
        gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter));
}

const char *
vimana_domain_tree_get_filter (VimanaDomainTree *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), NULL);
    return self->filter_text;
}

/* Returns: how many guests the search lets through */
guint
vimana_domain_tree_count_visible (VimanaDomainTree *self)
{
    guint count = 0;
    GtkTreeIter parent;
    gboolean more;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), 0);

    for (more = gtk_tree_model_get_iter_first (self->filter, &parent); more;
         more = gtk_tree_model_iter_next (self->filter, &parent))
        count += gtk_tree_model_iter_n_children (self->filter, &parent);
    return count;
}

/* Returns: how many guests all connections list */
guint
vimana_domain_tree_count_domains (VimanaDomainTree *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), 0);
    return g_hash_table_size (self->domain_iters);
}

/* Returns: whether the list is sorted by a statistic, whose values change every tick */
gboolean
vimana_domain_tree_sorts_by_stats (VimanaDomainTree *self)
{
    int column;
    GtkSortType order;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_TREE (self), FALSE);

    return gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (self->sort), &column, &order) &&
           column >= VIMANA_DOMAIN_TREE_SORT_CPU && column <= VIMANA_DOMAIN_TREE_SORT_NETWORK;
}

/**
 * vimana_domain_tree_resort:
 * @self: a #VimanaDomainTree
 *
 * Sorts again by the current column: the statistics changed but no row said so (a tick
 * changes every running guest; one resort costs less than a row-changed per guest).
 */
void
vimana_domain_tree_resort (VimanaDomainTree *self)
{
    GtkTreeSortable *sortable;
    int column;
    GtkSortType order;

    g_return_if_fail (VIMANA_IS_DOMAIN_TREE (self));

    sortable = GTK_TREE_SORTABLE (self->sort);
    if (!gtk_tree_sortable_get_sort_column_id (sortable, &column, &order))
        return;
    /* GtkTreeModelSort sorts only when the column changes: change it there and back. */
    gtk_tree_sortable_set_sort_column_id (sortable, GTK_TREE_SORTABLE_UNSORTED_SORT_COLUMN_ID,
                                          order);
    gtk_tree_sortable_set_sort_column_id (sortable, column, order);
}

/**
 * vimana_domain_tree_set_watch_addresses:
 * @self: a #VimanaDomainTree
 * @watch: whether the guests' IP addresses are shown
 *
 * While on, every connection's running guests' addresses are kept current (a
 * #VimanaAddressWatch per connection); their rows change when they do.
 */
void
vimana_domain_tree_set_watch_addresses (VimanaDomainTree *self,
                                        gboolean          watch)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_TREE (self));

    watch = !!watch;
    if (self->watch_addresses == watch)
        return;
    self->watch_addresses = watch;
    for (guint i = 0; i < self->tree_connections->len; i++) {
        VimanaTreeConnection *tc = g_ptr_array_index (self->tree_connections, i);

        if (watch)
            tc->watch = vimana_address_watch_new (tc->connection);
        else
            g_clear_object (&tc->watch);
    }
}
