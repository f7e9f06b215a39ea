/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The OID catalogue: one table, compiled into libdpstack and into dpsctl
 * (which links only libdpsclient), so it has no DPDK in it. Each entry
 * names its fields; what is not named is 0 (no set, no port change, not on
 * the clients' allow-list). In code order.
 */
#include <stddef.h>
#include <string.h>

#include "dps_oid_catalogue.h"

#define Q DPS_OID_OP_QUERY
#define S DPS_OID_OP_SET
#define U32 sizeof(uint32_t)
#define COUNTER sizeof(uint64_t)
#define MAC 6u

/* An entry's code and its name, spelled once. */
#define DPS__OID_ENTRY(code) .oid = code, .name = #code

static const struct dps_oid_info catalogue[] = {
	{DPS__OID_ENTRY(OID_GEN_SUPPORTED_LIST), .ops = Q, .value = DPS_OID_VALUE_OID_LIST,
		.query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_HARDWARE_STATUS), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_MEDIA_SUPPORTED), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_MEDIA_IN_USE), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_MAXIMUM_FRAME_SIZE), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_LINK_SPEED), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_VENDOR_DESCRIPTION), .ops = Q, .value = DPS_OID_VALUE_STRING,
		.query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_CURRENT_PACKET_FILTER), .ops = Q | S, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .set_size = U32, .query = DPS_OID_QUERY_BINDING,
		.set = DPS_OID_SET_BINDING, .client_set = DPS_OID_CLIENT_USER},
	{DPS__OID_ENTRY(OID_GEN_DRIVER_VERSION), .ops = Q, .value = DPS_OID_VALUE_U16,
		.query_size = sizeof(uint16_t), .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_MAXIMUM_TOTAL_SIZE), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_MEDIA_CONNECT_STATUS), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_RECEIVE_SCALE_CAPABILITIES), .ops = Q,
		.value = DPS_OID_VALUE_RSS_CAPS, .query_size = sizeof(struct dps_oid_rss_caps),
		.query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_RECEIVE_SCALE_PARAMETERS), .ops = Q | S,
		.value = DPS_OID_VALUE_RSS_PARAMS, .query_size = sizeof(struct dps_oid_rss_params),
		.set_size = sizeof(struct dps_oid_rss_params), .query = DPS_OID_QUERY_RSS,
		.set = DPS_OID_SET_ADAPTER, .client_set = DPS_OID_CLIENT_ADMIN},
	{DPS__OID_ENTRY(OID_GEN_LINK_STATE), .ops = Q, .value = DPS_OID_VALUE_LINK_STATE,
		.query_size = sizeof(struct dps_oid_link_state), .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_GEN_VLAN_ID), .ops = Q | S, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .set_size = U32, .query = DPS_OID_QUERY_BINDING,
		.set = DPS_OID_SET_BINDING, .client_set = DPS_OID_CLIENT_ADMIN},
	{DPS__OID_ENTRY(OID_GEN_XMIT_OK), .ops = Q, .value = DPS_OID_VALUE_COUNTER,
		.query_size = COUNTER, .query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_GEN_RCV_OK), .ops = Q, .value = DPS_OID_VALUE_COUNTER,
		.query_size = COUNTER, .query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_GEN_XMIT_ERROR), .ops = Q, .value = DPS_OID_VALUE_COUNTER,
		.query_size = COUNTER, .query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_GEN_RCV_ERROR), .ops = Q, .value = DPS_OID_VALUE_COUNTER,
		.query_size = COUNTER, .query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_GEN_RCV_NO_BUFFER), .ops = Q, .value = DPS_OID_VALUE_COUNTER,
		.query_size = COUNTER, .query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_GEN_STATISTICS), .ops = Q, .value = DPS_OID_VALUE_STATISTICS,
		.query_size = sizeof(struct dps_oid_statistics), .query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_802_3_PERMANENT_ADDRESS), .ops = Q, .value = DPS_OID_VALUE_MAC,
		.query_size = MAC, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_802_3_CURRENT_ADDRESS), .ops = Q, .value = DPS_OID_VALUE_MAC,
		.query_size = MAC, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_802_3_MULTICAST_LIST), .ops = Q | S, .value = DPS_OID_VALUE_MAC_LIST,
		.query = DPS_OID_QUERY_BINDING, .set = DPS_OID_SET_BINDING,
		.client_set = DPS_OID_CLIENT_USER},
	{DPS__OID_ENTRY(OID_802_3_MAXIMUM_LIST_SIZE), .ops = Q, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .query = DPS_OID_QUERY_CACHED},
	{DPS__OID_ENTRY(OID_DPS_MTU), .ops = Q | S, .value = DPS_OID_VALUE_U32, .query_size = U32,
		.set_size = U32, .query = DPS_OID_QUERY_CACHED, .set = DPS_OID_SET_ADAPTER,
		.port_change = 1, .client_set = DPS_OID_CLIENT_ADMIN},
	{DPS__OID_ENTRY(OID_DPS_MAC_ADDRESS), .ops = Q | S, .value = DPS_OID_VALUE_MAC,
		.query_size = MAC, .set_size = MAC, .query = DPS_OID_QUERY_CACHED,
		.set = DPS_OID_SET_ADAPTER, .port_change = 1, .client_set = DPS_OID_CLIENT_ADMIN},
	{DPS__OID_ENTRY(OID_DPS_ADMIN_STATE), .ops = Q | S, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .set_size = U32, .query = DPS_OID_QUERY_CACHED,
		.set = DPS_OID_SET_ADAPTER, .port_change = 1, .client_set = DPS_OID_CLIENT_ADMIN},
	{DPS__OID_ENTRY(OID_DPS_QUEUE_STATS), .ops = Q, .value = DPS_OID_VALUE_QUEUE_STATS,
		.query = DPS_OID_QUERY_STATS},
	{DPS__OID_ENTRY(OID_DPS_RX_QUEUES), .ops = Q | S, .value = DPS_OID_VALUE_U32,
		.query_size = U32, .set_size = U32, .query = DPS_OID_QUERY_CACHED,
		.set = DPS_OID_SET_ADAPTER, .port_change = 1, .needs_stop = 1,
		.client_set = DPS_OID_CLIENT_ADMIN},
	{DPS__OID_ENTRY(OID_DPS_ADAPTER_REMOVE), .ops = S, .value = DPS_OID_VALUE_U32,
		.set_size = U32, .set = DPS_OID_SET_REMOVE},
};

#define N_CATALOGUE (sizeof(catalogue) / sizeof(catalogue[0]))

const struct dps_oid_info *
dps_oid_lookup(dps_oid_t oid)
{
	for (size_t i = 0; i < N_CATALOGUE; i++)
		if (catalogue[i].oid == oid)
			return &catalogue[i];
	return NULL;
}

const struct dps_oid_info *
dps_oid_lookup_name(const char *name)
{
	if (name == NULL)
		return NULL;
	for (size_t i = 0; i < N_CATALOGUE; i++)
		if (strcmp(catalogue[i].name, name) == 0)
			return &catalogue[i];
	return NULL;
}

const struct dps_oid_info *
dps_oid_catalogue(unsigned int *n)
{
	if (n != NULL)
		*n = (unsigned int)N_CATALOGUE;
	return catalogue;
}
