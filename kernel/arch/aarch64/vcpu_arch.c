/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest register file: switched between guests, and around native threads. */
#include <arch/sysreg.h>
#include <gic_virt.h> /* the board's GIC: its virtual CPU interface on and off, inline */
#include <plat.h>
#include <plat/board.h>
#include <vcpu.h>

/*
 * Native threads run at EL0 under TGE and never use the EL1 registers, so a guest's stay
 * in the CPU while they run: only the registers EL0 can see or that act while native
 * threads run (the eager ones) change at every entry to and exit from a guest; the rest
 * change only when another guest runs.
 */
#define R(name) (1UL << VCPU_##name)
#define EAGER                                                                           \
	(R(sctlr_el1) | R(tpidr_el0) | R(tpidrro_el0) | R(cpacr_el1) | R(cntkctl_el1) | \
	 R(cntv_ctl_el0))
/* The virtual GIC's registers are the GIC driver's to switch (kernel/drivers/gicv3_virt.c,
 * gicv2_virt.c: system registers or MMIO, as the board's GIC has them). */
#define VGIC                                                                                       \
	(R(ich_vmcr_el2) | R(ich_ap0r0_el2) | R(ich_ap1r0_el2) | R(ich_lr0_el2) | R(ich_lr1_el2) | \
	 R(ich_lr2_el2) | R(ich_lr3_el2))
#define LAZY (~EAGER & ~VGIC)
/* Eager registers native threads run with at zero (no thread pointers, no virtual
 * timer): written from xzr, not loaded. */
#define NATIVE_ZERO (R(tpidr_el0) | R(tpidrro_el0) | R(cntv_ctl_el0))

/* The eager registers as native threads need them (captured at boot). */
static struct vcpu native;

/* The registers in the set `regs` (of R()s, never VGIC's), from the CPU into v or back. */
static inline __attribute__((always_inline)) void save(struct vcpu *v, uint64_t regs)
{
#define VCPU_SAVE(name)     \
	if (regs & R(name)) \
		v->reg[VCPU_##name] = read_sysreg(name);
	VCPU_SYSREGS(VCPU_SAVE)
#undef VCPU_SAVE
}

static inline __attribute__((always_inline)) void load(const struct vcpu *v, uint64_t regs)
{
#define VCPU_LOAD(name)     \
	if (regs & R(name)) \
		write_sysreg(name, v ? v->reg[VCPU_##name] : 0);
	VCPU_SYSREGS(VCPU_LOAD)
#undef VCPU_LOAD
}

void arch_vcpu_init(void)
{
	/* Native threads may clean and invalidate the caches by address (DC CVAC and the
	 * like, reading CTR_EL0 for the line size), as Linux lets its processes: a VMM
	 * cleans what it loaded for a guest that starts with its MMU off, a driver what a
	 * device reads. By address, they reach only what the thread may access. */
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_EL1_UCI | SCTLR_EL1_UCT);
	save(&native, EAGER & ~NATIVE_ZERO);
	irq_enable(PLAT_GIC_MAINT_IRQ); /* raised only while a guest runs (ich_hcr) */
}

void arch_vcpu_save_wake(struct vcpu *v)
{
	arch_vgic_save(v);
	save(v, R(cntv_ctl_el0) | R(cntv_cval_el0));
}

void arch_vtimer_mask(struct vcpu *v)
{
	(void)v; /* it runs: its CNTV_CTL_EL0 is the CPU's, saved when it leaves */
	write_sysreg(cntv_ctl_el0, read_sysreg(cntv_ctl_el0) | CNTV_CTL_IMASK);
}

void arch_vcpu_swap(struct vcpu *from, const struct vcpu *to)
{
	if (from)
		save(from, LAZY);
	if (to)
		load(to, LAZY);
	arch_vgic_swap(from, to);
}

/* Neither needs an ISB: nothing at EL2 depends on what they change, and the ERET that
 * follows synchronizes it. */
void arch_vcpu_enter(const struct vcpu *v)
{
	load(v, EAGER);
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(cnthctl_el2, CNTHCTL_GUEST);
	arch_vgic_enter(v);
}

void arch_vcpu_leave(struct vcpu *v)
{
	save(v, EAGER);
	load(&native, EAGER & ~NATIVE_ZERO);
	load(NULL, NATIVE_ZERO); /* the guest's timer stops, its thread pointers are hidden */
	write_sysreg(hcr_el2, HCR_NATIVE);
	write_sysreg(cnthctl_el2, CNTHCTL_NATIVE);
	arch_vgic_leave();
}

/* The trap covers EL2 too: the ISB lets the kernel's own save and load through. */
void arch_fp_enable(void)
{
	write_sysreg(cptr_el2, CPTR_EL2_RES1);
	isb();
}

uint64_t arch_fault_ipa(void)
{
	return (read_sysreg(hpfar_el2) >> 4) << 12 | (read_sysreg(far_el2) & 0xfff);
}
