/* SPDX-License-Identifier: BSD-2-Clause */
/* blk_test: writes patterns through the block driver, reads them back, sends it rubbish. */
#include <drivers/blk.h>
#include <tessera/driver.h>

#define DRIVER 0 /* notify channel: the doorbell both ways */
#define CALLS 1	 /* call channel: info, reset */
#define DRVTEST_TIMER 2
#define DRVTEST_NAME "blk"
#include "drvtest.h"

#define WAIT_MS 5000			    /* for one batch of completions: generous, bounded */
#define EXTENT_SECTOR 1024		    /* where the pattern test writes */
#define PERSIST_SECTOR 8		    /* 4 KiB that outlive a reboot */
#define PERSIST_MAGIC 0x31304b4c42525354ULL /* "TSRBLK01" */
#define TIMED_OUT 0xffffffffU

unsigned long ring, data; /* set at load (manifest setvar) */

static struct tsr_ring requests, completions;
static uint64_t capacity, max_request;

static bool push(uint32_t op, uint64_t sector, uint32_t length, uint64_t offset, uint64_t id)
{
	const struct blk_request r = {
	    .op = op, .length = length, .sector = sector, .offset = offset, .id = id};
	return tsr_ring_push(&requests, &r);
}

/* Wait for n completions into out[]; returns how many came. */
static unsigned collect(struct blk_completion *out, unsigned n)
{
	unsigned got = 0;
	while (got < n) {
		if (tsr_ring_pop(&completions, &out[got])) {
			got++;
			continue;
		}
		if (!wait_for(1UL << DRIVER, WAIT_MS))
			break;
	}
	return got;
}

/* One request, start to end: its completion status (TIMED_OUT if none came). */
static uint32_t one(uint32_t op, uint64_t sector, uint32_t length, uint64_t offset)
{
	struct blk_completion c;
	static uint64_t next_id = 1000;
	uint64_t id = next_id++;
	if (!push(op, sector, length, offset, id))
		return TIMED_OUT;
	tsr_notify(DRIVER);
	if (collect(&c, 1) != 1 || c.id != id)
		return TIMED_OUT;
	return c.status;
}

/* The byte at disk position `pos` in the pattern of generation `seed`. */
static uint8_t pattern(uint64_t pos, uint64_t seed)
{
	uint64_t x = (pos >> 3) * 0x9e3779b97f4a7c15ULL + seed;
	x ^= x >> 29;
	return (uint8_t)(x >> (8 * (pos & 7)));
}

static void fill(uint64_t offset, uint64_t sector, uint32_t length, uint64_t seed)
{
	volatile uint8_t *d = (volatile uint8_t *)(data + offset);
	for (uint32_t i = 0; i < length; i++)
		d[i] = pattern(sector * BLK_SECTOR + i, seed);
}

/* The number of bytes that differ from the pattern. */
static unsigned long verify(uint64_t offset, uint64_t sector, uint32_t length, uint64_t seed)
{
	const volatile uint8_t *d = (const volatile uint8_t *)(data + offset);
	unsigned long bad = 0;
	for (uint32_t i = 0; i < length; i++)
		bad += d[i] != pattern(sector * BLK_SECTOR + i, seed);
	return bad;
}

static void test_info(void)
{
	long r = tsr_ppcall(CALLS, TSR_MSG(BLK_CALL_INFO, 0));
	capacity = tsr_mr_get(0);
	max_request = tsr_mr_get(2);
	tsr_printf("blk: capacity %lu sectors of %lu bytes, requests up to %lu bytes, flags %lu\n",
		   (unsigned long)capacity, tsr_mr_get(1), (unsigned long)max_request,
		   tsr_mr_get(4));
	check(r == (long)TSR_MSG(BLK_OK, 5) && tsr_mr_get(1) == BLK_SECTOR &&
		  capacity >= EXTENT_SECTOR + 2048 && max_request == BLK_MAX_REQUEST &&
		  tsr_mr_get(3) == BLK_DATA_REGION,
	      "info: capacity, sector size, request and region limits");
}

/* Requests of many sizes in one batch, one extent on the disk, then read back in
 * requests of another size: data lands at the right sectors and comes back whole. */
static const uint32_t sizes[] = {4096,	512,  65536, 8192,   131072, 1536,
				 32768, 4096, 12288, 131072, 512,    65536};
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

static void test_patterns(void)
{
	struct blk_completion c[NSIZES * 2];
	uint64_t sector = EXTENT_SECTOR, offset = 0, total = 0;
	bool pushed = true;
	for (unsigned i = 0; i < NSIZES; i++) {
		fill(offset, sector, sizes[i], 1);
		pushed &= push(BLK_WRITE, sector, sizes[i], offset, i);
		sector += sizes[i] / BLK_SECTOR;
		offset += sizes[i];
		total += sizes[i];
	}
	tsr_notify(DRIVER);
	unsigned got = collect(c, NSIZES);
	bool ok = pushed && got == NSIZES;
	unsigned long seen = 0;
	for (unsigned i = 0; i < got; i++) {
		ok &= c[i].status == BLK_OK && c[i].id < NSIZES && c[i].length == sizes[c[i].id];
		seen |= 1UL << (c[i].id & 63);
	}
	check(ok && seen == (1UL << NSIZES) - 1,
	      "12 writes of 512 B to 128 KiB in one batch: each completed once");
	check(one(BLK_FLUSH, 0, 0, 0) == BLK_OK, "flush");

	/* Clear the buffers, then read the extent back in 64 KiB pieces (and a tail). */
	memset((void *)data, 0, BLK_DATA_REGION);
	unsigned n = 0;
	for (uint64_t done = 0; done < total; n++) {
		uint32_t len = total - done < 65536 ? (uint32_t)(total - done) : 65536;
		push(BLK_READ, EXTENT_SECTOR + done / BLK_SECTOR, len, done, 100 + n);
		done += len;
	}
	tsr_notify(DRIVER);
	got = collect(c, n);
	ok = got == n;
	for (unsigned i = 0; i < got; i++)
		ok &= c[i].status == BLK_OK;
	unsigned long bad = verify(0, EXTENT_SECTOR, (uint32_t)total, 1);
	tsr_printf("blk: read back %lu bytes in %u requests, %lu bytes differ\n",
		   (unsigned long)total, n, bad);
	check(ok && bad == 0, "the extent reads back as written");
}

static void test_limits(void)
{
	const uint64_t last = capacity - 1;
	fill(0, last, BLK_SECTOR, 7);
	uint32_t w = one(BLK_WRITE, last, BLK_SECTOR, 0);
	memset((void *)data, 0, BLK_SECTOR);
	uint32_t r = one(BLK_READ, last, BLK_SECTOR, 0);
	check(w == BLK_OK && r == BLK_OK && verify(0, last, BLK_SECTOR, 7) == 0,
	      "the last sector writes and reads back");
	check(one(BLK_READ, capacity, BLK_SECTOR, 0) == BLK_ERANGE,
	      "a read past the end: BLK_ERANGE");
	check(one(BLK_WRITE, last, 2 * BLK_SECTOR, 0) == BLK_ERANGE,
	      "a write across the end: BLK_ERANGE");
	check(one(BLK_READ, ~0ULL - 1, 2 * BLK_SECTOR, 0) == BLK_ERANGE,
	      "a sector number that wraps: BLK_ERANGE");
	check(one(BLK_READ, 0, (uint32_t)max_request + BLK_SECTOR, 0) == BLK_ETOOBIG,
	      "a request over the size limit: BLK_ETOOBIG");
	check(one(BLK_READ, 0, 0xfffffe00U, 0) == BLK_ETOOBIG, "a 4 GiB request: BLK_ETOOBIG");
	check(one(BLK_READ, 0, 0, 0) == BLK_EINVAL && one(BLK_WRITE, 0, 100, 0) == BLK_EINVAL,
	      "empty and part-sector requests: BLK_EINVAL");
	check(one(BLK_READ, 0, 1024, BLK_DATA_REGION - 512) == BLK_ERANGE &&
		  one(BLK_WRITE, 0, 512, 1ULL << 63) == BLK_ERANGE,
	      "buffers outside the data region: BLK_ERANGE");
	check(one(99, 0, 512, 0) == BLK_EINVAL && one(0, 0, 512, 0) == BLK_EINVAL,
	      "unknown operations: BLK_EINVAL");
}

/* A ring's worth of random requests: each is refused, none is lost. */
static void test_garbage_requests(void)
{
	struct tsr_ring_shared *s = requests.shared;
	struct blk_completion c[64];
	random_fill(s->data, (unsigned long)requests.slots * requests.slot_size);
	tsr_smp_mb();
	s->head = s->tail + requests.slots; /* we are the producer: the ring is full */
	tsr_notify(DRIVER);
	unsigned got = 0, refused = 0;
	while (got < requests.slots) {
		unsigned n = requests.slots - got < 64 ? requests.slots - got : 64;
		unsigned k = collect(c, n);
		for (unsigned i = 0; i < k; i++)
			refused += c[i].status != BLK_OK;
		got += k;
		if (k < n)
			break;
	}
	tsr_printf("blk: %u random requests, %u completions, %u refused\n", requests.slots, got,
		   refused);
	check(got == requests.slots && refused == got,
	      "a ring full of random requests: each refused");
	check(one(BLK_READ, EXTENT_SECTOR, 4096, 0) == BLK_OK &&
		  verify(0, EXTENT_SECTOR, 4096, 1) == 0,
	      "the driver serves after the random requests");
}

/* Random bytes over both rings, indices too: the driver carries on, the client resets. */
static void test_garbage_rings(void)
{
	random_fill((void *)ring, BLK_RING_REGION);
	tsr_notify(DRIVER);
	wait_for(1UL << DRIVER, 50); /* whatever it makes of it */
	long r = tsr_ppcall(CALLS, TSR_MSG(BLK_CALL_RESET, 0));
	check(r == (long)TSR_MSG(BLK_OK, 1), "rings overwritten with random bytes, then reset");
	memset((void *)data, 0, 8192);
	check(one(BLK_READ, EXTENT_SECTOR, 8192, 0) == BLK_OK &&
		  verify(0, EXTENT_SECTOR, 8192, 1) == 0,
	      "the driver serves after the reset");
}

/* 4 KiB at PERSIST_SECTOR: a header (magic, boot number) and the boot's pattern. */
static void test_persistence(void)
{
	volatile uint64_t *h = (volatile uint64_t *)data;
	memset((void *)data, 0, 4096);
	uint32_t r = one(BLK_READ, PERSIST_SECTOR, 4096, 0);
	uint64_t boot = 1;
	if (r == BLK_OK && h[0] == PERSIST_MAGIC) {
		uint64_t previous = h[1];
		bool intact = verify(16, PERSIST_SECTOR, 4096 - 16, previous) == 0;
		tsr_printf("blk: boot %lu: the data boot %lu wrote %s\n",
			   (unsigned long)previous + 1, (unsigned long)previous,
			   intact ? "read back intact" : "is DAMAGED");
		check(intact, "data written before the reboot reads back");
		boot = previous + 1;
	} else {
		tsr_printf("blk: boot 1: no data from an earlier boot\n");
		check(r == BLK_OK, "read the persistent area");
	}
	fill(16, PERSIST_SECTOR, 4096 - 16, boot);
	h[0] = PERSIST_MAGIC;
	h[1] = boot;
	r = one(BLK_WRITE, PERSIST_SECTOR, 4096, 0);
	uint32_t f = one(BLK_FLUSH, 0, 0, 0);
	tsr_printf("blk: boot %lu: wrote data for the next boot\n", (unsigned long)boot);
	check(r == BLK_OK && f == BLK_OK, "persistent data written and flushed");
}

void init(void)
{
	tsr_ring_attach(&requests, (void *)ring, BLK_RING_HALF, sizeof(struct blk_request));
	tsr_ring_attach(&completions, (void *)(ring + BLK_RING_HALF), BLK_RING_HALF,
			sizeof(struct blk_completion));
	test_info();
	if (capacity) {
		test_patterns();
		test_limits();
		test_garbage_requests();
		test_garbage_rings();
		test_persistence();
	}
	finish();
}
