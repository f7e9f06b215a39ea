/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_TELEMETRY_PRIVATE_H
#define DPS_TELEMETRY_PRIVATE_H

/*
 * Shared by the files of lib/telemetry (and its unit test); no other module
 * includes this.
 */

#include <stddef.h>
#include <stdint.h>

#include <rte_mempool.h>
#include <rte_telemetry.h>

#include "dps_log.h"
#include "dps_object.h"
#include "dps_oid.h"

DPS_LOG_EXTERN(telemetry);

/* Longest id parameter (adapter name or port, protocol name) accepted. */
#define DPS__TEL_ID_MAX 63
/* Longest value string a reply carries: RTE_TEL_MAX_STRING_LEN with its NUL. */
#define DPS__TEL_STR_MAX (RTE_TEL_MAX_STRING_LEN - 1)
/* How long a command waits for the control thread (ms). */
#define DPS__TEL_CTRL_TIMEOUT_MS 1000u
/* How long /dpstack/oid waits for its request (ms). */
#define DPS__TEL_OID_TIMEOUT_MS 1000u
/* Reference tag of a telemetry thread on an adapter or binding object. */
#define DPS__TEL_TAG DPS_TAG("Tlmy")

/* Most entries of each list a reply shows; beyond, "truncated" says so. */
#define DPS__TEL_MAX_ADAPTERS 64
#define DPS__TEL_MAX_PROTOCOLS 32
#define DPS__TEL_MAX_BINDINGS 256
#define DPS__TEL_MAX_WORKERS 64
#define DPS__TEL_MAX_WORKER_RXQ 64

/* One command: its name, handler and help. */
struct dps__tel_cmd {
	const char *name;
	int (*fn)(const char *params, struct rte_tel_data *d);
	const char *help;
};

/* The command table; @p n its size. */
const struct dps__tel_cmd *dps__tel_commands(unsigned int *n);

/* The handlers (telemetry_stack.c, telemetry_query.c). */
int dps__tel_info(const char *params, struct rte_tel_data *d);
int dps__tel_adapters(const char *params, struct rte_tel_data *d);
int dps__tel_adapter(const char *params, struct rte_tel_data *d);
int dps__tel_protocols(const char *params, struct rte_tel_data *d);
int dps__tel_bindings(const char *params, struct rte_tel_data *d);
int dps__tel_binding(const char *params, struct rte_tel_data *d);
int dps__tel_workers(const char *params, struct rte_tel_data *d);
int dps__tel_requests(const char *params, struct rte_tel_data *d);
int dps__tel_clients(const char *params, struct rte_tel_data *d);
/*
 * A protocol's own command (desc->telemetry_cmd): the binding of @p desc on
 * the adapter named by @p params, kept alive while the hook fills @p d.
 */
struct dps_protocol_desc;
int dps__tel_proto_cmd(
	const struct dps_protocol_desc *desc, const char *params, struct rte_tel_data *d);
int dps__tel_oid(const char *params, struct rte_tel_data *d);

/* ---- replies (dps_telemetry.c) ---- */

/*
 * Make @p d the error reply {"status": "<status name>", "error": "<reason>"}
 * (@p d must hold no container yet). @return 0, for the callback to return.
 */
int dps__tel_error(struct rte_tel_data *d, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Copy @p src for a reply: bytes outside printable ASCII become '?', and a
 * string longer than @p len - 1 is cut and ends in "..." (the marker).
 */
void dps__tel_clean(char *dst, size_t len, const char *src);

/* @p src as a dict key: characters outside [A-Za-z0-9_/] become '_'. */
void dps__tel_key(char *dst, size_t len, const char *src);

/* dict entries; strings cleaned and cut to DPS__TEL_STR_MAX. */
void dps__tel_str(struct rte_tel_data *d, const char *key, const char *val);
void dps__tel_u64(struct rte_tel_data *d, const char *key, uint64_t val);

/*
 * Add container @p c to dict @p d under @p key (@p d owns it then); on
 * failure @p c is freed. @return 0 or the negative rte_tel_data error.
 */
int dps__tel_add_container(struct rte_tel_data *d, const char *key, struct rte_tel_data *c);

/* Containers allocated before a reply is built, freed together on failure. */
struct dps__tel_pool {
	unsigned int n;
	struct rte_tel_data *c[2 * DPS__TEL_MAX_WORKERS + 4];
};
/* @return a new container, or NULL (pool or memory exhausted). */
struct rte_tel_data *dps__tel_alloc(struct dps__tel_pool *p);
/* Free every container of @p p (those not handed to a reply). */
void dps__tel_pool_free(struct dps__tel_pool *p);

/* ---- parameters (dps_telemetry.c) ---- */

/*
 * Every parser returns DPS_OK, or a failure status with one line in @p why
 * that names the problem (and quotes the input, cleaned and cut).
 */

/* A command that takes no parameter: @p params must be NULL or empty. */
int dps__tel_parse_none(const char *params, char *why, size_t whylen);

/*
 * One id (adapter name or port, protocol name): 1..DPS__TEL_ID_MAX printable
 * characters, none of them a space, ',' or '@'.
 * DPS_E_INVALID_PARAMETER (missing, empty, bad character, a second
 * parameter); DPS_E_INVALID_LENGTH (too long).
 */
int dps__tel_parse_id(const char *params, char *id, size_t idlen, char *why, size_t whylen);

/*
 * Is @p id a port number? @return 1 (all decimal digits: *port set),
 * 0 (not a number: a name), or DPS_E_INVALID_PARAMETER (digits, but not
 * below RTE_MAX_ETHPORTS).
 */
int dps__tel_parse_port(const char *id, uint16_t *port, char *why, size_t whylen);

/* "proto@adapter": two ids around exactly one '@'. */
int dps__tel_parse_binding(const char *params, char *proto, size_t plen, char *adapter, size_t alen,
	char *why, size_t whylen);

/*
 * "adapter,OID_NAME": an id, a ',', a name of the OID catalogue that may be
 * queried. DPS_E_NOT_SUPPORTED for an unknown OID or one that cannot be
 * queried (set-only), with *info set for the latter.
 */
int dps__tel_parse_oid(const char *params, char *adapter, size_t alen,
	const struct dps_oid_info **info, char *why, size_t whylen);

/* ---- lookups (telemetry_stack.c) ---- */

struct dps_adapter;

/*
 * The adapter named @p id, else the one on port @p id (all digits); an
 * adapter being removed is not found. On failure: NULL, *status and @p why
 * (DPS_E_NOT_FOUND, or DPS_E_INVALID_PARAMETER for a port out of range).
 * Level: the control thread (a dps_ctrl_call job).
 */
struct dps_adapter *dps__tel_find_adapter(const char *id, int *status, char *why, size_t whylen);

/* ---- /dpstack/info (dps_telemetry.c) ---- */

/* Seconds since dps_telemetry_init(). */
uint64_t dps__tel_uptime(void);
/* The configuration dpstack runs: --config FILE, or the embedded default. */
const char *dps__tel_config_source(void);
/** The pool dps_telemetry_set_mbuf_pool() named, or NULL. */
struct rte_mempool *dps__tel_mbuf_pool(void);

#endif /* DPS_TELEMETRY_PRIVATE_H */
