/* SPDX-License-Identifier: BSD-2-Clause */
/* This CPU's state and the stage-2 register, for hot paths (the fake arch has its own). */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <arch/regs.h>
#include <arch/sysreg.h>

struct percpu;

/* TPIDR_EL2 points at the CPU's struct percpu. */
static inline struct percpu *arch_this_cpu(void) { return (struct percpu *)read_sysreg(tpidr_el2); }

/* VTTBR_EL2 = the stage-2 root and the VMID. No ISB: only EL1 and EL0 translate with it
 * (the kernel uses no AT instruction), and the ERET back to them is context-synchronizing;
 * TLB maintenance by VMID installs the register with an ISB of its own (vm.c). */
static inline void arch_set_vttbr(uint64_t root, uint16_t vmid)
{
	write_sysreg(vttbr_el2, root | (uint64_t)vmid << 48);
}

/* The system counter (CNTPCT_EL0), read in program order. */
static inline uint64_t arch_counter(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/* Floating point traps again for EL0 and EL1 (CPTR_EL2.TFP). Inline: the IPC fast path
 * switches threads with it, and a call there would cost the path its registers. */
static inline void arch_fp_disable(void) { write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_TFP); }

#endif
