/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv2 (GIC-400): distributor and this CPU's memory-mapped CPU interface. */
#include <arch/mmio.h>
#include <console.h>
#include <plat.h>
#include <plat/board.h>
#include <smp.h>
#include <thread.h>

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ICPENDR 0x280
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_SGIR 0xf00
#define GICD_SGIR_TARGET(cpu) (1U << (16 + (cpu))) /* CPU interface n is core n */
#define GICD_CTLR_ENABLE (1U << 0)

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10
#define GICC_HPPIR 0x18
#define GICC_CTLR_ENABLE (1U << 0) /* EOImode 0: EOI drops priority and deactivates */

#define INTID_MASK 0x3ffU
#define IAR_SOURCE_MASK 0x1c00U /* an SGI's sending CPU, to be written back at EOI */
#define IRQ_PRIORITY 0xa0

static unsigned spi_limit;
/* An SGI's IAR names its sender, which its EOI must name too. At EL2 interrupts do not
 * nest, so each CPU has at most one acknowledged and not yet ended. */
static uint32_t sgi_source[CPUS_MAX];

void irq_controller_init(void)
{
	spi_limit = 32 * ((mmio_read32(PLAT_GICD_BASE + GICD_TYPER) & 0x1f) + 1);
	if (spi_limit > 1020)
		spi_limit = 1020;

	/* Distributor: every line disabled and not pending, one priority for all. Without
	 * the security extensions (or from the non-secure side) everything is group 0,
	 * signalled as IRQ. */
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, 0);
	for (unsigned i = 32; i < spi_limit; i += 32) {
		mmio_write32(PLAT_GICD_BASE + GICD_ICENABLER + i / 8, ~0U);
		mmio_write32(PLAT_GICD_BASE + GICD_ICPENDR + i / 8, ~0U);
	}
	for (unsigned i = 32; i < spi_limit; i += 4)
		mmio_write32(PLAT_GICD_BASE + GICD_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101U);
	mmio_write32(PLAT_GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE);

	irq_controller_init_cpu();
	kprintf("GICv2: %u interrupt lines, CPU interface at 0x%lx\n", spi_limit,
		(unsigned long)PLAT_GICC_BASE);
}

/* This CPU's banked SGIs and PPIs (SGIs on, PPIs off) and its CPU interface. */
void irq_controller_init_cpu(void)
{
	mmio_write32(PLAT_GICD_BASE + GICD_ICENABLER, ~0U);
	mmio_write32(PLAT_GICD_BASE + GICD_ICPENDR, ~0U);
	for (unsigned i = 0; i < 32; i += 4)
		mmio_write32(PLAT_GICD_BASE + GICD_IPRIORITYR + i, IRQ_PRIORITY * 0x01010101U);
	mmio_write32(PLAT_GICD_BASE + GICD_ISENABLER, 1U << IRQ_SGI_KICK);
	mmio_write32(PLAT_GICC_BASE + GICC_PMR, 0xff);
	mmio_write32(PLAT_GICC_BASE + GICC_BPR, 0);
	mmio_write32(PLAT_GICC_BASE + GICC_CTLR, GICC_CTLR_ENABLE);
}

void irq_send_sgi(unsigned cpu, unsigned sgi)
{
	dsb_ish(); /* what the lock holder wrote, before the other CPU looks */
	mmio_write32(PLAT_GICD_BASE + GICD_SGIR, GICD_SGIR_TARGET(cpu) | sgi);
}

/* An SPI's targets reset to none on a GIC of several CPU interfaces (a line without one
 * is never signalled): enabling it targets this CPU, its handler's, as GICv3's IROUTER
 * does. ITARGETSR0 (banked) reads as this CPU's own bit; ITARGETSR is byte-accessible,
 * but word writes keep to the strict-alignment rule. */
void irq_enable(unsigned intid)
{
	if (intid >= spi_limit)
		return;
	if (intid >= 32) {
		uintptr_t t = PLAT_GICD_BASE + GICD_ITARGETSR + (intid & ~3U);
		unsigned shift = 8 * (intid % 4);
		uint32_t self = mmio_read32(PLAT_GICD_BASE + GICD_ITARGETSR) & 0xffU;
		mmio_write32(t, (mmio_read32(t) & ~(0xffU << shift)) | self << shift);
	}
	mmio_write32(PLAT_GICD_BASE + GICD_ISENABLER + intid / 32 * 4, 1U << (intid % 32));
}

void irq_disable(unsigned intid)
{
	if (intid < spi_limit)
		mmio_write32(PLAT_GICD_BASE + GICD_ICENABLER + intid / 32 * 4, 1U << (intid % 32));
}

bool irq_pending(void) { return (mmio_read32(PLAT_GICC_BASE + GICC_HPPIR) & INTID_MASK) < 1020; }

unsigned irq_acknowledge(void)
{
	uint32_t iar = mmio_read32(PLAT_GICC_BASE + GICC_IAR);
	unsigned intid = iar & INTID_MASK;
	if (intid < 16)
		sgi_source[this_cpu()->id] = iar & IAR_SOURCE_MASK;
	return intid;
}

void irq_end(unsigned intid)
{
	mmio_write32(PLAT_GICC_BASE + GICC_EOIR,
		     intid < 16 ? intid | sgi_source[this_cpu()->id] : intid);
}
