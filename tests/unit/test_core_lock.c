/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Execution levels (dps_level.h) and the level-checked locks (dps_lock.h):
 * every refusal with its exact status, and proof that a refused call changed
 * nothing (the lock is not taken, the holder still holds it, the level is
 * what it was). Other threads are bounded by timeouts so a bug fails the
 * test instead of hanging the suite.
 */
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dps_level.h"
#include "dps_lock.h"
#include "dps_status.h"
#include "dps_test.h"

#define WAIT_MS 5000 /* upper bound of every wait: only reached on a bug */
#define RC_HUNG INT_MIN

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
sleep_ms(unsigned int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Wait (bounded) until *flag == value. */
static int
wait_for(atomic_int *flag, int value)
{
	long deadline = now_ms() + WAIT_MS;

	while (atomic_load(flag) != value) {
		if (now_ms() > deadline)
			return 0;
		sleep_ms(1);
	}
	return 1;
}

/* ---- running something on another thread, bounded ---- */

struct call {
	void *lock;
	int (*fn)(struct call *c);
	int rc;	      /* first status */
	int rc2;      /* second status, when the op has one */
	int level;    /* dps_level_get() at the end of the op */
	int level_in; /* dps_level_get() while holding, when the op holds */
	uint32_t id;  /* dps_thread_id() */
	long elapsed; /* ms */
	unsigned int ms;
	atomic_int state; /* 1 = about to block / holding, 2 = told to release, 3 = done */
};

static void *
call_main(void *p)
{
	struct call *c = p;

	c->rc = c->fn(c);
	c->level = dps_level_get();
	c->id = dps_thread_id();
	atomic_store(&c->state, 3);
	return NULL;
}

struct runner {
	pthread_t tid;
	struct call *c;
};

static struct runner
start_ms(int (*fn)(struct call *c), void *lock, unsigned int ms)
{
	struct runner r = {0};

	/* on the heap: a hung thread is left behind and must not write a dead stack */
	r.c = calloc(1, sizeof(*r.c));
	CU_ASSERT_FATAL(r.c != NULL);
	r.c->fn = fn;
	r.c->lock = lock;
	r.c->ms = ms;
	r.c->rc = RC_HUNG;
	r.c->rc2 = RC_HUNG;
	CU_ASSERT_FATAL(pthread_create(&r.tid, NULL, call_main, r.c) == 0);
	return r;
}

static struct runner
start(int (*fn)(struct call *c), void *lock)
{
	return start_ms(fn, lock, 0);
}

/* Join within WAIT_MS; the call's result stays valid until done(). */
static int
join(struct runner *r)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	if (pthread_timedjoin_np(r->tid, NULL, &ts) != 0) {
		CU_FAIL("thread did not finish in time");
		pthread_detach(r->tid);
		r->c = NULL; /* leaked on purpose: the thread still uses it */
		return 0;
	}
	return 1;
}

static void
done(struct runner *r)
{
	free(r->c);
	r->c = NULL;
}

/* Run fn on another thread, wait for it, return its status. */
static int
other(int (*fn)(struct call *c), void *lock)
{
	struct runner r = start(fn, lock);
	int rc = RC_HUNG;

	if (join(&r))
		rc = r.c->rc;
	done(&r);
	return rc;
}

/* ---- levels ---- */

static int
op_level(struct call *c)
{
	(void)c;
	return (int)dps_level_get();
}

static void
test_level_default_is_control_and_can_block(void)
{
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_level_check_blocking(), DPS_OK);
	/* a new thread that never set a level is at CONTROL too */
	CU_ASSERT_EQUAL(other(op_level, NULL), DPS_LEVEL_CONTROL);
}

static void
test_level_set_datapath_refuses_blocking_and_is_per_thread(void)
{
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_level_check_blocking(), DPS_E_LEVEL);
	/* another thread is not affected */
	CU_ASSERT_EQUAL(other(op_level, NULL), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_level_check_blocking(), DPS_OK);
}

static void
test_level_set_invalid_value_is_refused_and_level_unchanged(void)
{
	CU_ASSERT_EQUAL(dps_level_set((enum dps_level)0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_level_set((enum dps_level)3), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_level_set((enum dps_level) - 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_set((enum dps_level)0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
}

static void
test_level_str_names_levels_and_invalid(void)
{
	CU_ASSERT_STRING_EQUAL(dps_level_str(DPS_LEVEL_CONTROL), "CONTROL");
	CU_ASSERT_STRING_EQUAL(dps_level_str(DPS_LEVEL_DATAPATH), "DATAPATH");
	CU_ASSERT_STRING_EQUAL(dps_level_str(0), "INVALID");
	CU_ASSERT_STRING_EQUAL(dps_level_str(3), "INVALID");
	CU_ASSERT_STRING_EQUAL(dps_level_str(-1), "INVALID");
	CU_ASSERT_STRING_EQUAL(dps_level_str(INT_MAX), "INVALID");
}

static int
op_thread_id(struct call *c)
{
	c->rc2 = (int)dps_thread_id(); /* stable within the thread */
	return dps_thread_id() == (uint32_t)c->rc2 ? DPS_OK : DPS_E_FAILURE;
}

static void
test_thread_id_is_nonzero_stable_and_unique(void)
{
	uint32_t self = dps_thread_id();
	uint32_t ids[4];

	CU_ASSERT_NOT_EQUAL(self, 0);
	CU_ASSERT_EQUAL(dps_thread_id(), self);
	for (int i = 0; i < 4; i++) {
		struct runner r = start(op_thread_id, NULL);

		CU_ASSERT_FATAL(join(&r));
		CU_ASSERT_EQUAL(r.c->rc, DPS_OK);
		ids[i] = r.c->id;
		CU_ASSERT_NOT_EQUAL(ids[i], 0);
		CU_ASSERT_NOT_EQUAL(ids[i], self);
		for (int j = 0; j < i; j++)
			CU_ASSERT_NOT_EQUAL(ids[i], ids[j]);
		done(&r);
	}
}

/* ---- mutex ---- */

static int
op_mutex_trylock_unlock(struct call *c)
{
	int rc = dps_mutex_trylock(c->lock);

	if (rc == DPS_OK)
		c->rc2 = dps_mutex_unlock(c->lock);
	return rc;
}

static int
op_mutex_unlock(struct call *c)
{
	return dps_mutex_unlock(c->lock);
}

static int
op_mutex_fini(struct call *c)
{
	return dps_mutex_fini(c->lock);
}

static int
op_mutex_held(struct call *c)
{
	return dps_mutex_held(c->lock);
}

static int
op_mutex_timedlock(struct call *c)
{
	long t0 = now_ms();
	int rc;

	atomic_store(&c->state, 1);
	rc = dps_mutex_timedlock(c->lock, c->ms);
	c->elapsed = now_ms() - t0;
	if (rc == DPS_OK)
		c->rc2 = dps_mutex_unlock(c->lock);
	return rc;
}

static int
op_mutex_lock_blocking(struct call *c)
{
	int rc;

	atomic_store(&c->state, 1);
	rc = dps_mutex_lock(c->lock);
	if (rc == DPS_OK) {
		atomic_store(&c->state, 2); /* acquired */
		c->rc2 = dps_mutex_unlock(c->lock);
	}
	return rc;
}

static void
test_mutex_null_is_invalid_parameter(void)
{
	CU_ASSERT_EQUAL(dps_mutex_init(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mutex_fini(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mutex_lock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mutex_timedlock(NULL, 10), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mutex_trylock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mutex_unlock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_mutex_held(NULL), 0);
}

static void
test_mutex_uninitialised_is_not_initialized(void)
{
	struct dps_mutex m;

	memset(&m, 0, sizeof(m));
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_timedlock(&m, 10), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_trylock(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
}

static void
test_mutex_finalised_is_not_initialized_and_can_be_reinitialised(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_double_init_is_refused_and_keeps_the_holder(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_E_INVALID_STATE);
	/* not reset: still ours, still busy for others */
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 1);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_lock_unlock_and_held(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 1);
	/* held() is per thread */
	CU_ASSERT_EQUAL(other(op_mutex_held, &m), 0);
	/* a mutex does not raise the level */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	CU_ASSERT_EQUAL(dps_mutex_trylock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_timedlock(&m, 10), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_at_datapath_is_refused_and_not_acquired(void)
{
	struct dps_mutex m = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	CU_ASSERT_EQUAL(dps_mutex_trylock(&m), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	CU_ASSERT_EQUAL(dps_mutex_timedlock(&m, 10), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	/* nobody holds it: another thread takes it at once */
	r = start(op_mutex_trylock_unlock, &m);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_OK);
	CU_ASSERT_EQUAL(r.c->rc2, DPS_OK);
	done(&r);
	/* unlock is allowed at any level */
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_while_holding_spinlock_is_refused(void)
{
	struct dps_mutex m = {0};
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_mutex_trylock(&m), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_mutex_recursive_acquire_is_invalid_state(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_mutex_trylock(&m), DPS_E_INVALID_STATE);
	{
		long t0 = now_ms();

		/* refused at once, not after the timeout */
		CU_ASSERT_EQUAL(dps_mutex_timedlock(&m, 2000), DPS_E_INVALID_STATE);
		CU_ASSERT(now_ms() - t0 < 1000);
	}
	/* held once: one unlock frees it */
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 0);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_unlock_by_non_holder_is_refused_and_changes_nothing(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(other(op_mutex_unlock, &m), DPS_E_INVALID_STATE);
	/* still ours, still busy for others */
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 1);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_double_unlock_is_refused_and_changes_nothing(void)
{
	struct dps_mutex m = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_E_INVALID_STATE); /* never locked */
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_E_INVALID_STATE);
	/* a second unlock must not release someone else's hold */
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	r = start(op_mutex_unlock, &m);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_E_INVALID_STATE);
	done(&r);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_trylock_from_other_thread_is_busy(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 1);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_timedlock_times_out_after_the_timeout(void)
{
	struct dps_mutex m = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	r = start_ms(op_mutex_timedlock, &m, 0); /* 0 ms: a trylock that says TIMEOUT */
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_E_TIMEOUT);
	CU_ASSERT(r.c->elapsed < 1000);
	done(&r);

	r = start_ms(op_mutex_timedlock, &m, 100);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_E_TIMEOUT);
	CU_ASSERT(r.c->elapsed >= 95);
	CU_ASSERT(r.c->elapsed < 2000);
	done(&r);
	/* the timeout changed nothing */
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 1);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_timedlock_gets_it_when_released_in_time(void)
{
	struct dps_mutex m = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	r = start_ms(op_mutex_timedlock, &m, WAIT_MS);
	CU_ASSERT(wait_for(&r.c->state, 1));
	sleep_ms(20); /* let it block */
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_OK);
	CU_ASSERT_EQUAL(r.c->rc2, DPS_OK);
	CU_ASSERT(r.c->elapsed < WAIT_MS);
	done(&r);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_lock_waits_for_the_holder(void)
{
	struct dps_mutex m = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	r = start(op_mutex_lock_blocking, &m);
	CU_ASSERT(wait_for(&r.c->state, 1));
	sleep_ms(20);
	CU_ASSERT_EQUAL(atomic_load(&r.c->state), 1); /* still waiting */
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_OK);
	CU_ASSERT_EQUAL(r.c->rc2, DPS_OK);
	done(&r);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

static void
test_mutex_fini_while_held_is_busy(void)
{
	struct dps_mutex m = {0};

	CU_ASSERT_EQUAL(dps_mutex_init(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_lock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_E_BUSY);
	CU_ASSERT_EQUAL(other(op_mutex_fini, &m), DPS_E_BUSY);
	/* nothing changed */
	CU_ASSERT_EQUAL(dps_mutex_held(&m), 1);
	CU_ASSERT_EQUAL(other(op_mutex_trylock_unlock, &m), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_mutex_unlock(&m), DPS_OK);
	CU_ASSERT_EQUAL(dps_mutex_fini(&m), DPS_OK);
}

/* ---- spinlock ---- */

static int
op_spin_trylock_unlock(struct call *c)
{
	int rc = dps_spinlock_trylock(c->lock);

	if (rc == DPS_OK) {
		c->level_in = dps_level_get();
		c->rc2 = dps_spinlock_unlock(c->lock);
	}
	return rc;
}

static int
op_spin_unlock(struct call *c)
{
	return dps_spinlock_unlock(c->lock);
}

static int
op_spin_fini(struct call *c)
{
	return dps_spinlock_fini(c->lock);
}

static int
op_spin_lock_blocking(struct call *c)
{
	int rc;

	atomic_store(&c->state, 1);
	rc = dps_spinlock_lock(c->lock);
	if (rc == DPS_OK) {
		atomic_store(&c->state, 2);
		c->level_in = dps_level_get();
		c->rc2 = dps_spinlock_unlock(c->lock);
	}
	return rc;
}

static void
test_spinlock_null_is_invalid_parameter(void)
{
	CU_ASSERT_EQUAL(dps_spinlock_init(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_spinlock_fini(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_spinlock_lock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_spinlock_trylock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_spinlock_held(NULL), 0);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
}

static void
test_spinlock_uninitialised_is_not_initialized(void)
{
	struct dps_spinlock s;

	memset(&s, 0, sizeof(s));
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_spinlock_trylock(&s), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_spinlock_held(&s), 0);
	/* a refused lock does not raise the level */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
}

static void
test_spinlock_double_init_and_finalised(void)
{
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_spinlock_held(&s), 1);
	CU_ASSERT_EQUAL(other(op_spin_trylock_unlock, &s), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_raises_level_to_datapath_while_held_and_restores_it(void)
{
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_level_check_blocking(), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_spinlock_held(&s), 1);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_spinlock_held(&s), 0);
	/* trylock too */
	CU_ASSERT_EQUAL(dps_spinlock_trylock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	/* usable at DATAPATH; released, the base DATAPATH stays */
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_nested_spinlocks_released_out_of_order_restore_level_at_last(void)
{
	struct dps_spinlock a = {0}, b = {0};

	CU_ASSERT_EQUAL(dps_spinlock_init(&a), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_init(&b), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&a), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&b), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&a), DPS_OK); /* first taken, first released */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_spinlock_held(&a), 0);
	CU_ASSERT_EQUAL(dps_spinlock_held(&b), 1);
	/* a refused unlock does not lower the level either */
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&a), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&b), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&a), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&b), DPS_OK);
}

static void
test_level_set_refused_while_holding_spinlock(void)
{
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	/* the refused DATAPATH did not become the base level */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_recursive_acquire_is_invalid_state(void)
{
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_spinlock_trylock(&s), DPS_E_INVALID_STATE);
	/* held once: one unlock restores the level and frees it */
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(other(op_spin_trylock_unlock, &s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_trylock_from_other_thread_is_busy(void)
{
	struct dps_spinlock s = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	r = start(op_spin_trylock_unlock, &s);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_E_BUSY);
	CU_ASSERT_EQUAL(r.c->level, DPS_LEVEL_CONTROL); /* refused: not raised */
	done(&r);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	r = start(op_spin_trylock_unlock, &s);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_OK);
	CU_ASSERT_EQUAL(r.c->level_in, DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(r.c->rc2, DPS_OK);
	CU_ASSERT_EQUAL(r.c->level, DPS_LEVEL_CONTROL);
	done(&r);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_unlock_by_non_holder_and_double_unlock_change_nothing(void)
{
	struct dps_spinlock s = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_E_INVALID_STATE); /* never locked */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	r = start(op_spin_unlock, &s);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(r.c->level, DPS_LEVEL_CONTROL);
	done(&r);
	/* still ours and busy */
	CU_ASSERT_EQUAL(dps_spinlock_held(&s), 1);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(other(op_spin_trylock_unlock, &s), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	/* a late second unlock does not release another thread's hold */
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(other(op_spin_unlock, &s), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(other(op_spin_trylock_unlock, &s), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(other(op_spin_trylock_unlock, &s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_lock_spins_until_the_holder_releases(void)
{
	struct dps_spinlock s = {0};
	struct runner r;

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	r = start(op_spin_lock_blocking, &s);
	CU_ASSERT(wait_for(&r.c->state, 1));
	sleep_ms(20);
	CU_ASSERT_EQUAL(atomic_load(&r.c->state), 1);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_FATAL(join(&r));
	CU_ASSERT_EQUAL(r.c->rc, DPS_OK);
	CU_ASSERT_EQUAL(r.c->level_in, DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(r.c->rc2, DPS_OK);
	CU_ASSERT_EQUAL(r.c->level, DPS_LEVEL_CONTROL);
	done(&r);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_fini_while_held_is_busy(void)
{
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_E_BUSY);
	CU_ASSERT_EQUAL(other(op_spin_fini, &s), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_spinlock_held(&s), 1);
	CU_ASSERT_EQUAL(other(op_spin_trylock_unlock, &s), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_spinlock_fini_sees_a_raw_hold_not_yet_recorded(void)
{
	struct dps_spinlock s = {0};

	/* the window between taking the lock word and recording the owner */
	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	rte_spinlock_lock(&s.sl);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_E_BUSY);
	rte_spinlock_unlock(&s.sl);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

/* ---- rwlock ---- */

static int
op_rw_read_trylock_unlock(struct call *c)
{
	int rc = dps_rwlock_read_trylock(c->lock);

	if (rc == DPS_OK)
		c->rc2 = dps_rwlock_read_unlock(c->lock);
	return rc;
}

static int
op_rw_write_trylock_unlock(struct call *c)
{
	int rc = dps_rwlock_write_trylock(c->lock);

	if (rc == DPS_OK)
		c->rc2 = dps_rwlock_write_unlock(c->lock);
	return rc;
}

static int
op_rw_read_unlock(struct call *c)
{
	return dps_rwlock_read_unlock(c->lock);
}

static int
op_rw_write_unlock(struct call *c)
{
	return dps_rwlock_write_unlock(c->lock);
}

static int
op_rw_fini(struct call *c)
{
	return dps_rwlock_fini(c->lock);
}

/* Hold a read lock until told to release (state 2). */
static int
op_rw_reader_holds(struct call *c)
{
	int rc = dps_rwlock_read_lock(c->lock);
	long deadline = now_ms() + WAIT_MS;

	if (rc != DPS_OK)
		return rc;
	c->level_in = dps_level_get();
	atomic_store(&c->state, 1);
	while (atomic_load(&c->state) != 2 && now_ms() < deadline)
		sleep_ms(1);
	c->rc2 = dps_rwlock_read_unlock(c->lock);
	return rc;
}

static int
op_rw_writer_blocks(struct call *c)
{
	int rc;

	atomic_store(&c->state, 1);
	rc = dps_rwlock_write_lock(c->lock);
	if (rc == DPS_OK) {
		atomic_store(&c->state, 2);
		c->level_in = dps_level_get();
		c->rc2 = dps_rwlock_write_unlock(c->lock);
	}
	return rc;
}

static void
test_rwlock_null_is_invalid_parameter(void)
{
	CU_ASSERT_EQUAL(dps_rwlock_init(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_fini(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_read_trylock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_write_trylock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
}

static void
test_rwlock_uninitialised_is_not_initialized(void)
{
	struct dps_rwlock l;

	memset(&l, 0, sizeof(l));
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_read_trylock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_write_trylock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
}

static void
test_rwlock_double_init_and_finalised(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_holders_run_at_datapath(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_rwlock_write_trylock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_and_spinlock_released_out_of_order_restore_level_at_last(void)
{
	struct dps_rwlock l = {0};
	struct dps_spinlock s = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_init(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_lock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_unlock(&s), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_spinlock_fini(&s), DPS_OK);
}

static void
test_rwlock_several_readers_on_several_threads_exclude_a_writer(void)
{
	enum { NREADERS = 3 };
	struct dps_rwlock l = {0};
	struct runner readers[NREADERS], writer;

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	for (int i = 0; i < NREADERS; i++)
		readers[i] = start(op_rw_reader_holds, &l);
	for (int i = 0; i < NREADERS; i++)
		CU_ASSERT(wait_for(&readers[i].c->state, 1)); /* all hold it together */
	/* four readers: a writer cannot get in */
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_BUSY);
	writer = start(op_rw_writer_blocks, &l);
	CU_ASSERT(wait_for(&writer.c->state, 1));
	sleep_ms(20);
	CU_ASSERT_EQUAL(atomic_load(&writer.c->state), 1); /* still waiting */
	for (int i = 0; i < NREADERS; i++)
		atomic_store(&readers[i].c->state, 2);
	for (int i = 0; i < NREADERS; i++) {
		CU_ASSERT_FATAL(join(&readers[i]));
		CU_ASSERT_EQUAL(readers[i].c->rc, DPS_OK);
		CU_ASSERT_EQUAL(readers[i].c->level_in, DPS_LEVEL_DATAPATH);
		CU_ASSERT_EQUAL(readers[i].c->rc2, DPS_OK);
		CU_ASSERT_EQUAL(readers[i].c->level, DPS_LEVEL_CONTROL);
		done(&readers[i]);
	}
	sleep_ms(10);
	CU_ASSERT_EQUAL(atomic_load(&writer.c->state), 1); /* our read hold remains */
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_FATAL(join(&writer));
	CU_ASSERT_EQUAL(writer.c->rc, DPS_OK);
	CU_ASSERT_EQUAL(writer.c->level_in, DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(writer.c->rc2, DPS_OK);
	done(&writer);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_writer_excludes_readers_and_writers(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_OK);
	/* a reader lets other readers in */
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_same_thread_second_acquire_in_any_mode_is_invalid_state(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	/* read, then write (an upgrade would deadlock) or read again */
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_write_trylock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_read_trylock(&l), DPS_E_INVALID_STATE);
	/* held once, in read mode */
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_OK);
	/* write, then read or write */
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_read_trylock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_write_trylock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_unlock_in_wrong_mode_or_not_held_is_refused(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);

	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_E_INVALID_STATE);
	/* still read-held: a writer is still kept out, the level still raised */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_E_INVALID_STATE); /* double */

	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_E_INVALID_STATE); /* double */
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_unlock_by_non_holder_thread_is_refused_and_changes_nothing(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_write_unlock, &l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(other(op_rw_read_unlock, &l), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);

	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_read_unlock, &l), DPS_E_INVALID_STATE);
	/* the reader count was not dropped: a writer is still kept out */
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_fini_while_held_is_busy(void)
{
	struct dps_rwlock l = {0};

	CU_ASSERT_EQUAL(dps_rwlock_init(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(other(op_rw_fini, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(other(op_rw_fini, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(other(op_rw_read_trylock_unlock, &l), DPS_E_BUSY);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l), DPS_OK);
	/* a raw hold not yet recorded (the window inside *_lock) counts too */
	rte_rwlock_read_lock(&l.rw);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_E_BUSY);
	rte_rwlock_read_unlock(&l.rw);
	CU_ASSERT_EQUAL(dps_rwlock_fini(&l), DPS_OK);
}

static void
test_rwlock_more_than_max_held_is_resources_and_not_acquired(void)
{
	struct dps_rwlock l[DPS_RWLOCK_MAX_HELD + 1];

	memset(l, 0, sizeof(l));
	for (int i = 0; i <= DPS_RWLOCK_MAX_HELD; i++)
		CU_ASSERT_EQUAL(dps_rwlock_init(&l[i]), DPS_OK);
	for (int i = 0; i < DPS_RWLOCK_MAX_HELD; i++)
		CU_ASSERT_EQUAL(
			i % 2 ? dps_rwlock_write_lock(&l[i]) : dps_rwlock_read_lock(&l[i]), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l[DPS_RWLOCK_MAX_HELD]), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l[DPS_RWLOCK_MAX_HELD]), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_rwlock_read_trylock(&l[DPS_RWLOCK_MAX_HELD]), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_rwlock_write_trylock(&l[DPS_RWLOCK_MAX_HELD]), DPS_E_RESOURCES);
	/* not acquired: free for another thread, and we may not unlock it */
	CU_ASSERT_EQUAL(other(op_rw_write_trylock_unlock, &l[DPS_RWLOCK_MAX_HELD]), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l[DPS_RWLOCK_MAX_HELD]), DPS_E_INVALID_STATE);
	/* a held one is still "already held", not "too many" */
	CU_ASSERT_EQUAL(dps_rwlock_read_lock(&l[0]), DPS_E_INVALID_STATE);
	/* one released: there is room again */
	CU_ASSERT_EQUAL(dps_rwlock_read_unlock(&l[0]), DPS_OK);
	CU_ASSERT_EQUAL(dps_rwlock_write_lock(&l[DPS_RWLOCK_MAX_HELD]), DPS_OK);
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
	CU_ASSERT_EQUAL(dps_rwlock_write_unlock(&l[DPS_RWLOCK_MAX_HELD]), DPS_OK);
	for (int i = 1; i < DPS_RWLOCK_MAX_HELD; i++) {
		CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_DATAPATH);
		CU_ASSERT_EQUAL(
			i % 2 ? dps_rwlock_write_unlock(&l[i]) : dps_rwlock_read_unlock(&l[i]),
			DPS_OK);
	}
	CU_ASSERT_EQUAL(dps_level_get(), DPS_LEVEL_CONTROL);
	for (int i = 0; i <= DPS_RWLOCK_MAX_HELD; i++)
		CU_ASSERT_EQUAL(dps_rwlock_fini(&l[i]), DPS_OK);
}

static int
suite_clean(void)
{
	/* every test must leave the main thread as it found it */
	return dps_level_get() == DPS_LEVEL_CONTROL ? 0 : 1;
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_level_default_is_control_and_can_block),
	DPS_TEST(test_level_set_datapath_refuses_blocking_and_is_per_thread),
	DPS_TEST(test_level_set_invalid_value_is_refused_and_level_unchanged),
	DPS_TEST(test_level_str_names_levels_and_invalid),
	DPS_TEST(test_thread_id_is_nonzero_stable_and_unique),
	DPS_TEST(test_mutex_null_is_invalid_parameter),
	DPS_TEST(test_mutex_uninitialised_is_not_initialized),
	DPS_TEST(test_mutex_finalised_is_not_initialized_and_can_be_reinitialised),
	DPS_TEST(test_mutex_double_init_is_refused_and_keeps_the_holder),
	DPS_TEST(test_mutex_lock_unlock_and_held),
	DPS_TEST(test_mutex_at_datapath_is_refused_and_not_acquired),
	DPS_TEST(test_mutex_while_holding_spinlock_is_refused),
	DPS_TEST(test_mutex_recursive_acquire_is_invalid_state),
	DPS_TEST(test_mutex_unlock_by_non_holder_is_refused_and_changes_nothing),
	DPS_TEST(test_mutex_double_unlock_is_refused_and_changes_nothing),
	DPS_TEST(test_mutex_trylock_from_other_thread_is_busy),
	DPS_TEST(test_mutex_timedlock_times_out_after_the_timeout),
	DPS_TEST(test_mutex_timedlock_gets_it_when_released_in_time),
	DPS_TEST(test_mutex_lock_waits_for_the_holder),
	DPS_TEST(test_mutex_fini_while_held_is_busy),
	DPS_TEST(test_spinlock_null_is_invalid_parameter),
	DPS_TEST(test_spinlock_uninitialised_is_not_initialized),
	DPS_TEST(test_spinlock_double_init_and_finalised),
	DPS_TEST(test_spinlock_raises_level_to_datapath_while_held_and_restores_it),
	DPS_TEST(test_nested_spinlocks_released_out_of_order_restore_level_at_last),
	DPS_TEST(test_level_set_refused_while_holding_spinlock),
	DPS_TEST(test_spinlock_recursive_acquire_is_invalid_state),
	DPS_TEST(test_spinlock_trylock_from_other_thread_is_busy),
	DPS_TEST(test_spinlock_unlock_by_non_holder_and_double_unlock_change_nothing),
	DPS_TEST(test_spinlock_lock_spins_until_the_holder_releases),
	DPS_TEST(test_spinlock_fini_while_held_is_busy),
	DPS_TEST(test_spinlock_fini_sees_a_raw_hold_not_yet_recorded),
	DPS_TEST(test_rwlock_null_is_invalid_parameter),
	DPS_TEST(test_rwlock_uninitialised_is_not_initialized),
	DPS_TEST(test_rwlock_double_init_and_finalised),
	DPS_TEST(test_rwlock_holders_run_at_datapath),
	DPS_TEST(test_rwlock_and_spinlock_released_out_of_order_restore_level_at_last),
	DPS_TEST(test_rwlock_several_readers_on_several_threads_exclude_a_writer),
	DPS_TEST(test_rwlock_writer_excludes_readers_and_writers),
	DPS_TEST(test_rwlock_same_thread_second_acquire_in_any_mode_is_invalid_state),
	DPS_TEST(test_rwlock_unlock_in_wrong_mode_or_not_held_is_refused),
	DPS_TEST(test_rwlock_unlock_by_non_holder_thread_is_refused_and_changes_nothing),
	DPS_TEST(test_rwlock_fini_while_held_is_busy),
	DPS_TEST(test_rwlock_more_than_max_held_is_resources_and_not_acquired),
};

DPS_TEST_MAIN("core_lock", cases, NULL, suite_clean)
