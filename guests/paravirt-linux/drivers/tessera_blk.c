// SPDX-License-Identifier: GPL-2.0
/*
 * Tessera block device
 *
 * A disk served by Tessera's native virtio-blk driver: the guest shares two
 * regions with it, a ring region (requests in its first half, completions in
 * its second) and a data region for the buffers, and has two channels to it,
 * a doorbell (notify: rung after requests are pushed, signalled back when
 * completions are there) and a control channel (calls: the disk's geometry,
 * a reset). The device tree names them by label: blk-ring, blk-data,
 * blk-doorbell and blk-control. The protocol is the driver's client
 * interface, drivers/blk.h, shared with native clients and other guests.
 *
 * Each request gets its own slot of BLK_MAX_REQUEST bytes in the data region,
 * indexed by its tag; data is copied between the request's pages and its slot.
 */

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/spinlock.h>

#include <drivers/blk.h>

#include "tessera.h"

struct tessera_blk {
	struct tessera_channel *doorbell, *control;
	void *ring, *data;
	struct tessera_ring requests, completions;
	spinlock_t lock;		/* the rings */
	struct blk_mq_tag_set tag_set;
	struct gendisk *disk;
	unsigned int depth;		/* data slots, one per tag */
};

static int tessera_blk_major;

static void *tessera_blk_buffer(struct tessera_blk *blk, struct request *rq)
{
	return blk->data + (unsigned long)rq->tag * BLK_MAX_REQUEST;
}

static blk_status_t tessera_blk_queue_rq(struct blk_mq_hw_ctx *hctx,
					 const struct blk_mq_queue_data *bd)
{
	struct tessera_blk *blk = hctx->queue->queuedata;
	struct request *rq = bd->rq;
	struct blk_request r = {
		.length = blk_rq_bytes(rq),
		.sector = blk_rq_pos(rq),
		.offset = (u64)rq->tag * BLK_MAX_REQUEST,
		.id = rq->tag,
	};
	struct req_iterator iter;
	struct bio_vec bv;
	unsigned long flags;
	bool pushed;

	switch (req_op(rq)) {
	case REQ_OP_READ:
		r.op = BLK_READ;
		break;
	case REQ_OP_WRITE:
		r.op = BLK_WRITE;
		break;
	case REQ_OP_FLUSH:
		r.op = BLK_FLUSH;
		r.offset = 0;
		break;
	default:
		return BLK_STS_NOTSUPP;
	}
	if (r.length > BLK_MAX_REQUEST)
		return BLK_STS_IOERR;
	blk_mq_start_request(rq);
	if (r.op == BLK_WRITE) {
		char *to = tessera_blk_buffer(blk, rq);

		rq_for_each_segment(bv, rq, iter) {
			memcpy_from_bvec(to, &bv);
			to += bv.bv_len;
		}
	}
	spin_lock_irqsave(&blk->lock, flags);
	pushed = tessera_ring_push(&blk->requests, &r);
	spin_unlock_irqrestore(&blk->lock, flags);
	if (!pushed)
		return BLK_STS_DEV_RESOURCE;
	tessera_channel_signal(blk->doorbell);
	return BLK_STS_OK;
}

static blk_status_t tessera_blk_status(u32 status)
{
	switch (status) {
	case BLK_OK:
		return BLK_STS_OK;
	case BLK_EUNSUPP:
		return BLK_STS_NOTSUPP;
	case BLK_ERANGE:
	case BLK_EINVAL:
	case BLK_ETOOBIG:
		return BLK_STS_IOERR;
	default:
		return BLK_STS_IOERR;
	}
}

/* The doorbell rang: completions are there (interrupt context). */
static void tessera_blk_complete(void *data)
{
	struct tessera_blk *blk = data;
	struct blk_completion c;
	unsigned long flags;

	spin_lock_irqsave(&blk->lock, flags);
	while (tessera_ring_pop(&blk->completions, &c)) {
		struct request *rq;
		struct req_iterator iter;
		struct bio_vec bv;

		if (c.id >= blk->depth)
			continue;
		rq = blk_mq_tag_to_rq(blk->tag_set.tags[0], c.id);
		if (!rq)
			continue;
		if (req_op(rq) == REQ_OP_READ && c.status == BLK_OK) {
			const char *from = tessera_blk_buffer(blk, rq);

			rq_for_each_segment(bv, rq, iter) {
				memcpy_to_bvec(&bv, from);
				from += bv.bv_len;
			}
		}
		blk_mq_end_request(rq, tessera_blk_status(c.status));
	}
	spin_unlock_irqrestore(&blk->lock, flags);
}

static const struct blk_mq_ops tessera_blk_mq_ops = {
	.queue_rq = tessera_blk_queue_rq,
};

static const struct block_device_operations tessera_blk_fops = {
	.owner = THIS_MODULE,
};

static int __init tessera_blk_setup(struct tessera_blk *blk)
{
	struct tessera_channel_msg m = { .label = BLK_CALL_INFO };
	resource_size_t ring_size = 0, data_size = 0;
	struct request_queue *q;
	u64 sectors, flags;
	int err;

	blk->ring = tessera_region("blk-ring", &ring_size);
	blk->data = tessera_region("blk-data", &data_size);
	if (!blk->ring || !blk->data || ring_size < BLK_RING_REGION)
		return -ENODEV;
	err = tessera_channel_call(blk->control, &m);
	if (err || m.label != BLK_OK || m.length < 5 ||
	    m.words[1] != BLK_SECTOR) {
		pr_info("tessera-blk: no disk behind blk-control\n");
		return -ENODEV;
	}
	sectors = m.words[0];
	flags = m.words[4];
	blk->depth = min_t(u64, m.words[3], data_size) / BLK_MAX_REQUEST;
	if (!blk->depth)
		return -ENODEV;
	m = (struct tessera_channel_msg){ .label = BLK_CALL_RESET };
	err = tessera_channel_call(blk->control, &m);
	if (err || m.label != BLK_OK)
		return -EIO;
	spin_lock_init(&blk->lock);
	tessera_ring_attach(&blk->requests, blk->ring, BLK_RING_HALF,
			    sizeof(struct blk_request));
	tessera_ring_attach(&blk->completions, blk->ring + BLK_RING_HALF,
			    BLK_RING_HALF, sizeof(struct blk_completion));
	blk->depth = min(blk->depth, blk->requests.slots);

	blk->tag_set.ops = &tessera_blk_mq_ops;
	blk->tag_set.nr_hw_queues = 1;
	blk->tag_set.queue_depth = blk->depth;
	blk->tag_set.numa_node = NUMA_NO_NODE;
	blk->tag_set.flags = BLK_MQ_F_SHOULD_MERGE;
	err = blk_mq_alloc_tag_set(&blk->tag_set);
	if (err)
		return err;
	blk->disk = blk_mq_alloc_disk(&blk->tag_set, blk);
	if (IS_ERR(blk->disk)) {
		err = PTR_ERR(blk->disk);
		goto free_tags;
	}
	q = blk->disk->queue;
	blk_queue_logical_block_size(q, BLK_SECTOR);
	blk_queue_max_hw_sectors(q, BLK_MAX_REQUEST / SECTOR_SIZE);
	blk_queue_max_segment_size(q, BLK_MAX_REQUEST);
	blk_queue_write_cache(q, flags & BLK_INFO_FLUSH, false);

	blk->disk->major = tessera_blk_major;
	blk->disk->first_minor = 0;
	blk->disk->minors = 16;
	blk->disk->fops = &tessera_blk_fops;
	blk->disk->private_data = blk;
	strscpy(blk->disk->disk_name, "tsrblk0", DISK_NAME_LEN);
	set_capacity(blk->disk, sectors);
	set_disk_ro(blk->disk, flags & BLK_INFO_READ_ONLY);
	err = add_disk(blk->disk);
	if (err)
		goto put_disk;
	pr_info("tessera-blk: tsrblk0, %llu sectors%s%s\n", sectors,
		flags & BLK_INFO_READ_ONLY ? ", read-only" : "",
		flags & BLK_INFO_FLUSH ? ", write cache" : "");
	return 0;

put_disk:
	put_disk(blk->disk);
free_tags:
	blk_mq_free_tag_set(&blk->tag_set);
	return err;
}

static int __init tessera_blk_init(void)
{
	struct tessera_blk *blk;
	int err;

	blk = kzalloc(sizeof(*blk), GFP_KERNEL);
	if (!blk)
		return -ENOMEM;
	blk->control = tessera_channel_claim("blk-control", true, NULL, NULL);
	blk->doorbell = tessera_channel_claim("blk-doorbell", false,
					      tessera_blk_complete, blk);
	if (!blk->control || !blk->doorbell) {
		kfree(blk);	/* no such device: the channels stay as they were */
		return 0;
	}
	tessera_blk_major = register_blkdev(0, "tsrblk");
	if (tessera_blk_major < 0)
		return tessera_blk_major;
	err = tessera_blk_setup(blk);
	if (err)
		pr_warn("tessera-blk: not set up (%d)\n", err);
	return 0;
}
device_initcall(tessera_blk_init);
