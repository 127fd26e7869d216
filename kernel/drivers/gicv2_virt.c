/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv2's virtual CPU interface for guests: the list registers in GICH, by MMIO. */
#include <arch/mmio.h>
#include <gic_virt.h> /* arch_vgic_enter, arch_vgic_leave: inline; GICH_HCR */
#include <plat/board.h>
#include <vcpu.h>

/*
 * A vCPU keeps its virtual GIC in GICv3's layout (the ich_* registers of tessera/abi.h),
 * whatever the board; this file translates at save and load. The guest sees the GICV
 * frame, which the manifest maps at its GICC address (docs/virtualization.md).
 *
 * GICH_HCR's En and UIE, and GICH_VMCR's fields, sit where ICH_HCR_EL2's and
 * ICH_VMCR_EL2's do; only the priority mask is 5 bits (31:27) instead of 8. A guest's
 * interrupts are group 0 here, the group a GICv2 guest enables (Linux writes GICC_CTLR
 * EnableGrp0 only; KVM gives GICv2 guests group 0 too): stored as group 1, the one
 * group of a GICv3 guest, so a VMM reads the same list registers on either board. Their
 * active priorities (GICH_APR) are stored as ICH_AP1R0_EL2's; ICH_AP0R0_EL2 stays 0.
 */
#define GICH_VTR 0x004
#define GICH_VMCR 0x008
#define GICH_APR 0x0f0
#define GICH_LR(n) (0x100 + 4 * (n))
#define VMCR_RES0 (7U << 24) /* ICH_VMCR_EL2's low priority-mask bits */

/* GICv2 list register: VirtualID 9:0, PhysicalID (or EOI, bit 19) 19:10, priority
 * 27:23 (the top 5 bits), state 29:28, group 1 30, hardware 31. GICv3's: vINTID 31:0,
 * pINTID (or EOI, bit 41) 44:32, priority 55:48, group 60, hardware 61, state 63:62. */
#define V3_GROUP1 (1UL << 60)

static uint32_t lr_to_v2(uint64_t lr)
{
	return (uint32_t)(lr & 0x3ff) | (uint32_t)(lr >> 32 & 0x3ff) << 10 |
	       (uint32_t)(lr >> 51 & 0x1f) << 23 | (uint32_t)(lr >> 62) << 28 |
	       (uint32_t)(lr >> 61 & 1) << 31;
}

static uint64_t lr_from_v2(uint32_t lr)
{
	if (!lr)
		return 0;
	return (lr & 0x3ffUL) | (uint64_t)(lr >> 10 & 0x3ff) << 32 |
	       (uint64_t)(lr >> 23 & 0x1f) << 51 | (uint64_t)(lr >> 28 & 3) << 62 |
	       (uint64_t)(lr >> 31) << 61 | V3_GROUP1;
}

static uint32_t gich_read(unsigned off) { return mmio_read32(PLAT_GICH_BASE + off); }
static void gich_write(unsigned off, uint32_t v) { mmio_write32(PLAT_GICH_BASE + off, v); }

void arch_vgic_save(struct vcpu *v)
{
	for (unsigned i = 0; i < VCPU_LRS; i++)
		v->reg[VCPU_ich_lr0_el2 + i] = lr_from_v2(gich_read(GICH_LR(i)));
}

void arch_vgic_load(const struct vcpu *v, bool running)
{
	for (unsigned i = 0; i < VCPU_LRS; i++)
		gich_write(GICH_LR(i), lr_to_v2(v->reg[VCPU_ich_lr0_el2 + i]));
	if (running)
		arch_vgic_enter(v);
}

void arch_vgic_swap(struct vcpu *from, const struct vcpu *to)
{
	if (from) {
		from->reg[VCPU_ich_vmcr_el2] = gich_read(GICH_VMCR);
		from->reg[VCPU_ich_ap1r0_el2] = gich_read(GICH_APR);
		arch_vgic_save(from);
	}
	if (to) {
		gich_write(GICH_VMCR, (uint32_t)to->reg[VCPU_ich_vmcr_el2] & ~VMCR_RES0);
		gich_write(GICH_APR, (uint32_t)to->reg[VCPU_ich_ap1r0_el2]);
		arch_vgic_load(to, false);
	}
}

unsigned arch_vgic_lrs(void) { return (gich_read(GICH_VTR) & 0x3f) + 1; }
