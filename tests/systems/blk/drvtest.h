/* SPDX-License-Identifier: BSD-2-Clause */
/* drvtest.h: what the driver test clients share: checks, bounded waits, random bytes. */
#ifndef DRVTEST_H
#define DRVTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/clock.h>
#include <tessera/driver.h>

/*
 * A test client runs its whole sequence from init() and waits for its driver outside
 * the event loop (tsr_wait_events). Every wait is bounded by the EL1 physical timer,
 * which EL0 may program: the client's manifest gives it interrupt 30 on channel
 * DRVTEST_TIMER. Include this once, from the client, after defining DRVTEST_TIMER and
 * DRVTEST_NAME.
 */

static int passed, failed;

static void check(bool ok, const char *what)
{
	tsr_printf("%s: %s: %s\n", DRVTEST_NAME, what, ok ? "ok" : "FAILED");
	if (ok)
		passed++;
	else
		failed++;
}

/* The last line of every test, and its exit status: the number of failed checks. */
static __attribute__((noreturn)) void finish(void)
{
	tsr_printf("%d passed, %d failed\n", passed, failed);
	tsr_debug_shutdown(failed);
}

/* Events that arrived while we waited for others: kept for the next wait. */
static unsigned long pending_events;

/*
 * Wait until an event on one of the channels in `want` (bits) arrives or `ms` pass;
 * returns the wanted bits that came (0: timed out). The timer's interrupt is level
 * triggered: it is turned off before it is acknowledged.
 */
static unsigned long wait_for(unsigned long want, unsigned ms)
{
	const unsigned long timer_bit = 1UL << DRVTEST_TIMER;
	const unsigned long deadline = tsr_counter() + tsr_counter_hz() / 1000 * ms;
	for (;;) {
		pending_events |= tsr_poll_events();
		if (pending_events & timer_bit) { /* ours, or a late one of an earlier wait */
			tsr_timer_stop();
			pending_events &= ~timer_bit;
			tsr_irq_ack(DRVTEST_TIMER);
		}
		if ((pending_events & want) || tsr_counter() >= deadline)
			break;
		tsr_timer_arm(deadline);
		pending_events |= tsr_wait_events();
	}
	tsr_timer_stop();
	unsigned long got = pending_events & want;
	pending_events &= ~want;
	return got;
}

/* A small deterministic generator (xorshift64*) for patterns and garbage. */
static uint64_t random_state = 0x9e3779b97f4a7c15ULL;

static uint64_t random64(void)
{
	random_state ^= random_state >> 12;
	random_state ^= random_state << 25;
	random_state ^= random_state >> 27;
	return random_state * 0x2545f4914f6cdd1dULL;
}

static void random_fill(volatile void *p, unsigned long bytes)
{
	volatile uint8_t *b = p;
	for (unsigned long i = 0; i < bytes; i++)
		b[i] = (uint8_t)random64();
}

#endif
