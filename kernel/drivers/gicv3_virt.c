/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3's virtual CPU interface for guests: ICH_* system registers at EL2. */
#include <arch/sysreg.h>
#include <gic_virt.h> /* arch_vgic_enter, arch_vgic_leave: inline */
#include <vcpu.h>

/* The vCPU's virtual-GIC registers are ICH_*'s own layout (tessera/abi.h), so saving
 * and loading is a copy. */
#define REG(v, name) ((v)->reg[VCPU_##name])

void arch_vgic_save(struct vcpu *v)
{
	REG(v, ich_lr0_el2) = read_sysreg(ich_lr0_el2);
	REG(v, ich_lr1_el2) = read_sysreg(ich_lr1_el2);
	REG(v, ich_lr2_el2) = read_sysreg(ich_lr2_el2);
	REG(v, ich_lr3_el2) = read_sysreg(ich_lr3_el2);
}

void arch_vgic_load(const struct vcpu *v, bool running)
{
	write_sysreg(ich_lr0_el2, REG(v, ich_lr0_el2));
	write_sysreg(ich_lr1_el2, REG(v, ich_lr1_el2));
	write_sysreg(ich_lr2_el2, REG(v, ich_lr2_el2));
	write_sysreg(ich_lr3_el2, REG(v, ich_lr3_el2));
	if (running)
		arch_vgic_enter(v);
}

void arch_vgic_swap(struct vcpu *from, const struct vcpu *to)
{
	if (from) {
		REG(from, ich_vmcr_el2) = read_sysreg(ich_vmcr_el2);
		REG(from, ich_ap0r0_el2) = read_sysreg(ich_ap0r0_el2);
		REG(from, ich_ap1r0_el2) = read_sysreg(ich_ap1r0_el2);
		arch_vgic_save(from);
	}
	if (to) {
		write_sysreg(ich_vmcr_el2, REG(to, ich_vmcr_el2));
		write_sysreg(ich_ap0r0_el2, REG(to, ich_ap0r0_el2));
		write_sysreg(ich_ap1r0_el2, REG(to, ich_ap1r0_el2));
		arch_vgic_load(to, false);
	}
}

unsigned arch_vgic_lrs(void) { return (unsigned)(read_sysreg(ich_vtr_el2) & 0x1f) + 1; }
