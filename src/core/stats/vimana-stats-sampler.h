/* vimana-stats-sampler.h: one connection's statistics, read once per tick on its worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vimana-host-stats.h"

G_BEGIN_DECLS

#define VIMANA_STATS_SAMPLER_MIN_INTERVAL 0.5
#define VIMANA_STATS_SAMPLER_MAX_INTERVAL 60.0
#define VIMANA_STATS_SAMPLER_SLOW_FACTOR  5

#define VIMANA_TYPE_STATS_SAMPLER (vimana_stats_sampler_get_type ())

G_DECLARE_FINAL_TYPE (VimanaStatsSampler, vimana_stats_sampler, VIMANA, STATS_SAMPLER, GObject)

typedef struct _VimanaConnection VimanaConnection;

VimanaStatsSampler *vimana_stats_sampler_new              (VimanaConnection   *connection);
void                vimana_stats_sampler_start            (VimanaStatsSampler *self);
void                vimana_stats_sampler_stop             (VimanaStatsSampler *self);
void                vimana_stats_sampler_set_interval     (VimanaStatsSampler *self,
                                                           double              seconds);
double              vimana_stats_sampler_get_interval     (VimanaStatsSampler *self);
void                vimana_stats_sampler_set_history      (VimanaStatsSampler *self,
                                                           guint               seconds);
guint               vimana_stats_sampler_get_history      (VimanaStatsSampler *self);
void                vimana_stats_sampler_set_slow         (VimanaStatsSampler *self,
                                                           gboolean            slow);
VimanaHostStats    *vimana_stats_sampler_get_host_stats   (VimanaStatsSampler *self);
guint               vimana_stats_sampler_get_ticks        (VimanaStatsSampler *self);
guint               vimana_stats_sampler_get_last_calls   (VimanaStatsSampler *self);
guint               vimana_stats_sampler_get_failed_calls (VimanaStatsSampler *self);
void                vimana_stats_sampler_devices_changed  (VimanaStatsSampler *self,
                                                           const char         *uuid);

G_END_DECLS
