/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tessera guest drivers: what the channel core (tessera_channel.c) and the
 * shared rings (tessera_ring.c) offer the drivers of devices made of channels
 * and shared regions (tessera_blk.c, tessera_net.c).
 */
#ifndef _TESSERA_H
#define _TESSERA_H

#include <linux/ioport.h>
#include <linux/types.h>

#include <tessera/ring.h>

#include "uapi/tessera_channel.h"

struct tessera_channel;

struct tessera_channel *tessera_channel_claim(const char *label, bool call,
					      void (*notify)(void *data),
					      void *data);
long tessera_channel_call(struct tessera_channel *ch,
			  struct tessera_channel_msg *msg);
long tessera_channel_signal(struct tessera_channel *ch);

/* A ring in memory shared with a native driver (tessera_ring.c). */
struct tessera_ring {
	struct tsr_ring_shared *shared;
	u32 slot_size, slots;
};

void tessera_ring_attach(struct tessera_ring *r, void *shared,
			 unsigned long bytes, u32 slot_size);
bool tessera_ring_push(struct tessera_ring *r, const void *slot);
bool tessera_ring_pop(struct tessera_ring *r, void *slot);
u32 tessera_ring_count(struct tessera_ring *r);

/* The shared region the device tree labels @label, mapped; its size. */
void *tessera_region(const char *label, resource_size_t *size);

#endif /* _TESSERA_H */
