/* SPDX-License-Identifier: BSD-2-Clause */
/* Driver helpers: a DMA bump allocator (the rings are in ring.c). */
#include <mem.h>
#include <tessera/driver.h>

void tsr_dma_init(struct tsr_dma *d, unsigned long vaddr, unsigned long paddr, unsigned long size)
{
	d->vaddr = vaddr;
	d->paddr = paddr;
	d->size = size;
	d->used = 0;
}

void *tsr_dma_alloc(struct tsr_dma *d, unsigned long size, unsigned long align,
		    unsigned long *paddr)
{
	if (!align || (align & (align - 1)))
		return NULL;
	unsigned long at = (d->used + align - 1) & ~(align - 1);
	if (at > d->size || size > d->size - at)
		return NULL;
	d->used = at + size;
	*paddr = d->paddr + at;
	memset((void *)(d->vaddr + at), 0, size);
	return (void *)(d->vaddr + at);
}
