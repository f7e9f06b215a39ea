/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef CTRL_PRIVATE_H
#define CTRL_PRIVATE_H

/*
 * Shared by the files of lib/ctrl (and its tests); no other module
 * includes it.
 */

#include <stdint.h>

#include "ctrl_wakeup.h"
#include "dps_ctrl.h"

/* ---- dps_ctrl.c: the loop ---- */

/** The idle loop's sleep: producers notify it after posting. */
extern struct dps__wakeup dps__ctrl_wk;
/** @return 1 between dps_ctrl_init and dps_ctrl_fini. */
int dps__ctrl_ready(void);
/** nanosleep, for the threads that wait for the control thread. */
void dps__ctrl_sleep_us(unsigned int us);

/* ---- ctrl_requests.c: the request transport ---- */

/** Rings (one pair per worker lcore, one for other threads) and the pool. */
int dps__ctrl_requests_init(unsigned int nb_requests, unsigned int ring_size);
/** @return requests never given back. */
unsigned int dps__ctrl_requests_fini(void);
/** Run the queued requests (bounded); deliver stopped workers' completions. */
unsigned int dps__ctrl_service_requests(void);

/* ---- ctrl_events.c: ethdev events, link, removal ---- */

int dps__ctrl_events_init(unsigned int link_poll_ms);
void dps__ctrl_events_fini(void);
/** Posted events (bounded). @return events handled. */
unsigned int dps__ctrl_service_events(void);
/** Removals that are due. @return adapters removed. */
unsigned int dps__ctrl_service_removals(void);
/** Poll every adapter's link when due (TSC @p now). */
void dps__ctrl_link_poll(uint64_t now);
/** @return the TSC when the next link poll is due. */
uint64_t dps__ctrl_link_poll_due(void);
/** Fill the event counters of @p st. */
void dps__ctrl_events_stats(struct dps_ctrl_stats *st);

/* ---- ctrl_server.c ---- */

/** The server's epoll fd (-1 when it is not running): the control thread
 *  sleeps on it. */
int dps__server_epoll_fd(void);

/** The server started (@p epfd) or stops (-1): the control thread's sleep
 *  watches it. Control thread. */
void dps__ctrl_watch_server(int epfd);

/**
 * Tests: with @p on, an idle control loop sleeps until it is woken or a
 * timer is due, with no upper bound and no link-polling deadline, so that
 * a lost wakeup strands a request instead of being hidden by a timeout.
 */
void dps__ctrl_sleep_unbounded(int on);

/** Tests: wake the control loop whether or not it asked (a rescue). */
void dps__ctrl_kick(void);

#endif /* CTRL_PRIVATE_H */
