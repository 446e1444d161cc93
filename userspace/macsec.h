/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel MACsec configuration: macsec interfaces through rtnetlink, and
 * their secure channels (SC) and associations (SA) through the "macsec"
 * generic netlink family of drivers/net/macsec.c.  Every function returns
 * 0 or -errno; after a failure the socket's ext_msg contains the kernel's
 * extended ACK message, if it sent one.
 */
#ifndef LINKAUTHCTL_MACSEC_H
#define LINKAUTHCTL_MACSEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "genl.h"

#define MACSEC_AN_COUNT 4
#define MACSEC_SCI_LEN 8
#define MACSEC_KEY_ID_SIZE 16
#define MACSEC_KEY_MAX 32
#define MACSEC_SALT_SIZE 12
/* Most RX SCs that macsec_state_get() reports per interface. */
#define MACSEC_STATE_RXSC_MAX 16

/* One rtnetlink socket and one socket of the "macsec" family. */
struct macsec_nl {
	struct genl rtnl;
	struct genl genl;		/* family 0 until macsec_nl_family() */
};

/* A macsec interface as rtnetlink reports it. */
struct macsec_link {
	uint32_t ifindex;
	uint32_t lower;			/* IFLA_LINK */
	bool is_macsec;
	uint64_t cipher;		/* MACSEC_CIPHER_ID_* */
	bool encrypt;
	bool up;
};

/* Settings of a new macsec interface, or of a change to one. */
struct macsec_link_conf {
	uint32_t lower;
	const char *name;
	uint64_t cipher;
	bool encrypt;
	uint8_t encoding_sa;
};

/* One SA to install.  Holds a key: wipe it after use. */
struct macsec_sa {
	uint8_t an;
	uint8_t key[MACSEC_KEY_MAX];
	size_t key_len;
	uint8_t key_id[MACSEC_KEY_ID_SIZE];
	bool xpn;
	uint32_t ssci;			/* XPN short SCI, host order */
	uint8_t salt[MACSEC_SALT_SIZE];
};

/* The SAs of one channel: a bit per AN, and each SA's key id. */
struct macsec_sa_set {
	uint8_t present;		/* BIT(an) */
	uint8_t active;			/* BIT(an) */
	uint8_t key_id[MACSEC_AN_COUNT][MACSEC_KEY_ID_SIZE];
};

/* The SCs and SAs of one interface, without keys (the kernel never
 * returns them).
 */
struct macsec_state {
	uint8_t encoding_sa;
	struct macsec_sa_set tx;
	unsigned int n_rxsc;
	struct {
		uint8_t sci[MACSEC_SCI_LEN];
		struct macsec_sa_set sa;
	} rxsc[MACSEC_STATE_RXSC_MAX];
};

/* Parsed "macsec DEV [name IFNAME] [once]" arguments. */
struct macsec_args {
	uint32_t ifindex;
	const char *dev;
	char name[16];			/* IFNAMSIZ */
	bool once;
};

int macsec_parse(int argc, char **argv, struct macsec_args *args);
/* The "macsec" subcommand: the agent. */
int cmd_macsec(int argc, char **argv);

int macsec_nl_open(struct macsec_nl *nl);
/* Resolve the "macsec" family; -ENOENT when the macsec module is absent. */
int macsec_nl_family(struct macsec_nl *nl);
void macsec_nl_close(struct macsec_nl *nl);

/* The SCI of a port of the interface with address @mac, in wire order. */
void macsec_sci(const uint8_t mac[6], uint16_t port,
		uint8_t sci[MACSEC_SCI_LEN]);

/* Look up interface @name; -ENODEV when it does not exist. */
int macsec_link_get(struct macsec_nl *nl, const char *name,
		    struct macsec_link *link);
/* Create a macsec interface on port 1 of @conf->lower, with strict
 * validation and replay protection, and return its index in @ifindex.
 */
int macsec_link_create(struct macsec_nl *nl,
		       const struct macsec_link_conf *conf, uint32_t *ifindex);
/*
 * Change the encryption flag (0 or 1) and the encoding SA of interface
 * @ifindex; -1 leaves a setting as it is.
 */
int macsec_link_change(struct macsec_nl *nl, uint32_t ifindex,
		       int encrypt, int encoding_sa);
int macsec_link_set_up(struct macsec_nl *nl, uint32_t ifindex, bool up);
int macsec_link_delete(struct macsec_nl *nl, uint32_t ifindex);

/* Read the SCs and SAs of macsec interface @ifindex. */
int macsec_state_get(struct macsec_nl *nl, uint32_t ifindex,
		     struct macsec_state *state);

/* Add an active TX SA whose first packet number is 1. */
int macsec_txsa_add(struct macsec_nl *nl, uint32_t ifindex,
		    const struct macsec_sa *sa);
/* Deactivate and delete the TX SA on @an. */
int macsec_txsa_del(struct macsec_nl *nl, uint32_t ifindex, uint8_t an);
int macsec_rxsc_add(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN]);
/* Delete an RX SC with all its SAs. */
int macsec_rxsc_del(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN]);
/* Add an active RX SA that accepts packet numbers from 1 on. */
int macsec_rxsa_add(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN],
		    const struct macsec_sa *sa);
/* Deactivate and delete the RX SA on @an. */
int macsec_rxsa_del(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN], uint8_t an);

#endif
