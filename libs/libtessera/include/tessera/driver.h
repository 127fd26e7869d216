/* SPDX-License-Identifier: BSD-2-Clause */
/* Writing drivers: device registers, DMA memory, and rings shared with clients. */
#ifndef TESSERA_DRIVER_H
#define TESSERA_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/component.h>
#include <tessera/ring.h>

/*
 * A driver is a component (tessera/component.h). Its manifest maps the device's
 * registers (a region with `phys`, uncached) and names the address with `setvar`; its
 * interrupt arrives as notified(channel), acknowledged with tsr_irq_ack(channel);
 * clients call it (protected) and share rings with it. docs/writing-a-driver.md walks
 * through one.
 */

/* Device registers: single accesses the compiler keeps, in order. */
static inline uint32_t tsr_read32(unsigned long addr) { return *(volatile uint32_t *)addr; }
static inline void tsr_write32(unsigned long addr, uint32_t v) { *(volatile uint32_t *)addr = v; }
static inline uint8_t tsr_read8(unsigned long addr) { return *(volatile uint8_t *)addr; }
static inline void tsr_write8(unsigned long addr, uint8_t v) { *(volatile uint8_t *)addr = v; }
static inline uint16_t tsr_read16(unsigned long addr) { return *(volatile uint16_t *)addr; }
static inline void tsr_write16(unsigned long addr, uint16_t v) { *(volatile uint16_t *)addr = v; }

/* Barriers: memory the device reads written before the register write that tells it
 * (tsr_dma_wmb), and device-written memory read after the register read or interrupt
 * that said it was there (tsr_dma_rmb); between a producer and a consumer on other
 * CPUs or in other components: tsr_smp_mb. */
static inline void tsr_dma_wmb(void) { __asm__ volatile("dmb oshst" ::: "memory"); }
static inline void tsr_dma_rmb(void) { __asm__ volatile("dmb oshld" ::: "memory"); }
static inline void tsr_smp_mb(void) { __asm__ volatile("dmb ish" ::: "memory"); }
/* A write to shared memory ordered before a later read of memory the device writes (e.g.
 * publishing a ring index, then reading whether the device wants to be told). */
static inline void tsr_dma_mb(void) { __asm__ volatile("dmb osh" ::: "memory"); }

/*
 * DMA memory: a RAM region mapped at `vaddr` whose physical address the manifest gives
 * the driver (setvar and setvar_paddr on the same map). tsr_dma_alloc hands out aligned
 * pieces of it and their physical addresses; it does not free.
 */
struct tsr_dma {
	unsigned long vaddr, paddr, size, used;
};

void tsr_dma_init(struct tsr_dma *d, unsigned long vaddr, unsigned long paddr, unsigned long size);
/* NULL when the region is used up; *paddr gets the physical address. Zeroed. */
void *tsr_dma_alloc(struct tsr_dma *d, unsigned long size, unsigned long align,
		    unsigned long *paddr);

/* Rings shared with clients: tessera/ring.h (also used by guests). */

#endif
