// SPDX-License-Identifier: GPL-2.0
/* "identity set" and "identity show": a link's certificate and key. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include <linux/linkauth.h>

#include "certfile.h"
#include "genl.h"
#include "linkauthctl.h"
#include "output.h"
#include "show.h"

static int identity_set_word(const char *word, const char *value,
			     struct identity_set_args *args)
{
	if (!strcmp(word, "cert") && !args->cert) {
		args->cert = value;
	} else if (!strcmp(word, "key") && !args->key) {
		args->key = value;
	} else if (!strcmp(word, "cert") || !strcmp(word, "key")) {
		return usage_error("identity set: \"%s\" given twice", word);
	} else if (!strcmp(word, "chain")) {
		if (args->n_chain == IDENTITY_CHAIN_MAX - 1)
			return usage_error("too many \"chain\" files: at most %d certificates, the device's included",
					   IDENTITY_CHAIN_MAX);
		args->chain[args->n_chain++] = value;
	} else {
		return usage_error("identity set: unknown argument \"%s\"; expected cert, chain or key",
				   word);
	}
	return 0;
}

/* Only one of the files can come from stdin. */
static int check_stdin(const struct identity_set_args *args)
{
	unsigned int i, n = 0;

	n += !strcmp(args->cert, "-");
	n += !strcmp(args->key, "-");
	for (i = 0; i < args->n_chain; i++)
		n += !strcmp(args->chain[i], "-");
	if (n > 1)
		return usage_error("identity set: only one file can be \"-\" (stdin)");
	return 0;
}

int identity_set_parse(int argc, char **argv, struct identity_set_args *args)
{
	int err;

	memset(args, 0, sizeof(*args));
	if (argc < 1)
		return usage_error("identity set: missing DEV");
	if (parse_dev(argv[0], &args->ifindex))
		return -EINVAL;
	for (argc--, argv++; argc > 0; argc -= 2, argv += 2) {
		if (argc < 2)
			return usage_error("identity set: missing FILE after \"%s\"",
					   argv[0]);
		err = identity_set_word(argv[0], argv[1], args);
		if (err)
			return err;
	}
	if (!args->cert)
		return usage_error("identity set: missing \"cert FILE\", the device certificate");
	if (!args->key)
		return usage_error("identity set: missing \"key FILE\", the device's private key");
	return check_stdin(args);
}

/*
 * Read the certificate files into @certs: the leaf file first (with any
 * intermediates that follow it in the same PEM file), then each chain file.
 */
static int read_chain(const struct identity_set_args *args,
		      struct der_list *certs)
{
	unsigned int i;
	int err;

	err = certfile_read_certs(args->cert, certs);
	for (i = 0; !err && i < args->n_chain; i++)
		err = certfile_read_certs(args->chain[i], certs);
	if (!err && certs->count > IDENTITY_CHAIN_MAX) {
		fprintf(stderr, "linkauthctl: %u certificates given: linkauth sends at most %d, the device's included\n",
			certs->count, IDENTITY_CHAIN_MAX);
		err = -EINVAL;
	}
	return err;
}

/* Build IDENTITY_SET in @buf (@size bytes); false when it does not fit. */
static bool put_identity(struct nlmsghdr *nlh, size_t size, uint32_t ifindex,
			 const struct der_list *certs, const uint8_t *key,
			 size_t key_len)
{
	unsigned int i;

	if (!mnl_attr_put_u32_check(nlh, size, LINKAUTH_A_IFINDEX, ifindex))
		return false;
	for (i = 0; i < certs->count; i++) {
		if (!mnl_attr_put_check(nlh, size, LINKAUTH_A_ID_CERT,
					certs->len[i], certs->der[i]))
			return false;
	}
	return mnl_attr_put_check(nlh, size, LINKAUTH_A_ID_KEY, key_len, key);
}

static int send_identity(struct genl *nl, const struct identity_set_args *args,
			 const struct der_list *certs, const uint8_t *key,
			 size_t key_len)
{
	size_t size = MNL_SOCKET_BUFFER_SIZE + key_len;
	struct nlmsghdr *nlh;
	uint8_t *buf;
	unsigned int i;
	int err;

	for (i = 0; i < certs->count; i++)
		size += MNL_ALIGN(certs->len[i]) + MNL_ATTR_HDRLEN;
	buf = calloc(1, size);
	if (!buf)
		return -ENOMEM;
	nlh = genl_msg_start(nl, buf, LINKAUTH_CMD_IDENTITY_SET, NLM_F_ACK);
	if (!put_identity(nlh, size, args->ifindex, certs, key, key_len)) {
		/* The length field of an attribute is 16 bits wide. */
		fprintf(stderr, "linkauthctl: a certificate or the key is too large for one netlink attribute\n");
		err = -EMSGSIZE;
		goto wipe;
	}
	err = genl_transact(nl, nlh, NULL, NULL);
	if (err)
		genl_report(nl, err, "cannot set the identity");
wipe:
	OPENSSL_clear_free(buf, size);
	/* Without NETLINK_CAP_ACK an error echoes the request, key included. */
	OPENSSL_cleanse(nl->buf, GENL_RECV_SIZE);
	return err;
}

static int identity_set(int argc, char **argv)
{
	struct der_list certs = { 0 };
	struct identity_set_args args;
	uint8_t *key = NULL;
	size_t key_len = 0;
	struct genl nl;
	int err;

	err = identity_set_parse(argc, argv, &args);
	if (err)
		return err;
	err = read_chain(&args, &certs);
	if (err)
		goto free_certs;
	err = certfile_read_key(args.key, certs.der[0], certs.len[0], &key,
				&key_len);
	if (err)
		goto free_certs;

	err = genl_open(&nl);
	if (err)
		goto free_key;
	err = send_identity(&nl, &args, &certs, key, key_len);
	genl_close(&nl);
free_key:
	certfile_key_free(key, key_len);
free_certs:
	der_list_free(&certs);
	return err;
}

static int identity_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	uint32_t ifindex;
	struct genl nl;
	char what[64];
	int err;

	if (argc < 1)
		return usage_error("identity show: missing DEV");
	if (parse_dev(argv[0], &ifindex))
		return -EINVAL;
	err = expect_end(argc - 1, argv + 1);
	if (err)
		return err;
	err = genl_open(&nl);
	if (err)
		return err;

	nlh = genl_msg_start(&nl, nl.buf, LINKAUTH_CMD_IDENTITY_GET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	open_array(NULL);
	err = genl_transact(&nl, nlh, show_identity_msg, NULL);
	close_array();
	if (err) {
		snprintf(what, sizeof(what), "cannot show the identity of %s",
			 argv[0]);
		genl_report(&nl, err, what);
	}
	genl_close(&nl);
	return err;
}

static const struct subcommand identity_commands[] = {
	{ "set", identity_set,
	  "identity set DEV cert FILE [chain FILE]... key FILE" },
	{ "show", identity_show, "identity show DEV" },
	{ NULL, NULL, NULL },
};

int cmd_identity(int argc, char **argv)
{
	return subcommand_run(identity_commands, "identity ", argc, argv);
}
