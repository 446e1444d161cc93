// SPDX-License-Identifier: GPL-2.0
/*
 * The handshake's key schedule and transcript signatures.
 *
 * PRK = HKDF-Extract(salt = transcript hash through FINISH's SIGNATURE,
 *                    IKM = shared secret of the key agreement)
 * Every key is HKDF-Expand(PRK, label, length) with the labels below, so
 * the keys are bound to both certificates, both challenges, both offers
 * and both key shares.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/algapi.h>
#include <linux/string.h>

#include "linkauth.h"
#include "keysched.h"

static const char label_sig_init[] = "linkauth v1 initiator signature";
static const char label_sig_resp[] = "linkauth v1 responder signature";

/* Hash of the transcript so far followed by @len bytes of @extra. */
void linkauth_transcript_peek(const struct sha256_state *transcript,
			      const u8 *extra, size_t len,
			      u8 out[LINKAUTH_HASH_LEN])
{
	struct sha256_state copy = *transcript;

	sha256_update(&copy, extra, len);
	sha256_final(&copy, out);
}

/* The digest a side signs: SHA-256(label || transcript hash). */
void linkauth_sig_digest(bool initiator, const u8 th[LINKAUTH_HASH_LEN],
			 u8 digest[LINKAUTH_HASH_LEN])
{
	const char *label = initiator ? label_sig_init : label_sig_resp;
	struct sha256_state st;

	sha256_init(&st);
	sha256_update(&st, label, strlen(label));
	sha256_update(&st, th, LINKAUTH_HASH_LEN);
	sha256_final(&st, digest);
}

static int expand(const u8 *prk, const char *label, u8 *out, size_t len)
{
	return linkauth_hkdf_expand(prk, label, strlen(label), out, len);
}

static u8 suite_key_len(u16 suite)
{
	switch (suite) {
	case LINKAUTH_SUITE_GCM_AES_256:
	case LINKAUTH_SUITE_GCM_AES_XPN_256:
		return 32;
	default:
		return 16;
	}
}

/*
 * Derive every key of a session from the shared secret @z and the
 * transcript hash @th through the initiator's SIGNATURE.
 */
int linkauth_keys_derive(struct linkauth_hs *hs, const u8 *z, size_t z_len,
			 const u8 th[LINKAUTH_HASH_LEN])
{
	struct linkauth_session *s = &hs->next;
	int ret;

	ret = linkauth_hkdf_extract(th, LINKAUTH_HASH_LEN, z, z_len, hs->prk);
	if (ret)
		return ret;

	s->suite = hs->sel.suite;
	s->group = hs->sel.group;
	s->sak_len = suite_key_len(s->suite);
	s->ssci = hs->role == 1 ? 1 : 2;
	ret = expand(hs->prk, "linkauth v1 confirm initiator",
		     hs->confirm_init, LINKAUTH_HASH_LEN) ?:
	      expand(hs->prk, "linkauth v1 confirm responder",
		     hs->confirm_resp, LINKAUTH_HASH_LEN) ?:
	      expand(hs->prk, "linkauth v1 macsec sak", s->sak, s->sak_len) ?:
	      expand(hs->prk, "linkauth v1 macsec salt", s->salt,
		     LINKAUTH_SALT_LEN) ?:
	      expand(hs->prk, "linkauth v1 macsec key id", s->key_id,
		     LINKAUTH_KEY_ID_LEN) ?:
	      expand(hs->prk, "linkauth v1 deauth", s->deauth_key,
		     LINKAUTH_HASH_LEN);
	memzero_explicit(hs->prk, sizeof(hs->prk));
	return ret;
}

/* Key confirmation value: HMAC-SHA256(key, transcript hash). */
int linkauth_confirm_compute(const u8 key[LINKAUTH_HASH_LEN],
			     const u8 th[LINKAUTH_HASH_LEN],
			     u8 out[LINKAUTH_CONFIRM_LEN])
{
	return linkauth_hmac_sha256(key, LINKAUTH_HASH_LEN, th,
				    LINKAUTH_HASH_LEN, out);
}

/* Returns true when @got is the confirmation value for @th under @key. */
bool linkauth_confirm_check(const u8 key[LINKAUTH_HASH_LEN],
			    const u8 th[LINKAUTH_HASH_LEN], const u8 *got)
{
	u8 want[LINKAUTH_CONFIRM_LEN];
	bool ok;

	ok = !linkauth_confirm_compute(key, th, want) &&
	     !crypto_memneq(want, got, LINKAUTH_CONFIRM_LEN);
	memzero_explicit(want, sizeof(want));
	return ok;
}
