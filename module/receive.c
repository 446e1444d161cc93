// SPDX-License-Identifier: GPL-2.0
/*
 * Reception: frames of linkauth's EtherType are checked and queued in
 * softirq context, then handled one at a time in process context, where
 * the handshake may sleep for signatures and key agreement.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "linkauth.h"

/* Queued frames hold no device reference, so they carry the ifindex. */
struct linkauth_skb_cb {
	int ifindex;
};

#define LINKAUTH_SKB_CB(skb) ((struct linkauth_skb_cb *)(skb)->cb)

static int linkauth_rcv(struct sk_buff *skb, struct net_device *dev,
			struct packet_type *pt, struct net_device *orig_dev)
{
	struct linkauth_net *ln = linkauth_net_get(dev_net(dev));
	struct linkauth_link *link;

	if (skb->pkt_type == PACKET_OTHERHOST ||
	    skb->pkt_type == PACKET_OUTGOING)
		goto drop;

	rcu_read_lock();
	link = linkauth_link_lookup_rcu(ln, dev->ifindex);
	if (!link || !link->enabled || READ_ONCE(ln->dying)) {
		rcu_read_unlock();
		goto drop;
	}
	atomic64_inc(&link->stats.rx_frames);

	/* Bound the work a flood of frames can cause. */
	if (skb_queue_len(&ln->rxq) >= LINKAUTH_RXQ_MAX) {
		atomic64_inc(&link->stats.rx_drop_queue_full);
		rcu_read_unlock();
		goto drop;
	}
	rcu_read_unlock();

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (!skb)
		return NET_RX_DROP;
	LINKAUTH_SKB_CB(skb)->ifindex = dev->ifindex;
	skb->dev = NULL;
	skb_queue_tail(&ln->rxq, skb);
	queue_work(linkauth_wq, &ln->rx_work);
	return NET_RX_SUCCESS;

drop:
	kfree_skb(skb);
	return NET_RX_DROP;
}

static struct packet_type linkauth_packet_type __read_mostly = {
	.func = linkauth_rcv,
};

/* Must hold the namespace lock. */
static void rx_one(struct linkauth_net *ln, struct sk_buff *skb)
{
	const struct linkauth_frame_hdr *hdr;
	struct linkauth_link *link;
	const u8 *src;
	int ret;

	link = linkauth_link_find(ln, LINKAUTH_SKB_CB(skb)->ifindex);
	if (!link || !link->enabled)
		return;

	if (skb_linearize(skb) || !pskb_may_pull(skb, sizeof(*hdr)))
		goto malformed;
	hdr = (const struct linkauth_frame_hdr *)skb->data;
	ret = linkauth_frame_hdr_check(hdr, skb->len - sizeof(*hdr));
	if (ret)
		goto malformed;

	src = eth_hdr(skb)->h_source;
	if (!is_valid_ether_addr(src))
		goto malformed;
	linkauth_hs_receive(link, src, hdr, skb->data + sizeof(*hdr));
	return;

malformed:
	atomic64_inc(&link->stats.rx_drop_malformed);
	net_dbg_ratelimited("%s: malformed frame header dropped\n",
			    link->dev->name);
}

void linkauth_rx_work(struct work_struct *work)
{
	struct linkauth_net *ln = container_of(work, struct linkauth_net,
					       rx_work);
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&ln->rxq))) {
		mutex_lock(&ln->lock);
		if (!ln->dying)
			rx_one(ln, skb);
		mutex_unlock(&ln->lock);
		kfree_skb(skb);
		cond_resched();
	}
}

int linkauth_rx_init(void)
{
	linkauth_packet_type.type = htons(linkauth_ethertype);
	dev_add_pack(&linkauth_packet_type);
	return 0;
}

void linkauth_rx_exit(void)
{
	/* dev_remove_pack() waits for receivers still in the handler. */
	dev_remove_pack(&linkauth_packet_type);
}
