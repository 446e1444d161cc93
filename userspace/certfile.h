/* SPDX-License-Identifier: GPL-2.0 */
/* Certificates and private keys read from files with OpenSSL. */
#ifndef LINKAUTHCTL_CERTFILE_H
#define LINKAUTHCTL_CERTFILE_H

#include <stddef.h>
#include <stdint.h>

/* Files larger than this are rejected before parsing. */
#define CERTFILE_MAX_SIZE (1024 * 1024)

/* DER encodings of the certificates in one file, in file order. */
struct der_list {
	unsigned int count;
	uint8_t **der;
	size_t *len;
};

/*
 * Append every certificate in @path ("-" for stdin) to @certs, which
 * starts zeroed: one DER certificate, or one or more PEM CERTIFICATE
 * blocks.  Prints the error, naming @path, and returns -errno on failure.
 * The caller frees @certs with der_list_free() in either case.
 */
int certfile_read_certs(const char *path, struct der_list *certs);
void der_list_free(struct der_list *list);

/*
 * Read the RSA private key in @path ("-" for stdin), in any PEM or DER
 * form OpenSSL reads, check that it belongs to the certificate @leaf
 * (DER), and return it as unencrypted PKCS#8 DER in @der.  The caller
 * must release @der with certfile_key_free(), which wipes it.
 */
int certfile_read_key(const char *path, const uint8_t *leaf,
		      size_t leaf_len, uint8_t **der, size_t *len);
void certfile_key_free(uint8_t *der, size_t len);

/* SHA-256 of @der, the identifier the kernel gives a CA. */
void certfile_ca_id(const uint8_t *der, size_t len, uint8_t id[32]);

#endif
