/* SPDX-License-Identifier: BSD-2-Clause */
/* Periodic real-time tasks: released by the kernel every period, and their latency. */
#ifndef TESSERA_PERIODIC_H
#define TESSERA_PERIODIC_H

#include <stdint.h>
#include <tessera/abi.h>

/*
 * A component becomes a periodic task in its manifest (period_us, budget_us,
 * deadline_us; docs/real-time.md): the kernel releases a job every period, with the whole
 * budget, and counts a miss for a job that ends after its deadline (or never starts) and
 * an overrun each time a job runs out of budget (it then waits for the budget to come
 * back); the manifest's timing_channel is signalled at each. No service below the task
 * is involved: the kernel's own timer releases it.
 *
 *	void init(void)
 *	{
 *		struct tsr_job job;
 *		for (;;) {
 *			tsr_wait_period(&job); // the first call starts the periods
 *			control_step();        // one job, due job.release + deadline
 *		}
 *	}
 */
struct tsr_job {
	unsigned long release;	/* when this job was released (counter ticks) */
	unsigned long misses;	/* deadline misses so far */
	unsigned long overruns; /* budget overruns so far */
};

/* End the current job and wait for the next release (the first call returns at once).
 * 0, or -TSR_ESTATE when the caller has no periodic scheduling context. */
static inline long tsr_wait_period(struct tsr_job *job)
{
	register unsigned long x8 __asm__("x8") = TSR_SYS_WAIT_PERIOD;
	register unsigned long x0 __asm__("x0"), x1 __asm__("x1"), x2 __asm__("x2"),
	    x3 __asm__("x3");
	__asm__ volatile("svc #0"
			 : "=r"(x0), "=r"(x1), "=r"(x2), "=r"(x3)
			 : "r"(x8)
			 : TSR_SVC_CLOBBERS);
	job->release = x1;
	job->misses = x2;
	job->overruns = x3;
	return (long)x0;
}

/*
 * Wake-up latency: from each job's release to its first instruction, in counter ticks
 * (kept exactly up to TSR_LATENCY_BUCKETS - 1 ticks, beyond that in the last bucket with
 * the true maximum kept). tsr_latency_report prints one line a test reads:
 *   "<name>: latency ns: min M median M p99 P p99.9 P max M count N misses N overruns N"
 * in nanoseconds (under QEMU's -icount shift=0, instructions of virtual time), and
 * tsr_latency_bench the same as a line ./tessera bench records (tools/bench.py):
 *   "BENCH <name> histogram min=M median=M p99=P p999=P max=M periods=N misses=N <what>"
 */
#define TSR_LATENCY_BUCKETS 4096
struct tsr_latency {
	uint32_t bucket[TSR_LATENCY_BUCKETS];
	unsigned long count, max_ticks, min_ticks;
};
/* Record one job: call right after tsr_wait_period returns. */
void tsr_latency_add(struct tsr_latency *h, const struct tsr_job *job);
void tsr_latency_report(const struct tsr_latency *h, const char *name, const struct tsr_job *job);
void tsr_latency_bench(const struct tsr_latency *h, const char *name, const struct tsr_job *job);

#endif
