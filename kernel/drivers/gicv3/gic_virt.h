/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3's virtual CPU interface on and off, inline on every guest entry and exit. */
#ifndef GIC_VIRT_H
#define GIC_VIRT_H

#include <arch/sysreg.h>
#include <vcpu.h>

/* ICH_HCR_EL2: v's bits (En, and UIE while interrupts wait) as it runs, 0 as it leaves. */
static inline void arch_vgic_enter(const struct vcpu *v) { write_sysreg(ich_hcr_el2, v->hcr); }
static inline void arch_vgic_leave(void) { write_sysreg(ich_hcr_el2, 0); }

#endif
