/* test-balance.c: the balance and consolidation advisors, as table cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "vimana-balance.h"

#define HA "aaaaaaaa-0000-0000-0000-000000000001"
#define HB "bbbbbbbb-0000-0000-0000-000000000002"
#define HC "cccccccc-0000-0000-0000-000000000003"
#define GIB (1024 * 1024)

#define G1 "00000000-0000-0000-0000-0000000000g1"
#define G2 "00000000-0000-0000-0000-0000000000g2"
#define G3 "00000000-0000-0000-0000-0000000000g3"
#define G4 "00000000-0000-0000-0000-0000000000g4"

static VimanaBalanceRules
default_rules (void)
{
    VimanaBalanceRules rules;

    vimana_balance_rules_init (&rules);
    return rules;
}

/* 3 busy guests on A (4 CPUs, 3 busy), none on B: one move, and its predicted effect. */
static void
test_lopsided_pair (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 3.0, 8 * GIB, 3 * GIB, 5 * GIB },
        { HB, "B", 4, 0.0, 8 * GIB, 0, 8 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 1.0, GIB },
        { G2, "two", HA, 1.0, GIB },
        { G3, "three", HA, 1.0, GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (hosts, 2, guests, 3, &rules);
    VimanaBalanceProposal *m;

    g_assert_cmpuint (p->len, ==, 1);
    m = g_ptr_array_index (p, 0);
    g_assert_cmpstr (m->guest_uuid, ==, G1);  /* ties go to the smaller UUID */
    g_assert_cmpstr (m->guest_name, ==, "one");
    g_assert_cmpstr (m->from_host_uuid, ==, HA);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    g_assert_cmpstr (m->from_name, ==, "A");
    g_assert_cmpstr (m->to_name, ==, "B");
    g_assert_cmpfloat_with_epsilon (m->from_before.cpu_percent, 75.0, 0.001);
    g_assert_cmpfloat_with_epsilon (m->from_after.cpu_percent, 50.0, 0.001);
    g_assert_cmpfloat_with_epsilon (m->to_before.cpu_percent, 0.0, 0.001);
    g_assert_cmpfloat_with_epsilon (m->to_after.cpu_percent, 25.0, 0.001);
    g_assert_cmpuint (m->from_after.memory_free_kib, ==, 6 * GIB);
    g_assert_cmpuint (m->from_after.memory_committed_kib, ==, 2 * GIB);
    g_assert_cmpuint (m->to_after.memory_free_kib, ==, 7 * GIB);
    g_assert_cmpuint (m->to_after.memory_committed_kib, ==, GIB);

    {
        /* g_format_size () puts a no-break space between the number and the unit. */
        g_autofree char *text = vimana_balance_proposal_describe (m);
        g_assert_cmpstr (text, ==,
                         "Move “one” from A to B. A: CPU 75 % → 50 %, free memory 5.0\u00a0GiB → 6.0\u00a0GiB. "
                         "B: CPU 0 % → 25 %, free memory 8.0\u00a0GiB → 7.0\u00a0GiB.");
    }
}

static void
test_already_balanced (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 2.0, 8 * GIB, 2 * GIB, 6 * GIB },
        { HB, "B", 4, 1.6, 8 * GIB, 2 * GIB, 6 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 2.0, 2 * GIB },
        { G2, "two", HB, 1.6, 2 * GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (hosts, 2, guests, 2, &rules);

    g_assert_cmpuint (p->len, ==, 0);
}

/* B is idle but has no room for any of A's guests (free less the reserve). */
static void
test_memory_bound (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 3.0, 16 * GIB, 12 * GIB, 4 * GIB },
        { HB, "B", 4, 0.0, 4 * GIB, 0, 4 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 1.0, 4 * GIB },
        { G2, "two", HA, 1.0, 4 * GIB },
        { G3, "three", HA, 1.0, 4 * GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (hosts, 2, guests, 3, &rules);

    g_assert_cmpuint (p->len, ==, 0);

    /* With a smaller guest that fits, that one moves even though it helps less. */
    guests[2].memory_kib = GIB;
    guests[2].cpu_used = 0.5;
    {
        g_autoptr(GPtrArray) q = vimana_balance_advise (hosts, 2, guests, 3, &rules);
        g_assert_cmpuint (q->len, ==, 1);
        g_assert_cmpstr (((VimanaBalanceProposal *) g_ptr_array_index (q, 0))->guest_uuid, ==, G3);
    }
}

/* Two connections to the same host (one host UUID): one host, nothing to move between them. */
static void
test_same_host_twice (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A system", 4, 3.0, 8 * GIB, 3 * GIB, 5 * GIB },
        { HA, "A by address", 4, 0.0, 8 * GIB, 0, 8 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 1.0, GIB },
        { G2, "two", HA, 1.0, GIB },
        { G1, "one", HA, 1.0, GIB },  /* the same guest seen through both */
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (hosts, 2, guests, 3, &rules);
    g_autoptr(GPtrArray) down = NULL;
    g_autoptr(GPtrArray) c = vimana_balance_consolidate (hosts, 2, guests, 3, &rules, &down);

    g_assert_cmpuint (p->len, ==, 0);
    g_assert_cmpuint (c->len, ==, 0);
    g_assert_cmpuint (down->len, ==, 0);
}

static void
test_nothing_to_do (void)
{
    VimanaBalanceHost one[] = {
        { HA, "A", 4, 3.5, 8 * GIB, 3 * GIB, 5 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 3.5, GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (one, 1, guests, 1, &rules);
    g_autoptr(GPtrArray) e = vimana_balance_advise (NULL, 0, NULL, 0, &rules);

    g_assert_cmpuint (p->len, ==, 0);
    g_assert_cmpuint (e->len, ==, 0);

    /* Lopsided, but the only guest is idle: moving it changes nothing. */
    {
        VimanaBalanceHost hosts[] = {
            { HA, "A", 4, 3.0, 8 * GIB, GIB, 7 * GIB },  /* busy with something not a guest */
            { HB, "B", 4, 0.0, 8 * GIB, 0, 8 * GIB },
        };
        VimanaBalanceGuest idle[] = { { G1, "one", HA, 0.0, GIB } };
        g_autoptr(GPtrArray) q = vimana_balance_advise (hosts, 2, idle, 1, &rules);
        g_assert_cmpuint (q->len, ==, 0);
    }
}

/* Three lightly loaded hosts: C's and A's guests fit on B; A and C could be powered down. */
static void
test_consolidate_low_load (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 0.4, 8 * GIB, GIB, 7 * GIB },
        { HB, "B", 4, 1.0, 8 * GIB, 2 * GIB, 6 * GIB },
        { HC, "C", 4, 0.2, 8 * GIB, GIB, 7 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 0.4, GIB },
        { G2, "two", HB, 1.0, 2 * GIB },
        { G3, "three", HC, 0.2, GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) down = NULL;
    g_autoptr(GPtrArray) c = vimana_balance_consolidate (hosts, 3, guests, 3, &rules, &down);
    VimanaBalanceProposal *m;

    g_assert_cmpuint (c->len, ==, 2);
    m = g_ptr_array_index (c, 0);
    g_assert_cmpstr (m->guest_uuid, ==, G3);
    g_assert_cmpstr (m->from_host_uuid, ==, HC);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    m = g_ptr_array_index (c, 1);
    g_assert_cmpstr (m->guest_uuid, ==, G1);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    g_assert_cmpfloat_with_epsilon (m->to_after.cpu_percent, 40.0, 0.001);
    g_assert_cmpuint (down->len, ==, 2);
    g_assert_cmpstr (g_ptr_array_index (down, 0), ==, HC);
    g_assert_cmpstr (g_ptr_array_index (down, 1), ==, HA);

    {
        g_autofree char *text = vimana_balance_describe_power_down (2, "C, A");
        g_assert_cmpstr (text, ==, "After these moves, C, A run no guest and could be powered down. "
                                   "Vimana does not power hosts off: do it on the hosts.");
    }
}

/* One host at or above the low mark: no consolidation. Memory that does not fit: none either. */
static void
test_consolidate_not_low (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 0.4, 8 * GIB, GIB, 7 * GIB },
        { HB, "B", 4, 1.6, 8 * GIB, 2 * GIB, 6 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 0.4, GIB },
        { G2, "two", HB, 1.6, 2 * GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) down = NULL;
    g_autoptr(GPtrArray) c = vimana_balance_consolidate (hosts, 2, guests, 2, &rules, &down);

    g_assert_cmpuint (c->len, ==, 0);
    g_assert_cmpuint (down->len, ==, 0);

    hosts[1].cpu_used = 0.8;
    guests[1].cpu_used = 0.8;
    hosts[1].memory_free_kib = GIB;  /* B cannot take A's guest and keep its reserve */
    hosts[0].memory_free_kib = GIB;  /* nor A B's */
    {
        g_autoptr(GPtrArray) down2 = NULL;
        g_autoptr(GPtrArray) c2 = vimana_balance_consolidate (hosts, 2, guests, 2, &rules, &down2);
        g_assert_cmpuint (c2->len, ==, 0);
        g_assert_cmpuint (down2->len, ==, 0);
    }
}

/* A destination that does not report its memory (total 0) does not limit the move, and the
 * proposal says its memory is not reported instead of inventing a figure. */
static void
test_memory_not_reported (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 3.0, 8 * GIB, 3 * GIB, 5 * GIB },
        { HB, "B", 4, 0.0, 0, 0, 0 },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 1.0, GIB },
        { G2, "two", HA, 1.0, GIB },
        { G3, "three", HA, 1.0, GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) moves = vimana_balance_advise (hosts, 2, guests, 3, &rules);
    VimanaBalanceProposal *m;
    g_autofree char *text = NULL;

    g_assert_cmpuint (moves->len, >=, 1);
    m = g_ptr_array_index (moves, 0);
    g_assert_cmpstr (m->from_host_uuid, ==, HA);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    g_assert_true (m->from_before.memory_known);
    g_assert_false (m->to_before.memory_known);
    text = vimana_balance_proposal_describe (m);
    g_assert_nonnull (strstr (text, "B: CPU 0 % → 25 %, free memory not reported."));
    g_assert_nonnull (strstr (text, "A: CPU 75 % → 50 %, free memory 5.0"));
}

/* Evacuating A's idle guests over B and C: their CPU use is within the spread rule (10 % and
 * 0 %), a tie, so the one with fewer guests gets the next; a guest already on C counts.
 * Nothing goes back to A. */
static void
test_spread_idle (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 0.0, 8 * GIB, 3 * GIB, 5 * GIB },
        { HB, "B", 4, 0.4, 8 * GIB, 0, 8 * GIB },
        { HC, "C", 4, 0.0, 8 * GIB, GIB, 7 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 0.0, GIB },
        { G2, "two", HA, 0.0, GIB },
        { G3, "three", HA, 0.0, GIB },
        { G4, "four", HC, 0.0, GIB },
    };
    const char *moving[] = { G1, G2, G3, NULL };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) unplaced = NULL;
    g_autoptr(GPtrArray) p = vimana_balance_spread (hosts, 3, guests, 4, moving, &rules, &unplaced);

    g_assert_cmpuint (p->len, ==, 3);
    g_assert_cmpuint (unplaced->len, ==, 0);
    /* Same memory: by UUID. B has none, C one: B; then B and C one each: the earlier, B... */
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[0])->guest_uuid, ==, G1);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[0])->to_host_uuid, ==, HB);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[1])->guest_uuid, ==, G2);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[1])->to_host_uuid, ==, HB);
    /* ...then B has two, C one: C. */
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[2])->guest_uuid, ==, G3);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[2])->to_host_uuid, ==, HC);
    for (guint i = 0; i < p->len; i++) {
        VimanaBalanceProposal *m = g_ptr_array_index (p, i);

        g_assert_cmpstr (m->from_host_uuid, ==, HA);
        g_assert_cmpstr (m->from_name, ==, "A");
    }
    g_assert_cmpuint (((VimanaBalanceProposal *) p->pdata[2])->to_after.memory_free_kib, ==,
                      6 * GIB);
}

/* The largest first, each where it fits and CPU use ends lowest; one fits nowhere, and one
 * is on no known host: both are named as not placed. */
static void
test_spread_memory_and_cpu (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 1.5, 16 * GIB, 7 * GIB, 9 * GIB },
        { HB, "B", 4, 2.0, 16 * GIB, 8 * GIB, 8 * GIB },
        { HC, "C", 4, 0.0, 4 * GIB, GIB, 3 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 0.5, 2 * GIB },
        { G2, "two", HA, 0.5, GIB },
        { G3, "three", HA, 0.5, 4 * GIB },
        { G4, "four", HA, 0.0, 12 * GIB },
    };
    const char *moving[] = { G1, G2, G3, G4, "no-such-guest", NULL };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) unplaced = NULL;
    g_autoptr(GPtrArray) p = vimana_balance_spread (hosts, 3, guests, 4, moving, &rules, &unplaced);
    VimanaBalanceProposal *m;

    g_assert_cmpuint (p->len, ==, 3);
    /* 4 GiB does not fit in C's 3 GiB free: B (50 % → 62.5 %). */
    m = g_ptr_array_index (p, 0);
    g_assert_cmpstr (m->guest_uuid, ==, G3);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    g_assert_cmpfloat_with_epsilon (m->to_after.cpu_percent, 62.5, 0.001);
    /* 2 GiB fits in C (3 GiB, less the 256 MiB reserve), where CPU ends at 12.5 %. */
    m = g_ptr_array_index (p, 1);
    g_assert_cmpstr (m->guest_uuid, ==, G1);
    g_assert_cmpstr (m->to_host_uuid, ==, HC);
    g_assert_cmpfloat_with_epsilon (m->to_after.cpu_percent, 12.5, 0.001);
    /* C has 1 GiB left, less the reserve: too little; B. */
    m = g_ptr_array_index (p, 2);
    g_assert_cmpstr (m->guest_uuid, ==, G2);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    g_assert_cmpfloat_with_epsilon (m->to_after.cpu_percent, 75.0, 0.001);
    g_assert_cmpuint (unplaced->len, ==, 2);
    g_assert_cmpstr (unplaced->pdata[0], ==, "no-such-guest");
    g_assert_cmpstr (unplaced->pdata[1], ==, G4);
}

/* With no host to go to (the only other connection reaches A too), nothing is placed. */
static void
test_spread_nowhere (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 0.5, 8 * GIB, GIB, 7 * GIB },
        { HA, "A again", 4, 0.5, 8 * GIB, GIB, 7 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 0.5, GIB },
    };
    const char *moving[] = { G1, NULL };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) unplaced = NULL;
    g_autoptr(GPtrArray) p = vimana_balance_spread (hosts, 2, guests, 1, moving, &rules, &unplaced);

    g_assert_cmpuint (p->len, ==, 0);
    g_assert_cmpuint (unplaced->len, ==, 1);
    g_assert_cmpstr (unplaced->pdata[0], ==, G1);
}

/* A host not sampled yet looks idle (0 CPUs busy): it does not win by CPU over one that was,
 * the guest counts decide (B has one, C none: C, then B). */
static void
test_spread_cpu_unknown (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 1.0, 8 * GIB, 2 * GIB, 6 * GIB, FALSE },
        { HB, "B", 4, 3.0, 8 * GIB, GIB, 7 * GIB, FALSE },
        { HC, "C", 4, 0.0, 8 * GIB, 0, 8 * GIB, TRUE },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 0.0, GIB },
        { G2, "two", HA, 0.0, GIB },
        { G3, "three", HB, 1.0, GIB },
    };
    const char *moving[] = { G1, G2, NULL };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_spread (hosts, 3, guests, 3, moving, &rules, NULL);

    g_assert_cmpuint (p->len, ==, 2);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[0])->to_host_uuid, ==, HC);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[1])->to_host_uuid, ==, HB);

    /* Sampled, C's 0 % against B's 75 % is no tie: both go to C. */
    hosts[2].cpu_unknown = FALSE;
    g_ptr_array_unref (p);
    p = vimana_balance_spread (hosts, 3, guests, 3, moving, &rules, NULL);
    g_assert_cmpuint (p->len, ==, 2);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[0])->to_host_uuid, ==, HC);
    g_assert_cmpstr (((VimanaBalanceProposal *) p->pdata[1])->to_host_uuid, ==, HC);
}

/* Two daemons on one machine report the same busy machine: the hosts' CPU is even, their
 * guests' is not. The guests' pass moves one of A's two busy guests to B, and says so. */
static void
test_even_hosts_lopsided_guests (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 2, 2.0, 8 * GIB, 2 * GIB, 4 * GIB },
        { HB, "B", 2, 2.0, 8 * GIB, 0, 4 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G2, "two", HA, 0.6, GIB },
        { G1, "one", HA, 0.6, GIB },
        { G3, "idle", HA, 0.0, GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (hosts, 2, guests, 3, &rules);
    VimanaBalanceProposal *m;
    g_autofree char *text = NULL;

    g_assert_cmpuint (p->len, ==, 1);
    m = g_ptr_array_index (p, 0);
    g_assert_true (m->by_guests);
    g_assert_cmpstr (m->guest_uuid, ==, G1);  /* ties go to the smaller UUID */
    g_assert_cmpstr (m->from_host_uuid, ==, HA);
    g_assert_cmpstr (m->to_host_uuid, ==, HB);
    g_assert_cmpfloat_with_epsilon (m->from_before.guests_cpu_percent, 60.0, 0.001);
    g_assert_cmpfloat_with_epsilon (m->from_after.guests_cpu_percent, 30.0, 0.001);
    g_assert_cmpfloat_with_epsilon (m->to_before.guests_cpu_percent, 0.0, 0.001);
    g_assert_cmpfloat_with_epsilon (m->to_after.guests_cpu_percent, 30.0, 0.001);
    text = vimana_balance_proposal_describe (m);
    g_assert_cmpstr (text, ==,
                     "Move “one” from A to B to even out the guests’ CPU. "
                     "A: guests’ CPU 60 % → 30 %, free memory 4.0\u00a0GiB → 5.0\u00a0GiB. "
                     "B: guests’ CPU 0 % → 30 %, free memory 4.0\u00a0GiB → 3.0\u00a0GiB.");

    /* The guests within the spread of each other: nothing. */
    guests[0].host_uuid = HB;
    {
        g_autoptr(GPtrArray) q = vimana_balance_advise (hosts, 2, guests, 3, &rules);
        g_assert_cmpuint (q->len, ==, 0);
    }
    /* One busy guest only: moving it only swaps the sides, so nothing either. */
    guests[0].host_uuid = HA;
    guests[0].cpu_used = 0.0;
    {
        g_autoptr(GPtrArray) q = vimana_balance_advise (hosts, 2, guests, 3, &rules);
        g_assert_cmpuint (q->len, ==, 0);
    }
}

/* When the hosts' CPU is uneven the first pass decides; the guests' pass adds nothing. */
static void
test_hosts_pass_first (void)
{
    VimanaBalanceHost hosts[] = {
        { HA, "A", 4, 3.0, 8 * GIB, 3 * GIB, 5 * GIB },
        { HB, "B", 4, 0.0, 8 * GIB, 0, 8 * GIB },
    };
    VimanaBalanceGuest guests[] = {
        { G1, "one", HA, 1.0, GIB },
        { G2, "two", HA, 1.0, GIB },
        { G3, "three", HA, 1.0, GIB },
    };
    VimanaBalanceRules rules = default_rules ();
    g_autoptr(GPtrArray) p = vimana_balance_advise (hosts, 2, guests, 3, &rules);

    g_assert_cmpuint (p->len, ==, 1);
    g_assert_false (((VimanaBalanceProposal *) g_ptr_array_index (p, 0))->by_guests);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/balance/lopsided-pair", test_lopsided_pair);
    g_test_add_func ("/balance/already-balanced", test_already_balanced);
    g_test_add_func ("/balance/memory-bound", test_memory_bound);
    g_test_add_func ("/balance/same-host-twice", test_same_host_twice);
    g_test_add_func ("/balance/nothing-to-do", test_nothing_to_do);
    g_test_add_func ("/balance/consolidate-low-load", test_consolidate_low_load);
    g_test_add_func ("/balance/consolidate-not-low", test_consolidate_not_low);
    g_test_add_func ("/balance/memory-not-reported", test_memory_not_reported);
    g_test_add_func ("/balance/spread-idle", test_spread_idle);
    g_test_add_func ("/balance/spread-memory-and-cpu", test_spread_memory_and_cpu);
    g_test_add_func ("/balance/spread-nowhere", test_spread_nowhere);
    g_test_add_func ("/balance/spread-cpu-unknown", test_spread_cpu_unknown);
    g_test_add_func ("/balance/even-hosts-lopsided-guests", test_even_hosts_lopsided_guests);
    g_test_add_func ("/balance/hosts-pass-first", test_hosts_pass_first);
    return g_test_run ();
}
