/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pcap filter expressions for the datapath: libpcap compiles the text to
 * classic BPF, rte_bpf converts and loads it (JIT where the platform has
 * one). Shared by raw opens and captures (lib/capture). Control side.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

#include <rte_bpf.h>
#include <rte_errno.h>
#include <rte_malloc.h>

#include "raw_private.h"

int
dps_raw_filter_compile(const char *expr, struct rte_bpf **bpf, uint64_t (**jit)(void *ctx),
	char *err, size_t errlen)
{
	struct bpf_program prog;
	struct rte_bpf_prm *prm;
	struct rte_bpf_jit j;
	pcap_t *pc;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (expr == NULL || bpf == NULL)
		return DPS_E_INVALID_PARAMETER;
	*bpf = NULL;
	if (jit != NULL)
		*jit = NULL;
	pc = pcap_open_dead(DLT_EN10MB, 65535);
	if (pc == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "libpcap has no memory");
		return DPS_E_RESOURCES;
	}
	if (pcap_compile(pc, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "%s", pcap_geterr(pc));
		DPS_LOG(DEBUG, raw, "filter '%.64s': %s", expr, pcap_geterr(pc));
		pcap_close(pc);
		return DPS_E_INVALID_DATA;
	}
	prm = rte_bpf_convert(&prog);
	pcap_freecode(&prog);
	pcap_close(pc);
	if (prm == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "rte_bpf_convert: %s", rte_strerror(rte_errno));
		return DPS_E_INVALID_DATA;
	}
	*bpf = rte_bpf_load(prm);
	rte_free(prm);
	if (*bpf == NULL) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "rte_bpf_load: %s", rte_strerror(rte_errno));
		return DPS_E_INVALID_DATA;
	}
	if (jit != NULL && rte_bpf_get_jit(*bpf, &j) == 0 && j.func != NULL)
		*jit = j.func;
	return DPS_OK;
}
