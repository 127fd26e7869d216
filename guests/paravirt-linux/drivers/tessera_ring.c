// SPDX-License-Identifier: GPL-2.0
/*
 * Tessera shared rings and regions
 *
 * A native driver and its clients share single-producer, single-consumer
 * rings of fixed-size slots (Tessera's tessera/ring.h gives the layout: two
 * 32-bit indices, then the slots). Each side computes the geometry from the
 * ring's size and slot size alone, as Tessera's tsr_ring_attach does, and
 * trusts nothing the other side writes: indices that make no sense read as
 * an empty or a full ring. The regions holding them are found in the device
 * tree by label.
 */

#include <linux/io.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/string.h>

#include <tessera/hypercall.h>

#include "tessera.h"

void tessera_ring_attach(struct tessera_ring *r, void *shared,
			 unsigned long bytes, u32 slot_size)
{
	unsigned long room = bytes - sizeof(struct tsr_ring_shared);

	r->shared = shared;
	r->slot_size = slot_size;
	r->slots = 1;
	while ((unsigned long)r->slots * 2 * slot_size <= room)
		r->slots *= 2;
}

static void *tessera_ring_slot(struct tessera_ring *r, u32 index)
{
	return r->shared->data + (unsigned long)(index & (r->slots - 1)) *
				 r->slot_size;
}

u32 tessera_ring_count(struct tessera_ring *r)
{
	u32 n = READ_ONCE(r->shared->head) - READ_ONCE(r->shared->tail);

	return n <= r->slots ? n : 0;
}

bool tessera_ring_push(struct tessera_ring *r, const void *slot)
{
	u32 head = READ_ONCE(r->shared->head);

	if (head - READ_ONCE(r->shared->tail) >= r->slots)
		return false;
	memcpy(tessera_ring_slot(r, head), slot, r->slot_size);
	smp_mb();	/* the slot before the index that publishes it */
	WRITE_ONCE(r->shared->head, head + 1);
	return true;
}

bool tessera_ring_pop(struct tessera_ring *r, void *slot)
{
	u32 tail = READ_ONCE(r->shared->tail);
	u32 avail = READ_ONCE(r->shared->head) - tail;

	if (!avail || avail > r->slots)
		return false;	/* empty, or nonsense from the other side */
	smp_mb();	/* the index before the slot it published */
	memcpy(slot, tessera_ring_slot(r, tail), r->slot_size);
	smp_mb();	/* the slot read before it is given back */
	WRITE_ONCE(r->shared->tail, tail + 1);
	return true;
}

void *tessera_region(const char *label, resource_size_t *size)
{
	struct device_node *np;
	struct resource res;
	const char *l;

	for_each_compatible_node(np, NULL, TSR_DT_REGION) {
		if (of_property_read_string(np, "label", &l) || strcmp(l, label))
			continue;
		if (of_address_to_resource(np, 0, &res)) {
			of_node_put(np);
			return NULL;
		}
		of_node_put(np);
		*size = resource_size(&res);
		return memremap(res.start, *size, MEMREMAP_WB);
	}
	return NULL;
}
