// SPDX-License-Identifier: GPL-2.0
/*
 * Send malformed requests to the linkauth generic netlink family and check
 * that the kernel rejects each one with an error and an extended ACK
 * message.  linkauthctl validates its arguments before sending, so these
 * requests can only be built by hand.  Runs in a test guest with the
 * module loaded; prints "PASS nlprobe.NAME" or "FAIL nlprobe.NAME: why".
 * With "peers COUNT" it instead starts handshakes with COUNT peers.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/linkauth.h>

#include "../genl.h"

struct probe {
	const char *name;
	uint8_t cmd;
	void (*fill)(struct nlmsghdr *nlh, int ifindex);
	int expected_errno;
};

static void fill_short_mac(struct nlmsghdr *nlh, int ifindex)
{
	static const uint8_t mac[4] = { 2, 0, 0, 0 };

	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	mnl_attr_put(nlh, LINKAUTH_A_PEER_MAC, sizeof(mac), mac);
}

static void fill_zero_ifindex(struct nlmsghdr *nlh, int ifindex)
{
	(void)ifindex;
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 0);
}

static void fill_huge_cert(struct nlmsghdr *nlh, int ifindex)
{
	static uint8_t der[20000];	/* over the 16384-byte limit */

	(void)ifindex;
	memset(der, 0x30, sizeof(der));
	mnl_attr_put(nlh, LINKAUTH_A_CA_CERT, sizeof(der), der);
}

static void fill_garbage_cert(struct nlmsghdr *nlh, int ifindex)
{
	static const uint8_t der[] = { 0x30, 0x82, 0xff, 0xff, 0x01 };

	(void)ifindex;
	mnl_attr_put(nlh, LINKAUTH_A_CA_CERT, sizeof(der), der);
}

static void fill_nothing(struct nlmsghdr *nlh, int ifindex)
{
	(void)nlh;
	(void)ifindex;
}

static void fill_reply_only(struct nlmsghdr *nlh, int ifindex)
{
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	mnl_attr_put_strz(nlh, LINKAUTH_A_IFNAME, "eth0");
}

static void fill_bad_suites(struct nlmsghdr *nlh, int ifindex)
{
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_SUITES, 1U << 20);
}

static void fill_bad_rekey(struct nlmsghdr *nlh, int ifindex)
{
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_REKEY_SEC, 5);
}

static void fill_unknown_attr(struct nlmsghdr *nlh, int ifindex)
{
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	mnl_attr_put_u32(nlh, LINKAUTH_A_MAX + 5, 1);
}

static void fill_key_without_cert(struct nlmsghdr *nlh, int ifindex)
{
	static const uint8_t key[] = { 0x30, 0x00 };

	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
	mnl_attr_put(nlh, LINKAUTH_A_ID_KEY, sizeof(key), key);
}

static const struct probe probes[] = {
	{ "short-peer-mac", LINKAUTH_CMD_AUTH, fill_short_mac, ERANGE },
	{ "zero-ifindex", LINKAUTH_CMD_LINK_SET, fill_zero_ifindex, ERANGE },
	{ "oversized-cert", LINKAUTH_CMD_CA_ADD, fill_huge_cert, ERANGE },
	{ "garbage-cert", LINKAUTH_CMD_CA_ADD, fill_garbage_cert, EBADMSG },
	{ "missing-cert", LINKAUTH_CMD_CA_ADD, fill_nothing, EINVAL },
	{ "reply-only-attr", LINKAUTH_CMD_LINK_SET, fill_reply_only, EINVAL },
	{ "unknown-suite-bit", LINKAUTH_CMD_LINK_SET, fill_bad_suites, EINVAL },
	{ "short-rekey", LINKAUTH_CMD_LINK_SET, fill_bad_rekey, EINVAL },
	{ "unknown-attr", LINKAUTH_CMD_LINK_SET, fill_unknown_attr, EINVAL },
	{ "key-without-cert", LINKAUTH_CMD_IDENTITY_SET,
	  fill_key_without_cert, EINVAL },
};

static int run_probe(struct genl *nl, const struct probe *p, int ifindex)
{
	static char buf[32768];	/* room for the 16 KiB certificate */
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_msg_start(nl, buf, p->cmd, NLM_F_REQUEST | NLM_F_ACK);
	p->fill(nlh, ifindex);
	nl->ext_msg[0] = '\0';
	err = genl_transact(nl, nlh, NULL, NULL);
	if (!err) {
		printf("FAIL nlprobe.%s: request accepted\n", p->name);
		return 1;
	}
	if (-err != p->expected_errno) {
		printf("FAIL nlprobe.%s: error %s, expected %s\n", p->name,
		       strerror(-err), strerror(p->expected_errno));
		return 1;
	}
	if (!nl->ext_msg[0] && !nl->ext_missing) {
		printf("FAIL nlprobe.%s: no extended ACK message\n", p->name);
		return 1;
	}
	printf("PASS nlprobe.%s (%s: %s)\n", p->name, strerror(-err),
	       nl->ext_msg[0] ? nl->ext_msg : "missing attribute");
	return 0;
}

/*
 * Start handshakes with @count made-up peers 02:00:00:01:xx:yy, so that a
 * peer dump has that many entries.  One process does it faster than as
 * many linkauthctl runs, which matters under QEMU without KVM.
 */
static int add_peers(struct genl *nl, int ifindex, unsigned int count)
{
	static char buf[4096];
	struct nlmsghdr *nlh;
	unsigned int i;
	uint8_t mac[6];
	int err;

	for (i = 1; i <= count; i++) {
		mac[0] = 0x02;
		mac[1] = 0;
		mac[2] = 0;
		mac[3] = 1;
		mac[4] = i >> 8;
		mac[5] = i & 0xff;
		nlh = genl_msg_start(nl, buf, LINKAUTH_CMD_AUTH,
				     NLM_F_REQUEST | NLM_F_ACK);
		mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, ifindex);
		mnl_attr_put(nlh, LINKAUTH_A_PEER_MAC, sizeof(mac), mac);
		err = genl_transact(nl, nlh, NULL, NULL);
		if (err) {
			genl_report(nl, err, "auth");
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int i, count;
	struct genl nl;
	int ifindex, failed = 0;

	if ((argc != 2 && argc != 4) || sscanf(argv[1], "%d", &ifindex) != 1 ||
	    (argc == 4 && (strcmp(argv[2], "peers") ||
			   sscanf(argv[3], "%u", &count) != 1))) {
		fprintf(stderr, "usage: nlprobe IFINDEX [peers COUNT]\n");
		return 2;
	}
	if (genl_open(&nl))
		return 1;
	if (argc == 4) {
		failed = add_peers(&nl, ifindex, count);
	} else {
		for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
			failed |= run_probe(&nl, &probes[i], ifindex);
	}
	genl_close(&nl);
	return failed;
}
