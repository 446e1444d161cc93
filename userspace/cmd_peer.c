// SPDX-License-Identifier: GPL-2.0
/* "auth", "deauth" and "peers": handshakes and their results. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/linkauth.h>

#include "genl.h"
#include "linkauthctl.h"
#include "output.h"
#include "show.h"

int auth_parse(int argc, char **argv, struct peer_args *args)
{
	memset(args, 0, sizeof(*args));
	if (argc < 1)
		return usage_error("auth: missing DEV");
	if (parse_dev(argv[0], &args->ifindex))
		return -EINVAL;
	if (argc == 1)
		return 0;
	if (strcmp(argv[1], "peer"))
		return usage_error("auth: unknown argument \"%s\"; expected \"peer MAC\"",
				   argv[1]);
	if (argc < 3)
		return usage_error("auth: missing MAC after \"peer\"");
	if (parse_peer_mac(argv[2], args->mac))
		return -EINVAL;
	args->has_mac = true;
	return expect_end(argc - 3, argv + 3);
}

int deauth_parse(int argc, char **argv, struct peer_args *args)
{
	memset(args, 0, sizeof(*args));
	if (argc < 1)
		return usage_error("deauth: missing DEV and MAC");
	if (parse_dev(argv[0], &args->ifindex))
		return -EINVAL;
	if (argc < 2)
		return usage_error("deauth: missing the MAC of the peer");
	if (parse_peer_mac(argv[1], args->mac))
		return -EINVAL;
	args->has_mac = true;
	return expect_end(argc - 2, argv + 2);
}

/* Send a request about one link, and maybe one peer, that replies no data. */
static int peer_request(uint8_t cmd, const struct peer_args *args,
			const char *what)
{
	struct nlmsghdr *nlh;
	struct genl nl;
	int err;

	err = genl_open(&nl);
	if (err)
		return err;
	nlh = genl_msg_start(&nl, nl.buf, cmd, NLM_F_ACK);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, args->ifindex);
	if (args->has_mac)
		mnl_attr_put(nlh, LINKAUTH_A_PEER_MAC, 6, args->mac);
	err = genl_transact(&nl, nlh, NULL, NULL);
	if (err)
		genl_report(&nl, err, what);
	genl_close(&nl);
	return err;
}

int cmd_auth(int argc, char **argv)
{
	struct peer_args args;
	char what[64];
	int err;

	err = auth_parse(argc, argv, &args);
	if (err)
		return err;
	snprintf(what, sizeof(what), "cannot start a handshake on %s", argv[0]);
	return peer_request(LINKAUTH_CMD_AUTH, &args, what);
}

int cmd_deauth(int argc, char **argv)
{
	struct peer_args args;
	char what[96];
	int err;

	err = deauth_parse(argc, argv, &args);
	if (err)
		return err;
	snprintf(what, sizeof(what), "cannot deauthenticate %s on %s", argv[1],
		 argv[0]);
	return peer_request(LINKAUTH_CMD_PEER_DEL, &args, what);
}

/* The kernel sends one peer per message, in as many parts as it needs. */
int dump_peers(uint8_t cmd, uint32_t ifindex, mnl_cb_t cb, void *data,
	       const char *what)
{
	struct nlmsghdr *nlh;
	struct genl nl;
	int err;

	err = genl_open(&nl);
	if (err)
		return err;
	nlh = genl_msg_start(&nl, nl.buf, cmd, NLM_F_DUMP);
	if (ifindex)
		mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	open_array(NULL);
	err = genl_transact(&nl, nlh, cb, data);
	close_array();
	if (err)
		genl_report(&nl, err, what);
	genl_close(&nl);
	return err;
}

int cmd_peers(int argc, char **argv)
{
	struct peer_show_opts opts = { 0 };
	int err;

	err = optional_dev_parse(argc, argv, &opts.ifindex);
	if (err)
		return err;
	return dump_peers(LINKAUTH_CMD_PEER_GET, opts.ifindex, show_peer_msg,
			  &opts, "cannot list the peers");
}
