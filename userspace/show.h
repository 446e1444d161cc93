/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing of linkauth netlink messages through output.h.  Each *_msg
 * function is an mnl callback for one reply or event.  It reads nothing
 * but the message, so tests can feed it messages they build themselves.
 */
#ifndef LINKAUTHCTL_SHOW_H
#define LINKAUTHCTL_SHOW_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

/* Options of "peers" and "sa show". */
struct peer_show_opts {
	uint32_t ifindex;		/* show only this link's peers, if not 0 */
	bool with_keys;			/* print SAK and salt ("sa show" only) */
};

int show_ca_msg(const struct nlmsghdr *nlh, void *data);
int show_identity_msg(const struct nlmsghdr *nlh, void *data);
int show_link_msg(const struct nlmsghdr *nlh, void *data);
/* @data is a struct peer_show_opts, or NULL to show every peer. */
int show_peer_msg(const struct nlmsghdr *nlh, void *data);
int show_sa_msg(const struct nlmsghdr *nlh, void *data);
/* One line, or one JSON object, per event; flushes the output. */
int show_event_msg(const struct nlmsghdr *nlh, void *data);

/* Prints "ca ID" for a new CA; used by "ca add". */
void show_ca_id(const uint8_t *id);

#endif
