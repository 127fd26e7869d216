/* SPDX-License-Identifier: BSD-2-Clause */
/* The EL2 physical timer (CNTHP): one deadline, programmed only when needed. */
#include <arch/sysreg.h>
#include <plat.h>
#include <plat/board.h>
#include <timer.h>

#define CNT_ENABLE (1UL << 0)
#define CNT_IMASK (1UL << 1)

#define CNTKCTL_EL0VCTEN (1UL << 1)
#define CNTKCTL_EL0PTEN (1UL << 9)
#define CNTKCTL_EL0PCTEN (1UL << 0)

static uint64_t fired;

void timer_init(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	/* EL0 may read the counters and program the EL1 physical timer, whose interrupt
	 * (PLAT_USER_PPI) goes to whoever holds its handler capability; the EL2 timer
	 * stays the kernel's. */
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(cnthctl_el2, CNTHCTL_NATIVE);
	write_sysreg(cntkctl_el1, CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN | CNTKCTL_EL0PTEN);
	irq_enable(PLAT_TIMER_EL2_PHYS_IRQ);
	irq_enable(PLAT_TIMER_VIRT_IRQ); /* the running guest's timer (vcpu_timer_irq) */
}

uint64_t timer_freq(void) { return read_sysreg(cntfrq_el0); }

void timer_oneshot(uint64_t at)
{
	write_sysreg(cnthp_cval_el2, at);
	write_sysreg(cnthp_ctl_el2, CNT_ENABLE);
	isb();
}

void timer_cancel(void)
{
	write_sysreg(cnthp_ctl_el2, 0);
	isb();
}

void timer_irq(void)
{
	timer_cancel(); /* one-shot: the level interrupt drops once disabled */
	fired++;
}

uint64_t timer_fired_count(void) { return fired; }
