// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel MACsec configuration through rtnetlink and the "macsec" generic
 * netlink family.  The attribute formats follow what drivers/net/macsec.c
 * of Linux 6.1 and 6.12 accepts: SCIs and XPN short SCIs in network byte
 * order, packet numbers of 4 bytes (8 with XPN), key ids of 16 bytes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/if_macsec.h>
#include <linux/rtnetlink.h>

#include "macsec.h"

#define MACSEC_PORT 1

static int socket_open(struct genl *nl, int bus)
{
	int on = 1;

	memset(nl, 0, sizeof(*nl));
	nl->buf = malloc(GENL_RECV_SIZE);
	nl->sock = mnl_socket_open(bus);
	if (!nl->buf || !nl->sock)
		return -errno;
	/* Both are best effort: old kernels just send plainer errors. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &on, sizeof(on));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &on, sizeof(on));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

int macsec_nl_open(struct macsec_nl *nl)
{
	int err;

	err = socket_open(&nl->rtnl, NETLINK_ROUTE);
	if (!err)
		err = socket_open(&nl->genl, NETLINK_GENERIC);
	if (err)
		macsec_nl_close(nl);
	return err;
}

void macsec_nl_close(struct macsec_nl *nl)
{
	genl_close(&nl->rtnl);
	genl_close(&nl->genl);
}

static int family_id_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;
	uint16_t *id = data;

	mnl_attr_for_each(attr, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
		    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			*id = mnl_attr_get_u16(attr);
	}
	return MNL_CB_OK;
}

int macsec_nl_family(struct macsec_nl *nl)
{
	struct genlmsghdr *hdr;
	struct nlmsghdr *nlh;
	uint16_t id = 0;
	int err;

	if (nl->genl.family)
		return 0;
	memset(nl->genl.buf, 0, MNL_SOCKET_BUFFER_SIZE);
	nlh = mnl_nlmsg_put_header(nl->genl.buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->genl.seq;
	hdr = mnl_nlmsg_put_extra_header(nlh, sizeof(*hdr));
	hdr->cmd = CTRL_CMD_GETFAMILY;
	hdr->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, MACSEC_GENL_NAME);
	err = genl_transact(&nl->genl, nlh, family_id_cb, &id);
	if (err)
		return err;
	if (!id)
		return -EBADMSG;
	nl->genl.family = id;
	return 0;
}

void macsec_sci(const uint8_t mac[6], uint16_t port,
		uint8_t sci[MACSEC_SCI_LEN])
{
	memcpy(sci, mac, 6);
	sci[6] = port >> 8;
	sci[7] = port & 0xff;
}

/*
 * rtnetlink.  Requests are built in the socket's receive buffer, which
 * the reply overwrites only after the request went out.
 */

static struct nlmsghdr *link_msg_start(struct genl *nl, uint16_t type,
				       uint16_t flags, uint32_t ifindex)
{
	struct ifinfomsg *ifi;
	struct nlmsghdr *nlh;

	/* Attribute padding must not carry old bytes. */
	memset(nl->buf, 0, MNL_SOCKET_BUFFER_SIZE);
	nlh = mnl_nlmsg_put_header(nl->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	return nlh;
}

static int link_data_cb(const struct nlattr *attr, void *data)
{
	struct macsec_link *link = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_MACSEC_CIPHER_SUITE:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0)
			break;
		link->cipher = mnl_attr_get_u64(attr);
		/* The kernel reports GCM-AES-128 by its older id. */
		if (link->cipher == MACSEC_DEFAULT_CIPHER_ID)
			link->cipher = MACSEC_CIPHER_ID_GCM_AES_128;
		break;
	case IFLA_MACSEC_ENCRYPT:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			link->encrypt = mnl_attr_get_u8(attr);
		break;
	}
	return MNL_CB_OK;
}

static int link_info_cb(const struct nlattr *attr, void *data)
{
	struct macsec_link *link = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_INFO_KIND:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			link->is_macsec = !strcmp(mnl_attr_get_str(attr),
						  "macsec");
		break;
	case IFLA_INFO_DATA:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(attr, link_data_cb, link);
		break;
	}
	return MNL_CB_OK;
}

static int link_attr_cb(const struct nlattr *attr, void *data)
{
	struct macsec_link *link = data;

	switch (mnl_attr_get_type(attr)) {
	case IFLA_LINK:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			link->lower = mnl_attr_get_u32(attr);
		break;
	case IFLA_LINKINFO:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
			mnl_attr_parse_nested(attr, link_info_cb, link);
		break;
	}
	return MNL_CB_OK;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct macsec_link *link = data;

	if (nlh->nlmsg_type != RTM_NEWLINK ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi))
		return MNL_CB_OK;
	link->ifindex = (uint32_t)ifi->ifi_index;
	link->up = ifi->ifi_flags & IFF_UP;
	mnl_attr_parse(nlh, sizeof(*ifi), link_attr_cb, link);
	return MNL_CB_OK;
}

int macsec_link_get(struct macsec_nl *nl, const char *name,
		    struct macsec_link *link)
{
	struct nlmsghdr *nlh;

	memset(link, 0, sizeof(*link));
	nlh = link_msg_start(&nl->rtnl, RTM_GETLINK, 0, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return genl_transact(&nl->rtnl, nlh, link_cb, link);
}

int macsec_link_create(struct macsec_nl *nl,
		       const struct macsec_link_conf *conf, uint32_t *ifindex)
{
	struct nlattr *info, *data;
	struct macsec_link link;
	struct nlmsghdr *nlh;
	int err;

	nlh = link_msg_start(&nl->rtnl, RTM_NEWLINK,
			     NLM_F_CREATE | NLM_F_EXCL, 0);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, conf->name);
	mnl_attr_put_u32(nlh, IFLA_LINK, conf->lower);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macsec");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	mnl_attr_put_u16(nlh, IFLA_MACSEC_PORT, htons(MACSEC_PORT));
	mnl_attr_put_u64(nlh, IFLA_MACSEC_CIPHER_SUITE, conf->cipher);
	mnl_attr_put_u8(nlh, IFLA_MACSEC_ENCRYPT, conf->encrypt);
	mnl_attr_put_u8(nlh, IFLA_MACSEC_ENCODING_SA, conf->encoding_sa);
	/* A window of 0: an SA accepts only increasing packet numbers. */
	mnl_attr_put_u8(nlh, IFLA_MACSEC_REPLAY_PROTECT, 1);
	mnl_attr_put_u32(nlh, IFLA_MACSEC_WINDOW, 0);
	mnl_attr_put_u8(nlh, IFLA_MACSEC_VALIDATION, MACSEC_VALIDATE_STRICT);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	err = genl_transact(&nl->rtnl, nlh, NULL, NULL);
	if (err)
		return err;

	err = macsec_link_get(nl, conf->name, &link);
	*ifindex = link.ifindex;
	return err;
}

int macsec_link_change(struct macsec_nl *nl, uint32_t ifindex,
		       int encrypt, int encoding_sa)
{
	struct nlattr *info, *data;
	struct nlmsghdr *nlh;

	nlh = link_msg_start(&nl->rtnl, RTM_NEWLINK, 0, ifindex);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "macsec");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	if (encrypt >= 0)
		mnl_attr_put_u8(nlh, IFLA_MACSEC_ENCRYPT, (uint8_t)encrypt);
	if (encoding_sa >= 0)
		mnl_attr_put_u8(nlh, IFLA_MACSEC_ENCODING_SA,
				(uint8_t)encoding_sa);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return genl_transact(&nl->rtnl, nlh, NULL, NULL);
}

int macsec_link_set_up(struct macsec_nl *nl, uint32_t ifindex, bool up)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = link_msg_start(&nl->rtnl, RTM_NEWLINK, 0, ifindex);
	ifi = mnl_nlmsg_get_payload(nlh);
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return genl_transact(&nl->rtnl, nlh, NULL, NULL);
}

int macsec_link_delete(struct macsec_nl *nl, uint32_t ifindex)
{
	struct nlmsghdr *nlh;

	nlh = link_msg_start(&nl->rtnl, RTM_DELLINK, 0, ifindex);
	return genl_transact(&nl->rtnl, nlh, NULL, NULL);
}

/* The "macsec" family */

static struct nlmsghdr *sa_msg_start(struct macsec_nl *nl, uint8_t cmd,
				     uint32_t ifindex)
{
	struct nlmsghdr *nlh;

	nlh = genl_msg_start(&nl->genl, nl->genl.buf, cmd, NLM_F_ACK);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version =
		MACSEC_GENL_VERSION;
	mnl_attr_put_u32(nlh, MACSEC_ATTR_IFINDEX, ifindex);
	return nlh;
}

static void put_rxsc(struct nlmsghdr *nlh, const uint8_t *sci)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, MACSEC_ATTR_RXSC_CONFIG);

	/* A u64 attribute whose bytes are the SCI in network order. */
	mnl_attr_put(nlh, MACSEC_RXSC_ATTR_SCI, MACSEC_SCI_LEN, sci);
	mnl_attr_put_u8(nlh, MACSEC_RXSC_ATTR_ACTIVE, 1);
	mnl_attr_nest_end(nlh, nest);
}

/* An SA nest with @an and @active, and the key of @sa when it is set. */
static void put_sa(struct nlmsghdr *nlh, uint8_t an, bool active,
		   const struct macsec_sa *sa, uint32_t ssci)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, MACSEC_ATTR_SA_CONFIG);

	mnl_attr_put_u8(nlh, MACSEC_SA_ATTR_AN, an);
	mnl_attr_put_u8(nlh, MACSEC_SA_ATTR_ACTIVE, active);
	if (sa) {
		if (sa->xpn)
			mnl_attr_put_u64(nlh, MACSEC_SA_ATTR_PN, 1);
		else
			mnl_attr_put_u32(nlh, MACSEC_SA_ATTR_PN, 1);
		mnl_attr_put(nlh, MACSEC_SA_ATTR_KEY, sa->key_len, sa->key);
		mnl_attr_put(nlh, MACSEC_SA_ATTR_KEYID, MACSEC_KEY_ID_SIZE,
			     sa->key_id);
	}
	if (sa && sa->xpn) {
		mnl_attr_put_u32(nlh, MACSEC_SA_ATTR_SSCI, htonl(ssci));
		mnl_attr_put(nlh, MACSEC_SA_ATTR_SALT, MACSEC_SALT_SIZE,
			     sa->salt);
	}
	mnl_attr_nest_end(nlh, nest);
}

/* Send a request that may carry a key, then wipe the buffer. */
static int sa_request(struct macsec_nl *nl, struct nlmsghdr *nlh)
{
	int err = genl_transact(&nl->genl, nlh, NULL, NULL);

	explicit_bzero(nl->genl.buf, GENL_RECV_SIZE);
	return err;
}

int macsec_txsa_add(struct macsec_nl *nl, uint32_t ifindex,
		    const struct macsec_sa *sa)
{
	struct nlmsghdr *nlh;

	nlh = sa_msg_start(nl, MACSEC_CMD_ADD_TXSA, ifindex);
	put_sa(nlh, sa->an, true, sa, sa->ssci);
	return sa_request(nl, nlh);
}

int macsec_rxsa_add(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN],
		    const struct macsec_sa *sa)
{
	struct nlmsghdr *nlh;

	nlh = sa_msg_start(nl, MACSEC_CMD_ADD_RXSA, ifindex);
	put_rxsc(nlh, sci);
	put_sa(nlh, sa->an, true, sa, sa->ssci);
	return sa_request(nl, nlh);
}

/* The kernel refuses to delete an active SA, so deactivate it first. */
int macsec_txsa_del(struct macsec_nl *nl, uint32_t ifindex, uint8_t an)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = sa_msg_start(nl, MACSEC_CMD_UPD_TXSA, ifindex);
	put_sa(nlh, an, false, NULL, 0);
	err = sa_request(nl, nlh);
	if (err)
		return err;
	nlh = sa_msg_start(nl, MACSEC_CMD_DEL_TXSA, ifindex);
	put_sa(nlh, an, false, NULL, 0);
	return sa_request(nl, nlh);
}

int macsec_rxsa_del(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN], uint8_t an)
{
	struct nlmsghdr *nlh;
	int err;

	nlh = sa_msg_start(nl, MACSEC_CMD_UPD_RXSA, ifindex);
	put_rxsc(nlh, sci);
	put_sa(nlh, an, false, NULL, 0);
	err = sa_request(nl, nlh);
	if (err)
		return err;
	nlh = sa_msg_start(nl, MACSEC_CMD_DEL_RXSA, ifindex);
	put_rxsc(nlh, sci);
	put_sa(nlh, an, false, NULL, 0);
	return sa_request(nl, nlh);
}

int macsec_rxsc_add(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN])
{
	struct nlmsghdr *nlh;

	nlh = sa_msg_start(nl, MACSEC_CMD_ADD_RXSC, ifindex);
	put_rxsc(nlh, sci);
	return sa_request(nl, nlh);
}

int macsec_rxsc_del(struct macsec_nl *nl, uint32_t ifindex,
		    const uint8_t sci[MACSEC_SCI_LEN])
{
	struct nlmsghdr *nlh;

	nlh = sa_msg_start(nl, MACSEC_CMD_DEL_RXSC, ifindex);
	put_rxsc(nlh, sci);
	return sa_request(nl, nlh);
}

/* Reading the SCs and SAs back: MACSEC_CMD_GET_TXSC dumps every
 * interface, so the callback keeps only the one asked for.
 */

struct state_ctx {
	uint32_t ifindex;
	struct macsec_state *state;
	bool found;
};

static const struct attr_policy top_policy[MACSEC_ATTR_MAX + 1] = {
	[MACSEC_ATTR_IFINDEX] = { MNL_TYPE_U32 },
	[MACSEC_ATTR_SECY] = { MNL_TYPE_NESTED },
	[MACSEC_ATTR_TXSA_LIST] = { MNL_TYPE_NESTED },
	[MACSEC_ATTR_RXSC_LIST] = { MNL_TYPE_NESTED },
};

static const struct attr_policy secy_policy[MACSEC_SECY_ATTR_MAX + 1] = {
	[MACSEC_SECY_ATTR_ENCODING_SA] = { MNL_TYPE_U8 },
};

static const struct attr_policy rxsc_policy[MACSEC_RXSC_ATTR_MAX + 1] = {
	[MACSEC_RXSC_ATTR_SCI] = { MNL_TYPE_BINARY, MACSEC_SCI_LEN },
	[MACSEC_RXSC_ATTR_SA_LIST] = { MNL_TYPE_NESTED },
};

static const struct attr_policy sa_policy[MACSEC_SA_ATTR_MAX + 1] = {
	[MACSEC_SA_ATTR_AN] = { MNL_TYPE_U8 },
	[MACSEC_SA_ATTR_ACTIVE] = { MNL_TYPE_U8 },
	[MACSEC_SA_ATTR_KEYID] = { MNL_TYPE_BINARY, MACSEC_KEY_ID_SIZE },
};

/* Fill @set from a list of SA nests. */
static int parse_sa_list(const struct nlattr *list, struct macsec_sa_set *set)
{
	const struct nlattr *tb[MACSEC_SA_ATTR_MAX + 1];
	const struct nlattr *nest;
	uint8_t an;

	mnl_attr_for_each_nested(nest, list) {
		if (genl_parse_nested(nest, sa_policy, tb, MACSEC_SA_ATTR_MAX) ||
		    !tb[MACSEC_SA_ATTR_AN] || !tb[MACSEC_SA_ATTR_KEYID])
			return -EBADMSG;
		an = mnl_attr_get_u8(tb[MACSEC_SA_ATTR_AN]);
		if (an >= MACSEC_AN_COUNT)
			return -EBADMSG;
		set->present |= 1U << an;
		if (tb[MACSEC_SA_ATTR_ACTIVE] &&
		    mnl_attr_get_u8(tb[MACSEC_SA_ATTR_ACTIVE]))
			set->active |= 1U << an;
		memcpy(set->key_id[an],
		       mnl_attr_get_payload(tb[MACSEC_SA_ATTR_KEYID]),
		       MACSEC_KEY_ID_SIZE);
	}
	return 0;
}

static int parse_rxsc_list(const struct nlattr *list,
			   struct macsec_state *state)
{
	const struct nlattr *tb[MACSEC_RXSC_ATTR_MAX + 1];
	const struct nlattr *nest;
	unsigned int i;

	mnl_attr_for_each_nested(nest, list) {
		if (genl_parse_nested(nest, rxsc_policy, tb,
				      MACSEC_RXSC_ATTR_MAX) ||
		    !tb[MACSEC_RXSC_ATTR_SCI])
			return -EBADMSG;
		if (state->n_rxsc == MACSEC_STATE_RXSC_MAX)
			return -E2BIG;
		i = state->n_rxsc++;
		memcpy(state->rxsc[i].sci,
		       mnl_attr_get_payload(tb[MACSEC_RXSC_ATTR_SCI]),
		       MACSEC_SCI_LEN);
		if (tb[MACSEC_RXSC_ATTR_SA_LIST] &&
		    parse_sa_list(tb[MACSEC_RXSC_ATTR_SA_LIST],
				  &state->rxsc[i].sa))
			return -EBADMSG;
	}
	return 0;
}

static int state_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *secy[MACSEC_SECY_ATTR_MAX + 1];
	const struct nlattr *tb[MACSEC_ATTR_MAX + 1];
	struct state_ctx *ctx = data;
	struct macsec_state *st = ctx->state;
	int err;

	if (genl_parse(nlh, top_policy, tb, MACSEC_ATTR_MAX) ||
	    !tb[MACSEC_ATTR_IFINDEX])
		goto invalid;
	if (mnl_attr_get_u32(tb[MACSEC_ATTR_IFINDEX]) != ctx->ifindex)
		return MNL_CB_OK;
	ctx->found = true;
	if (tb[MACSEC_ATTR_SECY]) {
		if (genl_parse_nested(tb[MACSEC_ATTR_SECY], secy_policy, secy,
				      MACSEC_SECY_ATTR_MAX))
			goto invalid;
		if (secy[MACSEC_SECY_ATTR_ENCODING_SA])
			st->encoding_sa =
				mnl_attr_get_u8(secy[MACSEC_SECY_ATTR_ENCODING_SA]);
	}
	if (tb[MACSEC_ATTR_TXSA_LIST] &&
	    parse_sa_list(tb[MACSEC_ATTR_TXSA_LIST], &st->tx))
		goto invalid;
	if (tb[MACSEC_ATTR_RXSC_LIST]) {
		err = parse_rxsc_list(tb[MACSEC_ATTR_RXSC_LIST], st);
		if (err) {
			errno = -err;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;

invalid:
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

int macsec_state_get(struct macsec_nl *nl, uint32_t ifindex,
		     struct macsec_state *state)
{
	struct state_ctx ctx = { ifindex, state, false };
	struct nlmsghdr *nlh;
	int err;

	memset(state, 0, sizeof(*state));
	nlh = genl_msg_start(&nl->genl, nl->genl.buf, MACSEC_CMD_GET_TXSC,
			     NLM_F_DUMP);
	((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->version =
		MACSEC_GENL_VERSION;
	err = genl_transact(&nl->genl, nlh, state_cb, &ctx);
	if (!err && !ctx.found)
		err = -ENODEV;
	return err;
}
