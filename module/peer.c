// SPDX-License-Identifier: GPL-2.0
/*
 * Peers: the remote ends of a link, one per MAC address, with the timer
 * that drives their retransmissions, timeouts and rekeys.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <linux/etherdevice.h>
#include <linux/jhash.h>
#include <linux/slab.h>

#include "linkauth.h"

static u32 peer_hash(const u8 *mac)
{
	return jhash(mac, ETH_ALEN, 0);
}

/* Must hold the namespace lock. */
struct linkauth_peer *linkauth_peer_find(struct linkauth_link *link,
					 const u8 *mac)
{
	struct linkauth_peer *peer;

	lockdep_assert_held(&link->ln->lock);
	hash_for_each_possible(link->peers, peer, node, peer_hash(mac))
		if (ether_addr_equal(peer->mac, mac))
			return peer;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_peer_find);

struct linkauth_peer *linkauth_peer_lookup_rcu(struct linkauth_link *link,
					       const u8 *mac)
{
	struct linkauth_peer *peer;

	hash_for_each_possible_rcu(link->peers, peer, node, peer_hash(mac))
		if (ether_addr_equal(peer->mac, mac))
			return peer;
	return NULL;
}

static void peer_timer_work(struct work_struct *work)
{
	struct linkauth_peer *peer = container_of(to_delayed_work(work),
						  struct linkauth_peer, timer);
	struct linkauth_net *ln = peer->ln;

	mutex_lock(&ln->lock);
	if (!peer->dead)
		linkauth_hs_timer(peer);
	mutex_unlock(&ln->lock);
	linkauth_peer_put(peer);
}

/* Must hold the namespace lock.  Returns NULL when the table is full. */
struct linkauth_peer *linkauth_peer_create(struct linkauth_link *link,
					   const u8 *mac)
{
	struct linkauth_peer *peer;

	lockdep_assert_held(&link->ln->lock);
	if (link->n_peers >= LINKAUTH_PEERS_MAX)
		return ERR_PTR(-ENOSPC);

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);
	kref_init(&peer->refcount);
	peer->ln = link->ln;
	peer->link = link;
	ether_addr_copy(peer->mac, mac);
	peer->idle_at = jiffies;
	INIT_DELAYED_WORK(&peer->timer, peer_timer_work);
	hash_add_rcu(link->peers, &peer->node, peer_hash(mac));
	link->n_peers++;
	netdev_dbg(link->dev, "peer %pM created\n", mac);
	return peer;
}

static void peer_release(struct kref *ref)
{
	struct linkauth_peer *peer = container_of(ref, struct linkauth_peer,
						  refcount);

	linkauth_hs_free(peer->hs);
	memzero_explicit(&peer->session, sizeof(peer->session));
	kfree_rcu(peer, rcu);
}

void linkauth_peer_put(struct linkauth_peer *peer)
{
	kref_put(&peer->refcount, peer_release);
}

/*
 * Schedule the peer's timer to run at @when (jiffies), replacing the time
 * set before.  Must hold the namespace lock.
 */
void linkauth_peer_arm(struct linkauth_peer *peer, unsigned long when)
{
	unsigned long delay = time_after(when, jiffies) ? when - jiffies : 0;

	lockdep_assert_held(&peer->ln->lock);
	if (peer->dead)
		return;
	/* A queued timer holds a reference, taken only when newly queued. */
	kref_get(&peer->refcount);
	if (!queue_delayed_work(linkauth_wq, &peer->timer, delay)) {
		mod_delayed_work(linkauth_wq, &peer->timer, delay);
		linkauth_peer_put(peer);
	}
}

/*
 * Unlink a peer and send @event (0 for none) to listeners.  The memory
 * goes when the last reference does.  Must hold the namespace lock.
 */
void linkauth_peer_remove(struct linkauth_peer *peer, u8 event)
{
	struct linkauth_link *link = peer->link;

	lockdep_assert_held(&peer->ln->lock);
	if (event)
		linkauth_genl_event(peer, event);
	peer->dead = true;
	hash_del_rcu(&peer->node);
	link->n_peers--;
	netdev_dbg(link->dev, "peer %pM destroyed\n", peer->mac);
	if (cancel_delayed_work(&peer->timer))
		linkauth_peer_put(peer);
	linkauth_peer_put(peer);
}
