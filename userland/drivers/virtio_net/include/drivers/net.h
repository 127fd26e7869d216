/* SPDX-License-Identifier: BSD-2-Clause */
/* The network driver's client interface: four rings of buffers and a data region. */
#ifndef DRIVERS_NET_H
#define DRIVERS_NET_H

#include <stdint.h>

/*
 * A client shares two regions with the network driver (userland/drivers/virtio_net):
 *
 * - the ring region (NET_RING_REGION bytes): four tsr_rings (tessera/driver.h) of
 *   struct net_buffer slots, one in each NET_RING_PART bytes, in this order:
 *     NET_TX       client to driver: frames to send
 *     NET_TX_DONE  driver to client: frames sent (or refused), their buffers free again
 *     NET_RX_FREE  client to driver: empty buffers to receive into
 *     NET_RX       driver to client: buffers holding a received frame (or refused)
 * - the data region (NET_DATA_REGION bytes, physically contiguous): the client's
 *   buffers, which the device reads and writes directly (no copy). A buffer is named
 *   by its offset and length in the region; the client decides where buffers are.
 *
 * Frames are Ethernet frames without the FCS: destination, source, type, payload.
 * The client pushes to NET_TX and NET_RX_FREE and notifies the driver on their notify
 * channel; the driver pushes to NET_TX_DONE and NET_RX and notifies back. Every buffer
 * given to the driver comes back exactly once, with its `id`, offset and length, and a
 * status: a receive buffer comes back with the frame's length. A client must not touch
 * a buffer between giving it and getting it back.
 *
 * The driver trusts nothing in the shared memory: it copies each slot before it checks
 * it; a bad one comes back with an error status and the driver carries on; indices that
 * make no sense read as an empty ring (NET_CALL_RESET starts all four afresh).
 *
 * Calls on the call channel: NET_CALL_INFO returns, in words 0..2: the MAC address (its
 * first byte in bits 0..7), the largest frame, the data region's size; label 0 on
 * success, else NET_ENODEV. NET_CALL_RESET empties the four rings (buffers the device
 * holds still come back, into the emptied rings) and returns in word 0 how many buffers
 * were lost so far to a return ring whose indices made no sense.
 */

#define NET_RING_REGION 16384
#define NET_RING_PART 4096
#define NET_DATA_REGION (512 * 1024)
#define NET_MAX_FRAME 1514 /* 14 bytes of header, 1500 of payload */
#define NET_MIN_FRAME 14   /* a header */
#define NET_RX_MIN NET_MAX_FRAME
#define NET_RX_MAX 2048 /* the device writes at most this much of a receive buffer */

enum net_ring {
	NET_TX = 0,
	NET_TX_DONE = 1,
	NET_RX_FREE = 2,
	NET_RX = 3,
};

struct net_buffer {
	uint64_t id;	 /* the client's, returned */
	uint64_t offset; /* in the data region */
	uint32_t length; /* frame bytes (TX, RX), or the buffer's size (RX_FREE) */
	uint32_t status; /* enum net_status, in what the driver returns */
};

enum net_status {
	NET_OK = 0,
	NET_EINVAL = 1,	 /* a frame shorter than a header, a receive buffer under NET_RX_MIN */
	NET_ERANGE = 2,	 /* a buffer outside the data region */
	NET_ETOOBIG = 3, /* a frame longer than NET_MAX_FRAME */
	NET_EIO = 4,	 /* the device gave back something that is not a frame */
	NET_ENODEV = 5,	 /* no device: the driver found none at start */
};

enum net_call {
	NET_CALL_INFO = 1,
	NET_CALL_RESET = 2,
};

#endif
