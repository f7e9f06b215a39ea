/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dps_example: the libdpsclient tour from docs/CLIENT.md. Lists the
 * adapters, opens one for EtherType 0x88b5, sends a broadcast frame from
 * the adapter's own MAC, then waits for one frame of that type.
 *
 * Build, after `meson install`:
 *   cc dps_example.c $(pkg-config --cflags --libs dpsclient) -o dps_example
 * Run:
 *   ./dps_example [ADAPTER [SOCKET [SECONDS]]]
 *   (default: dps0, the socket of the dpstack started without --file-prefix, 5 s)
 * Exit status: 0 when a frame came back, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dps_client.h>

#define ETHERTYPE 0x88b5 /* IEEE 802 local experimental */
#define OID_802_3_CURRENT_ADDRESS 0x01010102u

static int
fail(const char *what, int status)
{
	fprintf(stderr, "dps_example: %s: %s\n", what, dps_status_str(status));
	return 1;
}

int
main(int argc, char **argv)
{
	const char *adapter = argc > 1 ? argv[1] : "dps0";
	const char *socket_path = argc > 2 ? argv[2] : NULL;
	uint32_t wait_ms = argc > 3 ? (uint32_t)atoi(argv[3]) * 1000u : 5000u;
	static const uint16_t types[] = {ETHERTYPE};
	static const char hello[] = "hello from libdpsclient";
	struct dps_client *c;
	struct dps_client_binding b;
	struct dps_client_open_stats st;
	uint8_t frame[DPS_CLIENT_MAX_FRAME];
	uint32_t n, len, orig_len;
	uint64_t h;
	int rc;

	/* 1. connect: an explicit path, or the default dpstack's socket */
	rc = socket_path != NULL ? dps_client_connect(socket_path, &c)
				 : dps_client_connect_prefix(NULL, &c);
	if (rc != DPS_OK)
		return fail("connect", rc);

	/* 2. wait for the initial binds, then list the adapters */
	rc = dps_client_wait_binds(c, 5000);
	if (rc != DPS_OK && rc != DPS_E_TIMEOUT)
		return fail("wait_binds", rc);
	for (uint32_t i = 0; (rc = dps_client_list(c, i, &b)) == DPS_OK; i++)
		printf("adapter %u: %s %02x:%02x:%02x:%02x:%02x:%02x mtu %u link %s\n", i, b.name,
			b.mac[0], b.mac[1], b.mac[2], b.mac[3], b.mac[4], b.mac[5], b.mtu,
			b.link_up ? "up" : "down");
	if (rc != DPS_E_NO_MORE_ENTRIES)
		return fail("list", rc);

	/* 3. open the adapter for our EtherType (no filter, default queue) */
	rc = dps_client_open(c, adapter, types, 1, NULL, 0, &h);
	if (rc != DPS_OK)
		return fail("open", rc);

	/* 4. the source MAC must be the adapter's: ask for it */
	rc = dps_client_oid_query(c, h, OID_802_3_CURRENT_ADDRESS, frame + 6, 6, &n, NULL);
	if (rc != DPS_OK)
		return fail("oid_query", rc);

	/* 5. send one broadcast frame */
	memset(frame, 0xff, 6);
	frame[12] = ETHERTYPE >> 8;
	frame[13] = ETHERTYPE & 0xff;
	memcpy(frame + 14, hello, sizeof(hello));
	len = 14 + sizeof(hello) < 60 ? 60 : 14 + sizeof(hello);
	memset(frame + 14 + sizeof(hello), 0, len - 14 - sizeof(hello));
	rc = dps_client_send(c, h, frame, len);
	if (rc != DPS_OK)
		return fail("send", rc);
	printf("sent %u bytes on %s\n", len, adapter);

	/* 6. receive one frame of our EtherType */
	rc = dps_client_recv(c, h, frame, sizeof(frame), wait_ms, &len, &orig_len);
	if (rc == DPS_OK) {
		printf("received %u bytes from %02x:%02x:%02x:%02x:%02x:%02x:", len, frame[6],
			frame[7], frame[8], frame[9], frame[10], frame[11]);
		for (uint32_t i = 14; i < len && i < 14 + 16; i++)
			printf(" %02x", frame[i]);
		printf("%s\n", len > 30 ? " ..." : "");
	} else {
		fprintf(stderr, "dps_example: recv: %s\n", dps_status_str(rc));
	}

	/* 7. what the open saw, then close everything */
	if (dps_client_open_stats(c, h, &st) == DPS_OK)
		printf("open: received %llu, delivered %llu, dropped %llu, sent %llu\n",
			(unsigned long long)st.received, (unsigned long long)st.delivered,
			(unsigned long long)st.dropped, (unsigned long long)st.sent);
	dps_client_close_open(c, h);
	dps_client_close(c);
	return rc == DPS_OK ? 0 : 1;
}
