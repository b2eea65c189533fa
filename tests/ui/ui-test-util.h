/* ui-test-util.h: what the UI tests share: waiting, finding widgets, screenshots
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "test-wait.h"
#include "vimana-connection.h"

G_BEGIN_DECLS

typedef TestWaitCondition UiTestCondition;

void              ui_test_init              (int              *argc,
                                             char           ***argv);
void              ui_test_init_with_window_manager (int         *argc,
                                                    char      ***argv);
void              ui_test_wait              (UiTestCondition   condition,
                                             gpointer          data,
                                             const char       *what);
void              ui_test_flush             (void);
VimanaConnection *ui_test_open_node         (void);
VimanaDomain     *ui_test_domain            (VimanaConnection *connection,
                                             const char       *name);
void              ui_test_wait_state        (VimanaDomain     *domain,
                                             VimanaDomainState state);
GtkWidget        *ui_test_find_by_action    (GtkWidget        *root,
                                             const char       *action_name);
GtkWidget        *ui_test_find_by_name      (GtkWidget        *root,
                                             const char       *accessible_name,
                                             GType             type);
GtkWidget        *ui_test_find_toplevel     (GType             type);
void              ui_test_wait_drawn        (GtkWidget        *toplevel);
void              ui_test_screenshot        (GtkWidget        *widget,
                                             const char       *name);

G_END_DECLS
