/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal state of the linkauth module: per network namespace, per link
 * (a net_device with linkauth enabled) and per peer (a remote MAC address
 * on one link).
 *
 * Locking: each namespace's mutex (struct linkauth_net.lock) serialises
 * configuration, handshakes and timers, all of which run in process
 * context.  The receive path only looks links and peers up under RCU and
 * queues frames; it never takes the mutex.
 */
#ifndef _LINKAUTH_H
#define _LINKAUTH_H

#include <linux/atomic.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/if_ether.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <uapi/linux/linkauth.h>

#include "cert.h"
#include "crypto.h"
#include "proto.h"

#define LINKAUTH_RXQ_MAX	256	/* queued frames per namespace */
#define LINKAUTH_PEERS_MAX	4096	/* peers per link */
#define LINKAUTH_SAK_MAX	32
#define LINKAUTH_SALT_LEN	12
#define LINKAUTH_KEY_ID_LEN	16

extern unsigned int linkauth_net_id;
extern u16 linkauth_ethertype;
extern unsigned int linkauth_hs_timeout_ms;
extern struct workqueue_struct *linkauth_wq;

/* Counters of one link; also reported over netlink. */
struct linkauth_stats {
	atomic64_t rx_frames;
	atomic64_t tx_frames;
	atomic64_t rx_drop_malformed;
	atomic64_t rx_drop_queue_full;
	atomic64_t rx_drop_no_session;
	atomic64_t rx_drop_port;
	atomic64_t rx_drop_rate_limit;
	atomic64_t rx_drop_table_full;
	atomic64_t hs_started;
	atomic64_t hs_succeeded;
	atomic64_t hs_failed;
	atomic64_t fail_by_error[__LINKAUTH_ERR_MAX];
};

struct linkauth_net {
	struct net *net;
	struct mutex lock;			/* see the top of this file */
	struct linkauth_trust trust;
	DECLARE_HASHTABLE(links, 6);		/* by ifindex, RCU */
	struct sk_buff_head rxq;
	struct work_struct rx_work;
	bool dying;
};

/* A certificate chain and key that identify this end of a link. */
struct linkauth_identity {
	u8 *certs[LINKAUTH_CHAIN_MAX];
	u16 lens[LINKAUTH_CHAIN_MAX];
	int n_certs;
	struct key *key;
	struct linkauth_cert_info info;
};

struct linkauth_link {
	struct hlist_node node;			/* in linkauth_net.links */
	struct rcu_head rcu;
	struct linkauth_net *ln;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	int ifindex;

	bool enabled;
	bool auto_start;
	u32 suites;				/* BIT(enum linkauth_suite) */
	u32 groups;				/* BIT(enum linkauth_group) */
	u32 policy;				/* LINKAUTH_POLICY_* */
	u32 rekey_sec;

	struct linkauth_identity *id;
	DECLARE_HASHTABLE(peers, 8);		/* by MAC, RCU */
	unsigned int n_peers;
	bool mc_joined;				/* discovery group address */
	struct nf_hook_ops *port_hook;		/* set while port control is on */
	unsigned long hs_tokens_at;		/* responder rate limit */
	unsigned int hs_tokens;
	struct linkauth_stats stats;
};

/* Keys of an authenticated session, for the MACsec agent. */
struct linkauth_session {
	u16 suite;
	u16 group;
	u8 sak[LINKAUTH_SAK_MAX];
	u8 sak_len;
	u8 salt[LINKAUTH_SALT_LEN];
	u8 key_id[LINKAUTH_KEY_ID_LEN];
	u32 ssci;				/* ours; the peer's is 3 - ssci */
	u8 deauth_key[LINKAUTH_HASH_LEN];
	u32 generation;
	time64_t established;
};

/* An ongoing handshake with one peer; freed when it ends. */
struct linkauth_hs {
	u32 session;
	u8 role;				/* 1 initiator, 2 responder */
	u8 nonce_init[LINKAUTH_NONCE_LEN];
	u8 nonce_resp[LINKAUTH_NONCE_LEN];
	struct linkauth_offer offer;		/* ours, as sent */
	struct linkauth_select sel;
	struct linkauth_kex kex;
	bool kex_ready;
	struct sha256_state transcript;		/* of every message so far */
	u8 th_final[LINKAUTH_HASH_LEN];		/* through FINISH */
	u8 prk[LINKAUTH_HASH_LEN];
	struct linkauth_msg_buf sent;		/* last message, to resend */
	u8 sent_type;
	struct linkauth_reasm reasm;
	unsigned int retries;
	unsigned long next_event;		/* jiffies: resend or give up */
	unsigned long deadline;			/* jiffies: give up */
	struct key *peer_key;
	struct linkauth_cert_info peer_info;
	u8 confirm_init[LINKAUTH_HASH_LEN];	/* HMAC keys */
	u8 confirm_resp[LINKAUTH_HASH_LEN];
	struct linkauth_session next;		/* installed on success */
	u32 generation_sent;			/* in our HELLO or RESPONSE */
};

struct linkauth_peer {
	struct hlist_node node;			/* in linkauth_link.peers */
	struct rcu_head rcu;
	struct kref refcount;			/* table and queued timer */
	struct linkauth_net *ln;
	struct linkauth_link *link;		/* valid until dead is set */
	bool dead;
	u8 mac[ETH_ALEN];
	u8 state;				/* enum linkauth_peer_state */
	u8 role;
	bool authenticated;			/* a session is in force */
	u16 last_error;
	u64 handshakes;
	u64 failures;
	struct linkauth_hs *hs;
	struct linkauth_session session;
	struct linkauth_cert_info info;		/* of the authenticated peer */
	unsigned long rekey_at;			/* jiffies, 0 = never */
	unsigned long expire_at;		/* jiffies, 0 = never */
	unsigned long hello_at;			/* jiffies of the last HELLO */
	unsigned long idle_at;			/* jiffies: no session, no hs */
	struct delayed_work timer;
};

/* module/main.c */
struct linkauth_net *linkauth_net_get(const struct net *net);

/* module/link.c */
struct linkauth_link *linkauth_link_lookup_rcu(struct linkauth_net *ln,
					       int ifindex);
struct linkauth_link *linkauth_link_find(struct linkauth_net *ln,
					 int ifindex);
struct linkauth_link *linkauth_link_get_or_create(struct linkauth_net *ln,
						  struct net_device *dev);
void linkauth_link_destroy(struct linkauth_link *link);
void linkauth_link_identity_free(struct linkauth_identity *id);
void linkauth_link_local_mac(const struct linkauth_link *link,
			     u8 mac[ETH_ALEN]);

/* module/peer.c */
struct linkauth_peer *linkauth_peer_find(struct linkauth_link *link,
					 const u8 *mac);
struct linkauth_peer *linkauth_peer_lookup_rcu(struct linkauth_link *link,
					       const u8 *mac);
struct linkauth_peer *linkauth_peer_create(struct linkauth_link *link,
					   const u8 *mac);
void linkauth_peer_remove(struct linkauth_peer *peer, u8 event);
void linkauth_peer_put(struct linkauth_peer *peer);
void linkauth_peer_arm(struct linkauth_peer *peer, unsigned long when);

/* module/port.c */
int linkauth_port_update(struct linkauth_link *link);

/* module/handshake.c */
extern const u8 linkauth_discovery_addr[ETH_ALEN];
int linkauth_hs_start(struct linkauth_link *link, const u8 *mac);
void linkauth_hs_receive(struct linkauth_link *link, const u8 *src,
			 const struct linkauth_frame_hdr *hdr,
			 const u8 *payload);
void linkauth_hs_timer(struct linkauth_peer *peer);
void linkauth_hs_free(struct linkauth_hs *hs);
void linkauth_hs_deauth_all(struct linkauth_link *link, u8 event);
void linkauth_hs_deauth(struct linkauth_peer *peer);
void linkauth_hs_schedule_rekey(struct linkauth_peer *peer);

/* module/send.c and module/receive.c */
int linkauth_send_msg(struct linkauth_link *link, const u8 *dst, u8 type,
		      u32 session, const u8 *body, size_t len);
int linkauth_rx_init(void);
void linkauth_rx_exit(void);
void linkauth_rx_work(struct work_struct *work);

/* module/netlink.c */
int linkauth_genl_init(void);
void linkauth_genl_exit(void);
void linkauth_genl_event(struct linkauth_peer *peer, u8 cmd);

#endif /* _LINKAUTH_H */
