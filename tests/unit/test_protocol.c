/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The protocol face without a running stack: descriptor validation (each
 * bad field, its exact status and the field its message names), the
 * registry (the built-ins registered themselves from their folders, name
 * order, duplicate names, a full or sealed registry), the plugin entry.
 */
#include <string.h>

#include "dps_binding.h"
#include "dps_protocol.h"
#include "dps_test.h"

struct tp_ctx {
	uint64_t rows[DPS_PROTO_STAT_SLOTS][2];
};

static DPS_CONTEXT_TYPE(tp_ctx_type, struct tp_ctx, NULL);

static void
tp_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	RTE_SET_USED(b);
	RTE_SET_USED(ctx);
	RTE_SET_USED(pkts);
	RTE_SET_USED(n);
	RTE_SET_USED(flags);
}

static const struct dps_protocol_ops tp_ops = {.receive = tp_receive};
static const struct dps_protocol_ops no_receive_ops = {.receive = NULL};
static const uint16_t tp_types[] = {0x88b5};
static const char *const tp_names[] = {"c_one", "c_two"};
static const char *const bad_names[] = {"c_one", "C-two"};
static const char *const dup_names[] = {"same", "same"};
static const struct dps_config_key tp_keys[] = {
	{"depth", DPS_CFG_U32, 1, 8, "4", "how deep"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};
static const struct dps_config_key bad_keys[] = {
	{"depth", DPS_CFG_U32, 9, 8, "4", "min above max"},
	{NULL, DPS_CFG_U32, 0, 0, NULL, NULL},
};

/* A descriptor that validates; each test breaks one field of a copy. */
static struct dps_protocol_desc
good(void)
{
	struct dps_protocol_desc d = {
		.name = "tproto",
		.ethertypes = tp_types,
		.nb_ethertypes = 1,
		.default_filter = DPS_FILTER_DIRECTED,
		.ops = &tp_ops,
		.binding_ctx = &tp_ctx_type,
		.config_keys = tp_keys,
		.counters = {tp_names, 2, offsetof(struct tp_ctx, rows), sizeof(uint64_t[2])},
	};
	return d;
}

/* validate @p d: @p want, and on failure a message containing @p field */
static void
expect(const struct dps_protocol_desc *d, int want, const char *field, int line)
{
	char err[256] = "untouched";
	int rc = dps_protocol_desc_validate(d, err, sizeof(err));

	if (rc != want || (field != NULL && strstr(err, field) == NULL) ||
		(field == NULL && err[0] != '\0'))
		fprintf(stderr, "line %d: %s, '%s' (want %s, '%s')\n", line, dps_status_str(rc),
			err, dps_status_str(want), field != NULL ? field : "");
	CU_ASSERT_EQUAL(rc, want);
	if (field != NULL) {
		CU_ASSERT_PTR_NOT_NULL(strstr(err, field));
	} else {
		CU_ASSERT_STRING_EQUAL(err, "");
	}
}
#define EXPECT(d, want, field) expect(d, want, field, __LINE__)

static void
test_validate_good(void)
{
	struct dps_protocol_desc d = good();

	EXPECT(&d, DPS_OK, NULL);
	CU_ASSERT_EQUAL(dps_protocol_desc_validate(&d, NULL, 0), DPS_OK);
	/* no EtherTypes and no receive: a send-only protocol */
	d.ethertypes = NULL;
	d.nb_ethertypes = 0;
	d.ops = &no_receive_ops;
	EXPECT(&d, DPS_OK, NULL);
	/* catch-all with receive */
	d = good();
	d.ethertypes = NULL;
	d.nb_ethertypes = 0;
	d.catch_all = 1;
	EXPECT(&d, DPS_OK, NULL);
	/* no counters, no keys */
	d = good();
	d.counters.n = 0;
	d.counters.names = NULL;
	d.config_keys = NULL;
	EXPECT(&d, DPS_OK, NULL);
}

static void
test_validate_name(void)
{
	struct dps_protocol_desc d = good();

	EXPECT(NULL, DPS_E_INVALID_PARAMETER, "no descriptor");
	CU_ASSERT_EQUAL(dps_protocol_desc_validate(NULL, NULL, 0), DPS_E_INVALID_PARAMETER);
	d.name = NULL;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "protocol name '(null)'");
	d.name = "";
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "protocol name ''");
	d.name = "Upper";
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "protocol name 'Upper'");
	d.name = "has-dash";
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "protocol name 'has-dash'");
	d.name = "sixteen_chars_xx";
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "1..15 characters");
	d.name = "fifteen_chars_x";
	EXPECT(&d, DPS_OK, NULL);
}

static void
test_validate_fields(void)
{
	struct dps_protocol_desc d;

	d = good();
	d.ops = NULL;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "protocol tproto: no ops");
	d = good();
	d.binding_ctx = NULL;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "protocol tproto: no binding_ctx");
	d = good();
	d.nb_ethertypes = DPS_BINDING_MAX_ETHERTYPES + 1;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "nb_ethertypes 17 is more than 16");
	d = good();
	d.ethertypes = NULL;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "ethertypes is NULL");
	d = good();
	d.catch_all = 1;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "catch_all with ethertypes");
	d = good();
	d.ops = &no_receive_ops;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "ops->receive is NULL");
	d = good();
	d.nb_ethertypes = 0;
	d.catch_all = 1;
	d.ops = &no_receive_ops;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "ops->receive is NULL");
	d = good();
	d.default_filter = 0x40;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "default_filter 0x40 has unknown bits");
	d = good();
	d.config_keys = bad_keys;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "depth");
}

static void
test_validate_counters(void)
{
	struct dps_protocol_desc d;

	d = good();
	d.counters.n = DPS_PROTOCOL_MAX_COUNTERS + 1;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.n 65 is more than 64");
	d = good();
	d.counters.names = NULL;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.names is NULL");
	d = good();
	d.counters.stride = 8; /* two counters need 16 */
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.stride 8");
	d = good();
	d.counters.stride = 20;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.stride 20");
	d = good();
	d.counters.offset = 8; /* the last row would end past the context */
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.offset 8");
	d = good();
	d.counters.offset = 4;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.offset 4");
	d = good();
	d.counters.names = bad_names;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counters.names[1]");
	d = good();
	d.counters.names = dup_names;
	EXPECT(&d, DPS_E_INVALID_PARAMETER, "counter 'same' named twice");
}

static void
test_builtins_registered_themselves(void)
{
	char err[64] = "x";

	/* the constructors of lib/proto/{arp,ipv4,raw,vlan,xconnect} ran: link_whole kept them */
	CU_ASSERT_EQUAL_FATAL(dps_protocol_registry_count(), 5);
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(0)->name, "arp");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(1)->name, "ipv4");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(2)->name, "raw");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(3)->name, "vlan");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(4)->name, "xconnect");
	CU_ASSERT_PTR_NULL(dps_protocol_registry_get(5));
	CU_ASSERT(dps_protocol_registry_get(4)->catch_all);
	CU_ASSERT_PTR_NULL(dps_protocol_registry_get(4)->socket_service);
	CU_ASSERT_PTR_NULL(dps_protocol_registry_get(3)->socket_service);
	CU_ASSERT_EQUAL(dps_protocol_registry_check(err, sizeof(err)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(err, "");
	/* the socket service is raw's alone */
	CU_ASSERT_PTR_NULL(dps_protocol_registry_get(0)->socket_service);
	CU_ASSERT_PTR_NULL(dps_protocol_registry_get(1)->socket_service);
	CU_ASSERT_PTR_NOT_NULL(dps_protocol_registry_get(2)->socket_service);
}

/* what DPS_PROTOCOL_REGISTER does with a bad descriptor: kept for the start */
static void
test_ctor_failure_kept(void)
{
	struct dps_protocol_desc bad = good(), dup = good();
	unsigned int before = dps_protocol_registry_count();
	char err[160];

	bad.ops = NULL;
	dps__protocol_registry_ctor(&bad);
	CU_ASSERT_EQUAL(dps_protocol_registry_check(err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "protocol tproto: no ops");
	/* the first failure is the one reported */
	dup.name = "arp";
	dps__protocol_registry_ctor(&dup);
	CU_ASSERT_EQUAL(dps_protocol_registry_check(err, sizeof(err)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(err, "protocol tproto: no ops");
	CU_ASSERT_EQUAL(dps_protocol_registry_check(NULL, 0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_protocol_registry_count(), before); /* neither was added */
}

static struct dps_protocol_desc extra[40];
static char extra_names[40][16];

static void
test_registry_add(void)
{
	struct dps_protocol_desc dup = good(), bad = good();
	unsigned int n, i;

	/* a descriptor named like a built-in */
	dup.name = "ipv4";
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&dup), DPS_E_EXISTS);
	bad.ops = NULL;
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&bad), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_protocol_registry_add(NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_protocol_registry_count(), 5);

	/* name order, whatever the order of adding */
	extra[0] = good();
	extra[0].name = "lldp";
	extra[1] = good();
	extra[1].name = "aaa";
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&extra[0]), DPS_OK);
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&extra[1]), DPS_OK);
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&extra[1]), DPS_E_EXISTS);
	CU_ASSERT_EQUAL_FATAL(dps_protocol_registry_count(), 7);
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(0)->name, "aaa");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(1)->name, "arp");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(2)->name, "ipv4");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(3)->name, "lldp");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(4)->name, "raw");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(5)->name, "vlan");
	CU_ASSERT_STRING_EQUAL(dps_protocol_registry_get(6)->name, "xconnect");

	/* full: 32 descriptors */
	for (i = 2, n = dps_protocol_registry_count(); n < 32; i++, n++) {
		snprintf(extra_names[i], sizeof(extra_names[i]), "p%02u", i);
		extra[i] = good();
		extra[i].name = extra_names[i];
		CU_ASSERT_EQUAL_FATAL(dps_protocol_registry_add(&extra[i]), DPS_OK);
	}
	snprintf(extra_names[i], sizeof(extra_names[i]), "p%02u", i);
	extra[i] = good();
	extra[i].name = extra_names[i];
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&extra[i]), DPS_E_RESOURCES);
	CU_ASSERT_EQUAL(dps_protocol_registry_count(), 32);
}

static void
test_registry_sealed(void)
{
	struct dps_protocol_desc late = good();

	late.name = "late";
	dps_protocol_registry_seal();
	CU_ASSERT_EQUAL(dps_protocol_registry_add(&late), DPS_E_INVALID_STATE);
}

static const struct dps_protocol_desc tp_desc = {
	.name = "tplugin",
	.ops = &tp_ops,
	.binding_ctx = &tp_ctx_type,
};
DPS_PLUGIN_EXPORT(tp_desc);

static void
test_plugin_entry(void)
{
	CU_ASSERT_STRING_EQUAL(DPS_PLUGIN_ENTRY_SYMBOL, "dps_plugin_entry");
	CU_ASSERT_EQUAL(dps_plugin_entry.abi_version, DPS_PROTOCOL_ABI_VERSION);
	CU_ASSERT_PTR_EQUAL(dps_plugin_entry.desc, &tp_desc);
	CU_ASSERT_EQUAL(dps_protocol_desc_validate(dps_plugin_entry.desc, NULL, 0), DPS_OK);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_validate_good),
	DPS_TEST(test_validate_name),
	DPS_TEST(test_validate_fields),
	DPS_TEST(test_validate_counters),
	DPS_TEST(test_builtins_registered_themselves),
	DPS_TEST(test_ctor_failure_kept),
	DPS_TEST(test_registry_add),
	DPS_TEST(test_registry_sealed),
	DPS_TEST(test_plugin_entry),
};

DPS_TEST_MAIN("protocol", cases, NULL, NULL)
