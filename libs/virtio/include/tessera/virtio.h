/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtio 1.x over MMIO: device probe and set-up, and split virtqueues in DMA memory. */
#ifndef TESSERA_VIRTIO_H
#define TESSERA_VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include <tessera/driver.h>

/*
 * A driver maps the page holding its virtio-mmio slot (uncached) and a RAM region for DMA
 * (setvar and setvar_paddr), then:
 *
 *	virtio_find(&dev, regs_page, VIRTIO_ID_BLOCK)     the slot in that page
 *	virtio_negotiate(&dev, wanted_features)           reset, ACKNOWLEDGE, DRIVER, FEATURES_OK
 *	virtq_setup(&q, &dev, 0, 128, &dma)               each queue
 *	virtio_driver_ok(&dev)
 *
 * and for each request virtq_add (a chain of buffers by physical address), virtq_kick,
 * and on the interrupt virtio_irq_take, then virtq_get until it returns false.
 * Only the modern interface (version register 2, VIRTIO_F_VERSION_1) is supported:
 * QEMU shows it with `-global virtio-mmio.force-legacy=false`.
 */

/* virtio-mmio registers (offsets from the slot's base). */
#define VIRTIO_MMIO_MAGIC 0x000
#define VIRTIO_MMIO_VERSION 0x004
#define VIRTIO_MMIO_DEVICE_ID 0x008
#define VIRTIO_MMIO_VENDOR_ID 0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES 0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES 0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL 0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX 0x034
#define VIRTIO_MMIO_QUEUE_NUM 0x038
#define VIRTIO_MMIO_QUEUE_READY 0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY 0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS 0x060
#define VIRTIO_MMIO_INTERRUPT_ACK 0x064
#define VIRTIO_MMIO_STATUS 0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW 0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH 0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW 0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH 0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW 0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION 0x0fc
#define VIRTIO_MMIO_CONFIG 0x100

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976 /* "virt" */
#define VIRTIO_MMIO_SLOT_SIZE 0x200

/* Device status bits. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER 2
#define VIRTIO_STATUS_DRIVER_OK 4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED 128

/* InterruptStatus bits. */
#define VIRTIO_IRQ_USED 1   /* a queue's used ring has new entries */
#define VIRTIO_IRQ_CONFIG 2 /* the configuration changed */

#define VIRTIO_F_VERSION_1 (1ULL << 32)

/* Device IDs. */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2

/* Errors (returned negated). */
enum virtio_error {
	VIRTIO_ENODEV = 1, /* no modern virtio device with that ID */
	VIRTIO_EFEATURES,  /* the device lacks VERSION_1 or refused the features */
	VIRTIO_EQUEUE,	   /* the queue does not exist or is already in use */
	VIRTIO_ENOMEM,	   /* the DMA region is too small for the queue */
	VIRTIO_EFULL,	   /* not enough free descriptors for the chain */
	VIRTIO_EINVAL,	   /* a bad argument (an empty chain, size 0) */
};

struct virtio_dev {
	unsigned long base; /* the slot's registers */
	unsigned slot;	    /* its index in the page virtio_find searched */
	uint32_t device_id;
	uint64_t features; /* negotiated */
};

/* Check for a modern device of `device_id` at `base`. 0 or -VIRTIO_ENODEV. */
int virtio_probe(struct virtio_dev *d, unsigned long base, uint32_t device_id);
/* Search the slots in the page at `page` (0x200 apart) for one: the nth that probes
 * (from 0), in slot order. */
int virtio_find(struct virtio_dev *d, unsigned long page, uint32_t device_id, unsigned nth);
/* Reset the device, then ACKNOWLEDGE, DRIVER and FEATURES_OK with the features both
 * sides have among `wanted` (VIRTIO_F_VERSION_1 is added and required). On failure the
 * device is marked FAILED. */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted);
static inline bool virtio_has(const struct virtio_dev *d, uint64_t feature)
{
	return (d->features & feature) == feature;
}
void virtio_driver_ok(struct virtio_dev *d);
void virtio_fail(struct virtio_dev *d);
void virtio_reset(struct virtio_dev *d);
/* Read and acknowledge InterruptStatus: what the interrupt was for (VIRTIO_IRQ_*). */
uint32_t virtio_irq_take(struct virtio_dev *d);

/* Device configuration fields, read at their own width; the 64-bit read is retried
 * until the configuration generation is stable around it. */
uint8_t virtio_config8(const struct virtio_dev *d, unsigned offset);
uint16_t virtio_config16(const struct virtio_dev *d, unsigned offset);
uint32_t virtio_config32(const struct virtio_dev *d, unsigned offset);
uint64_t virtio_config64(const struct virtio_dev *d, unsigned offset);

/* Split virtqueue layout (Virtio 1.x, 2.7). Little-endian, as the CPU. */
struct virtq_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};
#define VIRTQ_DESC_F_NEXT 1
#define VIRTQ_DESC_F_WRITE 2

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
};
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1

struct virtq_used_elem {
	uint32_t id;
	uint32_t len;
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
};
#define VIRTQ_USED_F_NO_NOTIFY 1

#define VIRTQ_MAX_SIZE 256 /* the most descriptors a queue here has */

struct virtq {
	struct virtio_dev *dev;
	uint32_t index;
	uint16_t num;	    /* descriptors (a power of two) */
	uint16_t num_free;  /* descriptors not in a chain */
	uint16_t free_head; /* the free list, linked through next[] */
	uint16_t avail_idx; /* our copy of avail->idx: chains added */
	uint16_t published; /* avail->idx as last published by virtq_kick */
	uint16_t last_used; /* used entries collected */
	volatile struct virtq_desc *desc;
	volatile struct virtq_avail *avail;
	volatile struct virtq_used *used;
	/* Our own record of the chains, so that what the device writes cannot mislead us. */
	uint16_t next[VIRTQ_MAX_SIZE];
	uint8_t chain_len[VIRTQ_MAX_SIZE]; /* at a chain's head; 0 when not in use */
};

/* One buffer of a chain: its physical address and length, and whether the device
 * writes it (else reads it). */
struct virtq_buf {
	uint64_t paddr;
	uint32_t len;
	bool device_writes;
};

/* Set up queue `index` with at most `num` descriptors (fewer if the device allows fewer;
 * rounded down to a power of two) in memory from `dma`. */
int virtq_setup(struct virtq *q, struct virtio_dev *d, uint32_t index, uint16_t num,
		struct tsr_dma *dma);
/* Make the buffers a chain and add it to the available ring (unpublished until
 * virtq_kick). Returns the chain's head descriptor: its id in virtq_get. */
int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n);
/* Publish the chains added and tell the device, unless it asked not to be told. */
void virtq_kick(struct virtq *q);
/* The next chain the device has finished with: its head and the bytes it wrote. The
 * chain's descriptors are free again. False when there is none. */
bool virtq_get(struct virtq *q, uint16_t *head, uint32_t *written);
static inline unsigned virtq_free(const struct virtq *q) { return q->num_free; }
/* The head the next virtq_add will return, so that a driver can index per-request DMA
 * memory (a header, a status byte) by it before it builds the chain. */
static inline uint16_t virtq_next_head(const struct virtq *q) { return q->free_head; }

#endif
