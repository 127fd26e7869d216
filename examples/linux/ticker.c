/* SPDX-License-Identifier: BSD-2-Clause */
/* ticker: a native periodic task beside Linux. Once Linux signals it (a write to its
 * /dev/tessera/ticker), it signals Linux back every PERIOD_NS, released by the timer
 * service, and keeps the worst lateness of its releases. It waits for Linux's signal
 * first so that nothing arrives before Linux's channel driver is there to take it. */
#include <tessera/timer.h>

#define TIMER 0		      /* call channel to the timer service */
#define WOKEN 1		      /* its notification at our deadline */
#define LINUX 2		      /* notify channel to and from Linux */
#define PERIOD_NS 100000000UL /* 100 ms */

static unsigned long next, ticks, worst_ns;

void init(void) { tsr_printf("ticker: ready; a signal from Linux starts it\n"); }

void notified(unsigned channel)
{
	if (channel == LINUX && !next) {
		next = tsr_now_ns() + PERIOD_NS;
		tsr_printf("ticker: started by Linux, signalling it every 100 ms\n");
	} else if (channel == WOKEN && next) {
		unsigned long late = tsr_now_ns() - next;
		worst_ns = late > worst_ns ? late : worst_ns;
		tsr_notify(LINUX);
		if (++ticks % 100 == 0)
			tsr_printf("ticker: %lu ticks, worst lateness %lu us\n", ticks,
				   worst_ns / 1000);
		next += PERIOD_NS;
	} else {
		return;
	}
	tsr_timer_at(TIMER, next);
}
