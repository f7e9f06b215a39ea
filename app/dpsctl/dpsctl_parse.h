/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPSCTL_PARSE_H
#define DPSCTL_PARSE_H

/* dpsctl's value parsers (dpsctl_parse.c): 0 on success, -1 on a bad string. */
#include <stddef.h>
#include <stdint.h>

/** aa:bb:cc:dd:ee:ff (hex digits of either case). */
int dpsctl_parse_mac(const char *s, uint8_t mac[6]);
/** An even number of hex digits, at most @p cap bytes; *@p len the bytes. */
int dpsctl_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len);
/** Decimal or 0x-hex, no sign, no spaces, fits in 32 bits. */
int dpsctl_parse_u32(const char *s, uint32_t *v);
/** 0x0600..0xffff. */
int dpsctl_parse_ethertype(const char *s, uint16_t *type);
/** Seconds with at most 3 decimals, 0..2000000, into milliseconds. */
int dpsctl_parse_seconds(const char *s, uint32_t *ms);

#endif
