// SPDX-License-Identifier: GPL-2.0
/*
 * Transmission of handshake messages, split into frames that fit the MTU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "linkauth.h"

static int send_frame(struct linkauth_link *link, const u8 *dst,
		      const struct linkauth_frame_hdr *hdr, const u8 *payload)
{
	struct net_device *dev = link->dev;
	size_t frag_len = ntohs(hdr->frag_len);
	int hlen = LL_RESERVED_SPACE(dev);
	int tlen = dev->needed_tailroom;
	struct sk_buff *skb;
	int ret;

	skb = alloc_skb(hlen + sizeof(*hdr) + frag_len + tlen, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, hlen);
	skb_reset_network_header(skb);
	skb_put_data(skb, hdr, sizeof(*hdr));
	skb_put_data(skb, payload, frag_len);
	skb->dev = dev;
	skb->protocol = htons(linkauth_ethertype);
	skb->priority = TC_PRIO_CONTROL;

	ret = dev_hard_header(skb, dev, linkauth_ethertype, dst, NULL,
			      skb->len);
	if (ret < 0) {
		kfree_skb(skb);
		return -EINVAL;
	}
	ret = dev_queue_xmit(skb);
	if (ret == NET_XMIT_SUCCESS || ret == NET_XMIT_CN)
		atomic64_inc(&link->stats.tx_frames);
	return net_xmit_errno(ret);
}

/*
 * Send one message body as frames of at most the device MTU.  Losing a
 * frame is not an error here: the initiator's retransmission covers it.
 * Must hold the namespace lock.
 */
int linkauth_send_msg(struct linkauth_link *link, const u8 *dst, u8 type,
		      u32 session, const u8 *body, size_t len)
{
	size_t room = link->dev->mtu - sizeof(struct linkauth_frame_hdr);
	struct linkauth_frame_hdr hdr = {
		.version = LINKAUTH_PROTO_VERSION,
		.type = type,
		.msg_len = htons(len),
		.session = htonl(session),
	};
	size_t off, chunk;
	int ret = 0;

	lockdep_assert_held(&link->ln->lock);
	if (link->dev->mtu < 576 || len > LINKAUTH_MSG_MAX || !len)
		return -EMSGSIZE;

	for (off = 0; off < len; off += chunk) {
		chunk = min(room, len - off);
		hdr.frag_off = htons(off);
		hdr.frag_len = htons(chunk);
		ret = send_frame(link, dst, &hdr, body + off);
		if (ret && ret != -ENOBUFS)
			break;
	}
	return ret;
}
