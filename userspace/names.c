// SPDX-License-Identifier: GPL-2.0
/* Names of UAPI values and parsers of command line values. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/linkauth.h>

#include "names.h"

#define TABLE(array) { array, sizeof(array) / sizeof(array[0]) }

/* Each array is indexed by the UAPI value it names. */
static const char *const suites[__LINKAUTH_SUITE_MAX] = {
	[LINKAUTH_SUITE_GCM_AES_128] = "gcm-aes-128",
	[LINKAUTH_SUITE_GCM_AES_256] = "gcm-aes-256",
	[LINKAUTH_SUITE_GCM_AES_XPN_128] = "gcm-aes-xpn-128",
	[LINKAUTH_SUITE_GCM_AES_XPN_256] = "gcm-aes-xpn-256",
};

static const char *const groups[__LINKAUTH_GROUP_MAX] = {
	[LINKAUTH_GROUP_X25519] = "x25519",
	[LINKAUTH_GROUP_P256] = "p256",
};

/* Bit numbers of the LINKAUTH_POLICY_* flags. */
static const char *const policies[] = {
	"mutual",
	"encrypt",
	"port-control",
};

static const char *const errors[__LINKAUTH_ERR_MAX] = {
	[LINKAUTH_ERR_NONE] = "none",
	[LINKAUTH_ERR_MALFORMED] = "malformed",
	[LINKAUTH_ERR_UNKNOWN_CA] = "unknown-ca",
	[LINKAUTH_ERR_BAD_CHAIN] = "bad-chain",
	[LINKAUTH_ERR_EXPIRED] = "expired",
	[LINKAUTH_ERR_NOT_YET_VALID] = "not-yet-valid",
	[LINKAUTH_ERR_KEY_USAGE] = "key-usage",
	[LINKAUTH_ERR_MAC_MISMATCH] = "mac-mismatch",
	[LINKAUTH_ERR_BAD_SIGNATURE] = "bad-signature",
	[LINKAUTH_ERR_BAD_CONFIRM] = "bad-confirm",
	[LINKAUTH_ERR_NO_COMMON_SUITE] = "no-common-suite",
	[LINKAUTH_ERR_DOWNGRADE] = "downgrade",
	[LINKAUTH_ERR_UNSUPPORTED_ALGO] = "unsupported-algorithm",
	[LINKAUTH_ERR_TIMEOUT] = "timeout",
	[LINKAUTH_ERR_NO_IDENTITY] = "no-identity",
	[LINKAUTH_ERR_PEER_REJECTED] = "peer-rejected",
	[LINKAUTH_ERR_INTERNAL] = "internal",
};

static const char *const peer_states[__LINKAUTH_PEER_STATE_MAX] = {
	[LINKAUTH_PEER_IDLE] = "idle",
	[LINKAUTH_PEER_HELLO_SENT] = "hello-sent",
	[LINKAUTH_PEER_RESPONSE_SENT] = "response-sent",
	[LINKAUTH_PEER_FINISH_SENT] = "finish-sent",
	[LINKAUTH_PEER_AUTHENTICATED] = "authenticated",
	[LINKAUTH_PEER_FAILED] = "failed",
};

const struct name_table suite_names = TABLE(suites);
const struct name_table group_names = TABLE(groups);
const struct name_table policy_names = TABLE(policies);
const struct name_table error_names = TABLE(errors);
const struct name_table peer_state_names = TABLE(peer_states);

const char *name_lookup(const struct name_table *table, unsigned int value)
{
	return value < table->count ? table->names[value] : NULL;
}

static int name_find(const struct name_table *table, const char *name,
		     size_t len)
{
	unsigned int i;

	for (i = 0; i < table->count; i++) {
		if (table->names[i] && strlen(table->names[i]) == len &&
		    !strncmp(table->names[i], name, len))
			return (int)i;
	}
	return -1;
}

int parse_name_list(const struct name_table *table, const char *text,
		    uint32_t *mask)
{
	const char *start = text, *end;
	int index;

	*mask = 0;
	do {
		end = strchrnul(start, ',');
		index = name_find(table, start, (size_t)(end - start));
		if (index < 0)
			return -EINVAL;
		*mask |= 1U << index;
		start = end + 1;
	} while (*end);
	return 0;
}

void format_name_list(const struct name_table *table, uint32_t mask,
		      char *buf, size_t size)
{
	const char *name;
	size_t pos = 0;
	unsigned int bit;

	buf[0] = '\0';
	for (bit = 0; bit < 32 && pos < size; bit++) {
		if (!(mask & (1U << bit)))
			continue;
		name = name_lookup(table, bit);
		if (name)
			pos += (size_t)snprintf(buf + pos, size - pos, "%s%s",
						pos ? "," : "", name);
		else
			pos += (size_t)snprintf(buf + pos, size - pos, "%s%u",
						pos ? "," : "", bit);
	}
}

const char *role_name(unsigned int role)
{
	switch (role) {
	case 1:
		return "initiator";
	case 2:
		return "responder";
	default:
		return "none";
	}
}

const char *event_name(unsigned int cmd)
{
	switch (cmd) {
	case LINKAUTH_CMD_EV_AUTHENTICATED:
		return "authenticated";
	case LINKAUTH_CMD_EV_FAILED:
		return "failed";
	case LINKAUTH_CMD_EV_REKEYED:
		return "rekeyed";
	case LINKAUTH_CMD_EV_EXPIRED:
		return "expired";
	case LINKAUTH_CMD_EV_PEER_LOST:
		return "peer-lost";
	default:
		return NULL;
	}
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int parse_hex_byte(const char *text, uint8_t *byte)
{
	int high = hex_value(text[0]), low;

	if (high < 0)
		return -EINVAL;
	low = hex_value(text[1]);
	if (low < 0)
		return -EINVAL;
	*byte = (uint8_t)(high << 4 | low);
	return 0;
}

int parse_mac(const char *text, uint8_t mac[6])
{
	int i;

	if (strlen(text) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (parse_hex_byte(text + 3 * i, &mac[i]))
			return -EINVAL;
		if (i < 5 && text[3 * i + 2] != ':')
			return -EINVAL;
	}
	return 0;
}

bool mac_is_unicast(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return !(mac[0] & 1) && memcmp(mac, zero, sizeof(zero));
}

int parse_u32(const char *text, uint32_t max, uint32_t *value)
{
	unsigned long long number;
	char *end;

	if (!isdigit((unsigned char)text[0]))
		return -EINVAL;
	errno = 0;
	number = strtoull(text, &end, 10);
	if (*end)
		return -EINVAL;
	if (errno || number > max)
		return -ERANGE;
	*value = (uint32_t)number;
	return 0;
}

int parse_hex(const char *text, uint8_t *buf, size_t len)
{
	size_t i;

	if (strlen(text) != 2 * len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (parse_hex_byte(text + 2 * i, &buf[i]))
			return -EINVAL;
	}
	return 0;
}

int parse_on_off(const char *text, bool *value)
{
	if (!strcmp(text, "on"))
		*value = true;
	else if (!strcmp(text, "off"))
		*value = false;
	else
		return -EINVAL;
	return 0;
}
