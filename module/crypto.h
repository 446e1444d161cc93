/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cryptographic building blocks of the handshake: transcript hash, HKDF,
 * ephemeral key agreement, and signatures with keys in the kernel keyring.
 * Every function may sleep.
 */
#ifndef _LINKAUTH_CRYPTO_H
#define _LINKAUTH_CRYPTO_H

#include <linux/types.h>
#include <crypto/sha2.h>

struct key;
struct crypto_kpp;

#define LINKAUTH_HASH_LEN	SHA256_DIGEST_SIZE
#define LINKAUTH_SHARE_MAX	64	/* P-256 point as x || y, no format byte */
#define LINKAUTH_SECRET_MAX	32
#define LINKAUTH_SIG_MAX	512	/* RSA 4096 */

int linkauth_hmac_sha256(const u8 *key, size_t key_len, const u8 *data,
			 size_t len, u8 out[LINKAUTH_HASH_LEN]);
/* RFC 5869 with SHA-256. */
int linkauth_hkdf_extract(const u8 *salt, size_t salt_len, const u8 *ikm,
			  size_t ikm_len, u8 prk[LINKAUTH_HASH_LEN]);
int linkauth_hkdf_expand(const u8 prk[LINKAUTH_HASH_LEN], const u8 *info,
			 size_t info_len, u8 *okm, size_t okm_len);

/* One side's ephemeral key pair for a group from enum linkauth_group. */
struct linkauth_kex {
	struct crypto_kpp *tfm;
	u16 group;
	u8 pub[LINKAUTH_SHARE_MAX];
	u16 pub_len;
};

/* Generate a fresh key pair.  -ENOPKG names a group this kernel lacks. */
int linkauth_kex_init(struct linkauth_kex *kex, u16 group);
/* Compute the shared secret; its length goes to *secret_len. */
int linkauth_kex_compute(struct linkauth_kex *kex, const u8 *peer_pub,
			 size_t peer_len, u8 secret[LINKAUTH_SECRET_MAX],
			 size_t *secret_len);
void linkauth_kex_destroy(struct linkauth_kex *kex);

/*
 * Sign @digest (SHA-256) with the private key @key using RSASSA-PKCS1-v1_5.
 * Returns the signature length or a negative error.
 */
int linkauth_sig_create(struct key *key, const u8 digest[LINKAUTH_HASH_LEN],
			u8 *sig, size_t sig_max);
/* Returns 0 when @sig is a valid signature of @digest by @key. */
int linkauth_sig_verify(struct key *key, const u8 digest[LINKAUTH_HASH_LEN],
			const u8 *sig, size_t sig_len);

#endif /* _LINKAUTH_CRYPTO_H */
