/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_RAW_RING_H
#define DPS_RAW_RING_H

/*
 * Shared-memory rings of raw opens and batched messages (issue 15; the
 * layout is lib/ipc/dps_ring.h). raw_ring.c: setup and teardown, budgets,
 * SEND_BATCH / RECV_BATCH (control thread). raw_ring_datapath.c: copying
 * received frames into a receive ring, draining send rings (workers).
 */

#include <rte_spinlock.h>

#include "dps_ring.h"
#include "raw_private.h"

/* Ring memory one client may map by default ([protocol raw] ring_mem_mb). */
#define RAW_RING_MEM_MB_DEFAULT 256
#define RAW_RING_MEM_MB_MAX 65536

/* One receive sub-ring's producer state: private memory, one writer. */
struct raw_ring_sub {
	uint64_t head;	     /* trusted copy of what was published */
	uint64_t last_sleep; /* the client's rx_sleep when it was last woken */
	uint64_t received, dropped, truncated;
	uint32_t pending; /* frames written in this burst, not yet published */
} __rte_cache_aligned;

struct raw_ring {
	struct raw_open *o;
	struct dps_srv_client *client;
	struct dps_ring_params p;
	struct dps_ring_layout l;
	uint8_t *a;	  /* memory A, mapped read-write here */
	const uint8_t *b; /* memory B, mapped read-only here */
	int fd_a, fd_b, efd;
	uint64_t bytes; /* size_a + size_b, counted against the client */
	/* the send ring's consumer (one lcore, or the control thread) */
	unsigned int tx_lcore; /* RTE_MAX_LCORE: the control thread */
	uint64_t tx_tail;
	uint64_t tx_last_sleep;
	uint64_t tx_bad_head;	    /* the last out-of-range head counted */
	rte_spinlock_t shared_lock; /* the last sub-ring: threads that are not workers */
	TAILQ_ENTRY(raw_ring) next;
	struct raw_ring_sub sub[];
};

/* raw_ring.c (control thread) */
/* A request of type 0x50.. on open @p o: answered here. @return 1 if it
 * was one, 0 if not (the caller answers NOT_SUPPORTED). */
int dps__raw_ring_request(
	struct raw_open *o, const struct dps_ipc_hdr *h, const uint8_t *p, uint32_t len);
/* The open goes (closed, client gone, adapter gone): its rings are
 * unpublished and unmapped, a waiting RECV_BATCH fails with @p status. */
void dps__raw_ring_close(struct raw_open *o, int status);
/* From raw_poll: a waiting RECV_BATCH of @p o gets its frames or times out;
 * send rings drained by the control thread (no workers). */
void dps__raw_ring_poll(struct raw_open *o, uint64_t now);
/* The per-frame checks of a send (length, anti-spoof, EtherType), as
 * do_send has them. @return DPS_OK or the refusal; *why its ring reason;
 * with @p text (not on the datapath), the reason for people. */
int dps__raw_check_frame(const struct raw_open *o, const struct dps_bind_params *bp,
	const uint8_t *f, uint32_t len, unsigned int *why, char *text, size_t textlen);

/* raw_ring_datapath.c */
/* Copy @p m into the receive ring (sub-ring of this thread), @p rflags
 * DPS_RING_F_LOOPBACK or 0; *ts is the burst's timestamp (0: not taken yet). */
void dps__raw_ring_rx(
	struct raw_ring *r, struct rte_mbuf *m, unsigned int slot, uint32_t rflags, uint64_t *ts);
/* After a burst: publish what dps__raw_ring_rx wrote, wake a sleeping client. */
void dps__raw_ring_rx_flush(struct raw_ring *r, unsigned int slot);
/* Drain up to a burst of the send ring (its consumer thread only). */
unsigned int dps__raw_ring_tx_drain(struct raw_ring *r);
/* The workers' poll (dps_ctrl_set_worker_poll): drain this lcore's rings. */
void dps__raw_ring_worker_poll(unsigned int lcore);
/* This lcore's send rings, RCU-published (raw_ring.c writes, workers read). */
struct raw_ring_list {
	unsigned int n;
	struct raw_ring *r[];
};
extern struct raw_ring_list *_Atomic dps__raw_tx_lists[RTE_MAX_LCORE];
/* Sub-ring of each counter slot (dps_proto_stat_slot()): workers have their own. */
extern uint8_t dps__raw_sub_of_slot[RTE_MAX_LCORE + 1];

#endif
