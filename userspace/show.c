// SPDX-License-Identifier: GPL-2.0
/* Printing of CA, identity, link, peer, SA and event messages. */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/linkauth.h>

#include "genl.h"
#include "names.h"
#include "output.h"
#include "show.h"

static const struct attr_policy top_policy[LINKAUTH_A_MAX + 1] = {
	[LINKAUTH_A_IFINDEX] = { MNL_TYPE_U32 },
	[LINKAUTH_A_IFNAME] = { MNL_TYPE_NUL_STRING },
	[LINKAUTH_A_CA_CERT] = { MNL_TYPE_BINARY },
	[LINKAUTH_A_CA_ID] = { MNL_TYPE_BINARY, CA_ID_LEN },
	[LINKAUTH_A_CA_SUBJECT] = { MNL_TYPE_NUL_STRING },
	[LINKAUTH_A_CA_NOT_AFTER] = { MNL_TYPE_U64 },
	[LINKAUTH_A_ID_CERT] = { MNL_TYPE_BINARY },
	[LINKAUTH_A_ID_KEY] = { MNL_TYPE_BINARY },
	[LINKAUTH_A_ID_SUBJECT] = { MNL_TYPE_NUL_STRING },
	[LINKAUTH_A_ID_MAC] = { MNL_TYPE_BINARY, 6 },
	[LINKAUTH_A_ID_NOT_AFTER] = { MNL_TYPE_U64 },
	[LINKAUTH_A_ID_KEY_SERIAL] = { MNL_TYPE_U32 },
	[LINKAUTH_A_LINK_ENABLED] = { MNL_TYPE_U8 },
	[LINKAUTH_A_LINK_SUITES] = { MNL_TYPE_U32 },
	[LINKAUTH_A_LINK_GROUPS] = { MNL_TYPE_U32 },
	[LINKAUTH_A_LINK_POLICY] = { MNL_TYPE_U32 },
	[LINKAUTH_A_LINK_REKEY_SEC] = { MNL_TYPE_U32 },
	[LINKAUTH_A_LINK_AUTO] = { MNL_TYPE_U8 },
	[LINKAUTH_A_LINK_STATS] = { MNL_TYPE_NESTED },
	[LINKAUTH_A_PEER_MAC] = { MNL_TYPE_BINARY, 6 },
	[LINKAUTH_A_PEER] = { MNL_TYPE_NESTED },
};

static const struct attr_policy peer_policy[LINKAUTH_PEER_A_MAX + 1] = {
	[LINKAUTH_PEER_A_IFINDEX] = { MNL_TYPE_U32 },
	[LINKAUTH_PEER_A_MAC] = { MNL_TYPE_BINARY, 6 },
	[LINKAUTH_PEER_A_STATE] = { MNL_TYPE_U8 },
	[LINKAUTH_PEER_A_ROLE] = { MNL_TYPE_U8 },
	[LINKAUTH_PEER_A_SUBJECT] = { MNL_TYPE_NUL_STRING },
	[LINKAUTH_PEER_A_ISSUER] = { MNL_TYPE_NUL_STRING },
	[LINKAUTH_PEER_A_SERIAL] = { MNL_TYPE_BINARY },
	[LINKAUTH_PEER_A_SUITE] = { MNL_TYPE_U16 },
	[LINKAUTH_PEER_A_GROUP] = { MNL_TYPE_U16 },
	[LINKAUTH_PEER_A_ESTABLISHED] = { MNL_TYPE_U64 },
	[LINKAUTH_PEER_A_LAST_ERROR] = { MNL_TYPE_U16 },
	[LINKAUTH_PEER_A_HANDSHAKES] = { MNL_TYPE_U64 },
	[LINKAUTH_PEER_A_FAILURES] = { MNL_TYPE_U64 },
	[LINKAUTH_PEER_A_SAK] = { MNL_TYPE_BINARY },
	[LINKAUTH_PEER_A_SALT] = { MNL_TYPE_BINARY, 12 },
	[LINKAUTH_PEER_A_SSCI] = { MNL_TYPE_U32 },
	[LINKAUTH_PEER_A_KEY_ID] = { MNL_TYPE_BINARY, 16 },
	[LINKAUTH_PEER_A_GENERATION] = { MNL_TYPE_U32 },
};

/* Every statistic is a u64 except the nest of failures by error. */
static const struct attr_policy stat_policy[LINKAUTH_STAT_A_MAX + 1] = {
	[LINKAUTH_STAT_A_RX_FRAMES ... LINKAUTH_STAT_A_HS_FAILED] = {
		MNL_TYPE_U64
	},
	[LINKAUTH_STAT_A_FAIL_BY_ERROR] = { MNL_TYPE_NESTED },
};

/* JSON key and text label of each u64 statistic, in output order. */
static const struct {
	unsigned int attr;
	const char *key;
	const char *fmt;
} stats[] = {
	{ LINKAUTH_STAT_A_RX_FRAMES, "rx_frames", "\n\tframes: rx %" PRIu64 },
	{ LINKAUTH_STAT_A_TX_FRAMES, "tx_frames", " tx %" PRIu64 },
	{ LINKAUTH_STAT_A_RX_DROP_MALFORMED, "rx_drop_malformed",
	  "\n\tdropped: malformed %" PRIu64 },
	{ LINKAUTH_STAT_A_RX_DROP_QUEUE_FULL, "rx_drop_queue_full",
	  " queue-full %" PRIu64 },
	{ LINKAUTH_STAT_A_RX_DROP_NO_SESSION, "rx_drop_no_session",
	  " no-session %" PRIu64 },
	{ LINKAUTH_STAT_A_RX_DROP_PORT, "rx_drop_port", " port %" PRIu64 },
	{ LINKAUTH_STAT_A_RX_DROP_RATE_LIMIT, "rx_drop_rate_limit",
	  " rate-limit %" PRIu64 },
	{ LINKAUTH_STAT_A_RX_DROP_TABLE_FULL, "rx_drop_table_full",
	  " table-full %" PRIu64 },
	{ LINKAUTH_STAT_A_HS_STARTED, "hs_started",
	  "\n\thandshakes: started %" PRIu64 },
	{ LINKAUTH_STAT_A_HS_SUCCEEDED, "hs_succeeded", " succeeded %" PRIu64 },
	{ LINKAUTH_STAT_A_HS_FAILED, "hs_failed", " failed %" PRIu64 },
};

static int parse_msg(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl_parse(nlh, top_policy, tb, LINKAUTH_A_MAX) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static void print_ifindex(uint32_t ifindex, const char *fmt)
{
	char name[IF_NAMESIZE];

	print_u64("ifindex", NULL, ifindex);
	if (!if_indextoname(ifindex, name))
		snprintf(name, sizeof(name), "if%" PRIu32, ifindex);
	print_string("ifname", fmt, name);
}

/* Names of the bits of @mask: a JSON array, or a comma list in text. */
static void print_name_list(const char *key, const char *fmt,
			    const struct name_table *table, uint32_t mask)
{
	char text[256];
	unsigned int bit;

	if (!output_is_json()) {
		format_name_list(table, mask, text, sizeof(text));
		print_string(key, fmt, mask ? text : "none");
		return;
	}
	open_array(key);
	for (bit = 0; bit < 32; bit++) {
		if (!(mask & (1U << bit)))
			continue;
		if (name_lookup(table, bit))
			print_string(NULL, NULL, name_lookup(table, bit));
		else
			print_u64(NULL, NULL, bit);
	}
	close_array();
}

/* A value's name, or its number when this program has no name for it. */
static void print_enum(const char *key, const char *fmt,
		       const struct name_table *table, unsigned int value)
{
	char number[16];
	const char *name = name_lookup(table, value);

	if (!name) {
		snprintf(number, sizeof(number), "%u", value);
		name = number;
	}
	print_string(key, fmt, name);
}

void show_ca_id(const uint8_t *id)
{
	open_object(NULL);
	print_hex("id", "ca %s\n", id, CA_ID_LEN, 0);
	close_object();
}

int show_ca_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LINKAUTH_A_MAX + 1];

	(void)data;
	if (parse_msg(nlh, tb) != MNL_CB_OK)
		return MNL_CB_ERROR;
	if (!tb[LINKAUTH_A_CA_ID]) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	open_object(NULL);
	print_hex("id", "ca %s", mnl_attr_get_payload(tb[LINKAUTH_A_CA_ID]),
		  CA_ID_LEN, 0);
	if (tb[LINKAUTH_A_CA_SUBJECT])
		print_string("subject", "\n\tsubject: %s",
			     mnl_attr_get_str(tb[LINKAUTH_A_CA_SUBJECT]));
	if (tb[LINKAUTH_A_CA_NOT_AFTER])
		print_time("not_after", "\n\tnot after: %s",
			   (int64_t)mnl_attr_get_u64(tb[LINKAUTH_A_CA_NOT_AFTER]));
	print_text("\n");
	close_object();
	return MNL_CB_OK;
}

int show_identity_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LINKAUTH_A_MAX + 1];

	(void)data;
	if (parse_msg(nlh, tb) != MNL_CB_OK)
		return MNL_CB_ERROR;
	open_object(NULL);
	if (tb[LINKAUTH_A_IFINDEX])
		print_ifindex(mnl_attr_get_u32(tb[LINKAUTH_A_IFINDEX]),
			      "identity %s");
	if (!tb[LINKAUTH_A_ID_SUBJECT])
		print_text(": none");
	if (tb[LINKAUTH_A_ID_SUBJECT])
		print_string("subject", "\n\tsubject: %s",
			     mnl_attr_get_str(tb[LINKAUTH_A_ID_SUBJECT]));
	if (tb[LINKAUTH_A_ID_MAC])
		print_mac("mac", "\n\tmac: %s",
			  mnl_attr_get_payload(tb[LINKAUTH_A_ID_MAC]));
	if (tb[LINKAUTH_A_ID_NOT_AFTER])
		print_time("not_after", "\n\tnot after: %s",
			   (int64_t)mnl_attr_get_u64(tb[LINKAUTH_A_ID_NOT_AFTER]));
	if (tb[LINKAUTH_A_ID_KEY_SERIAL])
		print_s64("key_serial", "\n\tkey serial: %" PRId64,
			  (int32_t)mnl_attr_get_u32(tb[LINKAUTH_A_ID_KEY_SERIAL]));
	print_text("\n");
	close_object();
	return MNL_CB_OK;
}

/*
 * Failure counts by error, where the nest's attribute types are error
 * codes.  Only causes that occurred are printed, in text and in JSON.
 * Attributes that are not u64, such as padding, are skipped.
 */
static void print_fail_by_error(const struct nlattr *nest)
{
	const struct nlattr *attr;
	bool printed = false;
	char number[16];
	const char *name;

	open_object("fail_by_error");
	print_text("\n\tfailures:");
	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0 ||
		    !mnl_attr_get_u64(attr))
			continue;
		printed = true;
		name = name_lookup(&error_names, mnl_attr_get_type(attr));
		if (!name) {
			snprintf(number, sizeof(number), "%u",
				 mnl_attr_get_type(attr));
			name = number;
		}
		print_text(" ");
		print_text(name);
		print_u64(name, " %" PRIu64, mnl_attr_get_u64(attr));
	}
	if (!printed)
		print_text(" none");
	close_object();
}

static void print_stats(const struct nlattr **tb)
{
	unsigned int i;

	open_object("stats");
	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++) {
		if (tb[stats[i].attr])
			print_u64(stats[i].key, stats[i].fmt,
				  mnl_attr_get_u64(tb[stats[i].attr]));
	}
	if (tb[LINKAUTH_STAT_A_FAIL_BY_ERROR])
		print_fail_by_error(tb[LINKAUTH_STAT_A_FAIL_BY_ERROR]);
	close_object();
}

static void print_link_policy(const struct nlattr **tb)
{
	if (tb[LINKAUTH_A_LINK_AUTO])
		print_bool("auto", "\n\tauto: %s",
			   mnl_attr_get_u8(tb[LINKAUTH_A_LINK_AUTO]));
	if (tb[LINKAUTH_A_LINK_SUITES])
		print_name_list("suites", "\n\tsuites: %s", &suite_names,
				mnl_attr_get_u32(tb[LINKAUTH_A_LINK_SUITES]));
	if (tb[LINKAUTH_A_LINK_GROUPS])
		print_name_list("groups", "\n\tgroups: %s", &group_names,
				mnl_attr_get_u32(tb[LINKAUTH_A_LINK_GROUPS]));
	if (tb[LINKAUTH_A_LINK_POLICY])
		print_name_list("policy", "\n\tpolicy: %s", &policy_names,
				mnl_attr_get_u32(tb[LINKAUTH_A_LINK_POLICY]));
	if (tb[LINKAUTH_A_LINK_REKEY_SEC])
		print_u64("rekey_sec", "\n\trekey: %" PRIu64 " s",
			  mnl_attr_get_u32(tb[LINKAUTH_A_LINK_REKEY_SEC]));
}

int show_link_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *stats_tb[LINKAUTH_STAT_A_MAX + 1];
	const struct nlattr *tb[LINKAUTH_A_MAX + 1];
	const struct nlattr *stats_nest;

	(void)data;
	if (parse_msg(nlh, tb) != MNL_CB_OK)
		return MNL_CB_ERROR;
	stats_nest = tb[LINKAUTH_A_LINK_STATS];
	if (!tb[LINKAUTH_A_IFINDEX] ||
	    (stats_nest && genl_parse_nested(stats_nest, stat_policy, stats_tb,
					     LINKAUTH_STAT_A_MAX))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}

	open_object(NULL);
	print_ifindex(mnl_attr_get_u32(tb[LINKAUTH_A_IFINDEX]), "link %s");
	if (tb[LINKAUTH_A_LINK_ENABLED])
		print_bool("enabled", "\n\tenabled: %s",
			   mnl_attr_get_u8(tb[LINKAUTH_A_LINK_ENABLED]));
	print_link_policy(tb);
	if (stats_nest)
		print_stats(stats_tb);
	print_text("\n");
	close_object();
	return MNL_CB_OK;
}

/*
 * Text layout of a peer: a block with one "label: value" line per field
 * for "peers" and "sa show", or a single line of "label value" pairs for
 * "monitor".
 */
struct peer_style {
	bool one_line;
	bool with_keys;
};

/* Build the text format "<sep><label><colon><conversion>" for a field. */
static const char *field_fmt(const struct peer_style *style,
			     const char *label, const char *conversion,
			     char *fmt, size_t size)
{
	char *p;

	snprintf(fmt, size, "%s%s%s%s", style->one_line ? " " : "\n\t", label,
		 style->one_line ? " " : ": ", conversion);
	/* One-line output keeps one word per label, so awk can read it. */
	if (style->one_line)
		for (p = fmt + 1; *p != '%'; p++)
			if (*p == ' ' && p[1] != '%')
				*p = '-';
	return fmt;
}

static void peer_string(const struct peer_style *style, const char *key,
			const char *label, const char *value)
{
	char fmt[64];

	print_string(key, field_fmt(style, label, "%s", fmt, sizeof(fmt)),
		     value);
}

static void peer_u64(const struct peer_style *style, const char *key,
		     const char *label, uint64_t value)
{
	char fmt[64];

	print_u64(key, field_fmt(style, label, "%" PRIu64, fmt, sizeof(fmt)),
		  value);
}

static void peer_hex(const struct peer_style *style, const char *key,
		     const char *label, const struct nlattr *attr, char sep)
{
	char fmt[64];

	print_hex(key, field_fmt(style, label, "%s", fmt, sizeof(fmt)),
		  mnl_attr_get_payload(attr), mnl_attr_get_payload_len(attr),
		  sep);
}

static void print_peer_names(const struct peer_style *st,
			     const struct nlattr **tb)
{
	char fmt[64];

	if (tb[LINKAUTH_PEER_A_STATE])
		print_enum("state", field_fmt(st, "state", "%s", fmt, sizeof(fmt)),
			   &peer_state_names,
			   mnl_attr_get_u8(tb[LINKAUTH_PEER_A_STATE]));
	if (tb[LINKAUTH_PEER_A_ROLE])
		peer_string(st, "role", "role",
			    role_name(mnl_attr_get_u8(tb[LINKAUTH_PEER_A_ROLE])));
	if (tb[LINKAUTH_PEER_A_SUBJECT])
		peer_string(st, "subject", "subject",
			    mnl_attr_get_str(tb[LINKAUTH_PEER_A_SUBJECT]));
	if (tb[LINKAUTH_PEER_A_ISSUER])
		peer_string(st, "issuer", "issuer",
			    mnl_attr_get_str(tb[LINKAUTH_PEER_A_ISSUER]));
	if (tb[LINKAUTH_PEER_A_SERIAL])
		peer_hex(st, "serial", "serial", tb[LINKAUTH_PEER_A_SERIAL], ':');
	if (tb[LINKAUTH_PEER_A_SUITE])
		print_enum("suite", field_fmt(st, "suite", "%s", fmt, sizeof(fmt)),
			   &suite_names,
			   mnl_attr_get_u16(tb[LINKAUTH_PEER_A_SUITE]));
	if (tb[LINKAUTH_PEER_A_GROUP])
		print_enum("group", field_fmt(st, "group", "%s", fmt, sizeof(fmt)),
			   &group_names,
			   mnl_attr_get_u16(tb[LINKAUTH_PEER_A_GROUP]));
}

static void print_peer_session(const struct peer_style *st,
			       const struct nlattr **tb)
{
	const struct nlattr *attr;
	char fmt[64];

	attr = tb[LINKAUTH_PEER_A_ESTABLISHED];
	if (attr && mnl_attr_get_u64(attr))
		print_time("established",
			   field_fmt(st, "established", "%s", fmt, sizeof(fmt)),
			   (int64_t)mnl_attr_get_u64(attr));
	if (tb[LINKAUTH_PEER_A_GENERATION])
		peer_u64(st, "generation", "generation",
			 mnl_attr_get_u32(tb[LINKAUTH_PEER_A_GENERATION]));
	if (tb[LINKAUTH_PEER_A_SSCI])
		peer_u64(st, "ssci", "ssci",
			 mnl_attr_get_u32(tb[LINKAUTH_PEER_A_SSCI]));
	if (tb[LINKAUTH_PEER_A_KEY_ID])
		peer_hex(st, "key_id", "key id", tb[LINKAUTH_PEER_A_KEY_ID], 0);
	if (tb[LINKAUTH_PEER_A_HANDSHAKES])
		peer_u64(st, "handshakes", "handshakes",
			 mnl_attr_get_u64(tb[LINKAUTH_PEER_A_HANDSHAKES]));
	if (tb[LINKAUTH_PEER_A_FAILURES])
		peer_u64(st, "failures", "failures",
			 mnl_attr_get_u64(tb[LINKAUTH_PEER_A_FAILURES]));
	attr = tb[LINKAUTH_PEER_A_LAST_ERROR];
	if (attr && mnl_attr_get_u16(attr) != LINKAUTH_ERR_NONE)
		print_enum("last_error",
			   field_fmt(st, "last error", "%s", fmt, sizeof(fmt)),
			   &error_names, mnl_attr_get_u16(attr));
	/* Key material only where the caller asked for it by name. */
	if (st->with_keys && tb[LINKAUTH_PEER_A_SAK])
		peer_hex(st, "sak", "sak", tb[LINKAUTH_PEER_A_SAK], 0);
	if (st->with_keys && tb[LINKAUTH_PEER_A_SALT])
		peer_hex(st, "salt", "salt", tb[LINKAUTH_PEER_A_SALT], 0);
}

/*
 * Parse the LINKAUTH_A_PEER nest of @nlh into @tb.  Every peer message
 * must name its link and MAC address.
 */
static int parse_peer(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	const struct nlattr *top[LINKAUTH_A_MAX + 1];
	const struct nlattr *sak;

	if (parse_msg(nlh, top) != MNL_CB_OK || !top[LINKAUTH_A_PEER] ||
	    genl_parse_nested(top[LINKAUTH_A_PEER], peer_policy, tb,
			      LINKAUTH_PEER_A_MAX) ||
	    !tb[LINKAUTH_PEER_A_IFINDEX] || !tb[LINKAUTH_PEER_A_MAC])
		goto invalid;
	sak = tb[LINKAUTH_PEER_A_SAK];
	if (sak && mnl_attr_get_payload_len(sak) != 16 &&
	    mnl_attr_get_payload_len(sak) != 32)
		goto invalid;
	return 0;

invalid:
	errno = EBADMSG;
	return -EBADMSG;
}

static int show_peer(const struct nlmsghdr *nlh, const char *label,
		     const struct peer_style *style, uint32_t ifindex)
{
	const struct nlattr *tb[LINKAUTH_PEER_A_MAX + 1];
	char fmt[32];

	if (parse_peer(nlh, tb))
		return MNL_CB_ERROR;
	/* Kernels that ignore the dump filter send the peers of every link. */
	if (ifindex && mnl_attr_get_u32(tb[LINKAUTH_PEER_A_IFINDEX]) != ifindex)
		return MNL_CB_OK;
	open_object(NULL);
	snprintf(fmt, sizeof(fmt), "%s %%s", label);
	print_mac("mac", fmt, mnl_attr_get_payload(tb[LINKAUTH_PEER_A_MAC]));
	print_ifindex(mnl_attr_get_u32(tb[LINKAUTH_PEER_A_IFINDEX]), " on %s");
	print_peer_names(style, tb);
	print_peer_session(style, tb);
	print_text("\n");
	close_object();
	return MNL_CB_OK;
}

int show_peer_msg(const struct nlmsghdr *nlh, void *data)
{
	static const struct peer_style style = { false, false };
	const struct peer_show_opts *opts = data;

	return show_peer(nlh, "peer", &style, opts ? opts->ifindex : 0);
}

int show_sa_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct peer_show_opts *opts = data;
	struct peer_style style = { false, opts && opts->with_keys };

	return show_peer(nlh, "sa", &style, opts ? opts->ifindex : 0);
}

int show_event_msg(const struct nlmsghdr *nlh, void *data)
{
	static const struct peer_style style = { true, false };
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[LINKAUTH_PEER_A_MAX + 1];
	const char *name;
	char unknown[32];

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_OK;
	name = event_name(genl->cmd);
	if (!name) {
		snprintf(unknown, sizeof(unknown), "event-%u", genl->cmd);
		name = unknown;
	}
	if (parse_peer(nlh, tb)) {
		/* A bad event must not end a monitor that runs for days. */
		fprintf(stderr, "linkauthctl: ignored malformed %s event\n",
			name);
		return MNL_CB_OK;
	}
	open_object(NULL);
	print_string("event", "%s", name);
	print_ifindex(mnl_attr_get_u32(tb[LINKAUTH_PEER_A_IFINDEX]), " %s");
	print_mac("mac", " %s", mnl_attr_get_payload(tb[LINKAUTH_PEER_A_MAC]));
	print_peer_names(&style, tb);
	print_peer_session(&style, tb);
	print_text("\n");
	close_object();
	output_flush();
	return MNL_CB_OK;
}
