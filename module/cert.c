// SPDX-License-Identifier: GPL-2.0
/*
 * X.509 certificates: a bounded DER reader for the fields linkauth checks,
 * the per-namespace CA store, chain verification by the kernel's asymmetric
 * key type, and loading of the device's private key.
 *
 * The reader below never recurses: it walks the fixed layout of RFC 5280
 * section 4.1 one level at a time, and every element must fit inside the
 * element that contains it.  Signatures are left to the kernel's own X.509
 * parser, which runs when a certificate is added to a keyring.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/kernel.h>
#include <linux/key.h>
#include <linux/keyctl.h>
#include <linux/kmod.h>
#include <linux/net.h>
#include <linux/oid_registry.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <crypto/public_key.h>
#include <kunit/visibility.h>
#include <uapi/linux/linkauth.h>

#include "cert.h"
#include "compat.h"
#include "proto.h"

/*
 * Exported by the kernel's X.509 parser in 6.1 and 6.12, but declared only
 * in its private header crypto/asymmetric_keys/x509_parser.h.
 */
int x509_decode_time(time64_t *_t, size_t hdrlen, unsigned char tag,
		     const unsigned char *value, size_t vlen);

/* DER identifier octets of the elements a certificate is made of. */
#define DER_BOOLEAN		0x01
#define DER_INTEGER		0x02
#define DER_BIT_STRING		0x03
#define DER_OCTET_STRING	0x04
#define DER_OID			0x06
#define DER_UTF8_STRING		0x0c
#define DER_PRINTABLE_STRING	0x13
#define DER_UTC_TIME		0x17
#define DER_GENERALIZED_TIME	0x18
#define DER_SEQUENCE		0x30
#define DER_SET			0x31
#define DER_VERSION		0xa0	/* [0] EXPLICIT */
#define DER_ISSUER_UID		0x81	/* [1] IMPLICIT */
#define DER_SUBJECT_UID		0x82	/* [2] IMPLICIT */
#define DER_EXTENSIONS		0xa3	/* [3] EXPLICIT */

/* X.520 serialNumber, 2.5.4.5, missing from oid_registry.h in 6.1. */
static const u8 oid_serial_number[] = { 0x55, 0x04, 0x05 };

/*
 * CA and chain keys only need to be found by the kernel's own keyring
 * search, which runs as their possessor.  No process possesses these
 * keyrings, and user, group and other get nothing.
 */
#define CERT_KEY_PERM	(KEY_POS_VIEW | KEY_POS_SEARCH)
#define KEYRING_PERM	(KEY_POS_VIEW | KEY_POS_SEARCH | KEY_POS_WRITE)

/* The unread rest of one DER element's contents. */
struct der {
	const u8 *p;
	const u8 *end;
};

/* One decoded element: identifier octet, header length, contents. */
struct der_elem {
	u8 tag;
	u8 hdrlen;
	const u8 *val;
	size_t len;
};

/*
 * Read the next element of @d.  Certificates use only single-octet tags
 * and definite lengths in minimal form.  Anything else is malformed, and
 * so is any length that runs past the end of @d.
 */
static int der_next(struct der *d, struct der_elem *e)
{
	size_t avail = d->end - d->p;
	const u8 *p = d->p;
	size_t len, n = 0, i;

	if (avail < 2 || (p[0] & 0x1f) == 0x1f)
		return -EBADMSG;
	len = p[1];
	if (len & 0x80) {
		n = len & 0x7f;
		if (n == 0 || n > 4 || n > avail - 2 || p[2] == 0)
			return -EBADMSG;
		len = 0;
		for (i = 0; i < n; i++)
			len = (len << 8) | p[2 + i];
		if (len < 0x80)
			return -EBADMSG;
	}
	if (len > avail - 2 - n)
		return -EBADMSG;

	e->tag = p[0];
	e->hdrlen = 2 + n;
	e->val = p + e->hdrlen;
	e->len = len;
	d->p = e->val + len;
	return 0;
}

static int der_expect(struct der *d, u8 tag, struct der_elem *e)
{
	int ret = der_next(d, e);

	if (ret)
		return ret;
	return e->tag == tag ? 0 : -EBADMSG;
}

/* Whether the next element of @d, if any, has identifier @tag. */
static bool der_peek(const struct der *d, u8 tag)
{
	return d->p < d->end && d->p[0] == tag;
}

static void der_enter(const struct der_elem *e, struct der *inner)
{
	inner->p = e->val;
	inner->end = e->val + e->len;
}

static bool der_done(const struct der *d)
{
	return d->p == d->end;
}

/* DER encodes TRUE as 0xff and FALSE as 0x00, in one octet. */
static int der_bool(struct der *d, bool *value)
{
	struct der_elem e;

	if (der_expect(d, DER_BOOLEAN, &e) || e.len != 1)
		return -EBADMSG;
	if (e.val[0] != 0x00 && e.val[0] != 0xff)
		return -EBADMSG;
	*value = e.val[0];
	return 0;
}

static bool oid_equal(const struct der_elem *oid, const u8 *raw, size_t len)
{
	return oid->len == len && !memcmp(oid->val, raw, len);
}

/* A NUL-terminated string that silently stops growing when full. */
struct name_buf {
	char *s;
	size_t len;
	size_t size;
};

static void name_putc(struct name_buf *b, char c)
{
	if (b->len + 1 < b->size)
		b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void name_puts(struct name_buf *b, const char *s)
{
	while (*s)
		name_putc(b, *s++);
}

/*
 * Copy an attribute value as printable ASCII: other octets, including each
 * octet of a multi-byte UTF-8 character, become '?', and the separators
 * ',', '+' and '\' get a backslash so that the result stays unambiguous.
 */
static void name_put_value(struct name_buf *b, const struct der_elem *value)
{
	size_t i;

	for (i = 0; i < value->len; i++) {
		u8 c = value->val[i];

		if (c < 0x20 || c > 0x7e)
			c = '?';
		else if (c == ',' || c == '+' || c == '\\')
			name_putc(b, '\\');
		name_putc(b, c);
	}
}

/* RFC 4514 short names of the attribute types that device names use. */
static const char *attr_label(const struct der_elem *type)
{
	switch (look_up_OID(type->val, type->len)) {
	case OID_commonName:
		return "CN";
	case OID_organizationName:
		return "O";
	case OID_organizationUnitName:
		return "OU";
	case OID_countryName:
		return "C";
	case OID_locality:
		return "L";
	case OID_stateOrProvinceName:
		return "ST";
	case OID_email_address:
		return "emailAddress";
	default:
		break;
	}
	if (oid_equal(type, oid_serial_number, sizeof(oid_serial_number)))
		return "serialNumber";
	return NULL;
}

/*
 * Decode "52:54:00:12:34:56", in either case, into @out.  Only a unicast
 * address other than all zeros can name a device.
 */
static bool parse_mac(const struct der_elem *value, u8 out[ETH_ALEN])
{
	const u8 *s = value->val;
	u8 mac[ETH_ALEN];
	int i, hi, lo;

	if (value->len != 3 * ETH_ALEN - 1)
		return false;
	for (i = 0; i < ETH_ALEN; i++, s += 3) {
		if (i > 0 && s[-1] != ':')
			return false;
		hi = hex_to_bin(s[0]);
		lo = hex_to_bin(s[1]);
		if (hi < 0 || lo < 0)
			return false;
		mac[i] = hi << 4 | lo;
	}
	if (!is_valid_ether_addr(mac))
		return false;
	ether_addr_copy(out, mac);
	return true;
}

/* State while rendering one Name. */
struct name_ctx {
	struct name_buf buf;
	bool first;
	/* subject only: the serialNumber attributes seen and the MAC */
	struct linkauth_cert_info *info;
	int serial_numbers;
};

/*
 * The device MAC address is the subject serialNumber (a PrintableString,
 * though UTF8String is accepted too).  A second serialNumber would make it
 * ambiguous, so then the certificate carries no MAC at all.
 */
static void note_mac(struct name_ctx *ctx, const struct der_elem *value)
{
	struct linkauth_cert_info *info = ctx->info;

	if (++ctx->serial_numbers > 1) {
		info->has_mac = false;
		eth_zero_addr(info->mac);
		return;
	}
	if (value->tag != DER_PRINTABLE_STRING &&
	    value->tag != DER_UTF8_STRING)
		return;
	info->has_mac = parse_mac(value, info->mac);
}

/* Append one AttributeTypeAndValue as "TYPE=value". */
static int name_put_attr(struct name_ctx *ctx, const struct der_elem *atv,
			 char sep)
{
	struct der_elem type, value;
	const char *label;
	char oid[32];
	struct der d;

	der_enter(atv, &d);
	if (der_expect(&d, DER_OID, &type) || der_next(&d, &value) ||
	    !der_done(&d))
		return -EBADMSG;

	label = attr_label(&type);
	if (!label) {
		/* Unnamed types show as dotted OIDs, cut at 31 characters. */
		if (sprint_oid(type.val, type.len, oid, sizeof(oid)) == -EBADMSG)
			return -EBADMSG;
		label = oid;
	}
	if (!ctx->first)
		name_putc(&ctx->buf, sep);
	ctx->first = false;
	name_puts(&ctx->buf, label);
	name_putc(&ctx->buf, '=');
	name_put_value(&ctx->buf, &value);

	if (ctx->info &&
	    oid_equal(&type, oid_serial_number, sizeof(oid_serial_number)))
		note_mac(ctx, &value);
	return 0;
}

/*
 * Render a Name as "CN=x,O=y" into @out, in encoding order, with '+'
 * between the values of a multi-valued RDN.  With @info, the Name is the
 * subject and its serialNumber sets the MAC address.
 */
static int parse_name(const struct der_elem *name, char *out,
		      struct linkauth_cert_info *info)
{
	struct name_ctx ctx = {
		.buf = { .s = out, .size = LINKAUTH_NAME_MAX },
		.first = true,
		.info = info,
	};
	struct der rdns, rdn;
	struct der_elem set, atv;
	char sep;

	out[0] = '\0';
	der_enter(name, &rdns);
	while (!der_done(&rdns)) {
		if (der_expect(&rdns, DER_SET, &set))
			return -EBADMSG;
		der_enter(&set, &rdn);
		if (der_done(&rdn))
			return -EBADMSG;
		sep = ',';
		while (!der_done(&rdn)) {
			if (der_expect(&rdn, DER_SEQUENCE, &atv) ||
			    name_put_attr(&ctx, &atv, sep))
				return -EBADMSG;
			sep = '+';
		}
	}
	return 0;
}

static int parse_time(struct der *d, time64_t *t)
{
	struct der_elem e;

	if (der_next(d, &e))
		return -EBADMSG;
	if (e.tag != DER_UTC_TIME && e.tag != DER_GENERALIZED_TIME)
		return -EBADMSG;
	return x509_decode_time(t, e.hdrlen, e.tag, e.val, e.len) ?
	       -EBADMSG : 0;
}

static int parse_validity(const struct der_elem *validity,
			  struct linkauth_cert_info *info)
{
	struct der d;

	der_enter(validity, &d);
	if (parse_time(&d, &info->not_before) ||
	    parse_time(&d, &info->not_after) || !der_done(&d))
		return -EBADMSG;
	return 0;
}

/* Short names of the id-ecPublicKey curves the kernel supports. */
static const char *ec_key_name(const struct der_elem *params)
{
	if (!params || params->tag != DER_OID)
		return "ecdsa";
	switch (look_up_OID(params->val, params->len)) {
	case OID_id_prime256v1:
		return "ecdsa-p256";
	case OID_id_ansip384r1:
		return "ecdsa-p384";
	default:
		return "ecdsa";
	}
}

/* Name the subject key's algorithm the way error messages show it. */
static void name_key_algo(const struct der_elem *algo,
			  const struct der_elem *params, char *out)
{
	switch (look_up_OID(algo->val, algo->len)) {
	case OID_rsaEncryption:
		strscpy(out, "rsa", LINKAUTH_ALGO_MAX);
		break;
	case OID_id_ecPublicKey:
		strscpy(out, ec_key_name(params), LINKAUTH_ALGO_MAX);
		break;
	default:
		if (sprint_oid(algo->val, algo->len, out,
			       LINKAUTH_ALGO_MAX) < 0)
			strscpy(out, "unknown", LINKAUTH_ALGO_MAX);
		break;
	}
}

/* SubjectPublicKeyInfo: only the algorithm matters here. */
static int parse_spki(const struct der_elem *spki,
		      struct linkauth_cert_info *info)
{
	struct der_elem algo_id, algo, params, key;
	bool has_params;
	struct der d, a;

	der_enter(spki, &d);
	if (der_expect(&d, DER_SEQUENCE, &algo_id) ||
	    der_expect(&d, DER_BIT_STRING, &key) || !der_done(&d))
		return -EBADMSG;
	der_enter(&algo_id, &a);
	if (der_expect(&a, DER_OID, &algo))
		return -EBADMSG;
	has_params = !der_done(&a);
	if (has_params && (der_next(&a, &params) || !der_done(&a)))
		return -EBADMSG;
	name_key_algo(&algo, has_params ? &params : NULL, info->key_algo);
	return 0;
}

/* BasicConstraints ::= SEQUENCE { cA DEFAULT FALSE, pathLen OPTIONAL } */
static int parse_basic_constraints(const struct der_elem *value,
				   struct linkauth_cert_info *info)
{
	struct der_elem seq, path_len;
	struct der d, bc;

	der_enter(value, &d);
	if (der_expect(&d, DER_SEQUENCE, &seq) || !der_done(&d))
		return -EBADMSG;
	der_enter(&seq, &bc);
	if (der_peek(&bc, DER_BOOLEAN) && der_bool(&bc, &info->is_ca))
		return -EBADMSG;
	if (der_peek(&bc, DER_INTEGER)) {
		if (der_next(&bc, &path_len) || path_len.len < 1 ||
		    path_len.val[0] & 0x80)
			return -EBADMSG;
		/* A second octet means 128 or more: no chain is that long. */
		info->path_len = path_len.len > 1 ? S8_MAX : path_len.val[0];
	}
	if (!der_done(&bc))
		return -EBADMSG;
	info->has_basic_constraints = true;
	return 0;
}

/*
 * KeyUsage is a BIT STRING whose first content octet counts the unused
 * bits.  RFC 5280 numbers its bits from the most significant bit of the
 * second octet, and LINKAUTH_KU_* uses the same numbers.
 */
static int parse_key_usage(const struct der_elem *value,
			   struct linkauth_cert_info *info)
{
	struct der_elem bits;
	unsigned int n, nbits;
	struct der d;

	der_enter(value, &d);
	if (der_expect(&d, DER_BIT_STRING, &bits) || !der_done(&d))
		return -EBADMSG;
	if (bits.len < 1 || bits.val[0] > 7 || (bits.len == 1 && bits.val[0]))
		return -EBADMSG;

	nbits = min_t(size_t, (bits.len - 1) * 8 - bits.val[0], 16);
	info->key_usage = 0;
	for (n = 0; n < nbits; n++)
		if (bits.val[1 + n / 8] & (0x80 >> (n % 8)))
			info->key_usage |= 1U << n;
	info->has_key_usage = true;
	return 0;
}

/* Extensions whose second occurrence makes a certificate malformed. */
#define SEEN_BASIC_CONSTRAINTS	BIT(0)
#define SEEN_KEY_USAGE		BIT(1)

/* Extension ::= SEQUENCE { extnID, critical DEFAULT FALSE, extnValue } */
static int parse_extension(const struct der_elem *ext,
			   struct linkauth_cert_info *info, u32 *seen)
{
	struct der_elem oid, value;
	bool critical = false;
	u32 bit = 0;
	struct der d;
	int ret = 0;

	der_enter(ext, &d);
	if (der_expect(&d, DER_OID, &oid))
		return -EBADMSG;
	if (der_peek(&d, DER_BOOLEAN) && der_bool(&d, &critical))
		return -EBADMSG;
	if (der_expect(&d, DER_OCTET_STRING, &value) || !der_done(&d))
		return -EBADMSG;

	switch (look_up_OID(oid.val, oid.len)) {
	case OID_basicConstraints:
		bit = SEEN_BASIC_CONSTRAINTS;
		ret = parse_basic_constraints(&value, info);
		break;
	case OID_keyUsage:
		bit = SEEN_KEY_USAGE;
		ret = parse_key_usage(&value, info);
		break;
	case OID_subjectKeyIdentifier:
	case OID_authorityKeyIdentifier:
	case OID_subjectAltName:
		/* The kernel's parser uses the key identifiers.  linkauth
		 * identifies devices by subject, not by alternative names.
		 */
		break;
	default:
		if (critical)
			info->has_unknown_critical = true;
		break;
	}
	if (*seen & bit)
		return -EBADMSG;
	*seen |= bit;
	return ret;
}

static int parse_extensions(const struct der_elem *explicit,
			    struct linkauth_cert_info *info)
{
	struct der_elem seq, ext;
	struct der d, list;
	u32 seen = 0;

	der_enter(explicit, &d);
	if (der_expect(&d, DER_SEQUENCE, &seq) || !der_done(&d))
		return -EBADMSG;
	der_enter(&seq, &list);
	if (der_done(&list))
		return -EBADMSG;
	while (!der_done(&list)) {
		if (der_expect(&list, DER_SEQUENCE, &ext) ||
		    parse_extension(&ext, info, &seen))
			return -EBADMSG;
	}
	return 0;
}

/* Version [0] EXPLICIT INTEGER: v1 (0) to v3 (2); v1 omits it. */
static int parse_version(struct der *tbs)
{
	struct der_elem explicit, version;
	struct der d;

	if (!der_peek(tbs, DER_VERSION))
		return 0;
	if (der_next(tbs, &explicit))
		return -EBADMSG;
	der_enter(&explicit, &d);
	if (der_expect(&d, DER_INTEGER, &version) || !der_done(&d) ||
	    version.len != 1 || version.val[0] > 2)
		return -EBADMSG;
	return 0;
}

/* The fields of TBSCertificate, in the order RFC 5280 section 4.1 has. */
static int parse_tbs(const struct der_elem *tbs,
		     struct linkauth_cert_info *info)
{
	struct der_elem serial, algo, issuer, validity, subject, spki, e;
	struct der d;

	der_enter(tbs, &d);
	if (parse_version(&d) ||
	    der_expect(&d, DER_INTEGER, &serial) ||
	    der_expect(&d, DER_SEQUENCE, &algo) ||
	    der_expect(&d, DER_SEQUENCE, &issuer) ||
	    der_expect(&d, DER_SEQUENCE, &validity) ||
	    der_expect(&d, DER_SEQUENCE, &subject) ||
	    der_expect(&d, DER_SEQUENCE, &spki))
		return -EBADMSG;

	/* RFC 5280 allows up to 20 octets of serial number. */
	if (serial.len < 1 || serial.len > LINKAUTH_SERIAL_MAX)
		return -EBADMSG;
	memcpy(info->serial, serial.val, serial.len);
	info->serial_len = serial.len;

	if (parse_name(&issuer, info->issuer, NULL) ||
	    parse_validity(&validity, info) ||
	    parse_name(&subject, info->subject, info) ||
	    parse_spki(&spki, info))
		return -EBADMSG;

	if (der_peek(&d, DER_ISSUER_UID) && der_next(&d, &e))
		return -EBADMSG;
	if (der_peek(&d, DER_SUBJECT_UID) && der_next(&d, &e))
		return -EBADMSG;
	if (der_peek(&d, DER_EXTENSIONS) &&
	    (der_next(&d, &e) || parse_extensions(&e, info)))
		return -EBADMSG;
	return der_done(&d) ? 0 : -EBADMSG;
}

/**
 * linkauth_cert_parse - decode the fields linkauth uses from a certificate
 * @der: one DER X.509 certificate, with nothing after it
 * @len: its length in bytes
 * @info: receives the fields, zeroed on failure
 *
 * Checks the structure of the whole certificate, but not its signature:
 * the kernel's X.509 parser does that when the certificate is added to a
 * keyring.  Returns 0, or -EBADMSG for anything malformed.
 */
int linkauth_cert_parse(const u8 *der, size_t len,
			struct linkauth_cert_info *info)
{
	struct der top = { .p = der, .end = der + len }, cert;
	struct der_elem outer, tbs, e;

	memset(info, 0, sizeof(*info));
	info->path_len = -1;

	/* Certificate ::= SEQUENCE { tbs, signatureAlgorithm, signature } */
	if (der_expect(&top, DER_SEQUENCE, &outer) || !der_done(&top))
		goto malformed;
	der_enter(&outer, &cert);
	if (der_expect(&cert, DER_SEQUENCE, &tbs) || parse_tbs(&tbs, info) ||
	    der_expect(&cert, DER_SEQUENCE, &e) ||
	    der_expect(&cert, DER_BIT_STRING, &e) || !der_done(&cert))
		goto malformed;
	return 0;

malformed:
	memset(info, 0, sizeof(*info));
	return -EBADMSG;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_cert_parse);

/*
 * A keyring that only the kernel uses.  A name starting with '.' is not
 * published, so no process can join it by name either.
 */
static struct key *keyring_create(const char *name)
{
	return keyring_alloc(name, GLOBAL_ROOT_UID, GLOBAL_ROOT_GID,
			     current_cred(), KEYRING_PERM,
			     KEY_ALLOC_NOT_IN_QUOTA, NULL, NULL);
}

/**
 * linkauth_trust_init - create the empty CA store of a network namespace
 * @trust: the store
 * @name: description of its keyring, which stays unpublished (no process
 *	can join it by name) if it starts with '.'
 */
int linkauth_trust_init(struct linkauth_trust *trust, const char *name)
{
	mutex_init(&trust->lock);
	INIT_LIST_HEAD(&trust->cas);
	trust->keyring = keyring_create(name);
	if (IS_ERR(trust->keyring))
		return PTR_ERR(trust->keyring);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_trust_init);

/**
 * linkauth_trust_destroy - drop every CA and the keyring
 * @trust: the store, on which no chain verification may run any more
 */
void linkauth_trust_destroy(struct linkauth_trust *trust)
{
	struct linkauth_ca *ca, *next;

	list_for_each_entry_safe(ca, next, &trust->cas, list) {
		list_del(&ca->list);
		key_put(ca->key);
		kfree(ca);
	}
	/* Revoking clears the keyring now; the key GC frees it later. */
	key_revoke(trust->keyring);
	key_put(trust->keyring);
	mutex_destroy(&trust->lock);
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_trust_destroy);

/* Must hold trust->lock. */
static struct linkauth_ca *ca_find(struct linkauth_trust *trust,
				   const u8 id[SHA256_DIGEST_SIZE])
{
	struct linkauth_ca *ca;

	lockdep_assert_held(&trust->lock);
	list_for_each_entry(ca, &trust->cas, list)
		if (!memcmp(ca->id, id, SHA256_DIGEST_SIZE))
			return ca;
	return NULL;
}

/* Check that @der is a CA certificate linkauth can use as a trust anchor. */
static int ca_check(const u8 *der, size_t len, struct linkauth_cert_info *info,
		    struct netlink_ext_ack *extack)
{
	if (len > LINKAUTH_MSG_MAX) {
		NL_SET_ERR_MSG(extack,
			       "CA certificate is larger than 16384 bytes");
		return -EMSGSIZE;
	}
	if (linkauth_cert_parse(der, len, info)) {
		NL_SET_ERR_MSG(extack,
			       "CA certificate is not a valid DER X.509 certificate; convert PEM with 'openssl x509 -outform DER'");
		return -EBADMSG;
	}
	if (!info->has_basic_constraints || !info->is_ca) {
		NL_SET_ERR_MSG(extack,
			       "certificate is not a CA (basicConstraints cA is not set); add the certificate of the issuing CA");
		return -EINVAL;
	}
	if (info->has_key_usage &&
	    !(info->key_usage & LINKAUTH_KU_KEY_CERT_SIGN)) {
		NL_SET_ERR_MSG(extack,
			       "CA keyUsage lacks keyCertSign; reissue the CA with keyUsage keyCertSign");
		return -EINVAL;
	}
	if (info->has_unknown_critical) {
		NL_SET_ERR_MSG(extack,
			       "CA has a critical extension that linkauth does not process; reissue it without that extension");
		return -EINVAL;
	}
	/* Checked once here: chain verification does not look at the
	 * dates of the CA it ends at.
	 */
	if (ktime_get_real_seconds() > info->not_after) {
		NL_SET_ERR_MSG(extack,
			       "CA certificate has expired (notAfter is in the past); load a current CA");
		return -EKEYEXPIRED;
	}
	if (ktime_get_real_seconds() < info->not_before) {
		NL_SET_ERR_MSG(extack,
			       "CA certificate is not yet valid (notBefore is in the future); check the clock");
		return -EKEYEXPIRED;
	}
	return 0;
}

/* Explain why the kernel's X.509 parser did not take the CA. */
static int ca_key_error(int err, const struct linkauth_cert_info *info,
			struct netlink_ext_ack *extack)
{
	switch (err) {
	case -ENOPKG:
	case -ENOENT:
		/* -ENOENT: the crypto API has no such algorithm (6.1). */
		if (str_has_prefix(info->key_algo, "ecdsa"))
			NL_SET_ERR_MSG(extack,
				       "kernel lacks ECDSA (CONFIG_CRYPTO_ECDSA) for this CA's key; use an RSA CA or a kernel with ECDSA");
		else
			linkauth_extack_fmt(extack,
					    "kernel lacks the CA's key or signature algorithm; use an RSA CA",
					    "kernel lacks an algorithm of this CA (key: %s); use an RSA CA",
					    info->key_algo);
		return -ENOPKG;
	case -EKEYREJECTED:
		NL_SET_ERR_MSG(extack,
			       "kernel rejected the CA: its self-signature does not verify or its key is blacklisted");
		return err;
	case -EBADMSG:
		NL_SET_ERR_MSG(extack,
			       "kernel X.509 parser rejected the CA certificate");
		return err;
	default:
		linkauth_extack_fmt(extack, "adding the CA key to the keyring failed",
				    "adding the CA key to the keyring failed: %d",
				    err);
		return err;
	}
}

/* Must hold trust->lock.  Adds the CA's key to the trust keyring. */
static int ca_key_add(struct linkauth_trust *trust, struct linkauth_ca *ca,
		      const u8 *der, size_t len, struct netlink_ext_ack *extack)
{
	char desc[sizeof("linkauth_ca:") + 2 * SHA256_DIGEST_SIZE];
	key_ref_t ref;

	lockdep_assert_held(&trust->lock);

	/*
	 * The kernel would name the key "subject: key id", which a reissued
	 * CA shares with its predecessor, and the newer key would then
	 * replace the older one in the keyring.  The DER hash is unique.
	 */
	snprintf(desc, sizeof(desc), "linkauth_ca:%*phN", SHA256_DIGEST_SIZE,
		 ca->id);
	ref = key_create_or_update(make_key_ref(trust->keyring, true),
				   "asymmetric", desc, der, len, CERT_KEY_PERM,
				   KEY_ALLOC_NOT_IN_QUOTA |
				   KEY_ALLOC_BYPASS_RESTRICTION);
	if (IS_ERR(ref))
		return ca_key_error(PTR_ERR(ref), &ca->info, extack);
	ca->key = key_ref_to_ptr(ref);
	return 0;
}

/**
 * linkauth_trust_add - add a trusted CA
 * @trust: the store
 * @der: the CA's DER certificate
 * @len: its length
 * @id: receives the CA's identifier, the SHA-256 of @der
 * @extack: receives the reason for a rejection and the fix
 *
 * Rejects malformed certificates, certificates that are not CAs, and CAs
 * the kernel cannot use.  May sleep.  Returns 0, -EEXIST if the CA is
 * loaded already, or another negative error.
 */
int linkauth_trust_add(struct linkauth_trust *trust, const u8 *der,
		       size_t len, u8 id[SHA256_DIGEST_SIZE],
		       struct netlink_ext_ack *extack)
{
	struct linkauth_ca *ca;
	int ret;

	ca = kzalloc(sizeof(*ca), GFP_KERNEL);
	if (!ca)
		return -ENOMEM;
	ret = ca_check(der, len, &ca->info, extack);
	if (ret)
		goto free_ca;
	sha256(der, len, ca->id);

	mutex_lock(&trust->lock);
	if (ca_find(trust, ca->id)) {
		NL_SET_ERR_MSG(extack,
			       "this CA is already loaded");
		ret = -EEXIST;
		goto unlock;
	}
	ret = ca_key_add(trust, ca, der, len, extack);
	if (ret)
		goto unlock;
	list_add_tail(&ca->list, &trust->cas);
	mutex_unlock(&trust->lock);

	memcpy(id, ca->id, SHA256_DIGEST_SIZE);
	return 0;

unlock:
	mutex_unlock(&trust->lock);
free_ca:
	kfree(ca);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_trust_add);

/**
 * linkauth_trust_del - remove a CA
 * @trust: the store
 * @id: the identifier linkauth_trust_add() returned
 *
 * Chains verified afterwards no longer lead to this CA, but keys of peers
 * verified before stay valid.  Returns 0 or -ENOENT.
 */
int linkauth_trust_del(struct linkauth_trust *trust,
		       const u8 id[SHA256_DIGEST_SIZE])
{
	struct linkauth_ca *ca;

	mutex_lock(&trust->lock);
	ca = ca_find(trust, id);
	if (!ca) {
		mutex_unlock(&trust->lock);
		return -ENOENT;
	}
	list_del(&ca->list);
	key_unlink(trust->keyring, ca->key);
	mutex_unlock(&trust->lock);

	key_put(ca->key);
	kfree(ca);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_trust_del);

/*
 * A keyring that accepts a certificate only if a key in the trust keyring,
 * or one already in this keyring, signed it: the kernel's "key_or_keyring
 * :chain" restriction.  Its functions are not exported, so the restriction
 * is asked for by name.
 */
static struct key *chain_keyring_create(struct linkauth_trust *trust)
{
	char restriction[sizeof("key_or_keyring::chain") + 11];
	struct key *chain;
	int ret;

	chain = keyring_create(".linkauth_chain");
	if (IS_ERR(chain))
		return chain;
	snprintf(restriction, sizeof(restriction), "key_or_keyring:%d:chain",
		 key_serial(trust->keyring));
	ret = keyring_restrict(make_key_ref(chain, true), "asymmetric",
			       restriction);
	if (ret) {
		key_put(chain);
		return ERR_PTR(ret);
	}
	return chain;
}

/*
 * Map the error of adding certificate @pos of @n to the chain keyring.
 * The restriction returns -ENOKEY when no signer is found, -EKEYREJECTED
 * or -EBADMSG when the signature does not verify (RSA reports a broken
 * padding as -EBADMSG), and -ENOPKG or -ENOENT for a missing algorithm.
 */
static int chain_error(int err, int pos, int n)
{
	net_dbg_ratelimited("certificate %d of %d rejected: %d\n",
			    pos, n, err);
	switch (err) {
	case -ENOKEY:
		/* Only the certificate nearest the CA looks in the store. */
		return pos == n - 1 ? LINKAUTH_ERR_UNKNOWN_CA :
				      LINKAUTH_ERR_BAD_CHAIN;
	case -EKEYREJECTED:
	case -EBADMSG:
		return LINKAUTH_ERR_BAD_CHAIN;
	case -ENOPKG:
	case -ENOENT:
		return LINKAUTH_ERR_UNSUPPORTED_ALGO;
	case -ENOMEM:
		return LINKAUTH_ERR_INTERNAL;
	default:
		return LINKAUTH_ERR_BAD_CHAIN;
	}
}

/*
 * Verify the signatures of the chain: add the certificates to a restricted
 * keyring, from the one nearest the CA down to the leaf, so that each finds
 * its signer in the trust keyring or among those added before it.
 */
static int chain_check_signatures(struct linkauth_trust *trust,
				  const u8 *const *certs, const u16 *lens,
				  int n, struct key **leaf_key)
{
	struct key *chain;
	key_ref_t ref;
	int i, err = 0;

	chain = chain_keyring_create(trust);
	if (IS_ERR(chain))
		return LINKAUTH_ERR_INTERNAL;

	for (i = n - 1; i >= 0; i--) {
		ref = key_create_or_update(make_key_ref(chain, true),
					   "asymmetric", NULL, certs[i],
					   lens[i], CERT_KEY_PERM,
					   KEY_ALLOC_NOT_IN_QUOTA);
		if (IS_ERR(ref)) {
			err = chain_error(PTR_ERR(ref), i, n);
			break;
		}
		if (i == 0)
			*leaf_key = key_ref_to_ptr(ref);
		else
			key_ref_put(ref);
	}

	/* The leaf key outlives the keyring by its own reference. */
	key_put(chain);
	return err;
}

/* @below: the number of intermediates between @ca and the leaf. */
static int check_intermediate(const struct linkauth_cert_info *ca, int below)
{
	if (!ca->has_basic_constraints || !ca->is_ca)
		return LINKAUTH_ERR_BAD_CHAIN;
	if (ca->has_key_usage && !(ca->key_usage & LINKAUTH_KU_KEY_CERT_SIGN))
		return LINKAUTH_ERR_BAD_CHAIN;
	if (ca->path_len >= 0 && below > ca->path_len)
		return LINKAUTH_ERR_BAD_CHAIN;
	if (ca->has_unknown_critical)
		return LINKAUTH_ERR_BAD_CHAIN;
	return 0;
}

static int check_leaf(const struct linkauth_cert_info *leaf)
{
	if (leaf->has_key_usage &&
	    !(leaf->key_usage & LINKAUTH_KU_DIGITAL_SIGNATURE))
		return LINKAUTH_ERR_KEY_USAGE;
	/* An extension we cannot interpret may forbid this use. */
	if (leaf->has_unknown_critical)
		return LINKAUTH_ERR_KEY_USAGE;
	return 0;
}

/* RFC 5280 validity: notBefore <= now <= notAfter. */
static int check_dates(const struct linkauth_cert_info *info, time64_t now)
{
	if (now < info->not_before)
		return LINKAUTH_ERR_NOT_YET_VALID;
	if (now > info->not_after)
		return LINKAUTH_ERR_EXPIRED;
	return 0;
}

/*
 * Check what the signatures do not: CA constraints, key usage, dates and,
 * since the protocol binds the key to a MAC address, that the leaf names
 * one.  A leaf without a usable MAC can never match its sender, so that is
 * LINKAUTH_ERR_MAC_MISMATCH.
 */
static int chain_check_fields(const struct linkauth_cert_info *infos, int n,
			      time64_t now)
{
	int i, err;

	for (i = 1; i < n; i++) {
		err = check_intermediate(&infos[i], i - 1);
		if (err)
			return err;
	}
	err = check_leaf(&infos[0]);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		err = check_dates(&infos[i], now);
		if (err)
			return err;
	}
	return infos[0].has_mac ? 0 : LINKAUTH_ERR_MAC_MISMATCH;
}

/**
 * linkauth_chain_verify - verify a certificate chain against the CA store
 * @trust: the CAs
 * @certs: DER certificates, the leaf first, then intermediates toward a CA
 * @lens: their lengths
 * @n: their number, 1 to LINKAUTH_CHAIN_MAX
 * @now: the time to check validity at, in seconds since the epoch
 * @leaf: receives the leaf's fields
 * @leaf_key: receives a reference to the leaf's public key
 *
 * Signatures are checked first, so a forged certificate is reported as such
 * and not by the dates it claims.  The validity of the CA itself is not
 * checked.  Must run in process context.  Returns 0, or the enum
 * linkauth_error naming the first failed check.
 */
int linkauth_chain_verify(struct linkauth_trust *trust,
			  const u8 *const *certs, const u16 *lens, int n,
			  time64_t now, struct linkauth_cert_info *leaf,
			  struct key **leaf_key)
{
	struct linkauth_cert_info *infos;
	struct key *key = NULL;
	int i, err;

	*leaf_key = NULL;
	if (n < 1 || n > LINKAUTH_CHAIN_MAX)
		return LINKAUTH_ERR_MALFORMED;
	infos = kcalloc(n, sizeof(*infos), GFP_KERNEL);
	if (!infos)
		return LINKAUTH_ERR_INTERNAL;

	for (i = 0; i < n; i++) {
		if (linkauth_cert_parse(certs[i], lens[i], &infos[i])) {
			err = LINKAUTH_ERR_MALFORMED;
			goto free_infos;
		}
	}
	err = chain_check_signatures(trust, certs, lens, n, &key);
	if (!err)
		err = chain_check_fields(infos, n, now);
	if (err)
		goto put_key;

	*leaf = infos[0];
	*leaf_key = key;
	kfree(infos);
	return 0;

put_key:
	key_put(key);
free_infos:
	kfree(infos);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_chain_verify);

/*
 * Create the private key in @keyring with no permission for anybody: the
 * kernel's own create_signature() checks none, while keyctl needs at least
 * "search" to reach a key.
 */
static struct key *privkey_create(struct key *keyring, const u8 *der,
				  size_t len)
{
	key_ref_t ref;

	ref = key_create_or_update(make_key_ref(keyring, true), "asymmetric",
				   "linkauth_privkey", der, len, 0,
				   KEY_ALLOC_NOT_IN_QUOTA);
	if (IS_MODULE(CONFIG_PKCS8_PRIVATE_KEY_PARSER) &&
	    PTR_ERR_OR_ZERO(ref) == -EBADMSG) {
		/* Every parser declined: the PKCS#8 one may not be loaded. */
		request_module("pkcs8_key_parser");
		ref = key_create_or_update(make_key_ref(keyring, true),
					   "asymmetric", "linkauth_privkey",
					   der, len, 0, KEY_ALLOC_NOT_IN_QUOTA);
	}
	if (IS_ERR(ref))
		return ERR_CAST(ref);
	return key_ref_to_ptr(ref);
}

static void privkey_error(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EBADMSG:
		NL_SET_ERR_MSG(extack,
			       "private key is not an unencrypted PKCS#8 DER key, or the kernel lacks CONFIG_PKCS8_PRIVATE_KEY_PARSER; convert it with 'openssl pkcs8 -topk8 -nocrypt -outform DER'");
		break;
	case -ENOPKG:
		NL_SET_ERR_MSG(extack,
			       "private key algorithm is not supported by the kernel's PKCS#8 parser; use an RSA key");
		break;
	default:
		linkauth_extack_fmt(extack, "loading the private key failed",
				    "loading the private key failed: %d", err);
		break;
	}
}

/* Accept only RSA keys that can sign PKCS#1 v1.5 with SHA-256. */
static int privkey_check(struct key *key, struct netlink_ext_ack *extack)
{
	struct kernel_pkey_params params = {
		.key = key,
		.encoding = "pkcs1",
		.hash_algo = "sha256",
	};
	struct kernel_pkey_query query;
	int ret;

	/* The kernel's RSA code rejects keys over 4096 bits here too. */
	ret = query_asymmetric_key(&params, &query);
	if (ret) {
		NL_SET_ERR_MSG(extack,
			       "private key is not a 2048 to 4096-bit RSA key usable for PKCS#1 v1.5 SHA-256 signatures; use such a key");
		return -EINVAL;
	}
	if (!(query.supported_ops & KEYCTL_SUPPORTS_SIGN)) {
		NL_SET_ERR_MSG(extack,
			       "key cannot sign: it is not a private key; pass the PKCS#8 private key");
		return -EINVAL;
	}
	if (query.key_size < 2048 || query.key_size > 4096) {
		linkauth_extack_fmt(extack,
				    "RSA key size is outside 2048..4096 bits; generate a 2048 to 4096-bit key",
				    "RSA key has %u bits; use a 2048 to 4096-bit key",
				    query.key_size);
		return -EINVAL;
	}
	return 0;
}

/**
 * linkauth_privkey_load - load the device's private key
 * @trust: the CA store of the namespace the key is used in.  It is not
 *	used, because the key must not go into the CA keyring.
 * @der: an unencrypted PKCS#8 DER RSA private key
 * @len: its length
 * @extack: receives the reason for a rejection and the fix
 *
 * The key material stays in @der, which the caller owns and wipes, and in
 * the key, which the kernel frees with kfree_sensitive().  May sleep.
 */
struct key *linkauth_privkey_load(struct linkauth_trust *trust,
				  const u8 *der, size_t len,
				  struct netlink_ext_ack *extack)
{
	struct key *keyring, *key;
	int ret;

	keyring = keyring_create(".linkauth_privkey");
	if (IS_ERR(keyring))
		return keyring;
	key = privkey_create(keyring, der, len);
	/* The key GC unlinks the key when it frees the keyring. */
	key_put(keyring);
	if (IS_ERR(key)) {
		privkey_error(PTR_ERR(key), extack);
		return key;
	}

	ret = privkey_check(key, extack);
	if (ret) {
		key_put(key);
		return ERR_PTR(ret);
	}
	return key;
}
EXPORT_SYMBOL_IF_KUNIT(linkauth_privkey_load);
