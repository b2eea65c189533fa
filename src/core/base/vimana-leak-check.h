/* vimana-leak-check.h: marking a library's own leaks as not ours, under LeakSanitizer
 *
 * libosinfo 1.10 leaks small allocations inside some calls (its database loader, media and
 * .treeinfo readers). LSan suppressions cannot name them: with the fast unwinder the sanitizer
 * builds use, a stack stops at GLib's allocator. Allocations made on this thread between
 * VIMANA_LEAK_CHECK_PAUSE () and VIMANA_LEAK_CHECK_RESUME () are not reported; keep the pair
 * around the one library call and nothing else. Without a sanitizer both are no-ops.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define VIMANA_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature (address_sanitizer) || __has_feature (leak_sanitizer)
#define VIMANA_HAVE_LSAN 1
#endif
#endif

#ifdef VIMANA_HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#define VIMANA_LEAK_CHECK_PAUSE() __lsan_disable ()
#define VIMANA_LEAK_CHECK_RESUME() __lsan_enable ()
#else
#define VIMANA_LEAK_CHECK_PAUSE() ((void) 0)
#define VIMANA_LEAK_CHECK_RESUME() ((void) 0)
#endif
