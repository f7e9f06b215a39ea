/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_CLIENT_H
#define DPS_CLIENT_H

/**
 * @file
 * libdpsclient: the C API of dpstack's control socket (DESIGN.md section 9),
 * what ndisprot's IOCTLs and ReadFile/WriteFile were to a Windows program.
 *
 * An application connects to a running dpstack, lists its adapters, opens
 * one with the EtherTypes it wants, then receives and sends raw Ethernet
 * frames, queries and sets OIDs, and waits for status indications (link
 * changes) through that open. Every call is synchronous: it sends one
 * request and waits for its reply.
 *
 * Statuses: every function returns a dps_status (dps_status.h): DPS_OK, the
 * status the server put in its reply (e.g. DPS_E_PERMISSION for a send with
 * a foreign source MAC, DPS_E_ADAPTER_REMOVED after the adapter went away),
 * or a transport status of this library:
 *  - DPS_E_IO: the connection failed or the server closed it;
 *  - DPS_E_TIMEOUT: no reply within the call's own wait plus the reply
 *    timeout (dps_client_set_timeout(), default 10 s) — note that the server
 *    also answers DPS_E_TIMEOUT when a receive or wait found nothing, which
 *    leaves the connection usable: dps_client_connected() tells them apart;
 *  - DPS_E_INVALID_DATA: a reply that is not a well-formed answer to the
 *    request (wrong id or type, bad length or fields).
 * After a transport status the connection is unusable (a late reply could
 * otherwise be taken for the answer to the next request): every later call
 * returns DPS_E_IO; close it and connect again.
 * Arguments the library rejects before sending anything give
 * DPS_E_INVALID_PARAMETER (NULL pointers, out-of-range values), or
 * DPS_E_INVALID_LENGTH for a frame of 0 or more than DPS_CLIENT_MAX_FRAME
 * bytes.
 *
 * Threads: a connection is not thread-safe; use one connection per thread
 * (or serialise calls on it). Connections are independent of each other.
 * Opens belong to their connection: closing the connection (or the process
 * ending) closes them. The library installs no signal handler; it sends with
 * MSG_NOSIGNAL, so a vanished server does not raise SIGPIPE.
 *
 * Build: `cc app.c $(pkg-config --cflags --libs dpsclient)`; no DPDK needed.
 */

#include <stddef.h>
#include <stdint.h>

#include "dps_status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DPS_CLIENT_NAME_LEN 16	    /**< adapter name: 1..15 chars + NUL */
#define DPS_CLIENT_DESC_LEN 64	    /**< adapter description + NUL */
#define DPS_CLIENT_MAX_ETHERTYPES 8 /**< EtherTypes per open */
#define DPS_CLIENT_MAX_FILTER 1024  /**< pcap filter expression, bytes */
#define DPS_CLIENT_MAX_QUEUE 65536  /**< receive queue of an open, frames */
#define DPS_CLIENT_MAX_FRAME 9622   /**< largest frame sent or received */
#define DPS_CLIENT_OID_DATA_MAX 512 /**< largest OID buffer */
#define DPS_CLIENT_DEFAULT_TIMEOUT_MS 10000u

/** One connection to dpstack's control socket. */
struct dps_client;

/** An adapter as listed (a binding of the raw protocol). */
struct dps_client_binding {
	char name[DPS_CLIENT_NAME_LEN];	       /**< e.g. "dps0" */
	char description[DPS_CLIENT_DESC_LEN]; /**< e.g. "net_tap0,iface=dps0 (net_tap)" */
	uint8_t mac[6];			       /**< current MAC address */
	uint32_t mtu;
	uint32_t link_up;    /**< 1 up, 0 down */
	uint32_t link_speed; /**< Mb/s */
	uint32_t state;	     /**< binding state: 2 Paused, 4 Running, ... */
};

#define DPS_CLIENT_IND_LINK_STATE 1 /**< dps_client_indication.code */
/** dps_client_capture_info.cause: the capture ended because its adapter was removed */
#define DPS_CLIENT_CAPTURE_ADAPTER_GONE 7

/** A status indication. */
struct dps_client_indication {
	uint32_t code; /**< DPS_CLIENT_IND_LINK_STATE */
	uint32_t link_up;
	uint32_t link_speed; /**< Mb/s */
};

/** Counters of one open. */
struct dps_client_open_stats {
	uint64_t received;     /**< frames that matched the open */
	uint64_t delivered;    /**< frames handed to the client */
	uint64_t dropped;      /**< oldest frames dropped because the queue was full */
	uint64_t filtered;     /**< frames the pcap filter rejected */
	uint64_t queued;       /**< frames waiting now */
	uint64_t sent;	       /**< frames sent */
	uint64_t send_refused; /**< sends refused */
};

/**
 * Connect to the control socket at @p socket_path.
 * @param socket_path e.g. "/var/run/dpdk/rte/dpstack.sock".
 * @param out the new connection.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, empty, path longer than a
 *         socket address holds); DPS_E_NOT_FOUND (no such socket file);
 *         DPS_E_PERMISSION; DPS_E_IO (nobody listening, or another failure);
 *         DPS_E_TIMEOUT (the server's backlog stayed full); DPS_E_RESOURCES.
 */
int dps_client_connect(const char *socket_path, struct dps_client **out);

/**
 * Connect to the dpstack started with EAL option --file-prefix @p file_prefix
 * (NULL = the default "rte"): its socket in the DPDK runtime directory
 * (/var/run/dpdk/<prefix>/dpstack.sock for root, else
 * $XDG_RUNTIME_DIR/dpdk/<prefix>/..., else /tmp/dpdk/<prefix>/...).
 * @return as dps_client_connect(); DPS_E_INVALID_PARAMETER for a prefix
 *         with '/' or that is "." or "..".
 */
int dps_client_connect_prefix(const char *file_prefix, struct dps_client **out);

/**
 * Write the socket path dps_client_connect_prefix() would use.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_BUFFER_TOO_SHORT.
 */
int dps_client_socket_path(const char *file_prefix, char *out, size_t len);

/** Close the connection and free it (its opens close with it). NULL is ignored. */
void dps_client_close(struct dps_client *c);

/**
 * Set the reply timeout: how long a call waits for its reply beyond its own
 * wait (the timeout_ms of a receive or wait). Also bounds connecting and
 * sending a request. @param ms 1..3600000. @return DPS_OK; DPS_E_INVALID_PARAMETER.
 */
int dps_client_set_timeout(struct dps_client *c, unsigned int ms);

/** @return 1 while the connection is usable, 0 after a transport status (or NULL). */
int dps_client_connected(const struct dps_client *c);

/**
 * Why the last call on @p c failed, for people: the reason dpstack put in
 * its failure reply (libpcap's message for a bad filter, the device's limit
 * for a refused MTU, the role a refused request needs, ...), or this
 * library's own for a transport status or an argument it refused. Empty
 * ("") when the last call succeeded or no reason was given; never NULL.
 * Valid until the next call on @p c; at most 255 bytes, no control
 * characters.
 */
const char *dps_client_last_error(const struct dps_client *c);

/**
 * Get the @p index-th active adapter (0, 1, ...); inactive bindings are
 * skipped by the server.
 * @return DPS_OK; DPS_E_NO_MORE_ENTRIES past the last one; transport statuses.
 */
int dps_client_list(struct dps_client *c, uint32_t index, struct dps_client_binding *info);

/**
 * Wait (at most @p timeout_ms) until dpstack has made its initial bindings.
 * @return DPS_OK; DPS_E_TIMEOUT (server: not complete in time); transport statuses.
 */
int dps_client_wait_binds(struct dps_client *c, uint32_t timeout_ms);

/**
 * Open adapter @p adapter for frames of the given EtherTypes (a tagged
 * frame matches on its inner type).
 * @param types 1..DPS_CLIENT_MAX_ETHERTYPES EtherTypes, each >= 0x0600.
 * @param filter a pcap filter expression that narrows what the open
 *        receives (compiled by the server), or NULL / "" for none.
 * @param queue_len frames the open queues before dropping the oldest;
 *        0 = the server's default (256); at most DPS_CLIENT_MAX_QUEUE.
 * @param handle the open's handle, for the calls below.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (bad arguments, name longer than
 *         15 characters); server statuses such as DPS_E_NOT_FOUND (no such
 *         adapter) or DPS_E_INVALID_DATA (filter does not compile); transport.
 */
int dps_client_open(struct dps_client *c, const char *adapter, const uint16_t *types,
	unsigned int nb_types, const char *filter, uint32_t queue_len, uint64_t *handle);

/** Close an open. @return DPS_OK; server statuses (DPS_E_STALE_HANDLE); transport. */
int dps_client_close_open(struct dps_client *c, uint64_t handle);

/**
 * Receive one frame, waiting at most @p timeout_ms (0: do not wait).
 * A frame longer than @p cap is cut to @p cap bytes; @p orig_len tells its
 * real length.
 * @param buf,cap where the frame goes (cap >= 1).
 * @param len bytes written to @p buf (0 unless DPS_OK).
 * @param orig_len the frame's length on the wire (may be NULL).
 * @return DPS_OK; DPS_E_TIMEOUT (no frame in time; connection still usable);
 *         DPS_E_ADAPTER_REMOVED; other server statuses; transport.
 */
int dps_client_recv(struct dps_client *c, uint64_t handle, void *buf, size_t cap,
	uint32_t timeout_ms, uint32_t *len, uint32_t *orig_len);

/**
 * Send one frame (destination MAC, source MAC, EtherType, payload). The
 * server checks it: 14..MTU+14 bytes, the adapter's own source MAC, an
 * EtherType of the open.
 * @return DPS_OK (the frame was handed to the port); DPS_E_INVALID_LENGTH
 *         (0 or more than DPS_CLIENT_MAX_FRAME bytes, checked here);
 *         server statuses; transport.
 */
int dps_client_send(struct dps_client *c, uint64_t handle, const void *frame, size_t len);

/**
 * Query an OID (NDIS semantics).
 * @param buf,buf_len room for the answer (buf_len <= DPS_CLIENT_OID_DATA_MAX;
 *        buf may be NULL when buf_len is 0: that asks for bytes_needed).
 * @param bytes_written bytes of the answer in @p buf (may be NULL).
 * @param bytes_needed with DPS_E_BUFFER_TOO_SHORT: the size needed (may be NULL).
 * @return DPS_OK; DPS_E_BUFFER_TOO_SHORT; DPS_E_NOT_SUPPORTED (unknown OID);
 *         other server statuses; transport.
 */
int dps_client_oid_query(struct dps_client *c, uint64_t handle, uint32_t oid, void *buf,
	uint32_t buf_len, uint32_t *bytes_written, uint32_t *bytes_needed);

/**
 * Set an OID (only those the server allows clients to set).
 * @param data,len the value (len <= DPS_CLIENT_OID_DATA_MAX; data may be
 *        NULL when len is 0).
 * @param bytes_read bytes the server used (may be NULL).
 * @param bytes_needed with DPS_E_INVALID_LENGTH: the size needed (may be NULL).
 * @return DPS_OK; DPS_E_INVALID_LENGTH; DPS_E_NOT_SUPPORTED; DPS_E_PERMISSION
 *         (not on the allow-list); other server statuses; transport.
 */
int dps_client_oid_set(struct dps_client *c, uint64_t handle, uint32_t oid, const void *data,
	uint32_t len, uint32_t *bytes_read, uint32_t *bytes_needed);

/**
 * Wait at most @p timeout_ms for the next status indication of the open's
 * adapter.
 * @return DPS_OK; DPS_E_TIMEOUT (none in time); DPS_E_ADAPTER_REMOVED;
 *         other server statuses; transport.
 */
int dps_client_wait_status(struct dps_client *c, uint64_t handle, uint32_t timeout_ms,
	struct dps_client_indication *ind);

/** Read the counters of an open. @return DPS_OK; server statuses; transport. */
int dps_client_open_stats(struct dps_client *c, uint64_t handle, struct dps_client_open_stats *st);

/* ---- packet capture (dpsctl capture) ---- */

#define DPS_CLIENT_CAPTURE_RX 1u /**< received frames */
#define DPS_CLIENT_CAPTURE_TX 2u /**< sent frames */

/** What to capture. */
struct dps_client_capture_params {
	const char *adapter;  /**< adapter name */
	uint32_t direction;   /**< DPS_CLIENT_CAPTURE_RX and/or _TX */
	uint32_t snaplen;     /**< bytes kept per frame; 0 = all; at most 65535 */
	uint64_t count;	      /**< frames to write, then stop; 0 = no limit */
	uint32_t duration_ms; /**< stop after this long; 0 = no limit; at most a day */
	const char *filter;   /**< pcap filter expression, or NULL */
};

/** A capture's state and counters. */
struct dps_client_capture_info {
	uint32_t id;
	uint32_t state; /**< 1 running, 2 stopping (the file is being completed), 3 ended */
	char adapter[DPS_CLIENT_NAME_LEN];
	uint32_t direction;
	uint32_t snaplen;
	uint64_t count;
	uint32_t duration_ms;
	uint32_t pid;	   /**< the client that started it */
	uint64_t seen;	   /**< frames of its direction(s) it looked at */
	uint64_t filtered; /**< rejected by the filter */
	uint64_t captured; /**< copied into its ring */
	uint64_t dropped;  /**< not captured: the ring was full or no buffer */
	uint64_t written;  /**< frames in the file */
	uint64_t bytes;	   /**< bytes written to the file */
	int32_t status;	   /**< DPS_OK, or DPS_E_IO when writing failed */
	uint32_t cause;	   /**< 1 stopped, 2 count, 3 duration, 4 client gone, 5 write error,
			      6 dpstack stopping, 7 the adapter was removed */
	char filter[DPS_CLIENT_MAX_FILTER + 1];
};

/**
 * Start a capture whose pcapng stream dpstack writes to @p fd (passed over
 * the socket; the caller keeps its own copy and may close it). The file is
 * the caller's: open it with the rights you have. It stops at @p p's
 * limits, with dps_client_capture_stop(), or when this connection closes.
 * @return DPS_OK with @p id; DPS_E_NOT_FOUND (adapter); DPS_E_INVALID_DATA
 *         (the filter does not compile: dps_client_last_error() has
 *         libpcap's message); DPS_E_RESOURCES (too many captures);
 *         DPS_E_PERMISSION (@p fd is not open for writing); DPS_E_IO
 *         (dpstack cannot write to it); transport statuses.
 */
int dps_client_capture_start(
	struct dps_client *c, const struct dps_client_capture_params *p, int fd, uint32_t *id);

/**
 * Stop one of this connection's captures (dpstack then completes the file;
 * dps_client_capture_wait() says when it is).
 * @return DPS_OK; DPS_E_NOT_FOUND; DPS_E_INVALID_STATE (stopping already).
 */
int dps_client_capture_stop(struct dps_client *c, uint32_t id);

/**
 * Wait at most @p timeout_ms (>= 1) for one of this connection's captures
 * to end (its file complete and closed); an ended capture is then
 * forgotten by dpstack.
 * @return DPS_OK with @p info; DPS_E_TIMEOUT (still running); DPS_E_NOT_FOUND;
 *         DPS_E_BUSY (another wait is pending); transport statuses.
 */
int dps_client_capture_wait(struct dps_client *c, uint32_t id, uint32_t timeout_ms,
	struct dps_client_capture_info *info);

/**
 * The @p index-th capture of dpstack (every client's).
 * @return DPS_OK; DPS_E_NO_MORE_ENTRIES past the last; transport statuses.
 */
int dps_client_capture_list(
	struct dps_client *c, uint32_t index, struct dps_client_capture_info *info);
/* ------------------------------------------------------------------------ */
/* Rings and bursts (issue 15): frames without a request per frame.          */

#define DPS_CLIENT_RING_DROP_OLDEST 0 /**< a full receive ring overwrites its oldest frame */
#define DPS_CLIENT_RING_DROP_NEWEST 1 /**< a full receive ring drops the new frame */
#define DPS_CLIENT_RING_SLOTS_MAX 65536
#define DPS_CLIENT_RING_SLOT_DEFAULT 2048 /**< slot bytes when the conf says 0 */
#define DPS_CLIENT_BURST_MAX 256	  /**< frames per batched message */

/** dps_client_frame.flags */
#define DPS_CLIENT_FRAME_F_LOOPBACK 0x1u  /**< sent by another open of the adapter */
#define DPS_CLIENT_FRAME_F_VLAN 0x2u	  /**< vlan_tci: the tag the port stripped */
#define DPS_CLIENT_FRAME_F_TRUNCATED 0x4u /**< cut (to the slot, or to cap) */

/** The rings an open asks for (dps_client_ring_setup()). */
struct dps_client_ring_conf {
	/** Receive slots per sub-ring (one sub-ring per dpstack worker, plus
	 * one): a power of two in 16..65536; 0 = no receive ring. */
	uint32_t rx_slots;
	/** Bytes per receive slot, 32 of them the slot's header: a multiple of
	 * 64 in 128..16384; 0 = DPS_CLIENT_RING_SLOT_DEFAULT. Longer frames are
	 * cut (DPS_CLIENT_FRAME_F_TRUNCATED, orig_len tells). */
	uint32_t rx_slot_size;
	/** Send slots: a power of two in 16..65536; 0 = no send ring. */
	uint32_t tx_slots;
	/** Bytes per send slot, 16 of them its header; 0 = the default. */
	uint32_t tx_slot_size;
	/** DPS_CLIENT_RING_DROP_OLDEST or DPS_CLIENT_RING_DROP_NEWEST. */
	uint32_t policy;
};

/** One frame of a burst. */
struct dps_client_frame {
	void *data;	       /**< recv: the caller's buffer; send: the frame */
	uint32_t cap;	       /**< recv: bytes at data */
	uint32_t len;	       /**< recv: bytes written; send: the frame's length */
	uint32_t orig_len;     /**< recv: the frame's length on the wire */
	uint32_t flags;	       /**< recv: DPS_CLIENT_FRAME_F_* */
	uint16_t vlan_tci;     /**< recv: with DPS_CLIENT_FRAME_F_VLAN */
	uint64_t timestamp_ns; /**< recv: CLOCK_REALTIME on the worker (rings; 0 otherwise) */
	int status;	       /**< send: DPS_OK, the refusal, or DPS_PENDING (in the send ring) */
};

/** Counters of an open's rings, read from the shared memory. */
struct dps_client_ring_stats {
	uint64_t rx_received;  /**< frames for the open (stack) */
	uint64_t rx_dropped;   /**< dropped because the ring was full (stack) */
	uint64_t rx_truncated; /**< cut to the slot (stack) */
	uint64_t rx_delivered; /**< frames this library handed to the caller */
	uint64_t rx_lost;      /**< frames overwritten while this library read them (drop-oldest) */
	uint64_t tx_queued;    /**< frames put into the send ring */
	uint64_t tx_completed; /**< of those, taken off the ring by the stack */
	uint64_t tx_sent;      /**< of those, handed to the port */
	uint64_t tx_refused_length;    /**< < 14 bytes, > MTU + 14, or past the slot */
	uint64_t tx_refused_spoof;     /**< source MAC not the adapter's */
	uint64_t tx_refused_ethertype; /**< not an EtherType of the open */
	uint64_t tx_refused_resources; /**< no buffer in dpstack */
	uint64_t tx_refused_state;     /**< the adapter was not running */
	uint64_t tx_bad_index;	       /**< a head the stack would not follow (a scribbled ring) */
};

/**
 * Give open @p handle shared-memory rings: dpstack's workers copy its
 * frames into the receive ring and take frames from the send ring, with no
 * request and no system call per frame (the client sleeps on an eventfd
 * that a worker writes only when the client said it sleeps). The memory
 * (mapped here) counts against the client's budget ([protocol raw]
 * ring_mem_mb). Once the open has a receive ring, its frames go there only:
 * dps_client_recv() and batched receives find none. The rings go with the
 * open (dps_client_close_open(), dps_client_close()).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, a value out of range,
 *         checked here); DPS_E_INVALID_STATE (the open has rings already);
 *         DPS_E_RESOURCES (over the budget, or dpstack is out of memory);
 *         DPS_E_BUSY (replies were queued for this client: try again);
 *         DPS_E_ADAPTER_REMOVED; other server statuses; DPS_E_INVALID_DATA
 *         (the reply, its descriptors or the memory do not add up); transport.
 */
int dps_client_ring_setup(
	struct dps_client *c, uint64_t handle, const struct dps_client_ring_conf *conf);

/**
 * Receive up to @p n frames into @p f[i].data (f[i].cap bytes each; a longer
 * frame is cut, DPS_CLIENT_FRAME_F_TRUNCATED). With a receive ring: copied
 * from the shared memory, waiting at most @p timeout_ms (0: not at all) for
 * the first one on the ring's eventfd. Without: one RECV_BATCH request
 * (at most DPS_CLIENT_BURST_MAX frames, as many as one reply holds).
 * @param received frames written (f[0..*received-1]).
 * @return DPS_OK (at least one); DPS_E_TIMEOUT (none in time; usable);
 *         DPS_E_ADAPTER_REMOVED (the ring was closed by dpstack, or the
 *         adapter went away); DPS_E_INVALID_PARAMETER; server statuses;
 *         transport.
 */
int dps_client_recv_burst(struct dps_client *c, uint64_t handle, struct dps_client_frame *f,
	unsigned int n, uint32_t timeout_ms, unsigned int *received);

/**
 * Send up to @p n frames (f[i].data, f[i].len). With a send ring: put into
 * the ring, waiting at most @p timeout_ms for room when it is full; each
 * frame put gets status DPS_PENDING: a worker checks it as a single send is
 * checked (length, source MAC, EtherType) and counts refusals by reason in
 * the ring (dps_client_ring_stats()). Without: SEND_BATCH requests (up to
 * DPS_CLIENT_BURST_MAX frames each); each frame gets its status (DPS_OK or
 * the refusal, e.g. DPS_E_PERMISSION for a foreign source MAC).
 * @param sent frames put into the ring, or accepted by the port.
 * @return DPS_OK (every frame put or sent); DPS_E_TIMEOUT (the ring stayed
 *         full: *sent tells how many went); the first refusal of a batched
 *         send; DPS_E_INVALID_LENGTH (a frame of 0 or more than
 *         DPS_CLIENT_MAX_FRAME bytes, or past the ring's slot; nothing
 *         sent from it on); DPS_E_ADAPTER_REMOVED; DPS_E_INVALID_PARAMETER;
 *         transport.
 */
int dps_client_send_burst(struct dps_client *c, uint64_t handle, struct dps_client_frame *f,
	unsigned int n, uint32_t timeout_ms, unsigned int *sent);

/**
 * Wait at most @p timeout_ms until the stack has taken every frame put into
 * the send ring off it (tx_completed == tx_queued).
 * @return DPS_OK; DPS_E_TIMEOUT; DPS_E_NOT_FOUND (no send ring); DPS_E_ADAPTER_REMOVED.
 */
int dps_client_send_flush(struct dps_client *c, uint64_t handle, uint32_t timeout_ms);

/**
 * Read the counters of open @p handle's rings (no request: from the memory).
 * @return DPS_OK; DPS_E_NOT_FOUND (the open has no rings here); DPS_E_INVALID_PARAMETER.
 */
int dps_client_ring_stats(struct dps_client *c, uint64_t handle, struct dps_client_ring_stats *st);

/**
 * Remove an adapter while dpstack runs, the orderly way (what a hot-unplug
 * gets: its bindings paused and unbound, their requests completed, the port
 * stopped and closed); done by the control thread right after the reply.
 * Admin role only.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, a name of 16 bytes or more
 *         or with characters other than A-Z a-z 0-9 _ . -); DPS_E_PERMISSION
 *         (not an admin); DPS_E_NOT_FOUND (no such adapter); the transport's
 *         statuses (DPS_E_IO, DPS_E_TIMEOUT). dps_client_last_error() has
 *         the reason of a failure reply.
 */
int dps_client_adapter_remove(struct dps_client *c, const char *adapter);

/**
 * Bind @p protocol to @p adapter now and start the binding (Running on
 * DPS_OK). Admin role only.
 * @return as dps_client_adapter_remove(); DPS_E_EXISTS (bound already);
 *         what the protocol's bind returned.
 */
int dps_client_bind(struct dps_client *c, const char *protocol, const char *adapter);

/**
 * Unbind @p protocol from @p adapter (pause, complete, unbind). Admin role
 * only; the protocol that serves the control socket (raw) is refused with
 * DPS_E_NOT_SUPPORTED (remove the adapter instead).
 * @return as dps_client_adapter_remove(); DPS_E_NOT_FOUND also when not
 *         bound.
 */
int dps_client_unbind(struct dps_client *c, const char *protocol, const char *adapter);

#ifdef __cplusplus
}
#endif

#endif /* DPS_CLIENT_H */
