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

paddr_t bootmem_alloc(uint64_t size)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	for (int i = 0; i < regions; i++) {
		if (free_ram[i].size >= size) {
			paddr_t p = pa_init(free_ram[i].base);
			free_ram[i].base += size;
			free_ram[i].size -= size;
			memset(pa_to_ptr(p), 0, size);
			return p;
		}
	}
	return pa_init(0);
}

void bootmem_release(void (*take)(uint64_t base, uint64_t end))
{
	for (int i = 0; i < regions; i++)
		if (free_ram[i].size)
			take(free_ram[i].base, free_ram[i].base + free_ram[i].size);
	regions = 0;
}

static pte_t *table(void *ctx)
{
	(void)ctx;
	return pa_to_ptr(bootmem_page());
}

const struct pt_alloc bootmem_tables = {table, NULL};
