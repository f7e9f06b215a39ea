/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <stddef.h>
#include <time.h>

#include "dps_level.h"
#include "dps_level_private.h"
#include "dps_lock.h"
#include "dps_status.h"

#define MUTEX_MAGIC 0x4d555458u	 /* "MUTX" */
#define SPIN_MAGIC 0x5350494eu	 /* "SPIN" */
#define RWLOCK_MAGIC 0x52574c4bu /* "RWLK" */

/* ---- mutex ---- */

static int
mutex_check(const struct dps_mutex *m)
{
	if (m == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (m->magic != MUTEX_MAGIC)
		return DPS_E_NOT_INITIALIZED;
	return DPS_OK;
}

int
dps_mutex_init(struct dps_mutex *m)
{
	if (m == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (m->magic == MUTEX_MAGIC)
		return DPS_E_INVALID_STATE;
	if (pthread_mutex_init(&m->mtx, NULL) != 0)
		return DPS_E_RESOURCES;
	atomic_init(&m->owner, 0);
	m->magic = MUTEX_MAGIC;
	return DPS_OK;
}

int
dps_mutex_fini(struct dps_mutex *m)
{
	int rc = mutex_check(m);

	if (rc != DPS_OK)
		return rc;
	if (atomic_load(&m->owner) != 0)
		return DPS_E_BUSY;
	if (pthread_mutex_destroy(&m->mtx) != 0)
		return DPS_E_BUSY;
	m->magic = 0;
	return DPS_OK;
}

static int
mutex_pre_acquire(struct dps_mutex *m)
{
	int rc = mutex_check(m);

	if (rc != DPS_OK)
		return rc;
	if (dps_level_check_blocking() != DPS_OK)
		return DPS_E_LEVEL;
	if (atomic_load(&m->owner) == dps_thread_id())
		return DPS_E_INVALID_STATE;
	return DPS_OK;
}

int
dps_mutex_lock(struct dps_mutex *m)
{
	int rc = mutex_pre_acquire(m);

	if (rc != DPS_OK)
		return rc;
	if (pthread_mutex_lock(&m->mtx) != 0)
		return DPS_E_FAILURE;
	atomic_store(&m->owner, dps_thread_id());
	return DPS_OK;
}

int
dps_mutex_timedlock(struct dps_mutex *m, unsigned int timeout_ms)
{
	struct timespec ts;
	int rc = mutex_pre_acquire(m);

	if (rc != DPS_OK)
		return rc;
	/* monotonic: a wall-clock step must not stretch or cut the wait */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return DPS_E_FAILURE;
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	rc = pthread_mutex_clocklock(&m->mtx, CLOCK_MONOTONIC, &ts);
	if (rc == ETIMEDOUT)
		return DPS_E_TIMEOUT;
	if (rc != 0)
		return DPS_E_FAILURE;
	atomic_store(&m->owner, dps_thread_id());
	return DPS_OK;
}

int
dps_mutex_trylock(struct dps_mutex *m)
{
	int rc = mutex_pre_acquire(m);

	if (rc != DPS_OK)
		return rc;
	if (pthread_mutex_trylock(&m->mtx) != 0)
		return DPS_E_BUSY;
	atomic_store(&m->owner, dps_thread_id());
	return DPS_OK;
}

int
dps_mutex_unlock(struct dps_mutex *m)
{
	int rc = mutex_check(m);

	if (rc != DPS_OK)
		return rc;
	if (atomic_load(&m->owner) != dps_thread_id())
		return DPS_E_INVALID_STATE;
	atomic_store(&m->owner, 0);
	pthread_mutex_unlock(&m->mtx);
	return DPS_OK;
}

int
dps_mutex_held(const struct dps_mutex *m)
{
	return mutex_check(m) == DPS_OK && atomic_load(&m->owner) == dps_thread_id();
}

/* ---- spinlock ---- */

static int
spin_check(const struct dps_spinlock *s)
{
	if (s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (s->magic != SPIN_MAGIC)
		return DPS_E_NOT_INITIALIZED;
	return DPS_OK;
}

int
dps_spinlock_init(struct dps_spinlock *s)
{
	if (s == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (s->magic == SPIN_MAGIC)
		return DPS_E_INVALID_STATE;
	rte_spinlock_init(&s->sl);
	atomic_init(&s->owner, 0);
	s->magic = SPIN_MAGIC;
	return DPS_OK;
}

int
dps_spinlock_fini(struct dps_spinlock *s)
{
	int rc = spin_check(s);

	if (rc != DPS_OK)
		return rc;
	/* the lock word too: a locker sets owner only after taking it */
	if (atomic_load(&s->owner) != 0 || rte_spinlock_is_locked(&s->sl))
		return DPS_E_BUSY;
	s->magic = 0;
	return DPS_OK;
}

int
dps_spinlock_lock(struct dps_spinlock *s)
{
	int rc = spin_check(s);

	if (rc != DPS_OK)
		return rc;
	if (atomic_load(&s->owner) == dps_thread_id())
		return DPS_E_INVALID_STATE;
	rte_spinlock_lock(&s->sl);
	atomic_store(&s->owner, dps_thread_id());
	dps__level_spin_enter();
	return DPS_OK;
}

int
dps_spinlock_trylock(struct dps_spinlock *s)
{
	int rc = spin_check(s);

	if (rc != DPS_OK)
		return rc;
	if (atomic_load(&s->owner) == dps_thread_id())
		return DPS_E_INVALID_STATE;
	if (!rte_spinlock_trylock(&s->sl))
		return DPS_E_BUSY;
	atomic_store(&s->owner, dps_thread_id());
	dps__level_spin_enter();
	return DPS_OK;
}

int
dps_spinlock_unlock(struct dps_spinlock *s)
{
	int rc = spin_check(s);

	if (rc != DPS_OK)
		return rc;
	if (atomic_load(&s->owner) != dps_thread_id())
		return DPS_E_INVALID_STATE;
	atomic_store(&s->owner, 0);
	rte_spinlock_unlock(&s->sl);
	dps__level_spin_exit();
	return DPS_OK;
}

int
dps_spinlock_held(const struct dps_spinlock *s)
{
	return spin_check(s) == DPS_OK && atomic_load(&s->owner) == dps_thread_id();
}

/* ---- reader/writer lock ---- */

enum { HELD_NONE = 0, HELD_READ, HELD_WRITE };

static _Thread_local struct {
	const struct dps_rwlock *lock;
	int mode;
} rw_held[DPS_RWLOCK_MAX_HELD];

static int
rw_held_mode(const struct dps_rwlock *l, int *slot)
{
	for (int i = 0; i < DPS_RWLOCK_MAX_HELD; i++) {
		if (rw_held[i].lock == l && rw_held[i].mode != HELD_NONE) {
			if (slot != NULL)
				*slot = i;
			return rw_held[i].mode;
		}
	}
	return HELD_NONE;
}

static int
rw_free_slot(void)
{
	for (int i = 0; i < DPS_RWLOCK_MAX_HELD; i++)
		if (rw_held[i].mode == HELD_NONE)
			return i;
	return -1;
}

static int
rw_check(const struct dps_rwlock *l)
{
	if (l == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (l->magic != RWLOCK_MAGIC)
		return DPS_E_NOT_INITIALIZED;
	return DPS_OK;
}

int
dps_rwlock_init(struct dps_rwlock *l)
{
	if (l == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (l->magic == RWLOCK_MAGIC)
		return DPS_E_INVALID_STATE;
	rte_rwlock_init(&l->rw);
	atomic_init(&l->writer, 0);
	atomic_init(&l->readers, 0);
	l->magic = RWLOCK_MAGIC;
	return DPS_OK;
}

int
dps_rwlock_fini(struct dps_rwlock *l)
{
	int rc = rw_check(l);

	if (rc != DPS_OK)
		return rc;
	/* the lock word too: holders are recorded only after taking it */
	if (atomic_load(&l->writer) != 0 || atomic_load(&l->readers) != 0 ||
		__atomic_load_n(&l->rw.cnt, __ATOMIC_ACQUIRE) != 0)
		return DPS_E_BUSY;
	l->magic = 0;
	return DPS_OK;
}

/* Validate an acquisition; on success *slot is where to record it. */
static int
rw_pre_acquire(const struct dps_rwlock *l, int *slot)
{
	int rc = rw_check(l);

	if (rc != DPS_OK)
		return rc;
	if (rw_held_mode(l, NULL) != HELD_NONE)
		return DPS_E_INVALID_STATE;
	*slot = rw_free_slot();
	if (*slot < 0)
		return DPS_E_RESOURCES;
	return DPS_OK;
}

static void
rw_record(struct dps_rwlock *l, int slot, int mode)
{
	rw_held[slot].lock = l;
	rw_held[slot].mode = mode;
	if (mode == HELD_READ)
		atomic_fetch_add(&l->readers, 1);
	else
		atomic_store(&l->writer, dps_thread_id());
	dps__level_spin_enter();
}

int
dps_rwlock_read_lock(struct dps_rwlock *l)
{
	int slot = -1, rc = rw_pre_acquire(l, &slot);

	if (rc != DPS_OK)
		return rc;
	rte_rwlock_read_lock(&l->rw);
	rw_record(l, slot, HELD_READ);
	return DPS_OK;
}

int
dps_rwlock_write_lock(struct dps_rwlock *l)
{
	int slot = -1, rc = rw_pre_acquire(l, &slot);

	if (rc != DPS_OK)
		return rc;
	rte_rwlock_write_lock(&l->rw);
	rw_record(l, slot, HELD_WRITE);
	return DPS_OK;
}

int
dps_rwlock_read_trylock(struct dps_rwlock *l)
{
	int slot = -1, rc = rw_pre_acquire(l, &slot);

	if (rc != DPS_OK)
		return rc;
	if (rte_rwlock_read_trylock(&l->rw) != 0)
		return DPS_E_BUSY;
	rw_record(l, slot, HELD_READ);
	return DPS_OK;
}

int
dps_rwlock_write_trylock(struct dps_rwlock *l)
{
	int slot = -1, rc = rw_pre_acquire(l, &slot);

	if (rc != DPS_OK)
		return rc;
	if (rte_rwlock_write_trylock(&l->rw) != 0)
		return DPS_E_BUSY;
	rw_record(l, slot, HELD_WRITE);
	return DPS_OK;
}

static int
rw_release(struct dps_rwlock *l, int mode)
{
	int slot = -1, rc = rw_check(l);

	if (rc != DPS_OK)
		return rc;
	if (rw_held_mode(l, &slot) != mode)
		return DPS_E_INVALID_STATE;
	rw_held[slot].lock = NULL;
	rw_held[slot].mode = HELD_NONE;
	if (mode == HELD_READ) {
		atomic_fetch_sub(&l->readers, 1);
		rte_rwlock_read_unlock(&l->rw);
	} else {
		atomic_store(&l->writer, 0);
		rte_rwlock_write_unlock(&l->rw);
	}
	dps__level_spin_exit();
	return DPS_OK;
}

int
dps_rwlock_read_unlock(struct dps_rwlock *l)
{
	return rw_release(l, HELD_READ);
}

int
dps_rwlock_write_unlock(struct dps_rwlock *l)
{
	return rw_release(l, HELD_WRITE);
}
