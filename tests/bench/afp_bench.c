/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Linux baseline of scripts/bench.sh raw: what a program does with
 * AF_PACKET instead of dpstack's raw protocol.
 *
 *   afp_bench rx IFACE ETHERTYPE SECONDS
 *       a TPACKET_V3 reader (one block ring, poll() when a block is not
 *       ready) counting the frames of ETHERTYPE received on IFACE;
 *   afp_bench tx IFACE ETHERTYPE SIZE SECONDS
 *       a sendmmsg() sender, 64 frames of SIZE bytes a call, broadcast
 *       destination, IFACE's MAC as source.
 * Prints one line: "frames N seconds S fps F". Benchmarks only: run it in
 * the namespace bench.sh makes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BLOCK_SIZE (1u << 22)
#define BLOCK_NR 64u
#define FRAME_SIZE 2048u
#define TX_BATCH 64

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int
bound_socket(const char *iface, int *ifindex)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL)};
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0) {
		perror("socket");
		return -1;
	}
	sll.sll_ifindex = (int)if_nametoindex(iface);
	if (sll.sll_ifindex == 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) != 0) {
		perror(iface);
		close(fd);
		return -1;
	}
	*ifindex = sll.sll_ifindex;
	return fd;
}

static int
do_rx(const char *iface, uint16_t type, double secs)
{
	struct tpacket_req3 req = {.tp_block_size = BLOCK_SIZE,
		.tp_block_nr = BLOCK_NR,
		.tp_frame_size = FRAME_SIZE,
		.tp_frame_nr = BLOCK_SIZE / FRAME_SIZE * BLOCK_NR,
		.tp_retire_blk_tov = 10};
	int v = TPACKET_V3, fd, ifindex;
	uint64_t frames = 0;
	unsigned int blk = 0;
	uint8_t *map;
	double t0, end;

	fd = bound_socket(iface, &ifindex);
	if (fd < 0)
		return 1;
	if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v, sizeof(v)) != 0 ||
		setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)) != 0) {
		perror("PACKET_RX_RING");
		return 1;
	}
	map = mmap(NULL, (size_t)BLOCK_SIZE * BLOCK_NR, PROT_READ | PROT_WRITE,
		MAP_SHARED | MAP_LOCKED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	t0 = now_s();
	end = t0 + secs;
	while (now_s() < end) {
		struct tpacket_block_desc *bd =
			(struct tpacket_block_desc *)(map + (size_t)blk * BLOCK_SIZE);
		struct tpacket3_hdr *h;

		if (!(__atomic_load_n(&bd->hdr.bh1.block_status, __ATOMIC_ACQUIRE) &
			    TP_STATUS_USER)) {
			struct pollfd p = {.fd = fd, .events = POLLIN | POLLERR};

			poll(&p, 1, 10);
			continue;
		}
		h = (struct tpacket3_hdr *)((uint8_t *)bd + bd->hdr.bh1.offset_to_first_pkt);
		for (uint32_t i = 0; i < bd->hdr.bh1.num_pkts; i++) {
			const struct ether_header *eth =
				(const struct ether_header *)((uint8_t *)h + h->tp_mac);

			if (h->tp_snaplen >= sizeof(*eth) && eth->ether_type == htons(type))
				frames++;
			h = (struct tpacket3_hdr *)((uint8_t *)h + h->tp_next_offset);
		}
		__atomic_store_n(&bd->hdr.bh1.block_status, TP_STATUS_KERNEL, __ATOMIC_RELEASE);
		blk = (blk + 1) % BLOCK_NR;
	}
	secs = now_s() - t0;
	printf("frames %llu seconds %.3f fps %.0f\n", (unsigned long long)frames, secs,
		(double)frames / secs);
	return 0;
}

static int
do_tx(const char *iface, uint16_t type, unsigned int size, double secs)
{
	static uint8_t frame[9216];
	struct mmsghdr msgs[TX_BATCH];
	struct iovec iov[TX_BATCH];
	struct sockaddr_ll to = {.sll_family = AF_PACKET, .sll_halen = 6};
	struct ifreq ifr;
	uint64_t frames = 0;
	int fd, ifindex;
	double t0, end;

	if (size < 60 || size > sizeof(frame)) {
		fprintf(stderr, "afp_bench: size 60..%zu\n", sizeof(frame));
		return 2;
	}
	fd = bound_socket(iface, &ifindex);
	if (fd < 0)
		return 1;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) != 0) {
		perror("SIOCGIFHWADDR");
		return 1;
	}
	memset(frame, 0xff, 6);
	memcpy(frame + 6, ifr.ifr_hwaddr.sa_data, 6);
	frame[12] = (uint8_t)(type >> 8);
	frame[13] = (uint8_t)type;
	to.sll_ifindex = ifindex;
	memset(to.sll_addr, 0xff, 6);
	for (int i = 0; i < TX_BATCH; i++) {
		iov[i].iov_base = frame;
		iov[i].iov_len = size;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &to;
		msgs[i].msg_hdr.msg_namelen = sizeof(to);
	}
	t0 = now_s();
	end = t0 + secs;
	while (now_s() < end) {
		int n = sendmmsg(fd, msgs, TX_BATCH, 0);

		if (n > 0)
			frames += (uint64_t)n;
		else if (n < 0 && errno != ENOBUFS && errno != EAGAIN && errno != EINTR) {
			perror("sendmmsg");
			return 1;
		}
	}
	secs = now_s() - t0;
	printf("frames %llu seconds %.3f fps %.0f\n", (unsigned long long)frames, secs,
		(double)frames / secs);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "rx") == 0)
		return do_rx(argv[2], (uint16_t)strtoul(argv[3], NULL, 0), atof(argv[4]));
	if (argc == 6 && strcmp(argv[1], "tx") == 0)
		return do_tx(argv[2], (uint16_t)strtoul(argv[3], NULL, 0),
			(unsigned int)atoi(argv[4]), atof(argv[5]));
	fprintf(stderr, "usage: afp_bench rx IFACE ETHERTYPE SECONDS\n"
			"       afp_bench tx IFACE ETHERTYPE SIZE SECONDS\n");
	return 2;
}
