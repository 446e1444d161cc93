// SPDX-License-Identifier: GPL-2.0
/*
 * Cryptographic building blocks of the handshake, all on top of the kernel
 * crypto API and the asymmetric key type.
 *
 * Each call allocates its own transform.  A shared "hmac(sha256)" tfm
 * would need a lock, because setkey changes it for every user, and the
 * handshake rate is low enough that allocation costs nothing that matters.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/key.h>
#include <linux/keyctl.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <crypto/kpp.h>
#include <crypto/public_key.h>
#include <keys/asymmetric-type.h>
#include <kunit/visibility.h>

#include <uapi/linux/linkauth.h>

#include "crypto.h"

static struct crypto_shash *hmac_tfm_alloc(const u8 *key, size_t key_len)
{
	struct crypto_shash *tfm;
	int err;

	tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	if (IS_ERR(tfm))
		return tfm;
	err = crypto_shash_setkey(tfm, key, key_len);
	if (err) {
		crypto_free_shash(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

int linkauth_hmac_sha256(const u8 *key, size_t key_len, const u8 *data,
			 size_t len, u8 out[LINKAUTH_HASH_LEN])
{
	struct crypto_shash *tfm;
	int err;

	tfm = hmac_tfm_alloc(key, key_len);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_shash_tfm_digest(tfm, data, len, out);
	crypto_free_shash(tfm);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_hmac_sha256);

/*
 * PRK = HMAC-Hash(salt, IKM).  RFC 5869 section 2.2 defines a missing salt
 * as HashLen zero bytes.  They are passed explicitly because in FIPS mode
 * hmac_setkey() (6.12) rejects keys shorter than 112 bits.
 */
int linkauth_hkdf_extract(const u8 *salt, size_t salt_len, const u8 *ikm,
			  size_t ikm_len, u8 prk[LINKAUTH_HASH_LEN])
{
	static const u8 zero_salt[LINKAUTH_HASH_LEN];

	if (!salt_len)
		return linkauth_hmac_sha256(zero_salt, sizeof(zero_salt), ikm,
					    ikm_len, prk);
	return linkauth_hmac_sha256(salt, salt_len, ikm, ikm_len, prk);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_hkdf_extract);

/* T(i) = HMAC-Hash(PRK, T(i - 1) | info | i), where T(0) is empty. */
static int hkdf_block(struct shash_desc *desc, const u8 *prev, size_t i,
		      const u8 *info, size_t info_len, u8 out[LINKAUTH_HASH_LEN])
{
	u8 counter = i;
	int err;

	err = crypto_shash_init(desc);
	if (!err && i > 1)
		err = crypto_shash_update(desc, prev, LINKAUTH_HASH_LEN);
	if (!err)
		err = crypto_shash_update(desc, info, info_len);
	if (!err)
		err = crypto_shash_update(desc, &counter, 1);
	if (!err)
		err = crypto_shash_final(desc, out);
	return err;
}

static int hkdf_expand_blocks(struct crypto_shash *tfm, const u8 *info,
			      size_t info_len, u8 *okm, size_t okm_len)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	u8 block[LINKAUTH_HASH_LEN];
	size_t i, done, n;
	int err = 0;

	desc->tfm = tfm;
	for (i = 1, done = 0; done < okm_len && !err; i++, done += n) {
		err = hkdf_block(desc, block, i, info, info_len, block);
		n = min_t(size_t, okm_len - done, LINKAUTH_HASH_LEN);
		memcpy(okm + done, block, n);
	}

	shash_desc_zero(desc);
	memzero_explicit(block, sizeof(block));
	return err;
}

/* OKM is the first @okm_len bytes of T(1) | T(2) | ..., at most 255 blocks. */
int linkauth_hkdf_expand(const u8 prk[LINKAUTH_HASH_LEN], const u8 *info,
			 size_t info_len, u8 *okm, size_t okm_len)
{
	struct crypto_shash *tfm;
	int err;

	if (okm_len > 255 * LINKAUTH_HASH_LEN)
		return -EINVAL;
	tfm = hmac_tfm_alloc(prk, LINKAUTH_HASH_LEN);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);

	err = hkdf_expand_blocks(tfm, info, info_len, okm, okm_len);
	crypto_free_shash(tfm);
	if (err)
		memzero_explicit(okm, okm_len);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_hkdf_expand);

/* Kernel algorithm and sizes of each key agreement group. */
struct kex_group {
	const char *alg;
	u16 pub_len;
	u16 secret_len;
};

static const struct kex_group kex_groups[] = {
	[LINKAUTH_GROUP_X25519] = { "curve25519", 32, 32 },
	/* ecdh-nist-p256 outputs public keys as x || y and secrets as x. */
	[LINKAUTH_GROUP_P256] = { "ecdh-nist-p256", 64, 32 },
};

/*
 * An ECDH secret of zero key bytes makes the kernel generate the private
 * key.  This is the crypto_ecdh_encode_key() layout, written out here so
 * that loading linkauth does not require the ECDH module.
 */
struct ecdh_empty_secret {
	struct kpp_secret hdr;
	unsigned short key_size;
} __packed;

static int kex_generate_private(struct crypto_kpp *tfm, u16 group)
{
	struct ecdh_empty_secret ecdh = {
		.hdr.type = CRYPTO_KPP_SECRET_TYPE_ECDH,
		.hdr.len = sizeof(ecdh),
	};

	/* curve25519 generates the private key when given no secret. */
	if (group == LINKAUTH_GROUP_X25519)
		return crypto_kpp_set_secret(tfm, NULL, 0);
	return crypto_kpp_set_secret(tfm, &ecdh, sizeof(ecdh));
}

/*
 * Run one kpp operation.  The data goes through a heap bounce buffer
 * because scatterlists cannot point into a virtually mapped stack, where
 * callers may keep their struct linkauth_kex or secret.
 */
static int kex_run(struct crypto_kpp *tfm, const u8 *in, size_t in_len,
		   u8 *out, size_t out_len)
{
	struct scatterlist src, dst;
	struct kpp_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	u8 *buf;
	int err;

	buf = kmalloc(in_len + out_len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	req = kpp_request_alloc(tfm, GFP_KERNEL);
	if (!req) {
		err = -ENOMEM;
		goto free_buf;
	}

	kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_SLEEP |
				 CRYPTO_TFM_REQ_MAY_BACKLOG,
				 crypto_req_done, &wait);
	sg_init_one(&dst, buf + in_len, out_len);
	kpp_request_set_output(req, &dst, out_len);
	if (in) {
		memcpy(buf, in, in_len);
		sg_init_one(&src, buf, in_len);
		kpp_request_set_input(req, &src, in_len);
		err = crypto_kpp_compute_shared_secret(req);
	} else {
		kpp_request_set_input(req, NULL, 0);
		err = crypto_kpp_generate_public_key(req);
	}
	err = crypto_wait_req(err, &wait);
	if (!err)
		memcpy(out, buf + in_len, out_len);

	kpp_request_free(req);
free_buf:
	kfree_sensitive(buf);
	return err;
}

/**
 * linkauth_kex_init() - generate an ephemeral key pair
 * @kex: key pair to fill in; destroy it with linkauth_kex_destroy()
 * @group: enum linkauth_group
 *
 * Return: 0, -EINVAL for an unknown group, -ENOPKG when this kernel has no
 * implementation of the group, or another negative error.
 */
int linkauth_kex_init(struct linkauth_kex *kex, u16 group)
{
	const struct kex_group *g;
	struct crypto_kpp *tfm;
	int err;

	memset(kex, 0, sizeof(*kex));
	if (group >= ARRAY_SIZE(kex_groups))
		return -EINVAL;
	g = &kex_groups[group];

	tfm = crypto_alloc_kpp(g->alg, 0, 0);
	if (IS_ERR(tfm)) {
		err = PTR_ERR(tfm);
		/* -ELIBBAD: the kernel's self-test of the algorithm failed,
		 * as ecdh-nist-p256 does on Debian's 6.1.0-57 kernel.
		 */
		return err == -ENOENT || err == -ELIBBAD ? -ENOPKG : err;
	}
	if (crypto_kpp_maxsize(tfm) != g->pub_len) {
		err = -EINVAL;
		goto free_tfm;
	}

	err = kex_generate_private(tfm, group);
	if (err)
		goto free_tfm;
	err = kex_run(tfm, NULL, 0, kex->pub, g->pub_len);
	if (err)
		goto free_tfm;

	kex->tfm = tfm;
	kex->group = group;
	kex->pub_len = g->pub_len;
	return 0;

free_tfm:
	crypto_free_kpp(tfm);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_kex_init);

/*
 * Returns 0, or -EINVAL for a peer key of the wrong length, an invalid
 * point, or (X25519) a low-order point that makes the secret all zero.
 */
int linkauth_kex_compute(struct linkauth_kex *kex, const u8 *peer_pub,
			 size_t peer_len, u8 secret[LINKAUTH_SECRET_MAX],
			 size_t *secret_len)
{
	static const u8 zero[LINKAUTH_SECRET_MAX];
	size_t len;
	int err;

	if (!kex->tfm || peer_len != kex->pub_len)
		return -EINVAL;
	len = kex_groups[kex->group].secret_len;

	err = kex_run(kex->tfm, peer_pub, peer_len, secret, len);
	if (!err && !crypto_memneq(secret, zero, len))
		err = -EINVAL;
	if (err) {
		memzero_explicit(secret, len);
		return err;
	}
	*secret_len = len;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_kex_compute);

void linkauth_kex_destroy(struct linkauth_kex *kex)
{
	/* Freeing the tfm wipes the private key in its context. */
	if (kex->tfm)
		crypto_free_kpp(kex->tfm);
	memzero_explicit(kex, sizeof(*kex));
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_kex_destroy);

/*
 * Set params->out_len to the key's signature size, as keyctl_pkey_sign()
 * does.  With a larger out_len, RSA signing in 6.12 zero-pads its result
 * to out_len bytes.  The PKCS#1 step then computes a negative offset and
 * writes out of bounds.
 */
static int sig_size(struct kernel_pkey_params *params, size_t sig_max)
{
	struct kernel_pkey_query info;
	int err;

	err = query_asymmetric_key(params, &info);
	if (err)
		return err;
	if (!(info.supported_ops & KEYCTL_SUPPORTS_SIGN))
		return -EKEYREJECTED;
	if (info.max_sig_size > min_t(size_t, sig_max, LINKAUTH_SIG_MAX))
		return -EMSGSIZE;
	params->out_len = info.max_sig_size;
	return 0;
}

/*
 * The digest and signature are copied through a heap buffer: 6.1 puts
 * both buffers of create_signature() into scatterlists, which cannot point
 * into a virtually mapped stack.
 */
int linkauth_sig_create(struct key *key, const u8 digest[LINKAUTH_HASH_LEN],
			u8 *sig, size_t sig_max)
{
	struct kernel_pkey_params params = {
		.key = key,
		.encoding = "pkcs1",
		.hash_algo = "sha256",
		.in_len = LINKAUTH_HASH_LEN,
	};
	u8 *buf;
	int ret;

	ret = sig_size(&params, sig_max);
	if (ret)
		return ret;
	buf = kmalloc(LINKAUTH_HASH_LEN + params.out_len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, digest, LINKAUTH_HASH_LEN);

	/* Both 6.1 and 6.12 return the signature length on success. */
	ret = create_signature(&params, buf, buf + LINKAUTH_HASH_LEN);
	if (ret > (int)params.out_len)
		ret = -EOVERFLOW;
	if (ret > 0)
		memcpy(sig, buf + LINKAUTH_HASH_LEN, ret);

	kfree_sensitive(buf);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_sig_create);

int linkauth_sig_verify(struct key *key, const u8 digest[LINKAUTH_HASH_LEN],
			const u8 *sig, size_t sig_len)
{
	struct public_key_signature pks = {
		.digest_size = LINKAUTH_HASH_LEN,
		.pkey_algo = "rsa",
		.hash_algo = "sha256",
		.encoding = "pkcs1",
	};
	u8 *buf;
	int err;

	if (!sig_len || sig_len > LINKAUTH_SIG_MAX)
		return -EINVAL;
	buf = kmalloc(LINKAUTH_HASH_LEN + sig_len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, digest, LINKAUTH_HASH_LEN);
	memcpy(buf + LINKAUTH_HASH_LEN, sig, sig_len);
	pks.digest = buf;
	pks.s = buf + LINKAUTH_HASH_LEN;
	pks.s_size = sig_len;

	err = verify_signature(key, &pks);
	kfree(buf);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_sig_verify);
