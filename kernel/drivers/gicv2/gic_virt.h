/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv2's virtual CPU interface on and off, inline on every guest entry and exit. */
#ifndef GIC_VIRT_H
#define GIC_VIRT_H

#include <arch/mmio.h>
#include <plat/board.h>
#include <vcpu.h>

#define GICH_HCR 0x000

/* GICH_HCR: v's bits (En, and UIE while interrupts wait) as it runs, 0 as it leaves. */
static inline void arch_vgic_enter(const struct vcpu *v)
{
	mmio_write32(PLAT_GICH_BASE + GICH_HCR, (uint32_t)v->hcr);
}
static inline void arch_vgic_leave(void) { mmio_write32(PLAT_GICH_BASE + GICH_HCR, 0); }

#endif
