/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control thread's "needs wakeup" protocol (lib/ctrl/ctrl_wakeup.h),
 * without EAL: each interleaving that matters, step by step, then producer
 * threads racing a consumer that goes to sleep with no timeout, so that a
 * lost wakeup hangs it (a watchdog then rescues it and the test fails).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "ctrl_wakeup.h"
#include "dps_status.h"
#include "dps_test.h"

static struct dps__wakeup w;

static int
suite_init(void)
{
	return dps__wakeup_init(&w) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	dps__wakeup_fini(&w);
	return 0;
}

/* @return 1 when the eventfd or a watched fd is readable now (drains it). */
static int
readable(void)
{
	return dps__wakeup_sleep(&w, 0);
}

static void
test_an_awake_consumer_costs_producers_no_write(void)
{
	uint64_t writes = w.writes;

	for (int i = 0; i < 1000; i++)
		dps__wakeup_notify(&w);
	CU_ASSERT_EQUAL(w.writes, writes);
	CU_ASSERT_EQUAL(readable(), 0);
}

static void
test_an_armed_flag_gets_exactly_one_write_and_is_cleared(void)
{
	uint64_t writes = w.writes;

	dps__wakeup_arm(&w);
	CU_ASSERT_EQUAL(w.need, 1);
	dps__wakeup_notify(&w);
	dps__wakeup_notify(&w);
	dps__wakeup_notify(&w);
	CU_ASSERT_EQUAL(w.writes, writes + 1); /* the first producer only */
	CU_ASSERT_EQUAL(w.need, 0);
	/* the sleep returns at once, disarmed and drained */
	CU_ASSERT_EQUAL(dps__wakeup_sleep(&w, -1), 1);
	CU_ASSERT_EQUAL(w.need, 0);
	CU_ASSERT_EQUAL(readable(), 0);
}

static void
test_disarm_after_the_second_look_found_work(void)
{
	uint64_t writes = w.writes;

	dps__wakeup_arm(&w);
	dps__wakeup_disarm(&w);
	dps__wakeup_notify(&w);
	CU_ASSERT_EQUAL(w.writes, writes);
	CU_ASSERT_EQUAL(readable(), 0);
}

static void
test_a_post_before_the_flag_is_seen_by_the_second_look(void)
{
	atomic_int posted = 0;
	int taken = 0;

	/* producer: post, notify while the consumer is awake (no write) */
	atomic_fetch_add(&posted, 1);
	dps__wakeup_notify(&w);
	CU_ASSERT_EQUAL(readable(), 0);
	/* consumer: its first look (taken == 0) came before the post; it arms,
	 * and the second look finds the post, so it does not sleep */
	dps__wakeup_arm(&w);
	CU_ASSERT(atomic_load(&posted) > taken);
	dps__wakeup_disarm(&w);
	CU_ASSERT_EQUAL(w.need, 0);
}

static void
test_a_post_between_the_second_look_and_the_sleep_wakes_it(void)
{
	dps__wakeup_arm(&w);
	/* second look: nothing; now a producer posts and notifies */
	dps__wakeup_notify(&w);
	CU_ASSERT_EQUAL(dps__wakeup_sleep(&w, -1), 1); /* woken, not hung */
	CU_ASSERT_EQUAL(readable(), 0);
}

static void
test_a_timeout_returns_zero_and_disarms(void)
{
	dps__wakeup_arm(&w);
	CU_ASSERT_EQUAL(dps__wakeup_sleep(&w, 1000000), 0); /* 1 ms, nobody writes */
	CU_ASSERT_EQUAL(w.need, 0);
}

static void
test_bad_watch_is_refused(void)
{
	CU_ASSERT_EQUAL(dps__wakeup_watch(&w, -1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__wakeup_watch(&w, 9999), DPS_E_FAILURE); /* EBADF */
}

/* ---- the race ---- */

/*
 * Each producer posts one item and waits until the consumer has taken it
 * (a request and its completion), so a post the consumer sleeps through
 * stops that producer for good, and with all of them stopped nothing moves.
 */
#define MAX_PRODUCERS 3
#define POSTS 30000
#define STALL_MS 10000 /* no progress for this long: a lost wakeup */

static atomic_uint posted, consumed;
static atomic_int consumer_done, rescued;
static unsigned int per_producer;

static void
pause_a_little(unsigned int *seed)
{
	/* 0..~10 us of spinning: posts land before, during and after arming */
	unsigned int n = (*seed = *seed * 1103515245u + 12345u) >> 16 & 8191;

	for (volatile unsigned int i = 0; i < n; i++)
		;
}

static void *
producer_main(void *arg)
{
	unsigned int seed = (unsigned int)(uintptr_t)arg;

	for (unsigned int i = 0; i < per_producer && !atomic_load(&rescued); i++) {
		unsigned int ticket = atomic_fetch_add(&posted, 1) + 1; /* the "ring" */

		dps__wakeup_notify(&w);
		while (atomic_load(&consumed) < ticket && !atomic_load(&rescued))
			;
		pause_a_little(&seed);
	}
	return NULL;
}

/* No progress for STALL_MS: a post was slept through. Write the eventfd
 * behind the protocol's back so that the test ends (and fails). */
static void *
watchdog_main(void *arg)
{
	unsigned int last = 0, still = 0;

	(void)arg;
	while (!atomic_load(&consumer_done)) {
		unsigned int c = atomic_load(&consumed);

		nanosleep(&(struct timespec){0, 1000000}, NULL);
		still = c == last ? still + 1 : 0;
		last = c;
		if (still >= STALL_MS) {
			atomic_store(&rescued, 1);
			dps__wakeup_write(&w);
			still = 0;
		}
	}
	return NULL;
}

static void
race(unsigned int producers)
{
	const unsigned int total = POSTS / producers * producers;
	pthread_t th[MAX_PRODUCERS], wd;
	uint64_t sleeps0 = w.sleeps, writes0 = w.writes;
	unsigned int taken = 0, seed = 7;

	per_producer = POSTS / producers;
	atomic_store(&posted, 0);
	atomic_store(&consumed, 0);
	atomic_store(&consumer_done, 0);
	atomic_store(&rescued, 0);
	CU_ASSERT_EQUAL_FATAL(pthread_create(&wd, NULL, watchdog_main, NULL), 0);
	for (unsigned int i = 0; i < producers; i++)
		CU_ASSERT_EQUAL_FATAL(
			pthread_create(&th[i], NULL, producer_main, (void *)(uintptr_t)(i + 1)), 0);
	while (taken < total && !atomic_load(&rescued)) {
		unsigned int p = atomic_load(&posted);

		if (p > taken) {
			taken = p;
			atomic_store(&consumed, taken);
			continue;
		}
		/* the control thread's idle poll: posts land in this window too */
		pause_a_little(&seed);
		dps__wakeup_arm(&w);
		if (atomic_load(&posted) > taken) { /* the second look */
			dps__wakeup_disarm(&w);
			continue;
		}
		dps__wakeup_sleep(&w, -1); /* no timeout: only a wakeup ends it */
	}
	atomic_store(&consumer_done, 1);
	for (unsigned int i = 0; i < producers; i++)
		pthread_join(th[i], NULL);
	pthread_join(wd, NULL);
	CU_ASSERT_EQUAL(atomic_load(&rescued), 0);
	CU_ASSERT_EQUAL(taken, total);
	CU_ASSERT(w.sleeps > sleeps0); /* the sleep path was exercised */
	CU_ASSERT(w.writes > writes0);
	printf("\n    %u producer(s): %u posts, %llu sleeps, %llu eventfd writes\n", producers,
		taken, (unsigned long long)(w.sleeps - sleeps0),
		(unsigned long long)(w.writes - writes0));
}

/* one producer: any post slept through stops everything */
static void
test_a_racing_producer_never_has_a_post_slept_through(void)
{
	race(1);
}

/* several: the one that clears the flag writes, the others see it clear */
static void
test_racing_producers_never_strand_a_post(void)
{
	race(MAX_PRODUCERS);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_an_awake_consumer_costs_producers_no_write),
	DPS_TEST(test_an_armed_flag_gets_exactly_one_write_and_is_cleared),
	DPS_TEST(test_disarm_after_the_second_look_found_work),
	DPS_TEST(test_a_post_before_the_flag_is_seen_by_the_second_look),
	DPS_TEST(test_a_post_between_the_second_look_and_the_sleep_wakes_it),
	DPS_TEST(test_a_timeout_returns_zero_and_disarms),
	DPS_TEST(test_bad_watch_is_refused),
	DPS_TEST(test_a_racing_producer_never_has_a_post_slept_through),
	DPS_TEST(test_racing_producers_never_strand_a_post),
};

DPS_TEST_MAIN("ctrl_wakeup", cases, suite_init, suite_clean)
