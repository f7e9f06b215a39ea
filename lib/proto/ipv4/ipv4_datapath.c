/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IPv4 on the datapath (workers, or the control thread for its own
 * receives): validation, ICMP echo and UDP echo replies. No lock, no system
 * call, no allocation but the reply copy of a shared frame.
 *
 * Headers (Ethernet, tags, IPv4 with options, the 8-byte ICMP/UDP header)
 * must sit in the first segment, where the binding layer classified the
 * frame; payloads may span segments (checksums over the chain).
 *
 * Per frame only what the frame needs: every header and checksum is
 * validated (in software unless the port reported RTE_MBUF_F_RX_*_CKSUM_GOOD
 * or _BAD), replies update the checksums they change incrementally
 * (RFC 1624, eqn. 3) instead of summing the packet again, counters are kept
 * on the stack for a burst and added once, the counter row is looked up once
 * per call.
 */
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>

#include <rte_icmp.h>
#include <rte_ip.h>
#include <rte_udp.h>

#include "dps_status.h"
#include "ipv4_private.h"

const uint8_t dps__ipv4_verdict_stat[DPS__IPV4_VERDICT_COUNT] = {
	[DPS__IPV4_ICMP_ECHO] = DPS_IPV4_STAT_ICMP_ECHO,
	[DPS__IPV4_UDP_ECHO] = DPS_IPV4_STAT_UDP_ECHO,
	[DPS__IPV4_RUNT] = DPS_IPV4_STAT_RUNT,
	[DPS__IPV4_TOO_BIG] = DPS_IPV4_STAT_TOO_BIG,
	[DPS__IPV4_LOOPED_BACK] = DPS_IPV4_STAT_LOOPED_BACK,
	[DPS__IPV4_BAD_L2] = DPS_IPV4_STAT_BAD_L2,
	[DPS__IPV4_BAD_VERSION] = DPS_IPV4_STAT_BAD_VERSION,
	[DPS__IPV4_BAD_IHL] = DPS_IPV4_STAT_BAD_IHL,
	[DPS__IPV4_HDR_TRUNCATED] = DPS_IPV4_STAT_HDR_TRUNCATED,
	[DPS__IPV4_BAD_TOTAL_LENGTH] = DPS_IPV4_STAT_BAD_TOTAL_LENGTH,
	[DPS__IPV4_TRUNCATED] = DPS_IPV4_STAT_TRUNCATED,
	[DPS__IPV4_BAD_CKSUM] = DPS_IPV4_STAT_BAD_CKSUM,
	[DPS__IPV4_BAD_OPTIONS] = DPS_IPV4_STAT_BAD_OPTIONS,
	[DPS__IPV4_FRAGMENT] = DPS_IPV4_STAT_FRAGMENT,
	[DPS__IPV4_BROADCAST] = DPS_IPV4_STAT_BROADCAST,
	[DPS__IPV4_NOT_FOR_US] = DPS_IPV4_STAT_NOT_FOR_US,
	[DPS__IPV4_BAD_SRC] = DPS_IPV4_STAT_BAD_SRC,
	[DPS__IPV4_PROTO_OTHER] = DPS_IPV4_STAT_PROTO_OTHER,
	[DPS__IPV4_ICMP_TRUNCATED] = DPS_IPV4_STAT_ICMP_TRUNCATED,
	[DPS__IPV4_ICMP_BAD_CKSUM] = DPS_IPV4_STAT_ICMP_BAD_CKSUM,
	[DPS__IPV4_ICMP_NOT_ECHO] = DPS_IPV4_STAT_ICMP_NOT_ECHO,
	[DPS__IPV4_ICMP_DISABLED] = DPS_IPV4_STAT_ICMP_DISABLED,
	[DPS__IPV4_UDP_TRUNCATED] = DPS_IPV4_STAT_UDP_TRUNCATED,
	[DPS__IPV4_UDP_BAD_LEN] = DPS_IPV4_STAT_UDP_BAD_LEN,
	[DPS__IPV4_UDP_BAD_CKSUM] = DPS_IPV4_STAT_UDP_BAD_CKSUM,
	[DPS__IPV4_UDP_NOT_ECHO_PORT] = DPS_IPV4_STAT_UDP_NOT_ECHO_PORT,
	[DPS__IPV4_UDP_BAD_PORT] = DPS_IPV4_STAT_UDP_BAD_PORT,
	[DPS__IPV4_UDP_DISABLED] = DPS_IPV4_STAT_UDP_DISABLED,
	[DPS__IPV4_NOMBUF] = DPS_IPV4_STAT_NOMBUF,
};

/* What the checks found out about a frame that passed IPv4 validation. */
struct ipv4_frame {
	uint32_t l2_len; /* offset of the IPv4 header */
	uint32_t ihl;	 /* header length, bytes */
	uint32_t tot;	 /* total length, bytes */
	uint32_t l4_off; /* l2_len + ihl */
	uint32_t l4_len; /* tot - ihl */
};

static inline int
is_ours(const struct dps__ipv4_state *st, uint32_t ip)
{
	for (unsigned int i = 0; i < st->nb_addrs; i++)
		if (st->addrs[i] == ip)
			return 1;
	return 0;
}

/* Limited or directed broadcast (of one of our prefixes), or multicast. */
static inline int
is_broadcast(const struct dps__ipv4_state *st, uint32_t ip)
{
	uint32_t h = rte_be_to_cpu_32(ip);

	if (h == UINT32_MAX || (h & 0xf0000000u) == 0xe0000000u)
		return 1;
	for (unsigned int i = 0; i < st->nb_addrs; i++)
		if (st->bcast[i] != 0 && st->bcast[i] == ip)
			return 1;
	return 0;
}

/*
 * A 64-bit one's-complement accumulator folded to 16 bits. Adding a value to
 * itself rotated by half its width leaves, in the upper half, the sum of the
 * two halves with the end-around carry (the carry out of the lower half
 * lands in the upper one): two rotate-and-add steps instead of five masked
 * folds.
 */
static inline uint16_t
fold64(uint64_t sum)
{
	uint32_t s;

	sum += (sum >> 32) | (sum << 32);
	s = (uint32_t)(sum >> 32);
	s += (s >> 16) | (s << 16);
	return (uint16_t)(s >> 16);
}

/*
 * One's-complement sum (RFC 1071, not complemented, folded to 16 bits) of
 * @p len bytes, four at a time into a 64-bit accumulator: the same value as
 * rte_raw_cksum() (the sum is byte-order independent), fewer steps.
 */
static inline uint16_t
sum_bytes(const void *p, uint32_t len)
{
	typedef uint32_t __attribute__((__may_alias__, __aligned__(1))) u32_u;
	typedef uint16_t __attribute__((__may_alias__, __aligned__(1))) u16_u;
	const uint8_t *b = p;
	uint64_t sum = 0;

	for (; len >= 16; len -= 16, b += 16)
		sum += (uint64_t) * (const u32_u *)b + *(const u32_u *)(b + 4) +
		       *(const u32_u *)(b + 8) + *(const u32_u *)(b + 12);
	for (; len >= 4; len -= 4, b += 4)
		sum += *(const u32_u *)b;
	if (len >= 2) {
		sum += *(const u16_u *)b;
		b += 2;
		len -= 2;
	}
	if (len == 1) {
		uint16_t last = 0;

		*(uint8_t *)&last = *b; /* the odd byte, padded with zero (RFC 1071) */
		sum += last;
	}
	return fold64(sum);
}

/*
 * RFC 1624 eqn. 3: the checksum @p hc of data in which the 16-bit word
 * @p old became @p new (all three as they sit in the packet), without
 * summing the data again: HC' = ~(~HC + ~m + m').
 */
static inline uint16_t
cksum_update16(uint16_t hc, uint16_t old, uint16_t new)
{
	uint32_t sum = (uint32_t)(uint16_t)~hc + (uint16_t)~old + new;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The 16-bit word of @p p at byte offset @p off, as it sits in the packet. */
static inline uint16_t
word_at(const void *p, uint32_t off)
{
	uint16_t w;

	memcpy(&w, (const uint8_t *)p + off, sizeof(w));
	return w;
}

/* Does the port vouch for (1) or against (-1) this checksum, or say nothing (0)? */
static inline int
port_says(uint64_t ol_flags, uint64_t mask, uint64_t good, uint64_t bad)
{
	uint64_t f = ol_flags & mask;

	if (f == good)
		return 1;
	if (f == bad)
		return -1;
	return 0; /* unknown, or "none" (valid header, wrong field): check it ourselves */
}

/*
 * One's-complement sum (not complemented) of @p len bytes at @p off of a
 * chain; the caller checked off + len <= pkt_len. Not rte_raw_cksum_mbuf():
 * in DPDK 22.11 it cuts a segment's 32-bit sum to 16 bits before swapping
 * the bytes of a piece that starts at an odd offset, losing the carries (a
 * wrong sum for chains cut at odd lengths; fuzz_ipv4 found it). Each piece
 * is summed and folded here, then swapped when it starts at an odd offset.
 */
static __rte_noinline uint16_t
chain_sum(const struct rte_mbuf *m, uint32_t off, uint32_t len)
{
	uint32_t sum = 0, done = 0;

	while (m != NULL && off >= rte_pktmbuf_data_len(m)) {
		off -= rte_pktmbuf_data_len(m);
		m = m->next;
	}
	for (; m != NULL && done < len; m = m->next, off = 0) {
		uint32_t n = RTE_MIN(rte_pktmbuf_data_len(m) - off, len - done);
		uint16_t s = sum_bytes(rte_pktmbuf_mtod_offset(m, const uint8_t *, off), n);

		sum += (done & 1) ? rte_bswap16(s) : s;
		done += n;
	}
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* One's-complement sum (not complemented) of @p len bytes at @p off. */
static inline uint16_t
l4_sum(const struct rte_mbuf *m, uint32_t off, uint32_t len)
{
	if (likely(off + len <= rte_pktmbuf_data_len(m)))
		return sum_bytes(rte_pktmbuf_mtod_offset(m, const void *, off), len);
	return chain_sum(m, off, len);
}

/* The UDP pseudo-header (RFC 768). */
struct udp_pseudo_hdr {
	rte_be32_t src_addr;
	rte_be32_t dst_addr;
	uint8_t zero;
	uint8_t proto;
	rte_be16_t udp_len;
} __rte_packed;

/* The UDP sum, pseudo-header included (not complemented). The UDP length,
 * not the IP one, sizes the pseudo-header. */
static uint16_t
udp_sum(const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip, uint32_t l4_off, uint16_t udp_len)
{
	struct udp_pseudo_hdr psd;
	uint32_t sum;

	psd.src_addr = ip->src_addr;
	psd.dst_addr = ip->dst_addr;
	psd.zero = 0;
	psd.proto = IPPROTO_UDP;
	psd.udp_len = rte_cpu_to_be_16(udp_len);
	sum = (uint32_t)l4_sum(m, l4_off, udp_len) + rte_raw_cksum(&psd, sizeof(psd));
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* Is the UDP checksum right? */
static int
udp_cksum_ok(
	const struct rte_mbuf *m, const struct rte_ipv4_hdr *ip, uint32_t l4_off, uint16_t udp_len)
{
	return udp_sum(m, ip, l4_off, udp_len) == 0xffff;
}

/*
 * The frame to answer in: @p m itself, trimmed to @p len, when nobody else
 * reads it; else a copy of its first @p len bytes. NULL: no mbuf.
 */
static __rte_always_inline struct rte_mbuf *
reply_frame(struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags, uint32_t len,
	uint32_t hdr_len)
{
	struct rte_mbuf *out;

	if (dps_proto_frame_writable(m, rx_flags)) {
		uint32_t excess = rte_pktmbuf_pkt_len(m) - len;

		if (excess == 0 ||
			(excess <= UINT16_MAX && rte_pktmbuf_trim(m, (uint16_t)excess) == 0))
			return m;
		/* the excess spans segments: a copy of the part we keep */
	}
	if (unlikely(st->pool == NULL))
		return NULL;
	out = rte_pktmbuf_copy(m, st->pool, 0, len);
	if (unlikely(out == NULL))
		return NULL;
	if (unlikely(rte_pktmbuf_data_len(out) < hdr_len)) {
		rte_pktmbuf_free(out); /* the pool's buffers cannot hold the headers */
		return NULL;
	}
	return out;
}

/*
 * Turn the IPv4 header around and address the frame back to its sender,
 * with total length @p tot (network order).
 */
static __rte_always_inline void
ipv4_turn(const struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t l2_len, rte_be16_t tot)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, l2_len);
	rte_be32_t a = ip->src_addr;
	uint16_t ttl_proto = word_at(ip, offsetof(struct rte_ipv4_hdr, time_to_live)), ttl_proto2;
	const uint8_t tp2[2] = {DPS__IPV4_REPLY_TTL, ip->next_proto_id};
	uint16_t hc = ip->hdr_checksum;

	eth->dst_addr = eth->src_addr; /* tags between stay as they are */
	eth->src_addr = st->mac;
	/* swapping the addresses leaves the sum as it is; TTL and length change it */
	ip->src_addr = ip->dst_addr;
	ip->dst_addr = a;
	/* TTL written as the whole TTL/protocol word, built in a register: a
	 * byte store read back as a word would stall store forwarding */
	memcpy(&ttl_proto2, tp2, sizeof(ttl_proto2));
	memcpy(&ip->time_to_live, &ttl_proto2, sizeof(ttl_proto2));
	hc = cksum_update16(hc, ttl_proto, ttl_proto2);
	if (unlikely(ip->total_length != tot)) {
		hc = cksum_update16(hc, ip->total_length, tot);
		ip->total_length = tot;
	}
	ip->hdr_checksum = hc;
}

static __rte_always_inline enum dps__ipv4_verdict
icmp_input(struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags,
	const struct ipv4_frame *f, struct rte_mbuf **reply)
{
	const struct rte_icmp_hdr *icmp;
	struct rte_icmp_hdr *ricmp;
	struct rte_mbuf *out;
	uint16_t type_code;
	int verdict;

	if (unlikely(f->l4_len < sizeof(struct rte_icmp_hdr) ||
		     f->l4_off + sizeof(struct rte_icmp_hdr) > rte_pktmbuf_data_len(m)))
		return DPS__IPV4_ICMP_TRUNCATED;
	verdict = port_says(m->ol_flags, RTE_MBUF_F_RX_L4_CKSUM_MASK, RTE_MBUF_F_RX_L4_CKSUM_GOOD,
		RTE_MBUF_F_RX_L4_CKSUM_BAD);
	if (unlikely(verdict < 0 || (verdict == 0 && l4_sum(m, f->l4_off, f->l4_len) != 0xffff)))
		return DPS__IPV4_ICMP_BAD_CKSUM;
	icmp = rte_pktmbuf_mtod_offset(m, const struct rte_icmp_hdr *, f->l4_off);
	if (icmp->icmp_type != RTE_IP_ICMP_ECHO_REQUEST)
		return DPS__IPV4_ICMP_NOT_ECHO;
	if (!st->icmp_echo)
		return DPS__IPV4_ICMP_DISABLED;

	out = reply_frame(st, m, rx_flags, f->l2_len + f->tot,
		f->l4_off + (uint32_t)sizeof(struct rte_icmp_hdr));
	if (unlikely(out == NULL))
		return DPS__IPV4_NOMBUF;
	ipv4_turn(st, out, f->l2_len, rte_cpu_to_be_16((uint16_t)f->tot));
	ricmp = rte_pktmbuf_mtod_offset(out, struct rte_icmp_hdr *, f->l4_off);
	/* only the type/code word changes: the checksum the request carried
	 * (checked above) is updated, not summed again */
	type_code = word_at(ricmp, 0);
	RTE_BUILD_BUG_ON(RTE_IP_ICMP_ECHO_REPLY != 0);
	memset(ricmp, 0, 2); /* type echo reply (0), code 0: the word becomes 0 */
	ricmp->icmp_cksum = cksum_update16(ricmp->icmp_cksum, type_code, 0);
	*reply = out;
	return DPS__IPV4_ICMP_ECHO;
}

static enum dps__ipv4_verdict
udp_input(struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags,
	const struct ipv4_frame *f, struct rte_mbuf **reply)
{
	const struct rte_ipv4_hdr *ip;
	const struct rte_udp_hdr *udp;
	struct rte_ipv4_hdr *rip;
	struct rte_udp_hdr *rudp;
	struct rte_mbuf *out;
	rte_be16_t port;
	uint16_t udp_len;

	if (unlikely(f->l4_len < sizeof(struct rte_udp_hdr) ||
		     f->l4_off + sizeof(struct rte_udp_hdr) > rte_pktmbuf_data_len(m)))
		return DPS__IPV4_UDP_TRUNCATED;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, f->l2_len);
	udp = rte_pktmbuf_mtod_offset(m, const struct rte_udp_hdr *, f->l4_off);
	udp_len = rte_be_to_cpu_16(udp->dgram_len);
	if (unlikely(udp_len < sizeof(struct rte_udp_hdr) || udp_len > f->l4_len))
		return DPS__IPV4_UDP_BAD_LEN;
	if (udp->dgram_cksum != 0) {
		int verdict = port_says(m->ol_flags, RTE_MBUF_F_RX_L4_CKSUM_MASK,
			RTE_MBUF_F_RX_L4_CKSUM_GOOD, RTE_MBUF_F_RX_L4_CKSUM_BAD);

		if (unlikely(verdict < 0 ||
			     (verdict == 0 && !udp_cksum_ok(m, ip, f->l4_off, udp_len))))
			return DPS__IPV4_UDP_BAD_CKSUM;
	}
	if (udp->dst_port != st->udp_port)
		return DPS__IPV4_UDP_NOT_ECHO_PORT;
	/* port 0 expects no answer; from another echo port it would ping-pong */
	if (unlikely(udp->src_port == 0 || udp->src_port == st->udp_port))
		return DPS__IPV4_UDP_BAD_PORT;
	if (!st->udp_echo)
		return DPS__IPV4_UDP_DISABLED;

	/* the datagram, without bytes the IP payload may carry past its UDP length */
	out = reply_frame(st, m, rx_flags, f->l4_off + udp_len,
		f->l4_off + (uint32_t)sizeof(struct rte_udp_hdr));
	if (unlikely(out == NULL))
		return DPS__IPV4_NOMBUF;
	rip = rte_pktmbuf_mtod_offset(out, struct rte_ipv4_hdr *, f->l2_len);
	ipv4_turn(st, out, f->l2_len, rte_cpu_to_be_16((uint16_t)(f->ihl + udp_len)));
	rudp = rte_pktmbuf_mtod_offset(out, struct rte_udp_hdr *, f->l4_off);
	port = rudp->src_port;
	rudp->src_port = rudp->dst_port;
	rudp->dst_port = port;
	/* swapped ports and addresses leave the sum (pseudo-header included) as
	 * it was: a checked checksum stays right; a datagram without one gets one */
	if (unlikely(rudp->dgram_cksum == 0)) {
		if (st->tx_udp_cksum) {
			/* the port sums it: the field holds the pseudo-header's sum */
			out->l2_len = f->l2_len;
			out->l3_len = f->ihl;
			out->ol_flags |= RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_UDP_CKSUM;
			rudp->dgram_cksum = rte_ipv4_phdr_cksum(rip, out->ol_flags);
		} else if (likely(f->l4_off + udp_len <= rte_pktmbuf_data_len(out))) {
			rudp->dgram_cksum = rte_ipv4_udptcp_cksum(rip, rudp);
		} else {
			/* a chain: not rte_ipv4_udptcp_cksum_mbuf (see chain_sum) */
			uint16_t c = (uint16_t)~udp_sum(out, rip, f->l4_off, udp_len);

			rudp->dgram_cksum = c == 0 ? 0xffff : c;
		}
	}
	*reply = out;
	return DPS__IPV4_UDP_ECHO;
}

/*
 * Are the options (@p ihl > 20 bytes of header) well formed (RFC 791)? End
 * of list (0) ends them, no-operation (1) is one byte, every other option
 * has a length byte of at least 2 that keeps it inside the header.
 */
static __rte_noinline int
options_ok(const struct rte_ipv4_hdr *ip, uint32_t ihl)
{
	const uint8_t *o = (const uint8_t *)ip;

	for (uint32_t i = sizeof(*ip); i < ihl;) {
		uint32_t len;

		if (o[i] == 0) /* end of list: the rest is padding */
			return 1;
		if (o[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= ihl) /* no room for its length byte */
			return 0;
		len = o[i + 1];
		if (len < 2 || i + len > ihl)
			return 0;
		i += len;
	}
	return 1;
}

/*
 * Checks of the Ethernet side that come before the IPv4 header's own
 * (the order of the verdicts is the same on both paths below).
 */
static __rte_always_inline enum dps__ipv4_verdict
ipv4_check_l2(const struct dps__ipv4_state *st, const struct rte_mbuf *m, uint32_t l2_len)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);

	/* longer than the MTU allows: never answered (the reply could not go out) */
	if (unlikely(st->mtu != 0 && rte_pktmbuf_pkt_len(m) > st->mtu + l2_len))
		return DPS__IPV4_TOO_BIG;
	if (unlikely(rte_is_same_ether_addr(&eth->src_addr, &st->mac)))
		return DPS__IPV4_LOOPED_BACK; /* our own frame, back from the wire */
	return DPS__IPV4_VERDICT_COUNT;	      /* no verdict yet */
}

/*
 * The rest of the checks once the header is known to be IPv4 of @p ihl
 * bytes at @p l2_len, inside the first segment. Inlined twice: with
 * constants for the common frame (no tags, no options), where the header
 * sum and offsets fold, and with the parsed values for the others.
 */
static __rte_always_inline enum dps__ipv4_verdict
ipv4_check_l3(struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags,
	struct rte_mbuf **reply, uint32_t *trimmed, uint32_t l2_len, uint32_t ihl)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct rte_ipv4_hdr *ip =
		rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, l2_len);
	struct ipv4_frame f;
	int rc;

	f.l2_len = l2_len;
	f.ihl = ihl;
	f.tot = rte_be_to_cpu_16(ip->total_length);
	if (unlikely(f.tot < f.ihl))
		return DPS__IPV4_BAD_TOTAL_LENGTH;
	if (unlikely(f.l2_len + f.tot > rte_pktmbuf_pkt_len(m)))
		return DPS__IPV4_TRUNCATED;
	rc = port_says(m->ol_flags, RTE_MBUF_F_RX_IP_CKSUM_MASK, RTE_MBUF_F_RX_IP_CKSUM_GOOD,
		RTE_MBUF_F_RX_IP_CKSUM_BAD);
	if (unlikely(rc < 0 || (rc == 0 && sum_bytes(ip, f.ihl) != 0xffff)))
		return DPS__IPV4_BAD_CKSUM;
	if (unlikely(f.ihl > sizeof(struct rte_ipv4_hdr)) && !options_ok(ip, f.ihl))
		return DPS__IPV4_BAD_OPTIONS;
	if (f.l2_len + f.tot < rte_pktmbuf_pkt_len(m))
		(*trimmed)++;
	if (unlikely((ip->fragment_offset &
			     RTE_BE16(RTE_IPV4_HDR_MF_FLAG | RTE_IPV4_HDR_OFFSET_MASK)) != 0))
		return DPS__IPV4_FRAGMENT;
	if (!is_ours(st, ip->dst_addr))
		return is_broadcast(st, ip->dst_addr) ? DPS__IPV4_BROADCAST : DPS__IPV4_NOT_FOR_US;
	if (unlikely(dps_proto_ipv4_special(ip->src_addr) || is_ours(st, ip->src_addr) ||
		     is_broadcast(st, ip->src_addr) ||
		     !rte_is_valid_assigned_ether_addr(&eth->src_addr)))
		return DPS__IPV4_BAD_SRC;
	f.l4_off = f.l2_len + f.ihl;
	f.l4_len = f.tot - f.ihl;
	switch (ip->next_proto_id) {
	case IPPROTO_ICMP:
		return icmp_input(st, m, rx_flags, &f, reply);
	case IPPROTO_UDP:
		return udp_input(st, m, rx_flags, &f, reply);
	default:
		return DPS__IPV4_PROTO_OTHER;
	}
}

/* Frames with tags, IPv4 options, or short or odd headers: parsed step by step. */
static __rte_noinline enum dps__ipv4_verdict
ipv4_check_parsed(struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags,
	struct rte_mbuf **reply, uint32_t *trimmed)
{
	const struct rte_ipv4_hdr *ip;
	enum dps__ipv4_verdict v;
	uint32_t l2_len = 0, ihl;
	uint16_t type = 0;
	int rc;

	rc = dps_proto_l2_parse(m, &l2_len, &type);
	if (unlikely(rc == DPS_PROTO_L2_RUNT))
		return DPS__IPV4_RUNT;
	if (unlikely(rc != DPS_PROTO_L2_OK || type != RTE_ETHER_TYPE_IPV4))
		return DPS__IPV4_BAD_L2;
	if (unlikely(rte_pktmbuf_data_len(m) < l2_len + sizeof(struct rte_ipv4_hdr)))
		return DPS__IPV4_RUNT;
	v = ipv4_check_l2(st, m, l2_len);
	if (v != DPS__IPV4_VERDICT_COUNT)
		return v;
	ip = rte_pktmbuf_mtod_offset(m, const struct rte_ipv4_hdr *, l2_len);
	if (unlikely((ip->version_ihl >> 4) != 4))
		return DPS__IPV4_BAD_VERSION;
	ihl = (uint32_t)(ip->version_ihl & RTE_IPV4_HDR_IHL_MASK) * RTE_IPV4_IHL_MULTIPLIER;
	if (unlikely(ihl < sizeof(struct rte_ipv4_hdr)))
		return DPS__IPV4_BAD_IHL;
	if (unlikely(l2_len + ihl > rte_pktmbuf_data_len(m)))
		return DPS__IPV4_HDR_TRUNCATED;
	return ipv4_check_l3(st, m, rx_flags, reply, trimmed, l2_len, ihl);
}

/* Every check of one frame, and the reply if it asks for one. */
static __rte_always_inline enum dps__ipv4_verdict
ipv4_check(struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags,
	struct rte_mbuf **reply, uint32_t *trimmed)
{
	const struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, const struct rte_ether_hdr *);
	const struct rte_ipv4_hdr *ip = (const struct rte_ipv4_hdr *)(eth + 1);
	enum dps__ipv4_verdict v;

	/* the common frame in one test: no tags, IPv4 of 20 bytes, and the
	 * ICMP/UDP header with it in the first segment; it passes every
	 * check up to the header's length fields without making them */
	if (unlikely(rte_pktmbuf_data_len(m) <
			     sizeof(*eth) + sizeof(*ip) + sizeof(struct rte_udp_hdr) ||
		     eth->ether_type != RTE_BE16(RTE_ETHER_TYPE_IPV4) ||
		     ip->version_ihl != RTE_IPV4_VHL_DEF))
		return ipv4_check_parsed(st, m, rx_flags, reply, trimmed);
	v = ipv4_check_l2(st, m, sizeof(*eth));
	if (unlikely(v != DPS__IPV4_VERDICT_COUNT))
		return v;
	return ipv4_check_l3(st, m, rx_flags, reply, trimmed, sizeof(*eth), sizeof(*ip));
}

enum dps__ipv4_verdict
dps__ipv4_process(
	struct dps__ipv4_state *st, struct rte_mbuf *m, uint32_t rx_flags, struct rte_mbuf **reply)
{
	unsigned int slot = dps_proto_stat_slot();
	enum dps__ipv4_verdict v;
	uint32_t trimmed = 0;

	*reply = NULL;
	v = ipv4_check(st, m, rx_flags, reply, &trimmed);
	dps__ipv4_count(st, slot, DPS_IPV4_STAT_RX, 1);
	dps__ipv4_count(st, slot, dps__ipv4_verdict_stat[v], 1);
	if (trimmed != 0)
		dps__ipv4_count(st, slot, DPS_IPV4_STAT_TRIMMED, trimmed);
	return v;
}

/* A burst of at most DPS_PROTO_TX_BATCH frames, counted in counter row @p slot. */
static uint16_t
ipv4_input(struct dps__ipv4_state *st, unsigned int slot, struct rte_mbuf **pkts, uint16_t n,
	uint32_t rx_flags, struct rte_mbuf **tx)
{
	struct rte_mbuf *drop[DPS_PROTO_TX_BATCH];
	uint16_t verdicts[DPS__IPV4_VERDICT_COUNT] = {0};
	unsigned int nb_drop = 0;
	uint32_t trimmed = 0;
	uint16_t nb_tx = 0;

	for (uint16_t i = 0; i < n; i++) {
		struct rte_mbuf *reply = NULL;

		verdicts[ipv4_check(st, pkts[i], rx_flags, &reply, &trimmed)]++;
		if (reply != NULL)
			tx[nb_tx++] = reply;
		if (reply != pkts[i])
			drop[nb_drop++] = pkts[i];
	}
	if (nb_drop > 0)
		rte_pktmbuf_free_bulk(drop, nb_drop);
	/* the counters once per burst: the common case is one verdict */
	dps__ipv4_count(st, slot, DPS_IPV4_STAT_RX, n);
	if (verdicts[DPS__IPV4_ICMP_ECHO] == n) {
		dps__ipv4_count(st, slot, DPS_IPV4_STAT_ICMP_ECHO, n);
	} else {
		for (unsigned int v = 0; v < DPS__IPV4_VERDICT_COUNT; v++)
			if (verdicts[v] != 0)
				dps__ipv4_count(st, slot, dps__ipv4_verdict_stat[v], verdicts[v]);
	}
	if (trimmed != 0)
		dps__ipv4_count(st, slot, DPS_IPV4_STAT_TRIMMED, trimmed);
	return nb_tx;
}

uint16_t
dps__ipv4_input(struct dps__ipv4_state *st, struct rte_mbuf **pkts, uint16_t n, uint32_t rx_flags,
	struct rte_mbuf **tx)
{
	return ipv4_input(st, dps_proto_stat_slot(), pkts, n, rx_flags, tx);
}

void
dps__ipv4_receive(
	struct dps_binding *b, void *ctx, struct rte_mbuf **pkts, uint16_t n, uint32_t flags)
{
	struct dps__ipv4_state *st = ctx;
	struct rte_mbuf *tx[DPS_PROTO_TX_BATCH];
	unsigned int slot = dps_proto_stat_slot(); /* once per call: a TLS lookup */

	while (n > 0) {
		uint16_t chunk = RTE_MIN(n, (uint16_t)DPS_PROTO_TX_BATCH);
		uint16_t nb_tx = ipv4_input(st, slot, pkts, chunk, flags, tx);

		if (nb_tx > 0 && unlikely(dps_binding_send(b, tx, nb_tx) != DPS_OK)) {
			/* not taken (binding not Running): still ours */
			rte_pktmbuf_free_bulk(tx, nb_tx);
			dps__ipv4_count(st, slot, DPS_IPV4_STAT_TX_REFUSED, nb_tx);
		}
		pkts += chunk;
		n = (uint16_t)(n - chunk);
	}
}

void
dps__ipv4_send_complete(struct dps_binding *b, void *ctx, uint16_t sent, uint16_t n, int status)
{
	struct dps__ipv4_state *st = ctx;
	unsigned int slot = dps_proto_stat_slot();

	RTE_SET_USED(b);
	RTE_SET_USED(status);
	dps__ipv4_count(st, slot, DPS_IPV4_STAT_TX, sent);
	if (n > sent)
		dps__ipv4_count(st, slot, DPS_IPV4_STAT_TX_DROPPED, (uint64_t)(n - sent));
}
