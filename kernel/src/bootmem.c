/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot memory allocator: bump allocation over the RAM regions the device tree lists. */
#include <bootmem.h>
#include <mem.h>

static struct fdt_region free_ram[FDT_MAX_MEM];
static int regions;

void bootmem_init(const struct fdt_region *ram, int count, paddr_t kernel_end)
{
	uint64_t kend = ALIGN_UP(pa_addr(kernel_end), PAGE_SIZE);
	regions = 0;
	for (int i = 0; i < count && i < FDT_MAX_MEM; i++) {
		uint64_t base = ALIGN_UP(ram[i].base, PAGE_SIZE);
		uint64_t end = ALIGN_DOWN(ram[i].base + ram[i].size, PAGE_SIZE);
		if (kend > base && kend <= end)
			base = kend; /* the kernel image and everything below it are taken */
		if (base < end)
			free_ram[regions++] = (struct fdt_region){base, end - base};
	}
}

paddr_t bootmem_page(void)
{
	for (int i = 0; i < regions; i++) {
		if (free_ram[i].size >= PAGE_SIZE) {
			paddr_t p = pa_init(free_ram[i].base);
			free_ram[i].base += PAGE_SIZE;
			free_ram[i].size -= PAGE_SIZE;
			memset(pa_to_ptr(p), 0, PAGE_SIZE);
			return p;
		}
	}
	return pa_init(0);
}

uint64_t bootmem_free_bytes(void)
{
	uint64_t n = 0;
	for (int i = 0; i < regions; i++)
		n += free_ram[i].size;
	return n;
}

static pte_t *table(void *ctx)
{
	(void)ctx;
	return pa_to_ptr(bootmem_page());
}

const struct pt_alloc bootmem_tables = {table, NULL};
