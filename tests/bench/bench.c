/* SPDX-License-Identifier: BSD-2-Clause */
/* EL0 benchmarks: retired instructions per operation, read from the PMU at EL0. */
#include <tessera/user.h>

/* PMEVCNTR0 counts INST_RETIRED at EL0 and EL2 (kernel/arch/aarch64/pmu.c). */
static inline unsigned long instructions(void)
{
	unsigned long v;
	__asm__ volatile("isb\n mrs %0, pmevcntr0_el0" : "=r"(v)::"memory");
	return v;
}

#define ROUNDS 64

/* The fewest instructions one operation took over ROUNDS tries, less the
 * instructions of reading the counter. Under -icount every try gives the same. */
#define MEASURE(result, op)                                 \
	do {                                                \
		unsigned long best_ = ~0UL, empty_ = ~0UL;  \
		for (int i_ = 0; i_ < ROUNDS; i_++) {       \
			unsigned long t0_ = instructions(); \
			unsigned long t1_ = instructions(); \
			if (t1_ - t0_ < empty_)             \
				empty_ = t1_ - t0_;         \
			t0_ = instructions();               \
			op;                                 \
			t1_ = instructions();               \
			if (t1_ - t0_ < best_)              \
				best_ = t1_ - t0_;          \
		}                                           \
		(result) = best_ - empty_;                  \
	} while (0)

static void report(const char *name, unsigned long n, const char *what)
{
	tsr_printf("BENCH %s %lu %s\n", name, n, what);
}

int main(void)
{
	unsigned long n;

	if (instructions() == instructions()) {
		tsr_printf(
		    "bench: the instruction counter does not count (run QEMU with -icount)\n");
		tsr_debug_shutdown(1);
	}
	MEASURE(n, tsr_null());
	report("null_syscall", n,
	       "system call that does nothing, EL0 svc to the next EL0 instruction");
	MEASURE(n, __asm__ volatile("wfi" ::: "memory"));
	report("exception_roundtrip", n,
	       "EL0 exception (trapped WFI) through the full vector path and back, no system call");
	tsr_debug_shutdown(0);
}
