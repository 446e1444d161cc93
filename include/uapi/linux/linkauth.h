/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * linkauth: link-layer mutual authentication of two network devices.
 *
 * The module authenticates the device at the other end of a link with X.509
 * device certificates signed by a CA, then derives keys for MACsec.  It is
 * driven through the generic netlink family LINKAUTH_GENL_NAME.  All state is
 * per network namespace, and every command that changes state requires
 * CAP_NET_ADMIN in the user namespace that owns the network namespace.
 *
 * Commands
 * --------
 * LINKAUTH_CMD_CA_ADD: add a trusted CA certificate.
 *	Requires LINKAUTH_A_CA_CERT, one DER X.509 v3 certificate whose
 *	basicConstraints has cA set.  Replies with LINKAUTH_A_CA_ID.
 * LINKAUTH_CMD_CA_DEL: remove a CA.  Requires LINKAUTH_A_CA_ID.
 * LINKAUTH_CMD_CA_GET: dump the CAs: LINKAUTH_A_CA_ID, LINKAUTH_A_CA_SUBJECT,
 *	LINKAUTH_A_CA_NOT_AFTER.
 * LINKAUTH_CMD_IDENTITY_SET: set the identity of a link.  Requires
 *	LINKAUTH_A_IFINDEX, one or more LINKAUTH_A_ID_CERT (leaf first, then
 *	intermediates), and LINKAUTH_A_ID_KEY, the PKCS#8 DER private key.  The
 *	module moves the key into its own keyring, from which no process can
 *	read it or sign with it.  The leaf's MAC address must equal the link's
 *	permanent (or, without one, current) address.
 * LINKAUTH_CMD_IDENTITY_GET: LINKAUTH_A_IFINDEX in, the identity out:
 *	LINKAUTH_A_ID_SUBJECT, LINKAUTH_A_ID_MAC, LINKAUTH_A_ID_NOT_AFTER,
 *	LINKAUTH_A_ID_KEY_SERIAL.  Never the key itself.
 * LINKAUTH_CMD_LINK_SET: enable or change linkauth on a link.  Requires
 *	LINKAUTH_A_IFINDEX; optional LINKAUTH_A_LINK_ENABLED,
 *	LINKAUTH_A_LINK_SUITES, LINKAUTH_A_LINK_GROUPS, LINKAUTH_A_LINK_POLICY,
 *	LINKAUTH_A_LINK_REKEY_SEC, LINKAUTH_A_LINK_AUTO.
 * LINKAUTH_CMD_LINK_GET: one link (with LINKAUTH_A_IFINDEX) or a dump of all
 *	links, with their policy and LINKAUTH_A_LINK_STATS.
 * LINKAUTH_CMD_AUTH: start a handshake on LINKAUTH_A_IFINDEX, to
 *	LINKAUTH_A_PEER_MAC or, without it, to the discovery group address.
 * LINKAUTH_CMD_PEER_GET: dump the peers of every link, or of
 *	LINKAUTH_A_IFINDEX: one nested LINKAUTH_A_PEER per message.  While a
 *	discovery is running, its HELLO appears as a peer with the group
 *	address 01:80:c2:00:00:03.
 * LINKAUTH_CMD_PEER_DEL: deauthenticate LINKAUTH_A_PEER_MAC on
 *	LINKAUTH_A_IFINDEX.
 * LINKAUTH_CMD_SA_GET: dump the MACsec session keys of authenticated peers
 *	(LINKAUTH_A_PEER with LINKAUTH_PEER_A_SAK and LINKAUTH_PEER_A_SALT).
 *	Requires CAP_NET_ADMIN even to read.
 *
 * Events (multicast group LINKAUTH_MCGRP_EVENTS), one LINKAUTH_A_PEER each:
 * LINKAUTH_CMD_EV_AUTHENTICATED, LINKAUTH_CMD_EV_FAILED (with
 * LINKAUTH_PEER_A_LAST_ERROR), LINKAUTH_CMD_EV_REKEYED,
 * LINKAUTH_CMD_EV_EXPIRED, LINKAUTH_CMD_EV_PEER_LOST.
 */
#ifndef _UAPI_LINUX_LINKAUTH_H
#define _UAPI_LINUX_LINKAUTH_H

#define LINKAUTH_GENL_NAME		"linkauth"
#define LINKAUTH_GENL_VERSION		1
#define LINKAUTH_MCGRP_EVENTS		"events"

/* IEEE 802 local experimental EtherType, the default of the module
 * parameter "ethertype".
 */
#define LINKAUTH_ETHERTYPE		0x88B5

enum linkauth_cmd {
	LINKAUTH_CMD_UNSPEC,
	LINKAUTH_CMD_CA_ADD,
	LINKAUTH_CMD_CA_DEL,
	LINKAUTH_CMD_CA_GET,
	LINKAUTH_CMD_IDENTITY_SET,
	LINKAUTH_CMD_IDENTITY_GET,
	LINKAUTH_CMD_LINK_SET,
	LINKAUTH_CMD_LINK_GET,
	LINKAUTH_CMD_AUTH,
	LINKAUTH_CMD_PEER_GET,
	LINKAUTH_CMD_PEER_DEL,
	LINKAUTH_CMD_SA_GET,
	LINKAUTH_CMD_EV_AUTHENTICATED,
	LINKAUTH_CMD_EV_FAILED,
	LINKAUTH_CMD_EV_REKEYED,
	LINKAUTH_CMD_EV_EXPIRED,
	LINKAUTH_CMD_EV_PEER_LOST,
	__LINKAUTH_CMD_MAX
};

#define LINKAUTH_CMD_MAX (__LINKAUTH_CMD_MAX - 1)

enum linkauth_attr {
	LINKAUTH_A_UNSPEC,
	LINKAUTH_A_IFINDEX,		/* u32 */
	LINKAUTH_A_IFNAME,		/* string, in replies */
	LINKAUTH_A_CA_CERT,		/* binary, DER certificate */
	LINKAUTH_A_CA_ID,		/* binary, SHA-256 of the DER (32) */
	LINKAUTH_A_CA_SUBJECT,		/* string */
	LINKAUTH_A_CA_NOT_AFTER,	/* s64, seconds since the epoch */
	LINKAUTH_A_ID_CERT,		/* binary, DER; repeated, leaf first */
	LINKAUTH_A_ID_KEY,		/* binary, PKCS#8 DER private key */
	LINKAUTH_A_ID_SUBJECT,		/* string */
	LINKAUTH_A_ID_MAC,		/* binary, 6 bytes */
	LINKAUTH_A_ID_NOT_AFTER,	/* s64 */
	LINKAUTH_A_ID_KEY_SERIAL,	/* s32, the key in the module keyring */
	LINKAUTH_A_LINK_ENABLED,	/* u8, 0 or 1 */
	LINKAUTH_A_LINK_SUITES,		/* u32, mask of BIT(linkauth_suite) */
	LINKAUTH_A_LINK_GROUPS,		/* u32, mask of BIT(linkauth_group) */
	LINKAUTH_A_LINK_POLICY,		/* u32, LINKAUTH_POLICY_* flags */
	LINKAUTH_A_LINK_REKEY_SEC,	/* u32, 0 disables rekey */
	LINKAUTH_A_LINK_AUTO,		/* u8, authenticate on link up */
	LINKAUTH_A_LINK_STATS,		/* nest, linkauth_stat_attr */
	LINKAUTH_A_PEER_MAC,		/* binary, 6 bytes */
	LINKAUTH_A_PEER,		/* nest, linkauth_peer_attr */
	LINKAUTH_A_PAD,
	__LINKAUTH_A_MAX
};

#define LINKAUTH_A_MAX (__LINKAUTH_A_MAX - 1)

enum linkauth_peer_attr {
	LINKAUTH_PEER_A_UNSPEC,
	LINKAUTH_PEER_A_IFINDEX,	/* u32 */
	LINKAUTH_PEER_A_MAC,		/* binary, 6 bytes */
	LINKAUTH_PEER_A_STATE,		/* u8, enum linkauth_peer_state */
	LINKAUTH_PEER_A_ROLE,		/* u8, 0 none yet, 1 initiator,
					 * 2 responder
					 */
	LINKAUTH_PEER_A_SUBJECT,	/* string */
	LINKAUTH_PEER_A_ISSUER,		/* string */
	LINKAUTH_PEER_A_SERIAL,		/* binary, certificate serial number */
	LINKAUTH_PEER_A_SUITE,		/* u16, enum linkauth_suite */
	LINKAUTH_PEER_A_GROUP,		/* u16, enum linkauth_group */
	LINKAUTH_PEER_A_ESTABLISHED,	/* s64, seconds since the epoch */
	LINKAUTH_PEER_A_LAST_ERROR,	/* u16, enum linkauth_error */
	LINKAUTH_PEER_A_HANDSHAKES,	/* u64, completed handshakes */
	LINKAUTH_PEER_A_FAILURES,	/* u64, failed handshakes */
	LINKAUTH_PEER_A_SAK,		/* binary, 16 or 32; SA_GET only */
	LINKAUTH_PEER_A_SALT,		/* binary, 12; SA_GET only */
	LINKAUTH_PEER_A_SSCI,		/* u32, our XPN short SCI */
	LINKAUTH_PEER_A_KEY_ID,		/* binary, 16, the MACsec key id */
	LINKAUTH_PEER_A_GENERATION,	/* u32, increments on every rekey */
	LINKAUTH_PEER_A_PAD,
	__LINKAUTH_PEER_A_MAX
};

#define LINKAUTH_PEER_A_MAX (__LINKAUTH_PEER_A_MAX - 1)

enum linkauth_stat_attr {
	LINKAUTH_STAT_A_UNSPEC,
	LINKAUTH_STAT_A_RX_FRAMES,	/* u64, every attribute below too */
	LINKAUTH_STAT_A_TX_FRAMES,
	LINKAUTH_STAT_A_RX_DROP_MALFORMED,
	LINKAUTH_STAT_A_RX_DROP_QUEUE_FULL,
	LINKAUTH_STAT_A_RX_DROP_NO_SESSION,
	LINKAUTH_STAT_A_RX_DROP_PORT,
	LINKAUTH_STAT_A_HS_STARTED,
	LINKAUTH_STAT_A_HS_SUCCEEDED,
	LINKAUTH_STAT_A_HS_FAILED,
	LINKAUTH_STAT_A_FAIL_BY_ERROR,	/* nest: u64 per enum linkauth_error,
					 * the attribute type is the code
					 */
	LINKAUTH_STAT_A_PAD,
	LINKAUTH_STAT_A_RX_DROP_RATE_LIMIT,	/* HELLOs over the limit */
	LINKAUTH_STAT_A_RX_DROP_TABLE_FULL,	/* HELLOs, peer table full */
	__LINKAUTH_STAT_A_MAX
};

#define LINKAUTH_STAT_A_MAX (__LINKAUTH_STAT_A_MAX - 1)

enum linkauth_peer_state {
	LINKAUTH_PEER_IDLE,
	LINKAUTH_PEER_HELLO_SENT,	/* initiator waits for RESPONSE */
	LINKAUTH_PEER_RESPONSE_SENT,	/* responder waits for FINISH */
	LINKAUTH_PEER_FINISH_SENT,	/* initiator waits for ACK */
	LINKAUTH_PEER_AUTHENTICATED,
	LINKAUTH_PEER_FAILED,
	__LINKAUTH_PEER_STATE_MAX
};

/* Reason a handshake failed, also sent in ERROR messages. */
enum linkauth_error {
	LINKAUTH_ERR_NONE,
	LINKAUTH_ERR_MALFORMED,		/* a message could not be parsed */
	LINKAUTH_ERR_UNKNOWN_CA,	/* chain does not lead to a loaded CA */
	LINKAUTH_ERR_BAD_CHAIN,		/* bad CA signature or constraints */
	LINKAUTH_ERR_EXPIRED,		/* a certificate's notAfter passed */
	LINKAUTH_ERR_NOT_YET_VALID,	/* a certificate's notBefore ahead */
	LINKAUTH_ERR_KEY_USAGE,		/* leaf may not sign, or CA may not */
	LINKAUTH_ERR_MAC_MISMATCH,	/* cert MAC is not the sender's MAC */
	LINKAUTH_ERR_BAD_SIGNATURE,	/* challenge signature does not verify */
	LINKAUTH_ERR_BAD_CONFIRM,	/* key confirmation does not verify */
	LINKAUTH_ERR_NO_COMMON_SUITE,	/* offers do not intersect */
	LINKAUTH_ERR_DOWNGRADE,		/* selection differs from the offers */
	LINKAUTH_ERR_UNSUPPORTED_ALGO,	/* the kernel lacks an algorithm */
	LINKAUTH_ERR_TIMEOUT,		/* no answer after every retry */
	LINKAUTH_ERR_NO_IDENTITY,	/* this link has no certificate/key */
	LINKAUTH_ERR_PEER_REJECTED,	/* the peer sent an ERROR message */
	LINKAUTH_ERR_INTERNAL,		/* out of memory or a crypto error */
	__LINKAUTH_ERR_MAX
};

/* MACsec cipher suites, by IEEE 802.1AE name. */
enum linkauth_suite {
	LINKAUTH_SUITE_GCM_AES_128,
	LINKAUTH_SUITE_GCM_AES_256,
	LINKAUTH_SUITE_GCM_AES_XPN_128,
	LINKAUTH_SUITE_GCM_AES_XPN_256,
	__LINKAUTH_SUITE_MAX
};

/* Ephemeral key agreement groups. */
enum linkauth_group {
	LINKAUTH_GROUP_X25519,
	LINKAUTH_GROUP_P256,
	__LINKAUTH_GROUP_MAX
};

/* Signature algorithms for the challenge signatures. */
enum linkauth_sigalg {
	LINKAUTH_SIGALG_RSA_PKCS1_SHA256,
	__LINKAUTH_SIGALG_MAX
};

/* Link policy flags. */
#define LINKAUTH_POLICY_MUTUAL		(1U << 0) /* both sides must sign */
#define LINKAUTH_POLICY_ENCRYPT		(1U << 1) /* MACsec must encrypt */
#define LINKAUTH_POLICY_PORT_CONTROL	(1U << 2) /* drop unauth ingress */

#endif /* _UAPI_LINUX_LINKAUTH_H */
