/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The request pool, validation (once, at submission: NDIS length rules
 * against the catalogue) and formatting of values. The catalogue itself is
 * dps_oid_catalogue.c; the handlers oid_adapter.c and oid_binding.c;
 * submission and running oid_submit.c.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_ether.h>
#include <rte_mempool.h>

#include "dps_log.h"
#include "dps_status.h"
#include "oid_private.h"

DPS_LOG_REGISTER(oid, INFO);

/* ---- request pool ---- */

static struct rte_mempool *req_pool;

int
dps_oid_pool_init(unsigned int n)
{
	if (req_pool != NULL)
		return DPS_E_INVALID_STATE;
	if (n == 0)
		return DPS_E_INVALID_PARAMETER;
	req_pool = rte_mempool_create("dps_oid_req", n, sizeof(struct dps_oid_request),
		n >= 128 ? 32 : 0, 0, NULL, NULL, NULL, NULL, SOCKET_ID_ANY, 0);
	return req_pool == NULL ? DPS_E_RESOURCES : DPS_OK;
}

unsigned int
dps_oid_pool_fini(void)
{
	unsigned int missing;

	if (req_pool == NULL)
		return 0;
	missing = req_pool->size - rte_mempool_avail_count(req_pool);
	if (missing != 0)
		DPS_LOG(ERR, oid, "%u OID request(s) not given back", missing);
	rte_mempool_free(req_pool);
	req_pool = NULL;
	return missing;
}

unsigned int
dps_oid_pool_free_count(void)
{
	return req_pool == NULL ? 0 : rte_mempool_avail_count(req_pool);
}

struct dps_oid_request *
dps_oid_request_alloc(void)
{
	struct dps_oid_request *req;

	if (req_pool == NULL || rte_mempool_get(req_pool, (void **)&req) != 0)
		return NULL;
	memset(req, 0, offsetof(struct dps_oid_request, buf));
	req->reason[0] = '\0';
	req->state = DPS_OID_REQ_NEW;
	return req;
}

void
dps__oid_why(struct dps_oid_request *req, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(req->reason, sizeof(req->reason), fmt, ap);
	va_end(ap);
}

void
dps_oid_request_free(struct dps_oid_request *req)
{
	if (req == NULL || req_pool == NULL)
		return;
	req->state = DPS_OID_REQ_FREE;
	rte_mempool_put(req_pool, req);
}

/* ---- validation ---- */

int
dps__oid_validate(struct dps_oid_request *req)
{
	const struct dps_oid_info *info;
	uint32_t need, least;
	uint8_t op;

	if (req == NULL)
		return DPS_E_INVALID_PARAMETER;
	req->info = NULL;
	req->bytes_needed = 0;
	req->bytes_read = 0;
	req->bytes_written = 0;
	req->reason[0] = '\0';
	switch (req->type) {
	case DPS_OID_QUERY:
		op = DPS_OID_OP_QUERY;
		break;
	case DPS_OID_SET:
		op = DPS_OID_OP_SET;
		break;
	case DPS_OID_METHOD:
		op = DPS_OID_OP_METHOD;
		break;
	default:
		return req->status = DPS_E_INVALID_PARAMETER;
	}
	if (req->buf_len > DPS_OID_BUF_MAX) {
		dps__oid_why(req, "buffer of %u bytes: at most %u", req->buf_len, DPS_OID_BUF_MAX);
		return req->status = DPS_E_INVALID_PARAMETER;
	}
	info = dps_oid_lookup(req->oid);
	if (info == NULL) {
		dps__oid_why(req, "unknown OID 0x%08x", req->oid);
		return req->status = DPS_E_NOT_SUPPORTED;
	}
	if ((info->ops & op) == 0) {
		dps__oid_why(req, "%s cannot be %s", info->name,
			op == DPS_OID_OP_SET	 ? "set (query only)"
			: op == DPS_OID_OP_QUERY ? "queried"
						 : "used as a method");
		return req->status = DPS_E_NOT_SUPPORTED;
	}
	if (req->type == DPS_OID_QUERY) {
		/* fixed-size answers: say their size before asking anyone */
		need = info->query_size;
		least = info->value == DPS_OID_VALUE_COUNTER ? sizeof(uint32_t) : need;
		if (need != 0 && req->buf_len < least) {
			req->bytes_needed = need;
			dps__oid_why(req, "%s needs a buffer of %u bytes", info->name, need);
			return req->status = DPS_E_BUFFER_TOO_SHORT;
		}
	} else if (req->buf_len < info->set_size) {
		req->bytes_needed = info->set_size;
		dps__oid_why(
			req, "%s takes %u bytes, got %u", info->name, info->set_size, req->buf_len);
		return req->status = DPS_E_INVALID_LENGTH;
	}
	req->info = info;
	return DPS_OK;
}

/* ---- formatting ---- */

int
dps_oid_format(const struct dps_oid_request *req, char *out, size_t len)
{
	uint32_t n;

	if (req == NULL || out == NULL || len == 0)
		return DPS_E_INVALID_PARAMETER;
	n = req->bytes_written;
	if (dps_oid_lookup(req->oid) == NULL)
		return DPS_E_NOT_SUPPORTED;
	switch (req->oid) {
	case OID_802_3_CURRENT_ADDRESS:
	case OID_802_3_PERMANENT_ADDRESS:
	case OID_DPS_MAC_ADDRESS:
		if (n < 6)
			break;
		snprintf(out, len, RTE_ETHER_ADDR_PRT_FMT,
			RTE_ETHER_ADDR_BYTES((const struct rte_ether_addr *)req->buf));
		return DPS_OK;
	case OID_GEN_VENDOR_DESCRIPTION:
		snprintf(out, len, "%.*s", (int)n, (const char *)req->buf);
		return DPS_OK;
	case OID_GEN_DRIVER_VERSION:
		if (n < 2)
			break;
		snprintf(out, len, "0x%04x", (unsigned int)(req->buf[0] | req->buf[1] << 8));
		return DPS_OK;
	default:
		if (n == 4) {
			uint32_t v;

			memcpy(&v, req->buf, 4);
			snprintf(out, len, "%u", v);
			return DPS_OK;
		}
		if (n == 8) {
			uint64_t v;

			memcpy(&v, req->buf, 8);
			snprintf(out, len, "%" PRIu64, v);
			return DPS_OK;
		}
		break;
	}
	/* anything else: hex bytes */
	out[0] = '\0';
	for (uint32_t i = 0, off = 0; i < n && off + 3 < len; i++, off += 2)
		snprintf(out + off, len - off, "%02x", req->buf[i]);
	return DPS_OK;
}
