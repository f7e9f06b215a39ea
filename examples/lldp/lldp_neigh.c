/* SPDX-License-Identifier: BSD-3-Clause */
/* The per-adapter neighbour table (lldp_neigh.h). */
#include <string.h>

#include "lldp_neigh.h"

static int
same_msap(const struct lldp_rx_info *a, const struct lldp_rx_info *b)
{
	return a->chassis_subtype == b->chassis_subtype && a->port_subtype == b->port_subtype &&
	       a->chassis_len == b->chassis_len && a->port_len == b->port_len &&
	       memcmp(a->chassis_raw, b->chassis_raw, a->chassis_len) == 0 &&
	       memcmp(a->port_raw, b->port_raw, a->port_len) == 0;
}

enum lldp_neigh_result
lldp_neigh_update(struct lldp_neigh_table *t, const struct lldp_rx_info *info, uint64_t now)
{
	struct lldp_neigh *free_slot = NULL;

	for (unsigned int i = 0; i < LLDP_NEIGH_MAX; i++) {
		struct lldp_neigh *e = &t->e[i];

		if (!e->used) {
			if (free_slot == NULL)
				free_slot = e;
			continue;
		}
		if (!same_msap(&e->info, info))
			continue;
		if (info->ttl == 0) {
			memset(e, 0, sizeof(*e));
			t->count--;
			return LLDP_NEIGH_REMOVED;
		}
		e->info = *info;
		e->expires = now + info->ttl;
		e->updates++;
		return LLDP_NEIGH_UPDATED;
	}
	if (info->ttl == 0)
		return LLDP_NEIGH_IGNORED;
	if (free_slot == NULL)
		return LLDP_NEIGH_FULL;
	free_slot->used = 1;
	free_slot->info = *info;
	free_slot->expires = now + info->ttl;
	free_slot->updates = 1;
	t->count++;
	return LLDP_NEIGH_ADDED;
}

unsigned int
lldp_neigh_age(struct lldp_neigh_table *t, uint64_t now)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < LLDP_NEIGH_MAX; i++) {
		struct lldp_neigh *e = &t->e[i];

		if (e->used && e->expires <= now) {
			memset(e, 0, sizeof(*e));
			t->count--;
			n++;
		}
	}
	return n;
}
