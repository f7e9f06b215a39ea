/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libdpsclient: one request, one reply, over an AF_UNIX SOCK_SEQPACKET
 * connection. Replies are matched by id and type; anything that does not
 * answer the request just sent (wrong id, wrong type, malformed) breaks the
 * connection, since the request/reply pairing can no longer be trusted.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dps_client.h"
#include "dps_client_private.h"
#include "dps_ipc.h"
#include "dps_status.h"

_Static_assert(DPS_CLIENT_NAME_LEN == DPS_IPC_NAME_LEN, "name length");
_Static_assert(DPS_CLIENT_DESC_LEN == DPS_IPC_DESC_LEN, "description length");
_Static_assert(DPS_CLIENT_MAX_ETHERTYPES == DPS_IPC_MAX_ETHERTYPES, "ethertypes");
_Static_assert(DPS_CLIENT_MAX_FILTER == DPS_IPC_MAX_FILTER, "filter");
_Static_assert(DPS_CLIENT_MAX_FRAME == DPS_IPC_MAX_FRAME, "frame");
_Static_assert(DPS_CLIENT_OID_DATA_MAX == DPS_IPC_OID_DATA_MAX, "oid data");

#define TIMEOUT_MAX_MS 3600000u
#define ETHERTYPE_MIN 0x0600u

struct dps_client {
	int fd;
	int broken;
	int tx_fd; /* a descriptor to pass with the next request (SCM_RIGHTS), or -1 */
	uint32_t next_id;
	unsigned int timeout_ms;
	char reason[DPS_IPC_REASON_MAX + 1]; /* of the last failure */
	uint8_t tx[DPS_IPC_MAX_MSG];
	uint8_t rx[DPS_IPC_MAX_MSG + 1]; /* one more: an oversize reply is seen as such */
	struct dps__client_ring *rings;	 /* dps_client_ring.c */
};

/* A reply, as transact() hands it back. */
struct reply {
	int status;
	const uint8_t *p;
	size_t len;
};

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static int
set_send_timeout(int fd, unsigned int ms)
{
	struct timeval tv = {.tv_sec = ms / 1000u, .tv_usec = (ms % 1000u) * 1000u};

	return setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

#include <stdarg.h>
#include <stdio.h>

static void __attribute__((format(printf, 2, 3)))
set_reason(struct dps_client *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
}

static int
broken(struct dps_client *c, int status)
{
	c->broken = 1;
	if (c->reason[0] == '\0')
		set_reason(c, "malformed reply from dpstack: the connection is closed");
	return status;
}

/* An argument the library refuses before sending anything. */
static int __attribute__((format(printf, 3, 4)))
refuse(struct dps_client *c, int status, const char *fmt, ...)
{
	va_list ap;

	if (c != NULL) {
		va_start(ap, fmt);
		vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
		va_end(ap);
	}
	return status;
}

const char *
dps_client_last_error(const struct dps_client *c)
{
	return c == NULL ? "" : c->reason;
}

/* The reply carried a status and, on success, no payload. */
static int
status_only(struct dps_client *c, const struct reply *r)
{
	if (r->status == DPS_OK && r->len != 0)
		return broken(c, DPS_E_INVALID_DATA);
	return r->status;
}

/*
 * Send the request whose payload (@p len bytes) is already in c->tx after
 * the header, and wait for its reply at most @p wait_ms + the reply timeout.
 * @return DPS_OK with *r filled (r->status is the server's), or a transport
 *         status (the connection is then broken).
 */
/* One datagram; with c->tx_fd >= 0, that descriptor travels with it. */
static ssize_t
send_request(struct dps_client *c, size_t n)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = {.iov_base = c->tx, .iov_len = n};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	struct cmsghdr *cm;

	if (c->tx_fd < 0)
		return send(c->fd, c->tx, n, MSG_NOSIGNAL);
	memset(&u, 0, sizeof(u));
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof(u.buf);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &c->tx_fd, sizeof(int));
	return sendmsg(c->fd, &mh, MSG_NOSIGNAL);
}

/* Descriptors that came with a datagram (SCM_RIGHTS): up to @p max into
 * @p fds (counted in *nb), the others closed. */
static void
take_fds(struct msghdr *mh, int *fds, unsigned int max, unsigned int *nb)
{
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm != NULL; cm = CMSG_NXTHDR(mh, cm)) {
		size_t k;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (fds != NULL && *nb < max)
				fds[(*nb)++] = fd;
			else
				close(fd);
		}
	}
}

static int transact_fds(struct dps_client *c, uint8_t type, size_t len, uint32_t wait_ms,
	struct reply *r, int *fds, unsigned int max_fds, unsigned int *nb_fds);

static int
transact(struct dps_client *c, uint8_t type, size_t len, uint32_t wait_ms, struct reply *r)
{
	return transact_fds(c, type, len, wait_ms, r, NULL, 0, NULL);
}

static int
transact_fds(struct dps_client *c, uint8_t type, size_t len, uint32_t wait_ms, struct reply *r,
	int *fds, unsigned int max_fds, unsigned int *nb_fds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(8 * sizeof(int))];
	} ctl;
	unsigned int nfd_dummy = 0;
	struct dps_ipc_hdr h;
	uint64_t deadline;
	uint32_t id;
	ssize_t n;

	if (c->broken) {
		set_reason(c, "the connection to dpstack is broken: close it and connect again");
		return DPS_E_IO;
	}
	c->reason[0] = '\0';
	if (len == 0) /* every request has a payload: its encoder refused the arguments */
		return refuse(
			c, DPS_E_INVALID_PARAMETER, "bad arguments for %s", dps_ipc_type_str(type));
	id = ++c->next_id;
	if (id == 0)
		id = ++c->next_id;
	if (dps_ipc_put_hdr(c->tx, sizeof(c->tx), type, id, (uint32_t)len, 0) == 0)
		return DPS_E_INVALID_PARAMETER;
	do
		n = send_request(c, DPS_IPC_HDR_LEN + len);
	while (n < 0 && errno == EINTR);
	c->tx_fd = -1;
	if (n < 0) {
		set_reason(c, "send to dpstack: %s", strerror(errno));
		return broken(
			c, errno == EAGAIN || errno == EWOULDBLOCK ? DPS_E_TIMEOUT : DPS_E_IO);
	}
	if ((size_t)n != DPS_IPC_HDR_LEN + len) {
		set_reason(c, "send to dpstack: short send");
		return broken(c, DPS_E_IO);
	}

	deadline = now_ms() + wait_ms + c->timeout_ms;
	for (;;) {
		struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
		uint64_t now = now_ms();
		uint64_t left = deadline > now ? deadline - now : 0;
		int rc;

		rc = poll(&pfd, 1, left > INT_MAX ? INT_MAX : (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			set_reason(c, "poll: %s", strerror(errno));
			return broken(c, DPS_E_IO);
		}
		if (rc == 0) {
			if (left > INT_MAX)
				continue;
			set_reason(
				c, "no reply from dpstack within %u ms", wait_ms + c->timeout_ms);
			return broken(c, DPS_E_TIMEOUT);
		}
		{
			struct iovec iov = {.iov_base = c->rx, .iov_len = sizeof(c->rx)};
			struct msghdr mh = {.msg_iov = &iov,
				.msg_iovlen = 1,
				.msg_control = ctl.buf,
				.msg_controllen = sizeof(ctl.buf)};

			n = recvmsg(c->fd, &mh, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);
			if (n >= 0)
				take_fds(&mh, fds, max_fds, nb_fds != NULL ? nb_fds : &nfd_dummy);
		}
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n <= 0) {
			/* 0: the server closed the connection */
			set_reason(c, "dpstack closed the connection%s%s", n < 0 ? ": " : "",
				n < 0 ? strerror(errno) : "");
			return broken(c, DPS_E_IO);
		}
		break;
	}
	if ((size_t)n > DPS_IPC_MAX_MSG || dps_ipc_get_hdr(c->rx, (size_t)n, &h) != DPS_OK ||
		h.id != id)
		return broken(c, DPS_E_INVALID_DATA);
	if (h.type != DPS_IPC_ERROR && (h.type != (type | DPS_IPC_REPLY) || h.status > 0))
		return broken(c, DPS_E_INVALID_DATA);
	r->status = h.status;
	r->p = c->rx + DPS_IPC_HDR_LEN;
	r->len = h.len;
	if (h.flags & DPS_IPC_F_REASON) {
		size_t used;

		/* dps_ipc_get_hdr let the flag through on failures only */
		if (dps_ipc_get_reason(r->p, r->len, c->reason, &used) != DPS_OK)
			return broken(c, DPS_E_INVALID_DATA);
		r->p += used;
		r->len -= used;
	}
	/* the server could not decode the request: a failure, and no payload */
	if (h.type == DPS_IPC_ERROR && (h.status >= 0 || r->len != 0))
		return broken(c, DPS_E_INVALID_DATA);
	return DPS_OK;
}

/* ---- connection ---- */

static int
connect_errno(int err)
{
	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return DPS_E_NOT_FOUND;
	case EACCES:
	case EPERM:
		return DPS_E_PERMISSION;
	case EAGAIN:
	case EINPROGRESS:
	case ETIMEDOUT:
		return DPS_E_TIMEOUT;
	case ENOMEM:
	case ENOBUFS:
		return DPS_E_RESOURCES;
	default:
		return DPS_E_IO;
	}
}

int
dps_client_connect(const char *socket_path, struct dps_client **out)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct dps_client *c;
	int rc;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	*out = NULL;
	if (socket_path == NULL || socket_path[0] == '\0' ||
		strlen(socket_path) >= sizeof(sa.sun_path))
		return DPS_E_INVALID_PARAMETER;
	memcpy(sa.sun_path, socket_path, strlen(socket_path) + 1);
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return DPS_E_RESOURCES;
	c->timeout_ms = DPS_CLIENT_DEFAULT_TIMEOUT_MS;
	c->tx_fd = -1;
	c->fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (c->fd < 0) {
		rc = connect_errno(errno);
		free(c);
		return rc;
	}
	/* SO_SNDTIMEO bounds connect() on AF_UNIX (a full backlog) and send() */
	if (set_send_timeout(c->fd, c->timeout_ms) != 0) {
		rc = DPS_E_IO;
		goto fail;
	}
	do
		rc = connect(c->fd, (struct sockaddr *)&sa, sizeof(sa));
	while (rc != 0 && errno == EINTR);
	if (rc != 0) {
		rc = connect_errno(errno);
		goto fail;
	}
	*out = c;
	return DPS_OK;
fail:
	close(c->fd);
	free(c);
	return rc;
}

int
dps_client_socket_path(const char *file_prefix, char *out, size_t len)
{
	return dps_ipc_socket_path(file_prefix, out, len);
}

int
dps_client_connect_prefix(const char *file_prefix, struct dps_client **out)
{
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int rc;

	if (out == NULL)
		return DPS_E_INVALID_PARAMETER;
	*out = NULL;
	rc = dps_ipc_socket_path(file_prefix, path, sizeof(path));
	if (rc == DPS_E_BUFFER_TOO_SHORT)
		return DPS_E_INVALID_PARAMETER;
	if (rc != DPS_OK)
		return rc;
	return dps_client_connect(path, out);
}

void
dps_client_close(struct dps_client *c)
{
	if (c == NULL)
		return;
	dps__client_rings_drop(c, 0, 1);
	close(c->fd);
	free(c);
}

int
dps_client_set_timeout(struct dps_client *c, unsigned int ms)
{
	if (c == NULL || ms == 0 || ms > TIMEOUT_MAX_MS)
		return DPS_E_INVALID_PARAMETER;
	if (set_send_timeout(c->fd, ms) != 0)
		return DPS_E_IO;
	c->timeout_ms = ms;
	return DPS_OK;
}

int
dps_client_connected(const struct dps_client *c)
{
	return c != NULL && !c->broken;
}

/* ---- operations ---- */

#define PAYLOAD(c) ((c)->tx + DPS_IPC_HDR_LEN)
#define PAYLOAD_CAP (DPS_IPC_MAX_PAYLOAD)

int
dps_client_list(struct dps_client *c, uint32_t index, struct dps_client_binding *info)
{
	struct dps_ipc_binding_info b;
	struct reply r;
	int rc;

	if (c == NULL || info == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(
		c, DPS_IPC_LIST_BINDINGS, dps_ipc_put_u32(PAYLOAD(c), PAYLOAD_CAP, index), 0, &r);
	if (rc != DPS_OK)
		return rc;
	if (r.status != DPS_OK)
		return r.status;
	if (dps_ipc_get_binding_info(r.p, r.len, &b) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	memset(info, 0, sizeof(*info));
	memcpy(info->name, b.name, sizeof(info->name));
	memcpy(info->description, b.description, sizeof(info->description));
	memcpy(info->mac, b.mac, sizeof(info->mac));
	info->mtu = b.mtu;
	info->link_up = b.link_up;
	info->link_speed = b.link_speed;
	info->state = b.state;
	return DPS_OK;
}

int
dps_client_wait_binds(struct dps_client *c, uint32_t timeout_ms)
{
	struct reply r;
	int rc;

	if (c == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_WAIT_BINDS, dps_ipc_put_u32(PAYLOAD(c), PAYLOAD_CAP, timeout_ms),
		timeout_ms, &r);
	if (rc != DPS_OK)
		return rc;
	return status_only(c, &r);
}

int
dps_client_open(struct dps_client *c, const char *adapter, const uint16_t *types,
	unsigned int nb_types, const char *filter, uint32_t queue_len, uint64_t *handle)
{
	struct dps_ipc_open *op; /* 1.1 KiB: on the heap */
	size_t name_len, filter_len = 0, len;
	struct reply r;
	int rc;

	if (c == NULL || adapter == NULL || types == NULL || handle == NULL)
		return DPS_E_INVALID_PARAMETER;
	c->reason[0] = '\0';
	if (nb_types == 0 || nb_types > DPS_CLIENT_MAX_ETHERTYPES)
		return refuse(c, DPS_E_INVALID_PARAMETER, "%u EtherTypes: an open takes 1 to %u",
			nb_types, DPS_CLIENT_MAX_ETHERTYPES);
	if (queue_len > DPS_CLIENT_MAX_QUEUE)
		return refuse(c, DPS_E_INVALID_PARAMETER, "queue length %u is above %u", queue_len,
			DPS_CLIENT_MAX_QUEUE);
	name_len = strnlen(adapter, DPS_CLIENT_NAME_LEN);
	if (name_len == 0 || name_len >= DPS_CLIENT_NAME_LEN)
		return refuse(c, DPS_E_INVALID_PARAMETER, "adapter name of 1 to %u bytes",
			DPS_CLIENT_NAME_LEN - 1);
	for (unsigned int i = 0; i < nb_types; i++)
		if (types[i] < ETHERTYPE_MIN)
			return refuse(c, DPS_E_INVALID_PARAMETER,
				"EtherType 0x%04x is below 0x0600 (a length, not a type)",
				types[i]);
	if (filter != NULL) {
		filter_len = strnlen(filter, DPS_CLIENT_MAX_FILTER + 1);
		if (filter_len > DPS_CLIENT_MAX_FILTER)
			return refuse(c, DPS_E_INVALID_PARAMETER,
				"filter expression longer than %u bytes", DPS_CLIENT_MAX_FILTER);
	}
	op = calloc(1, sizeof(*op));
	if (op == NULL)
		return DPS_E_RESOURCES;
	memcpy(op->adapter, adapter, name_len);
	op->queue_len = queue_len;
	op->nb_types = (uint16_t)nb_types;
	op->filter_len = (uint16_t)filter_len;
	memcpy(op->types, types, nb_types * sizeof(types[0]));
	if (filter_len > 0)
		memcpy(op->filter, filter, filter_len);
	len = dps_ipc_put_open(PAYLOAD(c), PAYLOAD_CAP, op);
	free(op);
	if (len == 0)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_OPEN, len, 0, &r);
	if (rc != DPS_OK)
		return rc;
	if (r.status != DPS_OK)
		return r.status;
	if (dps_ipc_get_handle(r.p, r.len, handle) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	return DPS_OK;
}

int
dps_client_close_open(struct dps_client *c, uint64_t handle)
{
	struct reply r;
	int rc;

	if (c == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_CLOSE, dps_ipc_put_handle(PAYLOAD(c), PAYLOAD_CAP, handle), 0, &r);
	dps__client_rings_drop(c, handle, 0); /* closed or not, the open is done with */
	if (rc != DPS_OK)
		return rc;
	return status_only(c, &r);
}

int
dps_client_recv(struct dps_client *c, uint64_t handle, void *buf, size_t cap, uint32_t timeout_ms,
	uint32_t *len, uint32_t *orig_len)
{
	struct dps_ipc_recv q;
	struct dps_ipc_frame f;
	struct reply r;
	int rc;

	if (len != NULL)
		*len = 0;
	if (orig_len != NULL)
		*orig_len = 0;
	if (c == NULL || buf == NULL || cap == 0 || len == NULL)
		return DPS_E_INVALID_PARAMETER;
	q.handle = handle;
	q.timeout_ms = timeout_ms;
	q.max_len = cap > DPS_IPC_MAX_FRAME ? DPS_IPC_MAX_FRAME : (uint32_t)cap;
	rc = transact(
		c, DPS_IPC_RECV, dps_ipc_put_recv(PAYLOAD(c), PAYLOAD_CAP, &q), timeout_ms, &r);
	if (rc != DPS_OK)
		return rc;
	if (r.status != DPS_OK)
		return r.status;
	if (dps_ipc_get_frame(r.p, r.len, &f) != DPS_OK || f.len > q.max_len)
		return broken(c, DPS_E_INVALID_DATA);
	memcpy(buf, f.data, f.len);
	*len = f.len;
	if (orig_len != NULL)
		*orig_len = f.orig_len;
	return DPS_OK;
}

int
dps_client_send(struct dps_client *c, uint64_t handle, const void *frame, size_t len)
{
	struct dps_ipc_send s;
	struct reply r;
	int rc;

	if (c == NULL || frame == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (len == 0 || len > DPS_CLIENT_MAX_FRAME)
		return refuse(c, DPS_E_INVALID_LENGTH, "frame of %zu bytes: 1 to %u", len,
			DPS_CLIENT_MAX_FRAME);
	s.handle = handle;
	s.frame = frame;
	s.len = (uint32_t)len;
	rc = transact(c, DPS_IPC_SEND, dps_ipc_put_send(PAYLOAD(c), PAYLOAD_CAP, &s), 0, &r);
	if (rc != DPS_OK)
		return rc;
	return status_only(c, &r);
}

/*
 * An OID reply: on success the 12-byte header (and the data of a query); on
 * failure the same or nothing. @return DPS_OK with *o filled (zeroed when
 * there is none), or DPS_E_INVALID_DATA.
 */
static int
oid_reply(const struct reply *r, uint32_t oid, struct dps_ipc_oid_reply *o)
{
	memset(o, 0, sizeof(*o));
	if (r->len == 0)
		return r->status == DPS_OK ? DPS_E_INVALID_DATA : DPS_OK;
	if (dps_ipc_get_oid_reply(r->p, r->len, o) != DPS_OK || o->oid != oid)
		return DPS_E_INVALID_DATA;
	return DPS_OK;
}

int
dps_client_oid_query(struct dps_client *c, uint64_t handle, uint32_t oid, void *buf,
	uint32_t buf_len, uint32_t *bytes_written, uint32_t *bytes_needed)
{
	struct dps_ipc_oid q = {.handle = handle, .oid = oid, .buf_len = buf_len};
	struct dps_ipc_oid_reply o;
	struct reply r;
	int rc;

	if (bytes_written != NULL)
		*bytes_written = 0;
	if (bytes_needed != NULL)
		*bytes_needed = 0;
	if (c == NULL || buf_len > DPS_CLIENT_OID_DATA_MAX || (buf == NULL && buf_len > 0))
		return DPS_E_INVALID_PARAMETER;
	rc = transact(
		c, DPS_IPC_OID_QUERY, dps_ipc_put_oid_query(PAYLOAD(c), PAYLOAD_CAP, &q), 0, &r);
	if (rc != DPS_OK)
		return rc;
	if (oid_reply(&r, oid, &o) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	if (r.status == DPS_OK) {
		/* what was written is what came: never more than the buffer */
		if (o.len > buf_len || o.bytes != o.len)
			return broken(c, DPS_E_INVALID_DATA);
		if (o.len > 0)
			memcpy(buf, o.data, o.len);
		if (bytes_written != NULL)
			*bytes_written = o.len;
	}
	if (bytes_needed != NULL)
		*bytes_needed = o.bytes_needed;
	return r.status;
}

int
dps_client_oid_set(struct dps_client *c, uint64_t handle, uint32_t oid, const void *data,
	uint32_t len, uint32_t *bytes_read, uint32_t *bytes_needed)
{
	struct dps_ipc_oid s = {.handle = handle, .oid = oid, .buf_len = len, .data = data};
	struct dps_ipc_oid_reply o;
	struct reply r;
	int rc;

	if (bytes_read != NULL)
		*bytes_read = 0;
	if (bytes_needed != NULL)
		*bytes_needed = 0;
	if (c == NULL || len > DPS_CLIENT_OID_DATA_MAX || (data == NULL && len > 0))
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_OID_SET, dps_ipc_put_oid_set(PAYLOAD(c), PAYLOAD_CAP, &s), 0, &r);
	if (rc != DPS_OK)
		return rc;
	/* a set's reply carries no data, and the server reads no more than it got */
	if (oid_reply(&r, oid, &o) != DPS_OK || o.len != 0 || o.bytes > len)
		return broken(c, DPS_E_INVALID_DATA);
	if (r.status == DPS_OK && bytes_read != NULL)
		*bytes_read = o.bytes;
	if (bytes_needed != NULL)
		*bytes_needed = o.bytes_needed;
	return r.status;
}

int
dps_client_wait_status(struct dps_client *c, uint64_t handle, uint32_t timeout_ms,
	struct dps_client_indication *ind)
{
	struct dps_ipc_wait_status w = {.handle = handle, .timeout_ms = timeout_ms};
	struct dps_ipc_indication i;
	struct reply r;
	int rc;

	if (c == NULL || ind == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_WAIT_STATUS, dps_ipc_put_wait_status(PAYLOAD(c), PAYLOAD_CAP, &w),
		timeout_ms, &r);
	if (rc != DPS_OK)
		return rc;
	if (r.status != DPS_OK)
		return r.status;
	if (dps_ipc_get_indication(r.p, r.len, &i) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	ind->code = i.code;
	ind->link_up = i.link_up;
	ind->link_speed = i.link_speed;
	return DPS_OK;
}

int
dps_client_open_stats(struct dps_client *c, uint64_t handle, struct dps_client_open_stats *st)
{
	struct dps_ipc_open_stats s;
	struct reply r;
	int rc;

	if (c == NULL || st == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(
		c, DPS_IPC_OPEN_STATS, dps_ipc_put_handle(PAYLOAD(c), PAYLOAD_CAP, handle), 0, &r);
	if (rc != DPS_OK)
		return rc;
	if (r.status != DPS_OK)
		return r.status;
	if (dps_ipc_get_open_stats(r.p, r.len, &s) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	st->received = s.received;
	st->delivered = s.delivered;
	st->dropped = s.dropped;
	st->filtered = s.filtered;
	st->queued = s.queued;
	st->sent = s.sent;
	st->send_refused = s.send_refused;
	return DPS_OK;
}

/* ---- capture ---- */

_Static_assert(DPS_CLIENT_CAPTURE_RX == DPS_IPC_CAPTURE_RX, "capture rx");
_Static_assert(DPS_CLIENT_CAPTURE_TX == DPS_IPC_CAPTURE_TX, "capture tx");

int
dps_client_capture_start(
	struct dps_client *c, const struct dps_client_capture_params *p, int fd, uint32_t *id)
{
	static struct dps_ipc_capture_start s;
	struct reply r;
	size_t fl;
	int rc;

	if (c == NULL || p == NULL || id == NULL || fd < 0 || p->adapter == NULL)
		return DPS_E_INVALID_PARAMETER;
	fl = p->filter != NULL ? strlen(p->filter) : 0;
	if (strlen(p->adapter) == 0 || strlen(p->adapter) >= DPS_IPC_NAME_LEN ||
		fl > DPS_IPC_MAX_FILTER)
		return DPS_E_INVALID_PARAMETER;
	memset(&s, 0, sizeof(s));
	memcpy(s.adapter, p->adapter, strlen(p->adapter));
	s.direction = p->direction;
	s.snaplen = p->snaplen;
	s.count = p->count;
	s.duration_ms = p->duration_ms;
	s.filter_len = (uint16_t)fl;
	if (fl > 0)
		memcpy(s.filter, p->filter, fl);
	c->tx_fd = fd;
	rc = transact(c, DPS_IPC_CAPTURE_START,
		dps_ipc_put_capture_start(PAYLOAD(c), PAYLOAD_CAP, &s), 0, &r);
	c->tx_fd = -1;
	if (rc != DPS_OK)
		return rc;
	if (r.status != DPS_OK)
		return r.status;
	if (dps_ipc_get_u32(r.p, r.len, id) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	return DPS_OK;
}

int
dps_client_capture_stop(struct dps_client *c, uint32_t id)
{
	struct reply r;
	int rc;

	if (c == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_CAPTURE_STOP, dps_ipc_put_u32(PAYLOAD(c), PAYLOAD_CAP, id), 0, &r);
	if (rc != DPS_OK)
		return rc;
	return status_only(c, &r);
}

static int
capture_info_reply(struct dps_client *c, const struct reply *r, struct dps_client_capture_info *o)
{
	static struct dps_ipc_capture_info i;

	if (r->status != DPS_OK)
		return r->status;
	if (dps_ipc_get_capture_info(r->p, r->len, &i) != DPS_OK)
		return broken(c, DPS_E_INVALID_DATA);
	memset(o, 0, sizeof(*o));
	o->id = i.id;
	o->state = i.state;
	memcpy(o->adapter, i.adapter, sizeof(o->adapter));
	o->direction = i.direction;
	o->snaplen = i.snaplen;
	o->count = i.count;
	o->duration_ms = i.duration_ms;
	o->pid = i.pid;
	o->seen = i.seen;
	o->filtered = i.filtered;
	o->captured = i.captured;
	o->dropped = i.dropped;
	o->written = i.written;
	o->bytes = i.bytes;
	o->status = i.status;
	o->cause = i.cause;
	memcpy(o->filter, i.filter, (size_t)i.filter_len + 1);
	return DPS_OK;
}

int
dps_client_capture_wait(struct dps_client *c, uint32_t id, uint32_t timeout_ms,
	struct dps_client_capture_info *info)
{
	struct dps_ipc_capture_wait w = {.id = id, .timeout_ms = timeout_ms};
	struct reply r;
	int rc;

	if (c == NULL || info == NULL || timeout_ms == 0)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, DPS_IPC_CAPTURE_WAIT,
		dps_ipc_put_capture_wait(PAYLOAD(c), PAYLOAD_CAP, &w), timeout_ms, &r);
	if (rc != DPS_OK)
		return rc;
	return capture_info_reply(c, &r, info);
}

int
dps_client_capture_list(struct dps_client *c, uint32_t index, struct dps_client_capture_info *info)
{
	struct reply r;
	int rc;

	if (c == NULL || info == NULL)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(
		c, DPS_IPC_CAPTURE_LIST, dps_ipc_put_u32(PAYLOAD(c), PAYLOAD_CAP, index), 0, &r);
	if (rc != DPS_OK)
		return rc;
	return capture_info_reply(c, &r, info);
}

/* ---- run-time changes (admin role) ---- */

static int
admin_request(struct dps_client *c, uint8_t type, const char *protocol, const char *adapter)
{
	struct dps_ipc_admin a;
	struct reply r;
	size_t len;
	int rc;

	if (c == NULL || adapter == NULL || (type != DPS_IPC_ADAPTER_REMOVE && protocol == NULL))
		return DPS_E_INVALID_PARAMETER;
	memset(&a, 0, sizeof(a));
	if (strlen(adapter) >= sizeof(a.adapter) ||
		(protocol != NULL && strlen(protocol) >= sizeof(a.protocol)))
		return DPS_E_INVALID_PARAMETER;
	memcpy(a.adapter, adapter, strlen(adapter));
	if (protocol != NULL)
		memcpy(a.protocol, protocol, strlen(protocol));
	len = dps_ipc_put_admin(PAYLOAD(c), PAYLOAD_CAP, type, &a);
	if (len == 0)
		return DPS_E_INVALID_PARAMETER;
	rc = transact(c, type, len, 0, &r);
	if (rc != DPS_OK)
		return rc;
	return status_only(c, &r);
}

int
dps_client_adapter_remove(struct dps_client *c, const char *adapter)
{
	return admin_request(c, DPS_IPC_ADAPTER_REMOVE, NULL, adapter);
}

int
dps_client_bind(struct dps_client *c, const char *protocol, const char *adapter)
{
	return admin_request(c, DPS_IPC_BIND, protocol, adapter);
}

int
dps_client_unbind(struct dps_client *c, const char *protocol, const char *adapter)
{
	return admin_request(c, DPS_IPC_UNBIND, protocol, adapter);
}

/* ---- for dps_client_ring.c (dps_client_private.h) ---- */

uint8_t *
dps__client_payload(struct dps_client *c)
{
	return PAYLOAD(c);
}

int
dps__client_transact(struct dps_client *c, uint8_t type, size_t len, uint32_t wait_ms,
	struct dps__client_reply *out, int *fds, unsigned int max_fds, unsigned int *nb_fds)
{
	struct reply r;
	int rc;

	if (nb_fds != NULL)
		*nb_fds = 0;
	rc = transact_fds(c, type, len, wait_ms, &r, fds, max_fds, nb_fds);
	if (rc != DPS_OK) {
		for (unsigned int i = 0; nb_fds != NULL && i < *nb_fds; i++)
			close(fds[i]);
		if (nb_fds != NULL)
			*nb_fds = 0;
		return rc;
	}
	out->status = r.status;
	out->p = r.p;
	out->len = r.len;
	return DPS_OK;
}

void
dps__client_set_reason(struct dps_client *c, const char *text)
{
	set_reason(c, "%s", text);
}

int
dps__client_broken(struct dps_client *c, int status)
{
	return broken(c, status);
}

struct dps__client_ring **
dps__client_rings(struct dps_client *c)
{
	return &c->rings;
}
