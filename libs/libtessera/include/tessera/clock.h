/* SPDX-License-Identifier: BSD-2-Clause */
/* Counters at EL0: the generic timer's counter and timer, and the PMU's instructions. */
#ifndef TESSERA_CLOCK_H
#define TESSERA_CLOCK_H

/* The counter (virtual; the kernel sets no offset, so it equals the physical one). */
static inline unsigned long tsr_counter(void)
{
	unsigned long v;
	__asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

/* Counter ticks per second. */
static inline unsigned long tsr_counter_hz(void)
{
	unsigned long v;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

/* The EL1 physical timer, which EL0 may program: it raises interrupt 30 (PPI) when the
 * counter reaches `at`; only the holder of that line's handler hears it (in systems, the
 * timer service: tessera/timer.h). */
static inline void tsr_timer_arm(unsigned long at)
{
	__asm__ volatile("msr cntp_cval_el0, %0\n msr cntp_ctl_el0, %1\n isb" ::"r"(at), "r"(1UL));
}

static inline void tsr_timer_stop(void) { __asm__ volatile("msr cntp_ctl_el0, xzr\n isb"); }

/* Retired instructions, in benchmark images (the kernel's PMU set-up lets EL0 read
 * PMEVCNTR0, which counts INST_RETIRED at EL0 and EL2). */
static inline unsigned long tsr_instructions(void)
{
	unsigned long v;
	__asm__ volatile("isb\n mrs %0, pmevcntr0_el0" : "=r"(v)::"memory");
	return v;
}

/* What reading the counter costs (the fewest instructions between two back-to-back
 * reads): benchmarks subtract it from their figures. */
static inline unsigned long tsr_instructions_cost(void)
{
	unsigned long cost = ~0UL;
	for (int i = 0; i < 16; i++) {
		unsigned long t0 = tsr_instructions(), t1 = tsr_instructions();
		if (t1 - t0 < cost)
			cost = t1 - t0;
	}
	return cost;
}

/* The median of n values (sorted in place: for the few rounds of a benchmark). */
static inline unsigned long tsr_median(unsigned long *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			unsigned long t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

#endif
