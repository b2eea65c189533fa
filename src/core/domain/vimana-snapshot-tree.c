/* vimana-snapshot-tree.c: the tree a guest's snapshots make, and the names a new one may take
 *
 * libvirt lists snapshots flat, each naming its parent. The tree is built here, in pure code, so
 * the unit tests check it with fixtures and the page only walks it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot"

#include "config.h"

#include "vimana-snapshot.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-error.h"

static int
vimana_snapshot_compare_age (gconstpointer a,
                             gconstpointer b)
{
    VimanaSnapshot *sa = *(VimanaSnapshot **) a;
    VimanaSnapshot *sb = *(VimanaSnapshot **) b;
    gint64 ta = vimana_snapshot_get_creation_time (sa);
    gint64 tb = vimana_snapshot_get_creation_time (sb);

    if (ta != tb)
        return ta < tb ? -1 : 1;
    return g_strcmp0 (vimana_snapshot_get_name (sa), vimana_snapshot_get_name (sb));
}

static void
vimana_snapshot_tree_sort (GPtrArray *level)
{
    g_ptr_array_sort (level, vimana_snapshot_compare_age);
    for (guint i = 0; i < level->len; i++)
        vimana_snapshot_tree_sort (vimana_snapshot_get_children (g_ptr_array_index (level, i)));
}

/* Whether @ancestor is @snapshot or above it, following parent names in @by_name. */
static gboolean
vimana_snapshot_tree_is_above (GHashTable     *by_name,
                               VimanaSnapshot *snapshot,
                               VimanaSnapshot *ancestor)
{
    guint steps = g_hash_table_size (by_name) + 1;

    for (VimanaSnapshot *s = snapshot; s != NULL && steps > 0; steps--) {
        const char *parent;

        if (s == ancestor)
            return TRUE;
        parent = vimana_snapshot_get_parent_name (s);
        s = parent != NULL ? g_hash_table_lookup (by_name, parent) : NULL;
    }
    /* Walked more steps than there are snapshots: a loop above that does not hold @ancestor; its
     * own members are cut from it when their turn comes. */
    return FALSE;
}

/**
 * vimana_snapshot_tree_build:
 * @snapshots: (element-type VimanaSnapshot): a guest's snapshots, in any order
 *
 * Links @snapshots into a tree: each one's children are replaced by the snapshots of @snapshots
 * that name it as their parent, oldest first. A snapshot whose parent is not in the list is a
 * root; so is one whose parent relations loop (libvirt never gives one, a broken redefinition
 * might), so every snapshot appears exactly once.
 *
 * Returns: (transfer container) (element-type VimanaSnapshot): the roots, oldest first
 */
GPtrArray *
vimana_snapshot_tree_build (GPtrArray *snapshots)
{
    g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
    GPtrArray *roots = g_ptr_array_new_with_free_func (g_object_unref);

    g_return_val_if_fail (snapshots != NULL, roots);

    for (guint i = 0; i < snapshots->len; i++) {
        VimanaSnapshot *snapshot = g_ptr_array_index (snapshots, i);

        g_ptr_array_set_size (vimana_snapshot_get_children (snapshot), 0);
        g_hash_table_insert (by_name, (gpointer) vimana_snapshot_get_name (snapshot), snapshot);
    }

    for (guint i = 0; i < snapshots->len; i++) {
        VimanaSnapshot *snapshot = g_ptr_array_index (snapshots, i);
        const char *parent_name = vimana_snapshot_get_parent_name (snapshot);
        VimanaSnapshot *parent = NULL;

        if (parent_name != NULL)
            parent = g_hash_table_lookup (by_name, parent_name);
        /* A parent that is this snapshot or below it would make a loop: make it a root. */
        if (parent != NULL && vimana_snapshot_tree_is_above (by_name, parent, snapshot))
            parent = NULL;
        if (parent != NULL)
            g_ptr_array_add (vimana_snapshot_get_children (parent), g_object_ref (snapshot));
        else
            g_ptr_array_add (roots, g_object_ref (snapshot));
    }

    vimana_snapshot_tree_sort (roots);
    return roots;
}

/**
 * vimana_snapshot_check_name:
 * @name: (nullable): the name a user typed
 * @existing: (nullable) (element-type VimanaSnapshot): the guest's snapshots
 * @error: return location for a #GError
 *
 * Checks a new snapshot's name: not empty, no "/" (libvirt refuses it, and external files take
 * the name), no control characters, not one the guest already has.
 *
 * Returns: whether @name can be used
 */
gboolean
vimana_snapshot_check_name (const char *name,
                            GPtrArray  *existing,
                            GError    **error)
{
    if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) == 0) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The snapshot needs a name."));
        return FALSE;
    }
    if (!g_utf8_validate (name, -1, NULL)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The name is not valid text."));
        return FALSE;
    }
    if (g_ascii_isspace (name[0]) || g_ascii_isspace (name[strlen (name) - 1])) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The name cannot start or end with a space."));
        return FALSE;
    }
    if (strchr (name, '/') != NULL) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The name cannot contain “/”."));
        return FALSE;
    }
    for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p)) {
        if (g_unichar_iscntrl (g_utf8_get_char (p))) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                         _("The name cannot contain control characters."));
            return FALSE;
        }
    }
    if (g_utf8_strlen (name, -1) > 100) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("The name is longer than 100 characters."));
        return FALSE;
    }
    for (guint i = 0; existing != NULL && i < existing->len; i++) {
        if (g_strcmp0 (vimana_snapshot_get_name (g_ptr_array_index (existing, i)), name) == 0) {
            g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                         _("This guest already has a snapshot called “%s”."), name);
            return FALSE;
        }
    }
    return TRUE;
}

/**
 * vimana_snapshot_suggest_name:
 * @existing: (nullable) (element-type VimanaSnapshot): the guest's snapshots
 * @now: the time to name it after
 *
 * Returns: (transfer full): a free name like "snapshot-2026-12-02-1330", with "-2", "-3" … when
 *   the minute's name is taken
 */
char *
vimana_snapshot_suggest_name (GPtrArray *existing,
                              GDateTime *now)
{
    g_autofree char *base = NULL;

    g_return_val_if_fail (now != NULL, NULL);

    base = g_date_time_format (now, "snapshot-%Y-%m-%d-%H%M");
    if (vimana_snapshot_check_name (base, existing, NULL))
        return g_steal_pointer (&base);
    for (guint i = 2;; i++) {
        g_autofree char *name = g_strdup_printf ("%s-%u", base, i);

        if (vimana_snapshot_check_name (name, existing, NULL))
            return g_steal_pointer (&name);
    }
}
