/* SPDX-License-Identifier: BSD-2-Clause */
/* Single-producer, single-consumer rings in shared memory, for components and guests. */
#ifndef TESSERA_RING_H
#define TESSERA_RING_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A single-producer, single-consumer ring of fixed-size slots in shared memory (a region
 * both sides map: two components, or a component and a guest). The producer pushes and
 * notifies the consumer's channel (the doorbell); the consumer pops until empty. Only the
 * two indices and the slots are shared; the geometry is each side's own (both attach with
 * the same size and slot size, from their manifest), so neither can be misled by the
 * other: indices that make no sense read as empty or full, never out of bounds. Indices
 * only grow, wrapping at 2^32; the slot count is a power of two.
 */
struct tsr_ring_shared {
	volatile uint32_t head; /* written by the producer: slots pushed */
	volatile uint32_t tail; /* written by the consumer: slots popped */
	unsigned char data[];
};

struct tsr_ring {
	struct tsr_ring_shared *shared;
	uint32_t slot_size, slots;
};

/* Attach to a ring in `bytes` of shared memory; false if not even one slot fits. */
bool tsr_ring_attach(struct tsr_ring *r, void *shared, unsigned long bytes, uint32_t slot_size);
/* Empty it (one side, once, before the other uses it). */
void tsr_ring_reset(struct tsr_ring *r);
bool tsr_ring_push(struct tsr_ring *r, const void *slot); /* false: full */
bool tsr_ring_pop(struct tsr_ring *r, void *slot);	  /* false: empty */
uint32_t tsr_ring_count(const struct tsr_ring *r);

#endif
