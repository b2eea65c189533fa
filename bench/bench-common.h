/* bench-common.h: what bench-startup and bench-stats share
 *
 * Both programs are a parent that writes a node file, prepares the children's environment and
 * runs fresh copies of itself, and a child that runs the real VimanaApplication and prints one
 * flat JSON object of figures; the parent gathers those into series and prints median, min and
 * max. The pieces of that which do not depend on what is measured live here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gtk/gtk.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vimana-application.h"
#include "vimana-connection.h"
#include "vimana-domain-view.h"
#include "vimana-window.h"

G_BEGIN_DECLS

/* ---- options every bench has (bench_init() parses them) ---- */

extern gboolean bench_opt_no_a11y;

/* ---- measuring, in any process ---- */

double      bench_a11y_bridge_active (void);
double      bench_cpu_process      (void);
double      bench_now_s            (void);
double      bench_status_mib       (const char *key);
GHashTable *bench_thread_ticks     (void);

/* ---- statistics ---- */

double      bench_median           (GArray     *values);
void        bench_json_add         (GString    *json,
                                    const char *key,
                                    double      value);

typedef struct
{
    GPtrArray  *keys;           /* in first-seen order */
    GHashTable *values;         /* key → GArray of double */
    char       *mode_applied;   /* the first "mode …" line a child printed, or NULL */
} BenchSeries;

BenchSeries *bench_series_new        (void);
void         bench_series_free       (BenchSeries *series);
double       bench_series_median     (BenchSeries *series,
                                      const char  *key);
void         bench_series_print      (BenchSeries *series,
                                      int          key_width,
                                      const char  *summary_prefix,
                                      GString     *summary);

/* ---- parent ---- */

typedef struct
{
    GTestDBus  *bus;       /* the children's private session bus, or NULL */
    char       *tmpdir;
    char       *node;      /* the node file of the current round (bench_parent_node()) */
    char       *nodes[2];  /* every node file, in the order of node_kinds */
    const char *node_kinds[2];   /* "running" (every guest running), "mixed" */
    guint       n_nodes;
    GString    *summary;   /* the one JSON line of medians, opened with "{" */
    int         failures;  /* children that failed */
    double      t0;
} BenchParent;

gboolean     bench_parent_begin      (BenchParent *parent,
                                      gboolean     gl,
                                      int          domains);
const char  *bench_parent_node       (BenchParent *parent,
                                      guint        i);
int          bench_parent_end        (BenchParent *parent,
                                      gboolean     keep);

gboolean     bench_init              (int                *argc,
                                      char             ***argv,
                                      const char         *parameter_string,
                                      const GOptionEntry *entries);
char        *bench_self_exe          (void);
gboolean     bench_have_display      (const char *program,
                                      const char *self_exe);
gboolean     bench_spawn             (const char * const *argv,
                                      const char         *label,
                                      BenchSeries        *series);

/* ---- child ---- */

void               bench_libvirt_quiet_cb (void        *user_data,
                                           virErrorPtr  error);
VimanaApplication *bench_application_new  (void);
int                bench_application_run  (VimanaApplication **app,
                                           const char         *node,
                                           const int          *child_status,
                                           const gboolean     *shown);
void               bench_hook_window      (VimanaApplication *app,
                                           VimanaWindow     **window,
                                           VimanaDomainView **view,
                                           GCallback          draw_cb,
                                           gpointer           user_data);
VimanaConnection  *bench_list_shown       (VimanaApplication *app,
                                           VimanaDomainView  *view,
                                           guint              domains);

G_END_DECLS
