/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommands of linkauthctl and the helpers they share. */
#ifndef LINKAUTHCTL_H
#define LINKAUTHCTL_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#define LINKAUTHCTL_VERSION "1.0"
/* Most certificates "identity set" sends: the leaf and three more. */
#define IDENTITY_CHAIN_MAX 4

/* One subcommand: its arguments exclude the subcommand's own name. */
struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
};

/*
 * Find argv[0] in @table, which ends with a NULL name, and run it.  A
 * missing or unknown name is a usage error; @what ("ca ", or "" at the top
 * level) prefixes the word "command" in its message.
 */
int subcommand_run(const struct subcommand *table, const char *what,
		   int argc, char **argv);

/* Print "linkauthctl: <message>" to stderr and return -EINVAL. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Check that no argument is left over after a complete command. */
int expect_end(int argc, char **argv);
/* Resolve an interface name, printing an error when it does not exist. */
int parse_dev(const char *name, uint32_t *ifindex);
/* Parse a unicast MAC address, printing an error naming @text. */
int parse_peer_mac(const char *text, uint8_t mac[6]);

/* Parsed "link set" arguments; @has marks the attributes to send. */
struct link_set_args {
	uint32_t ifindex;
	uint32_t has;			/* BIT(LINKAUTH_A_LINK_*) */
	bool enabled;
	bool autoauth;
	uint32_t suites;
	uint32_t groups;
	uint32_t policy;
	uint32_t rekey_sec;
};

/* Parsed "identity set" arguments: file paths, never the key itself. */
struct identity_set_args {
	uint32_t ifindex;
	const char *cert;
	const char *chain[IDENTITY_CHAIN_MAX - 1];
	unsigned int n_chain;
	const char *key;
};

/* Parsed "auth", "deauth", "peers" and "sa show" arguments. */
struct peer_args {
	uint32_t ifindex;		/* 0: every link */
	bool has_mac;
	uint8_t mac[6];
	bool with_keys;
};

int link_set_parse(int argc, char **argv, struct link_set_args *args);
int identity_set_parse(int argc, char **argv, struct identity_set_args *args);
int auth_parse(int argc, char **argv, struct peer_args *args);
int deauth_parse(int argc, char **argv, struct peer_args *args);
int sa_show_parse(int argc, char **argv, struct peer_args *args);
/* "[DEV]": an optional device and nothing else. */
int optional_dev_parse(int argc, char **argv, uint32_t *ifindex);

/*
 * Dump @cmd (PEER_GET or SA_GET) for link @ifindex, or every link when it
 * is 0, printing each message with @cb.
 */
int dump_peers(uint8_t cmd, uint32_t ifindex, mnl_cb_t cb, void *data,
	       const char *what);

int cmd_ca(int argc, char **argv);
int cmd_identity(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_auth(int argc, char **argv);
int cmd_peers(int argc, char **argv);
int cmd_deauth(int argc, char **argv);
int cmd_monitor(int argc, char **argv);
int cmd_sa(int argc, char **argv);

#endif
