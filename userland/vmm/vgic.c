/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's GIC distributor, emulated by MMIO exits: what GICv2 and GICv3 share. */
#include "vgic.h"
#include <mem.h>
#include <tessera/object.h>

/*
 * The CPU interface is the hardware's (list registers; a GICv3's ICC_* system registers,
 * a GICv2's GICV frame mapped as the guest's GICC): only the distributor (and a GICv3's
 * redistributors) are ours, in the board's file, vgic_gicv3.c or vgic_gicv2.c. One
 * security state, TSR_GUEST_SPIS SPIs, no LPIs. What a guest enables and configures is
 * kept. A pending interrupt goes into its vCPU's list registers once the guest has
 * enabled it and the distributor: an SPI to the vCPU the board's routing names, an SGI
 * to the vCPUs the guest's write names. If the four list registers are full it stays
 * pending until the kernel says there is room (a TSR_FAULT_VM_MAINTENANCE exit). The
 * kernel delivers the virtual timer and channel notifications (PPIs 27 and 31) itself,
 * the notifications only while the guest has INTID 31 enabled on vCPU 0 (sync_notify):
 * an interrupt it did not enable would surprise a guest (Linux warns). Registers not
 * emulated read as zero and ignore writes (as reserved ones do).
 */
#define NO_IRQ 1020 /* VCPU_SET_NOTIFY_IRQ: none */

struct vgic_dist vgic_dist;
struct vgic_cpu vgic_cpu[TSR_VM_VCPUS_MAX];

/* Whether the kernel raises INTID 31 on vCPU 0 for channel notifications; the signals
 * that come while it does not stay in the notification word for TSR_HVC_POLL. */
static bool notify_on;

static void sync_notify(bool force)
{
	bool on = vgic_cpu[0].bits.enable & 1U << TSR_GUEST_INTID_NOTIFY;
	if (on != notify_on || force)
		tsr_vcpu_set_notify_irq(GUEST_VCPU(0), on ? TSR_GUEST_INTID_NOTIFY : NO_IRQ);
	notify_on = on;
}

void vgic_reset(void)
{
	memset(&vgic_dist, 0, sizeof(vgic_dist));
	memset(vgic_cpu, 0, sizeof(vgic_cpu));
	vgic_frames_reset();
	sync_notify(true); /* off until the guest enables it */
}

static struct vgic_bitmaps *bitmaps(unsigned cpu, unsigned intid)
{
	return intid < 32 ? &vgic_cpu[cpu].bits : &vgic_dist.spi[intid / 32];
}

static uint8_t *priority(unsigned cpu, unsigned intid)
{
	return intid < 32 ? &vgic_cpu[cpu].priority[intid] : &vgic_dist.priority[intid];
}

/* Pending and enabled: into cpu's list registers. False when they are full. */
static bool deliver_to(unsigned cpu, unsigned intid, struct vgic_bitmaps *b)
{
	uint32_t bit = 1U << (intid % 32);
	if (!(b->pending & b->enable & bit))
		return true;
	if (tsr_vcpu_inject_irq(GUEST_VCPU(cpu), intid, *priority(cpu, intid)) < 0)
		return false; /* full: again at the maintenance exit */
	b->pending &= ~bit;
	return true;
}

void vgic_deliver(void)
{
	if (!(vgic_dist.ctlr & 3))
		return;
	for (unsigned cpu = 0; cpu < vm_vcpus; cpu++)
		for (unsigned i = 0; i < 32; i++)
			if (!deliver_to(cpu, i, &vgic_cpu[cpu].bits))
				break;
	for (unsigned i = 32; i < NIRQ; i++)
		deliver_to(vgic_route(i), i, &vgic_dist.spi[i / 32]);
}

void vgic_raise(unsigned intid)
{
	if (intid >= 32 && intid < NIRQ)
		vgic_dist.spi[intid / 32].pending |= 1U << (intid % 32);
	vgic_deliver();
}

void vgic_sgi(unsigned cpu, unsigned intid)
{
	vgic_cpu[cpu].bits.pending |= 1U << intid;
	vgic_deliver();
}

/*
 * Bitmaps (group, set/clear enable, set/clear pending, set/clear active) with a word per
 * 32 interrupts, priorities with a byte each, configuration with 2 bits each, at the
 * same offsets in a GICv2 distributor, a GICv3 distributor (SPIs) and a GICv3
 * redistributor's SGI frame (SGIs and PPIs).
 */
bool vgic_by_irq(unsigned cpu, unsigned long off, unsigned lo, unsigned hi, bool write,
		 unsigned bytes, unsigned long *value)
{
	unsigned long base = off & ~0x7fUL, n = (off & 0x7f) / 4;
	if (off < 0x400 && bytes == 4 && n >= lo / 32 && n < hi / 32) {
		struct vgic_bitmaps *b = bitmaps(cpu, (unsigned)n * 32);
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
		uint32_t *reg = w < 2 ? &vgic_cpu[cpu].config[w] : &vgic_dist.config[w];
		if (write)
			*reg = (uint32_t)*value;
		else
			*value = *reg;
	} else {
		return false;
	}
	return true;
}

bool vgic_access(unsigned cpu, unsigned long ipa, bool write, unsigned bytes, unsigned long *value)
{
	if (!value)
		return vgic_frames(cpu, ipa, write, bytes, NULL);
	if (!write)
		*value = 0; /* narrower reads fill the low bytes */
	if (!vgic_frames(cpu, ipa, write, bytes, value))
		return false;
	if (write) {
		sync_notify(false);
		vgic_deliver(); /* an enable may let a pending interrupt through */
	}
	return true;
}
