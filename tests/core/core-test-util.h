/* core-test-util.h: what the core tests on the libvirt test driver share
 *
 * Waiting only by iterating the main context (libvirt's events arrive there through
 * libvirt-glib), with a guard that fails after WAIT_SECONDS; opening connections; the keeper
 * connection that keeps the process-wide test:///default alive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libvirt/libvirt.h>

#include "vimana-connection.h"
#include "vimana-domain.h"

G_BEGIN_DECLS

#define DEFAULT_URI "test:///default"
#define WAIT_SECONDS 20

/* Opened by core_test_init(): keeps test:///default alive, and checks and resets it. */
extern virConnectPtr keeper;

typedef gboolean (*Condition) (gpointer data);

void              core_test_init         (int               *argc,
                                          char            ***argv);
char             *core_test_node_uri     (const char        *first_element,
                                          ...) G_GNUC_NULL_TERMINATED;
void              wait_until             (Condition          condition,
                                          gpointer           data,
                                          const char        *what);
gboolean          flag_is_set            (gpointer           data);
void              drain                  (void);

typedef struct
{
    gboolean      done;
    GAsyncResult *result;
} AsyncWait;

void              async_wait_cb          (GObject           *object,
                                          GAsyncResult      *result,
                                          gpointer           user_data);
void              async_wait             (AsyncWait         *wait,
                                          const char        *what);

void              wait_settled           (VimanaConnection  *connection);
VimanaConnection *open_connected         (const char        *uri);
void              connection_free        (VimanaConnection  *connection);
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

/* g_autoptr(VimanaConnection_) shuts the connection down before dropping it. */
typedef VimanaConnection VimanaConnection_;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaConnection_, connection_free)

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
