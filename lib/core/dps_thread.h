/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_THREAD_H
#define DPS_THREAD_H

/**
 * @file
 * Control-level threads tied to an owner object (IoCreateSystemThread).
 *
 * The thread is a child object of its owner and holds a reference on the
 * owner (tag "Thrd") while it runs. Deleting the owner deletes the thread
 * object first, and that asks the thread to stop and waits for it to end,
 * so no thread outlives its owner's teardown. (A thread that deletes its own
 * object is detached instead: it cannot wait for itself.)
 */

#include "dps_object.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dps_thread;

/** Thread body: runs at DPS_LEVEL_CONTROL; poll dps_thread_should_stop(). */
typedef int (*dps_thread_fn)(struct dps_thread *t, void *arg);

/** Tag of the thread's reference on its owner. */
#define DPS_TAG_THREAD DPS_TAG("Thrd")

/**
 * Start a thread.
 *
 * @param owner the owning object (required, not deleted).
 * @param name thread name (15 characters are kept for the OS).
 * @param fn body; its return value is kept for dps_thread_stop.
 * @param arg argument of @p fn.
 * @param out the thread (may be NULL). It is owned by @p owner: valid until
 *        the owner deletes it, or for as long as the caller holds a reference
 *        on dps_thread_object(*out).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL owner, name or fn);
 *         DPS_E_LEVEL at DATAPATH; DPS_E_DELETED (owner deleted, also when
 *         another thread deletes it meanwhile: then no thread was started);
 *         DPS_E_RESOURCES (memory or pthread_create failed: nothing left behind).
 * Level: CONTROL.
 */
int dps_thread_create(struct dps_object *owner, const char *name, dps_thread_fn fn, void *arg,
	struct dps_thread **out);

/** @return 1 once a stop was requested (or for NULL), else 0. Level: any. */
int dps_thread_should_stop(const struct dps_thread *t);

/**
 * Ask the thread to stop and wait for it to end; the thread object stays
 * until its owner (or dps_object_delete) removes it.
 *
 * @param result where to put the body's return value (may be NULL).
 * @return DPS_OK (also when it had already been stopped); DPS_E_INVALID_PARAMETER;
 *         DPS_E_LEVEL at DATAPATH; DPS_E_INVALID_STATE when called by the
 *         thread itself (it would wait for itself). A refused call does not
 *         even request the stop.
 * Level: CONTROL.
 */
int dps_thread_stop(struct dps_thread *t, int *result);

/** @return 1 when the body has returned. Level: any. */
int dps_thread_finished(const struct dps_thread *t);

/** @return the thread's object (child of its owner), or NULL. */
struct dps_object *dps_thread_object(struct dps_thread *t);

#ifdef __cplusplus
}
#endif

#endif /* DPS_THREAD_H */
