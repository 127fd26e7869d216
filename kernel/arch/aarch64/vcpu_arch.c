/* SPDX-License-Identifier: BSD-2-Clause */
/* Switching the EL1 register file between native threads and guests. */
#include <arch/sysreg.h>
#include <vcpu.h>

/* What native threads run with (captured at the first switch to a guest). */
static struct vcpu native;

void arch_vcpu_save(struct vcpu *v)
{
#define VCPU_SAVE(name) v->reg[VCPU_##name] = read_sysreg(name);
	VCPU_SYSREGS(VCPU_SAVE)
#undef VCPU_SAVE
}

void arch_vcpu_load(const struct vcpu *v)
{
#define VCPU_LOAD(name) write_sysreg(name, v->reg[VCPU_##name]);
	VCPU_SYSREGS(VCPU_LOAD)
#undef VCPU_LOAD
}

void arch_vcpu_switch(struct vcpu *from, struct vcpu *to)
{
	arch_vcpu_save(from ? from : &native);
	arch_vcpu_load(to ? to : &native);
	write_sysreg(hcr_el2, to ? HCR_GUEST : HCR_NATIVE);
	write_sysreg(cnthctl_el2, to ? CNTHCTL_GUEST : CNTHCTL_NATIVE);
	write_sysreg(ich_hcr_el2, to ? ICH_HCR_EN : 0); /* virtual interrupts for guests */
	isb();
}

uint64_t arch_fault_ipa(void)
{
	return (read_sysreg(hpfar_el2) >> 4) << 12 | (read_sysreg(far_el2) & 0xfff);
}

unsigned arch_vgic_lrs(void) { return (unsigned)(read_sysreg(ich_vtr_el2) & 0x1f) + 1; }
