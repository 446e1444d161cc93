// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of whole handshakes between two endpoints in one kernel.
 *
 * Two test Ethernet devices are wired back to back: what one transmits,
 * the other receives through netif_rx(), so frames take the module's real
 * receive path, queue and worker.  The certificates and keys come from
 * kunit/certs/gen-certs.sh (openssl at build time): endpoint A is "dev
 * one" (52:54:00:12:34:56, issued by the test CA) and endpoint B is "dev
 * two" (52:54:00:12:34:57, issued by an intermediate of the test CA).
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/etherdevice.h>
#include <linux/key.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include "linkauth.h"
#include "certs.h"

#define WAIT_MS		20000	/* a handshake needs well under 1 s */

struct wire_end {
	struct net_device *peer;
	atomic_t drop;			/* frames still to be lost */
	atomic_t sent;
};

struct hs_test {
	struct net_device *dev[2];
	struct linkauth_link *link[2];
	struct linkauth_net *ln;
	u8 ca_id[SHA256_DIGEST_SIZE];
};

static const u8 mac_a[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const u8 mac_b[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };

/* Deliver each frame to the other end unless it is to be lost. */
static netdev_tx_t wire_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct wire_end *end = netdev_priv(dev);
	struct net_device *peer = READ_ONCE(end->peer);

	atomic_inc(&end->sent);
	if (!peer || atomic_dec_if_positive(&end->drop) >= 0) {
		dev_kfree_skb(skb);
		return NETDEV_TX_OK;
	}
	skb_orphan(skb);
	skb_scrub_packet(skb, true);
	skb->protocol = eth_type_trans(skb, peer);
	netif_rx(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops wire_ops = {
	.ndo_start_xmit = wire_xmit,
};

static struct net_device *wire_dev_create(struct kunit *test, const u8 *mac)
{
	struct net_device *dev;

	dev = alloc_etherdev(sizeof(struct wire_end));
	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->netdev_ops = &wire_ops;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_set(dev, mac);
	strscpy(dev->name, "lat%d", IFNAMSIZ);
	KUNIT_ASSERT_EQ(test, register_netdev(dev), 0);
	return dev;
}

/* Give endpoint @i the certificate chain @certs and the key @key. */
static void identity_set(struct kunit *test, struct linkauth_link *link,
			 const u8 *const *certs, const u16 *lens, int n,
			 const u8 *key, size_t key_len)
{
	struct linkauth_identity *id;
	struct key *leaf;
	int i;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, id);
	for (i = 0; i < n; i++) {
		id->certs[i] = kmemdup(certs[i], lens[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, id->certs[i]);
		id->lens[i] = lens[i];
	}
	id->n_certs = n;
	KUNIT_ASSERT_EQ(test, linkauth_chain_verify(&link->ln->trust, certs,
						    lens, n,
						    ktime_get_real_seconds(),
						    &id->info, &leaf), 0);
	key_put(leaf);
	id->key = linkauth_privkey_load(&link->ln->trust, key, key_len, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(id->key));
	link->id = id;
	link->enabled = true;
}

static int hs_test_init(struct kunit *test)
{
	const u8 *chain_a[] = { leaf_der };
	const u16 lens_a[] = { sizeof(leaf_der) };
	const u8 *chain_b[] = { leaf_inter_der, inter_der };
	const u16 lens_b[] = { sizeof(leaf_inter_der), sizeof(inter_der) };
	struct hs_test *t;
	struct wire_end *end;
	int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	t->ln = linkauth_net_get(&init_net);
	KUNIT_ASSERT_EQ(test, linkauth_trust_add(&t->ln->trust, ca_der,
						 sizeof(ca_der), t->ca_id,
						 NULL), 0);

	t->dev[0] = wire_dev_create(test, mac_a);
	t->dev[1] = wire_dev_create(test, mac_b);
	for (i = 0; i < 2; i++) {
		end = netdev_priv(t->dev[i]);
		WRITE_ONCE(end->peer, t->dev[!i]);
	}

	/* dev_open() runs the module's notifier, which takes ln->lock. */
	rtnl_lock();
	for (i = 0; i < 2; i++)
		dev_open(t->dev[i], NULL);
	mutex_lock(&t->ln->lock);
	for (i = 0; i < 2; i++) {
		t->link[i] = linkauth_link_get_or_create(t->ln, t->dev[i]);
		KUNIT_EXPECT_FALSE(test, IS_ERR(t->link[i]));
	}
	if (!IS_ERR(t->link[0]) && !IS_ERR(t->link[1])) {
		identity_set(test, t->link[0], chain_a, lens_a, 1,
			     leaf_key_der, sizeof(leaf_key_der));
		identity_set(test, t->link[1], chain_b, lens_b, 2,
			     leaf_inter_key_der, sizeof(leaf_inter_key_der));
	}
	mutex_unlock(&t->ln->lock);
	rtnl_unlock();
	return 0;
}

static void hs_test_exit(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct wire_end *end;
	int i;

	/* Unregistering a device destroys its link and peers. */
	for (i = 0; i < 2; i++) {
		if (!t->dev[i])
			continue;
		end = netdev_priv(t->dev[i]);
		WRITE_ONCE(end->peer, NULL);
	}
	for (i = 0; i < 2; i++) {
		if (!t->dev[i])
			continue;
		unregister_netdev(t->dev[i]);
		free_netdev(t->dev[i]);
	}
	linkauth_trust_del(&t->ln->trust, t->ca_id);
}

/* Copy endpoint @i's state of the peer @mac.  False if it has none. */
static bool peer_snapshot(struct hs_test *t, int i, const u8 *mac,
			  struct linkauth_peer *out)
{
	struct linkauth_peer *peer;

	mutex_lock(&t->ln->lock);
	peer = linkauth_peer_find(t->link[i], mac);
	if (peer)
		*out = *peer;
	mutex_unlock(&t->ln->lock);
	return peer;
}

/*
 * Wait until endpoint @i's peer @mac is authenticated or has failed, and
 * return a copy of it, or NULL after WAIT_MS.
 */
static struct linkauth_peer *wait_settled(struct kunit *test, int i,
					  const u8 *mac)
{
	struct hs_test *t = test->priv;
	struct linkauth_peer *out;
	int ms;

	out = kunit_kzalloc(test, sizeof(*out), GFP_KERNEL);
	if (!out)
		return NULL;
	for (ms = 0; ms < WAIT_MS; ms += 20) {
		if (peer_snapshot(t, i, mac, out) &&
		    (out->state == LINKAUTH_PEER_AUTHENTICATED ||
		     out->state == LINKAUTH_PEER_FAILED))
			return out;
		msleep(20);
	}
	return NULL;
}

static int start(struct hs_test *t, int i, const u8 *mac)
{
	int ret;

	mutex_lock(&t->ln->lock);
	ret = linkauth_hs_start(t->link[i], mac);
	mutex_unlock(&t->ln->lock);
	return ret;
}

static void expect_same_session(struct kunit *test, struct linkauth_peer *a,
				struct linkauth_peer *b)
{
	KUNIT_EXPECT_TRUE(test, a->authenticated);
	KUNIT_EXPECT_TRUE(test, b->authenticated);
	KUNIT_EXPECT_EQ(test, a->session.suite, b->session.suite);
	KUNIT_EXPECT_EQ(test, a->session.sak_len, b->session.sak_len);
	KUNIT_EXPECT_MEMEQ(test, a->session.sak, b->session.sak,
			   a->session.sak_len);
	KUNIT_EXPECT_MEMEQ(test, a->session.salt, b->session.salt,
			   LINKAUTH_SALT_LEN);
	KUNIT_EXPECT_MEMEQ(test, a->session.key_id, b->session.key_id,
			   LINKAUTH_KEY_ID_LEN);
	KUNIT_EXPECT_EQ(test, a->session.ssci + b->session.ssci, 3U);
}

static void hs_start_authenticates_both(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct linkauth_peer *a, *b;

	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	a = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = wait_settled(test, 1, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, a->state, LINKAUTH_PEER_AUTHENTICATED);
	KUNIT_EXPECT_EQ(test, b->state, LINKAUTH_PEER_AUTHENTICATED);
	KUNIT_EXPECT_STREQ(test, a->info.subject,
			   "CN=dev two,serialNumber=52:54:00:12:34:57");
	KUNIT_EXPECT_STREQ(test, b->info.subject,
			   "CN=dev one,serialNumber=52:54:00:12:34:56");
	expect_same_session(test, a, b);
	KUNIT_EXPECT_EQ(test, a->session.suite, LINKAUTH_SUITE_GCM_AES_128);
	KUNIT_EXPECT_EQ(test, a->session.group, LINKAUTH_GROUP_X25519);
}

static void hs_start_discovery(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct linkauth_peer *a, *b;

	KUNIT_ASSERT_EQ(test, start(t, 0, NULL), 0);
	a = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = wait_settled(test, 1, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	expect_same_session(test, a, b);
}

/* Both ends start at once: the lower MAC (A) ends up as initiator. */
static void hs_start_simultaneous(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct linkauth_peer *a, *b;

	KUNIT_ASSERT_EQ(test, start(t, 1, mac_a), 0);
	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	a = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = wait_settled(test, 1, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	expect_same_session(test, a, b);
	KUNIT_EXPECT_EQ(test, a->role, 1);
	KUNIT_EXPECT_EQ(test, b->role, 2);
}

/* Lost frames are recovered by retransmission. */
static void hs_start_lossy_link(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct wire_end *end_a = netdev_priv(t->dev[0]);
	struct wire_end *end_b = netdev_priv(t->dev[1]);
	struct linkauth_peer *a, *b;

	atomic_set(&end_a->drop, 1);	/* the first HELLO */
	atomic_set(&end_b->drop, 1);	/* the first RESPONSE fragment */
	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	a = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = wait_settled(test, 1, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	expect_same_session(test, a, b);
	KUNIT_EXPECT_GT(test, atomic_read(&end_a->sent), 3);
}

/* A rekey replaces the keys and counts a generation. */
static void hs_start_rekey(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct linkauth_peer *a1, *a2, *b2;

	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	a1 = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a1);
	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	msleep(50);
	a2 = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a2);
	b2 = wait_settled(test, 1, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, b2);
	KUNIT_EXPECT_EQ(test, a2->session.generation,
			a1->session.generation + 1);
	KUNIT_EXPECT_MEMNEQ(test, a1->session.sak, a2->session.sak,
			    a1->session.sak_len);
	expect_same_session(test, a2, b2);
}

/* Without the CA the initiator cannot verify the responder's chain. */
static void hs_start_unknown_ca(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct linkauth_peer *a;

	KUNIT_ASSERT_EQ(test, linkauth_trust_del(&t->ln->trust, t->ca_id), 0);
	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	a = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, a->state, LINKAUTH_PEER_FAILED);
	KUNIT_EXPECT_EQ(test, a->last_error, LINKAUTH_ERR_UNKNOWN_CA);
	KUNIT_EXPECT_FALSE(test, a->authenticated);
}

/* A handshake with a peer that never replies times out. */
static void hs_start_timeout(struct kunit *test)
{
	struct hs_test *t = test->priv;
	struct wire_end *end_a = netdev_priv(t->dev[0]);
	unsigned int saved = linkauth_hs_timeout_ms;
	struct linkauth_peer *a;

	linkauth_hs_timeout_ms = 1500;
	atomic_set(&end_a->drop, INT_MAX);
	KUNIT_ASSERT_EQ(test, start(t, 0, mac_b), 0);
	linkauth_hs_timeout_ms = saved;
	a = wait_settled(test, 0, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, a->state, LINKAUTH_PEER_FAILED);
	KUNIT_EXPECT_EQ(test, a->last_error, LINKAUTH_ERR_TIMEOUT);
}

static struct kunit_case hs_test_cases[] = {
	KUNIT_CASE_SLOW(hs_start_authenticates_both),
	KUNIT_CASE_SLOW(hs_start_discovery),
	KUNIT_CASE_SLOW(hs_start_simultaneous),
	KUNIT_CASE_SLOW(hs_start_lossy_link),
	KUNIT_CASE_SLOW(hs_start_rekey),
	KUNIT_CASE_SLOW(hs_start_unknown_ca),
	KUNIT_CASE_SLOW(hs_start_timeout),
	{}
};

static struct kunit_suite hs_test_suite = {
	.name = "linkauth_handshake",
	.init = hs_test_init,
	.exit = hs_test_exit,
	.test_cases = hs_test_cases,
};

kunit_test_suite(hs_test_suite);
