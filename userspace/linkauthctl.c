// SPDX-License-Identifier: GPL-2.0
/*
 * linkauthctl: configure the linkauth kernel module and show its state
 * over generic netlink.  Options come before the command; see usage().
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "linkauthctl.h"
#include "macsec.h"
#include "output.h"

static int cmd_help(int argc, char **argv);

static const struct subcommand commands[] = {
	{ "ca", cmd_ca, "ca {add FILE | del ID | list}" },
	{ "identity", cmd_identity,
	  "identity {set DEV cert FILE [chain FILE]... key FILE | show DEV}" },
	{ "link", cmd_link,
	  "link {set DEV [enable|disable] [suites LIST] [groups LIST] [policy LIST] [rekey SECONDS] [auto on|off] | show [DEV]}" },
	{ "auth", cmd_auth, "auth DEV [peer MAC]" },
	{ "peers", cmd_peers, "peers [DEV]" },
	{ "deauth", cmd_deauth, "deauth DEV MAC" },
	{ "monitor", cmd_monitor, "monitor" },
	{ "sa", cmd_sa, "sa show [DEV] [with-keys]" },
	{ "macsec", cmd_macsec, "macsec DEV [name IFNAME] [once]" },
	{ "help", cmd_help, "help" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out)
{
	const struct subcommand *cmd;

	fputs("Usage: linkauthctl [-j] COMMAND [ARGS]\n"
	      "       linkauthctl {-h | --help | -V | --version}\n"
	      "Commands:\n", out);
	for (cmd = commands; cmd->name; cmd++)
		fprintf(out, "  %s\n", cmd->usage);
	fputs("Options:\n"
	      "  -j, --json     print JSON: one array per command, one object per event\n"
	      "Values:\n"
	      "  DEV            a network interface name\n"
	      "  FILE           a PEM or DER file, or - for stdin; keys are never\n"
	      "                 accepted on the command line\n"
	      "  ID             a CA ID, 64 hex digits as printed by \"ca list\"\n"
	      "  MAC            a unicast address such as 02:00:5e:10:00:01\n"
	      "  suites LIST    gcm-aes-128,gcm-aes-256,gcm-aes-xpn-128,gcm-aes-xpn-256\n"
	      "  groups LIST    x25519,p256\n"
	      "  policy LIST    mutual,encrypt,port-control, or none\n"
	      "  rekey SECONDS  seconds between rekeys; 0 turns rekeying off\n"
	      "  with-keys      print MACsec keys in clear (for the MACsec agent only)\n"
	      "Exit status: 0 on success, 1 on any error.\n", out);
}

static int cmd_help(int argc, char **argv)
{
	int err = expect_end(argc, argv);

	if (!err)
		usage(stdout);
	return err;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int opt;

	/* "+": options end at the command, whose arguments may start with -. */
	while ((opt = getopt_long(argc, argv, "+jhV", options, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("linkauthctl %s\n", LINKAUTHCTL_VERSION);
			return 0;
		default:
			fputs("linkauthctl: see \"linkauthctl --help\"\n", stderr);
			return 1;
		}
	}
	output_init(stdout, json);
	if (optind == argc) {
		usage(stderr);
		return 1;
	}
	return subcommand_run(commands, "", argc - optind,
			      argv + optind) ? 1 : 0;
}
