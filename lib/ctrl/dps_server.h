/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_SERVER_H
#define DPS_SERVER_H

/**
 * @file
 * The control-socket server (DESIGN.md section 9), run by the control
 * thread: AF_UNIX SOCK_SEQPACKET, non-blocking, epoll. It accepts clients
 * (peer credentials logged and checked), decodes every datagram with
 * lib/ipc, answers malformed ones with a DPS_IPC_ERROR reply, and hands
 * good requests to the handler (the raw protocol). Replies that cannot be
 * sent at once wait in a per-client queue bounded in bytes; a client that
 * never reads is dropped when its queue is full. No client can make the
 * server block or grow memory without bound.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dps_ipc.h"
#include "dps_object.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dps_srv_client;

/**
 * A client's role (DESIGN.md section 9): users enumerate, open, send and
 * receive, query OIDs, set their own open's filter and multicast list and
 * wait for indications; admins also make adapter-wide changes (MTU, MAC,
 * admin state, queue layout, run-time adapter and binding commands).
 */
enum dps_srv_role {
	DPS_SRV_ROLE_NONE = 0, /**< neither: its first request is refused, then it is dropped */
	DPS_SRV_ROLE_USER,
	DPS_SRV_ROLE_ADMIN,
};

struct dps_server_conf {
	const char *path; /**< socket path */
	/** users besides the admins: this uid or members of this group (primary
	 *  or supplementary); both UINT32_MAX = anyone who can reach the file */
	uint32_t allow_uid;
	uint32_t allow_gid;
	/** admins besides root: this uid or members of this group; UINT32_MAX = not set */
	uint32_t admin_uid;
	uint32_t admin_gid;
	uint32_t max_clients;
	uint32_t max_queued_bytes; /**< replies waiting for one client */
};

/** What the server asks of the protocol that serves the requests. */
struct dps_server_ops {
	/**
	 * A decoded request. Answer it with dps_server_reply() now or later
	 * (keep hdr->id); the payload is valid during the call only.
	 */
	void (*request)(struct dps_srv_client *c, const struct dps_ipc_hdr *hdr,
		const uint8_t *payload, uint32_t len);
	/** The client is gone (disconnected or dropped): free what it holds. */
	void (*client_gone)(struct dps_srv_client *c);
	/** Called on every dps_server_poll: deferred replies, timeouts. */
	void (*poll)(void);
};

/**
 * Create the listening socket and start serving. Only a socket is ever
 * replaced: what is at the path is looked at with lstat (a symbolic link is
 * not followed); a socket file left by a dead process is removed, a live
 * socket and anything that is not a socket are refused and left alone. The
 * socket is chowned to the users' / admins' uid and gid (mode 0660), or
 * mode 0666 when one owner and one group cannot say who (the peer
 * credentials decide); its directory (and DPDK's /var/run/dpdk above it)
 * gets o+x when someone besides root may connect.
 * @param parent the object clients are children of.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_STATE (running);
 *         DPS_E_EXISTS (a live socket or not a socket at @p path); the mapped
 *         errno (lstat, socket, bind, listen, epoll). dps_server_start_error()
 *         then names the path and what is there.
 * Level: CONTROL.
 */
int dps_server_start(struct dps_object *parent, const struct dps_server_conf *conf,
	const struct dps_server_ops *ops);

/** Why the last dps_server_start() failed ("" if it did not), e.g.
 *  "control socket /tmp/x: a regular file is there, not a socket: left as it is ...". */
const char *dps_server_start_error(void);

/** Drop every client (client_gone for each), close and unlink the socket. */
void dps_server_stop(void);

/**
 * Accept, read and answer (bounded work: at most a few datagrams per
 * client per call). @return items handled. Level: CONTROL (control thread).
 */
unsigned int dps_server_poll(void);

/**
 * Send a reply of @p type | DPS_IPC_REPLY with @p id, @p status and the
 * payload. Queued when the socket is full; when the queue would exceed its
 * bound, the client is dropped.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_LENGTH (payload too
 *         big); DPS_E_DELETED (the client is gone or was just dropped).
 */
int dps_server_reply(struct dps_srv_client *c, uint8_t type, uint32_t id, int status,
	const uint8_t *payload, uint32_t len);

/**
 * dps_server_reply() with a reason: when @p status is a failure and
 * @p reason is not NULL or empty, the reply carries it (DPS_IPC_F_REASON;
 * control characters become spaces, cut at DPS_IPC_REASON_MAX bytes) before
 * the payload; clients show it (dps_client_last_error(), dpsctl). Success
 * replies never carry one.
 * @return as dps_server_reply().
 * Level: CONTROL (control thread).
 */
int dps_server_reply_reason(struct dps_srv_client *c, uint8_t type, uint32_t id, int status,
	const uint8_t *payload, uint32_t len, const char *reason);

/**
 * A failure reply without payload whose reason is printf-formatted from
 * @p fmt (NULL: none), e.g.
 * `dps_server_fail(c, h->type, h->id, DPS_E_NOT_FOUND, "no adapter '%s'", name)`.
 * @return as dps_server_reply().
 * Level: CONTROL (control thread).
 */
int dps_server_fail(struct dps_srv_client *c, uint8_t type, uint32_t id, int status,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/**
 * A success reply with @p nb_fds file descriptors passed along (SCM_RIGHTS):
 * the client gets its own copies; the caller keeps and closes its own.
 * Sent at once or not at all (a reply queued for later would have to keep
 * the descriptors): when the client's socket is full or replies wait in its
 * queue, nothing is sent and the caller answers with a failure instead.
 * @param nb_fds 1..4.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_INVALID_LENGTH;
 *         DPS_E_BUSY (not sent now: the caller may reply a failure);
 *         DPS_E_DELETED (the client is gone or was just dropped).
 * Level: CONTROL (control thread).
 */
int dps_server_reply_fds(struct dps_srv_client *c, uint8_t type, uint32_t id,
	const uint8_t *payload, uint32_t len, const int *fds, unsigned int nb_fds);

/** The client's object (opens are its children) and credentials. */
struct dps_object *dps_srv_client_object(struct dps_srv_client *c);
pid_t dps_srv_client_pid(const struct dps_srv_client *c);
uid_t dps_srv_client_uid(const struct dps_srv_client *c);
/**
 * Take the descriptor that came with the request being handled (SCM_RIGHTS
 * beside the datagram): the caller owns it then. Untaken, it is closed when
 * the handler returns. Only the first descriptor of a datagram is kept.
 * @return the descriptor, or -1 when none came. Level: CONTROL, inside
 *         dps_server_ops.request.
 */
int dps_srv_client_take_fd(struct dps_srv_client *c);
/** The client's role, from its uid, primary gid and supplementary groups at connect. */
enum dps_srv_role dps_srv_client_role(const struct dps_srv_client *c);
/** @return 1 if the client is an admin (root, admin_uid, a member of admin_gid). */
int dps_server_client_is_admin(const struct dps_srv_client *c);
/** @return "none", "user", "admin". */
const char *dps_srv_role_str(enum dps_srv_role role);

/**
 * Check that the client holds @p need for a request: DPS_OK, or the
 * request is answered at once with DPS_E_PERMISSION and a reason naming
 * the missing role and who holds it ("OID_DPS_MTU set needs the admin role
 * (uid 1001 is a user; admins: root, group 1002)"), and DPS_E_PERMISSION is
 * returned (do not reply again).
 * @param what the request, for the reason (NULL: "this request").
 * Level: CONTROL (control thread).
 */
int dps_server_check_role(struct dps_srv_client *c, uint8_t type, uint32_t id,
	enum dps_srv_role need, const char *what);

/** A per-client word for the handler (e.g. how many opens it holds). */
void *dps_srv_client_data(struct dps_srv_client *c);
void dps_srv_client_set_data(struct dps_srv_client *c, void *data);

struct dps_server_stats {
	uint64_t accepted;
	uint64_t refused; /**< credentials, or too many clients */
	uint64_t requests;
	uint64_t bad_requests; /**< answered with DPS_IPC_ERROR */
	uint64_t replies;
	uint64_t queued_replies;
	uint64_t dropped_clients; /**< their reply queue overflowed */
	uint64_t clients;	  /**< connected now */
};
void dps_server_stats(struct dps_server_stats *st);

/** Visit every client (telemetry, via dps_ctrl_call). */
int dps_server_foreach(int (*cb)(struct dps_srv_client *c, void *arg), void *arg);

#ifdef __cplusplus
}
#endif

#endif /* DPS_SERVER_H */
