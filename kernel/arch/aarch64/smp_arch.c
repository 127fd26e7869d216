/* SPDX-License-Identifier: BSD-2-Clause */
/* A secondary CPU's EL2 set-up, SGIs and events. */
#include <arch/cpu.h>
#include <arch/sysreg.h>
#include <mmu.h>
#include <pgtable.h>
#include <plat.h>
#include <pmu.h>
#include <smp.h>
#include <timer.h>
#include <traps.h>
#include <vcpu.h>

extern char el2_vectors[], el2_vectors_locked[];

/* A stage-2 root with nothing mapped: installed where an address space was deleted. */
static pte_t empty_stage2[PT_ENTRIES] __attribute__((aligned(4096)));

void arch_cpu_init(unsigned id)
{
	mmu_enable();
	traps_init(id);
	irq_controller_init_cpu();
	timer_init();
	pmu_init();
	arch_vcpu_init();
}

/* As the boot CPU's (main.c): a deadline 1 ms ahead, and its interrupt taken. */
uint64_t arch_timer_check(void)
{
	uint64_t start = timer_now(), fired = timer_fired_count();
	timer_oneshot(start + timer_freq() / 1000);
	while (timer_fired_count() == fired) {
		wfi();
		irq_unmask();
		irq_mask();
	}
	return (timer_now() - start) * 1000000 / timer_freq();
}

bool kernel_locking;

void arch_kernel_locking(bool on)
{
	kernel_locking = on;
	write_sysreg(vbar_el2, on ? el2_vectors_locked : el2_vectors);
	isb();
}

void arch_send_ipi(unsigned id) { irq_send_sgi(id, IRQ_SGI_KICK); }

void arch_send_event(void) { __asm__ volatile("dsb ish\n\tsev" ::: "memory"); }

void arch_wait_event(void) { __asm__ volatile("wfe" ::: "memory"); }

/* Synchronized at once: the tables it replaces are about to be freed. */
void arch_set_vttbr_empty(void)
{
	arch_set_vttbr((uint64_t)(uintptr_t)empty_stage2, 0);
	isb();
}
