/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's GICv2 distributor (vgic.c holds its state); the CPU interface is GICV. */
#include "vgic.h"
#include <mem.h>

/*
 * A GIC-400's distributor without the security extensions at TSR_GUEST_GICD: the
 * registers of SGIs and PPIs are banked, each vCPU reaching its own. An SPI goes to the
 * lowest vCPU its GICD_ITARGETSR byte names (vCPU 0 if none); an SGI to the vCPUs a
 * GICD_SGIR write names. The guest's CPU interface (TSR_GUEST_GICC) is the board's GICV,
 * mapped by the manifest: no exits. A guest's SGIs name no sender (GICC_IAR's CPUID is
 * 0), which Linux does not look at.
 */
#define PIDR2_GICV2 0x2b	/* architecture version 2 */
#define IIDR_GIC400 0x0200043bU /* product 0x02 (GIC-400), Arm */
#define CTLR_WRITABLE 0x3U	/* EnableGrp0, EnableGrp1 */
#define ITARGETSR 0x800
#define SGIR 0xf00
#define SGIR_FILTER(v) ((v) >> 24 & 3) /* 0: the list, 1: all but self, 2: self */
#define SGIR_LIST(v) ((v) >> 16 & 0xff)

static uint8_t targets[NIRQ];

void vgic_frames_reset(void) { memset(targets, 0, sizeof(targets)); }

unsigned vgic_route(unsigned intid)
{
	for (unsigned cpu = 0; cpu < vm_vcpus; cpu++)
		if (targets[intid] >> cpu & 1)
			return cpu;
	return 0;
}

static void sgi(unsigned self, uint32_t v)
{
	unsigned list = SGIR_FILTER(v) == 0   ? SGIR_LIST(v)
			: SGIR_FILTER(v) == 1 ? 0xffU & ~(1U << self)
					      : 1U << self;
	for (unsigned cpu = 0; cpu < vm_vcpus; cpu++)
		if (list >> cpu & 1)
			vgic_sgi(cpu, v & 15);
}

/* GICD_ITARGETSR, a byte per interrupt: an SGI's or PPI's reads as its own vCPU. */
static void target(unsigned cpu, unsigned long off, bool write, unsigned bytes,
		   unsigned long *value)
{
	for (unsigned i = 0; i < bytes; i++) {
		unsigned intid = (unsigned)(off - ITARGETSR) + i;
		if (write && intid >= 32)
			targets[intid] = (uint8_t)(*value >> (8 * i));
		else if (!write)
			*value |= (unsigned long)(intid < 32 ? 1U << cpu : targets[intid])
				  << (8 * i);
	}
}

bool vgic_frames(unsigned cpu, unsigned long ipa, bool write, unsigned bytes, unsigned long *value)
{
	unsigned long off = ipa - TSR_GUEST_GICD;
	if (ipa < TSR_GUEST_GICD || off >= TSR_GUEST_GICD_SIZE)
		return false;
	if (!value)
		return true;
	if (off == 0x0) {
		if (write)
			vgic_dist.ctlr = (uint32_t)*value & CTLR_WRITABLE;
		*value = vgic_dist.ctlr;
	} else if (off == 0x4) {
		*value = (vm_vcpus - 1) << 5 | (WORDS - 1); /* CPUNumber, ITLinesNumber */
	} else if (off == 0x8 || off == PIDR2) {
		*value = off == PIDR2 ? PIDR2_GICV2 : IIDR_GIC400;
	} else if (off >= ITARGETSR && off + bytes <= ITARGETSR + NIRQ) {
		target(cpu, off, write, bytes, value);
	} else if (off == SGIR && write && bytes == 4) {
		sgi(cpu, (uint32_t)*value);
	} else if (!vgic_by_irq(cpu, off, 0, NIRQ, write, bytes, value)) {
		*value = 0;
	}
	return true;
}
