/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * /dpstack/arp,<adapter>: the ARP cache of an adapter, the protocol's own
 * telemetry command (its descriptor's telemetry_cmd). Runs on a telemetry
 * thread; the stack holds a reference on the binding meanwhile, which keeps
 * the cache alive. The walk is lock-free (rte_hash readers).
 */
#include <stdio.h>
#include <stdlib.h>

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_telemetry.h>

#include "arp_private.h"

/* Most entries a reply lists: about 50 bytes each, under the 16 KiB reply. */
#define ARP_TEL_MAX 256

struct arp_walk {
	unsigned int n, total;
	struct dps_arp_entry e[ARP_TEL_MAX];
};

static int
arp_entry(const struct dps_arp_entry *e, void *arg)
{
	struct arp_walk *w = arg;

	w->total++;
	if (w->n < ARP_TEL_MAX)
		w->e[w->n++] = *e;
	return 0;
}

/* keep=0: @p d frees @p c; on failure nobody would */
static void
add_container(struct rte_tel_data *d, const char *key, struct rte_tel_data *c)
{
	if (rte_tel_data_add_dict_container(d, key, c, 0) < 0)
		rte_tel_data_free(c);
}

int
dps__arp_telemetry_cmd(struct dps_binding *b, void *ctx, struct rte_tel_data *d)
{
	const struct dps_bind_params *bp = dps_binding_params(b);
	struct rte_tel_data *ips, *macs, *ages;
	struct arp_walk *w;
	int rc;

	RTE_SET_USED(ctx);
	w = calloc(1, sizeof(*w));
	if (w == NULL)
		return DPS_E_RESOURCES;
	rc = dps_arp_cache_foreach(b, arp_entry, w);
	if (rc < 0) {
		free(w);
		return rc;
	}
	ips = rte_tel_data_alloc();
	macs = rte_tel_data_alloc();
	ages = rte_tel_data_alloc();
	if (ips == NULL || macs == NULL || ages == NULL) {
		rte_tel_data_free(ips);
		rte_tel_data_free(macs);
		rte_tel_data_free(ages);
		free(w);
		return DPS_E_RESOURCES;
	}
	rte_tel_data_start_array(ips, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(macs, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(ages, RTE_TEL_U64_VAL);
	for (unsigned int i = 0; i < w->n; i++) {
		char ip[16], mac[RTE_ETHER_ADDR_FMT_SIZE];
		uint32_t a = rte_be_to_cpu_32(w->e[i].ip);

		snprintf(ip, sizeof(ip), "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff,
			a & 0xff);
		rte_ether_format_addr(mac, sizeof(mac), &w->e[i].mac);
		rte_tel_data_add_array_string(ips, ip);
		rte_tel_data_add_array_string(macs, mac);
		rte_tel_data_add_array_u64(ages, w->e[i].age_s);
	}
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "adapter", bp->adapter_name);
	rte_tel_data_add_dict_u64(d, "port", bp->port_id);
	rte_tel_data_add_dict_u64(d, "entries", w->total);
	rte_tel_data_add_dict_u64(d, "truncated", w->total - w->n);
	add_container(d, "ip", ips);
	add_container(d, "mac", macs);
	add_container(d, "age_s", ages);
	free(w);
	return DPS_OK;
}
