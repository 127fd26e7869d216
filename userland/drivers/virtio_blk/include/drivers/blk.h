/* SPDX-License-Identifier: BSD-2-Clause */
/* The block driver's client interface: request and completion rings, a data region. */
#ifndef DRIVERS_BLK_H
#define DRIVERS_BLK_H

#include <stdint.h>

/*
 * A client shares two regions with the block driver (userland/drivers/virtio_blk):
 *
 * - the ring region (BLK_RING_REGION bytes): the request ring (client to driver) in its
 *   first half and the completion ring (driver to client) in its second half, each a
 *   tsr_ring (tessera/driver.h) of struct blk_request / struct blk_completion slots;
 * - the data region (BLK_DATA_REGION bytes, physically contiguous): the client's
 *   buffers. The driver knows its physical address (setvar_paddr) and the device reads
 *   and writes it directly: no copy. A request names its buffer by offset and length.
 *
 * The client pushes requests and notifies the driver on their notify channel; the
 * driver pushes one completion per request (in the order the device finishes them, not
 * necessarily the order of the requests) and notifies back. The client's `id` comes back
 * unchanged. A client must not touch a buffer while its request is in flight.
 *
 * The driver trusts nothing in the shared memory: it copies each request before it
 * checks it, so a bad request gets a completion with an error status and the driver
 * carries on; indices that make no sense read as an empty ring (BLK_CALL_RESET starts
 * both rings afresh).
 *
 * Calls on the call channel: BLK_CALL_INFO returns, in words 0..4: the capacity in
 * sectors, the sector size, the largest request in bytes, the data region's size, and
 * BLK_INFO_* flags; label 0 on success, else a BLK_E* error (no device). BLK_CALL_RESET
 * empties both rings (requests in flight still complete, into the emptied ring) and
 * returns in word 0 how many completions were lost so far to a completion ring whose
 * indices made no sense.
 */

#define BLK_RING_REGION 8192
#define BLK_RING_HALF (BLK_RING_REGION / 2)
#define BLK_DATA_REGION (1024 * 1024)
#define BLK_SECTOR 512
#define BLK_MAX_REQUEST (128 * 1024) /* bytes in one read or write */

enum blk_op {
	BLK_READ = 1,  /* device to buffer */
	BLK_WRITE = 2, /* buffer to device */
	BLK_FLUSH = 3, /* make every completed write durable; no buffer */
};

struct blk_request {
	uint32_t op;	 /* enum blk_op */
	uint32_t length; /* bytes: a multiple of BLK_SECTOR, 1..BLK_MAX_REQUEST sectors' worth */
	uint64_t sector; /* first sector on the device */
	uint64_t offset; /* of the buffer in the data region */
	uint64_t id;	 /* the client's, returned in the completion */
};

/* Completion status: 0 or one of these. */
enum blk_status {
	BLK_OK = 0,
	BLK_EINVAL = 1,	 /* unknown op, length 0 or not whole sectors */
	BLK_ERANGE = 2,	 /* sectors past the device's end, or buffer outside the region */
	BLK_ETOOBIG = 3, /* longer than BLK_MAX_REQUEST */
	BLK_EIO = 4,	 /* the device failed it */
	BLK_EUNSUPP = 5, /* the device does not do it (a write to a read-only device) */
	BLK_ENODEV = 6,	 /* no device: the driver found none at start */
};

struct blk_completion {
	uint64_t id;
	uint32_t status; /* enum blk_status */
	uint32_t length; /* bytes transferred */
};

enum blk_call {
	BLK_CALL_INFO = 1,
	BLK_CALL_RESET = 2,
};

#define BLK_INFO_READ_ONLY 1 /* writes fail with BLK_EUNSUPP */
#define BLK_INFO_FLUSH 2     /* the device has a write cache that BLK_FLUSH empties */

#endif
