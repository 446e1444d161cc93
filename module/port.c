// SPDX-License-Identifier: GPL-2.0
/*
 * Port control: while a link's policy has LINKAUTH_POLICY_PORT_CONTROL,
 * frames from a source that has not authenticated are dropped on ingress,
 * except linkauth's own handshake frames.  A netfilter ingress hook runs
 * before any rx_handler, so it also guards a macsec device stacked on the
 * link, and it leaves the rx_handler slot free for macsec or a bridge.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_netdev.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "linkauth.h"

static unsigned int port_hook(void *priv, struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	struct linkauth_link *link = priv;
	struct linkauth_peer *peer;
	bool open;

	if (skb->protocol == htons(linkauth_ethertype) ||
	    !skb_mac_header_was_set(skb))
		return NF_ACCEPT;

	rcu_read_lock();
	peer = linkauth_peer_lookup_rcu(link, eth_hdr(skb)->h_source);
	open = peer && READ_ONCE(peer->authenticated);
	rcu_read_unlock();
	if (open)
		return NF_ACCEPT;

	atomic64_inc(&link->stats.rx_drop_port);
	return NF_DROP;
}

/*
 * Open or close the gate according to the link's policy.  The hook
 * references the link, so linkauth_link_destroy() closes it first.
 * Must hold RTNL and the namespace lock.
 */
int linkauth_port_update(struct linkauth_link *link)
{
	bool want = link->enabled && (link->policy &
				      LINKAUTH_POLICY_PORT_CONTROL);
	struct nf_hook_ops *ops;
	int ret;

	ASSERT_RTNL();
	if (want == !!link->port_hook)
		return 0;

	if (!want) {
		nf_unregister_net_hook(dev_net(link->dev), link->port_hook);
		kfree(link->port_hook);
		link->port_hook = NULL;
		netdev_dbg(link->dev, "port control off\n");
		return 0;
	}

	ops = kzalloc(sizeof(*ops), GFP_KERNEL);
	if (!ops)
		return -ENOMEM;
	ops->hook = port_hook;
	ops->dev = link->dev;
	ops->priv = link;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_INGRESS;
	ops->priority = INT_MIN;
	ret = nf_register_net_hook(dev_net(link->dev), ops);
	if (ret) {
		kfree(ops);
		return ret;
	}
	link->port_hook = ops;
	netdev_dbg(link->dev, "port control on\n");
	return 0;
}
