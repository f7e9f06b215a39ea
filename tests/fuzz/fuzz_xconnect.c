/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: xconnect (lib/proto/xconnect) through the binding
 * layer. Two net_ring adapters a and b cross-connected ([protocol xconnect]
 * pairs = a:b; a net_ring port loops what it sends into its own rx ring, so
 * what xconnect sends out of b is read back from b's ring), plus protocol
 * "fzx" bound to a for EtherType 0x0800 (a frame both take is shared).
 * Frames of any shape (fuzz_frames.h) are dispatched on a.
 *
 * Control bytes:
 *   c0  bit 0 b's xconnect binding Paused (a forwards to a peer that refuses);
 *       bit 1 fzx Paused; bit 2 DPS_RX_F_RESOURCES
 *   c1  the packet filter of a's xconnect binding (DPS_FILTER_* bits)
 *   c2  the packet filter of fzx
 *
 * Oracles: ASan/UBSan; xconnect's rx on a grows by the frames a model
 * (classification and filter as DESIGN.md section 6 says; frames past the
 * tag limit are the catch-all's; alone and promiscuous, xconnect gets every
 * frame but runts) gives it, and
 * forwarded + drop_tx_full + drop_peer_down by as many; with b Running
 * every one of them comes out of b in order, byte for byte (same length,
 * same bytes), and nothing with b Paused (all counted drop_peer_down);
 * nothing comes back out of a; every mbuf back in the pool exactly once.
 */
#include <rte_ethdev.h>

#include "dps_dispatch.h"
#include "dps_test_stack.h"
#include "fuzz_frames.h"
#include "xconnect_private.h"

static struct rte_mempool *pool;
static struct dps_object *stack;
static struct dps_adapter *ad_a, *ad_b;
static struct dps_binding *xa, *xb, *fzx;
static uint32_t xa_filter = DPS_FILTER_ALL, fzx_filter = DPS_FILTER_DIRECTED;
static int xb_paused, fzx_paused;
static const struct rte_ether_addr our_mac = {{0x02, 0xd5, 0x00, 0x00, 0x00, 0x01}};
static unsigned int fzx_frames;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fzx_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	(void)b;
	(void)ctx;
	(void)flags;
	fzx_frames += n;
	rte_pktmbuf_free_bulk(pkts, n);
}

static const struct dps_protocol_ops fzx_ops = {.receive = fzx_receive};
static DPS_CONTEXT_TYPE(fzx_ctx, uint64_t, NULL);
static const uint16_t fzx_types[] = {RTE_ETHER_TYPE_IPV4};
static const struct dps_protocol_desc fzx_desc = {
	.name = "fzx",
	.ethertypes = fzx_types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_DIRECTED,
	.ops = &fzx_ops,
	.binding_ctx = &fzx_ctx,
};

struct finder {
	struct dps_protocol *p;
	const struct dps_adapter *a;
	struct dps_binding *b;
};

static int
find_cb(struct dps_binding *b, void *arg)
{
	struct finder *f = arg;

	if (dps_binding_protocol(b) == f->p && dps_binding_adapter(b) == f->a)
		f->b = b;
	return 0;
}

static struct dps_binding *
binding_of(struct dps_protocol *p, const struct dps_adapter *a)
{
	struct finder f = {p, a, NULL};

	dps_binding_foreach(find_cb, &f);
	FZ_ASSERT(f.b != NULL);
	return f.b;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const vdevs[] = {"--vdev=net_ring_fzxa", "--vdev=net_ring_fzxb", NULL};
	static struct dps_config_proto_schema schema;
	static struct dps_config_protocol cfg;
	struct dps_object_attr sa = {.type = "stack", .name = "fuzz_xconnect"};
	struct dps_protocol *xc, *p;

	(void)argc;
	(void)argv;
	fz_eal_init("fuzz_xconnect", vdevs);
	pool = fz_pool("fuzz_xconnect");
	FZ_ASSERT(dps_object_create(&sa, NULL, &stack) == DPS_OK);
	FZ_ASSERT(dps_workers_init() == DPS_OK);
	ad_a = dps_test_adapter(stack, pool, "a", "net_ring_fzxa", 256, 1500);
	ad_b = dps_test_adapter(stack, pool, "b", "net_ring_fzxb", 256, 1500);
	FZ_ASSERT(ad_a != NULL && ad_b != NULL);
	/* the corpus's frames are addressed to a or broadcast (net_ring refuses
	 * the change and keeps 00:00:00:00:00:00) */
	(void)dps_adapter_set_mac(ad_a, &our_mac);

	FZ_ASSERT(dps_binding_layer_init(stack, dps_workers_rcu()) == DPS_OK);

	schema.name = "xconnect";
	schema.keys = dps__xc_desc.config_keys;
	snprintf(cfg.name, sizeof(cfg.name), "xconnect");
	cfg.schema = &schema;
	cfg.bind = DPS_BIND_ALL;
	cfg.nb_values = 1;
	cfg.values[0].given = 1;
	snprintf(cfg.values[0].str, sizeof(cfg.values[0].str), "a:b");
	FZ_ASSERT(dps_protocol_register(&dps__xc_desc, &cfg, &xc) == DPS_OK);
	xa = binding_of(xc, ad_a);
	xb = binding_of(xc, ad_b);
	FZ_ASSERT(dps_protocol_register(&fzx_desc, NULL, &p) == DPS_OK);
	fzx = binding_of(p, ad_a);
	FZ_ASSERT(dps_binding_set_filter(xa, xa_filter) == DPS_OK);
	return 0;
}

static uint64_t
xc_counter(struct dps_binding *b, unsigned int i)
{
	uint64_t v[DPS__XC_STAT_COUNT];

	FZ_ASSERT(dps_binding_counters(b, v, DPS__XC_STAT_COUNT) == DPS__XC_STAT_COUNT);
	return v[i];
}

static int
accepts(uint32_t f, const uint8_t *dst, const struct rte_ether_addr *own)
{
	static const uint8_t bc[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

	if (f & DPS_FILTER_PROMISCUOUS)
		return 1;
	if (memcmp(dst, bc, 6) == 0)
		return (f & DPS_FILTER_BROADCAST) != 0;
	if (dst[0] & 1)
		return (f & DPS_FILTER_ALL_MULTICAST) != 0; /* no multicast list here */
	return (f & DPS_FILTER_DIRECTED) && memcmp(dst, own->addr_bytes, 6) == 0;
}

/* Does xconnect on a get frame @p m (and fzx, in *to_fzx)? */
static int
model(const struct rte_mbuf *m, int *to_fzx)
{
	const uint8_t *d = rte_pktmbuf_mtod(m, const uint8_t *);
	uint32_t len = rte_pktmbuf_data_len(m), off = 14;
	uint16_t type;

	*to_fzx = 0;
	if (len < 14)
		return 0; /* a runt, whatever binds */
	/* xconnect alone and promiscuous: every frame is its, unread */
	if (fzx_paused && (xa_filter & DPS_FILTER_PROMISCUOUS))
		return 1;
	type = (uint16_t)(d[12] << 8 | d[13]);
	for (unsigned int tags = 0; type == 0x8100 || type == 0x88a8; tags++) {
		if (tags == 2 || len < off + 4) /* past the tag limit: the catch-all's only */
			return accepts(xa_filter, d, &ad_a->mac);
		type = (uint16_t)(d[off + 2] << 8 | d[off + 3]);
		off += 4;
	}
	*to_fzx = !fzx_paused && type == RTE_ETHER_TYPE_IPV4 && accepts(fzx_filter, d, &ad_a->mac);
	return accepts(xa_filter, d, &ad_a->mac);
}

/* What @p a sent (a net_ring queue's tx ring is its rx ring), every queue. */
static unsigned int
drain(struct dps_adapter *a, struct rte_mbuf **out, unsigned int max)
{
	unsigned int n = 0;

	for (uint16_t q = 0; q < a->nb_rxq; q++) {
		uint16_t got;

		do {
			got = rte_eth_rx_burst(a->port_id, q, out + n,
				(uint16_t)RTE_MIN(max - n, (unsigned int)DPS_BURST));
			n += got;
		} while (got > 0 && n < max);
	}
	return n;
}

static void
set_paused(struct dps_binding *b, int *now, int paused)
{
	if (*now == paused)
		return;
	FZ_ASSERT((paused ? dps_binding_pause(b) : dps_binding_restart(b)) == DPS_OK);
	*now = paused;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t copy[FZ_MAX_FRAMES][FZ_MAX_FRAME_LEN];
	static uint32_t copy_len[FZ_MAX_FRAMES];
	struct fz_in in = {data, size};
	struct rte_mbuf *pkts[FZ_MAX_FRAMES], *out[2 * FZ_MAX_FRAMES];
	uint8_t c0 = fz_u8(&in), c1 = fz_u8(&in), c2 = fz_u8(&in);
	uint64_t rx0, fw0, full0, down0, rx1, fw1, full1, down1;
	unsigned int nb_xc = 0, nb_fzx = 0, got;
	uint16_t n;

	set_paused(xb, &xb_paused, c0 & 1);
	set_paused(fzx, &fzx_paused, (c0 >> 1) & 1);
	if ((c1 & DPS_FILTER_ALL) != xa_filter) {
		xa_filter = c1 & DPS_FILTER_ALL;
		FZ_ASSERT(dps_binding_set_filter(xa, xa_filter) == DPS_OK);
	}
	if ((c2 & DPS_FILTER_ALL) != fzx_filter) {
		fzx_filter = c2 & DPS_FILTER_ALL;
		FZ_ASSERT(dps_binding_set_filter(fzx, fzx_filter) == DPS_OK);
	}
	n = fz_frames(pool, &in, pkts, FZ_MAX_FRAMES);
	if (n == 0)
		return 0;
	for (uint16_t i = 0; i < n; i++) {
		int f;

		if (model(pkts[i], &f)) {
			fz_bytes(pkts[i], copy[nb_xc], &copy_len[nb_xc]);
			nb_xc++;
		}
		nb_fzx += (unsigned int)f;
	}
	rx0 = xc_counter(xa, DPS__XC_STAT_RX);
	fw0 = xc_counter(xa, DPS__XC_STAT_FORWARDED);
	full0 = xc_counter(xa, DPS__XC_STAT_DROP_TX_FULL);
	down0 = xc_counter(xa, DPS__XC_STAT_DROP_PEER_DOWN);
	fzx_frames = 0;

	dps_dispatch_burst(ad_a, pkts, n, (c0 & 4) ? DPS_RX_F_RESOURCES : 0);

	rx1 = xc_counter(xa, DPS__XC_STAT_RX) - rx0;
	fw1 = xc_counter(xa, DPS__XC_STAT_FORWARDED) - fw0;
	full1 = xc_counter(xa, DPS__XC_STAT_DROP_TX_FULL) - full0;
	down1 = xc_counter(xa, DPS__XC_STAT_DROP_PEER_DOWN) - down0;
	FZ_ASSERT(rx1 == nb_xc);
	FZ_ASSERT(fzx_frames == nb_fzx);
	FZ_ASSERT(fw1 + full1 + down1 == rx1);
	got = drain(ad_b, out, RTE_DIM(out));
	if (xb_paused) {
		FZ_ASSERT(down1 == rx1 && got == 0);
	} else {
		/* b's ring (1024) never fills with 64 frames an input */
		FZ_ASSERT(down1 == 0 && full1 == 0 && got == fw1);
		for (unsigned int i = 0; i < got; i++)
			FZ_ASSERT(fz_same(out[i], copy[i], copy_len[i]));
	}
	if (got > 0)
		rte_pktmbuf_free_bulk(out, got);
	FZ_ASSERT(drain(ad_a, out, RTE_DIM(out)) == 0);
	fz_check_pool(pool);
	return 0;
}
