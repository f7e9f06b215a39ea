/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: the binding layer's classification and dispatch
 * (dps_dispatch_burst: tags, EtherType table, packet filters, frames shared
 * between bindings, the catch-all option) on a net_null adapter with four
 * protocols bound to it:
 *   p0 0x88b5 and 0x0800    p1 0x88b5 (shares with p0)
 *   p2 0x0806 and 0x86dd    p3 catch-all (every EtherType)
 * Frames of any shape (fuzz_frames.h).
 *
 * Control bytes:
 *   c0  two bits per protocol (p0 in bits 0-1): what its receive does with
 *       the frames: 0 free, 1 send them back out (dps_binding_send; net_null
 *       frees what it takes), 2 keep them until dispatch returns (unless the
 *       call says DPS_RX_F_RESOURCES), 3 free
 *   c1  bit 0 DPS_RX_F_RESOURCES; bit 1 p1 Paused; bit 2 p3 Paused;
 *       bits 3-7 the last byte of p0's one multicast address 01:00:5e:00:00:xx
 *   c2..c5  the packet filters of p0..p3 (DPS_FILTER_* bits)
 *
 * Oracles: ASan/UBSan; each frame reaches exactly the bindings a model of
 * DESIGN.md section 6 written here says (EtherType behind at most two tags
 * read from the first segment, then each Running binding's filter; the
 * catch-all bindings beside the EtherType's, and alone for frames past the
 * tag limit, which is the EtherType bindings'), once each, in arrival order,
 * with DPS_RX_F_SHARED on every call holding a frame that went to more than
 * one binding and reference count 1 on every frame of a call without it;
 * the adapter's counters grow exactly as the model says (rx = runt +
 * vlan_truncated + too_many_vlans + unclaimed + filtered + frames delivered);
 * every mbuf back in the pool exactly once.
 */
#include <rte_ethdev.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_dispatch.h"
#include "dps_object.h"
#include "fuzz_frames.h"

#define NB_PROTO 4

static struct rte_mempool *pool;
static struct dps_object *stack;
static struct dps_adapter *ad;
static struct rte_ether_addr ad_mac;
static const struct rte_ether_addr our_mac = {{0x02, 0xd5, 0x00, 0x00, 0x00, 0x01}};
static struct dps_binding *bind_of[NB_PROTO];

/* per input: what the receive ops do and see */
static struct rte_mbuf *in_pkts[FZ_MAX_FRAMES];
static uint16_t in_n;
static uint8_t got[FZ_MAX_FRAMES];	  /* bit p: p received it */
static uint8_t got_shared[FZ_MAX_FRAMES]; /* bit p: in a call flagged shared */
static int last_idx[NB_PROTO];
static unsigned int mode[NB_PROTO];
static uint32_t expect_flags;
static struct rte_mbuf *held[NB_PROTO * FZ_MAX_FRAMES];
static unsigned int nb_held;

/* what the layer is set to now */
static uint32_t filter_now[NB_PROTO];
static int paused_now[NB_PROTO];
static uint8_t mcast_now = 0xff; /* none set yet */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
receive(unsigned int p, struct dps_binding *b, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	FZ_ASSERT(b == bind_of[p]);
	FZ_ASSERT(n > 0 && n <= DPS_BURST);
	FZ_ASSERT((flags & ~DPS_RX_F_SHARED) == expect_flags);
	for (uint16_t i = 0; i < n; i++) {
		int j = -1;

		for (uint16_t k = 0; k < in_n; k++)
			if (in_pkts[k] == pkts[i]) {
				j = k;
				break;
			}
		FZ_ASSERT(j >= 0);		  /* one of this input's frames */
		FZ_ASSERT(!(got[j] & (1u << p))); /* once per binding */
		FZ_ASSERT(j > last_idx[p]);	  /* in arrival order */
		last_idx[p] = j;
		got[j] |= (uint8_t)(1u << p);
		if (flags & DPS_RX_F_SHARED)
			got_shared[j] |= (uint8_t)(1u << p);
		else
			FZ_ASSERT(rte_mbuf_refcnt_read(pkts[i]) == 1);
	}
	switch (mode[p]) {
	case 1:
		if (dps_binding_send(b, pkts, n) != DPS_OK)
			rte_pktmbuf_free_bulk(pkts, n);
		break;
	case 2:
		if (!(flags & DPS_RX_F_RESOURCES)) {
			memcpy(&held[nb_held], pkts, n * sizeof(pkts[0]));
			nb_held += n;
			dps_binding_hold(b, n);
			break;
		}
		/* fall through: with resources low nothing is kept */
	default:
		rte_pktmbuf_free_bulk(pkts, n);
	}
}

#define RECEIVER(p)                                                                                \
	static void receive_##p(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts,          \
		uint16_t n, uint32_t flags)                                                        \
	{                                                                                          \
		(void)ctx;                                                                         \
		receive(p, b, pkts, n, flags);                                                     \
	}
RECEIVER(0)
RECEIVER(1)
RECEIVER(2)
RECEIVER(3)

static const struct dps_protocol_ops ops[NB_PROTO] = {{.receive = receive_0},
	{.receive = receive_1}, {.receive = receive_2}, {.receive = receive_3}};
static DPS_CONTEXT_TYPE(fz_ctx, uint64_t, NULL);
static const uint16_t types0[] = {0x88b5, 0x0800}, types1[] = {0x88b5}, types2[] = {0x0806, 0x86dd};
static const struct dps_protocol_desc descs[NB_PROTO] = {
	{.name = "fz0",
		.ethertypes = types0,
		.nb_ethertypes = 2,
		.ops = &ops[0],
		.binding_ctx = &fz_ctx,
		.default_filter = DPS_FILTER_ALL},
	{.name = "fz1",
		.ethertypes = types1,
		.nb_ethertypes = 1,
		.ops = &ops[1],
		.binding_ctx = &fz_ctx,
		.default_filter = DPS_FILTER_ALL},
	{.name = "fz2",
		.ethertypes = types2,
		.nb_ethertypes = 2,
		.ops = &ops[2],
		.binding_ctx = &fz_ctx,
		.default_filter = DPS_FILTER_ALL},
	{.name = "fz3",
		.catch_all = 1,
		.ops = &ops[3],
		.binding_ctx = &fz_ctx,
		.default_filter = DPS_FILTER_ALL},
};

static int
find_cb(struct dps_binding *b, void *arg)
{
	struct dps_protocol *p = arg;

	for (unsigned int i = 0; i < NB_PROTO; i++)
		if (dps_binding_protocol(b) == p && dps_protocol_desc(p) == &descs[i])
			bind_of[i] = b;
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const vdevs[] = {"--vdev=net_null_fzd0", NULL};
	struct dps_object_attr sa = {.type = "stack", .name = "fuzz_dispatch"};
	struct dps_config_adapter cfg;
	unsigned int worker = 1;
	char err[256] = "";

	(void)argc;
	(void)argv;
	fz_eal_init("fuzz_dispatch", vdevs);
	pool = fz_pool("fuzz_dispatch");
	FZ_ASSERT(dps_object_create(&sa, NULL, &stack) == DPS_OK);
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "null0");
	snprintf(cfg.device, sizeof(cfg.device), "net_null_fzd0");
	cfg.rx_queues = 1;
	cfg.rx_ring = 256;
	cfg.tx_ring = 256;
	cfg.mtu = 1500;
	if (dps_adapter_create(stack, &cfg, pool, &worker, 1, &ad, err, sizeof(err)) != DPS_OK) {
		fprintf(stderr, "fuzz_dispatch: %s\n", err);
		abort();
	}
	FZ_ASSERT(dps_adapter_start(ad) == DPS_OK);
	FZ_ASSERT(dps_binding_layer_init(stack, NULL) == DPS_OK);
	/* the corpus's frames are addressed to it (net_null's own is random) */
	FZ_ASSERT(dps_adapter_set_mac(ad, &our_mac) == DPS_OK);
	FZ_ASSERT(rte_eth_macaddr_get(ad->port_id, &ad_mac) == 0);
	FZ_ASSERT(rte_is_same_ether_addr(&ad_mac, &ad->mac));
	for (unsigned int i = 0; i < NB_PROTO; i++) {
		struct dps_protocol *p;

		FZ_ASSERT(dps_protocol_register(&descs[i], NULL, &p) == DPS_OK);
		dps_binding_foreach(find_cb, p);
		FZ_ASSERT(bind_of[i] != NULL);
		FZ_ASSERT(dps_binding_state(bind_of[i]) == DPS_BINDING_RUNNING);
		filter_now[i] = DPS_FILTER_ALL;
	}
	return 0;
}

/* ---- the model ---- */

enum { M_RUNT = 1, M_VLAN_TRUNCATED, M_TOO_MANY_VLANS, M_UNCLAIMED, M_FILTERED };

static int
type_in(unsigned int p, uint16_t type)
{
	const struct dps_protocol_desc *d = &descs[p];

	for (unsigned int i = 0; i < d->nb_ethertypes; i++)
		if (d->ethertypes[i] == type)
			return 1;
	return 0;
}

static int
accepts(unsigned int p, const uint8_t *dst, uint8_t mcast_last)
{
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	uint32_t f = filter_now[p];

	if (f & DPS_FILTER_PROMISCUOUS)
		return 1;
	if (memcmp(dst, bc, 6) == 0)
		return (f & DPS_FILTER_BROADCAST) != 0;
	if (dst[0] & 1) {
		static const uint8_t pre[5] = {0x01, 0x00, 0x5e, 0x00, 0x00};

		if (f & DPS_FILTER_ALL_MULTICAST)
			return 1;
		return (f & DPS_FILTER_MULTICAST) && p == 0 && memcmp(dst, pre, 5) == 0 &&
		       dst[5] == mcast_last;
	}
	return (f & DPS_FILTER_DIRECTED) && memcmp(dst, ad_mac.addr_bytes, 6) == 0;
}

/* Which bindings frame @p m goes to (bits), or 0 with *drop set. */
static uint8_t
model(const struct rte_mbuf *m, uint8_t mcast_last, int *drop)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m), off = 14;
	uint16_t type;
	uint8_t bits = 0;
	int claimed = 0;

	*drop = 0;
	if (len < 14) {
		*drop = M_RUNT;
		return 0;
	}
	type = (uint16_t)(d[12] << 8 | d[13]);
	for (unsigned int tags = 0; type == 0x8100 || type == 0x88a8; tags++) {
		if (tags == 2 || len < off + 4) {
			/* the tag limit is the EtherType bindings': a catch-all takes it */
			if (!paused_now[3]) {
				if (accepts(3, d, mcast_last))
					return 1u << 3;
				*drop = M_FILTERED;
				return 0;
			}
			*drop = tags == 2 ? M_TOO_MANY_VLANS : M_VLAN_TRUNCATED;
			return 0;
		}
		type = (uint16_t)(d[off + 2] << 8 | d[off + 3]);
		off += 4;
	}
	for (unsigned int p = 0; p < NB_PROTO; p++) {
		if (paused_now[p] || (p < 3 && !type_in(p, type)))
			continue;
		claimed = 1;
		if (accepts(p, d, mcast_last))
			bits |= (uint8_t)(1u << p);
	}
	if (bits == 0)
		*drop = claimed ? M_FILTERED : M_UNCLAIMED;
	return bits;
}

/* ---- one input ---- */

static void
set_paused(unsigned int p, int paused)
{
	if (paused_now[p] == paused)
		return;
	FZ_ASSERT((paused ? dps_binding_pause(bind_of[p]) : dps_binding_restart(bind_of[p])) ==
		  DPS_OK);
	paused_now[p] = paused;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = {data, size};
	struct dps_adapter_lcore_stats before, after;
	uint8_t c0 = fz_u8(&in), c1 = fz_u8(&in), mcast_last = c1 >> 3;
	uint8_t want[FZ_MAX_FRAMES];
	uint64_t drops[M_FILTERED + 1] = {0}, delivered = 0;
	struct rte_mbuf *pkts[FZ_MAX_FRAMES];

	for (unsigned int p = 0; p < NB_PROTO; p++) {
		uint32_t f = fz_u8(&in) & DPS_FILTER_ALL;

		mode[p] = (c0 >> (2 * p)) & 3u;
		if (f != filter_now[p]) {
			FZ_ASSERT(dps_binding_set_filter(bind_of[p], f) == DPS_OK);
			filter_now[p] = f;
		}
	}
	if (mcast_last != mcast_now) {
		struct rte_ether_addr mc = {{0x01, 0x00, 0x5e, 0x00, 0x00, mcast_last}};

		FZ_ASSERT(dps_binding_set_mcast(bind_of[0], &mc, 1) == DPS_OK);
		mcast_now = mcast_last;
	}
	set_paused(1, (c1 >> 1) & 1);
	set_paused(3, (c1 >> 2) & 1);
	expect_flags = (c1 & 1) ? DPS_RX_F_RESOURCES : 0;

	in_n = fz_frames(pool, &in, in_pkts, FZ_MAX_FRAMES);
	if (in_n == 0)
		return 0;
	for (uint16_t i = 0; i < in_n; i++) {
		int drop;

		want[i] = model(in_pkts[i], mcast_last, &drop);
		drops[drop]++;
		delivered += want[i] != 0;
		got[i] = got_shared[i] = 0;
	}
	for (unsigned int p = 0; p < NB_PROTO; p++)
		last_idx[p] = -1;
	nb_held = 0;
	memcpy(pkts, in_pkts, in_n * sizeof(pkts[0]));

	dps_adapter_stats(ad, &before);
	dps_dispatch_burst(ad, pkts, in_n, expect_flags);
	dps_adapter_stats(ad, &after);

	for (uint16_t i = 0; i < in_n; i++) {
		FZ_ASSERT(got[i] == want[i]);
		if (__builtin_popcount(want[i]) > 1)
			FZ_ASSERT(got_shared[i] == got[i]);
	}
	FZ_ASSERT(after.rx - before.rx == in_n);
	FZ_ASSERT(after.rx_runt - before.rx_runt == drops[M_RUNT]);
	FZ_ASSERT(after.rx_vlan_truncated - before.rx_vlan_truncated == drops[M_VLAN_TRUNCATED]);
	FZ_ASSERT(after.rx_too_many_vlans - before.rx_too_many_vlans == drops[M_TOO_MANY_VLANS]);
	FZ_ASSERT(after.rx_unclaimed - before.rx_unclaimed == drops[M_UNCLAIMED]);
	FZ_ASSERT(after.rx_filtered - before.rx_filtered == drops[M_FILTERED]);
	FZ_ASSERT(drops[M_RUNT] + drops[M_VLAN_TRUNCATED] + drops[M_TOO_MANY_VLANS] +
			  drops[M_UNCLAIMED] + drops[M_FILTERED] + delivered ==
		  in_n);
	for (unsigned int i = 0; i < nb_held; i++)
		rte_pktmbuf_free(held[i]);
	for (unsigned int p = 0; p < NB_PROTO; p++) {
		unsigned int k = 0;

		for (uint16_t i = 0; i < in_n; i++)
			k += (got[i] >> p) & 1u;
		if (mode[p] == 2 && !(c1 & 1))
			dps_binding_release(bind_of[p], k);
	}
	fz_check_pool(pool);
	return 0;
}
