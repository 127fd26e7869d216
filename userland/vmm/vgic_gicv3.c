/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's GICv3 distributor and redistributors (vgic.c holds their state). */
#include "vgic.h"
#include <mem.h>

/*
 * One security state (DS = 1), affinity routing (ARE) always on, a redistributor per
 * vCPU at TSR_GUEST_GICR + i * TSR_GUEST_GICR_STRIDE (its SGIs and PPIs banked). An SPI
 * goes to the vCPU its GICD_IROUTER names (Aff0); SGIs come from trapped ICC_SGI1R_EL1
 * writes (vmm.c).
 */
#define FRAME TSR_GUEST_GICR_STRIDE /* a redistributor: RD frame, then SGI frame at +64 KiB */
#define PIDR2_GICV3 0x3b
#define CTLR_DS (1U << 6)
#define CTLR_WRITABLE 0x13U /* EnableGrp0, EnableGrp1, ARE */
#define WAKER_SLEEP 2U
#define TYPER_LAST (1UL << 4)

static uint64_t router[NIRQ];
static uint32_t waker[TSR_VM_VCPUS_MAX];

void vgic_frames_reset(void)
{
	memset(router, 0, sizeof(router));
	for (unsigned i = 0; i < TSR_VM_VCPUS_MAX; i++)
		waker[i] = WAKER_SLEEP;
}

/* Its route's Aff0, if there is such a vCPU. */
unsigned vgic_route(unsigned intid)
{
	unsigned cpu = (unsigned)(router[intid] & 0xff);
	return cpu < vm_vcpus ? cpu : 0;
}

static void distributor(unsigned long off, bool write, unsigned bytes, unsigned long *value)
{
	if (off == 0x0) {
		if (write)
			vgic_dist.ctlr = (uint32_t)*value & CTLR_WRITABLE;
		*value = vgic_dist.ctlr | CTLR_DS;
	} else if (off == 0x4) {
		*value = 9U << 19 | (WORDS - 1); /* 10-bit INTIDs, NIRQ of them */
	} else if (off == 0x8 || off == PIDR2) {
		*value = off == PIDR2 ? PIDR2_GICV3 : IIDR;
	} else if (off >= 0x6000 + 8 * 32 && off < 0x6000 + 8 * NIRQ && bytes == 8) {
		if (write)
			router[(off - 0x6000) / 8] = *value;
		*value = router[(off - 0x6000) / 8];
	} else if (!vgic_by_irq(0, off, 32, NIRQ, write, bytes, value)) {
		*value = 0;
	}
}

/* vCPU cpu's redistributor. */
static void redistributor(unsigned cpu, unsigned long off, bool write, unsigned bytes,
			  unsigned long *value)
{
	unsigned long typer = (unsigned long)cpu << 32 | cpu << 8 |
			      (cpu + 1 == vm_vcpus ? TYPER_LAST : 0); /* affinity, number */
	if (off == 0x4 || off == PIDR2) {
		*value = off == PIDR2 ? PIDR2_GICV3 : IIDR;
	} else if (off == 0x8 || off == 0xc) {
		*value = off == 0xc ? typer >> 32 : bytes == 8 ? typer : (uint32_t)typer;
	} else if (off == 0x14) {
		if (write)
			waker[cpu] = (uint32_t)*value & WAKER_SLEEP;
		*value = waker[cpu] | (waker[cpu] & WAKER_SLEEP) << 1;
	} else if (off < 0x10000 || !vgic_by_irq(cpu, off - 0x10000, 0, 32, write, bytes, value)) {
		*value = 0;
	}
}

bool vgic_frames(unsigned cpu, unsigned long ipa, bool write, unsigned bytes, unsigned long *value)
{
	(void)cpu; /* each vCPU's banked registers are in its own redistributor */
	bool dist = ipa >= TSR_GUEST_GICD && ipa < TSR_GUEST_GICD + TSR_GUEST_GICD_SIZE,
	     redist = ipa >= TSR_GUEST_GICR && ipa < TSR_GUEST_GICR + FRAME * vm_vcpus;
	if (value && dist)
		distributor(ipa - TSR_GUEST_GICD, write, bytes, value);
	else if (value && redist)
		redistributor((unsigned)((ipa - TSR_GUEST_GICR) / FRAME),
			      (ipa - TSR_GUEST_GICR) % FRAME, write, bytes, value);
	return dist || redist;
}
