/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 system-register access, barriers and the bits the kernel uses. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                                               \
	({                                                                           \
		uint64_t v__;                                                        \
		__asm__ volatile("mrs %0, " #r : "=r"(v__));                         \
		v__;                                                                 \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))

static inline void isb(void) { __asm__ volatile("isb" ::: "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" ::: "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" ::: "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" ::: "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" ::: "memory"); }
static inline void irq_unmask(void) { __asm__ volatile("msr daifclr, #2" ::: "memory"); }
static inline void irq_mask(void) { __asm__ volatile("msr daifset, #2" ::: "memory"); }

/* HCR_EL2 */
#define HCR_VM (1UL << 0)
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_DC (1UL << 12)
#define HCR_TWI (1UL << 13)
#define HCR_TSC (1UL << 19)
#define HCR_TGE (1UL << 27)
#define HCR_RW (1UL << 31)

/* SCTLR_EL2 (no VHE) */
#define SCTLR_M (1UL << 0)
#define SCTLR_C (1UL << 2)
#define SCTLR_SA (1UL << 3)
#define SCTLR_I (1UL << 12)
#define SCTLR_WXN (1UL << 19)
#define SCTLR_EL2_RES1 0x30C50830UL

/* SPSR */
#define SPSR_EL0T 0x0UL
#define SPSR_D (1UL << 9)
#define SPSR_A (1UL << 8)
#define SPSR_I (1UL << 7)
#define SPSR_F (1UL << 6)

/* CPTR_EL2 (no VHE) */
#define CPTR_EL2_RES1 0x33FFUL
#define CPTR_TFP (1UL << 10)
#define CPACR_FPEN_ALL (3UL << 20)

#endif
