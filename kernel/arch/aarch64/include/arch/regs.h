/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 system-register bits the kernel uses: constants only, shared with the fake arch. */
#ifndef ARCH_REGS_H
#define ARCH_REGS_H

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
/*
 * Native threads run at EL0 with stage 1 off and only stage 2 (TGE | DC | VM), as
 * seL4 does in hypervisor mode: every exception and interrupt from EL0 comes here.
 * WFI traps (TWI) so an idle-looping thread yields instead of stopping the CPU.
 * A vCPU's guest runs at EL1 with its own stage 1 (no TGE, no DC); the same traps.
 */
#define HCR_GUEST (HCR_VM | HCR_RW | HCR_TWI | HCR_TSC | HCR_IMO | HCR_FMO | HCR_AMO)
#define HCR_NATIVE (HCR_GUEST | HCR_DC | HCR_TGE)

/* CNTHCTL_EL2 (no VHE): native EL0 may program the EL1 physical timer (the timer
 * service's); a guest may only read the counter, and its timer accesses trap. */
#define CNTHCTL_EL1PCTEN (1UL << 0)
#define CNTHCTL_EL1PCEN (1UL << 1)
#define CNTHCTL_NATIVE (CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
#define CNTHCTL_GUEST CNTHCTL_EL1PCTEN

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

/* CNTV_CTL_EL0: the virtual timer's interrupt masked */
#define CNTV_CTL_IMASK (1UL << 1)

/* SCTLR_EL1, as native threads run with it: EL0 cache maintenance and CTR_EL0 */
#define SCTLR_EL1_UCT (1UL << 15)
#define SCTLR_EL1_UCI (1UL << 26)

/* MDCR_EL2: trap PMU (TPMCR, TPM) and debug (TDA, TDOSA, TDRA) registers below EL2 */
#define MDCR_TPMCR (1UL << 5)
#define MDCR_TPM (1UL << 6)
#define MDCR_TDA (1UL << 9)
#define MDCR_TDOSA (1UL << 10)
#define MDCR_TDRA (1UL << 11)

/* CPTR_EL2 (no VHE) */
#define CPTR_EL2_RES1 0x33FFUL
#define CPTR_TFP (1UL << 10)
#define CPACR_FPEN_ALL (3UL << 20)

#endif
