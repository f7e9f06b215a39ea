/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One raw client of dpstack as fast as it can go, for scripts/bench.sh raw:
 *
 *   raw_bench rx SOCKET ADAPTER ETHERTYPE ring|batch|single SECONDS
 *       frames received by one open (dps_client_recv_burst() over a ring or
 *       RECV_BATCH, or dps_client_recv() one request a frame);
 *   raw_bench tx SOCKET ADAPTER ETHERTYPE ring|batch|single SIZE SECONDS
 *       frames of SIZE bytes (the adapter's MAC as source) accepted from one
 *       open (dps_client_send_burst() or dps_client_send()); with a ring,
 *       what the stack handed to the port (tx_sent) once the ring drained.
 * Prints "frames N seconds S fps F" (rx ring: and "dropped D", what the
 * ring dropped meanwhile). Benchmarks only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dps_client.h"

#define BURST 256

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
fail(const char *what, struct dps_client *c, int rc)
{
	fprintf(stderr, "raw_bench: %s: %s %s\n", what, dps_status_str(rc),
		c != NULL ? dps_client_last_error(c) : "");
	return 1;
}

static int
mode_of(const char *m)
{
	if (strcmp(m, "ring") == 0)
		return 0;
	if (strcmp(m, "batch") == 0)
		return 1;
	if (strcmp(m, "single") == 0)
		return 2;
	return -1;
}

static int
do_rx(struct dps_client *c, uint64_t h, int mode, double secs)
{
	static uint8_t bufs[BURST][2048];
	static struct dps_client_frame f[BURST];
	struct dps_client_ring_stats st = {0};
	uint64_t frames = 0;
	double t0, end;
	int rc;

	if (mode == 0) {
		struct dps_client_ring_conf conf = {.rx_slots = 4096, .rx_slot_size = 2048};

		rc = dps_client_ring_setup(c, h, &conf);
		if (rc != DPS_OK)
			return fail("ring setup", c, rc);
	}
	for (int i = 0; i < BURST; i++) {
		f[i].data = bufs[i];
		f[i].cap = sizeof(bufs[i]);
	}
	t0 = now_s();
	end = t0 + secs;
	while (now_s() < end) {
		unsigned int k = 0;
		uint32_t len;

		if (mode == 2)
			rc = dps_client_recv(c, h, bufs[0], sizeof(bufs[0]), 100, &len, NULL),
			k = 1;
		else
			rc = dps_client_recv_burst(c, h, f, BURST, 100, &k);
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue;
		if (rc != DPS_OK)
			return fail("recv", c, rc);
		frames += k;
	}
	secs = now_s() - t0;
	if (mode == 0)
		dps_client_ring_stats(c, h, &st);
	printf("frames %" PRIu64 " seconds %.3f fps %.0f dropped %" PRIu64 "\n", frames, secs,
		(double)frames / secs, st.rx_dropped);
	return 0;
}

static int
do_tx(struct dps_client *c, uint64_t h, uint16_t type, int mode, unsigned int size, double secs)
{
	static uint8_t frame[9622];
	static struct dps_client_frame f[BURST];
	uint64_t frames = 0;
	uint32_t n = 0;
	double t0, end;
	int rc;

	if (size < 60 || size > sizeof(frame))
		return fail("size", NULL, DPS_E_INVALID_PARAMETER);
	memset(frame, 0xff, 6);
	rc = dps_client_oid_query(c, h, 0x01010102u, frame + 6, 6, &n, NULL);
	if (rc != DPS_OK)
		return fail("MAC", c, rc);
	frame[12] = (uint8_t)(type >> 8);
	frame[13] = (uint8_t)type;
	if (mode == 0) {
		struct dps_client_ring_conf conf = {.tx_slots = 4096, .tx_slot_size = 2048};

		rc = dps_client_ring_setup(c, h, &conf);
		if (rc != DPS_OK)
			return fail("ring setup", c, rc);
	}
	for (int i = 0; i < BURST; i++) {
		f[i].data = frame;
		f[i].len = size;
	}
	t0 = now_s();
	end = t0 + secs;
	while (now_s() < end) {
		unsigned int k = 0;

		if (mode == 2) {
			rc = dps_client_send(c, h, frame, size);
			k = rc == DPS_OK;
		} else {
			rc = dps_client_send_burst(c, h, f, BURST, 100, &k);
		}
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue;
		if (rc != DPS_OK && rc != DPS_E_RESOURCES)
			return fail("send", c, rc);
		frames += k;
	}
	if (mode == 0) {
		struct dps_client_ring_stats st;

		dps_client_send_flush(c, h, 5000);
		dps_client_ring_stats(c, h, &st);
		frames = st.tx_sent;
	}
	secs = now_s() - t0;
	printf("frames %" PRIu64 " seconds %.3f fps %.0f\n", frames, secs, (double)frames / secs);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dps_client *c;
	uint16_t type;
	uint64_t h;
	int mode, rc, tx;

	tx = argc == 8 && strcmp(argv[1], "tx") == 0;
	if (!tx && !(argc == 7 && strcmp(argv[1], "rx") == 0)) {
		fprintf(stderr, "usage: raw_bench rx SOCKET ADAPTER ETHERTYPE MODE SECONDS\n"
				"       raw_bench tx SOCKET ADAPTER ETHERTYPE MODE SIZE SECONDS\n");
		return 2;
	}
	mode = mode_of(argv[5]);
	type = (uint16_t)strtoul(argv[4], NULL, 0);
	if (mode < 0)
		return fail("mode", NULL, DPS_E_INVALID_PARAMETER);
	rc = dps_client_connect(argv[2], &c);
	if (rc != DPS_OK)
		return fail("connect", NULL, rc);
	rc = dps_client_open(c, argv[3], &type, 1, NULL, 4096, &h);
	if (rc != DPS_OK)
		return fail("open", c, rc);
	if (tx)
		rc = do_tx(c, h, type, mode, (unsigned int)atoi(argv[6]), atof(argv[7]));
	else
		rc = do_rx(c, h, mode, atof(argv[6]));
	dps_client_close(c);
	return rc;
}
