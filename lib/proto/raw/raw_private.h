/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_RAW_PRIVATE_H
#define DPS_RAW_PRIVATE_H

#include <stdatomic.h>
#include <sys/queue.h>

#include <rte_bpf.h>
#include <rte_ring.h>

#include "dps_ipc.h"
#include "dps_log.h"
#include "dps_object.h"
#include "dps_raw.h"

DPS_LOG_EXTERN(raw);

#define RAW_IND_QUEUE 8 /* link indications kept per open */
/* the packet filter of a new open (as ndisprot sets at open) */
#define RAW_OPEN_FILTER (DPS_FILTER_DIRECTED | DPS_FILTER_MULTICAST | DPS_FILTER_BROADCAST)

struct raw_binding;
struct raw_ring; /* raw_ring.h */

struct raw_open {
	struct dps_object *obj; /* child of the client's object */
	dps_handle_t handle;
	struct dps_srv_client *client;
	struct raw_binding *rb; /* NULL once the adapter is gone */
	char adapter[DPS_IPC_NAME_LEN];
	uint8_t nb_types;
	uint16_t types[DPS_IPC_MAX_ETHERTYPES];
	struct rte_bpf *bpf;
	uint64_t (*jit)(void *ctx);
	struct rte_ring *q; /* frames for the client: MP/MC, drop-oldest */
	/* this open's packet filter and multicast list (OIDs set by its client);
	 * the binding's are their union over the opens */
	uint32_t filter;		 /* atomic */
	struct raw_mcast *_Atomic mcast; /* replaced whole, RCU */
	int removed;
	/* requests waiting (control thread) */
	int recv_pending;
	uint32_t recv_id;
	uint32_t recv_max;
	uint64_t recv_deadline;
	int wait_pending;
	uint32_t wait_id;
	uint64_t wait_deadline;
	struct dps_ipc_indication ind[RAW_IND_QUEUE];
	unsigned int ind_head, ind_n;
	/* counters (workers and the control thread) */
	uint64_t received, delivered, dropped, filtered, sent, send_refused;
	/* shared-memory rings and batched receive (raw_ring.c): the rings are
	 * published to the workers; a RECV_BATCH may wait (control thread) */
	struct raw_ring *_Atomic ring;
	int rb_pending;
	uint32_t rb_id, rb_max_frames, rb_max_len;
	uint64_t rb_deadline;
	struct rte_mbuf *rb_carry; /* dequeued, did not fit the last batch */
	TAILQ_ENTRY(raw_open) in_binding;
	TAILQ_ENTRY(raw_open) in_all;
};

struct raw_mcast {
	unsigned int n;
	struct rte_ether_addr a[DPS_BINDING_MAX_MCAST];
};

/* The opens a binding delivers to, RCU-published. */
struct raw_open_set {
	unsigned int n;
	struct raw_open *o[];
};

struct raw_binding {
	struct dps_binding *b;
	struct raw_open_set *_Atomic set;
	TAILQ_HEAD(, raw_open) opens; /* control thread */
	int last_send_status;	      /* the control thread's last send */
	uint16_t last_send_sent;      /* of its frames, how many the port took */
	uint32_t ring_mem_mb;	      /* ring memory one client may map, MiB */
	uint32_t default_qlen;
	TAILQ_ENTRY(raw_binding) next;
};

/* How long the control thread waits for an OID of a raw binding. */
#define RAW_OID_WAIT_MS 2000

/* raw_binding.c: what a binding does for its opens (control thread) */
/* Publish the binding's opens to its receive path and set the union of
 * their EtherTypes on the binding. @return DPS_OK or the failure. */
int dps__raw_publish_set(struct raw_binding *rb);
/* Put the union of the opens' packet filters and multicast lists on the
 * binding (and through it on the port); @return the first failure. */
int dps__raw_apply_union(struct raw_binding *rb);
/* The binding of adapter @p name, or NULL. */
struct raw_binding *dps__raw_binding_find(const char *name);
/* The @p index-th Running binding (LIST_BINDINGS), or NULL past the last. */
struct raw_binding *dps__raw_binding_running(uint32_t index);

/* raw_socket.c: what a binding tells its opens (control thread) */
/* A link indication: answers a waiting WAIT_STATUS, or is kept for the next. */
void dps__raw_open_indicate(struct raw_open *o, const struct dps_status_indication *ind);
/* The binding is going away: the open's pending requests fail, its frames go. */
void dps__raw_open_lost(struct raw_open *o);

/* raw_datapath.c */
void dps__raw_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags);
void dps__raw_flush(struct raw_open *o); /* free queued frames */

#endif
