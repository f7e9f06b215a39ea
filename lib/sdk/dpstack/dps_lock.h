/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_LOCK_H
#define DPS_LOCK_H

/**
 * @file
 * Locks that check the caller's execution level (dps_level.h) and their own
 * use, and return a status instead of deadlocking or corrupting state.
 *
 * - dps_mutex: a blocking lock for the control plane. Refused at DATAPATH
 *   (DPS_E_LEVEL, not acquired). Not recursive.
 * - dps_spinlock: never sleeps; usable at any level. The holder runs at
 *   DATAPATH until it releases the lock, then its level is restored.
 * - dps_rwlock: a spinning reader/writer lock; holders run at DATAPATH too.
 *
 * Common rules: a NULL lock is DPS_E_INVALID_PARAMETER; a lock that was never
 * initialised (or was finalised) is DPS_E_NOT_INITIALIZED; acquiring a lock
 * the caller already holds is DPS_E_INVALID_STATE (it would deadlock);
 * releasing a lock the caller does not hold, or releasing twice, is
 * DPS_E_INVALID_STATE. A refused call changes nothing.
 * Lock structures must start zeroed or be initialised with *_init.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <rte_rwlock.h>
#include <rte_spinlock.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dps_mutex {
	uint32_t magic;
	atomic_uint owner; /**< dps_thread_id() of the holder, 0 when free */
	pthread_mutex_t mtx;
};

struct dps_spinlock {
	uint32_t magic;
	atomic_uint owner;
	rte_spinlock_t sl;
};

struct dps_rwlock {
	uint32_t magic;
	atomic_uint writer;  /**< thread id of the writer, 0 if none */
	atomic_uint readers; /**< number of read holders */
	rte_rwlock_t rw;
};

/** Most locks one thread may hold on dps_rwlocks at the same time. */
#define DPS_RWLOCK_MAX_HELD 8

/**
 * Initialise a mutex.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL); DPS_E_INVALID_STATE (already
 *         initialised); DPS_E_RESOURCES (pthread failure).
 * Level: any.
 */
int dps_mutex_init(struct dps_mutex *m);

/**
 * Finalise a mutex.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED; DPS_E_BUSY
 *         while someone holds it (nothing changes).
 * Level: any.
 */
int dps_mutex_fini(struct dps_mutex *m);

/**
 * Acquire, waiting as long as it takes.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED; DPS_E_LEVEL at
 *         DATAPATH (not acquired); DPS_E_INVALID_STATE when the caller holds it.
 * Level: CONTROL.
 */
int dps_mutex_lock(struct dps_mutex *m);

/**
 * Acquire, waiting at most @p timeout_ms milliseconds.
 * @return as dps_mutex_lock, plus DPS_E_TIMEOUT (not acquired).
 * Level: CONTROL.
 */
int dps_mutex_timedlock(struct dps_mutex *m, unsigned int timeout_ms);

/**
 * Acquire only if free.
 * @return as dps_mutex_lock, plus DPS_E_BUSY when another thread holds it.
 * Level: CONTROL.
 */
int dps_mutex_trylock(struct dps_mutex *m);

/**
 * Release.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED;
 *         DPS_E_INVALID_STATE when the caller does not hold it.
 * Level: any.
 */
int dps_mutex_unlock(struct dps_mutex *m);

/** @return 1 when the calling thread holds @p m, else 0. Level: any. */
int dps_mutex_held(const struct dps_mutex *m);

/** Initialise a spinlock. Errors as dps_mutex_init. Level: any. */
int dps_spinlock_init(struct dps_spinlock *s);

/** Finalise a spinlock. Errors as dps_mutex_fini. Level: any. */
int dps_spinlock_fini(struct dps_spinlock *s);

/**
 * Acquire, spinning; the caller runs at DATAPATH until dps_spinlock_unlock.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED;
 *         DPS_E_INVALID_STATE when the caller holds it.
 * Level: any.
 */
int dps_spinlock_lock(struct dps_spinlock *s);

/**
 * Acquire only if free.
 * @return as dps_spinlock_lock, plus DPS_E_BUSY.
 * Level: any.
 */
int dps_spinlock_trylock(struct dps_spinlock *s);

/**
 * Release and restore the caller's level.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED;
 *         DPS_E_INVALID_STATE when the caller does not hold it.
 * Level: any.
 */
int dps_spinlock_unlock(struct dps_spinlock *s);

/** @return 1 when the calling thread holds @p s. Level: any. */
int dps_spinlock_held(const struct dps_spinlock *s);

/** Initialise a reader/writer lock. Errors as dps_mutex_init. Level: any. */
int dps_rwlock_init(struct dps_rwlock *l);

/** Finalise. Errors as dps_mutex_fini (DPS_E_BUSY while held). Level: any. */
int dps_rwlock_fini(struct dps_rwlock *l);

/**
 * Acquire shared / exclusive, spinning; the caller runs at DATAPATH while it
 * holds it.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED;
 *         DPS_E_INVALID_STATE when the caller already holds it in any mode;
 *         DPS_E_RESOURCES when the caller holds DPS_RWLOCK_MAX_HELD rwlocks.
 * Level: any.
 */
int dps_rwlock_read_lock(struct dps_rwlock *l);
int dps_rwlock_write_lock(struct dps_rwlock *l);

/** As read_lock / write_lock, plus DPS_E_BUSY when not free. Level: any. */
int dps_rwlock_read_trylock(struct dps_rwlock *l);
int dps_rwlock_write_trylock(struct dps_rwlock *l);

/**
 * Release a shared / exclusive hold.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_INITIALIZED;
 *         DPS_E_INVALID_STATE when the caller does not hold it in that mode.
 * Level: any.
 */
int dps_rwlock_read_unlock(struct dps_rwlock *l);
int dps_rwlock_write_unlock(struct dps_rwlock *l);

#ifdef __cplusplus
}
#endif

#endif /* DPS_LOCK_H */
