/* SPDX-License-Identifier: BSD-2-Clause */
/* The CPU's own: waiting for interrupts, its index, and the virtual timer (CNTV_*, INTID 27). */
#include <tessera/guest.h>

#define CNTV_CTL_ENABLE 1U   /* and IMASK (bit 1) clear */
#define TVAL_MAX 0x7fffffffU /* CNTV_TVAL_EL0 is a signed 32-bit count down */

void tsr_irq_wait(void)
{
	/* WFI wakes for a pending interrupt even while PSTATE.I masks it; the ISB makes
	 * the unmasking take effect, so the interrupt is taken before IRQs are masked again. */
	__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

unsigned tsr_cpu_index(void)
{
	uint64_t mpidr;
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned)(mpidr & 0xff);
}

uint64_t tsr_vtimer_frequency(void)
{
	uint64_t f;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f;
}

uint64_t tsr_vtimer_count(void)
{
	uint64_t c;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(c)::"memory");
	return c;
}

void tsr_vtimer_set(uint64_t ticks)
{
	uint64_t tval = ticks < TVAL_MAX ? ticks : TVAL_MAX;
	__asm__ volatile("msr cntv_tval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(tval),
			 "r"((uint64_t)CNTV_CTL_ENABLE)
			 : "memory");
}

void tsr_vtimer_stop(void) { __asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory"); }
