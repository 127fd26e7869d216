// SPDX-License-Identifier: GPL-2.0
/*
 * Tessera network device
 *
 * An Ethernet device served by Tessera's native virtio-net driver: the guest
 * shares a ring region with it (four rings: frames to send, sent buffers
 * back, empty receive buffers, received frames) and a data region for the
 * buffers, and has two channels to it, a doorbell (notify: rung after
 * pushing, signalled back when buffers return) and a control channel (calls:
 * the MAC address, a reset). The device tree names them by label: net-ring,
 * net-data, net-doorbell and net-control. The protocol is the driver's client
 * interface, drivers/net.h, shared with native clients and other guests.
 *
 * The data region is cut into NET_RX_MAX-byte buffers, the first half for
 * receiving, the second for sending; frames are copied in and out of them.
 * Returned buffers are handled by NAPI, which the doorbell's signal schedules.
 */

#include <linux/etherdevice.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/netdevice.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/spinlock.h>

#include <drivers/net.h>
#include <tessera/hypercall.h>
#include <tessera/ring.h>

#include "tessera.h"

#define TESSERA_NET_BUFFERS	(NET_DATA_REGION / NET_RX_MAX)
#define TESSERA_NET_RX_BUFFERS	(TESSERA_NET_BUFFERS / 2)

struct tessera_net {
	struct net_device *ndev;
	struct napi_struct napi;
	struct tessera_channel *doorbell, *control;
	void *data;
	struct tessera_ring rings[4];	/* enum net_ring */
	spinlock_t tx_lock;		/* the free send buffers, NET_TX */
	unsigned int tx_free[TESSERA_NET_BUFFERS - TESSERA_NET_RX_BUFFERS];
	unsigned int tx_nfree;
};

static void *tessera_net_buffer(struct tessera_net *tn, unsigned int i)
{
	return tn->data + (unsigned long)i * NET_RX_MAX;
}

/* Give receive buffer i to the driver. */
static void tessera_net_give_rx(struct tessera_net *tn, unsigned int i)
{
	struct net_buffer b = {
		.id = i,
		.offset = (u64)i * NET_RX_MAX,
		.length = NET_RX_MAX,
	};

	tessera_ring_push(&tn->rings[NET_RX_FREE], &b);
}

static netdev_tx_t tessera_net_xmit(struct sk_buff *skb,
				    struct net_device *ndev)
{
	struct tessera_net *tn = netdev_priv(ndev);
	struct net_buffer b = { .length = skb->len };
	unsigned long flags;
	unsigned int i;
	bool pushed;

	if (skb->len < NET_MIN_FRAME || skb->len > NET_MAX_FRAME) {
		ndev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	spin_lock_irqsave(&tn->tx_lock, flags);
	if (!tn->tx_nfree) {
		netif_stop_queue(ndev);
		spin_unlock_irqrestore(&tn->tx_lock, flags);
		return NETDEV_TX_BUSY;
	}
	i = tn->tx_free[--tn->tx_nfree];
	skb_copy_bits(skb, 0, tessera_net_buffer(tn, i), skb->len);
	b.id = i;
	b.offset = (u64)i * NET_RX_MAX;
	pushed = tessera_ring_push(&tn->rings[NET_TX], &b);
	if (!pushed)
		tn->tx_free[tn->tx_nfree++] = i;
	if (!tn->tx_nfree)
		netif_stop_queue(ndev);
	spin_unlock_irqrestore(&tn->tx_lock, flags);
	if (!pushed) {
		ndev->stats.tx_dropped++;
	} else {
		ndev->stats.tx_packets++;
		ndev->stats.tx_bytes += skb->len;
		tessera_channel_signal(tn->doorbell);
	}
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static void tessera_net_tx_done(struct tessera_net *tn)
{
	struct net_buffer b;
	unsigned long flags;

	spin_lock_irqsave(&tn->tx_lock, flags);
	while (tessera_ring_pop(&tn->rings[NET_TX_DONE], &b)) {
		if (b.id < TESSERA_NET_RX_BUFFERS || b.id >= TESSERA_NET_BUFFERS ||
		    tn->tx_nfree >= ARRAY_SIZE(tn->tx_free))
			continue;
		tn->tx_free[tn->tx_nfree++] = b.id;
	}
	if (tn->tx_nfree && netif_queue_stopped(tn->ndev))
		netif_wake_queue(tn->ndev);
	spin_unlock_irqrestore(&tn->tx_lock, flags);
}

static int tessera_net_poll(struct napi_struct *napi, int budget)
{
	struct tessera_net *tn = container_of(napi, struct tessera_net, napi);
	struct net_device *ndev = tn->ndev;
	struct net_buffer b;
	int done = 0;

	tessera_net_tx_done(tn);
	while (done < budget && tessera_ring_pop(&tn->rings[NET_RX], &b)) {
		struct sk_buff *skb;

		if (b.id >= TESSERA_NET_RX_BUFFERS)
			continue;
		done++;
		if (b.status != NET_OK || b.length < NET_MIN_FRAME ||
		    b.length > NET_RX_MAX) {
			ndev->stats.rx_errors++;
		} else {
			skb = napi_alloc_skb(napi, b.length);
			if (!skb) {
				ndev->stats.rx_dropped++;
			} else {
				skb_put_data(skb, tessera_net_buffer(tn, b.id),
					     b.length);
				skb->protocol = eth_type_trans(skb, ndev);
				ndev->stats.rx_packets++;
				ndev->stats.rx_bytes += b.length;
				napi_gro_receive(napi, skb);
			}
		}
		tessera_net_give_rx(tn, b.id);
	}
	if (done)
		tessera_channel_signal(tn->doorbell);	/* buffers given back */
	if (done < budget && napi_complete_done(napi, done) &&
	    (tessera_ring_count(&tn->rings[NET_RX]) ||
	     tessera_ring_count(&tn->rings[NET_TX_DONE])))
		napi_schedule(napi);
	return done;
}

/* The doorbell rang: buffers came back (interrupt context). */
static void tessera_net_notify(void *data)
{
	struct tessera_net *tn = data;

	napi_schedule(&tn->napi);
}

static int tessera_net_open(struct net_device *ndev)
{
	struct tessera_net *tn = netdev_priv(ndev);
	struct tessera_channel_msg m = { .label = NET_CALL_RESET };
	unsigned int i;
	int err;

	err = tessera_channel_call(tn->control, &m);
	if (err || m.label != NET_OK)
		return err ?: -EIO;
	tn->tx_nfree = 0;
	for (i = TESSERA_NET_RX_BUFFERS; i < TESSERA_NET_BUFFERS; i++)
		tn->tx_free[tn->tx_nfree++] = i;
	for (i = 0; i < TESSERA_NET_RX_BUFFERS; i++)
		tessera_net_give_rx(tn, i);
	napi_enable(&tn->napi);
	tessera_channel_signal(tn->doorbell);
	netif_start_queue(ndev);
	return 0;
}

static int tessera_net_stop(struct net_device *ndev)
{
	struct tessera_net *tn = netdev_priv(ndev);

	netif_stop_queue(ndev);
	napi_disable(&tn->napi);
	return 0;
}

static const struct net_device_ops tessera_net_ops = {
	.ndo_open = tessera_net_open,
	.ndo_stop = tessera_net_stop,
	.ndo_start_xmit = tessera_net_xmit,
	.ndo_validate_addr = eth_validate_addr,
};

static int __init tessera_net_init(void)
{
	struct tessera_channel_msg m = { .label = NET_CALL_INFO };
	resource_size_t ring_size = 0, data_size = 0;
	struct tessera_channel *control, *doorbell;
	struct net_device *ndev;
	struct tessera_net *tn;
	void *ring, *data;
	u8 mac[ETH_ALEN];
	int err, i;

	ring = tessera_region("net-ring", &ring_size);
	data = tessera_region("net-data", &data_size);
	if (!ring || !data)
		return 0;	/* no such device */
	if (ring_size < NET_RING_REGION || data_size < NET_DATA_REGION)
		return -EINVAL;
	control = tessera_channel_claim("net-control", true, NULL, NULL);
	if (!control)
		return 0;
	err = tessera_channel_call(control, &m);
	if (err || m.label != NET_OK || m.length < 3) {
		pr_info("tessera-net: no network device behind net-control\n");
		return 0;
	}
	for (i = 0; i < ETH_ALEN; i++)
		mac[i] = m.words[0] >> (8 * i);

	ndev = alloc_etherdev(sizeof(*tn));
	if (!ndev)
		return -ENOMEM;
	tn = netdev_priv(ndev);
	tn->ndev = ndev;
	tn->data = data;
	spin_lock_init(&tn->tx_lock);
	for (i = 0; i < 4; i++)
		tessera_ring_attach(&tn->rings[i], ring + i * NET_RING_PART,
				    NET_RING_PART, sizeof(struct net_buffer));
	doorbell = tessera_channel_claim("net-doorbell", false,
					 tessera_net_notify, tn);
	if (!doorbell) {
		free_netdev(ndev);
		return -ENODEV;
	}
	tn->control = control;
	tn->doorbell = doorbell;
	eth_hw_addr_set(ndev, mac);
	ndev->netdev_ops = &tessera_net_ops;
	ndev->min_mtu = ETH_MIN_MTU;
	ndev->max_mtu = NET_MAX_FRAME - ETH_HLEN;
	netif_napi_add(ndev, &tn->napi, tessera_net_poll);
	err = register_netdev(ndev);
	if (err) {
		free_netdev(ndev);
		return err;
	}
	netdev_info(ndev, "Tessera network device, MAC %pM\n", mac);
	return 0;
}
device_initcall(tessera_net_init);
