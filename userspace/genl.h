/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink requests to the linkauth family through libmnl. */
#ifndef LINKAUTHCTL_GENL_H
#define LINKAUTHCTL_GENL_H

#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

struct genl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;
	uint16_t family;
	uint32_t events_group;		/* 0 when the family has none */
	char *buf;			/* receive buffer, GENL_RECV_SIZE */
	/* The kernel's extended ACK message for the last failed request. */
	char ext_msg[256];
	uint32_t ext_missing;		/* missing attribute type, or 0 */
};

/*
 * Receive buffer size.  The kernel sizes a dump skb to the reader's largest
 * recvmsg() buffer, capped at 32 KiB (net/netlink/af_netlink.c in 6.12),
 * so a buffer of 32 KiB is never cut short.
 */
#define GENL_RECV_SIZE 32768

/*
 * Open a socket and resolve the linkauth family and its event group.
 * Prints the error (with what to do) and returns -errno on failure.
 */
int genl_open(struct genl *nl);
void genl_close(struct genl *nl);

/*
 * Start a request of @cmd in @buf with the family's header.  @buf must
 * hold at least MNL_SOCKET_BUFFER_SIZE bytes; that much is zeroed.
 */
struct nlmsghdr *genl_msg_start(struct genl *nl, void *buf, uint8_t cmd,
				uint16_t flags);

/*
 * Send @nlh and run @cb on every reply until the ACK or the end of the
 * dump.  @cb may be NULL when no data is expected.  Returns 0 or -errno.
 * After an error, nl->ext_msg contains the kernel's message, if it sent
 * one.
 */
int genl_transact(struct genl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void *data);

/*
 * Dispatch the @len bytes of replies in @buf, as genl_transact() does for
 * each buffer it receives.  Returns 1 when more messages are due, 0 after
 * the ACK or the end of a dump, or -errno.
 */
int genl_process(struct genl *nl, const void *buf, size_t len, uint32_t seq,
		 mnl_cb_t cb, void *data);

/* Join the "events" group and run @cb on every notification, forever. */
int genl_listen(struct genl *nl, mnl_cb_t cb, void *data);

/*
 * Print "linkauthctl: @what: <error>: <kernel message>" and a hint for
 * errors with a common cause.
 */
void genl_report(const struct genl *nl, int err, const char *what);

/* Expected type of an attribute; @len is the exact size for binaries. */
struct attr_policy {
	enum mnl_attr_data_type type;
	uint16_t len;
};

/*
 * Parse the attributes of a genetlink message into @tb (@max + 1
 * entries) and check each against @policy.  Attributes above @max, from a
 * newer kernel, are skipped.  Returns 0 or -EBADMSG.
 */
int genl_parse(const struct nlmsghdr *nlh, const struct attr_policy *policy,
	       const struct nlattr **tb, unsigned int max);
int genl_parse_nested(const struct nlattr *nest,
		      const struct attr_policy *policy,
		      const struct nlattr **tb, unsigned int max);

#endif
