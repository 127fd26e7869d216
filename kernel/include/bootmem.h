/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot memory: the RAM after the kernel image, handed out a page at a time at boot. */
#ifndef BOOTMEM_H
#define BOOTMEM_H

#include <addr.h>
#include <fdt.h>
#include <pgtable.h>

void bootmem_init(const struct fdt_region *ram, int count, paddr_t kernel_end);
/* A zeroed page, or pa 0 when RAM is exhausted. */
paddr_t bootmem_page(void);
uint64_t bootmem_free_bytes(void);
extern const struct pt_alloc bootmem_tables;

#endif
