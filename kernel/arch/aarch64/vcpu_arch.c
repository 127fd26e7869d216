/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest register file: switched between guests, and around native threads. */
#include <arch/sysreg.h>
#include <plat.h>
#include <plat/board.h>
#include <vcpu.h>

/*
 * Native threads run at EL0 under TGE and never use the EL1 registers, so a guest's stay
 * in the CPU while they run: only the registers EL0 can see or that act while native
 * threads run (the eager ones) change at every entry to and exit from a guest; the rest
 * change only when another guest runs.
 */
#define EAGER(i)                                                                    \
	((1UL << (i)) &                                                             \
	 (1UL << VCPU_sctlr_el1 | 1UL << VCPU_tpidr_el0 | 1UL << VCPU_tpidrro_el0 | \
	  1UL << VCPU_cpacr_el1 | 1UL << VCPU_cntkctl_el1 | 1UL << VCPU_cntv_ctl_el0))

/* The eager registers as native threads need them (captured at boot). */
static struct vcpu native;

static void save(struct vcpu *v, bool eager)
{
#define VCPU_SAVE(name)                    \
	if (!EAGER(VCPU_##name) == !eager) \
		v->reg[VCPU_##name] = read_sysreg(name);
	VCPU_SYSREGS(VCPU_SAVE)
#undef VCPU_SAVE
}

static void load(const struct vcpu *v, bool eager)
{
#define VCPU_LOAD(name)                    \
	if (!EAGER(VCPU_##name) == !eager) \
		write_sysreg(name, v->reg[VCPU_##name]);
	VCPU_SYSREGS(VCPU_LOAD)
#undef VCPU_LOAD
}

void arch_vcpu_init(void)
{
	save(&native, true);
	irq_enable(PLAT_GIC_MAINT_IRQ); /* raised only while a guest runs (ich_hcr) */
}

void arch_vcpu_save(struct vcpu *v)
{
	save(v, false);
	save(v, true);
}

void arch_vcpu_load(const struct vcpu *v)
{
	load(v, false);
	load(v, true);
	write_sysreg(ich_hcr_el2, v->hcr);
}

void arch_vcpu_swap(struct vcpu *from, const struct vcpu *to)
{
	if (from)
		save(from, false);
	if (to)
		load(to, false);
}

/* Neither needs an ISB: nothing at EL2 depends on what they change, and the ERET that
 * follows synchronizes it. */
void arch_vcpu_enter(const struct vcpu *v)
{
	load(v, true);
	write_sysreg(hcr_el2, HCR_GUEST);
	write_sysreg(cnthctl_el2, CNTHCTL_GUEST);
	write_sysreg(ich_hcr_el2, v->hcr);
}

void arch_vcpu_leave(struct vcpu *v)
{
	save(v, true);
	load(&native, true); /* the guest's timer stops, its thread pointers are hidden */
	write_sysreg(hcr_el2, HCR_NATIVE);
	write_sysreg(cnthctl_el2, CNTHCTL_NATIVE);
	write_sysreg(ich_hcr_el2, 0);
	write_sysreg(cptr_el2, CPTR_EL2_RES1 | CPTR_TFP); /* FP traps again (guest_fp) */
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

unsigned arch_vgic_lrs(void) { return (unsigned)(read_sysreg(ich_vtr_el2) & 0x1f) + 1; }
