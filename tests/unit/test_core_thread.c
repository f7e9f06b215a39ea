/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dps_thread (IoCreateSystemThread): creation errors, the "Thrd" reference
 * on the owner while the body runs, stop and its result, the refusals of
 * stop, and teardown: deleting the owner stops and joins its threads before
 * it returns, also when the owner is deleted while a thread is being created.
 * Every body is bounded in time so a bug fails a test instead of hanging.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dps_level.h"
#include "dps_object.h"
#include "dps_status.h"
#include "dps_test.h"
#include "dps_thread.h"

#define WAIT_MS 10000

static unsigned int base_live;
static atomic_int owner_destroyed;

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

static void
owner_destroy(struct dps_object *obj)
{
	(void)obj;
	atomic_fetch_add(&owner_destroyed, 1);
}

static struct dps_object *
make_owner(void)
{
	const struct dps_object_attr attr = {
		.type = "stack", .name = "owner", .destroy = owner_destroy};
	struct dps_object *o = NULL;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, NULL, &o), DPS_OK);
	return o;
}

/* What a body saw and did. */
struct probe {
	atomic_int running;  /* set when the body starts */
	atomic_int release;  /* the test lets the body return */
	atomic_int done;     /* set just before the body returns */
	atomic_int saw_stop; /* the body returned because of should_stop */
	int level;
	int can_block;
	int stop_self_rc;
	int should_stop_after_self;
	unsigned int linger_ms; /* sleep after the stop request, before returning */
	int result;
	char name[32];
	struct dps_thread *self;
	int delete_self_rc;
	int delete_self;
};

static int
body(struct dps_thread *t, void *arg)
{
	struct probe *p = arg;
	long deadline = now_ms() + WAIT_MS;

	p->self = t;
	p->level = dps_level_get();
	p->can_block = dps_level_check_blocking();
	pthread_getname_np(pthread_self(), p->name, sizeof(p->name));
	p->stop_self_rc = dps_thread_stop(t, NULL);
	p->should_stop_after_self = dps_thread_should_stop(t);
	if (p->delete_self)
		p->delete_self_rc = dps_object_delete(dps_thread_object(t));
	atomic_store(&p->running, 1);
	while (!dps_thread_should_stop(t) && !atomic_load(&p->release) && now_ms() < deadline)
		sleep_ms(1);
	if (dps_thread_should_stop(t))
		atomic_store(&p->saw_stop, 1);
	if (p->linger_ms)
		sleep_ms(p->linger_ms);
	atomic_store(&p->done, 1);
	return p->result;
}

static int
quick_body(struct dps_thread *t, void *arg)
{
	(void)t;
	return *(int *)arg;
}

static void
end_owner(struct dps_object *owner)
{
	int before = atomic_load(&owner_destroyed);

	CU_ASSERT_EQUAL(dps_object_delete(owner), DPS_OK);
	CU_ASSERT_EQUAL(atomic_load(&owner_destroyed), before + 1);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

/* ---- creation errors ---- */

static void
test_create_null_owner_name_or_fn_is_invalid_parameter(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = (struct dps_thread *)&t;
	struct probe p = {0};

	CU_ASSERT_EQUAL(dps_thread_create(NULL, "x", body, &p, &t), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(t);
	t = (struct dps_thread *)&t;
	CU_ASSERT_EQUAL(dps_thread_create(owner, NULL, body, &p, &t), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(t);
	t = (struct dps_thread *)&t;
	CU_ASSERT_EQUAL(dps_thread_create(owner, "x", NULL, &p, &t), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(atomic_load(&p.running), 0);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(owner), 1);
	end_owner(owner);
}

static void
test_create_at_datapath_is_level_and_starts_nothing(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = (struct dps_thread *)&t;
	struct probe p = {0};

	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_thread_create(owner, "x", body, &p, &t), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(atomic_load(&p.running), 0);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(owner), 1);
	end_owner(owner);
}

static void
test_create_on_deleted_owner_is_deleted_and_starts_nothing(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = (struct dps_thread *)&t;
	struct probe p = {0};

	CU_ASSERT_EQUAL(dps_object_ref(owner, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(owner), DPS_OK);
	CU_ASSERT_EQUAL(dps_thread_create(owner, "x", body, &p, &t), DPS_E_DELETED);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(atomic_load(&p.running), 0);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(owner), 1);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 1);
	CU_ASSERT_EQUAL(dps_object_unref(owner, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static uint32_t
nth_tag(int i)
{
	char s[5];

	snprintf(s, sizeof(s), "T%03u", (unsigned int)i % 1000u);
	return DPS_TAG(s);
}

static void
test_create_failing_midway_is_resources_and_leaves_nothing_behind(void)
{
	struct dps_object *owner = make_owner();
	struct dps_object *other = NULL;
	const struct dps_object_attr attr = {.type = "test", .name = "sibling"};
	struct dps_thread *t = (struct dps_thread *)&t;
	struct probe p = {0};
	int i;

	/* no room for the thread object's "Chld" tag on the owner */
	for (i = 1; i < DPS_OBJECT_MAX_TAGS; i++)
		CU_ASSERT_EQUAL(dps_object_ref(owner, nth_tag(i)), DPS_OK);
	CU_ASSERT_EQUAL(dps_thread_create(owner, "x", body, &p, &t), DPS_E_RESOURCES);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 0);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 1);

	/* room for "Chld" (a sibling holds it already) but not for "Thrd" */
	CU_ASSERT_EQUAL(dps_object_unref(owner, nth_tag(1)), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, owner, &other), DPS_OK);
	t = (struct dps_thread *)&t;
	CU_ASSERT_EQUAL(dps_thread_create(owner, "x", body, &p, &t), DPS_E_RESOURCES);
	CU_ASSERT_PTR_NULL(t);
	CU_ASSERT_EQUAL(atomic_load(&p.running), 0);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_CHILD), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 0);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 2);

	for (i = 2; i < DPS_OBJECT_MAX_TAGS; i++)
		CU_ASSERT_EQUAL(dps_object_unref(owner, nth_tag(i)), DPS_OK);
	end_owner(owner);
}

static void
test_null_thread_accessors(void)
{
	int res = 42;

	CU_ASSERT_EQUAL(dps_thread_should_stop(NULL), 1);
	CU_ASSERT_EQUAL(dps_thread_finished(NULL), 0);
	CU_ASSERT_PTR_NULL(dps_thread_object(NULL));
	CU_ASSERT_EQUAL(dps_thread_stop(NULL, &res), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(res, 42);
}

/* ---- running ---- */

static void
test_running_thread_holds_thrd_reference_and_is_a_child_of_owner(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct dps_object *tobj;
	struct probe p = {.result = 5};
	int res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "worker", body, &p, &t), DPS_OK);
	CU_ASSERT_FATAL(t != NULL);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	CU_ASSERT_PTR_EQUAL(p.self, t);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 1);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 1);
	tobj = dps_thread_object(t);
	CU_ASSERT_PTR_NOT_NULL(tobj);
	CU_ASSERT_PTR_EQUAL(dps_object_parent(tobj), owner);
	CU_ASSERT_STRING_EQUAL(dps_object_type(tobj), "thread");
	CU_ASSERT_STRING_EQUAL(dps_object_name(tobj), "worker");
	CU_ASSERT_EQUAL(dps_thread_finished(t), 0);
	CU_ASSERT_EQUAL(dps_thread_should_stop(t), 0);

	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(res, 5);
	CU_ASSERT_EQUAL(atomic_load(&p.saw_stop), 1);
	CU_ASSERT_EQUAL(dps_thread_finished(t), 1);
	/* the body is over: no more Thrd reference; the object stays with its owner */
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 0);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 1);
	end_owner(owner);
}

static void
test_thread_runs_at_control_level_with_its_name(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct probe p = {0};

	CU_ASSERT_EQUAL_FATAL(
		dps_thread_create(owner, "a-thread-name-longer-than-15", body, &p, &t), DPS_OK);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	CU_ASSERT_EQUAL(p.level, DPS_LEVEL_CONTROL);
	CU_ASSERT_EQUAL(p.can_block, DPS_OK);
	CU_ASSERT_STRING_EQUAL(p.name, "a-thread-name-l"); /* the OS keeps 15 characters */
	CU_ASSERT_EQUAL(dps_thread_stop(t, NULL), DPS_OK);
	end_owner(owner);
}

static void
test_stop_returns_the_body_result_every_time(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	int v = -1234, res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "quick", quick_body, &v, &t), DPS_OK);
	{
		long deadline = now_ms() + WAIT_MS;

		while (!dps_thread_finished(t) && now_ms() < deadline)
			sleep_ms(1);
	}
	CU_ASSERT_EQUAL(dps_thread_finished(t), 1);
	/* finished on its own: stop still joins and reports */
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(res, -1234);
	res = 0;
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK); /* again */
	CU_ASSERT_EQUAL(res, -1234);
	CU_ASSERT_EQUAL(dps_thread_stop(t, NULL), DPS_OK);
	end_owner(owner);
}

static void
test_stop_from_inside_the_thread_is_invalid_state_and_requests_nothing(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct probe p = {.result = 3};
	int res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "self", body, &p, &t), DPS_OK);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	CU_ASSERT_EQUAL(p.stop_self_rc, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(p.should_stop_after_self, 0);
	CU_ASSERT_EQUAL(dps_thread_should_stop(t), 0);
	CU_ASSERT_EQUAL(dps_thread_finished(t), 0);
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(res, 3);
	end_owner(owner);
}

static void
test_stop_at_datapath_is_level_and_leaves_the_thread_running(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct probe p = {.result = 9};
	int res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "dp", body, &p, &t), DPS_OK);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(res, 0);
	CU_ASSERT_EQUAL(dps_thread_should_stop(t), 0);
	sleep_ms(5);
	CU_ASSERT_EQUAL(dps_thread_finished(t), 0);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 1);
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(res, 9);
	end_owner(owner);
}

struct stopper {
	struct dps_thread *t;
	int rc;
	int res;
};

static void *
stopper_main(void *arg)
{
	struct stopper *s = arg;

	s->rc = dps_thread_stop(s->t, &s->res);
	return NULL;
}

static void
test_two_threads_stopping_at_once_both_get_the_result(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct probe p = {.result = 11, .linger_ms = 30};
	struct stopper s = {0};
	pthread_t tid;
	struct timespec ts;
	int res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "twice", body, &p, &t), DPS_OK);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	s.t = t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&tid, NULL, stopper_main, &s), 0);
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(res, 11);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_MS / 1000;
	CU_ASSERT_EQUAL_FATAL(pthread_timedjoin_np(tid, NULL, &ts), 0);
	CU_ASSERT_EQUAL(s.rc, DPS_OK);
	CU_ASSERT_EQUAL(s.res, 11);
	CU_ASSERT_EQUAL(atomic_load(&p.done), 1);
	end_owner(owner);
}

/* ---- teardown through the owner ---- */

static void
test_deleting_owner_stops_and_joins_the_thread_before_returning(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct dps_object *tobj;
	struct probe p = {.result = 7, .linger_ms = 30};
	int res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "joined", body, &p, &t), DPS_OK);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	/* keep the thread object (and so t) valid past the owner's delete */
	tobj = dps_thread_object(t);
	CU_ASSERT_EQUAL(dps_object_ref(tobj, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(owner), DPS_OK);
	/* right after delete returns, the body has observed the stop and finished */
	CU_ASSERT_EQUAL(atomic_load(&p.saw_stop), 1);
	CU_ASSERT_EQUAL(atomic_load(&p.done), 1);
	CU_ASSERT_EQUAL(dps_thread_finished(t), 1);
	CU_ASSERT_EQUAL(dps_thread_should_stop(t), 1);
	CU_ASSERT_EQUAL(dps_object_is_deleted(tobj), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 0);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 0);
	/* stop after teardown still reports the result */
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(res, 7);
	/* the thread object holds the owner's memory; both go with the last reference */
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 2);
	{
		int before = atomic_load(&owner_destroyed);

		CU_ASSERT_EQUAL(dps_object_unref(tobj, DPS_TAG("Test")), DPS_OK);
		CU_ASSERT_EQUAL(atomic_load(&owner_destroyed), before + 1);
	}
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_deleting_owner_joins_every_thread_even_without_out(void)
{
	enum { N = 3 };
	struct dps_object *owner = make_owner();
	struct probe p[N];

	memset(p, 0, sizeof(p));
	for (int i = 0; i < N; i++) {
		p[i].linger_ms = 10;
		CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "many", body, &p[i], NULL), DPS_OK);
	}
	for (int i = 0; i < N; i++)
		CU_ASSERT_FATAL(wait_for(&p[i].running, 1));
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), N);
	CU_ASSERT_EQUAL(dps_object_child_count(owner), N);
	end_owner(owner);
	for (int i = 0; i < N; i++) {
		CU_ASSERT_EQUAL(atomic_load(&p[i].saw_stop), 1);
		CU_ASSERT_EQUAL(atomic_load(&p[i].done), 1);
	}
}

static void
test_thread_that_deletes_its_own_object_is_detached_and_cleaned_up(void)
{
	struct dps_object *owner = make_owner();
	struct probe p = {.delete_self = 1};
	long deadline;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "selfdel", body, &p, NULL), DPS_OK);
	CU_ASSERT_FATAL(wait_for(&p.running, 1));
	CU_ASSERT_EQUAL(p.delete_self_rc, DPS_OK);
	/* its object is gone from the owner; the cleanup asked it to stop */
	CU_ASSERT_EQUAL(dps_object_child_count(owner), 0);
	CU_ASSERT_FATAL(wait_for(&p.done, 1));
	CU_ASSERT_EQUAL(atomic_load(&p.saw_stop), 1);
	/* it drops its references on its own (Thrd, then its object's Chld): no join */
	deadline = now_ms() + WAIT_MS;
	while (dps_object_refcount(owner) != 1 && now_ms() < deadline)
		sleep_ms(1);
	CU_ASSERT_EQUAL(dps_object_refcount(owner), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 0);
	CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_CHILD), 0);
	end_owner(owner);
}

struct selfdel {
	atomic_int gate;
	atomic_int deleted;
	atomic_int done;
	int delete_rc;
};

static int
selfdel_body(struct dps_thread *t, void *arg)
{
	struct selfdel *s = arg;
	long deadline = now_ms() + WAIT_MS;

	while (!atomic_load(&s->gate) && now_ms() < deadline)
		sleep_ms(1);
	s->delete_rc = dps_object_delete(dps_thread_object(t));
	atomic_store(&s->deleted, 1);
	sleep_ms(50); /* still running when the test calls stop */
	atomic_store(&s->done, 1);
	return 21;
}

static void
test_stop_on_a_self_deleted_thread_still_waits_for_its_end(void)
{
	struct dps_object *owner = make_owner();
	struct dps_thread *t = NULL;
	struct dps_object *tobj;
	struct selfdel s = {0};
	long deadline;
	int res = 0;

	CU_ASSERT_EQUAL_FATAL(dps_thread_create(owner, "selfdel2", selfdel_body, &s, &t), DPS_OK);
	tobj = dps_thread_object(t);
	CU_ASSERT_EQUAL_FATAL(dps_object_ref(tobj, DPS_TAG("Test")), DPS_OK);
	atomic_store(&s.gate, 1);
	CU_ASSERT_FATAL(wait_for(&s.deleted, 1));
	CU_ASSERT_EQUAL(s.delete_rc, DPS_OK);
	/* detached, yet stop waits for the body and reports its result */
	CU_ASSERT_EQUAL(dps_thread_stop(t, &res), DPS_OK);
	CU_ASSERT_EQUAL(atomic_load(&s.done), 1);
	CU_ASSERT_EQUAL(dps_thread_finished(t), 1);
	CU_ASSERT_EQUAL(res, 21);
	CU_ASSERT_EQUAL(dps_object_unref(tobj, DPS_TAG("Test")), DPS_OK);
	/* the detached thread drops its own references */
	deadline = now_ms() + WAIT_MS;
	while (dps_object_refcount(owner) != 1 && now_ms() < deadline)
		sleep_ms(1);
	CU_ASSERT_EQUAL(dps_object_refcount(owner), 1);
	end_owner(owner);
}

/* ---- owner deleted while a thread is being created ---- */

static atomic_int race_started, race_finished;

static int
race_body(struct dps_thread *t, void *arg)
{
	long deadline = now_ms() + WAIT_MS;

	(void)arg;
	atomic_fetch_add(&race_started, 1);
	while (!dps_thread_should_stop(t) && now_ms() < deadline)
		sleep_ms(1);
	atomic_fetch_add(&race_finished, 1);
	return 0;
}

struct racer {
	struct dps_object *owner;
	atomic_int ready;
	atomic_int go;
	int rc;
};

static void *
racer_main(void *arg)
{
	struct racer *r = arg;
	long deadline = now_ms() + WAIT_MS;

	atomic_store(&r->ready, 1);
	while (!atomic_load(&r->go) && now_ms() < deadline)
		;
	r->rc = dps_thread_create(r->owner, "racer", race_body, NULL, NULL);
	return NULL;
}

static void
spin_us(long us)
{
	struct timespec t0, t;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do
		clock_gettime(CLOCK_MONOTONIC, &t);
	while ((t.tv_sec - t0.tv_sec) * 1000000L + (t.tv_nsec - t0.tv_nsec) / 1000 < us);
}

static void
test_owner_deleted_while_creating_never_leaves_a_thread_running(void)
{
	enum { ROUNDS = 500 };
	int ok = 0, deleted = 0;

	for (int i = 0; i < ROUNDS; i++) {
		struct dps_object *owner = make_owner();
		struct racer r = {.owner = owner};
		pthread_t tid;
		struct timespec ts;

		/* the racer uses the owner's memory: keep it until the racer is done */
		CU_ASSERT_EQUAL_FATAL(dps_object_ref(owner, DPS_TAG("Test")), DPS_OK);
		CU_ASSERT_EQUAL_FATAL(pthread_create(&tid, NULL, racer_main, &r), 0);
		CU_ASSERT_FATAL(wait_for(&r.ready, 1));
		atomic_store(&r.go, 1);
		/* sweep the delete across the whole create, from before to after it:
		 * fine steps near 0, up to 1.2 ms for a loaded machine */
		spin_us((long)(i % 50) * (i % 50) / 2);
		CU_ASSERT_EQUAL(dps_object_delete(owner), DPS_OK);
		/* whatever the racer achieved, no thread of this owner runs any more */
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += WAIT_MS / 1000;
		CU_ASSERT_EQUAL_FATAL(pthread_timedjoin_np(tid, NULL, &ts), 0);
		CU_ASSERT(r.rc == DPS_OK || r.rc == DPS_E_DELETED);
		ok += r.rc == DPS_OK;
		deleted += r.rc == DPS_E_DELETED;
		CU_ASSERT_EQUAL(atomic_load(&race_started), atomic_load(&race_finished));
		CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_THREAD), 0);
		CU_ASSERT_EQUAL(dps_object_tag_count(owner, DPS_TAG_CHILD), 0);
		CU_ASSERT_EQUAL(dps_object_unref(owner, DPS_TAG("Test")), DPS_OK);
		CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
	}
	/* both outcomes happened: the delete really landed inside creations */
	CU_ASSERT(ok > 0);
	CU_ASSERT(deleted > 0);
	CU_ASSERT_EQUAL(ok + deleted, ROUNDS);
}

static int
suite_init(void)
{
	base_live = dps_object_live_count();
	return 0;
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_create_null_owner_name_or_fn_is_invalid_parameter),
	DPS_TEST(test_create_at_datapath_is_level_and_starts_nothing),
	DPS_TEST(test_create_on_deleted_owner_is_deleted_and_starts_nothing),
	DPS_TEST(test_create_failing_midway_is_resources_and_leaves_nothing_behind),
	DPS_TEST(test_null_thread_accessors),
	DPS_TEST(test_running_thread_holds_thrd_reference_and_is_a_child_of_owner),
	DPS_TEST(test_thread_runs_at_control_level_with_its_name),
	DPS_TEST(test_stop_returns_the_body_result_every_time),
	DPS_TEST(test_stop_from_inside_the_thread_is_invalid_state_and_requests_nothing),
	DPS_TEST(test_stop_at_datapath_is_level_and_leaves_the_thread_running),
	DPS_TEST(test_two_threads_stopping_at_once_both_get_the_result),
	DPS_TEST(test_deleting_owner_stops_and_joins_the_thread_before_returning),
	DPS_TEST(test_deleting_owner_joins_every_thread_even_without_out),
	DPS_TEST(test_thread_that_deletes_its_own_object_is_detached_and_cleaned_up),
	DPS_TEST(test_stop_on_a_self_deleted_thread_still_waits_for_its_end),
	DPS_TEST(test_owner_deleted_while_creating_never_leaves_a_thread_running),
};

DPS_TEST_MAIN("core_thread", cases, suite_init, NULL)
