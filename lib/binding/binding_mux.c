/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The stack's side of the vlan mux (lib/mux/dps_mux.h): virtual adapters
 * made from the configuration over the adapter a mux binding sits on, their
 * arrival and their removal in the MUX order, delivery of the frames the mux
 * demultiplexed, and the lower adapter's link changes and reconfigurations
 * carried over to them. Control thread, but dps_mux_deliver (a worker).
 */
#include <stdio.h>
#include <string.h>

#include "binding_private.h"
#include "dps_config.h"
#include "dps_dispatch.h"
#include "dps_filter.h"
#include "dps_mux.h"
#include "dps_status.h"

static const struct dps_config *mux_cfg;
static struct dps_object *mux_stack;

void
dps_mux_set_config(struct dps_object *stack, const struct dps_config *cfg)
{
	mux_stack = stack;
	mux_cfg = cfg;
}

static unsigned int
configured_over(const struct dps_adapter *lower)
{
	unsigned int n = 0;

	for (unsigned int i = 0; mux_cfg != NULL && i < mux_cfg->nb_adapters; i++)
		if (dps_config_adapter_is_virtual(&mux_cfg->adapters[i]) &&
			strcmp(mux_cfg->adapters[i].lower, lower->name) == 0)
			n++;
	return n;
}

int
dps_mux_attach(struct dps_binding *b)
{
	struct dps_adapter *a;
	unsigned int n;

	if (b == NULL)
		return DPS_E_INVALID_PARAMETER;
	a = b->adapter;
	if (dps_adapter_is_virtual(a))
		return DPS_E_NOT_SUPPORTED;
	n = configured_over(a);
	if (n == 0)
		return DPS_E_NOT_SUPPORTED;
	if (a->mux != NULL && a->mux != b)
		return DPS_E_EXISTS;
	a->mux = b;
	return (int)n;
}

void
dps_mux_detach(struct dps_binding *b)
{
	if (b != NULL && b->adapter->mux == b)
		b->adapter->mux = NULL;
}

int
dps_mux_create(
	struct dps_binding *b, struct dps_mux_vif *out, unsigned int max, char *err, size_t errlen)
{
	unsigned int made = 0;

	if (b == NULL || out == NULL || mux_cfg == NULL || mux_stack == NULL)
		return DPS_E_INVALID_PARAMETER;
	for (unsigned int i = 0; i < mux_cfg->nb_adapters && made < max; i++) {
		const struct dps_config_adapter *ac = &mux_cfg->adapters[i];
		struct dps_adapter *v;
		int rc;

		if (!dps_config_adapter_is_virtual(ac) || strcmp(ac->lower, b->adapter->name) != 0)
			continue;
		rc = dps_adapter_create_virtual(mux_stack, ac, b->adapter, &v, err, errlen);
		if (rc != DPS_OK) {
			while (made > 0)
				dps_adapter_close(out[--made].a);
			return rc;
		}
		out[made].a = v;
		out[made].vlan = v->vlan_tci;
		snprintf(out[made].name, sizeof(out[made].name), "%s", v->name);
		made++;
	}
	return (int)made;
}

int
dps_mux_start(struct dps_adapter *v)
{
	if (v == NULL || !dps_adapter_is_virtual(v))
		return DPS_E_INVALID_PARAMETER;
	return dps_binding_adapter_arrived(v);
}

void
dps_mux_remove(struct dps_adapter *v)
{
	if (v == NULL || !dps_adapter_is_virtual(v))
		return;
	DPS_LOG(INFO, binding, "%s: removing virtual adapter (lower %s goes)", v->name,
		v->lower->name);
	dps_filter_detach_all(v);	  /* captures on it end, their files completed */
	dps_binding_adapter_departing(v); /* pause, unbind; their requests aborted */
	dps_adapter_close(v);
}

void
dps_mux_deliver(struct dps_adapter *v, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	dps_dispatch_burst(v, pkts, n, flags);
}

void
dps_mux_link_changed(struct dps_adapter *v)
{
	struct dps_status_indication ind = {.code = DPS_IND_LINK_STATE};

	if (v == NULL || !dps_adapter_is_virtual(v) || dps_adapter_link_update(v) != 1)
		return;
	ind.link_up = atomic_load(&v->link_up);
	ind.link_speed = atomic_load(&v->link_speed);
	DPS_LOG(INFO, binding, "%s: link %s (lower %s)", v->name, ind.link_up ? "up" : "down",
		v->lower->name);
	dps_binding_indicate_status(v, &ind);
}

struct mux_walk {
	struct dps_adapter *v;
	int restart;
};

static int
pause_or_restart(struct dps_binding *b, void *arg)
{
	struct mux_walk *w = arg;

	if (b->adapter != w->v)
		return 0;
	if (!w->restart && dps_binding_state(b) == DPS_BINDING_RUNNING &&
		dps_binding_pause(b) == DPS_OK)
		b->mux_paused = 1;
	else if (w->restart && b->mux_paused) {
		b->mux_paused = 0;
		dps_binding_restart(b);
	}
	return 0;
}

void
dps_mux_pause(struct dps_adapter *v)
{
	struct mux_walk w = {v, 0};

	if (v != NULL && dps_adapter_is_virtual(v))
		dps_binding_foreach(pause_or_restart, &w);
}

void
dps_mux_restart(struct dps_adapter *v)
{
	struct mux_walk w = {v, 1};

	if (v == NULL || !dps_adapter_is_virtual(v))
		return;
	v->max_mtu = v->lower->mtu;
	if (v->mtu > v->lower->mtu)
		v->mtu = v->lower->mtu; /* its frames must still fit the lower's */
	if (!v->cfg.mac_set && !rte_is_same_ether_addr(&v->mac, &v->lower->mac))
		dps_adapter_set_mac(v, &v->lower->mac); /* it follows the lower's MAC */
	dps_adapter_link_update(v);
	dps_binding_foreach(pause_or_restart, &w);
}
