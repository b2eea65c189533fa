/* vimana-malloc.c: how the process's allocator is set up
 *
 * glibc gives each thread that allocates its own arena, up to eight per core; each holds its
 * free memory apart from the others. Vimana's threads (the main loop, a worker per connection,
 * GDBus's, the accessibility bridge's, libvirt's event thread) allocate little and at different
 * times, so their arenas held about 10 MiB of freed memory at 1,000 guests (bench-stats: 95 MiB
 * with two arenas, 84 MiB with one). With one arena that memory is reused by whichever thread
 * asks next. glibc's per-thread cache still serves small allocations without the arena's lock,
 * and no thread here allocates in a tight loop, so the shared lock costs nothing measurable
 * (the same run's CPU was no higher). A MALLOC_ARENA_MAX in the environment still wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana"

#include "config.h"

#include "vimana-malloc.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

/**
 * vimana_malloc_tune:
 *
 * Sets up the allocator for the application. Call it first, before any thread starts.
 */
void
vimana_malloc_tune (void)
{
#ifdef __GLIBC__
    if (g_getenv ("MALLOC_ARENA_MAX") == NULL && mallopt (M_ARENA_MAX, 1) != 1)
        g_debug ("mallopt (M_ARENA_MAX) was refused");
#endif
}
