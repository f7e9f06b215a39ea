/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_IPC_H
#define DPS_IPC_H

/**
 * @file
 * The control-socket wire format (DESIGN.md section 9), shared by the
 * server (lib/ctrl, lib/proto/raw) and the client (lib/client, dpsctl).
 * No DPDK here: libdpsclient links it without EAL.
 *
 * Transport: AF_UNIX SOCK_SEQPACKET; one message per datagram.
 * Every message = a 16-byte little-endian header + a typed payload:
 *
 *   offset 0  u8  version   DPS_IPC_VERSION
 *   offset 1  u8  type      request type; replies: type | DPS_IPC_REPLY
 *   offset 2  u16 flags     0, or DPS_IPC_F_REASON on a failure reply
 *   offset 4  u32 id        chosen by the client, echoed in the reply
 *   offset 8  u32 len       payload bytes after the header
 *   offset 12 i32 status    requests: 0; replies: a dps_status
 *
 * All integers little-endian; strings are fixed-size, NUL-padded fields.
 * A reply to a request the server cannot decode has type DPS_IPC_ERROR
 * (its id echoed when the header was readable, else 0) and the status says
 * why: DPS_E_NOT_SUPPORTED (unknown version or type), DPS_E_INVALID_LENGTH
 * (a length that does not add up), DPS_E_INVALID_DATA (bad field values).
 * Every decoder checks every length before reading.
 *
 * A reply whose status is a failure carries no payload, except the replies
 * to OID_QUERY and OID_SET, which may carry the 12-byte dps_ipc_oid_reply
 * (bytes_needed). Readers accept an empty payload with any failure.
 *
 * Reasons: a failure reply (a reply type or DPS_IPC_ERROR, status < 0) may
 * set flag DPS_IPC_F_REASON; its payload then starts with a reason block,
 *
 *   offset 0  u16 reason_len   1..DPS_IPC_REASON_MAX
 *   offset 2  reason_len bytes of text for people (no NUL, no control
 *             characters: bytes 0x00-0x1f and 0x7f are refused)
 *
 * and what follows it is the failure payload described above (nothing, or
 * the OID reply). The flag on a request, on a success, or with any other
 * bit is DPS_E_INVALID_DATA.
 *
 * Encoders write only what the matching decoder accepts: they return 0
 * when the payload does not fit in @p cap or a field is out of range.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DPS_IPC_VERSION 1
#define DPS_IPC_HDR_LEN 16
/** Largest message (header + payload); a bigger datagram is refused. */
#define DPS_IPC_MAX_MSG 16384
#define DPS_IPC_MAX_PAYLOAD (DPS_IPC_MAX_MSG - DPS_IPC_HDR_LEN)
/** Largest frame carried (MTU 9600 + Ethernet header + two VLAN tags). */
#define DPS_IPC_MAX_FRAME 9622
#define DPS_IPC_NAME_LEN 16 /**< adapter names, NUL-padded */
#define DPS_IPC_DESC_LEN 64 /**< binding description */
#define DPS_IPC_MAX_ETHERTYPES 8
#define DPS_IPC_MAX_FILTER 1024 /**< pcap filter expression, bytes */
#define DPS_IPC_OID_DATA_MAX 512

#define DPS_IPC_REPLY 0x80
#define DPS_IPC_ERROR 0xFF

/** Header flag: the failure reply's payload starts with a reason block. */
#define DPS_IPC_F_REASON 0x0001
/** Longest reason text, bytes. */
#define DPS_IPC_REASON_MAX 255

enum dps_ipc_type {
	DPS_IPC_LIST_BINDINGS = 1, /**< req: u32 index -> rep: binding_info | NO_MORE_ENTRIES */
	DPS_IPC_WAIT_BINDS = 2,	   /**< req: u32 timeout_ms -> rep: status only */
	DPS_IPC_OPEN = 3,	   /**< req: open -> rep: u64 handle */
	DPS_IPC_CLOSE = 4,	   /**< req: u64 handle -> rep: status only */
	DPS_IPC_RECV = 5,	   /**< req: recv -> rep: frame (or TIMEOUT) */
	DPS_IPC_SEND = 6,	   /**< req: u64 handle + frame -> rep: status only */
	DPS_IPC_OID_QUERY = 7,	   /**< req: oid_query -> rep: oid_reply + data */
	DPS_IPC_OID_SET = 8,	   /**< req: oid_set + data -> rep: oid_reply */
	DPS_IPC_WAIT_STATUS = 9,   /**< req: u64 handle + u32 timeout_ms -> rep: indication */
	DPS_IPC_OPEN_STATS = 10,   /**< req: u64 handle -> rep: open_stats */
	DPS_IPC_TYPE_MAX = 10,
	/* packet capture (lib/capture), 0x40.. */
	DPS_IPC_CAPTURE_START = 0x40, /**< req: capture_start, the file's fd in SCM_RIGHTS ->
					 rep: u32 capture id */
	DPS_IPC_CAPTURE_STOP = 0x41,  /**< req: u32 id -> rep: status only */
	DPS_IPC_CAPTURE_WAIT = 0x42,  /**< req: capture_wait -> rep: capture_info once it ended
					 (or TIMEOUT) */
	DPS_IPC_CAPTURE_LIST = 0x43,  /**< req: u32 index -> rep: capture_info | NO_MORE_ENTRIES */
	DPS_IPC_CAPTURE_TYPE_MAX = 0x43,
	/* run-time changes (admin role), 0x60.. */
	DPS_IPC_ADAPTER_REMOVE = 0x60, /**< req: admin (adapter only) -> rep: status only, once the
					  adapter is removed */
	DPS_IPC_BIND = 0x61,	       /**< req: admin -> rep: status only, the binding Running */
	DPS_IPC_UNBIND = 0x62,	       /**< req: admin -> rep: status only, the binding gone */
	DPS_IPC_ADMIN_TYPE_MAX = 0x62,
	/* rings and batches (issue 15): 0x50.. */
	DPS_IPC_RING_SETUP = 0x50, /**< req: ring_setup -> rep: ring_params + 3 fds (SCM_RIGHTS) */
	DPS_IPC_SEND_BATCH = 0x51, /**< req: send_batch -> rep: batch_status */
	DPS_IPC_RECV_BATCH = 0x52, /**< req: recv_batch -> rep: frames (or TIMEOUT) */
	DPS_IPC_RING_TYPE_MIN = 0x50,
	DPS_IPC_RING_TYPE_MAX = 0x52,
};

/**
 * ADAPTER_REMOVE request (payload 16 bytes: the adapter name), BIND and
 * UNBIND requests (payload 32 bytes: the protocol name at 0, the adapter
 * name at 16). Each name is 1..15 characters of A-Z a-z 0-9 _ . -, NUL
 * padded to 16 bytes (the padding is zeros).
 */
struct dps_ipc_admin {
	char protocol[DPS_IPC_NAME_LEN]; /**< BIND, UNBIND; "" for ADAPTER_REMOVE */
	char adapter[DPS_IPC_NAME_LEN];
};
#define DPS_IPC_ADMIN_REMOVE_LEN 16
#define DPS_IPC_ADMIN_BIND_LEN 32

/**
 * Encode an ADAPTER_REMOVE (@p type DPS_IPC_ADAPTER_REMOVE: adapter only)
 * or BIND / UNBIND payload.
 * @return bytes written, 0 for a bad name, a bad type or a short buffer.
 */
size_t dps_ipc_put_admin(uint8_t *p, size_t cap, unsigned int type, const struct dps_ipc_admin *a);

/**
 * Decode one, checking its length for @p type and both names.
 * @return DPS_OK; DPS_E_INVALID_LENGTH; DPS_E_INVALID_DATA (a bad name or
 *         padding); DPS_E_INVALID_PARAMETER (NULL, another type).
 */
int dps_ipc_get_admin(const uint8_t *p, size_t len, unsigned int type, struct dps_ipc_admin *a);

struct dps_ipc_hdr {
	uint8_t version;
	uint8_t type;
	uint16_t flags;
	uint32_t id;
	uint32_t len;
	int32_t status;
};

/**
 * LIST_BINDINGS reply (payload 104 bytes): name at 0, description at 16,
 * mac at 80, 2 reserved bytes (written 0, ignored), then u32 mtu at 88,
 * link_up at 92, link_speed at 96, state at 100. Both strings are
 * NUL-terminated inside their fields; the name is not empty.
 */
struct dps_ipc_binding_info {
	char name[DPS_IPC_NAME_LEN];	    /**< adapter name */
	char description[DPS_IPC_DESC_LEN]; /**< e.g. "net_tap0,iface=dps0 (net_tap)" */
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t link_up;
	uint32_t link_speed; /**< Mb/s */
	uint32_t state;	     /**< enum dps_binding_state */
};
#define DPS_IPC_BINDING_INFO_LEN 104

/**
 * OPEN request (payload 40 + filter_len bytes): adapter at 0, u32 queue_len
 * at 16, u16 nb_types at 20, u16 filter_len at 22, u16 types[8] at 24 (the
 * slots past nb_types are 0), then filter_len bytes of filter text (no NUL).
 */
struct dps_ipc_open {
	char adapter[DPS_IPC_NAME_LEN];
	uint32_t queue_len;  /**< frames; 0 = server default (256); at most 65536 */
	uint16_t nb_types;   /**< 1..DPS_IPC_MAX_ETHERTYPES */
	uint16_t filter_len; /**< bytes of filter that follow; 0 = none */
	uint16_t types[DPS_IPC_MAX_ETHERTYPES]; /**< host values, e.g. 0x88b5 */
	char filter[DPS_IPC_MAX_FILTER + 1];	/**< NUL-terminated after decoding */
};
#define DPS_IPC_OPEN_FIXED_LEN 40

/** RECV request (payload 16 bytes). */
struct dps_ipc_recv {
	uint64_t handle;
	uint32_t timeout_ms; /**< 0 = do not wait */
	uint32_t max_len;    /**< the client's buffer; longer frames are cut */
};

/** RECV reply: 8 bytes then the frame (at most max_len bytes). */
struct dps_ipc_frame {
	uint32_t orig_len; /**< the frame's length on the wire */
	uint32_t dropped;  /**< frames this open dropped (queue full) so far */
	const uint8_t *data;
	uint32_t len; /**< bytes carried */
};
#define DPS_IPC_FRAME_FIXED_LEN 8

/** SEND request: u64 handle then the frame. */
struct dps_ipc_send {
	uint64_t handle;
	const uint8_t *frame;
	uint32_t len;
};

/** OID_QUERY request (16 bytes) and OID_SET request (16 bytes + data). */
struct dps_ipc_oid {
	uint64_t handle;
	uint32_t oid;
	uint32_t buf_len; /**< query: room for the answer (<= DPS_IPC_OID_DATA_MAX); set: data bytes
			   */
	const uint8_t *data; /**< set only */
};
#define DPS_IPC_OID_FIXED_LEN 16

/** OID reply: 12 bytes then data (query). */
struct dps_ipc_oid_reply {
	uint32_t oid;
	uint32_t bytes;	       /**< written (query) or read (set) */
	uint32_t bytes_needed; /**< with DPS_E_BUFFER_TOO_SHORT / DPS_E_INVALID_LENGTH */
	const uint8_t *data;
	uint32_t len;
};
#define DPS_IPC_OID_REPLY_FIXED_LEN 12

/** WAIT_STATUS request (12 bytes) and reply (12 bytes). */
struct dps_ipc_wait_status {
	uint64_t handle;
	uint32_t timeout_ms;
};
struct dps_ipc_indication {
	uint32_t code; /**< 1 = LINK_STATE */
	uint32_t link_up;
	uint32_t link_speed;
};

/** OPEN_STATS reply (56 bytes). */
struct dps_ipc_open_stats {
	uint64_t received;     /**< frames that matched the open */
	uint64_t delivered;    /**< frames handed to the client */
	uint64_t dropped;      /**< oldest frames dropped because the queue was full */
	uint64_t filtered;     /**< frames the pcap filter rejected */
	uint64_t queued;       /**< frames waiting now */
	uint64_t sent;	       /**< frames sent */
	uint64_t send_refused; /**< sends refused */
};
#define DPS_IPC_OPEN_STATS_LEN 56

/** Capture directions (bits). */
#define DPS_IPC_CAPTURE_RX 1u
#define DPS_IPC_CAPTURE_TX 2u
#define DPS_IPC_CAPTURE_SNAPLEN_MAX 65535u
#define DPS_IPC_CAPTURE_DURATION_MAX 86400000u /**< ms: one day */

/**
 * CAPTURE_START request (payload 40 + filter_len bytes): adapter at 0,
 * u32 direction at 16 (DPS_IPC_CAPTURE_RX | _TX, not 0), u32 snaplen at 20
 * (0 = the whole frame; at most 65535), u64 count at 24 (frames; 0 = no
 * limit), u32 duration_ms at 32 (0 = no limit; at most one day), u16
 * filter_len at 36, 2 reserved bytes (0), then the filter text (no NUL).
 * The file to write travels beside it as one SCM_RIGHTS descriptor, open
 * for writing: the client opened it, so it is the client's to create.
 */
struct dps_ipc_capture_start {
	char adapter[DPS_IPC_NAME_LEN];
	uint32_t direction;
	uint32_t snaplen;
	uint64_t count;
	uint32_t duration_ms;
	uint16_t filter_len;
	char filter[DPS_IPC_MAX_FILTER + 1]; /**< NUL-terminated after decoding */
};
#define DPS_IPC_CAPTURE_START_FIXED_LEN 40

/** CAPTURE_WAIT request (8 bytes). */
struct dps_ipc_capture_wait {
	uint32_t id;
	uint32_t timeout_ms; /**< 0 = until the capture ends */
};

/** Capture states (capture_info.state). */
enum dps_ipc_capture_state {
	DPS_IPC_CAPTURE_RUNNING = 1,
	DPS_IPC_CAPTURE_STOPPING = 2, /**< detached; the file is being completed */
	DPS_IPC_CAPTURE_ENDED = 3,    /**< the file is complete and closed */
};

/** Why a capture ended (capture_info.cause). */
enum dps_ipc_capture_cause {
	DPS_IPC_CAPTURE_CAUSE_NONE = 0, /**< still running */
	DPS_IPC_CAPTURE_CAUSE_STOPPED = 1,
	DPS_IPC_CAPTURE_CAUSE_COUNT = 2,
	DPS_IPC_CAPTURE_CAUSE_DURATION = 3,
	DPS_IPC_CAPTURE_CAUSE_CLIENT_GONE = 4,
	DPS_IPC_CAPTURE_CAUSE_WRITE_ERROR = 5,
	DPS_IPC_CAPTURE_CAUSE_SHUTDOWN = 6,
	DPS_IPC_CAPTURE_CAUSE_ADAPTER_GONE = 7, /**< the adapter was removed */
	DPS_IPC_CAPTURE_CAUSE_MAX = 7,
};

/**
 * CAPTURE_WAIT and CAPTURE_LIST reply (payload 112 + filter_len): u32 id at
 * 0, state at 4, adapter at 8, direction at 24, snaplen at 28, u64 count at
 * 32, u32 duration_ms at 40, pid at 44, u64 seen at 48, filtered at 56,
 * captured at 64, dropped at 72, written at 80, bytes at 88, i32 status at
 * 96, u32 cause at 100, u16 filter_len at 104, 6 reserved bytes, the filter.
 */
struct dps_ipc_capture_info {
	uint32_t id;
	uint32_t state; /**< enum dps_ipc_capture_state */
	char adapter[DPS_IPC_NAME_LEN];
	uint32_t direction;
	uint32_t snaplen;
	uint64_t count;
	uint32_t duration_ms;
	uint32_t pid;	   /**< the client that started it */
	uint64_t seen;	   /**< frames of its direction(s) it looked at */
	uint64_t filtered; /**< rejected by the filter */
	uint64_t captured; /**< copied into its ring */
	uint64_t dropped;  /**< not captured: ring full or no buffer */
	uint64_t written;  /**< frames in the file */
	uint64_t bytes;	   /**< bytes written to the file */
	int32_t status;	   /**< DPS_OK, or how writing failed */
	uint32_t cause;	   /**< enum dps_ipc_capture_cause */
	uint16_t filter_len;
	char filter[DPS_IPC_MAX_FILTER + 1];
};
#define DPS_IPC_CAPTURE_INFO_FIXED_LEN 112

/* ---- header ---- */

/**
 * Write a header.
 * @return DPS_IPC_HDR_LEN; 0 if @p cap is too small or @p len too large.
 */
size_t dps_ipc_put_hdr(
	uint8_t *buf, size_t cap, uint8_t type, uint32_t id, uint32_t len, int32_t status);

/**
 * Write a header with @p flags (0 or DPS_IPC_F_REASON, the latter only on a
 * reply type or DPS_IPC_ERROR with @p status < 0).
 * @return DPS_IPC_HDR_LEN; 0 if @p cap is too small, @p len too large or
 *         the flags not allowed there.
 */
size_t dps_ipc_put_hdr_flags(uint8_t *buf, size_t cap, uint8_t type, uint16_t flags, uint32_t id,
	uint32_t len, int32_t status);

/**
 * Read and check a header against the datagram's size @p n.
 * Checked in this order: size >= 16, version, size and len, type, flags
 * (0, or DPS_IPC_F_REASON on a failure reply).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL); DPS_E_INVALID_LENGTH (fewer
 *         than 16 bytes, more than DPS_IPC_MAX_MSG, or len != n - 16);
 *         DPS_E_NOT_SUPPORTED (version, or a type that is neither a request
 *         type, a reply to one, nor DPS_IPC_ERROR); DPS_E_INVALID_DATA (flags != 0).
 *         The fields that could be read are filled even on failure (id),
 *         the others are 0.
 */
int dps_ipc_get_hdr(const uint8_t *buf, size_t n, struct dps_ipc_hdr *h);

/* ---- payloads: encoders return the payload length (0: does not fit, a
 *      field out of range, or a NULL pointer); decoders return DPS_OK,
 *      DPS_E_INVALID_LENGTH or DPS_E_INVALID_DATA (DPS_E_INVALID_PARAMETER
 *      for a NULL pointer). Pointers a decoder returns (data, frame) point
 *      into @p p. Level: any. ---- */

size_t dps_ipc_put_u32(uint8_t *p, size_t cap, uint32_t v);
int dps_ipc_get_u32(const uint8_t *p, size_t len, uint32_t *v); /* exactly 4 bytes */
size_t dps_ipc_put_handle(uint8_t *p, size_t cap, uint64_t handle);
int dps_ipc_get_handle(const uint8_t *p, size_t len, uint64_t *handle); /* exactly 8 */

size_t dps_ipc_put_binding_info(uint8_t *p, size_t cap, const struct dps_ipc_binding_info *b);
int dps_ipc_get_binding_info(const uint8_t *p, size_t len, struct dps_ipc_binding_info *b);

/** OPEN: names must be NUL-terminated within 16 bytes and non-empty;
 *  1..8 types, none 0 and none below 0x0600 (a length, not a type);
 *  filter_len <= DPS_IPC_MAX_FILTER and no NUL inside; queue_len <= 65536. */
size_t dps_ipc_put_open(uint8_t *p, size_t cap, const struct dps_ipc_open *o);
int dps_ipc_get_open(const uint8_t *p, size_t len, struct dps_ipc_open *o);

size_t dps_ipc_put_recv(uint8_t *p, size_t cap, const struct dps_ipc_recv *r);
int dps_ipc_get_recv(const uint8_t *p, size_t len, struct dps_ipc_recv *r); /* max_len >= 1 */

/** RECV reply: 1..DPS_IPC_MAX_FRAME bytes carried (else DPS_E_INVALID_LENGTH),
 *  never more than orig_len (else DPS_E_INVALID_DATA). */
size_t dps_ipc_put_frame(uint8_t *p, size_t cap, const struct dps_ipc_frame *f);
int dps_ipc_get_frame(const uint8_t *p, size_t len, struct dps_ipc_frame *f);

/** SEND: 1..DPS_IPC_MAX_FRAME frame bytes after the handle (else
 *  DPS_E_INVALID_LENGTH: the frame's size is the payload's). */
size_t dps_ipc_put_send(uint8_t *p, size_t cap, const struct dps_ipc_send *s);
int dps_ipc_get_send(const uint8_t *p, size_t len, struct dps_ipc_send *s);

/** OID_QUERY: exactly 16 bytes, buf_len <= DPS_IPC_OID_DATA_MAX.
 *  OID_SET: 16 bytes + buf_len bytes of data, buf_len <= DPS_IPC_OID_DATA_MAX.
 *  buf_len too big is DPS_E_INVALID_DATA (checked first), a payload of the
 *  wrong size DPS_E_INVALID_LENGTH. */
size_t dps_ipc_put_oid_query(uint8_t *p, size_t cap, const struct dps_ipc_oid *q);
int dps_ipc_get_oid_query(const uint8_t *p, size_t len, struct dps_ipc_oid *q);
size_t dps_ipc_put_oid_set(uint8_t *p, size_t cap, const struct dps_ipc_oid *s);
int dps_ipc_get_oid_set(const uint8_t *p, size_t len, struct dps_ipc_oid *s);
/** OID reply: 12 bytes + len (<= DPS_IPC_OID_DATA_MAX) bytes of data; with
 *  data, bytes == len (else DPS_E_INVALID_DATA); bytes <= DPS_IPC_OID_DATA_MAX. */
size_t dps_ipc_put_oid_reply(uint8_t *p, size_t cap, const struct dps_ipc_oid_reply *r);
int dps_ipc_get_oid_reply(const uint8_t *p, size_t len, struct dps_ipc_oid_reply *r);

size_t dps_ipc_put_wait_status(uint8_t *p, size_t cap, const struct dps_ipc_wait_status *w);
int dps_ipc_get_wait_status(const uint8_t *p, size_t len, struct dps_ipc_wait_status *w);
size_t dps_ipc_put_indication(uint8_t *p, size_t cap, const struct dps_ipc_indication *i);
int dps_ipc_get_indication(const uint8_t *p, size_t len, struct dps_ipc_indication *i);

size_t dps_ipc_put_open_stats(uint8_t *p, size_t cap, const struct dps_ipc_open_stats *s);
int dps_ipc_get_open_stats(const uint8_t *p, size_t len, struct dps_ipc_open_stats *s);

/** CAPTURE_START: adapter as OPEN's; direction 1..3; snaplen and duration_ms
 *  within their maxima; filter_len <= DPS_IPC_MAX_FILTER, no NUL inside;
 *  reserved bytes 0 (else DPS_E_INVALID_DATA); the payload 40 + filter_len. */
size_t dps_ipc_put_capture_start(uint8_t *p, size_t cap, const struct dps_ipc_capture_start *s);
int dps_ipc_get_capture_start(const uint8_t *p, size_t len, struct dps_ipc_capture_start *s);
/** CAPTURE_WAIT: exactly 8 bytes; timeout_ms <= 3600000. */
size_t dps_ipc_put_capture_wait(uint8_t *p, size_t cap, const struct dps_ipc_capture_wait *w);
int dps_ipc_get_capture_wait(const uint8_t *p, size_t len, struct dps_ipc_capture_wait *w);
/** Capture info: state 1..3, direction 1..3, cause <= MAX, adapter as OPEN's,
 *  filter as CAPTURE_START's; reserved bytes 0. */
size_t dps_ipc_put_capture_info(uint8_t *p, size_t cap, const struct dps_ipc_capture_info *i);
int dps_ipc_get_capture_info(const uint8_t *p, size_t len, struct dps_ipc_capture_info *i);

/**
 * Write a reason block: u16 length then the text of @p reason (1 to
 * DPS_IPC_REASON_MAX bytes, no control characters).
 * @return the block's length (2 + text); 0 (NULL, empty, too long, a
 *         control character, or it does not fit).
 */
size_t dps_ipc_put_reason(uint8_t *p, size_t cap, const char *reason);

/**
 * Read the reason block at the start of a failure payload of @p len bytes.
 * @param out receives the text, NUL-terminated (at least
 *        DPS_IPC_REASON_MAX + 1 bytes).
 * @param used receives the block's length: the failure payload proper
 *        starts at @p p + *used.
 * @return DPS_OK; DPS_E_INVALID_LENGTH (shorter than its length field says,
 *         or a length of 0 or above DPS_IPC_REASON_MAX); DPS_E_INVALID_DATA
 *         (a control character); DPS_E_INVALID_PARAMETER (NULL).
 */
int dps_ipc_get_reason(const uint8_t *p, size_t len, char *out, size_t *used);

/**
 * Make @p text fit a reason block, in place: control characters become
 * spaces, the text is cut at DPS_IPC_REASON_MAX bytes. @return its length.
 */
size_t dps_ipc_reason_clean(char *text);
/* ---- rings and batches (0x50..; issue 15, lib/ipc/dps_ring.h) ---- */

/** Most frames in one SEND_BATCH or RECV_BATCH. */
#define DPS_IPC_BATCH_MAX 256

/**
 * RING_SETUP request (payload 32 bytes): u64 handle at 0, then u32
 * rx_slots, rx_slot_size, tx_slots, tx_slot_size, policy, and a u32 0 at
 * 28. rx_slots / tx_slots 0 = no such ring (not both); otherwise a power of
 * two in DPS_RING_SLOTS_MIN..DPS_RING_SLOTS_MAX with a slot size, a
 * multiple of 64 in DPS_RING_SLOT_MIN..DPS_RING_SLOT_MAX; policy
 * DPS_RING_DROP_OLDEST or DPS_RING_DROP_NEWEST. Anything else is
 * DPS_E_INVALID_DATA.
 */
struct dps_ipc_ring_setup {
	uint64_t handle;
	uint32_t rx_slots, rx_slot_size, tx_slots, tx_slot_size, policy;
};
#define DPS_IPC_RING_SETUP_LEN 32

/**
 * RING_SETUP reply (payload 40 bytes): u32 nb_sub, rx_slots, rx_slot_size,
 * tx_slots, tx_slot_size, policy, then u64 size_a at 24, size_b at 32
 * (what dps_ring_layout_of() computes for those parameters: the decoder
 * checks it). It comes with three file descriptors (memory A, memory B,
 * the eventfd).
 */
struct dps_ipc_ring_reply {
	uint32_t nb_sub, rx_slots, rx_slot_size, tx_slots, tx_slot_size, policy;
	uint64_t size_a, size_b;
};
#define DPS_IPC_RING_REPLY_LEN 40

/** One frame of a batch: what a decoder points into the payload. */
struct dps_ipc_batch_frame {
	const uint8_t *data;
	uint32_t len;
	uint32_t orig_len; /**< RECV_BATCH only */
};

/**
 * SEND_BATCH request: u64 handle, u32 count (1..DPS_IPC_BATCH_MAX), u32 0,
 * then count times { u32 len (1..DPS_IPC_MAX_FRAME), len bytes }, ending
 * exactly at the payload's end (else DPS_E_INVALID_LENGTH).
 */
struct dps_ipc_send_batch {
	uint64_t handle;
	uint32_t count;
	struct dps_ipc_batch_frame
		*frames; /**< count entries (decoder: room for DPS_IPC_BATCH_MAX) */
};

/**
 * SEND_BATCH reply: u32 count, u32 sent, then count i32 statuses (one per
 * frame, in order: DPS_OK or why it was refused); sent = how many are DPS_OK.
 * When a frame was refused, a reason block (as a failure reply's: u16
 * length, text) may follow, about the first refused frame.
 */
struct dps_ipc_batch_status {
	uint32_t count;
	uint32_t sent;
	int32_t status[DPS_IPC_BATCH_MAX];
	char reason[DPS_IPC_REASON_MAX + 1]; /**< "" = none */
};

/** RECV_BATCH request (payload 24 bytes; a u32 0 at 20). */
struct dps_ipc_recv_batch {
	uint64_t handle;
	uint32_t timeout_ms; /**< 0 = do not wait */
	uint32_t max_frames; /**< 1..DPS_IPC_BATCH_MAX */
	uint32_t max_len;    /**< per frame, 1..DPS_IPC_MAX_FRAME; longer frames are cut */
};
#define DPS_IPC_RECV_BATCH_LEN 24

/**
 * RECV_BATCH reply: u32 count (1..DPS_IPC_BATCH_MAX), u32 dropped (as in
 * RECV), then count times { u32 orig_len, u32 len (1..orig_len), len bytes },
 * ending exactly at the payload's end.
 */
struct dps_ipc_frames {
	uint32_t count;
	uint32_t dropped;
	struct dps_ipc_batch_frame *frames;
};

size_t dps_ipc_put_ring_setup(uint8_t *p, size_t cap, const struct dps_ipc_ring_setup *r);
int dps_ipc_get_ring_setup(const uint8_t *p, size_t len, struct dps_ipc_ring_setup *r);
size_t dps_ipc_put_ring_reply(uint8_t *p, size_t cap, const struct dps_ipc_ring_reply *r);
int dps_ipc_get_ring_reply(const uint8_t *p, size_t len, struct dps_ipc_ring_reply *r);
size_t dps_ipc_put_send_batch(uint8_t *p, size_t cap, const struct dps_ipc_send_batch *b);
int dps_ipc_get_send_batch(const uint8_t *p, size_t len, struct dps_ipc_send_batch *b);
size_t dps_ipc_put_batch_status(uint8_t *p, size_t cap, const struct dps_ipc_batch_status *s);
/** Also checks count <= DPS_IPC_BATCH_MAX and sent == the number of DPS_OK. */
int dps_ipc_get_batch_status(const uint8_t *p, size_t len, struct dps_ipc_batch_status *s);
size_t dps_ipc_put_recv_batch(uint8_t *p, size_t cap, const struct dps_ipc_recv_batch *r);
int dps_ipc_get_recv_batch(const uint8_t *p, size_t len, struct dps_ipc_recv_batch *r);
/**
 * Frames of a RECV_BATCH reply are appended one by one: start with
 * dps_ipc_put_frames_start() (8 bytes), add each with dps_ipc_put_frames_add()
 * (0 when it does not fit), then dps_ipc_put_frames_end() writes count and
 * dropped into the first 8 bytes.
 */
size_t dps_ipc_put_frames_start(uint8_t *p, size_t cap);
size_t dps_ipc_put_frames_add(
	uint8_t *p, size_t cap, uint32_t orig_len, const uint8_t *data, uint32_t len);
void dps_ipc_put_frames_end(uint8_t *p, uint32_t count, uint32_t dropped);
/** @p f->frames has room for DPS_IPC_BATCH_MAX entries. */
int dps_ipc_get_frames(const uint8_t *p, size_t len, struct dps_ipc_frames *f);

/**
 * Decode a whole request datagram as the server does: header, then the
 * payload of its type (fuzzing entry point). Beyond dps_ipc_get_hdr(): a
 * reply or DPS_IPC_ERROR type is DPS_E_NOT_SUPPORTED, a non-zero status
 * DPS_E_INVALID_DATA; then the payload decoder's status.
 * @return DPS_OK or the status a DPS_IPC_ERROR reply carries.
 */
int dps_ipc_check_request(const uint8_t *buf, size_t n, struct dps_ipc_hdr *h);

/** Name of the socket file in the DPDK runtime directory. */
#define DPS_IPC_SOCKET_NAME "dpstack.sock"

/**
 * Where a dpstack started with --file-prefix @p prefix (NULL or "" = "rte")
 * listens by default: the DPDK runtime directory, found as DPDK and
 * dpdk-telemetry.py do: /var/run/dpdk/<prefix> for root, else
 * $XDG_RUNTIME_DIR/dpdk/<prefix>, else /tmp/dpdk/<prefix>. Not root: when
 * nothing is at that path but /var/run/dpdk/<prefix>/dpstack.sock exists
 * (a root-run dpstack's, its directories traversable), that one.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (prefix with '/', "." or "..",
 *         longer than 107 bytes; NULL out); DPS_E_BUFFER_TOO_SHORT.
 */
int dps_ipc_socket_path(const char *prefix, char *out, size_t len);

/** @return "OPEN", "RECV", ..., "OPEN_REPLY", ..., "ERROR" or "UNKNOWN". */
const char *dps_ipc_type_str(unsigned int type);

#ifdef __cplusplus
}
#endif

#endif /* DPS_IPC_H */
