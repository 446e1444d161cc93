/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One set of print calls for both output formats.  In text mode, each
 * call prints its value through a printf format, or nothing when the
 * format is NULL.  In JSON mode, it prints "key":value and ignores the
 * format.  A NULL key marks an array element.
 */
#ifndef LINKAUTHCTL_OUTPUT_H
#define LINKAUTHCTL_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void output_init(FILE *stream, bool json);
bool output_is_json(void);
/* Flush the stream; monitor calls it after every event. */
void output_flush(void);

void open_object(const char *key);
void close_object(void);
void open_array(const char *key);
void close_array(void);
/* Text-only output, such as line breaks and indentation. */
void print_text(const char *text);

void print_string(const char *key, const char *fmt, const char *value);
void print_u64(const char *key, const char *fmt, uint64_t value);
void print_s64(const char *key, const char *fmt, int64_t value);
/* true or false in JSON, "on" or "off" in text. */
void print_bool(const char *key, const char *fmt, bool value);
/* Bytes as lowercase hex digits, with @sep between bytes when not 0. */
void print_hex(const char *key, const char *fmt, const uint8_t *data,
	       size_t len, char sep);
void print_mac(const char *key, const char *fmt, const uint8_t *mac);
/*
 * Seconds since the epoch: an integer in JSON, an ISO 8601 UTC time in
 * text.
 */
void print_time(const char *key, const char *fmt, int64_t seconds);

#endif
