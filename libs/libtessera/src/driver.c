/* SPDX-License-Identifier: BSD-2-Clause */
/* Driver helpers: a DMA bump allocator and single-producer single-consumer rings. */
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

bool tsr_ring_attach(struct tsr_ring *r, void *shared, unsigned long bytes, uint32_t slot_size)
{
	const unsigned long room = bytes - sizeof(struct tsr_ring_shared);
	if (!slot_size || bytes < sizeof(struct tsr_ring_shared) + slot_size)
		return false;
	uint32_t n = 1;
	while ((unsigned long)n * 2 * slot_size <= room && n < (1U << 30))
		n *= 2;
	r->shared = shared;
	r->slot_size = slot_size;
	r->slots = n;
	return true;
}

void tsr_ring_reset(struct tsr_ring *r)
{
	r->shared->head = r->shared->tail = 0;
	tsr_smp_mb();
}

uint32_t tsr_ring_count(const struct tsr_ring *r)
{
	uint32_t n = r->shared->head - r->shared->tail;
	return n <= r->slots ? n : 0; /* nonsense from the other side reads as empty */
}

static unsigned char *slot_at(const struct tsr_ring *r, uint32_t index)
{
	return r->shared->data + (unsigned long)(index & (r->slots - 1)) * r->slot_size;
}

bool tsr_ring_push(struct tsr_ring *r, const void *slot)
{
	uint32_t head = r->shared->head;
	if (head - r->shared->tail >= r->slots)
		return false; /* full (or nonsense) */
	memcpy(slot_at(r, head), slot, r->slot_size);
	tsr_smp_mb(); /* the slot before the index that publishes it */
	r->shared->head = head + 1;
	return true;
}

bool tsr_ring_pop(struct tsr_ring *r, void *slot)
{
	uint32_t tail = r->shared->tail, avail = r->shared->head - tail;
	if (!avail || avail > r->slots)
		return false; /* empty (or nonsense) */
	tsr_smp_mb();	      /* the index before the slot it published */
	memcpy(slot, slot_at(r, tail), r->slot_size);
	tsr_smp_mb(); /* the slot read before it is given back */
	r->shared->tail = tail + 1;
	return true;
}
