/* SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "dps_level.h"
#include "dps_log.h"
#include "dps_object_private.h"
#include "dps_status.h"
#include "dps_thread.h"

#define TAG_RUN DPS_TAG("Run ")
#define TAG_CREATE DPS_TAG("Crea")

struct dps_thread {
	struct dps_object *obj;
	struct dps_object *owner;
	dps_thread_fn fn;
	void *arg;
	char name[16];
	pthread_t tid;		    /* valid once started */
	pthread_mutex_t join_lock;  /* started, joining, joined, detached */
	pthread_cond_t joined_cond; /* joining ended, or a detached body finished */
	bool started;
	bool joining;  /* some thread is in pthread_join: others wait for it */
	bool joined;   /* joined or detached: tid is no longer usable */
	bool detached; /* deleted from inside: wait on finished instead */
	atomic_int stop;
	atomic_int finished;
	int result;
};

/* The dps_thread the calling thread runs, NULL for other threads. */
static _Thread_local struct dps_thread *self_thread;

static void
thread_ctx_fini(struct dps_object *obj, void *ctx)
{
	struct dps_thread *t = ctx;

	RTE_SET_USED(obj);
	pthread_cond_destroy(&t->joined_cond);
	pthread_mutex_destroy(&t->join_lock);
}

static DPS_CONTEXT_TYPE(thread_ctx, struct dps_thread, thread_ctx_fini);

static void *
thread_main(void *p)
{
	struct dps_thread *t = p;
	struct dps_object *owner = t->owner;
	struct dps_object *self = t->obj;

	self_thread = t;
	pthread_setname_np(pthread_self(), t->name);
	dps_level_set(DPS_LEVEL_CONTROL);
	t->result = t->fn(t, t->arg);
	pthread_mutex_lock(&t->join_lock);
	atomic_store(&t->finished, 1);
	pthread_cond_broadcast(&t->joined_cond); /* for waiters on a detached thread */
	pthread_mutex_unlock(&t->join_lock);
	self_thread = NULL;
	dps_object_unref(owner, DPS_TAG_THREAD);
	dps_object_unref(self, TAG_RUN); /* may free t */
	return NULL;
}

/*
 * Wait for the thread to end. pthread_join runs outside join_lock, so that
 * the thread itself can still take the lock (delete its own object) meanwhile.
 */
static int
thread_join(struct dps_thread *t)
{
	if (self_thread == t)
		return DPS_E_INVALID_STATE;
	pthread_mutex_lock(&t->join_lock);
	while (t->joining)
		pthread_cond_wait(&t->joined_cond, &t->join_lock);
	if (t->started && !t->joined) {
		t->joining = true;
		pthread_mutex_unlock(&t->join_lock);
		pthread_join(t->tid, NULL);
		pthread_mutex_lock(&t->join_lock);
		t->joining = false;
		t->joined = true;
		pthread_cond_broadcast(&t->joined_cond);
	} else if (t->detached) {
		while (!atomic_load(&t->finished))
			pthread_cond_wait(&t->joined_cond, &t->join_lock);
	}
	pthread_mutex_unlock(&t->join_lock);
	return DPS_OK;
}

static void
thread_cleanup(struct dps_object *obj)
{
	struct dps_thread *t;

	/* not initialised: dps_thread_create has not started (and will not start) it */
	if (dps_object_context(obj, &thread_ctx, (void **)&t) != DPS_OK)
		return;
	atomic_store(&t->stop, 1);
	if (thread_join(t) == DPS_E_INVALID_STATE) {
		/* deleted from inside the thread: it keeps its own reference */
		pthread_mutex_lock(&t->join_lock);
		if (t->started && !t->joined && !t->joining) {
			pthread_detach(t->tid);
			t->joined = true;
			t->detached = true;
		} /* else another thread is joining it and finishes the job */
		pthread_mutex_unlock(&t->join_lock);
	}
}

struct thread_init_arg {
	struct dps_object *owner;
	struct dps_object *obj;
	const char *name;
	dps_thread_fn fn;
	void *arg;
};

static int
thread_ctx_init(struct dps_object *obj, void *ctx, void *a)
{
	struct thread_init_arg *ia = a;
	struct dps_thread *t = ctx;

	RTE_SET_USED(obj);
	t->obj = ia->obj;
	t->owner = ia->owner;
	t->fn = ia->fn;
	t->arg = ia->arg;
	snprintf(t->name, sizeof(t->name), "%s", ia->name);
	if (pthread_mutex_init(&t->join_lock, NULL) != 0)
		return DPS_E_RESOURCES;
	if (pthread_cond_init(&t->joined_cond, NULL) != 0) {
		pthread_mutex_destroy(&t->join_lock);
		return DPS_E_RESOURCES;
	}
	atomic_init(&t->stop, 0);
	atomic_init(&t->finished, 0);
	return DPS_OK;
}

/*
 * Start the thread unless the object was deleted meanwhile (the owner being
 * deleted by another thread): then thread_cleanup has run or will find
 * nothing to join, and no thread may start.
 */
static int
thread_start(struct dps_thread *t)
{
	int rc = DPS_OK;

	pthread_mutex_lock(&t->join_lock);
	if (dps_object_is_deleted(t->obj) || atomic_load(&t->stop))
		rc = DPS_E_DELETED;
	else if (pthread_create(&t->tid, NULL, thread_main, t) != 0)
		rc = DPS_E_RESOURCES;
	else
		t->started = true;
	pthread_mutex_unlock(&t->join_lock);
	return rc;
}

int
dps_thread_create(struct dps_object *owner, const char *name, dps_thread_fn fn, void *arg,
	struct dps_thread **out)
{
	static const struct dps_context_type *const ctxs[] = {&thread_ctx, NULL};
	const struct dps_object_attr attr = {
		.type = "thread",
		.name = name,
		.cleanup = thread_cleanup,
		.contexts = ctxs,
	};
	struct thread_init_arg ia = {owner, NULL, name, fn, arg};
	struct dps_thread *t;
	struct dps_object *obj;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (owner == NULL || name == NULL || fn == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_level_check_blocking() != DPS_OK)
		return DPS_E_LEVEL;
	if (dps_object_is_deleted(owner))
		return DPS_E_DELETED;
	/* our own reference: the owner may be deleted (and obj with it) meanwhile */
	rc = dps__object_create_ref(&attr, owner, TAG_CREATE, &obj);
	if (rc != DPS_OK)
		return rc;
	ia.obj = obj;
	rc = dps_object_context_init(obj, &thread_ctx, thread_ctx_init, &ia);
	if (rc != DPS_OK)
		goto fail_obj;
	rc = dps_object_context(obj, &thread_ctx, (void **)&t);
	if (rc != DPS_OK)
		goto fail_obj;
	rc = dps_object_ref(owner, DPS_TAG_THREAD);
	if (rc != DPS_OK)
		goto fail_obj;
	rc = dps_object_ref(obj, TAG_RUN);
	if (rc != DPS_OK)
		goto fail_owner;
	rc = thread_start(t);
	if (rc != DPS_OK) {
		dps_object_unref(obj, TAG_RUN);
		goto fail_owner;
	}
	if (out != NULL)
		*out = t;
	dps_object_unref(obj, TAG_CREATE);
	return DPS_OK;

fail_owner:
	dps_object_unref(owner, DPS_TAG_THREAD);
fail_obj:
	/* no thread runs; DPS_E_DELETED here only means the owner's delete did it */
	dps_object_delete(obj);
	dps_object_unref(obj, TAG_CREATE);
	return rc;
}

int
dps_thread_should_stop(const struct dps_thread *t)
{
	return t == NULL || atomic_load(&t->stop) != 0;
}

int
dps_thread_finished(const struct dps_thread *t)
{
	return t != NULL && atomic_load(&t->finished) != 0;
}

int
dps_thread_stop(struct dps_thread *t, int *result)
{
	int rc;

	if (t == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_level_check_blocking() != DPS_OK)
		return DPS_E_LEVEL;
	if (self_thread == t)
		return DPS_E_INVALID_STATE; /* refused: not even the stop request */
	atomic_store(&t->stop, 1);
	rc = thread_join(t);
	if (rc != DPS_OK)
		return rc;
	if (result != NULL)
		*result = t->result;
	return DPS_OK;
}

struct dps_object *
dps_thread_object(struct dps_thread *t)
{
	return t == NULL ? NULL : t->obj;
}
