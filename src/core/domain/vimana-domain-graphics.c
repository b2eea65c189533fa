/* vimana-domain-graphics.c: the display a guest's console connects to
 *
 * Reading the guest's <graphics> (from the live description when it runs) and asking libvirt for
 * a socket already connected to it. Both run on the connection's worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain"

#include "config.h"

#include "vimana-domain.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"

/* A live guest is described as it runs (the port it was given); the secure description is
 * asked first because only it says whether a password is set. A read-only connection is
 * refused it and gets the plain one. */
static char *
vimana_domain_get_graphics_xml (virDomainPtr   dom,
                                GError       **error)
{
    unsigned int flags = virDomainIsActive (dom) > 0 ? 0 : VIR_DOMAIN_XML_INACTIVE;
    char *xml = virDomainGetXMLDesc (dom, flags | VIR_DOMAIN_XML_SECURE);

    if (xml == NULL) {
        virResetLastError ();
        xml = virDomainGetXMLDesc (dom, flags);
    }
    if (xml == NULL)
        vimana_error_set_from_libvirt (error, _("The guest’s description could not be read."));
    return xml;
}

static void
vimana_domain_fetch_graphics_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    GError *error = NULL;
    VimanaGraphicsInfo *info;
    char *xml = vimana_domain_get_graphics_xml (dom, &error);

    if (xml == NULL) {
        g_task_return_error (task, error);
        return;
    }
    info = vimana_graphics_info_new_from_xml (xml, &error);
    free (xml);   /* allocated by libvirt */
    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_graphics_info_free);
}

/**
 * vimana_domain_fetch_graphics_async:
 * @self: a #VimanaDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads the display the console uses from the live description when the guest runs, else
 * from its configuration.
 */
void
vimana_domain_fetch_graphics_async (VimanaDomain        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_fetch_graphics_async);
    vimana_domain_queue (self, task, vimana_domain_fetch_graphics_job, NULL, NULL);
}

/**
 * vimana_domain_fetch_graphics_finish:
 *
 * Returns: (transfer full) (nullable): the display, to free with vimana_graphics_info_free();
 *   a guest without one gives %VIMANA_GRAPHICS_NONE, not an error
 */
VimanaGraphicsInfo *
vimana_domain_fetch_graphics_finish (VimanaDomain  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* An opened descriptor nobody took (the task was cancelled, or its result dropped) is closed. */
static void
vimana_domain_graphics_fd_free (gpointer data)
{
    int *fd = data;

    if (*fd >= 0)
        g_close (*fd, NULL);
    g_free (fd);
}

static void
vimana_domain_open_graphics_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    GError *error = NULL;
    int *fd = g_new (int, 1);

    /* libvirt authenticated us already: the descriptor needs no password. */
    *fd = virDomainOpenGraphicsFD (dom, GPOINTER_TO_UINT (data),
                                   VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
    if (*fd < 0) {
        g_free (fd);
        vimana_error_set_from_libvirt (&error, NULL);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, fd, vimana_domain_graphics_fd_free);
}

/**
 * vimana_domain_open_graphics_async:
 * @self: a #VimanaDomain
 * @index: the display, as #VimanaGraphicsInfo.index gives it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Asks libvirt for a socket already connected to the guest's display (virDomainOpenGraphicsFD).
 * Only a connection over a local UNIX socket can pass one (see vimana_connection_is_local());
 * elsewhere, and on drivers without it (the test driver), the finish gives the error and the
 * caller connects to the address instead.
 */
void
vimana_domain_open_graphics_async (VimanaDomain        *self,
                                   guint                index,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_open_graphics_async);
    vimana_domain_queue (self, task, vimana_domain_open_graphics_job, GUINT_TO_POINTER (index),
                         NULL);
}

/**
 * vimana_domain_open_graphics_finish:
 *
 * Returns: the connected descriptor, which the caller owns and closes; -1 on error
 */
int
vimana_domain_open_graphics_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    int *fd;
    int value;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), -1);
    g_return_val_if_fail (g_task_is_valid (result, self), -1);

    fd = g_task_propagate_pointer (G_TASK (result), error);
    if (fd == NULL)
        return -1;
    value = *fd;
    *fd = -1;
    vimana_domain_graphics_fd_free (fd);
    return value;
}
