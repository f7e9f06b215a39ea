/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ethdev events and what follows from them: LSC, RMV and DESTROY arrive on
 * the EAL interrupt thread, which only posts them here; the control thread
 * checks the link (and polls it for PMDs without LSC interrupts), indicates
 * link changes to the bindings, and removes adapters (RMV, DESTROY, or an
 * administrative remove): pause and unbind every binding, stop polling,
 * stop and close the port.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ring.h>

#include "ctrl_private.h"
#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_filter.h"
#include "dps_log.h"
#include "dps_status.h"
#include "dps_worker.h"

DPS_LOG_REGISTER(ctrl_events, INFO);

#define EVENT_RING_SIZE 1024

enum ev_type { EV_LSC = 1, EV_RMV, EV_DESTROY };

static struct rte_ring *event_ring; /* EAL interrupt thread -> control */
static uint64_t link_poll_cycles, next_link_poll;

/* adapters whose removal is due (RMV events, remove requests) */
static struct dps_adapter *remove_due[RTE_MAX_ETHPORTS];
static unsigned int nb_remove_due;

static struct {
	uint64_t events_lsc, events_rmv, events_destroy, events_dropped;
	uint64_t link_changes, adapters_removed;
} est;

/* ---- events (EAL interrupt thread: post only) ---- */

static int
on_eth_event(uint16_t port, enum rte_eth_event_type type, void *arg, void *ret_param)
{
	uintptr_t ev;

	RTE_SET_USED(arg);
	RTE_SET_USED(ret_param);
	switch (type) {
	case RTE_ETH_EVENT_INTR_LSC:
		ev = EV_LSC;
		break;
	case RTE_ETH_EVENT_INTR_RMV:
		ev = EV_RMV;
		break;
	case RTE_ETH_EVENT_DESTROY:
		ev = EV_DESTROY;
		break;
	default:
		return 0;
	}
	/* (type, port) packed into the pointer-sized ring element; never 0 */
	if (event_ring == NULL || rte_ring_mp_enqueue(event_ring, (void *)(ev << 16 | port)) != 0)
		__atomic_fetch_add(&est.events_dropped, 1, __ATOMIC_RELAXED);
	else
		dps__wakeup_notify(&dps__ctrl_wk);
	return 0;
}

/* ---- adapters: link, removal ---- */

static void
link_check(struct dps_adapter *a)
{
	struct dps_status_indication ind = {.code = DPS_IND_LINK_STATE};

	if (dps_adapter_link_update(a) != 1)
		return;
	ind.link_up = atomic_load(&a->link_up);
	ind.link_speed = atomic_load(&a->link_speed);
	est.link_changes++;
	DPS_LOG(INFO, ctrl_events, "%s: link %s", a->name, ind.link_up ? "up" : "down");
	dps_binding_indicate_status(a, &ind);
}

/*
 * A net_tap adapter whose kernel interface was deleted (ip link del, or moved
 * to another namespace): the PMD only sees the link go down, so the poll
 * looks for the interface and removes the adapter the orderly way, as for
 * a hot-unplug. @return 1 when a removal was queued.
 */
static int
tap_gone_check(struct dps_adapter *a)
{
	char name[IF_NAMESIZE];

	if (a->tap_if_index == 0 || if_indextoname(a->tap_if_index, name) != NULL)
		return 0;
	if (errno != ENXIO && errno != ENODEV)
		return 0; /* cannot tell: keep it */
	DPS_LOG(INFO, ctrl_events, "%s: kernel interface (index %u) is gone", a->name,
		a->tap_if_index);
	dps_ctrl_adapter_remove(a);
	return 1;
}

static int
poll_link(struct dps_adapter *a, void *arg)
{
	RTE_SET_USED(arg);
	if (!dps_object_is_deleted(a->obj) && !tap_gone_check(a))
		link_check(a);
	return 0;
}

static void
remove_now(struct dps_adapter *a, int port_gone)
{
	char name[sizeof(a->name)];

	snprintf(name, sizeof(name), "%s", a->name);
	DPS_LOG(INFO, ctrl_events, "%s: removing adapter (%s)", name,
		port_gone ? "port destroyed" : "remove requested");
	dps_filter_detach_all(a);	  /* captures end, their files completed */
	dps_binding_adapter_departing(a); /* pause, unbind; requests aborted */
	dps_workers_remove_adapter(a);	  /* no worker polls or flushes it */
	if (port_gone)
		a->port_id = RTE_MAX_ETHPORTS; /* nothing left to stop or close */
	dps_adapter_close(a);
	est.adapters_removed++;
	DPS_LOG(INFO, ctrl_events, "%s: adapter removed", name);
}

int
dps_ctrl_adapter_remove(struct dps_adapter *a)
{
	if (a == NULL)
		return DPS_E_INVALID_PARAMETER;
	if (dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED; /* the mux removes it, with its lower adapter */
	for (unsigned int i = 0; i < nb_remove_due; i++)
		if (remove_due[i] == a)
			return DPS_PENDING;
	if (nb_remove_due >= RTE_DIM(remove_due))
		return DPS_E_RESOURCES;
	remove_due[nb_remove_due++] = a;
	return DPS_PENDING;
}

unsigned int
dps__ctrl_service_events(void)
{
	void *evs[32];
	unsigned int n = rte_ring_sc_dequeue_burst(event_ring, evs, RTE_DIM(evs), NULL);

	for (unsigned int i = 0; i < n; i++) {
		uintptr_t ev = (uintptr_t)evs[i];
		uint16_t port = (uint16_t)(ev & 0xffff);
		struct dps_adapter *a = dps_adapter_by_port(port);

		switch (ev >> 16) {
		case EV_LSC:
			est.events_lsc++;
			if (a != NULL)
				link_check(a);
			break;
		case EV_RMV:
			est.events_rmv++;
			if (a != NULL)
				dps_ctrl_adapter_remove(a);
			break;
		case EV_DESTROY:
			est.events_destroy++;
			if (a != NULL) {
				/* released under us (rte_dev_remove): forget the port */
				remove_now(a, 1);
			}
			break;
		default:
			break;
		}
	}
	return n;
}

unsigned int
dps__ctrl_service_removals(void)
{
	unsigned int n = 0;

	while (nb_remove_due > 0) {
		struct dps_adapter *a = remove_due[--nb_remove_due];

		remove_now(a, 0);
		n++;
	}
	return n;
}

void
dps__ctrl_link_poll(uint64_t now)
{
	if (now < next_link_poll)
		return;
	dps_adapter_foreach(poll_link, NULL);
	next_link_poll = now + link_poll_cycles;
}

uint64_t
dps__ctrl_link_poll_due(void)
{
	return next_link_poll;
}

void
dps__ctrl_events_stats(struct dps_ctrl_stats *st)
{
	st->events_lsc = est.events_lsc;
	st->events_rmv = est.events_rmv;
	st->events_destroy = est.events_destroy;
	st->events_dropped = __atomic_load_n(&est.events_dropped, __ATOMIC_RELAXED);
	st->link_changes = est.link_changes;
	st->adapters_removed = est.adapters_removed;
}

int
dps__ctrl_events_init(unsigned int link_poll_ms)
{
	event_ring = rte_ring_create("dps_events", EVENT_RING_SIZE, SOCKET_ID_ANY, RING_F_SC_DEQ);
	if (event_ring == NULL)
		return DPS_E_RESOURCES;
	if (rte_eth_dev_callback_register(
		    RTE_ETH_ALL, RTE_ETH_EVENT_INTR_LSC, on_eth_event, NULL) != 0 ||
		rte_eth_dev_callback_register(
			RTE_ETH_ALL, RTE_ETH_EVENT_INTR_RMV, on_eth_event, NULL) != 0 ||
		rte_eth_dev_callback_register(
			RTE_ETH_ALL, RTE_ETH_EVENT_DESTROY, on_eth_event, NULL) != 0)
		return DPS_E_RESOURCES;
	link_poll_cycles = rte_get_timer_hz() * link_poll_ms / 1000;
	next_link_poll = 0;
	nb_remove_due = 0;
	memset(&est, 0, sizeof(est));
	return DPS_OK;
}

void
dps__ctrl_events_fini(void)
{
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_LSC, on_eth_event, NULL);
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_INTR_RMV, on_eth_event, NULL);
	rte_eth_dev_callback_unregister(RTE_ETH_ALL, RTE_ETH_EVENT_DESTROY, on_eth_event, NULL);
	rte_ring_free(event_ring);
	event_ring = NULL;
}
