/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Writes the seed corpora of the datapath harnesses (fuzz_frames.h gives
 * the input format; each harness's header comment its control bytes):
 * valid ARP requests and replies, ICMP and UDP echo requests (with options,
 * tags, in several segments, exact-bounds, shared, too big), and frames of
 * the EtherTypes the dispatch and xconnect harnesses bind. Plain C, no
 * DPDK. The files are committed; run it again after changing the harnesses'
 * addresses or input format:
 *
 *   cc -std=c11 -O1 tests/fuzz/gen_corpus_frames.c -o /tmp/gen_corpus_frames &&
 *   /tmp/gen_corpus_frames tests/fuzz
 *
 * (it writes tests/fuzz/corpus_{dispatch,arp,ipv4,xconnect}/, which must exist).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* what the harnesses use */
static const uint8_t our_mac[6] = {0x02, 0xd5, 0x00, 0x00, 0x00, 0x01};
static const uint8_t peer_mac[6] = {0x02, 0x00, 0x00, 0x00, 0x00, 0x0a};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t our_ip[4] = {198, 51, 100, 1};
static const uint8_t peer_ip[4] = {198, 51, 100, 10};
static const uint8_t sub_bcast[4] = {198, 51, 100, 255};

static uint8_t in[16384];
static size_t in_len;
static const char *root;
static int failed;

static void
start(const uint8_t *ctl, size_t n)
{
	memcpy(in, ctl, n);
	in_len = n;
}

/* one frame record: segmentation byte, first segment's length, length, bytes */
static void
rec2(uint8_t seg, uint8_t first, const uint8_t *f, size_t len)
{
	in[in_len++] = seg;
	in[in_len++] = first;
	in[in_len++] = (uint8_t)(len >> 8);
	in[in_len++] = (uint8_t)len;
	memcpy(in + in_len, f, len);
	in_len += len;
}

static void
rec(uint8_t seg, const uint8_t *f, size_t len)
{
	rec2(seg, 0, f, len);
}

static void
out(const char *harness, const char *name)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/corpus_%s/%s", root, harness, name);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(in, 1, in_len, f) != in_len) {
		perror(path);
		failed = 1;
	}
	if (f != NULL)
		fclose(f);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
cksum(const uint8_t *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Ethernet header (and @p tags 802.1Q tags) of type @p type at @p f; @return its length. */
static size_t
eth(uint8_t *f, const uint8_t *dst, const uint8_t *src, unsigned int tags, uint16_t type)
{
	size_t off = 12;

	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	for (unsigned int i = 0; i < tags; i++) {
		put16(f + off, i == 0 && tags == 2 ? 0x88a8 : 0x8100);
		put16(f + off + 2, (uint16_t)(100 + i));
		off += 4;
	}
	put16(f + off, type);
	return off + 2;
}

/* IPv4 with @p opt_len option bytes of @p opt and protocol @p proto around an L4 of @p l4_len. */
static size_t
ipv4(uint8_t *p, uint8_t proto, const uint8_t *src, const uint8_t *dst, const uint8_t *opt,
	size_t opt_len, size_t l4_len)
{
	size_t hlen = 20 + opt_len;

	memset(p, 0, hlen);
	p[0] = (uint8_t)(0x40 | (hlen / 4));
	put16(p + 2, (uint16_t)(hlen + l4_len));
	put16(p + 4, 0x1234);
	put16(p + 6, 0x4000);
	p[8] = 64;
	p[9] = proto;
	memcpy(p + 12, src, 4);
	memcpy(p + 16, dst, 4);
	if (opt_len > 0)
		memcpy(p + 20, opt, opt_len);
	put16(p + 10, cksum(p, hlen, 0));
	return hlen;
}

static size_t
icmp_echo(uint8_t *f, unsigned int tags, const uint8_t *opt, size_t opt_len, size_t payload)
{
	size_t off = eth(f, our_mac, peer_mac, tags, 0x0800), l4 = 8 + payload;
	uint8_t *icmp;

	off += ipv4(f + off, 1, peer_ip, our_ip, opt, opt_len, l4);
	icmp = f + off;
	memset(icmp, 0, 8);
	icmp[0] = 8;
	put16(icmp + 4, 0x77);
	put16(icmp + 6, 1);
	for (size_t i = 0; i < payload; i++)
		icmp[8 + i] = (uint8_t)(i * 7 + 3);
	put16(icmp + 2, cksum(icmp, l4, 0));
	return off + l4;
}

static size_t
udp_echo(uint8_t *f, uint16_t dport, size_t payload)
{
	size_t off = eth(f, our_mac, peer_mac, 0, 0x0800), l4 = 8 + payload;
	uint8_t *udp, psd[12];

	off += ipv4(f + off, 17, peer_ip, our_ip, NULL, 0, l4);
	udp = f + off;
	put16(udp, 40000);
	put16(udp + 2, dport);
	put16(udp + 4, (uint16_t)l4);
	put16(udp + 6, 0);
	for (size_t i = 0; i < payload; i++)
		udp[8 + i] = (uint8_t)('a' + i % 26);
	memcpy(psd, peer_ip, 4);
	memcpy(psd + 4, our_ip, 4);
	psd[8] = 0;
	psd[9] = 17;
	put16(psd + 10, (uint16_t)l4);
	put16(udp + 6, cksum(udp, l4, (uint16_t)~cksum(psd, sizeof(psd), 0)));
	return off + l4;
}

static size_t
arp(uint8_t *f, const uint8_t *dst, unsigned int tags, uint16_t op, const uint8_t *sha,
	const uint8_t *sip, const uint8_t *tha, const uint8_t *tip)
{
	size_t off = eth(f, dst, sha, tags, 0x0806);
	uint8_t *a = f + off;

	put16(a, 1);
	put16(a + 2, 0x0800);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, op);
	memcpy(a + 8, sha, 6);
	memcpy(a + 14, sip, 4);
	memcpy(a + 18, tha, 6);
	memcpy(a + 24, tip, 4);
	off += 28;
	while (off < 60)
		f[off++] = 0;
	return off;
}

int
main(int argc, char **argv)
{
	static const uint8_t zero[6], zero_ip[4];
	static const uint8_t ts[12] = {0x44, 0x0c, 0x05, 0x00};
	static const uint8_t bad_opt[4] = {0x44, 0xff, 0x05, 0x00};
	static uint8_t f[2048], g[2048];
	size_t n, m;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_corpus_frames DIR (tests/fuzz)\n");
		return 2;
	}
	root = argv[1];

	/* ---- ipv4: c0 c1, then frames ---- */
	n = icmp_echo(f, 0, NULL, 0, 56);
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x00, f, n), out("ipv4", "echo");
	start((const uint8_t[]){0x01, 0x02}, 2), rec(0x00, f, n), out("ipv4", "echo_shared");
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x04, f, n), out("ipv4", "echo_exact");
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x3a, f, n), out("ipv4", "echo_3_segments");
	start((const uint8_t[]){0x08 | 0x20, 0x02}, 2), rec(0x00, f, n),
		out("ipv4", "echo_flags_good");
	m = icmp_echo(g, 2, NULL, 0, 20);
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x00, g, m), out("ipv4", "echo_two_tags");
	m = icmp_echo(g, 0, ts, sizeof(ts), 16);
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x00, g, m),
		out("ipv4", "echo_timestamp_option");
	m = icmp_echo(g, 0, bad_opt, sizeof(bad_opt), 16);
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x00, g, m),
		out("ipv4", "echo_option_len_255");
	m = icmp_echo(g, 0, NULL, 0, 1998 - 14 - 20 - 8);
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x00, g, m), out("ipv4", "echo_1998_mtu_1500");
	start((const uint8_t[]){0x00, 0x02}, 2), rec2(0x05, 14 + 20 + 8, f, n);
	out("ipv4", "echo_exact_cut_after_headers");
	m = icmp_echo(g, 0, ts, sizeof(ts), 16);
	start((const uint8_t[]){0x00, 0x02}, 2), rec2(0x05, 14 + 32 + 8, g, m);
	out("ipv4", "echo_timestamp_exact_cut_after_headers");
	m = udp_echo(g, 7, 32);
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x00, g, m), out("ipv4", "udp_echo");
	start((const uint8_t[]){0x00, 0x02}, 2), rec(0x05, g, m),
		out("ipv4", "udp_echo_exact_2_segs");
	start((const uint8_t[]){0x00, 0x02}, 2);
	for (int i = 0; i < 8; i++)
		rec((uint8_t)(i * 9), i % 2 ? g : f, i % 2 ? m : n);
	out("ipv4", "burst_mixed");

	/* ---- arp: c0, then frames ---- */
	n = arp(f, bcast, 0, 1, peer_mac, peer_ip, zero, our_ip);
	start((const uint8_t[]){0x00}, 1), rec(0x00, f, n), out("arp", "request");
	start((const uint8_t[]){0x01}, 1), rec(0x00, f, n), out("arp", "request_shared");
	start((const uint8_t[]){0x10}, 1), rec(0x04, f, n), out("arp", "request_exact_aged");
	start((const uint8_t[]){0x00}, 1), rec(0x19, f, n), out("arp", "request_2_segments");
	start((const uint8_t[]){0x00}, 1), rec2(0x05, 14 + 28, f, n);
	out("arp", "request_exact_cut_after_arp");
	m = arp(g, our_mac, 0, 2, peer_mac, peer_ip, our_mac, our_ip);
	start((const uint8_t[]){0x00}, 1), rec(0x00, g, m), out("arp", "reply_to_us");
	m = arp(g, bcast, 1, 1, peer_mac, zero_ip, zero, our_ip);
	start((const uint8_t[]){0x00}, 1), rec(0x00, g, m), out("arp", "probe_tagged");
	m = arp(g, bcast, 0, 1, peer_mac, sub_bcast, zero, our_ip);
	start((const uint8_t[]){0x00}, 1), rec(0x00, g, m), out("arp", "sender_subnet_broadcast");
	m = arp(g, bcast, 0, 1, peer_mac, peer_ip, zero, peer_ip);
	start((const uint8_t[]){0x20}, 1), rec(0x00, g, m), rec(0x00, f, n);
	out("arp", "gratuitous_then_request");

	/* ---- dispatch: c0 c1 filters[4], then frames ---- */
	{
		static const uint8_t all[6] = {0, 0, 0x2f, 0x2f, 0x2f, 0x2f};
		static const uint8_t mixed[6] = {0x55, 0x28, 0x09, 0x0b, 0x08, 0x21};
		static const uint8_t mc[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x05};
		uint16_t types[] = {0x88b5, 0x0800, 0x0806, 0x86dd, 0x1234};

		start(all, sizeof(all));
		for (unsigned int i = 0; i < 10; i++) {
			size_t l = eth(f,
				i % 3 == 0   ? bcast
				: i % 3 == 1 ? our_mac
					     : mc,
				peer_mac, i % 3, types[i % 5]);

			memset(f + l, (int)i, 46);
			rec((uint8_t)(i * 5), f, l + 46);
		}
		out("dispatch", "mixed_types_all_filters");
		memcpy(in, mixed, sizeof(mixed));
		out("dispatch", "mixed_types_some_filters");
		start(all, sizeof(all));
		n = eth(f, bcast, peer_mac, 3, 0x0800);
		rec(0x00, f, n + 10);
		rec(0x00, f, 13);
		rec(0x00, f, 16);
		out("dispatch", "runt_and_tags");
		start(all, sizeof(all));
		n = eth(f, bcast, peer_mac, 2, 0x0800);
		memset(f + n, 0, 30);
		rec2(0x05, (uint8_t)n, f, n + 30);
		rec2(0x05, 14, f, n + 30);
		out("dispatch", "tags_exact_2_segments");
	}

	/* ---- xconnect: c0 c1 c2, then frames ---- */
	{
		static const uint8_t ctl[3] = {0x00, 0x2f, 0x09};

		start(ctl, sizeof(ctl));
		n = icmp_echo(f, 0, NULL, 0, 56);
		rec(0x00, f, n);
		m = arp(g, bcast, 0, 1, peer_mac, peer_ip, zero, our_ip);
		rec(0x04, g, m);
		rec(0x1a, f, n);
		rec2(0x05, 14, f, n);
		out("xconnect", "forward_four");
		in[0] = 0x01;
		out("xconnect", "peer_paused");
	}
	return failed;
}
