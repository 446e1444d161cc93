// SPDX-License-Identifier: GPL-2.0
/* Reading certificates and private keys in PEM or DER with OpenSSL. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "certfile.h"

#define READ_BUF_SIZE (CERTFILE_MAX_SIZE + 1)

static void wipe_free(uint8_t *buf, size_t len)
{
	if (buf)
		OPENSSL_cleanse(buf, len);
	free(buf);
}

/*
 * Read all of @path into one buffer allocated at the maximum size, so no
 * copy of a key is left in memory that realloc() or stdio released.  The
 * caller releases *@buf with wipe_free(*@buf, READ_BUF_SIZE).
 */
static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : 0;
	ssize_t n = 0;
	int err = 0;

	*len = 0;
	*buf = malloc(READ_BUF_SIZE);
	if (fd < 0 || !*buf) {
		err = -errno;
		goto report;
	}
	do {
		n = read(fd, *buf + *len, READ_BUF_SIZE - *len);
		if (n > 0)
			*len += (size_t)n;
	} while ((n > 0 && *len < READ_BUF_SIZE) || (n < 0 && errno == EINTR));
	if (n < 0) {
		err = -errno;
		goto report;
	}
	if (*len > CERTFILE_MAX_SIZE) {
		fprintf(stderr, "linkauthctl: %s is larger than %d bytes: expected a certificate or a key\n",
			path, CERTFILE_MAX_SIZE);
		err = -EFBIG;
		goto free;
	}
	if (fd > 0)
		close(fd);
	return 0;

report:
	fprintf(stderr, "linkauthctl: cannot read %s: %s\n", path,
		strerror(-err));
free:
	if (fd > 0)
		close(fd);
	wipe_free(*buf, READ_BUF_SIZE);
	*buf = NULL;
	return err;
}

/* The reason of OpenSSL's latest error, for the end of a message. */
static const char *openssl_reason(void)
{
	const char *reason = ERR_reason_error_string(ERR_peek_last_error());

	return reason ? reason : "unknown error";
}

static bool looks_like_pem(const uint8_t *buf, size_t len)
{
	static const char marker[] = "-----BEGIN ";

	return memmem(buf, len, marker, sizeof(marker) - 1);
}

static int der_list_add(struct der_list *list, X509 *cert)
{
	uint8_t **der;
	size_t *lens;
	unsigned char *out = NULL;
	int len = i2d_X509(cert, &out);

	if (len <= 0)
		return -ENOMEM;
	der = realloc(list->der, (list->count + 1) * sizeof(*der));
	if (der)
		list->der = der;
	lens = realloc(list->len, (list->count + 1) * sizeof(*lens));
	if (lens)
		list->len = lens;
	if (!der || !lens) {
		OPENSSL_free(out);
		return -ENOMEM;
	}
	list->der[list->count] = out;
	list->len[list->count] = (size_t)len;
	list->count++;
	return 0;
}

void der_list_free(struct der_list *list)
{
	unsigned int i;

	for (i = 0; i < list->count; i++)
		OPENSSL_free(list->der[i]);
	free(list->der);
	free(list->len);
	memset(list, 0, sizeof(*list));
}

/* Add every PEM CERTIFICATE block of @buf to @certs. */
static int parse_pem_certs(const uint8_t *buf, size_t len,
			   struct der_list *certs)
{
	BIO *bio = BIO_new_mem_buf(buf, (int)len);
	X509 *cert;
	int err = 0;

	if (!bio)
		return -ENOMEM;
	while (!err && (cert = PEM_read_bio_X509(bio, NULL, NULL, NULL))) {
		err = der_list_add(certs, cert);
		X509_free(cert);
	}
	BIO_free(bio);
	if (err)
		return err;
	/* Reading stops with "no start line" at the end of the file. */
	if (ERR_GET_REASON(ERR_peek_last_error()) == PEM_R_NO_START_LINE &&
	    certs->count)
		ERR_clear_error();
	return ERR_peek_error() ? -EINVAL : 0;
}

/* One DER certificate that fills all of @buf. */
static int parse_der_cert(const uint8_t *buf, size_t len,
			  struct der_list *certs)
{
	const unsigned char *p = buf;
	X509 *cert = d2i_X509(NULL, &p, (long)len);
	int err;

	if (!cert)
		return -EINVAL;
	err = p == buf + len ? der_list_add(certs, cert) : -EINVAL;
	X509_free(cert);
	return err;
}

int certfile_read_certs(const char *path, struct der_list *certs)
{
	unsigned int before = certs->count;
	uint8_t *buf;
	size_t len;
	int err;

	err = read_file(path, &buf, &len);
	if (err)
		return err;

	ERR_clear_error();
	if (looks_like_pem(buf, len))
		err = parse_pem_certs(buf, len, certs);
	else
		err = parse_der_cert(buf, len, certs);
	if (!err && certs->count == before)
		err = -EINVAL;
	if (err)
		fprintf(stderr, "linkauthctl: %s: no valid PEM or DER X.509 certificate: %s\n",
			path, openssl_reason());
	wipe_free(buf, READ_BUF_SIZE);
	return err;
}

/* Reject encrypted PEM keys at once instead of prompting for a password. */
static int no_password_cb(char *buf, int size, int rwflag, void *encrypted)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	*(bool *)encrypted = true;
	return -1;
}

static EVP_PKEY *parse_key(const char *path, const uint8_t *buf, size_t len)
{
	const unsigned char *p = buf;
	bool encrypted = false;
	EVP_PKEY *pkey;
	BIO *bio;

	ERR_clear_error();
	if (!looks_like_pem(buf, len)) {
		pkey = d2i_AutoPrivateKey(NULL, &p, (long)len);
		goto check;
	}
	bio = BIO_new_mem_buf(buf, (int)len);
	if (!bio)
		return NULL;
	pkey = PEM_read_bio_PrivateKey(bio, NULL, no_password_cb, &encrypted);
	BIO_free(bio);
	if (encrypted) {
		fprintf(stderr, "linkauthctl: %s is encrypted: decrypt it into a pipe, as in \"openssl pkey -in %s | linkauthctl identity set ... key -\"\n",
			path, path);
		EVP_PKEY_free(pkey);
		return NULL;
	}
check:
	if (!pkey)
		fprintf(stderr, "linkauthctl: %s: no valid PEM or DER private key: %s\n",
			path, openssl_reason());
	return pkey;
}

/* Check that @pkey is an RSA key and belongs to the certificate @leaf. */
static int check_key(const char *path, EVP_PKEY *pkey, const uint8_t *leaf,
		     size_t leaf_len)
{
	const unsigned char *p = leaf;
	X509 *cert;
	int match;

	if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_RSA) {
		fprintf(stderr, "linkauthctl: %s contains a key of type %s: linkauth signs with RSA keys only\n",
			path, EVP_PKEY_get0_type_name(pkey));
		return -EINVAL;
	}
	/* The kernel's RSA implementation takes 512 to 4096-bit keys. */
	if (EVP_PKEY_get_bits(pkey) < 2048 || EVP_PKEY_get_bits(pkey) > 4096) {
		fprintf(stderr, "linkauthctl: the RSA key in %s has %d bits: use a 2048 to 4096-bit key\n",
			path, EVP_PKEY_get_bits(pkey));
		return -EINVAL;
	}
	cert = d2i_X509(NULL, &p, (long)leaf_len);
	if (!cert)
		return -EINVAL;
	match = X509_check_private_key(cert, pkey);
	X509_free(cert);
	if (match != 1) {
		fprintf(stderr, "linkauthctl: the key in %s does not belong to the device certificate\n",
			path);
		return -EINVAL;
	}
	return 0;
}

static int encode_pkcs8(EVP_PKEY *pkey, uint8_t **der, size_t *len)
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(pkey);
	unsigned char *out = NULL;
	int n;

	if (!p8)
		return -ENOMEM;
	n = i2d_PKCS8_PRIV_KEY_INFO(p8, &out);
	/* Freeing the structure wipes its copy of the key. */
	PKCS8_PRIV_KEY_INFO_free(p8);
	if (n <= 0)
		return -ENOMEM;
	*der = out;
	*len = (size_t)n;
	return 0;
}

int certfile_read_key(const char *path, const uint8_t *leaf,
		      size_t leaf_len, uint8_t **der, size_t *len)
{
	EVP_PKEY *pkey;
	uint8_t *buf;
	size_t buf_len;
	int err;

	err = read_file(path, &buf, &buf_len);
	if (err)
		return err;
	pkey = parse_key(path, buf, buf_len);
	wipe_free(buf, READ_BUF_SIZE);
	if (!pkey)
		return -EINVAL;

	err = check_key(path, pkey, leaf, leaf_len);
	if (!err)
		err = encode_pkcs8(pkey, der, len);
	if (err == -ENOMEM)
		fprintf(stderr, "linkauthctl: cannot convert %s to PKCS#8: %s\n",
			path, openssl_reason());
	/* EVP_PKEY_free() clears the private key's numbers. */
	EVP_PKEY_free(pkey);
	return err;
}

void certfile_key_free(uint8_t *der, size_t len)
{
	OPENSSL_clear_free(der, len);
}

void certfile_ca_id(const uint8_t *der, size_t len, uint8_t id[32])
{
	unsigned int id_len = 32;

	EVP_Digest(der, len, id, &id_len, EVP_sha256(), NULL);
}
