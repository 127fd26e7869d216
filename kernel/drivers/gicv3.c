/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3: distributor, this CPU's redistributor and its system-register CPU interface. */
#include <arch/mmio.h>
#include <arch/sysreg.h>
#include <console.h>
#include <panic.h>
#include <plat.h>
#include <plat/board.h>
#include <thread.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ARE (1U << 4) /* ARE_NS when the GIC has two security states */
#define GICD_CTLR_GRP1 (1U << 1)

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000 /* SGI/PPI frame, after the RD frame */
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)
#define GICR_TYPER_LAST (1UL << 4)
#define WAKER_PROCESSOR_SLEEP (1U << 1)
#define WAKER_CHILDREN_ASLEEP (1U << 2)

#define ICC_SRE_SRE (1UL << 0)
#define ICC_SRE_ENABLE (1UL << 3)

#define IRQ_PRIORITY 0xa0

#define ICC_SGI1R_TARGET(aff0) (1UL << ((aff0)&15))
#define ICC_SGI1R_AFF1(aff1) ((uint64_t)(aff1) << 16)
#define ICC_SGI1R_INTID(sgi) ((uint64_t)(sgi) << 24)

#define gicr (this_cpu()->irq_cpu) /* this CPU's redistributor */
static unsigned spi_limit;

static void wait_rwp(void)
{
	while (mmio_read32(PLAT_GICD_BASE + GICD_CTLR) & GICD_CTLR_RWP)
		;
}

static uint64_t mpidr_affinity(void)
{
	uint64_t m = read_sysreg(mpidr_el1);
	return (m & 0xffffff) | ((m >> 32 & 0xff) << 24);
}

/* Redistributors are a list of frames; GICR_TYPER[63:32] names the CPU each serves. */
static uintptr_t find_redistributor(void)
{
	uint64_t aff = mpidr_affinity();
	for (uintptr_t r = PLAT_GICR_BASE;; r += PLAT_GICR_STRIDE) {
		uint64_t typer = mmio_read64(r + GICR_TYPER);
		if ((typer >> 32) == aff)
			return r;
		if (typer & GICR_TYPER_LAST)
			panic("GICv3: no redistributor for affinity 0x%llx",
			      (unsigned long long)aff);
	}
}

void irq_controller_init(void)
{
	spi_limit = 32 * ((mmio_read32(PLAT_GICD_BASE + GICD_TYPER) & 0x1f) + 1);
	if (spi_limit > 1020)
		spi_limit = 1020;

	/* Distributor: every SPI disabled, non-secure group 1, affinity routing on. */
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, 0);
	wait_rwp();
	for (unsigned i = 32; i < spi_limit; i += 32) {
		mmio_write32(PLAT_GICD_BASE + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(PLAT_GICD_BASE + GICD_IGROUPR + i / 8, ~0U);
	}
	for (unsigned i = 32; i < spi_limit; i += 4)
		mmio_write32(PLAT_GICD_BASE + GICD_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101U);
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	wait_rwp();

	irq_controller_init_cpu();
	kprintf("GICv3: %u interrupt lines, redistributor at 0x%lx\n", spi_limit,
		(unsigned long)gicr);
}

/* This CPU's redistributor (SGIs on, PPIs off, group 1) and its CPU interface. */
void irq_controller_init_cpu(void)
{
	gicr = find_redistributor();
	mmio_write32(gicr + GICR_WAKER, mmio_read32(gicr + GICR_WAKER) & ~WAKER_PROCESSOR_SLEEP);
	while (mmio_read32(gicr + GICR_WAKER) & WAKER_CHILDREN_ASLEEP)
		;
	mmio_write32(gicr + GICR_ICENABLER0, ~0U);
	mmio_write32(gicr + GICR_IGROUPR0, ~0U);
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(gicr + GICR_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101U);
	mmio_write32(gicr + GICR_ISENABLER0, 1U << IRQ_SGI_KICK);

	/* CPU interface through system registers. */
	write_sysreg(icc_sre_el2, read_sysreg(icc_sre_el2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, 0); /* EOI drops priority and deactivates */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
}

/* CPU n is Aff0 = n % 8, Aff1 = n / 8 on QEMU virt (clusters of eight). */
void irq_send_sgi(unsigned cpu, unsigned sgi)
{
	dsb_ish(); /* what the lock holder wrote, before the other CPU looks */
	write_sysreg(icc_sgi1r_el1,
		     ICC_SGI1R_AFF1(cpu / 8) | ICC_SGI1R_INTID(sgi) | ICC_SGI1R_TARGET(cpu % 8));
	isb();
}

void irq_enable(unsigned intid)
{
	uint32_t bit = 1U << (intid % 32);
	if (intid < 32) {
		mmio_write32(gicr + GICR_ISENABLER0, bit);
	} else if (intid < spi_limit) {
		mmio_write64(PLAT_GICD_BASE + GICD_IROUTER + 8UL * intid,
			     read_sysreg(mpidr_el1) & 0xff00ffffffUL);
		mmio_write32(PLAT_GICD_BASE + GICD_ISENABLER + intid / 32 * 4, bit);
	}
}

void irq_disable(unsigned intid)
{
	uint32_t bit = 1U << (intid % 32);
	if (intid < 32)
		mmio_write32(gicr + GICR_ICENABLER0, bit);
	else if (intid < spi_limit)
		mmio_write32(PLAT_GICD_BASE + GICD_ICENABLER + intid / 32 * 4, bit);
}

bool irq_pending(void) { return (read_sysreg(icc_hppir1_el1) & 0xffffff) < 1020; }

unsigned irq_acknowledge(void) { return read_sysreg(icc_iar1_el1) & 0xffffff; }

void irq_end(unsigned intid) { write_sysreg(icc_eoir1_el1, intid); }
