/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef FAKE_DPSD_H
#define FAKE_DPSD_H

/*
 * A stand-in for dpstack's control-socket server, for testing libdpsclient
 * and dpsctl without EAL: it speaks the wire format of lib/ipc with a small
 * model behind it (two adapters, opens with queues, loopback of sent
 * frames, a few OIDs, link indications), and can be told to misbehave on
 * the next request (close, wrong id, wrong type, truncated, no reply...).
 * Not the real server's rules in every detail: the integration tests run
 * the real one.
 */
#include <pthread.h>
#include <stdint.h>

#include "dps_ipc.h"

enum fake_misbehave {
	FAKE_NORMAL = 0,
	FAKE_CLOSE,	  /* close the connection instead of replying */
	FAKE_WRONG_ID,	  /* reply with another id */
	FAKE_WRONG_TYPE,  /* reply with another request's reply type */
	FAKE_TRUNCATED,	  /* a datagram shorter than its header says */
	FAKE_OVERSIZE,	  /* a datagram bigger than any message */
	FAKE_NO_REPLY,	  /* swallow the request */
	FAKE_BAD_PAYLOAD, /* DPS_OK with a 3-byte payload */
	FAKE_ERROR_REPLY, /* a DPS_IPC_ERROR reply with DPS_E_NOT_SUPPORTED */
	FAKE_STATUS,	  /* the reply type with status fake.status (and fake.reason) */
	FAKE_POSITIVE,	  /* the reply type with status DPS_PENDING */
};

#define FAKE_MAX_OPENS 8
#define FAKE_QUEUE 64
#define FAKE_NB_ADAPTERS 2

struct fake_frame {
	uint32_t len;
	uint8_t data[DPS_IPC_MAX_FRAME];
};

struct fake_open {
	int used;
	uint64_t handle;
	int adapter;
	uint16_t nb_types;
	uint16_t types[DPS_IPC_MAX_ETHERTYPES];
	unsigned int head, count; /* ring of FAKE_QUEUE frames */
	struct fake_frame q[FAKE_QUEUE];
	uint64_t received, delivered, dropped, sent, send_refused;
};

struct fake_adapter {
	char name[DPS_IPC_NAME_LEN];
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t link_up;
	uint32_t packet_filter;
	uint32_t mcast_len;
	uint8_t mcast[32 * 6];
};

struct fake_server {
	pthread_mutex_t lock; /* everything below */
	/* configuration */
	unsigned int prefill;		     /* frames queued into each new open */
	int no_indications;		     /* WAIT_STATUS always times out */
	unsigned int max_wait_ms;	     /* caps how long RECV/WAIT_* sleep before TIMEOUT */
	int misbehave;			     /* one shot: applies to the next request */
	int32_t status;			     /* for FAKE_STATUS */
	char reason[DPS_IPC_REASON_MAX + 1]; /* for FAKE_STATUS: its reason ("" none) */
	/* model */
	struct fake_adapter adapters[FAKE_NB_ADAPTERS];
	struct fake_open opens[FAKE_MAX_OPENS];
	uint32_t generation;
	/* what the last requests carried, for the tests */
	unsigned int requests;
	uint8_t last_type;
	struct dps_ipc_open last_open;
	uint32_t last_timeout_ms;
	uint32_t last_max_len;
	uint32_t last_index;
	uint32_t last_oid;
	uint32_t last_buf_len;
	uint8_t last_set[DPS_IPC_OID_DATA_MAX];
	uint32_t last_frame_len;
	uint8_t last_frame[DPS_IPC_MAX_FRAME];
	/* the thread, when started with fake_start() */
	int listen_fd;
	int stop;
	pthread_t thread;
	char dir[64];
	char path[128];
};

/* Set up the model (adapters "dps0" 02:00:00:00:00:01 and "dps1" ...:02). */
void fake_init(struct fake_server *f);

/* Serve one connection until the peer closes it (or FAKE_CLOSE). */
void fake_serve(struct fake_server *f, int fd);

/* Listen on @p path (or a new temporary directory's socket when NULL). @return fd or -1. */
int fake_listen(struct fake_server *f, const char *path);

/* Listen on @p path (NULL: in a new temporary directory) and serve from a thread. 0 / -1. */
int fake_start(struct fake_server *f, const char *path);

/* Stop the thread, remove the socket and its directory. */
void fake_stop(struct fake_server *f);

#endif
