/* SPDX-License-Identifier: BSD-2-Clause */
/* EL0 benchmarks: retired instructions per operation, read from the PMU at EL0. */
#include <tessera/root.h>
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

static void partner(unsigned long arg)
{
	(void)arg;
	for (;;)
		tsr_yield();
}

#define MAP_BASE 0x10000000UL

static void object_benchmarks(void)
{
	struct tsr_root r;
	struct tsr_component other;
	unsigned long n, i = 0;
	long frames[ROUNDS];

	tsr_root_init(&r, (const struct tsr_bootinfo *)TSR_BOOTINFO_ADDR);
	/* Warm the allocator up so that every round retypes from the same untyped. */
	if (tsr_root_make(&r, TSR_OBJ_FRAME, 0) < 0)
		tsr_debug_shutdown(2);
	unsigned long ut = r.info->untyped_first_slot + r.untyped, slot = r.next_slot;
	MEASURE(n, tsr_untyped_retype(ut, TSR_OBJ_FRAME, 0, TSR_SLOT_CNODE, slot++, 1));
	report("retype", n, "one 4 KiB frame from untyped, memory cleared, capability made");
	r.next_slot = slot;

	for (int k = 0; k < ROUNDS; k++)
		frames[k] = tsr_root_make(&r, TSR_OBJ_FRAME, 0);
	if (tsr_root_tables(&r, TSR_SLOT_VSPACE, MAP_BASE))
		tsr_debug_shutdown(3);
	MEASURE(n, tsr_frame_map(frames[i], TSR_SLOT_VSPACE, MAP_BASE + 4096 * i, TSR_R | TSR_W,
				 TSR_CACHED);
		i++);
	report("map_frame", n, "map one 4 KiB frame into an address space whose tables exist");

	/* Two threads of one priority in two address spaces, yielding to each other. */
	if (tsr_root_spawn(&r, &other, partner, 0, 255) || tsr_tcb_resume(other.tcb))
		tsr_debug_shutdown(4);
	tsr_yield();
	MEASURE(n, tsr_yield());
	report(
	    "yield_switch", n / 2,
	    "yield to a thread of the same priority in another address space (half a round trip)");
	tsr_tcb_suspend(other.tcb);
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
	object_benchmarks();
	tsr_debug_shutdown(0);
}
