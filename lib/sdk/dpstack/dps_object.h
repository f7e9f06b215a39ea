/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_OBJECT_H
#define DPS_OBJECT_H

/**
 * @file
 * dps_object: the one object model of dpstack (DESIGN.md section 4), after
 * WDF objects.
 *
 * - Creation gives the object one "Live" reference, owned by the object's
 *   existence. dps_object_delete() deletes the children first (bottom-up),
 *   runs the cleanup callback, marks every context area deleted and drops
 *   the Live reference. Deleting twice returns DPS_E_DELETED.
 * - Other references (dps_object_ref/unref) keep the memory valid after
 *   delete; destroy runs, and the memory is freed, when the last one goes.
 *   References carry a 4-character tag so the leak report can name holders.
 * - A child holds a reference on its parent (tag "Chld") until it is
 *   destroyed, so a parent always outlives its children's memory.
 * - Typed context areas are allocated zeroed at creation (or added later)
 *   and initialised exactly once (two-phase init); access is fallible.
 * - Objects handed out of the process are named by a dps_handle_t, an index
 *   with a generation number: a handle of a deleted object is stale.
 *
 * Objects are control-plane things: create and delete them at CONTROL
 * level; ref, unref and context access work at any level.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

struct dps_object;

/** A reference tag: four characters, e.g. DPS_TAG("Open"). */
#define DPS_TAG(s)                                                                                 \
	((uint32_t)(uint8_t)(s)[0] | (uint32_t)(uint8_t)(s)[1] << 8 |                              \
		(uint32_t)(uint8_t)(s)[2] << 16 | (uint32_t)(uint8_t)(s)[3] << 24)

/** Untagged reference. */
#define DPS_TAG_NONE 0u

/** Tag of the existence reference; reserved (ref/unref refuse it). */
#define DPS_TAG_LIVE DPS_TAG("Live")

/** Tag of a child's reference on its parent. */
#define DPS_TAG_CHILD DPS_TAG("Chld")

/** Most distinct tags held on one object at the same time. */
#define DPS_OBJECT_MAX_TAGS 16

/** Most context areas on one object. */
#define DPS_OBJECT_MAX_CONTEXTS 4

/** A context type: one static instance per C type. */
struct dps_context_type {
	const char *name; /**< for logs and the leak report */
	size_t size;	  /**< bytes; must be > 0 */
	/** Optional: runs at destroy if the area was initialised. */
	void (*fini)(struct dps_object *obj, void *ctx);
};

/** Declare a context type for C type @p ctype with optional fini. */
#define DPS_CONTEXT_TYPE(var, ctype, fini_fn)                                                      \
	const struct dps_context_type var = {#ctype, sizeof(ctype), fini_fn}

/** Creation attributes. */
struct dps_object_attr {
	const char *type; /**< kind of object, a static string ("adapter"); required */
	const char *name; /**< instance name, copied (truncated to 31 chars); may be NULL */
	/** Optional: at delete, after the children are deleted. */
	void (*cleanup)(struct dps_object *obj);
	/** Optional: at the last reference, before the contexts' fini. */
	void (*destroy)(struct dps_object *obj);
	/** Optional NULL-terminated list of context types to allocate now. */
	const struct dps_context_type *const *contexts;
};

/**
 * Create an object.
 *
 * @param attr attributes; attr->type required.
 * @param parent parent or NULL; the parent must not be deleted.
 * @param out the object; it holds only its Live reference.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL attr/type/out, a context type
 *         of size 0, more than DPS_OBJECT_MAX_CONTEXTS); DPS_E_EXISTS (a context
 *         type listed twice); DPS_E_DELETED (parent deleted); DPS_E_RESOURCES.
 *         On failure *out is NULL and nothing was created.
 * Level: any (allocates memory: not in a datapath steady state).
 */
int dps_object_create(
	const struct dps_object_attr *attr, struct dps_object *parent, struct dps_object **out);

/**
 * Delete: children first, then cleanup, then drop the Live reference.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL); DPS_E_DELETED (already deleted,
 *         nothing happens).
 * Level: any; cleanup callbacks may impose CONTROL (threads do).
 */
int dps_object_delete(struct dps_object *obj);

/**
 * Take a reference.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL, or the reserved Live tag);
 *         DPS_E_DELETED (the object is being destroyed: no reference taken);
 *         DPS_E_RESOURCES (DPS_OBJECT_MAX_TAGS distinct tags already held).
 * Level: any.
 */
int dps_object_ref(struct dps_object *obj, uint32_t tag);

/**
 * Drop a reference taken with @p tag; at the last one destroy runs.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL or Live tag); DPS_E_NOT_FOUND
 *         (no reference with that tag is held: nothing changes).
 * Level: any; the destroy callback runs on the caller's thread.
 */
int dps_object_unref(struct dps_object *obj, uint32_t tag);

/** @return 1 if deleted (or NULL), else 0. Level: any. */
int dps_object_is_deleted(const struct dps_object *obj);

/** @return current reference count (Live included); 0 for NULL. Level: any. */
uint32_t dps_object_refcount(const struct dps_object *obj);

/** @return references held with @p tag. Level: any. */
uint32_t dps_object_tag_count(struct dps_object *obj, uint32_t tag);

/** @return the type string, or "" for NULL. */
const char *dps_object_type(const struct dps_object *obj);

/** @return the instance name, or "" for NULL. */
const char *dps_object_name(const struct dps_object *obj);

/** @return the parent or NULL. */
struct dps_object *dps_object_parent(const struct dps_object *obj);

/** @return number of children not yet deleted. Level: any. */
unsigned int dps_object_child_count(struct dps_object *obj);

/**
 * Add a context area after creation (like WdfObjectAllocateContext).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_EXISTS (type already present);
 *         DPS_E_RESOURCES (memory, or DPS_OBJECT_MAX_CONTEXTS reached);
 *         DPS_E_DELETED.
 * Level: any.
 */
int dps_object_context_add(struct dps_object *obj, const struct dps_context_type *type);

/** Initialiser for dps_object_context_init: returns DPS_OK or a failure. */
typedef int (*dps_context_init_fn)(struct dps_object *obj, void *ctx, void *arg);

/**
 * Second phase: initialise a context area, exactly once. While @p init runs,
 * dps_object_context() on it returns DPS_E_NOT_INITIALIZED. If init fails the
 * area returns to uninitialised (zeroed) and may be initialised again.
 *
 * @param init may be NULL (the zeroed area becomes initialised as is).
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_NOT_FOUND (no such area);
 *         DPS_E_INVALID_STATE (already initialised or being initialised);
 *         DPS_E_DELETED; or what @p init returned.
 * Level: any.
 */
int dps_object_context_init(struct dps_object *obj, const struct dps_context_type *type,
	dps_context_init_fn init, void *arg);

/**
 * Get a context area.
 * @return DPS_OK and *ctx; DPS_E_INVALID_PARAMETER; DPS_E_NOT_FOUND;
 *         DPS_E_NOT_INITIALIZED; DPS_E_DELETED. On failure *ctx is NULL.
 * Level: any.
 */
int dps_object_context(struct dps_object *obj, const struct dps_context_type *type, void **ctx);

/** Handle for anything handed out of the process: index and generation. */
typedef uint64_t dps_handle_t;

/** Never a valid handle. */
#define DPS_HANDLE_INVALID ((dps_handle_t)0)

/** Size of the handle table. */
#define DPS_HANDLE_MAX 4096

/**
 * The object's handle, allocated at first call; released at delete.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER; DPS_E_DELETED; DPS_E_RESOURCES
 *         (table full).
 * Level: any.
 */
int dps_object_handle(struct dps_object *obj, dps_handle_t *handle);

/**
 * Look a handle up and take a reference tagged @p tag on the object.
 * @return DPS_OK; DPS_E_INVALID_PARAMETER (NULL out, Live tag);
 *         DPS_E_STALE_HANDLE (invalid, out of range, or the object was deleted);
 *         DPS_E_RESOURCES (tag table full).
 * Level: any.
 */
int dps_handle_lookup(dps_handle_t handle, uint32_t tag, struct dps_object **out);

/** What the leak report shows of one object. */
struct dps_object_info {
	const char *type;
	char name[32];
	uint32_t refs;
	int deleted;
	char tags[DPS_OBJECT_MAX_TAGS * 12]; /**< "Live:1 Open:2" */
};

/**
 * Visit every object not yet destroyed. @p cb must not create, delete or
 * unref objects. Returning non-zero from @p cb stops the walk.
 * @return the number of objects visited.
 * Level: any.
 */
unsigned int dps_object_foreach(
	int (*cb)(const struct dps_object_info *info, void *arg), void *arg);

/** @return number of objects not yet destroyed. Level: any. */
unsigned int dps_object_live_count(void);

/**
 * Print the leak report: one line per object not yet destroyed, with its
 * holders' tags, or "leak report: empty".
 * @param f stream; NULL means the core log.
 * @return the number of leaked objects.
 * Level: any.
 */
unsigned int dps_object_leak_report(FILE *f);

#ifdef __cplusplus
}
#endif

#endif /* DPS_OBJECT_H */
