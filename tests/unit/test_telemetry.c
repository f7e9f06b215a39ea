/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/telemetry: the parameter parsers and reply helpers one by one, then
 * the commands end to end through DPDK's telemetry socket (this test is the
 * client): closed before init and after fini, the error shape, escaping and
 * limits, name-before-port lookup, an adapter removed under a command, and
 * the control thread not answering (the job and the OID request are
 * abandoned, then freed: nothing leaks).
 * EAL without hugepages, -l 0-1: this thread is the control thread (it runs
 * dps_ctrl_poll() while it waits for a reply), lcore 1 a worker polling two
 * net_null adapters, "null0" and "7" (a name that looks like a port).
 */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>

#include "dps_adapter.h"
#include "dps_arp.h"
#include "dps_binding.h"
#include "dps_ctrl.h"
#include "dps_ipv4.h"
#include "dps_level.h"
#include "dps_object.h"
#include "dps_oid.h"
#include "dps_status.h"
#include "dps_telemetry.h"
#include "dps_test.h"
#include "dps_worker.h"
#include "telemetry_private.h"

#define NB_REQ 256
#define RING 64

static struct dps_object *stack;
static struct rte_mempool *pool;
static struct dps_adapter *null0, *seven;
static unsigned int base_objects;
static int tel_fd = -1;
static char reply[16385];

/* ---- the socket ---- */

static uint64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Wait at most @p ms for a reply; run the control thread's work meanwhile
 * if @p serve. @return the reply, "" when none came. */
static const char *
wait_reply(int serve, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	reply[0] = '\0';
	while (now_ms() < end) {
		struct pollfd p = {.fd = tel_fd, .events = POLLIN};

		if (serve)
			dps_ctrl_poll();
		if (poll(&p, 1, 1) == 1) {
			ssize_t n = recv(tel_fd, reply, sizeof(reply) - 1, 0);

			reply[n > 0 ? n : 0] = '\0';
			break;
		}
	}
	return reply;
}

static void
send_cmd(const char *cmd)
{
	CU_ASSERT_EQUAL(send(tel_fd, cmd, strlen(cmd), 0), (ssize_t)strlen(cmd));
}

/* One command, the control thread served while waiting. */
static const char *
q(const char *cmd)
{
	send_cmd(cmd);
	return wait_reply(1, 5000);
}

static int
check_has(const char *cmd, const char *frag, int line)
{
	const char *r = q(cmd);

	if (strstr(r, frag) != NULL)
		return 1;
	fprintf(stderr, "\nline %d: %s\n  got:  %.600s\n  want: ...%s...\n", line, cmd, r, frag);
	return 0;
}

static int
check_is(const char *cmd, const char *want, int line)
{
	const char *r = q(cmd);

	if (strcmp(r, want) == 0)
		return 1;
	fprintf(stderr, "\nline %d: %s\n  got:  %.600s\n  want: %s\n", line, cmd, r, want);
	return 0;
}

/* the reply to CMD contains FRAG / is exactly WANT */
#define HAS(cmd, frag) CU_ASSERT(check_has(cmd, frag, __LINE__))
#define IS(cmd, want) CU_ASSERT(check_is(cmd, want, __LINE__))
/* the error shape with STATUS and reason WHY */
#define ERR(name, params, st, why)                                                                 \
	IS(name params, "{\"" name "\":{\"status\":\"" st "\",\"error\":\"" why "\"}}")

/* ---- pure helpers ---- */

static void
test_command_table(void)
{
	unsigned int n;
	const struct dps__tel_cmd *c = dps__tel_commands(&n);

	CU_ASSERT_EQUAL(n, 10); /* and /dpstack/arp, the arp protocol's own */
	for (unsigned int i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(strncmp(c[i].name, "/dpstack/", 9), 0);
		CU_ASSERT(strlen(c[i].name) < 56);
		CU_ASSERT_EQUAL(
			strspn(c[i].name, "/abcdefghijklmnopqrstuvwxyz_"), strlen(c[i].name));
		CU_ASSERT_PTR_NOT_NULL(c[i].fn);
		CU_ASSERT(c[i].help != NULL && strlen(c[i].help) > 0 &&
			  strlen(c[i].help) < RTE_TEL_MAX_STRING_LEN);
	}
}

static void
test_parse_none(void)
{
	char why[128];

	CU_ASSERT_EQUAL(dps__tel_parse_none(NULL, why, sizeof(why)), DPS_OK);
	CU_ASSERT_EQUAL(dps__tel_parse_none("", why, sizeof(why)), DPS_OK);
	CU_ASSERT_EQUAL(dps__tel_parse_none("z", why, sizeof(why)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(why, "this command takes no parameter (got 'z')");
	CU_ASSERT_EQUAL(dps__tel_parse_none("0", NULL, 0), DPS_E_INVALID_PARAMETER);
}

static void
test_parse_id(void)
{
	char id[DPS__TEL_ID_MAX + 1], why[128], longer[DPS__TEL_ID_MAX + 2];

	CU_ASSERT_EQUAL(dps__tel_parse_id("dps0", id, sizeof(id), why, sizeof(why)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(id, "dps0");
	CU_ASSERT_EQUAL(
		dps__tel_parse_id(NULL, id, sizeof(id), why, sizeof(why)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(id, "");
	CU_ASSERT_EQUAL(
		dps__tel_parse_id("", id, sizeof(id), why, sizeof(why)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__tel_parse_id("dps0,x", id, sizeof(id), why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(why, "unexpected text after ',' in 'dps0,x'");
	CU_ASSERT_EQUAL(dps__tel_parse_id("dps0 ", id, sizeof(id), why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(why, "bad character (code 32) in parameter 'dps0 '");
	CU_ASSERT_EQUAL(dps__tel_parse_id("d\xc3\xa9", id, sizeof(id), why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(why, "bad character (code 195) in parameter 'd?\?'");
	CU_ASSERT_EQUAL(dps__tel_parse_id("a@b", id, sizeof(id), why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	CU_ASSERT_EQUAL(
		dps__tel_parse_id(longer, id, sizeof(id), why, sizeof(why)), DPS_E_INVALID_LENGTH);
	longer[DPS__TEL_ID_MAX] = '\0'; /* exactly the longest */
	CU_ASSERT_EQUAL(dps__tel_parse_id(longer, id, sizeof(id), why, sizeof(why)), DPS_OK);
	CU_ASSERT_STRING_EQUAL(id, longer);
	/* no room for an id: refused, nothing written */
	CU_ASSERT_EQUAL(dps__tel_parse_id("dps0", id, DPS__TEL_ID_MAX, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__tel_parse_id("dps0", NULL, 0, NULL, 0), DPS_E_INVALID_PARAMETER);
}

static void
test_parse_port(void)
{
	char why[128], max[16];
	uint16_t port = 99;

	CU_ASSERT_EQUAL(dps__tel_parse_port("0", &port, why, sizeof(why)), 1);
	CU_ASSERT_EQUAL(port, 0);
	snprintf(max, sizeof(max), "%u", RTE_MAX_ETHPORTS - 1);
	CU_ASSERT_EQUAL(dps__tel_parse_port(max, &port, why, sizeof(why)), 1);
	CU_ASSERT_EQUAL(port, RTE_MAX_ETHPORTS - 1);
	snprintf(max, sizeof(max), "%u", RTE_MAX_ETHPORTS);
	port = 5;
	CU_ASSERT_EQUAL(dps__tel_parse_port(max, &port, why, sizeof(why)), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(port, 5);
	CU_ASSERT_EQUAL(dps__tel_parse_port("99999999999999999999999999", &port, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(port, 5);
	CU_ASSERT_EQUAL(dps__tel_parse_port("0x1", &port, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(dps__tel_parse_port("-1", &port, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(dps__tel_parse_port("", &port, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(dps__tel_parse_port(NULL, &port, why, sizeof(why)), 0);
	CU_ASSERT_EQUAL(port, 5);
}

static void
test_parse_binding(void)
{
	char p[DPS__TEL_ID_MAX + 1], a[DPS__TEL_ID_MAX + 1], why[128], big[300];
	static const char *const bad[] = {
		"arp",
		"@dps0",
		"arp@",
		"arp@dps0@x",
		"arp@dps0,x",
		"a p@dps0",
		"arp@dps0 ",
	};

	CU_ASSERT_EQUAL(
		dps__tel_parse_binding("arp@dps0", p, sizeof(p), a, sizeof(a), why, sizeof(why)),
		DPS_OK);
	CU_ASSERT_STRING_EQUAL(p, "arp");
	CU_ASSERT_STRING_EQUAL(a, "dps0");
	CU_ASSERT_EQUAL(dps__tel_parse_binding(NULL, p, sizeof(p), a, sizeof(a), why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	for (unsigned int i = 0; i < RTE_DIM(bad); i++) {
		CU_ASSERT_EQUAL(dps__tel_parse_binding(
					bad[i], p, sizeof(p), a, sizeof(a), why, sizeof(why)),
			DPS_E_INVALID_PARAMETER);
		CU_ASSERT_STRING_EQUAL(p, "");
		CU_ASSERT_STRING_EQUAL(a, "");
	}
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[10] = '@';
	CU_ASSERT_EQUAL(dps__tel_parse_binding(big, p, sizeof(p), a, sizeof(a), why, sizeof(why)),
		DPS_E_INVALID_LENGTH);
	big[11 + DPS__TEL_ID_MAX + 1] = '\0'; /* the adapter part one too long */
	CU_ASSERT_EQUAL(dps__tel_parse_binding(big, p, sizeof(p), a, sizeof(a), why, sizeof(why)),
		DPS_E_INVALID_LENGTH);
	big[11 + DPS__TEL_ID_MAX] = '\0'; /* both parts within the limit */
	CU_ASSERT_EQUAL(
		dps__tel_parse_binding(big, p, sizeof(p), a, sizeof(a), why, sizeof(why)), DPS_OK);
	CU_ASSERT_EQUAL(strlen(a), DPS__TEL_ID_MAX);
}

static void
test_parse_oid(void)
{
	const struct dps_oid_info *info = (const void *)1;
	char a[DPS__TEL_ID_MAX + 1], why[160];

	CU_ASSERT_EQUAL(dps__tel_parse_oid("dps0,OID_802_3_CURRENT_ADDRESS", a, sizeof(a), &info,
				why, sizeof(why)),
		DPS_OK);
	CU_ASSERT_STRING_EQUAL(a, "dps0");
	CU_ASSERT(info != NULL && info->oid == OID_802_3_CURRENT_ADDRESS);
	CU_ASSERT_EQUAL(
		dps__tel_parse_oid("7,OID_GEN_LINK_SPEED", a, sizeof(a), &info, why, sizeof(why)),
		DPS_OK);
	CU_ASSERT_STRING_EQUAL(a, "7");

	CU_ASSERT_EQUAL(dps__tel_parse_oid("dps0,OID_NOPE", a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_NOT_SUPPORTED);
	CU_ASSERT_PTR_NULL(info);
	CU_ASSERT_STRING_EQUAL(why, "unknown OID 'OID_NOPE'");
	CU_ASSERT_EQUAL(dps__tel_parse_oid("dps0,OID_DPS_ADAPTER_REMOVE", a, sizeof(a), &info, why,
				sizeof(why)),
		DPS_E_NOT_SUPPORTED);
	CU_ASSERT(info != NULL && info->oid == OID_DPS_ADAPTER_REMOVE); /* known, set only */
	CU_ASSERT_STRING_EQUAL(a, "");

	CU_ASSERT_EQUAL(dps__tel_parse_oid(NULL, a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__tel_parse_oid("dps0", a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__tel_parse_oid("dps0,", a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps__tel_parse_oid(",OID_GEN_LINK_SPEED", a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__tel_parse_oid(
				"dps0,OID_GEN_LINK_SPEED,x", a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps__tel_parse_oid("dps0,OID GEN", a, sizeof(a), &info, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps__tel_parse_oid("dps0,OID_GEN_LINK_SPEED", a, sizeof(a), NULL, why, sizeof(why)),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_STRING_EQUAL(a, "");
}

static void
test_clean_and_key(void)
{
	char s[8], k[16], big[200];

	dps__tel_clean(s, sizeof(s), "abc");
	CU_ASSERT_STRING_EQUAL(s, "abc");
	dps__tel_clean(s, sizeof(s), "1234567"); /* fits exactly */
	CU_ASSERT_STRING_EQUAL(s, "1234567");
	dps__tel_clean(s, sizeof(s), "12345678"); /* one too many: cut, with the marker */
	CU_ASSERT_STRING_EQUAL(s, "1234...");
	dps__tel_clean(s, sizeof(s), "a\tb\"\x80");
	CU_ASSERT_STRING_EQUAL(s, "a?b\"?");
	dps__tel_clean(s, sizeof(s), NULL);
	CU_ASSERT_STRING_EQUAL(s, "");
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	{
		char v[RTE_TEL_MAX_STRING_LEN];

		dps__tel_clean(v, sizeof(v), big);
		CU_ASSERT_EQUAL(strlen(v), DPS__TEL_STR_MAX);
		CU_ASSERT_STRING_EQUAL(v + strlen(v) - 3, "...");
	}
	dps__tel_key(k, sizeof(k), "dps-0.1:x/y_Z");
	CU_ASSERT_STRING_EQUAL(k, "dps_0_1_x/y_Z");
	dps__tel_key(k, 4, "abcdef");
	CU_ASSERT_STRING_EQUAL(k, "abc");
}

/* ---- through the socket ---- */

static void
test_closed_before_init(void)
{
	CU_ASSERT_EQUAL(dps_telemetry_ready(), 0);
	IS("/dpstack/info", "{\"/dpstack/info\":null}");
	/* refused at DATAPATH: nothing registered, still closed */
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_DATAPATH), DPS_OK);
	CU_ASSERT_EQUAL(dps_telemetry_init(), DPS_E_LEVEL);
	CU_ASSERT_EQUAL(dps_level_set(DPS_LEVEL_CONTROL), DPS_OK);
	CU_ASSERT_EQUAL(dps_telemetry_ready(), 0);
	HAS("/", "\"/help\"");
	CU_ASSERT_PTR_NULL(strstr(reply, "/dpstack/"));

	CU_ASSERT_EQUAL(dps_telemetry_init(), DPS_OK);
	CU_ASSERT_EQUAL(dps_telemetry_ready(), 1);
	IS("/dpstack/clients", "{\"/dpstack/clients\":{\"clients\":0,\"truncated\":0}}");
}

static void
test_init_twice(void)
{
	const char *r, *first;

	CU_ASSERT_EQUAL(dps_telemetry_init(), DPS_OK);
	r = q("/");
	first = strstr(r, "\"/dpstack/info\"");
	CU_ASSERT_PTR_NOT_NULL(first);
	if (first != NULL)
		CU_ASSERT_PTR_NULL(strstr(first + 1, "\"/dpstack/info\""));
	HAS("/help,/dpstack/arp", "{\"/help\":{\"/dpstack/arp\":\"ARP cache");
	CU_ASSERT_STRING_EQUAL(dps__tel_config_source(), DPS_CONFIG_SOURCE_DEFAULT);
}

static void
test_stack_commands(void)
{
	HAS("/dpstack/info", "\"state\":\"running\",\"uptime_s\":");
	HAS("/dpstack/info", "\"config\":\"<embedded default>\",\"adapters\":2,\"protocols\":2,"
			     "\"bindings\":4,\"workers\":1,");
	IS("/dpstack/adapters", "{\"/dpstack/adapters\":{\"null0\":0,\"7\":1}}");
	HAS("/dpstack/adapter,null0", "{\"/dpstack/adapter\":{\"name\":\"null0\",\"port\":0,"
				      "\"driver\":\"net_null\",\"device\":\"net_null_tel0\",");
	HAS("/dpstack/adapter,null0", "\"rx_queue_lcores\":[1],\"rx\":");
	HAS("/dpstack/adapter,null0", ",\"rx_filtered\":0}}");
	IS("/dpstack/protocols", "{\"/dpstack/protocols\":{"
				 "\"arp\":{\"ethertypes\":[\"0x0806\"],\"default_filter\":"
				 "\"directed|broadcast\",\"catch_all\":0,\"bindings\":2},"
				 "\"ipv4\":{\"ethertypes\":[\"0x0800\"],\"default_filter\":"
				 "\"directed|broadcast\",\"catch_all\":0,\"bindings\":2}}}");
	IS("/dpstack/bindings", "{\"/dpstack/bindings\":[\"arp@null0\",\"arp@7\",\"ipv4@null0\","
				"\"ipv4@7\"]}");
	HAS("/dpstack/binding,arp@null0",
		"{\"/dpstack/binding\":{\"name\":\"arp@null0\","
		"\"protocol\":\"arp\",\"adapter\":\"null0\",\"state\":"
		"\"Running\",\"filter\":\"directed|broadcast\","
		"\"filter_mask\":\"0x0009\",\"ethertypes\":[\"0x0806\"],");
	HAS("/dpstack/binding,arp@null0", "\"oid_pending\":0,\"arp\":{\"rx\":");
	HAS("/dpstack/binding,ipv4@1", "\"name\":\"ipv4@7\"");
	HAS("/dpstack/binding,ipv4@1", "\"ipv4\":{\"rx\":");
	HAS("/dpstack/workers", "{\"/dpstack/workers\":{\"1\":{\"lcore\":1,\"iterations\":");
	HAS("/dpstack/workers", "\"rx_queues\":[\"null0:0\",\"7:0\"]}}}");
	HAS("/dpstack/requests", "{\"/dpstack/requests\":{\"issued\":");
	HAS("/dpstack/arp,null0",
		"{\"/dpstack/arp\":{\"adapter\":\"null0\",\"port\":0,"
		"\"entries\":0,\"truncated\":0,\"ip\":[],\"mac\":[],\"age_s\":[]}}");
	HAS("/dpstack/oid,null0,OID_GEN_MEDIA_CONNECT_STATUS",
		"{\"/dpstack/oid\":{\"status\":"
		"\"DPS_OK\",\"adapter\":\"null0\",\"oid\":\"OID_GEN_MEDIA_CONNECT_STATUS\","
		"\"code\":\"0x00010114\",\"bytes_written\":4,\"value\":\"0\"}}");
	HAS("/dpstack/oid,0,OID_GEN_STATISTICS", "\"status\":\"DPS_OK\"");
	HAS("/dpstack/oid,0,OID_GEN_SUPPORTED_LIST", "\"names\":[\"OID_GEN_SUPPORTED_LIST\",");
}

static void
test_errors(void)
{
	char cmd[1100];

	ERR("/dpstack/info", ",z", "DPS_E_INVALID_PARAMETER",
		"this command takes no parameter (got 'z')");
	/* DPDK passes no parameter for "cmd," */
	HAS("/dpstack/info,", "\"state\":\"running\"");
	ERR("/dpstack/adapter", "", "DPS_E_INVALID_PARAMETER",
		"missing parameter: an adapter name or port number");
	ERR("/dpstack/adapter", ",", "DPS_E_INVALID_PARAMETER",
		"missing parameter: an adapter name or port number");
	ERR("/dpstack/adapter", ",z", "DPS_E_NOT_FOUND", "no adapter 'z'");
	ERR("/dpstack/adapter", ",9", "DPS_E_NOT_FOUND", "no adapter on port 9");
	HAS("/dpstack/adapter,123456789012345678901234567890",
		"{\"status\":\"DPS_E_INVALID_PARAMETER\",\"error\":\"port "
		"'123456789012345678901234567890' is out of range (0..");
	ERR("/dpstack/adapter", ",,null0", "DPS_E_INVALID_PARAMETER",
		"unexpected text after ',' in ',null0'");
	ERR("/dpstack/binding", ",arp@nope", "DPS_E_NOT_FOUND", "no adapter 'nope'");
	ERR("/dpstack/binding", ",nope@null0", "DPS_E_NOT_FOUND", "no protocol 'nope'");
	ERR("/dpstack/arp", ",7,", "DPS_E_INVALID_PARAMETER", "unexpected text after ',' in '7,'");
	ERR("/dpstack/oid", ",null0,OID_DPS_MTU,", "DPS_E_INVALID_PARAMETER",
		"unexpected text after the OID name in 'null0,OID_DPS_MTU,'");
	ERR("/dpstack/oid", ",null0,OID_DPS_ADAPTER_REMOVE", "DPS_E_NOT_SUPPORTED",
		"OID_DPS_ADAPTER_REMOVE cannot be queried (set only); telemetry only queries");
	/* JSON escaping of what is quoted back: quote and backslash escaped,
	 * anything outside printable ASCII replaced */
	ERR("/dpstack/info", ",\"\\", "DPS_E_INVALID_PARAMETER",
		"this command takes no parameter (got '\\\"\\\\')");
	ERR("/dpstack/info", ",\xc3\xa9\x01", "DPS_E_INVALID_PARAMETER",
		"this command takes no parameter (got '?\?\?')");
	/* limits: a long parameter is refused, and quoted back cut with "..." */
	snprintf(cmd, sizeof(cmd), "/dpstack/adapter,");
	memset(cmd + strlen(cmd), 'x', 1000);
	cmd[17 + 1000] = '\0';
	ERR("/dpstack/adapter", ",xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		"DPS_E_INVALID_LENGTH",
		"parameter longer than 63 characters (got "
		"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...')");
	IS(cmd, "{\"/dpstack/adapter\":{\"status\":\"DPS_E_INVALID_LENGTH\",\"error\":"
		"\"parameter longer than 63 characters (got "
		"'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...')\"}}");
	/* a name that is all digits wins over the port number */
	HAS("/dpstack/adapter,7", "\"name\":\"7\",\"port\":1,");
	HAS("/dpstack/adapter,1", "\"name\":\"7\",\"port\":1,");
	HAS("/dpstack/adapter,0", "\"name\":\"null0\",\"port\":0,");
}

/* The control thread does not answer: the command times out, its job is
 * abandoned, runs later on its own copy and is freed. */
static void
test_control_thread_busy(void)
{
	struct dps_oid_stats st;

	send_cmd("/dpstack/adapters");
	CU_ASSERT_STRING_EQUAL(wait_reply(0, 3000),
		"{\"/dpstack/adapters\":{\"status\":\"DPS_E_TIMEOUT\",\"error\":\"the control "
		"thread did not answer within 1000 ms\"}}");
	IS("/dpstack/adapters", "{\"/dpstack/adapters\":{\"null0\":0,\"7\":1}}");

	/* an OID query left waiting: either the lookup job or the request
	 * itself times out, depending on where the control thread stopped */
	send_cmd("/dpstack/oid,null0,OID_GEN_STATISTICS");
	for (int i = 0; i < 1000 && dps_ctrl_poll() == 0; i++)
		usleep(100);
	wait_reply(0, 3000);
	CU_ASSERT_PTR_NOT_NULL(strstr(reply, "\"status\":\"DPS_E_TIMEOUT\""));
	for (int i = 0; i < 100; i++)
		dps_ctrl_poll();
	dps_oid_stats(&st);
	CU_ASSERT_EQUAL(st.in_flight, 0);
	CU_ASSERT_EQUAL(st.pool_free, NB_REQ);
	HAS("/dpstack/oid,null0,OID_GEN_STATISTICS", "\"status\":\"DPS_OK\"");
}

/* Adapter "7" goes away: its name and its port are gone, "7" is a port again. */
static void
test_adapter_removed(void)
{
	CU_ASSERT_EQUAL(dps_ctrl_adapter_remove(seven), DPS_PENDING);
	for (int i = 0; i < 1000 && dps_adapter_count() == 2; i++) {
		dps_ctrl_poll();
		usleep(1000);
	}
	CU_ASSERT_EQUAL(dps_adapter_count(), 1);
	seven = NULL;
	ERR("/dpstack/adapter", ",7", "DPS_E_NOT_FOUND", "no adapter on port 7");
	ERR("/dpstack/arp", ",7", "DPS_E_NOT_FOUND", "no adapter on port 7");
	ERR("/dpstack/oid", ",1,OID_GEN_LINK_SPEED", "DPS_E_NOT_FOUND", "no adapter on port 1");
	ERR("/dpstack/binding", ",arp@7", "DPS_E_NOT_FOUND", "no adapter on port 7");
	IS("/dpstack/bindings", "{\"/dpstack/bindings\":[\"arp@null0\",\"ipv4@null0\"]}");
	HAS("/dpstack/info", "\"adapters\":1,\"protocols\":2,\"bindings\":2,");
}

/* fini waits for a command in progress (running the control thread's work
 * meanwhile); afterwards every command answers null; init opens again. */
static void
test_fini_waits(void)
{
	uint64_t t0;

	send_cmd("/dpstack/info");
	usleep(20000); /* the callback now waits for the control thread */
	t0 = now_ms();
	dps_telemetry_fini();
	CU_ASSERT(now_ms() - t0 < 2000);
	CU_ASSERT_EQUAL(dps_telemetry_ready(), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(wait_reply(0, 3000), "\"state\":\"running\""));
	IS("/dpstack/clients", "{\"/dpstack/clients\":null}");
	IS("/dpstack/oid,null0,OID_GEN_LINK_SPEED", "{\"/dpstack/oid\":null}");
	dps_telemetry_fini(); /* twice: nothing */
	CU_ASSERT_EQUAL(dps_telemetry_init(), DPS_OK);
	IS("/dpstack/clients", "{\"/dpstack/clients\":{\"clients\":0,\"truncated\":0}}");
	dps_telemetry_fini();
	IS("/dpstack/clients", "{\"/dpstack/clients\":null}");
}

/* ---- suite ---- */

static struct dps_adapter *
make_adapter(const char *name, const char *dev, unsigned int *workers, unsigned int nw)
{
	struct dps_config_adapter cfg;
	struct dps_adapter *a;
	char err[256];

	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.name, sizeof(cfg.name), "%s", name);
	snprintf(cfg.device, sizeof(cfg.device), "%s", dev);
	cfg.rx_queues = 1;
	cfg.rx_ring = 256;
	cfg.tx_ring = 256;
	if (dps_adapter_create(stack, &cfg, pool, workers, nw, &a, err, sizeof(err)) != DPS_OK ||
		dps_workers_assign(a, err, sizeof(err)) != DPS_OK ||
		dps_adapter_start(a) != DPS_OK) {
		fprintf(stderr, "adapter %s: %s\n", name, err);
		return NULL;
	}
	return a;
}

static int
connect_telemetry(void)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
		rte_eal_get_runtime_dir());
	tel_fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	if (tel_fd < 0 || connect(tel_fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		perror(sun.sun_path);
		return -1;
	}
	/* the greeting: {"version": ..., "pid": ..., "max_output_len": ...} */
	return strstr(wait_reply(0, 5000), "max_output_len") != NULL ? 0 : -1;
}

static int
suite_init(void)
{
	char *argv[] = {"test_telemetry", "--no-huge", "--no-pci", "-m", "256", "-l", "0-1",
		"--file-prefix=test_telemetry", "--log-level=*:warning"};
	struct dps_object_attr sa = {.type = "stack", .name = "test"};
	unsigned int workers[RTE_MAX_LCORE], nw;

	if (rte_eal_init((int)RTE_DIM(argv), argv) < 0)
		return -1;
	pool = rte_pktmbuf_pool_create("test_pool", 4095, 128, 0, RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	base_objects = dps_object_live_count();
	if (pool == NULL || dps_object_create(&sa, NULL, &stack) != DPS_OK ||
		dps_workers_init() != DPS_OK)
		return -1;
	nw = dps_workers_lcores(workers, RTE_MAX_LCORE);
	null0 = make_adapter("null0", "net_null_tel0", workers, nw);
	seven = make_adapter("7", "net_null_tel1", workers, nw);
	if (null0 == NULL || seven == NULL)
		return -1;
	if (dps_ctrl_init(NB_REQ, RING, 1000) != DPS_OK ||
		dps_binding_layer_init(stack, dps_workers_rcu()) != DPS_OK ||
		dps_protocol_register(&dps_proto_arp, NULL, NULL) != DPS_OK ||
		dps_protocol_register(&dps_proto_ipv4, NULL, NULL) != DPS_OK ||
		dps_workers_launch() != DPS_OK)
		return -1;
	return connect_telemetry();
}

static int
close_adapter(struct dps_adapter *a, void *arg)
{
	(void)arg;
	dps_adapter_close(a);
	return 0;
}

static int
suite_clean(void)
{
	int rc = 0;

	dps_telemetry_fini();
	if (tel_fd >= 0)
		close(tel_fd);
	dps_binding_layer_fini();
	dps_workers_stop();
	dps_adapter_foreach(close_adapter, NULL);
	if (dps_ctrl_fini() != 0)
		rc = -1;
	dps_workers_fini();
	dps_object_delete(stack);
	if (dps_object_live_count() != base_objects) {
		dps_object_leak_report(stderr);
		rc = -1;
	}
	if (rte_mempool_avail_count(pool) != pool->size) {
		fprintf(stderr, "mempool: %u of %u free\n", rte_mempool_avail_count(pool),
			pool->size);
		rc = -1;
	}
	rte_mempool_free(pool);
	rte_eal_cleanup();
	return rc;
}

/* ---- a protocol that describes itself: counter table and telemetry hook ---- */

struct tp_ctx {
	uint64_t rows[DPS_PROTO_STAT_SLOTS][2];
};

static DPS_CONTEXT_TYPE(tp_ctx_type, struct tp_ctx, NULL);
static const char *const tp_counter_names[] = {"c_one", "c_two"};

static void
tp_receive(struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	RTE_SET_USED(b);
	RTE_SET_USED(ctx);
	RTE_SET_USED(flags);
	rte_pktmbuf_free_bulk(pkts, n);
}

/* adds "extra" on null0; fails on the other adapter */
static int
tp_telemetry(struct dps_binding *b, void *ctx, struct rte_tel_data *d)
{
	RTE_SET_USED(ctx);
	if (strcmp(dps_binding_params(b)->adapter_name, "null0") != 0)
		return DPS_E_NOT_SUPPORTED;
	rte_tel_data_add_dict_u64(d, "extra", 42);
	return DPS_OK;
}

/* /dpstack/tproto,<adapter>: answers on null0, "went away" on the other */
static int
tp_cmd(struct dps_binding *b, void *ctx, struct rte_tel_data *d)
{
	RTE_SET_USED(ctx);
	if (strcmp(dps_binding_params(b)->adapter_name, "null0") != 0)
		return DPS_E_NOT_READY;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "port", dps_binding_params(b)->port_id);
	return DPS_OK;
}

static const struct dps_protocol_ops tp_ops = {.receive = tp_receive};

static const struct dps_protocol_desc tp_desc = {
	.name = "tproto",
	.catch_all = 1,
	.default_filter = DPS_FILTER_DIRECTED,
	.ops = &tp_ops,
	.binding_ctx = &tp_ctx_type,
	.counters = {tp_counter_names, 2, offsetof(struct tp_ctx, rows), sizeof(uint64_t[2])},
	.telemetry = tp_telemetry,
	.telemetry_cmd = tp_cmd,
	.telemetry_cmd_help = "tproto's own command",
};

static int
find_tp(struct dps_binding *b, void *arg)
{
	struct dps_binding **out = arg;

	if (dps_protocol_desc(dps_binding_protocol(b)) == &tp_desc &&
		strcmp(dps_binding_params(b)->adapter_name, "null0") == 0) {
		*out = b;
		return 1;
	}
	return 0;
}

static void
test_protocol_self_described(void)
{
	struct dps_protocol *p = NULL;
	struct dps_binding *b = NULL;
	struct tp_ctx *c;
	uint64_t v[3] = {9, 9, 9};

	CU_ASSERT_EQUAL_FATAL(dps_protocol_register(&tp_desc, NULL, &p), DPS_OK);
	dps_binding_foreach(find_tp, &b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	c = dps_binding_ctx(b);
	/* three rows (lcores 0 and 1, and the shared one), summed on read */
	__atomic_store_n(&c->rows[0][0], 2, __ATOMIC_RELAXED);
	__atomic_store_n(&c->rows[1][0], 3, __ATOMIC_RELAXED);
	__atomic_store_n(&c->rows[RTE_MAX_LCORE][1], 7, __ATOMIC_RELAXED);
	CU_ASSERT_EQUAL(dps_binding_counters(b, v, 3), 2);
	CU_ASSERT_EQUAL(v[0], 5);
	CU_ASSERT_EQUAL(v[1], 7);
	CU_ASSERT_EQUAL(v[2], 9); /* beyond the table: untouched */
	CU_ASSERT_EQUAL(dps_binding_counters(b, v, 1), 2);
	CU_ASSERT_EQUAL(dps_binding_counters(b, NULL, 0), 2);
	CU_ASSERT_EQUAL(dps_binding_counters(b, NULL, 1), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_binding_counters(NULL, v, 3), DPS_E_INVALID_PARAMETER);

	HAS("/dpstack/protocols", "\"tproto\":{\"ethertypes\":[],\"default_filter\":"
				  "\"directed\",\"catch_all\":1,\"bindings\":2}");
	/* the table, then the hook, under the protocol's name */
	HAS("/dpstack/binding,tproto@null0",
		"\"oid_pending\":0,\"tproto\":{\"c_one\":5,\"c_two\":7,\"extra\":42}}}");
	HAS("/dpstack/binding,tproto@7",
		"\"tproto\":{\"c_one\":0,\"c_two\":0,\"status\":\"DPS_E_NOT_SUPPORTED\","
		"\"error\":\"the protocol's telemetry hook failed\"}}}");
	/* its own command: registered by the next init (the stack's start) */
	CU_ASSERT_EQUAL(dps_telemetry_init(), DPS_OK);
	HAS("/help,/dpstack/tproto", "{\"/help\":{\"/dpstack/tproto\":\"tproto's own command\"}}");
	IS("/dpstack/tproto,null0", "{\"/dpstack/tproto\":{\"port\":0}}");
	ERR("/dpstack/tproto", ",7", "DPS_E_ADAPTER_REMOVED",
		"the tproto binding of adapter 7 went away");
	ERR("/dpstack/tproto", ",nope", "DPS_E_NOT_FOUND", "no adapter 'nope'");
	ERR("/dpstack/tproto", ",null0,", "DPS_E_INVALID_PARAMETER",
		"unexpected text after ',' in 'null0,'");
	/* gone with its bindings */
	CU_ASSERT_EQUAL(dps_protocol_deregister(p), DPS_OK);
	ERR("/dpstack/binding", ",tproto@null0", "DPS_E_NOT_FOUND", "no protocol 'tproto'");
	ERR("/dpstack/tproto", ",null0", "DPS_E_NOT_FOUND", "adapter null0 has no tproto binding");
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_command_table),
	DPS_TEST(test_parse_none),
	DPS_TEST(test_parse_id),
	DPS_TEST(test_parse_port),
	DPS_TEST(test_parse_binding),
	DPS_TEST(test_parse_oid),
	DPS_TEST(test_clean_and_key),
	DPS_TEST(test_closed_before_init),
	DPS_TEST(test_init_twice),
	DPS_TEST(test_stack_commands),
	DPS_TEST(test_errors),
	DPS_TEST(test_protocol_self_described),
	DPS_TEST(test_control_thread_busy),
	DPS_TEST(test_adapter_removed),
	DPS_TEST(test_fini_waits),
};

DPS_TEST_MAIN("telemetry", cases, suite_init, suite_clean)
