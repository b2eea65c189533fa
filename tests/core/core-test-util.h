/* core-test-util.h: what the core tests on the libvirt test driver share
 *
 * The keeper connection that keeps the process-wide test:///default alive, guests by name,
 * actions run to completion; waiting itself is tests/lib's (test-wait.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "test-wait.h"
#include "vimana-connection.h"
#include "vimana-domain.h"

G_BEGIN_DECLS

#define DEFAULT_URI "test:///default"
#define WAIT_SECONDS TEST_WAIT_GUARD_SECONDS

/* Opened by core_test_init(): keeps test:///default alive, and checks and resets it. */
extern virConnectPtr keeper;

void              core_test_init         (int               *argc,
                                          char            ***argv);
char             *core_test_node_uri     (const char        *first_element,
                                          ...) G_GNUC_NULL_TERMINATED;
VimanaDomain     *get_domain             (VimanaConnection  *connection,
                                          const char        *name);
void              fetch_details_wait     (VimanaDomain         *domain,
                                          VimanaDomainDetails **details,
                                          GError              **error);
void              settle                 (VimanaConnection  *connection);
gboolean          run_action             (VimanaDomain       *domain,
                                          VimanaDomainAction  action,
                                          GError            **error);
void              run_action_ok          (VimanaDomain       *domain,
                                          VimanaDomainAction  action,
                                          VimanaDomainState   expected);
void              reset_default          (void);

/* Connected with g_signal_connect_swapped(): the counter comes first. */
void              count_cb               (gpointer           user_data);
gboolean          domain_is_removed      (gpointer           data);

/* Counts a list model's items-changed and what they removed and added. */
typedef struct
{
    guint signals;
    guint removed;
    guint added;
} ItemsLog;

void              items_log_cb           (GListModel        *model,
                                          guint              position,
                                          guint              removed,
                                          guint              added,
                                          gpointer           user_data);

G_END_DECLS
