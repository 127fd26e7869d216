/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio_net: a virtio-net (1.x, MMIO) driver serving one client over shared rings. */
#include <drivers/net.h>
#include <tessera/driver.h>
#include <tessera/virtio.h>

/*
 * The client interface is in include/drivers/net.h: four rings in a shared region, and
 * frames in buffers of a second shared region that the device reads and writes directly
 * (zero copy: each chain is a virtio-net header in the driver's DMA memory, then the
 * client's buffer by physical address, after checking that it lies inside the region).
 * No offloads are negotiated: frames go and come whole, checksums done by the client.
 *
 * What the manifest gives it (tests/systems/net/system.toml is an example):
 *   net_regs,       the page holding the virtio-mmio slot (uncached device region; the
 *   net_regs_paddr  driver takes the first virtio-net device among the page's 8 slots;
 *                   the physical address, optional, only names the device in messages)
 *   net_dma,        a RAM region of at least DMA_SIZE bytes for the two virtqueues and
 *   net_dma_paddr   the headers (setvar and setvar_paddr on one map)
 *   net_ring        the client's ring region (NET_RING_REGION bytes, read-write)
 *   net_data_paddr  the physical address of the client's data region (NET_DATA_REGION
 *                   bytes; the driver never touches it, so it may map it read-only)
 * and channels: 0 the device's interrupt (the slot's INTID, 79 for slot 31), 1 a notify
 * channel with the client (the doorbell both ways), 2 the client's calls. It must run
 * at a priority above its client's.
 */

#define CH_IRQ 0
#define CH_CLIENT 1
#define CH_CALLS 2

#define DMA_SIZE (32 * 1024)
#define QUEUE_SIZE 256 /* descriptors: 128 chains of two */
#define RX_QUEUE 0
#define TX_QUEUE 1

/* Virtio 1.x 5.1: the MAC in the configuration; the header before every frame. */
#define VIRTIO_NET_F_MAC (1ULL << 5)
#define CONFIG_MAC 0

struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};
#define HDR_SIZE sizeof(struct virtio_net_hdr) /* 12 with VERSION_1 */

/* Set at load (manifest setvar / setvar_paddr). */
unsigned long net_regs, net_regs_paddr, net_dma, net_dma_paddr, net_ring, net_data_paddr;

static struct virtio_dev dev;
static struct virtq rxq, txq;
static bool ready;
static uint64_t mac; /* first byte in bits 0..7 */
static struct tsr_ring rings[4];

/* The transmit header (all zero: no offloads) is one for all; receive headers are
 * written by the device, one per chain, indexed by its head. */
static unsigned long tx_hdr_pa, rx_hdrs_pa;
/* What each chain in the device carries, indexed by its head. */
static struct net_buffer tx_flight[VIRTQ_MAX_SIZE], rx_flight[VIRTQ_MAX_SIZE];
static unsigned tx_in_flight, rx_in_flight;
static bool tell_client;
static unsigned long dropped; /* returns the client's broken rings could not take */

static const char *setup(void)
{
	struct tsr_dma dma;
	tsr_dma_init(&dma, net_dma, net_dma_paddr, DMA_SIZE);
	if (virtio_find(&dev, net_regs, VIRTIO_ID_NET, 0))
		return "no virtio 1.x network device in the mapped slots";
	if (virtio_negotiate(&dev, VIRTIO_NET_F_MAC))
		return "the device refused the features (not virtio 1.x?)";
	if (virtq_setup(&rxq, &dev, RX_QUEUE, QUEUE_SIZE, &dma) ||
	    virtq_setup(&txq, &dev, TX_QUEUE, QUEUE_SIZE, &dma)) {
		virtio_fail(&dev);
		return "cannot set up the queues";
	}
	if (!tsr_dma_alloc(&dma, HDR_SIZE, 16, &tx_hdr_pa) ||
	    !tsr_dma_alloc(&dma, HDR_SIZE * rxq.num, 16, &rx_hdrs_pa)) {
		virtio_fail(&dev);
		return "DMA region too small";
	}
	if (virtio_has(&dev, VIRTIO_NET_F_MAC))
		for (unsigned i = 0; i < 6; i++)
			mac |= (uint64_t)virtio_config8(&dev, CONFIG_MAC + i) << (8 * i);
	else
		mac = 0x010000000002ULL; /* 02:00:00:00:00:01, locally administered */
	virtio_driver_ok(&dev);
	return NULL;
}

void init(void)
{
	for (unsigned i = 0; i < 4; i++) {
		if (!tsr_ring_attach(&rings[i], (void *)(net_ring + i * NET_RING_PART),
				     NET_RING_PART, sizeof(struct net_buffer))) {
			tsr_printf("virtio-net: cannot attach the client's rings\n");
			return;
		}
		/* We start before the client (a higher priority): the rings are ours to reset. */
		tsr_ring_reset(&rings[i]);
	}
	const char *err = setup();
	if (err) {
		tsr_printf("virtio-net: %s; requests will fail\n", err);
		return;
	}
	ready = true;
	tsr_printf("virtio-net: device at 0x%lx, MAC %02x:%02x:%02x:%02x:%02x:%02x, queues of %u "
		   "and %u\n",
		   net_regs_paddr + (dev.base - net_regs), (unsigned)(mac & 0xff),
		   (unsigned)(mac >> 8 & 0xff), (unsigned)(mac >> 16 & 0xff),
		   (unsigned)(mac >> 24 & 0xff), (unsigned)(mac >> 32 & 0xff),
		   (unsigned)(mac >> 40 & 0xff), rxq.num, txq.num);
}

/* Give a buffer back to the client on ring `which`. */
static void give_back(enum net_ring which, struct net_buffer b, uint32_t status)
{
	b.status = status;
	if (!tsr_ring_push(&rings[which], &b))
		dropped++; /* only a client that broke its own ring gets here */
	tell_client = true;
}

static bool in_region(const struct net_buffer *b)
{
	return b->offset <= NET_DATA_REGION && b->length <= NET_DATA_REGION - b->offset;
}

static uint32_t check_tx(const struct net_buffer *b)
{
	if (!ready)
		return NET_ENODEV;
	if (b->length > NET_MAX_FRAME)
		return NET_ETOOBIG;
	if (b->length < NET_MIN_FRAME)
		return NET_EINVAL;
	return in_region(b) ? NET_OK : NET_ERANGE;
}

static uint32_t check_rx(const struct net_buffer *b)
{
	if (!ready)
		return NET_ENODEV;
	if (b->length < NET_RX_MIN)
		return NET_EINVAL;
	return in_region(b) ? NET_OK : NET_ERANGE;
}

/* Room for one more chain in the device, and in the return ring for every buffer owed
 * back: no buffer is ever lost for want of room. */
static bool room(struct virtq *q, unsigned in_flight, const struct tsr_ring *back)
{
	return (!ready || virtq_free(q) >= 2) && in_flight + tsr_ring_count(back) < back->slots;
}

static bool serve_tx(void)
{
	struct net_buffer b;
	bool added = false;
	while (room(&txq, tx_in_flight, &rings[NET_TX_DONE]) && tsr_ring_pop(&rings[NET_TX], &b)) {
		uint32_t status = check_tx(&b);
		if (status != NET_OK) {
			give_back(NET_TX_DONE, b, status);
			continue;
		}
		const struct virtq_buf chain[2] = {{tx_hdr_pa, HDR_SIZE, false},
						   {net_data_paddr + b.offset, b.length, false}};
		int head = virtq_add(&txq, chain, 2);
		if (head < 0) { /* cannot happen: room was checked */
			give_back(NET_TX_DONE, b, NET_EIO);
			continue;
		}
		tx_flight[head] = b;
		tx_in_flight++;
		added = true;
	}
	return added;
}

static bool serve_rx_free(void)
{
	struct net_buffer b;
	bool added = false;
	while (room(&rxq, rx_in_flight, &rings[NET_RX]) && tsr_ring_pop(&rings[NET_RX_FREE], &b)) {
		uint32_t status = check_rx(&b);
		if (status != NET_OK) {
			give_back(NET_RX, b, status);
			continue;
		}
		uint16_t head = virtq_next_head(&rxq);
		uint32_t size = b.length < NET_RX_MAX ? b.length : NET_RX_MAX;
		const struct virtq_buf chain[2] = {{rx_hdrs_pa + head * HDR_SIZE, HDR_SIZE, true},
						   {net_data_paddr + b.offset, size, true}};
		if (virtq_add(&rxq, chain, 2) != head) { /* cannot happen: room was checked */
			give_back(NET_RX, b, NET_EIO);
			continue;
		}
		rx_flight[head] = b;
		rx_in_flight++;
		added = true;
	}
	return added;
}

static void serve_client(void)
{
	if (serve_tx())
		virtq_kick(&txq);
	if (serve_rx_free())
		virtq_kick(&rxq);
}

static void collect(void)
{
	uint16_t head;
	uint32_t written;
	while (virtq_get(&txq, &head, &written)) {
		give_back(NET_TX_DONE, tx_flight[head], NET_OK);
		tx_in_flight--;
	}
	while (virtq_get(&rxq, &head, &written)) {
		struct net_buffer b = rx_flight[head];
		rx_in_flight--;
		if (written < HDR_SIZE + NET_MIN_FRAME || written - HDR_SIZE > b.length) {
			b.length = 0;
			give_back(NET_RX, b, NET_EIO);
		} else {
			b.length = written - HDR_SIZE;
			give_back(NET_RX, b, NET_OK);
		}
	}
}

void notified(unsigned channel)
{
	if (channel == CH_IRQ) {
		/* Acknowledge the device first: what it finishes after this raises a new
		 * interrupt, what it finished before is collected below. */
		if (ready) {
			virtio_irq_take(&dev);
			collect();
		}
		serve_client(); /* collecting made room */
		tsr_irq_ack(CH_IRQ);
	} else if (channel == CH_CLIENT) {
		serve_client();
	}
	if (tell_client) {
		tell_client = false;
		tsr_notify(CH_CLIENT);
	}
}

unsigned long protected(unsigned channel, unsigned long info)
{
	if (channel != CH_CALLS)
		return TSR_MSG(NET_EINVAL, 0);
	switch (TSR_MSG_LABEL(info)) {
	case NET_CALL_INFO:
		if (!ready)
			return TSR_MSG(NET_ENODEV, 0);
		tsr_mr_set(0, mac);
		tsr_mr_set(1, NET_MAX_FRAME);
		tsr_mr_set(2, NET_DATA_REGION);
		return TSR_MSG(NET_OK, 3);
	case NET_CALL_RESET:
		for (unsigned i = 0; i < 4; i++)
			tsr_ring_reset(&rings[i]);
		tsr_mr_set(0, dropped);
		return TSR_MSG(NET_OK, 1);
	}
	return TSR_MSG(NET_EINVAL, 0);
}
