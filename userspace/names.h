/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the UAPI enums and flags, and strict parsers for command line
 * values.  Parsers return 0 or -EINVAL and print nothing, so callers can
 * name the argument in their own message.
 */
#ifndef LINKAUTHCTL_NAMES_H
#define LINKAUTHCTL_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CA_ID_LEN 32

/* A list of names; the index of a name is its enum value or bit number. */
struct name_table {
	const char *const *names;
	unsigned int count;
};

extern const struct name_table suite_names;
extern const struct name_table group_names;
extern const struct name_table policy_names;
extern const struct name_table error_names;
extern const struct name_table peer_state_names;

/* Return the name of @value, or NULL when the table has none. */
const char *name_lookup(const struct name_table *table, unsigned int value);
/* Parse "a,b,c" into a mask of BIT(index).  Empty lists are rejected. */
int parse_name_list(const struct name_table *table, const char *text,
		    uint32_t *mask);
/* Comma-separated names of the bits in @mask, unknown bits as numbers. */
void format_name_list(const struct name_table *table, uint32_t mask,
		      char *buf, size_t size);

const char *role_name(unsigned int role);
const char *event_name(unsigned int cmd);

/* "aa:bb:cc:dd:ee:ff", exactly two hex digits per byte. */
int parse_mac(const char *text, uint8_t mac[6]);
/* A MAC address that can name one peer: not zero, not multicast. */
bool mac_is_unicast(const uint8_t mac[6]);
/* Decimal only, no sign, no trailing characters, at most @max. */
int parse_u32(const char *text, uint32_t max, uint32_t *value);
/* Exactly 2 * @len hex digits. */
int parse_hex(const char *text, uint8_t *buf, size_t len);
/* "on" or "off". */
int parse_on_off(const char *text, bool *value);

#endif
