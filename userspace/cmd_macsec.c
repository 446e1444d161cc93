// SPDX-License-Identifier: GPL-2.0
/*
 * "macsec": the MACsec agent.  It installs the keys of the peer that
 * linkauth authenticated on DEV into a macsec interface on DEV, and
 * follows linkauth's events to rekey and remove them.
 *
 * Every pass reads the sessions (SA_GET) and the macsec interface's SAs
 * and makes the second match the first, so a lost event or a restart of
 * the agent costs nothing.  The SAs of a session sit on AN = generation
 * mod 4.  A rekey is make-before-break.  The new RX and TX SAs are
 * installed at once, and transmission moves to the new AN SWITCH_DELAY_MS
 * later, when the peer's agent has installed its new RX SA too.  The old
 * RX SA stays RX_HOLD_MS longer for the peer's frames still sent on it.
 *
 * Keys pair two devices, and a macsec interface transmits with one key,
 * so the interface serves one peer.  Other authenticated peers of DEV are
 * reported and ignored until the served peer goes away.
 *
 * NOTE: nothing starts a rekey before a TX SA without XPN runs out of its
 * 2^32 packet numbers, so the link's rekey interval must end each SA
 * before that at the link's packet rate.
 */
#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <linux/if_macsec.h>
#include <linux/linkauth.h>

#include "genl.h"
#include "linkauthctl.h"
#include "macsec.h"
#include "names.h"
#include "output.h"

#define SWITCH_DELAY_MS 1000
#define RX_HOLD_MS 3000
/* Delay before a failed pass is retried. */
#define RETRY_MS 5000
/* Time to wait for a requested rekey before requesting another. */
#define REFRESH_MS 15000
/* Maximum duration of "once". */
#define ONCE_MS 30000
/* Maximum number of authenticated peers of DEV that one pass reads. */
#define SESSIONS_MAX 16
#define DEFAULT_PREFIX "la-"

/* One authenticated session of DEV, from SA_GET.  Contains keys. */
struct session {
	uint8_t mac[6];
	uint16_t suite;
	uint32_t generation;
	uint32_t ssci;
	uint8_t sak[MACSEC_KEY_MAX];
	size_t sak_len;
	uint8_t salt[MACSEC_SALT_SIZE];
	uint8_t key_id[MACSEC_KEY_ID_SIZE];
};

struct session_list {
	uint32_t ifindex;
	unsigned int count;
	struct session s[SESSIONS_MAX];
};

struct agent {
	struct genl la;			/* requests to linkauth */
	struct genl ev;			/* linkauth events; unused by once */
	struct macsec_nl ms;
	uint32_t ifindex;
	const char *dev;
	char name[IF_NAMESIZE];
	uint32_t ms_ifindex;
	bool encrypt;
	bool serving;
	uint8_t peer[6];
	uint8_t an;			/* AN of the newest SAs */
	/* Monotonic milliseconds, 0 when nothing is due. */
	int64_t switch_at;		/* move TX to @an, delete older TX SAs */
	int64_t retire_at;		/* delete the peer's older RX SAs */
	int64_t retry_at;
	bool resync;
	bool has_event_mac;		/* which peer the last event named */
	uint8_t event_mac[6];
	/* The newest session an event announced.  Its keys are fresh: no
	 * earlier agent can have sent a frame with them.
	 */
	bool has_fresh;
	uint8_t fresh_mac[6];
	uint32_t fresh_generation;
	/* The session this agent asked linkauth to replace, and when. */
	uint8_t stale_mac[6];
	uint32_t stale_generation;
	int64_t refresh_at;
	bool once;
	int64_t deadline;		/* once: give up at this time */
};

static volatile sig_atomic_t stop_signal;

int macsec_parse(int argc, char **argv, struct macsec_args *args)
{
	int i;

	memset(args, 0, sizeof(*args));
	if (argc < 1)
		return usage_error("macsec: missing DEV");
	if (parse_dev(argv[0], &args->ifindex))
		return -EINVAL;
	args->dev = argv[0];
	/* "la-" and as much of DEV as fits in IFNAMSIZ. */
	snprintf(args->name, sizeof(args->name), DEFAULT_PREFIX "%.*s",
		 (int)(IF_NAMESIZE - sizeof(DEFAULT_PREFIX)), argv[0]);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "once")) {
			args->once = true;
		} else if (!strcmp(argv[i], "name") && i + 1 < argc) {
			i++;
			if (!argv[i][0] || strlen(argv[i]) >= IF_NAMESIZE ||
			    strpbrk(argv[i], "/: \t"))
				return usage_error("macsec: invalid interface name \"%s\": use 1 to %d characters without '/', ':' or spaces",
						   argv[i], IF_NAMESIZE - 1);
			strcpy(args->name, argv[i]);
		} else if (!strcmp(argv[i], "name")) {
			return usage_error("macsec: missing IFNAME after \"name\"");
		} else {
			return usage_error("macsec: unknown argument \"%s\"; expected \"name IFNAME\" or \"once\"",
					   argv[i]);
		}
	}
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Print a failed kernel request with a hint for the usual causes. */
static void report(const struct genl *nl, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(const struct genl *nl, int err, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	genl_report(nl, err, what);
}

/* Output: one line, or one JSON object, per action. */

static void action_start(const char *action)
{
	open_object(NULL);
	print_string("action", "%s", action);
}

static void action_end(void)
{
	print_text("\n");
	close_object();
	output_flush();
}

static void print_created(const struct agent *a, uint16_t suite)
{
	action_start("created");
	print_string("ifname", " %s", a->name);
	print_string("dev", " on %s", a->dev);
	print_string("suite", ": %s", name_lookup(&suite_names, suite));
	print_bool("encrypt", ", encrypt %s", a->encrypt);
	action_end();
}

static void print_installed(const struct agent *a, const uint8_t *mac,
			    uint32_t generation)
{
	action_start("installed");
	print_u64("an", " AN %" PRIu64, a->an);
	print_string("ifname", " on %s", a->name);
	print_mac("mac", " for peer %s", mac);
	print_u64("generation", ": generation %" PRIu64, generation);
	action_end();
}

static void print_an_action(const struct agent *a, const char *action,
			    const char *fmt, unsigned int an)
{
	action_start(action);
	print_string("ifname", " %s", a->name);
	print_u64("an", fmt, an);
	action_end();
}

static void print_removed(const struct agent *a, const uint8_t *mac)
{
	action_start("removed");
	print_mac("mac", " peer %s", mac);
	print_string("ifname", " from %s", a->name);
	action_end();
}

/* linkauth requests */

static const struct attr_policy top_policy[LINKAUTH_A_MAX + 1] = {
	[LINKAUTH_A_IFINDEX] = { MNL_TYPE_U32 },
	[LINKAUTH_A_LINK_POLICY] = { MNL_TYPE_U32 },
	[LINKAUTH_A_PEER] = { MNL_TYPE_NESTED },
};

static const struct attr_policy peer_policy[LINKAUTH_PEER_A_MAX + 1] = {
	[LINKAUTH_PEER_A_IFINDEX] = { MNL_TYPE_U32 },
	[LINKAUTH_PEER_A_MAC] = { MNL_TYPE_BINARY, 6 },
	[LINKAUTH_PEER_A_SUITE] = { MNL_TYPE_U16 },
	[LINKAUTH_PEER_A_SAK] = { MNL_TYPE_BINARY },
	[LINKAUTH_PEER_A_SALT] = { MNL_TYPE_BINARY, MACSEC_SALT_SIZE },
	[LINKAUTH_PEER_A_SSCI] = { MNL_TYPE_U32 },
	[LINKAUTH_PEER_A_KEY_ID] = { MNL_TYPE_BINARY, MACSEC_KEY_ID_SIZE },
	[LINKAUTH_PEER_A_GENERATION] = { MNL_TYPE_U32 },
};

/* Parse the peer nest of @nlh into @tb; it must name a link and a MAC. */
static int parse_peer(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	const struct nlattr *top[LINKAUTH_A_MAX + 1];

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl_parse(nlh, top_policy, top, LINKAUTH_A_MAX) ||
	    !top[LINKAUTH_A_PEER] ||
	    genl_parse_nested(top[LINKAUTH_A_PEER], peer_policy, tb,
			      LINKAUTH_PEER_A_MAX) ||
	    !tb[LINKAUTH_PEER_A_IFINDEX] || !tb[LINKAUTH_PEER_A_MAC])
		return -EBADMSG;
	return 0;
}

static int session_fill(struct session *s, const struct nlattr **tb)
{
	const struct nlattr *sak = tb[LINKAUTH_PEER_A_SAK];
	unsigned int i;

	for (i = LINKAUTH_PEER_A_SUITE; i <= LINKAUTH_PEER_A_GENERATION; i++)
		if (peer_policy[i].type != MNL_TYPE_UNSPEC && !tb[i])
			return -EBADMSG;
	s->sak_len = mnl_attr_get_payload_len(sak);
	if (s->sak_len != 16 && s->sak_len != 32)
		return -EBADMSG;
	memcpy(s->mac, mnl_attr_get_payload(tb[LINKAUTH_PEER_A_MAC]), 6);
	memcpy(s->sak, mnl_attr_get_payload(sak), s->sak_len);
	memcpy(s->salt, mnl_attr_get_payload(tb[LINKAUTH_PEER_A_SALT]),
	       MACSEC_SALT_SIZE);
	memcpy(s->key_id, mnl_attr_get_payload(tb[LINKAUTH_PEER_A_KEY_ID]),
	       MACSEC_KEY_ID_SIZE);
	s->suite = mnl_attr_get_u16(tb[LINKAUTH_PEER_A_SUITE]);
	s->ssci = mnl_attr_get_u32(tb[LINKAUTH_PEER_A_SSCI]);
	s->generation = mnl_attr_get_u32(tb[LINKAUTH_PEER_A_GENERATION]);
	return 0;
}

/* Keep the sessions of our link: a module that ignores the ifindex of a
 * dump request sends those of every link.
 */
static int session_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LINKAUTH_PEER_A_MAX + 1];
	struct session_list *list = data;

	if (parse_peer(nlh, tb))
		goto invalid;
	if (mnl_attr_get_u32(tb[LINKAUTH_PEER_A_IFINDEX]) != list->ifindex ||
	    list->count == SESSIONS_MAX)
		return MNL_CB_OK;
	if (session_fill(&list->s[list->count], tb))
		goto invalid;
	list->count++;
	return MNL_CB_OK;

invalid:
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

static int sessions_read(struct agent *a, struct session_list *list)
{
	struct nlmsghdr *nlh;
	int err;

	list->ifindex = a->ifindex;
	list->count = 0;
	nlh = genl_msg_start(&a->la, a->la.buf, LINKAUTH_CMD_SA_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, a->ifindex);
	err = genl_transact(&a->la, nlh, session_cb, list);
	/* The replies carried keys. */
	explicit_bzero(a->la.buf, GENL_RECV_SIZE);
	if (err)
		report(&a->la, err, "cannot read the MACsec keys of %s", a->dev);
	return err;
}

static int policy_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[LINKAUTH_A_MAX + 1];
	uint32_t *policy = data;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN ||
	    genl_parse(nlh, top_policy, tb, LINKAUTH_A_MAX)) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (tb[LINKAUTH_A_LINK_POLICY])
		*policy = mnl_attr_get_u32(tb[LINKAUTH_A_LINK_POLICY]);
	return MNL_CB_OK;
}

static int policy_read(struct agent *a, uint32_t *policy)
{
	struct nlmsghdr *nlh;
	int err;

	*policy = 0;
	nlh = genl_msg_start(&a->la, a->la.buf, LINKAUTH_CMD_LINK_GET, NLM_F_ACK);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, a->ifindex);
	err = genl_transact(&a->la, nlh, policy_cb, policy);
	if (err)
		report(&a->la, err, "cannot read the linkauth policy of %s",
		       a->dev);
	return err;
}

/* The macsec interface */

static int suite_cipher(uint16_t suite, uint64_t *cipher)
{
	static const uint64_t ciphers[__LINKAUTH_SUITE_MAX] = {
		[LINKAUTH_SUITE_GCM_AES_128] = MACSEC_CIPHER_ID_GCM_AES_128,
		[LINKAUTH_SUITE_GCM_AES_256] = MACSEC_CIPHER_ID_GCM_AES_256,
		[LINKAUTH_SUITE_GCM_AES_XPN_128] =
			MACSEC_CIPHER_ID_GCM_AES_XPN_128,
		[LINKAUTH_SUITE_GCM_AES_XPN_256] =
			MACSEC_CIPHER_ID_GCM_AES_XPN_256,
	};

	if (suite >= __LINKAUTH_SUITE_MAX)
		return -EPROTONOSUPPORT;
	*cipher = ciphers[suite];
	return 0;
}

static int link_create(struct agent *a, uint64_t cipher, uint16_t suite,
		       uint8_t an)
{
	struct macsec_link_conf conf = {
		a->ifindex, a->name, cipher, a->encrypt, an
	};
	int err;

	err = macsec_link_create(&a->ms, &conf, &a->ms_ifindex);
	if (err == -EOPNOTSUPP) {
		report(&a->ms.rtnl, err, "cannot create %s", a->name);
		fputs("linkauthctl: the kernel has no macsec support: run \"modprobe macsec\"\n",
		      stderr);
		return err;
	}
	if (err) {
		report(&a->ms.rtnl, err, "cannot create %s on %s", a->name,
		       a->dev);
		return err;
	}
	print_created(a, suite);
	return 0;
}

/* Bring an existing interface named a->name in line with @cipher. */
static int link_reuse(struct agent *a, const struct macsec_link *link,
		      uint64_t cipher, uint16_t suite, uint8_t an)
{
	int err;

	if (!link->is_macsec || link->lower != a->ifindex) {
		fprintf(stderr, "linkauthctl: %s exists but is not a macsec interface on %s: delete it or pick another with \"name IFNAME\"\n",
			a->name, a->dev);
		return -EEXIST;
	}
	a->ms_ifindex = link->ifindex;
	if (link->cipher != cipher) {
		/* The kernel cannot change the cipher suite of a SecY. */
		err = macsec_link_delete(&a->ms, link->ifindex);
		if (err) {
			report(&a->ms.rtnl, err, "cannot delete %s", a->name);
			return err;
		}
		action_start("deleted");
		print_string("ifname", " %s", a->name);
		print_text(": its cipher suite differs from the session's");
		action_end();
		return link_create(a, cipher, suite, an);
	}
	if (link->encrypt != a->encrypt) {
		err = macsec_link_change(&a->ms, link->ifindex, a->encrypt, -1);
		if (err) {
			report(&a->ms.rtnl, err, "cannot set encrypt on %s",
			       a->name);
			return err;
		}
	}
	return 0;
}

/* Make sure the macsec interface exists for session @s and is up. */
static int link_ensure(struct agent *a, const struct session *s, uint8_t an)
{
	struct macsec_link link;
	uint64_t cipher;
	uint32_t policy;
	int err;

	if (suite_cipher(s->suite, &cipher)) {
		fprintf(stderr, "linkauthctl: peer uses unknown cipher suite %u: update linkauthctl\n",
			s->suite);
		return -EPROTONOSUPPORT;
	}
	err = policy_read(a, &policy);
	if (err)
		return err;
	a->encrypt = policy & LINKAUTH_POLICY_ENCRYPT;

	err = macsec_link_get(&a->ms, a->name, &link);
	if (err == -ENODEV)
		err = link_create(a, cipher, s->suite, an);
	else if (err)
		report(&a->ms.rtnl, err, "cannot look up %s", a->name);
	else
		err = link_reuse(a, &link, cipher, s->suite, an);
	if (err)
		return err;

	err = macsec_link_set_up(&a->ms, a->ms_ifindex, true);
	if (err) {
		report(&a->ms.rtnl, err, "cannot set %s up", a->name);
		return err;
	}
	err = macsec_nl_family(&a->ms);
	if (err == -ENOENT)
		fputs("linkauthctl: the macsec module is not loaded: run \"modprobe macsec\"\n",
		      stderr);
	else if (err)
		report(&a->ms.genl, err, "cannot find the macsec netlink family");
	return err;
}

static int state_read(struct agent *a, struct macsec_state *st)
{
	int err = macsec_state_get(&a->ms, a->ms_ifindex, st);

	if (err)
		report(&a->ms.genl, err, "cannot read the SAs of %s", a->name);
	return err;
}

static int rxsc_find(const struct macsec_state *st, const uint8_t *sci)
{
	unsigned int i;

	for (i = 0; i < st->n_rxsc; i++)
		if (!memcmp(st->rxsc[i].sci, sci, MACSEC_SCI_LEN))
			return (int)i;
	return -1;
}

static bool sa_has_key(const struct macsec_sa_set *set, uint8_t an,
		       const uint8_t *key_id)
{
	return (set->present & (1U << an)) &&
	       !memcmp(set->key_id[an], key_id, MACSEC_KEY_ID_SIZE);
}

/* Delete every RX SC except @keep (NULL: all of them). */
static int rxsc_prune(struct agent *a, const struct macsec_state *st,
		      const uint8_t *keep)
{
	unsigned int i;
	int err;

	for (i = 0; i < st->n_rxsc; i++) {
		if (keep && !memcmp(st->rxsc[i].sci, keep, MACSEC_SCI_LEN))
			continue;
		err = macsec_rxsc_del(&a->ms, a->ms_ifindex, st->rxsc[i].sci);
		if (err) {
			report(&a->ms.genl, err, "cannot delete an RX SC of %s",
			       a->name);
			return err;
		}
		print_removed(a, st->rxsc[i].sci);
	}
	return 0;
}

/* Delete the TX SAs, or the RX SAs of @sci, on every AN but a->an. */
static int sa_prune(struct agent *a, const struct macsec_sa_set *set,
		    const uint8_t *sci, int *retired)
{
	unsigned int an;
	int err;

	for (an = 0; an < MACSEC_AN_COUNT; an++) {
		if (an == a->an || !(set->present & (1U << an)))
			continue;
		err = sci ? macsec_rxsa_del(&a->ms, a->ms_ifindex, sci, an) :
			    macsec_txsa_del(&a->ms, a->ms_ifindex, an);
		if (err) {
			report(&a->ms.genl, err, "cannot delete the %s SA on AN %u of %s",
			       sci ? "RX" : "TX", an, a->name);
			return err;
		}
		*retired = (int)an;
	}
	return 0;
}

/* Run the steps of a rekey that are due: the TX switch, then the removal
 * of the old RX SA.
 */
static int run_due(struct agent *a, bool force)
{
	int64_t now = now_ms();
	bool do_switch = a->switch_at && (force || now >= a->switch_at);
	bool do_retire = a->retire_at && (force || now >= a->retire_at);
	struct macsec_state st;
	uint8_t sci[MACSEC_SCI_LEN];
	int err, idx, retired = -1;

	if (!a->serving || (!do_switch && !do_retire))
		return 0;
	err = state_read(a, &st);
	if (err)
		return err;

	if (do_switch && st.encoding_sa != a->an) {
		err = macsec_link_change(&a->ms, a->ms_ifindex, -1, a->an);
		if (err) {
			report(&a->ms.rtnl, err, "cannot move %s to AN %u",
			       a->name, a->an);
			return err;
		}
		print_an_action(a, "rekeyed", ": transmitting on AN %" PRIu64,
				a->an);
	}
	if (do_switch) {
		err = sa_prune(a, &st.tx, NULL, &retired);
		if (err)
			return err;
		a->switch_at = 0;
	}

	macsec_sci(a->peer, 1, sci);
	idx = rxsc_find(&st, sci);
	if (do_retire && idx >= 0) {
		err = sa_prune(a, &st.rxsc[idx].sa, sci, &retired);
		if (err)
			return err;
	}
	if (do_retire)
		a->retire_at = 0;
	if (do_retire && retired >= 0)
		print_an_action(a, "retired", ": removed AN %" PRIu64,
				(unsigned int)retired);
	return 0;
}

/* Report a failed SA installation, with the usual cause of -ENOENT. */
static void report_sa(const struct agent *a, int err, const char *dir,
		      uint8_t an)
{
	report(&a->ms.genl, err, "cannot install the %s SA on AN %u of %s",
	       dir, an, a->name);
	if (err == -ENOENT)
		fputs("linkauthctl: the kernel cannot find gcm(aes): run \"modprobe gcm\" and \"modprobe ctr\"\n",
		      stderr);
}

/* Fill the TX (@rx false) or RX SA of session @s on AN @an. */
static void sa_from_session(struct macsec_sa *sa, const struct session *s,
			    uint8_t an, bool rx)
{
	memset(sa, 0, sizeof(*sa));
	sa->an = an;
	memcpy(sa->key, s->sak, s->sak_len);
	sa->key_len = s->sak_len;
	memcpy(sa->key_id, s->key_id, MACSEC_KEY_ID_SIZE);
	sa->xpn = s->suite == LINKAUTH_SUITE_GCM_AES_XPN_128 ||
		  s->suite == LINKAUTH_SUITE_GCM_AES_XPN_256;
	/* The SSCI of an RX SA is the peer's, which is 3 minus ours. */
	sa->ssci = rx ? 3 - s->ssci : s->ssci;
	memcpy(sa->salt, s->salt, MACSEC_SALT_SIZE);
}

/* Replace the SAs on AN @an with those of session @s: RX first, so that
 * nothing is sent that this end could not receive.
 */
static int sa_install(struct agent *a, const struct macsec_state *st,
		      const struct session *s, uint8_t an, const uint8_t *sci)
{
	int idx = rxsc_find(st, sci);
	struct macsec_sa sa;
	int err = 0;

	if (idx >= 0 && (st->rxsc[idx].sa.present & (1U << an)))
		err = macsec_rxsa_del(&a->ms, a->ms_ifindex, sci, an);
	if (!err) {
		sa_from_session(&sa, s, an, true);
		err = macsec_rxsa_add(&a->ms, a->ms_ifindex, sci, &sa);
	}
	if (err) {
		report_sa(a, err, "RX", an);
		goto wipe;
	}

	if (st->tx.present & (1U << an))
		err = macsec_txsa_del(&a->ms, a->ms_ifindex, an);
	if (!err) {
		sa_from_session(&sa, s, an, false);
		err = macsec_txsa_add(&a->ms, a->ms_ifindex, &sa);
	}
	if (err)
		report_sa(a, err, "TX", an);
wipe:
	explicit_bzero(&sa, sizeof(sa));
	return err;
}

/* Install the SAs of a new session, and schedule the switch to them. */
static int session_install(struct agent *a, const struct session *s,
			   uint8_t an, const uint8_t *sci)
{
	struct macsec_state st;
	bool rekey;
	int64_t now;
	int err;

	/* A rekey still in progress finishes before the next one starts. */
	err = run_due(a, true);
	if (!err)
		err = state_read(a, &st);
	if (!err && rxsc_find(&st, sci) < 0) {
		err = macsec_rxsc_add(&a->ms, a->ms_ifindex, sci);
		if (err)
			report(&a->ms.genl, err, "cannot add an RX SC for the peer to %s",
			       a->name);
		else
			err = state_read(a, &st);
	}
	if (!err)
		err = sa_install(a, &st, s, an, sci);
	if (err)
		return err;

	/* With no other TX SA in use, there is nothing to wait for. */
	rekey = st.encoding_sa != an &&
		(st.tx.active & (1U << st.encoding_sa));
	a->an = an;
	print_installed(a, s->mac, s->generation);
	now = now_ms();
	a->refresh_at = 0;
	/* "once" has no later pass to finish a rekey in. */
	rekey = rekey && !a->once;
	a->switch_at = rekey ? now + SWITCH_DELAY_MS : now;
	a->retire_at = a->switch_at + (rekey ? RX_HOLD_MS : 0);
	return run_due(a, false);
}

static bool session_fresh(const struct agent *a, const struct session *s)
{
	return a->has_fresh && !memcmp(a->fresh_mac, s->mac, 6) &&
	       a->fresh_generation == s->generation;
}

/*
 * The SAs of session @s are missing, and this agent did not see the
 * session start: an earlier agent may have sent frames with its key, and
 * the packet numbers it used are gone with the SAs.  Starting again from
 * 1 would reuse GCM nonces, so ask linkauth for a new session instead.
 */
static int session_refresh(struct agent *a, const struct session *s)
{
	int64_t now = now_ms();
	struct nlmsghdr *nlh;
	int err;

	if (a->refresh_at && now < a->refresh_at + REFRESH_MS &&
	    !memcmp(a->stale_mac, s->mac, 6) &&
	    a->stale_generation == s->generation)
		return 0;
	nlh = genl_msg_start(&a->la, a->la.buf, LINKAUTH_CMD_AUTH, NLM_F_ACK);
	mnl_attr_put_u32(nlh, LINKAUTH_A_IFINDEX, a->ifindex);
	mnl_attr_put(nlh, LINKAUTH_A_PEER_MAC, 6, s->mac);
	err = genl_transact(&a->la, nlh, NULL, NULL);
	if (err) {
		report(&a->la, err, "cannot start a rekey with the peer on %s",
		       a->dev);
		return err;
	}
	memcpy(a->stale_mac, s->mac, 6);
	a->stale_generation = s->generation;
	a->refresh_at = now;
	action_start("refreshing");
	print_mac("mac", " peer %s", s->mac);
	print_string("dev", " on %s", a->dev);
	print_u64("generation", ": generation %" PRIu64
		  " may have been used before, so a rekey was started",
		  s->generation);
	action_end();
	return 0;
}

/* Serve session @s: the interface, the peer's RX SC, and its SAs. */
static int serve(struct agent *a, const struct session *s)
{
	uint8_t an = s->generation % MACSEC_AN_COUNT;
	uint8_t sci[MACSEC_SCI_LEN];
	struct macsec_state st;
	int idx, err;

	err = link_ensure(a, s, an);
	if (!err)
		err = state_read(a, &st);
	if (err)
		return err;
	macsec_sci(s->mac, 1, sci);
	err = rxsc_prune(a, &st, sci);
	if (err)
		return err;
	if (!a->serving || memcmp(a->peer, s->mac, 6)) {
		a->switch_at = 0;
		a->retire_at = 0;
	}
	a->serving = true;
	memcpy(a->peer, s->mac, 6);

	idx = rxsc_find(&st, sci);
	if (idx < 0 || !sa_has_key(&st.tx, an, s->key_id) ||
	    !sa_has_key(&st.rxsc[idx].sa, an, s->key_id))
		return session_fresh(a, s) ? session_install(a, s, an, sci) :
					     session_refresh(a, s);
	/* Installed already, maybe by an earlier run of the agent. */
	a->an = an;
	if (st.encoding_sa != an && !a->switch_at)
		a->switch_at = now_ms();
	return run_due(a, false);
}

/* No authenticated peer: remove every key and take the interface down. */
static int idle(struct agent *a)
{
	struct macsec_link link;
	struct macsec_state st;
	int retired = -1, err;

	a->serving = false;
	a->switch_at = 0;
	a->retire_at = 0;
	err = macsec_link_get(&a->ms, a->name, &link);
	if (err == -ENODEV || (!err && (!link.is_macsec ||
					link.lower != a->ifindex)))
		return 0;
	if (err) {
		report(&a->ms.rtnl, err, "cannot look up %s", a->name);
		return err;
	}
	a->ms_ifindex = link.ifindex;
	err = macsec_nl_family(&a->ms);
	if (!err)
		err = state_read(a, &st);
	if (err)
		return err;

	err = rxsc_prune(a, &st, NULL);
	if (err)
		return err;
	/* a->an is no AN, so every TX SA goes. */
	a->an = MACSEC_AN_COUNT;
	err = sa_prune(a, &st.tx, NULL, &retired);
	if (err || (!link.up && retired < 0))
		return err;
	err = macsec_link_set_up(&a->ms, link.ifindex, false);
	if (err) {
		report(&a->ms.rtnl, err, "cannot set %s down", a->name);
		return err;
	}
	action_start("stopped");
	print_string("ifname", " %s", a->name);
	print_string("dev", ": no authenticated peer on %s", a->dev);
	action_end();
	return 0;
}

/* The served peer while it is authenticated, else the first one. */
static const struct session *session_pick(const struct agent *a,
					  const struct session_list *list)
{
	unsigned int i;

	for (i = 0; a->serving && i < list->count; i++)
		if (!memcmp(list->s[i].mac, a->peer, 6))
			return &list->s[i];
	return list->count ? &list->s[0] : NULL;
}

static void print_ignored(const struct agent *a,
			  const struct session_list *list,
			  const struct session *served)
{
	unsigned int i;

	for (i = 0; i < list->count; i++) {
		const uint8_t *mac = list->s[i].mac;

		if (&list->s[i] == served ||
		    (a->has_event_mac && memcmp(mac, a->event_mac, 6)))
			continue;
		action_start("ignored");
		print_mac("mac", " peer %s", mac);
		print_string("dev", " on %s", a->dev);
		print_string("ifname", ": %s", a->name);
		print_mac("served", " serves %s", served->mac);
		action_end();
	}
}

/* One pass: make the macsec interface match the sessions of DEV. */
static int reconcile(struct agent *a)
{
	struct session_list list;
	const struct session *s;
	int err;

	a->resync = false;
	err = sessions_read(a, &list);
	if (err)
		goto wipe;
	s = session_pick(a, &list);
	err = s ? serve(a, s) : idle(a);
	if (s)
		print_ignored(a, &list, s);
	a->has_event_mac = false;
wipe:
	explicit_bzero(&list, sizeof(list));
	return err;
}

/* An event only names the peer that changed: mark a pass for our link. */
static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *hdr = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[LINKAUTH_PEER_A_MAX + 1];
	struct agent *a = data;

	if (parse_peer(nlh, tb)) {
		fputs("linkauthctl: ignored a malformed linkauth event\n",
		      stderr);
		return MNL_CB_OK;
	}
	if (mnl_attr_get_u32(tb[LINKAUTH_PEER_A_IFINDEX]) != a->ifindex)
		return MNL_CB_OK;
	a->resync = true;
	a->has_event_mac = true;
	memcpy(a->event_mac, mnl_attr_get_payload(tb[LINKAUTH_PEER_A_MAC]), 6);
	if ((hdr->cmd == LINKAUTH_CMD_EV_AUTHENTICATED ||
	     hdr->cmd == LINKAUTH_CMD_EV_REKEYED) &&
	    tb[LINKAUTH_PEER_A_GENERATION]) {
		a->has_fresh = true;
		memcpy(a->fresh_mac, a->event_mac, 6);
		a->fresh_generation =
			mnl_attr_get_u32(tb[LINKAUTH_PEER_A_GENERATION]);
	}
	return MNL_CB_OK;
}

static int events_read(struct agent *a)
{
	ssize_t len;
	int err;

	len = mnl_socket_recvfrom(a->ev.sock, a->ev.buf, GENL_RECV_SIZE);
	if (len < 0 && errno == ENOBUFS) {
		/* Events were lost: a full pass makes up for them. */
		a->resync = true;
		a->has_event_mac = false;
		return 0;
	}
	if (len < 0)
		return errno == EINTR ? 0 : -errno;
	err = genl_process(&a->ev, a->ev.buf, (size_t)len, 0, event_cb, a);
	return err < 0 ? err : 0;
}

/* Milliseconds until the next due step, or -1 for none. */
static int next_timeout(const struct agent *a)
{
	int64_t next = 0, now = now_ms();
	const int64_t due[] = {
		a->switch_at, a->retire_at, a->retry_at, a->deadline,
		a->refresh_at ? a->refresh_at + REFRESH_MS : 0,
	};
	unsigned int i;

	for (i = 0; i < sizeof(due) / sizeof(due[0]); i++)
		if (due[i] && (!next || due[i] < next))
			next = due[i];
	if (!next)
		return -1;
	return next <= now ? 0 : (int)(next - now);
}

/* "once" is done when nothing is pending: no rekey step, no refresh. */
static bool once_done(const struct agent *a)
{
	return !a->resync && !a->retry_at && !a->switch_at && !a->retire_at &&
	       !a->refresh_at;
}

/* Wait for the next event or due step and handle it.  The stop signals
 * stay blocked except inside ppoll(), so none is lost between the check
 * of stop_signal and the wait.
 */
static int agent_step(struct agent *a, const sigset_t *wait_mask)
{
	struct pollfd pfd = { mnl_socket_get_fd(a->ev.sock), POLLIN, 0 };
	int timeout = next_timeout(a);
	struct timespec ts;
	int ret, err;

	ts.tv_sec = timeout / 1000;
	ts.tv_nsec = (long)(timeout % 1000) * 1000000;
	ret = ppoll(&pfd, 1, timeout < 0 ? NULL : &ts, wait_mask);
	if (ret < 0 && errno != EINTR)
		return -errno;
	if (ret > 0) {
		err = events_read(a);
		if (err) {
			report(&a->ev, err, "cannot read linkauth events");
			return err;
		}
	}
	if (a->refresh_at && now_ms() >= a->refresh_at + REFRESH_MS)
		a->resync = true;
	if (a->retry_at && now_ms() >= a->retry_at)
		a->resync = true;
	err = a->resync ? reconcile(a) : run_due(a, false);
	a->retry_at = err ? now_ms() + RETRY_MS : 0;
	/* "once" reports the first error instead of trying again. */
	return a->once ? err : 0;
}

/* Follow events until SIGTERM or SIGINT, or for "once" until done. */
static int agent_run(struct agent *a, const sigset_t *wait_mask)
{
	int err;

	err = reconcile(a);
	if (err)
		return err;
	while (!stop_signal && !(a->once && once_done(a))) {
		if (a->once && now_ms() >= a->deadline) {
			fprintf(stderr, "linkauthctl: no new session with the peer on %s after %d s: check \"linkauthctl peers %s\"\n",
				a->dev, ONCE_MS / 1000, a->dev);
			return -ETIMEDOUT;
		}
		err = agent_step(a, wait_mask);
		if (err)
			return err;
	}
	return 0;
}

static int agent_open(struct agent *a, const struct macsec_args *args)
{
	unsigned int group;
	int err;

	memset(a, 0, sizeof(*a));
	a->ifindex = args->ifindex;
	a->dev = args->dev;
	a->once = args->once;
	a->deadline = args->once ? now_ms() + ONCE_MS : 0;
	memcpy(a->name, args->name, sizeof(a->name));
	err = genl_open(&a->la);
	if (err)
		return err;
	err = macsec_nl_open(&a->ms);
	if (err) {
		fprintf(stderr, "linkauthctl: cannot open netlink sockets: %s\n",
			strerror(-err));
		return err;
	}

	/* Join before the first pass, so no event falls in between. */
	err = genl_open(&a->ev);
	if (err)
		return err;
	group = a->ev.events_group;
	if (!group) {
		fputs("linkauthctl: the linkauth module has no \"events\" group: update it\n",
		      stderr);
		return -ENOENT;
	}
	if (mnl_socket_setsockopt(a->ev.sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0) {
		err = -errno;
		report(&a->ev, err, "cannot join the linkauth events");
		return err;
	}
	return 0;
}

static void agent_close(struct agent *a)
{
	genl_close(&a->ev);
	genl_close(&a->la);
	macsec_nl_close(&a->ms);
}

static void stop_handler(int sig)
{
	stop_signal = sig;
}

/* Block SIGTERM and SIGINT outside ppoll(); @wait_mask unblocks them. */
static void signals_setup(sigset_t *wait_mask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_handler;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGTERM);
	sigdelset(wait_mask, SIGINT);
}

int cmd_macsec(int argc, char **argv)
{
	struct macsec_args args;
	sigset_t wait_mask;
	struct agent a;
	int err;

	err = macsec_parse(argc, argv, &args);
	if (err)
		return err;
	signals_setup(&wait_mask);
	err = agent_open(&a, &args);
	if (err) {
		agent_close(&a);
		return err;
	}
	/*
	 * The SAs stay when the agent stops: deleting them would lose their
	 * packet numbers, and the next agent finds and keeps them.
	 */
	err = agent_run(&a, &wait_mask);
	agent_close(&a);
	return err;
}
