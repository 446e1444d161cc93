// SPDX-License-Identifier: GPL-2.0
/*
 * Building, parsing and reassembling linkauth messages.  Everything here
 * handles bytes from the wire, so every length is checked before use and
 * every malformed input ends in -EBADMSG.
 */

#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include <uapi/linux/linkauth.h>

#include "compat.h"
#include "crypto.h"
#include "proto.h"

#define TLV_HDR_LEN		4
#define TLV_EXTENSION		0x8000
#define OFFER_FIXED_LEN		8
#define SELECT_LEN		12
#define X25519_SHARE_LEN	32
#define P256_SHARE_LEN		64	/* x || y, no point format byte */

/* @cap is the initial size; the buffer grows as needed. */
int linkauth_msg_buf_init(struct linkauth_msg_buf *buf, size_t cap, gfp_t gfp)
{
	buf->len = 0;
	buf->err = 0;
	buf->gfp = gfp;
	buf->cap = clamp_t(size_t, cap, 1, LINKAUTH_MSG_MAX);
	buf->data = kmalloc(buf->cap, gfp);
	if (!buf->data) {
		buf->cap = 0;
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_buf_init);

void linkauth_msg_buf_free(struct linkauth_msg_buf *buf)
{
	kfree(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_buf_free);

/* Make room for @need more bytes, doubling to keep reallocations rare. */
static int buf_grow(struct linkauth_msg_buf *buf, size_t need)
{
	size_t cap;
	u8 *data;

	if (need > LINKAUTH_MSG_MAX - buf->len)
		return -EMSGSIZE;
	if (buf->len + need <= buf->cap)
		return 0;

	cap = clamp_t(size_t, 2 * buf->cap, buf->len + need,
		      LINKAUTH_MSG_MAX);
	data = krealloc(buf->data, cap, buf->gfp);
	if (!data)
		return -ENOMEM;
	buf->data = data;
	buf->cap = cap;
	return 0;
}

/*
 * Reserve room for a TLV with @len value bytes and write its header.
 * Returns where the value goes, or NULL after recording the error.
 */
static u8 *tlv_reserve(struct linkauth_msg_buf *buf, u16 type, size_t len)
{
	u8 *tlv;

	if (buf->err)
		return NULL;
	buf->err = len > U16_MAX ? -EMSGSIZE :
		   buf_grow(buf, TLV_HDR_LEN + len);
	if (buf->err)
		return NULL;

	tlv = buf->data + buf->len;
	put_unaligned_be16(type, tlv);
	put_unaligned_be16(len, tlv + 2);
	buf->len += TLV_HDR_LEN + len;
	return tlv + TLV_HDR_LEN;
}

void linkauth_msg_put_tlv(struct linkauth_msg_buf *buf, u16 type,
			  const void *data, size_t len)
{
	u8 *val = tlv_reserve(buf, type, len);

	if (val)
		memcpy(val, data, len);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_put_tlv);

static u8 *put_list(u8 *p, const u16 *list, u8 n)
{
	u8 i;

	for (i = 0; i < n; i++, p += 2)
		put_unaligned_be16(list[i], p);
	return p;
}

static bool list_len_valid(u8 n)
{
	return n >= 1 && n <= LINKAUTH_LIST_MAX;
}

void linkauth_msg_put_offer(struct linkauth_msg_buf *buf,
			    const struct linkauth_offer *offer)
{
	size_t len;
	u8 *p;

	if (!list_len_valid(offer->n_sigalgs) ||
	    !list_len_valid(offer->n_groups) ||
	    !list_len_valid(offer->n_suites)) {
		if (!buf->err)
			buf->err = -EINVAL;
		return;
	}

	len = OFFER_FIXED_LEN +
	      2 * (offer->n_sigalgs + offer->n_groups + offer->n_suites);
	p = tlv_reserve(buf, LINKAUTH_TLV_OFFER, len);
	if (!p)
		return;

	put_unaligned_be32(offer->policy, p);
	p[4] = offer->n_sigalgs;
	p[5] = offer->n_groups;
	p[6] = offer->n_suites;
	p[7] = 0;
	p = put_list(p + OFFER_FIXED_LEN, offer->sigalgs, offer->n_sigalgs);
	p = put_list(p, offer->groups, offer->n_groups);
	put_list(p, offer->suites, offer->n_suites);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_put_offer);

void linkauth_msg_put_select(struct linkauth_msg_buf *buf,
			     const struct linkauth_select *sel)
{
	u8 *p = tlv_reserve(buf, LINKAUTH_TLV_SELECT, SELECT_LEN);

	if (!p)
		return;
	put_unaligned_be32(sel->policy, p);
	put_unaligned_be16(sel->sigalg, p + 4);
	put_unaligned_be16(sel->group, p + 6);
	put_unaligned_be16(sel->suite, p + 8);
	put_unaligned_be16(0, p + 10);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_put_select);

void linkauth_msg_put_prefixed(struct linkauth_msg_buf *buf, u16 type,
			       u16 prefix, const void *data, size_t len)
{
	u8 *p;

	if (len > U16_MAX - 2) {
		if (!buf->err)
			buf->err = -EMSGSIZE;
		return;
	}
	p = tlv_reserve(buf, type, 2 + len);
	if (!p)
		return;
	put_unaligned_be16(prefix, p);
	memcpy(p + 2, data, len);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_put_prefixed);

/*
 * The TLVs of each message type, as BIT(tlv type).  Every one of them is
 * required, and no other non-extension TLV may appear.
 */
static const u16 msg_tlvs[] = {
	[LINKAUTH_MSG_HELLO] = BIT(LINKAUTH_TLV_NONCE) |
			       BIT(LINKAUTH_TLV_OFFER) |
			       BIT(LINKAUTH_TLV_GENERATION),
	[LINKAUTH_MSG_RESPONSE] = BIT(LINKAUTH_TLV_NONCE) |
				  BIT(LINKAUTH_TLV_OFFER) |
				  BIT(LINKAUTH_TLV_GENERATION) |
				  BIT(LINKAUTH_TLV_SELECT) |
				  BIT(LINKAUTH_TLV_CERT) |
				  BIT(LINKAUTH_TLV_KEY_SHARE) |
				  BIT(LINKAUTH_TLV_SIGNATURE),
	[LINKAUTH_MSG_FINISH] = BIT(LINKAUTH_TLV_CERT) |
				BIT(LINKAUTH_TLV_KEY_SHARE) |
				BIT(LINKAUTH_TLV_SIGNATURE) |
				BIT(LINKAUTH_TLV_CONFIRM),
	[LINKAUTH_MSG_ACK] = BIT(LINKAUTH_TLV_CONFIRM),
	[LINKAUTH_MSG_ERROR] = BIT(LINKAUTH_TLV_ERROR),
	[LINKAUTH_MSG_DEAUTH] = BIT(LINKAUTH_TLV_CONFIRM),
};

static bool offer_list_parse(const u8 *p, u8 n, u16 *list)
{
	u8 i, j;

	if (!list_len_valid(n))
		return false;
	for (i = 0; i < n; i++) {
		list[i] = get_unaligned_be16(p + 2 * i);
		for (j = 0; j < i; j++)
			if (list[j] == list[i])
				return false;
	}
	return true;
}

static int offer_parse(const u8 *val, u16 len, struct linkauth_offer *offer)
{
	const u8 *lists = val + OFFER_FIXED_LEN;

	if (len < OFFER_FIXED_LEN || val[7] != 0)
		return -EBADMSG;
	offer->policy = get_unaligned_be32(val);
	offer->n_sigalgs = val[4];
	offer->n_groups = val[5];
	offer->n_suites = val[6];
	if (len != OFFER_FIXED_LEN + 2 * (offer->n_sigalgs +
					  offer->n_groups + offer->n_suites))
		return -EBADMSG;

	if (!offer_list_parse(lists, offer->n_sigalgs, offer->sigalgs))
		return -EBADMSG;
	lists += 2 * offer->n_sigalgs;
	if (!offer_list_parse(lists, offer->n_groups, offer->groups))
		return -EBADMSG;
	lists += 2 * offer->n_groups;
	if (!offer_list_parse(lists, offer->n_suites, offer->suites))
		return -EBADMSG;
	return 0;
}

static int select_parse(const u8 *val, u16 len, struct linkauth_select *sel)
{
	if (len != SELECT_LEN || get_unaligned_be16(val + 10) != 0)
		return -EBADMSG;
	sel->policy = get_unaligned_be32(val);
	sel->sigalg = get_unaligned_be16(val + 4);
	sel->group = get_unaligned_be16(val + 6);
	sel->suite = get_unaligned_be16(val + 8);
	return 0;
}

static size_t share_len(u16 group)
{
	switch (group) {
	case LINKAUTH_GROUP_X25519:
		return X25519_SHARE_LEN;
	case LINKAUTH_GROUP_P256:
		return P256_SHARE_LEN;
	default:
		return 0;
	}
}

static int key_share_parse(const u8 *val, u16 len, struct linkauth_msg *msg)
{
	if (len < 2)
		return -EBADMSG;
	msg->share_group = get_unaligned_be16(val);
	msg->share.data = val + 2;
	msg->share.len = len - 2;
	if (!msg->share.len || msg->share.len != share_len(msg->share_group))
		return -EBADMSG;
	return 0;
}

static int signature_parse(const u8 *val, u16 len, struct linkauth_msg *msg)
{
	if (len < 2 + 1 || len > 2 + LINKAUTH_SIG_MAX)
		return -EBADMSG;
	msg->sigalg = get_unaligned_be16(val);
	msg->signature.data = val + 2;
	msg->signature.len = len - 2;
	return 0;
}

/* Store the value of one TLV, which sits @off bytes into the body. */
static int tlv_parse(u16 type, const u8 *val, u16 len, size_t off,
		     struct linkauth_msg *msg)
{
	switch (type) {
	case LINKAUTH_TLV_NONCE:
		if (len != LINKAUTH_NONCE_LEN)
			return -EBADMSG;
		msg->nonce = val;
		return 0;
	case LINKAUTH_TLV_OFFER:
		msg->has_offer = true;
		return offer_parse(val, len, &msg->offer);
	case LINKAUTH_TLV_SELECT:
		msg->has_select = true;
		return select_parse(val, len, &msg->select);
	case LINKAUTH_TLV_CERT:
		if (!len || msg->n_certs == LINKAUTH_CHAIN_MAX)
			return -EBADMSG;
		msg->certs[msg->n_certs].data = val;
		msg->certs[msg->n_certs].len = len;
		msg->n_certs++;
		return 0;
	case LINKAUTH_TLV_KEY_SHARE:
		return key_share_parse(val, len, msg);
	case LINKAUTH_TLV_SIGNATURE:
		msg->signed_len = off;
		return signature_parse(val, len, msg);
	case LINKAUTH_TLV_CONFIRM:
		if (len != LINKAUTH_CONFIRM_LEN)
			return -EBADMSG;
		msg->confirm = val;
		msg->confirmed_len = off;
		return 0;
	case LINKAUTH_TLV_ERROR:
		if (len != 2)
			return -EBADMSG;
		msg->error = get_unaligned_be16(val);
		return 0;
	case LINKAUTH_TLV_GENERATION:
		if (len != 4)
			return -EBADMSG;
		msg->generation = get_unaligned_be32(val);
		return 0;
	default:
		return -EBADMSG;
	}
}

/*
 * Check where SIGNATURE and CONFIRM sit.  The signature covers the bytes
 * before it and the confirmation MAC the bytes before it, so a TLV after
 * either one, even an extension, would travel unauthenticated.
 */
static int order_check(const struct linkauth_msg *msg, size_t len)
{
	size_t sig_end = msg->signed_len + TLV_HDR_LEN + 2 +
			 msg->signature.len;

	switch (msg->type) {
	case LINKAUTH_MSG_RESPONSE:
		return sig_end == len ? 0 : -EBADMSG;
	case LINKAUTH_MSG_FINISH:
		if (sig_end != msg->confirmed_len)
			return -EBADMSG;
		fallthrough;
	case LINKAUTH_MSG_ACK:
	case LINKAUTH_MSG_DEAUTH:
		if (msg->confirmed_len + TLV_HDR_LEN + LINKAUTH_CONFIRM_LEN !=
		    len)
			return -EBADMSG;
		return 0;
	default:
		return 0;
	}
}

/**
 * linkauth_msg_parse() - parse and validate the body of a message
 * @type: message type from the frame header
 * @body: reassembled body
 * @len: length of @body in bytes
 * @msg: parsed message; its pointers refer into @body
 *
 * TLV types with the 0x8000 bit set are extensions and are skipped, but
 * not after SIGNATURE or CONFIRM.  @msg->session is left 0 for the caller.
 *
 * Return: 0, or -EBADMSG for any malformed or unexpected content.
 */
int linkauth_msg_parse(u8 type, const u8 *body, size_t len,
		       struct linkauth_msg *msg)
{
	u16 expected, seen = 0;
	size_t off;

	memset(msg, 0, sizeof(*msg));
	if (type < LINKAUTH_MSG_HELLO || type >= ARRAY_SIZE(msg_tlvs) ||
	    len > LINKAUTH_MSG_MAX)
		return -EBADMSG;
	expected = msg_tlvs[type];
	msg->type = type;

	for (off = 0; off < len; ) {
		u16 tlv_type, tlv_len;
		int err;

		if (len - off < TLV_HDR_LEN)
			return -EBADMSG;
		tlv_type = get_unaligned_be16(body + off);
		tlv_len = get_unaligned_be16(body + off + 2);
		if (tlv_len > len - off - TLV_HDR_LEN)
			return -EBADMSG;

		if (!(tlv_type & TLV_EXTENSION)) {
			if (tlv_type >= BITS_PER_TYPE(seen) ||
			    !(BIT(tlv_type) & expected))
				return -EBADMSG;
			if ((seen & BIT(tlv_type)) &&
			    tlv_type != LINKAUTH_TLV_CERT)
				return -EBADMSG;
			seen |= BIT(tlv_type);
			err = tlv_parse(tlv_type, body + off + TLV_HDR_LEN,
					tlv_len, off, msg);
			if (err)
				return err;
		}
		off += TLV_HDR_LEN + tlv_len;
	}

	if (seen != expected)
		return -EBADMSG;
	return order_check(msg, len);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_msg_parse);

/**
 * linkauth_frame_hdr_check() - validate a frame header
 * @hdr: header as received
 * @payload_len: bytes after the header; Ethernet padding of short frames
 *	may make this larger than the fragment
 *
 * Return: 0, or -EBADMSG when a field is out of range or the fragment is
 * longer than the bytes present.
 */
int linkauth_frame_hdr_check(const struct linkauth_frame_hdr *hdr,
			     size_t payload_len)
{
	u16 msg_len = be16_to_cpu(hdr->msg_len);
	u16 frag_off = be16_to_cpu(hdr->frag_off);
	u16 frag_len = be16_to_cpu(hdr->frag_len);

	if (hdr->version != LINKAUTH_PROTO_VERSION)
		return -EBADMSG;
	if (hdr->type < LINKAUTH_MSG_HELLO || hdr->type > LINKAUTH_MSG_DEAUTH)
		return -EBADMSG;
	if (!hdr->session)
		return -EBADMSG;
	if (!msg_len || msg_len > LINKAUTH_MSG_MAX)
		return -EBADMSG;
	if (!frag_len || frag_off + frag_len > msg_len)
		return -EBADMSG;
	if (payload_len < frag_len)
		return -EBADMSG;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_frame_hdr_check);

void linkauth_reasm_init(struct linkauth_reasm *r)
{
	memset(r, 0, sizeof(*r));
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_reasm_init);

void linkauth_reasm_free(struct linkauth_reasm *r)
{
	kfree(r->body);
	bitmap_free(r->seen);
	linkauth_reasm_init(r);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_reasm_free);

static int reasm_start(struct linkauth_reasm *r,
		       const struct linkauth_frame_hdr *hdr, gfp_t gfp)
{
	u16 msg_len = be16_to_cpu(hdr->msg_len);

	linkauth_reasm_free(r);
	r->body = kmalloc(msg_len, gfp);
	r->seen = bitmap_zalloc(msg_len, gfp);
	if (!r->body || !r->seen) {
		linkauth_reasm_free(r);
		return -ENOMEM;
	}
	r->type = hdr->type;
	r->session = be32_to_cpu(hdr->session);
	r->msg_len = msg_len;
	return 0;
}

/* Check that the bytes of [@start, @end) received before equal @data. */
static bool reasm_consistent(const struct linkauth_reasm *r,
			     unsigned int start, unsigned int end,
			     const u8 *data)
{
	unsigned int i = find_next_bit(r->seen, end, start);

	while (i < end) {
		unsigned int run_end = find_next_zero_bit(r->seen, end, i);

		if (memcmp(r->body + i, data + (i - start), run_end - i))
			return false;
		i = find_next_bit(r->seen, end, run_end);
	}
	return true;
}

/* Copy the bytes of [@start, @end) not received before. */
static void reasm_fill(struct linkauth_reasm *r, unsigned int start,
		       unsigned int end, const u8 *data)
{
	unsigned int i = find_next_zero_bit(r->seen, end, start);

	while (i < end) {
		unsigned int run_end = find_next_bit(r->seen, end, i);

		memcpy(r->body + i, data + (i - start), run_end - i);
		bitmap_set(r->seen, i, run_end - i);
		r->received += run_end - i;
		i = find_next_zero_bit(r->seen, end, run_end);
	}
}

int linkauth_reasm_add(struct linkauth_reasm *r,
		       const struct linkauth_frame_hdr *hdr,
		       const u8 *payload, gfp_t gfp)
{
	u16 msg_len = be16_to_cpu(hdr->msg_len);
	unsigned int start = be16_to_cpu(hdr->frag_off);
	unsigned int end = start + be16_to_cpu(hdr->frag_len);
	int err;

	if (!msg_len || msg_len > LINKAUTH_MSG_MAX || end <= start ||
	    end > msg_len)
		return -EBADMSG;

	/* A new message, or another one than the one in progress. */
	if (!r->body || r->type != hdr->type ||
	    r->session != be32_to_cpu(hdr->session) ||
	    r->received == r->msg_len) {
		err = reasm_start(r, hdr, gfp);
		if (err)
			return err;
	}

	if (msg_len != r->msg_len)
		return -EBADMSG;
	if (!reasm_consistent(r, start, end, payload))
		return -EBADMSG;
	reasm_fill(r, start, end, payload);
	return r->received == r->msg_len;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_reasm_add);

static bool list_contains(const u16 *list, u8 n, u16 value)
{
	u8 i;

	for (i = 0; i < n; i++)
		if (list[i] == value)
			return true;
	return false;
}

/* Pick the first entry of @pref that @other also lists. */
static int list_pick(const u16 *pref, u8 n_pref, const u16 *other,
		     u8 n_other, u16 *out)
{
	u8 i;

	if (n_pref > LINKAUTH_LIST_MAX || n_other > LINKAUTH_LIST_MAX)
		return -EINVAL;
	for (i = 0; i < n_pref; i++) {
		if (list_contains(other, n_other, pref[i])) {
			*out = pref[i];
			return 0;
		}
	}
	return -ENOENT;
}

int linkauth_offer_select(const struct linkauth_offer *init,
			  const struct linkauth_offer *resp,
			  struct linkauth_select *sel)
{
	int err;

	err = list_pick(init->sigalgs, init->n_sigalgs, resp->sigalgs,
			resp->n_sigalgs, &sel->sigalg);
	if (err)
		return err;
	err = list_pick(init->groups, init->n_groups, resp->groups,
			resp->n_groups, &sel->group);
	if (err)
		return err;
	err = list_pick(init->suites, init->n_suites, resp->suites,
			resp->n_suites, &sel->suite);
	if (err)
		return err;

	/* Either side may require a property, so both sides' flags apply. */
	sel->policy = init->policy | resp->policy;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_offer_select);
