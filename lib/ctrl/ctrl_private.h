/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef CTRL_PRIVATE_H
#define CTRL_PRIVATE_H

/*
 * Shared by the files of lib/ctrl (and its tests); no other module
 * includes it.
 */

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
