/* vimana-worker.h: one thread that runs jobs in order, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_WORKER (vimana_worker_get_type ())

G_DECLARE_FINAL_TYPE (VimanaWorker, vimana_worker, VIMANA, WORKER, GObject)

VimanaWorker *vimana_worker_new     (const char         *name);
void          vimana_worker_push    (VimanaWorker       *self,
                                     GTask              *task,
                                     GTaskThreadFunc     func);
guint         vimana_worker_pending (VimanaWorker       *self);
void          vimana_worker_stop    (VimanaWorker       *self);

G_END_DECLS
