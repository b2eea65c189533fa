/* vimana-details-window.h: one guest's window: its pages and its lifecycle actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-domain.h"
#include "vimana-error-bar.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_DETAILS_WINDOW (vimana_details_window_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDetailsWindow, vimana_details_window, VIMANA, DETAILS_WINDOW,
                      GtkApplicationWindow)

typedef struct _VimanaApplication VimanaApplication;

VimanaDetailsWindow *vimana_details_window_new         (VimanaApplication   *application,
                                                        VimanaDomain        *domain,
                                                        GSettings           *settings);
VimanaDomain        *vimana_details_window_get_domain  (VimanaDetailsWindow *self);
gboolean             vimana_details_window_set_page    (VimanaDetailsWindow *self,
                                                        const char          *page);
const char          *vimana_details_window_get_page    (VimanaDetailsWindow *self);
GtkWidget           *vimana_details_window_get_overview (VimanaDetailsWindow *self);
GtkWidget           *vimana_details_window_get_performance (VimanaDetailsWindow *self);
GtkWidget           *vimana_details_window_get_hardware (VimanaDetailsWindow *self);
GtkWidget           *vimana_details_window_get_snapshots (VimanaDetailsWindow *self);
VimanaErrorBar      *vimana_details_window_get_error_bar (VimanaDetailsWindow *self);
gboolean             vimana_details_window_is_inert    (VimanaDetailsWindow *self);
void                 vimana_details_window_start_and_attach (VimanaDetailsWindow *self);

G_END_DECLS
