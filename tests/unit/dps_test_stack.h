/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef DPS_TEST_STACK_H
#define DPS_TEST_STACK_H

/*
 * Fixture pieces shared by the suites (and benchmarks) that run the stack
 * in-process on vdevs.
 */
#include <stdio.h>
#include <string.h>

#include <rte_eal.h>
#include <rte_mempool.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_object.h"
#include "dps_status.h"
#include "dps_worker.h"

/*
 * An adapter on vdev @p dev (one rx queue, rings of @p ring), its queues
 * assigned to the workers, started. @return it, or NULL (the reason printed).
 */
static inline struct dps_adapter *
dps_test_adapter(struct dps_object *stack, struct rte_mempool *pool, const char *name,
	const char *dev, uint16_t ring, uint16_t mtu)
{
	unsigned int w[RTE_MAX_LCORE], nw = dps_workers_lcores(w, RTE_MAX_LCORE);
	struct dps_config_adapter cfg;
	struct dps_adapter *a;
	char err[256] = "";

	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "%s", name);
	snprintf(cfg.device, sizeof(cfg.device), "%s", dev);
	cfg.rx_queues = 1;
	cfg.rx_ring = ring;
	cfg.tx_ring = ring;
	cfg.mtu = mtu;
	if (dps_adapter_create(stack, &cfg, pool, w, nw, &a, err, sizeof(err)) != DPS_OK ||
		dps_workers_assign(a, err, sizeof(err)) != DPS_OK ||
		dps_adapter_start(a) != DPS_OK) {
		fprintf(stderr, "adapter %s: %s\n", name, err);
		return NULL;
	}
	return a;
}

/*
 * Tear the in-process stack down in dpstack's order (unbind, stop the
 * workers, close the adapters, end the control thread) and check that
 * nothing leaked: no OID request, no object beyond @p base_objects, every
 * mbuf back in @p pool. Ends EAL. @return 0, or -1 with the reason printed.
 */
static inline int
dps_test_teardown(struct dps_object *stack, struct rte_mempool *pool, unsigned int base_objects,
	struct dps_adapter **adapters, unsigned int n)
{
	int rc = 0;

	dps_binding_layer_fini();
	dps_workers_stop();
	for (unsigned int i = 0; i < n; i++)
		if (adapters[i] != NULL)
			dps_adapter_close(adapters[i]);
	if (dps_ctrl_fini() != 0)
		rc = -1;
	dps_workers_fini();
	dps_object_delete(stack);
	if (dps_object_live_count() != base_objects) {
		dps_object_leak_report(stderr);
		rc = -1;
	}
	if (rte_mempool_avail_count(pool) != pool->size) {
		fprintf(stderr, "mempool: %u of %u free\n", rte_mempool_avail_count(pool),
			pool->size);
		rc = -1;
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return rc;
}

#endif
