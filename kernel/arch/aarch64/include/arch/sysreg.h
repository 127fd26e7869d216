/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 system-register access and barriers (the fake arch has its own). */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <arch/regs.h>
#include <stdint.h>

#define read_sysreg(r)                                       \
	({                                                   \
		uint64_t v__;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(v__)); \
		v__;                                         \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_mask(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

#endif
