/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The vlan mux on the control side: it binds to the physical adapters that
 * virtual adapters sit on (and declines the others), makes those virtual
 * adapters and lets protocols bind to them, carries the lower adapter's link
 * changes and pauses over to them, and on unbind removes them, their
 * bindings first, before its own lower binding closes (the MUX order).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dps_status.h"
#include "vlan_private.h"

DPS_LOG_REGISTER(vlan, INFO);

static const char *const stat_names[DPS__VLAN_STAT_COUNT] = {
	[DPS__VLAN_STAT_RX_TAGGED] = "rx_tagged",
	[DPS__VLAN_STAT_RX_UNKNOWN] = "rx_vlan_unknown",
	[DPS__VLAN_STAT_RX_PRIORITY] = "rx_priority_tagged",
	[DPS__VLAN_STAT_RX_TRUNCATED] = "rx_truncated",
	[DPS__VLAN_STAT_RX_COPIED] = "rx_copied",
	[DPS__VLAN_STAT_RX_NOMEM] = "rx_nomem",
};

static const uint16_t vlan_ethertypes[] = {RTE_ETHER_TYPE_VLAN};

static int
vlan_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	struct dps__vlan_lower *lw = ctx;
	char err[256] = "";
	int rc, n;

	rc = dps_mux_attach(b);
	if (rc < 0)
		return rc; /* DPS_E_NOT_SUPPORTED: no virtual adapter here, declined */
	lw->lower = dps_binding_adapter(b);
	lw->pool = params->pool;
	n = dps_mux_create(b, lw->vifs, DPS__VLAN_MAX_VIFS, err, sizeof(err));
	if (n < 0) {
		DPS_LOG(ERR, vlan, "%s: %s", params->adapter_name, err);
		dps_mux_detach(b);
		return n;
	}
	lw->nb_vifs = (unsigned int)n;
	for (unsigned int i = 0; i < lw->nb_vifs; i++)
		lw->by_vid[lw->vifs[i].vlan] = (uint8_t)(i + 1);
	DPS_LOG(INFO, vlan, "%s: %u virtual adapter(s)", params->adapter_name, lw->nb_vifs);
	return DPS_OK;
}

static void
vlan_open_complete(struct dps_binding *b, void *ctx, int status)
{
	struct dps__vlan_lower *lw = ctx;

	RTE_SET_USED(b);
	if (status != DPS_OK || lw == NULL)
		return;
	/* the virtual adapters arrive: the protocols bind to them */
	for (unsigned int i = 0; i < lw->nb_vifs; i++)
		dps_mux_start(lw->vifs[i].a);
}

static void
vlan_unbind(struct dps_binding *b, void *ctx)
{
	struct dps__vlan_lower *lw = ctx;

	RTE_SET_USED(b);
	/* Paused: no worker delivers to us, nor through us to a virtual adapter.
	 * The MUX order: every virtual adapter (its bindings first) goes before
	 * this lower binding finishes closing. */
	for (unsigned int i = lw->nb_vifs; i-- > 0;) {
		lw->by_vid[lw->vifs[i].vlan] = 0;
		dps_mux_remove(lw->vifs[i].a);
		lw->vifs[i].a = NULL;
	}
	lw->nb_vifs = 0;
}

static void
vlan_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	struct dps__vlan_lower *lw = ctx;

	RTE_SET_USED(b);
	if (ind->code != DPS_IND_LINK_STATE)
		return;
	for (unsigned int i = 0; i < lw->nb_vifs; i++)
		dps_mux_link_changed(lw->vifs[i].a);
}

static int
vlan_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	struct dps__vlan_lower *lw = ctx;

	RTE_SET_USED(b);
	/* the lower adapter is reconfigured (MTU, MAC, queues): the virtual
	 * adapters' bindings pause with it and restart after it */
	for (unsigned int i = 0; i < lw->nb_vifs; i++) {
		if (ev->code == DPS_PNP_PAUSE)
			dps_mux_pause(lw->vifs[i].a);
		else if (ev->code == DPS_PNP_RESTART)
			dps_mux_restart(lw->vifs[i].a);
	}
	return DPS_OK;
}

static int
vlan_telemetry(struct dps_binding *b, void *ctx, struct rte_tel_data *d)
{
	const struct dps__vlan_lower *lw = ctx;
	char list[DPS__VLAN_MAX_VIFS * 24] = "";
	size_t off = 0;

	RTE_SET_USED(b);
	for (unsigned int i = 0; i < lw->nb_vifs && off < sizeof(list); i++) {
		int w = snprintf(list + off, sizeof(list) - off, "%s%s:%u", i ? "," : "",
			lw->vifs[i].name, lw->vifs[i].vlan);

		if (w < 0)
			break;
		off += (size_t)w;
	}
	rte_tel_data_add_dict_int(d, "virtual_adapters", (int)lw->nb_vifs);
	rte_tel_data_add_dict_string(d, "vlans", list);
	return DPS_OK;
}

static void
vlan_binding_report(struct dps_binding *b, void *ctx, FILE *f)
{
	const struct dps__vlan_lower *lw = ctx;
	uint64_t v[DPS__VLAN_STAT_COUNT];
	int n = dps_binding_counters(b, v, DPS__VLAN_STAT_COUNT);

	RTE_SET_USED(lw);
	fprintf(f, "    vlan:");
	for (int i = 0; i < n && i < DPS__VLAN_STAT_COUNT; i++)
		fprintf(f, " %s %" PRIu64, stat_names[i], v[i]);
	fprintf(f, "\n");
}

static const struct dps_protocol_ops vlan_ops = {
	.bind_adapter = vlan_bind,
	.unbind_adapter = vlan_unbind,
	.open_complete = vlan_open_complete,
	.receive = dps__vlan_receive,
	.status = vlan_status,
	.pnp_event = vlan_pnp,
};

static DPS_CONTEXT_TYPE(vlan_ctx_type, struct dps__vlan_lower, NULL);

const struct dps_protocol_desc dps__vlan_desc = {
	.name = "vlan",
	.ethertypes = vlan_ethertypes,
	.nb_ethertypes = 1,
	/* every tagged frame the port gives: the virtual adapters filter (each
	 * its bindings' packet filters with its own MAC) */
	.default_filter = DPS_FILTER_ALL,
	.ops = &vlan_ops,
	.binding_ctx = &vlan_ctx_type,
	.counters = {stat_names, DPS__VLAN_STAT_COUNT, offsetof(struct dps__vlan_lower, stats),
		sizeof(struct dps__vlan_lcore_stats)},
	.telemetry = vlan_telemetry,
	.binding_report = vlan_binding_report,
};
DPS_PROTOCOL_REGISTER(dps__vlan_desc);
