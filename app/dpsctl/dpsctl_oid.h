/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_OID_H
#define DPSCTL_OID_H

/*
 * OIDs for dpsctl (dpsctl_oid.c): names and codes from lib/oid's catalogue
 * (dps_oid_catalogue.h, the table compiled in), values parsed and printed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dps_oid_catalogue.h"

/** By name ("OID_802_3_CURRENT_ADDRESS", any case), or by number ("0x01010102"). 0 / -1. */
int dpsctl_oid_parse(const char *s, uint32_t *code);
/** VALUE of "oid set": N | 0xN (4 bytes LE), MAC[,MAC...], hex:BYTES. 0 / -1. */
int dpsctl_value_parse(const char *s, uint8_t *out, size_t cap, uint32_t *len);
/** Print an OID's value: text (one line) or a JSON value (no newline). */
void dpsctl_oid_print(FILE *f, uint32_t code, const uint8_t *data, uint32_t len, int json);
/** "query", "set" or "query,set": what @p info allows. */
const char *dpsctl_oid_ops(const struct dps_oid_info *info);

/** Print @p s as a JSON string (quotes and escapes). */
void dpsctl_json_string(FILE *f, const char *s);

#endif
