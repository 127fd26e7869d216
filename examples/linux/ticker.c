/* SPDX-License-Identifier: BSD-2-Clause */
/* ticker: a native periodic real-time task beside Linux (docs/real-time.md). Once Linux
 * signals it (a write to its /dev/tessera/ticker), it signals Linux back every period
 * (100 ms, its manifest's period_us), released by the kernel, and keeps the worst
 * latency of its releases. It waits for Linux's signal first so that nothing arrives
 * before Linux's channel driver is there to take it. */
#include <tessera/clock.h>
#include <tessera/component.h>
#include <tessera/periodic.h>

#define LINUX 2 /* notify channel to and from Linux */

void init(void)
{
	struct tsr_job job;
	unsigned long worst = 0, ns = 1000000000UL / tsr_counter_hz();
	tsr_printf("ticker: ready; a signal from Linux starts it\n");
	tsr_wait_notified(LINUX);
	tsr_printf("ticker: started by Linux, signalling it every 100 ms\n");
	tsr_wait_period(&job); /* the periods start now */
	for (unsigned long ticks = 1;; ticks++) {
		tsr_wait_period(&job);
		unsigned long late = tsr_counter() - job.release;
		worst = late > worst ? late : worst;
		tsr_notify(LINUX);
		if (ticks % 100 == 0)
			tsr_printf(
			    "ticker: %lu ticks, worst latency %lu ns, %lu deadlines missed\n",
			    ticks, worst * ns, job.misses);
	}
}
