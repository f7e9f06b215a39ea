/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 on the control side: descriptor and configuration keys, bind,
 * RESTART (new MAC or addresses), counters read. The binding context is
 * the datapath state itself: IPv4 keeps no control-only resources.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>

#include "dps_status.h"
#include "ipv4_private.h"

DPS_LOG_REGISTER(ipv4, INFO);

static const char *const stat_names[DPS_IPV4_STAT_COUNT] = {
	[DPS_IPV4_STAT_RX] = "rx",
	[DPS_IPV4_STAT_ICMP_ECHO] = "icmp_echo",
	[DPS_IPV4_STAT_UDP_ECHO] = "udp_echo",
	[DPS_IPV4_STAT_TRIMMED] = "trimmed",
	[DPS_IPV4_STAT_RUNT] = "runt",
	[DPS_IPV4_STAT_TOO_BIG] = "too_big",
	[DPS_IPV4_STAT_LOOPED_BACK] = "looped_back",
	[DPS_IPV4_STAT_BAD_L2] = "bad_l2",
	[DPS_IPV4_STAT_BAD_VERSION] = "bad_version",
	[DPS_IPV4_STAT_BAD_IHL] = "bad_ihl",
	[DPS_IPV4_STAT_HDR_TRUNCATED] = "hdr_truncated",
	[DPS_IPV4_STAT_BAD_TOTAL_LENGTH] = "bad_total_length",
	[DPS_IPV4_STAT_TRUNCATED] = "truncated",
	[DPS_IPV4_STAT_BAD_CKSUM] = "bad_cksum",
	[DPS_IPV4_STAT_BAD_OPTIONS] = "bad_options",
	[DPS_IPV4_STAT_FRAGMENT] = "fragment",
	[DPS_IPV4_STAT_BROADCAST] = "broadcast",
	[DPS_IPV4_STAT_NOT_FOR_US] = "not_for_us",
	[DPS_IPV4_STAT_BAD_SRC] = "bad_src",
	[DPS_IPV4_STAT_PROTO_OTHER] = "proto_other",
	[DPS_IPV4_STAT_ICMP_TRUNCATED] = "icmp_truncated",
	[DPS_IPV4_STAT_ICMP_BAD_CKSUM] = "icmp_bad_cksum",
	[DPS_IPV4_STAT_ICMP_NOT_ECHO] = "icmp_not_echo",
	[DPS_IPV4_STAT_ICMP_DISABLED] = "icmp_disabled",
	[DPS_IPV4_STAT_UDP_TRUNCATED] = "udp_truncated",
	[DPS_IPV4_STAT_UDP_BAD_LEN] = "udp_bad_len",
	[DPS_IPV4_STAT_UDP_BAD_CKSUM] = "udp_bad_cksum",
	[DPS_IPV4_STAT_UDP_NOT_ECHO_PORT] = "udp_not_echo_port",
	[DPS_IPV4_STAT_UDP_BAD_PORT] = "udp_bad_port",
	[DPS_IPV4_STAT_UDP_DISABLED] = "udp_disabled",
	[DPS_IPV4_STAT_NOMBUF] = "nombuf",
	[DPS_IPV4_STAT_TX] = "tx",
	[DPS_IPV4_STAT_TX_DROPPED] = "tx_dropped",
	[DPS_IPV4_STAT_TX_REFUSED] = "tx_refused",
};

const char *
dps_ipv4_stat_name(unsigned int stat)
{
	return stat < DPS_IPV4_STAT_COUNT ? stat_names[stat] : NULL;
}

void
dps__ipv4_state_set_addrs(struct dps__ipv4_state *st, const struct rte_ether_addr *mac,
	const struct dps_config_ipv4 *addrs, unsigned int nb_addrs)
{
	st->mac = *mac;
	if (nb_addrs > DPS__IPV4_MAX_ADDRS)
		nb_addrs = DPS__IPV4_MAX_ADDRS;
	for (unsigned int i = 0; i < nb_addrs; i++) {
		uint8_t plen = addrs[i].prefix_len;

		st->addrs[i] = addrs[i].addr;
		/* /31 (RFC 3021) and /32 have no broadcast address */
		if (plen >= 1 && plen <= 30)
			st->bcast[i] = addrs[i].addr | rte_cpu_to_be_32(UINT32_MAX >> plen);
		else
			st->bcast[i] = 0;
	}
	st->nb_addrs = (uint8_t)nb_addrs;
}

void
dps__ipv4_state_set_mtu(struct dps__ipv4_state *st, uint16_t mtu)
{
	st->mtu = mtu;
}

int
dps__ipv4_state_init(struct dps__ipv4_state *st, const struct dps__ipv4_setup *s)
{
	if (st == NULL || s == NULL || (s->addrs == NULL && s->nb_addrs > 0) ||
		s->nb_addrs > DPS__IPV4_MAX_ADDRS || s->udp_port == 0)
		return DPS_E_INVALID_PARAMETER;
	for (unsigned int i = 0; i < s->nb_addrs; i++)
		if (s->addrs[i].prefix_len < 1 || s->addrs[i].prefix_len > 32)
			return DPS_E_INVALID_PARAMETER;
	memset(st, 0, sizeof(*st));
	dps__ipv4_state_set_addrs(st, &s->mac, s->addrs, s->nb_addrs);
	dps__ipv4_state_set_mtu(st, s->mtu);
	st->pool = s->pool;
	st->icmp_echo = s->icmp_echo != 0;
	st->udp_echo = s->udp_echo != 0;
	st->udp_port = rte_cpu_to_be_16(s->udp_port);
	return DPS_OK;
}

void
dps__ipv4_stats_sum(const struct dps__ipv4_state *st, struct dps_ipv4_stats *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned int l = 0; l < DPS_PROTO_STAT_SLOTS; l++)
		for (unsigned int i = 0; i < DPS_IPV4_STAT_COUNT; i++)
			out->v[i] += dps_proto_stat_read(&st->stats[l].v[i]);
}

/* ---- protocol ops ---- */

static int
cfg_bool(const struct dps_config_protocol *p, const char *key, int dflt)
{
	int v = dflt;

	if (p == NULL || dps_config_proto_bool(p, key, &v) != DPS_OK)
		v = dflt;
	return v != 0;
}

static uint16_t
cfg_port(const struct dps_config_protocol *p)
{
	uint32_t v = DPS__IPV4_UDP_PORT_DFLT;

	if (p == NULL || dps_config_proto_u32(p, "udp_echo_port", &v) != DPS_OK || v == 0 ||
		v > UINT16_MAX)
		v = DPS__IPV4_UDP_PORT_DFLT;
	return (uint16_t)v;
}

static int
ipv4_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	struct dps__ipv4_state *st = ctx;
	struct dps__ipv4_setup s;
	int rc;

	if (((uintptr_t)ctx & (RTE_CACHE_LINE_SIZE - 1)) != 0) {
		DPS_LOG(ERR, ipv4, "%s: binding context not cache-line aligned",
			params->adapter_name);
		return DPS_E_INVALID_STATE;
	}
	memset(&s, 0, sizeof(s));
	s.mac = params->mac;
	s.addrs = params->addrs;
	s.nb_addrs = params->nb_addrs;
	s.pool = params->pool;
	s.mtu = params->mtu;
	s.icmp_echo = cfg_bool(params->proto_cfg, "icmp_echo", 1);
	s.udp_echo = cfg_bool(params->proto_cfg, "udp_echo", 1);
	s.udp_port = cfg_port(params->proto_cfg);
	rc = dps__ipv4_state_init(st, &s);
	if (rc != DPS_OK) {
		DPS_LOG(ERR, ipv4, "%s: bad parameters: %s", params->adapter_name,
			dps_status_str(rc));
		return rc;
	}
	{
		/* where the adapter enabled the port's UDP tx checksum (lib/adapter),
		 * replies to datagrams without a checksum get theirs from the port */
		struct dps_adapter_info ai;
		struct rte_eth_conf conf;

		if (dps_binding_adapter_info(b, &ai) == DPS_OK &&
			rte_eth_dev_conf_get(ai.port_id, &conf) == 0)
			st->tx_udp_cksum =
				(conf.txmode.offloads & RTE_ETH_TX_OFFLOAD_UDP_CKSUM) != 0;
	}
	DPS_LOG(INFO, ipv4, "%s: %u address(es), icmp echo %s, udp echo %s (port %u)",
		params->adapter_name, st->nb_addrs, st->icmp_echo ? "yes" : "no",
		st->udp_echo ? "yes" : "no", s.udp_port);
	return DPS_OK;
}

static int
ipv4_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{

	RTE_SET_USED(b);
	if (ev == NULL || ev->code != DPS_PNP_RESTART || ev->params == NULL)
		return DPS_OK;
	/* Restarting: no worker delivers, the state may change */
	dps__ipv4_state_set_addrs(ctx, &ev->params->mac, ev->params->addrs, ev->params->nb_addrs);
	dps__ipv4_state_set_mtu(ctx, ev->params->mtu);
	return DPS_OK;
}

static const struct dps_config_key ipv4_keys[] = {
	{"icmp_echo", DPS_CFG_BOOL, 0, 1, "yes", "answer ICMP echo requests"},
	{"udp_echo", DPS_CFG_BOOL, 0, 1, "yes",
		"echo UDP datagrams sent to udp_echo_port (RFC 862)"},
	{"udp_echo_port", DPS_CFG_U32, 1, 65535, RTE_STR(DPS__IPV4_UDP_PORT_DFLT),
		"UDP port of the echo service"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

static const uint16_t ipv4_ethertypes[] = {RTE_ETHER_TYPE_IPV4};

static const struct dps_protocol_ops ipv4_ops = {
	.bind_adapter = ipv4_bind,
	.receive = dps__ipv4_receive,
	.send_complete = dps__ipv4_send_complete,
	.pnp_event = ipv4_pnp,
};

static DPS_CONTEXT_TYPE(ipv4_ctx_type, struct dps__ipv4_state, NULL);

const struct dps_protocol_desc dps_proto_ipv4 = {
	.name = "ipv4",
	.ethertypes = ipv4_ethertypes,
	.nb_ethertypes = RTE_DIM(ipv4_ethertypes),
	.default_filter = DPS_FILTER_DIRECTED | DPS_FILTER_BROADCAST,
	.ops = &ipv4_ops,
	.binding_ctx = &ipv4_ctx_type,
	.config_keys = ipv4_keys,
	/* the exit report's default line (rx, then the counters not zero) is ours */
	.counters = {stat_names, DPS_IPV4_STAT_COUNT, offsetof(struct dps__ipv4_state, stats),
		sizeof(struct dps__ipv4_lcore_stats)},
};
DPS_PROTOCOL_REGISTER(dps_proto_ipv4);

/* ---- public reads ---- */

static struct dps__ipv4_state *
ipv4_of(struct dps_binding *b)
{
	if (b == NULL || dps_protocol_desc(dps_binding_protocol(b)) != &dps_proto_ipv4)
		return NULL;
	return dps_binding_ctx(b);
}

int
dps_ipv4_stats(struct dps_binding *b, struct dps_ipv4_stats *out)
{
	struct dps__ipv4_state *st;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	memset(out, 0, sizeof(*out));
	if (b == NULL || dps_protocol_desc(dps_binding_protocol(b)) != &dps_proto_ipv4)
		return DPS_E_INVALID_PARAMETER;
	st = ipv4_of(b);
	if (st == NULL)
		return DPS_E_NOT_READY;
	dps__ipv4_stats_sum(st, out);
	return DPS_OK;
}
