/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness of the LLDP example's parser (examples/lldp): any bytes
 * as a whole frame and as an LLDPDU. Whatever it accepts must have
 * NUL-terminated strings within their buffers and raw ids within their
 * lengths, and must go into a neighbour table and age out of it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lldp_frame.h"
#include "lldp_neigh.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check(const struct lldp_rx_info *ri)
{
	static struct lldp_neigh_table t;

	if (strnlen(ri->chassis, sizeof(ri->chassis)) == sizeof(ri->chassis) ||
		strnlen(ri->port, sizeof(ri->port)) == sizeof(ri->port) ||
		strnlen(ri->system_name, sizeof(ri->system_name)) == sizeof(ri->system_name) ||
		strnlen(ri->port_descr, sizeof(ri->port_descr)) == sizeof(ri->port_descr) ||
		ri->chassis_len == 0 || ri->chassis_len > LLDP_ID_MAX || ri->port_len == 0 ||
		ri->port_len > LLDP_ID_MAX)
		abort();
	lldp_neigh_update(&t, ri, 1);
	if (lldp_neigh_age(&t, UINT64_MAX) > LLDP_NEIGH_MAX || t.count != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lldp_rx_info ri;

	if (lldp_parse(data, size, &ri) == LLDP_PARSE_OK)
		check(&ri);
	if (lldp_parse_frame(data, size, &ri) == LLDP_PARSE_OK)
		check(&ri);
	return 0;
}
