/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OIDs about one binding: its packet filter, multicast list and VLAN id.
 * Queries read the binding's state (any thread); sets change it, then put
 * the union of every binding's filter and multicast list on the port
 * (control thread). An adapter-level request (no binding) reads the port's.
 */
#include <rte_ethdev.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_log.h"
#include "dps_status.h"
#include "oid_private.h"

DPS_LOG_REGISTER(oid_binding, INFO);

static int
binding_gone(const struct dps_binding *b)
{
	int st = dps_binding_state(b);

	return st == DPS_BINDING_CLOSING || st == DPS_BINDING_UNBOUND;
}

/* The union of the bindings' packet filters and multicast lists. */
struct agg {
	struct dps_adapter *a;
	uint32_t filter;
	unsigned int nb_mc;
	struct rte_ether_addr mc[DPS_MAX_MCAST_LIST];
};

static int
agg_binding(struct dps_binding *b, void *arg)
{
	struct agg *g = arg;
	struct rte_ether_addr list[DPS_BINDING_MAX_MCAST];
	unsigned int n;

	struct dps_adapter *on = dps_binding_adapter(b);

	/* the lower port filters for its virtual adapters' bindings too, not
	 * for the mux's own binding (promiscuous in software: they filter) */
	if ((on != g->a && on->lower != g->a) || b == g->a->mux || binding_gone(b))
		return 0;
	g->filter |= dps_binding_filter(b);
	n = dps_binding_mcast(b, list, DPS_BINDING_MAX_MCAST);
	for (unsigned int i = 0; i < n; i++) {
		unsigned int k;

		for (k = 0; k < g->nb_mc; k++)
			if (rte_is_same_ether_addr(&g->mc[k], &list[i]))
				break;
		if (k == g->nb_mc && g->nb_mc < DPS_MAX_MCAST_LIST)
			g->mc[g->nb_mc++] = list[i];
	}
	return 0;
}

/* @return DPS_OK, or DPS_E_NOT_SUPPORTED when the PMD cannot do a part. */
static int
apply_port_filter(struct dps_adapter *a)
{
	struct agg g;
	int rc, status = DPS_OK;

	if (dps_adapter_is_virtual(a))
		a = a->lower; /* a virtual adapter's filter is its lower port's */
	memset(&g, 0, sizeof(g));
	g.a = a;
	dps_binding_foreach(agg_binding, &g);
	if (a->mux_promisc > 0)
		g.filter |= DPS_FILTER_PROMISCUOUS; /* a virtual MAC the port cannot filter */
	rc = (g.filter & DPS_FILTER_PROMISCUOUS) ? rte_eth_promiscuous_enable(a->port_id)
						 : rte_eth_promiscuous_disable(a->port_id);
	if (rc != 0)
		status = dps_status_from_errno(rc);
	rc = (g.filter & DPS_FILTER_ALL_MULTICAST) ? rte_eth_allmulticast_enable(a->port_id)
						   : rte_eth_allmulticast_disable(a->port_id);
	if (rc != 0 && status == DPS_OK)
		status = dps_status_from_errno(rc);
	rc = rte_eth_dev_set_mc_addr_list(a->port_id, g.nb_mc ? g.mc : NULL, g.nb_mc);
	if (rc != 0 && status == DPS_OK && (g.nb_mc > 0 || rc != -ENOTSUP))
		status = dps_status_from_errno(rc);
	a->port_filter = g.filter;
	if (status != DPS_OK)
		DPS_LOG(INFO, oid_binding, "%s: port filter 0x%x: %s (the software filter applies)",
			a->name, g.filter, dps_status_str(status));
	return status;
}

int
dps__oid_query_binding(struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req)
{
	switch (req->oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		return dps__oid_answer_u32(req, b != NULL ? dps_binding_filter(b) : a->port_filter);
	case OID_802_3_MULTICAST_LIST: {
		struct rte_ether_addr list[DPS_BINDING_MAX_MCAST];
		unsigned int n = b != NULL ? dps_binding_mcast(b, list, DPS_BINDING_MAX_MCAST) : 0;

		return dps__oid_answer(req, list, n * RTE_ETHER_ADDR_LEN);
	}
	case OID_GEN_VLAN_ID:
		/* a virtual adapter's is its own VLAN */
		if (dps_adapter_is_virtual(a))
			return dps__oid_answer_u32(req, a->vlan_tci);
		return dps__oid_answer_u32(req, b != NULL ? dps_binding_vlan(b) : 0);
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}

int
dps__oid_set_binding(struct dps_binding *b, struct dps_adapter *a, struct dps_oid_request *req)
{
	int rc;

	if (b == NULL)
		return DPS_E_NOT_SUPPORTED; /* a binding's own state: no binding, nothing to set */
	switch (req->oid) {
	case OID_GEN_CURRENT_PACKET_FILTER:
		rc = dps_binding_set_filter(b, dps__oid_get_u32(req));
		if (rc == DPS_E_INVALID_PARAMETER)
			rc = DPS_E_INVALID_DATA;
		if (rc == DPS_OK)
			rc = apply_port_filter(a);
		req->bytes_read = rc == DPS_E_INVALID_DATA ? 0 : sizeof(uint32_t);
		return rc;
	case OID_802_3_MULTICAST_LIST:
		if (req->buf_len % RTE_ETHER_ADDR_LEN != 0) {
			req->bytes_needed =
				(req->buf_len / RTE_ETHER_ADDR_LEN + 1) * RTE_ETHER_ADDR_LEN;
			return DPS_E_INVALID_LENGTH;
		}
		rc = dps_binding_set_mcast(b, (const struct rte_ether_addr *)req->buf,
			req->buf_len / RTE_ETHER_ADDR_LEN);
		if (rc == DPS_E_INVALID_PARAMETER)
			rc = DPS_E_INVALID_DATA;
		if (rc == DPS_OK)
			rc = apply_port_filter(a);
		req->bytes_read = rc == DPS_OK || rc == DPS_E_NOT_SUPPORTED ? req->buf_len : 0;
		return rc;
	case OID_GEN_VLAN_ID:
		if (dps_adapter_is_virtual(a))
			return DPS_E_NOT_SUPPORTED; /* its VLAN is its configuration's */
		rc = dps_binding_set_vlan(b, dps__oid_get_u32(req)) == DPS_OK ? DPS_OK
									      : DPS_E_INVALID_DATA;
		req->bytes_read = rc == DPS_OK ? sizeof(uint32_t) : 0;
		return rc;
	default:
		return DPS_E_NOT_SUPPORTED;
	}
}
