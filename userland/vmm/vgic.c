/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's GICv3 distributor and redistributor, emulated by MMIO exits. */
#include "vmm.h"
#include <mem.h>
#include <tessera/object.h>

/*
 * The CPU interface is the hardware's (list registers, ICC_* without exits); only the
 * distributor and the redistributor's frames are ours. One security state (DS = 1),
 * affinity routing (ARE) always on, one redistributor, 32 SGIs/PPIs and
 * TSR_GUEST_SPIS SPIs, no LPIs. What a guest enables and configures is kept, and a
 * pending SPI is put in a list register once the guest has enabled it and the
 * distributor; if the four list registers are full it stays pending until the kernel
 * says there is room (a TSR_FAULT_VM_MAINTENANCE exit). The kernel delivers the virtual timer and
 * channel notifications (PPIs 27 and 31) itself. Registers not listed here read as zero and ignore
 * writes (as reserved ones do).
 */
#define NIRQ (32 + TSR_GUEST_SPIS)
#define WORDS (NIRQ / 32)
#define GICR_SGI (TSR_GUEST_GICR + 0x10000)
#define GICR_END (TSR_GUEST_GICR + 0x20000)
#define PIDR2 0xffe8
#define PIDR2_GICV3 0x3b
#define IIDR 0x43b /* Arm's implementer code */
#define CTLR_DS (1U << 6)
#define CTLR_WRITABLE 0x13U /* EnableGrp0, EnableGrp1, ARE */
#define WAKER_SLEEP 2U
#define TYPER_LAST (1UL << 4)

static struct {
	uint32_t ctlr, waker;
	uint32_t group[WORDS], enable[WORDS], pending[WORDS], config[2 * WORDS];
	uint8_t priority[NIRQ];
	uint64_t router[NIRQ];
} gic;

void vgic_reset(void)
{
	memset(&gic, 0, sizeof(gic));
	gic.waker = WAKER_SLEEP;
}

void vgic_deliver(void)
{
	if (!(gic.ctlr & 3))
		return;
	for (unsigned i = 0; i < NIRQ; i++) {
		uint32_t bit = 1U << (i % 32);
		if (!(gic.pending[i / 32] & gic.enable[i / 32] & bit))
			continue;
		if (tsr_vcpu_inject_irq(GUEST_VCPU, i, gic.priority[i]) < 0)
			return; /* full: again at the next exit */
		gic.pending[i / 32] &= ~bit;
	}
}

void vgic_raise(unsigned intid)
{
	if (intid < NIRQ)
		gic.pending[intid / 32] |= 1U << (intid % 32);
	vgic_deliver();
}

/*
 * The registers indexed by interrupt sit at the same offsets in the distributor (SPIs)
 * and the redistributor's SGI frame (SGIs and PPIs, interrupts [lo, hi) of each):
 * bitmaps (group, set/clear enable, set/clear pending, set/clear active) with a word per
 * 32, priorities with a byte each, configuration with 2 bits each.
 */
static bool by_irq(unsigned long off, unsigned lo, unsigned hi, bool write, unsigned bytes,
		   unsigned long *value)
{
	unsigned long base = off & ~0x7fUL, n = (off & 0x7f) / 4;
	if (off < 0x400 && bytes == 4 && n >= lo / 32 && n < hi / 32) {
		uint32_t *reg = base == 0x080	? &gic.group[n]
				: base <= 0x180 ? &gic.enable[n]
				: base <= 0x280 ? &gic.pending[n]
						: NULL; /* active: LRs hold it, never here */
		if (base < 0x080 || !reg)
			return false;
		if (!write)
			*value = *reg;
		else if (base == 0x080)
			*reg = (uint32_t)*value;
		else if (base & 0x080) /* the clear half */
			*reg &= ~(uint32_t)*value;
		else
			*reg |= (uint32_t)*value;
	} else if (off >= 0x400 + lo && off + bytes <= 0x400 + hi) {
		if (write)
			memcpy(&gic.priority[off - 0x400], value, bytes);
		else
			memcpy(value, &gic.priority[off - 0x400], bytes);
	} else if (off >= 0xc00 + lo / 4 && off + 4 <= 0xc00 + hi / 4 && bytes == 4) {
		if (write)
			gic.config[(off - 0xc00) / 4] = (uint32_t)*value;
		else
			*value = gic.config[(off - 0xc00) / 4];
	} else {
		return false;
	}
	return true;
}

static void distributor(unsigned long off, bool write, unsigned bytes, unsigned long *value)
{
	if (off == 0x0) {
		if (write)
			gic.ctlr = (uint32_t)*value & CTLR_WRITABLE;
		*value = gic.ctlr | CTLR_DS;
	} else if (off == 0x4) {
		*value = 9U << 19 | (WORDS - 1); /* 10-bit INTIDs, NIRQ of them */
	} else if (off == 0x8 || off == PIDR2) {
		*value = off == PIDR2 ? PIDR2_GICV3 : IIDR;
	} else if (off >= 0x6000 + 8 * 32 && off < 0x6000 + 8 * NIRQ && bytes == 8) {
		if (write) /* one vCPU: every route reaches it */
			gic.router[(off - 0x6000) / 8] = *value;
		*value = gic.router[(off - 0x6000) / 8];
	} else if (!by_irq(off, 32, NIRQ, write, bytes, value)) {
		*value = 0;
	}
}

static void redistributor(unsigned long off, bool write, unsigned bytes, unsigned long *value)
{
	if (off == 0x4 || off == PIDR2) {
		*value = off == PIDR2 ? PIDR2_GICV3 : IIDR;
	} else if (off == 0x8) {
		*value = TYPER_LAST; /* the last (only) one, affinity 0 */
	} else if (off == 0x14) {
		if (write)
			gic.waker = (uint32_t)*value & WAKER_SLEEP;
		*value = gic.waker | (gic.waker & WAKER_SLEEP) << 1; /* children sleep with it */
	} else if (off < 0x10000 || !by_irq(off - 0x10000, 0, 32, write, bytes, value)) {
		*value = 0;
	}
}

bool vgic_access(unsigned long ipa, bool write, unsigned bytes, unsigned long *value)
{
	if (!write)
		*value = 0; /* narrower reads fill the low bytes */
	if (ipa >= TSR_GUEST_GICD && ipa < TSR_GUEST_GICD + 0x10000)
		distributor(ipa - TSR_GUEST_GICD, write, bytes, value);
	else if (ipa >= TSR_GUEST_GICR && ipa < GICR_END)
		redistributor(ipa - TSR_GUEST_GICR, write, bytes, value);
	else
		return false;
	if (write)
		vgic_deliver(); /* an enable may let a pending interrupt through */
	return true;
}
