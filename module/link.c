// SPDX-License-Identifier: GPL-2.0
/*
 * Links: the net_devices on which linkauth is configured.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/key.h>

#include "linkauth.h"

struct linkauth_link *linkauth_link_lookup_rcu(struct linkauth_net *ln,
					       int ifindex)
{
	struct linkauth_link *link;

	hash_for_each_possible_rcu(ln->links, link, node, ifindex)
		if (link->ifindex == ifindex)
			return link;
	return NULL;
}

/* Must hold ln->lock. */
struct linkauth_link *linkauth_link_find(struct linkauth_net *ln, int ifindex)
{
	struct linkauth_link *link;

	lockdep_assert_held(&ln->lock);
	hash_for_each_possible(ln->links, link, node, ifindex)
		if (link->ifindex == ifindex)
			return link;
	return NULL;
}

/* Must hold ln->lock and RTNL, so that @dev cannot be unregistered. */
struct linkauth_link *linkauth_link_get_or_create(struct linkauth_net *ln,
						  struct net_device *dev)
{
	struct linkauth_link *link;

	lockdep_assert_held(&ln->lock);
	ASSERT_RTNL();

	link = linkauth_link_find(ln, dev->ifindex);
	if (link)
		return link;
	if (dev->type != ARPHRD_ETHER || dev->reg_state != NETREG_REGISTERED)
		return ERR_PTR(-EOPNOTSUPP);

	link = kzalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return ERR_PTR(-ENOMEM);
	link->ln = ln;
	link->dev = dev;
	link->ifindex = dev->ifindex;
	link->suites = BIT(__LINKAUTH_SUITE_MAX) - 1;
	link->groups = BIT(__LINKAUTH_GROUP_MAX) - 1;
	link->policy = LINKAUTH_POLICY_MUTUAL;
	link->rekey_sec = 3600;
	hash_init(link->peers);
	netdev_hold(dev, &link->dev_tracker, GFP_KERNEL);
	hash_add_rcu(ln->links, &link->node, link->ifindex);
	netdev_dbg(dev, "link created\n");
	return link;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_link_get_or_create);

void linkauth_link_identity_free(struct linkauth_identity *id)
{
	int i;

	if (!id)
		return;
	for (i = 0; i < id->n_certs; i++)
		kfree(id->certs[i]);
	if (id->key) {
		key_revoke(id->key);
		key_put(id->key);
	}
	kfree(id);
}

/* Must hold RTNL and ln->lock. */
void linkauth_link_destroy(struct linkauth_link *link)
{
	lockdep_assert_held(&link->ln->lock);

	link->enabled = false;
	linkauth_port_update(link);
	if (link->mc_joined)
		dev_mc_del(link->dev, linkauth_discovery_addr);
	linkauth_hs_deauth_all(link, LINKAUTH_CMD_EV_PEER_LOST);
	hash_del_rcu(&link->node);
	linkauth_link_identity_free(link->id);
	link->id = NULL;
	netdev_dbg(link->dev, "link destroyed\n");
	netdev_put(link->dev, &link->dev_tracker);
	kfree_rcu(link, rcu);
}

/*
 * Copy the address a certificate of this link must name: the permanent
 * address where the NIC has one, else the current one (veth, macsec).
 */
void linkauth_link_local_mac(const struct linkauth_link *link,
			     u8 mac[ETH_ALEN])
{
	const struct net_device *dev = link->dev;

	if (is_valid_ether_addr(dev->perm_addr))
		ether_addr_copy(mac, dev->perm_addr);
	else
		ether_addr_copy(mac, dev->dev_addr);
}
