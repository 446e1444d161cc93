/* SPDX-License-Identifier: GPL-2.0 */
/*
 * X.509 certificates: the fields linkauth checks, the CA store, and chain
 * verification through a keyring restricted by signature.
 */
#ifndef _LINKAUTH_CERT_H
#define _LINKAUTH_CERT_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/if_ether.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/time64.h>
#include <crypto/sha2.h>

struct key;
struct netlink_ext_ack;

#define LINKAUTH_NAME_MAX	128
#define LINKAUTH_SERIAL_MAX	20
#define LINKAUTH_ALGO_MAX	32

/* keyUsage bits as numbered in RFC 5280 section 4.2.1.3. */
#define LINKAUTH_KU_DIGITAL_SIGNATURE	BIT(0)
#define LINKAUTH_KU_KEY_CERT_SIGN	BIT(5)

/* The certificate fields linkauth uses, decoded from DER. */
struct linkauth_cert_info {
	time64_t not_before;
	time64_t not_after;
	bool has_mac;
	u8 mac[ETH_ALEN];	/* from subject serialNumber */
	bool has_basic_constraints;
	bool is_ca;
	s8 path_len;		/* pathLenConstraint, -1 if absent */
	bool has_key_usage;
	u16 key_usage;		/* LINKAUTH_KU_* */
	/* set when a critical extension linkauth does not process is present */
	bool has_unknown_critical;
	/* subject key: "rsa", "ecdsa-p256", ... or the dotted OID */
	char key_algo[LINKAUTH_ALGO_MAX];
	char subject[LINKAUTH_NAME_MAX];	/* "CN=...,O=..." */
	char issuer[LINKAUTH_NAME_MAX];
	u8 serial[LINKAUTH_SERIAL_MAX];
	u8 serial_len;
};

/* Decode @der.  Returns 0, or -EBADMSG naming nothing more specific. */
int linkauth_cert_parse(const u8 *der, size_t len,
			struct linkauth_cert_info *info);

/* A trusted CA of one network namespace. */
struct linkauth_ca {
	struct list_head list;
	struct key *key;
	u8 id[SHA256_DIGEST_SIZE];	/* SHA-256 of the DER */
	struct linkauth_cert_info info;
};

/* The CAs of one network namespace, in a keyring only the module uses. */
struct linkauth_trust {
	struct key *keyring;
	struct mutex lock;		/* protects cas */
	struct list_head cas;
};

int linkauth_trust_init(struct linkauth_trust *trust, const char *name);
void linkauth_trust_destroy(struct linkauth_trust *trust);
/* Adds a CA; *id receives its identifier.  -EEXIST if already present. */
int linkauth_trust_add(struct linkauth_trust *trust, const u8 *der,
		       size_t len, u8 id[SHA256_DIGEST_SIZE],
		       struct netlink_ext_ack *extack);
int linkauth_trust_del(struct linkauth_trust *trust,
		       const u8 id[SHA256_DIGEST_SIZE]);

/*
 * Verify a chain (@certs[0] is the leaf) up to a CA in @trust at time @now:
 * signatures by the kernel's asymmetric-key code, validity dates, CA
 * constraints, key usage, and that the leaf names a MAC address.  On
 * success *leaf_key holds a reference to the leaf's public key (release
 * with key_put()) and *leaf describes it.  Returns 0, or the enum
 * linkauth_error that names the failed check.
 */
int linkauth_chain_verify(struct linkauth_trust *trust,
			  const u8 *const *certs, const u16 *lens, int n,
			  time64_t now, struct linkauth_cert_info *leaf,
			  struct key **leaf_key);

/*
 * Load a PKCS#8 RSA private key (2048 to 4096 bits) as a key that grants no
 * permission to any process, so none can read it, find it or sign with it.
 * It is created in a keyring of the module that is dropped at once, so the
 * returned reference is the only one: key_put() destroys the key.  Returns
 * the key or an ERR_PTR.
 */
struct key *linkauth_privkey_load(struct linkauth_trust *trust,
				  const u8 *der, size_t len,
				  struct netlink_ext_ack *extack);

#endif /* _LINKAUTH_CERT_H */
