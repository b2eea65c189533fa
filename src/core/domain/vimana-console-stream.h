/* vimana-console-stream.h: a guest's serial or text console over a libvirt stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

#define VIMANA_CONSOLE_STREAM_ERROR (vimana_console_stream_error_quark ())

typedef enum
{
    VIMANA_CONSOLE_STREAM_ERROR_BUSY,  /* another client holds the console: open it with force */
} VimanaConsoleStreamError;

typedef enum
{
    VIMANA_CONSOLE_CLOSED_BY_US,       /* vimana_console_stream_close() */
    VIMANA_CONSOLE_CLOSED_EOF,         /* the guest stopped, or another client took the console */
    VIMANA_CONSOLE_CLOSED_ERROR,       /* the stream failed: the daemon went away, an I/O error */
} VimanaConsoleCloseReason;

#define VIMANA_TYPE_CONSOLE_STREAM (vimana_console_stream_get_type ())
G_DECLARE_FINAL_TYPE (VimanaConsoleStream, vimana_console_stream, VIMANA, CONSOLE_STREAM, GObject)

GQuark               vimana_console_stream_error_quark (void);
VimanaConsoleStream *vimana_console_stream_new         (VimanaDomain         *domain,
                                                        const char           *dev_name);
VimanaDomain        *vimana_console_stream_get_domain  (VimanaConsoleStream  *self);
const char          *vimana_console_stream_get_dev_name (VimanaConsoleStream *self);
gboolean             vimana_console_stream_is_open     (VimanaConsoleStream  *self);
void                 vimana_console_stream_open_async  (VimanaConsoleStream  *self,
                                                        gboolean              force,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gboolean             vimana_console_stream_open_finish (VimanaConsoleStream  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
gboolean             vimana_console_stream_write       (VimanaConsoleStream  *self,
                                                        const guint8         *data,
                                                        gsize                 length);
gsize                vimana_console_stream_get_pending (VimanaConsoleStream  *self);
void                 vimana_console_stream_close       (VimanaConsoleStream  *self);

void                 vimana_console_stream_fetch_devices_async  (VimanaDomain         *domain,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
GPtrArray           *vimana_console_stream_fetch_devices_finish (VimanaDomain         *domain,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

G_END_DECLS
