/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dps_object (DESIGN.md section 4): creation errors, delete and its
 * bottom-up order, references and tags, two-phase typed contexts, handles
 * with generations, the leak report, and a concurrency test (threads using
 * children while the parent is deleted) meant to run clean under ASan/UBSan.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <rte_log.h>

#include "dps_object.h"
#include "dps_object_private.h"
#include "dps_status.h"
#include "dps_test.h"

#define WAIT_MS 10000 /* bound of every wait on another thread */

static unsigned int base_live; /* objects alive when the suite starts */

/* ---- recording what callbacks ran, in order ---- */

static char events[1024];
static pthread_mutex_t events_lock = PTHREAD_MUTEX_INITIALIZER;

static void
event(const char *what, struct dps_object *obj)
{
	size_t n;

	pthread_mutex_lock(&events_lock);
	n = strlen(events);
	snprintf(events + n, sizeof(events) - n, "%s%s:%s", n ? " " : "", what,
		dps_object_name(obj));
	pthread_mutex_unlock(&events_lock);
}

static void
events_reset(void)
{
	pthread_mutex_lock(&events_lock);
	events[0] = '\0';
	pthread_mutex_unlock(&events_lock);
}

static void
rec_cleanup(struct dps_object *obj)
{
	event("C", obj);
}

static void
rec_destroy(struct dps_object *obj)
{
	event("D", obj);
}

static struct dps_object *
make(const char *name, struct dps_object *parent)
{
	const struct dps_object_attr attr = {
		.type = "test",
		.name = name,
		.cleanup = rec_cleanup,
		.destroy = rec_destroy,
	};
	struct dps_object *obj = NULL;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, parent, &obj), DPS_OK);
	CU_ASSERT_FATAL(obj != NULL);
	return obj;
}

/* ---- context types ---- */

struct ctx_a {
	uint32_t magic;
	int value;
	char pad[100];
};

struct ctx_b {
	uint64_t x;
};

static void
fini_a(struct dps_object *obj, void *ctx)
{
	const struct ctx_a *a = ctx;
	char what[32];

	snprintf(what, sizeof(what), "Fa%d", a->value);
	event(what, obj);
}

static void
fini_b(struct dps_object *obj, void *ctx)
{
	(void)ctx;
	event("Fb", obj);
}

static DPS_CONTEXT_TYPE(ctx_a_type, struct ctx_a, fini_a);
static DPS_CONTEXT_TYPE(ctx_b_type, struct ctx_b, fini_b);
static DPS_CONTEXT_TYPE(ctx_c_type, struct ctx_b, NULL);
static DPS_CONTEXT_TYPE(ctx_d_type, struct ctx_b, NULL);
static DPS_CONTEXT_TYPE(ctx_e_type, struct ctx_b, NULL);
static const struct dps_context_type zero_type = {"zero", 0, NULL};

static struct dps_object *
make_ctx(const char *name, const struct dps_context_type *const *ctxs)
{
	const struct dps_object_attr attr = {
		.type = "test",
		.name = name,
		.cleanup = rec_cleanup,
		.destroy = rec_destroy,
		.contexts = ctxs,
	};
	struct dps_object *obj = NULL;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, NULL, &obj), DPS_OK);
	return obj;
}

static int
init_a(struct dps_object *obj, void *ctx, void *arg)
{
	struct ctx_a *a = ctx;

	(void)obj;
	a->magic = 0xa11ce;
	a->value = arg == NULL ? 1 : *(int *)arg;
	return DPS_OK;
}

/* ---- creation ---- */

static void
test_create_null_attr_type_or_out_is_invalid_parameter(void)
{
	const struct dps_object_attr no_type = {.name = "x"};
	const struct dps_object_attr ok = {.type = "test"};
	struct dps_object *obj = (struct dps_object *)&obj; /* garbage to overwrite */

	CU_ASSERT_EQUAL(dps_object_create(NULL, NULL, &obj), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(obj);
	obj = (struct dps_object *)&obj;
	CU_ASSERT_EQUAL(dps_object_create(&no_type, NULL, &obj), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(obj);
	CU_ASSERT_EQUAL(dps_object_create(&ok, NULL, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_create_context_of_size_zero_is_invalid_parameter(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, &zero_type, NULL};
	const struct dps_object_attr attr = {.type = "test", .contexts = ctxs};
	struct dps_object *obj = (struct dps_object *)&obj;

	CU_ASSERT_EQUAL(dps_object_create(&attr, NULL, &obj), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(obj);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_create_duplicate_context_is_exists(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, &ctx_b_type, &ctx_a_type, NULL};
	const struct dps_object_attr attr = {.type = "test", .contexts = ctxs};
	struct dps_object *obj = (struct dps_object *)&obj;

	CU_ASSERT_EQUAL(dps_object_create(&attr, NULL, &obj), DPS_E_EXISTS);
	CU_ASSERT_PTR_NULL(obj);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_create_too_many_contexts_is_invalid_parameter(void)
{
	const struct dps_context_type *const five[] = {
		&ctx_a_type, &ctx_b_type, &ctx_c_type, &ctx_d_type, &ctx_e_type, NULL};
	const struct dps_context_type *const four[] = {
		&ctx_a_type, &ctx_b_type, &ctx_c_type, &ctx_d_type, NULL};
	const struct dps_object_attr attr5 = {.type = "test", .contexts = five};
	const struct dps_object_attr attr4 = {.type = "test", .contexts = four};
	struct dps_object *obj = (struct dps_object *)&obj;

	CU_ASSERT_EQUAL(DPS_OBJECT_MAX_CONTEXTS, 4);
	CU_ASSERT_EQUAL(dps_object_create(&attr5, NULL, &obj), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(obj);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
	/* exactly the maximum is fine */
	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr4, NULL, &obj), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(obj), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_create_under_deleted_parent_is_deleted_and_out_null(void)
{
	struct dps_object *parent = make("p", NULL);
	struct dps_object *child = (struct dps_object *)&child;
	const struct dps_object_attr attr = {.type = "test", .name = "c"};

	CU_ASSERT_EQUAL(dps_object_ref(parent, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(parent), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_create(&attr, parent, &child), DPS_E_DELETED);
	CU_ASSERT_PTR_NULL(child);
	CU_ASSERT_EQUAL(dps_object_child_count(parent), 0);
	CU_ASSERT_EQUAL(dps_object_tag_count(parent, DPS_TAG_CHILD), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(parent), 1);
	CU_ASSERT_EQUAL(dps_object_unref(parent, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_create_sets_type_name_parent_and_live_reference(void)
{
	const struct dps_object_attr attr = {
		.type = "adapter",
		.name = "a-name-that-is-much-longer-than-31-characters",
	};
	const struct dps_object_attr unnamed = {.type = "anon"};
	struct dps_object *p = NULL, *c = NULL;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, NULL, &p), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(dps_object_create(&unnamed, p, &c), DPS_OK);
	CU_ASSERT_STRING_EQUAL(dps_object_type(p), "adapter");
	CU_ASSERT_STRING_EQUAL(dps_object_name(p), "a-name-that-is-much-longer-than");
	CU_ASSERT_EQUAL(strlen(dps_object_name(p)), 31);
	CU_ASSERT_STRING_EQUAL(dps_object_name(c), "");
	CU_ASSERT_PTR_NULL(dps_object_parent(p));
	CU_ASSERT_PTR_EQUAL(dps_object_parent(c), p);
	CU_ASSERT_EQUAL(dps_object_refcount(c), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(c, DPS_TAG_LIVE), 1);
	/* the child's reference on its parent */
	CU_ASSERT_EQUAL(dps_object_refcount(p), 2);
	CU_ASSERT_EQUAL(dps_object_tag_count(p, DPS_TAG_CHILD), 1);
	CU_ASSERT_EQUAL(dps_object_child_count(p), 1);
	CU_ASSERT_EQUAL(dps_object_child_count(c), 0);
	CU_ASSERT_EQUAL(dps_object_is_deleted(p), 0);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 2);
	CU_ASSERT_EQUAL(dps_object_delete(p), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_accessors_on_null_are_harmless(void)
{
	CU_ASSERT_STRING_EQUAL(dps_object_type(NULL), "");
	CU_ASSERT_STRING_EQUAL(dps_object_name(NULL), "");
	CU_ASSERT_PTR_NULL(dps_object_parent(NULL));
	CU_ASSERT_EQUAL(dps_object_refcount(NULL), 0);
	CU_ASSERT_EQUAL(dps_object_tag_count(NULL, DPS_TAG_LIVE), 0);
	CU_ASSERT_EQUAL(dps_object_child_count(NULL), 0);
	CU_ASSERT_EQUAL(dps_object_is_deleted(NULL), 1);
	CU_ASSERT_EQUAL(dps_object_foreach(NULL, NULL), 0);
}

/* ---- delete ---- */

static void
test_delete_null_is_invalid_parameter(void)
{
	CU_ASSERT_EQUAL(dps_object_delete(NULL), DPS_E_INVALID_PARAMETER);
}

static void
test_delete_twice_is_deleted_and_cleanup_runs_once(void)
{
	struct dps_object *o = make("o", NULL);

	events_reset();
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_is_deleted(o), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG_LIVE), 0);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_E_DELETED);
	CU_ASSERT_STRING_EQUAL(events, "C:o");
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Test")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:o D:o");
}

static void
test_delete_runs_cleanup_bottom_up_in_a_three_level_tree(void)
{
	struct dps_object *root = make("root", NULL);
	struct dps_object *a = make("a", root);
	struct dps_object *b = make("b", root);

	make("a1", a);
	make("a2", a);
	make("b1", b);
	CU_ASSERT_EQUAL(dps_object_child_count(root), 2);
	CU_ASSERT_EQUAL(dps_object_child_count(a), 2);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 6);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(root), DPS_OK);
	/* every child is cleaned up (and, unreferenced, destroyed) before its parent */
	CU_ASSERT_STRING_EQUAL(
		events, "C:a1 D:a1 C:a2 D:a2 C:a D:a C:b1 D:b1 C:b D:b C:root D:root");
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_delete_of_a_subtree_leaves_the_rest(void)
{
	struct dps_object *root = make("root", NULL);
	struct dps_object *a = make("a", root);

	make("b", root);
	make("a1", a);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(a), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:a1 D:a1 C:a D:a");
	CU_ASSERT_EQUAL(dps_object_child_count(root), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(root, DPS_TAG_CHILD), 1);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(root), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:b D:b C:root D:root");
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_destroy_runs_only_at_last_reference_after_delete(void)
{
	struct dps_object *p = make("p", NULL);
	struct dps_object *c = make("c", p);

	CU_ASSERT_EQUAL(dps_object_ref(c, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(c, DPS_TAG("Open")), DPS_OK);
	events_reset();
	/* references alone never destroy a live object */
	CU_ASSERT_EQUAL(dps_object_unref(c, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "");
	CU_ASSERT_EQUAL(dps_object_delete(p), DPS_OK);
	/* cleaned up, not destroyed: c is referenced, p is held by its child */
	CU_ASSERT_STRING_EQUAL(events, "C:c C:p");
	CU_ASSERT_EQUAL(dps_object_refcount(c), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(p, DPS_TAG_CHILD), 1);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 2);
	CU_ASSERT_EQUAL(dps_object_unref(c, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:c C:p D:c D:p");
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static int cleanup_delete_rc, cleanup_create_rc;

static void
cleanup_that_deletes_and_creates(struct dps_object *obj)
{
	const struct dps_object_attr attr = {.type = "test", .name = "late"};
	struct dps_object *late = (struct dps_object *)&late;

	cleanup_delete_rc = dps_object_delete(obj);
	cleanup_create_rc = dps_object_create(&attr, obj, &late);
	if (late != NULL)
		cleanup_create_rc = DPS_E_FAILURE;
}

static void
test_cleanup_cannot_delete_again_or_create_children(void)
{
	const struct dps_object_attr attr = {
		.type = "test", .name = "x", .cleanup = cleanup_that_deletes_and_creates};
	struct dps_object *o = NULL;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, NULL, &o), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_EQUAL(cleanup_delete_rc, DPS_E_DELETED);
	CU_ASSERT_EQUAL(cleanup_create_rc, DPS_E_DELETED);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

/* ---- references and tags ---- */

static void
test_ref_unref_null_or_live_tag_is_invalid_parameter(void)
{
	struct dps_object *o = make("o", NULL);

	CU_ASSERT_EQUAL(dps_object_ref(NULL, DPS_TAG("Open")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_unref(NULL, DPS_TAG("Open")), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG_LIVE), DPS_E_INVALID_PARAMETER);
	/* dropping the Live reference is delete's job only */
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG_LIVE), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG_LIVE), 1);
	CU_ASSERT_EQUAL(dps_object_is_deleted(o), 0);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_unref_of_tag_not_held_is_not_found_and_changes_nothing(void)
{
	struct dps_object *o = make("o", NULL);

	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Open")), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG_NONE), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Xmit")), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 2);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Open")), 1);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Open")), DPS_E_NOT_FOUND); /* once more */
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	/* after delete, an unheld tag still does not take the memory away */
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Open")), DPS_OK);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Xmit")), DPS_E_NOT_FOUND);
	CU_ASSERT_STRING_EQUAL(events, "C:o");
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:o D:o");
}

static void
test_tags_count_per_tag_including_untagged(void)
{
	struct dps_object *o = make("o", NULL);

	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG_NONE), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Open")), 2);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG_NONE), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG_LIVE), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Nope")), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 4);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Open")), 1);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG_NONE), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Open")), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static uint32_t
nth_tag(int i)
{
	char s[5];

	snprintf(s, sizeof(s), "T%03u", (unsigned int)i % 1000u);
	return DPS_TAG(s);
}

static void
test_more_than_max_distinct_tags_is_resources(void)
{
	struct dps_object *o = make("o", NULL);

	/* Live is one of the DPS_OBJECT_MAX_TAGS */
	for (int i = 1; i < DPS_OBJECT_MAX_TAGS; i++)
		CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(i)), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_refcount(o), DPS_OBJECT_MAX_TAGS);
	CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(DPS_OBJECT_MAX_TAGS)), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG_NONE), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_object_refcount(o), DPS_OBJECT_MAX_TAGS);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, nth_tag(DPS_OBJECT_MAX_TAGS)), 0);
	/* a tag already held takes more references */
	CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(1)), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, nth_tag(1)), 2);
	/* a freed slot is reusable */
	CU_ASSERT_EQUAL(dps_object_unref(o, nth_tag(2)), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(DPS_OBJECT_MAX_TAGS)), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(2)), DPS_E_RESOURCES);
	/* after delete the Live slot is free too */
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(2)), DPS_OK);
	for (int i = 1; i <= DPS_OBJECT_MAX_TAGS; i++)
		while (dps_object_tag_count(o, nth_tag(i)) > 1)
			CU_ASSERT_EQUAL(dps_object_unref(o, nth_tag(i)), DPS_OK);
	for (int i = 1; i <= DPS_OBJECT_MAX_TAGS; i++)
		CU_ASSERT_EQUAL(dps_object_unref(o, nth_tag(i)), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static void
test_internal_create_with_reference_holds_it_past_delete(void)
{
	const struct dps_object_attr attr = {
		.type = "test", .name = "r", .cleanup = rec_cleanup, .destroy = rec_destroy};
	struct dps_object *o = (struct dps_object *)&o;

	CU_ASSERT_EQUAL(
		dps__object_create_ref(&attr, NULL, DPS_TAG_LIVE, &o), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(o);
	CU_ASSERT_EQUAL(
		dps__object_create_ref(NULL, NULL, DPS_TAG("Crea"), &o), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(o);
	CU_ASSERT_EQUAL_FATAL(dps__object_create_ref(&attr, NULL, DPS_TAG("Crea"), &o), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 2);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Crea")), 1);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG_LIVE), 1);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:r");
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Crea")), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:r D:r");
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

static int destroy_ref_rc, destroy_lookup_rc;
static dps_handle_t destroy_handle;

static void
destroy_that_refs(struct dps_object *obj)
{
	struct dps_object *out = (struct dps_object *)&out;

	destroy_ref_rc = dps_object_ref(obj, DPS_TAG("Late"));
	destroy_lookup_rc = dps_handle_lookup(destroy_handle, DPS_TAG("Late"), &out);
}

static void
test_ref_during_destroy_is_deleted_and_takes_nothing(void)
{
	const struct dps_object_attr attr = {
		.type = "test", .name = "x", .destroy = destroy_that_refs};
	struct dps_object *o = NULL;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, NULL, &o), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_handle(o, &destroy_handle), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_EQUAL(destroy_ref_rc, DPS_E_DELETED);
	CU_ASSERT_EQUAL(destroy_lookup_rc, DPS_E_STALE_HANDLE);
	/* freed regardless (ASan would catch a use after free or a leak) */
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

/* ---- contexts ---- */

static void
test_context_argument_errors_and_not_found(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	void *p = &p;

	CU_ASSERT_EQUAL(dps_object_context(NULL, &ctx_a_type, &p), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(p);
	p = &p;
	CU_ASSERT_EQUAL(dps_object_context(o, NULL, &p), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, NULL), DPS_E_INVALID_PARAMETER);
	p = &p;
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_b_type, &p), DPS_E_NOT_FOUND);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(
		dps_object_context_init(NULL, &ctx_a_type, init_a, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_context_init(o, NULL, init_a, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_b_type, init_a, NULL), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_object_context_add(NULL, &ctx_b_type), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_context_add(o, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &zero_type), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_context_before_init_is_not_initialized(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	void *p = &p;
	struct ctx_a *a;

	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, &p), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_a, NULL), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, (void **)&a), DPS_OK);
	CU_ASSERT_FATAL(a != NULL);
	CU_ASSERT_EQUAL(a->magic, 0xa11ce);
	CU_ASSERT_EQUAL(a->value, 1);
	/* the same area every time */
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, &p), DPS_OK);
	CU_ASSERT_PTR_EQUAL(p, a);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_context_init_with_null_fn_makes_the_zeroed_area_ready(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	struct ctx_a *a = NULL;
	static const struct ctx_a zero;

	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, NULL, NULL), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, (void **)&a), DPS_OK);
	CU_ASSERT_FATAL(a != NULL);
	CU_ASSERT_EQUAL(memcmp(a, &zero, sizeof(zero)), 0);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, NULL, NULL), DPS_E_INVALID_STATE);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:o D:o Fa0:o"); /* initialised: fini owed */
}

struct probe {
	int ctx_rc;
	void *ctx_ptr;
	int reinit_rc;
	int ret; /* what the init returns */
	int delete_during;
	int delete_rc;
};

static int
init_probe(struct dps_object *obj, void *ctx, void *arg)
{
	struct probe *pr = arg;
	struct ctx_a *a = ctx;

	pr->ctx_ptr = &pr->ctx_ptr;
	pr->ctx_rc = dps_object_context(obj, &ctx_a_type, &pr->ctx_ptr);
	pr->reinit_rc = dps_object_context_init(obj, &ctx_a_type, init_a, NULL);
	a->magic = 0xbad;
	a->value = 77;
	if (pr->delete_during)
		pr->delete_rc = dps_object_delete(obj);
	return pr->ret;
}

static void
test_context_during_init_is_not_initialized_and_reinit_is_invalid_state(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	struct probe pr = {.ret = DPS_OK};
	struct ctx_a *a = NULL;

	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_probe, &pr), DPS_OK);
	CU_ASSERT_EQUAL(pr.ctx_rc, DPS_E_NOT_INITIALIZED);
	CU_ASSERT_PTR_NULL(pr.ctx_ptr);
	CU_ASSERT_EQUAL(pr.reinit_rc, DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, (void **)&a), DPS_OK);
	CU_ASSERT_FATAL(a != NULL);
	CU_ASSERT_EQUAL(a->value, 77);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_a, NULL), DPS_E_INVALID_STATE);
	CU_ASSERT_EQUAL(a->value, 77); /* the refused init did not run */
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_failing_init_returns_its_status_and_area_can_be_initialised_again(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	struct probe pr = {.ret = DPS_E_IO};
	struct ctx_a *a = (struct ctx_a *)&a;
	static const struct ctx_a zero;
	int v = 5;

	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_probe, &pr), DPS_E_IO);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, (void **)&a), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_PTR_NULL(a);
	/* zeroed again: what the failed init wrote is gone */
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, NULL, NULL), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, (void **)&a), DPS_OK);
	CU_ASSERT_FATAL(a != NULL);
	CU_ASSERT_EQUAL(memcmp(a, &zero, sizeof(zero)), 0);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);

	/* and a real init after a failed one */
	o = make_ctx("o2", ctxs);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_probe, &pr), DPS_E_IO);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_a, &v), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, (void **)&a), DPS_OK);
	CU_ASSERT_FATAL(a != NULL);
	CU_ASSERT_EQUAL(a->value, 5);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:o2 D:o2 Fa5:o2"); /* fini once, for the good init */
}

static void
test_context_after_delete_is_deleted_while_a_reference_keeps_memory(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, &ctx_b_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	void *p = &p;

	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_a, NULL), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Keep")), DPS_OK);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:o"); /* no fini at delete */
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, &p), DPS_E_DELETED);
	CU_ASSERT_PTR_NULL(p);
	p = &p;
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_b_type, &p), DPS_E_DELETED);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_c_type, &p), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_b_type, NULL, NULL), DPS_E_DELETED);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, NULL, NULL), DPS_E_DELETED);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_c_type), DPS_E_DELETED);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Keep")), DPS_OK);
	/* fini at destroy, after the destroy callback, only for the initialised area */
	CU_ASSERT_STRING_EQUAL(events, "C:o D:o Fa1:o");
}

static void
test_delete_during_init_reports_deleted_and_fini_still_runs(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	struct probe pr = {.ret = DPS_OK, .delete_during = 1};
	void *p = &p;

	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Keep")), DPS_OK);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_a_type, init_probe, &pr), DPS_E_DELETED);
	CU_ASSERT_EQUAL(pr.delete_rc, DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_a_type, &p), DPS_E_DELETED);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Keep")), DPS_OK);
	/* the init succeeded: its fini is owed */
	CU_ASSERT_STRING_EQUAL(events, "C:o D:o Fa77:o");
}

static void
test_context_add_exists_resources_and_two_phase(void)
{
	const struct dps_context_type *const ctxs[] = {&ctx_a_type, NULL};
	struct dps_object *o = make_ctx("o", ctxs);
	struct ctx_b *b = (struct ctx_b *)&b;

	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_a_type), DPS_E_EXISTS);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_b_type), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_b_type), DPS_E_EXISTS);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_b_type, (void **)&b), DPS_E_NOT_INITIALIZED);
	CU_ASSERT_PTR_NULL(b);
	CU_ASSERT_EQUAL(dps_object_context_init(o, &ctx_b_type, NULL, NULL), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_b_type, (void **)&b), DPS_OK);
	CU_ASSERT_FATAL(b != NULL);
	CU_ASSERT_EQUAL(b->x, 0);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_c_type), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_d_type), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_context_add(o, &ctx_e_type), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_object_context(o, &ctx_e_type, (void **)&b), DPS_E_NOT_FOUND);
	events_reset();
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_STRING_EQUAL(events, "C:o D:o Fb:o"); /* a was never initialised */
}

/* ---- handles ---- */

static void
test_handle_argument_errors_and_deleted(void)
{
	struct dps_object *o = make("o", NULL);
	dps_handle_t h = 123;
	struct dps_object *out = (struct dps_object *)&out;

	CU_ASSERT_EQUAL(dps_object_handle(NULL, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_handle(o, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(h, 123);
	CU_ASSERT_EQUAL(dps_object_handle(o, &h), DPS_OK);
	CU_ASSERT_EQUAL(dps_handle_lookup(h, DPS_TAG("Look"), NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_handle_lookup(h, DPS_TAG_LIVE, &out), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Keep")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	h = 123;
	CU_ASSERT_EQUAL(dps_object_handle(o, &h), DPS_E_DELETED);
	CU_ASSERT_EQUAL(h, 123);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Keep")), DPS_OK);
}

static void
test_handle_lookup_finds_the_object_and_takes_a_tagged_reference(void)
{
	struct dps_object *o = make("o", NULL);
	struct dps_object *out = NULL;
	dps_handle_t h = DPS_HANDLE_INVALID, h2 = DPS_HANDLE_INVALID;

	CU_ASSERT_EQUAL(dps_object_handle(o, &h), DPS_OK);
	CU_ASSERT_NOT_EQUAL(h, DPS_HANDLE_INVALID);
	CU_ASSERT_EQUAL(dps_object_handle(o, &h2), DPS_OK);
	CU_ASSERT_EQUAL(h, h2); /* one handle per object */
	CU_ASSERT_EQUAL(dps_handle_lookup(h, DPS_TAG("Look"), &out), DPS_OK);
	CU_ASSERT_PTR_EQUAL(out, o);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Look")), 1);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 2);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Look")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_handle_is_stale_after_delete_even_while_referenced(void)
{
	struct dps_object *o = make("o", NULL);
	struct dps_object *out = (struct dps_object *)&out;
	dps_handle_t h;

	CU_ASSERT_EQUAL(dps_object_handle(o, &h), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(o, DPS_TAG("Keep")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
	CU_ASSERT_EQUAL(dps_handle_lookup(h, DPS_TAG("Look"), &out), DPS_E_STALE_HANDLE);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Look")), 0);
	CU_ASSERT_EQUAL(dps_object_unref(o, DPS_TAG("Keep")), DPS_OK);
	CU_ASSERT_EQUAL(dps_handle_lookup(h, DPS_TAG("Look"), &out), DPS_E_STALE_HANDLE);
}

static void
test_garbage_handles_are_stale(void)
{
	struct dps_object *o = make("o", NULL);
	struct dps_object *out;
	dps_handle_t h;
	uint64_t index, gen;
	const dps_handle_t bad[] = {
		DPS_HANDLE_INVALID,				/* 0 */
		(dps_handle_t)1 << 32,				/* index 0 */
		((dps_handle_t)1 << 32) | (DPS_HANDLE_MAX + 1), /* index out of range */
		((dps_handle_t)1 << 32) | 0xffffffffu,		/* index out of range */
		0xffffffffffffffffull,				/* everything set */
	};

	CU_ASSERT_EQUAL(dps_object_handle(o, &h), DPS_OK);
	index = h & 0xffffffffu;
	gen = h >> 32;
	CU_ASSERT(index >= 1 && index <= DPS_HANDLE_MAX);
	CU_ASSERT(gen != 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		out = (struct dps_object *)&out;
		CU_ASSERT_EQUAL(
			dps_handle_lookup(bad[i], DPS_TAG("Look"), &out), DPS_E_STALE_HANDLE);
		CU_ASSERT_PTR_NULL(out);
	}
	/* the right index with a wrong or zero generation */
	CU_ASSERT_EQUAL(dps_handle_lookup(((gen + 1) << 32) | index, DPS_TAG("Look"), &out),
		DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(dps_handle_lookup(index, DPS_TAG("Look"), &out), DPS_E_STALE_HANDLE);
	/* a slot nobody uses */
	CU_ASSERT_EQUAL(
		dps_handle_lookup(((dps_handle_t)1 << 32) | DPS_HANDLE_MAX, DPS_TAG("Look"), &out),
		DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(dps_object_tag_count(o, DPS_TAG("Look")), 0);
	CU_ASSERT_EQUAL(dps_object_refcount(o), 1);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_slot_reuse_gives_a_new_generation_and_old_handle_stays_stale(void)
{
	struct dps_object *a = make("a", NULL), *b;
	struct dps_object *out = NULL;
	dps_handle_t ha, hb;

	CU_ASSERT_EQUAL(dps_object_handle(a, &ha), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(a), DPS_OK);
	b = make("b", NULL);
	CU_ASSERT_EQUAL(dps_object_handle(b, &hb), DPS_OK);
	CU_ASSERT_EQUAL(hb & 0xffffffffu, ha & 0xffffffffu); /* the freed slot, reused */
	CU_ASSERT_NOT_EQUAL(hb >> 32, ha >> 32);
	CU_ASSERT_EQUAL(dps_handle_lookup(ha, DPS_TAG("Look"), &out), DPS_E_STALE_HANDLE);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(dps_object_tag_count(b, DPS_TAG("Look")), 0);
	CU_ASSERT_EQUAL(dps_handle_lookup(hb, DPS_TAG("Look"), &out), DPS_OK);
	CU_ASSERT_PTR_EQUAL(out, b);
	CU_ASSERT_EQUAL(dps_object_unref(b, DPS_TAG("Look")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(b), DPS_OK);
}

static void
test_handle_lookup_with_full_tag_table_is_resources(void)
{
	struct dps_object *o = make("o", NULL);
	struct dps_object *out = (struct dps_object *)&out;
	dps_handle_t h;

	CU_ASSERT_EQUAL(dps_object_handle(o, &h), DPS_OK);
	for (int i = 1; i < DPS_OBJECT_MAX_TAGS; i++)
		CU_ASSERT_EQUAL(dps_object_ref(o, nth_tag(i)), DPS_OK);
	CU_ASSERT_EQUAL(dps_handle_lookup(h, DPS_TAG("Look"), &out), DPS_E_RESOURCES);
	CU_ASSERT_PTR_NULL(out);
	CU_ASSERT_EQUAL(dps_object_refcount(o), DPS_OBJECT_MAX_TAGS);
	for (int i = 1; i < DPS_OBJECT_MAX_TAGS; i++)
		CU_ASSERT_EQUAL(dps_object_unref(o, nth_tag(i)), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

static void
test_handle_table_full_is_resources(void)
{
	struct dps_object **objs = calloc(DPS_HANDLE_MAX + 1, sizeof(*objs));
	const struct dps_object_attr attr = {.type = "test"};
	dps_handle_t h = 123;
	int n;

	CU_ASSERT_FATAL(objs != NULL);
	for (n = 0; n <= DPS_HANDLE_MAX; n++) {
		CU_ASSERT_EQUAL_FATAL(dps_object_create(&attr, NULL, &objs[n]), DPS_OK);
		if (dps_object_handle(objs[n], &h) != DPS_OK)
			break;
	}
	/* the table was empty: exactly DPS_HANDLE_MAX handles fit */
	CU_ASSERT_EQUAL(n, DPS_HANDLE_MAX);
	h = 123;
	CU_ASSERT_EQUAL(dps_object_handle(objs[DPS_HANDLE_MAX], &h), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(h, 123);
	/* one freed: room again */
	CU_ASSERT_EQUAL(dps_object_delete(objs[7]), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_handle(objs[DPS_HANDLE_MAX], &h), DPS_OK);
	CU_ASSERT_EQUAL(h & 0xffffffffu, 8);
	for (int i = 0; i <= DPS_HANDLE_MAX && i <= n; i++)
		if (i != 7)
			CU_ASSERT_EQUAL(dps_object_delete(objs[i]), DPS_OK);
	free(objs);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
}

/* ---- leak report ---- */

static char *
report(unsigned int *n)
{
	static char buf[4096];
	FILE *f;

	memset(buf, 0, sizeof(buf));
	f = fmemopen(buf, sizeof(buf) - 1, "w");
	CU_ASSERT_FATAL(f != NULL);
	*n = dps_object_leak_report(f);
	fclose(f);
	return buf;
}

struct seen {
	int n;
	char line[4][512];
};

static int
collect(const struct dps_object_info *info, void *arg)
{
	struct seen *s = arg;

	if (s->n < 4)
		snprintf(s->line[s->n], sizeof(s->line[0]), "%s/%s/%u/%d/%s", info->type,
			info->name, info->refs, info->deleted, info->tags);
	s->n++;
	return 0;
}

static int
stop_at_first(const struct dps_object_info *info, void *arg)
{
	(void)info;
	++*(int *)arg;
	return 1;
}

static void
test_leak_report_is_empty_when_everything_was_destroyed(void)
{
	unsigned int n = 99;
	struct seen s = {0};

	CU_ASSERT_EQUAL(dps_object_live_count(), 0);
	CU_ASSERT_STRING_EQUAL(report(&n), "leak report: empty\n");
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_EQUAL(dps_object_foreach(collect, &s), 0);
	CU_ASSERT_EQUAL(s.n, 0);
}

static void
test_leak_report_names_objects_and_their_holders(void)
{
	const struct dps_object_attr aattr = {.type = "adapter", .name = "tap0"};
	const struct dps_object_attr oattr = {.type = "open", .name = "client1"};
	struct dps_object *ad = NULL, *op = NULL;
	struct seen s = {0};
	unsigned int n;
	int visits = 0;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&aattr, NULL, &ad), DPS_OK);
	CU_ASSERT_EQUAL_FATAL(dps_object_create(&oattr, ad, &op), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(op, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_ref(ad, DPS_TAG_NONE), DPS_OK);

	/* alive: Live references show */
	CU_ASSERT_STRING_EQUAL(report(&n), "leak: adapter 'tap0' refs=3 [Live:1 Chld:1 ----:1]\n"
					   "leak: open 'client1' refs=2 [Live:1 Open:1]\n"
					   "leak report: 2 object(s) still referenced\n");
	CU_ASSERT_EQUAL(n, 2);

	/* deleted, but someone forgot to let go of the open */
	CU_ASSERT_EQUAL(dps_object_unref(ad, DPS_TAG_NONE), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_delete(ad), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live + 2);
	CU_ASSERT_STRING_EQUAL(report(&n), "leak: adapter 'tap0' refs=1 deleted [Chld:1]\n"
					   "leak: open 'client1' refs=1 deleted [Open:1]\n"
					   "leak report: 2 object(s) still referenced\n");
	CU_ASSERT_EQUAL(n, 2);
	CU_ASSERT_EQUAL(dps_object_foreach(collect, &s), 2);
	CU_ASSERT_EQUAL(s.n, 2);
	CU_ASSERT_STRING_EQUAL(s.line[0], "adapter/tap0/1/1/Chld:1");
	CU_ASSERT_STRING_EQUAL(s.line[1], "open/client1/1/1/Open:1");
	/* a non-zero return stops the walk */
	CU_ASSERT_EQUAL(dps_object_foreach(stop_at_first, &visits), 1);
	CU_ASSERT_EQUAL(visits, 1);

	CU_ASSERT_EQUAL(dps_object_unref(op, DPS_TAG("Open")), DPS_OK);
	CU_ASSERT_EQUAL(dps_object_live_count(), base_live);
	CU_ASSERT_STRING_EQUAL(report(&n), "leak report: empty\n");
	CU_ASSERT_EQUAL(n, 0);
	s.n = 0;
	CU_ASSERT_EQUAL(dps_object_foreach(collect, &s), 0);
}

static void
test_leak_report_to_null_goes_to_the_core_log(void)
{
	char buf[1024] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");
	struct dps_object *o;
	unsigned int n;

	CU_ASSERT_FATAL(f != NULL);
	rte_openlog_stream(f);
	n = dps_object_leak_report(NULL);
	o = make("lost", NULL);
	CU_ASSERT_EQUAL(dps_object_leak_report(NULL), 1);
	rte_openlog_stream(NULL);
	fclose(f);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "dpstack.core: leak report: empty\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "dpstack.core: leak: test 'lost' refs=1 [Live:1]\n"));
	CU_ASSERT_PTR_NOT_NULL(
		strstr(buf, "dpstack.core: leak report: 1 object(s) still referenced\n"));
	CU_ASSERT_EQUAL(dps_object_delete(o), DPS_OK);
}

/* ---- concurrency ---- */

enum { NTHREADS = 4, NCHILDREN = 8, PER_THREAD = 4, MAX_GRANDCHILDREN = 40 };

struct conc_ctx {
	uint32_t magic;
	int index;
};

static DPS_CONTEXT_TYPE(conc_type, struct conc_ctx, NULL);

static atomic_int conc_destroyed[NCHILDREN + 1]; /* [NCHILDREN]: parent */
static atomic_int conc_cleaned[NCHILDREN + 1];
static atomic_int conc_grand_destroyed;
static atomic_int conc_grand_created;
static atomic_int conc_deleted_done;
static atomic_int conc_stop;
static atomic_int conc_ready;

static int
conc_index(struct dps_object *obj)
{
	const char *name = dps_object_name(obj);

	return name[0] == 'p' ? NCHILDREN : atoi(name + 1);
}

static void
conc_cleanup(struct dps_object *obj)
{
	atomic_fetch_add(&conc_cleaned[conc_index(obj)], 1);
}

static void
conc_destroy(struct dps_object *obj)
{
	atomic_fetch_add(&conc_destroyed[conc_index(obj)], 1);
}

static void
conc_grand_destroy(struct dps_object *obj)
{
	(void)obj;
	atomic_fetch_add(&conc_grand_destroyed, 1);
}

static int
conc_init(struct dps_object *obj, void *ctx, void *arg)
{
	struct conc_ctx *c = ctx;

	(void)obj;
	c->magic = 0xc0ffee;
	c->index = *(int *)arg;
	return DPS_OK;
}

struct worker {
	int id;
	struct dps_object *kids[PER_THREAD];
	dps_handle_t handles[PER_THREAD];
	long iterations;
	long ctx_ok, ctx_deleted;
	long errors; /* anything the API does not allow */
	long ok_after_delete;
	int deletes_won;
};

static long
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void *
conc_worker(void *p)
{
	struct worker *w = p;
	char tagname[5];
	uint32_t tag;
	long deadline = mono_ms() + WAIT_MS;
	int created = 0;

	snprintf(tagname, sizeof(tagname), "Tmp%u", (unsigned int)w->id % 10u);
	tag = DPS_TAG(tagname);
	atomic_fetch_add(&conc_ready, 1);
	while (!atomic_load(&conc_stop) && mono_ms() < deadline) {
		for (int k = 0; k < PER_THREAD; k++) {
			struct dps_object *o = w->kids[k], *found = NULL;
			int after = atomic_load(&conc_deleted_done);
			struct conc_ctx *c = NULL;
			int rc;

			if (dps_object_ref(o, tag) != DPS_OK)
				w->errors++;
			rc = dps_object_context(o, &conc_type, (void **)&c);
			if (rc == DPS_OK) {
				w->ctx_ok++;
				if (c == NULL || c->magic != 0xc0ffee || c->index != conc_index(o))
					w->errors++;
				if (after)
					w->ok_after_delete++;
			} else if (rc == DPS_E_DELETED) {
				w->ctx_deleted++;
			} else {
				w->errors++;
			}
			if (dps_object_tag_count(o, tag) < 1)
				w->errors++;
			if (dps_object_unref(o, tag) != DPS_OK)
				w->errors++;
			rc = dps_handle_lookup(w->handles[k], tag, &found);
			if (rc == DPS_OK) {
				if (found != o || after)
					w->errors++;
				dps_object_unref(found, tag);
			} else if (rc != DPS_E_STALE_HANDLE) {
				w->errors++;
			}
			if (created < MAX_GRANDCHILDREN) {
				const struct dps_object_attr ga = {
					.type = "grand", .destroy = conc_grand_destroy};
				struct dps_object *g = NULL;

				/* the grandchild belongs to the tree: never touched here */
				rc = dps_object_create(&ga, o, &g);
				if (rc == DPS_OK) {
					created++;
					atomic_fetch_add(&conc_grand_created, 1);
				} else if (rc != DPS_E_DELETED) {
					w->errors++;
				}
			}
		}
		/* thread 0 also races the parent to delete one child */
		if (w->id == 0 && w->iterations == 50)
			w->deletes_won = dps_object_delete(w->kids[0]) == DPS_OK;
		w->iterations++;
	}
	return NULL;
}

static void
test_concurrent_refs_and_contexts_while_the_parent_is_deleted(void)
{
	const struct dps_context_type *const ctxs[] = {&conc_type, NULL};
	const struct dps_object_attr pattr = {
		.type = "test", .name = "p", .cleanup = conc_cleanup, .destroy = conc_destroy};
	struct dps_object *parent = NULL, *kids[NCHILDREN];
	dps_handle_t handles[NCHILDREN];
	struct worker w[NTHREADS];
	pthread_t tid[NTHREADS];
	unsigned int live0 = dps_object_live_count();
	int deletes_won = 0;
	long ctx_ok = 0, ctx_deleted = 0;

	CU_ASSERT_EQUAL_FATAL(dps_object_create(&pattr, NULL, &parent), DPS_OK);
	for (int i = 0; i < NCHILDREN; i++) {
		char name[16];
		struct dps_object_attr cattr = {
			.type = "test",
			.name = name,
			.cleanup = conc_cleanup,
			.destroy = conc_destroy,
			.contexts = ctxs,
		};

		snprintf(name, sizeof(name), "c%d", i);
		CU_ASSERT_EQUAL_FATAL(dps_object_create(&cattr, parent, &kids[i]), DPS_OK);
		CU_ASSERT_EQUAL_FATAL(
			dps_object_context_init(kids[i], &conc_type, conc_init, &i), DPS_OK);
		CU_ASSERT_EQUAL_FATAL(dps_object_handle(kids[i], &handles[i]), DPS_OK);
	}
	/* each thread holds a base reference on a few (overlapping) children */
	memset(w, 0, sizeof(w));
	for (int t = 0; t < NTHREADS; t++) {
		char tagname[5];

		snprintf(tagname, sizeof(tagname), "Bas%u", (unsigned int)t % 10u);
		w[t].id = t;
		for (int k = 0; k < PER_THREAD; k++) {
			int i = (t * 2 + k) % NCHILDREN;

			w[t].kids[k] = kids[i];
			w[t].handles[k] = handles[i];
			CU_ASSERT_EQUAL_FATAL(dps_object_ref(kids[i], DPS_TAG(tagname)), DPS_OK);
		}
	}
	for (int t = 0; t < NTHREADS; t++)
		CU_ASSERT_EQUAL_FATAL(pthread_create(&tid[t], NULL, conc_worker, &w[t]), 0);
	{
		long deadline = mono_ms() + WAIT_MS;

		while (atomic_load(&conc_ready) < NTHREADS && mono_ms() < deadline)
			;
	}
	{
		struct timespec ts = {0, 20 * 1000000L};

		nanosleep(&ts, NULL); /* let them run a while with everything alive */
	}
	CU_ASSERT_EQUAL(dps_object_delete(parent), DPS_OK);
	atomic_store(&conc_deleted_done, 1);
	{
		struct timespec ts = {0, 20 * 1000000L};

		nanosleep(&ts, NULL); /* and a while after the delete */
	}
	atomic_store(&conc_stop, 1);
	for (int t = 0; t < NTHREADS; t++) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += WAIT_MS / 1000;
		CU_ASSERT_EQUAL_FATAL(pthread_timedjoin_np(tid[t], NULL, &ts), 0);
	}
	for (int t = 0; t < NTHREADS; t++) {
		CU_ASSERT_EQUAL(w[t].errors, 0);
		CU_ASSERT_EQUAL(w[t].ok_after_delete, 0);
		CU_ASSERT(w[t].iterations > 0);
		deletes_won += w[t].deletes_won;
		ctx_ok += w[t].ctx_ok;
		ctx_deleted += w[t].ctx_deleted;
	}
	/* the threads really ran both before and after the delete */
	CU_ASSERT(ctx_ok > 0);
	CU_ASSERT(ctx_deleted > 0);
	/* deleted: every context says so; memory still held by the base references */
	for (int i = 0; i < NCHILDREN; i++) {
		void *p = &p;

		CU_ASSERT_EQUAL(dps_object_context(kids[i], &conc_type, &p), DPS_E_DELETED);
		CU_ASSERT_PTR_NULL(p);
		CU_ASSERT_EQUAL(dps_object_is_deleted(kids[i]), 1);
		CU_ASSERT_EQUAL(atomic_load(&conc_cleaned[i]), 1);
		CU_ASSERT_EQUAL(atomic_load(&conc_destroyed[i]), 0);
	}
	CU_ASSERT_EQUAL(atomic_load(&conc_cleaned[NCHILDREN]), 1);
	CU_ASSERT_EQUAL(atomic_load(&conc_destroyed[NCHILDREN]), 0); /* children hold it */
	CU_ASSERT(deletes_won <= 1);
	/* every grandchild that was created went with the tree */
	CU_ASSERT_EQUAL(atomic_load(&conc_grand_destroyed), atomic_load(&conc_grand_created));
	/* the threads' base references go: everything is destroyed exactly once */
	for (int t = 0; t < NTHREADS; t++) {
		char tagname[5];

		snprintf(tagname, sizeof(tagname), "Bas%u", (unsigned int)t % 10u);
		for (int k = 0; k < PER_THREAD; k++)
			CU_ASSERT_EQUAL(dps_object_unref(w[t].kids[k], DPS_TAG(tagname)), DPS_OK);
	}
	for (int i = 0; i <= NCHILDREN; i++)
		CU_ASSERT_EQUAL(atomic_load(&conc_destroyed[i]), 1);
	CU_ASSERT_EQUAL(dps_object_live_count(), live0);
}

static int
suite_init(void)
{
	base_live = dps_object_live_count();
	return base_live == 0 ? 0 : 1;
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_leak_report_is_empty_when_everything_was_destroyed),
	DPS_TEST(test_create_null_attr_type_or_out_is_invalid_parameter),
	DPS_TEST(test_create_context_of_size_zero_is_invalid_parameter),
	DPS_TEST(test_create_duplicate_context_is_exists),
	DPS_TEST(test_create_too_many_contexts_is_invalid_parameter),
	DPS_TEST(test_create_under_deleted_parent_is_deleted_and_out_null),
	DPS_TEST(test_create_sets_type_name_parent_and_live_reference),
	DPS_TEST(test_accessors_on_null_are_harmless),
	DPS_TEST(test_delete_null_is_invalid_parameter),
	DPS_TEST(test_delete_twice_is_deleted_and_cleanup_runs_once),
	DPS_TEST(test_delete_runs_cleanup_bottom_up_in_a_three_level_tree),
	DPS_TEST(test_delete_of_a_subtree_leaves_the_rest),
	DPS_TEST(test_destroy_runs_only_at_last_reference_after_delete),
	DPS_TEST(test_cleanup_cannot_delete_again_or_create_children),
	DPS_TEST(test_ref_unref_null_or_live_tag_is_invalid_parameter),
	DPS_TEST(test_unref_of_tag_not_held_is_not_found_and_changes_nothing),
	DPS_TEST(test_tags_count_per_tag_including_untagged),
	DPS_TEST(test_more_than_max_distinct_tags_is_resources),
	DPS_TEST(test_ref_during_destroy_is_deleted_and_takes_nothing),
	DPS_TEST(test_internal_create_with_reference_holds_it_past_delete),
	DPS_TEST(test_context_argument_errors_and_not_found),
	DPS_TEST(test_context_before_init_is_not_initialized),
	DPS_TEST(test_context_init_with_null_fn_makes_the_zeroed_area_ready),
	DPS_TEST(test_context_during_init_is_not_initialized_and_reinit_is_invalid_state),
	DPS_TEST(test_failing_init_returns_its_status_and_area_can_be_initialised_again),
	DPS_TEST(test_context_after_delete_is_deleted_while_a_reference_keeps_memory),
	DPS_TEST(test_delete_during_init_reports_deleted_and_fini_still_runs),
	DPS_TEST(test_context_add_exists_resources_and_two_phase),
	DPS_TEST(test_handle_argument_errors_and_deleted),
	DPS_TEST(test_handle_lookup_finds_the_object_and_takes_a_tagged_reference),
	DPS_TEST(test_handle_is_stale_after_delete_even_while_referenced),
	DPS_TEST(test_garbage_handles_are_stale),
	DPS_TEST(test_slot_reuse_gives_a_new_generation_and_old_handle_stays_stale),
	DPS_TEST(test_handle_lookup_with_full_tag_table_is_resources),
	DPS_TEST(test_handle_table_full_is_resources),
	DPS_TEST(test_leak_report_names_objects_and_their_holders),
	DPS_TEST(test_leak_report_to_null_goes_to_the_core_log),
	DPS_TEST(test_concurrent_refs_and_contexts_while_the_parent_is_deleted),
};

DPS_TEST_MAIN("core_object", cases, suite_init, NULL)
