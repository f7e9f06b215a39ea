/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CONFIG_KEYS_H
#define DPS_CONFIG_KEYS_H

/**
 * @file
 * Configuration keys of a protocol (SDK): the schema a protocol declares
 * for its [protocol NAME] section (struct dps_config_key, in its
 * descriptor) and the accessors it reads its values with at bind time.
 * The loader (lib/config, stack-internal) validates every key before the
 * stack starts: a protocol reads values that are already in range.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DPS_CONFIG_MAX_ADDRS 8	  /**< addresses per adapter */
#define DPS_CONFIG_IPV4_STRLEN 19 /**< "255.255.255.255/32" + NUL */

/** Type of a protocol key. */
enum dps_config_key_type {
	DPS_CFG_U32,	/**< decimal 0..4294967295 within [min, max] */
	DPS_CFG_BOOL,	/**< yes/no, true/false, on/off, 1/0 (any case) */
	DPS_CFG_STRING, /**< text; length within [min, max] bytes, max 0 = up to 254 */
};

/**
 * One key of a protocol's schema. A schema's key array ends with an entry
 * whose name is NULL. "bind" is reserved.
 */
struct dps_config_key {
	const char *name; /**< [a-z0-9_], 1..31 chars */
	enum dps_config_key_type type;
	uint32_t min, max; /**< value range (U32) or length range (STRING) */
	const char *dflt;  /**< default as text; required for U32 and BOOL */
	const char *help;  /**< one line for users; may be NULL */
};

/** An IPv4 address with its prefix length. */
struct dps_config_ipv4 {
	uint32_t addr;	    /**< network byte order */
	uint8_t prefix_len; /**< 1..32 */
};

/** A [protocol NAME] section of the loaded configuration (opaque to protocols). */
struct dps_config_protocol;

/**
 * Value of a U32 key of a protocol: the one in the file, else the schema's
 * default.
 *
 * @param p a protocol of a loaded configuration.
 * @param key the key name.
 * @param out output; unchanged on failure.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER for a NULL argument, a protocol
 *         without schema, or a key that is not U32; DPS_E_NOT_FOUND for a
 *         key that is not in the schema.
 * Level: any.
 */
int dps_config_proto_u32(const struct dps_config_protocol *p, const char *key, uint32_t *out);

/**
 * Value of a BOOL key of a protocol (1 or 0), given or default.
 *
 * @return as dps_config_proto_u32() (INVALID_PARAMETER for a key that is
 *         not BOOL). Level: any.
 */
int dps_config_proto_bool(const struct dps_config_protocol *p, const char *key, int *out);

/**
 * Value of a STRING key of a protocol, given or default ("" if the schema
 * has none). The string lives in @p p.
 *
 * @return as dps_config_proto_u32() (INVALID_PARAMETER for a key that is
 *         not STRING). Level: any.
 */
int dps_config_proto_string(const struct dps_config_protocol *p, const char *key, const char **out);

/**
 * Format an address as "A.B.C.D/P".
 *
 * @param a the address.
 * @param buf output; DPS_CONFIG_IPV4_STRLEN bytes always suffice.
 * @param len size of @p buf.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER for NULL; DPS_E_BUFFER_TOO_SHORT
 *         if it does not fit (buf then holds "" when len > 0).
 * Level: any.
 */
int dps_config_format_ipv4(const struct dps_config_ipv4 *a, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* DPS_CONFIG_KEYS_H */
