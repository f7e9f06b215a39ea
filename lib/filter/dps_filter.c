/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Attach and detach filter modules (control thread). The list a worker
 * reads is never changed: a new one replaces it, and the old one is freed
 * once no reader can hold it -- the workers after an RCU grace period, a
 * sender on the control tx queue once it left the queue's lock (it reads
 * the list under that lock).
 */
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_spinlock.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_filter.h"
#include "dps_log.h"
#include "dps_status.h"

DPS_LOG_REGISTER(filter, INFO);

static struct dps_filter_chain *
chain_alloc(unsigned int n)
{
	struct dps_filter_chain *c = calloc(1, sizeof(*c) + n * sizeof(c->m[0]));

	if (c != NULL)
		c->n = n;
	return c;
}

/* Put @p next in place of the adapter's list and free the old one safely. */
static void
publish(struct dps_adapter *a, struct dps_filter_chain *next)
{
	struct dps_filter_chain *old;

	if (next != NULL) {
		next->dirs = 0;
		for (unsigned int i = 0; i < next->n; i++)
			next->dirs |= next->m[i].dirs;
	}
	old = atomic_exchange_explicit(&a->filters, next, memory_order_acq_rel);
	dps_binding_synchronize();	     /* no worker holds the old list */
	rte_spinlock_lock(&a->ctrl_tx_lock); /* nor a control-queue sender */
	rte_spinlock_unlock(&a->ctrl_tx_lock);
	free(old);
}

static int
find(const struct dps_filter_chain *c, const struct dps_filter_ops *ops, void *ctx)
{
	for (unsigned int i = 0; c != NULL && i < c->n; i++)
		if (c->m[i].ops == ops && c->m[i].ctx == ctx)
			return (int)i;
	return -1;
}

int
dps_filter_attach(struct dps_adapter *a, const struct dps_filter_ops *ops, void *ctx, uint32_t dirs)
{
	const struct dps_filter_chain *cur;
	struct dps_filter_chain *next;
	unsigned int n;

	if (a == NULL || ops == NULL || ops->burst == NULL || dirs == 0 ||
		(dirs & ~(DPS_FILTER_RX | DPS_FILTER_TX)) != 0)
		return DPS_E_INVALID_PARAMETER;
	cur = atomic_load(&a->filters);
	if (find(cur, ops, ctx) >= 0)
		return DPS_E_EXISTS;
	n = cur != NULL ? cur->n : 0;
	if (n >= DPS_FILTER_MAX_MODULES)
		return DPS_E_RESOURCES;
	next = chain_alloc(n + 1);
	if (next == NULL)
		return DPS_E_RESOURCES;
	if (n > 0)
		memcpy(next->m, cur->m, n * sizeof(next->m[0]));
	next->m[n].ops = ops;
	next->m[n].ctx = ctx;
	next->m[n].dirs = dirs;
	publish(a, next);
	DPS_LOG(INFO, filter, "%s: %s attached (%s%s), %u module(s)", a->name,
		ops->name != NULL ? ops->name : "module", dirs & DPS_FILTER_RX ? "rx" : "",
		dirs == (DPS_FILTER_RX | DPS_FILTER_TX) ? "+tx"
							: (dirs & DPS_FILTER_TX ? "tx" : ""),
		n + 1);
	return DPS_OK;
}

int
dps_filter_detach(struct dps_adapter *a, const struct dps_filter_ops *ops, void *ctx)
{
	const struct dps_filter_chain *cur;
	struct dps_filter_chain *next = NULL;
	unsigned int k = 0;
	int at;

	if (a == NULL || ops == NULL)
		return DPS_E_INVALID_PARAMETER;
	cur = atomic_load(&a->filters);
	at = find(cur, ops, ctx);
	if (at < 0)
		return DPS_E_NOT_FOUND;
	if (cur->n > 1) {
		next = chain_alloc(cur->n - 1);
		if (next == NULL)
			return DPS_E_RESOURCES;
		for (unsigned int i = 0; i < cur->n; i++)
			if ((int)i != at)
				next->m[k++] = cur->m[i];
	}
	publish(a, next); /* the last one gone: NULL, one pointer test per burst again */
	DPS_LOG(INFO, filter, "%s: %s detached, %u module(s)", a->name,
		ops->name != NULL ? ops->name : "module", next != NULL ? next->n : 0);
	return DPS_OK;
}

unsigned int
dps_filter_count(const struct dps_adapter *a)
{
	const struct dps_filter_chain *c;

	if (a == NULL)
		return 0;
	c = atomic_load(&((struct dps_adapter *)(uintptr_t)a)->filters);
	return c != NULL ? c->n : 0;
}

unsigned int
dps_filter_detach_all(struct dps_adapter *a)
{
	const struct dps_filter_chain *c;
	const struct dps_filter_ops *ops[DPS_FILTER_MAX_MODULES];
	void *ctx[DPS_FILTER_MAX_MODULES];
	unsigned int n;

	if (a == NULL)
		return 0;
	c = atomic_load(&a->filters);
	n = c != NULL ? RTE_MIN(c->n, (unsigned int)DPS_FILTER_MAX_MODULES) : 0;
	if (n == 0)
		return 0;
	/* publish() frees the list: keep who to tell */
	for (unsigned int i = 0; i < n; i++) {
		ops[i] = c->m[i].ops;
		ctx[i] = c->m[i].ctx;
	}
	publish(a, NULL);
	DPS_LOG(INFO, filter, "%s: goes: %u module(s) detached", a->name, n);
	for (unsigned int i = 0; i < n; i++)
		if (ops[i]->adapter_gone != NULL)
			ops[i]->adapter_gone(ctx[i], a);
	return n;
}
