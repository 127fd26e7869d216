/* SPDX-License-Identifier: BSD-2-Clause */
/* The proving guest's devices: the native block and network drivers, through their
 * rings in regions shared with the guest, and their channels (docs/porting-a-guest.md). */
#include "proving.h"

/* Frames on QEMU's user-mode network: byte offsets in Ethernet, ARP, IPv4 and ICMP. */
#define OUR_IP 0x0a00020fU     /* 10.0.2.15 */
#define GATEWAY_IP 0x0a000202U /* 10.0.2.2, QEMU itself */
#define ETH_TO 0
#define ETH_FROM 6
#define ETH_TYPE 12
#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define ARP 14
#define ARP_OP (ARP + 6)
#define ARP_FROM_MAC (ARP + 8)
#define ARP_FROM_IP (ARP + 14)
#define ARP_TO_MAC (ARP + 18)
#define ARP_TO_IP (ARP + 24)
#define ARP_FRAME (ARP + 28)
#define IP 14 /* a header of 20 bytes */
#define IP_PROTOCOL (IP + 9)
#define IP_FROM (IP + 12)
#define IP_TO (IP + 16)
#define ICMP (IP + 20)
#define ICMP_HEADER 8
#define ECHO_FRAME (ICMP + ICMP_HEADER + 56)

/* A native driver's shared regions and channels, found by their labels. */
struct device {
	uint64_t ring, ring_size, data_size;
	volatile uint8_t *data; /* identity-mapped (start.S) */
	unsigned doorbell, control;
};
static struct device blk, net;
static struct tsr_ring blk_requests, blk_completions, net_rings[4];

static bool find_device(const struct tsr_fdt *t, const char *const labels[4], struct device *d)
{
	uint64_t data;
	if (!region(t, labels[0], &d->ring, &d->ring_size) ||
	    !region(t, labels[1], &data, &d->data_size) || !channel(t, labels[2], &d->doorbell) ||
	    !channel(t, labels[3], &d->control))
		return false;
	d->data = (volatile uint8_t *)data;
	return true;
}

/* Sleep until the driver rings the doorbell (its bit in TSR_HVC_POLL) or ms pass. */
static bool wait_doorbell(const struct device *d, unsigned ms)
{
	const unsigned long bit = 1UL << d->doorbell;
	unsigned seen = ticks;
	tsr_vtimer_set(hz * ms / 1000);
	while (!(notified & bit) && ticks == seen)
		tsr_irq_wait();
	tsr_vtimer_stop();
	bool rang = notified & bit;
	notified &= ~bit;
	return rang;
}

/* A slot to the driver on ring r, then the doorbell. False if the ring is full. */
static bool push(const struct device *d, struct tsr_ring *r, const void *slot)
{
	return tsr_ring_push(r, slot) && tsr_channel_signal(d->doorbell) == 0;
}

/* A slot from the driver on ring r, waiting for the doorbell while it is empty. False if
 * nothing came within WAIT_MS. */
static bool pop(const struct device *d, struct tsr_ring *r, void *slot)
{
	while (!tsr_ring_pop(r, slot))
		if (!wait_doorbell(d, WAIT_MS))
			return false;
	return true;
}

/* The block device through the native driver's rings: one sector, start to end: its
 * completion status. */
static uint32_t blk_one(uint32_t op, uint64_t sector, uint64_t offset, uint64_t id)
{
	const struct blk_request r = {
	    .op = op, .length = BLK_SECTOR, .sector = sector, .offset = offset, .id = id};
	struct blk_completion c;
	if (!push(&blk, &blk_requests, &r) || !pop(&blk, &blk_completions, &c))
		return BLK_TIMED_OUT;
	return c.id == id && c.length == BLK_SECTOR ? c.status : BLK_EIO;
}

static uint8_t pattern(unsigned long i) { return (uint8_t)(i * 31 + (i >> 8) + instance * 0x5b); }

void test_blk(const struct tsr_fdt *t)
{
	static const char *const labels[4] = {"blk-ring", "blk-data", "blk-doorbell",
					      "blk-control"};
	const uint64_t sector = BLK_SECTOR_BASE + instance;
	if (tsr_fdt_find(t, TSR_DT_REGION, labels[0]) < 0)
		return; /* no block device (a board without virtio: the ZCU102) */
	if (!check(find_device(t, labels, &blk) && blk.ring_size >= BLK_RING_REGION &&
		       blk.data_size >= BLK_READ_OFFSET + BLK_SECTOR,
		   "device tree: regions blk-ring, blk-data, channels blk-doorbell, blk-control"))
		return;
	tsr_ring_attach(&blk_requests, (void *)blk.ring, BLK_RING_HALF, sizeof(struct blk_request));
	tsr_ring_attach(&blk_completions, (void *)(blk.ring + BLK_RING_HALF), BLK_RING_HALF,
			sizeof(struct blk_completion));

	struct tsr_guest_msg m = {.label = BLK_CALL_INFO};
	long r = tsr_channel_call(blk.control, &m);
	say("blk: %lu sectors of %lu bytes, flags %#lx", m.w[0], m.w[1], m.w[4]);
	if (!check(r == 0 && m.label == BLK_OK && m.length == 5 && m.w[1] == BLK_SECTOR &&
		       m.w[0] > sector && !(m.w[4] & BLK_INFO_READ_ONLY),
		   "blk: BLK_CALL_INFO, 512-byte sectors, writable"))
		return;
	m = (struct tsr_guest_msg){.label = BLK_CALL_RESET};
	check(tsr_channel_call(blk.control, &m) == 0 && m.label == BLK_OK, "blk: BLK_CALL_RESET");

	for (unsigned long i = 0; i < BLK_SECTOR; i++) {
		blk.data[i] = pattern(i);
		blk.data[BLK_READ_OFFSET + i] = 0xee;
	}
	uint32_t wrote = blk_one(BLK_WRITE, sector, 0, 1);
	uint32_t read = blk_one(BLK_READ, sector, BLK_READ_OFFSET, 2);
	unsigned long differ = 0;
	for (unsigned long i = 0; i < BLK_SECTOR; i++)
		differ += blk.data[BLK_READ_OFFSET + i] != pattern(i);
	say("blk: sector %lu written (status %u), read back (status %u), %lu bytes differ",
	    (unsigned long)sector, wrote, read, differ);
	check(wrote == BLK_OK && read == BLK_OK && !differ,
	      "blk: a sector written through the rings reads back the same");
}

/* The network device through the native driver's rings, on QEMU's user-mode network:
 * we are 10.0.2.15, and its gateway 10.0.2.2 answers ARP and ICMP echo. net-data holds
 * buffers of NET_BUFFER_SIZE bytes: 0 to send, 1..NET_RX_BUFFERS to receive into. */
static uint64_t our_mac, gateway_mac; /* as NET_CALL_INFO gives a MAC: byte 0 in bits 0..7 */

static volatile uint8_t *net_buffer(uint64_t i) { return net.data + i * NET_BUFFER_SIZE; }

/* n bytes of v at p: big-endian (network order), or little-endian for a MAC. */
static void put(volatile uint8_t *p, uint64_t v, unsigned n, bool mac)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> 8 * (mac ? i : n - 1 - i));
}

static uint64_t get(const volatile uint8_t *p, unsigned n, bool mac)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << 8 * (mac ? i : n - 1 - i);
	return v;
}

/* The Internet checksum (RFC 1071) of n bytes; 0 over bytes that hold theirs. */
static uint16_t inet_checksum(const volatile uint8_t *p, unsigned n)
{
	uint32_t sum = 0;
	for (unsigned i = 0; i < n; i++)
		sum += i & 1 ? p[i] : (uint32_t)p[i] << 8;
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t) ~(sum + (sum >> 16));
}

static void say_mac(const char *what, uint64_t mac)
{
	say("net: %s %02lx:%02lx:%02lx:%02lx:%02lx:%02lx", what, mac & 0xff, mac >> 8 & 0xff,
	    mac >> 16 & 0xff, mac >> 24 & 0xff, mac >> 32 & 0xff, mac >> 40 & 0xff);
}

static void ethernet(volatile uint8_t *f, uint64_t to, uint16_t type)
{
	put(f + ETH_TO, to, 6, true);
	put(f + ETH_FROM, our_mac, 6, true);
	put(f + ETH_TYPE, type, 2, false);
}

/* Buffer 0 to the driver (`length` bytes); true once it says it sent them. */
static bool net_send(uint32_t length)
{
	struct net_buffer b = {.offset = 0, .length = length};
	return push(&net, &net_rings[NET_TX], &b) && pop(&net, &net_rings[NET_TX_DONE], &b) &&
	       b.status == NET_OK;
}

/* Receive buffer i to the driver (the ring holds more than NET_RX_BUFFERS). */
static void net_post(uint64_t i)
{
	const struct net_buffer b = {
	    .id = i, .offset = i * NET_BUFFER_SIZE, .length = NET_BUFFER_SIZE};
	push(&net, &net_rings[NET_RX_FREE], &b);
}

/* Wait for a frame that `match` accepts; every receive buffer goes back to the driver. */
static bool net_receive(bool (*match)(const volatile uint8_t *frame, uint32_t length))
{
	struct net_buffer b;
	while (pop(&net, &net_rings[NET_RX], &b)) {
		if (b.id - 1 >= NET_RX_BUFFERS) /* not one of ours */
			continue;
		bool hit = b.status == NET_OK && match(net_buffer(b.id), b.length);
		net_post(b.id);
		if (hit)
			return true;
	}
	return false;
}

/* An ARP reply from 10.0.2.2 to us: where the gateway is. */
static bool is_arp_reply(const volatile uint8_t *f, uint32_t length)
{
	if (length < ARP_FRAME || get(f + ETH_TYPE, 2, false) != ETH_ARP ||
	    get(f + ARP_OP, 2, false) != 2 || get(f + ARP_FROM_IP, 4, false) != GATEWAY_IP ||
	    get(f + ARP_TO_MAC, 6, true) != our_mac || get(f + ARP_TO_IP, 4, false) != OUR_IP)
		return false;
	gateway_mac = get(f + ARP_FROM_MAC, 6, true);
	return true;
}

/* The echo reply to buffer 0's request: from 10.0.2.2, the same identifier, sequence and
 * payload, a valid checksum. */
static bool is_echo_reply(const volatile uint8_t *f, uint32_t length)
{
	const volatile uint8_t *sent = net_buffer(0);
	bool ok = length == ECHO_FRAME && get(f + ETH_TYPE, 2, false) == ETH_IP &&
		  f[IP_PROTOCOL] == 1 && get(f + IP_FROM, 4, false) == GATEWAY_IP &&
		  get(f + IP_TO, 4, false) == OUR_IP && f[ICMP] == 0 &&
		  get(f + ICMP + 4, 4, false) == get(sent + ICMP + 4, 4, false) &&
		  inet_checksum(f + ICMP, ECHO_FRAME - ICMP) == 0;
	for (unsigned i = ICMP + ICMP_HEADER; ok && i < ECHO_FRAME; i++)
		ok = f[i] == sent[i];
	return ok;
}

void test_net(const struct tsr_fdt *t)
{
	static const char *const labels[4] = {"net-ring", "net-data", "net-doorbell",
					      "net-control"};
	if (tsr_fdt_find(t, TSR_DT_REGION, labels[0]) < 0)
		return; /* no network device */
	if (!check(find_device(t, labels, &net) && net.ring_size >= NET_RING_REGION &&
		       net.data_size >= NET_DATA_REGION,
		   "device tree: regions net-ring, net-data, channels net-doorbell, net-control"))
		return;
	for (unsigned i = 0; i < 4; i++)
		tsr_ring_attach(&net_rings[i], (void *)(net.ring + i * NET_RING_PART),
				NET_RING_PART, sizeof(struct net_buffer));
	struct tsr_guest_msg m = {.label = NET_CALL_INFO};
	long r = tsr_channel_call(net.control, &m);
	our_mac = m.w[0];
	say_mac("our MAC", our_mac);
	bool ok = r == 0 && m.label == NET_OK && m.length == 3 && our_mac &&
		  m.w[1] == NET_MAX_FRAME && m.w[2] == NET_DATA_REGION;
	m = (struct tsr_guest_msg){.label = NET_CALL_RESET};
	if (!check(ok && tsr_channel_call(net.control, &m) == 0 && m.label == NET_OK,
		   "net: NET_CALL_INFO (a MAC address), NET_CALL_RESET"))
		return;
	for (unsigned i = 1; i <= NET_RX_BUFFERS; i++)
		net_post(i);

	volatile uint8_t *f = net_buffer(0);
	ethernet(f, 0xffffffffffffULL, ETH_ARP);       /* to everyone */
	put(f + ARP, 0x0001080006040001ULL, 8, false); /* Ethernet, IPv4, a request */
	put(f + ARP_FROM_MAC, our_mac, 6, true);
	put(f + ARP_FROM_IP, OUR_IP, 4, false);
	put(f + ARP_TO_MAC, 0, 6, true);
	put(f + ARP_TO_IP, GATEWAY_IP, 4, false);
	bool arp = net_send(ARP_FRAME) && net_receive(is_arp_reply);
	say_mac("10.0.2.2 is at", gateway_mac);
	if (!check(arp, "net: ARP request for 10.0.2.2: a reply from 10.0.2.2 to our MAC"))
		return;

	ethernet(f, gateway_mac, ETH_IP);
	put(f + IP, 0x45000000 | (ECHO_FRAME - IP), 4, false); /* IPv4, 20 bytes of header */
	put(f + IP + 4, instance << 16, 4, false);	       /* identification, fragment 0 */
	put(f + IP + 8, 0x40010000, 4, false);		       /* TTL 64, ICMP, checksum 0 */
	put(f + IP_FROM, OUR_IP, 4, false);
	put(f + IP_TO, GATEWAY_IP, 4, false);
	put(f + IP + 10, inet_checksum(f + IP, ICMP - IP), 2, false);
	put(f + ICMP, 0x08000000, 4, false);	 /* echo request, code 0, checksum 0 */
	put(f + ICMP + 4, 0x54730001, 4, false); /* identifier, sequence 1 */
	for (unsigned i = ICMP + ICMP_HEADER; i < ECHO_FRAME; i++)
		f[i] = pattern(i);
	put(f + ICMP + 2, inet_checksum(f + ICMP, ECHO_FRAME - ICMP), 2, false);
	check(net_send(ECHO_FRAME) && net_receive(is_echo_reply),
	      "net: ICMP echo to 10.0.2.2 answered, payload intact");
}
