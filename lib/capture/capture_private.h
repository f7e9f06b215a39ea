/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CAPTURE_PRIVATE_H
#define DPS_CAPTURE_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/queue.h>
#include <sys/types.h>

#include <rte_bpf.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_pcapng.h>
#include <rte_ring.h>

#include "dps_adapter.h"
#include "dps_capture.h"
#include "dps_filter.h"
#include "dps_ipc.h"
#include "dps_log.h"

DPS_LOG_EXTERN(capture);

/* What the worker records beside each copy (the copy's private area). */
struct capture_meta {
	uint64_t tsc;
	uint32_t orig_len; /* the frame's length; the copy may be cut to snaplen */
	uint16_t queue;
	uint8_t dir; /* DPS_FILTER_RX or DPS_FILTER_TX */
};

struct capture {
	uint32_t id;
	struct dps_srv_client *client; /* NULL once it is gone */
	pid_t pid;
	struct dps_adapter *a; /* NULL once the adapter is gone */
	uint16_t port;
	char adapter[DPS_IPC_NAME_LEN];
	uint32_t dir;	  /* DPS_FILTER_RX | DPS_FILTER_TX */
	uint32_t snaplen; /* 0: whole frames */
	uint64_t count;	  /* 0: no limit */
	uint32_t duration_ms;
	uint16_t filter_len;
	char filter[DPS_IPC_MAX_FILTER + 1];
	struct rte_bpf *bpf;
	uint64_t (*jit)(void *ctx);
	struct rte_mempool *mp;	 /* the workers' copies */
	struct rte_mempool *wmp; /* the writer's pcapng blocks */
	struct rte_ring *ring;	 /* MP (workers) / SC (writer) */
	rte_pcapng_t *pc;
	pthread_t writer;
	int writer_started;
	uint64_t start_ns, end_ns;  /* wall clock */
	uint64_t tsc0, ns0, tsc_hz; /* TSC -> wall clock: a pair taken at start */
	uint64_t deadline;	    /* timer cycles; 0: none */
	/* control thread */
	int state;	/* enum dps_ipc_capture_state */
	uint32_t cause; /* enum dps_ipc_capture_cause */
	int wait_pending;
	uint32_t wait_id;
	uint64_t wait_deadline; /* 0: until it ends */
	/* control -> writer: detached, write what is left and finish */
	atomic_int stop;
	/* writer -> control */
	atomic_int limit_hit; /* a cause: COUNT or WRITE_ERROR */
	atomic_int done;      /* the file is complete and closed */
	int status;	      /* writer: DPS_OK or DPS_E_IO */
	/* counters: workers (relaxed atomics), writer */
	uint64_t seen, filtered, captured, dropped;
	uint64_t written, bytes;
	TAILQ_ENTRY(capture) next;
};

/* capture_datapath.c */
extern const struct dps_filter_ops dps__capture_filter_ops;

/* capture_control.c: the filter module's adapter_gone (the adapter is being
 * removed and the capture is detached: it ends, its file completed). */
void dps__capture_adapter_gone(void *ctx, struct dps_adapter *a);

/* capture_writer.c */
/* Open the pcapng section (header, interface blocks) on @p fd and start the
 * writer; @p fd is the writer's then, or closed on failure.
 * @return DPS_OK or DPS_E_IO / DPS_E_RESOURCES with @p why. */
int dps__capture_writer_start(struct capture *c, int fd, char *why, size_t len);
/* Wait for the writer (it finished: c->done). */
void dps__capture_writer_join(struct capture *c);

#endif
