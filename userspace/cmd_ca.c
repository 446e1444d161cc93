// SPDX-License-Identifier: GPL-2.0
/* "ca add", "ca del", "ca list": the trusted CA certificates. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/linkauth.h>

#include "certfile.h"
#include "genl.h"
#include "linkauthctl.h"
#include "names.h"
#include "output.h"
#include "show.h"

/* The CA_ID of the reply to CA_ADD. */
struct ca_add_reply {
	bool has_id;
	uint8_t id[CA_ID_LEN];
};

static int ca_add_reply_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ca_add_reply *reply = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == LINKAUTH_A_CA_ID &&
		    mnl_attr_get_payload_len(attr) == CA_ID_LEN) {
			memcpy(reply->id, mnl_attr_get_payload(attr), CA_ID_LEN);
			reply->has_id = true;
		}
	}
	return MNL_CB_OK;
}

static int send_ca(struct genl *nl, const char *path, const uint8_t *der,
		   size_t len)
{
	struct ca_add_reply reply = { 0 };
	struct nlmsghdr *nlh;
	char what[300];
	int err;

	nlh = genl_msg_start(nl, nl->buf, LINKAUTH_CMD_CA_ADD, NLM_F_ACK);
	if (!mnl_attr_put_check(nlh, GENL_RECV_SIZE, LINKAUTH_A_CA_CERT, len,
				der)) {
		fprintf(stderr, "linkauthctl: the certificate in %s is too large for one netlink attribute\n",
			path);
		return -EMSGSIZE;
	}
	err = genl_transact(nl, nlh, ca_add_reply_cb, &reply);
	if (err) {
		snprintf(what, sizeof(what), "cannot add the CA in %s", path);
		genl_report(nl, err, what);
		return err;
	}
	/* The module names a CA by the SHA-256 of its DER encoding. */
	if (!reply.has_id)
		certfile_ca_id(der, len, reply.id);
	open_array(NULL);
	show_ca_id(reply.id);
	close_array();
	return 0;
}

static int ca_add(int argc, char **argv)
{
	struct der_list certs = { 0 };
	struct genl nl;
	int err;

	if (argc < 1)
		return usage_error("ca add: missing FILE, a PEM or DER CA certificate");
	err = expect_end(argc - 1, argv + 1);
	if (err)
		return err;
	err = certfile_read_certs(argv[0], &certs);
	if (err)
		return err;
	if (certs.count > 1) {
		fprintf(stderr, "linkauthctl: %s contains %u certificates: add one CA per file\n",
			argv[0], certs.count);
		err = -EINVAL;
		goto free_certs;
	}
	err = genl_open(&nl);
	if (err)
		goto free_certs;
	err = send_ca(&nl, argv[0], certs.der[0], certs.len[0]);
	genl_close(&nl);
free_certs:
	der_list_free(&certs);
	return err;
}

static int ca_del(int argc, char **argv)
{
	uint8_t id[CA_ID_LEN];
	struct nlmsghdr *nlh;
	struct genl nl;
	char what[128];
	int err;

	if (argc < 1)
		return usage_error("ca del: missing ID, as printed by \"linkauthctl ca list\"");
	if (parse_hex(argv[0], id, sizeof(id)))
		return usage_error("invalid CA ID \"%s\": expected %d hex digits, as printed by \"linkauthctl ca list\"",
				   argv[0], 2 * CA_ID_LEN);
	err = expect_end(argc - 1, argv + 1);
	if (err)
		return err;
	err = genl_open(&nl);
	if (err)
		return err;

	nlh = genl_msg_start(&nl, nl.buf, LINKAUTH_CMD_CA_DEL, NLM_F_ACK);
	mnl_attr_put(nlh, LINKAUTH_A_CA_ID, sizeof(id), id);
	err = genl_transact(&nl, nlh, NULL, NULL);
	if (err) {
		snprintf(what, sizeof(what), "cannot delete CA %s", argv[0]);
		genl_report(&nl, err, what);
	}
	genl_close(&nl);
	return err;
}

static int ca_list(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct genl nl;
	int err;

	err = expect_end(argc, argv);
	if (err)
		return err;
	err = genl_open(&nl);
	if (err)
		return err;

	nlh = genl_msg_start(&nl, nl.buf, LINKAUTH_CMD_CA_GET, NLM_F_DUMP);
	open_array(NULL);
	err = genl_transact(&nl, nlh, show_ca_msg, NULL);
	close_array();
	if (err)
		genl_report(&nl, err, "cannot list the CAs");
	genl_close(&nl);
	return err;
}

static const struct subcommand ca_commands[] = {
	{ "add", ca_add, "ca add FILE" },
	{ "del", ca_del, "ca del ID" },
	{ "list", ca_list, "ca list" },
	{ NULL, NULL, NULL },
};

int cmd_ca(int argc, char **argv)
{
	return subcommand_run(ca_commands, "ca ", argc, argv);
}
