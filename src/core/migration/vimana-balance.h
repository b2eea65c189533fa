/* vimana-balance.h: balance and consolidation advice across hosts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One host (connection) as sampled over the chosen window. Two entries with the same
 * host_uuid are the same host under two URIs and count once (the first one wins). */
typedef struct
{
    const char *host_uuid;
    const char *name;             /* shown in proposals; usually the connection's label */
    guint       cpus;             /* logical CPUs, > 0 */
    double      cpu_used;         /* CPUs busy on average over the window (1.5 = one and a half) */
    guint64     memory_total_kib;     /* 0: the host does not report its memory (see below) */
    guint64     memory_committed_kib; /* sum of the running guests' memory */
    guint64     memory_free_kib;
    gboolean    cpu_unknown;      /* cpu_used not sampled yet: the spread does not compare it */
} VimanaBalanceHost;

/* One running guest, on the host with host_uuid. */
typedef struct
{
    const char *uuid;
    const char *name;
    const char *host_uuid;
    double      cpu_used;         /* CPUs busy on average over the window */
    guint64     memory_kib;
} VimanaBalanceGuest;

/* A host's load as a proposal predicts it. */
typedef struct
{
    double   cpu_percent;         /* of the host's capacity, 0 to 100 (can exceed when overcommitted) */
    guint64  memory_committed_kib;
    guint64  memory_free_kib;
    gboolean memory_known;        /* FALSE: the host does not report its memory */
    double   guests_cpu_percent;  /* its running guests' CPU, of the host's capacity */
} VimanaBalanceLoad;

/* "Move guest from host A to host B", with A's and B's load before and after. */
typedef struct
{
    char             *guest_uuid;
    char             *guest_name;
    char             *from_host_uuid;
    char             *from_name;
    char             *to_host_uuid;
    char             *to_name;
    VimanaBalanceLoad from_before;
    VimanaBalanceLoad from_after;
    VimanaBalanceLoad to_before;
    VimanaBalanceLoad to_after;
    gboolean          by_guests;  /* the hosts' CPU was even: it evens out their guests' CPU */
} VimanaBalanceProposal;

typedef struct
{
    double  spread_percent;       /* balance when max - min CPU % is above this (default 20) */
    double  low_percent;          /* consolidate only when every host is below this (default 30) */
    double  pack_percent;         /* packing fills a host up to this CPU % (default 70) */
    guint64 memory_reserve_kib;   /* free memory a destination keeps after the move (default 256 MiB) */
    guint   max_moves;            /* at most this many proposals (default 8) */
} VimanaBalanceRules;

void       vimana_balance_rules_init     (VimanaBalanceRules          *rules);
void       vimana_balance_proposal_free  (VimanaBalanceProposal       *proposal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaBalanceProposal, vimana_balance_proposal_free)

GPtrArray *vimana_balance_advise         (const VimanaBalanceHost     *hosts,
                                          guint                        n_hosts,
                                          const VimanaBalanceGuest    *guests,
                                          guint                        n_guests,
                                          const VimanaBalanceRules    *rules);
GPtrArray *vimana_balance_consolidate    (const VimanaBalanceHost     *hosts,
                                          guint                        n_hosts,
                                          const VimanaBalanceGuest    *guests,
                                          guint                        n_guests,
                                          const VimanaBalanceRules    *rules,
                                          GPtrArray                  **power_down);
GPtrArray *vimana_balance_spread         (const VimanaBalanceHost     *hosts,
                                          guint                        n_hosts,
                                          const VimanaBalanceGuest    *guests,
                                          guint                        n_guests,
                                          const char * const          *moving,
                                          const VimanaBalanceRules    *rules,
                                          GPtrArray                  **unplaced);
char      *vimana_balance_proposal_describe (const VimanaBalanceProposal *proposal);
char      *vimana_balance_describe_power_down (guint                     n_hosts,
                                               const char               *names);

G_END_DECLS
