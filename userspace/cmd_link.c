// SPDX-License-Identifier: GPL-2.0
/* "link set" and "link show": linkauth settings and counters of a link. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/linkauth.h>

#include "genl.h"
#include "linkauthctl.h"
#include "names.h"
#include "output.h"
#include "show.h"

#define HAS(attr) (1U << (attr))

static int parse_list(const char *word, const char *value,
		      const struct name_table *table, uint32_t *mask)
{
	char names[128];
	unsigned int i;
	size_t pos = 0;

	if (!parse_name_list(table, value, mask))
		return 0;
	for (i = 0; i < table->count; i++)
		pos += (size_t)snprintf(names + pos, sizeof(names) - pos, "%s%s",
					i ? "," : "", table->names[i]);
	return usage_error("invalid %s \"%s\": expected a comma-separated list of %s",
			   word, value, names);
}

/* Parse one "WORD VALUE" pair of "link set". */
static int link_set_pair(const char *word, const char *value,
			 struct link_set_args *args)
{
	if (!strcmp(word, "suites")) {
		args->has |= HAS(LINKAUTH_A_LINK_SUITES);
		return parse_list(word, value, &suite_names, &args->suites);
	}
	if (!strcmp(word, "groups")) {
		args->has |= HAS(LINKAUTH_A_LINK_GROUPS);
		return parse_list(word, value, &group_names, &args->groups);
	}
	if (!strcmp(word, "policy")) {
		args->has |= HAS(LINKAUTH_A_LINK_POLICY);
		args->policy = 0;
		if (!strcmp(value, "none"))
			return 0;
		return parse_list(word, value, &policy_names, &args->policy);
	}
	if (!strcmp(word, "rekey")) {
		args->has |= HAS(LINKAUTH_A_LINK_REKEY_SEC);
		if (parse_u32(value, UINT32_MAX, &args->rekey_sec))
			return usage_error("invalid rekey interval \"%s\": expected seconds from 0 (no rekey) to %u",
					   value, UINT32_MAX);
		return 0;
	}
	if (!strcmp(word, "auto")) {
		args->has |= HAS(LINKAUTH_A_LINK_AUTO);
		if (parse_on_off(value, &args->autoauth))
			return usage_error("invalid auto \"%s\": expected on or off",
					   value);
		return 0;
	}
	return usage_error("link set: unknown argument \"%s\"; expected enable, disable, suites, groups, policy, rekey or auto",
			   word);
}

static bool takes_value(const char *word)
{
	static const char *const words[] = {
		"suites", "groups", "policy", "rekey", "auto",
	};
	unsigned int i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (!strcmp(word, words[i]))
			return true;
	}
	return false;
}

int link_set_parse(int argc, char **argv, struct link_set_args *args)
{
	int err;

	memset(args, 0, sizeof(*args));
	if (argc < 1)
		return usage_error("link set: missing DEV");
	if (parse_dev(argv[0], &args->ifindex))
		return -EINVAL;
	for (argc--, argv++; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "enable") || !strcmp(argv[0], "disable")) {
			if (args->has & HAS(LINKAUTH_A_LINK_ENABLED))
				return usage_error("link set: give one of enable or disable, once");
			args->has |= HAS(LINKAUTH_A_LINK_ENABLED);
			args->enabled = !strcmp(argv[0], "enable");
			continue;
		}
		if (takes_value(argv[0]) && argc < 2)
			return usage_error("link set: missing value after \"%s\"",
					   argv[0]);
		err = link_set_pair(argv[0], argc > 1 ? argv[1] : "", args);
		if (err)
			return err;
		argc--;
		argv++;
	}
	if (!args->has)
		return usage_error("link set: nothing to change; expected enable, disable, suites, groups, policy, rekey or auto");
	return 0;
}

static void put_link_set(struct nlmsghdr *nlh, const struct link_set_args *a)
{
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, a->ifindex);
	if (a->has & HAS(LINKAUTH_A_LINK_ENABLED))
		mnl_attr_put_u8(nlh, LINKAUTH_A_LINK_ENABLED, a->enabled);
	if (a->has & HAS(LINKAUTH_A_LINK_SUITES))
		mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_SUITES, a->suites);
	if (a->has & HAS(LINKAUTH_A_LINK_GROUPS))
		mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_GROUPS, a->groups);
	if (a->has & HAS(LINKAUTH_A_LINK_POLICY))
		mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_POLICY, a->policy);
	if (a->has & HAS(LINKAUTH_A_LINK_REKEY_SEC))
		mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_REKEY_SEC, a->rekey_sec);
	if (a->has & HAS(LINKAUTH_A_LINK_AUTO))
		mnl_attr_put_u8(nlh, LINKAUTH_A_LINK_AUTO, a->autoauth);
}

static int link_set(int argc, char **argv)
{
	struct link_set_args args;
	struct nlmsghdr *nlh;
	struct genl nl;
	char what[64];
	int err;

	err = link_set_parse(argc, argv, &args);
	if (err)
		return err;
	err = genl_open(&nl);
	if (err)
		return err;

	nlh = genl_msg_start(&nl, nl.buf, LINKAUTH_CMD_LINK_SET, NLM_F_ACK);
	put_link_set(nlh, &args);
	err = genl_transact(&nl, nlh, NULL, NULL);
	if (err) {
		snprintf(what, sizeof(what), "cannot change link %s", argv[0]);
		genl_report(&nl, err, what);
	}
	genl_close(&nl);
	return err;
}

static int link_show(int argc, char **argv)
{
	struct nlmsghdr *nlh;
	uint32_t ifindex;
	struct genl nl;
	int err;

	err = optional_dev_parse(argc, argv, &ifindex);
	if (err)
		return err;
	err = genl_open(&nl);
	if (err)
		return err;

	nlh = genl_msg_start(&nl, nl.buf, LINKAUTH_CMD_LINK_GET,
			     ifindex ? NLM_F_ACK : NLM_F_DUMP);
	if (ifindex)
		mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	open_array(NULL);
	err = genl_transact(&nl, nlh, show_link_msg, NULL);
	close_array();
	if (err)
		genl_report(&nl, err, "cannot show the links");
	genl_close(&nl);
	return err;
}

static const struct subcommand link_commands[] = {
	{ "set", link_set,
	  "link set DEV [enable|disable] [suites LIST] [groups LIST] [policy LIST] [rekey SECONDS] [auto on|off]" },
	{ "show", link_show, "link show [DEV]" },
	{ NULL, NULL, NULL },
};

int cmd_link(int argc, char **argv)
{
	return subcommand_run(link_commands, "link ", argc, argv);
}
