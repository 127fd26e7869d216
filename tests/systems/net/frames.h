/* SPDX-License-Identifier: BSD-2-Clause */
/* frames.h: Ethernet, ARP and ICMP echo frames for the network test and benchmark. */
#ifndef FRAMES_H
#define FRAMES_H

#include <stdbool.h>
#include <stdint.h>

/* QEMU's user-mode network: we are 10.0.2.15, its gateway (slirp itself) 10.0.2.2. */
#define OUR_IP 0x0a00020fU
#define GATEWAY_IP 0x0a000202U
#define ETH_ARP 0x0806
#define ETH_IP 0x0800
#define ETH_HEADER 14
#define ARP_FRAME 42		      /* header and an IPv4-over-Ethernet ARP packet */
#define ICMP_OFFSET (ETH_HEADER + 20) /* an IPv4 header without options */
#define ICMP_HEADER 8

/* Big-endian fields, a byte at a time (the frame may be at any alignment). */
static void put16(volatile uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(volatile uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

static uint16_t get16(const volatile uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t get32(const volatile uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

/* MACs are kept as in NET_CALL_INFO: the first byte in bits 0..7. */
static void put_mac(volatile uint8_t *p, uint64_t mac)
{
	for (int i = 0; i < 6; i++)
		p[i] = (uint8_t)(mac >> (8 * i));
}

static uint64_t get_mac(const volatile uint8_t *p)
{
	uint64_t mac = 0;
	for (int i = 0; i < 6; i++)
		mac |= (uint64_t)p[i] << (8 * i);
	return mac;
}

static void put_eth(volatile uint8_t *f, uint64_t dst, uint64_t src, uint16_t type)
{
	put_mac(f, dst);
	put_mac(f + 6, src);
	put16(f + 12, type);
}

/* The Internet checksum (RFC 1071) of n bytes. */
static uint16_t checksum(const volatile uint8_t *p, unsigned n)
{
	uint32_t sum = 0;
	for (unsigned i = 0; i + 1 < n; i += 2)
		sum += get16(p + i);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Who has `ip`? Tell OUR_IP at `mac`. ARP_FRAME bytes. */
static unsigned arp_request(volatile uint8_t *f, uint64_t mac, uint32_t ip)
{
	put_eth(f, 0xffffffffffffULL, mac, ETH_ARP);
	volatile uint8_t *a = f + ETH_HEADER;
	put16(a, 1);	      /* hardware: Ethernet */
	put16(a + 2, ETH_IP); /* protocol: IPv4 */
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, 1); /* request */
	put_mac(a + 8, mac);
	put32(a + 14, OUR_IP);
	put_mac(a + 18, 0);
	put32(a + 24, ip);
	return ARP_FRAME;
}

/* If `f` is an ARP reply to us (at `mac`) saying where `ip` is: that MAC; else 0. */
static uint64_t arp_reply_from(const volatile uint8_t *f, uint32_t len, uint64_t mac, uint32_t ip)
{
	const volatile uint8_t *a = f + ETH_HEADER;
	if (len < ARP_FRAME || get16(f + 12) != ETH_ARP || get16(a + 6) != 2 ||
	    get32(a + 14) != ip || get32(a + 24) != OUR_IP || get_mac(a + 18) != mac)
		return 0;
	return get_mac(a + 8);
}

/* An ICMP echo request of `frame_len` bytes in all (at most 1514) to `ip`, whose payload
 * bytes follow from `seq`. */
static unsigned icmp_echo(volatile uint8_t *f, unsigned frame_len, uint64_t dst_mac, uint64_t mac,
			  uint32_t ip, uint16_t seq)
{
	put_eth(f, dst_mac, mac, ETH_IP);
	volatile uint8_t *h = f + ETH_HEADER, *icmp = f + ICMP_OFFSET;
	const unsigned ip_len = frame_len - ETH_HEADER, icmp_len = ip_len - 20;
	h[0] = 0x45; /* IPv4, 5 words of header */
	h[1] = 0;
	put16(h + 2, (uint16_t)ip_len);
	put16(h + 4, seq);
	put16(h + 6, 0);
	h[8] = 64; /* TTL */
	h[9] = 1;  /* ICMP */
	put16(h + 10, 0);
	put32(h + 12, OUR_IP);
	put32(h + 16, ip);
	put16(h + 10, checksum(h, 20));
	icmp[0] = 8; /* echo request */
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, 0x7473); /* identifier */
	put16(icmp + 6, seq);
	for (unsigned i = ICMP_HEADER; i < icmp_len; i++)
		icmp[i] = (uint8_t)(i * 7 + seq);
	put16(icmp + 2, checksum(icmp, icmp_len));
	return frame_len;
}

/* Is `r` the echo reply to the request `q` (same length, payload, sequence)? */
static bool icmp_echo_reply_to(const volatile uint8_t *r, uint32_t rlen, const volatile uint8_t *q,
			       uint32_t qlen, uint32_t ip)
{
	if (rlen != qlen || get16(r + 12) != ETH_IP || r[ETH_HEADER + 9] != 1 ||
	    get32(r + ETH_HEADER + 12) != ip || get32(r + ETH_HEADER + 16) != OUR_IP ||
	    r[ICMP_OFFSET] != 0 || get16(r + ICMP_OFFSET + 6) != get16(q + ICMP_OFFSET + 6))
		return false;
	for (unsigned i = ICMP_OFFSET + ICMP_HEADER; i < qlen; i++)
		if (r[i] != q[i])
			return false;
	return checksum(r + ICMP_OFFSET, qlen - ICMP_OFFSET) == 0;
}

#endif
