/* SPDX-License-Identifier: BSD-3-Clause */
/* Fault injection points (dps_fault.h). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_random.h>

#include "dps_fault.h"
#include "dps_status.h"

#ifdef DPS_FAULT_INJECTION

struct fault_point {
	const char *name;
	unsigned int every;
	unsigned int percent;
	uint64_t calls;
	uint64_t hits;
};

static struct fault_point points[DPS_FAULT_POINTS] = {
	[DPS_FAULT_MEMPOOL_GET] = {.name = "mempool_get"},
	[DPS_FAULT_RING_ENQUEUE] = {.name = "ring_enqueue"},
	[DPS_FAULT_TX_BURST] = {.name = "tx_burst"},
	[DPS_FAULT_ETH_CONFIGURE] = {.name = "eth_configure"},
	[DPS_FAULT_ETH_MTU] = {.name = "eth_mtu"},
	[DPS_FAULT_ETH_MAC] = {.name = "eth_mac"},
	[DPS_FAULT_MALLOC] = {.name = "malloc"},
	[DPS_FAULT_TELEMETRY_ALLOC] = {.name = "telemetry_alloc"},
};

volatile int dps__fault_armed;

int
dps__fault_fire(enum dps_fault_point p)
{
	struct fault_point *pt;
	unsigned int every, percent;

	if ((unsigned int)p >= DPS_FAULT_POINTS)
		return 0;
	pt = &points[p];
	every = __atomic_load_n(&pt->every, __ATOMIC_RELAXED);
	percent = __atomic_load_n(&pt->percent, __ATOMIC_RELAXED);
	if (every != 0) {
		if (__atomic_add_fetch(&pt->calls, 1, __ATOMIC_RELAXED) % every != 0)
			return 0;
	} else if (percent == 0 || rte_rand_max(100) >= percent) {
		return 0;
	}
	__atomic_add_fetch(&pt->hits, 1, __ATOMIC_RELAXED);
	return 1;
}

static void
update_armed(void)
{
	int armed = 0;

	for (unsigned int i = 0; i < DPS_FAULT_POINTS; i++)
		if (points[i].every != 0 || points[i].percent != 0)
			armed = 1;
	dps__fault_armed = armed;
}

static int
find_point(const char *name, size_t len)
{
	for (unsigned int i = 0; i < DPS_FAULT_POINTS; i++)
		if (strlen(points[i].name) == len && strncmp(points[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int
dps_fault_available(void)
{
	return 1;
}

int
dps_fault_set(const char *name, unsigned int every, unsigned int percent)
{
	int i;

	if (name == NULL)
		return DPS_E_INVALID_PARAMETER;
	i = find_point(name, strlen(name));
	if (i < 0)
		return DPS_E_NOT_FOUND;
	if (percent > 100 || (every != 0 && percent != 0))
		return DPS_E_INVALID_PARAMETER;
	__atomic_store_n(&points[i].calls, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&points[i].every, every, __ATOMIC_RELAXED);
	__atomic_store_n(&points[i].percent, percent, __ATOMIC_RELAXED);
	update_armed();
	return DPS_OK;
}

void
dps_fault_clear(void)
{
	for (unsigned int i = 0; i < DPS_FAULT_POINTS; i++) {
		__atomic_store_n(&points[i].every, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&points[i].percent, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&points[i].calls, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&points[i].hits, 0, __ATOMIC_RELAXED);
	}
	dps__fault_armed = 0;
}

uint64_t
dps_fault_hits(enum dps_fault_point p)
{
	if ((unsigned int)p >= DPS_FAULT_POINTS)
		return 0;
	return __atomic_load_n(&points[p].hits, __ATOMIC_RELAXED);
}

const char *
dps_fault_name(enum dps_fault_point p)
{
	return (unsigned int)p < DPS_FAULT_POINTS ? points[p].name : NULL;
}

void
dps_fault_report(FILE *f)
{
	const char *sep = "fault injection:";

	if (!dps__fault_armed)
		return;
	for (unsigned int i = 0; i < DPS_FAULT_POINTS; i++) {
		const struct fault_point *pt = &points[i];

		if (pt->every != 0)
			fprintf(f, "%s %s 1/%u fired %" PRIu64, sep, pt->name, pt->every, pt->hits);
		else if (pt->percent != 0)
			fprintf(f, "%s %s %u%% fired %" PRIu64, sep, pt->name, pt->percent,
				pt->hits);
		else
			continue;
		sep = ",";
	}
	fprintf(f, "\n");
}

/* One element NAME:N or NAME:pP into @p idx, @p every, @p percent. */
static int
parse_one(const char *el, size_t len, int *idx, unsigned int *every, unsigned int *percent,
	char *err, size_t elen)
{
	const char *colon = memchr(el, ':', len);
	char num[16];
	size_t nlen;
	unsigned long v;
	char *end;
	int pct;

	if (colon == NULL) {
		snprintf(err, elen, "'%.*s': expected NAME:N or NAME:pP", (int)len, el);
		return DPS_E_INVALID_PARAMETER;
	}
	*idx = find_point(el, (size_t)(colon - el));
	if (*idx < 0) {
		snprintf(err, elen,
			"'%.*s': no such point (mempool_get, ring_enqueue, tx_burst, "
			"eth_configure, "
			"eth_mtu, eth_mac, malloc, telemetry_alloc)",
			(int)(colon - el), el);
		return DPS_E_NOT_FOUND;
	}
	nlen = len - (size_t)(colon - el) - 1;
	el = colon + 1;
	pct = nlen > 0 && el[0] == 'p';
	if (pct) {
		el++;
		nlen--;
	}
	if (nlen == 0 || nlen >= sizeof(num) || el[0] < '0' || el[0] > '9') {
		snprintf(err, elen, "%s: '%.*s' is not a number", points[*idx].name, (int)nlen, el);
		return DPS_E_INVALID_PARAMETER;
	}
	memcpy(num, el, nlen);
	num[nlen] = '\0';
	errno = 0;
	v = strtoul(num, &end, 10);
	if (errno != 0 || *end != '\0' || v == 0 || (pct && v > 100) || v > UINT32_MAX) {
		snprintf(err, elen, "%s: '%s' is out of range (%s)", points[*idx].name, num,
			pct ? "p1..p100" : "1..4294967295");
		return DPS_E_INVALID_PARAMETER;
	}
	*every = pct ? 0 : (unsigned int)v;
	*percent = pct ? (unsigned int)v : 0;
	return DPS_OK;
}

int
dps_fault_parse(const char *spec, char *err, size_t len)
{
	return dps__fault_parse(spec, 1, err, len);
}

int
dps__fault_parse(const char *spec, int arm, char *err, size_t len)
{
	unsigned int every[DPS_FAULT_POINTS] = {0}, percent[DPS_FAULT_POINTS] = {0};
	int given[DPS_FAULT_POINTS] = {0};
	const char *p = spec;

	if (err != NULL && len > 0)
		err[0] = '\0';
	if (spec == NULL || spec[0] == '\0') {
		snprintf(err, len, "empty specification");
		return DPS_E_INVALID_PARAMETER;
	}
	while (*p != '\0') {
		const char *comma = strchr(p, ',');
		size_t el = comma != NULL ? (size_t)(comma - p) : strlen(p);
		unsigned int e, pc;
		int idx, rc;

		if (el == 0) {
			snprintf(err, len, "empty element");
			return DPS_E_INVALID_PARAMETER;
		}
		rc = parse_one(p, el, &idx, &e, &pc, err, len);
		if (rc != DPS_OK)
			return rc;
		if (given[idx]) {
			snprintf(err, len, "%s: given twice", points[idx].name);
			return DPS_E_INVALID_PARAMETER;
		}
		given[idx] = 1;
		every[idx] = e;
		percent[idx] = pc;
		p += el;
		if (*p == ',' && *++p == '\0') {
			snprintf(err, len, "empty element");
			return DPS_E_INVALID_PARAMETER;
		}
	}
	for (unsigned int i = 0; arm && i < DPS_FAULT_POINTS; i++)
		if (given[i])
			dps_fault_set(points[i].name, every[i], percent[i]);
	return DPS_OK;
}

int
dps_fault_init_env(int arm, char *err, size_t len)
{
	const char *spec = getenv("DPS_FAULTS");

	if (spec == NULL)
		return DPS_OK;
	return dps__fault_parse(spec, arm, err, len);
}

/* ---- the mbuf pool's gets: a mempool driver over DPDK's ring one ---- */

#define FAULT_MP_OPS "dps_fault_mp"

static const struct rte_mempool_ops *
ring_ops(void)
{
	static const struct rte_mempool_ops *ops;

	if (ops == NULL)
		for (unsigned int i = 0; i < rte_mempool_ops_table.num_ops; i++)
			if (strcmp(rte_mempool_ops_table.ops[i].name, "ring_mp_mc") == 0)
				ops = &rte_mempool_ops_table.ops[i];
	return ops;
}

static int
fault_mp_alloc(struct rte_mempool *mp)
{
	return ring_ops() != NULL ? ring_ops()->alloc(mp) : -ENOTSUP;
}

static void
fault_mp_free(struct rte_mempool *mp)
{
	ring_ops()->free(mp);
}

static int
fault_mp_enqueue(struct rte_mempool *mp, void *const *obj_table, unsigned int n)
{
	return ring_ops()->enqueue(mp, obj_table, n);
}

static int
fault_mp_dequeue(struct rte_mempool *mp, void **obj_table, unsigned int n)
{
	if (dps_fault(DPS_FAULT_MEMPOOL_GET))
		return -ENOBUFS;
	return ring_ops()->dequeue(mp, obj_table, n);
}

static unsigned int
fault_mp_get_count(const struct rte_mempool *mp)
{
	return ring_ops()->get_count(mp);
}

static struct rte_mempool_ops fault_mp_ops = {
	.name = FAULT_MP_OPS,
	.alloc = fault_mp_alloc,
	.free = fault_mp_free,
	.enqueue = fault_mp_enqueue,
	.dequeue = fault_mp_dequeue,
	.get_count = fault_mp_get_count,
};

RTE_MEMPOOL_REGISTER_OPS(fault_mp_ops);

struct rte_mempool *
dps_fault_pool_create(const char *name, unsigned int n, unsigned int cache_size, uint16_t priv_size,
	uint16_t data_room_size, int socket_id)
{
	return rte_pktmbuf_pool_create_by_ops(
		name, n, cache_size, priv_size, data_room_size, socket_id, FAULT_MP_OPS);
}

#else /* !DPS_FAULT_INJECTION */

int
dps_fault_available(void)
{
	return 0;
}

int
dps_fault_set(const char *name, unsigned int every, unsigned int percent)
{
	RTE_SET_USED(name);
	RTE_SET_USED(every);
	RTE_SET_USED(percent);
	return DPS_E_NOT_SUPPORTED;
}

int
dps_fault_parse(const char *spec, char *err, size_t len)
{
	RTE_SET_USED(spec);
	snprintf(err, len, "this build has no fault injection (meson -Dfault_injection=true)");
	return DPS_E_NOT_SUPPORTED;
}

int
dps__fault_parse(const char *spec, int arm, char *err, size_t len)
{
	RTE_SET_USED(arm);
	return dps_fault_parse(spec, err, len);
}

int
dps_fault_init_env(int arm, char *err, size_t len)
{
	if (getenv("DPS_FAULTS") == NULL)
		return DPS_OK;
	return dps__fault_parse(getenv("DPS_FAULTS"), arm, err, len);
}

void
dps_fault_clear(void)
{
}

void
dps_fault_report(FILE *f)
{
	RTE_SET_USED(f);
}

uint64_t
dps_fault_hits(enum dps_fault_point p)
{
	RTE_SET_USED(p);
	return 0;
}

const char *
dps_fault_name(enum dps_fault_point p)
{
	RTE_SET_USED(p);
	return NULL;
}

struct rte_mempool *
dps_fault_pool_create(const char *name, unsigned int n, unsigned int cache_size, uint16_t priv_size,
	uint16_t data_room_size, int socket_id)
{
	return rte_pktmbuf_pool_create(name, n, cache_size, priv_size, data_room_size, socket_id);
}

#endif
