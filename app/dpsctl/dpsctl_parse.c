/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl's value parsers: MAC addresses, hex bytes, numbers, EtherTypes,
 * seconds. They depend on nothing else of dpsctl; the command line
 * (dpsctl_args.c) and the OID values (dpsctl_oid.c) use them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dpsctl_parse.h"

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
dpsctl_parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		int hi, lo;

		hi = hexval((unsigned char)s[0]);
		lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
		if (hi < 0 || lo < 0)
			return -1;
		mac[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
		if (i < 5 && *s++ != ':')
			return -1;
	}
	return *s == '\0' ? 0 : -1;
}

int
dpsctl_parse_hex(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = strlen(s);

	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval((unsigned char)s[2 * i]), lo = hexval((unsigned char)s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	*len = n / 2;
	return 0;
}

/* decimal or 0x-hex, no sign, no spaces, fits in 32 bits */
int
dpsctl_parse_u32(const char *s, uint32_t *v)
{
	unsigned long long x;
	char *end;
	int base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)s[0]) || (base == 10 && !isdigit((unsigned char)s[0])))
		return -1;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno != 0 || *end != '\0' || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

int
dpsctl_parse_ethertype(const char *s, uint16_t *type)
{
	uint32_t v;

	if (dpsctl_parse_u32(s, &v) != 0 || v < 0x0600 || v > 0xffff)
		return -1;
	*type = (uint16_t)v;
	return 0;
}

/* SEC: digits with an optional fraction (at most 3 digits), 0..2000000 */
int
dpsctl_parse_seconds(const char *s, uint32_t *ms)
{
	uint64_t whole = 0, frac = 0;
	int digits = 0, fd = 0;

	for (; isdigit((unsigned char)*s); s++, digits++) {
		whole = whole * 10 + (uint64_t)(*s - '0');
		if (whole > 2000000)
			return -1;
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++, fd++) {
			if (fd >= 3)
				return -1;
			frac = frac * 10 + (uint64_t)(*s - '0');
		}
		if (fd == 0)
			return -1;
		for (int i = fd; i < 3; i++)
			frac *= 10;
	}
	if (digits == 0 || *s != '\0')
		return -1;
	*ms = (uint32_t)(whole * 1000 + frac);
	return 0;
}
