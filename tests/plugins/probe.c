/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test plugins for the plugin loader (tests/integration/test_plugins.sh):
 * one source, compiled into a good plugin and into each kind of bad one
 * by the PROBE_* macro that meson.build gives it.
 *   (none)            a good plugin: protocol "probe", one config key
 *   PROBE_NAME=x      a plugin whose protocol is named x (a name taken, or
 *                     one that fails validation)
 *   PROBE_NO_ENTRY    no dps_plugin_entry
 *   PROBE_ABI=n       an entry of ABI version n
 *   PROBE_INTERNAL    calls a stack-internal function (DPSTACK_INTERNAL)
 */
#include "dps_protocol.h"

#ifndef PROBE_NAME
#define PROBE_NAME "probe"
#endif

struct probe_ctx {
	uint64_t frames;
};
static DPS_CONTEXT_TYPE(probe_ctx_type, struct probe_ctx, NULL);

static void
probe_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	(void)b;
	(void)flags;
	((struct probe_ctx *)ctx)->frames += n;
	rte_pktmbuf_free_bulk(pkts, n);
}

#ifdef PROBE_INTERNAL
/* not in the SDK's headers: libdpstack exports it for dpstack itself only */
struct dps_adapter;
int dps_adapter_foreach(int (*cb)(struct dps_adapter *a, void *arg), void *arg);

static int
probe_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *params)
{
	(void)b;
	(void)ctx;
	(void)params;
	return dps_adapter_foreach(NULL, NULL);
}
#endif

static const struct dps_config_key probe_keys[] = {
	{"level", DPS_CFG_U32, 0, 9, "1", "a test key"},
	{NULL, 0, 0, 0, NULL, NULL},
};
static const uint16_t probe_types[] = {0x88b5}; /* IEEE local experimental */
static const struct dps_protocol_ops probe_ops = {
	.receive = probe_receive,
#ifdef PROBE_INTERNAL
	.bind_adapter = probe_bind,
#endif
};
static const struct dps_protocol_desc probe_desc = {
	.name = PROBE_NAME,
	.ethertypes = probe_types,
	.nb_ethertypes = 1,
	.ops = &probe_ops,
	.binding_ctx = &probe_ctx_type,
	.config_keys = probe_keys,
};

#if defined(PROBE_ABI)
__attribute__((visibility("default")))
const struct dps_plugin_entry dps_plugin_entry = {PROBE_ABI, &probe_desc};
#elif !defined(PROBE_NO_ENTRY)
DPS_PLUGIN_EXPORT(probe_desc);
#else
/* something exported, so that the file is a plugin in all but its entry */
__attribute__((visibility("default"))) const struct dps_protocol_desc *probe_descriptor =
	&probe_desc;
#endif
