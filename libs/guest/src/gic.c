/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3: the distributor and redistributor the VMM emulates, the CPU interface. */
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

/* The calling vCPU's redistributor. */
static unsigned long redist(void)
{
	return TSR_GUEST_GICR + TSR_GUEST_GICR_STRIDE * tsr_cpu_index();
}

void tsr_gic_dist_enable(void)
{
	write32(TSR_GUEST_GICD + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1NS);
	until_clear(TSR_GUEST_GICD + GICD_CTLR, GICD_CTLR_RWP);
}

bool tsr_gic_redist_wake(void)
{
	unsigned long waker = redist() + GICR_WAKER;
	write32(waker, read32(waker) & ~GICR_WAKER_SLEEP);
	return until_clear(waker, GICR_WAKER_CHILDREN_ASLEEP);
}

void tsr_gic_enable_irq(unsigned intid, uint8_t priority)
{
	unsigned long base = intid < 32 ? redist() + GICR_SGI : TSR_GUEST_GICD;
	uint32_t bit = 1U << (intid % 32), shift = 8 * (intid % 4);
	write32(base + GIC_IGROUPR(intid), read32(base + GIC_IGROUPR(intid)) | bit);
	uint32_t prio = read32(base + GIC_IPRIORITYR(intid)) & ~(0xffU << shift);
	write32(base + GIC_IPRIORITYR(intid), prio | (uint32_t)priority << shift);
	if (intid >= 32)
		write64(TSR_GUEST_GICD + GICD_IROUTER(intid), 0); /* affinity 0.0.0.0 */
	write32(base + GIC_ISENABLER(intid), bit);
}

#define SYSREG_WRITE(reg, v) __asm__ volatile("msr " #reg ", %0" ::"r"((uint64_t)(v)))

void tsr_gic_cpu_enable(void)
{
	uint64_t sre;
	__asm__ volatile("mrs %0, icc_sre_el1" : "=r"(sre));
	SYSREG_WRITE(icc_sre_el1, sre | 1); /* SRE: the system-register interface */
	__asm__ volatile("isb");
	SYSREG_WRITE(icc_pmr_el1, 0xff); /* every priority */
	SYSREG_WRITE(icc_bpr1_el1, 0);
	SYSREG_WRITE(icc_igrpen1_el1, 1);
	__asm__ volatile("isb");
}

unsigned tsr_gic_ack(void)
{
	uint64_t intid;
	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(intid)::"memory");
	return (unsigned)(intid & 0xffffff);
}

void tsr_gic_end(unsigned intid)
{
	SYSREG_WRITE(icc_eoir1_el1, intid);
	__asm__ volatile("isb");
}

/* ICC_SGI1R_EL1: INTID in bits 24..27, the target list in 0..15; Aff1..3 and IRM 0.
 * The DSB makes earlier stores visible to the targets before the SGI (as Linux does). */
void tsr_gic_send_sgi(unsigned intid, uint16_t target_list)
{
	uint64_t v = (uint64_t)(intid & 15) << 24 | target_list;
	__asm__ volatile("dsb ishst\n\tmsr s3_0_c12_c11_5, %0\n\tisb" ::"r"(v) : "memory");
}
