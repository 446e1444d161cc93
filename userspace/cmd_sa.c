// SPDX-License-Identifier: GPL-2.0
/*
 * "sa show": the MACsec secure association keys of authenticated peers.
 * It is meant for the agent that programs MACsec, and prints the keys in
 * clear only when the command line ends with "with-keys".
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/linkauth.h>

#include "genl.h"
#include "linkauthctl.h"
#include "show.h"

int sa_show_parse(int argc, char **argv, struct peer_args *args)
{
	memset(args, 0, sizeof(*args));
	if (argc > 0 && strcmp(argv[0], "with-keys")) {
		if (parse_dev(argv[0], &args->ifindex))
			return -EINVAL;
		argc--;
		argv++;
	}
	if (argc > 0 && !strcmp(argv[0], "with-keys")) {
		args->with_keys = true;
		argc--;
		argv++;
	}
	return expect_end(argc, argv);
}

static int sa_show(int argc, char **argv)
{
	struct peer_show_opts opts;
	struct peer_args args;
	int err;

	err = sa_show_parse(argc, argv, &args);
	if (err)
		return err;
	opts.ifindex = args.ifindex;
	opts.with_keys = args.with_keys;
	return dump_peers(LINKAUTH_CMD_SA_GET, args.ifindex, show_sa_msg, &opts,
			  "cannot read the MACsec keys");
}

static const struct subcommand sa_commands[] = {
	{ "show", sa_show, "sa show [DEV] [with-keys]" },
	{ NULL, NULL, NULL },
};

int cmd_sa(int argc, char **argv)
{
	return subcommand_run(sa_commands, "sa ", argc, argv);
}
