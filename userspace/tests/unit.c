// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of linkauthctl: argument parsing, text and JSON output of
 * fixed messages, reply handling, certificate and key files made here by
 * the openssl command, and the exit status of the program itself.
 *
 * Usage: unit PATH-TO-LINKAUTHCTL.  Needs the openssl command and, for
 * the JSON syntax checks, jq (skipped without it).  Ends with
 * "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/linkauth.h>

#include <openssl/crypto.h>
#include <openssl/x509.h>

#include "certfile.h"
#include "genl.h"
#include "linkauthctl.h"
#include "names.h"
#include "output.h"
#include "show.h"

static int passed, failed;
static const char *program;
static char tmpdir[] = "/tmp/linkauthctl-test.XXXXXX";

/*
 * Count one check and print "PASS NAME" or "FAIL NAME: DETAILS", where NAME
 * is the first line of the formatted message and DETAILS the rest, so that
 * the harness can count the checks one by one.
 */
static void check(int ok, const char *fmt, ...)
{
	char text[8192];
	char *details;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	details = strchr(text, '\n');
	if (details)
		*details++ = '\0';

	if (ok) {
		passed++;
		printf("PASS userspace: %s\n", text);
		return;
	}
	failed++;
	printf("FAIL userspace: %s: %s\n", text, details ? details : "failed");
}

static void check_str(const char *got, const char *want, const char *name)
{
	int ok = got && !strcmp(got, want);

	check(ok, "%s\n--- got:\n%s\n--- expected:\n%s", name,
	      got ? got : "(null)", want);
}

/* Stderr of the code under test goes to a file, to check and to keep quiet. */
static int saved_stderr = -1;
static char stderr_path[256];

static void stderr_capture(void)
{
	int fd;

	fflush(stderr);
	snprintf(stderr_path, sizeof(stderr_path), "%s/stderr", tmpdir);
	fd = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
}

/* Stop capturing; returns the text, which the caller frees. */
static char *stderr_release(void)
{
	char *text = calloc(1, 4096);
	FILE *f;

	fflush(stderr);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	f = fopen(stderr_path, "r");
	if (f) {
		if (fread(text, 1, 4095, f) == 0)
			text[0] = '\0';
		fclose(f);
	}
	return text;
}

/* Run @argv through @parse; returns its result, and stderr in *@err. */
typedef int (*parse_fn)(int argc, char **argv, void *args);

static int run_parse(parse_fn parse, const char *line, void *args, char **err)
{
	char *copy = strdup(line), *argv[32], *word;
	int argc = 0, ret;

	for (word = strtok(copy, " "); word && argc < 31;
	     word = strtok(NULL, " "))
		argv[argc++] = word;
	argv[argc] = NULL;
	stderr_capture();
	ret = parse(argc, argv, args);
	*err = stderr_release();
	/* @copy stays allocated: the parsed arguments point into it. */
	return ret;
}

/* ---- names.c ---- */

static void test_parse_mac(void)
{
	static const char *const bad[] = {
		"", "zz", "02:00:00:00:00", "02:00:00:00:00:01:02",
		"02-00-00-00-00-01", "2:0:0:0:0:1", "02:00:00:00:00:0g",
		"02:00:00:00:00:01 ", " 02:00:00:00:00:01", "0200.0000.0001",
		"02:00:00:00:00:001",
	};
	uint8_t mac[6];
	unsigned int i;

	check(!parse_mac("02:Ab:cD:ef:00:19", mac), "parse_mac mixed case");
	check(!memcmp(mac, "\x02\xab\xcd\xef\x00\x19", 6),
	      "parse_mac bytes");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check(parse_mac(bad[i], mac) == -EINVAL,
		      "parse_mac rejects \"%s\"", bad[i]);

	parse_mac("02:00:00:00:00:01", mac);
	check(mac_is_unicast(mac), "unicast 02:00:00:00:00:01");
	parse_mac("01:00:5e:00:00:01", mac);
	check(!mac_is_unicast(mac), "multicast 01:00:5e:00:00:01");
	parse_mac("ff:ff:ff:ff:ff:ff", mac);
	check(!mac_is_unicast(mac), "broadcast is not unicast");
	parse_mac("00:00:00:00:00:00", mac);
	check(!mac_is_unicast(mac), "zero is not unicast");
}

static void test_name_lists(void)
{
	char text[128];
	uint32_t mask;

	check(!parse_name_list(&suite_names, "gcm-aes-128,gcm-aes-xpn-256",
			       &mask) && mask == 0x9, "suites list");
	check(!parse_name_list(&suite_names,
			       "gcm-aes-128,gcm-aes-256,gcm-aes-xpn-128,gcm-aes-xpn-256",
			       &mask) && mask == 0xf, "all suites");
	check(!parse_name_list(&group_names, "p256", &mask) && mask == 0x2,
	      "groups p256");
	check(!parse_name_list(&policy_names, "mutual,port-control", &mask) &&
	      mask == (LINKAUTH_POLICY_MUTUAL | LINKAUTH_POLICY_PORT_CONTROL),
	      "policy list");
	check(parse_name_list(&suite_names, "gcm-aes-512", &mask) == -EINVAL,
	      "unknown suite");
	check(parse_name_list(&suite_names, "", &mask) == -EINVAL,
	      "empty list");
	check(parse_name_list(&suite_names, "gcm-aes-128,", &mask) == -EINVAL,
	      "trailing comma");
	check(parse_name_list(&suite_names, ",gcm-aes-128", &mask) == -EINVAL,
	      "leading comma");
	check(parse_name_list(&group_names, "X25519", &mask) == -EINVAL,
	      "names are case sensitive");
	check(parse_name_list(&suite_names, "gcm-aes-12", &mask) == -EINVAL,
	      "prefix of a name");

	format_name_list(&suite_names, 0x5, text, sizeof(text));
	check_str(text, "gcm-aes-128,gcm-aes-xpn-128", "format suites");
	format_name_list(&group_names, 0x9, text, sizeof(text));
	check_str(text, "x25519,3", "format unknown bit");
}

static void test_enum_names(void)
{
	check_str(name_lookup(&error_names, LINKAUTH_ERR_UNSUPPORTED_ALGO),
		  "unsupported-algorithm", "error name");
	check_str(name_lookup(&error_names, LINKAUTH_ERR_NONE), "none",
		  "error none");
	check(name_lookup(&error_names, __LINKAUTH_ERR_MAX) == NULL,
	      "error past the end");
	check(error_names.count == __LINKAUTH_ERR_MAX, "every error named");
	check(peer_state_names.count == __LINKAUTH_PEER_STATE_MAX,
	      "every state named");
	check(suite_names.count == __LINKAUTH_SUITE_MAX, "every suite named");
	check(group_names.count == __LINKAUTH_GROUP_MAX, "every group named");
	check_str(name_lookup(&peer_state_names, LINKAUTH_PEER_FINISH_SENT),
		  "finish-sent", "state name");
	check_str(event_name(LINKAUTH_CMD_EV_PEER_LOST), "peer-lost",
		  "event name");
	check(event_name(LINKAUTH_CMD_PEER_GET) == NULL, "not an event");
}

static void test_parse_numbers(void)
{
	uint8_t id[CA_ID_LEN];
	uint32_t v;

	check(!parse_u32("0", UINT32_MAX, &v) && v == 0, "u32 zero");
	check(!parse_u32("4294967295", UINT32_MAX, &v) && v == UINT32_MAX,
	      "u32 max");
	check(parse_u32("4294967296", UINT32_MAX, &v) == -ERANGE,
	      "u32 overflow");
	check(parse_u32("99999999999999999999999", UINT32_MAX, &v) == -ERANGE,
	      "u32 huge");
	check(parse_u32("-1", UINT32_MAX, &v) == -EINVAL, "u32 negative");
	check(parse_u32("+1", UINT32_MAX, &v) == -EINVAL, "u32 plus sign");
	check(parse_u32(" 1", UINT32_MAX, &v) == -EINVAL, "u32 space");
	check(parse_u32("10s", UINT32_MAX, &v) == -EINVAL, "u32 suffix");
	check(parse_u32("", UINT32_MAX, &v) == -EINVAL, "u32 empty");
	check(parse_u32("0x10", UINT32_MAX, &v) == -EINVAL, "u32 hex");
	check(parse_u32("11", 10, &v) == -ERANGE, "u32 above max");

	check(!parse_hex("00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF",
			 id, sizeof(id)) && id[31] == 0xff, "CA ID");
	check(parse_hex("0011", id, sizeof(id)) == -EINVAL, "short CA ID");
	check(parse_hex("x0112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
			id, sizeof(id)) == -EINVAL, "CA ID not hex");
}

/* ---- subcommand argument parsers ---- */

static int link_set_fn(int argc, char **argv, void *args)
{
	return link_set_parse(argc, argv, args);
}

static int identity_set_fn(int argc, char **argv, void *args)
{
	return identity_set_parse(argc, argv, args);
}

static int auth_fn(int argc, char **argv, void *args)
{
	return auth_parse(argc, argv, args);
}

static int deauth_fn(int argc, char **argv, void *args)
{
	return deauth_parse(argc, argv, args);
}

static int sa_show_fn(int argc, char **argv, void *args)
{
	return sa_show_parse(argc, argv, args);
}

/* A usage error: -EINVAL and a message that contains @needle. */
static void check_usage_error(parse_fn fn, const char *line, void *args,
			      const char *needle)
{
	char *err;
	int ret = run_parse(fn, line, args, &err);

	check(ret == -EINVAL, "\"%s\" returns -EINVAL, got %d", line, ret);
	check(strstr(err, needle) != NULL,
	      "\"%s\" error mentions \"%s\", got: %s", line, needle, err);
	free(err);
}

static void test_link_set_parse(void)
{
	struct link_set_args a;
	char *err;
	int ret;

	ret = run_parse(link_set_fn,
			"lo enable suites gcm-aes-256,gcm-aes-xpn-256 groups x25519 policy mutual,encrypt rekey 3600 auto on",
			&a, &err);
	check(ret == 0, "link set full: %s", err);
	free(err);
	check(a.ifindex == 1, "link set lo ifindex");
	check(a.enabled, "link set enable");
	check(a.suites == 0xa, "link set suites");
	check(a.groups == 0x1, "link set groups");
	check(a.policy == (LINKAUTH_POLICY_MUTUAL | LINKAUTH_POLICY_ENCRYPT),
	      "link set policy");
	check(a.rekey_sec == 3600, "link set rekey");
	check(a.autoauth, "link set auto");
	check(a.has == ((1U << LINKAUTH_A_LINK_ENABLED) |
			(1U << LINKAUTH_A_LINK_SUITES) |
			(1U << LINKAUTH_A_LINK_GROUPS) |
			(1U << LINKAUTH_A_LINK_POLICY) |
			(1U << LINKAUTH_A_LINK_REKEY_SEC) |
			(1U << LINKAUTH_A_LINK_AUTO)), "link set has");

	ret = run_parse(link_set_fn, "lo disable", &a, &err);
	free(err);
	check(ret == 0 && !a.enabled &&
	      a.has == 1U << LINKAUTH_A_LINK_ENABLED, "link set disable only");
	ret = run_parse(link_set_fn, "lo policy none auto off rekey 0", &a,
			&err);
	free(err);
	check(ret == 0 && a.policy == 0 && !a.autoauth && a.rekey_sec == 0,
	      "link set policy none");

	check_usage_error(link_set_fn, "lo", &a, "nothing to change");
	check_usage_error(link_set_fn, "lo enable disable", &a,
			  "one of enable or disable");
	check_usage_error(link_set_fn, "", &a, "missing DEV");
	check_usage_error(link_set_fn, "nosuchdev0 enable", &a,
			  "device \"nosuchdev0\" does not exist");
	check_usage_error(link_set_fn, "lo suites", &a,
			  "missing value after \"suites\"");
	check_usage_error(link_set_fn, "lo suites gcm-aes-512", &a,
			  "invalid suites \"gcm-aes-512\"");
	check_usage_error(link_set_fn, "lo groups x448", &a,
			  "invalid groups \"x448\"");
	check_usage_error(link_set_fn, "lo policy mutual,strict", &a,
			  "invalid policy \"mutual,strict\"");
	check_usage_error(link_set_fn, "lo rekey 4294967296", &a,
			  "invalid rekey interval \"4294967296\"");
	check_usage_error(link_set_fn, "lo rekey -5", &a,
			  "invalid rekey interval \"-5\"");
	check_usage_error(link_set_fn, "lo auto yes", &a,
			  "invalid auto \"yes\": expected on or off");
	check_usage_error(link_set_fn, "lo speed 10", &a,
			  "unknown argument \"speed\"");
	check_usage_error(link_set_fn, "lo enable rekey", &a,
			  "missing value after \"rekey\"");
}

static void test_identity_set_parse(void)
{
	struct identity_set_args a;
	char *err;
	int ret;

	ret = run_parse(identity_set_fn,
			"lo cert leaf.pem chain int1.pem chain int2.der key - ",
			&a, &err);
	check(ret == 0, "identity set: %s", err);
	free(err);
	check(a.ifindex == 1 && !strcmp(a.cert, "leaf.pem") &&
	      a.n_chain == 2 && !strcmp(a.chain[1], "int2.der") &&
	      !strcmp(a.key, "-"), "identity set fields");

	check_usage_error(identity_set_fn, "lo cert a.pem", &a,
			  "missing \"key FILE\"");
	check_usage_error(identity_set_fn, "lo key k.pem", &a,
			  "missing \"cert FILE\"");
	check_usage_error(identity_set_fn, "lo cert a.pem key", &a,
			  "missing FILE after \"key\"");
	check_usage_error(identity_set_fn, "lo cert - key -", &a,
			  "only one file can be \"-\"");
	check_usage_error(identity_set_fn, "lo cert a key b cert c", &a,
			  "\"cert\" given twice");
	check_usage_error(identity_set_fn,
			  "lo cert a chain b chain c chain d chain e key k",
			  &a, "too many \"chain\" files");
	check_usage_error(identity_set_fn, "lo cert a password p key k", &a,
			  "unknown argument \"password\"");
}

static void test_peer_parsers(void)
{
	struct peer_args a;
	char *err;
	int ret;

	ret = run_parse(auth_fn, "lo", &a, &err);
	free(err);
	check(ret == 0 && a.ifindex == 1 && !a.has_mac, "auth discovery");
	ret = run_parse(auth_fn, "lo peer 02:00:00:00:00:02", &a, &err);
	free(err);
	check(ret == 0 && a.has_mac && a.mac[5] == 2, "auth peer");
	check_usage_error(auth_fn, "lo peer", &a, "missing MAC");
	check_usage_error(auth_fn, "lo peer 02:00:00:00:00", &a,
			  "invalid MAC address \"02:00:00:00:00\"");
	check_usage_error(auth_fn, "lo peer ff:ff:ff:ff:ff:ff", &a,
			  "not a unicast address");
	check_usage_error(auth_fn, "lo 02:00:00:00:00:02", &a,
			  "expected \"peer MAC\"");
	check_usage_error(auth_fn, "lo peer 02:00:00:00:00:02 now", &a,
			  "unexpected argument \"now\"");

	ret = run_parse(deauth_fn, "lo 02:00:00:00:00:03", &a, &err);
	free(err);
	check(ret == 0 && a.mac[5] == 3, "deauth");
	check_usage_error(deauth_fn, "lo", &a, "missing the MAC");
	check_usage_error(deauth_fn, "lo 02:00:00:00:00:0x", &a,
			  "invalid MAC address \"02:00:00:00:00:0x\"");

	ret = run_parse(sa_show_fn, "", &a, &err);
	free(err);
	check(ret == 0 && !a.ifindex && !a.with_keys, "sa show");
	ret = run_parse(sa_show_fn, "with-keys", &a, &err);
	free(err);
	check(ret == 0 && !a.ifindex && a.with_keys, "sa show with-keys");
	ret = run_parse(sa_show_fn, "lo with-keys", &a, &err);
	free(err);
	check(ret == 0 && a.ifindex == 1 && a.with_keys, "sa show lo keys");
	check_usage_error(sa_show_fn, "lo keys", &a,
			  "unexpected argument \"keys\"");
}

/* ---- show.c: text and JSON output of fixed messages ---- */

static char msgbuf[GENL_RECV_SIZE];

static struct nlmsghdr *msg_start(void *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = 0x20;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = LINKAUTH_GENL_VERSION;
	return nlh;
}

/* Run @fn on @nlh with output to a string; the caller frees it. */
static char *capture(mnl_cb_t fn, const struct nlmsghdr *nlh, void *data,
		     bool json, int *ret)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	output_init(f, json);
	stderr_capture();
	*ret = fn(nlh, data);
	free(stderr_release());
	fclose(f);
	return text;
}

static bool jq_available;

/* Check that @text is valid JSON, with jq when it is installed. */
static void check_json_syntax(const char *text, const char *name)
{
	char path[300], cmd[400];
	FILE *f;

	if (!jq_available || !text[0])
		return;
	snprintf(path, sizeof(path), "%s/out.json", tmpdir);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "jq -e . %s >/dev/null 2>&1", path);
	check(system(cmd) == 0, "%s: jq rejects %s", name, text);
}

static void check_output(mnl_cb_t fn, const struct nlmsghdr *nlh, void *data,
			 const char *text, const char *json, const char *name)
{
	char *got;
	int ret;

	got = capture(fn, nlh, data, false, &ret);
	check(ret == MNL_CB_OK, "%s text returns %d", name, ret);
	check_str(got, text, name);
	free(got);
	got = capture(fn, nlh, data, true, &ret);
	check(ret == MNL_CB_OK, "%s JSON returns %d", name, ret);
	check_str(got, json, name);
	check_json_syntax(got, name);
	free(got);
}

/* 2030-01-01T00:00:00Z */
#define TEST_TIME 1893456000ULL

static void test_show_ca(void)
{
	struct nlmsghdr *nlh = msg_start(msgbuf, LINKAUTH_CMD_CA_GET);
	uint8_t id[CA_ID_LEN];
	unsigned int i;
	int ret;
	char *out;

	for (i = 0; i < sizeof(id); i++)
		id[i] = (uint8_t)i;
	mnl_attr_put(nlh, LINKAUTH_A_CA_ID, sizeof(id), id);
	mnl_attr_put_strz(nlh, LINKAUTH_A_CA_SUBJECT, "CN=Test Root");
	mnl_attr_put_u64(nlh, LINKAUTH_A_CA_NOT_AFTER, TEST_TIME);
	check_output(show_ca_msg, nlh, NULL,
		     "ca 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n"
		     "\tsubject: CN=Test Root\n"
		     "\tnot after: 2030-01-01T00:00:00Z\n",
		     "{\"id\":\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\","
		     "\"subject\":\"CN=Test Root\",\"not_after\":1893456000}\n",
		     "CA");

	nlh = msg_start(msgbuf, LINKAUTH_CMD_CA_GET);
	mnl_attr_put(nlh, LINKAUTH_A_CA_ID, 31, id);
	out = capture(show_ca_msg, nlh, NULL, false, &ret);
	check(ret == MNL_CB_ERROR, "CA ID of 31 bytes is rejected");
	free(out);
}

static void test_show_identity(void)
{
	struct nlmsghdr *nlh = msg_start(msgbuf, LINKAUTH_CMD_IDENTITY_GET);

	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	mnl_attr_put_strz(nlh, LINKAUTH_A_ID_SUBJECT, "CN=dev1");
	mnl_attr_put(nlh, LINKAUTH_A_ID_MAC, 6, "\x02\x00\x00\x00\x00\x01");
	mnl_attr_put_u64(nlh, LINKAUTH_A_ID_NOT_AFTER, TEST_TIME);
	mnl_attr_put_u32(nlh, LINKAUTH_A_ID_KEY_SERIAL, 123456789);
	check_output(show_identity_msg, nlh, NULL,
		     "identity lo\n\tsubject: CN=dev1\n\tmac: 02:00:00:00:00:01\n"
		     "\tnot after: 2030-01-01T00:00:00Z\n\tkey serial: 123456789\n",
		     "{\"ifindex\":1,\"ifname\":\"lo\",\"subject\":\"CN=dev1\","
		     "\"mac\":\"02:00:00:00:00:01\",\"not_after\":1893456000,"
		     "\"key_serial\":123456789}\n",
		     "identity");

	nlh = msg_start(msgbuf, LINKAUTH_CMD_IDENTITY_GET);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	mnl_attr_put_strz(nlh, LINKAUTH_A_IFNAME, "lo");
	check_output(show_identity_msg, nlh, NULL, "identity lo: none\n",
		     "{\"ifindex\":1,\"ifname\":\"lo\"}\n", "no identity");
}

static void put_stats(struct nlmsghdr *nlh)
{
	struct nlattr *stats, *by_error;
	unsigned int attr;

	stats = mnl_attr_nest_start(nlh, LINKAUTH_A_LINK_STATS);
	for (attr = LINKAUTH_STAT_A_RX_FRAMES; attr <= LINKAUTH_STAT_A_HS_FAILED;
	     attr++)
		mnl_attr_put_u64(nlh, (uint16_t)attr, 10 + attr);
	by_error = mnl_attr_nest_start(nlh, LINKAUTH_STAT_A_FAIL_BY_ERROR);
	mnl_attr_put_u64(nlh, LINKAUTH_ERR_TIMEOUT, 2);
	mnl_attr_put_u64(nlh, LINKAUTH_ERR_BAD_SIGNATURE, 1);
	mnl_attr_put_u64(nlh, LINKAUTH_ERR_EXPIRED, 0);
	/* Padding, as nla_put_u64_64bit() adds it with type 0. */
	mnl_attr_put(nlh, LINKAUTH_ERR_NONE, 0, NULL);
	/* A code from a newer module, which prints as a number. */
	mnl_attr_put_u64(nlh, 40, 7);
	mnl_attr_nest_end(nlh, by_error);
	mnl_attr_nest_end(nlh, stats);
}

static void test_show_link(void)
{
	struct nlmsghdr *nlh = msg_start(msgbuf, LINKAUTH_CMD_LINK_GET);
	struct nlattr *stats, *by_error;
	char *out;
	int ret;

	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	mnl_attr_put_strz(nlh, LINKAUTH_A_IFNAME, "lo");
	mnl_attr_put_u8(nlh, LINKAUTH_A_LINK_ENABLED, 1);
	mnl_attr_put_u8(nlh, LINKAUTH_A_LINK_AUTO, 0);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_SUITES, 0x3);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_GROUPS, 0x1);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_POLICY, 0x3);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_REKEY_SEC, 3600);
	put_stats(nlh);
	check_output(show_link_msg, nlh, NULL,
		     "link lo\n\tenabled: on\n\tauto: off\n"
		     "\tsuites: gcm-aes-128,gcm-aes-256\n\tgroups: x25519\n"
		     "\tpolicy: mutual,encrypt\n\trekey: 3600 s\n"
		     "\tframes: rx 11 tx 12\n"
		     "\tdropped: malformed 13 queue-full 14 no-session 15 port 16\n"
		     "\thandshakes: started 17 succeeded 18 failed 19\n"
		     "\tfailures: timeout 2 bad-signature 1 40 7\n",
		     "{\"ifindex\":1,\"ifname\":\"lo\",\"enabled\":true,\"auto\":false,"
		     "\"suites\":[\"gcm-aes-128\",\"gcm-aes-256\"],"
		     "\"groups\":[\"x25519\"],\"policy\":[\"mutual\",\"encrypt\"],"
		     "\"rekey_sec\":3600,\"stats\":{\"rx_frames\":11,\"tx_frames\":12,"
		     "\"rx_drop_malformed\":13,\"rx_drop_queue_full\":14,"
		     "\"rx_drop_no_session\":15,\"rx_drop_port\":16,"
		     "\"hs_started\":17,\"hs_succeeded\":18,\"hs_failed\":19,"
		     "\"fail_by_error\":{\"timeout\":2,\"bad-signature\":1,\"40\":7}}}\n",
		     "link");

	nlh = msg_start(msgbuf, LINKAUTH_CMD_LINK_GET);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	stats = mnl_attr_nest_start(nlh, LINKAUTH_A_LINK_STATS);
	by_error = mnl_attr_nest_start(nlh, LINKAUTH_STAT_A_FAIL_BY_ERROR);
	mnl_attr_put_u64(nlh, LINKAUTH_ERR_TIMEOUT, 0);
	mnl_attr_nest_end(nlh, by_error);
	mnl_attr_nest_end(nlh, stats);
	check_output(show_link_msg, nlh, NULL,
		     "link lo\n\tfailures: none\n",
		     "{\"ifindex\":1,\"ifname\":\"lo\",\"stats\":{\"fail_by_error\":{}}}\n",
		     "link without failures");

	nlh = msg_start(msgbuf, LINKAUTH_CMD_LINK_GET);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_POLICY, 0);
	check_output(show_link_msg, nlh, NULL, "link lo\n\tpolicy: none\n",
		     "{\"ifindex\":1,\"ifname\":\"lo\",\"policy\":[]}\n",
		     "link without flags");

	nlh = msg_start(msgbuf, LINKAUTH_CMD_LINK_GET);
	mnl_attr_put_u8(nlh, LINKAUTH_A_LINK_ENABLED, 1);
	out = capture(show_link_msg, nlh, NULL, false, &ret);
	check(ret == MNL_CB_ERROR, "link without ifindex is rejected");
	free(out);

	nlh = msg_start(msgbuf, LINKAUTH_CMD_LINK_GET);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	mnl_attr_put_u32(nlh, LINKAUTH_A_LINK_ENABLED, 1);
	out = capture(show_link_msg, nlh, NULL, true, &ret);
	check(ret == MNL_CB_ERROR, "u32 in a u8 attribute is rejected");
	check(out && !out[0], "nothing printed for a rejected link: %s", out);
	free(out);
}

static const uint8_t test_sak[16] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
				      0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
				      0xac, 0xad, 0xae, 0xaf };

/* A peer as PEER_GET and SA_GET send it; @keys adds SAK and salt. */
static struct nlmsghdr *peer_msg(void *buf, uint8_t cmd, bool keys)
{
	struct nlmsghdr *nlh = msg_start(buf, cmd);
	uint8_t key_id[16] = { 0 };
	struct nlattr *peer;

	key_id[15] = 0x42;
	peer = mnl_attr_nest_start(nlh, LINKAUTH_A_PEER);
	mnl_attr_put_u32(nlh, LINKAUTH_PEER_A_IFINDEX, 1);
	mnl_attr_put(nlh, LINKAUTH_PEER_A_MAC, 6, "\x02\x00\x00\x00\x00\x02");
	mnl_attr_put_u8(nlh, LINKAUTH_PEER_A_STATE, LINKAUTH_PEER_AUTHENTICATED);
	mnl_attr_put_u8(nlh, LINKAUTH_PEER_A_ROLE, 1);
	mnl_attr_put_strz(nlh, LINKAUTH_PEER_A_SUBJECT, "CN=peer \"two\"\\");
	mnl_attr_put_strz(nlh, LINKAUTH_PEER_A_ISSUER, "CN=Test Root");
	mnl_attr_put(nlh, LINKAUTH_PEER_A_SERIAL, 2, "\x01\xff");
	mnl_attr_put_u16(nlh, LINKAUTH_PEER_A_SUITE, LINKAUTH_SUITE_GCM_AES_256);
	mnl_attr_put_u16(nlh, LINKAUTH_PEER_A_GROUP, LINKAUTH_GROUP_P256);
	mnl_attr_put_u64(nlh, LINKAUTH_PEER_A_ESTABLISHED, TEST_TIME);
	mnl_attr_put_u16(nlh, LINKAUTH_PEER_A_LAST_ERROR, LINKAUTH_ERR_NONE);
	mnl_attr_put_u64(nlh, LINKAUTH_PEER_A_HANDSHAKES, 3);
	mnl_attr_put_u64(nlh, LINKAUTH_PEER_A_FAILURES, 1);
	mnl_attr_put_u32(nlh, LINKAUTH_PEER_A_GENERATION, 2);
	mnl_attr_put_u32(nlh, LINKAUTH_PEER_A_SSCI, 1);
	mnl_attr_put(nlh, LINKAUTH_PEER_A_KEY_ID, sizeof(key_id), key_id);
	if (keys) {
		mnl_attr_put(nlh, LINKAUTH_PEER_A_SAK, sizeof(test_sak),
			     test_sak);
		mnl_attr_put(nlh, LINKAUTH_PEER_A_SALT, 12,
			     "\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\xbb");
	}
	mnl_attr_nest_end(nlh, peer);
	return nlh;
}

#define PEER_TEXT_BODY \
	"\tstate: authenticated\n\trole: initiator\n" \
	"\tsubject: CN=peer \"two\"\\\n\tissuer: CN=Test Root\n" \
	"\tserial: 01:ff\n\tsuite: gcm-aes-256\n\tgroup: p256\n" \
	"\testablished: 2030-01-01T00:00:00Z\n\tgeneration: 2\n\tssci: 1\n" \
	"\tkey id: 00000000000000000000000000000042\n" \
	"\thandshakes: 3\n\tfailures: 1\n"

#define PEER_JSON_BODY \
	"\"mac\":\"02:00:00:00:00:02\",\"ifindex\":1,\"ifname\":\"lo\"," \
	"\"state\":\"authenticated\",\"role\":\"initiator\"," \
	"\"subject\":\"CN=peer \\\"two\\\"\\\\\",\"issuer\":\"CN=Test Root\"," \
	"\"serial\":\"01:ff\",\"suite\":\"gcm-aes-256\",\"group\":\"p256\"," \
	"\"established\":1893456000,\"generation\":2,\"ssci\":1," \
	"\"key_id\":\"00000000000000000000000000000042\"," \
	"\"handshakes\":3,\"failures\":1"

static void test_show_peer(void)
{
	struct peer_show_opts no_keys = { 0, false }, keys = { 0, true };
	struct peer_show_opts other_link = { 2, false };
	struct nlmsghdr *nlh;
	char *out;
	int ret;

	nlh = peer_msg(msgbuf, LINKAUTH_CMD_PEER_GET, false);
	check_output(show_peer_msg, nlh, NULL,
		     "peer 02:00:00:00:00:02 on lo\n" PEER_TEXT_BODY,
		     "{" PEER_JSON_BODY "}\n", "peer");

	/* SA_GET sends keys; they print only when asked for. */
	nlh = peer_msg(msgbuf, LINKAUTH_CMD_SA_GET, true);
	check_output(show_sa_msg, nlh, &no_keys,
		     "sa 02:00:00:00:00:02 on lo\n" PEER_TEXT_BODY,
		     "{" PEER_JSON_BODY "}\n", "sa without keys");
	check_output(show_sa_msg, nlh, &keys,
		     "sa 02:00:00:00:00:02 on lo\n" PEER_TEXT_BODY
		     "\tsak: a0a1a2a3a4a5a6a7a8a9aaabacadaeaf\n"
		     "\tsalt: b0b1b2b3b4b5b6b7b8b9babb\n",
		     "{" PEER_JSON_BODY ",\"sak\":\"a0a1a2a3a4a5a6a7a8a9aaabacadaeaf\","
		     "\"salt\":\"b0b1b2b3b4b5b6b7b8b9babb\"}\n",
		     "sa with keys");
	check_output(show_peer_msg, nlh, NULL,
		     "peer 02:00:00:00:00:02 on lo\n" PEER_TEXT_BODY,
		     "{" PEER_JSON_BODY "}\n", "peers never print keys");

	nlh = peer_msg(msgbuf, LINKAUTH_CMD_PEER_GET, false);
	check_output(show_peer_msg, nlh, &other_link, "", "",
		     "peer of another link is skipped");

	nlh = msg_start(msgbuf, LINKAUTH_CMD_PEER_GET);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	out = capture(show_peer_msg, nlh, NULL, false, &ret);
	check(ret == MNL_CB_ERROR, "peer message without nest is rejected");
	free(out);
}

static void test_show_event(void)
{
	struct nlmsghdr *nlh = msg_start(msgbuf, LINKAUTH_CMD_EV_FAILED);
	struct nlattr *peer;
	char *out;
	int ret;

	peer = mnl_attr_nest_start(nlh, LINKAUTH_A_PEER);
	mnl_attr_put_u32(nlh, LINKAUTH_PEER_A_IFINDEX, 1);
	mnl_attr_put(nlh, LINKAUTH_PEER_A_MAC, 6, "\x02\x00\x00\x00\x00\x02");
	mnl_attr_put_u8(nlh, LINKAUTH_PEER_A_STATE, LINKAUTH_PEER_FAILED);
	mnl_attr_put_u8(nlh, LINKAUTH_PEER_A_ROLE, 2);
	mnl_attr_put_u16(nlh, LINKAUTH_PEER_A_LAST_ERROR,
			 LINKAUTH_ERR_BAD_SIGNATURE);
	mnl_attr_nest_end(nlh, peer);
	check_output(show_event_msg, nlh, NULL,
		     "failed lo 02:00:00:00:00:02 state failed role responder last-error bad-signature\n",
		     "{\"event\":\"failed\",\"ifindex\":1,\"ifname\":\"lo\","
		     "\"mac\":\"02:00:00:00:00:02\",\"state\":\"failed\","
		     "\"role\":\"responder\",\"last_error\":\"bad-signature\"}\n",
		     "failed event");

	nlh = peer_msg(msgbuf, LINKAUTH_CMD_EV_AUTHENTICATED, true);
	out = capture(show_event_msg, nlh, NULL, false, &ret);
	check_str(out,
		  "authenticated lo 02:00:00:00:00:02 state authenticated role initiator"
		  " subject CN=peer \"two\"\\ issuer CN=Test Root serial 01:ff"
		  " suite gcm-aes-256 group p256 established 2030-01-01T00:00:00Z"
		  " generation 2 ssci 1 key-id 00000000000000000000000000000042"
		  " handshakes 3 failures 1\n",
		  "authenticated event, no keys");
	free(out);

	/* A malformed event is reported and skipped, not fatal. */
	nlh = msg_start(msgbuf, LINKAUTH_CMD_EV_REKEYED);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, 1);
	out = capture(show_event_msg, nlh, NULL, true, &ret);
	check(ret == MNL_CB_OK, "malformed event does not stop monitor");
	check(out && !out[0], "malformed event prints nothing: %s", out);
	free(out);
}

static void test_output_layer(void)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	output_init(f, true);
	open_array(NULL);
	open_object(NULL);
	print_string("s", "%s", "tab\there\x01");
	print_s64("n", "%" PRId64, -5);
	print_bool("b", "%s", true);
	open_array("empty");
	close_array();
	close_object();
	open_object(NULL);
	close_object();
	close_array();
	fclose(f);
	check_str(text,
		  "[{\"s\":\"tab\\u0009here\\u0001\",\"n\":-5,\"b\":true,\"empty\":[]},{}]\n",
		  "JSON escapes and commas");
	check_json_syntax(text, "JSON layer");
	free(text);
}

/* ---- genl.c: replies, errors, extended ACKs, multi-part dumps ---- */

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(*(unsigned int *)data)++;
	return MNL_CB_OK;
}

/* Append an NLMSG_ERROR for request @seq to @buf at @off; returns its end. */
static size_t put_error(char *buf, size_t off, uint32_t seq, int error,
			bool capped, const char *ext_msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + off);
	struct nlmsgerr *err;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = seq;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg.nlmsg_len = sizeof(struct nlmsghdr);
	err->msg.nlmsg_seq = seq;
	if (!capped) {
		/* The echoed request: a header and 8 bytes of payload. */
		err->msg.nlmsg_len += 8;
		mnl_nlmsg_put_extra_header(nlh, 8);
	} else {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	}
	if (ext_msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, ext_msg);
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE,
				 LINKAUTH_A_IFINDEX);
	}
	return off + nlh->nlmsg_len;
}

static size_t put_done(char *buf, size_t off, uint32_t seq, int error,
		       const char *ext_msg)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf + off);
	int *payload;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = seq;
	payload = mnl_nlmsg_put_extra_header(nlh, sizeof(*payload));
	*payload = error;
	if (ext_msg) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, ext_msg);
	}
	return off + nlh->nlmsg_len;
}

static void test_genl_errors(void)
{
	struct genl nl = { 0 };
	unsigned int n = 0;
	size_t len;
	int ret;

	len = put_error(msgbuf, 0, 5, 0, true, NULL);
	ret = genl_process(&nl, msgbuf, len, 5, count_cb, &n);
	check(ret == 0, "ACK ends a request, got %d", ret);

	len = put_error(msgbuf, 0, 5, -EINVAL, true, "suite mask is empty");
	ret = genl_process(&nl, msgbuf, len, 5, count_cb, &n);
	check(ret == -EINVAL, "capped error returns -EINVAL, got %d", ret);
	check_str(nl.ext_msg, "suite mask is empty", "capped extack message");
	check(nl.ext_missing == LINKAUTH_A_IFINDEX, "missing attribute type");

	memset(nl.ext_msg, 0, sizeof(nl.ext_msg));
	len = put_error(msgbuf, 0, 6, -EPERM, false, "not permitted here");
	ret = genl_process(&nl, msgbuf, len, 6, count_cb, &n);
	check(ret == -EPERM, "uncapped error returns -EPERM, got %d", ret);
	check_str(nl.ext_msg, "not permitted here", "uncapped extack message");

	memset(nl.ext_msg, 0, sizeof(nl.ext_msg));
	len = put_error(msgbuf, 0, 7, -ENODEV, true, NULL);
	ret = genl_process(&nl, msgbuf, len, 7, count_cb, &n);
	check(ret == -ENODEV && !nl.ext_msg[0], "error without extack");

	len = put_done(msgbuf, 0, 8, -EMSGSIZE, "peer too large");
	ret = genl_process(&nl, msgbuf, len, 8, count_cb, &n);
	check(ret == -EMSGSIZE, "failed dump returns its error, got %d", ret);
	check_str(nl.ext_msg, "peer too large", "DONE extack message");

	len = put_error(msgbuf, 0, 9, 0, true, NULL);
	ret = genl_process(&nl, msgbuf, len, 10, count_cb, &n);
	check(ret < 0, "reply to another sequence number is rejected");
	check(n == 0, "no data callback for control messages");
}

/*
 * A dump of 1500 peers, cut into 32 KiB reads as the kernel sends it:
 * every read but the last returns 1, and DONE returns 0.
 */
static void test_genl_multipart_dump(void)
{
	static char buf[GENL_RECV_SIZE];
	struct genl nl = { 0 };
	unsigned int n = 0, peers = 0, reads = 0;
	struct nlmsghdr *nlh;
	size_t off = 0;
	char peerbuf[1024];
	int ret = 1;

	while (peers < 1500) {
		nlh = peer_msg(peerbuf, LINKAUTH_CMD_PEER_GET, false);
		nlh->nlmsg_flags = NLM_F_MULTI;
		nlh->nlmsg_seq = 11;
		if (off + nlh->nlmsg_len > sizeof(buf)) {
			ret = genl_process(&nl, buf, off, 11, count_cb, &n);
			reads++;
			if (ret != 1)
				break;
			off = 0;
		}
		memcpy(buf + off, nlh, nlh->nlmsg_len);
		off += nlh->nlmsg_len;
		peers++;
	}
	check(ret == 1, "every full read asks for more, got %d", ret);
	off = put_done(buf, off, 11, 0, NULL);
	ret = genl_process(&nl, buf, off, 11, count_cb, &n);
	reads++;
	check(ret == 0, "DONE ends the dump, got %d", ret);
	check(n == 1500, "all 1500 peers seen, got %u", n);
	check(reads > 2, "dump spans several reads, got %u", reads);
}

/* ---- certfile.c: files made by the openssl command ---- */

static int sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd);
}

static char *tmp_path(const char *name)
{
	static char paths[8][300];
	static unsigned int next;
	char *p = paths[next++ % 8];

	snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
	return p;
}

/* Read a whole small file; returns its length or -1. */
static long slurp(const char *name, uint8_t *buf, size_t size)
{
	FILE *f = fopen(tmp_path(name), "rb");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, size, f);
	fclose(f);
	return (long)n;
}

static int make_files(void)
{
	return sh("(cd %s && "
		  "openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.pem"
		  " -out cert.pem -subj /CN=linkauthctl-test -days 2 &&"
		  "openssl x509 -in cert.pem -outform DER -out cert.der &&"
		  "openssl dgst -sha256 -binary cert.der > cert.sha256 &&"
		  "openssl rsa -in rsa.pem -traditional -out rsa-pkcs1.pem &&"
		  "openssl rsa -in rsa.pem -traditional -outform DER -out rsa-pkcs1.der &&"
		  "openssl pkcs8 -topk8 -nocrypt -in rsa.pem -outform DER -out rsa-pkcs8.der &&"
		  "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out other.pem &&"
		  "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out small.pem &&"
		  "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem &&"
		  "openssl pkey -in rsa.pem -aes256 -passout pass:secret -out encrypted.pem &&"
		  "cat cert.pem cert.pem > bundle.pem &&"
		  "head -c 100 cert.der > short.der &&"
		  "echo not a certificate > junk.pem && : > empty.pem"
		  ") >/dev/null 2>&1", tmpdir);
}

static void test_read_certs(void)
{
	static uint8_t der[8192];
	struct der_list certs = { 0 };
	uint8_t id[32], sha[32];
	long der_len = slurp("cert.der", der, sizeof(der));
	char *err;
	int ret;

	check(der_len > 0, "openssl made cert.der");
	ret = certfile_read_certs(tmp_path("cert.pem"), &certs);
	check(ret == 0 && certs.count == 1, "PEM certificate read");
	check(ret == 0 && certs.len[0] == (size_t)der_len &&
	      !memcmp(certs.der[0], der, (size_t)der_len),
	      "PEM certificate becomes its DER");
	der_list_free(&certs);

	ret = certfile_read_certs(tmp_path("cert.der"), &certs);
	check(ret == 0 && certs.count == 1 &&
	      certs.len[0] == (size_t)der_len &&
	      !memcmp(certs.der[0], der, (size_t)der_len), "DER certificate");
	certfile_ca_id(certs.der[0], certs.len[0], id);
	check(slurp("cert.sha256", sha, sizeof(sha)) == 32 &&
	      !memcmp(id, sha, 32), "CA ID is SHA-256 of the DER");
	der_list_free(&certs);

	ret = certfile_read_certs(tmp_path("bundle.pem"), &certs);
	check(ret == 0 && certs.count == 2, "PEM bundle gives two");
	ret = certfile_read_certs(tmp_path("cert.der"), &certs);
	check(ret == 0 && certs.count == 3, "reads append to the list");
	der_list_free(&certs);

	stderr_capture();
	ret = certfile_read_certs(tmp_path("junk.pem"), &certs);
	err = stderr_release();
	check(ret == -EINVAL, "junk is not a certificate");
	check(strstr(err, "junk.pem: no valid PEM or DER X.509 certificate") != NULL,
	      "junk error names the file: %s", err);
	free(err);
	der_list_free(&certs);

	stderr_capture();
	check(certfile_read_certs(tmp_path("short.der"), &certs) == -EINVAL,
	      "truncated DER is rejected");
	check(certfile_read_certs(tmp_path("empty.pem"), &certs) == -EINVAL,
	      "empty file is rejected");
	ret = certfile_read_certs(tmp_path("missing.pem"), &certs);
	err = stderr_release();
	check(ret == -ENOENT, "missing file returns -ENOENT, got %d", ret);
	check(strstr(err, "cannot read") && strstr(err, "missing.pem"),
	      "missing file error: %s", err);
	free(err);
	der_list_free(&certs);
}

/* Each key form must become the same PKCS#8 DER as "openssl pkcs8". */
static void test_read_key(void)
{
	static const char *const forms[] = {
		"rsa.pem", "rsa-pkcs1.pem", "rsa-pkcs1.der", "rsa-pkcs8.der",
	};
	static uint8_t want[4096];
	struct der_list certs = { 0 };
	long want_len = slurp("rsa-pkcs8.der", want, sizeof(want));
	uint8_t *der;
	size_t len;
	unsigned int i;
	char *err;
	int ret;

	check(want_len > 0, "openssl made rsa-pkcs8.der");
	if (certfile_read_certs(tmp_path("cert.pem"), &certs)) {
		check(0, "cannot read cert.pem for key tests");
		return;
	}
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		der = NULL;
		ret = certfile_read_key(tmp_path(forms[i]), certs.der[0],
					certs.len[0], &der, &len);
		check(ret == 0, "key %s read, got %d", forms[i], ret);
		check(ret == 0 && len == (size_t)want_len &&
		      !memcmp(der, want, len), "key %s becomes PKCS#8",
		      forms[i]);
		if (!ret)
			certfile_key_free(der, len);
	}

	stderr_capture();
	ret = certfile_read_key(tmp_path("ec.pem"), certs.der[0], certs.len[0],
				&der, &len);
	err = stderr_release();
	check(ret == -EINVAL && strstr(err, "RSA keys only"),
	      "EC key rejected: %s", err);
	free(err);

	stderr_capture();
	ret = certfile_read_key(tmp_path("other.pem"), certs.der[0],
				certs.len[0], &der, &len);
	err = stderr_release();
	check(ret == -EINVAL && strstr(err, "does not belong"),
	      "key of another certificate rejected: %s", err);
	free(err);

	stderr_capture();
	ret = certfile_read_key(tmp_path("small.pem"), certs.der[0],
				certs.len[0], &der, &len);
	err = stderr_release();
	check(ret == -EINVAL && strstr(err, "has 1024 bits"),
	      "1024-bit key rejected: %s", err);
	free(err);

	stderr_capture();
	ret = certfile_read_key(tmp_path("encrypted.pem"), certs.der[0],
				certs.len[0], &der, &len);
	err = stderr_release();
	check(ret == -EINVAL && strstr(err, "is encrypted"),
	      "encrypted key rejected without a prompt: %s", err);
	free(err);

	stderr_capture();
	ret = certfile_read_key(tmp_path("cert.pem"), certs.der[0],
				certs.len[0], &der, &len);
	err = stderr_release();
	check(ret == -EINVAL && strstr(err, "no valid PEM or DER private key"),
	      "certificate is not a key: %s", err);
	free(err);
	der_list_free(&certs);
}

/* ---- the linkauthctl program: exit status and messages ---- */

/*
 * Run the program with @args (NULL-terminated) and stdin from @input
 * (NULL: /dev/null).  Checks the exit status and that stderr contains
 * @needle when it is not NULL.
 */
static void check_cli(const char *input, int want_status, const char *needle,
		      ...)
{
	char *argv[16], name[512] = "linkauthctl", *err;
	int argc = 1, status = -1, fd;
	va_list ap;
	pid_t pid;

	argv[0] = (char *)program;
	va_start(ap, needle);
	while (argc < 15 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	for (fd = 1; fd < argc; fd++)
		snprintf(name + strlen(name), sizeof(name) - strlen(name),
			 " %s", argv[fd]);

	stderr_capture();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open(input ? input : "/dev/null", O_RDONLY);
		dup2(fd, 0);
		fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		execv(program, argv);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	err = stderr_release();
	check(WIFEXITED(status) && WEXITSTATUS(status) == want_status,
	      "%s: exit status %d, expected %d; stderr: %s", name,
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1, want_status, err);
	if (needle)
		check(strstr(err, needle) != NULL,
		      "%s: stderr lacks \"%s\": %s", name, needle, err);
	free(err);
}

static void test_cli(void)
{
	struct stat st;

	check_cli(NULL, 0, NULL, "--help", NULL);
	check_cli(NULL, 0, NULL, "help", NULL);
	check_cli(NULL, 0, NULL, "-V", NULL);
	check_cli(NULL, 1, "Usage:", NULL);
	check_cli(NULL, 1, "--help", "-x", NULL);
	check_cli(NULL, 1, "unknown command \"frobnicate\"", "frobnicate",
		  NULL);
	check_cli(NULL, 1, "unexpected argument \"me\"", "help", "me", NULL);
	check_cli(NULL, 1, "missing ca command", "ca", NULL);
	check_cli(NULL, 1, "unknown link command \"up\"", "link", "up", NULL);
	check_cli(NULL, 1, "missing FILE", "ca", "add", NULL);
	check_cli(NULL, 1, "cannot read", "ca", "add", tmp_path("none.pem"),
		  NULL);
	check_cli(NULL, 1, "no valid PEM or DER", "ca", "add",
		  tmp_path("junk.pem"), NULL);
	check_cli(NULL, 1, "contains 2 certificates", "ca", "add",
		  tmp_path("bundle.pem"), NULL);
	check_cli(NULL, 1, "invalid CA ID \"abc\"", "ca", "del", "abc", NULL);
	check_cli(NULL, 1, "unexpected argument \"x\"", "ca", "list", "x",
		  NULL);
	check_cli(NULL, 1, "invalid rekey interval", "link", "set", "lo",
		  "rekey", "99999999999", NULL);
	check_cli(NULL, 1, "device \"nosuchdev0\" does not exist", "-j",
		  "link", "show", "nosuchdev0", NULL);
	check_cli(NULL, 1, "invalid MAC address \"02:00:00:00:00:1\"",
		  "deauth", "lo", "02:00:00:00:00:1", NULL);
	check_cli(NULL, 1, "missing \"key FILE\"", "identity", "set", "lo",
		  "cert", tmp_path("cert.pem"), NULL);
	check_cli(NULL, 1, "RSA keys only", "identity", "set", "lo", "cert",
		  tmp_path("cert.pem"), "key", tmp_path("ec.pem"), NULL);
	check_cli(tmp_path("ec.pem"), 1, "RSA keys only", "identity", "set",
		  "lo", "cert", tmp_path("cert.pem"), "key", "-", NULL);
	check_cli(NULL, 1, "unexpected argument", "monitor", "now", NULL);

	/* Without the module, every request names the fix. */
	if (stat("/sys/module/linkauth", &st))
		check_cli(NULL, 1, "linkauth module is not loaded", "ca", "list",
			  NULL);
}

static void cleanup(void)
{
	sh("rm -rf %s", tmpdir);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s PATH-TO-LINKAUTHCTL\n", argv[0]);
		return 2;
	}
	program = argv[1];
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 2;
	}
	atexit(cleanup);
	jq_available = !system("jq --version >/dev/null 2>&1");
	if (!jq_available)
		printf("jq not found: JSON syntax checks skipped\n");

	test_parse_mac();
	test_name_lists();
	test_enum_names();
	test_parse_numbers();
	test_link_set_parse();
	test_identity_set_parse();
	test_peer_parsers();
	test_output_layer();
	test_show_ca();
	test_show_identity();
	test_show_link();
	test_show_peer();
	test_show_event();
	test_genl_errors();
	test_genl_multipart_dump();
	if (make_files()) {
		check(0, "openssl could not make the test files");
	} else {
		test_read_certs();
		test_read_key();
		test_cli();
	}

	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
