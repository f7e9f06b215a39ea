/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The raw protocol and the control-socket server in one process, driven by
 * libdpsclient from a client thread while this thread runs the control
 * loop: enumeration, opens, per-client handles, the OID allow-list, and an
 * adapter removed under an open (pending waits fail, later calls get
 * DPS_E_ADAPTER_REMOVED, the client reopens elsewhere), a client that
 * disconnects with opens held. Two net_null adapters, no hugepages.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_client.h"
#include "dps_ctrl.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_raw.h"
#include "dps_server.h"
#include "dps_status.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "dps_worker.h"

static struct dps_object *stack;
static struct rte_mempool *pool;
static struct dps_adapter *null0, *null1;
static unsigned int base_objects;
static char sock_dir[] = "/tmp/dps_test_raw.XXXXXX";
static char sock_path[128];

/* the client thread's script, and where it waits for this thread */
static atomic_int step;	     /* what the client reached */
static atomic_int go_remove; /* the client waits: remove null1 now */
static atomic_int client_done;
static int r_wait, r_recv, r_send, r_oid, r_close, r_stale, r_reopen, r_other_handle, r_perm,
	r_allowed, r_list2, r_list_end, r_open0, r_f0_set, r_f0_get, r_vlan;
static uint32_t f_own, f_other, f_bad;
static uint32_t union_while_open;
static uint32_t nb_listed;

static void *
client_main(void *arg)
{
	static const uint16_t types[] = {0x88b5};
	struct dps_client *c = NULL, *c2 = NULL;
	struct dps_client_binding info;
	struct dps_client_indication ind;
	uint64_t h1 = 0, h0 = 0, hx = 0;
	uint8_t buf[64], frame[60];
	uint32_t len, orig, v = 1, got, need;

	(void)arg;
	if (dps_client_connect(sock_path, &c) != DPS_OK)
		goto out;
	dps_client_set_timeout(c, 5000);
	for (nb_listed = 0; nb_listed < 8; nb_listed++)
		if (dps_client_list(c, nb_listed, &info) != DPS_OK)
			break;
	r_list_end = dps_client_list(c, nb_listed, &info);
	r_list2 = (int)nb_listed;

	if (dps_client_open(c, "null1", types, 1, NULL, 0, &h1) != DPS_OK)
		goto out;
	/* wait for a link change that will not come: the adapter goes instead */
	atomic_store(&go_remove, 1);
	r_wait = dps_client_wait_status(c, h1, 3000, &ind);
	r_recv = dps_client_recv(c, h1, buf, sizeof(buf), 0, &len, &orig);
	memset(frame, 0, sizeof(frame));
	frame[12] = 0x88;
	frame[13] = 0xb5;
	r_send = dps_client_send(c, h1, frame, sizeof(frame));
	r_oid = dps_client_oid_query(
		c, h1, OID_802_3_CURRENT_ADDRESS, buf, sizeof(buf), &got, &need);
	r_close = dps_client_close_open(c, h1);
	r_stale = dps_client_recv(c, h1, buf, sizeof(buf), 0, &len, &orig);
	r_reopen = dps_client_open(c, "null1", types, 1, NULL, 0, &hx);
	r_open0 = dps_client_open(c, "null0", types, 1, NULL, 0, &h0);

	/* a second client cannot use the first one's handle; its packet filter
	 * is its own: the first one's filter 0 changes nothing for it */
	v = 0;
	r_f0_set = dps_client_oid_set(c, h0, OID_GEN_CURRENT_PACKET_FILTER, &v, 4, &got, &need);
	r_f0_get =
		dps_client_oid_query(c, h0, OID_GEN_CURRENT_PACKET_FILTER, &f_own, 4, &got, &need);
	if (dps_client_connect(sock_path, &c2) == DPS_OK) {
		uint64_t h2 = 0;

		r_other_handle = dps_client_recv(c2, h0, buf, sizeof(buf), 0, &len, &orig);
		if (dps_client_open(c2, "null0", types, 1, NULL, 0, &h2) == DPS_OK) {
			dps_client_oid_query(
				c2, h2, OID_GEN_CURRENT_PACKET_FILTER, &f_other, 4, &got, &need);
			atomic_store(&step, 2); /* the main thread reads the union now */
			for (int i = 0; i < 200 && atomic_load(&step) != 3; i++)
				usleep(10000);
			v = 0x40000; /* no such filter bit */
			dps_client_oid_set(
				c2, h2, OID_GEN_CURRENT_PACKET_FILTER, &v, 4, &got, &need);
			dps_client_oid_query(
				c2, h2, OID_GEN_CURRENT_PACKET_FILTER, &f_bad, 4, &got, &need);
			/* the VLAN id is per binding, shared: admins only; this client is
			 * root, an admin, so the value itself is checked (0..4095) */
			v = 5000;
			r_vlan = dps_client_oid_set(c2, h2, OID_GEN_VLAN_ID, &v, 4, &got, &need);
		}
		dps_client_close(c2);
	}
	/* sets outside the allow-list are refused; allowed ones are tried */
	r_perm = dps_client_oid_set(c, h0, OID_DPS_ADAPTER_REMOVE, &v, 4, &got, &need);
	v = 0x0b; /* DIRECTED | MULTICAST | BROADCAST */
	r_allowed = dps_client_oid_set(c, h0, OID_GEN_CURRENT_PACKET_FILTER, &v, 4, &got, &need);
	atomic_store(&step, 1);
out:
	/* disconnect with h0 still open: the server frees it */
	dps_client_close(c);
	atomic_store(&client_done, 1);
	return NULL;
}

static int
suite_init(void)
{
	char *argv[] = {"test_raw", "--no-huge", "--no-pci", "-m", "512", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_raw", "--log-level=*:warning"};
	struct dps_object_attr sa = {.type = "stack", .name = "test"};
	struct dps_server_conf sc = {
		.allow_uid = UINT32_MAX,
		.allow_gid = UINT32_MAX,
		.admin_uid = UINT32_MAX,
		.admin_gid = UINT32_MAX,
		.max_clients = 8,
		.max_queued_bytes = 1 << 20,
	};

	if (mkdtemp(sock_dir) == NULL)
		return -1;
	snprintf(sock_path, sizeof(sock_path), "%s/dpstack.sock", sock_dir);
	sc.path = sock_path;
	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("test_pool", 4095, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	base_objects = dps_object_live_count();
	if (pool == NULL || dps_object_create(&sa, NULL, &stack) != DPS_OK ||
		dps_workers_init() != DPS_OK)
		return -1;
	null0 = dps_test_adapter(stack, pool, "null0", "net_null0", 256, 0);
	null1 = dps_test_adapter(stack, pool, "null1", "net_null1", 256, 0);
	if (null0 == NULL || null1 == NULL || dps_ctrl_init(256, 64, 1000) != DPS_OK ||
		dps_binding_layer_init(stack, dps_workers_rcu()) != DPS_OK ||
		dps_protocol_register(&dps_proto_raw, NULL, NULL) != DPS_OK ||
		dps_workers_launch() != DPS_OK)
		return -1;
	return dps_server_start(stack, &sc, dps_raw_server_ops(4)) == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {null0, null1};
	int rc;

	dps_server_stop();
	rc = dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
	rmdir(sock_dir);
	return rc;
}

static void
test_socket_is_there_and_refuses_a_second_server(void)
{
	struct dps_server_conf sc = {
		sock_path, UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX, 8, 1 << 20};

	CU_ASSERT_EQUAL(access(sock_path, F_OK), 0);
	CU_ASSERT_EQUAL(dps_server_start(stack, &sc, dps_raw_server_ops(4)), DPS_E_INVALID_STATE);
	sc.path = NULL;
	CU_ASSERT_EQUAL(
		dps_server_start(stack, &sc, dps_raw_server_ops(4)), DPS_E_INVALID_PARAMETER);
}

static int
first_raw_on_null0(struct dps_binding *b, void *arg)
{
	if (dps_binding_adapter(b) == null0) {
		*(struct dps_binding **)arg = b;
		return 1;
	}
	return 0;
}

static void
test_adapter_removed_under_an_open(void)
{
	struct dps_raw_stats rs;
	pthread_t th;
	uint64_t end;

	CU_ASSERT_EQUAL_FATAL(pthread_create(&th, NULL, client_main, NULL), 0);
	end = rte_get_timer_cycles() + 20 * rte_get_timer_hz();
	while (!atomic_load(&client_done) && rte_get_timer_cycles() < end) {
		if (atomic_load(&step) == 2) {
			struct dps_binding *rb0 = NULL;

			dps_binding_foreach(first_raw_on_null0, &rb0);
			union_while_open = dps_binding_filter(rb0);
			atomic_store(&step, 3);
		}
		if (atomic_load(&go_remove) == 1) {
			/* let the wait reach the server, then remove the adapter */
			for (int i = 0; i < 200; i++) {
				dps_ctrl_poll();
				rte_delay_us_sleep(500);
			}
			CU_ASSERT_EQUAL(dps_ctrl_adapter_remove(null1), DPS_PENDING);
			atomic_store(&go_remove, 2);
		}
		if (dps_ctrl_poll() == 0)
			rte_delay_us_sleep(200);
	}
	pthread_join(th, NULL);
	for (int i = 0; i < 100; i++) { /* the server sees the disconnect */
		dps_ctrl_poll();
		rte_delay_us_sleep(500);
	}
	CU_ASSERT(atomic_load(&step) >= 1);
	CU_ASSERT_EQUAL(r_list2, 2);
	CU_ASSERT_EQUAL(r_list_end, DPS_E_NO_MORE_ENTRIES);
	CU_ASSERT_EQUAL(r_wait, DPS_E_ADAPTER_REMOVED);
	CU_ASSERT_EQUAL(r_recv, DPS_E_ADAPTER_REMOVED);
	CU_ASSERT_EQUAL(r_send, DPS_E_ADAPTER_REMOVED);
	CU_ASSERT_EQUAL(r_oid, DPS_E_ADAPTER_REMOVED);
	CU_ASSERT_EQUAL(r_close, DPS_OK);
	CU_ASSERT_EQUAL(r_stale, DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(r_reopen, DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(r_open0, DPS_OK);
	CU_ASSERT_EQUAL(r_other_handle, DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(r_perm, DPS_E_PERMISSION);
	CU_ASSERT_EQUAL(r_f0_set, DPS_OK);
	CU_ASSERT_EQUAL(r_f0_get, DPS_OK);
	CU_ASSERT_EQUAL(f_own, 0);
	CU_ASSERT_EQUAL(f_other, 0x0b); /* directed | multicast | broadcast */
	CU_ASSERT_EQUAL(union_while_open, 0x0b);
	CU_ASSERT_EQUAL(f_bad, 0x0b); /* the bad set changed nothing */
	CU_ASSERT_EQUAL(r_vlan, DPS_E_INVALID_DATA);
	{
		struct dps_binding *rb0 = NULL;

		dps_binding_foreach(first_raw_on_null0, &rb0);
		/* both clients left: back to the default, nothing of theirs remains */
		CU_ASSERT_PTR_NOT_NULL(rb0);
		CU_ASSERT_EQUAL(dps_binding_filter(rb0), 0x0b);
	}
	CU_ASSERT_NOT_EQUAL(r_allowed, DPS_E_PERMISSION);
	CU_ASSERT_PTR_NULL(dps_adapter_find("null1"));
	null1 = NULL;
	/* the client left with an open: nothing of it remains */
	dps_raw_stats(&rs);
	CU_ASSERT_EQUAL(rs.opens, 0);
	CU_ASSERT_EQUAL(rs.opened, 3);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_socket_is_there_and_refuses_a_second_server),
	DPS_TEST(test_adapter_removed_under_an_open),
};

DPS_TEST_MAIN("raw", cases, suite_init, suite_clean)
