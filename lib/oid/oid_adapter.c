/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The adapter-level handlers: queries from the adapter's cached state (any
 * thread) or from ethdev, and sets through ethdev that update the cached
 * state (control thread). -ENOTSUP from ethdev is DPS_E_NOT_SUPPORTED.
 */
#include <rte_ethdev.h>
#include <rte_version.h>

#include "dps_adapter.h"
#include "dps_status.h"
#include "oid_private.h"

static int rss_set(struct dps_adapter *a, struct dps_oid_request *req);

/* NDIS statistics OIDs answer 32 bits into a 4-byte buffer, else 64. */
static int
answer_counter(struct dps_oid_request *req, uint64_t v)
{
	if (req->buf_len < sizeof(uint64_t))
		return dps__oid_answer_u32(req, (uint32_t)v);
	return dps__oid_answer(req, &v, sizeof(v));
}

int
dps__oid_query_cached(struct dps_adapter *a, struct dps_oid_request *req)
{
	int up = atomic_load(&a->link_up);
	uint32_t speed = atomic_load(&a->link_speed);

	switch (req->oid) {
	case OID_GEN_SUPPORTED_LIST: {
		unsigned int n;
		const struct dps_oid_info *cat = dps_oid_catalogue(&n);
		uint32_t list[DPS_OID_BUF_MAX / sizeof(uint32_t)];

		if (n > RTE_DIM(list))
			return DPS_E_RESOURCES; /* a catalogue longer than any answer */
		for (unsigned int i = 0; i < n; i++)
			list[i] = cat[i].oid;
		return dps__oid_answer(req, list, (uint32_t)(n * sizeof(list[0])));
	}
	case OID_GEN_HARDWARE_STATUS:
		return dps__oid_answer_u32(req, DPS_HARDWARE_STATUS_READY);
	case OID_GEN_MEDIA_SUPPORTED:
	case OID_GEN_MEDIA_IN_USE:
		return dps__oid_answer_u32(req, DPS_MEDIUM_802_3);
	case OID_GEN_MAXIMUM_FRAME_SIZE:
	case OID_DPS_MTU:
		return dps__oid_answer_u32(req, a->mtu);
	case OID_GEN_MAXIMUM_TOTAL_SIZE:
		return dps__oid_answer_u32(req, (uint32_t)a->mtu + RTE_ETHER_HDR_LEN);
	case OID_GEN_LINK_SPEED:
		/* NDIS: units of 100 bit/s */
		return dps__oid_answer_u32(
			req, speed == RTE_ETH_SPEED_NUM_UNKNOWN ? 0 : speed * 10000u);
	case OID_GEN_MEDIA_CONNECT_STATUS:
		return dps__oid_answer_u32(req, up ? DPS_MEDIA_CONNECTED : DPS_MEDIA_DISCONNECTED);
	case OID_GEN_LINK_STATE: {
		struct dps_oid_link_state ls = {
			.media_connect_state = up ? 1 : 2,
			.duplex = 2,
			.xmit_link_speed = (uint64_t)speed * 1000000u,
			.rcv_link_speed = (uint64_t)speed * 1000000u,
		};

		if (speed == RTE_ETH_SPEED_NUM_UNKNOWN)
			ls.xmit_link_speed = ls.rcv_link_speed = 0;
		return dps__oid_answer(req, &ls, sizeof(ls));
	}
	case OID_GEN_VENDOR_DESCRIPTION:
		return dps__oid_answer(req, a->driver, (uint32_t)strlen(a->driver) + 1);
	case OID_GEN_DRIVER_VERSION: {
		uint16_t v = (uint16_t)(RTE_VER_YEAR << 8 | RTE_VER_MONTH);

		return dps__oid_answer(req, &v, sizeof(v));
	}
	case OID_802_3_PERMANENT_ADDRESS:
		return dps__oid_answer(req, &a->perm_mac, RTE_ETHER_ADDR_LEN);
	case OID_802_3_CURRENT_ADDRESS:
	case OID_DPS_MAC_ADDRESS:
		return dps__oid_answer(req, &a->mac, RTE_ETHER_ADDR_LEN);
	case OID_802_3_MAXIMUM_LIST_SIZE:
		return dps__oid_answer_u32(req, DPS_MAX_MCAST_LIST);
	case OID_GEN_RECEIVE_SCALE_CAPABILITIES: {
		struct dps_oid_rss_caps c;

		memset(&c, 0, sizeof(c)); /* no padding bytes leave the process */
		c.nb_rx_queues_max = a->max_rx_queues;
		c.reta_size = a->reta_size;
		c.hash_key_size = a->hash_key_size;
		c.hash_functions = a->rss_offloads;

		return dps__oid_answer(req, &c, sizeof(c));
	}
	case OID_DPS_ADMIN_STATE:
		return dps__oid_answer_u32(req, (uint32_t)atomic_load(&a->admin_up));
	case OID_DPS_RX_QUEUES:
		return dps__oid_answer_u32(req, a->nb_rxq);
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

/*
 * A virtual adapter has no port: its statistics are the stack's counters of
 * it (frames delivered to it and sent from it; drops by reason summed).
 */
static int
virtual_stats(const struct dps_adapter *a, struct rte_eth_stats *st)
{
	struct dps_adapter_lcore_stats s;

	dps_adapter_stats(a, &s);
	memset(st, 0, sizeof(*st));
	st->ipackets = s.rx;
	st->opackets = s.tx;
	st->oerrors = s.tx_dropped;
	st->ierrors = s.rx_runt + s.rx_vlan_truncated + s.rx_too_many_vlans;
	st->imissed = s.rx_unclaimed + s.rx_filtered;
	return DPS_OK;
}

int
dps__oid_query_stats(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct rte_eth_stats st;
	int rc;

	if (dps_adapter_is_virtual(a)) {
		if (req->oid == OID_DPS_QUEUE_STATS)
			return DPS_E_NOT_SUPPORTED; /* no queues of its own */
		rc = virtual_stats(a, &st);
	} else {
		rc = rte_eth_stats_get(a->port_id, &st);
	}
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

		return dps__oid_answer(req, &s, sizeof(s));
	}
	case OID_DPS_QUEUE_STATS: {
		struct dps_oid_queue_stats q[RTE_ETHDEV_QUEUE_STAT_CNTRS];
		unsigned int n = RTE_MIN(a->nb_rxq, (uint16_t)RTE_ETHDEV_QUEUE_STAT_CNTRS);

		for (unsigned int i = 0; i < n; i++) {
			q[i].ipackets = st.q_ipackets[i];
			q[i].opackets = st.q_opackets[i];
			q[i].ibytes = st.q_ibytes[i];
			q[i].obytes = st.q_obytes[i];
			q[i].errors = st.q_errors[i];
		}
		return dps__oid_answer(req, q, (uint32_t)(n * sizeof(q[0])));
	}
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

int
dps__oid_query_rss(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct dps_oid_rss_params p;
	struct rte_eth_rss_conf conf;
	int rc;

	if (dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED; /* no queues of its own */
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
	return dps__oid_answer(req, &p, sizeof(p));
}

static int
rss_set(struct dps_adapter *a, struct dps_oid_request *req)
{
	struct dps_oid_rss_params p;
	struct rte_eth_rss_conf conf;
	int rc;

	if (dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED;
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

int
dps__oid_check_adapter_set(struct dps_adapter *a, struct dps_oid_request *req)
{
	int rc;

	switch (req->oid) {
	case OID_DPS_MTU: {
		uint32_t mtu = dps__oid_get_u32(req);

		rc = dps_adapter_check_mtu(a, mtu, req->reason, sizeof(req->reason));
		if (rc != DPS_OK)
			return rc == DPS_E_INVALID_PARAMETER ? DPS_E_INVALID_DATA : rc;
		if (mtu == a->mtu) {
			req->bytes_read = sizeof(uint32_t);
			return DPS_OID_UNCHANGED;
		}
		return DPS_OK;
	}
	case OID_DPS_MAC_ADDRESS: {
		struct rte_ether_addr mac;

		memcpy(&mac, req->buf, sizeof(mac));
		if (!rte_is_valid_assigned_ether_addr(&mac)) {
			dps__oid_why(req, "%02x:%02x:%02x:%02x:%02x:%02x is not a unicast address",
				RTE_ETHER_ADDR_BYTES(&mac));
			return DPS_E_INVALID_DATA;
		}
		if (rte_is_same_ether_addr(&mac, &a->mac)) {
			req->bytes_read = RTE_ETHER_ADDR_LEN;
			return DPS_OID_UNCHANGED;
		}
		return DPS_OK;
	}
	case OID_DPS_ADMIN_STATE: {
		uint32_t v = dps__oid_get_u32(req);

		if (v > 1) {
			dps__oid_why(req, "admin state %u: 1 (up) or 0 (down)", v);
			return DPS_E_INVALID_DATA;
		}
		if ((int)v == atomic_load(&a->admin_up)) {
			req->bytes_read = sizeof(uint32_t);
			return DPS_OID_UNCHANGED;
		}
		return DPS_OK;
	}
	case OID_DPS_RX_QUEUES: {
		uint32_t n = dps__oid_get_u32(req);

		rc = dps_adapter_check_rx_queues(a, n, req->reason, sizeof(req->reason));
		if (rc != DPS_OK)
			return rc == DPS_E_INVALID_PARAMETER ? DPS_E_INVALID_DATA : rc;
		if (n == a->nb_rxq) {
			req->bytes_read = sizeof(uint32_t);
			return DPS_OID_UNCHANGED;
		}
		return DPS_OK;
	}
	default:
		return DPS_OK;
	}
}

int
dps__oid_set_adapter(struct dps_adapter *a, struct dps_oid_request *req)
{
	int rc;

	switch (req->oid) {
	case OID_DPS_MTU: {
		uint32_t mtu = dps__oid_get_u32(req);

		if (mtu > UINT16_MAX)
			return DPS_E_INVALID_DATA;
		rc = dps_adapter_set_mtu(a, (uint16_t)mtu);
		if (rc == DPS_E_INVALID_PARAMETER)
			rc = DPS_E_INVALID_DATA;
		if (rc != DPS_OK && req->reason[0] == '\0')
			dps__oid_why(req, "%s: set MTU %u: %s", a->name, mtu, dps_status_str(rc));
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
		uint32_t v = dps__oid_get_u32(req);

		if (v > 1)
			return DPS_E_INVALID_DATA;
		rc = dps_adapter_set_admin(a, (int)v);
		break;
	}
	case OID_GEN_RECEIVE_SCALE_PARAMETERS:
		return rss_set(a, req);
	case OID_DPS_RX_QUEUES: {
		uint32_t n = dps__oid_get_u32(req);

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
