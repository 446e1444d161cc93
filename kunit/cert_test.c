// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of module/cert.c: field extraction from certificates that
 * openssl made at build time (kunit/certs/gen-certs.sh), malformed input,
 * the CA store, chain verification and private key loading.
 *
 * The regular certificates have fixed dates, and the chain tests check them
 * at TEST_NOW.  The odd ones are valid for ten years from the build, so
 * their tests take the time from the certificate itself.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/key.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/sha2.h>

#include <uapi/linux/linkauth.h>

#include "cert.h"
#include "crypto.h"
#include "proto.h"
#include "certs.h"

#define TEST_NOW	1893456000	/* 2030-01-01 00:00:00 UTC */
#define T_2010		1262304000
#define T_2015		1420070400
#define T_2020		1577836800
#define T_2021		1609459200
#define T_2039		2177452800
#define T_2040		2208988800
#define T_2045		2366841600
#define T_2049		2493072000
#define T_2060		2840140800

#define KU_CRL_SIGN	BIT(6)	/* RFC 5280 keyUsage bit 6 */

static const u8 leaf_mac[ETH_ALEN] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* Every test gets an empty CA store in test->priv. */
static int cert_test_init(struct kunit *test)
{
	struct linkauth_trust *trust;
	int ret;

	trust = kunit_kzalloc(test, sizeof(*trust), GFP_KERNEL);
	if (!trust)
		return -ENOMEM;
	ret = linkauth_trust_init(trust, ".linkauth_test");
	if (ret)
		return ret;
	test->priv = trust;
	return 0;
}

static void cert_test_exit(struct kunit *test)
{
	linkauth_trust_destroy(test->priv);
}

static void parse_ok(struct kunit *test, const u8 *der, size_t len,
		     struct linkauth_cert_info *info)
{
	KUNIT_ASSERT_EQ(test, linkauth_cert_parse(der, len, info), 0);
}

static void add_ca(struct kunit *test, const u8 *der, size_t len)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	KUNIT_ASSERT_EQ_MSG(test,
			    linkauth_trust_add(test->priv, der, len, id,
					       &extack),
			    0, "extack: %s", extack._msg);
}

/* Verify a chain and check that a failure leaves no key behind. */
static int verify_chain(struct kunit *test, const u8 *const *certs,
			const u16 *lens, int n, time64_t now,
			struct linkauth_cert_info *leaf)
{
	struct key *key = ERR_PTR(-EINVAL);
	int err;

	err = linkauth_chain_verify(test->priv, certs, lens, n, now, leaf,
				    &key);
	if (err) {
		KUNIT_EXPECT_PTR_EQ(test, key, (struct key *)NULL);
	} else {
		KUNIT_EXPECT_FALSE(test, IS_ERR_OR_NULL(key));
		if (!IS_ERR_OR_NULL(key))
			key_put(key);
	}
	return err;
}

static int verify_one(struct kunit *test, const u8 *der, size_t len,
		      time64_t now)
{
	const u8 *certs[] = { der };
	u16 lens[] = { len };
	struct linkauth_cert_info leaf;

	return verify_chain(test, certs, lens, 1, now, &leaf);
}

/* A minute after the certificate's notBefore. */
static time64_t cert_now(struct kunit *test, const u8 *der, size_t len)
{
	struct linkauth_cert_info info;

	parse_ok(test, der, len, &info);
	return info.not_before + 60;
}

static void cert_parse_leaf(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_der, sizeof(leaf_der), &info);
	KUNIT_EXPECT_STREQ(test, info.subject,
			   "CN=dev one,serialNumber=52:54:00:12:34:56");
	KUNIT_EXPECT_STREQ(test, info.issuer, "CN=linkauth test CA");
	KUNIT_EXPECT_TRUE(test, info.has_mac);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(info.mac, leaf_mac));
	KUNIT_EXPECT_EQ(test, info.not_before, (time64_t)T_2021);
	KUNIT_EXPECT_EQ(test, info.not_after, (time64_t)T_2039);
	KUNIT_EXPECT_TRUE(test, info.has_basic_constraints);
	KUNIT_EXPECT_FALSE(test, info.is_ca);
	KUNIT_EXPECT_EQ(test, info.path_len, -1);
	KUNIT_EXPECT_TRUE(test, info.has_key_usage);
	KUNIT_EXPECT_EQ(test, info.key_usage, LINKAUTH_KU_DIGITAL_SIGNATURE);
	KUNIT_EXPECT_FALSE(test, info.has_unknown_critical);
	KUNIT_EXPECT_STREQ(test, info.key_algo, "rsa");
	/* openssl -rand_serial: a positive 159-bit number */
	KUNIT_EXPECT_GE(test, info.serial_len, 19);
	KUNIT_EXPECT_LE(test, info.serial_len, LINKAUTH_SERIAL_MAX);
}

static void cert_parse_ca(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, ca_der, sizeof(ca_der), &info);
	KUNIT_EXPECT_STREQ(test, info.subject, "CN=linkauth test CA");
	KUNIT_EXPECT_STREQ(test, info.issuer, "CN=linkauth test CA");
	KUNIT_EXPECT_FALSE(test, info.has_mac);
	KUNIT_EXPECT_TRUE(test, info.is_ca);
	KUNIT_EXPECT_EQ(test, info.path_len, -1);
	KUNIT_EXPECT_EQ(test, info.key_usage,
			LINKAUTH_KU_KEY_CERT_SIGN | KU_CRL_SIGN);
	KUNIT_EXPECT_EQ(test, info.not_before, (time64_t)T_2020);
	KUNIT_EXPECT_EQ(test, info.not_after, (time64_t)T_2040);
}

static void cert_parse_intermediate(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, inter_der, sizeof(inter_der), &info);
	KUNIT_EXPECT_STREQ(test, info.subject, "CN=linkauth test sub CA");
	KUNIT_EXPECT_STREQ(test, info.issuer, "CN=linkauth test CA");
	KUNIT_EXPECT_TRUE(test, info.is_ca);
	KUNIT_EXPECT_EQ(test, info.path_len, 0);
}

static void cert_parse_ecdsa_ca(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, ecdsa_ca_der, sizeof(ecdsa_ca_der), &info);
	KUNIT_EXPECT_STREQ(test, info.key_algo, "ecdsa-p256");
	KUNIT_EXPECT_TRUE(test, info.is_ca);
}

static void cert_parse_dates(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_expired_der, sizeof(leaf_expired_der), &info);
	KUNIT_EXPECT_EQ(test, info.not_before, (time64_t)T_2010);
	KUNIT_EXPECT_EQ(test, info.not_after, (time64_t)T_2015);
	parse_ok(test, leaf_future_der, sizeof(leaf_future_der), &info);
	KUNIT_EXPECT_EQ(test, info.not_before, (time64_t)T_2045);
	KUNIT_EXPECT_EQ(test, info.not_after, (time64_t)T_2049);
}

/* RFC 5280 encodes dates from 2050 on as GeneralizedTime. */
static void cert_parse_generalized_time(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, other_ca_der, sizeof(other_ca_der), &info);
	KUNIT_EXPECT_EQ(test, info.not_before, (time64_t)T_2020);
	KUNIT_EXPECT_EQ(test, info.not_after, (time64_t)T_2060);
}

static void cert_parse_mac_wrong_format(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_bad_mac_der, sizeof(leaf_bad_mac_der), &info);
	KUNIT_EXPECT_FALSE(test, info.has_mac);
	KUNIT_EXPECT_STREQ(test, info.subject,
			   "CN=dev,serialNumber=52-54-00-12-34-56");
}

static void cert_parse_mac_missing(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_no_mac_der, sizeof(leaf_no_mac_der), &info);
	KUNIT_EXPECT_FALSE(test, info.has_mac);
	KUNIT_EXPECT_STREQ(test, info.subject, "CN=dev,O=linkauth tests");
}

static void cert_parse_mac_twice(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_two_macs_der, sizeof(leaf_two_macs_der), &info);
	KUNIT_EXPECT_FALSE(test, info.has_mac);
}

/* 137 characters rendered: cut to LINKAUTH_NAME_MAX - 1, MAC still read. */
static void cert_parse_long_name(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_long_name_der, sizeof(leaf_long_name_der), &info);
	KUNIT_EXPECT_EQ(test, strlen(info.subject), LINKAUTH_NAME_MAX - 1);
	KUNIT_EXPECT_EQ(test, strncmp(info.subject, "CN=d??v\\,1,O=oooo", 17),
			0);
	KUNIT_EXPECT_TRUE(test, info.has_mac);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(info.mac, leaf_mac));
}

static void cert_parse_unknown_critical(struct kunit *test)
{
	struct linkauth_cert_info info;

	parse_ok(test, leaf_policy_der, sizeof(leaf_policy_der), &info);
	KUNIT_EXPECT_TRUE(test, info.has_unknown_critical);
}

static void cert_parse_empty(struct kunit *test)
{
	struct linkauth_cert_info info;

	KUNIT_EXPECT_EQ(test, linkauth_cert_parse(leaf_der, 0, &info),
			-EBADMSG);
}

/*
 * Every proper prefix is malformed.  Each is copied into a buffer of its
 * exact size, so that KASAN catches a read past the end.
 */
static void cert_parse_truncated(struct kunit *test)
{
	struct linkauth_cert_info info;
	size_t len;
	u8 *buf;

	for (len = 1; len < sizeof(leaf_der); len++) {
		buf = kmemdup(leaf_der, len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		KUNIT_EXPECT_EQ_MSG(test, linkauth_cert_parse(buf, len, &info),
				    -EBADMSG, "length %zu", len);
		KUNIT_EXPECT_EQ(test, info.subject[0], '\0');
		kfree(buf);
	}
}

static void cert_parse_trailing_data(struct kunit *test)
{
	struct linkauth_cert_info info;
	u8 *buf;

	buf = kunit_kzalloc(test, sizeof(leaf_der) + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, leaf_der, sizeof(leaf_der));
	KUNIT_EXPECT_EQ(test, linkauth_cert_parse(buf, sizeof(leaf_der) + 1,
						  &info), -EBADMSG);
}

/*
 * The leaf starts "30 82 hi lo 30 82 hi lo": the certificate and the
 * TBSCertificate, both with two-octet lengths.
 */
static void cert_parse_bad_length(struct kunit *test)
{
	struct linkauth_cert_info info;
	static const int offsets[] = { 1, 2, 3, 5, 6, 7 };
	u8 *buf;
	int i;

	buf = kunit_kmalloc(test, sizeof(leaf_der), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, leaf_der[1], 0x82);
	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		memcpy(buf, leaf_der, sizeof(leaf_der));
		buf[offsets[i]] += 1;
		KUNIT_EXPECT_EQ_MSG(test,
				    linkauth_cert_parse(buf, sizeof(leaf_der),
							&info),
				    -EBADMSG, "offset %d", offsets[i]);
	}

	/* Indefinite length, which DER forbids. */
	memcpy(buf, leaf_der, sizeof(leaf_der));
	buf[1] = 0x80;
	KUNIT_EXPECT_EQ(test, linkauth_cert_parse(buf, sizeof(leaf_der), &info),
			-EBADMSG);
}

/* Any single corrupted byte is parsed or rejected, never read past. */
static void cert_parse_byte_flips(struct kunit *test)
{
	struct linkauth_cert_info info;
	size_t i;
	u8 *buf;
	int ret;

	buf = kunit_kmalloc(test, sizeof(leaf_der), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, leaf_der, sizeof(leaf_der));
	for (i = 0; i < sizeof(leaf_der); i++) {
		buf[i] ^= 0xff;
		ret = linkauth_cert_parse(buf, sizeof(leaf_der), &info);
		KUNIT_EXPECT_TRUE_MSG(test, ret == 0 || ret == -EBADMSG,
				      "byte %zu: %d", i, ret);
		buf[i] ^= 0xff;
	}
}

/* 1000 nested SEQUENCEs with four-octet headers around nothing. */
static void cert_parse_deep_nesting(struct kunit *test)
{
	const size_t depth = 1000, hdr = 4;
	struct linkauth_cert_info info;
	size_t i, inner;
	u8 *buf;

	buf = kunit_kmalloc(test, depth * hdr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < depth; i++) {
		inner = (depth - i - 1) * hdr;
		buf[i * hdr] = 0x30;
		buf[i * hdr + 1] = 0x82;
		buf[i * hdr + 2] = inner >> 8;
		buf[i * hdr + 3] = inner & 0xff;
	}
	KUNIT_EXPECT_EQ(test, linkauth_cert_parse(buf, depth * hdr, &info),
			-EBADMSG);
}

static void trust_add_ca(struct kunit *test)
{
	struct linkauth_trust *trust = test->priv;
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE], expected[SHA256_DIGEST_SIZE];
	struct linkauth_ca *ca;

	KUNIT_ASSERT_EQ(test, linkauth_trust_add(trust, ca_der, sizeof(ca_der),
						 id, &extack), 0);
	sha256(ca_der, sizeof(ca_der), expected);
	KUNIT_EXPECT_MEMEQ(test, id, expected, SHA256_DIGEST_SIZE);

	ca = list_first_entry_or_null(&trust->cas, struct linkauth_ca, list);
	KUNIT_ASSERT_NOT_NULL(test, ca);
	KUNIT_EXPECT_STREQ(test, ca->info.subject, "CN=linkauth test CA");
	KUNIT_EXPECT_TRUE(test, list_is_singular(&trust->cas));
}

static void trust_add_duplicate(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, linkauth_trust_add(test->priv, ca_der,
						 sizeof(ca_der), id, &extack),
			-EEXIST);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static void trust_add_not_ca(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	KUNIT_EXPECT_EQ(test, linkauth_trust_add(test->priv, leaf_der,
						 sizeof(leaf_der), id,
						 &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	KUNIT_EXPECT_TRUE(test, list_empty(&((struct linkauth_trust *)
					     test->priv)->cas));
}

static void trust_add_no_cert_sign(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	KUNIT_EXPECT_EQ(test, linkauth_trust_add(test->priv, ca_no_certsign_der,
						 sizeof(ca_no_certsign_der),
						 id, &extack), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

static void trust_add_malformed(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	KUNIT_EXPECT_EQ(test, linkauth_trust_add(test->priv, ca_der,
						 sizeof(ca_der) - 1, id,
						 &extack), -EBADMSG);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
}

/* Accepted where the kernel has ECDSA, else rejected with a reason. */
static void trust_add_ecdsa(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];
	int ret;

	ret = linkauth_trust_add(test->priv, ecdsa_ca_der,
				 sizeof(ecdsa_ca_der), id, &extack);
	KUNIT_EXPECT_TRUE_MSG(test, ret == 0 || ret == -ENOPKG, "%d", ret);
	if (ret)
		KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	kunit_info(test, "ECDSA CA: %d %s\n", ret,
		   extack._msg ? extack._msg : "");
}

/* An RSA leaf signed by an ECDSA CA, where the kernel has ECDSA. */
static void chain_verify_ecdsa_ca(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	if (linkauth_trust_add(test->priv, ecdsa_ca_der, sizeof(ecdsa_ca_der),
			       id, &extack))
		kunit_skip(test, "no ECDSA in this kernel: %s", extack._msg);
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_ecdsa_der,
					 sizeof(leaf_ecdsa_der), TEST_NOW), 0);
}

static void trust_del_ca(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	u8 id[SHA256_DIGEST_SIZE];

	KUNIT_ASSERT_EQ(test, linkauth_trust_add(test->priv, ca_der,
						 sizeof(ca_der), id, &extack),
			0);
	KUNIT_ASSERT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 TEST_NOW), 0);
	KUNIT_EXPECT_EQ(test, linkauth_trust_del(test->priv, id), 0);
	KUNIT_EXPECT_EQ(test, linkauth_trust_del(test->priv, id), -ENOENT);
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 TEST_NOW), LINKAUTH_ERR_UNKNOWN_CA);
}

static void chain_verify_leaf(struct kunit *test)
{
	const u8 *certs[] = { leaf_der };
	u16 lens[] = { sizeof(leaf_der) };
	struct linkauth_cert_info leaf;

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_ASSERT_EQ(test, verify_chain(test, certs, lens, 1, TEST_NOW,
					   &leaf), 0);
	KUNIT_EXPECT_TRUE(test, leaf.has_mac);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(leaf.mac, leaf_mac));
	KUNIT_EXPECT_STREQ(test, leaf.issuer, "CN=linkauth test CA");
}

static void chain_verify_other_ca(struct kunit *test)
{
	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_other_der,
					 sizeof(leaf_other_der), TEST_NOW),
			LINKAUTH_ERR_UNKNOWN_CA);
}

static void chain_verify_two_cas(struct kunit *test)
{
	add_ca(test, ca_der, sizeof(ca_der));
	add_ca(test, other_ca_der, sizeof(other_ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 TEST_NOW), 0);
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_other_der,
					 sizeof(leaf_other_der), TEST_NOW), 0);
}

static void chain_verify_empty_store(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 TEST_NOW), LINKAUTH_ERR_UNKNOWN_CA);
}

static void chain_verify_expired(struct kunit *test)
{
	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_expired_der,
					 sizeof(leaf_expired_der), TEST_NOW),
			LINKAUTH_ERR_EXPIRED);
}

static void chain_verify_not_yet_valid(struct kunit *test)
{
	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_future_der,
					 sizeof(leaf_future_der), TEST_NOW),
			LINKAUTH_ERR_NOT_YET_VALID);
}

/* The validity period includes both of its ends (RFC 5280 4.1.2.5). */
static void chain_verify_date_edges(struct kunit *test)
{
	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 T_2021), 0);
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 T_2021 - 1),
			LINKAUTH_ERR_NOT_YET_VALID);
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 T_2039), 0);
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, sizeof(leaf_der),
					 T_2039 + 1), LINKAUTH_ERR_EXPIRED);
}

/* The last byte of the DER is the last byte of the RSA signature. */
static void chain_verify_bad_signature(struct kunit *test)
{
	u8 *buf;

	add_ca(test, ca_der, sizeof(ca_der));
	buf = kunit_kmalloc(test, sizeof(leaf_der), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, leaf_der, sizeof(leaf_der));
	buf[sizeof(leaf_der) - 1] ^= 0x01;
	KUNIT_EXPECT_EQ(test, verify_one(test, buf, sizeof(leaf_der), TEST_NOW),
			LINKAUTH_ERR_BAD_CHAIN);
}

static void chain_verify_intermediate(struct kunit *test)
{
	const u8 *certs[] = { leaf_inter_der, inter_der };
	u16 lens[] = { sizeof(leaf_inter_der), sizeof(inter_der) };
	struct linkauth_cert_info leaf;

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_chain(test, certs, lens, 2, TEST_NOW,
					   &leaf), 0);
	KUNIT_EXPECT_STREQ(test, leaf.issuer, "CN=linkauth test sub CA");
}

static void chain_verify_intermediate_missing(struct kunit *test)
{
	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_inter_der,
					 sizeof(leaf_inter_der), TEST_NOW),
			LINKAUTH_ERR_UNKNOWN_CA);
}

/* The intermediate does not sign the leaf, the CA does. */
static void chain_verify_wrong_intermediate(struct kunit *test)
{
	const u8 *certs[] = { leaf_other_der, inter_der };
	u16 lens[] = { sizeof(leaf_other_der), sizeof(inter_der) };
	struct linkauth_cert_info leaf;

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_chain(test, certs, lens, 2, TEST_NOW,
					   &leaf), LINKAUTH_ERR_BAD_CHAIN);
}

/* A leaf that signs another certificate is no CA. */
static void chain_verify_leaf_as_ca(struct kunit *test)
{
	const u8 *certs[] = { leaf_by_leaf_der, leaf_der };
	u16 lens[] = { sizeof(leaf_by_leaf_der), sizeof(leaf_der) };
	struct linkauth_cert_info leaf;
	time64_t now;

	add_ca(test, ca_der, sizeof(ca_der));
	now = cert_now(test, leaf_by_leaf_der, sizeof(leaf_by_leaf_der));
	KUNIT_EXPECT_EQ(test, verify_chain(test, certs, lens, 2, now, &leaf),
			LINKAUTH_ERR_BAD_CHAIN);
}

static void chain_verify_no_mac(struct kunit *test)
{
	time64_t now = cert_now(test, leaf_no_mac_der, sizeof(leaf_no_mac_der));

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_no_mac_der,
					 sizeof(leaf_no_mac_der), now),
			LINKAUTH_ERR_MAC_MISMATCH);
}

static void chain_verify_key_usage(struct kunit *test)
{
	time64_t now = cert_now(test, leaf_encipher_der,
				sizeof(leaf_encipher_der));

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_encipher_der,
					 sizeof(leaf_encipher_der), now),
			LINKAUTH_ERR_KEY_USAGE);
}

/* Without keyUsage, RFC 5280 puts no limit on the key's use. */
static void chain_verify_no_key_usage(struct kunit *test)
{
	struct linkauth_cert_info info;
	time64_t now = cert_now(test, leaf_no_key_usage_der,
				sizeof(leaf_no_key_usage_der));

	parse_ok(test, leaf_no_key_usage_der, sizeof(leaf_no_key_usage_der),
		 &info);
	KUNIT_EXPECT_FALSE(test, info.has_key_usage);
	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_no_key_usage_der,
					 sizeof(leaf_no_key_usage_der), now), 0);
}

static void chain_verify_unknown_critical(struct kunit *test)
{
	time64_t now = cert_now(test, leaf_policy_der,
				sizeof(leaf_policy_der));

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_policy_der,
					 sizeof(leaf_policy_der), now),
			LINKAUTH_ERR_KEY_USAGE);
}

static void chain_verify_malformed(struct kunit *test)
{
	const u8 *certs[LINKAUTH_CHAIN_MAX + 1] = {
		leaf_der, leaf_der, leaf_der, leaf_der, leaf_der,
	};
	u16 lens[LINKAUTH_CHAIN_MAX + 1] = {
		sizeof(leaf_der), sizeof(leaf_der), sizeof(leaf_der),
		sizeof(leaf_der), sizeof(leaf_der),
	};
	struct linkauth_cert_info leaf;

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_EXPECT_EQ(test, verify_one(test, leaf_der, 10, TEST_NOW),
			LINKAUTH_ERR_MALFORMED);
	KUNIT_EXPECT_EQ(test, verify_chain(test, certs, lens, 0, TEST_NOW,
					   &leaf), LINKAUTH_ERR_MALFORMED);
	KUNIT_EXPECT_EQ(test, verify_chain(test, certs, lens,
					   LINKAUTH_CHAIN_MAX + 1, TEST_NOW,
					   &leaf), LINKAUTH_ERR_MALFORMED);
}

static struct key *load_key(struct kunit *test, const u8 *der, size_t len,
			    struct netlink_ext_ack *extack)
{
	return linkauth_privkey_load(test->priv, der, len, extack);
}

/* Sign with the loaded key, verify with the key from the leaf. */
static void privkey_load_signs(struct kunit *test)
{
	const u8 *certs[] = { leaf_der };
	u16 lens[] = { sizeof(leaf_der) };
	struct netlink_ext_ack extack = {};
	struct linkauth_cert_info leaf;
	u8 digest[LINKAUTH_HASH_LEN];
	struct key *priv, *pub;
	u8 *sig;
	int len;

	add_ca(test, ca_der, sizeof(ca_der));
	KUNIT_ASSERT_EQ(test, linkauth_chain_verify(test->priv, certs, lens, 1,
						    TEST_NOW, &leaf, &pub), 0);
	priv = load_key(test, leaf_key_der, sizeof(leaf_key_der), &extack);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(priv), "%ld %s", PTR_ERR(priv),
			       extack._msg);

	/* No process may read, find or use it. */
	KUNIT_EXPECT_EQ(test, priv->perm, 0);

	sig = kunit_kmalloc(test, LINKAUTH_SIG_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sig);
	sha256((const u8 *)"linkauth", 8, digest);
	len = linkauth_sig_create(priv, digest, sig, LINKAUTH_SIG_MAX);
	KUNIT_EXPECT_EQ(test, len, 256);
	if (len > 0) {
		KUNIT_EXPECT_EQ(test, linkauth_sig_verify(pub, digest, sig, len),
				0);
		digest[0] ^= 1;
		KUNIT_EXPECT_NE(test, linkauth_sig_verify(pub, digest, sig, len),
				0);
	}
	key_put(priv);
	key_put(pub);
}

static void privkey_load_too_small(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct key *key;

	key = load_key(test, key_1024_der, sizeof(key_1024_der), &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(key), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (!IS_ERR(key))
		key_put(key);
}

/* A certificate parses as a public key, which cannot sign. */
static void privkey_load_certificate(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct key *key;

	key = load_key(test, leaf_der, sizeof(leaf_der), &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(key), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (!IS_ERR(key))
		key_put(key);
}

/* PKCS#1 RSAPrivateKey, which "openssl genpkey -outform DER" writes. */
static void privkey_load_pkcs1(struct kunit *test)
{
	struct netlink_ext_ack extack = {};
	struct key *key;

	key = load_key(test, key_pkcs1_der, sizeof(key_pkcs1_der), &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(key), -EBADMSG);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (!IS_ERR(key))
		key_put(key);
}

static void privkey_load_malformed(struct kunit *test)
{
	static const u8 garbage[] = { 0x30, 0x03, 0x02, 0x01, 0x00 };
	struct netlink_ext_ack extack = {};
	struct key *key;

	key = load_key(test, garbage, sizeof(garbage), &extack);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(key), -EBADMSG);
	KUNIT_EXPECT_NOT_NULL(test, extack._msg);
	if (!IS_ERR(key))
		key_put(key);
}

static struct kunit_case linkauth_cert_cases[] = {
	KUNIT_CASE(cert_parse_leaf),
	KUNIT_CASE(cert_parse_ca),
	KUNIT_CASE(cert_parse_intermediate),
	KUNIT_CASE(cert_parse_ecdsa_ca),
	KUNIT_CASE(cert_parse_dates),
	KUNIT_CASE(cert_parse_generalized_time),
	KUNIT_CASE(cert_parse_mac_wrong_format),
	KUNIT_CASE(cert_parse_mac_missing),
	KUNIT_CASE(cert_parse_mac_twice),
	KUNIT_CASE(cert_parse_long_name),
	KUNIT_CASE(cert_parse_unknown_critical),
	KUNIT_CASE(cert_parse_empty),
	KUNIT_CASE(cert_parse_truncated),
	KUNIT_CASE(cert_parse_trailing_data),
	KUNIT_CASE(cert_parse_bad_length),
	KUNIT_CASE(cert_parse_byte_flips),
	KUNIT_CASE(cert_parse_deep_nesting),
	KUNIT_CASE(trust_add_ca),
	KUNIT_CASE(trust_add_duplicate),
	KUNIT_CASE(trust_add_not_ca),
	KUNIT_CASE(trust_add_no_cert_sign),
	KUNIT_CASE(trust_add_malformed),
	KUNIT_CASE(trust_add_ecdsa),
	KUNIT_CASE(trust_del_ca),
	KUNIT_CASE(chain_verify_ecdsa_ca),
	KUNIT_CASE(chain_verify_leaf),
	KUNIT_CASE(chain_verify_other_ca),
	KUNIT_CASE(chain_verify_two_cas),
	KUNIT_CASE(chain_verify_empty_store),
	KUNIT_CASE(chain_verify_expired),
	KUNIT_CASE(chain_verify_not_yet_valid),
	KUNIT_CASE(chain_verify_date_edges),
	KUNIT_CASE(chain_verify_bad_signature),
	KUNIT_CASE(chain_verify_intermediate),
	KUNIT_CASE(chain_verify_intermediate_missing),
	KUNIT_CASE(chain_verify_wrong_intermediate),
	KUNIT_CASE(chain_verify_leaf_as_ca),
	KUNIT_CASE(chain_verify_no_mac),
	KUNIT_CASE(chain_verify_key_usage),
	KUNIT_CASE(chain_verify_no_key_usage),
	KUNIT_CASE(chain_verify_unknown_critical),
	KUNIT_CASE(chain_verify_malformed),
	KUNIT_CASE(privkey_load_signs),
	KUNIT_CASE(privkey_load_too_small),
	KUNIT_CASE(privkey_load_certificate),
	KUNIT_CASE(privkey_load_pkcs1),
	KUNIT_CASE(privkey_load_malformed),
	{}
};

static struct kunit_suite linkauth_cert_suite = {
	.name = "linkauth_cert",
	.init = cert_test_init,
	.exit = cert_test_exit,
	.test_cases = linkauth_cert_cases,
};

kunit_test_suite(linkauth_cert_suite);
