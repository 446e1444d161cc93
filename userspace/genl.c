// SPDX-License-Identifier: GPL-2.0
/* Generic netlink transport: family lookup, requests, dumps, events. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/linkauth.h>
#include <linux/netlink.h>

#include "genl.h"

struct family_info {
	uint16_t id;
	uint32_t events_group;
};

struct parse_state {
	const struct attr_policy *policy;
	const struct nlattr **tb;
	unsigned int max;
	int err;
};

static int parse_attr_cb(const struct nlattr *attr, void *data)
{
	struct parse_state *st = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct attr_policy *p;

	if (type > st->max)
		return MNL_CB_OK;
	p = &st->policy[type];
	if (p->type == MNL_TYPE_BINARY && p->len) {
		if (mnl_attr_validate2(attr, MNL_TYPE_BINARY, p->len) < 0)
			goto invalid;
	} else if (mnl_attr_validate(attr, p->type) < 0) {
		goto invalid;
	}
	st->tb[type] = attr;
	return MNL_CB_OK;

invalid:
	st->err = -EBADMSG;
	return MNL_CB_ERROR;
}

int genl_parse(const struct nlmsghdr *nlh, const struct attr_policy *policy,
	       const struct nlattr **tb, unsigned int max)
{
	struct parse_state st = { policy, tb, max, 0 };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (mnl_attr_parse(nlh, GENL_HDRLEN, parse_attr_cb, &st) < 0)
		return st.err ? st.err : -EBADMSG;
	return 0;
}

int genl_parse_nested(const struct nlattr *nest,
		      const struct attr_policy *policy,
		      const struct nlattr **tb, unsigned int max)
{
	struct parse_state st = { policy, tb, max, 0 };

	memset(tb, 0, (max + 1) * sizeof(*tb));
	if (mnl_attr_parse_nested(nest, parse_attr_cb, &st) < 0)
		return st.err ? st.err : -EBADMSG;
	return 0;
}

struct nlmsghdr *genl_msg_start(struct genl *nl, void *buf, uint8_t cmd,
				uint16_t flags)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	/* libmnl leaves attribute padding as it finds it. */
	memset(buf, 0, MNL_SOCKET_BUFFER_SIZE);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = LINKAUTH_GENL_VERSION;
	return nlh;
}

/* Context shared by the callbacks of one receive loop. */
struct recv_ctx {
	struct genl *nl;
	mnl_cb_t cb;
	void *data;
};

/* Keep the message and missing-attribute TLVs of an error or ACK. */
static int ext_ack_cb(const struct nlattr *attr, void *data)
{
	struct genl *nl = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(nl->ext_msg, sizeof(nl->ext_msg), "%s",
				 mnl_attr_get_str(attr));
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			nl->ext_missing = mnl_attr_get_u32(attr);
		break;
	}
	return MNL_CB_OK;
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct recv_ctx *ctx = data;
	size_t offset = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	/* The TLVs follow the echoed request, unless it was capped. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		offset += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    mnl_nlmsg_size(offset) <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, (unsigned int)offset, ext_ack_cb, ctx->nl);
	if (!err->error)
		return MNL_CB_STOP;
	errno = err->error < 0 ? -err->error : err->error;
	return MNL_CB_ERROR;
}

/* A dump that fails after its first part ends with an error in DONE. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	const int *err = mnl_nlmsg_get_payload(nlh);
	struct recv_ctx *ctx = data;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err) || *err >= 0)
		return MNL_CB_STOP;
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		mnl_attr_parse(nlh, sizeof(*err), ext_ack_cb, ctx->nl);
	errno = -*err;
	return MNL_CB_ERROR;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct recv_ctx *ctx = data;
	int ret;

	if (!ctx->cb)
		return MNL_CB_OK;
	ret = ctx->cb(nlh, ctx->data);
	if (ret == MNL_CB_ERROR && !errno)
		errno = EBADMSG;
	return ret;
}

static const mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

int genl_process(struct genl *nl, const void *buf, size_t len, uint32_t seq,
		 mnl_cb_t cb, void *data)
{
	struct recv_ctx ctx = { nl, cb, data };
	int ret;

	errno = 0;
	ret = mnl_cb_run2(buf, len, seq, nl->portid, data_cb, &ctx,
			  (mnl_cb_t *)ctl_cbs, MNL_ARRAY_SIZE(ctl_cbs));
	if (ret == MNL_CB_ERROR)
		return errno ? -errno : -EBADMSG;
	return ret;
}

/*
 * Receive and dispatch the replies to @seq (0: notifications) until the
 * ACK, the end of a dump, an error, or forever when @forever is set.
 */
static int genl_recv(struct genl *nl, uint32_t seq, mnl_cb_t cb, void *data,
		     bool forever)
{
	ssize_t len;
	int ret;

	do {
		len = mnl_socket_recvfrom(nl->sock, nl->buf, GENL_RECV_SIZE);
		if (len < 0 && errno == ENOBUFS && forever) {
			/* The socket overflowed; later events still count. */
			fprintf(stderr, "linkauthctl: events were lost: the receive buffer overflowed\n");
			continue;
		}
		if (len < 0)
			return -errno;
		ret = genl_process(nl, nl->buf, (size_t)len, seq, cb, data);
		if (ret < 0)
			return ret;
	} while (ret > MNL_CB_STOP || forever);
	return 0;
}

int genl_transact(struct genl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		  void *data)
{
	nl->ext_msg[0] = '\0';
	nl->ext_missing = 0;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	return genl_recv(nl, nlh->nlmsg_seq, cb, data, false);
}

/* TODO: join nlctrl's "notify" group too, so that listeners notice the
 * family going away on "rmmod linkauth" instead of waiting forever.
 */
int genl_listen(struct genl *nl, mnl_cb_t cb, void *data)
{
	unsigned int group = nl->events_group;

	if (!group)
		return -ENOENT;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return genl_recv(nl, 0, cb, data, true);
}

/* Find the "events" group in CTRL_ATTR_MCAST_GROUPS. */
static void parse_groups(const struct nlattr *groups, struct family_info *fi)
{
	const struct nlattr *group, *attr;
	const char *name;
	uint32_t id;

	mnl_attr_for_each_nested(group, groups) {
		name = NULL;
		id = 0;
		mnl_attr_for_each_nested(attr, group) {
			uint16_t type = mnl_attr_get_type(attr);

			if (type == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
				name = mnl_attr_get_str(attr);
			else if (type == CTRL_ATTR_MCAST_GRP_ID &&
				 mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
				id = mnl_attr_get_u32(attr);
		}
		if (name && !strcmp(name, LINKAUTH_MCGRP_EVENTS))
			fi->events_group = id;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct family_info *fi = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
				fi->id = mnl_attr_get_u16(attr);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			parse_groups(attr, fi);
			break;
		}
	}
	return MNL_CB_OK;
}

static int resolve_family(struct genl *nl)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct family_info fi = { 0 };
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;
	int err;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, LINKAUTH_GENL_NAME);

	err = genl_transact(nl, nlh, family_cb, &fi);
	if (err)
		return err;
	if (!fi.id)
		return -EBADMSG;
	nl->family = fi.id;
	nl->events_group = fi.events_group;
	return 0;
}

int genl_open(struct genl *nl)
{
	int on = 1, err;

	memset(nl, 0, sizeof(*nl));
	nl->buf = malloc(GENL_RECV_SIZE);
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->buf || !nl->sock) {
		err = -errno;
		genl_report(nl, err, "cannot open a generic netlink socket");
		goto free;
	}
	/* Both are best effort: old kernels just send plainer errors. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &on, sizeof(on));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = -errno;
		genl_report(nl, err, "cannot bind the netlink socket");
		goto free;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);

	err = resolve_family(nl);
	if (err == -ENOENT) {
		fprintf(stderr,
			"linkauthctl: linkauth module is not loaded: run \"modprobe linkauth\"\n");
		goto free;
	}
	if (err) {
		genl_report(nl, err, "cannot look up the linkauth netlink family");
		goto free;
	}
	return 0;

free:
	genl_close(nl);
	return err;
}

void genl_close(struct genl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	/* Replies to SA_GET carry MACsec keys. */
	if (nl->buf)
		explicit_bzero(nl->buf, GENL_RECV_SIZE);
	free(nl->buf);
	nl->sock = NULL;
	nl->buf = NULL;
}

/* A hint for errors whose usual cause the user can fix. */
static const char *error_hint(int err)
{
	switch (err) {
	case -EPERM:
		return "run as root or with CAP_NET_ADMIN";
	case -EOPNOTSUPP:
		return "the loaded linkauth module does not support this request; update it";
	default:
		return NULL;
	}
}

void genl_report(const struct genl *nl, int err, const char *what)
{
	const char *hint = error_hint(err);

	fprintf(stderr, "linkauthctl: %s: %s", what, strerror(-err));
	if (nl->ext_msg[0])
		fprintf(stderr, ": %s", nl->ext_msg);
	if (nl->ext_missing)
		fprintf(stderr, " (missing attribute %u)", nl->ext_missing);
	fputc('\n', stderr);
	/* The kernel's own message is more precise than a guess. */
	if (hint && !nl->ext_msg[0])
		fprintf(stderr, "linkauthctl: %s\n", hint);
}
