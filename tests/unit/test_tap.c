/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The control plane against the Linux kernel through net_tap (run inside a
 * network namespace made by tests/unit/netns_run.sh): an MTU set through the
 * OID path is the MTU the kernel sees and the bindings see PAUSE then
 * RESTART; link down/up of the kernel interface and administrative down/up
 * reach the bindings as LINK_STATE indications; an adapter removed at run
 * time leaves the other one working and nothing leaked.
 */
#include <net/if.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "dps_adapter.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_status.h"
#include "dps_test.h"
#include "dps_test_stack.h"
#include "dps_worker.h"

static struct dps_object *stack;
static struct rte_mempool *pool;
static struct dps_adapter *tap0, *tap1;
static unsigned int base_objects;

struct rec {
	atomic_int link_up_ind, link_down_ind, unbinds, closes;
	char pnp[32];
	atomic_int npnp;
};
static struct rec rec[2];

struct tctx {
	struct rec *r;
};

static int
t_bind(struct dps_binding *b, void *ctx, const struct dps_bind_params *p)
{
	struct tctx *t = ctx;

	(void)b;
	t->r = strcmp(p->adapter_name, "tap0") == 0 ? &rec[0] : &rec[1];
	return DPS_OK;
}

static void
t_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t f)
{
	(void)b;
	(void)ctx;
	(void)f;
	rte_pktmbuf_free_bulk(pkts, n);
}

static void
t_status(struct dps_binding *b, void *ctx, const struct dps_status_indication *ind)
{
	struct tctx *t = ctx;

	(void)b;
	if (ind->code == DPS_IND_LINK_STATE)
		atomic_fetch_add(ind->link_up ? &t->r->link_up_ind : &t->r->link_down_ind, 1);
}

static int
t_pnp(struct dps_binding *b, void *ctx, const struct dps_pnp_event *ev)
{
	struct tctx *t = ctx;
	int i = atomic_fetch_add(&t->r->npnp, 1);

	(void)b;
	if (i < 31)
		t->r->pnp[i] = ev->code == DPS_PNP_PAUSE ? 'P' : 'R';
	return DPS_OK;
}

static void
t_unbind(struct dps_binding *b, void *ctx)
{
	struct tctx *t = ctx;

	(void)b;
	atomic_fetch_add(&t->r->unbinds, 1);
}

static void
t_close(struct dps_binding *b, void *ctx)
{
	struct tctx *t = ctx;

	(void)b;
	atomic_fetch_add(&t->r->closes, 1);
}

static DPS_CONTEXT_TYPE(tctx_type, struct tctx, NULL);
static const uint16_t types[] = {0x0800};
static const struct dps_protocol_ops ops = {
	.bind_adapter = t_bind,
	.unbind_adapter = t_unbind,
	.close_complete = t_close,
	.receive = t_receive,
	.status = t_status,
	.pnp_event = t_pnp,
};
static const struct dps_protocol_desc desc = {
	.name = "taptest",
	.ethertypes = types,
	.nb_ethertypes = 1,
	.default_filter = DPS_FILTER_DIRECTED,
	.ops = &ops,
	.binding_ctx = &tctx_type,
};

static int
kernel_ifreq(const char *ifname, unsigned long op, struct ifreq *ifr)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0), rc;

	if (fd < 0)
		return -1;
	snprintf(ifr->ifr_name, sizeof(ifr->ifr_name), "%s", ifname);
	rc = ioctl(fd, op, ifr);
	close(fd);
	return rc;
}

static int
kernel_mtu(const char *ifname)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	return kernel_ifreq(ifname, SIOCGIFMTU, &ifr) == 0 ? ifr.ifr_mtu : -1;
}

static int
kernel_set_up(const char *ifname, int up)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	if (kernel_ifreq(ifname, SIOCGIFFLAGS, &ifr) != 0)
		return -1;
	if (up)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	return kernel_ifreq(ifname, SIOCSIFFLAGS, &ifr);
}

static void
poll_until(atomic_int *v, int want, unsigned int ms)
{
	uint64_t end = rte_get_timer_cycles() + rte_get_timer_hz() * ms / 1000;

	while (rte_get_timer_cycles() < end && (v == NULL || atomic_load(v) < want))
		if (dps_ctrl_poll() == 0)
			rte_delay_us_sleep(500);
}

struct find_arg {
	struct dps_adapter *a;
	struct dps_binding *b;
};

static int
find_cb(struct dps_binding *b, void *arg)
{
	struct find_arg *f = arg;

	if (dps_binding_adapter(b) == f->a) {
		f->b = b;
		return 1;
	}
	return 0;
}

static struct dps_binding *
binding_on(struct dps_adapter *a)
{
	struct find_arg f = {a, NULL};

	dps_binding_foreach(find_cb, &f);
	return f.b;
}

static int
suite_init(void)
{
	char *argv[] = {"test_tap", "--no-huge", "--no-pci", "-m", "512", "-l", "0-1",
		"--no-shconf", "--file-prefix=test_tap", "--log-level=*:warning"};
	struct dps_object_attr sa = {.type = "stack", .name = "test"};

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("test_pool", 4095, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	base_objects = dps_object_live_count();
	if (pool == NULL || dps_object_create(&sa, NULL, &stack) != DPS_OK ||
		dps_workers_init() != DPS_OK)
		return -1;
	tap0 = dps_test_adapter(stack, pool, "tap0", "net_tap0,iface=dpt0", 256, 1500);
	tap1 = dps_test_adapter(stack, pool, "tap1", "net_tap1,iface=dpt1", 256, 1500);
	if (tap0 == NULL || tap1 == NULL)
		return -1;
	if (dps_ctrl_init(256, 64, 200) != DPS_OK ||
		dps_binding_layer_init(stack, dps_workers_rcu()) != DPS_OK ||
		dps_protocol_register(&desc, NULL, NULL) != DPS_OK)
		return -1;
	return dps_workers_launch() == DPS_OK ? 0 : -1;
}

static int
suite_clean(void)
{
	struct dps_adapter *ads[] = {tap0, tap1};
	int rc;

	rc = dps_test_teardown(stack, pool, base_objects, ads, RTE_DIM(ads));
	return rc;
}

static int
set_u32(struct dps_binding *b, dps_oid_t oid, uint32_t v)
{
	struct dps_oid_request *req = dps_oid_request_alloc();
	int rc;

	if (req == NULL)
		return DPS_E_RESOURCES;
	req->type = DPS_OID_SET;
	req->oid = oid;
	req->buf_len = 4;
	memcpy(req->buf, &v, 4);
	rc = dps_oid_request_wait(b, req, 2000);
	dps_oid_request_free(req);
	return rc;
}

static void
test_mtu_through_the_oid_path_reaches_the_kernel(void)
{
	struct dps_binding *b = binding_on(tap0);

	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(kernel_mtu("dpt0"), 1500);
	memset(rec[0].pnp, 0, sizeof(rec[0].pnp));
	atomic_store(&rec[0].npnp, 0);
	CU_ASSERT_EQUAL(set_u32(b, OID_DPS_MTU, 1280), DPS_OK);
	CU_ASSERT_EQUAL(kernel_mtu("dpt0"), 1280);
	CU_ASSERT_STRING_EQUAL(rec[0].pnp, "PR");
	CU_ASSERT_EQUAL(dps_binding_params(b)->mtu, 1280);
	CU_ASSERT_EQUAL(dps_binding_state(b), DPS_BINDING_RUNNING);
	/* beyond what one mbuf holds: refused, the kernel MTU stays */
	CU_ASSERT_EQUAL(set_u32(b, OID_DPS_MTU, 9000), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(kernel_mtu("dpt0"), 1280);
	CU_ASSERT_EQUAL(set_u32(b, OID_DPS_MTU, 1500), DPS_OK);
	CU_ASSERT_EQUAL(kernel_mtu("dpt0"), 1500);
}

static void
test_kernel_link_down_up_reaches_the_bindings(void)
{
	atomic_store(&rec[0].link_down_ind, 0);
	atomic_store(&rec[0].link_up_ind, 0);
	CU_ASSERT_EQUAL_FATAL(kernel_set_up("dpt0", 0), 0);
	poll_until(&rec[0].link_down_ind, 1, 2000);
	CU_ASSERT_EQUAL(atomic_load(&rec[0].link_down_ind), 1);
	CU_ASSERT_EQUAL(atomic_load(&tap0->link_up), 0);
	CU_ASSERT_EQUAL(kernel_set_up("dpt0", 1), 0);
	poll_until(&rec[0].link_up_ind, 1, 2000);
	CU_ASSERT_EQUAL(atomic_load(&rec[0].link_up_ind), 1);
	CU_ASSERT_EQUAL(atomic_load(&tap0->link_up), 1);
	/* the other adapter heard nothing */
	CU_ASSERT_EQUAL(atomic_load(&rec[1].link_down_ind), 0);
}

static void
test_admin_down_up_through_the_oid_path(void)
{
	struct dps_binding *b = binding_on(tap0);

	atomic_store(&rec[0].link_down_ind, 0);
	atomic_store(&rec[0].link_up_ind, 0);
	CU_ASSERT_EQUAL(set_u32(b, OID_DPS_ADMIN_STATE, 0), DPS_OK);
	poll_until(&rec[0].link_down_ind, 1, 2000);
	CU_ASSERT_EQUAL(atomic_load(&rec[0].link_down_ind), 1);
	CU_ASSERT_EQUAL(set_u32(b, OID_DPS_ADMIN_STATE, 2), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(set_u32(b, OID_DPS_ADMIN_STATE, 1), DPS_OK);
	poll_until(&rec[0].link_up_ind, 1, 2000);
	CU_ASSERT_EQUAL(atomic_load(&rec[0].link_up_ind), 1);
}

static void
test_removing_an_adapter_at_run_time(void)
{
	struct dps_binding *b1 = binding_on(tap1), *b0 = binding_on(tap0);
	struct dps_oid_request *req;
	unsigned int before = dps_adapter_count();

	CU_ASSERT_PTR_NOT_NULL_FATAL(b1);
	CU_ASSERT_NOT_EQUAL(if_nametoindex("dpt1"), 0);
	CU_ASSERT_EQUAL(set_u32(b1, OID_DPS_ADAPTER_REMOVE, 7), DPS_E_INVALID_DATA);
	CU_ASSERT_EQUAL(set_u32(b1, OID_DPS_ADAPTER_REMOVE, 1), DPS_OK);
	poll_until(&rec[1].closes, 1, 2000);
	poll_until(NULL, 0, 50);
	CU_ASSERT_EQUAL(atomic_load(&rec[1].unbinds), 1);
	CU_ASSERT_EQUAL(atomic_load(&rec[1].closes), 1);
	CU_ASSERT_PTR_NULL(dps_adapter_find("tap1"));
	CU_ASSERT_EQUAL(dps_adapter_count(), before - 1);
	CU_ASSERT_EQUAL(if_nametoindex("dpt1"), 0); /* the vdev is detached */
	tap1 = NULL;
	/* the other adapter is untouched and answers */
	CU_ASSERT_EQUAL(dps_binding_state(b0), DPS_BINDING_RUNNING);
	req = dps_oid_request_alloc();
	CU_ASSERT_PTR_NOT_NULL_FATAL(req);
	req->type = DPS_OID_QUERY;
	req->oid = OID_GEN_STATISTICS;
	req->buf_len = DPS_OID_BUF_MAX;
	CU_ASSERT_EQUAL(dps_oid_request_wait(b0, req, 2000), DPS_OK);
	dps_oid_request_free(req);
	CU_ASSERT_EQUAL(atomic_load(&rec[0].closes), 0);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_mtu_through_the_oid_path_reaches_the_kernel),
	DPS_TEST(test_kernel_link_down_up_reaches_the_bindings),
	DPS_TEST(test_admin_down_up_through_the_oid_path),
	DPS_TEST(test_removing_an_adapter_at_run_time),
};

DPS_TEST_MAIN("tap", cases, suite_init, suite_clean)
