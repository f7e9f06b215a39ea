/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_FUZZ_FRAMES_H
#define DPS_FUZZ_FRAMES_H

/*
 * What the datapath harnesses (fuzz_dispatch, fuzz_arp, fuzz_ipv4,
 * fuzz_xconnect) share: EAL start in LLVMFuzzerInitialize, reading an input,
 * turning a frame's bytes into an mbuf chain, and the oracles every harness
 * checks after each input.
 *
 * An input is a few control bytes (their meaning is the harness's, see its
 * header comment) and then frames, each a record
 *   [segmentation byte] [first segment's length] [length, 2 bytes big endian]
 *   [that many bytes]
 * (a record cut short takes what is left). The segmentation byte:
 *   bits 0-1  segments - 1 (a segment never empty)
 *   bit  2    exact-bounds: every segment's data is an external buffer
 *             malloc'ed to its exact size, so AddressSanitizer sees a read
 *             one byte past a segment; otherwise pool mbufs (direct, which
 *             lets a protocol answer in place)
 *   bits 3-7  where the segments after the first are cut
 * With several segments the first is as long as the next byte says (when
 * 1..length-1; a byte of the input, so comparisons against the first
 * segment's length guide the fuzzer to it).
 * A frame longer than a pool mbuf's data room gets more segments.
 *
 * Oracles after each input (fz_check_pool): every pool mbuf back exactly
 * once (the pool's ring holds exactly its size: a leak is fewer, a double
 * free more, the ring having room for a few more), every external buffer
 * freed.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

/* Pool size: not 2^k - 1, so the ring behind it has room for a double free to show. */
#define FZ_POOL_SIZE 1000
#define FZ_MAX_FRAMES 64
#define FZ_MAX_FRAME_LEN 9200

struct fz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t
fz_u8(struct fz_in *in)
{
	if (in->n == 0)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t
fz_u16(struct fz_in *in)
{
	uint16_t hi = fz_u8(in);

	return (uint16_t)(hi << 8 | fz_u8(in));
}

/* Abort the input's run: libFuzzer reports it with the input (a harness oracle failed). */
#define FZ_ASSERT(cond)                                                                            \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: oracle failed: %s\n", __FILE__, __LINE__, #cond);  \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/*
 * Start EAL for harness @p name: no hugepages, no PCI, two lcores (lcore 1
 * stands for a worker: adapters give it a tx queue; no thread runs on it),
 * its own file prefix, plus @p vdevs (NULL-terminated "--vdev=..." words).
 */
static inline void
fz_eal_init(const char *name, const char *const *vdevs)
{
	static char prefix[64];
	char *argv[32];
	int argc = 0;

	snprintf(prefix, sizeof(prefix), "--file-prefix=%s_%d", name, (int)getpid());
	argv[argc++] = (char *)(uintptr_t)name;
	argv[argc++] = (char *)(uintptr_t) "--no-huge";
	argv[argc++] = (char *)(uintptr_t) "--no-pci";
	argv[argc++] = (char *)(uintptr_t) "-m";
	argv[argc++] = (char *)(uintptr_t) "128";
	argv[argc++] = (char *)(uintptr_t) "-l";
	argv[argc++] = (char *)(uintptr_t) "0-1";
	argv[argc++] = (char *)(uintptr_t) "--no-shconf";
	argv[argc++] = (char *)(uintptr_t) "--no-telemetry";
	argv[argc++] = (char *)(uintptr_t) "--log-level=*:error";
	argv[argc++] = prefix;
	for (unsigned int i = 0; vdevs != NULL && vdevs[i] != NULL && argc < 31; i++)
		argv[argc++] = (char *)(uintptr_t)vdevs[i];
	argv[argc] = NULL;
	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "%s: rte_eal_init failed\n", name);
		abort(); /* start-up: nothing to fuzz without EAL */
	}
}

static inline struct rte_mempool *
fz_pool(const char *name)
{
	struct rte_mempool *mp = rte_pktmbuf_pool_create(
		name, FZ_POOL_SIZE, 0, 0, RTE_MBUF_DEFAULT_BUF_SIZE, (int)rte_socket_id());

	if (mp == NULL) {
		fprintf(stderr, "%s: no mempool\n", name);
		abort();
	}
	return mp;
}

/* ---- exact-bounds external buffers ---- */

static unsigned int fz_ext_live; /* external buffers not freed yet */

struct fz_ext {
	struct rte_mbuf_ext_shared_info shinfo;
	uint8_t data[]; /* exactly the segment's bytes: ASan's redzone right after */
};

static void
fz_ext_free(void *addr, void *opaque)
{
	(void)addr;
	free(opaque);
	fz_ext_live--;
}

/* One segment holding @p len (>= 1) bytes of @p b, or NULL (no mbuf). */
static inline struct rte_mbuf *
fz_seg(struct rte_mempool *mp, const uint8_t *b, uint16_t len, int exact)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
	char *p;

	if (m == NULL)
		return NULL;
	if (exact) {
		struct fz_ext *e = malloc(sizeof(*e) + len);

		if (e == NULL) {
			rte_pktmbuf_free(m);
			return NULL;
		}
		memset(&e->shinfo, 0, sizeof(e->shinfo));
		e->shinfo.free_cb = fz_ext_free;
		e->shinfo.fcb_opaque = e;
		rte_mbuf_ext_refcnt_set(&e->shinfo, 1);
		rte_pktmbuf_attach_extbuf(
			m, e->data, (rte_iova_t)(uintptr_t)e->data, len, &e->shinfo);
		fz_ext_live++;
	}
	p = rte_pktmbuf_append(m, len);
	if (p == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memcpy(p, b, len);
	return m;
}

/*
 * The frame of @p len bytes at @p b as an mbuf chain cut as @p seg says
 * (see the header comment), or NULL (no mbuf).
 */
static inline struct rte_mbuf *
fz_frame(struct rte_mempool *mp, const uint8_t *b, uint16_t len, uint8_t seg, uint8_t first)
{
	unsigned int nsegs = 1 + (seg & 3u), cut = seg >> 3;
	int exact = (seg >> 2) & 1;
	uint16_t room = (uint16_t)(RTE_MBUF_DEFAULT_BUF_SIZE - RTE_PKTMBUF_HEADROOM);
	struct rte_mbuf *head = NULL;
	uint16_t off = 0;

	if (len == 0) {
		/* an empty frame: one empty pool mbuf */
		return rte_pktmbuf_alloc(mp);
	}
	for (unsigned int k = 0; off < len; k++) {
		uint16_t left = (uint16_t)(len - off), n = left;
		struct rte_mbuf *m;

		if (k == 0 && nsegs > 1 && first > 0 && first < left)
			n = first;
		else if (k + 1 < nsegs)
			n = (uint16_t)(1 + (cut * 37u + k * 11u) % left);
		if (n > room)
			n = room;
		m = fz_seg(mp, b + off, n, exact);
		if (m == NULL || (head != NULL && rte_pktmbuf_chain(head, m) != 0)) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
		if (head == NULL)
			head = m;
		off = (uint16_t)(off + n);
	}
	return head;
}

/* The frames of the rest of @p in: up to @p max into @p out; @return how many. */
static inline uint16_t
fz_frames(struct rte_mempool *mp, struct fz_in *in, struct rte_mbuf **out, uint16_t max)
{
	uint16_t n = 0;

	while (in->n > 0 && n < max) {
		uint8_t seg = fz_u8(in), first = fz_u8(in);
		uint16_t len = fz_u16(in);
		struct rte_mbuf *m;

		if (len > in->n)
			len = (uint16_t)in->n;
		if (len > FZ_MAX_FRAME_LEN)
			len = FZ_MAX_FRAME_LEN;
		m = fz_frame(mp, in->p, len, seg, first);
		FZ_ASSERT(m != NULL); /* the pool is full at the start of an input */
		in->p += len;
		in->n -= len;
		out[n++] = m;
	}
	return n;
}

/* A copy of a frame's bytes, to compare with later. */
static inline void
fz_bytes(const struct rte_mbuf *m, uint8_t *buf, uint32_t *len)
{
	uint32_t l = rte_pktmbuf_pkt_len(m);
	const void *p;

	FZ_ASSERT(l <= FZ_MAX_FRAME_LEN);
	p = rte_pktmbuf_read(m, 0, l, buf);
	FZ_ASSERT(p != NULL || l == 0);
	if (p != NULL && p != buf)
		memcpy(buf, p, l);
	*len = l;
}

/* Does frame @p m hold exactly the @p len bytes of @p b? */
static inline int
fz_same(const struct rte_mbuf *m, const uint8_t *b, uint32_t len)
{
	static uint8_t tmp[FZ_MAX_FRAME_LEN];
	uint32_t l;

	if (rte_pktmbuf_pkt_len(m) != len)
		return 0;
	fz_bytes(m, tmp, &l);
	return memcmp(tmp, b, len) == 0;
}

/* Every mbuf of @p mp back exactly once, every external buffer freed. */
static inline void
fz_check_pool(struct rte_mempool *mp)
{
	/* the ring's own count: rte_mempool_avail_count() stops at the size */
	FZ_ASSERT(rte_mempool_get_ops(mp->ops_index)->get_count(mp) == mp->size);
	FZ_ASSERT(fz_ext_live == 0);
}

#endif /* DPS_FUZZ_FRAMES_H */
