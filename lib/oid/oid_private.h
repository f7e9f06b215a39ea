/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef OID_PRIVATE_H
#define OID_PRIVATE_H

/* Shared by the files of lib/oid only. */

#include <string.h>

#include "dps_oid_engine.h"

/* Write @p len bytes of answer, or say how many are needed (NDIS rules). */
static inline int
dps__oid_answer(struct dps_oid_request *req, const void *data, uint32_t len)
{
	if (req->buf_len < len) {
		req->bytes_needed = len;
		req->bytes_written = 0;
		return DPS_E_BUFFER_TOO_SHORT;
	}
	memcpy(req->buf, data, len);
	req->bytes_written = len;
	return DPS_OK;
}

static inline int
dps__oid_answer_u32(struct dps_oid_request *req, uint32_t v)
{
	return dps__oid_answer(req, &v, sizeof(v));
}

static inline uint32_t
dps__oid_get_u32(const struct dps_oid_request *req)
{
	uint32_t v;

	memcpy(&v, req->buf, sizeof(v));
	return v;
}

/* Fill req->reason (printf format). */
void dps__oid_why(struct dps_oid_request *req, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* oid_adapter.c: the adapter's cached state and ethdev */
int dps__oid_query_cached(struct dps_adapter *a, struct dps_oid_request *req);
int dps__oid_query_stats(struct dps_adapter *a, struct dps_oid_request *req);
int dps__oid_query_rss(struct dps_adapter *a, struct dps_oid_request *req);
int dps__oid_set_adapter(struct dps_adapter *a, struct dps_oid_request *req);
/* Check an adapter-wide set before anything is paused: @return DPS_OK (go
 * on), a failure (req->reason says why), or DPS_OID_UNCHANGED (the value is
 * the current one: the request is complete, nothing to do). */
#define DPS_OID_UNCHANGED 1
int dps__oid_check_adapter_set(struct dps_adapter *a, struct dps_oid_request *req);

/* oid_binding.c: one binding's packet filter, multicast list, VLAN id
 * (@p b NULL: the adapter's, for adapter-level queries) */
int dps__oid_query_binding(
	struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req);
int dps__oid_set_binding(struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req);

#endif /* OID_PRIVATE_H */
