/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The mux's receive (workers): the 802.1Q frames of the lower adapter
 * (dispatch classifies them by their outer tag once the mux is bound),
 * demultiplexed by VLAN id. A frame of a virtual adapter's VLAN loses its
 * tag (kept in m->vlan_tci, with RTE_MBUF_F_RX_VLAN_STRIPPED) and goes to
 * that adapter's bindings through its own dispatch (its packet filters,
 * with its MAC; shared by reference count among them); VLAN 0
 * (priority-tagged) goes, tag stripped, to the lower adapter's own
 * bindings; an unknown VLAN is counted and freed. A double-tagged frame is
 * judged by its outer tag only, so the inner VLAN of a QinQ frame is never
 * taken for one of ours. No lock, no allocation but the copy of a frame
 * another reader shares.
 */
#include <string.h>

#include "vlan_private.h"

#define TAG_LEN 4u

/* Frames demultiplexed per pass (the stack delivers at most this many per call). */
#define CHUNK 32

static inline void
count(struct dps__vlan_lower *lw, unsigned int slot, unsigned int stat, uint64_t n)
{
	if (n != 0)
		dps_proto_stat_add(&lw->stats[slot].v[stat], slot, n);
}

/*
 * Take the tag off @p m (a copy when someone else reads it too).
 * @return the frame to deliver, or NULL (freed: no mbuf for the copy).
 */
static struct rte_mbuf *
strip(struct dps__vlan_lower *lw, struct rte_mbuf *m, uint16_t tci, unsigned int slot)
{
	uint8_t *p;

	if (unlikely(!RTE_MBUF_DIRECT(m) || rte_mbuf_refcnt_read(m) != 1)) {
		struct rte_mbuf *c = rte_pktmbuf_copy(m, lw->pool, 0, UINT32_MAX);

		rte_pktmbuf_free(m);
		if (c == NULL) {
			count(lw, slot, DPS__VLAN_STAT_RX_NOMEM, 1);
			return NULL;
		}
		count(lw, slot, DPS__VLAN_STAT_RX_COPIED, 1);
		m = c;
	}
	p = rte_pktmbuf_mtod(m, uint8_t *);
	memmove(p + TAG_LEN, p, 2 * RTE_ETHER_ADDR_LEN);
	rte_pktmbuf_adj(m, TAG_LEN);
	m->vlan_tci = tci;
	m->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	return m;
}

static void
receive_chunk(struct dps__vlan_lower *lw, struct rte_mbuf **pkts, uint16_t n, uint32_t flags,
	unsigned int slot)
{
	struct rte_mbuf *batch[DPS__VLAN_MAX_VIFS + 1][CHUNK]; /* last: VLAN 0 */
	uint16_t cnt[DPS__VLAN_MAX_VIFS + 1] = {0};
	struct rte_mbuf *drop[CHUNK];
	uint16_t nb_drop = 0, unknown = 0, truncated = 0, tagged = 0;
	const unsigned int prio = DPS__VLAN_MAX_VIFS;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *m = pkts[i];
		const struct rte_vlan_hdr *vh;
		uint16_t tci, vid;
		unsigned int k;

		if (unlikely(rte_pktmbuf_data_len(m) <
			     sizeof(struct rte_ether_hdr) + sizeof(struct rte_vlan_hdr))) {
			truncated++;
			drop[nb_drop++] = m;
			continue;
		}
		vh = rte_pktmbuf_mtod_offset(
			m, const struct rte_vlan_hdr *, sizeof(struct rte_ether_hdr));
		tci = rte_be_to_cpu_16(vh->vlan_tci);
		vid = tci & RTE_VLAN_ID_MASK;
		if (vid == 0) {
			uint16_t inner = rte_be_to_cpu_16(vh->eth_proto);

			/* priority-tagged: the lower adapter's own (one level only) */
			if (inner == RTE_ETHER_TYPE_VLAN || inner == RTE_ETHER_TYPE_QINQ) {
				unknown++;
				drop[nb_drop++] = m;
				continue;
			}
			k = prio;
		} else if (lw->by_vid[vid] != 0) {
			k = lw->by_vid[vid] - 1u;
		} else {
			unknown++;
			drop[nb_drop++] = m;
			continue;
		}
		m = strip(lw, m, tci, slot);
		if (m == NULL)
			continue;
		batch[k][cnt[k]++] = m;
		if (k != prio)
			tagged++;
	}
	if (nb_drop > 0)
		rte_pktmbuf_free_bulk(drop, nb_drop);
	count(lw, slot, DPS__VLAN_STAT_RX_UNKNOWN, unknown);
	count(lw, slot, DPS__VLAN_STAT_RX_TRUNCATED, truncated);
	count(lw, slot, DPS__VLAN_STAT_RX_TAGGED, tagged);
	/* the virtual adapters' dispatch tells sharing by itself */
	flags &= DPS_RX_F_RESOURCES;
	for (unsigned int k = 0; k < lw->nb_vifs; k++)
		if (cnt[k] > 0)
			dps_mux_deliver(lw->vifs[k].a, batch[k], cnt[k], flags);
	if (cnt[prio] > 0) {
		count(lw, slot, DPS__VLAN_STAT_RX_PRIORITY, cnt[prio]);
		dps_mux_deliver(lw->lower, batch[prio], cnt[prio], flags);
	}
}

void
dps__vlan_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct dps__vlan_lower *lw = ctx;
	unsigned int slot = dps_proto_stat_slot();

	RTE_SET_USED(b);
	while (n > 0) {
		uint16_t chunk = n > CHUNK ? CHUNK : n;

		receive_chunk(lw, pkts, chunk, flags, slot);
		pkts += chunk;
		n = (uint16_t)(n - chunk);
	}
}
