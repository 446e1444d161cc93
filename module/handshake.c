// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake state machine.  docs/protocol.md has the message layouts;
 * in short:
 *
 *   initiator                                 responder
 *   HELLO    nonce_i, offer_i          ->
 *            <- RESPONSE nonce_r, offer_r, select, certs_r, share_r, sig_r
 *   FINISH   certs_i, share_i, sig_i, confirm_i ->
 *            <- ACK      confirm_r
 *
 * sig_r covers the transcript through RESPONSE, so it signs nonce_i, the
 * initiator's challenge; sig_i covers it through FINISH, so it signs
 * nonce_r.  Both offers are in the signed transcript, and the initiator
 * recomputes the selection, which together detect a downgrade.
 *
 * Everything here runs in process context with the namespace lock held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <kunit/visibility.h>
#include <crypto/algapi.h>
#include <linux/etherdevice.h>
#include <linux/key.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "compat.h"
#include "keysched.h"
#include "linkauth.h"

#define ROLE_INITIATOR	1
#define ROLE_RESPONDER	2

#define RETRANSMIT_MS	500
#define HS_BURST	16	/* responder handshakes without a pause */
#define HS_PER_SEC	8	/* and their rate afterwards */
#define PEER_HELLO_MS	250	/* one HELLO per known peer in this time */
#define FAILED_KEEP_SEC	60	/* a failed peer stays visible this long */

/* Discovery goes to the IEEE 802.1X PAE group, which bridges never relay. */
const u8 linkauth_discovery_addr[ETH_ALEN] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x03
};

static const char *const error_names[__LINKAUTH_ERR_MAX] = {
	[LINKAUTH_ERR_NONE] = "none",
	[LINKAUTH_ERR_MALFORMED] = "malformed message",
	[LINKAUTH_ERR_UNKNOWN_CA] = "certificate not issued by a loaded CA",
	[LINKAUTH_ERR_BAD_CHAIN] = "bad certificate chain",
	[LINKAUTH_ERR_EXPIRED] = "certificate expired",
	[LINKAUTH_ERR_NOT_YET_VALID] = "certificate not yet valid",
	[LINKAUTH_ERR_KEY_USAGE] = "certificate key usage forbids signing",
	[LINKAUTH_ERR_MAC_MISMATCH] = "certificate MAC differs from sender",
	[LINKAUTH_ERR_BAD_SIGNATURE] = "challenge signature invalid",
	[LINKAUTH_ERR_BAD_CONFIRM] = "key confirmation invalid",
	[LINKAUTH_ERR_NO_COMMON_SUITE] = "no common algorithm or suite",
	[LINKAUTH_ERR_DOWNGRADE] = "negotiation downgrade detected",
	[LINKAUTH_ERR_UNSUPPORTED_ALGO] = "algorithm missing in this kernel",
	[LINKAUTH_ERR_TIMEOUT] = "timed out",
	[LINKAUTH_ERR_NO_IDENTITY] = "link has no identity",
	[LINKAUTH_ERR_PEER_REJECTED] = "peer rejected the handshake",
	[LINKAUTH_ERR_INTERNAL] = "internal error",
};

static bool is_discovery(const u8 *mac)
{
	return ether_addr_equal(mac, linkauth_discovery_addr);
}

void linkauth_hs_free(struct linkauth_hs *hs)
{
	if (!hs)
		return;
	if (hs->kex_ready)
		linkauth_kex_destroy(&hs->kex);
	key_put(hs->peer_key);
	linkauth_msg_buf_free(&hs->sent);
	linkauth_reasm_free(&hs->reasm);
	kfree_sensitive(hs);
}

static struct linkauth_hs *hs_alloc(u8 role, u32 session)
{
	struct linkauth_hs *hs = kzalloc(sizeof(*hs), GFP_KERNEL);

	if (!hs)
		return NULL;
	hs->role = role;
	hs->session = session;
	sha256_init(&hs->transcript);
	linkauth_reasm_init(&hs->reasm);
	hs->deadline = jiffies + msecs_to_jiffies(linkauth_hs_timeout_ms);
	return hs;
}

static void peer_drop_hs(struct linkauth_peer *peer)
{
	linkauth_hs_free(peer->hs);
	peer->hs = NULL;
	peer->state = peer->authenticated ? LINKAUTH_PEER_AUTHENTICATED :
					    LINKAUTH_PEER_IDLE;
	if (!peer->authenticated)
		peer->idle_at = jiffies;
}

static void peer_schedule(struct linkauth_peer *peer);

/* Our offer, from the link's policy, in order of preference. */
static void offer_build(const struct linkauth_link *link,
			struct linkauth_offer *offer)
{
	int i;

	memset(offer, 0, sizeof(*offer));
	offer->policy = link->policy;
	offer->sigalgs[offer->n_sigalgs++] = LINKAUTH_SIGALG_RSA_PKCS1_SHA256;
	for (i = 0; i < __LINKAUTH_GROUP_MAX; i++)
		if (link->groups & BIT(i))
			offer->groups[offer->n_groups++] = i;
	for (i = 0; i < __LINKAUTH_SUITE_MAX; i++)
		if (link->suites & BIT(i))
			offer->suites[offer->n_suites++] = i;
}

static void send_error(struct linkauth_link *link, const u8 *dst,
		       u32 session, u16 err)
{
	u8 body[6];

	put_unaligned_be16(LINKAUTH_TLV_ERROR, body);
	put_unaligned_be16(2, body + 2);
	put_unaligned_be16(err, body + 4);
	linkauth_send_msg(link, dst, LINKAUTH_MSG_ERROR, session, body,
			  sizeof(body));
}

/* End the handshake with @peer because check @err failed. */
static void hs_fail(struct linkauth_peer *peer, u16 err, bool tell_peer)
{
	struct linkauth_link *link = peer->link;

	if (tell_peer && peer->hs && !is_discovery(peer->mac))
		send_error(link, peer->mac, peer->hs->session, err);

	peer->last_error = err;
	peer->failures++;
	atomic64_inc(&link->stats.hs_failed);
	atomic64_inc(&link->stats.fail_by_error[err]);
	net_dbg_ratelimited("%s: handshake with %pM failed: %s\n",
			    link->dev->name, peer->mac, error_names[err]);

	/* The frames that made this handshake fail are not authenticated,
	 * so they cannot end a session in force: anyone on the link could
	 * send them.  A session whose re-authentication keeps failing ends
	 * at expire_at instead, or never while the link's rekey is off.
	 */
	peer_drop_hs(peer);
	if (!peer->authenticated)
		peer->state = LINKAUTH_PEER_FAILED;
	linkauth_genl_event(peer, LINKAUTH_CMD_EV_FAILED);
	peer_schedule(peer);
}

/* Send (or resend) the message kept in hs->sent. */
static void hs_transmit(struct linkauth_peer *peer)
{
	struct linkauth_hs *hs = peer->hs;

	linkauth_send_msg(peer->link, peer->mac, hs->sent_type, hs->session,
			  hs->sent.data, hs->sent.len);
}

/* Keep @buf as the message to (re)send and add it to the transcript. */
static void hs_keep_sent(struct linkauth_hs *hs, u8 type,
			 struct linkauth_msg_buf *buf)
{
	linkauth_msg_buf_free(&hs->sent);
	hs->sent = *buf;
	hs->sent_type = type;
	sha256_update(&hs->transcript, buf->data, buf->len);
}

static void hs_arm_retransmit(struct linkauth_peer *peer)
{
	struct linkauth_hs *hs = peer->hs;

	hs->retries = 0;
	hs->next_event = jiffies + msecs_to_jiffies(RETRANSMIT_MS);
	linkauth_peer_arm(peer, hs->next_event);
}

/* Sign the transcript through @body and append the SIGNATURE TLV. */
static int hs_sign(struct linkauth_link *link, struct linkauth_hs *hs,
		   struct linkauth_msg_buf *body)
{
	u8 th[LINKAUTH_HASH_LEN], digest[LINKAUTH_HASH_LEN];
	u8 *sig;
	int len;

	if (body->err)
		return body->err;
	sig = kmalloc(LINKAUTH_SIG_MAX, GFP_KERNEL);
	if (!sig)
		return -ENOMEM;
	linkauth_transcript_peek(&hs->transcript, body->data, body->len, th);
	linkauth_sig_digest(hs->role == ROLE_INITIATOR, th, digest);
	len = linkauth_sig_create(link->id->key, digest, sig,
				  LINKAUTH_SIG_MAX);
	if (len > 0)
		linkauth_msg_put_prefixed(body, LINKAUTH_TLV_SIGNATURE,
					  hs->sel.sigalg, sig, len);
	kfree(sig);
	return len < 0 ? len : body->err;
}

/*
 * Both ends send how many sessions they had with each other, and the new
 * session's number is one more than the larger.  MACsec uses it for the
 * association number, so the two ends agree on it even after one of them
 * lost its state.
 */
static void put_generation(struct linkauth_msg_buf *body, u32 generation)
{
	__be32 value = htonl(generation);

	linkauth_msg_put_tlv(body, LINKAUTH_TLV_GENERATION, &value,
			     sizeof(value));
}

/* Sessions so far with @peer: the generation of the one in force. */
static u32 session_count(const struct linkauth_peer *peer)
{
	return peer->authenticated ? peer->session.generation : 0;
}

static void put_chain(struct linkauth_msg_buf *body,
		      const struct linkauth_identity *id)
{
	int i;

	for (i = 0; i < id->n_certs; i++)
		linkauth_msg_put_tlv(body, LINKAUTH_TLV_CERT, id->certs[i],
				     id->lens[i]);
}

/* Responder rate limit: a token bucket refilled HS_PER_SEC a second. */
static bool hs_rate_ok(struct linkauth_link *link)
{
	unsigned long now = jiffies;
	unsigned long refill;

	refill = (now - link->hs_tokens_at) * HS_PER_SEC / HZ;
	if (refill) {
		link->hs_tokens = min_t(unsigned long, HS_BURST,
					link->hs_tokens + refill);
		/* Keep the part of a token that has accrued so far. */
		link->hs_tokens_at = refill >= HS_BURST ? now :
			link->hs_tokens_at + refill * HZ / HS_PER_SEC;
	}
	if (!link->hs_tokens)
		return false;
	link->hs_tokens--;
	return true;
}

/* One HELLO handled per peer every PEER_HELLO_MS, resends included. */
static bool peer_rate_ok(struct linkauth_peer *peer)
{
	unsigned long now = jiffies;

	if (peer->hello_at &&
	    time_before(now, peer->hello_at + msecs_to_jiffies(PEER_HELLO_MS)))
		return false;
	peer->hello_at = now;
	return true;
}

/*
 * An authenticated peer has a budget of its own, so that a flood of
 * HELLOs from other addresses cannot starve its rekeys.
 */
static bool hello_rate_ok(struct linkauth_link *link,
			  struct linkauth_peer *peer)
{
	if (peer && peer->authenticated)
		return peer_rate_ok(peer);
	return hs_rate_ok(link);
}

/**
 * linkauth_hs_start - send a HELLO to @mac, or to every device on the
 *	link when @mac is NULL
 * @link: an enabled link with an identity
 * @mac: the peer's address or NULL for discovery
 *
 * A session in force with the peer stays in force until the new handshake
 * replaces it.  Must hold the namespace lock.
 */
int linkauth_hs_start(struct linkauth_link *link, const u8 *mac)
{
	struct linkauth_msg_buf body;
	struct linkauth_peer *peer;
	struct linkauth_hs *hs;
	u32 session;
	int ret;

	lockdep_assert_held(&link->ln->lock);
	if (!link->enabled)
		return -ENETDOWN;
	if (!link->id)
		return -ENOKEY;
	if (!mac)
		mac = linkauth_discovery_addr;

	peer = linkauth_peer_find(link, mac);
	if (!peer) {
		peer = linkauth_peer_create(link, mac);
		if (IS_ERR(peer))
			return PTR_ERR(peer);
	}

	do {
		session = get_random_u32();
	} while (!session);
	hs = hs_alloc(ROLE_INITIATOR, session);
	if (!hs)
		return -ENOMEM;
	get_random_bytes(hs->nonce_init, LINKAUTH_NONCE_LEN);
	offer_build(link, &hs->offer);

	/* Step 1: open the session with our challenge and our offer. */
	ret = linkauth_msg_buf_init(&body, 128, GFP_KERNEL);
	if (ret) {
		linkauth_hs_free(hs);
		return ret;
	}
	linkauth_msg_put_tlv(&body, LINKAUTH_TLV_NONCE, hs->nonce_init,
			     LINKAUTH_NONCE_LEN);
	linkauth_msg_put_offer(&body, &hs->offer);
	hs->generation_sent = session_count(peer);
	put_generation(&body, hs->generation_sent);
	if (body.err) {
		ret = body.err;
		linkauth_msg_buf_free(&body);
		linkauth_hs_free(hs);
		return ret;
	}
	hs_keep_sent(hs, LINKAUTH_MSG_HELLO, &body);

	linkauth_hs_free(peer->hs);
	peer->hs = hs;
	peer->role = ROLE_INITIATOR;
	peer->state = LINKAUTH_PEER_HELLO_SENT;
	atomic64_inc(&link->stats.hs_started);
	hs_transmit(peer);
	hs_arm_retransmit(peer);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_hs_start);

/* Wake the peer's timer for its earliest retransmission, timeout, rekey
 * or expiry check.
 */
static void peer_schedule(struct linkauth_peer *peer)
{
	unsigned long next = jiffies + 60 * HZ;
	struct linkauth_hs *hs = peer->hs;

	if (hs) {
		next = hs->deadline;
		if (hs->role == ROLE_INITIATOR && hs->next_event &&
		    time_before(hs->next_event, next))
			next = hs->next_event;
	}
	if (peer->authenticated && peer->rekey_at &&
	    time_before(peer->rekey_at, next))
		next = peer->rekey_at;
	if (peer->authenticated && peer->expire_at &&
	    time_before(peer->expire_at, next))
		next = peer->expire_at;
	/* A peer without session or handshake stays a while so that its
	 * last error can be read, then goes, so that frames from made-up
	 * addresses cannot fill the table.
	 */
	if (!hs && !peer->authenticated)
		next = peer->idle_at + FAILED_KEEP_SEC * HZ;
	linkauth_peer_arm(peer, next);
}

/* Both ends start at once: the lower MAC address stays initiator. */
static bool hs_we_win_tie(struct linkauth_link *link, const u8 *peer_mac)
{
	u8 local[ETH_ALEN];

	linkauth_link_local_mac(link, local);
	return memcmp(local, peer_mac, ETH_ALEN) < 0;
}

/* Verify the peer's chain and that it names the sender's address. */
static int hs_check_peer_cert(struct linkauth_peer *peer,
			      const struct linkauth_msg *msg)
{
	struct linkauth_link *link = peer->link;
	struct linkauth_hs *hs = peer->hs;
	const u8 *certs[LINKAUTH_CHAIN_MAX];
	u16 lens[LINKAUTH_CHAIN_MAX];
	int i, err;

	for (i = 0; i < msg->n_certs; i++) {
		certs[i] = msg->certs[i].data;
		lens[i] = msg->certs[i].len;
	}
	err = linkauth_chain_verify(&link->ln->trust, certs, lens,
				    msg->n_certs, ktime_get_real_seconds(),
				    &hs->peer_info, &hs->peer_key);
	if (err)
		return err;

	if (!hs->peer_info.has_mac ||
	    !ether_addr_equal(hs->peer_info.mac, peer->mac)) {
		net_dbg_ratelimited("%s: certificate of %pM names %pM\n",
				    link->dev->name, peer->mac,
				    hs->peer_info.mac);
		return LINKAUTH_ERR_MAC_MISMATCH;
	}
	return 0;
}

/* Verify the peer's signature over the transcript and the signed part
 * of @body.
 */
static int hs_check_signature(struct linkauth_hs *hs,
			      const struct linkauth_msg *msg,
			      const u8 *body, bool by_initiator)
{
	u8 th[LINKAUTH_HASH_LEN], digest[LINKAUTH_HASH_LEN];

	if (msg->sigalg != hs->sel.sigalg)
		return LINKAUTH_ERR_DOWNGRADE;
	linkauth_transcript_peek(&hs->transcript, body, msg->signed_len, th);
	linkauth_sig_digest(by_initiator, th, digest);
	if (linkauth_sig_verify(hs->peer_key, digest, msg->signature.data,
				msg->signature.len))
		return LINKAUTH_ERR_BAD_SIGNATURE;
	return 0;
}

/* Run our half of the key agreement for the selected group. */
static int hs_kex(struct linkauth_hs *hs, const struct linkauth_msg *msg,
		  u8 z[LINKAUTH_SECRET_MAX], size_t *z_len)
{
	int ret;

	if (!hs->kex_ready) {
		ret = linkauth_kex_init(&hs->kex, hs->sel.group);
		if (ret == -ENOPKG)
			return LINKAUTH_ERR_UNSUPPORTED_ALGO;
		if (ret)
			return LINKAUTH_ERR_INTERNAL;
		hs->kex_ready = true;
	}
	if (!z)
		return 0;
	if (msg->share_group != hs->sel.group)
		return LINKAUTH_ERR_DOWNGRADE;
	ret = linkauth_kex_compute(&hs->kex, msg->share.data, msg->share.len,
				   z, z_len);
	return ret ? LINKAUTH_ERR_MALFORMED : 0;
}

/**
 * linkauth_hs_schedule_rekey - time the next rekey and the end of the
 *	session from now and the link's rekey interval
 * @peer: an authenticated peer
 *
 * The initiator of the session rekeys after the interval.  The responder
 * waits an eighth longer, so it starts a rekey only when the initiator
 * did not, for example because its own interval is longer.  A session
 * that was not rekeyed within two intervals ends.  Must hold the
 * namespace lock.
 */
void linkauth_hs_schedule_rekey(struct linkauth_peer *peer)
{
	unsigned long interval = peer->link->rekey_sec * HZ;

	lockdep_assert_held(&peer->ln->lock);
	peer->rekey_at = 0;
	peer->expire_at = 0;
	if (!interval)
		return;
	if (peer->role == ROLE_RESPONDER)
		interval += interval / 8;
	peer->rekey_at = jiffies + interval;
	peer->expire_at = jiffies + 2 * interval;
	peer_schedule(peer);
}

/* Every check passed: the new session replaces the one in force. */
static void hs_succeed(struct linkauth_peer *peer)
{
	struct linkauth_link *link = peer->link;
	struct linkauth_hs *hs = peer->hs;
	bool rekey = peer->authenticated;

	hs->next.established = ktime_get_real_seconds();
	peer->session = hs->next;
	memzero_explicit(&hs->next, sizeof(hs->next));
	peer->info = hs->peer_info;
	peer->authenticated = true;
	peer->state = LINKAUTH_PEER_AUTHENTICATED;
	peer->role = hs->role;
	peer->last_error = LINKAUTH_ERR_NONE;
	peer->handshakes++;
	atomic64_inc(&link->stats.hs_succeeded);
	netdev_dbg(link->dev, "peer %pM authenticated as %s\n", peer->mac,
		   peer->info.subject);

	linkauth_hs_schedule_rekey(peer);
	linkauth_genl_event(peer, rekey ? LINKAUTH_CMD_EV_REKEYED :
				    LINKAUTH_CMD_EV_AUTHENTICATED);
}

/* Step 2 (responder): reply to a HELLO with our challenge, our offer, the
 * selection, our certificates, our key share, and our signature.
 */
static int hs_build_response(struct linkauth_link *link,
			     struct linkauth_hs *hs,
			     struct linkauth_msg_buf *body)
{
	int ret;

	ret = linkauth_msg_buf_init(body, 1024, GFP_KERNEL);
	if (ret)
		return ret;
	linkauth_msg_put_tlv(body, LINKAUTH_TLV_NONCE, hs->nonce_resp,
			     LINKAUTH_NONCE_LEN);
	linkauth_msg_put_offer(body, &hs->offer);
	put_generation(body, hs->generation_sent);
	linkauth_msg_put_select(body, &hs->sel);
	put_chain(body, link->id);
	linkauth_msg_put_prefixed(body, LINKAUTH_TLV_KEY_SHARE, hs->sel.group,
				  hs->kex.pub, hs->kex.pub_len);
	ret = hs_sign(link, hs, body);
	if (ret)
		linkauth_msg_buf_free(body);
	return ret;
}

static void hs_on_hello(struct linkauth_link *link, struct linkauth_peer *peer,
			const u8 *src, u32 session,
			const struct linkauth_msg *msg, const u8 *body,
			size_t len)
{
	struct linkauth_msg_buf resp;
	struct linkauth_hs *hs;
	int err;

	if (peer && peer->hs) {
		hs = peer->hs;
		if (hs->session == session) {
			if (hs->role == ROLE_RESPONDER &&
			    hs->sent_type == LINKAUTH_MSG_RESPONSE &&
			    peer_rate_ok(peer))
				hs_transmit(peer);
			return;
		}
		if (hs->role == ROLE_INITIATOR &&
		    peer->state == LINKAUTH_PEER_HELLO_SENT &&
		    hs_we_win_tie(link, src))
			return;
	}

	if (!hello_rate_ok(link, peer)) {
		atomic64_inc(&link->stats.rx_drop_rate_limit);
		net_dbg_ratelimited("%s: HELLO from %pM over the rate limit\n",
				    link->dev->name, src);
		return;
	}
	if (!link->id) {
		send_error(link, src, session, LINKAUTH_ERR_NO_IDENTITY);
		return;
	}
	if (!peer) {
		peer = linkauth_peer_create(link, src);
		if (IS_ERR(peer)) {
			atomic64_inc(&link->stats.rx_drop_table_full);
			return;
		}
	}

	hs = hs_alloc(ROLE_RESPONDER, session);
	if (!hs)
		return;
	linkauth_hs_free(peer->hs);
	peer->hs = hs;
	peer->role = ROLE_RESPONDER;
	atomic64_inc(&link->stats.hs_started);
	memcpy(hs->nonce_init, msg->nonce, LINKAUTH_NONCE_LEN);
	get_random_bytes(hs->nonce_resp, LINKAUTH_NONCE_LEN);
	sha256_update(&hs->transcript, body, len);
	hs->generation_sent = session_count(peer);
	hs->next.generation = max(hs->generation_sent, msg->generation) + 1;

	/* Step 2: pick the first of the initiator's preferences we share. */
	offer_build(link, &hs->offer);
	if (linkauth_offer_select(&msg->offer, &hs->offer, &hs->sel)) {
		hs_fail(peer, LINKAUTH_ERR_NO_COMMON_SUITE, true);
		return;
	}

	err = hs_kex(hs, NULL, NULL, NULL);
	if (err) {
		hs_fail(peer, err, true);
		return;
	}
	if (hs_build_response(link, hs, &resp)) {
		hs_fail(peer, LINKAUTH_ERR_INTERNAL, true);
		return;
	}
	hs_keep_sent(hs, LINKAUTH_MSG_RESPONSE, &resp);
	peer->state = LINKAUTH_PEER_RESPONSE_SENT;
	hs_transmit(peer);
	peer_schedule(peer);
}

/* Step 8 (initiator): FINISH carries our certificates, key share and
 * signature over the responder's challenge, then the key confirmation.
 */
static int hs_build_finish(struct linkauth_link *link, struct linkauth_hs *hs,
			   const u8 *z, size_t z_len,
			   struct linkauth_msg_buf *body)
{
	u8 th[LINKAUTH_HASH_LEN], confirm[LINKAUTH_CONFIRM_LEN];
	int ret;

	ret = linkauth_msg_buf_init(body, 1024, GFP_KERNEL);
	if (ret)
		return ret;
	put_chain(body, link->id);
	linkauth_msg_put_prefixed(body, LINKAUTH_TLV_KEY_SHARE, hs->sel.group,
				  hs->kex.pub, hs->kex.pub_len);
	ret = hs_sign(link, hs, body);
	if (ret)
		goto err_free;

	linkauth_transcript_peek(&hs->transcript, body->data, body->len, th);
	ret = linkauth_keys_derive(hs, z, z_len, th) ?:
	      linkauth_confirm_compute(hs->confirm_init, th, confirm);
	if (ret)
		goto err_free;
	linkauth_msg_put_tlv(body, LINKAUTH_TLV_CONFIRM, confirm,
			     sizeof(confirm));
	ret = body->err;
	if (ret)
		goto err_free;
	return 0;

err_free:
	linkauth_msg_buf_free(body);
	return ret;
}

static int hs_on_response(struct linkauth_peer *peer,
			  const struct linkauth_msg *msg, const u8 *body,
			  size_t len)
{
	struct linkauth_link *link = peer->link;
	struct linkauth_hs *hs = peer->hs;
	struct linkauth_select expect;
	struct linkauth_msg_buf fin;
	u8 z[LINKAUTH_SECRET_MAX];
	size_t z_len;
	int err;

	/* Step 2: the selection must follow from the two offers. */
	if (linkauth_offer_select(&hs->offer, &msg->offer, &expect))
		return LINKAUTH_ERR_NO_COMMON_SUITE;
	if (expect.policy != msg->select.policy ||
	    expect.sigalg != msg->select.sigalg ||
	    expect.group != msg->select.group ||
	    expect.suite != msg->select.suite)
		return LINKAUTH_ERR_DOWNGRADE;
	hs->sel = expect;
	memcpy(hs->nonce_resp, msg->nonce, LINKAUTH_NONCE_LEN);
	hs->next.generation = max(hs->generation_sent, msg->generation) + 1;

	/* Steps 3, 4 and 7: chain, MAC address, signature over our nonce. */
	err = hs_check_peer_cert(peer, msg) ?:
	      hs_check_signature(hs, msg, body, false);
	if (err)
		return err;
	sha256_update(&hs->transcript, body, len);

	/* Steps 6 and 8: key agreement, our signature, confirmation. */
	err = hs_kex(hs, msg, z, &z_len);
	if (err)
		return err;
	err = hs_build_finish(link, hs, z, z_len, &fin);
	memzero_explicit(z, sizeof(z));
	if (err)
		return err == -ENOPKG ? LINKAUTH_ERR_UNSUPPORTED_ALGO :
					LINKAUTH_ERR_INTERNAL;
	hs_keep_sent(hs, LINKAUTH_MSG_FINISH, &fin);
	peer->state = LINKAUTH_PEER_FINISH_SENT;
	hs_transmit(peer);
	hs_arm_retransmit(peer);
	return 0;
}

static int hs_on_finish(struct linkauth_peer *peer,
			const struct linkauth_msg *msg, const u8 *body,
			size_t len)
{
	u8 th[LINKAUTH_HASH_LEN], confirm[LINKAUTH_CONFIRM_LEN];
	struct linkauth_hs *hs = peer->hs;
	struct linkauth_msg_buf ack;
	u8 z[LINKAUTH_SECRET_MAX];
	size_t z_len;
	int err;

	/* Steps 3, 4 and 7: chain, MAC address, signature over our nonce. */
	err = hs_check_peer_cert(peer, msg) ?:
	      hs_check_signature(hs, msg, body, true);
	if (err)
		return err;

	/* Step 8: key agreement and the initiator's key confirmation. */
	err = hs_kex(hs, msg, z, &z_len);
	if (err)
		return err;
	linkauth_transcript_peek(&hs->transcript, body, msg->confirmed_len,
				 th);
	err = linkauth_keys_derive(hs, z, z_len, th);
	memzero_explicit(z, sizeof(z));
	if (err)
		return LINKAUTH_ERR_INTERNAL;
	if (!linkauth_confirm_check(hs->confirm_init, th, msg->confirm))
		return LINKAUTH_ERR_BAD_CONFIRM;
	sha256_update(&hs->transcript, body, len);

	/* Our confirmation covers the whole transcript. */
	linkauth_transcript_peek(&hs->transcript, NULL, 0, th);
	if (linkauth_confirm_compute(hs->confirm_resp, th, confirm) ||
	    linkauth_msg_buf_init(&ack, 64, GFP_KERNEL))
		return LINKAUTH_ERR_INTERNAL;
	linkauth_msg_put_tlv(&ack, LINKAUTH_TLV_CONFIRM, confirm,
			     sizeof(confirm));
	if (ack.err) {
		linkauth_msg_buf_free(&ack);
		return LINKAUTH_ERR_INTERNAL;
	}
	hs_keep_sent(hs, LINKAUTH_MSG_ACK, &ack);
	hs_transmit(peer);

	/* Step 9.  The handshake stays until its deadline so that a
	 * retransmitted FINISH whose ACK was lost gets the ACK again.
	 */
	hs_succeed(peer);
	return 0;
}

static int hs_on_ack(struct linkauth_peer *peer,
		     const struct linkauth_msg *msg)
{
	struct linkauth_hs *hs = peer->hs;
	u8 th[LINKAUTH_HASH_LEN];

	linkauth_transcript_peek(&hs->transcript, NULL, 0, th);
	if (!linkauth_confirm_check(hs->confirm_resp, th, msg->confirm))
		return LINKAUTH_ERR_BAD_CONFIRM;
	hs_succeed(peer);
	peer_drop_hs(peer);
	return 0;
}

/*
 * A RESPONSE to a discovery HELLO comes from a device we have no peer for:
 * give it a handshake of its own that continues the discovery one.
 */
static struct linkauth_peer *hs_adopt_discovery(struct linkauth_link *link,
						const u8 *src, u32 session)
{
	struct linkauth_peer *disc, *peer;
	struct linkauth_hs *hs;

	disc = linkauth_peer_find(link, linkauth_discovery_addr);
	if (!disc || !disc->hs || disc->hs->session != session ||
	    disc->state != LINKAUTH_PEER_HELLO_SENT)
		return NULL;

	/* When both ends discover at once, each replied to the other's HELLO.
	 * The lower MAC address continues as initiator, as for unicast HELLOs.
	 */
	peer = linkauth_peer_find(link, src);
	if (peer && peer->hs && !hs_we_win_tie(link, src))
		return NULL;
	if (!peer) {
		peer = linkauth_peer_create(link, src);
		if (IS_ERR(peer))
			return NULL;
	}
	hs = hs_alloc(ROLE_INITIATOR, session);
	if (!hs)
		return NULL;
	memcpy(hs->nonce_init, disc->hs->nonce_init, LINKAUTH_NONCE_LEN);
	hs->offer = disc->hs->offer;
	hs->transcript = disc->hs->transcript;
	hs->deadline = disc->hs->deadline;
	linkauth_hs_free(peer->hs);
	peer->hs = hs;
	peer->role = ROLE_INITIATOR;
	peer->state = LINKAUTH_PEER_HELLO_SENT;
	atomic64_inc(&link->stats.hs_started);
	return peer;
}

static void hs_on_error(struct linkauth_peer *peer,
			const struct linkauth_msg *msg)
{
	net_dbg_ratelimited("%s: %pM rejected the handshake: %s\n",
			    peer->link->dev->name, peer->mac,
			    msg->error < __LINKAUTH_ERR_MAX ?
			    error_names[msg->error] : "unknown reason");
	hs_fail(peer, LINKAUTH_ERR_PEER_REJECTED, false);
}

/* Handle a complete message of a handshake in progress. */
static void hs_dispatch(struct linkauth_peer *peer, u8 type,
			const u8 *body, size_t len)
{
	struct linkauth_link *link = peer->link;
	struct linkauth_hs *hs = peer->hs;
	struct linkauth_msg msg;
	int err;

	if (linkauth_msg_parse(type, body, len, &msg)) {
		atomic64_inc(&link->stats.rx_drop_malformed);
		net_dbg_ratelimited("%s: malformed message %u from %pM\n",
				    link->dev->name, type, peer->mac);
		return;
	}

	if (type == LINKAUTH_MSG_ERROR) {
		hs_on_error(peer, &msg);
		return;
	}
	if (type == LINKAUTH_MSG_RESPONSE && hs->role == ROLE_INITIATOR &&
	    peer->state == LINKAUTH_PEER_HELLO_SENT) {
		err = hs_on_response(peer, &msg, body, len);
	} else if (type == LINKAUTH_MSG_FINISH &&
		   hs->role == ROLE_RESPONDER &&
		   peer->state == LINKAUTH_PEER_RESPONSE_SENT) {
		err = hs_on_finish(peer, &msg, body, len);
	} else if (type == LINKAUTH_MSG_FINISH &&
		   hs->sent_type == LINKAUTH_MSG_ACK) {
		/* Our ACK was lost: send it again. */
		hs_transmit(peer);
		return;
	} else if (type == LINKAUTH_MSG_ACK &&
		   peer->state == LINKAUTH_PEER_FINISH_SENT) {
		err = hs_on_ack(peer, &msg);
	} else {
		atomic64_inc(&link->stats.rx_drop_no_session);
		return;
	}

	if (err)
		hs_fail(peer, err, true);
	peer_schedule(peer);
}

/* DEAUTH proves knowledge of the session's deauth key, so only the
 * authenticated peer can end the session.
 */
static void deauth_value(const struct linkauth_session *s,
			 u8 out[LINKAUTH_CONFIRM_LEN])
{
	__be32 gen = htonl(s->generation);

	linkauth_hmac_sha256(s->deauth_key, sizeof(s->deauth_key),
			     (const u8 *)&gen, sizeof(gen), out);
}

static void hs_on_deauth(struct linkauth_peer *peer, const u8 *body,
			 size_t len)
{
	u8 want[LINKAUTH_CONFIRM_LEN];
	bool ok;

	if (!peer->authenticated || len != 4 + LINKAUTH_CONFIRM_LEN ||
	    get_unaligned_be16(body) != LINKAUTH_TLV_CONFIRM ||
	    get_unaligned_be16(body + 2) != LINKAUTH_CONFIRM_LEN) {
		atomic64_inc(&peer->link->stats.rx_drop_no_session);
		return;
	}
	deauth_value(&peer->session, want);
	ok = !crypto_memneq(want, body + 4, LINKAUTH_CONFIRM_LEN);
	memzero_explicit(want, sizeof(want));
	if (!ok) {
		atomic64_inc(&peer->link->stats.rx_drop_malformed);
		return;
	}
	netdev_dbg(peer->link->dev, "peer %pM deauthenticated us\n",
		   peer->mac);
	linkauth_peer_remove(peer, LINKAUTH_CMD_EV_PEER_LOST);
}

/**
 * linkauth_hs_deauth - end the session with @peer on both ends
 * @peer: the peer
 *
 * Must hold the namespace lock.
 */
void linkauth_hs_deauth(struct linkauth_peer *peer)
{
	u8 body[4 + LINKAUTH_CONFIRM_LEN];

	if (peer->authenticated) {
		put_unaligned_be16(LINKAUTH_TLV_CONFIRM, body);
		put_unaligned_be16(LINKAUTH_CONFIRM_LEN, body + 2);
		deauth_value(&peer->session, body + 4);
		linkauth_send_msg(peer->link, peer->mac, LINKAUTH_MSG_DEAUTH,
				  peer->session.generation ?: 1, body,
				  sizeof(body));
	}
	linkauth_peer_remove(peer, peer->authenticated ?
			     LINKAUTH_CMD_EV_PEER_LOST : 0);
}

/* Take a reassembled message out of the handshake and handle it, leaving
 * the reassembly state empty for the next message.
 */
static void hs_dispatch_complete(struct linkauth_peer *peer)
{
	struct linkauth_reasm *r = &peer->hs->reasm;
	u16 len = r->msg_len;
	u8 type = r->type;
	u8 *body = r->body;

	r->body = NULL;
	linkauth_reasm_free(r);
	linkauth_reasm_init(r);
	hs_dispatch(peer, type, body, len);
	kfree(body);
}

/**
 * linkauth_hs_receive - handle one frame of the handshake
 * @link: the link it arrived on
 * @src: its source address
 * @hdr: its header, already checked against the payload length
 * @payload: the fragment's bytes
 *
 * Must hold the namespace lock.
 */
void linkauth_hs_receive(struct linkauth_link *link, const u8 *src,
			 const struct linkauth_frame_hdr *hdr,
			 const u8 *payload)
{
	u32 session = ntohl(hdr->session);
	u16 msg_len = ntohs(hdr->msg_len);
	struct linkauth_peer *peer;
	struct linkauth_msg msg;
	struct linkauth_hs *hs;
	int ret;

	lockdep_assert_held(&link->ln->lock);
	if (ether_addr_equal(src, link->dev->dev_addr)) {
		/* Our own address: a reflection or a forgery. */
		atomic64_inc(&link->stats.rx_drop_malformed);
		return;
	}
	peer = linkauth_peer_find(link, src);

	/* HELLO is small, so it never needs reassembly. */
	if (hdr->type == LINKAUTH_MSG_HELLO) {
		if (hdr->frag_off || ntohs(hdr->frag_len) != msg_len ||
		    linkauth_msg_parse(hdr->type, payload, msg_len, &msg)) {
			atomic64_inc(&link->stats.rx_drop_malformed);
			return;
		}
		hs_on_hello(link, peer, src, session, &msg, payload, msg_len);
		return;
	}

	if (hdr->type == LINKAUTH_MSG_DEAUTH) {
		if (peer && !hdr->frag_off && ntohs(hdr->frag_len) == msg_len)
			hs_on_deauth(peer, payload, msg_len);
		else
			atomic64_inc(&link->stats.rx_drop_no_session);
		return;
	}

	hs = peer ? peer->hs : NULL;
	if ((!hs || hs->session != session) &&
	    hdr->type == LINKAUTH_MSG_RESPONSE) {
		peer = hs_adopt_discovery(link, src, session);
		hs = peer ? peer->hs : NULL;
	}
	if (!hs || hs->session != session) {
		atomic64_inc(&link->stats.rx_drop_no_session);
		return;
	}

	ret = linkauth_reasm_add(&hs->reasm, hdr, payload, GFP_KERNEL);
	if (ret < 0) {
		atomic64_inc(&link->stats.rx_drop_malformed);
		return;
	}
	if (!ret)
		return;

	hs_dispatch_complete(peer);
}

/* The handshake's deadline passed. */
static void hs_expire(struct linkauth_peer *peer)
{
	struct linkauth_hs *hs = peer->hs;

	if (is_discovery(peer->mac)) {
		/* Devices that replied continue in handshakes of their own. */
		linkauth_peer_remove(peer, 0);
		return;
	}
	if (hs->role == ROLE_RESPONDER && hs->sent_type == LINKAUTH_MSG_ACK) {
		peer_drop_hs(peer);
		return;
	}
	hs_fail(peer, LINKAUTH_ERR_TIMEOUT, false);
}

/* Resend our last message, waiting twice as long after each try. */
static void hs_retransmit(struct linkauth_peer *peer)
{
	struct linkauth_hs *hs = peer->hs;
	unsigned int shift = min(++hs->retries, 4U);

	hs_transmit(peer);
	hs->next_event = jiffies + msecs_to_jiffies(RETRANSMIT_MS << shift);
}

/**
 * linkauth_hs_timer - run the peer's due retransmission, timeout, rekey
 *	or certificate expiry, then schedule the next one
 * @peer: a live peer
 *
 * Must hold the namespace lock.
 */
void linkauth_hs_timer(struct linkauth_peer *peer)
{
	struct linkauth_hs *hs = peer->hs;
	unsigned long now = jiffies;

	lockdep_assert_held(&peer->ln->lock);
	if (!hs && !peer->authenticated &&
	    time_after_eq(now, peer->idle_at + FAILED_KEEP_SEC * HZ)) {
		linkauth_peer_remove(peer, 0);
		return;
	}
	if (hs && time_after_eq(now, hs->deadline)) {
		hs_expire(peer);
		if (peer->dead)
			return;
	} else if (hs && hs->role == ROLE_INITIATOR && hs->next_event &&
		   time_after_eq(now, hs->next_event)) {
		hs_retransmit(peer);
	}

	if (peer->authenticated &&
	    ktime_get_real_seconds() >= peer->info.not_after) {
		netdev_dbg(peer->link->dev, "certificate of %pM expired\n",
			   peer->mac);
		linkauth_peer_remove(peer, LINKAUTH_CMD_EV_EXPIRED);
		return;
	}
	if (peer->authenticated && peer->expire_at &&
	    time_after_eq(now, peer->expire_at)) {
		netdev_dbg(peer->link->dev, "session with %pM expired\n",
			   peer->mac);
		linkauth_peer_remove(peer, LINKAUTH_CMD_EV_EXPIRED);
		return;
	}
	if (peer->authenticated && !peer->hs && peer->rekey_at &&
	    time_after_eq(now, peer->rekey_at)) {
		peer->rekey_at = 0;
		if (linkauth_hs_start(peer->link, peer->mac))
			hs_fail(peer, LINKAUTH_ERR_INTERNAL, false);
	}
	peer_schedule(peer);
}

/* Remove every peer of @link, announcing @event for those with a session.
 * Must hold the namespace lock.
 */
void linkauth_hs_deauth_all(struct linkauth_link *link, u8 event)
{
	struct linkauth_peer *peer;
	struct hlist_node *tmp;
	int bkt;

	lockdep_assert_held(&link->ln->lock);
	hash_for_each_safe(link->peers, bkt, tmp, peer, node)
		linkauth_peer_remove(peer, peer->authenticated ? event : 0);
}
