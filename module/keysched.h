/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINKAUTH_KEYSCHED_H
#define _LINKAUTH_KEYSCHED_H

#include "linkauth.h"

void linkauth_transcript_peek(const struct sha256_state *transcript,
			      const u8 *extra, size_t len,
			      u8 out[LINKAUTH_HASH_LEN]);
void linkauth_sig_digest(bool initiator, const u8 th[LINKAUTH_HASH_LEN],
			 u8 digest[LINKAUTH_HASH_LEN]);
int linkauth_keys_derive(struct linkauth_hs *hs, const u8 *z, size_t z_len,
			 const u8 th[LINKAUTH_HASH_LEN]);
int linkauth_confirm_compute(const u8 key[LINKAUTH_HASH_LEN],
			     const u8 th[LINKAUTH_HASH_LEN],
			     u8 out[LINKAUTH_CONFIRM_LEN]);
bool linkauth_confirm_check(const u8 key[LINKAUTH_HASH_LEN],
			    const u8 th[LINKAUTH_HASH_LEN], const u8 *got);

#endif /* _LINKAUTH_KEYSCHED_H */
