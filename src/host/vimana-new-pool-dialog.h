/* vimana-new-pool-dialog.h: a new storage pool of any type the host can make
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_NEW_POOL_DIALOG (vimana_new_pool_dialog_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNewPoolDialog, vimana_new_pool_dialog, VIMANA, NEW_POOL_DIALOG,
                      GtkDialog)

GtkWidget  *vimana_new_pool_dialog_new        (GtkWindow           *parent,
                                               VimanaConnection    *connection);
void        vimana_new_pool_dialog_fill       (VimanaNewPoolDialog *self,
                                               const char          *name,
                                               const char          *path);
const char *vimana_new_pool_dialog_get_error  (VimanaNewPoolDialog *self,
                                               const char          *field);
gboolean    vimana_new_pool_dialog_can_create (VimanaNewPoolDialog *self);
gboolean    vimana_new_pool_dialog_get_kinds_loaded (VimanaNewPoolDialog *self);
gboolean    vimana_new_pool_dialog_set_kind   (VimanaNewPoolDialog *self,
                                               VimanaPoolKind       kind);
void        vimana_new_pool_dialog_fill_source (VimanaNewPoolDialog *self,
                                                const char          *host,
                                                const char          *source);
gboolean      vimana_new_pool_dialog_find            (VimanaNewPoolDialog *self);
gboolean      vimana_new_pool_dialog_get_finding     (VimanaNewPoolDialog *self);
const char   *vimana_new_pool_dialog_get_find_status (VimanaNewPoolDialog *self);
GtkTreeModel *vimana_new_pool_dialog_get_found       (VimanaNewPoolDialog *self);
const char   *vimana_new_pool_dialog_get_source      (VimanaNewPoolDialog *self);

G_END_DECLS
