/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ARP on the datapath (workers, or the control thread for its own
 * receives): validation, replies, cache learning. No lock of ours, no
 * system call, no allocation but the reply copy of a shared frame. (The
 * cache's inserts take rte_hash's internal writer lock, which the
 * multi-writer mode needs; lookups are lock-free.)
 */
#include <rte_arp.h>
#include <rte_cycles.h>

#include "arp_private.h"
#include "dps_status.h"

const uint8_t dps__arp_verdict_stat[DPS__ARP_VERDICT_COUNT] = {
	[DPS__ARP_REPLY] = DPS_ARP_STAT_REPLIES,
	[DPS__ARP_RX_REPLY] = DPS_ARP_STAT_RX_REPLIES,
	[DPS__ARP_RUNT] = DPS_ARP_STAT_RUNT,
	[DPS__ARP_BAD_L2] = DPS_ARP_STAT_BAD_L2,
	[DPS__ARP_BAD_HTYPE] = DPS_ARP_STAT_BAD_HTYPE,
	[DPS__ARP_BAD_PTYPE] = DPS_ARP_STAT_BAD_PTYPE,
	[DPS__ARP_BAD_HLEN] = DPS_ARP_STAT_BAD_HLEN,
	[DPS__ARP_BAD_PLEN] = DPS_ARP_STAT_BAD_PLEN,
	[DPS__ARP_BAD_OP] = DPS_ARP_STAT_BAD_OP,
	[DPS__ARP_BAD_SENDER] = DPS_ARP_STAT_BAD_SENDER,
	[DPS__ARP_BAD_SENDER_IP] = DPS_ARP_STAT_BAD_SENDER_IP,
	[DPS__ARP_LOOPED_BACK] = DPS_ARP_STAT_LOOPED_BACK,
	[DPS__ARP_NOT_FOR_US] = DPS_ARP_STAT_NOT_FOR_US,
	[DPS__ARP_NOMBUF] = DPS_ARP_STAT_NOMBUF,
};

void
dps__arp_learn(struct dps__arp_state *st, unsigned int slot, uint32_t ip,
	const struct rte_ether_addr *mac, int create)
{
	uint64_t v = dps__arp_pack(mac, dps__arp_units(st, rte_get_timer_cycles()));
	void *data;
	int found;

	if (unlikely(st->cache == NULL))
		return;
	/*
	 * rte_hash's multi-writer inserts index per-lcore slot caches with
	 * rte_lcore_id(): a thread without one must not write.
	 */
	if (unlikely(slot >= RTE_MAX_LCORE)) {
		dps__arp_count(st, slot, DPS_ARP_STAT_CACHE_SKIPPED, 1);
		return;
	}
	found = rte_hash_lookup_data(st->cache, &ip, &data) >= 0;
	if (found) {
		/* same MAC, already stamped in this time unit: no write at all */
		if ((uint64_t)(uintptr_t)data == v)
			return;
	} else if (!create) {
		return;
	}
	/* on an existing key this is an atomic update of its data word */
	if (rte_hash_add_key_data(st->cache, &ip, (void *)(uintptr_t)v) == 0)
		dps__arp_count(
			st, slot, found ? DPS_ARP_STAT_CACHE_UPDATE : DPS_ARP_STAT_CACHE_ADD, 1);
	else
		dps__arp_count(st, slot, DPS_ARP_STAT_CACHE_FULL, 1);
}

/* Turn the request at @p l2_len in @p m into our reply, in place. */
static void
arp_make_reply(const struct dps__arp_state *st, struct rte_mbuf *m, uint32_t l2_len)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_arp_hdr *arp = rte_pktmbuf_mtod_offset(m, struct rte_arp_hdr *, l2_len);
	rte_be32_t tip = arp->arp_data.arp_tip;

	/* RFC 826: answer to the sender's hardware address; tags stay as they are */
	eth->dst_addr = arp->arp_data.arp_sha;
	eth->src_addr = st->mac;
	arp->arp_opcode = RTE_BE16(RTE_ARP_OP_REPLY);
	arp->arp_data.arp_tha = arp->arp_data.arp_sha;
	arp->arp_data.arp_tip = arp->arp_data.arp_sip;
	arp->arp_data.arp_sha = st->mac;
	arp->arp_data.arp_sip = tip;
}

static enum dps__arp_verdict
arp_check(struct dps__arp_state *st, unsigned int slot, struct rte_mbuf *m, uint32_t rx_flags,
	struct rte_mbuf **reply)
{
	const struct rte_ether_hdr *eth;
	const struct rte_arp_hdr *arp;
	struct rte_ether_addr sha;
	struct rte_mbuf *out;
	rte_be32_t sip, tip;
	rte_be16_t op;
	uint32_t l2_len;
	uint16_t type;
	int rc, for_us;

	rc = dps_proto_l2_parse(m, &l2_len, &type);
	if (unlikely(rc == DPS_PROTO_L2_RUNT))
		return DPS__ARP_RUNT;
	if (unlikely(rc != DPS_PROTO_L2_OK || type != RTE_ETHER_TYPE_ARP))
		return DPS__ARP_BAD_L2;
	if (unlikely(rte_pktmbuf_data_len(m) < l2_len + sizeof(struct rte_arp_hdr)))
		return DPS__ARP_RUNT;
	eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	arp = rte_pktmbuf_mtod_offset(m, const struct rte_arp_hdr *, l2_len);
	if (unlikely(arp->arp_hardware != RTE_BE16(RTE_ARP_HRD_ETHER)))
		return DPS__ARP_BAD_HTYPE;
	if (unlikely(arp->arp_protocol != RTE_BE16(RTE_ETHER_TYPE_IPV4)))
		return DPS__ARP_BAD_PTYPE;
	if (unlikely(arp->arp_hlen != RTE_ETHER_ADDR_LEN))
		return DPS__ARP_BAD_HLEN;
	if (unlikely(arp->arp_plen != sizeof(rte_be32_t)))
		return DPS__ARP_BAD_PLEN;
	op = arp->arp_opcode;
	if (unlikely(op != RTE_BE16(RTE_ARP_OP_REQUEST) && op != RTE_BE16(RTE_ARP_OP_REPLY)))
		return DPS__ARP_BAD_OP;
	sha = arp->arp_data.arp_sha;
	if (unlikely(!rte_is_valid_assigned_ether_addr(&sha) ||
		     !rte_is_valid_assigned_ether_addr(&eth->src_addr)))
		return DPS__ARP_BAD_SENDER;
	if (unlikely(rte_is_same_ether_addr(&sha, &st->mac) ||
		     rte_is_same_ether_addr(&eth->src_addr, &st->mac)))
		return DPS__ARP_LOOPED_BACK; /* our own frame, back from the wire */
	sip = arp->arp_data.arp_sip;
	tip = arp->arp_data.arp_tip;
	if (unlikely(dps__arp_bad_host(st, sip)))
		return DPS__ARP_BAD_SENDER_IP; /* no host has that address: not learnt */
	for_us = dps__arp_is_ours(st, tip);

	if (unlikely(dps__arp_is_ours(st, sip)))
		dps__arp_count(st, slot, DPS_ARP_STAT_CONFLICT, 1); /* never learnt */
	else if (sip != 0) /* a probe's 0.0.0.0 is not learnt */
		dps__arp_learn(st, slot, sip, &sha, for_us);

	if (!for_us)
		return DPS__ARP_NOT_FOR_US;
	if (op == RTE_BE16(RTE_ARP_OP_REPLY))
		return DPS__ARP_RX_REPLY;

	/* a request for one of our addresses (an RFC 5227 probe is one too) */
	if (dps_proto_frame_writable(m, rx_flags)) {
		out = m;
	} else {
		if (unlikely(st->pool == NULL))
			return DPS__ARP_NOMBUF;
		out = rte_pktmbuf_copy(m, st->pool, 0, UINT32_MAX);
		if (unlikely(out == NULL))
			return DPS__ARP_NOMBUF;
		if (unlikely(rte_pktmbuf_data_len(out) < l2_len + sizeof(struct rte_arp_hdr))) {
			rte_pktmbuf_free(out); /* the pool's buffers are too small to hold it */
			return DPS__ARP_NOMBUF;
		}
	}
	arp_make_reply(st, out, l2_len);
	*reply = out;
	return DPS__ARP_REPLY;
}

enum dps__arp_verdict
dps__arp_process(
	struct dps__arp_state *st, struct rte_mbuf *m, uint32_t rx_flags, struct rte_mbuf **reply)
{
	unsigned int slot = dps_proto_stat_slot();
	enum dps__arp_verdict v;

	*reply = NULL;
	v = arp_check(st, slot, m, rx_flags, reply);
	dps__arp_count(st, slot, DPS_ARP_STAT_RX, 1);
	dps__arp_count(st, slot, dps__arp_verdict_stat[v], 1);
	return v;
}

uint16_t
dps__arp_input(struct dps__arp_state *st, struct rte_mbuf **pkts, uint16_t n, uint32_t rx_flags,
	struct rte_mbuf **tx)
{
	struct rte_mbuf *drop[DPS_PROTO_TX_BATCH];
	unsigned int nb_drop = 0;
	uint16_t nb_tx = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *reply;

		if (dps__arp_process(st, pkts[i], rx_flags, &reply) == DPS__ARP_REPLY)
			tx[nb_tx++] = reply;
		if (reply != pkts[i])
			drop[nb_drop++] = pkts[i];
	}
	if (nb_drop > 0)
		rte_pktmbuf_free_bulk(drop, nb_drop);
	return nb_tx;
}

int
dps__arp_send(struct dps_binding *b, struct dps__arp_state *st, struct rte_mbuf **tx, uint16_t n)
{
	int rc = dps_binding_send(b, tx, n);

	if (unlikely(rc != DPS_OK)) {
		/* not taken (binding not Running): still ours */
		rte_pktmbuf_free_bulk(tx, n);
		dps__arp_count(st, dps_proto_stat_slot(), DPS_ARP_STAT_TX_REFUSED, n);
	}
	return rc;
}

void
dps__arp_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct dps__arp_state *st = ctx; /* first member of the binding context */
	struct rte_mbuf *tx[DPS_PROTO_TX_BATCH];

	while (n > 0) {
		uint16_t chunk = RTE_MIN(n, (uint16_t)DPS_PROTO_TX_BATCH);
		uint16_t nb_tx = dps__arp_input(st, pkts, chunk, flags, tx);

		if (nb_tx > 0)
			dps__arp_send(b, st, tx, nb_tx);
		pkts += chunk;
		n = (uint16_t)(n - chunk);
	}
}

void
dps__arp_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status)
{
	struct dps__arp_state *st = ctx;
	unsigned int slot = dps_proto_stat_slot();

	RTE_SET_USED(b);
	RTE_SET_USED(status);
	dps__arp_count(st, slot, DPS_ARP_STAT_TX, sent);
	if (n > sent)
		dps__arp_count(st, slot, DPS_ARP_STAT_TX_DROPPED, (uint64_t)(n - sent));
}
