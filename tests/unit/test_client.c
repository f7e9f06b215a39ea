/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libdpsclient against a fake server (tests/unit/fake_dpsd.c) listening on a
 * SOCK_SEQPACKET socket in a temporary directory, served by a thread: every
 * call's happy path and what it sent, the server's statuses coming through,
 * and every transport failure with its exact status.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dps_client.h"
#include "dps_test.h"
#include "fake_dpsd.h"

static struct fake_server fake;
static struct dps_client *c;
static const uint16_t t88b5 = 0x88b5;

static int
suite_init(void)
{
	fake_init(&fake);
	return fake_start(&fake, NULL) == 0 ? 0 : -1;
}

static int
suite_clean(void)
{
	fake_stop(&fake);
	return 0;
}

static void
misbehave(int how)
{
	pthread_mutex_lock(&fake.lock);
	fake.misbehave = how;
	pthread_mutex_unlock(&fake.lock);
}

static void
connect_fake(void)
{
	c = NULL;
	CU_ASSERT_EQUAL_FATAL(dps_client_connect(fake.path, &c), DPS_OK);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
}

static void
disconnect(void)
{
	dps_client_close(c);
	c = NULL;
}

static uint64_t
open_dps0(void)
{
	uint64_t h = 0;

	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", &t88b5, 1, NULL, 0, &h), DPS_OK);
	return h;
}

/* ---- connecting ---- */

static void
test_connect_errors(void)
{
	struct dps_client *x = (struct dps_client *)&x;
	char longpath[200];
	char dir[] = "/tmp/dps-client-test.XXXXXX";
	char path[128];
	int fd;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};

	CU_ASSERT_EQUAL(dps_client_connect("/nonexistent/dpstack.sock", &x), DPS_E_NOT_FOUND);
	CU_ASSERT_PTR_NULL(x);
	CU_ASSERT_EQUAL(dps_client_connect(NULL, &x), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_connect("", &x), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_connect(fake.path, NULL), DPS_E_INVALID_PARAMETER);
	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	CU_ASSERT_EQUAL(dps_client_connect(longpath, &x), DPS_E_INVALID_PARAMETER);

	/* a socket file nobody listens on */
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/dead.sock", dir);
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	CU_ASSERT_EQUAL(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	CU_ASSERT_EQUAL(dps_client_connect(path, &x), DPS_E_IO);
	unlink(path);
	/* a regular file */
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	close(fd);
	CU_ASSERT_EQUAL(dps_client_connect(path, &x), DPS_E_IO);
	unlink(path);
	rmdir(dir);

	CU_ASSERT_EQUAL(dps_client_connect_prefix("a/b", &x), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_connect_prefix("..", &x), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_connect_prefix("rte", NULL), DPS_E_INVALID_PARAMETER);
	memset(longpath, 'p', 100);
	longpath[100] = '\0'; /* a valid prefix, too long for a socket path */
	CU_ASSERT_EQUAL(dps_client_connect_prefix(longpath, &x), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_connect_prefix("dps-test-no-such-prefix", &x), DPS_E_NOT_FOUND);
}

/* connect_prefix finds the socket where dps_client_socket_path says */
static void
test_connect_prefix(void)
{
	struct fake_server *f2 = calloc(1, sizeof(*f2));
	char prefix[64], path[128], dir[128], cmd[300];
	struct dps_client *x = NULL;
	struct dps_client_binding b;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f2);
	snprintf(prefix, sizeof(prefix), "dps-test-client-%d", (int)getpid());
	CU_ASSERT_EQUAL_FATAL(dps_client_socket_path(prefix, path, sizeof(path)), DPS_OK);
	CU_ASSERT_PTR_NOT_NULL(strstr(path, "/dpdk/dps-test-client-"));
	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	snprintf(cmd, sizeof(cmd), "mkdir -p '%s'", dir);
	CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
	fake_init(f2);
	CU_ASSERT_EQUAL_FATAL(fake_start(f2, path), 0);
	CU_ASSERT_EQUAL(dps_client_connect_prefix(prefix, &x), DPS_OK);
	CU_ASSERT_EQUAL(dps_client_list(x, 0, &b), DPS_OK);
	CU_ASSERT_STRING_EQUAL(b.name, "dps0");
	dps_client_close(x);
	fake_stop(f2);
	rmdir(dir);
	free(f2);
}

/* ---- every call's happy path ---- */

static void
test_list(void)
{
	struct dps_client_binding b;

	connect_fake();
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_OK);
	CU_ASSERT_STRING_EQUAL(b.name, "dps0");
	CU_ASSERT_STRING_EQUAL(b.description, "net_tap0,iface=dps0 (net_tap)");
	CU_ASSERT_EQUAL(memcmp(b.mac, "\x02\0\0\0\0\x01", 6), 0);
	CU_ASSERT_EQUAL(b.mtu, 1500u);
	CU_ASSERT_EQUAL(b.link_up, 1u);
	CU_ASSERT_EQUAL(b.link_speed, 10000u);
	CU_ASSERT_EQUAL(b.state, 4u);
	CU_ASSERT_EQUAL(dps_client_list(c, 1, &b), DPS_OK);
	CU_ASSERT_STRING_EQUAL(b.name, "dps1");
	CU_ASSERT_EQUAL(dps_client_list(c, 2, &b), DPS_E_NO_MORE_ENTRIES);
	CU_ASSERT_EQUAL(fake.last_index, 2u);
	CU_ASSERT_EQUAL(dps_client_list(c, 0xffffffffu, &b), DPS_E_NO_MORE_ENTRIES);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_list(NULL, 0, &b), DPS_E_INVALID_PARAMETER);
	/* a server status is not a transport failure */
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	disconnect();
}

static void
test_wait_binds(void)
{
	connect_fake();
	CU_ASSERT_EQUAL(dps_client_wait_binds(c, 1234), DPS_OK);
	CU_ASSERT_EQUAL(fake.last_timeout_ms, 1234u);
	CU_ASSERT_EQUAL(dps_client_wait_binds(NULL, 1), DPS_E_INVALID_PARAMETER);
	disconnect();
}

static void
test_open_close(void)
{
	static const uint16_t types[8] = {
		0x88b5, 0x0800, 0x0806, 0x86dd, 0x8100, 0x88a8, 0x9000, 0xffff};
	char filter[DPS_CLIENT_MAX_FILTER + 2];
	uint64_t h = 0, h2 = 0;

	connect_fake();
	CU_ASSERT_EQUAL(
		dps_client_open(c, "dps1", types, 8, "ether proto 0x88b5", 300, &h), DPS_OK);
	CU_ASSERT_NOT_EQUAL(h, 0);
	CU_ASSERT_STRING_EQUAL(fake.last_open.adapter, "dps1");
	CU_ASSERT_EQUAL(fake.last_open.nb_types, 8);
	CU_ASSERT_EQUAL(memcmp(fake.last_open.types, types, sizeof(types)), 0);
	CU_ASSERT_STRING_EQUAL(fake.last_open.filter, "ether proto 0x88b5");
	CU_ASSERT_EQUAL(fake.last_open.queue_len, 300u);
	/* several opens of one adapter; an empty filter is none */
	CU_ASSERT_EQUAL(dps_client_open(c, "dps1", types, 1, "", 0, &h2), DPS_OK);
	CU_ASSERT_NOT_EQUAL(h2, h);
	CU_ASSERT_EQUAL(fake.last_open.filter_len, 0);
	CU_ASSERT_EQUAL(dps_client_close_open(c, h), DPS_OK);
	CU_ASSERT_EQUAL(dps_client_close_open(c, h), DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(dps_client_close_open(c, h2), DPS_OK);

	/* server refusals */
	CU_ASSERT_EQUAL(dps_client_open(c, "nope", types, 1, NULL, 0, &h), DPS_E_NOT_FOUND);
	CU_ASSERT_EQUAL(
		dps_client_open(c, "dps0", types, 1, "bad filter", 0, &h), DPS_E_INVALID_DATA);

	/* refused here, nothing sent */
	pthread_mutex_lock(&fake.lock);
	fake.requests = 0;
	pthread_mutex_unlock(&fake.lock);
	CU_ASSERT_EQUAL(dps_client_open(c, "", types, 1, NULL, 0, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, "sixteen-chars-xx", types, 1, NULL, 0, &h),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, NULL, types, 1, NULL, 0, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", NULL, 1, NULL, 0, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", types, 0, NULL, 0, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", types, 9, NULL, 0, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", (const uint16_t[]){0x05ff}, 1, NULL, 0, &h),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", types, 1, NULL, DPS_CLIENT_MAX_QUEUE + 1, &h),
		DPS_E_INVALID_PARAMETER);
	memset(filter, 'f', sizeof(filter) - 1);
	filter[sizeof(filter) - 1] = '\0';
	CU_ASSERT_EQUAL(
		dps_client_open(c, "dps0", types, 1, filter, 0, &h), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_client_open(c, "dps0", types, 1, NULL, 0, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(fake.requests, 0u);
	/* the largest filter and queue go through */
	filter[DPS_CLIENT_MAX_FILTER] = '\0';
	CU_ASSERT_EQUAL(
		dps_client_open(c, "dps0", types, 1, filter, DPS_CLIENT_MAX_QUEUE, &h), DPS_OK);
	CU_ASSERT_EQUAL(fake.last_open.filter_len, DPS_CLIENT_MAX_FILTER);
	CU_ASSERT_EQUAL(dps_client_close_open(NULL, h), DPS_E_INVALID_PARAMETER);
	disconnect();
}

static void
test_send_recv_loopback(void)
{
	uint8_t frame[60], got[DPS_CLIENT_MAX_FRAME], small[20];
	uint32_t len = 99, orig = 99;
	uint64_t h;

	connect_fake();
	h = open_dps0();
	memset(frame, 0xff, 6);
	memcpy(frame + 6, "\x02\0\0\0\0\x01", 6);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	for (int i = 14; i < 60; i++)
		frame[i] = (uint8_t)i;
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, sizeof(frame)), DPS_OK);
	CU_ASSERT_EQUAL(fake.last_frame_len, 60u);
	CU_ASSERT_EQUAL(memcmp(fake.last_frame, frame, 60), 0);
	/* the fake loops it back to the open */
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, sizeof(got), 1000, &len, &orig), DPS_OK);
	CU_ASSERT_EQUAL(len, 60u);
	CU_ASSERT_EQUAL(orig, 60u);
	CU_ASSERT_EQUAL(memcmp(got, frame, 60), 0);
	CU_ASSERT_EQUAL(fake.last_max_len, (uint32_t)DPS_CLIENT_MAX_FRAME);
	CU_ASSERT_EQUAL(fake.last_timeout_ms, 1000u);
	/* cut to the buffer, with the real length */
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, sizeof(frame)), DPS_OK);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, small, sizeof(small), 0, &len, &orig), DPS_OK);
	CU_ASSERT_EQUAL(len, 20u);
	CU_ASSERT_EQUAL(orig, 60u);
	CU_ASSERT_EQUAL(fake.last_max_len, 20u);
	CU_ASSERT_EQUAL(memcmp(small, frame, 20), 0);
	/* nothing queued: the server's DPS_E_TIMEOUT, and the connection still works */
	len = orig = 99;
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, sizeof(got), 20, &len, &orig), DPS_E_TIMEOUT);
	CU_ASSERT_EQUAL(len, 0u);
	CU_ASSERT_EQUAL(orig, 0u);
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, sizeof(got), 0, &len, NULL), DPS_E_TIMEOUT);

	/* the server's send checks come back as its statuses */
	frame[6] = 0x04;
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, sizeof(frame)), DPS_E_PERMISSION);
	frame[6] = 0x02;
	frame[13] = 0xb6;
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, sizeof(frame)), DPS_E_INVALID_PARAMETER);
	frame[13] = 0xb5;
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, 13), DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(dps_client_send(c, h + 1, frame, sizeof(frame)), DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(
		dps_client_recv(c, h + 1, got, sizeof(got), 0, &len, NULL), DPS_E_STALE_HANDLE);

	/* refused here */
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, 0), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_client_send(c, h, got, DPS_CLIENT_MAX_FRAME + 1), DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(dps_client_send(c, h, NULL, 60), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, NULL, 10, 0, &len, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, 0, 0, &len, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, 10, 0, NULL, NULL), DPS_E_INVALID_PARAMETER);
	disconnect();
}

static void
test_max_frame_both_ways(void)
{
	static uint8_t frame[DPS_CLIENT_MAX_FRAME], got[DPS_CLIENT_MAX_FRAME + 100];
	uint32_t len, orig, mtu = 9600;
	uint64_t h;

	connect_fake();
	h = open_dps0();
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 0xFF010001u, &mtu, 4, NULL, NULL), DPS_OK);
	memcpy(frame + 6, "\x02\0\0\0\0\x01", 6);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	/* 9614 bytes: the fake's MTU + 14; the wire carries up to 9622 */
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, 9614), DPS_OK);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, sizeof(got), 100, &len, &orig), DPS_OK);
	CU_ASSERT_EQUAL(len, 9614u);
	CU_ASSERT_EQUAL(fake.last_max_len, (uint32_t)DPS_CLIENT_MAX_FRAME);
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, DPS_CLIENT_MAX_FRAME), DPS_E_INVALID_LENGTH);
	mtu = 1500;
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 0xFF010001u, &mtu, 4, NULL, NULL), DPS_OK);
	disconnect();
}

static void
test_queue_prefill_and_stats(void)
{
	struct dps_client_open_stats st;
	uint8_t got[128];
	uint32_t len, orig;
	uint64_t h;

	pthread_mutex_lock(&fake.lock);
	fake.prefill = 3;
	pthread_mutex_unlock(&fake.lock);
	connect_fake();
	h = open_dps0();
	pthread_mutex_lock(&fake.lock);
	fake.prefill = 0;
	pthread_mutex_unlock(&fake.lock);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, got, sizeof(got), 0, &len, &orig), DPS_OK);
	CU_ASSERT_EQUAL(len, 60u);
	CU_ASSERT_EQUAL(got[12], 0x88);
	CU_ASSERT_EQUAL(dps_client_open_stats(c, h, &st), DPS_OK);
	CU_ASSERT_EQUAL(st.received, 3u);
	CU_ASSERT_EQUAL(st.delivered, 1u);
	CU_ASSERT_EQUAL(st.queued, 2u);
	CU_ASSERT_EQUAL(st.dropped, 0u);
	CU_ASSERT_EQUAL(dps_client_open_stats(c, h + 7, &st), DPS_E_STALE_HANDLE);
	CU_ASSERT_EQUAL(dps_client_open_stats(c, h, NULL), DPS_E_INVALID_PARAMETER);
	disconnect();
}

static void
test_oid_query(void)
{
	uint8_t buf[DPS_CLIENT_OID_DATA_MAX];
	uint32_t written = 99, needed = 99;
	uint64_t h;

	connect_fake();
	h = open_dps0();
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 0x01010102u, buf, 6, &written, &needed), DPS_OK);
	CU_ASSERT_EQUAL(written, 6u);
	CU_ASSERT_EQUAL(needed, 0u);
	CU_ASSERT_EQUAL(memcmp(buf, "\x02\0\0\0\0\x01", 6), 0);
	CU_ASSERT_EQUAL(fake.last_oid, 0x01010102u);
	CU_ASSERT_EQUAL(fake.last_buf_len, 6u);
	/* NDIS counts: too small, and asking with no buffer at all */
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 0x01010102u, buf, 5, &written, &needed),
		DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(written, 0u);
	CU_ASSERT_EQUAL(needed, 6u);
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 0x00020106u, NULL, 0, &written, &needed),
		DPS_E_BUFFER_TOO_SHORT);
	CU_ASSERT_EQUAL(needed, 64u);
	/* a counter as 4 or 8 bytes */
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 0x00020101u, buf, 8, &written, NULL), DPS_OK);
	CU_ASSERT_EQUAL(written, 8u);
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 0x00020101u, buf, 4, NULL, NULL), DPS_OK);
	/* unknown OID: the server's status, counts zeroed */
	written = needed = 7;
	CU_ASSERT_EQUAL(
		dps_client_oid_query(c, h, 0x12345678u, buf, sizeof(buf), &written, &needed),
		DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(written, 0u);
	CU_ASSERT_EQUAL(needed, 0u);
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	/* refused here */
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 1, buf, DPS_CLIENT_OID_DATA_MAX + 1, NULL, NULL),
		DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_client_oid_query(c, h, 1, NULL, 4, NULL, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(
		dps_client_oid_query(NULL, h, 1, buf, 4, NULL, NULL), DPS_E_INVALID_PARAMETER);
	disconnect();
}

static void
test_oid_set(void)
{
	static const uint8_t mcast[12] = {0x01, 0, 0x5e, 0, 0, 1, 0x01, 0, 0x5e, 0, 0, 2};
	uint32_t filter = 0x0b, read = 99, needed = 99;
	uint8_t back[DPS_CLIENT_OID_DATA_MAX];
	uint32_t written;
	uint64_t h;

	connect_fake();
	h = open_dps0();
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 0x0001010Eu, &filter, 4, &read, &needed), DPS_OK);
	CU_ASSERT_EQUAL(read, 4u);
	CU_ASSERT_EQUAL(needed, 0u);
	CU_ASSERT_EQUAL(fake.last_buf_len, 4u);
	CU_ASSERT_EQUAL(memcmp(fake.last_set, "\x0b\0\0\0", 4), 0);
	/* the multicast list: set, read back, cleared with no data */
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 0x01010103u, mcast, 12, &read, NULL), DPS_OK);
	CU_ASSERT_EQUAL(read, 12u);
	CU_ASSERT_EQUAL(dps_client_oid_query(c, h, 0x01010103u, back, sizeof(back), &written, NULL),
		DPS_OK);
	CU_ASSERT_EQUAL(written, 12u);
	CU_ASSERT_EQUAL(memcmp(back, mcast, 12), 0);
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 0x01010103u, NULL, 0, &read, NULL), DPS_OK);
	CU_ASSERT_EQUAL(read, 0u);
	/* NDIS counts on a short set */
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 0x0001010Eu, &filter, 2, &read, &needed),
		DPS_E_INVALID_LENGTH);
	CU_ASSERT_EQUAL(read, 0u);
	CU_ASSERT_EQUAL(needed, 4u);
	/* not allowed, not supported */
	CU_ASSERT_EQUAL(
		dps_client_oid_set(c, h, 0xFF010002u, mcast, 6, NULL, NULL), DPS_E_PERMISSION);
	CU_ASSERT_EQUAL(
		dps_client_oid_set(c, h, 0x01010102u, mcast, 6, NULL, NULL), DPS_E_NOT_SUPPORTED);
	/* refused here */
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 1, NULL, 4, NULL, NULL), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_oid_set(c, h, 1, back, DPS_CLIENT_OID_DATA_MAX + 1, NULL, NULL),
		DPS_E_INVALID_PARAMETER);
	disconnect();
}

static void
test_wait_status(void)
{
	struct dps_client_indication ind;
	uint64_t h;

	connect_fake();
	h = open_dps0();
	CU_ASSERT_EQUAL(dps_client_wait_status(c, h, 500, &ind), DPS_OK);
	CU_ASSERT_EQUAL(ind.code, (uint32_t)DPS_CLIENT_IND_LINK_STATE);
	CU_ASSERT_EQUAL(ind.link_up, 0u);
	CU_ASSERT_EQUAL(fake.last_timeout_ms, 500u);
	CU_ASSERT_EQUAL(dps_client_wait_status(c, h, 500, &ind), DPS_OK);
	CU_ASSERT_EQUAL(ind.link_up, 1u);
	CU_ASSERT_EQUAL(ind.link_speed, 10000u);
	pthread_mutex_lock(&fake.lock);
	fake.no_indications = 1;
	pthread_mutex_unlock(&fake.lock);
	CU_ASSERT_EQUAL(dps_client_wait_status(c, h, 30, &ind), DPS_E_TIMEOUT);
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	pthread_mutex_lock(&fake.lock);
	fake.no_indications = 0;
	pthread_mutex_unlock(&fake.lock);
	CU_ASSERT_EQUAL(dps_client_wait_status(c, h, 30, NULL), DPS_E_INVALID_PARAMETER);
	disconnect();
}

/* ---- transport failures ---- */

/* One misbehaviour on a LIST request: @return the status, and check the connection is gone. */
static int
list_with(int how)
{
	struct dps_client_binding b;
	int rc;

	connect_fake();
	CU_ASSERT_EQUAL(dps_client_set_timeout(c, 300), DPS_OK);
	misbehave(how);
	rc = dps_client_list(c, 0, &b);
	return rc;
}

static void
assert_broken(void)
{
	struct dps_client_binding b;

	CU_ASSERT_EQUAL(dps_client_connected(c), 0);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_IO);
	disconnect();
}

static void
test_server_closes(void)
{
	CU_ASSERT_EQUAL(list_with(FAKE_CLOSE), DPS_E_IO);
	assert_broken();
}

static void
test_wrong_id(void)
{
	CU_ASSERT_EQUAL(list_with(FAKE_WRONG_ID), DPS_E_INVALID_DATA);
	assert_broken();
}

static void
test_wrong_type(void)
{
	CU_ASSERT_EQUAL(list_with(FAKE_WRONG_TYPE), DPS_E_INVALID_DATA);
	assert_broken();
}

static void
test_truncated_reply(void)
{
	CU_ASSERT_EQUAL(list_with(FAKE_TRUNCATED), DPS_E_INVALID_DATA);
	assert_broken();
	/* a reply cut inside its header */
	connect_fake();
	misbehave(FAKE_TRUNCATED);
	CU_ASSERT_EQUAL(dps_client_wait_binds(c, 0), DPS_E_INVALID_DATA);
	assert_broken();
}

static void
test_oversize_reply(void)
{
	CU_ASSERT_EQUAL(list_with(FAKE_OVERSIZE), DPS_E_INVALID_DATA);
	assert_broken();
}

static void
test_bad_payload(void)
{
	uint64_t h = 5;
	struct dps_client_indication ind;
	struct dps_client_open_stats st;
	uint8_t buf[16];
	uint32_t n;

	CU_ASSERT_EQUAL(list_with(FAKE_BAD_PAYLOAD), DPS_E_INVALID_DATA);
	assert_broken();
	/* every reply decoder */
	connect_fake();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(dps_client_open(c, "dps0", &t88b5, 1, NULL, 0, &h), DPS_E_INVALID_DATA);
	assert_broken();
	connect_fake();
	h = open_dps0();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, buf, sizeof(buf), 0, &n, NULL), DPS_E_INVALID_DATA);
	assert_broken();
	connect_fake();
	h = open_dps0();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(dps_client_wait_status(c, h, 0, &ind), DPS_E_INVALID_DATA);
	assert_broken();
	connect_fake();
	h = open_dps0();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(dps_client_open_stats(c, h, &st), DPS_E_INVALID_DATA);
	assert_broken();
	connect_fake();
	h = open_dps0();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(
		dps_client_oid_query(c, h, 0x01010102u, buf, 6, &n, NULL), DPS_E_INVALID_DATA);
	assert_broken();
	connect_fake();
	h = open_dps0();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(
		dps_client_oid_set(c, h, 0x0001010Eu, buf, 4, NULL, NULL), DPS_E_INVALID_DATA);
	assert_broken();
	/* a status-only reply with a payload */
	connect_fake();
	h = open_dps0();
	misbehave(FAKE_BAD_PAYLOAD);
	CU_ASSERT_EQUAL(dps_client_close_open(c, h), DPS_E_INVALID_DATA);
	assert_broken();
	/* DPS_OK without the payload it needs */
	connect_fake();
	h = open_dps0();
	pthread_mutex_lock(&fake.lock);
	fake.status = DPS_OK;
	pthread_mutex_unlock(&fake.lock);
	misbehave(FAKE_STATUS);
	CU_ASSERT_EQUAL(
		dps_client_oid_query(c, h, 0x01010102u, buf, 6, &n, NULL), DPS_E_INVALID_DATA);
	assert_broken();
	/* a positive status is not a reply status */
	connect_fake();
	misbehave(FAKE_POSITIVE);
	CU_ASSERT_EQUAL(dps_client_wait_binds(c, 0), DPS_E_INVALID_DATA);
	assert_broken();
}

static void
test_error_reply_and_status(void)
{
	struct dps_client_binding b;

	/* DPS_IPC_ERROR with the request's id: the server's status, connection kept */
	connect_fake();
	misbehave(FAKE_ERROR_REPLY);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_NOT_SUPPORTED);
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_OK);
	/* any failure status passes through untouched */
	pthread_mutex_lock(&fake.lock);
	fake.status = DPS_E_ADAPTER_REMOVED;
	pthread_mutex_unlock(&fake.lock);
	misbehave(FAKE_STATUS);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_ADAPTER_REMOVED);
	pthread_mutex_lock(&fake.lock);
	fake.status = -1000;
	pthread_mutex_unlock(&fake.lock);
	misbehave(FAKE_STATUS);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), -1000);
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	disconnect();
}

static void
test_last_error(void)
{
	struct dps_client_binding b;
	uint64_t h;
	uint8_t frame[60];

	CU_ASSERT_STRING_EQUAL(dps_client_last_error(NULL), "");
	connect_fake();
	CU_ASSERT_STRING_EQUAL(dps_client_last_error(c), "");
	/* the server's reason, then cleared by a call that succeeds */
	pthread_mutex_lock(&fake.lock);
	fake.status = DPS_E_INVALID_DATA;
	snprintf(fake.reason, sizeof(fake.reason), "filter: syntax error");
	pthread_mutex_unlock(&fake.lock);
	misbehave(FAKE_STATUS);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_INVALID_DATA);
	CU_ASSERT_STRING_EQUAL(dps_client_last_error(c), "filter: syntax error");
	CU_ASSERT_EQUAL(dps_client_connected(c), 1);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_OK);
	CU_ASSERT_STRING_EQUAL(dps_client_last_error(c), "");
	/* a reason before an OID reply's payload: the payload is still read */
	pthread_mutex_lock(&fake.lock);
	fake.reason[0] = '\0';
	pthread_mutex_unlock(&fake.lock);
	h = open_dps0();
	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);
	frame[6] = 0x02, frame[11] = 0x09; /* not the adapter's MAC */
	frame[12] = 0x88, frame[13] = 0xb5;
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, sizeof(frame)), DPS_E_PERMISSION);
	CU_ASSERT_STRING_EQUAL(
		dps_client_last_error(c), "source MAC 02:00:00:00:00:09 is not dps0 MAC");
	/* the library's own refusals say why too */
	CU_ASSERT_EQUAL(dps_client_send(c, h, frame, 0), DPS_E_INVALID_LENGTH);
	CU_ASSERT_STRING_EQUAL(dps_client_last_error(c), "frame of 0 bytes: 1 to 9622");
	{
		static const uint16_t len_type = 0x0010;

		CU_ASSERT_EQUAL(dps_client_open(c, "dps0", &len_type, 1, NULL, 0, &h),
			DPS_E_INVALID_PARAMETER);
		CU_ASSERT_STRING_EQUAL(dps_client_last_error(c),
			"EtherType 0x0010 is below 0x0600 (a length, not a type)");
	}
	/* a transport failure */
	misbehave(FAKE_CLOSE);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_IO);
	CU_ASSERT_STRING_EQUAL(dps_client_last_error(c), "dpstack closed the connection");
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_IO);
	CU_ASSERT_STRING_EQUAL(dps_client_last_error(c),
		"the connection to dpstack is broken: close it and connect again");
	disconnect();
}

static void
test_no_reply_times_out(void)
{
	struct dps_client_binding b;
	struct timespec t0, t1;
	long ms;
	uint8_t buf[64];
	uint32_t n;
	uint64_t h;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(list_with(FAKE_NO_REPLY), DPS_E_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CU_ASSERT(ms >= 290 && ms < 3000);
	assert_broken();

	/* a receive waits its own timeout plus the reply timeout */
	connect_fake();
	CU_ASSERT_EQUAL(dps_client_set_timeout(c, 100), DPS_OK);
	h = open_dps0();
	misbehave(FAKE_NO_REPLY);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CU_ASSERT_EQUAL(dps_client_recv(c, h, buf, sizeof(buf), 300, &n, NULL), DPS_E_TIMEOUT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CU_ASSERT(ms >= 390 && ms < 3000);
	CU_ASSERT_EQUAL(dps_client_connected(c), 0);
	CU_ASSERT_EQUAL(dps_client_list(c, 0, &b), DPS_E_IO);
	disconnect();
}

static void
test_set_timeout_and_nulls(void)
{
	connect_fake();
	CU_ASSERT_EQUAL(dps_client_set_timeout(c, 0), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_set_timeout(c, 3600001), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_set_timeout(NULL, 10), DPS_E_INVALID_PARAMETER);
	CU_ASSERT_EQUAL(dps_client_set_timeout(c, 3600000), DPS_OK);
	CU_ASSERT_EQUAL(dps_client_connected(NULL), 0);
	dps_client_close(NULL);
	disconnect();
}

/* Opens belong to their connection: the fake frees them when it goes. */
static void
test_opens_go_with_the_connection(void)
{
	uint64_t h;
	int used = 0;

	connect_fake();
	h = open_dps0();
	(void)h;
	disconnect();
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&fake.lock);
		used = 0;
		for (int k = 0; k < FAKE_MAX_OPENS; k++)
			used += fake.opens[k].used;
		pthread_mutex_unlock(&fake.lock);
		if (used == 0)
			break;
		usleep(10000);
	}
	CU_ASSERT_EQUAL(used, 0);
}

static const struct dps_test_case cases[] = {
	DPS_TEST(test_connect_errors),
	DPS_TEST(test_connect_prefix),
	DPS_TEST(test_list),
	DPS_TEST(test_wait_binds),
	DPS_TEST(test_open_close),
	DPS_TEST(test_send_recv_loopback),
	DPS_TEST(test_max_frame_both_ways),
	DPS_TEST(test_queue_prefill_and_stats),
	DPS_TEST(test_oid_query),
	DPS_TEST(test_oid_set),
	DPS_TEST(test_wait_status),
	DPS_TEST(test_server_closes),
	DPS_TEST(test_wrong_id),
	DPS_TEST(test_wrong_type),
	DPS_TEST(test_truncated_reply),
	DPS_TEST(test_oversize_reply),
	DPS_TEST(test_bad_payload),
	DPS_TEST(test_error_reply_and_status),
	DPS_TEST(test_last_error),
	DPS_TEST(test_no_reply_times_out),
	DPS_TEST(test_set_timeout_and_nulls),
	DPS_TEST(test_opens_go_with_the_connection),
};

DPS_TEST_MAIN("client", cases, suite_init, suite_clean)
