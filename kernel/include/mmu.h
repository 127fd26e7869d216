/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's own EL2 stage-1 map, and instruction/data cache maintenance. */
#ifndef MMU_H
#define MMU_H

#include <fdt.h>
#include <stddef.h>

/* Map device space, the kernel image (text RX, rodata R, data RW) and all RAM
 * (RW, never executable), then turn the MMU and caches on. */
void mmu_init(const struct fdt_region *ram, int count);
/* A secondary CPU: the boot CPU's map, MMU and caches on. */
void mmu_enable(void);

/* Make instructions written through the data cache visible to instruction fetch. */
void cache_sync_icache(const void *start, size_t size);

#endif
