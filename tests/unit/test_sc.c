/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests of the sporadic-server scheduling contexts (kernel/src/sc.c). */
#include "check.h"
#include <sc.h>
#include <stdint.h>

#define BUDGET 2000ULL	/* 2 ms at 1 MHz */
#define PERIOD 10000ULL /* 10 ms */

static struct sched_context sc;

static const struct refill *nth(unsigned i) { return &sc.refill[(sc.head + i) % SC_REFILLS]; }

/* The invariants: 1..SC_REFILLS refills, none empty, in release order, summing to budget. */
static int sc_errors(void)
{
	uint64_t sum = 0;
	int bad = sc.count < 1 || sc.count > SC_REFILLS || sc.head >= SC_REFILLS;

	for (unsigned i = 0; !bad && i < sc.count; i++) {
		sum += nth(i)->amount;
		bad += nth(i)->amount == 0 || (i && nth(i)->release < nth(i - 1)->release);
	}
	return bad + (sum != sc.budget);
}

static void charge(uint64_t start, uint64_t used)
{
	sc_charge(&sc, start, used);
	CHECK_EQ_INT(sc_errors(), 0);
}

TEST(full_budget_at_configure)
{
	struct thread *who = (struct thread *)&sc; /* any non-NULL pointer */
	memset(&sc, 0x5a, sizeof(sc));
	sc.bound = who;
	sc_configure(&sc, BUDGET, PERIOD, 500);
	CHECK_EQ_INT(sc_errors(), 0);
	CHECK_EQ_U64(sc_available(&sc, 499), 0);
	CHECK_EQ_U64(sc_available(&sc, 500), BUDGET);
	CHECK_EQ_U64(sc_next_release(&sc), 500);
	CHECK_EQ_U64(sc.consumed, 0);
	CHECK(sc.bound == who);
}

TEST(charges_in_pieces_exhaust_and_come_back_one_period_later)
{
	sc_configure(&sc, BUDGET, PERIOD, 0);
	charge(0, 500);
	CHECK_EQ_U64(sc_available(&sc, 500), 1500);
	charge(500, 700);
	charge(1200, 300);
	CHECK_EQ_U64(sc_available(&sc, 1500), 500);
	CHECK_EQ_U64(sc_next_release(&sc), 0); /* the partly used first refill */
	charge(1500, 500);
	CHECK_EQ_U64(sc.consumed, BUDGET);
	CHECK_EQ_INT(sc.count, 4);
	CHECK_EQ_U64(sc_available(&sc, 2000), 0);
	CHECK_EQ_U64(sc_available(&sc, 9999), 0);
	CHECK_EQ_U64(sc_next_release(&sc), 10000);
	/* Each piece returns exactly at its start + period, not a tick earlier. */
	CHECK_EQ_U64(sc_available(&sc, 10000), 500);
	CHECK_EQ_U64(sc_available(&sc, 10499), 500);
	CHECK_EQ_U64(sc_available(&sc, 10500), 1200);
	CHECK_EQ_U64(sc_available(&sc, 11199), 1200);
	CHECK_EQ_U64(sc_available(&sc, 11200), 1500);
	CHECK_EQ_U64(sc_available(&sc, 11499), 1500);
	CHECK_EQ_U64(sc_available(&sc, 11500), BUDGET);
	/* Using 600 at 10600 spans two refills: the first goes, the second keeps 600. */
	charge(10600, 600);
	CHECK_EQ_INT(sc.count, 4);
	CHECK_EQ_U64(sc_next_release(&sc), 10500);
	CHECK_EQ_U64(sc_available(&sc, 10600), 600);
	CHECK_EQ_U64(nth(3)->release, 20600);
	CHECK_EQ_U64(nth(3)->amount, 600);
}

TEST(charging_more_than_available_is_clamped)
{
	sc_configure(&sc, BUDGET, PERIOD, 100);
	charge(50, 10); /* nothing released yet */
	CHECK_EQ_U64(sc.consumed, 0);
	CHECK_EQ_U64(sc_available(&sc, 100), BUDGET);
	charge(100, 5000);
	CHECK_EQ_U64(sc.consumed, BUDGET);
	CHECK_EQ_U64(sc_available(&sc, 100 + PERIOD - 1), 0);
	CHECK_EQ_U64(sc_available(&sc, 100 + PERIOD), BUDGET);
	charge(200, 1); /* none left */
	CHECK_EQ_U64(sc.consumed, BUDGET);
	charge(300, 0);
	CHECK_EQ_INT(sc.count, 1);
}

TEST(full_ring_merges_into_the_tail)
{
	sc_configure(&sc, BUDGET, PERIOD, 0);
	for (uint64_t i = 0; i < SC_REFILLS - 1; i++)
		charge(i * 100, 100);
	CHECK_EQ_INT(sc.count, SC_REFILLS);
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->release, 600 + PERIOD);
	charge(700, 100);
	CHECK_EQ_INT(sc.count, SC_REFILLS);
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->release, 700 + PERIOD);
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->amount, 200);
	/* Using up the head frees a slot: the next refill is appended again. */
	charge(800, BUDGET - 800);
	CHECK_EQ_INT(sc.count, SC_REFILLS);
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->release, 800 + PERIOD);
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->amount, BUDGET - 800);
	CHECK_EQ_U64(sc_next_release(&sc), PERIOD);
	/* Merging never makes budget available early: at 700 + PERIOD, 6 x 100 + 200. */
	CHECK_EQ_U64(sc_available(&sc, 700 + PERIOD - 1), 600);
	CHECK_EQ_U64(sc_available(&sc, 700 + PERIOD), 800);
}

TEST(released_refills_fold_into_one_at_the_head)
{
	sc_configure(&sc, BUDGET, PERIOD, 0);
	for (uint64_t i = 0; i < SC_REFILLS; i++)
		charge(i * 100, 100);
	CHECK_EQ_INT(sc.count, SC_REFILLS);
	/* Unused 1200 from 0, six of 100 from PERIOD on, 200 merged at 700 + PERIOD. */
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->release, 700 + PERIOD);
	/* At 500 + PERIOD seven are released: they fold, keeping the latest release. */
	charge(500 + PERIOD, 50);
	CHECK_EQ_INT(sc.count, 3);
	CHECK_EQ_U64(sc_next_release(&sc), 500 + PERIOD);
	CHECK_EQ_U64(sc_available(&sc, 500 + PERIOD), BUDGET - 200 - 50);
	CHECK_EQ_U64(sc_available(&sc, 700 + PERIOD), BUDGET - 50);
	CHECK_EQ_U64(nth(2)->release, 500 + 2 * PERIOD);
	CHECK_EQ_U64(nth(2)->amount, 50);
}

/* Misuse: a start earlier than the last one's. Refills stay in order (sc_errors). */
TEST(charges_out_of_time_order_keep_refills_in_order)
{
	sc_configure(&sc, BUDGET, PERIOD, 0);
	charge(1000, 100);
	charge(500, 100);
	CHECK_EQ_U64(nth(2)->release, 1000 + PERIOD);
	for (uint64_t i = 0; i < SC_REFILLS; i++)
		charge(1500 + i, 100);
	CHECK_EQ_INT(sc.count, SC_REFILLS);
	charge(600, 100); /* merged into the tail: its release does not move earlier */
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->release, 1500 + SC_REFILLS - 1 + PERIOD);
	CHECK_EQ_U64(nth(SC_REFILLS - 1)->amount, 500); /* 3 x 100 merged, and this 100 */
	CHECK_EQ_U64(sc_available(&sc, 1506 + PERIOD), BUDGET - 500);
	CHECK_EQ_U64(sc_available(&sc, 1507 + PERIOD), BUDGET);
}

TEST(misconfiguration_is_harmless)
{
	sc_configure(&sc, 0, PERIOD, 0);
	CHECK_EQ_U64(sc_available(&sc, 12345), 0);
	CHECK_EQ_U64(sc_next_release(&sc), UINT64_MAX);
	sc_charge(&sc, 12345, 10);
	CHECK_EQ_U64(sc.consumed, 0);
	sc_configure(&sc, BUDGET, 0, 0);
	CHECK_EQ_U64(sc_available(&sc, 12345), 0);
	sc_configure(&sc, 3 * PERIOD, PERIOD, 0); /* more than the period: cut to it */
	CHECK_EQ_U64(sc_available(&sc, 0), PERIOD);
	CHECK_EQ_INT(sc_errors(), 0);
}

/*
 * A thread that runs whenever it has budget, for `slice` ticks at most (1: every tick
 * is charged alone; 0: random slices and random idle gaps). Records which ticks it ran
 * and checks that no window of one period holds more than the budget.
 */
#define SIM_PERIODS 100
#define SIM_TICKS (SIM_PERIODS * PERIOD)
static uint8_t ran[SIM_TICKS];
static uint32_t seed = 2024;

static uint32_t lcg(void)
{
	seed = seed * 1664525u + 1013904223u;
	return seed >> 8;
}

static uint64_t simulate(uint64_t slice)
{
	uint64_t t = 0, total = 0, window = 0, worst = 0;
	int errors = 0;

	memset(ran, 0, sizeof(ran));
	sc_configure(&sc, BUDGET, PERIOD, 0);
	while (t < SIM_TICKS) {
		uint64_t avail = sc_available(&sc, t), run = slice ? slice : 1 + lcg() % 700;
		if (!avail) {
			errors += sc_next_release(&sc) <= t;
			t = sc_next_release(&sc);
			continue;
		}
		run = run < avail ? run : avail;
		if (run > SIM_TICKS - t)
			run = SIM_TICKS - t;
		sc_charge(&sc, t, run);
		errors += sc_errors();
		memset(ran + t, 1, run);
		total += run;
		t += run;
		if (!slice && lcg() % 3 == 0)
			t += lcg() % 3000;
	}
	CHECK_EQ_INT(errors, 0);
	CHECK_EQ_U64(sc.consumed, total);
	for (uint64_t i = 0; i < SIM_TICKS; i++) {
		window += ran[i] - (i >= PERIOD ? ran[i - PERIOD] : 0);
		worst = window > worst ? window : worst;
	}
	CHECK(worst <= BUDGET);
	return total;
}

/* Charged tick by tick, the ring fills and merging delays some budget: most of the
 * share (measured: 96%), still never more than the budget in a period. */
TEST(greedy_thread_charged_every_tick_gets_its_share_and_no_more)
{
	uint64_t total = simulate(1);
	CHECK(total <= SIM_PERIODS * BUDGET);
	CHECK(total >= SIM_PERIODS * BUDGET * 9 / 10);
}

TEST(greedy_thread_in_slices_gets_its_share_and_no_more)
{
	uint64_t total = simulate(300);
	CHECK(total <= SIM_PERIODS * BUDGET);
	CHECK(total >= (SIM_PERIODS - 1) * BUDGET);
}

TEST(random_slices_and_gaps_never_exceed_the_budget_per_period)
{
	for (int round = 0; round < 5; round++)
		CHECK(simulate(0) > 0);
}

int main(void) { return check_run(); }
