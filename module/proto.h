/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire format of linkauth frames and messages.  docs/protocol.md describes
 * the same layout for implementers of other stacks.
 */
#ifndef _LINKAUTH_PROTO_H
#define _LINKAUTH_PROTO_H

#include <linux/types.h>
#include <linux/if_ether.h>

#define LINKAUTH_PROTO_VERSION	1

/* Largest reassembled message: four 4096-bit RSA certificates plus room. */
#define LINKAUTH_MSG_MAX	16384
#define LINKAUTH_NONCE_LEN	32
#define LINKAUTH_CONFIRM_LEN	32
#define LINKAUTH_CHAIN_MAX	4
#define LINKAUTH_LIST_MAX	8	/* entries in one offer list */

enum linkauth_msg_type {
	LINKAUTH_MSG_HELLO = 1,
	LINKAUTH_MSG_RESPONSE = 2,
	LINKAUTH_MSG_FINISH = 3,
	LINKAUTH_MSG_ACK = 4,
	LINKAUTH_MSG_ERROR = 5,
	LINKAUTH_MSG_DEAUTH = 6,
};

/* Sits after the Ethernet header in every frame, all fields big endian. */
struct linkauth_frame_hdr {
	u8 version;
	u8 type;		/* enum linkauth_msg_type */
	__be16 msg_len;		/* length of the reassembled message body */
	__be32 session;		/* chosen by the initiator, never zero */
	__be16 frag_off;	/* where this fragment's bytes start */
	__be16 frag_len;	/* bytes of body that follow this header */
} __packed;

enum linkauth_tlv_type {
	LINKAUTH_TLV_NONCE = 1,		/* 32 bytes */
	LINKAUTH_TLV_OFFER = 2,		/* struct layout in docs/protocol.md */
	LINKAUTH_TLV_SELECT = 3,
	LINKAUTH_TLV_CERT = 4,		/* DER, repeated, leaf first */
	LINKAUTH_TLV_KEY_SHARE = 5,	/* __be16 group, public key */
	LINKAUTH_TLV_SIGNATURE = 6,	/* __be16 sigalg, signature */
	LINKAUTH_TLV_CONFIRM = 7,	/* 32 bytes HMAC-SHA256 */
	LINKAUTH_TLV_ERROR = 8,		/* __be16 enum linkauth_error */
	LINKAUTH_TLV_GENERATION = 9,	/* __be32 sender's session count */
};

/* Both sides' capabilities and requirements, as sent in an OFFER TLV. */
struct linkauth_offer {
	u32 policy;			/* LINKAUTH_POLICY_* */
	u8 n_sigalgs, n_groups, n_suites;
	u16 sigalgs[LINKAUTH_LIST_MAX];	/* in order of preference */
	u16 groups[LINKAUTH_LIST_MAX];
	u16 suites[LINKAUTH_LIST_MAX];
};

/* The responder's choice from the initiator's offer. */
struct linkauth_select {
	u32 policy;
	u16 sigalg, group, suite;
};

struct linkauth_blob {
	const u8 *data;
	u16 len;
};

/* A parsed message; pointers refer into the reassembled body. */
struct linkauth_msg {
	u8 type;
	u32 session;
	const u8 *nonce;			/* LINKAUTH_NONCE_LEN bytes */
	bool has_offer, has_select;
	struct linkauth_offer offer;
	struct linkauth_select select;
	u8 n_certs;
	struct linkauth_blob certs[LINKAUTH_CHAIN_MAX];
	u16 share_group;
	struct linkauth_blob share;
	u16 sigalg;
	struct linkauth_blob signature;
	size_t signed_len;		/* body bytes before SIGNATURE TLV */
	const u8 *confirm;		/* LINKAUTH_CONFIRM_LEN bytes */
	size_t confirmed_len;		/* body bytes before CONFIRM TLV */
	u16 error;
	u32 generation;
};

/*
 * Message body under construction.  It grows as TLVs are added, up to
 * LINKAUTH_MSG_MAX bytes; past that, or when growing fails, err is set and
 * later additions are ignored.
 */
struct linkauth_msg_buf {
	u8 *data;
	size_t len;
	size_t cap;			/* bytes allocated at data */
	gfp_t gfp;			/* for growing data */
	int err;			/* sticky: first error while adding */
};

int linkauth_msg_buf_init(struct linkauth_msg_buf *buf, size_t cap, gfp_t gfp);
void linkauth_msg_buf_free(struct linkauth_msg_buf *buf);
void linkauth_msg_put_tlv(struct linkauth_msg_buf *buf, u16 type,
			  const void *data, size_t len);
void linkauth_msg_put_offer(struct linkauth_msg_buf *buf,
			    const struct linkauth_offer *offer);
void linkauth_msg_put_select(struct linkauth_msg_buf *buf,
			     const struct linkauth_select *sel);
void linkauth_msg_put_prefixed(struct linkauth_msg_buf *buf, u16 type,
			       u16 prefix, const void *data, size_t len);

/*
 * Parse @body (@len bytes) of a message of @type.  Checks that every TLV
 * the type requires is present once, that no TLV repeats (except CERT), and
 * that SIGNATURE and CONFIRM come last.  Returns 0 or -EBADMSG.
 */
int linkauth_msg_parse(u8 type, const u8 *body, size_t len,
		       struct linkauth_msg *msg);

/* Reassembly of one message from fragments that may repeat or reorder. */
struct linkauth_reasm {
	u8 type;
	u32 session;
	u16 msg_len;
	u16 received;			/* bytes of msg_len seen so far */
	u8 *body;
	unsigned long *seen;		/* bitmap, one bit per body byte */
};

void linkauth_reasm_init(struct linkauth_reasm *r);
void linkauth_reasm_free(struct linkauth_reasm *r);
/*
 * Add one fragment.  Returns 1 when the message is complete, 0 when more
 * fragments are needed, -EBADMSG for a fragment that contradicts earlier
 * ones (other length, overlap with other bytes, out of range), -ENOMEM.
 * A fragment of another type or session restarts reassembly, and so does
 * any fragment after a complete message: the caller must be done with
 * r->body before it adds the next fragment.
 */
int linkauth_reasm_add(struct linkauth_reasm *r,
		       const struct linkauth_frame_hdr *hdr,
		       const u8 *payload, gfp_t gfp);
/* Validate a frame header against the bytes that follow it. */
int linkauth_frame_hdr_check(const struct linkauth_frame_hdr *hdr,
			     size_t payload_len);

/* Offer negotiation: the first of the initiator's preferences the responder
 * also lists.  Returns 0 or -ENOENT when a list has no common entry.
 */
int linkauth_offer_select(const struct linkauth_offer *init,
			  const struct linkauth_offer *resp,
			  struct linkauth_select *sel);

#endif /* _LINKAUTH_PROTO_H */
