/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OID catalogue (one table), the request pool, NDIS length rules and
 * the adapter-level handlers. Queries marked cached read only the adapter's
 * cached state and may run on any thread; everything else calls ethdev and
 * runs on the control thread.
 */
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mempool.h>
#include <rte_version.h>

#include "dps_adapter.h"
#include "dps_log.h"
#include "dps_oid.h"
#include "dps_status.h"

DPS_LOG_REGISTER(oid, INFO);

#define Q DPS_OID_OP_QUERY
#define S DPS_OID_OP_SET

static int query_cached(struct dps_adapter *a, struct dps_oid_request *req);
static int query_stats(struct dps_adapter *a, struct dps_oid_request *req);
static int rss_query(struct dps_adapter *a, struct dps_oid_request *req);
static int rss_set(struct dps_adapter *a, struct dps_oid_request *req);
static int set_adapter(struct dps_adapter *a, struct dps_oid_request *req);

/*
 * code, name, ops, min length, cached query, port change, stops the port,
 * client may set, query handler, set handler. NULL handlers: per binding
 * (packet filter, multicast list, VLAN id) or run by lib/ctrl (remove).
 */
static const struct dps_oid_info catalogue[] = {
	{OID_GEN_SUPPORTED_LIST, "OID_GEN_SUPPORTED_LIST", Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_HARDWARE_STATUS, "OID_GEN_HARDWARE_STATUS", Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_MEDIA_SUPPORTED, "OID_GEN_MEDIA_SUPPORTED", Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_MEDIA_IN_USE, "OID_GEN_MEDIA_IN_USE", Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_MAXIMUM_FRAME_SIZE, "OID_GEN_MAXIMUM_FRAME_SIZE",
		Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_LINK_SPEED, "OID_GEN_LINK_SPEED", Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_VENDOR_DESCRIPTION, "OID_GEN_VENDOR_DESCRIPTION",
		Q, 1, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_CURRENT_PACKET_FILTER, "OID_GEN_CURRENT_PACKET_FILTER",
		Q | S, 4, 1, 0, 0, 1, NULL, NULL},
	{OID_GEN_DRIVER_VERSION, "OID_GEN_DRIVER_VERSION", Q, 2, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_MAXIMUM_TOTAL_SIZE, "OID_GEN_MAXIMUM_TOTAL_SIZE",
		Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_MEDIA_CONNECT_STATUS, "OID_GEN_MEDIA_CONNECT_STATUS",
		Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_RECEIVE_SCALE_CAPABILITIES, "OID_GEN_RECEIVE_SCALE_CAPABILITIES",
		Q, sizeof(struct dps_oid_rss_caps), 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_RECEIVE_SCALE_PARAMETERS, "OID_GEN_RECEIVE_SCALE_PARAMETERS",
		Q | S, sizeof(struct dps_oid_rss_params), 0, 0, 0, 0, rss_query, rss_set},
	{OID_GEN_LINK_STATE, "OID_GEN_LINK_STATE",
		Q, sizeof(struct dps_oid_link_state), 1, 0, 0, 0, query_cached, NULL},
	{OID_GEN_VLAN_ID, "OID_GEN_VLAN_ID", Q | S, 4, 1, 0, 0, 0, NULL, NULL},
	{OID_GEN_XMIT_OK, "OID_GEN_XMIT_OK", Q, 4, 0, 0, 0, 0, query_stats, NULL},
	{OID_GEN_RCV_OK, "OID_GEN_RCV_OK", Q, 4, 0, 0, 0, 0, query_stats, NULL},
	{OID_GEN_XMIT_ERROR, "OID_GEN_XMIT_ERROR", Q, 4, 0, 0, 0, 0, query_stats, NULL},
	{OID_GEN_RCV_ERROR, "OID_GEN_RCV_ERROR", Q, 4, 0, 0, 0, 0, query_stats, NULL},
	{OID_GEN_RCV_NO_BUFFER, "OID_GEN_RCV_NO_BUFFER", Q, 4, 0, 0, 0, 0, query_stats, NULL},
	{OID_GEN_STATISTICS, "OID_GEN_STATISTICS",
		Q, sizeof(struct dps_oid_statistics), 0, 0, 0, 0, query_stats, NULL},
	{OID_802_3_PERMANENT_ADDRESS, "OID_802_3_PERMANENT_ADDRESS",
		Q, 6, 1, 0, 0, 0, query_cached, NULL},
	{OID_802_3_CURRENT_ADDRESS, "OID_802_3_CURRENT_ADDRESS",
		Q, 6, 1, 0, 0, 0, query_cached, NULL},
	{OID_802_3_MULTICAST_LIST, "OID_802_3_MULTICAST_LIST", Q | S, 0, 1, 0, 0, 1, NULL, NULL},
	{OID_802_3_MAXIMUM_LIST_SIZE, "OID_802_3_MAXIMUM_LIST_SIZE",
		Q, 4, 1, 0, 0, 0, query_cached, NULL},
	{OID_DPS_MTU, "OID_DPS_MTU", Q | S, 4, 1, 1, 0, 1, query_cached, set_adapter},
	{OID_DPS_MAC_ADDRESS, "OID_DPS_MAC_ADDRESS",
		Q | S, 6, 1, 1, 0, 0, query_cached, set_adapter},
	{OID_DPS_ADMIN_STATE, "OID_DPS_ADMIN_STATE",
		Q | S, 4, 1, 1, 0, 1, query_cached, set_adapter},
	{OID_DPS_QUEUE_STATS, "OID_DPS_QUEUE_STATS",
		Q, sizeof(struct dps_oid_queue_stats), 0, 0, 0, 0, query_stats, NULL},
	{OID_DPS_RX_QUEUES, "OID_DPS_RX_QUEUES", Q | S, 4, 1, 1, 1, 0, query_cached, set_adapter},
	{OID_DPS_ADAPTER_REMOVE, "OID_DPS_ADAPTER_REMOVE", S, 4, 0, 0, 0, 0, NULL, NULL},
};

#undef Q
#undef S

#define N_CATALOGUE (sizeof(catalogue) / sizeof(catalogue[0]))

const struct dps_oid_info *
dps_oid_lookup(dps_oid_t oid)
{
	for (unsigned int i = 0; i < N_CATALOGUE; i++)
		if (catalogue[i].oid == oid)
			return &catalogue[i];
	return NULL;
}

const struct dps_oid_info *
dps_oid_lookup_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (unsigned int i = 0; i < N_CATALOGUE; i++)
		if (strcmp(catalogue[i].name, name) == 0)
			return &catalogue[i];
	return NULL;
}

const struct dps_oid_info *
dps_oid_catalogue(unsigned int *n)
{
	if (n != NULL)
		*n = N_CATALOGUE;
	return catalogue;
}

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
	req->state = DPS_OID_REQ_NEW;
	return req;
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
dps_oid_validate(struct dps_oid_request *req, const struct dps_oid_info **infop)
{
	const struct dps_oid_info *info;
	uint8_t op;

	if (req == NULL)
		return DPS_E_INVALID_PARAMETER;
	req->bytes_needed = 0;
	req->bytes_read = 0;
	req->bytes_written = 0;
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
	if (req->buf_len > DPS_OID_BUF_MAX)
		return req->status = DPS_E_INVALID_PARAMETER;
	info = dps_oid_lookup(req->oid);
	if (info == NULL || (info->ops & op) == 0)
		return req->status = DPS_E_NOT_SUPPORTED;
	if (req->buf_len < info->min_len) {
		req->bytes_needed = info->min_len;
		return req->status = req->type == DPS_OID_QUERY ? DPS_E_BUFFER_TOO_SHORT
								: DPS_E_INVALID_LENGTH;
	}
	if (infop != NULL)
		*infop = info;
	return DPS_OK;
}

/* ---- handlers ---- */

/* Write @p len bytes of answer, clipped to the buffer (NDIS rules). */
static int
answer(struct dps_oid_request *req, const void *data, uint32_t len)
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

static int
answer_u32(struct dps_oid_request *req, uint32_t v)
{
	return answer(req, &v, sizeof(v));
}

/* NDIS statistics OIDs answer 32 bits into a 4-byte buffer, else 64. */
static int
answer_counter(struct dps_oid_request *req, uint64_t v)
{
	if (req->buf_len < sizeof(uint64_t))
		return answer_u32(req, (uint32_t)v);
	return answer(req, &v, sizeof(v));
}

static uint32_t
get_u32(const struct dps_oid_request *req)
{
	uint32_t v;

	memcpy(&v, req->buf, sizeof(v));
	return v;
}

static int
query_cached(struct dps_adapter *a, struct dps_oid_request *req)
{
	int up = atomic_load(&a->link_up);
	uint32_t speed = atomic_load(&a->link_speed);

	switch (req->oid) {
	case OID_GEN_SUPPORTED_LIST: {
		uint32_t list[N_CATALOGUE];

		for (unsigned int i = 0; i < N_CATALOGUE; i++)
			list[i] = catalogue[i].oid;
		return answer(req, list, sizeof(list));
	}
	case OID_GEN_HARDWARE_STATUS:
		return answer_u32(req, DPS_HARDWARE_STATUS_READY);
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		return answer_u32(req, DPS_MEDIUM_802_3);
	case OID_GEN_MAXIMUM_FRAME_SIZE:
	case OID_DPS_MTU:
		return answer_u32(req, a->mtu);
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		return answer_u32(req, (uint32_t)a->mtu + RTE_ETHER_HDR_LEN);
	case OID_GEN_LINK_SPEED:
		/* NDIS: units of 100 bit/s */
		return answer_u32(req, speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : speed * 10000u);
	case OID_GEN_MEDIA_CONNECT_STATUS:
		return answer_u32(req, up ? DPS_MEDIA_CONNECTED : DPS_MEDIA_DISCONNECTED);
	case OID_GEN_LINK_STATE: {
		struct dps_oid_link_state ls = {
			.media_connect_state = up ? 1 : 2,
			.duplex = 2,
			.xmit_link_speed = (uint64_t)speed * 1000000u,
			.rcv_link_speed = (uint64_t)speed * 1000000u,
		};

		if (speed == RTE_ETH_SPEED_NUM_UNKNOWN)
			ls.xmit_link_speed = ls.rcv_link_speed = 0;
		return answer(req, &ls, sizeof(ls));
	}
	case OID_GEN_VENDOR_DESCRIPTION:
		return answer(req, a->driver, (uint32_t)strlen(a->driver) + 1);
	case OID_GEN_DRIVER_VERSION: {
		uint16_t v = (uint16_t)(RTE_VER_YEAR << 8 | RTE_VER_MONTH);

		return answer(req, &v, sizeof(v));
	}
	case OID_802_3_PERMANENT_ADDRESS:
		return answer(req, &a->perm_mac, RTE_ETHER_ADDR_LEN);
	case OID_802_3_CURRENT_ADDRESS:
	case OID_DPS_MAC_ADDRESS:
		return answer(req, &a->mac, RTE_ETHER_ADDR_LEN);
	case OID_802_3_MAXIMUM_LIST_SIZE:
		return answer_u32(req, DPS_MAX_MCAST_LIST);
	case OID_GEN_RECEIVE_SCALE_CAPABILITIES: {
		struct dps_oid_rss_caps c;

		memset(&c, 0, sizeof(c)); /* no padding bytes leave the process */
		c.nb_rx_queues_max = a->max_rx_queues;
		c.reta_size = a->reta_size;
		c.hash_key_size = a->hash_key_size;
		c.hash_functions = a->rss_offloads;

		return answer(req, &c, sizeof(c));
	}
	case OID_DPS_ADMIN_STATE:
		return answer_u32(req, (uint32_t)atomic_load(&a->admin_up));
	case OID_DPS_RX_QUEUES:
		return answer_u32(req, a->nb_rxq);
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

static int
query_stats(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct rte_eth_stats st;
	int rc = rte_eth_stats_get(a->port_id, &st);

	if (rc != 0)
		return dps_status_from_errno(rc);
	switch (req->oid) {
	case OID_GEN_XMIT_OK:
		return answer_counter(req, st.opackets);
	case OID_GEN_RCV_OK:
		return answer_counter(req, st.ipackets);
	case OID_GEN_XMIT_ERROR:
		return answer_counter(req, st.oerrors);
	case OID_GEN_RCV_ERROR:
		return answer_counter(req, st.ierrors);
	case OID_GEN_RCV_NO_BUFFER:
		return answer_counter(req, st.rx_nombuf);
	case OID_GEN_STATISTICS: {
		struct dps_oid_statistics s = {
			.rcv_ok = st.ipackets,
			.xmit_ok = st.opackets,
			.rcv_bytes = st.ibytes,
			.xmit_bytes = st.obytes,
			.rcv_error = st.ierrors,
			.xmit_error = st.oerrors,
			.rcv_discards = st.imissed,
			.rcv_no_buffer = st.rx_nombuf,
		};

		return answer(req, &s, sizeof(s));
	}
	case OID_DPS_QUEUE_STATS: {
		struct dps_oid_queue_stats q[RTE_ETHDEV_QUEUE_STAT_CNTRS];
		unsigned int n = RTE_MIN(a->nb_rxq, (uint16_t)RTE_ETHDEV_QUEUE_STAT_CNTRS);
		uint32_t room = req->buf_len / sizeof(q[0]);

		for (unsigned int i = 0; i < n; i++) {
			q[i].ipackets = st.q_ipackets[i];
			q[i].opackets = st.q_opackets[i];
			q[i].ibytes = st.q_ibytes[i];
			q[i].obytes = st.q_obytes[i];
			q[i].errors = st.q_errors[i];
		}
		if (room < n) {
			req->bytes_needed = (uint32_t)(n * sizeof(q[0]));
			return DPS_E_BUFFER_TOO_SHORT;
		}
		return answer(req, q, (uint32_t)(n * sizeof(q[0])));
	}
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

static int
rss_query(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct dps_oid_rss_params p;
	struct rte_eth_rss_conf conf;
	int rc;

	memset(&p, 0, sizeof(p));
	memset(&conf, 0, sizeof(conf));
	conf.rss_key = p.key;
	conf.rss_key_len = sizeof(p.key);
	rc = rte_eth_dev_rss_hash_conf_get(a->port_id, &conf);
	if (rc != 0)
		return dps_status_from_errno(rc);
	p.hash_functions = conf.rss_hf;
	p.nb_rx_queues = a->nb_rxq;
	p.key_len = conf.rss_key_len;
	return answer(req, &p, sizeof(p));
}

static int
rss_set(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct dps_oid_rss_params p;
	struct rte_eth_rss_conf conf;
	int rc;

	memcpy(&p, req->buf, sizeof(p));
	if (p.key_len > sizeof(p.key) || (p.hash_functions & ~a->rss_offloads) != 0)
		return DPS_E_INVALID_DATA;
	memset(&conf, 0, sizeof(conf));
	conf.rss_hf = p.hash_functions;
	conf.rss_key = p.key_len ? p.key : NULL;
	conf.rss_key_len = (uint8_t)p.key_len;
	rc = rte_eth_dev_rss_hash_update(a->port_id, &conf);
	if (rc != 0)
		return dps_status_from_errno(rc);
	a->rss_hf = p.hash_functions;
	req->bytes_read = sizeof(p);
	return DPS_OK;
}

static int
set_adapter(struct dps_adapter *a, struct dps_oid_request *req)
{
	int rc;

	switch (req->oid) {
	case OID_DPS_MTU: {
		uint32_t mtu = get_u32(req);

		if (mtu > UINT16_MAX)
			return DPS_E_INVALID_DATA;
		rc = dps_adapter_set_mtu(a, (uint16_t)mtu);
		if (rc == DPS_E_INVALID_PARAMETER)
			rc = DPS_E_INVALID_DATA;
		break;
	}
	case OID_DPS_MAC_ADDRESS: {
		struct rte_ether_addr mac;

		memcpy(&mac, req->buf, sizeof(mac));
		rc = dps_adapter_set_mac(a, &mac);
		if (rc == DPS_E_INVALID_PARAMETER)
			rc = DPS_E_INVALID_DATA;
		req->bytes_read = rc == DPS_OK ? RTE_ETHER_ADDR_LEN : 0;
		return rc;
	}
	case OID_DPS_ADMIN_STATE: {
		uint32_t v = get_u32(req);

		if (v > 1)
			return DPS_E_INVALID_DATA;
		rc = dps_adapter_set_admin(a, (int)v);
		break;
	}
	case OID_GEN_RECEIVE_SCALE_PARAMETERS:
		return rss_set(a, req);
	case OID_DPS_RX_QUEUES: {
		uint32_t n = get_u32(req);

		if (n == 0 || n > UINT16_MAX)
			return DPS_E_INVALID_DATA;
		rc = dps_adapter_set_rx_queues(a, (uint16_t)n);
		if (rc == DPS_E_INVALID_PARAMETER)
			rc = DPS_E_INVALID_DATA;
		break;
	}
	default:
		return DPS_E_NOT_SUPPORTED;
	}
	req->bytes_read = rc == DPS_OK ? sizeof(uint32_t) : 0;
	return rc;
}

int
dps_oid_execute(struct dps_adapter *a, struct dps_oid_request *req)
{
	const struct dps_oid_info *info;
	int rc;

	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = dps_oid_validate(req, &info);
	if (rc != DPS_OK)
		return rc;
	if (req->type == DPS_OID_QUERY)
		rc = info->query != NULL ? info->query(a, req) : DPS_E_NOT_SUPPORTED;
	else
		rc = info->set != NULL ? info->set(a, req) : DPS_E_NOT_SUPPORTED;
	req->status = rc;
	return rc;
}

int
dps_oid_format(const struct dps_oid_request *req, char *out, size_t len)
{
	const struct dps_oid_info *info;
	uint32_t n;

	if (req == NULL || out == NULL || len == 0)
		return DPS_E_INVALID_PARAMETER;
	info = dps_oid_lookup(req->oid);
	n = req->bytes_written;
	if (info == NULL)
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
