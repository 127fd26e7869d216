/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rt: a periodic real-time task as a user writes one (docs/real-time.md). The manifest
 * makes it periodic (period_us, budget_us, deadline_us); each job runs a small filter
 * step and records its wake-up latency, from the job's release by the kernel to its
 * first instruction. After `periods` jobs it prints the histogram, a BENCH line for
 * ./tessera bench and "rt: done", then runs its jobs on (or, in a benchmark, powers the
 * machine off). With `interim`, it also prints the histogram so far after that many jobs
 * (a test runs a benchmark's system that far).
 */
#include <tessera/component.h>
#include <tessera/periodic.h>
#include <tessera/syscall.h>

volatile unsigned long periods = 1000; /* setvar: jobs to measure */
volatile unsigned long scenario;       /* setvar: which of the rt_* benchmarks this is */
volatile unsigned long power_off;      /* setvar: 1 (benchmarks): power off when done */
volatile unsigned long interim;	       /* setvar: also report after this many jobs */

static const char *const names[] = {"rt_alone", "rt_guest_spin", "rt_guest_hostile",
				    "rt_drivers_load", "rt_linux_busy"};
static struct tsr_latency latency;

/* One job's work: a filter step over 64 states (about a thousand instructions). */
static unsigned long step(unsigned long x)
{
	static unsigned long state[64];
	for (unsigned i = 0; i < 64; i++)
		x = state[i] = (state[i] * 3 + x) / 4 + (x >> 3);
	return x;
}

void init(void)
{
	struct tsr_job job;
	unsigned long x = 1;
	if (tsr_wait_period(&job) < 0) {
		tsr_printf("rt: not a periodic task (deadline_us missing in the manifest)\n");
		return;
	}
	tsr_printf("rt: periodic, measuring %lu jobs\n", periods);
	const char *name = scenario < sizeof(names) / sizeof(names[0]) ? names[scenario] : "rt";
	for (unsigned long n = 0; n < periods; n++) {
		tsr_wait_period(&job);
		tsr_latency_add(&latency, &job);
		x = step(x);
		if (n + 1 == interim)
			tsr_latency_report(&latency, "rt: interim", &job);
	}
	tsr_latency_report(&latency, name, &job);
	tsr_latency_bench(&latency, name, &job);
	tsr_printf("rt: done\n");
	if (power_off)
		tsr_debug_shutdown(0);
	for (;;) {
		tsr_wait_period(&job);
		x = step(x);
	}
}
