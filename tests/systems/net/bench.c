/* SPDX-License-Identifier: BSD-2-Clause */
/* net_bench: instructions per frame out and back through the network driver. */
#include <drivers/net.h>
#include <tessera/clock.h>
#include <tessera/driver.h>

#include "frames.h"

#define DRIVER 0
#define CALLS 1
#define WATCHDOG 2 /* the EL1 physical timer: a bound on every wait */
#define ROUNDS 33
#define BUFFER 2048
#define TX_BUFFER 0
#define RX_FIRST 1
#define RX_POSTED 16
#define FRAME 1500

unsigned long ring, data;    /* set at load (manifest setvar) */
volatile unsigned long load; /* setvar: 1: echoes forever, as a load (real time) */

static struct tsr_ring rings[4];
static uint64_t mac, gateway_mac;

static __attribute__((noreturn)) void fail(const char *why)
{
	tsr_printf("net_bench: %s\n", why);
	tsr_debug_shutdown(1);
}

static volatile uint8_t *buffer(uint64_t offset) { return (volatile uint8_t *)(data + offset); }

static void give(enum net_ring which, uint64_t offset, uint32_t length)
{
	const struct net_buffer b = {.id = offset, .offset = offset, .length = length};
	if (!tsr_ring_push(&rings[which], &b))
		fail("ring full");
}

/* Wait for an entry on `which`; the watchdog ends the run if none comes. */
static void take(enum net_ring which, struct net_buffer *b)
{
	while (!tsr_ring_pop(&rings[which], b))
		if (tsr_wait_events() & (1UL << WATCHDOG))
			fail("nothing came back within the watchdog's time");
}

/*
 * One frame out and one back: the client sends, the driver gives it to the device,
 * QEMU's user-mode network answers, the driver gives the client the reply and the sent
 * buffer back; the client gives the receive buffer to the driver again (it is taken
 * with the next frame's doorbell, so the reply can be checked until then).
 */
static struct net_buffer roundtrip(uint32_t length)
{
	struct net_buffer sent, got;
	give(NET_TX, TX_BUFFER, length);
	tsr_notify(DRIVER);
	take(NET_RX, &got);
	take(NET_TX_DONE, &sent);
	give(NET_RX_FREE, got.offset, BUFFER);
	if (sent.status != NET_OK || got.status != NET_OK)
		fail("a frame was refused");
	return got;
}

/* The median over ROUNDS round trips, less the cost of reading the counter (see
 * tests/systems/blk/bench.c for why the median). */
static unsigned long measure(uint32_t length)
{
	unsigned long n[ROUNDS], empty = tsr_instructions_cost();
	for (int i = 0; i < ROUNDS; i++) {
		unsigned long t0 = tsr_instructions();
		struct net_buffer got = roundtrip(length);
		n[i] = tsr_instructions() - t0 - empty;
		if (!icmp_echo_reply_to(buffer(got.offset), got.length, buffer(TX_BUFFER), length,
					GATEWAY_IP))
			fail("the reply is not the echo of the frame sent");
	}
	return tsr_median(n, ROUNDS);
}

/* Learn the gateway's MAC (and let it learn ours) before measuring. */
static void arp(void)
{
	struct net_buffer b;
	arp_request(buffer(TX_BUFFER), mac, GATEWAY_IP);
	give(NET_TX, TX_BUFFER, ARP_FRAME);
	tsr_notify(DRIVER);
	take(NET_TX_DONE, &b);
	while (!gateway_mac) {
		take(NET_RX, &b);
		gateway_mac = arp_reply_from(buffer(b.offset), b.length, mac, GATEWAY_IP);
		give(NET_RX_FREE, b.offset, BUFFER);
	}
}

void init(void)
{
	for (unsigned i = 0; i < 4; i++)
		tsr_ring_attach(&rings[i], (void *)(ring + i * NET_RING_PART), NET_RING_PART,
				sizeof(struct net_buffer));
	if (tsr_ppcall(CALLS, TSR_MSG(NET_CALL_INFO, 0)) != (long)TSR_MSG(NET_OK, 3))
		fail("no network device");
	mac = tsr_mr_get(0);
	if (!load)
		tsr_timer_arm(tsr_counter() + 30 * tsr_counter_hz()); /* a watchdog: 30 s */
	for (unsigned i = 0; i < RX_POSTED; i++)
		give(NET_RX_FREE, (RX_FIRST + i) * BUFFER, BUFFER);
	arp();
	icmp_echo(buffer(TX_BUFFER), FRAME, gateway_mac, mac, GATEWAY_IP, 1);
	while (load)
		roundtrip(FRAME);
	tsr_printf("BENCH net_frame_roundtrip %lu one 1500-byte frame (ICMP echo) out and its "
		   "reply back: client, driver, device, QEMU user network and back\n",
		   measure(FRAME));
	tsr_debug_shutdown(0);
}
