/* SPDX-License-Identifier: BSD-2-Clause */
/* This CPU's state and the stage-2 register, for hot paths (the fake arch has its own). */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <arch/sysreg.h>

struct percpu;

/* TPIDR_EL2 points at the CPU's struct percpu. */
static inline struct percpu *arch_this_cpu(void) { return (struct percpu *)read_sysreg(tpidr_el2); }

/* VTTBR_EL2 = the stage-2 root and the VMID. */
static inline void arch_set_vttbr(uint64_t root, uint16_t vmid)
{
	write_sysreg(vttbr_el2, root | (uint64_t)vmid << 48);
	isb();
}

#endif
