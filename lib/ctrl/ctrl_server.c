/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control-socket server: runs on the control thread, never blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_common.h>

#include "ctrl_private.h"
#include "dps_log.h"
#include "dps_server.h"
#include "dps_status.h"

DPS_LOG_EXTERN(ctrl);

#define MAX_EVENTS 64
#define READS_PER_CLIENT 8 /* datagrams read per client per poll */
#define ACCEPTS_PER_POLL 8

struct outmsg {
	STAILQ_ENTRY(outmsg) next;
	uint32_t len;
	uint8_t data[];
};

struct dps_srv_client {
	struct dps_object *obj;
	int fd;
	int dead;
	pid_t pid;
	uid_t uid;
	gid_t gid;
	enum dps_srv_role role;
	gid_t *groups; /* supplementary groups (SO_PEERGROUPS) */
	int nb_groups;
	void *data;
	int rx_fd; /* a descriptor that came with the request being handled, or -1 */
	size_t queued;
	STAILQ_HEAD(, outmsg) outq;
	TAILQ_ENTRY(dps_srv_client) next;
};

static int listen_fd = -1, epfd = -1;
static char sock_path[sizeof(((struct sockaddr_un *)0)->sun_path)];
static struct dps_server_conf conf;
static struct dps_server_ops ops;
static struct dps_object *parent_obj;
static TAILQ_HEAD(, dps_srv_client) clients = TAILQ_HEAD_INITIALIZER(clients);
static struct dps_server_stats sst;
static uint8_t rxbuf[DPS_IPC_MAX_MSG];
static char start_error[256];

#define MAX_PEER_GROUPS 256

static DPS_CONTEXT_TYPE(client_ctx, struct dps_srv_client, NULL);

struct dps_object *
dps_srv_client_object(struct dps_srv_client *c)
{
	return c == NULL ? NULL : c->obj;
}

pid_t
dps_srv_client_pid(const struct dps_srv_client *c)
{
	return c == NULL ? 0 : c->pid;
}

uid_t
dps_srv_client_uid(const struct dps_srv_client *c)
{
	return c == NULL ? (uid_t)-1 : c->uid;
}

enum dps_srv_role
dps_srv_client_role(const struct dps_srv_client *c)
{
	return c == NULL ? DPS_SRV_ROLE_NONE : c->role;
}

int
dps_server_client_is_admin(const struct dps_srv_client *c)
{
	return c != NULL && c->role == DPS_SRV_ROLE_ADMIN;
}

const char *
dps_srv_role_str(enum dps_srv_role role)
{
	switch (role) {
	case DPS_SRV_ROLE_USER:
		return "user";
	case DPS_SRV_ROLE_ADMIN:
		return "admin";
	default:
		return "none";
	}
}

/* "root, uid 1001, group 1002": who holds @p role */
static void
who_holds(enum dps_srv_role role, char *out, size_t len)
{
	uint32_t uid = role == DPS_SRV_ROLE_ADMIN ? conf.admin_uid : conf.allow_uid;
	uint32_t gid = role == DPS_SRV_ROLE_ADMIN ? conf.admin_gid : conf.allow_gid;
	int n = snprintf(out, len, "root");

	if (uid != UINT32_MAX && n >= 0 && (size_t)n < len)
		n += snprintf(out + n, len - (size_t)n, ", uid %u", uid);
	if (gid != UINT32_MAX && n >= 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, ", group %u", gid);
}

int
dps_server_check_role(struct dps_srv_client *c, uint8_t type, uint32_t id, enum dps_srv_role need,
	const char *what)
{
	char holders[96];

	if (c == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (c->role >= need)
		return DPS_OK;
	who_holds(need, holders, sizeof(holders));
	dps_server_fail(c, type, id, DPS_E_PERMISSION,
		"%s needs the %s role (uid %u is %s%s; %ss: %s)",
		what != NULL ? what : "this request", dps_srv_role_str(need), (unsigned int)c->uid,
		c->role == DPS_SRV_ROLE_NONE ? "" : "a ",
		c->role == DPS_SRV_ROLE_NONE ? "neither" : dps_srv_role_str(c->role),
		dps_srv_role_str(need), holders);
	return DPS_E_PERMISSION;
}

void *
dps_srv_client_data(struct dps_srv_client *c)
{
	return c == NULL ? NULL : c->data;
}

void
dps_srv_client_set_data(struct dps_srv_client *c, void *data)
{
	if (c != NULL)
		c->data = data;
}

int
dps_srv_client_take_fd(struct dps_srv_client *c)
{
	int fd;

	if (c == NULL)
		return -1;
	fd = c->rx_fd;
	c->rx_fd = -1;
	return fd;
}

static void
drop_fd(struct dps_srv_client *c)
{
	if (c->rx_fd >= 0) {
		close(c->rx_fd);
		c->rx_fd = -1;
	}
}

/*
 * Read one datagram with the descriptors it carries (SCM_RIGHTS): the first
 * is kept in c->rx_fd for the handler, any other closed at once.
 */
static ssize_t
recv_with_fd(struct dps_srv_client *c)
{
	union {
		char buf[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = {.iov_base = rxbuf, .iov_len = sizeof(rxbuf)};
	struct msghdr mh = {.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = u.buf,
		.msg_controllen = sizeof(u.buf)};
	ssize_t len = recvmsg(c->fd, &mh, MSG_DONTWAIT | MSG_TRUNC | MSG_CMSG_CLOEXEC);

	if (len < 0)
		return len;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		size_t nfd;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		nfd = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < nfd; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (c->rx_fd < 0)
				c->rx_fd = fd;
			else
				close(fd);
		}
	}
	return len;
}

void
dps_server_stats(struct dps_server_stats *st)
{
	if (st != NULL)
		*st = sst;
}

int
dps_server_foreach(int (*cb)(struct dps_srv_client *c, void *arg), void *arg)
{
	struct dps_srv_client *c;
	int rc;

	if (cb == NULL)
		return DPS_E_INVALID_PARAMETER;
	TAILQ_FOREACH(c, &clients, next)
	{
		if (c->dead)
			continue;
		rc = cb(c, arg);
		if (rc != 0)
			return rc;
	}
	return DPS_OK;
}

/* ---- clients ---- */

static void
client_free(struct dps_srv_client *c)
{
	struct outmsg *m;

	if (ops.client_gone != NULL)
		ops.client_gone(c);
	epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->groups);
	while ((m = STAILQ_FIRST(&c->outq)) != NULL) {
		STAILQ_REMOVE_HEAD(&c->outq, next);
		free(m);
	}
	TAILQ_REMOVE(&clients, c, next);
	sst.clients--;
	DPS_LOG(DEBUG, ctrl, "client pid %d uid %u gone", (int)c->pid, (unsigned int)c->uid);
	dps_object_delete(c->obj);
}

/* Mark for removal at the end of this poll (it may be inside a handler). */
static void
client_drop(struct dps_srv_client *c, const char *why)
{
	if (c->dead)
		return;
	c->dead = 1;
	DPS_LOG(INFO, ctrl, "client pid %d: %s", (int)c->pid, why);
}

static void
reap(void)
{
	struct dps_srv_client *c, *tmp;

	for (c = TAILQ_FIRST(&clients); c != NULL; c = tmp) {
		tmp = TAILQ_NEXT(c, next);
		if (c->dead)
			client_free(c);
	}
}

static int
flush_out(struct dps_srv_client *c)
{
	struct outmsg *m;

	while ((m = STAILQ_FIRST(&c->outq)) != NULL) {
		ssize_t n = send(c->fd, m->data, m->len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0) {
			client_drop(c, strerror(errno));
			return -1;
		}
		STAILQ_REMOVE_HEAD(&c->outq, next);
		c->queued -= m->len;
		free(m);
	}
	/* nothing left: stop asking for writability */
	{
		struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};

		epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
	}
	return 0;
}

int
dps_server_reply(struct dps_srv_client *c, uint8_t type, uint32_t id, int status,
	const uint8_t *payload, uint32_t len)
{
	return dps_server_reply_reason(c, type, id, status, payload, len, NULL);
}

int
dps_server_fail(
	struct dps_srv_client *c, uint8_t type, uint32_t id, int status, const char *fmt, ...)
{
	char reason[DPS_IPC_REASON_MAX + 1];
	va_list ap;

	if (fmt == NULL)
		return dps_server_reply_reason(c, type, id, status, NULL, 0, NULL);
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	return dps_server_reply_reason(c, type, id, status, NULL, 0, reason);
}

int
dps_server_reply_reason(struct dps_srv_client *c, uint8_t type, uint32_t id, int status,
	const uint8_t *payload, uint32_t len, const char *reason)
{
	uint8_t msg[DPS_IPC_MAX_MSG];
	char text[DPS_IPC_REASON_MAX + 1];
	struct outmsg *m;
	size_t rlen = 0, total;
	ssize_t n;

	if (c == NULL || (payload == NULL && len > 0))
		return DPS_E_INVALID_PARAMETER;
	if (c->dead)
		return DPS_E_DELETED;
	if (type != DPS_IPC_ERROR)
		type |= DPS_IPC_REPLY;
	if (reason != NULL && reason[0] != '\0' && status < 0) {
		snprintf(text, sizeof(text), "%s", reason);
		dps_ipc_reason_clean(text);
		rlen = dps_ipc_put_reason(
			msg + DPS_IPC_HDR_LEN, sizeof(msg) - DPS_IPC_HDR_LEN, text);
	}
	if (len > DPS_IPC_MAX_PAYLOAD - rlen)
		return DPS_E_INVALID_LENGTH;
	total = DPS_IPC_HDR_LEN + rlen + (size_t)len;
	dps_ipc_put_hdr_flags(msg, sizeof(msg), type, rlen > 0 ? DPS_IPC_F_REASON : 0, id,
		(uint32_t)(rlen + len), status);
	if (len > 0)
		memcpy(msg + DPS_IPC_HDR_LEN + rlen, payload, len);
	if (rlen > 0)
		DPS_LOG(DEBUG, ctrl, "client pid %d: %s: %s: %s", (int)c->pid,
			dps_ipc_type_str(type), dps_status_str(status), text);
	sst.replies++;
	if (STAILQ_EMPTY(&c->outq)) {
		n = send(c->fd, msg, total, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == (ssize_t)total)
			return DPS_OK;
		if (n >= 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
			client_drop(c, "send failed");
			return DPS_E_DELETED;
		}
	}
	/* the client is not reading: queue, within its bound */
	if (c->queued + total > conf.max_queued_bytes) {
		sst.dropped_clients++;
		client_drop(c, "reply queue full (client does not read)");
		return DPS_E_DELETED;
	}
	m = malloc(sizeof(*m) + total);
	if (m == NULL) {
		client_drop(c, "no memory for its reply queue");
		return DPS_E_DELETED;
	}
	m->len = (uint32_t)total;
	memcpy(m->data, msg, total);
	STAILQ_INSERT_TAIL(&c->outq, m, next);
	c->queued += total;
	sst.queued_replies++;
	{
		struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP | EPOLLOUT, .data.ptr = c};

		epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
	}
	return DPS_OK;
}

int
dps_server_reply_fds(struct dps_srv_client *c, uint8_t type, uint32_t id, const uint8_t *payload,
	uint32_t len, const int *fds, unsigned int nb_fds)
{
	uint8_t msg[DPS_IPC_MAX_MSG];
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(4 * sizeof(int))];
	} ctl;
	struct iovec iov = {.iov_base = msg, .iov_len = DPS_IPC_HDR_LEN + (size_t)len};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf};
	struct cmsghdr *cm;
	ssize_t n;

	if (c == NULL || (payload == NULL && len > 0) || fds == NULL || nb_fds == 0 || nb_fds > 4)
		return DPS_E_INVALID_PARAMETER;
	if (c->dead)
		return DPS_E_DELETED;
	if (len > DPS_IPC_MAX_PAYLOAD)
		return DPS_E_INVALID_LENGTH;
	if (!STAILQ_EMPTY(&c->outq))
		return DPS_E_BUSY;
	dps_ipc_put_hdr(msg, sizeof(msg), type | DPS_IPC_REPLY, id, len, DPS_OK);
	if (len > 0)
		memcpy(msg + DPS_IPC_HDR_LEN, payload, len);
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_controllen = CMSG_SPACE(nb_fds * sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(nb_fds * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, nb_fds * sizeof(int));
	n = sendmsg(c->fd, &mh, MSG_DONTWAIT | MSG_NOSIGNAL);
	if (n == (ssize_t)iov.iov_len) {
		sst.replies++;
		return DPS_OK;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return DPS_E_BUSY;
	client_drop(c, "send failed");
	return DPS_E_DELETED;
}

/* Is @p gid the peer's primary group or one of its supplementary groups? */
static int
in_group(uint32_t gid, gid_t primary, const gid_t *groups, int n)
{
	if (gid == UINT32_MAX)
		return 0;
	if (primary == (gid_t)gid)
		return 1;
	for (int i = 0; i < n; i++)
		if (groups[i] == (gid_t)gid)
			return 1;
	return 0;
}

/* The role of a peer: root and the admins; the users; or none. */
static enum dps_srv_role
peer_role(uid_t uid, gid_t gid, const gid_t *groups, int n)
{
	if (uid == 0 || (conf.admin_uid != UINT32_MAX && uid == conf.admin_uid) ||
		in_group(conf.admin_gid, gid, groups, n))
		return DPS_SRV_ROLE_ADMIN;
	if (conf.allow_uid == UINT32_MAX && conf.allow_gid == UINT32_MAX)
		return DPS_SRV_ROLE_USER; /* anyone who can reach the file */
	if ((conf.allow_uid != UINT32_MAX && uid == conf.allow_uid) ||
		in_group(conf.allow_gid, gid, groups, n))
		return DPS_SRV_ROLE_USER;
	return DPS_SRV_ROLE_NONE;
}

/* The peer's supplementary groups (malloc'ed, *n of them; NULL and 0 if none). */
static gid_t *
peer_groups(int fd, int *n)
{
	socklen_t len = MAX_PEER_GROUPS * sizeof(gid_t);
	gid_t *g = malloc(len);

	*n = 0;
	if (g == NULL)
		return NULL;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len) != 0) {
		if (errno == ERANGE && len > 0) {
			gid_t *big = realloc(g, len);

			if (big != NULL) {
				g = big;
				if (getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, g, &len) == 0) {
					*n = (int)(len / sizeof(gid_t));
					return g;
				}
			}
		}
		free(g);
		return NULL;
	}
	*n = (int)(len / sizeof(gid_t));
	return g;
}

static unsigned int
accept_clients(void)
{
	unsigned int n = 0;

	for (int i = 0; i < ACCEPTS_PER_POLL; i++) {
		static const struct dps_context_type *const ctxs[] = {&client_ctx, NULL};
		struct dps_object_attr attr = {.type = "client", .contexts = ctxs};
		struct epoll_event ev;
		struct ucred cred;
		socklen_t cl = sizeof(cred);
		struct dps_object *obj;
		struct dps_srv_client *c;
		char name[32];
		int fd = accept4(listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			break;
		n++;
		gid_t *groups;
		int nb_groups;
		enum dps_srv_role role;

		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) != 0) {
			close(fd);
			sst.refused++;
			continue;
		}
		groups = peer_groups(fd, &nb_groups);
		role = peer_role(cred.uid, cred.gid, groups, nb_groups);
		if (role == DPS_SRV_ROLE_NONE) {
			char holders[96];

			/* kept until its first request, which is answered with the
			 * reason (the role it lacks), then dropped */
			who_holds(DPS_SRV_ROLE_USER, holders, sizeof(holders));
			DPS_LOG(WARNING, ctrl,
				"refusing client pid %d uid %u gid %u: not a user (users: %s)",
				(int)cred.pid, (unsigned int)cred.uid, (unsigned int)cred.gid,
				holders);
		}
		if (sst.clients >= conf.max_clients) {
			DPS_LOG(WARNING, ctrl, "refused client pid %d: %u clients already",
				(int)cred.pid, conf.max_clients);
			free(groups);
			close(fd);
			sst.refused++;
			continue;
		}
		snprintf(name, sizeof(name), "pid %d", (int)cred.pid);
		attr.name = name;
		if (dps_object_create(&attr, parent_obj, &obj) != DPS_OK ||
			dps_object_context_init(obj, &client_ctx, NULL, NULL) != DPS_OK ||
			dps_object_context(obj, &client_ctx, (void **)&c) != DPS_OK) {
			free(groups);
			close(fd);
			sst.refused++;
			continue;
		}
		c->obj = obj;
		c->fd = fd;
		c->pid = cred.pid;
		c->uid = cred.uid;
		c->gid = cred.gid;
		c->rx_fd = -1;
		c->role = role;
		c->groups = groups;
		c->nb_groups = nb_groups;
		STAILQ_INIT(&c->outq);
		ev.events = EPOLLIN | EPOLLRDHUP;
		ev.data.ptr = c;
		if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
			close(fd);
			free(groups);
			dps_object_delete(obj);
			sst.refused++;
			continue;
		}
		TAILQ_INSERT_TAIL(&clients, c, next);
		sst.clients++;
		if (role == DPS_SRV_ROLE_NONE)
			sst.refused++;
		else
			sst.accepted++;
		DPS_LOG(DEBUG, ctrl, "client connected: pid %d uid %u gid %u (%d groups): %s",
			(int)cred.pid, (unsigned int)cred.uid, (unsigned int)cred.gid, nb_groups,
			dps_srv_role_str(role));
	}
	return n;
}

/* @p hup: epoll saw the peer hang up (then a 0-byte read is the end) */
static unsigned int
read_client(struct dps_srv_client *c, int hup)
{
	unsigned int n = 0;

	for (int i = 0; i < READS_PER_CLIENT && !c->dead; i++) {
		struct dps_ipc_hdr h;
		ssize_t len;
		int rc;

		drop_fd(c); /* one that came with a refused datagram */
		len = recv_with_fd(c);

		if (len < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				client_drop(c, strerror(errno));
			break;
		}
		if (len == 0 && !hup) {
			/* the peer may have closed since epoll_wait: ask the socket */
			struct pollfd pfd = {.fd = c->fd, .events = POLLRDHUP};

			hup = poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLRDHUP | POLLHUP));
		}
		if (len == 0 && hup) {
			client_drop(c, "disconnected");
			break;
		}
		if (len == 0) {
			/* an empty datagram: a bad request, not a hang-up */
			sst.requests++;
			sst.bad_requests++;
			dps_server_reply(c, DPS_IPC_ERROR, 0, DPS_E_INVALID_LENGTH, NULL, 0);
			continue;
		}
		n++;
		sst.requests++;
		if ((size_t)len > sizeof(rxbuf)) {
			memset(&h, 0, sizeof(h));
			dps_ipc_get_hdr(rxbuf, sizeof(rxbuf), &h); /* for the id */
			sst.bad_requests++;
			dps_server_reply(c, DPS_IPC_ERROR, h.id, DPS_E_INVALID_LENGTH, NULL, 0);
			continue;
		}
		memset(&h, 0, sizeof(h));
		rc = dps_ipc_check_request(rxbuf, (size_t)len, &h);
		if (rc != DPS_OK) {
			sst.bad_requests++;
			dps_server_reply(c, DPS_IPC_ERROR, h.id, rc, NULL, 0);
			continue;
		}
		if (c->role == DPS_SRV_ROLE_NONE) {
			/* not a user: the reason says who is, then it goes */
			dps_server_check_role(
				c, h.type, h.id, DPS_SRV_ROLE_USER, "the control socket");
			client_drop(c, "not a user");
			break;
		}
		ops.request(c, &h, rxbuf + DPS_IPC_HDR_LEN, h.len);
		drop_fd(c); /* the handler did not want it */
	}
	drop_fd(c);
	return n;
}

unsigned int
dps_server_poll(void)
{
	struct epoll_event evs[MAX_EVENTS];
	unsigned int work = 0;
	int n;

	if (epfd < 0)
		return 0;
	n = epoll_wait(epfd, evs, MAX_EVENTS, 0);
	for (int i = 0; i < n; i++) {
		struct dps_srv_client *c = evs[i].data.ptr;

		if (c == NULL) {
			work += accept_clients();
			continue;
		}
		if (c->dead)
			continue;
		if (evs[i].events & EPOLLOUT)
			flush_out(c);
		if (evs[i].events & EPOLLIN)
			work += read_client(
				c, (evs[i].events & (EPOLLHUP | EPOLLRDHUP | EPOLLERR)) != 0);
		if ((evs[i].events & (EPOLLHUP | EPOLLERR | EPOLLRDHUP)) && !c->dead &&
			!(evs[i].events & EPOLLIN))
			client_drop(c, "hung up");
		work++;
	}
	if (ops.poll != NULL)
		ops.poll();
	reap();
	return work;
}

const char *
dps_server_start_error(void)
{
	return start_error;
}

static int __attribute__((format(printf, 2, 3))) start_fail(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(start_error, sizeof(start_error), fmt, ap);
	va_end(ap);
	DPS_LOG(ERR, ctrl, "%s", start_error);
	return status;
}

static const char *
file_kind(mode_t m)
{
	if (S_ISREG(m))
		return "a regular file";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a socket";
}

/*
 * What is at @p path: nothing, or a socket nobody serves (removed), is fine;
 * a live socket or anything that is not a socket is refused (DPS_E_EXISTS)
 * and left as it is. lstat: a symbolic link is not followed.
 */
static int
clear_path(const struct sockaddr_un *sa, const char *path)
{
	struct stat st;
	int fd, rc, err;

	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return DPS_OK;
		return start_fail(dps_status_from_errno(errno), "control socket %s: %s", path,
			strerror(errno));
	}
	if (!S_ISSOCK(st.st_mode))
		return start_fail(DPS_E_EXISTS,
			"control socket %s: %s is there, not a socket: left as it is (remove it or "
			"choose another path)",
			path, file_kind(st.st_mode));
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return start_fail(dps_status_from_errno(errno), "control socket %s: socket: %s",
			path, strerror(errno));
	rc = connect(fd, (const struct sockaddr *)sa, sizeof(*sa));
	err = errno;
	close(fd);
	if (rc == 0)
		return start_fail(DPS_E_EXISTS,
			"control socket %s: a live socket is there: another process serves it",
			path);
	if (err != ECONNREFUSED)
		return start_fail(DPS_E_EXISTS,
			"control socket %s: a socket is there (%s): left as it is", path,
			strerror(err));
	/* a socket file left by a dead process */
	if (unlink(path) != 0 && errno != ENOENT)
		return start_fail(dps_status_from_errno(errno),
			"control socket %s: stale, cannot remove it: %s", path, strerror(errno));
	DPS_LOG(INFO, ctrl, "%s: replaced a stale socket", path);
	return DPS_OK;
}

/*
 * Who may reach the file: owner and group set to the users' and admins'
 * uid and gid when one of each is enough (mode 0660), else mode 0666 and
 * the peer credentials decide alone. @return the mode chosen.
 */
static mode_t
socket_owner(const char *path, const struct dps_server_conf *cf)
{
	uint32_t uid = cf->allow_uid != UINT32_MAX ? cf->allow_uid : cf->admin_uid;
	uint32_t gid = cf->allow_gid != UINT32_MAX ? cf->allow_gid : cf->admin_gid;
	int uids = (cf->allow_uid != UINT32_MAX) +
		   (cf->admin_uid != UINT32_MAX && cf->admin_uid != cf->allow_uid);
	int gids = (cf->allow_gid != UINT32_MAX) +
		   (cf->admin_gid != UINT32_MAX && cf->admin_gid != cf->allow_gid);

	if (uids > 1 || gids > 1)
		return 0666;
	if ((uid != UINT32_MAX || gid != UINT32_MAX) &&
		chown(path, uid != UINT32_MAX ? (uid_t)uid : (uid_t)-1,
			gid != UINT32_MAX ? (gid_t)gid : (gid_t)-1) != 0) {
		DPS_LOG(WARNING, ctrl, "%s: chown %d:%d: %s (mode 0666, peers checked)", path,
			uid != UINT32_MAX ? (int)uid : -1, gid != UINT32_MAX ? (int)gid : -1,
			strerror(errno));
		return 0666;
	}
	return 0660;
}

/* The socket's directory: others may traverse it (not list it) when someone
 * besides root may connect; its parent too when it is DPDK's (/var/run/dpdk). */
static void
dir_traversable(const char *path, const struct dps_server_conf *cf)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat st;
	char *slash;

	if (cf->allow_uid == UINT32_MAX && cf->allow_gid == UINT32_MAX &&
		cf->admin_uid == UINT32_MAX && cf->admin_gid == UINT32_MAX)
		return;
	snprintf(dir, sizeof(dir), "%s", path);
	for (int level = 0; level < 2; level++) {
		slash = strrchr(dir, '/');
		if (slash == NULL || slash == dir)
			return;
		*slash = '\0';
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
			return;
		if (level == 1 &&
			strcmp(strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir, "dpdk") != 0)
			return;
		if ((st.st_mode & S_IXOTH) == 0 && st.st_uid == geteuid()) {
			if (chmod(dir, (st.st_mode & 07777) | S_IXOTH) == 0)
				DPS_LOG(INFO, ctrl,
					"%s: made traversable (o+x) for the socket's users", dir);
			else
				DPS_LOG(WARNING, ctrl, "%s: chmod o+x: %s", dir, strerror(errno));
		}
	}
}

int
dps_server_start(
	struct dps_object *parent, const struct dps_server_conf *cf, const struct dps_server_ops *o)
{
	struct sockaddr_un sa;
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
	mode_t mode;
	int fd, rc;

	start_error[0] = '\0';
	if (parent == NULL || cf == NULL || o == NULL || o->request == NULL || cf->path == NULL ||
		cf->path[0] == '\0' || strlen(cf->path) >= sizeof(sa.sun_path) ||
		cf->max_clients == 0 || cf->max_queued_bytes < DPS_IPC_MAX_MSG)
		return DPS_E_INVALID_PARAMETER;
	if (listen_fd >= 0)
		return DPS_E_INVALID_STATE;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, cf->path, strlen(cf->path) + 1);

	rc = clear_path(&sa, cf->path);
	if (rc != DPS_OK)
		return rc;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return start_fail(dps_status_from_errno(errno), "control socket %s: socket: %s",
			cf->path, strerror(errno));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		rc = dps_status_from_errno(errno);
		start_fail(rc, "control socket %s: bind: %s", cf->path, strerror(errno));
		close(fd);
		return rc; /* nothing of ours to remove */
	}
	mode = socket_owner(cf->path, cf);
	if (chmod(cf->path, mode) != 0 || listen(fd, 64) != 0) {
		rc = dps_status_from_errno(errno);
		start_fail(rc, "control socket %s: %s", cf->path, strerror(errno));
		close(fd);
		unlink(cf->path);
		return rc;
	}
	dir_traversable(cf->path, cf);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0 || epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		rc = dps_status_from_errno(errno);
		start_fail(rc, "control socket %s: epoll: %s", cf->path, strerror(errno));
		if (epfd >= 0)
			close(epfd);
		epfd = -1;
		close(fd);
		unlink(cf->path);
		return rc;
	}
	listen_fd = fd;
	dps__ctrl_watch_server(epfd);
	conf = *cf;
	ops = *o;
	parent_obj = parent;
	snprintf(sock_path, sizeof(sock_path), "%s", cf->path);
	memset(&sst, 0, sizeof(sst));
	DPS_LOG(INFO, ctrl, "control socket %s (mode %04o)", cf->path, (unsigned int)mode);
	return DPS_OK;
}

int
dps__server_epoll_fd(void)
{
	return epfd;
}

void
dps_server_stop(void)
{
	struct dps_srv_client *c;

	if (listen_fd < 0)
		return;
	TAILQ_FOREACH(c, &clients, next)
	c->dead = 1;
	reap();
	dps__ctrl_watch_server(-1);
	epoll_ctl(epfd, EPOLL_CTL_DEL, listen_fd, NULL);
	close(listen_fd);
	close(epfd);
	listen_fd = epfd = -1;
	unlink(sock_path);
	memset(&ops, 0, sizeof(ops));
}
