/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libdpsclient's rings and bursts (docs/CLIENT.md, "Rings and bursts"):
 * open an adapter for EtherType 0x88b5 with a receive and a send ring,
 * send COUNT broadcast frames through the send ring, then receive for
 * SECONDS through the receive ring (256 frames a call, no request and no
 * system call per frame) and print the ring's counters.
 *
 *   cc dps_ring_example.c $(pkg-config --cflags --libs dpsclient)
 *   ./dps_ring_example ADAPTER [SOCKET [SECONDS [COUNT]]]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <dps_client.h>

#define BURST 256

static int
failed(struct dps_client *c, const char *what, int rc)
{
	fprintf(stderr, "%s: %s %s\n", what, dps_status_str(rc), dps_client_last_error(c));
	dps_client_close(c);
	return 1;
}

int
main(int argc, char **argv)
{
	static const uint16_t types[] = {0x88b5};
	static uint8_t bufs[BURST][2048];
	static struct dps_client_frame f[BURST];
	struct dps_client_ring_conf conf = {
		.rx_slots = 4096, .tx_slots = 1024, .policy = DPS_CLIENT_RING_DROP_OLDEST};
	struct dps_client_ring_stats st;
	struct dps_client *c;
	uint8_t frame[60] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
	unsigned int seconds = argc > 3 ? (unsigned int)atoi(argv[3]) : 5;
	unsigned int count = argc > 4 ? (unsigned int)atoi(argv[4]) : 1000, sent = 0, k;
	uint64_t h, got = 0;
	uint32_t n;
	time_t end;
	int rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s ADAPTER [SOCKET [SECONDS [COUNT]]]\n", argv[0]);
		return 2;
	}
	rc = argc > 2 ? dps_client_connect(argv[2], &c) : dps_client_connect_prefix(NULL, &c);
	if (rc != DPS_OK) {
		fprintf(stderr, "connect: %s\n", dps_status_str(rc));
		return 1;
	}
	rc = dps_client_open(c, argv[1], types, 1, NULL, 0, &h);
	if (rc != DPS_OK)
		return failed(c, "open", rc);
	rc = dps_client_ring_setup(c, h, &conf);
	if (rc != DPS_OK)
		return failed(c, "ring setup", rc);

	/* send: our MAC as source, then COUNT frames through the send ring */
	rc = dps_client_oid_query(
		c, h, 0x01010102 /* OID_802_3_CURRENT_ADDRESS */, frame + 6, 6, &n, NULL);
	if (rc != DPS_OK)
		return failed(c, "MAC", rc);
	frame[12] = 0x88;
	frame[13] = 0xb5;
	for (unsigned int i = 0; i < BURST; i++) {
		f[i].data = frame;
		f[i].len = sizeof(frame);
	}
	while (sent < count) {
		rc = dps_client_send_burst(
			c, h, f, count - sent < BURST ? count - sent : BURST, 1000, &k);
		sent += k;
		if (rc != DPS_OK)
			return failed(c, "send", rc);
	}
	rc = dps_client_send_flush(c, h, 5000); /* the stack took them all off the ring */
	if (rc != DPS_OK)
		return failed(c, "send flush", rc);

	/* receive: 256 frames a call, sleeping on the ring's eventfd when it is empty */
	for (unsigned int i = 0; i < BURST; i++) {
		f[i].data = bufs[i];
		f[i].cap = sizeof(bufs[i]);
	}
	end = time(NULL) + (time_t)seconds;
	while (time(NULL) < end) {
		rc = dps_client_recv_burst(c, h, f, BURST, 200, &k);
		if (rc == DPS_E_TIMEOUT)
			continue;
		if (rc != DPS_OK)
			return failed(c, "recv", rc);
		if (got == 0)
			printf("first frame: %u bytes at %" PRIu64 ".%09" PRIu64
			       " (worker clock)\n",
				f[0].len, f[0].timestamp_ns / 1000000000u,
				f[0].timestamp_ns % 1000000000u);
		got += k;
	}
	dps_client_ring_stats(c, h, &st);
	printf("sent %u: completed %" PRIu64 ", to the port %" PRIu64 ", refused %" PRIu64 "\n",
		sent, st.tx_completed, st.tx_sent,
		st.tx_refused_length + st.tx_refused_spoof + st.tx_refused_ethertype +
			st.tx_refused_resources + st.tx_refused_state);
	printf("received %" PRIu64 " in %u s: ring received %" PRIu64 ", dropped %" PRIu64 "\n",
		got, seconds, st.rx_received, st.rx_dropped);
	dps_client_close_open(c, h);
	dps_client_close(c);
	return 0;
}
