/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_JSON_H
#define DPSCTL_JSON_H

/*
 * A small JSON reader for what dpstack's telemetry answers (DPDK's
 * telemetry library writes it): objects, arrays, strings, numbers, true,
 * false, null. Nodes live in one arena; nothing to free but the arena.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum dpsctl_json_type {
	DPSCTL_JSON_NULL,
	DPSCTL_JSON_BOOL,
	DPSCTL_JSON_NUMBER,
	DPSCTL_JSON_STRING,
	DPSCTL_JSON_ARRAY,
	DPSCTL_JSON_OBJECT,
};

struct dpsctl_json {
	enum dpsctl_json_type type;
	const char *key;	  /* in an object: the member's name; else NULL */
	const char *str;	  /* STRING: the text, unescaped; NUMBER: as written */
	double num;		  /* NUMBER, BOOL (0/1) */
	struct dpsctl_json *kids; /* ARRAY, OBJECT: the first element */
	struct dpsctl_json *next; /* the next element of the parent */
	unsigned int n;		  /* ARRAY, OBJECT: number of elements */
};

/**
 * Parse @p text (@p len bytes). @return the root, or NULL on a syntax
 * error or when the arena (@p arena_len bytes) is too small.
 */
struct dpsctl_json *dpsctl_json_parse(const char *text, size_t len, void *arena, size_t arena_len);

/** The member @p key of object @p o, or NULL. */
const struct dpsctl_json *dpsctl_json_get(const struct dpsctl_json *o, const char *key);

/** A member's value as text ("" when absent); numbers as written. */
const char *dpsctl_json_text(const struct dpsctl_json *o, const char *key);

/** Write @p v as compact JSON. */
void dpsctl_json_write(FILE *f, const struct dpsctl_json *v);

/** Write @p s as a JSON string, quotes included. */
void dpsctl_json_write_string(FILE *f, const char *s);

#endif
