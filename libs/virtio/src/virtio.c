/* SPDX-License-Identifier: BSD-2-Clause */
/* Virtio 1.x over MMIO: probe, reset, feature negotiation, split virtqueues. */
#include <tessera/virtio.h>

/* Bounds on waiting for the device: QEMU answers at once; real devices are quick. */
#define RESET_POLLS 1000000
#define CONFIG_RETRIES 16

static uint32_t reg(const struct virtio_dev *d, unsigned off) { return tsr_read32(d->base + off); }

static void reg_set(const struct virtio_dev *d, unsigned off, uint32_t v)
{
	tsr_write32(d->base + off, v);
}

int virtio_probe(struct virtio_dev *d, unsigned long base, uint32_t device_id)
{
	d->base = base;
	d->device_id = 0;
	d->features = 0;
	/* An empty slot reads device ID 0; a legacy device, version 1. */
	if (reg(d, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE ||
	    reg(d, VIRTIO_MMIO_VERSION) != 2 || reg(d, VIRTIO_MMIO_DEVICE_ID) != device_id)
		return -VIRTIO_ENODEV;
	d->device_id = device_id;
	return 0;
}

int virtio_find(struct virtio_dev *d, unsigned long page, uint32_t device_id, unsigned nth)
{
	for (unsigned slot = 0; slot < 4096 / VIRTIO_MMIO_SLOT_SIZE; slot++) {
		if (!virtio_probe(d, page + slot * VIRTIO_MMIO_SLOT_SIZE, device_id) && !nth--) {
			d->slot = slot;
			return 0;
		}
	}
	return -VIRTIO_ENODEV;
}

void virtio_reset(struct virtio_dev *d)
{
	reg_set(d, VIRTIO_MMIO_STATUS, 0);
	/* The device may take a moment to reset; it reads 0 when done (Virtio 1.x 4.2.2.1). */
	for (int i = 0; i < RESET_POLLS && reg(d, VIRTIO_MMIO_STATUS); i++)
		;
}

void virtio_fail(struct virtio_dev *d)
{
	reg_set(d, VIRTIO_MMIO_STATUS, reg(d, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_FAILED);
}

static void status_add(struct virtio_dev *d, uint32_t bits)
{
	reg_set(d, VIRTIO_MMIO_STATUS, reg(d, VIRTIO_MMIO_STATUS) | bits);
}

static uint64_t device_features(const struct virtio_dev *d)
{
	reg_set(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	uint64_t hi = reg(d, VIRTIO_MMIO_DEVICE_FEATURES);
	reg_set(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return hi << 32 | reg(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

static void driver_features(const struct virtio_dev *d, uint64_t f)
{
	reg_set(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	reg_set(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
	reg_set(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	reg_set(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)f);
}

/* The initialization sequence of Virtio 1.x 3.1.1, up to FEATURES_OK. */
int virtio_negotiate(struct virtio_dev *d, uint64_t wanted)
{
	virtio_reset(d);
	status_add(d, VIRTIO_STATUS_ACKNOWLEDGE);
	status_add(d, VIRTIO_STATUS_DRIVER);
	uint64_t offered = device_features(d);
	if (!(offered & VIRTIO_F_VERSION_1)) {
		virtio_fail(d);
		return -VIRTIO_EFEATURES;
	}
	d->features = offered & (wanted | VIRTIO_F_VERSION_1);
	driver_features(d, d->features);
	status_add(d, VIRTIO_STATUS_FEATURES_OK);
	/* The device clears FEATURES_OK if it cannot work with this subset. */
	if (!(reg(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		virtio_fail(d);
		return -VIRTIO_EFEATURES;
	}
	return 0;
}

void virtio_driver_ok(struct virtio_dev *d) { status_add(d, VIRTIO_STATUS_DRIVER_OK); }

uint32_t virtio_irq_take(struct virtio_dev *d)
{
	uint32_t status = reg(d, VIRTIO_MMIO_INTERRUPT_STATUS);
	if (status)
		reg_set(d, VIRTIO_MMIO_INTERRUPT_ACK, status);
	/* What the interrupt announced was written before it was raised. */
	tsr_dma_rmb();
	return status;
}

uint8_t virtio_config8(const struct virtio_dev *d, unsigned offset)
{
	return tsr_read8(d->base + VIRTIO_MMIO_CONFIG + offset);
}

uint16_t virtio_config16(const struct virtio_dev *d, unsigned offset)
{
	return tsr_read16(d->base + VIRTIO_MMIO_CONFIG + offset);
}

uint32_t virtio_config32(const struct virtio_dev *d, unsigned offset)
{
	return tsr_read32(d->base + VIRTIO_MMIO_CONFIG + offset);
}

/* Two 32-bit reads (the width MMIO allows) that must come from one generation. */
uint64_t virtio_config64(const struct virtio_dev *d, unsigned offset)
{
	uint64_t v = 0;
	for (int i = 0; i < CONFIG_RETRIES; i++) {
		uint32_t gen = reg(d, VIRTIO_MMIO_CONFIG_GENERATION);
		v = virtio_config32(d, offset) | (uint64_t)virtio_config32(d, offset + 4) << 32;
		if (reg(d, VIRTIO_MMIO_CONFIG_GENERATION) == gen)
			break;
	}
	return v;
}

static void queue_address(const struct virtio_dev *d, unsigned low, unsigned long paddr)
{
	reg_set(d, low, (uint32_t)paddr);
	reg_set(d, low + 4, (uint32_t)(paddr >> 32));
}

/* Virtio 1.x 4.2.3.2: select, check it is unused, size it, give the three parts, ready. */
int virtq_setup(struct virtq *q, struct virtio_dev *d, uint32_t index, uint16_t num,
		struct tsr_dma *dma)
{
	reg_set(d, VIRTIO_MMIO_QUEUE_SEL, index);
	uint32_t max = reg(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!max || reg(d, VIRTIO_MMIO_QUEUE_READY))
		return -VIRTIO_EQUEUE;
	if (num > max)
		num = (uint16_t)max;
	if (num > VIRTQ_MAX_SIZE)
		num = VIRTQ_MAX_SIZE;
	while (num & (num - 1)) /* split queues have a power-of-two size */
		num &= (uint16_t)(num - 1);
	if (!num)
		return -VIRTIO_EINVAL;

	/* Alignments from Virtio 1.x 2.7 (table "Virtqueue Part Alignment"). */
	unsigned long desc_pa, avail_pa, used_pa;
	q->desc = tsr_dma_alloc(dma, sizeof(struct virtq_desc) * num, 16, &desc_pa);
	q->avail = tsr_dma_alloc(dma, sizeof(struct virtq_avail) + 2UL * num + 2, 2, &avail_pa);
	q->used = tsr_dma_alloc(dma, sizeof(struct virtq_used) + 8UL * num + 2, 4, &used_pa);
	if (!q->desc || !q->avail || !q->used)
		return -VIRTIO_ENOMEM;

	q->dev = d;
	q->index = index;
	q->num = q->num_free = num;
	q->free_head = 0;
	q->avail_idx = q->published = q->last_used = 0;
	for (uint16_t i = 0; i < num; i++) {
		q->next[i] = (uint16_t)(i + 1);
		q->chain_len[i] = 0;
	}

	reg_set(d, VIRTIO_MMIO_QUEUE_NUM, num);
	queue_address(d, VIRTIO_MMIO_QUEUE_DESC_LOW, desc_pa);
	queue_address(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, avail_pa);
	queue_address(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, used_pa);
	tsr_dma_wmb(); /* the zeroed rings before the device may look at them */
	reg_set(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

int virtq_add(struct virtq *q, const struct virtq_buf *bufs, unsigned n)
{
	if (!n || n > 255)
		return -VIRTIO_EINVAL;
	if (n > q->num_free)
		return -VIRTIO_EFULL;
	uint16_t head = q->free_head, i = head, last = head;
	for (unsigned k = 0; k < n; k++) {
		volatile struct virtq_desc *d = &q->desc[i];
		d->addr = bufs[k].paddr;
		d->len = bufs[k].len;
		d->flags = (uint16_t)((bufs[k].device_writes ? VIRTQ_DESC_F_WRITE : 0) |
				      (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0));
		d->next = q->next[i];
		last = i;
		i = q->next[i];
	}
	q->free_head = q->next[last];
	q->num_free = (uint16_t)(q->num_free - n);
	q->chain_len[head] = (uint8_t)n;
	q->avail->ring[q->avail_idx & (q->num - 1)] = head;
	q->avail_idx++;
	return head;
}

void virtq_kick(struct virtq *q)
{
	if (q->avail_idx == q->published)
		return;
	tsr_dma_wmb(); /* descriptors and ring entries before the index that publishes them */
	q->avail->idx = q->avail_idx;
	q->published = q->avail_idx;
	tsr_dma_mb(); /* the index out before we read whether the device wants a notification */
	if (!(q->used->flags & VIRTQ_USED_F_NO_NOTIFY))
		reg_set(q->dev, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

/* Put a finished chain back on the free list; false if `head` is not one we gave. */
static bool chain_free(struct virtq *q, uint16_t head)
{
	if (head >= q->num || !q->chain_len[head])
		return false;
	uint16_t last = head;
	for (unsigned k = 1; k < q->chain_len[head]; k++)
		last = q->next[last];
	q->next[last] = q->free_head;
	q->free_head = head;
	q->num_free = (uint16_t)(q->num_free + q->chain_len[head]);
	q->chain_len[head] = 0;
	return true;
}

bool virtq_get(struct virtq *q, uint16_t *head, uint32_t *written)
{
	while (q->last_used != q->used->idx) {
		tsr_dma_rmb(); /* the index before the entry it covers */
		volatile struct virtq_used_elem *e = &q->used->ring[q->last_used & (q->num - 1)];
		uint32_t id = e->id, len = e->len;
		q->last_used++;
		/* A device that returns what it was not given is skipped, not believed. */
		if (id < q->num && chain_free(q, (uint16_t)id)) {
			*head = (uint16_t)id;
			*written = len;
			return true;
		}
	}
	return false;
}
