/* SPDX-License-Identifier: BSD-2-Clause */
/* The timer service: deadlines for up to 32 clients on the EL1 physical timer. */
#include <tessera/clock.h>
#include <tessera/driver.h>
#include <tessera/timer.h>

/*
 * Client k (k < 30) calls on channel k (TSR_TIMER_SET, w0 = deadline in ns), is notified on
 * channel k + 32 when the deadline passes. The hardware timer is set for the earliest
 * deadline; its interrupt arrives on channel TIMER_IRQ. A deadline already past is
 * notified at once. The reply's w0 is 0, or 1 when the deadline was refused.
 */
#define TIMER_IRQ 62 /* the manifest gives the interrupt this channel id */

static unsigned long deadline[TSR_TIMER_CLIENTS]; /* ns, 0: none */
static unsigned long freq;

static unsigned long ns_to_ticks(unsigned long ns)
{
	return ns / 1000000000UL * freq + ns % 1000000000UL * freq / 1000000000UL;
}

/* Notify every client whose deadline has passed; set the timer for the next one. */
static void run(void)
{
	unsigned long now = tsr_now_ns(), next = 0;
	for (unsigned k = 0; k < TSR_TIMER_CLIENTS; k++) {
		if (!deadline[k])
			continue;
		if (deadline[k] <= now) {
			deadline[k] = 0;
			tsr_notify(k + 32);
		} else if (!next || deadline[k] < next) {
			next = deadline[k];
		}
	}
	if (next)
		tsr_timer_arm(ns_to_ticks(next));
	else
		tsr_timer_stop();
}

void init(void)
{
	freq = tsr_counter_hz();
	tsr_timer_stop();
	tsr_printf("timer: ready, %lu Hz\n", freq);
}

void notified(unsigned channel)
{
	if (channel != TIMER_IRQ)
		return;
	run(); /* also disables or moves the timer: the level interrupt drops */
	tsr_irq_ack(TIMER_IRQ);
}

unsigned long protected(unsigned channel, unsigned long info)
{
	if (TSR_MSG_LABEL(info) == TSR_TIMER_CRASH) {
		volatile unsigned long bad = 0x8; /* a fault on purpose: tests of containment */
		*(volatile unsigned long *)bad = 0;
	}
	if (channel >= TSR_TIMER_CLIENTS || TSR_MSG_LABEL(info) != TSR_TIMER_SET ||
	    TSR_MSG_LENGTH(info) != 1) {
		tsr_mr_set(0, 1);
		return TSR_MSG(TSR_TIMER_SET, 1);
	}
	deadline[channel] = tsr_mr_get(0);
	run();
	tsr_mr_set(0, 0);
	return TSR_MSG(TSR_TIMER_SET, 1);
}
