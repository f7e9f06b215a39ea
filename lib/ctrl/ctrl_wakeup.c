/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control thread's sleep: epoll over an eventfd (producers' wakeups)
 * and the fds the control thread serves; the flag protocol is in
 * ctrl_wakeup.h. No DPDK here (the unit test runs without EAL).
 */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "ctrl_wakeup.h"
#include "dps_status.h"

/* tags of the epoll entries */
#define TAG_EVENTFD 0u
#define TAG_WATCHED 1u

int
dps__wakeup_init(struct dps__wakeup *w)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = TAG_EVENTFD};
	int rc;

	memset(w, 0, sizeof(*w));
	w->efd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (w->efd < 0 || w->epfd < 0 || epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->efd, &ev) != 0) {
		rc = dps_status_from_errno(errno);
		dps__wakeup_fini(w);
		return rc;
	}
	return DPS_OK;
}

void
dps__wakeup_fini(struct dps__wakeup *w)
{
	if (w->epfd >= 0)
		close(w->epfd);
	if (w->efd >= 0)
		close(w->efd);
	w->epfd = w->efd = -1;
}

int
dps__wakeup_watch(struct dps__wakeup *w, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = TAG_WATCHED};

	if (w->epfd < 0 || fd < 0)
		return DPS_E_INVALID_PARAMETER;
	if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return dps_status_from_errno(errno);
	return DPS_OK;
}

void
dps__wakeup_unwatch(struct dps__wakeup *w, int fd)
{
	if (w->epfd >= 0 && fd >= 0)
		epoll_ctl(w->epfd, EPOLL_CTL_DEL, fd, NULL);
}

void
dps__wakeup_write(struct dps__wakeup *w)
{
	uint64_t one = 1;

	__atomic_fetch_add(&w->writes, 1, __ATOMIC_RELAXED);
	/* EAGAIN (counter at its maximum) still leaves the eventfd readable */
	if (write(w->efd, &one, sizeof(one)) < 0)
		return;
}

int
dps__wakeup_sleep(struct dps__wakeup *w, int64_t timeout_ns)
{
	struct epoll_event evs[4];
	struct timespec ts, *tsp = NULL;
	int n, woken = 0;

	if (timeout_ns >= 0) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000);
		ts.tv_nsec = (long)(timeout_ns % 1000000000);
		tsp = &ts;
	}
	w->sleeps++;
	n = epoll_pwait2(w->epfd, evs, 4, tsp, NULL);
	if (n < 0 && errno == ENOSYS) /* kernels before 5.11: milliseconds, rounded up */
		n = epoll_wait(w->epfd, evs, 4,
			timeout_ns < 0 ? -1 : (int)((timeout_ns + 999999) / 1000000));
	/* awake: producers need not write any more */
	dps__wakeup_disarm(w);
	for (int i = 0; i < n; i++) {
		woken = 1;
		if (evs[i].data.u32 == TAG_EVENTFD) {
			uint64_t v;

			/* reset; a write racing with this leaves it readable: one
			 * extra turn of the loop, never a lost wakeup */
			if (read(w->efd, &v, sizeof(v)) < 0)
				continue;
		}
	}
	return woken;
}
