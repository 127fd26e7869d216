/* SPDX-License-Identifier: BSD-2-Clause */
/* blk_bench: instructions per block request, client to driver to device and back. */
#include <drivers/blk.h>
#include <tessera/clock.h>
#include <tessera/driver.h>

#define DRIVER 0
#define CALLS 1
#define WATCHDOG 2 /* the EL1 physical timer: a bound on every wait */
#define ROUNDS 33

unsigned long ring, data;    /* set at load (manifest setvar) */
volatile unsigned long load; /* setvar: 1: 64 KiB reads forever, as a load (real time) */

static struct tsr_ring requests, completions;

static __attribute__((noreturn)) void fail(const char *why)
{
	tsr_printf("blk_bench: %s\n", why);
	tsr_debug_shutdown(1);
}

/*
 * One request from the client's push to its completion popped: the client, the
 * doorbell, the driver, the device's notification, its interrupt, the driver again,
 * the completion's doorbell. The client blocks while the device works; the watchdog,
 * armed once, ends the run if the answer never comes.
 */
static void request(uint32_t op, uint32_t length)
{
	const struct blk_request r = {.op = op, .length = length, .sector = 2048, .offset = 0};
	struct blk_completion c;
	if (!tsr_ring_push(&requests, &r))
		fail("request ring full");
	tsr_notify(DRIVER);
	while (!tsr_ring_pop(&completions, &c))
		if (tsr_wait_events() & (1UL << WATCHDOG))
			fail("no completion within the watchdog's time");
	if (c.status != BLK_OK)
		fail("a request failed");
}

/*
 * The median over ROUNDS requests, less the cost of reading the counter. Interrupts
 * come in host time: one that arrives before the client has gone to sleep takes a
 * shorter path, now and then. The median is the usual path, the same from run to run.
 */
static unsigned long measure(uint32_t op, uint32_t length)
{
	unsigned long n[ROUNDS], empty = tsr_instructions_cost();
	for (int i = 0; i < ROUNDS; i++) {
		unsigned long t0 = tsr_instructions();
		request(op, length);
		n[i] = tsr_instructions() - t0 - empty;
	}
	return tsr_median(n, ROUNDS);
}

void init(void)
{
	tsr_ring_attach(&requests, (void *)ring, BLK_RING_HALF, sizeof(struct blk_request));
	tsr_ring_attach(&completions, (void *)(ring + BLK_RING_HALF), BLK_RING_HALF,
			sizeof(struct blk_completion));
	if (tsr_ppcall(CALLS, TSR_MSG(BLK_CALL_INFO, 0)) != (long)TSR_MSG(BLK_OK, 5))
		fail("no block device");
	while (load)
		request(BLK_READ, 65536);
	tsr_timer_arm(tsr_counter() + 30 * tsr_counter_hz()); /* a watchdog: 30 s */
	tsr_printf("BENCH blk_read_4k %lu read 4 KiB: client request to completion, through the "
		   "driver and the device\n",
		   measure(BLK_READ, 4096));
	tsr_printf("BENCH blk_write_4k %lu write 4 KiB: client request to completion\n",
		   measure(BLK_WRITE, 4096));
	tsr_printf("BENCH blk_read_64k %lu read 64 KiB (zero copy): client request to "
		   "completion\n",
		   measure(BLK_READ, 65536));
	tsr_debug_shutdown(0);
}
