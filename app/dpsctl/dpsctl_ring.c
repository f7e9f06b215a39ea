/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dpsctl recv and send in the burst modes (issue 15): --mode batch (the
 * default: RECV_BATCH / SEND_BATCH, many frames a request) and --mode ring
 * (shared-memory rings: no request and no system call per frame), both
 * through dps_client_recv_burst() / dps_client_send_burst(). --mode single
 * is dpsctl.c's one request per frame.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "dpsctl.h"

#define BURST 256
#define CHUNK_MS 500u /* longest single wait, so that Ctrl-C is seen quickly */
#define RX_SLOTS_DEFAULT 4096u
#define TX_SLOTS_DEFAULT 1024u
#define FLUSH_WAIT_MS 10000u

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* ---- recv ---- */

static void
le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* The classic pcap format (little-endian, microseconds). */
static int
pcap_header(FILE *f)
{
	uint8_t h[24];

	le32(h, 0xa1b2c3d4u);
	h[4] = 2, h[5] = 0, h[6] = 4, h[7] = 0; /* version 2.4 */
	le32(h + 8, 0);				/* thiszone */
	le32(h + 12, 0);			/* sigfigs */
	le32(h + 16, 65535);			/* snaplen */
	le32(h + 20, 1);			/* LINKTYPE_ETHERNET */
	return fwrite(h, 1, sizeof(h), f) == sizeof(h) ? 0 : -1;
}

/* @p ts_ns: the worker's timestamp (rings), 0: now */
static int
pcap_record(FILE *f, const struct dps_client_frame *fr, uint64_t ts_ns)
{
	uint8_t h[16];

	if (ts_ns == 0) {
		struct timeval tv;

		gettimeofday(&tv, NULL);
		ts_ns = (uint64_t)tv.tv_sec * 1000000000u + (uint64_t)tv.tv_usec * 1000u;
	}
	le32(h, (uint32_t)(ts_ns / 1000000000u));
	le32(h + 4, (uint32_t)(ts_ns % 1000000000u / 1000u));
	le32(h + 8, fr->len);
	le32(h + 12, fr->orig_len);
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) || fwrite(fr->data, 1, fr->len, f) != fr->len)
		return -1;
	return 0;
}

static void
print_frame(const struct dpsctl_args *a, const struct dps_client_frame *fr)
{
	static const char hex[] = "0123456789abcdef";
	static char line[2 * DPS_CLIENT_MAX_FRAME + 1];
	const uint8_t *d = fr->data;

	for (uint32_t i = 0; i < fr->len; i++) {
		line[2 * i] = hex[d[i] >> 4];
		line[2 * i + 1] = hex[d[i] & 15];
	}
	line[2 * fr->len] = '\0';
	if (a->json)
		printf("{\"len\":%u,\"orig_len\":%u,\"data\":\"%s\"}\n", fr->len, fr->orig_len,
			line);
	else
		printf("%u %s\n", fr->len, line);
}

/* How long the next wait may be; 0 when it is time to stop (see dpsctl.c). */
static int
next_wait(const struct dpsctl_args *a, uint64_t deadline_ns, int idle, uint32_t *wait)
{
	uint64_t now, left;

	*wait = CHUNK_MS;
	if (!a->has_timeout)
		return 1;
	now = mono_ns();
	left = deadline_ns > now ? (deadline_ns - now) / 1000000u : 0;
	if (left == 0 && (a->timeout_ms > 0 || idle))
		return 0;
	if (left < CHUNK_MS)
		*wait = (uint32_t)left;
	return 1;
}

int
dpsctl_recv_burst(
	const struct dpsctl_args *a, struct dps_client *c, volatile const sig_atomic_t *stopping)
{
	static uint8_t bufs[BURST][DPS_CLIENT_MAX_FRAME];
	static struct dps_client_frame f[BURST];
	FILE *pcap = NULL;
	uint64_t h, deadline = 0;
	uint32_t got = 0;
	int rc, ret = DPSCTL_EXIT_OK, idle = 0;

	if (a->pcap != NULL) {
		pcap = strcmp(a->pcap, "-") == 0 ? stdout : fopen(a->pcap, "wb");
		if (pcap == NULL || pcap_header(pcap) != 0 || fflush(pcap) != 0) {
			fprintf(stderr, "dpsctl: recv: %s: %s\n", a->pcap, strerror(errno));
			if (pcap != NULL && pcap != stdout)
				fclose(pcap);
			return DPSCTL_EXIT_FAILED;
		}
	}
	rc = dps_client_open(c, a->adapter, a->types, a->nb_types, a->filter, a->queue_len, &h);
	if (rc != DPS_OK) {
		if (pcap != NULL && pcap != stdout)
			fclose(pcap);
		return dpsctl_failed(a, c, rc, NULL);
	}
	if (a->mode == DPSCTL_MODE_RING) {
		struct dps_client_ring_conf conf = {
			.rx_slots = a->ring_slots ? a->ring_slots : RX_SLOTS_DEFAULT,
			.policy = DPS_CLIENT_RING_DROP_OLDEST,
		};

		rc = dps_client_ring_setup(c, h, &conf);
		if (rc != DPS_OK) {
			ret = dpsctl_failed(a, c, rc, "(setting up the receive ring)");
			goto out;
		}
	}
	for (unsigned int i = 0; i < BURST; i++) {
		f[i].data = bufs[i];
		f[i].cap = sizeof(bufs[i]);
	}
	if (a->has_timeout)
		deadline = mono_ns() + (uint64_t)a->timeout_ms * 1000000u;
	while (!*stopping && (a->count == 0 || got < a->count)) {
		unsigned int want = BURST, k = 0;
		uint32_t wait;

		if (!next_wait(a, deadline, idle, &wait))
			break;
		if (a->count > 0 && a->count - got < want)
			want = a->count - got;
		rc = dps_client_recv_burst(c, h, f, want, wait, &k);
		idle = rc == DPS_E_TIMEOUT;
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue;
		if (rc != DPS_OK) {
			ret = dpsctl_failed(a, c, rc, NULL);
			break;
		}
		got += k;
		for (unsigned int i = 0; i < k; i++) {
			if (pcap != NULL) {
				if (pcap_record(pcap, &f[i], f[i].timestamp_ns) != 0) {
					ret = DPSCTL_EXIT_FAILED;
					break;
				}
			} else {
				print_frame(a, &f[i]);
			}
		}
		/* once per burst: the file is whole at every burst's end */
		if (ret == DPSCTL_EXIT_OK && fflush(pcap != NULL ? pcap : stdout) != 0)
			ret = DPSCTL_EXIT_FAILED;
		if (ret != DPSCTL_EXIT_OK) {
			fprintf(stderr, "dpsctl: recv: %s: %s\n",
				a->pcap != NULL ? a->pcap : "stdout", strerror(errno));
			break;
		}
	}
	if (ret == DPSCTL_EXIT_OK && !*stopping && a->count > 0 && got < a->count) {
		char extra[64];

		snprintf(extra, sizeof(extra), "(received %u of %u frames)", got, a->count);
		ret = dpsctl_failed(a, c, DPS_E_TIMEOUT, extra);
	}
out:
	if (pcap != NULL && pcap != stdout) {
		if (fclose(pcap) != 0 && ret == DPSCTL_EXIT_OK) {
			fprintf(stderr, "dpsctl: recv: %s: %s\n", a->pcap, strerror(errno));
			ret = DPSCTL_EXIT_FAILED;
		}
		if (ret == DPSCTL_EXIT_OK)
			fprintf(stderr, "dpsctl: recv: %u frame%s written to %s\n", got,
				got == 1 ? "" : "s", a->pcap);
	}
	if (dps_client_connected(c))
		dps_client_close_open(c, h);
	return ret;
}

/* ---- send ---- */

/* The status a ring refusal stands for, as a single send would report it. */
static int
ring_refusal(const struct dps_client_ring_stats *st, uint64_t *refused)
{
	static const int status[] = {DPS_E_INVALID_LENGTH, DPS_E_PERMISSION,
		DPS_E_INVALID_PARAMETER, DPS_E_RESOURCES, DPS_E_NOT_READY};
	const uint64_t v[] = {st->tx_refused_length, st->tx_refused_spoof, st->tx_refused_ethertype,
		st->tx_refused_resources, st->tx_refused_state};
	int first = DPS_OK;

	*refused = 0;
	for (unsigned int i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		*refused += v[i];
		if (v[i] > 0 && first == DPS_OK)
			first = status[i];
	}
	return first;
}

int
dpsctl_send_frames(const struct dpsctl_args *a, struct dps_client *c, uint64_t h, uint8_t *frame,
	uint32_t len, volatile const sig_atomic_t *stopping)
{
	static struct dps_client_frame f[BURST];
	uint64_t start, sent = 0;
	int rc, ret = DPSCTL_EXIT_OK;

	if (a->mode == DPSCTL_MODE_RING) {
		struct dps_client_ring_conf conf = {
			.tx_slots = a->ring_slots ? a->ring_slots : TX_SLOTS_DEFAULT,
		};

		rc = dps_client_ring_setup(c, h, &conf);
		if (rc != DPS_OK)
			return dpsctl_failed(a, c, rc, "(setting up the send ring)");
	}
	for (unsigned int i = 0; i < BURST; i++) {
		f[i].data = frame;
		f[i].len = len;
	}
	start = mono_ns();
	while (sent < a->count && !*stopping) {
		uint64_t want = a->count - sent;
		unsigned int k = 0;

		if (a->rate > 0) {
			/* frames due by now at --rate, from the start */
			uint64_t due = (mono_ns() - start) * a->rate / 1000000000u + 1;

			if (due <= sent) {
				struct timespec ts = {0, (long)(1000000000u / a->rate)};

				if (ts.tv_nsec > 1000000)
					ts.tv_nsec = 1000000;
				nanosleep(&ts, NULL);
				continue;
			}
			if (due - sent < want)
				want = due - sent;
		}
		if (want > BURST)
			want = BURST;
		rc = dps_client_send_burst(c, h, f, (unsigned int)want, CHUNK_MS, &k);
		sent += k;
		if (rc == DPS_E_TIMEOUT && dps_client_connected(c))
			continue; /* the ring stayed full for a while: keep trying */
		if (rc != DPS_OK) {
			char extra[64];
			uint64_t nth = sent - k + 1;

			/* the first frame of this burst that did not go */
			for (unsigned int i = 0; i < want; i++)
				if (f[i].status != DPS_OK && f[i].status != DPS_PENDING) {
					nth = sent - k + i + 1;
					break;
				}
			snprintf(extra, sizeof(extra), "(frame %" PRIu64 " of %u)", nth, a->count);
			return dpsctl_failed(a, c, rc, a->count > 1 ? extra : NULL);
		}
	}
	if (a->mode == DPSCTL_MODE_RING) {
		struct dps_client_ring_stats st;
		uint64_t refused;

		rc = dps_client_send_flush(c, h, FLUSH_WAIT_MS);
		if (rc != DPS_OK)
			return dpsctl_failed(a, c, rc, "(waiting for the send ring to drain)");
		dps_client_ring_stats(c, h, &st);
		rc = ring_refusal(&st, &refused);
		if (rc != DPS_OK) {
			char extra[96];

			snprintf(extra, sizeof(extra),
				"(%" PRIu64 " of %" PRIu64 " frames refused)", refused,
				st.tx_queued);
			return dpsctl_failed(a, c, rc, extra);
		}
	}
	if (a->json)
		printf("{\"sent\":%" PRIu64 ",\"len\":%u}\n", sent, len);
	else
		printf("sent %" PRIu64 " frame%s of %u bytes on %s\n", sent, sent == 1 ? "" : "s",
			len, a->adapter);
	return ret;
}
