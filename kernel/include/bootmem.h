/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot memory: the RAM after the kernel image, used for the root task, then untyped. */
#ifndef BOOTMEM_H
#define BOOTMEM_H

#include <addr.h>
#include <fdt.h>
#include <pgtable.h>

void bootmem_init(const struct fdt_region *ram, int count, paddr_t kernel_end);
/* `size` zeroed bytes, 4 KiB aligned and contiguous, or pa 0 when RAM runs out. */
paddr_t bootmem_alloc(uint64_t size);
static inline paddr_t bootmem_page(void) { return bootmem_alloc(PAGE_SIZE); }
extern const struct pt_alloc bootmem_tables;
/* Hands every free range to `take` and forgets it: after this, the kernel allocates
 * nothing; the root task owns all free memory as untyped. */
void bootmem_release(void (*take)(uint64_t base, uint64_t end));

#endif
