/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef LLDP_NEIGH_H
#define LLDP_NEIGH_H

/*
 * The neighbour table of one adapter (802.1AB remote systems MIB, reduced):
 * one entry per MSAP (Chassis ID + Port ID), kept until its TTL runs out.
 * Fixed size, no allocation; the caller locks it and passes the time in
 * seconds (any monotonic clock), so aging is tested without waiting.
 */

#include <stdint.h>

#include "lldp_frame.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Neighbours one adapter keeps; a new one beyond this is counted and dropped. */
#define LLDP_NEIGH_MAX 16

struct lldp_neigh {
	int used;
	uint64_t expires;	  /**< seconds, the caller's clock */
	uint64_t updates;	  /**< LLDPDUs received from it */
	struct lldp_rx_info info; /**< the last one */
};

struct lldp_neigh_table {
	struct lldp_neigh e[LLDP_NEIGH_MAX];
	unsigned int count;
};

/** lldp_neigh_update outcomes. */
enum lldp_neigh_result {
	LLDP_NEIGH_ADDED,
	LLDP_NEIGH_UPDATED,
	LLDP_NEIGH_REMOVED, /**< a shutdown LLDPDU (TTL 0) of a known neighbour */
	LLDP_NEIGH_IGNORED, /**< a shutdown LLDPDU of an unknown one */
	LLDP_NEIGH_FULL,    /**< a new neighbour and no room: dropped */
};

/** Add, refresh or (TTL 0) remove the neighbour @p info names, at time @p now. */
enum lldp_neigh_result lldp_neigh_update(
	struct lldp_neigh_table *t, const struct lldp_rx_info *info, uint64_t now);

/** Remove every neighbour whose TTL ran out by @p now; @return how many. */
unsigned int lldp_neigh_age(struct lldp_neigh_table *t, uint64_t now);

#ifdef __cplusplus
}
#endif

#endif /* LLDP_NEIGH_H */
