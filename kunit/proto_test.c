// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the linkauth wire format: frame headers, TLV messages,
 * reassembly and offer negotiation (module/proto.c).
 *
 * This file also carries the test module's MODULE_* lines, so the other
 * test files of linkauth_test.ko must not repeat them.
 */

#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include <uapi/linux/linkauth.h>

#include "compat.h"
#include "crypto.h"
#include "proto.h"

/* Values that make each field easy to spot in a failing comparison. */
static const u8 nonce_a[LINKAUTH_NONCE_LEN] = { [0 ... 31] = 0xa1 };
static const u8 nonce_b[LINKAUTH_NONCE_LEN] = { [0 ... 31] = 0xb2 };
static const u8 confirm[LINKAUTH_CONFIRM_LEN] = { [0 ... 31] = 0xc3 };
static const u8 cert_leaf[40] = { [0 ... 39] = 0x30 };
static const u8 cert_ca[50] = { [0 ... 49] = 0x31 };
static const u8 share_x25519[32] = { [0 ... 31] = 0x25 };
static const u8 share_p256[64] = { [0 ... 63] = 0x56 };
static const u8 signature[256] = { [0 ... 255] = 0x5e };

static const struct linkauth_offer offer_init = {
	.policy = LINKAUTH_POLICY_MUTUAL,
	.n_sigalgs = 1,
	.sigalgs = { LINKAUTH_SIGALG_RSA_PKCS1_SHA256 },
	.n_groups = 2,
	.groups = { LINKAUTH_GROUP_X25519, LINKAUTH_GROUP_P256 },
	.n_suites = 3,
	.suites = { LINKAUTH_SUITE_GCM_AES_XPN_256,
		    LINKAUTH_SUITE_GCM_AES_256,
		    LINKAUTH_SUITE_GCM_AES_128 },
};

static const struct linkauth_offer offer_resp = {
	.policy = LINKAUTH_POLICY_ENCRYPT,
	.n_sigalgs = 1,
	.sigalgs = { LINKAUTH_SIGALG_RSA_PKCS1_SHA256 },
	.n_groups = 1,
	.groups = { LINKAUTH_GROUP_P256 },
	.n_suites = 2,
	.suites = { LINKAUTH_SUITE_GCM_AES_128, LINKAUTH_SUITE_GCM_AES_256 },
};

static const struct linkauth_select select_p256 = {
	.policy = LINKAUTH_POLICY_MUTUAL | LINKAUTH_POLICY_ENCRYPT,
	.sigalg = LINKAUTH_SIGALG_RSA_PKCS1_SHA256,
	.group = LINKAUTH_GROUP_P256,
	.suite = LINKAUTH_SUITE_GCM_AES_256,
};

static void test_buf_exit(struct kunit_resource *res)
{
	struct linkauth_msg_buf *buf = res->data;

	linkauth_msg_buf_free(buf);
	kfree(buf);
}

/*
 * Allocate a message buffer that the test releases when it ends.  It
 * starts small so that building a message exercises its growth.
 */
static struct linkauth_msg_buf *test_buf(struct kunit *test)
{
	struct linkauth_msg_buf *buf;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, kunit_alloc_resource(test, NULL,
							 test_buf_exit,
							 GFP_KERNEL, buf));
	KUNIT_ASSERT_EQ(test, linkauth_msg_buf_init(buf, 16, GFP_KERNEL), 0);
	return buf;
}

static void put_generation(struct linkauth_msg_buf *buf, u32 generation)
{
	__be32 value = cpu_to_be32(generation);

	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_GENERATION, &value,
			     sizeof(value));
}

static void put_nonce(struct linkauth_msg_buf *buf, const u8 *nonce)
{
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_NONCE, nonce,
			     LINKAUTH_NONCE_LEN);
}

static void put_certs(struct linkauth_msg_buf *buf, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i == 0)
			linkauth_msg_put_tlv(buf, LINKAUTH_TLV_CERT, cert_leaf,
					     sizeof(cert_leaf));
		else
			linkauth_msg_put_tlv(buf, LINKAUTH_TLV_CERT, cert_ca,
					     sizeof(cert_ca));
	}
}

static void put_share(struct linkauth_msg_buf *buf)
{
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_KEY_SHARE,
				  LINKAUTH_GROUP_P256, share_p256,
				  sizeof(share_p256));
}

static void put_signature(struct linkauth_msg_buf *buf)
{
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_SIGNATURE,
				  LINKAUTH_SIGALG_RSA_PKCS1_SHA256, signature,
				  sizeof(signature));
}

static void put_confirm(struct linkauth_msg_buf *buf)
{
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_CONFIRM, confirm,
			     sizeof(confirm));
}

/* An extension TLV, which receivers must skip. */
static void put_extension(struct linkauth_msg_buf *buf)
{
	static const u8 value[3] = { 1, 2, 3 };

	linkauth_msg_put_tlv(buf, 0x8001, value, sizeof(value));
}

/* Append bytes that are not a whole TLV, which the builder cannot write. */
static void put_raw(struct linkauth_msg_buf *buf, const void *data,
		    size_t len)
{
	u8 *grown;

	if (buf->cap - buf->len < len) {
		grown = krealloc(buf->data, buf->len + len, GFP_KERNEL);
		if (!grown) {
			buf->err = -ENOMEM;
			return;
		}
		buf->data = grown;
		buf->cap = buf->len + len;
	}
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
}

/* A TLV header whose length claims @len bytes, without the bytes. */
static void put_header_only(struct linkauth_msg_buf *buf, u16 type, u16 len)
{
	u8 hdr[4];

	put_unaligned_be16(type, hdr);
	put_unaligned_be16(len, hdr + 2);
	put_raw(buf, hdr, sizeof(hdr));
}

static void build_hello(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_a);
	linkauth_msg_put_offer(buf, &offer_init);
	put_generation(buf, 7);
}

static void build_response_head(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	put_generation(buf, 9);
	linkauth_msg_put_select(buf, &select_p256);
	put_certs(buf, 2);
	put_share(buf);
}

static void build_response(struct linkauth_msg_buf *buf)
{
	build_response_head(buf);
	put_signature(buf);
}

static void build_finish(struct linkauth_msg_buf *buf)
{
	put_certs(buf, 1);
	put_share(buf);
	put_signature(buf);
	put_confirm(buf);
}

static void expect_offer_eq(struct kunit *test,
			    const struct linkauth_offer *got,
			    const struct linkauth_offer *want)
{
	KUNIT_EXPECT_EQ(test, got->policy, want->policy);
	KUNIT_EXPECT_EQ(test, got->n_sigalgs, want->n_sigalgs);
	KUNIT_EXPECT_EQ(test, got->n_groups, want->n_groups);
	KUNIT_EXPECT_EQ(test, got->n_suites, want->n_suites);
	KUNIT_EXPECT_MEMEQ(test, got->sigalgs, want->sigalgs,
			   want->n_sigalgs * sizeof(u16));
	KUNIT_EXPECT_MEMEQ(test, got->groups, want->groups,
			   want->n_groups * sizeof(u16));
	KUNIT_EXPECT_MEMEQ(test, got->suites, want->suites,
			   want->n_suites * sizeof(u16));
}

/* Frame header cases: one field wrong at a time. */
struct hdr_case {
	const char *name;
	u8 version;
	u8 type;
	u32 session;
	u16 msg_len;
	u16 frag_off;
	u16 frag_len;
	size_t payload_len;
	int expected;
};

static const struct hdr_case hdr_cases[] = {
	/* Well-formed headers. */
	{ "single_fragment", 1, LINKAUTH_MSG_HELLO, 7, 100, 0, 100, 100, 0 },
	{ "last_fragment", 1, LINKAUTH_MSG_ACK, 7, 100, 60, 40, 40, 0 },
	{ "type_deauth", 1, LINKAUTH_MSG_DEAUTH, 7, 36, 0, 36, 36, 0 },
	/* Ethernet pads short frames to 60 bytes, so extra bytes are fine. */
	{ "ethernet_padding", 1, LINKAUTH_MSG_ACK, 7, 36, 0, 36, 46, 0 },
	{ "msg_len_max", 1, LINKAUTH_MSG_RESPONSE, 7, LINKAUTH_MSG_MAX,
	  LINKAUTH_MSG_MAX - 1, 1, 1, 0 },
	/* Malformed: each breaks one rule of the frame header. */
	{ "version_zero", 0, LINKAUTH_MSG_HELLO, 7, 100, 0, 100, 100,
	  -EBADMSG },
	{ "version_two", 2, LINKAUTH_MSG_HELLO, 7, 100, 0, 100, 100,
	  -EBADMSG },
	{ "type_zero", 1, 0, 7, 100, 0, 100, 100, -EBADMSG },
	{ "type_unknown", 1, LINKAUTH_MSG_DEAUTH + 1, 7, 100, 0, 100, 100,
	  -EBADMSG },
	{ "session_zero", 1, LINKAUTH_MSG_HELLO, 0, 100, 0, 100, 100,
	  -EBADMSG },
	{ "msg_len_zero", 1, LINKAUTH_MSG_HELLO, 7, 0, 0, 1, 1, -EBADMSG },
	{ "msg_len_too_long", 1, LINKAUTH_MSG_HELLO, 7, LINKAUTH_MSG_MAX + 1,
	  0, 100, 100, -EBADMSG },
	{ "frag_len_zero", 1, LINKAUTH_MSG_HELLO, 7, 100, 0, 0, 0, -EBADMSG },
	{ "frag_past_msg_len", 1, LINKAUTH_MSG_HELLO, 7, 100, 60, 41, 41,
	  -EBADMSG },
	{ "frag_off_past_msg_len", 1, LINKAUTH_MSG_HELLO, 7, 100, 100, 1, 1,
	  -EBADMSG },
	/* frag_len claims more bytes than the frame carries. */
	{ "truncated_payload", 1, LINKAUTH_MSG_HELLO, 7, 100, 0, 100, 99,
	  -EBADMSG },
	{ "empty_payload", 1, LINKAUTH_MSG_HELLO, 7, 100, 0, 100, 0,
	  -EBADMSG },
};

static void hdr_case_desc(const struct hdr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hdr, hdr_cases, hdr_case_desc);

static void linkauth_frame_hdr_check_cases(struct kunit *test)
{
	const struct hdr_case *c = test->param_value;
	struct linkauth_frame_hdr hdr = {
		.version = c->version,
		.type = c->type,
		.msg_len = cpu_to_be16(c->msg_len),
		.session = cpu_to_be32(c->session),
		.frag_off = cpu_to_be16(c->frag_off),
		.frag_len = cpu_to_be16(c->frag_len),
	};

	KUNIT_EXPECT_EQ(test, linkauth_frame_hdr_check(&hdr, c->payload_len),
			c->expected);
}

static void linkauth_msg_parse_hello(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;

	build_hello(buf);
	KUNIT_ASSERT_EQ(test, buf->err, 0);
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_HELLO, buf->data,
						 buf->len, &msg), 0);

	KUNIT_EXPECT_EQ(test, msg.type, LINKAUTH_MSG_HELLO);
	KUNIT_ASSERT_NOT_NULL(test, msg.nonce);
	KUNIT_EXPECT_MEMEQ(test, msg.nonce, nonce_a, LINKAUTH_NONCE_LEN);
	KUNIT_EXPECT_TRUE(test, msg.has_offer);
	KUNIT_EXPECT_FALSE(test, msg.has_select);
	KUNIT_EXPECT_EQ(test, msg.generation, 7U);
	expect_offer_eq(test, &msg.offer, &offer_init);
	KUNIT_EXPECT_EQ(test, msg.n_certs, 0);
	KUNIT_EXPECT_NULL(test, msg.confirm);
}

static void linkauth_msg_parse_response(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	size_t sig_off;
	struct linkauth_msg msg;

	build_response_head(buf);
	sig_off = buf->len;
	put_signature(buf);
	KUNIT_ASSERT_EQ(test, buf->err, 0);
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_RESPONSE,
						 buf->data, buf->len, &msg), 0);

	KUNIT_EXPECT_MEMEQ(test, msg.nonce, nonce_b, LINKAUTH_NONCE_LEN);
	expect_offer_eq(test, &msg.offer, &offer_resp);
	KUNIT_EXPECT_TRUE(test, msg.has_select);
	KUNIT_EXPECT_EQ(test, msg.select.policy, select_p256.policy);
	KUNIT_EXPECT_EQ(test, msg.select.sigalg, select_p256.sigalg);
	KUNIT_EXPECT_EQ(test, msg.select.group, select_p256.group);
	KUNIT_EXPECT_EQ(test, msg.select.suite, select_p256.suite);
	KUNIT_ASSERT_EQ(test, msg.n_certs, 2);
	KUNIT_EXPECT_EQ(test, msg.certs[0].len, sizeof(cert_leaf));
	KUNIT_EXPECT_MEMEQ(test, msg.certs[0].data, cert_leaf,
			   sizeof(cert_leaf));
	KUNIT_EXPECT_EQ(test, msg.certs[1].len, sizeof(cert_ca));
	KUNIT_EXPECT_MEMEQ(test, msg.certs[1].data, cert_ca, sizeof(cert_ca));
	KUNIT_EXPECT_EQ(test, msg.share_group, LINKAUTH_GROUP_P256);
	KUNIT_EXPECT_EQ(test, msg.share.len, sizeof(share_p256));
	KUNIT_EXPECT_MEMEQ(test, msg.share.data, share_p256,
			   sizeof(share_p256));
	KUNIT_EXPECT_EQ(test, msg.sigalg, LINKAUTH_SIGALG_RSA_PKCS1_SHA256);
	KUNIT_EXPECT_EQ(test, msg.signature.len, sizeof(signature));
	KUNIT_EXPECT_MEMEQ(test, msg.signature.data, signature,
			   sizeof(signature));
	KUNIT_EXPECT_EQ(test, msg.signed_len, sig_off);
}

static void linkauth_msg_parse_finish(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	size_t sig_off, confirm_off;
	struct linkauth_msg msg;

	put_certs(buf, LINKAUTH_CHAIN_MAX);
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_KEY_SHARE,
				  LINKAUTH_GROUP_X25519, share_x25519,
				  sizeof(share_x25519));
	sig_off = buf->len;
	put_signature(buf);
	confirm_off = buf->len;
	put_confirm(buf);
	KUNIT_ASSERT_EQ(test, buf->err, 0);
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_FINISH,
						 buf->data, buf->len, &msg), 0);

	KUNIT_EXPECT_NULL(test, msg.nonce);
	KUNIT_EXPECT_FALSE(test, msg.has_offer);
	KUNIT_EXPECT_EQ(test, msg.n_certs, LINKAUTH_CHAIN_MAX);
	KUNIT_EXPECT_EQ(test, msg.share_group, LINKAUTH_GROUP_X25519);
	KUNIT_EXPECT_MEMEQ(test, msg.share.data, share_x25519,
			   sizeof(share_x25519));
	KUNIT_EXPECT_EQ(test, msg.signed_len, sig_off);
	KUNIT_EXPECT_EQ(test, msg.confirmed_len, confirm_off);
	KUNIT_ASSERT_NOT_NULL(test, msg.confirm);
	KUNIT_EXPECT_MEMEQ(test, msg.confirm, confirm, sizeof(confirm));
}

static void linkauth_msg_parse_ack(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;

	put_confirm(buf);
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_ACK, buf->data,
						 buf->len, &msg), 0);

	KUNIT_ASSERT_NOT_NULL(test, msg.confirm);
	KUNIT_EXPECT_MEMEQ(test, msg.confirm, confirm, sizeof(confirm));
	KUNIT_EXPECT_EQ(test, msg.confirmed_len, 0);
}

static void linkauth_msg_parse_error(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	__be16 code = cpu_to_be16(LINKAUTH_ERR_BAD_SIGNATURE);
	struct linkauth_msg msg;

	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_ERROR, &code, sizeof(code));
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_ERROR, buf->data,
						 buf->len, &msg), 0);

	KUNIT_EXPECT_EQ(test, msg.error, LINKAUTH_ERR_BAD_SIGNATURE);
}

static void linkauth_msg_parse_deauth(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;

	put_extension(buf);
	put_confirm(buf);
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_DEAUTH,
						 buf->data, buf->len, &msg), 0);

	KUNIT_ASSERT_NOT_NULL(test, msg.confirm);
	KUNIT_EXPECT_MEMEQ(test, msg.confirm, confirm, sizeof(confirm));
	KUNIT_EXPECT_EQ(test, msg.confirmed_len, 7);
}

static void linkauth_msg_parse_skips_extensions(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;

	put_extension(buf);
	put_nonce(buf, nonce_a);
	put_extension(buf);
	linkauth_msg_put_offer(buf, &offer_init);
	put_generation(buf, 7);
	put_extension(buf);
	KUNIT_ASSERT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_HELLO, buf->data,
						 buf->len, &msg), 0);

	KUNIT_EXPECT_MEMEQ(test, msg.nonce, nonce_a, LINKAUTH_NONCE_LEN);
	expect_offer_eq(test, &msg.offer, &offer_init);
}

static void linkauth_msg_put_tlv_grows(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;

	KUNIT_EXPECT_EQ(test, buf->cap, 16);
	build_response(buf);
	KUNIT_ASSERT_EQ(test, buf->err, 0);
	KUNIT_EXPECT_GE(test, buf->cap, buf->len);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_RESPONSE,
						 buf->data, buf->len, &msg), 0);
}

/* The builder's sticky error: a TLV past LINKAUTH_MSG_MAX is not written. */
static void linkauth_msg_put_tlv_overflow(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	const size_t fill = LINKAUTH_MSG_MAX - 4 - 36;
	u8 *big;

	big = kunit_kzalloc(test, fill, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, big);
	linkauth_msg_put_tlv(buf, 0x8000, big, fill);
	put_nonce(buf, nonce_a);
	KUNIT_EXPECT_EQ(test, buf->err, 0);
	KUNIT_EXPECT_EQ(test, buf->len, LINKAUTH_MSG_MAX);

	put_confirm(buf);
	KUNIT_EXPECT_EQ(test, buf->err, -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, buf->len, LINKAUTH_MSG_MAX);
	/* The error sticks even for a TLV that would fit. */
	buf->len -= 36;
	put_nonce(buf, nonce_a);
	KUNIT_EXPECT_EQ(test, buf->len, LINKAUTH_MSG_MAX - 36);
}

static void linkauth_msg_put_offer_empty_list(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_offer offer = offer_init;

	offer.n_groups = 0;
	linkauth_msg_put_offer(buf, &offer);
	KUNIT_EXPECT_EQ(test, buf->err, -EINVAL);
	KUNIT_EXPECT_EQ(test, buf->len, 0);
}

static void linkauth_msg_buf_init_alloc(struct kunit *test)
{
	struct linkauth_msg_buf buf;

	KUNIT_ASSERT_EQ(test, linkauth_msg_buf_init(&buf, 128, GFP_KERNEL), 0);
	KUNIT_EXPECT_EQ(test, buf.cap, 128);
	KUNIT_EXPECT_EQ(test, buf.len, 0);
	put_confirm(&buf);
	KUNIT_EXPECT_EQ(test, buf.err, 0);
	KUNIT_EXPECT_EQ(test, buf.len, 36);
	linkauth_msg_buf_free(&buf);
	KUNIT_EXPECT_NULL(test, buf.data);
}

/* OFFER TLV values written byte by byte, for the malformed cases. */
static void put_raw_offer(struct linkauth_msg_buf *buf, u8 n_sigalgs,
			  u8 n_groups, u8 n_suites, u8 reserved,
			  const u16 *lists, u8 n_entries)
{
	u8 value[8 + 2 * 3 * LINKAUTH_LIST_MAX + 2];
	u8 i;

	put_unaligned_be32(0, value);
	value[4] = n_sigalgs;
	value[5] = n_groups;
	value[6] = n_suites;
	value[7] = reserved;
	for (i = 0; i < n_entries; i++)
		put_unaligned_be16(lists[i], value + 8 + 2 * i);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_OFFER, value, 8 + 2 * n_entries);
}

static void hello_offer_raw(struct linkauth_msg_buf *buf, u8 n_sigalgs,
			    u8 n_groups, u8 n_suites, u8 reserved,
			    const u16 *lists, u8 n_entries)
{
	put_nonce(buf, nonce_a);
	put_raw_offer(buf, n_sigalgs, n_groups, n_suites, reserved, lists,
		      n_entries);
	put_generation(buf, 7);
}

/* Offer lists packed back to back, as put_raw_offer() takes them. */
static const u16 repeated_entries[] = { 0, 0, 1, 2 };
static const u16 distinct_entries[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

/*
 * Malformed message builders.  Each starts from a valid message and
 * breaks one rule of the wire format.
 */
static void bad_empty_body(struct linkauth_msg_buf *buf)
{
}

static void bad_truncated_tlv_header(struct linkauth_msg_buf *buf)
{
	static const u8 partial[3] = { 0x00, 0x01, 0x00 };

	build_hello(buf);
	put_raw(buf, partial, sizeof(partial));
}

static void bad_trailing_byte(struct linkauth_msg_buf *buf)
{
	static const u8 zero;

	build_hello(buf);
	put_raw(buf, &zero, 1);
}

static void bad_length_past_body(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_a);
	linkauth_msg_put_offer(buf, &offer_init);
	/* Claim one byte more than the OFFER value holds. */
	put_unaligned_be16(get_unaligned_be16(buf->data + 38) + 1,
			   buf->data + 38);
}

static void bad_length_short(struct linkauth_msg_buf *buf)
{
	put_header_only(buf, LINKAUTH_TLV_NONCE, LINKAUTH_NONCE_LEN);
	put_raw(buf, nonce_a, LINKAUTH_NONCE_LEN - 1);
}

static void bad_unknown_type(struct linkauth_msg_buf *buf)
{
	build_hello(buf);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_ERROR + 1, confirm, 4);
}

static void bad_type_0x7fff(struct linkauth_msg_buf *buf)
{
	build_hello(buf);
	linkauth_msg_put_tlv(buf, 0x7fff, confirm, 4);
}

static void bad_type_not_allowed(struct linkauth_msg_buf *buf)
{
	build_hello(buf);
	linkauth_msg_put_select(buf, &select_p256);
}

static void bad_duplicate_nonce(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_a);
	put_nonce(buf, nonce_a);
	linkauth_msg_put_offer(buf, &offer_init);
	put_generation(buf, 7);
}

static void bad_missing_offer(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_a);
	put_generation(buf, 7);
}

static void bad_missing_generation(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_a);
	linkauth_msg_put_offer(buf, &offer_init);
}

static void bad_generation_length(struct linkauth_msg_buf *buf)
{
	static const u8 value[3];

	put_nonce(buf, nonce_a);
	linkauth_msg_put_offer(buf, &offer_init);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_GENERATION, value,
			     sizeof(value));
}

static void bad_nonce_length(struct linkauth_msg_buf *buf)
{
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_NONCE, nonce_a,
			     LINKAUTH_NONCE_LEN - 1);
	linkauth_msg_put_offer(buf, &offer_init);
}

static void bad_offer_count_mismatch(struct linkauth_msg_buf *buf)
{
	/* The counts add up to 3 entries, the value carries 2. */
	hello_offer_raw(buf, 1, 1, 1, 0, distinct_entries, 2);
}

static void bad_offer_count_extra(struct linkauth_msg_buf *buf)
{
	hello_offer_raw(buf, 1, 1, 1, 0, distinct_entries, 4);
}

static void bad_offer_duplicate(struct linkauth_msg_buf *buf)
{
	/* The sigalg list contains entry 0 twice. */
	hello_offer_raw(buf, 2, 1, 1, 0, repeated_entries, 4);
}

static void bad_offer_empty_list(struct linkauth_msg_buf *buf)
{
	hello_offer_raw(buf, 1, 0, 1, 0, distinct_entries, 2);
}

static void bad_offer_list_too_long(struct linkauth_msg_buf *buf)
{
	hello_offer_raw(buf, 1, 1, LINKAUTH_LIST_MAX + 1, 0,
			distinct_entries, ARRAY_SIZE(distinct_entries));
}

static void bad_offer_reserved(struct linkauth_msg_buf *buf)
{
	hello_offer_raw(buf, 1, 1, 1, 1, distinct_entries, 3);
}

static void bad_offer_too_short(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_a);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_OFFER, confirm, 7);
	put_generation(buf, 7);
}

static void bad_select_length(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_SELECT, confirm, 10);
	put_certs(buf, 1);
	put_share(buf);
	put_signature(buf);
}

static void bad_select_reserved(struct linkauth_msg_buf *buf)
{
	static const u8 sel[12] = { [11] = 1 };

	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_SELECT, sel, sizeof(sel));
	put_certs(buf, 1);
	put_share(buf);
	put_signature(buf);
}

static void bad_signature_not_last(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_select(buf, &select_p256);
	put_certs(buf, 1);
	put_signature(buf);
	put_share(buf);
}

/* Even an extension may not follow the signature: it would be unsigned. */
static void bad_extension_after_signature(struct linkauth_msg_buf *buf)
{
	build_response(buf);
	put_extension(buf);
}

static void bad_no_certs(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_select(buf, &select_p256);
	put_share(buf);
	put_signature(buf);
}

static void bad_too_many_certs(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_select(buf, &select_p256);
	put_certs(buf, LINKAUTH_CHAIN_MAX + 1);
	put_share(buf);
	put_signature(buf);
}

static void bad_empty_cert(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_select(buf, &select_p256);
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_CERT, NULL, 0);
	put_share(buf);
	put_signature(buf);
}

static void bad_share_length(struct linkauth_msg_buf *buf)
{
	put_nonce(buf, nonce_b);
	linkauth_msg_put_offer(buf, &offer_resp);
	linkauth_msg_put_select(buf, &select_p256);
	put_certs(buf, 1);
	/* A 32-byte key labelled as P-256, which needs 64. */
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_KEY_SHARE,
				  LINKAUTH_GROUP_P256, share_x25519,
				  sizeof(share_x25519));
	put_signature(buf);
}

static void bad_share_group(struct linkauth_msg_buf *buf)
{
	put_certs(buf, 1);
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_KEY_SHARE,
				  __LINKAUTH_GROUP_MAX, share_x25519,
				  sizeof(share_x25519));
	put_signature(buf);
	put_confirm(buf);
}

static void bad_signature_empty(struct linkauth_msg_buf *buf)
{
	build_response_head(buf);
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_SIGNATURE,
				  LINKAUTH_SIGALG_RSA_PKCS1_SHA256, NULL, 0);
}

static void bad_signature_too_long(struct linkauth_msg_buf *buf)
{
	static const u8 big[LINKAUTH_SIG_MAX + 1];

	build_response_head(buf);
	linkauth_msg_put_prefixed(buf, LINKAUTH_TLV_SIGNATURE,
				  LINKAUTH_SIGALG_RSA_PKCS1_SHA256, big,
				  sizeof(big));
}

static void bad_confirm_not_last(struct linkauth_msg_buf *buf)
{
	build_finish(buf);
	put_extension(buf);
}

static void bad_signature_before_share(struct linkauth_msg_buf *buf)
{
	put_certs(buf, 1);
	put_signature(buf);
	put_share(buf);
	put_confirm(buf);
}

static void bad_extension_between(struct linkauth_msg_buf *buf)
{
	put_certs(buf, 1);
	put_share(buf);
	put_signature(buf);
	put_extension(buf);
	put_confirm(buf);
}

static void bad_finish_no_confirm(struct linkauth_msg_buf *buf)
{
	put_certs(buf, 1);
	put_share(buf);
	put_signature(buf);
}

static void bad_confirm_length(struct linkauth_msg_buf *buf)
{
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_CONFIRM, confirm,
			     LINKAUTH_CONFIRM_LEN + 1);
}

static void bad_duplicate_confirm(struct linkauth_msg_buf *buf)
{
	put_confirm(buf);
	put_confirm(buf);
}

static void bad_ack_extension_after(struct linkauth_msg_buf *buf)
{
	put_confirm(buf);
	put_extension(buf);
}

static void bad_error_length(struct linkauth_msg_buf *buf)
{
	linkauth_msg_put_tlv(buf, LINKAUTH_TLV_ERROR, confirm, 3);
}

struct parse_case {
	const char *name;
	u8 type;
	void (*build)(struct linkauth_msg_buf *buf);
};

static const struct parse_case parse_cases[] = {
	/* Framing of the TLV stream. */
	{ "empty_body", LINKAUTH_MSG_HELLO, bad_empty_body },
	{ "truncated_tlv_header", LINKAUTH_MSG_HELLO,
	  bad_truncated_tlv_header },
	{ "trailing_byte", LINKAUTH_MSG_HELLO, bad_trailing_byte },
	{ "length_past_body", LINKAUTH_MSG_HELLO, bad_length_past_body },
	{ "length_past_body_nonce", LINKAUTH_MSG_HELLO, bad_length_short },
	/* TLV types. */
	{ "unknown_type", LINKAUTH_MSG_HELLO, bad_unknown_type },
	{ "type_0x7fff", LINKAUTH_MSG_HELLO, bad_type_0x7fff },
	{ "type_not_allowed", LINKAUTH_MSG_HELLO, bad_type_not_allowed },
	{ "duplicate_nonce", LINKAUTH_MSG_HELLO, bad_duplicate_nonce },
	{ "missing_offer", LINKAUTH_MSG_HELLO, bad_missing_offer },
	{ "missing_generation", LINKAUTH_MSG_HELLO, bad_missing_generation },
	{ "generation_length", LINKAUTH_MSG_HELLO, bad_generation_length },
	{ "message_type_zero", 0, build_hello },
	{ "message_type_unknown", LINKAUTH_MSG_DEAUTH + 1, build_hello },
	{ "hello_as_response", LINKAUTH_MSG_RESPONSE, build_hello },
	/* TLV values. */
	{ "nonce_length", LINKAUTH_MSG_HELLO, bad_nonce_length },
	{ "offer_count_mismatch", LINKAUTH_MSG_HELLO,
	  bad_offer_count_mismatch },
	{ "offer_count_extra", LINKAUTH_MSG_HELLO, bad_offer_count_extra },
	{ "offer_duplicate_entry", LINKAUTH_MSG_HELLO, bad_offer_duplicate },
	{ "offer_empty_list", LINKAUTH_MSG_HELLO, bad_offer_empty_list },
	{ "offer_list_too_long", LINKAUTH_MSG_HELLO,
	  bad_offer_list_too_long },
	{ "offer_reserved", LINKAUTH_MSG_HELLO, bad_offer_reserved },
	{ "offer_too_short", LINKAUTH_MSG_HELLO, bad_offer_too_short },
	{ "select_length", LINKAUTH_MSG_RESPONSE, bad_select_length },
	{ "select_reserved", LINKAUTH_MSG_RESPONSE, bad_select_reserved },
	{ "share_length", LINKAUTH_MSG_RESPONSE, bad_share_length },
	{ "share_group", LINKAUTH_MSG_FINISH, bad_share_group },
	{ "signature_empty", LINKAUTH_MSG_RESPONSE, bad_signature_empty },
	{ "signature_too_long", LINKAUTH_MSG_RESPONSE,
	  bad_signature_too_long },
	{ "confirm_length", LINKAUTH_MSG_ACK, bad_confirm_length },
	{ "error_length", LINKAUTH_MSG_ERROR, bad_error_length },
	/* Certificates. */
	{ "no_certs", LINKAUTH_MSG_RESPONSE, bad_no_certs },
	{ "too_many_certs", LINKAUTH_MSG_RESPONSE, bad_too_many_certs },
	{ "empty_cert", LINKAUTH_MSG_RESPONSE, bad_empty_cert },
	/* Order of SIGNATURE and CONFIRM. */
	{ "signature_not_last", LINKAUTH_MSG_RESPONSE,
	  bad_signature_not_last },
	{ "extension_after_signature", LINKAUTH_MSG_RESPONSE,
	  bad_extension_after_signature },
	{ "confirm_not_last", LINKAUTH_MSG_FINISH, bad_confirm_not_last },
	{ "signature_before_share", LINKAUTH_MSG_FINISH,
	  bad_signature_before_share },
	{ "extension_before_confirm", LINKAUTH_MSG_FINISH,
	  bad_extension_between },
	{ "finish_without_confirm", LINKAUTH_MSG_FINISH,
	  bad_finish_no_confirm },
	{ "duplicate_confirm", LINKAUTH_MSG_ACK, bad_duplicate_confirm },
	{ "ack_extension_after_confirm", LINKAUTH_MSG_ACK,
	  bad_ack_extension_after },
	{ "deauth_duplicate_confirm", LINKAUTH_MSG_DEAUTH,
	  bad_duplicate_confirm },
	{ "deauth_extension_after_confirm", LINKAUTH_MSG_DEAUTH,
	  bad_ack_extension_after },
	{ "deauth_with_error", LINKAUTH_MSG_DEAUTH, bad_error_length },
};

static void parse_case_desc(const struct parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(parse, parse_cases, parse_case_desc);

static void linkauth_msg_parse_malformed(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;

	c->build(buf);
	KUNIT_ASSERT_EQ(test, buf->err, 0);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(c->type, buf->data, buf->len,
						 &msg), -EBADMSG);
}

/* Each valid builder above must parse, or the malformed cases prove nothing. */
static void linkauth_msg_parse_valid_builders(struct kunit *test)
{
	struct linkauth_msg_buf *buf;
	struct linkauth_msg msg;

	buf = test_buf(test);
	build_hello(buf);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_HELLO, buf->data,
						 buf->len, &msg), 0);
	buf = test_buf(test);
	build_response(buf);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_RESPONSE,
						 buf->data, buf->len, &msg), 0);
	buf = test_buf(test);
	build_finish(buf);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_FINISH,
						 buf->data, buf->len, &msg), 0);
	buf = test_buf(test);
	hello_offer_raw(buf, 1, 1, 1, 0, distinct_entries, 3);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_HELLO, buf->data,
						 buf->len, &msg), 0);
	buf = test_buf(test);
	hello_offer_raw(buf, 1, 1, LINKAUTH_LIST_MAX, 0, distinct_entries,
			LINKAUTH_LIST_MAX + 2);
	KUNIT_EXPECT_EQ(test, linkauth_msg_parse(LINKAUTH_MSG_HELLO, buf->data,
						 buf->len, &msg), 0);
}

/*
 * Every proper prefix of a valid message lacks its last TLV or cuts one
 * short, so it must be rejected.  Each prefix sits in a buffer of exactly
 * its length, so KASAN reports any read past it.
 */
static void parse_prefixes(struct kunit *test, u8 type,
			   const struct linkauth_msg_buf *buf)
{
	struct linkauth_msg msg;
	size_t len;
	u8 *copy;

	for (len = 0; len < buf->len; len++) {
		copy = kmemdup(buf->data, len, GFP_KERNEL);
		KUNIT_ASSERT_TRUE(test, copy || !len);
		KUNIT_EXPECT_EQ_MSG(test, linkauth_msg_parse(type, copy, len,
							     &msg),
				    -EBADMSG, "prefix of %zu bytes", len);
		kfree(copy);
	}
}

static void linkauth_msg_parse_prefixes(struct kunit *test)
{
	struct linkauth_msg_buf *buf;

	buf = test_buf(test);
	build_hello(buf);
	parse_prefixes(test, LINKAUTH_MSG_HELLO, buf);
	buf = test_buf(test);
	build_response(buf);
	parse_prefixes(test, LINKAUTH_MSG_RESPONSE, buf);
	buf = test_buf(test);
	build_finish(buf);
	parse_prefixes(test, LINKAUTH_MSG_FINISH, buf);
}

/*
 * Flip each bit of the TLV headers and of the OFFER and SELECT values of a
 * RESPONSE.  The parser may accept or reject the result but must read
 * nothing outside the body, which KASAN checks.
 */
static void linkauth_msg_parse_bit_flips(struct kunit *test)
{
	struct linkauth_msg_buf *buf = test_buf(test);
	struct linkauth_msg msg;
	size_t bit, head_len;
	u8 *copy;
	int ret;

	build_response_head(buf);
	head_len = buf->len;
	put_signature(buf);
	KUNIT_ASSERT_EQ(test, buf->err, 0);
	copy = kunit_kmalloc(test, buf->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);

	for (bit = 0; bit < 8 * head_len; bit++) {
		memcpy(copy, buf->data, buf->len);
		copy[bit / 8] ^= BIT(bit % 8);
		ret = linkauth_msg_parse(LINKAUTH_MSG_RESPONSE, copy,
					 buf->len, &msg);
		KUNIT_EXPECT_TRUE_MSG(test, ret == 0 || ret == -EBADMSG,
				      "bit %zu: %d", bit, ret);
	}
}

/* Reassembly of a 100-byte message whose byte i has the value i. */
#define REASM_LEN	100

struct reasm_test {
	struct linkauth_reasm r;
	u8 body[REASM_LEN];
};

static struct reasm_test *reasm_setup(struct kunit *test)
{
	struct reasm_test *t;
	int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	for (i = 0; i < REASM_LEN; i++)
		t->body[i] = i;
	linkauth_reasm_init(&t->r);
	return t;
}

/* Add bytes [@off, @off + @len) of @data as a fragment of @session. */
static int reasm_add(struct reasm_test *t, u8 type, u32 session,
		     u16 msg_len, u16 off, u16 len, const u8 *data)
{
	struct linkauth_frame_hdr hdr = {
		.version = LINKAUTH_PROTO_VERSION,
		.type = type,
		.msg_len = cpu_to_be16(msg_len),
		.session = cpu_to_be32(session),
		.frag_off = cpu_to_be16(off),
		.frag_len = cpu_to_be16(len),
	};

	return linkauth_reasm_add(&t->r, &hdr, data + off, GFP_KERNEL);
}

static int reasm_frag(struct reasm_test *t, u16 off, u16 len)
{
	return reasm_add(t, LINKAUTH_MSG_RESPONSE, 1, REASM_LEN, off, len,
			 t->body);
}

static void linkauth_reasm_add_in_order(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 0);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 40, 40), 0);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 80, 20), 1);
	KUNIT_EXPECT_EQ(test, t->r.received, REASM_LEN);
	KUNIT_EXPECT_EQ(test, t->r.msg_len, REASM_LEN);
	KUNIT_EXPECT_EQ(test, t->r.session, 1);
	KUNIT_EXPECT_EQ(test, t->r.type, LINKAUTH_MSG_RESPONSE);
	KUNIT_ASSERT_NOT_NULL(test, t->r.body);
	KUNIT_EXPECT_MEMEQ(test, t->r.body, t->body, REASM_LEN);
	linkauth_reasm_free(&t->r);
	KUNIT_EXPECT_NULL(test, t->r.body);
}

static void linkauth_reasm_add_single(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, REASM_LEN), 1);
	KUNIT_EXPECT_MEMEQ(test, t->r.body, t->body, REASM_LEN);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_reversed(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 80, 20), 0);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 40, 40), 0);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 1);
	KUNIT_EXPECT_MEMEQ(test, t->r.body, t->body, REASM_LEN);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_duplicates(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 0);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 0);
	KUNIT_EXPECT_EQ(test, t->r.received, 40);
	/* Overlaps with identical bytes count each byte once. */
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 30, 50), 0);
	KUNIT_EXPECT_EQ(test, t->r.received, 80);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 20, 80), 1);
	KUNIT_EXPECT_EQ(test, t->r.received, REASM_LEN);
	KUNIT_EXPECT_MEMEQ(test, t->r.body, t->body, REASM_LEN);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_conflicting_overlap(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);
	u8 other[REASM_LEN];

	memcpy(other, t->body, REASM_LEN);
	other[45] ^= 0xff;

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 50), 0);
	KUNIT_EXPECT_EQ(test, reasm_add(t, LINKAUTH_MSG_RESPONSE, 1,
					REASM_LEN, 40, 60, other), -EBADMSG);
	/* The rejected fragment left nothing behind. */
	KUNIT_EXPECT_EQ(test, t->r.received, 50);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 50, 50), 1);
	KUNIT_EXPECT_MEMEQ(test, t->r.body, t->body, REASM_LEN);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_missing_fragment(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);
	int i;

	for (i = 0; i < 5; i++) {
		KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 0);
		KUNIT_EXPECT_EQ(test, reasm_frag(t, 41, 59), 0);
	}
	KUNIT_EXPECT_EQ(test, t->r.received, REASM_LEN - 1);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_other_msg_len(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 0);
	KUNIT_EXPECT_EQ(test, reasm_add(t, LINKAUTH_MSG_RESPONSE, 1,
					REASM_LEN - 1, 40, 40, t->body),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, t->r.msg_len, REASM_LEN);
	KUNIT_EXPECT_EQ(test, t->r.received, 40);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_new_session(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);
	u8 other[REASM_LEN];

	memset(other, 0xee, sizeof(other));
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 50), 0);

	/* Session 2 replaces session 1, whose bytes must not count. */
	KUNIT_EXPECT_EQ(test, reasm_add(t, LINKAUTH_MSG_RESPONSE, 2,
					REASM_LEN, 50, 50, other), 0);
	KUNIT_EXPECT_EQ(test, t->r.session, 2);
	KUNIT_EXPECT_EQ(test, t->r.received, 50);
	KUNIT_EXPECT_EQ(test, reasm_add(t, LINKAUTH_MSG_RESPONSE, 2,
					REASM_LEN, 0, 50, other), 1);
	KUNIT_EXPECT_MEMEQ(test, t->r.body, other, REASM_LEN);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_new_type(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 50), 0);
	/* Another type restarts even with another msg_len. */
	KUNIT_EXPECT_EQ(test, reasm_add(t, LINKAUTH_MSG_FINISH, 1, 60, 0, 30,
					t->body), 0);
	KUNIT_EXPECT_EQ(test, t->r.type, LINKAUTH_MSG_FINISH);
	KUNIT_EXPECT_EQ(test, t->r.msg_len, 60);
	KUNIT_EXPECT_EQ(test, t->r.received, 30);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_after_complete(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, REASM_LEN), 1);
	/* A retransmitted fragment starts the message again. */
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 40), 0);
	KUNIT_EXPECT_EQ(test, t->r.received, 40);
	linkauth_reasm_free(&t->r);
}

static void linkauth_reasm_add_out_of_range(struct kunit *test)
{
	struct reasm_test *t = reasm_setup(test);

	KUNIT_EXPECT_EQ(test, reasm_frag(t, 90, 11), -EBADMSG);
	KUNIT_EXPECT_EQ(test, reasm_frag(t, 0, 0), -EBADMSG);
	KUNIT_EXPECT_EQ(test, reasm_add(t, LINKAUTH_MSG_RESPONSE, 1,
					LINKAUTH_MSG_MAX + 1, 0, 10, t->body),
			-EBADMSG);
	KUNIT_EXPECT_NULL(test, t->r.body);
	linkauth_reasm_free(&t->r);
}

#define MAX_FRAG_LEN	1000

/* Add fragment @i, of MAX_FRAG_LEN bytes or fewer at the end, of @body. */
static int reasm_add_max_frag(struct linkauth_reasm *r, const u8 *body,
			      unsigned int i)
{
	unsigned int off = i * MAX_FRAG_LEN;
	struct linkauth_frame_hdr hdr = {
		.version = LINKAUTH_PROTO_VERSION,
		.type = LINKAUTH_MSG_FINISH,
		.msg_len = cpu_to_be16(LINKAUTH_MSG_MAX),
		.session = cpu_to_be32(0xfeedbeef),
		.frag_off = cpu_to_be16(off),
		.frag_len = cpu_to_be16(min(MAX_FRAG_LEN,
					    LINKAUTH_MSG_MAX - off)),
	};

	return linkauth_reasm_add(r, &hdr, body + off, GFP_KERNEL);
}

/*
 * A message of LINKAUTH_MSG_MAX bytes, odd fragments first, then even
 * ones, each sent twice except the last: only the last one completes it.
 */
static void linkauth_reasm_add_max_size(struct kunit *test)
{
	const unsigned int n = DIV_ROUND_UP(LINKAUTH_MSG_MAX, MAX_FRAG_LEN);
	unsigned int i, pass, copy;
	struct linkauth_reasm r;
	bool last;
	u8 *body;

	body = kunit_kmalloc(test, LINKAUTH_MSG_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, body);
	for (i = 0; i < LINKAUTH_MSG_MAX; i++)
		body[i] = i * 7 + (i >> 8);
	linkauth_reasm_init(&r);

	for (pass = 0; pass < 2; pass++) {
		for (i = pass ? 0 : 1; i < n; i += 2) {
			last = pass == 1 && i + 2 >= n;
			for (copy = 0; copy < (last ? 1 : 2); copy++)
				KUNIT_EXPECT_EQ_MSG(test,
						    reasm_add_max_frag(&r, body,
								       i),
						    last ? 1 : 0,
						    "fragment %u", i);
		}
	}

	KUNIT_EXPECT_EQ(test, r.received, LINKAUTH_MSG_MAX);
	KUNIT_ASSERT_NOT_NULL(test, r.body);
	KUNIT_EXPECT_MEMEQ(test, r.body, body, LINKAUTH_MSG_MAX);
	linkauth_reasm_free(&r);
}

static void linkauth_offer_select_preference(struct kunit *test)
{
	struct linkauth_select sel;

	KUNIT_ASSERT_EQ(test, linkauth_offer_select(&offer_init, &offer_resp,
						    &sel), 0);
	KUNIT_EXPECT_EQ(test, sel.sigalg, LINKAUTH_SIGALG_RSA_PKCS1_SHA256);
	KUNIT_EXPECT_EQ(test, sel.group, LINKAUTH_GROUP_P256);
	/*
	 * The initiator prefers GCM-AES-256 to GCM-AES-128, the responder
	 * the other way round: the initiator's order decides.
	 */
	KUNIT_EXPECT_EQ(test, sel.suite, LINKAUTH_SUITE_GCM_AES_256);
}

static void linkauth_offer_select_policy_union(struct kunit *test)
{
	struct linkauth_select sel;

	KUNIT_ASSERT_EQ(test, linkauth_offer_select(&offer_init, &offer_resp,
						    &sel), 0);
	KUNIT_EXPECT_EQ(test, sel.policy,
			LINKAUTH_POLICY_MUTUAL | LINKAUTH_POLICY_ENCRYPT);
}

static void linkauth_offer_select_no_common(struct kunit *test)
{
	struct linkauth_offer resp = offer_resp;
	struct linkauth_select sel;

	resp.suites[0] = LINKAUTH_SUITE_GCM_AES_XPN_128;
	resp.n_suites = 1;
	KUNIT_EXPECT_EQ(test, linkauth_offer_select(&offer_init, &resp, &sel),
			-ENOENT);

	resp = offer_resp;
	resp.groups[0] = __LINKAUTH_GROUP_MAX;
	KUNIT_EXPECT_EQ(test, linkauth_offer_select(&offer_init, &resp, &sel),
			-ENOENT);

	resp = offer_resp;
	resp.sigalgs[0] = __LINKAUTH_SIGALG_MAX;
	KUNIT_EXPECT_EQ(test, linkauth_offer_select(&offer_init, &resp, &sel),
			-ENOENT);
}

static struct kunit_case linkauth_proto_cases[] = {
	KUNIT_CASE_PARAM(linkauth_frame_hdr_check_cases, hdr_gen_params),
	KUNIT_CASE(linkauth_msg_parse_hello),
	KUNIT_CASE(linkauth_msg_parse_response),
	KUNIT_CASE(linkauth_msg_parse_finish),
	KUNIT_CASE(linkauth_msg_parse_ack),
	KUNIT_CASE(linkauth_msg_parse_error),
	KUNIT_CASE(linkauth_msg_parse_deauth),
	KUNIT_CASE(linkauth_msg_parse_skips_extensions),
	KUNIT_CASE(linkauth_msg_parse_valid_builders),
	KUNIT_CASE_PARAM(linkauth_msg_parse_malformed, parse_gen_params),
	KUNIT_CASE(linkauth_msg_parse_prefixes),
	KUNIT_CASE(linkauth_msg_parse_bit_flips),
	KUNIT_CASE(linkauth_msg_put_tlv_grows),
	KUNIT_CASE(linkauth_msg_put_tlv_overflow),
	KUNIT_CASE(linkauth_msg_put_offer_empty_list),
	KUNIT_CASE(linkauth_msg_buf_init_alloc),
	KUNIT_CASE(linkauth_reasm_add_in_order),
	KUNIT_CASE(linkauth_reasm_add_single),
	KUNIT_CASE(linkauth_reasm_add_reversed),
	KUNIT_CASE(linkauth_reasm_add_duplicates),
	KUNIT_CASE(linkauth_reasm_add_conflicting_overlap),
	KUNIT_CASE(linkauth_reasm_add_missing_fragment),
	KUNIT_CASE(linkauth_reasm_add_other_msg_len),
	KUNIT_CASE(linkauth_reasm_add_new_session),
	KUNIT_CASE(linkauth_reasm_add_new_type),
	KUNIT_CASE(linkauth_reasm_add_after_complete),
	KUNIT_CASE(linkauth_reasm_add_out_of_range),
	KUNIT_CASE(linkauth_reasm_add_max_size),
	KUNIT_CASE(linkauth_offer_select_preference),
	KUNIT_CASE(linkauth_offer_select_policy_union),
	KUNIT_CASE(linkauth_offer_select_no_common),
	{}
};

static struct kunit_suite linkauth_proto_suite = {
	.name = "linkauth_proto",
	.test_cases = linkauth_proto_cases,
};

kunit_test_suite(linkauth_proto_suite);

MODULE_DESCRIPTION("KUnit tests of the linkauth module");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
