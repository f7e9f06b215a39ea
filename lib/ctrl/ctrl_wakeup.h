/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef CTRL_WAKEUP_H
#define CTRL_WAKEUP_H

/*
 * The control thread's sleep and wakeup (DESIGN.md section 7), private to
 * lib/ctrl and free of DPDK so that its unit test runs without EAL.
 *
 * The "needs wakeup" protocol of io_uring SQPOLL and AF_XDP:
 *
 *   consumer (control thread)         producer (worker, any thread)
 *   need = 1                          post the item (ring enqueue)
 *   full fence                        full fence
 *   look at every source again        if need: need = 0, write the eventfd
 *   nothing? sleep in epoll
 *   need = 0, drain the eventfd
 *
 * The two fences make it a store-load (Dekker) pair: either the consumer's
 * second look sees the item, or the producer sees need == 1 and writes the
 * eventfd, which makes the sleep return at once. A producer that finds
 * need == 0 (the consumer is awake) makes no system call. The producer that
 * clears need is the only one to write, so a sleep costs at most one write.
 */

#include <stdint.h>

struct dps__wakeup {
	int efd;  /* eventfd, non-blocking */
	int epfd; /* epoll over efd and the fds added */
	/* written by the consumer and by the one producer that wakes it: own line */
	uint32_t need __attribute__((aligned(64)));
	uint64_t sleeps __attribute__((aligned(64))); /* consumer only */
	uint64_t writes;			      /* eventfd writes (producers) */
};

/** Create the eventfd and epoll set. @return DPS_OK; DPS_E_RESOURCES / errno status. */
int dps__wakeup_init(struct dps__wakeup *w);
void dps__wakeup_fini(struct dps__wakeup *w);

/** Watch @p fd for input too (a nested epoll fd works). @return DPS_OK or errno status. */
int dps__wakeup_watch(struct dps__wakeup *w, int fd);
/** Stop watching @p fd (before it is closed). */
void dps__wakeup_unwatch(struct dps__wakeup *w, int fd);

/** Write the eventfd (dps__wakeup_notify's slow path). */
void dps__wakeup_write(struct dps__wakeup *w);

/* Producer: after posting. Any thread, any level; a system call only when
 * the consumer is (about to be) asleep. */
static inline void
dps__wakeup_notify(struct dps__wakeup *w)
{
	/* the post (ring tail store) before the load of need: store-load */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&w->need, __ATOMIC_RELAXED) != 0 &&
		__atomic_exchange_n(&w->need, 0, __ATOMIC_ACQ_REL) != 0)
		dps__wakeup_write(w);
}

/* Consumer: about to sleep. After this, look at every source once more. */
static inline void
dps__wakeup_arm(struct dps__wakeup *w)
{
	__atomic_store_n(&w->need, 1, __ATOMIC_RELAXED);
	/* the store of need before the loads of the second look: store-load */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Consumer: the second look found work; stay awake. */
static inline void
dps__wakeup_disarm(struct dps__wakeup *w)
{
	__atomic_store_n(&w->need, 0, __ATOMIC_RELAXED);
}

/**
 * Consumer: sleep until a producer writes, a watched fd has input or
 * @p timeout_ns passes (< 0: no timeout), then disarm and drain the eventfd.
 * Call after dps__wakeup_arm and a second look that found nothing.
 * @return 1 woken (eventfd or a watched fd), 0 timeout or signal.
 */
int dps__wakeup_sleep(struct dps__wakeup *w, int64_t timeout_ns);

#endif /* CTRL_WAKEUP_H */
