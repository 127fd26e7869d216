/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt dispatch. The kernel owns only its timer; user-level owners come later. */
#include <console.h>
#include <irq.h>
#include <plat.h>
#include <plat/board.h>
#include <timer.h>

void irq_handle(void)
{
	unsigned intid = irq_acknowledge();
	if (intid == IRQ_SPURIOUS)
		return;
	if (intid == PLAT_TIMER_EL2_PHYS_IRQ) {
		timer_irq();
	} else {
		kprintf("tessera: interrupt %u has no owner; disabled\n", intid);
		irq_disable(intid);
	}
	irq_end(intid);
}
