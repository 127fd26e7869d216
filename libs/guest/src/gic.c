/* SPDX-License-Identifier: BSD-2-Clause */
/* The GIC: the distributor (and a GICv3's redistributors) the VMM emulates, and the CPU
 * interface, a GICv3's system registers or a GICv2's GICC frame (the board's GICV). */
#include <tessera/guest.h>

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_GRP1NS (1U << 1)
#define GICD_IROUTER(n) (0x6000 + 8 * (n))
/* In the distributor for SPIs and in the redistributor's SGI frame for SGIs and PPIs. */
#define GIC_IGROUPR(n) (0x0080 + 4 * ((n) / 32))
#define GIC_ISENABLER(n) (0x0100 + 4 * ((n) / 32))
#define GIC_IPRIORITYR(n) (0x0400 + ((n) & ~3U))
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1U << 1)	     /* ProcessorSleep */
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2) /* ChildrenAsleep */
#define GICR_SGI 0x10000		     /* a redistributor's SGI frame, from its start */
#define POLLS 1000			     /* reads of a bit the VMM should clear at once */
/* GICv2: its distributor's SPI targets and SGIs, the CPU interface's registers. */
#define GICD_ITARGETSR(n) (0x0800 + ((n) & ~3U))
#define GICD_SGIR 0x0f00
#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_CTLR_ENABLE 1U /* EnableGrp0: a GICv2 guest's interrupts are group 0 */

/* The CPU interface's address on a GICv2 (tsr_gic_init), 0 on a GICv3. */
static unsigned long gicc;

/* MMIO a VMM can emulate: single loads and stores without write-back, so that the
 * exit's syndrome describes them (ESR ISV); the compiler may not choose. */
static uint32_t read32(unsigned long a)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static void write32(unsigned long a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}

static void write64(unsigned long a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(a) : "memory");
}

/* Wait (a bounded number of reads) until the bits of mask read as clear. */
static bool until_clear(unsigned long a, uint32_t mask)
{
	for (int i = 0; i < POLLS; i++)
		if (!(read32(a) & mask))
			return true;
	return false;
}

unsigned tsr_gic_init(const struct tsr_fdt *t)
{
	uint64_t size;
	int v2 = tsr_fdt_find(t, "arm,cortex-a15-gic", NULL);
	gicc = 0;
	if (tsr_fdt_find(t, "arm,gic-v3", NULL) >= 0)
		return 3;
	if (v2 < 0 || !tsr_fdt_reg(t, v2, 1, &gicc, &size))
		return 0;
	return 2;
}

/* The calling vCPU's redistributor. */
static unsigned long redist(void)
{
	return TSR_GUEST_GICR + TSR_GUEST_GICR_STRIDE * tsr_cpu_index();
}

void tsr_gic_dist_enable(void)
{
	if (gicc) {
		write32(TSR_GUEST_GICD + GICD_CTLR, 1); /* EnableGrp0 */
		return;
	}
	write32(TSR_GUEST_GICD + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1NS);
	until_clear(TSR_GUEST_GICD + GICD_CTLR, GICD_CTLR_RWP);
}

bool tsr_gic_redist_wake(void)
{
	if (gicc)
		return true; /* a GICv2 has no redistributors */
	unsigned long waker = redist() + GICR_WAKER;
	write32(waker, read32(waker) & ~GICR_WAKER_SLEEP);
	return until_clear(waker, GICR_WAKER_CHILDREN_ASLEEP);
}

/* Byte `intid % 4` of the word at a set to v. */
static void write_byte(unsigned long a, unsigned intid, uint8_t v)
{
	uint32_t shift = 8 * (intid % 4);
	write32(a, (read32(a) & ~(0xffU << shift)) | (uint32_t)v << shift);
}

void tsr_gic_enable_irq(unsigned intid, uint8_t priority)
{
	/* A GICv2's distributor banks SGIs and PPIs itself; its guests' group is 0. */
	unsigned long base = intid < 32 && !gicc ? redist() + GICR_SGI : TSR_GUEST_GICD;
	uint32_t bit = 1U << (intid % 32);
	if (!gicc)
		write32(base + GIC_IGROUPR(intid), read32(base + GIC_IGROUPR(intid)) | bit);
	write_byte(base + GIC_IPRIORITYR(intid), intid, priority);
	if (intid >= 32 && gicc)
		write_byte(TSR_GUEST_GICD + GICD_ITARGETSR(intid), intid, 1); /* vCPU 0 */
	else if (intid >= 32)
		write64(TSR_GUEST_GICD + GICD_IROUTER(intid), 0); /* affinity 0.0.0.0 */
	write32(base + GIC_ISENABLER(intid), bit);
}

#define SYSREG_WRITE(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)))

void tsr_gic_cpu_enable(void)
{
	if (gicc) {
		write32(gicc + GICC_PMR, 0xff); /* every priority */
		write32(gicc + GICC_BPR, 0);
		write32(gicc + GICC_CTLR, GICC_CTLR_ENABLE);
		return;
	}
	uint64_t sre;
	__asm__ volatile("mrs %0, icc_sre_el1" : "=r"(sre));
	SYSREG_WRITE(icc_sre_el1, sre | 1); /* SRE: the system-register interface */
	__asm__ volatile("isb");
	SYSREG_WRITE(icc_pmr_el1, 0xff); /* every priority */
	SYSREG_WRITE(icc_bpr1_el1, 0);
	SYSREG_WRITE(icc_igrpen1_el1, 1);
	__asm__ volatile("isb");
}

/* A GICv2 SGI's IAR names its sender in bits 12:10, which its EOI must name too: under
 * Tessera's VMM it is always 0 (docs/porting-a-guest.md). */
unsigned tsr_gic_ack(void)
{
	if (gicc)
		return read32(gicc + GICC_IAR) & 0x3ff;
	uint64_t intid;
	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(intid)::"memory");
	return (unsigned)(intid & 0xffffff);
}

void tsr_gic_end(unsigned intid)
{
	if (gicc) {
		write32(gicc + GICC_EOIR, intid);
		return;
	}
	SYSREG_WRITE(icc_eoir1_el1, intid);
	__asm__ volatile("isb");
}

/* ICC_SGI1R_EL1: INTID in bits 24..27, the target list in 0..15; Aff1..3 and IRM 0.
 * The DSB makes earlier stores visible to the targets before the SGI (as Linux does). */
void tsr_gic_send_sgi(unsigned intid, uint16_t target_list)
{
	if (gicc) { /* GICD_SGIR: the target list in bits 23:16 (8 CPUs), filter 0 */
		__asm__ volatile("dsb ishst" ::: "memory");
		write32(TSR_GUEST_GICD + GICD_SGIR,
			(uint32_t)(target_list & 0xff) << 16 | (intid & 15));
		return;
	}
	uint64_t v = (uint64_t)(intid & 15) << 24 | target_list;
	__asm__ volatile("dsb ishst\n\tmsr s3_0_c12_c11_5, %0\n\tisb" ::"r"(v) : "memory");
}
