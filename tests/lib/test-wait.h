/* test-wait.h: waiting in tests, by running the main context until something is true
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

/* Not a time limit on what is tested: a guard so that a broken build fails instead of
 * hanging CI. */
#define TEST_WAIT_GUARD_SECONDS 30

typedef gboolean (*TestWaitCondition) (gpointer data);

void              test_wait_until              (TestWaitCondition  condition,
                                                gpointer           data,
                                                const char        *what);
void              test_wait_flag               (const gboolean    *flag,
                                                const char        *what);
void              test_wait_count              (const guint       *count,
                                                guint              expected,
                                                const char        *what);
void              test_wait_drain              (void);

/* Where an _async call's callback leaves its result: pass test_wait_async_cb and the struct,
 * wait with test_wait_async, hand @result to the _finish function, then g_clear_object it. */
typedef struct
{
    gboolean      done;
    GAsyncResult *result;
} TestWaitAsync;

void              test_wait_async_cb           (GObject           *object,
                                                GAsyncResult      *result,
                                                gpointer           user_data);
GAsyncResult     *test_wait_async              (TestWaitAsync     *wait,
                                                const char        *what);

gboolean          test_connection_settled      (gpointer           connection);
void              test_connection_wait_settled (VimanaConnection  *connection);
VimanaConnection *test_connection_open         (const char        *uri);
void              test_connection_close        (VimanaConnection  *connection);

/* g_autoptr(TestConnection) shuts the connection down before dropping it. */
typedef VimanaConnection TestConnection;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestConnection, test_connection_close)

G_END_DECLS
