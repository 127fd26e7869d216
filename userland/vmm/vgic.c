/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's GICv3 distributor and redistributors, emulated by MMIO exits. */
#include "vmm.h"
#include <mem.h>
#include <tessera/object.h>

/*
 * The CPU interface is the hardware's (list registers, ICC_* without exits); only the
 * distributor and the redistributors' frames are ours. One security state (DS = 1),
 * affinity routing (ARE) always on, a redistributor per vCPU (its SGIs and PPIs banked),
 * TSR_GUEST_SPIS SPIs, no LPIs. What a guest enables and configures is kept. A pending
 * interrupt goes into its vCPU's list registers once the guest has enabled it and the
 * distributor: an SPI to the vCPU its GICD_IROUTER names (Aff0), an SGI to the vCPUs a
 * trapped ICC_SGI1R_EL1 write names. If the four list registers are full it stays
 * pending until the kernel says there is room (a TSR_FAULT_VM_MAINTENANCE exit). The
 * kernel delivers the virtual timer and channel notifications (PPIs 27 and 31) itself,
 * the notifications only while the guest has INTID 31 enabled in vCPU 0's redistributor
 * (sync_notify): an interrupt it did not enable would surprise a guest (Linux warns).
 * Registers not listed here read as zero and ignore writes (as reserved ones do).
 */
#define NIRQ (32 + TSR_GUEST_SPIS)
#define WORDS (NIRQ / 32)
#define FRAME TSR_GUEST_GICR_STRIDE /* a redistributor: RD frame, then SGI frame at +64 KiB */
#define PIDR2 0xffe8
#define PIDR2_GICV3 0x3b
#define IIDR 0x43b /* Arm's implementer code */
#define CTLR_DS (1U << 6)
#define CTLR_WRITABLE 0x13U /* EnableGrp0, EnableGrp1, ARE */
#define WAKER_SLEEP 2U
#define TYPER_LAST (1UL << 4)
#define NO_IRQ 1020 /* VCPU_SET_NOTIFY_IRQ: none */

/* The bitmap registers: group, set/clear enable, set/clear pending. */
struct bitmaps {
	uint32_t group, enable, pending;
};

static struct {
	uint32_t ctlr;
	struct bitmaps spi[WORDS]; /* word 0 unused: SGIs and PPIs are banked */
	uint32_t config[2 * WORDS];
	uint8_t priority[NIRQ];
	uint64_t router[NIRQ];
} dist;

static struct {
	uint32_t waker;
	struct bitmaps bits;
	uint32_t config[2];
	uint8_t priority[32];
} redist[TSR_VM_VCPUS_MAX];

/* Whether the kernel raises INTID 31 on vCPU 0 for channel notifications; the signals
 * that come while it does not stay in the notification word for TSR_HVC_POLL. */
static bool notify_on;

static void sync_notify(bool force)
{
	bool on = redist[0].bits.enable & 1U << TSR_GUEST_INTID_NOTIFY;
	if (on != notify_on || force)
		tsr_vcpu_set_notify_irq(GUEST_VCPU(0), on ? TSR_GUEST_INTID_NOTIFY : NO_IRQ);
	notify_on = on;
}

void vgic_reset(void)
{
	memset(&dist, 0, sizeof(dist));
	memset(redist, 0, sizeof(redist));
	for (unsigned i = 0; i < TSR_VM_VCPUS_MAX; i++)
		redist[i].waker = WAKER_SLEEP;
	sync_notify(true); /* off until the guest enables it */
}

static struct bitmaps *bitmaps(unsigned cpu, unsigned intid)
{
	return intid < 32 ? &redist[cpu].bits : &dist.spi[intid / 32];
}

static uint8_t *priority(unsigned cpu, unsigned intid)
{
	return intid < 32 ? &redist[cpu].priority[intid] : &dist.priority[intid];
}

/* Pending and enabled: into cpu's list registers. False when they are full. */
static bool deliver_to(unsigned cpu, unsigned intid, struct bitmaps *b)
{
	uint32_t bit = 1U << (intid % 32);
	if (!(b->pending & b->enable & bit))
		return true;
	if (tsr_vcpu_inject_irq(GUEST_VCPU(cpu), intid, *priority(cpu, intid)) < 0)
		return false; /* full: again at the maintenance exit */
	b->pending &= ~bit;
	return true;
}

/* The vCPU an SPI goes to: its route's Aff0, if there is such a vCPU. */
static unsigned route(unsigned intid)
{
	unsigned cpu = (unsigned)(dist.router[intid] & 0xff);
	return cpu < vm_vcpus ? cpu : 0;
}

void vgic_deliver(void)
{
	if (!(dist.ctlr & 3))
		return;
	for (unsigned cpu = 0; cpu < vm_vcpus; cpu++)
		for (unsigned i = 0; i < 32; i++)
			if (!deliver_to(cpu, i, &redist[cpu].bits))
				break;
	for (unsigned i = 32; i < NIRQ; i++)
		deliver_to(route(i), i, &dist.spi[i / 32]);
}

void vgic_raise(unsigned intid)
{
	if (intid >= 32 && intid < NIRQ)
		dist.spi[intid / 32].pending |= 1U << (intid % 32);
	vgic_deliver();
}

void vgic_sgi(unsigned cpu, unsigned intid)
{
	redist[cpu].bits.pending |= 1U << intid;
	vgic_deliver();
}

/*
 * The registers indexed by interrupt sit at the same offsets in the distributor (SPIs)
 * and a redistributor's SGI frame (vCPU cpu's SGIs and PPIs), interrupts [lo, hi) of
 * each: bitmaps (group, set/clear enable, set/clear pending, set/clear active) with a
 * word per 32, priorities with a byte each, configuration with 2 bits each.
 */
static bool by_irq(unsigned cpu, unsigned long off, unsigned lo, unsigned hi, bool write,
		   unsigned bytes, unsigned long *value)
{
	unsigned long base = off & ~0x7fUL, n = (off & 0x7f) / 4;
	if (off < 0x400 && bytes == 4 && n >= lo / 32 && n < hi / 32) {
		struct bitmaps *b = bitmaps(cpu, (unsigned)n * 32);
		uint32_t *reg = base == 0x080	? &b->group
				: base <= 0x180 ? &b->enable
				: base <= 0x280 ? &b->pending
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
			memcpy(priority(cpu, (unsigned)(off - 0x400)), value, bytes);
		else
			memcpy(value, priority(cpu, (unsigned)(off - 0x400)), bytes);
	} else if (off >= 0xc00 + lo / 4 && off + 4 <= 0xc00 + hi / 4 && bytes == 4) {
		unsigned w = (unsigned)(off - 0xc00) / 4;
		uint32_t *reg = w < 2 ? &redist[cpu].config[w] : &dist.config[w];
		if (write)
			*reg = (uint32_t)*value;
		else
			*value = *reg;
	} else {
		return false;
	}
	return true;
}

static void distributor(unsigned long off, bool write, unsigned bytes, unsigned long *value)
{
	if (off == 0x0) {
		if (write)
			dist.ctlr = (uint32_t)*value & CTLR_WRITABLE;
		*value = dist.ctlr | CTLR_DS;
	} else if (off == 0x4) {
		*value = 9U << 19 | (WORDS - 1); /* 10-bit INTIDs, NIRQ of them */
	} else if (off == 0x8 || off == PIDR2) {
		*value = off == PIDR2 ? PIDR2_GICV3 : IIDR;
	} else if (off >= 0x6000 + 8 * 32 && off < 0x6000 + 8 * NIRQ && bytes == 8) {
		if (write)
			dist.router[(off - 0x6000) / 8] = *value;
		*value = dist.router[(off - 0x6000) / 8];
	} else if (!by_irq(0, off, 32, NIRQ, write, bytes, value)) {
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
			redist[cpu].waker = (uint32_t)*value & WAKER_SLEEP;
		*value = redist[cpu].waker | (redist[cpu].waker & WAKER_SLEEP) << 1;
	} else if (off < 0x10000 || !by_irq(cpu, off - 0x10000, 0, 32, write, bytes, value)) {
		*value = 0;
	}
}

bool vgic_access(unsigned long ipa, bool write, unsigned bytes, unsigned long *value)
{
	bool ours = (ipa >= TSR_GUEST_GICD && ipa < TSR_GUEST_GICD + TSR_GUEST_GICD_SIZE) ||
		    (ipa >= TSR_GUEST_GICR && ipa < TSR_GUEST_GICR + FRAME * vm_vcpus);
	if (!value || !ours)
		return ours;
	if (!write)
		*value = 0; /* narrower reads fill the low bytes */
	if (ipa >= TSR_GUEST_GICD && ipa < TSR_GUEST_GICD + TSR_GUEST_GICD_SIZE)
		distributor(ipa - TSR_GUEST_GICD, write, bytes, value);
	else if (ipa >= TSR_GUEST_GICR && ipa < TSR_GUEST_GICR + FRAME * vm_vcpus)
		redistributor((unsigned)((ipa - TSR_GUEST_GICR) / FRAME),
			      (ipa - TSR_GUEST_GICR) % FRAME, write, bytes, value);
	if (write) {
		sync_notify(false);
		vgic_deliver(); /* an enable may let a pending interrupt through */
	}
	return true;
}
