/* SPDX-License-Identifier: BSD-2-Clause */
/* Single-producer single-consumer rings: one source for components (tessera_component)
 * and guests (tessera_guest). */
#include <mem.h>
#include <tessera/ring.h>

/* Between the two sides, on other CPUs: `dmb ish` on AArch64 (as tsr_smp_mb). */
static inline void ring_mb(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

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
	ring_mb();
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
	ring_mb(); /* the slot before the index that publishes it */
	r->shared->head = head + 1;
	return true;
}

bool tsr_ring_pop(struct tsr_ring *r, void *slot)
{
	uint32_t tail = r->shared->tail, avail = r->shared->head - tail;
	if (!avail || avail > r->slots)
		return false; /* empty (or nonsense) */
	ring_mb();	      /* the index before the slot it published */
	memcpy(slot, slot_at(r, tail), r->slot_size);
	ring_mb(); /* the slot read before it is given back */
	r->shared->tail = tail + 1;
	return true;
}
