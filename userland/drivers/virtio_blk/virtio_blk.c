/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio_blk: a virtio-blk (1.x, MMIO) driver serving one client over shared rings. */
#include <drivers/blk.h>
#include <tessera/driver.h>
#include <tessera/virtio.h>

/*
 * The client interface is in include/drivers/blk.h: requests and completions in rings in
 * a shared region, data in a second shared region the device reads and writes directly
 * (zero copy: the driver gives the device the client's buffer by physical address, after
 * checking that it lies inside the region).
 *
 * What the manifest gives it (tests/systems/blk/system.toml is an example):
 *   blk_regs,       the page holding the virtio-mmio slot (uncached device region; the
 *   blk_regs_paddr  driver takes the first virtio-blk device among the page's 8 slots;
 *                   the physical address, optional, only names the device in messages)
 *   blk_device      optional: take the blk_device-th one instead (from 0, in slot order)
 *   blk_dma,        a RAM region of at least DMA_SIZE bytes for the virtqueue, request
 *   blk_dma_paddr   headers and status bytes (setvar and setvar_paddr on one map)
 *   blk_ring        the client's ring region (BLK_RING_REGION bytes, read-write)
 *   blk_data_paddr  the physical address of the client's data region (BLK_DATA_REGION
 *                   bytes; the driver itself never touches it, so it may map it read-only)
 * and channels: 0 the device's interrupt (the slot's INTID, 79 for slot 31), 1 a notify
 * channel with the client (the doorbell both ways), 2 the client's calls. It must run
 * at a priority above its client's.
 */

#define CH_IRQ 0
#define CH_CLIENT 1
#define CH_CALLS 2

#define DMA_SIZE (16 * 1024)
#define QUEUE_SIZE 128
#define MAX_SEGMENTS 16		     /* data descriptors in one request */
#define MAX_CHAIN (MAX_SEGMENTS + 2) /* with the header and the status byte */

/* Virtio 1.x 5.2: feature bits, request types and status values, configuration. */
#define VIRTIO_BLK_F_SIZE_MAX (1ULL << 1)
#define VIRTIO_BLK_F_SEG_MAX (1ULL << 2)
#define VIRTIO_BLK_F_RO (1ULL << 5)
#define VIRTIO_BLK_F_FLUSH (1ULL << 9)
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_UNSUPP 2
#define CONFIG_CAPACITY 0
#define CONFIG_SIZE_MAX 8
#define CONFIG_SEG_MAX 12

struct virtio_blk_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

/* Set at load (manifest setvar / setvar_paddr). */
unsigned long blk_regs, blk_regs_paddr, blk_dma, blk_dma_paddr, blk_ring, blk_data_paddr,
    blk_device;

static struct virtio_dev dev;
static struct virtq vq;
static bool ready;
static uint64_t capacity;	 /* sectors */
static uint32_t max_request;	 /* bytes, at most BLK_MAX_REQUEST */
static uint32_t segment_max;	 /* bytes in one data descriptor */
static uint32_t info_flags;	 /* BLK_INFO_* */
static struct tsr_ring requests; /* client to driver */
static struct tsr_ring completions;

/* Per request in flight, indexed by its chain's head descriptor. */
static volatile struct virtio_blk_hdr *headers;
static volatile uint8_t *statuses;
static unsigned long headers_pa, statuses_pa;
static struct {
	uint64_t id;
	uint32_t length;
} inflight[VIRTQ_MAX_SIZE];
static unsigned in_flight;
static bool tell_client;      /* completions pushed since the last notification */
static unsigned long dropped; /* completions the client's broken ring could not take */

static const char *setup(void)
{
	struct tsr_dma dma;
	tsr_dma_init(&dma, blk_dma, blk_dma_paddr, DMA_SIZE);
	if (virtio_find(&dev, blk_regs, VIRTIO_ID_BLOCK, (unsigned)blk_device))
		return "no virtio 1.x block device in the mapped slots";
	if (virtio_negotiate(&dev, VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_RO |
				       VIRTIO_BLK_F_FLUSH))
		return "the device refused the features (not virtio 1.x?)";
	if (virtq_setup(&vq, &dev, 0, QUEUE_SIZE, &dma)) {
		virtio_fail(&dev);
		return "cannot set up the request queue";
	}
	headers = tsr_dma_alloc(&dma, sizeof(struct virtio_blk_hdr) * vq.num, 16, &headers_pa);
	statuses = tsr_dma_alloc(&dma, vq.num, 1, &statuses_pa);
	if (!headers || !statuses) {
		virtio_fail(&dev);
		return "DMA region too small";
	}
	capacity = virtio_config64(&dev, CONFIG_CAPACITY);
	/* The device's limits on one data descriptor and on their number. */
	segment_max = BLK_MAX_REQUEST;
	if (virtio_has(&dev, VIRTIO_BLK_F_SIZE_MAX)) {
		uint32_t s = virtio_config32(&dev, CONFIG_SIZE_MAX) & ~(uint32_t)(BLK_SECTOR - 1);
		if (s && s < segment_max)
			segment_max = s;
	}
	uint32_t segments = MAX_SEGMENTS;
	if (virtio_has(&dev, VIRTIO_BLK_F_SEG_MAX)) {
		uint32_t s = virtio_config32(&dev, CONFIG_SEG_MAX);
		if (s && s < segments)
			segments = s;
	}
	max_request =
	    segment_max * segments < BLK_MAX_REQUEST ? segment_max * segments : BLK_MAX_REQUEST;
	info_flags = (virtio_has(&dev, VIRTIO_BLK_F_RO) ? BLK_INFO_READ_ONLY : 0) |
		     (virtio_has(&dev, VIRTIO_BLK_F_FLUSH) ? BLK_INFO_FLUSH : 0);
	virtio_driver_ok(&dev);
	return NULL;
}

void init(void)
{
	if (!tsr_ring_attach(&requests, (void *)blk_ring, BLK_RING_HALF,
			     sizeof(struct blk_request)) ||
	    !tsr_ring_attach(&completions, (void *)(blk_ring + BLK_RING_HALF), BLK_RING_HALF,
			     sizeof(struct blk_completion))) {
		tsr_printf("virtio-blk: cannot attach the client's rings\n");
		return;
	}
	/* We start before the client (a higher priority): the rings are ours to reset. */
	tsr_ring_reset(&requests);
	tsr_ring_reset(&completions);
	const char *err = setup();
	if (err) {
		tsr_printf("virtio-blk: %s; requests will fail\n", err);
		return;
	}
	ready = true;
	tsr_printf(
	    "virtio-blk: device at 0x%lx, %lu sectors (%lu KiB)%s%s, queue of %u, requests up to "
	    "%u bytes\n",
	    blk_regs_paddr + (dev.base - blk_regs), (unsigned long)capacity,
	    (unsigned long)(capacity / 2), info_flags & BLK_INFO_READ_ONLY ? ", read-only" : "",
	    info_flags & BLK_INFO_FLUSH ? ", write cache" : "", vq.num, max_request);
}

static void complete(uint64_t id, uint32_t status, uint32_t length)
{
	const struct blk_completion c = {.id = id, .status = status, .length = length};
	if (!tsr_ring_push(&completions, &c))
		dropped++; /* only a client that broke its own ring gets here */
	tell_client = true;
}

/* Check a request (our own copy: the client cannot change it under us). */
static uint32_t check(const struct blk_request *r)
{
	if (!ready)
		return BLK_ENODEV;
	if (r->op == BLK_FLUSH)
		return BLK_OK;
	if (r->op != BLK_READ && r->op != BLK_WRITE)
		return BLK_EINVAL;
	if (r->length > max_request)
		return BLK_ETOOBIG;
	if (!r->length || r->length % BLK_SECTOR)
		return BLK_EINVAL;
	uint64_t sectors = r->length / BLK_SECTOR;
	if (r->sector > capacity || sectors > capacity - r->sector)
		return BLK_ERANGE;
	if (r->offset > BLK_DATA_REGION || r->length > BLK_DATA_REGION - r->offset)
		return BLK_ERANGE;
	if (r->op == BLK_WRITE && (info_flags & BLK_INFO_READ_ONLY))
		return BLK_EUNSUPP;
	return BLK_OK;
}

/* Header, the buffer in segments the device accepts, status byte: one chain. */
static void submit(const struct blk_request *r)
{
	struct virtq_buf b[MAX_CHAIN];
	unsigned n = 0;
	uint16_t slot = virtq_next_head(&vq);
	headers[slot].type = r->op == BLK_READ	  ? VIRTIO_BLK_T_IN
			     : r->op == BLK_WRITE ? VIRTIO_BLK_T_OUT
						  : VIRTIO_BLK_T_FLUSH;
	headers[slot].reserved = 0;
	headers[slot].sector = r->op == BLK_FLUSH ? 0 : r->sector;
	statuses[slot] = 0xff; /* not a status the device gives */
	b[n++] = (struct virtq_buf){headers_pa + slot * sizeof(struct virtio_blk_hdr),
				    sizeof(struct virtio_blk_hdr), false};
	uint32_t length = r->op == BLK_FLUSH ? 0 : r->length;
	for (uint32_t done = 0; done < length; done += segment_max) {
		uint32_t part = length - done < segment_max ? length - done : segment_max;
		b[n++] =
		    (struct virtq_buf){blk_data_paddr + r->offset + done, part, r->op == BLK_READ};
	}
	b[n++] = (struct virtq_buf){statuses_pa + slot, 1, true};
	if (virtq_add(&vq, b, n) != slot) { /* cannot happen: room was checked */
		complete(r->id, BLK_EIO, 0);
		return;
	}
	inflight[slot].id = r->id;
	inflight[slot].length = length;
	in_flight++;
}

/* Take requests while the queue has room for the longest chain and the completion ring
 * room for every answer owed, so that no completion is ever lost for want of room. */
static void serve_requests(void)
{
	struct blk_request r;
	bool added = false;
	while ((!ready || virtq_free(&vq) >= MAX_CHAIN) &&
	       in_flight + tsr_ring_count(&completions) < completions.slots &&
	       tsr_ring_pop(&requests, &r)) {
		uint32_t status = check(&r);
		if (status != BLK_OK)
			complete(r.id, status, 0);
		else if (r.op == BLK_FLUSH && !(info_flags & BLK_INFO_FLUSH))
			complete(r.id, BLK_OK, 0); /* no write cache: writes are durable already */
		else {
			submit(&r);
			added = true;
		}
	}
	if (added)
		virtq_kick(&vq);
}

static void collect(void)
{
	uint16_t head;
	uint32_t written;
	while (virtq_get(&vq, &head, &written)) {
		uint8_t s = statuses[head];
		uint32_t status = s == VIRTIO_BLK_S_OK	     ? BLK_OK
				  : s == VIRTIO_BLK_S_UNSUPP ? BLK_EUNSUPP
							     : BLK_EIO;
		complete(inflight[head].id, status, status == BLK_OK ? inflight[head].length : 0);
		in_flight--;
	}
}

void notified(unsigned channel)
{
	if (channel == CH_IRQ) {
		/* Acknowledge the device first: a completion after this raises a new interrupt,
		 * one before it is collected below. */
		if (ready) {
			virtio_irq_take(&dev);
			collect();
		}
		serve_requests(); /* collecting made room */
		tsr_irq_ack(CH_IRQ);
	} else if (channel == CH_CLIENT) {
		serve_requests();
	}
	if (tell_client) {
		tell_client = false;
		tsr_notify(CH_CLIENT);
	}
}

unsigned long protected(unsigned channel, unsigned long info)
{
	if (channel != CH_CALLS)
		return TSR_MSG(BLK_EINVAL, 0);
	switch (TSR_MSG_LABEL(info)) {
	case BLK_CALL_INFO:
		if (!ready)
			return TSR_MSG(BLK_ENODEV, 0);
		tsr_mr_set(0, capacity);
		tsr_mr_set(1, BLK_SECTOR);
		tsr_mr_set(2, max_request);
		tsr_mr_set(3, BLK_DATA_REGION);
		tsr_mr_set(4, info_flags);
		return TSR_MSG(BLK_OK, 5);
	case BLK_CALL_RESET:
		tsr_ring_reset(&requests);
		tsr_ring_reset(&completions);
		tsr_mr_set(0, dropped);
		return TSR_MSG(BLK_OK, 1);
	}
	return TSR_MSG(BLK_EINVAL, 0);
}
