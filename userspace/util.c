// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the subcommands: dispatch, usage errors, devices. */
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "linkauthctl.h"
#include "names.h"

int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("linkauthctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -EINVAL;
}

int subcommand_run(const struct subcommand *table,
		   const char *what, int argc, char **argv)
{
	const struct subcommand *sub;

	if (argc < 1) {
		usage_error("missing %scommand; expected one of:", what);
		goto list;
	}
	for (sub = table; sub->name; sub++) {
		if (!strcmp(argv[0], sub->name))
			return sub->run(argc - 1, argv + 1);
	}
	usage_error("unknown %scommand \"%s\"; expected one of:", what,
		    argv[0]);
list:
	for (sub = table; sub->name; sub++)
		fprintf(stderr, "  %s\n", sub->usage);
	return -EINVAL;
}

int expect_end(int argc, char **argv)
{
	if (argc > 0)
		return usage_error("unexpected argument \"%s\"; see \"linkauthctl help\"",
				   argv[0]);
	return 0;
}

int parse_dev(const char *name, uint32_t *ifindex)
{
	*ifindex = strlen(name) < IF_NAMESIZE ? if_nametoindex(name) : 0;
	if (!*ifindex)
		return usage_error("device \"%s\" does not exist; list devices with \"ip link\"",
				   name);
	return 0;
}

int parse_peer_mac(const char *text, uint8_t mac[6])
{
	if (parse_mac(text, mac))
		return usage_error("invalid MAC address \"%s\": expected six colon-separated hex pairs, as in 02:00:5e:10:00:01",
				   text);
	if (!mac_is_unicast(mac))
		return usage_error("MAC address %s is not a unicast address: give the peer's own address",
				   text);
	return 0;
}

int optional_dev_parse(int argc, char **argv, uint32_t *ifindex)
{
	*ifindex = 0;
	if (argc == 0)
		return 0;
	if (parse_dev(argv[0], ifindex))
		return -EINVAL;
	return expect_end(argc - 1, argv + 1);
}
