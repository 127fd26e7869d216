/* SPDX-License-Identifier: BSD-2-Clause */
/* The virtual GIC's state, shared by vgic.c and the board's frames (vgic_<gic>.c). */
#ifndef VMM_VGIC_H
#define VMM_VGIC_H

#include "vmm.h"

#define NIRQ (32 + TSR_GUEST_SPIS)
#define WORDS (NIRQ / 32)
#define IIDR 0x43b /* Arm's implementer code */
#define PIDR2 0xffe8

/* The bitmap registers: group, set/clear enable, set/clear pending. */
struct vgic_bitmaps {
	uint32_t group, enable, pending;
};

/* The distributor's SPIs, and each vCPU's banked SGIs and PPIs (a GICv3's
 * redistributor, a GICv2's distributor as that vCPU sees it). */
extern struct vgic_dist {
	uint32_t ctlr;
	struct vgic_bitmaps spi[WORDS]; /* word 0 unused: SGIs and PPIs are banked */
	uint32_t config[2 * WORDS];
	uint8_t priority[NIRQ];
} vgic_dist;

extern struct vgic_cpu {
	struct vgic_bitmaps bits;
	uint32_t config[2];
	uint8_t priority[32];
} vgic_cpu[TSR_VM_VCPUS_MAX];

/* vgic.c: the registers indexed by interrupt, at the offsets a GICv2 and a GICv3
 * distributor share, for interrupts [lo, hi) (below 32: vCPU cpu's): true if off is one
 * of them (then read or written). */
bool vgic_by_irq(unsigned cpu, unsigned long off, unsigned lo, unsigned hi, bool write,
		 unsigned bytes, unsigned long *value);

/* The board's GIC (vgic_gicv2.c or vgic_gicv3.c, TESSERA_PLAT_GIC): its frames at reset;
 * an access by vCPU cpu (*value zeroed for reads; with value NULL, only whether ipa lies
 * in them); the vCPU an SPI goes to. */
void vgic_frames_reset(void);
bool vgic_frames(unsigned cpu, unsigned long ipa, bool write, unsigned bytes, unsigned long *value);
unsigned vgic_route(unsigned intid);

#endif
