// SPDX-License-Identifier: GPL-2.0
/* Text and JSON output through the same calls; see output.h. */
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "output.h"

#define MAX_DEPTH 16

static FILE *out;
static bool json;
static int depth;
/* Whether the container at each depth still has no members. */
static bool empty[MAX_DEPTH];

void output_init(FILE *stream, bool use_json)
{
	out = stream;
	json = use_json;
	depth = 0;
	empty[0] = true;
}

bool output_is_json(void)
{
	return json;
}

void output_flush(void)
{
	fflush(out);
}

static void json_escape(const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* Start a JSON member: the comma before it, then its key if any. */
static void json_member(const char *key)
{
	if (!empty[depth])
		fputc(',', out);
	empty[depth] = false;
	if (key) {
		json_escape(key);
		fputc(':', out);
	}
}

static void json_open(const char *key, char bracket)
{
	json_member(key);
	fputc(bracket, out);
	if (depth < MAX_DEPTH - 1)
		depth++;
	empty[depth] = true;
}

static void json_close(char bracket)
{
	fputc(bracket, out);
	if (depth > 0)
		depth--;
	/* A finished top-level value ends its line, as in "ip -j". */
	if (depth == 0) {
		fputc('\n', out);
		empty[0] = true;
	}
}

void open_object(const char *key)
{
	if (json)
		json_open(key, '{');
}

void close_object(void)
{
	if (json)
		json_close('}');
}

void open_array(const char *key)
{
	if (json)
		json_open(key, '[');
}

void close_array(void)
{
	if (json)
		json_close(']');
}

void print_text(const char *text)
{
	if (!json)
		fputs(text, out);
}

void print_string(const char *key, const char *fmt, const char *value)
{
	if (json) {
		json_member(key);
		json_escape(value);
	} else if (fmt) {
		fprintf(out, fmt, value);
	}
}

void print_u64(const char *key, const char *fmt, uint64_t value)
{
	if (json) {
		json_member(key);
		fprintf(out, "%" PRIu64, value);
	} else if (fmt) {
		fprintf(out, fmt, value);
	}
}

void print_s64(const char *key, const char *fmt, int64_t value)
{
	if (json) {
		json_member(key);
		fprintf(out, "%" PRId64, value);
	} else if (fmt) {
		fprintf(out, fmt, value);
	}
}

void print_bool(const char *key, const char *fmt, bool value)
{
	if (json) {
		json_member(key);
		fputs(value ? "true" : "false", out);
	} else if (fmt) {
		fprintf(out, fmt, value ? "on" : "off");
	}
}

void print_hex(const char *key, const char *fmt, const uint8_t *data,
	       size_t len, char sep)
{
	char text[3 * 256 + 1];
	size_t i, pos = 0;

	if (len > 256)
		len = 256;
	for (i = 0; i < len; i++) {
		if (sep && i)
			text[pos++] = sep;
		pos += (size_t)snprintf(text + pos, sizeof(text) - pos,
					"%02x", data[i]);
	}
	text[pos] = '\0';
	print_string(key, fmt, text);
	/* The same buffer carries MACsec keys for "sa show". */
	explicit_bzero(text, sizeof(text));
}

void print_mac(const char *key, const char *fmt, const uint8_t *mac)
{
	print_hex(key, fmt, mac, 6, ':');
}

void print_time(const char *key, const char *fmt, int64_t seconds)
{
	char text[32];
	time_t t = (time_t)seconds;
	struct tm tm;

	if (json) {
		print_s64(key, NULL, seconds);
		return;
	}
	if (!gmtime_r(&t, &tm) ||
	    !strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(text, sizeof(text), "@%" PRId64, seconds);
	print_string(key, fmt, text);
}
