/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>

#include <rte_common.h>
#include <rte_spinlock.h>

#include "dps_log.h"
#include "dps_object.h"
#include "dps_object_private.h"
#include "dps_status.h"

enum ctx_state {
	CTX_UNINIT = 0,
	CTX_INITIALIZING,
	CTX_READY,
	CTX_DELETED,
};

struct ctx_slot {
	const struct dps_context_type *type;
	atomic_int state;
	bool inited; /* init succeeded at some point: fini is owed */
	void *mem;
};

struct tag_slot {
	uint32_t tag;
	uint32_t count;
};

struct dps_object {
	TAILQ_ENTRY(dps_object) sibling; /* in parent's children, under parent->lock */
	TAILQ_ENTRY(dps_object) all;	 /* in the registry, under registry_lock */
	TAILQ_HEAD(, dps_object) children;
	struct dps_object *parent;
	const char *type;
	char name[32];
	void (*cleanup)(struct dps_object *obj);
	void (*destroy)(struct dps_object *obj);

	rte_spinlock_t lock; /* children, tags, contexts (add), handle */
	atomic_uint refs;
	atomic_int deleted;
	struct tag_slot tags[DPS_OBJECT_MAX_TAGS];
	atomic_uint ncontexts;
	struct ctx_slot contexts[DPS_OBJECT_MAX_CONTEXTS];
	uint32_t handle_index; /* 1-based; 0 = none */
};

static TAILQ_HEAD(, dps_object) registry = TAILQ_HEAD_INITIALIZER(registry);
static rte_spinlock_t registry_lock = RTE_SPINLOCK_INITIALIZER;
static atomic_uint registry_count;

/* ---- handle table ---- */

struct handle_slot {
	struct dps_object *obj;
	uint32_t gen;
};

static struct handle_slot handles[DPS_HANDLE_MAX];
static rte_spinlock_t handle_lock = RTE_SPINLOCK_INITIALIZER;

static void
handle_release(struct dps_object *obj)
{
	rte_spinlock_lock(&handle_lock);
	if (obj->handle_index != 0) {
		struct handle_slot *s = &handles[obj->handle_index - 1];

		s->obj = NULL;
		s->gen++;
		if (s->gen == 0)
			s->gen = 1;
	}
	rte_spinlock_unlock(&handle_lock);
}

/* ---- tags (called under obj->lock) ---- */

static struct tag_slot *
tag_find(struct dps_object *obj, uint32_t tag)
{
	for (int i = 0; i < DPS_OBJECT_MAX_TAGS; i++)
		if (obj->tags[i].count > 0 && obj->tags[i].tag == tag)
			return &obj->tags[i];
	return NULL;
}

static struct tag_slot *
tag_free_slot(struct dps_object *obj)
{
	for (int i = 0; i < DPS_OBJECT_MAX_TAGS; i++)
		if (obj->tags[i].count == 0)
			return &obj->tags[i];
	return NULL;
}

static void
tag_name(uint32_t tag, char out[5])
{
	if (tag == DPS_TAG_NONE) {
		memcpy(out, "----", 5);
		return;
	}
	for (int i = 0; i < 4; i++) {
		char c = (char)((tag >> (8 * i)) & 0xff);

		out[i] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	out[4] = '\0';
}

/* ---- life cycle ---- */

static void object_free(struct dps_object *obj);

static void
object_release(struct dps_object *obj)
{
	if (atomic_fetch_sub(&obj->refs, 1) == 1)
		object_free(obj);
}

static void
object_free(struct dps_object *obj)
{
	struct dps_object *parent = obj->parent;
	unsigned int n = atomic_load(&obj->ncontexts);

	if (obj->destroy != NULL)
		obj->destroy(obj);
	for (unsigned int i = 0; i < n; i++) {
		struct ctx_slot *c = &obj->contexts[i];

		if (c->inited && c->type->fini != NULL)
			c->type->fini(obj, c->mem);
		free(c->mem);
	}
	rte_spinlock_lock(&registry_lock);
	TAILQ_REMOVE(&registry, obj, all);
	atomic_fetch_sub(&registry_count, 1);
	rte_spinlock_unlock(&registry_lock);
	free(obj);
	if (parent != NULL)
		dps_object_unref(parent, DPS_TAG_CHILD);
}

static int
ctx_slot_add(struct dps_object *obj, const struct dps_context_type *type)
{
	unsigned int n = atomic_load(&obj->ncontexts);
	void *mem;

	for (unsigned int i = 0; i < n; i++)
		if (obj->contexts[i].type == type)
			return DPS_E_EXISTS;
	if (n >= DPS_OBJECT_MAX_CONTEXTS)
		return DPS_E_RESOURCES;
	mem = aligned_alloc(RTE_CACHE_LINE_SIZE, RTE_ALIGN_CEIL(type->size, RTE_CACHE_LINE_SIZE));
	if (mem == NULL)
		return DPS_E_RESOURCES;
	memset(mem, 0, RTE_ALIGN_CEIL(type->size, RTE_CACHE_LINE_SIZE));
	obj->contexts[n].type = type;
	atomic_init(&obj->contexts[n].state, CTX_UNINIT);
	obj->contexts[n].inited = false;
	obj->contexts[n].mem = mem;
	atomic_store_explicit(&obj->ncontexts, n + 1, memory_order_release);
	return DPS_OK;
}

static int
object_create(const struct dps_object_attr *attr, struct dps_object *parent, uint32_t tag,
	struct dps_object **out)
{
	struct dps_object *obj;
	unsigned int nctx = 0;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (attr == NULL || attr->type == NULL || out == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (attr->contexts != NULL) {
		for (; attr->contexts[nctx] != NULL; nctx++) {
			if (attr->contexts[nctx]->size == 0)
				return DPS_E_INVALID_PARAMETER;
			for (unsigned int j = 0; j < nctx; j++)
				if (attr->contexts[j] == attr->contexts[nctx])
					return DPS_E_EXISTS;
		}
		if (nctx > DPS_OBJECT_MAX_CONTEXTS)
			return DPS_E_INVALID_PARAMETER;
	}

	obj = calloc(1, sizeof(*obj));
	if (obj == NULL)
		return DPS_E_RESOURCES;
	TAILQ_INIT(&obj->children);
	obj->type = attr->type;
	if (attr->name != NULL)
		snprintf(obj->name, sizeof(obj->name), "%s", attr->name);
	obj->cleanup = attr->cleanup;
	obj->destroy = attr->destroy;
	rte_spinlock_init(&obj->lock);
	atomic_init(&obj->refs, 1);
	atomic_init(&obj->deleted, 0);
	atomic_init(&obj->ncontexts, 0);
	obj->tags[0].tag = DPS_TAG_LIVE;
	obj->tags[0].count = 1;
	if (tag != DPS_TAG_LIVE) {
		obj->tags[1].tag = tag;
		obj->tags[1].count = 1;
		atomic_init(&obj->refs, 2);
	}

	for (unsigned int i = 0; i < nctx; i++) {
		rc = ctx_slot_add(obj, attr->contexts[i]);
		if (rc != DPS_OK)
			goto fail_free;
	}

	if (parent != NULL) {
		if (dps_object_is_deleted(parent))
			rc = DPS_E_DELETED;
		else
			rc = dps_object_ref(parent, DPS_TAG_CHILD);
		if (rc != DPS_OK)
			goto fail_free;
	}

	/*
	 * In the registry before it is linked under the parent: from then on a
	 * concurrent delete of the parent may delete and free it, and freeing
	 * takes it out of the registry.
	 */
	rte_spinlock_lock(&registry_lock);
	TAILQ_INSERT_TAIL(&registry, obj, all);
	atomic_fetch_add(&registry_count, 1);
	rte_spinlock_unlock(&registry_lock);

	if (parent != NULL) {
		rte_spinlock_lock(&parent->lock);
		if (atomic_load(&parent->deleted)) {
			/* deleted since the first check */
			rte_spinlock_unlock(&parent->lock);
			rte_spinlock_lock(&registry_lock);
			TAILQ_REMOVE(&registry, obj, all);
			atomic_fetch_sub(&registry_count, 1);
			rte_spinlock_unlock(&registry_lock);
			dps_object_unref(parent, DPS_TAG_CHILD);
			rc = DPS_E_DELETED;
			goto fail_free;
		}
		obj->parent = parent;
		TAILQ_INSERT_TAIL(&parent->children, obj, sibling);
		rte_spinlock_unlock(&parent->lock);
	}

	*out = obj;
	return DPS_OK;

fail_free:
	for (unsigned int j = 0; j < DPS_OBJECT_MAX_CONTEXTS; j++)
		free(obj->contexts[j].mem); /* NULL where never allocated */
	free(obj);
	return rc;
}

int
dps_object_create(
	const struct dps_object_attr *attr, struct dps_object *parent, struct dps_object **out)
{
	return object_create(attr, parent, DPS_TAG_LIVE, out);
}

int
dps__object_create_ref(const struct dps_object_attr *attr, struct dps_object *parent, uint32_t tag,
	struct dps_object **out)
{
	if (tag == DPS_TAG_LIVE) {
		if (out != NULL)
			*out = NULL;
		return DPS_E_INVALID_PARAMETER;
	}
	return object_create(attr, parent, tag, out);
}

/* The deleted flag is set and obj is unlinked from its parent. */
static void
delete_body(struct dps_object *obj)
{
	unsigned int n;

	handle_release(obj);
	for (;;) {
		struct dps_object *c;

		rte_spinlock_lock(&obj->lock);
		c = TAILQ_FIRST(&obj->children);
		if (c != NULL) {
			/* children set their flag under this lock: this cannot fail */
			atomic_store(&c->deleted, 1);
			TAILQ_REMOVE(&obj->children, c, sibling);
		}
		rte_spinlock_unlock(&obj->lock);
		if (c == NULL)
			break;
		delete_body(c);
	}
	if (obj->cleanup != NULL)
		obj->cleanup(obj);
	n = atomic_load(&obj->ncontexts);
	for (unsigned int i = 0; i < n; i++)
		atomic_store(&obj->contexts[i].state, CTX_DELETED);

	rte_spinlock_lock(&obj->lock);
	obj->tags[0].count = 0; /* slot 0 is always the Live tag */
	rte_spinlock_unlock(&obj->lock);
	object_release(obj);
}

int
dps_object_delete(struct dps_object *obj)
{
	struct dps_object *parent;
	int expected = 0;

	if (obj == NULL)
		return DPS_E_INVALID_PARAMETER;
	parent = obj->parent;
	if (parent != NULL)
		rte_spinlock_lock(&parent->lock);
	if (!atomic_compare_exchange_strong(&obj->deleted, &expected, 1)) {
		if (parent != NULL)
			rte_spinlock_unlock(&parent->lock);
		return DPS_E_DELETED;
	}
	if (parent != NULL) {
		TAILQ_REMOVE(&parent->children, obj, sibling);
		rte_spinlock_unlock(&parent->lock);
	}
	delete_body(obj);
	return DPS_OK;
}

int
dps_object_ref(struct dps_object *obj, uint32_t tag)
{
	struct tag_slot *t;
	unsigned int refs;

	if (obj == NULL || tag == DPS_TAG_LIVE)
		return DPS_E_INVALID_PARAMETER;
	rte_spinlock_lock(&obj->lock);
	t = tag_find(obj, tag);
	if (t == NULL) {
		t = tag_free_slot(obj);
		if (t == NULL) {
			rte_spinlock_unlock(&obj->lock);
			return DPS_E_RESOURCES;
		}
		t->tag = tag;
	}
	refs = atomic_load(&obj->refs);
	do {
		if (refs == 0) {
			rte_spinlock_unlock(&obj->lock);
			return DPS_E_DELETED;
		}
	} while (!atomic_compare_exchange_weak(&obj->refs, &refs, refs + 1));
	t->count++;
	rte_spinlock_unlock(&obj->lock);
	return DPS_OK;
}

int
dps_object_unref(struct dps_object *obj, uint32_t tag)
{
	struct tag_slot *t;

	if (obj == NULL || tag == DPS_TAG_LIVE)
		return DPS_E_INVALID_PARAMETER;
	rte_spinlock_lock(&obj->lock);
	t = tag_find(obj, tag);
	if (t == NULL) {
		rte_spinlock_unlock(&obj->lock);
		return DPS_E_NOT_FOUND;
	}
	t->count--;
	rte_spinlock_unlock(&obj->lock);
	object_release(obj);
	return DPS_OK;
}

int
dps_object_is_deleted(const struct dps_object *obj)
{
	return obj == NULL || atomic_load(&obj->deleted) != 0;
}

uint32_t
dps_object_refcount(const struct dps_object *obj)
{
	return obj == NULL ? 0 : atomic_load(&obj->refs);
}

uint32_t
dps_object_tag_count(struct dps_object *obj, uint32_t tag)
{
	struct tag_slot *t;
	uint32_t n;

	if (obj == NULL)
		return 0;
	rte_spinlock_lock(&obj->lock);
	t = tag_find(obj, tag);
	n = t == NULL ? 0 : t->count;
	rte_spinlock_unlock(&obj->lock);
	return n;
}

const char *
dps_object_type(const struct dps_object *obj)
{
	return obj == NULL ? "" : obj->type;
}

const char *
dps_object_name(const struct dps_object *obj)
{
	return obj == NULL ? "" : obj->name;
}

struct dps_object *
dps_object_parent(const struct dps_object *obj)
{
	return obj == NULL ? NULL : obj->parent;
}

unsigned int
dps_object_child_count(struct dps_object *obj)
{
	struct dps_object *c;
	unsigned int n = 0;

	if (obj == NULL)
		return 0;
	rte_spinlock_lock(&obj->lock);
	TAILQ_FOREACH(c, &obj->children, sibling)
	n++;
	rte_spinlock_unlock(&obj->lock);
	return n;
}

/* ---- contexts ---- */

static struct ctx_slot *
ctx_find(struct dps_object *obj, const struct dps_context_type *type)
{
	unsigned int n = atomic_load_explicit(&obj->ncontexts, memory_order_acquire);

	for (unsigned int i = 0; i < n; i++)
		if (obj->contexts[i].type == type)
			return &obj->contexts[i];
	return NULL;
}

int
dps_object_context_add(struct dps_object *obj, const struct dps_context_type *type)
{
	int rc;

	if (obj == NULL || type == NULL || type->size == 0)
		return DPS_E_INVALID_PARAMETER;
	rte_spinlock_lock(&obj->lock);
	if (atomic_load(&obj->deleted))
		rc = DPS_E_DELETED;
	else
		rc = ctx_slot_add(obj, type);
	rte_spinlock_unlock(&obj->lock);
	return rc;
}

int
dps_object_context_init(struct dps_object *obj, const struct dps_context_type *type,
	dps_context_init_fn init, void *arg)
{
	struct ctx_slot *c;
	int expected = CTX_UNINIT;
	int rc = DPS_OK;

	if (obj == NULL || type == NULL)
		return DPS_E_INVALID_PARAMETER;
	c = ctx_find(obj, type);
	if (c == NULL)
		return DPS_E_NOT_FOUND;
	if (!atomic_compare_exchange_strong(&c->state, &expected, CTX_INITIALIZING))
		return expected == CTX_DELETED ? DPS_E_DELETED : DPS_E_INVALID_STATE;
	if (init != NULL)
		rc = init(obj, c->mem, arg);
	expected = CTX_INITIALIZING;
	if (rc != DPS_OK) {
		memset(c->mem, 0, type->size);
		if (!atomic_compare_exchange_strong(&c->state, &expected, CTX_UNINIT))
			return DPS_E_DELETED;
		return rc;
	}
	c->inited = true;
	if (!atomic_compare_exchange_strong(&c->state, &expected, CTX_READY))
		return DPS_E_DELETED; /* deleted meanwhile; fini still runs at destroy */
	return DPS_OK;
}

int
dps_object_context(struct dps_object *obj, const struct dps_context_type *type, void **ctx)
{
	struct ctx_slot *c;

	if (ctx != NULL)
		*ctx = NULL;
	if (obj == NULL || type == NULL || ctx == NULL)
		return DPS_E_INVALID_PARAMETER;
	c = ctx_find(obj, type);
	if (c == NULL)
		return DPS_E_NOT_FOUND;
	switch (atomic_load(&c->state)) {
	case CTX_READY:
		*ctx = c->mem;
		return DPS_OK;
	case CTX_DELETED:
		return DPS_E_DELETED;
	default:
		return DPS_E_NOT_INITIALIZED;
	}
}

/* ---- handles ---- */

int
dps_object_handle(struct dps_object *obj, dps_handle_t *handle)
{
	int rc = DPS_E_RESOURCES;

	if (obj == NULL || handle == NULL)
		return DPS_E_INVALID_PARAMETER;
	rte_spinlock_lock(&handle_lock);
	if (atomic_load(&obj->deleted)) {
		rc = DPS_E_DELETED;
	} else if (obj->handle_index != 0) {
		rc = DPS_OK;
	} else {
		for (uint32_t i = 0; i < DPS_HANDLE_MAX; i++) {
			if (handles[i].obj == NULL) {
				if (handles[i].gen == 0)
					handles[i].gen = 1;
				handles[i].obj = obj;
				obj->handle_index = i + 1;
				rc = DPS_OK;
				break;
			}
		}
	}
	if (rc == DPS_OK)
		*handle =
			(dps_handle_t)handles[obj->handle_index - 1].gen << 32 | obj->handle_index;
	rte_spinlock_unlock(&handle_lock);
	return rc;
}

int
dps_handle_lookup(dps_handle_t handle, uint32_t tag, struct dps_object **out)
{
	uint32_t index = (uint32_t)(handle & 0xffffffffu);
	uint32_t gen = (uint32_t)(handle >> 32);
	struct dps_object *obj;
	int rc;

	if (out == NULL || tag == DPS_TAG_LIVE)
		return DPS_E_INVALID_PARAMETER;
	*out = NULL;
	if (index == 0 || index > DPS_HANDLE_MAX || gen == 0)
		return DPS_E_STALE_HANDLE;
	rte_spinlock_lock(&handle_lock);
	obj = handles[index - 1].obj;
	if (obj == NULL || handles[index - 1].gen != gen || atomic_load(&obj->deleted)) {
		rte_spinlock_unlock(&handle_lock);
		return DPS_E_STALE_HANDLE;
	}
	/* the slot is cleared before the Live reference goes: obj is valid */
	rc = dps_object_ref(obj, tag);
	rte_spinlock_unlock(&handle_lock);
	if (rc == DPS_OK)
		*out = obj;
	return rc == DPS_E_DELETED ? DPS_E_STALE_HANDLE : rc;
}

/* ---- leak report ---- */

static void
object_info(struct dps_object *obj, struct dps_object_info *info)
{
	size_t off = 0;

	info->type = obj->type;
	memcpy(info->name, obj->name, sizeof(info->name));
	info->refs = atomic_load(&obj->refs);
	info->deleted = atomic_load(&obj->deleted);
	info->tags[0] = '\0';
	rte_spinlock_lock(&obj->lock);
	for (int i = 0; i < DPS_OBJECT_MAX_TAGS; i++) {
		char tn[5];
		int w;

		if (obj->tags[i].count == 0)
			continue;
		tag_name(obj->tags[i].tag, tn);
		w = snprintf(info->tags + off, sizeof(info->tags) - off, "%s%s:%u", off ? " " : "",
			tn, obj->tags[i].count);
		if (w < 0 || (size_t)w >= sizeof(info->tags) - off)
			break;
		off += (size_t)w;
	}
	rte_spinlock_unlock(&obj->lock);
}

unsigned int
dps_object_foreach(int (*cb)(const struct dps_object_info *info, void *arg), void *arg)
{
	struct dps_object_info info;
	struct dps_object *obj;
	unsigned int n = 0;

	if (cb == NULL)
		return 0;
	rte_spinlock_lock(&registry_lock);
	TAILQ_FOREACH(obj, &registry, all)
	{
		object_info(obj, &info);
		n++;
		if (cb(&info, arg) != 0)
			break;
	}
	rte_spinlock_unlock(&registry_lock);
	return n;
}

unsigned int
dps_object_live_count(void)
{
	return atomic_load(&registry_count);
}

static int
report_line(const struct dps_object_info *info, void *arg)
{
	FILE *f = arg;

	if (f != NULL)
		fprintf(f, "leak: %s '%s' refs=%u%s [%s]\n", info->type, info->name, info->refs,
			info->deleted ? " deleted" : "", info->tags);
	else
		DPS_LOG(ERR, core, "leak: %s '%s' refs=%u%s [%s]", info->type, info->name,
			info->refs, info->deleted ? " deleted" : "", info->tags);
	return 0;
}

unsigned int
dps_object_leak_report(FILE *f)
{
	unsigned int n = dps_object_foreach(report_line, f);

	if (n == 0) {
		if (f != NULL)
			fprintf(f, "leak report: empty\n");
		else
			DPS_LOG(INFO, core, "leak report: empty");
	} else {
		if (f != NULL)
			fprintf(f, "leak report: %u object(s) still referenced\n", n);
		else
			DPS_LOG(ERR, core, "leak report: %u object(s) still referenced", n);
	}
	return n;
}
