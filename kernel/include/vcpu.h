/* SPDX-License-Identifier: BSD-2-Clause */
/* vCPUs: a guest's EL1 state, and VM exits as faults to the VMM. */
#ifndef VCPU_H
#define VCPU_H

#include <arch/frame.h>
#include <stdint.h>

/* The EL1 (and EL0 thread-pointer) registers a guest owns, saved when another thread
 * runs, with its GICv3 virtual CPU interface (VMCR, active priorities, and the list
 * registers: VCPU_LRS of them, which a GIC must have to run guests). X(name) with the
 * system register's name. */
#define VCPU_SYSREGS(X)   \
	X(sctlr_el1)      \
	X(ttbr0_el1)      \
	X(ttbr1_el1)      \
	X(tcr_el1)        \
	X(mair_el1)       \
	X(amair_el1)      \
	X(vbar_el1)       \
	X(contextidr_el1) \
	X(tpidr_el1)      \
	X(tpidr_el0)      \
	X(tpidrro_el0)    \
	X(sp_el1)         \
	X(elr_el1)        \
	X(spsr_el1)       \
	X(esr_el1)        \
	X(far_el1)        \
	X(afsr0_el1)      \
	X(afsr1_el1)      \
	X(par_el1)        \
	X(cpacr_el1)      \
	X(cntkctl_el1)    \
	X(csselr_el1)     \
	X(cntv_ctl_el0)   \
	X(cntv_cval_el0)  \
	X(vmpidr_el2)     \
	X(ich_vmcr_el2)   \
	X(ich_ap0r0_el2)  \
	X(ich_ap1r0_el2)  \
	X(ich_lr0_el2)    \
	X(ich_lr1_el2)    \
	X(ich_lr2_el2)    \
	X(ich_lr3_el2)

enum vcpu_sysreg {
#define VCPU_X(name) VCPU_##name,
	VCPU_SYSREGS(VCPU_X)
#undef VCPU_X
	    VCPU_NREGS
};

#define VCPU_LRS 4

struct thread;

struct vcpu {
	struct thread *thread; /* the thread it is bound to, or NULL */
	uint64_t reg[VCPU_NREGS];
};
_Static_assert(sizeof(struct vcpu) <= 4096, "a vCPU object is 4 KiB");

/* A zeroed vCPU object: EL1 at reset (MMU off). */
void vcpu_init(struct vcpu *v);
long vcpu_bind(struct thread *t, struct vcpu *v);
void vcpu_unbind(struct vcpu *v);
/* An exception from a guest: a VM exit to its VMM (the thread's fault endpoint). */
struct frame *vcpu_exit(struct thread *t, struct frame *f, uint64_t esr);

long vcpu_invoke(struct vcpu *v, uint64_t method, const uint64_t *args);

/* Arch: load this CPU with the EL1 state of `v`, or (NULL) with a native thread's. */
void arch_vcpu_switch(struct vcpu *from, struct vcpu *to);
/* The IPA of the last stage-2 fault (HPFAR_EL2 and FAR_EL2). */
uint64_t arch_fault_ipa(void);
/* How many list registers the GIC's virtual CPU interface has. */
unsigned arch_vgic_lrs(void);

#endif
