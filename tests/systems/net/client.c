/* SPDX-License-Identifier: BSD-2-Clause */
/* net_test: frames to and from QEMU's user-mode network through the driver; rubbish. */
#include <drivers/net.h>
#include <tessera/driver.h>

#define DRIVER 0 /* notify channel: the doorbell both ways */
#define CALLS 1	 /* call channel: info, reset */
#define DRVTEST_TIMER 2
#define DRVTEST_NAME "net"
#include "drvtest.h"
#include "frames.h"

#define WAIT_MS 3000
#define BUFFER 2048 /* the data region in buffers: TX first, then RX */
#define TX_BUFFERS 64
#define RX_FIRST TX_BUFFERS
#define RX_POSTED 32
#define TIMED_OUT 0xffffffffU
#define QEMU_MAC 0x563412005452ULL /* 52:54:00:12:34:56, QEMU's default */

unsigned long ring, data; /* set at load (manifest setvar) */

static struct tsr_ring rings[4];
static uint64_t mac, gateway_mac;
static uint64_t next_id = 1;
static unsigned other_frames; /* received, not the one waited for */

static volatile uint8_t *buffer(unsigned i) { return (volatile uint8_t *)(data + i * BUFFER); }

static bool give(enum net_ring which, uint64_t offset, uint32_t length, uint64_t id)
{
	const struct net_buffer b = {.id = id, .offset = offset, .length = length};
	return tsr_ring_push(&rings[which], &b);
}

/* Receive buffer i (one of ours) to the driver. */
static void post_rx(unsigned i) { give(NET_RX_FREE, (uint64_t)i * BUFFER, BUFFER, i); }

/* A receive buffer of ours, returned: give it to the driver again. False if it is not
 * one of ours (a refused buffer of the rubbish tests). */
static bool recycle(const struct net_buffer *b)
{
	if (b->offset % BUFFER || b->offset / BUFFER < RX_FIRST ||
	    b->offset / BUFFER >= NET_DATA_REGION / BUFFER)
		return false;
	post_rx((unsigned)(b->offset / BUFFER));
	tsr_notify(DRIVER);
	return true;
}

/* Pop from ring `which` until the entry with `id` comes: its status, or TIMED_OUT.
 * Receive buffers of ours that come meanwhile go back to the driver. */
static uint32_t wait_returned(enum net_ring which, uint64_t id, struct net_buffer *out)
{
	for (;;) {
		while (tsr_ring_pop(&rings[which], out)) {
			if (out->id == id)
				return out->status;
			if (which == NET_RX && recycle(out))
				other_frames++;
		}
		if (!wait_for(1UL << DRIVER, WAIT_MS))
			return TIMED_OUT;
	}
}

/* Send `length` bytes of TX buffer i; the status it comes back with. */
static uint32_t send(unsigned i, uint32_t length)
{
	struct net_buffer b;
	uint64_t id = next_id++;
	if (!give(NET_TX, (uint64_t)i * BUFFER, length, id))
		return TIMED_OUT;
	tsr_notify(DRIVER);
	return wait_returned(NET_TX_DONE, id, &b);
}

/* Wait for a received frame that `match` accepts; each frame's buffer goes back to the
 * driver. Its length, 0 on timeout. `match` sees the frame where it lies. */
typedef bool (*frame_match)(const volatile uint8_t *frame, uint32_t length);

static uint32_t receive(frame_match match)
{
	struct net_buffer b;
	for (;;) {
		while (tsr_ring_pop(&rings[NET_RX], &b)) {
			bool hit = b.status == NET_OK && b.offset % BUFFER == 0 &&
				   b.offset < NET_DATA_REGION &&
				   match(buffer((unsigned)(b.offset / BUFFER)), b.length);
			if (!recycle(&b))
				continue;
			if (hit)
				return b.length;
			other_frames++;
		}
		if (!wait_for(1UL << DRIVER, WAIT_MS))
			return 0;
	}
}

static bool is_gateway_arp_reply(const volatile uint8_t *f, uint32_t len)
{
	uint64_t who = arp_reply_from(f, len, mac, GATEWAY_IP);
	if (who)
		gateway_mac = who;
	return who != 0;
}

static bool arp_gateway(void)
{
	gateway_mac = 0;
	unsigned len = arp_request(buffer(0), mac, GATEWAY_IP);
	return send(0, len) == NET_OK && receive(is_gateway_arp_reply) >= ARP_FRAME;
}

static const volatile uint8_t *echo_sent;
static uint32_t echo_len;

static bool is_echo_reply(const volatile uint8_t *f, uint32_t len)
{
	return icmp_echo_reply_to(f, len, echo_sent, echo_len, GATEWAY_IP);
}

static bool ping_gateway(unsigned frame_len, uint16_t seq)
{
	echo_sent = buffer(1);
	echo_len = icmp_echo(buffer(1), frame_len, gateway_mac, mac, GATEWAY_IP, seq);
	return send(1, echo_len) == NET_OK && receive(is_echo_reply) == frame_len;
}

static void test_info(void)
{
	long r = tsr_ppcall(CALLS, TSR_MSG(NET_CALL_INFO, 0));
	mac = tsr_mr_get(0);
	check(r == (long)TSR_MSG(NET_OK, 3) && mac == QEMU_MAC && tsr_mr_get(1) == NET_MAX_FRAME &&
		  tsr_mr_get(2) == NET_DATA_REGION,
	      "info: QEMU's MAC address, frame and region limits");
}

static void test_exchange(void)
{
	for (unsigned i = 0; i < RX_POSTED; i++)
		post_rx(RX_FIRST + i);
	tsr_notify(DRIVER);
	check(arp_gateway(), "ARP request for 10.0.2.2 answered");
	tsr_printf("net: 10.0.2.2 is at %02x:%02x:%02x:%02x:%02x:%02x\n",
		   (unsigned)(gateway_mac & 0xff), (unsigned)(gateway_mac >> 8 & 0xff),
		   (unsigned)(gateway_mac >> 16 & 0xff), (unsigned)(gateway_mac >> 24 & 0xff),
		   (unsigned)(gateway_mac >> 32 & 0xff), (unsigned)(gateway_mac >> 40 & 0xff));
	check(ping_gateway(98, 1), "ICMP echo of a 98-byte frame answered, payload intact");
	check(ping_gateway(NET_MAX_FRAME, 2),
	      "ICMP echo of a 1514-byte frame answered, payload intact");
	bool all = true;
	for (uint16_t seq = 3; seq < 3 + 40; seq++) /* more than the receive buffers posted */
		all &= ping_gateway(60 + seq * 31, seq);
	check(all, "40 echoes of 153 to 1393 bytes, each answered");
}

static void test_bad_requests(void)
{
	struct net_buffer b;
	arp_request(buffer(2), mac, GATEWAY_IP);
	check(send(2, NET_MAX_FRAME + 1) == NET_ETOOBIG && send(2, 9000) == NET_ETOOBIG,
	      "frames over 1514 bytes: NET_ETOOBIG");
	check(send(2, 0) == NET_EINVAL && send(2, NET_MIN_FRAME - 1) == NET_EINVAL,
	      "frames shorter than a header: NET_EINVAL");
	check(give(NET_TX, NET_DATA_REGION - 100, 200, 77) && (tsr_notify(DRIVER), 1) &&
		  wait_returned(NET_TX_DONE, 77, &b) == NET_ERANGE &&
		  give(NET_TX, 1ULL << 63, 100, 78) && (tsr_notify(DRIVER), 1) &&
		  wait_returned(NET_TX_DONE, 78, &b) == NET_ERANGE,
	      "frames outside the data region: NET_ERANGE");
	give(NET_RX_FREE, 5 * BUFFER, 1000, 79);
	give(NET_RX_FREE, NET_DATA_REGION - 1024, BUFFER, 80);
	tsr_notify(DRIVER);
	check(wait_returned(NET_RX, 79, &b) == NET_EINVAL && b.offset == 5 * BUFFER &&
		  wait_returned(NET_RX, 80, &b) == NET_ERANGE,
	      "receive buffers too small or outside the region: returned with errors");
	check(arp_gateway(), "the driver serves after the bad requests");
}

/* A full ring of random slots on ring `which`: each comes back refused on `back`. */
static void rubbish(enum net_ring which, enum net_ring back, unsigned count, const char *what)
{
	struct tsr_ring_shared *s = rings[which].shared;
	struct net_buffer b;
	random_fill(s->data, (unsigned long)rings[which].slots * rings[which].slot_size);
	tsr_smp_mb();
	s->head = s->tail + count; /* we are the producer */
	tsr_notify(DRIVER);
	unsigned got = 0, refused = 0;
	while (got < count) {
		if (tsr_ring_pop(&rings[back], &b)) {
			if (back == NET_RX && b.status == NET_OK && recycle(&b)) {
				other_frames++; /* a frame, not one of the random buffers */
				continue;
			}
			got++;
			refused += b.status != NET_OK;
		} else if (!wait_for(1UL << DRIVER, WAIT_MS)) {
			break;
		}
	}
	tsr_printf("net: %u random slots, %u returned, %u refused\n", count, got, refused);
	check(got == count && refused == count, what);
}

static void test_rubbish(void)
{
	rubbish(NET_TX, NET_TX_DONE, rings[NET_TX].slots,
		"a full ring of random frames: each refused");
	rubbish(NET_RX_FREE, NET_RX, 64, "64 random receive buffers: each refused");
	check(arp_gateway(), "the driver serves after the random slots");

	random_fill((void *)ring, NET_RING_REGION);
	tsr_notify(DRIVER);
	wait_for(1UL << DRIVER, 50); /* whatever it makes of it */
	long r = tsr_ppcall(CALLS, TSR_MSG(NET_CALL_RESET, 0));
	check(r == (long)TSR_MSG(NET_OK, 1), "rings overwritten with random bytes, then reset");
	/* The receive buffers the device holds come back into the new rings. */
	check(arp_gateway() && ping_gateway(NET_MAX_FRAME, 99),
	      "the driver serves after the reset");
}

void init(void)
{
	for (unsigned i = 0; i < 4; i++)
		tsr_ring_attach(&rings[i], (void *)(ring + i * NET_RING_PART), NET_RING_PART,
				sizeof(struct net_buffer));
	test_info();
	if (mac) {
		test_exchange();
		test_bad_requests();
		test_rubbish();
	}
	tsr_printf("net: %u other frames received\n", other_frames);
	finish();
}
