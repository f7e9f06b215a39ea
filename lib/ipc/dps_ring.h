/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_RING_H
#define DPS_RING_H

/**
 * @file
 * The shared-memory rings of a raw open (issue 15): what dpstack and
 * libdpsclient both map. No DPDK here (libdpsclient includes it).
 *
 * An open asks for rings with RING_SETUP; the reply carries the ring
 * parameters and, with SCM_RIGHTS, three file descriptors:
 *  - memory A (memfd, sealed: no shrink, no grow, no new writable mapping):
 *    written by the stack only, mapped read-only by the client: the ring
 *    information, the send ring's consumer side (tail, counters), and the
 *    receive sub-rings (producer heads, counters, slots with the frames);
 *  - memory B (memfd, sealed: no shrink, no grow): written by the client,
 *    mapped read-only by the stack: the receive sub-rings' tails, the sleep
 *    words, the send ring's head and its slots;
 *  - an eventfd the stack writes when the client said it sleeps.
 * The stack therefore cannot write the send ring and the client cannot
 * write the receive ring; the stack reads every index and length of B as
 * untrusted input (clamped, checked, copied before it is checked).
 *
 * Receive: one sub-ring per worker lcore plus one for every other thread
 * (the control thread): each has exactly one producer, so no producer ever
 * waits for another. Frames of one rx queue (one lcore) stay in order; the
 * client merges the sub-rings. Slot i of a sub-ring holds the frame with
 * index i modulo rx_slots; its seq word is the frame's index once written
 * (UINT64_MAX while it is being written), so a reader of a drop-oldest ring
 * that the producer lapped sees the seq change and skips (a seqlock).
 *
 * Send: one ring, one producer (the client), one consumer (one worker lcore
 * chosen at setup). Slots of tx_slot_size bytes: u32 len, u32 0, u64 0, then
 * the frame.
 *
 * Wakeups (the AF_XDP "needs wakeup" pattern): before it sleeps, the client
 * increments its sleep word (rx_sleep or tx_sleep in B), issues a full
 * fence, checks the rings once more and then polls the eventfd. A producer
 * (rx) or the consumer (tx), after publishing, issues a full fence and
 * writes the eventfd only if the sleep word changed since it last woke the
 * client: no system call while the client is awake.
 *
 * All integers are the host's (both sides run on one machine); 64-bit
 * indexes never wrap in practice.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DPS_RING_MAGIC 0x52535044u /**< "DPSR" */
#define DPS_RING_VERSION 1u

#define DPS_RING_SLOTS_MIN 16u	  /**< slots per (sub-)ring: a power of two */
#define DPS_RING_SLOTS_MAX 65536u /**< slots per (sub-)ring */
#define DPS_RING_SLOT_MIN 128u	  /**< slot size, bytes: a multiple of 64 */
#define DPS_RING_SLOT_MAX 16384u
#define DPS_RING_SUB_MAX 64u /**< receive sub-rings (worker lcores + 1) */
#define DPS_RING_RX_SLOT_HDR 32u
#define DPS_RING_TX_SLOT_HDR 16u

/** Receive policy when a sub-ring is full. */
#define DPS_RING_DROP_OLDEST 0u /**< the oldest frame is overwritten (counted dropped) */
#define DPS_RING_DROP_NEWEST 1u /**< the new frame is dropped (counted) */

/** Receive slot flags. */
#define DPS_RING_F_LOOPBACK 0x1u  /**< sent by another open of this adapter */
#define DPS_RING_F_VLAN 0x2u	  /**< vlan_tci is the tag the port stripped */
#define DPS_RING_F_TRUNCATED 0x4u /**< cut to the slot (len < orig_len) */

/** Why the stack refused frames of the send ring (tx refused[]). */
enum dps_ring_tx_reason {
	DPS_RING_TX_LENGTH = 0,	   /**< < 14 bytes, > MTU + 14, or more than the slot holds */
	DPS_RING_TX_SPOOF = 1,	   /**< source MAC not the adapter's */
	DPS_RING_TX_ETHERTYPE = 2, /**< not an EtherType of the open */
	DPS_RING_TX_RESOURCES = 3, /**< no mbuf */
	DPS_RING_TX_STATE = 4,	   /**< the binding is not Running (paused, gone) */
	DPS_RING_TX_INDEX = 5,	   /**< the client's head was out of range (times seen) */
	DPS_RING_TX_REASONS = 6,
};

/** The ring parameters (RING_SETUP reply; also at the start of memory A). */
struct dps_ring_params {
	uint32_t nb_sub;       /**< receive sub-rings */
	uint32_t rx_slots;     /**< per sub-ring; 0 = no receive ring */
	uint32_t rx_slot_size; /**< bytes */
	uint32_t tx_slots;     /**< 0 = no send ring */
	uint32_t tx_slot_size;
	uint32_t policy; /**< DPS_RING_DROP_* */
};

/** Memory A, offset 0. */
struct dps_ring_info {
	uint32_t magic;	  /**< DPS_RING_MAGIC */
	uint32_t version; /**< DPS_RING_VERSION */
	struct dps_ring_params params;
	uint32_t closed; /**< 1 once the stack let go (open closed, adapter gone) */
	uint32_t reserved;
	uint64_t size_a, size_b;
	uint8_t pad[64 - 16 - sizeof(struct dps_ring_params) - 16];
};

/** Memory A: the send ring as the stack consumes it (one cache line pair). */
struct dps_ring_tx_cons {
	uint64_t tail;			       /**< slots consumed (completion count) */
	uint64_t sent;			       /**< frames handed to the port */
	uint64_t refused[DPS_RING_TX_REASONS]; /**< by reason */
	uint8_t pad[128 - 16 - 8 * DPS_RING_TX_REASONS];
};

/** Memory A: one receive sub-ring's producer side. */
struct dps_ring_rx_prod {
	uint64_t head;	    /**< frames published */
	uint64_t received;  /**< frames for this open (published + dropped) */
	uint64_t dropped;   /**< overwritten (drop-oldest) or refused (drop-newest) */
	uint64_t truncated; /**< cut to the slot */
	uint8_t pad[128 - 32];
};

/** Memory A: a receive slot (then the frame's bytes). */
struct dps_ring_rx_slot {
	uint64_t seq;	/**< the frame's index once complete; UINT64_MAX while written */
	uint64_t ts_ns; /**< CLOCK_REALTIME on the worker, per burst */
	uint32_t len;	/**< bytes in the slot */
	uint32_t orig_len;
	uint16_t flags; /**< DPS_RING_F_* */
	uint16_t vlan_tci;
	uint32_t reserved;
};

/** Memory B: the client's words. */
struct dps_ring_client {
	uint64_t rx_sleep; /**< incremented before the client sleeps for frames */
	uint64_t tx_sleep; /**< incremented before it sleeps for send slots */
	uint64_t tx_head;  /**< send slots published */
	uint8_t pad[64 - 24];
};

/** Memory B: a send slot (then the frame). */
struct dps_ring_tx_slot {
	uint32_t len;
	uint32_t reserved0;
	uint64_t reserved1;
};

/** Offsets of everything, computed the same way on both sides. */
struct dps_ring_layout {
	uint64_t tx_cons;  /**< A */
	uint64_t rx_prod;  /**< A: nb_sub of struct dps_ring_rx_prod */
	uint64_t rx_slots; /**< A: nb_sub * rx_slots * rx_slot_size, page aligned */
	uint64_t size_a;   /**< page multiple */
	uint64_t client;   /**< B: struct dps_ring_client */
	uint64_t rx_cons;  /**< B: nb_sub u64 tails, one cache line each */
	uint64_t tx_slots; /**< B: tx_slots * tx_slot_size, page aligned */
	uint64_t size_b;   /**< page multiple */
};

_Static_assert(sizeof(struct dps_ring_info) == 64, "ring info layout");
_Static_assert(sizeof(struct dps_ring_tx_cons) == 128, "tx consumer layout");
_Static_assert(sizeof(struct dps_ring_rx_prod) == 128, "rx producer layout");
_Static_assert(sizeof(struct dps_ring_rx_slot) == DPS_RING_RX_SLOT_HDR, "rx slot layout");
_Static_assert(sizeof(struct dps_ring_tx_slot) == DPS_RING_TX_SLOT_HDR, "tx slot layout");
_Static_assert(sizeof(struct dps_ring_client) == 64, "client words layout");

#define DPS_RING_PAGE 4096u

static inline uint64_t
dps_ring_align(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static inline int
dps_ring_pow2(uint32_t v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

/**
 * Check @p p and compute the layout.
 * @return 0; -1 if a field is out of range (see the DPS_RING_* limits;
 *         rx_slots and tx_slots may be 0 for no ring, not both).
 */
static inline int
dps_ring_layout_of(const struct dps_ring_params *p, struct dps_ring_layout *l)
{
	if (p->nb_sub == 0 || p->nb_sub > DPS_RING_SUB_MAX || p->policy > DPS_RING_DROP_NEWEST)
		return -1;
	if (p->rx_slots == 0 && p->tx_slots == 0)
		return -1;
	if (p->rx_slots != 0 &&
		(!dps_ring_pow2(p->rx_slots) || p->rx_slots < DPS_RING_SLOTS_MIN ||
			p->rx_slots > DPS_RING_SLOTS_MAX || p->rx_slot_size < DPS_RING_SLOT_MIN ||
			p->rx_slot_size > DPS_RING_SLOT_MAX || p->rx_slot_size % 64 != 0))
		return -1;
	if (p->tx_slots != 0 &&
		(!dps_ring_pow2(p->tx_slots) || p->tx_slots < DPS_RING_SLOTS_MIN ||
			p->tx_slots > DPS_RING_SLOTS_MAX || p->tx_slot_size < DPS_RING_SLOT_MIN ||
			p->tx_slot_size > DPS_RING_SLOT_MAX || p->tx_slot_size % 64 != 0))
		return -1;
	l->tx_cons = sizeof(struct dps_ring_info);
	l->rx_prod = l->tx_cons + sizeof(struct dps_ring_tx_cons);
	l->rx_slots = dps_ring_align(
		l->rx_prod + (uint64_t)p->nb_sub * sizeof(struct dps_ring_rx_prod), DPS_RING_PAGE);
	l->size_a = dps_ring_align(
		l->rx_slots + (uint64_t)p->nb_sub * p->rx_slots * p->rx_slot_size, DPS_RING_PAGE);
	l->client = 0;
	l->rx_cons = sizeof(struct dps_ring_client);
	l->tx_slots = dps_ring_align(l->rx_cons + (uint64_t)p->nb_sub * 64, DPS_RING_PAGE);
	l->size_b = dps_ring_align(
		l->tx_slots + (uint64_t)p->tx_slots * p->tx_slot_size, DPS_RING_PAGE);
	return 0;
}

#ifdef __cplusplus
}
#endif

#endif /* DPS_RING_H */
