// SPDX-License-Identifier: GPL-2.0
/*
 * Module init and exit, per-namespace state, and net_device events.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "linkauth.h"

unsigned int linkauth_net_id __read_mostly;
struct workqueue_struct *linkauth_wq __read_mostly;

u16 linkauth_ethertype __read_mostly = LINKAUTH_ETHERTYPE;
module_param_named(ethertype, linkauth_ethertype, ushort, 0444);
MODULE_PARM_DESC(ethertype, "EtherType of handshake frames (default 0x88B5)");

unsigned int linkauth_hs_timeout_ms __read_mostly = 10000;
EXPORT_SYMBOL_IF_KUNIT(linkauth_hs_timeout_ms);
module_param_named(handshake_timeout_ms, linkauth_hs_timeout_ms, uint, 0644);
MODULE_PARM_DESC(handshake_timeout_ms,
		 "Milliseconds a handshake may take, retries included");

struct linkauth_net *linkauth_net_get(const struct net *net)
{
	return net_generic(net, linkauth_net_id);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_net_get);

static int __net_init linkauth_net_init(struct net *net)
{
	struct linkauth_net *ln = linkauth_net_get(net);
	int ret;

	ln->net = net;
	mutex_init(&ln->lock);
	hash_init(ln->links);
	skb_queue_head_init(&ln->rxq);
	INIT_WORK(&ln->rx_work, linkauth_rx_work);

	ret = linkauth_trust_init(&ln->trust, ".linkauth_ca");
	if (ret)
		return ret;
	pr_debug("namespace %u created\n", net->ns.inum);
	return 0;
}

static void __net_exit linkauth_net_exit(struct net *net)
{
	struct linkauth_net *ln = linkauth_net_get(net);
	struct linkauth_link *link;
	struct hlist_node *tmp;
	int bkt;

	mutex_lock(&ln->lock);
	WRITE_ONCE(ln->dying, true);
	mutex_unlock(&ln->lock);

	/* No new frames are queued once dying is set. */
	cancel_work_sync(&ln->rx_work);
	skb_queue_purge(&ln->rxq);

	rtnl_lock();
	mutex_lock(&ln->lock);
	hash_for_each_safe(ln->links, bkt, tmp, link, node)
		linkauth_link_destroy(link);
	mutex_unlock(&ln->lock);
	rtnl_unlock();

	/* Timers of removed peers may still wait for the lock. */
	flush_workqueue(linkauth_wq);
	linkauth_trust_destroy(&ln->trust);
	pr_debug("namespace %u destroyed\n", net->ns.inum);
}

static struct pernet_operations linkauth_net_ops = {
	.init = linkauth_net_init,
	.exit = linkauth_net_exit,
	.id = &linkauth_net_id,
	.size = sizeof(struct linkauth_net),
};

static void linkauth_dev_up(struct linkauth_link *link)
{
	if (link->enabled && link->auto_start && link->id)
		linkauth_hs_start(link, NULL);
}

static int linkauth_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct linkauth_net *ln = linkauth_net_get(dev_net(dev));
	struct linkauth_link *link;

	if (event != NETDEV_UNREGISTER && event != NETDEV_DOWN &&
	    event != NETDEV_UP && event != NETDEV_CHANGEADDR)
		return NOTIFY_DONE;

	mutex_lock(&ln->lock);
	link = linkauth_link_find(ln, dev->ifindex);
	if (!link || link->dev != dev)
		goto out;

	switch (event) {
	case NETDEV_UNREGISTER:
		/* The device reference is released before unregister ends. */
		linkauth_link_destroy(link);
		break;
	case NETDEV_DOWN:
	case NETDEV_CHANGEADDR:
		/* Sessions were bound to the old carrier or address. */
		linkauth_hs_deauth_all(link, LINKAUTH_CMD_EV_PEER_LOST);
		break;
	case NETDEV_UP:
		linkauth_dev_up(link);
		break;
	}
out:
	mutex_unlock(&ln->lock);
	return NOTIFY_DONE;
}

static struct notifier_block linkauth_netdev_notifier = {
	.notifier_call = linkauth_netdev_event,
};

static int __init linkauth_init(void)
{
	int ret;

	linkauth_wq = alloc_workqueue("linkauth", 0, 0);
	if (!linkauth_wq)
		return -ENOMEM;
	ret = register_pernet_subsys(&linkauth_net_ops);
	if (ret)
		goto err_wq;
	ret = register_netdevice_notifier(&linkauth_netdev_notifier);
	if (ret)
		goto err_pernet;
	ret = linkauth_genl_init();
	if (ret)
		goto err_notifier;
	ret = linkauth_rx_init();
	if (ret)
		goto err_genl;

	pr_info("loaded, EtherType 0x%04x\n", linkauth_ethertype);
	return 0;

err_genl:
	linkauth_genl_exit();
err_notifier:
	unregister_netdevice_notifier(&linkauth_netdev_notifier);
err_pernet:
	unregister_pernet_subsys(&linkauth_net_ops);
err_wq:
	destroy_workqueue(linkauth_wq);
	return ret;
}

static void __exit linkauth_exit(void)
{
	linkauth_rx_exit();
	linkauth_genl_exit();
	unregister_netdevice_notifier(&linkauth_netdev_notifier);
	unregister_pernet_subsys(&linkauth_net_ops);
	destroy_workqueue(linkauth_wq);
}

module_init(linkauth_init);
module_exit(linkauth_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Link-layer mutual authentication with X.509 certificates");
MODULE_AUTHOR("linkauth developers");
MODULE_SOFTDEP("pre: pkcs8_key_parser");
