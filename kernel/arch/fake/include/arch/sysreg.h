/* SPDX-License-Identifier: BSD-2-Clause */
/* Fake arch for host unit tests: instruction stand-ins (fake.c); bits from aarch64. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <arch/regs.h>
#include <stdint.h>

/* Counts of the instructions the kernel logic executed, for tests to check. */
struct fake_cpu {
	unsigned wfi, irq_mask, irq_unmask;
	int irq_masked;
};
extern struct fake_cpu fake_cpu;

/* wfi() with nothing runnable means idle: tests arm this jump to get control back. */
void wfi(void);
static inline void isb(void) {}
static inline void dsb_sy(void) {}
static inline void dsb_ish(void) {}
static inline void dsb_ishst(void) {}
static inline void irq_unmask(void)
{
	fake_cpu.irq_unmask++;
	fake_cpu.irq_masked = 0;
}
static inline void irq_mask(void)
{
	fake_cpu.irq_mask++;
	fake_cpu.irq_masked = 1;
}

#endif
