// SPDX-License-Identifier: GPL-2.0
/*
 * The "linkauth" generic netlink family.  include/uapi/linux/linkauth.h
 * documents every command and attribute.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/key.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "linkauth.h"

/* One certificate or key; the handshake's message limit is the same. */
#define DER_MAX		LINKAUTH_MSG_MAX

static struct genl_family linkauth_family;

enum { LINKAUTH_MCGRP_EVENTS_ID };

static const struct genl_multicast_group linkauth_mcgrps[] = {
	[LINKAUTH_MCGRP_EVENTS_ID] = { .name = LINKAUTH_MCGRP_EVENTS },
};

/*
 * Certificate bytes a RESPONSE or FINISH can carry: the rest of the
 * message (TLV headers, nonce, offer, key share, a 4096-bit signature,
 * confirmation) takes under 1 KiB.
 */
#define CHAIN_BYTES_MAX	(LINKAUTH_MSG_MAX - 1024)

/* Seconds between rekeys: 0 turns rekeying off. */
#define REKEY_MIN_SEC	10
#define REKEY_MAX_SEC	(7 * 86400)

static const struct nla_policy linkauth_policy[LINKAUTH_A_MAX + 1] = {
	[LINKAUTH_A_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[LINKAUTH_A_IFNAME] = { .type = NLA_REJECT },
	[LINKAUTH_A_CA_CERT] = { .type = NLA_BINARY, .len = DER_MAX },
	[LINKAUTH_A_CA_ID] = NLA_POLICY_EXACT_LEN(SHA256_DIGEST_SIZE),
	[LINKAUTH_A_CA_SUBJECT] = { .type = NLA_REJECT },
	[LINKAUTH_A_CA_NOT_AFTER] = { .type = NLA_REJECT },
	[LINKAUTH_A_ID_CERT] = { .type = NLA_BINARY, .len = DER_MAX },
	[LINKAUTH_A_ID_KEY] = { .type = NLA_BINARY, .len = DER_MAX },
	[LINKAUTH_A_ID_SUBJECT] = { .type = NLA_REJECT },
	[LINKAUTH_A_ID_MAC] = { .type = NLA_REJECT },
	[LINKAUTH_A_ID_NOT_AFTER] = { .type = NLA_REJECT },
	[LINKAUTH_A_ID_KEY_SERIAL] = { .type = NLA_REJECT },
	[LINKAUTH_A_LINK_ENABLED] = NLA_POLICY_MAX(NLA_U8, 1),
	[LINKAUTH_A_LINK_SUITES] =
		NLA_POLICY_MASK(NLA_U32, BIT(__LINKAUTH_SUITE_MAX) - 1),
	[LINKAUTH_A_LINK_GROUPS] =
		NLA_POLICY_MASK(NLA_U32, BIT(__LINKAUTH_GROUP_MAX) - 1),
	[LINKAUTH_A_LINK_POLICY] = NLA_POLICY_MASK(NLA_U32,
						   LINKAUTH_POLICY_MUTUAL |
						   LINKAUTH_POLICY_ENCRYPT |
						   LINKAUTH_POLICY_PORT_CONTROL),
	[LINKAUTH_A_LINK_REKEY_SEC] = { .type = NLA_U32 },
	[LINKAUTH_A_LINK_AUTO] = NLA_POLICY_MAX(NLA_U8, 1),
	[LINKAUTH_A_LINK_STATS] = { .type = NLA_REJECT },
	[LINKAUTH_A_PEER_MAC] = NLA_POLICY_ETH_ADDR,
	[LINKAUTH_A_PEER] = { .type = NLA_REJECT },
};

static struct linkauth_net *info_ln(struct genl_info *info)
{
	return linkauth_net_get(genl_info_net(info));
}

/* Must hold the namespace lock. */
static struct linkauth_link *link_from_info(struct genl_info *info)
{
	struct linkauth_link *link;
	int ifindex;

	if (GENL_REQ_ATTR_CHECK(info, LINKAUTH_A_IFINDEX))
		return ERR_PTR(-EINVAL);
	ifindex = nla_get_u32(info->attrs[LINKAUTH_A_IFINDEX]);
	link = linkauth_link_find(info_ln(info), ifindex);
	if (!link) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[LINKAUTH_A_IFINDEX],
				    "linkauth is not set up on this device: run link set first");
		return ERR_PTR(-ENODEV);
	}
	return link;
}

/* Must hold RTNL and the namespace lock. */
static struct linkauth_link *link_from_info_create(struct genl_info *info)
{
	struct linkauth_link *link;
	struct net_device *dev;

	if (GENL_REQ_ATTR_CHECK(info, LINKAUTH_A_IFINDEX))
		return ERR_PTR(-EINVAL);
	dev = __dev_get_by_index(genl_info_net(info),
				 nla_get_u32(info->attrs[LINKAUTH_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[LINKAUTH_A_IFINDEX],
				    "no device with this ifindex in this namespace");
		return ERR_PTR(-ENODEV);
	}
	link = linkauth_link_get_or_create(info_ln(info), dev);
	if (link == ERR_PTR(-EOPNOTSUPP))
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[LINKAUTH_A_IFINDEX],
				    "device is not an Ethernet device");
	return link;
}

/* Start a reply to @info; NULL when out of memory. */
static struct sk_buff *reply_new(struct genl_info *info, void **hdr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &linkauth_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int reply_send(struct genl_info *info, struct sk_buff *msg,
		      void *hdr, int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* CAs */

static int linkauth_nl_ca_add(struct sk_buff *skb, struct genl_info *info)
{
	struct linkauth_net *ln = info_ln(info);
	u8 id[SHA256_DIGEST_SIZE];
	struct nlattr *cert;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LINKAUTH_A_CA_CERT))
		return -EINVAL;
	cert = info->attrs[LINKAUTH_A_CA_CERT];
	ret = linkauth_trust_add(&ln->trust, nla_data(cert), nla_len(cert),
				 id, info->extack);
	if (ret)
		return ret;

	msg = reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	ret = nla_put(msg, LINKAUTH_A_CA_ID, sizeof(id), id);
	return reply_send(info, msg, hdr, ret);
}

static int linkauth_nl_ca_del(struct sk_buff *skb, struct genl_info *info)
{
	struct linkauth_net *ln = info_ln(info);
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LINKAUTH_A_CA_ID))
		return -EINVAL;
	ret = linkauth_trust_del(&ln->trust,
				 nla_data(info->attrs[LINKAUTH_A_CA_ID]));
	if (ret == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[LINKAUTH_A_CA_ID],
				    "no CA with this id: list them with ca list");
	return ret;
}

static int ca_fill(struct sk_buff *msg, const struct linkauth_ca *ca,
		   u32 portid, u32 seq, int flags)
{
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &linkauth_family, flags,
			  LINKAUTH_CMD_CA_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put(msg, LINKAUTH_A_CA_ID, sizeof(ca->id), ca->id) ||
	    nla_put_string(msg, LINKAUTH_A_CA_SUBJECT, ca->info.subject) ||
	    nla_put_s64(msg, LINKAUTH_A_CA_NOT_AFTER, ca->info.not_after,
			LINKAUTH_A_PAD)) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return 0;
}

static int linkauth_nl_ca_dump(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct linkauth_net *ln = linkauth_net_get(sock_net(skb->sk));
	struct linkauth_ca *ca;
	long idx = 0;

	mutex_lock(&ln->trust.lock);
	list_for_each_entry(ca, &ln->trust.cas, list) {
		if (idx++ < cb->args[0])
			continue;
		if (ca_fill(skb, ca, NETLINK_CB(cb->skb).portid,
			    cb->nlh->nlmsg_seq, NLM_F_MULTI)) {
			idx--;
			break;
		}
	}
	mutex_unlock(&ln->trust.lock);
	cb->args[0] = idx;
	return skb->len;
}

/* Identity */

static int identity_collect_certs(struct genl_info *info,
				  struct linkauth_identity *id)
{
	const struct nlattr *attr;
	size_t total = 0;
	int rem, i;

	nlmsg_for_each_attr(attr, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(attr) != LINKAUTH_A_ID_CERT)
			continue;
		if (id->n_certs == LINKAUTH_CHAIN_MAX) {
			NL_SET_ERR_MSG_ATTR(info->extack, attr,
					    "too many certificates: a chain has at most 4");
			return -E2BIG;
		}
		id->certs[id->n_certs] = kmemdup(nla_data(attr),
						 nla_len(attr), GFP_KERNEL);
		if (!id->certs[id->n_certs])
			return -ENOMEM;
		id->lens[id->n_certs++] = nla_len(attr);
	}
	if (!id->n_certs) {
		NL_SET_ERR_MSG(info->extack, "missing certificate");
		return -EINVAL;
	}
	for (i = 0; i < id->n_certs; i++)
		total += id->lens[i];
	if (total > CHAIN_BYTES_MAX) {
		linkauth_extack_fmt(info->extack,
				    "certificate chain too large for one handshake message",
				    "certificate chain has %zu bytes, at most %u fit in a handshake message",
				    total, CHAIN_BYTES_MAX);
		return -EMSGSIZE;
	}
	return 0;
}

static const char *const chain_errors[__LINKAUTH_ERR_MAX] = {
	[LINKAUTH_ERR_MALFORMED] = "certificate is not valid DER X.509",
	[LINKAUTH_ERR_UNKNOWN_CA] = "certificate is not issued by a loaded CA: add its CA first",
	[LINKAUTH_ERR_BAD_CHAIN] = "certificate chain does not verify",
	[LINKAUTH_ERR_EXPIRED] = "certificate has expired",
	[LINKAUTH_ERR_NOT_YET_VALID] = "certificate is not yet valid",
	[LINKAUTH_ERR_KEY_USAGE] = "certificate key usage lacks digitalSignature",
	[LINKAUTH_ERR_MAC_MISMATCH] = "certificate names no MAC address",
	[LINKAUTH_ERR_UNSUPPORTED_ALGO] = "this kernel lacks the certificate's algorithm",
};

/* Check the chain and that the leaf names this link's address. */
static int identity_check_chain(struct linkauth_link *link,
				struct linkauth_identity *id,
				struct key **leaf_key,
				struct netlink_ext_ack *extack)
{
	u8 local[ETH_ALEN];
	int err;

	err = linkauth_chain_verify(&link->ln->trust,
				    (const u8 *const *)id->certs, id->lens,
				    id->n_certs, ktime_get_real_seconds(),
				    &id->info, leaf_key);
	if (err) {
		/* The table contains static strings, as extack requires. */
		if (extack)
			extack->_msg = chain_errors[err] ?:
				       "certificate chain rejected";
		return -EKEYREJECTED;
	}

	linkauth_link_local_mac(link, local);
	if (!ether_addr_equal(link->dev->dev_addr, local)) {
		/* Frames leave with the current address, which the peer
		 * compares with the certificate.
		 */
		linkauth_extack_fmt(extack,
				    "the device's address differs from its permanent address: restore it",
				    "%s has address %pM but permanent address %pM: restore it with ip link set %s address %pM",
				    link->dev->name, link->dev->dev_addr, local,
				    link->dev->name, local);
		key_put(*leaf_key);
		*leaf_key = NULL;
		return -EADDRNOTAVAIL;
	}
	if (!ether_addr_equal(id->info.mac, local)) {
		linkauth_extack_fmt(extack,
				    "certificate MAC differs from the device's address",
				    "certificate names %pM but %s has %pM",
				    id->info.mac, link->dev->name, local);
		key_put(*leaf_key);
		*leaf_key = NULL;
		return -EADDRNOTAVAIL;
	}
	return 0;
}

/* Prove that the private key belongs to the certificate. */
static int identity_check_key(struct key *priv, struct key *pub,
			      struct netlink_ext_ack *extack)
{
	u8 digest[LINKAUTH_HASH_LEN];
	u8 *sig;
	int len;

	sig = kmalloc(LINKAUTH_SIG_MAX, GFP_KERNEL);
	if (!sig)
		return -ENOMEM;
	get_random_bytes(digest, sizeof(digest));
	len = linkauth_sig_create(priv, digest, sig, LINKAUTH_SIG_MAX);
	if (len < 0 || linkauth_sig_verify(pub, digest, sig, len)) {
		NL_SET_ERR_MSG(extack,
			       "private key does not match the certificate");
		len = -EKEYREJECTED;
	}
	kfree(sig);
	return len < 0 ? len : 0;
}

static int identity_install(struct linkauth_link *link,
			    struct linkauth_identity *id,
			    const struct nlattr *key_attr,
			    struct netlink_ext_ack *extack)
{
	struct key *leaf_key = NULL;
	int ret;

	ret = identity_check_chain(link, id, &leaf_key, extack);
	if (ret)
		return ret;

	id->key = linkauth_privkey_load(&link->ln->trust, nla_data(key_attr),
					nla_len(key_attr), extack);
	if (IS_ERR(id->key)) {
		ret = PTR_ERR(id->key);
		id->key = NULL;
		goto out_put;
	}
	ret = identity_check_key(id->key, leaf_key, extack);
	if (ret)
		goto out_put;

	linkauth_link_identity_free(link->id);
	link->id = id;
	netdev_dbg(link->dev, "identity set to %s\n", id->info.subject);
out_put:
	key_put(leaf_key);
	return ret;
}

static int linkauth_nl_identity_set(struct sk_buff *skb,
				    struct genl_info *info)
{
	struct linkauth_net *ln = info_ln(info);
	struct linkauth_identity *id;
	struct linkauth_link *link;
	struct nlattr *key_attr;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, LINKAUTH_A_ID_KEY))
		return -EINVAL;
	key_attr = info->attrs[LINKAUTH_A_ID_KEY];
	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	ret = identity_collect_certs(info, id);
	if (ret)
		goto out_free;

	rtnl_lock();
	mutex_lock(&ln->lock);
	link = link_from_info_create(info);
	ret = IS_ERR(link) ? PTR_ERR(link) :
			     identity_install(link, id, key_attr, info->extack);
	mutex_unlock(&ln->lock);
	rtnl_unlock();

out_free:
	/* The key now lives only in the module's keyring. */
	memzero_explicit(nla_data(key_attr), nla_len(key_attr));
	if (ret)
		linkauth_link_identity_free(id);
	return ret;
}

static int identity_fill(struct sk_buff *msg, const struct linkauth_link *link)
{
	const struct linkauth_identity *id = link->id;

	if (nla_put_u32(msg, LINKAUTH_A_IFINDEX, link->ifindex) ||
	    nla_put_string(msg, LINKAUTH_A_IFNAME, link->dev->name))
		return -EMSGSIZE;
	if (!id)
		return 0;
	if (nla_put_string(msg, LINKAUTH_A_ID_SUBJECT, id->info.subject) ||
	    nla_put(msg, LINKAUTH_A_ID_MAC, ETH_ALEN, id->info.mac) ||
	    nla_put_s64(msg, LINKAUTH_A_ID_NOT_AFTER, id->info.not_after,
			LINKAUTH_A_PAD) ||
	    nla_put_s32(msg, LINKAUTH_A_ID_KEY_SERIAL, id->key->serial))
		return -EMSGSIZE;
	return 0;
}

/* Reply to @info with what @fill puts in a message about its link. */
static int reply_link(struct genl_info *info,
		      int (*fill)(struct sk_buff *msg,
				  const struct linkauth_link *link))
{
	struct linkauth_net *ln = info_ln(info);
	struct linkauth_link *link;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = reply_new(info, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&ln->lock);
	link = link_from_info(info);
	ret = IS_ERR(link) ? PTR_ERR(link) : fill(msg, link);
	mutex_unlock(&ln->lock);
	return reply_send(info, msg, hdr, ret);
}

static int linkauth_nl_identity_get(struct sk_buff *skb,
				    struct genl_info *info)
{
	return reply_link(info, identity_fill);
}

/* Links */

static void link_set_enabled(struct linkauth_link *link, bool enable)
{
	ASSERT_RTNL();
	if (enable == link->enabled)
		return;
	link->enabled = enable;
	if (enable && !link->mc_joined)
		link->mc_joined = !dev_mc_add(link->dev,
					      linkauth_discovery_addr);
	if (!enable) {
		linkauth_hs_deauth_all(link, LINKAUTH_CMD_EV_PEER_LOST);
		if (link->mc_joined)
			dev_mc_del(link->dev, linkauth_discovery_addr);
		link->mc_joined = false;
	}
}

/* Time the rekeys of the sessions in force by the new interval. */
static void link_reschedule(struct linkauth_link *link)
{
	struct linkauth_peer *peer;
	int bkt;

	hash_for_each(link->peers, bkt, peer, node)
		if (peer->authenticated)
			linkauth_hs_schedule_rekey(peer);
}

static void link_apply(struct linkauth_link *link, struct nlattr **attrs)
{
	if (attrs[LINKAUTH_A_LINK_SUITES])
		link->suites = nla_get_u32(attrs[LINKAUTH_A_LINK_SUITES]);
	if (attrs[LINKAUTH_A_LINK_GROUPS])
		link->groups = nla_get_u32(attrs[LINKAUTH_A_LINK_GROUPS]);
	if (attrs[LINKAUTH_A_LINK_POLICY])
		link->policy = nla_get_u32(attrs[LINKAUTH_A_LINK_POLICY]);
	if (attrs[LINKAUTH_A_LINK_REKEY_SEC]) {
		link->rekey_sec = nla_get_u32(attrs[LINKAUTH_A_LINK_REKEY_SEC]);
		link_reschedule(link);
	}
	if (attrs[LINKAUTH_A_LINK_AUTO])
		link->auto_start = nla_get_u8(attrs[LINKAUTH_A_LINK_AUTO]);
	if (attrs[LINKAUTH_A_LINK_ENABLED])
		link_set_enabled(link,
				 nla_get_u8(attrs[LINKAUTH_A_LINK_ENABLED]));
}

static int link_check(struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;

	if (attrs[LINKAUTH_A_LINK_SUITES] &&
	    !nla_get_u32(attrs[LINKAUTH_A_LINK_SUITES])) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[LINKAUTH_A_LINK_SUITES],
				    "allow at least one cipher suite");
		return -EINVAL;
	}
	if (attrs[LINKAUTH_A_LINK_GROUPS] &&
	    !nla_get_u32(attrs[LINKAUTH_A_LINK_GROUPS])) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[LINKAUTH_A_LINK_GROUPS],
				    "allow at least one key agreement group");
		return -EINVAL;
	}
	if (attrs[LINKAUTH_A_LINK_REKEY_SEC]) {
		u32 sec = nla_get_u32(attrs[LINKAUTH_A_LINK_REKEY_SEC]);

		if (sec && (sec < REKEY_MIN_SEC || sec > REKEY_MAX_SEC)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    attrs[LINKAUTH_A_LINK_REKEY_SEC],
					    "rekey interval must be 0 (off) or 10 to 604800 seconds");
			return -EINVAL;
		}
	}
	return 0;
}

static int linkauth_nl_link_set(struct sk_buff *skb, struct genl_info *info)
{
	struct linkauth_net *ln = info_ln(info);
	struct linkauth_link *link;
	bool start;
	int ret;

	ret = link_check(info);
	if (ret)
		return ret;

	rtnl_lock();
	mutex_lock(&ln->lock);
	link = link_from_info_create(info);
	if (IS_ERR(link)) {
		ret = PTR_ERR(link);
		goto out_unlock;
	}
	start = !link->enabled;
	link_apply(link, info->attrs);
	ret = linkauth_port_update(link);
	if (ret)
		NL_SET_ERR_MSG(info->extack, "cannot register the port control hook");
	if (start && link->enabled && link->auto_start && link->id &&
	    netif_running(link->dev))
		linkauth_hs_start(link, NULL);
out_unlock:
	mutex_unlock(&ln->lock);
	rtnl_unlock();
	return ret;
}

static int stats_fill(struct sk_buff *msg, const struct linkauth_stats *st)
{
	static const struct {
		int attr;
		size_t offset;
	} counters[] = {
#define COUNTER(a, f) { a, offsetof(struct linkauth_stats, f) }
		COUNTER(LINKAUTH_STAT_A_RX_FRAMES, rx_frames),
		COUNTER(LINKAUTH_STAT_A_TX_FRAMES, tx_frames),
		COUNTER(LINKAUTH_STAT_A_RX_DROP_MALFORMED, rx_drop_malformed),
		COUNTER(LINKAUTH_STAT_A_RX_DROP_QUEUE_FULL, rx_drop_queue_full),
		COUNTER(LINKAUTH_STAT_A_RX_DROP_NO_SESSION, rx_drop_no_session),
		COUNTER(LINKAUTH_STAT_A_RX_DROP_PORT, rx_drop_port),
		COUNTER(LINKAUTH_STAT_A_RX_DROP_RATE_LIMIT, rx_drop_rate_limit),
		COUNTER(LINKAUTH_STAT_A_RX_DROP_TABLE_FULL, rx_drop_table_full),
		COUNTER(LINKAUTH_STAT_A_HS_STARTED, hs_started),
		COUNTER(LINKAUTH_STAT_A_HS_SUCCEEDED, hs_succeeded),
		COUNTER(LINKAUTH_STAT_A_HS_FAILED, hs_failed),
#undef COUNTER
	};
	struct nlattr *nest, *errs;
	const atomic64_t *ctr;
	int i;

	nest = nla_nest_start(msg, LINKAUTH_A_LINK_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		ctr = (const void *)st + counters[i].offset;
		if (nla_put_u64_64bit(msg, counters[i].attr,
				      atomic64_read(ctr), LINKAUTH_STAT_A_PAD))
			return -EMSGSIZE;
	}

	/* One u64 per enum linkauth_error, the attribute type is the code. */
	errs = nla_nest_start(msg, LINKAUTH_STAT_A_FAIL_BY_ERROR);
	if (!errs)
		return -EMSGSIZE;
	for (i = 1; i < __LINKAUTH_ERR_MAX; i++)
		if (nla_put_u64_64bit(msg, i,
				      atomic64_read(&st->fail_by_error[i]), 0))
			return -EMSGSIZE;
	nla_nest_end(msg, errs);
	nla_nest_end(msg, nest);
	return 0;
}

static int link_fill(struct sk_buff *msg, const struct linkauth_link *link)
{
	if (nla_put_u32(msg, LINKAUTH_A_IFINDEX, link->ifindex) ||
	    nla_put_string(msg, LINKAUTH_A_IFNAME, link->dev->name) ||
	    nla_put_u8(msg, LINKAUTH_A_LINK_ENABLED, link->enabled) ||
	    nla_put_u32(msg, LINKAUTH_A_LINK_SUITES, link->suites) ||
	    nla_put_u32(msg, LINKAUTH_A_LINK_GROUPS, link->groups) ||
	    nla_put_u32(msg, LINKAUTH_A_LINK_POLICY, link->policy) ||
	    nla_put_u32(msg, LINKAUTH_A_LINK_REKEY_SEC, link->rekey_sec) ||
	    nla_put_u8(msg, LINKAUTH_A_LINK_AUTO, link->auto_start))
		return -EMSGSIZE;
	return stats_fill(msg, &link->stats);
}

static int linkauth_nl_link_get(struct sk_buff *skb, struct genl_info *info)
{
	return reply_link(info, link_fill);
}

static int linkauth_nl_link_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct linkauth_net *ln = linkauth_net_get(sock_net(skb->sk));
	struct linkauth_link *link;
	long idx = 0;
	void *hdr;
	int bkt;

	mutex_lock(&ln->lock);
	hash_for_each(ln->links, bkt, link, node) {
		if (idx++ < cb->args[0])
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &linkauth_family,
				  NLM_F_MULTI, LINKAUTH_CMD_LINK_GET);
		if (!hdr || link_fill(skb, link)) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			idx--;
			break;
		}
		genlmsg_end(skb, hdr);
	}
	mutex_unlock(&ln->lock);
	cb->args[0] = idx;
	return skb->len;
}

/* Handshakes and peers */

static int linkauth_nl_auth(struct sk_buff *skb, struct genl_info *info)
{
	struct linkauth_net *ln = info_ln(info);
	struct nlattr *mac_attr = info->attrs[LINKAUTH_A_PEER_MAC];
	struct linkauth_link *link;
	const u8 *mac = NULL;
	int ret;

	if (mac_attr) {
		mac = nla_data(mac_attr);
		if (!is_valid_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR(info->extack, mac_attr,
					    "peer MAC must be a unicast address");
			return -EINVAL;
		}
	}

	mutex_lock(&ln->lock);
	link = link_from_info(info);
	ret = IS_ERR(link) ? PTR_ERR(link) : linkauth_hs_start(link, mac);
	mutex_unlock(&ln->lock);

	if (ret == -ENETDOWN)
		NL_SET_ERR_MSG(info->extack,
			       "link is not enabled: run link set DEV enable");
	else if (ret == -ENOKEY)
		NL_SET_ERR_MSG(info->extack,
			       "link has no identity: run identity set first");
	else if (ret == -ENOSPC)
		NL_SET_ERR_MSG(info->extack, "peer table of the link is full");
	return ret;
}

static int peer_fill_info(struct sk_buff *msg, const struct linkauth_peer *p)
{
	const struct linkauth_cert_info *ci = &p->info;

	if (nla_put_u32(msg, LINKAUTH_PEER_A_IFINDEX, p->link->ifindex) ||
	    nla_put(msg, LINKAUTH_PEER_A_MAC, ETH_ALEN, p->mac) ||
	    nla_put_u8(msg, LINKAUTH_PEER_A_STATE, p->state) ||
	    nla_put_u8(msg, LINKAUTH_PEER_A_ROLE, p->role) ||
	    nla_put_u16(msg, LINKAUTH_PEER_A_LAST_ERROR, p->last_error) ||
	    nla_put_u64_64bit(msg, LINKAUTH_PEER_A_HANDSHAKES, p->handshakes,
			      LINKAUTH_PEER_A_PAD) ||
	    nla_put_u64_64bit(msg, LINKAUTH_PEER_A_FAILURES, p->failures,
			      LINKAUTH_PEER_A_PAD))
		return -EMSGSIZE;
	if (!p->authenticated)
		return 0;
	if (nla_put_string(msg, LINKAUTH_PEER_A_SUBJECT, ci->subject) ||
	    nla_put_string(msg, LINKAUTH_PEER_A_ISSUER, ci->issuer) ||
	    nla_put(msg, LINKAUTH_PEER_A_SERIAL, ci->serial_len, ci->serial) ||
	    nla_put_u16(msg, LINKAUTH_PEER_A_SUITE, p->session.suite) ||
	    nla_put_u16(msg, LINKAUTH_PEER_A_GROUP, p->session.group) ||
	    nla_put_s64(msg, LINKAUTH_PEER_A_ESTABLISHED,
			p->session.established, LINKAUTH_PEER_A_PAD) ||
	    nla_put_u32(msg, LINKAUTH_PEER_A_GENERATION, p->session.generation))
		return -EMSGSIZE;
	return 0;
}

/* Session keys, only for SA_GET, which needs CAP_NET_ADMIN. */
static int peer_fill_keys(struct sk_buff *msg, const struct linkauth_peer *p)
{
	const struct linkauth_session *s = &p->session;

	if (nla_put(msg, LINKAUTH_PEER_A_SAK, s->sak_len, s->sak) ||
	    nla_put(msg, LINKAUTH_PEER_A_SALT, LINKAUTH_SALT_LEN, s->salt) ||
	    nla_put(msg, LINKAUTH_PEER_A_KEY_ID, LINKAUTH_KEY_ID_LEN,
		    s->key_id) ||
	    nla_put_u32(msg, LINKAUTH_PEER_A_SSCI, s->ssci))
		return -EMSGSIZE;
	return 0;
}

static int peer_fill(struct sk_buff *msg, const struct linkauth_peer *peer,
		     u32 portid, u32 seq, int flags, u8 cmd, bool keys)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &linkauth_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, LINKAUTH_A_PEER);
	if (!nest || peer_fill_info(msg, peer) ||
	    (keys && peer_fill_keys(msg, peer))) {
		genlmsg_cancel(msg, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
}

/*
 * Dump the peers of every link, or of LINKAUTH_A_IFINDEX, one per message,
 * resuming after cb->args[0] of them.
 */
static int peer_dump(struct sk_buff *skb, struct netlink_callback *cb,
		     u8 cmd, bool keys)
{
	struct linkauth_net *ln = linkauth_net_get(sock_net(skb->sk));
	struct nlattr **attrs = linkauth_dump_attrs(cb);
	struct linkauth_link *link;
	struct linkauth_peer *peer;
	int bkt, pbkt, ret = 0;
	int ifindex = 0;
	long idx = 0;

	if (attrs && attrs[LINKAUTH_A_IFINDEX])
		ifindex = nla_get_u32(attrs[LINKAUTH_A_IFINDEX]);

	mutex_lock(&ln->lock);
	hash_for_each(ln->links, bkt, link, node) {
		if (ifindex && link->ifindex != ifindex)
			continue;
		hash_for_each(link->peers, pbkt, peer, node) {
			if (keys && !peer->authenticated)
				continue;
			if (idx++ < cb->args[0])
				continue;
			ret = peer_fill(skb, peer, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI, cmd,
					keys);
			if (ret) {
				idx--;
				goto out;
			}
		}
	}
out:
	mutex_unlock(&ln->lock);
	cb->args[0] = idx;
	return skb->len;
}

static int linkauth_nl_peer_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	return peer_dump(skb, cb, LINKAUTH_CMD_PEER_GET, false);
}

static int linkauth_nl_sa_dump(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	return peer_dump(skb, cb, LINKAUTH_CMD_SA_GET, true);
}

static int linkauth_nl_peer_del(struct sk_buff *skb, struct genl_info *info)
{
	struct linkauth_net *ln = info_ln(info);
	struct linkauth_link *link;
	struct linkauth_peer *peer;
	int ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, LINKAUTH_A_PEER_MAC))
		return -EINVAL;

	mutex_lock(&ln->lock);
	link = link_from_info(info);
	if (IS_ERR(link)) {
		ret = PTR_ERR(link);
		goto out_unlock;
	}
	peer = linkauth_peer_find(link,
				  nla_data(info->attrs[LINKAUTH_A_PEER_MAC]));
	if (!peer) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[LINKAUTH_A_PEER_MAC],
				    "no peer with this MAC on the link");
		ret = -ENOENT;
		goto out_unlock;
	}
	linkauth_hs_deauth(peer);
out_unlock:
	mutex_unlock(&ln->lock);
	return ret;
}

/**
 * linkauth_genl_event - tell listeners in the peer's namespace about it
 * @peer: the peer, still linked to its link
 * @cmd: one of the LINKAUTH_CMD_EV_* commands
 *
 * Events carry no key material.  Must hold the namespace lock.
 */
void linkauth_genl_event(struct linkauth_peer *peer, u8 cmd)
{
	struct net *net = peer->ln->net;
	struct sk_buff *msg;

	if (!genl_has_listeners(&linkauth_family, net,
				LINKAUTH_MCGRP_EVENTS_ID))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	if (peer_fill(msg, peer, 0, 0, 0, cmd, false)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_multicast_netns(&linkauth_family, net, msg, 0,
				LINKAUTH_MCGRP_EVENTS_ID, GFP_KERNEL);
}

#define ADMIN	GENL_UNS_ADMIN_PERM

static const struct genl_small_ops linkauth_ops[] = {
	{ .cmd = LINKAUTH_CMD_CA_ADD, .doit = linkauth_nl_ca_add,
	  .flags = ADMIN },
	{ .cmd = LINKAUTH_CMD_CA_DEL, .doit = linkauth_nl_ca_del,
	  .flags = ADMIN },
	{ .cmd = LINKAUTH_CMD_CA_GET, .dumpit = linkauth_nl_ca_dump },
	{ .cmd = LINKAUTH_CMD_IDENTITY_SET,
	  .doit = linkauth_nl_identity_set, .flags = ADMIN },
	{ .cmd = LINKAUTH_CMD_IDENTITY_GET,
	  .doit = linkauth_nl_identity_get },
	{ .cmd = LINKAUTH_CMD_LINK_SET, .doit = linkauth_nl_link_set,
	  .flags = ADMIN },
	{ .cmd = LINKAUTH_CMD_LINK_GET, .doit = linkauth_nl_link_get,
	  .dumpit = linkauth_nl_link_dump },
	{ .cmd = LINKAUTH_CMD_AUTH, .doit = linkauth_nl_auth,
	  .flags = ADMIN },
	{ .cmd = LINKAUTH_CMD_PEER_GET, .dumpit = linkauth_nl_peer_dump },
	{ .cmd = LINKAUTH_CMD_PEER_DEL, .doit = linkauth_nl_peer_del,
	  .flags = ADMIN },
	{ .cmd = LINKAUTH_CMD_SA_GET, .dumpit = linkauth_nl_sa_dump,
	  .flags = ADMIN },
};

static struct genl_family linkauth_family __ro_after_init = {
	.name = LINKAUTH_GENL_NAME,
	.version = LINKAUTH_GENL_VERSION,
	.maxattr = LINKAUTH_A_MAX,
	.policy = linkauth_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.small_ops = linkauth_ops,
	.n_small_ops = ARRAY_SIZE(linkauth_ops),
	.resv_start_op = LINKAUTH_CMD_SA_GET + 1,
	.mcgrps = linkauth_mcgrps,
	.n_mcgrps = ARRAY_SIZE(linkauth_mcgrps),
};

int __init linkauth_genl_init(void)
{
	return genl_register_family(&linkauth_family);
}

void linkauth_genl_exit(void)
{
	genl_unregister_family(&linkauth_family);
}
